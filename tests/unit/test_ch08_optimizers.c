/* test_ch08_optimizers.c - chapter 08's numbers, redone by the library and
 * by independent computations:
 *   - the hand steps of sections 1-8 (the bowl f = 1/2 (w1^2 + 20 w2^2) from
 *     (-4, 1)) against lib/optim stepping a 1 x 2 Param (surface_descend),
 *     and the step at which each library run first has f < 1e-6;
 *   - what the notes' wrong rules would do (sections 2, 4, 6), recomputed
 *     here from the notes' formulas;
 *   - Nesterov: the library's w' form against Sutskever's look-ahead form,
 *     written out here, for 50 steps;
 *   - momentum's velocity is eta / (1 - gamma) times the EDA of the same
 *     gradients (section 5), with the library's own v;
 *   - Adam's bias correction: the first step is alpha g / (|g| + eps) at
 *     every scale of g (section 8);
 *   - reference trajectories of Adam and of momentum on Rosenbrock's valley,
 *     computed independently in Python (below);
 *   - the race of section 9: the step counts of the kept runs;
 *   - the digits MLP's backpropagation against central differences, and
 *     section 10's way of training it (net_fit on one batch at a time with
 *     an Optim of its own) against net_cost_grad then optim_step.
 *
 * How the literals were made. The hand steps: Python's decimal module at 50
 * digits, the rules as optim.h writes them, for example Adam's
 *     m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *     w -= lr (m / (1 - b1^t)) / ((v / (1 - b2^t)).sqrt() + eps)
 * printed with "%.17g". The Rosenbrock trajectories: the same, with the
 * gradient (-2 (1 - w1) - 400 w1 (w2 - w1^2), 200 (w2 - w1^2)) from
 * (-1.2, 1):
 *     from decimal import Decimal as D, getcontext; getcontext().prec = 50
 *     def grad(w1, w2): r = w2 - w1 * w1; return (-2 * (1 - w1) - 400 * w1 * r, 200 * r)
 *     w = [D('-1.2'), D(1)]; m = [D(0)] * 2; v = [D(0)] * 2
 *     for t in range(1, 201):
 *         g = grad(*w)
 *         for i in range(2):   # Adam, lr 0.01, b1 0.9, b2 0.999, eps 1e-7
 *             m[i] = b1 * m[i] + (1 - b1) * g[i]; v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2
 *             w[i] -= lr * (m[i] / (1 - b1 ** t)) / ((v[i] / (1 - b2 ** t)).sqrt() + eps)
 *         if t in (1, 2, 3, 10, 50, 100, 200): print(t, "%.17e" % w[0], "%.17e" % w[1])
 * and for momentum (lr 0.001, gamma 0.9) v[i] = gamma v[i] + lr g[i]; w[i] -= v[i].
 * The race's step counts: a separate Python implementation of the seven
 * rules in plain floats (the chapter's prototype), which gave the same
 * counts.
 *
 * Tolerances:
 *   - the hand steps: 1e-12 relative. Two steps are a few dozen roundings of
 *     1.1e-16; 1e-12 still sees eps = 1e-7 moved out of the square root.
 *   - the Rosenbrock trajectories: 1e-9 relative after 200 steps. The
 *     double run drifts from the 50-digit one by rounding only; perturbing
 *     the start by 1e-15 in Python moves step 200 by less than 1e-12, so
 *     1e-9 is a wide margin that a wrong sign or a missing correction
 *     (errors of 1e-3 and more by step 10) cannot slip through.
 *   - values printed with 9 significant digits: 5e-9 relative.
 *   - the gradient check: relative error 1e-6 on every gradient of at least
 *     1e-4 (see note_error: rounding sets that floor; cs231n calls below
 *     1e-4 fine where ReLU has kinks).
 *   - net_fit against the hand loop: none (exact), as the same operations
 *     on the same numbers give the same bits.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "net.h"
#include "optim.h"
#include "param.h"
#include "rng.h"
#include "surface.h"

#define TOL_REL 1e-12
#define TOL_TRAJ 1e-9
#define TOL_PRINTED 5e-9
#define GRAD_REL_TOL 1e-6
#define GRAD_MIN 1e-4

/* |got - want| <= tol |want| */
static void close_rel(double got, double want, double tol, const char *what, int step)
{
    cr_assert(fabs(got - want) <= tol * fabs(want), "%s, step %d: %.17g, expected %.17g", what,
              step, got, want);
}

static const Surface BOWL = {.kind = SURFACE_BOWL, .a = 1, .b = 20};
static const double START[2] = {-4, 1};

/* The settings of the chapter's hand steps. */
static const OptimSpec SGD = {.kind = OPTIM_SGD, .lr = 0.04};
static const OptimSpec MOMENTUM = {.kind = OPTIM_MOMENTUM, .lr = 0.04, .momentum = 0.9};
static const OptimSpec NESTEROV = {.kind = OPTIM_NESTEROV, .lr = 0.04, .momentum = 0.9};
static const OptimSpec ADAGRAD = {.kind = OPTIM_ADAGRAD, .lr = 0.5, .eps = 1e-7};
static const OptimSpec RMSPROP = {.kind = OPTIM_RMSPROP, .lr = 0.1, .rho = 0.9, .eps = 1e-7};
static const OptimSpec ADADELTA = {.kind = OPTIM_ADADELTA, .lr = 1, .rho = 0.95, .eps = 1e-7};
static const OptimSpec ADAM = {.kind = OPTIM_ADAM, .lr = 0.1, .beta1 = 0.9, .beta2 = 0.999,
                               .eps = 1e-7};

/* The library from the bowl's start: w after steps 1 and 2 must be want[]
 * = {w1_1, w2_1, w1_2, w2_2}. */
static void two_steps(const OptimSpec *spec, const double want[4], const char *what)
{
    double path[2 * 3];
    SurfaceRun run;
    cr_assert_eq(surface_descend(&BOWL, spec, START, 2, 1e-30, path, &run), 0);
    cr_assert_eq(run.steps, 2);
    for (int k = 0; k < 4; k++)
        close_rel(path[2 + k], want[k], TOL_REL, what, 1 + k / 2);
}

/* The step at which the library first has f < 1e-6 from the bowl's start. */
static int steps_to_bottom(const OptimSpec *spec)
{
    SurfaceRun run;
    cr_assert_eq(surface_descend(&BOWL, spec, START, 5000, 1e-6, NULL, &run), 0);
    return run.reached ? run.steps : -1;
}

TestSuite(ch08);

Test(ch08, sgd_takes_the_hand_steps_of_section_1)
{
    /* g = (-4, 20): w = (-4 - 0.04 x (-4), 1 - 0.04 x 20) = (-3.84, 0.2);
     * g = (-3.84, 4): w = (-3.84 + 0.1536, 0.2 - 0.16) = (-3.6864, 0.04) */
    two_steps(&SGD, (double[]){-3.84, 0.2, -3.6864, 0.04}, "sgd");
    /* 8 x 0.9216^t < 1e-6 first at t = 195 (test_surface.c works it out) */
    cr_assert_eq(steps_to_bottom(&SGD), 195);
}

Test(ch08, momentum_takes_the_hand_steps_of_section_2)
{
    /* v = (0.04 x (-4), 0.04 x 20) = (-0.16, 0.8), w = (-3.84, 0.2);
     * g = (-3.84, 4): v1 = 0.9 x (-0.16) + 0.04 x (-3.84) = -0.144 - 0.1536 = -0.2976,
     * v2 = 0.9 x 0.8 + 0.04 x 4 = 0.72 + 0.16 = 0.88;
     * w = (-3.84 + 0.2976, 0.2 - 0.88) = (-3.5424, -0.68): the overshoot */
    two_steps(&MOMENTUM, (double[]){-3.84, 0.2, -3.5424, -0.68}, "momentum");
    cr_assert_eq(steps_to_bottom(&MOMENTUM), 120);
}

Test(ch08, nesterov_takes_the_hand_steps_of_section_3)
{
    /* v = (-0.16, 0.8); gamma v + eta g = (-0.144 - 0.16, 0.72 + 0.8) = (-0.304, 1.52):
     * w' = (-3.696, -0.52). g = (-3.696, -10.4):
     * v1 = -0.144 - 0.14784 = -0.29184, gamma v1 + eta g1 = -0.262656 - 0.14784 = -0.410496;
     * v2 = 0.72 - 0.416 = 0.304, gamma v2 + eta g2 = 0.2736 - 0.416 = -0.1424;
     * w' = (-3.696 + 0.410496, -0.52 + 0.1424) = (-3.285504, -0.3776) */
    two_steps(&NESTEROV, (double[]){-3.696, -0.52, -3.285504, -0.3776}, "nesterov");
    cr_assert_eq(steps_to_bottom(&NESTEROV), 57);
}

Test(ch08, adagrad_takes_the_hand_steps_of_section_4)
{
    /* G = (16, 400): w = (-4 + 0.5 x 4 / sqrt(16 + 1e-7), 1 - 0.5 x 20 / sqrt(400 + 1e-7))
     *   = (-3.50000000156, 0.500000000062)
     * g = (-3.5, 10): G = (28.25, 500):
     * w = (-3.5 + 0.5 x 3.5 / sqrt(28.25), 0.5 - 0.5 x 10 / sqrt(500)) = (-3.1707477, 0.276393202) */
    two_steps(&ADAGRAD,
              (double[]){-3.5000000015624999, 0.50000000006250001, -3.1707476981277387,
                         0.27639320231252101},
              "adagrad");
    cr_assert_eq(steps_to_bottom(&ADAGRAD), 158);
}

Test(ch08, rmsprop_takes_the_hand_steps_of_section_6)
{
    /* E = (0.1 x 16, 0.1 x 400) = (1.6, 40): w1 = -4 + 0.1 x 4 / sqrt(1.6 + 1e-7) = -3.68377224,
     * w2 = 1 - 0.1 x 20 / sqrt(40 + 1e-7) = 0.683772234;
     * E1 = 0.9 x 1.6 + 0.1 x 3.68377224^2 = 2.79701779, w1 = -3.68377224 + 0.220264825 = -3.46350742;
     * E2 = 0.9 x 40 + 0.1 x 13.6754447^2 = 54.7017787, w2 = 0.683772234 - 0.184901627 = 0.498870607 */
    two_steps(&RMSPROP,
              (double[]){-3.6837722438652793, 0.68377223437844681, -3.4635074186403525,
                         0.49887060739081762},
              "rmsprop");
    cr_assert_eq(steps_to_bottom(&RMSPROP), 66);
}

Test(ch08, adadelta_takes_the_hand_steps_of_section_7)
{
    /* E[g^2] = (0.05 x 16, 0.05 x 400) = (0.8, 20);
     * dw = -sqrt(1e-7) / sqrt(0.8 + 1e-7) x (-4) = 0.00141421347, -sqrt(1e-7) / sqrt(20 + 1e-7) x 20;
     * E[dw^2] = 0.05 dw^2 = 9.99999875e-08, 9.99999995e-08; step 2 likewise:
     * w = (-3.99858579, 0.998585786), then (-3.9971538, 0.997154545) */
    two_steps(&ADADELTA,
              (double[]){-3.9985857865260153, 0.99858578644116247, -3.9971538036286107,
                         0.99715454454265662},
              "adadelta");
    /* tiny first steps: not at the bottom after 5000 (the chapter prints
     * f = 0.000951925955 then) */
    SurfaceRun run;
    cr_assert_eq(surface_descend(&BOWL, &ADADELTA, START, 5000, 1e-6, NULL, &run), 0);
    cr_assert(!run.reached && run.steps == 5000);
    close_rel(run.f, 0.000951925955, TOL_PRINTED, "adadelta f", 5000);
}

Test(ch08, adam_takes_the_hand_steps_of_section_8)
{
    /* m_hat = g, v_hat = g^2 at step 1: w = (-4 + 0.1 x 4 / (4 + 1e-7), 1 - 0.1 x 20 / (20 + 1e-7))
     *   = (-3.9000000025, 0.9000000005);
     * step 2: m1 = 0.9 x (-0.4) + 0.1 x (-3.9) = -0.75, m_hat = -0.75 / 0.19 = -3.94736842;
     * v1 = 0.999 x 0.016 + 0.001 x 15.21 = 0.031194, v_hat = 0.031194 / 0.001999 = 15.6048024;
     * w1 = -3.9 + 0.1 x 3.94736842 / 3.95029153 = -3.800074; likewise w2 = 0.800412229 */
    two_steps(&ADAM,
              (double[]){-3.9000000025000001, 0.90000000049999995, -3.8000739998564055,
                         0.80041222869179218},
              "adam");
    cr_assert_eq(steps_to_bottom(&ADAM), 149);
}

/* ---- the notes' rules, as written ------------------------------------------------ */

Test(ch08, the_notes_momentum_rule_never_settles)
{
    /* 004: v_t = v_{t-1} + eta g_t, w_t = w_{t-1} - eta v_t, eta = 0.04.
     * Step 1: v = (-0.16, 0.8), w = (-4 + 0.04 x 0.16, 1 - 0.04 x 0.8) = (-3.9936, 0.968).
     * Without gamma each coordinate is an undamped oscillator; the chapter
     * prints f = 7.6751908 after 100 steps and 13.6147876 after 1000 (f = 18
     * at the start). */
    double w[2] = {-4, 1}, v[2] = {0, 0};
    for (int t = 1; t <= 1000; t++) {
        double g[2];
        surface_grad(&BOWL, w[0], w[1], g);
        for (int i = 0; i < 2; i++) {
            v[i] = v[i] + 0.04 * g[i];
            w[i] = w[i] - 0.04 * v[i];
        }
        if (t == 1) {
            cr_assert_float_eq(w[0], -3.9936, 1e-12);
            cr_assert_float_eq(w[1], 0.968, 1e-12);
        }
        if (t == 100)
            close_rel(surface_value(&BOWL, w[0], w[1]), 7.6751908, TOL_PRINTED, "notes' f", t);
    }
    close_rel(surface_value(&BOWL, w[0], w[1]), 13.6147876, TOL_PRINTED, "notes' f", 1000);
}

Test(ch08, the_notes_adagrad_and_rmsprop_first_steps_explode)
{
    /* 002: alpha_1 = eps g1^2 = 1e-7 x 16; eta_1 = 0.5 / sqrt(1.6e-6 + 1e-7)
     * = 0.5 / sqrt(1.7e-6) = 0.5 / 0.00130384048 = 383.482494;
     * w1 = -4 + 383.482494 x 4 = 1529.92998; the right eta_1 is 0.5 / sqrt(16 + 1e-7) = 0.125 */
    double eta_1 = 0.5 / sqrt(1e-7 * 16 + 1e-7);
    close_rel(eta_1, 383.482494, TOL_PRINTED, "notes' adagrad eta_1", 1);
    close_rel(-4 + eta_1 * 4, 1529.92998, TOL_PRINTED, "notes' adagrad w1", 1);
    close_rel(eta_1 / (0.5 / sqrt(16 + 1e-7)), 3067.85996, TOL_PRINTED, "ratio", 1);
    /* 004: eta = eta_0 / (sqrt(E_{t-1}) + eps) with E_0 = 0: 0.1 / 1e-7 = 1e6;
     * w1 = -4 + 1e6 x 4 = 3999996 */
    double eta_rms = 0.1 / (sqrt(0.0) + 1e-7);
    close_rel(eta_rms, 1e6, TOL_PRINTED, "notes' rmsprop eta_1", 1);
    close_rel(-4 + eta_rms * 4, 3999996, TOL_PRINTED, "notes' rmsprop w1", 1);
}

/* ---- Nesterov's two forms ------------------------------------------------------------ */

Test(ch08, nesterov_in_the_w_prime_form_is_the_look_ahead_form_shifted)
{
    /* Sutskever: v_t = gamma v_{t-1} + eta grad f(w_{t-1} - gamma v_{t-1}),
     * w_t = w_{t-1} - v_t. The library keeps w'_t = w_t - gamma v_t. */
    double u[2] = {-4, 1}, vu[2] = {0, 0};
    Mat *W = mat_from(1, 2, START), *dW = mat_new(1, 2);
    Param p = {.name = "w", .value = W, .grad = dW, .trainable = 1};
    Optim *opt = optim_new(&NESTEROV, &p, 1);
    cr_assert(W && dW && opt);
    for (int t = 1; t <= 50; t++) {
        double ahead[2] = {u[0] - 0.9 * vu[0], u[1] - 0.9 * vu[1]}, g[2];
        surface_grad(&BOWL, ahead[0], ahead[1], g);
        for (int i = 0; i < 2; i++) {
            vu[i] = 0.9 * vu[i] + 0.04 * g[i];
            u[i] -= vu[i];
        }
        surface_grad(&BOWL, W->data[0], W->data[1], dW->data);
        optim_step(opt, &p, 1);
        for (int i = 0; i < 2; i++) {
            /* the velocities agree, and w' = w - gamma v */
            cr_assert_float_eq(opt->v[0]->data[i], vu[i], 1e-12, "v%d at step %d", i + 1, t);
            cr_assert_float_eq(W->data[i], u[i] - 0.9 * vu[i], 1e-12, "w'%d at step %d", i + 1, t);
        }
    }
    optim_free(opt);
    mat_free(W);
    mat_free(dW);
}

/* ---- the EDA and momentum (section 5) --------------------------------------------------- */

Test(ch08, the_eda_weights_add_up_to_1)
{
    /* 004's rho = 0.99: weights 0.01, 0.0099, 0.009801, 0.00970299, 0.0096059601
     * and the rest of the average 0.99^5 = 0.95099005: sum 1 */
    double sum = 0.0;
    for (int k = 1; k <= 5; k++)
        sum += 0.01 * pow(0.99, k - 1);
    cr_assert_float_eq(sum, 0.0490099501, 1e-15);
    cr_assert_float_eq(sum + pow(0.99, 5), 1.0, 1e-15);
    /* half-life ln 0.5 / ln 0.99 = 68.9675639 steps */
    close_rel(log(0.5) / log(0.99), 68.9675639, TOL_PRINTED, "half-life", 0);
}

Test(ch08, momentum_velocity_is_eta_over_1_minus_gamma_times_the_eda_of_g)
{
    /* v_t = gamma v_{t-1} + eta g_t and E_t = gamma E_{t-1} + (1 - gamma) g_t
     * from 0: v_t = eta / (1 - gamma) E_t. Section 5's table (w1):
     * t = 1: g = -4, v = -0.16, E = -0.4, 0.4 x E = -0.16;
     * t = 2: g = -3.84, v = 0.9 x (-0.16) + 0.04 x (-3.84) = -0.2976, E = -0.36 - 0.384 = -0.744 */
    Mat *W = mat_from(1, 2, START), *dW = mat_new(1, 2);
    Param p = {.name = "w", .value = W, .grad = dW, .trainable = 1};
    Optim *opt = optim_new(&MOMENTUM, &p, 1);
    cr_assert(W && dW && opt);
    double E[2] = {0, 0};
    static const double v1_want[] = {-0.16, -0.2976, -0.409536, -0.49389696};
    for (int t = 1; t <= 40; t++) {
        surface_grad(&BOWL, W->data[0], W->data[1], dW->data);
        for (int i = 0; i < 2; i++)
            E[i] = 0.9 * E[i] + 0.1 * dW->data[i];
        optim_step(opt, &p, 1);
        for (int i = 0; i < 2; i++)
            cr_assert_float_eq(opt->v[0]->data[i], 0.04 / (1 - 0.9) * E[i], 1e-12,
                               "v%d at step %d", i + 1, t);
        if (t <= 4)
            cr_assert_float_eq(opt->v[0]->data[0], v1_want[t - 1], 1e-12, "v1 at step %d", t);
    }
    optim_free(opt);
    mat_free(W);
    mat_free(dW);
}

/* ---- Adam's bias correction (section 8) ------------------------------------------------- */

Test(ch08, adams_first_step_is_alpha_in_every_coordinate_at_any_scale)
{
    /* m_hat = g, v_hat = g^2: the step is alpha g / (|g| + eps). For
     * g = (1e-3, -1e3): 0.1 x 1e-3 / (1e-3 + 1e-7) = 0.0999900010, and
     * 0.1 x 1e3 / (1e3 + 1e-7) = 0.1 (to 1e-11) */
    Mat *W = mat_new(1, 2), *dW = mat_from(1, 2, (double[]){1e-3, -1e3});
    Param p = {.name = "w", .value = W, .grad = dW, .trainable = 1};
    Optim *opt = optim_new(&ADAM, &p, 1);
    cr_assert(W && dW && opt);
    optim_step(opt, &p, 1);
    close_rel(W->data[0], -0.1 * 1e-3 / (1e-3 + 1e-7), TOL_REL, "w1", 1);
    close_rel(W->data[1], 0.1 * 1e3 / (1e3 + 1e-7), TOL_REL, "w2", 1);
    optim_free(opt);
    mat_free(W);
    mat_free(dW);
    /* without the correction, in w1 of the bowl: alpha (1 - beta1) g / (sqrt((1 - beta2) g^2) + eps)
     * = 0.1 x (-0.4) / (sqrt(0.016) + 1e-7) = -0.04 / 0.126491206 = -0.316227516 */
    double g = -4, uncorrected = 0.1 * 0.1 * g / (sqrt(0.001 * g * g) + 1e-7);
    close_rel(uncorrected, -0.316227516, TOL_PRINTED, "uncorrected step", 1);
    /* the corrections of section 8's table: 1 - 0.999^1000 = 0.632304575,
     * 1 - 0.9^10 = 0.65132156 */
    close_rel(1 - pow(0.999, 1000), 0.632304575, TOL_PRINTED, "1 - beta2^1000", 1000);
    close_rel(1 - pow(0.9, 10), 0.65132156, TOL_PRINTED, "1 - beta1^10", 10);
}

/* ---- reference trajectories on Rosenbrock's valley --------------------------------------- */

typedef struct {
    int step;
    double w1, w2;
} Point;

static const Surface ROSENBROCK = {.kind = SURFACE_ROSENBROCK, .a = 1, .b = 100};

/* The library's path from (-1.2, 1) must pass through the points ref[]. */
static void follows(const OptimSpec *spec, const Point *ref, int n, const char *what)
{
    double path[2 * 201];
    SurfaceRun run;
    cr_assert_eq(surface_descend(&ROSENBROCK, spec, (double[2]){-1.2, 1}, 200, 1e-30, path, &run),
                 0);
    cr_assert_eq(run.steps, 200);
    for (int k = 0; k < n; k++) {
        close_rel(path[2 * ref[k].step], ref[k].w1, TOL_TRAJ, what, ref[k].step);
        close_rel(path[2 * ref[k].step + 1], ref[k].w2, TOL_TRAJ, what, ref[k].step);
    }
}

Test(ch08, adam_follows_the_reference_trajectory_on_rosenbrock)
{
    /* Python, decimal, 50 digits (see the top of this file): Adam, lr 0.01 */
    static const Point ref[] = {
        {1, -1.19000000000463824e+00, 1.00999999998863643e+00},
        {2, -1.18003196279993183e+00, 1.01997111210435354e+00},
        {3, -1.17012054767559959e+00, 1.02989061893742773e+00},
        {10, -1.10495554210721902e+00, 1.09533461709142044e+00},
        {50, -1.06377366085056257e+00, 1.11271201651655183e+00},
        {100, -1.04357560243449465e+00, 1.09388266301256731e+00},
        {200, -1.00590184505583036e+00, 1.01812543639267328e+00},
    };
    follows(&(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.01, .beta1 = 0.9, .beta2 = 0.999,
                         .eps = 1e-7},
            ref, 7, "adam");
}

Test(ch08, momentum_follows_the_reference_trajectory_on_rosenbrock)
{
    /* Python, decimal, 50 digits: momentum, lr 0.001, gamma 0.9.
     * Step 1 by hand: g1 = -2 (2.2) - 400 (-1.2)(1 - 1.44) = -4.4 - 211.2 = -215.6,
     * g2 = 200 (-0.44) = -88: w = (-1.2 + 0.2156, 1 + 0.088) = (-0.9844, 1.088) */
    static const Point ref[] = {
        {1, -9.84400000000000053e-01, 1.08800000000000008e+00},
        {2, -8.33231566566399962e-01, 1.14340867200000007e+00},
        {3, -8.43206506743070405e-01, 1.10344971110453938e+00},
        {10, -8.13923231295305527e-01, 7.54867772222503786e-01},
        {50, 2.36267094387147519e-01, 7.49583137562154778e-02},
        {100, 6.22301428483200469e-01, 3.85231543321125414e-01},
        {200, 8.12599023278723798e-01, 6.59469049806716945e-01},
    };
    follows(&(OptimSpec){.kind = OPTIM_MOMENTUM, .lr = 0.001, .momentum = 0.9}, ref, 7,
            "momentum");
}

/* ---- the race (section 9) ------------------------------------------------------------------ */

/* Steps from start to f < 1e-6 on s, within 5000, or -1. */
static int race_steps(const Surface *s, const double start[2], OptimKind kind, double lr)
{
    SurfaceRun run;
    cr_assert_eq(surface_descend(s, &(OptimSpec){.kind = kind, .lr = lr}, start, 5000, 1e-6, NULL,
                                 &run), 0);
    return run.reached ? run.steps : -1;
}

Test(ch08, the_kept_runs_of_the_race_take_the_printed_steps)
{
    /* counts from an independent plain-float Python implementation */
    const double *b = START;
    cr_assert_eq(race_steps(&BOWL, b, OPTIM_SGD, 0.03), 261);
    cr_assert_eq(race_steps(&BOWL, b, OPTIM_MOMENTUM, 0.003), 134);
    cr_assert_eq(race_steps(&BOWL, b, OPTIM_NESTEROV, 0.03), 67);
    cr_assert_eq(race_steps(&BOWL, b, OPTIM_ADAGRAD, 3), 9);
    cr_assert_eq(race_steps(&BOWL, b, OPTIM_RMSPROP, 0.3), 25);
    cr_assert_eq(race_steps(&BOWL, b, OPTIM_ADAM, 0.1), 149);
    cr_assert_eq(race_steps(&BOWL, b, OPTIM_ADADELTA, 1), -1);
    /* Rosenbrock from (-1.2, 1) */
    const double r[2] = {-1.2, 1};
    cr_assert_eq(race_steps(&ROSENBROCK, r, OPTIM_MOMENTUM, 0.003), 450);
    cr_assert_eq(race_steps(&ROSENBROCK, r, OPTIM_NESTEROV, 0.001), 1426);
    cr_assert_eq(race_steps(&ROSENBROCK, r, OPTIM_ADAM, 0.3), 679);
    cr_assert_eq(race_steps(&ROSENBROCK, r, OPTIM_SGD, 0.001), -1);
    /* the saddle from (1.5, 1e-6) */
    const Surface saddle = {.kind = SURFACE_SADDLE, .a = 1, .b = 0.1};
    const double s[2] = {1.5, 1e-6};
    cr_assert_eq(race_steps(&saddle, s, OPTIM_SGD, 0.3), 143);
    cr_assert_eq(race_steps(&saddle, s, OPTIM_ADAGRAD, 1), 13);
    cr_assert_eq(race_steps(&saddle, s, OPTIM_RMSPROP, 0.3), 15);
    cr_assert_eq(race_steps(&saddle, s, OPTIM_ADAM, 0.1), 106);
    cr_assert_eq(race_steps(&saddle, s, OPTIM_ADADELTA, 3), 622);
}

Test(ch08, sgd_and_momentum_do_not_care_which_way_the_bowl_is_turned)
{
    /* the bowl turned by 45 degrees, from (-4, 1) turned likewise: the
     * rotation-invariant rules take the same steps; the per-weight ones do not */
    const Surface turned = {.kind = SURFACE_BOWL, .a = 10.5, .b = 10.5, .c = 9.5};
    const double t[2] = {-3 * sqrt(0.5), 5 * sqrt(0.5)};
    cr_assert_eq(race_steps(&turned, t, OPTIM_SGD, 0.03), 261);
    cr_assert_eq(race_steps(&turned, t, OPTIM_MOMENTUM, 0.003), 134);
    cr_assert_eq(race_steps(&turned, t, OPTIM_NESTEROV, 0.03), 67);
    cr_assert_eq(race_steps(&turned, t, OPTIM_ADAGRAD, 1), 137);
    cr_assert_eq(race_steps(&turned, t, OPTIM_ADAM, 0.1), 140);
    cr_assert_eq(race_steps(&turned, t, OPTIM_RMSPROP, 0.3), -1);
}

/* ---- the digits MLP ------------------------------------------------------------------------ */

/* The worst relative error among gradients large enough to measure. The
 * central difference rounds the cost (about 2.3, so 2.3 x 1.1e-16 each)
 * and divides by 2h = 2e-5: an absolute error near 1e-11, which is 1e-7
 * of a gradient of 1e-4 but 1e-6 of one of 1e-5. Smaller gradients are
 * left out. */
typedef struct {
    double worst;
    int measured;
} Worst;

static void note_error(const Param *p, int i, int j, double analytic, double numeric, void *ctx)
{
    (void)p, (void)i, (void)j;
    Worst *w = ctx;
    if (fmax(fabs(analytic), fabs(numeric)) < GRAD_MIN)
        return;
    double rel = fabs(analytic - numeric) / fmax(fabs(analytic), fabs(numeric));
    w->worst = fmax(w->worst, rel);
    w->measured++;
}

/* The chapter's net, 64 -> 32 ReLU -> 10 softmax with He uniform weights
 * drawn from rng, for batches of up to max_rows. */
static Net *digits_mlp(Rng *rng, int max_rows)
{
    Net *net = net_new(64, max_rows);
    cr_assert(net && net_add(net, 32, act_of(ACT_RELU)) == 0 &&
              net_add(net, 10, act_of(ACT_SOFTMAX)) == 0);
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, rng);
    return net;
}

/* Rows of X drawn from rng like scaled pixels (in [0, 1], 40% zeros), and
 * class labels 0..9 in Y. */
static void pixel_rows(Rng *rng, Mat *X, Mat *Y)
{
    for (int i = 0; i < X->rows; i++) {
        for (int j = 0; j < X->cols; j++)
            MAT_AT(X, i, j) = rng_uniform01(rng) < 0.4 ? 0.0 : rng_uniform01(rng);
        MAT_AT(Y, i, 0) = (i * 7) % 10;
    }
}

Test(ch08, the_digits_mlp_backpropagates_what_central_differences_measure)
{
    /* the chapter's net and loss, sparse CCE, on 6 rows */
    Rng rng;
    rng_seed(&rng, 8);
    Net *net = digits_mlp(&rng, 6);
    Mat *X = mat_new(6, 64), *Y = mat_new(6, 1);
    pixel_rows(&rng, X, Y);
    Worst w = {0};
    net_gradcheck(net, &(Loss){.kind = LOSS_SPARSE_CCE}, X, Y, 1e-5, note_error, &w);
    /* of 64 x 32 + 32 + 32 x 10 + 10 = 2410 values (many 0: inputs that are 0) */
    cr_assert(w.measured > 500, "only %d gradients above 1e-4", w.measured);
    cr_assert(w.worst <= GRAD_REL_TOL, "largest relative error %g", w.worst);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(ch08, a_fit_of_one_batch_is_one_step_of_the_callers_optimizer)
{
    /* section 10 trains with net_fit(.epochs = 1, .optimizer = opt) on one
     * batch at a time and reads optim_effective_lr after each: two passes
     * over 3 batches of 4 rows (6 steps, G carried over) must leave the
     * weights and Adagrad's rates exactly where net_cost_grad then
     * optim_step on the same batches leave them */
    Rng rng, same;
    rng_seed(&rng, 2014);
    rng_seed(&same, 2014);
    Net *hand = digits_mlp(&rng, 4), *fit = digits_mlp(&same, 4);
    Mat *X = mat_new(12, 64), *Y = mat_new(12, 1);
    pixel_rows(&rng, X, Y);
    Loss cce = {.kind = LOSS_SPARSE_CCE};
    OptimSpec adagrad = {.kind = OPTIM_ADAGRAD, .lr = 0.01};
    Optim *oh = optim_new(&adagrad, hand->params, hand->n_params);
    Optim *of = optim_new(&adagrad, fit->params, fit->n_params);
    for (int step = 0; step < 6; step++) {
        Mat Xb = mat_cview_rows(X, 4 * (step % 3), 4), Yb = mat_cview_rows(Y, 4 * (step % 3), 4);
        net_cost_grad(hand, &cce, &Xb, &Yb);
        optim_step(oh, hand->params, hand->n_params);
        FitResult res;
        cr_assert_eq(net_fit(fit, &cce, &Xb, &Yb, &(FitSpec){.epochs = 1, .optimizer = of}, &res),
                     0, "%s", res.message);
    }
    cr_assert_eq(of->t, 6);
    for (int p = 0; p < hand->n_params; p++)
        cr_assert_eq(mat_max_abs_diff(hand->params[p].value, fit->params[p].value), 0.0,
                     "param %d", p);
    int W = (int)(net_param(fit, "dense/W") - fit->params);
    for (long i = 0; i < 64 * 32; i++)
        cr_assert_eq(optim_effective_lr(oh, W, i), optim_effective_lr(of, W, i), "weight %ld", i);
    optim_free(oh);
    optim_free(of);
    net_free(hand);
    net_free(fit);
    mat_free(X);
    mat_free(Y);
}
