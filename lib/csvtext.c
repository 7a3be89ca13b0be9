/* csvtext.c - a CSV file whose target column may hold text; see csvtext.h. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "csvtext.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* The file being read (csv.c cuts it into fields) and what was read so far. */
typedef struct {
    CsvReader csv;    /* the text, where we are in it, the separator, messages */
    int cols;         /* fields a row, from the header */
    char **names;     /* cols names */
    int target;       /* the target's column */
    double *values;   /* rows x cols, the target's cell 0 until it is known */
    char **texts;     /* rows texts of the target */
    int *lines;       /* rows line numbers */
    long rows, cap;
} Reader;

/* Read the header and find the target column (NULL: the last). */
static int header(Reader *r, const char *target)
{
    if (csv_header(&r->csv, &r->names, &r->cols) != 0)
        return -1;
    r->target = r->cols - 1;
    if (!target)
        return 0;
    for (int j = 0; j < r->cols; j++)
        if (strcmp(r->names[j], target) == 0)
            return r->target = j, 0;
    /* "path: no column ...", no line: the whole file lacks it */
    char *err = r->csv.err;
    size_t len = r->csv.errlen;
    int w = snprintf(err, len, "%s: no column \"%s\"; its columns are: ", r->csv.name, target);
    if (w >= 0 && (size_t)w + 6 <= len)
        csv_join_names(err + w, len - (size_t)w, r->names, r->cols);
    return -1;
}

/* Room for one more row. */
static int grow(Reader *r)
{
    if (r->rows < r->cap)
        return 0;
    long cap = r->cap ? 2 * r->cap : 256;
    if (cap > INT_MAX / r->cols)
        return -1;
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

/* Check the target's field f: any text but one that is not printable
 * UTF-8 (it becomes a class name, printed later) or a number that is not
 * finite ("nan", "inf"). */
static int check_target(const Reader *r, const CsvField *f)
{
    double x;
    if (csv_not_text(f->text, f->len) < f->len) {
        char name[CSV_QUOTE_LEN], found[CSV_QUOTE_LEN];
        csv_quote(name, sizeof name, r->names[r->target], strlen(r->names[r->target]));
        csv_quote(found, sizeof found, f->text, f->len);
        return csv_fail(&r->csv, f->col, "%s in column %s is not printable UTF-8 text; "
                        "expected class names saved as UTF-8", found, name);
    }
    if (csv_number(f->text, r->csv.sep, &x) == 0 && !isfinite(x))
        return csv_bad_number(&r->csv, f, r->names[r->target]);
    return 0;
}

/* The fields of the row csv_row read: numbers, and the target's text. */
static int row(Reader *r)
{
    if (grow(r) != 0)
        return csv_fail(&r->csv, 0, "out of memory");
    double *v = &r->values[r->rows * r->cols];
    for (int j = 0; j < r->cols; j++) {
        const CsvField *f = &r->csv.fields[j];
        v[j] = 0.0;
        if (f->len == 0) {
            char name[CSV_QUOTE_LEN];
            csv_quote(name, sizeof name, r->names[j], strlen(r->names[j]));
            return csv_fail(&r->csv, f->col, "an empty field in column %s", name);
        }
        if (j == r->target) {
            if (check_target(r, f) != 0)
                return -1;
        } else if (csv_number(f->text, r->csv.sep, &v[j]) != 0 || !isfinite(v[j])) {
            return csv_bad_number(&r->csv, f, r->names[j]);
        }
    }
    if (!(r->texts[r->rows] = strdup(r->csv.fields[r->target].text)))
        return csv_fail(&r->csv, 0, "out of memory");
    r->lines[r->rows++] = (int)r->csv.line;
    return 0;
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
        all_numbers = csv_number(r->texts[i], r->csv.sep, &x) == 0 && isfinite(x);
    }
    if (all_numbers) {
        for (long i = 0; i < r->rows; i++)
            csv_number(r->texts[i], r->csv.sep, &r->values[i * r->cols + r->target]);
        return 0;
    }
    /* the different texts, sorted: a sorted copy, then its runs */
    r->csv.line = 0; /* the whole column, no line */
    char **sorted = malloc((size_t)r->rows * sizeof *sorted);
    if (!sorted)
        return csv_fail(&r->csv, 0, "out of memory");
    memcpy(sorted, r->texts, (size_t)r->rows * sizeof *sorted);
    qsort(sorted, (size_t)r->rows, sizeof *sorted, by_text);
    int k = 0;
    for (long i = 0; i < r->rows; i++)
        if (i == 0 || strcmp(sorted[i], sorted[i - 1]) != 0)
            sorted[k++] = sorted[i];
    int rc = 0;
    if (k > DATA_MAX_CLASSES)
        rc = csv_fail(&r->csv, 0, "the target \"%s\" holds %d different texts; at most %d classes",
                      r->names[r->target], k, DATA_MAX_CLASSES);
    else if (!(t->classes = calloc((size_t)k, sizeof *t->classes)))
        rc = csv_fail(&r->csv, 0, "out of memory");
    for (int c = 0; rc == 0 && c < k; c++)
        if (!(t->classes[t->n_classes++] = strdup(sorted[c])))
            rc = csv_fail(&r->csv, 0, "out of memory");
    for (long i = 0; rc == 0 && i < r->rows; i++) {
        char **hit = bsearch(&r->texts[i], t->classes, (size_t)k, sizeof *t->classes, by_text);
        r->values[i * r->cols + r->target] = (double)(hit - t->classes);
    }
    free(sorted);
    return rc;
}

/* The header, then every row. */
static int read_rows(Reader *r, const char *target_name)
{
    int rc = header(r, target_name);
    while (rc == 0 && (rc = csv_row(&r->csv)) == 1)
        rc = row(r);
    if (rc == 0 && r->rows == 0) {
        r->csv.line = r->csv.header_line;
        rc = csv_fail(&r->csv, 0, "only a header row; expected rows of data after it");
    }
    return rc;
}

int csvtext_parse(CsvText *t, const char *name, const char *text, size_t len,
                  const char *target_name, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    Reader r = {0};
    int rc = csv_begin(&r.csv, name, text, len, err, errlen);
    if (rc == 0)
        rc = read_rows(&r, target_name);
    if (rc == 0)
        rc = target(&r, t);
    if (rc == 0 && !(t->table.values = mat_from((int)r.rows, r.cols, r.values)))
        rc = csv_fail(&r.csv, 0, "out of memory");
    csv_end(&r.csv);
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

int csvtext_load(CsvText *t, const char *path, const char *target_name, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    char *text;
    size_t len;
    int rc = csv_read_file(path, &text, &len, err, errlen);
    if (rc == 0)
        rc = csvtext_parse(t, path, text, len, target_name, err, errlen);
    free(text);
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
