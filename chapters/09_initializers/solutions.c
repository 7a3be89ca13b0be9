/* solutions.c - chapter 09, weight initialization: the reference answers.
 * `make grade CH=09 SOLUTIONS=1` grades this file instead of exercises.c. */
#include <math.h>

#include "exercises.h"

/* EXERCISE 9.1: sigma = sqrt(2 / (fan_in + fan_out)), r = sqrt(6 / (fan_in + fan_out)) */
double ex_xavier_sigma(int fan_in, int fan_out)
{
    return sqrt(2.0 / (fan_in + fan_out));
}

double ex_xavier_bound(int fan_in, int fan_out)
{
    return sqrt(6.0 / (fan_in + fan_out));
}

/* EXERCISE 9.2: sigma = sqrt(2 / fan_in), r = sqrt(6 / fan_in) */
double ex_he_sigma(int fan_in)
{
    return sqrt(2.0 / fan_in);
}

double ex_he_bound(int fan_in)
{
    return sqrt(6.0 / fan_in);
}

/* EXERCISE 9.3: w_ij ~ U[-r, r], r = sqrt(6 / (rows + cols)), drawn in row-major order */
void ex_fill_xavier_uniform(Mat *W, Rng *rng)
{
    double r = ex_xavier_bound(W->rows, W->cols);
    for (int i = 0; i < W->rows; i++)
        for (int j = 0; j < W->cols; j++)
            MAT_AT(W, i, j) = rng_uniform(rng, -r, r);
}

/* EXERCISE 9.4: Var(z) = fan_in Var(w) E[a^2]; ReLU keeps half of E[z^2] */
double ex_variance_gain(double var_w, int fan_in, int relu)
{
    double g = fan_in * var_w;
    return relu ? g / 2.0 : g;
}

/* EXERCISE 9.5: every column equal to column 0, within tol */
int ex_units_identical(const Mat *W, double tol)
{
    for (int i = 0; i < W->rows; i++)
        for (int j = 1; j < W->cols; j++)
            if (fabs(MAT_AT(W, i, j) - MAT_AT(W, i, 0)) > tol)
                return 0;
    return 1;
}
