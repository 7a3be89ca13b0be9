/* exercises.c - chapter 01, the perceptron: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=01      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/01_perceptron` show every formula
 * and worked number you need. Keep the function signatures as they are.
 */
#include "exercises.h"

/* EXERCISE 1.1 (2 points): the neuron.
 * z = w[0] x[0] + w[1] x[1] + ... + w[n-1] x[n-1] + b, and the step
 * activation turns z into the output: 1 if z >= 0, else -1. */
double ex_neuron_output(const double *x, const double *w, double b, int n)
{
    (void)x, (void)w, (void)b, (void)n;
    return 0.0; /* your code here */
}

/* EXERCISE 1.2 (3 points, with ex_perceptron_grad): the perceptron loss
 * L = max(0, -y f). */
double ex_perceptron_loss(double y, double f)
{
    (void)y, (void)f;
    return 0.0; /* your code here */
}

/* ... and its gradient, from the notes' case split:
 * dL/dw_i = -y x_i and dL/db = -y when y f < 0; both 0 when y f >= 0.
 * Write all n entries of dw, and *db. */
void ex_perceptron_grad(const double *x, double y, double f, int n, double *dw,
                        double *db)
{
    (void)x, (void)y, (void)f, (void)n, (void)dw, (void)db;
    /* your code here */
}

/* EXERCISE 1.3 (2 points): one update step on the example (x, y):
 * compute f = w . x + b, the gradient, then w_i <- w_i - eta dL/dw_i and
 * b <- b - eta dL/db. Return 1 if the weights changed, 0 if not. */
int ex_update(double *w, double *b, const double *x, double y, int n, double eta)
{
    (void)w, (void)b, (void)x, (void)y, (void)n, (void)eta;
    return 0; /* your code here */
}

/* EXERCISE 1.4 (3 points): one epoch: ex_update on examples 0, 1, ..., m-1
 * in that order. Return how many updates changed the weights. */
int ex_epoch(double *w, double *b, const double *X, const double *y, int m, int n,
             double eta)
{
    (void)w, (void)b, (void)X, (void)y, (void)m, (void)n, (void)eta;
    return 0; /* your code here */
}
