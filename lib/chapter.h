/* chapter.h - what every chapter's main does, and the usual figures, so a
 * chapter holds its lecture and nothing else.
 *
 * A chapter's main, in order:
 *
 *     int main(int argc, char **argv)
 *     {
 *         Chapter ch;
 *         int rc = chapter_begin(&ch, &spec, argc, argv);
 *         if (rc != CHAPTER_RUN)
 *             return rc;                      // 0 after --help, 2 after a bad flag
 *         if (!(eta > 0))                     // the chapter's own flags
 *             return cli_error(&spec, "--eta must be > 0");
 *
 *         DataXY data = {0};                  // load, before anything is printed
 *         if (chapter_load_xy(&ch, &data, path, &XY_SPEC, "data") != 0)
 *             return chapter_end(&ch, CHAPTER_ERROR);
 *         if (chapter_start_lecture(&ch) != 0) // the card and "(seed N)"
 *             rc = CHAPTER_ERROR;
 *         else
 *             rc = lecture(&ch, &data);       // the lecture: stdout, plots
 *         data_xy_free(&data);
 *         return chapter_end(&ch, rc);         // closes the plots, the exit status
 *     }
 *
 * Errors go to stderr as "error: ..." (with at most one "hint: ..." line)
 * and the exit status is CHAPTER_ERROR; the lecture goes to stdout only.
 *
 * The figures: chapter_plot_classes (a two-class scatter), chapter_plot_line
 * (the line w1 x1 + w2 x2 + b = 0), chapter_plot_regions (what a classifier
 * says over a box, as a heat map, with contour lines) and
 * chapter_plot_curves (loss per epoch). They draw through plot.h and, like
 * it, never fail loudly: a failure is remembered and chapter_end reports it.
 */
#ifndef ANNLAB_CHAPTER_H
#define ANNLAB_CHAPTER_H

#include "cli.h"
#include "data.h"
#include "mat.h"
#include "plot.h"
#include "rng.h"
#include "sheet.h"

/* chapter_begin's "go on", and the exit statuses of a chapter program. */
enum {
    CHAPTER_RUN = -1,  /* not an exit status: run the lecture */
    CHAPTER_OK = 0,    /* done (or --help shown) */
    CHAPTER_ERROR = 1, /* bad data, a file that cannot be read or written, ... */
    CHAPTER_USAGE = 2, /* a bad flag (the same value as CLI_EXIT_USAGE) */
};

/* One run of a chapter program. */
typedef struct {
    const CliSpec *spec; /* the chapter's flags and lecture card */
    CliOptions opt;      /* --plots, --out, --seed as given */
    Rng rng;             /* seeded with opt.seed by chapter_begin */
    Rng variant;         /* seeded with --variant N: the worked examples' givens */
    Plotter plots;       /* opened by chapter_start_lecture: OUT/program/ */
    int plots_open;      /* plots is open (chapter_end closes it) */
    FILE *capture;       /* --section, --sections: stdout goes here until chapter_end */
    int real_stdout;     /* the real stdout's descriptor while capturing */
} Chapter;

/* Parse the flags (cli_parse: the chapter's own flags are written through
 * spec->flags) and seed ch->rng with --seed or spec->default_seed, and
 * ch->variant with --variant N.
 * Returns CHAPTER_RUN to go on; else the exit status to return from main:
 * CHAPTER_OK after --help (printed on stdout), CHAPTER_USAGE after a bad
 * flag (the message and the usage line are on stderr). Prints nothing
 * else. spec must outlive ch. */
int chapter_begin(Chapter *ch, const CliSpec *spec, int argc, char **argv);

/* Open the Plotter (ch->plots) for OUT/program/, then print the lecture
 * card, "(your data: FILE, ...)" when the chapter's --data was given (a
 * card may name the chapter's own data set), "(seed N)" on stdout, and
 * for --variant N a line saying so.
 * Call it once the data are loaded, so a chapter given bad data prints
 * nothing on stdout. With --section or --sections, what the lecture
 * prints from here on is held back and chapter_end prints the section
 * asked for (or the list of sections) instead. Returns CHAPTER_OK, or
 * CHAPTER_ERROR after printing "error: ..." (the output folder cannot be
 * made) on stderr, with nothing printed on stdout. */
int chapter_start_lecture(Chapter *ch);

/* Close the Plotter if it is open, printing its first failure ("error:
 * out/01_perceptron/loss.gp: gnuplot failed ...") on stderr: a figure
 * that could not be made, which plot.h has already shown in gnuplot's
 * words when gnuplot rejected it, makes the exit status 1 though the
 * lecture ran to its end (gnuplot not installed is no failure); with
 * --section N print the lecture's section N (a heading "== N. title" or
 * "== N.M title" as hand_section prints it, with its subsections), or
 * with --sections the headings, one a line. Returns the exit status for
 * main: status if it is not CHAPTER_OK, else CHAPTER_ERROR when a plot
 * failed or the lecture has no section N ("error: no section 9 ..."),
 * else CHAPTER_OK. Safe to call whether or not chapter_start_lecture ran
 * (or succeeded); call it once. */
int chapter_end(Chapter *ch, int status);

/* ---- the worksheet: --check, --quiz, --variant (sheet.h) ------------------ */

/* A chapter whose CliSpec has .sheet = 1 keeps a worksheet of its worked
 * examples: one struct of givens (the notes' numbers, or drawn from
 * ch->variant when ch->opt.variant is not 0), from which both the lecture
 * and a function filling a Sheet compute. Its main, after chapter_begin:
 *
 *     Givens g = ch.opt.variant ? givens_draw(&ch.variant) : NOTES;
 *     if (chapter_wants_sheet(&ch)) {
 *         Sheet s;
 *         fill_sheet(&s, &g);
 *         return chapter_end(&ch, chapter_sheet(&ch, &s));
 *     }
 *     ... the lecture with g, as before ...
 */

/* Whether --check or --quiz asks for the worksheet instead of the lecture. */
int chapter_wants_sheet(const Chapter *ch);

/* --check: sheet_check on stdout (errors on stderr); returns its status,
 * 0 when every value agrees, 1 when one does not, 2 (CHAPTER_USAGE) for
 * a request it cannot read. --quiz: the first line of the card, how to
 * check the answers, and sheet_quiz (--section picks one of its
 * sections, as in the lecture); returns CHAPTER_OK. */
int chapter_sheet(Chapter *ch, const Sheet *s);

/* Print "error: " and the printf-style message on stderr, with a newline.
 * Returns CHAPTER_ERROR, so "return chapter_error(...)" reads as it does. */
int chapter_error(const char *fmt, ...);

/* A training run that failed, with net_fit's FitResult message and hint:
 * "error: what: message" ("error: message" when what is NULL) and, when
 * hint is not empty, "hint: hint" on stderr. Returns CHAPTER_ERROR. */
int chapter_fit_error(const char *what, const char *message, const char *hint);

/* Load a "features + target column" CSV with data_load_xy (see data.h for
 * spec and d). ch is the chapter whose --features and --target choose the
 * columns instead of spec's, or NULL for a file of the chapter's own that
 * the student's flags do not concern. On failure print "error: <the loader's message>" on stderr
 * and, when path is relative and the file could not be opened, one hint:
 *   hint: run from the annlab folder, or give a path with --FLAG
 * (flag is the name of the chapter's flag that sets path, without dashes;
 * NULL for "hint: run the chapter from the annlab folder"). Returns
 * CHAPTER_OK, or CHAPTER_ERROR with *d left empty. */
int chapter_load_xy(const Chapter *ch, DataXY *d, const char *path, const DataXYSpec *spec,
                    const char *flag);

/* ---- figures ------------------------------------------------------------ */

/* A plotting window [x0, x1] x [y0, y1]. */
typedef struct {
    double x0, x1, y0, y1;
} ChapterBox;

/* The range of the first two columns of X (m x >= 2, m >= 1) widened by a
 * margin of 15% of the range + 0.5 on each side, so no point sits on the
 * frame and a single point still gets a window. */
ChapterBox chapter_box_around(const Mat *X);

/* Write gnuplot settings "set xrange [x0:x1]\nset yrange [y0:y1]" into
 * buf, followed by "\n" and more when more is not NULL, for a PlotSpec's
 * .settings. Returns buf (truncated to len - 1 characters if it must). */
char *chapter_box_settings(char *buf, size_t len, const ChapterBox *box, const char *more);

/* The two classes of a labelled 2D set as points: every row i of X (m x
 * >= 2; columns 0 and 1 are x1 and x2) with y[i] > 0 goes into the series
 * pos (red discs), every other row into neg (blue squares), so labels 1
 * vs 0 and 1 vs -1 both work. y is (m x 1). Each class is one series, in
 * the order pos, neg. Out of memory is remembered (plot_fail). */
void chapter_plot_classes(Plot *p, const Mat *X, const Mat *y, const char *pos,
                          const char *neg);

/* What chapter_plot_line drew. */
typedef enum {
    CHAPTER_LINE_NONE,     /* w1 = w2 = 0: there is no line */
    CHAPTER_LINE_SLOPED,   /* x2 = -(w1 x1 + b) / w2 from box->x0 to box->x1 */
    CHAPTER_LINE_VERTICAL, /* w2 = 0 (or negligible: |w2| <= 1e-12 |w1|): x1 = -b / w1 */
} ChapterLine;

/* The line w1 x1 + w2 x2 + b = 0 across box, as one series (legend, style
 * as for plot_series), clipped to the window by gnuplot. When w1 = w2 = 0
 * no point satisfies it: the series is left empty (its legend stays in
 * the key) and CHAPTER_LINE_NONE says so; the caller may tell the reader.
 * Returns how the line was drawn. */
ChapterLine chapter_plot_line(Plot *p, const char *legend, const char *style,
                              const ChapterBox *box, double w1, double w2, double b);

/* A function of a point x = (x1, x2): a classifier's class, or its
 * probability of class 1, or any score; ctx is the caller's (a network). */
typedef double (*ChapterField)(const double x[2], void *ctx);

/* What chapter_plot_regions draws. */
typedef struct {
    ChapterField f;        /* required */
    void *ctx;             /* passed to f */
    ChapterBox box;        /* the window the grid spans */
    int n;                 /* grid points per side, >= 2; 0 for CHAPTER_GRID_N */
    const double *levels;  /* contour lines of f to draw over it (e.g. {0.5}, the */
    int n_levels;          /* boundary of a probability), or NULL / 0 for none */
    const char *legend;    /* the contour lines' legend entry, or NULL */
} ChapterRegions;

#define CHAPTER_GRID_N 121

/* Class regions: f evaluated on an n x n grid over r->box (grid point
 * (x0 + j dx, y0 + i dy) is PlotGrid z[i n + j]), drawn as a heat map
 * under the series (blue for low values, white, red for high; set
 * "set cbrange [0:1]" in the PlotSpec's settings for a probability), and
 * contour lines at r->levels. Call it before plotting the points. Out of
 * memory is remembered (plot_fail). */
void chapter_plot_regions(Plot *p, const ChapterRegions *r);

/* One curve of a loss plot: y[i] is the value at epoch first + i. */
typedef struct {
    const char *legend;
    const char *style; /* a plot_series style, or NULL for a solid line in the k-th
                        * of five distinct colours (k: its place in the list) */
    const double *y;   /* n values */
    int n;
    int first;         /* the epoch of y[0]: 0 for "before training", 1 for "after epoch 1" */
} ChapterCurve;

/* A figure called name with the n_curves curves against the epoch (a
 * whole figure: plot_begin, the series, plot_end). spec's xlabel is
 * usually "epoch"; put "set logscale y" in its settings for losses that
 * span decades. Out of memory is remembered (plot_fail). */
void chapter_plot_curves(Plotter *pl, const char *name, const PlotSpec *spec,
                         const ChapterCurve *curves, int n_curves);

#endif
