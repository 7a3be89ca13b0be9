/* Grader of chapter 11, regularization (10 points): the penalty lambda R(w)
 * and its gradient with section 2's neuron, inverted dropout with given
 * coin tosses, batch normalization forward (with the running statistics)
 * and backward on section 5's batch and against the library's layer on a
 * batch of its own, and the early-stopping rule on section 6's validation
 * losses; behaviour checks (a regularizer adds to the data's gradient;
 * u = rate keeps the unit; nothing is dropped at inference; an equal loss
 * is no improvement; min_delta). */
#include <string.h>

#include "exercises.h"
#include "grade.h"
#include "layer.h"
#include "mat.h"
#include "rng.h"

const char grade_chapter[] = "11_regularization";
const GradeExercise grade_exercises[] = {
    {"penalty", "11.1", "the penalty lambda R(w) and its gradient", 2,
     "return l2 sum w^2 + l1 sum |w| (no 1/2, no 1/n); ADD 2 l2 w_i + l1 sign(w_i) to "
     "grad[i] (grad holds the data's gradient already), with sign(0) = 0"},
    {"dropout", "11.2", "inverted dropout", 2,
     "keep unit j when u[j] >= rate (not <); a kept unit's mask is 1 / (1 - rate), a "
     "dropped one's 0; at inference every mask is 1 and out = a, with no scaling"},
    {"batchnorm_forward", "11.3", "batch normalization, forward and running statistics", 2,
     "var divides by m (not m - 1); eps goes inside the root: sqrt(var + eps); the running "
     "averages keep momentum of the OLD value: momentum * running + (1 - momentum) * batch"},
    {"batchnorm_backward", "11.4", "batch normalization, backward", 2,
     "every x_i moved mu and var, so dx_i has three terms: gamma (m dy_i - sum dy - x_hat_i "
     "sum dy x_hat) / (m sqrt(var + eps)); dgamma = sum dy x_hat, dbeta = sum dy"},
    {"early_stopping", "11.5", "the early-stopping rule", 2,
     "an epoch improves only when its loss < best - min_delta (an equal loss does not); "
     "count the epochs in a row without improvement and stop when the count reaches "
     "patience; epochs are numbered from 1"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* A few products and sums of short decimals: 1e-12 leaves room for
 * rounding only. */
#define TOL 1e-12

/* ---- 11.1 ------------------------------------------------------------------ */

/* ex_penalty on w with the data's gradient dL in grad; want_R and want_g
 * (the gradient after the call). */
static void check_penalty(const char *name, const double *w, const double *dL, int n, double l1,
                          double l2, double want_R, const double *want_g)
{
    enum { MAX = 8 };
    char wv[200], gv[200];
    grade_case(name, "w = %s, grad on entry = %s, l1 = %g, l2 = %g", grade_vec(wv, 200, w, n),
               grade_vec(gv, 200, dL, n), l1, l2);
    double g[MAX + 1];
    memcpy(g, dL, (size_t)n * sizeof *g);
    g[n] = GRADE_UNWRITTEN;
    double half = 0.0, overwrite[MAX], no2[MAX];
    for (int i = 0; i < n; i++) {
        half += 0.5 * l2 * w[i] * w[i] + l1 * fabs(w[i]);
        overwrite[i] = want_g[i] - dL[i];
        no2[i] = want_g[i] - l2 * w[i];
    }
    GradeMistake Rslips[] = {{half, "the L2 term has a 1/2: Keras' l2(lambda) is lambda sum w^2"}};
    GRADE_NEAR_KNOWN(ex_penalty(w, n, l1, l2, g), want_R, TOL, Rslips, 1, "the penalty R");
    for (int i = 0; i < n; i++) {
        GradeMistake slips[] = {
            {overwrite[i], "grad[i] was overwritten: the penalty's gradient is ADDED to dL/dw"},
            {no2[i], "d/dw of l2 w^2 is 2 l2 w, not l2 w"}};
        GRADE_NEAR_KNOWN(g[i], want_g[i], TOL, slips, 2, "grad[%d] after the call", i);
    }
    GRADE_UNTOUCHED(g[n], "grad[%d], just past the %d weights", n, n);
    grade_case_end();
}

GRADE_TEST(penalty)
{
    /* section 2: w = (0.5, 1, 0.04), dL/dw = (0.5, -1.5, 0), lambda = 0.1.
     * L2: R = 0.1 (0.25 + 1 + 0.0016) = 0.12516;
     *     grad = (0.5 + 2 x 0.1 x 0.5, -1.5 + 2 x 0.1 x 1, 0 + 2 x 0.1 x 0.04) = (0.6, -1.3, 0.008) */
    static const double w[] = {0.5, 1.0, 0.04}, dL[] = {0.5, -1.5, 0.0};
    static const double g2[] = {0.6, -1.3, 0.008}, g1[] = {0.6, -1.4, 0.1};
    check_penalty("section 2, L2", w, dL, 3, 0.0, 0.1, 0.12516, g2);
    /* L1: R = 0.1 (0.5 + 1 + 0.04) = 0.154; grad = dL + 0.1 sign(w) = (0.6, -1.4, 0.1) */
    check_penalty("section 2, L1", w, dL, 3, 0.1, 0.0, 0.154, g1);
    /* both, negative and zero weights: w = (-2, 0, 3), grad 0 on entry, l1 = 0.5, l2 = 0.25:
     * R = 0.25 (4 + 0 + 9) + 0.5 (2 + 0 + 3) = 3.25 + 2.5 = 5.75
     * grad = (2 x 0.25 x -2 - 0.5, 0 + 0 (sign(0) = 0), 2 x 0.25 x 3 + 0.5) = (-1.5, 0, 2) */
    static const double w3[] = {-2.0, 0.0, 3.0}, z3[] = {0.0, 0.0, 0.0}, g3[] = {-1.5, 0.0, 2.0};
    check_penalty("both penalties, w = 0 in the middle", w3, z3, 3, 0.5, 0.25, 5.75, g3);
    /* no penalty: R = 0 and grad unchanged */
    static const double w4[] = {0.7, -0.3}, d4[] = {0.1, 0.2};
    check_penalty("lambda 0: nothing added", w4, d4, 2, 0.0, 0.0, 0.0, d4);
}

/* ---- 11.2 ------------------------------------------------------------------ */

static void check_dropout(const char *name, const double *a, const double *u, int n,
                          double rate, int training, const double *want_mask, int want_kept)
{
    enum { MAX = 10 };
    char av[300], uv[300];
    grade_case(name, "a = %s, u = %s, rate = %g, training = %d", grade_vec(av, 300, a, n),
               grade_vec(uv, 300, u, n), rate, training);
    double mask[MAX + 1], out[MAX + 1];
    grade_fill_unwritten(mask, MAX + 1);
    grade_fill_unwritten(out, MAX + 1);
    int kept = ex_dropout(a, u, n, rate, training, mask, out);
    for (int j = 0; j < n; j++) {
        int kj = want_mask[j] != 0.0;
        GradeMistake slips[] = {
            {kj ? 1.0 : 0.0, "a kept unit is scaled by 1 / (1 - rate) in training"},
            {kj ? 1.0 - rate : 0.0, "scaled by (1 - rate): inverted dropout DIVIDES by it"},
            {kj ? 0.0 : 1.0 / (1.0 - rate), "kept and dropped are swapped: keep when u >= rate"},
            {training ? 0.0 : 1.0 - rate, "at inference nothing is scaled: the mask is 1"}};
        GRADE_NEAR_KNOWN(mask[j], want_mask[j], TOL, slips, 4, "mask[%d] (u = %g)", j,
                         training ? u[j] : 0.0);
        GRADE_NEAR(out[j], a[j] * want_mask[j], TOL, "out[%d] = a[%d] mask[%d]", j, j, j);
    }
    GRADE_UNTOUCHED(mask[n], "mask[%d], just past the %d units", n, n);
    GRADE_EQ_INT(kept, want_kept, "the number of units kept");
    grade_case_end();
}

GRADE_TEST(dropout)
{
    /* rate 0.3: a kept unit is multiplied by 1 / 0.7 = 1.42857143; u = 0.3 is kept (u >= rate) */
    static const double a[] = {0.2, 1.5, 0.7, 0.0, 2.1, 0.4, 1.1, 0.9, 0.3, 1.8};
    static const double u[] = {0.11, 0.49, 0.37, 0.31, 0.99, 0.3, 0.6, 0.29999, 0.15, 0.5};
    const double k = 1.0 / 0.7;
    const double m[] = {0, k, k, k, k, k, k, 0, 0, k};
    check_dropout("ten units, rate 0.3", a, u, 10, 0.3, 1, m, 7);
    /* inference: masks 1, out = a, all 10 counted as kept */
    static const double ones[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    check_dropout("the same at inference", a, u, 10, 0.3, 0, ones, 10);
    /* rate 0.5 (a fair coin): kept units doubled */
    static const double a2[] = {-1.0, 3.0, 0.25, 4.0}, u2[] = {0.5, 0.49, 0.75, 0.0};
    static const double m2[] = {2, 0, 2, 0};
    check_dropout("rate 0.5", a2, u2, 4, 0.5, 1, m2, 2);
    /* rate 0: nothing dropped, nothing scaled */
    static const double m0[] = {1, 1, 1, 1};
    check_dropout("rate 0", a2, u2, 4, 0.0, 1, m0, 4);
}

/* ---- 11.3 ------------------------------------------------------------------ */

#define EPS 0.001
#define MOMENTUM 0.99

static void check_bn_forward(const char *name, const double *x, int m, double gamma,
                             double beta, double rm0, double rv0, double want_mu,
                             double want_var, const double *want_xh, const double *want_y)
{
    enum { MAX = 8 };
    char xv[300];
    grade_case(name, "x = %s, gamma = %g, beta = %g, eps = %g, momentum = %g, running mean and "
               "variance %g and %g", grade_vec(xv, 300, x, m), gamma, beta, EPS, MOMENTUM, rm0,
               rv0);
    ExBatchNorm s = {.mu = GRADE_UNWRITTEN, .var = GRADE_UNWRITTEN, .running_mean = rm0,
                     .running_var = rv0};
    double xh[MAX + 1], y[MAX + 1];
    grade_fill_unwritten(xh, MAX + 1);
    grade_fill_unwritten(y, MAX + 1);
    ex_batchnorm_forward(x, m, gamma, beta, EPS, MOMENTUM, &s, xh, y);
    GRADE_NEAR(s.mu, want_mu, TOL, "mu = 1/m sum x");
    GradeMistake vslips[] = {{want_var * m / (m - 1), "var divides by m - 1: batch norm uses the "
                                                      "batch's own (population) variance, / m"}};
    GRADE_NEAR_KNOWN(s.var, want_var, TOL * (1 + want_var), vslips, 1, "var = 1/m sum (x - mu)^2");
    for (int i = 0; i < m; i++) {
        double d = x[i] - want_mu;
        GradeMistake slips[] = {{d / sqrt(want_var), "eps is missing: x_hat = (x - mu) / "
                                                     "sqrt(var + eps)"},
                                {d / (sqrt(want_var) + EPS), "eps is outside the root: "
                                                             "sqrt(var + eps), not sqrt(var) + eps"},
                                {d / (want_var + EPS), "divided by var + eps: take its square root"}};
        GRADE_NEAR_KNOWN(xh[i], want_xh[i], 1e-11, slips, 3, "x_hat[%d]", i);
        GRADE_NEAR(y[i], want_y[i], 1e-11, "y[%d] = gamma x_hat[%d] + beta", i, i);
    }
    GRADE_UNTOUCHED(y[m], "y[%d], just past the %d rows", m, m);
    double rm = MOMENTUM * rm0 + (1 - MOMENTUM) * want_mu;
    double rv = MOMENTUM * rv0 + (1 - MOMENTUM) * want_var;
    GradeMistake rslips[] = {{(1 - MOMENTUM) * rm0 + MOMENTUM * want_mu,
                              "momentum weighs the OLD running value: 0.99 old + 0.01 batch"},
                             {want_mu, "the running mean was set to the batch's mean"}};
    GRADE_NEAR_KNOWN(s.running_mean, rm, 1e-12, rslips, 2, "running_mean after the step");
    GRADE_NEAR(s.running_var, rv, 1e-12 * (1 + rv), "running_var after the step");
    grade_case_end();
}

/* The library's layer on the same column: its forward output for x. */
static void check_bn_against_library(Rng *rng)
{
    enum { M = 7 };
    double x[M], xh[M], y[M];
    for (int i = 0; i < M; i++)
        x[i] = rng_normal(rng, 2.0, 3.0);
    double gamma = rng_uniform(rng, 0.5, 2.0), beta = rng_uniform(rng, -1.0, 1.0);
    Layer *L = layer_batchnorm(1, M);
    cr_assert(L != NULL, "out of memory");
    L->gamma->data[0] = gamma;
    L->beta->data[0] = beta;
    Mat X = {M, 1, x}, *A = mat_new(M, 1);
    layer_forward(L, A, &X, NULL, MODE_TRAIN, NULL);
    char xv[300];
    grade_case("a random batch, against lib/layer's BatchNormalization", "x = %s, gamma = %.17g, "
               "beta = %.17g, eps = %g, momentum = %g, running 0 and 1", grade_vec(xv, 300, x, M),
               gamma, beta, EPS, MOMENTUM);
    ExBatchNorm s = {.running_mean = 0.0, .running_var = 1.0};
    ex_batchnorm_forward(x, M, gamma, beta, EPS, MOMENTUM, &s, xh, y);
    for (int i = 0; i < M; i++)
        GRADE_NEAR(y[i], A->data[i], 1e-12, "y[%d]", i);
    GRADE_NEAR(s.running_mean, L->moving_mean->data[0], 1e-12, "running_mean");
    GRADE_NEAR(s.running_var, L->moving_var->data[0], 1e-12, "running_var");
    grade_case_end();
    mat_free(A);
    layer_free(L);
}

GRADE_TEST(batchnorm_forward)
{
    /* section 5, unit 1: x = (1, 2, 4, 5), gamma = 2, beta = 0.1:
     * mu = 12 / 4 = 3, var = (4 + 1 + 1 + 4) / 4 = 2.5, sqrt(2.5 + 0.001) = 1.58145503
     * x_hat = (-2, -1, 1, 2) / 1.58145503 = (-1.26465816, -0.632329079, 0.632329079, 1.26465816)
     * y = 2 x_hat + 0.1 = (-2.42931632, -1.16465816, 1.36465816, 2.62931632)
     * running from (0, 1): 0.99 x 0 + 0.01 x 3 = 0.03, 0.99 x 1 + 0.01 x 2.5 = 1.015
     * (17-digit values from the same formulas in Python's math module) */
    static const double x1[] = {1, 2, 4, 5};
    static const double xh1[] = {-1.2646581577239129, -0.6323290788619564, 0.6323290788619564,
                                 1.2646581577239129};
    static const double y1[] = {-2.4293163154478257, -1.1646581577239128, 1.364658157723913,
                                2.629316315447826};
    check_bn_forward("section 5, unit 1", x1, 4, 2.0, 0.1, 0.0, 1.0, 3.0, 2.5, xh1, y1);
    /* unit 2: x = (10, 20, 30, 60), gamma = 0.5, beta = -1: mu = 30, var = (400 + 100 + 0 + 900) / 4
     * = 350, sqrt(350.001) = 18.7083137; x_hat = (-20, -10, 0, 30) / 18.7083137;
     * running from (0.03, 1.015): 0.99 x 0.03 + 0.01 x 30 = 0.3297, 0.99 x 1.015 + 3.5 = 4.50485 */
    static const double x2[] = {10, 20, 30, 60};
    static const double xh2[] = {-1.0690434404458735, -0.5345217202229368, 0.0,
                                 1.6035651606688104};
    static const double y2[] = {-1.5345217202229366, -1.2672608601114683, -1.0,
                                -0.1982174196655948};
    check_bn_forward("section 5, unit 2 (running values from before)", x2, 4, 0.5, -1.0, 0.03,
                     1.015, 30.0, 350.0, xh2, y2);
    Rng rng;
    rng_seed(&rng, 11);
    check_bn_against_library(&rng);
}

/* ---- 11.4 ------------------------------------------------------------------ */

static void check_bn_backward(const char *name, const double *x_hat, const double *dy, int m,
                              double gamma, double var, const double *want_dx,
                              double want_dgamma, double want_dbeta, double tol)
{
    enum { MAX = 8 };
    char hv[300], dv[300];
    grade_case(name, "x_hat = %s, dy = %s, gamma = %.17g, var = %.17g, eps = %g",
               grade_vec(hv, 300, x_hat, m), grade_vec(dv, 300, dy, m), gamma, var, EPS);
    double dx[MAX + 1], dgamma = GRADE_UNWRITTEN, dbeta = GRADE_UNWRITTEN;
    grade_fill_unwritten(dx, MAX + 1);
    ex_batchnorm_backward(x_hat, dy, m, gamma, var, EPS, dx, &dgamma, &dbeta);
    GRADE_NEAR(dbeta, want_dbeta, tol, "dbeta = sum dy");
    GRADE_NEAR(dgamma, want_dgamma, tol, "dgamma = sum dy x_hat");
    double sd = sqrt(var + EPS);
    for (int i = 0; i < m; i++) {
        GradeMistake slips[] = {
            {gamma * dy[i] / sd, "only the direct path: every x moved mu and var too, so "
                                 "subtract dbeta and x_hat_i dgamma (then divide by m)"},
            {gamma * (m * dy[i] - want_dbeta - x_hat[i] * want_dgamma) / sd,
             "the division by m is missing"},
            {(m * dy[i] - want_dbeta - x_hat[i] * want_dgamma) / (m * sd), "gamma is missing"}};
        GRADE_NEAR_KNOWN(dx[i], want_dx[i], tol, slips, 3, "dx[%d]", i);
    }
    GRADE_UNTOUCHED(dx[m], "dx[%d], just past the %d rows", m, m);
    grade_case_end();
}

GRADE_TEST(batchnorm_backward)
{
    /* section 5, unit 1: x_hat = (-1.26465816, -0.632329079, 0.632329079, 1.26465816),
     * dy = (0.5, -1, 0.25, 2), gamma = 2, var = 2.5:
     * dgamma = 0.5 x -1.26465816 + -1 x -0.632329079 + 0.25 x 0.632329079 + 2 x 1.26465816
     *        = 2.68739859;  dbeta = 0.5 - 1 + 0.25 + 2 = 1.75
     * dx1 = 2 (4 x 0.5 - 1.75 - (-1.26465816) x 2.68739859) / (4 x 1.58145503) = 1.15357076, ...
     * (17 digits from the same formulas in Python; the chapter checks them against central
     * differences) */
    static const double xh[] = {-1.2646581577239129, -0.6323290788619564, 0.6323290788619564,
                                1.2646581577239129};
    static const double dy[] = {0.5, -1.0, 0.25, 2.0};
    static const double dx[] = {1.1535707570741842, -1.280681290619905, -0.7743882156814534,
                                0.9014987492271741};
    check_bn_backward("section 5, unit 1", xh, dy, 4, 2.0, 2.5, dx, 2.687398585163315, 1.75, TOL);

    /* a random batch, against the library's layer_backward */
    enum { M = 6 };
    Rng rng;
    rng_seed(&rng, 1111);
    double x[M], d[M];
    for (int i = 0; i < M; i++) {
        x[i] = rng_normal(&rng, -1.0, 2.0);
        d[i] = rng_normal(&rng, 0.0, 1.0);
    }
    Layer *L = layer_batchnorm(1, M);
    cr_assert(L != NULL, "out of memory");
    L->gamma->data[0] = 1.7;
    Mat X = {M, 1, x}, dA = {M, 1, d}, *A = mat_new(M, 1), *dX = mat_new(M, 1);
    layer_forward(L, A, &X, NULL, MODE_TRAIN, NULL);
    layer_backward(L, dX, &dA, &X, A);
    check_bn_backward("a random batch, against lib/layer's BatchNormalization", L->Z->data, d, M,
                      1.7, L->var->data[0], dX->data, L->dgamma->data[0], L->dbeta->data[0],
                      1e-12);
    mat_free(A);
    mat_free(dX);
    layer_free(L);
}

/* ---- 11.5 ------------------------------------------------------------------ */

static void check_early(const char *name, const double *val, int n, int patience,
                        double min_delta, int want_stop, int want_best)
{
    char vv[1200];
    grade_case(name, "val_loss = %s, patience = %d, min_delta = %g", grade_vec(vv, 1200, val, n),
               patience, min_delta);
    int best = -1;
    int stop = ex_early_stopping(val, n, patience, min_delta, &best);
    GRADE_EQ_INT(best, want_best, "the best epoch (1-based)");
    GRADE_EQ_INT(stop, want_stop, "the epoch training stops after (0: never)");
    grade_case_end();
}

GRADE_TEST(early_stopping)
{
    /* section 6 (seed 2014): the best is epoch 11 (0.788099812); epochs 12..21 do not
     * improve, so with patience 10 training stops after epoch 21 */
    static const double val[] = {1.37643418, 1.15020503, 0.936514337, 1.11252835, 0.907420345,
                                 0.867301644, 0.821012702, 0.830450823, 0.821196847,
                                 0.806941871, 0.788099812, 0.81084616, 0.844433251, 0.792397482,
                                 0.80918897, 0.800673448, 0.794799372, 0.818612594, 0.799842818,
                                 0.820387691, 0.816714998, 0.79};
    check_early("section 6's validation MSE", val, 22, 10, 0.0, 21, 11);
    /* patience 3: best 5 (0.7); epochs 6, 7, 8 do not improve: stop after 8 */
    static const double v2[] = {1.0, 0.8, 0.9, 0.85, 0.7, 0.75, 0.76, 0.72, 0.6};
    check_early("patience 3", v2, 9, 3, 0.0, 8, 5);
    /* an equal loss is no improvement: 0.5, 0.5, 0.5 with patience 2 stops after 3, best 1 */
    static const double v3[] = {0.5, 0.5, 0.5, 0.4};
    check_early("equal losses", v3, 4, 2, 0.0, 3, 1);
    /* min_delta 0.02: 0.95 < 1 - 0.02 improves; 0.94 and 0.935 are not below 0.95 - 0.02 = 0.93:
     * stop after 4, best 2 */
    static const double v4[] = {1.0, 0.95, 0.94, 0.935, 0.5};
    check_early("min_delta 0.02", v4, 5, 2, 0.02, 4, 2);
    /* always improving: never stops, the best is the last */
    static const double v5[] = {0.9, 0.8, 0.7, 0.6, 0.5};
    check_early("always improving", v5, 5, 1, 0.0, 0, 5);
    /* the patience resets: 1, 0.9, 0.95, 0.85, 0.9, 0.95 with patience 2: best 4, stop after 6 */
    static const double v6[] = {1.0, 0.9, 0.95, 0.85, 0.9, 0.95, 0.1};
    check_early("an improvement resets the count", v6, 7, 2, 0.0, 6, 4);
}
