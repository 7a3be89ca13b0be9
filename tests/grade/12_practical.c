/* Grader of chapter 12, practical training on real data (10 points): the
 * chapter's numbers (the breast cancer test's confusion matrix 42 1 / 0 71,
 * scikit-learn's r2_score example, Fashion-MNIST's header 00 00 08 03
 * 00 00 ea 60 ...), and behaviour: each function against the library
 * (lib/scores, lib/data) on random inputs, a test set that must not move
 * the statistics, a header that must be refused.
 *
 * The slips that are easy to make are named when the value is what they
 * give: rows and columns of the confusion matrix swapped, precision and
 * recall swapped, RMSE without its root, the sample standard deviation,
 * the test rows in the statistics, little-endian sizes. */
#include <math.h>
#include <string.h>

#include "data.h"
#include "exercises.h"
#include "grade.h"
#include "mat.h"
#include "rng.h"
#include "scores.h"

const char grade_chapter[] = "12_practical";
const GradeExercise grade_exercises[] = {
    {"confusion", "12.1", "the confusion matrix", 2,
     "set all k * k counts to 0 first; sample i adds 1 to counts[truth[i] * k + pred[i]]: the "
     "ROW is the true class, the COLUMN the prediction"},
    {"precision_recall", "12.2", "precision and recall", 2,
     "precision divides TP by its COLUMN's sum (everything predicted c), recall by its ROW's "
     "sum (everything that is c); 0 / 0 gives 0"},
    {"regression_scores", "12.3", "R^2 and RMSE", 2,
     "SS_tot uses the mean of the y passed in; R^2 = 1 - SS_res / SS_tot (not SS_res / SS_tot); "
     "RMSE = sqrt(SS_res / m), with the root"},
    {"standardize", "12.4", "standardize with the training rows", 2,
     "mean and std from the TRAINING rows only, dividing by m_train (the population std); apply "
     "those same numbers to the test rows; a constant column gets std 1"},
    {"idx_header", "12.5", "an IDX file's header", 2,
     "check 00 00 08 dims first (and len >= 4 + 4 dims); a size is b0 << 24 | b1 << 16 | b2 << 8 "
     "| b3, the FIRST byte the most significant (big-endian)"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* Ratios and sums of a few small numbers: 1e-12 is rounding only. */
#define TOL 1e-12
/* Values quoted with 9 significant digits: half a unit of the 9th. */
#define NINE(x) (5e-9 * fabs(x))

/* ---- 12.1 -------------------------------------------------------------------------- */

GRADE_TEST(confusion)
{
    /* the breast cancer test of section 3: 42 malignant found, 1 missed,
     * 0 benign called malignant, 71 benign: 114 samples */
    int truth[114], pred[114];
    for (int i = 0; i < 114; i++) {
        truth[i] = i < 43 ? 0 : 1;
        pred[i] = i < 42 ? 0 : 1; /* sample 42 is malignant, predicted benign */
    }
    long c[4] = {99, 99, 99, 99};
    grade_case("the breast cancer test (section 3)",
               "114 samples: 43 of class 0 (the first 42 predicted 0, one predicted 1), 71 of "
               "class 1 (all predicted 1); k = 2");
    ex_confusion(c, 2, truth, pred, 114);
    const GradeMistake swapped[] = {{0, "rows and columns swapped: the row is the TRUE class"}};
    GRADE_EQ_INT(c[0], 42, "counts[0][0] (malignant called malignant)");
    GRADE_NEAR_KNOWN((double)c[1], 1.0, 0.0, swapped, 1, "counts[0][1] (malignant called benign)");
    GRADE_EQ_INT(c[2], 0, "counts[1][0] (benign called malignant)");
    GRADE_EQ_INT(c[3], 71, "counts[1][1]");
    /* three classes: truth 0 0 0 1 1 1 1 2 2 2, predicted 0 0 1 1 1 2 1 2 1 2:
     * 2 1 0 / 0 3 1 / 0 1 2 */
    int t3[] = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2}, p3[] = {0, 0, 1, 1, 1, 2, 1, 2, 1, 2};
    long want3[9] = {2, 1, 0, 0, 3, 1, 0, 1, 2}, c3[9];
    for (int i = 0; i < 9; i++)
        c3[i] = -7;
    grade_case("three classes", "truth 0 0 0 1 1 1 1 2 2 2, predicted 0 0 1 1 1 2 1 2 1 2");
    ex_confusion(c3, 3, t3, p3, 10);
    for (int i = 0; i < 9; i++)
        GRADE_EQ_INT(c3[i], want3[i], "counts[%d][%d]", i / 3, i % 3);
    /* against lib/scores on 200 random samples of 5 classes */
    Rng rng;
    rng_seed(&rng, 1212);
    int t[200], p[200];
    double tv[200], pv[1000] = {0};
    for (int i = 0; i < 200; i++) {
        t[i] = rng_int(&rng, 5);
        p[i] = rng_int(&rng, 5);
        tv[i] = t[i];
        pv[i * 5 + p[i]] = 1.0;
    }
    Mat Y = {200, 1, tv}, P = {200, 5, pv};
    long lib[25], got[25];
    score_confusion(lib, 5, &Y, &P);
    for (int i = 0; i < 25; i++)
        got[i] = 12345;
    grade_case("200 random samples of 5 classes, against lib/scores", "seed 1212");
    ex_confusion(got, 5, t, p, 200);
    for (int i = 0; i < 25; i++)
        GRADE_EQ_INT(got[i], lib[i], "counts[%d][%d]", i / 5, i % 5);
    grade_case_end();
}

/* ---- 12.2 ---------------------------------------------------------------------------- */

GRADE_TEST(precision_recall)
{
    /* section 3: 42 1 / 0 71. Malignant (class 0): precision = 42 / (42 + 0) = 1,
     * recall = 42 / (42 + 1) = 0.976744186; benign (class 1): precision =
     * 71 / (1 + 71) = 0.986111111, recall = 71 / 71 = 1 */
    const long c[4] = {42, 1, 0, 71};
    double p = GRADE_UNWRITTEN, r = GRADE_UNWRITTEN;
    grade_case("the breast cancer test, class 0 (malignant)", "counts = 42 1 / 0 71, c = 0");
    ex_precision_recall(c, 2, 0, &p, &r);
    const GradeMistake swap_p[] = {{42.0 / 43.0, "precision and recall swapped: precision "
                                                 "divides by the COLUMN (predicted c)"}};
    GRADE_NEAR_KNOWN(p, 1.0, TOL, swap_p, 1, "precision");
    GRADE_NEAR(r, 42.0 / 43.0, TOL, "recall");
    GRADE_NEAR(r, 0.976744186, NINE(0.976744186), "recall (as the chapter prints it)");
    grade_case("the breast cancer test, class 1 (benign)", "counts = 42 1 / 0 71, c = 1");
    ex_precision_recall(c, 2, 1, &p, &r);
    GRADE_NEAR(p, 71.0 / 72.0, TOL, "precision");
    GRADE_NEAR(r, 1.0, TOL, "recall");
    /* three classes 2 1 0 / 0 3 1 / 0 1 2, class 1: precision = 3 / (1 + 3 + 1) = 0.6,
     * recall = 3 / (0 + 3 + 1) = 0.75 */
    const long c3[9] = {2, 1, 0, 0, 3, 1, 0, 1, 2};
    grade_case("three classes, class 1", "counts = 2 1 0 / 0 3 1 / 0 1 2, c = 1");
    ex_precision_recall(c3, 3, 1, &p, &r);
    const GradeMistake swap_3[] = {{0.75, "precision and recall swapped"}};
    GRADE_NEAR_KNOWN(p, 0.6, TOL, swap_3, 1, "precision");
    GRADE_NEAR(r, 0.75, TOL, "recall");
    /* nothing to count: class 1 never predicted and never true */
    const long empty[4] = {5, 0, 0, 0};
    grade_case("a class with no samples and no predictions", "counts = 5 0 / 0 0, c = 1");
    ex_precision_recall(empty, 2, 1, &p, &r);
    GRADE_NEAR(p, 0.0, 0.0, "precision (0 / 0 is written as 0)");
    GRADE_NEAR(r, 0.0, 0.0, "recall (0 / 0 is written as 0)");
    /* against lib/scores on random 4 x 4 matrices */
    Rng rng;
    rng_seed(&rng, 77);
    for (int trial = 0; trial < 20; trial++) {
        long m[16];
        for (int i = 0; i < 16; i++)
            m[i] = 1 + rng_int(&rng, 30);
        int cls = trial % 4;
        grade_case("random 4 x 4 counts, against lib/scores", "trial %d, class %d", trial, cls);
        ex_precision_recall(m, 4, cls, &p, &r);
        GRADE_NEAR(p, score_precision(m, 4, cls), TOL, "precision");
        GRADE_NEAR(r, score_recall(m, 4, cls), TOL, "recall");
    }
    grade_case_end();
}

/* ---- 12.3 ------------------------------------------------------------------------------ */

GRADE_TEST(regression_scores)
{
    /* scikit-learn's r2_score example: y = (3, -0.5, 2, 7), y_hat = (2.5, 0, 2, 8):
     * SS_res = 0.25 + 0.25 + 0 + 1 = 1.5; mean 2.875, SS_tot = 29.1875;
     * R^2 = 1 - 1.5 / 29.1875 = 0.948608137; RMSE = sqrt(1.5 / 4) = 0.612372436 */
    const double y[] = {3, -0.5, 2, 7}, yhat[] = {2.5, 0.0, 2, 8};
    grade_case("scikit-learn's r2_score example", "y = (3, -0.5, 2, 7), y_hat = (2.5, 0, 2, 8)");
    const GradeMistake r2_slips[] = {
        {1.5 / 29.1875, "SS_res / SS_tot without the 1 - in front"},
        {1.0 - 1.5 / 4.0, "1 - SS_res without / SS_tot"}};
    GRADE_NEAR_KNOWN(ex_r2(y, yhat, 4), 1.0 - 1.5 / 29.1875, TOL, r2_slips, 2, "ex_r2");
    GRADE_NEAR(ex_r2(y, yhat, 4), 0.948608137, NINE(0.948608137), "ex_r2 (9 digits)");
    const GradeMistake rmse_slips[] = {{0.375, "the MSE: the square root is missing"},
                                       {sqrt(1.5), "sqrt(SS_res) without dividing by m"}};
    GRADE_NEAR_KNOWN(ex_rmse(y, yhat, 4), sqrt(0.375), TOL, rmse_slips, 2, "ex_rmse");
    /* the mean as the prediction: R^2 = 0; a perfect one: R^2 = 1, RMSE = 0 */
    const double z[] = {1, 2, 6}, mean[] = {3, 3, 3};
    grade_case("the mean as the prediction", "y = (1, 2, 6), y_hat = (3, 3, 3)");
    GRADE_NEAR(ex_r2(z, mean, 3), 0.0, TOL, "ex_r2");
    GRADE_NEAR(ex_rmse(z, mean, 3), sqrt(14.0 / 3.0), TOL, "ex_rmse");
    grade_case("a perfect prediction", "y = y_hat = (1, 2, 6)");
    GRADE_NEAR(ex_r2(z, z, 3), 1.0, TOL, "ex_r2");
    GRADE_NEAR(ex_rmse(z, z, 3), 0.0, TOL, "ex_rmse");
    /* against lib/scores on 50 random samples */
    Rng rng;
    rng_seed(&rng, 3);
    double a[50], b[50];
    for (int i = 0; i < 50; i++) {
        a[i] = rng_normal(&rng, 150, 75);
        b[i] = a[i] + rng_normal(&rng, 0, 60);
    }
    Mat A = {50, 1, a}, B = {50, 1, b};
    ScoreRegression s = score_regression(&A, &B);
    grade_case("50 random samples, against lib/scores", "y ~ N(150, 75^2), y_hat = y + N(0, 60^2)");
    GRADE_NEAR(ex_r2(a, b, 50), s.r2, TOL, "ex_r2");
    GRADE_NEAR(ex_rmse(a, b, 50), s.rmse, TOL * s.rmse, "ex_rmse");
    grade_case_end();
}

/* ---- 12.4 ---------------------------------------------------------------------------- */

GRADE_TEST(standardize)
{
    /* train (3 x 2): (1, 10), (3, 10), (5, 10); test: (7, 4).
     * column 1: mean 3, std sqrt((4 + 0 + 4) / 3) = sqrt(8/3) = 1.63299316;
     * column 2: constant 10: std 1.
     * train -> (-1.22474487, 0), (0, 0), (1.22474487, 0);
     * test  -> ((7 - 3) / 1.63299316, (4 - 10) / 1) = (2.44948974, -6) */
    double train[] = {1, 10, 3, 10, 5, 10}, test[] = {7, 4}, mean[2], std[2];
    grade_fill_unwritten(mean, 2);
    grade_fill_unwritten(std, 2);
    grade_case("three training rows and one test row",
               "train = (1, 10), (3, 10), (5, 10); test = (7, 4)");
    ex_standardize(train, 3, test, 1, 2, mean, std);
    const GradeMistake mean_slips[] = {{4.0, "the test row is in the mean: use the training rows "
                                             "only"}};
    GRADE_NEAR_KNOWN(mean[0], 3.0, TOL, mean_slips, 1, "mean[0]");
    GRADE_NEAR(mean[1], 10.0, TOL, "mean[1]");
    const GradeMistake std_slips[] = {{2.0, "the sample std (dividing by m_train - 1): divide by "
                                            "m_train"},
                                      {sqrt(5.0), "the test row is in the std"}};
    GRADE_NEAR_KNOWN(std[0], sqrt(8.0 / 3.0), TOL, std_slips, 2, "std[0]");
    GRADE_NEAR(std[1], 1.0, TOL, "std[1] (a constant column: std 1)");
    GRADE_NEAR(train[0], -2.0 / sqrt(8.0 / 3.0), TOL, "train[0][0]");
    GRADE_NEAR(train[2], 0.0, TOL, "train[1][0]");
    GRADE_NEAR(train[5], 0.0, TOL, "train[2][1] (only centred)");
    const GradeMistake test_slips[] = {{0.0, "the test row standardized with its own mean"},
                                       {2.0, "the sample std"}};
    GRADE_NEAR_KNOWN(test[0], 4.0 / sqrt(8.0 / 3.0), TOL, test_slips, 2, "test[0][0]");
    GRADE_NEAR(test[0], 2.44948974, NINE(2.44948974), "test[0][0] (9 digits)");
    GRADE_NEAR(test[1], -6.0, TOL, "test[0][1]");
    /* against lib/data: 7 x 3 training rows, 4 x 3 test rows far from them
     * (a test set that moved the statistics would show) */
    Rng rng;
    rng_seed(&rng, 44);
    double tr[21], te[12], mu[3], sd[3];
    for (int i = 0; i < 21; i++)
        tr[i] = rng_normal(&rng, i % 3, 1 + i % 3);
    for (int i = 0; i < 12; i++)
        te[i] = rng_normal(&rng, 50, 10);
    Mat *Tr = mat_from(7, 3, tr), *Te = mat_from(4, 3, te), *M = mat_new(1, 3), *S = mat_new(1, 3);
    cr_assert(Tr && Te && M && S, "out of memory");
    data_standardize(Tr, M, S);
    data_standardize_apply(Te, M, S);
    grade_case("7 random training rows, 4 test rows, against lib/data", "3 columns; seed 44");
    ex_standardize(tr, 7, te, 4, 3, mu, sd);
    for (int j = 0; j < 3; j++) {
        GRADE_NEAR(mu[j], MAT_AT(M, 0, j), TOL * 10, "mean[%d]", j);
        GRADE_NEAR(sd[j], MAT_AT(S, 0, j), TOL * 10, "std[%d]", j);
    }
    for (int i = 0; i < 21; i++)
        GRADE_NEAR(tr[i], Tr->data[i], 1e-10, "train[%d][%d]", i / 3, i % 3);
    for (int i = 0; i < 12; i++)
        GRADE_NEAR(te[i], Te->data[i], 1e-10, "test[%d][%d]", i / 3, i % 3);
    grade_case_end();
    mat_free(Tr);
    mat_free(Te);
    mat_free(M);
    mat_free(S);
}

/* ---- 12.5 --------------------------------------------------------------------------------- */

GRADE_TEST(idx_header)
{
    /* Fashion-MNIST's training images: 00 00 08 03 | 00 00 ea 60 | 00 00 00 1c | 00 00 00 1c:
     * 0xea60 = 234 x 256 + 96 = 60000, 0x1c = 28 */
    const unsigned char images[16] = {0, 0, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 0x1c, 0, 0, 0, 0x1c};
    long s[3] = {-1, -1, -1};
    grade_case("Fashion-MNIST's training images", "00 00 08 03 00 00 ea 60 00 00 00 1c 00 00 00 "
                                                  "1c, dims 3");
    GRADE_EQ_INT(ex_idx_header(images, 16, 3, s), 0, "the return value");
    const GradeMistake little[] = {{(double)0x60ea0000L, "little-endian: the FIRST byte is the "
                                                         "most significant"}};
    GRADE_NEAR_KNOWN((double)s[0], 60000.0, 0.0, little, 1, "sizes[0] (images)");
    GRADE_EQ_INT(s[1], 28, "sizes[1] (rows)");
    GRADE_EQ_INT(s[2], 28, "sizes[2] (columns)");
    /* its labels: 00 00 08 01 | 00 00 ea 60 */
    const unsigned char labels[8] = {0, 0, 8, 1, 0, 0, 0xea, 0x60};
    long n = -1;
    grade_case("Fashion-MNIST's training labels", "00 00 08 01 00 00 ea 60, dims 1");
    GRADE_EQ_INT(ex_idx_header(labels, 8, 1, &n), 0, "the return value");
    GRADE_EQ_INT(n, 60000, "sizes[0]");
    /* every byte counts: 01 02 03 04 = 16909060 */
    const unsigned char big[8] = {0, 0, 8, 1, 1, 2, 3, 4};
    grade_case("a size with four non-zero bytes", "00 00 08 01 01 02 03 04, dims 1");
    GRADE_EQ_INT(ex_idx_header(big, 8, 1, &n), 0, "the return value");
    GRADE_EQ_INT(n, 16909060, "sizes[0] = 1 x 2^24 + 2 x 2^16 + 3 x 2^8 + 4");
    /* refused: the labels file where images are expected, another type, too short */
    long keep[3] = {-5, -5, -5};
    grade_case("a label file read as images", "00 00 08 01 ..., dims 3");
    GRADE_EQ_INT(ex_idx_header(labels, 8, 3, keep), -1, "the return value (byte 3 is not 3)");
    GRADE_EQ_INT(keep[0], -5, "sizes[0] must not be written when the header is refused");
    const unsigned char floats[16] = {0, 0, 0x0d, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 0x1c, 0, 0, 0,
                                      0x1c};
    grade_case("values of type 0x0d (floats)", "00 00 0d 03 ..., dims 3");
    GRADE_EQ_INT(ex_idx_header(floats, 16, 3, keep), -1, "the return value (byte 2 is not 0x08)");
    const unsigned char zip[16] = {0x1f, 0x8b, 8, 3, 0, 0, 0xea, 0x60, 0, 0, 0, 0x1c, 0, 0, 0,
                                   0x1c};
    grade_case("a gzip file's first bytes", "1f 8b 08 03 ..., dims 3");
    GRADE_EQ_INT(ex_idx_header(zip, 16, 3, keep), -1, "the return value (bytes 0, 1 are not 0)");
    grade_case("a header cut short", "the first 9 of the 16 header bytes, dims 3");
    GRADE_EQ_INT(ex_idx_header(images, 9, 3, keep), -1, "the return value (len 9 < 16)");
    GRADE_EQ_INT(keep[0], -5, "sizes[0] must not be written when the header is refused");
    grade_case_end();
}
