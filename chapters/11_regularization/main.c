/* Chapter 11 - Regularization: overfitting, L2 and L1, dropout, batch
 * normalization, early stopping
 *
 * Lecture notes: 001 (the regularized objective E(w, b) = 1/n sum L +
 * lambda R(w); batch normalization against vanishing and exploding
 * gradients), 003 (dropout with rate 0.3: a coin toss per unit per
 * iteration; dropout, regularization, batch normalization and callbacks
 * in Keras) and 000 (the agenda: "Normalization, Regularization").
 *
 * What you will learn
 *   - overfitting: a network with far more weights than training rows
 *     learns the rows by heart; its training loss keeps falling while its
 *     validation loss turns up
 *   - the penalty lambda R(w): L2, R = sum w^2, shrinks every weight by a
 *     factor each step; L1, R = sum |w|, takes the same bite off each one
 *     and drives many to (nearly) zero
 *   - dropout: in training each unit is kept or dropped by its own coin
 *     toss every iteration, the kept ones scaled by 1 / (1 - rate); at
 *     inference nothing is dropped
 *   - batch normalization: each unit standardized with the batch's mean
 *     and variance, then scaled and shifted by gamma and beta; its
 *     backward pass checked against central differences; the running
 *     statistics used at inference; the larger learning rates it allows
 *   - callbacks: early stopping (patience, restore the best weights) and
 *     the stop on a cost that is not a number; all variants side by side
 *
 * Key equations (samples are rows)
 *   E(w, b) = 1/n sum_i L(y_i, f(x_i)) + lambda R(w)
 *   L2: R = sum w^2,  dE/dw = dL/dw + 2 lambda w     L1: R = sum |w|,  dE/dw = dL/dw + lambda sign(w)
 *   dropout (rate p): m_j = [u_j >= p] / (1 - p), u_j ~ U[0, 1),  a_out = a m  (train);  a_out = a  (inference)
 *   batch norm: mu = 1/m sum x,  var = 1/m sum (x - mu)^2,  x_hat = (x - mu) / sqrt(var + eps),
 *               y = gamma x_hat + beta;  running = 0.99 running + 0.01 batch
 *   backward:   dx_i = gamma / (m sqrt(var + eps)) (m dy_i - sum dy - x_hat_i sum dy x_hat)
 *
 * Run it
 *   ./build/11_regularization                 the lecture, plots in out/11_regularization/
 *   ./build/11_regularization --plots=dumb    the plots drawn in the terminal
 *   ./build/11_regularization --epochs 300    train the variants longer
 *   ./build/11_regularization --data my.csv   your own regression CSV: features, then the target
 *
 * Plots
 *   overfit.png        training and validation MSE of the too-large net, epoch by epoch
 *   decay.png          the penalty alone: L2 shrinks a weight by a factor, L1 by a constant
 *   weights.png        histograms of the trained weights: none, L2, L1
 *   weights_log.png    the same by order of magnitude, log10 |w|: L1's pile near 1e-4
 *   dropout_masks.png  which units a Dropout(0.3) layer keeps, iteration by iteration
 *   validation.png     the validation MSE of every variant, epoch by epoch
 *   batchnorm_lr.png   loss after a few epochs against the learning rate, with and without batch norm
 *   batchnorm_loss.png the training loss per epoch at each one's best learning rate
 *   early_stopping.png the validation MSE, the best epoch restored, the epoch training stopped
 *
 * The checks of these numbers (the hand calculations against the library,
 * batch norm's backward pass against central differences, the dropout
 * masks, the early-stopping rule, the divergence) are unit tests:
 * tests/unit/test_ch11_regularization.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "chapter.h"
#include "cli.h"
#include "data.h"
#include "hand.h"
#include "init.h"
#include "layer.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "optim.h"
#include "param.h"
#include "plot.h"
#include "rng.h"
#include "stats.h"

#define CHAPTER "11_regularization"
#define DEFAULT_DATA "datasets/diabetes.csv"
#define DIGITS "datasets/digits.csv"
#define SEED 2014            /* dropout's paper (Srivastava et al., JMLR 2014) */
#define MIN_ROWS 40          /* the fewest rows --data may have */
#define TRAIN_FRACTION 0.25  /* a small training split: a quarter of the rows */
#define VAL_FRACTION (1.0 / 3.0) /* a third for validation; the rest is the test set */
#define HIDDEN 64            /* units of each of the two hidden layers: too many */
#define BATCH 20             /* rows per mini-batch */
#define EPOCHS 100           /* default epochs of every variant */
#define MAX_EPOCHS 1000      /* the most --epochs accepts */
#define LR 0.003             /* Adam's learning rate */
#define L2_LAMBDA 0.03       /* lambda of l2(lambda): lambda sum w^2 */
#define L1_LAMBDA 0.01       /* lambda of l1(lambda): lambda sum |w| */
#define DROP_RATE 0.3        /* 003's dropout rate */
#define PATIENCE 10          /* early stopping: epochs without improvement */
#define EARLY_SCREEN 25      /* section 6's epoch table, longer than this, is thinned ... */
#define EARLY_HEAD 5         /* ... to its first epochs, every k-th, the best and the last, */
#define EARLY_SHOWN 10       /* ... k chosen so about this many more are shown; */
#define EARLY_LOG "early_stopping.log" /* the whole table, in OUT/11_regularization/ */
#define LEARN_EPOCHS 5       /* a net that cannot beat the mean in this many epochs has failed */
#define NEAR_ZERO 1e-3       /* |w| below this counts as (nearly) zero */
#define HIST_BINS 73         /* bins of the weight histogram, 0.025 wide, one centred on 0 */
#define HIST_RANGE 0.9125    /* it spans [-0.9125, 0.9125] */
#define LOG_BINS 32          /* bins of the histogram of log10 |w|, 0.25 wide */
#define LOG_LO (-8.0)        /* it spans [-8, 0]: |w| from 1e-8 to 1 */
#define NAN_LR 0.15          /* plain SGD at this rate diverges on the too-large net */
#define NAN_EPOCHS 5

/* Batch normalization's speed, measured on digits. */
#define BN_ROWS 500          /* training rows */
#define BN_WIDTH 32          /* units per hidden layer */
#define BN_DEPTH 3           /* hidden layers */
#define BN_BATCH 32
#define BN_EPOCHS 5
#define N_RATES 6
static const double BN_RATES[N_RATES] = {0.01, 0.03, 0.1, 0.3, 1.0, 3.0};
#define STUCK 0.85           /* a loss above 0.85 ln 10 at chance accuracy: nothing learned */
#define GC_ROWS 16           /* rows of the gradient check */
#define GC_WIDTH 8           /* units of its batch-normalized layer */

/* The hand examples. */
#define ETA 0.1              /* learning rate of the hand steps */
#define LAMBDA 0.1           /* lambda of the hand example */
#define DECAY_STEPS 60       /* steps of the penalty alone */
#define N_UNITS 10           /* units of the hand dropout layer */
#define N_SHOWN_ITERS 5      /* its iterations printed */
#define MASK_UNITS 20        /* units of the mask picture */
#define MASK_ITERS 40        /* iterations of the mask picture */
#define WIDE_UNITS 100       /* 003: "100 -> 70" */
#define WIDE_ITERS 8
#define MEAN_ITERS 10000     /* iterations averaged to show E[a m] = a */
#define BN_M 4               /* rows of the hand batch */
#define BN_EPS BATCHNORM_EPS /* Keras' 0.001 */
#define BN_H 1e-6            /* step of the hand gradient check */

static const Loss MSE = {.kind = LOSS_MSE};
static const Loss SCCE = {.kind = LOSS_SPARSE_CCE};

/* x at 9 significant digits, in parentheses when negative: "(-1.26465816)". */
static const char *paren(char *buf, size_t len, double x)
{
    char v[32];
    hand_fmt(v, sizeof v, x);
    snprintf(buf, len, x < 0 ? "(%s)" : "%s", v);
    return buf;
}

/* ---- the data ----------------------------------------------------------- */

/* A regression set split into training, validation and test rows, the
 * features and the target standardized with the training rows' mean and
 * standard deviation: an MSE of 1 is what predicting the training mean
 * scores on data like the training data. */
typedef struct {
    DataSplit split;  /* X_train, y_train; X_test holds the validation rows, then the test rows */
    Mat X_val, y_val, X_test, y_test; /* views of split.X_test, split.y_test */
    int n_train, n_val, n_test, n_features;
    double y_mean, y_sd;              /* of the training targets, in the file's units */
    const char *file;                 /* --data: the file's name without its folders; else NULL */
    char columns[600];                /* --data: "the features a, b; the target y"; else "" */
} Regression;

#define MAX_NAMED 8 /* --data: the features named in the transcript, at most */

/* For a --data file (path not DEFAULT_DATA): d->file and d->columns from
 * csv's header, so the transcript and the plots speak of the student's
 * own columns. */
static void regression_names(Regression *d, const DataXY *csv, const char *path)
{
    d->file = NULL;
    d->columns[0] = '\0';
    if (strcmp(path, DEFAULT_DATA) == 0)
        return;
    const char *slash = strrchr(path, '/');
    d->file = slash ? slash + 1 : path;
    const char *const *names = (const char *const *)csv->table.names;
    size_t size = sizeof d->columns;
    int len = snprintf(d->columns, size, "the feature%s", csv->n_features > 1 ? "s" : "");
    for (int j = 0; j < csv->n_features && j < MAX_NAMED && len < (int)size; j++)
        len += snprintf(d->columns + len, size - (size_t)len, "%s%s", j ? ", " : " ",
                        names[csv->features[j]]);
    if (len < (int)size)
        snprintf(d->columns + len, size - (size_t)len, "%s; the target %s",
                 csv->n_features > MAX_NAMED ? ", ..." : "", names[csv->target]);
}

/* Features, then the target (the last column): any real number. */
static const DataXYSpec DATA_SPEC = {.target_col = -1, .want = {.kind = DATA_TARGET_REAL}};
static const DataXYSpec DIGITS_SPEC = {.target_col = -1, .want = {.kind = DATA_TARGET_CLASS}};

static void regression_free(Regression *d)
{
    data_split_free(&d->split);
}

/* Shuffle and split csv's rows, then standardize; CHAPTER_OK, or CHAPTER_ERROR after a message. */
static int regression_make(Regression *d, const DataXY *csv, const char *path, Rng *rng)
{
    int m = csv->X->rows, p = csv->X->cols;
    if (m < MIN_ROWS)
        return chapter_error("%s: %d data row%s; this chapter needs at least %d", path, m,
                             m == 1 ? "" : "s", MIN_ROWS);
    if (data_split(&d->split, rng, csv->X, csv->y, 1.0 - TRAIN_FRACTION) != 0)
        return chapter_error("out of memory");
    d->n_train = d->split.X_train->rows;
    d->n_val = (int)lround(VAL_FRACTION * m);
    d->n_test = d->split.X_test->rows - d->n_val;
    d->n_features = p;
    regression_names(d, csv, path);
    Mat *mean = mat_new(1, p), *sd = mat_new(1, p), *ym = mat_new(1, 1), *ys = mat_new(1, 1);
    int ok = mean && sd && ym && ys;
    if (ok) {
        data_standardize(d->split.X_train, mean, sd);
        data_standardize_apply(d->split.X_test, mean, sd);
        data_standardize(d->split.y_train, ym, ys);
        data_standardize_apply(d->split.y_test, ym, ys);
        d->y_mean = ym->data[0];
        d->y_sd = ys->data[0];
    }
    mat_free(mean);
    mat_free(sd);
    mat_free(ym);
    mat_free(ys);
    if (!ok)
        return chapter_error("out of memory");
    int constant = 1;
    for (int i = 1; i < d->n_train; i++)
        constant &= d->split.y_train->data[i] == d->split.y_train->data[0];
    if (constant)
        return chapter_error("%s: the target is the same in every training row; there is "
                             "nothing to learn", path);
    d->X_val = mat_cview_rows(d->split.X_test, 0, d->n_val);
    d->y_val = mat_cview_rows(d->split.y_test, 0, d->n_val);
    d->X_test = mat_cview_rows(d->split.X_test, d->n_val, d->n_test);
    d->y_test = mat_cview_rows(d->split.y_test, d->n_val, d->n_test);
    return CHAPTER_OK;
}

/* ---- the variants and their runs ------------------------------------------ */

/* One way to train the too-large net. */
typedef struct {
    const char *name;
    double l2, l1;    /* penalties' lambda */
    int dropout;      /* Dropout(DROP_RATE) after each hidden layer */
    int batchnorm;    /* Dense(linear) -> BatchNormalization -> ReLU */
    int early;        /* EarlyStopping(patience PATIENCE, restore_best_weights) */
} Variant;

enum { V_NONE, V_L2, V_L1, V_DROPOUT, V_BATCHNORM, V_EARLY, N_VARIANTS };
static const Variant VARIANTS[N_VARIANTS] = {
    [V_NONE] = {.name = "none"},
    [V_L2] = {.name = "L2", .l2 = L2_LAMBDA},
    [V_L1] = {.name = "L1", .l1 = L1_LAMBDA},
    [V_DROPOUT] = {.name = "dropout", .dropout = 1},
    [V_BATCHNORM] = {.name = "batch norm", .batchnorm = 1},
    [V_EARLY] = {.name = "early stopping", .early = 1},
};

/* What a variant's training gave. */
typedef struct {
    const Variant *v;
    int epochs;                /* epochs run */
    double train[MAX_EPOCHS];  /* training MSE after each epoch (inference mode, no penalty) */
    double val[MAX_EPOCHS];    /* validation MSE after each epoch */
    double keras[MAX_EPOCHS];  /* the loss Keras prints: the batches' mean (train mode) + penalty */
    int best_epoch;            /* of the lowest validation MSE (1-based) */
    double best_val;
    double end_train, end_val; /* of the final weights (early stopping: the restored ones) */
    double test_mse, test_r2;
    double *kernel;            /* every weight of every W at the end */
    long n_kernel;
    double mean_abs, max_abs;  /* of the kernel weights */
    long near_zero;            /* how many have |w| < NEAR_ZERO */
    long tiny;                 /* how many have |w| < 1e-8 */
    int off_units, units;      /* hidden ReLU units that output 0 for every training row; all */
    int n_params;
    EarlyStopping es;
    FitResult res;
} Run;

/* A hidden layer of n ReLU units: Dense(n, relu), or with batch norm
 * Dense(n, linear) -> BatchNormalization -> ReLU (Keras' usual order).
 * 0, or -1 when out of memory. */
static int add_hidden(Net *net, int n, int batchnorm)
{
    if (!batchnorm)
        return net_add(net, n, act_of(ACT_RELU));
    return net_add(net, n, act_of(ACT_LINEAR)) == 0 && net_add_batchnorm(net) == 0 &&
                   net_add_activation(net, act_of(ACT_RELU)) == 0
               ? 0
               : -1;
}

/* The too-large net: inputs -> 64 -> 64 -> 1 (ReLU, ReLU, linear), with
 * the variant's layers; every W from He uniform, drawn from init. */
static Net *build_net(const Variant *v, int n_in, int max_rows, Rng *init)
{
    Net *net = net_new(n_in, max_rows);
    int ok = net != NULL;
    for (int k = 0; ok && k < 2; k++) {
        ok = add_hidden(net, HIDDEN, v->batchnorm) == 0;
        if (ok && v->dropout)
            ok = net_add_dropout(net, DROP_RATE) == 0;
    }
    if (!ok || net_add(net, 1, act_of(ACT_LINEAR)) != 0) {
        net_free(net);
        return NULL;
    }
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, init);
    return net;
}

/* Records the training MSE of each epoch in inference mode (the same
 * yardstick as the validation MSE: no dropout, no penalty). */
typedef struct {
    const Regression *d;
    Run *run;
} Recorder;

static FitAction record_train(Net *net, const EpochLog *log, void *recorder)
{
    Recorder *r = recorder;
    EpochLog out;
    net_evaluate(net, &MSE, METRIC_NONE, r->d->split.X_train, r->d->split.y_train, &out, NULL, 0);
    r->run->train[log->epoch - 1] = out.loss;
    return FIT_CONTINUE;
}

/* The kernel weights' statistics: mean and largest |w|, and how many are
 * (nearly) zero. */
static int kernel_stats(Run *run, const Net *net)
{
    long n = 0;
    for (int i = 0; i < net->n_params; i++)
        if (net->params[i].decay)
            n += (long)net->params[i].value->rows * net->params[i].value->cols;
    run->kernel = malloc((size_t)n * sizeof *run->kernel);
    if (!run->kernel)
        return -1;
    run->n_kernel = 0;
    for (int i = 0; i < net->n_params; i++)
        if (net->params[i].decay) {
            const Mat *W = net->params[i].value;
            memcpy(&run->kernel[run->n_kernel], W->data,
                   (size_t)W->rows * W->cols * sizeof *W->data);
            run->n_kernel += (long)W->rows * W->cols;
        }
    double sum = 0.0;
    run->max_abs = 0.0;
    run->near_zero = 0;
    for (long k = 0; k < n; k++) {
        double a = fabs(run->kernel[k]);
        sum += a;
        run->max_abs = fmax(run->max_abs, a);
        run->near_zero += a < NEAR_ZERO;
    }
    run->mean_abs = sum / n;
    run->tiny = 0;
    for (long k = 0; k < n; k++)
        run->tiny += fabs(run->kernel[k]) < 1e-8;
    return 0;
}

/* A ReLU unit is switched off when it outputs 0 for every row of X (it
 * then passes no gradient back either). Counts them over the net's ReLU
 * outputs: dense layers with ReLU and ReLU activation layers. */
static void count_off_units(Run *run, Net *net, const Mat *X)
{
    net_forward(net, X);
    run->off_units = run->units = 0;
    for (int k = 0; k < net->n_layers; k++) {
        const Layer *L = net->layers[k];
        if ((L->kind != LAYER_DENSE && L->kind != LAYER_ACTIVATION) || L->act.kind != ACT_RELU)
            continue;
        Mat A = net_activation(net, k + 1);
        for (int j = 0; j < A.cols; j++) {
            int on = 0;
            for (int i = 0; i < A.rows && !on; i++)
                on = MAT_AT(&A, i, j) != 0.0;
            run->off_units += !on;
            run->units++;
        }
    }
}

/* MSE and R^2 = 1 - SSE / sum (y - mean)^2 of the net on (X, y). */
static int score(Net *net, const Mat *X, const Mat *y, double *mse, double *r2)
{
    Mat *yhat = mat_new(X->rows, 1);
    if (!yhat)
        return -1;
    net_predict(net, yhat, X);
    double mean = 0.0, sse = 0.0, sst = 0.0;
    for (int i = 0; i < X->rows; i++)
        mean += y->data[i];
    mean /= X->rows;
    for (int i = 0; i < X->rows; i++) {
        sse += (y->data[i] - yhat->data[i]) * (y->data[i] - yhat->data[i]);
        sst += (y->data[i] - mean) * (y->data[i] - mean);
    }
    mat_free(yhat);
    *mse = sse / X->rows;
    *r2 = 1.0 - sse / sst;
    return 0;
}

/* The two Rngs of a training run: init draws the weights from seed,
 * shuffle the order of the rows from seed + 1. */
static void seed_run(Rng *init, Rng *shuffle, uint64_t seed)
{
    rng_seed(init, seed);
    rng_seed(shuffle, seed + 1);
}

/* Train the variant: Adam(lr), batches of BATCH, `epochs` epochs. Every
 * variant starts from the same weights (init drawn from seed) and sees the
 * rows in the same order (shuffled from seed + 1). CHAPTER_OK, or
 * CHAPTER_ERROR after a message (out of memory; training diverged: the
 * library's message names the epoch and batch). */
static int train_variant(Run *run, const Variant *v, const Regression *d, int epochs, double lr,
                         uint64_t seed)
{
    Rng init, shuffle;
    seed_run(&init, &shuffle, seed);
    run->v = v;
    int max_rows = d->n_train > d->n_val ? d->n_train : d->n_val;
    max_rows = max_rows > d->n_test ? max_rows : d->n_test;
    Net *net = build_net(v, d->n_features, max_rows, &init);
    if (!net)
        return chapter_error("out of memory");
    run->n_params = net_param_count(net);
    Recorder rec = {.d = d, .run = run};
    run->es = (EarlyStopping){.monitor = MONITOR_VAL_LOSS, .patience = PATIENCE,
                              .restore_best_weights = 1};
    /* the recorder first: early stopping puts the best weights back when it stops */
    FitCallback callbacks[] = {{record_train, &rec}, {early_stopping, &run->es}};
    int rc = net_fit(net, &MSE, d->split.X_train, d->split.y_train, &(FitSpec){
                         .epochs = epochs, .batch_size = BATCH,
                         .optim = &(OptimSpec){.kind = OPTIM_ADAM, .lr = lr},
                         .l1 = v->l1, .l2 = v->l2, .shuffle = &shuffle,
                         .X_val = &d->X_val, .Y_val = &d->y_val, .val_history = run->val,
                         .history = run->keras, .callbacks = callbacks,
                         .n_callbacks = v->early ? 2 : 1},
                     &run->res);
    if (rc != 0) {
        net_free(net);
        early_stopping_free(&run->es);
        char what[80];
        snprintf(what, sizeof what, "the \"%s\" variant", v->name);
        return chapter_fit_error(what, run->res.message, run->res.hint);
    }
    run->epochs = run->res.epochs;
    run->best_epoch = 1;
    for (int e = 1; e <= run->epochs; e++)
        if (run->val[e - 1] < run->val[run->best_epoch - 1])
            run->best_epoch = e;
    run->best_val = run->val[run->best_epoch - 1];
    double r2;
    rc = score(net, d->split.X_train, d->split.y_train, &run->end_train, &r2) ||
         score(net, &d->X_val, &d->y_val, &run->end_val, &r2) ||
         score(net, &d->X_test, &d->y_test, &run->test_mse, &run->test_r2) ||
         kernel_stats(run, net);
    if (rc == 0)
        count_off_units(run, net, d->split.X_train);
    net_free(net);
    early_stopping_free(&run->es);
    return rc ? chapter_error("out of memory") : CHAPTER_OK;
}

/* A run that never got its training MSE below 1, what predicting the mean
 * scores, in LEARN_EPOCHS epochs or more has not learned: with Adam that
 * means a learning rate so large that its steps (about lr each) throw the
 * weights around. CHAPTER_OK, or CHAPTER_ERROR after a message. */
static int check_learned(const Run *run, double lr)
{
    double lowest = run->train[0];
    for (int e = 1; e < run->epochs; e++)
        lowest = fmin(lowest, run->train[e]);
    if (run->epochs < LEARN_EPOCHS || lowest < 1.0)
        return CHAPTER_OK;
    return chapter_error("with --lr %g the net does not learn: in %d epochs its training MSE "
                         "never fell below 1, what predicting the mean scores (lowest %.6g); "
                         "try a smaller --lr (default %g)", lr, run->epochs, lowest, LR);
}

/* ---- 1. Overfitting ---------------------------------------------------------- */

/* Epochs to show in a table: 1, every tenth (or so), the best, the last. */
static int shown_epoch(int e, int epochs, int best)
{
    int step = epochs <= 20 ? 1 : epochs / 10;
    return e == 1 || e % step == 0 || e == best || e == epochs;
}

static void plot_overfit(Plotter *pl, const Run *run, int n_train, const char *file)
{
    char title[500], settings[160], rows[300];
    /* "30 rows", or with --data "30 rows of my.csv" */
    snprintf(rows, sizeof rows, "%d rows%s%.200s", n_train, file ? " of " : "", file ? file : "");
    if (run->best_epoch < run->epochs)
        snprintf(title, sizeof title, "A too-large net on %s: the training MSE keeps "
                 "falling, the validation MSE turns up after epoch %d", rows, run->best_epoch);
    else
        snprintf(title, sizeof title, "A too-large net on %s: training and validation MSE "
                 "(the validation MSE is still falling)", rows);
    snprintf(settings, sizeof settings, "set yrange [0:*]\nset arrow from %d, graph 0 to %d, "
             "graph 1 nohead dt 2 lw 2 lc rgb '#555555'", run->best_epoch, run->best_epoch);
    ChapterCurve curves[] = {
        {.legend = "training MSE", .y = run->train, .n = run->epochs, .first = 1,
         .style = "lines lw 2 lc rgb '#1f77b4'"},
        {.legend = "validation MSE", .y = run->val, .n = run->epochs, .first = 1,
         .style = "lines lw 2 lc rgb '#d62728'"},
    };
    chapter_plot_curves(pl, "overfit", &(PlotSpec){
        .title = title, .xlabel = "epoch",
        .ylabel = "MSE (standardized target; dashed line: lowest validation MSE)",
        .settings = settings, .width = 1000}, curves, 2);
}

static void lecture_overfitting(Plotter *pl, const Run *run, const Regression *d,
                                const char *path, int epochs, double lr)
{
    hand_section("1. Overfitting: a too-large network on a small training split");
    hand_printf("%s: %d rows, %d features and a target.\n"
                "    training set     %4d rows (a quarter): the net learns from these\n"
                "    validation set   %4d rows (a third): checked after every epoch\n"
                "    test set         %4d rows (the rest): kept for the end\n"
                "The features and the target are standardized with the training rows'\n"
                "mean and standard deviation (target: mean %v, sd %v), so an\n"
                "MSE of 1 is what predicting the training mean scores.\n\n",
                path, d->n_train + d->n_val + d->n_test, d->n_features, d->n_train, d->n_val,
                d->n_test, d->y_mean, d->y_sd);
    if (d->file)
        hand_printf("The columns of %s: %s.\n\n", d->file, d->columns);
    printf("The net, in Keras:\n\n"
           "    model = Sequential([Dense(%d, activation=\"relu\", input_dim=%d),\n"
           "                        Dense(%d, activation=\"relu\"), Dense(1)])\n"
           "    model.compile(optimizer=Adam(learning_rate=%g), loss=\"mse\")\n\n",
           HIDDEN, d->n_features, HIDDEN, lr);
    hand_printf("%d weights and biases for %d training rows: about %d per row. Nothing\n"
                "stops such a net from learning each row by heart, noise included. Adam,\n"
                "batches of %d, %d epochs; after each epoch the MSE on the training rows and\n"
                "on the validation rows:\n\n",
                run->n_params, d->n_train, (int)lround((double)run->n_params / d->n_train), BATCH,
                epochs);
    hand_printf("    %5s  %14s  %14s\n", "epoch", "training MSE", "validation MSE");
    for (int e = 1; e <= run->epochs; e++)
        if (shown_epoch(e, run->epochs, run->best_epoch))
            hand_printf("    %5d  %14v  %14v%s\n", e, run->train[e - 1], run->val[e - 1],
                        e == run->best_epoch ? "  <- lowest validation MSE" : "");
    int B = run->best_epoch, E = run->epochs;
    if (B < E)
        hand_printf("\nThe validation MSE is lowest after epoch %d. From there to epoch %d:\n\n"
                    "    training MSE    %v -> %v   (%v times smaller)\n"
                    "    validation MSE  %v -> %v   (%v times larger)\n\n"
                    "The net fits the training rows better and better, and new rows worse:\n"
                    "that is overfitting. On the test rows the final net scores an MSE of\n"
                    "%v (R^2 = %v).\n",
                    B, E, run->train[B - 1], run->train[E - 1],
                    run->train[B - 1] / run->train[E - 1], run->best_val, run->val[E - 1],
                    run->val[E - 1] / run->best_val, run->test_mse, run->test_r2);
    else
        hand_printf("\nThe validation MSE is still falling after the last epoch (%v): no\n"
                    "overfitting yet in %d epochs. Train longer (--epochs) to see it.\n",
                    run->best_val, E);
    printf("\nThe rest of the chapter trains the same net, from the same starting weights\n"
           "and with the rows in the same order, with one remedy at a time.\n");
    plot_overfit(pl, run, d->n_train, d->file);
}

/* ---- 2. The penalty lambda R(w), by hand ---------------------------------------- */

/* The hand example: a linear neuron f(x) = w1 x1 + w2 x2 + w3 x3 + b,
 * two rows, MSE. The third input is 0 in both rows: w3 carries no signal. */
typedef struct {
    double w[3], b;
} Neuron;

static const double HAND_X[2][3] = {{1, 2, 0}, {3, 1, 0}};
static const double HAND_Y[2] = {4, 2.5};

/* f(x) = w . x + b */
static double neuron_out(const Neuron *n, const double x[3])
{
    return n->w[0] * x[0] + n->w[1] * x[1] + n->w[2] * x[2] + n->b;
}

/* L = 1/n sum (y - f)^2 and its gradient dL/dw_j = 1/n sum 2 (f - y) x_j,
 * dL/db = 1/n sum 2 (f - y), over the two rows. */
static double neuron_mse(const Neuron *n, double dw[3], double *db)
{
    double L = 0.0;
    dw[0] = dw[1] = dw[2] = *db = 0.0;
    for (int i = 0; i < 2; i++) {
        double r = neuron_out(n, HAND_X[i]) - HAND_Y[i];
        L += r * r / 2;
        for (int j = 0; j < 3; j++)
            dw[j] += 2 * r * HAND_X[i][j] / 2;
        *db += 2 * r / 2;
    }
    return L;
}

/* The hand example's forward pass, its loss L and the gradient (into
 * dL_dw and dL_db), written out, then the step without a penalty.
 * Returns L. */
static double hand_unpenalized_step(const Neuron *n, double dL_dw[3], double *dL_db)
{
    double f[2];
    for (int i = 0; i < 2; i++) {
        f[i] = neuron_out(n, HAND_X[i]);
        hand_printf("    f(x%d) = %v x %v + %v x %v + %v x %v%+v = %v\n", i + 1, n->w[0],
                    HAND_X[i][0], n->w[1], HAND_X[i][1], n->w[2], HAND_X[i][2], n->b, f[i]);
    }
    double L = neuron_mse(n, dL_dw, dL_db);
    hand_printf("    L = 1/2 [(%v - %v)^2 + (%v - %v)^2] = %v\n", HAND_Y[0], f[0], HAND_Y[1], f[1],
                L);
    printf("    dL/dw_j = 1/2 sum_i 2 (f(x_i) - y_i) x_ij:\n");
    char r1[40], r2[40];
    paren(r1, sizeof r1, f[0] - HAND_Y[0]);
    paren(r2, sizeof r2, f[1] - HAND_Y[1]);
    for (int j = 0; j < 3; j++)
        hand_printf("    dL/dw%d = %s x %v + %s x %v = %v\n", j + 1, r1, HAND_X[0][j], r2,
                    HAND_X[1][j], dL_dw[j]);
    hand_printf("    dL/db  = %s + %s = %v\n", r1, r2, *dL_db);
    hand_printf("\nWithout a penalty the step is w = (%v, %v, %v), b = %v: w3 stays.\n",
                n->w[0] - ETA * dL_dw[0], n->w[1] - ETA * dL_dw[1], n->w[2] - ETA * dL_dw[2],
                n->b - ETA * *dL_db);
    return L;
}

static double sign_of(double w)
{
    return (w > 0) - (w < 0);
}

/* One penalized step by hand: E, dE/dw and w <- w - eta dE/dw, for L2
 * (l2 = 1) or L1 (l2 = 0). */
static void hand_penalized_step(const Neuron *n, const double dL_dw[3], double dL_db, double L,
                                int l2)
{
    const char *nm = l2 ? "L2" : "L1";
    double R = 0.0, dR[3];
    for (int j = 0; j < 3; j++) {
        R += l2 ? n->w[j] * n->w[j] : fabs(n->w[j]);
        dR[j] = l2 ? 2 * n->w[j] : sign_of(n->w[j]);
    }
    double E = L + LAMBDA * R;
    if (l2)
        hand_printf("\n%s: R(w) = w1^2 + w2^2 + w3^2 = %v^2 + %v^2 + %v^2 = %v\n", nm, n->w[0],
                    n->w[1], n->w[2], R);
    else
        hand_printf("\n%s: R(w) = |w1| + |w2| + |w3| = %v + %v + %v = %v\n", nm, fabs(n->w[0]),
                    fabs(n->w[1]), fabs(n->w[2]), R);
    hand_printf("    E = L + lambda R = %v + %v x %v = %v\n", L, LAMBDA, R, E);
    hand_printf("    dE/dw_j = dL/dw_j + %s\n", l2 ? "2 lambda w_j" : "lambda sign(w_j)");
    Neuron next = *n;
    char pg[40];
    for (int j = 0; j < 3; j++) {
        double g = dL_dw[j] + LAMBDA * dR[j];
        next.w[j] = n->w[j] - ETA * g;
        if (l2)
            hand_printf("    w%d: dE/dw%d = %v + 2 x %v x %v = %v;   w%d = %v - %v x %s = %v\n",
                        j + 1, j + 1, dL_dw[j], LAMBDA, n->w[j], g, j + 1, n->w[j], ETA,
                        paren(pg, sizeof pg, g), next.w[j]);
        else
            hand_printf("    w%d: dE/dw%d = %v + %v x %v = %v;   w%d = %v - %v x %s = %v\n",
                        j + 1, j + 1, dL_dw[j], LAMBDA, dR[j], g, j + 1, n->w[j], ETA,
                        paren(pg, sizeof pg, g), next.w[j]);
    }
    next.b = n->b - ETA * dL_db;
    hand_printf("    b:  dE/db = dL/db = %v (no penalty on b);   b = %v - %v x %s = %v\n", dL_db,
                n->b, ETA, paren(pg, sizeof pg, dL_db), next.b);
}

/* The penalty alone on one weight: w_t after t steps of w <- w - eta lambda dR/dw. */
static void penalty_path(double *w, int steps, double w0, int l2)
{
    w[0] = w0;
    for (int t = 1; t <= steps; t++)
        w[t] = w[t - 1] - ETA * LAMBDA * (l2 ? 2 * w[t - 1] : sign_of(w[t - 1]));
}

/* The first step at which a path is within 1e-9 of zero. */
static int first_near_zero(const double *w)
{
    int t = 0;
    while (t < DECAY_STEPS && fabs(w[t]) > 1e-9)
        t++;
    return t;
}

static void plot_decay(Plotter *pl, double paths[4][DECAY_STEPS + 1])
{
    double t[DECAY_STEPS + 1];
    for (int k = 0; k <= DECAY_STEPS; k++)
        t[k] = k;
    Plot *p = plot_begin(pl, "decay", &(PlotSpec){
        .title = "The penalty alone: L2 shrinks a weight by 2% a step, L1 takes 0.01 off until it hits 0",
        .xlabel = "step (eta = 0.1, lambda = 0.1; the data's gradient left out)",
        .ylabel = "w", .width = 1000, .settings = "set key top right"});
    static const char *legend[4] = {"L2 from w = 0.5", "L1 from w = 0.5", "L2 from w = 0.04",
                                    "L1 from w = 0.04"};
    static const char *style[4] = {"lines lw 2 lc rgb '#1f77b4'", "lines lw 2 lc rgb '#d62728'",
                                   "lines lw 2 dt 2 lc rgb '#1f77b4'",
                                   "lines lw 2 dt 2 lc rgb '#d62728'"};
    for (int k = 0; k < 4; k++)
        plot_series(p, legend[k], style[k], t, paths[k], DECAY_STEPS + 1);
    plot_end(p);
}

/* The penalty alone on the useless w3: its paths under L2 and L1 from 0.5
 * and from 0.04, a table of them, what they show, and decay.png. */
static void lecture_decay(Plotter *pl)
{
    double paths[4][DECAY_STEPS + 1];
    penalty_path(paths[0], DECAY_STEPS, 0.5, 1);
    penalty_path(paths[1], DECAY_STEPS, 0.5, 0);
    penalty_path(paths[2], DECAY_STEPS, 0.04, 1);
    penalty_path(paths[3], DECAY_STEPS, 0.04, 0);
    hand_printf("\nThe useless w3 shows the two penalties' characters. Its data gradient is\n"
                "always 0, so only the penalty moves it:\n\n"
                "    L2: w <- w - eta 2 lambda w = (1 - %v) w       a factor: never exactly 0\n"
                "    L1: w <- w - eta lambda sign(w) = w - %v sign(w)   a constant bite\n\n",
                2 * ETA * LAMBDA, ETA * LAMBDA);
    hand_printf("    %4s  %16s  %16s  %16s  %16s\n", "step", "L2 from 0.5", "L1 from 0.5",
                "L2 from 0.04", "L1 from 0.04");
    static const int shown[] = {0, 1, 2, 3, 4, 5, 6, 10, 20, 49, 50, 51, 52, DECAY_STEPS};
    for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++) {
        int t = shown[k];
        hand_printf("    %4d  %16v  %16v  %16v  %16v\n", t, paths[0][t], paths[1][t], paths[2][t],
                    paths[3][t]);
    }
    hand_printf("\nL2 pulls hard on large weights and hardly at all on small ones: in the\n"
                "first step 0.5 loses %v, 0.04 only %v. L1 takes %v off every\n"
                "weight, large or small, so small weights reach zero first: 0.04 after %d\n"
                "steps, 0.5 after %d. Then the step jumps over zero and back: sign(w)\n"
                "flips, and w hops between %v and %v. Rounding leaves it a\n"
                "hair from 0, not at 0: L1 with gradient steps makes weights *nearly*\n"
                "zero, within eta lambda of it.\n",
                paths[0][0] - paths[0][1], paths[2][0] - paths[2][1], ETA * LAMBDA,
                first_near_zero(paths[3]), first_near_zero(paths[1]), paths[3][DECAY_STEPS],
                paths[3][DECAY_STEPS - 1]);
    plot_decay(pl, paths);
}

static void lecture_penalty(Plotter *pl)
{
    hand_section("2. The penalty lambda R(w) (001), by hand");
    printf("001 adds a second term to the cost:\n\n"
           "    E(w, b) = 1/n sum_i L(y_i, f(x_i)) + lambda R(w)\n\n"
           "L measures the misfit, R penalizes the model's complexity, and lambda >= 0\n"
           "sets how much. The two usual R are\n\n"
           "    L2: R(w) = sum w^2     dR/dw = 2 w        (Keras: kernel_regularizer=l2(lambda))\n"
           "    L1: R(w) = sum |w|     dR/dw = sign(w)    (Keras: kernel_regularizer=l1(lambda))\n\n"
           "Only the weights w are penalized, not the biases b. Take a linear neuron\n"
           "f(x) = w1 x1 + w2 x2 + w3 x3 + b with the MSE on two rows:\n\n");
    Neuron n = {.w = {0.5, 1.0, 0.04}, .b = 0.5};
    for (int i = 0; i < 2; i++)
        hand_printf("    x = (%v, %v, %v), y = %v\n", HAND_X[i][0], HAND_X[i][1], HAND_X[i][2],
                    HAND_Y[i]);
    hand_printf("\nThe third input is 0 in both rows: w3 carries no information. Start from\n"
                "w = (%v, %v, %v), b = %v; lambda = %v, eta = %v.\n\n", n.w[0], n.w[1], n.w[2],
                n.b, LAMBDA, ETA);
    double dL_dw[3], dL_db;
    double L = hand_unpenalized_step(&n, dL_dw, &dL_db);
    hand_penalized_step(&n, dL_dw, dL_db, L, 1);
    hand_penalized_step(&n, dL_dw, dL_db, L, 0);
    lecture_decay(pl);
}

/* ---- 3. L2 and L1 on the network ---------------------------------------------- */

/* The histogram of v[0 .. n-1] in `bins` bins over [lo, hi], as a series
 * of p: the counts at the bins' centres. */
static void plot_histogram(Plot *p, const char *legend, const char *style, const double *v,
                           long n, int bins, double lo, double hi)
{
    enum { MAX_BINS = HIST_BINS > LOG_BINS ? HIST_BINS : LOG_BINS };
    long count[MAX_BINS];
    double x[MAX_BINS], y[MAX_BINS];
    stats_histogram(count, bins, lo, hi, v, n);
    for (int b = 0; b < bins; b++) {
        x[b] = lo + (b + 0.5) * (hi - lo) / bins;
        y[b] = count[b];
    }
    plot_series(p, legend, style, x, y, bins);
}

/* The histograms of the none, L2 and L1 runs' kernel weights: of w, and of
 * log10 |w| (weights below 1e-8 counted in the first bin). */
static void plot_weights(Plotter *pl, const Run *runs)
{
    static const int which[] = {V_NONE, V_L2, V_L1};
    static const char *style[] = {"histeps lw 2 lc rgb '#555555'", "histeps lw 2 lc rgb '#1f77b4'",
                                  "histeps lw 2 lc rgb '#d62728'"};
    static const char *legend[] = {"no penalty", "L2, lambda 0.03", "L1, lambda 0.01"};
    Plot *p = plot_begin(pl, "weights", &(PlotSpec){
        .title = "The trained net's weights: L2 shrinks them all, L1 piles most of them up at 0",
        .xlabel = "weight w (bins of 0.025)", .ylabel = "number of weights (log scale)",
        .width = 1000, .settings = "set logscale y\nset yrange [0.8:*]"});
    for (int k = 0; k < 3; k++) {
        const Run *r = &runs[which[k]];
        plot_histogram(p, legend[k], style[k], r->kernel, r->n_kernel, HIST_BINS, -HIST_RANGE,
                       HIST_RANGE);
    }
    plot_end(p);

    p = plot_begin(pl, "weights_log", &(PlotSpec){
        .title = "The same weights by order of magnitude: L1 piles most up between 1e-4 and 1e-3",
        .xlabel = "log10 |w| (bins of 0.25; the first bin holds every |w| < 1e-8)",
        .ylabel = "number of weights", .width = 1000, .settings = "set key top left"});
    double *lw = malloc((size_t)runs[V_NONE].n_kernel * sizeof *lw);
    if (!lw) {
        plot_fail(p, "out of memory");
        plot_end(p);
        return;
    }
    for (int k = 0; k < 3; k++) {
        const Run *r = &runs[which[k]];
        for (long i = 0; i < r->n_kernel; i++)
            lw[i] = log10(fmax(fabs(r->kernel[i]), 1e-300));
        plot_histogram(p, legend[k], style[k], lw, r->n_kernel, LOG_BINS, LOG_LO, 0.0);
    }
    free(lw);
    plot_end(p);
}

/* The median |w| of the weights below NEAR_ZERO (0 when there are none). */
static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_small(const Run *r)
{
    double *small = malloc((size_t)r->n_kernel * sizeof *small);
    long n = 0;
    for (long k = 0; small && k < r->n_kernel; k++)
        if (fabs(r->kernel[k]) < NEAR_ZERO)
            small[n++] = fabs(r->kernel[k]);
    double median = 0.0;
    if (n > 0) {
        qsort(small, (size_t)n, sizeof *small, by_value);
        median = n % 2 ? small[n / 2] : (small[n / 2 - 1] + small[n / 2]) / 2;
    }
    free(small);
    return median;
}

static void print_weight_row(const Run *r, const char *setting)
{
    hand_printf("    %-8s %-7s %14v %14v %9d %9d %10d of %d\n", r->v->name, setting, r->mean_abs,
                r->max_abs, (int)r->near_zero, (int)r->tiny, r->off_units, r->units);
}

static void lecture_l2_l1(Plotter *pl, const Run *runs)
{
    hand_section("3. L2 and L1 on the network");
    printf("The same net, trained with the penalty in its cost: in Keras\n"
           "Dense(64, activation=\"relu\", kernel_regularizer=l2(0.03)), or l1(0.01), on\n"
           "every layer. Its %d weights after the last epoch, and its %d hidden units:\n\n",
           (int)runs[V_NONE].n_kernel, runs[V_NONE].units);
    hand_printf("    %-8s %-7s %14s %14s %9s %9s %16s\n", "penalty", "lambda", "mean |w|",
                "largest |w|", "|w|<1e-3", "|w|<1e-8", "units off");
    print_weight_row(&runs[V_NONE], "-");
    print_weight_row(&runs[V_L2], "0.03");
    print_weight_row(&runs[V_L1], "0.01");
    const Run *n = &runs[V_NONE], *l2 = &runs[V_L2], *l1 = &runs[V_L1];
    hand_printf("\n(A unit is off when its ReLU outputs 0 for every training row.)\n\n"
                "L2 shrinks every weight: the mean |w| falls from %v to %v,\n"
                "the largest from %v to %v. L1 leaves %d of the %d weights\n"
                "below 0.001 and keeps a few large ones (the largest is %v): it keeps\n"
                "the inputs and units that matter and switches the rest off (%d units\n"
                "off, against %d without a penalty). Its small weights are not exactly 0:\n"
                "each step still kicks them by about Adam's lr, so they hover near 0: the\n"
                "median |w| of those below 0.001 is %v (weights_log.png).\n"
                "The weights into and out of a unit that is off get no gradient from the\n"
                "data, so only the penalty acts on them: L2 shrinks them by a factor every\n"
                "step, and %d weights end below 1e-8.\n\n",
                n->mean_abs, l2->mean_abs, n->max_abs, l2->max_abs, (int)l1->near_zero,
                (int)l1->n_kernel, l1->max_abs, l1->off_units, n->off_units,
                median_small(l1), (int)l2->tiny);
    hand_printf("    %-8s %16s %16s %16s\n", "penalty", "best val MSE", "at epoch",
                "final val MSE");
    for (int v = V_NONE; v <= V_L1; v++)
        hand_printf("    %-8s %16v %16d %16v\n", runs[v].v->name, runs[v].best_val,
                    runs[v].best_epoch, runs[v].end_val);
    hand_printf("\nBoth penalties keep the net from learning the noise: its validation MSE\n"
                "no longer climbs, and after the last epoch it is %v (L2) and\n"
                "%v (L1) against %v without a penalty.\n",
                l2->end_val, l1->end_val, n->end_val);
    plot_weights(pl, runs);
}

/* ---- 4. Dropout --------------------------------------------------------------- */

/* Inverted dropout of one row of n units, with the coin tosses drawn from
 * rng (as the library's layer draws them: one uniform per unit, in order):
 *   u_j ~ U[0, 1),  kept when u_j >= rate,  m_j = kept / (1 - rate),  out_j = a_j m_j
 * u, m and out get n values; returns how many units were kept. */
static int dropout_row(const double *a, int n, double rate, Rng *rng, double *u, double *m,
                       double *out)
{
    int kept = 0;
    for (int j = 0; j < n; j++) {
        u[j] = rng_uniform01(rng);
        m[j] = u[j] >= rate ? 1.0 / (1.0 - rate) : 0.0;
        out[j] = a[j] * m[j];
        kept += m[j] != 0.0;
    }
    return kept;
}

static void plot_masks(Plotter *pl, Rng *rng)
{
    enum { N = MASK_UNITS * MASK_ITERS };
    double kx[N], ky[N], dx[N], dy[N], ones[MASK_UNITS], u[MASK_UNITS], m[MASK_UNITS],
        out[MASK_UNITS];
    int nk = 0, nd = 0;
    for (int j = 0; j < MASK_UNITS; j++)
        ones[j] = 1.0;
    for (int t = 1; t <= MASK_ITERS; t++) {
        dropout_row(ones, MASK_UNITS, DROP_RATE, rng, u, m, out);
        for (int j = 0; j < MASK_UNITS; j++) {
            if (m[j] != 0.0)
                kx[nk] = t, ky[nk++] = j + 1;
            else
                dx[nd] = t, dy[nd++] = j + 1;
        }
    }
    Plot *p = plot_begin(pl, "dropout_masks", &(PlotSpec){
        .title = "Dropout(0.3): a new coin toss for every unit at every iteration",
        .xlabel = "training iteration (one row a batch)", .ylabel = "unit of the layer",
        .width = 1000,
        .height = 520,
        .settings = "set key outside bottom center horizontal\nset bmargin 6\n"
                    "set xrange [0.3:40.7]\nset yrange [0.3:20.7]\nset ytics 1,1,20\n"
                    "set grid noxtics noytics"});
    plot_series(p, "kept: passes its value, scaled by 1/(1 - 0.3)", "points pt 5 ps 1.6 lc rgb '#1f77b4'",
                kx, ky, nk);
    plot_series(p, "dropped: passes 0, forward and backward", "points pt 6 ps 1.3 lc rgb '#d62728'",
                dx, dy, nd);
    plot_end(p);
}

/* The outputs a of the hand layer's N_UNITS ReLU units. */
static const double DROP_A[N_UNITS] = {0.2, 1.5, 0.7, 0.0, 2.1, 0.4, 1.1, 0.9, 0.3, 1.8};

/* Dropout on one row of DROP_A, coin by coin: iteration 1 in a table, the
 * next N_SHOWN_ITERS as their masks. */
static void dropout_by_hand(Rng *rng)
{
    const double *a = DROP_A;
    double u[N_UNITS], m[N_UNITS], out[N_UNITS];
    hand_printf("One row through a layer of %d ReLU units with outputs a; rate %v, so a\n"
                "kept unit is multiplied by 1 / (1 - %v) = %v. Iteration 1:\n\n", N_UNITS, DROP_RATE,
                DROP_RATE, 1.0 / (1.0 - DROP_RATE));
    int kept = dropout_row(a, N_UNITS, DROP_RATE, rng, u, m, out);
    hand_printf("    %4s  %6s  %12s  %-8s  %12s  %12s\n", "unit", "a", "u", "u >= 0.3", "m", "a m");
    for (int j = 0; j < N_UNITS; j++)
        hand_printf("    %4d  %6v  %12v  %-8s  %12v  %12v\n", j + 1, a[j], u[j],
                    m[j] != 0.0 ? "kept" : "dropped", m[j], out[j]);
    hand_printf("\n%d of %d kept. The next iterations toss new coins (1 = kept, 0 = dropped):\n\n",
                kept, N_UNITS);
    for (int t = 2; t <= N_SHOWN_ITERS + 1; t++) {
        kept = dropout_row(a, N_UNITS, DROP_RATE, rng, u, m, out);
        hand_printf("    iteration %d:", t);
        for (int j = 0; j < N_UNITS; j++)
            hand_printf(" %d", m[j] != 0.0);
        hand_printf("   (%d kept)\n", kept);
    }
}

/* How many of 003's 100 units are kept, iteration by iteration; then
 * E[a m] = a, the mean of a m over MEAN_ITERS iterations of DROP_A. */
static void dropout_on_average(Rng *rng)
{
    static const double ones[WIDE_UNITS] = {0};
    double u[WIDE_UNITS], m[WIDE_UNITS], out[WIDE_UNITS];
    hand_printf("\n003's 100 units with rate 0.3: 70 kept on average, but each iteration\n"
                "tosses 100 coins anew, so the count varies, with a standard deviation of\n"
                "sqrt(100 x 0.3 x 0.7) = %v. Kept in iterations 1 to %d:\n   ",
                sqrt(100 * 0.3 * 0.7), WIDE_ITERS);
    for (int t = 1; t <= WIDE_ITERS; t++)
        hand_printf(" %d", dropout_row(ones, WIDE_UNITS, DROP_RATE, rng, u, m, out));
    hand_printf(".\n\nWhy the scaling: E[a m] = a x 0.7 x (1 / 0.7) + 0 x 0.3 = a. Averaged over\n"
                "%d iterations:\n\n", MEAN_ITERS);
    double mean[N_UNITS] = {0};
    for (int t = 0; t < MEAN_ITERS; t++) {
        dropout_row(DROP_A, N_UNITS, DROP_RATE, rng, u, m, out);
        for (int j = 0; j < N_UNITS; j++)
            mean[j] += out[j] / MEAN_ITERS;
    }
    hand_printf("    %4s  %6s  %14s\n", "unit", "a", "mean of a m");
    for (int j = 0; j < N_UNITS; j++)
        hand_printf("    %4d  %6v  %14v\n", j + 1, DROP_A[j], mean[j]);
    printf("\nThe next layer sees inputs of the same size on average whether units are\n"
           "dropped or not. So at inference nothing is dropped and nothing is scaled:\n"
           "Dropout passes its input through unchanged (Keras: training=False).\n\n");
}

/* A row of section 4's table: a run's losses after its last epoch. */
static void print_dropout_row(const char *name, const Run *r)
{
    hand_printf("    %-10s  %14v  %14v  %14v\n", name, r->keras[r->epochs - 1], r->end_train,
                r->end_val);
}

/* The too-large net with and without dropout: Keras' loss against the
 * whole net's. */
static void dropout_on_net(const Run *runs)
{
    const Run *n = &runs[V_NONE], *d = &runs[V_DROPOUT];
    hand_printf("On the too-large net, a Dropout(%v) after each hidden layer: each row of\n"
                "each batch trains a different thinned net, and no unit can rely on a\n"
                "particular other one being there. After epoch %d:\n\n", DROP_RATE, d->epochs);
    hand_printf("    %-10s  %14s  %14s  %14s\n", "", "Keras' loss", "training MSE", "validation MSE");
    print_dropout_row("none", n);
    print_dropout_row("dropout", d);
    hand_printf("\nKeras' loss is the mean over the epoch's batches, computed in training\n"
                "mode: with dropout it is the loss of the thinned nets (%v), above\n"
                "the loss of the whole net on the same rows (%v). The validation\n"
                "MSE is %v with dropout against %v without.\n",
                d->keras[d->epochs - 1], d->end_train, d->end_val, n->end_val);
}

static void lecture_dropout(Plotter *pl, const Run *runs, uint64_t seed)
{
    hand_section("4. Dropout (003): a coin toss per unit per iteration");
    printf("003: \"during that iteration the neuron will be dropped with a coin toss\n"
           "decision; if it is dropped, it (all its incoming and outgoing weights) does\n"
           "not take part in the forward and backward propagation\", with the dropout\n"
           "rate 0.3. In Keras: model.add(Dense(...)); model.add(Dropout(0.3)).\n\n"
           "Each unit gets its own coin, a biased one with P(drop) = 0.3: draw u from\n"
           "U[0, 1) and keep the unit when u >= 0.3. A kept unit passes its value\n"
           "scaled by 1 / (1 - 0.3), a dropped one passes 0 (inverted dropout, as Keras\n"
           "does it). With a batch of several rows, every row tosses its own coins:\n\n"
           "    m_ij = [u_ij >= rate] / (1 - rate),     a_out_ij = a_ij m_ij\n\n");
    Rng rng;
    rng_seed(&rng, seed);
    dropout_by_hand(&rng);
    dropout_on_average(&rng);
    dropout_on_net(runs);
    rng_seed(&rng, seed + 2);
    plot_masks(pl, &rng);
}

/* ---- 5. Batch normalization ------------------------------------------------------ */

/* One column of a batch through batch normalization, by hand. */
typedef struct {
    double mu, var, std;    /* the batch's mean and variance, sqrt(var + eps) */
    double x_hat[BN_M], y[BN_M];
} BnColumn;

/* mu = 1/m sum x_i,  var = 1/m sum (x_i - mu)^2,  x_hat_i = (x_i - mu) / sqrt(var + eps),
 * y_i = gamma x_hat_i + beta */
static void bn_forward(BnColumn *c, const double *x, int m, double gamma, double beta)
{
    c->mu = 0.0;
    for (int i = 0; i < m; i++)
        c->mu += x[i] / m;
    c->var = 0.0;
    for (int i = 0; i < m; i++)
        c->var += (x[i] - c->mu) * (x[i] - c->mu) / m;
    c->std = sqrt(c->var + BN_EPS);
    for (int i = 0; i < m; i++) {
        c->x_hat[i] = (x[i] - c->mu) / c->std;
        c->y[i] = gamma * c->x_hat[i] + beta;
    }
}

/* Given dy_i = dC/dy_i:
 *   dgamma = sum dy_i x_hat_i,  dbeta = sum dy_i,
 *   dx_i = gamma / (m sqrt(var + eps)) (m dy_i - dbeta - x_hat_i dgamma) */
static void bn_backward(const BnColumn *c, const double *dy, int m, double gamma, double *dx,
                        double *dgamma, double *dbeta)
{
    *dgamma = *dbeta = 0.0;
    for (int i = 0; i < m; i++) {
        *dgamma += dy[i] * c->x_hat[i];
        *dbeta += dy[i];
    }
    for (int i = 0; i < m; i++)
        dx[i] = gamma * (m * dy[i] - *dbeta - c->x_hat[i] * *dgamma) / (m * c->std);
}

/* C = sum_i dy_i y_i: a cost whose gradient with respect to y is dy. */
static double bn_cost(const double *x, int m, double gamma, double beta, const double *dy)
{
    BnColumn c;
    bn_forward(&c, x, m, gamma, beta);
    double C = 0.0;
    for (int i = 0; i < m; i++)
        C += dy[i] * c.y[i];
    return C;
}

static const double BN_X[2][BN_M] = {{1, 2, 4, 5}, {10, 20, 30, 60}}; /* columns of the batch */
static const double BN_GAMMA[2] = {2.0, 0.5}, BN_BETA[2] = {0.1, -1.0};
static const double BN_DY[BN_M] = {0.5, -1.0, 0.25, 2.0};

/* Unit j of the hand batch through batch normalization, every number
 * written out; c gets them. */
static void bn_forward_by_hand(BnColumn *c, int j)
{
    const double *x = BN_X[j];
    bn_forward(c, x, BN_M, BN_GAMMA[j], BN_BETA[j]);
    hand_printf("unit %d: x = (%v, %v, %v, %v)\n", j + 1, x[0], x[1], x[2], x[3]);
    hand_printf("    mu = (%v + %v + %v + %v) / 4 = %v\n", x[0], x[1], x[2], x[3], c->mu);
    hand_printf("    var = ((%v)^2 + (%v)^2 + (%v)^2 + (%v)^2) / 4 = %v\n", x[0] - c->mu,
                x[1] - c->mu, x[2] - c->mu, x[3] - c->mu, c->var);
    hand_printf("    sqrt(var + eps) = sqrt(%v + %v) = %v\n", c->var, BN_EPS, c->std);
    for (int i = 0; i < BN_M; i++)
        hand_printf("    x_hat%d = (%v - %v) / %v = %v\n", i + 1, x[i], c->mu, c->std,
                    c->x_hat[i]);
    char g[40];
    for (int i = 0; i < BN_M; i++)
        hand_printf("    y%d = %v x %s%+v = %v\n", i + 1, BN_GAMMA[j],
                    paren(g, sizeof g, c->x_hat[i]), BN_BETA[j], c->y[i]);
}

/* The central difference (C(x_i + h) - C(x_i - h)) / (2h) of unit 1's
 * cost C = sum dy_i y_i, h = BN_H: dC/dx_i without the formula. */
static double bn_numeric_dx(int i)
{
    double x[BN_M];
    memcpy(x, BN_X[0], sizeof x);
    x[i] = BN_X[0][i] + BN_H;
    double up = bn_cost(x, BN_M, BN_GAMMA[0], BN_BETA[0], BN_DY);
    x[i] = BN_X[0][i] - BN_H;
    double down = bn_cost(x, BN_M, BN_GAMMA[0], BN_BETA[0], BN_DY);
    return (up - down) / (2 * BN_H);
}

/* Unit 1 (c1) backward, by hand: dgamma, dbeta and each dx_i next to its
 * central difference. */
static void bn_backward_by_hand(const BnColumn *c1)
{
    printf("Backward. Every x_i enters mu and var, so every y depends on every x of the\n"
           "batch. With dy_i = dC/dy_i the chain rule gives\n\n"
           "    dgamma = sum dy_i x_hat_i      dbeta = sum dy_i\n"
           "    dx_i = gamma / (m sqrt(var + eps)) (m dy_i - dbeta - x_hat_i dgamma)\n\n");
    double dx[BN_M], dgamma, dbeta;
    bn_backward(c1, BN_DY, BN_M, BN_GAMMA[0], dx, &dgamma, &dbeta);
    hand_printf("Unit 1 with dy = (%v, %v, %v, %v), the gradient of C = sum dy_i y_i:\n",
                BN_DY[0], BN_DY[1], BN_DY[2], BN_DY[3]);
    char q[4][40];
    hand_printf("    dgamma = %v x %s + %s x %s\n"
                "             + %v x %v + %v x %v = %v\n", BN_DY[0], paren(q[0], 40, c1->x_hat[0]),
                paren(q[1], 40, BN_DY[1]), paren(q[2], 40, c1->x_hat[1]), BN_DY[2], c1->x_hat[2],
                BN_DY[3], c1->x_hat[3], dgamma);
    hand_printf("    dbeta = %v%+v%+v%+v = %v\n", BN_DY[0], BN_DY[1], BN_DY[2], BN_DY[3], dbeta);
    printf("    and each dx_i, next to the central difference (C(x_i + h) - C(x_i - h)) / (2h),\n"
           "    h = 1e-6, which knows nothing of the formula:\n");
    double sum_dx = 0.0;
    for (int i = 0; i < BN_M; i++) {
        double numeric = bn_numeric_dx(i);
        char p1[40], p2[40];
        hand_printf("    dx%d = %v x (4 x %s - %v - %s x %v) / (4 x %v) = %v\n", i + 1,
                    BN_GAMMA[0], paren(p1, sizeof p1, BN_DY[i]), dbeta,
                    paren(p2, sizeof p2, c1->x_hat[i]), dgamma, c1->std, dx[i]);
        hand_printf("          numeric: %v, relative error ", numeric);
        printf("%.1e\n", fabs(dx[i] - numeric) / fmax(fabs(dx[i]), fabs(numeric)));
        sum_dx += dx[i];
    }
    hand_printf("\nThe dx add up to %v, zero but for rounding: shifting every x of\n"
                "the batch by the same amount changes nothing once the mean is subtracted.\n"
                "So a bias just before batch norm has gradient 0 and learns nothing (Keras\n"
                "models write Dense(..., use_bias=False) there).\n", sum_dx);
}

static void lecture_bn_hand(void)
{
    printf("001 names batch normalization as a fix for vanishing and exploding\n"
           "gradients; Keras adds it as a layer, BatchNormalization(), usually between a\n"
           "Dense layer and its activation. In training it standardizes each unit over\n"
           "the batch, then scales and shifts it with two trained parameters per unit:\n\n"
           "    mu = 1/m sum_i x_i     var = 1/m sum_i (x_i - mu)^2\n"
           "    x_hat_i = (x_i - mu) / sqrt(var + eps)     y_i = gamma x_hat_i + beta\n\n");
    hand_printf("A batch of m = %d rows and two units; eps = %v (Keras), gamma = (%v, %v),\n"
                "beta = (%v, %v):\n\n", BN_M, BN_EPS, BN_GAMMA[0], BN_GAMMA[1], BN_BETA[0],
                BN_BETA[1]);
    BnColumn c[2];
    for (int j = 0; j < 2; j++)
        bn_forward_by_hand(&c[j], j);
    printf("\nWhatever the scale of a unit (1 to 5, or 10 to 60), x_hat has mean 0 and\n"
           "variance 1 over the batch (just under 1: eps); gamma and beta then set the\n"
           "scale and the offset the next layer gets, as training finds best.\n\n");
    bn_backward_by_hand(&c[0]);
}

/* Running statistics, by hand: after each training step on the same batch,
 *   running_mean = momentum running_mean + (1 - momentum) mu
 *   running_var  = momentum running_var  + (1 - momentum) var
 * from 0 and 1 (Keras' start); at inference y = gamma (x - running_mean) /
 * sqrt(running_var + eps) + beta. */
static void lecture_bn_running(void)
{
    const double *x = BN_X[0];
    BnColumn c;
    bn_forward(&c, x, BN_M, BN_GAMMA[0], BN_BETA[0]);
    double rm = 0.0, rv = 1.0;
    printf("\nAt inference there may be a single row, and its prediction must not depend on\n"
           "the other rows of a batch. So during training the layer also keeps running\n"
           "averages of mu and var (Keras: momentum = 0.99), starting from 0 and 1:\n\n"
           "    running_mean = 0.99 running_mean + 0.01 mu\n"
           "    running_var  = 0.99 running_var  + 0.01 var\n\n"
           "and at inference uses them in place of the batch's: y = gamma (x - running_mean)\n"
           "/ sqrt(running_var + eps) + beta. Unit 1, training on the same batch again and\n"
           "again:\n\n");
    double rm1 = BATCHNORM_MOMENTUM * rm + (1 - BATCHNORM_MOMENTUM) * c.mu;
    double rv1 = BATCHNORM_MOMENTUM * rv + (1 - BATCHNORM_MOMENTUM) * c.var;
    hand_printf("    step 1: running_mean = %v x %v + %v x %v = %v\n", BATCHNORM_MOMENTUM, rm,
                1 - BATCHNORM_MOMENTUM, c.mu, rm1);
    hand_printf("            running_var  = %v x %v + %v x %v = %v\n\n", BATCHNORM_MOMENTUM, rv,
                1 - BATCHNORM_MOMENTUM, c.var, rv1);
    hand_printf("    %5s  %14s  %14s  %24s\n", "steps", "running_mean", "running_var",
                "y of x = 1 at inference");
    static const int shown[] = {1, 10, 100, 500, 1000};
    int t = 0;
    for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++) {
        for (; t < shown[k]; t++) {
            rm = BATCHNORM_MOMENTUM * rm + (1 - BATCHNORM_MOMENTUM) * c.mu;
            rv = BATCHNORM_MOMENTUM * rv + (1 - BATCHNORM_MOMENTUM) * c.var;
        }
        double y = BN_GAMMA[0] * (x[0] - rm) / sqrt(rv + BN_EPS) + BN_BETA[0];
        hand_printf("    %5d  %14v  %14v  %24v\n", t, rm, rv, y);
    }
    hand_printf("\nIn training mode the row x = 1 gives y = %v (the batch's own mu and var).\n"
                "The running averages forget their start as 0.99^t: after 100 steps\n"
                "%v of it is left, after 500 steps %v. A net evaluated after only a\n"
                "few dozen steps predicts with statistics that are still mostly the start.\n",
                c.y[0], pow(BATCHNORM_MOMENTUM, 100), pow(BATCHNORM_MOMENTUM, 500));
}

/* The digits: BN_ROWS shuffled rows, pixels / 16 (in [0, 1]). */
typedef struct {
    DataSplit split; /* X_train (BN_ROWS x 64), y_train the class 0..9 */
    int classes;
} Digits;

static int digits_make(Digits *dg, DataXY *csv, Rng *rng)
{
    int m = csv->X->rows;
    if (m < BN_ROWS + 1)
        return chapter_error("%s: %d rows; the batch normalization section needs %d", DIGITS,
                             m, BN_ROWS + 1);
    mat_scale(csv->X, 1.0 / 16.0);
    dg->classes = csv->classes;
    if (data_split(&dg->split, rng, csv->X, csv->y, (double)(m - BN_ROWS) / m) != 0)
        return chapter_error("out of memory");
    return CHAPTER_OK;
}

/* The gradient check, parameter by parameter. */
#define GC_MAX_PARAMS 8
typedef struct {
    const Param *p[GC_MAX_PARAMS];
    int n[GC_MAX_PARAMS];
    double max_grad[GC_MAX_PARAMS], max_diff[GC_MAX_PARAMS];
    double diff2[GC_MAX_PARAMS], a2[GC_MAX_PARAMS], n2[GC_MAX_PARAMS]; /* sums of squares */
    int k;
} GradReport;

/* A parameter whose gradients are all below this is zero but for rounding. */
#define GC_SMALL 1e-7

static void gc_report(const Param *p, int i, int j, double analytic, double numeric, void *ctx)
{
    (void)i, (void)j;
    GradReport *r = ctx;
    int k = 0;
    while (k < r->k && r->p[k] != p)
        k++;
    if (k == r->k) {
        if (r->k == GC_MAX_PARAMS)
            return;
        r->p[r->k++] = p;
    }
    r->n[k]++;
    r->max_grad[k] = fmax(r->max_grad[k], fmax(fabs(analytic), fabs(numeric)));
    r->max_diff[k] = fmax(r->max_diff[k], fabs(analytic - numeric));
    r->diff2[k] += (analytic - numeric) * (analytic - numeric);
    r->a2[k] += analytic * analytic;
    r->n2[k] += numeric * numeric;
}

static int lecture_bn_gradcheck(const Digits *dg, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed + 3);
    Net *net = net_new(64, GC_ROWS);
    if (!net || net_add(net, GC_WIDTH, act_of(ACT_LINEAR)) != 0 || net_add_batchnorm(net) != 0 ||
        net_add_activation(net, act_of(ACT_TANH)) != 0 ||
        net_add(net, dg->classes, act_of(ACT_SOFTMAX)) != 0) {
        net_free(net);
        return chapter_error("out of memory");
    }
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    /* gamma and beta away from 1 and 0, so their gradients are not special */
    Layer *bn = net->layers[1];
    for (int j = 0; j < GC_WIDTH; j++) {
        bn->gamma->data[j] = rng_uniform(&rng, 0.5, 1.5);
        bn->beta->data[j] = rng_uniform(&rng, -0.5, 0.5);
    }
    const Mat X = mat_cview_rows(dg->split.X_train, 0, GC_ROWS);
    const Mat Y = mat_cview_rows(dg->split.y_train, 0, GC_ROWS);
    GradReport r = {0};
    net_gradcheck(net, &SCCE, &X, &Y, 1e-5, gc_report, &r);
    hand_printf("\nThe library's layer, checked the same way inside a net: Dense(%d) ->\n"
                "BatchNormalization -> tanh -> Dense(%d, softmax) on %d digits (8 x 8 pixels\n"
                "/ 16), cross-entropy. net_gradcheck compares every gradient backpropagation\n"
                "gives with a central difference of the cost (h = 1e-5). Per parameter, the\n"
                "relative error of its whole gradient, ||analytic - numeric|| divided by\n"
                "the larger of ||analytic|| and ||numeric||:\n\n",
                GC_WIDTH, dg->classes, GC_ROWS);
    hand_printf("    %-27s %6s  %14s  %14s  %14s\n", "parameter", "values", "largest |grad|",
                "largest |diff|", "relative error");
    double worst = 0.0;
    for (int k = 0; k < r.k; k++) {
        hand_printf("    %-27s %6d  %14v  %14v  ", r.p[k]->name, r.n[k], r.max_grad[k],
                    r.max_diff[k]);
        if (r.max_grad[k] > GC_SMALL) {
            double rel = sqrt(r.diff2[k]) / fmax(sqrt(r.a2[k]), sqrt(r.n2[k]));
            worst = fmax(worst, rel);
            printf("%14.1e\n", rel);
        } else {
            printf("%14s\n", "(all ~0)");
        }
    }
    printf("\nThe largest relative error is %.1e (cs231n's rule of thumb: below 1e-7 is\n"
           "good). The first Dense layer's W is checked through batch norm's dx: its\n"
           "gradient passes back through the formula above. Its bias has gradient 0\n"
           "but for rounding, as worked out above.\n", worst);
    net_free(net);
    return CHAPTER_OK;
}

/* One training run of the learning-rate sweep. */
typedef struct {
    double loss[BN_EPOCHS]; /* Keras' training loss after each epoch */
    int epochs;             /* completed; < BN_EPOCHS when it diverged */
    FitResult res;
    double val_acc;         /* accuracy on the other digits, inference mode */
} SpeedRun;

/* The digits net: BN_DEPTH hidden layers of BN_WIDTH ReLU units (with
 * batch norm: Dense(linear) -> BatchNormalization -> ReLU), softmax. */
static int speed_run(SpeedRun *s, const Digits *dg, int batchnorm, double lr, uint64_t seed)
{
    Rng init, shuffle;
    seed_run(&init, &shuffle, seed + 4);
    Net *net = net_new(64, dg->split.X_test->rows);
    int ok = net != NULL;
    for (int k = 0; ok && k < BN_DEPTH; k++)
        ok = add_hidden(net, BN_WIDTH, batchnorm) == 0;
    if (!ok || net_add(net, dg->classes, act_of(ACT_SOFTMAX)) != 0) {
        net_free(net);
        return chapter_error("out of memory");
    }
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, &init);
    int rc = net_fit(net, &SCCE, dg->split.X_train, dg->split.y_train, &(FitSpec){
                         .epochs = BN_EPOCHS, .batch_size = BN_BATCH,
                         .optim = &(OptimSpec){.kind = OPTIM_SGD, .lr = lr},
                         .shuffle = &shuffle, .history = s->loss},
                     &s->res);
    s->epochs = s->res.epochs;
    s->val_acc = rc == 0 ? net_accuracy(net, &SCCE, dg->split.X_test, dg->split.y_test) : NAN;
    net_free(net);
    if (rc != 0 && !s->res.diverged)
        return chapter_error("%s", s->res.message);
    return CHAPTER_OK;
}

/* Every rate of BN_RATES, without batch norm (runs[0]) and with it
 * (runs[1]). CHAPTER_OK, or CHAPTER_ERROR after a message. */
static int speed_sweep(SpeedRun runs[2][N_RATES], const Digits *dg, uint64_t seed)
{
    for (int b = 0; b < 2; b++)
        for (int k = 0; k < N_RATES; k++)
            if (speed_run(&runs[b][k], dg, b, BN_RATES[k], seed) != CHAPTER_OK)
                return CHAPTER_ERROR;
    return CHAPTER_OK;
}

/* The sweep's table: loss and accuracy after BN_EPOCHS epochs at each
 * rate. best[b] gets the rate (index) of net b's lowest loss, -1 when
 * every rate diverged. */
static void print_speed_table(SpeedRun runs[2][N_RATES], const Digits *dg, int best[2])
{
    hand_printf("\nIts effect on training speed. Digits again: %d training rows, %d hidden\n"
                "ReLU layers of %d units, plain SGD with batches of %d for %d epochs, every\n"
                "run from the same weights. With batch norm each hidden layer is\n"
                "Dense(linear) -> BatchNormalization -> ReLU. Keras' training loss after\n"
                "epoch %d, and the accuracy on the other %d digits (inference mode):\n\n",
                BN_ROWS, BN_DEPTH, BN_WIDTH, BN_BATCH, BN_EPOCHS, BN_EPOCHS,
                dg->split.X_test->rows);
    hand_printf("    %6s   %-27s   %-27s\n", "", "without batch norm", "with batch norm");
    hand_printf("    %6s   %13s %13s   %13s %13s\n", "lr", "loss", "accuracy", "loss", "accuracy");
    best[0] = best[1] = -1;
    for (int k = 0; k < N_RATES; k++) {
        hand_printf("    %6v", BN_RATES[k]);
        for (int b = 0; b < 2; b++) {
            const SpeedRun *s = &runs[b][k];
            if (s->epochs < BN_EPOCHS) {
                hand_printf("   %-27s", "diverged: stopped");
                continue;
            }
            hand_printf("   %13v %13v", s->loss[BN_EPOCHS - 1], s->val_acc);
            if (best[b] < 0 || s->loss[BN_EPOCHS - 1] < runs[b][best[b]].loss[BN_EPOCHS - 1])
                best[b] = k;
        }
        printf("\n");
    }
}

/* The rates at which the plain net learned nothing: its loss still near
 * ln 10 and its accuracy at chance (said only when there are any). */
static void print_stuck_rates(SpeedRun runs[2][N_RATES], int classes)
{
    int stuck[N_RATES], n_stuck = 0;
    for (int k = 0; k < N_RATES; k++)
        if (runs[0][k].epochs == BN_EPOCHS && runs[0][k].loss[BN_EPOCHS - 1] > STUCK * log(10.0) &&
            runs[0][k].val_acc < 2.0 / classes)
            stuck[n_stuck++] = k;
    for (int i = 0; i < n_stuck; i++)
        hand_printf("%s%v", i == 0 ? (n_stuck == 1 ? "\nWithout batch norm, at rate "
                                                   : "\nWithout batch norm, at rates ")
                            : i == n_stuck - 1 ? " and " : ", ",
                    BN_RATES[stuck[i]]);
    if (n_stuck)
        hand_printf(" the loss after %d epochs is still\n"
                    "near ln 10 = %v, what answering 1/10 for every digit costs, and\n"
                    "the accuracy is chance: the plain net has learned nothing.\n",
                    BN_EPOCHS, log(10.0));
}

/* Each net at its best rate, and the catch of the running statistics. */
static void print_speed_verdict(SpeedRun runs[2][N_RATES], const int best[2])
{
    const SpeedRun *p = &runs[0][best[0]], *q = &runs[1][best[1]];
    int steps = BN_EPOCHS * ((BN_ROWS + BN_BATCH - 1) / BN_BATCH);
    hand_printf("\nWithout batch norm the best rate is %v, with a loss of %v after %d\n"
                "epochs; with batch norm it is %v, with %v. Batch norm puts every hidden\n"
                "layer's input back to mean 0 and variance 1 (then gamma and beta) whatever\n"
                "the weights before it did, so steps that throw the plain net off course\n"
                "leave it in range: it trains with larger steps and gets further in the\n"
                "same number of epochs.\n\n",
                BN_RATES[best[0]], p->loss[BN_EPOCHS - 1], BN_EPOCHS, BN_RATES[best[1]],
                q->loss[BN_EPOCHS - 1]);
    hand_printf("The accuracy column shows the catch of the running statistics: %d epochs\n"
                "of %d batches are %d steps, and 0.99^%d = %v of the running averages is\n"
                "still their start (mean 0, variance 1). At inference the batch-normalized\n"
                "net at rate %v classifies %v of the other digits right, less than its\n"
                "training loss promises. Training longer closes the gap: the running\n"
                "averages forget their start.\n",
                BN_EPOCHS, steps / BN_EPOCHS, steps, steps, pow(BATCHNORM_MOMENTUM, steps),
                BN_RATES[best[1]], q->val_acc);
}

static void plot_bn_speed(Plotter *pl, SpeedRun runs[2][N_RATES], const int best[2])
{
    Plot *p = plot_begin(pl, "batchnorm_lr", &(PlotSpec){
        .title = "Digits, 3 hidden ReLU layers, SGD: training loss after 5 epochs vs learning rate",
        .xlabel = "learning rate (log scale)", .ylabel = "training loss after 5 epochs (cross-entropy)",
        .width = 1000, .settings = "set logscale x\nset key top left"});
    static const char *legend[2] = {"without batch norm", "with batch norm"};
    static const char *style[2] = {"linespoints pt 7 ps 1.3 lw 2 lc rgb '#555555'",
                                   "linespoints pt 5 ps 1.3 lw 2 lc rgb '#1f77b4'"};
    for (int b = 0; b < 2; b++) {
        double x[N_RATES], y[N_RATES];
        int n = 0;
        for (int k = 0; k < N_RATES; k++)
            if (runs[b][k].epochs == BN_EPOCHS) {
                x[n] = BN_RATES[k];
                y[n++] = runs[b][k].loss[BN_EPOCHS - 1];
            }
        plot_series(p, legend[b], style[b], x, y, n);
    }
    plot_end(p);

    ChapterCurve curves[2];
    char legends[2][80];
    for (int b = 0; b < 2; b++) {
        snprintf(legends[b], sizeof legends[b], "%s, its best rate %g", legend[b],
                 BN_RATES[best[b]]);
        curves[b] = (ChapterCurve){.legend = legends[b], .y = runs[b][best[b]].loss,
                                   .n = BN_EPOCHS, .first = 1, .style = style[b]};
    }
    chapter_plot_curves(pl, "batchnorm_loss", &(PlotSpec){
        .title = "Digits: the training loss per epoch, each net at its best learning rate",
        .xlabel = "epoch", .ylabel = "training loss (cross-entropy, Keras' loss)",
        .settings = "set xtics 1", .width = 1000}, curves, 2);
}

static int lecture_bn_speed(Plotter *pl, const Digits *dg, uint64_t seed)
{
    SpeedRun runs[2][N_RATES];
    memset(runs, 0, sizeof runs);
    if (speed_sweep(runs, dg, seed) != CHAPTER_OK)
        return CHAPTER_ERROR;
    int best[2];
    print_speed_table(runs, dg, best);
    if (best[0] < 0 || best[1] < 0) {
        printf("\n(Every rate diverged for one of the nets at this seed.)\n");
        return CHAPTER_OK;
    }
    print_stuck_rates(runs, dg->classes);
    print_speed_verdict(runs, best);
    plot_bn_speed(pl, runs, best);
    return CHAPTER_OK;
}

static int lecture_batchnorm(Plotter *pl, const Digits *dg, uint64_t seed)
{
    hand_section("5. Batch normalization");
    lecture_bn_hand();
    lecture_bn_running();
    if (lecture_bn_gradcheck(dg, seed) != CHAPTER_OK)
        return CHAPTER_ERROR;
    return lecture_bn_speed(pl, dg, seed);
}

/* ---- 6. Callbacks: early stopping and terminate-on-NaN ------------------------------- */

/* One epoch under Keras' EarlyStopping rule, as section 6's table shows it. */
typedef struct {
    double val, best_val; /* this epoch's validation loss, the best so far */
    int wait;             /* epochs in a row without improvement */
    const char *what;     /* improved, no improvement, or stop */
} EarlyRow;

/* Keras' EarlyStopping rule on the validation losses val[0 .. n-1]: an
 * epoch improves when its loss is below the best so far by more than
 * min_delta (the first epoch always does); after `patience` epochs in a
 * row without improvement, training stops. rows[e - 1] (when rows is not
 * NULL, room for n) gets epoch e, up to the one it stops after. Returns
 * that epoch (1-based), or 0 when it runs all n; the best epoch goes to
 * *best. */
static int early_stopping_rule(const double *val, int n, int patience, double min_delta,
                               int *best, EarlyRow *rows)
{
    double best_val = 0.0;
    int wait = 0;
    *best = 0;
    for (int e = 1; e <= n; e++) {
        int improved = *best == 0 || val[e - 1] < best_val - min_delta;
        if (improved) {
            best_val = val[e - 1];
            *best = e;
            wait = 0;
        } else {
            wait++;
        }
        int stop = wait >= patience;
        if (rows)
            rows[e - 1] = (EarlyRow){val[e - 1], best_val, wait,
                                     improved ? "improved: keep these weights"
                                     : stop   ? "patience used up: stop, put back the best weights"
                                              : "no improvement"};
        if (stop)
            return e;
    }
    return 0;
}

/* The table's heading and epoch e's row (rows[e - 1]) into fp. */
static void fprint_early_head(FILE *fp)
{
    fprintf(fp, "    %5s  %14s  %14s  %4s  \n", "epoch", "val_loss", "best so far", "wait");
}

static void fprint_early_row(FILE *fp, const EarlyRow *rows, int e)
{
    const EarlyRow *r = &rows[e - 1];
    char val[32], best[32];
    fprintf(fp, "    %5d  %14s  %14s  %4d  %s\n", e, hand_fmt(val, sizeof val, r->val),
            hand_fmt(best, sizeof best, r->best_val), r->wait, r->what);
}

/* Epochs 1..n of the rule: every one when they fit a screen (EARLY_SCREEN
 * rows), else the first EARLY_HEAD, every k-th, the best and the last on
 * stdout, with the whole table in dir/EARLY_LOG (its path said). A log
 * that cannot be written is said on stderr, and the lecture goes on. */
static void print_early_rows(const EarlyRow *rows, int n, int best, const char *dir)
{
    int k = n <= EARLY_SCREEN ? 1 : (n - EARLY_HEAD + EARLY_SHOWN - 1) / EARLY_SHOWN;
    fprint_early_head(stdout);
    for (int e = 1; e <= n; e++)
        if (k == 1 || e <= EARLY_HEAD || e % k == 0 || e == best || e == n)
            fprint_early_row(stdout, rows, e);
    if (k == 1)
        return;
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, EARLY_LOG);
    FILE *fp = plot_make_dirs(dir) == 0 ? fopen(path, "w") : NULL;
    int ok = fp != NULL;
    if (fp) {
        fprint_early_head(fp);
        for (int e = 1; e <= n; e++)
            fprint_early_row(fp, rows, e);
        ok = fclose(fp) == 0;
    }
    if (ok)
        printf("\n(%d epochs: shown are the first %d, each multiple of %d, the best (%d) and\n"
               "the last; all of them are in %s)\n", n, EARLY_HEAD, k, best, path);
    else
        fprintf(stderr, "error: %s: cannot write the early-stopping table\n", path);
}

static void plot_early(Plotter *pl, const Run *none, const Run *early)
{
    char settings[600];
    snprintf(settings, sizeof settings,
             "set yrange [0:1.5]\nset key top right\n"
             "set arrow from %d, graph 0 to %d, graph 1 nohead dt 2 lw 2 lc rgb '#2ca02c'\n"
             "set arrow from %d, graph 0 to %d, graph 1 nohead dt 3 lw 2 lc rgb '#d62728'\n"
             "set label 'best epoch %d: these weights are restored' at %d, graph 0.45 offset 1,0\n"
             "set label 'patience used up: stopped after epoch %d' at %d, graph 0.38 offset 1,0",
             early->best_epoch, early->best_epoch, early->epochs, early->epochs,
             early->best_epoch, early->best_epoch, early->epochs, early->epochs);
    ChapterCurve curves[] = {
        {.legend = "validation MSE, trained on without early stopping", .y = none->val,
         .n = none->epochs, .first = 1, .style = "lines lw 1 lc rgb '#999999'"},
        {.legend = "validation MSE with EarlyStopping(patience=10)", .y = early->val,
         .n = early->epochs, .first = 1, .style = "linespoints pt 7 ps 0.8 lw 2 lc rgb '#1f77b4'"},
        {.legend = "training MSE with EarlyStopping(patience=10)", .y = early->train,
         .n = early->epochs, .first = 1, .style = "lines lw 2 dt 2 lc rgb '#1f77b4'"},
    };
    chapter_plot_curves(pl, "early_stopping", &(PlotSpec){
        .title = "Early stopping: training stops 10 epochs after the best validation MSE, "
                 "and the best weights come back",
        .xlabel = "epoch", .ylabel = "MSE", .width = 1000, .settings = settings}, curves, 3);
}

/* Plain SGD at NAN_LR on the too-large net, with Keras' log line per epoch. */
static int lecture_nan(const Regression *d, uint64_t seed)
{
    printf("\nTerminate on NaN. A learning rate far too large makes the weights, then the\n"
           "cost, overflow to infinity and NaN, and nothing after that can recover.\n"
           "Keras' TerminateOnNaN callback stops training at that batch; net_fit always\n"
           "does, and stops one step earlier when an epoch's loss grows more than 1000-fold\n"
           "(FIT_GROWTH), the sign that it is on its way there. The too-large net with\n"
           "plain SGD at learning rate %g, Keras' log line after each epoch (verbose=2):\n\n",
           NAN_LR);
    fflush(stdout);
    Rng init, shuffle;
    seed_run(&init, &shuffle, seed);
    Net *net = build_net(&VARIANTS[V_NONE], d->n_features, d->n_train, &init);
    if (!net)
        return chapter_error("out of memory");
    FitResult res;
    int rc = net_fit(net, &MSE, d->split.X_train, d->split.y_train, &(FitSpec){
                         .epochs = NAN_EPOCHS, .batch_size = BATCH,
                         .optim = &(OptimSpec){.kind = OPTIM_SGD, .lr = NAN_LR},
                         .shuffle = &shuffle, .log = stdout},
                     &res);
    long bad = 0;
    double largest = 0.0;
    for (int i = 0; i < net->n_params; i++)
        for (long k = 0; k < (long)net->params[i].value->rows * net->params[i].value->cols; k++) {
            double w = net->params[i].value->data[k];
            bad += !isfinite(w);
            if (isfinite(w))
                largest = fmax(largest, fabs(w));
        }
    net_free(net);
    if (rc == 0) {
        printf("\n(At this seed plain SGD at learning rate %g did not diverge.)\n", NAN_LR);
        return CHAPTER_OK;
    }
    if (!res.diverged)
        return chapter_error("%s", res.message);
    hand_printf("\nnet_fit returned -1 with diverged = %d after %d complete epochs, and the\n"
                "message\n\n    %s\n\n", res.diverged, res.epochs, res.message);
    if (bad)
        hand_printf("%d weights or biases are no longer numbers. ", (int)bad);
    hand_printf("The weights are left as they were when it stopped (the largest finite |w|\n"
                "is now %v), to be looked at, not used.\n"
                "Adam's steps are about lr in size whatever the gradient, so with Adam only\n"
                "an absurd rate overflows: ./build/11_regularization --lr 1e100 stops with\n"
                "this message and exit status 1.\n", largest);
    return CHAPTER_OK;
}

static int lecture_callbacks(Plotter *pl, const Run *runs, const Regression *d, uint64_t seed)
{
    hand_section("6. Callbacks: early stopping and terminate-on-NaN");
    printf("A callback is called by fit after every epoch; it can stop training. Keras:\n\n"
           "    EarlyStopping(monitor=\"val_loss\", patience=10, restore_best_weights=True)\n\n"
           "watches the validation loss. An epoch improves on the best so far when its\n"
           "loss is lower (by more than min_delta = 0); after patience = 10 epochs in a\n"
           "row without improvement, training stops and the weights of the best epoch\n"
           "are put back. Section 1's validation MSE, epoch by epoch, under that rule:\n\n");
    const Run *none = &runs[V_NONE], *early = &runs[V_EARLY];
    int best;
    EarlyRow rows[MAX_EPOCHS];
    int stop = early_stopping_rule(none->val, none->epochs, PATIENCE, 0.0, &best, rows);
    print_early_rows(rows, stop ? stop : none->epochs, best, pl->dir);
    if (stop == 0)
        hand_printf("\nThe patience is never used up in %d epochs: training runs to the end\n"
                    "and the weights of epoch %d are put back.\n", none->epochs, best);
    if (early->es.stopped_epoch)
        hand_printf("\nnet_fit with the library's early_stopping callback (the same start, the\n"
                    "same rows) stopped after epoch %d; its best epoch was %d.",
                    early->es.stopped_epoch, early->es.best_epoch);
    else
        hand_printf("\nnet_fit with the library's early_stopping callback (the same start, the\n"
                    "same rows) ran all %d epochs; its best epoch was %d.", early->epochs,
                    early->es.best_epoch);
    hand_printf(" The restored\n"
                "weights give a validation MSE of %v (epoch %d's: %v) and a\n"
                "test MSE of %v; the net trained for all %d epochs has %v.\n",
                early->end_val, early->es.best_epoch, early->val[early->es.best_epoch - 1],
                early->test_mse, none->epochs, none->test_mse);
    plot_early(pl, none, early);
    return lecture_nan(d, seed);
}

/* ---- 7. All the variants ---------------------------------------------------------------- */

static void plot_validation(Plotter *pl, const Run *runs)
{
    static const char *style[N_VARIANTS] = {
        "lines lw 3 lc rgb '#555555'", "lines lw 2 lc rgb '#1f77b4'", "lines lw 2 lc rgb '#d62728'",
        "lines lw 2 lc rgb '#2ca02c'", "lines lw 2 lc rgb '#9467bd'",
        "linespoints pt 7 ps 0.6 lw 2 lc rgb '#ff7f0e'"};
    ChapterCurve curves[N_VARIANTS];
    char legend[N_VARIANTS][80];
    for (int v = 0; v < N_VARIANTS; v++) {
        snprintf(legend[v], sizeof legend[v], "%s", runs[v].v->name);
        curves[v] = (ChapterCurve){.legend = legend[v], .y = runs[v].val, .n = runs[v].epochs,
                                   .first = 1, .style = style[v]};
    }
    chapter_plot_curves(pl, "validation", &(PlotSpec){
        .title = "Validation MSE of the too-large net, one remedy at a time",
        .xlabel = "epoch", .ylabel = "validation MSE", .width = 1000,
        .settings = "set key top right\nset yrange [0.5:1.5]"}, curves, N_VARIANTS);
}

static const char *variant_setting(int v, char *buf, size_t len)
{
    switch (v) {
    case V_L2: snprintf(buf, len, "lambda %g", L2_LAMBDA); break;
    case V_L1: snprintf(buf, len, "lambda %g", L1_LAMBDA); break;
    case V_DROPOUT: snprintf(buf, len, "rate %g", DROP_RATE); break;
    case V_BATCHNORM: snprintf(buf, len, "2 layers"); break;
    case V_EARLY: snprintf(buf, len, "patience %d", PATIENCE); break;
    default: snprintf(buf, len, "-"); break;
    }
    return buf;
}

static void lecture_results(Plotter *pl, const Run *runs)
{
    hand_section("7. All the variants on the same data");
    printf("The same net, the same start, the same rows in the same order; one remedy\n"
           "each. The test rows were used for nothing before this table:\n\n");
    hand_printf("    %-27s %6s %12s %5s %12s %12s %12s\n", "variant", "epochs", "best val",
                "epoch", "final val", "test MSE", "test R^2");
    int lowest = 0;
    for (int v = 0; v < N_VARIANTS; v++) {
        const Run *r = &runs[v];
        char name[64], setting[40];
        snprintf(name, sizeof name, "%s%s%s", r->v->name, v == V_NONE ? "" : ", ",
                 v == V_NONE ? "" : variant_setting(v, setting, sizeof setting));
        hand_printf("    %-27s %6d %12v %5d %12v %12v %12v\n", name, r->epochs, r->best_val,
                    r->best_epoch, r->end_val, r->test_mse, r->test_r2);
        if (r->test_mse < runs[lowest].test_mse)
            lowest = v;
    }
    hand_printf("\n(MSE of the standardized target; R^2 = 1 - SSE / sum (y - mean)^2 on the\n"
                "test rows.) Without a remedy the net ends with a test MSE of %v;\n"
                "the lowest is %s's, %v. L2, L1 and dropout fight overfitting\n"
                "by making the net simpler or noisier during training, early stopping by\n"
                "not training too long. Batch normalization is not mainly a regularizer: it\n"
                "speeds up and steadies training (section 5). The remedies combine: Keras\n"
                "models often use L2 or dropout together with early stopping.\n",
                runs[V_NONE].test_mse, runs[lowest].v->name, runs[lowest].test_mse);
    plot_validation(pl, runs);
}

/* ---- the lecture --------------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 11 - Regularization (lecture notes 001, 003, 000)\n"
    "Overfitting made visible on real data; the penalty lambda R(w) with L2 and L1\n"
    "by hand and their effect on the weights; dropout's coin tosses and scaling;\n"
    "batch normalization forward, backward and at inference, and the learning\n"
    "rates it allows; early stopping and terminate-on-NaN; all variants compared.";

static void runs_free(Run *runs)
{
    for (int v = 0; runs && v < N_VARIANTS; v++)
        free(runs[v].kernel);
    free(runs);
}

/* The data of sections 1, 3, 4, 6 and 7 (data_path, split and
 * standardized) and the digits of section 5. CHAPTER_OK, or CHAPTER_ERROR
 * after a message. */
static int load_data(Chapter *ch, DataXY *csv, Regression *d, DataXY *digits_csv, Digits *dg,
                     const char *data_path)
{
    if (chapter_load_xy(ch, csv, data_path, &DATA_SPEC, "data") != CHAPTER_OK ||
        regression_make(d, csv, data_path, &ch->rng) != CHAPTER_OK ||
        chapter_load_xy(NULL, digits_csv, DIGITS, &DIGITS_SPEC, NULL) != CHAPTER_OK ||
        digits_make(dg, digits_csv, &ch->rng) != CHAPTER_OK)
        return CHAPTER_ERROR;
    return CHAPTER_OK;
}

/* Every variant, each from the same start; the first (none) must learn.
 * CHAPTER_OK, or CHAPTER_ERROR after a message. */
static int train_variants(Run *runs, const Regression *d, int epochs, double lr, uint64_t seed)
{
    for (int v = 0; v < N_VARIANTS; v++)
        if (train_variant(&runs[v], &VARIANTS[v], d, epochs, lr, seed) != CHAPTER_OK ||
            (v == V_NONE && check_learned(&runs[v], lr) != CHAPTER_OK))
            return CHAPTER_ERROR;
    return CHAPTER_OK;
}

/* Sections 1 to 7, in order. CHAPTER_OK, or CHAPTER_ERROR after a message. */
static int lecture(Chapter *ch, const Run *runs, const Regression *d, const Digits *dg,
                   const char *data_path, int epochs, double lr)
{
    lecture_overfitting(&ch->plots, &runs[V_NONE], d, data_path, epochs, lr);
    lecture_penalty(&ch->plots);
    lecture_l2_l1(&ch->plots, runs);
    lecture_dropout(&ch->plots, runs, ch->opt.seed);
    if (lecture_batchnorm(&ch->plots, dg, ch->opt.seed) != CHAPTER_OK ||
        lecture_callbacks(&ch->plots, runs, d, ch->opt.seed) != CHAPTER_OK)
        return CHAPTER_ERROR;
    lecture_results(&ch->plots, runs);
    return CHAPTER_OK;
}

int main(int argc, char **argv)
{
    /* 1. the flags */
    const char *data_path = DEFAULT_DATA;
    int epochs = EPOCHS;
    double lr = LR;
    CliFlag flags[] = {
        {"data", CLI_STRING, &data_path, "FILE",
         "CSV for sections 1, 3, 4, 6, 7: features, then a numeric target (default diabetes)"},
        {"epochs", CLI_INT, &epochs, "N", "epochs of each variant (default 100)"},
        {"lr", CLI_DOUBLE, &lr, "RATE", "Adam's learning rate for them (default 0.003)"},
    };
    CliRange ranges[] = {{"epochs", '[', 1, MAX_EPOCHS, ']'}, {"lr", '(', 0, INFINITY, ')'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED,
                    .flags = flags, .n_flags = 3, .ranges = ranges, .n_ranges = 2};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;

    /* 2. the data first: bad data ends the program before the lecture starts */
    DataXY csv = {0}, digits_csv = {0};
    Regression d = {0};
    Digits dg = {0};
    Run *runs = calloc(N_VARIANTS, sizeof *runs);
    rc = runs ? load_data(&ch, &csv, &d, &digits_csv, &dg, data_path)
              : chapter_error("out of memory");
    /* 3. every variant, trained before the lecture starts: a divergence ends it there */
    if (rc == CHAPTER_OK)
        rc = train_variants(runs, &d, epochs, lr, ch.opt.seed);
    /* 4. the lecture */
    if (rc == CHAPTER_OK)
        rc = chapter_start_lecture(&ch);
    if (rc == CHAPTER_OK)
        rc = lecture(&ch, runs, &d, &dg, data_path, epochs, lr);

    runs_free(runs);
    regression_free(&d);
    data_split_free(&dg.split);
    data_xy_free(&csv);
    data_xy_free(&digits_csv);
    return chapter_end(&ch, rc);
}
