/* exercises.h - chapter 09's graded exercises. Write them in exercises.c;
 * `make grade CH=09` grades them, `make next` shows the next to do.
 *
 * A dense layer's weights W^[k] are (fan_in x fan_out): fan_in inputs
 * (the rows), fan_out units (the columns); w_ij goes from input i to unit
 * j, so column j holds the incoming weights of unit j. The initializers:
 *
 *   Xavier/Glorot normal   N(0, sigma^2), sigma = sqrt(2 / (fan_in + fan_out))
 *   Xavier/Glorot uniform  U[-r, r],      r = sqrt(6 / (fan_in + fan_out))
 *   He normal              N(0, sigma^2), sigma = sqrt(2 / fan_in)
 *   He uniform             U[-r, r],      r = sqrt(6 / fan_in)
 *
 * and a layer multiplies the variance of its input by the gain
 * g = fan_in Var(w) (tanh near 0), g = fan_in Var(w) / 2 (ReLU).
 */
#ifndef CH09_EXERCISES_H
#define CH09_EXERCISES_H

#include "mat.h"
#include "rng.h"

/* EXERCISE 9.1 (2 points): Xavier/Glorot for a layer of fan_in inputs and
 * fan_out units: the standard deviation sigma of Xavier normal, and the
 * bound r of Xavier uniform U[-r, r]. */
double ex_xavier_sigma(int fan_in, int fan_out);
double ex_xavier_bound(int fan_in, int fan_out);

/* EXERCISE 9.2 (2 points): He: sigma of He normal, r of He uniform. */
double ex_he_sigma(int fan_in);
double ex_he_bound(int fan_in);

/* EXERCISE 9.3 (2 points): fill W (fan_in x fan_out: W->rows x W->cols)
 * with Xavier uniform weights, each drawn with rng_uniform(rng, -r, r). */
void ex_fill_xavier_uniform(Mat *W, Rng *rng);

/* EXERCISE 9.4 (2 points): the variance gain of a layer whose weights have
 * variance var_w: g = fan_in var_w for tanh near 0 (relu == 0), half of
 * that for ReLU (relu != 0). */
double ex_variance_gain(double var_w, int fan_in, int relu);

/* EXERCISE 9.5 (2 points): has the symmetry been broken? Return 1 when
 * every unit of the layer has the same incoming weights (every column of W
 * equals column 0, each value within tol), else 0. */
int ex_units_identical(const Mat *W, double tol);

#endif
