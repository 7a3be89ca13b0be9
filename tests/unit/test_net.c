/* test_net.c - unit tests for lib/net, the sequential model: the Keras
 * summary's exact text and the parameter counts of the notes' models
 * (000's 11-11-1 and 11-11-11-1, 001's 4-3-2-1, 2-2-1 and 2-2-2); the
 * gradient of net_cost_grad against central differences for every loss
 * kind, through the closed-form output deltas (softmax + CCE, softmax +
 * sparse CCE, sigmoid + BCE) and through the plain chain; that each closed
 * form equals the chain where the chain is exact, and stays right where a
 * saturated sigmoid makes the chain vanish; net_fit on learnable problems
 * (the cost falls); the L2 penalty and its gradient; divergence detection
 * (a huge learning rate gives -1 and a message naming the epoch); net_cost
 * over more rows than a batch; accuracy and the step by hand; and
 * net_gradcheck itself (every parameter visited and restored, a NaN never
 * passes). The notes' worked numbers through the net are in
 * test_ch04_backprop.c.
 *
 * Tolerances:
 *   - gradient checks: relative error <= 1e-7 (gradcheck.h; cs231n's
 *     "good"): with h = 1e-5 a correct gradient of these small smooth nets
 *     lands near 1e-9, a wrong sign or factor of 2 at >= 0.3;
 *   - two computations of the same quantity by different operation orders
 *     (closed form vs chain, chunked vs whole): 1e-10 relative, room for
 *     a few hundred roundings of 2^-53 ~ 1.1e-16;
 *   - exact arithmetic on short decimals: 1e-12.
 */
#define _POSIX_C_SOURCE 200809L /* fileno, fcntl: death.h */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "data.h"
#include "death.h"
#include "gradcheck.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "rng.h"

#define GRAD_REL_TOL 1e-7
#define SAME_REL_TOL 1e-10
#define TOL_FEW_OPS 1e-12

/* ---- helpers --------------------------------------------------------------- */

/* A net with n_in inputs and the given layers, Glorot-uniform weights and
 * small random biases (so that no bias gradient hides behind b = 0). */
static Net *make_net(int n_in, int n_layers, const int *units, const ActKind *acts,
                     int max_rows, uint64_t seed)
{
    Net *net = net_new(n_in, max_rows);
    cr_assert_not_null(net);
    for (int k = 0; k < n_layers; k++)
        cr_assert_eq(net_add(net, units[k], act_of(acts[k])), 0);
    Rng rng;
    rng_seed(&rng, seed);
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    for (int k = 0; k < n_layers; k++)
        for (int j = 0; j < units[k]; j++)
            net->layers[k]->b->data[j] = rng_uniform(&rng, -0.3, 0.3);
    return net;
}

static Mat *random_mat(int rows, int cols, double lo, double hi, uint64_t seed)
{
    Mat *M = mat_new(rows, cols);
    Rng rng;
    rng_seed(&rng, seed);
    for (long k = 0; k < (long)rows * cols; k++)
        M->data[k] = rng_uniform(&rng, lo, hi);
    return M;
}

/* What the net writes for net_summary, as a string (static buffer). */
static const char *summary_of(const Net *net)
{
    static char text[4096];
    FILE *fp = tmpfile();
    cr_assert_not_null(fp);
    net_summary(net, fp);
    rewind(fp);
    size_t n = fread(text, 1, sizeof text - 1, fp);
    text[n] = '\0';
    fclose(fp);
    return text;
}

/* The largest |analytic| seen by net_gradcheck's report. */
static void note_largest(const Param *p, int i, int j, double analytic, double numeric,
                         void *ctx)
{
    (void)p, (void)i, (void)j, (void)numeric;
    double *largest = ctx;
    *largest = fmax(*largest, fabs(analytic));
}

/* net_gradcheck must pass for loss on a 3 -> 4 (tanh) -> k (out) net. */
static void check_loss_gradient(Loss loss, ActKind out, int k, const Mat *Y)
{
    int units[] = {4, k};
    ActKind acts[] = {ACT_TANH, out};
    Net *net = make_net(3, 2, units, acts, 5, 7);
    Mat *X = random_mat(5, 3, -1.0, 1.0, 11);
    double largest = 0.0;
    double worst = net_gradcheck(net, &loss, X, Y, GRADCHECK_STEP, note_largest, &largest);
    cr_assert_leq(worst, GRAD_REL_TOL, "%s with %s output: relative error %.3g",
                  loss_name(loss.kind), act_name(out), worst);
    cr_assert_gt(largest, 1e-3, "%s: the gradient must not vanish (largest %.3g)",
                 loss_name(loss.kind), largest);
    mat_free(X);
    net_free(net);
}

/* ---- summary and parameter counts ------------------------------------------ */

Test(net, summary_of_the_notes_11_11_1_model_is_keras_text)
{
    /* 000: Dense(11, sigmoid, input_dim=11), Dense(1, sigmoid):
     * 11 x 11 + 11 = 132, 11 x 1 + 1 = 12, total 144 */
    Net *net = net_new(11, 1);
    net_add(net, 11, act_of(ACT_SIGMOID));
    net_add(net, 1, act_of(ACT_SIGMOID));
    cr_assert_str_eq(summary_of(net),
                     "Model: \"sequential\"\n"
                     "_________________________________________________________________\n"
                     " Layer (type)                Output Shape              Param #\n"
                     "=================================================================\n"
                     " dense (Dense)               (None, 11)                132\n"
                     "\n"
                     " dense_1 (Dense)             (None, 1)                 12\n"
                     "=================================================================\n"
                     "Total params: 144\n"
                     "Trainable params: 144\n"
                     "Non-trainable params: 0\n"
                     "_________________________________________________________________\n");
    net_free(net);
}

Test(net, summary_of_the_notes_4_3_2_1_network_counts_26_parameters)
{
    /* 001: "Trainable parameters = 15 + 8 + 3 = 26":
     * 4 x 3 + 3 = 15, 3 x 2 + 2 = 8, 2 x 1 + 1 = 3 */
    Net *net = net_new(4, 1);
    net_add(net, 3, act_of(ACT_SIGMOID));
    net_add(net, 2, act_of(ACT_SIGMOID));
    net_add(net, 1, act_of(ACT_SIGMOID));
    cr_assert_str_eq(summary_of(net),
                     "Model: \"sequential\"\n"
                     "_________________________________________________________________\n"
                     " Layer (type)                Output Shape              Param #\n"
                     "=================================================================\n"
                     " dense (Dense)               (None, 3)                 15\n"
                     "\n"
                     " dense_1 (Dense)             (None, 2)                 8\n"
                     "\n"
                     " dense_2 (Dense)             (None, 1)                 3\n"
                     "=================================================================\n"
                     "Total params: 26\n"
                     "Trainable params: 26\n"
                     "Non-trainable params: 0\n"
                     "_________________________________________________________________\n");
    net_free(net);
}

Test(net, summary_of_the_notes_2_2_1_regression_network_counts_9_parameters)
{
    /* 001: "9 trainable parameters": 2 x 2 + 2 = 6, 2 x 1 + 1 = 3 */
    Net *net = net_new(2, 4);
    net_add(net, 2, act_of(ACT_LINEAR));
    net_add(net, 1, act_of(ACT_LINEAR));
    cr_assert_str_eq(summary_of(net),
                     "Model: \"sequential\"\n"
                     "_________________________________________________________________\n"
                     " Layer (type)                Output Shape              Param #\n"
                     "=================================================================\n"
                     " dense (Dense)               (None, 2)                 6\n"
                     "\n"
                     " dense_1 (Dense)             (None, 1)                 3\n"
                     "=================================================================\n"
                     "Total params: 9\n"
                     "Trainable params: 9\n"
                     "Non-trainable params: 0\n"
                     "_________________________________________________________________\n");
    net_free(net);
}

Test(net, param_counts_of_the_notes_models)
{
    /* 000's second model 11-11-11-1: 132 + 132 + 12 = 276;
     * 001's 2-2-2 example: 2 x 2 + 2 = 6 twice, 12 */
    int m1[] = {11, 11, 1}, m2[] = {2, 2};
    ActKind s[] = {ACT_SIGMOID, ACT_SIGMOID, ACT_SIGMOID};
    Net *a = make_net(11, 3, m1, s, 1, 1), *b = make_net(2, 2, m2, s, 1, 1);
    cr_assert_eq(net_param_count(a), 276);
    cr_assert_eq(net_param_count(b), 12);
    cr_assert_eq(net_n_out(a), 1);
    cr_assert_eq(net_n_out(b), 2);
    net_free(a);
    net_free(b);
}

Test(net, an_empty_net_has_no_parameters_and_passes_its_inputs_through_in_width)
{
    Net *net = net_new(5, 1);
    cr_assert_eq(net_param_count(net), 0);
    cr_assert_eq(net_n_out(net), 5);
    net_free(net);
    net_free(NULL);
}

Test(net, has_no_layer_limit_a_60_layer_net_runs_forward_and_backward)
{
    /* 60 tanh layers of 2 units (the old limit was 16): 60 x (2 x 2 + 2) = 360
     * parameters, each with a named Param */
    Net *net = net_new(2, 1);
    for (int k = 0; k < 60; k++)
        cr_assert_eq(net_add(net, 2, act_of(ACT_TANH)), 0);
    cr_assert_eq(net->n_layers, 60);
    cr_assert_eq(net_param_count(net), 360);
    cr_assert_eq(net->n_params, 120);
    cr_assert_str_eq(net->params[119].name, "dense_59/b");
    Rng rng;
    rng_seed(&rng, 3);
    net_init(net, &(Init){.kind = INIT_XAVIER_NORMAL}, &rng);
    Mat *X = mat_from(1, 2, (double[]){0.5, -0.5}), *Y = mat_from(1, 2, (double[]){0.1, 0.2});
    double cost = net_cost_grad(net, &(Loss){.kind = LOSS_MSE}, X, Y);
    cr_assert(isfinite(cost));
    cr_assert(mat_all_finite(net->layers[0]->dW));
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, init_fills_every_w_and_sets_every_b_to_zero)
{
    int units[] = {3, 2};
    ActKind acts[] = {ACT_RELU, ACT_LINEAR};
    Net *net = make_net(2, 2, units, acts, 1, 3); /* biases made non-zero */
    Rng rng;
    rng_seed(&rng, 1);
    net_init(net, &(Init){.kind = INIT_CONSTANT, .c = 0.5}, &rng);
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < net->layers[k]->W->rows * net->layers[k]->W->cols; i++)
            cr_assert_eq(net->layers[k]->W->data[i], 0.5);
        for (int j = 0; j < units[k]; j++)
            cr_assert_eq(net->layers[k]->b->data[j], 0.0);
    }
    net_free(net);
}

/* ---- forward and step by hand --------------------------------------------- */

Test(net, forward_chains_the_layers_as_in_the_notes_matrix_form)
{
    /* linear 2-2-1 with the notes' start w = 1, b = 0 and the first student
     * (iq 80, cgpa 8): o11 = o12 = 80 + 8 = 88, y_hat = 88 + 88 = 176 */
    int units[] = {2, 1};
    ActKind acts[] = {ACT_LINEAR, ACT_LINEAR};
    Net *net = make_net(2, 2, units, acts, 1, 1);
    Rng rng;
    rng_seed(&rng, 1);
    net_init(net, &(Init){.kind = INIT_CONSTANT, .c = 1.0}, &rng);
    Mat *X = mat_from(1, 2, (double[]){80, 8});
    const Mat *yhat = net_forward(net, X);
    cr_assert_eq(MAT_AT(yhat, 0, 0), 176.0);
    Mat A1 = net_activation(net, 1);
    cr_assert_eq(MAT_AT(&A1, 0, 1), 88.0);
    mat_free(X);
    net_free(net);
}

Test(net, step_moves_each_parameter_against_its_gradient)
{
    /* W <- W - lr dW: 0.5 - 0.1 x 2 = 0.3;  b <- b - lr db: 0 - 0.1 x (-1) = 0.1 */
    int units[] = {1};
    ActKind acts[] = {ACT_LINEAR};
    Net *net = make_net(1, 1, units, acts, 1, 1);
    net->layers[0]->W->data[0] = 0.5;
    net->layers[0]->b->data[0] = 0.0;
    net->layers[0]->dW->data[0] = 2.0;
    net->layers[0]->db->data[0] = -1.0;
    net_step(net, 0.1);
    cr_assert_float_eq(net->layers[0]->W->data[0], 0.3, TOL_FEW_OPS);
    cr_assert_float_eq(net->layers[0]->b->data[0], 0.1, TOL_FEW_OPS);
    net_free(net);
}

/* ---- the gradient for every loss kind ----------------------------------------- */

Test(net, mse_gradient_passes_a_gradient_check)
{
    Mat *Y = random_mat(5, 2, -1, 1, 21);
    check_loss_gradient((Loss){.kind = LOSS_MSE}, ACT_LINEAR, 2, Y);
    mat_free(Y);
}

Test(net, mae_gradient_passes_a_gradient_check)
{
    Mat *Y = random_mat(5, 2, -1, 1, 22);
    check_loss_gradient((Loss){.kind = LOSS_MAE}, ACT_LINEAR, 2, Y);
    mat_free(Y);
}

Test(net, rmse_gradient_passes_a_gradient_check)
{
    Mat *Y = random_mat(5, 2, -1, 1, 23);
    check_loss_gradient((Loss){.kind = LOSS_RMSE}, ACT_LINEAR, 2, Y);
    mat_free(Y);
}

Test(net, huber_gradient_passes_a_gradient_check_inside_and_outside_delta)
{
    /* targets in [-2, 2] against outputs near 0: with delta 0.5 some
     * errors fall inside the band, some outside */
    Mat *Y = random_mat(5, 2, -2, 2, 24);
    check_loss_gradient((Loss){.kind = LOSS_HUBER, .delta = 0.5}, ACT_LINEAR, 2, Y);
    mat_free(Y);
}

Test(net, log_cosh_gradient_passes_a_gradient_check)
{
    Mat *Y = random_mat(5, 2, -2, 2, 25);
    check_loss_gradient((Loss){.kind = LOSS_LOGCOSH}, ACT_LINEAR, 2, Y);
    mat_free(Y);
}

static Mat *binary_targets(int m, int k)
{
    Mat *Y = mat_new(m, k);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < k; j++)
            MAT_AT(Y, i, j) = (i + j) % 2;
    return Y;
}

Test(net, bce_with_sigmoid_output_passes_a_gradient_check_through_the_closed_form)
{
    /* fused: dZ = (p - y) / (m k), here m = 5, k = 2 */
    Mat *Y = binary_targets(5, 2);
    check_loss_gradient((Loss){.kind = LOSS_BCE}, ACT_SIGMOID, 2, Y);
    mat_free(Y);
}

Test(net, bce_with_softmax_output_passes_a_gradient_check_through_the_chain)
{
    Mat *Y = binary_targets(5, 2);
    check_loss_gradient((Loss){.kind = LOSS_BCE}, ACT_SOFTMAX, 2, Y);
    mat_free(Y);
}

Test(net, weighted_bce_with_sigmoid_output_passes_a_gradient_check_through_the_closed_form)
{
    /* Keras' class_weight = {0: 0.5, 1: 2}: dZ = (w0 (1 - y) p - w1 y (1 - p)) / (m k) */
    Mat *Y = binary_targets(5, 1);
    check_loss_gradient((Loss){.kind = LOSS_WEIGHTED_BCE, .class_weight = {0.5, 2.0}},
                        ACT_SIGMOID, 1, Y);
    mat_free(Y);
}

static Mat *one_hot_targets(int m, int k)
{
    Mat *Y = mat_new(m, k);
    for (int i = 0; i < m; i++)
        MAT_AT(Y, i, (2 * i + 1) % k) = 1.0;
    return Y;
}

static Mat *class_targets(int m, int k)
{
    Mat *Y = mat_new(m, 1);
    for (int i = 0; i < m; i++)
        MAT_AT(Y, i, 0) = (2 * i + 1) % k;
    return Y;
}

Test(net, cce_with_softmax_output_passes_a_gradient_check_through_the_closed_form)
{
    Mat *Y = one_hot_targets(5, 3);
    check_loss_gradient((Loss){.kind = LOSS_CCE}, ACT_SOFTMAX, 3, Y);
    mat_free(Y);
}

Test(net, cce_with_sigmoid_outputs_passes_a_gradient_check_through_the_chain)
{
    Mat *Y = one_hot_targets(5, 3);
    check_loss_gradient((Loss){.kind = LOSS_CCE}, ACT_SIGMOID, 3, Y);
    mat_free(Y);
}

Test(net, sparse_cce_with_softmax_output_passes_a_gradient_check_through_the_closed_form)
{
    Mat *Y = class_targets(5, 3);
    check_loss_gradient((Loss){.kind = LOSS_SPARSE_CCE}, ACT_SOFTMAX, 3, Y);
    mat_free(Y);
}

Test(net, sparse_cce_with_sigmoid_outputs_passes_a_gradient_check_through_the_chain)
{
    Mat *Y = class_targets(5, 3);
    check_loss_gradient((Loss){.kind = LOSS_SPARSE_CCE}, ACT_SIGMOID, 3, Y);
    mat_free(Y);
}

Test(net, hinge_gradient_passes_a_gradient_check)
{
    /* y in {-1, 1}; outputs near 0 give margins y f < 1: the loss is active */
    Mat *Y = mat_from(5, 1, (double[]){1, -1, -1, 1, 1});
    check_loss_gradient((Loss){.kind = LOSS_HINGE}, ACT_LINEAR, 1, Y);
    mat_free(Y);
}

Test(net, perceptron_gradient_passes_a_gradient_check)
{
    /* signs chosen against the net's outputs, so that there are mistakes */
    int units[] = {4, 1};
    ActKind acts[] = {ACT_TANH, ACT_LINEAR};
    Net *net = make_net(3, 2, units, acts, 5, 7);
    Mat *X = random_mat(5, 3, -1.0, 1.0, 11);
    const Mat *f = net_forward(net, X);
    Mat *Y = mat_new(5, 1);
    for (int i = 0; i < 5; i++)
        MAT_AT(Y, i, 0) = i % 2 ? -act_sign(MAT_AT(f, i, 0)) : act_sign(MAT_AT(f, i, 0));
    mat_free(X);
    net_free(net);
    check_loss_gradient((Loss){.kind = LOSS_PERCEPTRON}, ACT_LINEAR, 1, Y);
    mat_free(Y);
}

Test(net, kl_gradient_passes_a_gradient_check)
{
    /* target distributions: rows of positive numbers summing to 1 */
    Mat *Y = random_mat(5, 3, 0.1, 1.0, 26);
    for (int i = 0; i < 5; i++) {
        double s = MAT_AT(Y, i, 0) + MAT_AT(Y, i, 1) + MAT_AT(Y, i, 2);
        for (int j = 0; j < 3; j++)
            MAT_AT(Y, i, j) /= s;
    }
    check_loss_gradient((Loss){.kind = LOSS_KL}, ACT_SOFTMAX, 3, Y);
    mat_free(Y);
}

Test(net, a_deep_net_of_mixed_activations_passes_a_gradient_check)
{
    /* 3 -> 5 (sigmoid) -> 4 (elu) -> 4 (swish) -> 3 (softmax), CCE */
    int units[] = {5, 4, 4, 3};
    ActKind acts[] = {ACT_SIGMOID, ACT_ELU, ACT_SWISH, ACT_SOFTMAX};
    Net *net = make_net(3, 4, units, acts, 6, 9);
    Mat *X = random_mat(6, 3, -2.0, 2.0, 12), *Y = one_hot_targets(6, 3);
    double largest = 0.0;
    double worst = net_gradcheck(net, &(Loss){.kind = LOSS_CCE}, X, Y, GRADCHECK_STEP, note_largest,
                                 &largest);
    cr_assert_leq(worst, GRAD_REL_TOL, "relative error %.3g", worst);
    cr_assert_gt(largest, 1e-3);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, the_gradient_checks_cover_every_loss_kind)
{
    /* the tests above run to LOSS_WEIGHTED_BCE, the last kind: a new kind
     * added after it needs its own gradient check here */
    cr_assert_eq(LOSS_WEIGHTED_BCE, 11);
    cr_assert_str_eq(loss_name((LossKind)(LOSS_WEIGHTED_BCE + 1)), "?");
}

/* ---- closed forms against the chain ----------------------------------------- */

/* The output layer's db from net_cost_grad (closed form for this pair) and
 * from the chain: loss_cost_grad, then net_backward through the activation. */
static void check_closed_form_equals_chain(Loss loss, ActKind out, int k, const Mat *Y)
{
    int units[] = {4, k};
    ActKind acts[] = {ACT_TANH, out};
    Net *net = make_net(3, 2, units, acts, 5, 8);
    Mat *X = random_mat(5, 3, -1.0, 1.0, 13);
    net_cost_grad(net, &loss, X, Y);
    Mat *closed_db = mat_dup(net->layers[1]->db), *closed_dW0 = mat_dup(net->layers[0]->dW);
    const Mat *P = net_forward(net, X);
    Mat *dP = mat_new(5, k);
    loss_cost_grad(&loss, dP, Y, P);
    net_backward(net, dP);
    for (int j = 0; j < k; j++) {
        double a = closed_db->data[j], c = net->layers[1]->db->data[j];
        cr_assert_leq(fabs(a - c), SAME_REL_TOL * fabs(c), "%s: db[%d] closed %.17g chain %.17g",
                      loss_name(loss.kind), j, a, c);
        cr_assert_gt(fabs(c), 1e-3);
    }
    cr_assert_leq(mat_max_abs_diff(closed_dW0, net->layers[0]->dW), 1e-12);
    mat_free(dP);
    mat_free(closed_db);
    mat_free(closed_dW0);
    mat_free(X);
    net_free(net);
}

Test(net, softmax_cce_closed_form_equals_the_chain_through_the_jacobian)
{
    Mat *Y = one_hot_targets(5, 3);
    check_closed_form_equals_chain((Loss){.kind = LOSS_CCE}, ACT_SOFTMAX, 3, Y);
    mat_free(Y);
}

Test(net, softmax_sparse_cce_closed_form_equals_the_chain_through_the_jacobian)
{
    Mat *Y = class_targets(5, 3);
    check_closed_form_equals_chain((Loss){.kind = LOSS_SPARSE_CCE}, ACT_SOFTMAX, 3, Y);
    mat_free(Y);
}

Test(net, sigmoid_bce_closed_form_equals_the_chain_through_sigma_prime)
{
    Mat *Y = binary_targets(5, 2);
    check_closed_form_equals_chain((Loss){.kind = LOSS_BCE}, ACT_SIGMOID, 2, Y);
    mat_free(Y);
}

Test(net, sigmoid_weighted_bce_closed_form_equals_the_chain_through_sigma_prime)
{
    Mat *Y = binary_targets(5, 1);
    check_closed_form_equals_chain((Loss){.kind = LOSS_WEIGHTED_BCE, .class_weight = {5, 70}},
                                   ACT_SIGMOID, 1, Y);
    mat_free(Y);
}

Test(net, closed_form_delta_of_softmax_cce_is_p_minus_y_over_m)
{
    /* 003: dz = p - y. One softmax layer with W = 0 and b = ln p gives
     * p = (0.2, 0.3, 0.5) for any input. Two samples, true classes 0 and 2:
     *   dZ = (p - y) / m:  ((0.2 - 1) / 2, 0.3 / 2, 0.5 / 2) = (-0.4, 0.15, 0.25)
     *                      (0.2 / 2, 0.3 / 2, (0.5 - 1) / 2)  = (0.1, 0.15, -0.25)
     *   db = column sums = (-0.3, 0.3, 0) */
    Net *net = net_new(1, 2);
    net_add(net, 3, act_of(ACT_SOFTMAX));
    double p[] = {0.2, 0.3, 0.5};
    for (int j = 0; j < 3; j++)
        net->layers[0]->b->data[j] = log(p[j]);
    Mat *X = mat_from(2, 1, (double[]){1.0, -4.0});
    Mat *Y = mat_from(2, 3, (double[]){1, 0, 0, 0, 0, 1});
    Mat *Yc = mat_from(2, 1, (double[]){0, 2});
    double want_db[] = {-0.3, 0.3, 0.0};
    LossKind kinds[] = {LOSS_CCE, LOSS_SPARSE_CCE};
    for (int t = 0; t < 2; t++) {
        double cost = net_cost_grad(net, &(Loss){.kind = kinds[t]}, X, t ? Yc : Y);
        /* cost = (-ln 0.2 - ln 0.5) / 2 = (1.60943791 + 0.693147181) / 2 = 1.15129255 */
        cr_assert_float_eq(cost, (-log(0.2) - log(0.5)) / 2, TOL_FEW_OPS);
        for (int j = 0; j < 3; j++)
            cr_assert_float_eq(net->layers[0]->db->data[j], want_db[j], TOL_FEW_OPS, "%s db[%d]",
                               loss_name(kinds[t]), j);
        /* dW = x^T dZ: 1 x (-0.4) + (-4) x 0.1 = -0.8 */
        cr_assert_float_eq(net->layers[0]->dW->data[0], -0.8, TOL_FEW_OPS);
    }
    mat_free(X);
    mat_free(Y);
    mat_free(Yc);
    net_free(net);
}

Test(net, sigmoid_bce_closed_form_survives_a_saturated_output)
{
    /* z = 40: p = 1 / (1 + e^-40) rounds to 1 in double. With y = 0 the true
     * dL/dz = p - y = 1 (the net is confidently wrong). The chain would give
     * (p - y) / (p (1 - p)) at the clamped p, times sigma'(40) = 1 x (1 - 1)
     * = 0: no gradient at all. The closed form keeps it: db = (1 - 0) / 1. */
    Net *net = net_new(1, 1);
    net_add(net, 1, act_of(ACT_SIGMOID));
    net->layers[0]->b->data[0] = 40.0;
    Mat *X = mat_from(1, 1, (double[]){0.0}), *Y = mat_from(1, 1, (double[]){0.0});
    double cost = net_cost_grad(net, &(Loss){.kind = LOSS_BCE}, X, Y);
    cr_assert_float_eq(net->layers[0]->db->data[0], 1.0, TOL_FEW_OPS);
    /* the cost is clamped: -ln(1e-7) = 16.1180957 */
    cr_assert_float_eq(cost, -log(LOSS_EPS), 1e-6);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

/* ---- training ------------------------------------------------------------------- */

/* y = 2 x1 - 3 x2 + 1 at 20 points of [-1, 1]^2. */
static void line_data(Mat **X, Mat **Y, double scale)
{
    *X = random_mat(20, 2, -scale, scale, 31);
    *Y = mat_new(20, 1);
    for (int i = 0; i < 20; i++)
        MAT_AT(*Y, i, 0) = 2 * MAT_AT(*X, i, 0) - 3 * MAT_AT(*X, i, 1) + 1;
}

Test(net, fit_learns_a_line_and_its_full_batch_cost_never_rises)
{
    /* full-batch gradient descent on a convex quadratic with lr 0.1, far
     * below 2 / (largest curvature ~ 2 x 0.33 x 2): the cost falls every
     * epoch, and geometrically, to the exact line */
    Mat *X, *Y;
    line_data(&X, &Y, 1.0);
    int units[] = {1};
    ActKind acts[] = {ACT_LINEAR};
    Net *net = make_net(2, 1, units, acts, 20, 4);
    double history[500];
    FitResult res;
    int rc = net_fit(net, &(Loss){.kind = LOSS_MSE}, X, Y,
                     &(FitSpec){.epochs = 500, .batch_size = 0, .lr = 0.1, .history = history},
                     &res);
    cr_assert_eq(rc, 0, "%s", res.message);
    cr_assert_eq(res.epochs, 500);
    cr_assert_eq(res.diverged, 0);
    cr_assert_eq(res.cost, history[499]);
    for (int e = 1; e < 500; e++)
        cr_assert_leq(history[e], history[e - 1], "the cost rose at epoch %d", e + 1);
    cr_assert_lt(history[499], 1e-10, "cost %.3g after 500 epochs", history[499]);
    cr_assert_float_eq(net->layers[0]->W->data[0], 2.0, 1e-5);
    cr_assert_float_eq(net->layers[0]->W->data[1], -3.0, 1e-5);
    cr_assert_float_eq(net->layers[0]->b->data[0], 1.0, 1e-5);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, fit_with_shuffled_mini_batches_separates_two_blobs)
{
    /* TensorFlow Playground's gaussian set: 2 -> 3 (tanh) -> 1 (sigmoid), BCE,
     * batches of 8 (the last one of 4), shuffled each epoch */
    Rng rng;
    rng_seed(&rng, 5);
    Mat *X = mat_new(60, 2), *Y = mat_new(60, 1);
    data_toy(&rng, TOY_GAUSSIANS, 0.0, X, Y);
    int units[] = {3, 1};
    ActKind acts[] = {ACT_TANH, ACT_SIGMOID};
    Net *net = make_net(2, 2, units, acts, 8, 6);
    Loss bce = {.kind = LOSS_BCE};
    double before = net_cost(net, &bce, X, Y);
    double history[50];
    FitResult res;
    int rc = net_fit(net, &bce, X, Y,
                     &(FitSpec){.epochs = 50, .batch_size = 8, .lr = 0.5, .shuffle = &rng,
                                .history = history},
                     &res);
    cr_assert_eq(rc, 0, "%s", res.message);
    double after = net_cost(net, &bce, X, Y);
    cr_assert_lt(after, 0.05 * before, "cost %.3g -> %.3g", before, after);
    cr_assert_lt(history[49], history[0]);
    cr_assert_eq(net_accuracy(net, &bce, X, Y), 1.0);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, l2_penalty_is_the_sum_of_squared_weights_without_the_biases)
{
    /* W = [[1, 2], [3, 4]], b = (5, 6): 1 + 4 + 9 + 16 = 30 (b left out) */
    Net *net = net_new(2, 1);
    net_add(net, 2, act_of(ACT_LINEAR));
    double w[] = {1, 2, 3, 4};
    for (int k = 0; k < 4; k++)
        net->layers[0]->W->data[k] = w[k];
    net->layers[0]->b->data[0] = 5, net->layers[0]->b->data[1] = 6;
    cr_assert_eq(net_l2(net), 30.0);
    /* dW <- dW + 2 lambda W with lambda = 0.1 from dW = 0: (0.2, 0.4, 0.6, 0.8) */
    mat_fill(net->layers[0]->dW, 0.0);
    mat_fill(net->layers[0]->db, 0.0);
    net_add_l2_grad(net, 0.1);
    for (int k = 0; k < 4; k++)
        cr_assert_float_eq(net->layers[0]->dW->data[k], 0.2 * w[k], TOL_FEW_OPS);
    cr_assert_eq(net->layers[0]->db->data[0], 0.0, "the biases are not penalized");
    net_free(net);
}

typedef struct {
    Net *net;
    const Loss *loss;
    const Mat *X, *Y;
    double lambda;
} PenalizedCtx;

static double penalized_cost(void *ctx)
{
    PenalizedCtx *c = ctx;
    return net_cost(c->net, c->loss, c->X, c->Y) + c->lambda * net_l2(c->net);
}

Test(net, l2_gradient_passes_a_gradient_check_of_the_penalized_cost)
{
    int units[] = {3, 1};
    ActKind acts[] = {ACT_TANH, ACT_LINEAR};
    Net *net = make_net(2, 2, units, acts, 4, 14);
    Mat *X = random_mat(4, 2, -1, 1, 15), *Y = random_mat(4, 1, -1, 1, 16);
    Loss mse = {.kind = LOSS_MSE};
    PenalizedCtx c = {net, &mse, X, Y, 0.3};
    net_cost_grad(net, &mse, X, Y);
    net_add_l2_grad(net, c.lambda);
    for (int k = 0; k < 2; k++) {
        Mat *W = net->layers[k]->W, *dW = mat_dup(net->layers[k]->dW);
        for (int i = 0; i < W->rows * W->cols; i++) {
            double numeric = gradcheck_numeric(penalized_cost, &c, &W->data[i], GRADCHECK_STEP);
            cr_assert_leq(gradcheck_rel_error(dW->data[i], numeric), GRAD_REL_TOL,
                          "layer %d w[%d]: analytic %.9g numeric %.9g", k, i, dW->data[i],
                          numeric);
        }
        mat_free(dW);
    }
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, fit_with_l2_reports_the_penalized_cost_and_keeps_weights_smaller)
{
    /* 300 full-batch epochs converge (the change per epoch is ~1e-12 by
     * then), so the last reported cost - computed before the last step -
     * equals the cost plus lambda sum w^2 at the final weights to 1e-8 */
    Mat *X, *Y;
    line_data(&X, &Y, 1.0);
    int units[] = {1};
    ActKind acts[] = {ACT_LINEAR};
    Net *plain = make_net(2, 1, units, acts, 20, 4), *reg = make_net(2, 1, units, acts, 20, 4);
    FitResult r1, r2;
    Loss mse = {.kind = LOSS_MSE};
    double lambda = 0.05;
    cr_assert_eq(net_fit(plain, &mse, X, Y, &(FitSpec){.epochs = 300, .lr = 0.1}, &r1), 0);
    cr_assert_eq(net_fit(reg, &mse, X, Y, &(FitSpec){.epochs = 300, .lr = 0.1, .l2 = lambda}, &r2),
                 0);
    cr_assert_lt(net_l2(reg), 0.9 * net_l2(plain), "l2 %.9g vs %.9g", net_l2(reg), net_l2(plain));
    double penalized = net_cost(reg, &mse, X, Y) + lambda * net_l2(reg);
    cr_assert_float_eq(r2.cost, penalized, 1e-8, "reported %.12g, penalized %.12g", r2.cost,
                       penalized);
    cr_assert_gt(lambda * net_l2(reg), 0.1, "the penalty is a sizeable part of the cost");
    mat_free(X);
    mat_free(Y);
    net_free(plain);
    net_free(reg);
}

/* The epoch named in a net_fit divergence message ("... at epoch N, ..."). */
static int epoch_in(const char *message)
{
    const char *at = strstr(message, "at epoch ");
    cr_assert_not_null(at, "no epoch in \"%s\"", message);
    return atoi(at + strlen("at epoch "));
}

Test(net, fit_detects_divergence_of_linear_regression_and_names_the_epoch)
{
    /* inputs up to 10 make the curvature of the MSE ~ 2 x 33 = 66 per
     * weight: any lr above ~0.03 makes each step overshoot further; at
     * lr = 5 a step multiplies the error by about |1 - 5 x 66| ~ 330, the
     * cost by ~1e5: epoch 2's loss (3.6e7) is more than FIT_GROWTH = 1000
     * times epoch 1's (543), so fit stops after epoch 2 (logged: 2 complete
     * epochs), long before the cost overflows */
    Mat *X, *Y;
    line_data(&X, &Y, 10.0);
    int units[] = {1};
    ActKind acts[] = {ACT_LINEAR};
    Net *net = make_net(2, 1, units, acts, 20, 4);
    double history[1000];
    FitResult res;
    int rc = net_fit(net, &(Loss){.kind = LOSS_MSE}, X, Y,
                     &(FitSpec){.epochs = 1000, .lr = 5.0, .history = history}, &res);
    cr_assert_eq(rc, -1);
    cr_assert_eq(res.diverged, 1);
    cr_assert_eq(res.epochs, 2, "%s", res.message);
    cr_assert(strncmp(res.message, "training diverged: the loss grew to ", 36) == 0, "%s",
              res.message);
    cr_assert_eq(epoch_in(res.message), 2, "%s", res.message);
    cr_assert_eq(res.epoch, 2);
    cr_assert_eq(res.batch, 1, "one batch of all 20 rows an epoch");
    cr_assert_gt(history[1], 1000 * history[0]);
    cr_assert_eq(res.last_cost, history[1], "one batch: its cost is the epoch's loss");
    cr_assert_eq(res.cause, FIT_CAUSE_LEARNING_RATE);
    cr_assert_not_null(strstr(res.message, "likely cause: the learning rate 5 is too large"),
                       "%s", res.message);
    cr_assert_str_eq(res.hint, "try a smaller learning rate, such as 0.5");
    for (int e = 1; e < res.epochs; e++)
        cr_assert_gt(history[e], history[e - 1], "the cost grows every epoch");
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, fit_detects_weights_that_overflow_while_the_cost_is_still_finite)
{
    /* one epoch, one batch: the cost at the start is finite, but the step
     * W - 1e308 x dW overflows to infinity */
    Mat *X, *Y;
    line_data(&X, &Y, 1.0);
    int units[] = {1};
    ActKind acts[] = {ACT_LINEAR};
    Net *net = make_net(2, 1, units, acts, 20, 4);
    FitResult res;
    int rc = net_fit(net, &(Loss){.kind = LOSS_MSE}, X, Y, &(FitSpec){.epochs = 1, .lr = 1e308},
                     &res);
    cr_assert_eq(rc, -1);
    cr_assert_eq(res.diverged, 1);
    cr_assert_eq(epoch_in(res.message), 1, "%s", res.message);
    cr_assert_not_null(strstr(res.message, "weight"), "%s", res.message);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

/* ---- net_cost over more rows than a batch --------------------------------------- */

static void check_chunked_cost(Loss loss, ActKind out, int k, const Mat *Y)
{
    /* the same weights in a net taking batches of 3 and one taking all 10 */
    int units[] = {4, k};
    ActKind acts[] = {ACT_TANH, out};
    Net *small = make_net(2, 2, units, acts, 3, 17), *whole = make_net(2, 2, units, acts, 10, 17);
    Mat *X = random_mat(10, 2, -1, 1, 18);
    double chunked = net_cost(small, &loss, X, Y), direct = net_cost(whole, &loss, X, Y);
    cr_assert_leq(fabs(chunked - direct), SAME_REL_TOL * direct, "%s: %.17g vs %.17g",
                  loss_name(loss.kind), chunked, direct);
    mat_free(X);
    net_free(small);
    net_free(whole);
}

Test(net, cost_of_more_rows_than_a_batch_is_the_mean_over_all_rows)
{
    /* 10 rows in chunks of 3, 3, 3, 1, weighted by their sizes */
    Mat *Yr = random_mat(10, 2, -1, 1, 19), *Yh = one_hot_targets(10, 3),
        *Yc = class_targets(10, 3);
    check_chunked_cost((Loss){.kind = LOSS_MSE}, ACT_LINEAR, 2, Yr);
    check_chunked_cost((Loss){.kind = LOSS_RMSE}, ACT_LINEAR, 2, Yr);
    check_chunked_cost((Loss){.kind = LOSS_CCE}, ACT_SOFTMAX, 3, Yh);
    check_chunked_cost((Loss){.kind = LOSS_SPARSE_CCE}, ACT_SOFTMAX, 3, Yc);
    mat_free(Yr);
    mat_free(Yh);
    mat_free(Yc);
}

Test(net, rmse_over_chunks_is_the_root_of_the_combined_mse_not_the_mean_of_roots)
{
    /* a 1 -> 1 linear net with w = 1, b = 0 predicts x; targets 0:
     * squared errors 1, 1, 1 (chunk 1) and 25 (chunk 2, x = 5):
     * rmse = sqrt(28 / 4) = sqrt(7) = 2.64575131, while the mean of the
     * chunks' rmse weighted by size would be (3 x 1 + 1 x 5) / 4 = 2 */
    Net *net = net_new(1, 3);
    net_add(net, 1, act_of(ACT_LINEAR));
    net->layers[0]->W->data[0] = 1.0;
    Mat *X = mat_from(4, 1, (double[]){1, -1, 1, 5}), *Y = mat_new(4, 1);
    cr_assert_float_eq(net_cost(net, &(Loss){.kind = LOSS_RMSE}, X, Y), sqrt(7.0), TOL_FEW_OPS);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, backward_before_any_forward_stops_at_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("net->m > 0");
    int units[] = {2, 1};
    ActKind acts[] = {ACT_TANH, ACT_LINEAR};
    Net *net = make_net(2, 2, units, acts, 3, 1);
    Mat *dY = mat_new(1, 1);
    net_backward(net, dY);
}

Test(net, backward_after_a_chunked_cost_uses_the_nets_own_copy_of_the_last_chunk)
{
    /* net_cost ran forward over chunks of 2 rows of a 5-row X: the last
     * chunk (row 5) is in the net's own A^[0], so a backward may follow
     * and gives dW = x5^T dY for the output layer's input */
    int units[] = {1};
    ActKind acts[] = {ACT_LINEAR};
    Net *net = make_net(2, 1, units, acts, 2, 1);
    Mat *X = random_mat(5, 2, -1, 1, 1), *Y = random_mat(5, 1, -1, 1, 2);
    net_cost(net, &(Loss){.kind = LOSS_MSE}, X, Y);
    Mat *dY = mat_from(1, 1, (double[]){2.0});
    net_backward(net, dY);
    cr_assert_eq(MAT_AT(net->layers[0]->dW, 0, 0), 2.0 * MAT_AT(X, 4, 0));
    cr_assert_eq(MAT_AT(net->layers[0]->dW, 1, 0), 2.0 * MAT_AT(X, 4, 1));
    mat_free(X);
    mat_free(Y);
    mat_free(dY);
    net_free(net);
}

/* ---- accuracy ---------------------------------------------------------------------- */

Test(net, accuracy_thresholds_one_output_at_one_half)
{
    /* a 1 -> 1 sigmoid with w = 1, b = 0: p = sigma(x) >= 0.5 exactly when x >= 0.
     * x = (2, -1, 0, -3) -> predicted (1, 0, 1, 0) vs y = (1, 1, 1, 0): 3 of 4 */
    Net *net = net_new(1, 4);
    net_add(net, 1, act_of(ACT_SIGMOID));
    net->layers[0]->W->data[0] = 1.0;
    Mat *X = mat_from(4, 1, (double[]){2, -1, 0, -3}), *Y = mat_from(4, 1, (double[]){1, 1, 1, 0});
    cr_assert_float_eq(net_accuracy(net, &(Loss){.kind = LOSS_BCE}, X, Y), 0.75, TOL_FEW_OPS);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, accuracy_of_k_outputs_takes_the_argmax_against_one_hot_rows_or_class_indices)
{
    /* a 2 -> 2 linear net computing the identity: the argmax is the larger
     * input. Rows (3, 1) -> 0, (0, 2) -> 1, (5, 4) -> 0 vs classes (0, 0, 0):
     * 2 of 3, in batches of 2 (the last of 1) */
    Net *net = net_new(2, 2);
    net_add(net, 2, act_of(ACT_LINEAR));
    MAT_AT(net->layers[0]->W, 0, 0) = 1.0;
    MAT_AT(net->layers[0]->W, 1, 1) = 1.0;
    Mat *X = mat_from(3, 2, (double[]){3, 1, 0, 2, 5, 4});
    Mat *Yc = mat_from(3, 1, (double[]){0, 0, 0});
    Mat *Yh = mat_from(3, 2, (double[]){1, 0, 1, 0, 1, 0});
    cr_assert_float_eq(net_accuracy(net, &(Loss){.kind = LOSS_SPARSE_CCE}, X, Yc), 2.0 / 3, TOL_FEW_OPS);
    cr_assert_float_eq(net_accuracy(net, &(Loss){.kind = LOSS_CCE}, X, Yh), 2.0 / 3, TOL_FEW_OPS);
    mat_free(X);
    mat_free(Yc);
    mat_free(Yh);
    net_free(net);
}

/* ---- net_gradcheck itself -------------------------------------------------------- */

typedef struct {
    int calls;
    int seen_b;
} Count;

static void count_calls(const Param *p, int i, int j, double analytic, double numeric,
                        void *ctx)
{
    (void)i, (void)j, (void)analytic, (void)numeric;
    Count *c = ctx;
    c->calls++;
    c->seen_b += strstr(p->name, "/b") != NULL;
}

Test(net, gradcheck_visits_every_parameter_once_and_leaves_them_unchanged)
{
    /* 001's 4-3-2-1 network: 26 parameters, 3 + 2 + 1 = 6 of them biases */
    int units[] = {3, 2, 1};
    ActKind acts[] = {ACT_SIGMOID, ACT_SIGMOID, ACT_SIGMOID};
    Net *net = make_net(4, 3, units, acts, 2, 10);
    Mat *X = random_mat(2, 4, -1, 1, 20), *Y = binary_targets(2, 1);
    Mat *before[3];
    for (int k = 0; k < 3; k++)
        before[k] = mat_dup(net->layers[k]->W);
    Count c = {0, 0};
    Loss bce = {.kind = LOSS_BCE};
    double worst = net_gradcheck(net, &bce, X, Y, GRADCHECK_STEP, count_calls, &c);
    cr_assert_eq(c.calls, 26);
    cr_assert_eq(c.seen_b, 6);
    cr_assert_leq(worst, GRAD_REL_TOL);
    for (int k = 0; k < 3; k++) {
        cr_assert_eq(memcmp(before[k]->data, net->layers[k]->W->data,
                            sizeof(double) * before[k]->rows * before[k]->cols),
                     0, "layer %d's W changed", k);
        mat_free(before[k]);
    }
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, gradcheck_of_a_nan_cost_never_passes)
{
    /* a NaN input makes every cost and gradient NaN; the worst relative
     * error must then fail a check written as worst <= tol */
    int units[] = {2, 1};
    ActKind acts[] = {ACT_TANH, ACT_LINEAR};
    Net *net = make_net(2, 2, units, acts, 2, 1);
    Mat *X = mat_from(2, 2, (double[]){0.5, NAN, 0.1, 0.2}), *Y = mat_new(2, 1);
    double worst = net_gradcheck(net, &(Loss){.kind = LOSS_MSE}, X, Y, GRADCHECK_STEP, NULL, NULL);
    cr_assert_not(worst <= GRAD_REL_TOL, "worst = %g", worst);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, accuracy_of_a_hinge_model_takes_the_sign_of_the_score_against_labels_plus_minus_one)
{
    /* a 1 -> 1 linear unit with w = 1, b = 0: the score is x. x = (2, -1, 0.3, -3)
     * -> sign (1, -1, 1, -1) vs y = (1, 1, -1, -1): right, wrong, wrong, right.
     * (With the 0.5 threshold of a probability, x = 0.3 would count as -1 and
     * match: 3 of 4.) */
    Net *net = net_new(1, 4);
    net_add(net, 1, act_of(ACT_LINEAR));
    net->layers[0]->W->data[0] = 1.0;
    Mat *X = mat_from(4, 1, (double[]){2, -1, 0.3, -3});
    Mat *Y = mat_from(4, 1, (double[]){1, 1, -1, -1});
    cr_assert_float_eq(net_accuracy(net, &(Loss){.kind = LOSS_HINGE}, X, Y), 0.5, TOL_FEW_OPS);
    cr_assert_float_eq(net_accuracy(net, &(Loss){.kind = LOSS_PERCEPTRON}, X, Y), 0.5,
                       TOL_FEW_OPS);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(net, bad_class_labels_are_an_error_from_fit_and_evaluate_not_an_abort)
{
    /* 2 outputs: a label of 2, of 0.5 or of NaN is bad data, returned as an
     * error naming the row (1-based), never an abort or an out-of-range read */
    Net *net = net_new(2, 3);
    net_add(net, 2, act_of(ACT_SOFTMAX));
    Mat *X = mat_from(3, 2, (double[]){0, 0, 1, 1, 2, 2});
    Loss sparse = {.kind = LOSS_SPARSE_CCE};
    const double bad[] = {2, 0.5, NAN};
    const char *want[] = {"row 3: the label is 2; expected a class index, a whole number 0 to 1",
                          "row 3: the label is 0.5; expected a class index, a whole number 0 to 1",
                          "row 3: the label is nan; expected a class index, a whole number 0 to 1"};
    for (int c = 0; c < 3; c++) {
        Mat *Y = mat_from(3, 1, (double[]){0, 1, bad[c]});
        FitResult res;
        cr_assert_eq(net_fit(net, &sparse, X, Y, &(FitSpec){.epochs = 1, .lr = 0.1}, &res), -1);
        cr_assert_str_eq(res.message, want[c]);
        char err[128];
        EpochLog log;
        cr_assert_eq(net_evaluate(net, &sparse, METRIC_ACCURACY, X, Y, &log, err, sizeof err), -1);
        cr_assert_str_eq(err, want[c]);
        mat_free(Y);
    }
    /* a regression target that is not a number */
    Mat *Yr = mat_from(3, 2, (double[]){0, 1, 2, INFINITY, 4, 5});
    char msg[128];
    cr_assert_eq(net_check_targets(net, &(Loss){.kind = LOSS_MSE}, X, Yr, msg, sizeof msg), -1);
    cr_assert_str_eq(msg, "row 2: the target is inf; expected a finite number");
    mat_free(Yr);
    /* and a target matrix of the wrong width */
    Mat *Y3 = mat_new(3, 3);
    char err[128];
    cr_assert_eq(net_check_targets(net, &(Loss){.kind = LOSS_CCE}, X, Y3, err, sizeof err), -1);
    cr_assert_str_eq(err, "the targets have 3 columns, the model gives 2 outputs");
    mat_free(Y3);
    mat_free(X);
    net_free(net);
}

Test(net, fit_records_the_validation_cost_of_each_epoch)
{
    /* val_history[e] is net_cost on the validation set with the weights at
     * the end of epoch e: after the last epoch it equals net_cost itself */
    Mat *X, *Y;
    line_data(&X, &Y, 1.0);
    Net *net = net_new(2, X->rows);
    net_add(net, 1, act_of(ACT_LINEAR));
    Loss mse = {.kind = LOSS_MSE};
    double val[5];
    FitResult res;
    int rc = net_fit(net, &mse, X, Y,
                     &(FitSpec){.epochs = 5, .lr = 0.05, .X_val = X, .Y_val = Y,
                                .val_history = val},
                     &res);
    cr_assert_eq(rc, 0, "%s", res.message);
    cr_assert_float_eq(val[4], net_cost(net, &mse, X, Y), TOL_FEW_OPS);
    cr_assert_lt(val[4], val[0], "the validation cost falls: %g -> %g", val[0], val[4]);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}
