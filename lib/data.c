/* data.c - CSV loading, standardization, splits and toy sets; see data.h. */
#define _POSIX_C_SOURCE 200809L
#include "data.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ---- CSV ---------------------------------------------------------------- */

/* Where the parser is, for error messages. */
typedef struct {
    const char *path;
    char *err;
    size_t errlen;
    long line; /* 1-based number of the line being parsed */
} Csv;

/* Write "path:line:col: message" (line, col left out when 0). Returns -1. */
static int csv_fail(const Csv *c, long col, const char *fmt, ...)
{
    int n;
    if (c->line > 0 && col > 0)
        n = snprintf(c->err, c->errlen, "%s:%ld:%ld: ", c->path, c->line, col);
    else if (c->line > 0)
        n = snprintf(c->err, c->errlen, "%s:%ld: ", c->path, c->line);
    else
        n = snprintf(c->err, c->errlen, "%s: ", c->path);
    if (n >= 0 && (size_t)n < c->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->errlen - n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* A field of a line: text[begin, end) with surrounding blanks trimmed. */
typedef struct {
    const char *begin, *end;
    long col; /* 1-based column of the field's first byte */
} Field;

/* DataSplit off the next field starting at *p; returns 0 at the end of line. */
static int next_field(const char **p, const char *line, int *at_end, Field *f)
{
    if (*at_end)
        return 0;
    const char *s = *p;
    const char *comma = strchr(s, ',');
    const char *e = comma ? comma : s + strlen(s);
    *at_end = comma == NULL;
    *p = comma ? comma + 1 : e;
    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    f->begin = s;
    f->end = e;
    f->col = (long)(s - line) + 1;
    return 1;
}

/* Quote at most 32 bytes of a field for a message: "abc" or "abcd...". */
static void quote_field(char *buf, size_t len, const Field *f)
{
    int n = (int)(f->end - f->begin);
    if (n > 32)
        snprintf(buf, len, "\"%.32s...\"", f->begin);
    else
        snprintf(buf, len, "\"%.*s\"", n, f->begin);
}

/* Parse a whole field as a double; 0 on success. */
static int parse_number(const Field *f, double *x)
{
    if (f->begin == f->end)
        return -1;
    char *stop;
    errno = 0;
    *x = strtod(f->begin, &stop);
    if (stop != f->end)
        return -1;
    return 0;
}

static int is_blank(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return *s == '\0';
}

/* Remove a trailing "\n" or "\r\n". */
static void chomp(char *s, ssize_t *len)
{
    while (*len > 0 && (s[*len - 1] == '\n' || s[*len - 1] == '\r'))
        s[--*len] = '\0';
}

static void free_names(char **names, int n)
{
    if (!names)
        return;
    for (int j = 0; j < n; j++)
        free(names[j]);
    free(names);
}

/* Count the fields of a line (commas + 1). */
static int count_fields(const char *line)
{
    int n = 1;
    for (const char *s = line; *s; s++)
        n += *s == ',';
    return n;
}

/* Read the header row into t->names / t->cols. */
static int parse_header(Csv *c, const char *line, DataTable *t)
{
    int n = count_fields(line);
    t->names = calloc((size_t)n, sizeof *t->names);
    if (!t->names)
        return csv_fail(c, 0, "out of memory");
    t->cols = n;
    const char *p = line;
    int at_end = 0, numbers = 0;
    Field f;
    for (int j = 0; next_field(&p, line, &at_end, &f); j++) {
        double x;
        if (f.begin == f.end)
            return csv_fail(c, f.col, "column %d has an empty name in the header row", j + 1);
        numbers += parse_number(&f, &x) == 0;
        t->names[j] = malloc((size_t)(f.end - f.begin) + 1);
        if (!t->names[j])
            return csv_fail(c, 0, "out of memory");
        memcpy(t->names[j], f.begin, (size_t)(f.end - f.begin));
        t->names[j][f.end - f.begin] = '\0';
    }
    if (numbers == n)
        return csv_fail(c, 1, "the first line holds numbers; expected a header row of column names");
    return 0;
}

/* A growing array of values, row after row. */
typedef struct {
    double *v;
    long len, cap;
} Values;

static int values_push(Values *vals, double x)
{
    if (vals->len == vals->cap) {
        long cap = vals->cap ? 2 * vals->cap : 1024;
        double *v = realloc(vals->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        vals->v = v;
        vals->cap = cap;
    }
    vals->v[vals->len++] = x;
    return 0;
}

/* Parse one data row of t->cols numbers onto vals. */
static int parse_row(Csv *c, const char *line, const DataTable *t, Values *vals)
{
    const char *p = line;
    int at_end = 0, j = 0;
    Field f;
    char found[48];
    for (; next_field(&p, line, &at_end, &f); j++) {
        if (j == t->cols)
            return csv_fail(c, f.col, "expected %d fields, found %d", t->cols,
                            count_fields(line));
        double x;
        quote_field(found, sizeof found, &f);
        if (f.begin == f.end)
            return csv_fail(c, f.col, "expected a number in column \"%s\", found an empty field",
                            t->names[j]);
        if (parse_number(&f, &x) != 0)
            return csv_fail(c, f.col, "expected a number in column \"%s\", found %s",
                            t->names[j], found);
        if (!isfinite(x))
            return csv_fail(c, f.col, "%s in column \"%s\" is not a finite number",
                            found, t->names[j]);
        if (values_push(vals, x) != 0)
            return csv_fail(c, 0, "out of memory");
    }
    if (j < t->cols)
        return csv_fail(c, (long)strlen(line) + 1, "expected %d fields, found %d",
                        t->cols, j);
    return 0;
}

/* Read every line of fp: the header, then the rows. */
static int parse_lines(Csv *c, FILE *fp, DataTable *t, Values *vals)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    int have_header = 0, rc = 0;
    long rows = 0, header_line = 0;
    while (rc == 0 && (len = getline(&buf, &cap, fp)) != -1) {
        c->line++;
        char *line = buf;
        if (c->line == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3; /* UTF-8 byte order mark */
            len -= 3;
        }
        chomp(line, &len);
        if (is_blank(line))
            continue;
        if (!have_header) {
            rc = parse_header(c, line, t);
            have_header = 1;
            header_line = c->line; /* blank lines may come before it */
        } else {
            rc = parse_row(c, line, t, vals);
            rows++;
        }
    }
    free(buf);
    if (rc == 0 && ferror(fp))
        rc = csv_fail(c, 0, "read error: %s", strerror(errno));
    else if (rc == 0 && !have_header) {
        c->line = 0; /* blank lines only: no line to point at */
        rc = csv_fail(c, 0, "the file is empty; expected a header row of column names");
    } else if (rc == 0 && rows == 0) {
        c->line = header_line;
        rc = csv_fail(c, 0, "only a header row; expected rows of numbers after it");
    }
    return rc;
}

int data_load_csv(DataTable *t, const char *path, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    Csv c = {.path = path, .err = err, .errlen = errlen, .line = 0};
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return csv_fail(&c, 0, "cannot open: %s", strerror(errno));
    Values vals = {0};
    int rc = parse_lines(&c, fp, t, &vals);
    fclose(fp);
    if (rc == 0) {
        t->values = mat_new((int)(vals.len / t->cols), t->cols);
        if (!t->values)
            rc = csv_fail(&c, 0, "out of memory");
        else
            memcpy(t->values->data, vals.v, (size_t)vals.len * sizeof *vals.v);
    }
    free(vals.v);
    if (rc != 0)
        data_table_free(t);
    return rc;
}

void data_table_free(DataTable *t)
{
    mat_free(t->values);
    free_names(t->names, t->cols);
    memset(t, 0, sizeof *t);
}

int data_column_index(const DataTable *t, const char *name)
{
    for (int j = 0; j < t->cols; j++)
        if (strcmp(t->names[j], name) == 0)
            return j;
    return -1;
}

Mat *data_select(const DataTable *t, const int *idx, int n)
{
    Mat *X = mat_new(t->values->rows, n);
    if (!X)
        return NULL;
    for (int j = 0; j < n; j++) {
        CHECK(idx[j] >= 0 && idx[j] < t->cols, "column %d of %d", idx[j], t->cols);
        for (int i = 0; i < X->rows; i++)
            MAT_AT(X, i, j) = MAT_AT(t->values, i, idx[j]);
    }
    return X;
}

/* ---- standardization ---------------------------------------------------- */

/* mean_j = 1/m sum_i x_ij,  std_j = sqrt(1/m sum_i (x_ij - mean_j)^2) */
void data_standardize(Mat *X, Mat *mean, Mat *std)
{
    CHECK_SHAPE(mean, 1, X->cols);
    CHECK_SHAPE(std, 1, X->cols);
    CHECK(X->rows > 0, "no rows");
    for (int j = 0; j < X->cols; j++) {
        double mu = 0.0, var = 0.0;
        for (int i = 0; i < X->rows; i++)
            mu += MAT_AT(X, i, j);
        mu /= X->rows;
        for (int i = 0; i < X->rows; i++) {
            double d = MAT_AT(X, i, j) - mu;
            var += d * d;
        }
        double sd = sqrt(var / X->rows);
        mean->data[j] = mu;
        std->data[j] = sd > 0 ? sd : 1.0;
    }
    data_standardize_apply(X, mean, std);
}

void data_standardize_apply(Mat *X, const Mat *mean, const Mat *std)
{
    CHECK_SHAPE(mean, 1, X->cols);
    CHECK_SHAPE(std, 1, X->cols);
    for (int i = 0; i < X->rows; i++)
        for (int j = 0; j < X->cols; j++)
            MAT_AT(X, i, j) = (MAT_AT(X, i, j) - mean->data[j]) / std->data[j];
}

/* ---- train/test split --------------------------------------------------- */

static void copy_row(Mat *dst, int di, const Mat *src, int si)
{
    memcpy(&MAT_AT(dst, di, 0), &MAT_AT(src, si, 0), (size_t)src->cols * sizeof(double));
}

int data_split(DataSplit *s, Rng *rng, const Mat *X, const Mat *y, double test_fraction)
{
    CHECK(X->rows == y->rows, "X has %d rows, y has %d", X->rows, y->rows);
    CHECK(test_fraction >= 0.0 && test_fraction <= 1.0, "test_fraction %g", test_fraction);
    int m = X->rows;
    int m_test = (int)lround(test_fraction * m);
    int *order = malloc((size_t)(m ? m : 1) * sizeof *order);
    s->X_train = mat_new(m - m_test, X->cols);
    s->y_train = mat_new(m - m_test, y->cols);
    s->X_test = mat_new(m_test, X->cols);
    s->y_test = mat_new(m_test, y->cols);
    if (!order || !s->X_train || !s->y_train || !s->X_test || !s->y_test) {
        free(order);
        data_split_free(s);
        return -1;
    }
    for (int i = 0; i < m; i++)
        order[i] = i;
    rng_shuffle(rng, order, m);
    for (int i = 0; i < m; i++) {
        int test = i < m_test;
        int at = test ? i : i - m_test;
        copy_row(test ? s->X_test : s->X_train, at, X, order[i]);
        copy_row(test ? s->y_test : s->y_train, at, y, order[i]);
    }
    free(order);
    return 0;
}

void data_split_free(DataSplit *s)
{
    mat_free(s->X_train);
    mat_free(s->y_train);
    mat_free(s->X_test);
    mat_free(s->y_test);
    memset(s, 0, sizeof *s);
}

/* ---- toy sets ------------------------------------------------------------ */

static void toy_point(Rng *rng, ToyKind kind, double noise, int label,
                      double *x1, double *x2)
{
    const double pi = 3.14159265358979323846;
    switch (kind) {
    case TOY_GAUSSIANS: {
        double c = label ? 2.0 : -2.0, sd = 0.5 + noise;
        *x1 = rng_normal(rng, c, sd);
        *x2 = rng_normal(rng, c, sd);
        return;
    }
    case TOY_XOR: {
        /* keep points 0.3 away from the axes, then jitter */
        double a, b;
        do {
            a = rng_uniform(rng, -5.0, 5.0);
            b = rng_uniform(rng, -5.0, 5.0);
        } while (fabs(a) < 0.3 || fabs(b) < 0.3 || ((a * b >= 0) != label));
        *x1 = a + rng_normal(rng, 0.0, noise);
        *x2 = b + rng_normal(rng, 0.0, noise);
        return;
    }
    case TOY_CIRCLE: {
        double r = label ? rng_uniform(rng, 0.0, 2.5) : rng_uniform(rng, 3.5, 5.0);
        double angle = rng_uniform(rng, 0.0, 2.0 * pi);
        *x1 = r * cos(angle) + rng_normal(rng, 0.0, noise);
        *x2 = r * sin(angle) + rng_normal(rng, 0.0, noise);
        return;
    }
    case TOY_SPIRAL: {
        double t = rng_uniform01(rng);
        double r = 5.0 * t, angle = 1.75 * t * 2.0 * pi + (label ? 0.0 : pi);
        *x1 = r * sin(angle) + rng_normal(rng, 0.0, noise);
        *x2 = r * cos(angle) + rng_normal(rng, 0.0, noise);
        return;
    }
    }
}

void data_toy(Rng *rng, ToyKind kind, double noise, Mat *X, Mat *y)
{
    CHECK_SHAPE(X, X->rows, 2);
    CHECK_SHAPE(y, X->rows, 1);
    for (int i = 0; i < X->rows; i++) {
        int label = i % 2;
        toy_point(rng, kind, noise, label, &MAT_AT(X, i, 0), &MAT_AT(X, i, 1));
        MAT_AT(y, i, 0) = label;
    }
}
