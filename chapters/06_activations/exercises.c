/* exercises.c - chapter 06, activation functions: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=06      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/06_activations` show every formula
 * and worked number you need. Keep the function signatures as they are.
 * You may use exp() from <math.h>, but not the library's act_* functions.
 */
#include "exercises.h"

#include <math.h>

/* EXERCISE 6.1 (2 points): the sigmoid s(z) = 1 / (1 + e^-z) ...
 * It must not return NaN for large |z|: z = 800 gives 1, z = -800 gives 0
 * (or a tiny positive number). */
double ex_sigmoid(double z)
{
    (void)z;
    return 0.0; /* your code here */
}

/* ... and its derivative s'(z) = s(z) (1 - s(z)): 0.25 at z = 0. */
double ex_sigmoid_deriv(double z)
{
    (void)z;
    return 0.0; /* your code here */
}

/* EXERCISE 6.2 (2 points): tanh z = (e^z - e^-z) / (e^z + e^-z), from
 * exponentials. Careful: e^800 is infinity, and infinity / infinity is
 * NaN, but tanh(800) = 1 and tanh(-800) = -1. (tanh z = 2 s(2z) - 1 is one
 * way round it.) */
double ex_tanh(double z)
{
    (void)z;
    return 0.0; /* your code here */
}

/* ... and its derivative written with the output a = tanh(z) (004):
 * tanh'(z) = 1 - a^2. */
double ex_tanh_deriv_from_output(double a)
{
    (void)a;
    return 0.0; /* your code here */
}

/* EXERCISE 6.3 (2 points): leaky ReLU, f(z) = z for z > 0, alpha z for
 * z <= 0 (004: max(0.01 z, z) with alpha = 0.01) ... */
double ex_leaky_relu(double z, double alpha)
{
    (void)z, (void)alpha;
    return 0.0; /* your code here */
}

/* ... and its derivative: 1 for z > 0, alpha for z < 0. At z = 0 it is
 * not defined; return alpha there (the left slope, as annlab does). */
double ex_leaky_relu_deriv(double z, double alpha)
{
    (void)z, (void)alpha;
    return 0.0; /* your code here */
}

/* EXERCISE 6.4 (2 points): the stable softmax of the n values z into p:
 * find m = the largest z_i, then p_i = e^(z_i - m) / sum_j e^(z_j - m).
 * Write all n entries of p. */
void ex_softmax(double *p, const double *z, int n)
{
    (void)p, (void)z, (void)n;
    /* your code here */
}

/* EXERCISE 6.5 (2 points): the product s'(z[0]) x ... x s'(z[n-1]); you
 * may call your ex_sigmoid_deriv. With every z = 0 it is 0.25^n. */
double ex_sigmoid_chain(const double *z, int n)
{
    (void)z, (void)n;
    return 0.0; /* your code here */
}
