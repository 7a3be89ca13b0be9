/* csvtext.c - a CSV file whose target column may hold text; see csvtext.h. */
#define _POSIX_C_SOURCE 200809L /* getline, strdup */
#include "csvtext.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file being read: where, for messages, and what was read so far. */
typedef struct {
    const char *path;
    char *err;
    size_t errlen;
    long line;        /* 1-based line being read; 0 for none */
    int cols;         /* fields a row, from the header */
    char **names;     /* cols names */
    int target;       /* the target's column */
    double *values;   /* rows x cols, the target's cell 0 until it is known */
    char **texts;     /* rows texts of the target */
    int *lines;       /* rows line numbers */
    long rows, cap;
} Reader;

/* "path:line:col: message" (line and col left out when 0); returns -1. */
static int fail(const Reader *r, long col, const char *fmt, ...)
{
    int n = r->line > 0 && col > 0 ? snprintf(r->err, r->errlen, "%s:%ld:%ld: ", r->path, r->line, col)
            : r->line > 0          ? snprintf(r->err, r->errlen, "%s:%ld: ", r->path, r->line)
                                   : snprintf(r->err, r->errlen, "%s: ", r->path);
    if (n >= 0 && (size_t)n < r->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err + n, r->errlen - n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Fields a line has: its commas + 1. */
static int count_fields(const char *line)
{
    int n = 1;
    for (; *line; line++)
        n += *line == ',';
    return n;
}

/* Cut line in place into its fields, each trimmed of blanks and
 * NUL-terminated: start[j] points at field j, col[j] is its 1-based column
 * in the line. start and col have room for count_fields(line). */
static void split(char *line, char **start, long *col)
{
    char *s = line;
    for (int j = 0;; j++) {
        char *comma = strchr(s, ',');
        char *e = comma ? comma : s + strlen(s);
        while (s < e && isspace((unsigned char)*s))
            s++;
        while (e > s && isspace((unsigned char)e[-1]))
            e--;
        start[j] = s;
        col[j] = (long)(s - line) + 1;
        *e = '\0'; /* at the comma, or on the blanks before it */
        if (!comma)
            return;
        s = comma + 1;
    }
}

static int is_number(const char *s, double *x)
{
    if (!*s)
        return 0;
    char *stop;
    *x = strtod(s, &stop);
    return *stop == '\0';
}

static int header(Reader *r, char *line, const char *target)
{
    int n = count_fields(line);
    char **start = malloc((size_t)n * sizeof *start);
    long *col = malloc((size_t)n * sizeof *col);
    r->names = calloc((size_t)n, sizeof *r->names);
    int rc = 0, numbers = 0;
    if (!start || !col || !r->names) {
        rc = fail(r, 0, "out of memory");
        goto done;
    }
    r->cols = n;
    split(line, start, col);
    for (int j = 0; j < n && rc == 0; j++) {
        double x;
        if (!*start[j])
            rc = fail(r, col[j], "column %d has an empty name in the header row", j + 1);
        else if (!(r->names[j] = strdup(start[j])))
            rc = fail(r, 0, "out of memory");
        numbers += rc == 0 && is_number(start[j], &x);
    }
    if (rc == 0 && numbers == n)
        rc = fail(r, 1, "the first line holds numbers; expected a header row of column names");
    r->target = n - 1;
    if (rc == 0 && target) {
        r->target = -1;
        for (int j = 0; j < n; j++)
            if (strcmp(r->names[j], target) == 0)
                r->target = j;
        if (r->target < 0) { /* "path: no column ...", no line: the whole file lacks it */
            int w = snprintf(r->err, r->errlen, "%s: no column \"%s\"; its columns are: ", r->path,
                             target);
            for (int j = 0; j < n && w >= 0 && (size_t)w < r->errlen; j++)
                w += snprintf(r->err + w, r->errlen - w, "%s%s", j ? ", " : "", r->names[j]);
            rc = -1;
        }
    }
done:
    free(start);
    free(col);
    return rc;
}

/* Room for one more row. */
static int grow(Reader *r)
{
    if (r->rows < r->cap)
        return 0;
    long cap = r->cap ? 2 * r->cap : 256;
    double *v = realloc(r->values, (size_t)cap * r->cols * sizeof *v);
    if (v)
        r->values = v;
    char **t = realloc(r->texts, (size_t)cap * sizeof *t);
    if (t)
        r->texts = t;
    int *l = realloc(r->lines, (size_t)cap * sizeof *l);
    if (l)
        r->lines = l;
    if (!v || !t || !l)
        return -1;
    r->cap = cap;
    return 0;
}

static int row(Reader *r, char *line)
{
    int n = count_fields(line);
    if (n > r->cols) {
        /* the first extra field: after the cols-th comma */
        char *s = line;
        for (int j = 0; j < r->cols; j++)
            s = strchr(s, ',') + 1;
        while (isspace((unsigned char)*s))
            s++;
        return fail(r, (long)(s - line) + 1, "expected %d fields, found %d", r->cols, n);
    }
    if (n < r->cols)
        return fail(r, (long)strlen(line) + 1, "expected %d fields, found %d", r->cols, n);
    char **start = malloc((size_t)n * sizeof *start);
    long *col = malloc((size_t)n * sizeof *col);
    int rc = 0;
    if (!start || !col || grow(r) != 0) {
        rc = fail(r, 0, "out of memory");
        goto done;
    }
    split(line, start, col);
    double *v = &r->values[r->rows * r->cols];
    r->texts[r->rows] = NULL;
    for (int j = 0; j < n && rc == 0; j++) {
        v[j] = 0.0;
        if (!*start[j])
            rc = fail(r, col[j], "an empty field in column \"%s\"", r->names[j]);
        else if (j == r->target) {
            /* text is fine there, but not a number that is not finite ("nan", "inf") */
            if (is_number(start[j], &v[j]) && !isfinite(v[j]))
                rc = fail(r, col[j], "\"%s\" in column \"%s\" is not a finite number", start[j],
                          r->names[j]);
            else if (!(r->texts[r->rows] = strdup(start[j])))
                rc = fail(r, 0, "out of memory");
        } else if (!is_number(start[j], &v[j]))
            rc = fail(r, col[j], "expected a number in column \"%s\", found \"%.32s%s\"",
                      r->names[j], start[j], strlen(start[j]) > 32 ? "..." : "");
        else if (!isfinite(v[j]))
            rc = fail(r, col[j], "\"%s\" in column \"%s\" is not a finite number", start[j],
                      r->names[j]);
    }
    if (rc == 0)
        r->lines[r->rows++] = (int)r->line;
    else if (r->texts[r->rows])
        free(r->texts[r->rows]);
done:
    free(start);
    free(col);
    return rc;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The target: numbers when every text is a finite number, else classes. */
static int target(Reader *r, CsvText *t)
{
    int all_numbers = 1;
    for (long i = 0; i < r->rows && all_numbers; i++) {
        double x;
        all_numbers = is_number(r->texts[i], &x) && isfinite(x);
    }
    if (all_numbers) {
        for (long i = 0; i < r->rows; i++)
            is_number(r->texts[i], &r->values[i * r->cols + r->target]);
        return 0;
    }
    /* the different texts, sorted: a sorted copy, then its runs */
    char **sorted = malloc((size_t)r->rows * sizeof *sorted);
    if (!sorted)
        return fail(r, 0, "out of memory");
    memcpy(sorted, r->texts, (size_t)r->rows * sizeof *sorted);
    qsort(sorted, (size_t)r->rows, sizeof *sorted, by_text);
    int k = 0;
    for (long i = 0; i < r->rows; i++)
        if (i == 0 || strcmp(sorted[i], sorted[i - 1]) != 0)
            sorted[k++] = sorted[i];
    int rc = 0;
    if (k > DATA_MAX_CLASSES)
        rc = fail(r, 0, "the target \"%s\" holds %d different texts; at most %d classes",
                  r->names[r->target], k, DATA_MAX_CLASSES);
    else if (!(t->classes = calloc((size_t)k, sizeof *t->classes)))
        rc = fail(r, 0, "out of memory");
    for (int c = 0; rc == 0 && c < k; c++)
        if (!(t->classes[t->n_classes++] = strdup(sorted[c])))
            rc = fail(r, 0, "out of memory");
    for (long i = 0; rc == 0 && i < r->rows; i++) {
        char **hit = bsearch(&r->texts[i], t->classes, (size_t)k, sizeof *t->classes, by_text);
        r->values[i * r->cols + r->target] = (double)(hit - t->classes);
    }
    free(sorted);
    return rc;
}

static int read_lines(Reader *r, FILE *fp, const char *target_name)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    long header_line = 0;
    while (rc == 0 && (len = getline(&buf, &cap, fp)) != -1) {
        r->line++;
        char *line = buf;
        if (r->line == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            line += 3, len -= 3; /* a UTF-8 byte order mark */
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        const char *s = line;
        while (isspace((unsigned char)*s))
            s++;
        if (!*s)
            continue; /* a blank line */
        if (!header_line) {
            header_line = r->line;
            rc = header(r, line, target_name);
        } else {
            rc = row(r, line);
        }
    }
    free(buf);
    if (rc != 0)
        return rc;
    if (ferror(fp))
        return fail(r, 0, "read error: %s", strerror(errno));
    if (!header_line) {
        r->line = 0;
        return fail(r, 0, "the file is empty; expected a header row of column names");
    }
    if (r->rows == 0) {
        r->line = header_line;
        return fail(r, 0, "only a header row; expected rows of data after it");
    }
    r->line = 0;
    return 0;
}

int csvtext_load(CsvText *t, const char *path, const char *target_name, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    Reader r = {.path = path, .err = err, .errlen = errlen};
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fail(&r, 0, "cannot open: %s", strerror(errno));
        return DATA_CANNOT_OPEN;
    }
    int rc = read_lines(&r, fp, target_name);
    fclose(fp);
    if (rc == 0)
        rc = target(&r, t);
    if (rc == 0 && !(t->table.values = mat_from((int)r.rows, r.cols, r.values)))
        rc = fail(&r, 0, "out of memory");
    for (long i = 0; i < r.rows; i++)
        free(r.texts[i]);
    free(r.texts);
    free(r.values);
    t->table.names = r.names; /* owned by t from here, with the lines */
    t->table.cols = r.cols;
    t->table.lines = r.lines;
    t->target = r.target;
    if (rc != 0)
        csvtext_free(t);
    return rc;
}

void csvtext_free(CsvText *t)
{
    data_table_free(&t->table);
    for (int c = 0; c < t->n_classes; c++)
        free(t->classes[c]);
    free(t->classes);
    memset(t, 0, sizeof *t);
}
