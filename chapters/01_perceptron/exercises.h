/* exercises.h - chapter 01's graded exercises. Write them in exercises.c;
 * `make grade CH=01` grades them, `make next` shows the next to do.
 *
 * The perceptron of the notes: two (or n) inputs x, weights w, a bias b,
 *     f(x) = w1 x1 + w2 x2 + ... + wn xn + b
 * its output y_hat = 1 if f(x) >= 0 else -1, labels y in {1, -1}, the
 * perceptron loss L = max(0, -y f(x)), and the update w <- w - eta dL/dw.
 */
#ifndef CH01_EXERCISES_H
#define CH01_EXERCISES_H

/* EXERCISE 1.1 (2 points): the neuron's output y_hat for the n inputs x. */
double ex_neuron_output(const double *x, const double *w, double b, int n);

/* EXERCISE 1.2 (3 points): the loss max(0, -y f) of one example, and its
 * gradient: dw[i] = dL/dw_i and *db = dL/db for the example (x, y) whose
 * score is f = f(x). */
double ex_perceptron_loss(double y, double f);
void ex_perceptron_grad(const double *x, double y, double f, int n, double *dw,
                        double *db);

/* EXERCISE 1.3 (2 points): one SGD step on the example (x, y): update w
 * and *b in place with learning rate eta. Returns 1 when the weights
 * changed (the example was a mistake), else 0. */
int ex_update(double *w, double *b, const double *x, double y, int n, double eta);

/* EXERCISE 1.4 (3 points): one epoch: an update step on each of the m
 * examples in order (X is m x n, row-major: example i is X[i*n .. i*n+n-1]).
 * Returns the number of updates made. */
int ex_epoch(double *w, double *b, const double *X, const double *y, int m, int n,
             double eta);

#endif
