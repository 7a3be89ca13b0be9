/* test_loss.c - unit tests for lib/loss: the lecture's worked loss values
 * (the BMI tables of 000 under MSE and MAE, the categorical and sparse
 * categorical cross entropy examples of 001, 003's -ln 0.3 and its class
 * weights {0: 5, 1: 70}), hand values of the others, clamping at p = 0
 * and p = 1, log-cosh far out and near 0, the settings that are checked
 * (Huber's delta, class weights, class indices), and a numeric gradient
 * check of every per-example gradient and of loss_cost_grad for every
 * LossKind.
 *
 * Tolerances:
 *   - a value quoted to 9 significant digits agrees to within half a unit
 *     of its last digit: 5e-10 in [0.1, 1), 5e-9 in [1, 10);
 *   - a few exact double operations: 1e-12;
 *   - gradient checks: relative error <= 1e-7 (gradcheck.h); a correct
 *     gradient gives about 1e-10 with h = 1e-5, a wrong sign gives 2.
 */
#define _POSIX_C_SOURCE 200809L /* fileno, fcntl: death.h */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "death.h"
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
    /* Notes 000 (datasets/bmi_mse.csv): weight y = (68, 70, 75), predicted
     * yhat = (67, 66, 80), errors y - yhat = (1, 4, -5);
     * MSE = (1 + 16 + 25) / 3 = 42 / 3 = 14 */
    double y[] = {68, 70, 75}, yhat[] = {67, 66, 80};
    cr_assert_float_eq(cost_of((Loss){.kind = LOSS_MSE}, 3, 1, 1, y, yhat), 14.0, TOL_FEW_OPS);
}

Test(loss, the_cost_of_the_bmi_loss_table_under_mse_and_mae)
{
    /* Notes 000 (datasets/bmi_loss.csv): bmi y = (22, 23, 21), predicted
     * yhat = (21, 20.5, 21.5), errors (1, 2.5, -0.5):
     *   MSE = (1 + 6.25 + 0.25) / 3 = 7.5 / 3 = 2.5
     *   MAE = (1 + 2.5 + 0.5) / 3 = 4 / 3 */
    double y[] = {22, 23, 21}, yhat[] = {21, 20.5, 21.5};
    cr_assert_float_eq(cost_of((Loss){.kind = LOSS_MSE}, 3, 1, 1, y, yhat), 2.5, TOL_FEW_OPS);
    cr_assert_float_eq(cost_of((Loss){.kind = LOSS_MAE}, 3, 1, 1, y, yhat), 4.0 / 3.0,
                       TOL_FEW_OPS);
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
    /* Notes 000 (datasets/bmi_mae.csv): bmi y = (22, 21, 19), predicted
     * yhat = (21, 24, 20), errors (1, -3, -1): MAE = (1 + 3 + 1) / 3 = 5/3 */
    double y[] = {22, 21, 19}, yhat[] = {21, 24, 20};
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

Test(loss, huber_with_delta_0_aborts, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("delta > 0");
    /* (Loss){.kind = LOSS_HUBER} without .delta would be a loss that is 0
     * everywhere (0 |e| - 0 / 2): a programmer error, caught by a CHECK
     * (stderr: "loss.c:NN: check failed: delta > 0: ...") */
    double y[] = {1, 2}, yhat[] = {0, 0};
    cost_of((Loss){.kind = LOSS_HUBER}, 2, 1, 1, y, yhat);
}

Test(loss, log_cosh_keeps_its_precision_for_tiny_errors)
{
    /* log cosh x = x^2/2 - x^4/12 + x^6/45 - ...:
     *   x = 1e-8:  5e-17 (the x^4 term is 1e-33, far below a double's
     *              precision); the form |x| + log(1 + e^-2|x|) - log 2
     *              would give 1.1e-16, twice too big
     *   x = 1e-3:  5e-7 - 8.33333333e-14 + 2.2e-20 = 4.9999991666668889e-7
     * Relative tolerance 1e-14: a few roundings in sinh and log1p. */
    cr_assert_float_eq(loss_logcosh(0.0, 1e-8), 5e-17, 5e-17 * 1e-14);
    cr_assert_float_eq(loss_logcosh(0.0, 1e-3), 4.9999991666668889e-7,
                       5e-7 * 1e-14);
}

Test(loss, log_cosh_is_continuous_where_its_two_formulas_meet)
{
    /* |e| < 1 uses log(1 + 2 sinh^2(e/2)), |e| >= 1 uses
     * |e| + log(1 + e^-2|e|) - log 2. At e = 1 both give
     * log cosh 1 = 0.433780830483027; a step of one ulp below 1 changes the
     * value by about tanh(1) x 1.1e-16 = 8.5e-17. */
    double below = loss_logcosh(0.0, nextafter(1.0, 0.0)), at = loss_logcosh(0.0, 1.0);
    cr_assert_float_eq(at, 0.433780830483027, 1e-15);
    cr_assert_float_eq(below, at, 1e-15);
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

Test(loss, bce_gradient_at_a_clamped_probability_is_taken_at_the_clamp)
{
    /* y = 1, p = 0 -> p = 1e-7: (p - y) / (p (1 - p)) = (1e-7 - 1) / (1e-7 (1 - 1e-7))
     * = -1 / 1e-7 = -1e7 (finite, and pointing towards larger p).
     * y = 0, p = 1 -> p = 1 - 1e-7: (1 - 1e-7) / ((1 - 1e-7) 1e-7) = +1e7, up to the
     * rounding of 1 - 1e-7 (relative ~5e-10, as in the test above): 1e7 x 1e-8 */
    cr_assert_float_eq(loss_bce_grad(1.0, 0.0), -1e7, 1e7 * 1e-12);
    cr_assert_float_eq(loss_bce_grad(0.0, 1.0), 1e7, 1e7 * 1e-8);
}

Test(loss, weighted_bce_matches_the_class_weight_example_of_003)
{
    /* 003: class_weight {0: 5, 1: 70}, predictions f(x) = 0.2, 0.05, 0.7,
     * 0.3, 0.9; the labels (not in the notes) are chosen as 0, 0, 1, 1, 0:
     *   y = 0, p = 0.2:   5 x -ln 0.8  = 5 x 0.223143551  = 1.11571776
     *   y = 0, p = 0.05:  5 x -ln 0.95 = 5 x 0.0512932944 = 0.256466472
     *   y = 1, p = 0.7:  70 x -ln 0.7  = 70 x 0.356674944 = 24.9672461
     *   y = 1, p = 0.3:  70 x -ln 0.3  = 70 x 1.2039728   = 84.2780963
     *   y = 0, p = 0.9:   5 x -ln 0.1  = 5 x 2.30258509   = 11.5129255
     *   sum 122.130452, cost (over n = 5, as Keras) 24.4260904 */
    const double cw[2] = {5, 70};
    double y[] = {0, 0, 1, 1, 0}, p[] = {0.2, 0.05, 0.7, 0.3, 0.9};
    double want[] = {1.11571776, 0.256466472, 24.9672461, 84.2780963, 11.5129255};
    double tol[] = {TOL_9SF_BELOW_10, TOL_9SF_BELOW_1, 5e-8, 5e-8, 5e-8};
    for (int i = 0; i < 5; i++) {
        cr_assert_float_eq(loss_weighted_bce(y[i], p[i], cw), want[i], tol[i], "example %d", i);
        /* for a hard label it is class_weight[y] x bce */
        cr_assert_float_eq(loss_weighted_bce(y[i], p[i], cw), cw[(int)y[i]] * loss_bce(y[i], p[i]),
                           TOL_FEW_OPS * 100);
    }
    Loss loss = {.kind = LOSS_WEIGHTED_BCE, .class_weight = {5, 70}};
    cr_assert_float_eq(cost_of(loss, 5, 1, 1, y, p), 24.4260904, 5e-8);
    /* class weights {1, 1} give back plain bce: the mean of -ln 0.8, -ln 0.95,
     * -ln 0.7, -ln 0.3, -ln 0.1 = 4.13766969 / 5 = 0.827533937 */
    Loss ones = {.kind = LOSS_WEIGHTED_BCE, .class_weight = {1, 1}};
    cr_assert_float_eq(cost_of(ones, 5, 1, 1, y, p), 0.827533937, TOL_9SF_BELOW_1);
    double plain = cost_of((Loss){.kind = LOSS_BCE}, 5, 1, 1, y, p);
    cr_assert_float_eq(cost_of(ones, 5, 1, 1, y, p), plain, TOL_FEW_OPS);
}

Test(loss, weighted_bce_gradient_matches_hand_values)
{
    /* dL/dp = -w1 y / p + w0 (1 - y) / (1 - p), weights {0: 5, 1: 70}:
     *   y = 1, p = 0.3:  -70 / 0.3 = -233.333333
     *   y = 0, p = 0.9:   5 / 0.1  = 50 */
    const double cw[2] = {5, 70};
    cr_assert_float_eq(loss_weighted_bce_grad(1, 0.3, cw), -700.0 / 3.0, 1e-10);
    cr_assert_float_eq(loss_weighted_bce_grad(0, 0.9, cw), 50.0, 1e-10);
}

Test(loss, weighted_bce_with_both_class_weights_0_aborts, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("class weights must be >= 0 and not both 0");
    /* (Loss){.kind = LOSS_WEIGHTED_BCE} without .class_weight: a zero loss */
    double y[] = {1, 0}, p[] = {0.3, 0.6};
    cost_of((Loss){.kind = LOSS_WEIGHTED_BCE}, 2, 1, 1, y, p);
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

Test(loss, sparse_cce_of_the_third_example_uses_only_the_third_probability)
{
    /* Notes 001: p = (0.6, 0.12, 0.2), the third class (index 2):
     * -ln 0.2 = 1.60943791. (These p add up to 0.92, not 1: no softmax gives
     * them, but the loss only reads p_c.) */
    double p[] = {0.6, 0.12, 0.2};
    cr_assert_float_eq(loss_sparse_cce(2, p, 3), 1.60943791, TOL_9SF_BELOW_10);
}

Test(loss, minus_ln_0_3_is_1_204_not_0_52)
{
    /* Notes 003: "-log 0.3 = 0.52". The cross entropy uses the natural
     * logarithm: -ln 0.3 = 1.2039728; 0.52 is -log10 0.3 = 0.522878745. */
    double p[] = {0.3, 0.1, 0.6};
    cr_assert_float_eq(loss_sparse_cce(0, p, 3), 1.2039728, TOL_9SF_BELOW_10);
    cr_assert_float_eq(loss_sparse_cce(0, p, 3) / log(10.0), 0.522878745, TOL_9SF_BELOW_1);
}

Test(loss, sparse_cce_gradient_is_minus_one_over_p_at_the_class_only)
{
    /* p = (0.1, 0.4, 0.5), class 1: dL/dp = (0, -1/0.4, 0) = (0, -2.5, 0) */
    double p[] = {0.1, 0.4, 0.5}, dp[3] = {9, 9, 9};
    loss_sparse_cce_grad(dp, 1, p, 3);
    cr_assert_eq(dp[0], 0.0);
    cr_assert_float_eq(dp[1], -2.5, TOL_FEW_OPS);
    cr_assert_eq(dp[2], 0.0);
}

Test(loss, sparse_cce_cost_with_a_class_index_that_is_not_whole_aborts, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("the class index 1.5 is not");
    /* 1.5 must not be read as class 1 */
    double c[] = {1.5}, p[] = {0.2, 0.3, 0.5};
    cost_of((Loss){.kind = LOSS_SPARSE_CCE}, 1, 3, 1, c, p);
}

Test(loss, sparse_cce_cost_with_a_nan_class_index_aborts, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("the class index nan is not");
    /* (int)NaN is undefined behaviour: checked before the conversion */
    double c[] = {NAN}, p[] = {0.2, 0.3, 0.5};
    cost_of((Loss){.kind = LOSS_SPARSE_CCE}, 1, 3, 1, c, p);
}

Test(loss, sparse_cce_cost_with_a_1_based_class_index_aborts, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("the class index 3 is not");
    /* 001 numbers its three classes 1, 2, 3; the indices are 0, 1, 2 */
    double c[] = {3}, p[] = {0.2, 0.3, 0.5};
    cost_of((Loss){.kind = LOSS_SPARSE_CCE}, 1, 3, 1, c, p);
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
     *   y = 1, f = 2:     1 - 2 < 0, so 0
     *   y = -1, f = -1:   1 - (-1)(-1) = 0 (004's example) */
    cr_assert_float_eq(loss_hinge(1.0, 0.3), 0.7, TOL_FEW_OPS);
    cr_assert_float_eq(loss_hinge(-1.0, 0.3), 1.3, TOL_FEW_OPS);
    cr_assert_eq(loss_hinge(1.0, 2.0), 0.0);
    cr_assert_eq(loss_hinge(-1.0, -1.0), 0.0);
    /* the gradient: -y inside the margin (y f < 1), 0 outside */
    cr_assert_eq(loss_hinge_grad(1.0, 0.3), -1.0);
    cr_assert_eq(loss_hinge_grad(-1.0, 0.3), 1.0);
    cr_assert_eq(loss_hinge_grad(1.0, 2.0), 0.0);
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

Test(loss, kl_divergence_is_cross_entropy_minus_entropy)
{
    /* H(p, q) = H(p) + KL(p || q), with H(p) = H(p, p) = -sum p ln p.
     * p = (0.7, 0.2, 0.1), q = (0.2, 0.3, 0.5):
     *   H(p)    = 0.7 x 0.356674944 + 0.2 x 1.60943791 + 0.1 x 2.30258509
     *           = 0.249672461 + 0.321887582 + 0.230258509 = 0.801818553
     *   H(p, q) = 0.7 x 1.60943791 + 0.2 x 1.2039728 + 0.1 x 0.693147181
     *           = 1.12660654 + 0.24079456 + 0.0693147181 = 1.43671582
     *   KL      = 1.43671582 - 0.801818553 = 0.634897265 */
    double p[] = {0.7, 0.2, 0.1}, q[] = {0.2, 0.3, 0.5};
    cr_assert_float_eq(loss_cce(p, p, 3), 0.801818553, TOL_9SF_BELOW_1);
    cr_assert_float_eq(loss_cce(p, q, 3), 1.43671582, TOL_9SF_BELOW_10);
    cr_assert_float_eq(loss_kl(p, q, 3), 0.634897265, TOL_9SF_BELOW_1);
    cr_assert_float_eq(loss_kl(p, q, 3), loss_cce(p, q, 3) - loss_cce(p, p, 3), TOL_FEW_OPS);
}

Test(loss, kl_divergence_with_nan_in_the_target_is_nan)
{
    /* a NaN target must show, not be skipped as if it were 0 */
    double p[] = {NAN, 0.5, 0.5}, q[] = {0.2, 0.4, 0.4};
    cr_assert(isnan(loss_kl(p, q, 3)));
}

Test(loss, names_are_spelled_as_in_keras)
{
    cr_assert_str_eq(loss_name(LOSS_MSE), "mse");
    cr_assert_str_eq(loss_name(LOSS_BCE), "binary_crossentropy");
    cr_assert_str_eq(loss_name(LOSS_SPARSE_CCE), "sparse_categorical_crossentropy");
    cr_assert_str_eq(loss_name(LOSS_WEIGHTED_BCE), "weighted_binary_crossentropy");
}

/* ---- gradient checks: per-example losses ------------------------------------------ */

typedef double (*LossFn)(double y, double yhat);

static double huber_delta1(double y, double yhat) { return loss_huber(y, yhat, 1.0); }
static double huber_delta1_grad(double y, double yhat) { return loss_huber_grad(y, yhat, 1.0); }
static double huber_delta2_5(double y, double yhat) { return loss_huber(y, yhat, 2.5); }
static double huber_delta2_5_grad(double y, double yhat) { return loss_huber_grad(y, yhat, 2.5); }
static const double CLASS_WEIGHT[2] = {5, 70};
static double wbce(double y, double p) { return loss_weighted_bce(y, p, CLASS_WEIGHT); }
static double wbce_grad(double y, double p) { return loss_weighted_bce_grad(y, p, CLASS_WEIGHT); }

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
        double numeric = gradcheck_numeric(pair_value, &c, &c.yhat, GRADCHECK_STEP);
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

Test(loss, huber_gradient_passes_a_gradient_check_with_another_delta)
{
    /* delta = 2.5: errors 1.1, -1.55, -0.9 inside, 3.2 and -4 outside */
    static const double pairs[][2] = {{0.7, -0.4}, {-1.3, 0.25}, {2.0, 2.9}, {3.0, -0.2},
                                      {-1.0, 3.0}};
    check_pair_grad("huber 2.5", huber_delta2_5, huber_delta2_5_grad, pairs, 5);
}

Test(loss, log_cosh_gradient_passes_a_gradient_check)
{
    check_pair_grad("log_cosh", loss_logcosh, loss_logcosh_grad, REGRESSION_PAIRS, 5);
}

Test(loss, log_cosh_gradient_passes_a_gradient_check_near_0_and_near_1)
{
    /* errors 0.05, -0.3, 0.99995 and -1.00005: both formulas, and across the
     * seam at |e| = 1 (h = 1e-5 straddles it) */
    static const double pairs[][2] = {{0.05, 0.0}, {0.0, 0.3}, {1.0, 0.00005}, {0.0, 1.00005}};
    check_pair_grad("log_cosh near 0", loss_logcosh, loss_logcosh_grad, pairs, 4);
}

Test(loss, bce_gradient_passes_a_gradient_check)
{
    /* hard and soft labels, p away from the clamp at 1e-7 */
    static const double pairs[][2] = {{1, 0.73}, {0, 0.21}, {1, 0.12}, {0.3, 0.64}};
    check_pair_grad("bce", loss_bce, loss_bce_grad, pairs, 4);
}

Test(loss, weighted_bce_gradient_passes_a_gradient_check)
{
    /* class weights {0: 5, 1: 70}; hard and soft labels */
    static const double pairs[][2] = {{1, 0.73}, {0, 0.21}, {1, 0.12}, {0.3, 0.64}};
    check_pair_grad("weighted bce", wbce, wbce_grad, pairs, 4);
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

typedef enum { VEC_CCE, VEC_KL, VEC_SPARSE } VecKind;

typedef struct {
    VecKind kind; /* cce(y, p), kl(y || p), or sparse cce(class, p) */
    const double *y;
    int c;
    double p[3];
} VecCtx;

static double vec_value(void *ctx)
{
    const VecCtx *c = ctx;
    switch (c->kind) {
    case VEC_KL: return loss_kl(c->y, c->p, 3);
    case VEC_SPARSE: return loss_sparse_cce(c->c, c->p, 3);
    default: return loss_cce(c->y, c->p, 3);
    }
}

/* y: the target distribution (cce, kl), or NULL and the class c (sparse) */
static void check_vec_grad(VecKind kind, const double *y, int c_idx, const double *p)
{
    VecCtx c = {.kind = kind, .y = y, .c = c_idx, .p = {p[0], p[1], p[2]}};
    double dp[3];
    static const char *names[] = {"cce", "kl", "sparse cce"};
    if (kind == VEC_KL)
        loss_kl_grad(dp, y, p, 3);
    else if (kind == VEC_SPARSE)
        loss_sparse_cce_grad(dp, c_idx, p, 3);
    else
        loss_cce_grad(dp, y, p, 3);
    int nonzero = 0;
    for (int j = 0; j < 3; j++) {
        double numeric = gradcheck_numeric(vec_value, &c, &c.p[j], GRADCHECK_STEP);
        double rel = gradcheck_rel_error(dp[j], numeric);
        cr_assert_leq(rel, GRAD_REL_TOL, "%s dp[%d]: analytic %.12g, numeric %.12g",
                      names[kind], j, dp[j], numeric);
        nonzero += fabs(dp[j]) > 1e-3;
    }
    cr_assert_gt(nonzero, 0);
}

Test(loss, cce_gradient_passes_a_gradient_check)
{
    double p[] = {0.25, 0.6, 0.15};
    double onehot[] = {0, 1, 0}, soft[] = {0.2, 0.5, 0.3};
    check_vec_grad(VEC_CCE, onehot, 0, p);
    check_vec_grad(VEC_CCE, soft, 0, p);
}

Test(loss, sparse_cce_gradient_passes_a_gradient_check)
{
    double p[] = {0.25, 0.6, 0.15};
    check_vec_grad(VEC_SPARSE, NULL, 0, p);
    check_vec_grad(VEC_SPARSE, NULL, 2, p);
}

Test(loss, kl_gradient_passes_a_gradient_check)
{
    double p[] = {0.2, 0.5, 0.3}, q[] = {0.35, 0.4, 0.25};
    check_vec_grad(VEC_KL, p, 0, q);
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
        double numeric = gradcheck_numeric(cost_value, &c, &Yhat->data[e], GRADCHECK_STEP);
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
                                   LOSS_HINGE, LOSS_PERCEPTRON, LOSS_KL, LOSS_WEIGHTED_BCE};
    for (int i = 0; i < (int)(sizeof all / sizeof all[0]); i++) {
        Loss loss = {.kind = all[i], .delta = 0.5, .class_weight = {5, 70}};
        double largest;
        switch (all[i]) {
        case LOSS_BCE:
        case LOSS_WEIGHTED_BCE: largest = check_cost_grad(loss, 2, 2, Y_BIN, P_BIN); break;
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
