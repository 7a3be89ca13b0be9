/* solutions.c - chapter 02, the flexible perceptron: the reference answers.
 * `make grade CH=02 SOLUTIONS=1` grades this file instead of exercises.c. */
#include <math.h>

#include "exercises.h"

/* EXERCISE 2.1: L = max(0, 1 - y f) */
double ex_hinge_loss(double y, double f)
{
    return 1.0 - y * f > 0 ? 1.0 - y * f : 0.0;
}

/* dL/df = -y if y f < 1, else 0 */
double ex_hinge_dloss(double y, double f)
{
    return y * f < 1.0 ? -y : 0.0;
}

/* EXERCISE 2.2: w_i <- w_i - eta (dL/df x_i + 2 lambda w_i),  b <- b - eta dL/df */
double ex_hinge_sgd_step(double *w, double *b, const double *x, double y, int n, double eta,
                         double lambda)
{
    double f = *b; /* f = w . x + b, at the weights before the step */
    for (int i = 0; i < n; i++)
        f += w[i] * x[i];
    double L = ex_hinge_loss(y, f);
    double dL_df = ex_hinge_dloss(y, f);
    for (int i = 0; i < n; i++)
        w[i] -= eta * (dL_df * x[i] + 2.0 * lambda * w[i]);
    *b -= eta * dL_df;
    return L;
}

/* EXERCISE 2.3: p = sigmoid(w . x + b);  dL/dw_i = (p - y) x_i,  dL/db = p - y */
double ex_logistic_loss_grad(const double *x, double y, const double *w, double b, int n,
                             double *dw, double *db)
{
    double f = b;
    for (int i = 0; i < n; i++)
        f += w[i] * x[i];
    double p = 1.0 / (1.0 + exp(-f));
    for (int i = 0; i < n; i++)
        dw[i] = (p - y) * x[i];
    *db = p - y;
    return -(y * log(p) + (1.0 - y) * log(1.0 - p));
}

/* EXERCISE 2.4: p_j = e^(z_j - max z) / sum_m e^(z_m - max z);  dz_j = p_j - y_j */
double ex_softmax_cce(const double *z, const double *y, int k, double *p, double *dz)
{
    double zmax = z[0];
    for (int j = 1; j < k; j++)
        zmax = fmax(zmax, z[j]);
    double sum = 0.0;
    for (int j = 0; j < k; j++) {
        p[j] = exp(z[j] - zmax);
        sum += p[j];
    }
    double L = 0.0;
    for (int j = 0; j < k; j++) {
        p[j] /= sum;
        dz[j] = p[j] - y[j];
        if (y[j] != 0.0)
            L -= y[j] * log(p[j]);
    }
    return L;
}
