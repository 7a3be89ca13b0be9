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

/* mkdir -p path */
static int make_dirs(const char *path)
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
    if (make_dirs(pl->dir) != 0) {
        fail(pl, "%s: cannot create the output folder: %s", pl->dir, strerror(errno));
        return -1;
    }
    return 0;
}

int plot_close(Plotter *pl)
{
    return pl->failed ? -1 : 0;
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

/* Write s as a gnuplot double-quoted string. */
static void put_quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
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
    put_quoted(gp, p->spec.title);
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

/* Run `gnuplot name.gp` inside the plot folder. Returns its exit status,
 * 127 when gnuplot could not be started. */
static int run_gnuplot(const Plot *p)
{
    char script[300];
    snprintf(script, sizeof script, "%s.gp", p->name);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (chdir(p->pl->dir) != 0)
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

static void draw(Plot *p)
{
    Plotter *pl = p->pl;
    if (pl->gnuplot_missing)
        return;
    int rc = run_gnuplot(p);
    if (rc == 127) {
        pl->gnuplot_missing = 1;
        fprintf(stderr, "note: gnuplot is not installed, so the plots are written as "
                        ".dat and .gp files only (to draw them: sudo apt-get install "
                        "gnuplot-nox, then make run)\n");
    } else if (rc != 0) {
        fail(pl, "%s/%s.gp: gnuplot failed (exit status %d)", pl->dir, p->name, rc);
    } else if (pl->format != PLOT_DUMB) {
        printf("  [plot] %s/%s.%s\n", pl->dir, p->name, pl->format == PLOT_PNG ? "png" : "svg");
    }
}

void plot_end(Plot *p)
{
    if (!p)
        return;
    if (active(p)) {
        char *gp_path = path_of(p, ".gp");
        FILE *gp = gp_path ? fopen(gp_path, "w") : NULL;
        if (fclose(p->dat) != 0)
            fail(p->pl, "%s: cannot write: %s", p->dat_path, strerror(errno));
        p->dat = NULL;
        if (!gp) {
            fail(p->pl, "%s/%s.gp: cannot write: %s", p->pl->dir, p->name, strerror(errno));
        } else {
            write_script(gp, p);
            if (fclose(gp) != 0)
                fail(p->pl, "%s: cannot write: %s", gp_path, strerror(errno));
            else if (!p->pl->failed)
                draw(p);
        }
        free(gp_path);
    }
    if (p->dat)
        fclose(p->dat);
    free(p->dat_path);
    free(p->cmds);
    free(p->contour_cmd);
    free(p->contour_legend);
    free(p);
}
