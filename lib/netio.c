/* netio.c - saving and loading a model as text; see net.h and the README
 * section "Saving a model".
 *
 *     annlab-model 1
 *     inputs 4
 *     layers 3
 *     dense 8 relu 0 1              kind, units, activation, its alpha and beta
 *     batchnorm 8 0.99 0.001        momentum, eps
 *     dense 3 softmax 0 1
 *     params 8
 *     param dense/W 4 8             name, rows, cols; then one line per row
 *     0.12 -0.5 ...
 *     ...
 *     end
 *
 * Other layer lines: "activation N ACT ALPHA BETA", "dropout N RATE",
 * "add N FROM". Every number is written with 17 significant digits, which
 * strtod reads back as the very same double: a loaded model predicts bit
 * for bit what the saved one did.
 */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "net.h"

#define NETIO_MAGIC "annlab-model"
#define NETIO_VERSION 1
#define NETIO_MAX_LAYERS 100000
#define NETIO_MAX_UNITS 1000000 /* a layer's units; also the inputs and every layer's, in all */

/* ---- saving ------------------------------------------------------------- */

static void save_layer(FILE *fp, const Layer *L)
{
    switch (L->kind) {
    case LAYER_DENSE:
    case LAYER_ACTIVATION:
        fprintf(fp, "%s %d %s %.17g %.17g\n", L->kind == LAYER_DENSE ? "dense" : "activation",
                L->n_out, act_name(L->act.kind), L->act.alpha, L->act.beta);
        break;
    case LAYER_DROPOUT: fprintf(fp, "dropout %d %.17g\n", L->n_out, L->rate); break;
    case LAYER_BATCHNORM:
        fprintf(fp, "batchnorm %d %.17g %.17g\n", L->n_out, L->momentum, L->eps);
        break;
    case LAYER_ADD: fprintf(fp, "add %d %d\n", L->n_out, L->skip); break;
    }
}

int net_save(const Net *net, const char *path, char *err, size_t len)
{
    FILE *fp = fopen(path, "w");
    if (!fp) {
        snprintf(err, len, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    fprintf(fp, "%s %d\ninputs %d\nlayers %d\n", NETIO_MAGIC, NETIO_VERSION, net->n_in,
            net->n_layers);
    for (int k = 0; k < net->n_layers; k++)
        save_layer(fp, net->layers[k]);
    fprintf(fp, "params %d\n", net->n_params);
    for (int p = 0; p < net->n_params; p++) {
        const Mat *V = net->params[p].value;
        fprintf(fp, "param %s %d %d\n", net->params[p].name, V->rows, V->cols);
        for (int i = 0; i < V->rows; i++)
            for (int j = 0; j < V->cols; j++)
                fprintf(fp, "%.17g%c", MAT_AT(V, i, j), j + 1 < V->cols ? ' ' : '\n');
    }
    fprintf(fp, "end\n");
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad) {
        snprintf(err, len, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* ---- loading ------------------------------------------------------------ */

/* The file being read, line by line. */
typedef struct {
    FILE *fp;
    const char *path;
    int line;        /* 1-based number of the line in buf */
    char *buf;
    size_t cap;
    char *err;
    size_t len;
    long size;       /* bytes in the file (LONG_MAX when not a regular file) */
    long units;      /* the inputs and the units of the layers read so far */
} Reader;

/* "path:line: message"; returns -1. */
static int fail(Reader *r, const char *fmt, ...)
{
    int n = snprintf(r->err, r->len, "%s:%d: ", r->path, r->line);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < r->len)
        vsnprintf(r->err + n, r->len - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* The next line, without its line end; NULL (and an error) at the end of
 * the file, where `what` was expected. */
static char *next_line(Reader *r, const char *what)
{
    ssize_t n = getline(&r->buf, &r->cap, r->fp);
    r->line++;
    if (n < 0) {
        fail(r, "the file ends where %s was expected (truncated?)", what);
        return NULL;
    }
    if ((size_t)n != strlen(r->buf)) {
        fail(r, "a NUL byte: this is not a model file");
        return NULL;
    }
    r->buf[strcspn(r->buf, "\r\n")] = '\0';
    return r->buf;
}

/* "KEY N" with N in [lo, hi] into *n. */
static int read_count(Reader *r, const char *key, int lo, int hi, int *n)
{
    char *s = next_line(r, key);
    if (!s)
        return -1;
    char word[32], extra;
    if (sscanf(s, "%31s %d %c", word, n, &extra) != 2 || strcmp(word, key) != 0)
        return fail(r, "expected \"%s N\", found \"%.40s\"", key, s);
    if (*n < lo || *n > hi)
        return fail(r, "%s %d is outside %d..%d", key, *n, lo, hi);
    return 0;
}

/* Before a layer of n units and `numbers` parameters is allocated: the
 * units in all stay within NETIO_MAX_UNITS, and the rest of the file can
 * hold the parameters, each written as a number and a blank or line end,
 * 2 bytes at the least. So a 60-byte file cannot ask for terabytes. */
static int room_for(Reader *r, const char *kind, int n, double numbers)
{
    if (r->units + n > NETIO_MAX_UNITS)
        return fail(r, "more than %d units in all (inputs and layers)", NETIO_MAX_UNITS);
    r->units += n;
    if (2 * numbers > (double)(r->size - ftell(r->fp)))
        return fail(r, "a %s layer of %.0f parameters, more than the rest of the file holds "
                       "(truncated?)", kind, numbers);
    return 0;
}

/* The ActKind called name (act_name's spelling): 0, or -1 with "unknown
 * activation "rellu"; expected one of: linear, step, ..., softmax". */
static int act_from_name(Reader *r, const char *name, ActKind *kind)
{
    for (int k = ACT_LINEAR; k <= ACT_SOFTMAX; k++)
        if (strcmp(act_name((ActKind)k), name) == 0) {
            *kind = (ActKind)k;
            return 0;
        }
    char names[200];
    int w = 0;
    for (int k = ACT_LINEAR; k <= ACT_SOFTMAX && w >= 0 && (size_t)w < sizeof names; k++)
        w += snprintf(names + w, sizeof names - (size_t)w, "%s%s", k ? ", " : "",
                      act_name((ActKind)k));
    return fail(r, "unknown activation \"%.31s\"; expected one of: %s", name, names);
}

/* One layer line, appended to net. */
static int load_layer(Reader *r, Net *net)
{
    char *s = next_line(r, "a layer");
    if (!s)
        return -1;
    char kind[32], act[32], extra;
    int n, skip;
    double a, b;
    int width = net_n_out(net), rc;
    if (sscanf(s, "%31s %d", kind, &n) != 2 || n < 1 || n > NETIO_MAX_UNITS)
        return fail(r, "expected a layer (\"dense 8 relu 0 1\"), found \"%.40s\"", s);
    if (strcmp(kind, "dense") != 0 && n != width)
        return fail(r, "a %s layer of %d units after a layer of %d", kind, n, width);
    if (strcmp(kind, "dense") == 0 || strcmp(kind, "activation") == 0) {
        ActKind k = ACT_LINEAR;
        if (sscanf(s, "%*s %*d %31s %lf %lf %c", act, &a, &b, &extra) != 3 || !isfinite(a) ||
            !isfinite(b))
            return fail(r, "expected \"%s N ACTIVATION ALPHA BETA\", found \"%.40s\"", kind, s);
        if (act_from_name(r, act, &k) != 0)
            return -1;
        /* dense: W (width x n) and b (1 x n) */
        if (room_for(r, kind, n, kind[0] == 'd' ? ((double)width + 1) * n : 0) != 0)
            return -1;
        Act f = {.kind = k, .alpha = a, .beta = b};
        rc = kind[0] == 'd' ? net_add(net, n, f) : net_add_activation(net, f);
    } else if (strcmp(kind, "dropout") == 0) {
        if (sscanf(s, "%*s %*d %lf %c", &a, &extra) != 1 || !(a >= 0 && a < 1))
            return fail(r, "expected \"dropout N RATE\" with 0 <= RATE < 1, found \"%.40s\"", s);
        if (room_for(r, kind, n, 0) != 0)
            return -1;
        rc = net_add_dropout(net, a);
    } else if (strcmp(kind, "batchnorm") == 0) {
        if (sscanf(s, "%*s %*d %lf %lf %c", &a, &b, &extra) != 2 || !(a >= 0 && a <= 1) ||
            !(b > 0 && isfinite(b)))
            return fail(r, "expected \"batchnorm N MOMENTUM EPS\", found \"%.40s\"", s);
        if (room_for(r, kind, n, 4.0 * n) != 0) /* gamma, beta, moving mean and variance */
            return -1;
        if ((rc = net_add_batchnorm(net)) == 0) {
            net->layers[net->n_layers - 1]->momentum = a;
            net->layers[net->n_layers - 1]->eps = b;
        }
    } else if (strcmp(kind, "add") == 0) {
        if (sscanf(s, "%*s %*d %d %c", &skip, &extra) != 1 || skip < 0 ||
            skip > net->n_layers || net->A[skip]->cols != n)
            return fail(r, "expected \"add N FROM\", FROM an earlier output %d wide, found "
                           "\"%.40s\"", n, s);
        if (room_for(r, kind, n, 0) != 0)
            return -1;
        rc = net_add_skip(net, skip);
    } else {
        return fail(r, "unknown layer kind \"%.31s\"", kind);
    }
    return rc == 0 ? 0 : fail(r, "out of memory");
}

/* "param NAME ROWS COLS" and its rows of numbers, into the parameter p. */
static int load_param(Reader *r, Param *p)
{
    char *s = next_line(r, "a parameter");
    if (!s)
        return -1;
    char name[PARAM_NAME_LEN + 1], extra;
    int rows, cols;
    if (sscanf(s, "param %48s %d %d %c", name, &rows, &cols, &extra) != 3)
        return fail(r, "expected \"param NAME ROWS COLS\", found \"%.40s\"", s);
    if (strcmp(name, p->name) != 0)
        return fail(r, "expected the parameter %s, found %s", p->name, name);
    if (rows != p->value->rows || cols != p->value->cols)
        return fail(r, "%s is %d x %d in the layers above, %d x %d here", p->name,
                    p->value->rows, p->value->cols, rows, cols);
    for (int i = 0; i < rows; i++) {
        if (!(s = next_line(r, "a row of numbers")))
            return -1;
        for (int j = 0; j < cols; j++) {
            char *end;
            errno = 0;
            double v = strtod(s, &end);
            if (end == s)
                return fail(r, "%s row %d: expected %d numbers, found %d", p->name, i + 1,
                            cols, j);
            if (!isfinite(v) || errno == ERANGE)
                return fail(r, "%s row %d, value %d: %.*s is not a finite number", p->name,
                            i + 1, j + 1, (int)(end - s > 30 ? 30 : end - s), s);
            MAT_AT(p->value, i, j) = v;
            s = end;
        }
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s)
            return fail(r, "%s row %d: more than %d numbers", p->name, i + 1, cols);
    }
    return 0;
}

/* Everything after the opening line, into a new net (*out). */
static int load_body(Reader *r, int max_rows, Net **out)
{
    int n_in, n_layers, n_params;
    if (read_count(r, "inputs", 1, NETIO_MAX_UNITS, &n_in) != 0 ||
        read_count(r, "layers", 1, NETIO_MAX_LAYERS, &n_layers) != 0)
        return -1;
    Net *net = *out = net_new(n_in, max_rows);
    if (!net)
        return fail(r, "out of memory");
    r->units = n_in;
    for (int k = 0; k < n_layers; k++)
        if (load_layer(r, net) != 0)
            return -1;
    if (read_count(r, "params", 0, 4 * NETIO_MAX_LAYERS, &n_params) != 0)
        return -1;
    if (n_params != net->n_params)
        return fail(r, "params %d, but the layers above have %d", n_params, net->n_params);
    for (int p = 0; p < n_params; p++)
        if (load_param(r, &net->params[p]) != 0)
            return -1;
    char *s = next_line(r, "end");
    if (!s)
        return -1;
    if (strcmp(s, "end") != 0)
        return fail(r, "expected \"end\", found \"%.40s\"", s);
    return 0;
}

Net *net_load(const char *path, int max_rows, char *err, size_t len)
{
    Reader r = {.path = path, .err = err, .len = len};
    r.fp = fopen(path, "r");
    if (!r.fp) {
        snprintf(err, len, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    r.size = fstat(fileno(r.fp), &st) == 0 && S_ISREG(st.st_mode) ? (long)st.st_size : LONG_MAX;
    Net *net = NULL;
    int version, rc = -1;
    char magic[32], extra;
    char *s = next_line(&r, "\"" NETIO_MAGIC " 1\"");
    if (s && (sscanf(s, "%31s %d %c", magic, &version, &extra) != 2 ||
              strcmp(magic, NETIO_MAGIC) != 0))
        fail(&r, "not an annlab model file (it should start with \"%s %d\")", NETIO_MAGIC,
             NETIO_VERSION);
    else if (s && version != NETIO_VERSION)
        fail(&r, "model file version %d; this annlab reads version %d", version, NETIO_VERSION);
    else if (s)
        rc = load_body(&r, max_rows, &net);
    free(r.buf);
    fclose(r.fp);
    if (rc != 0) {
        net_free(net);
        return NULL;
    }
    return net;
}
