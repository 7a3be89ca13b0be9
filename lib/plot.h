/* plot.h - plots through gnuplot, with their data and script kept beside.
 *
 * A chapter opens one Plotter for its output folder (out/NN_topic), then
 * draws each figure as
 *
 *     Plot *p = plot_begin(&pl, "loss", &(PlotSpec){
 *         .title = "Loss per epoch", .xlabel = "epoch", .ylabel = "loss"});
 *     plot_series(p, "perceptron loss", "lines", x, y, n);
 *     plot_end(p);
 *
 * which writes loss.dat (one data block per series) and loss.gp (a gnuplot
 * script that reads loss.dat), then runs gnuplot on it to make loss.png or
 * loss.svg; --plots=dumb draws it in the terminal (on stdout) instead, and
 * --plots=none writes nothing. A student can restyle a figure and redraw
 * it with `cd out/NN_topic && gnuplot loss.gp`.
 *
 * Every figure has a title and axis labels (a CHECK enforces it) and each
 * series a legend entry. When gnuplot is not installed the Plotter says so
 * once on stderr, still writes the .dat and .gp files, and carries on.
 * Other failures (a folder that cannot be made, a file that cannot be
 * written, gnuplot rejecting a script) are remembered: plot_close reports
 * the first one.
 */
#ifndef ANNLAB_PLOT_H
#define ANNLAB_PLOT_H

#include <stddef.h>

typedef enum { PLOT_PNG, PLOT_SVG, PLOT_DUMB, PLOT_NONE } PlotFormat;

/* "png" -> PLOT_PNG ...; returns 0, or -1 for an unknown name. */
int plot_format_parse(const char *name, PlotFormat *fmt);

typedef struct {
    PlotFormat format;
    char dir[1024];         /* where the files go: OUT/NN_topic */
    int gnuplot_missing;    /* gnuplot was not found (noted once) */
    int failed;             /* the first error is in err */
    char err[1200];
} Plotter;

/* Prepare to write plots into out_dir/chapter (created when needed, as
 * with mkdir -p). Returns 0, or -1 with pl->err set. */
int plot_open(Plotter *pl, PlotFormat format, const char *out_dir,
              const char *chapter);

/* 0 when every plot was written, else -1 with pl->err holding the first
 * error ("out/01_perceptron/loss.gp: gnuplot failed (exit status 1)"). */
int plot_close(Plotter *pl);

typedef struct {
    const char *title;  /* required */
    const char *xlabel; /* required */
    const char *ylabel; /* required */
    /* Optional extra gnuplot commands, one per line, placed before the
     * plot command: "set logscale y", "set xrange [0:10]", "set key left". */
    const char *settings;
    const char *cblabel; /* colour-box label for heat maps */
    const char *contour_style; /* gnuplot style of contour lines; NULL: thin grey */
    int width, height;   /* pixels (png/svg); 0 for 900 x 600 */
} PlotSpec;

typedef struct Plot Plot;

/* Start a figure called name (a file name without extension). Returns a
 * Plot to add series to; never NULL (after an error it ignores the rest
 * and plot_end does nothing). */
Plot *plot_begin(Plotter *pl, const char *name, const PlotSpec *spec);

/* A series of n points (x[i], y[i]). style is a gnuplot style:
 * "lines", "linespoints", "points pt 7 ps 1.2", "lines dt 2 lw 2", ...;
 * legend NULL leaves it out of the key. */
void plot_series(Plot *p, const char *legend, const char *style,
                 const double *x, const double *y, int n);

/* A heat map of values over a regular grid: z[i * nx + j] is the value at
 * x = x0 + j (x1 - x0)/(nx - 1), y = y0 + i (y1 - y0)/(ny - 1). Drawn
 * under the series; the dumb terminal cannot draw it and skips it. */
void plot_heatmap(Plot *p, double x0, double x1, int nx, double y0, double y1,
                  int ny, const double *z);

/* Contour lines of values over a regular grid (laid out as for
 * plot_heatmap), drawn under the series: at the n_levels given levels, or
 * at 10 automatic levels when levels is NULL. One legend entry. */
void plot_contour(Plot *p, double x0, double x1, int nx, double y0, double y1, int ny,
                  const double *z, const double *levels, int n_levels, const char *legend);

/* Write name.dat and name.gp and run gnuplot; frees p. */
void plot_end(Plot *p);

#endif
