/* Grader of chapter 05, loss functions (10 points): the notes' worked
 * values (000's BMI tables, 001's cross-entropy examples, 003's class
 * weights) and behaviour checks: a cost is a mean, not a sum; the Huber
 * gradient agrees with a central difference of the Huber value; a
 * probability of 0 or 1 gives a large finite loss; a batch is read row by
 * row with the right stride. */
#include "exercises.h"
#include "grade.h"

const char grade_chapter[] = "05_losses";
const GradeExercise grade_exercises[] = {
    {"mse_and_mae", "5.1", "MSE and MAE of a table", 2,
     "e_i = y_i - yhat_i; MSE is the MEAN of e_i^2 and MAE the MEAN of |e_i| (divide the "
     "sum by n): 000's tables give 42 / 3 = 14 and 5 / 3"},
    {"huber", "5.2", "the Huber loss and its gradient", 2,
     "e = y - yhat; compare |e| with delta (<= is the quadratic side); the gradient is with "
     "respect to yhat, so it is -e inside and -delta sign(e) outside"},
    {"bce", "5.3", "binary cross-entropy with clamping", 2,
     "first clamp p into [EX_EPS, 1 - EX_EPS], then L = -y log(p) - (1 - y) log(1 - p) with "
     "the natural log; both terms, so that soft labels work"},
    {"sparse_cce_cost", "5.4", "sparse categorical cross-entropy of a batch", 2,
     "row i starts at P[i * k]; its true class's probability is P[i * k + c[i]]; clamp it, "
     "take -log, and return the mean over the m rows"},
    {"weighted_bce_cost", "5.5", "binary cross-entropy with class weights", 2,
     "each example's BCE terms are multiplied by the weight of its class: w1 on the y log p "
     "term, w0 on the (1 - y) log(1 - p) term; clamp p; divide the sum by n (not by the "
     "sum of the weights)"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* A few exact double operations: room for rounding only. */
#define TOL 1e-12
/* A value quoted to 9 significant digits: half a unit of its last digit. */
#define TOL_9SF_1 5e-10  /* values in [0.1, 1) */
#define TOL_9SF_10 5e-9  /* values in [1, 10) */
#define TOL_9SF_100 5e-8 /* values in [10, 100) */

GRADE_TEST(mse_and_mae)
{
    /* 000, datasets/bmi_mse.csv: errors 68 - 67 = 1, 70 - 66 = 4, 75 - 80 = -5;
     * MSE = (1 + 16 + 25) / 3 = 42 / 3 = 14 */
    double w[] = {68, 70, 75}, w_hat[] = {67, 66, 80};
    GRADE_NEAR(ex_mse(w, w_hat, 3), 14.0, TOL, "ex_mse(y = (68, 70, 75), yhat = (67, 66, 80))");
    /* 000, datasets/bmi_mae.csv: errors 1, -3, -1; MAE = (1 + 3 + 1) / 3 = 5/3 */
    double b[] = {22, 21, 19}, b_hat[] = {21, 24, 20};
    GRADE_NEAR(ex_mae(b, b_hat, 3), 5.0 / 3.0, TOL,
               "ex_mae(y = (22, 21, 19), yhat = (21, 24, 20))");
    /* 000, datasets/bmi_loss.csv: errors 1, 2.5, -0.5;
     * MSE = (1 + 6.25 + 0.25) / 3 = 2.5, MAE = (1 + 2.5 + 0.5) / 3 = 4/3 */
    double l[] = {22, 23, 21}, l_hat[] = {21, 20.5, 21.5};
    GRADE_NEAR(ex_mse(l, l_hat, 3), 2.5, TOL, "ex_mse(y = (22, 23, 21), yhat = (21, 20.5, 21.5))");
    GRADE_NEAR(ex_mae(l, l_hat, 3), 4.0 / 3.0, TOL,
               "ex_mae(y = (22, 23, 21), yhat = (21, 20.5, 21.5))");
    /* one example, e = 3 - 5 = -2: MSE = 4, MAE = 2 (never negative) */
    double y1[] = {3}, yhat1[] = {5};
    GRADE_NEAR(ex_mse(y1, yhat1, 1), 4.0, TOL, "ex_mse(y = (3), yhat = (5))");
    GRADE_NEAR(ex_mae(y1, yhat1, 1), 2.0, TOL, "ex_mae(y = (3), yhat = (5))");
    /* swapping y and yhat changes no cost */
    GRADE_NEAR(ex_mse(w_hat, w, 3), 14.0, TOL, "ex_mse with y and yhat swapped");
    GRADE_NEAR(ex_mae(b_hat, b, 3), 5.0 / 3.0, TOL, "ex_mae with y and yhat swapped");
}

/* (L(yhat + h) - L(yhat - h)) / 2h */
static double huber_numeric(double y, double yhat, double delta)
{
    const double h = 1e-6;
    return (ex_huber(y, yhat + h, delta) - ex_huber(y, yhat - h, delta)) / (2 * h);
}

GRADE_TEST(huber)
{
    /* delta = 1:
     *   e = 0 - 0.5 = -0.5 (inside):   0.5 x 0.25 = 0.125
     *   e = -3 (outside):              1 x 3 - 0.5 x 1 = 2.5, and the same for e = 3
     *   e = 1 (the seam):              0.5 x 1 = 0.5 = 1 x 1 - 0.5
     * delta = 2, e = -5:               2 x 5 - 0.5 x 4 = 8 */
    GRADE_NEAR(ex_huber(0, 0.5, 1), 0.125, TOL, "ex_huber(y = 0, yhat = 0.5, delta = 1)");
    GRADE_NEAR(ex_huber(0, 3, 1), 2.5, TOL, "ex_huber(y = 0, yhat = 3, delta = 1)");
    GRADE_NEAR(ex_huber(3, 0, 1), 2.5, TOL, "ex_huber(y = 3, yhat = 0, delta = 1)");
    GRADE_NEAR(ex_huber(2, 1, 1), 0.5, TOL, "ex_huber(y = 2, yhat = 1, delta = 1)");
    GRADE_NEAR(ex_huber(0, 5, 2), 8.0, TOL, "ex_huber(y = 0, yhat = 5, delta = 2)");
    /* dL/dyhat = -e inside, -delta sign(e) outside:
     *   y = 0.3, yhat = 0 (e = 0.3):   -0.3
     *   y = 0, yhat = 0.5 (e = -0.5):  0.5
     *   y = 3, yhat = 0 (e = 3):       -1
     *   y = 0, yhat = 5, delta = 2:    +2 */
    GRADE_NEAR(ex_huber_grad(0.3, 0, 1), -0.3, TOL, "ex_huber_grad(y = 0.3, yhat = 0, delta = 1)");
    GRADE_NEAR(ex_huber_grad(0, 0.5, 1), 0.5, TOL, "ex_huber_grad(y = 0, yhat = 0.5, delta = 1)");
    GRADE_NEAR(ex_huber_grad(3, 0, 1), -1.0, TOL, "ex_huber_grad(y = 3, yhat = 0, delta = 1)");
    GRADE_NEAR(ex_huber_grad(0, 5, 2), 2.0, TOL, "ex_huber_grad(y = 0, yhat = 5, delta = 2)");
    /* the gradient is the slope of the value: a central difference agrees
     * (to 1e-6: the difference of a quadratic is exact up to rounding) */
    static const double pts[][3] = {{1.2, -0.7, 1.5}, {-0.4, 2.9, 1.0}, {0.8, 0.1, 0.5}};
    for (int i = 0; i < 3; i++) {
        double y = pts[i][0], yhat = pts[i][1], delta = pts[i][2];
        GRADE_NEAR(ex_huber_grad(y, yhat, delta), huber_numeric(y, yhat, delta), 1e-6,
                   "ex_huber_grad(y = %g, yhat = %g, delta = %g) vs the slope of ex_huber", y,
                   yhat, delta);
    }
}

GRADE_TEST(bce)
{
    /* y = 1, p = 0.8: -ln 0.8 = 0.223143551;  y = 0, p = 0.8: -ln 0.2 = 1.60943791 */
    GRADE_NEAR(ex_bce(1, 0.8), 0.223143551, TOL_9SF_1, "ex_bce(y = 1, p = 0.8)");
    GRADE_NEAR(ex_bce(0, 0.8), 1.60943791, TOL_9SF_10, "ex_bce(y = 0, p = 0.8)");
    /* a soft label: -0.3 ln 0.64 - 0.7 ln 0.36 = 0.133886131 + 0.715155874 = 0.849042004 */
    GRADE_NEAR(ex_bce(0.3, 0.64), 0.849042004, TOL_9SF_1, "ex_bce(y = 0.3, p = 0.64)");
    /* clamped: p = 0 -> 1e-7, -ln 1e-7 = 16.1180957; p = 1 -> 1 - 1e-7, and
     * 1 - (1 - 1e-7) = 1e-7 up to rounding (a relative 5e-10): 1e-7 tolerance */
    double L0 = ex_bce(1, 0), L1 = ex_bce(0, 1);
    cr_assert(isfinite(L0) && isfinite(L1),
              "ex_bce(y = 1, p = 0) and ex_bce(y = 0, p = 1) must be finite: clamp p first "
              "(got %g and %g)", L0, L1);
    GRADE_NEAR(L0, 16.1180957, TOL_9SF_100, "ex_bce(y = 1, p = 0)");
    GRADE_NEAR(L1, 16.1180957, 1e-7, "ex_bce(y = 0, p = 1)");
    /* a right answer with full confidence: -ln(1 - 1e-7) = 1e-7 + 5e-15 */
    GRADE_NEAR(ex_bce(1, 1), 1e-7, 1e-12, "ex_bce(y = 1, p = 1)");
}

GRADE_TEST(sparse_cce_cost)
{
    /* 001: p = (0.1, 0.4, 0.5): class 0 -ln 0.1 = 2.30258509, class 1
     * -ln 0.4 = 0.916290732; p = (0.6, 0.12, 0.2), class 2: -ln 0.2 = 1.60943791 */
    double P[] = {0.1, 0.4, 0.5, 0.1, 0.4, 0.5, 0.6, 0.12, 0.2};
    int c0[] = {0}, c1[] = {1}, c2[] = {2};
    GRADE_NEAR(ex_sparse_cce_cost(c0, P, 1, 3), 2.30258509, TOL_9SF_10,
               "one row p = (0.1, 0.4, 0.5), class 0");
    GRADE_NEAR(ex_sparse_cce_cost(c1, P, 1, 3), 0.916290732, TOL_9SF_1,
               "one row p = (0.1, 0.4, 0.5), class 1");
    GRADE_NEAR(ex_sparse_cce_cost(c2, &P[6], 1, 3), 1.60943791, TOL_9SF_10,
               "one row p = (0.6, 0.12, 0.2), class 2");
    /* the three rows as a batch: (2.30258509 + 0.916290732 + 1.60943791) / 3
     * = 4.82831374 / 3 = 1.60943791 (= ln 125 / 3 = ln 5) */
    int c[] = {0, 1, 2};
    GRADE_NEAR(ex_sparse_cce_cost(c, P, 3, 3), 1.60943791, TOL_9SF_10,
               "the three rows of 001 as one batch (m = 3, k = 3)");
    /* k = 4: rows (0.1, 0.2, 0.3, 0.4) class 3 and (0.5, 0.25, 0.125, 0.125)
     * class 1: (-ln 0.4 - ln 0.25) / 2 = (0.916290732 + 1.38629436) / 2 = 1.15129255 */
    double Q[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.25, 0.125, 0.125};
    int cq[] = {3, 1};
    GRADE_NEAR(ex_sparse_cce_cost(cq, Q, 2, 4), 1.15129255, TOL_9SF_10,
               "two rows of k = 4 classes, classes 3 and 1");
    /* the true class predicted with p = 0: clamped, -ln 1e-7 = 16.1180957 */
    double Z[] = {0, 1, 0};
    double L = ex_sparse_cce_cost(c0, Z, 1, 3);
    cr_assert(isfinite(L), "p = (0, 1, 0), class 0: the loss must be finite (clamp p), got %g", L);
    GRADE_NEAR(L, 16.1180957, TOL_9SF_100, "p = (0, 1, 0), class 0");
}

GRADE_TEST(weighted_bce_cost)
{
    /* 003: class weights {0: 5, 1: 70}, p = (0.2, 0.05, 0.7, 0.3, 0.9), labels
     * y = (0, 0, 1, 1, 0) (chapter 05's choice):
     *   5 x 0.223143551 + 5 x 0.0512932944 + 70 x 0.356674944 + 70 x 1.2039728
     *   + 5 x 2.30258509 = 122.130452;  / 5 = 24.4260904 */
    double y[] = {0, 0, 1, 1, 0}, p[] = {0.2, 0.05, 0.7, 0.3, 0.9};
    GRADE_NEAR(ex_weighted_bce_cost(y, p, 5, 5, 70), 24.4260904, TOL_9SF_100,
               "003's example with class weights {0: 5, 1: 70}");
    /* weights {1, 1} give plain BCE: 4.13766969 / 5 = 0.827533937 */
    GRADE_NEAR(ex_weighted_bce_cost(y, p, 5, 1, 1), 0.827533937, TOL_9SF_1,
               "003's example with class weights {0: 1, 1: 1}");
    /* each weight multiplies its own class: y = (0, 1), p = (0.9, 0.5),
     * {0: 0, 1: 1}: (0 + ln 2) / 2 = 0.34657359; {0: 5, 1: 70}, one example
     * y = 1, p = 0.5: 70 ln 2 = 48.5203026 */
    double y2[] = {0, 1}, p2[] = {0.9, 0.5};
    GRADE_NEAR(ex_weighted_bce_cost(y2, p2, 2, 0, 1), 0.34657359, TOL_9SF_1,
               "y = (0, 1), p = (0.9, 0.5), weights {0: 0, 1: 1}");
    GRADE_NEAR(ex_weighted_bce_cost(&y2[1], &p2[1], 1, 5, 70), 48.5203026, TOL_9SF_100,
               "y = 1, p = 0.5, weights {0: 5, 1: 70}");
    /* clamped: y = 0, p = 1, weight 5: 5 x 16.1180957 = 80.5904783 (1e-6: the
     * rounding of 1 - 1e-7, times 5) */
    double y3[] = {0}, p3[] = {1};
    double L = ex_weighted_bce_cost(y3, p3, 1, 5, 70);
    cr_assert(isfinite(L), "y = 0, p = 1: the loss must be finite (clamp p), got %g", L);
    GRADE_NEAR(L, 80.5904783, 1e-6, "y = 0, p = 1, weights {0: 5, 1: 70}");
}
