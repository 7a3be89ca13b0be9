/* test_layer_kinds.c - the layer kinds besides dense: activation, dropout,
 * batch normalization and the skip connection ("add").
 *
 * Each kind's backward is checked against central differences of
 * F = sum_ij G_ij A_ij (so dF/dA = G, a fixed matrix with no symmetry),
 * for every parameter and every input value: dropout with a fixed mask
 * (the same Rng state before each forward), batch normalization in train
 * mode (mu and var depend on every x of the batch) and in inference mode.
 * Then the behaviour by hand: inverted dropout's scaling and its
 * identity at inference, batch norm's statistics and running averages,
 * and through a net: a skip connection's gradient, every kind in one
 * net_gradcheck, and the Keras summary with non-trainable parameters.
 *
 * Tolerance of the gradient checks: relative error <= 1e-7 (cs231n's
 * "good", see gradcheck.h); a correct gradient lands near 1e-9 here, a
 * wrong sign at 2.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gradcheck.h"
#include "layer.h"
#include "net.h"

#define GRAD_REL_TOL 1e-7

/* F = sum G * A for one layer, with the layer's input X (and skip S). */
typedef struct {
    Layer *L;
    Mat *X, *S, *A, *G;
    Mode mode;
    Rng noise; /* copied before each forward: dropout draws the same mask */
} Probe;

static double F(void *ctx)
{
    Probe *p = ctx;
    Rng r = p->noise;
    layer_forward(p->L, p->A, p->X, p->S, p->mode, &r);
    double f = 0.0;
    for (long k = 0; k < (long)p->A->rows * p->A->cols; k++)
        f += p->G->data[k] * p->A->data[k];
    return f;
}

/* Largest relative error of every value of V against its gradient D. */
static double check_values(Probe *p, Mat *V, const Mat *D, double *largest)
{
    double worst = 0.0;
    for (long k = 0; k < (long)V->rows * V->cols; k++) {
        double numeric = gradcheck_numeric(F, p, &V->data[k], GRADCHECK_STEP);
        worst = fmax(worst, gradcheck_rel_error(D->data[k], numeric));
        *largest = fmax(*largest, fabs(D->data[k]));
    }
    return worst;
}

static Mat *pattern(int rows, int cols, double scale, double shift)
{
    Mat *M = mat_new(rows, cols);
    for (int k = 0; k < rows * cols; k++)
        M->data[k] = scale * sin(1.3 * k + shift) + 0.1 * k;
    return M;
}

/* Forward, backward, then every parameter and input value checked. */
static void check_layer(Layer *L, Mode mode, int with_skip)
{
    int m = 4, n = L->n_in;
    Probe p = {.L = L, .X = pattern(m, n, 1.0, 0.3),
               .S = with_skip ? pattern(m, n, 0.7, 1.1) : NULL, .A = mat_new(m, L->n_out),
               .G = pattern(m, L->n_out, 1.5, 2.0), .mode = mode};
    rng_seed(&p.noise, 42);
    F(&p);
    Mat *dX = mat_new(m, n);
    layer_backward(L, dX, p.G, p.X, p.A);
    Param params[4];
    int n_params = layer_params(L, params);
    double largest = 0.0, worst = 0.0;
    for (int i = 0; i < n_params; i++)
        if (params[i].trainable) {
            Mat *D = mat_dup(params[i].grad); /* F below runs forward only */
            worst = fmax(worst, check_values(&p, params[i].value, D, &largest));
            mat_free(D);
        }
    worst = fmax(worst, check_values(&p, p.X, dX, &largest));
    cr_assert_leq(worst, GRAD_REL_TOL, "%s: relative error %g", layer_kind_name(L->kind), worst);
    cr_assert_gt(largest, 1e-3, "the gradients are not all zero");
    Mat *all[] = {p.X, p.S, p.A, p.G, dX};
    for (int k = 0; k < 5; k++)
        mat_free(all[k]);
}

Test(layer_kinds, activation_backward_passes_a_gradient_check)
{
    Layer *L = layer_activation(3, act_of(ACT_TANH), 4);
    check_layer(L, MODE_TRAIN, 0);
    layer_free(L);
}

Test(layer_kinds, dropout_backward_with_a_fixed_mask_passes_a_gradient_check)
{
    Layer *L = layer_dropout(5, 0.3, 4);
    check_layer(L, MODE_TRAIN, 0);
    layer_free(L);
}

Test(layer_kinds, batchnorm_backward_in_train_mode_passes_a_gradient_check)
{
    Layer *L = layer_batchnorm(3, 4);
    for (int j = 0; j < 3; j++) { /* gamma, beta away from 1, 0 */
        L->gamma->data[j] = 0.5 + 0.4 * j;
        L->beta->data[j] = 0.2 - 0.3 * j;
    }
    check_layer(L, MODE_TRAIN, 0);
    layer_free(L);
}

Test(layer_kinds, batchnorm_backward_in_inference_mode_passes_a_gradient_check)
{
    Layer *L = layer_batchnorm(3, 4);
    for (int j = 0; j < 3; j++) {
        L->gamma->data[j] = 1.5 - 0.4 * j;
        L->moving_mean->data[j] = 0.3 * j;
        L->moving_var->data[j] = 0.5 + j;
    }
    check_layer(L, MODE_INFER, 0);
    layer_free(L);
}

Test(layer_kinds, add_backward_passes_a_gradient_check)
{
    Layer *L = layer_add(3, 0, 4);
    check_layer(L, MODE_TRAIN, 1);
    layer_free(L);
}

/* ---- dropout by hand ------------------------------------------------------ */

Test(layer_kinds, inverted_dropout_scales_the_kept_units_by_one_over_one_minus_rate)
{
    /* rate 0.5: each unit is kept (times 1 / (1 - 0.5) = 2) or zeroed; the
     * mean of the outputs over many units stays near the input's mean */
    int m = 200, n = 50;
    Layer *L = layer_dropout(n, 0.5, m);
    Mat *X = mat_new(m, n), *A = mat_new(m, n);
    mat_fill(X, 3.0);
    Rng rng;
    rng_seed(&rng, 5);
    layer_forward(L, A, X, NULL, MODE_TRAIN, &rng);
    int zeros = 0;
    for (int k = 0; k < m * n; k++) {
        cr_assert(A->data[k] == 0.0 || A->data[k] == 6.0, "A = %g", A->data[k]);
        zeros += A->data[k] == 0.0;
    }
    /* 10,000 coin tosses: the fraction dropped is 0.5 +- 0.005 (one standard
     * deviation), so 0.47..0.53 fails only on a 6-sigma draw */
    cr_assert(zeros > 4700 && zeros < 5300, "%d of 10000 dropped", zeros);
    double mean = mat_sum(A) / (m * n);
    cr_assert(fabs(mean - 3.0) < 0.2, "mean %g", mean);
    /* inference: A = X, no Rng needed */
    layer_forward(L, A, X, NULL, MODE_INFER, NULL);
    cr_assert_eq(mat_max_abs_diff(A, X), 0.0);
    mat_free(X);
    mat_free(A);
    layer_free(L);
}

/* ---- batch normalization by hand ------------------------------------------- */

Test(layer_kinds, batchnorm_standardizes_with_the_batch_statistics_and_moves_the_running_ones)
{
    /* one column x = (1, 2, 3, 6): mu = 12 / 4 = 3,
     * var = ((1-3)^2 + (2-3)^2 + 0 + (6-3)^2) / 4 = (4 + 1 + 0 + 9) / 4 = 3.5,
     * x_hat = (x - 3) / sqrt(3.5 + 0.001); with gamma 2, beta 0.5:
     * A_1 = 2 x (-2 / 1.87109594) + 0.5 = 2 x (-1.06889228) + 0.5 = -1.63778456;
     * running mean = 0.99 x 0 + 0.01 x 3 = 0.03, variance = 0.99 x 1 + 0.01 x 3.5 = 1.025 */
    Layer *L = layer_batchnorm(1, 4);
    L->gamma->data[0] = 2.0;
    L->beta->data[0] = 0.5;
    Mat *X = mat_from(4, 1, (double[]){1, 2, 3, 6}), *A = mat_new(4, 1);
    layer_forward(L, A, X, NULL, MODE_TRAIN, NULL);
    cr_assert_float_eq(L->mu->data[0], 3.0, 1e-15);
    cr_assert_float_eq(L->var->data[0], 3.5, 1e-15);
    cr_assert_float_eq(A->data[0], 2.0 * (-2.0 / sqrt(3.501)) + 0.5, 1e-15);
    cr_assert_float_eq(A->data[0], -1.63778456, 5e-9);
    cr_assert_float_eq(L->moving_mean->data[0], 0.03, 1e-15);
    cr_assert_float_eq(L->moving_var->data[0], 1.025, 1e-15);
    /* inference uses the running statistics: (1 - 0.03) / sqrt(1.025 + 0.001) x 2 + 0.5 */
    double running = L->moving_mean->data[0];
    layer_forward(L, A, X, NULL, MODE_INFER, NULL);
    cr_assert_float_eq(A->data[0], 2.0 * 0.97 / sqrt(1.026) + 0.5, 1e-15);
    cr_assert_eq(L->moving_mean->data[0], running, "inference leaves them");
    mat_free(X);
    mat_free(A);
    layer_free(L);
}

/* ---- through a net ------------------------------------------------------------ */

/* 3 inputs -> dense 4 tanh -> batchnorm -> dropout 0.2 -> dense 4 sigmoid
 * -> add (skip from A^[1]) -> activation elu -> dense 2 softmax */
static Net *every_kind(int max_rows)
{
    Net *net = net_new(3, max_rows);
    net_add(net, 4, act_of(ACT_TANH));
    net_add_batchnorm(net);
    net_add_dropout(net, 0.2);
    net_add(net, 4, act_of(ACT_SIGMOID));
    net_add_skip(net, 1);
    net_add_activation(net, act_of(ACT_ELU));
    net_add(net, 2, act_of(ACT_SOFTMAX));
    Rng rng;
    rng_seed(&rng, 11);
    net_init(net, &(Init){.kind = INIT_XAVIER_NORMAL}, &rng);
    return net;
}

Test(layer_kinds, a_net_of_every_kind_passes_net_gradcheck_and_keeps_its_running_statistics)
{
    Net *net = every_kind(6);
    Mat *X = pattern(6, 3, 1.0, 0.5);
    Mat *Y = mat_from(6, 1, (double[]){0, 1, 1, 0, 1, 0});
    Param *mean = net_param(net, "batch_normalization/moving_mean");
    cr_assert_not_null(mean);
    net_forward_mode(net, X, MODE_TRAIN); /* running mean off 0 */
    Mat *before = mat_dup(mean->value);
    double worst = net_gradcheck(net, &(Loss){.kind = LOSS_SPARSE_CCE}, X, Y, GRADCHECK_STEP,
                                 NULL, NULL);
    cr_assert_leq(worst, GRAD_REL_TOL, "relative error %g", worst);
    cr_assert_eq(mat_max_abs_diff(mean->value, before), 0.0, "running statistics restored");
    mat_free(before);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(layer_kinds, a_skip_connection_adds_its_gradient_into_the_earlier_output)
{
    /* 1 input -> dense 1 linear (w = 2, b = 0) -> dense 1 linear (w = 3) ->
     * add (skip from A^[1]): y = 3 (2 x) + 2 x = 8 x, so dy/dx = 8 and
     * dy/dw1 = (3 + 1) x = 4 x: at x = 0.5, dC/dw1 = 2 for C = y (dY = 1) */
    Net *net = net_new(1, 1);
    net_add(net, 1, act_of(ACT_LINEAR));
    net_add(net, 1, act_of(ACT_LINEAR));
    net_add_skip(net, 1);
    net->layers[0]->W->data[0] = 2.0;
    net->layers[1]->W->data[0] = 3.0;
    Mat *X = mat_from(1, 1, (double[]){0.5}), *dY = mat_from(1, 1, (double[]){1.0});
    cr_assert_eq(MAT_AT(net_forward(net, X), 0, 0), 4.0); /* 8 x 0.5 */
    net_backward(net, dY);
    cr_assert_eq(net->layers[0]->dW->data[0], 2.0);
    cr_assert_eq(net->layers[1]->dW->data[0], 1.0); /* dC/dw2 = A^[1] = 1 */
    mat_free(X);
    mat_free(dY);
    net_free(net);
}

Test(layer_kinds, the_summary_counts_batch_norms_running_statistics_as_non_trainable)
{
    /* dense 4: 3 x 4 + 4 = 16; batchnorm: 4 x 4 = 16, of which 8 (moving mean
     * and variance) non-trainable; dense 4: 4 x 4 + 4 = 20; dense 2: 4 x 2 + 2 = 10.
     * Total 62, trainable 54, non-trainable 8 (as Keras counts them). */
    Net *net = every_kind(2);
    cr_assert_eq(net_param_count(net), 62);
    cr_assert_eq(net_param_count_trainable(net), 54);
    char buf[4096] = "";
    FILE *fp = fmemopen(buf, sizeof buf, "w");
    net_summary(net, fp);
    fclose(fp);
    cr_assert(strstr(buf, " batch_normalization (BatchNormalization) (None, 4)") != NULL, "%s",
              buf);
    cr_assert(strstr(buf, " add (Add)                   (None, 4)                 0\n") != NULL,
              "%s", buf);
    cr_assert(strstr(buf, "Total params: 62\nTrainable params: 54\nNon-trainable params: 8\n") !=
                  NULL,
              "%s", buf);
    net_free(net);
}

Test(layer_kinds, dropout_is_off_at_inference_so_predictions_repeat)
{
    Net *net = every_kind(6);
    Mat *X = pattern(6, 3, 1.0, 0.5), *P1 = mat_new(6, 2), *P2 = mat_new(6, 2);
    net_predict(net, P1, X);
    net_predict(net, P2, X);
    cr_assert_eq(mat_max_abs_diff(P1, P2), 0.0);
    /* while two train-mode passes draw two masks */
    Mat a = *net_forward_mode(net, X, MODE_TRAIN);
    mat_copy(P1, &a);
    mat_copy(P2, net_forward_mode(net, X, MODE_TRAIN));
    cr_assert_gt(mat_max_abs_diff(P1, P2), 0.0);
    mat_free(X);
    mat_free(P1);
    mat_free(P2);
    net_free(net);
}
