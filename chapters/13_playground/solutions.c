/* solutions.c - chapter 13, a playground: the reference answers.
 * `make grade CH=13 SOLUTIONS=1` grades this file instead of exercises.c. */
#include <math.h>

#include "exercises.h"

/* EXERCISE 13.1: x1, x2, x1^2, x2^2, x1 x2, sin x1, sin x2, those in mask */
int ex_features(double x1, double x2, unsigned mask, double *out)
{
    const double value[7] = {x1, x2, x1 * x1, x2 * x2, x1 * x2, sin(x1), sin(x2)};
    int n = 0;
    for (int f = 0; f < 7; f++)
        if (mask & (1u << f))
            out[n++] = value[f];
    return n;
}

static double activate(ExAct act, double z)
{
    switch (act) {
    case EX_RELU: return z > 0 ? z : 0.0;
    case EX_TANH: return tanh(z);
    case EX_SIGMOID: return 1.0 / (1.0 + exp(-z));
    default: return z;
    }
}

/* EXERCISE 13.2: h_j = act(sum_i phi_i W1[i][j] + b1[j]);  p = sigmoid(sum_j h_j w2[j] + b2) */
double ex_forward(const double *phi, int n_in, const double *W1, const double *b1,
                  int n_hidden, ExAct act, const double *w2, double b2, double *h)
{
    double z_out = b2;
    for (int j = 0; j < n_hidden; j++) {
        double z = b1[j];
        for (int i = 0; i < n_in; i++)
            z += phi[i] * W1[i * n_hidden + j];
        h[j] = activate(act, z);
        z_out += h[j] * w2[j];
    }
    return activate(EX_SIGMOID, z_out);
}

/* EXERCISE 13.3: penalty = lambda R(w) before the step;  w <- w - eta (g + lambda dR/dw) */
double ex_regularized_step(double *w, const double *g, int n, double eta, double lambda,
                           ExPenalty penalty)
{
    double R = 0.0;
    for (int i = 0; i < n; i++)
        R += penalty == EX_L1 ? fabs(w[i]) : w[i] * w[i];
    for (int i = 0; i < n; i++) {
        double dR = penalty == EX_L1 ? (w[i] > 0) - (w[i] < 0) : 2 * w[i];
        w[i] -= eta * (g[i] + lambda * dR);
    }
    return lambda * R;
}

/* EXERCISE 13.4: z[i n + j] = f(x_j, y_i), the share of f >= 0.5 */
double ex_surface(ExField f, void *ctx, double x0, double x1, double y0, double y1, int n,
                  double *z)
{
    int high = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double v = f(x0 + j * (x1 - x0) / (n - 1), y0 + i * (y1 - y0) / (n - 1), ctx);
            z[i * n + j] = v;
            high += v >= 0.5;
        }
    return (double)high / ((double)n * n);
}
