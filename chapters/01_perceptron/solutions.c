/* solutions.c - chapter 01, the perceptron: the reference answers.
 * `make grade CH=01 SOLUTIONS=1` grades this file instead of exercises.c. */
#include "exercises.h"

/* EXERCISE 1.1: z = sum_i w_i x_i + b;  y_hat = 1 if z >= 0 else -1 */
double ex_neuron_output(const double *x, const double *w, double b, int n)
{
    double z = b;
    for (int i = 0; i < n; i++)
        z += w[i] * x[i];
    return z >= 0 ? 1.0 : -1.0;
}

/* EXERCISE 1.2: L = max(0, -y f) */
double ex_perceptron_loss(double y, double f)
{
    return -y * f > 0 ? -y * f : 0.0;
}

/* dL/dw_i = -y x_i, dL/db = -y  when y f < 0;  0 otherwise */
void ex_perceptron_grad(const double *x, double y, double f, int n, double *dw,
                        double *db)
{
    int mistake = y * f < 0;
    for (int i = 0; i < n; i++)
        dw[i] = mistake ? -y * x[i] : 0.0;
    *db = mistake ? -y : 0.0;
}

/* EXERCISE 1.3: w <- w - eta dL/dw, b <- b - eta dL/db */
int ex_update(double *w, double *b, const double *x, double y, int n, double eta)
{
    double f = *b;
    for (int i = 0; i < n; i++)
        f += w[i] * x[i];
    if (y * f >= 0)
        return 0;
    /* dL/dw_i = -y x_i, so w_i - eta dL/dw_i = w_i + eta y x_i */
    for (int i = 0; i < n; i++)
        w[i] -= eta * (-y * x[i]);
    *b -= eta * (-y);
    return 1;
}

/* EXERCISE 1.4: one pass over the examples in order */
int ex_epoch(double *w, double *b, const double *X, const double *y, int m, int n,
             double eta)
{
    int updates = 0;
    for (int i = 0; i < m; i++)
        updates += ex_update(w, b, &X[i * n], y[i], n, eta);
    return updates;
}
