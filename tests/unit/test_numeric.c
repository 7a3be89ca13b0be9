/* test_numeric.c - numerical safety at extreme inputs (issue 11): every
 * activation, loss and optimizer step fed +-1000, +-1e308, +-inf and NaN.
 *
 * The rule each test holds a function to: a finite result wherever the
 * math is finite (sigmoid(-1000) is 0, not NaN; softmax(1000, 0) is
 * (1, 0); log-cosh(1e308) is about 1e308 - ln 2, not inf), the limit where
 * an input is infinite and the limit is finite, and NaN out for NaN in
 * (never a number that hides it, as relu(NaN) = 0 would).
 *
 * Tolerances: values that are exact in double (0, 1, -1000, a clamp) are
 * compared with ==; values of a few operations with 1e-12 relative (a few
 * units of 2^-53 ~ 1.1e-16, with room); the lecture-style 9-digit values
 * with half a unit of their 9th digit.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "act.h"
#include "loss.h"
#include "optim.h"

#define TOL_REL 1e-12
#define TOL_9SF 5e-9 /* half a unit in the 9th digit of values in [1, 100) */

/* |got - want| <= tol |want| (or <= tol when want is 0) */
static int near(double got, double want, double tol)
{
    double scale = want != 0 ? fabs(want) : 1.0;
    return fabs(got - want) <= tol * scale;
}

/* ---- activations ------------------------------------------------------- */

Test(numeric, sigmoid_is_0_or_1_far_out_and_nan_for_nan)
{
    /* sigma(-1000) = 1 / (1 + e^1000): e^1000 overflows, but the form used
     * for z < 0, e^z / (1 + e^z) = e^-1000 / 1 underflows to 0 */
    cr_assert_eq(act_sigmoid(-1000), 0.0);
    cr_assert_eq(act_sigmoid(1000), 1.0);
    cr_assert_eq(act_sigmoid(-1e308), 0.0);
    cr_assert_eq(act_sigmoid(1e308), 1.0);
    cr_assert_eq(act_sigmoid(-INFINITY), 0.0);
    cr_assert_eq(act_sigmoid(INFINITY), 1.0);
    cr_assert(isnan(act_sigmoid(NAN)));
    /* sigma'(z) = sigma(z) sigma(-z) = 1 x 0 = 0 far out (not 0 x inf) */
    cr_assert_eq(act_sigmoid_deriv(1000), 0.0);
    cr_assert_eq(act_sigmoid_deriv(-1e308), 0.0);
    cr_assert_eq(act_sigmoid_deriv(INFINITY), 0.0);
    cr_assert(isnan(act_sigmoid_deriv(NAN)));
}

Test(numeric, tanh_is_plus_or_minus_1_far_out_and_nan_for_nan)
{
    /* tanh(+-1000) = +-1 exactly in double; tanh' = 1 - 1^2 = 0 */
    cr_assert_eq(act_tanh(-1000), -1.0);
    cr_assert_eq(act_tanh(1e308), 1.0);
    cr_assert_eq(act_tanh(-INFINITY), -1.0);
    cr_assert_eq(act_tanh_deriv(1000), 0.0);
    cr_assert_eq(act_tanh_deriv(-1e308), 0.0);
    cr_assert_eq(act_tanh_deriv(INFINITY), 0.0);
    cr_assert(isnan(act_tanh(NAN)));
    cr_assert(isnan(act_tanh_deriv(NAN)));
}

Test(numeric, relu_step_and_sign_pass_a_nan_through)
{
    /* z > 0 is false for a NaN: a "z > 0 ? z : 0" would answer 0 */
    cr_assert(isnan(act_relu(NAN)));
    cr_assert(isnan(act_relu_deriv(NAN)));
    cr_assert(isnan(act_leaky_relu_deriv(NAN, 0.01)));
    cr_assert(isnan(act_step(NAN)));
    cr_assert(isnan(act_sign(NAN)));
    cr_assert_eq(act_relu(-1e308), 0.0);
    cr_assert_eq(act_relu(1e308), 1e308);
    /* -0 <= 0: relu(-0) is +0, as before */
    cr_assert(!signbit(act_relu(-0.0)));
    /* the matrix form (blocks of 8 at a time) passes it too: element 3 of 9 */
    Mat *Z = mat_new(1, 9), *A = mat_new(1, 9), *dA = mat_new(1, 9), *dZ = mat_new(1, 9);
    mat_fill(Z, -1.0);
    mat_fill(dA, 1.0);
    Z->data[3] = NAN;
    Z->data[8] = NAN;
    Act relu = act_of(ACT_RELU);
    act_forward(&relu, A, Z);
    act_backward(&relu, dZ, dA, Z, A);
    cr_assert(isnan(A->data[3]) && isnan(A->data[8]));
    cr_assert(isnan(dZ->data[3]) && isnan(dZ->data[8]));
    cr_assert_eq(A->data[2], 0.0);
    cr_assert_eq(dZ->data[2], 0.0);
    mat_free(Z), mat_free(A), mat_free(dA), mat_free(dZ);
}

Test(numeric, swish_has_its_limits_at_infinity)
{
    /* swish(z) = z sigma(z): at -inf, -inf x 0; the limit is 0.
     * swish'(z) = s + z s (1 - s): at +inf 1 + inf x 0; the limit is 1 */
    cr_assert_eq(act_swish(-INFINITY, 1.0), 0.0);
    cr_assert_eq(act_swish(INFINITY, 1.0), INFINITY);
    cr_assert_eq(act_swish_deriv(INFINITY, 1.0), 1.0);
    cr_assert_eq(act_swish_deriv(-INFINITY, 1.0), 0.0);
    /* -1000 sigma(-1000) = -1000 x 0 = 0; swish'(1000) = 1 + 1000 x 1 x 0 */
    cr_assert_eq(act_swish(-1000, 1.0), 0.0);
    cr_assert_eq(act_swish_deriv(1000, 1.0), 1.0);
    cr_assert(isnan(act_swish(NAN, 1.0)));
    cr_assert(isnan(act_swish_deriv(NAN, 1.0)));
}

Test(numeric, softmax_of_huge_and_infinite_scores)
{
    double p[3];
    /* softmax(1000, 0): e^1000 overflows, but with m = 1000 subtracted
     * p = (e^0, e^-1000) / (1 + 0) = (1, 0) */
    act_softmax(p, (double[]){1000, 0}, 2);
    cr_assert(p[0] == 1.0 && p[1] == 0.0, "%g %g", p[0], p[1]);
    act_softmax(p, (double[]){-1000, 0}, 2);
    cr_assert(p[0] == 0.0 && p[1] == 1.0, "%g %g", p[0], p[1]);
    /* -1e308 - 1e308 = -inf, e^-inf = 0 */
    act_softmax(p, (double[]){1e308, -1e308}, 2);
    cr_assert(p[0] == 1.0 && p[1] == 0.0, "%g %g", p[0], p[1]);
    /* (inf, 0): e^(inf - inf) is NaN; the limit is (1, 0) */
    act_softmax(p, (double[]){INFINITY, 0}, 2);
    cr_assert(p[0] == 1.0 && p[1] == 0.0, "%g %g", p[0], p[1]);
    /* two at +inf share it: (1/2, 0, 1/2); all -inf: equal, so uniform */
    act_softmax(p, (double[]){INFINITY, 5, INFINITY}, 3);
    cr_assert(p[0] == 0.5 && p[1] == 0.0 && p[2] == 0.5, "%g %g %g", p[0], p[1], p[2]);
    act_softmax(p, (double[]){-INFINITY, -INFINITY}, 2);
    cr_assert(p[0] == 0.5 && p[1] == 0.5, "%g %g", p[0], p[1]);
    /* a NaN anywhere, even beside an inf, makes every p NaN */
    act_softmax(p, (double[]){0, NAN, 1}, 3);
    cr_assert(isnan(p[0]) && isnan(p[1]) && isnan(p[2]));
    act_softmax(p, (double[]){INFINITY, NAN}, 2);
    cr_assert(isnan(p[0]) && isnan(p[1]));
}

Test(numeric, log_softmax_stays_finite_where_log_of_softmax_is_minus_infinity)
{
    double lp[3];
    /* log-softmax(-1000, 0) = z - m - log(e^-1000 + e^0) = (-1000, 0) - log 1
     * = (-1000, 0); log(softmax) would be (log 0, 0) = (-inf, 0) */
    act_log_softmax(lp, (double[]){-1000, 0}, 2);
    cr_assert(lp[0] == -1000.0 && lp[1] == 0.0, "%g %g", lp[0], lp[1]);
    act_log_softmax(lp, (double[]){1e308, 0}, 2);
    cr_assert(lp[0] == 0.0 && lp[1] == -1e308, "%g %g", lp[0], lp[1]);
    /* an ordinary row: (1, 2, 3) - 3 - log(e^-2 + e^-1 + 1),
     *   e^-2 + e^-1 + 1 = 0.135335283 + 0.367879441 + 1 = 1.503214724,
     *   log 1.503214724 = 0.407605964 */
    act_log_softmax(lp, (double[]){1, 2, 3}, 3);
    cr_assert(near(lp[0], -2.407605964, TOL_9SF) && near(lp[1], -1.407605964, TOL_9SF) &&
                  near(lp[2], -0.407605964, TOL_9SF),
              "%.10g %.10g %.10g", lp[0], lp[1], lp[2]);
    /* the limit at +inf, as softmax takes it: (log 1, log 0) = (0, -inf) */
    act_log_softmax(lp, (double[]){INFINITY, 0}, 2);
    cr_assert(lp[0] == 0.0 && lp[1] == -INFINITY, "%g %g", lp[0], lp[1]);
    act_log_softmax(lp, (double[]){NAN, 0}, 2);
    cr_assert(isnan(lp[0]) && isnan(lp[1]));
}

/* ---- losses ------------------------------------------------------------------- */

Test(numeric, bce_of_a_certain_wrong_prediction_is_finite_through_loss_eps)
{
    /* p is clamped into [LOSS_EPS, 1 - LOSS_EPS] = [1e-7, 1 - 1e-7]:
     *   bce(y = 1, p = 0) = -log(1e-7) = 7 ln 10 = 16.118095651
     *   bce(y = 0, p = 0) = -log(1 - 1e-7) = 1.00000005e-7 */
    cr_assert(near(loss_bce(1, 0), 16.118095651, TOL_9SF), "%.12g", loss_bce(1, 0));
    cr_assert(near(loss_bce(0, 1), 16.118095651, 1e-8), "%.12g", loss_bce(0, 1));
    cr_assert(near(loss_bce(0, 0), 1.00000005e-7, 1e-8), "%.12g", loss_bce(0, 0));
    /* dL/dp = (p - y) / (p (1 - p)) at p = 1e-7, y = 1: -(1 - p) / (p (1 - p))
     * = -1 / p = -1e7; at p = 1 - 1e-7, y = 0: 1 / (1 - p) = 1e7 */
    cr_assert(near(loss_bce_grad(1, 0), -1e7, 1e-9), "%.12g", loss_bce_grad(1, 0));
    cr_assert(near(loss_bce_grad(0, 1), 1e7, 1e-8), "%.12g", loss_bce_grad(0, 1));
    /* out of [0, 1] altogether: clamped the same way */
    cr_assert_eq(loss_bce(1, -1e308), loss_bce(1, 0));
    cr_assert_eq(loss_bce_grad(0, 1e308), loss_bce_grad(0, 1));
    cr_assert(isnan(loss_bce(1, NAN)));
    cr_assert(isnan(loss_bce_grad(1, NAN)));
}

Test(numeric, cce_of_a_certain_wrong_prediction_is_finite_through_loss_eps)
{
    /* y = (1, 0), p = (0, 1): L = -1 log(1e-7) = 16.118095651,
     * dL/dp = (-1 / 1e-7, -0 / (1 - 1e-7)) = (-1e7, 0) */
    double y[2] = {1, 0}, p[2] = {0, 1}, dp[2];
    cr_assert(near(loss_cce(y, p, 2), 16.118095651, TOL_9SF));
    loss_cce_grad(dp, y, p, 2);
    cr_assert(near(dp[0], -1e7, 1e-9) && dp[1] == 0.0, "%g %g", dp[0], dp[1]);
    cr_assert(near(loss_sparse_cce(0, p, 2), 16.118095651, TOL_9SF));
    double pn[2] = {NAN, 0.5};
    cr_assert(isnan(loss_cce(y, pn, 2)));
    loss_cce_grad(dp, y, pn, 2);
    cr_assert(isnan(dp[0]));
}

Test(numeric, log_cosh_is_about_abs_e_minus_ln_2_where_cosh_overflows)
{
    /* cosh(1000) overflows; log cosh(x) = |x| + log(1 + e^(-2|x|)) - ln 2:
     *   x = 1000: 1000 - 0.693147181 = 999.306852819
     *   x = 1e308: 1e308 - 0.69 = 1e308 in double (ln 2 is far below its ulp) */
    cr_assert(near(loss_logcosh(0, 1000), 999.306852819, 1e-12));
    cr_assert(near(loss_logcosh(1000, 0), 999.306852819, 1e-12));
    cr_assert_eq(loss_logcosh(0, 1e308), 1e308);
    cr_assert_eq(loss_logcosh(0, -1e308), 1e308);
    /* d/dyhat = tanh(yhat - y) = +-1 */
    cr_assert_eq(loss_logcosh_grad(0, 1e308), 1.0);
    cr_assert_eq(loss_logcosh_grad(0, -1000), -1.0);
    cr_assert(isnan(loss_logcosh(0, NAN)));
    cr_assert(isnan(loss_logcosh_grad(0, NAN)));
}

Test(numeric, huber_is_linear_far_out_and_nan_for_nan)
{
    /* e = 1e308 > delta = 1: L = delta |e| - delta^2 / 2 = 1e308 - 0.5 = 1e308;
     * e = -1000: 1000 - 0.5 = 999.5; dL/dyhat = -delta sign(e) */
    cr_assert_eq(loss_huber(1e308, 0, 1.0), 1e308);
    cr_assert_eq(loss_huber(-1000, 0, 1.0), 999.5);
    cr_assert_eq(loss_huber_grad(1e308, 0, 1.0), -1.0);
    cr_assert_eq(loss_huber_grad(0, 1e308, 1.0), 1.0);
    /* |NaN| <= delta is false, and so is |NaN| > delta: not "outside the band" */
    cr_assert(isnan(loss_huber(0, NAN, 1.0)));
    cr_assert(isnan(loss_huber_grad(0, NAN, 1.0)));
}

Test(numeric, the_other_losses_pass_a_nan_through)
{
    /* each of these is a case split, and each case test is false for a NaN */
    cr_assert(isnan(loss_absolute_grad(0, NAN)));
    cr_assert(isnan(loss_hinge(1, NAN)));
    cr_assert(isnan(loss_hinge_grad(1, NAN)));
    cr_assert(isnan(loss_perceptron(1, NAN)));
    cr_assert(isnan(loss_perceptron_grad(1, NAN)));
    /* and far out they stay finite: hinge(1, -1e307) = 1 + 1e307 */
    cr_assert_eq(loss_hinge(1, -1e307), 1e307);
    cr_assert_eq(loss_hinge_grad(1, 1e308), 0.0);
}

/* ---- optimizers ------------------------------------------------------------- */

/* w after `steps` steps of kind from w = 1 with the gradient g each time,
 * default settings (optim.h's table). */
static double stepped(OptimKind kind, double g, int steps)
{
    Mat *W = mat_new(1, 1), *dW = mat_new(1, 1);
    cr_assert(W && dW);
    W->data[0] = 1.0;
    Param p = {.name = "w", .value = W, .grad = dW, .trainable = 1};
    Optim *opt = optim_new(&(OptimSpec){.kind = kind}, &p, 1);
    cr_assert_not_null(opt);
    for (int t = 0; t < steps; t++) {
        dW->data[0] = g;
        optim_step(opt, &p, 1);
    }
    double w = W->data[0];
    optim_free(opt);
    mat_free(W);
    mat_free(dW);
    return w;
}

Test(numeric, every_optimizer_stands_still_for_a_zero_gradient)
{
    /* g = 0 with every accumulator 0: Adagrad's lr / sqrt(G + eps) g =
     * 0.001 / sqrt(0 + 1e-7) x 0 = 0 (not 0/0); Adadelta's
     * -sqrt(0 + eps) / sqrt(0 + eps) x 0 = 0; Adam's m_hat / (sqrt(v_hat) + eps)
     * = 0 / 1e-7 = 0 */
    for (int k = OPTIM_SGD; k <= OPTIM_ADAM; k++) {
        double w = stepped((OptimKind)k, 0.0, 2);
        cr_assert_eq(w, 1.0, "%s: w = %g", optim_name((OptimKind)k), w);
    }
}

Test(numeric, adaptive_optimizers_take_a_step_of_about_lr_for_a_gradient_of_1000)
{
    /* step 1 from zero accumulators, lr = 0.001, eps = 1e-7, g = 1000:
     *   adagrad   G = 1e6:  w = 1 - 0.001 x 1000 / sqrt(1e6 + 1e-7)       = 0.999
     *   rmsprop   E = 0.1 x 1e6 = 1e5: 1 - 0.001 x 1000 / sqrt(1e5)  = 1 - 0.001 sqrt(10)
     *   adam      m_hat = 1000, v_hat = 1e6: 1 - 0.001 x 1000 / (1000 + 1e-7) = 0.999
     *   adadelta  E[g^2] = 0.05 x 1e6 = 5e4; dw = -sqrt(1e-7) / sqrt(5e4) x 1000
     *             = -1000 sqrt(2e-12) = -1.414213562e-3; w = 1 + 0.001 dw */
    cr_assert(near(stepped(OPTIM_ADAGRAD, 1000, 1), 0.999, 1e-12));
    cr_assert(near(stepped(OPTIM_RMSPROP, 1000, 1), 1 - 0.001 * sqrt(10.0), 1e-12));
    cr_assert(near(stepped(OPTIM_ADAM, 1000, 1), 0.999, 1e-12));
    cr_assert(near(stepped(OPTIM_ADADELTA, 1000, 1), 1 - 1.414213562e-6, 1e-12));
    cr_assert(near(stepped(OPTIM_ADAM, -1000, 1), 1.001, 1e-12));
}

Test(numeric, every_optimizer_keeps_w_finite_for_a_gradient_of_1e308)
{
    /* SGD: 1 - 0.01 x 1e308 = -1e306, finite. The adaptive kinds square g:
     * 1e308^2 overflows, the accumulator becomes inf and the step
     * g / sqrt(inf) = 0: w stays 1 (the exact step, about lr, would need
     * the accumulator to hold 1e616). Finite either way, never NaN. */
    for (int k = OPTIM_SGD; k <= OPTIM_ADAM; k++)
        for (int s = -1; s <= 1; s += 2) {
            double w = stepped((OptimKind)k, s * 1e308, 2);
            cr_assert(isfinite(w), "%s: g = %g gives w = %g", optim_name((OptimKind)k),
                      s * 1e308, w);
        }
    cr_assert(near(stepped(OPTIM_SGD, 1e308, 1), -1e306, 1e-12));
}

Test(numeric, every_optimizer_passes_a_nan_gradient_to_w)
{
    /* NaN in, NaN out: fit's check of the weights then stops training */
    for (int k = OPTIM_SGD; k <= OPTIM_ADAM; k++)
        cr_assert(isnan(stepped((OptimKind)k, NAN, 1)), "%s", optim_name((OptimKind)k));
}
