/* Chapter 12 - Practical training on real data
 *
 * Lecture notes: 000 (the course agenda: "ANN practical", "TensorFlow ->
 * regression", "PyTorch -> regression"; the Keras Sequential models and
 * their parameter counts), 003 (the five training steps, the output layer
 * and loss for each task, the functional API with two inputs and two
 * outputs trained on L = J1 + J2), 002 (regression and classification
 * losses, label encoding), 001 (how to improve a network: tuning its
 * hyperparameters).
 *
 * What you will learn
 *   - the Keras workflow on our library: build a model, read its summary,
 *     fit it with a log line per epoch, evaluate it on held-out rows,
 *     predict with it; why the features are standardized with the
 *     TRAINING rows' statistics only
 *   - regression (diabetes): MSE; RMSE, MAE and R^2 on the test rows,
 *     and how much one split's R^2 varies
 *   - binary classification (breast cancer): sigmoid + binary
 *     cross-entropy; the confusion matrix, precision and recall, and the
 *     threshold that trades one for the other
 *   - multi-class (iris, wine, digits): softmax + cross-entropy, a loss of
 *     ln k at the start, accuracy and the confusion matrix
 *   - the scale-up: Fashion-MNIST's 70,000 images from gzip IDX files, an
 *     MLP with 101,770 weights, learning curves, the classes it confuses
 *   - 003's functional API: two inputs, two outputs on a shared trunk,
 *     L = J1 + J2 and dL/dw = dJ1/dw + dJ2/dw, checked numerically
 *   - improving a network (001): a random search over learning rate,
 *     width, dropout and L2, judged on validation rows; the test rows are
 *     used once, at the end
 *   - your own CSV, and saving and loading a model
 *
 * Key equations
 *   standardize   x' = (x - mean_train) / std_train
 *   regression    MSE = 1/m sum (y - y_hat)^2,  RMSE = sqrt(MSE),  MAE = 1/m sum |y - y_hat|
 *                 R^2 = 1 - SS_res / SS_tot,  SS_tot = sum (y - mean(y))^2
 *   classifiers   precision = TP / (TP + FP),  recall = TP / (TP + FN)
 *   two heads     L = J1 + J2,  dL/dw = dJ1/dw + dJ2/dw
 *
 * Run it
 *   ./build/12_practical                  the lecture, with all of Fashion-MNIST (make deps installs it)
 *   ./build/12_practical --subset 1000    Fashion-MNIST's first 1000 images only (fast)
 *   ./build/12_practical --data my.csv --target label [--task binary] [--layers 16:relu,8:relu]
 *                        [--epochs 50] [--save my.model]      the workflow on your own CSV
 *   ./build/12_practical --data my.csv --load my.model        predict with a saved model
 *   ./build/12_practical --timing         the seconds of every epoch in the fit logs
 *
 * Plots
 *   diabetes_fit.png          training and validation loss per epoch, the epoch kept
 *   diabetes_pred.png         predicted against true progression, test rows
 *   breast_cancer_probs.png   predicted P(benign) of the test rows by true class, the threshold
 *   digits_confusion.png      the digits' confusion matrix
 *   fashion_curves.png        Fashion-MNIST: loss and accuracy per epoch, training and validation
 *   fashion_confusion.png     Fashion-MNIST: the confusion matrix of the test images
 *   fashion_mistakes.png      Fashion-MNIST: misclassified test images, true and predicted label
 *   two_heads.png             J1, J2 and L = J1 + J2 per epoch
 *   search.png                the random search: validation accuracy against learning rate
 *   data_fit.png, data_confusion.png or data_pred.png   with --data
 *
 * The checks of these numbers are unit tests: tests/unit/test_ch12_practical.c
 * (the held-out scores, the hand calculations), test_workflow.c,
 * test_scores.c, test_twohead.c, test_idx.c and test_csvtext.c.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chapter.h"
#include "csvtext.h"
#include "data.h"
#include "gradcheck.h"
#include "hand.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "optim.h"
#include "plot.h"
#include "recipes.h"
#include "rng.h"
#include "scores.h"
#include "stats.h"
#include "twohead.h"
#include "workflow.h"

#define CHAPTER "12_practical"
#define FASHION_DIR "/usr/share/datasets/fashion-mnist"
#define FASHION_TRAIN 60000   /* images in the training file */
#define FASHION_EPOCHS 10     /* the REFERENCE's "784-128-10, 10 epochs of Adam" */
#define FASHION_HIDDEN 128
#define FASHION_BATCH 64
#define FASHION_LR 0.001
#define FASHION_STREAM 8      /* its seed: the chapter's + 8 */
#define MIN_SUBSET 100        /* --subset takes at least this many images */
#define SPLITS 5              /* other splits of diabetes, for the spread of R^2 */
#define SHOW_ROWS 5           /* predictions printed row by row */
#define MISTAKES_ROWS 4       /* the grid of misclassified images */
#define MISTAKES_COLS 6
#define DATA_EPOCHS 100       /* --data: default epochs */
#define DATA_LR 0.001         /* --data: default learning rate (Keras' Adam) */
#define DATA_LAYERS "16:relu" /* --data: default hidden layers */
#define LOG_SCREEN 24         /* --data: an epoch log longer than this is thinned on screen */
#define LOG_FIRST 5           /* ... to its first epochs, every k-th, and the last */
#define LOG_SHOWN 10          /* ... k chosen so about this many more are shown */
#define MAX_EPOCHS 10000
#define MAX_LR 10.0

/* The classes of Fashion-MNIST, in label order (Zalando's names). */
static const char *const FASHION_CLASSES[10] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

/* ---- the flags ------------------------------------------------------------- */

typedef struct {
    const char *data, *target, *task, *layers, *save, *load, *fashion;
    int epochs, subset, timing;
    double lr;
} Options;

/* ---- small helpers ------------------------------------------------------------ */

/* The chapter's data sets, loaded before the lecture starts. */
typedef struct {
    DataXY diabetes, breast_cancer, iris, wine, digits;
} Tables;

static void tables_free(Tables *t)
{
    data_xy_free(&t->diabetes);
    data_xy_free(&t->breast_cancer);
    data_xy_free(&t->iris);
    data_xy_free(&t->wine);
    data_xy_free(&t->digits);
}

static int load_set(DataXY *d, const PracticalSet *s)
{
    DataXYSpec spec = {.target_col = -1, .want = {.kind = s->kind}};
    return chapter_load_xy(NULL, d, s->path, &spec, NULL);
}

/* "c name" for class c, or "c" alone when names is NULL or its name is
 * the number c itself. */
static const char *class_label(char *buf, size_t len, int c, const char *const *names)
{
    char number[16];
    snprintf(number, sizeof number, "%d", c);
    if (names && strcmp(names[c], number) != 0)
        snprintf(buf, len, "%d %s", c, names[c]);
    else
        snprintf(buf, len, "%d", c);
    return buf;
}

/* A confusion matrix as a table: rows the true class, columns the
 * predicted one; names[c] (or the number c when names is NULL). */
static void print_confusion(const long *counts, int k, const char *const *names)
{
    hand_printf("    %-18s", "true \\ predicted");
    for (int p = 0; p < k; p++)
        hand_printf(" %5d", p);
    hand_printf("\n");
    for (int t = 0; t < k; t++) {
        char label[40];
        hand_printf("    %-18s", class_label(label, sizeof label, t, names));
        for (int p = 0; p < k; p++)
            hand_printf(" %5d", (int)counts[t * k + p]);
        hand_printf("\n");
    }
}

/* Per class: precision, recall and F1, as a table. */
static void print_per_class(const long *counts, int k, const char *const *names)
{
    hand_printf("    %-16s %12s %12s %12s\n", "class", "precision", "recall", "F1");
    for (int c = 0; c < k; c++) {
        char label[40];
        hand_printf("    %-16s %12v %12v %12v\n", class_label(label, sizeof label, c, names),
                    score_precision(counts, k, c),
                    score_recall(counts, k, c), score_f1(counts, k, c));
    }
}

/* The training/validation/test row counts of a run. */
static void print_split(const WorkflowData *d)
{
    hand_printf("Rows: %d to train on, %d for validation, %d for the test.\n",
                d->X_train->rows, d->X_val ? d->X_val->rows : 0, d->X_test->rows);
}

/* Training that failed: "error: WHAT: why" and net_fit's hint, when it has
 * one (a divergence: what to try). Returns CHAPTER_ERROR. */
static int fit_error(const char *what, const char *why, const char *hint)
{
    chapter_error("%s: %s", what, why);
    if (hint[0])
        fprintf(stderr, "hint: %s\n", hint);
    return CHAPTER_ERROR;
}

/* Start a run of recipe r on the rows X, y (k classes; 0 for a regression
 * or the binary runs): split, standardize, build. CHAPTER_OK, or
 * CHAPTER_ERROR after "what: why" (workflow_run_free is still safe). */
static int start_run(WorkflowRun *run, const Mat *X, const Mat *y, int k, const WorkflowRecipe *r,
                     uint64_t seed, const char *what)
{
    char err[DATA_ERR_LEN];
    if (workflow_start(run, X, y, k, r, seed, err, sizeof err) != 0)
        return chapter_error("%s: %s", what, err);
    return CHAPTER_OK;
}

/* Train a started run (its Keras lines to log, NULL: quiet) and score it
 * on the test rows. CHAPTER_OK, or CHAPTER_ERROR after "what: why". */
static int train_run(WorkflowRun *run, const WorkflowRecipe *r, FILE *log, int timing,
                     const char *what)
{
    char err[DATA_ERR_LEN];
    if (workflow_train(run, r, log, timing, err, sizeof err) != 0)
        return chapter_error("%s: %s", what, err);
    return CHAPTER_OK;
}

/* A whole run of a recipe, quietly: 0, or CHAPTER_ERROR after a message. */
static int quiet_run(WorkflowRun *run, const DataXY *t, const WorkflowRecipe *r, uint64_t seed,
                     const char *what)
{
    int rc = start_run(run, t->X, t->y, t->classes, r, seed, what);
    if (rc == CHAPTER_OK)
        rc = train_run(run, r, NULL, 0, what);
    return rc;
}

/* ---- plots ------------------------------------------------------------------------- */

/* Training and validation loss per epoch of a run, the kept epoch marked. */
static void plot_fit(Plotter *pl, const char *name, const char *title, const WorkflowHistory *h,
                     const char *ylabel)
{
    int n = h->epochs;
    double *x = malloc((size_t)n * sizeof *x);
    Plot *p = plot_begin(pl, name, &(PlotSpec){.title = title, .xlabel = "epoch",
                                               .ylabel = ylabel, .settings = "set key top right"});
    if (!x) {
        plot_fail(p, "out of memory");
        plot_end(p);
        return;
    }
    for (int e = 0; e < n; e++)
        x[e] = e + 1;
    plot_series(p, "training loss (the batches' mean during the epoch)",
                "lines lw 2 lc rgb '#2e6fb5'", x, h->loss, n);
    plot_series(p, "validation loss (after the epoch)", "lines lw 2 lc rgb '#c0392b'", x,
                h->val_loss, n);
    double bx[2] = {h->best_epoch, h->best_epoch}, by[2] = {h->val_loss[h->best_epoch - 1], 0};
    for (int e = 0; e < n; e++)
        by[1] = fmax(by[1], fmax(h->loss[e], h->val_loss[e]));
    by[0] = 0;
    plot_series(p, "the epoch whose weights are kept (lowest validation loss)",
                "lines dt 2 lw 2 lc rgb '#333333'", bx, by, 2);
    plot_end(p);
    free(x);
}

/* Draw z (ny rows of nx cells) as a heat map under a legend line of its
 * own, and end the plot; "out of memory" when z or settings is missing. */
static void end_heatmap(Plot *p, const double *z, int nx, int ny, const char *settings,
                        const char *legend)
{
    if (!settings || !z) {
        plot_fail(p, "out of memory");
    } else {
        PlotGrid g = {.x0 = 0, .x1 = nx - 1, .y0 = 0, .y1 = ny - 1, .nx = nx, .ny = ny, .z = z};
        plot_heatmap(p, &g);
        plot_series(p, legend, "points ps 0", NULL, NULL, 0);
    }
    plot_end(p);
}

/* A k x k confusion matrix as a heat map with the counts written in the
 * cells: blue for the share of each true class predicted right (the
 * diagonal), red for the share mistaken for another class (full red from
 * MISTAKE_RED on, so that a few mistakes stand out). */
#define MISTAKE_RED 0.1
static void plot_confusion(Plotter *pl, const char *name, const char *title, const long *counts,
                           int k, const char *const *names)
{
    size_t cap = 800 + (size_t)k * k * 80 + (size_t)k * 40;
    char *settings = malloc(cap);
    double *z = malloc((size_t)k * k * sizeof *z);
    if (settings && z) {
        size_t len = (size_t)snprintf(
            settings, cap,
            "unset grid\nset xrange [-0.5:%g]\nset yrange [%g:-0.5]\n"
            "set palette defined (-%g '#c0392b', 0 '#ffffff', 1 '#2e6fb5')\n"
            "set cbrange [-%g:1]\nset cbtics ('%g' -%g, '0' 0, '0.5' 0.5, '1' 1)\n"
            "set key outside bottom center\n%s\nset ytics (",
            k - 0.5, k - 0.5, MISTAKE_RED, MISTAKE_RED, MISTAKE_RED, MISTAKE_RED,
            names ? "set xtics 1 rotate by -35\nset bmargin 10" : "set xtics 1\nset bmargin 6");
        for (int c = 0; c < k; c++)
            len += (size_t)snprintf(settings + len, cap - len, "%s\"%d %s\" %d", c ? ", " : "", c,
                                    names ? names[c] : "", c);
        len += (size_t)snprintf(settings + len, cap - len, ")\n");
        if (names) {
            len += (size_t)snprintf(settings + len, cap - len, "set xtics (");
            for (int c = 0; c < k; c++)
                len += (size_t)snprintf(settings + len, cap - len, "%s\"%s\" %d", c ? ", " : "",
                                        names[c], c);
            len += (size_t)snprintf(settings + len, cap - len, ")\n");
        }
        for (int t = 0; t < k; t++) {
            long row = 0;
            for (int q = 0; q < k; q++)
                row += counts[t * k + q];
            for (int q = 0; q < k; q++) {
                double share = row ? (double)counts[t * k + q] / (double)row : 0.0;
                /* right: +share (blue); mistaken: -share (red), clamped at the red end */
                z[t * k + q] = t == q ? share : -fmin(share, MISTAKE_RED);
                if (counts[t * k + q])
                    len += (size_t)snprintf(settings + len, cap - len,
                                            "set label \"%ld\" at %d,%d center front textcolor "
                                            "rgb '%s'\n",
                                            counts[t * k + q], q, t,
                                            t == q && share > 0.5 ? "#ffffff" : "#000000");
            }
        }
    }
    Plot *p = plot_begin(pl, name, &(PlotSpec){
        .title = title, .xlabel = "predicted class", .ylabel = "true class", .settings = settings,
        .cblabel = "share of the true class: right (blue), mistaken (red)",
        .width = 900, .height = names ? 820 : 760});
    end_heatmap(p, z, k, k, settings, "cell (true t, predicted p): how many test rows");
    free(settings);
    free(z);
}

/* ---- 1. The Keras workflow ------------------------------------------------------------- */

static int lecture_workflow(void)
{
    hand_section("1. The Keras workflow, step by step");
    printf("003 lists the five steps of training a network:\n\n"
           "    1. initialise the architecture (the layers, their units)\n"
           "    2. randomly initialise the weights\n"
           "    3. given the weights, calculate the loss: forward propagation\n"
           "    4. given the loss, update the weights: gradient descent + chain rule (BP)\n"
           "    5. go to step 3 until the loss is as low as it gets (\"min Val loss\")\n\n"
           "Keras names each step, and so does lib/net.h:\n\n"
           "    step   Keras                                   annlab\n"
           "    1      model = Sequential(); model.add(Dense)   net_new; net_add\n"
           "    2      (when the model is built)               net_init\n"
           "    3      model.compile(loss=..., metrics=...)    a Loss; net_cost\n"
           "    4      model.fit(X, y, epochs, batch_size)     net_fit with an OptimSpec\n"
           "    5      callbacks=[EarlyStopping(...)]          early_stopping\n"
           "    then   model.evaluate(X_test, y_test)          net_evaluate\n"
           "           model.predict(X_new)                    net_predict\n\n"
           "lib/workflow.h strings them together for a table of numbers, as the rest\n"
           "of this chapter does.\n\n"
           "000's second model, in Keras:\n\n"
           "    model = Sequential()\n"
           "    model.add(Dense(11, activation=\"sigmoid\", input_dim=11))  # input layer\n"
           "    model.add(Dense(11, activation=\"sigmoid\"))                # hidden layer\n"
           "    model.add(Dense(1, activation=\"sigmoid\"))                 # output layer\n\n"
           "and ours, with its model.summary():\n\n");
    Net *net = net_new(11, 1);
    if (!net || net_add(net, 11, act_of(ACT_SIGMOID)) != 0 ||
        net_add(net, 11, act_of(ACT_SIGMOID)) != 0 || net_add(net, 1, act_of(ACT_SIGMOID)) != 0) {
        net_free(net);
        return chapter_error("out of memory");
    }
    net_summary(net, stdout);
    printf("\nA Dense layer has n_in x n_out weights and n_out biases:\n\n");
    int total = 0;
    for (int k = 0; k < net->n_layers; k++) {
        const Layer *L = net->layers[k];
        int count = layer_param_count(L);
        total += count;
        hand_printf("    %-8s %d x %d + %d = %d\n", L->name, L->n_in, L->n_out, L->n_out, count);
    }
    hand_printf("    total    %d + %d + %d = %d\n", layer_param_count(net->layers[0]),
                layer_param_count(net->layers[1]), layer_param_count(net->layers[2]), total);
    hand_printf("\n000 totals this model as 132 + 12 = 144, leaving out the hidden layer's\n"
                "%d (see Errata in README.md); 144 is the first model's total, the one\n"
                "without the hidden layer.\n",
                layer_param_count(net->layers[1]));
    net_free(net);
    return CHAPTER_OK;
}

/* ---- 2. Regression: diabetes --------------------------------------------------------- */

/* Predicted against true progression, with the line y_hat = y. */
static void plot_regression(Plotter *pl, const char *name, const char *title, const Mat *y,
                            const Mat *yhat, const char *what)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < y->rows; i++) {
        lo = fmin(lo, fmin(MAT_AT(y, i, 0), MAT_AT(yhat, i, 0)));
        hi = fmax(hi, fmax(MAT_AT(y, i, 0), MAT_AT(yhat, i, 0)));
    }
    char xlabel[120], ylabel[120];
    snprintf(xlabel, sizeof xlabel, "true %s", what);
    snprintf(ylabel, sizeof ylabel, "predicted %s", what);
    Plot *p = plot_begin(pl, name, &(PlotSpec){.title = title, .xlabel = xlabel, .ylabel = ylabel,
                                               .settings = "set key top left", .width = 800,
                                               .height = 700});
    double lx[2] = {lo, hi};
    plot_series(p, "y_hat = y (a perfect prediction)", "lines dt 2 lw 2 lc rgb '#555555'", lx, lx,
                2);
    plot_series(p, "a test row", "points pt 7 ps 1 lc rgb '#2e6fb5'", y->data, yhat->data,
                y->rows);
    plot_end(p);
}

/* R^2 and its parts, worked with the numbers. */
static void print_r2(const ScoreRegression *s)
{
    hand_printf("    SS_res = sum (y - y_hat)^2      = %v\n"
                "    SS_tot = sum (y - mean(y))^2    = %v     (mean(y) = %v)\n"
                "    R^2    = 1 - SS_res / SS_tot    = 1 - %v / %v = %v\n"
                "    RMSE   = sqrt(SS_res / m)       = sqrt(%v / %d) = %v\n"
                "    MAE    = 1/m sum |y - y_hat|    = %v\n",
                s->ss_res, s->ss_tot, s->mean, s->ss_res, s->ss_tot, s->r2, s->ss_res, (int)s->m,
                s->rmse, s->mae);
}

/* The data: what a row of diabetes holds, and the target's range. */
static void regression_intro(const PracticalSet *set, const DataXY *t)
{
    StatsMoments target = stats_moments(t->y->data, t->y->rows);
    hand_printf("The data: %s, %d patients. For each, %d measurements\n"
                "at baseline (age, sex, bmi, blood pressure, six blood serum values) and\n"
                "the target: how far the disease progressed one year later, a number\n"
                "from %v to %v. 003: a regression network ends in one linear unit\n"
                "and learns with the mean squared error.\n\n",
                set->path, t->X->rows, t->X->cols, target.min, target.max);
}

/* Standardize: x' = (x - mean) / std with the training rows' statistics,
 * worked for bmi in the first test row; the target the same way. */
static void print_standardize(const WorkflowData *d)
{
    hand_printf("\nStandardize: every feature becomes x' = (x - mean) / std, with the mean\n"
                "and standard deviation of the %d TRAINING rows only. The validation and\n"
                "test rows are scaled with the same two numbers: they stand for data the\n"
                "model has never seen, so nothing may be learned from them, not even their\n"
                "mean. For bmi (column 3):\n\n",
                d->X_train->rows);
    double mean = MAT_AT(d->mean, 0, 2), std = MAT_AT(d->std, 0, 2);
    double x_raw = mean + std * MAT_AT(d->X_test, 0, 2); /* the first test row's bmi, as in the file */
    hand_printf("    mean = %v, std = %v\n"
                "    the first test row's bmi, x = %v, becomes\n"
                "    x' = (%v - %v) / %v = %v\n\n",
                mean, std, x_raw, x_raw, mean, std, MAT_AT(d->X_test, 0, 2));
    hand_printf("The target is standardized too (mean %v, std %v): the\n"
                "network learns y' = (y - mean) / std, and its predictions are turned back\n"
                "into progression, y = mean + std y', before they are scored.\n\n",
                d->y_mean, d->y_std);
}

/* The model's summary and how it is fitted: Adam and early stopping. */
static void print_regression_model(Net *net, const WorkflowRecipe *r)
{
    hand_printf("The model (hidden layers \"%s\", L2 lambda = %v on the kernels):\n\n",
                r->layers, r->l2);
    net_summary(net, stdout);
    hand_printf("\nFit: Adam (lr %v), batches of %d, at most %d epochs, stopping when the\n"
                "validation loss has not improved for %d epochs and keeping the best\n"
                "weights (EarlyStopping(patience=%d, restore_best_weights=True)).\n",
                r->optim.lr, r->batch_size, r->epochs, r->patience, r->patience);
}

/* The loss every 10th epoch (and the first, the best, the last), then
 * what early stopping did. */
static void print_loss_table(const WorkflowHistory *h)
{
    hand_printf("The loss (MSE of the standardized target, with the L2 penalty) every 10th\n"
                "epoch:\n\n    %5s %14s %14s\n", "epoch", "loss", "val_loss");
    for (int e = 1; e <= h->epochs; e++)
        if (e % 10 == 0 || e == 1 || e == h->best_epoch || e == h->epochs)
            hand_printf("    %5d %14v %14v%s\n", e, h->loss[e - 1], h->val_loss[e - 1],
                        e == h->best_epoch ? "   <- lowest validation loss" : "");
    hand_printf("\nThe validation loss was lowest after epoch %d; training went on for %d\n"
                "more epochs without beating it, so it stopped after epoch %d and put the\n"
                "weights of epoch %d back. Meanwhile the training loss kept falling,\n"
                "from %v to %v: had we trained until IT stopped falling,\n"
                "as 003's step 5 first reads, the model would only have fitted the\n"
                "training rows more closely, not the rest (Errata).\n",
                h->best_epoch, h->epochs - h->best_epoch, h->epochs, h->best_epoch,
                h->loss[h->best_epoch - 1], h->loss[h->epochs - 1]);
}

/* Predict: the first test patients' y, y_hat and e = y - y_hat. */
static void print_first_patients(const WorkflowData *d, const Mat *yhat)
{
    hand_printf("\nPredict: the first %d test patients:\n\n    %10s %12s %12s\n", SHOW_ROWS, "y",
                "y_hat", "e");
    for (int i = 0; i < SHOW_ROWS && i < d->X_test->rows; i++)
        hand_printf("    %10v %12v %12v\n", MAT_AT(d->y_test, i, 0), MAT_AT(yhat, i, 0),
                    MAT_AT(d->y_test, i, 0) - MAT_AT(yhat, i, 0));
}

/* Is that good? The baselines on the same split: always the training
 * mean (SS = sum (y - mean_train)^2), and linear regression. */
static int regression_baselines(const DataXY *t, const WorkflowData *d, const ScoreRegression *s,
                                uint64_t seed)
{
    double ss = 0.0;
    for (int i = 0; i < d->y_test->rows; i++)
        ss += (MAT_AT(d->y_test, i, 0) - d->y_mean) * (MAT_AT(d->y_test, i, 0) - d->y_mean);
    WorkflowRun lin;
    int rc = quiet_run(&lin, t, &DIABETES_LINEAR, practical_seed(seed, &DIABETES), "diabetes");
    if (rc == CHAPTER_OK) {
        hand_printf("\nIs that good? Two baselines on the same test rows:\n"
                    "    always predict the training mean, %v:\n"
                    "        R^2 = 1 - %v / %v = %v\n"
                    "    linear regression (no hidden layer, fitted the same way):\n"
                    "        R^2 = %v\n"
                    "    the network above:\n"
                    "        R^2 = %v\n",
                    d->y_mean, ss, s->ss_tot, 1.0 - ss / s->ss_tot, lin.test.reg.r2, s->r2);
        hand_printf("On 442 rows the network beats a straight line by little: the data hold\n"
                    "not much more than a linear trend and noise.\n");
    }
    workflow_run_free(&lin);
    return rc;
}

/* How much one split's R^2 says: the same recipe on SPLITS other random
 * splits (m_test test rows each), their R^2, mean and range. */
static int regression_splits(const DataXY *t, uint64_t seed, int m_test)
{
    double r2[SPLITS], lo = INFINITY, hi = -INFINITY, sum = 0;
    for (int k = 0; k < SPLITS; k++) {
        WorkflowRun other;
        int rc = quiet_run(&other, t, &DIABETES.recipe,
                           practical_seed(seed, &DIABETES) + 100 * (k + 1), "diabetes");
        r2[k] = other.test.reg.r2;
        workflow_run_free(&other);
        if (rc != CHAPTER_OK)
            return rc;
        lo = fmin(lo, r2[k]);
        hi = fmax(hi, r2[k]);
        sum += r2[k];
    }
    hand_printf("\nThe same recipe on %d other random splits of the rows gives\n    R^2 =", SPLITS);
    for (int k = 0; k < SPLITS; k++)
        hand_printf(" %v", r2[k]);
    hand_printf("\n(mean %v, from %v to %v). %d test rows are\n"
                "few: one split's score is a rough measure.\n",
                sum / SPLITS, lo, hi, m_test);
    return CHAPTER_OK;
}

/* The trained run on the test rows: evaluate, predict, compare with the
 * baselines and other splits, then the two plots. */
static int regression_test(Plotter *pl, const DataXY *t, const WorkflowRun *run, uint64_t seed)
{
    const WorkflowData *d = &run->data;
    const ScoreRegression *s = &run->test.reg;
    hand_printf("\nEvaluate on the %d test rows, in progression units (e = y - y_hat):\n\n",
                (int)s->m);
    print_r2(s);
    Mat *yhat = mat_new(d->X_test->rows, 1);
    if (!yhat)
        return chapter_error("out of memory");
    workflow_predict(run->net, d, d->X_test, yhat);
    print_first_patients(d, yhat);
    int rc = regression_baselines(t, d, s, seed);
    if (rc == CHAPTER_OK)
        rc = regression_splits(t, seed, d->X_test->rows);
    if (rc == CHAPTER_OK) {
        plot_fit(pl, "diabetes_fit", "Diabetes: the loss per epoch; early stopping keeps the best epoch",
                 &run->history, "loss (MSE of the standardized target + L2)");
        plot_regression(pl, "diabetes_pred", "Diabetes, test rows: predicted against true progression",
                        d->y_test, yhat, "progression after one year");
    }
    mat_free(yhat);
    return rc;
}

static int lecture_regression(Plotter *pl, const DataXY *t, uint64_t seed, int timing)
{
    hand_section("2. Regression: diabetes");
    const PracticalSet *set = &DIABETES;
    const WorkflowRecipe *r = &set->recipe;
    regression_intro(set, t);
    WorkflowRun run;
    int rc = start_run(&run, t->X, t->y, 0, r, practical_seed(seed, set), set->path);
    if (rc == CHAPTER_OK) {
        print_split(&run.data);
        print_standardize(&run.data);
        print_regression_model(run.net, r);
        rc = train_run(&run, r, NULL, timing, set->path);
    }
    if (rc == CHAPTER_OK) {
        print_loss_table(&run.history);
        rc = regression_test(pl, t, &run, seed);
    }
    workflow_run_free(&run);
    return rc;
}

/* ---- 3. Binary classification: breast cancer ---------------------------------------- */

/* Histograms of P(benign) for the test rows of each true class. */
static void plot_probs(Plotter *pl, const Mat *y, const Mat *p)
{
    enum { BINS = 20 };
    double x[BINS], count[2][BINS] = {{0}};
    for (int b = 0; b < BINS; b++)
        x[b] = (b + 0.5) / BINS;
    for (int i = 0; i < y->rows; i++) {
        int b = (int)(MAT_AT(p, i, 0) * BINS);
        count[(int)MAT_AT(y, i, 0)][b < BINS ? b : BINS - 1]++;
    }
    double top = 0;
    for (int c = 0; c < 2; c++)
        for (int b = 0; b < BINS; b++)
            top = fmax(top, count[c][b]);
    Plot *pl_ = plot_begin(pl, "breast_cancer_probs", &(PlotSpec){
        .title = "Breast cancer, test rows: the predicted P(benign) of each true class",
        .xlabel = "predicted probability of class 1 (benign), in bins of 0.05",
        .ylabel = "test rows", .settings = "set key top center\nset style fill transparent solid 0.5\n"
                                             "set boxwidth 0.045\nset xrange [0:1]"});
    plot_series(pl_, "truly malignant (class 0)", "boxes lc rgb '#c0392b'", x, count[0], BINS);
    plot_series(pl_, "truly benign (class 1)", "boxes lc rgb '#2e6fb5'", x, count[1], BINS);
    double tx[2] = {0.5, 0.5}, ty[2] = {0, top + 1};
    plot_series(pl_, "threshold 0.5: below it the model says malignant", "lines dt 2 lw 2 lc rgb '#333333'",
                tx, ty, 2);
    plot_end(pl_);
}

/* Start the breast-cancer run, show its model and split, and fit it with
 * a Keras line per epoch on stdout. */
static int binary_fit(WorkflowRun *run, const DataXY *t, uint64_t seed, int timing)
{
    const PracticalSet *set = &BREAST_CANCER;
    int rc = start_run(run, t->X, t->y, 0, &set->recipe, practical_seed(seed, set), set->path);
    if (rc != CHAPTER_OK)
        return rc;
    net_summary(run->net, stdout);
    print_split(&run->data);
    hand_printf("\nmodel.fit with validation data prints one line per epoch (Keras'\n"
                "verbose=2; a live progress bar only when the output is a terminal):\n\n");
    fflush(stdout);
    return train_run(run, &set->recipe, stdout, timing, set->path);
}

/* Evaluate: the confusion matrix, then accuracy, precision and recall
 * with malignant as the positive finding. */
static void print_binary_scores(const WorkflowRun *run, const WorkflowRecipe *r)
{
    const WorkflowHistory *h = &run->history;
    hand_printf("\n%s after epoch %d; the weights of epoch %d are kept.\n",
                h->epochs < r->epochs ? "Early stopping ended it" : "The epochs ran out",
                h->epochs, h->best_epoch);
    const long *c = run->test.confusion;
    static const char *const names[2] = {"malignant", "benign"};
    hand_printf("\nEvaluate: the %d test tumours (threshold 0.5: y_hat >= 0.5 says benign):\n\n",
                (int)run->test.m);
    print_confusion(c, 2, names);
    /* malignant as the finding a test looks for: TP = malignant called malignant */
    long tp = c[0], fn = c[1], fp = c[2], tn = c[3];
    hand_printf("\nCall malignant the \"positive\" finding, the one a test looks for:\n"
                "TP = %d malignant found, FN = %d malignant missed, FP = %d benign\n"
                "called malignant, TN = %d benign called benign.\n\n",
                (int)tp, (int)fn, (int)fp, (int)tn);
    hand_printf("    accuracy  = (TP + TN) / m  = (%d + %d) / %d = %v\n"
                "    precision = TP / (TP + FP) = %d / (%d + %d) = %v\n"
                "                (of the tumours called malignant, the fraction that are)\n"
                "    recall    = TP / (TP + FN) = %d / (%d + %d) = %v\n"
                "                (of the malignant tumours, the fraction found)\n\n",
                (int)tp, (int)tn, (int)run->test.m, run->test.accuracy, (int)tp, (int)tp, (int)fp,
                score_precision(c, 2, 0), (int)tp, (int)tp, (int)fn, score_recall(c, 2, 0));
    print_per_class(c, 2, names);
}

/* The threshold's trade: for each threshold, a tumour is called malignant
 * when P(benign) < threshold; TP, FP, precision and recall of the test rows. */
static void print_thresholds(const Mat *p, const Mat *y)
{
    hand_printf("\nA missed cancer costs more than a second look at a benign tumour. The\n"
                "threshold trades one error for the other: call a tumour malignant\n"
                "unless P(benign) >= threshold.\n\n    %9s %6s %6s %12s %12s\n", "threshold",
                "TP", "FP", "precision", "recall");
    static const double thresholds[] = {0.3, 0.5, 0.7, 0.9};
    for (int k = 0; k < 4; k++) {
        long tk = 0, fk = 0, nk = 0;
        for (int i = 0; i < p->rows; i++) {
            int says_malignant = MAT_AT(p, i, 0) < thresholds[k];
            int is_malignant = MAT_AT(y, i, 0) == 0;
            tk += says_malignant && is_malignant;
            fk += says_malignant && !is_malignant;
            nk += !says_malignant && is_malignant;
        }
        hand_printf("    %9v %6d %6d %12v %12v\n", thresholds[k], (int)tk, (int)fk,
                    (double)tk / (double)(tk + fk), (double)tk / (double)(tk + nk));
    }
    printf("\nA higher threshold finds more of the malignant tumours (recall up) and\n"
           "calls more benign ones malignant (precision down).\n");
}

static int lecture_binary(Plotter *pl, const DataXY *t, uint64_t seed, int timing)
{
    hand_section("3. Binary classification: breast cancer");
    const PracticalSet *set = &BREAST_CANCER;
    const WorkflowRecipe *r = &set->recipe;
    hand_printf("The data: %s, %d tumours. For each, %d\n"
                "features measured on an image of its cells, and the diagnosis: 0 =\n"
                "malignant, 1 = benign (scikit-learn's coding: the class called 1 is the\n"
                "harmless one). 003: for two classes the output is one sigmoid unit,\n"
                "y_hat = P(class 1), and the loss is the binary cross-entropy (\"log\n"
                "loss\"). The model, hidden layers \"%s\" and Dense(1, sigmoid):\n\n",
                set->path, t->X->rows, t->X->cols, r->layers);
    WorkflowRun run;
    int rc = binary_fit(&run, t, seed, timing);
    Mat *p = rc == CHAPTER_OK ? mat_new(run.data.X_test->rows, 1) : NULL;
    if (rc == CHAPTER_OK && !p)
        rc = chapter_error("out of memory");
    if (rc == CHAPTER_OK) {
        print_binary_scores(&run, r);
        workflow_predict(run.net, &run.data, run.data.X_test, p);
        print_thresholds(p, run.data.y_test);
        plot_probs(pl, run.data.y_test, p);
    }
    mat_free(p);
    workflow_run_free(&run);
    return rc;
}

/* ---- 4. Multi-class: iris, wine, digits ------------------------------------------------ */

/* The three multi-class runs, kept for the confusion matrices and section 8. */
typedef struct {
    WorkflowRun run[3];
} MultiRuns;

/* The three test sets' confusion matrices, then the digits' accuracy from
 * the diagonal and the digit with the lowest recall. */
static void print_multi_confusions(const MultiRuns *mr)
{
    static const char *const species[3] = {"setosa", "versicolor", "virginica"};
    const WorkflowScores *iris = &mr->run[0].test, *wine = &mr->run[1].test,
                         *digits = &mr->run[2].test;
    hand_printf("\nThe iris test rows (%d):\n\n", (int)iris->m);
    print_confusion(iris->confusion, 3, species);
    hand_printf("\nThe wine test rows (%d):\n\n", (int)wine->m);
    print_confusion(wine->confusion, 3, NULL);
    hand_printf("\nThe digits test rows (%d):\n\n", (int)digits->m);
    print_confusion(digits->confusion, 10, NULL);
    long right = 0;
    for (int c = 0; c < 10; c++)
        right += digits->confusion[c * 10 + c];
    int worst = 0;
    for (int c = 1; c < 10; c++)
        if (score_recall(digits->confusion, 10, c) < score_recall(digits->confusion, 10, worst))
            worst = c;
    hand_printf("\naccuracy = (the diagonal) / m = %d / %d = %v. Recall per digit: the\n"
                "fraction of each row on the diagonal; the lowest is digit %d's, %v.\n",
                (int)right, (int)digits->m, digits->accuracy, worst,
                score_recall(digits->confusion, 10, worst));
}

static int lecture_multiclass(Plotter *pl, const Tables *t, uint64_t seed, MultiRuns *mr)
{
    hand_section("4. Multi-class: iris, wine and digits");
    printf("003: for k classes the output layer has k units and a softmax, which\n"
           "turns them into probabilities that add up to 1, and the loss is the\n"
           "categorical cross-entropy -ln p(true class). With the class given as its\n"
           "number 0 .. k-1 instead of a one-hot row (002: \"label encoding\"), Keras\n"
           "calls it sparse_categorical_crossentropy; the loss is the same.\n\n"
           "A check before training: the first weights are small, so every class\n"
           "gets a probability near 1/k and the loss starts near -ln(1/k) = ln k.\n");
    const PracticalSet *sets[3] = {&IRIS, &WINE, &DIGITS};
    const DataXY *data[3] = {&t->iris, &t->wine, &t->digits};
    for (int s = 0; s < 3; s++) {
        if (start_run(&mr->run[s], data[s]->X, data[s]->y, data[s]->classes, &sets[s]->recipe,
                      practical_seed(seed, sets[s]), sets[s]->path) != CHAPTER_OK)
            return CHAPTER_ERROR;
        hand_printf("    %-6s k = %2d: loss at the start %v, ln k = %v\n", sets[s]->name,
                    data[s]->classes, mr->run[s].initial_loss, log((double)data[s]->classes));
    }
    hand_printf("(The logarithm is the natural one, as in Keras: 003's worked example\n"
                "-log 0.3 = 0.52 takes it to base 10; -ln 0.3 = %v. See Errata.)\n",
                -log(0.3));
    hand_printf("\nEach trained as before (Adam, early stopping on the validation loss):\n\n"
                "    %-6s %5s %4s %4s  %-7s %5s %5s %6s %4s %13s %12s\n", "data", "train", "val",
                "test", "hidden", "lr", "batch", "epochs", "kept", "test loss", "test acc.");
    for (int s = 0; s < 3; s++) {
        const WorkflowRecipe *r = &sets[s]->recipe;
        WorkflowRun *run = &mr->run[s];
        if (train_run(run, r, NULL, 0, sets[s]->path) != CHAPTER_OK)
            return CHAPTER_ERROR;
        hand_printf("    %-6s %5d %4d %4d  %-7s %5v %5d %6d %4d %13v %12v\n", sets[s]->name,
                    run->data.X_train->rows, run->data.X_val->rows, run->data.X_test->rows,
                    r->layers, r->optim.lr, r->batch_size, run->history.epochs,
                    run->history.best_epoch, run->test.loss, run->test.accuracy);
    }
    print_multi_confusions(mr);
    const WorkflowScores *digits = &mr->run[2].test;
    plot_confusion(pl, "digits_confusion", "Digits, test rows: the confusion matrix",
                   digits->confusion, 10, NULL);
    return CHAPTER_OK;
}

/* ---- 5. Fashion-MNIST ----------------------------------------------------------------- */

/* The images: train, validation (views of the training file's last rows) and test. */
typedef struct {
    Mat *X, *y;         /* the training file's first n images (n x 784), labels (n x 1) */
    Mat *X_test, *y_test;
    Mat X_train, y_train, X_val, y_val; /* views of X, y */
    DataIdx header;     /* the training images' header, as read */
    int absent;         /* the files are not there: why says which */
    char why[DATA_ERR_LEN];
} Fashion;

static void fashion_free(Fashion *f)
{
    mat_free(f->X);
    mat_free(f->y);
    mat_free(f->X_test);
    mat_free(f->y_test);
    data_idx_free(&f->header);
}

/* Labels 0..9 only, else CHAPTER_ERROR after a message naming the file. */
static int fashion_labels(const Mat *y, const char *path)
{
    char err[DATA_ERR_LEN];
    int row;
    if (data_check_labels(y, &(DataTarget){.kind = DATA_TARGET_CLASS, .classes = 10}, NULL, &row,
                          err, sizeof err) < 0)
        return chapter_error("%s: item %d: %s", path, row + 1, err);
    return CHAPTER_OK;
}

/* Load the four files from dir: the first n training images (0: all) and
 * as many test images (0: all). Returns CHAPTER_OK, with f->absent set
 * when the files are not there (f->why says why), or CHAPTER_ERROR after
 * a message: a file that is there but corrupt, or not Fashion-MNIST's
 * shape. The last twelfth of the training images is kept for validation
 * (5000 of 60,000). */
static int fashion_load(Fashion *f, const char *dir, int n)
{
    char images[1024], labels[1024], *err = f->why;
    size_t len = sizeof f->why;
    snprintf(images, sizeof images, "%s/train-images-idx3-ubyte.gz", dir);
    snprintf(labels, sizeof labels, "%s/train-labels-idx1-ubyte.gz", dir);
    int rc = data_load_idx(&f->header, images, 3, 1, err, len); /* the header, one image */
    if (rc == 0 && (f->header.size[1] != 28 || f->header.size[2] != 28))
        return chapter_error("%s: images of %ld x %ld pixels; Fashion-MNIST's are 28 x 28", images,
                             f->header.size[1], f->header.size[2]);
    if (rc == 0 && (rc = data_load_idx_images(&f->X, &f->y, images, labels, n, err, len)) == 0 &&
        (f->X->rows < MIN_SUBSET || fashion_labels(f->y, labels) != CHAPTER_OK))
        return f->X->rows < MIN_SUBSET ? chapter_error("%s: %d images; this chapter needs %d at least",
                                                       images, f->X->rows, MIN_SUBSET)
                                       : CHAPTER_ERROR;
    if (rc == 0) {
        snprintf(images, sizeof images, "%s/t10k-images-idx3-ubyte.gz", dir);
        snprintf(labels, sizeof labels, "%s/t10k-labels-idx1-ubyte.gz", dir);
        rc = data_load_idx_images(&f->X_test, &f->y_test, images, labels, n, err, len);
        if (rc == 0 && f->X_test->cols != f->X->cols)
            return chapter_error("%s: images of %d pixels; the training images have %d", images,
                                 f->X_test->cols, f->X->cols);
        if (rc == 0 && fashion_labels(f->y_test, labels) != CHAPTER_OK)
            return CHAPTER_ERROR;
    }
    if (rc == DATA_CANNOT_OPEN) {
        f->absent = 1;
        return CHAPTER_OK;
    }
    if (rc != 0)
        return chapter_error("%s", err);
    int m = f->X->rows, val = m / 12;
    f->X_train = mat_view_rows(f->X, 0, m - val);
    f->y_train = mat_view_rows(f->y, 0, m - val);
    f->X_val = mat_view_rows(f->X, m - val, val);
    f->y_val = mat_view_rows(f->y, m - val, val);
    return CHAPTER_OK;
}

/* The four bytes of n, most significant first (big-endian). */
static void big_endian(unsigned char b[4], long n)
{
    for (int k = 0; k < 4; k++)
        b[k] = (unsigned char)(n >> (24 - 8 * k) & 0xff);
}

static void print_idx_header(const DataIdx *h)
{
    unsigned char b[4][4] = {{0, 0, 0x08, 0x03}};
    for (int d = 0; d < 3; d++)
        big_endian(b[d + 1], h->size[d]);
    char hex[4][16];
    for (int w = 0; w < 4; w++)
        snprintf(hex[w], sizeof hex[w], "%02x %02x %02x %02x", b[w][0], b[w][1], b[w][2], b[w][3]);
    printf("An IDX file starts with a header of 4-byte numbers, most significant\n"
           "byte first (big-endian), then the pixels, one byte each (0 for the\n"
           "background, up to 255), image after image, row after row. The training\n"
           "images' header, as data_load_idx reads it:\n\n"
           "    %s   the magic number: 0x08 = unsigned bytes, 0x03 = 3 dimensions\n",
           hex[0]);
    char count[16];
    snprintf(count, sizeof count, "0x%02x%02x", b[1][2], b[1][3]);
    hand_printf("    %s   images:  %s = %d x 256 + %d = %d\n"
                "    %s   rows:    %d\n"
                "    %s   columns: %d\n",
                hex[1], count, b[1][2], b[1][3], (int)h->size[0], hex[2], (int)h->size[1], hex[3],
                (int)h->size[2]);
    hand_printf("\nso %d x %d = %d bytes follow for each image. The labels file\n"
                "(magic 0x00000801: 1 dimension) holds one byte per image, 0 to 9.\n",
                (int)h->size[1], (int)h->size[2], (int)(h->size[1] * h->size[2]));
}

/* Loss (left axis) and accuracy (right axis) per epoch, training and validation. */
static void plot_fashion_curves(Plotter *pl, const WorkflowHistory *h)
{
    int n = h->epochs;
    double x[FASHION_EPOCHS];
    for (int e = 0; e < n; e++)
        x[e] = e + 1;
    Plot *p = plot_begin(pl, "fashion_curves", &(PlotSpec){
        .title = "Fashion-MNIST, 784-128-10: learning curves",
        .xlabel = "epoch", .ylabel = "loss (sparse categorical cross-entropy)",
        .settings = "set y2label 'accuracy'\nset y2tics\nset ytics nomirror\nset key center right"});
    plot_series(p, "training loss", "linespoints pt 7 lw 2 lc rgb '#2e6fb5'", x, h->loss, n);
    plot_series(p, "validation loss", "linespoints pt 7 lw 2 lc rgb '#c0392b'", x, h->val_loss, n);
    plot_series(p, "training accuracy (right axis)", "linespoints pt 5 dt 2 lw 2 lc rgb '#2e6fb5' axes x1y2",
                x, h->metric, n);
    plot_series(p, "validation accuracy (right axis)",
                "linespoints pt 5 dt 2 lw 2 lc rgb '#c0392b' axes x1y2", x, h->val_metric, n);
    plot_end(p);
}

/* A grid of misclassified test images, each titled with its true and predicted class. */
static void plot_mistakes(Plotter *pl, const Fashion *f, const Mat *P)
{
    enum { SIDE = 28, GAP = 6, TOP = 12, CELL_W = SIDE + GAP, CELL_H = SIDE + TOP };
    int W = MISTAKES_COLS * CELL_W, H = MISTAKES_ROWS * CELL_H;
    double *z = calloc((size_t)W * H, sizeof *z);
    size_t cap = 200 + MISTAKES_ROWS * MISTAKES_COLS * 160;
    char *settings = malloc(cap);
    int shown = 0;
    size_t len = settings ? (size_t)snprintf(settings, cap,
                                             "unset grid\nunset xtics\nunset ytics\nunset colorbox\n"
                                             "set palette gray negative\nset cbrange [0:1]\n"
                                             "set xrange [-0.5:%d]\nset yrange [%d:-0.5]\n"
                                             "set key outside bottom center\nset bmargin 5\n"
                                             "set size ratio -1\n",
                                             W, H)
                          : 0;
    for (int i = 0; z && settings && i < f->X_test->rows && shown < MISTAKES_ROWS * MISTAKES_COLS;
         i++) {
        int truth = (int)MAT_AT(f->y_test, i, 0), said = score_class(P, i);
        if (truth == said)
            continue;
        int r0 = shown / MISTAKES_COLS * CELL_H + TOP, c0 = shown % MISTAKES_COLS * CELL_W;
        for (int r = 0; r < SIDE; r++)
            for (int c = 0; c < SIDE; c++)
                z[(long)(r0 + r) * W + c0 + c] = MAT_AT(f->X_test, i, r * SIDE + c);
        len += (size_t)snprintf(settings + len, cap - len,
                                "set label \"%s\\n-> %s\" at %d,%d center font ',8' front\n",
                                FASHION_CLASSES[truth], FASHION_CLASSES[said], c0 + SIDE / 2,
                                r0 - TOP / 2);
        shown++;
    }
    Plot *p = plot_begin(pl, "fashion_mistakes", &(PlotSpec){
        .title = "Fashion-MNIST: the first misclassified test images (true class -> predicted)",
        .xlabel = "(pixels: 0 white, 1 black)", .ylabel = "", .settings = settings,
        .width = 1000, .height = 820});
    end_heatmap(p, z, W, H, settings, "each image: its true class, then -> what the model said");
    free(z);
    free(settings);
}

/* The data: the IDX header, the pixels' scaling, and the split (all the
 * images, or --subset's first ones). */
static void print_fashion_data(const Fashion *f, int subset)
{
    print_idx_header(&f->header);
    hand_printf("\nEach pixel is divided by 255, into [0, 1]; an image becomes a row of\n"
                "%d numbers.\n",
                f->X->cols);
    if (subset)
        hand_printf("With --subset %d: the first %d training images, the last %d of\n"
                    "them kept for validation, and the first %d test images.\n",
                    subset, f->X->rows, f->X_val.rows, f->X_test->rows);
    else
        hand_printf("The last %d training images are kept for validation: %d images\n"
                    "to train on, %d to test.\n",
                    f->X_val.rows, f->X_train.rows, f->X_test->rows);
}

/* The model 784-128-10, its first weights drawn with rng (Xavier), and its
 * summary with the parameters counted: n_in x n_out + n_out per layer.
 * NULL when out of memory. */
static Net *fashion_model(const Fashion *f, Rng *rng)
{
    Net *net = net_new(f->X->cols, WORKFLOW_MAX_ROWS);
    if (!net || net_add(net, FASHION_HIDDEN, act_of(ACT_RELU)) != 0 ||
        net_add(net, 10, act_of(ACT_SOFTMAX)) != 0) {
        net_free(net);
        return NULL;
    }
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, rng);
    hand_printf("\nThe model: Dense(%d, relu), Dense(10, softmax):\n\n", FASHION_HIDDEN);
    net_summary(net, stdout);
    hand_printf("\n(%d x %d + %d = %d, %d x 10 + 10 = %d.) Adam (lr %v),\n"
                "batches of %d, %d epochs:\n\n",
                f->X->cols, FASHION_HIDDEN, FASHION_HIDDEN, layer_param_count(net->layers[0]),
                FASHION_HIDDEN, layer_param_count(net->layers[1]), FASHION_LR, FASHION_BATCH,
                FASHION_EPOCHS);
    return net;
}

/* Fit: FASHION_EPOCHS epochs of Adam on shuffled (rng) batches, a Keras
 * line per epoch, the validation images after each; h's curves (room for
 * FASHION_EPOCHS) are filled. CHAPTER_OK, or CHAPTER_ERROR after a message. */
static int fashion_fit(Net *net, const Fashion *f, Rng *rng, int timing, WorkflowHistory *h)
{
    fflush(stdout);
    const Loss *loss = workflow_loss(WORKFLOW_MULTICLASS);
    FitResult res;
    int rc = net_fit(net, loss, &f->X_train, &f->y_train, &(FitSpec){
        .epochs = FASHION_EPOCHS, .batch_size = FASHION_BATCH,
        .optim = &(OptimSpec){.kind = OPTIM_ADAM, .lr = FASHION_LR}, .shuffle = rng,
        .log = stdout, .log_time = timing, .X_val = &f->X_val, .Y_val = &f->y_val,
        .history = h->loss, .metric_history = h->metric, .val_history = h->val_loss,
        .val_metric_history = h->val_metric}, &res);
    h->epochs = h->best_epoch = res.epochs;
    if (rc != 0)
        return fit_error("Fashion-MNIST", res.message, res.hint);
    return CHAPTER_OK;
}

/* The pairs it confuses most: the three largest off-diagonal cells of the
 * 10 x 10 counts, each with its true class's number of test images. */
static void print_confused_pairs(const long *counts)
{
    hand_printf("\nThe pairs it confuses most (true -> predicted):\n");
    long done[100] = {0};
    for (int k = 0; k < 3; k++) {
        int best = -1;
        for (int c = 0; c < 100; c++)
            if (c / 10 != c % 10 && !done[c] && (best < 0 || counts[c] > counts[best]))
                best = c;
        done[best] = 1;
        long row = 0; /* the true class's test images */
        for (int q = 0; q < 10; q++)
            row += counts[best / 10 * 10 + q];
        hand_printf("    %-12s -> %-12s %5d of %d\n", FASHION_CLASSES[best / 10],
                    FASHION_CLASSES[best % 10], (int)counts[best], (int)row);
    }
    printf("Shirts, T-shirts, pullovers and coats share their outline at 28 x 28\n"
           "pixels; trousers, bags and shoes do not.\n");
}

/* Evaluate the trained net on the test images: accuracy, the confusion
 * matrix, the pairs it confuses; then the curves of h, the confusion
 * matrix and the mistakes as plots. */
static int fashion_evaluate(Plotter *pl, const Fashion *f, Net *net, const WorkflowHistory *h,
                            int subset)
{
    Mat *P = mat_new(f->X_test->rows, 10);
    if (!P)
        return chapter_error("out of memory");
    long counts[100];
    net_predict(net, P, f->X_test);
    score_confusion(counts, 10, f->y_test, P);
    double acc = score_accuracy(counts, 10);
    hand_printf("\nEvaluate on the %d test images: accuracy %v.\n\n", f->X_test->rows, acc);
    print_confusion(counts, 10, FASHION_CLASSES);
    print_confused_pairs(counts);
    if (subset)
        hand_printf("(On all 60,000 images, as `make run` trains, the test accuracy\n"
                    "reaches 0.88 and more: run the chapter without --subset.)\n");
    plot_fashion_curves(pl, h);
    plot_confusion(pl, "fashion_confusion", "Fashion-MNIST, test images: the confusion matrix",
                   counts, 10, FASHION_CLASSES);
    plot_mistakes(pl, f, P);
    mat_free(P);
    return CHAPTER_OK;
}

static int lecture_fashion(Plotter *pl, const Fashion *f, const Options *o, uint64_t seed)
{
    hand_section("5. The scale-up: Fashion-MNIST");
    printf("Fashion-MNIST (Zalando, 2017): 28 x 28 grey images of clothes in 10\n"
           "classes, 60,000 to train on and 10,000 to test, made as a harder drop-in\n"
           "for the MNIST digits. Debian's package dataset-fashion-mnist holds its\n"
           "four original gzip IDX files.\n\n");
    if (f->absent) {
        printf("It is not installed here:\n    %s\n"
               "so this section is skipped. To get it:\n"
               "    sudo apt-get install dataset-fashion-mnist     (or: make deps)\n"
               "or give the folder of the four files with --fashion DIR.\n",
               f->why);
        return CHAPTER_OK;
    }
    print_fashion_data(f, o->subset);
    Rng rng;
    rng_seed(&rng, seed + FASHION_STREAM);
    Net *net = fashion_model(f, &rng);
    if (!net)
        return chapter_error("out of memory");
    WorkflowHistory h = {.epochs = 0};
    double hist[4][FASHION_EPOCHS];
    h.loss = hist[0];
    h.metric = hist[1];
    h.val_loss = hist[2];
    h.val_metric = hist[3];
    int rc = fashion_fit(net, f, &rng, o->timing, &h);
    if (rc == CHAPTER_OK)
        rc = fashion_evaluate(pl, f, net, &h, o->subset);
    net_free(net);
    return rc;
}

/* ---- 6. Two inputs, two outputs ------------------------------------------------------ */

/* The wine columns of each input: inp1 the chemistry, inp2 colour and the rest;
 * alcohol is out2's target, the cultivar (column 13) out1's. */
static const int INP1[] = {1, 2, 3, 4, 5, 6, 7};
static const int INP2[] = {8, 9, 10, 11, 12};
#define N_INP1 7
#define N_INP2 5
#define TWO_EPOCHS 30
#define TWO_BATCH 16
#define TWO_LR 0.003
#define TWO_STREAM 6
#define GRAD_FLOOR 1e-3     /* gradients judged by their relative error */

/* The wine data as the two-headed model takes it. */
typedef struct {
    Mat *X1, *X2, *Y1, *Y2;             /* every row */
    Mat *X1_tr, *X2_tr, *Y1_tr, *Y2_tr; /* the training rows */
    Mat *X1_te, *X2_te, *Y1_te, *Y2_te; /* the test rows */
    double y2_mean, y2_std;             /* alcohol's standardization */
} Wine2;

static void wine2_free(Wine2 *w)
{
    Mat *all[] = {w->X1, w->X2, w->Y1, w->Y2, w->X1_tr, w->X2_tr, w->Y1_tr, w->Y2_tr,
                  w->X1_te, w->X2_te, w->Y1_te, w->Y2_te};
    for (int i = 0; i < 12; i++)
        mat_free(all[i]);
}

/* Rows order[first .. first + n - 1] of src, as a new matrix. */
static Mat *pick_rows(const Mat *src, const int *order, int first, int n)
{
    Mat *m = mat_new(n, src->cols);
    for (int i = 0; m && i < n; i++)
        memcpy(&MAT_AT(m, i, 0), &MAT_AT(src, order[first + i], 0), (size_t)src->cols * sizeof(double));
    return m;
}

/* Split the wine rows 80/20 with rng; standardize the inputs and alcohol with
 * the training rows' statistics. */
static int wine2_make(Wine2 *w, const DataXY *t, Rng *rng)
{
    int m = t->X->rows, m_test = (int)lround(0.2 * m);
    int alcohol = 0;
    w->X1 = data_select(&t->table, INP1, N_INP1);
    w->X2 = data_select(&t->table, INP2, N_INP2);
    w->Y1 = mat_dup(t->y);
    w->Y2 = data_select(&t->table, &alcohol, 1);
    int *order = malloc((size_t)m * sizeof *order);
    if (!w->X1 || !w->X2 || !w->Y1 || !w->Y2 || !order) {
        free(order);
        return chapter_error("out of memory");
    }
    for (int i = 0; i < m; i++)
        order[i] = i;
    rng_shuffle(rng, order, m);
    Mat **from[] = {&w->X1, &w->X2, &w->Y1, &w->Y2};
    Mat **te[] = {&w->X1_te, &w->X2_te, &w->Y1_te, &w->Y2_te};
    Mat **tr[] = {&w->X1_tr, &w->X2_tr, &w->Y1_tr, &w->Y2_tr};
    int ok = 1;
    for (int k = 0; k < 4; k++) {
        *te[k] = pick_rows(*from[k], order, 0, m_test);
        *tr[k] = pick_rows(*from[k], order, m_test, m - m_test);
        ok = ok && *te[k] && *tr[k];
    }
    free(order);
    double mean[N_INP1], std[N_INP1];
    Mat mu = {1, N_INP1, mean}, sd = {1, N_INP1, std};
    if (!ok)
        return chapter_error("out of memory");
    data_standardize(w->X1_tr, &mu, &sd);
    data_standardize_apply(w->X1_te, &mu, &sd);
    mu.cols = sd.cols = N_INP2;
    data_standardize(w->X2_tr, &mu, &sd);
    data_standardize_apply(w->X2_te, &mu, &sd);
    mu.cols = sd.cols = 1;
    data_standardize(w->Y2_tr, &mu, &sd);
    data_standardize_apply(w->Y2_te, &mu, &sd);
    w->y2_mean = mean[0];
    w->y2_std = std[0];
    return CHAPTER_OK;
}

/* The central difference of L = J1 + J2 in one weight. */
typedef struct {
    TwoHead *th;
    const Wine2 *w;
} TwoCtx;

static double two_cost(void *ctx)
{
    TwoCtx *c = ctx;
    double J1, J2;
    twohead_forward(c->th, c->w->X1_tr, c->w->X2_tr);
    twohead_costs(c->th, c->w->Y1_tr, c->w->Y2_tr, &J1, &J2);
    return J1 + J2;
}

/* dJ1/dw, dJ2/dw and dL/dw of one weight, and the numeric dL/dw. */
static void show_gradient(TwoHead *th, const Wine2 *w, const char *name, int index)
{
    Param *p = twohead_param(th, name);
    double g[3];
    static const double weights[3][2] = {{1, 0}, {0, 1}, {1, 1}}; /* J1 alone, J2 alone, L */
    for (int k = 0; k < 3; k++) {
        twohead_cost_grad(th, w->X1_tr, w->X2_tr, w->Y1_tr, w->Y2_tr, weights[k][0], weights[k][1],
                          NULL, NULL);
        g[k] = p->grad->data[index];
    }
    TwoCtx ctx = {th, w};
    double numeric = gradcheck_numeric(two_cost, &ctx, &p->value->data[index], GRADCHECK_STEP);
    char label[48];
    snprintf(label, sizeof label, "%s[%d][%d]", name, index / p->value->cols,
             index % p->value->cols);
    hand_printf("    %-13s %16v %16v %16v %16v %16v\n", label, g[0], g[1], g[0] + g[1], g[2],
                numeric);
}

/* The gradient of each head alone and of L for one weight of each layer,
 * then every weight against central differences of L. */
static void two_heads_check(TwoHead *th, const Wine2 *w, double L)
{
    printf("Backpropagation of L: each head sends back its own dJ/dtrunk; the trunk\n"
           "feeds both, so it receives the sum, and the chain rule carries that sum\n"
           "to every weight before it: dL/dw = dJ1/dw + dJ2/dw (003). One weight of\n"
           "each layer, the gradient of J1 alone, of J2 alone, their sum, backprop of\n"
           "L, and L's central difference (h = 1e-5):\n\n");
    hand_printf("    %-13s %16s %16s %16s %16s %16s\n", "weight", "dJ1/dw", "dJ2/dw",
                "dJ1/dw + dJ2/dw", "dL/dw", "numeric");
    static const char *const shown[] = {"h1/W", "h3/W", "trunk/W", "out1/W", "out2/W"};
    for (int k = 0; k < 5; k++)
        show_gradient(th, w, shown[k], 1);
    TwoCtx ctx = {th, w};
    double worst_abs = 0, worst_rel = 0;
    int values = 0, large = 0;
    twohead_cost_grad(th, w->X1_tr, w->X2_tr, w->Y1_tr, w->Y2_tr, 1, 1, NULL, NULL);
    for (int i = 0; i < th->n_params; i++) {
        Param *p = &th->params[i];
        Mat *g = mat_dup(p->grad); /* the numeric forwards leave grad alone; a copy to be sure */
        for (int v = 0; g && v < p->value->rows * p->value->cols; v++, values++) {
            double num = gradcheck_numeric(two_cost, &ctx, &p->value->data[v], GRADCHECK_STEP);
            worst_abs = fmax(worst_abs, fabs(g->data[v] - num));
            if (fabs(g->data[v]) >= GRAD_FLOOR) {
                worst_rel = fmax(worst_rel, gradcheck_rel_error(g->data[v], num));
                large++;
            }
        }
        mat_free(g);
    }
    hand_printf("\nout1's weights get nothing from J2 and out2's nothing from J1; every\n"
                "other weight gets both. Over all %d weights, backprop and the central\n"
                "difference differ by %v at most: L(w + h) - L(w - h), two\n"
                "costs near %v, divided by 2h, carries a rounding error of\n"
                "about 1e-16 x %v / 1e-5 = %v. Judged by relative\n"
                "error, the %d gradients of size %v or more agree to %v\n"
                "at worst: %s.\n",
                values, worst_abs, L, L, 1e-16 * L / 1e-5, large, GRAD_FLOOR, worst_rel,
                worst_rel <= 1e-7   ? "good (<= 1e-7, cs231n's threshold)"
                : worst_rel <= 1e-4 ? "acceptable (< 1e-4, cs231n's threshold)"
                                    : "WRONG (> 1e-4): backpropagation and the numbers disagree");
}

/* The loop Keras' fit runs for us, written out: every epoch shuffles the
 * training rows, then each batch runs forward, L = J1 + J2, backward and
 * one Adam step over the Param list of all six layers. curve[0..2][e]:
 * the epoch's mean J1, J2 and L. Returns CHAPTER_OK or CHAPTER_ERROR. */
static int two_heads_train(TwoHead *th, const Wine2 *w, Rng *rng, double curve[3][TWO_EPOCHS])
{
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADAM, .lr = TWO_LR}, th->params,
                           th->n_params);
    int m = w->X1_tr->rows, *order = malloc((size_t)m * sizeof *order), rc = CHAPTER_OK;
    Mat *bx1 = mat_new(TWO_BATCH, N_INP1), *bx2 = mat_new(TWO_BATCH, N_INP2);
    Mat *by1 = mat_new(TWO_BATCH, 1), *by2 = mat_new(TWO_BATCH, 1);
    if (!opt || !order || !bx1 || !bx2 || !by1 || !by2)
        rc = chapter_error("out of memory");
    for (int i = 0; rc == CHAPTER_OK && i < m; i++)
        order[i] = i;
    for (int e = 0; rc == CHAPTER_OK && e < TWO_EPOCHS; e++) {
        rng_shuffle(rng, order, m);
        double sum[2] = {0, 0};
        for (int start = 0; start < m; start += TWO_BATCH) {
            int n = m - start < TWO_BATCH ? m - start : TWO_BATCH;
            Mat x1 = mat_view_rows(bx1, 0, n), x2 = mat_view_rows(bx2, 0, n);
            Mat y1 = mat_view_rows(by1, 0, n), y2 = mat_view_rows(by2, 0, n);
            for (int i = 0; i < n; i++) {
                int r = order[start + i];
                memcpy(&MAT_AT(&x1, i, 0), &MAT_AT(w->X1_tr, r, 0), N_INP1 * sizeof(double));
                memcpy(&MAT_AT(&x2, i, 0), &MAT_AT(w->X2_tr, r, 0), N_INP2 * sizeof(double));
                MAT_AT(&y1, i, 0) = MAT_AT(w->Y1_tr, r, 0);
                MAT_AT(&y2, i, 0) = MAT_AT(w->Y2_tr, r, 0);
            }
            double j1, j2;
            twohead_cost_grad(th, &x1, &x2, &y1, &y2, 1, 1, &j1, &j2); /* L = J1 + J2 */
            optim_step(opt, th->params, th->n_params);
            sum[0] += j1 * n, sum[1] += j2 * n;
        }
        curve[0][e] = sum[0] / m, curve[1][e] = sum[1] / m, curve[2][e] = curve[0][e] + curve[1][e];
        if (!isfinite(curve[2][e]))
            rc = chapter_error("the two-headed model diverged at epoch %d", e + 1);
        else if ((e + 1) % 10 == 0 || e == 0)
            hand_printf("    %5d %12v %12v %12v\n", e + 1, curve[0][e], curve[1][e], curve[2][e]);
    }
    free(order);
    mat_free(bx1), mat_free(bx2), mat_free(by1), mat_free(by2);
    optim_free(opt);
    return rc;
}

/* The trained model on the test rows: both costs, the cultivar's accuracy,
 * the alcohol's RMSE and R^2 in % vol. */
static int two_heads_test(TwoHead *th, const Wine2 *w)
{
    double J1, J2;
    int m = w->X1_te->rows;
    twohead_forward(th, w->X1_te, w->X2_te);
    twohead_costs(th, w->Y1_te, w->Y2_te, &J1, &J2);
    Mat P = mat_view_rows(th->P, 0, m), Q = mat_view_rows(th->Q, 0, m);
    long c[9];
    score_confusion(c, 3, w->Y1_te, &P);
    Mat *y2 = mat_dup(w->Y2_te), *q = mat_dup(&Q);
    if (!y2 || !q) {
        mat_free(y2);
        mat_free(q);
        return chapter_error("out of memory");
    }
    for (int i = 0; i < m; i++) { /* back to % vol: y = mean + std y' */
        MAT_AT(y2, i, 0) = w->y2_mean + w->y2_std * MAT_AT(y2, i, 0);
        MAT_AT(q, i, 0) = w->y2_mean + w->y2_std * MAT_AT(q, i, 0);
    }
    ScoreRegression s = score_regression(y2, q);
    hand_printf("\nOn the %d test rows: J1 = %v, J2 = %v. out1 names\n"
                "the cultivar right for a fraction %v of them; out2 misses\n"
                "the alcohol by %v %% vol (RMSE; R^2 = %v). One model, one\n"
                "loss, two answers.\n",
                m, J1, J2, score_accuracy(c, 3), s.rmse, s.r2);
    mat_free(y2);
    mat_free(q);
    return CHAPTER_OK;
}

/* 003's model with two inputs and two outputs, and ours: the same with a
 * shared trunk, so that some weights serve both heads. */
static void two_heads_intro(void)
{
    printf("003 builds a model that Sequential cannot: two inputs and two outputs.\n\n"
           "    inp1 = Input(shape=(11,));  inp2 = Input(shape=(5,))\n"
           "    h1 = Dense(16, activation='relu')(inp1);  h2 = Dense(4, ...)(h1)\n"
           "    h3 = Dense(4, ...)(inp2)\n"
           "    out1 = Dense(4, activation='softmax')(h2);  out2 = Dense(1)(h3)\n\n"
           "Each output has its own loss, J1 and J2, and the model minimizes their sum\n"
           "L = J1 + J2. In 003's model out1 sees only inp1 and out2 only inp2: no\n"
           "weight serves both. We let the two branches meet in a shared trunk, so\n"
           "that some do:\n\n"
           "    h1 = Dense(16, relu)(inp1);  h2 = Dense(4, relu)(h1)\n"
           "    h3 = Dense(4, relu)(inp2)\n"
           "    trunk = Dense(8, relu)(concatenate([h2, h3]))\n"
           "    out1 = Dense(3, softmax)(trunk)    J1 = cross-entropy: the cultivar\n"
           "    out2 = Dense(1)(trunk)             J2 = MSE: the alcohol content\n\n");
}

/* What each input and output holds, then each layer's parameters,
 * n_in x n_out + n_out, with what it reads. Returns their total. */
static int print_two_heads_layers(const TwoHead *th, const Wine2 *w)
{
    hand_printf("On wine: inp1 = %d chemical measurements (malic acid to nonflavanoid\n"
                "phenols), inp2 = the other %d (proanthocyanins to proline); out1 says\n"
                "the cultivar, out2 the alcohol content, standardized with the training\n"
                "rows' mean %v and std %v (%% vol). %d rows to\n"
                "train on, %d to test. The layers and their parameters:\n\n",
                N_INP1, N_INP2, w->y2_mean, w->y2_std, w->X1_tr->rows, w->X1_te->rows);
    const Layer *layers[] = {th->h1, th->h2, th->h3, th->trunk, th->out1, th->out2};
    static const char *const inputs[] = {"inp1", "h1", "inp2", "h2, h3", "trunk", "trunk"};
    int total = 0;
    for (int k = 0; k < 6; k++) {
        int n = layer_param_count(layers[k]);
        total += n;
        hand_printf("    %-6s <- %-7s %2d x %2d + %2d = %3d\n", layers[k]->name, inputs[k],
                    layers[k]->n_in, layers[k]->n_out, layers[k]->n_out, n);
    }
    return total;
}

/* J1, J2 and L = J1 + J2 per epoch (the curves of two_heads_train), on a
 * log scale. */
static void plot_two_heads(Plotter *pl, double curve[3][TWO_EPOCHS])
{
    ChapterCurve curves[] = {
        {.legend = "J1: cross-entropy of out1 (cultivar)", .y = curve[0], .n = TWO_EPOCHS,
         .first = 1},
        {.legend = "J2: MSE of out2 (alcohol, standardized)", .y = curve[1], .n = TWO_EPOCHS,
         .first = 1},
        {.legend = "L = J1 + J2, what the optimizer minimizes", .y = curve[2], .n = TWO_EPOCHS,
         .first = 1, .style = "lines lw 3 lc rgb '#111111'"}};
    chapter_plot_curves(pl, "two_heads", &(PlotSpec){
        .title = "Two inputs, two outputs on wine: the two losses and their sum",
        .xlabel = "epoch", .ylabel = "mean over the epoch's batches",
        .settings = "set logscale y"}, curves, 3);
}

/* The model at its first weights (its layers, J1, J2, L), the gradient
 * check, the training loop, the test rows and the plot. */
static int two_heads_run(Plotter *pl, TwoHead *th, const Wine2 *w, Rng *rng)
{
    int total = print_two_heads_layers(th, w);
    double J1, J2;
    double L = twohead_cost_grad(th, w->X1_tr, w->X2_tr, w->Y1_tr, w->Y2_tr, 1, 1, &J1, &J2);
    hand_printf("    total %d\n\nAt the first weights, on the training rows:\n"
                "    J1 = %v (near ln 3 = %v),  J2 = %v\n"
                "    L = J1 + J2 = %v + %v = %v\n\n",
                total, J1, log(3.0), J2, J1, J2, L);
    two_heads_check(th, w, L);
    hand_printf("\nTraining: Adam (lr %v) over the Param list of all six layers,\n"
                "batches of %d, %d epochs; each batch: forward, L = J1 + J2, backward,\n"
                "one step.\n\n"
                "    %5s %12s %12s %12s\n",
                TWO_LR, TWO_BATCH, TWO_EPOCHS, "epoch", "J1", "J2", "L");
    double curve[3][TWO_EPOCHS];
    int rc = two_heads_train(th, w, rng, curve);
    if (rc == CHAPTER_OK)
        rc = two_heads_test(th, w);
    if (rc == CHAPTER_OK)
        plot_two_heads(pl, curve);
    return rc;
}

static int lecture_two_heads(Plotter *pl, const DataXY *t, uint64_t seed)
{
    hand_section("6. Two inputs, two outputs: 003's functional API");
    two_heads_intro();
    Wine2 w = {0};
    Rng rng;
    rng_seed(&rng, seed + TWO_STREAM);
    int rc = wine2_make(&w, t, &rng);
    TwoHeadSize size = {.n1 = N_INP1, .n2 = N_INP2, .h1 = 16, .h2 = 4, .h3 = 4, .trunk = 8,
                        .k = 3};
    TwoHead *th = rc == CHAPTER_OK ? twohead_new(&size, (int)w.X1_tr->rows) : NULL;
    if (rc == CHAPTER_OK && !th)
        rc = chapter_error("out of memory");
    if (rc == CHAPTER_OK) {
        twohead_init(th, &rng);
        rc = two_heads_run(pl, th, &w, &rng);
    }
    twohead_free(th);
    wine2_free(&w);
    return rc;
}

/* ---- 7. Improving a network: a random search ---------------------------------------- */

#define SEARCH_TRIALS 8
#define SEARCH_EPOCHS 10
#define SEARCH_STREAM 7

/* One trial: its hyperparameters and how it did on the validation rows. */
typedef struct {
    double lr, dropout, l2;
    int width;
    double val_loss, val_accuracy;
} Trial;

/* Draw a trial: lr log-uniform in [10^-3.5, 10^-1.5]; the others from short lists. */
static Trial draw_trial(Rng *rng)
{
    static const int widths[] = {16, 32, 64, 128};
    static const double dropouts[] = {0.0, 0.1, 0.2, 0.3, 0.5};
    static const double l2s[] = {0.0, 1e-4, 1e-3, 1e-2};
    Trial t;
    t.lr = pow(10.0, rng_uniform(rng, -3.5, -1.5));
    t.width = widths[rng_int(rng, 4)];
    t.dropout = dropouts[rng_int(rng, 5)];
    t.l2 = l2s[rng_int(rng, 4)];
    return t;
}

static void plot_search(Plotter *pl, const Trial *t, int n, int best)
{
    static const int widths[] = {16, 32, 64, 128};
    static const char *const colours[] = {"#e69f00", "#56b4e9", "#009e73", "#0072b2"};
    Plot *p = plot_begin(pl, "search", &(PlotSpec){
        .title = "Random search on digits: validation accuracy of each trial",
        .xlabel = "learning rate (Adam)", .ylabel = "validation accuracy after the last epoch",
        .settings = "set logscale x\nset xrange [0.0002:0.05]\nset key bottom right"});
    for (int k = 0; k < 4; k++) {
        double x[SEARCH_TRIALS], y[SEARCH_TRIALS];
        int m = 0;
        for (int i = 0; i < n; i++)
            if (t[i].width == widths[k])
                x[m] = t[i].lr, y[m++] = t[i].val_accuracy;
        char legend[40], style[80];
        snprintf(legend, sizeof legend, "hidden layer of %d units", widths[k]);
        snprintf(style, sizeof style, "points pt 7 ps 1.8 lc rgb '%s'", colours[k]);
        plot_series(p, legend, style, x, y, m);
    }
    plot_series(p, "the best trial, then evaluated once on the test rows",
                "points pt 6 ps 3.5 lw 2 lc rgb '#c0392b'", &t[best].lr, &t[best].val_accuracy, 1);
    plot_end(p);
}

/* The search's setting: its trials, its split, what each trial draws;
 * then the head of the table of trials. */
static void print_search_setup(const WorkflowData *d)
{
    hand_printf("Random search (Bergstra and Bengio, 2012) on the digits, %d trials of %d\n"
                "epochs each, with a split of its own: %d rows to train on, %d for\n"
                "validation, %d for the test. Each trial draws the learning rate\n"
                "log-uniformly from 10^-3.5 to 10^-1.5 (so that 0.0003 and 0.03 are as\n"
                "likely as 0.003), the hidden units from 16, 32, 64, 128, dropout from 0,\n"
                "0.1, 0.2, 0.3, 0.5 and the L2 lambda from 0, 1e-4, 1e-3, 1e-2.\n\n"
                "    %5s %15s %6s %8s %7s %13s %13s\n",
                SEARCH_TRIALS, SEARCH_EPOCHS, d->X_train->rows, d->X_val->rows, d->X_test->rows,
                "trial", "lr", "units", "dropout", "L2", "val_loss", "val_acc");
}

/* Trial i: the base recipe with t's width, learning rate, dropout and L2,
 * built and fitted on the run's rows; its last epoch's validation loss and
 * accuracy go to t and its row to the table. Returns its net, or NULL
 * after a message. */
static Net *run_trial(WorkflowRun *run, const WorkflowRecipe *base, Trial *t, int i)
{
    char layers[32], err[300];
    snprintf(layers, sizeof layers, "%d:relu", t->width);
    WorkflowRecipe r = *base;
    r.layers = layers;
    r.optim.lr = t->lr;
    r.dropout = t->dropout;
    r.l2 = t->l2;
    WorkflowHistory h;
    Net *net = workflow_build(&run->data, &r, &run->rng, err, sizeof err);
    if (!net || workflow_fit(net, &run->data, &r, &run->rng, NULL, 0, &h, err, sizeof err) != 0) {
        net_free(net);
        chapter_error("digits, trial %d: %s", i + 1, err);
        return NULL;
    }
    t->val_loss = h.val_loss[h.epochs - 1];
    t->val_accuracy = h.val_metric[h.epochs - 1];
    workflow_history_free(&h);
    hand_printf("    %5d %15v %6d %8v %7v %13v %13v\n", i + 1, t->lr, t->width, t->dropout, t->l2,
                t->val_loss, t->val_accuracy);
    return net;
}

/* SEARCH_TRIALS trials, each drawn, fitted and printed. Returns the net of
 * the best on the validation rows (its index in *best), or NULL after a
 * message. */
static Net *search_trials(WorkflowRun *run, const WorkflowRecipe *base, Trial *trial, int *best)
{
    Net *best_net = NULL;
    *best = -1;
    for (int i = 0; i < SEARCH_TRIALS; i++) {
        trial[i] = draw_trial(&run->rng);
        Net *net = run_trial(run, base, &trial[i], i);
        if (!net) {
            net_free(best_net);
            return NULL;
        }
        if (*best < 0 || trial[i].val_accuracy > trial[*best].val_accuracy) {
            *best = i;
            net_free(best_net);
            best_net = net;
        } else {
            net_free(net);
        }
    }
    return best_net;
}

/* The best trial, measured once on the test rows; what a grid would have
 * tried instead; the plot of the trials. */
static int search_report(Plotter *pl, Net *best_net, const WorkflowData *d, const Trial *trial,
                         int best)
{
    WorkflowScores s;
    int rc = CHAPTER_OK;
    if (workflow_evaluate(best_net, d, d->X_test, d->y_test, &s) != 0)
        rc = chapter_error("out of memory");
    else {
        hand_printf("\nThe best on the validation rows: trial %d (lr %v, %d units,\n"
                    "dropout %v, L2 %v), validation accuracy %v. Its test\n"
                    "accuracy, measured now and only now: %v.\n",
                    best + 1, trial[best].lr, trial[best].width, trial[best].dropout,
                    trial[best].l2, trial[best].val_accuracy, s.accuracy);
        if (s.accuracy < trial[best].val_accuracy)
            printf("Lower than its validation score: the best of %d noisy scores owes some\n"
                   "of its lead to luck, which the test rows, unused until now, do not\n"
                   "share.\n",
                   SEARCH_TRIALS);
    }
    workflow_scores_free(&s);
    hand_printf("\nEvery trial costs a whole training run. With %d runs a grid of 2 x 2 x 2\n"
                "settings tries 2 learning rates; random search tries %d, and the\n"
                "learning rate usually matters most.\n",
                SEARCH_TRIALS, SEARCH_TRIALS);
    plot_search(pl, trial, SEARCH_TRIALS, best);
    return rc;
}

static int lecture_search(Plotter *pl, const DataXY *t, uint64_t seed)
{
    hand_section("7. Improving a network: a random search");
    printf("001 ends with \"how to improve the performance of a neural network\":\n"
           "first, fine-tune its hyperparameters (the settings training does not\n"
           "learn: the learning rate, the width, dropout, the L2 lambda, ...). Try\n"
           "settings, keep the ones that do best on the VALIDATION rows, and only\n"
           "then, once, measure the winner on the test rows: a test score that helped\n"
           "choose is no longer a measure of unseen data.\n\n");
    WorkflowRecipe base = DIGITS.recipe;
    base.epochs = SEARCH_EPOCHS;
    base.patience = 0;
    WorkflowRun run;
    int rc = start_run(&run, t->X, t->y, t->classes, &base, seed + SEARCH_STREAM, DIGITS.path);
    if (rc == CHAPTER_OK) {
        print_search_setup(&run.data);
        Trial trial[SEARCH_TRIALS];
        int best;
        Net *best_net = search_trials(&run, &base, trial, &best);
        rc = best_net ? search_report(pl, best_net, &run.data, trial, best) : CHAPTER_ERROR;
        net_free(best_net);
    }
    workflow_run_free(&run);
    return rc;
}

/* ---- 8. Saving, loading, and your own data -------------------------------------------- */

/* What workflow_prep_save needs from a run on a table: names and statistics. */
static int make_prep(WorkflowPrep *p, const WorkflowData *d, const DataTable *table,
                     const int *features, int target, char *const *class_names)
{
    memset(p, 0, sizeof *p);
    p->task = d->task;
    p->n_features = d->X_train->cols;
    p->features = calloc((size_t)p->n_features, sizeof *p->features);
    p->mean = malloc((size_t)p->n_features * sizeof *p->mean);
    p->std = malloc((size_t)p->n_features * sizeof *p->std);
    p->target = strdup(table->names[target]);
    p->y_mean = d->y_mean;
    p->y_std = d->y_std;
    p->classes = d->classes;
    int ok = p->features && p->mean && p->std && p->target;
    for (int j = 0; ok && j < p->n_features; j++) {
        p->mean[j] = MAT_AT(d->mean, 0, j);
        p->std[j] = MAT_AT(d->std, 0, j);
        ok = (p->features[j] = strdup(table->names[features[j]])) != NULL;
    }
    if (ok && class_names) {
        p->class_names = calloc((size_t)p->classes, sizeof *p->class_names);
        ok = p->class_names != NULL;
        for (int c = 0; ok && c < p->classes; c++)
            ok = (p->class_names[c] = strdup(class_names[c])) != NULL;
    }
    if (!ok) {
        workflow_prep_free(p);
        return chapter_error("out of memory");
    }
    return CHAPTER_OK;
}

/* Save net and prep to path and path.prep, read both back, and compare the
 * loaded model's predictions for X with the saved one's. Prints what it
 * did; returns CHAPTER_OK or CHAPTER_ERROR. */
static int save_and_check(Net *net, const WorkflowData *d, const WorkflowPrep *prep,
                          const char *path, int show_paths)
{
    char prep_path[1100], err[600];
    snprintf(prep_path, sizeof prep_path, "%s.prep", path);
    if (net_save(net, path, err, sizeof err) != 0 ||
        workflow_prep_save(prep, prep_path, err, sizeof err) != 0)
        return chapter_error("%s", err);
    Net *back = net_load(path, WORKFLOW_MAX_ROWS, err, sizeof err);
    WorkflowPrep again;
    int rc = back ? workflow_prep_load(&again, prep_path, err, sizeof err) : -1;
    if (rc != 0) {
        net_free(back);
        return chapter_error("%s", err);
    }
    int same_prep = again.n_features == prep->n_features && again.y_mean == prep->y_mean &&
                    again.y_std == prep->y_std;
    for (int j = 0; same_prep && j < prep->n_features; j++)
        same_prep = again.mean[j] == prep->mean[j] && again.std[j] == prep->std[j];
    Mat *a = mat_new(d->X_test->rows, net_n_out(net)), *b = mat_new(d->X_test->rows, net_n_out(net));
    if (!a || !b)
        rc = chapter_error("out of memory");
    else {
        net_predict(net, a, d->X_test);
        net_predict(back, b, d->X_test);
        long differ = 0;
        for (long i = 0; i < (long)a->rows * a->cols; i++)
            differ += a->data[i] != b->data[i];
        if (show_paths)
            hand_printf("Saved the model to %s and its preparation to %s.\n", path, prep_path);
        hand_printf("Read back: the standardization %s. Of the %d x %d\n"
                    "values the two models predict for the test rows, %d differ (largest\n"
                    "difference %v): the loaded model predicts what the saved one did,\n"
                    "bit for bit.\n",
                    same_prep ? "is the same, to the last bit" : "DIFFERS", a->rows, a->cols,
                    (int)differ, mat_max_abs_diff(a, b));
        if (differ || !same_prep)
            rc = chapter_error("the model read back from %s predicts differently", path);
    }
    mat_free(a);
    mat_free(b);
    workflow_prep_free(&again);
    net_free(back);
    return rc;
}

/* Save a run's model and its preparation to path and path.prep (the
 * columns of table it takes, the class names), and check them read back. */
static int save_run(const WorkflowRun *run, const DataTable *table, const int *features, int target,
                    char *const *names, const char *path, int show_paths)
{
    WorkflowPrep prep;
    int rc = make_prep(&prep, &run->data, table, features, target, names);
    if (rc == CHAPTER_OK)
        rc = save_and_check(run->net, &run->data, &prep, path, show_paths);
    workflow_prep_free(&prep);
    return rc;
}

static int lecture_save(const MultiRuns *mr, const DataXY *digits)
{
    hand_section("8. Saving and loading a model, and your own data");
    printf("A trained model is its layers and its weights (net_save, Keras'\n"
           "model.save) and what was learned from the training rows besides: each\n"
           "feature's mean and standard deviation, the target's scaling, the names of\n"
           "the classes. Without them a saved model would get its inputs unscaled.\n"
           "The digits model of section 4, saved to a temporary folder and read back:\n\n");
    const char *tmp = getenv("TMPDIR");
    char dir[1024], path[1100];
    snprintf(dir, sizeof dir, "%s/annlab-12-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return chapter_error("cannot make a temporary folder %s", dir);
    snprintf(path, sizeof path, "%s/digits.model", dir);
    const WorkflowRun *run = &mr->run[2];
    int features[64];
    for (int j = 0; j < digits->n_features; j++)
        features[j] = digits->features[j];
    int rc = save_run(run, &digits->table, features, digits->target, NULL, path, 0);
    char prep_path[1200];
    snprintf(prep_path, sizeof prep_path, "%s.prep", path);
    remove(path);
    remove(prep_path);
    rmdir(dir);
    if (rc != CHAPTER_OK)
        return rc;
    hand_printf("\nThe same workflow runs on a CSV of yours (a header row, then numbers;\n"
                "the target may be text, as \"setosa\", each text then a class):\n\n"
                "    ./build/12_practical --data FILE.csv --target COLUMN\n"
                "        [--task regression|binary|multiclass]   default: guessed\n"
                "        [--layers 16:relu,8:relu]               default %s\n"
                "        [--epochs N] [--lr RATE]                default %d, 0.001\n"
                "        [--save MODEL]                          writes MODEL, MODEL.prep\n"
                "    ./build/12_practical --data NEW.csv --load MODEL   predict and score with it\n\n"
                "For example, iris as a model to keep, then used again:\n\n"
                "    ./build/12_practical --data datasets/iris.csv --target species \\\n"
                "        --save iris.model\n"
                "    ./build/12_practical --data datasets/iris.csv --load iris.model\n",
                DATA_LAYERS, DATA_EPOCHS);
    return CHAPTER_OK;
}

/* ---- --data: the workflow on the student's own CSV ------------------------------------ */


/* ---- your data: the file's name, and a log that fits a screen ---------------- */

/* The file's name without its folders: "my.csv" for "data/my.csv". */
static const char *file_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* "NAME" followed by rest, in buf (truncated if it must). Returns buf. */
static char *file_title(char *buf, size_t len, const char *path, const char *rest)
{
    snprintf(buf, len, "%s%s", file_name(path), rest);
    return buf;
}

/* Make dir and the folders above it, as mkdir -p does. 0, or -1. */
static int make_dirs(const char *dir)
{
    char buf[1024];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf)
        return -1;
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(buf, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* The epoch log of --data: every epoch's Keras line in log (rewound and
 * read here), and on stdout all of them when there are at most LOG_SCREEN,
 * else the first LOG_FIRST, every k-th and the last, with a line naming
 * the file (path) that holds them all. */
static void print_epoch_log(FILE *log, const char *path)
{
    char line[512];
    int n = 0;
    rewind(log);
    while (fgets(line, sizeof line, log))
        n += strchr(line, '\n') != NULL;
    int k = n > LOG_SCREEN ? (n - LOG_FIRST + LOG_SHOWN - 1) / LOG_SHOWN : 1;
    rewind(log);
    int i = 1, shown = 0;
    while (fgets(line, sizeof line, log)) {
        if (n <= LOG_SCREEN || i <= LOG_FIRST || i % k == 0 || i == n) {
            fputs(line, stdout);
            shown += strchr(line, '\n') != NULL;
        }
        i += strchr(line, '\n') != NULL;
    }
    if (n > LOG_SCREEN)
        hand_printf("(%d of the %d epoch lines: the first %d, every %d-th and the last;\n"
                    "all of them are in %s)\n",
                    shown, n, LOG_FIRST, k, path);
}

/* The student's CSV as the workflow takes it. */
typedef struct {
    CsvText ct;
    int *features, n;  /* the feature columns of ct.table, n of them */
    Mat *X, *y;        /* the features, and the target column */
    WorkflowTask task;
    int classes;       /* k for a classification, 0 for a regression */
    char **names;      /* --data: the k classes' names (the texts, or the numbers) */
} OwnData;

static void free_names(char **names, int k)
{
    for (int c = 0; names && c < k; c++)
        free(names[c]);
    free(names);
}

static void own_data_free(OwnData *c)
{
    free_names(c->names, c->classes);
    mat_free(c->X);
    mat_free(c->y);
    free(c->features);
    csvtext_free(&c->ct);
}

/* X and y: the feature columns and the target column of the table. */
static int own_select(OwnData *c)
{
    if (!(c->X = data_select(&c->ct.table, c->features, c->n)) ||
        !(c->y = data_select(&c->ct.table, &c->ct.target, 1)))
        return chapter_error("out of memory");
    return CHAPTER_OK;
}

/* A value beyond this cannot be trained on: its square (in the variance
 * that standardizes it, in the MSE) overflows to inf. */
#define HUGE_VALUE 1e150

/* CHAPTER_OK, or an error naming the first value of t (the file path)
 * beyond HUGE_VALUE, with its line and its column. */
static int check_magnitudes(const DataTable *t, const char *path)
{
    for (int i = 0; i < t->values->rows; i++)
        for (int j = 0; j < t->cols; j++)
            if (fabs(MAT_AT(t->values, i, j)) > HUGE_VALUE)
                return chapter_error("%s:%d: column \"%s\" holds %g, too large to train on "
                                     "(beyond %g its square overflows); rescale the column",
                                     path, data_row_line(t, i), t->names[j],
                                     MAT_AT(t->values, i, j), HUGE_VALUE);
    return CHAPTER_OK;
}

/* Read --data's CSV, its target --target (default: the last column) and
 * every other column a feature, into X and y. */
static int own_read(OwnData *c, const Options *o)
{
    char err[DATA_ERR_LEN];
    int rc = csvtext_load(&c->ct, o->data, o->target, err, sizeof err);
    if (rc != 0) {
        chapter_error("%s", err);
        if (rc == DATA_CANNOT_OPEN && o->data[0] != '/')
            fprintf(stderr, "hint: run from the annlab folder, or give the path of your file\n");
        return CHAPTER_ERROR;
    }
    c->n = c->ct.table.cols - 1;
    c->features = malloc((size_t)c->n * sizeof *c->features);
    for (int j = 0, f = 0; c->features && j < c->ct.table.cols; j++)
        if (j != c->ct.target)
            c->features[f++] = j;
    if (!c->features)
        return chapter_error("out of memory");
    if (own_select(c) != CHAPTER_OK)
        return CHAPTER_ERROR;
    if (c->n < 1)
        return chapter_error("%s: only the target column; expected features besides it", o->data);
    return check_magnitudes(&c->ct.table, o->data);
}

#define GUESS_MAX_CLASSES 10

/* The distinct values of a numeric target y, in the order met; the count
 * stops at GUESS_MAX_CLASSES + 1. *whole: every value is a whole number.
 * Returns how many. */
static int distinct_values(const Mat *y, double *distinct, int *whole)
{
    int k = 0;
    *whole = 1;
    for (int i = 0; i < y->rows; i++) {
        double v = MAT_AT(y, i, 0);
        *whole = *whole && v == floor(v);
        int seen = 0;
        for (int c = 0; c < k && !seen; c++)
            seen = distinct[c] == v;
        if (!seen && k <= GUESS_MAX_CLASSES)
            distinct[k++] = v;
    }
    return k;
}

/* The task: --task's, else guessed from the target: text, or k <=
 * GUESS_MAX_CLASSES whole numbers, make a classification (binary for
 * k = 2); anything else a regression. */
static int own_task(const Options *o, int textual, int whole, int k, WorkflowTask *task)
{
    if (o->task) {
        if (workflow_task_parse(o->task, task) != 0)
            return chapter_error("--task %s: expected regression, binary or multiclass", o->task);
    } else {
        *task = (textual || (whole && k <= GUESS_MAX_CLASSES)) ? (k == 2 ? WORKFLOW_BINARY
                                                                          : WORKFLOW_MULTICLASS)
                                                               : WORKFLOW_REGRESSION;
    }
    return CHAPTER_OK;
}

/* Whether a target of k distinct values (textual: texts) fits the task:
 * numbers for a regression; for a classifier 2 to GUESS_MAX_CLASSES
 * classes (any number of texts), exactly 2 for binary. */
static int check_target(const CsvText *ct, const char *path, WorkflowTask task, int textual, int k)
{
    const char *col = ct->table.names[ct->target];
    if (task == WORKFLOW_REGRESSION && textual)
        return chapter_error("%s: the target \"%s\" holds text (\"%s\", ...); a regression "
                             "needs numbers",
                             path, col, ct->classes[0]);
    if (task == WORKFLOW_REGRESSION)
        return CHAPTER_OK;
    if (!textual && k > GUESS_MAX_CLASSES)
        return chapter_error("%s: the target \"%s\" holds more than %d different numbers; "
                             "for a classification give them as classes 0..k-1 or as text",
                             path, col, GUESS_MAX_CLASSES);
    if (k < 2)
        return chapter_error("%s: the target \"%s\" holds one value only; a classifier needs "
                             "two classes at least",
                             path, col);
    if (task == WORKFLOW_BINARY && k != 2)
        return chapter_error("%s: --task binary, but the target \"%s\" holds %d classes", path,
                             col, k);
    return CHAPTER_OK;
}

/* A numeric target as classes: its k distinct values sorted, each value
 * of y replaced by its place in that order, the values (as text) the
 * names. */
static void number_classes(Mat *y, double *distinct, int k, char **names)
{
    for (int a = 1; a < k; a++)
        for (int b = a; b > 0 && distinct[b - 1] > distinct[b]; b--) {
            double s = distinct[b];
            distinct[b] = distinct[b - 1];
            distinct[b - 1] = s;
        }
    for (int c = 0; c < k; c++) {
        char buf[40];
        snprintf(buf, sizeof buf, "%.17g", distinct[c]);
        names[c] = strdup(buf);
    }
    for (int i = 0; i < y->rows; i++)
        for (int c = 0; c < k; c++)
            if (MAT_AT(y, i, 0) == distinct[c])
                MAT_AT(y, i, 0) = c;
}

/* The target column y as the task needs it: class indices (mapped from
 * the texts, or from the distinct numbers) or values. Sets c->task, and
 * c->classes and c->names (k names) for a classification. */
static int own_target(OwnData *c, const Options *o)
{
    int textual = c->ct.classes != NULL, whole = 1;
    double distinct[GUESS_MAX_CLASSES + 1];
    int k = textual ? c->ct.n_classes : distinct_values(c->y, distinct, &whole);
    int rc = own_task(o, textual, whole, k, &c->task);
    if (rc == CHAPTER_OK)
        rc = check_target(&c->ct, o->data, c->task, textual, k);
    if (rc != CHAPTER_OK || c->task == WORKFLOW_REGRESSION)
        return rc;
    c->names = calloc((size_t)k, sizeof *c->names);
    if (!c->names)
        return chapter_error("out of memory");
    c->classes = k;
    if (!textual) {
        number_classes(c->y, distinct, k, c->names);
        return CHAPTER_OK;
    }
    for (int j = 0; j < k; j++)
        c->names[j] = strdup(c->ct.classes[j]);
    return CHAPTER_OK;
}

/* The scores of a classifier or a regression, printed. */
static void print_scores(const WorkflowScores *s, char *const *names)
{
    if (s->classes) {
        hand_printf("accuracy %v, loss %v\n\n", s->accuracy, s->loss);
        print_confusion(s->confusion, s->classes, (const char *const *)names);
        hand_printf("\n");
        print_per_class(s->confusion, s->classes, (const char *const *)names);
    } else {
        print_r2(&s->reg);
    }
}

/* The first rows' predictions: the class and its probability, or the value. */
static void print_predictions(const Mat *out, const Mat *y, char *const *names, int classes)
{
    hand_printf("\nThe first %d predictions:\n", out->rows < SHOW_ROWS ? out->rows : SHOW_ROWS);
    for (int i = 0; i < out->rows && i < SHOW_ROWS; i++) {
        if (!classes) {
            hand_printf("    y = %v, y_hat = %v\n", MAT_AT(y, i, 0), MAT_AT(out, i, 0));
            continue;
        }
        int c = score_class(out, i);
        double p = out->cols == 1 ? (c ? MAT_AT(out, i, 0) : 1 - MAT_AT(out, i, 0))
                                  : MAT_AT(out, i, c);
        hand_printf("    true %s, predicted %s (probability %v)\n",
                    names[(int)MAT_AT(y, i, 0)], names[c], p);
    }
}

/* A model's scores s on the rows X, y, then its first predictions; *out
 * gets all of them (the caller frees it). CHAPTER_OK or CHAPTER_ERROR. */
static int print_results(Net *net, const WorkflowData *d, const Mat *X, const Mat *y,
                         const WorkflowScores *s, char *const *names, Mat **out)
{
    print_scores(s, names);
    *out = mat_new(X->rows, net_n_out(net));
    if (!*out)
        return chapter_error("out of memory");
    workflow_predict(net, d, X, *out);
    print_predictions(*out, y, names, d->classes);
    return CHAPTER_OK;
}

/* Your data: its rows, features and target, the task, the classes'
 * numbers, the split and the model. */
static void print_own_data(const Options *o, const OwnData *c, const WorkflowRun *run)
{
    hand_section("Your data");
    hand_printf("%s: %d rows, %d features and the target \"%s\".\n"
                "The task: %s%s.\n",
                o->data, c->X->rows, c->n, c->ct.table.names[c->ct.target],
                workflow_task_name(c->task),
                o->task ? "" : " (guessed from the target; --task sets it)");
    if (c->names) {
        hand_printf("The classes, numbered in sorted order:");
        for (int k = 0; k < c->classes; k++)
            hand_printf(" %d = %s%s", k, c->names[k], k + 1 < c->classes ? "," : "\n");
    }
    print_split(&run->data);
    hand_printf("\n");
    net_summary(run->net, stdout);
}

/* Fit: the whole epoch log goes to OUT/12_practical/NAME.log, a
 * screenful of it to stdout. */
static int own_fit(Chapter *ch, const Options *o, WorkflowRun *run, const WorkflowRecipe *r)
{
    hand_printf("\nAdam (lr %v), batches of 32, at most %d epochs, early stopping\n"
                "(patience 10) on the validation loss:\n\n",
                r->optim.lr, r->epochs);
    fflush(stdout);
    char log_path[1200], err[DATA_ERR_LEN];
    snprintf(log_path, sizeof log_path, "%s/%s.log", ch->plots.dir, file_name(o->data));
    FILE *log = make_dirs(ch->plots.dir) == 0 ? fopen(log_path, "w+") : NULL;
    if (!log)
        return chapter_error("%s: cannot write the epoch log", log_path);
    int rc = CHAPTER_OK;
    if (workflow_train(run, r, log, o->timing, err, sizeof err) != 0)
        rc = fit_error(o->data, err, run->history.hint);
    print_epoch_log(log, log_path);
    if (fclose(log) != 0 && rc == CHAPTER_OK)
        rc = chapter_error("%s: cannot write the epoch log", log_path);
    return rc;
}

/* Evaluate and predict on the test rows, then the plots: the loss per
 * epoch, and the confusion matrix or predicted against true. */
static int own_results(Plotter *pl, const Options *o, const OwnData *c, const WorkflowRun *run)
{
    hand_printf("\nThe weights of epoch %d are kept. On the %d test rows:\n",
                run->history.best_epoch, (int)run->test.m);
    Mat *out = NULL;
    int rc = print_results(run->net, &run->data, run->data.X_test, run->data.y_test, &run->test,
                           c->names, &out);
    char title[300];
    plot_fit(pl, "data_fit", file_title(title, sizeof title, o->data, ": the loss per epoch"),
             &run->history, "loss");
    if (rc == CHAPTER_OK && c->classes)
        plot_confusion(pl, "data_confusion",
                       file_title(title, sizeof title, o->data, ", test rows: the confusion matrix"),
                       run->test.confusion, c->classes, (const char *const *)c->names);
    else if (rc == CHAPTER_OK)
        plot_regression(pl, "data_pred",
                        file_title(title, sizeof title, o->data, ", test rows: predicted against true"),
                        run->data.y_test, out, c->ct.table.names[c->ct.target]);
    mat_free(out);
    return rc;
}

/* --data: the workflow on the student's own CSV: read it, make its target
 * fit the task, start the run, show it, fit, evaluate, and --save. */
static int own_data(Chapter *ch, const Options *o)
{
    OwnData c = {.task = WORKFLOW_REGRESSION};
    int rc = own_read(&c, o);
    if (rc == CHAPTER_OK)
        rc = own_target(&c, o);
    WorkflowRecipe r = {.task = c.task, .layers = o->layers ? o->layers : DATA_LAYERS,
                        .optim = ADAM(o->lr), .epochs = o->epochs, .batch_size = 32,
                        .patience = 10, SPLIT};
    WorkflowRun run = {.net = NULL};
    if (rc == CHAPTER_OK)
        rc = start_run(&run, c.X, c.y, c.classes, &r, ch->opt.seed, o->data);
    if (rc == CHAPTER_OK)
        rc = chapter_start_lecture(ch);
    if (rc == CHAPTER_OK) {
        print_own_data(o, &c, &run);
        rc = own_fit(ch, o, &run, &r);
    }
    if (rc == CHAPTER_OK)
        rc = own_results(&ch->plots, o, &c, &run);
    if (rc == CHAPTER_OK && o->save) {
        hand_printf("\n");
        rc = save_run(&run, &c.ct.table, c.features, c.ct.target, c.names, o->save, 1);
    }
    workflow_run_free(&run);
    own_data_free(&c);
    return rc;
}

/* The saved model and its preparation MODEL.prep (prep_path), and whether
 * they belong together: an input per feature, an output per class (one
 * for a regression or two classes). */
static int load_model(Net **net, WorkflowPrep *prep, const char *model, const char *prep_path)
{
    char err[DATA_ERR_LEN];
    *net = net_load(model, WORKFLOW_MAX_ROWS, err, sizeof err);
    if (!*net)
        return chapter_error("%s", err);
    if (workflow_prep_load(prep, prep_path, err, sizeof err) != 0)
        return chapter_error("%s", err);
    if ((*net)->n_in != prep->n_features ||
        net_n_out(*net) != (prep->classes > 2 ? prep->classes : 1))
        return chapter_error("%s takes %d inputs and gives %d outputs, but %s describes %d "
                             "features and %d classes: they do not belong together",
                             model, (*net)->n_in, net_n_out(*net), prep_path, prep->n_features,
                             prep->classes);
    return CHAPTER_OK;
}

/* Read --data's CSV, its columns found by the names the model was
 * trained on: X the features in the model's order, y the target. */
static int own_load_columns(OwnData *c, const WorkflowPrep *prep, const Options *o)
{
    char err[DATA_ERR_LEN];
    if (csvtext_load(&c->ct, o->data, prep->target, err, sizeof err) != 0)
        return chapter_error("%s", err);
    c->n = prep->n_features;
    c->features = malloc((size_t)c->n * sizeof *c->features);
    if (!c->features)
        return chapter_error("out of memory");
    for (int j = 0; j < c->n; j++) {
        c->features[j] = data_column_index(&c->ct.table, prep->features[j]);
        if (c->features[j] < 0)
            return chapter_error("%s: no column \"%s\", which the model of %s takes", o->data,
                                 prep->features[j], o->load);
    }
    return own_select(c);
}

/* The model's number of the class called name, or -1. */
static int model_class(const WorkflowPrep *prep, const char *name)
{
    for (int k = 0; k < prep->classes; k++)
        if (prep->class_names ? strcmp(prep->class_names[k], name) == 0 : atof(name) == k)
            return k;
    return -1;
}

/* The file's classes, mapped by name to the model's numbers; a class the
 * model does not know, or text for a model that predicts numbers, is an
 * error. */
static int map_classes(OwnData *c, const WorkflowPrep *prep, const Options *o)
{
    for (int i = 0; prep->classes && i < c->y->rows; i++) {
        char buf[40];
        const char *name = buf;
        if (c->ct.classes)
            name = c->ct.classes[(int)MAT_AT(c->y, i, 0)];
        else
            snprintf(buf, sizeof buf, "%.17g", MAT_AT(c->y, i, 0));
        int k = model_class(prep, name);
        if (k < 0)
            return chapter_error("%s:%d: the class \"%s\" is not one of the model's", o->data,
                                 data_row_line(&c->ct.table, i), name);
        MAT_AT(c->y, i, 0) = k;
    }
    if (!prep->classes && c->ct.classes)
        return chapter_error("%s: the target \"%s\" holds text; the model predicts numbers",
                             o->data, prep->target);
    return CHAPTER_OK;
}

/* The saved model on the rows: standardized with the saved statistics,
 * its scores and first predictions (classes named as the file named
 * them, else by number). */
static int own_load_report(Net *net, const WorkflowPrep *prep, OwnData *c, const Options *o,
                           const char *prep_path)
{
    Mat mean = {1, prep->n_features, prep->mean}, std = {1, prep->n_features, prep->std};
    data_standardize_apply(c->X, &mean, &std);
    WorkflowData d = {.task = prep->task, .classes = prep->classes, .y_mean = prep->y_mean,
                      .y_std = prep->y_std};
    hand_section("Your data, with a saved model");
    hand_printf("The model %s (%s, %d features; its preparation\n"
                "read from %s), on the %d rows of %s:\n",
                o->load, workflow_task_name(prep->task), prep->n_features, prep_path, c->X->rows,
                o->data);
    WorkflowScores s;
    if (workflow_evaluate(net, &d, c->X, c->y, &s) != 0) {
        workflow_scores_free(&s);
        return chapter_error("out of memory");
    }
    char *numbered[DATA_MAX_CLASSES];
    char buf[DATA_MAX_CLASSES][12];
    for (int k = 0; !prep->class_names && k < prep->classes; k++) {
        snprintf(buf[k], sizeof buf[k], "%d", k);
        numbered[k] = buf[k];
    }
    Mat *out = NULL;
    int rc = print_results(net, &d, c->X, c->y, &s,
                           prep->class_names ? prep->class_names : numbered, &out);
    mat_free(out);
    workflow_scores_free(&s);
    return rc;
}

/* --load: the saved model on the student's CSV: its scores and predictions. */
static int own_load(Chapter *ch, const Options *o)
{
    char prep_path[1100];
    snprintf(prep_path, sizeof prep_path, "%s.prep", o->load);
    Net *net = NULL;
    WorkflowPrep prep = {.n_features = 0};
    OwnData c = {.n = 0};
    int rc = load_model(&net, &prep, o->load, prep_path);
    if (rc == CHAPTER_OK)
        rc = own_load_columns(&c, &prep, o);
    if (rc == CHAPTER_OK)
        rc = map_classes(&c, &prep, o);
    if (rc == CHAPTER_OK)
        rc = chapter_start_lecture(ch);
    if (rc == CHAPTER_OK)
        rc = own_load_report(net, &prep, &c, o, prep_path);
    own_data_free(&c);
    net_free(net);
    workflow_prep_free(&prep);
    return rc;
}

/* ---- the lecture ------------------------------------------------------------------------ */

static const char CARD[] =
    "Chapter 12 - Practical training on real data (lecture notes 000, 001, 002, 003)\n"
    "The Keras workflow on our library: build, summary, fit with a log line per\n"
    "epoch, evaluate, predict. Regression on diabetes, binary classification on\n"
    "breast cancer, multi-class on iris, wine and digits, then Fashion-MNIST's\n"
    "70,000 images; 003's two inputs and two outputs (L = J1 + J2); a random\n"
    "search (001); your own CSV, saving and loading a model.";

/* The flags that go together, and --subset, --task and --layers read
 * right: CHAPTER_RUN, or cli_error's exit status after its message. */
static int check_flags(const Options *o, const CliSpec *spec)
{
    if (o->subset != 0 && (o->subset < MIN_SUBSET || o->subset > FASHION_TRAIN))
        return cli_error(spec, "--subset must be between %d and %d", MIN_SUBSET, FASHION_TRAIN);
    int trains = o->target || o->task || o->layers || o->save || o->epochs != DATA_EPOCHS ||
                 o->lr != DATA_LR;
    if (!o->data && (trains || o->load))
        return cli_error(spec, "--target, --task, --layers, --epochs, --lr, --save and --load go "
                               "with --data FILE");
    if (o->load && trains)
        return cli_error(spec, "--load uses the saved model as it is: no --target, --task, "
                               "--layers, --epochs, --lr or --save with it");
    WorkflowTask task;
    if (o->task && workflow_task_parse(o->task, &task) != 0)
        return cli_error(spec, "--task %s: expected regression, binary or multiclass", o->task);
    WorkflowLayer layers[WORKFLOW_MAX_LAYERS];
    char err[300];
    if (o->layers &&
        workflow_parse_layers(layers, WORKFLOW_MAX_LAYERS, o->layers, err, sizeof err) < 0)
        return cli_error(spec, "--layers: %s", err);
    return CHAPTER_RUN;
}

/* The data first: the five tables and Fashion-MNIST, so that bad data
 * ends the program before the lecture starts. */
static int load_all(Tables *t, Fashion *fashion, const Options *o)
{
    if (load_set(&t->diabetes, &DIABETES) == CHAPTER_OK &&
        load_set(&t->breast_cancer, &BREAST_CANCER) == CHAPTER_OK &&
        load_set(&t->iris, &IRIS) == CHAPTER_OK && load_set(&t->wine, &WINE) == CHAPTER_OK &&
        load_set(&t->digits, &DIGITS) == CHAPTER_OK &&
        fashion_load(fashion, o->fashion, o->subset) == CHAPTER_OK)
        return CHAPTER_OK;
    return CHAPTER_ERROR;
}

/* The lecture's sections 1 to 8, in order; the first error ends it. */
static int run_sections(Plotter *pl, const Tables *t, const Fashion *fashion, const Options *o,
                        uint64_t seed, MultiRuns *mr)
{
    int rc = lecture_workflow();
    if (rc == CHAPTER_OK)
        rc = lecture_regression(pl, &t->diabetes, seed, o->timing);
    if (rc == CHAPTER_OK)
        rc = lecture_binary(pl, &t->breast_cancer, seed, o->timing);
    if (rc == CHAPTER_OK)
        rc = lecture_multiclass(pl, t, seed, mr);
    if (rc == CHAPTER_OK)
        rc = lecture_fashion(pl, fashion, o, seed);
    if (rc == CHAPTER_OK)
        rc = lecture_two_heads(pl, &t->wine, seed);
    if (rc == CHAPTER_OK)
        rc = lecture_search(pl, &t->digits, seed);
    if (rc == CHAPTER_OK)
        rc = lecture_save(mr, &t->digits);
    return rc;
}

/* The lecture: load the data, start, run the sections, free it all. */
static int lecture(Chapter *ch, const Options *o)
{
    Tables t = {0};
    Fashion fashion = {0};
    MultiRuns *mr = calloc(1, sizeof *mr);
    int rc = CHAPTER_ERROR;
    if (!mr)
        chapter_error("out of memory");
    else if (load_all(&t, &fashion, o) == CHAPTER_OK && chapter_start_lecture(ch) == CHAPTER_OK)
        rc = run_sections(&ch->plots, &t, &fashion, o, ch->opt.seed, mr);
    for (int s = 0; mr && s < 3; s++)
        workflow_run_free(&mr->run[s]);
    free(mr);
    fashion_free(&fashion);
    tables_free(&t);
    return rc;
}

int main(int argc, char **argv)
{
    Options o = {.epochs = DATA_EPOCHS, .lr = DATA_LR, .fashion = FASHION_DIR};
    CliFlag flags[] = {
        {"data", CLI_STRING, &o.data, "FILE", "run the workflow on your own CSV (a header row)"},
        {"target", CLI_STRING, &o.target, "COLUMN", "with --data: the target column (default: the last)"},
        {"task", CLI_STRING, &o.task, "TASK", "with --data: regression, binary or multiclass"},
        {"layers", CLI_STRING, &o.layers, "SPEC", "with --data: hidden layers, e.g. 16:relu,8:relu"},
        {"epochs", CLI_INT, &o.epochs, "N", "with --data: the most epochs (default 100)"},
        {"lr", CLI_DOUBLE, &o.lr, "RATE", "with --data: Adam's learning rate (default 0.001)"},
        {"save", CLI_STRING, &o.save, "MODEL", "with --data: save the model to MODEL and MODEL.prep"},
        {"load", CLI_STRING, &o.load, "MODEL", "with --data: predict with a saved model instead"},
        {"subset", CLI_INT, &o.subset, "N", "Fashion-MNIST: its first N images only (default all)"},
        {"fashion", CLI_STRING, &o.fashion, "DIR", "the folder of Fashion-MNIST's four .gz files"},
        {"timing", CLI_BOOL, &o.timing, NULL, "add each epoch's seconds to the fit logs"},
    };
    CliRange ranges[] = {{"epochs", '[', 1, MAX_EPOCHS, ']'}, {"lr", '(', 0, MAX_LR, ']'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = PRACTICAL_SEED,
                    .flags = flags, .n_flags = 11, .ranges = ranges, .n_ranges = 2};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc == CHAPTER_RUN)
        rc = check_flags(&o, &spec);
    if (rc != CHAPTER_RUN)
        return rc;
    /* 1. your own CSV (--data), with a saved model (--load) or trained here */
    if (o.data)
        return chapter_end(&ch, o.load ? own_load(&ch, &o) : own_data(&ch, &o));
    /* 2. else the lecture */
    return chapter_end(&ch, lecture(&ch, &o));
}
