/* Grader of chapter 09, weight initialization (10 points): the formulas
 * for the notes' fans and the chapter's deep net, a sampled Xavier uniform
 * matrix judged by its bounds and variance, the variance gain, and the
 * test for units that are still identical. */
#include <math.h>

#include "exercises.h"
#include "grade.h"
#include "mat.h"
#include "rng.h"

const char grade_chapter[] = "09_initializers";
const GradeExercise grade_exercises[] = {
    {"xavier_formulas", "9.1", "Xavier's sigma and bound", 2,
     "sigma = sqrt(2 / (fan_in + fan_out)) with the square root (004 leaves it out), "
     "r = sqrt(6 / (fan_in + fan_out)); write 2.0 and 6.0: with ints, 2 / 5 is 0"},
    {"he_formulas", "9.2", "He's sigma and bound", 2,
     "sigma = sqrt(2 / fan_in), r = sqrt(6 / fan_in): only fan_in, and 2.0 / fan_in, "
     "not 2 / fan_in (an int division)"},
    {"fill_xavier_uniform", "9.3", "a Xavier uniform matrix", 2,
     "r = sqrt(6.0 / (W->rows + W->cols)); every MAT_AT(W, i, j) = rng_uniform(rng, -r, r), "
     "all rows and all columns, drawn from rng (not rand())"},
    {"variance_gain", "9.4", "the variance gain of a layer", 2,
     "g = fan_in * var_w (not fan_out, not sqrt); divide by 2 only when relu is non-zero"},
    {"units_identical", "9.5", "are the units still identical?", 2,
     "compare each column j with column 0 in EVERY row i (not only the first row, not "
     "only the first column); rows may differ from each other"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* Closed forms of a square root: 1e-12 leaves room for rounding only. */
#define TOL 1e-12

GRADE_TEST(xavier_formulas)
{
    /* 004's neuron, fan_in = 3, fan_out = 2: sqrt(2/5) = sqrt(0.4) = 0.632455532,
     * sqrt(6/5) = sqrt(1.2) = 1.09544512 */
    GRADE_NEAR(ex_xavier_sigma(3, 2), 0.6324555320336759, TOL, "ex_xavier_sigma(3, 2)");
    GRADE_NEAR(ex_xavier_bound(3, 2), 1.0954451150103321, TOL, "ex_xavier_bound(3, 2)");
    /* the deep net's first layer, 64 x 32: sqrt(2/96) = 0.144337567, sqrt(6/96) = 0.25 */
    GRADE_NEAR(ex_xavier_sigma(64, 32), 0.14433756729740643, TOL, "ex_xavier_sigma(64, 32)");
    GRADE_NEAR(ex_xavier_bound(64, 32), 0.25, TOL, "ex_xavier_bound(64, 32)");
    /* MNIST's output layer, 784 x 10: sqrt(2/794) = 0.0501886... , sqrt(6/794) = 0.0869291... */
    GRADE_NEAR(ex_xavier_sigma(784, 10), sqrt(2.0 / 794), TOL, "ex_xavier_sigma(784, 10)");
    GRADE_NEAR(ex_xavier_bound(784, 10), sqrt(6.0 / 794), TOL, "ex_xavier_bound(784, 10)");
    /* one input, one unit: sqrt(2/2) = 1, sqrt(6/2) = sqrt(3) = 1.73205081 */
    GRADE_NEAR(ex_xavier_sigma(1, 1), 1.0, TOL, "ex_xavier_sigma(1, 1)");
    GRADE_NEAR(ex_xavier_bound(1, 1), 1.7320508075688772, TOL, "ex_xavier_bound(1, 1)");
}

GRADE_TEST(he_formulas)
{
    /* fan_in = 3: sqrt(2/3) = 0.816496581, sqrt(6/3) = sqrt(2) = 1.41421356 */
    GRADE_NEAR(ex_he_sigma(3), 0.816496580927726, TOL, "ex_he_sigma(3)");
    GRADE_NEAR(ex_he_bound(3), 1.4142135623730951, TOL, "ex_he_bound(3)");
    /* fan_in = 32: sqrt(2/32) = 0.25, sqrt(6/32) = 0.433012702 */
    GRADE_NEAR(ex_he_sigma(32), 0.25, TOL, "ex_he_sigma(32)");
    GRADE_NEAR(ex_he_bound(32), 0.4330127018922193, TOL, "ex_he_bound(32)");
    /* fan_in = 1: sqrt(2) and sqrt(6) = 2.44948974 */
    GRADE_NEAR(ex_he_sigma(1), 1.4142135623730951, TOL, "ex_he_sigma(1)");
    GRADE_NEAR(ex_he_bound(1), 2.449489742783178, TOL, "ex_he_bound(1)");
}

/* 40 x 1500 = 60000 weights; r = sqrt(6 / 1540) = 0.0624188, Var = r^2/3.
 * The variance's standard error for U[-r, r] is r^2 sqrt((1/5 - 1/9) / n)
 * = 0.00122 r^2; 5 of them are 1.8% of the variance, while fan_in alone
 * (sqrt(6/40)) would be 38 times too large and fan_out alone 1.03 times
 * (caught by the bound check instead). */
GRADE_TEST(fill_xavier_uniform)
{
    enum { FI = 40, FO = 1500 };
    double r = sqrt(6.0 / (FI + FO)), n = (double)FI * FO;
    Mat *W = mat_new(FI, FO);
    cr_assert_not_null(W);
    Rng rng;
    rng_seed(&rng, 2010);
    ex_fill_xavier_uniform(W, &rng);
    double sum = 0.0, lo = INFINITY, hi = -INFINITY;
    for (long k = 0; k < (long)FI * FO; k++) {
        sum += W->data[k];
        lo = fmin(lo, W->data[k]);
        hi = fmax(hi, W->data[k]);
    }
    double mean = sum / n, var = 0.0;
    for (long k = 0; k < (long)FI * FO; k++)
        var += (W->data[k] - mean) * (W->data[k] - mean);
    var /= n;
    GRADE_EQ_INT(lo >= -r && hi <= r, 1, "every weight of a 40 x 1500 W in [-r, r], r = %.9g "
               "(found %.9g to %.9g)", r, lo, hi);
    GRADE_EQ_INT(hi > 0.99 * r && lo < -0.99 * r, 1,
               "the weights fill [-r, r] (largest %.9g, smallest %.9g; r = %.9g)", hi, lo, r);
    GRADE_NEAR(var, r * r / 3, 5 * r * r * sqrt((1.0 / 5 - 1.0 / 9) / n),
               "the variance of a 40 x 1500 W: r^2 / 3 = 2 / 1540");
    GRADE_NEAR(mean, 0.0, 5 * (r / sqrt(3.0)) / sqrt(n), "the mean of a 40 x 1500 W");
    /* the last row and column are filled too */
    GRADE_EQ_INT(MAT_AT(W, FI - 1, FO - 1) != 0.0 && MAT_AT(W, 0, FO - 1) != 0.0, 1,
               "W[39][1499] and W[0][1499] drawn (not left 0)");
    /* the same seed gives the same matrix: the draws come from rng */
    Mat *V = mat_new(FI, FO);
    cr_assert_not_null(V);
    rng_seed(&rng, 2010);
    ex_fill_xavier_uniform(V, &rng);
    GRADE_NEAR(mat_max_abs_diff(W, V), 0.0, 0.0, "the same seed must give the same W "
               "(draw with rng_uniform(rng, ...), not rand())");
    /* the next call draws new numbers */
    ex_fill_xavier_uniform(V, &rng);
    GRADE_EQ_INT(mat_max_abs_diff(W, V) > 0.0, 1, "a second fill from the same Rng "
               "gives new weights");
    mat_free(W);
    mat_free(V);
    /* a 3 x 2 W: |w| <= sqrt(6/5) = 1.09544512, and no two equal */
    Mat *S = mat_new(3, 2);
    cr_assert_not_null(S);
    ex_fill_xavier_uniform(S, &rng);
    for (int k = 0; k < 6; k++) {
        GRADE_EQ_INT(fabs(S->data[k]) <= 1.0954451150103321, 1,
                   "a 3 x 2 W: |w| <= 1.09544512, found %.9g", S->data[k]);
        for (int m = k + 1; m < 6; m++)
            GRADE_EQ_INT(S->data[k] != S->data[m], 1, "a 3 x 2 W: no two weights equal");
    }
    mat_free(S);
}

GRADE_TEST(variance_gain)
{
    /* Xavier, 32 x 32, tanh: 32 x 2/64 = 1; He, ReLU: 32 x 2/32 / 2 = 1 */
    GRADE_NEAR(ex_variance_gain(2.0 / 64, 32, 0), 1.0, TOL, "ex_variance_gain(2/64, 32, tanh)");
    GRADE_NEAR(ex_variance_gain(2.0 / 32, 32, 1), 1.0, TOL, "ex_variance_gain(2/32, 32, relu)");
    /* Xavier with ReLU: 32 x 0.03125 / 2 = 0.5 */
    GRADE_NEAR(ex_variance_gain(0.03125, 32, 1), 0.5, TOL, "ex_variance_gain(0.03125, 32, relu)");
    /* sigma = 0.01: 32 x 0.0001 = 0.0032 (tanh), 0.0016 (ReLU) */
    GRADE_NEAR(ex_variance_gain(1e-4, 32, 0), 0.0032, TOL, "ex_variance_gain(0.0001, 32, tanh)");
    GRADE_NEAR(ex_variance_gain(1e-4, 32, 1), 0.0016, TOL, "ex_variance_gain(0.0001, 32, relu)");
    /* the first layer, 64 inputs, Xavier 2/96: 64 x 2/96 = 1.33333333 */
    GRADE_NEAR(ex_variance_gain(2.0 / 96, 64, 0), 4.0 / 3.0, TOL, "ex_variance_gain(2/96, 64, tanh)");
    /* any non-zero relu means ReLU */
    GRADE_NEAR(ex_variance_gain(1.0, 32, 7), 16.0, TOL, "ex_variance_gain(1, 32, relu = 7)");
}

GRADE_TEST(units_identical)
{
    /* zeros, and one constant: every unit the same */
    double zeros[8] = {0}, consts[8] = {0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25};
    Mat Z = {2, 4, zeros}, C = {2, 4, consts};
    GRADE_EQ_INT(ex_units_identical(&Z, 1e-12), 1, "a 2 x 4 W of zeros");
    GRADE_EQ_INT(ex_units_identical(&C, 1e-12), 1, "a 2 x 4 W of 0.25");
    /* chapter 09, section 2: after training from 0.25 the rows differ, the
     * columns (units) are still equal */
    double trained[8] = {0.132373218, 0.132373218, 0.132373218, 0.132373218,
                         0.720305777, 0.720305777, 0.720305777, 0.720305777};
    Mat T = {2, 4, trained};
    GRADE_EQ_INT(ex_units_identical(&T, 1e-12), 1,
                 "W = [0.13 0.13 0.13 0.13; 0.72 0.72 0.72 0.72] (rows differ, units equal)");
    /* random weights: different units */
    double random[6] = {1.06, 0.82, -0.29, 0.19, -0.44, -1.05};
    Mat R = {2, 3, random};
    GRADE_EQ_INT(ex_units_identical(&R, 1e-12), 0, "W = [1.06 0.82 -0.29; 0.19 -0.44 -1.05]");
    /* equal in the first row, different in the last: not identical */
    double last_row[6] = {0.5, 0.5, 0.5, 0.1, 0.1, 0.2};
    Mat L = {2, 3, last_row};
    GRADE_EQ_INT(ex_units_identical(&L, 1e-12), 0, "W = [0.5 0.5 0.5; 0.1 0.1 0.2]");
    /* column 0 differs from the others, which agree with each other */
    double first_col[6] = {0.9, 0.5, 0.5, 0.9, 0.5, 0.5};
    Mat F = {2, 3, first_col};
    GRADE_EQ_INT(ex_units_identical(&F, 1e-12), 0, "W = [0.9 0.5 0.5; 0.9 0.5 0.5]");
    /* within tol counts as equal; beyond it does not */
    double near[4] = {1.0, 1.0 + 1e-15, 2.0, 2.0 - 1e-15};
    Mat N = {2, 2, near};
    GRADE_EQ_INT(ex_units_identical(&N, 1e-12), 1, "W = [1 1+1e-15; 2 2-1e-15], tol 1e-12");
    GRADE_EQ_INT(ex_units_identical(&N, 0.0), 0, "W = [1 1+1e-15; 2 2-1e-15], tol 0");
    /* one unit is always identical to itself */
    double one[3] = {0.3, -0.7, 1.1};
    Mat O = {3, 1, one};
    GRADE_EQ_INT(ex_units_identical(&O, 1e-12), 1, "a 3 x 1 W (one unit)");
}
