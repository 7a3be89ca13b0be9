/* test_scores.c - lib/scores: the confusion matrix and its ratios on a
 * 10-sample, 3-class example counted by hand, the sigmoid threshold and
 * argmax ties, the NaN of an empty ratio, and a regression's scores on
 * scikit-learn's documented r2_score example (R^2 = 0.948608137).
 *
 * Tolerance: the ratios are one or two divisions of small whole numbers,
 * so 1e-15 (a few units in the last place); the regression sums four
 * squares of numbers with at most 3 fractional bits, exact in binary, so
 * its only rounding is in the last division: 1e-15 too.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "mat.h"
#include "scores.h"

#define TOL 1e-15

/* truth 0 0 0 1 1 1 1 2 2 2, predicted 0 0 1 1 1 2 1 2 1 2 */
static const double TRUTH[] = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
static const int PRED[] = {0, 0, 1, 1, 1, 2, 1, 2, 1, 2};

/* Probability rows whose argmax is PRED[i]: 0.6 there, 0.2 elsewhere. */
static Mat *predictions(void)
{
    Mat *P = mat_new(10, 3);
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 3; j++)
            MAT_AT(P, i, j) = j == PRED[i] ? 0.6 : 0.2;
    return P;
}

Test(scores, the_confusion_matrix_counts_truth_by_row_and_prediction_by_column)
{
    Mat *P = predictions(), *y = mat_from(10, 1, TRUTH);
    long c[9];
    score_confusion(c, 3, y, P);
    /*          predicted 0  1  2
     * true 0            2  1  0
     * true 1            0  3  1
     * true 2            0  1  2 */
    static const long want[9] = {2, 1, 0, 0, 3, 1, 0, 1, 2};
    for (int k = 0; k < 9; k++)
        cr_assert_eq(c[k], want[k], "counts[%d][%d] = %ld", k / 3, k % 3, c[k]);
    /* accuracy = (2 + 3 + 2) / 10 = 0.7 */
    cr_assert_float_eq(score_accuracy(c, 3), 0.7, TOL);
    /* class 1: precision = 3 / (1 + 3 + 1) = 0.6, recall = 3 / (0 + 3 + 1) = 0.75,
     * F1 = 2 x 0.6 x 0.75 / (0.6 + 0.75) = 0.9 / 1.35 = 2/3 */
    cr_assert_float_eq(score_precision(c, 3, 1), 0.6, TOL);
    cr_assert_float_eq(score_recall(c, 3, 1), 0.75, TOL);
    cr_assert_float_eq(score_f1(c, 3, 1), 2.0 / 3.0, TOL);
    /* class 0: precision = 2 / (2 + 0 + 0) = 1, recall = 2 / 3 */
    cr_assert_float_eq(score_precision(c, 3, 0), 1.0, TOL);
    cr_assert_float_eq(score_recall(c, 3, 0), 2.0 / 3.0, TOL);
    /* class 2: precision = 2 / (0 + 1 + 2) = 2/3, recall = 2 / (0 + 1 + 2) = 2/3 */
    cr_assert_float_eq(score_precision(c, 3, 2), 2.0 / 3.0, TOL);
    cr_assert_float_eq(score_recall(c, 3, 2), 2.0 / 3.0, TOL);
    mat_free(P);
    mat_free(y);
}

Test(scores, argmax_takes_the_first_of_equal_values_and_one_output_is_thresholded_at_half)
{
    double rows[] = {0.4, 0.4, 0.2, 0.1, 0.3, 0.6};
    Mat P = {2, 3, rows};
    cr_assert_eq(score_class(&P, 0), 0);
    cr_assert_eq(score_class(&P, 1), 2);
    double s[] = {0.5, 0.49999, 0.93, 0.0};
    Mat S = {4, 1, s};
    cr_assert_eq(score_class(&S, 0), 1, "y_hat = 0.5 is class 1 (>= 0.5)");
    cr_assert_eq(score_class(&S, 1), 0);
    cr_assert_eq(score_class(&S, 2), 1);
    cr_assert_eq(score_class(&S, 3), 0);
    /* binary: truth 1 0 1 0, predicted 1 0 1 0: TN = 2, TP = 2 */
    double t[] = {1, 0, 1, 0};
    Mat y = {4, 1, t};
    long c[4];
    score_confusion(c, 2, &y, &S);
    cr_assert_eq(c[0], 2); /* true 0, predicted 0 */
    cr_assert_eq(c[1], 0);
    cr_assert_eq(c[2], 0);
    cr_assert_eq(c[3], 2); /* true 1, predicted 1 */
}

Test(scores, a_ratio_with_nothing_to_count_is_nan)
{
    /* nothing predicted as class 1, no sample of class 1 */
    long c[4] = {5, 0, 0, 0};
    cr_assert(isnan(score_precision(c, 2, 1)));
    cr_assert(isnan(score_recall(c, 2, 1)));
    cr_assert_float_eq(score_accuracy(c, 2), 1.0, TOL);
}

Test(scores, regression_scores_of_the_r2_score_example)
{
    /* y = (3, -0.5, 2, 7), y_hat = (2.5, 0, 2, 8): e = (0.5, -0.5, 0, -1) */
    double yv[] = {3, -0.5, 2, 7}, hv[] = {2.5, 0.0, 2, 8};
    Mat y = {4, 1, yv}, yhat = {4, 1, hv};
    ScoreRegression s = score_regression(&y, &yhat);
    cr_assert_eq(s.m, 4);
    /* SS_res = 0.25 + 0.25 + 0 + 1 = 1.5; MSE = 1.5 / 4 = 0.375; RMSE = sqrt(0.375) */
    cr_assert_float_eq(s.ss_res, 1.5, TOL);
    cr_assert_float_eq(s.mse, 0.375, TOL);
    cr_assert_float_eq(s.rmse, 0.6123724356957945, TOL);
    /* MAE = (0.5 + 0.5 + 0 + 1) / 4 = 0.5 */
    cr_assert_float_eq(s.mae, 0.5, TOL);
    /* mean = 11.5 / 4 = 2.875; SS_tot = 0.125^2 + 3.375^2 + 0.875^2 + 4.125^2 = 29.1875 */
    cr_assert_float_eq(s.mean, 2.875, TOL);
    cr_assert_float_eq(s.ss_tot, 29.1875, TOL);
    /* R^2 = 1 - 1.5 / 29.1875 = 0.948608137... (scikit-learn's r2_score example) */
    cr_assert_float_eq(s.r2, 1.0 - 1.5 / 29.1875, TOL);
    cr_assert_float_eq(s.r2, 0.948608137, 5e-10);
}

Test(scores, the_mean_as_prediction_has_r2_zero_and_a_constant_target_has_none)
{
    double yv[] = {1, 2, 6}, hv[] = {3, 3, 3};
    Mat y = {3, 1, yv}, yhat = {3, 1, hv};
    cr_assert_float_eq(score_regression(&y, &yhat).r2, 0.0, TOL);
    double cv[] = {2, 2, 2};
    Mat c = {3, 1, cv};
    cr_assert(isnan(score_regression(&c, &yhat).r2));
}
