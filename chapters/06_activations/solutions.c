/* solutions.c - chapter 06, activation functions: the reference answers.
 * `make grade CH=06 SOLUTIONS=1` grades this file instead of exercises.c. */
#include "exercises.h"

#include <math.h>

/* EXERCISE 6.1: s(z) = 1 / (1 + e^-z). For z < 0 the equal form
 * e^z / (1 + e^z) keeps e^x from overflowing (e^-z would be huge). */
double ex_sigmoid(double z)
{
    if (z >= 0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

/* s'(z) = s (1 - s) */
double ex_sigmoid_deriv(double z)
{
    double s = ex_sigmoid(z);
    return s * (1.0 - s);
}

/* EXERCISE 6.2: tanh z = (e^z - e^-z) / (e^z + e^-z). Dividing top and
 * bottom by e^|z| gives (1 - e^-2|z|) / (1 + e^-2|z|) with the sign of z,
 * whose exponential is at most 1. */
double ex_tanh(double z)
{
    double e = exp(-2.0 * fabs(z));
    double t = (1.0 - e) / (1.0 + e);
    return z < 0 ? -t : t;
}

/* tanh'(z) = 1 - a^2 */
double ex_tanh_deriv_from_output(double a)
{
    return 1.0 - a * a;
}

/* EXERCISE 6.3: z for z > 0, alpha z for z <= 0 */
double ex_leaky_relu(double z, double alpha)
{
    return z > 0 ? z : alpha * z;
}

/* 1 for z > 0, alpha for z <= 0 (the left slope at 0) */
double ex_leaky_relu_deriv(double z, double alpha)
{
    return z > 0 ? 1.0 : alpha;
}

/* EXERCISE 6.4: p_i = e^(z_i - m) / sum_j e^(z_j - m), m = max_j z_j */
void ex_softmax(double *p, const double *z, int n)
{
    double m = z[0];
    for (int i = 1; i < n; i++)
        if (z[i] > m)
            m = z[i];
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        p[i] = exp(z[i] - m);
        sum += p[i];
    }
    for (int i = 0; i < n; i++)
        p[i] /= sum;
}

/* EXERCISE 6.5: prod_k s'(z_k) */
double ex_sigmoid_chain(const double *z, int n)
{
    double prod = 1.0;
    for (int k = 0; k < n; k++)
        prod *= ex_sigmoid_deriv(z[k]);
    return prod;
}
