/* solutions.c - chapter 12, practical training on real data: the
 * reference answers. `make grade CH=12 SOLUTIONS=1` grades this file
 * instead of exercises.c. */
#include <math.h>

#include "exercises.h"

/* EXERCISE 12.1: counts[t][p] += 1 for each sample (t = truth, p = prediction) */
void ex_confusion(long *counts, int k, const int *truth, const int *pred, int m)
{
    for (int i = 0; i < k * k; i++)
        counts[i] = 0;
    for (int i = 0; i < m; i++)
        counts[truth[i] * k + pred[i]]++;
}

/* EXERCISE 12.2: precision = TP / (column c's sum), recall = TP / (row c's sum) */
void ex_precision_recall(const long *counts, int k, int c, double *precision, double *recall)
{
    long tp = counts[c * k + c], predicted = 0, actual = 0;
    for (int i = 0; i < k; i++) {
        predicted += counts[i * k + c]; /* TP + FP */
        actual += counts[c * k + i];    /* TP + FN */
    }
    *precision = predicted ? (double)tp / (double)predicted : 0.0;
    *recall = actual ? (double)tp / (double)actual : 0.0;
}

/* SS_res = sum (y - y_hat)^2 */
static double ss_res(const double *y, const double *yhat, int m)
{
    double s = 0.0;
    for (int i = 0; i < m; i++)
        s += (y[i] - yhat[i]) * (y[i] - yhat[i]);
    return s;
}

/* EXERCISE 12.3: R^2 = 1 - SS_res / SS_tot, SS_tot = sum (y - mean(y))^2 */
double ex_r2(const double *y, const double *yhat, int m)
{
    double mean = 0.0, ss_tot = 0.0;
    for (int i = 0; i < m; i++)
        mean += y[i];
    mean /= m;
    for (int i = 0; i < m; i++)
        ss_tot += (y[i] - mean) * (y[i] - mean);
    return 1.0 - ss_res(y, yhat, m) / ss_tot;
}

/* RMSE = sqrt(SS_res / m) */
double ex_rmse(const double *y, const double *yhat, int m)
{
    return sqrt(ss_res(y, yhat, m) / m);
}

/* EXERCISE 12.4: mean and std of each training column, then x <- (x - mean) / std
 * on both tables */
void ex_standardize(double *train, int m_train, double *test, int m_test, int n, double *mean,
                    double *std)
{
    for (int j = 0; j < n; j++) {
        double s = 0.0, sq = 0.0;
        for (int i = 0; i < m_train; i++)
            s += train[i * n + j];
        mean[j] = s / m_train;
        for (int i = 0; i < m_train; i++)
            sq += (train[i * n + j] - mean[j]) * (train[i * n + j] - mean[j]);
        std[j] = sq > 0 ? sqrt(sq / m_train) : 1.0;
        for (int i = 0; i < m_train; i++)
            train[i * n + j] = (train[i * n + j] - mean[j]) / std[j];
        for (int i = 0; i < m_test; i++)
            test[i * n + j] = (test[i * n + j] - mean[j]) / std[j];
    }
}

/* EXERCISE 12.5: 00 00 08 dims, then dims big-endian 4-byte sizes */
int ex_idx_header(const unsigned char *bytes, int len, int dims, long *sizes)
{
    if (len < 4 + 4 * dims || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 ||
        bytes[3] != dims)
        return -1;
    for (int d = 0; d < dims; d++) {
        const unsigned char *b = &bytes[4 + 4 * d];
        sizes[d] = (long)b[0] << 24 | (long)b[1] << 16 | (long)b[2] << 8 | (long)b[3];
    }
    return 0;
}
