/* exercises.h - chapter 05's graded exercises. Write them in exercises.c;
 * `make grade CH=05` grades them, `make next` shows the next to do.
 *
 * The losses of the notes, with e = y - y_hat the error of one example:
 *     MSE = 1/n sum_i e_i^2            MAE = 1/n sum_i |e_i|
 *     Huber = e^2 / 2 if |e| <= delta, else delta |e| - delta^2 / 2
 *     BCE = -y ln p - (1 - y) ln(1 - p)
 *     sparse CCE = -ln p_c  (c: the index of the true class, 0..k-1)
 * Logarithms are natural (log() in C). Before taking one, clamp the
 * probability into [EX_EPS, 1 - EX_EPS] so that p = 0 or 1 gives a large
 * finite loss, not inf.
 */
#ifndef CH05_EXERCISES_H
#define CH05_EXERCISES_H

/* The clamp of every probability (Keras' epsilon, and LOSS_EPS of lib/loss.h). */
#define EX_EPS 1e-7

/* EXERCISE 5.1 (2 points): the cost of n predictions yhat of the targets
 * y under MSE and under MAE (the mean, not the sum). */
double ex_mse(const double *y, const double *yhat, int n);
double ex_mae(const double *y, const double *yhat, int n);

/* EXERCISE 5.2 (2 points): the Huber loss of one example and its
 * gradient dL/dyhat (not dL/de: mind the sign). */
double ex_huber(double y, double yhat, double delta);
double ex_huber_grad(double y, double yhat, double delta);

/* EXERCISE 5.3 (2 points): the binary cross-entropy of one example with
 * label y (0, 1, or a soft label in between) and predicted probability p,
 * p clamped into [EX_EPS, 1 - EX_EPS]. */
double ex_bce(double y, double p);

/* EXERCISE 5.4 (2 points): the sparse categorical cross-entropy COST of m
 * examples: P is m x k, row-major (row i is P[i*k .. i*k+k-1], the
 * predicted probabilities of example i), c[i] is the index of its true
 * class. The mean over the rows of -ln p, p clamped. */
double ex_sparse_cce_cost(const int *c, const double *P, int m, int k);

/* EXERCISE 5.5 (2 points): the cost of n examples under binary
 * cross-entropy with class weights w0 (for y = 0) and w1 (for y = 1),
 * as Keras' class_weight = {0: w0, 1: w1}: the mean over the n examples of
 *     -w1 y ln p - w0 (1 - y) ln(1 - p),   p clamped. */
double ex_weighted_bce_cost(const double *y, const double *p, int n, double w0, double w1);

#endif
