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
 *   - a numeric check of the example's gradients: the relative error
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
 *
 * The library's versions of everything here (net_fit, net_cost_grad,
 * act_backward, net_gradcheck) are checked against this lecture's numbers
 * in tests/unit/test_ch04_backprop.c.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "chapter.h"
#include "cli.h"
#include "data.h"
#include "gradcheck.h"
#include "hand.h"
#include "mat.h"
#include "plot.h"
#include "sheet.h"

#define CHAPTER "04_backprop"
#define STUDENTS_CSV "datasets/students.csv"
#define PLACEMENT_CSV "datasets/profile_placement.csv"
#define SEED 1974           /* Werbos' thesis: backpropagation for neural networks */
#define REG_ETA 0.01        /* the 2-2-1 regression's learning rate (--eta) */
#define MAX_ETA 1000        /* --eta above it only overflows the steps worked by hand */
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

/* Under --variant: sections 2 and 3 keep the notes' tables (their text
 * reasons about those numbers: iq about ten times cgpa, student 1's
 * x1 = x2, the loss hovering near 0.8), and say so. */
static void print_notes_tables(uint64_t variant)
{
    printf("(--variant %llu draws the givens of sections 4 and 5 only: sections 2 and 3\n"
           "work the notes' tables at every variant.)\n", (unsigned long long)variant);
}

/* Section titles shared by the lecture and its worksheet. */
#define REG_TITLE "2. Backpropagation in a 2-2-1 regression network (001)"
#define RAW_TITLE "2.1 Raw inputs: one SGD epoch explodes"
#define SCALED_TITLE "2.2 Scaled inputs: epoch 1 by hand"
#define CLS_TITLE "3. Backpropagation in a 2-2-1 classification network (001)"
#define SOFTMAX_TITLE "5. Softmax + cross-entropy: dz = p - y (003)"

/* A small table of the notes: X (m x 2), y (m x 1), the column names
 * (x1, x2, target) and what each input was divided by. */
typedef struct {
    const Mat *X, *y;
    char *const *names;
    double scale[2];
} Set;

static void print_set(const Set *s)
{
    hand_printf("    %7s  %10s  %10s  %10s\n", "student", s->names[0], s->names[1], s->names[2]);
    for (int i = 0; i < s->X->rows; i++)
        hand_printf("    %7d  %10v  %10v  %10v\n", i + 1, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1),
                    MAT_AT(s->y, i, 0));
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

/* ---- 2. The 2-2-1 network, by hand ------------------------------------------- */

/* The 2-2-1 network of 001 with the notes' names: w_ij from input i to
 * hidden node j and b1j (layer 1); w2_i1 from hidden node i to the output
 * and b21 (layer 2). The same struct holds a gradient. */
typedef struct {
    double w11, w21, w12, w22, b11, b12; /* layer 1 */
    double w2_11, w2_21, b21;            /* layer 2 */
} Net221;

/* The notes' start: every w = 1, every b = 0 (001: "w -> 1, b -> 0"). */
static const Net221 NOTES_START = {1, 1, 1, 1, 0, 0, 1, 1, 0};

/* One student through the 2-2-1 network: the forward pass, the loss, the
 * factors of the chain and the nine derivatives, each computed once here
 * and only printed elsewhere. Linear units have O = Z. */
typedef struct {
    double x1, x2, y;
    double Z1, O11, Z2, O12, Z_F, y_hat; /* forward */
    double L;                            /* the loss of this student */
    double dL_dyhat;                     /* dL/dy_hat */
    double dyhat_dZF, dL_dZF;            /* classifier: sigma'(Z_F), the output delta */
    double dO11_dZ1, dL_dZ1;             /* classifier: O11 (1 - O11), hidden node 1's delta */
    double dO12_dZ2, dL_dZ2;             /* classifier: the same for node 2 */
    Net221 g;                            /* dL/dw11 ... dL/db21: (i)-(ix) */
} Pass221;

typedef Pass221 (*PassFn)(const Net221 *p, double x1, double x2, double y);
typedef void (*PrintFn)(const Net221 *p, const Pass221 *s);

/* The regression. Linear units:
 *     O11 = w11 x1 + w21 x2 + b11,  O12 = w12 x1 + w22 x2 + b12,
 *     y_hat = w2_11 O11 + w2_21 O12 + b21,  L = (y - y_hat)^2
 * and the derivatives (i)-(ix), each a chain starting at
 * dL/dy_hat = -2 (y - y_hat); the linear units' own derivatives are 1. */
static Pass221 reg_pass(const Net221 *p, double x1, double x2, double y)
{
    Pass221 s = {.x1 = x1, .x2 = x2, .y = y};
    s.Z1 = s.O11 = p->w11 * x1 + p->w21 * x2 + p->b11;
    s.Z2 = s.O12 = p->w12 * x1 + p->w22 * x2 + p->b12;
    s.Z_F = s.y_hat = p->w2_11 * s.O11 + p->w2_21 * s.O12 + p->b21;
    s.L = (y - s.y_hat) * (y - s.y_hat);
    s.dL_dyhat = -2.0 * (y - s.y_hat);
    Net221 *g = &s.g;
    g->w2_11 = s.dL_dyhat * s.O11;      /* (i)    dL/dy_hat x dy_hat/dw2_11 */
    g->w2_21 = s.dL_dyhat * s.O12;      /* (ii) */
    g->b21 = s.dL_dyhat;                /* (iii) */
    g->w11 = s.dL_dyhat * p->w2_11 * x1; /* (iv)   dL/dy_hat x dy_hat/dO11 x dO11/dw11 */
    g->w21 = s.dL_dyhat * p->w2_11 * x2; /* (v) */
    g->b11 = s.dL_dyhat * p->w2_11;     /* (vi) */
    g->w12 = s.dL_dyhat * p->w2_21 * x1; /* (vii)  through O12, whose inputs are x1, x2 */
    g->w22 = s.dL_dyhat * p->w2_21 * x2; /* (viii) */
    g->b12 = s.dL_dyhat * p->w2_21;     /* (ix) */
    return s;
}

static void print_reg_pass(const Net221 *p, const Pass221 *s)
{
    const Net221 *g = &s->g;
    double d = s->dL_dyhat;
    hand_printf("    O11 = w11 x1 + w21 x2 + b11 = %v x %v%+v x %v%+v = %v\n"
                "    O12 = w12 x1 + w22 x2 + b12 = %v x %v%+v x %v%+v = %v\n",
                p->w11, s->x1, p->w21, s->x2, p->b11, s->O11,
                p->w12, s->x1, p->w22, s->x2, p->b12, s->O12);
    hand_printf("    y_hat = w2_11 O11 + w2_21 O12 + b21\n"
                "          = %v x %v%+v x %v%+v = %v\n"
                "    L = (y - y_hat)^2 = (%v - %v)^2 = %v\n"
                "    dL/dy_hat = -2(y - y_hat) = -2 x (%v - %v) = %v\n",
                p->w2_11, s->O11, p->w2_21, s->O12, p->b21, s->y_hat,
                s->y, s->y_hat, s->L, s->y, s->y_hat, d);
    hand_printf("    (i)    dL/dw2_11 = dL/dy_hat x O11 = %v x %v = %v\n"
                "    (ii)   dL/dw2_21 = dL/dy_hat x O12 = %v x %v = %v\n"
                "    (iii)  dL/db21   = dL/dy_hat x 1 = %v\n",
                d, s->O11, g->w2_11, d, s->O12, g->w2_21, g->b21);
    hand_printf("    (iv)   dL/dw11   = dL/dy_hat x w2_11 x x1 = %v x %v x %v = %v\n"
                "    (v)    dL/dw21   = dL/dy_hat x w2_11 x x2 = %v x %v x %v = %v\n"
                "    (vi)   dL/db11   = dL/dy_hat x w2_11 = %v x %v = %v\n",
                d, p->w2_11, s->x1, g->w11, d, p->w2_11, s->x2, g->w21, d, p->w2_11, g->b11);
    hand_printf("    (vii)  dL/dw12   = dL/dy_hat x w2_21 x x1 = %v x %v x %v = %v\n"
                "    (viii) dL/dw22   = dL/dy_hat x w2_21 x x2 = %v x %v x %v = %v\n"
                "    (ix)   dL/db12   = dL/dy_hat x w2_21 = %v x %v = %v\n",
                d, p->w2_21, s->x1, g->w12, d, p->w2_21, s->x2, g->w22, d, p->w2_21, g->b12);
}

/* The nine parameters, three to a line, indented. */
static void print_net221(int indent, const Net221 *p)
{
    hand_printf("%*sw11 = %-13v w21 = %-13v b11 = %v\n", indent, "", p->w11, p->w21, p->b11);
    hand_printf("%*sw12 = %-13v w22 = %-13v b12 = %v\n", indent, "", p->w12, p->w22, p->b12);
    hand_printf("%*sw2_11 = %-11v w2_21 = %-11v b21 = %v\n", indent, "", p->w2_11, p->w2_21,
                p->b21);
}

/* One SGD step on student i of s: the pass, then p <- p - eta g for all
 * nine parameters. Returns the pass, with the loss before the step. */
static Pass221 sgd_step(Net221 *p, PassFn pass, const Set *s, int i, double eta)
{
    Pass221 r = pass(p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1), MAT_AT(s->y, i, 0));
    const Net221 *g = &r.g;
    *p = (Net221){p->w11 - eta * g->w11, p->w21 - eta * g->w21, p->w12 - eta * g->w12,
                  p->w22 - eta * g->w22, p->b11 - eta * g->b11, p->b12 - eta * g->b12,
                  p->w2_11 - eta * g->w2_11, p->w2_21 - eta * g->w2_21, p->b21 - eta * g->b21};
    return r;
}

/* Epoch 1 by hand, as sections 2.1, 2.2 and 3 work it: the SGD steps on
 * students 1..n from the notes' start. Computed once here; the lecture
 * prints them and the worksheet (--check) takes them. */
#define HAND_ROWS 8 /* the notes' tables have 4 students; at most this many */
typedef struct {
    int n;
    double eta;
    Pass221 r[HAND_ROWS];    /* student i + 1's pass, at the weights p[i] */
    Net221 p[HAND_ROWS + 1]; /* p[0]: w = 1, b = 0; p[i + 1]: after student i + 1's step */
} HandEpoch;

static void hand_epoch(HandEpoch *h, PassFn pass, const Set *s, int n, double eta)
{
    h->n = n < HAND_ROWS ? n : HAND_ROWS;
    h->eta = eta;
    h->p[0] = NOTES_START;
    for (int i = 0; i < h->n; i++) {
        h->p[i + 1] = h->p[i];
        h->r[i] = sgd_step(&h->p[i + 1], pass, s, i, eta);
    }
}

/* Student i + 1's step of h by hand: the pass (print), then the update. */
static void print_step(const HandEpoch *h, int i, PrintFn print)
{
    const Pass221 *r = &h->r[i];
    hand_printf("Student %d: x1 = %v, x2 = %v, y = %v\n", i + 1, r->x1, r->x2, r->y);
    print(&h->p[i], r);
    hand_printf("    update w <- w - eta dL/dw (eta = %v):\n", h->eta);
    print_net221(8, &h->p[i + 1]);
}

/* A training history: the mean loss of each epoch, and where it stopped. */
typedef struct {
    double *cost;  /* cost[e] for epochs e = 0 .. n-1 */
    int n;         /* epochs completed */
    int bad_epoch; /* when not 0: the loss stopped being finite here ... */
    int bad_row;   /* ... at this student (both 1-based) */
} History;

/* SGD over the students in order, epoch after epoch. The cost of an epoch
 * is the mean of the losses met during it (001: "calc avg loss for the
 * epoch"). */
static void train221(PassFn pass, Net221 *p, const Set *s, double eta, int epochs, History *h)
{
    h->n = h->bad_epoch = h->bad_row = 0;
    for (int e = 0; e < epochs; e++) {
        double sum = 0.0;
        for (int i = 0; i < s->X->rows; i++) {
            double L = sgd_step(p, pass, s, i, eta).L;
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

/* The cost after epochs 1 to 5 (the notes' "epoch = 5"), then 10, 20, 50,
 * 100, ..., and after the last. */
static void print_history(const History *h, const char *what)
{
    static const int shown[] = {1, 2, 3, 4, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000,
                                10000, 20000, 50000, MAX_EPOCHS};
    int k = 0;
    hand_printf("    %6s  %s\n", "epoch", what);
    for (; shown[k] < h->n; k++)
        hand_printf("    %6d  %v\n", shown[k], h->cost[shown[k] - 1]);
    if (h->n > 0)
        hand_printf("    %6d  %v\n", h->n, h->cost[h->n - 1]);
}

/* The diagnostic of a run whose loss stopped being finite; hint says what to do. */
static void print_divergence(const History *h, double eta, const char *hint)
{
    hand_printf("Training diverged: the loss stopped being a finite number at epoch %d,\n"
                "student %d (eta = %v). Each step overshoots further than the last.\n%s\n",
                h->bad_epoch, h->bad_row, eta, hint);
}

/* ---- 2. The 2-2-1 regression network ----------------------------------------- */

static void lecture_regression_setup(const Set *raw, uint64_t variant)
{
    hand_section(REG_TITLE);
    if (variant) {
        print_notes_tables(variant);
        printf("\n");
    }
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
static void lecture_raw_explosion(const Set *raw, const HandEpoch *first_step)
{
    hand_section(RAW_TITLE);
    hand_printf("Start from the notes' w = 1, b = 0 with the raw inputs and eta = %v\n"
                "(001 gives no rate for this network; it uses 0.01 for the perceptron).\n"
                "(--check names: raw/O11[1] for O11 below, raw/w11[1] for w11 after the update.)\n\n",
                first_step->eta);
    double eta = first_step->eta;
    Net221 p = first_step->p[1];
    int m = raw->X->rows;
    Pass221 first = first_step->r[0];
    print_step(first_step, 0, print_reg_pass);
    printf("\n001 illustrates the error with y_hat = 18: (3 - 18)^2 = 225. The network\n"
           "itself predicts far more: each hidden node adds iq + cgpa, about 90.\n"
           "One step moves w11 by eta x dL/dw11, hundreds of times its own size.\n"
           "The rest of the epoch, one student at a time:\n\n");
    hand_printf("    %7s  %16s  %20s\n", "student", "y_hat", "L (before the step)");
    hand_printf("    %7d  %16v  %20v\n", 1, first.y_hat, first.L);
    /* the rest of epoch 1, then student 1 again, until the loss overflows */
    History h = {0};
    for (int k = 1; k <= m && !h.bad_epoch; k++) {
        Pass221 s = sgd_step(&p, reg_pass, raw, k % m, eta);
        if (k < m)
            hand_printf("    %7d  %16v  %20v\n", k + 1, s.y_hat, s.L);
        else if (isfinite(s.L))
            hand_printf("    %7s  %16s  %20v\n", "1 again", "", s.L);
        else
            hand_printf("    %7s  %16s  %20s\n", "1 again", "", "not finite");
        if (!isfinite(s.L))
            h.bad_epoch = k / m + 1, h.bad_row = k % m + 1;
    }
    printf("\nThe exponent of y_hat roughly triples every step. dL/dw is the error times\n"
           "an input times a weight of the other layer, so a step moves both layers in\n"
           "proportion to the error, and y_hat multiplies the two layers' weights: the\n"
           "next error is about the cube of this one. A double overflows past 1.8e308:\n"
           "the first student of epoch 2 already gives an infinite loss.\n\n");
    if (h.bad_epoch)
        print_divergence(&h, eta, "Section 2.2 scales the inputs instead.");
}

/* 2.2: scaled inputs, one epoch by hand. */
static void lecture_scaled_epoch(const Set *s, const HandEpoch *h)
{
    hand_section(SCALED_TITLE);
    hand_printf("Divide iq by %v and cgpa by %v, so that both inputs lie near 1: x1 = iq / %v,\n"
                "x2 = cgpa / %v. The notes' start w = 1, b = 0 then predicts y_hat = 3.2 for\n"
                "the first student, close to the 3 it earns. eta = %v.\n"
                "(--check names: student 2's O11 is reg/O11[2], w11 after its update\n"
                "reg/w11[2]; the start is w11[0] ... b21[0].)\n\n",
                s->scale[0], s->scale[1], s->scale[0], s->scale[1], h->eta);
    for (int i = 0; i < h->n; i++) {
        print_step(h, i, print_reg_pass);
        if (!isfinite(h->r[i].L)) {
            printf("The loss is no longer a finite number: this eta diverges.\n");
            return;
        }
    }
    Net221 before2 = h->p[1]; /* the weights student 2 met */
    Pass221 second = h->r[1];
    printf("\nEvery weight started at 1, so O11 = O12 for every student, (iv)-(vi)\n"
           "equal (vii)-(ix), and the two hidden nodes stay twins for good: w11 = w12,\n"
           "w21 = w22, b11 = b12 after any number of steps. Equal starting weights\n"
           "never break their symmetry (002: \"weight should not be same\"). With the\n"
           "notes' (vii), dL/dw12 = -2(y - y_hat) w2_21 x2, the twins would part at\n"
           "student 2 (at student 1 the slip is hidden: x1 = x2 = 0.8):\n\n");
    if (h->n < 2)
        return;
    /* the notes' (vii) multiplies by x2 where w12 carries x1 (Errata) */
    double notes_vii = second.dL_dyhat * before2.w2_21 * second.x2;
    hand_printf("    the notes' (vii): dL/dw12 = %v x %v x %v = %v\n", second.dL_dyhat,
                before2.w2_21, second.x2, notes_vii);
    hand_printf("    the right (vii):  dL/dw12 = %v x %v x %v = %v  (= dL/dw11)\n",
                second.dL_dyhat, before2.w2_21, second.x1, second.g.w12);
}

/* 2.3: train on, print the loss table, plot. raw_buf holds first a run at
 * a rate that diverges, then the one plotted. */
static void lecture_regression_training(Plotter *pl, const Set *raw, const Set *s, double eta,
                                        int epochs, double *buf, double *raw_buf)
{
    hand_section("2.3 Training: the loss per epoch");
    History h = {.cost = buf};
    Net221 p = NOTES_START;
    train221(reg_pass, &p, s, eta, epochs, &h);
    hand_printf("SGD over the scaled students in order, eta = %v, %d epochs. The loss of\n"
                "an epoch is the mean of the four losses met during it:\n\n", eta, epochs);
    print_history(&h, "mean loss");
    if (h.bad_epoch) {
        printf("\n");
        print_divergence(&h, eta, "Try a smaller learning rate (--eta).");
    } else {
        printf("\nAfter training:\n");
        print_net221(4, &p);
        hand_printf("\n    %7s  %10s  %10s\n", "student", "lpa", "y_hat");
        for (int i = 0; i < s->X->rows; i++) {
            Pass221 r = reg_pass(&p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1), MAT_AT(s->y, i, 0));
            hand_printf("    %7d  %10v  %10v\n", i + 1, r.y, r.y_hat);
        }
        printf("\nA linear network is a linear model (003: y_hat = x1 A + x2 B + C), and no\n"
               "plane goes through these four points: the loss levels off above 0.\n");
    }
    History big = {.cost = raw_buf}, r = {.cost = raw_buf};
    Net221 u = NOTES_START, q = NOTES_START;
    train221(reg_pass, &u, raw, RAW_BIG_ETA, epochs, &big);
    train221(reg_pass, &q, raw, RAW_SMALL_ETA, epochs, &r);
    printf("\nThe other way out is a tiny learning rate on the raw inputs, in a narrow\n"
           "window:");
    if (big.bad_epoch)
        hand_printf(" eta = %v already diverges (epoch %d).", RAW_BIG_ETA, big.bad_epoch);
    if (r.n > 0)
        hand_printf("\nWith eta = %v the mean loss is %v after epoch 1 and %v after\n"
                    "epoch %d. iq is about ten times cgpa, so a rate small enough for iq's weights\n"
                    "moves cgpa's slowly: w21 = %v after %d epochs, from 1 (regression_loss.png).\n",
                    RAW_SMALL_ETA, r.cost[0], r.cost[r.n - 1], r.n, q.w21, r.n);
    else
        hand_printf("\nWith eta = %v it diverges in epoch 1 as well.\n", RAW_SMALL_ETA);

    char scaled_legend[80], raw_legend[80];
    snprintf(scaled_legend, sizeof scaled_legend, "inputs scaled (iq/100, cgpa/10), eta = %g",
             eta);
    snprintf(raw_legend, sizeof raw_legend, "raw inputs, eta = %g", RAW_SMALL_ETA);
    ChapterCurve curves[] = {
        {scaled_legend, "lines lw 2 lc rgb '#2e6fb5'", h.cost, h.n, 1},
        {raw_legend, "lines lw 2 dt 2 lc rgb '#c0392b'", r.cost, r.n, 1},
    };
    chapter_plot_curves(pl, "regression_loss", &(PlotSpec){
        .title = "2-2-1 regression on the four students: mean loss per epoch (SGD)",
        .xlabel = "epoch (log scale)", .ylabel = "mean of (y - y_hat)^2 over the epoch",
        .settings = "set logscale xy\nset key top right"}, curves, 2);
}

/* ---- 3. The 2-2-1 classification network ------------------------------------- */

/* The classifier. Sigmoid units:
 *     Z1 = w11 x1 + w21 x2 + b11, O11 = sigma(Z1)   (O12 from Z2 alike)
 *     Z_F = w2_11 O11 + w2_21 O12 + b21, y_hat = sigma(Z_F)
 *     L = -y log(y_hat) - (1 - y) log(1 - y_hat)
 * The first two factors of every chain collapse:
 *     dL/dZ_F = dL/dy_hat x dy_hat/dZ_F
 *             = (y_hat - y) / (y_hat (1 - y_hat)) x y_hat (1 - y_hat) = -(y - y_hat)
 * and a hidden node's delta adds the weight to the output and its own sigma':
 *     dL/dZ1 = dL/dZ_F x w2_11 x O11 (1 - O11);  then dL/dw11 = dL/dZ1 x x1, ... */
static Pass221 cls_pass(const Net221 *p, double x1, double x2, double y)
{
    Pass221 s = {.x1 = x1, .x2 = x2, .y = y};
    s.Z1 = p->w11 * x1 + p->w21 * x2 + p->b11;
    s.O11 = act_sigmoid(s.Z1);
    s.Z2 = p->w12 * x1 + p->w22 * x2 + p->b12;
    s.O12 = act_sigmoid(s.Z2);
    s.Z_F = p->w2_11 * s.O11 + p->w2_21 * s.O12 + p->b21;
    s.y_hat = act_sigmoid(s.Z_F);
    s.L = -y * log(s.y_hat) - (1.0 - y) * log(1.0 - s.y_hat);
    s.dL_dyhat = -y / s.y_hat + (1.0 - y) / (1.0 - s.y_hat);
    s.dyhat_dZF = s.y_hat * (1.0 - s.y_hat);
    s.dL_dZF = -(y - s.y_hat);
    s.dO11_dZ1 = s.O11 * (1.0 - s.O11);
    s.dO12_dZ2 = s.O12 * (1.0 - s.O12);
    s.dL_dZ1 = s.dL_dZF * p->w2_11 * s.dO11_dZ1; /* through O11 */
    s.dL_dZ2 = s.dL_dZF * p->w2_21 * s.dO12_dZ2; /* through O12 */
    Net221 *g = &s.g;
    g->w2_11 = s.dL_dZF * s.O11; /* (i) */
    g->w2_21 = s.dL_dZF * s.O12; /* (ii) */
    g->b21 = s.dL_dZF;           /* (iii) */
    g->w11 = s.dL_dZ1 * x1;      /* (iv) */
    g->w21 = s.dL_dZ1 * x2;      /* (v) */
    g->b11 = s.dL_dZ1;           /* (vi) */
    g->w12 = s.dL_dZ2 * x1;      /* (vii) */
    g->w22 = s.dL_dZ2 * x2;      /* (viii) */
    g->b12 = s.dL_dZ2;           /* (ix) */
    return s;
}

static void print_cls_pass(const Net221 *p, const Pass221 *s)
{
    const Net221 *g = &s->g;
    hand_printf("    Z1 = w11 x1 + w21 x2 + b11 = %v x %v%+v x %v%+v = %v\n"
                "    O11 = sigma(Z1) = %v,  O11 (1 - O11) = %v\n",
                p->w11, s->x1, p->w21, s->x2, p->b11, s->Z1, s->O11, s->dO11_dZ1);
    hand_printf("    Z2 = w12 x1 + w22 x2 + b12 = %v x %v%+v x %v%+v = %v\n"
                "    O12 = sigma(Z2) = %v,  O12 (1 - O12) = %v\n",
                p->w12, s->x1, p->w22, s->x2, p->b12, s->Z2, s->O12, s->dO12_dZ2);
    hand_printf("    Z_F = w2_11 O11 + w2_21 O12 + b21\n"
                "        = %v x %v%+v x %v%+v = %v\n"
                "    y_hat = sigma(Z_F) = %v\n"
                "    L = -y log(y_hat) - (1 - y) log(1 - y_hat) = %v\n",
                p->w2_11, s->O11, p->w2_21, s->O12, p->b21, s->Z_F, s->y_hat, s->L);
    hand_printf("    dL/dy_hat = -y/y_hat + (1 - y)/(1 - y_hat) = %v\n"
                "    dy_hat/dZ_F = y_hat (1 - y_hat) = %v\n"
                "    dL/dZ_F = %v x %v = -(y - y_hat) = %v\n",
                s->dL_dyhat, s->dyhat_dZF, s->dL_dyhat, s->dyhat_dZF, s->dL_dZF);
    hand_printf("    (i)    dL/dw2_11 = dL/dZ_F x O11 = %v x %v = %v\n"
                "    (ii)   dL/dw2_21 = dL/dZ_F x O12 = %v x %v = %v\n"
                "    (iii)  dL/db21   = dL/dZ_F = %v\n",
                s->dL_dZF, s->O11, g->w2_11, s->dL_dZF, s->O12, g->w2_21, g->b21);
    hand_printf("    dL/dZ1 = dL/dZ_F x w2_11 x O11 (1 - O11) = %v x %v x %v = %v\n"
                "    (iv)   dL/dw11   = dL/dZ1 x x1 = %v x %v = %v\n"
                "    (v)    dL/dw21   = dL/dZ1 x x2 = %v x %v = %v\n"
                "    (vi)   dL/db11   = dL/dZ1 = %v\n",
                s->dL_dZF, p->w2_11, s->dO11_dZ1, s->dL_dZ1,
                s->dL_dZ1, s->x1, g->w11, s->dL_dZ1, s->x2, g->w21, g->b11);
    hand_printf("    dL/dZ2 = dL/dZ_F x w2_21 x O12 (1 - O12) = %v x %v x %v = %v\n"
                "    (vii)  dL/dw12   = dL/dZ2 x x1 = %v x %v = %v\n"
                "    (viii) dL/dw22   = dL/dZ2 x x2 = %v x %v = %v\n"
                "    (ix)   dL/db12   = dL/dZ2 = %v\n",
                s->dL_dZF, p->w2_21, s->dO12_dZ2, s->dL_dZ2,
                s->dL_dZ2, s->x1, g->w12, s->dL_dZ2, s->x2, g->w22, g->b12);
}

/* Section 3 after epoch 1: SGD on the scaled placement table s for
 * epochs epochs (the costs into buf), the students' y_hat, the weights,
 * and classification_loss.png. */
static void cls_training(Plotter *pl, const Set *s, int epochs, double *buf)
{
    History h = {.cost = buf};
    Net221 q = NOTES_START;
    train221(cls_pass, &q, s, CLS_ETA, epochs, &h);
    hand_printf("\nTraining on, %d epochs (the same twin hidden nodes as in section 2):\n\n",
                epochs);
    print_history(&h, "mean cross-entropy");
    hand_printf("\n    %7s  %6s  %12s\n", "student", "placed", "y_hat");
    int right = 0;
    for (int i = 0; i < s->X->rows; i++) {
        Pass221 r = cls_pass(&q, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1), MAT_AT(s->y, i, 0));
        right += (r.y_hat >= 0.5) == (r.y == 1);
        hand_printf("    %7d  %6v  %12v\n", i + 1, r.y, r.y_hat);
    }
    printf("\n%d of %d students classified right (y_hat >= 0.5 means placed). For the\n"
           "first hundred epochs or so the loss hovers around 0.8 (a constant guess of 0.5\n"
           "would give ln 2 = 0.693) while the hidden weights turn towards cgpa; then it\n"
           "falls (classification_loss.png). The weights after training:\n",
           right, s->X->rows);
    print_net221(4, &q);
    if (q.w11 > 0 && q.w21 < 0)
        printf("cgpa (w11 > 0) pushes towards placed, the profile score (w21 < 0) away.\n");
    ChapterCurve curve = {"SGD, eta = 0.5, start w = 1, b = 0", "lines lw 2 lc rgb '#2e6fb5'",
                          h.cost, h.n, 1};
    chapter_plot_curves(pl, "classification_loss", &(PlotSpec){
        .title = "2-2-1 sigmoid classifier on the placement table: cross-entropy per epoch",
        .xlabel = "epoch", .ylabel = "mean binary cross-entropy over the epoch",
        .settings = "set logscale y\nset key top right"}, &curve, 1);
}

/* Section 3: the 2-2-1 classifier on the placement table raw (scaled: s),
 * its derivatives, epoch 1 by hand, then the training (cls_training). */
static void lecture_classification(Plotter *pl, const Set *raw, const Set *s,
                                   const HandEpoch *hand, int epochs, double *buf,
                                   uint64_t variant)
{
    hand_section(CLS_TITLE);
    if (variant) {
        print_notes_tables(variant);
        printf("\n");
    }
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
                "eta = %v. Epoch 1 by hand (--check names: student 2's Z1 is cls/Z1[2], w11\n"
                "after its update cls/w11[2]):\n\n", s->scale[0], hand->eta);
    for (int i = 0; i < hand->n; i++)
        print_step(hand, i, print_cls_pass);
    cls_training(pl, s, epochs, buf);
}

/* ---- 4. The 2-2-2 worked example ------------------------------------------- */

/* The example's parameters with its names: w1..w4 from the inputs to the
 * hidden nodes (w1: i1 -> h1, w2: i2 -> h1, w3: i1 -> h2, w4: i2 -> h2),
 * w5..w8 from the hidden nodes to the outputs (w5: h1 -> o1, w6: h2 -> o1,
 * w7: h1 -> o2, w8: h2 -> o2), and a bias per node (the notes' b1 and b2
 * are shared: b_h1 = b_h2 = b1 = 0.35, b_o1 = b_o2 = b2 = 0.60 at the start).
 * The same struct holds the gradients. */
typedef struct {
    double w1, w2, w3, w4, w5, w6, w7, w8;
    double b_h1, b_h2, b_o1, b_o2;
} Ex222;

/* The example's givens: inputs, targets and the starting parameters.
 * --variant N draws others (ex_draw); every section from 4 on and the
 * check in 7 compute from these. */
typedef struct {
    double i1, i2; /* inputs */
    double T1, T2; /* targets */
    Ex222 start;   /* w1..w8; b_h1 = b_h2 = b1, b_o1 = b_o2 = b2 */
    int notes;     /* 1: the notes' numbers (the remarks on 001's print apply) */
} ExGivens;

static const ExGivens EX_NOTES = {
    .i1 = 0.05, .i2 = 0.10, .T1 = 0.01, .T2 = 0.99, .notes = 1,
    .start = {0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.35, 0.60, 0.60}};

/* Givens of the same kind for --variant N, two decimals each so they can
 * be worked by hand: inputs, weights and the shared biases in [0.05,
 * 0.95], targets in [0.01, 0.99]. */
static ExGivens ex_draw(Rng *rng)
{
    ExGivens x = {.notes = 0};
    x.i1 = sheet_draw(rng, 0.05, 0.95, 2);
    x.i2 = sheet_draw(rng, 0.05, 0.95, 2);
    x.T1 = sheet_draw(rng, 0.01, 0.99, 2);
    x.T2 = sheet_draw(rng, 0.01, 0.99, 2);
    double *w[8] = {&x.start.w1, &x.start.w2, &x.start.w3, &x.start.w4,
                    &x.start.w5, &x.start.w6, &x.start.w7, &x.start.w8};
    for (int k = 0; k < 8; k++)
        *w[k] = sheet_draw(rng, 0.05, 0.95, 2);
    x.start.b_h1 = x.start.b_h2 = sheet_draw(rng, 0.05, 0.95, 2);
    x.start.b_o1 = x.start.b_o2 = sheet_draw(rng, 0.05, 0.95, 2);
    return x;
}

typedef struct {
    double H1, out_h1, H2, out_h2; /* hidden: net input and output */
    double y1, out_o1, y2, out_o2; /* output: net input and output (001 calls out_o1 y1^final) */
    double E_o1, E_o2, E_total;
} Fwd222;

/* H1 = i1 w1 + i2 w2 + b1, out_h1 = sigma(H1) (h2 alike);
 * y1 = out_h1 w5 + out_h2 w6 + b2, out_o1 = sigma(y1) (o2 alike);
 * E_total = 1/2 (T1 - out_o1)^2 + 1/2 (T2 - out_o2)^2 */
static Fwd222 ex_forward(const ExGivens *x, const Ex222 *p)
{
    Fwd222 f;
    f.H1 = x->i1 * p->w1 + x->i2 * p->w2 + p->b_h1;
    f.out_h1 = act_sigmoid(f.H1);
    f.H2 = x->i1 * p->w3 + x->i2 * p->w4 + p->b_h2;
    f.out_h2 = act_sigmoid(f.H2);
    f.y1 = f.out_h1 * p->w5 + f.out_h2 * p->w6 + p->b_o1;
    f.out_o1 = act_sigmoid(f.y1);
    f.y2 = f.out_h1 * p->w7 + f.out_h2 * p->w8 + p->b_o2;
    f.out_o2 = act_sigmoid(f.y2);
    f.E_o1 = 0.5 * (x->T1 - f.out_o1) * (x->T1 - f.out_o1);
    f.E_o2 = 0.5 * (x->T2 - f.out_o2) * (x->T2 - f.out_o2);
    f.E_total = f.E_o1 + f.E_o2;
    return f;
}

/* The backward pass with every named factor, and the twelve gradients. */
typedef struct {
    double dE_dout_o1, dout_o1_dy1, delta_o1; /* output o1 */
    double dE_dout_o2, dout_o2_dy2, delta_o2; /* output o2 */
    double dE_dout_h1, dout_h1_dH1, delta_h1; /* hidden h1 */
    double dE_dout_h2, dout_h2_dH2, delta_h2; /* hidden h2 */
    Ex222 g;                                  /* dE/dw1 .. dE/dw8, dE/db (the deltas) */
} Back222;

/* Output deltas: delta_o1 = dE/dy1 = dE/dout_o1 x dout_o1/dy1 with
 *     dE/dout_o1 = -(T1 - out_o1),  dout_o1/dy1 = out_o1 (1 - out_o1)
 * and dE/dw5 = delta_o1 out_h1, ..., dE/db_o1 = delta_o1.
 * A hidden node feeds both outputs, through the weights of p:
 *     dE/dout_h1 = delta_o1 w5 + delta_o2 w7
 *     delta_h1 = dE/dout_h1 x out_h1 (1 - out_h1),  dE/dw1 = delta_h1 i1, ... */
static Back222 ex_backward(const ExGivens *x, const Ex222 *p, const Fwd222 *f)
{
    Back222 b;
    b.dE_dout_o1 = -(x->T1 - f->out_o1);
    b.dout_o1_dy1 = f->out_o1 * (1.0 - f->out_o1);
    b.delta_o1 = b.dE_dout_o1 * b.dout_o1_dy1;
    b.dE_dout_o2 = -(x->T2 - f->out_o2);
    b.dout_o2_dy2 = f->out_o2 * (1.0 - f->out_o2);
    b.delta_o2 = b.dE_dout_o2 * b.dout_o2_dy2;
    b.g.w5 = b.delta_o1 * f->out_h1;
    b.g.w6 = b.delta_o1 * f->out_h2;
    b.g.w7 = b.delta_o2 * f->out_h1;
    b.g.w8 = b.delta_o2 * f->out_h2;
    b.g.b_o1 = b.delta_o1;
    b.g.b_o2 = b.delta_o2;

    b.dE_dout_h1 = b.delta_o1 * p->w5 + b.delta_o2 * p->w7;
    b.dE_dout_h2 = b.delta_o1 * p->w6 + b.delta_o2 * p->w8;
    b.dout_h1_dH1 = f->out_h1 * (1.0 - f->out_h1);
    b.dout_h2_dH2 = f->out_h2 * (1.0 - f->out_h2);
    b.delta_h1 = b.dE_dout_h1 * b.dout_h1_dH1;
    b.delta_h2 = b.dE_dout_h2 * b.dout_h2_dH2;
    b.g.w1 = b.delta_h1 * x->i1;
    b.g.w2 = b.delta_h1 * x->i2;
    b.g.w3 = b.delta_h2 * x->i1;
    b.g.w4 = b.delta_h2 * x->i2;
    b.g.b_h1 = b.delta_h1;
    b.g.b_h2 = b.delta_h2;
    return b;
}

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

typedef enum {
    EX_CLASSIC,     /* weights only; the hidden layer uses the old w5..w8 */
    EX_BIASES,      /* the same, and every bias updated too */
    EX_NEW_WEIGHTS, /* weights only, hidden layer through the updated w5..w8 */
} ExVariant;

/* n rounds (backward from the forward pass f of p, update, forward) of
 * variant v from the start: e[r] = E_total after r rounds, e[0] before
 * any. Returns the forward pass after the last round. */
static Fwd222 ex_train(const ExGivens *x, ExVariant v, int n, double *e)
{
    Ex222 p = x->start;
    Fwd222 f = ex_forward(x, &p);
    e[0] = f.E_total;
    for (int r = 1; r <= n; r++) {
        Back222 b = ex_backward(x, &p, &f);
        if (v == EX_NEW_WEIGHTS) {
            ex_update(&p, &b.g, 0, 1, 0); /* w5..w8 first ... */
            b = ex_backward(x, &p, &f);   /* ... then the hidden deltas through them */
            ex_update(&p, &b.g, 1, 0, 0);
        } else {
            ex_update(&p, &b.g, 1, 1, v == EX_BIASES);
        }
        f = ex_forward(x, &p);
        e[r] = f.E_total;
    }
    return f;
}

/* The titles of sections 4 to 4.4, shared by the lecture and its worksheet. */
static const char *const EX_TITLE[] = {
    "4. The 2-2-2 worked example (001)",
    "4.1 The forward pass",
    "4.2 Backward: dE/dw5 by the chain rule",
    "4.3 All eight gradients",
    "4.4 The update, eta = 0.5 (biases kept, as in the classic example)",
};

static void lecture_example_forward(const ExGivens *x, const Fwd222 *f)
{
    const Ex222 *p = &x->start;
    hand_section(EX_TITLE[0]);
    hand_printf("Inputs i1 = %v, i2 = %v; targets T1 = %v, T2 = %v; sigmoid nodes; eta = %v.\n"
                "w1 = %v, w2 = %v (into h1), w3 = %v, w4 = %v (into h2), w5 = %v, w6 = %v\n"
                "(into o1), w7 = %v, w8 = %v (into o2); b1 = %v (hidden), b2 = %v (output).\n"
                "The error is E = 1/2 sum (target - output)^2.\n",
                x->i1, x->i2, x->T1, x->T2, EX_ETA, p->w1, p->w2, p->w3, p->w4, p->w5, p->w6,
                p->w7, p->w8, p->b_h1, p->b_o1);
    hand_section(EX_TITLE[1]);
    hand_printf("H1 = i1 w1 + i2 w2 + b1 = %v x %v + %v x %v + %v = %v\n", x->i1, p->w1, x->i2,
                p->w2, p->b_h1, f->H1);
    hand_printf("out_h1 = sigma(H1) = 1 / (1 + e^-%v) = %v\n", f->H1, f->out_h1);
    hand_printf("H2 = i1 w3 + i2 w4 + b1 = %v x %v + %v x %v + %v = %v%s\n", x->i1, p->w3, x->i2,
                p->w4, p->b_h2, f->H2, x->notes ? "   (001 prints w4 as 0.10)" : "");
    hand_printf("out_h2 = sigma(H2) = 1 / (1 + e^-%v) = %v\n", f->H2, f->out_h2);
    hand_printf("y1 = out_h1 w5 + out_h2 w6 + b2 = %v x %v + %v x %v + %v = %v\n", f->out_h1,
                p->w5, f->out_h2, p->w6, p->b_o1, f->y1);
    hand_printf("out_o1 = sigma(y1) = 1 / (1 + e^-%v) = %v\n", f->y1, f->out_o1);
    hand_printf("y2 = out_h1 w7 + out_h2 w8 + b2 = %v x %v + %v x %v + %v = %v\n", f->out_h1,
                p->w7, f->out_h2, p->w8, p->b_o2, f->y2);
    hand_printf("out_o2 = sigma(y2) = 1 / (1 + e^-%v) = %v\n", f->y2, f->out_o2);
    hand_printf("E_o1 = 1/2 (T1 - out_o1)^2 = 1/2 (%v - %v)^2 = %v\n", x->T1, f->out_o1, f->E_o1);
    hand_printf("E_o2 = 1/2 (T2 - out_o2)^2 = 1/2 (%v - %v)^2 = %v\n", x->T2, f->out_o2, f->E_o2);
    hand_printf("E_total = E_o1 + E_o2 = %v + %v = %v\n", f->E_o1, f->E_o2, f->E_total);
}

static void lecture_example_backward(const ExGivens *x, const Fwd222 *f, const Back222 *b)
{
    const Ex222 *p = &x->start, *g = &b->g;
    hand_section(EX_TITLE[2]);
    printf("w5 reaches E through y1 and out_o1 only:\n\n"
           "    dE/dw5 = dE/dout_o1 x dout_o1/dy1 x dy1/dw5\n\n");
    hand_printf("dE/dout_o1 = d/dout_o1 [1/2 (T1 - out_o1)^2] = -(T1 - out_o1) = -(%v - %v) = %v\n",
                x->T1, f->out_o1, b->dE_dout_o1);
    hand_printf("dout_o1/dy1 = out_o1 (1 - out_o1) = %v x %v = %v\n", f->out_o1,
                1.0 - f->out_o1, b->dout_o1_dy1);
    hand_printf("dy1/dw5 = out_h1 = %v             (y1 = w5 out_h1 + w6 out_h2 + b2)\n",
                f->out_h1);
    hand_printf("dE/dw5 = %v x %v x %v = %v\n", b->dE_dout_o1, b->dout_o1_dy1, f->out_h1, g->w5);

    hand_section(EX_TITLE[3]);
    printf("The first two factors form each output node's delta, dE/dy; every weight\n"
           "into that node multiplies it by the output it carries:\n\n");
    hand_printf("delta_o1 = dE/dout_o1 x dout_o1/dy1 = %v x %v = %v\n", b->dE_dout_o1,
                b->dout_o1_dy1, b->delta_o1);
    hand_printf("delta_o2 = dE/dout_o2 x dout_o2/dy2 = %v x %v = %v\n", b->dE_dout_o2,
                b->dout_o2_dy2, b->delta_o2);
    hand_printf("dE/dw5 = delta_o1 x out_h1 = %v x %v = %v\n", b->delta_o1, f->out_h1, g->w5);
    hand_printf("dE/dw6 = delta_o1 x out_h2 = %v x %v = %v\n", b->delta_o1, f->out_h2, g->w6);
    hand_printf("dE/dw7 = delta_o2 x out_h1 = %v x %v = %v\n", b->delta_o2, f->out_h1, g->w7);
    hand_printf("dE/dw8 = delta_o2 x out_h2 = %v x %v = %v\n", b->delta_o2, f->out_h2, g->w8);
    printf("\nA hidden node feeds both outputs, so its dE/dout adds two paths, each\n"
           "through the ORIGINAL (not yet updated) w5..w8:\n\n");
    hand_printf("dE/dout_h1 = delta_o1 w5 + delta_o2 w7 = %v x %v%+v x %v = %v\n", b->delta_o1,
                p->w5, b->delta_o2, p->w7, b->dE_dout_h1);
    hand_printf("delta_h1 = dE/dout_h1 x out_h1 (1 - out_h1) = %v x %v = %v\n", b->dE_dout_h1,
                b->dout_h1_dH1, b->delta_h1);
    hand_printf("dE/dw1 = delta_h1 x i1 = %v x %v = %v\n", b->delta_h1, x->i1, g->w1);
    hand_printf("dE/dw2 = delta_h1 x i2 = %v x %v = %v\n", b->delta_h1, x->i2, g->w2);
    hand_printf("dE/dout_h2 = delta_o1 w6 + delta_o2 w8 = %v x %v%+v x %v = %v\n", b->delta_o1,
                p->w6, b->delta_o2, p->w8, b->dE_dout_h2);
    hand_printf("delta_h2 = dE/dout_h2 x out_h2 (1 - out_h2) = %v x %v = %v\n", b->dE_dout_h2,
                b->dout_h2_dH2, b->delta_h2);
    hand_printf("dE/dw3 = delta_h2 x i1 = %v x %v = %v\n", b->delta_h2, x->i1, g->w3);
    hand_printf("dE/dw4 = delta_h2 x i2 = %v x %v = %v\n", b->delta_h2, x->i2, g->w4);
}

static void lecture_example_update(const ExGivens *x, const Fwd222 *f, const Ex222 *g)
{
    const Ex222 *p = &x->start;
    Ex222 after = *p;
    ex_update(&after, g, 1, 1, 0);
    hand_section(EX_TITLE[4]);
    const double old[] = {p->w1, p->w2, p->w3, p->w4, p->w5, p->w6, p->w7, p->w8};
    const double grad[] = {g->w1, g->w2, g->w3, g->w4, g->w5, g->w6, g->w7, g->w8};
    const double now[] = {after.w1, after.w2, after.w3, after.w4,
                          after.w5, after.w6, after.w7, after.w8};
    for (int k = 0; k < 8; k++)
        hand_printf("w%d+ = w%d - eta dE/dw%d = %v - %v x %v = %v\n", k + 1, k + 1, k + 1, old[k],
                    EX_ETA, grad[k], now[k]);
    Fwd222 next = ex_forward(x, &after);
    hand_printf("\nThe forward pass again with the new weights: out_o1 = %v,\n"
                "out_o2 = %v, E_total = %v (it was %v).\n",
                next.out_o1, next.out_o2, next.E_total, f->E_total);
}

/* 4.6 for the notes' numbers: what the classic write-up prints, against
 * the classic run (classic, ending in fc) and the one through the updated
 * w5..w8 (newer, ending in fn). */
static void print_writeup(const double *classic, const double *newer, const Fwd222 *fc,
                          const Fwd222 *fn)
{
    hand_printf("The well-known write-up of this example prints E_total = 0.298371109,\n"
                "w5+ = 0.35891648 and w1+ = 0.149780716, as above; but the error after the\n"
                "first update, 0.291027924, and after 10,000 rounds, 0.0000351085 with\n"
                "outputs 0.015912196 and 0.984065734, are not what its own rules give\n"
                "(exactly: %v, then %v with outputs %v and\n"
                "%v). They come from variants of the computation:\n\n",
                classic[1], classic[ROUNDS], fc->out_o1, fc->out_o2);
    hand_printf("  - hidden gradients through the UPDATED w5..w8: E_total = %v after\n"
                "    round 1, and after %d rounds out_o1 = %v, out_o2 = %v\n",
                newer[1], ROUNDS, fn->out_o1, fn->out_o2);
    hand_printf("  - the error of the classic run measured before its last update, after\n"
                "    %d rounds: %v\n", ROUNDS - 1, classic[ROUNDS - 1]);
    printf("\nSee Errata in README.md.\n");
}

/* e[v] holds ROUNDS + 1 values of E_total for each variant v. */
static void lecture_example_training(Plotter *pl, const ExGivens *x, double *const e[3])
{
    hand_section("4.5 Training on: 10,000 rounds");
    const double *classic = e[EX_CLASSIC], *biases = e[EX_BIASES], *newer = e[EX_NEW_WEIGHTS];
    Fwd222 fc = ex_train(x, EX_CLASSIC, ROUNDS, e[EX_CLASSIC]);
    Fwd222 fb = ex_train(x, EX_BIASES, ROUNDS, e[EX_BIASES]);
    Fwd222 fn = ex_train(x, EX_NEW_WEIGHTS, ROUNDS, e[EX_NEW_WEIGHTS]);
    if (x->notes)
        printf("The same round again and again. The classic example updates the weights\n"
               "only; the variant beside it also moves every bias (each node has its own,\n"
               "starting at 0.35 and 0.60), as a layer of Keras would.\n\n");
    else
        hand_printf("The same round again and again. The classic example updates the weights\n"
                    "only; the variant beside it also moves every bias (each node has its own,\n"
                    "starting at %v and %v), as a layer of Keras would.\n\n",
                    x->start.b_h1, x->start.b_o1);
    hand_printf("    %6s  %16s  %16s\n", "round", "E_total, classic", "with biases");
    for (int r = 1; r <= ROUNDS; r *= 10)
        hand_printf("    %6d  %16v  %16v\n", r, classic[r], biases[r]);
    hand_printf("\nAfter %d rounds, classic:      E_total = %v\n"
                "                                 out_o1 = %v, out_o2 = %v\n",
                ROUNDS, fc.E_total, fc.out_o1, fc.out_o2);
    hand_printf("After %d rounds, with biases:  E_total = %v\n"
                "                                 out_o1 = %v, out_o2 = %v\n",
                ROUNDS, fb.E_total, fb.out_o1, fb.out_o2);
    double times = round(fc.E_total / fb.E_total);
    if (times >= 2)
        hand_printf("(targets %v and %v). Moving the biases too fits %v times better.\n", x->T1,
                    x->T2, times);
    else
        hand_printf("(targets %v and %v). Moving the biases too gains little here.\n", x->T1,
                    x->T2);

    hand_section("4.6 The classic write-up's numbers (Mazur, 2015)");
    if (x->notes)
        print_writeup(classic, newer, &fc, &fn);
    else
        printf("The write-up works the notes' numbers, not these (--variant 0 compares them).\n");

    /* from round 1: a log axis has no 0 */
    ChapterCurve curves[] = {
        {"weights only, biases fixed (the classic)", "lines lw 2 lc rgb '#2e6fb5'", classic + 1,
         ROUNDS, 1},
        {"weights and biases updated", "lines lw 2 dt 2 lc rgb '#c0392b'", biases + 1, ROUNDS, 1},
    };
    chapter_plot_curves(pl, "example_error", &(PlotSpec){
        .title = "The 2-2-2 example: E_total after each round of backpropagation (eta = 0.5)",
        .xlabel = "round (updates made)", .ylabel = "E_total = 1/2 sum (target - output)^2",
        .settings = "set logscale xy\nset format y \"%g\"\nset key bottom left"}, curves, 2);
}

/* The worksheet of section 4 (--check, --quiz) onto s: the givens. */
static void ex_sheet_givens(Sheet *s, const ExGivens *x)
{
    const Ex222 *p = &x->start;
    sheet_heading(s, EX_TITLE[0]);
    sheet_given(s, "i1", x->i1);
    sheet_given(s, "i2", x->i2);
    sheet_given(s, "T1", x->T1);
    sheet_given(s, "T2", x->T2);
    sheet_given(s, "w1", p->w1);
    sheet_given(s, "w2", p->w2);
    sheet_given(s, "w3", p->w3);
    sheet_given(s, "w4", p->w4);
    sheet_given(s, "w5", p->w5);
    sheet_given(s, "w6", p->w6);
    sheet_given(s, "w7", p->w7);
    sheet_given(s, "w8", p->w8);
    sheet_given(s, "b1", p->b_h1);
    sheet_given(s, "b2", p->b_o1);
    sheet_given(s, "eta", EX_ETA);
}

/* The worksheet of section 4.1: the forward pass f, with the formulas the
 * lecture prints. */
static void ex_sheet_forward(Sheet *s, const Fwd222 *f)
{
    sheet_heading(s, EX_TITLE[1]);
    sheet_calc(s, "H1", f->H1, "i1 w1 + i2 w2 + b1");
    sheet_calc(s, "out_h1", f->out_h1, "sigma(H1) = 1 / (1 + e^-H1)");
    sheet_calc(s, "H2", f->H2, "i1 w3 + i2 w4 + b1");
    sheet_calc(s, "out_h2", f->out_h2, "sigma(H2)");
    sheet_calc(s, "y1", f->y1, "out_h1 w5 + out_h2 w6 + b2");
    sheet_calc(s, "out_o1", f->out_o1, "sigma(y1)");
    sheet_calc(s, "y2", f->y2, "out_h1 w7 + out_h2 w8 + b2");
    sheet_calc(s, "out_o2", f->out_o2, "sigma(y2)");
    sheet_calc(s, "E_o1", f->E_o1, "1/2 (T1 - out_o1)^2");
    sheet_calc(s, "E_o2", f->E_o2, "1/2 (T2 - out_o2)^2");
    sheet_calc(s, "E_total", f->E_total, "E_o1 + E_o2");
}

/* The worksheet of section 4.2: dE/dw5 by the chain rule (f forward, b backward). */
static void ex_sheet_chain(Sheet *s, const Fwd222 *f, const Back222 *b)
{
    sheet_heading(s, EX_TITLE[2]);
    sheet_calc(s, "dE/dout_o1", b->dE_dout_o1, "-(T1 - out_o1)");
    sheet_calc(s, "dout_o1/dy1", b->dout_o1_dy1, "out_o1 (1 - out_o1)");
    sheet_calc(s, "dy1/dw5", f->out_h1, "out_h1");
    sheet_calc(s, "dE/dw5", b->g.w5, "dE/dout_o1 x dout_o1/dy1 x dy1/dw5");
}

/* The worksheet of section 4.3: the deltas and all eight gradients of b. */
static void ex_sheet_gradients(Sheet *s, const Back222 *b)
{
    sheet_heading(s, EX_TITLE[3]);
    sheet_calc(s, "delta_o1", b->delta_o1, "dE/dout_o1 x dout_o1/dy1");
    sheet_calc(s, "dE/dout_o2", b->dE_dout_o2, "-(T2 - out_o2)");
    sheet_calc(s, "dout_o2/dy2", b->dout_o2_dy2, "out_o2 (1 - out_o2)");
    sheet_calc(s, "delta_o2", b->delta_o2, "dE/dout_o2 x dout_o2/dy2");
    sheet_calc(s, "dE/dw6", b->g.w6, "delta_o1 x out_h2");
    sheet_calc(s, "dE/dw7", b->g.w7, "delta_o2 x out_h1");
    sheet_calc(s, "dE/dw8", b->g.w8, "delta_o2 x out_h2");
    sheet_calc(s, "dE/dout_h1", b->dE_dout_h1, "delta_o1 w5 + delta_o2 w7");
    sheet_calc(s, "dout_h1/dH1", b->dout_h1_dH1, "out_h1 (1 - out_h1)");
    sheet_calc(s, "delta_h1", b->delta_h1, "dE/dout_h1 x dout_h1/dH1");
    sheet_calc(s, "dE/dw1", b->g.w1, "delta_h1 x i1");
    sheet_calc(s, "dE/dw2", b->g.w2, "delta_h1 x i2");
    sheet_calc(s, "dE/dout_h2", b->dE_dout_h2, "delta_o1 w6 + delta_o2 w8");
    sheet_calc(s, "dout_h2/dH2", b->dout_h2_dH2, "out_h2 (1 - out_h2)");
    sheet_calc(s, "delta_h2", b->delta_h2, "dE/dout_h2 x dout_h2/dH2");
    sheet_calc(s, "dE/dw3", b->g.w3, "delta_h2 x i1");
    sheet_calc(s, "dE/dw4", b->g.w4, "delta_h2 x i2");
}

/* The worksheet of section 4.4: w+ = w - eta dE/dw for the gradients g
 * (the biases kept), and the forward pass with w1+ .. w8+. */
static void ex_sheet_update(Sheet *s, const ExGivens *x, const Ex222 *g)
{
    Ex222 after = x->start;
    ex_update(&after, g, 1, 1, 0);
    Fwd222 next = ex_forward(x, &after); /* the forward pass with w1+ .. w8+ */
    sheet_heading(s, EX_TITLE[4]);
    const double now[] = {after.w1, after.w2, after.w3, after.w4,
                          after.w5, after.w6, after.w7, after.w8};
    for (int k = 0; k < 8; k++) {
        char name[16], formula[48]; /* room for any int, as -O1's checks want */
        snprintf(name, sizeof name, "w%d+", k + 1);
        snprintf(formula, sizeof formula, "w%d - eta dE/dw%d", k + 1, k + 1);
        sheet_calc(s, name, now[k], formula);
    }
    sheet_calc(s, "out_h1+", next.out_h1, "sigma(i1 w1+ + i2 w2+ + b1)");
    sheet_calc(s, "out_h2+", next.out_h2, "sigma(i1 w3+ + i2 w4+ + b1)");
    sheet_calc(s, "out_o1+", next.out_o1, "sigma(out_h1+ w5+ + out_h2+ w6+ + b2)");
    sheet_calc(s, "out_o2+", next.out_o2, "sigma(out_h1+ w7+ + out_h2+ w8+ + b2)");
    sheet_calc(s, "E_total+", next.E_total, "1/2 (T1 - out_o1+)^2 + 1/2 (T2 - out_o2+)^2");
}

/* The worksheet of sections 4 to 4.4 (--check, --quiz) onto s: the givens
 * and every quantity, with the names and formulas the lecture prints. */
static void ex_sheet(Sheet *s, const ExGivens *x)
{
    Fwd222 f = ex_forward(x, &x->start);
    Back222 b = ex_backward(x, &x->start, &f);
    ex_sheet_givens(s, x);
    ex_sheet_forward(s, &f);
    ex_sheet_chain(s, &f, &b);
    ex_sheet_gradients(s, &b);
    ex_sheet_update(s, x, &b.g);
}

/* ---- 5. Softmax and cross-entropy (003) ---------------------------------------- */

/* Section 5's numbers: for each true class c (y one-hot at c), the loss,
 * dJ/dp, dz = p - y and dz the long way, through softmax's Jacobian. */
typedef struct {
    double p[3];                         /* the softmax output: 003's, or drawn */
    double J[3], dJ_dp[3][3], dz[3][3];  /* [c][j] */
    double dz_chain[3][3];               /* dJ/dz_i = sum_j dJ/dp_j x dp_j/dz_i */
} Softmax;

static const double NOTES_P[3] = {0.2, 0.3, 0.5}; /* 003's p */

static Softmax softmax_worked(const double *p)
{
    Softmax m;
    for (int j = 0; j < 3; j++)
        m.p[j] = p[j];
    for (int c = 0; c < 3; c++) {
        m.J[c] = -log(p[c]);
        for (int j = 0; j < 3; j++) {
            double y = j == c;
            m.dz[c][j] = p[j] - y;
            m.dJ_dp[c][j] = -y / p[j];
        }
        /* the long way: dJ/dz_i = sum_j dJ/dp_j x dp_j/dz_i, dp_j/dz_i = p_j (delta_ij - p_i) */
        for (int i = 0; i < 3; i++) {
            m.dz_chain[c][i] = 0.0;
            for (int j = 0; j < 3; j++)
                m.dz_chain[c][i] += m.dJ_dp[c][j] * p[j] * ((i == j) - p[i]);
        }
    }
    return m;
}

/* --variant N: p in tenths, each at least 0.1 (a softmax output is never 0). */
static void softmax_draw(Rng *rng, double *p)
{
    int a = 1 + rng_int(rng, 8), b = 1 + rng_int(rng, 9 - a);
    p[0] = a / 10.0, p[1] = b / 10.0, p[2] = (10 - a - b) / 10.0;
}

static void lecture_softmax(const Softmax *m, int notes)
{
    hand_section(SOFTMAX_TITLE);
    const double *p = m->p;
    printf("A softmax output p = softmax(z) with the loss J = -sum_j y_j log p_j and a\n"
           "one-hot y. Through softmax's Jacobian, dp_j/dz_i = p_j (delta_ij - p_i):\n\n"
           "    dJ/dz_i = sum_j (-y_j / p_j) p_j (delta_ij - p_i) = -y_i + p_i sum_j y_j\n"
           "            = p_i - y_i\n\n"
           "so dz = p - y, and then dw = dz x (the layer's input), db = dz (003).\n");
    hand_printf("With %s p = (%v, %v, %v), each class in turn as the true one\n"
                "(--check names: p_0 p_1 p_2; for true class c, J[c], dJ/dp_0[c] ..., dz_0[c] ...):\n\n",
                notes ? "003's" : "the drawn", p[0], p[1], p[2]);
    for (int c = 0; c < 3; c++) {
        double y[3] = {0, 0, 0};
        y[c] = 1.0;
        const double *dJ_dp = m->dJ_dp[c], *dz = m->dz[c], *dz_chain = m->dz_chain[c];
        hand_printf("true class %d, y = (%v, %v, %v): J = -log %v = %v\n", c, y[0], y[1], y[2],
                    p[c], m->J[c]);
        hand_printf("    dJ/dp = (%v, %v, %v)\n", dJ_dp[0], dJ_dp[1], dJ_dp[2]);
        hand_printf("    dz = p - y = (%v - %v, %v - %v, %v - %v) = (%v, %v, %v)\n", p[0], y[0],
                    p[1], y[1], p[2], y[2], dz[0], dz[1], dz[2]);
        hand_printf("    through the Jacobian: (%v, %v, %v)\n", dz_chain[0], dz_chain[1],
                    dz_chain[2]);
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
    long long params, naive, memo;
} Mults;

static Mults count_mults(const int *n, int L)
{
    Mults c = {0, 0, 0};
    for (int k = 1; k <= L; k++) {
        long long params = (long long)n[k] * (n[k - 1] + 1);
        long long paths = 1;
        for (int l = k + 1; l <= L; l++)
            paths *= n[l];
        c.params += params;
        c.naive += params * paths * (L - k + 1);
        c.memo += params + (k < L ? (long long)n[k] * n[k + 1] : 0);
    }
    return c;
}

/* Section 6's first table: the multiplications of five nets, path by
 * path and memoized. */
static void print_mults_nets(void)
{
    static const struct {
        const char *name;
        int n[6], L;
    } nets[] = {{"2-2-1", {2, 2, 1}, 2},
                {"2-2-2", {2, 2, 2}, 2},
                {"4-3-2-1", {4, 3, 2, 1}, 3},
                {"3-3-3-3-1", {3, 3, 3, 3, 1}, 4},
                {"2-4-4-4-4-1", {2, 4, 4, 4, 4, 1}, 5}};
    printf("    %-11s  %6s  %12s  %9s\n", "net", "params", "path by path", "memoized");
    for (int t = 0; t < 5; t++) {
        Mults m = count_mults(nets[t].n, nets[t].L);
        printf("    %-11s  %6lld  %12lld  %9lld\n", nets[t].name, m.params, m.naive, m.memo);
    }
}

/* Section 6's second table: n inputs, D = 1 .. MAX_DEPTH hidden layers of
 * n nodes and one output, for n = 2, 4, 8; the counts also into
 * naive[w][D - 1] and memo[w][D - 1] (w: the width's column). */
static void print_mults_depth(double naive[3][MAX_DEPTH], double memo[3][MAX_DEPTH])
{
    static const int widths[3] = {2, 4, 8}; /* as in the heading */
    printf("\nNetworks of n inputs, D hidden layers of n nodes and one output:\n\n"
           "                       n = 2                         n = 4"
           "                         n = 8\n"
           "    hidden   path by path       memoized   path by path       memoized"
           "   path by path       memoized\n");
    for (int d = 1; d <= MAX_DEPTH; d++) {
        printf("    %6d", d);
        for (int w = 0; w < 3; w++) {
            int n[MAX_DEPTH + 2];
            for (int k = 0; k <= d; k++)
                n[k] = widths[w];
            n[d + 1] = 1;
            Mults m = count_mults(n, d + 1);
            printf("  %13lld %14lld", m.naive, m.memo);
            naive[w][d - 1] = (double)m.naive;
            memo[w][d - 1] = (double)m.memo;
        }
        printf("\n");
    }
}

/* memoization.png, the counts of print_mults_depth: solid path by path,
 * dashed memoized; one colour a width. */
static void plot_memoization(Plotter *pl, double naive[3][MAX_DEPTH], double memo[3][MAX_DEPTH])
{
    ChapterCurve curves[6] = {
        {"path by path, n = 2", "linespoints pt 7 lw 2 lc rgb '#2e6fb5'", naive[0], MAX_DEPTH, 1},
        {"memoized, n = 2", "linespoints pt 5 lw 2 dt 2 lc rgb '#2e6fb5'", memo[0], MAX_DEPTH, 1},
        {"path by path, n = 4", "linespoints pt 7 lw 2 lc rgb '#27ae60'", naive[1], MAX_DEPTH, 1},
        {"memoized, n = 4", "linespoints pt 5 lw 2 dt 2 lc rgb '#27ae60'", memo[1], MAX_DEPTH, 1},
        {"path by path, n = 8", "linespoints pt 7 lw 2 lc rgb '#c0392b'", naive[2], MAX_DEPTH, 1},
        {"memoized, n = 8", "linespoints pt 5 lw 2 dt 2 lc rgb '#c0392b'", memo[2], MAX_DEPTH, 1},
    };
    chapter_plot_curves(pl, "memoization", &(PlotSpec){
        .title = "Multiplications per backward pass: path by path vs memoized (width n, 1 output)",
        .xlabel = "hidden layers", .ylabel = "multiplications",
        .settings = "set logscale y\nset yrange [1:*]\nset key top left\nset xtics 1"},
        curves, 6);
}

/* Section 6: memoization, and the multiplications it saves (the tables and
 * memoization.png). */
static void lecture_memoization(Plotter *pl)
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
           "2 for dL/dO11 and dL/dO12, then 9, one per parameter: 11. For more nets\n"
           "(tests/unit/test_ch04_backprop.c walks every path of each, counts the\n"
           "multiplications and gets backpropagation's gradients):\n\n");
    print_mults_nets();
    double naive[3][MAX_DEPTH], memo[3][MAX_DEPTH]; /* [width][hidden layers - 1] */
    print_mults_depth(naive, memo);
    printf("\nPath by path, the count grows like n^D, exponentially in the depth; memoized\n"
           "it grows like the number of weights, about twice it. This is why\n"
           "backpropagation, not the naive chain rule, trains deep networks (memoization.png).\n");
    plot_memoization(pl, naive, memo);
}

/* ---- 7. A numeric check of the gradients ------------------------------------------ */

/* The example's twelve parameters in the library's layout (W^[1] =
 * [[w1, w3], [w2, w4]], b^[1], W^[2] = [[w5, w7], [w6, w8]], b^[2]), with
 * the notes' names and where each sits in an Ex222. */
static const struct {
    const char *where, *name;
    size_t at;
} EX_PARAMS[12] = {
    {"W1[0][0]", "w1", offsetof(Ex222, w1)},     {"W1[0][1]", "w3", offsetof(Ex222, w3)},
    {"W1[1][0]", "w2", offsetof(Ex222, w2)},     {"W1[1][1]", "w4", offsetof(Ex222, w4)},
    {"b1[0]", "b_h1", offsetof(Ex222, b_h1)},    {"b1[1]", "b_h2", offsetof(Ex222, b_h2)},
    {"W2[0][0]", "w5", offsetof(Ex222, w5)},     {"W2[0][1]", "w7", offsetof(Ex222, w7)},
    {"W2[1][0]", "w6", offsetof(Ex222, w6)},     {"W2[1][1]", "w8", offsetof(Ex222, w8)},
    {"b2[0]", "b_o1", offsetof(Ex222, b_o1)},    {"b2[1]", "b_o2", offsetof(Ex222, b_o2)},
};

static double *ex_param(Ex222 *p, int k)
{
    return (double *)((char *)p + EX_PARAMS[k].at);
}

/* The example at other parameters, for gradcheck_numeric. */
typedef struct {
    const ExGivens *x;
    Ex222 p;
} ExAt;

/* E_total at ctx (an ExAt). */
static double ex_error(void *ctx)
{
    const ExAt *at = ctx;
    return ex_forward(at->x, &at->p).E_total;
}

/* x rounded to 7 significant digits. The central difference is good to
 * about 1e-9 relative: of 9 printed digits the last two would be rounding
 * noise, which depends on the last bit of exp() on each machine. */
static double seven_digits(double x)
{
    if (x == 0.0 || !isfinite(x))
        return x;
    double scale = pow(10.0, 6 - floor(log10(fabs(x))));
    return round(x * scale) / scale;
}

static void lecture_gradcheck(const ExGivens *x, const Ex222 *g)
{
    hand_section("7. Checking every gradient numerically");
    hand_printf("Central differences, dE/dp = (E(p + h) - E(p - h)) / 2h with h = %v, for\n"
                "every parameter of the 2-2-2 example at its start, against the gradients\n"
                "of section 4.3 (a bias's gradient is its node's delta). The relative error\n"
                "|a - n| / max(|a|, |n|) is good at or below 1e-7 (cs231n).\n\n",
                GRADCHECK_STEP);
    hand_printf("    %-10s %-6s  %16s  %16s  %s\n", "parameter", "", "backprop", "numeric",
                "rel. error");
    ExAt at = {x, x->start};
    Ex222 grad = *g;
    double worst = 0.0;
    for (int k = 0; k < 12; k++) {
        double analytic = *ex_param(&grad, k);
        double numeric = gradcheck_numeric(ex_error, &at, ex_param(&at.p, k), GRADCHECK_STEP);
        double err = gradcheck_rel_error(analytic, numeric);
        worst = fmax(worst, err);
        hand_printf("    %-10s %-6s  %16v  %16v  ", EX_PARAMS[k].where, EX_PARAMS[k].name,
                    analytic, seven_digits(numeric));
        hand_printf(err < GOOD_REL_ERR ? "< 1e-7\n" : "%v\n", err);
    }
    if (worst < GOOD_REL_ERR)
        printf("    largest relative error < 1e-7: good\n");
    else
        hand_printf("    largest relative error %v: ABOVE 1e-7, a wrong gradient\n", worst);
    printf("\nA wrong sign would give a relative error of 2, a missing factor 1/2 gives\n"
           "0.5. tests/unit/test_ch04_backprop.c checks the library's backpropagation\n"
           "(net_gradcheck) on this chapter's networks the same way.\n");
}

/* ---- the worksheet of sections 2, 3 and 5 (--check, --quiz) --------------------- */

/* One quantity of a hand step: its name and formula as the transcript
 * prints them, with '%' for the section's prefix (raw/, reg/, cls/) and
 * '$' for that of the weights the step starts from (none for student 1:
 * the shared start w11[0] ... b21[0]); '#' is the student, '@' the one
 * before (sheet_calc_at). at: where the value sits in a Pass221. */
typedef struct {
    const char *name, *formula;
    size_t at;
} HandQty;

#define AT(field) offsetof(Pass221, field)

/* The forward pass and (i)-(ix) of the regression (section 2). */
static const HandQty REG_QTY[] = {
    {"%O11[#]", "$w11[@] %x1[#] + $w21[@] %x2[#] + $b11[@]", AT(O11)},
    {"%O12[#]", "$w12[@] %x1[#] + $w22[@] %x2[#] + $b12[@]", AT(O12)},
    {"%y_hat[#]", "$w2_11[@] %O11[#] + $w2_21[@] %O12[#] + $b21[@]", AT(y_hat)},
    {"%L[#]", "(%y[#] - %y_hat[#])^2", AT(L)},
    {"%dL/dy_hat[#]", "-2(%y[#] - %y_hat[#])", AT(dL_dyhat)},
    {"%dL/dw2_11[#]", "%dL/dy_hat[#] x %O11[#]", AT(g.w2_11)},
    {"%dL/dw2_21[#]", "%dL/dy_hat[#] x %O12[#]", AT(g.w2_21)},
    {"%dL/db21[#]", "%dL/dy_hat[#] x 1", AT(g.b21)},
    {"%dL/dw11[#]", "%dL/dy_hat[#] x $w2_11[@] x %x1[#]", AT(g.w11)},
    {"%dL/dw21[#]", "%dL/dy_hat[#] x $w2_11[@] x %x2[#]", AT(g.w21)},
    {"%dL/db11[#]", "%dL/dy_hat[#] x $w2_11[@]", AT(g.b11)},
    {"%dL/dw12[#]", "%dL/dy_hat[#] x $w2_21[@] x %x1[#]", AT(g.w12)},
    {"%dL/dw22[#]", "%dL/dy_hat[#] x $w2_21[@] x %x2[#]", AT(g.w22)},
    {"%dL/db12[#]", "%dL/dy_hat[#] x $w2_21[@]", AT(g.b12)},
};

/* The forward pass, the deltas and (i)-(ix) of the classifier (section 3). */
static const HandQty CLS_QTY[] = {
    {"%Z1[#]", "$w11[@] %x1[#] + $w21[@] %x2[#] + $b11[@]", AT(Z1)},
    {"%O11[#]", "sigma(%Z1[#])", AT(O11)},
    {"%dO11/dZ1[#]", "%O11[#] (1 - %O11[#])", AT(dO11_dZ1)},
    {"%Z2[#]", "$w12[@] %x1[#] + $w22[@] %x2[#] + $b12[@]", AT(Z2)},
    {"%O12[#]", "sigma(%Z2[#])", AT(O12)},
    {"%dO12/dZ2[#]", "%O12[#] (1 - %O12[#])", AT(dO12_dZ2)},
    {"%Z_F[#]", "$w2_11[@] %O11[#] + $w2_21[@] %O12[#] + $b21[@]", AT(Z_F)},
    {"%y_hat[#]", "sigma(%Z_F[#])", AT(y_hat)},
    {"%L[#]", "-%y[#] log(%y_hat[#]) - (1 - %y[#]) log(1 - %y_hat[#])", AT(L)},
    {"%dL/dy_hat[#]", "-%y[#] / %y_hat[#] + (1 - %y[#]) / (1 - %y_hat[#])", AT(dL_dyhat)},
    {"%dy_hat/dZ_F[#]", "%y_hat[#] (1 - %y_hat[#])", AT(dyhat_dZF)},
    {"%dL/dZ_F[#]", "%dL/dy_hat[#] x %dy_hat/dZ_F[#] = -(y - y_hat)", AT(dL_dZF)},
    {"%dL/dw2_11[#]", "%dL/dZ_F[#] x %O11[#]", AT(g.w2_11)},
    {"%dL/dw2_21[#]", "%dL/dZ_F[#] x %O12[#]", AT(g.w2_21)},
    {"%dL/db21[#]", "%dL/dZ_F[#]", AT(g.b21)},
    {"%dL/dZ1[#]", "%dL/dZ_F[#] x $w2_11[@] x %dO11/dZ1[#]", AT(dL_dZ1)},
    {"%dL/dw11[#]", "%dL/dZ1[#] x %x1[#]", AT(g.w11)},
    {"%dL/dw21[#]", "%dL/dZ1[#] x %x2[#]", AT(g.w21)},
    {"%dL/db11[#]", "%dL/dZ1[#]", AT(g.b11)},
    {"%dL/dZ2[#]", "%dL/dZ_F[#] x $w2_21[@] x %dO12/dZ2[#]", AT(dL_dZ2)},
    {"%dL/dw12[#]", "%dL/dZ2[#] x %x1[#]", AT(g.w12)},
    {"%dL/dw22[#]", "%dL/dZ2[#] x %x2[#]", AT(g.w22)},
    {"%dL/db12[#]", "%dL/dZ2[#]", AT(g.b12)},
};

/* The nine parameters by name, where each sits in a Net221. */
static const struct {
    const char *name;
    size_t at;
} NET221_PARAMS[9] = {
    {"w11", offsetof(Net221, w11)},     {"w21", offsetof(Net221, w21)},
    {"b11", offsetof(Net221, b11)},     {"w12", offsetof(Net221, w12)},
    {"w22", offsetof(Net221, w22)},     {"b12", offsetof(Net221, b12)},
    {"w2_11", offsetof(Net221, w2_11)}, {"w2_21", offsetof(Net221, w2_21)},
    {"b21", offsetof(Net221, b21)},
};

static double field(const void *base, size_t at)
{
    return *(const double *)((const char *)base + at);
}

/* tmpl with '%' replaced by pre and '$' by wpre, into buf (len bytes). */
static const char *expand(char *buf, size_t len, const char *tmpl, const char *pre,
                          const char *wpre)
{
    size_t n = 0;
    for (const char *c = tmpl; *c && n + 1 < len; c++) {
        const char *put = *c == '%' ? pre : *c == '$' ? wpre : NULL;
        if (put)
            for (; *put && n + 1 < len; put++)
                buf[n++] = *put;
        else
            buf[n++] = *c;
    }
    buf[n] = '\0';
    return buf;
}

/* The notes' start, w11[0] ... b21[0] (w = 1, b = 0), once on a sheet. */
static void sheet_start(Sheet *s)
{
    if (sheet_find(s, "w11[0]"))
        return;
    for (int k = 0; k < 9; k++) {
        char name[SHEET_NAME_LEN];
        snprintf(name, sizeof name, "%s[0]", NET221_PARAMS[k].name);
        sheet_given(s, name, field(&NOTES_START, NET221_PARAMS[k].at));
    }
}

/* Epoch 1 by hand (h) under prefix pre: per student its x1, x2, y, the
 * quantities q[0 .. nq-1] and the nine parameters after its step. */
static void sheet_hand_epoch(Sheet *s, const HandEpoch *h, const char *pre, const HandQty *q,
                             int nq)
{
    char name[SHEET_NAME_LEN], formula[SHEET_TEXT_LEN], eta[SHEET_NAME_LEN];
    sheet_given(s, expand(eta, sizeof eta, "%eta", pre, ""), h->eta);
    for (int i = 1; i <= h->n; i++) {
        const Pass221 *r = &h->r[i - 1];
        const char *wpre = i == 1 ? "" : pre;
        sheet_given_at(s, i, expand(name, sizeof name, "%x1[#]", pre, ""), r->x1);
        sheet_given_at(s, i, expand(name, sizeof name, "%x2[#]", pre, ""), r->x2);
        sheet_given_at(s, i, expand(name, sizeof name, "%y[#]", pre, ""), r->y);
        for (int k = 0; k < nq; k++)
            sheet_calc_at(s, i, expand(name, sizeof name, q[k].name, pre, wpre), field(r, q[k].at),
                          expand(formula, sizeof formula, q[k].formula, pre, wpre));
        for (int k = 0; k < 9; k++) {
            char tmpl[64];
            snprintf(tmpl, sizeof tmpl, "%%%s[#]", NET221_PARAMS[k].name);
            expand(name, sizeof name, tmpl, pre, wpre);
            snprintf(tmpl, sizeof tmpl, "$%s[@] - %%eta %%dL/d%s[#]", NET221_PARAMS[k].name,
                     NET221_PARAMS[k].name);
            sheet_calc_at(s, i, name, field(&h->p[i], NET221_PARAMS[k].at),
                          expand(formula, sizeof formula, tmpl, pre, wpre));
        }
    }
}

/* Section 5: p, then for each true class c the loss and dz = p - y. */
static void sheet_softmax(Sheet *s, const Softmax *m)
{
    sheet_heading(s, SOFTMAX_TITLE);
    for (int j = 0; j < 3; j++) {
        char name[16];
        snprintf(name, sizeof name, "p_%d", j);
        sheet_given(s, name, m->p[j]);
    }
    for (int c = 0; c < 3; c++) {
        char name[48], formula[SHEET_TEXT_LEN]; /* room for any int, as -O1's checks want */
        snprintf(name, sizeof name, "J[%d]", c);
        snprintf(formula, sizeof formula, "-log p_%d", c);
        sheet_calc(s, name, m->J[c], formula);
        for (int j = 0; j < 3; j++) {
            snprintf(name, sizeof name, "dJ/dp_%d[%d]", j, c);
            snprintf(formula, sizeof formula, "-y_%d / p_%d (y one-hot at class %d)", j, j, c);
            sheet_calc(s, name, m->dJ_dp[c][j], formula);
        }
        for (int j = 0; j < 3; j++) {
            snprintf(name, sizeof name, "dz_%d[%d]", j, c);
            snprintf(formula, sizeof formula, "p_%d - y_%d (y one-hot at class %d)", j, j, c);
            sheet_calc(s, name, m->dz[c][j], formula);
        }
    }
}

/* The worked examples, each computed once: what the lecture prints and
 * what its worksheet holds. */
typedef struct {
    HandEpoch raw;    /* 2.1: student 1 with the raw inputs */
    HandEpoch scaled; /* 2.2: epoch 1 on the scaled inputs */
    HandEpoch cls;    /* 3: epoch 1 of the classifier */
    ExGivens ex;      /* 4 */
    Softmax softmax;  /* 5 */
} Worked;

/* The worksheet's parts: one a section of the lecture with a hand
 * calculation. */
enum { PART_REG = 1, PART_CLS = 2, PART_EX = 4, PART_SOFTMAX = 8, PART_ALL = 15 };

static void sheet_part(Sheet *s, int part, const Worked *w)
{
    switch (part) {
    case PART_REG:
        sheet_heading(s, REG_TITLE);
        sheet_start(s);
        sheet_heading(s, RAW_TITLE);
        sheet_hand_epoch(s, &w->raw, "raw/", REG_QTY, sizeof REG_QTY / sizeof *REG_QTY);
        sheet_heading(s, SCALED_TITLE);
        sheet_hand_epoch(s, &w->scaled, "reg/", REG_QTY, sizeof REG_QTY / sizeof *REG_QTY);
        break;
    case PART_CLS:
        sheet_heading(s, CLS_TITLE);
        sheet_start(s);
        sheet_hand_epoch(s, &w->cls, "cls/", CLS_QTY, sizeof CLS_QTY / sizeof *CLS_QTY);
        break;
    case PART_EX:
        ex_sheet(s, &w->ex);
        break;
    default:
        sheet_softmax(s, &w->softmax);
    }
}

/* --check, --quiz: the worksheet of every section, in the lecture's order
 * (--section picks one, as in the lecture). Returns the exit status. */
static int run_sheet(Chapter *ch, const Worked *w)
{
    static Sheet sheet;
    sheet_init(&sheet);
    for (int part = 1; part <= PART_ALL; part <<= 1)
        sheet_part(&sheet, part, w);
    if (ch->opt.variant && ch->opt.quiz) { /* first: --section keeps only its own part */
        print_notes_tables(ch->opt.variant);
        printf("\n");
    }
    return chapter_sheet(ch, &sheet);
}

/* ---- the lecture ------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 04 - Backpropagation by hand (lecture notes 001, 003, 004, 002)\n"
    "The chain rule through a network: the nine derivatives of a 2-2-1 regression\n"
    "and a 2-2-1 classifier, the classic 2-2-2 example number by number, softmax +\n"
    "cross-entropy (dz = p - y), memoization, and a numeric check of every gradient.";

/* One of the notes' tables (x1, x2, target) as in its file, and a copy
 * with the inputs divided as the lecture divides them. */
typedef struct {
    DataXY d;
    Mat *X_scaled;
    Set raw, scaled;
} Table;

/* Load path into t, its target of the kind want; x1 is divided by scale1,
 * x2 by scale2. Returns CHAPTER_OK, or CHAPTER_ERROR after printing why. */
static int table_load(Table *t, const char *path, DataTargetKind want, double scale1,
                      double scale2)
{
    DataXYSpec spec = {.target_col = -1, .n_features = 2, .want = {want}};
    if (chapter_load_xy(NULL, &t->d, path, &spec, NULL) != 0)
        return CHAPTER_ERROR;
    if (t->d.X->rows > HAND_ROWS)
        return chapter_error("%s: %d students; epoch 1 is worked by hand, so %d at most", path,
                             t->d.X->rows, HAND_ROWS);
    if (!(t->X_scaled = mat_dup(t->d.X)))
        return chapter_error("out of memory");
    for (int i = 0; i < t->X_scaled->rows; i++) {
        MAT_AT(t->X_scaled, i, 0) /= scale1;
        MAT_AT(t->X_scaled, i, 1) /= scale2;
    }
    t->raw = (Set){t->d.X, t->d.y, t->d.table.names, {1, 1}};
    t->scaled = (Set){t->X_scaled, t->d.y, t->d.table.names, {scale1, scale2}};
    return CHAPTER_OK;
}

static void table_free(Table *t)
{
    data_xy_free(&t->d);
    mat_free(t->X_scaled);
}

/* buf: room for three histories of epochs values and three of ROUNDS + 1. */
static void lecture(Chapter *ch, const Table *students, const Table *placed, double eta,
                    int epochs, const Worked *w, double *buf)
{
    double *const rounds[3] = {buf + 3 * epochs, buf + 3 * epochs + (ROUNDS + 1),
                               buf + 3 * epochs + 2 * (ROUNDS + 1)};
    const ExGivens *x = &w->ex;
    lecture_notation();
    lecture_regression_setup(&students->raw, ch->opt.variant);
    lecture_raw_explosion(&students->raw, &w->raw);
    lecture_scaled_epoch(&students->scaled, &w->scaled);
    lecture_regression_training(&ch->plots, &students->raw, &students->scaled, eta, epochs, buf,
                                buf + epochs);
    lecture_classification(&ch->plots, &placed->raw, &placed->scaled, &w->cls, epochs,
                           buf + 2 * epochs, ch->opt.variant);
    Fwd222 f = ex_forward(x, &x->start);
    Back222 b = ex_backward(x, &x->start, &f);
    lecture_example_forward(x, &f);
    lecture_example_backward(x, &f, &b);
    lecture_example_update(x, &f, &b.g);
    lecture_example_training(&ch->plots, x, rounds);
    lecture_softmax(&w->softmax, x->notes);
    lecture_memoization(&ch->plots);
    lecture_gradcheck(x, &b.g);
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
    CliRange ranges[] = {{"eta", '(', 0, MAX_ETA, ']'}, {"epochs", '[', 1, MAX_EPOCHS, ']'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED, .flags = flags,
                    .n_flags = 2, .ranges = ranges,
                    .n_ranges = 2, .sheet = 1};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;
    static Worked w; /* the worked examples, for the lecture and its worksheet */
    w.ex = ch.opt.variant ? ex_draw(&ch.variant) : EX_NOTES;
    double p[3] = {NOTES_P[0], NOTES_P[1], NOTES_P[2]};
    if (ch.opt.variant)
        softmax_draw(&ch.variant, p);
    w.softmax = softmax_worked(p);

    Table students = {0}, placed = {0};
    double *buf = NULL;
    if ((rc = table_load(&students, STUDENTS_CSV, DATA_TARGET_REAL, IQ_SCALE, TEN)) != 0 ||
        (rc = table_load(&placed, PLACEMENT_CSV, DATA_TARGET_01, TEN, TEN)) != 0)
        goto done;
    hand_epoch(&w.raw, reg_pass, &students.raw, 1, REG_ETA);
    hand_epoch(&w.scaled, reg_pass, &students.scaled, students.scaled.X->rows, eta);
    hand_epoch(&w.cls, cls_pass, &placed.scaled, placed.scaled.X->rows, CLS_ETA);
    if (chapter_wants_sheet(&ch)) { /* --check, --quiz: the worked examples' worksheet */
        rc = run_sheet(&ch, &w);
        goto done;
    }
    buf = malloc((3 * (size_t)epochs + 3 * (ROUNDS + 1)) * sizeof *buf);
    if (!buf)
        rc = chapter_error("out of memory");
    else if ((rc = chapter_start_lecture(&ch)) == 0)
        lecture(&ch, &students, &placed, eta, epochs, &w, buf);
done:
    table_free(&students);
    table_free(&placed);
    free(buf);
    return chapter_end(&ch, rc);
}
