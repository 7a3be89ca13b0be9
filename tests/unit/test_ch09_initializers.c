/* test_ch09_initializers.c - chapter 09's numbers, each derived here
 * independently and checked against the library and against the
 * transcript (chapters/09_initializers/expected.txt):
 *   - section 2: one gradient step of the 2-2-1 net from equal weights,
 *     worked by hand, equals backpropagation (and central differences);
 *     the trained 2-4-1 nets: a constant start keeps its units identical
 *     to the last bit, zeros move nothing but the output bias (cost ln 2);
 *   - section 3: the formulas for fan_in = 3, fan_out = 2, and the notes'
 *     wrong versions, by hand;
 *   - section 4: the sampled moments, recomputed with plain loops, and
 *     every initializer within 3 standard errors of its formula;
 *   - section 5: the gains by hand;
 *   - section 6: the spread of the tanh net by a forward pass written out
 *     here; the ReLU factors against the theory sqrt(g); the scaled-copy
 *     property of ReLU; sigmoid's fading input signal against (1/4)^9;
 *   - section 7: the deep nets' backpropagation against central
 *     differences, and the trained values the transcript quotes.
 * A test also asserts that the transcript prints what it derives, so a
 * chapter that printed another number would fail here even after its
 * expected.txt was rewritten.
 *
 * Tolerances:
 *   - a value the transcript quotes to 9 significant digits: a relative
 *     1e-8 (half a unit of the 9th digit is at most 5e-9 relative);
 *   - sums and square roots done here and in the library in another order:
 *     a relative 1e-12;
 *   - gradient checks: relative error <= 1e-7 (cs231n's "good"), with
 *     h = 1e-5 (gradcheck.h);
 *   - statistics against theory: stated at each test.
 * Run from the repository root (datasets/digits.csv, the transcript).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "data.h"
#include "gradcheck.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "rng.h"
#include "stats.h"

#define SEED 2010          /* the chapter's default seed */
#define Q9 1e-8            /* relative: a value quoted to 9 digits */
#define ORDER 1e-12        /* relative: the same sum in another order */
#define GRAD_REL_TOL 1e-7
#define TRANSCRIPT "chapters/09_initializers/expected.txt"

/* |got - want| <= rel |want|; the message says what (printf-style) */
#define assert_rel_at(got, want, rel, ...)                                               \
    do {                                                                                 \
        double got_ = (got), want_ = (want);                                             \
        char what_[200];                                                                 \
        snprintf(what_, sizeof what_, __VA_ARGS__);                                      \
        cr_assert_leq(fabs(got_ - want_), (rel) * fabs(want_), "%s: got %.12g, want %.12g", \
                      what_, got_, want_);                                               \
    } while (0)
#define assert_rel(got, want, rel) assert_rel_at(got, want, rel, "%s", #got)

/* ---- the transcript ------------------------------------------------------- */

/* The whole transcript, NUL-terminated (freed by the caller). */
static char *read_transcript(void)
{
    FILE *fp = fopen(TRANSCRIPT, "rb");
    cr_assert_not_null(fp, "%s: run the tests from the repository root", TRANSCRIPT);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    char *s = malloc((size_t)n + 1);
    cr_assert_not_null(s);
    cr_assert_eq(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = '\0';
    fclose(fp);
    return s;
}

/* The transcript holds the line (or the piece of a line) want. */
static void assert_printed(const char *want)
{
    char *t = read_transcript();
    cr_assert_not_null(strstr(t, want), "%s does not print \"%s\"", TRANSCRIPT, want);
    free(t);
}

/* ---- section 2: the symmetry ------------------------------------------------- */

/* The 2-2-1 net (tanh, sigmoid) with every weight 0.25, biases 0. */
static Net *equal_net(void)
{
    Net *net = net_new(2, 1);
    cr_assert_not_null(net);
    cr_assert_eq(net_add(net, 2, act_of(ACT_TANH)), 0);
    cr_assert_eq(net_add(net, 1, act_of(ACT_SIGMOID)), 0);
    Rng rng;
    rng_seed(&rng, SEED);
    net_init(net, &(Init){.kind = INIT_CONSTANT, .c = 0.25}, &rng);
    return net;
}

Test(ch09, one_step_from_equal_weights_by_hand_equals_backpropagation)
{
    /* forward, x = (0.05, 0.1), y = 1:
     *   z1 = 0.25 x 0.05 + 0.25 x 0.1 = 0.0125 + 0.025 = 0.0375 (both units)
     *   h = tanh(0.0375) = 0.0375 - 0.0375^3/3 + 2 0.0375^5/15 = 0.0374824318
     *   z2 = 0.25 h + 0.25 h = 0.5 h = 0.0187412159
     *   y_hat = sigmoid(z2) = 1/2 + z2/4 - z2^3/48 = 0.504685167
     * backward (BCE + sigmoid: dC/dz2 = y_hat - y):
     *   dz2 = 0.504685167 - 1 = -0.495314833
     *   dC/dw2_j = h dz2 = 0.0374824318 x -0.495314833 = -0.0185656044
     *   dz1 = dz2 x 0.25 x (1 - h^2) = -0.123828708 x 0.998595067 = -0.123654737
     *   dC/dw1_1j = 0.05 dz1 = -0.00618273686, dC/dw1_2j = 0.1 dz1 = -0.0123654737
     * step, eta = 0.5: w1_1j = 0.25 + 0.5 x 0.00618273686 = 0.253091368,
     *   w1_2j = 0.256182737, w2_j = 0.25 + 0.5 x 0.0185656044 = 0.259282802 */
    Net *net = equal_net();
    double xs[] = {0.05, 0.1}, ys[] = {1.0};
    Mat X = {1, 2, xs}, Y = {1, 1, ys};
    Loss bce = {.kind = LOSS_BCE};
    double cost = net_cost_grad(net, &bce, &X, &Y);
    assert_rel_at(cost, -log(0.504685167), Q9, "the cost -ln y_hat");
    const Mat *dW1 = net_param(net, "dense/W")->grad, *dW2 = net_param(net, "dense_1/W")->grad;
    for (int j = 0; j < 2; j++) {
        assert_rel_at(MAT_AT(dW1, 0, j), -0.00618273686, Q9, "dC/dw1_1%d", j + 1);
        assert_rel_at(MAT_AT(dW1, 1, j), -0.0123654737, Q9, "dC/dw1_2%d", j + 1);
        assert_rel_at(MAT_AT(dW2, j, 0), -0.0185656044, Q9, "dC/dw2_%d1", j + 1);
    }
    net_step(net, 0.5);
    const Mat *W1 = net_param(net, "dense/W")->value, *W2 = net_param(net, "dense_1/W")->value;
    assert_rel(MAT_AT(W1, 0, 0), 0.253091368, Q9);
    assert_rel(MAT_AT(W1, 1, 0), 0.256182737, Q9);
    assert_rel(MAT_AT(W2, 0, 0), 0.259282802, Q9);
    /* the two units (columns) are still equal, exactly; the inputs (rows) not */
    cr_assert_eq(MAT_AT(W1, 0, 0), MAT_AT(W1, 0, 1));
    cr_assert_eq(MAT_AT(W1, 1, 0), MAT_AT(W1, 1, 1));
    cr_assert_eq(MAT_AT(W2, 0, 0), MAT_AT(W2, 1, 0));
    cr_assert_neq(MAT_AT(W1, 0, 0), MAT_AT(W1, 1, 0));
    net_free(net);

    /* the chapter prints the same numbers, computed its own way */
    assert_printed("    h1 = h2 = tanh(0.0375) = 0.0374824318\n");
    assert_printed("    y_hat = sigmoid(0.0187412159) = 0.504685167\n");
    assert_printed("= -0.495314833 x 0.25 x (1 - 0.0374824318^2) = -0.123654737   [dC/dz1_1]\n");
    assert_printed("    dC/dw^2_11 = h1 dC/dz^2 = 0.0374824318 x -0.495314833 = -0.0185656044");
    assert_printed("    w^1_11 = w^1_12 = 0.25 - 0.5 x -0.00618273686 = 0.253091368   [w1_11+]\n");
    assert_printed("    w^1_21 = w^1_22 = 0.25 - 0.5 x -0.0123654737 = 0.256182737   [w1_21+]\n");
    assert_printed("    w^2_11 = w^2_21 = 0.25 - 0.5 x -0.0185656044 = 0.259282802   [w2_11+]\n");
}

Test(ch09, backpropagation_from_equal_weights_matches_central_differences)
{
    Net *net = equal_net();
    double xs[] = {0.05, 0.1}, ys[] = {1.0};
    Mat X = {1, 2, xs}, Y = {1, 1, ys};
    Loss bce = {.kind = LOSS_BCE};
    double worst = net_gradcheck(net, &bce, &X, &Y, GRADCHECK_STEP, NULL, NULL);
    cr_assert_leq(worst, GRAD_REL_TOL, "largest relative error %.3g", worst);
    net_free(net);
}

/* Section 2's 2-4-1 run: the circle set (200 points, seed 2010), the net
 * from init drawn from a fresh Rng(2010), 300 epochs of full-batch GD at
 * lr 0.5 with binary cross-entropy. */
static Net *circle_run(const Init *init, double *cost, double *accuracy)
{
    Mat *X = mat_new(200, 2), *Y = mat_new(200, 1);
    Net *net = net_new(2, 200);
    cr_assert(X && Y && net);
    Rng rng;
    rng_seed(&rng, SEED);
    data_toy(&rng, TOY_CIRCLE, 0.0, X, Y);
    cr_assert_eq(net_add(net, 4, act_of(ACT_TANH)), 0);
    cr_assert_eq(net_add(net, 1, act_of(ACT_SIGMOID)), 0);
    rng_seed(&rng, SEED);
    net_init(net, init, &rng);
    Loss bce = {.kind = LOSS_BCE};
    FitResult res;
    cr_assert_eq(net_fit(net, &bce, X, Y, &(FitSpec){.epochs = 300, .batch_size = 0, .lr = 0.5},
                         &res), 0, "%s", res.message);
    *cost = res.cost;
    *accuracy = net_accuracy(net, &bce, X, Y);
    mat_free(X);
    mat_free(Y);
    return net;
}

Test(ch09, a_constant_start_keeps_the_four_units_identical_through_training)
{
    double cost, accuracy;
    Net *net = circle_run(&(Init){.kind = INIT_CONSTANT, .c = 0.25}, &cost, &accuracy);
    const Mat *W1 = net_param(net, "dense/W")->value, *W2 = net_param(net, "dense_1/W")->value;
    /* every unit computes the same sum in the same order: equal to the last bit */
    for (int j = 1; j < 4; j++) {
        cr_assert_eq(MAT_AT(W1, 0, j), MAT_AT(W1, 0, 0), "w1_1%d", j + 1);
        cr_assert_eq(MAT_AT(W1, 1, j), MAT_AT(W1, 1, 0), "w1_2%d", j + 1);
        cr_assert_eq(MAT_AT(W2, j, 0), MAT_AT(W2, 0, 0), "w2_%d1", j + 1);
    }
    /* the transcript's values: the inputs did get different weights */
    assert_rel(MAT_AT(W1, 0, 0), 0.132373218, Q9);
    assert_rel(MAT_AT(W1, 1, 0), 0.720305777, Q9);
    assert_rel(MAT_AT(W2, 0, 0), 0.402813765, Q9);
    assert_rel(cost, 0.59996572, Q9);
    cr_assert_float_eq(accuracy, 0.67, 1e-12, "134 of 200");
    assert_printed("constant 0.25: cost 0.59996572, accuracy 0.67\n");
    net_free(net);
}

Test(ch09, a_zero_start_with_tanh_moves_nothing_but_the_output_bias)
{
    /* h = tanh(0) = 0, so dC/dW2 = h dz2 = 0 and dC/dz1 = dz2 W2 = 0; db2 =
     * mean(y_hat - y) = 0.5 - 0.5 = 0, because the circle set alternates its
     * classes (100 and 100): nothing moves at all, y_hat = sigmoid(0) = 0.5
     * for every point, cost = -ln 0.5 = ln 2 = 0.693147181, accuracy 1/2
     * (y_hat >= 0.5 says class 1 everywhere) */
    double cost, accuracy;
    Net *net = circle_run(&(Init){.kind = INIT_ZEROS}, &cost, &accuracy);
    for (int p = 0; p < net->n_params; p++) {
        const Mat *m = net->params[p].value;
        for (long k = 0; k < (long)m->rows * m->cols; k++)
            cr_assert_eq(m->data[k], 0.0, "%s[%ld]", net->params[p].name, k);
    }
    assert_rel(cost, log(2.0), ORDER);
    cr_assert_float_eq(accuracy, 0.5, 1e-15);
    assert_printed("zeros: cost 0.693147181, accuracy 0.5\n");
    net_free(net);
}

Test(ch09, random_weights_give_four_different_units)
{
    double cost, accuracy;
    Net *net = circle_run(&(Init){.kind = INIT_XAVIER_UNIFORM}, &cost, &accuracy);
    const Mat *W1 = net_param(net, "dense/W")->value;
    for (int a = 0; a < 4; a++)
        for (int b = a + 1; b < 4; b++)
            cr_assert_gt(fabs(MAT_AT(W1, 0, a) - MAT_AT(W1, 0, b)) +
                             fabs(MAT_AT(W1, 1, a) - MAT_AT(W1, 1, b)), 0.1,
                         "units %d and %d differ", a + 1, b + 1);
    assert_rel(MAT_AT(W1, 0, 0), 1.0572888, Q9);
    assert_rel(cost, 0.10965239, Q9);
    cr_assert_float_eq(accuracy, 0.99, 1e-12, "198 of 200");
    net_free(net);
}

/* ---- section 3: the formulas --------------------------------------------------- */

Test(ch09, the_formulas_for_fan_in_3_and_fan_out_2_by_hand)
{
    /* uniform: 1/sqrt(3) = 0.577350269, Var = 1/9 = 0.111111111
     * Xavier normal: sqrt(2/5) = sqrt(0.4) = 0.632455532, Var 0.4
     * Xavier uniform: sqrt(6/5) = sqrt(1.2) = 1.09544512, Var = 1.2/3 = 0.4
     * He normal: sqrt(2/3) = 0.816496581, Var = 0.666666667
     * He uniform: sqrt(6/3) = sqrt(2) = 1.41421356, Var = 2/3 */
    assert_rel(1.0 / sqrt(3.0), 0.577350269, Q9);
    assert_rel(sqrt(2.0 / 5.0), 0.632455532, Q9);
    assert_rel(sqrt(6.0 / 5.0), 1.09544512, Q9);
    assert_rel(sqrt(2.0 / 3.0), 0.816496581, Q9);
    assert_rel(sqrt(6.0 / 3.0), 1.41421356, Q9);
    /* a uniform's variance r^2/3 equals the normal's sigma^2: the 6 */
    assert_rel(sqrt(6.0 / 5.0) * sqrt(6.0 / 5.0) / 3.0, 0.4, ORDER);
    assert_rel(sqrt(6.0 / 3.0) * sqrt(6.0 / 3.0) / 3.0, 2.0 / 3.0, ORDER);
    assert_printed("uniform (004)    r = 1/sqrt(fan_in) = 1/sqrt(3) = 0.577350269   [r_uniform]\n");
    assert_printed("Xavier normal    sigma = sqrt(2/(fan_in + fan_out)) = sqrt(2/(3 + 2)) = "
                   "0.632455532   [sigma_xavier]\n");
    assert_printed("Xavier uniform   r = sqrt(6/(fan_in + fan_out)) = sqrt(6/(3 + 2)) = "
                   "1.09544512   [r_xavier]\n");
    assert_printed("He normal        sigma = sqrt(2/fan_in) = sqrt(2/3) = 0.816496581   [sigma_he]\n");
    assert_printed("He uniform       r = sqrt(6/fan_in) = sqrt(6/3) = 1.41421356   [r_he]\n");
    assert_printed("                 Var(w) = r^2/3 = 0.4   (the same as Xavier normal)   [Var_xavier_u]\n");
}

Test(ch09, the_notes_formulas_give_other_numbers)
{
    /* 002: 1/sqrt(f_in - 1) = 1/sqrt(2) = 0.707106781, 22% too wide;
     * 004: sigma = 2/(3 + 2) = 0.4, the variance, not sqrt(0.4) */
    assert_rel(1.0 / sqrt(2.0), 0.707106781, Q9);
    assert_rel_at(1.0 / sqrt(2.0) / (1.0 / sqrt(3.0)), sqrt(1.5), ORDER, "1.22474487 times r");
    assert_printed("    002 writes r = 1/sqrt(f_in - 1) = 1/sqrt(2) = 0.707106781   "
                   "(right: 0.577350269)\n");
    assert_printed("    004 writes sigma = 2/(fan_in + fan_out) = 0.4: that is Var(w),\n");
}

Test(ch09, the_deep_nets_bounds_by_hand)
{
    /* 64 x 32: uniform 1/8 = 0.125; Xavier sqrt(2/96) = 0.144337567,
     * sqrt(6/96) = sqrt(1/16) = 0.25; He sqrt(2/64) = 0.176776695,
     * sqrt(6/64) = 0.306186218. 32 x 32: He sqrt(2/32) = 0.25,
     * sqrt(6/32) = 0.433012702. 32 x 10: Xavier sqrt(2/42) = 0.21821789,
     * sqrt(6/42) = 0.377964473 */
    assert_rel(sqrt(2.0 / 96), 0.144337567, Q9);
    assert_rel(sqrt(6.0 / 64), 0.306186218, Q9);
    assert_rel(sqrt(6.0 / 32), 0.433012702, Q9);
    assert_rel(sqrt(2.0 / 42), 0.21821789, Q9);
    assert_rel(sqrt(6.0 / 42), 0.377964473, Q9);
    assert_printed("    1          64 x 32          0.125  0.144337567         0.25  0.176776695  "
                   "0.306186218\n");
    assert_printed("    output     32 x 10    0.176776695   0.21821789  0.377964473         0.25  "
                   "0.433012702\n");
}

/* ---- section 4: sampled weights -------------------------------------------------- */

enum { DRAWS = 5000, N_W = DRAWS * 6 };

/* The chapter's sample: 5000 matrices 3 x 2 from init_fill, Rng(2010). */
static double *sampled(const Init *init)
{
    double *w = malloc(N_W * sizeof *w), d[6];
    cr_assert_not_null(w);
    Mat W = {3, 2, d};
    Rng rng;
    rng_seed(&rng, SEED);
    for (int k = 0; k < DRAWS; k++) {
        init_fill(&W, init, &rng);
        memcpy(&w[k * 6], d, sizeof d);
    }
    return w;
}

Test(ch09, sampled_xavier_normal_moments_recomputed_with_plain_loops)
{
    double *w = sampled(&(Init){.kind = INIT_XAVIER_NORMAL});
    long double sum = 0, ss = 0; /* long double: another rounding than stats_moments */
    for (int k = 0; k < N_W; k++)
        sum += w[k];
    long double mean = sum / N_W;
    for (int k = 0; k < N_W; k++)
        ss += (w[k] - mean) * (w[k] - mean);
    double var = (double)(ss / N_W);
    assert_rel((double)mean, 0.00260360948, Q9);
    assert_rel(var, 0.403019151, Q9);
    /* z(var) = (0.403019151 - 0.4) / (0.4 sqrt(2/30000)) = 0.003019151 / 0.00326598632 */
    assert_rel_at((var - 0.4) / (0.4 * sqrt(2.0 / N_W)), 0.924422483, 1e-7,
               "the 9-digit var carries ~1e-9 / 0.003 = 3e-7 relative into z; the double "
               "itself is exact to 1e-13");
    StatsMoments s = stats_moments(w, N_W);
    assert_rel_at(s.var, var, ORDER, "stats_moments");
    assert_printed("    Xavier normal              0.4   0.00260360948     0.713027821     "
                   "0.403019151     0.924422483\n");
    /* the same z worked step by step: SE(var) = 0.4 sqrt(2/30000) = 0.00326598632,
     * SE(mean) = sqrt(0.4)/sqrt(30000) = sqrt(0.4/30000) = 0.00365148372 */
    assert_rel(0.4 * sqrt(2.0 / N_W), 0.00326598632, Q9);
    assert_rel(sqrt(0.4 / N_W), 0.00365148372, Q9);
    assert_printed("        SE(var) = Var sqrt(2/n) = 0.4 x sqrt(2/30000) = 0.00326598632   "
                   "[xn/SE_var]\n");
    assert_printed("        z(var) = (variance - Var)/SE(var) = (0.403019151 - 0.4)/0.00326598632 "
                   "= 0.924422483   [xn/z_var]\n");
    free(w);
}

Test(ch09, every_sampled_initializer_is_within_3_standard_errors_of_its_formula)
{
    /* a statistical check of init.c against the formulas, for the
     * chapter's seed: |z| < 3 for the mean and the variance of each */
    struct {
        Init init;
        double var, r; /* Var(w); r for the uniform ones, else 0 */
    } cases[] = {
        {{INIT_NORMAL, 0.01}, 1e-4, 0},
        {{INIT_NORMAL, 1.0}, 1.0, 0},
        {{INIT_UNIFORM, 0}, 1.0 / 9.0, 1.0 / sqrt(3.0)},
        {{INIT_XAVIER_NORMAL, 0}, 0.4, 0},
        {{INIT_XAVIER_UNIFORM, 0}, 0.4, sqrt(1.2)},
        {{INIT_HE_NORMAL, 0}, 2.0 / 3.0, 0},
        {{INIT_HE_UNIFORM, 0}, 2.0 / 3.0, sqrt(2.0)},
    };
    for (int c = 0; c < 7; c++) {
        double *w = sampled(&cases[c].init);
        StatsMoments s = stats_moments(w, N_W);
        double r = cases[c].r, var = cases[c].var;
        double se_mean = sqrt(var / N_W);
        double se_var = r > 0 ? r * r * sqrt((1.0 / 5 - 1.0 / 9) / N_W) : var * sqrt(2.0 / N_W);
        cr_assert_lt(fabs(s.mean) / se_mean, 3.0, "%s: z(mean)", init_name(cases[c].init.kind));
        cr_assert_lt(fabs(s.var - var) / se_var, 3.0, "%s: z(var)", init_name(cases[c].init.kind));
        if (r > 0)
            cr_assert(s.min >= -r && s.max < r, "%s: inside [-r, r)", init_name(cases[c].init.kind));
        free(w);
    }
}

/* ---- section 5: the gains ----------------------------------------------------------- */

Test(ch09, variance_gains_by_hand)
{
    /* hidden layers, fan_in = 32:
     *   N(0, 0.01^2): 32 x 0.0001 = 0.0032, sqrt = 0.0565685425; ReLU 0.0016, sqrt 0.04
     *   N(0, 1): 32, sqrt 5.65685425; ReLU 16, sqrt 4
     *   uniform: 32 x 1/(3 x 32) = 1/3, sqrt 0.577350269; ReLU 1/6, sqrt 0.40824829
     *   Xavier: 32 x 2/64 = 1; ReLU 1/2, sqrt 0.707106781
     *   He: 32 x 2/32 = 2, sqrt 1.41421356; ReLU 1 */
    assert_rel(sqrt(32 * 1e-4), 0.0565685425, Q9);
    assert_rel(sqrt(32 * 1e-4 / 2), 0.04, ORDER);
    assert_rel(sqrt(32.0 / (3 * 32) / 2), 0.40824829, Q9);
    assert_rel(32 * (2.0 / 64) / 2, 0.5, ORDER);
    assert_printed("    Xavier, tanh: g = fan_in Var(w) = 32 x 2/(32 + 32) = 32 x 0.03125 = 1   [g_xavier_tanh]\n");
    assert_printed("    He, ReLU:     g = fan_in Var(w) / 2 = 32 x 2/32 / 2 = 32 x 0.0625 / 2 = 1   [g_he_relu]\n");
}

/* ---- section 6: the deep net at initialization --------------------------------------- */

/* The chapter's data: digits, split 70/30 by Rng(2010), standardized with
 * the training rows' mean and sd. */
typedef struct {
    DataXY d;
    DataSplit sp;
} Digits;

static void digits_load(Digits *g)
{
    char err[DATA_ERR_LEN];
    DataXYSpec spec = {.target_col = -1, .want = {.kind = DATA_TARGET_CLASS}};
    cr_assert_eq(data_load_xy(&g->d, "datasets/digits.csv", &spec, err, sizeof err), 0,
                 "%s (run from the repository root)", err);
    Rng rng;
    rng_seed(&rng, SEED);
    cr_assert_eq(data_split(&g->sp, &rng, g->d.X, g->d.y, 0.3), 0);
    Mat *mean = mat_new(1, 64), *sd = mat_new(1, 64);
    cr_assert(mean && sd);
    data_standardize(g->sp.X_train, mean, sd);
    data_standardize_apply(g->sp.X_test, mean, sd);
    mat_free(mean);
    mat_free(sd);
}

static void digits_free(Digits *g)
{
    data_split_free(&g->sp);
    data_xy_free(&g->d);
}

/* 64 -> 10 x Dense(32, act) -> Dense(10, softmax), init from Rng(2010). */
static Net *deep_net(ActKind act, int width, const Init *init, int max_rows)
{
    Net *net = net_new(64, max_rows);
    cr_assert_not_null(net);
    for (int k = 0; k < 10; k++)
        cr_assert_eq(net_add(net, width, act_of(act)), 0);
    cr_assert_eq(net_add(net, 10, act_of(ACT_SOFTMAX)), 0);
    Rng rng;
    rng_seed(&rng, SEED);
    net_init(net, init, &rng);
    return net;
}

/* a = act(z), written out */
static double activate(ActKind act, double z)
{
    if (act == ACT_TANH)
        return tanh(z);
    if (act == ACT_SIGMOID)
        return 1.0 / (1.0 + exp(-z));
    return z > 0 ? z : 0.0;
}

/* The forward pass of the hidden layers with loops: sd[k] is the standard
 * deviation of all of layer k+1's m x 32 activations, signal[k] the mean
 * over units of each unit's sd across the m samples. */
static void forward_by_loops(const Net *net, ActKind act, const Mat *X, double *sd, double *signal)
{
    int m = X->rows, w = 32;
    double *in = malloc(sizeof(double) * m * 64), *out = malloc(sizeof(double) * m * w);
    cr_assert(in && out);
    memcpy(in, X->data, sizeof(double) * m * 64);
    int n_in = 64;
    for (int k = 0; k < 10; k++) {
        const Mat *W = net->layers[k]->W, *b = net->layers[k]->b;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < w; j++) {
                double z = MAT_AT(b, 0, j);
                for (int p = 0; p < n_in; p++)
                    z += in[i * n_in + p] * MAT_AT(W, p, j);
                out[i * w + j] = activate(act, z);
            }
        double mean = 0, ss = 0;
        for (int t = 0; t < m * w; t++)
            mean += out[t];
        mean /= m * w;
        for (int t = 0; t < m * w; t++)
            ss += (out[t] - mean) * (out[t] - mean);
        sd[k] = sqrt(ss / (m * w));
        signal[k] = 0;
        for (int j = 0; j < w; j++) {
            double mj = 0, sj = 0;
            for (int i = 0; i < m; i++)
                mj += out[i * w + j];
            mj /= m;
            for (int i = 0; i < m; i++)
                sj += (out[i * w + j] - mj) * (out[i * w + j] - mj);
            signal[k] += sqrt(sj / m) / w;
        }
        memcpy(in, out, sizeof(double) * m * w);
        n_in = w;
    }
    free(in);
    free(out);
}

/* The chapter's section 6 for one activation and start: the first 300
 * standardized training rows, by loops; and stats_layers, which the
 * chapter uses, must agree. */
static void spread_of(ActKind act, const Init *init, double *sd, double *signal)
{
    Digits g = {0};
    digits_load(&g);
    const Mat X = mat_cview_rows(g.sp.X_train, 0, 300);
    Net *net = deep_net(act, 32, init, 300);
    forward_by_loops(net, act, &X, sd, signal);
    StatsMoments s[11];
    cr_assert_eq(stats_layers(net, &X, s, 11), 11);
    for (int k = 0; k < 10; k++)
        assert_rel_at(s[k].sd, sd[k], 1e-9, "%s, layer %d: stats_layers vs loops", act_name(act),
                   k + 1);
    net_free(net);
    digits_free(&g);
}

Test(ch09, the_tanh_xavier_spread_by_a_forward_pass_written_out)
{
    double sd[10], signal[10];
    spread_of(ACT_TANH, &(Init){.kind = INIT_XAVIER_NORMAL}, sd, signal);
    assert_rel(sd[0], 0.621855899, Q9);
    assert_rel(sd[9], 0.222025592, Q9);
    assert_rel(signal[9], 0.214813204, Q9);
    /* Xavier keeps a spread (g = 1): it drifts down, but stays within 3x */
    cr_assert_gt(sd[9], sd[0] / 3);
    assert_printed("       10  4.10200569e-13      0.92499394     0.003050194     0.222025592     "
                   "0.560406833\n");
}

Test(ch09, the_tanh_factors_follow_sqrt_g_in_the_linear_regime)
{
    /* sigma = 0.01 and uniform keep the units near 0, where tanh(z) ~ z:
     * the factor per layer (sd_10 / sd_1)^(1/9) must be sqrt(g) =
     * sqrt(0.0032) = 0.0565685425 and sqrt(1/3) = 0.577350269, up to the
     * sampling noise of 32 units (a few %: here 2% and 0.1% are allowed) */
    double sd[10], signal[10];
    spread_of(ACT_TANH, &(Init){.kind = INIT_NORMAL, .c = 0.01}, sd, signal);
    double f = pow(sd[9] / sd[0], 1.0 / 9);
    assert_rel(f, 0.0559587331, Q9);
    assert_rel_at(f, sqrt(0.0032), 0.02, "against the theory");
    spread_of(ACT_TANH, &(Init){.kind = INIT_UNIFORM}, sd, signal);
    f = pow(sd[9] / sd[0], 1.0 / 9);
    assert_rel(f, 0.577213978, Q9);
    assert_rel_at(f, sqrt(1.0 / 3), 0.001, "against the theory");
}

Test(ch09, the_relu_factors_follow_sqrt_g_within_5_percent)
{
    /* ReLU is linear on its positive half, so Var(z) = fan_in Var(w) E[a^2]
     * with E[a^2] = Var(z)/2 holds layer after layer: the factor is
     * sqrt(fan_in Var(w) / 2). Measured against it for all seven starts
     * (the transcript: 0.965, 0.965, 0.977, 0.965, 0.977, 0.965, 0.977 of
     * the prediction; 32 units per layer make a few % of noise) */
    struct {
        Init init;
        double var;
    } cases[] = {
        {{INIT_NORMAL, 0.01}, 1e-4},         {{INIT_NORMAL, 1.0}, 1.0},
        {{INIT_UNIFORM, 0}, 1.0 / 96},        {{INIT_XAVIER_NORMAL, 0}, 2.0 / 64},
        {{INIT_XAVIER_UNIFORM, 0}, 2.0 / 64}, {{INIT_HE_NORMAL, 0}, 2.0 / 32},
        {{INIT_HE_UNIFORM, 0}, 2.0 / 32},
    };
    for (int c = 0; c < 7; c++) {
        double sd[10], signal[10];
        spread_of(ACT_RELU, &cases[c].init, sd, signal);
        double f = pow(sd[9] / sd[0], 1.0 / 9), predicted = sqrt(32 * cases[c].var / 2);
        assert_rel_at(f, predicted, 0.05, "%s", init_name(cases[c].init.kind));
        if (cases[c].init.kind == INIT_HE_NORMAL)
            assert_rel_at(sd[9], 0.621143285, Q9, "He normal, layer 10");
    }
}

Test(ch09, relu_nets_from_scaled_weights_are_scaled_copies)
{
    /* biases 0 and relu(c z) = c relu(z): N(0, 1) draws the same numbers as
     * N(0, 0.01^2) times 100, so layer k is 100^k times larger */
    double small[10], large[10], signal[10];
    spread_of(ACT_RELU, &(Init){.kind = INIT_NORMAL, .c = 0.01}, small, signal);
    spread_of(ACT_RELU, &(Init){.kind = INIT_NORMAL, .c = 1.0}, large, signal);
    for (int k = 0; k < 10; k++)
        assert_rel_at(large[k] / small[k], pow(100.0, k + 1), 1e-12, "layer %d", k + 1);
    assert_printed("sigma = 1 over sigma = 0.01 at layer 1: 4.83648738 / 0.0483648738 = 100;\n"
                   "at layer 2: 10000.\n");
}

Test(ch09, sigmoid_forgets_its_input_about_four_times_a_layer)
{
    /* the part of a sigmoid layer that follows the input is multiplied by
     * sigmoid'(z) <= 1/4 and by sqrt(g) = 1 (Xavier) per layer: at layer 10
     * about sd_1 x (1/4)^9 = 0.208268097 x 3.81469727e-06 = 7.9447974e-07,
     * an upper estimate since sigmoid' < 1/4 away from 0 */
    double sd[10], signal[10];
    spread_of(ACT_SIGMOID, &(Init){.kind = INIT_XAVIER_NORMAL}, sd, signal);
    assert_rel(sd[0], 0.208268097, Q9);
    assert_rel(signal[9], 3.92902972e-07, Q9);
    double bound = sd[0] * pow(0.25, 9);
    assert_rel(bound, 7.9447974e-07, Q9);
    cr_assert_lt(signal[9], bound, "below the estimate");
    cr_assert_gt(signal[9], bound / 10, "but of its order: the 1/4 per layer is the cause");
    /* while the overall spread stays (units differ from each other) */
    cr_assert_gt(sd[9], 0.05);
    assert_printed("    0.208268097 x 3.81469727e-06 = 7.9447974e-07   (measured: 3.92902972e-07)\n");
}

/* ---- section 7: training ----------------------------------------------------------------- */

/* A gradient check judged as numpy's allclose judges: every analytic
 * gradient within GRAD_REL_TOL of the central difference, relatively, or
 * GRAD_ABS_TOL absolutely. Ten layers make many gradients small, and
 * rounding alone costs a central difference of a cost C ~ 2.3 about
 * 1e-16 x 2.3 / 1e-5 = 2.3e-11: a relative 2e-6 on a gradient of 1e-5,
 * so those are judged by the absolute 1e-9. */
#define GRAD_ABS_TOL 1e-9
typedef struct {
    int checked, large;  /* gradients seen; those of at least 1e-3 */
    int outside;         /* outside both tolerances */
    double worst;        /* the largest |analytic - numeric| - allowed */
} Allclose;

static void allclose(const Param *p, int i, int j, double analytic, double numeric, void *ctx)
{
    (void)p, (void)i, (void)j;
    Allclose *a = ctx;
    double scale = fmax(fabs(analytic), fabs(numeric));
    double excess = fabs(analytic - numeric) - (GRAD_REL_TOL * scale + GRAD_ABS_TOL);
    a->checked++;
    a->large += scale >= 1e-3;
    a->outside += excess > 0;
    a->worst = a->checked == 1 ? excess : fmax(a->worst, excess);
}

/* The deep nets' backpropagation, as net_fit uses it, against central
 * differences: the same architecture with 6 units a layer (so that the
 * check stays fast: 64 x 6 + 6 + 9 x (6 x 6 + 6) + 6 x 10 + 10 = 838
 * gradients) on 4 digits, from Xavier (tanh) and He (ReLU). */
Test(ch09, deep_net_backpropagation_matches_central_differences)
{
    Digits g = {0};
    digits_load(&g);
    const Mat X = mat_cview_rows(g.sp.X_train, 0, 4), Y = mat_cview_rows(g.sp.y_train, 0, 4);
    Loss cce = {.kind = LOSS_SPARSE_CCE};
    ActKind acts[] = {ACT_TANH, ACT_RELU};
    InitKind inits[] = {INIT_XAVIER_NORMAL, INIT_HE_NORMAL};
    for (int a = 0; a < 2; a++) {
        Net *net = deep_net(acts[a], 6, &(Init){.kind = inits[a]}, 4);
        Allclose c = {0};
        net_gradcheck(net, &cce, &X, &Y, GRADCHECK_STEP, allclose, &c);
        cr_assert_eq(c.checked, 838);
        cr_assert_gt(c.large, 100, "%s: most gradients are large enough to be judged relatively",
                     act_name(acts[a]));
        cr_assert_eq(c.outside, 0, "%s: %d gradients off, by up to %.3g beyond the tolerance",
                     act_name(acts[a]), c.outside, c.worst);
        net_free(net);
    }
    digits_free(&g);
}

/* Section 7's run for one net: 500 training rows, 400 held out, SGD +
 * momentum 0.9 at lr 0.01, batches of 32, 4 epochs, the Rng(2010) for the
 * weights and then the shuffles. */
static Net *train_run(ActKind act, const Init *init, double *held_loss, FitResult *res)
{
    Digits g = {0};
    digits_load(&g);
    const Mat Xt = mat_cview_rows(g.sp.X_train, 0, 500), Yt = mat_cview_rows(g.sp.y_train, 0, 500);
    const Mat Xh = mat_cview_rows(g.sp.X_test, 0, 400), Yh = mat_cview_rows(g.sp.y_test, 0, 400);
    Net *net = net_new(64, 400);
    cr_assert_not_null(net);
    for (int k = 0; k < 10; k++)
        cr_assert_eq(net_add(net, 32, act_of(act)), 0);
    cr_assert_eq(net_add(net, 10, act_of(ACT_SOFTMAX)), 0);
    Rng rng;
    rng_seed(&rng, SEED);
    net_init(net, init, &rng);
    Loss cce = {.kind = LOSS_SPARSE_CCE};
    net_fit(net, &cce, &Xt, &Yt, &(FitSpec){
        .epochs = 4, .batch_size = 32, .optim = &(OptimSpec){.kind = OPTIM_MOMENTUM, .lr = 0.01},
        .shuffle = &rng, .X_val = &Xh, .Y_val = &Yh, .val_history = held_loss}, res);
    net_forward(net, &Xh); /* leaves the held-out activations in the net */
    digits_free(&g);
    return net;
}

Test(ch09, training_from_he_normal_gives_the_transcripts_held_out_losses)
{
    double loss[4];
    FitResult res;
    Net *net = train_run(ACT_TANH, &(Init){.kind = INIT_HE_NORMAL}, loss, &res);
    cr_assert_eq(res.epochs, 4, "%s", res.message);
    assert_rel(loss[0], 1.55376135, Q9);
    assert_rel(loss[3], 0.553015346, Q9);
    net_free(net);
    net = train_run(ACT_RELU, &(Init){.kind = INIT_HE_NORMAL}, loss, &res);
    assert_rel(loss[3], 1.17636673, Q9);
    net_free(net);
}

Test(ch09, relu_from_sigma_1_ends_with_most_units_dead)
{
    /* the transcript's "stuck" count: 243 of the 320 hidden units are 0 for
     * all 400 held-out rows, and the loss sits at about ln 10 */
    double loss[4];
    FitResult res;
    Net *net = train_run(ACT_RELU, &(Init){.kind = INIT_NORMAL, .c = 1.0}, loss, &res);
    cr_assert_eq(res.diverged, 0);
    int dead = 0;
    for (int k = 1; k <= 10; k++) {
        Mat A = net_activation(net, k);
        for (int j = 0; j < A.cols; j++) {
            int on = 0;
            for (int i = 0; i < A.rows; i++)
                on |= MAT_AT(&A, i, j) != 0.0;
            dead += !on;
        }
    }
    cr_assert_eq(dead, 243);
    assert_rel_at(loss[3], log(10.0), 0.001, "about ln 10");
    net_free(net);
}
