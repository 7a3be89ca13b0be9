/* test_loss.c - unit tests for lib/loss: the lecture's worked loss values
 * (MSE, MAE, categorical and sparse categorical cross entropy), hand
 * values of the others, clamping at p = 0 and p = 1, log-cosh far out,
 * and a numeric gradient check of every per-example gradient and of
 * loss_cost_grad for every LossKind.
 *
 * Tolerances:
 *   - a value quoted to 9 significant digits agrees to within half a unit
 *     of its last digit: 5e-10 in [0.1, 1), 5e-9 in [1, 10);
 *   - a few exact double operations: 1e-12;
 *   - gradient checks: relative error <= 1e-7 (gradcheck.h); a correct
 *     gradient gives about 1e-10 with h = 1e-5, a wrong sign gives 2.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "gradcheck.h"
#include "loss.h"
#include "mat.h"

#define TOL_9SF_BELOW_1 5e-10
#define TOL_9SF_BELOW_10 5e-9
#define TOL_FEW_OPS 1e-12
#define GRAD_REL_TOL 1e-7

/* The cost of a loss on an (m x k) problem given as flat arrays. */
static double cost_of(Loss loss, int m, int k, int ycols, const double *y, const double *yhat)
{
    Mat *Y = mat_from(m, ycols, y), *Yhat = mat_from(m, k, yhat);
    double c = loss_cost(&loss, Y, Yhat);
    mat_free(Y);
    mat_free(Yhat);
    return c;
}

/* ---- regression losses ------------------------------------------------------ */

Test(loss, mse_of_identical_vectors_is_zero)
{
    double y[] = {0.3, -1.7, 2.25};
    cr_assert_eq(cost_of((Loss){.kind = LOSS_MSE}, 3, 1, 1, y, y), 0.0);
}

Test(loss, mse_of_errors_1_4_minus_5_is_14)
{
    /* Notes 000: y = (3, 6, -1), yhat = (2, 2, 4), errors y - yhat =
     * (1, 4, -5); MSE = (1 + 16 + 25) / 3 = 42 / 3 = 14 */
    double y[] = {3, 6, -1}, yhat[] = {2, 2, 4};
    cr_assert_float_eq(cost_of((Loss){.kind = LOSS_MSE}, 3, 1, 1, y, yhat), 14.0, TOL_FEW_OPS);
}

Test(loss, rmse_is_the_square_root_of_mse)
{
    /* same errors: sqrt(14) = 3.74165739 (9 digits, so 5e-9) */
    double y[] = {3, 6, -1}, yhat[] = {2, 2, 4};
    cr_assert_float_eq(cost_of((Loss){.kind = LOSS_RMSE}, 3, 1, 1, y, yhat), 3.74165739,
                       TOL_9SF_BELOW_10);
}

Test(loss, mae_of_errors_1_minus_3_minus_1_is_five_thirds)
{
    /* Notes 000: errors (1, -3, -1): MAE = (1 + 3 + 1) / 3 = 5/3 */
    double y[] = {2, 0, 5}, yhat[] = {1, 3, 6};
    cr_assert_float_eq(cost_of((Loss){.kind = LOSS_MAE}, 3, 1, 1, y, yhat), 5.0 / 3.0,
                       TOL_FEW_OPS);
}

Test(loss, elementwise_cost_averages_over_rows_and_columns)
{
    /* 2 x 2, errors (1, 2; 0, -3): squares 1 + 4 + 0 + 9 = 14, over 4 = 3.5 */
    double y[] = {1, 2, 0, -3}, yhat[] = {0, 0, 0, 0};
    cr_assert_float_eq(cost_of((Loss){.kind = LOSS_MSE}, 2, 2, 2, y, yhat), 3.5, TOL_FEW_OPS);
}

Test(loss, huber_is_quadratic_inside_delta_and_linear_outside)
{
    /* delta = 1:
     *   e = 0.5 (inside):  0.5 * 0.5^2 = 0.125
     *   e = 3 (outside):   1 * 3 - 0.5 * 1^2 = 2.5, and the same for e = -3
     *   e = 1 (the seam):  both pieces give 0.5 */
    cr_assert_float_eq(loss_huber(0.0, 0.5, 1.0), 0.125, TOL_FEW_OPS);
    cr_assert_float_eq(loss_huber(0.0, 3.0, 1.0), 2.5, TOL_FEW_OPS);
    cr_assert_float_eq(loss_huber(0.0, -3.0, 1.0), 2.5, TOL_FEW_OPS);
    cr_assert_float_eq(loss_huber(2.0, 1.0, 1.0), 0.5, TOL_FEW_OPS);
    /* delta = 2, e = -5: 2 * 5 - 0.5 * 4 = 8 */
    cr_assert_float_eq(loss_huber(0.0, 5.0, 2.0), 8.0, TOL_FEW_OPS);
}

Test(loss, log_cosh_matches_hand_value)
{
    /* log cosh(0.5) = log((e^0.5 + e^-0.5) / 2) = log(1.12762597) = 0.120114507 */
    cr_assert_float_eq(loss_logcosh(0.0, 0.5), 0.120114507, TOL_9SF_BELOW_1);
    cr_assert_float_eq(loss_logcosh(0.5, 0.0), 0.120114507, TOL_9SF_BELOW_1);
    cr_assert_eq(loss_logcosh(1.5, 1.5), 0.0);
}

Test(loss, log_cosh_of_a_huge_error_is_finite)
{
    /* cosh(1000) overflows a double; log cosh(x) = x - ln 2 + ln(1 + e^-2x)
     * and e^-2000 vanishes, so the loss is 1000 - ln 2 = 999.306852819.
     * 1e-12: an absolute error of a few units of 2^-53 * 1000 ~ 1.1e-13. */
    double L = loss_logcosh(0.0, 1000.0);
    cr_assert(isfinite(L));
    cr_assert_float_eq(L, 1000.0 - log(2.0), 1e-12);
    cr_assert_float_eq(loss_logcosh(1000.0, 0.0), 1000.0 - log(2.0), 1e-12);
    cr_assert(isfinite(loss_logcosh_grad(0.0, 1000.0)));
}

/* ---- classification losses ---------------------------------------------------- */

Test(loss, bce_matches_hand_values)
{
    /* y = 1, p = 0.8: -ln 0.8 = 0.223143551
     * y = 0, p = 0.8: -ln(1 - 0.8) = -ln 0.2 = 1.60943791 */
    cr_assert_float_eq(loss_bce(1.0, 0.8), 0.223143551, TOL_9SF_BELOW_1);
    cr_assert_float_eq(loss_bce(0.0, 0.8), 1.60943791, TOL_9SF_BELOW_10);
}

Test(loss, bce_at_p_zero_and_one_is_finite)
{
    /* p is clamped into [1e-7, 1 - 1e-7]:
     *   y = 1, p = 0: -ln(1e-7) = 7 ln 10 = 16.1180957 */
    cr_assert_float_eq(loss_bce(1.0, 0.0), 16.1180957, TOL_9SF_BELOW_10 * 10);
    /*   y = 0, p = 1: -ln(1 - (1 - 1e-7)). 1 - 1e-7 is rounded to a double,
     *   so the subtraction leaves 1e-7 with a relative error of ~5e-10,
     *   which moves the logarithm by ~5e-10 too: compare to 1e-8. */
    cr_assert_float_eq(loss_bce(0.0, 1.0), -log(1e-7), 1e-8);
    /* a right answer with full confidence costs almost nothing:
     *   y = 1, p = 1: -ln(1 - 1e-7) = 1e-7 + 5e-15 + ... */
    cr_assert_float_eq(loss_bce(1.0, 1.0), 1e-7, 1e-12);
    cr_assert(isfinite(loss_bce_grad(1.0, 0.0)));
    cr_assert(isfinite(loss_bce_grad(0.0, 1.0)));
}

Test(loss, cce_of_the_lectures_first_example_is_minus_ln_0_2)
{
    /* Notes 001: p = (0.2, 0.3, 0.5), y = (1, 0, 0):
     *   L = -1 ln 0.2 - 0 ln 0.3 - 0 ln 0.5 = 1.60943791 */
    double y[] = {1, 0, 0}, p[] = {0.2, 0.3, 0.5};
    cr_assert_float_eq(loss_cce(y, p, 3), 1.60943791, TOL_9SF_BELOW_10);
}

Test(loss, cce_of_the_lectures_second_example_is_minus_ln_0_6)
{
    /* Notes 001: p = (0.3, 0.6, 0.1), y = (0, 1, 0): L = -ln 0.6 = 0.510825624 */
    double y[] = {0, 1, 0}, p[] = {0.3, 0.6, 0.1};
    cr_assert_float_eq(loss_cce(y, p, 3), 0.510825624, TOL_9SF_BELOW_1);
}

Test(loss, cce_cost_is_the_mean_over_rows)
{
    /* the two examples above as a 2 x 3 batch:
     *   (1.60943791 + 0.510825624) / 2 = 2.12026353 / 2 = 1.06013177 */
    double y[] = {1, 0, 0, 0, 1, 0}, p[] = {0.2, 0.3, 0.5, 0.3, 0.6, 0.1};
    cr_assert_float_eq(cost_of((Loss){.kind = LOSS_CCE}, 2, 3, 3, y, p), 1.06013177,
                       TOL_9SF_BELOW_10);
}

Test(loss, cce_at_p_zero_and_one_is_finite)
{
    /* the true class predicted with p = 0: clamped to 1e-7, -ln 1e-7 = 16.1180957 */
    double y[] = {1, 0, 0}, p0[] = {0, 0.5, 0.5}, p1[] = {1, 0, 0};
    cr_assert_float_eq(loss_cce(y, p0, 3), 16.1180957, TOL_9SF_BELOW_10 * 10);
    /* the true class predicted with p = 1: -ln(1 - 1e-7) ~ 1e-7 */
    double L1 = loss_cce(y, p1, 3);
    cr_assert(isfinite(L1));
    cr_assert_float_eq(L1, 1e-7, 1e-12);
    double dp[3];
    loss_cce_grad(dp, y, p0, 3);
    cr_assert(isfinite(dp[0]));
}

Test(loss, sparse_cce_takes_the_probability_of_the_class_index)
{
    /* Notes 001: p = (0.1, 0.4, 0.5)
     *   class 0: -ln 0.1 = 2.30258509
     *   class 1: -ln 0.4 = 0.916290732 */
    double p[] = {0.1, 0.4, 0.5};
    cr_assert_float_eq(loss_sparse_cce(0, p, 3), 2.30258509, TOL_9SF_BELOW_10);
    cr_assert_float_eq(loss_sparse_cce(1, p, 3), 0.916290732, TOL_9SF_BELOW_1);
}

Test(loss, sparse_cce_cost_equals_cce_cost_on_one_hot_targets)
{
    double p[] = {0.2, 0.3, 0.5, 0.3, 0.6, 0.1};
    double onehot[] = {0, 0, 1, 1, 0, 0}, classes[] = {2, 0};
    double cce = cost_of((Loss){.kind = LOSS_CCE}, 2, 3, 3, onehot, p);
    double sparse = cost_of((Loss){.kind = LOSS_SPARSE_CCE}, 2, 3, 1, classes, p);
    /* (-ln 0.5 - ln 0.3) / 2 = (0.693147181 + 1.2039728) / 2 = 0.948559992 */
    cr_assert_float_eq(sparse, 0.948559992, TOL_9SF_BELOW_1);
    cr_assert_float_eq(sparse, cce, TOL_FEW_OPS);
}

Test(loss, hinge_matches_hand_values)
{
    /* max(0, 1 - y f):
     *   y = 1, f = 0.3:   1 - 0.3 = 0.7
     *   y = -1, f = 0.3:  1 + 0.3 = 1.3
     *   y = 1, f = 2:     1 - 2 < 0, so 0 */
    cr_assert_float_eq(loss_hinge(1.0, 0.3), 0.7, TOL_FEW_OPS);
    cr_assert_float_eq(loss_hinge(-1.0, 0.3), 1.3, TOL_FEW_OPS);
    cr_assert_eq(loss_hinge(1.0, 2.0), 0.0);
}

Test(loss, perceptron_loss_is_zero_on_the_right_side)
{
    /* notes 001: max(0, -y f)
     *   y = 1, f = -0.5: 0.5 (a mistake)
     *   y = 1, f = 0.5:  0   (right side)
     *   y = -1, f = 0.5: 0.5 (a mistake) */
    cr_assert_eq(loss_perceptron(1.0, -0.5), 0.5);
    cr_assert_eq(loss_perceptron(1.0, 0.5), 0.0);
    cr_assert_eq(loss_perceptron(-1.0, 0.5), 0.5);
    cr_assert_eq(loss_perceptron_grad(1.0, -0.5), -1.0);
    cr_assert_eq(loss_perceptron_grad(-1.0, 0.5), 1.0);
    cr_assert_eq(loss_perceptron_grad(1.0, 0.5), 0.0);
}

Test(loss, kl_divergence_matches_hand_value_and_is_zero_for_equal_distributions)
{
    /* p = (0.5, 0.5), q = (0.25, 0.75):
     *   0.5 ln(0.5 / 0.25) + 0.5 ln(0.5 / 0.75) = 0.5 (0.693147181 - 0.405465108)
     *   = 0.143841036 */
    double p[] = {0.5, 0.5}, q[] = {0.25, 0.75};
    cr_assert_float_eq(loss_kl(p, q, 2), 0.143841036, TOL_9SF_BELOW_1);
    cr_assert_eq(loss_kl(p, p, 2), 0.0);
    /* a zero in p contributes nothing (0 log 0 = 0): p = (0, 0.5, 0.5),
     * q = (0.2, 0.4, 0.4): 0 + 2 * 0.5 ln(0.5 / 0.4) = ln 1.25 = 0.223143551 */
    double p0[] = {0.0, 0.5, 0.5}, q0[] = {0.2, 0.4, 0.4};
    cr_assert_float_eq(loss_kl(p0, q0, 3), 0.223143551, TOL_9SF_BELOW_1);
}

Test(loss, names_are_spelled_as_in_keras)
{
    cr_assert_str_eq(loss_name(LOSS_MSE), "mse");
    cr_assert_str_eq(loss_name(LOSS_BCE), "binary_crossentropy");
    cr_assert_str_eq(loss_name(LOSS_SPARSE_CCE), "sparse_categorical_crossentropy");
}

/* ---- gradient checks: per-example losses ------------------------------------------ */

typedef double (*LossFn)(double y, double yhat);

static double huber_delta1(double y, double yhat) { return loss_huber(y, yhat, 1.0); }
static double huber_delta1_grad(double y, double yhat) { return loss_huber_grad(y, yhat, 1.0); }

typedef struct {
    LossFn f;
    double y, yhat;
} PairCtx;

static double pair_value(void *ctx)
{
    const PairCtx *c = ctx;
    return c->f(c->y, c->yhat);
}

/* Check grad against central differences of f in yhat at n (y, yhat)
 * pairs; assert the gradient is not zero at one of them at least. */
static void check_pair_grad(const char *name, LossFn f, LossFn grad, const double (*pairs)[2],
                            int n)
{
    int nonzero = 0;
    for (int i = 0; i < n; i++) {
        PairCtx c = {.f = f, .y = pairs[i][0], .yhat = pairs[i][1]};
        double numeric = gradcheck_numeric(pair_value, &c, &c.yhat, GRADCHECK_H);
        double analytic = grad(pairs[i][0], pairs[i][1]);
        double rel = gradcheck_rel_error(analytic, numeric);
        cr_assert_leq(rel, GRAD_REL_TOL, "%s at y = %g, yhat = %g: analytic %.12g, numeric %.12g",
                      name, pairs[i][0], pairs[i][1], analytic, numeric);
        nonzero += fabs(analytic) > 1e-3;
    }
    cr_assert_gt(nonzero, 0, "%s: the gradient is zero everywhere", name);
}

/* (y, yhat) with errors 1.1, -1.55, -0.9, 0.4, -0.6: both signs, away from
 * the kinks of |e| (e = 0) and of Huber (|e| = delta = 1). */
static const double REGRESSION_PAIRS[][2] = {
    {0.7, -0.4}, {-1.3, 0.25}, {2.0, 2.9}, {0.7, 0.3}, {-1.3, -0.7}};

Test(loss, squared_gradient_passes_a_gradient_check)
{
    check_pair_grad("squared", loss_squared, loss_squared_grad, REGRESSION_PAIRS, 5);
}

Test(loss, absolute_gradient_passes_a_gradient_check)
{
    check_pair_grad("absolute", loss_absolute, loss_absolute_grad, REGRESSION_PAIRS, 5);
}

Test(loss, huber_gradient_passes_a_gradient_check_inside_and_outside_delta)
{
    check_pair_grad("huber", huber_delta1, huber_delta1_grad, REGRESSION_PAIRS, 5);
}

Test(loss, log_cosh_gradient_passes_a_gradient_check)
{
    check_pair_grad("log_cosh", loss_logcosh, loss_logcosh_grad, REGRESSION_PAIRS, 5);
}

Test(loss, bce_gradient_passes_a_gradient_check)
{
    /* hard and soft labels, p away from the clamp at 1e-7 */
    static const double pairs[][2] = {{1, 0.73}, {0, 0.21}, {1, 0.12}, {0.3, 0.64}};
    check_pair_grad("bce", loss_bce, loss_bce_grad, pairs, 4);
}

Test(loss, hinge_gradient_passes_a_gradient_check)
{
    /* y f = 0.3 and -0.45 (inside the margin: -y), 1.6 and 2.2 (outside: 0) */
    static const double pairs[][2] = {{1, 0.3}, {-1, 0.45}, {1, 1.6}, {-1, -2.2}};
    check_pair_grad("hinge", loss_hinge, loss_hinge_grad, pairs, 4);
}

Test(loss, perceptron_gradient_passes_a_gradient_check)
{
    /* y f = -0.3 and -0.45 (mistakes: -y), 0.8 (right side: 0) */
    static const double pairs[][2] = {{1, -0.3}, {-1, 0.45}, {1, 0.8}};
    check_pair_grad("perceptron", loss_perceptron, loss_perceptron_grad, pairs, 3);
}

/* ---- gradient checks: cce and kl over a vector ---------------------------------------- */

typedef struct {
    int kl; /* 0: cce(y, p), 1: kl(y || p) */
    const double *y;
    double p[3];
} VecCtx;

static double vec_value(void *ctx)
{
    const VecCtx *c = ctx;
    return c->kl ? loss_kl(c->y, c->p, 3) : loss_cce(c->y, c->p, 3);
}

static void check_vec_grad(int kl, const double *y, const double *p)
{
    VecCtx c = {.kl = kl, .y = y, .p = {p[0], p[1], p[2]}};
    double dp[3];
    if (kl)
        loss_kl_grad(dp, y, p, 3);
    else
        loss_cce_grad(dp, y, p, 3);
    int nonzero = 0;
    for (int j = 0; j < 3; j++) {
        double numeric = gradcheck_numeric(vec_value, &c, &c.p[j], GRADCHECK_H);
        double rel = gradcheck_rel_error(dp[j], numeric);
        cr_assert_leq(rel, GRAD_REL_TOL, "%s dp[%d]: analytic %.12g, numeric %.12g",
                      kl ? "kl" : "cce", j, dp[j], numeric);
        nonzero += fabs(dp[j]) > 1e-3;
    }
    cr_assert_gt(nonzero, 0);
}

Test(loss, cce_gradient_passes_a_gradient_check)
{
    double p[] = {0.25, 0.6, 0.15};
    double onehot[] = {0, 1, 0}, soft[] = {0.2, 0.5, 0.3};
    check_vec_grad(0, onehot, p);
    check_vec_grad(0, soft, p);
}

Test(loss, kl_gradient_passes_a_gradient_check)
{
    double p[] = {0.2, 0.5, 0.3}, q[] = {0.35, 0.4, 0.25};
    check_vec_grad(1, p, q);
}

/* ---- gradient checks: loss_cost_grad, every kind ------------------------------------- */

typedef struct {
    const Loss *loss;
    const Mat *Y;
    Mat *Yhat;
} CostCtx;

static double cost_value(void *ctx)
{
    const CostCtx *c = ctx;
    return loss_cost(c->loss, c->Y, c->Yhat);
}

/* Gradient-check loss_cost_grad on (3 x k) predictions; returns max |grad|. */
static double check_cost_grad(Loss loss, int k, int ycols, const double *y, const double *yhat)
{
    Mat *Y = mat_from(3, ycols, y), *Yhat = mat_from(3, k, yhat), *dYhat = mat_new(3, k);
    mat_fill(dYhat, 99.0); /* loss_cost_grad overwrites */
    loss_cost_grad(&loss, dYhat, Y, Yhat);
    CostCtx c = {.loss = &loss, .Y = Y, .Yhat = Yhat};
    double largest = 0.0;
    for (int e = 0; e < 3 * k; e++) {
        double numeric = gradcheck_numeric(cost_value, &c, &Yhat->data[e], GRADCHECK_H);
        double rel = gradcheck_rel_error(dYhat->data[e], numeric);
        cr_assert_leq(rel, GRAD_REL_TOL, "%s: dYhat[%d] analytic %.12g, numeric %.12g, rel %.3g",
                      loss_name(loss.kind), e, dYhat->data[e], numeric, rel);
        largest = fmax(largest, fabs(dYhat->data[e]));
    }
    mat_free(Y);
    mat_free(Yhat);
    mat_free(dYhat);
    return largest;
}

/* Regression targets and predictions (3 x 2): errors y - yhat are
 * -0.4, -0.8, 0.9, -0.05, -0.9, 1.7 (no zero; none at Huber's delta 0.5). */
static const double Y_REG[] = {0.5, -1.2, 2.0, 0.3, -0.7, 1.1};
static const double YHAT_REG[] = {0.9, -0.4, 1.1, 0.35, 0.2, -0.6};
/* Binary labels and probabilities (3 x 2). */
static const double Y_BIN[] = {1, 0, 0, 1, 1, 1};
static const double P_BIN[] = {0.8, 0.3, 0.15, 0.55, 0.62, 0.91};
/* Labels in {-1, 1} and raw scores (3 x 2): y f = 0.4, 0.3, -0.7, -0.2,
 * 1.8, 1.5, so hinge is active on four, the perceptron loss on two. */
static const double Y_PM[] = {1, -1, -1, 1, 1, -1};
static const double F_PM[] = {0.4, -0.3, 0.7, -0.2, 1.8, -1.5};
/* Three classes (3 x 3): one-hot targets (classes 2, 0, 1), the same as
 * indices, target distributions for KL, and predicted probabilities. */
static const double Y_ONEHOT[] = {0, 0, 1, 1, 0, 0, 0, 1, 0};
static const double Y_CLASS[] = {2, 0, 1};
static const double Y_DIST[] = {0.1, 0.6, 0.3, 0.5, 0.25, 0.25, 0.2, 0.2, 0.6};
static const double P_3[] = {0.2, 0.3, 0.5, 0.7, 0.2, 0.1, 0.25, 0.6, 0.15};

Test(loss, cost_gradient_passes_a_gradient_check_for_every_kind)
{
    static const LossKind all[] = {LOSS_MSE, LOSS_MAE, LOSS_RMSE, LOSS_HUBER,
                                   LOSS_LOGCOSH, LOSS_BCE, LOSS_CCE, LOSS_SPARSE_CCE,
                                   LOSS_HINGE, LOSS_PERCEPTRON, LOSS_KL};
    for (int i = 0; i < 11; i++) {
        Loss loss = {.kind = all[i], .delta = 0.5};
        double largest;
        switch (all[i]) {
        case LOSS_BCE: largest = check_cost_grad(loss, 2, 2, Y_BIN, P_BIN); break;
        case LOSS_HINGE:
        case LOSS_PERCEPTRON: largest = check_cost_grad(loss, 2, 2, Y_PM, F_PM); break;
        case LOSS_CCE: largest = check_cost_grad(loss, 3, 3, Y_ONEHOT, P_3); break;
        case LOSS_SPARSE_CCE: largest = check_cost_grad(loss, 3, 1, Y_CLASS, P_3); break;
        case LOSS_KL: largest = check_cost_grad(loss, 3, 3, Y_DIST, P_3); break;
        default: largest = check_cost_grad(loss, 2, 2, Y_REG, YHAT_REG); break;
        }
        cr_assert_gt(largest, 1e-3, "%s: the gradient is zero", loss_name(all[i]));
    }
}

Test(loss, mse_cost_gradient_matches_hand_values)
{
    /* errors (1, 4, -5), m = 3: d/dyhat_i = -2 (y_i - yhat_i) / 3
     *   = (-2/3, -8/3, 10/3) */
    double y[] = {3, 6, -1}, yhat[] = {2, 2, 4};
    Mat *Y = mat_from(3, 1, y), *Yhat = mat_from(3, 1, yhat), *d = mat_new(3, 1);
    Loss mse = {.kind = LOSS_MSE};
    loss_cost_grad(&mse, d, Y, Yhat);
    cr_assert_float_eq(d->data[0], -2.0 / 3.0, TOL_FEW_OPS);
    cr_assert_float_eq(d->data[1], -8.0 / 3.0, TOL_FEW_OPS);
    cr_assert_float_eq(d->data[2], 10.0 / 3.0, TOL_FEW_OPS);
    mat_free(Y);
    mat_free(Yhat);
    mat_free(d);
}

Test(loss, rmse_cost_gradient_at_a_perfect_fit_is_zero_not_nan)
{
    /* d sqrt(mse) = d mse / (2 sqrt(mse)) is 0/0 at mse = 0: taken as 0 */
    double y[] = {1, 2};
    Mat *Y = mat_from(2, 1, y), *Yhat = mat_from(2, 1, y), *d = mat_new(2, 1);
    Loss rmse = {.kind = LOSS_RMSE};
    loss_cost_grad(&rmse, d, Y, Yhat);
    cr_assert_eq(d->data[0], 0.0);
    cr_assert_eq(d->data[1], 0.0);
    mat_free(Y);
    mat_free(Yhat);
    mat_free(d);
}
