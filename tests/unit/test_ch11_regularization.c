/* test_ch11_regularization.c - chapter 11's numbers, redone by the library
 * or checked against an independent computation:
 *   - section 2's neuron: the penalized cost E = L + lambda R and one SGD
 *     step with L2 and with L1, worked by hand in the comments, are what
 *     net_fit does with .l2 / .l1 (the library's penalty inside training);
 *     the penalty alone on the useless w3: L2's factor, L1's constant bite
 *     that lands a hair from 0 and then hops (values from Python's floats);
 *   - dropout: the library's masks are the chapter's coin tosses u >= 0.3
 *     scaled by 1 / 0.7; nothing dropped at inference; a dropped unit
 *     passes no gradient; over many iterations 70% kept and E[a m] = a;
 *   - batch normalization: section 5's batch through the library's layer
 *     gives the hand values (17 digits from Python's math module); its dx
 *     against central differences of its own forward pass; the running
 *     statistics and the inference output after 1 and 1000 steps; the
 *     gradient check of a Dense -> BatchNorm -> tanh -> Dense net on digits;
 *   - the chapter's experiments with its seed 2014: the too-large net
 *     overfits diabetes (the validation MSE's minimum at epoch 11, then
 *     up), L2 / L1 / dropout / early stopping each end below it, L1 makes
 *     most weights nearly 0 and L2 shrinks them; early stopping stops 10
 *     epochs after the best and restores it; plain SGD at 0.15 diverges
 *     where the chapter says; batch norm trains digits at rates where the
 *     plain net does not;
 *   - the library's early_stopping callback follows the rule of section 6,
 *     min_delta included, and puts the best weights back.
 *
 * Tolerances:
 *   - sums and products of a few short decimals: 1e-15 (rounding only);
 *   - values with a square root or a chain of them (batch norm): 1e-14
 *     absolute on values of size ~1 (a few roundings of ~1e-16 each);
 *   - central differences (h = 1e-6 on values of size 1..60): relative
 *     1e-7 (the O(h^2) term and the cancellation stay near 1e-9);
 *   - numbers quoted from the transcript at 9 digits: half a unit of the
 *     9th digit;
 *   - sampled frequencies: 4 standard errors.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "data.h"
#include "gradcheck.h"
#include "init.h"
#include "layer.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "optim.h"
#include "rng.h"

#define TOL 1e-15
#define TOL_BN 1e-14
#define SEED 2014

static const Loss MSE = {.kind = LOSS_MSE};
static const Loss SCCE = {.kind = LOSS_SPARSE_CCE};

/* ---- section 2: the penalty by hand --------------------------------------- */

/* Section 2's neuron f(x) = w . x + b as a Dense(1, linear) layer. */
static Net *hand_neuron(void)
{
    Net *net = net_new(3, 2);
    cr_assert(net && net_add(net, 1, act_of(ACT_LINEAR)) == 0);
    static const double w[] = {0.5, 1.0, 0.04};
    memcpy(net->layers[0]->W->data, w, sizeof w);
    net->layers[0]->b->data[0] = 0.5;
    return net;
}

static double X2[] = {1, 2, 0, 3, 1, 0}, Y2[] = {4, 2.5};

/* One epoch of SGD (eta = 0.1) on the two rows as one batch, with the penalties. */
static FitResult one_step(Net *net, double l1, double l2)
{
    Mat X = {2, 3, X2}, Y = {2, 1, Y2};
    FitResult res;
    cr_assert_eq(net_fit(net, &MSE, &X, &Y, &(FitSpec){.epochs = 1, .batch_size = 2,
                 .optim = &(OptimSpec){.kind = OPTIM_SGD, .lr = 0.1}, .l1 = l1, .l2 = l2},
                 &res), 0, "%s", res.message);
    return res;
}

Test(ch11, the_neurons_cost_and_gradient_are_those_worked_by_hand)
{
    /* f(x1) = 0.5 x 1 + 1 x 2 + 0.04 x 0 + 0.5 = 3, f(x2) = 0.5 x 3 + 1 x 1 + 0 + 0.5 = 3
     * L = 1/2 [(4 - 3)^2 + (2.5 - 3)^2] = 1/2 (1 + 0.25) = 0.625
     * dL/dw_j = (f1 - y1) x1j + (f2 - y2) x2j = -1 x1j + 0.5 x2j:
     *   dL/dw1 = -1 + 1.5 = 0.5, dL/dw2 = -2 + 0.5 = -1.5, dL/dw3 = 0, dL/db = -1 + 0.5 = -0.5 */
    Net *net = hand_neuron();
    Mat X = {2, 3, X2}, Y = {2, 1, Y2};
    cr_assert_float_eq(net_cost_grad(net, &MSE, &X, &Y), 0.625, TOL);
    const double *dW = net->layers[0]->dW->data;
    cr_assert_float_eq(dW[0], 0.5, TOL);
    cr_assert_float_eq(dW[1], -1.5, TOL);
    cr_assert_eq(dW[2], 0.0, "x3 is 0 in both rows: dL/dw3 is exactly 0");
    cr_assert_float_eq(net->layers[0]->db->data[0], -0.5, TOL);
    /* R2 = 0.25 + 1 + 0.0016 = 1.2516;  R1 = 0.5 + 1 + 0.04 = 1.54 (the bias is not penalized) */
    cr_assert_float_eq(net_l2(net), 1.2516, TOL);
    cr_assert_float_eq(net_l1(net), 1.54, TOL);
    net_free(net);
}

Test(ch11, an_l2_step_is_the_hand_step)
{
    /* E = 0.625 + 0.1 x 1.2516 = 0.75016
     * dE/dw = (0.5 + 2 x 0.1 x 0.5, -1.5 + 2 x 0.1 x 1, 0 + 2 x 0.1 x 0.04) = (0.6, -1.3, 0.008)
     * w = (0.5 - 0.06, 1 + 0.13, 0.04 - 0.0008) = (0.44, 1.13, 0.0392);  b = 0.5 + 0.05 = 0.55 */
    Net *net = hand_neuron();
    FitResult res = one_step(net, 0.0, 0.1);
    cr_assert_float_eq(res.cost, 0.75016, TOL, "the epoch's cost includes lambda R");
    const double *w = net->layers[0]->W->data;
    cr_assert_float_eq(w[0], 0.44, TOL);
    cr_assert_float_eq(w[1], 1.13, TOL);
    cr_assert_float_eq(w[2], 0.0392, TOL);
    cr_assert_float_eq(net->layers[0]->b->data[0], 0.55, TOL, "no penalty on b");
    net_free(net);
}

Test(ch11, an_l1_step_is_the_hand_step)
{
    /* E = 0.625 + 0.1 x 1.54 = 0.779
     * dE/dw = (0.5 + 0.1, -1.5 + 0.1, 0 + 0.1) = (0.6, -1.4, 0.1)
     * w = (0.5 - 0.06, 1 + 0.14, 0.04 - 0.01) = (0.44, 1.14, 0.03);  b = 0.55 */
    Net *net = hand_neuron();
    FitResult res = one_step(net, 0.1, 0.0);
    cr_assert_float_eq(res.cost, 0.779, TOL);
    const double *w = net->layers[0]->W->data;
    cr_assert_float_eq(w[0], 0.44, TOL);
    cr_assert_float_eq(w[1], 1.14, TOL);
    cr_assert_float_eq(w[2], 0.03, TOL);
    cr_assert_float_eq(net->layers[0]->b->data[0], 0.55, TOL);
    net_free(net);
}

Test(ch11, without_a_penalty_the_useless_weight_stays)
{
    /* w = (0.5 - 0.05, 1 + 0.15, 0.04 - 0) = (0.45, 1.15, 0.04) */
    Net *net = hand_neuron();
    one_step(net, 0.0, 0.0);
    const double *w = net->layers[0]->W->data;
    cr_assert_float_eq(w[0], 0.45, TOL);
    cr_assert_float_eq(w[1], 1.15, TOL);
    cr_assert_eq(w[2], 0.04);
    net_free(net);
}

Test(ch11, l1_takes_a_constant_bite_lands_a_hair_from_zero_and_hops)
{
    /* w3 has no data gradient, so each step is w <- w - 0.1 x 0.1 sign(w). In doubles
     * (Python: w = 0.04; w -= 0.1 * 0.1 * sign(w), printed with repr):
     * 0.03, 0.019999999999999997, 0.009999999999999995, -6.938893903907228e-18,
     * then 0.009999999999999995 and -6.938893903907228e-18 in turn */
    static const double want[] = {0.03, 0.019999999999999997, 0.009999999999999995,
                                  -6.938893903907228e-18, 0.009999999999999995,
                                  -6.938893903907228e-18, 0.009999999999999995};
    Net *net = hand_neuron();
    for (int t = 0; t < 7; t++) {
        one_step(net, 0.1, 0.0);
        cr_assert_eq(net->layers[0]->W->data[2], want[t], "step %d: w3 = %.17g, want %.17g", t + 1,
                     net->layers[0]->W->data[2], want[t]);
    }
    net_free(net);
}

Test(ch11, l2_shrinks_the_useless_weight_by_a_factor_each_step)
{
    /* w3 <- w3 - 0.1 x 2 x 0.1 w3 = 0.98 w3: after t steps 0.04 x 0.98^t; after 6 steps
     * 0.0354336952 (section 2's table), never 0 */
    Net *net = hand_neuron();
    for (int t = 1; t <= 60; t++) {
        one_step(net, 0.0, 0.1);
        cr_assert_float_eq(net->layers[0]->W->data[2], 0.04 * pow(0.98, t), 1e-16, "step %d", t);
        if (t == 6)
            cr_assert_float_eq(net->layers[0]->W->data[2], 0.0354336952, 5e-11);
    }
    cr_assert(net->layers[0]->W->data[2] > 0.0119);
    net_free(net);
}

/* ---- section 4: dropout ------------------------------------------------------ */

Test(ch11, the_librarys_dropout_masks_are_the_chapters_coin_tosses)
{
    /* one uniform u per unit, in order; kept when u >= 0.3, and then scaled by
     * 1 / (1 - 0.3) = 1.42857143 */
    enum { N = 10, ITERS = 6 };
    static const double a[N] = {0.2, 1.5, 0.7, 0.0, 2.1, 0.4, 1.1, 0.9, 0.3, 1.8};
    Layer *L = layer_dropout(N, 0.3, 1);
    Mat *A = mat_new(1, N);
    Mat X = {1, N, (double *)a};
    Rng noise, coins;
    rng_seed(&noise, SEED);
    rng_seed(&coins, SEED);
    for (int t = 0; t < ITERS; t++) {
        layer_forward(L, A, &X, NULL, MODE_TRAIN, &noise);
        for (int j = 0; j < N; j++) {
            double u = rng_uniform01(&coins);
            double m = u >= 0.3 ? 1.0 / (1.0 - 0.3) : 0.0;
            cr_assert_eq(L->mask->data[j], m, "iteration %d, unit %d", t + 1, j + 1);
            cr_assert_eq(A->data[j], a[j] * m);
        }
    }
    cr_assert_float_eq(1.0 / (1.0 - 0.3), 1.42857143, 5e-9);
    /* inference: the input passes unchanged, bit for bit */
    layer_forward(L, A, &X, NULL, MODE_INFER, NULL);
    for (int j = 0; j < N; j++)
        cr_assert_eq(A->data[j], a[j]);
    mat_free(A);
    layer_free(L);
}

Test(ch11, a_dropped_unit_passes_no_gradient_and_a_kept_one_its_scaled_gradient)
{
    enum { N = 12 };
    double x[N], d[N];
    for (int j = 0; j < N; j++)
        x[j] = 0.1 * (j + 1), d[j] = 1.0 - 0.15 * j;
    Layer *L = layer_dropout(N, 0.3, 1);
    Mat X = {1, N, x}, dA = {1, N, d}, *A = mat_new(1, N), *dX = mat_new(1, N);
    Rng noise;
    rng_seed(&noise, 5);
    layer_forward(L, A, &X, NULL, MODE_TRAIN, &noise);
    layer_backward(L, dX, &dA, &X, A);
    int dropped = 0;
    for (int j = 0; j < N; j++) {
        /* dX = dA * M: 0 for a dropped unit, dA / 0.7 for a kept one */
        double m = L->mask->data[j];
        cr_assert(m == 0.0 || m == 1.0 / 0.7);
        cr_assert_eq(dX->data[j], d[j] * m);
        dropped += m == 0.0;
    }
    cr_assert(dropped > 0 && dropped < N, "a mix of kept and dropped units to check");
    mat_free(A);
    mat_free(dX);
    layer_free(L);
}

Test(ch11, seventy_percent_are_kept_and_the_mean_output_is_the_input)
{
    /* P(kept) = 0.7: over n = 200000 tosses the fraction kept has standard error
     * sqrt(0.7 x 0.3 / n) = 0.001025; E[a m] = a x 0.7 / 0.7 = a, with standard error
     * a sqrt(0.3 / 0.7 / n') per unit (n' = 20000 rows) */
    enum { ROWS = 20000, N = 10 };
    static const double a[N] = {0.2, 1.5, 0.7, 0.0, 2.1, 0.4, 1.1, 0.9, 0.3, 1.8};
    Layer *L = layer_dropout(N, 0.3, ROWS);
    Mat *X = mat_new(ROWS, N), *A = mat_new(ROWS, N);
    for (int i = 0; i < ROWS; i++)
        memcpy(&MAT_AT(X, i, 0), a, sizeof a);
    Rng noise;
    rng_seed(&noise, SEED);
    layer_forward(L, A, X, NULL, MODE_TRAIN, &noise);
    long kept = 0;
    for (long k = 0; k < (long)ROWS * N; k++)
        kept += L->mask->data[k] != 0.0;
    double n = (double)ROWS * N, se = sqrt(0.7 * 0.3 / n);
    cr_assert(fabs(kept / n - 0.7) < 4 * se, "kept %g", kept / n);
    for (int j = 0; j < N; j++) {
        double mean = 0.0;
        for (int i = 0; i < ROWS; i++)
            mean += MAT_AT(A, i, j) / ROWS;
        double se_j = a[j] * sqrt(0.3 / 0.7 / ROWS);
        cr_assert(fabs(mean - a[j]) <= 4 * se_j + 1e-12, "unit %d: mean %g, a %g", j, mean, a[j]);
    }
    mat_free(X);
    mat_free(A);
    layer_free(L);
}

/* ---- section 5: batch normalization ------------------------------------------ */

/* Section 5's batch (4 rows, 2 units) through a BatchNormalization layer with
 * gamma = (2, 0.5), beta = (0.1, -1), in train mode. */
static double BN_X[] = {1, 10, 2, 20, 4, 30, 5, 60};

static Layer *hand_bn(Mat *A)
{
    Layer *L = layer_batchnorm(2, 4);
    L->gamma->data[0] = 2.0, L->gamma->data[1] = 0.5;
    L->beta->data[0] = 0.1, L->beta->data[1] = -1.0;
    Mat X = {4, 2, BN_X};
    layer_forward(L, A, &X, NULL, MODE_TRAIN, NULL);
    return L;
}

Test(ch11, batch_norm_forward_gives_the_hand_values)
{
    /* unit 1: mu = (1 + 2 + 4 + 5) / 4 = 3, var = (4 + 1 + 1 + 4) / 4 = 2.5,
     *   sqrt(2.5 + 0.001) = 1.58145503, x_hat = (-2, -1, 1, 2) / 1.58145503,
     *   y = 2 x_hat + 0.1 = (-2.42931632, -1.16465816, 1.36465816, 2.62931632)
     * unit 2: mu = 30, var = (400 + 100 + 0 + 900) / 4 = 350, sqrt(350.001) = 18.7083137,
     *   y = 0.5 x_hat - 1 = (-1.53452172, -1.26726086, -1, -0.19821742)
     * (17 digits from the same formulas in Python's math module) */
    static const double y[4][2] = {{-2.4293163154478257, -1.5345217202229366},
                                   {-1.1646581577239128, -1.2672608601114683},
                                   {1.364658157723913, -1.0},
                                   {2.629316315447826, -0.1982174196655948}};
    Mat *A = mat_new(4, 2);
    Layer *L = hand_bn(A);
    cr_assert_float_eq(L->mu->data[0], 3.0, TOL);
    cr_assert_float_eq(L->var->data[0], 2.5, TOL);
    cr_assert_float_eq(L->mu->data[1], 30.0, TOL);
    cr_assert_float_eq(L->var->data[1], 350.0, 1e-13);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 2; j++)
            cr_assert_float_eq(MAT_AT(A, i, j), y[i][j], TOL_BN, "y[%d][%d] = %.17g", i, j,
                               MAT_AT(A, i, j));
    /* x_hat has mean 0 and variance var / (var + eps) = 2.5 / 2.501 per unit */
    double mean = 0.0, sq = 0.0;
    for (int i = 0; i < 4; i++)
        mean += L->Z->data[2 * i] / 4, sq += L->Z->data[2 * i] * L->Z->data[2 * i] / 4;
    cr_assert_float_eq(mean, 0.0, TOL);
    cr_assert_float_eq(sq, 2.5 / 2.501, TOL_BN);
    mat_free(A);
    layer_free(L);
}

Test(ch11, batch_norm_backward_gives_the_hand_values_and_agrees_with_central_differences)
{
    /* dy = (0.5, -1, 0.25, 2) on unit 1, (0.3, 0.1, -0.7, 0.2) on unit 2; C = sum dy y.
     * unit 1: dgamma = sum dy x_hat = 2.68739859, dbeta = 0.5 - 1 + 0.25 + 2 = 1.75,
     * dx = 2 (4 dy - 1.75 - x_hat 2.68739859) / (4 x 1.58145503)
     *    = (1.15357076, -1.28068129, -0.774388216, 0.901498749) (17 digits from Python) */
    static const double dx1[] = {1.1535707570741842, -1.280681290619905, -0.7743882156814534,
                                 0.9014987492271741};
    double d[] = {0.5, 0.3, -1.0, 0.1, 0.25, -0.7, 2.0, 0.2};
    Mat *A = mat_new(4, 2), *dX = mat_new(4, 2);
    Layer *L = hand_bn(A);
    Mat X = {4, 2, BN_X}, dA = {4, 2, d};
    layer_backward(L, dX, &dA, &X, A);
    cr_assert_float_eq(L->dgamma->data[0], 2.687398585163315, TOL_BN);
    cr_assert_float_eq(L->dbeta->data[0], 1.75, TOL);
    for (int i = 0; i < 4; i++)
        cr_assert_float_eq(MAT_AT(dX, i, 0), dx1[i], TOL_BN, "dx%d", i + 1);
    /* every dx against (C(x + h) - C(x - h)) / 2h, the cost computed by the layer's forward */
    Mat *Ap = mat_new(4, 2);
    Layer *P = layer_batchnorm(2, 4);
    mat_copy(P->gamma, L->gamma);
    mat_copy(P->beta, L->beta);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 2; j++) {
            double x[8], C[2];
            for (int s = 0; s < 2; s++) {
                memcpy(x, BN_X, sizeof x);
                x[2 * i + j] += s ? -1e-6 : 1e-6;
                Mat Xp = {4, 2, x};
                layer_forward(P, Ap, &Xp, NULL, MODE_TRAIN, NULL);
                C[s] = 0.0;
                for (int k = 0; k < 8; k++)
                    C[s] += d[k] * Ap->data[k];
            }
            double numeric = (C[0] - C[1]) / 2e-6;
            cr_assert(gradcheck_rel_error(MAT_AT(dX, i, j), numeric) < 1e-7,
                      "dx[%d][%d] = %.12g, numeric %.12g", i, j, MAT_AT(dX, i, j), numeric);
            cr_assert(fabs(numeric) > 1e-3, "a gradient that is not 0");
        }
    /* each unit's dx adds up to 0: a shift of the whole batch changes nothing */
    for (int j = 0; j < 2; j++) {
        double s = 0.0;
        for (int i = 0; i < 4; i++)
            s += MAT_AT(dX, i, j);
        cr_assert_float_eq(s, 0.0, 1e-14);
    }
    mat_free(A);
    mat_free(Ap);
    mat_free(dX);
    layer_free(L);
    layer_free(P);
}

Test(ch11, running_statistics_and_the_inference_output_follow_section_5s_table)
{
    /* running_mean = 0.99 x 0 + 0.01 x 3 = 0.03, running_var = 0.99 x 1 + 0.01 x 2.5 = 1.015;
     * at inference x = 1: y = 2 (1 - 0.03) / sqrt(1.015 + 0.001) + 0.1 = 2.02466379;
     * after 1000 steps (Python, the same recursion): 2.9998704862577457, 2.499935243128873,
     * y = -2.429185268376665 (the training-mode y is -2.42931632) */
    Mat *A = mat_new(4, 2);
    Layer *L = hand_bn(A);
    cr_assert_float_eq(L->moving_mean->data[0], 0.03, TOL);
    cr_assert_float_eq(L->moving_var->data[0], 1.015, TOL);
    double one[] = {1, 10};
    Mat X1 = {1, 2, one}, *A1 = mat_new(1, 2);
    layer_forward(L, A1, &X1, NULL, MODE_INFER, NULL);
    cr_assert_float_eq(A1->data[0], 2.024663791071422, TOL_BN);
    Mat X = {4, 2, BN_X};
    for (int t = 2; t <= 1000; t++)
        layer_forward(L, A, &X, NULL, MODE_TRAIN, NULL);
    cr_assert_float_eq(L->moving_mean->data[0], 2.9998704862577457, 1e-13);
    cr_assert_float_eq(L->moving_var->data[0], 2.499935243128873, 1e-13);
    layer_forward(L, A1, &X1, NULL, MODE_INFER, NULL);
    cr_assert_float_eq(A1->data[0], -2.429185268376665, 1e-13);
    mat_free(A);
    mat_free(A1);
    layer_free(L);
}

/* The first n rows of datasets/digits.csv after the chapter's shuffles:
 * the diabetes split first, then the digits', from one Rng seeded SEED. */
typedef struct {
    DataXY diabetes, digits;
    DataSplit d, g;   /* diabetes: 1/4 training; digits: 500 training rows */
    Mat X_val, y_val, X_test, y_test;
} ChapterData;

static void chapter_data(ChapterData *c)
{
    char err[DATA_ERR_LEN];
    DataXYSpec real = {.target_col = -1, .want = {.kind = DATA_TARGET_REAL}};
    DataXYSpec cls = {.target_col = -1, .want = {.kind = DATA_TARGET_CLASS}};
    memset(c, 0, sizeof *c);
    cr_assert_eq(data_load_xy(&c->diabetes, "datasets/diabetes.csv", &real, err, sizeof err), 0,
                 "run from the repository root: %s", err);
    cr_assert_eq(data_load_xy(&c->digits, "datasets/digits.csv", &cls, err, sizeof err), 0, "%s",
                 err);
    Rng rng;
    rng_seed(&rng, SEED);
    cr_assert_eq(data_split(&c->d, &rng, c->diabetes.X, c->diabetes.y, 0.75), 0);
    Mat *mu = mat_new(1, 10), *sd = mat_new(1, 10), *ym = mat_new(1, 1), *ys = mat_new(1, 1);
    data_standardize(c->d.X_train, mu, sd);
    data_standardize_apply(c->d.X_test, mu, sd);
    data_standardize(c->d.y_train, ym, ys);
    data_standardize_apply(c->d.y_test, ym, ys);
    mat_free(mu), mat_free(sd), mat_free(ym), mat_free(ys);
    int n_val = (int)lround(442 / 3.0), n_test = c->d.X_test->rows - n_val;
    c->X_val = mat_cview_rows(c->d.X_test, 0, n_val);
    c->y_val = mat_cview_rows(c->d.y_test, 0, n_val);
    c->X_test = mat_cview_rows(c->d.X_test, n_val, n_test);
    c->y_test = mat_cview_rows(c->d.y_test, n_val, n_test);
    mat_scale(c->digits.X, 1.0 / 16.0);
    cr_assert_eq(data_split(&c->g, &rng, c->digits.X, c->digits.y, (1797.0 - 500) / 1797), 0);
}

static void chapter_data_free(ChapterData *c)
{
    data_split_free(&c->d);
    data_split_free(&c->g);
    data_xy_free(&c->diabetes);
    data_xy_free(&c->digits);
}

/* net_gradcheck's report: per parameter, the sums of squares of the analytic
 * and numeric gradients and of their difference, and the largest |gradient|. */
typedef struct {
    const Param *p[8];
    double d2[8], a2[8], n2[8], big[8];
    int k;
} Sums;

static void add_up(const Param *p, int i, int j, double a, double n, void *ctx)
{
    (void)i, (void)j;
    Sums *s = ctx;
    int k = 0;
    while (k < s->k && s->p[k] != p)
        k++;
    if (k == s->k)
        s->p[s->k++] = p;
    s->d2[k] += (a - n) * (a - n), s->a2[k] += a * a, s->n2[k] += n * n;
    s->big[k] = fmax(s->big[k], fmax(fabs(a), fabs(n)));
}

Test(ch11, a_net_with_batch_norm_passes_the_gradient_check_on_digits)
{
    /* Dense(8, linear) -> BatchNormalization -> tanh -> Dense(10, softmax) on 16 digits:
     * every parameter's gradient within 1e-7 (relative, the whole vector) of central
     * differences (the chapter prints at most 4.2e-10); the Dense bias before batch norm
     * has gradient 0 but for rounding */
    ChapterData c;
    chapter_data(&c);
    Rng rng;
    rng_seed(&rng, SEED + 3);
    Net *net = net_new(64, 16);
    cr_assert(net_add(net, 8, act_of(ACT_LINEAR)) == 0 && net_add_batchnorm(net) == 0 &&
              net_add_activation(net, act_of(ACT_TANH)) == 0 &&
              net_add(net, 10, act_of(ACT_SOFTMAX)) == 0);
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    for (int j = 0; j < 8; j++) {
        net->layers[1]->gamma->data[j] = rng_uniform(&rng, 0.5, 1.5);
        net->layers[1]->beta->data[j] = rng_uniform(&rng, -0.5, 0.5);
    }
    Mat X = mat_cview_rows(c.g.X_train, 0, 16), Y = mat_cview_rows(c.g.y_train, 0, 16);
    Sums s = {0};
    net_gradcheck(net, &SCCE, &X, &Y, 1e-5, add_up, &s);
    cr_assert_eq(s.k, 6, "dense W, b, gamma, beta, dense_1 W, b");
    for (int k = 0; k < s.k; k++) {
        if (strcmp(s.p[k]->name, "dense/b") == 0) {
            cr_assert(s.big[k] < 1e-12, "the bias before batch norm: %g", s.big[k]);
            continue;
        }
        cr_assert(s.big[k] > 1e-2, "%s: a gradient that is not 0", s.p[k]->name);
        double rel = sqrt(s.d2[k]) / fmax(sqrt(s.a2[k]), sqrt(s.n2[k]));
        cr_assert(rel < 1e-7, "%s: relative error %g", s.p[k]->name, rel);
    }
    net_free(net);
    chapter_data_free(&c);
}

/* ---- the chapter's experiments --------------------------------------------------- */

/* A hidden layer of n ReLU units, as the chapter builds them: Dense(n, relu),
 * or with batch norm Dense(n, linear) -> BatchNormalization -> ReLU. */
static void add_hidden(Net *net, int n, int batchnorm)
{
    if (batchnorm) {
        net_add(net, n, act_of(ACT_LINEAR));
        net_add_batchnorm(net);
        net_add_activation(net, act_of(ACT_RELU));
    } else {
        net_add(net, n, act_of(ACT_RELU));
    }
}

/* The chapter's too-large net 10 -> 64 -> 64 -> 1, with the variant's layers. */
static Net *too_large(int batchnorm, int dropout, Rng *init)
{
    Net *net = net_new(10, 200);
    for (int k = 0; k < 2; k++) {
        add_hidden(net, 64, batchnorm);
        if (dropout)
            net_add_dropout(net, 0.3);
    }
    net_add(net, 1, act_of(ACT_LINEAR));
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, init);
    return net;
}

typedef struct {
    double val[100];
    int epochs, best;
    double final_val, mean_abs;
    long near_zero, n;
    EarlyStopping es;
} Trained;

/* A variant as the chapter trains it: Adam(0.003), batches of 20, 100 epochs,
 * init from SEED, rows shuffled from SEED + 1. */
static Trained train(const ChapterData *c, int batchnorm, int dropout, double l1, double l2,
                     int early)
{
    Trained t = {.es = {.monitor = MONITOR_VAL_LOSS, .patience = 10, .restore_best_weights = 1}};
    Rng init, shuffle;
    rng_seed(&init, SEED);
    rng_seed(&shuffle, SEED + 1);
    Net *net = too_large(batchnorm, dropout, &init);
    FitCallback cb = {early_stopping, &t.es};
    FitResult res;
    cr_assert_eq(net_fit(net, &MSE, c->d.X_train, c->d.y_train, &(FitSpec){
                     .epochs = 100, .batch_size = 20,
                     .optim = &(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.003}, .l1 = l1, .l2 = l2,
                     .shuffle = &shuffle, .X_val = &c->X_val, .Y_val = &c->y_val,
                     .val_history = t.val, .callbacks = &cb, .n_callbacks = early},
                 &res), 0, "%s", res.message);
    t.epochs = res.epochs;
    t.best = 0;
    for (int e = 1; e < t.epochs; e++)
        if (t.val[e] < t.val[t.best])
            t.best = e;
    t.best++;
    t.final_val = net_cost(net, &MSE, &c->X_val, &c->y_val);
    double sum = 0.0;
    for (int i = 0; i < net->n_params; i++)
        if (net->params[i].decay)
            for (long k = 0; k < (long)net->params[i].value->rows * net->params[i].value->cols;
                 k++) {
                double a = fabs(net->params[i].value->data[k]);
                sum += a, t.n++, t.near_zero += a < 1e-3;
            }
    t.mean_abs = sum / t.n;
    early_stopping_free(&t.es);
    net_free(net);
    return t;
}

Test(ch11, the_too_large_net_overfits_diabetes_and_every_remedy_ends_below_it)
{
    /* the chapter's transcript (seed 2014): the validation MSE is lowest after epoch 11
     * (0.788099812) and 1.03619213 after epoch 100 */
    ChapterData c;
    chapter_data(&c);
    cr_assert_eq(c.d.X_train->rows, 110, "a quarter of 442 rows");
    cr_assert_eq(c.X_val.rows, 147);
    Trained none = train(&c, 0, 0, 0, 0, 0);
    cr_assert_eq(none.best, 11);
    cr_assert_float_eq(none.val[10], 0.788099812, 5e-10);
    cr_assert_float_eq(none.final_val, 1.03619213, 5e-9);
    cr_assert(none.final_val > 1.25 * none.val[10], "the validation MSE climbs after its minimum");

    /* L2 (0.03) shrinks every weight: mean |w| 0.189809449 -> 0.0252563377 */
    Trained l2 = train(&c, 0, 0, 0, 0.03, 0);
    cr_assert_float_eq(none.mean_abs, 0.189809449, 5e-10);
    cr_assert(l2.mean_abs < none.mean_abs / 5);
    cr_assert(l2.final_val < 0.7 * none.final_val);
    /* L1 (0.01) leaves 4041 of 4800 weights below 0.001; without a penalty, 14 */
    Trained l1 = train(&c, 0, 0, 0.01, 0, 0);
    cr_assert_eq(l1.n, 4800);
    cr_assert_eq(l1.near_zero, 4041);
    cr_assert_eq(none.near_zero, 14);
    cr_assert(l2.near_zero < l1.near_zero / 4, "L2 shrinks; it does not zero most weights");
    cr_assert(l1.final_val < 0.7 * none.final_val);
    /* dropout 0.3 after each hidden layer: 0.732269651 */
    Trained drop = train(&c, 0, 1, 0, 0, 0);
    cr_assert_float_eq(drop.final_val, 0.732269651, 5e-10);
    cr_assert(drop.final_val < 0.8 * none.final_val);
    chapter_data_free(&c);
}

Test(ch11, early_stopping_stops_patience_epochs_after_the_best_and_restores_it)
{
    /* the same start and rows as the plain run, so the same validation losses: the best is
     * epoch 11, epochs 12..21 do not improve, training stops after epoch 21 with epoch 11's
     * weights back (their validation MSE is epoch 11's) */
    ChapterData c;
    chapter_data(&c);
    Trained none = train(&c, 0, 0, 0, 0, 0);
    Trained early = train(&c, 0, 0, 0, 0, 1);
    cr_assert_eq(early.epochs, 21);
    cr_assert_eq(early.es.stopped_epoch, 21);
    cr_assert_eq(early.es.best_epoch, 11);
    for (int e = 0; e < 21; e++)
        cr_assert_eq(early.val[e], none.val[e], "epoch %d: the same run until it stops", e + 1);
    cr_assert_float_eq(early.final_val, none.val[10], 1e-12, "the restored weights are epoch 11's");
    chapter_data_free(&c);
}

Test(ch11, plain_sgd_at_0_15_diverges_where_the_chapter_says)
{
    /* "training diverged: the loss grew to 5.8352e+13 at epoch 2, more than 1000 times its
     * lowest (794.474, epoch 1); ...; likely cause: the learning rate 0.15 is too large",
     * after 2 complete epochs: 5.8352e13 / 794.474 = 7.3e10 > FIT_GROWTH = 1000 */
    ChapterData c;
    chapter_data(&c);
    Rng init, shuffle;
    rng_seed(&init, SEED);
    rng_seed(&shuffle, SEED + 1);
    Net *net = too_large(0, 0, &init);
    FitResult res;
    int rc = net_fit(net, &MSE, c.d.X_train, c.d.y_train, &(FitSpec){
                         .epochs = 5, .batch_size = 20,
                         .optim = &(OptimSpec){.kind = OPTIM_SGD, .lr = 0.15}, .shuffle = &shuffle},
                     &res);
    cr_assert_eq(rc, -1);
    cr_assert_eq(res.diverged, 1);
    cr_assert_eq(res.epochs, 2);
    cr_assert(strstr(res.message, "the loss grew to 5.8352e+13 at epoch 2") != NULL, "%s",
              res.message);
    cr_assert(strstr(res.message, "the learning rate 0.15 is too large") != NULL, "%s",
              res.message);
    net_free(net);
    chapter_data_free(&c);
}

/* The chapter's digits net for the learning-rate sweep: 3 hidden layers of 32,
 * SGD(lr), batches of 32, 5 epochs; Keras' loss after epoch 5, or NAN when it
 * diverged. */
static double digits_loss(const ChapterData *c, int batchnorm, double lr)
{
    Rng init, shuffle;
    rng_seed(&init, SEED + 4);
    rng_seed(&shuffle, SEED + 5);
    Net *net = net_new(64, 500);
    for (int k = 0; k < 3; k++)
        add_hidden(net, 32, batchnorm);
    net_add(net, 10, act_of(ACT_SOFTMAX));
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, &init);
    double loss[5];
    FitResult res;
    int rc = net_fit(net, &SCCE, c->g.X_train, c->g.y_train, &(FitSpec){
                         .epochs = 5, .batch_size = 32,
                         .optim = &(OptimSpec){.kind = OPTIM_SGD, .lr = lr},
                         .shuffle = &shuffle, .history = loss},
                     &res);
    net_free(net);
    return rc == 0 ? loss[4] : NAN;
}

Test(ch11, batch_norm_trains_digits_at_rates_where_the_plain_net_does_not)
{
    /* section 5's table: at lr 1 the plain net's loss after 5 epochs is 2.20280705 (stuck near
     * ln 10 = 2.30), the batch-normalized one's 0.12245158; at 0.3 (the plain net's best rate)
     * 0.440991178 against 0.135519815 */
    ChapterData c;
    chapter_data(&c);
    double plain1 = digits_loss(&c, 0, 1.0), bn1 = digits_loss(&c, 1, 1.0);
    cr_assert_float_eq(plain1, 2.20280705, 5e-9);
    cr_assert_float_eq(bn1, 0.12245158, 5e-9);
    double plain3 = digits_loss(&c, 0, 0.3), bn3 = digits_loss(&c, 1, 0.3);
    cr_assert(bn3 < plain3 / 2, "%g vs %g", bn3, plain3);
    cr_assert(bn1 < 0.2 && plain1 > 2.0);
    chapter_data_free(&c);
}

/* ---- section 6: the early-stopping callback ------------------------------------- */

/* Section 6's rule, written out: returns the stop epoch (0: none), the best in *best. */
static int rule(const double *val, int n, int patience, double min_delta, int *best)
{
    double b = val[0];
    int wait = 0;
    *best = 1;
    for (int e = 2; e <= n; e++) {
        if (val[e - 1] < b - min_delta)
            b = val[e - 1], *best = e, wait = 0;
        else if (++wait >= patience)
            return e;
    }
    return 0;
}

/* Feed the callback the losses val[0..n-1], with the net's one weight set to
 * the epoch's number before each call; returns the epoch it said stop (0: none). */
static int feed(EarlyStopping *es, Net *net, const double *val, int n)
{
    for (int e = 1; e <= n; e++) {
        net->params[0].value->data[0] = e;
        EpochLog log = {.epoch = e, .epochs = n, .loss = NAN, .val_loss = val[e - 1],
                        .metric = NAN, .val_metric = NAN, .last = e == n};
        if (early_stopping(net, &log, es) == FIT_STOP)
            return e;
    }
    return 0;
}

Test(ch11, the_librarys_early_stopping_follows_the_rule_and_restores_the_best_weights)
{
    static const double v1[] = {1.0, 0.8, 0.9, 0.85, 0.7, 0.75, 0.76, 0.72, 0.6};
    static const double v2[] = {1.0, 0.95, 0.94, 0.935, 0.5, 0.4};
    static const double v3[] = {0.5, 0.5, 0.5, 0.4};
    static const double v4[] = {0.9, 0.8, 0.7, 0.6};
    struct {
        const double *v;
        int n, patience;
        double min_delta;
        int stop, best; /* worked by hand */
    } cases[] = {
        /* best 5 (0.7); epochs 6, 7, 8 do not improve: stop after 8 */
        {v1, 9, 3, 0.0, 8, 5},
        /* 0.95 < 1 - 0.02 improves; 0.94, 0.935 are not below 0.95 - 0.02 = 0.93: stop after 4 */
        {v2, 6, 2, 0.02, 4, 2},
        /* an equal loss is no improvement: stop after 3, best 1 */
        {v3, 4, 2, 0.0, 3, 1},
        /* always improving: runs to the end, best 4 */
        {v4, 4, 1, 0.0, 0, 4},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int best;
        cr_assert_eq(rule(cases[k].v, cases[k].n, cases[k].patience, cases[k].min_delta, &best),
                     cases[k].stop, "case %zu: the rule", k);
        cr_assert_eq(best, cases[k].best);
        Net *net = net_new(1, 1);
        net_add(net, 1, act_of(ACT_LINEAR));
        EarlyStopping es = {.monitor = MONITOR_VAL_LOSS, .patience = cases[k].patience,
                            .min_delta = cases[k].min_delta, .restore_best_weights = 1};
        cr_assert_eq(feed(&es, net, cases[k].v, cases[k].n), cases[k].stop, "case %zu", k);
        cr_assert_eq(es.best_epoch, cases[k].best, "case %zu", k);
        cr_assert_eq(net->params[0].value->data[0], cases[k].best,
                     "case %zu: the weight of the best epoch is back", k);
        early_stopping_free(&es);
        net_free(net);
    }
}
