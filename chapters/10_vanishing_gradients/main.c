/* Chapter 10 - Vanishing and exploding gradients
 *
 * Lecture notes: 001 (the vanishing gradient problem, 0.1 x 0.1 x 0.1 x
 * 0.1 = 0.0001, how to recognize it, its fixes and those of the exploding
 * gradient), 002 (sigmoid' <= 0.25; exploding "because of weight") and 004
 * (vanishing when the weights are too small, exploding when too big).
 *
 * What you will learn
 *   - backpropagation multiplies one factor w s'(z) per layer; with
 *     s' <= 0.25 the factors are small, so the error reaching the first
 *     layers shrinks with depth: the early layers learn slowly
 *   - the "speed of learning" of a layer, ||dC/db^[l]|| or ||dC/dW^[l]||,
 *     measured on real data (digits) as Nielsen measured it on MNIST
 *   - how to recognize the problem (001): a loss that stops changing, and
 *     weights that do not move when plotted against the epochs
 *   - the fixes of 001, measured the same way: ReLU, He initialization,
 *     batch normalization, residual connections, fewer layers
 *   - exploding gradients from large weights: the loss blows up, and
 *     clipping the gradient by norm or by value tames it
 *
 * Key equations (samples are rows; layer l has W^[l] (n_(l-1) x n_l))
 *   forward    Z^[l] = A^[l-1] W^[l] + b^[l],   A^[l] = s(Z^[l])
 *   backward   delta^[L] = (A^[L] - Y) / (m k)          sigmoid + cross-entropy
 *              delta^[l] = (delta^[l+1] W^[l+1]^T) * s'(Z^[l])
 *              dC/dW^[l] = A^[l-1]^T delta^[l],  dC/db^[l] = sum over rows of delta^[l]
 *   one unit a layer: dC/db_1 = s'(z_1) w_2 s'(z_2) w_3 s'(z_3) w_4 dC/dz_4
 *   speed of layer l: ||dC/dW^[l]|| = sqrt(sum_ij (dC/dw^l_ij)^2)
 *   clipping   by norm: g <- g c / ||g|| when ||g|| > c;  by value: g <- min(max(g, -c), c)
 *
 * Run it
 *   ./build/10_vanishing_gradients                the lecture, plots in out/10_vanishing_gradients/
 *   ./build/10_vanishing_gradients --plots=dumb   the plots drawn in the terminal
 *   ./build/10_vanishing_gradients --epochs 30    train longer (sections 3-6)
 *   ./build/10_vanishing_gradients --data my.csv  images of your own: pixels, then the class
 *
 * Plots
 *   nielsen.png     speed of each hidden layer at the start, 2 to 4 hidden layers, with Nielsen's
 *   speed.png       the speed of each layer of the deep sigmoid net, epoch by epoch
 *   loss.png        its loss stops at the cost of guessing 1/10 per class; ReLU + He's falls
 *   weights.png     how far each layer's weights have moved, epoch by epoch
 *   fixes.png       the speed of each layer at the start, for every fix
 *   fixes_ratio.png first layer's speed / last layer's, epoch by epoch, for every fix
 *   fixes_loss.png  the training loss of every fix
 *   exploding.png   large weights: the gradient's norm batch by batch, without and with clipping
 *   clipping.png    large weights, clipped: the training loss per epoch
 *
 * The checks of these numbers (the chain by hand against the library's
 * backpropagation, the layer speeds against central differences, the
 * divergence and the clipping) are unit tests:
 * tests/unit/test_ch10_vanishing_gradients.c and tests/unit/test_gradnorm.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "chapter.h"
#include "cli.h"
#include "data.h"
#include "gradnorm.h"
#include "hand.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "optim.h"
#include "param.h"
#include "plot.h"
#include "rng.h"
#include "sheet.h"

#define CHAPTER "10_vanishing_gradients"
#define DEFAULT_DATA "datasets/digits.csv"
#define SEED 1991           /* Hochreiter's thesis found the vanishing gradient in 1991 */
#define WIDTH 30            /* units per hidden layer, as in Nielsen's nets */
#define TRAIN_ROWS 1000     /* Nielsen measured on the first 1000 training images */
#define MEASURE_ROWS 250    /* the rows the speeds are measured on during training */
#define NIELSEN_INITS 5     /* random starts averaged in section 2 */
#define MIN_ROWS 40         /* the fewest rows --data may have */
#define DEEP 4              /* hidden layers of the deep sigmoid net */
#define BATCH 10            /* Nielsen's mini-batch */
#define LR 1.0              /* Nielsen's eta = 0.1 for his cost, summed over 10 outputs */
#define EPOCHS 5            /* default epochs of sections 3-6 */
#define MAX_EPOCHS 100      /* the most --epochs accepts */
#define MAX_DENSE 8         /* dense layers a net of this chapter has at most */
#define LEARNED 0.5         /* held-out accuracy that counts as "it learns" (chance: 0.1) */
#define PLATEAU 0.01        /* a loss this close to the cost of guessing has not left it */
#define EXPLODE_DEEP 6      /* hidden ReLU layers of the exploding net */
#define EXPLODE_SIGMA 0.5   /* its weights: N(0, 0.5^2), twice He's sigma for 30 inputs */
#define CLIPNORM 1.0        /* clip the global norm to 1 */
#define CLIPVALUE 0.1       /* clamp every gradient value to [-0.1, 0.1] */
#define EXPLODE_BATCHES 40  /* batches shown one by one in section 6 */

/* The classifier's cost: sigmoid outputs with binary cross-entropy, as in
 * Nielsen's network2 (his cost sums the 10 outputs' terms; the library's
 * averages them, as Keras does, so his gradients are 10 x ours). */
static const Loss BCE = {.kind = LOSS_BCE};

/* ---- the data ---------------------------------------------------------- */

/* Images, their pixels scaled to [0, 1], split into a training set of
 * TRAIN_ROWS rows (fewer for a small file) and a held-out set. */
typedef struct {
    DataSplit split;    /* X_train (n x p), y_train (n x 1) class indices, and the test rows */
    Mat *Y, *Y_test;    /* the classes one-hot: (n x k), (n_test x k) */
    int classes;
    int n_measure;      /* the first rows of X_train, where speeds are measured */
    double scale;       /* the largest pixel value (16 for digits) */
    char name[16];      /* what tables and plots call them: "digits", or --data's file */
} Images;

/* The data: every column but the last is a pixel, the last the class 0..k-1. */
static const DataXYSpec DATA_SPEC = {.target_col = -1, .want = {.kind = DATA_TARGET_CLASS}};

/* A new (rows x k) one-hot matrix of the class indices y (rows x 1). */
static Mat *one_hot(const Mat *y, int k)
{
    Mat *Y = mat_new(y->rows, k);
    for (int i = 0; Y && i < y->rows; i++)
        MAT_AT(Y, i, (int)MAT_AT(y, i, 0)) = 1.0;
    return Y;
}

static void images_free(Images *im)
{
    data_split_free(&im->split);
    mat_free(im->Y);
    mat_free(im->Y_test);
}

/* The images' name in tables and plots: "digits" for the default file,
 * else the file's name without folders and extension, cut to fit a
 * column of the tables (at most 8 characters). */
static void images_name(Images *im, const char *path)
{
    if (strcmp(path, DEFAULT_DATA) == 0) {
        snprintf(im->name, sizeof im->name, "digits");
        return;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strcspn(base, ".");
    snprintf(im->name, sizeof im->name, "%.*s", (int)(n > 8 ? 8 : n), base);
}

/* Scale, shuffle and split csv's rows; 0, or CHAPTER_ERROR after a message. */
static int images_make(Images *im, DataXY *csv, const char *path, Rng *rng)
{
    images_name(im, path);
    int m = csv->X->rows;
    if (m < MIN_ROWS)
        return chapter_error("%s: %d rows; this chapter needs at least %d", path, m, MIN_ROWS);
    double top = 0.0;
    for (long i = 0; i < (long)m * csv->X->cols; i++)
        top = fmax(top, fabs(csv->X->data[i]));
    if (!(top > 0))
        return chapter_error("%s: every pixel is 0; there is nothing to learn", path);
    mat_scale(csv->X, 1.0 / top); /* x <- x / 16: pixels in [0, 1], as MNIST's */
    int n_train = m - m / 4 < TRAIN_ROWS ? m - m / 4 : TRAIN_ROWS;
    im->scale = top;
    im->classes = csv->classes;
    im->n_measure = n_train < MEASURE_ROWS ? n_train : MEASURE_ROWS;
    if (data_split(&im->split, rng, csv->X, csv->y, (double)(m - n_train) / m) != 0 ||
        !(im->Y = one_hot(im->split.y_train, im->classes)) ||
        !(im->Y_test = one_hot(im->split.y_test, im->classes)))
        return chapter_error("out of memory");
    return CHAPTER_OK;
}

/* ---- 1. The gradient is a product ---------------------------------------- */

/* A chain of one sigmoid unit per layer: a_k = s(w_k a_(k-1) + b_k),
 * a_0 = x, and the cost C = -(y ln a_n + (1 - y) ln(1 - a_n)). */
#define CHAIN 4
typedef struct {
    double w[CHAIN], b[CHAIN], x, y;
    double z[CHAIN], a[CHAIN + 1], ds[CHAIN]; /* a[0] = x; ds[k] = s'(z[k]) */
    double delta[CHAIN];                      /* dC/dz_k = dC/db_k */
} Chain;

/* Forward, then backward:
 *   dC/dz_n = a_n - y   (sigmoid + cross-entropy)
 *   dC/dz_k = dC/dz_(k+1) w_(k+1) s'(z_k) */
static void chain_backprop(Chain *c)
{
    c->a[0] = c->x;
    for (int k = 0; k < CHAIN; k++) {
        c->z[k] = c->w[k] * c->a[k] + c->b[k];
        c->a[k + 1] = act_sigmoid(c->z[k]);
        c->ds[k] = act_sigmoid_deriv(c->z[k]);
    }
    c->delta[CHAIN - 1] = c->a[CHAIN] - c->y;
    for (int k = CHAIN - 2; k >= 0; k--)
        c->delta[k] = c->delta[k + 1] * c->w[k + 1] * c->ds[k];
}

/* What sections 1 and 6 work by hand: the chain's x, y, w, b; 001's
 * factor per layer and the step eta it scales; the gradients clipped by
 * hand. --variant N draws others (givens_draw); the training runs keep
 * theirs. */
typedef struct {
    Chain chain;          /* x, y, w[], b[] set; the rest computed */
    double factor, eta;   /* 001: four factors of 0.1, eta = 0.01, w = 1 */
    double g1[2], g2[1];  /* section 6's gradients to clip */
    int notes;            /* 1: the notes' numbers (variant 0) */
} Givens;

static const Givens NOTES_GIVENS = {
    .chain = {.w = {0.6, -1.4, 1.2, 0.9}, .b = {0.1, 0.5, -0.3, 0.2}, .x = 1.0, .y = 0.0},
    .factor = 0.1, .eta = 0.01, .g1 = {3.0, -4.0}, .g2 = {12.0}, .notes = 1};

/* A whole number from -hi to hi, not 0. */
static double draw_nonzero(Rng *rng, int hi)
{
    double v;
    do
        v = sheet_draw(rng, -hi, hi, 0);
    while (v == 0.0);
    return v;
}

/* Givens of the same kind for --variant N: weights in [-2, 2] and biases
 * in [-0.5, 0.5] with one decimal, x in [0, 1], y 0 or 1; a factor 0.05 to
 * 0.5 and eta 0.01 to 0.1; gradients whole numbers (not 0, not all of one
 * size, so clipping by value turns them). */
static Givens givens_draw(Rng *rng)
{
    Givens g = {.notes = 0};
    for (int k = 0; k < CHAIN; k++) {
        g.chain.w[k] = sheet_draw(rng, -2, 2, 1);
        g.chain.b[k] = sheet_draw(rng, -0.5, 0.5, 1);
    }
    g.chain.x = sheet_draw(rng, 0, 1, 1);
    g.chain.y = sheet_draw(rng, 0, 1, 0);
    g.factor = sheet_draw(rng, 0.05, 0.5, 2);
    g.eta = sheet_draw(rng, 0.01, 0.1, 2);
    do {
        g.g1[0] = draw_nonzero(rng, 9);
        g.g1[1] = draw_nonzero(rng, 9);
        g.g2[0] = draw_nonzero(rng, 15);
    } while (fabs(g.g1[0]) == fabs(g.g1[1]) && fabs(g.g1[1]) == fabs(g.g2[0]));
    return g;
}

#define CHAIN_TITLE "1. The gradient is a product of factors, one per layer"

/* Section 1's numbers besides the chain's: each layer's factor |w s'(z)|,
 * |dC/db1| / |dC/db4|, and 001's product of four factors and its step. */
typedef struct {
    double factor[CHAIN];     /* factor[k] = |w_(k+1) s'(z_k)|, k = 0 .. CHAIN - 2 */
    double ratio;             /* |dC/db1| / |dC/db4| */
    double dC_dw1;            /* dC/db1 x */
    double product, w_new;    /* factor^4; 1 - eta product */
} ChainWorked;

static ChainWorked chain_worked(Chain *c, const Givens *g)
{
    ChainWorked cw = {0};
    *c = g->chain;
    chain_backprop(c);
    for (int k = 0; k < CHAIN - 1; k++)
        cw.factor[k] = fabs(c->w[k + 1] * c->ds[k]);
    cw.ratio = fabs(c->delta[0] / c->delta[CHAIN - 1]);
    cw.dC_dw1 = c->delta[0] * c->x;
    cw.product = g->factor * g->factor * g->factor * g->factor;
    cw.w_new = 1.0 - g->eta * cw.product;
    return cw;
}

static void lecture_chain(const Givens *g, const Chain *c, const ChainWorked *cw)
{
    hand_section(CHAIN_TITLE);
    printf("001 writes the gradient of a first-layer weight by the chain rule,\n\n"
           "    dL/dw11 = dL/dy x dy/dz2 x dz2/da1 x da1/dw11\n\n"
           "one factor for every layer the error passes on its way back. Take a\n"
           "chain of four sigmoid units, one per layer (Nielsen's example):\n\n"
           "    x -> a1 = s(w1 x + b1) -> a2 = s(w2 a1 + b2) -> a3 -> a4 -> C\n\n"
           "with the cross-entropy cost C = -(y ln a4 + (1 - y) ln(1 - a4)).\n\n");
    hand_printf("x = %v, y = %v; w = (%v, %v, %v, %v), b = (%v, %v, %v, %v).\n\n", c->x, c->y,
                c->w[0], c->w[1], c->w[2], c->w[3], c->b[0], c->b[1], c->b[2], c->b[3]);
    printf("Forward (a0 = x):\n");
    for (int k = 0; k < CHAIN; k++)
        hand_printf("    z%d = w%d a%d + b%d = %v x %v%+v = %v\n"
                    "        a%d = s(z%d) = %v,  s'(z%d) = a%d (1 - a%d) = %v   [s'%d]\n",
                    k + 1, k + 1, k, k + 1, c->w[k], c->a[k], c->b[k], c->z[k], k + 1, k + 1,
                    c->a[k + 1], k + 1, k + 1, k + 1, c->ds[k], k + 1);
    printf("\nBackward (dC/db_k = dC/dz_k; sigmoid + cross-entropy give dC/dz4 = a4 - y):\n");
    hand_printf("    dC/db4 = a4 - y = %v - %v = %v\n", c->a[CHAIN], c->y, c->delta[3]);
    for (int k = CHAIN - 2; k >= 0; k--)
        hand_printf("    dC/db%d = dC/db%d x w%d x s'(z%d) = %v x %v x %v = %v\n", k + 1, k + 2,
                    k + 2, k + 1, c->delta[k + 1], c->w[k + 1], c->ds[k], c->delta[k]);
    hand_printf("    dC/dw1 = dC/db1 x x = %v x %v = %v\n\n", c->delta[0], c->x, cw->dC_dw1);
    printf("Each layer multiplies the error by a factor |w s'(z)|:\n");
    for (int k = CHAIN - 2; k >= 0; k--)
        hand_printf("    |w%d s'(z%d)| = |%v x %v| = %v   [factor%d]\n", k + 2, k + 1, c->w[k + 1],
                    c->ds[k], cw->factor[k], k + 2);
    hand_printf("so |dC/db1| / |dC/db4| = %v   [ratio]: the first unit learns %v times\n"
                "more slowly than the last. s'(z) = s (1 - s) is at most 0.25 (at z = 0), so while\n"
                "|w| < 4 every factor is below 1, and each layer shrinks the error more.\n\n",
                cw->ratio, 1.0 / cw->ratio);
    double f = g->factor, bound = pow(0.25, CHAIN);
    if (g->notes)
        hand_printf("001's numbers: four factors of %v give %v x %v x %v x %v = %v   [product].\n",
                    f, f, f, f, f, cw->product);
    else
        hand_printf("Four factors of %v (001's example, variant 0, has 0.1) give\n"
                    "%v x %v x %v x %v = %v   [product].\n", f, f, f, f, f, cw->product);
    hand_printf("With eta = %v the weight w = 1 becomes\n\n"
                "    w_new = 1 - %v x %v = %v\n\n", g->eta, g->eta, cw->product, cw->w_new);
    if (g->notes)
        printf("(the notes print 0.9999: see Errata). ");
    hand_printf("Four sigmoid layers with w = 1\n"
                "pass on at most 0.25^4 = %v. 002's 0.25 x 500 = %v: a factor above 1\n"
                "needs a weight above 4, and that is how a gradient explodes (section 6).\n",
                bound, 0.25 * 500);
}

/* ---- nets ------------------------------------------------------------------ */

/* How a net starts. */
typedef enum {
    START_NIELSEN, /* W ~ N(0, 1/n_in), b ~ N(0, 1): Nielsen's network2 */
    START_HE,      /* W ~ N(0, 2/n_in) (He normal), b = 0 */
    START_LARGE,   /* W ~ N(0, EXPLODE_SIGMA^2), b = 0 */
} Start;

/* A net of this chapter: hidden layers of WIDTH units, then one sigmoid
 * output per class. */
typedef struct {
    const char *name;  /* in the tables */
    int hidden;        /* hidden layers */
    ActKind act;       /* their activation */
    Start start;
    int batchnorm;     /* each hidden layer Dense(linear) -> BatchNormalization -> act */
    int residual;      /* hidden layers 2.. add their input: A^[l] = act(Z^[l]) + A^[l-1] */
} Recipe;

/* W^[l], b^[l] of every dense layer, layer by layer, as start says. */
static void initialize(Net *net, Start start, Rng *rng)
{
    for (int k = 0; k < net->n_layers; k++) {
        Layer *L = net->layers[k];
        if (L->kind != LAYER_DENSE)
            continue;
        Init w = start == START_HE      ? (Init){.kind = INIT_HE_NORMAL}
                 : start == START_LARGE ? (Init){.kind = INIT_NORMAL, .c = EXPLODE_SIGMA}
                                        : (Init){.kind = INIT_NORMAL, .c = 1.0 / sqrt(L->n_in)};
        Init b = start == START_NIELSEN ? (Init){.kind = INIT_NORMAL, .c = 1.0}
                                        : (Init){.kind = INIT_ZEROS};
        init_fill(L->W, &w, rng);
        init_fill(L->b, &b, rng);
    }
}

/* The net of recipe r for n_in inputs and n_out classes, batches of up to
 * max_rows rows, started from rng; NULL when out of memory. */
static Net *build(const Recipe *r, int n_in, int n_out, int max_rows, Rng *rng)
{
    Net *net = net_new(n_in, max_rows);
    int ok = net != NULL;
    for (int h = 0; ok && h < r->hidden; h++) {
        if (r->batchnorm)
            ok = net_add(net, WIDTH, act_of(ACT_LINEAR)) == 0 && net_add_batchnorm(net) == 0 &&
                 net_add_activation(net, act_of(r->act)) == 0;
        else /* the skip adds A^[n_layers - 1], the input of the layer just added */
            ok = net_add(net, WIDTH, act_of(r->act)) == 0 &&
                 (!r->residual || h == 0 || net_add_skip(net, net->n_layers - 1) == 0);
    }
    if (!ok || net_add(net, n_out, act_of(ACT_SIGMOID)) != 0) {
        net_free(net);
        return NULL;
    }
    initialize(net, r->start, rng);
    return net;
}

/* ---- 2. Nielsen's measurement, on digits -------------------------------------- */

/* Nielsen's chapter 5: the norm of each hidden layer's average bias
 * gradient at the start, for 2, 3 and 4 hidden layers of 30 (MNIST). */
static const double NIELSEN[3][4] = {
    {0.07, 0.31}, {0.012, 0.060, 0.283}, {0.003, 0.017, 0.070, 0.285}};

/* Speeds of the hidden layers at the start, over NIELSEN_INITS starts. */
typedef struct {
    double mean[DEEP], lo[DEEP], hi[DEEP];
    double kernel[DEEP + 1]; /* ||dC/dW^[l]||, mean over the starts (the deepest net) */
} StartSpeeds;

/* 10 x ||dC/db^[l]|| (Nielsen's summed cost) of the hidden layers of nets
 * with `hidden` layers, for NIELSEN_INITS starts drawn from rng. */
static int nielsen_speeds(StartSpeeds *s, const Images *im, int hidden, Rng *rng)
{
    const Mat *X = im->split.X_train;
    Recipe r = {.hidden = hidden, .act = ACT_SIGMOID, .start = START_NIELSEN};
    memset(s, 0, sizeof *s);
    for (int t = 0; t < NIELSEN_INITS; t++) {
        Net *net = build(&r, X->cols, im->classes, X->rows, rng);
        double bias[MAX_DENSE], kernel[MAX_DENSE];
        if (!net || gradnorm_measure(net, &BCE, X, im->Y, GRADNORM_BIAS, bias, MAX_DENSE,
                                     NULL) < 0) {
            net_free(net);
            return chapter_error("out of memory");
        }
        gradnorm_layers(net, GRADNORM_KERNEL, kernel, MAX_DENSE);
        for (int l = 0; l < hidden; l++) {
            double v = im->classes * bias[l]; /* his cost sums the k outputs: k x ours */
            s->mean[l] += v / NIELSEN_INITS;
            s->lo[l] = t == 0 ? v : fmin(s->lo[l], v);
            s->hi[l] = t == 0 ? v : fmax(s->hi[l], v);
        }
        for (int l = 0; l <= hidden; l++)
            s->kernel[l] += kernel[l] / NIELSEN_INITS;
        net_free(net);
    }
    return CHAPTER_OK;
}

static void plot_nielsen(Plotter *plotter, const StartSpeeds *s, const char *name)
{
    Plot *p = plot_begin(plotter, "nielsen", &(PlotSpec){
        .title = "Speed of learning at the start: each earlier hidden layer is slower",
        .xlabel = "hidden layer", .ylabel = "||dC/db|| (Nielsen's cost, log scale)",
        .settings = "set logscale y\nset xrange [0.7:4.3]\nset xtics 1\nset key bottom right\n"
                    "set grid",
        .width = 1000, .height = 620});
    static const char *colour[] = {"#2e6fb5", "#e67e22", "#c0392b"};
    double x[DEEP] = {1, 2, 3, 4};
    for (int d = 0; d < 3; d++) {
        char legend[80], style[80];
        snprintf(legend, sizeof legend, "%s, %d hidden layers (mean of %d starts)", name, d + 2,
                 NIELSEN_INITS);
        snprintf(style, sizeof style, "linespoints pt 7 ps 1.3 lw 2 lc rgb '%s'", colour[d]);
        plot_series(p, legend, style, x, s[d].mean, d + 2);
        snprintf(legend, sizeof legend, "Nielsen, MNIST, %d hidden layers", d + 2);
        snprintf(style, sizeof style, "linespoints pt 6 ps 1.6 lw 1 dt 2 lc rgb '%s'", colour[d]);
        plot_series(p, legend, style, x, NIELSEN[d], d + 2);
    }
    plot_end(p);
}

static int lecture_nielsen(Plotter *plotter, const Images *im, const char *path, Rng *rng)
{
    hand_section("2. Measured on real data: the speed of each layer at the start");
    hand_printf("Gradient descent moves b^[l] by eta dC/db^[l], so ||dC/db^[l]||, the length\n"
                "of a layer's bias gradient, is how fast that layer learns. Nielsen (\"Neural\n"
                "Networks and Deep Learning\", chapter 5) measured it on MNIST: sigmoid\n"
                "layers of 30 units, weights N(0, 1/n_in), biases N(0, 1), cross-entropy,\n"
                "the gradient averaged over the first 1000 training images. MNIST is not\n"
                "available offline, so we repeat it on the images of\n"
                "%s: %d of them, %d pixels each,\n"
                "divided by %v to lie in [0, 1] as MNIST's do. His cost sums the %d\n"
                "outputs' cross-entropies where ours averages them, so the tables show\n"
                "%d x ours. Mean, lowest and highest over %d random starts:\n",
                path, im->split.X_train->rows, im->split.X_train->cols, im->scale,
                im->classes, im->classes, NIELSEN_INITS);
    StartSpeeds s[3];
    for (int d = 0; d < 3; d++) {
        if (nielsen_speeds(&s[d], im, d + 2, rng) != CHAPTER_OK)
            return CHAPTER_ERROR;
        hand_printf("\n[%d", im->split.X_train->cols);
        for (int l = 0; l < d + 2; l++)
            hand_printf(", %d", WIDTH);
        char mean_of[24];
        snprintf(mean_of, sizeof mean_of, "%s: mean", im->name);
        hand_printf(", %d]:\n    %-5s %7s %14s %14s %14s %14s\n", im->classes, "layer",
                    "Nielsen", mean_of, "lowest", "highest", "mean / next");
        for (int l = 0; l < d + 2; l++) {
            hand_printf("    %-5d %7v %14v %14v %14v", l + 1, NIELSEN[d][l], s[d].mean[l],
                        s[d].lo[l], s[d].hi[l]);
            if (l < d + 1)
                hand_printf(" %14v", s[d].mean[l] / s[d].mean[l + 1]);
            hand_printf("\n");
        }
    }
    /* how many times more slowly a layer learns than the next: [0] ours, [1] Nielsen's */
    double lo[2] = {INFINITY, INFINITY}, hi[2] = {0.0, 0.0};
    for (int d = 0; d < 3; d++)
        for (int l = 0; l < d + 1; l++) {
            double slower[2] = {s[d].mean[l + 1] / s[d].mean[l], NIELSEN[d][l + 1] / NIELSEN[d][l]};
            for (int w = 0; w < 2; w++)
                lo[w] = fmin(lo[w], slower[w]), hi[w] = fmax(hi[w], slower[w]);
        }
    const StartSpeeds *deep = &s[2];
    hand_printf("\nEach hidden layer learns %v to %v times more slowly than the\n"
                "one after it (Nielsen's MNIST: %v to %v times); the first of four\n"
                "is %v times slower than the fourth (Nielsen: %v). The weights\n"
                "tell the same story: in the net with four hidden layers,\n"
                "||dC/dW^[l]|| (ours, mean) is\n",
                lo[0], hi[0], lo[1], hi[1], deep->mean[3] / deep->mean[0],
                NIELSEN[2][3] / NIELSEN[2][0]);
    for (int l = 0; l <= DEEP; l++)
        hand_printf("    layer %d%s: %v\n", l + 1, l == DEEP ? " (output)" : "", deep->kernel[l]);
    printf("From here on the speed of a layer is ||dC/dW^[l]||: every layer has weights\n"
           "(batch normalization, in section 5, subtracts each unit's mean, so the\n"
           "bias gradient of the dense layer before it is 0, up to rounding).\n");
    plot_nielsen(plotter, s, im->name);
    return CHAPTER_OK;
}

/* ---- training runs ----------------------------------------------------------- */

/* One training run and what it recorded. */
typedef struct {
    Recipe r;
    int n_dense;                                  /* dense layers (the last is the output) */
    double speed[(MAX_EPOCHS + 1) * MAX_DENSE];   /* row e: ||dC/dW^[l]|| after epoch e */
    double loss[MAX_EPOCHS];                      /* [e - 1]: the cost of epoch e */
    double acc[MAX_EPOCHS];                       /* [e - 1]: held-out accuracy after epoch e */
    FitResult res;
} Run;

/* How far the weights of each dense layer have moved (section 4). */
typedef struct {
    Mat *W0[MAX_DENSE];                           /* every W^[l] at the start */
    double change[(MAX_EPOCHS + 1) * MAX_DENSE];  /* ||W^[l] - W0^[l]|| / ||W0^[l]||, row e */
    int n_dense;
} WeightLog;

/* ||A - B|| / ||B|| */
static double relative_change(const Mat *A, const Mat *B)
{
    double d = 0.0, n = 0.0;
    for (long i = 0; i < (long)A->rows * A->cols; i++) {
        d += (A->data[i] - B->data[i]) * (A->data[i] - B->data[i]);
        n += B->data[i] * B->data[i];
    }
    return sqrt(d / n);
}

/* Row e of log from the net's weights now. */
static void weights_record(WeightLog *log, const Net *net, int e)
{
    for (int k = 0, l = 0; k < net->n_layers; k++)
        if (net->layers[k]->kind == LAYER_DENSE) {
            log->change[e * MAX_DENSE + l] = relative_change(net->layers[k]->W, log->W0[l]);
            l++;
        }
}

/* A FitCallback: the weights after each epoch. */
static FitAction weights_callback(Net *net, const EpochLog *e, void *ctx)
{
    weights_record(ctx, net, e->epoch);
    return FIT_CONTINUE;
}

static void weights_free(WeightLog *log)
{
    for (int l = 0; l < MAX_DENSE; l++)
        mat_free(log->W0[l]);
}

/* Keep W0 and row 0 of log; 0, or -1 when out of memory. */
static int weights_start(WeightLog *log, const Net *net)
{
    memset(log, 0, sizeof *log);
    for (int k = 0; k < net->n_layers; k++)
        if (net->layers[k]->kind == LAYER_DENSE && log->n_dense < MAX_DENSE)
            if (!(log->W0[log->n_dense++] = mat_dup(net->layers[k]->W)))
                return -1;
    weights_record(log, net, 0);
    return 0;
}

/* Train run->r for `epochs` epochs of mini-batch SGD (BATCH rows, rate lr,
 * the rows shuffled each epoch), recording the speeds (on the first
 * n_measure training rows), the loss and the held-out accuracy of every
 * epoch; with weights (not NULL), the weights too. Every run starts from
 * the same seed. Returns CHAPTER_OK, or CHAPTER_ERROR after a message
 * (out of memory; training diverged: the message names epoch and batch). */
static int train_run(Run *run, const Images *im, int epochs, double lr, uint64_t seed,
                     WeightLog *weights)
{
    const DataSplit *d = &im->split;
    Rng rng, shuffle;
    rng_seed(&rng, seed);
    rng_seed(&shuffle, seed + 1);
    Net *net = build(&run->r, d->X_train->cols, im->classes, d->X_train->rows, &rng);
    const Mat Xm = mat_cview_rows(d->X_train, 0, im->n_measure);
    const Mat Ym = mat_cview_rows(im->Y, 0, im->n_measure);
    GradNormLog speeds = {.loss = &BCE, .X = &Xm, .Y = &Ym, .of = GRADNORM_KERNEL,
                          .norms = run->speed, .width = MAX_DENSE, .max_epochs = epochs};
    int rc = net ? gradnorm_measure(net, &BCE, &Xm, &Ym, GRADNORM_KERNEL, run->speed, MAX_DENSE,
                                    NULL)
                 : -1;
    run->n_dense = rc;
    if (rc < 0 || (weights && weights_start(weights, net) != 0)) {
        net_free(net);
        return chapter_error("out of memory");
    }
    FitCallback callbacks[] = {{gradnorm_callback, &speeds}, {weights_callback, weights}};
    rc = net_fit(net, &BCE, d->X_train, im->Y, &(FitSpec){
                     .epochs = epochs, .batch_size = BATCH, .lr = lr, .shuffle = &shuffle,
                     .metric = METRIC_ACCURACY, .X_val = d->X_test, .Y_val = im->Y_test,
                     .history = run->loss, .val_metric_history = run->acc,
                     .callbacks = callbacks, .n_callbacks = weights ? 2 : 1},
                 &run->res);
    net_free(net);
    if (rc != 0 || speeds.failed)
        return rc != 0 ? chapter_fit_error(NULL, run->res.message, run->res.hint)
                       : chapter_error("out of memory");
    return CHAPTER_OK;
}

/* ---- 3. The speed of learning during training -------------------------------- */

/* Settings for a chart against the epoch: a tic at every epoch when there
 * are few, then more. Returns buf. */
static const char *epoch_settings(char *buf, size_t len, int epochs, const char *more)
{
    snprintf(buf, len, "%s%s", epochs <= 10 ? "set xtics 1\n" : "", more);
    return buf;
}

/* A chart of one quantity per dense layer against the epoch, on a log
 * scale: rows[e * MAX_DENSE + l] for e = first .. epochs. */
static void plot_layers(Plotter *plotter, const char *name, const char *title, const char *ylabel,
                        const double *rows, int n_layers, int epochs, int first)
{
    double y[MAX_DENSE][MAX_EPOCHS + 1];
    char legend[MAX_DENSE][48], settings[160];
    ChapterCurve curves[MAX_DENSE];
    for (int l = 0; l < n_layers; l++) {
        for (int e = first; e <= epochs; e++)
            y[l][e - first] = rows[e * MAX_DENSE + l];
        if (l == n_layers - 1)
            snprintf(legend[l], sizeof legend[l], "output layer");
        else
            snprintf(legend[l], sizeof legend[l], "hidden layer %d", l + 1);
        curves[l] = (ChapterCurve){.legend = legend[l], .y = y[l], .n = epochs + 1 - first,
                                   .first = first};
    }
    chapter_plot_curves(plotter, name, &(PlotSpec){
        .title = title, .xlabel = "epoch", .ylabel = ylabel,
        .settings = epoch_settings(settings, sizeof settings, epochs,
                                   "set logscale y\nset format y '1e%T'\nset key outside right\n"
                                   "set grid"),
        .width = 1000, .height = 600}, curves, n_layers);
}

/* The epochs a table shows: 0 to 5, every fifth, and the last. */
static int shown(int e, int epochs)
{
    return e <= 5 || e % 5 == 0 || e == epochs;
}

/* "    epoch    hidden 1 ... output": the heading of a table of dense layers */
static void layer_heading(int n_dense)
{
    hand_printf("    %5s", "epoch");
    for (int l = 0; l < n_dense - 1; l++) {
        char name[24];
        snprintf(name, sizeof name, "hidden %d", l + 1);
        hand_printf(" %14s", name);
    }
    hand_printf(" %14s\n", "output");
}

static void print_speed_table(const Run *run, int epochs)
{
    int L = run->n_dense;
    layer_heading(L);
    for (int e = 0; e <= epochs; e++)
        if (shown(e, epochs)) {
            hand_printf("    %5d", e);
            for (int l = 0; l < L; l++)
                hand_printf(" %14v", run->speed[e * MAX_DENSE + l]);
            hand_printf("\n");
        }
    hand_printf("\nThe first hidden layer's speed over the output layer's, and how training\n"
                "goes:\n\n    %5s %14s %14s %14s\n", "epoch", "first / last", "loss", "accuracy");
    for (int e = 0; e <= epochs; e++)
        if (shown(e, epochs)) {
            hand_printf("    %5d %14v", e, gradnorm_ratio(&run->speed[e * MAX_DENSE], L));
            if (e == 0)
                hand_printf("\n");
            else
                hand_printf(" %14v %14v\n", run->loss[e - 1], run->acc[e - 1]);
        }
}

static int lecture_speed(Plotter *plotter, Run *base, WeightLog *weights, const Images *im,
                         int epochs, double lr, uint64_t seed)
{
    hand_section("3. The speed of learning during training");
    base->r = (Recipe){.name = "baseline", .hidden = DEEP, .act = ACT_SIGMOID,
                       .start = START_NIELSEN};
    hand_printf("The net with %d hidden sigmoid layers, trained with mini-batch SGD: %d\n"
                "epochs, batches of %d, eta = %v (Nielsen's 0.1 for his summed cost), the\n"
                "%d training images shuffled each epoch. After every epoch, the speed\n"
                "||dC/dW^[l]|| of each layer on the first %d training images, the training\n"
                "loss, and the accuracy on the %d held-out images:\n\n",
                DEEP, epochs, BATCH, lr, im->split.X_train->rows, im->n_measure,
                im->split.X_test->rows);
    if (train_run(base, im, epochs, lr, seed, weights) != CHAPTER_OK)
        return CHAPTER_ERROR;
    print_speed_table(base, epochs);
    double start = gradnorm_ratio(base->speed, base->n_dense);
    double end = gradnorm_ratio(&base->speed[epochs * MAX_DENSE], base->n_dense);
    hand_printf("\nAt the start the first hidden layer learns %v times more slowly than\n"
                "the output layer; after %d epochs, %v times.\n%s", 1.0 / start, epochs,
                1.0 / end, end < 0.1 ? "Training does not close the gap.\n" : "");
    char title[96];
    snprintf(title, sizeof title, "Speed of learning of each layer: 4 hidden sigmoid layers on %s",
             im->name);
    plot_layers(plotter, "speed", title,
                "||dC/dW^[l]|| (log scale)", base->speed, base->n_dense, epochs, 0);
    return CHAPTER_OK;
}

/* ---- 4. How to recognize it -------------------------------------------------- */

/* The cost C = -(p ln p + (1 - p) ln(1 - p)) of answering a = p for an
 * output that is 1 for a fraction p of the images: what a net that
 * ignores its input pays at best. */
static double cost_of_guessing(double p)
{
    return -(p * log(p) + (1 - p) * log(1 - p));
}

/* The baseline's loss against the cost of guessing, and a net that learns. */
static void plot_loss(Plotter *plotter, const Run *base, const Run *good, int epochs,
                      int classes)
{
    double flat[MAX_EPOCHS];
    for (int e = 0; e < epochs; e++)
        flat[e] = cost_of_guessing(1.0 / classes);
    char good_legend[80], settings[160];
    snprintf(good_legend, sizeof good_legend, "%s (section 5): training loss", good->r.name);
    ChapterCurve curves[] = {
        {.legend = "4 hidden sigmoid layers: training loss", .y = base->loss, .n = epochs,
         .first = 1, .style = "linespoints pt 7 lw 3 lc rgb '#c0392b'"},
        {.legend = "cost of answering 1/k for every class", .y = flat, .n = epochs, .first = 1,
         .style = "lines dt 2 lw 2 lc rgb '#555555'"},
        {.legend = good_legend, .y = good->loss, .n = epochs, .first = 1,
         .style = "linespoints pt 5 lw 2 lc rgb '#2e6fb5'"}};
    chapter_plot_curves(plotter, "loss", &(PlotSpec){
        .title = "A loss that stops changing: the deep sigmoid net only learns the class frequencies",
        .xlabel = "epoch", .ylabel = "training loss (cross-entropy, mean over the outputs)",
        .settings = epoch_settings(settings, sizeof settings, epochs,
                                   "set key bottom left\nset grid\nset yrange [0:*]"),
        .width = 1000, .height = 600}, curves, 3);
}

static void lecture_recognize(Plotter *plotter, const Run *base, const WeightLog *w, int epochs,
                              int classes, const char *name)
{
    hand_section("4. How to recognize it (001)");
    printf("(i) \"Loss function change not occurring\". The training loss of section 3:\n\n");
    for (int e = 1; e <= epochs; e++)
        if (shown(e, epochs))
            hand_printf("    epoch %2d: %v\n", e, base->loss[e - 1]);
    double p = 1.0 / classes, guess = cost_of_guessing(p), last = base->loss[epochs - 1];
    hand_printf("\nA net that ignores the image does best by answering p = 1/%d = %v on\n"
                "each of the %d outputs (each output is 1 for one image in %d). Its cost is\n\n"
                "    C = -(p ln p + (1 - p) ln(1 - p)) = -(%v ln %v + %v ln %v) = %v\n\n",
                classes, p, classes, classes, p, p, 1 - p, 1 - p, guess);
    if (fabs(last - guess) < PLATEAU)
        hand_printf("The loss settles just above it (%v after epoch %d), and the held-out\n"
                    "accuracy stays at chance (%v). The output layer has learned how often\n"
                    "each class occurs; the layers below, which would have to learn what\n"
                    "the %s look like, hardly move. A flat loss alone is not proof: a\n"
                    "learning rate too small, or a minimum reached, look the same. The\n"
                    "layer speeds of section 3 tell them apart. (loss.png adds section 5's\n"
                    "ReLU + He net, whose loss keeps falling.)\n\n",
                    last, epochs, base->acc[epochs - 1],
                    strcmp(name, "digits") == 0 ? "digits" : "images");
    else
        hand_printf("The loss has left that plateau (%v after epoch %d; held-out accuracy\n"
                    "%v): with this seed and these epochs the early layers have started to\n"
                    "learn. The layer speeds of section 3 show how slowly.\n\n",
                    last, epochs, base->acc[epochs - 1]);
    printf("(ii) \"Draw graph b/w weights vs epoch\". One number per layer sums up how\n"
           "far its weights have moved, ||W^[l] - W^[l](0)|| / ||W^[l](0)||:\n\n");
    layer_heading(w->n_dense);
    for (int e = 0; e <= epochs; e++)
        if (shown(e, epochs)) {
            hand_printf("    %5d", e);
            for (int l = 0; l < w->n_dense; l++)
                hand_printf(" %14v", w->change[e * MAX_DENSE + l]);
            hand_printf("\n");
        }
    int L = w->n_dense;
    hand_printf("\nAfter %d epochs the output layer's weights have moved %v times as far\n"
                "as the first hidden layer's (weights.png).\n",
                epochs, w->change[epochs * MAX_DENSE + L - 1] / w->change[epochs * MAX_DENSE]);
    plot_layers(plotter, "weights", "Weights against epochs: how far each layer has moved from its start",
                "||W^[l] - W^[l](0)|| / ||W^[l](0)|| (log scale)", w->change, w->n_dense, epochs,
                1); /* row 0 is all 0: no place on a log scale */
}

/* ---- 5. The fixes, measured the same way -------------------------------------- */

enum { FIX_BASELINE, FIX_RELU, FIX_HE, FIX_RELU_HE, FIX_BATCHNORM, FIX_RESIDUAL, FIX_FEWER,
       N_FIXES };
static const Recipe FIXES[N_FIXES] = {
    {.name = "baseline", .hidden = DEEP, .act = ACT_SIGMOID, .start = START_NIELSEN},
    {.name = "ReLU", .hidden = DEEP, .act = ACT_RELU, .start = START_NIELSEN},
    {.name = "He init", .hidden = DEEP, .act = ACT_SIGMOID, .start = START_HE},
    {.name = "ReLU + He", .hidden = DEEP, .act = ACT_RELU, .start = START_HE},
    {.name = "batch norm", .hidden = DEEP, .act = ACT_SIGMOID, .start = START_NIELSEN,
     .batchnorm = 1},
    {.name = "residual", .hidden = DEEP, .act = ACT_SIGMOID, .start = START_NIELSEN,
     .residual = 1},
    {.name = "1 hidden layer", .hidden = 1, .act = ACT_SIGMOID, .start = START_NIELSEN},
};

/* The baseline in thick black, each fix in a colour of its own. */
static const char *const FIX_STYLE[2] = {"linespoints pt 7 ps 1.3 lw 4 lc rgb '#111111'",
                                         "linespoints pt 7 ps 1.1 lw 2"};

static void plot_fixes(Plotter *plotter, const Run *runs, int epochs)
{
    Plot *p = plot_begin(plotter, "fixes", &(PlotSpec){
        .title = "Speed of each layer at the start: the fixes lift the early layers",
        .xlabel = "dense layer (the last is the output)", .ylabel = "||dC/dW^[l]|| (log scale)",
        .settings = "set logscale y\nset format y '1e%T'\nset xtics 1\nset xrange [0.8:5.2]\n"
                    "set key outside right\nset grid",
        .width = 1050, .height = 620});
    for (int f = 0; f < N_FIXES; f++) {
        const Run *r = &runs[f];
        double x[MAX_DENSE];
        for (int l = 0; l < r->n_dense; l++) /* the output layers line up at DEEP + 1 */
            x[l] = l == r->n_dense - 1 ? DEEP + 1 : l + 1;
        plot_series(p, r->r.name, FIX_STYLE[f != FIX_BASELINE], x, r->speed, r->n_dense);
    }
    plot_end(p);
    double ratio[N_FIXES][MAX_EPOCHS + 1];
    ChapterCurve curves[N_FIXES];
    char settings[160];
    for (int f = 0; f < N_FIXES; f++) {
        for (int e = 0; e <= epochs; e++)
            ratio[f][e] = gradnorm_ratio(&runs[f].speed[e * MAX_DENSE], runs[f].n_dense);
        curves[f] = (ChapterCurve){runs[f].r.name, FIX_STYLE[f != FIX_BASELINE], ratio[f],
                                   epochs + 1, 0};
    }
    chapter_plot_curves(plotter, "fixes_ratio", &(PlotSpec){
        .title = "First layer's speed / last layer's, epoch by epoch",
        .xlabel = "epoch", .ylabel = "||dC/dW^[1]|| / ||dC/dW^[L]|| (log scale)",
        .settings = epoch_settings(settings, sizeof settings, epochs,
                                   "set logscale y\nset format y '1e%T'\nset key outside right\n"
                                   "set grid"),
        .width = 1050, .height = 620}, curves, N_FIXES);
    for (int f = 0; f < N_FIXES; f++) /* the loss of epoch e, from e = 1 */
        curves[f] = (ChapterCurve){runs[f].r.name, FIX_STYLE[f != FIX_BASELINE], runs[f].loss,
                                   epochs, 1};
    chapter_plot_curves(plotter, "fixes_loss", &(PlotSpec){
        .title = "Training loss of every fix (the baseline is stuck at the class frequencies)",
        .xlabel = "epoch", .ylabel = "training loss",
        .settings = epoch_settings(settings, sizeof settings, epochs,
                                   "set key outside right\nset grid"),
        .width = 1050, .height = 620}, curves, N_FIXES);
}

static int lecture_fixes(Plotter *plotter, Run *runs, const Images *im, int epochs, double lr,
                         uint64_t seed)
{
    hand_section("5. The fixes (001), side by side and measured the same way");
    printf("001 lists the fixes: change the activation (ReLU), proper weight\n"
           "initialization, batch normalization, a residual network, fewer hidden\n"
           "layers. Each row changes one thing of the baseline (section 3's net), and\n"
           "\"ReLU + He\" two. Every net starts from the same seed and trains the same\n"
           "way. ratio = ||dC/dW^[1]|| / ||dC/dW^[L]||, the first layer's speed over the\n"
           "output layer's, at the start:\n\n");
    for (int f = 1; f < N_FIXES; f++) {
        runs[f].r = FIXES[f];
        if (train_run(&runs[f], im, epochs, lr, seed, NULL) != CHAPTER_OK)
            return CHAPTER_ERROR;
    }
    double base_ratio = gradnorm_ratio(runs[0].speed, runs[0].n_dense);
    hand_printf("    %-15s %14s %14s %14s %14s\n", "", "||dC/dW^[1]||", "||dC/dW^[L]||", "ratio",
                "x baseline");
    for (int f = 0; f < N_FIXES; f++) {
        const Run *r = &runs[f];
        double ratio = gradnorm_ratio(r->speed, r->n_dense);
        hand_printf("    %-15s %14v %14v %14v %14v\n", r->r.name, r->speed[0],
                    r->speed[r->n_dense - 1], ratio, ratio / base_ratio);
    }
    hand_printf("\nAfter %d epochs:\n\n    %-15s %14s %14s %14s\n", epochs, "", "ratio",
                "training loss", "accuracy");
    for (int f = 0; f < N_FIXES; f++) {
        const Run *r = &runs[f];
        hand_printf("    %-15s %14v %14v %14v\n", r->r.name,
                    gradnorm_ratio(&r->speed[epochs * MAX_DENSE], r->n_dense),
                    r->loss[epochs - 1], r->acc[epochs - 1]);
    }
    int raised = 0, learned = 0;
    for (int f = 1; f < N_FIXES; f++)
        raised += gradnorm_ratio(runs[f].speed, runs[f].n_dense) > base_ratio;
    if (raised == N_FIXES - 1)
        printf("\nEvery fix raises the first layer's speed relative to the last's.\n");
    else
        hand_printf("\n%d of the %d fixes raise the first layer's speed relative to the last's.\n",
                    raised, N_FIXES - 1);
    hand_printf("Held-out accuracy above %v after %d epochs:\n   ", LEARNED, epochs);
    for (int f = 0; f < N_FIXES; f++)
        if (runs[f].acc[epochs - 1] > LEARNED)
            hand_printf("%s %s", learned++ ? "," : "", runs[f].r.name);
    hand_printf("%s;\nnot above:\n   ", learned ? "" : " none");
    for (int f = 0, n = 0; f < N_FIXES; f++)
        if (!(runs[f].acc[epochs - 1] > LEARNED))
            hand_printf("%s %s", n++ ? "," : "", runs[f].r.name);
    printf(".\n\nHe's larger weights and zero biases help the sigmoid (s' is largest\n"
           "at z = 0) but cannot lift its factors w s'(z) to 1. With ReLU, s' is 1\n"
           "on every active unit; He's variance 2/n_in is the one that keeps ReLU's\n"
           "signal the same size from layer to layer. Batch normalization rescales each\n"
           "layer's z to mean 0 and variance 1, where the sigmoid is steepest; a\n"
           "residual connection adds a path on which the gradient is not multiplied\n"
           "at all (dA^[l-1] = dA^[l] + ...); one hidden layer leaves a single factor\n"
           "between the first layer and the output.\n");
    plot_fixes(plotter, runs, epochs);
    plot_loss(plotter, &runs[FIX_BASELINE], &runs[FIX_RELU_HE], epochs, im->classes);
    return CHAPTER_OK;
}

/* ---- 6. Exploding gradients ---------------------------------------------------- */

/* Section 6's hand example of clipping: two gradients, g1 (1 x 2) and g2
 * (1 x 1), clipped together by norm and each value on its own. */
#define CLIP_BY_HAND 0.5 /* the bound of clipping by value, by hand */

/* Section 6's gradients clipped by hand: by norm to CLIPNORM (the
 * library's optim_clip_norm, which returns ||g|| before), and by value to
 * CLIP_BY_HAND (optim_clip_value, which returns how many it clamped). */
typedef struct {
    double norm;                  /* ||g|| */
    double g1[2], g2[1];          /* g x c / ||g|| */
    double v1[2], v2[1];          /* min(max(g, -c), c) */
    int clamped;
} ClipWorked;

static ClipWorked clip_worked(const Givens *gv)
{
    ClipWorked w;
    memcpy(w.g1, gv->g1, sizeof w.g1);
    memcpy(w.g2, gv->g2, sizeof w.g2);
    memcpy(w.v1, gv->g1, sizeof w.v1);
    memcpy(w.v2, gv->g2, sizeof w.v2);
    Mat G1 = {1, 2, w.g1}, G2 = {1, 1, w.g2}, V1 = {1, 2, w.v1}, V2 = {1, 1, w.v2};
    Param by_norm[] = {{.name = "g1", .value = &G1, .grad = &G1, .trainable = 1},
                       {.name = "g2", .value = &G2, .grad = &G2, .trainable = 1}};
    Param by_value[] = {{.name = "g1", .value = &V1, .grad = &V1, .trainable = 1},
                        {.name = "g2", .value = &V2, .grad = &V2, .trainable = 1}};
    w.norm = optim_clip_norm(by_norm, 2, CLIPNORM);
    w.clamped = (int)optim_clip_value(by_value, 2, CLIP_BY_HAND);
    return w;
}

static void lecture_clipping_by_hand(const Givens *gv, const ClipWorked *w)
{
    const double *g1 = gv->g1, *g2 = gv->g2;
    hand_printf("Clipping by norm (c = %v) treats all the gradients as one vector:\n\n"
                "    g1 = (%v, %v), g2 = (%v):  ||g|| = sqrt((%v)^2 + (%v)^2 + (%v)^2) = %v   [norm]"
                " > %v\n    g <- g x c / ||g|| = g x %v / %v:\n"
                "        g1 = (%v, %v), g2 = (%v)   [g1_1+, g1_2+, g2_1+]\n\n",
                CLIPNORM, g1[0], g1[1], g2[0], g1[0], g1[1], g2[0], w->norm, CLIPNORM, CLIPNORM,
                w->norm, w->g1[0], w->g1[1], w->g2[0]);
    hand_printf("The direction is kept: (%v, %v, %v)\nis 1/%v of (%v, %v, %v).\n"
                "Clipping by value (c = %v) clamps each value into [-%v, %v]:\n\n"
                "    g1 = (%v, %v), g2 = (%v): %d values clamped   [g1_1v, g1_2v, g2_1v, clamped]\n\n"
                "and the direction changes: (%v, %v, %v) is not parallel to (%v, %v, %v).\n",
                w->g1[0], w->g1[1], w->g2[0], w->norm, g1[0], g1[1], g2[0], CLIP_BY_HAND,
                CLIP_BY_HAND, CLIP_BY_HAND, w->v1[0], w->v1[1], w->v2[0], w->clamped, w->v1[0],
                w->v1[1], w->v2[0], g1[0], g1[1], g2[0]);
}

/* Section 6's runs of the net with large weights. */
#define N_CLIP 3
static const char *const CLIP_NAME[N_CLIP] = {"no clipping", "clip by norm 1",
                                              "clip by value 0.1"};
static const Recipe LARGE = {.name = "large weights", .hidden = EXPLODE_DEEP, .act = ACT_RELU,
                             .start = START_LARGE};

typedef struct {
    OptimSpec spec;
    double cost[EXPLODE_BATCHES];  /* the first batches one by one: the cost of batch b + 1 */
    double gnorm[EXPLODE_BATCHES]; /* ||g|| of batch b + 1, before clipping */
    int n_batches;                 /* batches run */
    int blew_up;                   /* the last batch's cost, or a weight after its step, is not finite */
    double loss[MAX_EPOCHS], acc[MAX_EPOCHS];
    int fit_rc;                    /* net_fit's: -1 when it diverged (res.message says where) */
    FitResult res;
} ClipRun;

static int weights_finite(const Net *net)
{
    for (int i = 0; i < net->n_params; i++)
        if (!mat_all_finite(net->params[i].value))
            return 0;
    return 1;
}

/* The first EXPLODE_BATCHES batches of training, one at a time, the rows
 * in order: forward, cost, backward, ||g||, then the optimizer clips (as
 * its spec says) and steps. Stops after a batch whose cost, or a weight
 * after whose step, is not finite. Returns 0, or -1 when out of memory. */
static int first_batches(ClipRun *c, Net *net, const Images *im)
{
    Optim *opt = optim_new(&c->spec, net->params, net->n_params);
    if (!opt)
        return -1;
    c->n_batches = 0;
    for (int b = 0; b < EXPLODE_BATCHES && (b + 1) * BATCH <= im->split.X_train->rows; b++) {
        const Mat Xb = mat_cview_rows(im->split.X_train, b * BATCH, BATCH);
        const Mat Yb = mat_cview_rows(im->Y, b * BATCH, BATCH);
        c->cost[b] = net_cost_grad(net, &BCE, &Xb, &Yb);
        c->gnorm[b] = param_grad_norm(net->params, net->n_params);
        c->n_batches = b + 1;
        if (isfinite(c->cost[b]))
            optim_step(opt, net->params, net->n_params);
        if (!isfinite(c->cost[b]) || !weights_finite(net)) {
            c->blew_up = 1;
            break;
        }
    }
    optim_free(opt);
    return 0;
}

/* The large-weight net from seed: its first batches, then (a fresh copy)
 * net_fit for `epochs` epochs, the rows in the same order every epoch, so
 * its batch 1 is first_batches' batch 1. */
static int clip_run(ClipRun *c, const Images *im, int epochs, uint64_t seed)
{
    const DataSplit *d = &im->split;
    for (int pass = 0; pass < 2; pass++) {
        Rng rng;
        rng_seed(&rng, seed);
        Net *net = build(&LARGE, d->X_train->cols, im->classes, d->X_train->rows, &rng);
        if (!net || (pass == 0 && first_batches(c, net, im) != 0)) {
            net_free(net);
            return chapter_error("out of memory");
        }
        if (pass == 1)
            c->fit_rc = net_fit(net, &BCE, d->X_train, im->Y, &(FitSpec){
                                    .epochs = epochs, .batch_size = BATCH, .optim = &c->spec,
                                    .metric = METRIC_ACCURACY, .X_val = d->X_test,
                                    .Y_val = im->Y_test, .history = c->loss,
                                    .val_metric_history = c->acc}, &c->res);
        net_free(net);
    }
    if (c->fit_rc != 0 && !c->res.diverged) /* out of memory, not a divergence */
        return chapter_error("%s", c->res.message);
    return CHAPTER_OK;
}

/* The speeds of the large-weight net at the start, and ||g|| against the
 * same net started with He's weights. */
static int exploding_start(const Images *im, uint64_t seed)
{
    const DataSplit *d = &im->split;
    const Mat Xm = mat_cview_rows(d->X_train, 0, im->n_measure);
    const Mat Ym = mat_cview_rows(im->Y, 0, im->n_measure);
    Recipe he = LARGE;
    he.start = START_HE;
    double bias[MAX_DENSE], kernel[MAX_DENSE], g[2];
    int L = 0;
    for (int v = 0; v < 2; v++) {
        Rng rng;
        rng_seed(&rng, seed);
        Net *net = build(v == 0 ? &LARGE : &he, d->X_train->cols, im->classes, d->X_train->rows,
                         &rng);
        int n = net ? gradnorm_measure(net, &BCE, &Xm, &Ym, GRADNORM_BIAS, bias, MAX_DENSE, NULL)
                    : -1;
        if (n < 0) {
            net_free(net);
            return chapter_error("out of memory");
        }
        if (v == 0) {
            L = n;
            gradnorm_layers(net, GRADNORM_KERNEL, kernel, MAX_DENSE);
            hand_printf("\nAt the start (on the first %d training images):\n\n"
                        "    %-8s %16s %16s\n", im->n_measure, "layer", "||dC/db^[l]||",
                        "||dC/dW^[l]||");
            for (int l = 0; l < L; l++)
                hand_printf("    %-8d %16v %16v\n", l + 1, bias[l], kernel[l]);
            g[0] = param_grad_norm(net->params, net->n_params);
            g[1] = bias[0] / bias[L - 1];
        } else {
            hand_printf("\nThe error delta^[l] (the bias gradient) grows %v times from the\n"
                        "output layer back to the first: the vanishing gradient turned around.\n"
                        "All the gradients together have the norm ||g|| = %v; the same net\n"
                        "started with He's weights has ||g|| = %v.\n",
                        g[1], g[0], param_grad_norm(net->params, net->n_params));
        }
        net_free(net);
    }
    return CHAPTER_OK;
}

static void plot_exploding(Plotter *plotter, const ClipRun *runs, int epochs)
{
    Plot *p = plot_begin(plotter, "exploding", &(PlotSpec){
        .title = "Large weights (N(0, 0.5^2), 6 ReLU layers): the gradient's norm batch by batch",
        .xlabel = "batch (of 10 images)", .ylabel = "||g|| before clipping (log scale)",
        .settings = "set logscale y\nset format y '1e%T'\nset key top right\nset grid",
        .width = 1000, .height = 600});
    static const char *style[N_CLIP] = {"linespoints pt 7 lw 2 lc rgb '#c0392b'",
                                        "linespoints pt 5 lw 2 lc rgb '#2e6fb5'",
                                        "linespoints pt 9 lw 2 lc rgb '#27ae60'"};
    for (int v = 0; v < N_CLIP; v++) {
        double x[EXPLODE_BATCHES], y[EXPLODE_BATCHES];
        int m = 0;
        for (int b = 0; b < runs[v].n_batches; b++)
            if (isfinite(runs[v].gnorm[b]))
                x[m] = b + 1, y[m++] = runs[v].gnorm[b];
        char legend[80];
        if (m < runs[v].n_batches) /* the first batch whose norm overflowed */
            snprintf(legend, sizeof legend, "%s (overflows at batch %d)", CLIP_NAME[v], m + 1);
        else
            snprintf(legend, sizeof legend, "%s", CLIP_NAME[v]);
        plot_series(p, legend, style[v], x, y, m);
    }
    plot_end(p);
    ChapterCurve curves[N_CLIP - 1];
    for (int v = 1; v < N_CLIP; v++)
        curves[v - 1] = (ChapterCurve){.legend = CLIP_NAME[v], .style = style[v],
                                       .y = runs[v].loss, .n = epochs, .first = 1};
    char settings[160];
    chapter_plot_curves(plotter, "clipping", &(PlotSpec){
        .title = runs[0].fit_rc != 0
                     ? "Large weights: with clipped gradients the loss falls (without, training diverged)"
                     : "Large weights: the training loss with clipped gradients",
        .xlabel = "epoch", .ylabel = "training loss",
        .settings = epoch_settings(settings, sizeof settings, epochs, "set key top right\nset grid"),
        .width = 1000, .height = 600}, curves, N_CLIP - 1);
}

static void print_batches(const ClipRun *runs)
{
    int shown = runs[0].blew_up ? runs[0].n_batches + 2 : 10;
    hand_printf("\nThe first batches one by one (rows in order, SGD, eta = %v). ||g|| is\n"
                "the norm before clipping:\n\n    %5s %14s %14s %14s %14s %14s\n",
                runs[0].spec.lr, "batch", "no clipping", "||g||", "by norm: cost", "||g||",
                "by value: cost");
    for (int b = 0; b < shown && b < EXPLODE_BATCHES; b++) {
        hand_printf("    %5d", b + 1);
        for (int v = 0; v < N_CLIP; v++) {
            if (b >= runs[v].n_batches)
                hand_printf(v == 2 ? " %14s" : " %14s %14s", "-", "-");
            else if (v == 2)
                hand_printf(" %14v", runs[v].cost[b]);
            else
                hand_printf(" %14v %14v", runs[v].cost[b], runs[v].gnorm[b]);
        }
        hand_printf("\n");
    }
    int inf_at = 0; /* the first batch whose ||g|| overflowed, 0 for none */
    for (int b = runs[0].n_batches - 1; b >= 0; b--)
        if (!isfinite(runs[0].gnorm[b]))
            inf_at = b + 1;
    if (runs[0].blew_up && inf_at)
        hand_printf("\nWithout clipping each step makes the weights larger, and the next\n"
                    "gradient larger still: its norm overflows at batch %d, and batch %d\n"
                    "stops it (its cost, or a weight after its step, is not finite).\n",
                    inf_at, runs[0].n_batches);
    else if (runs[0].blew_up)
        hand_printf("\nWithout clipping each step makes the weights larger, and the next\n"
                    "gradient larger still, until batch %d stops it (its cost, or a weight\n"
                    "after its step, is not finite).\n", runs[0].n_batches);
    else
        hand_printf("\nWithout clipping the first %d batches stay finite at this learning\n"
                    "rate.\n", runs[0].n_batches);
}

#define EXPLODE_TITLE "6. Exploding gradients: large weights, and gradient clipping"

static int lecture_exploding(Plotter *plotter, ClipRun *runs, const Images *im, int epochs,
                             double lr, uint64_t seed, const Givens *gv, const ClipWorked *cw)
{
    hand_section(EXPLODE_TITLE);
    lecture_clipping_by_hand(gv, cw);
    hand_printf("\n004: exploding gradients happen \"when weights are too big\". A net with %d\n"
                "hidden ReLU layers whose weights are drawn from N(0, %v^2), about twice\n"
                "He's sigma = sqrt(2/30) = %v. On the way forward each layer\n"
                "multiplies the signal, and on the way back the error, by about\n"
                "sqrt(30/2) x %v = %v.\n",
                EXPLODE_DEEP, EXPLODE_SIGMA, sqrt(2.0 / WIDTH), EXPLODE_SIGMA,
                sqrt(WIDTH / 2.0) * EXPLODE_SIGMA);
    if (exploding_start(im, seed) != CHAPTER_OK)
        return CHAPTER_ERROR;
    for (int v = 0; v < N_CLIP; v++) {
        runs[v].spec = (OptimSpec){.kind = OPTIM_SGD, .lr = lr,
                                   .clipnorm = v == 1 ? CLIPNORM : 0,
                                   .clipvalue = v == 2 ? CLIPVALUE : 0};
        if (clip_run(&runs[v], im, epochs, seed) != CHAPTER_OK)
            return CHAPTER_ERROR;
    }
    print_batches(runs);
    hand_printf("\nThe library's net_fit checks every cost and every weight (as Keras'\n"
                "TerminateOnNaN does). Trained with it, %d epochs each:\n\n", epochs);
    for (int v = 0; v < N_CLIP; v++)
        if (runs[v].fit_rc != 0)
            hand_printf("    %s:\n    %s\n", CLIP_NAME[v], runs[v].res.message);
    hand_printf("\n    %5s  %18s %12s   %18s %12s\n", "epoch", "by norm: loss", "accuracy",
                "by value: loss", "accuracy");
    for (int e = 0; e < epochs; e++) {
        hand_printf("    %5d", e + 1);
        for (int v = 1; v < N_CLIP; v++)
            if (runs[v].fit_rc == 0)
                hand_printf("%s%18v %12v", v == 1 ? "  " : "   ", runs[v].loss[e], runs[v].acc[e]);
            else
                hand_printf("%s%18s %12s", v == 1 ? "  " : "   ", "diverged", "-");
        hand_printf("\n");
    }
    printf("\nClipping bounds every step, so the weights can no longer run away, and\n"
           "the loss falls. It treats the symptom: the cause is the weights, and a\n"
           "careful initialization (001's \"carefully initialize weights\", section 5's\n"
           "He) removes it.\n");
    plot_exploding(plotter, runs, epochs);
    return CHAPTER_OK;
}

/* ---- 7. Summary ------------------------------------------------------------------ */

static void lecture_summary(const Run *fixes, const ClipRun *clips, int epochs)
{
    hand_section("7. The notes' fixes, as measured here");
    double base = gradnorm_ratio(fixes[0].speed, fixes[0].n_dense);
    static const char *const NOTES[N_FIXES] = {
        "(the problem)", "change the activation (use ReLU)", "proper weight initialization",
        "ReLU and initialization together", "batch normalization", "use a residual network",
        "reduce hidden layers"};
    hand_printf("Vanishing gradient (001). First layer's speed / last layer's at the start,\n"
                "as a multiple of the baseline's, and the held-out accuracy after %d epochs:\n\n"
                "    %-33s %-15s %12s %14s\n", epochs, "001's fix", "here", "x baseline",
                "accuracy");
    for (int f = 0; f < N_FIXES; f++)
        hand_printf("    %-33s %-15s %12v %14v\n", NOTES[f], fixes[f].r.name,
                    gradnorm_ratio(fixes[f].speed, fixes[f].n_dense) / base,
                    fixes[f].acc[epochs - 1]);
    hand_printf("\nExploding gradient (001): \"use gradient clipping\" (section 6):\n\n");
    for (int v = 0; v < N_CLIP; v++)
        if (clips[v].fit_rc != 0)
            hand_printf("    %-18s diverged (%s)\n", CLIP_NAME[v],
                        clips[v].res.diverged ? "the library stopped it" : "error");
        else
            hand_printf("    %-18s loss %v after %d epochs, accuracy %v\n", CLIP_NAME[v],
                        clips[v].loss[epochs - 1], epochs, clips[v].acc[epochs - 1]);
    printf("\n001's other fixes of exploding gradients, batch normalization, fewer\n"
           "layers and a careful initialization, are those of the vanishing gradient\n"
           "above: each keeps the factors w f'(z) near 1, from above as from below.\n");
}

/* ---- the worksheet ----------------------------------------------------------------- */

/* Sections 1 and 6 by hand, with the transcript's names: the chain's z1,
 * a1, s'1 (s'(z1)), ..., dC/db4 .. dC/db1, dC/dw1, factor4 .. factor2
 * (|w4 s'(z3)| ...), ratio, 001's product and w_new; the clipped
 * gradients: norm, g1_1+ ... (by norm), g1_1v ... and clamped (by value). */
static void fill_sheet(Sheet *sh, const Givens *g, const Chain *c, const ChainWorked *cw,
                       const ClipWorked *clip)
{
    char name[SHEET_NAME_LEN], f[SHEET_TEXT_LEN];
    sheet_init(sh);
    sheet_heading(sh, CHAIN_TITLE);
    sheet_given(sh, "x", c->x);
    sheet_given(sh, "y", c->y);
    for (int k = 1; k <= CHAIN; k++) {
        sheet_given_at(sh, k, "w#", c->w[k - 1]);
        sheet_given_at(sh, k, "b#", c->b[k - 1]);
    }
    for (int k = 1; k <= CHAIN; k++) {
        sheet_calc_at(sh, k, "z#", c->z[k - 1], k == 1 ? "w1 x + b1" : "w# a@ + b#");
        sheet_calc_at(sh, k, "a#", c->a[k], "s(z#) = 1 / (1 + e^-z#)");
        sheet_calc_at(sh, k, "s'#", c->ds[k - 1], "a# (1 - a#)");
    }
    sheet_calc(sh, "dC/db4", c->delta[CHAIN - 1], "a4 - y");
    for (int k = CHAIN - 1; k >= 1; k--) {
        snprintf(name, sizeof name, "dC/db%d", k);
        snprintf(f, sizeof f, "dC/db%d w%d s'%d", k + 1, k + 1, k);
        sheet_calc(sh, name, c->delta[k - 1], f);
    }
    sheet_calc(sh, "dC/dw1", cw->dC_dw1, "dC/db1 x");
    for (int k = CHAIN; k >= 2; k--) {
        snprintf(name, sizeof name, "factor%d", k);
        snprintf(f, sizeof f, "abs(w%d s'%d)", k, k - 1);
        sheet_calc(sh, name, cw->factor[k - 2], f);
    }
    sheet_calc(sh, "ratio", cw->ratio, "abs(dC/db1) / abs(dC/db4)");
    sheet_given(sh, "factor", g->factor);
    sheet_given(sh, "eta", g->eta);
    sheet_calc(sh, "product", cw->product, "factor^4");
    sheet_calc(sh, "w_new", cw->w_new, "1 - eta product");

    sheet_heading(sh, EXPLODE_TITLE);
    sheet_given(sh, "g1_1", g->g1[0]);
    sheet_given(sh, "g1_2", g->g1[1]);
    sheet_given(sh, "g2_1", g->g2[0]);
    sheet_given(sh, "c", CLIPNORM);
    sheet_calc(sh, "norm", clip->norm, "sqrt(g1_1^2 + g1_2^2 + g2_1^2)");
    sheet_calc(sh, "g1_1+", clip->g1[0], "g1_1 c / norm");
    sheet_calc(sh, "g1_2+", clip->g1[1], "g1_2 c / norm");
    sheet_calc(sh, "g2_1+", clip->g2[0], "g2_1 c / norm");
    snprintf(f, sizeof f, "min(max(g1_1, -%g), %g)", CLIP_BY_HAND, CLIP_BY_HAND);
    sheet_calc(sh, "g1_1v", clip->v1[0], f);
    snprintf(f, sizeof f, "min(max(g1_2, -%g), %g)", CLIP_BY_HAND, CLIP_BY_HAND);
    sheet_calc(sh, "g1_2v", clip->v1[1], f);
    snprintf(f, sizeof f, "min(max(g2_1, -%g), %g)", CLIP_BY_HAND, CLIP_BY_HAND);
    sheet_calc(sh, "g2_1v", clip->v2[0], f);
    sheet_calc(sh, "clamped", clip->clamped, "values with |g| > 0.5");
}

/* ---- the lecture ---------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 10 - Vanishing and exploding gradients (lecture notes 001, 002, 004)\n"
    "The gradient as a product of one factor per layer, worked by hand; each\n"
    "layer's speed of learning measured on digits as Nielsen measured it on\n"
    "MNIST; recognizing the problem; ReLU, He initialization, batch norm,\n"
    "residual connections and fewer layers side by side; large weights make the\n"
    "loss blow up, and clipping the gradient by norm or by value tames it.";

/* The records of the training runs: section 3's (runs[0] and its
 * weights), section 5's (runs[0 .. N_FIXES - 1]) and section 6's (clips). */
typedef struct {
    Run *runs;
    WeightLog *weights;
    ClipRun *clips;
} Records;

/* Room for the records in rec. Returns CHAPTER_OK, or CHAPTER_ERROR after
 * printing "out of memory". */
static int records_new(Records *rec)
{
    rec->runs = calloc(N_FIXES, sizeof *rec->runs);
    rec->weights = calloc(1, sizeof *rec->weights);
    rec->clips = calloc(N_CLIP, sizeof *rec->clips);
    if (!rec->runs || !rec->weights || !rec->clips)
        return chapter_error("out of memory");
    return CHAPTER_OK;
}

static void records_free(Records *rec)
{
    if (rec->weights)
        weights_free(rec->weights);
    free(rec->weights);
    free(rec->clips);
    free(rec->runs);
}

/* Sections 2-5, measured on the images im (read from data_path): the
 * speed of each layer at the start and in training, how to recognize it,
 * and the fixes; their runs into rec. Returns CHAPTER_OK, or
 * CHAPTER_ERROR after printing the error. */
static int lecture_measured(Chapter *ch, const Images *im, const char *data_path, Records *rec,
                            int epochs, double lr)
{
    int rc = lecture_nielsen(&ch->plots, im, data_path, &ch->rng);
    if (rc == CHAPTER_OK)
        rc = lecture_speed(&ch->plots, &rec->runs[0], rec->weights, im, epochs, lr, ch->opt.seed);
    if (rc == CHAPTER_OK) {
        lecture_recognize(&ch->plots, &rec->runs[0], rec->weights, epochs, im->classes, im->name);
        rc = lecture_fixes(&ch->plots, rec->runs, im, epochs, lr, ch->opt.seed);
    }
    return rc;
}

int main(int argc, char **argv)
{
    const char *data_path = DEFAULT_DATA;
    int epochs = EPOCHS;
    double lr = LR;
    CliFlag flags[] = {
        {"data", CLI_STRING, &data_path, "FILE",
         "CSV of images: pixel columns, then the class 0..k-1 (default digits)"},
        {"epochs", CLI_INT, &epochs, "N", "epochs of the training runs (default 5)"},
        {"lr", CLI_DOUBLE, &lr, "RATE", "their learning rate (default 1)"},
    };
    CliRange ranges[] = {{"epochs", '[', 1, MAX_EPOCHS, ']'}, {"lr", '(', 0, INFINITY, ')'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED,
                    .flags = flags, .n_flags = 3, .ranges = ranges, .n_ranges = 2, .sheet = 1};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;

    /* 1. the worked examples of sections 1 and 6, other givens for --variant N */
    Givens given = ch.opt.variant ? givens_draw(&ch.variant) : NOTES_GIVENS;
    Chain chain;
    ChainWorked worked = chain_worked(&chain, &given);
    ClipWorked clip = clip_worked(&given);
    /* 2. --check, --quiz: the worksheet of sections 1 and 6 by hand */
    if (chapter_wants_sheet(&ch)) {
        Sheet sheet;
        fill_sheet(&sheet, &given, &chain, &worked, &clip);
        return chapter_end(&ch, chapter_sheet(&ch, &sheet));
    }
    /* 3. the data: bad data ends the program before the lecture starts */
    DataXY csv = {0};
    Images im = {0};
    Records rec = {0};
    rc = CHAPTER_ERROR;
    if (records_new(&rec) == CHAPTER_OK &&
        chapter_load_xy(&ch, &csv, data_path, &DATA_SPEC, "data") == CHAPTER_OK &&
        images_make(&im, &csv, data_path, &ch.rng) == CHAPTER_OK &&
        chapter_start_lecture(&ch) == CHAPTER_OK) {
        /* 4. the lecture: section 1 by hand, 2-5 measured, 6 both, 7 the summary */
        lecture_chain(&given, &chain, &worked);
        rc = lecture_measured(&ch, &im, data_path, &rec, epochs, lr);
        if (rc == CHAPTER_OK)
            rc = lecture_exploding(&ch.plots, rec.clips, &im, epochs, lr, ch.opt.seed, &given,
                                   &clip);
        if (rc == CHAPTER_OK)
            lecture_summary(rec.runs, rec.clips, epochs);
    }
    records_free(&rec);
    images_free(&im);
    data_xy_free(&csv);
    return chapter_end(&ch, rc);
}
