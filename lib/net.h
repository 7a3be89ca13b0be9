/* net.h - a sequential model, as Keras' Sequential.
 *
 *     Net *net = net_new(11, 64);                 11 inputs, batches of <= 64
 *     net_add(net, 11, act_of(ACT_RELU));         Dense(11, relu)
 *     net_add_batchnorm(net);                     BatchNormalization()
 *     net_add_dropout(net, 0.3);                  Dropout(0.3)
 *     net_add(net, 1, act_of(ACT_SIGMOID));       Dense(1, sigmoid)
 *     net_init(net, &(Init){INIT_XAVIER_UNIFORM}, &rng);
 *     net_summary(net, stdout);                   the Keras parameter table
 *     net_fit(net, &loss, X, Y, &(FitSpec){.epochs = 20, .batch_size = 32,
 *             .optim = &(OptimSpec){.kind = OPTIM_ADAM}, .log = stdout}, &res);
 *
 * Forward propagation in matrix form (001), samples as rows:
 *     A^[0] = X,   A^[k] = layer_k(A^[k-1]),   y_hat = A^[L]
 * Backpropagation: from dA^[L] = d cost / d y_hat, each layer turns dA^[k]
 * into its parameters' gradients and dA^[k-1] (layer.h): the chain rule,
 * with each layer's delta computed once and reused (memoization, 001).
 * A skip connection (net_add_skip) adds an earlier A^[j] to A^[k]; on the
 * way back dA^[k] then flows into dA^[j] too.
 *
 * The net owns its layers, every A^[k] and dA^[k] (sized for max_rows
 * samples; A^[0] holds a copy of the input), and its parameter list: the
 * same Param list (param.h) that the optimizers, clipping, L1/L2, the
 * gradient check, the summary and save/load walk. Forward, backward and
 * the step never allocate. The cost is the mean over the samples
 * (loss.h), so every gradient is the gradient of that mean.
 */
#ifndef ANNLAB_NET_H
#define ANNLAB_NET_H

#include <stddef.h>
#include <stdio.h>

#include "init.h"
#include "layer.h"
#include "loss.h"
#include "mat.h"
#include "optim.h"
#include "param.h"
#include "rng.h"

typedef struct {
    int n_in;        /* inputs per sample */
    int max_rows;    /* the largest batch forward/backward accept */
    int n_layers, cap;
    Layer **layers;  /* layers[0 .. n_layers-1] */
    Mat **A;         /* A[0 .. n_layers]: A[0] the input, A[k] layer k-1's output (max_rows x width) */
    Mat **dA;        /* dA[k] = d cost / d A[k], same shapes */
    int m;           /* rows of the last forward; 0 before any */
    Mat out;         /* y_hat of the last forward: a view of A[n_layers] */
    Param *params;   /* every layer's parameters, in layer order */
    int n_params;
    Rng noise;       /* dropout's masks (seeded by net_init) */
} Net;

/* An empty model taking n_in inputs, for batches of up to max_rows
 * samples; NULL when out of memory. */
Net *net_new(int n_in, int max_rows);
void net_free(Net *net);

/* Append a layer; each returns 0, or -1 when out of memory.
 *   net_add            Dense(n_out, act)
 *   net_add_activation Activation(act)
 *   net_add_dropout    Dropout(rate), 0 <= rate < 1
 *   net_add_batchnorm  BatchNormalization() with Keras' momentum 0.99, eps 0.001
 *   net_add_skip       Add()([A^[k], A^[from]]): the last output plus the output
 *                      A^[from] of an earlier layer (from = 0: the input),
 *                      which must have the same width */
int net_add(Net *net, int n_out, Act act);
int net_add_activation(Net *net, Act act);
int net_add_dropout(Net *net, double rate);
int net_add_batchnorm(Net *net);
int net_add_skip(Net *net, int from);

/* Outputs per sample (the last layer's units; n_in when empty). */
int net_n_out(const Net *net);

/* Every dense W from the initializer (layer by layer, in order), every
 * b = 0; then, when the net has dropout, its mask Rng seeded from rng. */
void net_init(Net *net, const Init *init, Rng *rng);

/* Values in all parameters (trainable or not), and in the trainable ones. */
int net_param_count(const Net *net);
int net_param_count_trainable(const Net *net);

/* The parameter called name ("dense_1/W"), or NULL. */
Param *net_param(Net *net, const char *name);

/* The Keras model.summary() table: Layer (type), Output Shape, Param #,
 * then Total / Trainable / Non-trainable params. */
void net_summary(const Net *net, FILE *fp);

/* y_hat for the X->rows <= max_rows samples of X, in inference mode (or
 * the mode given); a view of A[L], owned by the net, valid until the next
 * forward. X is copied into A[0] (unless it is a view of A[0] already). */
const Mat *net_forward(Net *net, const Mat *X);
const Mat *net_forward_mode(Net *net, const Mat *X, Mode mode);

/* A^[k] of the last forward (k = 0: the input; k = n_layers: y_hat), a
 * view of its m rows. */
Mat net_activation(const Net *net, int k);

/* Backpropagate dYhat = d cost / d y_hat (m x n_out) through the last
 * forward: overwrites every parameter's gradient. */
void net_backward(Net *net, const Mat *dYhat);

/* Forward (train mode), cost and backward for the X->rows <= max_rows
 * samples of X: returns the cost and leaves its gradient in every
 * parameter's grad. With softmax + categorical (or sparse) cross-entropy,
 * or sigmoid + binary cross-entropy, the output layer's delta is taken in
 * closed form: dZ = (y_hat - Y) / (m k) (k = 1 for softmax; it assumes
 * each row of a categorical Y sums to 1, as one-hot rows do). */
double net_cost_grad(Net *net, const Loss *loss, const Mat *X, const Mat *Y);

/* The cost (mean loss) of the net's predictions for X against Y in
 * inference mode; X may have more rows than max_rows (it runs in chunks). */
double net_cost(Net *net, const Loss *loss, const Mat *X, const Mat *Y);

/* Gradient descent step over the trainable parameters: p <- p - lr dp. */
void net_step(Net *net, double lr);

/* L1 and L2 penalties over the parameters that decay (the kernels W):
 * R1 = sum |w|, R2 = sum w^2, and their gradients added in:
 * dW <- dW + lambda sign(W) (L1), dW <- dW + 2 lambda W (L2). */
double net_l1(const Net *net);
double net_l2(const Net *net);
void net_add_l1_grad(Net *net, double lambda);
void net_add_l2_grad(Net *net, double lambda);

/* ---- metrics ---------------------------------------------------------- */

typedef enum {
    METRIC_AUTO,     /* accuracy for a classification loss, none otherwise */
    METRIC_NONE,
    METRIC_ACCURACY, /* fraction of samples classified right */
    METRIC_MAE,      /* mean absolute error */
} MetricKind;

/* "accuracy", "mae", or "" for none; AUTO resolved against the loss. */
MetricKind metric_resolve(MetricKind kind, const Loss *loss);
const char *metric_name(MetricKind kind);

/* The number of samples of Yhat classified right, judged as the loss sees
 * them: one output -> with hinge or perceptron loss the sign of y_hat
 * against Y in {-1, 1}, with any other loss y_hat >= 0.5 against Y in
 * {0, 1}; k outputs -> argmax vs the one-hot row of Y, or vs the class
 * index 0..k-1 when Y has one column (labels are checked before: see
 * net_check_targets). */
int metric_right(const Loss *loss, const Mat *Y, const Mat *Yhat);

/* The metric summed over a batch (samples right for accuracy, absolute
 * errors for MAE; 0 for none), and the mean such sums over m samples of
 * n_out outputs make (NAN for none): fit accumulates an epoch's metric so. */
double metric_sum(MetricKind kind, const Loss *loss, const Mat *Y, const Mat *Yhat);
double metric_mean(MetricKind kind, double sum, int m, int n_out);

/* Fraction of samples classified right (as metric_right), X any rows. */
double net_accuracy(Net *net, const Loss *loss, const Mat *X, const Mat *Y);

/* Whether Y fits the net and the loss: the row count of X, the width of
 * y_hat (or one column of class indices 0..k-1 for a k-output classifier,
 * checked by data_check_labels as the loaders check them), finite values.
 * Returns 0, or -1 with "row 12: the label is 2.5; expected a class index,
 * a whole number 0 to 2" in err. */
int net_check_targets(const Net *net, const Loss *loss, const Mat *X, const Mat *Y, char *err,
                      size_t len);

/* Whether every value of X is a finite number. Returns 0, or -1 with
 * "row 17, column 3 of X is NaN" in err (1-based; name is "X" there). */
int net_check_inputs(const Mat *X, const char *name, char *err, size_t len);

/* ---- fit ------------------------------------------------------------- */

/* What one epoch gave. NAN where there is no such value. */
typedef struct {
    int epoch, epochs;   /* 1-based; of how many */
    double loss, metric; /* training: the batches' mean, accumulated during the epoch */
    MetricKind metric_kind;
    double val_loss, val_metric;
    double seconds;      /* wall time of the epoch */
    int last;            /* 1 on the last epoch fit will run */
} EpochLog;

typedef enum { FIT_CONTINUE, FIT_STOP } FitAction;

/* Called after every epoch; returning FIT_STOP ends training. */
typedef FitAction (*FitCallbackFn)(Net *net, const EpochLog *log, void *ctx);
typedef struct {
    FitCallbackFn fn;
    void *ctx;
} FitCallback;

/* Keras' EarlyStopping: stop when the monitored value has not improved by
 * more than min_delta for patience epochs; with restore_best_weights, put
 * back the weights of the best epoch when it stops (or when training ends).
 * Use as {early_stopping, &es}; free with early_stopping_free. */
typedef enum { MONITOR_VAL_LOSS, MONITOR_LOSS, MONITOR_VAL_METRIC, MONITOR_METRIC } Monitor;
typedef struct {
    Monitor monitor;         /* losses are minimized, metrics maximized (MAE minimized) */
    double min_delta;
    int patience;
    int restore_best_weights;
    /* filled in while training */
    double best;             /* the best monitored value so far */
    int best_epoch, wait, stopped_epoch;
    Mat **best_values;       /* a copy of every parameter at the best epoch */
    int n_values;
} EarlyStopping;
FitAction early_stopping(Net *net, const EpochLog *log, void *early_stopping_ctx);
void early_stopping_free(EarlyStopping *es);

/* Settings of net_fit, filled with designated initializers. */
typedef struct {
    int epochs;
    int batch_size;           /* 1: stochastic, else mini-batch; 0: the whole batch; larger
                               * than the data: clipped to it (as Keras does); < 0: an error */
    double lr;                /* plain SGD's learning rate (>= 0; 0 steps nothing), used
                               * when optim is NULL */
    const OptimSpec *optim;   /* the optimizer (optim.h); NULL: SGD with lr */
    Optim *optimizer;         /* or one the caller made with optim_new over net->params:
                               * its state carries over from one fit to the next and
                               * can be read (optim.h); takes precedence over optim */
    double l1, l2;            /* lambda of the penalties lambda sum |w|, lambda sum w^2 */
    MetricKind metric;
    Rng *shuffle;             /* shuffle the samples each epoch; NULL keeps their order */
    FILE *log;                /* a Keras verbose=2 line per epoch; NULL: quiet */
    int log_time;             /* add the epoch's time to the line (not in transcripts) */
    const Mat *X_val, *Y_val; /* optional validation set, evaluated after each epoch */
    const FitCallback *callbacks;
    int n_callbacks;
    /* histories, epochs values each, if not NULL */
    double *history, *metric_history, *val_history, *val_metric_history;
} FitSpec;

/* Why training most likely diverged, judged from what fit knows: the
 * inputs (their largest |x|, their columns' scales), the weights when it
 * started, and when the cost stopped being finite. */
typedef enum {
    FIT_CAUSE_NONE,          /* it did not diverge */
    FIT_CAUSE_LEARNING_RATE, /* none of the others: the steps were too large */
    FIT_CAUSE_INIT,          /* the weights were large when training started */
    FIT_CAUSE_INPUTS,        /* unscaled inputs: the largest |x| or the ratio of
                              * two columns' scales above FIT_UNSCALED */
} FitCause;

/* Training has diverged when a cost or a weight is no longer finite, or
 * when an epoch's loss is more than FIT_GROWTH times the best epoch's loss
 * of this fit (no ordinary run of any chapter grows 1000-fold; a diverging
 * one grows without bound). */
#define FIT_GROWTH 1e3
/* Inputs count as unscaled when some |x| is above FIT_UNSCALED, or when
 * the largest |x| of one column is FIT_UNSCALED times that of another. */
#define FIT_UNSCALED 1e3
/* A learning rate above FIT_LARGE_LR is large for any optimizer here
 * (their defaults are 0.001 to 0.01): named as the cause before the inputs
 * are looked at, once a step has been taken. */
#define FIT_LARGE_LR 1.0
/* Weights count as large when some |w| is above FIT_LARGE_WEIGHT when
 * training starts (Xavier and He draw |w| < 2 for any layer of 2+ inputs). */
#define FIT_LARGE_WEIGHT 1e3

typedef struct {
    int epochs;        /* epochs completed */
    double cost;       /* the last epoch's cost */
    int diverged;      /* 1 when training diverged (see FIT_GROWTH) and stopped */
    int stopped;       /* 1 when a callback stopped it */
    /* when it diverged: */
    int epoch, batch;  /* where (1-based; batch: the epoch's last when the epoch's loss grew) */
    double last_cost;  /* the last finite batch cost before it, NAN when there was none */
    FitCause cause;    /* the likely cause */
    char message[256]; /* why it stopped, when it diverged or the data or settings were wrong */
    char hint[160];    /* one thing to try, for a divergence ("" otherwise) */
} FitResult;

/* Train: every epoch shuffles, then for each batch runs forward (train
 * mode), the cost, backward, adds the L1/L2 gradients, and lets the
 * optimizer clip and step; then the metric, the validation set, the log
 * line and the callbacks. An epoch's cost is the mean of its batches'
 * costs weighted by their row counts (Keras' loss), plus the penalties.
 * Stops (as Keras' TerminateOnNaN) when a cost or a weight stops being
 * finite or the loss grows FIT_GROWTH-fold. Returns 0, or -1 with
 * res->message:
 *   - diverged: "training diverged: the cost became NaN at epoch 3, batch
 *     7; the last finite cost was 41.2; likely cause: the learning rate 10
 *     is too large", and res->hint "try a smaller learning rate, such as
 *     1"; res->epoch, batch, last_cost and cause say the same as numbers;
 *     the weights are left as they were then;
 *   - bad settings: a batch size < 0, a learning rate that is not a finite
 *     number > 0 (spec->lr, or spec->optim's lr and its other fields as
 *     optim_check_spec judges them);
 *   - bad data: a NaN or inf in X ("row 17, column 3 of X is NaN"),
 *     targets that do not fit (net_check_targets);
 *   - out of memory. */
int net_fit(Net *net, const Loss *loss, const Mat *X, const Mat *Y, const FitSpec *spec,
            FitResult *res);

/* Loss and metric over X (any rows, in chunks, inference mode) into
 * out->loss and out->metric (NAN without a metric). Returns 0, or -1 with
 * err when the targets do not fit (net_check_targets). */
int net_evaluate(Net *net, const Loss *loss, MetricKind metric, const Mat *X, const Mat *Y,
                 EpochLog *out, char *err, size_t len);

/* Yhat (X->rows x n_out) for any number of rows, in chunks of max_rows,
 * in inference mode. */
void net_predict(Net *net, Mat *Yhat, const Mat *X);

/* ---- gradient check --------------------------------------------------- */

/* Called by net_gradcheck for each checked value: the parameter, the
 * value's row and column, the analytic and numeric gradients. */
typedef void (*NetGradcheckFn)(const Param *p, int i, int j, double analytic, double numeric,
                               void *ctx);

/* Compare every trainable gradient from net_cost_grad (train mode) with
 * central differences of the same cost (step h). Dropout draws the same
 * masks for every evaluation (the net's Rng is copied before each) and
 * batch norm's running statistics are restored afterwards. Calls report
 * (if not NULL) per value; returns the largest relative error (infinite
 * when a gradient is NaN, see gradcheck_rel_error). X->rows <= max_rows. */
double net_gradcheck(Net *net, const Loss *loss, const Mat *X, const Mat *Y, double h,
                     NetGradcheckFn report, void *ctx);

/* ---- save and load ---------------------------------------------------- */

/* Write the model (its layers and every parameter, running statistics
 * included) to path in the text format of the README ("Saving a model").
 * Returns 0, or -1 with "path: why" in err. */
int net_save(const Net *net, const char *path, char *err, size_t len);

/* A model read from path, for batches of up to max_rows; NULL with
 * "path:line: what is wrong" in err for a missing, truncated or corrupt
 * file. A loaded model predicts bit for bit what the saved one did. */
Net *net_load(const char *path, int max_rows, char *err, size_t len);

#endif
