/* Chapter 13 - A playground: TensorFlow Playground in C
 *
 * Lecture notes: 001 (the demo at playground.tensorflow.org: "by using
 * multiple perceptrons we can capture non-linear" boundaries; the
 * regularized objective E(w, b) = 1/n sum L + lambda R(w); "how to improve
 * the performance of a neural network": fine-tuning its hyperparameters)
 * and 003 (the five steps of training; a boundary made of "multiple
 * connected curves"; deep learning as automated feature engineering).
 *
 * What you will learn
 *   - every control of the Playground is a hyperparameter: the data (set,
 *     noise, train/test ratio), the input features, the hidden layers and
 *     their units, the activation, the learning rate, the batch size, the
 *     regularization and its rate, the epochs
 *   - input features: x1^2 + x2^2 makes the circle a line in feature space,
 *     so a single neuron separates it; hidden layers learn such features
 *     themselves (003: "automated feature engineering")
 *   - a first-layer unit is act(w1 x1 + w2 x2 + b): a soft step across the
 *     line w1 x1 + w2 x2 + b = 0; the next layers bend and join such steps
 *     into curves (003's "multiple connected curves")
 *   - the regularized objective E = 1/n sum L + lambda R(w) of 001, with
 *     R = sum |w| (L1) or sum w^2 (L2), and its step
 *         w <- w - eta (dL/dw + lambda sign(w))      L1
 *         w <- w - eta (dL/dw + 2 lambda w)          L2
 *   - tuning (001): one change at a time, judged on the test set;
 *     overfitting on noisy data, and what L1 and L2 do about it
 *
 * Run it
 *   ./build/13_playground                       the default demo (the Playground's own
 *                                               defaults: circle, 4-2 tanh, lr 0.03)
 *   ./build/13_playground --plots=dumb          the surface drawn in the terminal as it trains
 *   ./build/13_playground --dataset spiral --features x1,x2,sin(x1),sin(x2) --layers 8,8,8
 *   ./build/13_playground --data my.csv         your own points: x1,x2,label (0/1)
 *   ./build/13_playground --help                every control
 *
 * Plots
 *   features_circle.png  one neuron on the circle: on x1, x2 (a line, useless) and
 *                        on x1^2, x2^2 (an ellipse); features_xor.png: on x1 x2
 *   surface.png   the trained net's output over the plane (a heat map) with the
 *                 boundary p = 0.5, the training points (filled) and the test points
 *   forming.gif   the surface forming, epoch by epoch (an animated GIF)
 *   loss.png      training and test loss per epoch
 *   neurons.png   what every hidden unit computes over the plane, a row a layer
 *   overfit.png   noisy XOR from few points: training and test loss, without and
 *                 with L1 and L2
 *
 * tests/unit/test_ch13_playground.c checks the numbers of this lecture:
 * the hand calculations, the runs' results against the library, and the
 * gradients against central differences.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "chapter.h"
#include "cli.h"
#include "data.h"
#include "hand.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "playground.h"
#include "plot.h"
#include "rng.h"

#define CHAPTER "13_playground"
#define SEED 2016           /* the year TensorFlow Playground went online */

/* The Playground's defaults */
#define POINTS 500          /* points drawn, train and test together */
#define RATIO 0.5           /* the fraction trained on */
#define LR 0.03
#define BATCH 10
#define LAYERS "4,2"
#define EPOCHS 200          /* the Playground runs until stopped; we stop here */
#define RATE 0.01           /* lambda when --regularization is given without --rate */

/* The flags' ranges */
#define MIN_POINTS 10
#define MAX_POINTS 20000
#define MAX_EPOCHS 5000
#define MAX_LR 100.0
#define MAX_NOISE 5.0
#define MIN_RATIO 0.1
#define MAX_RATIO 0.9
#define MAX_RATE 10.0
#define SEED_STRIDE 1000    /* experiment k seeds its numbers from seed x 1000 + k */

#define SHOW_POINTS 5       /* training points listed in section 2 */
#define GRID_N 81           /* surface.png: grid points per side */
#define FRAME_N 41          /* forming.gif */
#define PANEL_N 41          /* neurons.png */
#define FRAMES 25           /* frames of the animation (fewer for short runs) */
#define FRAME_DELAY 20      /* hundredths of a second a frame */
#define TEXT_EVERY 6        /* --plots=dumb: every 6th frame drawn as text */

/* Section 8: noisy XOR from few points, a net big enough to overfit */
#define OVERFIT_POINTS 250
#define OVERFIT_NOISE 1.2
#define OVERFIT_RATIO 0.2
#define OVERFIT_LAYERS "8,8"
#define OVERFIT_LR 0.1
#define OVERFIT_EPOCHS 200
#define OVERFIT_RATE 0.01
#define SMALL_WEIGHT 0.01   /* |w| below this counts as near zero */

/* The hand step of section 4 */
#define HAND_W 0.8
#define HAND_G 0.05
#define HAND_SMALL_W (-0.002)

typedef enum { REG_NONE, REG_L1, REG_L2 } Reg;
static const char *const REG_NAMES[] = {"none", "l1", "l2"};

/* The Playground's controls: everything a run trains with. */
typedef struct {
    unsigned features;                  /* PLAYGROUND_BIT(...) | ... */
    int hidden[PLAYGROUND_MAX_LAYERS];  /* units of each hidden layer */
    int n_hidden;
    ActKind act;
    double lr;
    int batch;
    Reg reg;
    double rate;                        /* lambda */
    int epochs;
} Controls;

/* Points of the plane with their targets, split into training and test. */
typedef struct {
    const char *name;   /* "circle", or the CSV's path */
    int regression;     /* targets are numbers (MSE), else classes 0/1 (BCE) */
    DataSplit s;        /* X_train (m x 2), y_train (m x 1), X_test, y_test */
    ChapterBox box;     /* the window the plots show */
    int own;            /* from --data: its columns have names of their own */
    char x1[128], x2[128]; /* the axes: "x1", "x2", or "height (x1)", "weight (x2)" */
    char target[41];    /* "class" or "y", or the target column's name (cut to 40) */
} Plane;

/* Name the axes and the target of pl: the CSV's columns (csv NULL: x1, x2
 * and "class" or "y", the Playground's words). */
static void plane_names(Plane *pl, const DataXY *csv)
{
    pl->own = csv != NULL;
    if (!csv) {
        snprintf(pl->x1, sizeof pl->x1, "x1");
        snprintf(pl->x2, sizeof pl->x2, "x2");
        snprintf(pl->target, sizeof pl->target, "%s", pl->regression ? "y" : "class");
        return;
    }
    const char *const *names = (const char *const *)csv->table.names;
    snprintf(pl->x1, sizeof pl->x1, "%.100s (x1)", names[csv->features[0]]);
    snprintf(pl->x2, sizeof pl->x2, "%.100s (x2)", names[csv->features[1]]);
    snprintf(pl->target, sizeof pl->target, "%s", names[csv->target]);
}

/* A run of the Playground: the controls, the net, and what it recorded. */
typedef struct {
    Controls c;
    const Plane *plane;
    Loss loss;              /* BCE, or MSE for regression */
    MetricKind metric;      /* accuracy, or MAE for regression */
    Net *net;
    Mat *P_train, *P_test;  /* the features (m x n_features) */
    int record_all;         /* evaluate after every epoch (else only at the end) */
    int epochs;             /* epochs completed */
    int diverged;
    char message[256];      /* net_fit's, when it diverged */
    char hint[160];         /* and its hint: what to try */
    double *loss_at[2], *metric_at[2]; /* [0] training, [1] test; index e: after epoch e,
                                        * 0 before training (only [0] and the last
                                        * without record_all) */
    /* the animation, when there is one */
    PlotFrames *frames;
    char *frame_at;         /* frame_at[e]: a frame after epoch e */
    Mat *grid_P, *grid_z;   /* the features of FRAME_N^2 grid points, the net's output there */
} Run;

/* ---- small helpers ------------------------------------------------------------ */

/* An Rng for experiment k, independent of the others. */
static void experiment_rng(Rng *rng, uint64_t seed, int k)
{
    rng_seed(rng, seed * SEED_STRIDE + (uint64_t)k);
}

/* "x1, x2, x1^2" */
static char *features_text(char *buf, size_t len, unsigned mask)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int f = 0; f < PLAYGROUND_N_FEATURES; f++)
        if (mask & PLAYGROUND_BIT(f))
            n += snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? ", " : "",
                          playground_feature_name(f));
    return buf;
}

/* "4, 2", or "none" */
static char *layers_text(char *buf, size_t len, const int *hidden, int n_hidden)
{
    size_t n = 0;
    snprintf(buf, len, "none");
    for (int k = 0; k < n_hidden; k++)
        n += snprintf(buf + n, n < len ? len - n : 0, "%s%d", k ? ", " : "", hidden[k]);
    return buf;
}

static const char *metric_label(const Plane *pl)
{
    return pl->regression ? "MAE" : "accuracy";
}

/* ---- 1. The Playground ------------------------------------------------------------ */

static void lecture_playground(const Controls *c, const Plane *pl, int points, double noise,
                               double ratio, uint64_t seed)
{
    hand_section("1. TensorFlow Playground, in C");
    printf("001 ends its first page on the multi-layer perceptron with: by using\n"
           "multiple perceptrons we can capture non-linear boundaries, and a link to\n"
           "the demo at playground.tensorflow.org. There a small network learns to\n"
           "separate two classes of points on the plane while you watch its output\n"
           "form. Every control of the demo is a hyperparameter, and each is a flag\n"
           "here:\n\n");
    char feats[128], layers[64];
    features_text(feats, sizeof feats, c->features);
    layers_text(layers, sizeof layers, c->hidden, c->n_hidden);
    hand_printf("    %-22s %-14s %s\n", "control", "this run", "flag");
    hand_printf("    %-22s %-14s %s\n", "data", pl->name, "--dataset NAME, or --data FILE");
    hand_printf("    %-22s %-14d %s\n", "points", points, "--points N");
    hand_printf("    %-22s %-14v %s\n", "noise", noise, "--noise SD");
    hand_printf("    %-22s %-14v %s\n", "ratio of training data", ratio, "--ratio F");
    hand_printf("    %-22s %-14s %s\n", "features", feats, "--features LIST");
    hand_printf("    %-22s %-14s %s\n", "hidden layers", layers, "--layers LIST (or none)");
    hand_printf("    %-22s %-14s %s\n", "activation", act_name(c->act),
                "--activation relu|tanh|sigmoid|linear");
    hand_printf("    %-22s %-14v %s\n", "learning rate", c->lr, "--lr RATE");
    hand_printf("    %-22s %-14d %s\n", "batch size", c->batch, "--batch N");
    hand_printf("    %-22s %-14s %s\n", "regularization", REG_NAMES[c->reg],
                "--regularization none|l1|l2");
    hand_printf("    %-22s %-14v %s\n", "regularization rate", c->rate, "--rate LAMBDA");
    hand_printf("    %-22s %-14d %s\n", "epochs", c->epochs, "--epochs N");
    char seed_text[24];
    snprintf(seed_text, sizeof seed_text, "%" PRIu64, seed);
    hand_printf("    %-22s %-14s %s\n\n", "seed", seed_text, "--seed N");
    printf("The defaults are the Playground's own (the circle, two hidden layers of 4\n"
           "and 2 tanh units, learning rate 0.03, batches of 10, half the points for\n"
           "training). One departure: the Playground's output unit is a tanh trained\n"
           "on the squared error; here a classifier ends, as in 001's table, in a\n"
           "sigmoid trained on binary cross-entropy, and a regression in a linear\n"
           "unit trained on the mean squared error.\n\n"
           "Training follows 003's five steps:\n"
           "    1. choose the architecture (the hidden layers and their units)\n"
           "    2. initialize the weights at random (glorot_uniform, Keras' default)\n"
           "    3. forward propagation: predict and compute the loss\n"
           "    4. backpropagation: the gradient, and a gradient descent step\n"
           "    5. repeat from 3 (every batch of every epoch)\n");
}

/* ---- 2. The data ----------------------------------------------------------------- */

static const char *set_story(PlaygroundSet set)
{
    switch (set) {
    case PLAYGROUND_CIRCLE: return "class 1 inside radius 2.5, class 0 on a ring from 3.5 to 5";
    case PLAYGROUND_XOR: return "class 1 where x1 and x2 have the same sign (exclusive or)";
    case PLAYGROUND_GAUSSIANS: return "two blobs, class 1 around (2, 2), class 0 around (-2, -2)";
    case PLAYGROUND_SPIRAL: return "two spirals wound into each other";
    case PLAYGROUND_PLANE: return "a number to predict: y = (x1 + x2) / 10";
    default: return "a number to predict: six bumps of height +1 or -1";
    }
}

static void lecture_data(const Plane *pl, const char *story, int points, double ratio)
{
    hand_section("2. The data");
    const DataSplit *s = &pl->s;
    hand_printf("%s: %s.\n%d points: %d (a ratio of %v) for training, %d for testing.\n\n",
                pl->name, story, points, s->X_train->rows, ratio, s->X_test->rows);
    if (pl->own)
        hand_printf("Its columns: the inputs %s and %s, and the %s to predict, %s.\n\n",
                    pl->x1, pl->x2, pl->regression ? "number" : "class", pl->target);
    hand_printf("The first training points:\n\n    %4s  %12s  %12s  %12s\n", "i",
                pl->own ? pl->x1 : "x1", pl->own ? pl->x2 : "x2", pl->target);
    for (int i = 0; i < SHOW_POINTS && i < s->X_train->rows; i++)
        hand_printf("    %4d  %12v  %12v  %12v\n", i + 1, MAT_AT(s->X_train, i, 0),
                    MAT_AT(s->X_train, i, 1), MAT_AT(s->y_train, i, 0));
    if (!pl->regression)
        hand_printf("\nClass 1: %d of %d training points, %d of %d test points.",
                    (int)mat_sum(s->y_train), s->y_train->rows, (int)mat_sum(s->y_test),
                    s->y_test->rows);
    printf("\nThe network never sees the test points while it learns; their loss says\n"
           "how well it does on points it has not seen.\n");
}

/* ---- training runs ------------------------------------------------------------------- */

static void run_free(Run *r)
{
    net_free(r->net);
    mat_free(r->P_train);
    mat_free(r->P_test);
    mat_free(r->grid_P);
    mat_free(r->grid_z);
    for (int k = 0; k < 2; k++) {
        free(r->loss_at[k]);
        free(r->metric_at[k]);
    }
    free(r->frame_at);
    *r = (Run){0};
}

/* runs[0 .. n-1]; those never started are all zero and free nothing. */
static void runs_free(Run *runs, int n)
{
    for (int k = 0; k < n; k++)
        run_free(&runs[k]);
}

/* The features of the n x n grid points over box, row i * n + j at
 * (x0 + j dx, y0 + i dy), as a PlotGrid lays out its values. */
static Mat *grid_features(const ChapterBox *box, int n, unsigned mask)
{
    Mat *X = mat_new(n * n, 2), *P = mat_new(n * n, playground_feature_count(mask));
    if (X && P) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                MAT_AT(X, i * n + j, 0) = box->x0 + j * (box->x1 - box->x0) / (n - 1);
                MAT_AT(X, i * n + j, 1) = box->y0 + i * (box->y1 - box->y0) / (n - 1);
            }
        playground_features(P, X, mask);
    }
    mat_free(X);
    return X && P ? P : (mat_free(P), NULL);
}

/* Build the features and the net of controls c on pl, the net's weights
 * drawn from init. Returns 0, or -1 when out of memory. */
static int run_start(Run *r, const Plane *pl, const Controls *c, Rng *init, int record_all)
{
    *r = (Run){.c = *c, .plane = pl, .record_all = record_all,
               .loss = {.kind = pl->regression ? LOSS_MSE : LOSS_BCE},
               .metric = pl->regression ? METRIC_MAE : METRIC_ACCURACY};
    int nf = playground_feature_count(c->features);
    const DataSplit *s = &pl->s;
    r->P_train = mat_new(s->X_train->rows, nf);
    r->P_test = mat_new(s->X_test->rows, nf);
    int max_rows = c->batch > PANEL_N * PANEL_N ? c->batch : PANEL_N * PANEL_N;
    r->net = playground_net(&(PlaygroundNetSpec){.n_in = nf, .hidden = c->hidden,
                                                 .n_hidden = c->n_hidden, .act = c->act,
                                                 .regression = pl->regression},
                            max_rows, init);
    for (int k = 0; k < 2; k++) {
        r->loss_at[k] = calloc((size_t)c->epochs + 1, sizeof(double));
        r->metric_at[k] = calloc((size_t)c->epochs + 1, sizeof(double));
        if (!r->loss_at[k] || !r->metric_at[k])
            return -1;
    }
    if (!r->P_train || !r->P_test || !r->net)
        return -1;
    playground_features(r->P_train, s->X_train, c->features);
    playground_features(r->P_test, s->X_test, c->features);
    return 0;
}

/* Frames after the epochs round(E (k / (F - 1))^2), k = 0 .. F - 1: close
 * together early, when the surface changes fast. */
static int run_animate(Run *r, PlotFrames *frames)
{
    int E = r->c.epochs;
    r->frames = frames;
    r->frame_at = calloc((size_t)E + 1, 1);
    r->grid_P = grid_features(&r->plane->box, FRAME_N, r->c.features);
    r->grid_z = mat_new(FRAME_N * FRAME_N, 1);
    if (!r->frame_at || !r->grid_P || !r->grid_z)
        return -1;
    for (int k = 0; k < FRAMES; k++) {
        double t = (double)k / (FRAMES - 1);
        r->frame_at[(int)lround(E * t * t)] = 1;
    }
    return 0;
}

/* The values z (n^2 of them, laid out as grid_features lays out its
 * points) over the n x n grid of box b, as the plots read them. */
static PlotGrid box_grid(const ChapterBox *b, int n, const double *z)
{
    return (PlotGrid){.x0 = b->x0, .x1 = b->x1, .y0 = b->y0, .y1 = b->y1, .nx = n, .ny = n,
                      .z = z};
}

/* The net's output z (n^2 x 1) over the n x n grid of box whose features
 * are P (grid_features), added to f as a frame labelled label. */
static void add_output_frame(PlotFrames *f, Net *net, const ChapterBox *b, int n, const Mat *P,
                             Mat *z, const char *label)
{
    net_predict(net, z, P);
    PlotGrid g = box_grid(b, n, z->data);
    plot_frames_add(f, label, &g);
}

/* The net's output over the grid of the animation, as its next frame. */
static void add_frame(Run *r, int epoch)
{
    char label[160];
    snprintf(label, sizeof label, "epoch %d, training loss %.3f, test loss %.3f", epoch,
             r->loss_at[0][epoch], r->loss_at[1][epoch]);
    add_output_frame(r->frames, r->net, &r->plane->box, FRAME_N, r->grid_P, r->grid_z, label);
}

/* The Playground's numbers after epoch e: the loss (no penalty) and the
 * metric of the whole training set and of the test set, at the weights as
 * they are now. */
static void record(Run *r, int e)
{
    const DataSplit *s = &r->plane->s;
    const Mat *P[2] = {r->P_train, r->P_test}, *y[2] = {s->y_train, s->y_test};
    int slot = r->record_all ? e : e == 0 ? 0 : r->c.epochs;
    for (int k = 0; k < 2; k++) {
        EpochLog ev;
        net_evaluate(r->net, &r->loss, r->metric, P[k], y[k], &ev, NULL, 0);
        r->loss_at[k][slot] = ev.loss;
        r->metric_at[k][slot] = ev.metric;
    }
    if (r->frames && r->frame_at[e])
        add_frame(r, e);
}

static FitAction after_epoch(Net *net, const EpochLog *log, void *ctx)
{
    (void)net;
    Run *r = ctx;
    if (r->record_all || log->last)
        record(r, log->epoch);
    return FIT_CONTINUE;
}

/* Train r (run_start) with its controls, the batches shuffled by shuffle:
 * net_fit with plain SGD, the penalty, and after_epoch recording. On a
 * divergence r->diverged and r->message say where. */
static void run_fit(Run *r, Rng *shuffle)
{
    const Controls *c = &r->c;
    record(r, 0);
    FitResult res;
    FitCallback cb = {after_epoch, r};
    int rc = net_fit(r->net, &r->loss, r->P_train, r->plane->s.y_train, &(FitSpec){
        .epochs = c->epochs, .batch_size = c->batch, .lr = c->lr,
        .l1 = c->reg == REG_L1 ? c->rate : 0.0, .l2 = c->reg == REG_L2 ? c->rate : 0.0,
        .metric = r->metric, .shuffle = shuffle, .callbacks = &cb, .n_callbacks = 1}, &res);
    r->epochs = res.epochs;
    r->diverged = rc != 0;
    snprintf(r->message, sizeof r->message, "%s", res.message);
    snprintf(r->hint, sizeof r->hint, "%s", res.hint);
}

/* The divergence of r on stderr: net_fit's message, then its hint.
 * Returns CHAPTER_ERROR. */
static int diverged_error(const Run *r)
{
    chapter_error("%s", r->message);
    if (r->hint[0])
        fprintf(stderr, "hint: %s\n", r->hint);
    return CHAPTER_ERROR;
}

/* A whole run from experiment seed k: the net from seed k, the batches
 * from seed k + 1. Returns 0, or CHAPTER_ERROR when out of memory. */
static int run_train(Run *r, const Plane *pl, const Controls *c, uint64_t seed, int k,
                     int record_all)
{
    Rng init, shuffle;
    experiment_rng(&init, seed, k);
    experiment_rng(&shuffle, seed, k + 1);
    if (run_start(r, pl, c, &init, record_all) != 0)
        return chapter_error("out of memory");
    run_fit(r, &shuffle);
    return CHAPTER_OK;
}

/* A generated set of points, drawn from rng, in the Playground's window. */
static int generate_plane(Plane *pl, PlaygroundSet set, int points, double noise, double ratio,
                          Rng *rng)
{
    const double R = PLAYGROUND_RADIUS;
    *pl = (Plane){.name = playground_set_name(set), .regression = playground_is_regression(set),
                  .box = {-R, R, -R, R}};
    if (playground_data(&pl->s, rng, &(PlaygroundDataSpec){
            .set = set, .points = points, .noise = noise, .train_ratio = ratio}) != 0)
        return chapter_error("out of memory");
    return CHAPTER_OK;
}

/* A generated set of points from experiment seed k. */
static int make_plane(Plane *pl, PlaygroundSet set, int points, double noise, double ratio,
                      uint64_t seed, int k)
{
    Rng rng;
    experiment_rng(&rng, seed, k);
    return generate_plane(pl, set, points, noise, ratio, &rng);
}

/* ---- plots of a plane --------------------------------------------------------- */

/* The points of X split by the sign of their target (class 1 / class 0,
 * or y > 0 / y <= 0): x1 and x2 of the positive ones at pos[0], pos[1],
 * of the others at neg[0], neg[1], with their counts. */
typedef struct {
    double *buf;
    double *pos[2], *neg[2];
    int n_pos, n_neg;
} Split;

static int split_by_sign(Split *sp, const Mat *X, const Mat *y)
{
    int m = X->rows;
    *sp = (Split){.buf = malloc(4 * (size_t)(m > 0 ? m : 1) * sizeof(double))};
    if (!sp->buf)
        return -1;
    for (int d = 0; d < 2; d++) {
        sp->pos[d] = sp->buf + d * m;
        sp->neg[d] = sp->buf + (2 + d) * m;
    }
    for (int i = 0; i < m; i++) {
        int pos = MAT_AT(y, i, 0) > 0.0;
        int at = pos ? sp->n_pos++ : sp->n_neg++;
        for (int d = 0; d < 2; d++)
            (pos ? sp->pos[d] : sp->neg[d])[at] = MAT_AT(X, i, d);
    }
    return 0;
}

/* The points of X as two series, by the sign of y, with these styles. */
static void plot_split_points(Plot *p, const Mat *X, const Mat *y, const char *legend_pos,
                              const char *legend_neg, const char *style_pos,
                              const char *style_neg)
{
    Split sp;
    if (split_by_sign(&sp, X, y) != 0) {
        plot_fail(p, "out of memory");
        return;
    }
    plot_series(p, legend_pos, style_pos, sp.pos[0], sp.pos[1], sp.n_pos);
    plot_series(p, legend_neg, style_neg, sp.neg[0], sp.neg[1], sp.n_neg);
    free(sp.buf);
}

static const char STYLE_POS[] = "points pt 7 ps 0.8 lc rgb '#c0392b'";
static const char STYLE_NEG[] = "points pt 5 ps 0.7 lc rgb '#2e6fb5'";
static const char STYLE_POS_TEST[] = "points pt 6 ps 0.8 lc rgb '#c0392b'";
static const char STYLE_NEG_TEST[] = "points pt 4 ps 0.7 lc rgb '#2e6fb5'";

/* The same over every frame of f, marked x and o in the terminal. */
static void plot_split_points_frames(PlotFrames *f, const Mat *X, const Mat *y,
                                     const char *legend_pos, const char *legend_neg)
{
    Split sp;
    if (split_by_sign(&sp, X, y) != 0)
        return; /* no points: the frames still show the surface */
    plot_frames_points(f, legend_pos, STYLE_POS, 'x', sp.pos[0], sp.pos[1], sp.n_pos);
    plot_frames_points(f, legend_neg, STYLE_NEG, 'o', sp.neg[0], sp.neg[1], sp.n_neg);
    free(sp.buf);
}

/* The output of r's net over an n x n grid of its plane, as a frame of f. */
static void add_surface_frame(PlotFrames *f, Run *r, int n, const char *label)
{
    Mat *P = grid_features(&r->plane->box, n, r->c.features), *z = mat_new(n * n, 1);
    if (P && z)
        add_output_frame(f, r->net, &r->plane->box, n, P, z, label);
    mat_free(P);
    mat_free(z);
}

/* Legends of the two kinds of points. */
static void point_legends(const Plane *pl, const char *which, char *pos, char *neg, size_t len)
{
    if (pl->own) {
        snprintf(pos, len, pl->regression ? "%s, %s > 0" : "%s, %s = 1", which, pl->target);
        snprintf(neg, len, pl->regression ? "%s, %s <= 0" : "%s, %s = 0", which, pl->target);
        return;
    }
    snprintf(pos, len, pl->regression ? "%s, y > 0" : "%s, class 1", which);
    snprintf(neg, len, pl->regression ? "%s, y <= 0" : "%s, class 0", which);
}

/* The colour scale of the surface: p in [0, 1], or y in [-1, 1]. */
static void surface_scale(const Plane *pl, double *lo, double *hi)
{
    *lo = pl->regression ? -1.0 : 0.0;
    *hi = 1.0;
}

/* The net's output over the plane as a heat map, the boundary (p = 0.5, or
 * y = 0) as a line, the training and test points on top. */
static void plot_surface(Plotter *plotter, const char *name, const char *title, Run *r)
{
    const Plane *pl = r->plane;
    Mat *P = grid_features(&pl->box, GRID_N, r->c.features), *z = mat_new(GRID_N * GRID_N, 1);
    char settings[200], more[80], pos[64], neg[64], cblabel[96];
    double lo, hi;
    surface_scale(pl, &lo, &hi);
    if (pl->regression)
        snprintf(cblabel, sizeof cblabel, "the net's output %s", pl->own ? pl->target : "y");
    else
        snprintf(cblabel, sizeof cblabel, "the net's output p = P(%s%s)",
                 pl->own ? pl->target : "class", pl->own ? " = 1" : " 1");
    snprintf(more, sizeof more, "set cbrange [%g:%g]\nset key outside right\nset size ratio -1",
             lo, hi);
    Plot *p = plot_begin(plotter, name, &(PlotSpec){
        .title = title, .xlabel = pl->x1, .ylabel = pl->x2, .width = 1100, .height = 700,
        .cblabel = cblabel,
        .contour_style = "lines lw 2 lc rgb '#333333'",
        .settings = chapter_box_settings(settings, sizeof settings, &pl->box, more)});
    if (!P || !z) {
        plot_fail(p, "out of memory");
    } else {
        net_predict(r->net, z, P);
        PlotGrid g = box_grid(&pl->box, GRID_N, z->data);
        double level = pl->regression ? 0.0 : 0.5;
        plot_heatmap(p, &g);
        plot_contour(p, &g, &level, 1, pl->regression ? "the net's output y = 0"
                                                      : "the boundary p = 0.5");
        point_legends(pl, "training", pos, neg, sizeof pos);
        plot_split_points(p, pl->s.X_train, pl->s.y_train, pos, neg, STYLE_POS, STYLE_NEG);
        point_legends(pl, "test", pos, neg, sizeof pos);
        plot_split_points(p, pl->s.X_test, pl->s.y_test, pos, neg, STYLE_POS_TEST,
                          STYLE_NEG_TEST);
    }
    plot_end(p);
    mat_free(P);
    mat_free(z);
}

/* ---- 3. Input features -------------------------------------------------------------- */

/* The seven features of the point (x1, x2), worked out. */
static void print_features(double x1, double x2)
{
    hand_printf("    %-8s = %v\n", "x1", x1);
    hand_printf("    %-8s = %v\n", "x2", x2);
    hand_printf("    %-8s = %v x %v = %v\n", "x1^2", x1, x1,
                playground_feature(PLAYGROUND_X1_SQ, x1, x2));
    hand_printf("    %-8s = %v x %v = %v\n", "x2^2", x2, x2,
                playground_feature(PLAYGROUND_X2_SQ, x1, x2));
    hand_printf("    %-8s = %v x %v = %v\n", "x1*x2", x1, x2,
                playground_feature(PLAYGROUND_X1_X2, x1, x2));
    hand_printf("    %-8s = sin(%v) = %v\n", "sin(x1)", x1,
                playground_feature(PLAYGROUND_SIN_X1, x1, x2));
    hand_printf("    %-8s = sin(%v) = %v\n", "sin(x2)", x2,
                playground_feature(PLAYGROUND_SIN_X2, x1, x2));
}

/* One neuron (no hidden layer) on the given features: its weights and
 * what it learned. */
static void print_neuron(const Run *r, const char *feats)
{
    const Layer *L = r->net->layers[0];
    hand_printf("  %-12s test accuracy %v\n      p = sigmoid(", feats, r->metric_at[1][r->c.epochs]);
    for (int f = 0, i = 0; f < PLAYGROUND_N_FEATURES; f++)
        if (r->c.features & PLAYGROUND_BIT(f)) {
            hand_printf(i ? "%+v %s" : "%v %s", L->W->data[i], playground_feature_name(f));
            i++;
        }
    hand_printf("%+v)\n", L->b->data[0]);
}

/* The boundary w1 x1^2 + w2 x2^2 + b = 0 of the circle's neuron. */
static void print_ellipse(const Run *r)
{
    const Layer *L = r->net->layers[0];
    double w1 = L->W->data[0], w2 = L->W->data[1], b = L->b->data[0];
    hand_printf("\nIts boundary, p = 0.5 where w1 x1^2 + w2 x2^2 + b = 0, is an ellipse:\n"
                "    x1^2 / (-b / w1) + x2^2 / (-b / w2) = 1\n");
    if (-b / w1 > 0 && -b / w2 > 0) {
        double a1 = sqrt(-b / w1), a2 = sqrt(-b / w2);
        hand_printf("    half-axes sqrt(b / -w1) = sqrt(%v / %v) = %v and\n"
                    "              sqrt(b / -w2) = sqrt(%v / %v) = %v\n",
                    b, -w1, a1, b, -w2, a2);
        int between = a1 > 2.5 && a1 < 3.5 && a2 > 2.5 && a2 < 3.5;
        printf("%s the inner class (radius up to 2.5) and the ring (from 3.5).\n",
               between ? "Both lie between" : "The classes lie");
    } else
        printf("    (not here: -b / w1 and -b / w2 are not both positive)\n");
}

/* The boundary w x1 x2 + b = 0 of XOR's neuron. */
static void print_hyperbola(const Run *r)
{
    const Layer *L = r->net->layers[0];
    double w = L->W->data[0], b = L->b->data[0];
    hand_printf("\nIts boundary, w x1 x2 + b = 0, is the hyperbola\n"
                "    x1 x2 = -b / w = %v / %v = %v\n"
                "which hugs the axes, where the class changes.\n", -b, w, -b / w);
}

/* Side by side: the neuron on x1, x2 and on the made feature(s). */
static void plot_neurons_side_by_side(Plotter *plotter, const char *name, const char *title,
                                      Run *runs, const char *const *labels)
{
    const Plane *pl = runs[0].plane;
    char settings[160], pos[64], neg[64];
    PlotFrames *f = plot_frames_begin(plotter, name, &(PlotSpec){
        .title = title, .xlabel = "x1", .ylabel = "x2", .width = 1200, .height = 560,
        .cblabel = "p", .settings = chapter_box_settings(settings, sizeof settings, &pl->box,
                                                         "set key bottom left font ',8'")},
        &(PlotFramesSpec){.rows = 1, .cols = 2, .lo = 0, .hi = 1, .text_cols = 36,
                          .text_rows = 14});
    point_legends(pl, "training", pos, neg, sizeof pos);
    plot_split_points_frames(f, pl->s.X_train, pl->s.y_train, pos, neg);
    for (int k = 0; k < 2; k++)
        add_surface_frame(f, &runs[k], FRAME_N, labels[k]);
    plot_frames_end(f);
}

static int feature_lesson(Plotter *plotter, PlaygroundSet set, unsigned made, uint64_t seed,
                          int k)
{
    Plane pl;
    if (make_plane(&pl, set, POINTS, 0.0, RATIO, seed, k) != CHAPTER_OK)
        return CHAPTER_ERROR;
    Controls c = {.act = ACT_TANH, .lr = LR, .batch = BATCH, .epochs = EPOCHS};
    Run runs[2] = {0};
    unsigned masks[2] = {PLAYGROUND_XY, made};
    char feats[2][64];
    int rc = CHAPTER_OK;
    for (int v = 0; v < 2 && rc == CHAPTER_OK; v++) {
        c.features = masks[v];
        features_text(feats[v], sizeof feats[v], masks[v]);
        rc = run_train(&runs[v], &pl, &c, seed, k + 1, 0);
    }
    if (rc == CHAPTER_OK) {
        hand_printf("\n%s, %d points (half for training), one sigmoid neuron, %d epochs:\n\n",
                    pl.name, POINTS, EPOCHS);
        for (int v = 0; v < 2; v++)
            print_neuron(&runs[v], feats[v]);
        if (set == PLAYGROUND_CIRCLE)
            print_ellipse(&runs[1]);
        else
            print_hyperbola(&runs[1]);
        char name[32], title[256], labels[2][192];
        snprintf(name, sizeof name, "features_%s", pl.name);
        snprintf(title, sizeof title, "%s: one sigmoid neuron on %s (left) and on %s (right), "
                 "its output p over the plane", pl.name, feats[0], feats[1]);
        for (int v = 0; v < 2; v++)
            snprintf(labels[v], sizeof labels[v], "%s: test accuracy %.3g", feats[v],
                     runs[v].metric_at[1][EPOCHS]);
        const char *label[] = {labels[0], labels[1]};
        plot_neurons_side_by_side(plotter, name, title, runs, label);
    }
    runs_free(runs, 2);
    data_split_free(&pl.s);
    return rc;
}

static int lecture_features(Plotter *plotter, const Plane *pl, uint64_t seed)
{
    hand_section("3. Input features");
    printf("The Playground feeds the network up to seven features of a point instead of\n"
           "its two coordinates. For the first training point:\n\n");
    print_features(MAT_AT(pl->s.X_train, 0, 0), MAT_AT(pl->s.X_train, 0, 1));
    printf("\nA single neuron, p = sigmoid(w . features + b), draws one boundary where\n"
           "w . features + b = 0: a straight line in the plane when the features are x1\n"
           "and x2. The right features bend it. On the circle, x1^2 and x2^2 turn the\n"
           "boundary into an ellipse; on XOR, x1 x2 alone says which class a point is in\n"
           "(its sign). Trained from the same start for each pair of features:\n");
    if (feature_lesson(plotter, PLAYGROUND_CIRCLE,
                       PLAYGROUND_BIT(PLAYGROUND_X1_SQ) | PLAYGROUND_BIT(PLAYGROUND_X2_SQ), seed,
                       10) != CHAPTER_OK ||
        feature_lesson(plotter, PLAYGROUND_XOR, PLAYGROUND_BIT(PLAYGROUND_X1_X2), seed, 20) !=
            CHAPTER_OK)
        return CHAPTER_ERROR;
    printf("\nChoosing such features by hand is feature engineering. A hidden layer does\n"
           "it by itself: its units compute features of the inputs, and training picks\n"
           "them (003: deep learning as \"automated feature engineering\"). That is what\n"
           "the Playground's default network does with x1 and x2 alone.\n");
    return CHAPTER_OK;
}

/* ---- 4. The network and its objective -------------------------------------------------- */

static void lecture_network(const Run *r)
{
    hand_section("4. The network and its objective");
    const Net *net = r->net;
    char feats[128];
    hand_printf("Inputs: the %d features (%s). Then, layer by layer, with W of shape\n"
                "(n_in x n_out) and one bias a unit, n_in n_out + n_out parameters:\n\n",
                net->n_in, features_text(feats, sizeof feats, r->c.features));
    int total = 0;
    for (int k = 0; k < net->n_layers; k++) {
        const Layer *L = net->layers[k];
        int n = L->n_in * L->n_out + L->n_out;
        char dense[40];
        snprintf(dense, sizeof dense, "Dense(%d, %s)", L->n_out, act_name(L->act.kind));
        hand_printf("    %-8s %-18s %d x %d + %d = %d\n",
                    k < net->n_layers - 1 ? "hidden" : "output", dense, L->n_in, L->n_out,
                    L->n_out, n);
        total += n;
    }
    hand_printf("    %-8s %-18s %d parameters\n\nKeras' model.summary():\n\n", "total", "", total);
    net_summary(net, stdout);
    hand_printf("\nThe cost is the mean loss over the training points (%s),\n"
                "plus a penalty on the weights when the regularization control is on\n"
                "(001):\n\n"
                "    E(w, b) = 1/n sum_i L(y_i, f(x_i)) + lambda R(w)\n"
                "    L1: R(w) = sum |w|,   dR/dw = sign(w)\n"
                "    L2: R(w) = sum w^2,   dR/dw = 2 w\n\n"
                "lambda >= 0 sets how strongly (001: \"a non-negative hyperparameter that\n"
                "controls the regularization strength\"). R covers the weights W, not the\n"
                "biases. One step of gradient descent on a weight:\n\n",
                r->plane->regression ? "mean squared error" : "binary cross-entropy");
    double eta = LR, lambda = RATE, w = HAND_W, g = HAND_G;
    hand_printf("    w = %v, dL/dw = %v, eta = %v, lambda = %v:\n", w, g, eta, lambda);
    hand_printf("    none: w - eta dL/dw                    = %v - %v x %v = %v\n", w, eta, g,
                w - eta * g);
    hand_printf("    L1:   w - eta (dL/dw + lambda sign(w)) = %v - %v x (%v + %v)\n"
                "                                           = %v\n", w, eta, g, lambda,
                w - eta * (g + lambda));
    hand_printf("    L2:   w - eta (dL/dw + 2 lambda w)     = %v - %v x (%v + %v)\n"
                "                                           = %v\n", w, eta, g, 2 * lambda * w,
                w - eta * (g + 2 * lambda * w));
    double s = HAND_SMALL_W;
    hand_printf("\nThe penalty alone (dL/dw = 0) on a small weight w = %v subtracts\n"
                "    L1: eta lambda sign(w) = %v x %v x %v = %v,   w = %v\n"
                "    L2: eta 2 lambda w     = %v x %v x %v = %v,   w = %v\n"
                "L1 pulls every weight towards 0 by the same step, however small the weight,\n"
                "so small weights reach 0; L2 shrinks each in proportion to its size.\n",
                s, eta, lambda, -1.0, eta * lambda * -1.0, s - eta * lambda * -1.0, eta,
                2 * lambda, s, eta * 2 * lambda * s, s - eta * 2 * lambda * s);
    if (r->c.reg == REG_NONE)
        printf("This run has no regularization (lambda = 0); section 8 turns it on.\n");
    else
        hand_printf("This run: %s with lambda = %v.\n", r->c.reg == REG_L1 ? "L1" : "L2",
                    r->c.rate);
}

/* ---- 5. Training: the surface forms ----------------------------------------------- */

/* Epochs to list: 0, 1, 2, 5, 10, 20, 50, ... below the last, and the last. */
static int table_epochs(int last, int *out, int max)
{
    static const int ladder[] = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000};
    int n = 0;
    for (int k = 0; k < 12 && n < max - 1 && ladder[k] < last; k++)
        out[n++] = ladder[k];
    out[n++] = last;
    return n;
}

static void plot_losses(Plotter *plotter, const Run *r)
{
    ChapterCurve curves[] = {
        {.legend = "training loss", .y = r->loss_at[0], .n = r->epochs + 1,
         .style = "lines lw 2 lc rgb '#2e6fb5'"},
        {.legend = "test loss", .y = r->loss_at[1], .n = r->epochs + 1,
         .style = "lines lw 2 dt 2 lc rgb '#c0392b'"},
    };
    chapter_plot_curves(plotter, "loss", &(PlotSpec){
        .title = "Training and test loss, epoch by epoch (the Playground's two numbers)",
        .xlabel = "epoch", .ylabel = r->plane->regression ? "mean squared error"
                                                          : "binary cross-entropy",
        .settings = "set key top right"}, curves, 2);
}

/* Train the main run, drawing its surface as it forms (a GIF; text in the
 * terminal with --plots=dumb). */
static int train_watched(Plotter *plotter, Run *r, Rng *shuffle)
{
    PlotFrames *f = NULL;
    char pos[64], neg[64], settings[160]; /* read again by plot_frames_end */
    if (plotter->format != PLOT_NONE) {
        double lo, hi;
        surface_scale(r->plane, &lo, &hi);
        f = plot_frames_begin(plotter, "forming", &(PlotSpec){
            .title = "The surface forming", .xlabel = r->plane->x1, .ylabel = r->plane->x2,
            .width = 760,
            .height = 600, .cblabel = r->plane->regression ? "y" : "p",
            .settings = chapter_box_settings(settings, sizeof settings, &r->plane->box,
                                             "set key bottom left")},
            &(PlotFramesSpec){.delay = FRAME_DELAY, .lo = lo, .hi = hi,
                              .text_every = TEXT_EVERY});
        point_legends(r->plane, "training", pos, neg, sizeof pos);
        plot_split_points_frames(f, r->plane->s.X_train, r->plane->s.y_train, pos, neg);
        if (run_animate(r, f) != 0) {
            plot_frames_end(f);
            return chapter_error("out of memory");
        }
    }
    run_fit(r, shuffle);
    plot_frames_end(f);
    r->frames = NULL;
    return CHAPTER_OK;
}

static int lecture_training(Plotter *plotter, Run *r, Rng *shuffle)
{
    hand_section("5. Training: the surface forms");
    const Controls *c = &r->c;
    int m = r->plane->s.X_train->rows;
    int batch = c->batch < m ? c->batch : m;
    hand_printf("Gradient descent on batches of %d (%d updates an epoch), eta = %v, %d\n"
                "epochs, the batches shuffled every epoch. After each epoch the Playground\n"
                "shows two numbers: the loss of the whole training set and of the test\n"
                "set, at the weights as they are then (without the penalty):\n\n",
                batch, (m + batch - 1) / batch, c->lr, c->epochs);
    if (train_watched(plotter, r, shuffle) != CHAPTER_OK)
        return CHAPTER_ERROR;
    if (r->diverged)
        return diverged_error(r);
    const char *metric = metric_label(r->plane);
    int rows[16];
    int n = table_epochs(r->epochs, rows, 16);
    hand_printf("    %5s  %14s  %14s  %14s  %14s\n", "epoch", "training loss", "test loss",
                r->plane->regression ? "training MAE" : "training acc.",
                r->plane->regression ? "test MAE" : "test acc.");
    for (int k = 0; k < n; k++) {
        int e = rows[k];
        hand_printf("    %5d  %14v  %14v  %14v  %14v\n", e, r->loss_at[0][e], r->loss_at[1][e],
                    r->metric_at[0][e], r->metric_at[1][e]);
    }
    int E = r->epochs;
    hand_printf("\nAfter %d epochs: test loss %v, test %s %v", E, r->loss_at[1][E], metric,
                r->metric_at[1][E]);
    if (!r->plane->regression)
        hand_printf("\n(%d of the %d test points right)", (int)lround(r->metric_at[1][E] *
                    r->plane->s.X_test->rows), r->plane->s.X_test->rows);
    hand_printf(".\n");
    if (c->reg != REG_NONE) {
        double R = c->reg == REG_L1 ? net_l1(r->net) : net_l2(r->net);
        hand_printf("The penalty: lambda R(w) = %v x %v = %v.\n", c->rate, R, c->rate * R);
    }
    printf("\nsurface.png shows the trained net's output over the plane, forming.gif\n"
           "how it formed, loss.png the two losses.\n");
    char title[200], layers[64];
    snprintf(title, sizeof title, "%s, hidden layers %s (%s), %d epochs: the net's output over "
             "the plane", r->plane->name, layers_text(layers, sizeof layers, c->hidden,
             c->n_hidden), act_name(c->act), r->epochs);
    plot_surface(plotter, "surface", title, r);
    plot_losses(plotter, r);
    return CHAPTER_OK;
}

/* ---- 6. What every unit computes ------------------------------------------------------- */

/* z = sum_i a_i W_ij + b_j, in the library's order (a sum from 0, then + b). */
static double unit_z(const Layer *L, const double *a, int j)
{
    double z = 0.0;
    for (int i = 0; i < L->n_in; i++)
        z += a[i] * MAT_AT(L->W, i, j);
    return z + L->b->data[j];
}

/* The forward pass of one point through r's net, unit by unit, written
 * out for the first unit of each layer. Returns the output. */
static double forward_by_hand(const Run *r, const double *features)
{
    const Net *net = r->net;
    double a[PLAYGROUND_MAX_UNITS + PLAYGROUND_N_FEATURES], next[PLAYGROUND_MAX_UNITS];
    memcpy(a, features, (size_t)net->n_in * sizeof *a);
    for (int k = 0; k < net->n_layers; k++) {
        const Layer *L = net->layers[k];
        int out = k == net->n_layers - 1;
        const char *act = act_name(L->act.kind);
        if (out)
            hand_printf("output (%s):\n", act);
        else
            hand_printf("hidden layer %d (%s):\n", k + 1, act);
        for (int j = 0; j < L->n_out; j++) {
            double z = unit_z(L, a, j);
            next[j] = act_value(&L->act, z);
            if (j == 0) { /* two terms a line */
                hand_printf("    z = ");
                for (int i = 0; i < L->n_in; i++)
                    hand_printf(i == 0 ? "%v x %v" : i % 2 ? "%+v x %v" : "\n       %+v x %v",
                                MAT_AT(L->W, i, j), a[i]);
                hand_printf(L->n_in % 2 ? "%+v\n      = %v\n" : "\n       %+v = %v\n",
                            L->b->data[j], z);
            }
            hand_printf("    unit %d: z = %14v   %s(z) = %v\n", j + 1, z, act, next[j]);
        }
        memcpy(a, next, (size_t)L->n_out * sizeof *a);
    }
    return a[0];
}

/* First-layer units on x1 and x2 alone: the line each one steps across. */
static void print_unit_lines(const Run *r)
{
    const Layer *L = r->net->layers[0];
    static const char *const shape[] = {
        [ACT_TANH] = "a soft step from -1 to 1", [ACT_SIGMOID] = "a soft step from 0 to 1",
        [ACT_RELU] = "0 on one side, a ramp on the other", [ACT_LINEAR] = "a tilted plane"};
    hand_printf("\nEach unit of the first layer is %s(w1 x1 + w2 x2 + b): constant along the\n"
                "lines w1 x1 + w2 x2 = const, changing across them. Across the line\n"
                "w1 x1 + w2 x2 + b = 0 it is %s:\n\n", act_name(r->c.act),
                shape[r->c.act]);
    for (int j = 0; j < L->n_out; j++) {
        double w1 = MAT_AT(L->W, 0, j), w2 = MAT_AT(L->W, 1, j), b = L->b->data[j];
        hand_printf("    unit %d: %v x1%+v x2%+v = 0\n", j + 1, w1, w2, b);
        if (fabs(w2) > 1e-12 * fabs(w1))
            hand_printf("            x2 = %v x1%+v\n", -w1 / w2, -b / w2);
        else
            hand_printf("            x1 = %v\n", -b / w1);
    }
}

/* neurons.png: a panel per hidden unit, its output over the plane, a row a layer. */
static void plot_units(Plotter *plotter, Run *r)
{
    const Net *net = r->net;
    int n_hidden = net->n_layers - 1, width = 1;
    if (n_hidden < 1 || plotter->format == PLOT_NONE)
        return;
    for (int k = 0; k < n_hidden; k++)
        width = net->layers[k]->n_out > width ? net->layers[k]->n_out : width;
    ActKind act = r->c.act;
    int bounded = act == ACT_TANH || act == ACT_SIGMOID;
    double lo = act == ACT_SIGMOID || act == ACT_RELU ? 0.0 : -1.0;
    char title[200], settings[160];
    snprintf(title, sizeof title, "What every hidden unit computes (%s%s), a row a layer",
             act_name(act), bounded ? "" : ", each unit's output over its largest size");
    PlotFrames *f = plot_frames_begin(plotter, "neurons", &(PlotSpec){
        .title = title, .xlabel = r->plane->x1, .ylabel = r->plane->x2,
        .width = 270 * width + 160,
        .height = 250 * n_hidden + 80, .cblabel = "unit's output",
        .settings = chapter_box_settings(settings, sizeof settings, &r->plane->box,
                                         "set xtics 3\nset ytics 3")},
        &(PlotFramesSpec){.rows = n_hidden, .cols = width, .lo = lo, .hi = 1.0});
    Mat *P = grid_features(&r->plane->box, PANEL_N, r->c.features);
    double *z = malloc((size_t)PANEL_N * PANEL_N * sizeof *z);
    if (P && z) {
        net_forward(r->net, P); /* every A^[k] over the grid */
        PlotGrid g = box_grid(&r->plane->box, PANEL_N, z);
        for (int k = 0; k < n_hidden; k++) {
            Mat A = net_activation(net, k + 1);
            for (int j = 0; j < width; j++) {
                if (j >= A.cols) {
                    plot_frames_add(f, NULL, NULL);
                    continue;
                }
                double top = 0.0;
                for (int i = 0; i < A.rows; i++)
                    top = fmax(top, fabs(MAT_AT(&A, i, j)));
                for (int i = 0; i < A.rows; i++)
                    z[i] = bounded || top == 0.0 ? MAT_AT(&A, i, j) : MAT_AT(&A, i, j) / top;
                char label[48];
                snprintf(label, sizeof label, "layer %d, unit %d", k + 1, j + 1);
                plot_frames_add(f, label, &g);
            }
        }
    }
    plot_frames_end(f);
    mat_free(P);
    free(z);
}

static void lecture_units(Plotter *plotter, Run *r)
{
    hand_section("6. What every unit computes");
    const Plane *pl = r->plane;
    double x1 = MAT_AT(pl->s.X_test, 0, 0), x2 = MAT_AT(pl->s.X_test, 0, 1);
    double phi[PLAYGROUND_N_FEATURES];
    Mat X = {1, 2, (double[]){x1, x2}}, P = {1, r->net->n_in, phi};
    playground_features(&P, &X, r->c.features);
    hand_printf("The trained net, forward, for the first test point\n"
                "    x = (%v, %v), %s %v\n"
                "(001's forward propagation: z = a w + b, a = act(z), layer by layer; the\n"
                "sum written out for the first unit of each layer):\n\n", x1, x2,
                pl->regression ? "y =" : "class", MAT_AT(pl->s.y_test, 0, 0));
    double out = forward_by_hand(r, phi);
    double lib = net_forward(r->net, &P)->data[0];
    if (pl->regression)
        hand_printf("\nThe net predicts y = %v (the target is %v).\n", out,
                    MAT_AT(pl->s.y_test, 0, 0));
    else
        hand_printf("\nThe net says p = %v: class %d.\n", out, out >= 0.5);
    hand_printf("The library's forward pass gives %v (a difference of %v).\n", lib, out - lib);
    if (r->c.features == PLAYGROUND_XY && r->c.n_hidden > 0)
        print_unit_lines(r);
    if (r->c.n_hidden > 1)
        printf("\nThe next layer adds such steps up, each with its own weight, and bends the\n"
               "sum through the activation again: a region bounded by several lines,\n"
               "rounded at the corners. 003 describes the boundary so: \"multiple connected\n"
               "curves\", each free to move and change its curvature. The output unit does\n"
               "the same once more.\n");
    if (r->c.n_hidden > 0)
        printf("\nneurons.png draws every hidden unit's output over the plane, as the\n"
               "Playground draws it inside each neuron.\n");
    else
        printf("Without hidden layers the output unit is the whole network.\n");
    plot_units(plotter, r);
}

/* ---- 7. Improving the network: one change at a time ------------------------------------ */

#define MAX_VARIANTS 16

typedef struct {
    char what[64];
    Controls c;
} Variant;

/* The controls of base with one change each. */
static int make_variants(const Controls *base, int m_train, Variant *v)
{
    int n = 0;
    static const ActKind acts[] = {ACT_RELU, ACT_TANH, ACT_SIGMOID, ACT_LINEAR};
    if (base->n_hidden > 0) {
        v[n] = (Variant){"no hidden layer", *base};
        v[n++].c.n_hidden = 0;
        for (int k = 0; k < 4; k++)
            if (acts[k] != base->act) {
                v[n] = (Variant){"", *base};
                snprintf(v[n].what, sizeof v[n].what, "activation %s", act_name(acts[k]));
                v[n++].c.act = acts[k];
            }
    }
    if (base->n_hidden < PLAYGROUND_MAX_LAYERS) {
        v[n] = (Variant){"one more hidden layer", *base};
        v[n].c.hidden[base->n_hidden] = base->n_hidden ? base->hidden[base->n_hidden - 1] : 4;
        snprintf(v[n].what, sizeof v[n].what, "one more hidden layer (%d)",
                 v[n].c.hidden[base->n_hidden]);
        v[n++].c.n_hidden++;
    }
    static const double lr_factor[] = {0.1, 10.0};
    for (int k = 0; k < 2; k++) {
        v[n] = (Variant){"", *base};
        v[n].c.lr = base->lr * lr_factor[k];
        char rate[32];
        hand_fmt(rate, sizeof rate, v[n].c.lr);
        snprintf(v[n].what, sizeof v[n].what, "learning rate %s", rate);
        n++;
    }
    if (base->batch != 1) {
        v[n] = (Variant){"batch size 1 (stochastic)", *base};
        v[n++].c.batch = 1;
    }
    if (base->batch < m_train) {
        v[n] = (Variant){"", *base};
        snprintf(v[n].what, sizeof v[n].what, "batch size %d (the whole set)", m_train);
        v[n++].c.batch = m_train;
    }
    unsigned all = (1u << PLAYGROUND_N_FEATURES) - 1;
    if (base->features != all) {
        v[n] = (Variant){"all seven features", *base};
        v[n++].c.features = all;
    }
    v[n] = (Variant){"", *base};
    if (base->reg == REG_NONE) {
        snprintf(v[n].what, sizeof v[n].what, "L2, lambda %g", RATE);
        v[n].c.reg = REG_L2;
        v[n++].c.rate = RATE;
    } else {
        snprintf(v[n].what, sizeof v[n].what, "no regularization");
        v[n].c.reg = REG_NONE;
        v[n++].c.rate = 0.0;
    }
    return n;
}

static void print_variant_row(const char *what, const Run *r)
{
    int E = r->c.epochs;
    if (r->diverged)
        hand_printf("    %-30s %s\n", what, "diverged (the loss grew 1000-fold or stopped being finite)");
    else
        hand_printf("    %-30s %14v %14v %14v\n", what, r->loss_at[0][E], r->loss_at[1][E],
                    r->metric_at[1][E]);
}

static int lecture_tuning(const Run *base, uint64_t seed)
{
    hand_section("7. Improving the network: one change at a time");
    const Plane *pl = base->plane;
    int m = pl->s.X_train->rows;
    printf("001's last section asks how to improve the performance of a network, and\n"
           "answers first: fine-tune its hyperparameters, the Playground's controls.\n"
           "Change one at a time, everything else as in section 5 (the same data, the\n"
           "same first weights where the shapes agree, the same batches), and judge\n"
           "each change by the test set, which training never sees:\n\n");
    Variant v[MAX_VARIANTS];
    int n = make_variants(&base->c, m, v);
    hand_printf("    %-30s %14s %14s %14s\n", "change", "training loss", "test loss",
                pl->regression ? "test MAE" : "test accuracy");
    print_variant_row("none (section 5)", base);
    Run r[MAX_VARIANTS] = {0};
    int rc = CHAPTER_OK, batch_1 = -1, batch_all = -1;
    for (int k = 0; k < n && rc == CHAPTER_OK; k++) {
        rc = run_train(&r[k], pl, &v[k].c, seed, 1, 0);
        if (rc == CHAPTER_OK)
            print_variant_row(v[k].what, &r[k]);
        batch_1 = v[k].c.batch == 1 && v[k].c.batch != base->c.batch ? k : batch_1;
        batch_all = v[k].c.batch == m && v[k].c.batch != base->c.batch ? k : batch_all;
    }
    if (rc == CHAPTER_OK && batch_1 >= 0 && batch_all >= 0 && !r[batch_1].diverged &&
        !r[batch_all].diverged) {
        int E = base->c.epochs;
        double l1 = r[batch_1].loss_at[0][E], lb = base->loss_at[0][E],
               la = r[batch_all].loss_at[0][E];
        hand_printf("\nThe batch size: after the same %d epochs the training loss is\n"
                    "    %14v  batch 1, %d updates an epoch\n"
                    "    %14v  batch %d, %d updates an epoch\n"
                    "    %14v  the whole set, 1 update an epoch\n",
                    E, l1, m, lb, base->c.batch, (m + base->c.batch - 1) / base->c.batch, la);
        if (l1 < lb && lb < la)
            printf("Per epoch, smaller batches got further: counted in epochs, SGD converges\n"
                   "first, then mini-batch, then batch gradient descent (001 writes \"SGD <\n"
                   "MBGD < SGD\", see Errata), while an epoch of batch GD takes the least\n"
                   "time.\n");
        else
            printf("Here the order is not SGD, then mini-batch, then batch: with these\n"
                   "settings a step size that suits one batch size does not suit the others.\n");
    }
    if (rc == CHAPTER_OK && base->c.n_hidden > 0)
        printf("\nA linear activation makes the hidden layers linear maps, and linear maps\n"
               "compose to one linear map (003, chapter 03): the net can draw no more than\n"
               "the net without hidden layers, whatever its size.\n");
    runs_free(r, n);
    return rc;
}

/* ---- 8. Overfitting, and what L1 and L2 do -------------------------------------------- */

/* Section 8's three runs: without a penalty, with L2 and with L1. */
enum { N_OVERFIT = 3 };
static const Reg OVERFIT_REGS[N_OVERFIT] = {REG_NONE, REG_L2, REG_L1};
static const char *const OVERFIT_NAMES[N_OVERFIT] = {"none", "L2", "L1"};

typedef struct {
    double l2;   /* sum of w^2 over the kernels */
    int small;   /* kernel weights with |w| < SMALL_WEIGHT */
    int count;   /* kernel weights */
} WeightStats;

static WeightStats weight_stats(const Net *net)
{
    WeightStats ws = {.l2 = net_l2(net)};
    for (int p = 0; p < net->n_params; p++) {
        const Param *q = &net->params[p];
        if (!q->decay)
            continue;
        for (int i = 0; i < q->value->rows * q->value->cols; i++)
            ws.small += fabs(q->value->data[i]) < SMALL_WEIGHT;
        ws.count += q->value->rows * q->value->cols;
    }
    return ws;
}

/* The epoch of the lowest test loss. */
static int best_test_epoch(const Run *r)
{
    int best = 0;
    for (int e = 1; e <= r->epochs; e++)
        if (r->loss_at[1][e] < r->loss_at[1][best])
            best = e;
    return best;
}

static void plot_overfit(Plotter *plotter, const Run *runs, const char *const *names)
{
    static const char *colour[] = {"#c0392b", "#2e6fb5", "#1b7837"};
    ChapterCurve curves[6];
    char legend[6][64], style[6][64];
    for (int k = 0; k < 3; k++)
        for (int t = 0; t < 2; t++) {
            int c = 2 * k + t;
            snprintf(legend[c], sizeof legend[c], "%s: %s loss", names[k], t ? "test" : "training");
            snprintf(style[c], sizeof style[c], "lines lw 2 lc rgb '%s'%s", colour[k],
                     t ? " dt 2" : "");
            curves[c] = (ChapterCurve){.legend = legend[c], .style = style[c],
                                       .y = runs[k].loss_at[t], .n = runs[k].epochs + 1};
        }
    chapter_plot_curves(plotter, "overfit", &(PlotSpec){
        .title = "Noisy XOR from 50 points: the training loss falls, the test loss turns up",
        .xlabel = "epoch", .ylabel = "binary cross-entropy (without the penalty)",
        .settings = "set key top right"}, curves, 6);
}

/* The net of section 8 on pl, trained without a penalty, with L2 and with
 * L1, each from the same start. CHAPTER_OK, or CHAPTER_ERROR after a
 * message. */
static int train_overfit_runs(Run runs[N_OVERFIT], const Plane *pl, uint64_t seed)
{
    Controls c = {.features = PLAYGROUND_XY, .act = ACT_TANH, .lr = OVERFIT_LR, .batch = BATCH,
                  .epochs = OVERFIT_EPOCHS};
    c.n_hidden = playground_layers_parse(OVERFIT_LAYERS, c.hidden, PLAYGROUND_MAX_LAYERS, NULL, 0);
    for (int k = 0; k < N_OVERFIT; k++) {
        c.reg = OVERFIT_REGS[k];
        c.rate = OVERFIT_REGS[k] == REG_NONE ? 0.0 : OVERFIT_RATE;
        if (run_train(&runs[k], pl, &c, seed, 31, 1) != CHAPTER_OK)
            return CHAPTER_ERROR;
    }
    return CHAPTER_OK;
}

/* The three runs' losses and accuracies after the last epoch, then their
 * weights and the epoch of the lowest test loss. */
static void print_overfit_tables(const Run runs[N_OVERFIT])
{
    int E = OVERFIT_EPOCHS;
    hand_printf("After %d epochs:\n\n    %-7s %14s %14s %10s %10s\n", E, "penalty",
                "training loss", "test loss", "train acc.", "test acc.");
    for (int k = 0; k < N_OVERFIT; k++)
        hand_printf("    %-7s %14v %14v %10v %10v\n", OVERFIT_NAMES[k], runs[k].loss_at[0][E],
                    runs[k].loss_at[1][E], runs[k].metric_at[0][E], runs[k].metric_at[1][E]);
    hand_printf("\nThe weights (the %d kernel weights, biases aside), and the epoch of the\n"
                "lowest test loss:\n\n    %-7s %14s %16s %11s\n",
                weight_stats(runs[0].net).count, "penalty", "sum of w^2", "|w| < 0.01",
                "best epoch");
    for (int k = 0; k < N_OVERFIT; k++) {
        WeightStats ws = weight_stats(runs[k].net);
        hand_printf("    %-7s %14v %16d %11d\n", OVERFIT_NAMES[k], ws.l2, ws.small,
                    best_test_epoch(&runs[k]));
    }
}

/* What the run without a penalty did (learned the noise, or not yet), and
 * what the penalties do about it. */
static void print_overfit_verdict(const Run *none)
{
    int E = OVERFIT_EPOCHS;
    int best = best_test_epoch(none);
    if (best < E && none->loss_at[1][E] > none->loss_at[1][best])
        hand_printf("\nWithout a penalty the net learns the noise: its training loss falls to\n"
                    "%v, but its test loss is lowest after epoch %d (%v)\n"
                    "and then rises to %v. The training loss alone would say \"keep\n"
                    "going\". So 003's fifth step, \"keep on doing it till you stabilise your\n"
                    "training loss to the min possible (min Val loss)\", has to watch the\n"
                    "validation loss, not the training loss: their minima lie far apart (see\n"
                    "Errata; chapter 11 stops training early, at the validation minimum).\n",
                    none->loss_at[0][E], best, none->loss_at[1][best], none->loss_at[1][E]);
    else
        hand_printf("\nWithout a penalty the test loss was still at its lowest after the last\n"
                    "epoch (%v): with this seed the net has not yet started to learn\n"
                    "the noise.\n", none->loss_at[1][E]);
    printf("\nThe penalties trade a higher training loss for smaller weights: L2 shrinks\n"
           "all of them, L1 sets many to (nearly) zero. Both give the net less room to\n"
           "bend around single noisy points; compare the test losses above, and\n"
           "overfit.png.\n");
}

static int lecture_overfitting(Plotter *plotter, uint64_t seed)
{
    hand_section("8. Overfitting, and what L1 and L2 do about it");
    Plane pl;
    if (make_plane(&pl, PLAYGROUND_XOR, OVERFIT_POINTS, OVERFIT_NOISE, OVERFIT_RATIO, seed,
                   30) != CHAPTER_OK)
        return CHAPTER_ERROR;
    hand_printf("XOR with noise %v (the points jittered across the axes, so some lie on the\n"
                "wrong side), and only %v of %d points to learn from (%d); the rest (%d)\n"
                "test. A net of two hidden layers of 8 tanh units, eta = %v, %d epochs,\n"
                "three times: without a penalty, with L2 and with L1, lambda = %v.\n\n",
                OVERFIT_NOISE, OVERFIT_RATIO, OVERFIT_POINTS, pl.s.X_train->rows, pl.s.X_test->rows,
                OVERFIT_LR, OVERFIT_EPOCHS, OVERFIT_RATE);
    Run runs[N_OVERFIT] = {0};
    int rc = train_overfit_runs(runs, &pl, seed);
    if (rc == CHAPTER_OK) {
        print_overfit_tables(runs);
        print_overfit_verdict(&runs[0]);
        plot_overfit(plotter, runs, OVERFIT_NAMES);
    }
    runs_free(runs, N_OVERFIT);
    data_split_free(&pl.s);
    return rc;
}

/* ---- 9. Regression: the plane -------------------------------------------------------- */

static int lecture_regression(uint64_t seed)
{
    hand_section("9. Regression: the plane is linear regression");
    Plane pl;
    if (make_plane(&pl, PLAYGROUND_PLANE, POINTS, 0.0, RATIO, seed, 40) != CHAPTER_OK)
        return CHAPTER_ERROR;
    Controls c = {.features = PLAYGROUND_XY, .act = ACT_TANH, .lr = LR, .batch = BATCH,
                  .epochs = EPOCHS};
    Run r;
    int rc = run_train(&r, &pl, &c, seed, 41, 0);
    if (rc == CHAPTER_OK && r.diverged)
        rc = diverged_error(&r);
    if (rc == CHAPTER_OK) {
        const Layer *L = r.net->layers[0];
        double w1 = L->W->data[0], w2 = L->W->data[1], b = L->b->data[0];
        hand_printf("The Playground's \"plane\" has the target y = (x1 + x2) / 10, that is\n"
                    "0.1 x1 + 0.1 x2 + 0. Its output unit is linear and the loss the mean\n"
                    "squared error: 001's table calls that linear regression. No hidden\n"
                    "layer is needed; the one unit learns, in %d epochs (eta = %v, batches\n"
                    "of %d):\n\n"
                    "    y_hat = %v x1%+v x2%+v      (b: 0 up to rounding)\n\n",
                    EPOCHS, LR, BATCH, w1, w2, b);
        double x1 = 3.0, x2 = -1.0, y_hat = w1 * x1 + w2 * x2 + b;
        hand_printf("At (%v, %v):\n    y_hat = %v x %v%+v x %v%+v = %v;\nthe target is "
                    "(%v%+v) / 10 = %v. Test loss %v.\n", x1, x2, w1, x1, w2, x2, b, y_hat, x1,
                    x2, playground_plane(x1, x2), r.loss_at[1][EPOCHS]);
        printf("\nThe other regression set, multigauss (--dataset multigauss), has six bumps\n"
               "and needs hidden layers.\n");
    }
    run_free(&r);
    data_split_free(&pl.s);
    return rc;
}

/* ---- the lecture -------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 13 - A playground: TensorFlow Playground in C (lecture notes 001, 003)\n"
    "The demo 001 links to, with every control a flag: the data (circle, xor,\n"
    "gaussians, spiral, plane, multigauss, or your own CSV), noise, train/test\n"
    "ratio, the seven input features, hidden layers, activation, learning rate,\n"
    "batch size, L1/L2 and its rate, epochs. The surface forms as it trains\n"
    "(forming.gif; in the terminal with --plots=dumb); what every unit computes;\n"
    "tuning one control at a time; overfitting and regularization.";

/* The flags, as given. */
typedef struct {
    const char *dataset, *data, *features, *layers, *activation, *regularization;
    int regression, points, batch, epochs;
    double noise, ratio, lr, rate;
} Flags;

enum { N_FLAGS = 14, N_RANGES = 7 };

/* The command line: the flags as given, the table that reads them, their
 * ranges, and the spec of it all (it points into the same block). */
typedef struct {
    Flags f;
    CliFlag flags[N_FLAGS];
    CliRange ranges[N_RANGES];
    CliSpec spec;
} CommandLine;

/* Every control of the Playground as a flag, with its default and its range. */
static void command_line_make(CommandLine *cl)
{
    Flags *f = &cl->f;
    *cl = (CommandLine){
        .f = {.features = "x1,x2", .layers = LAYERS, .activation = "tanh",
              .regularization = "none", .points = POINTS, .batch = BATCH, .epochs = EPOCHS,
              .noise = 0.0, .ratio = RATIO, .lr = LR, .rate = NAN},
        .flags = {
            {"dataset", CLI_STRING, &f->dataset, "NAME",
             "circle (default), xor, gaussians, spiral; plane, multigauss (regression)"},
            {"data", CLI_STRING, &f->data, "FILE",
             "your own points instead: a CSV of x1,x2,label (0/1)"},
            {"regression", CLI_BOOL, &f->regression, NULL,
             "with --data: the last column is a number"},
            {"points", CLI_INT, &f->points, "N", "points drawn, training and test (default 500)"},
            {"noise", CLI_DOUBLE, &f->noise, "SD", "jitter of the points (default 0)"},
            {"ratio", CLI_DOUBLE, &f->ratio, "F",
             "fraction of the points to train on (default 0.5)"},
            {"features", CLI_STRING, &f->features, "LIST",
             "of x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2) (default x1,x2)"},
            {"layers", CLI_STRING, &f->layers, "LIST",
             "units of each hidden layer, up to 6 of 1-8, or none (default 4,2)"},
            {"activation", CLI_STRING, &f->activation, "NAME",
             "of the hidden layers: relu, tanh (default), sigmoid, linear"},
            {"lr", CLI_DOUBLE, &f->lr, "RATE", "learning rate (default 0.03)"},
            {"batch", CLI_INT, &f->batch, "N", "batch size (default 10)"},
            {"regularization", CLI_STRING, &f->regularization, "KIND", "none (default), l1 or l2"},
            {"rate", CLI_DOUBLE, &f->rate, "LAMBDA", "regularization rate (default 0.01)"},
            {"epochs", CLI_INT, &f->epochs, "N", "epochs to train (default 200)"},
        },
        .ranges = {
            {"points", '[', MIN_POINTS, MAX_POINTS, ']'}, {"noise", '[', 0, MAX_NOISE, ']'},
            {"ratio", '[', MIN_RATIO, MAX_RATIO, ']'},    {"lr", '(', 0, MAX_LR, ']'},
            {"batch", '[', 1, MAX_POINTS, ']'},           {"rate", '[', 0, MAX_RATE, ']'},
            {"epochs", '[', 1, MAX_EPOCHS, ']'},
        },
    };
    cl->spec = (CliSpec){.program = CHAPTER, .card = CARD, .default_seed = SEED,
                         .flags = cl->flags, .n_flags = N_FLAGS, .ranges = cl->ranges,
                         .n_ranges = N_RANGES};
}

/* Check the flags and turn them into controls; CHAPTER_RUN, or the exit
 * status of a bad flag (usage, 2). */
static int controls_from(Controls *c, PlaygroundSet *set, const Flags *f, const CliSpec *spec)
{
    char err[200];
    if (f->dataset && f->data)
        return cli_error(spec, "--dataset and --data exclude each other");
    if (f->regression && !f->data)
        return cli_error(spec, "--regression goes with --data (the sets know their kind)");
    if (f->dataset && playground_set_parse(f->dataset, set) != 0)
        return cli_error(spec, "--dataset %s: expected circle, xor, gaussians, spiral, plane or "
                         "multigauss", f->dataset);
    if (playground_features_parse(f->features, &c->features, err, sizeof err) != 0)
        return cli_error(spec, "--features: %s", err);
    if ((c->n_hidden = playground_layers_parse(f->layers, c->hidden, PLAYGROUND_MAX_LAYERS, err,
                                               sizeof err)) < 0)
        return cli_error(spec, "--layers: %s", err);
    if (playground_act_parse(f->activation, &c->act) != 0)
        return cli_error(spec, "--activation %s: expected relu, tanh, sigmoid or linear",
                         f->activation);
    int reg = -1;
    for (int k = 0; k < 3; k++)
        reg = strcmp(f->regularization, REG_NAMES[k]) == 0 ? k : reg;
    if (reg < 0)
        return cli_error(spec, "--regularization %s: expected none, l1 or l2", f->regularization);
    c->reg = (Reg)reg;
    c->rate = c->reg == REG_NONE ? 0.0 : isnan(f->rate) ? RATE : f->rate;
    if (!isnan(f->rate) && c->reg == REG_NONE)
        return cli_error(spec, "--rate needs --regularization l1 or l2");
    c->lr = f->lr;
    c->batch = f->batch;
    c->epochs = f->epochs;
    return CHAPTER_RUN;
}

/* The data of the main run: a CSV of x1, x2 and the target, or a set. */
static int load_plane(Plane *pl, DataXY *csv, PlaygroundSet set, const Flags *f, Rng *rng)
{
    if (!f->data) {
        int rc = generate_plane(pl, set, f->points, f->noise, f->ratio, rng);
        plane_names(pl, NULL);
        return rc;
    }
    DataXYSpec spec = {.target_col = -1, .n_features = 2, .relabel = 1,
                       .want = {.kind = f->regression ? DATA_TARGET_REAL : DATA_TARGET_01}};
    if (chapter_load_xy(NULL, csv, f->data, &spec, "data") != CHAPTER_OK) {
        /* numbers where classes were expected: say how to predict them */
        DataXY real = {0};
        char err[DATA_ERR_LEN];
        spec.want.kind = DATA_TARGET_REAL;
        if (!f->regression && data_load_xy(&real, f->data, &spec, err, sizeof err) == 0)
            fprintf(stderr, "hint: to predict the last column as a number, add --regression\n");
        data_xy_free(&real);
        return CHAPTER_ERROR;
    }
    int m = csv->X->rows, n_test = (int)lround((1.0 - f->ratio) * m);
    if (n_test < 1 || m - n_test < 2)
        return chapter_error("%s: %d rows; with --ratio %g that leaves too few to train or to "
                             "test (at least 2 and 1)", f->data, m, f->ratio);
    *pl = (Plane){.name = f->data, .regression = f->regression, .box = chapter_box_around(csv->X)};
    plane_names(pl, csv);
    if (data_split(&pl->s, rng, csv->X, csv->y, 1.0 - f->ratio) != 0)
        return chapter_error("out of memory");
    return CHAPTER_OK;
}

/* The data, and the main run's net with its weights from experiment
 * seed 1, before the lecture: bad data, or a batch larger than the
 * training set, end the program here. CHAPTER_OK, or the exit status
 * after a message. */
static int prepare_main_run(Run *run, Plane *plane, DataXY *csv, const Controls *c,
                            PlaygroundSet set, const CommandLine *cl, Chapter *ch)
{
    if (load_plane(plane, csv, set, &cl->f, &ch->rng) != CHAPTER_OK)
        return CHAPTER_ERROR;
    int m = plane->s.X_train->rows;
    if (c->batch > m)
        return cli_error(&cl->spec, "--batch %d is larger than the training set (%d point%s); "
                         "at most %d", c->batch, m, m == 1 ? "" : "s", m);
    Rng init;
    experiment_rng(&init, ch->opt.seed, 1);
    if (run_start(run, plane, c, &init, 1) != 0)
        return chapter_error("out of memory");
    return CHAPTER_OK;
}

/* Sections 1 to 9, in order, around the main run r (trained in section 5,
 * its batches shuffled from experiment seed 2). CHAPTER_OK, or
 * CHAPTER_ERROR after a message. */
static int lecture(Chapter *ch, Run *r, PlaygroundSet set, const Flags *f)
{
    const Plane *plane = r->plane;
    uint64_t seed = ch->opt.seed;
    const char *story = f->data ? (plane->regression ? "your points, with a number to predict"
                                                     : "your points, in two classes")
                                : set_story(set);
    int points = plane->s.X_train->rows + plane->s.X_test->rows;
    Rng shuffle;
    experiment_rng(&shuffle, seed, 2);
    lecture_playground(&r->c, plane, points, f->noise, f->ratio, seed);
    lecture_data(plane, story, points, f->ratio);
    if (lecture_features(&ch->plots, plane, seed) != CHAPTER_OK)
        return CHAPTER_ERROR;
    lecture_network(r);
    if (lecture_training(&ch->plots, r, &shuffle) != CHAPTER_OK)
        return CHAPTER_ERROR;
    lecture_units(&ch->plots, r);
    if (lecture_tuning(r, seed) != CHAPTER_OK ||
        lecture_overfitting(&ch->plots, seed) != CHAPTER_OK ||
        lecture_regression(seed) != CHAPTER_OK)
        return CHAPTER_ERROR;
    return CHAPTER_OK;
}

int main(int argc, char **argv)
{
    /* 1. the flags: every control of the Playground */
    CommandLine cl;
    command_line_make(&cl);
    Chapter ch;
    int rc = chapter_begin(&ch, &cl.spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;

    /* 2. the controls they set; a flag that cannot be used ends the program here */
    Controls c = {0};
    PlaygroundSet set = PLAYGROUND_CIRCLE;
    if ((rc = controls_from(&c, &set, &cl.f, &cl.spec)) != CHAPTER_RUN)
        return rc;

    /* 3. the data and the main run's net: bad data ends the program before the lecture starts */
    DataXY csv = {0};
    Plane plane = {0};
    Run run = {0};
    rc = prepare_main_run(&run, &plane, &csv, &c, set, &cl, &ch);

    /* 4. the lecture */
    if (rc == CHAPTER_OK)
        rc = chapter_start_lecture(&ch);
    if (rc == CHAPTER_OK)
        rc = lecture(&ch, &run, set, &cl.f);
    run_free(&run);
    data_split_free(&plane.s);
    data_xy_free(&csv);
    return chapter_end(&ch, rc);
}
