/* test_ch06_activations.c - chapter 06's checks against central
 * differences, moved out of the transcript:
 *   - section 3: tanh'(0.5) = 1 - a^2 = 0.786447733 is the slope a central
 *     difference measures (the chapter prints the difference, this test
 *     judges the agreement);
 *   - section 9: the cross-entropy of softmax has dL/dz = p - y, measured
 *     by central differences of L at z = log p;
 *   - section 11: the sigmoid chain worked by hand;
 *   - section 12: backpropagation through the chapter's two dying-ReLU nets
 *     (2 -> 64 ReLU or leaky ReLU -> 1 linear, seed 2010) matches central
 *     differences of the cost, all 257 gradients;
 *   - section 13: PReLU's dC/dalpha by hand at alpha = 0.25, and alpha
 *     after 50 steps against the closed form.
 * The values quoted are the transcript's (chapters/06_activations/expected.txt).
 *
 * Tolerances:
 *   - a value quoted to 9 significant digits: half a unit of its last digit;
 *   - gradient checks: relative error <= 1e-7 (gradcheck.h, cs231n's
 *     "good"): with h = 1e-5 a smooth function's central difference is off
 *     by ~h^2 |f'''| / 6 ~ 1e-11 plus rounding ~1e-16 |f| / h ~ 1e-11;
 *   - the nets' small gradients: absolute error <= 1e-8, because rounding
 *     alone costs a central difference of the cost C ~ 18 about
 *     1e-16 x 18 / 1e-5 = 1.8e-10, a relative error of 2e-7 on a gradient
 *     of 0.001; the relative test is for gradients of 0.01 and more.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "act.h"
#include "gradcheck.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "rng.h"

#define GRAD_REL_TOL 1e-7
#define GRAD_ABS_TOL 1e-8
#define BIG_GRAD 0.01 /* the relative test's threshold (see above) */

/* ---- section 3: tanh ---------------------------------------------------------- */

static double tanh_at(void *z)
{
    return act_tanh(*(double *)z);
}

Test(ch06, tanh_slope_one_minus_a_squared_is_what_a_central_difference_measures)
{
    /* e^0.5 = 1.64872127, e^-0.5 = 0.60653066:
     * a = 1.04219061 / 2.25525193 = 0.462117157, 1 - a^2 = 0.786447733 */
    double z = 0.5, a = act_tanh(z), slope = 1.0 - a * a;
    cr_assert_float_eq(slope, 0.786447733, 5e-10);
    double central = gradcheck_numeric(tanh_at, &z, &z, 1e-5);
    cr_assert_float_eq(central, 0.786447733, 5e-10, "the chapter prints these 9 digits");
    cr_assert_leq(gradcheck_rel_error(slope, central), GRAD_REL_TOL);
}

/* ---- section 9: softmax + cross-entropy ---------------------------------------- */

/* L(z) = -log softmax(z)_0, the cross-entropy of class 1 (y = (1, 0, 0)). */
static double cross_entropy_of_class_1(void *z)
{
    double p[3];
    act_softmax(p, z, 3);
    return -log(p[0]);
}

Test(ch06, cross_entropy_of_softmax_has_gradient_p_minus_y_by_central_differences)
{
    /* 003's p = (0.2, 0.3, 0.5) = softmax(log p), y = (1, 0, 0):
     * p - y = (0.2 - 1, 0.3 - 0, 0.5 - 0) = (-0.8, 0.3, 0.5), every entry non-zero */
    double p[3] = {0.2, 0.3, 0.5}, y[3] = {1, 0, 0};
    double z[3] = {log(p[0]), log(p[1]), log(p[2])};
    for (int j = 0; j < 3; j++) {
        double numeric = gradcheck_numeric(cross_entropy_of_class_1, z, &z[j], 1e-5);
        double analytic = p[j] - y[j];
        cr_assert_leq(gradcheck_rel_error(analytic, numeric), GRAD_REL_TOL,
                      "dL/dz_%d: p - y = %.12g, central difference %.12g", j + 1, analytic,
                      numeric);
        cr_assert_gt(fabs(numeric), 0.1, "the gradient is not zero");
    }
}

/* ---- section 11: a sigmoid chain ------------------------------------------------ */

Test(ch06, a_sigmoid_chain_of_two_layers_passes_on_0_0431)
{
    /* w = 1, b = 0, a_0 = 1: z1 = 1, a1 = s(1) = 0.731058579,
     * s'(z1) = 0.731058579 x 0.268941421 = 0.196611933;
     * z2 = a1, s'(z2) = 0.219361864; d a_2 / d a_0 = 0.196611933 x 0.219361864
     * = 0.0431291602 (in [0.01, 0.1): half a unit of the 9th digit is 5e-11) */
    double ds1 = act_sigmoid_deriv(1.0), ds2 = act_sigmoid_deriv(act_sigmoid(1.0));
    cr_assert_float_eq(ds1, 0.196611933, 5e-10);
    cr_assert_float_eq(ds2, 0.219361864, 5e-10);
    cr_assert_float_eq(ds1 * ds2, 0.0431291602, 5e-11);
    /* at most 0.25 x 0.25 = 0.0625, the best case (every z = 0) */
    cr_assert_lt(ds1 * ds2, 0.0625);
}

/* ---- section 12: the dying-ReLU nets --------------------------------------------- */

typedef struct {
    int n, n_big;
    double rel_big, abs_all;
} Worst;

static void note(const Param *p, int i, int j, double analytic, double numeric, void *ctx)
{
    (void)p, (void)i, (void)j;
    Worst *w = ctx;
    w->n++;
    w->abs_all = fmax(w->abs_all, fabs(analytic - numeric));
    if (fmax(fabs(analytic), fabs(numeric)) >= BIG_GRAD) {
        w->n_big++;
        w->rel_big = fmax(w->rel_big, gradcheck_rel_error(analytic, numeric));
    }
}

/* The chapter's net before training: seed 2010, 200 samples with x1, x2
 * uniform on [0, 5) drawn row by row, y = sin x1 + cos x2; 2 -> 64 (hidden)
 * -> 1 linear, He uniform from the same Rng. Returns the gradcheck's
 * worst errors and the starting cost. */
static Worst check_dying_net(Act hidden, double *cost)
{
    enum { M = 200 };
    Rng rng;
    rng_seed(&rng, 2010);
    Mat *X = mat_new(M, 2), *Y = mat_new(M, 1);
    Net *net = net_new(2, M);
    cr_assert(X && Y && net);
    for (int k = 0; k < 2 * M; k++)
        X->data[k] = rng_uniform(&rng, 0.0, 5.0);
    for (int i = 0; i < M; i++)
        MAT_AT(Y, i, 0) = sin(MAT_AT(X, i, 0)) + cos(MAT_AT(X, i, 1));
    cr_assert_eq(net_add(net, 64, hidden), 0);
    cr_assert_eq(net_add(net, 1, act_of(ACT_LINEAR)), 0);
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, &rng);
    Loss mse = {.kind = LOSS_MSE};
    *cost = net_cost(net, &mse, X, Y);
    Worst w = {0};
    net_gradcheck(net, &mse, X, Y, GRADCHECK_STEP, note, &w);
    net_free(net);
    mat_free(X);
    mat_free(Y);
    return w;
}

Test(ch06, backpropagation_through_the_dying_relu_net_matches_central_differences)
{
    /* 2 x 64 + 64 + 64 x 1 + 1 = 257 gradients; the transcript's epoch 0
     * cost is 18.0225602 (half a unit of its last digit: 5e-8) */
    double cost;
    Worst w = check_dying_net(act_of(ACT_RELU), &cost);
    cr_assert_float_eq(cost, 18.0225602, 5e-8);
    cr_assert_eq(w.n, 257);
    cr_assert_gt(w.n_big, 100, "most gradients are large enough to judge relatively");
    cr_assert_leq(w.rel_big, GRAD_REL_TOL);
    cr_assert_leq(w.abs_all, GRAD_ABS_TOL);
}

Test(ch06, backpropagation_through_the_leaky_relu_net_matches_central_differences)
{
    /* the same net with leaky ReLU (alpha 0.01): epoch 0 cost 18.3686172 */
    Act leaky = act_of(ACT_LEAKY_RELU);
    leaky.alpha = 0.01;
    double cost;
    Worst w = check_dying_net(leaky, &cost);
    cr_assert_float_eq(cost, 18.3686172, 5e-8);
    cr_assert_eq(w.n, 257);
    cr_assert_gt(w.n_big, 100);
    cr_assert_leq(w.rel_big, GRAD_REL_TOL);
    cr_assert_leq(w.abs_all, GRAD_ABS_TOL);
}

/* ---- section 13: PReLU learns alpha ------------------------------------------------ */

/* C(alpha) = 1/9 sum_i (f(x_i) - |x_i|)^2 on x = -2, -1.5, ..., 2, f PReLU. */
static double prelu_cost(void *alpha)
{
    Act f = {.kind = ACT_PRELU, .alpha = *(double *)alpha};
    double c = 0.0;
    for (int i = 0; i < 9; i++) {
        double x = -2.0 + 0.5 * i, e = act_value(&f, x) - fabs(x);
        c += e * e;
    }
    return c / 9.0;
}

Test(ch06, prelu_gradient_worked_by_hand_matches_the_central_difference_of_the_cost)
{
    /* alpha = 0.25; only x <= 0 contribute (f - y) x:
     * (-0.5 - 2)(-2) + (-0.375 - 1.5)(-1.5) + (-0.25 - 1)(-1) + (-0.125 - 0.5)(-0.5)
     * = 5 + 2.8125 + 1.25 + 0.3125 = 9.375; dC/dalpha = 2/9 x 9.375 = 2.08333333 */
    double by_hand = 2.0 / 9.0 * 9.375;
    double alpha = 0.25;
    double central = gradcheck_numeric(prelu_cost, &alpha, &alpha, 1e-5);
    cr_assert_float_eq(central, 2.08333333, 5e-9, "the chapter prints these 9 digits");
    cr_assert_leq(gradcheck_rel_error(by_hand, central), GRAD_REL_TOL);
}

Test(ch06, prelu_alpha_after_50_steps_follows_the_closed_form)
{
    /* C = (alpha + 1)^2 S with S = (4 + 2.25 + 1 + 0.25 + 0) / 9 = 0.833333333,
     * and dC/dalpha = 2 (alpha + 1) S, so a step alpha <- alpha - 0.1 dC/dalpha
     * multiplies alpha + 1 by 1 - 2 x 0.1 x S = 0.833333333:
     * alpha_50 = -1 + 1.25 x 0.833333333^50 = -0.999862644. The loop rounds
     * 50 times (each ~1e-16): 1e-12 leaves room for that only. */
    double alpha = 0.25;
    for (int k = 0; k < 50; k++) {
        double g = 0.0;
        for (int i = 0; i < 9; i++) {
            double x = -2.0 + 0.5 * i;
            Act f = {.kind = ACT_PRELU, .alpha = alpha};
            g += (act_value(&f, x) - fabs(x)) * act_prelu_dalpha(x);
        }
        alpha -= 0.1 * 2.0 * g / 9.0;
    }
    double closed = -1.0 + 1.25 * pow(1.0 - 0.2 * 7.5 / 9.0, 50);
    cr_assert_float_eq(alpha, closed, 1e-12);
    cr_assert_float_eq(alpha, -0.999862644, 5e-10);
}
