/* plot.c - gnuplot figures with .dat and .gp files; see plot.h. */
#define _POSIX_C_SOURCE 200809L
#include "plot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "textmap.h"

struct Plot {
    Plotter *pl;
    PlotSpec spec;
    char name[256];
    char *dat_path;
    FILE *dat;
    char *cmds;      /* the plot command's clauses, ", \n"-joined */
    size_t len, cap;
    int blocks;      /* data blocks written so far (gnuplot's index) */
    long points;     /* data points written by plot_series */
    int heatmap;     /* index of the heat map block, or -1 */
    int contour;     /* index of the contour grid block, or -1 */
    char *contour_cmd; /* "set cntrparam levels ..." */
    char *contour_legend;
};

int plot_format_parse(const char *name, PlotFormat *fmt)
{
    static const char *names[] = {"png", "svg", "dumb", "none"};
    for (int k = 0; k < 4; k++)
        if (strcmp(name, names[k]) == 0) {
            *fmt = (PlotFormat)k;
            return 0;
        }
    return -1;
}

/* The message (printf-style) into pl->err. */
static void set_err(Plotter *pl, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pl->err, sizeof pl->err, fmt, ap);
    va_end(ap);
}

/* Remember the first error. */
static void fail(Plotter *pl, const char *fmt, ...)
{
    if (pl->failed)
        return;
    pl->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pl->err, sizeof pl->err, fmt, ap);
    va_end(ap);
}

int plot_make_dirs(const char *path)
{
    char buf[1024];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = buf + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = c;
            if (c == '\0')
                break;
        }
    }
    struct stat st;
    if (stat(buf, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int plot_open(Plotter *pl, PlotFormat format, const char *out_dir, const char *chapter)
{
    memset(pl, 0, sizeof *pl);
    pl->format = format;
    if (snprintf(pl->dir, sizeof pl->dir, "%s/%s", out_dir, chapter) >= (int)sizeof pl->dir) {
        fail(pl, "%s/%s: path too long", out_dir, chapter);
        return -1;
    }
    if (format == PLOT_NONE)
        return 0;
    if (plot_make_dirs(pl->dir) != 0) {
        fail(pl, "%s: cannot create the output folder: %s", pl->dir, strerror(errno));
        return -1;
    }
    if (access(pl->dir, W_OK | X_OK) != 0) { /* there, but read-only */
        fail(pl, "%s: cannot write in the output folder: %s", pl->dir, strerror(errno));
        return -1;
    }
    return 0;
}

int plot_close(Plotter *pl)
{
    return pl->failed || pl->rejected ? -1 : 0;
}

static char *path_of(const Plot *p, const char *ext)
{
    size_t n = strlen(p->pl->dir) + strlen(p->name) + strlen(ext) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s%s", p->pl->dir, p->name, ext);
    return s;
}

/* Append printf-formatted text to the plot command. */
static void cmd_append(Plot *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (p->len + (size_t)n + 1 > p->cap) {
        size_t cap = 2 * (p->len + (size_t)n + 1);
        char *c = realloc(p->cmds, cap);
        if (!c) {
            fail(p->pl, "%s: out of memory", p->name);
            return;
        }
        p->cmds = c;
        p->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(p->cmds + p->len, p->cap - p->len, fmt, ap);
    va_end(ap);
    p->len += (size_t)n;
}

/* Write s as a gnuplot double-quoted string; a newline in s is written
 * as \n, which gnuplot draws as a line break (a two-line title). */
static void put_quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '\n') {
            fputs("\\n", fp);
            continue;
        }
        if (*s == '"' || *s == '\\')
            fputc('\\', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/* s as a title of a figure width pixels wide: on one line when it fits
 * (about 8 pixels a character in the 11-point font), else broken in two at
 * the blank nearest its middle. */
static void put_title(FILE *fp, const char *s, int width)
{
    size_t n = strlen(s), mid = n / 2, cut = 0;
    if (n > (size_t)width / 8 && !strchr(s, '\n'))
        for (size_t d = 0; d < mid && !cut; d++)
            cut = s[mid - d] == ' ' ? mid - d : s[mid + d] == ' ' ? mid + d : 0;
    char *two = cut ? malloc(n + 1) : NULL;
    if (!two) {
        put_quoted(fp, s);
        return;
    }
    memcpy(two, s, n + 1);
    two[cut] = '\n';
    put_quoted(fp, two);
    free(two);
}

/* title "legend", escaped */
static void put_quoted_title(FILE *fp, const char *legend)
{
    fputs("title ", fp);
    put_quoted(fp, legend);
}

static int active(const Plot *p)
{
    return p != NULL && p->dat != NULL && !p->pl->failed;
}

Plot *plot_begin(Plotter *pl, const char *name, const PlotSpec *spec)
{
    CHECK(spec->title && spec->xlabel && spec->ylabel,
          "plot %s needs a title and both axis labels", name);
    Plot *p = calloc(1, sizeof *p);
    if (!p) { /* remembered for plot_close; the plot_ functions ignore NULL */
        fail(pl, "%s/%s: out of memory", pl->dir, name);
        return NULL;
    }
    p->pl = pl;
    p->spec = *spec;
    p->heatmap = -1;
    p->contour = -1;
    snprintf(p->name, sizeof p->name, "%s", name);
    if (pl->format == PLOT_NONE || pl->failed)
        return p;
    p->dat_path = path_of(p, ".dat");
    if (!p->dat_path || !(p->dat = fopen(p->dat_path, "w"))) {
        fail(pl, "%s/%s.dat: cannot write: %s", pl->dir, name, strerror(errno));
        return p;
    }
    fprintf(p->dat, "# %s: data of the figure \"%s\" (see %s.gp)\n", name, spec->title, name);
    return p;
}

/* Start data block number p->blocks in the .dat file. */
static int next_block(Plot *p, const char *what)
{
    if (p->blocks > 0)
        fputs("\n\n", p->dat);
    fprintf(p->dat, "# block %d: %s\n", p->blocks, what);
    return p->blocks++;
}

void plot_series(Plot *p, const char *legend, const char *style,
                 const double *x, const double *y, int n)
{
    if (!active(p))
        return;
    int k = next_block(p, legend ? legend : "(no legend)");
    for (int i = 0; i < n; i++)
        fprintf(p->dat, "%.10g %.10g\n", x[i], y[i]);
    p->points += n;
    if (n == 0) /* gnuplot rejects an empty block: leave one invisible point */
        fputs("NaN NaN\n", p->dat);
    cmd_append(p, "%s'%s.dat' index %d using 1:2 with %s", p->len ? ", \\\n     " : "",
               p->name, k, style);
    if (legend) {
        /* escape the legend for gnuplot's double quotes */
        cmd_append(p, " title \"");
        for (const char *s = legend; *s; s++)
            cmd_append(p, (*s == '"' || *s == '\\') ? "\\%c" : "%c", *s);
        cmd_append(p, "\"");
    } else {
        cmd_append(p, " notitle");
    }
}

/* A grid block: "x y z" lines, a blank line after each row of the grid. */
static void write_grid(Plot *p, const PlotGrid *g)
{
    for (int i = 0; i < g->ny; i++) {
        double y = g->y0 + i * (g->y1 - g->y0) / (g->ny - 1);
        for (int j = 0; j < g->nx; j++)
            fprintf(p->dat, "%.10g %.10g %.10g\n", g->x0 + j * (g->x1 - g->x0) / (g->nx - 1),
                    y, g->z[(long)i * g->nx + j]);
        fputc('\n', p->dat);
    }
}

static void check_grid(const PlotGrid *g, const char *what)
{
    CHECK(g != NULL && g->z != NULL, "%s without a grid", what);
    CHECK(g->nx >= 2 && g->ny >= 2, "%s of %d x %d", what, g->nx, g->ny);
}

void plot_heatmap(Plot *p, const PlotGrid *g)
{
    check_grid(g, "heat map");
    if (!active(p))
        return;
    p->heatmap = next_block(p, "heat map: x y value");
    write_grid(p, g);
}

void plot_contour(Plot *p, const PlotGrid *g, const double *levels, int n_levels,
                  const char *legend)
{
    check_grid(g, "contour grid");
    if (!active(p))
        return;
    p->contour = next_block(p, "contour grid: x y value");
    write_grid(p, g);
    /* the levels as gnuplot's "discrete v1, v2, ..." */
    size_t cap = 64 + 24 * (size_t)(n_levels > 0 ? n_levels : 1) + (legend ? strlen(legend) : 0);
    char *cmd = malloc(cap);
    if (!cmd) {
        fail(p->pl, "%s: out of memory", p->name);
        return;
    }
    size_t len = 0;
    if (levels && n_levels > 0) {
        len += snprintf(cmd + len, cap - len, "set cntrparam levels discrete ");
        for (int k = 0; k < n_levels; k++)
            len += snprintf(cmd + len, cap - len, "%s%.6g", k ? ", " : "", levels[k]);
    } else {
        len += snprintf(cmd + len, cap - len, "set cntrparam levels auto 10");
    }
    snprintf(cmd + len, cap - len, "\n");
    free(p->contour_cmd);
    p->contour_cmd = cmd;
    free(p->contour_legend);
    p->contour_legend = legend ? strdup(legend) : NULL;
}

void plot_fail(Plot *p, const char *fmt, ...)
{
    if (!p || p->pl->failed)
        return;
    char msg[800];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fail(p->pl, "%s/%s: %s", p->pl->dir, p->name, msg);
}

static void write_terminal(FILE *gp, const Plot *p)
{
    int w = p->spec.width ? p->spec.width : 900;
    int h = p->spec.height ? p->spec.height : 600;
    switch (p->pl->format) {
    case PLOT_PNG:
        fprintf(gp, "set terminal pngcairo size %d,%d font \"sans,11\" noenhanced\n", w, h);
        fprintf(gp, "set output '%s.png'\n", p->name);
        break;
    case PLOT_SVG:
        fprintf(gp, "set terminal svg size %d,%d font \"sans,11\" noenhanced\n", w, h);
        fprintf(gp, "set output '%s.svg'\n", p->name);
        break;
    default:
        fprintf(gp, "set terminal dumb size 100,32\nset output\n");
        break;
    }
}

static void write_script(FILE *gp, const Plot *p)
{
    const char *ext[] = {".png", ".svg", "", ""};
    fprintf(gp, "# %s.gp: draws %s%s from %s.dat. Redraw it with: gnuplot %s.gp\n",
            p->name, p->name, ext[p->pl->format], p->name, p->name);
    write_terminal(gp, p);
    fputs("set title ", gp);
    put_title(gp, p->spec.title, p->spec.width ? p->spec.width : 900);
    fputs("\nset xlabel ", gp);
    put_quoted(gp, p->spec.xlabel);
    fputs("\nset ylabel ", gp);
    put_quoted(gp, p->spec.ylabel);
    /* clip two: draw segments whose both ends lie outside the range */
    fputs("\nset grid\nset key box opaque\nset clip two\n", gp);
    int heat = p->heatmap >= 0 && p->pl->format != PLOT_DUMB;
    if (heat) {
        fputs("set palette defined (0 '#a6bfe3', 0.5 '#f7f7f7', 1 '#eba9a1')\n", gp);
        if (p->spec.cblabel) {
            fputs("set cblabel ", gp);
            put_quoted(gp, p->spec.cblabel);
            fputc('\n', gp);
        }
    }
    if (p->contour >= 0) {
        /* trace the contour lines into a datablock, then plot it in 2D */
        fprintf(gp, "set contour base\n%sunset surface\nset view map\n", p->contour_cmd);
        fprintf(gp, "set table $contours\nsplot '%s.dat' index %d using 1:2:3 with lines\n",
                p->name, p->contour);
        fputs("unset table\nunset contour\nset surface\n", gp);
    }
    if (p->points == 0 && p->heatmap < 0 && p->contour < 0)
        /* nothing to autoscale to: gnuplot would call the range invalid */
        fputs("set xrange [-1:1]\nset yrange [-1:1]\n", gp);
    if (p->spec.settings)
        fprintf(gp, "%s\n", p->spec.settings);
    fputs("plot ", gp);
    int more = p->len > 0;
    if (heat)
        fprintf(gp, "'%s.dat' index %d using 1:2:3 with image notitle%s", p->name, p->heatmap,
                (more || p->contour >= 0) ? ", \\\n     " : "");
    if (p->contour >= 0) {
        fprintf(gp, "$contours using 1:2 with %s ",
                p->spec.contour_style ? p->spec.contour_style : "lines lw 1 lc rgb '#8c8c8c'");
        if (p->contour_legend)
            put_quoted_title(gp, p->contour_legend);
        else
            fputs("notitle", gp);
        fputs(more ? ", \\\n     " : "", gp);
    }
    fprintf(gp, "%s\n", p->cmds ? p->cmds : "");
}

/* Run `gnuplot name.gp` inside the plot folder, its stderr going to the
 * file descriptor err_fd (-1: ours). Returns its exit status, 127 when
 * gnuplot could not be started. */
static int run_gnuplot(const Plot *p, int err_fd)
{
    char script[300];
    snprintf(script, sizeof script, "%s.gp", p->name);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (chdir(p->pl->dir) != 0 || (err_fd >= 0 && dup2(err_fd, 2) < 0))
            _exit(126);
        execlp("gnuplot", "gnuplot", script, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* line without its newline, every byte that is not printable ASCII shown
 * as '?' (a legend from a student's file may hold anything). */
static void clean_line(char *line)
{
    line[strcspn(line, "\r\n")] = '\0';
    for (unsigned char *c = (unsigned char *)line; *c; c++)
        if (*c < ' ' || *c > '~')
            *c = '?';
}

/* Whether line is gnuplot's caret under the bad spot: blanks and a '^'. */
static int is_caret_line(const char *line)
{
    size_t blanks = strspn(line, " \t");
    return line[blanks] == '^' && line[blanks + 1 + strspn(line + blanks + 1, " \t\r\n")] == '\0';
}

/* gnuplot failed on NAME.gp, saying why on err (rewound): say it again in
 * at most two lines,
 *     warning: plot NAME: "NAME.gp" line 3: invalid command
 *     warning: plot NAME: at: this is not gnuplot
 * its message (the line 'FILE line N: ...', and one after it such as
 * "system error: ..."), and the command it stopped at; or, without such a
 * line, the last line it wrote. */
static void warn_gnuplot_failed(const Plot *p, FILE *err)
{
    char line[512], before[2][512] = {"", ""}, message[1100] = "", command[512] = "";
    int after = 0; /* lines kept after the message */
    while (fgets(line, sizeof line, err)) {
        clean_line(line);
        if (strstr(line, ".gp\" line ")) {
            snprintf(message, sizeof message, "%s", line);
            snprintf(command, sizeof command, "%s", is_caret_line(before[1]) ? before[0] : "");
            after = 0;
        } else if (message[0] && after++ == 0 && line[0]) {
            size_t n = strlen(message);
            snprintf(message + n, sizeof message - n, "; %s", line);
        } else if (!message[0] && line[0]) {
            snprintf(command, sizeof command, "%s", line); /* the last line so far */
        }
        memcpy(before[0], before[1], sizeof before[0]);
        memcpy(before[1], line, sizeof before[1]);
    }
    if (!message[0] && !command[0])
        fprintf(stderr, "warning: plot %s: gnuplot failed without a word\n", p->name);
    else if (!message[0])
        fprintf(stderr, "warning: plot %s: %s\n", p->name, command);
    else if (!command[0])
        fprintf(stderr, "warning: plot %s: %s\n", p->name, message);
    else
        fprintf(stderr, "warning: plot %s: %s\nwarning: plot %s: at: %s\n", p->name, message,
                p->name, command + strspn(command, " \t"));
}

/* What gnuplot wrote on err (rewound) after drawing, passed on to our
 * stderr, but for the gif terminal's closing note "38 frames in
 * animation sequence". */
static void pass_on(FILE *err)
{
    char line[1024];
    int frames;
    while (fgets(line, sizeof line, err))
        if (sscanf(line, "%d frames in animation sequence", &frames) != 1)
            fputs(line, stderr);
}

/* Run gnuplot on NAME.gp and say where the image NAME.ext went (nothing
 * for ext NULL: the terminal). When gnuplot fails, its own message is
 * shown (warn_gnuplot_failed), the failure is remembered for plot_close,
 * and the chapter goes on. */
static void draw_as(Plot *p, const char *ext)
{
    Plotter *pl = p->pl;
    if (pl->gnuplot_missing)
        return;
    FILE *err = tmpfile(); /* NULL: gnuplot writes on our stderr */
    int rc = run_gnuplot(p, err ? fileno(err) : -1);
    if (err)
        rewind(err);
    if (rc == 127) {
        pl->gnuplot_missing = 1;
        fprintf(stderr, "note: gnuplot is not installed, so the plots are written as "
                        ".dat and .gp files only (to draw them: sudo apt-get install "
                        "gnuplot-nox, then make run)\n");
    } else if (rc != 0) {
        if (err)
            warn_gnuplot_failed(p, err);
        if (!pl->failed && !pl->rejected++) /* remembered, but the next figures are made */
            set_err(pl, "%s/%s.gp: gnuplot failed (exit status %d)", pl->dir, p->name, rc);
    } else {
        if (err)
            pass_on(err);
        if (ext)
            printf("  [plot] %s/%s.%s\n", pl->dir, p->name, ext);
    }
    if (err)
        fclose(err);
}

static void draw(Plot *p)
{
    PlotFormat format = p->pl->format;
    draw_as(p, format == PLOT_DUMB ? NULL : format == PLOT_PNG ? "png" : "svg");
}

/* Close the .dat file of an active p and write NAME.gp with script(gp,
 * ctx). Returns 1 when both are written and nothing has failed (gnuplot
 * may run), else 0 (the failure is remembered). */
static int write_files(Plot *p, void (*script)(FILE *gp, const void *ctx), const void *ctx)
{
    int ok = 0;
    char *gp_path = path_of(p, ".gp");
    FILE *gp = gp_path ? fopen(gp_path, "w") : NULL;
    if (fclose(p->dat) != 0)
        fail(p->pl, "%s: cannot write: %s", p->dat_path, strerror(errno));
    p->dat = NULL;
    if (!gp) {
        fail(p->pl, "%s/%s.gp: cannot write: %s", p->pl->dir, p->name, strerror(errno));
    } else {
        script(gp, ctx);
        if (fclose(gp) != 0)
            fail(p->pl, "%s: cannot write: %s", gp_path, strerror(errno));
        else
            ok = !p->pl->failed;
    }
    free(gp_path);
    return ok;
}

static void plot_script(FILE *gp, const void *p)
{
    write_script(gp, p);
}

void plot_end(Plot *p)
{
    if (!p)
        return;
    if (active(p) && write_files(p, plot_script, p))
        draw(p);
    if (p->dat)
        fclose(p->dat);
    free(p->dat_path);
    free(p->cmds);
    free(p->contour_cmd);
    free(p->contour_legend);
    free(p);
}

/* ---- frames: an animated GIF, or panels side by side ------------------------ */

/* One frame: its data block in the .dat file (-1: an empty panel), its
 * label, and where its grid lies. */
typedef struct {
    int block;
    char *label;
    double x0, x1, y0, y1;
    int nx, ny;
} Frame;

/* Points drawn over every frame, kept for the terminal drawing. */
typedef struct {
    double *x, *y;
    int n;
    char mark;
    char *legend;
} FramePoints;

struct PlotFrames {
    Plot *p;            /* the .dat file, and the points' plot clauses in p->cmds */
    PlotFramesSpec fs;
    Frame *frame;
    int n, cap;
    int text;           /* --plots=dumb: frames drawn as characters */
    FramePoints *pts;
    int n_pts;
    Textmap *panels;    /* text: the panels' canvases until plot_frames_end */
    int lines_drawn;    /* text animation: lines of the last frame drawn */
    Textmap pending;    /* text animation: the last frame, when it was not drawn */
    char *pending_label;
    int added;          /* frames added, written or not (--plots=none) */
};

PlotFrames *plot_frames_begin(Plotter *pl, const char *name, const PlotSpec *spec,
                              const PlotFramesSpec *fs)
{
    CHECK(fs->lo < fs->hi, "frames of %s on the colour scale [%g, %g]", name, fs->lo, fs->hi);
    CHECK(fs->delay > 0 || (fs->rows >= 1 && fs->cols >= 1),
          "frames of %s: an animation (delay > 0) or panels (rows, cols >= 1)", name);
    PlotFrames *f = calloc(1, sizeof *f);
    Plot *p = plot_begin(pl, name, spec); /* CHECKs the title and labels */
    if (!f || !p) {
        if (p)
            plot_end(p);
        free(f);
        if (!pl->failed)
            fail(pl, "%s/%s: out of memory", pl->dir, name);
        return NULL;
    }
    f->p = p;
    f->fs = *fs;
    if (!f->fs.text_cols || !f->fs.text_rows) {
        f->fs.text_cols = fs->delay > 0 ? 60 : 24;
        f->fs.text_rows = fs->delay > 0 ? 24 : 10;
    }
    f->text = pl->format == PLOT_DUMB && active(p);
    return f;
}

static void free_points(FramePoints *fp)
{
    free(fp->x);
    free(fp->y);
    free(fp->legend);
}

void plot_frames_points(PlotFrames *f, const char *legend, const char *style, char mark,
                        const double *x, const double *y, int n)
{
    if (!f)
        return;
    CHECK(f->n == 0, "plot_frames_points after the first frame of %s", f->p->name);
    plot_series(f->p, legend, style, x, y, n);
    if (!f->text || !active(f->p))
        return;
    FramePoints *grown = realloc(f->pts, (size_t)(f->n_pts + 1) * sizeof *grown);
    if (!grown) {
        plot_fail(f->p, "out of memory");
        return;
    }
    f->pts = grown;
    FramePoints *fp = &f->pts[f->n_pts];
    *fp = (FramePoints){.n = n, .mark = mark, .legend = legend ? strdup(legend) : NULL,
                        .x = malloc((size_t)(n > 0 ? n : 1) * sizeof(double)),
                        .y = malloc((size_t)(n > 0 ? n : 1) * sizeof(double))};
    if (!fp->x || !fp->y || (legend && !fp->legend)) {
        free_points(fp);
        plot_fail(f->p, "out of memory");
        return;
    }
    memcpy(fp->x, x, (size_t)n * sizeof(double));
    memcpy(fp->y, y, (size_t)n * sizeof(double));
    f->n_pts++;
}

/* A grid block in gnuplot's matrix layout: row i of the grid on line i. */
static void write_matrix(Plot *p, const PlotGrid *g)
{
    for (int i = 0; i < g->ny; i++) {
        for (int j = 0; j < g->nx; j++)
            fprintf(p->dat, "%s%.6g", j ? " " : "", g->z[(long)i * g->nx + j]);
        fputc('\n', p->dat);
    }
}

/* The key under a text frame: each mark and its legend, then the shades. */
static int print_text_key(const PlotFrames *f)
{
    if (f->n_pts > 0) {
        printf("  ");
        for (int k = 0; k < f->n_pts; k++)
            printf("%c %s   ", f->pts[k].mark, f->pts[k].legend ? f->pts[k].legend : "");
        printf("\n");
    }
    printf("  shades: = - : . below %.3g, blank near it, ' + * # above (scale %g to %g)\n",
           (f->fs.lo + f->fs.hi) / 2, f->fs.lo, f->fs.hi);
    return 1 + (f->n_pts > 0);
}

/* Shade t from g and put the points on top. */
static void text_frame(const PlotFrames *f, Textmap *t, const PlotGrid *g)
{
    textmap_fill(t, g, f->fs.lo, f->fs.hi);
    for (int k = 0; k < f->n_pts; k++)
        for (int i = 0; i < f->pts[k].n; i++)
            textmap_mark(t, f->pts[k].x[i], f->pts[k].y[i], f->pts[k].mark);
}

/* Draw the pending frame of an animation in the terminal (over the last
 * frame drawn, on a terminal), and forget it. */
static void text_draw_pending(PlotFrames *f)
{
    if (!f->pending.cells)
        return;
    if (f->lines_drawn > 0 && isatty(fileno(stdout)))
        printf("\033[%dA", f->lines_drawn); /* back up over the last frame */
    char title[400];
    snprintf(title, sizeof title, "%s: %s", f->p->spec.title, f->pending_label);
    const Textmap *maps[] = {&f->pending};
    const char *labels[] = {title};
    f->lines_drawn = textmap_print(stdout, maps, labels, 1) + print_text_key(f);
    fflush(stdout);
    textmap_free(&f->pending);
    free(f->pending_label);
    f->pending_label = NULL;
}

/* An animation's frame n (0-based) in the terminal: drawn now when it is
 * one of every text_every, else kept in case it is the last. */
static void text_animation_frame(PlotFrames *f, int n, const char *label, const PlotGrid *g)
{
    textmap_free(&f->pending);
    free(f->pending_label);
    f->pending_label = strdup(label);
    if (!f->pending_label ||
        textmap_init(&f->pending, f->fs.text_cols, f->fs.text_rows, g->x0, g->x1, g->y0,
                     g->y1) != 0) {
        plot_fail(f->p, "out of memory");
        return;
    }
    text_frame(f, &f->pending, g);
    int every = f->fs.text_every > 1 ? f->fs.text_every : 1;
    if (n % every == 0)
        text_draw_pending(f);
}

void plot_frames_add(PlotFrames *f, const char *label, const PlotGrid *g)
{
    if (!f)
        return;
    CHECK(g || f->fs.delay == 0, "an empty frame in the animation %s", f->p->name);
    if (g)
        check_grid(g, "frame");
    f->added++;
    if (!active(f->p))
        return;
    if (f->n == f->cap) {
        int cap = f->cap ? 2 * f->cap : 16;
        Frame *grown = realloc(f->frame, (size_t)cap * sizeof *grown);
        Textmap *tm = f->text && f->fs.delay == 0
                          ? realloc(f->panels, (size_t)cap * sizeof *tm) : f->panels;
        if (grown)
            f->frame = grown;
        if (tm)
            f->panels = tm;
        if (!grown || (f->text && f->fs.delay == 0 && !tm)) {
            plot_fail(f->p, "out of memory");
            return;
        }
        f->cap = cap;
    }
    char num[32];
    snprintf(num, sizeof num, "frame %d", f->n + 1);
    Frame *fr = &f->frame[f->n];
    *fr = (Frame){.block = -1, .label = strdup(label ? label : num)};
    if (!fr->label) {
        plot_fail(f->p, "out of memory");
        return;
    }
    if (g) {
        fr->block = next_block(f->p, fr->label);
        fr->x0 = g->x0, fr->x1 = g->x1, fr->y0 = g->y0, fr->y1 = g->y1;
        fr->nx = g->nx, fr->ny = g->ny;
        write_matrix(f->p, g);
    }
    if (f->text && f->fs.delay > 0) {
        text_animation_frame(f, f->n, fr->label, g);
    } else if (f->text) {
        Textmap *t = &f->panels[f->n];
        *t = (Textmap){0};
        if (g && textmap_init(t, f->fs.text_cols, f->fs.text_rows, g->x0, g->x1, g->y0,
                              g->y1) != 0)
            plot_fail(f->p, "out of memory");
        else if (g)
            text_frame(f, t, g);
    }
    f->n++;
}

int plot_frames_count(const PlotFrames *f)
{
    return f ? f->added : 0;
}

/* The panels in the terminal, cols to a row (empty panels left out). */
static void text_panels(const PlotFrames *f)
{
    printf("\n%s\n", f->p->spec.title);
    const Textmap *maps[64];
    const char *labels[64];
    int in_row = 0;
    for (int k = 0; k <= f->n; k++) {
        int row_ends = k == f->n || (k > 0 && k % f->fs.cols == 0) || in_row == 64;
        if (row_ends && in_row > 0) {
            textmap_print(stdout, maps, labels, in_row);
            in_row = 0;
        }
        if (k < f->n && f->panels[k].cells) {
            maps[in_row] = &f->panels[k];
            labels[in_row++] = f->frame[k].label;
        }
    }
    print_text_key(f);
}

static void write_frames_script(FILE *gp, const PlotFrames *f)
{
    const Plot *p = f->p;
    int anim = f->fs.delay > 0, svg = p->pl->format == PLOT_SVG && !anim;
    int w = p->spec.width ? p->spec.width : 900, h = p->spec.height ? p->spec.height : 600;
    const char *ext = anim ? "gif" : svg ? "svg" : "png";
    fprintf(gp, "# %s.gp: draws %s.%s (%d %s) from %s.dat. Redraw it with: gnuplot %s.gp\n",
            p->name, p->name, ext, f->n, anim ? "frames of an animation" : "panels", p->name,
            p->name);
    if (anim)
        fprintf(gp, "set terminal gif animate delay %d loop 0 size %d,%d font \"sans,11\" "
                    "noenhanced\n", f->fs.delay, w, h);
    else
        fprintf(gp, "set terminal %s size %d,%d font \"sans,%d\" noenhanced\n",
                svg ? "svg" : "pngcairo", w, h, 10);
    fprintf(gp, "set output '%s.%s'\nset xlabel ", p->name, ext);
    put_quoted(gp, p->spec.xlabel);
    fputs("\nset ylabel ", gp);
    put_quoted(gp, p->spec.ylabel);
    fprintf(gp, "\n%s\nset palette defined (0 '#a6bfe3', 0.5 '#f7f7f7', 1 '#eba9a1')\n"
                "set cbrange [%.10g:%.10g]\n", p->len ? "set key box opaque" : "unset key",
            f->fs.lo, f->fs.hi);
    if (p->spec.cblabel) {
        fputs("set cblabel ", gp);
        put_quoted(gp, p->spec.cblabel);
        fputc('\n', gp);
    }
    if (p->spec.settings)
        fprintf(gp, "%s\n", p->spec.settings);
    if (!anim) {
        fprintf(gp, "set multiplot layout %d,%d title ", f->fs.rows, f->fs.cols);
        put_title(gp, p->spec.title, p->spec.width ? p->spec.width : 900);
        fputc('\n', gp);
    }
    for (int k = 0; k < f->n; k++) {
        const Frame *fr = &f->frame[k];
        if (fr->block < 0) {
            fputs("set multiplot next\n", gp);
            continue;
        }
        fputs("set title ", gp);
        if (anim) {
            char *t = malloc(strlen(p->spec.title) + strlen(fr->label) + 3);
            if (t) {
                sprintf(t, "%s: %s", p->spec.title, fr->label);
                put_title(gp, t, p->spec.width ? p->spec.width : 900);
                free(t);
            }
        } else {
            put_quoted(gp, fr->label);
        }
        fprintf(gp, "\nplot '%s.dat' index %d matrix using (%.10g + $1 * %.10g):(%.10g + $2 * "
                    "%.10g):3 with image notitle%s%s\n",
                p->name, fr->block, fr->x0, (fr->x1 - fr->x0) / (fr->nx - 1), fr->y0,
                (fr->y1 - fr->y0) / (fr->ny - 1), p->len ? ", \\\n     " : "",
                p->cmds ? p->cmds : "");
    }
    if (!anim)
        fputs("unset multiplot\n", gp);
}

static void frames_script(FILE *gp, const void *f)
{
    write_frames_script(gp, f);
}

/* Run gnuplot on NAME.gp: the GIF, or the panels as PNG or SVG. */
static void draw_frames(const PlotFrames *f)
{
    if (f->n > 0 && f->fs.delay > 0)
        draw_as(f->p, "gif");
    else if (f->n > 0)
        draw_as(f->p, f->p->pl->format == PLOT_SVG ? "svg" : "png");
}

void plot_frames_end(PlotFrames *f)
{
    if (!f)
        return;
    Plot *p = f->p;
    if (f->text && f->fs.delay == 0 && active(p))
        text_panels(f);
    if (f->text && active(p))
        text_draw_pending(f); /* the last frame of an animation */
    textmap_free(&f->pending);
    free(f->pending_label);
    if (active(p) && write_files(p, frames_script, f) && !f->text)
        draw_frames(f);
    plot_end(p); /* the .dat is closed: this only frees the Plot */
    for (int k = 0; k < f->n; k++) {
        free(f->frame[k].label);
        if (f->panels)
            textmap_free(&f->panels[k]);
    }
    for (int k = 0; k < f->n_pts; k++)
        free_points(&f->pts[k]);
    free(f->pts);
    free(f->panels);
    free(f->frame);
    free(f);
}
