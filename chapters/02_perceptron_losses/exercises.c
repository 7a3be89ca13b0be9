/* exercises.c - chapter 02, the flexible perceptron: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=02      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/02_perceptron_losses` show every
 * formula and worked number you need. Keep the function signatures as they
 * are. You may use <math.h> (exp, log, fmax).
 */
#include "exercises.h"

/* EXERCISE 2.1 (2 points, with ex_hinge_dloss): the hinge loss
 * L = max(0, 1 - y f). */
double ex_hinge_loss(double y, double f)
{
    (void)y, (void)f;
    return 0.0; /* your code here */
}

/* ... and its derivative: dL/df = -y when y f < 1, else 0. */
double ex_hinge_dloss(double y, double f)
{
    (void)y, (void)f;
    return 0.0; /* your code here */
}

/* EXERCISE 2.2 (3 points): one SGD step on
 * E_i = max(0, 1 - y f(x)) + lambda (w[0]^2 + ... + w[n-1]^2).
 * Compute f = w . x + b and dL/df first, then
 *     w[i] <- w[i] - eta (dL/df x[i] + 2 lambda w[i])   for every i
 *     *b   <- *b   - eta dL/df
 * Return the hinge loss max(0, 1 - y f) from before the step. */
double ex_hinge_sgd_step(double *w, double *b, const double *x, double y, int n, double eta,
                         double lambda)
{
    (void)w, (void)b, (void)x, (void)y, (void)n, (void)eta, (void)lambda;
    return 0.0; /* your code here */
}

/* EXERCISE 2.3 (2 points): logistic regression on one example.
 * f = w . x + b, p = 1 / (1 + e^-f); dw[i] = (p - y) x[i], *db = p - y;
 * return L = -[y log p + (1 - y) log(1 - p)]. */
double ex_logistic_loss_grad(const double *x, double y, const double *w, double b, int n,
                             double *dw, double *db)
{
    (void)x, (void)y, (void)w, (void)b, (void)n, (void)dw, (void)db;
    return 0.0; /* your code here */
}

/* EXERCISE 2.4 (3 points): softmax + categorical cross-entropy.
 * p[j] = e^(z[j]) / sum_m e^(z[m]) for j = 0..k-1 (hint: softmax does not
 * change when the same number is subtracted from every z[j]);
 * dz[j] = p[j] - y[j]; return L = -sum_j y[j] log p[j]. */
double ex_softmax_cce(const double *z, const double *y, int k, double *p, double *dz)
{
    (void)z, (void)y, (void)k, (void)p, (void)dz;
    return 0.0; /* your code here */
}
