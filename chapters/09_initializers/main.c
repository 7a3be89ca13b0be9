/* Chapter 09 - Weight initialization: zeros, constants, normal, uniform,
 * Xavier/Glorot and He
 *
 * Lecture notes: 002 (the three rules for the first weights; the uniform,
 * Xavier/Glorot and He formulas) and 004 (weights neither too small nor
 * too big nor equal; fan-in and fan-out; the same formulas), with 001's
 * "proper weight initialization" among the fixes of vanishing and
 * exploding gradients.
 *
 * What you will learn
 *   - the notes' three rules: the weights small, not all equal, with a
 *     good variance
 *   - zeros or one constant everywhere: every hidden unit computes the
 *     same value and gets the same update, so the units stay identical
 *     through training (the symmetry is never broken)
 *   - W^[k] is (fan_in x fan_out); the formulas, with Var(w) of each:
 *         uniform         U[-r, r], r = 1/sqrt(fan_in)            Var = r^2/3 = 1/(3 fan_in)
 *         Xavier normal   N(0, s^2), s = sqrt(2/(fan_in + fan_out)) Var = 2/(fan_in + fan_out)
 *         Xavier uniform  U[-r, r], r = sqrt(6/(fan_in + fan_out)) Var = 2/(fan_in + fan_out)
 *         He normal       N(0, s^2), s = sqrt(2/fan_in)             Var = 2/fan_in
 *         He uniform      U[-r, r], r = sqrt(6/fan_in)              Var = 2/fan_in
 *   - why the variance: Var(z) = fan_in Var(w) E[a^2], so every layer
 *     multiplies the signal's variance by a gain g = fan_in Var(w) (tanh
 *     near 0), or fan_in Var(w) / 2 (ReLU); Xavier makes g = 1 for tanh,
 *     He makes it 1 for ReLU
 *   - in a 10-layer net: activations that collapse to zero (weights too
 *     small), saturate or explode (too large), or keep their spread, and
 *     how well the net then trains
 *
 * Run it
 *   ./build/09_initializers                  the lecture, plots in out/09_initializers/
 *   ./build/09_initializers --plots=dumb     the plots drawn in the terminal
 *   ./build/09_initializers --data FILE      the deep net on your own CSV (last column: class 0..k-1)
 *   ./build/09_initializers --epochs 10      train the deep nets longer
 *
 * Plots
 *   symmetry.png       the weights of input x1 into each of 4 hidden units, per
 *                      epoch: one line from a constant start, four from a random one
 *   samples.png        5000 sampled 3 x 2 matrices: Xavier normal vs Xavier
 *                      uniform, the same variance, two shapes
 *   hist_tanh.png      each hidden layer's activations at initialization as
 *   hist_relu.png      histograms side by side: one column a layer, one block
 *   hist_sigmoid.png   of 10 columns an initializer
 *   spread_tanh.png    per layer, the standard deviation of the activations and
 *   spread_relu.png    the part of it that follows the input (log scale), one
 *   spread_sigmoid.png colour a start
 *   training_tanh.png  held-out loss per epoch of the 10-layer tanh net, one
 *   training_relu.png  line an initializer; the same for ReLU
 *
 * tests/unit/test_ch09_initializers.c checks the hand calculations and the
 * tables against the library and against forward and backward passes
 * written out independently.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "chapter.h"
#include "check.h"
#include "data.h"
#include "hand.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "plot.h"
#include "rng.h"
#include "sheet.h"
#include "stats.h"

#define CHAPTER "09_initializers"
#define DEFAULT_DATA "datasets/digits.csv"
#define SEED 2010            /* Glorot and Bengio's year */

#define NOTES_FAN_IN 3       /* 004: "a neuron ... has three inputs and two outputs" */
#define NOTES_FAN_OUT 2
#define SMALL_SD 0.01        /* a normal init too small ... */
#define LARGE_SD 1.0         /* ... and too large */

#define SYM_C 0.25           /* the constant start of section 2 */
#define SYM_X1 0.05          /* 001's inputs 0.05 and 0.10 */
#define SYM_X2 0.10
#define SYM_ETA 0.5          /* 001's learning rate */
#define SYM_POINTS 200       /* the circle set */
#define SYM_HIDDEN 4
#define SYM_EPOCHS 300
#define SYM_LR 0.5

#define DRAWS 5000           /* sampled 3 x 2 matrices per initializer */
#define SAMPLE_BINS 44

#define DEPTH 10             /* hidden layers of the deep net */
#define WIDTH 32             /* units in each */
#define SPREAD_ROWS 300      /* samples pushed through it at initialization */
#define HIST_BINS 40
#define RELU_HI 3.0          /* hist_relu.png shows a in (0, 3] */
#define SATURATED 0.99       /* tanh: |a| > 0.99; sigmoid: a < 0.01 or a > 0.99 */

#define TEST_FRACTION 0.3    /* held out of the data file */
#define TRAIN_ROWS 500       /* rows the deep nets train on (at most) */
#define HELD_ROWS 400        /* held-out rows they are judged on (at most) */
#define EPOCHS 4
#define MAX_EPOCHS 100
#define BATCH 32
#define LR 0.01              /* SGD with momentum 0.9 */
#define MIN_ROWS 20          /* a --data file needs at least this many rows */

/* ---- the initializers we compare ----------------------------------------- */

typedef struct {
    Init init;
    const char *label;  /* in tables */
    const char *legend; /* in plots */
    const char *pen;    /* its line's width, dashes and colour in plots */
} Choice;

enum { SMALL, LARGE, UNIFORM, XAVIER_N, XAVIER_U, HE_N, HE_U, N_CHOICES };

static const Choice CHOICES[N_CHOICES] = {
    [SMALL] = {{INIT_NORMAL, SMALL_SD}, "N(0, 0.01^2)", "normal, sigma = 0.01 (too small)",
               "lw 2 lc rgb '#7f7f7f'"},
    [LARGE] = {{INIT_NORMAL, LARGE_SD}, "N(0, 1)", "normal, sigma = 1 (too large)",
               "lw 2 lc rgb '#d62728'"},
    [UNIFORM] = {{INIT_UNIFORM, 0}, "uniform", "uniform +-1/sqrt(fan_in)",
                 "lw 2 lc rgb '#ff7f0e'"},
    [XAVIER_N] = {{INIT_XAVIER_NORMAL, 0}, "Xavier normal", "Xavier/Glorot normal",
                  "lw 2 lc rgb '#1f77b4'"},
    [XAVIER_U] = {{INIT_XAVIER_UNIFORM, 0}, "Xavier unif.", "Xavier/Glorot uniform",
                  "lw 2 dt 2 lc rgb '#1f77b4'"},
    [HE_N] = {{INIT_HE_NORMAL, 0}, "He normal", "He normal", "lw 2 lc rgb '#2ca02c'"},
    [HE_U] = {{INIT_HE_UNIFORM, 0}, "He uniform", "He uniform", "lw 2 dt 2 lc rgb '#2ca02c'"},
};

/* The five starts the tables of sections 6 and 7 show and section 7
 * trains. The uniform variants of Xavier and He have the variance of their
 * normal ones (section 3); sections 6 measures and draws them too. */
static const int SHOWN[] = {SMALL, LARGE, UNIFORM, XAVIER_N, HE_N};
enum { N_SHOWN = 5 };

/* ---- the worked examples' givens: the notes', or --variant N's --------------------- */

/* What sections 2 to 5 work by hand. --variant N draws other givens
 * (givens_draw); the training runs and the deep net keep theirs. */
typedef struct {
    double c, x1, x2, y, eta; /* section 2: every weight c, the example (x1, x2; y), eta */
    int fan_in, fan_out;      /* sections 3 and 4: the layer of 004's example */
    int width;                /* section 5: a hidden layer's fan_in = fan_out */
    int notes;                /* 1: the notes' numbers (variant 0) */
} Givens;

static const Givens NOTES = {SYM_C, SYM_X1, SYM_X2, 1.0, SYM_ETA, NOTES_FAN_IN, NOTES_FAN_OUT,
                             WIDTH, 1};

/* Givens of the same kind for --variant N: a constant weight in [0.05,
 * 0.5] and inputs in [0.05, 0.95] with two decimals, y 0 or 1, eta 0.1
 * to 1; fans 2 to 8 and 1 to 8; a width whose 1/width has few decimals. */
static Givens givens_draw(Rng *rng)
{
    static const int widths[] = {8, 10, 16, 20, 25, 32, 40, 50, 64, 80, 100, 128};
    Givens g = {.notes = 0};
    g.c = sheet_draw(rng, 0.05, 0.5, 2);
    g.x1 = sheet_draw(rng, 0.05, 0.95, 2);
    g.x2 = sheet_draw(rng, 0.05, 0.95, 2);
    g.y = sheet_draw(rng, 0, 1, 0);
    g.eta = sheet_draw(rng, 0.1, 1.0, 1);
    g.fan_in = (int)sheet_draw(rng, 2, 8, 0);
    g.fan_out = (int)sheet_draw(rng, 1, 8, 0);
    g.width = widths[(int)sheet_draw(rng, 0, sizeof widths / sizeof widths[0] - 1, 0)];
    return g;
}

/* ---- 1. The three rules --------------------------------------------------- */

static void lecture_rules(const Givens *g)
{
    hand_section("1. Three rules for the first weights");
    printf("Training starts from weights someone chose. 002 gives three rules for them:\n\n"
           "    (1) the weights should be small\n"
           "    (2) the weights should not be the same\n"
           "    (3) they should have a good variance\n\n"
           "and 004 says why: too small, and the gradients vanish (the weights barely\n"
           "move); too big, and they explode (or, with sigmoid and tanh, the units\n"
           "saturate); all equal, and every unit learns the same thing. So the weights\n"
           "are drawn at random, from a distribution whose spread depends on\n\n"
           "    fan_in  = the number of inputs of a unit   (the rows of W^[k])\n"
           "    fan_out = the number of outputs            (the columns of W^[k])\n\n"
           "004's example: a layer with three inputs and two outputs has W (%d x %d),\n"
           "w^k_ij from input i to unit j: fan_in = %d, fan_out = %d.\n"
           "Section 2 shows rule (2), sections 3 to 5 rule (3), and section 6 what\n"
           "\"small\" must mean: not too small either.\n",
           NOTES_FAN_IN, NOTES_FAN_OUT, NOTES_FAN_IN, NOTES_FAN_OUT);
    if (!g->notes)
        printf("This variant works a layer with fan_in = %d, fan_out = %d instead.\n",
               g->fan_in, g->fan_out);
}

/* ---- 2. Zeros and constants: the symmetry ------------------------------------- */

#define SYM_TITLE "2. Zeros and constants: the symmetry"

/* One gradient step of the 2-2-1 net (tanh hidden, sigmoid output, binary
 * cross-entropy) from every weight = c and every bias = 0, on one example.
 * The two hidden units are computed once because they are equal. */
typedef struct {
    double z1, h, z2, y_hat;      /* z^1_1 = z^1_2, h1 = h2, z^2, y_hat */
    double dz2, dw2, dz1;         /* dC/dz^2, dC/dw^2_j1, dC/dz^1_j */
    double dw1_x1, dw1_x2;        /* dC/dw^1_1j, dC/dw^1_2j */
    double w1_x1, w1_x2, w2;      /* the weights after the step */
} SymStep;

static SymStep sym_step(const Givens *g)
{
    SymStep s;
    double c = g->c;
    s.z1 = c * g->x1 + c * g->x2; /* z^1_1 = w^1_11 x1 + w^1_21 x2, and z^1_2 the same */
    s.h = act_tanh(s.z1);
    s.z2 = c * s.h + c * s.h;     /* z^2 = w^2_11 h1 + w^2_21 h2 */
    s.y_hat = act_sigmoid(s.z2);
    s.dz2 = s.y_hat - g->y;       /* sigmoid + cross-entropy */
    s.dw2 = s.h * s.dz2;          /* dC/dw^2_j1 = h_j dC/dz^2, the same for j = 1, 2 */
    s.dz1 = s.dz2 * c * (1 - s.h * s.h); /* dC/dz^1_j = dC/dz^2 w^2_j1 tanh'(z^1_j) */
    s.dw1_x1 = g->x1 * s.dz1;     /* dC/dw^1_1j = x1 dC/dz^1_j */
    s.dw1_x2 = g->x2 * s.dz1;     /* dC/dw^1_2j = x2 dC/dz^1_j */
    /* w <- w - eta dC/dw */
    s.w1_x1 = c - g->eta * s.dw1_x1;
    s.w1_x2 = c - g->eta * s.dw1_x2;
    s.w2 = c - g->eta * s.dw2;
    return s;
}

/* The step with the numbers substituted; a name in brackets is --check's. */
static void lecture_symmetry_by_hand(const Givens *g, const SymStep *s)
{
    double c = g->c, x1 = g->x1, x2 = g->x2;
    hand_section(SYM_TITLE);
    hand_printf("A 2-2-1 net (tanh hidden units, a sigmoid output, binary cross-entropy)\n"
                "with every weight w = %v and every bias 0, on %s x = (%v, %v),\n"
                "target y = %v, eta = %v. Forward:\n\n", c, g->notes ? "001's inputs" : "the inputs",
                x1, x2, g->y, g->eta);
    hand_printf("    z^1_1 = w^1_11 x1 + w^1_21 x2 = %v x %v + %v x %v = %v   [z1_1]\n", c, x1, c,
                x2, s->z1);
    hand_printf("    z^1_2 = w^1_12 x1 + w^1_22 x2 = %v x %v + %v x %v = %v   (the same sum)\n",
                c, x1, c, x2, s->z1);
    hand_printf("    h1 = h2 = tanh(%v) = %v\n", s->z1, s->h);
    hand_printf("    z^2 = w^2_11 h1 + w^2_21 h2 = %v x %v + %v x %v = %v   [z2]\n", c, s->h, c,
                s->h, s->z2);
    hand_printf("    y_hat = sigmoid(%v) = %v\n\n", s->z2, s->y_hat);

    printf("Backward (004's chain rule; with a sigmoid output and cross-entropy,\n"
           "dC/dz^2 = y_hat - y):\n\n");
    hand_printf("    dC/dz^2 = y_hat - y = %v - %v = %v   [dC/dz2]\n", s->y_hat, g->y, s->dz2);
    hand_printf("    dC/dw^2_11 = h1 dC/dz^2 = %v x %v = %v = dC/dw^2_21   [dC/dw2_11]\n", s->h,
                s->dz2, s->dw2);
    hand_printf("    dC/dz^1_j = dC/dz^2 w^2_j1 (1 - h_j^2)   (j = 1, 2)\n"
                "              = %v x %v x (1 - %v^2) = %v   [dC/dz1_1]\n", s->dz2, c, s->h,
                s->dz1);
    hand_printf("    dC/dw^1_11 = x1 dC/dz^1_1 = %v x %v = %v = dC/dw^1_12   [dC/dw1_11]\n", x1,
                s->dz1, s->dw1_x1);
    hand_printf("    dC/dw^1_21 = x2 dC/dz^1_1 = %v x %v = %v = dC/dw^1_22   [dC/dw1_21]\n\n", x2,
                s->dz1, s->dw1_x2);

    hand_printf("The update w <- w - eta dC/dw:\n\n"
                "    w^1_11 = w^1_12 = %v - %v x %v = %v   [w1_11+]\n"
                "    w^1_21 = w^1_22 = %v - %v x %v = %v   [w1_21+]\n"
                "    w^2_11 = w^2_21 = %v - %v x %v = %v   [w2_11+]\n\n",
                c, g->eta, s->dw1_x1, s->w1_x1, c, g->eta, s->dw1_x2, s->w1_x2, c, g->eta,
                s->dw2, s->w2);
    printf("After the step the two inputs have different weights (row 1 of W^1 is no\n"
           "longer row 2), but the two units still have the same weights (column 1 of\n"
           "W^1 is column 2): dC/dw^1_ij = x_i dC/dz^1_j differs from input to input,\n"
           "never from unit to unit. The next step starts from equal units again, and\n"
           "so does every later one.\n"
           "(A name in brackets, like [z1_1], is what --check takes for that number:\n"
           "%s --check z1_1=VALUE,y_hat=VALUE; --check list shows them all.)\n", CHAPTER);
}

/* A training run of section 2: a 2-4-1 net from one initializer. */
typedef struct {
    const char *label;
    Init init;
    double W1[SYM_EPOCHS + 1][2 * SYM_HIDDEN]; /* W^1 (2 x 4, row-major) after each epoch */
    Mat *W1_end, *W2_end;                      /* the weights after training */
    double cost, accuracy;
} SymRun;

/* net_fit's callback: W^1 after the epoch into run->W1[epoch]. */
static FitAction record_W1(Net *net, const EpochLog *log, void *ctx)
{
    SymRun *run = ctx;
    memcpy(run->W1[log->epoch], net->params[0].value->data, sizeof run->W1[0]);
    return FIT_CONTINUE;
}

/* The largest |W_ij - W_i1|: how far the units (columns) are from unit 1. */
static double units_apart(const Mat *W)
{
    double d = 0.0;
    for (int i = 0; i < W->rows; i++)
        for (int j = 1; j < W->cols; j++)
            d = fmax(d, fabs(MAT_AT(W, i, j) - MAT_AT(W, i, 0)));
    return d;
}

/* Train the 2-4-1 net (tanh, sigmoid, BCE) on the circle set with full
 * batch gradient descent; the weights are drawn from rng. */
static int sym_train(SymRun *run, const Mat *X, const Mat *y, Rng *rng)
{
    Net *net = net_new(2, X->rows);
    if (!net || net_add(net, SYM_HIDDEN, act_of(ACT_TANH)) != 0 ||
        net_add(net, 1, act_of(ACT_SIGMOID)) != 0) {
        net_free(net);
        return chapter_error("out of memory");
    }
    net_init(net, &run->init, rng);
    memcpy(run->W1[0], net->params[0].value->data, sizeof run->W1[0]);
    Loss bce = {.kind = LOSS_BCE};
    FitCallback record = {record_W1, run};
    FitResult res;
    int rc = net_fit(net, &bce, X, y, &(FitSpec){
        .epochs = SYM_EPOCHS, .batch_size = 0, .lr = SYM_LR, .callbacks = &record,
        .n_callbacks = 1}, &res);
    if (rc == 0) {
        run->cost = res.cost;
        run->accuracy = net_accuracy(net, &bce, X, y);
        run->W1_end = mat_dup(net->params[0].value); /* dense_1/W */
        run->W2_end = mat_dup(net->params[2].value); /* dense_2/W */
        if (!run->W1_end || !run->W2_end)
            rc = chapter_error("out of memory");
    } else {
        chapter_fit_error(NULL, res.message, res.hint);
    }
    net_free(net);
    return rc == 0 ? 0 : CHAPTER_ERROR;
}

static void plot_symmetry(Plotter *plotter, const SymRun *runs, int n_runs)
{
    Plot *pl = plot_begin(plotter, "symmetry", &(PlotSpec){
        .title = "2-4-1 net on the circle set: the weights from input x1 into the 4 hidden units",
        .xlabel = "epoch", .ylabel = "w^1_1j (input x1 -> hidden unit j)",
        .settings = "set key below maxrows 2\nset bmargin 7", .width = 1000, .height = 650});
    static const char *colour[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"};
    double epoch[SYM_EPOCHS + 1], w[SYM_EPOCHS + 1];
    for (int e = 0; e <= SYM_EPOCHS; e++)
        epoch[e] = e;
    for (int r = 0; r < n_runs; r++) {
        int random = runs[r].init.kind != INIT_ZEROS && runs[r].init.kind != INIT_CONSTANT;
        for (int j = 0; j < SYM_HIDDEN; j++) {
            for (int e = 0; e <= SYM_EPOCHS; e++)
                w[e] = runs[r].W1[e][j]; /* row 0 (input x1), column j */
            char legend[96], style[96];
            if (random)
                snprintf(legend, sizeof legend, "%s: unit %d", runs[r].label, j + 1);
            else
                snprintf(legend, sizeof legend, "%s: units 1-4 (one line)", runs[r].label);
            snprintf(style, sizeof style, "lines lw %d lc rgb '%s'", random ? 2 : 4,
                     random ? colour[j] : (runs[r].init.kind == INIT_ZEROS ? "#000000" : "#d62728"));
            plot_series(pl, random || j == 0 ? legend : NULL, style, epoch, w, SYM_EPOCHS + 1);
        }
    }
    plot_end(pl);
}

static int lecture_symmetry_training(Plotter *plotter, uint64_t seed)
{
    printf("\nNow a 2-%d-1 net (tanh, sigmoid, cross-entropy) on %d points of the circle\n"
           "set (class 1 inside radius 2.5, class 0 on a ring around it), full-batch\n"
           "gradient descent, lr = %g, %d epochs, from three starts:\n\n",
           SYM_HIDDEN, SYM_POINTS, SYM_LR, SYM_EPOCHS);
    Mat *X = mat_new(SYM_POINTS, 2), *y = mat_new(SYM_POINTS, 1);
    SymRun *runs = calloc(3, sizeof *runs);
    int rc = CHAPTER_ERROR;
    if (!X || !y || !runs) {
        chapter_error("out of memory");
        goto done;
    }
    Rng rng;
    rng_seed(&rng, seed);
    data_toy(&rng, TOY_CIRCLE, 0.0, X, y);
    runs[0] = (SymRun){.label = "constant 0.25", .init = {INIT_CONSTANT, SYM_C}};
    runs[1] = (SymRun){.label = "zeros", .init = {INIT_ZEROS, 0}};
    runs[2] = (SymRun){.label = "Xavier uniform", .init = {INIT_XAVIER_UNIFORM, 0}};
    for (int r = 0; r < 3; r++) {
        rng_seed(&rng, seed);
        if (sym_train(&runs[r], X, y, &rng) != 0)
            goto done;
        hand_printf("%s: cost %v, accuracy %v\n", runs[r].label, runs[r].cost, runs[r].accuracy);
        hand_print_mat("    W^1 after training", runs[r].W1_end);
        hand_print_mat("    W^2 after training", runs[r].W2_end);
        hand_printf("    largest |w^1_ij - w^1_i1| (unit j against unit 1): %v\n\n",
                    units_apart(runs[r].W1_end));
    }
    printf("From the constant the four columns of W^1 are still equal, to the last bit:\n"
           "four units that compute one function, so the net is no better than a 2-1-1\n"
           "net, and one tanh unit cannot draw a circle. From zeros it is worse: tanh(0)\n"
           "= 0, so dC/dW^2 = h dC/dz^2 = 0 and dC/dz^1 = dC/dz^2 W^2 = 0; nothing but\n"
           "the output bias ever moves. Random weights give four different units.\n");
    plot_symmetry(plotter, runs, 3);
    rc = CHAPTER_OK;
done:
    for (int r = 0; runs && r < 3; r++) {
        mat_free(runs[r].W1_end);
        mat_free(runs[r].W2_end);
    }
    free(runs);
    mat_free(X);
    mat_free(y);
    return rc;
}

/* ---- 3. The formulas ----------------------------------------------------------- */

/* The distribution an initializer draws w from, for a W of fan_in x
 * fan_out: U[-r, r] (uniform) or N(0, sd^2), and Var(w). */
typedef struct {
    int uniform;
    double r;   /* the bound of a uniform; 0 for a normal */
    double sd;  /* the standard deviation: sigma, or r / sqrt(3) */
    double var; /* Var(w) = sd^2 */
} Dist;

/* 002 and 004, corrected (README, Errata):
 *   uniform          r = 1 / sqrt(fan_in)
 *   Xavier normal    sigma = sqrt(2 / (fan_in + fan_out))
 *   Xavier uniform   r = sqrt(6 / (fan_in + fan_out))
 *   He normal        sigma = sqrt(2 / fan_in)
 *   He uniform       r = sqrt(6 / fan_in)
 * and Var(U[-r, r]) = r^2 / 3. */
static Dist dist_of(const Init *init, int fan_in, int fan_out)
{
    Dist d = {0};
    switch (init->kind) {
    case INIT_ZEROS:
    case INIT_CONSTANT: break; /* no spread at all */
    case INIT_NORMAL: d.sd = init->c; break;
    case INIT_UNIFORM: d.uniform = 1, d.r = 1.0 / sqrt(fan_in); break;
    case INIT_XAVIER_NORMAL: d.sd = sqrt(2.0 / (fan_in + fan_out)); break;
    case INIT_XAVIER_UNIFORM: d.uniform = 1, d.r = sqrt(6.0 / (fan_in + fan_out)); break;
    case INIT_HE_NORMAL: d.sd = sqrt(2.0 / fan_in); break;
    case INIT_HE_UNIFORM: d.uniform = 1, d.r = sqrt(6.0 / fan_in); break;
    }
    if (d.uniform)
        d.sd = d.r / sqrt(3.0);
    d.var = d.uniform ? d.r * d.r / 3.0 : d.sd * d.sd;
    return d;
}

/* Section 3's title: 004's fans, or the variant's. */
static const char *formulas_title(char *buf, size_t len, const Givens *g)
{
    snprintf(buf, len, "3. The formulas, with %sfan_in = %d and fan_out = %d",
             g->notes ? "004's " : "", g->fan_in, g->fan_out);
    return buf;
}

static void lecture_formulas(const Givens *g, const Dist *dist, int n_in, int n_out)
{
    int fi = g->fan_in, fo = g->fan_out;
    char title[80];
    hand_section(formulas_title(title, sizeof title, g));
    const Dist *u = &dist[UNIFORM], *xn = &dist[XAVIER_N], *xu = &dist[XAVIER_U];
    const Dist *hn = &dist[HE_N], *hu = &dist[HE_U];
    printf("A uniform U[-r, r] has Var(w) = r^2 / 3; a normal N(0, sigma^2) has\n"
           "Var(w) = sigma^2 (sigma is the standard deviation, the second number in\n"
           "the notes' N(0, sigma)).\n\n");
    hand_printf("uniform (004)    r = 1/sqrt(fan_in) = 1/sqrt(%d) = %v   [r_uniform]\n"
                "                 Var(w) = r^2/3 = %v = 1/(3 fan_in)   [Var_uniform]\n",
                fi, u->r, u->var);
    hand_printf("Xavier normal    sigma = sqrt(2/(fan_in + fan_out)) = sqrt(2/(%d + %d)) = %v"
                "   [sigma_xavier]\n"
                "                 Var(w) = sigma^2 = %v   [Var_xavier_n]\n", fi, fo, xn->sd,
                xn->var);
    hand_printf("Xavier uniform   r = sqrt(6/(fan_in + fan_out)) = sqrt(6/(%d + %d)) = %v"
                "   [r_xavier]\n"
                "                 Var(w) = r^2/3 = %v   (the same as Xavier normal)"
                "   [Var_xavier_u]\n", fi, fo, xu->r, xu->var);
    hand_printf("He normal        sigma = sqrt(2/fan_in) = sqrt(2/%d) = %v   [sigma_he]\n"
                "                 Var(w) = sigma^2 = %v   [Var_he_n]\n", fi, hn->sd, hn->var);
    hand_printf("He uniform       r = sqrt(6/fan_in) = sqrt(6/%d) = %v   [r_he]\n"
                "                 Var(w) = r^2/3 = %v   (the same as He normal)   [Var_he_u]\n\n",
                fi, hu->r, hu->var);
    printf("The 6 under the root is what makes a uniform's variance r^2/3 equal the\n"
           "normal's: (sqrt(6/n))^2 / 3 = 2/n. Two of the notes' formulas differ:\n");
    double notes_u = 1.0 / sqrt(fi - 1.0), notes_sigma = 2.0 / (fi + fo);
    hand_printf("    002 writes r = 1/sqrt(f_in - 1) = 1/sqrt(%d) = %v   (right: %v)\n",
                fi - 1, notes_u, u->r);
    hand_printf("    004 writes sigma = 2/(fan_in + fan_out) = %v: that is Var(w),\n"
                "        sigma = sqrt(%v) = %v\n", notes_sigma, notes_sigma, xn->sd);
    printf("(README.md, Errata.) The normal starts that ignore the fans: sigma = 0.01\n"
           "and sigma = 1 give Var(w) = 0.0001 and 1 whatever the layer.\n\n");

    printf("The deep net of sections 6 and 7 has %d hidden layers of %d units:\n\n", DEPTH,
           WIDTH);
    hand_printf("    %-9s  %-9s  %11s  %11s  %11s  %11s  %11s\n", "layer", "W", "uniform r",
                "Xavier sd", "Xavier r", "He sd", "He r");
    int fans[3][2] = {{n_in, WIDTH}, {WIDTH, WIDTH}, {WIDTH, n_out}};
    const char *names[3] = {"1", "2 to 10", "output"};
    if (DEPTH != 10)
        names[1] = "hidden";
    for (int k = 0; k < 3; k++) {
        char shape[32];
        snprintf(shape, sizeof shape, "%d x %d", fans[k][0], fans[k][1]);
        hand_printf("    %-9s  %-9s  %11v  %11v  %11v  %11v  %11v\n", names[k], shape,
                    dist_of(&CHOICES[UNIFORM].init, fans[k][0], fans[k][1]).r,
                    dist_of(&CHOICES[XAVIER_N].init, fans[k][0], fans[k][1]).sd,
                    dist_of(&CHOICES[XAVIER_U].init, fans[k][0], fans[k][1]).r,
                    dist_of(&CHOICES[HE_N].init, fans[k][0], fans[k][1]).sd,
                    dist_of(&CHOICES[HE_U].init, fans[k][0], fans[k][1]).r);
    }
}

/* ---- 4. Sampled weights against the formulas ------------------------------------ */

#define SAMPLE_TITLE "4. Sampled weights against the formulas"
#define FAN_MAX 8 /* the largest fan_in and fan_out section 3 may have */

/* The standard error of the sample variance of n draws: a normal's fourth
 * moment is 3 sd^4, so SE = var sqrt(2/n); U[-r, r]'s is r^4/5, so
 * SE = r^2 sqrt((1/5 - 1/9) / n). */
static double var_standard_error(const Dist *d, long n)
{
    return d->uniform ? d->r * d->r * sqrt((1.0 / 5 - 1.0 / 9) / n) : d->var * sqrt(2.0 / n);
}

/* DRAWS matrices W (fan_in x fan_out) from the initializer, each drawn by
 * init_fill, into w (DRAWS fan_in fan_out values). */
static void sample_weights(double *w, const Init *init, Rng *rng, int fan_in, int fan_out)
{
    CHECK(fan_in <= FAN_MAX && fan_out <= FAN_MAX, "fans %d x %d", fan_in, fan_out);
    double data[FAN_MAX * FAN_MAX];
    Mat W = {fan_in, fan_out, data};
    for (int k = 0; k < DRAWS; k++) {
        init_fill(&W, init, rng);
        memcpy(&w[(long)k * fan_in * fan_out], data, sizeof data[0] * fan_in * fan_out);
    }
}

/* Section 4's numbers: per initializer the moments of its n sampled
 * weights, z = (sampled - formula) / SE of the mean and of the variance,
 * and the largest |w|; Xavier normal's and uniform's weights for the plot. */
typedef struct {
    long n;                      /* weights per initializer: DRAWS fan_in fan_out */
    StatsMoments m[N_CHOICES];
    double se_mean[N_CHOICES], z_mean[N_CHOICES];
    double se_var[N_CHOICES], z_var[N_CHOICES];
    double largest[N_CHOICES];
    double worst;                /* the largest |z| */
    double *w;                   /* 2 n: Xavier normal's weights, then Xavier uniform's */
} Sampled;

/* Draw and measure every initializer of dist (section 3's fans), each
 * from seed. Returns 0, or CHAPTER_ERROR after "out of memory". Free
 * sa->w. */
static int sample_all(Sampled *sa, const Givens *g, const Dist *dist, uint64_t seed)
{
    long n = (long)DRAWS * g->fan_in * g->fan_out;
    sa->n = n;
    sa->worst = 0.0;
    double *w = malloc(3 * n * sizeof *w); /* a scratch row, then the two kept */
    if (!w)
        return chapter_error("out of memory");
    for (int c = 0; c < N_CHOICES; c++) {
        Rng rng;
        rng_seed(&rng, seed);
        double *wc = c == XAVIER_N ? &w[n] : c == XAVIER_U ? &w[2 * n] : w;
        sample_weights(wc, &CHOICES[c].init, &rng, g->fan_in, g->fan_out);
        const Dist *d = &dist[c];
        sa->m[c] = stats_moments(wc, n);
        /* z(mean) = mean / (sd / sqrt(n)),  z(var) = (variance - Var(w)) / SE(var) */
        sa->se_mean[c] = d->sd / sqrt((double)n);
        sa->z_mean[c] = sa->m[c].mean / sa->se_mean[c];
        sa->se_var[c] = var_standard_error(d, n);
        sa->z_var[c] = (sa->m[c].var - d->var) / sa->se_var[c];
        sa->worst = fmax(sa->worst, fmax(fabs(sa->z_mean[c]), fabs(sa->z_var[c])));
        sa->largest[c] = fmax(-sa->m[c].min, sa->m[c].max);
    }
    memmove(w, &w[n], 2 * n * sizeof *w);
    sa->w = w;
    return 0;
}

/* The histogram of n values over [lo, hi] as a density (integrating to
 * 1): x[k] is the centre of bin k, y[k] = count / (n w). */
static void density(double *x, double *y, int bins, double lo, double hi, const double *v, long n)
{
    long count[SAMPLE_BINS];
    stats_histogram(count, bins, lo, hi, v, n);
    double w = (hi - lo) / bins;
    for (int k = 0; k < bins; k++) {
        x[k] = lo + (k + 0.5) * w;
        y[k] = count[k] / (n * w);
    }
}

static void plot_samples(Plotter *plotter, const Givens *g, const Sampled *sa, const Dist *xn,
                         const Dist *xu)
{
    long n = sa->n;
    double lo = -3.5 * xn->sd, hi = 3.5 * xn->sd;
    char title[160], ylabel[64], normal[64], uniform[64];
    snprintf(title, sizeof title, "Xavier normal and Xavier uniform for fan_in = %d, fan_out = %d: "
             "the same variance %g, two shapes", g->fan_in, g->fan_out, xn->var);
    snprintf(ylabel, sizeof ylabel, "density (%ld sampled weights)", n);
    snprintf(normal, sizeof normal, "N(0, %g): the formula", xn->var);
    snprintf(uniform, sizeof uniform, "U[-%.3f, %.3f]: the formula", xu->r, xu->r);
    Plot *pl = plot_begin(plotter, "samples", &(PlotSpec){
        .title = title, .xlabel = "w", .ylabel = ylabel, .width = 1000});
    double x[SAMPLE_BINS], y[SAMPLE_BINS];
    density(x, y, SAMPLE_BINS, lo, hi, sa->w, n);
    plot_series(pl, "Xavier normal: sampled", "histeps lw 2 lc rgb '#1f77b4'", x, y,
                SAMPLE_BINS);
    density(x, y, SAMPLE_BINS, lo, hi, &sa->w[n], n);
    plot_series(pl, "Xavier uniform: sampled", "histeps lw 2 lc rgb '#ff7f0e'", x, y,
                SAMPLE_BINS);
    enum { CURVE = 141 };
    double cx[CURVE], cy[CURVE];
    for (int k = 0; k < CURVE; k++) {
        cx[k] = lo + (hi - lo) * k / (CURVE - 1);
        cy[k] = exp(-cx[k] * cx[k] / (2 * xn->var)) / (xn->sd * sqrt(2 * acos(-1.0)));
    }
    plot_series(pl, normal, "lines lw 2 dt 2 lc rgb '#08306b'", cx, cy, CURVE);
    double h = 1.0 / (2 * xu->r);
    double bx[] = {-xu->r, -xu->r, xu->r, xu->r}, by[] = {0, h, h, 0};
    plot_series(pl, uniform, "lines lw 2 dt 2 lc rgb '#a63603'", bx, by, 4);
    plot_end(pl);
}

/* z of one initializer worked out, its names on the sheet prefixed by
 * key ("xn" for Xavier normal: xn/mean, xn/SE_mean, ...). */
static void print_z_by_hand(const Sampled *sa, int c, const Dist *d, const char *key)
{
    hand_printf("    %s: %s/mean = %v, %s/variance = %v (the table's)\n", CHOICES[c].legend, key,
                sa->m[c].mean, key, sa->m[c].var);
    if (d->uniform)
        hand_printf("        SE(mean) = (r/sqrt(3))/sqrt(n) = (%v/sqrt(3))/sqrt(%d) = %v"
                    "   [%s/SE_mean]\n", d->r, (int)sa->n, sa->se_mean[c], key);
    else
        hand_printf("        SE(mean) = sigma/sqrt(n) = %v/sqrt(%d) = %v   [%s/SE_mean]\n", d->sd,
                    (int)sa->n, sa->se_mean[c], key);
    hand_printf("        z(mean) = mean/SE(mean) = %v/%v = %v   [%s/z_mean]\n", sa->m[c].mean,
                sa->se_mean[c], sa->z_mean[c], key);
    if (d->uniform)
        hand_printf("        SE(var) = r^2 sqrt((1/5 - 1/9)/n) = %v^2 sqrt((1/5 - 1/9)/%d) = %v"
                    "   [%s/SE_var]\n", d->r, (int)sa->n, sa->se_var[c], key);
    else
        hand_printf("        SE(var) = Var sqrt(2/n) = %v x sqrt(2/%d) = %v   [%s/SE_var]\n",
                    d->var, (int)sa->n, sa->se_var[c], key);
    hand_printf("        z(var) = (variance - Var)/SE(var) = (%v - %v)/%v = %v   [%s/z_var]\n",
                sa->m[c].var, d->var, sa->se_var[c], sa->z_var[c], key);
}

static void lecture_sampling(Plotter *plotter, const Givens *g, const Dist *dist,
                             const Sampled *sa)
{
    hand_section(SAMPLE_TITLE);
    hand_printf("init_fill (lib/init.c) draws the weights. %d draws of the %d x %d matrix of\n"
                "section 3 give n = %d weights per initializer; their mean and variance\n"
                "should match 0 and Var(w) within a few standard errors: SE(mean) =\n"
                "sd/sqrt(n), SE(var) = Var sqrt(2/n) for a normal, r^2 sqrt((1/5 - 1/9)/n)\n"
                "for a uniform. z = (sampled - formula) / SE.\n\n",
                DRAWS, g->fan_in, g->fan_out, (int)sa->n);
    hand_printf("    %-14s  %14s  %14s  %14s  %14s  %14s\n", "initializer", "Var(w)", "mean",
                "z(mean)", "variance", "z(var)");
    for (int c = 0; c < N_CHOICES; c++)
        hand_printf("    %-14s  %14v  %14v  %14v  %14v  %14v\n", CHOICES[c].label, dist[c].var,
                    sa->m[c].mean, sa->z_mean[c], sa->m[c].var, sa->z_var[c]);
    hand_printf("\nBy hand for the two Xavier rows, n = %d x %d x %d = %d   [n]:\n", DRAWS,
                g->fan_in, g->fan_out, (int)sa->n);
    print_z_by_hand(sa, XAVIER_N, &dist[XAVIER_N], "xn");
    print_z_by_hand(sa, XAVIER_U, &dist[XAVIER_U], "xu");
    hand_printf("\nThe normal ones share their z, and so do the uniform ones: drawn from the\n"
                "same seed, their weights are the same numbers times sigma (or r).\n"
                "The largest |z| is %v: %s\n", sa->worst,
                sa->worst < 3 ? "below 3, as for a correct initializer\n"
                                "(a wrong fan or a missing square root would put z in the hundreds)."
                              : "above 3, which a correct initializer does\n"
                                "in about 3 seeds out of 1000 (a wrong formula would put z in the\n"
                                "hundreds).");
    hand_printf("The uniform ones stay inside their bounds, largest |w| < r:\n\n"
                "    uniform         %v < %v\n"
                "    Xavier uniform  %v < %v\n"
                "    He uniform      %v < %v\n\n"
                "A normal has no bound: it does not \"lie between\" 0 and sigma (004); about\n"
                "32%% of its draws fall outside [-sigma, sigma], and the largest of Xavier\n"
                "normal's %d is %v = %v sigma.\n",
                sa->largest[UNIFORM], dist[UNIFORM].r, sa->largest[XAVIER_U], dist[XAVIER_U].r,
                sa->largest[HE_U], dist[HE_U].r, (int)sa->n, sa->largest[XAVIER_N],
                sa->largest[XAVIER_N] / dist[XAVIER_N].sd);
    plot_samples(plotter, g, sa, &dist[XAVIER_N], &dist[XAVIER_U]);
}

/* ---- 5. Why the variance: the gain of a layer ------------------------------------- */

/* The variance gain per layer: Var(z^[k]) = fan_in Var(w) E[(a^[k-1])^2]
 * (independent w with mean 0); near 0, tanh(z) ~ z, so the variance of a
 * tanh layer's output is g = fan_in Var(w) times its input's; ReLU keeps
 * the positive half, E[relu(z)^2] = Var(z) / 2, so g = fan_in Var(w) / 2. */
static double variance_gain(double var_w, int fan_in, int relu)
{
    double g = fan_in * var_w;
    return relu ? g / 2.0 : g;
}

#define GAIN_TITLE "5. Why the variance: the gain of a layer"

/* Section 5's numbers for a hidden layer of fan_in = fan_out = width:
 * per initializer Var(w) and the gains g with tanh and with ReLU. */
typedef struct {
    double var[N_CHOICES], g_tanh[N_CHOICES], g_relu[N_CHOICES];
} Gains;

static Gains gains_of(int width)
{
    Gains gn;
    for (int c = 0; c < N_CHOICES; c++) {
        gn.var[c] = dist_of(&CHOICES[c].init, width, width).var;
        gn.g_tanh[c] = variance_gain(gn.var[c], width, 0);
        gn.g_relu[c] = variance_gain(gn.var[c], width, 1);
    }
    return gn;
}

static void lecture_gain(const Givens *g, const Gains *gn)
{
    int n = g->width;
    hand_section(GAIN_TITLE);
    printf("A unit sums fan_in products: z_j = sum_i w_ij a_i. With the w drawn\n"
           "independently of the a, with mean 0,\n\n"
           "    Var(z_j) = sum_i Var(w_ij a_i) = fan_in Var(w) E[a^2]\n\n"
           "Near 0, tanh(z) ~ z, so a tanh layer multiplies the variance of its input\n"
           "by g = fan_in Var(w); ReLU sets the negative half to 0, E[relu(z)^2] =\n"
           "Var(z)/2, so g = fan_in Var(w) / 2. Over L layers the variance is\n"
           "multiplied by g^L, the standard deviation by sqrt(g)^L: g < 1 vanishes,\n"
           "g > 1 explodes (or saturates tanh). Glorot and Bengio asked for g = 1 both\n"
           "forward (fan_in Var(w) = 1) and backward (fan_out Var(w) = 1) and took the\n"
           "compromise Var(w) = 2/(fan_in + fan_out); He et al. put ReLU's 1/2 back:\n"
           "Var(w) = 2/fan_in.\n\n");
    if (g->notes)
        hand_printf("For the hidden layers of section 6 (fan_in = fan_out = width = %d):\n\n", n);
    else
        hand_printf("For a hidden layer of fan_in = fan_out = width = %d (section 6's have %d):\n\n",
                    n, WIDTH);
    hand_printf("    Xavier, tanh: g = fan_in Var(w) = %d x 2/(%d + %d) = %d x %v = %v"
                "   [g_xavier_tanh]\n"
                "    He, ReLU:     g = fan_in Var(w) / 2 = %d x 2/%d / 2 = %d x %v / 2 = %v"
                "   [g_he_relu]\n"
                "    Xavier, ReLU: g = %d x %v / 2 = %v: the std halves every 2 layers"
                "   [g_xavier_relu]\n\n",
                n, n, n, n, gn->var[XAVIER_N], gn->g_tanh[XAVIER_N], n, n, n, gn->var[HE_N],
                gn->g_relu[HE_N], n, gn->var[XAVIER_N], gn->g_relu[XAVIER_N]);
    hand_printf("    %-14s  %13s  %13s  %13s  %13s  %13s\n", "initializer", "Var(w)", "g tanh",
                "sqrt(g)", "g ReLU", "sqrt(g)");
    for (int c = 0; c < N_CHOICES; c++)
        hand_printf("    %-14s  %13v  %13v  %13v  %13v  %13v\n", CHOICES[c].label, gn->var[c],
                    gn->g_tanh[c], sqrt(gn->g_tanh[c]), gn->g_relu[c], sqrt(gn->g_relu[c]));
    printf("\nsqrt(g) is the factor by which each layer should scale the spread of the\n"
           "signal, as long as the units stay in their linear part.\n");
}

/* ---- 6. A deep net at initialization ------------------------------------------------ */

/* An activation of the deep net and the range its histograms show. */
typedef struct {
    ActKind act;
    const char *name;
    double lo, hi;
} DeepAct;

static const DeepAct DEEP_ACTS[] = {
    {ACT_TANH, "tanh", -1.0, 1.0},
    {ACT_RELU, "relu", 0.0, RELU_HI},
    {ACT_SIGMOID, "sigmoid", 0.0, 1.0},
};
enum { ACT_TH, ACT_RL, ACT_SIG, N_ACTS };

/* What section 6 measures for one activation: per initializer c and hidden
 * layer k (0-based), the moments of A^[k+1] and its histogram, and for the
 * last hidden layer the share of flat units and the input's signal. */
typedef struct {
    StatsMoments m[N_CHOICES][DEPTH];
    long hist[N_CHOICES][DEPTH][HIST_BINS];
    double flat[N_CHOICES];   /* share of values where the activation is flat */
    double signal[N_CHOICES][DEPTH]; /* mean over units of each unit's sd across the samples */
} Spread;

/* The deep net: n_in -> DEPTH x Dense(WIDTH, act) -> Dense(n_out, softmax). */
static Net *deep_net(int n_in, int n_out, ActKind act, int max_rows)
{
    Net *net = net_new(n_in, max_rows);
    int ok = net != NULL;
    for (int k = 0; ok && k < DEPTH; k++)
        ok = net_add(net, WIDTH, act_of(act)) == 0;
    if (!ok || net_add(net, n_out, act_of(ACT_SOFTMAX)) != 0) {
        net_free(net);
        return NULL;
    }
    return net;
}

/* Whether a sits where the activation is flat: tanh |a| > 0.99 (tanh' <
 * 0.02), sigmoid a < 0.01 or a > 0.99, ReLU a = 0 (off: relu' = 0). */
static int is_flat(ActKind act, double a)
{
    if (act == ACT_TANH)
        return fabs(a) > SATURATED;
    if (act == ACT_SIGMOID)
        return a < 1 - SATURATED || a > SATURATED;
    return a == 0.0;
}

/* How many of A's values sit where the activation is flat. */
static long count_flat(const DeepAct *da, const Mat *A)
{
    long n = (long)A->rows * A->cols, flat = 0;
    for (long i = 0; i < n; i++)
        flat += is_flat(da->act, A->data[i]);
    return flat;
}

/* How much the units follow the input: for each unit j, the standard
 * deviation of A_ij over the samples i; their mean over the units. (The
 * sd of all of A also counts units that differ from each other but give
 * every sample the same value.) */
static double input_signal(const Mat *A)
{
    CHECK(A->rows <= SPREAD_ROWS, "%d samples", A->rows);
    double sum = 0.0, column[SPREAD_ROWS];
    for (int j = 0; j < A->cols; j++) {
        for (int i = 0; i < A->rows; i++)
            column[i] = MAT_AT(A, i, j);
        sum += stats_moments(column, A->rows).sd;
    }
    return sum / A->cols;
}

/* Push X through the deep net from each initializer (each drawn from the
 * same seed) and measure every hidden layer. */
static int measure_spread(Spread *s, const DeepAct *da, const Mat *X, int n_out, uint64_t seed)
{
    Net *net = deep_net(X->cols, n_out, da->act, X->rows);
    if (!net)
        return chapter_error("out of memory");
    for (int c = 0; c < N_CHOICES; c++) {
        Rng rng;
        rng_seed(&rng, seed);
        net_init(net, &CHOICES[c].init, &rng);
        StatsMoments all[DEPTH + 1];
        stats_layers(net, X, all, DEPTH + 1);
        for (int k = 0; k < DEPTH; k++) {
            s->m[c][k] = all[k];
            Mat A = net_activation(net, k + 1);
            stats_histogram(s->hist[c][k], HIST_BINS, da->lo, da->hi, A.data,
                            (long)A.rows * A.cols);
            if (da->act == ACT_RELU) /* the units that are off (a = 0, bin 0) are left out */
                s->hist[c][k][0] -= count_flat(da, &A);
            s->signal[c][k] = input_signal(&A);
        }
        Mat last = net_activation(net, DEPTH);
        s->flat[c] = (double)count_flat(da, &last) / ((long)last.rows * last.cols);
    }
    net_free(net);
    return 0;
}

/* A row of the spread table: label, then one value per shown start. */
static void print_spread_row(const char *label, const double *v, const char *note)
{
    hand_printf("    %-5s", label);
    for (int t = 0; t < N_SHOWN; t++)
        hand_printf("  %14v", v[SHOWN[t]]);
    hand_printf("%s\n", note);
}

static void print_spread(const Spread *s, const DeepAct *da)
{
    hand_printf("\n%s: the standard deviation of each hidden layer's activations\n\n", da->name);
    hand_printf("    %5s", "layer");
    for (int t = 0; t < N_SHOWN; t++)
        hand_printf("  %14s", CHOICES[SHOWN[t]].label);
    printf("\n");
    double v[N_CHOICES];
    for (int k = 0; k < DEPTH; k++) {
        char layer[16];
        snprintf(layer, sizeof layer, "%5d", k + 1);
        for (int c = 0; c < N_CHOICES; c++)
            v[c] = s->m[c][k].sd;
        print_spread_row(layer, v, "");
    }
    for (int c = 0; c < N_CHOICES; c++)
        v[c] = s->m[c][DEPTH - 1].mean;
    print_spread_row("mean", v, "");
    for (int c = 0; c < N_CHOICES; c++)
        v[c] = s->signal[c][DEPTH - 1];
    print_spread_row("input", v, "");
    print_spread_row(da->act == ACT_RELU ? "off" : "flat", s->flat, "");
    hand_printf("    The uniform twins at layer %d: Xavier uniform sd %v (normal %v),\n"
                "    He uniform sd %v (normal %v).\n", DEPTH, s->m[XAVIER_U][DEPTH - 1].sd,
                s->m[XAVIER_N][DEPTH - 1].sd, s->m[HE_U][DEPTH - 1].sd,
                s->m[HE_N][DEPTH - 1].sd);
}

/* Measured factor per layer (sd_L / sd_1)^(1/(L-1)) against sqrt(g). */
static void print_factors(const Spread *s, const DeepAct *da)
{
    hand_printf("\n    factor per layer, (sd_%d / sd_1)^(1/%d), against the prediction sqrt(g):\n",
                DEPTH, DEPTH - 1);
    hand_printf("    %-14s  %14s  %14s\n", "initializer", "measured", "sqrt(g)");
    for (int c = 0; c < N_CHOICES; c++) {
        double f = pow(s->m[c][DEPTH - 1].sd / s->m[c][0].sd, 1.0 / (DEPTH - 1));
        Dist d = dist_of(&CHOICES[c].init, WIDTH, WIDTH);
        hand_printf("    %-14s  %14v  %14v\n", CHOICES[c].label, f,
                    sqrt(variance_gain(d.var, WIDTH, da->act == ACT_RELU)));
    }
}

/* hist_<act>.png: a heat map with one column per hidden layer, one block
 * of DEPTH columns per initializer; each column is that layer's histogram,
 * scaled so its fullest bin is 1. */
static void plot_histograms(Plotter *plotter, const Spread *s, const DeepAct *da)
{
    enum { BLOCK = DEPTH + 1, NX = N_CHOICES * BLOCK };
    double *z = calloc((size_t)NX * HIST_BINS, sizeof *z);
    char name[32], title[160], settings[1200], ylabel[96];
    snprintf(name, sizeof name, "hist_%s", da->name);
    snprintf(title, sizeof title,
             "%s, %d hidden layers of %d: each layer's activations at initialization", da->name,
             DEPTH, WIDTH);
    snprintf(ylabel, sizeof ylabel, da->act == ACT_RELU ? "activation a > 0 (zeros left out, a > 3 in the top row)"
                                                        : "activation a");
    int len = snprintf(settings, sizeof settings,
                       "set palette defined (0 '#ffffff', 0.1 '#c6dbef', 0.5 '#4292c6', 1 '#08306b')\n"
                       "set cbrange [0:1]\nset xrange [-0.5:%d.5]\nset yrange [%g:%g]\n"
                       "set key below horizontal\nset bmargin 6\nset xtics (",
                       NX - 1, da->lo, da->hi);
    for (int c = 0; c < N_CHOICES; c++)
        len += snprintf(settings + len, sizeof settings - len, "%s\"%s\" %g", c ? ", " : "",
                        CHOICES[c].label, c * BLOCK + (DEPTH + 1) / 2.0);
    snprintf(settings + len, sizeof settings - len, ")");
    Plot *pl = plot_begin(plotter, name, &(PlotSpec){
        .title = title, .xlabel = "initializer: one block of 10 columns, layers 1 to 10 left to right",
        .ylabel = ylabel, .cblabel = "units in the bin / units in the layer's fullest bin",
        .settings = settings, .width = 1300, .height = 650});
    if (!z) {
        plot_fail(pl, "out of memory");
        plot_end(pl);
        return;
    }
    double mean[NX], lo[NX], hi[NX], x[NX];
    int n = 0;
    for (int c = 0; c < N_CHOICES; c++)
        for (int k = 0; k < DEPTH; k++) {
            int col = c * BLOCK + k + 1;
            long top = 1;
            for (int b = 0; b < HIST_BINS; b++)
                top = s->hist[c][k][b] > top ? s->hist[c][k][b] : top;
            for (int b = 0; b < HIST_BINS; b++)
                z[b * NX + col] = (double)s->hist[c][k][b] / top;
            x[n] = col;
            mean[n] = s->m[c][k].mean;
            lo[n] = mean[n] - s->m[c][k].sd;
            hi[n] = mean[n] + s->m[c][k].sd;
            n++;
        }
    double w = (da->hi - da->lo) / HIST_BINS;
    plot_heatmap(pl, &(PlotGrid){.x0 = 0, .x1 = NX - 1, .y0 = da->lo + w / 2,
                                 .y1 = da->hi - w / 2, .nx = NX, .ny = HIST_BINS, .z = z});
    free(z);
    plot_series(pl, "mean of the layer", "points pt 7 ps 0.6 lc rgb '#d62728'", x, mean, n);
    plot_series(pl, "mean +- standard deviation", "points pt 2 ps 0.6 lc rgb '#ff7f0e'", x, lo, n);
    plot_series(pl, NULL, "points pt 2 ps 0.6 lc rgb '#ff7f0e'", x, hi, n);
    plot_end(pl);
}

/* spread_<act>.png: per layer, the standard deviation of the activations
 * (solid) and the part of it that follows the input (dashed), log scale. */
static void plot_spread(Plotter *plotter, const Spread *s, const DeepAct *da)
{
    char name[32], title[160];
    snprintf(name, sizeof name, "spread_%s", da->name);
    snprintf(title, sizeof title, "%s: the spread of each layer's activations at initialization",
             da->name);
    Plot *pl = plot_begin(plotter, name, &(PlotSpec){
        .title = title, .xlabel = "hidden layer",
        .ylabel = "standard deviation (log scale)",
        .settings = "set logscale y\nset format y '%.0e'\nset key outside right\nset xtics 1",
        .width = 1200});
    double x[DEPTH], y[DEPTH];
    for (int k = 0; k < DEPTH; k++)
        x[k] = k + 1;
    for (int t = 0; t < N_SHOWN; t++) {
        const Choice *ch = &CHOICES[SHOWN[t]];
        char style[96], legend[128];
        for (int k = 0; k < DEPTH; k++)
            y[k] = s->m[SHOWN[t]][k].sd;
        snprintf(style, sizeof style, "linespoints %s pt 7 ps 0.8", ch->pen);
        snprintf(legend, sizeof legend, "%s: sd of a", ch->legend);
        plot_series(pl, legend, style, x, y, DEPTH);
        for (int k = 0; k < DEPTH; k++)
            y[k] = s->signal[SHOWN[t]][k];
        snprintf(style, sizeof style, "lines %s dt 2", ch->pen);
        snprintf(legend, sizeof legend, "  the part that follows the input");
        plot_series(pl, legend, style, x, y, DEPTH);
    }
    plot_end(pl);
}

/* What each table shows, with its numbers. */
static void comment_spread(const Spread *s, const DeepAct *da)
{
    if (da->act == ACT_TANH) {
        printf("\nsigma = 0.01 (g = 0.0032) shrinks the signal by sqrt(g) = 0.057 a layer until\n"
               "it is numerically nothing: the collapse to zero. sigma = 1 (g = 32) saturates\n"
               "the units at +-1 from layer 1 on (the \"flat\" row), where tanh' = 1 - a^2 is\n"
               "almost 0. The uniform start (g = 1/3) shrinks by 0.577 a layer, as predicted.\n"
               "Xavier (g = 1) keeps a spread, drifting down a little because tanh bends\n"
               "below its tangent; He (g = 2) would grow, but the bend holds it back.\n");
    } else if (da->act == ACT_RELU) {
        hand_printf("\nReLU is linear on its positive half, so sqrt(g) predicts the factor well:\n"
                    "He (g = 1) keeps the spread, Xavier loses 0.707 a layer, sigma = 1 grows 4\n"
                    "times a layer. With biases 0, relu(c z) = c relu(z): the normal starts are\n"
                    "the same weights at another scale, so their columns are scaled copies.\n"
                    "sigma = 1 over sigma = 0.01 at layer 1: %v / %v = %v;\n"
                    "at layer 2: %v.\n",
                    s->m[LARGE][0].sd, s->m[SMALL][0].sd, s->m[LARGE][0].sd / s->m[SMALL][0].sd,
                    s->m[LARGE][1].sd / s->m[SMALL][1].sd);
    } else {
        double sd1 = s->m[XAVIER_N][0].sd, bound = sd1 * pow(0.25, DEPTH - 1);
        hand_printf("\nsigmoid's outputs sit around 0.5, not 0. A unit's z = sum_i w_ij a_i then\n"
                    "holds 0.5 sum_i w_ij, fixed for each unit whatever the input: most of the\n"
                    "spread above is units that differ from each other, not from sample to\n"
                    "sample. The \"input\" row measures the part that follows the input. It is\n"
                    "multiplied by sigmoid' <= 1/4 in every layer, so with Xavier (g = 1) it\n"
                    "is about sd_1 x (1/4)^%d at layer %d:\n\n"
                    "    %v x %v = %v   (measured: %v)\n\n"
                    "Before any training the net has forgotten its input.\n",
                    DEPTH - 1, DEPTH, sd1, pow(0.25, DEPTH - 1), bound,
                    s->signal[XAVIER_N][DEPTH - 1]);
    }
}

static int lecture_deep_spread(Plotter *plotter, const Mat *X, int n_out, uint64_t seed)
{
    hand_section("6. A deep net at initialization: the spread of every layer");
    hand_printf("%d inputs -> %d hidden layers of %d units -> %d softmax outputs, biases 0.\n"
                "The first %d standardized rows of the data go through it once, before any\n"
                "training. Every initializer draws from the same seed: the normal ones give\n"
                "the same weights up to a scale, and so do the uniform ones. Under each\n"
                "table, for layer %d: the mean; \"input\", the standard deviation of each\n"
                "unit across the samples, averaged over the units (how much the layer\n"
                "still follows its input); \"flat\", the share of values where the\n"
                "activation is flat (tanh: |a| > 0.99; sigmoid: a < 0.01 or a > 0.99), for\n"
                "ReLU \"off\" (a = 0).\n",
                X->cols, DEPTH, WIDTH, n_out, X->rows, DEPTH);
    Spread *s = malloc(sizeof *s);
    if (!s)
        return chapter_error("out of memory");
    for (int a = 0; a < N_ACTS; a++) {
        const DeepAct *da = &DEEP_ACTS[a];
        if (measure_spread(s, da, X, n_out, seed) != 0) {
            free(s);
            return CHAPTER_ERROR;
        }
        print_spread(s, da);
        if (da->act != ACT_SIGMOID)
            print_factors(s, da);
        comment_spread(s, da);
        plot_histograms(plotter, s, da);
        plot_spread(plotter, s, da);
    }
    free(s);
    return 0;
}

/* ---- 7. Training the deep net ---------------------------------------------------------- */

typedef struct {
    double loss[MAX_EPOCHS + 1]; /* held-out loss before training (0) and after each epoch */
    int epochs;                  /* epochs completed: fewer when training diverged */
    int diverged;
    char why[256];               /* net_fit's message when it diverged */
    double accuracy;             /* held-out, after the last epoch (NAN when diverged) */
    int stuck;                   /* hidden units flat for every held-out row, after it */
} TrainRun;

/* The hidden units of the deep net that are flat (is_flat) for every row
 * of X: a dead ReLU unit, a tanh unit saturated whatever the input. Their
 * gradient is 0 (or almost) for every sample: they no longer learn. */
static int stuck_units(Net *net, const Mat *X)
{
    net_forward(net, X);
    int stuck = 0;
    for (int k = 1; k <= DEPTH; k++) {
        Mat A = net_activation(net, k);
        ActKind act = net->layers[k - 1]->act.kind;
        for (int j = 0; j < A.cols; j++) {
            int flat = 1;
            for (int i = 0; i < A.rows && flat; i++)
                flat = is_flat(act, MAT_AT(&A, i, j));
            stuck += flat;
        }
    }
    return stuck;
}

/* Train the net from init (drawn from seed; the batches shuffled by the
 * same Rng) with SGD + momentum; the held-out loss before and after every
 * epoch. A start the lecture calls good (Xavier, He) that diverges means
 * the learning rate is too large: an error. Any other start may diverge:
 * that is its lesson, recorded in run. */
static int train_deep(TrainRun *run, Net *net, int choice, const Mat *Xt, const Mat *Yt,
                      const Mat *Xh, const Mat *Yh, const FitSpec *base, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed);
    net_init(net, &CHOICES[choice].init, &rng);
    Loss cce = {.kind = LOSS_SPARSE_CCE};
    run->loss[0] = net_cost(net, &cce, Xh, Yh);
    FitSpec spec = *base;
    spec.shuffle = &rng;
    spec.X_val = Xh;
    spec.Y_val = Yh;
    spec.val_history = &run->loss[1];
    FitResult res;
    int rc = net_fit(net, &cce, Xt, Yt, &spec, &res);
    run->epochs = res.epochs;
    run->diverged = res.diverged;
    run->accuracy = NAN;
    if (rc != 0 && (!res.diverged || choice == XAVIER_N || choice == HE_N)) {
        char what[80];
        snprintf(what, sizeof what, "%s from %s", act_name(net->layers[0]->act.kind),
                 CHOICES[choice].label);
        return chapter_fit_error(what, res.message, res.hint);
    }
    if (rc != 0) {
        snprintf(run->why, sizeof run->why, "%s", res.message);
    } else {
        run->accuracy = net_accuracy(net, &cce, Xh, Yh);
        run->stuck = stuck_units(net, Xh);
    }
    return 0;
}

static void plot_training(Plotter *plotter, const TrainRun *runs, const DeepAct *da, int n_out,
                          int epochs)
{
    char name[32], title[160];
    snprintf(name, sizeof name, "training_%s", da->name);
    snprintf(title, sizeof title,
             "%s, %d hidden layers: held-out loss per epoch from each initializer", da->name,
             DEPTH);
    ChapterCurve curves[N_SHOWN + 1];
    char style[N_SHOWN][96], legend[N_SHOWN][96], chance[64];
    double ln_k[MAX_EPOCHS + 1];
    for (int t = 0; t < N_SHOWN; t++) {
        const Choice *ch = &CHOICES[SHOWN[t]];
        snprintf(style[t], sizeof style[t], "linespoints %s pt 7", ch->pen);
        if (runs[t].diverged)
            snprintf(legend[t], sizeof legend[t], "%s: diverged in epoch %d", ch->legend,
                     runs[t].epochs + 1);
        else
            snprintf(legend[t], sizeof legend[t], "%s", ch->legend);
        curves[t] = (ChapterCurve){.legend = legend[t], .style = style[t], .y = runs[t].loss,
                                   .n = runs[t].epochs + 1, .first = 0};
    }
    for (int e = 0; e <= epochs; e++)
        ln_k[e] = log((double)n_out);
    snprintf(chance, sizeof chance, "ln %d: a net that has learnt nothing", n_out);
    curves[N_SHOWN] = (ChapterCurve){.legend = chance, .style = "lines dt 3 lw 1 lc rgb '#000000'",
                                     .y = ln_k, .n = epochs + 1, .first = 0};
    chapter_plot_curves(plotter, name, &(PlotSpec){
        .title = title, .xlabel = "epoch (0: before training)",
        .ylabel = "held-out cross-entropy (log scale)",
        .settings = "set logscale y\nset key outside right\nset xtics 1", .width = 1100},
        curves, N_SHOWN + 1);
}

/* One activation's table: the held-out loss per epoch, the accuracy. */
static void print_training(const TrainRun *runs, const char *act, int epochs)
{
    hand_printf("\n%s:\n    %-14s", act, "initializer");
    for (int e = 0; e <= epochs; e++)
        hand_printf("  %8s %-3d", "epoch", e);
    hand_printf("  %8s  %5s\n", "accuracy", "stuck");
    for (int t = 0; t < N_SHOWN; t++) {
        const TrainRun *r = &runs[t];
        hand_printf("    %-14s", CHOICES[SHOWN[t]].label);
        for (int e = 0; e <= r->epochs; e++)
            hand_printf("  %12v", r->loss[e]);
        if (r->diverged)
            hand_printf("  %s\n", r->why);
        else
            hand_printf("  %8v  %5d\n", r->accuracy, r->stuck);
    }
}

static int lecture_training(Plotter *plotter, const DataSplit *sp, int n_out, int epochs,
                            double lr, uint64_t seed)
{
    int n_train = sp->X_train->rows < TRAIN_ROWS ? sp->X_train->rows : TRAIN_ROWS;
    int n_held = sp->X_test->rows < HELD_ROWS ? sp->X_test->rows : HELD_ROWS;
    const Mat Xt = mat_cview_rows(sp->X_train, 0, n_train);
    const Mat Yt = mat_cview_rows(sp->y_train, 0, n_train);
    const Mat Xh = mat_cview_rows(sp->X_test, 0, n_held);
    const Mat Yh = mat_cview_rows(sp->y_test, 0, n_held);
    hand_section("7. Training the deep net from each initializer");
    hand_printf("The same nets, trained on %d rows with SGD and momentum 0.9 (lr = %v,\n"
                "batches of %d, %d epochs). The loss is the cross-entropy on %d held-out\n"
                "rows; ln %d = %v is what a net that has learnt nothing scores. Plain\n"
                "SGD steps in proportion to the gradient, so what the start does to the\n"
                "gradients shows (Adam rescales every step and hides part of it). The\n"
                "uniform variants of Xavier and He have the variance of their normal ones\n"
                "(section 3) and are left out.\n",
                n_train, lr, BATCH, epochs, n_held, n_out, log((double)n_out));
    FitSpec base = {.epochs = epochs, .batch_size = BATCH,
                    .optim = &(OptimSpec){.kind = OPTIM_MOMENTUM, .lr = lr}};
    TrainRun *runs = malloc(N_SHOWN * sizeof *runs);
    if (!runs)
        return chapter_error("out of memory");
    int rc = 0;
    for (int a = ACT_TH; a <= ACT_RL && rc == 0; a++) {
        const DeepAct *da = &DEEP_ACTS[a];
        Net *net = deep_net(Xt.cols, n_out, da->act, n_held > BATCH ? n_held : BATCH);
        if (!net) {
            rc = chapter_error("out of memory");
            break;
        }
        for (int t = 0; t < N_SHOWN && rc == 0; t++)
            rc = train_deep(&runs[t], net, SHOWN[t], &Xt, &Yt, &Xh, &Yh, &base, seed);
        net_free(net);
        if (rc == 0) {
            print_training(runs, da->name, epochs);
            plot_training(plotter, runs, da, n_out, epochs);
        }
    }
    free(runs);
    if (rc != 0)
        return rc;
    hand_printf("\nWhat to look for. The starts whose signal shrinks in section 6 (sigma = 0.01;\n"
                "uniform, g = 1/3) stay at ln %d: the gradients of the early layers shrink\n"
                "the same way, and SGD barely moves them. sigma = 1 starts far above ln %d:\n"
                "saturated tanh units and exploded ReLU outputs make confident wrong\n"
                "guesses. With tanh it learns slowly (tanh' ~ 0 in saturated units). With\n"
                "ReLU its gradients are exploded like its outputs (x 4 a layer) and the\n"
                "first steps are huge: they overflow the weights (\"diverged\") or switch\n"
                "most units off for good (the \"stuck\" column counts the hidden units that\n"
                "are flat for every held-out row, of %d), and a net that says the same for\n"
                "every input scores ln %d. With tanh, Xavier and He both learn (He's g = 2\n"
                "is held back by saturation); with ReLU, He (g = 1) learns where Xavier\n"
                "(g = 1/2) barely moves: Xavier's signal at layer %d, and its gradient at\n"
                "layer 1, cross %d layers of g = 1/2 instead of 1: sqrt(1/2)^%d = %v of He's.\n",
                n_out, n_out, DEPTH * WIDTH, n_out, DEPTH, DEPTH, DEPTH, pow(sqrt(0.5), DEPTH));
    return 0;
}

/* ---- 8. Which initializer when --------------------------------------------------------- */

static void lecture_summary(void)
{
    hand_section("8. Which initializer when");
    printf("    %-22s  %-34s  %s\n", "activation", "initializer", "why (sections 5-7)");
    printf("    %-22s  %-34s  %s\n", "tanh, sigmoid, softmax", "Xavier/Glorot (normal or uniform)",
           "g = 1 for units near 0");
    printf("    %-22s  %-34s  %s\n", "ReLU, leaky ReLU", "He (normal or uniform)",
           "g = 1 with ReLU's 1/2");
    printf("    %-22s  %-34s  %s\n", "any", "zeros or a constant: never",
           "the units stay identical");
    printf("    %-22s  %-34s  %s\n", "any", "a fixed sigma (0.01, 1): no",
           "g depends on fan_in");
    printf("\nKeras' Dense layers start from glorot_uniform; give ReLU layers\n"
           "kernel_initializer=\"he_normal\" (or he_uniform). Biases start at 0: the\n"
           "random weights already break the symmetry. sigmoid keeps its trouble\n"
           "even with Xavier: its outputs are not centred, and sigmoid' <= 1/4 divides\n"
           "what follows the input by 4 or more a layer, forward (section 6) and\n"
           "backward (the gradient: chapter 10).\n");
}

/* ---- the worked numbers and their worksheet ------------------------------------------------ */

/* Sections 2 to 5's numbers, computed once from the givens: the lecture
 * prints them, the worksheet (--check, --quiz) names them. */
typedef struct {
    SymStep sym;           /* section 2 */
    Dist dist[N_CHOICES];  /* section 3: the fans of the givens */
    Sampled sampled;       /* section 4 (free sampled.w) */
    Gains gains;           /* section 5 */
} Worked;

static int worked_compute(Worked *w, const Givens *g, uint64_t seed)
{
    w->sym = sym_step(g);
    for (int c = 0; c < N_CHOICES; c++)
        w->dist[c] = dist_of(&CHOICES[c].init, g->fan_in, g->fan_out);
    w->gains = gains_of(g->width);
    return sample_all(&w->sampled, g, w->dist, seed);
}

/* The worksheet of section 2 onto sh: one step from every weight w. */
static void sheet_symmetry(Sheet *sh, const Givens *g, const Worked *w)
{
    const SymStep *s = &w->sym;
    sheet_heading(sh, SYM_TITLE);
    sheet_given(sh, "w", g->c);
    sheet_given(sh, "x1", g->x1);
    sheet_given(sh, "x2", g->x2);
    sheet_given(sh, "y", g->y);
    sheet_given(sh, "eta", g->eta);
    sheet_calc(sh, "z1_1", s->z1, "w x1 + w x2");
    sheet_calc(sh, "h1", s->h, "tanh(z1_1)");
    sheet_calc(sh, "z2", s->z2, "w h1 + w h1");
    sheet_calc(sh, "y_hat", s->y_hat, "sigmoid(z2)");
    sheet_calc(sh, "dC/dz2", s->dz2, "y_hat - y");
    sheet_calc(sh, "dC/dw2_11", s->dw2, "h1 dC/dz2");
    sheet_calc(sh, "dC/dz1_1", s->dz1, "dC/dz2 w (1 - h1^2)");
    sheet_calc(sh, "dC/dw1_11", s->dw1_x1, "x1 dC/dz1_1");
    sheet_calc(sh, "dC/dw1_21", s->dw1_x2, "x2 dC/dz1_1");
    sheet_calc(sh, "w1_11+", s->w1_x1, "w - eta dC/dw1_11");
    sheet_calc(sh, "w1_21+", s->w1_x2, "w - eta dC/dw1_21");
    sheet_calc(sh, "w2_11+", s->w2, "w - eta dC/dw2_11");
}

/* The worksheet of section 3: each rule's r or sigma and its variance. */
static void sheet_formulas(Sheet *sh, const Givens *g, const Worked *w)
{
    const Dist *d = w->dist;
    char title[80];
    sheet_heading(sh, formulas_title(title, sizeof title, g));
    sheet_given(sh, "fan_in", g->fan_in);
    sheet_given(sh, "fan_out", g->fan_out);
    sheet_calc(sh, "r_uniform", d[UNIFORM].r, "1/sqrt(fan_in)");
    sheet_calc(sh, "Var_uniform", d[UNIFORM].var, "r_uniform^2 / 3");
    sheet_calc(sh, "sigma_xavier", d[XAVIER_N].sd, "sqrt(2/(fan_in + fan_out))");
    sheet_calc(sh, "Var_xavier_n", d[XAVIER_N].var, "sigma_xavier^2");
    sheet_calc(sh, "r_xavier", d[XAVIER_U].r, "sqrt(6/(fan_in + fan_out))");
    sheet_calc(sh, "Var_xavier_u", d[XAVIER_U].var, "r_xavier^2 / 3");
    sheet_calc(sh, "sigma_he", d[HE_N].sd, "sqrt(2 / fan_in)");
    sheet_calc(sh, "Var_he_n", d[HE_N].var, "sigma_he^2");
    sheet_calc(sh, "r_he", d[HE_U].r, "sqrt(6 / fan_in)");
    sheet_calc(sh, "Var_he_u", d[HE_U].var, "r_he^2 / 3");
}

/* The worksheet of section 4: the sampled Xavier weights' mean and
 * variance, their standard errors and z. */
static void sheet_sampling(Sheet *sh, const Worked *w)
{
    const Sampled *sa = &w->sampled;
    sheet_heading(sh, SAMPLE_TITLE);
    sheet_given(sh, "xn/mean", sa->m[XAVIER_N].mean);
    sheet_given(sh, "xn/variance", sa->m[XAVIER_N].var);
    sheet_given(sh, "xu/mean", sa->m[XAVIER_U].mean);
    sheet_given(sh, "xu/variance", sa->m[XAVIER_U].var);
    char f[SHEET_TEXT_LEN];
    snprintf(f, sizeof f, "%d fan_in fan_out", DRAWS);
    sheet_calc(sh, "n", (double)sa->n, f);
    sheet_calc(sh, "xn/SE_mean", sa->se_mean[XAVIER_N], "sigma_xavier / sqrt(n)");
    sheet_calc(sh, "xn/z_mean", sa->z_mean[XAVIER_N], "xn/mean / xn/SE_mean");
    sheet_calc(sh, "xn/SE_var", sa->se_var[XAVIER_N], "Var_xavier_n sqrt(2 / n)");
    sheet_calc(sh, "xn/z_var", sa->z_var[XAVIER_N], "(xn/variance - Var_xavier_n) / xn/SE_var");
    sheet_calc(sh, "xu/SE_mean", sa->se_mean[XAVIER_U], "(r_xavier / sqrt(3)) / sqrt(n)");
    sheet_calc(sh, "xu/z_mean", sa->z_mean[XAVIER_U], "xu/mean / xu/SE_mean");
    sheet_calc(sh, "xu/SE_var", sa->se_var[XAVIER_U], "r_xavier^2 sqrt((1/5 - 1/9) / n)");
    sheet_calc(sh, "xu/z_var", sa->z_var[XAVIER_U], "(xu/variance - Var_xavier_u) / xu/SE_var");
}

/* The worksheet of section 5: the gains at fan_in = fan_out = width. */
static void sheet_gain(Sheet *sh, const Givens *g, const Worked *w)
{
    sheet_heading(sh, GAIN_TITLE);
    sheet_given(sh, "width", g->width);
    sheet_calc(sh, "g_xavier_tanh", w->gains.g_tanh[XAVIER_N], "width 2/(width + width)");
    sheet_calc(sh, "g_he_relu", w->gains.g_relu[HE_N], "width (2 / width) / 2");
    sheet_calc(sh, "g_xavier_relu", w->gains.g_relu[XAVIER_N], "width 2/(width + width) / 2");
}

/* Sections 2 to 5 with the names the transcript prints in brackets:
 * section 2's step from every weight w (z1_1 for z^1_1, dC/dw1_11 for
 * dC/dw^1_11, w1_11+ after the update, ...); section 3's r_ and sigma_ of
 * each rule and its Var_; section 4's n and, for Xavier normal (xn/) and
 * uniform (xu/), the sampled mean and variance, their SE and z; section
 * 5's gains at fan_in = fan_out = width. */
static void fill_sheet(Sheet *sh, const Givens *g, const Worked *w)
{
    sheet_init(sh);
    sheet_symmetry(sh, g, w);
    sheet_formulas(sh, g, w);
    sheet_sampling(sh, w);
    sheet_gain(sh, g, w);
}

/* ---- the lecture --------------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 09 - Weight initialization (lecture notes 002, 004)\n"
    "The three rules; zeros and constants keep the units identical; fan_in and\n"
    "fan_out; uniform, Xavier/Glorot and He with numbers and sampled checks; the\n"
    "variance gain of a layer; a 10-layer net's activations at initialization\n"
    "(collapse, saturation, a steady spread) and its training from each start.";

/* The data: every column but the last is a feature, the last the class. */
static const DataXYSpec DATA_SPEC = {.target_col = -1, .want = {.kind = DATA_TARGET_CLASS}};

/* Split (seeded), standardize with the training rows' statistics. */
static int prepare(DataSplit *sp, const DataXY *d, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed);
    if (data_split(sp, &rng, d->X, d->y, TEST_FRACTION) != 0)
        return chapter_error("out of memory");
    Mat *mean = mat_new(1, d->X->cols), *sd = mat_new(1, d->X->cols);
    if (!mean || !sd) {
        mat_free(mean);
        mat_free(sd);
        return chapter_error("out of memory");
    }
    data_standardize(sp->X_train, mean, sd);
    data_standardize_apply(sp->X_test, mean, sd);
    mat_free(mean);
    mat_free(sd);
    return 0;
}

/* Sections 6 and 7's data: the CSV at path (MIN_ROWS rows at least),
 * split and standardized into split. Returns 0, or CHAPTER_ERROR after
 * printing the error. */
static int load_data(Chapter *ch, DataXY *data, DataSplit *split, const char *path)
{
    if (chapter_load_xy(ch, data, path, &DATA_SPEC, "data") != 0)
        return CHAPTER_ERROR;
    if (data->X->rows < MIN_ROWS)
        return chapter_error("%s: %d rows; the deep net needs at least %d", path,
                             data->X->rows, MIN_ROWS);
    return prepare(split, data, ch->opt.seed);
}

/* Sections 1-5: the rules and the worked numbers w of the givens g (n_in,
 * n_out: the data's inputs and classes, for section 3). Returns 0, or
 * CHAPTER_ERROR after printing the error. */
static int lecture_worked(Plotter *plotter, const Givens *g, const Worked *w, int n_in,
                          int n_out, uint64_t seed)
{
    lecture_rules(g);
    lecture_symmetry_by_hand(g, &w->sym);
    if (lecture_symmetry_training(plotter, seed) != 0)
        return CHAPTER_ERROR;
    lecture_formulas(g, w->dist, n_in, n_out);
    lecture_sampling(plotter, g, w->dist, &w->sampled);
    lecture_gain(g, &w->gains);
    return 0;
}

/* Sections 6-8: the deep net on the data (split, n_out classes) at
 * initialization and in training, then which initializer when. Returns
 * 0, or CHAPTER_ERROR after printing the error. */
static int lecture_deep(Plotter *plotter, const DataSplit *split, int n_out, int epochs,
                        double lr, uint64_t seed)
{
    int n_spread = split->X_train->rows < SPREAD_ROWS ? split->X_train->rows : SPREAD_ROWS;
    const Mat X_spread = mat_cview_rows(split->X_train, 0, n_spread);
    if (lecture_deep_spread(plotter, &X_spread, n_out, seed) != 0 ||
        lecture_training(plotter, split, n_out, epochs, lr, seed) != 0)
        return CHAPTER_ERROR;
    lecture_summary();
    return 0;
}

int main(int argc, char **argv)
{
    const char *data_path = DEFAULT_DATA;
    int epochs = EPOCHS;
    double lr = LR;
    CliFlag flags[] = {
        {"data", CLI_STRING, &data_path, "FILE",
         "CSV for the deep net: features, then the class 0..k-1 (default datasets/digits.csv)"},
        {"epochs", CLI_INT, &epochs, "N", "epochs of section 7 (default 4)"},
        {"lr", CLI_DOUBLE, &lr, "RATE", "the learning rate of section 7 (default 0.01)"},
    };
    CliRange ranges[] = {{"epochs", '[', 1, MAX_EPOCHS, ']'}, {"lr", '(', 0, INFINITY, ')'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED, .flags = flags,
                    .n_flags = 3, .ranges = ranges, .n_ranges = 2, .sheet = 1};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;

    /* 1. the worked examples' numbers, from other givens for --variant N */
    Givens given = ch.opt.variant ? givens_draw(&ch.variant) : NOTES;
    Worked worked = {0};
    DataXY data = {0};
    DataSplit split = {0};
    rc = CHAPTER_ERROR;
    if (worked_compute(&worked, &given, ch.opt.seed) != 0)
        goto done;
    /* 2. --check, --quiz: the worksheet of sections 2 to 5 */
    if (chapter_wants_sheet(&ch)) {
        Sheet sheet;
        fill_sheet(&sheet, &given, &worked);
        rc = chapter_sheet(&ch, &sheet);
        goto done;
    }
    /* 3. the data: bad data ends the program before the lecture starts */
    if (load_data(&ch, &data, &split, data_path) != 0 || chapter_start_lecture(&ch) != 0)
        goto done;
    /* 4. the lecture: sections 1-5 on the givens, 6-8 on the data */
    if (lecture_worked(&ch.plots, &given, &worked, data.X->cols, data.classes, ch.opt.seed) != 0)
        goto done;
    rc = lecture_deep(&ch.plots, &split, data.classes, epochs, lr, ch.opt.seed);
done:
    free(worked.sampled.w);
    data_split_free(&split);
    data_xy_free(&data);
    return chapter_end(&ch, rc);
}
