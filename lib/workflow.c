/* workflow.c - prepare, build, fit, evaluate, predict, and what a saved
 * model needs besides its weights; see workflow.h. */
#define _POSIX_C_SOURCE 200809L /* getline, strdup */
#include "workflow.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "init.h"

/* Write printf-style text into err; returns -1. */
static int say(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- tasks and layers ----------------------------------------------------------- */

static const char *const TASK_NAMES[] = {"regression", "binary", "multiclass"};

const char *workflow_task_name(WorkflowTask task)
{
    CHECK(task >= WORKFLOW_REGRESSION && task <= WORKFLOW_MULTICLASS, "task %d", (int)task);
    return TASK_NAMES[task];
}

int workflow_task_parse(const char *name, WorkflowTask *task)
{
    for (int t = 0; t < 3; t++)
        if (strcmp(name, TASK_NAMES[t]) == 0) {
            *task = (WorkflowTask)t;
            return 0;
        }
    return -1;
}

const Loss *workflow_loss(WorkflowTask task)
{
    static const Loss losses[] = {
        {.kind = LOSS_MSE}, {.kind = LOSS_BCE}, {.kind = LOSS_SPARSE_CCE}};
    CHECK(task >= WORKFLOW_REGRESSION && task <= WORKFLOW_MULTICLASS, "task %d", (int)task);
    return &losses[task];
}

/* The activations a hidden layer may have. */
static const ActKind HIDDEN_ACTS[] = {ACT_RELU, ACT_TANH,  ACT_SIGMOID,   ACT_LINEAR,
                                      ACT_ELU,  ACT_SWISH, ACT_LEAKY_RELU};
#define N_HIDDEN_ACTS ((int)(sizeof HIDDEN_ACTS / sizeof HIDDEN_ACTS[0]))

/* One "units:act" item, text[0 .. n-1], into *out; 0 or -1 with err. */
static int parse_layer(WorkflowLayer *out, const char *text, int n, int k, char *err, size_t len)
{
    char item[64];
    if (n >= (int)sizeof item)
        return say(err, len, "layer %d is too long: %.20s...", k, text);
    memcpy(item, text, (size_t)n);
    item[n] = '\0';
    char *colon = strchr(item, ':'), *stop;
    if (!colon)
        return say(err, len, "layer %d (\"%s\"): expected UNITS:ACTIVATION, as in 16:relu", k, item);
    *colon = '\0';
    long units = strtol(item, &stop, 10);
    if (stop == item || *stop)
        return say(err, len, "layer %d (\"%s:%s\"): the units must be a whole number 1 to %d", k,
                   item, colon + 1, WORKFLOW_MAX_UNITS);
    if (units < 1 || units > WORKFLOW_MAX_UNITS)
        return say(err, len, "a layer of %ld units; expected 1 to %d", units, WORKFLOW_MAX_UNITS);
    for (int a = 0; a < N_HIDDEN_ACTS; a++)
        if (strcmp(colon + 1, act_name(HIDDEN_ACTS[a])) == 0) {
            out->units = (int)units;
            out->act = act_of(HIDDEN_ACTS[a]);
            return 0;
        }
    int w = snprintf(err, len, "layer %d (\"%s:%s\"): unknown activation \"%s\"; one of ", k, item,
                     colon + 1, colon + 1);
    for (int a = 0; a < N_HIDDEN_ACTS && w >= 0 && (size_t)w < len; a++)
        w += snprintf(err + w, len - w, "%s%s", a ? ", " : "", act_name(HIDDEN_ACTS[a]));
    return -1;
}

int workflow_parse_layers(WorkflowLayer *out, int max, const char *spec, char *err, size_t len)
{
    if (!spec || !*spec || strcmp(spec, "none") == 0)
        return 0;
    int n = 0;
    for (const char *s = spec;; n++) {
        const char *comma = strchr(s, ',');
        int item = comma ? (int)(comma - s) : (int)strlen(s);
        if (n == max)
            return say(err, len, "more than %d hidden layers", max);
        if (parse_layer(&out[n], s, item, n + 1, err, len) != 0)
            return -1;
        if (!comma)
            return n + 1;
        s = comma + 1;
    }
}

/* ---- prepare ------------------------------------------------------------------------ */

void workflow_data_free(WorkflowData *d)
{
    Mat *all[] = {d->X_train, d->y_train, d->t_train, d->X_val, d->y_val, d->t_val,
                  d->X_test,  d->y_test,  d->t_test,  d->mean,  d->std};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        mat_free(all[i]);
    memset(d, 0, sizeof *d);
}

/* The targets must suit the task: 0/1, or a class index 0..k-1, or finite. */
static int check_targets(const Mat *y, WorkflowTask task, int classes, char *err, size_t len)
{
    for (int i = 0; i < y->rows; i++) {
        double t = MAT_AT(y, i, 0);
        if (!isfinite(t))
            return say(err, len, "the target of row %d is %g; expected a finite number", i + 1, t);
        if (task == WORKFLOW_BINARY && t != 0 && t != 1)
            return say(err, len, "the target of row %d is %g; a binary task needs 0 or 1", i + 1,
                       t);
        if (task == WORKFLOW_MULTICLASS && (t < 0 || t >= classes || t != floor(t)))
            return say(err, len,
                       "the target of row %d is %g; a multiclass task of %d classes needs a "
                       "class index 0 to %d",
                       i + 1, t, classes, classes - 1);
    }
    return 0;
}

/* t = (y - y_mean) / y_std for regression, a copy of y otherwise. */
static Mat *train_targets(const Mat *y, const WorkflowData *d)
{
    Mat *t = y ? mat_dup(y) : NULL;
    if (t && d->task == WORKFLOW_REGRESSION)
        for (int i = 0; i < t->rows; i++)
            MAT_AT(t, i, 0) = (MAT_AT(t, i, 0) - d->y_mean) / d->y_std;
    return t;
}

int workflow_prepare(WorkflowData *d, const Mat *X, const Mat *y, int classes,
                     const WorkflowRecipe *r, Rng *rng, char *err, size_t len)
{
    memset(d, 0, sizeof *d);
    CHECK_SHAPE(y, X->rows, 1);
    CHECK(r->test_fraction > 0 && r->test_fraction < 1 && r->val_fraction >= 0 &&
              r->val_fraction < 1,
          "test fraction %g, validation fraction %g", r->test_fraction, r->val_fraction);
    d->task = r->task;
    d->classes = r->task == WORKFLOW_BINARY ? 2 : r->task == WORKFLOW_MULTICLASS ? classes : 0;
    CHECK(r->task != WORKFLOW_MULTICLASS || classes >= 2, "%d classes", classes);
    if (check_targets(y, r->task, d->classes, err, len) != 0)
        return -1;
    int m = X->rows, m_test = (int)lround(r->test_fraction * m);
    int m_val = (int)lround(r->val_fraction * (m - m_test));
    if (m_test < 1 || m - m_test - m_val < 2 || (r->val_fraction > 0 && m_val < 1))
        return say(err, len, "%d rows: too few to hold out a test%s set and train on the rest", m,
                   r->val_fraction > 0 ? " and a validation" : "");
    DataSplit outer = {0}, inner = {0};
    int rc = data_split(&outer, rng, X, y, r->test_fraction);
    if (rc == 0 && m_val > 0)
        rc = data_split(&inner, rng, outer.X_train, outer.y_train, (double)m_val / (m - m_test));
    if (rc != 0) {
        data_split_free(&outer);
        data_split_free(&inner);
        return say(err, len, "out of memory");
    }
    d->X_test = outer.X_test;
    d->y_test = outer.y_test;
    if (m_val > 0) {
        d->X_train = inner.X_train;
        d->y_train = inner.y_train;
        d->X_val = inner.X_test;
        d->y_val = inner.y_test;
        mat_free(outer.X_train);
        mat_free(outer.y_train);
    } else {
        d->X_train = outer.X_train;
        d->y_train = outer.y_train;
    }
    /* the statistics of the training rows only, applied to every set */
    d->mean = mat_new(1, X->cols);
    d->std = mat_new(1, X->cols);
    if (!d->mean || !d->std) {
        workflow_data_free(d);
        return say(err, len, "out of memory");
    }
    data_standardize(d->X_train, d->mean, d->std);
    if (d->X_val)
        data_standardize_apply(d->X_val, d->mean, d->std);
    data_standardize_apply(d->X_test, d->mean, d->std);
    d->y_mean = 0.0;
    d->y_std = 1.0;
    if (r->task == WORKFLOW_REGRESSION) {
        double mean[1], std[1];
        Mat mu = {1, 1, mean}, sd = {1, 1, std};
        Mat *copy = mat_dup(d->y_train);
        if (copy)
            data_standardize(copy, &mu, &sd);
        mat_free(copy);
        d->y_mean = mean[0];
        d->y_std = std[0];
    }
    d->t_train = train_targets(d->y_train, d);
    d->t_val = train_targets(d->y_val, d);
    d->t_test = train_targets(d->y_test, d);
    if (!d->t_train || !d->t_test || (d->y_val && !d->t_val)) {
        workflow_data_free(d);
        return say(err, len, "out of memory");
    }
    return 0;
}

/* ---- build ---------------------------------------------------------------------- */

Net *workflow_build(const WorkflowData *d, const WorkflowRecipe *r, Rng *rng, char *err,
                    size_t len)
{
    WorkflowLayer hidden[WORKFLOW_MAX_LAYERS];
    int n = workflow_parse_layers(hidden, WORKFLOW_MAX_LAYERS, r->layers, err, len);
    if (n < 0)
        return NULL;
    if (r->batch_size > WORKFLOW_MAX_ROWS) {
        say(err, len, "batches of %d rows; at most %d", r->batch_size, WORKFLOW_MAX_ROWS);
        return NULL;
    }
    Net *net = net_new(d->X_train->cols, WORKFLOW_MAX_ROWS);
    int rc = net ? 0 : -1;
    for (int k = 0; rc == 0 && k < n; k++) {
        rc = net_add(net, hidden[k].units, hidden[k].act);
        if (rc == 0 && r->dropout > 0)
            rc = net_add_dropout(net, r->dropout);
    }
    if (rc == 0)
        rc = d->task == WORKFLOW_MULTICLASS ? net_add(net, d->classes, act_of(ACT_SOFTMAX))
             : d->task == WORKFLOW_BINARY   ? net_add(net, 1, act_of(ACT_SIGMOID))
                                            : net_add(net, 1, act_of(ACT_LINEAR));
    if (rc != 0) {
        net_free(net);
        say(err, len, "out of memory");
        return NULL;
    }
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, rng);
    return net;
}

/* ---- fit ---------------------------------------------------------------------------- */

void workflow_history_free(WorkflowHistory *h)
{
    free(h->loss);
    free(h->metric);
    free(h->val_loss);
    free(h->val_metric);
    memset(h, 0, sizeof *h);
}

int workflow_fit(Net *net, const WorkflowData *d, const WorkflowRecipe *r, Rng *rng, FILE *log,
                 int log_time, WorkflowHistory *h, char *err, size_t len)
{
    memset(h, 0, sizeof *h);
    int epochs = r->epochs;
    CHECK(epochs >= 1, "%d epochs", epochs);
    h->loss = malloc((size_t)epochs * sizeof *h->loss);
    h->metric = malloc((size_t)epochs * sizeof *h->metric);
    h->val_loss = malloc((size_t)epochs * sizeof *h->val_loss);
    h->val_metric = malloc((size_t)epochs * sizeof *h->val_metric);
    if (!h->loss || !h->metric || !h->val_loss || !h->val_metric) {
        workflow_history_free(h);
        return say(err, len, "out of memory");
    }
    for (int e = 0; e < epochs; e++)
        h->loss[e] = h->metric[e] = h->val_loss[e] = h->val_metric[e] = NAN;
    EarlyStopping es = {.monitor = MONITOR_VAL_LOSS, .patience = r->patience,
                        .restore_best_weights = 1};
    FitCallback stop = {early_stopping, &es};
    int early = r->patience > 0 && d->X_val;
    FitResult res;
    int rc = net_fit(net, workflow_loss(d->task), d->X_train, d->t_train, &(FitSpec){
        .epochs = epochs, .batch_size = r->batch_size ? r->batch_size : 32, .optim = &r->optim,
        .l2 = r->l2, .shuffle = rng, .log = log, .log_time = log_time,
        .X_val = d->X_val, .Y_val = d->t_val,
        .callbacks = early ? &stop : NULL, .n_callbacks = early,
        .history = h->loss, .metric_history = h->metric,
        .val_history = h->val_loss, .val_metric_history = h->val_metric}, &res);
    early_stopping_free(&es);
    h->epochs = res.epochs;
    h->best_epoch = early && es.best_epoch > 0 ? es.best_epoch : res.epochs;
    snprintf(h->hint, sizeof h->hint, "%s", res.hint);
    if (rc != 0)
        return say(err, len, "%s", res.message);
    return 0;
}

/* ---- predict and evaluate ----------------------------------------------------------- */

void workflow_predict(Net *net, const WorkflowData *d, const Mat *X, Mat *out)
{
    net_predict(net, out, X);
    if (d->task == WORKFLOW_REGRESSION)
        for (int i = 0; i < out->rows; i++)
            MAT_AT(out, i, 0) = d->y_mean + d->y_std * MAT_AT(out, i, 0);
}

void workflow_scores_free(WorkflowScores *s)
{
    free(s->confusion);
    memset(s, 0, sizeof *s);
}

int workflow_evaluate(Net *net, const WorkflowData *d, const Mat *X, const Mat *y,
                      WorkflowScores *s)
{
    memset(s, 0, sizeof *s);
    s->task = d->task;
    s->classes = d->classes;
    s->m = X->rows;
    Mat *out = mat_new(X->rows, net_n_out(net)), *t = train_targets(y, d);
    s->confusion = d->classes ? malloc((size_t)d->classes * d->classes * sizeof *s->confusion)
                              : NULL;
    int rc = !out || !t || (d->classes && !s->confusion) ? -1 : 0;
    if (rc == 0) {
        EpochLog log;
        char why[200];
        rc = net_evaluate(net, workflow_loss(d->task), METRIC_NONE, X, t, &log, why, sizeof why);
        s->loss = log.loss;
    }
    if (rc == 0) {
        workflow_predict(net, d, X, out);
        if (d->classes) {
            score_confusion(s->confusion, d->classes, y, out);
            s->accuracy = score_accuracy(s->confusion, d->classes);
        } else {
            s->reg = score_regression(y, out);
        }
    }
    mat_free(out);
    mat_free(t);
    if (rc != 0)
        workflow_scores_free(s);
    return rc;
}

/* ---- a whole run ---------------------------------------------------------------------- */

int workflow_start(WorkflowRun *run, const Mat *X, const Mat *y, int classes,
                   const WorkflowRecipe *r, uint64_t seed, char *err, size_t len)
{
    memset(run, 0, sizeof *run);
    rng_seed(&run->rng, seed);
    if (workflow_prepare(&run->data, X, y, classes, r, &run->rng, err, len) != 0)
        return -1;
    if (!(run->net = workflow_build(&run->data, r, &run->rng, err, len))) {
        workflow_data_free(&run->data);
        return -1;
    }
    run->initial_loss = net_cost(run->net, workflow_loss(r->task), run->data.X_train,
                                 run->data.t_train);
    return 0;
}

int workflow_train(WorkflowRun *run, const WorkflowRecipe *r, FILE *log, int log_time, char *err,
                   size_t len)
{
    if (workflow_fit(run->net, &run->data, r, &run->rng, log, log_time, &run->history, err, len) !=
        0)
        return -1;
    if (workflow_evaluate(run->net, &run->data, run->data.X_test, run->data.y_test, &run->test) !=
        0)
        return say(err, len, "out of memory");
    return 0;
}

void workflow_run_free(WorkflowRun *run)
{
    workflow_scores_free(&run->test);
    workflow_history_free(&run->history);
    net_free(run->net);
    workflow_data_free(&run->data);
    memset(run, 0, sizeof *run);
}

/* ---- the prep file ---------------------------------------------------------------- */

void workflow_prep_free(WorkflowPrep *p)
{
    for (int j = 0; p->features && j < p->n_features; j++)
        free(p->features[j]);
    for (int c = 0; p->class_names && c < p->classes; c++)
        free(p->class_names[c]);
    free(p->features);
    free(p->class_names);
    free(p->mean);
    free(p->std);
    free(p->target);
    memset(p, 0, sizeof *p);
}

int workflow_prep_save(const WorkflowPrep *p, const char *path, char *err, size_t len)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return say(err, len, "%s: cannot write: %s", path, strerror(errno));
    fprintf(fp, "annlab-prep 1\ntask %s\ntarget %s\nfeatures %d\n", workflow_task_name(p->task),
            p->target, p->n_features);
    for (int j = 0; j < p->n_features; j++)
        fprintf(fp, "feature %.17g %.17g %s\n", p->mean[j], p->std[j], p->features[j]);
    fprintf(fp, "scale %.17g %.17g\nclasses %d\n", p->y_mean, p->y_std, p->classes);
    for (int c = 0; p->class_names && c < p->classes; c++)
        fprintf(fp, "class %s\n", p->class_names[c]);
    fprintf(fp, "end\n");
    if (ferror(fp) | (fclose(fp) != 0))
        return say(err, len, "%s: cannot write: %s", path, strerror(errno));
    return 0;
}

/* The reader of a prep file: its lines, one at a time. */
typedef struct {
    FILE *fp;
    const char *path;
    char *buf;
    size_t cap;
    long line;
    char *err;
    size_t len;
} PrepReader;

/* The next line without its newline, or NULL at the end of the file. */
static char *next_line(PrepReader *r)
{
    ssize_t n = getline(&r->buf, &r->cap, r->fp);
    if (n < 0)
        return NULL;
    r->line++;
    while (n > 0 && (r->buf[n - 1] == '\n' || r->buf[n - 1] == '\r'))
        r->buf[--n] = '\0';
    return r->buf;
}

/* "path:line: expected WHAT" (or "the file ends") ; returns -1. */
static int expected(PrepReader *r, const char *what, const char *got)
{
    if (!got)
        return say(r->err, r->len, "%s:%ld: truncated: the file ends where \"%s\" was expected",
                   r->path, r->line, what);
    return say(r->err, r->len, "%s:%ld: expected \"%s\", found \"%.40s\"", r->path, r->line, what,
               got);
}

/* A line "KEY rest": the rest (a name, may be empty), or NULL. */
static const char *keyed(const char *line, const char *key)
{
    size_t n = strlen(key);
    return line && strncmp(line, key, n) == 0 && line[n] == ' ' ? line + n + 1 : NULL;
}

/* A line "KEY N" with a whole number N >= lo into *n. */
static int keyed_int(PrepReader *r, const char *key, const char *what, int lo, int *n)
{
    char *line = next_line(r), *stop;
    const char *v = keyed(line, key);
    long x = v ? strtol(v, &stop, 10) : 0;
    if (!v || stop == v || *stop || x < lo || x > 1000000)
        return expected(r, what, line);
    *n = (int)x;
    return 0;
}

/* "feature MEAN STD NAME" */
static int read_feature(PrepReader *r, WorkflowPrep *p, int j)
{
    char *line = next_line(r), *stop;
    const char *v = keyed(line, "feature");
    if (v) {
        p->mean[j] = strtod(v, &stop);
        if (stop != v && *stop == ' ') {
            v = stop + 1;
            p->std[j] = strtod(v, &stop);
            if (stop != v && *stop == ' ' && stop[1] && isfinite(p->mean[j]) &&
                p->std[j] > 0 && isfinite(p->std[j]))
                return (p->features[j] = strdup(stop + 1)) ? 0 : say(r->err, r->len, "out of memory");
        }
    }
    return expected(r, "feature MEAN STD NAME", line);
}

static int read_prep(PrepReader *r, WorkflowPrep *p)
{
    char *line = next_line(r), *stop;
    if (!line || strcmp(line, "annlab-prep 1") != 0)
        return expected(r, "annlab-prep 1", line);
    const char *v = keyed(line = next_line(r), "task");
    if (!v || workflow_task_parse(v, &p->task) != 0)
        return expected(r, "task regression|binary|multiclass", line);
    v = keyed(line = next_line(r), "target");
    if (!v || !*v)
        return expected(r, "target NAME", line);
    if (!(p->target = strdup(v)) ||
        keyed_int(r, "features", "features N", 1, &p->n_features) != 0)
        return p->target ? -1 : say(r->err, r->len, "out of memory");
    p->features = calloc((size_t)p->n_features, sizeof *p->features);
    p->mean = malloc((size_t)p->n_features * sizeof *p->mean);
    p->std = malloc((size_t)p->n_features * sizeof *p->std);
    if (!p->features || !p->mean || !p->std)
        return say(r->err, r->len, "out of memory");
    for (int j = 0; j < p->n_features; j++)
        if (read_feature(r, p, j) != 0)
            return -1;
    v = keyed(line = next_line(r), "scale");
    if (!v)
        return expected(r, "scale MEAN STD", line);
    p->y_mean = strtod(v, &stop);
    if (stop == v || *stop != ' ')
        return expected(r, "scale MEAN STD", line);
    v = stop + 1;
    p->y_std = strtod(v, &stop);
    if (stop == v || *stop || !(p->y_std > 0))
        return expected(r, "scale MEAN STD", line);
    if (keyed_int(r, "classes", "classes N", 0, &p->classes) != 0)
        return -1;
    int want_lo = p->task == WORKFLOW_REGRESSION ? 0 : 2,
        want_hi = p->task == WORKFLOW_MULTICLASS ? DATA_MAX_CLASSES : want_lo;
    if (p->classes < want_lo || p->classes > want_hi)
        return say(r->err, r->len, "%s:%ld: %d classes; a %s task has %d to %d", r->path, r->line,
                   p->classes, workflow_task_name(p->task), want_lo, want_hi);
    int named = 0;
    line = next_line(r);
    if (keyed(line, "class") && p->classes > 0) {
        named = 1;
        if (!(p->class_names = calloc((size_t)p->classes, sizeof *p->class_names)))
            return say(r->err, r->len, "out of memory");
    }
    for (int c = 0; named && c < p->classes; c++, line = next_line(r)) {
        v = keyed(line, "class");
        if (!v || !*v)
            return expected(r, "class NAME", line);
        if (!(p->class_names[c] = strdup(v)))
            return say(r->err, r->len, "out of memory");
    }
    if (!line || strcmp(line, "end") != 0)
        return expected(r, "end", line);
    return 0;
}

int workflow_prep_load(WorkflowPrep *p, const char *path, char *err, size_t len)
{
    memset(p, 0, sizeof *p);
    PrepReader r = {.fp = fopen(path, "r"), .path = path, .err = err, .len = len};
    if (!r.fp) {
        say(err, len, "%s: cannot open: %s", path, strerror(errno));
        return DATA_CANNOT_OPEN;
    }
    int rc = read_prep(&r, p);
    free(r.buf);
    fclose(r.fp);
    if (rc != 0)
        workflow_prep_free(p);
    return rc;
}
