/* test_layer.c - unit tests for lib/layer, the dense layer: forward by
 * hand (the hidden layer of 001's 2-2-2 example, and exact linear/relu
 * cases), backward against central differences for every activation kind
 * (softmax included) for dW, db and dX, the closed-form entry
 * layer_backward_dz by hand, that backward overwrites rather than
 * accumulates, the parameter count, layer_init, and that misuse (wrong
 * shapes, backward before forward) stops at a check.
 *
 * Tolerances:
 *   - 9 significant digits quoted by the notes: half a unit of the last
 *     digit, 5e-10 for values in [0.1, 1);
 *   - sums of a few products of short decimals: 1e-12 (each product and
 *     sum rounds by at most 2^-53 relative, ~1e-16; 1e-12 leaves room);
 *   - gradient checks: relative error <= 1e-7 (cs231n's "good", see
 *     gradcheck.h). With h = 1e-5 the central difference's truncation
 *     error is ~h^2 |F'''| / 6 ~ 1e-11 and its rounding ~1e-16 |F| / h
 *     ~ 1e-11, against gradients of order 0.01..1: a correct gradient
 *     lands near 1e-9, a wrong sign gives 2.
 */
#define _POSIX_C_SOURCE 200809L /* fileno, fcntl: death.h */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "act.h"
#include "death.h"
#include "gradcheck.h"
#include "layer.h"
#include "mat.h"

#define TOL_9SF 5e-10
#define TOL_FEW_OPS 1e-12
#define GRAD_REL_TOL 1e-7

/* The input and output of the last forward, kept for backward as the net
 * keeps them (a layer keeps no pointer to its caller's data). */
static const Mat *last_X;
static Mat *last_A;

static void free_last(void)
{
    mat_free(last_A);
}

TestSuite(layer, .fini = free_last);

static const Mat *forward(Layer *d, const Mat *X)
{
    mat_free(last_A);
    last_A = mat_new(X->rows, d->n_out);
    last_X = X;
    layer_forward(d, last_A, X, NULL, MODE_TRAIN, NULL);
    return last_A;
}

static void backward(Layer *d, const Mat *dA, Mat *dX)
{
    layer_backward(d, dX, dA, last_X, last_A);
}

static void backward_dz(Layer *d, const Mat *dZ, Mat *dX)
{
    layer_backward_dz(d, dX, dZ, last_X);
}

/* ---- forward by hand ----------------------------------------------------- */

Test(layer, forward_of_the_notes_hidden_layer_gives_h1_h2_and_their_sigmoids)
{
    /* 001's 2-2-2 example, hidden layer: W[i][j] from input i to hidden j,
     *   W = [[w1, w3], [w2, w4]] = [[0.15, 0.25], [0.20, 0.30]], b = 0.35
     *   H1 = 0.05 x 0.15 + 0.10 x 0.20 + 0.35 = 0.3775
     *   H2 = 0.05 x 0.25 + 0.10 x 0.30 + 0.35 = 0.3925
     *   out_h1 = 1 / (1 + e^-0.3775) = 0.593269992
     *   out_h2 = 1 / (1 + e^-0.3925) = 0.596884378 */
    Layer *d = layer_dense(2, 2, act_of(ACT_SIGMOID), 1);
    cr_assert_not_null(d);
    double w[] = {0.15, 0.25, 0.20, 0.30};
    for (int k = 0; k < 4; k++)
        d->W->data[k] = w[k];
    mat_fill(d->b, 0.35);
    Mat *X = mat_from(1, 2, (double[]){0.05, 0.10});
    const Mat *A = forward(d, X);
    cr_assert_eq(A, last_A);
    cr_assert_float_eq(MAT_AT(d->Z, 0, 0), 0.3775, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(d->Z, 0, 1), 0.3925, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(A, 0, 0), 0.593269992, TOL_9SF);
    cr_assert_float_eq(MAT_AT(A, 0, 1), 0.596884378, TOL_9SF);
    mat_free(X);
    layer_free(d);
}

/* A 2 -> 3 layer with W = [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], b = (0.01, 0.02, 0.03). */
static Layer *small_layer(ActKind kind, int max_rows)
{
    Layer *d = layer_dense(2, 3, act_of(kind), max_rows);
    cr_assert_not_null(d);
    double w[] = {0.1, -0.2, 0.3, 0.4, 0.5, -0.6};
    for (int k = 0; k < 6; k++)
        d->W->data[k] = w[k];
    d->b->data[0] = 0.01, d->b->data[1] = 0.02, d->b->data[2] = 0.03;
    return d;
}

Test(layer, linear_forward_computes_x_w_plus_b_for_each_sample_row)
{
    /* row 1, x = (1, 2):    0.1 + 0.8 + 0.01 = 0.91,  -0.2 + 1.0 + 0.02 = 0.82,
     *                       0.3 - 1.2 + 0.03 = -0.87
     * row 2, x = (-1, 0.5): -0.1 + 0.2 + 0.01 = 0.11,  0.2 + 0.25 + 0.02 = 0.47,
     *                       -0.3 - 0.3 + 0.03 = -0.57 */
    Layer *d = small_layer(ACT_LINEAR, 4);
    Mat *X = mat_from(2, 2, (double[]){1, 2, -1, 0.5});
    const Mat *A = forward(d, X);
    cr_assert_eq(A->rows, 2, "a batch of 2 rows gives 2 output rows, not max_rows");
    cr_assert_eq(A->cols, 3);
    double want[] = {0.91, 0.82, -0.87, 0.11, 0.47, -0.57};
    for (int k = 0; k < 6; k++)
        cr_assert_float_eq(A->data[k], want[k], TOL_FEW_OPS, "A[%d] = %.17g", k, A->data[k]);
    mat_free(X);
    layer_free(d);
}

Test(layer, relu_forward_zeroes_the_negative_pre_activations)
{
    /* Z as above; relu keeps 0.91, 0.82, 0.11, 0.47 and zeroes -0.87, -0.57 */
    Layer *d = small_layer(ACT_RELU, 2);
    Mat *X = mat_from(2, 2, (double[]){1, 2, -1, 0.5});
    const Mat *A = forward(d, X);
    double want[] = {0.91, 0.82, 0.0, 0.11, 0.47, 0.0};
    for (int k = 0; k < 6; k++)
        cr_assert_float_eq(A->data[k], want[k], TOL_FEW_OPS, "A[%d]", k);
    cr_assert_float_eq(MAT_AT(d->Z, 0, 2), -0.87, TOL_FEW_OPS, "Z keeps the pre-activation");
    mat_free(X);
    layer_free(d);
}

/* ---- backward against central differences -------------------------------- */

/* F = sum_ij G_ij A_ij for a fixed, asymmetric G: then dF/dA = G, and
 * layer_backward(G) must give dF/dW, dF/db, dF/dX. */
typedef struct {
    Layer *d;
    Mat *X, *G;
} Probe;

static double probe_F(void *ctx)
{
    Probe *p = ctx;
    const Mat *A = forward(p->d, p->X);
    double F = 0.0;
    for (long k = 0; k < (long)A->rows * A->cols; k++)
        F += p->G->data[k] * A->data[k];
    return F;
}

/* Relative error of each entry of P against the analytic gradient D;
 * returns the largest, and the largest |D| in *largest. */
static double check_entries(Probe *p, Mat *P, const Mat *D, double *largest)
{
    double worst = 0.0;
    for (long k = 0; k < (long)P->rows * P->cols; k++) {
        double numeric = gradcheck_numeric(probe_F, p, &P->data[k], GRADCHECK_STEP);
        double err = gradcheck_rel_error(D->data[k], numeric);
        cr_assert(!isnan(err), "NaN in the gradient check");
        worst = fmax(worst, err);
        *largest = fmax(*largest, fabs(D->data[k]));
    }
    return worst;
}

/* Backward of a 3 -> 4 layer on 3 samples, with activation kind, against
 * central differences of F for every W, b and X entry. The inputs keep
 * every |z| >= 0.05, away from the kinks of relu, leaky relu, elu and the
 * jump of step and sign. */
static void check_backward(ActKind kind)
{
    Layer *d = layer_dense(3, 4, act_of(kind), 3);
    cr_assert_not_null(d);
    double w[] = {0.3, -0.5, 0.8, 0.1, -0.7, 0.4, 0.2, -0.9, 0.6, 0.25, -0.35, 0.45};
    for (int k = 0; k < 12; k++)
        d->W->data[k] = w[k];
    double b[] = {0.1, -0.2, 0.05, 0.3};
    for (int k = 0; k < 4; k++)
        d->b->data[k] = b[k];
    Probe p = {d, mat_from(3, 3, (double[]){0.9, -1.2, 0.4, -0.3, 0.8, 1.5, 1.1, 0.2, -0.9}),
               mat_from(3, 4, (double[]){0.7, -1.3, 0.4, 2.1, -0.8, 0.5, 1.9, -0.2, 1.2, 0.3,
                                         -1.1, 0.7})};
    forward(d, p.X);
    for (int k = 0; k < 12; k++)
        cr_assert_geq(fabs(d->Z->data[k]), 0.05, "%s: z[%d] = %g is near a kink",
                      act_name(kind), k, d->Z->data[k]);
    Mat *dX = mat_new(3, 3);
    backward(d, p.G, dX);
    Mat *dW = mat_dup(d->dW), *db = mat_dup(d->db);
    double largest = 0.0;
    double err_W = check_entries(&p, d->W, dW, &largest);
    double err_b = check_entries(&p, d->b, db, &largest);
    double err_X = check_entries(&p, p.X, dX, &largest);
    cr_assert_leq(err_W, GRAD_REL_TOL, "%s: dW relative error %.3g", act_name(kind), err_W);
    cr_assert_leq(err_b, GRAD_REL_TOL, "%s: db relative error %.3g", act_name(kind), err_b);
    cr_assert_leq(err_X, GRAD_REL_TOL, "%s: dX relative error %.3g", act_name(kind), err_X);
    if (kind == ACT_STEP || kind == ACT_SIGN)
        cr_assert_eq(largest, 0.0, "%s is flat away from 0: its gradient is 0", act_name(kind));
    else
        cr_assert_gt(largest, 0.1, "%s: the gradient must not vanish", act_name(kind));
    mat_free(dW);
    mat_free(db);
    mat_free(dX);
    mat_free(p.X);
    mat_free(p.G);
    layer_free(d);
}

Test(layer, backward_of_linear_passes_a_gradient_check) { check_backward(ACT_LINEAR); }
Test(layer, backward_of_step_passes_a_gradient_check) { check_backward(ACT_STEP); }
Test(layer, backward_of_sign_passes_a_gradient_check) { check_backward(ACT_SIGN); }
Test(layer, backward_of_sigmoid_passes_a_gradient_check) { check_backward(ACT_SIGMOID); }
Test(layer, backward_of_tanh_passes_a_gradient_check) { check_backward(ACT_TANH); }
Test(layer, backward_of_relu_passes_a_gradient_check) { check_backward(ACT_RELU); }
Test(layer, backward_of_leaky_relu_passes_a_gradient_check) { check_backward(ACT_LEAKY_RELU); }
Test(layer, backward_of_prelu_passes_a_gradient_check) { check_backward(ACT_PRELU); }
Test(layer, backward_of_elu_passes_a_gradient_check) { check_backward(ACT_ELU); }
Test(layer, backward_of_swish_passes_a_gradient_check) { check_backward(ACT_SWISH); }
Test(layer, backward_of_softmax_passes_a_gradient_check) { check_backward(ACT_SOFTMAX); }

Test(layer, the_gradient_check_covers_every_activation_kind)
{
    /* the list above stops at ACT_SOFTMAX, the last kind: a new kind added
     * after it must get its own test */
    cr_assert_eq(ACT_SOFTMAX, 10);
    cr_assert_str_eq(act_name((ActKind)(ACT_SOFTMAX + 1)), "?");
}

/* ---- backward by hand ---------------------------------------------------- */

Test(layer, backward_dz_gives_xt_dz_column_sums_and_dz_wt)
{
    /* X = [[1, 2], [-1, 0.5]], dZ = [[1, 0, -1], [2, 1, 0]], W as in small_layer:
     *   dW = X^T dZ: dW11 = 1 x 1 + (-1) x 2 = -1,   dW12 = 1 x 0 + (-1) x 1 = -1,
     *                dW13 = 1 x (-1) + (-1) x 0 = -1,
     *                dW21 = 2 x 1 + 0.5 x 2 = 3,     dW22 = 2 x 0 + 0.5 x 1 = 0.5,
     *                dW23 = 2 x (-1) + 0.5 x 0 = -2
     *   db = column sums = (3, 1, -1)
     *   dX = dZ W^T: row 1: (1 x 0.1 + 0 x (-0.2) + (-1) x 0.3,
     *                        1 x 0.4 + 0 x 0.5 + (-1) x (-0.6)) = (-0.2, 1.0)
     *                row 2: (2 x 0.1 + 1 x (-0.2) + 0, 2 x 0.4 + 1 x 0.5 + 0) = (0, 1.3) */
    Layer *d = small_layer(ACT_TANH, 2);
    Mat *X = mat_from(2, 2, (double[]){1, 2, -1, 0.5});
    Mat *dZ = mat_from(2, 3, (double[]){1, 0, -1, 2, 1, 0});
    Mat *dX = mat_new(2, 2);
    forward(d, X);
    backward_dz(d, dZ, dX);
    double dW[] = {-1, -1, -1, 3, 0.5, -2}, db[] = {3, 1, -1}, dx[] = {-0.2, 1.0, 0.0, 1.3};
    for (int k = 0; k < 6; k++)
        cr_assert_float_eq(d->dW->data[k], dW[k], TOL_FEW_OPS, "dW[%d]", k);
    for (int k = 0; k < 3; k++)
        cr_assert_float_eq(d->db->data[k], db[k], TOL_FEW_OPS, "db[%d]", k);
    for (int k = 0; k < 4; k++)
        cr_assert_float_eq(dX->data[k], dx[k], TOL_FEW_OPS, "dX[%d]", k);
    mat_free(X);
    mat_free(dZ);
    mat_free(dX);
    layer_free(d);
}

Test(layer, backward_multiplies_da_by_the_activation_derivative)
{
    /* sigmoid layer, one sample: dZ = dA * out (1 - out), then dW = x^T dZ.
     * The notes' hidden unit h1 with dA = dE/dout_h1 = 0.0363503064 (the
     * 2-2-2 example): out_h1 (1 - out_h1) = 0.593269992 x 0.406730008
     * = 0.241300709, dZ = 0.0363503064 x 0.241300709 = 0.00877135469,
     * dE/dw1 = 0.05 x dZ = 0.000438567734, dE/dw2 = 0.10 x dZ = 0.000877135469 */
    Layer *d = layer_dense(2, 2, act_of(ACT_SIGMOID), 1);
    double w[] = {0.15, 0.25, 0.20, 0.30};
    for (int k = 0; k < 4; k++)
        d->W->data[k] = w[k];
    mat_fill(d->b, 0.35);
    Mat *X = mat_from(1, 2, (double[]){0.05, 0.10});
    /* dE/dout_h1 = delta_o1 w5 + delta_o2 w7 = 0.138498562 x 0.40 - 0.0380982365 x 0.50
     *            = 0.0553994247 - 0.0190491183 = 0.0363503064 */
    double dA1 = 0.13849856162855698 * 0.40 + -0.03809823651655623 * 0.50;
    double dA2 = 0.13849856162855698 * 0.45 + -0.03809823651655623 * 0.55;
    Mat *dA = mat_from(1, 2, (double[]){dA1, dA2});
    forward(d, X);
    backward(d, dA, NULL);
    /* reference values computed with numpy (float64), see test_ch04_backprop.c */
    cr_assert_float_eq(MAT_AT(d->dW, 0, 0), 0.00043856773447435, 1e-15);
    cr_assert_float_eq(MAT_AT(d->dW, 1, 0), 0.00087713546894869, 1e-15);
    cr_assert_float_eq(MAT_AT(d->dW, 0, 1), 0.00049771273526086, 1e-15);
    cr_assert_float_eq(MAT_AT(d->db, 0, 0), 0.00877135468948694, 1e-15);
    cr_assert_float_eq(MAT_AT(dA, 0, 0), dA1, 0.0, "backward must not change dA");
    mat_free(X);
    mat_free(dA);
    layer_free(d);
}

Test(layer, backward_overwrites_the_gradients_instead_of_adding_to_them)
{
    Layer *d = small_layer(ACT_SIGMOID, 2);
    Mat *X = mat_from(2, 2, (double[]){1, 2, -1, 0.5});
    Mat *dA = mat_from(2, 3, (double[]){0.3, -0.1, 0.2, 0.5, 0.4, -0.6});
    forward(d, X);
    backward(d, dA, NULL);
    Mat *first = mat_dup(d->dW);
    double db0 = d->db->data[0];
    backward(d, dA, NULL);
    cr_assert_eq(mat_max_abs_diff(first, d->dW), 0.0, "a second backward doubled dW");
    cr_assert_eq(d->db->data[0], db0);
    cr_assert_neq(db0, 0.0);
    mat_free(first);
    mat_free(X);
    mat_free(dA);
    layer_free(d);
}

/* ---- parameters, init, misuse ---------------------------------------------- */

Test(layer, param_count_is_n_in_times_n_out_plus_n_out)
{
    /* 000: Dense(11) on 11 inputs: 11 x 11 + 11 = 132; Dense(1): 11 x 1 + 1 = 12;
     * 001's 4-3-2-1 network: 4 x 3 + 3 = 15, 3 x 2 + 2 = 8, 2 x 1 + 1 = 3 */
    int shapes[][3] = {{11, 11, 132}, {11, 1, 12}, {4, 3, 15}, {3, 2, 8}, {2, 1, 3}};
    for (int t = 0; t < 5; t++) {
        Layer *d = layer_dense(shapes[t][0], shapes[t][1], act_of(ACT_SIGMOID), 1);
        cr_assert_eq(layer_param_count(d), shapes[t][2], "%d -> %d", shapes[t][0], shapes[t][1]);
        layer_free(d);
    }
}

Test(layer, new_layer_starts_at_zero_and_init_fills_w_and_zeroes_b)
{
    Layer *d = small_layer(ACT_LINEAR, 1);
    Layer *fresh = layer_dense(2, 3, act_of(ACT_LINEAR), 1);
    for (int k = 0; k < 6; k++)
        cr_assert_eq(fresh->W->data[k], 0.0);
    Rng rng;
    rng_seed(&rng, 1);
    layer_init(d, &(Init){.kind = INIT_CONSTANT, .c = 1.0}, &rng);
    for (int k = 0; k < 6; k++)
        cr_assert_eq(d->W->data[k], 1.0);
    for (int k = 0; k < 3; k++)
        cr_assert_eq(d->b->data[k], 0.0, "layer_init sets b = 0");
    layer_free(d);
    layer_free(fresh);
    layer_free(NULL);
}

Test(layer, forward_with_the_wrong_number_of_inputs_stops_at_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("X->cols == L->n_in");
    Layer *d = small_layer(ACT_LINEAR, 2);
    Mat *X = mat_new(2, 3);
    forward(d, X);
}

Test(layer, forward_with_more_rows_than_max_rows_stops_at_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("m <= L->max_rows");
    Layer *d = small_layer(ACT_LINEAR, 2);
    Mat *X = mat_new(3, 2);
    forward(d, X);
}

Test(layer, backward_handed_an_x_of_another_batch_than_da_stops_at_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("dA is 2 x 3, expected 1 x 3");
    /* backward is handed its input again: a 1-row X with a 2-row dA is a
     * caller's mistake, caught before any product */
    Layer *d = small_layer(ACT_LINEAR, 2);
    Mat *X = mat_new(1, 2), *A = mat_new(1, 3), *dA = mat_new(2, 3);
    layer_backward(d, NULL, dA, X, A);
}

Test(layer, backward_with_a_da_of_the_wrong_shape_stops_at_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("dA is 1 x 3, expected 2 x 3");
    Layer *d = small_layer(ACT_LINEAR, 2);
    Mat *X = mat_new(2, 2), *dA = mat_new(1, 3);
    forward(d, X);
    backward(d, dA, NULL);
}
