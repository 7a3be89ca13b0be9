/* exercises.c - chapter 08, optimizers: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=08      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/08_optimizers` show every formula
 * and the first two steps of each optimizer by hand. Keep the function
 * signatures as they are.
 */
#include "exercises.h"

/* EXERCISE 8.1 (2 points): SGD with momentum, for i = 0..n-1:
 *     v[i] = gamma v[i] + lr g[i]
 *     w[i] = w[i] - v[i]
 * (004 writes v_t = v_{t-1} + eta g_t and w_t = w_{t-1} - eta v_t: see the
 * Errata in README.md for why that is not the rule.) */
void ex_momentum_step(double *w, double *v, const double *g, int n, double lr, double gamma)
{
    (void)w, (void)v, (void)g, (void)n, (void)lr, (void)gamma;
    /* your code here */
}

/* EXERCISE 8.2 (2 points, with ex_eda_weight): the new exponential decay
 * average rho avg + (1 - rho) x. */
double ex_eda(double avg, double x, double rho)
{
    (void)avg, (void)x, (void)rho;
    return 0.0; /* your code here */
}

/* ... and the weight of the k-th newest value (k >= 1) when the average is
 * unrolled: 004 shows 0.01, then 0.99 x 0.01, ... for rho = 0.99. */
double ex_eda_weight(int k, double rho)
{
    (void)k, (void)rho;
    return 0.0; /* your code here */
}

/* EXERCISE 8.3 (2 points): Adagrad, for i = 0..n-1:
 *     G[i] = G[i] + g[i]^2
 *     w[i] = w[i] - lr / sqrt(G[i] + eps) g[i]
 * (sqrt is in <math.h>; the grader links the math library.) */
void ex_adagrad_step(double *w, double *G, const double *g, int n, double lr, double eps)
{
    (void)w, (void)G, (void)g, (void)n, (void)lr, (void)eps;
    /* your code here */
}

/* EXERCISE 8.4 (1 point): RMSProp, for i = 0..n-1:
 *     E[i] = rho E[i] + (1 - rho) g[i]^2
 *     w[i] = w[i] - lr / sqrt(E[i] + eps) g[i] */
void ex_rmsprop_step(double *w, double *E, const double *g, int n, double lr, double rho,
                     double eps)
{
    (void)w, (void)E, (void)g, (void)n, (void)lr, (void)rho, (void)eps;
    /* your code here */
}

/* EXERCISE 8.5 (3 points): Adam's step t (t = 1, 2, ...), for i = 0..n-1:
 *     m[i] = beta1 m[i] + (1 - beta1) g[i]
 *     v[i] = beta2 v[i] + (1 - beta2) g[i]^2
 *     m_hat = m[i] / (1 - beta1^t),  v_hat = v[i] / (1 - beta2^t)
 *     w[i] = w[i] - lr m_hat / (sqrt(v_hat) + eps)
 * (pow(beta1, t) is in <math.h>.) */
void ex_adam_step(double *w, double *m, double *v, const double *g, int n, int t, double lr,
                  double beta1, double beta2, double eps)
{
    (void)w, (void)m, (void)v, (void)g, (void)n, (void)t, (void)lr, (void)beta1, (void)beta2,
        (void)eps;
    /* your code here */
}
