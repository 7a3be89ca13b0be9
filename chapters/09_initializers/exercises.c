/* exercises.c - chapter 09, weight initialization: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=09      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/09_initializers` show every formula
 * and worked number you need (sections 3 and 5). Keep the signatures as
 * they are. sqrt() is in <math.h>; rng_uniform() in "rng.h".
 */
#include <math.h>

#include "exercises.h"

/* EXERCISE 9.1 (2 points): Xavier/Glorot.
 * sigma = sqrt(2 / (fan_in + fan_out)): for fan_in = 3, fan_out = 2,
 * sqrt(2 / 5) = 0.632455532. */
double ex_xavier_sigma(int fan_in, int fan_out)
{
    (void)fan_in, (void)fan_out;
    return 0.0; /* your code here */
}

/* ... and r = sqrt(6 / (fan_in + fan_out)): sqrt(6 / 5) = 1.09544512. */
double ex_xavier_bound(int fan_in, int fan_out)
{
    (void)fan_in, (void)fan_out;
    return 0.0; /* your code here */
}

/* EXERCISE 9.2 (2 points): He.
 * sigma = sqrt(2 / fan_in): for fan_in = 3, sqrt(2 / 3) = 0.816496581. */
double ex_he_sigma(int fan_in)
{
    (void)fan_in;
    return 0.0; /* your code here */
}

/* ... and r = sqrt(6 / fan_in): sqrt(6 / 3) = 1.41421356. */
double ex_he_bound(int fan_in)
{
    (void)fan_in;
    return 0.0; /* your code here */
}

/* EXERCISE 9.3 (2 points): fill every W[i][j] (MAT_AT(W, i, j)) with
 * rng_uniform(rng, -r, r), r the Xavier bound for fan_in = W->rows,
 * fan_out = W->cols. */
void ex_fill_xavier_uniform(Mat *W, Rng *rng)
{
    (void)W, (void)rng;
    /* your code here */
}

/* EXERCISE 9.4 (2 points): g = fan_in var_w, halved when relu != 0.
 * Xavier for 32 x 32 (var_w = 2/64) with tanh: 32 x 0.03125 = 1. */
double ex_variance_gain(double var_w, int fan_in, int relu)
{
    (void)var_w, (void)fan_in, (void)relu;
    return 0.0; /* your code here */
}

/* EXERCISE 9.5 (2 points): 1 when |W[i][j] - W[i][0]| <= tol for every row
 * i and every column j, else 0. */
int ex_units_identical(const Mat *W, double tol)
{
    (void)W, (void)tol;
    return 0; /* your code here */
}
