/* test_surface.c - unit tests for lib/surface: the three surfaces' values at
 * points worked by hand, their gradients against central differences, the
 * minima and the saddle point where the gradient is 0, the turned bowl as
 * the bowl seen in turned coordinates, and surface_descend: steps counted
 * in closed form for gradient descent on the bowl, divergence, the path,
 * and the edge cases.
 *
 * Tolerances: values that are a few exact operations on small numbers,
 * 1e-12; a central difference with h = 1e-5 on these polynomials agrees
 * with the derivative to about 1e-9 relative (its error is h^2 f''' / 6
 * plus rounding), so 1e-7 (cs231n's "good") is the bar.
 */
#define _POSIX_C_SOURCE 200809L /* fileno, fcntl: death.h */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "death.h"
#include "gradcheck.h"
#include "optim.h"
#include "surface.h"

#define TOL 1e-12
#define GRAD_REL_TOL 1e-7

static const Surface BOWL = {.kind = SURFACE_BOWL, .a = 1, .b = 20};
static const Surface TURNED = {.kind = SURFACE_BOWL, .a = 10.5, .b = 10.5, .c = 9.5};
static const Surface ROSENBROCK = {.kind = SURFACE_ROSENBROCK, .a = 1, .b = 100};
static const Surface SADDLE = {.kind = SURFACE_SADDLE, .a = 1, .b = 0.1};

Test(surface, values_at_points_worked_by_hand)
{
    /* bowl: 1/2 (1 x 16 + 20 x 1) = 18 */
    cr_assert_float_eq(surface_value(&BOWL, -4, 1), 18.0, TOL);
    /* turned bowl at (1, 2): 1/2 (10.5 + 2 x 9.5 x 2 + 10.5 x 4) = 1/2 (10.5 + 38 + 42) = 45.25 */
    cr_assert_float_eq(surface_value(&TURNED, 1, 2), 45.25, TOL);
    /* Rosenbrock at (-1.2, 1): (2.2)^2 + 100 (1 - 1.44)^2 = 4.84 + 19.36 = 24.2 */
    cr_assert_float_eq(surface_value(&ROSENBROCK, -1.2, 1), 24.2, TOL);
    /* saddle at (1.5, 0.5): 2.25 + 0.1 (0.25 - 1)^2 = 2.25 + 0.05625 = 2.30625 */
    cr_assert_float_eq(surface_value(&SADDLE, 1.5, 0.5), 2.30625, TOL);
}

Test(surface, gradients_at_points_worked_by_hand)
{
    double g[2];
    /* bowl at (-4, 1): (w1, 20 w2) = (-4, 20) */
    surface_grad(&BOWL, -4, 1, g);
    cr_assert_float_eq(g[0], -4.0, TOL);
    cr_assert_float_eq(g[1], 20.0, TOL);
    /* turned bowl at (1, 2): (10.5 + 19, 9.5 + 21) = (29.5, 30.5) */
    surface_grad(&TURNED, 1, 2, g);
    cr_assert_float_eq(g[0], 29.5, TOL);
    cr_assert_float_eq(g[1], 30.5, TOL);
    /* Rosenbrock at (-1.2, 1): r = 1 - 1.44 = -0.44;
     * df/dw1 = -2 (2.2) - 400 (-1.2)(-0.44) = -4.4 - 211.2 = -215.6, df/dw2 = 200 (-0.44) = -88 */
    surface_grad(&ROSENBROCK, -1.2, 1, g);
    cr_assert_float_eq(g[0], -215.6, 1e-11);
    cr_assert_float_eq(g[1], -88.0, 1e-11);
    /* saddle at (1.5, 0.5): (2 x 1.5, 4 x 0.1 x 0.5 x (0.25 - 1)) = (3, -0.15) */
    surface_grad(&SADDLE, 1.5, 0.5, g);
    cr_assert_float_eq(g[0], 3.0, TOL);
    cr_assert_float_eq(g[1], -0.15, TOL);
}

/* f of ctx's surface at ctx's point, for gradcheck_numeric */
typedef struct {
    const Surface *s;
    double w[2];
} At;

static double value_at(void *ctx)
{
    At *at = ctx;
    return surface_value(at->s, at->w[0], at->w[1]);
}

Test(surface, every_gradient_agrees_with_central_differences)
{
    const Surface *all[] = {&BOWL, &TURNED, &ROSENBROCK, &SADDLE};
    /* points off every axis and symmetry line */
    static const double points[][2] = {{-1.3, 0.7}, {0.4, -1.9}, {2.1, 1.6}, {-0.6, -0.35}};
    for (int k = 0; k < 4; k++)
        for (int p = 0; p < 4; p++) {
            At at = {all[k], {points[p][0], points[p][1]}};
            double g[2];
            surface_grad(all[k], at.w[0], at.w[1], g);
            for (int i = 0; i < 2; i++) {
                double numeric = gradcheck_numeric(value_at, &at, &at.w[i], GRADCHECK_STEP);
                cr_assert(fabs(g[i]) > 1e-3, "%s: df/dw%d = %g at (%g, %g) is ~0: check nothing",
                          surface_name(all[k]->kind), i + 1, g[i], points[p][0], points[p][1]);
                cr_assert(gradcheck_rel_error(g[i], numeric) <= GRAD_REL_TOL,
                          "%s at (%g, %g): df/dw%d = %.12g, central difference %.12g",
                          surface_name(all[k]->kind), points[p][0], points[p][1], i + 1, g[i],
                          numeric);
            }
        }
}

Test(surface, the_minima_are_0_with_a_zero_gradient)
{
    const Surface *all[] = {&BOWL, &TURNED, &ROSENBROCK, &SADDLE};
    for (int k = 0; k < 4; k++) {
        double w[2], g[2];
        surface_minimum(all[k], w);
        surface_grad(all[k], w[0], w[1], g);
        cr_assert_eq(surface_value(all[k], w[0], w[1]), 0.0);
        cr_assert(g[0] == 0.0 && g[1] == 0.0, "%s: gradient (%g, %g) at its minimum",
                  surface_name(all[k]->kind), g[0], g[1]);
    }
    double w[2];
    surface_minimum(&ROSENBROCK, w); /* (a, a^2) = (1, 1) */
    cr_assert(w[0] == 1.0 && w[1] == 1.0);
    /* the saddle's other minimum (0, -1): f = 0 + 0.1 (1 - 1)^2 = 0 */
    cr_assert_eq(surface_value(&SADDLE, 0, -1), 0.0);
}

Test(surface, the_saddle_point_has_zero_gradient_and_curves_up_and_down)
{
    double g[2];
    surface_grad(&SADDLE, 0, 0, g);
    cr_assert(g[0] == 0.0 && g[1] == 0.0);
    /* f = b = 0.1 there; a step of 0.01 across raises f by 0.0001, along w2
     * lowers it: 0.1 (0.0001 - 1)^2 = 0.1 x 0.99980001 = 0.099980001 */
    cr_assert_float_eq(surface_value(&SADDLE, 0, 0), 0.1, TOL);
    cr_assert_float_eq(surface_value(&SADDLE, 0.01, 0), 0.1001, TOL);
    cr_assert_float_eq(surface_value(&SADDLE, 0, 0.01), 0.099980001, TOL);
}

Test(surface, the_turned_bowl_is_the_bowl_in_turned_coordinates)
{
    /* u along (1, -1)/sqrt 2 (curvature 1), v along (1, 1)/sqrt 2 (curvature
     * 20): the turned bowl at w = u (1, -1)/sqrt 2 + v (1, 1)/sqrt 2 equals
     * the bowl at (u, v) */
    static const double uv[][2] = {{-4, 1}, {0.3, -2.2}, {1.7, 0.05}};
    double r = sqrt(0.5);
    for (int p = 0; p < 3; p++) {
        double u = uv[p][0], v = uv[p][1];
        double w1 = r * (u + v), w2 = r * (v - u);
        cr_assert_float_eq(surface_value(&TURNED, w1, w2), surface_value(&BOWL, u, v), 1e-12,
                           "at (u, v) = (%g, %g)", u, v);
    }
}

Test(surface, gradient_descent_on_the_bowl_stops_at_the_step_worked_out_in_closed_form)
{
    /* With lr 0.04 from (-4, 1): w1_t = -4 x 0.96^t, w2_t = 0.2^t, so
     * f_t = 8 x 0.9216^t + 10 x 0.04^t. f_t < 1e-6 first when
     * 8 x 0.9216^t < 1e-6 (the w2 term is below 1e-100 by then):
     * t > ln(1.25e-7) / ln(0.9216) = 15.8949 / 0.081643 = 194.69, so t = 195
     * (f_194 = 1.0576e-6, f_195 = 9.747e-7). */
    double path[2 * 301];
    SurfaceRun run;
    cr_assert_eq(surface_descend(&BOWL, &(OptimSpec){.kind = OPTIM_SGD, .lr = 0.04},
                                 (double[2]){-4, 1}, 300, 1e-6, path, &run), 0);
    cr_assert_eq(run.steps, 195);
    cr_assert(run.reached && !run.diverged);
    cr_assert(run.f < 1e-6 && run.f > 9.74e-7, "f_195 = %.10g", run.f);
    /* the path: the start, then w after each step */
    cr_assert(path[0] == -4.0 && path[1] == 1.0);
    cr_assert_float_eq(path[2], -3.84, TOL);    /* -4 - 0.04 x (-4) */
    cr_assert_float_eq(path[3], 0.2, TOL);      /* 1 - 0.04 x 20 */
    cr_assert_float_eq(path[4], -3.6864, TOL);  /* -3.84 + 0.04 x 3.84 */
    cr_assert_float_eq(path[5], 0.04, TOL);     /* 0.2 - 0.04 x 4 */
    cr_assert_float_eq(path[2 * 195], -4 * pow(0.96, 195), 1e-12);
    cr_assert(run.w[0] == path[2 * 195] && run.w[1] == path[2 * 195 + 1]);
}

Test(surface, a_rate_above_2_over_the_curvature_diverges_and_says_when)
{
    /* lr 0.11: w2_t = (1 - 20 x 0.11)^t = (-1.2)^t passes 1e6 first at
     * t = ceil(ln 1e6 / ln 1.2) = ceil(75.77) = 76 */
    SurfaceRun run;
    cr_assert_eq(surface_descend(&BOWL, &(OptimSpec){.kind = OPTIM_SGD, .lr = 0.11},
                                 (double[2]){-4, 1}, 1000, 1e-6, NULL, &run), 0);
    cr_assert(run.diverged && !run.reached);
    cr_assert_eq(run.steps, 76);
    cr_assert(fabs(run.w[1]) > SURFACE_FAR && fabs(run.w[1]) < 1.2 * SURFACE_FAR);
}

Test(surface, a_run_that_neither_arrives_nor_diverges_stops_at_max_steps)
{
    /* lr 0.001: f_10 = 8 x 0.999^20 + 10 x 0.98^20 = 14.5, far above 1e-6 */
    SurfaceRun run;
    cr_assert_eq(surface_descend(&BOWL, &(OptimSpec){.kind = OPTIM_SGD, .lr = 0.001},
                                 (double[2]){-4, 1}, 10, 1e-6, NULL, &run), 0);
    cr_assert(!run.reached && !run.diverged);
    cr_assert_eq(run.steps, 10);
    /* w1_10 = -4 x 0.999^10, w2_10 = 0.98^10 */
    cr_assert_float_eq(run.w[0], -4 * pow(0.999, 10), TOL);
    cr_assert_float_eq(run.w[1], pow(0.98, 10), TOL);
}

Test(surface, a_start_at_the_bottom_is_reached_in_0_steps)
{
    SurfaceRun run;
    double path[2 * 11] = {0};
    cr_assert_eq(surface_descend(&ROSENBROCK, &(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.1},
                                 (double[2]){1, 1}, 10, 1e-6, path, &run), 0);
    cr_assert(run.reached && run.steps == 0 && run.f == 0.0);
    cr_assert(path[0] == 1.0 && path[1] == 1.0 && path[2] == 0.0);
    cr_assert_eq(surface_descend(&BOWL, &(OptimSpec){.kind = OPTIM_SGD, .lr = 0.1},
                                 (double[2]){-4, 1}, 0, 1e-6, NULL, &run), 0);
    cr_assert(!run.reached && run.steps == 0 && run.f == 18.0);
}

Test(surface, names)
{
    cr_assert_str_eq(surface_name(SURFACE_BOWL), "bowl");
    cr_assert_str_eq(surface_name(SURFACE_ROSENBROCK), "rosenbrock");
    cr_assert_str_eq(surface_name(SURFACE_SADDLE), "saddle");
}

Test(surface, a_bowl_that_is_a_saddle_is_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("bowl a = 1, b = 1, c = 2");
    /* a b = 1 < c^2 = 4: curvatures of both signs */
    surface_value(&(Surface){.kind = SURFACE_BOWL, .a = 1, .b = 1, .c = 2}, 0, 0);
}

Test(surface, a_saddle_with_b_0_is_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("saddle a = 1, b = 0");
    surface_value(&(Surface){.kind = SURFACE_SADDLE, .a = 1}, 0, 0);
}
