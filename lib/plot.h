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
 * once on stderr, still writes the .dat and .gp files, and carries on: not
 * a failure (a chapter exits 0). Other failures (a folder that cannot be
 * made, a file that cannot be written, running out of memory) are
 * remembered: plot_close reports the first one, and a chapter exits 1
 * (chapter.h). So does gnuplot rejecting a script (a bad setting, a
 * legend it cannot read), but that one is also shown at once, in
 * gnuplot's own words, as at most two lines on stderr:
 *     warning: plot loss: "loss.gp" line 3: invalid command
 *     warning: plot loss: at: this is not gnuplot
 * and the lecture goes on with the next figure.
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
    int failed;             /* the first error is in err: no more figures are made */
    int rejected;           /* figures gnuplot rejected (the first in err when
                             * nothing else failed); the others are still made */
    char err[1200];
} Plotter;

/* Prepare to write plots into out_dir/chapter (created when needed, as
 * with mkdir -p). Returns 0, or -1 with pl->err set: the folder cannot be
 * made (a file in the way, no permission) or written in. With PLOT_NONE
 * nothing is made or checked. */
int plot_open(Plotter *pl, PlotFormat format, const char *out_dir,
              const char *chapter);

/* mkdir -p path: make the folder and every folder above it that is
 * missing. Returns 0, or -1 with errno set (also when path exists and is
 * not a folder). For a chapter's other output files, such as a full log. */
int plot_make_dirs(const char *path);

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
 * Plot to add series to, freed by plot_end. Failures are not the caller's
 * to handle: after an error (the .dat file cannot be written) the Plot
 * ignores the rest and plot_end does nothing; when even the Plot cannot be
 * allocated it returns NULL, which plot_series, plot_heatmap,
 * plot_contour and plot_end accept and ignore. Either way the error is
 * remembered and plot_close reports it. A missing title or axis label is
 * a programmer error (CHECK). */
Plot *plot_begin(Plotter *pl, const char *name, const PlotSpec *spec);

/* A series of n points (x[i], y[i]). style is a gnuplot style:
 * "lines", "linespoints", "points pt 7 ps 1.2", "lines dt 2 lw 2", ...;
 * legend NULL leaves it out of the key. */
void plot_series(Plot *p, const char *legend, const char *style,
                 const double *x, const double *y, int n);

/* Values over a regular grid of nx x ny points spanning [x0, x1] x [y0, y1]:
 * z[i * nx + j] is the value at
 *     x = x0 + j (x1 - x0)/(nx - 1),   y = y0 + i (y1 - y0)/(ny - 1),
 * so row i of z is the row of points at height y_i. nx, ny >= 2 (a CHECK).
 * z belongs to the caller; the plot functions only read it. Fill one as
 *     PlotGrid g = {.x0 = -5, .x1 = 5, .y0 = -5, .y1 = 5, .nx = N, .ny = N, .z = z};
 */
typedef struct {
    double x0, x1, y0, y1;
    int nx, ny;
    const double *z; /* (ny x nx), row-major */
} PlotGrid;

/* A heat map of the grid's values, drawn under the series; the dumb
 * terminal cannot draw it and skips it. The values are written to the .dat
 * file before plot_heatmap returns, so z may be freed right after. */
void plot_heatmap(Plot *p, const PlotGrid *g);

/* Contour lines of the grid's values, drawn under the series: at the
 * n_levels given levels, or at 10 automatic levels when levels is NULL.
 * One legend entry (NULL: none). One contour grid per figure (a second
 * call replaces the first's lines). z may be freed after the call. */
void plot_contour(Plot *p, const PlotGrid *g, const double *levels, int n_levels,
                  const char *legend);

/* Record that the figure p cannot be finished, for a helper that draws
 * into it and runs out of memory: the message (printf-style) goes after
 * "DIR/NAME: ", the Plotter remembers it as its first failure if it is,
 * plot_close reports it, and the rest of the figure is ignored. p may be
 * NULL (plot_begin already failed and was remembered). */
void plot_fail(Plot *p, const char *fmt, ...);

/* Write name.dat and name.gp and run gnuplot; frees p. */
void plot_end(Plot *p);

/* ---- frames: an animated GIF, or panels side by side -------------------- */

/* A sequence of heat maps over the plane ("frames"), drawn as one figure:
 *
 *   - an animation (delay > 0): NAME.gif, one frame after the other, delay
 *     hundredths of a second each, looping (gnuplot's gif terminal with
 *     "animate"; with --plots=svg too, as SVG does not animate), each
 *     frame titled "TITLE: label";
 *   - panels (delay 0): NAME.png (or .svg), the frames in a grid of rows x
 *     cols small plots (gnuplot's multiplot), each titled by its label,
 *     under the figure's title.
 *
 *     PlotFrames *f = plot_frames_begin(&pl, "surface", &(PlotSpec){
 *         .title = "The surface forming", .xlabel = "x1", .ylabel = "x2"},
 *         &(PlotFramesSpec){.delay = 20, .lo = 0, .hi = 1});
 *     plot_frames_points(f, "class 1", "points pt 7 lc rgb 'red'", 'x', x, y, n);
 *     for each epoch shown:  plot_frames_add(f, "epoch 10", &grid);
 *     plot_frames_end(f);
 *
 * NAME.dat holds the points (one block per series, drawn over every
 * frame) and each frame's grid of values (gnuplot's "matrix" layout: one
 * line per row of the grid); NAME.gp draws them. The colour scale is [lo,
 * hi] for every frame, blue (lo) to white to red (hi), as plot_heatmap's.
 *
 * With --plots=dumb no image is made (the .dat and .gp are still written,
 * the .gp making the GIF or PNG): each frame is drawn on stdout as
 * characters (textmap.h) with the points on top, marked by their mark
 * character, and a key below. An animation draws each frame as it is
 * added (or every text_every-th, and the last at plot_frames_end), so a
 * chapter that adds frames while it trains shows the surface forming (on
 * a terminal each frame is redrawn over the last); panels are
 * drawn side by side, cols to a row, at plot_frames_end. --plots=none
 * writes nothing. Failures are remembered for plot_close, as for plot_begin;
 * every function accepts the NULL that plot_frames_begin returns when out
 * of memory. */
typedef struct {
    int delay;               /* > 0: an animated GIF, hundredths of a second a frame */
    int rows, cols;          /* delay 0: panels, rows x cols (both >= 1) */
    double lo, hi;           /* the colour scale of every frame, lo < hi */
    int text_cols, text_rows; /* --plots=dumb: characters a frame; 0: 60 x 24 for an
                              * animation, 24 x 10 for panels */
    int text_every;          /* --plots=dumb: draw frames 1, 1 + k, 1 + 2k, ... of an
                              * animation, and the last; 0 or 1: every frame */
} PlotFramesSpec;

typedef struct PlotFrames PlotFrames;

/* Start the figure name; spec as for plot_begin (title and labels required,
 * a CHECK, as is a PlotFramesSpec with lo >= hi, or delay 0 without rows
 * and cols). Returns NULL only when out of memory (remembered). */
PlotFrames *plot_frames_begin(Plotter *pl, const char *name, const PlotSpec *spec,
                              const PlotFramesSpec *fs);

/* Points drawn over every frame, n of them at (x[i], y[i]), with the
 * gnuplot style and legend of plot_series; mark is their character in the
 * terminal drawing. Call before the first plot_frames_add (a CHECK). */
void plot_frames_points(PlotFrames *f, const char *legend, const char *style, char mark,
                        const double *x, const double *y, int n);

/* Add a frame: the heat map of g (nx, ny >= 2; g may be freed after the
 * call), labelled label (NULL: its number). For panels, g NULL leaves an
 * empty panel. */
void plot_frames_add(PlotFrames *f, const char *label, const PlotGrid *g);

/* Frames added so far (empty panels count); 0 for NULL. */
int plot_frames_count(const PlotFrames *f);

/* Write NAME.gp, run gnuplot (or draw the panels as text); frees f. */
void plot_frames_end(PlotFrames *f);

#endif
