/* fit.c - training, evaluation, prediction and the early-stopping
 * callback of the sequential model; see net.h. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, fileno */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "net.h"

/* ---- evaluate and predict -------------------------------------------------- */

/* loss = the chunks' costs weighted by their rows (for rmse: the root of the
 * mse so combined), metric = its sum over the chunks, then the mean */
int net_evaluate(Net *net, const Loss *loss, MetricKind metric, const Mat *X, const Mat *Y,
                 EpochLog *out, char *err, size_t len)
{
    if (net_check_targets(net, loss, X, Y, err, len) != 0 ||
        net_check_inputs(X, "X", err, len) != 0)
        return -1;
    metric = metric_resolve(metric, loss);
    Loss inner = *loss;
    if (loss->kind == LOSS_RMSE)
        inner.kind = LOSS_MSE;
    double total = 0.0, sum = 0.0;
    for (int start = 0; start < X->rows; start += net->max_rows) {
        int n = X->rows - start < net->max_rows ? X->rows - start : net->max_rows;
        const Mat Xb = mat_cview_rows(X, start, n), Yb = mat_cview_rows(Y, start, n);
        const Mat *Yhat = net_forward(net, &Xb);
        total += n * loss_cost(&inner, &Yb, Yhat);
        sum += metric_sum(metric, loss, &Yb, Yhat);
    }
    total /= X->rows;
    out->loss = loss->kind == LOSS_RMSE ? sqrt(total) : total;
    out->metric = metric_mean(metric, sum, X->rows, net_n_out(net));
    return 0;
}

void net_predict(Net *net, Mat *Yhat, const Mat *X)
{
    CHECK_SHAPE(Yhat, X->rows, net_n_out(net));
    for (int start = 0; start < X->rows; start += net->max_rows) {
        int n = X->rows - start < net->max_rows ? X->rows - start : net->max_rows;
        const Mat Xb = mat_cview_rows(X, start, n);
        Mat out = mat_view_rows(Yhat, start, n);
        mat_copy(&out, net_forward(net, &Xb));
    }
}

/* ---- early stopping ---------------------------------------------------------- */

static double monitored(const EarlyStopping *es, const EpochLog *log)
{
    switch (es->monitor) {
    case MONITOR_LOSS: return log->loss;
    case MONITOR_VAL_METRIC: return log->val_metric;
    case MONITOR_METRIC: return log->metric;
    default: return log->val_loss;
    }
}

/* +1 when lower is better (losses, MAE), -1 when higher is (accuracy). */
static double direction(const EarlyStopping *es, const EpochLog *log)
{
    int metric = es->monitor == MONITOR_VAL_METRIC || es->monitor == MONITOR_METRIC;
    return metric && log->metric_kind == METRIC_ACCURACY ? -1.0 : 1.0;
}

/* Copy the parameters into the best copy (save = 1) or back (save = 0). */
static int copy_params(EarlyStopping *es, Net *net, int save)
{
    if (!es->best_values) {
        es->best_values = calloc((size_t)net->n_params, sizeof *es->best_values);
        if (!es->best_values)
            return -1;
        es->n_values = net->n_params;
        for (int i = 0; i < net->n_params; i++)
            if (!(es->best_values[i] = mat_dup(net->params[i].value)))
                return -1;
    }
    for (int i = 0; i < net->n_params; i++)
        mat_copy(save ? es->best_values[i] : net->params[i].value,
                 save ? net->params[i].value : es->best_values[i]);
    return 0;
}

FitAction early_stopping(Net *net, const EpochLog *log, void *early_stopping_ctx)
{
    EarlyStopping *es = early_stopping_ctx;
    double value = monitored(es, log), d = direction(es, log);
    CHECK(!isnan(value), "early stopping monitors a value fit does not have (val_loss or "
                         "val_metric without validation data, or a metric without one)");
    /* improved: better than the best by more than min_delta */
    if (es->best_epoch == 0 || d * value < d * es->best - es->min_delta) {
        es->best = value;
        es->best_epoch = log->epoch;
        es->wait = 0;
        if (es->restore_best_weights && copy_params(es, net, 1) != 0)
            return FIT_STOP;
        return FIT_CONTINUE; /* an improving epoch never stops training */
    }
    es->wait++;
    int stop = es->wait >= es->patience; /* as Keras: patience epochs without improvement */
    if (stop)
        es->stopped_epoch = log->epoch;
    if ((stop || log->last) && es->restore_best_weights && es->best_values)
        copy_params(es, net, 0);
    return stop ? FIT_STOP : FIT_CONTINUE;
}

void early_stopping_free(EarlyStopping *es)
{
    for (int i = 0; es->best_values && i < es->n_values; i++)
        mat_free(es->best_values[i]);
    free(es->best_values);
    es->best_values = NULL;
}

/* ---- fit ------------------------------------------------------------------------ */

/* What the diagnosis of a divergence knows about the inputs X (m x n). */
typedef struct {
    double max_abs;     /* max_ij |x_ij| */
    double scale_ratio; /* max_j s_j / min_j s_j over the columns with s_j = max_i |x_ij| > 0 */
} InputScale;

/* Everything one epoch needs besides the net and the data. */
typedef struct {
    const Loss *loss;
    const FitSpec *spec;
    MetricKind metric;
    Optim *optim;      /* NULL: plain SGD with spec->lr */
    int own_optim;     /* made by fit (freed by fit), or the caller's */
    int *order;        /* the samples' order this epoch */
    Mat *Yb;           /* (batch x Y cols): the batch's targets */
    int batch;
    /* for the diagnosis of a divergence */
    const Mat *X;      /* the training inputs (their scale is measured only then) */
    double w_max;      /* max |w| over the trainable weights when fit started */
    double last_cost;  /* the last finite batch cost, NAN before the first */
    double best_loss;  /* the lowest epoch loss so far, NAN before the first */
    double first_loss; /* the first epoch's */
    int best_epoch;
} Trainer;

/* s_j = max_i |x_ij| for each column; their largest, and the ratio of the
 * largest s_j to the smallest s_j > 0 (1 when no column is nonzero). */
static InputScale input_scale(const Mat *X)
{
    InputScale in = {.max_abs = 0.0, .scale_ratio = 1.0};
    double smallest = INFINITY;
    for (int j = 0; j < X->cols; j++) {
        double s = 0.0;
        for (int i = 0; i < X->rows; i++)
            s = fmax(s, fabs(MAT_AT(X, i, j)));
        in.max_abs = fmax(in.max_abs, s);
        if (s > 0)
            smallest = fmin(smallest, s);
    }
    if (smallest < INFINITY)
        in.scale_ratio = in.max_abs / smallest;
    return in;
}

/* max |w| over every trainable parameter of the net. */
static double largest_weight(const Net *net)
{
    double w_max = 0.0;
    for (int i = 0; i < net->n_params; i++) {
        const Mat *W = net->params[i].value;
        for (long k = 0; net->params[i].trainable && k < (long)W->rows * W->cols; k++)
            w_max = fmax(w_max, fabs(W->data[k]));
    }
    return w_max;
}

/* 1 when every trainable parameter of the net is a finite number. */
static int params_finite(const Net *net)
{
    for (int i = 0; i < net->n_params; i++)
        if (!mat_all_finite(net->params[i].value))
            return 0;
    return 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A live progress bar, "  12/94 [=====>........] - loss: 0.4213", redrawn
 * in place: only when the log is a terminal. */
static void progress(FILE *fp, int batch, int n_batches, double loss)
{
    int done = 30 * batch / n_batches;
    fprintf(fp, "\r%5d/%d [", batch, n_batches);
    for (int i = 0; i < 30; i++)
        fputc(i < done ? '=' : i == done ? '>' : '.', fp);
    fprintf(fp, "] - loss: %.4f", loss);
    fflush(fp);
}

/* One batch of n rows, gathered into A^[0]: forward (train mode), cost,
 * backward, L1/L2, then the optimizer clips and steps. Returns the cost
 * (penalties included) and adds the batch's metric sum to *metric_total. */
static double train_batch(Net *net, Trainer *t, const Mat *X, const Mat *Y, int start, int n,
                          double *metric_total)
{
    const FitSpec *spec = t->spec;
    Mat Xb = mat_view_rows(net->A[0], 0, n), Yb = mat_view_rows(t->Yb, 0, n);
    mat_gather_rows(&Xb, X, &t->order[start]);
    mat_gather_rows(&Yb, Y, &t->order[start]);
    double cost = net_cost_grad(net, t->loss, &Xb, &Yb);
    *metric_total += metric_sum(t->metric, t->loss, &Yb, &net->out);
    if (spec->l1 > 0) {
        cost += spec->l1 * net_l1(net);
        net_add_l1_grad(net, spec->l1);
    }
    if (spec->l2 > 0) {
        cost += spec->l2 * net_l2(net);
        net_add_l2_grad(net, spec->l2);
    }
    if (!isfinite(cost))
        return cost;
    if (t->optim)
        optim_step(t->optim, net->params, net->n_params);
    else
        net_step(net, spec->lr);
    return cost;
}

/* The likely cause of a divergence at epoch, batch (before_any_step: the
 * first batch of this fit, whose cost came before any step), with the
 * clause that says why in why and one thing to try in res->hint. In this
 * order: a learning rate above FIT_LARGE_LR (unless no step was taken),
 * unscaled inputs, large starting weights, else the learning rate. */
static FitCause diagnose(const Trainer *t, int before_any_step, double lr, char *why,
                         size_t len, FitResult *res)
{
    const InputScale scale = input_scale(t->X), *in = &scale;
    int lr_large = lr > FIT_LARGE_LR && !before_any_step;
    if (!lr_large && (in->max_abs > FIT_UNSCALED || in->scale_ratio > FIT_UNSCALED)) {
        if (in->max_abs > FIT_UNSCALED)
            snprintf(why, len, "the inputs are not scaled (the largest |x| is %g)", in->max_abs);
        else
            snprintf(why, len, "the inputs are not scaled (one column is %g times another)",
                     in->scale_ratio);
        snprintf(res->hint, sizeof res->hint, "standardize each input column first: subtract "
                                              "its mean, divide by its standard deviation");
        return FIT_CAUSE_INPUTS;
    }
    if (!lr_large && (before_any_step || t->w_max > FIT_LARGE_WEIGHT)) {
        snprintf(why, len, "%s (the largest |w| is %g)",
                 t->w_max > FIT_LARGE_WEIGHT ? "the starting weights are too large"
                                             : "the cost overflowed before any step",
                 t->w_max);
        snprintf(res->hint, sizeof res->hint, "start from small weights, as Xavier or He "
                                              "initialization draws them");
        return FIT_CAUSE_INIT;
    }
    snprintf(why, len, "the learning rate %g is too large", lr);
    snprintf(res->hint, sizeof res->hint, "try a smaller learning rate, such as %g", lr / 10);
    return FIT_CAUSE_LEARNING_RATE;
}

/* Fill res for a divergence: what happened (what), where, the last finite
 * cost (when what is about a cost that is no longer finite: a loss that
 * grew is finite itself), the likely cause and the hint. Returns -1, for
 * fit to stop. */
static int diverged(const Trainer *t, FitResult *res, const char *what, int grew, int epoch,
                    int batch, int before_any_step)
{
    double lr = t->optim ? t->optim->spec.lr : t->spec->lr;
    char why[160], last[64];
    res->diverged = 1;
    res->epoch = epoch;
    res->batch = batch;
    res->last_cost = t->last_cost;
    res->cause = diagnose(t, before_any_step, lr, why, sizeof why, res);
    if (grew)
        last[0] = '\0';
    else if (isnan(t->last_cost))
        snprintf(last, sizeof last, "; no finite cost before it");
    else
        snprintf(last, sizeof last, "; the last finite cost was %g", t->last_cost);
    /* at most 19 + 100 + 46 + 16 + 72 + 1 = 254 bytes: no clause is cut short */
    snprintf(res->message, sizeof res->message, "training diverged: %.100s%.46s; likely cause: %.72s",
             what, last, why);
    return -1;
}

/* One epoch over the batches into log->loss and log->metric; returns 0, or
 * -1 with the reason in res when the cost, or a weight after a step,
 * stopped being finite (a step can overflow the weights while the cost it
 * came from was still finite). */
static int train_epoch(Net *net, Trainer *t, const Mat *X, const Mat *Y, EpochLog *log,
                       FitResult *res)
{
    int m = X->rows, n_batches = (m + t->batch - 1) / t->batch;
    int live = t->spec->log && isatty(fileno(t->spec->log));
    double total = 0.0, sum = 0.0;
    for (int start = 0, b = 1; start < m; start += t->batch, b++) {
        int n = m - start < t->batch ? m - start : t->batch;
        double cost = train_batch(net, t, X, Y, start, n, &sum);
        const char *what = isnan(cost)          ? "the cost became NaN"
                           : !isfinite(cost)    ? "the cost became infinite"
                           : !params_finite(net) ? "a weight became infinite or NaN"
                                                : NULL;
        if (what) {
            char where[200];
            snprintf(where, sizeof where, "%s at epoch %d, batch %d", what, log->epoch, b);
            /* a weight that overflowed in the first step came from a finite cost */
            int before_any_step = log->epoch == 1 && b == 1 && !isfinite(cost);
            return diverged(t, res, where, 0, log->epoch, b, before_any_step);
        }
        t->last_cost = cost;
        total += cost * n; /* weighted by the batch's rows: the last may be short */
        if (live)
            progress(t->spec->log, b, n_batches, total / (start + n));
    }
    if (live)
        fputc('\r', t->spec->log);
    log->loss = total / m;
    log->metric = metric_mean(t->metric, sum, m, net_n_out(net));
    return 0;
}

/* After an epoch (logged as usual): -1 with res filled when its loss is
 * more than FIT_GROWTH times the lowest epoch loss so far and above the
 * first epoch's (a loss near 0 that wobbles is not a divergence), else 0
 * after noting the loss. */
static int loss_grew(Trainer *t, const EpochLog *log, int m, FitResult *res)
{
    double loss = log->loss;
    if (loss > FIT_GROWTH * t->best_loss && loss > t->first_loss) {
        char what[200];
        snprintf(what, sizeof what, "the loss grew to %g at epoch %d, more than %g times its "
                 "lowest (%g, epoch %d)", loss, log->epoch, FIT_GROWTH, t->best_loss,
                 t->best_epoch);
        return diverged(t, res, what, 1, log->epoch, (m + t->batch - 1) / t->batch, 0);
    }
    if (log->epoch == 1)
        t->first_loss = loss;
    if (!(loss >= t->best_loss)) { /* lower, or the first */
        t->best_loss = loss;
        t->best_epoch = log->epoch;
    }
    return 0;
}

/* Keras' verbose=2 line:
 * Epoch 3/10 - loss: 0.4213 - accuracy: 0.8512 - val_loss: 0.4501 - val_accuracy: 0.8400 - 0.31s */
static void log_epoch(FILE *fp, const EpochLog *log, int has_val, int with_time)
{
    const char *name = metric_name(log->metric_kind);
    fprintf(fp, "Epoch %d/%d - loss: %.4f", log->epoch, log->epochs, log->loss);
    if (*name)
        fprintf(fp, " - %s: %.4f", name, log->metric);
    if (has_val) {
        fprintf(fp, " - val_loss: %.4f", log->val_loss);
        if (*name)
            fprintf(fp, " - val_%s: %.4f", name, log->val_metric);
    }
    if (with_time)
        fprintf(fp, " - %.2fs", log->seconds);
    fputc('\n', fp);
}

/* The histories, the log line, then the callbacks: FIT_STOP when one says so. */
static FitAction end_epoch(Net *net, const FitSpec *spec, const EpochLog *log)
{
    int e = log->epoch - 1;
    if (spec->history)
        spec->history[e] = log->loss;
    if (spec->metric_history)
        spec->metric_history[e] = log->metric;
    if (spec->val_history && spec->X_val)
        spec->val_history[e] = log->val_loss;
    if (spec->val_metric_history && spec->X_val)
        spec->val_metric_history[e] = log->val_metric;
    if (spec->log)
        log_epoch(spec->log, log, spec->X_val != NULL, spec->log_time);
    FitAction action = FIT_CONTINUE;
    for (int c = 0; c < spec->n_callbacks; c++)
        if (spec->callbacks[c].fn(net, log, spec->callbacks[c].ctx) == FIT_STOP)
            action = FIT_STOP;
    return action;
}

/* The settings a user may have typed: 0, or -1 with the reason in err. */
static int check_settings(const FitSpec *spec, char *err, size_t len)
{
    if (spec->batch_size < 0) {
        snprintf(err, len, "the batch size is %d; expected a number >= 1 (0: the whole data)",
                 spec->batch_size);
        return -1;
    }
    if (spec->optimizer)
        return 0; /* the caller's: checked by optim_new */
    if (spec->optim)
        return optim_check_spec(spec->optim, err, len);
    /* lr = 0 is allowed here: plain SGD that leaves the weights as they are */
    if (!(spec->lr >= 0 && spec->lr < INFINITY)) {
        snprintf(err, len, "the learning rate is %g; expected a number > 0", spec->lr);
        return -1;
    }
    return 0;
}

/* Check the data and make the trainer's buffers; 0, or -1 with res->message. */
static int trainer_begin(Trainer *t, Net *net, const Mat *X, const Mat *Y, FitResult *res)
{
    const FitSpec *spec = t->spec;
    char err[200];
    if (net_check_targets(net, t->loss, X, Y, err, sizeof err) != 0 ||
        (spec->X_val &&
         net_check_targets(net, t->loss, spec->X_val, spec->Y_val, err, sizeof err) != 0)) {
        snprintf(res->message, sizeof res->message, "%s", err);
        return -1;
    }
    if (check_settings(spec, err, sizeof err) != 0 || net_check_inputs(X, "X", err, sizeof err) ||
        (spec->X_val && net_check_inputs(spec->X_val, "X_val", err, sizeof err) != 0)) {
        snprintf(res->message, sizeof res->message, "%s", err);
        return -1;
    }
    int m = X->rows;
    t->batch = spec->batch_size == 0 || spec->batch_size > m ? m : spec->batch_size;
    t->X = X;
    t->w_max = largest_weight(net);
    t->last_cost = t->best_loss = NAN;
    CHECK(t->batch <= net->max_rows, "batches of %d rows, the net takes %d", t->batch,
          net->max_rows);
    t->metric = metric_resolve(spec->metric, t->loss);
    t->order = malloc((size_t)m * sizeof *t->order);
    t->Yb = mat_new(t->batch, Y->cols);
    t->own_optim = !spec->optimizer && spec->optim;
    t->optim = spec->optimizer ? spec->optimizer
               : spec->optim   ? optim_new(spec->optim, net->params, net->n_params)
                               : NULL;
    if (!t->order || !t->Yb || (t->own_optim && !t->optim)) {
        snprintf(res->message, sizeof res->message, "out of memory");
        return -1;
    }
    for (int i = 0; i < m; i++)
        t->order[i] = i;
    return 0;
}

static void trainer_end(Trainer *t)
{
    free(t->order);
    mat_free(t->Yb);
    if (t->own_optim)
        optim_free(t->optim);
}

/* shuffle -> for each batch: forward -> loss -> backward -> L1/L2 -> clip -> step,
 * accumulating the metric -> validation -> log line -> callbacks */
int net_fit(Net *net, const Loss *loss, const Mat *X, const Mat *Y, const FitSpec *spec,
            FitResult *res)
{
    memset(res, 0, sizeof *res);
    Trainer t = {.loss = loss, .spec = spec};
    int rc = trainer_begin(&t, net, X, Y, res);
    for (int epoch = 1; rc == 0 && epoch <= spec->epochs; epoch++) {
        EpochLog log = {.epoch = epoch, .epochs = spec->epochs, .metric_kind = t.metric,
                        .val_loss = NAN, .val_metric = NAN, .last = epoch == spec->epochs};
        double start = now();
        if (spec->shuffle)
            rng_shuffle(spec->shuffle, t.order, X->rows);
        if (train_epoch(net, &t, X, Y, &log, res) != 0) {
            rc = -1;
            break;
        }
        if (spec->X_val) {
            EpochLog val;
            net_evaluate(net, loss, t.metric, spec->X_val, spec->Y_val, &val, NULL, 0);
            log.val_loss = val.loss;
            log.val_metric = val.metric;
        }
        log.seconds = now() - start;
        res->epochs = epoch;
        res->cost = log.loss;
        FitAction action = end_epoch(net, spec, &log);
        if (loss_grew(&t, &log, X->rows, res) != 0) {
            rc = -1;
            break;
        }
        if (action == FIT_STOP) {
            res->stopped = 1;
            break;
        }
    }
    trainer_end(&t);
    return rc;
}
