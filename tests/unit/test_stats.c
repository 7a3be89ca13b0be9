/* test_stats.c - unit tests for lib/stats: moments worked by hand, the
 * two-pass variance where one pass would cancel, histogram bins and their
 * edges, and the per-layer moments of a net against a forward pass
 * written out here with plain loops.
 *
 * Tolerances: sums of a few exact binary fractions are exact, so those
 * compare with 1e-15; the hand-worked decimals with 1e-12 (rounding only);
 * the net's layers with a relative 1e-12, the rounding of a 10-term dot
 * product per unit done in another order.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "act.h"
#include "init.h"
#include "mat.h"
#include "net.h"
#include "rng.h"
#include "stats.h"

Test(stats, moments_of_four_values_by_hand)
{
    /* x = (1, 2, 4, 9): mean = 16 / 4 = 4;
     * deviations -3, -2, 0, 5: var = (9 + 4 + 0 + 25) / 4 = 9.5, sd = 3.08220700 */
    double x[] = {1, 2, 4, 9};
    StatsMoments s = stats_moments(x, 4);
    cr_assert_eq(s.n, 4);
    cr_assert_float_eq(s.mean, 4.0, 1e-15);
    cr_assert_float_eq(s.var, 9.5, 1e-15);
    cr_assert_float_eq(s.sd, 3.082207001484488, 1e-12);
    cr_assert_eq(s.min, 1.0);
    cr_assert_eq(s.max, 9.0);
}

Test(stats, one_value_has_no_spread)
{
    double x[] = {-0.25};
    StatsMoments s = stats_moments(x, 1);
    cr_assert_eq(s.mean, -0.25);
    cr_assert_eq(s.var, 0.0);
    cr_assert_eq(s.min, -0.25);
    cr_assert_eq(s.max, -0.25);
}

Test(stats, the_variance_is_accurate_when_the_mean_dwarfs_the_spread)
{
    /* sigmoid outputs of a collapsed layer: 0.5 + (-1, 1, -1, 1) x 1e-9:
     * var = 1e-18 exactly in exact arithmetic. One pass, E[x^2] - E[x]^2 =
     * 0.25 + 1e-18 - 0.25, loses it entirely (0.25 has an ulp of 5.6e-17);
     * two passes keep it to about 1e-7 relative (x itself is rounded to
     * 1e-17, a relative 1e-8 of the deviation). */
    double x[] = {0.5 - 1e-9, 0.5 + 1e-9, 0.5 - 1e-9, 0.5 + 1e-9};
    StatsMoments s = stats_moments(x, 4);
    cr_assert_float_eq(s.var, 1e-18, 1e-24, "var %.9g", s.var);
    cr_assert_float_eq(s.sd, 1e-9, 1e-15);
}

Test(stats, histogram_puts_each_value_in_its_half_open_bin)
{
    /* [0, 1] in 4 bins of 0.25: [0, .25) [.25, .5) [.5, .75) [.75, 1] */
    double x[] = {0.0, 0.1, 0.25, 0.49, 0.5, 0.74, 0.75, 1.0};
    long count[4];
    long outside = stats_histogram(count, 4, 0.0, 1.0, x, 8);
    cr_assert_eq(outside, 0);
    cr_assert_eq(count[0], 2); /* 0, 0.1 */
    cr_assert_eq(count[1], 2); /* 0.25 (a left edge belongs to its bin), 0.49 */
    cr_assert_eq(count[2], 2); /* 0.5, 0.74 */
    cr_assert_eq(count[3], 2); /* 0.75, and 1.0: the last bin is closed */
}

Test(stats, histogram_clamps_values_outside_into_the_end_bins_and_counts_them)
{
    /* tanh's range [-1, 1] in 2 bins; -3 and 7 lie outside */
    double x[] = {-3, -0.5, 0.5, 7, NAN};
    long count[2] = {99, 99};
    long outside = stats_histogram(count, 2, -1.0, 1.0, x, 5);
    cr_assert_eq(outside, 3, "-3, 7 and NaN are outside");
    cr_assert_eq(count[0], 2, "-3 clamped into bin 0 with -0.5");
    cr_assert_eq(count[1], 2, "7 clamped into bin 1 with 0.5");
}

/* A 3 -> 4 tanh -> 2 relu net, He uniform from seed 7. */
static Net *small_net(void)
{
    Net *net = net_new(3, 5);
    cr_assert_not_null(net);
    cr_assert_eq(net_add(net, 4, act_of(ACT_TANH)), 0);
    cr_assert_eq(net_add(net, 2, act_of(ACT_RELU)), 0);
    Rng rng;
    rng_seed(&rng, 7);
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, &rng);
    return net;
}

Test(stats, layers_gives_the_moments_of_each_layers_output)
{
    Net *net = small_net();
    double xs[] = {0.5, -1, 2, 1, 0, -0.5, -2, 1.5, 0.25, 0.1, 0.2, 0.3, 3, -3, 1};
    Mat *X = mat_from(5, 3, xs);
    StatsMoments s[2];
    cr_assert_eq(stats_layers(net, X, s, 2), 2);

    /* the same forward pass with loops: a1_j = tanh(sum_i x_i W1_ij + b1_j),
     * a2_j = max(0, sum_i a1_i W2_ij + b2_j), over the 5 samples */
    const Mat *W1 = net->layers[0]->W, *b1 = net->layers[0]->b;
    const Mat *W2 = net->layers[1]->W, *b2 = net->layers[1]->b;
    double a1[5][4], a2[5][2];
    for (int r = 0; r < 5; r++) {
        for (int j = 0; j < 4; j++) {
            double z = MAT_AT(b1, 0, j);
            for (int i = 0; i < 3; i++)
                z += MAT_AT(X, r, i) * MAT_AT(W1, i, j);
            a1[r][j] = tanh(z);
        }
        for (int j = 0; j < 2; j++) {
            double z = MAT_AT(b2, 0, j);
            for (int i = 0; i < 4; i++)
                z += a1[r][i] * MAT_AT(W2, i, j);
            a2[r][j] = z > 0 ? z : 0.0;
        }
    }
    StatsMoments want1 = stats_moments(&a1[0][0], 20), want2 = stats_moments(&a2[0][0], 10);
    cr_assert_gt(want1.sd, 0.1, "the layer is spread, so the check is not 0 = 0");
    cr_assert_gt(want2.sd, 0.1);
    cr_assert_float_eq(s[0].mean, want1.mean, 1e-12 * fabs(want1.mean) + 1e-15);
    cr_assert_float_eq(s[0].sd, want1.sd, 1e-12 * want1.sd);
    cr_assert_float_eq(s[1].mean, want2.mean, 1e-12 * want2.mean);
    cr_assert_float_eq(s[1].sd, want2.sd, 1e-12 * want2.sd);
    cr_assert_float_eq(s[1].max, want2.max, 1e-12 * want2.max);
    mat_free(X);
    net_free(net);
}

Test(stats, layers_writes_at_most_max_and_returns_the_count)
{
    Net *net = small_net();
    double xs[] = {1, 2, 3};
    Mat *X = mat_from(1, 3, xs);
    StatsMoments s[2] = {{.n = -1}, {.n = -1}};
    cr_assert_eq(stats_layers(net, X, s, 1), 2);
    cr_assert_eq(s[0].n, 4, "layer 1: 1 sample x 4 units");
    cr_assert_eq(s[1].n, -1, "layer 2 not written");
    mat_free(X);
    net_free(net);
}
