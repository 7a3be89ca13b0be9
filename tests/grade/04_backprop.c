/* Grader of chapter 04, backpropagation by hand (10 points): the notes'
 * numbers (the 2-2-2 example, the 2-2-1 regression's first student, 003's
 * softmax example), hand values on inputs chosen so that index slips show
 * (x1 != x2, w2_11 != w2_21), and behaviour checks: the full backward pass
 * must match the library's backpropagation on a second network, leave the
 * network unchanged and fill every gradient entry.
 *
 * Reference values of the 2-2-2 example were computed once with numpy
 * (float64) by the plain formulas of the chapter's README:
 *     h = 1/(1 + exp(-(x @ W1 + b1))), out = 1/(1 + exp(-(h @ W2 + b2))),
 *     delta_o = -(t - out) out (1 - out), delta_h = (W2 @ delta_o) h (1 - h),
 *     dW2 = outer(h, delta_o), dW1 = outer(x, delta_h)
 * and are printed to 17 digits below.
 */
#include <string.h>

#include "exercises.h"
#include "grade.h"
#include "loss.h"
#include "net.h"

const char grade_chapter[] = "04_backprop";
const GradeExercise grade_exercises[] = {
    {"output_delta", "4.1", "the delta of a sigmoid output node", 2,
     "delta = dE/dout x dout/dnet = -(target - out) x out (1 - out); it is positive when "
     "out is above the target"},
    {"hidden_delta", "4.2", "the delta of a sigmoid hidden node", 2,
     "add w[k] x delta[k] over all n nodes the hidden node feeds (one path through each), "
     "then multiply by out_h (1 - out_h)"},
    {"regression_grads", "4.3", "the nine derivatives of the 2-2-1 regression", 2,
     "dL/dy_hat = -2(y - y_hat); (iv)-(vi) go through w2_11, (vii)-(ix) through w2_21; "
     "w12 goes from input 1 to hidden node 2, so (vii) carries x1 (001 prints x2: Errata)"},
    {"backward_222", "4.4", "a full backward pass of the 2-2-2 network", 3,
     "output deltas first; each hidden delta through the ORIGINAL W2 (W2[i][0], W2[i][1] "
     "for hidden node i); dE/dW1[i][j] = x[i] delta_h[j], dE/dW2[i][j] = h[i] delta_o[j]; "
     "fill every entry, biases too"},
    {"softmax_ce_grad", "4.5", "the softmax + cross-entropy gradient", 1,
     "dz[j] = p[j] for every class except the true one, dz[c] = p[c] - 1; write all k entries"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* A few roundings of 2^-53 on values below 100: 1e-12 leaves room. */
#define TOL 1e-12

/* The 2-2-2 example at full precision (numpy, float64). */
#define OUT_H1 0.5932699921071872
#define OUT_H2 0.596884378259767
#define OUT_O1 0.7513650695523157
#define OUT_O2 0.7729284653214625
#define DELTA_O1 0.13849856162855698
#define DELTA_O2 (-0.03809823651655623)

GRADE_TEST(output_delta)
{
    /* o1: -(0.01 - 0.75136507) x 0.75136507 x (1 - 0.75136507)
     *   = 0.74136507 x 0.186815602 = 0.138498562 */
    GRADE_NEAR(ex_output_delta(OUT_O1, 0.01), DELTA_O1, TOL,
               "ex_output_delta(out = 0.75136507, target = 0.01) (the example's o1)");
    /* o2: -(0.99 - 0.772928465) x 0.175510053 = -0.217071535 x 0.175510053 = -0.0380982365 */
    GRADE_NEAR(ex_output_delta(OUT_O2, 0.99), DELTA_O2, TOL,
               "ex_output_delta(out = 0.772928465, target = 0.99) (the example's o2)");
    /* -(0.9 - 0.2) x 0.2 x 0.8 = -0.7 x 0.16 = -0.112 */
    GRADE_NEAR(ex_output_delta(0.2, 0.9), -0.112, TOL, "ex_output_delta(out = 0.2, target = 0.9)");
    /* on target: no error, no delta */
    GRADE_NEAR(ex_output_delta(0.3, 0.3), 0.0, TOL, "ex_output_delta(out = 0.3, target = 0.3)");
}

GRADE_TEST(hidden_delta)
{
    /* h1 feeds o1 through w5 = 0.40 and o2 through w7 = 0.50:
     * (0.40 x 0.138498562 + 0.50 x -0.0380982365) x 0.593269992 x 0.406730008
     *   = 0.0363503064 x 0.241300709 = 0.00877135469 */
    double w_h1[] = {0.40, 0.50}, w_h2[] = {0.45, 0.55}, d[] = {DELTA_O1, DELTA_O2};
    GRADE_NEAR(ex_hidden_delta(OUT_H1, w_h1, d, 2), 0.00877135468948694, TOL,
               "ex_hidden_delta for the example's h1 (w5 = 0.40, w7 = 0.50)");
    /* h2 through w6 = 0.45 and w8 = 0.55:
     * (0.45 x 0.138498562 - 0.55 x 0.0380982365) x 0.240613417 = 0.00995425471 */
    GRADE_NEAR(ex_hidden_delta(OUT_H2, w_h2, d, 2), 0.0099542547052172, TOL,
               "ex_hidden_delta for the example's h2 (w6 = 0.45, w8 = 0.55)");
    /* three nodes: (1 x 0.1 + 2 x 0.2 - 1 x 0.3) x 0.5 x 0.5 = 0.2 x 0.25 = 0.05 */
    double w3[] = {1, 2, -1}, d3[] = {0.1, 0.2, 0.3};
    GRADE_NEAR(ex_hidden_delta(0.5, w3, d3, 3), 0.05, TOL,
               "ex_hidden_delta(out_h = 0.5, w = (1, 2, -1), delta = (0.1, 0.2, 0.3))");
    /* one node: 2 x (-0.5) x 0.9 x 0.1 = -0.09 */
    double w1[] = {2}, d1[] = {-0.5};
    GRADE_NEAR(ex_hidden_delta(0.9, w1, d1, 1), -0.09, TOL,
               "ex_hidden_delta(out_h = 0.9, w = (2), delta = (-0.5))");
}

/* The nine derivatives, in the order (i)-(ix), from a Params221. */
static void nine(const Params221 *g, double out[9])
{
    double v[9] = {g->w2_11, g->w2_21, g->b21, g->w11, g->w21, g->b11, g->w12, g->w22, g->b12};
    memcpy(out, v, sizeof v);
}

static const char *const roman[9] = {"(i) dL/dw2_11",  "(ii) dL/dw2_21", "(iii) dL/db21",
                                     "(iv) dL/dw11",   "(v) dL/dw21",    "(vi) dL/db11",
                                     "(vii) dL/dw12",  "(viii) dL/dw22", "(ix) dL/db12"};

GRADE_TEST(regression_grads)
{
    /* The notes' start w = 1, b = 0 and the raw first student (iq 80, cgpa 8, lpa 3):
     * O11 = O12 = 80 + 8 = 88, y_hat = 176, L = (3 - 176)^2 = 29929,
     * dL/dy_hat = -2 (3 - 176) = 346: (i), (ii) 346 x 88 = 30448; (iii) 346;
     * (iv), (vii) 346 x 1 x 80 = 27680; (v), (viii) 346 x 1 x 8 = 2768; (vi), (ix) 346 */
    Params221 start = {1, 1, 1, 1, 0, 0, 1, 1, 0}, g;
    memset(&g, 0, sizeof g);
    GRADE_NEAR(ex_regression_grads(&start, 80, 8, 3, &g), 29929, TOL,
               "ex_regression_grads(w = 1, b = 0, student 1 raw): L");
    double got[9], want1[9] = {30448, 30448, 346, 27680, 2768, 346, 27680, 2768, 346};
    nine(&g, got);
    for (int k = 0; k < 9; k++)
        GRADE_NEAR(got[k], want1[k], 1e-9, "w = 1, b = 0, student 1 (iq 80, cgpa 8, lpa 3): %s",
                   roman[k]);
    /* Uneven weights, x1 != x2: w11 0.5, w21 -0.2, w12 0.3, w22 0.8, b11 0.1, b12 -0.1,
     * w2_11 1.5, w2_21 -0.5, b21 0.2; x = (0.6, 0.9), y = 5:
     *   O11 = 0.3 - 0.18 + 0.1 = 0.22,  O12 = 0.18 + 0.72 - 0.1 = 0.8
     *   y_hat = 1.5 x 0.22 - 0.5 x 0.8 + 0.2 = 0.13,  L = 4.87^2 = 23.7169
     *   dL/dy_hat = -2 x 4.87 = -9.74
     *   (i) -9.74 x 0.22 = -2.1428   (ii) -9.74 x 0.8 = -7.792   (iii) -9.74
     *   (iv) -9.74 x 1.5 x 0.6 = -8.766   (v) -9.74 x 1.5 x 0.9 = -13.149   (vi) -14.61
     *   (vii) -9.74 x -0.5 x 0.6 = 2.922  (viii) -9.74 x -0.5 x 0.9 = 4.383  (ix) 4.87 */
    Params221 p = {0.5, -0.2, 0.3, 0.8, 0.1, -0.1, 1.5, -0.5, 0.2};
    memset(&g, 0, sizeof g);
    GRADE_NEAR(ex_regression_grads(&p, 0.6, 0.9, 5, &g), 23.7169, TOL,
               "ex_regression_grads(uneven weights, x = (0.6, 0.9), y = 5): L");
    double want2[9] = {-2.1428, -7.792, -9.74, -8.766, -13.149, -14.61, 2.922, 4.383, 4.87};
    nine(&g, got);
    for (int k = 0; k < 9; k++)
        GRADE_NEAR(got[k], want2[k], TOL, "uneven weights, x = (0.6, 0.9), y = 5: %s", roman[k]);
}

/* The library's 2-2-2 sigmoid net holding n. */
static Net *library_copy(const Net222 *n)
{
    Net *net = net_new(2, 1);
    cr_assert(net && net_add(net, 2, act_of(ACT_SIGMOID)) == 0 &&
              net_add(net, 2, act_of(ACT_SIGMOID)) == 0);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            MAT_AT(net->layers[0]->W, i, j) = n->W1[i][j];
            MAT_AT(net->layers[1]->W, i, j) = n->W2[i][j];
        }
    for (int j = 0; j < 2; j++) {
        net->layers[0]->b->data[j] = n->b1[j];
        net->layers[1]->b->data[j] = n->b2[j];
    }
    return net;
}

static Net222 garbage(void)
{
    Net222 g;
    for (int i = 0; i < 2; i++) {
        g.b1[i] = g.b2[i] = 99;
        for (int j = 0; j < 2; j++)
            g.W1[i][j] = g.W2[i][j] = 99;
    }
    return g;
}

GRADE_TEST(backward_222)
{
    /* the notes' example: W1 = {{w1, w3}, {w2, w4}}, W2 = {{w5, w7}, {w6, w8}} */
    Net222 ex = {{{0.15, 0.25}, {0.20, 0.30}}, {0.35, 0.35}, {{0.40, 0.50}, {0.45, 0.55}},
                 {0.60, 0.60}};
    Net222 copy = ex, g = garbage();
    double x[] = {0.05, 0.10}, t[] = {0.01, 0.99};
    /* E_total = 1/2 (0.01 - 0.75136507)^2 + 1/2 (0.99 - 0.772928465)^2 = 0.298371109 */
    GRADE_NEAR(ex_backward_222(&ex, x, t, &g), 0.2983711087600027, TOL, "the example: E_total");
    /* dE/dw5 = delta_o1 x out_h1 = 0.138498562 x 0.593269992 = 0.0821670406, ...
     * dE/dw1 = delta_h1 x i1 = 0.00877135469 x 0.05 = 0.000438567734, ... */
    GRADE_NEAR(g.W2[0][0], 0.08216704056423078, TOL, "the example: dE/dw5 = dE/dW2[0][0]");
    GRADE_NEAR(g.W2[1][0], 0.08266762784753326, TOL, "the example: dE/dw6 = dE/dW2[1][0]");
    GRADE_NEAR(g.W2[0][1], -0.02260254047747507, TOL, "the example: dE/dw7 = dE/dW2[0][1]");
    GRADE_NEAR(g.W2[1][1], -0.02274024221597822, TOL, "the example: dE/dw8 = dE/dW2[1][1]");
    GRADE_NEAR(g.W1[0][0], 0.00043856773447435, TOL, "the example: dE/dw1 = dE/dW1[0][0]");
    GRADE_NEAR(g.W1[1][0], 0.00087713546894869, TOL, "the example: dE/dw2 = dE/dW1[1][0]");
    GRADE_NEAR(g.W1[0][1], 0.00049771273526086, TOL, "the example: dE/dw3 = dE/dW1[0][1]");
    GRADE_NEAR(g.W1[1][1], 0.00099542547052172, TOL, "the example: dE/dw4 = dE/dW1[1][1]");
    GRADE_NEAR(g.b2[0], DELTA_O1, TOL, "the example: dE/db2[0] (= delta_o1)");
    GRADE_NEAR(g.b2[1], DELTA_O2, TOL, "the example: dE/db2[1] (= delta_o2)");
    GRADE_NEAR(g.b1[0], 0.00877135468948694, TOL, "the example: dE/db1[0] (= delta_h1)");
    GRADE_NEAR(g.b1[1], 0.0099542547052172, TOL, "the example: dE/db1[1] (= delta_h2)");
    cr_assert(memcmp(&ex, &copy, sizeof ex) == 0, "ex_backward_222 changed the network");

    /* A second network, uneven everywhere, against the library's
     * backpropagation (mse over k = 2 outputs of one sample is E) */
    Net222 n = {{{0.7, -0.4}, {0.2, 0.9}}, {-0.3, 0.1}, {{-1.2, 0.5}, {0.8, 0.6}}, {0.25, -0.35}};
    double x2[] = {1.5, -0.5}, t2[] = {0.9, 0.2};
    g = garbage();
    double E = ex_backward_222(&n, x2, t2, &g);
    Net *lib = library_copy(&n);
    Mat *X = mat_from(1, 2, x2), *T = mat_from(1, 2, t2);
    double cost = net_cost_grad(lib, &(Loss){.kind = LOSS_MSE}, X, T);
    GRADE_NEAR(E, cost, TOL, "second network: E");
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            GRADE_NEAR(g.W1[i][j], MAT_AT(lib->layers[0]->dW, i, j), TOL,
                       "second network: dE/dW1[%d][%d]", i, j);
            GRADE_NEAR(g.W2[i][j], MAT_AT(lib->layers[1]->dW, i, j), TOL,
                       "second network: dE/dW2[%d][%d]", i, j);
        }
    for (int j = 0; j < 2; j++) {
        GRADE_NEAR(g.b1[j], lib->layers[0]->db->data[j], TOL, "second network: dE/db1[%d]", j);
        GRADE_NEAR(g.b2[j], lib->layers[1]->db->data[j], TOL, "second network: dE/db2[%d]", j);
    }
    net_free(lib);
    mat_free(X);
    mat_free(T);
}

GRADE_TEST(softmax_ce_grad)
{
    /* 003: p = (0.2, 0.3, 0.5); dz = p - y for each true class:
     *   class 0: (0.2 - 1, 0.3, 0.5) = (-0.8, 0.3, 0.5)
     *   class 1: (0.2, 0.3 - 1, 0.5) = (0.2, -0.7, 0.5)
     *   class 2: (0.2, 0.3, 0.5 - 1) = (0.2, 0.3, -0.5) */
    double p[] = {0.2, 0.3, 0.5};
    double want[3][3] = {{-0.8, 0.3, 0.5}, {0.2, -0.7, 0.5}, {0.2, 0.3, -0.5}};
    for (int c = 0; c < 3; c++) {
        double dz[3] = {99, 99, 99};
        ex_softmax_ce_grad(p, 3, c, dz);
        for (int j = 0; j < 3; j++)
            GRADE_NEAR(dz[j], want[c][j], TOL,
                       "ex_softmax_ce_grad(p = (0.2, 0.3, 0.5), c = %d): dz[%d]", c, j);
    }
    /* four classes, the last one true: (0.1, 0.2, 0.3, 0.4 - 1) */
    double p4[] = {0.1, 0.2, 0.3, 0.4}, dz4[4] = {99, 99, 99, 99};
    ex_softmax_ce_grad(p4, 4, 3, dz4);
    GRADE_NEAR(dz4[0], 0.1, TOL, "ex_softmax_ce_grad(k = 4, c = 3): dz[0]");
    GRADE_NEAR(dz4[3], -0.6, TOL, "ex_softmax_ce_grad(k = 4, c = 3): dz[3]");
}
