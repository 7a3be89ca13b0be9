/* exercises.h - chapter 12's graded exercises. Write them in exercises.c;
 * `make grade CH=12` grades them, `make next` shows the next to do.
 *
 * The practical side of training: scoring a classifier (the confusion
 * matrix, precision and recall) and a regression (R^2, RMSE),
 * standardizing with the training rows' statistics only, and reading the
 * header of an IDX file (Fashion-MNIST's format). Class indices run from 0
 * to k-1; arrays are row-major: element (i, j) of an m x n table is
 * X[i * n + j].
 */
#ifndef CH12_EXERCISES_H
#define CH12_EXERCISES_H

/* EXERCISE 12.1 (2 points): the k x k confusion matrix of m predictions:
 * counts[t * k + p] = how many samples of true class t were predicted as
 * class p (rows: the truth, columns: the prediction). Overwrite all k * k
 * entries. */
void ex_confusion(long *counts, int k, const int *truth, const int *pred, int m);

/* EXERCISE 12.2 (2 points): class c's precision TP / (TP + FP) and recall
 * TP / (TP + FN), read off a k x k confusion matrix as ex_confusion fills
 * it. Write 0 for a ratio with nothing to count (0 / 0). */
void ex_precision_recall(const long *counts, int k, int c, double *precision, double *recall);

/* EXERCISE 12.3 (2 points): a regression's scores on m samples:
 * R^2 = 1 - SS_res / SS_tot with SS_res = sum (y - y_hat)^2 and
 * SS_tot = sum (y - mean(y))^2 (the mean of these y), and
 * RMSE = sqrt(SS_res / m). */
double ex_r2(const double *y, const double *yhat, int m);
double ex_rmse(const double *y, const double *yhat, int m);

/* EXERCISE 12.4 (2 points): standardize a training table (m_train x n)
 * and a test table (m_test x n) IN PLACE with the training rows' mean and
 * population standard deviation (divide by m_train), x <- (x - mean) /
 * std, and write them to mean[n] and std[n]. A column whose training
 * values are all the same gets std 1 (it is only centred). */
void ex_standardize(double *train, int m_train, double *test, int m_test, int n, double *mean,
                    double *std);

/* EXERCISE 12.5 (2 points): the header of an IDX file of unsigned bytes
 * in dims dimensions, from its first len bytes: bytes 0 and 1 are 0, byte
 * 2 is 0x08, byte 3 is dims; then dims sizes of 4 bytes each, most
 * significant byte first (big-endian). Write the sizes to sizes[0 ..
 * dims-1] and return 0; return -1 (writing nothing) when the magic number
 * is not 0x000008 followed by dims, or when len is too short for the
 * header. */
int ex_idx_header(const unsigned char *bytes, int len, int dims, long *sizes);

#endif
