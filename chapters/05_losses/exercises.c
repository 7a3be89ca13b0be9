/* exercises.c - chapter 05, loss functions: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=05      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/05_losses` show every formula and
 * worked number you need. Keep the function signatures as they are.
 * You may use <math.h> (log, fabs, ...), but not lib/loss.h: the point is
 * to write the losses yourself.
 */
#include <math.h>

#include "exercises.h"

/* EXERCISE 5.1 (2 points, with ex_mae): MSE = 1/n sum_i (y_i - yhat_i)^2.
 * 000's table: y = (68, 70, 75), yhat = (67, 66, 80) gives 42 / 3 = 14. */
double ex_mse(const double *y, const double *yhat, int n)
{
    (void)y, (void)yhat, (void)n;
    return 0.0; /* your code here */
}

/* ... and MAE = 1/n sum_i |y_i - yhat_i|.
 * 000's table: y = (22, 21, 19), yhat = (21, 24, 20) gives 5 / 3. */
double ex_mae(const double *y, const double *yhat, int n)
{
    (void)y, (void)yhat, (void)n;
    return 0.0; /* your code here */
}

/* EXERCISE 5.2 (2 points, with ex_huber_grad): with e = y - yhat,
 * L = e^2 / 2 when |e| <= delta, else delta |e| - delta^2 / 2. */
double ex_huber(double y, double yhat, double delta)
{
    (void)y, (void)yhat, (void)delta;
    return 0.0; /* your code here */
}

/* ... and dL/dyhat: -e inside the band, -delta sign(e) outside it. */
double ex_huber_grad(double y, double yhat, double delta)
{
    (void)y, (void)yhat, (void)delta;
    return 0.0; /* your code here */
}

/* EXERCISE 5.3 (2 points): L = -y ln p - (1 - y) ln(1 - p), with p first
 * clamped into [EX_EPS, 1 - EX_EPS]. y = 1, p = 0.8 gives 0.223143551. */
double ex_bce(double y, double p)
{
    (void)y, (void)p;
    return 0.0; /* your code here */
}

/* EXERCISE 5.4 (2 points): 1/m sum_i -ln P[i][c[i]], each probability
 * clamped. 001: p = (0.1, 0.4, 0.5) with class 0 gives -ln 0.1 = 2.30258509. */
double ex_sparse_cce_cost(const int *c, const double *P, int m, int k)
{
    (void)c, (void)P, (void)m, (void)k;
    return 0.0; /* your code here */
}

/* EXERCISE 5.5 (2 points): 1/n sum_i (-w1 y_i ln p_i - w0 (1 - y_i) ln(1 - p_i)),
 * p_i clamped. 003's weights {0: 5, 1: 70} on p = (0.2, 0.05, 0.7, 0.3, 0.9)
 * with y = (0, 0, 1, 1, 0) give 24.4260904. */
double ex_weighted_bce_cost(const double *y, const double *p, int n, double w0, double w1)
{
    (void)y, (void)p, (void)n, (void)w0, (void)w1;
    return 0.0; /* your code here */
}
