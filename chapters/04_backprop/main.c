/* Chapter 04 - Backpropagation by hand
 *
 * Lecture notes: 001 (backpropagation for a 2-2-1 regression network and a
 * 2-2-1 classification network, the 2-2-2 worked example, memoization),
 * 003 (softmax + cross-entropy: dz = p - y), 004 (backpropagation
 * notation) and 002 (the chain rule recap).
 *
 * What you will learn
 *   - w^k_ij goes from node i of layer k-1 to node j of layer k; the chain
 *     rule multiplies the local derivatives along a path from the loss to
 *     a weight, and adds the paths when a node feeds several others
 *   - the nine derivatives (i)-(ix) of the 2-2-1 regression network
 *     (linear units, L = (y - y_hat)^2), e.g.
 *         dL/dw11 = dL/dy_hat x dy_hat/dO11 x dO11/dw11 = -2(y - y_hat) w2_11 x1
 *     and why raw inputs around 100 make one SGD step explode
 *   - the same for a classifier (sigmoid units, binary cross-entropy):
 *         dL/dZ_F = dL/dy_hat x dy_hat/dZ_F = -(y - y_hat)
 *   - the classic 2-2-2 example, every number: the forward pass, E_total,
 *     the chain for dE/dw5, all eight gradients, the update, 10,000 rounds
 *   - softmax + cross-entropy: dJ/dz = p - y
 *   - memoization: keep each node's dL/do once (the delta) instead of
 *     multiplying along every path; the count of multiplications
 *   - a numeric gradient check of every parameter: the relative error
 *
 * Run it
 *   ./build/04_backprop                  the lecture, plots in out/04_backprop/
 *   ./build/04_backprop --plots=dumb     the plots drawn in the terminal
 *   ./build/04_backprop --eta 0.1        another learning rate for the regression
 *
 * Plots
 *   regression_loss.png      the 2-2-1 regression's loss per epoch: scaled
 *                            inputs, and raw inputs with a tiny learning rate
 *   classification_loss.png  the classifier's cross-entropy per epoch
 *   example_error.png        E_total of the 2-2-2 example per round, with the
 *                            biases frozen (the classic) and updated
 *   memoization.png          multiplications per backward pass, path by path
 *                            against memoized, as the network deepens
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "gradcheck.h"
#include "hand.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "plot.h"
#include "rng.h"

#define CHAPTER "04_backprop"
#define STUDENTS_CSV "datasets/students.csv"
#define PLACEMENT_CSV "datasets/profile_placement.csv"
#define SEED 1974           /* Werbos' thesis: backpropagation for neural networks */
#define REG_ETA 0.01        /* the 2-2-1 regression's learning rate (--eta) */
#define RAW_SMALL_ETA 1e-5  /* raw inputs train only with a rate this small ... */
#define RAW_BIG_ETA 8e-5    /* ... and diverge already at this one */
#define CLS_ETA 0.5         /* the classifier's learning rate, as in the 2-2-2 example */
#define EPOCHS 1000         /* epochs of the regression and the classifier (--epochs) */
#define MAX_EPOCHS 100000
#define IQ_SCALE 100.0      /* x1 = iq / 100 */
#define TEN 10.0            /* x2 = cgpa / 10; the classifier's inputs / 10 */
#define EX_ETA 0.5          /* the 2-2-2 example's learning rate */
#define ROUNDS 10000        /* rounds of the 2-2-2 example */
#define MAX_DEPTH 10        /* hidden layers in the memoization table */
#define GOOD_REL_ERR 1e-7   /* cs231n's "good" relative error */

/* A difference that should be rounding noise, printed as a bound ("< 1e-12")
 * when it is below it: the noise's own digits depend on the last bit of
 * exp() and would make the transcript differ between machines. A value
 * above the bound is a real difference and is printed as it is. */
static const char *below(char *buf, size_t len, double x, double bound, const char *text)
{
    if (x < bound)
        snprintf(buf, len, "< %s", text);
    else
        snprintf(buf, len, "%.1e", x);
    return buf;
}

/* ---- the data ------------------------------------------------------------ */

/* A small table of the notes: X (m x 2) and y (m x 1), with the column
 * names, and what the inputs were divided by. */
typedef struct {
    Mat *X, *y;
    char names[3][32];
    double scale[2];
} Set;

static void set_free(Set *s)
{
    mat_free(s->X);
    mat_free(s->y);
}

/* Load a CSV with three columns (x1, x2, target) into s; binary asks for
 * 0/1 targets. Returns 0, or 1 after printing an error. */
static int load_set(Set *s, const char *path, int binary)
{
    DataTable t = {0};
    char err[DATA_ERR_LEN];
    if (data_load_csv(&t, path, err, sizeof err) != 0) {
        fprintf(stderr, "error: %s\n", err);
        if (strstr(err, "cannot open") != NULL)
            fprintf(stderr, "hint: run the chapter from the annlab folder\n");
        return 1;
    }
    int rc = 1;
    if (t.cols != 3) {
        fprintf(stderr, "error: %s: expected 3 columns (x1, x2, target), found %d\n", path,
                t.cols);
        goto done;
    }
    s->X = data_select(&t, (int[]){0, 1}, 2);
    s->y = data_select(&t, (int[]){2}, 1);
    if (!s->X || !s->y) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    for (int i = 0; binary && i < s->y->rows; i++)
        if (MAT_AT(s->y, i, 0) != 0 && MAT_AT(s->y, i, 0) != 1) {
            /* +2: the header is line 1 */
            fprintf(stderr, "error: %s:%d: the label \"%s\" is %g; expected 0 or 1\n", path,
                    i + 2, t.names[2], MAT_AT(s->y, i, 0));
            goto done;
        }
    for (int j = 0; j < 3; j++)
        snprintf(s->names[j], sizeof s->names[j], "%s", t.names[j]);
    s->scale[0] = s->scale[1] = 1.0;
    rc = 0;
done:
    data_table_free(&t);
    return rc;
}

/* A copy of s with column j divided by scale[j]. NULL X when out of memory. */
static Set scaled_copy(const Set *s, double scale1, double scale2)
{
    Set c = *s;
    c.X = mat_dup(s->X);
    c.y = mat_dup(s->y);
    c.scale[0] = scale1, c.scale[1] = scale2;
    for (int i = 0; c.X && i < c.X->rows; i++) {
        MAT_AT(c.X, i, 0) /= scale1;
        MAT_AT(c.X, i, 1) /= scale2;
    }
    return c;
}

static void print_set(const Set *s)
{
    char b[3][32];
    printf("    %7s  %10s  %10s  %10s\n", "student", s->names[0], s->names[1], s->names[2]);
    for (int i = 0; i < s->X->rows; i++)
        printf("    %7d  %10s  %10s  %10s\n", i + 1, hand_fmt(b[0], 32, MAT_AT(s->X, i, 0)),
               hand_fmt(b[1], 32, MAT_AT(s->X, i, 1)), hand_fmt(b[2], 32, MAT_AT(s->y, i, 0)));
}

/* ---- 1. Notation and the chain rule ------------------------------------------ */

static void lecture_notation(void)
{
    hand_section("1. Notation and the chain rule (004, 002)");
    printf("w^k_ij is the weight from node i of layer k-1 into node j of layer k (004:\n"
           "k the layer, i \"from which node\", j \"into which node\"); b_kj is the bias of\n"
           "node j in layer k, and O_kj its output. In matrix form (samples as rows),\n"
           "W^[k][i][j] = w^k_ij and\n\n"
           "    A^[k] = act(A^[k-1] W^[k] + b^[k])\n\n"
           "Training moves every weight against its derivative: w_new = w_old - eta dL/dw.\n"
           "The chain rule computes dL/dw as a product of local derivatives along the\n"
           "path from the loss back to the weight (002, for a net whose last layers are\n"
           "O21, O22 and O31):\n\n"
           "    dL/dw^3_11 = dL/dO31 x dO31/dw^3_11                        one path\n"
           "    dL/dw^1_11 = dL/dO31 x dO31/dO21 x dO21/dO11 x dO11/dw^1_11\n"
           "               + dL/dO31 x dO31/dO22 x dO22/dO11 x dO11/dw^1_11  two paths\n\n"
           "w^1_11 changes O11, and O11 feeds both O21 and O22: one product per path,\n"
           "added up. (002 writes this sum of two paths for w^2_11, which reaches only\n"
           "O21; see Errata.) Backpropagation is this chain rule, evaluated from the\n"
           "loss backwards, with each node's dL/dO computed once and reused (section 6).\n");
}

/* ---- 2. The 2-2-1 regression network ----------------------------------------- */

/* The 2-2-1 network of 001 with the notes' names: w_ij from input i to
 * hidden node j and b1j (layer 1); w2_i1 from hidden node i to the output
 * and b21 (layer 2). The same struct holds a gradient. */
typedef struct {
    double w11, w21, w12, w22, b11, b12; /* layer 1 */
    double w2_11, w2_21, b21;            /* layer 2 */
} Net221;

/* The notes' start: every w = 1, every b = 0 (001: "w -> 1, b -> 0"). */
static const Net221 NOTES_START = {1, 1, 1, 1, 0, 0, 1, 1, 0};

/* One sample's forward pass: pre-activations Z and outputs O of the hidden
 * nodes, Z_F and y_hat of the output node. */
typedef struct {
    double Z1, O11, Z2, O12, Z_F, y_hat;
} Fwd221;

/* p <- p - eta g for all nine parameters */
static Net221 step221(const Net221 *p, const Net221 *g, double eta)
{
    return (Net221){p->w11 - eta * g->w11, p->w21 - eta * g->w21, p->w12 - eta * g->w12,
                    p->w22 - eta * g->w22, p->b11 - eta * g->b11, p->b12 - eta * g->b12,
                    p->w2_11 - eta * g->w2_11, p->w2_21 - eta * g->w2_21,
                    p->b21 - eta * g->b21};
}

/* The nine parameters, three to a line. */
static void print_net221(const char *lead, const Net221 *p)
{
    char b[9][32];
    printf("%sw11 = %-13s w21 = %-13s b11 = %s\n", lead, hand_fmt(b[0], 32, p->w11),
           hand_fmt(b[1], 32, p->w21), hand_fmt(b[2], 32, p->b11));
    printf("%*sw12 = %-13s w22 = %-13s b12 = %s\n", (int)strlen(lead), "",
           hand_fmt(b[3], 32, p->w12), hand_fmt(b[4], 32, p->w22), hand_fmt(b[5], 32, p->b12));
    printf("%*sw2_11 = %-11s w2_21 = %-11s b21 = %s\n", (int)strlen(lead), "",
           hand_fmt(b[6], 32, p->w2_11), hand_fmt(b[7], 32, p->w2_21),
           hand_fmt(b[8], 32, p->b21));
}

/* Linear units:  O11 = w11 x1 + w21 x2 + b11,  O12 = w12 x1 + w22 x2 + b12,
 *                y_hat = w2_11 O11 + w2_21 O12 + b21 */
static Fwd221 reg_forward(const Net221 *p, double x1, double x2)
{
    Fwd221 f;
    f.Z1 = f.O11 = p->w11 * x1 + p->w21 * x2 + p->b11;
    f.Z2 = f.O12 = p->w12 * x1 + p->w22 * x2 + p->b12;
    f.Z_F = f.y_hat = p->w2_11 * f.O11 + p->w2_21 * f.O12 + p->b21;
    return f;
}

/* The derivatives (i)-(ix) of L = (y - y_hat)^2, each a chain starting at
 * dL/dy_hat = -2 (y - y_hat). The linear units' derivatives are 1. */
static Net221 reg_grads(const Net221 *p, const Fwd221 *f, double x1, double x2, double y)
{
    double dL_dyhat = -2.0 * (y - f->y_hat);
    Net221 g;
    g.w2_11 = dL_dyhat * f->O11;      /* (i)    dL/dy_hat x dy_hat/dw2_11 */
    g.w2_21 = dL_dyhat * f->O12;      /* (ii) */
    g.b21 = dL_dyhat;                 /* (iii) */
    g.w11 = dL_dyhat * p->w2_11 * x1; /* (iv)   dL/dy_hat x dy_hat/dO11 x dO11/dw11 */
    g.w21 = dL_dyhat * p->w2_11 * x2; /* (v) */
    g.b11 = dL_dyhat * p->w2_11;      /* (vi) */
    g.w12 = dL_dyhat * p->w2_21 * x1; /* (vii)  through O12, whose inputs are x1, x2 */
    g.w22 = dL_dyhat * p->w2_21 * x2; /* (viii) */
    g.b12 = dL_dyhat * p->w2_21;      /* (ix) */
    return g;
}

/* Print one student's forward pass, loss and nine derivatives by hand. */
static void print_reg_sample(const Net221 *p, const Fwd221 *f, const Net221 *g, double x1,
                             double x2, double y)
{
    double dL_dyhat = -2.0 * (y - f->y_hat);
    hand_printf("    O11 = w11 x1 + w21 x2 + b11 = %v x %v%+v x %v%+v = %v\n", p->w11, x1,
                p->w21, x2, p->b11, f->O11);
    hand_printf("    O12 = w12 x1 + w22 x2 + b12 = %v x %v%+v x %v%+v = %v\n", p->w12, x1,
                p->w22, x2, p->b12, f->O12);
    hand_printf("    y_hat = w2_11 O11 + w2_21 O12 + b21\n"
                "          = %v x %v%+v x %v%+v = %v\n",
                p->w2_11, f->O11, p->w2_21, f->O12, p->b21, f->y_hat);
    hand_printf("    L = (y - y_hat)^2 = (%v - %v)^2 = %v\n", y, f->y_hat,
                (y - f->y_hat) * (y - f->y_hat));
    hand_printf("    dL/dy_hat = -2(y - y_hat) = -2 x (%v - %v) = %v\n", y, f->y_hat, dL_dyhat);
    hand_printf("    (i)    dL/dw2_11 = dL/dy_hat x O11 = %v x %v = %v\n", dL_dyhat, f->O11,
                g->w2_11);
    hand_printf("    (ii)   dL/dw2_21 = dL/dy_hat x O12 = %v x %v = %v\n", dL_dyhat, f->O12,
                g->w2_21);
    hand_printf("    (iii)  dL/db21   = dL/dy_hat x 1 = %v\n", g->b21);
    hand_printf("    (iv)   dL/dw11   = dL/dy_hat x w2_11 x x1 = %v x %v x %v = %v\n", dL_dyhat,
                p->w2_11, x1, g->w11);
    hand_printf("    (v)    dL/dw21   = dL/dy_hat x w2_11 x x2 = %v x %v x %v = %v\n", dL_dyhat,
                p->w2_11, x2, g->w21);
    hand_printf("    (vi)   dL/db11   = dL/dy_hat x w2_11 = %v x %v = %v\n", dL_dyhat, p->w2_11,
                g->b11);
    hand_printf("    (vii)  dL/dw12   = dL/dy_hat x w2_21 x x1 = %v x %v x %v = %v\n", dL_dyhat,
                p->w2_21, x1, g->w12);
    hand_printf("    (viii) dL/dw22   = dL/dy_hat x w2_21 x x2 = %v x %v x %v = %v\n", dL_dyhat,
                p->w2_21, x2, g->w22);
    hand_printf("    (ix)   dL/db12   = dL/dy_hat x w2_21 = %v x %v = %v\n", dL_dyhat, p->w2_21,
                g->b12);
}

/* One SGD step of the regression on student i of s (printed when print
 * is set); returns the loss before the step. */
static double reg_step(Net221 *p, const Set *s, int i, double eta, int print)
{
    double x1 = MAT_AT(s->X, i, 0), x2 = MAT_AT(s->X, i, 1), y = MAT_AT(s->y, i, 0);
    Fwd221 f = reg_forward(p, x1, x2);
    Net221 g = reg_grads(p, &f, x1, x2, y);
    if (print) {
        hand_printf("Student %d: x1 = %v, x2 = %v, y = %v\n", i + 1, x1, x2, y);
        print_reg_sample(p, &f, &g, x1, x2, y);
    }
    *p = step221(p, &g, eta);
    if (print) {
        hand_printf("    update w <- w - eta dL/dw (eta = %v):\n", eta);
        print_net221("        ", p);
    }
    return (y - f.y_hat) * (y - f.y_hat);
}

/* A training history: the mean loss of each epoch, and where it stopped. */
typedef struct {
    double *cost;  /* cost[e] for epochs e = 0 .. n-1 */
    int n;         /* epochs completed */
    int bad_epoch; /* when not 0: the loss stopped being finite here ... */
    int bad_row;   /* ... at this student (both 1-based) */
} History;

/* SGD over the students in order, epoch after epoch. step() updates p on
 * student i and returns the loss before the update. The cost of an epoch
 * is the mean of those losses (001: "calc avg loss for the epoch"). */
typedef double (*StepFn)(Net221 *p, const Set *s, int i, double eta, int print);

static void train221(StepFn step, Net221 *p, const Set *s, double eta, int epochs, History *h)
{
    h->n = h->bad_epoch = h->bad_row = 0;
    for (int e = 0; e < epochs; e++) {
        double sum = 0.0;
        for (int i = 0; i < s->X->rows; i++) {
            double L = step(p, s, i, eta, 0);
            if (!isfinite(L)) {
                h->bad_epoch = e + 1, h->bad_row = i + 1;
                return;
            }
            sum += L;
        }
        h->cost[e] = sum / s->X->rows;
        h->n = e + 1;
    }
}

/* The next epoch to show after e: 1, 2, 3, 4, 5 (the notes' "epoch = 5"),
 * then 10, 20, 50, 100, 200, 500, ... */
static int next_shown(int e)
{
    if (e < 5)
        return e + 1;
    int decade = 1;
    while (decade * 10 <= e)
        decade *= 10;
    int lead = e / decade; /* 5 -> 10, 10 -> 20, 20 -> 50, 50 -> 100 */
    return lead < 2 ? 2 * decade : lead < 5 ? 5 * decade : 10 * decade;
}

static void print_history(const History *h, const char *what)
{
    char b[32];
    int e = 1, last = 0;
    printf("    %6s  %s\n", "epoch", what);
    for (; e <= h->n; e = next_shown(e)) {
        printf("    %6d  %s\n", e, hand_fmt(b, sizeof b, h->cost[e - 1]));
        last = e;
    }
    if (last < h->n)
        printf("    %6d  %s\n", h->n, hand_fmt(b, sizeof b, h->cost[h->n - 1]));
}

/* The diagnostic of a run whose loss stopped being finite; hint says what to do. */
static void print_divergence(const History *h, double eta, const char *hint)
{
    hand_printf("Training diverged: the loss stopped being a finite number at epoch %d,\n"
                "student %d (eta = %v). Each step overshoots further than the last.\n%s\n",
                h->bad_epoch, h->bad_row, eta, hint);
}

/* The library's Sequential model for the 2-2-1 network with act on both
 * layers, started at p. NULL when out of memory. */
static Net *library_net221(const Net221 *p, ActKind act, int max_rows)
{
    Net *net = net_new(2, max_rows);
    if (!net || net_add(net, 2, act_of(act)) != 0 || net_add(net, 1, act_of(act)) != 0) {
        net_free(net);
        return NULL;
    }
    /* W^[1][i][j] = w_ij (from input i to hidden node j), W^[2][i][0] = w2_i1 */
    Layer *l1 = net->layers[0], *l2 = net->layers[1];
    MAT_AT(l1->W, 0, 0) = p->w11, MAT_AT(l1->W, 0, 1) = p->w12;
    MAT_AT(l1->W, 1, 0) = p->w21, MAT_AT(l1->W, 1, 1) = p->w22;
    l1->b->data[0] = p->b11, l1->b->data[1] = p->b12;
    MAT_AT(l2->W, 0, 0) = p->w2_11, MAT_AT(l2->W, 1, 0) = p->w2_21;
    l2->b->data[0] = p->b21;
    return net;
}

/* Largest |a - b| over the nine parameters of the hand net and the library's. */
static double diff221(const Net221 *p, const Net *net)
{
    const Layer *l1 = net->layers[0], *l2 = net->layers[1];
    double d[9] = {p->w11 - MAT_AT(l1->W, 0, 0), p->w12 - MAT_AT(l1->W, 0, 1),
                   p->w21 - MAT_AT(l1->W, 1, 0), p->w22 - MAT_AT(l1->W, 1, 1),
                   p->b11 - l1->b->data[0],      p->b12 - l1->b->data[1],
                   p->w2_11 - MAT_AT(l2->W, 0, 0), p->w2_21 - MAT_AT(l2->W, 1, 0),
                   p->b21 - l2->b->data[0]};
    double worst = 0.0;
    for (int k = 0; k < 9; k++)
        worst = fmax(worst, fabs(d[k]));
    return worst;
}

/* Train the library's net as the hand loop was trained (SGD, batches of 1,
 * students in order) and report how far apart the two are. */
static void check_with_library(const Net221 *start, const Net221 *end, ActKind act,
                               const Loss *loss, const Set *s, double eta, const History *h)
{
    Net *net = library_net221(start, act, 1);
    double *hist = malloc((size_t)(h->n > 0 ? h->n : 1) * sizeof *hist);
    if (!net || !hist) {
        printf("(out of memory: the library check is skipped)\n");
        net_free(net);
        free(hist);
        return;
    }
    FitResult res;
    net_fit(net, loss, s->X, s->y,
            &(FitSpec){.epochs = h->n, .batch_size = 1, .lr = eta, .history = hist}, &res);
    double worst = 0.0;
    for (int e = 0; e < res.epochs; e++)
        worst = fmax(worst, fabs(hist[e] - h->cost[e]) / fmax(fabs(h->cost[e]), 1e-300));
    char b1[32], b2[32];
    printf("The library's net (lib/net.h: net_fit, batches of 1, no shuffling) trained\n"
           "the same way: %d epochs, largest relative difference in the epoch losses\n"
           "%s, largest difference in the parameters %s: %s.\n",
           res.epochs, below(b1, 32, worst, 1e-12, "1e-12"),
           below(b2, 32, diff221(end, net), 1e-12, "1e-12"),
           res.epochs == h->n && worst < 1e-9 && diff221(end, net) < 1e-9
               ? "the same numbers"
               : "THEY DIFFER");
    net_free(net);
    free(hist);
}

static void lecture_regression_setup(const Set *raw)
{
    hand_section("2. Backpropagation in a 2-2-1 regression network (001)");
    printf("Four students (%s): iq and cgpa in, the package\n"
           "lpa (lakh rupees a year) out.\n\n", STUDENTS_CSV);
    print_set(raw);
    printf("\nTwo linear hidden nodes and a linear output, 3 + 3 + 3 = 9 trainable\n"
           "parameters, and the squared error of one student as the loss:\n\n"
           "    O11 = w11 x1 + w21 x2 + b11          (x1 = iq, x2 = cgpa)\n"
           "    O12 = w12 x1 + w22 x2 + b12\n"
           "    y_hat = w2_11 O11 + w2_21 O12 + b21\n"
           "    L = (y - y_hat)^2,   dL/dy_hat = -2(y - y_hat)\n\n"
           "The chain rule gives the nine derivatives, (i)-(ix) as in the notes:\n\n"
           "    (i)    dL/dw2_11 = dL/dy_hat x dy_hat/dw2_11 = -2(y - y_hat) O11\n"
           "    (ii)   dL/dw2_21 = -2(y - y_hat) O12\n"
           "    (iii)  dL/db21   = -2(y - y_hat)\n"
           "    (iv)   dL/dw11   = dL/dy_hat x dy_hat/dO11 x dO11/dw11 = -2(y - y_hat) w2_11 x1\n"
           "    (v)    dL/dw21   = -2(y - y_hat) w2_11 x2\n"
           "    (vi)   dL/db11   = -2(y - y_hat) w2_11\n"
           "    (vii)  dL/dw12   = -2(y - y_hat) w2_21 x1    (001 writes x2 here: Errata)\n"
           "    (viii) dL/dw22   = -2(y - y_hat) w2_21 x2\n"
           "    (ix)   dL/db12   = -2(y - y_hat) w2_21       (001 numbers (vi) as (ix) too)\n\n"
           "Each weight then moves: w_new = w_old - eta dL/dw_old.\n");
}

/* 2.1: raw inputs blow up within one epoch. */
static void lecture_raw_explosion(const Set *raw, double eta)
{
    hand_section("2.1 Raw inputs: one SGD epoch explodes");
    hand_printf("Start from the notes' w = 1, b = 0 with the raw inputs and eta = %v\n"
                "(001 gives no rate for this network; it uses 0.01 for the perceptron).\n\n",
                eta);
    Net221 p = NOTES_START;
    double L[4] = {0};
    int m = raw->X->rows < 4 ? raw->X->rows : 4;
    L[0] = reg_step(&p, raw, 0, eta, 1);
    printf("\n001 illustrates the error with y_hat = 18: (3 - 18)^2 = 225. The network\n"
           "itself predicts far more: each hidden node adds iq + cgpa, about 90.\n"
           "One step moves w11 by eta x dL/dw11, hundreds of times its own size.\n"
           "The rest of the epoch, one student at a time:\n\n");
    char b[2][32];
    printf("    %7s  %16s  %20s\n", "student", "y_hat", "L (before the step)");
    double y_hat1 = reg_forward(&NOTES_START, MAT_AT(raw->X, 0, 0), MAT_AT(raw->X, 0, 1)).y_hat;
    printf("    %7d  %16s  %20s\n", 1, hand_fmt(b[0], 32, y_hat1), hand_fmt(b[1], 32, L[0]));
    for (int i = 1; i < m; i++) {
        double y_hat = reg_forward(&p, MAT_AT(raw->X, i, 0), MAT_AT(raw->X, i, 1)).y_hat;
        L[i] = reg_step(&p, raw, i, eta, 0);
        printf("    %7d  %16s  %20s\n", i + 1, hand_fmt(b[0], 32, y_hat), hand_fmt(b[1], 32, L[i]));
    }
    double next = reg_step(&p, raw, 0, eta, 0);
    printf("    %7s  %16s  %20s\n", "1 again", "", isfinite(next) ? hand_fmt(b[1], 32, next)
                                                                   : "not finite");
    printf("\nThe exponent of y_hat roughly triples every step. dL/dw is the error times\n"
           "an input times a weight of the other layer, so a step moves both layers in\n"
           "proportion to the error, and y_hat multiplies the two layers' weights: the\n"
           "next error is about the cube of this one. A double overflows past 1.8e308:\n"
           "the first student of epoch 2 already gives an infinite loss.\n\n");
    History h = {.cost = L};
    Net221 q = NOTES_START;
    train221(reg_step, &q, raw, eta, 2, &h);
    if (h.bad_epoch)
        print_divergence(&h, eta, "Section 2.2 scales the inputs instead.");
    Net *net = library_net221(&NOTES_START, ACT_LINEAR, 1);
    if (net) {
        FitResult res;
        net_fit(net, &(Loss){.kind = LOSS_MSE}, raw->X, raw->y,
                &(FitSpec){.epochs = 2, .batch_size = 1, .lr = eta}, &res);
        printf("The library's net_fit detects it too:\n    %s\n",
               res.diverged ? res.message : "no divergence (unexpected)");
        net_free(net);
    }
}

/* 2.2: scaled inputs, one epoch by hand. Returns 0 when the loss stayed
 * finite, -1 when this eta diverged already. */
static int lecture_scaled_epoch(const Set *s, double eta, Net221 *p)
{
    hand_section("2.2 Scaled inputs: epoch 1 by hand");
    hand_printf("Divide iq by %v and cgpa by %v, so that both inputs lie near 1: x1 = iq / %v,\n"
                "x2 = cgpa / %v. The notes' start w = 1, b = 0 then predicts y_hat = 3.2 for\n"
                "the first student, close to the 3 it earns. eta = %v.\n\n",
                s->scale[0], s->scale[1], s->scale[0], s->scale[1], eta);
    *p = NOTES_START;
    Net221 before2 = *p;
    for (int i = 0; i < s->X->rows; i++) {
        if (i == 1)
            before2 = *p;
        double L = reg_step(p, s, i, eta, 1);
        if (!isfinite(L)) {
            printf("The loss is no longer a finite number: this eta diverges.\n");
            return -1;
        }
    }
    printf("\nEvery weight started at 1, so O11 = O12 for every student, (iv)-(vi)\n"
           "equal (vii)-(ix), and the two hidden nodes stay twins for good: w11 = w12,\n"
           "w21 = w22, b11 = b12 after any number of steps. Equal starting weights\n"
           "never break their symmetry (002: \"weight should not be same\"). With the\n"
           "notes' (vii), dL/dw12 = -2(y - y_hat) w2_21 x2, the twins would part at\n"
           "student 2 (at student 1 the slip is hidden: x1 = x2 = 0.8):\n\n");
    if (s->X->rows < 2)
        return 0;
    double x1 = MAT_AT(s->X, 1, 0), x2 = MAT_AT(s->X, 1, 1), y = MAT_AT(s->y, 1, 0);
    Fwd221 f = reg_forward(&before2, x1, x2);
    double dL_dyhat = -2.0 * (y - f.y_hat);
    hand_printf("    the notes' (vii): dL/dw12 = %v x %v x %v = %v\n", dL_dyhat, before2.w2_21, x2,
                dL_dyhat * before2.w2_21 * x2);
    hand_printf("    the right (vii):  dL/dw12 = %v x %v x %v = %v  (= dL/dw11)\n", dL_dyhat,
                before2.w2_21, x1, dL_dyhat * before2.w2_21 * x1);
    return 0;
}

static void plot_regression(Plotter *pl, const History *scaled, double eta, const History *raw)
{
    char title_scaled[80], title_raw[80];
    snprintf(title_scaled, sizeof title_scaled, "inputs scaled (iq/100, cgpa/10), eta = %g", eta);
    snprintf(title_raw, sizeof title_raw, "raw inputs, eta = %g", RAW_SMALL_ETA);
    Plot *p = plot_begin(pl, "regression_loss", &(PlotSpec){
        .title = "2-2-1 regression on the four students: mean loss per epoch (SGD)",
        .xlabel = "epoch (log scale)", .ylabel = "mean of (y - y_hat)^2 over the epoch",
        .settings = "set logscale xy\nset key top right"});
    const History *runs[] = {scaled, raw};
    const char *legends[] = {title_scaled, title_raw};
    const char *styles[] = {"lines lw 2 lc rgb '#2e6fb5'", "lines lw 2 dt 2 lc rgb '#c0392b'"};
    for (int r = 0; r < 2; r++) {
        double *x = malloc((size_t)(runs[r]->n > 0 ? runs[r]->n : 1) * sizeof *x);
        if (!x)
            continue;
        for (int e = 0; e < runs[r]->n; e++)
            x[e] = e + 1;
        plot_series(p, legends[r], styles[r], x, runs[r]->cost, runs[r]->n);
        free(x);
    }
    plot_end(p);
}

/* 2.3: train on, print the loss table, check against the library, plot. */
static void lecture_regression_training(Plotter *pl, const Set *raw, const Set *s, double eta,
                                        int epochs, double *buf_scaled, double *buf_raw)
{
    hand_section("2.3 Training: the loss per epoch");
    History h = {.cost = buf_scaled};
    Net221 p = NOTES_START;
    train221(reg_step, &p, s, eta, epochs, &h);
    hand_printf("SGD over the scaled students in order, eta = %v, %d epochs. The loss of\n"
                "an epoch is the mean of the four losses met during it:\n\n", eta, epochs);
    print_history(&h, "mean loss");
    if (h.bad_epoch) {
        printf("\n");
        print_divergence(&h, eta, "Try a smaller learning rate (--eta).");
    } else {
        printf("\nAfter training:\n");
        print_net221("    ", &p);
        printf("\n    %7s  %10s  %10s\n", "student", "lpa", "y_hat");
        char b[2][32];
        for (int i = 0; i < s->X->rows; i++)
            printf("    %7d  %10s  %10s\n", i + 1, hand_fmt(b[0], 32, MAT_AT(s->y, i, 0)),
                   hand_fmt(b[1], 32,
                            reg_forward(&p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1)).y_hat));
        printf("\nA linear network is a linear model (003: y_hat = x1 A + x2 B + C), and no\n"
               "plane goes through these four points: the loss levels off above 0.\n\n");
        check_with_library(&NOTES_START, &p, ACT_LINEAR, &(Loss){.kind = LOSS_MSE}, s, eta,
                           &h);
    }
    /* the other way out, raw inputs with a tiny rate: buf_raw first holds a
     * run at a rate that diverges, then the one plotted */
    History big = {.cost = buf_raw}, r = {.cost = buf_raw};
    Net221 u = NOTES_START, q = NOTES_START;
    train221(reg_step, &u, raw, RAW_BIG_ETA, epochs, &big);
    train221(reg_step, &q, raw, RAW_SMALL_ETA, epochs, &r);
    char b[3][32];
    printf("\nThe other way out is a tiny learning rate on the raw inputs, in a narrow\n"
           "window:");
    if (big.bad_epoch)
        hand_printf(" eta = %v already diverges (epoch %d).", RAW_BIG_ETA, big.bad_epoch);
    hand_printf("\nWith eta = %v the mean loss is %s after epoch 1 and %s after\n"
                "epoch %d. iq is about ten times cgpa, so a rate small enough for iq's weights\n"
                "moves cgpa's slowly: w21 = %s after %d epochs, from 1 (regression_loss.png).\n",
                RAW_SMALL_ETA, r.n > 0 ? hand_fmt(b[0], 32, r.cost[0]) : "not finite",
                r.n > 0 ? hand_fmt(b[1], 32, r.cost[r.n - 1]) : "-", r.n,
                hand_fmt(b[2], 32, q.w21), r.n);
    plot_regression(pl, &h, eta, &r);
}

/* ---- 3. The 2-2-1 classification network ------------------------------------- */

/* Sigmoid units:  Z1 = w11 x1 + w21 x2 + b11, O11 = sigma(Z1),  (O12 alike)
 *                 Z_F = w2_11 O11 + w2_21 O12 + b21,  y_hat = sigma(Z_F) */
static Fwd221 cls_forward(const Net221 *p, double x1, double x2)
{
    Fwd221 f;
    f.Z1 = p->w11 * x1 + p->w21 * x2 + p->b11;
    f.O11 = act_sigmoid(f.Z1);
    f.Z2 = p->w12 * x1 + p->w22 * x2 + p->b12;
    f.O12 = act_sigmoid(f.Z2);
    f.Z_F = p->w2_11 * f.O11 + p->w2_21 * f.O12 + p->b21;
    f.y_hat = act_sigmoid(f.Z_F);
    return f;
}

/* L = -y log(y_hat) - (1 - y) log(1 - y_hat) */
static double bce(double y, double y_hat)
{
    return -y * log(y_hat) - (1.0 - y) * log(1.0 - y_hat);
}

/* The derivatives (i)-(ix) of the binary cross-entropy. The first two
 * factors of every chain collapse:
 *   dL/dZ_F = dL/dy_hat x dy_hat/dZ_F
 *           = (y_hat - y) / (y_hat (1 - y_hat)) x y_hat (1 - y_hat) = -(y - y_hat) */
static Net221 cls_grads(const Net221 *p, const Fwd221 *f, double x1, double x2, double y)
{
    double dL_dZF = -(y - f->y_hat);
    double dL_dZ1 = dL_dZF * p->w2_11 * (f->O11 * (1.0 - f->O11)); /* through O11 */
    double dL_dZ2 = dL_dZF * p->w2_21 * (f->O12 * (1.0 - f->O12)); /* through O12 */
    Net221 g;
    g.w2_11 = dL_dZF * f->O11; /* (i) */
    g.w2_21 = dL_dZF * f->O12; /* (ii) */
    g.b21 = dL_dZF;            /* (iii) */
    g.w11 = dL_dZ1 * x1;       /* (iv) */
    g.w21 = dL_dZ1 * x2;       /* (v) */
    g.b11 = dL_dZ1;            /* (vi) */
    g.w12 = dL_dZ2 * x1;       /* (vii) */
    g.w22 = dL_dZ2 * x2;       /* (viii) */
    g.b12 = dL_dZ2;            /* (ix) */
    return g;
}

static void print_cls_sample(const Net221 *p, const Fwd221 *f, const Net221 *g, double x1,
                             double x2, double y)
{
    double dL_dyhat = -y / f->y_hat + (1.0 - y) / (1.0 - f->y_hat);
    double dyhat_dZF = f->y_hat * (1.0 - f->y_hat);
    double s1 = f->O11 * (1.0 - f->O11), s2 = f->O12 * (1.0 - f->O12);
    double dL_dZF = -(y - f->y_hat);
    hand_printf("    Z1 = w11 x1 + w21 x2 + b11 = %v x %v%+v x %v%+v = %v\n", p->w11, x1, p->w21,
                x2, p->b11, f->Z1);
    hand_printf("    O11 = sigma(Z1) = %v,  O11 (1 - O11) = %v\n", f->O11, s1);
    hand_printf("    Z2 = w12 x1 + w22 x2 + b12 = %v x %v%+v x %v%+v = %v\n", p->w12, x1, p->w22,
                x2, p->b12, f->Z2);
    hand_printf("    O12 = sigma(Z2) = %v,  O12 (1 - O12) = %v\n", f->O12, s2);
    hand_printf("    Z_F = w2_11 O11 + w2_21 O12 + b21\n"
                "        = %v x %v%+v x %v%+v = %v\n",
                p->w2_11, f->O11, p->w2_21, f->O12, p->b21, f->Z_F);
    hand_printf("    y_hat = sigma(Z_F) = %v\n", f->y_hat);
    hand_printf("    L = -y log(y_hat) - (1 - y) log(1 - y_hat) = %v\n", bce(y, f->y_hat));
    hand_printf("    dL/dy_hat = -y/y_hat + (1 - y)/(1 - y_hat) = %v\n", dL_dyhat);
    hand_printf("    dy_hat/dZ_F = y_hat (1 - y_hat) = %v\n", dyhat_dZF);
    hand_printf("    dL/dZ_F = %v x %v = -(y - y_hat) = %v\n", dL_dyhat, dyhat_dZF, dL_dZF);
    hand_printf("    (i)    dL/dw2_11 = dL/dZ_F x O11 = %v x %v = %v\n", dL_dZF, f->O11,
                g->w2_11);
    hand_printf("    (ii)   dL/dw2_21 = dL/dZ_F x O12 = %v x %v = %v\n", dL_dZF, f->O12,
                g->w2_21);
    hand_printf("    (iii)  dL/db21   = dL/dZ_F = %v\n", g->b21);
    hand_printf("    dL/dZ1 = dL/dZ_F x w2_11 x O11 (1 - O11) = %v x %v x %v = %v\n", dL_dZF,
                p->w2_11, s1, g->b11);
    hand_printf("    (iv)   dL/dw11   = dL/dZ1 x x1 = %v x %v = %v\n", g->b11, x1, g->w11);
    hand_printf("    (v)    dL/dw21   = dL/dZ1 x x2 = %v x %v = %v\n", g->b11, x2, g->w21);
    hand_printf("    (vi)   dL/db11   = dL/dZ1 = %v\n", g->b11);
    hand_printf("    dL/dZ2 = dL/dZ_F x w2_21 x O12 (1 - O12) = %v x %v x %v = %v\n", dL_dZF,
                p->w2_21, s2, g->b12);
    hand_printf("    (vii)  dL/dw12   = dL/dZ2 x x1 = %v x %v = %v\n", g->b12, x1, g->w12);
    hand_printf("    (viii) dL/dw22   = dL/dZ2 x x2 = %v x %v = %v\n", g->b12, x2, g->w22);
    hand_printf("    (ix)   dL/db12   = dL/dZ2 = %v\n", g->b12);
}

/* One SGD step of the classifier on row i; returns the loss before it. */
static double cls_step(Net221 *p, const Set *s, int i, double eta, int print)
{
    double x1 = MAT_AT(s->X, i, 0), x2 = MAT_AT(s->X, i, 1), y = MAT_AT(s->y, i, 0);
    Fwd221 f = cls_forward(p, x1, x2);
    Net221 g = cls_grads(p, &f, x1, x2, y);
    if (print) {
        hand_printf("Student %d: x1 = %v, x2 = %v, y = %v\n", i + 1, x1, x2, y);
        print_cls_sample(p, &f, &g, x1, x2, y);
    }
    *p = step221(p, &g, eta);
    if (print) {
        hand_printf("    update w <- w - eta dL/dw (eta = %v):\n", eta);
        print_net221("        ", p);
    }
    return bce(y, f.y_hat);
}

static void plot_classification(Plotter *pl, const History *h)
{
    Plot *p = plot_begin(pl, "classification_loss", &(PlotSpec){
        .title = "2-2-1 sigmoid classifier on the placement table: cross-entropy per epoch",
        .xlabel = "epoch", .ylabel = "mean binary cross-entropy over the epoch",
        .settings = "set logscale y\nset key top right"});
    double *x = malloc((size_t)(h->n > 0 ? h->n : 1) * sizeof *x);
    if (x) {
        for (int e = 0; e < h->n; e++)
            x[e] = e + 1;
        plot_series(p, "SGD, eta = 0.5, start w = 1, b = 0", "lines lw 2 lc rgb '#2e6fb5'", x,
                    h->cost, h->n);
        free(x);
    }
    plot_end(p);
}

static void lecture_classification(Plotter *pl, const Set *raw, const Set *s, int epochs,
                                   double *buf, Net221 *after_epoch1)
{
    hand_section("3. Backpropagation in a 2-2-1 classification network (001)");
    printf("Four students (%s): cgpa and profile score in,\n"
           "placed (1) or not (0) out.\n\n", PLACEMENT_CSV);
    print_set(raw);
    hand_printf("\nThe same 2-2-1 shape with sigmoid nodes everywhere, so y_hat is a\n"
                "probability, and the binary cross-entropy as the loss:\n\n"
                "    Z1 = w11 x1 + w21 x2 + b11,  O11 = sigma(Z1)      (O12 from Z2 alike)\n"
                "    Z_F = w2_11 O11 + w2_21 O12 + b21,  y_hat = sigma(Z_F)\n"
                "    L = -y log(y_hat) - (1 - y) log(1 - y_hat)\n\n"
                "The first two factors of every chain cancel to a simple delta:\n\n"
                "    dL/dy_hat = -y/y_hat + (1 - y)/(1 - y_hat)"
                " = (y_hat - y) / (y_hat (1 - y_hat))\n"
                "    dy_hat/dZ_F = y_hat (1 - y_hat)\n"
                "    dL/dZ_F = -(y - y_hat)\n\n"
                "and a sigmoid hidden node adds its own derivative, dO11/dZ1 = O11 (1 - O11):\n\n"
                "    (i)-(iii)    -(y - y_hat) times O11, O12, 1\n"
                "    (iv)-(vi)    -(y - y_hat) w2_11 O11 (1 - O11) times x1, x2, 1\n"
                "    (vii)-(ix)   -(y - y_hat) w2_21 O12 (1 - O12) times x1, x2, 1\n\n"
                "(iv)-(vi) share dL/dZ1 = -(y - y_hat) w2_11 O11 (1 - O11), the hidden node's\n"
                "delta; it is computed once below (and (vii)-(ix) share dL/dZ2).\n\n"
                "Inputs divided by %v (cgpa and profile score near 1), start w = 1, b = 0,\n"
                "eta = %v. Epoch 1 by hand:\n\n", s->scale[0], CLS_ETA);
    Net221 p = NOTES_START;
    for (int i = 0; i < s->X->rows; i++)
        cls_step(&p, s, i, CLS_ETA, 1);
    *after_epoch1 = p;
    History h = {.cost = buf};
    Net221 q = NOTES_START;
    train221(cls_step, &q, s, CLS_ETA, epochs, &h);
    hand_printf("\nTraining on, %d epochs (the same twin hidden nodes as in section 2):\n\n",
                epochs);
    print_history(&h, "mean cross-entropy");
    printf("\n    %7s  %6s  %12s\n", "student", "placed", "y_hat");
    char b[32];
    int right = 0;
    for (int i = 0; i < s->X->rows; i++) {
        double y_hat = cls_forward(&q, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1)).y_hat;
        right += (y_hat >= 0.5) == (MAT_AT(s->y, i, 0) == 1);
        printf("    %7d  %6g  %12s\n", i + 1, MAT_AT(s->y, i, 0), hand_fmt(b, 32, y_hat));
    }
    printf("\n%d of %d students classified right (y_hat >= 0.5 means placed). For the\n"
           "first hundred epochs or so the loss hovers around 0.8 (a constant guess of 0.5\n"
           "would give ln 2 = 0.693) while the hidden weights turn towards cgpa; then it\n"
           "falls (classification_loss.png). The weights after training:\n",
           right, s->X->rows);
    print_net221("    ", &q);
    if (q.w11 > 0 && q.w21 < 0)
        printf("cgpa (w11 > 0) pushes towards placed, the profile score (w21 < 0) away.\n");
    printf("\n");
    check_with_library(&NOTES_START, &q, ACT_SIGMOID, &(Loss){.kind = LOSS_BCE}, s, CLS_ETA,
                       &h);
    printf("(Its output delta comes in closed form, dZ = y_hat - y: lib/net.h.)\n");
    plot_classification(pl, &h);
}

/* ---- 4. The 2-2-2 worked example ------------------------------------------- */

/* The example's parameters with its names: w1..w4 from the inputs to the
 * hidden nodes (w1: i1 -> h1, w2: i2 -> h1, w3: i1 -> h2, w4: i2 -> h2),
 * w5..w8 from the hidden nodes to the outputs (w5: h1 -> o1, w6: h2 -> o1,
 * w7: h1 -> o2, w8: h2 -> o2), and a bias per node (the notes' b1 and b2
 * are shared: b_h1 = b_h2 = b1 = 0.35, b_o1 = b_o2 = b2 = 0.60 at the start). */
typedef struct {
    double w1, w2, w3, w4, w5, w6, w7, w8;
    double b_h1, b_h2, b_o1, b_o2;
} Ex222;

static const Ex222 EX_START = {0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55,
                               0.35, 0.35, 0.60, 0.60};
static const double I1 = 0.05, I2 = 0.10; /* inputs */
static const double T1 = 0.01, T2 = 0.99; /* targets */

typedef struct {
    double H1, out_h1, H2, out_h2; /* hidden: net input and output */
    double y1, out_o1, y2, out_o2; /* output: net input and output (001 calls out_o1 y1^final) */
    double E_o1, E_o2, E_total;
} Fwd222;

/* H1 = i1 w1 + i2 w2 + b1, out_h1 = sigma(H1) (h2 alike);
 * y1 = out_h1 w5 + out_h2 w6 + b2, out_o1 = sigma(y1) (o2 alike);
 * E_total = 1/2 (T1 - out_o1)^2 + 1/2 (T2 - out_o2)^2 */
static Fwd222 ex_forward(const Ex222 *p)
{
    Fwd222 f;
    f.H1 = I1 * p->w1 + I2 * p->w2 + p->b_h1;
    f.out_h1 = act_sigmoid(f.H1);
    f.H2 = I1 * p->w3 + I2 * p->w4 + p->b_h2;
    f.out_h2 = act_sigmoid(f.H2);
    f.y1 = f.out_h1 * p->w5 + f.out_h2 * p->w6 + p->b_o1;
    f.out_o1 = act_sigmoid(f.y1);
    f.y2 = f.out_h1 * p->w7 + f.out_h2 * p->w8 + p->b_o2;
    f.out_o2 = act_sigmoid(f.y2);
    f.E_o1 = 0.5 * (T1 - f.out_o1) * (T1 - f.out_o1);
    f.E_o2 = 0.5 * (T2 - f.out_o2) * (T2 - f.out_o2);
    f.E_total = f.E_o1 + f.E_o2;
    return f;
}

/* The two output deltas, delta_o = dE/dy = dE/dout_o x dout_o/dy:
 *   dE/dout_o1 = -(T1 - out_o1),  dout_o1/dy1 = out_o1 (1 - out_o1) */
static void ex_output_deltas(const Fwd222 *f, double *delta_o1, double *delta_o2)
{
    double dE_dout_o1 = -(T1 - f->out_o1), dout_o1_dy1 = f->out_o1 * (1.0 - f->out_o1);
    double dE_dout_o2 = -(T2 - f->out_o2), dout_o2_dy2 = f->out_o2 * (1.0 - f->out_o2);
    *delta_o1 = dE_dout_o1 * dout_o1_dy1;
    *delta_o2 = dE_dout_o2 * dout_o2_dy2;
}

/* The output layer's gradients: dE/dw5 = delta_o1 out_h1, ..., dE/db_o1 = delta_o1. */
static void ex_output_grads(Ex222 *g, const Fwd222 *f, double delta_o1, double delta_o2)
{
    g->w5 = delta_o1 * f->out_h1;
    g->w6 = delta_o1 * f->out_h2;
    g->w7 = delta_o2 * f->out_h1;
    g->w8 = delta_o2 * f->out_h2;
    g->b_o1 = delta_o1;
    g->b_o2 = delta_o2;
}

/* The hidden layer's gradients through the output weights of p:
 *   dE/dout_h1 = delta_o1 w5 + delta_o2 w7   (h1 feeds both outputs)
 *   delta_h1 = dE/dout_h1 x out_h1 (1 - out_h1),  dE/dw1 = delta_h1 i1, ... */
static void ex_hidden_grads(Ex222 *g, const Ex222 *p, const Fwd222 *f, double delta_o1,
                            double delta_o2)
{
    double dE_dout_h1 = delta_o1 * p->w5 + delta_o2 * p->w7;
    double dE_dout_h2 = delta_o1 * p->w6 + delta_o2 * p->w8;
    double delta_h1 = dE_dout_h1 * (f->out_h1 * (1.0 - f->out_h1));
    double delta_h2 = dE_dout_h2 * (f->out_h2 * (1.0 - f->out_h2));
    g->w1 = delta_h1 * I1;
    g->w2 = delta_h1 * I2;
    g->w3 = delta_h2 * I1;
    g->w4 = delta_h2 * I2;
    g->b_h1 = delta_h1;
    g->b_h2 = delta_h2;
}

typedef enum {
    EX_CLASSIC,     /* weights only; the hidden layer uses the old w5..w8 */
    EX_BIASES,      /* the same, and every bias updated too */
    EX_NEW_WEIGHTS, /* weights only, hidden layer through the updated w5..w8 */
} ExVariant;

/* w <- w - eta dE/dw for the chosen groups of parameters. */
static void ex_update(Ex222 *p, const Ex222 *g, int weights_1to4, int weights_5to8, int biases)
{
    if (weights_1to4) {
        p->w1 -= EX_ETA * g->w1;
        p->w2 -= EX_ETA * g->w2;
        p->w3 -= EX_ETA * g->w3;
        p->w4 -= EX_ETA * g->w4;
    }
    if (weights_5to8) {
        p->w5 -= EX_ETA * g->w5;
        p->w6 -= EX_ETA * g->w6;
        p->w7 -= EX_ETA * g->w7;
        p->w8 -= EX_ETA * g->w8;
    }
    if (biases) {
        p->b_h1 -= EX_ETA * g->b_h1;
        p->b_h2 -= EX_ETA * g->b_h2;
        p->b_o1 -= EX_ETA * g->b_o1;
        p->b_o2 -= EX_ETA * g->b_o2;
    }
}

/* One round: forward, backward, update. */
static void ex_round(Ex222 *p, ExVariant v)
{
    Fwd222 f = ex_forward(p);
    double delta_o1, delta_o2;
    Ex222 g;
    ex_output_deltas(&f, &delta_o1, &delta_o2);
    ex_output_grads(&g, &f, delta_o1, delta_o2);
    if (v == EX_NEW_WEIGHTS) {
        ex_update(p, &g, 0, 1, 0);                       /* w5..w8 first ... */
        ex_hidden_grads(&g, p, &f, delta_o1, delta_o2); /* ... then through them */
        ex_update(p, &g, 1, 0, 0);
        return;
    }
    ex_hidden_grads(&g, p, &f, delta_o1, delta_o2);
    ex_update(p, &g, 1, 1, v == EX_BIASES);
}

static void lecture_example_forward(const Fwd222 *f)
{
    const Ex222 *p = &EX_START;
    hand_section("4. The 2-2-2 worked example (001)");
    hand_printf("Inputs i1 = %v, i2 = %v; targets T1 = %v, T2 = %v; sigmoid nodes; eta = %v.\n"
                "w1 = %v, w2 = %v (into h1), w3 = %v, w4 = %v (into h2), w5 = %v, w6 = %v\n"
                "(into o1), w7 = %v, w8 = %v (into o2); b1 = %v (hidden), b2 = %v (output).\n"
                "The error is E = 1/2 sum (target - output)^2.\n",
                I1, I2, T1, T2, EX_ETA, p->w1, p->w2, p->w3, p->w4, p->w5, p->w6, p->w7, p->w8,
                p->b_h1, p->b_o1);
    hand_section("4.1 The forward pass");
    hand_printf("H1 = i1 w1 + i2 w2 + b1 = %v x %v + %v x %v + %v = %v\n", I1, p->w1, I2, p->w2,
                p->b_h1, f->H1);
    hand_printf("out_h1 = sigma(H1) = 1 / (1 + e^-%v) = %v\n", f->H1, f->out_h1);
    hand_printf("H2 = i1 w3 + i2 w4 + b1 = %v x %v + %v x %v + %v = %v   (001 prints w4 as 0.10)\n",
                I1, p->w3, I2, p->w4, p->b_h2, f->H2);
    hand_printf("out_h2 = sigma(H2) = 1 / (1 + e^-%v) = %v\n", f->H2, f->out_h2);
    hand_printf("y1 = out_h1 w5 + out_h2 w6 + b2 = %v x %v + %v x %v + %v = %v\n", f->out_h1,
                p->w5, f->out_h2, p->w6, p->b_o1, f->y1);
    hand_printf("out_o1 = sigma(y1) = 1 / (1 + e^-%v) = %v\n", f->y1, f->out_o1);
    hand_printf("y2 = out_h1 w7 + out_h2 w8 + b2 = %v x %v + %v x %v + %v = %v\n", f->out_h1,
                p->w7, f->out_h2, p->w8, p->b_o2, f->y2);
    hand_printf("out_o2 = sigma(y2) = 1 / (1 + e^-%v) = %v\n", f->y2, f->out_o2);
    hand_printf("E_o1 = 1/2 (T1 - out_o1)^2 = 1/2 (%v - %v)^2 = %v\n", T1, f->out_o1, f->E_o1);
    hand_printf("E_o2 = 1/2 (T2 - out_o2)^2 = 1/2 (%v - %v)^2 = %v\n", T2, f->out_o2, f->E_o2);
    hand_printf("E_total = E_o1 + E_o2 = %v + %v = %v\n", f->E_o1, f->E_o2, f->E_total);
}

static void lecture_example_backward(const Fwd222 *f, Ex222 *g)
{
    const Ex222 *p = &EX_START;
    double dE_dout_o1 = -(T1 - f->out_o1), dout_o1_dy1 = f->out_o1 * (1.0 - f->out_o1);
    double dy1_dw5 = f->out_h1;
    double dE_dw5 = dE_dout_o1 * dout_o1_dy1 * dy1_dw5;
    hand_section("4.2 Backward: dE/dw5 by the chain rule");
    printf("w5 reaches E through y1 and out_o1 only:\n\n"
           "    dE/dw5 = dE/dout_o1 x dout_o1/dy1 x dy1/dw5\n\n");
    hand_printf("dE/dout_o1 = d/dout_o1 [1/2 (T1 - out_o1)^2] = -(T1 - out_o1) = -(%v - %v) = %v\n",
                T1, f->out_o1, dE_dout_o1);
    hand_printf("dout_o1/dy1 = out_o1 (1 - out_o1) = %v x %v = %v\n", f->out_o1,
                1.0 - f->out_o1, dout_o1_dy1);
    hand_printf("dy1/dw5 = out_h1 = %v             (y1 = w5 out_h1 + w6 out_h2 + b2)\n",
                dy1_dw5);
    hand_printf("dE/dw5 = %v x %v x %v = %v\n", dE_dout_o1, dout_o1_dy1, dy1_dw5, dE_dw5);

    double delta_o1, delta_o2;
    ex_output_deltas(f, &delta_o1, &delta_o2);
    ex_output_grads(g, f, delta_o1, delta_o2);
    ex_hidden_grads(g, p, f, delta_o1, delta_o2);
    hand_section("4.3 All eight gradients");
    printf("The first two factors form each output node's delta, dE/dy; every weight\n"
           "into that node multiplies it by the output it carries:\n\n");
    hand_printf("delta_o1 = dE/dout_o1 x dout_o1/dy1 = %v x %v = %v\n", dE_dout_o1,
                dout_o1_dy1, delta_o1);
    hand_printf("delta_o2 = dE/dout_o2 x dout_o2/dy2 = %v x %v = %v\n", -(T2 - f->out_o2),
                f->out_o2 * (1.0 - f->out_o2), delta_o2);
    hand_printf("dE/dw5 = delta_o1 x out_h1 = %v x %v = %v\n", delta_o1, f->out_h1, g->w5);
    hand_printf("dE/dw6 = delta_o1 x out_h2 = %v x %v = %v\n", delta_o1, f->out_h2, g->w6);
    hand_printf("dE/dw7 = delta_o2 x out_h1 = %v x %v = %v\n", delta_o2, f->out_h1, g->w7);
    hand_printf("dE/dw8 = delta_o2 x out_h2 = %v x %v = %v\n", delta_o2, f->out_h2, g->w8);
    double dE_dout_h1 = delta_o1 * p->w5 + delta_o2 * p->w7;
    double dE_dout_h2 = delta_o1 * p->w6 + delta_o2 * p->w8;
    double s1 = f->out_h1 * (1.0 - f->out_h1), s2 = f->out_h2 * (1.0 - f->out_h2);
    printf("\nA hidden node feeds both outputs, so its dE/dout adds two paths, each\n"
           "through the ORIGINAL (not yet updated) w5..w8:\n\n");
    hand_printf("dE/dout_h1 = delta_o1 w5 + delta_o2 w7 = %v x %v%+v x %v = %v\n", delta_o1,
                p->w5, delta_o2, p->w7, dE_dout_h1);
    hand_printf("delta_h1 = dE/dout_h1 x out_h1 (1 - out_h1) = %v x %v = %v\n", dE_dout_h1, s1,
                g->b_h1);
    hand_printf("dE/dw1 = delta_h1 x i1 = %v x %v = %v\n", g->b_h1, I1, g->w1);
    hand_printf("dE/dw2 = delta_h1 x i2 = %v x %v = %v\n", g->b_h1, I2, g->w2);
    hand_printf("dE/dout_h2 = delta_o1 w6 + delta_o2 w8 = %v x %v%+v x %v = %v\n", delta_o1,
                p->w6, delta_o2, p->w8, dE_dout_h2);
    hand_printf("delta_h2 = dE/dout_h2 x out_h2 (1 - out_h2) = %v x %v = %v\n", dE_dout_h2, s2,
                g->b_h2);
    hand_printf("dE/dw3 = delta_h2 x i1 = %v x %v = %v\n", g->b_h2, I1, g->w3);
    hand_printf("dE/dw4 = delta_h2 x i2 = %v x %v = %v\n", g->b_h2, I2, g->w4);
}

static void lecture_example_update(const Ex222 *g, Ex222 *after)
{
    const Ex222 *p = &EX_START;
    *after = *p;
    ex_update(after, g, 1, 1, 0);
    hand_section("4.4 The update, eta = 0.5 (biases kept, as in the classic example)");
    const double old[] = {p->w1, p->w2, p->w3, p->w4, p->w5, p->w6, p->w7, p->w8};
    const double grad[] = {g->w1, g->w2, g->w3, g->w4, g->w5, g->w6, g->w7, g->w8};
    const double now[] = {after->w1, after->w2, after->w3, after->w4,
                          after->w5, after->w6, after->w7, after->w8};
    for (int k = 0; k < 8; k++)
        hand_printf("w%d+ = w%d - eta dE/dw%d = %v - %v x %v = %v\n", k + 1, k + 1, k + 1, old[k],
                    EX_ETA, grad[k], now[k]);
    Fwd222 f = ex_forward(after);
    hand_printf("\nThe forward pass again with the new weights: out_o1 = %v,\n"
                "out_o2 = %v, E_total = %v (it was %v).\n",
                f.out_o1, f.out_o2, f.E_total, ex_forward(p).E_total);
}

/* E_total before round 1 (e[0]) and after each of n rounds, for variant v. */
static Ex222 ex_train(ExVariant v, int n, double *e)
{
    Ex222 p = EX_START;
    e[0] = ex_forward(&p).E_total;
    for (int r = 1; r <= n; r++) {
        ex_round(&p, v);
        e[r] = ex_forward(&p).E_total;
    }
    return p;
}

static void plot_example(Plotter *pl, const double *classic, const double *biases, int n)
{
    Plot *p = plot_begin(pl, "example_error", &(PlotSpec){
        .title = "The 2-2-2 example: E_total after each round of backpropagation (eta = 0.5)",
        .xlabel = "round (updates made)", .ylabel = "E_total = 1/2 sum (target - output)^2",
        .settings = "set logscale xy\nset format y \"%g\"\nset key bottom left"});
    double *x = malloc((size_t)n * sizeof *x);
    if (x) {
        for (int r = 1; r <= n; r++)
            x[r - 1] = r;
        /* from round 1: a log axis has no 0 */
        plot_series(p, "weights only, biases fixed (the classic)", "lines lw 2 lc rgb '#2e6fb5'",
                    x, classic + 1, n);
        plot_series(p, "weights and biases updated", "lines lw 2 dt 2 lc rgb '#c0392b'", x,
                    biases + 1, n);
        free(x);
    }
    plot_end(p);
}

static void lecture_example_training(Plotter *pl, double *classic, double *biases,
                                     double *newer, Ex222 *end_classic, Ex222 *end_biases)
{
    hand_section("4.5 Training on: 10,000 rounds");
    *end_classic = ex_train(EX_CLASSIC, ROUNDS, classic);
    *end_biases = ex_train(EX_BIASES, ROUNDS, biases);
    Ex222 end_newer = ex_train(EX_NEW_WEIGHTS, ROUNDS, newer);
    printf("The same round again and again. The classic example updates the weights\n"
           "only; the variant beside it also moves every bias (each node has its own,\n"
           "starting at 0.35 and 0.60), as a layer of Keras would.\n\n");
    char b[2][32];
    printf("    %6s  %16s  %16s\n", "round", "E_total, classic", "with biases");
    for (int r = 1; r <= ROUNDS; r *= 10)
        printf("    %6d  %16s  %16s\n", r, hand_fmt(b[0], 32, classic[r]),
               hand_fmt(b[1], 32, biases[r]));
    Fwd222 fc = ex_forward(end_classic), fb = ex_forward(end_biases);
    hand_printf("\nAfter %d rounds, classic:      E_total = %v\n"
                "                                 out_o1 = %v, out_o2 = %v\n",
                ROUNDS, fc.E_total, fc.out_o1, fc.out_o2);
    hand_printf("After %d rounds, with biases:  E_total = %v\n"
                "                                 out_o1 = %v, out_o2 = %v\n",
                ROUNDS, fb.E_total, fb.out_o1, fb.out_o2);
    hand_printf("(targets %v and %v). Moving the biases too fits %v times better.\n", T1, T2,
                round(fc.E_total / fb.E_total));
    Fwd222 fn = ex_forward(&end_newer);
    Ex222 one = EX_START;
    ex_round(&one, EX_NEW_WEIGHTS);
    hand_section("4.6 The classic write-up's numbers (Mazur, 2015)");
    hand_printf("The well-known write-up of this example prints E_total = 0.298371109,\n"
                "w5+ = 0.35891648 and w1+ = 0.149780716, as above; but the error after the\n"
                "first update, 0.291027924, and after 10,000 rounds, 0.0000351085 with\n"
                "outputs 0.015912196 and 0.984065734, are not what its own rules give\n"
                "(exactly: %v, then %v with outputs %v and\n"
                "%v). They come from variants of the computation:\n\n",
                classic[1], classic[ROUNDS],
                fc.out_o1, fc.out_o2);
    hand_printf("  - hidden gradients through the UPDATED w5..w8: E_total = %v after\n"
                "    round 1, and after %d rounds out_o1 = %v, out_o2 = %v\n",
                ex_forward(&one).E_total, ROUNDS, fn.out_o1, fn.out_o2);
    hand_printf("  - the error of the classic run measured before its last update, after\n"
                "    %d rounds: %v\n", ROUNDS - 1, classic[ROUNDS - 1]);
    printf("\nSee Errata in README.md.\n");
    plot_example(pl, classic, biases, ROUNDS);
}

/* The library's 2-2-2 net holding the example's parameters. */
static Net *library_net222(void)
{
    Net *net = net_new(2, 1);
    if (!net || net_add(net, 2, act_of(ACT_SIGMOID)) != 0 ||
        net_add(net, 2, act_of(ACT_SIGMOID)) != 0) {
        net_free(net);
        return NULL;
    }
    const Ex222 *p = &EX_START;
    /* W^[1] = [[w1, w3], [w2, w4]] (row: input, column: hidden node) */
    double W1[] = {p->w1, p->w3, p->w2, p->w4}, W2[] = {p->w5, p->w7, p->w6, p->w8};
    memcpy(net->layers[0]->W->data, W1, sizeof W1);
    memcpy(net->layers[1]->W->data, W2, sizeof W2);
    net->layers[0]->b->data[0] = p->b_h1, net->layers[0]->b->data[1] = p->b_h2;
    net->layers[1]->b->data[0] = p->b_o1, net->layers[1]->b->data[1] = p->b_o2;
    return net;
}

/* Largest |hand - library| over the eight weights (and four biases) of e and net's
 * parameters, or of e and net's gradients when grads is set. */
static double diff222(const Ex222 *e, const Net *net, int grads)
{
    const Mat *W1 = grads ? net->layers[0]->dW : net->layers[0]->W;
    const Mat *W2 = grads ? net->layers[1]->dW : net->layers[1]->W;
    const Mat *b1 = grads ? net->layers[0]->db : net->layers[0]->b;
    const Mat *b2 = grads ? net->layers[1]->db : net->layers[1]->b;
    double d[12] = {e->w1 - W1->data[0], e->w3 - W1->data[1], e->w2 - W1->data[2],
                    e->w4 - W1->data[3], e->w5 - W2->data[0], e->w7 - W2->data[1],
                    e->w6 - W2->data[2], e->w8 - W2->data[3], e->b_h1 - b1->data[0],
                    e->b_h2 - b1->data[1], e->b_o1 - b2->data[0], e->b_o2 - b2->data[1]};
    double worst = 0.0;
    for (int k = 0; k < 12; k++)
        worst = fmax(worst, fabs(d[k]));
    return worst;
}

/* n rounds of the library net on the example; freeze_biases keeps b fixed. */
static void library_rounds(Net *net, const Mat *X, const Mat *T, int n, int freeze_biases)
{
    Loss mse = {.kind = LOSS_MSE};
    for (int r = 0; r < n; r++) {
        net_cost_grad(net, &mse, X, T);
        if (freeze_biases)
            for (int k = 0; k < net->n_layers; k++)
                mat_fill(net->layers[k]->db, 0.0);
        net_step(net, EX_ETA);
    }
}

static void lecture_example_library(const Ex222 *g, const Ex222 *end_classic,
                                    const Ex222 *end_biases)
{
    hand_section("4.7 The same example with the library's net");
    Net *a = library_net222(), *b = library_net222();
    Mat *X = mat_from(1, 2, (double[]){I1, I2}), *T = mat_from(1, 2, (double[]){T1, T2});
    if (!a || !b || !X || !T) {
        printf("(out of memory: skipped)\n");
        goto done;
    }
    net_summary(a, stdout);
    Loss mse = {.kind = LOSS_MSE};
    double cost = net_cost_grad(a, &mse, X, T);
    hand_printf("\nWith one sample and k = 2 outputs, Keras' mse, 1/k sum (t - out)^2, is\n"
                "exactly E_total: net_cost_grad gives %v. Its gradients, against the\n"
                "hand ones above (biases included: dE/db = the node's delta):\n", cost);
    char b1[32];
    printf("largest difference %s\n", below(b1, 32, diff222(g, a, 1), 1e-12, "1e-12"));
    library_rounds(a, X, T, ROUNDS, 1);
    library_rounds(b, X, T, ROUNDS, 0);
    const Mat *out = net_forward(a, X);
    hand_printf("\nAfter %d rounds with the biases frozen (db set to 0 before each step):\n"
                "out_o1 = %v, out_o2 = %v, E_total = %v;\n", ROUNDS, MAT_AT(out, 0, 0),
                MAT_AT(out, 0, 1), net_cost(a, &mse, X, T));
    printf("largest difference from the hand-written rounds: weights %s\n",
           below(b1, 32, diff222(end_classic, a, 0), 1e-12, "1e-12"));
    out = net_forward(b, X);
    hand_printf("With every bias updated (plain net_step): out_o1 = %v,\n"
                "out_o2 = %v, E_total = %v;\n",
                MAT_AT(out, 0, 0), MAT_AT(out, 0, 1), net_cost(b, &mse, X, T));
    printf("largest difference from the hand-written rounds: parameters %s\n",
           below(b1, 32, diff222(end_biases, b, 0), 1e-12, "1e-12"));
done:
    net_free(a);
    net_free(b);
    mat_free(X);
    mat_free(T);
}

/* ---- 5. Softmax and cross-entropy (003) ---------------------------------------- */

static void lecture_softmax(void)
{
    hand_section("5. Softmax + cross-entropy: dz = p - y (003)");
    const double p[3] = {0.2, 0.3, 0.5};
    printf("A softmax output p = softmax(z) with the loss J = -sum_j y_j log p_j and a\n"
           "one-hot y. Through softmax's Jacobian, dp_j/dz_i = p_j (delta_ij - p_i):\n\n"
           "    dJ/dz_i = sum_j (-y_j / p_j) p_j (delta_ij - p_i) = -y_i + p_i sum_j y_j\n"
           "            = p_i - y_i\n\n"
           "so dz = p - y, and then dw = dz x (the layer's input), db = dz (003).\n");
    hand_printf("With 003's p = (%v, %v, %v), each class in turn as the true one:\n\n", p[0],
                p[1], p[2]);
    for (int c = 0; c < 3; c++) {
        double y[3] = {0, 0, 0}, dz[3], dp[3], dz_chain[3];
        y[c] = 1.0;
        for (int j = 0; j < 3; j++) {
            dz[j] = p[j] - y[j];
            dp[j] = -y[j] / p[j]; /* dJ/dp_j */
        }
        /* the chain through the Jacobian, as the library computes it */
        Mat P = {1, 3, (double *)p}, DP = {1, 3, dp}, DZ = {1, 3, dz_chain};
        act_backward(&(Act){.kind = ACT_SOFTMAX}, &DZ, &DP, &P, &P);
        hand_printf("true class %d, y = (%v, %v, %v): J = -log %v = %v\n", c, y[0], y[1], y[2],
                    p[c], -log(p[c]));
        hand_printf("    dJ/dp = (%v, %v, %v)\n", dp[0], dp[1], dp[2]);
        hand_printf("    dz = p - y = (%v - %v, %v - %v, %v - %v) = (%v, %v, %v)\n", p[0], y[0],
                    p[1], y[1], p[2], y[2], dz[0], dz[1], dz[2]);
        hand_printf("    through the Jacobian (act_backward): (%v, %v, %v)\n", dz_chain[0],
                    dz_chain[1], dz_chain[2]);
    }
    printf("\nThe chain gives p - y, to the last digit or two. The library skips the\n"
           "chain for this pair (and for sigmoid + binary cross-entropy): its output\n"
           "delta is p - y directly, divided by the batch size (lib/net.h).\n");
}

/* ---- 6. Memoization --------------------------------------------------------------- */

/* Multiplications of the chain rule for a net of L layers, n[0] inputs and
 * n[k] nodes in layer k. Every local derivative (do/do of an edge, do/dw
 * of a parameter) is counted as given: the same numbers either way.
 *   naive: a parameter of a node in layer k has prod_{l>k} n[l] paths to
 *          the outputs; each path's product has L - k edge factors, do/dw
 *          and dL/dy_hat: L - k + 2 factors, L - k + 1 multiplications
 *   memo:  dL/do of each node once, one multiplication per edge to the
 *          layer above; then one multiplication per parameter */
typedef struct {
    long long naive, memo;
} Mults;

static Mults count_mults(const int *n, int L)
{
    Mults c = {0, 0};
    for (int k = 1; k <= L; k++) {
        long long params = (long long)n[k] * (n[k - 1] + 1);
        long long paths = 1;
        for (int l = k + 1; l <= L; l++)
            paths *= n[l];
        c.naive += params * paths * (L - k + 1);
        c.memo += params + (k < L ? (long long)n[k] * n[k + 1] : 0);
    }
    return c;
}

/* The path-by-path chain rule on the library's net after a forward pass
 * on one sample, counting its multiplications. */
typedef struct {
    const Net *net;
    const double *dL_dyhat; /* dL/dy_hat of each output */
    long long mults;
} Paths;

/* The deepest net the path count walks. */
#define MAX_PATH_LAYERS 16

/* do^l_m / do^(l-1)_j = act'(z^l_m) w^l_jm: the local derivative of an edge */
static double edge(const Net *net, int l, int j, int m)
{
    const Layer *d = net->layers[l];
    return act_deriv(&d->act, MAT_AT(d->Z, 0, m)) * MAT_AT(d->W, j, m);
}

/* dL/dp for a parameter of node j in layer k whose local derivative
 * do^k_j/dp is local: the sum over every path j -> node[k+1] -> ... ->
 * output of dL/dy_hat x (the edges' local derivatives) x local, each path's
 * product multiplied out on its own. */
static double naive_grad(Paths *c, int k, int j, double local)
{
    int L = c->net->n_layers, node[MAX_PATH_LAYERS] = {0}; /* node[l]: the path's node in layer l */
    double sum = 0.0;
    for (;;) {
        double prod = local;
        int from = j;
        for (int l = k + 1; l < L; l++) {
            prod *= edge(c->net, l, from, node[l]);
            c->mults++;
            from = node[l];
        }
        prod *= c->dL_dyhat[from];
        c->mults++;
        sum += prod;
        /* the next path: count node[k+1..L-1] up like an odometer */
        int l = L - 1;
        while (l > k && ++node[l] == c->net->layers[l]->n_out)
            node[l--] = 0;
        if (l == k)
            return sum;
    }
}

/* Build a sigmoid net with n[0] inputs and layers n[1..L], run the
 * path-by-path gradient on one sample, compare it with backpropagation
 * (net_cost_grad, mse) and report the multiplications it counted. */
static void check_paths(const int *n, int L, Rng *rng)
{
    Net *net = net_new(n[0], 1);
    Mat *X = mat_new(1, n[0]), *Y = mat_new(1, n[L]), *dY = mat_new(1, n[L]);
    int ok = net && X && Y && dY;
    for (int k = 1; ok && k <= L; k++)
        ok = net_add(net, n[k], act_of(ACT_SIGMOID)) == 0;
    if (!ok) {
        printf("(out of memory)\n");
        goto done;
    }
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, rng);
    for (int j = 0; j < n[0]; j++)
        X->data[j] = rng_uniform(rng, -1, 1);
    for (int j = 0; j < n[L]; j++)
        Y->data[j] = rng_uniform(rng, 0, 1);
    Loss mse = {.kind = LOSS_MSE};
    net_cost_grad(net, &mse, X, Y); /* backpropagation: dW, db; and the forward caches */
    Mat yhat = net_activation(net, L);
    loss_cost_grad(&mse, dY, Y, &yhat);
    Paths c = {net, dY->data, 0};
    double worst = 0.0;
    for (int k = 0; k < L; k++) {
        const Layer *d = net->layers[k];
        for (int j = 0; j < d->n_out; j++) {
            double dz = act_deriv(&d->act, MAT_AT(d->Z, 0, j)); /* do/dz */
            for (int i = 0; i <= d->n_in; i++) {
                /* do^k_j/dw^k_ij = act'(z) o^(k-1)_i, and act'(z) x 1 for the bias */
                double in = i < d->n_in ? MAT_AT(net->A[k], 0, i) : 1.0;
                double g = naive_grad(&c, k, j, dz * in);
                double bp = i < d->n_in ? MAT_AT(d->dW, i, j) : d->db->data[j];
                worst = fmax(worst, fabs(g - bp) / fmax(fabs(bp), 1e-300));
            }
        }
    }
    Mults m = count_mults(n, L);
    char shape[64] = "";
    for (int k = 0; k <= L; k++)
        snprintf(shape + strlen(shape), sizeof shape - strlen(shape), k ? "-%d" : "%d", n[k]);
    char b1[32];
    printf("    %-10s  %6d  %9lld  %9lld  %9lld  %s\n", shape, net_param_count(net),
           c.mults, m.naive, m.memo, below(b1, 32, worst, 1e-12, "1e-12"));
done:
    net_free(net);
    mat_free(X);
    mat_free(Y);
    mat_free(dY);
}

static void plot_memo(Plotter *pl, Mults table[][3], const int *widths)
{
    Plot *p = plot_begin(pl, "memoization", &(PlotSpec){
        .title = "Multiplications per backward pass: path by path vs memoized (width n, 1 output)",
        .xlabel = "hidden layers", .ylabel = "multiplications",
        .settings = "set logscale y\nset yrange [1:*]\nset key top left\nset xtics 1"});
    static const char *colors[] = {"#2e6fb5", "#27ae60", "#c0392b"};
    for (int w = 0; w < 3; w++) {
        double x[MAX_DEPTH], naive[MAX_DEPTH], memo[MAX_DEPTH];
        for (int d = 0; d < MAX_DEPTH; d++) {
            x[d] = d + 1;
            naive[d] = (double)table[d][w].naive;
            memo[d] = (double)table[d][w].memo;
        }
        char legend[2][64], style[2][64];
        snprintf(legend[0], 64, "path by path, n = %d", widths[w]);
        snprintf(legend[1], 64, "memoized, n = %d", widths[w]);
        snprintf(style[0], 64, "linespoints pt 7 lw 2 lc rgb '%s'", colors[w]);
        snprintf(style[1], 64, "linespoints pt 5 lw 2 dt 2 lc rgb '%s'", colors[w]);
        plot_series(p, legend[0], style[0], x, naive, MAX_DEPTH);
        plot_series(p, legend[1], style[1], x, memo, MAX_DEPTH);
    }
    plot_end(p);
}

static void lecture_memoization(Plotter *pl, Rng *rng)
{
    hand_section("6. Memoization: backpropagation = chain rule + memory (001)");
    printf("Written path by path, every derivative repeats the factors it shares with\n"
           "its neighbours: (iv)-(vi) of section 2 all start with dL/dy_hat x dy_hat/dO11.\n"
           "Memoization keeps dL/dO of each node once (its delta) and reuses it: a node's\n"
           "dL/dO is the sum over the nodes it feeds of their dL/dO times one local\n"
           "derivative, and each parameter then needs one more multiplication.\n\n"
           "Counting the multiplications that chain the local derivatives (those\n"
           "derivatives themselves are the same numbers either way): for the 2-2-1\n"
           "network, (i)-(iii) take 1 each and (iv)-(ix) take 2 each, 15 in all; memoized,\n"
           "2 for dL/dO11 and dL/dO12, then 9, one per parameter: 11.\n\n"
           "Every gradient below is computed both ways on a sigmoid net with one sample:\n"
           "the multiplications counted while summing the paths, the formula's counts, and\n"
           "the largest relative difference between the two gradients.\n\n");
    printf("    %-10s  %6s  %9s  %9s  %9s  %s\n", "net", "params", "counted", "naive",
           "memoized", "difference");
    int nets[][6] = {{2, 2, 1}, {2, 2, 2}, {4, 3, 2, 1}, {3, 3, 3, 3, 1}, {2, 4, 4, 4, 4, 1}};
    int layers[] = {2, 2, 3, 4, 5};
    for (int t = 0; t < 5; t++)
        check_paths(nets[t], layers[t], rng);
    printf("\nNetworks of n inputs, D hidden layers of n nodes and one output:\n\n");
    static const int widths[3] = {2, 4, 8};
    Mults table[MAX_DEPTH][3];
    printf("    %6s", "");
    for (int w = 0; w < 3; w++)
        printf("%*sn = %d", w ? 25 : 13, "", widths[w]);
    printf("\n    %6s", "hidden");
    for (int w = 0; w < 3; w++)
        printf("  %13s %14s", "path by path", "memoized");
    printf("\n");
    for (int d = 1; d <= MAX_DEPTH; d++) {
        printf("    %6d", d);
        for (int w = 0; w < 3; w++) {
            int n[MAX_DEPTH + 2];
            for (int k = 0; k <= d; k++)
                n[k] = widths[w];
            n[d + 1] = 1;
            table[d - 1][w] = count_mults(n, d + 1);
            printf("  %13lld %14lld", table[d - 1][w].naive, table[d - 1][w].memo);
        }
        printf("\n");
    }
    printf("\nPath by path, the count grows like n^D, exponentially in the depth; memoized\n"
           "it grows like the number of weights, about twice it. This is why\n"
           "backpropagation, not the naive chain rule, trains deep networks (memoization.png).\n");
    plot_memo(pl, table, widths);
}

/* ---- 7. Gradient checks ----------------------------------------------------------- */

/* What a report line of net_gradcheck names each parameter. */
typedef struct {
    const char *const *names; /* in net_gradcheck's order, or NULL */
    const Net *net;
    int k;
    double worst;
} Report;

static void report_param(const Param *p, int i, int j, double analytic, double numeric,
                         void *ctx)
{
    Report *r = ctx;
    int layer = (int)(p - r->net->params) / 2; /* dense layers only: W, b, W, b, ... */
    char which = p->decay ? 'W' : 'b';
    char where[32], b[2][32];
    if (which == 'W')
        snprintf(where, sizeof where, "W%d[%d][%d]", layer + 1, i, j);
    else
        snprintf(where, sizeof where, "b%d[%d]", layer + 1, j);
    double err = gradcheck_rel_error(analytic, numeric);
    r->worst = fmax(r->worst, err);
    /* the numeric gradient is good to about 1e-9 relative: 7 digits of it
     * are stable, the rest is rounding noise */
    char num[32], e[32];
    snprintf(num, sizeof num, "%.7g", numeric);
    printf("    %-10s %-6s  %16s  %16s  %s\n", where, r->names ? r->names[r->k] : "",
           hand_fmt(b[0], 32, analytic), num, below(e, 32, err, GOOD_REL_ERR, "1e-7"));
    r->k++;
}

static void gradcheck_one(const char *title, Net *net, const Loss *loss, const Mat *X,
                          const Mat *Y, const char *const *names)
{
    printf("\n%s:\n", title);
    printf("    %-10s %-6s  %16s  %16s  %s\n", "parameter", "", "backprop", "numeric",
           "rel. error");
    Report r = {names, net, 0, 0.0};
    net_gradcheck(net, loss, X, Y, GRADCHECK_STEP, report_param, &r);
    char e[32];
    printf("    largest relative error %s: %s\n", below(e, 32, r.worst, GOOD_REL_ERR, "1e-7"),
           r.worst <= GOOD_REL_ERR ? "good" : "ABOVE 1e-7: a wrong gradient");
}

static void lecture_gradcheck(const Set *students, const Net221 *reg_p, const Set *placed,
                              const Net221 *cls_p, Rng *rng)
{
    hand_section("7. Checking every gradient numerically");
    hand_printf("Central differences, dC/dp = (C(p + h) - C(p - h)) / 2h with h = %v, for\n"
                "every parameter, against backpropagation (net_gradcheck). The relative error\n"
                "|a - n| / max(|a|, |n|) is good at or below 1e-7 (cs231n).\n", GRADCHECK_STEP);
    static const char *const ex_names[] = {"w1", "w3", "w2", "w4", "b_h1", "b_h2",
                                           "w5", "w7", "w6", "w8", "b_o1", "b_o2"};
    static const char *const n221[] = {"w11", "w12", "w21", "w22", "b11", "b12",
                                       "w2_11", "w2_21", "b21"};
    Net *a = library_net222();
    Mat *X = mat_from(1, 2, (double[]){I1, I2}), *T = mat_from(1, 2, (double[]){T1, T2});
    Net *b = library_net221(reg_p ? reg_p : &NOTES_START, ACT_LINEAR, students->X->rows);
    Net *c = library_net221(cls_p, ACT_SIGMOID, placed->X->rows);
    Net *d = net_new(2, 5);
    Mat *Xr = mat_new(5, 2), *Yr = mat_new(5, 1);
    if (!a || !X || !T || !b || !c || !d || !Xr || !Yr || net_add(d, 3, act_of(ACT_TANH)) ||
        net_add(d, 3, act_of(ACT_SIGMOID)) || net_add(d, 2, act_of(ACT_SOFTMAX))) {
        printf("(out of memory: skipped)\n");
        goto done;
    }
    gradcheck_one("(a) the 2-2-2 example at its starting weights (E_total, mse)", a,
                  &(Loss){.kind = LOSS_MSE}, X, T, ex_names);
    if (reg_p)
        gradcheck_one("(b) the 2-2-1 regression after epoch 1, all four students (mse)", b,
                      &(Loss){.kind = LOSS_MSE}, students->X, students->y, n221);
    else
        printf("\n(b) the 2-2-1 regression: skipped, epoch 1 diverged with this --eta.\n");
    gradcheck_one("(c) the classifier after epoch 1, all four students (binary cross-entropy)",
                  c, &(Loss){.kind = LOSS_BCE}, placed->X, placed->y, n221);
    net_init(d, &(Init){.kind = INIT_XAVIER_UNIFORM}, rng);
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < d->layers[k]->n_out; j++)
            d->layers[k]->b->data[j] = rng_uniform(rng, -0.5, 0.5);
    for (int i = 0; i < 5; i++) {
        MAT_AT(Xr, i, 0) = rng_uniform(rng, -2, 2);
        MAT_AT(Xr, i, 1) = rng_uniform(rng, -2, 2);
        MAT_AT(Yr, i, 0) = rng_int(rng, 2);
    }
    gradcheck_one("(d) a random 2-3-3-2 net (tanh, sigmoid, softmax), 5 random samples, sparse\n"
                  "    categorical cross-entropy", d, &(Loss){.kind = LOSS_SPARSE_CCE}, Xr, Yr,
                  NULL);
done:
    net_free(a);
    net_free(b);
    net_free(c);
    net_free(d);
    mat_free(X);
    mat_free(T);
    mat_free(Xr);
    mat_free(Yr);
}

/* ---- the lecture ------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 04 - Backpropagation by hand (lecture notes 001, 003, 004, 002)\n"
    "The chain rule through a network: the nine derivatives of a 2-2-1 regression\n"
    "and a 2-2-1 classifier, the classic 2-2-2 example number by number, softmax +\n"
    "cross-entropy (dz = p - y), memoization, and a numeric check of every gradient.";

/* The chapter's buffers: training histories. */
typedef struct {
    double *reg, *raw, *cls;    /* epochs values each */
    double *classic, *biases, *newer; /* ROUNDS + 1 values each */
} Buffers;

static int buffers_new(Buffers *b, int epochs)
{
    b->reg = malloc((size_t)epochs * sizeof(double));
    b->raw = malloc((size_t)epochs * sizeof(double));
    b->cls = malloc((size_t)epochs * sizeof(double));
    b->classic = malloc((ROUNDS + 1) * sizeof(double));
    b->biases = malloc((ROUNDS + 1) * sizeof(double));
    b->newer = malloc((ROUNDS + 1) * sizeof(double));
    return b->reg && b->raw && b->cls && b->classic && b->biases && b->newer ? 0 : -1;
}

static void buffers_free(Buffers *b)
{
    free(b->reg);
    free(b->raw);
    free(b->cls);
    free(b->classic);
    free(b->biases);
    free(b->newer);
}

int main(int argc, char **argv)
{
    double eta = REG_ETA;
    int epochs = EPOCHS;
    CliFlag flags[] = {
        {"eta", CLI_DOUBLE, &eta, "RATE", "learning rate of the 2-2-1 regression (default 0.01)"},
        {"epochs", CLI_INT, &epochs, "N",
         "epochs of the regression and the classifier (default 1000)"},
    };
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED, .flags = flags,
                    .n_flags = 2};
    CliOptions opt;
    int rc = cli_parse(&opt, &spec, argc, argv);
    if (rc != CLI_RUN)
        return rc == CLI_EXIT_OK ? 0 : 2;
    if (!(eta > 0 && eta < INFINITY) || epochs < 1 || epochs > MAX_EPOCHS)
        return cli_error(&spec, "--eta must be a number > 0 and --epochs between 1 and %d",
                         MAX_EPOCHS);

    Set students = {0}, placed = {0}, st = {0}, pl = {0};
    Buffers buf = {0};
    Plotter plotter;
    Rng rng;
    rng_seed(&rng, opt.seed);
    rc = 1;
    if (load_set(&students, STUDENTS_CSV, 0) != 0 || load_set(&placed, PLACEMENT_CSV, 1) != 0)
        goto done;
    st = scaled_copy(&students, IQ_SCALE, TEN);
    pl = scaled_copy(&placed, TEN, TEN);
    if (!st.X || !st.y || !pl.X || !pl.y || buffers_new(&buf, epochs) != 0) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    if (plot_open(&plotter, opt.plots, opt.out, CHAPTER) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        goto done;
    }

    printf("%s\n", CARD);
    printf("(seed %" PRIu64 ")\n", opt.seed);
    lecture_notation();
    lecture_regression_setup(&students);
    lecture_raw_explosion(&students, REG_ETA);
    Net221 reg_after1, cls_after1;
    int reg_ok = lecture_scaled_epoch(&st, eta, &reg_after1) == 0;
    lecture_regression_training(&plotter, &students, &st, eta, epochs, buf.reg, buf.raw);
    lecture_classification(&plotter, &placed, &pl, epochs, buf.cls, &cls_after1);
    Fwd222 f = ex_forward(&EX_START);
    Ex222 g, after, end_classic, end_biases;
    lecture_example_forward(&f);
    lecture_example_backward(&f, &g);
    lecture_example_update(&g, &after);
    lecture_example_training(&plotter, buf.classic, buf.biases, buf.newer, &end_classic,
                             &end_biases);
    lecture_example_library(&g, &end_classic, &end_biases);
    lecture_softmax();
    lecture_memoization(&plotter, &rng);
    lecture_gradcheck(&st, reg_ok ? &reg_after1 : NULL, &pl, &cls_after1, &rng);
    rc = 0;
    if (plot_close(&plotter) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        rc = 1;
    }
done:
    set_free(&students);
    set_free(&placed);
    set_free(&st);
    set_free(&pl);
    buffers_free(&buf);
    return rc;
}
