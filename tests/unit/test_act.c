/* test_act.c - unit tests for lib/act: the activations' values (the
 * lecture's worked sigmoid values among them), their properties (sigmoid'
 * <= 0.25 and symmetric, accurate far from 0; tanh' = 1 - tanh^2 and
 * tanh = 2 sigmoid(2z) - 1; softmax sums to 1, ignores a shift, and is the
 * sigmoid for two classes; swish's minimum; prelu's branches for any
 * alpha), the softmax Jacobian (hand values, 003's p - y), and a numeric
 * gradient check of every derivative: each scalar f'(z), PReLU's
 * d/dalpha, the softmax Jacobian, and act_backward for every ActKind.
 *
 * Tolerances:
 *   - a value quoted to 9 significant digits in the notes agrees to within
 *     half a unit of its last digit: 5e-10 for values in [0.1, 1);
 *   - results of a few exact double operations: 1e-12 (a few units of
 *     2^-53 ~ 1.1e-16, with lots of room);
 *   - gradient checks: relative error <= 1e-7 (gradcheck.h): with h = 1e-5
 *     the central difference's truncation error is ~h^2 |f'''| / 6 ~ 1e-11
 *     and its rounding error ~1e-16 |f| / h ~ 1e-11, so a correct
 *     derivative lands near 1e-10, while a wrong sign gives 2.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "act.h"
#include "gradcheck.h"
#include "mat.h"

#define TOL_9SF 5e-10    /* half a unit in the 9th significant digit, values in [0.1, 1) */
#define TOL_FEW_OPS 1e-12
#define GRAD_REL_TOL 1e-7

/* ---- values ------------------------------------------------------------- */

Test(act, sigmoid_of_h1_is_the_lectures_0_593269992)
{
    /* Notes 001: H1 = 0.3775, out_h1 = 1 / (1 + e^-0.3775)
     *   e^-0.3775 = 0.685573202,  1 / 1.685573202 = 0.593269992 */
    cr_assert_float_eq(act_sigmoid(0.3775), 0.593269992, TOL_9SF);
}

Test(act, sigmoid_of_h2_is_the_lectures_0_596884378)
{
    /* Notes 001: H2 = 0.3925, out_h2 = 1 / (1 + e^-0.3925) = 0.596884378 */
    cr_assert_float_eq(act_sigmoid(0.3925), 0.596884378, TOL_9SF);
}

Test(act, sigmoid_of_y1_is_the_lectures_0_75136507)
{
    /* Notes 001: y1 = 0.593269992 * 0.40 + 0.596884378 * 0.45 + 0.60
     *              = 1.10590597, out_y1 = 1 / (1 + e^-1.10590597)
     * quoted to 8 digits, 0.75136507: half a unit of the 8th digit, 5e-9 */
    cr_assert_float_eq(act_sigmoid(1.10590597), 0.75136507, 5e-9);
}

Test(act, sigmoid_derivative_at_y1_is_the_lectures_0_186815602)
{
    /* Notes 001: d out_y1 / d y1 = out_y1 (1 - out_y1)
     *   = 0.75136507 * 0.24863493 = 0.186815602 */
    cr_assert_float_eq(act_sigmoid_deriv(1.10590597), 0.186815602, TOL_9SF);
}

Test(act, sigmoid_of_zero_is_one_half_and_extremes_stay_finite)
{
    /* 1 / (1 + e^0) = 1 / 2, exact */
    cr_assert_eq(act_sigmoid(0.0), 0.5);
    /* e^800 overflows a double; the stable form gives 1 and 0, not NaN */
    cr_assert_eq(act_sigmoid(800.0), 1.0);
    cr_assert(isfinite(act_sigmoid(-800.0)));
    cr_assert_leq(act_sigmoid(-800.0), 1e-300);
    cr_assert_geq(act_sigmoid(-800.0), 0.0);
}

Test(act, sigmoid_derivative_is_at_most_one_quarter_with_the_maximum_at_zero)
{
    /* sigma'(0) = 0.5 * (1 - 0.5) = 0.25 exactly (notes 002: sigma' <= 0.25,
     * the root of the vanishing gradient) */
    cr_assert_eq(act_sigmoid_deriv(0.0), 0.25);
    for (int i = -1000; i <= 1000; i++) {
        double z = i * 0.01;
        if (i == 0)
            continue;
        cr_assert_lt(act_sigmoid_deriv(z), 0.25, "sigma'(%g) = %.17g", z,
                     act_sigmoid_deriv(z));
        cr_assert_gt(act_sigmoid_deriv(z), 0.0);
    }
}

Test(act, tanh_derivative_is_one_minus_tanh_squared)
{
    /* tanh(0.5) = (e^0.5 - e^-0.5) / (e^0.5 + e^-0.5)
     *           = (1.64872127 - 0.60653066) / (1.64872127 + 0.60653066)
     *           = 1.04219061 / 2.25525193 = 0.462117157 */
    cr_assert_float_eq(act_tanh(0.5), 0.462117157, TOL_9SF);
    /* tanh'(0.5) = 1 - 0.462117157^2 = 1 - 0.213552... = 0.786447733 */
    cr_assert_float_eq(act_tanh_deriv(0.5), 0.786447733, TOL_9SF);
    static const double zs[] = {-2.3, -0.71, 0.0, 0.37, 1.9};
    for (int i = 0; i < 5; i++) {
        double t = act_tanh(zs[i]);
        cr_assert_float_eq(act_tanh_deriv(zs[i]), 1.0 - t * t, TOL_FEW_OPS);
    }
    cr_assert_eq(act_tanh_deriv(0.0), 1.0);
}

Test(act, relu_family_values_match_hand_values)
{
    cr_assert_eq(act_relu(1.5), 1.5);
    cr_assert_eq(act_relu(-2.0), 0.0);
    /* leaky relu, alpha = 0.01: -2 * 0.01 = -0.02 */
    cr_assert_float_eq(act_leaky_relu(-2.0, 0.01), -0.02, TOL_FEW_OPS);
    cr_assert_eq(act_leaky_relu(3.0, 0.01), 3.0);
    /* prelu through act_value with alpha 0.25: -2 * 0.25 = -0.5 (exact) */
    Act prelu = act_of(ACT_PRELU);
    cr_assert_eq(act_value(&prelu, -2.0), -0.5);
    cr_assert_eq(act_value(&prelu, 2.0), 2.0);
    /* elu, alpha = 1: e^-1 - 1 = 0.367879441 - 1 = -0.632120559 */
    cr_assert_float_eq(act_elu(-1.0, 1.0), -0.632120559, TOL_9SF);
    cr_assert_eq(act_elu(2.5, 1.0), 2.5);
}

Test(act, relu_derivatives_take_the_left_value_at_the_kink)
{
    /* act.h: at z = 0 the derivative is the left one */
    cr_assert_eq(act_relu_deriv(0.0), 0.0);
    cr_assert_eq(act_relu_deriv(0.5), 1.0);
    cr_assert_eq(act_leaky_relu_deriv(0.0, 0.01), 0.01);
    cr_assert_eq(act_leaky_relu_deriv(-4.0, 0.01), 0.01);
    /* elu'(0) = alpha e^0 = alpha */
    cr_assert_eq(act_elu_deriv(0.0, 1.3), 1.3);
}

Test(act, swish_of_one_is_sigmoid_of_one)
{
    /* swish(1) = 1 * sigma(1) = 1 / (1 + e^-1) = 1 / 1.36787944 = 0.731058579 */
    cr_assert_float_eq(act_swish(1.0, 1.0), 0.731058579, TOL_9SF);
    /* beta = 2, z = -0.5: -0.5 sigma(-1) = -0.5 * 0.268941421 = -0.134470711 */
    cr_assert_float_eq(act_swish(-0.5, 2.0), -0.134470711, TOL_9SF);
}

Test(act, step_and_sign_are_threshold_functions)
{
    cr_assert_eq(act_step(0.0), 1.0);
    cr_assert_eq(act_step(-0.1), 0.0);
    cr_assert_eq(act_step(2.0), 1.0);
    cr_assert_eq(act_sign(0.0), 1.0);
    cr_assert_eq(act_sign(-3.0), -1.0);
    cr_assert_eq(act_sign(0.2), 1.0);
}

Test(act, act_of_fills_the_usual_settings)
{
    cr_assert_eq(act_of(ACT_LEAKY_RELU).alpha, 0.01);
    cr_assert_eq(act_of(ACT_PRELU).alpha, 0.25);
    cr_assert_eq(act_of(ACT_ELU).alpha, 1.0);
    cr_assert_eq(act_of(ACT_SWISH).beta, 1.0);
    cr_assert_eq(act_of(ACT_SIGMOID).kind, ACT_SIGMOID);
}

Test(act, names_are_spelled_as_in_keras)
{
    cr_assert_str_eq(act_name(ACT_SIGMOID), "sigmoid");
    cr_assert_str_eq(act_name(ACT_LEAKY_RELU), "leaky_relu");
    cr_assert_str_eq(act_name(ACT_SOFTMAX), "softmax");
    cr_assert_str_eq(act_name(ACT_LINEAR), "linear");
}

Test(act, act_value_dispatches_to_the_named_functions)
{
    static const ActKind kinds[] = {ACT_LINEAR, ACT_STEP, ACT_SIGN, ACT_SIGMOID, ACT_TANH,
                                    ACT_RELU, ACT_LEAKY_RELU, ACT_ELU, ACT_SWISH};
    const double z = -0.71;
    const double want[] = {z, act_step(z), act_sign(z), act_sigmoid(z), act_tanh(z),
                           act_relu(z), act_leaky_relu(z, 0.01), act_elu(z, 1.0),
                           act_swish(z, 1.0)};
    for (int k = 0; k < 9; k++) {
        Act a = act_of(kinds[k]);
        cr_assert_eq(act_value(&a, z), want[k], "%s", act_name(kinds[k]));
    }
}

/* ---- softmax -------------------------------------------------------------- */

Test(act, softmax_of_1_2_3_matches_hand_values)
{
    /* e^1 = 2.71828183, e^2 = 7.3890561, e^3 = 20.0855369, sum = 30.1928748
     *   p = (2.71828183, 7.3890561, 20.0855369) / 30.1928748
     *     = (0.0900305732, 0.244728471, 0.665240956)
     * the first is quoted to 9 digits at 1e-11 scale: half a unit, 5e-11 */
    double z[] = {1, 2, 3}, p[3];
    act_softmax(p, z, 3);
    cr_assert_float_eq(p[0], 0.0900305732, 5e-11);
    cr_assert_float_eq(p[1], 0.244728471, TOL_9SF);
    cr_assert_float_eq(p[2], 0.665240956, TOL_9SF);
}

Test(act, softmax_sums_to_one)
{
    double z[] = {0.3, -1.2, 2.1, -0.45, 0.8}, p[5];
    act_softmax(p, z, 5);
    double sum = 0.0;
    for (int i = 0; i < 5; i++) {
        cr_assert_gt(p[i], 0.0);
        sum += p[i];
    }
    cr_assert_float_eq(sum, 1.0, TOL_FEW_OPS);
}

Test(act, softmax_is_unchanged_by_a_shift)
{
    /* softmax(z + c) = softmax(z): e^(z_i + c) / sum e^(z_j + c), the e^c
     * cancels. With c = 1000 a naive e^1000 would overflow. The shifted
     * inputs are rounded (1000.3 is not 1000 + 0.3 exactly), which moves
     * the exponents by ~1e-13, hence 1e-12. */
    double z[] = {0.3, -1.2, 2.1}, zc[3], p[3], pc[3];
    for (int i = 0; i < 3; i++)
        zc[i] = z[i] + 1000.0;
    act_softmax(p, z, 3);
    act_softmax(pc, zc, 3);
    for (int i = 0; i < 3; i++) {
        cr_assert(isfinite(pc[i]));
        cr_assert_float_eq(pc[i], p[i], TOL_FEW_OPS, "p[%d]", i);
    }
}

Test(act, softmax_may_work_in_place)
{
    double z[] = {1, 2, 3}, p[3];
    act_softmax(p, z, 3);
    act_softmax(z, z, 3);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(z[i], p[i]);
}

Test(act, forward_applies_softmax_row_by_row_and_others_elementwise)
{
    double zv[] = {1, 2, 3, 0.5, 0.5, 0.5};
    Mat *Z = mat_from(2, 3, zv), *A = mat_new(2, 3);
    Act sm = act_of(ACT_SOFTMAX);
    act_forward(&sm, A, Z);
    /* row 0 as above; row 1 has equal logits: 1/3 each */
    cr_assert_float_eq(MAT_AT(A, 0, 2), 0.665240956, TOL_9SF);
    for (int j = 0; j < 3; j++)
        cr_assert_float_eq(MAT_AT(A, 1, j), 1.0 / 3.0, TOL_FEW_OPS);
    Act sig = act_of(ACT_SIGMOID);
    act_forward(&sig, A, Z);
    for (int k = 0; k < 6; k++)
        cr_assert_eq(A->data[k], act_sigmoid(zv[k]));
    /* A may alias Z */
    act_forward(&sig, Z, Z);
    cr_assert_eq(mat_max_abs_diff(A, Z), 0.0);
    mat_free(Z);
    mat_free(A);
}

/* ---- gradient checks of the scalar derivatives ----------------------------- */

/* A scalar activation f(z; s) and its derivative, s being alpha or beta
 * (ignored by the kinds without a setting). */
typedef double (*Fz)(double z, double s);

static double sigmoid_f(double z, double s) { (void)s; return act_sigmoid(z); }
static double sigmoid_df(double z, double s) { (void)s; return act_sigmoid_deriv(z); }
static double tanh_f(double z, double s) { (void)s; return act_tanh(z); }
static double tanh_df(double z, double s) { (void)s; return act_tanh_deriv(z); }
static double relu_f(double z, double s) { (void)s; return act_relu(z); }
static double relu_df(double z, double s) { (void)s; return act_relu_deriv(z); }

typedef struct {
    Fz f;
    double s, z;
} ScalarCtx;

static double scalar_value(void *ctx)
{
    const ScalarCtx *c = ctx;
    return c->f(c->z, c->s);
}

/* Points away from the kink at 0 (|z| >> h) and not symmetric about it. */
static const double Z_POINTS[] = {-2.3, -0.71, 0.37, 1.9};
#define N_Z_POINTS 4

/* Check df against central differences of f at every Z_POINT where the
 * derivative is not zero, and that it is not zero at least somewhere. */
static void check_scalar_deriv(const char *name, Fz f, Fz df, double s)
{
    int nonzero = 0;
    for (int i = 0; i < N_Z_POINTS; i++) {
        ScalarCtx c = {.f = f, .s = s, .z = Z_POINTS[i]};
        double numeric = gradcheck_numeric(scalar_value, &c, &c.z, GRADCHECK_STEP);
        double analytic = df(Z_POINTS[i], s);
        double rel = gradcheck_rel_error(analytic, numeric);
        cr_assert_leq(rel, GRAD_REL_TOL, "%s'(%g): analytic %.12g, numeric %.12g, rel %.3g",
                      name, Z_POINTS[i], analytic, numeric, rel);
        nonzero += fabs(analytic) > 1e-3;
    }
    cr_assert_gt(nonzero, 0, "%s': the gradient is zero at every point", name);
}

Test(act, sigmoid_derivative_passes_a_gradient_check)
{
    check_scalar_deriv("sigmoid", sigmoid_f, sigmoid_df, 0.0);
}

Test(act, tanh_derivative_passes_a_gradient_check)
{
    check_scalar_deriv("tanh", tanh_f, tanh_df, 0.0);
}

Test(act, relu_derivative_passes_a_gradient_check)
{
    /* relu' is 0 on the negative points (numeric 0 too) and 1 on the others */
    check_scalar_deriv("relu", relu_f, relu_df, 0.0);
    cr_assert_eq(relu_df(0.37, 0.0), 1.0);
}

Test(act, leaky_relu_derivative_passes_a_gradient_check)
{
    check_scalar_deriv("leaky_relu(0.01)", act_leaky_relu, act_leaky_relu_deriv, 0.01);
    check_scalar_deriv("leaky_relu(0.2)", act_leaky_relu, act_leaky_relu_deriv, 0.2);
}

Test(act, elu_derivative_passes_a_gradient_check)
{
    check_scalar_deriv("elu(1)", act_elu, act_elu_deriv, 1.0);
    check_scalar_deriv("elu(1.3)", act_elu, act_elu_deriv, 1.3);
}

Test(act, swish_derivative_passes_a_gradient_check)
{
    check_scalar_deriv("swish(1)", act_swish, act_swish_deriv, 1.0);
    check_scalar_deriv("swish(1.7)", act_swish, act_swish_deriv, 1.7);
}

/* PReLU as a function of its own parameter alpha, at a fixed z. */
typedef struct {
    Act act;
    double z;
} PreluCtx;

static double prelu_of_alpha(void *ctx)
{
    const PreluCtx *c = ctx;
    return act_value(&c->act, c->z);
}

Test(act, prelu_dalpha_passes_a_gradient_check)
{
    /* d/dalpha max(alpha z, z) = z for z <= 0 (non-zero), 0 for z > 0 */
    for (int i = 0; i < N_Z_POINTS; i++) {
        PreluCtx c = {.act = act_of(ACT_PRELU), .z = Z_POINTS[i]};
        c.act.alpha = 0.13;
        double numeric = gradcheck_numeric(prelu_of_alpha, &c, &c.act.alpha, GRADCHECK_STEP);
        double analytic = act_prelu_dalpha(Z_POINTS[i]);
        double rel = gradcheck_rel_error(analytic, numeric);
        cr_assert_leq(rel, GRAD_REL_TOL, "z = %g: analytic %.12g, numeric %.12g", Z_POINTS[i],
                      analytic, numeric);
        if (Z_POINTS[i] < 0)
            cr_assert_eq(analytic, Z_POINTS[i], "dalpha at z = %g", Z_POINTS[i]);
    }
    /* hand: z = -0.71 -> -0.71, not zero; z = 1.9 -> 0 */
    cr_assert_eq(act_prelu_dalpha(-0.71), -0.71);
    cr_assert_eq(act_prelu_dalpha(1.9), 0.0);
}

/* ---- gradient checks of act_backward, every kind ---------------------------- */

/* L = sum_ij G_ij f(Z)_ij, so dL/dZ is act_backward with dA = G. Z has
 * entries away from 0 and of mixed signs; G is an arbitrary upstream
 * gradient, so no symmetry can hide a transposed or mis-signed term. */
static const double Z_2x3[] = {0.3, -1.2, 2.1,
                               -0.45, 0.8, -2.6};
static const double G_2x3[] = {0.7, -0.2, 1.3,
                               0.5, -1.1, 0.25};

typedef struct {
    const Act *act;
    Mat *Z, *A;
    const Mat *G;
} BackCtx;

static double weighted_output(void *ctx)
{
    BackCtx *c = ctx;
    act_forward(c->act, c->A, c->Z);
    double L = 0.0;
    for (int k = 0; k < 6; k++)
        L += c->G->data[k] * c->A->data[k];
    return L;
}

/* Gradient-check act_backward for act; returns max |dZ|. */
static double check_backward(Act act)
{
    Mat *Z = mat_from(2, 3, Z_2x3), *A = mat_new(2, 3), *G = mat_from(2, 3, G_2x3);
    Mat *dZ = mat_new(2, 3);
    act_forward(&act, A, Z);
    act_backward(&act, dZ, G, Z, A);
    BackCtx c = {.act = &act, .Z = Z, .A = A, .G = G};
    double largest = 0.0;
    for (int k = 0; k < 6; k++) {
        double numeric = gradcheck_numeric(weighted_output, &c, &Z->data[k], GRADCHECK_STEP);
        double rel = gradcheck_rel_error(dZ->data[k], numeric);
        cr_assert_leq(rel, GRAD_REL_TOL, "%s: dZ[%d] analytic %.12g, numeric %.12g, rel %.3g",
                      act_name(act.kind), k, dZ->data[k], numeric, rel);
        largest = fmax(largest, fabs(dZ->data[k]));
    }
    mat_free(Z);
    mat_free(A);
    mat_free(G);
    mat_free(dZ);
    return largest;
}

/* The kinds whose derivative is not zero everywhere. */
Test(act, backward_passes_a_gradient_check_for_every_differentiable_kind)
{
    static const ActKind kinds[] = {ACT_LINEAR, ACT_SIGMOID, ACT_TANH, ACT_RELU,
                                    ACT_LEAKY_RELU, ACT_PRELU, ACT_ELU, ACT_SWISH,
                                    ACT_SOFTMAX};
    for (int k = 0; k < 9; k++) {
        double largest = check_backward(act_of(kinds[k]));
        cr_assert_gt(largest, 1e-3, "%s: the gradient is zero", act_name(kinds[k]));
    }
}

Test(act, backward_uses_the_settings_alpha_and_beta)
{
    /* non-default settings, so a derivative that ignores them fails */
    Act leaky = {.kind = ACT_LEAKY_RELU, .alpha = 0.2};
    Act prelu = {.kind = ACT_PRELU, .alpha = 0.37};
    Act elu = {.kind = ACT_ELU, .alpha = 1.3};
    Act swish = {.kind = ACT_SWISH, .beta = 1.7};
    cr_assert_gt(check_backward(leaky), 1e-3);
    cr_assert_gt(check_backward(prelu), 1e-3);
    cr_assert_gt(check_backward(elu), 1e-3);
    cr_assert_gt(check_backward(swish), 1e-3);
}

Test(act, backward_of_step_and_sign_passes_no_gradient)
{
    /* step and sign are flat away from 0, so both the analytic and the
     * numeric derivative are exactly 0 on Z (|z| >= 0.3 >> h); here the
     * "not zero" assertion of the other checks cannot apply: these are the
     * activations that cannot be trained by gradient descent. */
    cr_assert_eq(check_backward(act_of(ACT_STEP)), 0.0);
    cr_assert_eq(check_backward(act_of(ACT_SIGN)), 0.0);
}

Test(act, softmax_backward_matches_its_jacobian_by_hand)
{
    /* z = (0, ln 3): p = (1/4, 3/4). da = (1, 0):
     *   sum_j p_j da_j = 1/4
     *   dz_0 = p_0 (da_0 - 1/4) = 1/4 * 3/4 = 3/16 = 0.1875
     *   dz_1 = p_1 (da_1 - 1/4) = 3/4 * -1/4 = -3/16 = -0.1875
     * (ln 3 and its exponential are rounded: 1e-12) */
    double z[] = {0.0, log(3.0)}, da[] = {1.0, 0.0};
    Mat *Z = mat_from(1, 2, z), *A = mat_new(1, 2), *dA = mat_from(1, 2, da);
    Mat *dZ = mat_new(1, 2);
    Act sm = act_of(ACT_SOFTMAX);
    act_forward(&sm, A, Z);
    act_backward(&sm, dZ, dA, Z, A);
    cr_assert_float_eq(MAT_AT(dZ, 0, 0), 0.1875, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(dZ, 0, 1), -0.1875, TOL_FEW_OPS);
    mat_free(Z);
    mat_free(A);
    mat_free(dA);
    mat_free(dZ);
}

Test(act, backward_may_overwrite_its_upstream_gradient)
{
    /* dZ may alias dA: the result is the same as into a separate buffer */
    static const ActKind kinds[] = {ACT_SIGMOID, ACT_SOFTMAX};
    for (int k = 0; k < 2; k++) {
        Act a = act_of(kinds[k]);
        Mat *Z = mat_from(2, 3, Z_2x3), *A = mat_new(2, 3), *G = mat_from(2, 3, G_2x3);
        Mat *dZ = mat_new(2, 3);
        act_forward(&a, A, Z);
        act_backward(&a, dZ, G, Z, A);
        act_backward(&a, G, G, Z, A);
        cr_assert_eq(mat_max_abs_diff(dZ, G), 0.0, "%s", act_name(kinds[k]));
        mat_free(Z);
        mat_free(A);
        mat_free(G);
        mat_free(dZ);
    }
}

/* ---- added with chapter 06 ---------------------------------------------------- */

Test(act, sigmoid_derivative_is_exactly_symmetric)
{
    /* sigma'(-z) = sigma(-z)(1 - sigma(-z)) = (1 - sigma(z)) sigma(z) = sigma'(z);
     * computed as sigma(z) sigma(-z) the two are the same product, bit for bit */
    static const double zs[] = {0.3775, 1.10590597, 2.0, 7.5, 19.0, 30.0, 36.5};
    for (int i = 0; i < 7; i++)
        cr_assert_eq(act_sigmoid_deriv(zs[i]), act_sigmoid_deriv(-zs[i]), "z = %g", zs[i]);
}

Test(act, sigmoid_derivative_keeps_its_digits_far_from_zero)
{
    /* Independent form: sigma'(z) = e^-z / (1 + e^-z)^2 (multiply s (1 - s) by
     * e^z / e^z). For z = 30: e^-30 = 9.35762297e-14, so sigma'(30) =
     * 9.35762297e-14 / (1 + 9.4e-14)^2 = 9.35762297e-14 (to 9 digits).
     * 1 - sigma(30) computed by subtraction keeps only ~3 digits (a
     * rounding of 1.1e-16 on 9.4e-14), so a relative tolerance of 1e-13
     * tells the two apart; at z = 40 the subtraction gives 0 exactly. */
    static const double zs[] = {10.0, 20.0, 30.0, 40.0, 100.0};
    for (int i = 0; i < 5; i++) {
        double e = exp(-zs[i]);
        double want = e / ((1.0 + e) * (1.0 + e));
        double got = act_sigmoid_deriv(zs[i]);
        cr_assert_gt(got, 0.0, "sigma'(%g) must not underflow to 0", zs[i]);
        cr_assert_leq(fabs(got - want) / want, 1e-13, "sigma'(%g) = %.17g, want %.17g", zs[i],
                      got, want);
    }
    cr_assert_float_eq(act_sigmoid_deriv(30.0) / 9.35762297e-14, 1.0, 1e-9);
}

Test(act, tanh_is_twice_a_sigmoid_of_twice_z_minus_one)
{
    /* tanh z = (1 - e^-2z) / (1 + e^-2z) = 2 / (1 + e^-2z) - 1 = 2 sigma(2z) - 1:
     * an independent way to compute tanh, through act_sigmoid */
    static const double zs[] = {-2.3, -0.71, 0.0, 0.37, 0.5, 1.9};
    for (int i = 0; i < 6; i++)
        cr_assert_float_eq(act_tanh(zs[i]), 2.0 * act_sigmoid(2.0 * zs[i]) - 1.0, TOL_FEW_OPS,
                           "z = %g", zs[i]);
    /* tanh'(0) = 1 - 0^2 = 1 = 4 x sigma'(0) = 4 x 0.25 */
    cr_assert_eq(act_tanh_deriv(0.0), 4.0 * act_sigmoid_deriv(0.0));
}

Test(act, prelu_keeps_its_two_branches_for_any_learned_alpha)
{
    /* f(z) = z for z > 0, alpha z for z <= 0, whatever alpha is:
     *   alpha = -1: f(-1.5) = -1 x -1.5 = 1.5 and f(2) = 2: f is |z|
     *   alpha = 1.5: f(2) = 2 (not max(1.5 x 2, 2) = 3), f(-2) = -3 */
    Act prelu = {.kind = ACT_PRELU, .alpha = -1.0};
    cr_assert_eq(act_value(&prelu, -1.5), 1.5);
    cr_assert_eq(act_value(&prelu, 2.0), 2.0);
    cr_assert_eq(act_deriv(&prelu, -1.5), -1.0);
    prelu.alpha = 1.5;
    cr_assert_eq(act_value(&prelu, 2.0), 2.0);
    cr_assert_eq(act_value(&prelu, -2.0), -3.0);
    /* d/dalpha does not depend on alpha: z on the negative side */
    cr_assert_eq(act_prelu_dalpha(-1.5), -1.5);
}

Test(act, elu_with_alpha_one_is_smooth_at_zero)
{
    /* alpha = 1: f'(0-) = e^0 = 1 = f'(0+), and f(-h) = e^-h - 1 ~ -h:
     * both branches meet at 0 with slope 1. elu'(z) = f(z) + alpha on the
     * negative side: e^-1 = (e^-1 - 1) + 1 = 0.367879441 */
    cr_assert_eq(act_elu_deriv(0.0, 1.0), 1.0);
    cr_assert_eq(act_elu_deriv(1e-9, 1.0), 1.0);
    cr_assert_float_eq(act_elu_deriv(-1.0, 1.0), 0.367879441, TOL_9SF);
    cr_assert_float_eq(act_elu_deriv(-1.0, 1.0), act_elu(-1.0, 1.0) + 1.0, TOL_FEW_OPS);
    /* the lower bound is -alpha: f(-40) = e^-40 - 1 = -1 + 4.2e-18 -> -1 */
    cr_assert_float_eq(act_elu(-40.0, 2.0), -2.0, TOL_FEW_OPS);
    cr_assert_gt(act_elu(-40.0, 2.0), -2.0 - TOL_FEW_OPS);
}

/* W(x): the w with w e^w = x, by Newton's method (x > 0, start at 0.5). */
static double lambert_w(double x)
{
    double w = 0.5;
    for (int k = 0; k < 50; k++)
        w -= (w * exp(w) - x) / (exp(w) * (w + 1.0));
    return w;
}

Test(act, swish_has_its_minimum_at_minus_1_278_with_value_z_plus_1)
{
    /* swish'(z) = s (1 + z (1 - s)) = 0 with s = sigma(z) > 0 gives
     * 1 - s = -1/z, so s = 1 + 1/z and the value there is z s = z + 1.
     * Writing u = -(z + 1): the condition becomes u e^u = e^-1, so
     * u = W(1/e) = 0.278464543 (Lambert's W), z* = -1.27846454,
     * swish(z*) = -0.278464543 (Ramachandran et al. 2017 quote ~ -0.28). */
    double u = lambert_w(exp(-1.0));
    cr_assert_float_eq(u, 0.278464543, TOL_9SF);
    double zstar = -1.0 - u;
    cr_assert_float_eq(act_swish_deriv(zstar, 1.0), 0.0, TOL_FEW_OPS);
    cr_assert_float_eq(act_swish(zstar, 1.0), zstar + 1.0, TOL_FEW_OPS);
    /* a minimum: the derivative changes sign from - to + across z* */
    cr_assert_lt(act_swish_deriv(zstar - 0.01, 1.0), 0.0);
    cr_assert_gt(act_swish_deriv(zstar + 0.01, 1.0), 0.0);
    cr_assert_gt(act_swish(zstar - 0.5, 1.0), act_swish(zstar, 1.0));
    cr_assert_gt(act_swish(zstar + 0.5, 1.0), act_swish(zstar, 1.0));
}

Test(act, softmax_of_two_logits_is_the_sigmoid)
{
    /* softmax(z, 0)_0 = e^z / (e^z + 1) = 1 / (1 + e^-z) = sigma(z);
     * at the notes' H1 = 0.3775: 0.593269992 */
    double z[] = {0.3775, 0.0}, p[2];
    act_softmax(p, z, 2);
    cr_assert_float_eq(p[0], 0.593269992, TOL_9SF);
    cr_assert_float_eq(p[0], act_sigmoid(0.3775), TOL_FEW_OPS);
    cr_assert_float_eq(p[1], act_sigmoid(-0.3775), TOL_FEW_OPS);
}

Test(act, softmax_of_huge_logits_stays_finite)
{
    /* z = (1000, 1001, 1002): e^1000 overflows, but z - max = (-2, -1, 0),
     * exactly, so p equals softmax(1, 2, 3) = (0.0900305732, 0.244728471,
     * 0.665240956) to the last bit */
    double z[] = {1000, 1001, 1002}, small[] = {1, 2, 3}, p[3], q[3];
    act_softmax(p, z, 3);
    act_softmax(q, small, 3);
    for (int i = 0; i < 3; i++) {
        cr_assert(isfinite(p[i]));
        cr_assert_eq(p[i], q[i], "p[%d]", i);
    }
    cr_assert_float_eq(p[2], 0.665240956, TOL_9SF);
}

Test(act, softmax_jacobian_matches_hand_values)
{
    /* p = (0.2, 0.3, 0.5) (003's example): J_ij = p_i (delta_ij - p_j)
     *   diagonal: 0.2 x 0.8 = 0.16, 0.3 x 0.7 = 0.21, 0.5 x 0.5 = 0.25
     *   J_01 = J_10 = -0.2 x 0.3 = -0.06, J_02 = J_20 = -0.2 x 0.5 = -0.1,
     *   J_12 = J_21 = -0.3 x 0.5 = -0.15
     * each column sums to 0: 0.16 - 0.06 - 0.1 = 0 */
    double p[] = {0.2, 0.3, 0.5}, J[9];
    act_softmax_jacobian(J, p, 3);
    static const double want[] = {0.16, -0.06, -0.1,
                                  -0.06, 0.21, -0.15,
                                  -0.1, -0.15, 0.25};
    for (int k = 0; k < 9; k++)
        cr_assert_float_eq(J[k], want[k], TOL_FEW_OPS, "J[%d][%d]", k / 3, k % 3);
    for (int j = 0; j < 3; j++)
        cr_assert_float_eq(J[j] + J[3 + j] + J[6 + j], 0.0, TOL_FEW_OPS, "column %d", j);
}

Test(act, softmax_jacobian_turns_the_cross_entropy_gradient_into_p_minus_y)
{
    /* 003: with L = -sum_i y_i log p_i, dL/dp_i = -y_i / p_i and
     * dL/dz_j = sum_i J_ij dL/dp_i = p_j - y_j. p = (0.2, 0.3, 0.5), y = (1, 0, 0):
     *   dL/dp = (-1/0.2, 0, 0) = (-5, 0, 0)
     *   dL/dz = -5 x (J_00, J_01, J_02) = -5 x (0.16, -0.06, -0.1) = (-0.8, 0.3, 0.5) */
    double p[] = {0.2, 0.3, 0.5}, J[9];
    act_softmax_jacobian(J, p, 3);
    static const double want[3][3] = {{-0.8, 0.3, 0.5}, {0.2, -0.7, 0.5}, {0.2, 0.3, -0.5}};
    for (int c = 0; c < 3; c++) {
        double dL_dp[3] = {0, 0, 0};
        dL_dp[c] = -1.0 / p[c];
        for (int j = 0; j < 3; j++) {
            double dz = 0.0;
            for (int i = 0; i < 3; i++)
                dz += J[i * 3 + j] * dL_dp[i];
            cr_assert_float_eq(dz, want[c][j], TOL_FEW_OPS, "class %d, dL/dz_%d", c, j);
        }
    }
}

/* p_i(z) of the softmax, as a function of the z reached through ctx. */
typedef struct {
    double z[3];
    int i;
} SoftmaxCtx;

static double softmax_component(void *ctx)
{
    const SoftmaxCtx *c = ctx;
    double p[3];
    act_softmax(p, c->z, 3);
    return p[c->i];
}

Test(act, softmax_jacobian_passes_a_gradient_check)
{
    /* logits of mixed signs, no two equal. (J is symmetric, J_ij = J_ji =
     * -p_i p_j off the diagonal, so its orientation cannot be wrong.) */
    SoftmaxCtx c = {.z = {0.3, -1.2, 2.1}};
    double p[3], J[9];
    act_softmax(p, c.z, 3);
    act_softmax_jacobian(J, p, 3);
    for (c.i = 0; c.i < 3; c.i++)
        for (int j = 0; j < 3; j++) {
            double numeric = gradcheck_numeric(softmax_component, &c, &c.z[j], GRADCHECK_STEP);
            double rel = gradcheck_rel_error(J[c.i * 3 + j], numeric);
            cr_assert_leq(rel, GRAD_REL_TOL, "dp_%d/dz_%d: analytic %.12g, numeric %.12g",
                          c.i, j, J[c.i * 3 + j], numeric);
            cr_assert_gt(fabs(J[c.i * 3 + j]), 1e-3);
        }
}

Test(act, relu_forward_and_backward_of_a_matrix_match_the_scalar_functions_bit_for_bit)
{
    /* 19 values: two blocks of 8 (vector compares and masks) and a tail of
     * 3 (one by one), with the awkward ones: -0.0 and NaN give 0.0, an
     * infinite upstream gradient times a slope of 0 is NaN, as in
     * act_relu and act_relu_deriv */
    const double z[19] = {-2.5, 0.0, -0.0, 1e-300, -1e-300, 3.25, NAN, INFINITY, -INFINITY, 7.0,
                          -7.0, 0.5, -0.5, 2.0, -2.0, 1.0, -1.0, 4.0, -4.0};
    Mat *Z = mat_from(1, 19, z), *A = mat_new(1, 19), *dA = mat_new(1, 19), *dZ = mat_new(1, 19);
    for (int k = 0; k < 19; k++)
        dA->data[k] = k % 3 == 0 ? INFINITY : -0.75 * k;
    Act relu = act_of(ACT_RELU);
    act_forward(&relu, A, Z);
    act_backward(&relu, dZ, dA, Z, A);
    for (int k = 0; k < 19; k++) {
        double a = act_relu(z[k]), dz = dA->data[k] * act_relu_deriv(z[k]);
        cr_assert(memcmp(&A->data[k], &a, sizeof a) == 0, "relu(z[%d]) is %a, expected %a", k,
                  A->data[k], a);
        cr_assert(memcmp(&dZ->data[k], &dz, sizeof dz) == 0 || (isnan(dz) && isnan(dZ->data[k])),
                  "dz[%d] is %a, expected %a", k, dZ->data[k], dz);
    }
    mat_free(Z);
    mat_free(A);
    mat_free(dA);
    mat_free(dZ);
}
