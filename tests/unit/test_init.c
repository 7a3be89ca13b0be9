/* test_init.c - unit tests for lib/init: the Keras names, the two
 * deterministic initializers (zeros, constant), and for every random one
 * the statistics of a large sample against its formula (002, 004): the
 * bounds and variance of the uniform ones, the mean, variance and the
 * share within one standard deviation of the normal ones, each computed
 * from the right fan (fan_in = rows, fan_out = cols). Also: the same seed
 * gives the same weights, drawn in row-major order.
 *
 * Sample and tolerances. Every statistic comes from one matrix of
 * FAN_IN x FAN_OUT = 40 x 1500 = 60000 weights. The fans differ a lot on
 * purpose: an initializer that used fan_out where the formula says fan_in
 * would have a standard deviation sqrt(1500/40) ~ 6 times too small, far
 * outside any tolerance below. Each tolerance is 5 standard errors of the
 * statistic for n = 60000 (a correct initializer fails it with probability
 * below 1e-6 for a random seed; the seed here is fixed, so the outcome
 * never changes from run to run):
 *   - sample mean:      SE = sigma / sqrt(n) = 0.00408 sigma
 *   - sample variance of a normal:   SE = sigma^2 sqrt(2 / n) = 0.00577 sigma^2
 *     (5 SE = 2.9% of the variance; LeCun's 1/fan_in instead of He's
 *     2/fan_in would be 50% off)
 *   - sample variance of U[-r, r] (variance r^2/3, fourth moment r^4/5):
 *     SE = r^2 sqrt((1/5 - 1/9) / n) = 0.00122 r^2 (5 SE = 1.8% of r^2/3)
 *   - share of |w| <= sigma for a normal: p = 0.682689492,
 *     SE = sqrt(p (1 - p) / n) = 0.0019 (a uniform with the same variance
 *     would give 1/sqrt(3) = 0.577, 55 SE away)
 *   - extremes of a uniform: P(no draw in the top 1e-3 of [-r, r)) =
 *     (1 - 0.0005)^60000 = e^-30, so max > r (1 - 1e-3) always holds.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "init.h"
#include "mat.h"
#include "rng.h"

#define FAN_IN 40
#define FAN_OUT 1500
#define N ((double)FAN_IN * FAN_OUT)
#define SE_FACTOR 5.0
#define SEED 2015

typedef struct {
    double mean, var, min, max;
    double within_sd; /* share of |w - mean| <= sqrt(var) */
} Stats;

static Stats stats_of(const Mat *W)
{
    long n = (long)W->rows * W->cols;
    Stats s = {0.0, 0.0, W->data[0], W->data[0], 0.0};
    for (long k = 0; k < n; k++) {
        s.mean += W->data[k];
        s.min = fmin(s.min, W->data[k]);
        s.max = fmax(s.max, W->data[k]);
    }
    s.mean /= n;
    for (long k = 0; k < n; k++)
        s.var += (W->data[k] - s.mean) * (W->data[k] - s.mean);
    s.var /= n;
    long inside = 0;
    for (long k = 0; k < n; k++)
        inside += fabs(W->data[k] - s.mean) <= sqrt(s.var);
    s.within_sd = (double)inside / n;
    return s;
}

/* A FAN_IN x FAN_OUT matrix filled by init from a fresh Rng(SEED). */
static Mat *filled(InitKind kind, double c)
{
    Mat *W = mat_new(FAN_IN, FAN_OUT);
    cr_assert_not_null(W);
    Rng rng;
    rng_seed(&rng, SEED);
    init_fill(W, &(Init){.kind = kind, .c = c}, &rng);
    return W;
}

/* A uniform initializer on [-r, r): bounds, mean 0, variance r^2 / 3. */
static void assert_uniform(InitKind kind, double r)
{
    Mat *W = filled(kind, 0.0);
    Stats s = stats_of(W);
    cr_assert_geq(s.min, -r, "min %.9g below -r = %.9g", s.min, -r);
    cr_assert_lt(s.max, r, "max %.9g not below r = %.9g", s.max, r);
    cr_assert_gt(s.max, r * (1 - 1e-3), "max %.9g: the draws do not reach r = %.9g", s.max, r);
    cr_assert_lt(s.min, -r * (1 - 1e-3), "min %.9g: the draws do not reach -r", s.min);
    double sd = r / sqrt(3.0);
    cr_assert_lt(fabs(s.mean), SE_FACTOR * sd / sqrt(N), "mean %.9g", s.mean);
    double se_var = r * r * sqrt((1.0 / 5 - 1.0 / 9) / N);
    cr_assert_lt(fabs(s.var - r * r / 3), SE_FACTOR * se_var,
                 "variance %.9g, expected r^2/3 = %.9g", s.var, r * r / 3);
    mat_free(W);
}

/* A normal initializer N(0, sd^2): mean, variance and its bell shape. */
static void assert_normal(InitKind kind, double c, double sd)
{
    Mat *W = filled(kind, c);
    Stats s = stats_of(W);
    cr_assert_lt(fabs(s.mean), SE_FACTOR * sd / sqrt(N), "mean %.9g", s.mean);
    cr_assert_lt(fabs(s.var - sd * sd), SE_FACTOR * sd * sd * sqrt(2.0 / N),
                 "variance %.9g, expected %.9g", s.var, sd * sd);
    double p = 0.682689492; /* P(|Z| <= 1) = erf(1 / sqrt 2) */
    cr_assert_lt(fabs(s.within_sd - p), SE_FACTOR * sqrt(p * (1 - p) / N),
                 "share within one sd %.6f, expected %.6f", s.within_sd, p);
    mat_free(W);
}

Test(init, names_are_spelled_as_in_keras)
{
    cr_assert_str_eq(init_name(INIT_ZEROS), "zeros");
    cr_assert_str_eq(init_name(INIT_CONSTANT), "constant");
    cr_assert_str_eq(init_name(INIT_UNIFORM), "uniform");
    cr_assert_str_eq(init_name(INIT_NORMAL), "normal");
    cr_assert_str_eq(init_name(INIT_XAVIER_NORMAL), "glorot_normal");
    cr_assert_str_eq(init_name(INIT_XAVIER_UNIFORM), "glorot_uniform");
    cr_assert_str_eq(init_name(INIT_HE_NORMAL), "he_normal");
    cr_assert_str_eq(init_name(INIT_HE_UNIFORM), "he_uniform");
}

Test(init, zeros_overwrites_every_weight_with_zero)
{
    Mat *W = mat_new(3, 4);
    mat_fill(W, 7.5);
    Rng rng;
    rng_seed(&rng, SEED);
    init_fill(W, &(Init){.kind = INIT_ZEROS}, &rng);
    for (int k = 0; k < 12; k++)
        cr_assert_eq(W->data[k], 0.0);
    mat_free(W);
}

Test(init, constant_fills_every_weight_with_c)
{
    /* the notes' start for the 2-2-1 network: "w -> 1" */
    Mat *W = mat_new(2, 2);
    Rng rng;
    rng_seed(&rng, SEED);
    init_fill(W, &(Init){.kind = INIT_CONSTANT, .c = 1.0}, &rng);
    for (int k = 0; k < 4; k++)
        cr_assert_eq(W->data[k], 1.0);
    init_fill(W, &(Init){.kind = INIT_CONSTANT, .c = -0.25}, &rng);
    for (int k = 0; k < 4; k++)
        cr_assert_eq(W->data[k], -0.25);
    mat_free(W);
}

Test(init, uniform_draws_from_plus_minus_one_over_sqrt_fan_in)
{
    /* r = 1 / sqrt(40) = 0.158113883 */
    assert_uniform(INIT_UNIFORM, 1.0 / sqrt(FAN_IN));
}

Test(init, normal_has_mean_zero_and_the_standard_deviation_c)
{
    assert_normal(INIT_NORMAL, 0.05, 0.05);
}

Test(init, xavier_normal_has_sigma_sqrt_two_over_fan_in_plus_fan_out)
{
    /* sigma = sqrt(2 / (40 + 1500)) = 0.0360375 */
    assert_normal(INIT_XAVIER_NORMAL, 0.0, sqrt(2.0 / (FAN_IN + FAN_OUT)));
}

Test(init, xavier_uniform_has_bound_sqrt_six_over_fan_in_plus_fan_out)
{
    /* r = sqrt(6 / 1540) = 0.0624188 */
    assert_uniform(INIT_XAVIER_UNIFORM, sqrt(6.0 / (FAN_IN + FAN_OUT)));
}

Test(init, he_normal_has_sigma_sqrt_two_over_fan_in)
{
    /* sigma = sqrt(2 / 40) = 0.223606798 */
    assert_normal(INIT_HE_NORMAL, 0.0, sqrt(2.0 / FAN_IN));
}

Test(init, he_uniform_has_bound_sqrt_six_over_fan_in)
{
    /* r = sqrt(6 / 40) = 0.387298335 */
    assert_uniform(INIT_HE_UNIFORM, sqrt(6.0 / FAN_IN));
}

Test(init, glorot_normal_and_glorot_uniform_have_the_same_variance)
{
    /* Glorot's point: both give Var(w) = 2 / (fan_in + fan_out), since
     * (sqrt(6 / (fi + fo)))^2 / 3 = 2 / (fi + fo). Two independent samples:
     * the difference of the variances has SE sqrt(0.0058^2 + 0.0037^2)
     * ~ 0.0069 of the variance; 5 SE = 3.4%. */
    Mat *A = filled(INIT_XAVIER_NORMAL, 0.0), *B = filled(INIT_XAVIER_UNIFORM, 0.0);
    double va = stats_of(A).var, vb = stats_of(B).var, v = 2.0 / (FAN_IN + FAN_OUT);
    cr_assert_lt(fabs(va - vb), 0.034 * v, "normal %.9g, uniform %.9g", va, vb);
    mat_free(A);
    mat_free(B);
}

Test(init, the_same_seed_gives_the_same_weights)
{
    Mat *A = filled(INIT_HE_NORMAL, 0.0), *B = filled(INIT_HE_NORMAL, 0.0);
    cr_assert_eq(memcmp(A->data, B->data, sizeof(double) * FAN_IN * FAN_OUT), 0);
    mat_free(A);
    mat_free(B);
}

Test(init, random_initializers_break_the_symmetry)
{
    /* 002: "weight should not be same" - no two of the first 100 equal */
    InitKind kinds[] = {INIT_UNIFORM, INIT_XAVIER_NORMAL, INIT_XAVIER_UNIFORM, INIT_HE_NORMAL,
                        INIT_HE_UNIFORM};
    for (int t = 0; t < 5; t++) {
        Mat *W = filled(kinds[t], 0.0);
        for (int a = 0; a < 100; a++)
            for (int b = a + 1; b < 100; b++)
                cr_assert_neq(W->data[a], W->data[b], "%s: w[%d] == w[%d]",
                              init_name(kinds[t]), a, b);
        mat_free(W);
    }
}

Test(init, weights_are_drawn_in_row_major_order)
{
    /* W[0][0], W[0][1], W[1][0] are the first, second and third draws */
    Mat *W = mat_new(2, 2);
    Rng rng, ref;
    rng_seed(&rng, SEED);
    rng_seed(&ref, SEED);
    init_fill(W, &(Init){.kind = INIT_HE_UNIFORM}, &rng);
    double r = sqrt(6.0 / 2);
    double first = rng_uniform(&ref, -r, r), second = rng_uniform(&ref, -r, r),
           third = rng_uniform(&ref, -r, r);
    cr_assert_eq(MAT_AT(W, 0, 0), first);
    cr_assert_eq(MAT_AT(W, 0, 1), second);
    cr_assert_eq(MAT_AT(W, 1, 0), third);
    mat_free(W);
}
