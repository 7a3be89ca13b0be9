/* test_backprop_example.c - the worked examples of notes 001 and 003 that
 * chapter 04 prints, through the library's layer and net (lib/layer.h,
 * lib/net.h): the 2-2-2 example (the forward pass, E_total, all eight
 * weight gradients and the bias gradients, the update, the error after
 * it, 10,000 rounds with the biases frozen and with them updated), the
 * 2-2-1 regression's nine derivatives for the first student and its
 * divergence on raw inputs, one SGD epoch on scaled inputs, the 2-2-1
 * classifier's closed-form derivatives, and 003's dz = p - y.
 *
 * Reference values: the hand arithmetic in the comments, and, where a
 * value cannot be done by hand (exponentials, 10,000 rounds), literals
 * computed once with numpy 1.24 (Debian python3-numpy, float64) by the
 * plain formulas, e.g. for the example
 *     h = 1/(1 + exp(-(x @ W1 + b1))), out = 1/(1 + exp(-(h @ W2 + b2)))
 *     E = 0.5 sum((t - out)^2), delta_o = -(t - out) out (1 - out)
 *     delta_h = (W2 @ delta_o) h (1 - h); W2 -= 0.5 outer(h, delta_o);
 *     W1 -= 0.5 outer(x, delta_h)
 * printed with 17 significant digits.
 *
 * Tolerances: one pass (a few dozen roundings of 2^-53): 1e-15 absolute
 * for values below 1, or 1e-12 relative; 10,000 rounds let rounding
 * differences between numpy's and our operation order grow, but the
 * iteration contracts: 1e-9 relative. The notes' own 8-9 digit values are
 * asserted at half a unit of their last digit.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "act.h"
#include "layer.h"
#include "loss.h"
#include "mat.h"
#include "net.h"

#define TOL_ONE_PASS 1e-15
#define REL_ONE_PASS 1e-12
#define REL_ROUNDS 1e-9

static void assert_rel(double got, double want, double rel, const char *what)
{
    cr_assert_leq(fabs(got - want), rel * fabs(want), "%s: got %.17g, want %.17g", what, got,
                  want);
}

/* ---- the 2-2-2 example ------------------------------------------------------- */

/* W^[1] = [[w1, w3], [w2, w4]], W^[2] = [[w5, w7], [w6, w8]]; b1 = 0.35 and
 * b2 = 0.60 for every node. */
static Net *example_net(void)
{
    Net *net = net_new(2, 1);
    cr_assert_not_null(net);
    cr_assert_eq(net_add(net, 2, act_of(ACT_SIGMOID)), 0);
    cr_assert_eq(net_add(net, 2, act_of(ACT_SIGMOID)), 0);
    double W1[] = {0.15, 0.25, 0.20, 0.30}, W2[] = {0.40, 0.50, 0.45, 0.55};
    memcpy(net->layers[0]->W->data, W1, sizeof W1);
    memcpy(net->layers[1]->W->data, W2, sizeof W2);
    mat_fill(net->layers[0]->b, 0.35);
    mat_fill(net->layers[1]->b, 0.60);
    return net;
}

typedef struct {
    Net *net;
    Mat *X, *T;
} Example;

static Example example(void)
{
    return (Example){example_net(), mat_from(1, 2, (double[]){0.05, 0.10}),
                     mat_from(1, 2, (double[]){0.01, 0.99})};
}

static void example_free(Example *e)
{
    net_free(e->net);
    mat_free(e->X);
    mat_free(e->T);
}

static const Loss MSE = {.kind = LOSS_MSE};

/* rounds of W <- W - 0.5 dW (and b, unless frozen) */
static void rounds(Example *e, int n, int freeze_biases)
{
    for (int r = 0; r < n; r++) {
        net_cost_grad(e->net, &MSE, e->X, e->T);
        if (freeze_biases) {
            mat_fill(e->net->layers[0]->db, 0.0);
            mat_fill(e->net->layers[1]->db, 0.0);
        }
        net_step(e->net, 0.5);
    }
}

Test(backprop_example, forward_pass_gives_the_notes_h1_h2_y1_y2_and_outputs)
{
    /* H1 = 0.05 x 0.15 + 0.10 x 0.20 + 0.35 = 0.3775
     * H2 = 0.05 x 0.25 + 0.10 x 0.30 + 0.35 = 0.3925 (001 prints "0.10 x 0.10")
     * out_h1 = sigma(0.3775) = 0.593269992, out_h2 = sigma(0.3925) = 0.596884378
     * y1 = 0.593269992 x 0.40 + 0.596884378 x 0.45 + 0.60 = 1.10590597
     * y2 = 0.593269992 x 0.50 + 0.596884378 x 0.55 + 0.60 = 1.2249214
     * out_o1 = sigma(1.10590597) = 0.75136507, out_o2 = sigma(1.2249214) = 0.772928465 */
    Example e = example();
    const Mat *out = net_forward(e.net, e.X);
    const Layer *h = e.net->layers[0], *o = e.net->layers[1];
    cr_assert_float_eq(MAT_AT(h->Z, 0, 0), 0.3775, TOL_ONE_PASS);
    cr_assert_float_eq(MAT_AT(h->Z, 0, 1), 0.3925, TOL_ONE_PASS);
    cr_assert_float_eq(MAT_AT(e.net->A[1], 0, 0), 0.593269992, 5e-10);
    cr_assert_float_eq(MAT_AT(e.net->A[1], 0, 1), 0.596884378, 5e-10);
    cr_assert_float_eq(MAT_AT(o->Z, 0, 0), 1.10590597, 5e-9);
    cr_assert_float_eq(MAT_AT(o->Z, 0, 1), 1.2249214, 5e-8);
    cr_assert_float_eq(MAT_AT(out, 0, 0), 0.75136507, 5e-9);
    cr_assert_float_eq(MAT_AT(out, 0, 1), 0.772928465, 5e-10);
    /* numpy, full precision */
    cr_assert_float_eq(MAT_AT(o->Z, 0, 0), 1.10590596705977, TOL_ONE_PASS);
    cr_assert_float_eq(MAT_AT(out, 0, 1), 0.7729284653214625, TOL_ONE_PASS);
    example_free(&e);
}

Test(backprop_example, mse_of_the_two_outputs_is_the_notes_e_total_0_298371109)
{
    /* Keras' mse over k = 2 outputs of one sample, 1/2 sum (t - out)^2, is E_total:
     * 1/2 (0.01 - 0.75136507)^2 + 1/2 (0.99 - 0.772928465)^2
     *   = 0.274811083 + 0.0235600256 = 0.298371109 */
    Example e = example();
    double E = net_cost(e.net, &MSE, e.X, e.T);
    cr_assert_float_eq(E, 0.298371109, 5e-10);
    cr_assert_float_eq(E, 0.2983711087600027, TOL_ONE_PASS);
    example_free(&e);
}

Test(backprop_example, gradients_are_the_notes_de_dw5_and_the_other_seven)
{
    /* dE/dw5 = dE/dout_o1 x dout_o1/dy1 x dy1/dw5
     *        = 0.74136507 x 0.186815602 x 0.593269992 = 0.0821670406
     * (001 prints 0.0821670407, a rounding of the rounded factors);
     * the others (numpy): dW2 = [[dw5, dw7], [dw6, dw8]], dW1 = [[dw1, dw3], [dw2, dw4]] */
    Example e = example();
    net_cost_grad(e.net, &MSE, e.X, e.T);
    const Mat *dW1 = e.net->layers[0]->dW, *dW2 = e.net->layers[1]->dW;
    cr_assert_float_eq(MAT_AT(dW2, 0, 0), 0.0821670406, 5e-11);
    double want2[] = {0.08216704056423078, -0.02260254047747507, 0.08266762784753326,
                      -0.02274024221597822};
    double want1[] = {0.00043856773447435, 0.00049771273526086, 0.00087713546894869,
                      0.00099542547052172};
    for (int k = 0; k < 4; k++) {
        cr_assert_float_eq(dW2->data[k], want2[k], TOL_ONE_PASS, "dW2[%d]", k);
        cr_assert_float_eq(dW1->data[k], want1[k], TOL_ONE_PASS, "dW1[%d]", k);
    }
    /* the bias gradients are the deltas: delta_o1 = 0.74136507 x 0.186815602 = 0.138498562,
     * delta_o2 = -0.0380982365, delta_h1 = 0.00877135469, delta_h2 = 0.00995425471 */
    cr_assert_float_eq(e.net->layers[1]->db->data[0], 0.13849856162855698, TOL_ONE_PASS);
    cr_assert_float_eq(e.net->layers[1]->db->data[1], -0.03809823651655623, TOL_ONE_PASS);
    cr_assert_float_eq(e.net->layers[0]->db->data[0], 0.00877135468948694, TOL_ONE_PASS);
    cr_assert_float_eq(e.net->layers[0]->db->data[1], 0.0099542547052172, TOL_ONE_PASS);
    example_free(&e);
}

Test(backprop_example, one_update_gives_the_notes_w5_and_w1_and_error_0_291027774)
{
    /* w5+ = 0.4 - 0.5 x 0.0821670406 = 0.35891648 (001 and the write-up);
     * w1+ = 0.15 - 0.5 x 0.000438567734 = 0.149780716 (the write-up);
     * the error after the update: 0.291027774 (numpy), where the classic
     * write-up prints 0.291027924, the value of a variant (README Errata) */
    Example e = example();
    rounds(&e, 1, 1);
    cr_assert_float_eq(MAT_AT(e.net->layers[1]->W, 0, 0), 0.35891648, 5e-9);
    cr_assert_float_eq(MAT_AT(e.net->layers[0]->W, 0, 0), 0.149780716, 5e-10);
    double W1[] = {0.1497807161327628, 0.24975114363236958, 0.19956143226552567,
                   0.29950228726473915};
    double W2[] = {0.35891647971788465, 0.5113012702387375, 0.4086661860762334,
                   0.5613701211079891};
    for (int k = 0; k < 4; k++) {
        cr_assert_float_eq(e.net->layers[0]->W->data[k], W1[k], TOL_ONE_PASS, "W1[%d]", k);
        cr_assert_float_eq(e.net->layers[1]->W->data[k], W2[k], TOL_ONE_PASS, "W2[%d]", k);
    }
    cr_assert_eq(e.net->layers[0]->b->data[0], 0.35, "the classic example keeps the biases");
    double E = net_cost(e.net, &MSE, e.X, e.T);
    cr_assert_float_eq(E, 0.29102777369359933, TOL_ONE_PASS);
    cr_assert_gt(fabs(E - 0.291027924), 1e-7, "the write-up's 0.291027924 is not this value");
    example_free(&e);
}

Test(backprop_example, ten_thousand_rounds_with_frozen_biases_reach_3_51018778e_minus_5)
{
    /* numpy: E = 3.510187782978859e-05, out = (0.01591362044355068, 0.9840642735146238)
     * (the write-up's 0.0000351085 is E after 9,999 rounds: 3.510854812251261e-05) */
    Example e = example();
    rounds(&e, 9999, 1);
    assert_rel(net_cost(e.net, &MSE, e.X, e.T), 3.510854812251261e-05, REL_ROUNDS,
               "E after 9999 rounds");
    rounds(&e, 1, 1);
    assert_rel(net_cost(e.net, &MSE, e.X, e.T), 3.510187782978859e-05, REL_ROUNDS,
               "E after 10000 rounds");
    const Mat *out = net_forward(e.net, e.X);
    assert_rel(MAT_AT(out, 0, 0), 0.01591362044355068, REL_ROUNDS, "out_o1");
    assert_rel(MAT_AT(out, 0, 1), 0.9840642735146238, REL_ROUNDS, "out_o2");
    example_free(&e);
}

Test(backprop_example, ten_thousand_rounds_with_every_bias_updated_reach_2_44756224e_minus_6)
{
    /* numpy, with per-node biases starting at 0.35, 0.35, 0.60, 0.60:
     * after 1 round E = 0.28047144679143016; after 10,000 E = 2.4475622359322627e-06,
     * out = (0.01158752739087009, 0.9884589350256716) */
    Example e = example();
    rounds(&e, 1, 0);
    assert_rel(net_cost(e.net, &MSE, e.X, e.T), 0.28047144679143016, REL_ONE_PASS,
               "E after 1 round");
    rounds(&e, 9999, 0);
    assert_rel(net_cost(e.net, &MSE, e.X, e.T), 2.4475622359322627e-06, REL_ROUNDS,
               "E after 10000 rounds");
    const Mat *out = net_forward(e.net, e.X);
    assert_rel(MAT_AT(out, 0, 0), 0.01158752739087009, REL_ROUNDS, "out_o1");
    assert_rel(MAT_AT(out, 0, 1), 0.9884589350256716, REL_ROUNDS, "out_o2");
    example_free(&e);
}

/* ---- the 2-2-1 regression ------------------------------------------------------ */

/* The notes' 2-2-1 linear network with every w = 1, b = 0. */
static Net *regression_net(int max_rows)
{
    Net *net = net_new(2, max_rows);
    cr_assert_not_null(net);
    net_add(net, 2, act_of(ACT_LINEAR));
    net_add(net, 1, act_of(ACT_LINEAR));
    mat_fill(net->layers[0]->W, 1.0);
    mat_fill(net->layers[1]->W, 1.0);
    return net;
}

static const double STUDENTS[] = {80, 8, 60, 9, 70, 5, 120, 7}; /* iq, cgpa */
static const double LPA[] = {3, 5, 8, 11};

Test(backprop_example, regression_derivatives_i_to_ix_for_the_first_student)
{
    /* O11 = O12 = 80 + 8 = 88, y_hat = 176, L = (3 - 176)^2 = 29929,
     * dL/dy_hat = -2 (3 - 176) = 346:
     *   (i), (ii) dL/dw2_11, dL/dw2_21 = 346 x 88 = 30448;  (iii) dL/db21 = 346
     *   (iv), (vii) dL/dw11, dL/dw12 = 346 x 1 x 80 = 27680
     *   (v), (viii) dL/dw21, dL/dw22 = 346 x 1 x 8 = 2768;  (vi), (ix) dL/db11, dL/db12 = 346
     * all exact in double */
    Net *net = regression_net(1);
    Mat *X = mat_from(1, 2, STUDENTS), *Y = mat_from(1, 1, LPA);
    cr_assert_eq(net_cost_grad(net, &MSE, X, Y), 29929.0);
    const Layer *l1 = net->layers[0], *l2 = net->layers[1];
    cr_assert_eq(MAT_AT(l2->dW, 0, 0), 30448.0);
    cr_assert_eq(MAT_AT(l2->dW, 1, 0), 30448.0);
    cr_assert_eq(l2->db->data[0], 346.0);
    cr_assert_eq(MAT_AT(l1->dW, 0, 0), 27680.0); /* w11: input 1 -> node 1 */
    cr_assert_eq(MAT_AT(l1->dW, 0, 1), 27680.0); /* w12: input 1 -> node 2, (vii) */
    cr_assert_eq(MAT_AT(l1->dW, 1, 0), 2768.0);  /* w21 */
    cr_assert_eq(MAT_AT(l1->dW, 1, 1), 2768.0);  /* w22 */
    cr_assert_eq(l1->db->data[0], 346.0);
    cr_assert_eq(l1->db->data[1], 346.0);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(backprop_example, regression_on_raw_inputs_diverges_at_epoch_2_student_1)
{
    /* eta = 0.01, SGD in order: y_hat = 176, 1.0e7, 1.8e21, 2.0e64; then the
     * loss of student 1 in epoch 2 overflows */
    Net *net = regression_net(1);
    Mat *X = mat_from(4, 2, STUDENTS), *Y = mat_from(4, 1, LPA);
    FitResult res;
    double history[2];
    int rc = net_fit(net, &MSE, X, Y,
                     &(FitSpec){.epochs = 2, .batch_size = 1, .lr = 0.01, .history = history},
                     &res);
    cr_assert_eq(rc, -1);
    cr_assert_eq(res.epochs, 1);
    cr_assert_not_null(strstr(res.message, "at epoch 2, batch 1"), "%s", res.message);
    /* epoch 1's mean loss: (29929 + 1.04e14 + 3.23e42 + 3.85e128) / 4, numpy:
     * 9.618285891233864e+127 */
    assert_rel(history[0], 9.618285891233864e+127, 1e-9, "epoch 1's mean loss");
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(backprop_example, regression_epoch_1_on_scaled_inputs_matches_numpy)
{
    /* x1 = iq / 100, x2 = cgpa / 10, eta = 0.01. Student 1: x = (0.8, 0.8),
     * y_hat = 2 x 1.6 = 3.2, L = (3 - 3.2)^2 = 0.04. numpy: losses
     * (0.04, 4.164404901263769, 27.97443314224539, 30.88558209052488), mean
     * 15.76610503350851; then w11 = w12 = 1.2577452717246203, w21 = w22 =
     * 1.181546723984675, b11 = b12 = 0.2802068092679194, w2_11 = w2_21 =
     * 1.436399675077742, b21 = 0.2537450684417937 */
    Net *net = regression_net(1);
    Mat *X = mat_from(4, 2, STUDENTS), *Y = mat_from(4, 1, LPA);
    for (int i = 0; i < 4; i++) {
        MAT_AT(X, i, 0) /= 100;
        MAT_AT(X, i, 1) /= 10;
    }
    FitResult res;
    double history[1];
    cr_assert_eq(net_fit(net, &MSE, X, Y,
                         &(FitSpec){.epochs = 1, .batch_size = 1, .lr = 0.01, .history = history},
                         &res),
                 0);
    assert_rel(history[0], 15.76610503350851, REL_ONE_PASS, "epoch 1's mean loss");
    const Layer *l1 = net->layers[0], *l2 = net->layers[1];
    assert_rel(MAT_AT(l1->W, 0, 0), 1.2577452717246203, REL_ONE_PASS, "w11");
    assert_rel(MAT_AT(l1->W, 0, 1), 1.2577452717246203, REL_ONE_PASS, "w12");
    assert_rel(MAT_AT(l1->W, 1, 0), 1.181546723984675, REL_ONE_PASS, "w21");
    assert_rel(l1->b->data[1], 0.2802068092679194, REL_ONE_PASS, "b12");
    assert_rel(MAT_AT(l2->W, 1, 0), 1.436399675077742, REL_ONE_PASS, "w2_21");
    assert_rel(l2->b->data[0], 0.2537450684417937, REL_ONE_PASS, "b21");
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

/* ---- the 2-2-1 classifier ------------------------------------------------------ */

Test(backprop_example, classifier_derivatives_for_the_first_student)
{
    /* sigmoid nodes, w = 1, b = 0, x = (0.8, 0.8) (cgpa 8, profile 8, / 10), y = 1:
     * Z1 = Z2 = 1.6, O11 = O12 = sigma(1.6) = 0.832018385;
     * Z_F = 2 x 0.832018385 = 1.66403677, y_hat = 0.840779147
     * dL/dZ_F = -(y - y_hat) = -0.159220853 (closed form, no division by
     * y_hat (1 - y_hat)); (i) = -0.159220853 x 0.832018385 = -0.132474677;
     * (vi) = -0.159220853 x 1 x 0.832018385 x 0.167981615 = -0.0222533101;
     * (iv) = (vi) x 0.8 = -0.0178026481. numpy to full precision below. */
    Net *net = net_new(2, 1);
    net_add(net, 2, act_of(ACT_SIGMOID));
    net_add(net, 1, act_of(ACT_SIGMOID));
    mat_fill(net->layers[0]->W, 1.0);
    mat_fill(net->layers[1]->W, 1.0);
    Mat *X = mat_from(1, 2, (double[]){0.8, 0.8}), *Y = mat_from(1, 1, (double[]){1});
    double L = net_cost_grad(net, &(Loss){.kind = LOSS_BCE}, X, Y);
    assert_rel(L, 0.1734262605643587, REL_ONE_PASS, "L");
    const Layer *l1 = net->layers[0], *l2 = net->layers[1];
    assert_rel(l2->db->data[0], -0.15922085254410034, REL_ONE_PASS, "(iii) dL/db21");
    assert_rel(MAT_AT(l2->dW, 0, 0), -0.13247467661338908, REL_ONE_PASS, "(i) dL/dw2_11");
    assert_rel(l1->db->data[0], -0.02225331010637823, REL_ONE_PASS, "(vi) dL/db11");
    assert_rel(MAT_AT(l1->dW, 0, 0), -0.01780264808510258, REL_ONE_PASS, "(iv) dL/dw11");
    assert_rel(MAT_AT(l1->dW, 0, 1), -0.01780264808510258, REL_ONE_PASS, "(vii) dL/dw12");
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

/* ---- 003: softmax + cross-entropy ---------------------------------------------- */

Test(backprop_example, softmax_cross_entropy_delta_is_p_minus_y_for_each_true_class)
{
    /* p = (0.2, 0.3, 0.5) from a softmax layer with W = 0, b = ln p:
     * class 0: (-0.8, 0.3, 0.5); class 1: (0.2, -0.7, 0.5); class 2: (0.2, 0.3, -0.5);
     * J = -ln 0.2 = 1.60943791, -ln 0.3 = 1.2039728, -ln 0.5 = 0.693147181 */
    Net *net = net_new(1, 1);
    net_add(net, 3, act_of(ACT_SOFTMAX));
    double p[] = {0.2, 0.3, 0.5};
    for (int j = 0; j < 3; j++)
        net->layers[0]->b->data[j] = log(p[j]);
    Mat *X = mat_from(1, 1, (double[]){1.0});
    for (int c = 0; c < 3; c++) {
        Mat *Y = mat_new(1, 3);
        MAT_AT(Y, 0, c) = 1.0;
        double J = net_cost_grad(net, &(Loss){.kind = LOSS_CCE}, X, Y);
        cr_assert_float_eq(J, -log(p[c]), 1e-12, "J for class %d", c);
        for (int j = 0; j < 3; j++)
            cr_assert_float_eq(net->layers[0]->db->data[j], p[j] - (j == c), 1e-12,
                               "class %d: dz[%d]", c, j);
        mat_free(Y);
    }
    mat_free(X);
    net_free(net);
}
