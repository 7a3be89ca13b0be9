/* exercises.c - chapter 12, practical training on real data: your
 * exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=12      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/12_practical` show every formula
 * and worked number you need. Keep the function signatures as they are.
 */
#include "exercises.h"

/* EXERCISE 12.1 (2 points): the confusion matrix. Set every entry to 0,
 * then count: sample i adds 1 to counts[truth[i] * k + pred[i]]. */
void ex_confusion(long *counts, int k, const int *truth, const int *pred, int m)
{
    (void)counts, (void)k, (void)truth, (void)pred, (void)m;
    /* your code here */
}

/* EXERCISE 12.2 (2 points): precision and recall of class c.
 * TP = counts[c][c]; TP + FP = the sum of column c (everything PREDICTED
 * c); TP + FN = the sum of row c (everything that IS c). */
void ex_precision_recall(const long *counts, int k, int c, double *precision, double *recall)
{
    (void)counts, (void)k, (void)c, (void)precision, (void)recall;
    /* your code here */
}

/* EXERCISE 12.3 (2 points): R^2 = 1 - SS_res / SS_tot ... */
double ex_r2(const double *y, const double *yhat, int m)
{
    (void)y, (void)yhat, (void)m;
    return 0.0; /* your code here */
}

/* ... and RMSE = sqrt(SS_res / m) (sqrt is in <math.h>). */
double ex_rmse(const double *y, const double *yhat, int m)
{
    (void)y, (void)yhat, (void)m;
    return 0.0; /* your code here */
}

/* EXERCISE 12.4 (2 points): standardize both tables with the TRAINING
 * rows' mean and standard deviation; the test rows must not change them. */
void ex_standardize(double *train, int m_train, double *test, int m_test, int n, double *mean,
                    double *std)
{
    (void)train, (void)m_train, (void)test, (void)m_test, (void)n, (void)mean, (void)std;
    /* your code here */
}

/* EXERCISE 12.5 (2 points): an IDX header. A 4-byte big-endian size is
 * b0 * 2^24 + b1 * 2^16 + b2 * 2^8 + b3. */
int ex_idx_header(const unsigned char *bytes, int len, int dims, long *sizes)
{
    (void)bytes, (void)len, (void)dims, (void)sizes;
    return -1; /* your code here */
}
