/* test_gradcheck.c - unit tests for lib/gradcheck: the central difference
 * on functions with known derivatives (and its error of order h^2), that
 * the parameter is restored exactly, and the relative error's cases.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "gradcheck.h"

/* F(x) = x^3, with x reached through ctx; also records where F was called. */
typedef struct {
    double x;
    double seen[4];
    int calls;
} CubeCtx;

static double cube(void *ctx)
{
    CubeCtx *c = ctx;
    if (c->calls < 4)
        c->seen[c->calls] = c->x;
    c->calls++;
    return c->x * c->x * c->x;
}

static double exp_of(void *ctx)
{
    return exp(*(double *)ctx);
}

Test(gradcheck, numeric_derivative_of_x_cubed_at_2_is_12)
{
    /* d/dx x^3 = 3 x^2 = 12 at x = 2. The central difference of a cubic is
     * ((x+h)^3 - (x-h)^3) / 2h = 3 x^2 + h^2 exactly: 12 + 1e-10. Rounding
     * adds about 2^-53 * 8 / 1e-5 ~ 1e-10 more, so 1e-9 holds with room. */
    CubeCtx c = {.x = 2.0};
    double d = gradcheck_numeric(cube, &c, &c.x, GRADCHECK_STEP);
    cr_assert_float_eq(d, 12.0, 1e-9, "numeric %.17g", d);
}

Test(gradcheck, numeric_derivative_has_an_error_of_order_h_squared)
{
    /* the h^2 term above: with h = 1e-3 the difference is 12 + 1e-6, so
     * a one-sided (order h) difference would be off by 6e-3 instead */
    CubeCtx c = {.x = 2.0};
    double d = gradcheck_numeric(cube, &c, &c.x, 1e-3);
    cr_assert_float_eq(d - 12.0, 1e-6, 1e-9, "error %.3g", d - 12.0);
}

Test(gradcheck, numeric_evaluates_at_p_plus_h_and_p_minus_h_and_restores_p)
{
    CubeCtx c = {.x = 2.0};
    gradcheck_numeric(cube, &c, &c.x, 0.5);
    cr_assert_eq(c.calls, 2);
    /* 2 + 0.5 and 2 - 0.5 are exact */
    cr_assert((c.seen[0] == 2.5 && c.seen[1] == 1.5) || (c.seen[0] == 1.5 && c.seen[1] == 2.5),
              "evaluated at %g and %g", c.seen[0], c.seen[1]);
    cr_assert_eq(c.x, 2.0);
    /* restored bit for bit even when p + h - h would round differently */
    c.x = 0.1;
    gradcheck_numeric(cube, &c, &c.x, GRADCHECK_STEP);
    cr_assert_eq(c.x, 0.1);
}

Test(gradcheck, numeric_derivative_of_exp_matches_exp_to_1e_9)
{
    /* d/dx e^x = e^x; at 0.7 the truncation error is h^2 e^x / 6 ~ 3e-11 */
    double x = 0.7;
    double d = gradcheck_numeric(exp_of, &x, &x, GRADCHECK_STEP);
    cr_assert_leq(gradcheck_rel_error(exp(0.7), d), 1e-9);
}

Test(gradcheck, rel_error_of_equal_values_is_zero)
{
    cr_assert_eq(gradcheck_rel_error(0.25, 0.25), 0.0);
    cr_assert_eq(gradcheck_rel_error(-3.0, -3.0), 0.0);
}

Test(gradcheck, rel_error_of_two_zeros_is_zero_not_nan)
{
    cr_assert_eq(gradcheck_rel_error(0.0, 0.0), 0.0);
}

Test(gradcheck, rel_error_matches_hand_values)
{
    /* |a - n| / max(|a|, |n|):
     *   (2, 1):    1 / 2 = 0.5
     *   (1, 0):    1 / 1 = 1     (one of them zero)
     *   (-1, 1):   2 / 1 = 2     (a wrong sign: the largest possible)
     *   (1e-8, 1.1e-8): 1e-9 / 1.1e-8 = 0.0909090909 (scale-free) */
    cr_assert_eq(gradcheck_rel_error(2.0, 1.0), 0.5);
    cr_assert_eq(gradcheck_rel_error(1.0, 0.0), 1.0);
    cr_assert_eq(gradcheck_rel_error(-1.0, 1.0), 2.0);
    /* 1e-12: the inputs 1e-8 and 1.1e-8 are themselves rounded */
    cr_assert_float_eq(gradcheck_rel_error(1e-8, 1.1e-8), 1.0 / 11.0, 1e-12);
}

Test(gradcheck, rel_error_with_a_nan_never_passes)
{
    /* fmax(NaN, 0) is 0, so a NaN gradient against a numeric 0 (a flat
     * region) once came out as "relative error 0"; any NaN must fail both
     * "rel <= 1e-7" and flag "rel > 1e-2" */
    cr_assert_not(gradcheck_rel_error(NAN, 0.0) <= 1e-7);
    cr_assert_not(gradcheck_rel_error(0.0, NAN) <= 1e-7);
    cr_assert_not(gradcheck_rel_error(NAN, 1.0) <= 1e-7);
    cr_assert_gt(gradcheck_rel_error(NAN, 0.0), 1e-2);
}

Test(gradcheck, rel_error_is_symmetric)
{
    cr_assert_eq(gradcheck_rel_error(3.0, 5.0), gradcheck_rel_error(5.0, 3.0));
    cr_assert_eq(gradcheck_rel_error(-0.5, 0.25), gradcheck_rel_error(0.25, -0.5));
}

Test(gradcheck, a_wrong_sign_fails_the_check)
{
    /* an analytic derivative of -12 for x^3 at 2: relative error 24 / 12 = 2 */
    CubeCtx c = {.x = 2.0};
    double numeric = gradcheck_numeric(cube, &c, &c.x, GRADCHECK_STEP);
    cr_assert_gt(gradcheck_rel_error(-12.0, numeric), 1.99);
    cr_assert_leq(gradcheck_rel_error(12.0, numeric), 1e-9);
}
