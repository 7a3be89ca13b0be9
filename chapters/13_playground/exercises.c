/* exercises.c - chapter 13, a playground: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=13      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/13_playground` show every formula
 * and worked number you need. Keep the function signatures as they are.
 */
#include <math.h>

#include "exercises.h"

/* EXERCISE 13.1 (2 points): the input features.
 * For each bit of mask, in order (EX_X1, EX_X2, EX_X1_SQ, EX_X2_SQ,
 * EX_X1_X2, EX_SIN_X1, EX_SIN_X2), when it is set write the feature's
 * value to the next place of out. Return how many you wrote. */
int ex_features(double x1, double x2, unsigned mask, double *out)
{
    (void)x1, (void)x2, (void)mask, (void)out;
    return 0; /* your code here */
}

/* EXERCISE 13.2 (3 points): the forward pass, one hidden layer.
 * For each hidden unit j: z = b1[j] + the sum over i of phi[i] W1[i * n_hidden + j],
 * h[j] = act(z) (relu: max(0, z); tanh; sigmoid: 1 / (1 + e^-z); linear: z).
 * Then z = b2 + the sum over j of h[j] w2[j], and return sigmoid(z). */
double ex_forward(const double *phi, int n_in, const double *W1, const double *b1,
                  int n_hidden, ExAct act, const double *w2, double b2, double *h)
{
    (void)phi, (void)n_in, (void)W1, (void)b1, (void)n_hidden, (void)act, (void)w2, (void)b2,
        (void)h;
    return 0.0; /* your code here */
}

/* EXERCISE 13.3 (2 points): the regularized step.
 * First the penalty of the weights as they are: lambda sum |w_i| (L1) or
 * lambda sum w_i^2 (L2). Then every w_i <- w_i - eta (g_i + lambda dR/dw_i).
 * Return the penalty. */
double ex_regularized_step(double *w, const double *g, int n, double eta, double lambda,
                           ExPenalty penalty)
{
    (void)w, (void)g, (void)n, (void)eta, (void)lambda, (void)penalty;
    return 0.0; /* your code here */
}

/* EXERCISE 13.4 (3 points): the surface on a grid.
 * z[i * n + j] = f(x_j, y_i, ctx) for every row i and column j; return the
 * fraction of the n * n values that are >= 0.5. */
double ex_surface(ExField f, void *ctx, double x0, double x1, double y0, double y1, int n,
                  double *z)
{
    (void)f, (void)ctx, (void)x0, (void)x1, (void)y0, (void)y1, (void)n, (void)z;
    return 0.0; /* your code here */
}
