/* chapter.c - the common start and end of a chapter's main, its data
 * loading with hints, and the usual figures; see chapter.h. */
#define _POSIX_C_SOURCE 200809L /* dup, dup2, fileno: --section holds stdout back */
#include "chapter.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* ---- the start and end of main ---------------------------------------------- */

/* A chapter returns cli_error()'s result as its exit status. */
_Static_assert((int)CHAPTER_USAGE == (int)CLI_EXIT_USAGE, "a bad flag has one exit status");

int chapter_begin(Chapter *ch, const CliSpec *spec, int argc, char **argv)
{
    memset(ch, 0, sizeof *ch);
    ch->spec = spec;
    switch (cli_parse(&ch->opt, spec, argc, argv)) {
    case CLI_RUN:
        break;
    case CLI_EXIT_OK:
        return CHAPTER_OK;
    default:
        return CHAPTER_USAGE;
    }
    rng_seed(&ch->rng, ch->opt.seed);
    rng_seed(&ch->variant, ch->opt.variant);
    ch->real_stdout = -1;
    return CHAPTER_RUN;
}

/* ---- --section and --sections: stdout held back, then filtered ---------------- */

/* From here on stdout goes into a temporary file, when --section or
 * --sections asks for part of it. Returns CHAPTER_OK or CHAPTER_ERROR. */
static int hold_stdout(Chapter *ch)
{
    if (!ch->opt.section && !ch->opt.sections)
        return CHAPTER_OK;
    CHECK(!ch->capture, "stdout held back twice");
    fflush(stdout);
    if (!(ch->capture = tmpfile()) || (ch->real_stdout = dup(STDOUT_FILENO)) < 0 ||
        dup2(fileno(ch->capture), STDOUT_FILENO) < 0) {
        if (ch->capture)
            fclose(ch->capture);
        ch->capture = NULL;
        return chapter_error("cannot hold the lecture back for --section (no temporary file)");
    }
    return CHAPTER_OK;
}

/* What was held back, NUL-terminated (NULL when out of memory); stdout is
 * the real one again. */
static char *release_stdout(Chapter *ch)
{
    fflush(stdout);
    dup2(ch->real_stdout, STDOUT_FILENO);
    close(ch->real_stdout);
    ch->real_stdout = -1;
    FILE *fp = ch->capture;
    ch->capture = NULL;
    long len = ftell(fp);
    char *text = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (text) {
        rewind(fp);
        text[fread(text, 1, (size_t)len, fp)] = '\0';
    }
    fclose(fp);
    return text;
}

/* Whether line (len characters) is a heading's underline: '=' only. */
static int is_underline(const char *line, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (line[i] != '=')
            return 0;
    return 1;
}

/* A section of the held-back text: "== title" at head, up to (not
 * including) the blank line before the next heading, or the end. */
typedef struct {
    const char *head, *end;
    char id[16]; /* "4", "4.2": the title's first word without its dot */
} Section;

/* The sections of text, at most max, in order. Returns how many. */
static int find_sections(const char *text, Section *sec, int max)
{
    int n = 0;
    for (const char *line = text; *line && n < max;) {
        const char *eol = strchr(line, '\n');
        if (!eol)
            break;
        const char *next = eol + 1, *next_eol = strchr(next, '\n');
        if (strncmp(line, "== ", 3) == 0 && next_eol &&
            is_underline(next, (size_t)(next_eol - next))) {
            Section *s = &sec[n++];
            s->head = line;
            size_t len = strcspn(line + 3, " \n");
            len = len < sizeof s->id ? len : sizeof s->id - 1;
            memcpy(s->id, line + 3, len);
            s->id[len] = '\0';
            if (len > 0 && s->id[len - 1] == '.')
                s->id[len - 1] = '\0';
            if (n > 1) /* the one before ends at this heading's blank line */
                sec[n - 2].end = line - (line - 1 > text && line[-2] == '\n' ? 1 : 0);
        }
        line = next;
    }
    if (n > 0)
        sec[n - 1].end = text + strlen(text);
    return n;
}

/* Whether section id is want or one of its subsections ("4.2" of "4"). */
static int in_section(const char *id, const char *want)
{
    size_t n = strlen(want);
    return strncmp(id, want, n) == 0 && (id[n] == '\0' || id[n] == '.');
}

#define MAX_SECTIONS 200

/* Print --section's sections or --sections' list from text; the status. */
static int print_sections(const Chapter *ch, const char *text)
{
    Section sec[MAX_SECTIONS];
    int n = find_sections(text, sec, MAX_SECTIONS), shown = 0;
    for (int k = 0; k < n; k++) {
        if (ch->opt.sections) {
            int depth = 0;
            for (const char *c = sec[k].id; *c; c++)
                depth += *c == '.';
            printf("%*s%.*s\n", 2 * depth, "", (int)strcspn(sec[k].head + 3, "\n"),
                   sec[k].head + 3);
        } else if (in_section(sec[k].id, ch->opt.section)) {
            printf("%s%.*s", shown++ ? "\n" : "", (int)(sec[k].end - sec[k].head), sec[k].head);
        }
    }
    if (ch->opt.section && !shown) {
        chapter_error("%s has no section %s", ch->spec->program, ch->opt.section);
        fprintf(stderr, "hint: --sections lists them\n");
        return CHAPTER_ERROR;
    }
    return CHAPTER_OK;
}

/* ---- the start and end of the lecture ------------------------------------------------ */

int chapter_start_lecture(Chapter *ch)
{
    CHECK(!ch->plots_open, "chapter_start_lecture called twice");
    if (plot_open(&ch->plots, ch->opt.plots, ch->opt.out, ch->spec->program) != 0)
        return chapter_error("%s", ch->plots.err);
    ch->plots_open = 1;
    if (hold_stdout(ch) != CHAPTER_OK)
        return CHAPTER_ERROR;
    printf("%s\n", ch->spec->card);
    if (ch->opt.data)
        printf("(your data: %s, in place of the data set the lecture names)\n", ch->opt.data);
    printf("(seed %" PRIu64 ")\n", ch->opt.seed);
    if (ch->opt.variant)
        printf("(variant %" PRIu64 ": the worked examples' givens drawn from %" PRIu64
               "; --variant 0 has the notes' numbers)\n", ch->opt.variant, ch->opt.variant);
    return CHAPTER_OK;
}

int chapter_end(Chapter *ch, int status)
{
    if (ch->plots_open) {
        ch->plots_open = 0;
        if (plot_close(&ch->plots) != 0) {
            chapter_error("%s", ch->plots.err);
            if (status == CHAPTER_OK)
                status = CHAPTER_ERROR;
        }
    }
    if (ch->capture) {
        char *text = release_stdout(ch);
        int rc = text ? print_sections(ch, text) : chapter_error("out of memory");
        if (status == CHAPTER_OK)
            status = rc;
        free(text);
    }
    return status;
}

/* ---- the worksheet ------------------------------------------------------------------------ */

_Static_assert((int)SHEET_ALL_RIGHT == (int)CHAPTER_OK && (int)SHEET_SOME_WRONG == 1 &&
                   (int)SHEET_BAD_REQUEST == (int)CHAPTER_USAGE,
               "--check's exit statuses are the chapter's");

int chapter_wants_sheet(const Chapter *ch)
{
    return ch->opt.check != NULL || ch->opt.quiz;
}

int chapter_sheet(Chapter *ch, const Sheet *s)
{
    if (ch->opt.check)
        return sheet_check(s, ch->opt.check, ch->spec->program, ch->opt.variant, stdout, stderr);
    if (hold_stdout(ch) != CHAPTER_OK)
        return CHAPTER_ERROR;
    const char *card = ch->spec->card ? ch->spec->card : ch->spec->program;
    printf("%.*s\n", (int)strcspn(card, "\n"), card);
    if (ch->opt.variant)
        printf("A quiz on the worked examples, variant %" PRIu64 ": work out each quantity\n",
               ch->opt.variant);
    else
        printf("A quiz on the worked examples, with the notes' numbers: work out each quantity\n");
    printf("from the givens, in order. Check the answers (the key) with\n"
           "    %s", ch->spec->program);
    if (ch->opt.variant)
        printf(" --variant %" PRIu64, ch->opt.variant);
    printf(" --check NAME=VALUE,...\n");
    sheet_quiz(s, stdout);
    return CHAPTER_OK;
}

int chapter_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CHAPTER_ERROR;
}

int chapter_fit_error(const char *what, const char *message, const char *hint)
{
    if (what)
        chapter_error("%s: %s", what, message);
    else
        chapter_error("%s", message);
    if (hint && hint[0])
        fprintf(stderr, "hint: %s\n", hint);
    return CHAPTER_ERROR;
}

/* The names in --features' list "a,b,c" (blanks around a name dropped):
 * *names (n of them) point into *buf; free both. Returns 0, or
 * CHAPTER_ERROR after the message (an empty name, out of memory). */
static int split_names(const char *list, char **buf, const char ***names, int *n)
{
    *n = 1;
    for (const char *c = list; *c; c++)
        *n += *c == ',';
    *buf = malloc(strlen(list) + 1);
    *names = malloc((size_t)*n * sizeof **names);
    if (!*buf || !*names)
        return chapter_error("out of memory");
    strcpy(*buf, list);
    char *name = *buf;
    for (int k = 0; k < *n; k++) {
        char *end = name + strcspn(name, ",");
        char *next = *end ? end + 1 : end;
        while (*name == ' ')
            name++;
        while (end > name && end[-1] == ' ')
            end--;
        *end = '\0';
        if (*name == '\0')
            return chapter_error("--features has an empty name in \"%s\"", list);
        (*names)[k] = name;
        name = next;
    }
    return CHAPTER_OK;
}

/* spec with the columns ch's --features and --target name, into *mine
 * (its names in *buf and *names: free both). Returns CHAPTER_OK, or
 * CHAPTER_ERROR after the message: a list of the wrong length for the
 * chapter, a feature that is the target. */
static int choose_columns(const Chapter *ch, const DataXYSpec *spec, DataXYSpec *mine,
                          char **buf, const char ***names)
{
    *mine = *spec;
    if (ch->opt.target)
        mine->target = ch->opt.target;
    if (!ch->opt.features)
        return CHAPTER_OK;
    int n;
    if (split_names(ch->opt.features, buf, names, &n) != CHAPTER_OK)
        return CHAPTER_ERROR;
    /* n_features > 0: the number the chapter works with; 0: any */
    if (spec->n_features > 0 && n != spec->n_features)
        return chapter_error("--features takes %d name%s for this chapter, got %d",
                             spec->n_features, spec->n_features == 1 ? "" : "s", n);
    for (int k = 0; mine->target && k < n; k++)
        if (strcmp((*names)[k], mine->target) == 0)
            return chapter_error("--features names the target column \"%s\"", mine->target);
    mine->features = *names;
    mine->feature_cols = NULL;
    mine->n_features = n;
    return CHAPTER_OK;
}

/* Whether the loader's message err says the file's columns are not the
 * ones expected (data.h: "no column ...", "expected 3 columns ..."). */
static int is_column_error(const char *err)
{
    return strstr(err, ": no column \"") || (strstr(err, ": expected ") && strstr(err, " columns ("));
}

int chapter_load_xy(const Chapter *ch, DataXY *d, const char *path, const DataXYSpec *spec,
                    const char *flag)
{
    memset(d, 0, sizeof *d);
    int columns = ch && cli_takes_columns(ch->spec); /* --features, --target apply */
    DataXYSpec mine = *spec;
    char *buf = NULL;
    const char **names = NULL;
    if (columns && choose_columns(ch, spec, &mine, &buf, &names) != CHAPTER_OK) {
        free(buf);
        free(names);
        return CHAPTER_ERROR;
    }
    char err[DATA_ERR_LEN];
    int rc = data_load_xy(d, path, &mine, err, sizeof err);
    free(buf);
    free(names);
    if (rc == 0)
        return CHAPTER_OK;
    chapter_error("%s", err);
    /* only a relative path depends on the folder the chapter runs from */
    if (rc == DATA_CANNOT_OPEN && path[0] != '/') {
        if (flag)
            fprintf(stderr, "hint: run from the annlab folder, or give a path with --%s\n", flag);
        else
            fprintf(stderr, "hint: run the chapter from the annlab folder\n");
    } else if (columns && !ch->opt.features && !ch->opt.target && is_column_error(err)) {
        fprintf(stderr, "hint: choose the columns by name with --features ");
        for (int k = 0; k < (spec->n_features > 0 ? spec->n_features : 2); k++)
            fprintf(stderr, "%sNAME", k ? "," : "");
        fprintf(stderr, " and --target NAME\n");
    }
    return CHAPTER_ERROR;
}

/* ---- figures ------------------------------------------------------------------ */

ChapterBox chapter_box_around(const Mat *X)
{
    CHECK(X->rows >= 1 && X->cols >= 2, "X is %d x %d", X->rows, X->cols);
    ChapterBox b = {MAT_AT(X, 0, 0), MAT_AT(X, 0, 0), MAT_AT(X, 0, 1), MAT_AT(X, 0, 1)};
    for (int i = 1; i < X->rows; i++) {
        b.x0 = fmin(b.x0, MAT_AT(X, i, 0));
        b.x1 = fmax(b.x1, MAT_AT(X, i, 0));
        b.y0 = fmin(b.y0, MAT_AT(X, i, 1));
        b.y1 = fmax(b.y1, MAT_AT(X, i, 1));
    }
    /* margin = 15% of the range + 0.5 */
    double mx = 0.15 * (b.x1 - b.x0) + 0.5, my = 0.15 * (b.y1 - b.y0) + 0.5;
    return (ChapterBox){b.x0 - mx, b.x1 + mx, b.y0 - my, b.y1 + my};
}

char *chapter_box_settings(char *buf, size_t len, const ChapterBox *box, const char *more)
{
    snprintf(buf, len, "set xrange [%g:%g]\nset yrange [%g:%g]%s%s", box->x0, box->x1, box->y0,
             box->y1, more ? "\n" : "", more ? more : "");
    return buf;
}

void chapter_plot_classes(Plot *p, const Mat *X, const Mat *y, const char *pos,
                          const char *neg)
{
    CHECK(X->cols >= 2 && y->rows == X->rows && y->cols == 1, "X is %d x %d, y is %d x %d",
          X->rows, X->cols, y->rows, y->cols);
    int m = X->rows;
    /* x1[0..n), x2[0..n): the points of one class */
    double *x1 = malloc(2 * (size_t)(m ? m : 1) * sizeof *x1);
    if (!x1) {
        plot_fail(p, "out of memory for %d points", m);
        return;
    }
    double *x2 = x1 + m;
    for (int positive = 1; positive >= 0; positive--) {
        int n = 0;
        for (int i = 0; i < m; i++)
            if ((MAT_AT(y, i, 0) > 0) == positive) {
                x1[n] = MAT_AT(X, i, 0);
                x2[n++] = MAT_AT(X, i, 1);
            }
        plot_series(p, positive ? pos : neg,
                    positive ? "points pt 7 ps 1.6 lc rgb '#c0392b'"
                             : "points pt 5 ps 1.4 lc rgb '#2e6fb5'", x1, x2, n);
    }
    free(x1);
}

ChapterLine chapter_plot_line(Plot *p, const char *legend, const char *style,
                              const ChapterBox *box, double w1, double w2, double b)
{
    double x1[2], x2[2];
    ChapterLine kind;
    if (fabs(w2) > 1e-12 * fabs(w1)) { /* x2 = -(w1 x1 + b) / w2 */
        kind = CHAPTER_LINE_SLOPED;
        x1[0] = box->x0, x1[1] = box->x1;
        x2[0] = -(w1 * x1[0] + b) / w2;
        x2[1] = -(w1 * x1[1] + b) / w2;
    } else if (w1 != 0.0) { /* vertical: x1 = -b / w1 */
        kind = CHAPTER_LINE_VERTICAL;
        x1[0] = x1[1] = -b / w1;
        x2[0] = box->y0, x2[1] = box->y1;
    } else { /* w = 0: b = 0 holds everywhere or nowhere; no line either way */
        kind = CHAPTER_LINE_NONE;
    }
    plot_series(p, legend, style, x1, x2, kind == CHAPTER_LINE_NONE ? 0 : 2);
    return kind;
}

void chapter_plot_regions(Plot *p, const ChapterRegions *r)
{
    CHECK(r->f != NULL, "regions without a function");
    int n = r->n ? r->n : CHAPTER_GRID_N;
    CHECK(n >= 2, "a grid of %d x %d", n, n);
    double *z = malloc((size_t)n * (size_t)n * sizeof *z); /* (n x n), row i at x2_i */
    if (!z) {
        plot_fail(p, "out of memory for a %d x %d grid", n, n);
        return;
    }
    const ChapterBox *b = &r->box;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double x[2] = {b->x0 + j * (b->x1 - b->x0) / (n - 1),
                           b->y0 + i * (b->y1 - b->y0) / (n - 1)};
            z[(size_t)i * n + j] = r->f(x, r->ctx);
        }
    PlotGrid g = {.x0 = b->x0, .x1 = b->x1, .y0 = b->y0, .y1 = b->y1, .nx = n, .ny = n, .z = z};
    plot_heatmap(p, &g);
    if (r->levels && r->n_levels > 0)
        plot_contour(p, &g, r->levels, r->n_levels, r->legend);
    free(z);
}

void chapter_plot_curves(Plotter *pl, const char *name, const PlotSpec *spec,
                         const ChapterCurve *curves, int n_curves)
{
    static const char *colour[] = {"#2e6fb5", "#c0392b", "#1b7837", "#762a83", "#e08214"};
    Plot *p = plot_begin(pl, name, spec);
    int most = 1;
    for (int k = 0; k < n_curves; k++)
        most = curves[k].n > most ? curves[k].n : most;
    double *epoch = malloc((size_t)most * sizeof *epoch);
    if (!epoch) {
        plot_fail(p, "out of memory for %d epochs", most);
        plot_end(p);
        return;
    }
    for (int k = 0; k < n_curves; k++) {
        const ChapterCurve *c = &curves[k];
        char style[64];
        if (!c->style)
            snprintf(style, sizeof style, "lines lw 2 lc rgb '%s'", colour[k % 5]);
        for (int i = 0; i < c->n; i++)
            epoch[i] = c->first + i;
        plot_series(p, c->legend, c->style ? c->style : style, epoch, c->y, c->n);
    }
    free(epoch);
    plot_end(p);
}
