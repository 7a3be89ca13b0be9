/* Grader of chapter 07, gradient descent (10 points): the hand values of
 * the chapter's transcript (001's students table, x = cgpa, y = lpa, from
 * m = 1, c = 0 with eta = 0.01), behaviour checks (the gradient vanishes at
 * the least-squares line; the batch size decides the number of updates),
 * long runs against references computed once with numpy, and the
 * vectorized gradient against a scalar loop on random data.
 *
 * Tolerances: 1e-12 for a few exact double operations on numbers near 1;
 * 1e-9 for values in the hundreds or thousands and for 5000 steps of
 * rounding; the numpy references agree with the C loops to about 1e-12
 * (same operations, same order, IEEE doubles), and 1e-9 leaves room. */
#include "exercises.h"
#include "grade.h"
#include "rng.h"

const char grade_chapter[] = "07_gradient_descent";
const GradeExercise grade_exercises[] = {
    {"mse_gradient", "7.1", "the MSE of y = m x + c and its gradient", 2,
     "e_i = y_i - (m x_i + c); L = 1/n sum e_i^2; dL/dm = -2/n sum x_i e_i and "
     "dL/dc = -2/n sum e_i: mind the minus sign, divide by n, and write both outputs"},
    {"batch_step", "7.2", "one batch gradient descent step", 2,
     "take the gradient on all n rows at the current (m, c) first, then "
     "m -= eta dL/dm and c -= eta dL/dc; return L from before the step"},
    {"sgd_epoch", "7.3", "one epoch of SGD, rows in order", 2,
     "one update per row, rows 0..n-1 in order, each with the gradient of that row "
     "alone (n = 1: dL/dm = -2 x_i e_i); return the mean of the row losses taken "
     "before each update"},
    {"minibatch_epoch", "7.4", "one epoch of mini-batch GD", 2,
     "batch rows first..first+k-1 with k = B, or what is left for the last batch; "
     "use the batch's MEAN gradient (divide by k, not B or n); return the number of "
     "updates"},
    {"vectorized_gradient", "7.5", "the gradient as matrix products", 2,
     "E = X W + b - Y (mat_matmul, mat_add_row_vector, mat_sub); dW = 2/m X^T E "
     "(mat_matmul_tn, mat_scale); db = 2/m sum E (mat_sum_rows); return mean E^2"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

#define TOL 1e-12
#define TOL_BIG 1e-9

/* 001's students table: x = cgpa, y = lpa (datasets/students.csv). */
static const double cgpa[] = {8, 9, 5, 7};
static const double lpa[] = {3, 5, 8, 11};

GRADE_TEST(mse_gradient)
{
    double dm = GRADE_UNWRITTEN, dc = GRADE_UNWRITTEN;
    /* m = 1, c = 0: y_hat = (8, 9, 5, 7), e = (-5, -4, 3, 4);
     * L = (25 + 16 + 9 + 16) / 4 = 66 / 4 = 16.5
     * dL/dm = -2/4 (8(-5) + 9(-4) + 5(3) + 7(4)) = -0.5 x (-33) = 16.5
     * dL/dc = -2/4 (-5 - 4 + 3 + 4) = -0.5 x (-2) = 1 */
    GRADE_NEAR(ex_mse_grad(cgpa, lpa, 4, 1.0, 0.0, &dm, &dc), 16.5, TOL,
               "ex_mse_grad(students, m = 1, c = 0): L");
    GRADE_NEAR(dm, 16.5, TOL, "ex_mse_grad(students, m = 1, c = 0): dL/dm");
    GRADE_NEAR(dc, 1.0, TOL, "ex_mse_grad(students, m = 1, c = 0): dL/dc");
    /* m = 0.835, c = -0.01: e = (-3.67, -2.505, 3.835, 5.165);
     * sum e^2 = 61.128375, L = 15.28209375;
     * sum x e = 3.425, dL/dm = -0.5 x 3.425 = -1.7125;
     * sum e = 2.825, dL/dc = -0.5 x 2.825 = -1.4125 */
    GRADE_NEAR(ex_mse_grad(cgpa, lpa, 4, 0.835, -0.01, &dm, &dc), 15.28209375, TOL,
               "ex_mse_grad(students, m = 0.835, c = -0.01): L");
    GRADE_NEAR(dm, -1.7125, TOL, "ex_mse_grad(students, m = 0.835, c = -0.01): dL/dm");
    GRADE_NEAR(dc, -1.4125, TOL, "ex_mse_grad(students, m = 0.835, c = -0.01): dL/dc");
    /* one row: x = 2, y = 1, m = c = 0.5: y_hat = 1.5, e = -0.5; L = 0.25,
     * dL/dm = -2 x 2 x (-0.5) = 2, dL/dc = -2 x (-0.5) = 1 */
    double x1 = 2, y1 = 1;
    GRADE_NEAR(ex_mse_grad(&x1, &y1, 1, 0.5, 0.5, &dm, &dc), 0.25, TOL,
               "ex_mse_grad(x = 2, y = 1, m = c = 0.5): L");
    GRADE_NEAR(dm, 2.0, TOL, "ex_mse_grad(x = 2, y = 1, m = c = 0.5): dL/dm");
    GRADE_NEAR(dc, 1.0, TOL, "ex_mse_grad(x = 2, y = 1, m = c = 0.5): dL/dc");
    /* the least-squares line: m* = sxy / sxx = -9.75 / 8.75 = -39/35,
     * c* = 6.75 + 39/35 x 7.25 = 519/35, L* = 453/70 = 6.47142857...:
     * the gradient is 0 there (the minimum of the bowl) */
    GRADE_NEAR(ex_mse_grad(cgpa, lpa, 4, -39.0 / 35, 519.0 / 35, &dm, &dc), 453.0 / 70,
               TOL_BIG, "ex_mse_grad at the least-squares line m = -39/35, c = 519/35: L");
    GRADE_NEAR(dm, 0.0, TOL_BIG, "ex_mse_grad at the least-squares line: dL/dm");
    GRADE_NEAR(dc, 0.0, TOL_BIG, "ex_mse_grad at the least-squares line: dL/dc");
}

GRADE_TEST(batch_step)
{
    /* from m = 1, c = 0 (gradient 16.5, 1; section 4 step 1):
     * m = 1 - 0.01 x 16.5 = 0.835, c = 0 - 0.01 x 1 = -0.01; L before = 16.5 */
    double m = 1, c = 0;
    GRADE_NEAR(ex_batch_step(cgpa, lpa, 4, &m, &c, 0.01), 16.5, TOL,
               "ex_batch_step from m = 1, c = 0: the returned L");
    GradeMistake batch[] = {
        {1.165, "the step goes uphill: m <- m - eta dL/dm"},
        {1 - 0.01 * 66, "the gradient is a sum: dL/dm = -2/n sum x_i e_i is a MEAN "
                        "(divide by n)"}};
    GRADE_NEAR_KNOWN(m, 0.835, TOL, batch, 2, "ex_batch_step from m = 1, c = 0, eta = 0.01: m");
    GRADE_NEAR(c, -0.01, TOL, "ex_batch_step from m = 1, c = 0, eta = 0.01: c");
    /* step 2 (gradient -1.7125, -1.4125): m = 0.835 + 0.017125 = 0.852125,
     * c = -0.01 + 0.014125 = 0.004125; L before = 15.28209375 */
    GRADE_NEAR(ex_batch_step(cgpa, lpa, 4, &m, &c, 0.01), 15.28209375, TOL,
               "ex_batch_step, step 2: the returned L");
    GRADE_NEAR(m, 0.852125, TOL, "ex_batch_step, step 2: m");
    GRADE_NEAR(c, 0.004125, TOL, "ex_batch_step, step 2: c");
    /* 5000 steps from (1, 0), eta = 0.01. Reference computed once with
     * numpy 1.24.2 (Debian python3-numpy, float64), the same loop:
     *   e = y - (m*x + c); m -= eta * (-2/4*sum(x*e)); c -= eta * (-2/4*sum(e))
     * -> m = -1.0755606183712658, c = 14.536339918514745 */
    m = 1, c = 0;
    for (int k = 0; k < 5000; k++)
        ex_batch_step(cgpa, lpa, 4, &m, &c, 0.01);
    GRADE_NEAR(m, -1.0755606183712658, TOL_BIG, "5000 batch steps from (1, 0): m");
    GRADE_NEAR(c, 14.536339918514745, TOL_BIG, "5000 batch steps from (1, 0): c");
}

GRADE_TEST(sgd_epoch)
{
    /* epoch 1 from (1, 0), eta = 0.01 (section 5), one row at a time:
     * row 1: e = 3 - 8 = -5:        dm = -2(8)(-5) = 80, dc = 10;  m = 0.2, c = -0.1
     * row 2: e = 5 - 1.7 = 3.3:     dm = -59.4, dc = -6.6;          m = 0.794, c = -0.034
     * row 3: e = 8 - 3.936 = 4.064: dm = -40.64, dc = -8.128;       m = 1.2004, c = 0.04728
     * row 4: e = 11 - 8.45008 = 2.54992: dm = -35.69888, dc = -5.09984;
     *        m = 1.5573888, c = 0.0982784
     * average loss (25 + 10.89 + 16.516096 + 6.5020920064) / 4 = 14.7270470016
     * (2.54992^2 = 6.5020920064; the transcript rounds it to 6.50209201) */
    double m = 1, c = 0;
    GRADE_NEAR(ex_sgd_epoch(cgpa, lpa, 4, &m, &c, 0.01), 14.7270470016, TOL,
               "ex_sgd_epoch from (1, 0): the average loss of the epoch");
    GradeMistake sgd[] = {{0.835, "one update for the whole epoch: SGD updates after EVERY row"}};
    GRADE_NEAR_KNOWN(m, 1.5573888, TOL, sgd, 1, "ex_sgd_epoch from (1, 0), eta = 0.01: m");
    GRADE_NEAR(c, 0.0982784, TOL, "ex_sgd_epoch from (1, 0), eta = 0.01: c");
    /* the order matters: rows 4, 3, 2, 1 give another line. Reference from
     * numpy 1.24.2 (the same loop on the reversed arrays):
     * m = 0.52140544, c = -0.02584832 */
    double x_rev[] = {7, 5, 9, 8}, y_rev[] = {11, 8, 5, 3};
    m = 1, c = 0;
    ex_sgd_epoch(x_rev, y_rev, 4, &m, &c, 0.01);
    GRADE_NEAR(m, 0.52140544, TOL, "ex_sgd_epoch on the rows in reverse order: m");
    GRADE_NEAR(c, -0.02584832, TOL, "ex_sgd_epoch on the rows in reverse order: c");
    /* the notes' 5 epochs (epochs 2..5 after the first). numpy 1.24.2:
     * m = 1.5464393909467837, c = 0.17492426337251382 */
    m = 1, c = 0;
    for (int e = 0; e < 5; e++)
        ex_sgd_epoch(cgpa, lpa, 4, &m, &c, 0.01);
    GRADE_NEAR(m, 1.5464393909467837, TOL_BIG, "5 SGD epochs from (1, 0): m");
    GRADE_NEAR(c, 0.17492426337251382, TOL_BIG, "5 SGD epochs from (1, 0): c");
}

GRADE_TEST(minibatch_epoch)
{
    /* B = 2 (section 6): rows 1-2 from (1, 0): e = (-5, -4), sum x e = -76,
     * dm = -2/2 (-76) = 76, dc = -2/2 (-9) = 9: m = 0.24, c = -0.09;
     * rows 3-4: e = (6.89, 9.41), sum x e = 100.32, dm = -100.32, dc = -16.3:
     * m = 0.24 + 1.0032 = 1.2432, c = -0.09 + 0.163 = 0.073 */
    double m = 1, c = 0;
    GRADE_EQ_INT(ex_minibatch_epoch(cgpa, lpa, 4, 2, &m, &c, 0.01), 2,
                 "ex_minibatch_epoch(B = 2) on 4 rows: updates");
    GRADE_NEAR(m, 1.2432, TOL, "ex_minibatch_epoch(B = 2) from (1, 0): m");
    GRADE_NEAR(c, 0.073, TOL, "ex_minibatch_epoch(B = 2) from (1, 0): c");
    /* B = 3: rows 1-3 (k = 3): sum x e = -61, sum e = -6: dm = 122/3, dc = 4:
     * m = 1 - 0.01 x 122/3 = 0.593333..., c = -0.04; row 4 alone (k = 1):
     * y_hat = 4.11333..., e = 6.88666..., dm = -14 e, dc = -2 e:
     * m = 1.55746666..., c = 0.09773333... */
    m = 1, c = 0;
    GRADE_EQ_INT(ex_minibatch_epoch(cgpa, lpa, 4, 3, &m, &c, 0.01), 2,
                 "ex_minibatch_epoch(B = 3) on 4 rows: updates (3 rows, then 1)");
    GRADE_NEAR(m, 1.5574666666666666, TOL, "ex_minibatch_epoch(B = 3): m (last batch of 1 row)");
    GRADE_NEAR(c, 0.09773333333333334, TOL, "ex_minibatch_epoch(B = 3): c (last batch of 1 row)");
    /* B = 1 is SGD: 4 updates, m = 1.5573888, c = 0.0982784 */
    m = 1, c = 0;
    GRADE_EQ_INT(ex_minibatch_epoch(cgpa, lpa, 4, 1, &m, &c, 0.01), 4,
                 "ex_minibatch_epoch(B = 1): updates");
    GRADE_NEAR(m, 1.5573888, TOL, "ex_minibatch_epoch(B = 1) is SGD: m");
    GRADE_NEAR(c, 0.0982784, TOL, "ex_minibatch_epoch(B = 1) is SGD: c");
    /* B >= n is batch GD: 1 update, m = 0.835, c = -0.01 */
    m = 1, c = 0;
    GRADE_EQ_INT(ex_minibatch_epoch(cgpa, lpa, 4, 10, &m, &c, 0.01), 1,
                 "ex_minibatch_epoch(B = 10) on 4 rows: updates");
    GRADE_NEAR(m, 0.835, TOL, "ex_minibatch_epoch(B = 10) is batch GD: m");
    GRADE_NEAR(c, -0.01, TOL, "ex_minibatch_epoch(B = 10) is batch GD: c");
}

/* The scalar-loop reference of ex_grad_vectorized. */
static double loop_gradient(const Mat *X, const Mat *Y, const Mat *W, double b, double *dW,
                            double *db)
{
    int m = X->rows, n = X->cols;
    double sum_e2 = 0.0;
    for (int j = 0; j < n; j++)
        dW[j] = 0.0;
    *db = 0.0;
    for (int i = 0; i < m; i++) {
        double e = b - MAT_AT(Y, i, 0);
        for (int j = 0; j < n; j++)
            e += MAT_AT(X, i, j) * MAT_AT(W, j, 0);
        for (int j = 0; j < n; j++)
            dW[j] += 2.0 / m * MAT_AT(X, i, j) * e;
        *db += 2.0 / m * e;
        sum_e2 += e * e;
    }
    return sum_e2 / m;
}

GRADE_TEST(vectorized_gradient)
{
    /* the students table with both inputs: X = (iq, cgpa), Y = lpa,
     * W = (0.1, 1), b = 0: y_hat = (16, 15, 12, 19), E = y_hat - y = (13, 10, 4, 8);
     * cost = (169 + 100 + 16 + 64) / 4 = 87.25;
     * dW_iq = 2/4 (80 x 13 + 60 x 10 + 70 x 4 + 120 x 8) = 0.5 x 2880 = 1440;
     * dW_cgpa = 2/4 (8 x 13 + 9 x 10 + 5 x 4 + 7 x 8) = 0.5 x 270 = 135;
     * db = 2/4 (13 + 10 + 4 + 8) = 17.5 */
    double xs[] = {80, 8, 60, 9, 70, 5, 120, 7};
    Mat *X = mat_from(4, 2, xs), *Y = mat_from(4, 1, lpa);
    Mat *W = mat_from(2, 1, (double[]){0.1, 1}), *b = mat_new(1, 1);
    Mat *E = mat_new(4, 1), *dW = mat_new(2, 1), *db = mat_new(1, 1);
    cr_assert(X && Y && W && b && E && dW && db, "out of memory");
    grade_fill_unwritten(dW->data, 2);
    grade_fill_unwritten(db->data, 1);
    GRADE_NEAR(ex_grad_vectorized(X, Y, W, b, E, dW, db), 87.25, TOL_BIG,
               "ex_grad_vectorized(students (iq, cgpa), W = (0.1, 1), b = 0): cost");
    GRADE_NEAR(MAT_AT(dW, 0, 0), 1440.0, TOL_BIG, "ex_grad_vectorized, W = (0.1, 1), b = 0: dW_iq");
    GRADE_NEAR(MAT_AT(dW, 1, 0), 135.0, TOL_BIG, "ex_grad_vectorized, W = (0.1, 1), b = 0: dW_cgpa");
    GRADE_NEAR(MAT_AT(db, 0, 0), 17.5, TOL_BIG, "ex_grad_vectorized, W = (0.1, 1), b = 0: db");
    /* b = 2 shifts every prediction: E = (15, 12, 6, 10); cost = 505 / 4 = 126.25;
     * dW_iq = 0.5 x 3540 = 1770, dW_cgpa = 0.5 x 328 = 164, db = 0.5 x 43 = 21.5 */
    MAT_AT(b, 0, 0) = 2.0;
    GRADE_NEAR(ex_grad_vectorized(X, Y, W, b, E, dW, db), 126.25, TOL_BIG,
               "ex_grad_vectorized(W = (0.1, 1), b = 2): cost");
    GRADE_NEAR(MAT_AT(dW, 0, 0), 1770.0, TOL_BIG, "ex_grad_vectorized(b = 2): dW_iq");
    GRADE_NEAR(MAT_AT(dW, 1, 0), 164.0, TOL_BIG, "ex_grad_vectorized(b = 2): dW_cgpa");
    GRADE_NEAR(MAT_AT(db, 0, 0), 21.5, TOL_BIG, "ex_grad_vectorized(b = 2): db");
    mat_free(X), mat_free(Y), mat_free(W), mat_free(E), mat_free(dW), mat_free(db);

    /* random data, 50 x 3: the same numbers as one loop over the rows
     * (values about 1; the sums differ only in rounding: 1e-12) */
    Rng rng;
    rng_seed(&rng, 7);
    X = mat_new(50, 3), Y = mat_new(50, 1), W = mat_new(3, 1);
    E = mat_new(50, 1), dW = mat_new(3, 1), db = mat_new(1, 1);
    cr_assert(X && Y && W && E && dW && db, "out of memory");
    for (int i = 0; i < 50; i++) {
        for (int j = 0; j < 3; j++)
            MAT_AT(X, i, j) = rng_normal(&rng, 0, 1);
        MAT_AT(Y, i, 0) = rng_normal(&rng, 1, 2);
    }
    for (int j = 0; j < 3; j++)
        MAT_AT(W, j, 0) = rng_uniform(&rng, -1, 1);
    MAT_AT(b, 0, 0) = -0.7;
    double ref_dW[3], ref_db;
    double ref_cost = loop_gradient(X, Y, W, -0.7, ref_dW, &ref_db);
    GRADE_NEAR(ex_grad_vectorized(X, Y, W, b, E, dW, db), ref_cost, TOL,
               "ex_grad_vectorized on random 50 x 3 data: cost (vs a loop)");
    for (int j = 0; j < 3; j++)
        GRADE_NEAR(MAT_AT(dW, j, 0), ref_dW[j], TOL,
                   "ex_grad_vectorized on random 50 x 3 data: dW_%d (vs a loop)", j + 1);
    GRADE_NEAR(MAT_AT(db, 0, 0), ref_db, TOL, "ex_grad_vectorized on random 50 x 3 data: db (vs a loop)");
    mat_free(X), mat_free(Y), mat_free(W), mat_free(b), mat_free(E), mat_free(dW), mat_free(db);
}
