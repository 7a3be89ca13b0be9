/* exercises.h - chapter 07's graded exercises. Write them in exercises.c;
 * `make grade CH=07` grades them, `make next` shows the next to do.
 *
 * The line of the notes, y_hat = m x + c, fitted to n pairs (x[i], y[i])
 * with the mean squared error and gradient descent:
 *     e_i   = y_i - y_hat_i,            y_hat_i = m x_i + c
 *     L     = 1/n sum_i e_i^2
 *     dL/dm = -2/n sum_i x_i e_i,       dL/dc = -2/n sum_i e_i
 *     m <- m - eta dL/dm,               c <- c - eta dL/dc
 * Batch GD uses all n rows for one update, SGD one row, mini-batch GD B
 * rows: the same formula over different rows.
 */
#ifndef CH07_EXERCISES_H
#define CH07_EXERCISES_H

#include "mat.h"

/* EXERCISE 7.1 (2 points): the MSE of the line (m, c) on the n pairs, and
 * its gradient: writes *dL_dm and *dL_dc, returns L. */
double ex_mse_grad(const double *x, const double *y, int n, double m, double c,
                   double *dL_dm, double *dL_dc);

/* EXERCISE 7.2 (2 points): one batch gradient descent step on all n rows:
 * updates *m and *c with learning rate eta. Returns the cost L before the
 * step. */
double ex_batch_step(const double *x, const double *y, int n, double *m, double *c,
                     double eta);

/* EXERCISE 7.3 (2 points): one epoch of stochastic gradient descent: an
 * update on row 0, then row 1, ..., then row n-1, each with the gradient of
 * that row alone. Returns the epoch's average loss: the mean of the n row
 * losses (y_i - y_hat_i)^2, each computed just before its update (001:
 * "calc avg loss for the epoch"). */
double ex_sgd_epoch(const double *x, const double *y, int n, double *m, double *c,
                    double eta);

/* EXERCISE 7.4 (2 points): one epoch of mini-batch gradient descent: rows
 * 0..B-1, then B..2B-1, ..., in order; the last batch holds what is left
 * (it may be smaller). One update per batch, with the batch's mean
 * gradient. Returns the number of updates. (B = 1 is SGD, B >= n batch.) */
int ex_minibatch_epoch(const double *x, const double *y, int n, int B, double *m,
                       double *c, double eta);

/* EXERCISE 7.5 (2 points): the vectorized gradient of y_hat = X W + b
 * (m samples, n features) with whole-matrix operations from mat.h:
 *     E  = X W + b - Y                (m x 1; the errors y_hat - y)
 *     dW = 2/m X^T E                  (n x 1)
 *     db = 2/m sum_i E_i              (1 x 1)
 * X (m x n), Y (m x 1), W (n x 1), b (1 x 1); E (m x 1) is your scratch
 * space. Overwrites dW and db, returns the cost 1/m sum_i E_i^2. */
double ex_grad_vectorized(const Mat *X, const Mat *Y, const Mat *W, const Mat *b, Mat *E,
                          Mat *dW, Mat *db);

#endif
