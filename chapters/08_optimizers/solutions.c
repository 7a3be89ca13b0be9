/* solutions.c - chapter 08, optimizers: the reference answers.
 * `make grade CH=08 SOLUTIONS=1` grades this file instead of exercises.c. */
#include <math.h>

#include "exercises.h"

/* EXERCISE 8.1: v = gamma v + lr g;  w = w - v */
void ex_momentum_step(double *w, double *v, const double *g, int n, double lr, double gamma)
{
    for (int i = 0; i < n; i++) {
        v[i] = gamma * v[i] + lr * g[i];
        w[i] -= v[i];
    }
}

/* EXERCISE 8.2: avg = rho avg + (1 - rho) x */
double ex_eda(double avg, double x, double rho)
{
    return rho * avg + (1 - rho) * x;
}

/* unrolled k - 1 times, the k-th newest value carries (1 - rho) rho^(k-1) */
double ex_eda_weight(int k, double rho)
{
    return (1 - rho) * pow(rho, k - 1);
}

/* EXERCISE 8.3: G = G + g^2;  w = w - lr / sqrt(G + eps) g */
void ex_adagrad_step(double *w, double *G, const double *g, int n, double lr, double eps)
{
    for (int i = 0; i < n; i++) {
        G[i] += g[i] * g[i];
        w[i] -= lr / sqrt(G[i] + eps) * g[i];
    }
}

/* EXERCISE 8.4: E = rho E + (1 - rho) g^2;  w = w - lr / sqrt(E + eps) g */
void ex_rmsprop_step(double *w, double *E, const double *g, int n, double lr, double rho,
                     double eps)
{
    for (int i = 0; i < n; i++) {
        E[i] = rho * E[i] + (1 - rho) * g[i] * g[i];
        w[i] -= lr / sqrt(E[i] + eps) * g[i];
    }
}

/* EXERCISE 8.5: the moments, their bias correction, the step */
void ex_adam_step(double *w, double *m, double *v, const double *g, int n, int t, double lr,
                  double beta1, double beta2, double eps)
{
    double c1 = 1 - pow(beta1, t), c2 = 1 - pow(beta2, t);
    for (int i = 0; i < n; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        double m_hat = m[i] / c1, v_hat = v[i] / c2;
        w[i] -= lr * m_hat / (sqrt(v_hat) + eps);
    }
}
