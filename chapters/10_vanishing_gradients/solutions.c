/* solutions.c - chapter 10, vanishing and exploding gradients: the
 * reference answers. `make grade CH=10 SOLUTIONS=1` grades this file
 * instead of exercises.c. */
#include <math.h>

#include "exercises.h"

static double sigmoid(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

/* EXERCISE 10.1: forward, keeping s'(z_k) in delta for now; then
 * dC/dz_n = a_n - y,  dC/dz_k = dC/dz_(k+1) w_(k+1) s'(z_k) */
void ex_chain_deltas(const double *w, const double *b, int n, double x, double y,
                     double *delta)
{
    double a = x;
    for (int k = 0; k < n; k++) { /* 0-based: delta[k] <- s'(z_(k+1)) */
        a = sigmoid(w[k] * a + b[k]);
        delta[k] = a * (1.0 - a);
    }
    double d = a - y; /* dC/dz_n */
    for (int k = n - 1; k >= 0; k--) {
        double dk = d;
        if (k > 0) /* delta[k - 1] still holds s'(z_k) */
            d = d * w[k] * delta[k - 1];
        delta[k] = dk;
    }
}

/* EXERCISE 10.2: delta_i = (sum_j w_ij delta_next_j) s'(z_i) */
void ex_backprop_delta(double *delta, const double *delta_next, const double *W_next,
                       const double *z, int n, int n_next)
{
    for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int j = 0; j < n_next; j++)
            sum += W_next[i * n_next + j] * delta_next[j];
        double s = sigmoid(z[i]);
        delta[i] = sum * s * (1.0 - s);
    }
}

/* EXERCISE 10.3: speeds[l] = sqrt(sum g^2); first / last */
double ex_layer_speeds(const double *const *grads, const int *sizes, int n_layers,
                       double *speeds)
{
    for (int l = 0; l < n_layers; l++) {
        double sum = 0.0;
        for (int i = 0; i < sizes[l]; i++)
            sum += grads[l][i] * grads[l][i];
        speeds[l] = sqrt(sum);
    }
    return speeds[0] / speeds[n_layers - 1];
}

/* EXERCISE 10.4: g <- g c / ||g|| when ||g|| > c */
double ex_clip_norm(double *const *grads, const int *sizes, int n, double c)
{
    double sum = 0.0;
    for (int p = 0; p < n; p++)
        for (int i = 0; i < sizes[p]; i++)
            sum += grads[p][i] * grads[p][i];
    double norm = sqrt(sum);
    if (norm > c)
        for (int p = 0; p < n; p++)
            for (int i = 0; i < sizes[p]; i++)
                grads[p][i] *= c / norm;
    return norm;
}

/* EXERCISE 10.5: g <- min(max(g, -c), c) */
int ex_clip_value(double *g, int n, double c)
{
    int changed = 0;
    for (int i = 0; i < n; i++) {
        if (g[i] > c)
            g[i] = c, changed++;
        else if (g[i] < -c)
            g[i] = -c, changed++;
    }
    return changed;
}
