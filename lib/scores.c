/* scores.c - confusion matrix, precision, recall, F1; MSE, RMSE, MAE, R^2;
 * see scores.h. */
#include "scores.h"

#include <math.h>

#include "check.h"

int score_class(const Mat *Yhat, int i)
{
    CHECK(i >= 0 && i < Yhat->rows, "row %d of %d", i, Yhat->rows);
    if (Yhat->cols == 1)
        return MAT_AT(Yhat, i, 0) >= 0.5;
    int best = 0;
    for (int j = 1; j < Yhat->cols; j++)
        if (MAT_AT(Yhat, i, j) > MAT_AT(Yhat, i, best))
            best = j;
    return best;
}

void score_confusion(long *counts, int k, const Mat *y, const Mat *Yhat)
{
    CHECK(k >= 2, "a confusion matrix of %d classes", k);
    CHECK_SHAPE(y, Yhat->rows, 1);
    CHECK(Yhat->cols == k || (Yhat->cols == 1 && k == 2), "predictions of %d columns for %d classes",
          Yhat->cols, k);
    for (int c = 0; c < k * k; c++)
        counts[c] = 0;
    for (int i = 0; i < y->rows; i++) {
        double t = MAT_AT(y, i, 0);
        CHECK(t >= 0 && t < k && t == floor(t), "row %d: class %g of %d", i, t, k);
        counts[(int)t * k + score_class(Yhat, i)]++; /* row: the truth, column: the prediction */
    }
}

double score_accuracy(const long *counts, int k)
{
    long right = 0, all = 0;
    for (int t = 0; t < k; t++)
        for (int p = 0; p < k; p++) {
            all += counts[t * k + p];
            right += t == p ? counts[t * k + p] : 0;
        }
    return (double)right / (double)all;
}

/* precision = TP / (TP + FP): counts[c][c] over column c */
double score_precision(const long *counts, int k, int c)
{
    long predicted = 0;
    for (int t = 0; t < k; t++)
        predicted += counts[t * k + c];
    return (double)counts[c * k + c] / (double)predicted;
}

/* recall = TP / (TP + FN): counts[c][c] over row c */
double score_recall(const long *counts, int k, int c)
{
    long actual = 0;
    for (int p = 0; p < k; p++)
        actual += counts[c * k + p];
    return (double)counts[c * k + c] / (double)actual;
}

/* F1 = 2 P R / (P + R), the harmonic mean of precision and recall */
double score_f1(const long *counts, int k, int c)
{
    double p = score_precision(counts, k, c), r = score_recall(counts, k, c);
    return 2.0 * p * r / (p + r);
}

ScoreRegression score_regression(const Mat *y, const Mat *yhat)
{
    CHECK(y->rows >= 1 && y->cols == 1, "y is %d x %d", y->rows, y->cols);
    CHECK_SHAPE(yhat, y->rows, 1);
    ScoreRegression s = {.m = y->rows};
    for (int i = 0; i < y->rows; i++)
        s.mean += MAT_AT(y, i, 0);
    s.mean /= s.m;
    double abs_sum = 0.0;
    for (int i = 0; i < y->rows; i++) {
        double e = MAT_AT(y, i, 0) - MAT_AT(yhat, i, 0), d = MAT_AT(y, i, 0) - s.mean;
        s.ss_res += e * e;
        s.ss_tot += d * d;
        abs_sum += fabs(e);
    }
    s.mse = s.ss_res / s.m;
    s.rmse = sqrt(s.mse);
    s.mae = abs_sum / s.m;
    s.r2 = s.ss_tot > 0 ? 1.0 - s.ss_res / s.ss_tot : NAN;
    return s;
}
