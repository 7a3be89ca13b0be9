/* test_ch04_backprop.c - chapter 04's numbers, checked through the
 * library's layer and net (lib/layer.h, lib/net.h), so that the notes, the
 * chapter's hand calculations and the library cannot drift apart:
 *   - the 2-2-2 example (the forward pass, E_total, all eight weight
 *     gradients and the bias gradients, the update, the error after it,
 *     10,000 rounds with the biases frozen and with them updated), and
 *     net_gradcheck on it and on a random 2-3-3-2 net;
 *   - the 2-2-1 regression: the nine derivatives for the first student,
 *     the divergence on raw inputs, one SGD epoch on scaled inputs, 1000
 *     epochs by net_fit against the transcript's loss table and weights,
 *     the raw-input runs at eta = 8e-5 and 1e-5, and the gradients after
 *     epoch 1 with a gradient check;
 *   - the 2-2-1 classifier: the first student's derivatives (closed-form
 *     delta), 1000 epochs against the transcript, the gradients after
 *     epoch 1 with a gradient check;
 *   - 003's dz = p - y, through the net's closed form and through the
 *     softmax Jacobian (act_backward), as section 5 computes it by hand;
 *   - memoization (section 6): backpropagation's gradient equals the sum
 *     over every path of the chain rule, and the path-by-path sums take
 *     the 15, 30, 109, 568 and 5405 multiplications the chapter counts.
 * (The library's gradient checks of every loss kind are in test_net.c.)
 *
 * Reference values: the hand arithmetic in the comments; the chapter's
 * transcript (chapters/04_backprop/expected.txt), at the 9 significant
 * digits it prints; and, where a value cannot be done by hand
 * (exponentials, 10,000 rounds), literals computed once with numpy 1.24
 * (Debian python3-numpy, float64) by the plain formulas, e.g. for the
 * example
 *     h = 1/(1 + exp(-(x @ W1 + b1))), out = 1/(1 + exp(-(h @ W2 + b2)))
 *     E = 0.5 sum((t - out)^2), delta_o = -(t - out) out (1 - out)
 *     delta_h = (W2 @ delta_o) h (1 - h); W2 -= 0.5 outer(h, delta_o);
 *     W1 -= 0.5 outer(x, delta_h)
 * printed with 17 significant digits.
 *
 * Tolerances: one pass (a few dozen roundings of 2^-53): 1e-15 absolute
 * for values below 1, or 1e-12 relative; 10,000 rounds let rounding
 * differences between numpy's and our operation order grow, but the
 * iteration contracts: 1e-9 relative. The notes' own 8-9 digit values and
 * the transcript's are asserted at half a unit of their last digit (the
 * chapter's hand loops and the library differ by about 1e-14 relative
 * after 1000 epochs, far below that). Gradient checks: relative error
 * <= 1e-7 (cs231n's "good"; a correct gradient lands near 1e-9).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "act.h"
#include "gradcheck.h"
#include "init.h"
#include "layer.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "rng.h"

#define TOL_ONE_PASS 1e-15
#define REL_ONE_PASS 1e-12
#define REL_ROUNDS 1e-9
#define GRAD_REL_TOL 1e-7

static void assert_rel(double got, double want, double rel, const char *what)
{
    cr_assert_leq(fabs(got - want), rel * fabs(want), "%s: got %.17g, want %.17g", what, got,
                  want);
}

/* got rounds to printed at 9 significant digits (%.9g, as the transcript
 * shows it): |got - printed| is at most half a unit of the 9th digit, plus
 * the few ulps by which the literal printed itself misses its decimal. */
static void assert_9_digits(double got, double printed, const char *what)
{
    double unit = pow(10.0, floor(log10(fabs(printed))) - 8);
    cr_assert_leq(fabs(got - printed), 0.5 * unit + 4e-16 * fabs(printed),
                  "%s: got %.17g, the transcript prints %.9g", what, got, printed);
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

Test(ch04, forward_pass_gives_the_notes_h1_h2_y1_y2_and_outputs)
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

Test(ch04, mse_of_the_two_outputs_is_the_notes_e_total_0_298371109)
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

Test(ch04, gradients_are_the_notes_de_dw5_and_the_other_seven)
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

Test(ch04, one_update_gives_the_notes_w5_and_w1_and_error_0_291027774)
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

Test(ch04, ten_thousand_rounds_with_frozen_biases_reach_3_51018778e_minus_5)
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

Test(ch04, ten_thousand_rounds_with_every_bias_updated_reach_2_44756224e_minus_6)
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

Test(ch04, the_examples_backpropagation_passes_a_gradient_check)
{
    /* section 7 checks the hand gradients by central differences; the
     * library's backward on the same net (mse over k = 2 outputs of one
     * sample = E_total) must pass the same check */
    Example e = example();
    double worst = net_gradcheck(e.net, &MSE, e.X, e.T, GRADCHECK_STEP, NULL, NULL);
    cr_assert_leq(worst, GRAD_REL_TOL, "largest relative error %g", worst);
    example_free(&e);
}

Test(ch04, a_random_2_3_3_2_net_with_sparse_cross_entropy_passes_a_gradient_check)
{
    /* what the chapter's section 7 checked before by (d): tanh, sigmoid and
     * softmax layers, Glorot weights, biases drawn from [-0.5, 0.5] (so no
     * bias gradient hides behind b = 0), 5 samples in [-2, 2]^2, classes 0/1 */
    Net *net = net_new(2, 5);
    cr_assert_not_null(net);
    cr_assert_eq(net_add(net, 3, act_of(ACT_TANH)), 0);
    cr_assert_eq(net_add(net, 3, act_of(ACT_SIGMOID)), 0);
    cr_assert_eq(net_add(net, 2, act_of(ACT_SOFTMAX)), 0);
    Rng rng;
    rng_seed(&rng, 1974);
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < net->layers[k]->n_out; j++)
            net->layers[k]->b->data[j] = rng_uniform(&rng, -0.5, 0.5);
    Mat *X = mat_new(5, 2), *Y = mat_new(5, 1);
    for (int i = 0; i < 5; i++) {
        MAT_AT(X, i, 0) = rng_uniform(&rng, -2, 2);
        MAT_AT(X, i, 1) = rng_uniform(&rng, -2, 2);
        MAT_AT(Y, i, 0) = i % 2; /* both classes present */
    }
    Loss sparse = {.kind = LOSS_SPARSE_CCE};
    double worst = net_gradcheck(net, &sparse, X, Y, GRADCHECK_STEP, NULL, NULL);
    cr_assert_leq(worst, GRAD_REL_TOL, "largest relative error %g", worst);
    cr_assert_gt(fabs(net->layers[0]->dW->data[0]), 1e-6, "a gradient that is not zero");
    mat_free(X);
    mat_free(Y);
    net_free(net);
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

Test(ch04, regression_derivatives_i_to_ix_for_the_first_student)
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

Test(ch04, regression_on_raw_inputs_diverges_at_epoch_2_student_1)
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

Test(ch04, regression_epoch_1_on_scaled_inputs_matches_numpy)
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

/* The students with x1 = iq / 100, x2 = cgpa / 10, as sections 2.2-2.3 scale them. */
static Mat *scaled_students(void)
{
    Mat *X = mat_from(4, 2, STUDENTS);
    cr_assert_not_null(X);
    for (int i = 0; i < 4; i++) {
        MAT_AT(X, i, 0) /= 100;
        MAT_AT(X, i, 1) /= 10;
    }
    return X;
}

/* SGD as the chapter trains: batches of 1, the rows in order (no shuffle). */
static void fit_sgd(Net *net, const Loss *loss, const Mat *X, const Mat *Y, double lr, int epochs,
                    double *history, FitResult *res)
{
    net_fit(net, loss, X, Y,
            &(FitSpec){.epochs = epochs, .batch_size = 1, .lr = lr, .history = history}, res);
}

/* The epochs the transcript's loss tables show. */
static const int SHOWN[12] = {1, 2, 3, 4, 5, 10, 20, 50, 100, 200, 500, 1000};

/* Values of a 2-2-1 net started at w = 1, b = 0, whose hidden nodes stay
 * twins (w11 = w12, w21 = w22, b11 = b12, w2_11 = w2_21), as printed. */
typedef struct {
    double w1j, w2j, b1j, w2_j1, b21;
} Twins;

/* Parameters (or gradients) W1, b1, W2, b2 of a 2-2-1 net against the
 * transcript's values. */
static void assert_twins(const Mat *W1, const Mat *b1, const Mat *W2, const Mat *b2, Twins want)
{
    for (int j = 0; j < 2; j++) {
        assert_9_digits(MAT_AT(W1, 0, j), want.w1j, "w11, w12");
        assert_9_digits(MAT_AT(W1, 1, j), want.w2j, "w21, w22");
        assert_9_digits(b1->data[j], want.b1j, "b11, b12");
        assert_9_digits(MAT_AT(W2, j, 0), want.w2_j1, "w2_11, w2_21");
    }
    assert_9_digits(b2->data[0], want.b21, "b21");
}

/* What the transcript prints about 1000 epochs of a 2-2-1 net: the mean
 * loss of the SHOWN epochs, the weights after training, y_hat of each of
 * the four students. */
typedef struct {
    double loss[12];
    Twins weights;
    double y_hat[4];
} Trained;

/* Train net (w = 1, b = 0) as the chapter does for 1000 epochs at lr and
 * compare with the transcript. */
static void assert_training(Net *net, const Loss *loss, const Mat *X, const Mat *Y, double lr,
                            const Trained *want)
{
    Mat *Yhat = mat_new(4, 1);
    double history[1000];
    FitResult res;
    fit_sgd(net, loss, X, Y, lr, 1000, history, &res);
    cr_assert_eq(res.epochs, 1000);
    for (int k = 0; k < 12; k++)
        assert_9_digits(history[SHOWN[k] - 1], want->loss[k], "mean loss of a shown epoch");
    const Layer *l1 = net->layers[0], *l2 = net->layers[1];
    assert_twins(l1->W, l1->b, l2->W, l2->b, want->weights);
    net_predict(net, Yhat, X);
    for (int i = 0; i < 4; i++)
        assert_9_digits(Yhat->data[i], want->y_hat[i], "y_hat");
    mat_free(Yhat);
}

/* One epoch of SGD at lr from w = 1, b = 0, then the gradient of the cost
 * over all four rows: the transcript's values, and a gradient check. */
static void assert_gradients_after_epoch_1(Net *net, const Loss *loss, const Mat *X,
                                           const Mat *Y, double lr, Twins want)
{
    double history[1];
    FitResult res;
    fit_sgd(net, loss, X, Y, lr, 1, history, &res);
    net_cost_grad(net, loss, X, Y);
    const Layer *l1 = net->layers[0], *l2 = net->layers[1];
    assert_twins(l1->dW, l1->db, l2->dW, l2->db, want);
    double worst = net_gradcheck(net, loss, X, Y, GRADCHECK_STEP, NULL, NULL);
    cr_assert_leq(worst, GRAD_REL_TOL, "largest relative error %g", worst);
}

Test(ch04, regression_trained_1000_epochs_gives_the_transcripts_losses_weights_and_predictions)
{
    /* section 2.3: eta = 0.01 from w = 1, b = 0 */
    static const Trained want = {
        .loss = {15.766105, 10.2795214, 11.9827367, 12.2352154, 12.1087946, 11.2799326,
                 9.82783753, 6.94048424, 5.35979237, 4.59127129, 4.00567649, 3.66894818},
        .weights = {3.32986623, -3.68911487, 1.01552391, 1.22387138, 4.38072204},
        .y_hat = {6.16298472, 3.62985311, 8.05692039, 10.3262475}};
    Net *net = regression_net(4);
    Mat *X = scaled_students(), *Y = mat_from(4, 1, LPA);
    assert_training(net, &MSE, X, Y, 0.01, &want);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(ch04, raw_inputs_diverge_at_eta_8e_minus_5_and_crawl_at_1e_minus_5)
{
    /* section 2.3: eta = 8e-5 diverges in epoch 3; eta = 1e-5 gives a mean
     * loss of 11042.7265 in epoch 1 and 6.14225945 in epoch 1000, and
     * w21 (cgpa's weight into h1) moves from 1 to only 0.91330968 */
    Mat *X = mat_from(4, 2, STUDENTS), *Y = mat_from(4, 1, LPA);
    double history[1000];
    FitResult res;
    Net *net = regression_net(1);
    fit_sgd(net, &MSE, X, Y, 8e-5, 1000, history, &res);
    cr_assert(res.diverged);
    cr_assert_eq(res.epochs, 2, "the loss stays finite for %d epochs", res.epochs);
    net_free(net);
    net = regression_net(1);
    fit_sgd(net, &MSE, X, Y, 1e-5, 1000, history, &res);
    cr_assert_eq(res.epochs, 1000);
    assert_9_digits(history[0], 11042.7265, "epoch 1");
    assert_9_digits(history[999], 6.14225945, "epoch 1000");
    assert_9_digits(MAT_AT(net->layers[0]->W, 1, 0), 0.91330968, "w21");
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(ch04, regression_gradients_after_epoch_1_pass_a_gradient_check)
{
    /* the cost over all four scaled students (the mean of (y - y_hat)^2)
     * after one SGD epoch at eta = 0.01, as the chapter printed it */
    Net *net = regression_net(4);
    Mat *X = scaled_students(), *Y = mat_from(4, 1, LPA);
    assert_gradients_after_epoch_1(net, &MSE, X, Y, 0.01,
                                   (Twins){-1.49011425, 0.335627665, -0.716604223, -1.16849217,
                                           -0.498889157});
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

/* ---- the 2-2-1 classifier ------------------------------------------------------ */

/* The placement table, cgpa and profile score divided by 10, and whether placed. */
static const double PLACEMENT[] = {0.8, 0.8, 0.7, 0.9, 0.6, 1.0, 0.5, 0.5};
static const double PLACED[] = {1, 1, 0, 0};
static const Loss BCE = {.kind = LOSS_BCE};

/* The classifier: sigmoid nodes, every w = 1, b = 0. */
static Net *classifier_net(int max_rows)
{
    Net *net = net_new(2, max_rows);
    cr_assert_not_null(net);
    cr_assert_eq(net_add(net, 2, act_of(ACT_SIGMOID)), 0);
    cr_assert_eq(net_add(net, 1, act_of(ACT_SIGMOID)), 0);
    mat_fill(net->layers[0]->W, 1.0);
    mat_fill(net->layers[1]->W, 1.0);
    return net;
}

Test(ch04, classifier_derivatives_for_the_first_student)
{
    /* sigmoid nodes, w = 1, b = 0, x = (0.8, 0.8) (cgpa 8, profile 8, / 10), y = 1:
     * Z1 = Z2 = 1.6, O11 = O12 = sigma(1.6) = 0.832018385;
     * Z_F = 2 x 0.832018385 = 1.66403677, y_hat = 0.840779147
     * dL/dZ_F = -(y - y_hat) = -0.159220853 (closed form, no division by
     * y_hat (1 - y_hat)); (i) = -0.159220853 x 0.832018385 = -0.132474677;
     * (vi) = -0.159220853 x 1 x 0.832018385 x 0.167981615 = -0.0222533101;
     * (iv) = (vi) x 0.8 = -0.0178026481. numpy to full precision below. */
    Net *net = classifier_net(1);
    Mat *X = mat_from(1, 2, PLACEMENT), *Y = mat_from(1, 1, PLACED);
    double L = net_cost_grad(net, &BCE, X, Y);
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

Test(ch04, classifier_trained_1000_epochs_gives_the_transcripts_losses_weights_and_predictions)
{
    /* section 3: eta = 0.5; the plateau near 0.8, then the fall; every
     * student ends on its side of 0.5 */
    static const Trained want = {
        .loss = {0.906929658, 0.784969911, 0.812751051, 0.825660057, 0.828409325, 0.820239019,
                 0.802500026, 0.773369688, 0.729141538, 0.431738583, 0.02948923, 0.0083458795},
        .weights = {13.9789104, -2.42300945, -7.02599232, 11.3683567, -10.3506563},
        .y_hat = {0.99996116, 0.985477842, 0.0109060085, 0.00506927151}};
    Net *net = classifier_net(4);
    Mat *X = mat_from(4, 2, PLACEMENT), *Y = mat_from(4, 1, PLACED);
    assert_training(net, &BCE, X, Y, 0.5, &want);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(ch04, classifier_gradients_after_epoch_1_pass_a_gradient_check)
{
    /* the mean cross-entropy over the four students after one epoch at
     * eta = 0.5, through the closed-form delta dZ = (y_hat - y) / m */
    Net *net = classifier_net(4);
    Mat *X = mat_from(4, 2, PLACEMENT), *Y = mat_from(4, 1, PLACED);
    assert_gradients_after_epoch_1(net, &BCE, X, Y, 0.5,
                                   (Twins){-0.000282556718, 0.00226494757, 0.00642272919,
                                           0.0162491007, 0.0371289315});
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

/* ---- 003: softmax + cross-entropy ---------------------------------------------- */

Test(ch04, softmax_cross_entropy_delta_is_p_minus_y_for_each_true_class)
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

Test(ch04, the_chain_through_the_softmax_jacobian_gives_p_minus_y)
{
    /* section 5's long way: dJ/dp_j = -y_j / p_j, then act_backward applies
     * the Jacobian, dz_i = p_i (dJ/dp_i - sum_j p_j dJ/dp_j) = p_i (-y_i/p_i + 1)
     * = p_i - y_i; e.g. class 0: (0.2 (-5 + 1), 0.3, 0.5) = (-0.8, 0.3, 0.5).
     * A few roundings (-1/0.3 x 0.3 is not exactly -1): 1e-15. */
    double p[3] = {0.2, 0.3, 0.5};
    for (int c = 0; c < 3; c++) {
        double dp[3], dz[3];
        for (int j = 0; j < 3; j++)
            dp[j] = j == c ? -1.0 / p[j] : 0.0;
        Mat P = {1, 3, p}, DP = {1, 3, dp}, DZ = {1, 3, dz};
        act_backward(&(Act){.kind = ACT_SOFTMAX}, &DZ, &DP, &P, &P);
        for (int j = 0; j < 3; j++)
            cr_assert_float_eq(dz[j], p[j] - (j == c), TOL_ONE_PASS, "class %d: dz[%d]", c, j);
    }
}

/* ---- section 6: memoization ------------------------------------------------------ */

/* The chain rule path by path on a net after a forward pass on one sample:
 * the net, dL/dy_hat of each output, and the multiplications so far. */
typedef struct {
    const Net *net;
    const double *dL_dyhat;
    long long mults;
} Paths;

/* The deepest net walked. */
#define MAX_PATH_LAYERS 8

/* do^l_m / do^(l-1)_j = act'(z^l_m) w^l_jm: the local derivative of an edge */
static double edge(const Net *net, int l, int j, int m)
{
    const Layer *d = net->layers[l];
    return act_deriv(&d->act, MAT_AT(d->Z, 0, m)) * MAT_AT(d->W, j, m);
}

/* dL/dp for a parameter of node j in layer k whose local derivative
 * do^k_j/dp is local: the sum over every path j -> node[k+1] -> ... ->
 * output of dL/dy_hat x (the edges' local derivatives) x local, each
 * path's product multiplied out on its own (L - k + 1 multiplications). */
static double path_sum(Paths *c, int k, int j, double local)
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

/* Every dW and db of a sigmoid net with n[0] inputs and layers n[1..L],
 * on one random sample under mse, summed path by path and compared with
 * backpropagation (net_cost_grad). Returns the multiplications the path
 * sums took. */
static long long check_every_path(const int *n, int L, uint64_t seed)
{
    cr_assert_leq(L, MAX_PATH_LAYERS);
    Net *net = net_new(n[0], 1);
    cr_assert_not_null(net);
    for (int k = 1; k <= L; k++)
        cr_assert_eq(net_add(net, n[k], act_of(ACT_SIGMOID)), 0);
    Rng rng;
    rng_seed(&rng, seed);
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    Mat *X = mat_new(1, n[0]), *Y = mat_new(1, n[L]), *dY = mat_new(1, n[L]);
    for (int j = 0; j < n[0]; j++)
        X->data[j] = rng_uniform(&rng, -1, 1);
    for (int j = 0; j < n[L]; j++)
        Y->data[j] = rng_uniform(&rng, 0, 1);
    net_cost_grad(net, &MSE, X, Y); /* backpropagation: dW, db, and the forward caches */
    Mat yhat = net_activation(net, L);
    loss_cost_grad(&MSE, dY, Y, &yhat);
    Paths c = {net, dY->data, 0};
    for (int k = 0; k < L; k++) {
        const Layer *d = net->layers[k];
        for (int j = 0; j < d->n_out; j++) {
            double do_dz = act_deriv(&d->act, MAT_AT(d->Z, 0, j));
            for (int i = 0; i <= d->n_in; i++) {
                /* do^k_j/dw^k_ij = act'(z) o^(k-1)_i, and act'(z) x 1 for the bias */
                double in = i < d->n_in ? MAT_AT(net->A[k], 0, i) : 1.0;
                double by_paths = path_sum(&c, k, j, do_dz * in);
                double backprop = i < d->n_in ? MAT_AT(d->dW, i, j) : d->db->data[j];
                /* the same products added in another order: 1e-12 relative */
                cr_assert_float_eq(by_paths, backprop, 1e-12 * fabs(backprop) + 1e-300,
                                   "layer %d, node %d, input %d", k + 1, j, i);
            }
        }
    }
    mat_free(X);
    mat_free(Y);
    mat_free(dY);
    net_free(net);
    return c.mults;
}

Test(ch04, backprop_equals_the_sum_over_every_path_that_takes_the_counted_multiplications)
{
    /* the chapter's formula for the path-by-path count,
     *     sum_k n_k (n_(k-1) + 1) (n_(k+1) ... n_L) (L - k + 1),
     * for the 2-2-1 net: 2 x 3 x 1 x 2 + 1 x 3 x 1 = 12 + 3 = 15, as
     * (i)-(iii) take one multiplication each and (iv)-(ix) two */
    static const struct {
        int n[6], L;
        long long mults;
    } nets[] = {{{2, 2, 1}, 2, 15},
                {{2, 2, 2}, 2, 30},
                {{4, 3, 2, 1}, 3, 109},
                {{3, 3, 3, 3, 1}, 4, 568},
                {{2, 4, 4, 4, 4, 1}, 5, 5405}};
    for (int t = 0; t < 5; t++)
        cr_assert_eq(check_every_path(nets[t].n, nets[t].L, 1974 + t), nets[t].mults,
                     "net %d", t);
}
