/* solutions.c - chapter 05, loss functions: the reference answers.
 * `make grade CH=05 SOLUTIONS=1` grades this file instead of exercises.c. */
#include <math.h>

#include "exercises.h"

/* p clamped into [EX_EPS, 1 - EX_EPS] */
static double clamp(double p)
{
    return p < EX_EPS ? EX_EPS : (p > 1.0 - EX_EPS ? 1.0 - EX_EPS : p);
}

/* EXERCISE 5.1: MSE = 1/n sum_i (y_i - yhat_i)^2 */
double ex_mse(const double *y, const double *yhat, int n)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        double e = y[i] - yhat[i];
        sum += e * e;
    }
    return sum / n;
}

/* MAE = 1/n sum_i |y_i - yhat_i| */
double ex_mae(const double *y, const double *yhat, int n)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += fabs(y[i] - yhat[i]);
    return sum / n;
}

/* EXERCISE 5.2: e = y - yhat; e^2/2 inside |e| <= delta, delta |e| - delta^2/2 outside */
double ex_huber(double y, double yhat, double delta)
{
    double a = fabs(y - yhat);
    return a <= delta ? 0.5 * a * a : delta * a - 0.5 * delta * delta;
}

/* dL/dyhat = dL/de x de/dyhat = dL/de x (-1): -e inside, -delta sign(e) outside */
double ex_huber_grad(double y, double yhat, double delta)
{
    double e = y - yhat;
    if (fabs(e) <= delta)
        return -e;
    return e > 0 ? -delta : delta;
}

/* EXERCISE 5.3: L = -y ln p - (1 - y) ln(1 - p), p clamped */
double ex_bce(double y, double p)
{
    p = clamp(p);
    return -y * log(p) - (1.0 - y) * log(1.0 - p);
}

/* EXERCISE 5.4: 1/m sum_i -ln p_i,c_i */
double ex_sparse_cce_cost(const int *c, const double *P, int m, int k)
{
    double sum = 0.0;
    for (int i = 0; i < m; i++)
        sum -= log(clamp(P[i * k + c[i]]));
    return sum / m;
}

/* EXERCISE 5.5: 1/n sum_i (-w1 y_i ln p_i - w0 (1 - y_i) ln(1 - p_i)) */
double ex_weighted_bce_cost(const double *y, const double *p, int n, double w0, double w1)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        double q = clamp(p[i]);
        sum += -w1 * y[i] * log(q) - w0 * (1.0 - y[i]) * log(1.0 - q);
    }
    return sum / n;
}
