/* data.c - CSV loading, standardization, splits and toy sets; see data.h. */
#define _POSIX_C_SOURCE 200809L
#include "data.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "check.h"
#include "csv.h"

/* ---- CSV (read by csv.c) ------------------------------------------------------ */

/* A growing array of values, row after row, and the line of each row. */
typedef struct {
    double *v;
    long len, cap;
    int *lines;
    long rows, lines_cap;
} Values;

static int lines_push(Values *vals, long line)
{
    if (vals->rows == vals->lines_cap) {
        long cap = vals->lines_cap ? 2 * vals->lines_cap : 256;
        int *l = realloc(vals->lines, (size_t)cap * sizeof *l);
        if (!l)
            return -1;
        vals->lines = l;
        vals->lines_cap = cap;
    }
    vals->lines[vals->rows++] = (int)line;
    return 0;
}

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

/* The numbers of the row csv_row read, onto vals. With use not NULL, a
 * column without use[j] may hold anything: a field of it that is not a
 * finite number is NAN, not an error. */
static int parse_row(CsvReader *r, const DataTable *t, const unsigned char *use, Values *vals)
{
    if (vals->rows == INT_MAX || vals->len > INT_MAX - t->cols)
        return csv_fail(r, 0, "more rows than a table holds");
    for (int j = 0; j < t->cols; j++) {
        const CsvField *f = &r->fields[j];
        double x = NAN;
        if (use && !use[j]) {
            if (csv_number(f->text, r->sep, &x) != 0 || !isfinite(x))
                x = NAN; /* a name, a date, "n/a": the column is not used */
        } else if (f->len == 0) {
            char name[CSV_QUOTE_LEN];
            csv_quote(name, sizeof name, t->names[j], strlen(t->names[j]));
            return csv_fail(r, f->col, "expected a number in column %s, found an empty field",
                            name);
        } else if (csv_number(f->text, r->sep, &x) != 0 || !isfinite(x)) {
            return csv_bad_number(r, f, t->names[j]);
        }
        if (values_push(vals, x) != 0)
            return csv_fail(r, 0, "out of memory");
    }
    if (lines_push(vals, r->line) != 0)
        return csv_fail(r, 0, "out of memory");
    return 0;
}

/* The rows after the header into t->values and t->lines (see parse_row
 * for use). Returns 0 or -1 with the message in r's err. */
static int parse_rows(CsvReader *r, DataTable *t, const unsigned char *use)
{
    Values vals = {0};
    int rc;
    while ((rc = csv_row(r)) == 1)
        if ((rc = parse_row(r, t, use, &vals)) != 0)
            break;
    if (rc == 0 && vals.rows == 0) {
        r->line = r->header_line;
        rc = csv_fail(r, 0, "only a header row; expected rows of numbers after it");
    }
    if (rc == 0) {
        t->values = mat_new((int)vals.rows, t->cols);
        if (!t->values)
            rc = csv_fail(r, 0, "out of memory");
        else
            memcpy(t->values->data, vals.v, (size_t)vals.len * sizeof *vals.v);
    }
    free(vals.v);
    t->lines = vals.lines; /* owned by t from here */
    return rc;
}

int data_parse_csv(DataTable *t, const char *name, const char *text, size_t len, char *err,
                   size_t errlen)
{
    memset(t, 0, sizeof *t);
    CsvReader r;
    int rc = csv_begin(&r, name, text, len, err, errlen);
    if (rc == 0)
        rc = csv_header(&r, &t->names, &t->cols);
    if (rc == 0)
        rc = parse_rows(&r, t, NULL);
    csv_end(&r);
    if (rc != 0)
        data_table_free(t);
    return rc;
}

int data_load_csv(DataTable *t, const char *path, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    char *text;
    size_t len;
    int rc = csv_read_file(path, &text, &len, err, errlen);
    if (rc == 0)
        rc = data_parse_csv(t, path, text, len, err, errlen);
    free(text);
    return rc;
}

void data_table_free(DataTable *t)
{
    mat_free(t->values);
    for (int j = 0; t->names && j < t->cols; j++)
        free(t->names[j]);
    free(t->names);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

int data_row_line(const DataTable *t, int i)
{
    CHECK(t->values != NULL && i >= 0 && i < t->values->rows, "row %d of a table of %d rows", i,
          t->values ? t->values->rows : 0);
    return t->lines ? t->lines[i] : i + 2; /* without blank lines: after the header */
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

/* ---- targets and labels -------------------------------------------------- */

/* Write printf-style text into err. */
static void say(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* What a message calls the targets: "label \"name\"", or "label". */
static void naming(char *buf, size_t len, const char *noun, const char *name)
{
    if (name)
        snprintf(buf, len, "%s \"%s\"", noun, name);
    else
        snprintf(buf, len, "%s", noun);
}

/* The first row of a one-hot y that is not a single 1 among 0s, or -1. */
static int bad_onehot_row(const Mat *y)
{
    for (int i = 0; i < y->rows; i++) {
        int ones = 0, others = 0;
        for (int j = 0; j < y->cols; j++) {
            double v = MAT_AT(y, i, j);
            ones += v == 1.0;
            others += v != 1.0 && v != 0.0;
        }
        if (ones != 1 || others != 0)
            return i;
    }
    return -1;
}

int data_check_labels(const Mat *y, const DataTarget *want, const char *name, int *row,
                      char *err, size_t errlen)
{
    char who[160];
    int k = want->classes;
    *row = -1;
    CHECK(k == 0 || k >= 2, "%d classes", k);
    if (want->kind == DATA_TARGET_ONEHOT) {
        if (k != 0 && y->cols != k) {
            say(err, errlen, "expected one-hot rows of %d columns (one per class), found %d "
                "columns", k, y->cols);
            return -1;
        }
        if (y->cols < 2) {
            say(err, errlen, "expected one-hot rows of at least 2 columns (one per class), "
                "found %d", y->cols);
            return -1;
        }
        k = y->cols;
        int i = bad_onehot_row(y);
        if (i >= 0) {
            *row = i;
            naming(who, sizeof who, "one-hot row", name);
            say(err, errlen, "the %s has no single 1 among 0s; expected one 1 (the class) and 0 "
                "elsewhere", who);
            return -1;
        }
        return k;
    }
    if (y->cols != 1) {
        say(err, errlen, "expected one %s per row (1 column), found %d columns",
            want->kind == DATA_TARGET_REAL ? "target" : "label", y->cols);
        return -1;
    }
    naming(who, sizeof who, want->kind == DATA_TARGET_REAL ? "target" : "label", name);
    int infer = want->kind == DATA_TARGET_CLASS && k == 0;
    int largest = -1;
    for (int i = 0; i < y->rows; i++) {
        double v = MAT_AT(y, i, 0);
        *row = i;
        switch (want->kind) {
        case DATA_TARGET_REAL:
            if (!isfinite(v)) {
                say(err, errlen, "the %s is %.15g; expected a finite number", who, v);
                return -1;
            }
            break;
        case DATA_TARGET_01:
            if (v != 0.0 && v != 1.0) {
                say(err, errlen, "the %s is %.15g; expected 0 or 1", who, v);
                return -1;
            }
            break;
        case DATA_TARGET_SIGNS:
            if (v != -1.0 && v != 1.0) {
                say(err, errlen, "the %s is %.15g; expected -1 or 1", who, v);
                return -1;
            }
            break;
        case DATA_TARGET_CLASS: {
            int limit = infer ? DATA_MAX_CLASSES : k;
            if (!(v >= 0 && v < limit && v == floor(v))) {
                if (infer)
                    say(err, errlen, "the %s is %.15g; expected a class index, a whole number "
                        "0, 1, 2, ... (at most %d)", who, v, limit - 1);
                else
                    say(err, errlen, "the %s is %.15g; expected a class index, a whole number "
                        "0 to %d", who, v, limit - 1);
                return -1;
            }
            if ((int)v > largest)
                largest = (int)v;
            break;
        }
        case DATA_TARGET_ONEHOT:
            break; /* handled above */
        }
    }
    *row = -1;
    switch (want->kind) {
    case DATA_TARGET_REAL:
        return 0;
    case DATA_TARGET_01:
    case DATA_TARGET_SIGNS:
        return 2;
    default:
        if (!infer)
            return k;
        if (largest < 1) {
            if (y->rows == 0)
                say(err, errlen, "no labels to count the classes of");
            else
                say(err, errlen, "every %s is 0; expected at least two classes, 0 and 1", who);
            return -1;
        }
        return largest + 1;
    }
}

/* ---- features + target from a CSV ------------------------------------------- */

/* "path: message" into err; returns -1. */
static int xy_fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
    int n = snprintf(err, errlen, "%s: ", path);
    if (n >= 0 && (size_t)n < errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + n, errlen - n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The column called name, or -1 with the message listing the columns. */
static int xy_column(const DataTable *t, const char *name, const char *path, char *err,
                     size_t errlen)
{
    int j = data_column_index(t, name);
    if (j >= 0)
        return j;
    int n = snprintf(err, errlen, "%s: no column \"%s\"; its columns are: ", path, name);
    if (n >= 0 && (size_t)n + 6 <= errlen)
        csv_join_names(err + n, errlen - (size_t)n, t->names, t->cols);
    return -1;
}

/* Pick the columns: d->target, d->features, d->n_features. */
static int xy_columns(DataXY *d, const DataXYSpec *spec, const char *path, char *err,
                      size_t errlen)
{
    const DataTable *t = &d->table;
    if (spec->target) {
        if ((d->target = xy_column(t, spec->target, path, err, errlen)) < 0)
            return -1;
    } else {
        int j = spec->target_col < 0 ? t->cols + spec->target_col : spec->target_col;
        if (j < 0 || j >= t->cols)
            return xy_fail(err, errlen, path, "no column %d for the target; found %d columns",
                           spec->target_col, t->cols);
        d->target = j;
    }
    int every = !spec->features && !spec->feature_cols;
    if (every && spec->n_features > 0 && t->cols != spec->n_features + 1)
        return xy_fail(err, errlen, path, "expected %d columns (%d feature%s and the target), "
                       "found %d", spec->n_features + 1, spec->n_features,
                       spec->n_features == 1 ? "" : "s", t->cols);
    if (every && t->cols < 2)
        return xy_fail(err, errlen, path, "expected feature columns besides the target, "
                       "found %d column", t->cols);
    d->n_features = every ? t->cols - 1 : spec->n_features;
    d->features = malloc((size_t)d->n_features * sizeof *d->features);
    if (!d->features)
        return xy_fail(err, errlen, path, "out of memory");
    for (int k = 0, j = 0; k < d->n_features; k++) {
        if (spec->features) {
            if ((d->features[k] = xy_column(t, spec->features[k], path, err, errlen)) < 0)
                return -1;
        } else if (spec->feature_cols) {
            int c = spec->feature_cols[k];
            if (c < 0 || c >= t->cols)
                return xy_fail(err, errlen, path, "expected a feature in column %d, found %d "
                               "columns", c + 1, t->cols);
            d->features[k] = c;
        } else {
            if (j == d->target)
                j++;
            d->features[k] = j++;
        }
    }
    return 0;
}

/* Read the file at path into d->table, choosing the columns (d->target,
 * d->features) from its header before its rows: only the chosen columns
 * must hold numbers, so a column of names or dates that is not chosen
 * does no harm (NAN in d->table). Returns 0, DATA_CANNOT_OPEN or -1. */
static int xy_read(DataXY *d, const DataXYSpec *spec, const char *path, char *err,
                   size_t errlen)
{
    char *text;
    size_t len;
    int rc = csv_read_file(path, &text, &len, err, errlen);
    if (rc != 0)
        return rc;
    CsvReader r;
    unsigned char *use = NULL;
    DataTable *t = &d->table;
    rc = csv_begin(&r, path, text, len, err, errlen);
    if (rc == 0)
        rc = csv_header(&r, &t->names, &t->cols);
    if (rc == 0)
        rc = xy_columns(d, spec, path, err, errlen);
    if (rc == 0 && !(use = calloc((size_t)t->cols, 1)))
        rc = xy_fail(err, errlen, path, "out of memory");
    if (rc == 0) {
        use[d->target] = 1;
        for (int k = 0; k < d->n_features; k++)
            use[d->features[k]] = 1;
        rc = parse_rows(&r, t, use);
    }
    csv_end(&r);
    free(use);
    free(text);
    return rc;
}

int data_load_xy(DataXY *d, const char *path, const DataXYSpec *spec, char *err,
                 size_t errlen)
{
    CHECK(spec->want.kind != DATA_TARGET_ONEHOT, "a CSV target is one column, not one-hot");
    CHECK(spec->n_features >= 1 || (!spec->features && !spec->feature_cols),
          "%d features named", spec->n_features);
    memset(d, 0, sizeof *d);
    int rc = xy_read(d, spec, path, err, errlen);
    if (rc != 0)
        goto fail;
    rc = -1;
    d->X = data_select(&d->table, d->features, d->n_features);
    d->y = data_select(&d->table, &d->target, 1);
    if (!d->X || !d->y) {
        xy_fail(err, errlen, path, "out of memory");
        goto fail;
    }
    /* the other coding of two classes: 0 -> -1 (signs), -1 -> 0 (0/1) */
    int relabel = spec->relabel && (spec->want.kind == DATA_TARGET_SIGNS ||
                                    spec->want.kind == DATA_TARGET_01);
    double from = spec->want.kind == DATA_TARGET_SIGNS ? 0.0 : -1.0;
    double to = spec->want.kind == DATA_TARGET_SIGNS ? -1.0 : 0.0;
    for (int i = 0; relabel && i < d->y->rows; i++)
        if (MAT_AT(d->y, i, 0) == from)
            MAT_AT(d->y, i, 0) = to;
    int row;
    char msg[DATA_ERR_LEN];
    d->classes = data_check_labels(d->y, &spec->want, d->table.names[d->target], &row, msg,
                                   sizeof msg);
    if (d->classes < 0) {
        /* a relabelled value is never bad: msg holds the file's value */
        if (row >= 0)
            snprintf(err, errlen, "%s:%d: %s%s", path, data_row_line(&d->table, row), msg,
                     relabel ? (from == 0.0 ? " (0 is read as -1)" : " (-1 is read as 0)") : "");
        else
            xy_fail(err, errlen, path, "%s", msg);
        goto fail;
    }
    return 0;
fail:
    data_xy_free(d);
    return rc;
}

void data_xy_free(DataXY *d)
{
    data_table_free(&d->table);
    mat_free(d->X);
    mat_free(d->y);
    free(d->features);
    memset(d, 0, sizeof *d);
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

/* ---- IDX files ------------------------------------------------------------------ */

/* The most values an IDX item may hold, and the most items, as read here:
 * far above Fashion-MNIST's 784 and 60,000, far below what overflows. */
#define IDX_MAX_ITEM_BYTES (1L << 26)
#define IDX_MAX_ITEMS ((1L << 31) - 1)

/* Read up to n bytes into buf (NULL: read and drop them); returns how many
 * were read before the end of the data. A gzip stream that is corrupt, or
 * ends in the middle, sets *why to zlib's reason ("unexpected end of
 * file", "invalid block type", without the "path: " zlib puts before it);
 * else *why is NULL. */
static long idx_read(gzFile f, const char *path, unsigned char *buf, long n, const char **why)
{
    unsigned char scrap[4096];
    long got = 0;
    *why = NULL;
    while (got < n) {
        long want = n - got;
        if (!buf && want > (long)sizeof scrap)
            want = sizeof scrap;
        if (want > (1L << 30))
            want = 1L << 30;
        int r = gzread(f, buf ? buf + got : scrap, (unsigned)want);
        if (r <= 0)
            break;
        got += r;
    }
    int code;
    const char *msg = gzerror(f, &code);
    size_t len = strlen(path);
    if (code != Z_OK && code != Z_STREAM_END)
        *why = strncmp(msg, path, len) == 0 && strncmp(msg + len, ": ", 2) == 0 ? msg + len + 2
                                                                                : msg;
    return got;
}

/* "unsigned bytes, 3 dimensions" or what else the 4 bytes of a magic number say. */
static void idx_describe(char *buf, size_t len, const unsigned char m[4])
{
    if (m[0] != 0 || m[1] != 0)
        snprintf(buf, len, "not an IDX file: it must start with two 0 bytes");
    else if (m[2] != 0x08)
        snprintf(buf, len, "values of type 0x%02x, not unsigned bytes (0x08)", m[2]);
    else
        snprintf(buf, len, "unsigned bytes, %d dimension%s", m[3], m[3] == 1 ? "" : "s");
}

/* The header: the magic number, then dims big-endian sizes. */
static int idx_header(DataIdx *idx, gzFile f, const char *path, int dims, char *err,
                      size_t errlen)
{
    unsigned char head[4 + 4 * DATA_IDX_MAX_DIMS];
    long need = 4 + 4L * dims;
    const char *why;
    long got = idx_read(f, path, head, need, &why);
    if (why && got < need)
        return xy_fail(err, errlen, path, "corrupt gzip data in the header: %s", why);
    if (got >= 4 && (head[0] || head[1] || head[2] != 0x08 || head[3] != dims)) {
        char found[80];
        idx_describe(found, sizeof found, head);
        return xy_fail(err, errlen, path,
                        "magic number 0x%02x%02x%02x%02x (%s); expected 0x000008%02x "
                        "(unsigned bytes, %d dimension%s)",
                        head[0], head[1], head[2], head[3], found, dims, dims,
                        dims == 1 ? "" : "s");
    }
    if (got < need)
        return xy_fail(err, errlen, path, "truncated: the header needs %ld bytes, the file has %ld",
                        need, got);
    idx->dims = dims;
    idx->item_bytes = 1;
    for (int d = 0; d < dims; d++) {
        const unsigned char *b = &head[4 + 4 * d];
        /* big-endian: the most significant byte first */
        unsigned long size = (unsigned long)b[0] << 24 | (unsigned long)b[1] << 16 |
                             (unsigned long)b[2] << 8 | (unsigned long)b[3];
        if (size == 0)
            return xy_fail(err, errlen, path, "the header announces a size of 0 in dimension %d",
                            d + 1);
        idx->size[d] = (long)size;
        if (d > 0)
            idx->item_bytes *= (long)size;
        if (idx->item_bytes > IDX_MAX_ITEM_BYTES || idx->size[0] > IDX_MAX_ITEMS)
            return xy_fail(err, errlen, path,
                            "the header announces sizes too large to read (dimension %d: %lu)",
                            d + 1, size);
    }
    return 0;
}

/* The first bytes a read of the items asks room for (see idx_values). */
#define IDX_FIRST_CHUNK (1L << 20)

/* The items, then (when all were read) nothing more. The buffer grows
 * with what the file holds (1 MiB, then doubling), not with what the
 * header announces: a 16-byte file that announces 2^31 items of 2^26
 * bytes costs 1 MiB, not an allocation of 2^57 bytes. */
static int idx_values(DataIdx *idx, gzFile f, const char *path, char *err, size_t errlen)
{
    long n = idx->items * idx->item_bytes, cap = 0, got = 0;
    const char *why = NULL;
    while (got == cap && cap < n) {
        long bigger = cap ? 2 * cap : IDX_FIRST_CHUNK;
        if (bigger > n)
            bigger = n;
        unsigned char *bytes = realloc(idx->bytes, (size_t)bigger);
        if (!bytes)
            return xy_fail(err, errlen, path, "out of memory for %ld items of %ld bytes",
                            idx->items, idx->item_bytes);
        idx->bytes = bytes;
        cap = bigger;
        got += idx_read(f, path, idx->bytes + got, cap - got, &why);
    }
    if (why && !(got < n && strstr(why, "unexpected end")))
        return xy_fail(err, errlen, path, "corrupt gzip data: %s", why);
    if (got < n) {
        long whole = got / idx->item_bytes, part = got % idx->item_bytes;
        const char *how = why ? " (the gzip stream ends early)" : "";
        if (part > 0)
            return xy_fail(err, errlen, path,
                            "truncated: item %ld of %ld ends after %ld of its %ld bytes%s",
                            whole + 1, idx->size[0], part, idx->item_bytes, how);
        return xy_fail(err, errlen, path,
                        "truncated: the file ends after %ld of the %ld items the header announces%s",
                        whole, idx->size[0], how);
    }
    if (idx->items < idx->size[0])
        return 0; /* the rest is not read, so not checked */
    long extra = idx_read(f, path, NULL, IDX_MAX_ITEM_BYTES, &why);
    if (why)
        return xy_fail(err, errlen, path, "corrupt gzip data after the last item: %s", why);
    if (extra > 0)
        return xy_fail(err, errlen, path,
                        "%ld%s bytes after the last of the %ld items the header announces", extra,
                        extra == IDX_MAX_ITEM_BYTES ? " or more" : "", idx->size[0]);
    return 0;
}

int data_load_idx(DataIdx *idx, const char *path, int dims, long max_items, char *err,
                  size_t errlen)
{
    CHECK(dims >= 1 && dims <= DATA_IDX_MAX_DIMS, "an IDX file of %d dimensions", dims);
    memset(idx, 0, sizeof *idx);
    errno = 0;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        xy_fail(err, errlen, path, "cannot open: %s",
                 errno ? strerror(errno) : "out of memory");
        return DATA_CANNOT_OPEN;
    }
    gzbuffer(f, 1u << 16);
    int rc = idx_header(idx, f, path, dims, err, errlen);
    if (rc == 0) {
        idx->items = max_items > 0 && max_items < idx->size[0] ? max_items : idx->size[0];
        rc = idx_values(idx, f, path, err, errlen);
    }
    gzclose(f);
    if (rc != 0)
        data_idx_free(idx);
    return rc;
}

void data_idx_free(DataIdx *idx)
{
    free(idx->bytes);
    memset(idx, 0, sizeof *idx);
}

int data_load_idx_images(Mat **X, Mat **y, const char *images, const char *labels,
                         long max_items, char *err, size_t errlen)
{
    *X = *y = NULL;
    DataIdx im = {0}, lab = {0};
    int rc = data_load_idx(&im, images, 3, max_items, err, errlen);
    if (rc == 0)
        rc = data_load_idx(&lab, labels, 1, max_items, err, errlen);
    if (rc == 0 && im.size[0] != lab.size[0])
        rc = xy_fail(err, errlen, images, "announces %ld images but %s %ld labels", im.size[0],
                      labels, lab.size[0]);
    if (rc == 0) {
        *X = mat_new((int)im.items, (int)im.item_bytes);
        *y = mat_new((int)lab.items, 1);
        if (!*X || !*y) {
            mat_free(*X);
            mat_free(*y);
            *X = *y = NULL;
            rc = xy_fail(err, errlen, images, "out of memory for %ld images", im.items);
        }
    }
    for (long i = 0; rc == 0 && i < im.items * im.item_bytes; i++)
        (*X)->data[i] = im.bytes[i] / 255.0; /* 0..255 -> [0, 1] */
    for (long i = 0; rc == 0 && i < lab.items; i++)
        (*y)->data[i] = lab.bytes[i];
    data_idx_free(&im);
    data_idx_free(&lab);
    return rc;
}
