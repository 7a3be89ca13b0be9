/* scores.h - how good a trained model is on held-out data.
 *
 * A classifier (k classes, numbered 0 .. k-1) is judged by its confusion
 * matrix: counts[t k + p] = the samples of true class t predicted as p.
 * Its diagonal holds the right answers; from it, for class c,
 *
 *   accuracy   = sum_c counts[c][c] / m              (all classes together)
 *   precision  = TP / (TP + FP) = counts[c][c] / (column c's sum)
 *                of the samples predicted c, the fraction that are c
 *   recall     = TP / (TP + FN) = counts[c][c] / (row c's sum)
 *                of the samples that are c, the fraction found
 *   F1         = 2 precision recall / (precision + recall)
 *
 * A regression (one output) is judged by its errors e_i = y_i - y_hat_i:
 *
 *   MSE  = 1/m sum e_i^2        RMSE = sqrt(MSE)        MAE = 1/m sum |e_i|
 *   R^2  = 1 - SS_res / SS_tot,  SS_res = sum e_i^2,  SS_tot = sum (y_i - mean(y))^2
 *
 * R^2 compares the model with the constant guess mean(y) (R^2 = 0): 1 is
 * perfect, below 0 worse than the constant. As scikit-learn's r2_score,
 * the mean is that of the y being scored (the test set's).
 */
#ifndef ANNLAB_SCORES_H
#define ANNLAB_SCORES_H

#include "mat.h"

/* The class the model predicts for row i of Yhat (m x k): the argmax of
 * the row when k > 1 (the first of equal largest values), else (one
 * sigmoid output) 1 when y_hat >= 0.5 and 0 otherwise. */
int score_class(const Mat *Yhat, int i);

/* The k x k confusion matrix of the predictions Yhat (m x k, or m x 1 for
 * two classes) against the true class indices y (m x 1, whole numbers 0
 * .. k-1: a CHECK), written over counts[0 .. k*k-1]: counts[t * k + p]. */
void score_confusion(long *counts, int k, const Mat *y, const Mat *Yhat);

/* From a k x k confusion matrix: the fraction right, and class c's
 * precision, recall and F1. A ratio with nothing to count (no sample
 * predicted c, no sample of class c, m = 0) is NaN, as 0 / 0 is. */
double score_accuracy(const long *counts, int k);
double score_precision(const long *counts, int k, int c);
double score_recall(const long *counts, int k, int c);
double score_f1(const long *counts, int k, int c);

/* A regression's errors over m samples. */
typedef struct {
    long m;
    double mse, rmse, mae;
    double mean;           /* mean(y) */
    double ss_res, ss_tot; /* sum e_i^2, sum (y_i - mean(y))^2 */
    double r2;             /* 1 - ss_res / ss_tot (NaN when every y_i is the same) */
} ScoreRegression;

/* The scores of y_hat against y, both (m x 1), m >= 1 (CHECKs). */
ScoreRegression score_regression(const Mat *y, const Mat *yhat);

#endif
