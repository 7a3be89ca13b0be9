/* test_optim.c - unit tests for lib/optim: the first two steps of every
 * optimizer by hand, every optimizer minimizing a 2-parameter function on
 * a bare Param list, clipping by norm and by value, frozen params left
 * alone, the defaults of zero fields, the effective learning rate,
 * misuse stopping at a check, and every rule giving the same bits on a
 * large param (vector blocks under every instruction set the CPU has,
 * pieces on 1, 2, 3 threads) as one value at a time.
 *
 * The problem of the hand tests: the elongated bowl
 *
 *     f(w) = w1^2 + 10 w2^2,   g = df/dw = (2 w1, 20 w2),   minimum 0 at (0, 0)
 *
 * with w = (w1, w2) a 1 x 2 param starting at (1, 1), its gradient
 * recomputed before each step. The hand values were worked out step by
 * step as written in the comments; the literals carry 17 digits, computed
 * with the same steps in Python's decimal module at 40 digits (numpy is
 * not needed).
 *
 * Tolerance of the hand values: 1e-12 relative. Two steps are a few dozen
 * roundings of 2^-53 ~ 1.1e-16 each (sqrt and pow are correctly rounded or
 * nearly), so the double results sit within ~1e-15 of the exact ones;
 * 1e-12 leaves a margin of 1000 yet sees eps: with eps = 1e-7, putting it
 * outside the square root instead of inside moves w in the 9th digit.
 */
#define _POSIX_C_SOURCE 200809L /* fileno, fcntl: death.h */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "death.h"
#include "gemm.h"
#include "mat.h"
#include "optim.h"
#include "param.h"

#define TOL_REL 1e-12

/* |got - want| <= 1e-12 |want| */
static void assert_close(double got, double want, const char *what)
{
    cr_assert(fabs(got - want) <= TOL_REL * fabs(want), "%s = %.17g, expected %.17g", what,
              got, want);
}

/* ---- the bowl, a 1 x 2 param ------------------------------------------------ */

typedef struct {
    Mat *w;  /* (1 x 2): w1, w2 */
    Mat *dw; /* (1 x 2): df/dw1, df/dw2 */
    Param p;
} Bowl;

static Bowl bowl_new(double w1, double w2)
{
    Bowl b;
    b.w = mat_from(1, 2, (double[]){w1, w2});
    b.dw = mat_new(1, 2);
    cr_assert(b.w && b.dw);
    b.p = (Param){.name = "bowl/w", .value = b.w, .grad = b.dw, .trainable = 1};
    return b;
}

/* g = (2 w1, 20 w2), the gradient of f = w1^2 + 10 w2^2 */
static void bowl_grad(Bowl *b)
{
    MAT_AT(b->dw, 0, 0) = 2 * MAT_AT(b->w, 0, 0);
    MAT_AT(b->dw, 0, 1) = 20 * MAT_AT(b->w, 0, 1);
}

static void bowl_free(Bowl *b)
{
    mat_free(b->w);
    mat_free(b->dw);
}

/* The gradient at the current w, then one step. */
static void bowl_step(Optim *opt, Bowl *b)
{
    bowl_grad(b);
    optim_step(opt, &b->p, 1);
}

static void assert_w(const Bowl *b, double w1, double w2)
{
    assert_close(MAT_AT(b->w, 0, 0), w1, "w1");
    assert_close(MAT_AT(b->w, 0, 1), w2, "w2");
}

/* ---- the first two steps of each optimizer, by hand -------------------------- */

Test(optim, sgd_steps_by_minus_lr_times_the_gradient)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_SGD, .lr = 0.01}, &b.p, 1);
    cr_assert_not_null(opt);
    /* step 1: g = (2 x 1, 20 x 1) = (2, 20)
     *         w = (1 - 0.01 x 2, 1 - 0.01 x 20) = (0.98, 0.8) */
    bowl_step(opt, &b);
    assert_w(&b, 0.98, 0.8);
    /* step 2: g = (2 x 0.98, 20 x 0.8) = (1.96, 16)
     *         w = (0.98 - 0.01 x 1.96, 0.8 - 0.01 x 16) = (0.9604, 0.64) */
    bowl_step(opt, &b);
    assert_w(&b, 0.9604, 0.64);
    cr_assert_eq(opt->t, 2);
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, momentum_adds_the_velocity_of_past_gradients)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_MOMENTUM, .lr = 0.01, .momentum = 0.9},
                           &b.p, 1);
    cr_assert_not_null(opt);
    /* step 1: g = (2, 20)
     *         v = 0.9 x 0 + 0.01 x (2, 20) = (0.02, 0.2)
     *         w = (1 - 0.02, 1 - 0.2) = (0.98, 0.8)
     * (the notes' v = v + eta g; w = w - eta v would give (0.9998, 0.998)) */
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->v[0], 0, 0), 0.02, "v1");
    assert_close(MAT_AT(opt->v[0], 0, 1), 0.2, "v2");
    assert_w(&b, 0.98, 0.8);
    /* step 2: g = (1.96, 16)
     *         v = 0.9 x (0.02, 0.2) + 0.01 x (1.96, 16)
     *           = (0.018 + 0.0196, 0.18 + 0.16) = (0.0376, 0.34)
     *         w = (0.98 - 0.0376, 0.8 - 0.34) = (0.9424, 0.46) */
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->v[0], 0, 0), 0.0376, "v1");
    assert_close(MAT_AT(opt->v[0], 0, 1), 0.34, "v2");
    assert_w(&b, 0.9424, 0.46);
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, nesterov_steps_by_momentum_v_plus_lr_g)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_NESTEROV, .lr = 0.01, .momentum = 0.9},
                           &b.p, 1);
    cr_assert_not_null(opt);
    /* step 1: g = (2, 20);  v = 0.01 x (2, 20) = (0.02, 0.2)
     *         w = 1 - (0.9 v + 0.01 g) = (1 - (0.018 + 0.02), 1 - (0.18 + 0.2))
     *           = (0.962, 0.62) */
    bowl_step(opt, &b);
    assert_w(&b, 0.962, 0.62);
    /* step 2: g = (2 x 0.962, 20 x 0.62) = (1.924, 12.4)
     *         v = 0.9 x (0.02, 0.2) + 0.01 x (1.924, 12.4)
     *           = (0.018 + 0.01924, 0.18 + 0.124) = (0.03724, 0.304)
     *         w = (0.962 - (0.9 x 0.03724 + 0.01924), 0.62 - (0.9 x 0.304 + 0.124))
     *           = (0.962 - 0.052756, 0.62 - 0.3976) = (0.909244, 0.2224) */
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->v[0], 0, 0), 0.03724, "v1");
    assert_close(MAT_AT(opt->v[0], 0, 1), 0.304, "v2");
    assert_w(&b, 0.909244, 0.2224);
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, adagrad_divides_lr_by_the_root_of_the_summed_squares)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADAGRAD, .lr = 0.1}, &b.p, 1);
    cr_assert_not_null(opt);
    /* eps = 1e-7 (the default)
     * step 1: g = (2, 20);  G = (2^2, 20^2) = (4, 400)
     *   lr / sqrt(G + eps) = (0.1 / sqrt(4.0000001), 0.1 / sqrt(400.0000001))
     *                      = (0.049999999375, 0.00499999999938)
     *   w = (1 - 0.049999999375 x 2, 1 - 0.00499999999938 x 20)
     *     = (0.90000000125, 0.9000000000125)
     * (both w near 0.9: Adagrad's first step is lr sign(g), whatever |g|) */
    bowl_step(opt, &b);
    assert_w(&b, 0.90000000124999998, 0.90000000001250000);
    /* step 2: g = (1.8000000025, 18.00000000025)
     *   G = (4 + 3.240000009, 400 + 324.000000009) = (7.240000009, 724.000000009)
     *   lr / sqrt(G + eps) = (0.1 / sqrt(7.2400001), 0.1 / sqrt(724.0000001))
     *                      = (0.0371647070326, 0.00371647073096)
     *   w = (0.90000000125 - 0.0371647070326 x 1.8000000025,
     *        0.9000000000125 - 0.00371647073096 x 18.00000000025)
     *     = (0.833103528498, 0.833103526854) */
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->G[0], 0, 0), 7.2400000089999998, "G1");
    assert_close(MAT_AT(opt->G[0], 0, 1), 724.00000000900000, "G2");
    assert_close(optim_effective_lr(opt, 0, 0), 0.037164707032596365, "lr1");
    assert_close(optim_effective_lr(opt, 0, 1), 0.0037164707309560696, "lr2");
    assert_w(&b, 0.83310352849841475, 0.83310352685436163);
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, adadelta_scales_the_step_by_the_rms_of_past_steps)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADADELTA, .lr = 1.0, .rho = 0.95},
                           &b.p, 1);
    cr_assert_not_null(opt);
    /* lr = 1 (Zeiler's paper), eps = 1e-7; E[g^2] and E[dw^2] start at 0
     * step 1: g = (2, 20)
     *   E[g^2] = 0.95 x 0 + 0.05 x (4, 400) = (0.2, 20)
     *   dw = -sqrt(0 + eps) / sqrt(E[g^2] + eps) g
     *      = -(0.000316227766017 / 0.447213707303 x 2,
     *          0.000316227766017 / 4.47213596618 x 20)
     *      = (-0.00141421320882, -0.00141421355884)
     *   E[dw^2] = 0.05 dw^2 = (9.999995e-8, 9.99999995e-8)
     *   w = 1 + dw = (0.998585786791, 0.998585786441)
     * (the first step is ~sqrt(eps/(1 - rho)) sign(g): tiny, whatever lr) */
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->Eg2[0], 0, 0), 0.2, "E[g^2]1");
    assert_close(MAT_AT(opt->Edw2[0], 0, 0), 9.9999950000025000e-8, "E[dw^2]1");
    assert_close(MAT_AT(opt->Edw2[0], 0, 1), 9.9999999500000002e-8, "E[dw^2]2");
    assert_w(&b, 0.99858578679118016, 0.99858578644116244);
    /* step 2: g = (1.99717157358, 19.9717157288)
     *   E[g^2] = 0.95 x (0.2, 20) + 0.05 g^2 = (0.19 + 0.199434714716, 19 + 19.9434714576)
     *          = (0.389434714716, 38.9434714576)
     *   dw = -sqrt(E[dw^2] + eps) / sqrt(E[g^2] + eps) g
     *      = -(0.000447213539598 / 0.624047125397 x 1.99717157358,
     *          0.000447213594941 / 6.24047045964 x 19.9717157288)
     *      = (-0.00143124153971, -0.00143124189851)
     *   w = (0.998585786791 - 0.00143124153971, 0.998585786441 - 0.00143124189851)
     *     = (0.997154545251, 0.997154544543) */
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->Eg2[0], 0, 1), 38.943471457646298, "E[g^2]2");
    assert_w(&b, 0.99715454525146692, 0.99715454454265659);
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, adadelta_multiplies_its_step_by_lr_as_keras_does)
{
    /* Keras' default lr = 0.001 (the test above has Zeiler's lr = 1), w1:
     *   step 1: dw = -0.00141421320882 as above, E[dw^2] = 9.999995e-8 as above
     *           (E[dw^2] averages dw before lr scales it, as in Keras)
     *           w1 = 1 + 0.001 x (-0.00141421320882) = 0.99999858578679118 */
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADADELTA}, &b.p, 1);
    cr_assert_not_null(opt);
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->Edw2[0], 0, 0), 9.9999950000025000e-8, "E[dw^2]1");
    assert_close(MAT_AT(b.w, 0, 0), 0.99999858578679118, "w1");
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, rmsprop_divides_lr_by_the_root_of_the_decaying_mean_square)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_RMSPROP, .lr = 0.01, .rho = 0.9},
                           &b.p, 1);
    cr_assert_not_null(opt);
    /* eps = 1e-7
     * step 1: g = (2, 20);  E[g^2] = 0.9 x 0 + 0.1 x (4, 400) = (0.4, 40)
     *   lr / sqrt(E[g^2] + eps) = (0.01 / sqrt(0.4000001), 0.01 / sqrt(40.0000001))
     *                           = (0.0158113863244, 0.00158113882811)
     *   w = (1 - 0.0158113863244 x 2, 1 - 0.00158113882811 x 20)
     *     = (0.968377227351, 0.968377223438) */
    bowl_step(opt, &b);
    assert_w(&b, 0.96837722735116254, 0.96837722343784468);
    /* step 2: g = (1.93675445470, 19.3675444688)
     *   E[g^2] = 0.9 x (0.4, 40) + 0.1 g^2 = (0.36 + 0.375101781781, 36 + 37.5101778749)
     *          = (0.735101781781, 73.5101778749)
     *   lr / sqrt(E[g^2] + eps) = (0.0116634285373, 0.00116634293467)
     *   w = (0.968377227351 - 0.0116634285373 x 1.93675445470,
     *        0.968377223438 - 0.00116634293467 x 19.3675444688)
     *     = (0.945788030175, 0.945788024785) */
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->Eg2[0], 0, 0), 0.73510178178093006, "E[g^2]1");
    assert_close(optim_effective_lr(opt, 0, 1), 0.0011663429346708163, "lr2");
    assert_w(&b, 0.94578803017450264, 0.94578802478478723);
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, adam_corrects_the_bias_of_m_and_v)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.1}, &b.p, 1);
    cr_assert_not_null(opt);
    /* beta1 = 0.9, beta2 = 0.999, eps = 1e-7 (the defaults)
     * step 1 (t = 1): g = (2, 20)
     *   m = 0.1 g = (0.2, 2);  v = 0.001 g^2 = (0.004, 0.4)
     *   m_hat = m / (1 - 0.9) = (2, 20);  v_hat = v / (1 - 0.999) = (4, 400)
     *   w = 1 - 0.1 m_hat / (sqrt(v_hat) + eps) = (1 - 0.2 / 2.0000001, 1 - 2 / 20.0000001)
     *     = (0.900000005, 0.9000000005)
     * (without the corrections: 1 - 0.1 x 0.2 / (0.0632455532 + eps) = 0.68377...) */
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->m[0], 0, 1), 2.0, "m2");
    assert_close(MAT_AT(opt->v[0], 0, 1), 0.4, "v2");
    assert_w(&b, 0.90000000499999975, 0.90000000050000000);
    /* step 2 (t = 2): g = (1.80000001, 18.00000001)
     *   m = 0.9 x (0.2, 2) + 0.1 g = (0.18 + 0.180000001, 1.8 + 1.800000001)
     *     = (0.360000001, 3.600000001)
     *   v = 0.999 x (0.004, 0.4) + 0.001 g^2 = (0.003996 + 0.003240000036, 0.3996 + 0.324000000360)
     *     = (0.007236000036, 0.72360000036)
     *   m_hat = m / (1 - 0.9^2) = m / 0.19 = (1.89473684737, 18.9473684263)
     *   v_hat = v / (1 - 0.999^2) = v / 0.001999 = (3.61980992296, 361.980990675)
     *   w = (0.900000005 - 0.1 x 1.89473684737 / (1.90257980725 + eps),
     *        0.9000000005 - 0.1 x 18.9473684263 / (19.0257980299 + eps))
     *     = (0.800412237877, 0.800412228692) */
    bowl_step(opt, &b);
    assert_close(MAT_AT(opt->m[0], 0, 0), 0.36000000099999995, "m1");
    assert_close(MAT_AT(opt->v[0], 0, 0), 0.0072360000359999983, "v1");
    assert_w(&b, 0.80041223787669897, 0.80041222869179215);
    optim_free(opt);
    bowl_free(&b);
}

/* ---- each optimizer minimizes a 2-parameter function -------------------------- */

/* f and its gradient at w (1 x 2) into g (1 x 2); the minimum at w_min. */
typedef struct {
    void (*grad)(const Mat *w, Mat *g);
    double w_min[2];
} Problem;

static void bowl_gradient(const Mat *w, Mat *g)
{
    MAT_AT(g, 0, 0) = 2 * MAT_AT(w, 0, 0);
    MAT_AT(g, 0, 1) = 20 * MAT_AT(w, 0, 1);
}

/* Rosenbrock's banana f = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1):
 * df/dx = -2 (1 - x) - 400 x (y - x^2),  df/dy = 200 (y - x^2) */
static void rosenbrock_gradient(const Mat *w, Mat *g)
{
    double x = MAT_AT(w, 0, 0), y = MAT_AT(w, 0, 1);
    MAT_AT(g, 0, 0) = -2 * (1 - x) - 400 * x * (y - x * x);
    MAT_AT(g, 0, 1) = 200 * (y - x * x);
}

static const Problem BOWL = {bowl_gradient, {0, 0}};
static const Problem ROSENBROCK = {rosenbrock_gradient, {1, 1}};

/* Steps from (w1, w2) until w is within distance tol of the minimum, or
 * -1 if that takes more than max_steps. A Param list of one 1 x 2 param. */
static int steps_to_minimum(const OptimSpec *spec, const Problem *pb, double w1, double w2,
                            double tol, int max_steps)
{
    Mat *w = mat_from(1, 2, (double[]){w1, w2});
    Mat *g = mat_new(1, 2);
    Param p = {.name = "w", .value = w, .grad = g, .trainable = 1};
    Optim *opt = optim_new(spec, &p, 1);
    cr_assert(w && g && opt);
    int steps = -1;
    for (int t = 1; t <= max_steps; t++) {
        pb->grad(w, g);
        optim_step(opt, &p, 1);
        if (hypot(MAT_AT(w, 0, 0) - pb->w_min[0], MAT_AT(w, 0, 1) - pb->w_min[1]) < tol) {
            steps = t;
            break;
        }
    }
    optim_free(opt);
    mat_free(w);
    mat_free(g);
    return steps;
}

/* The step counts below are deterministic (no randomness); each bound is
 * the count seen when the test was written plus a margin, so a slower or
 * broken rule fails. The adaptive methods with a constant lr do not
 * settle exactly: they hover near the minimum (Adadelta's rate even grows
 * back towards lr there, Zeiler 4.3), so the tests ask when w first gets
 * within 1e-3 of it. */
#define CLOSE 1e-3

Test(optim, sgd_reaches_the_bottom_of_the_bowl_in_exactly_83_steps)
{
    /* lr = 0.04: w1 <- (1 - 2 lr) w1 = 0.92 w1 and w2 <- (1 - 20 lr) w2 = 0.2 w2,
     * so w = (0.92^t, 0.2^t): within 1e-3 first when 0.92^t < 1e-3 (0.2^t is
     * far smaller), t > ln(1e-3) / ln(0.92) = 82.8, so t = 83. */
    int t = steps_to_minimum(&(OptimSpec){.kind = OPTIM_SGD, .lr = 0.04}, &BOWL, 1, 1, CLOSE,
                             1000);
    cr_assert_eq(t, 83);
}

Test(optim, momentum_reaches_the_bottom_of_the_bowl_within_150_steps)
{
    int t = steps_to_minimum(&(OptimSpec){.kind = OPTIM_MOMENTUM, .lr = 0.01}, &BOWL, 1, 1,
                             CLOSE, 150); /* 106 when written */
    cr_assert(t > 0, "not within %g after 150 steps", CLOSE);
}

Test(optim, nesterov_reaches_the_bottom_of_the_bowl_within_120_steps)
{
    int t = steps_to_minimum(&(OptimSpec){.kind = OPTIM_NESTEROV, .lr = 0.01}, &BOWL, 1, 1,
                             CLOSE, 120); /* 84 when written */
    cr_assert(t > 0, "not within %g after 120 steps", CLOSE);
}

Test(optim, adagrad_reaches_the_bottom_of_the_bowl_within_30_steps)
{
    int t = steps_to_minimum(&(OptimSpec){.kind = OPTIM_ADAGRAD, .lr = 0.5}, &BOWL, 1, 1,
                             CLOSE, 30); /* 13 when written */
    cr_assert(t > 0, "not within %g after 30 steps", CLOSE);
}

Test(optim, adadelta_reaches_the_bottom_of_the_bowl_within_1500_steps)
{
    int t = steps_to_minimum(&(OptimSpec){.kind = OPTIM_ADADELTA, .lr = 1.0}, &BOWL, 1, 1,
                             CLOSE, 1500); /* 1013 when written: it starts slowly */
    cr_assert(t > 0, "not within %g after 1500 steps", CLOSE);
}

Test(optim, rmsprop_reaches_the_bottom_of_the_bowl_within_200_steps)
{
    int t = steps_to_minimum(&(OptimSpec){.kind = OPTIM_RMSPROP, .lr = 0.01}, &BOWL, 1, 1,
                             CLOSE, 200); /* 132 when written */
    cr_assert(t > 0, "not within %g after 200 steps", CLOSE);
}

Test(optim, adam_reaches_the_bottom_of_the_bowl_within_120_steps)
{
    int t = steps_to_minimum(&(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.1}, &BOWL, 1, 1, CLOSE,
                             120); /* 82 when written */
    cr_assert(t > 0, "not within %g after 120 steps", CLOSE);
}

Test(optim, adam_finds_the_minimum_of_rosenbrocks_banana_within_6000_steps)
{
    /* from the classic start (-1.2, 1), along the curved valley to (1, 1) */
    int t = steps_to_minimum(&(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.01}, &ROSENBROCK, -1.2,
                             1, CLOSE, 6000); /* 4409 when written */
    cr_assert(t > 0, "not within %g after 6000 steps", CLOSE);
}

/* ---- frozen params ------------------------------------------------------------ */

Test(optim, a_param_with_trainable_0_is_never_changed_by_any_optimizer)
{
    for (int kind = OPTIM_SGD; kind <= OPTIM_ADAM; kind++) {
        /* params[0] frozen, with a gradient that would move it; params[1] the bowl */
        Mat *frozen = mat_from(1, 3, (double[]){0.5, -0.25, 2.0});
        Mat *frozen_g = mat_from(1, 3, (double[]){30.0, -40.0, 50.0});
        Bowl b = bowl_new(1, 1);
        Param params[2] = {
            {.name = "bn/moving_mean", .value = frozen, .grad = frozen_g, .trainable = 0},
            b.p,
        };
        /* clipnorm 1 too: clipping must not touch the frozen grad either */
        Optim *opt = optim_new(&(OptimSpec){.kind = (OptimKind)kind, .clipnorm = 1.0},
                               params, 2);
        cr_assert_not_null(opt);
        for (int t = 0; t < 3; t++) {
            bowl_grad(&b); /* params[1] points at b's matrices */
            optim_step(opt, params, 2);
        }
        const char *name = optim_name((OptimKind)kind);
        cr_assert(MAT_AT(b.w, 0, 0) < 1.0, "%s did not step the trainable param", name);
        cr_assert(frozen->data[0] == 0.5 && frozen->data[1] == -0.25 && frozen->data[2] == 2.0,
                  "%s changed the frozen param", name);
        cr_assert(frozen_g->data[0] == 30.0 && frozen_g->data[1] == -40.0 &&
                      frozen_g->data[2] == 50.0,
                  "%s changed the frozen grad", name);
        Mat **state = opt->v ? opt->v : opt->G ? opt->G : opt->Eg2;
        if (state)
            cr_assert_null(state[0], "%s keeps state for a frozen param", name);
        optim_free(opt);
        mat_free(frozen);
        mat_free(frozen_g);
        bowl_free(&b);
    }
}

/* ---- clipping ------------------------------------------------------------------- */

Test(optim, clip_norm_scales_all_gradients_together_to_norm_c)
{
    /* two params, grads (3, 0) and (4): ||g|| = sqrt(9 + 0 + 16) = 5;
     * c = 1: every g times 1/5 = (0.6, 0), (0.8), and the norm is 1 */
    Mat *a = mat_new(1, 2), *ga = mat_from(1, 2, (double[]){3, 0});
    Mat *b = mat_new(1, 1), *gb = mat_from(1, 1, (double[]){4});
    Param params[2] = {{.name = "a", .value = a, .grad = ga, .trainable = 1},
                       {.name = "b", .value = b, .grad = gb, .trainable = 1}};
    assert_close(optim_clip_norm(params, 2, 1.0), 5.0, "norm before");
    assert_close(ga->data[0], 0.6, "ga1");
    cr_assert_eq(ga->data[1], 0.0);
    assert_close(gb->data[0], 0.8, "gb");
    assert_close(param_grad_norm(params, 2), 1.0, "norm after");
    mat_free(a), mat_free(ga), mat_free(b), mat_free(gb);
}

Test(optim, clip_norm_leaves_gradients_below_c_alone_and_skips_frozen_ones)
{
    /* trainable grad (3, 4): norm 5 <= c = 5, unchanged; the frozen grad
     * (100) counts neither in the norm nor in the scaling */
    Mat *a = mat_new(1, 2), *ga = mat_from(1, 2, (double[]){3, 4});
    Mat *b = mat_new(1, 1), *gb = mat_from(1, 1, (double[]){100});
    Param params[2] = {{.name = "a", .value = a, .grad = ga, .trainable = 1},
                       {.name = "b", .value = b, .grad = gb, .trainable = 0}};
    assert_close(optim_clip_norm(params, 2, 5.0), 5.0, "norm");
    cr_assert(ga->data[0] == 3 && ga->data[1] == 4 && gb->data[0] == 100);
    /* c = 2.5: the trainable one halves, the frozen one stays */
    optim_clip_norm(params, 2, 2.5);
    assert_close(ga->data[0], 1.5, "ga1");
    assert_close(ga->data[1], 2.0, "ga2");
    cr_assert_eq(gb->data[0], 100);
    mat_free(a), mat_free(ga), mat_free(b), mat_free(gb);
}

Test(optim, clip_value_clamps_each_gradient_to_minus_c_c)
{
    /* c = 1: (-3, 0.5, 2, -1) -> (-1, 0.5, 1, -1); two values clamped
     * (-1 is on the edge: not clamped) */
    Mat *w = mat_new(2, 2), *g = mat_from(2, 2, (double[]){-3, 0.5, 2, -1});
    Param p = {.name = "w", .value = w, .grad = g, .trainable = 1};
    cr_assert_eq(optim_clip_value(&p, 1, 1.0), 2);
    double want[] = {-1, 0.5, 1, -1};
    for (int k = 0; k < 4; k++)
        cr_assert_eq(g->data[k], want[k], "g[%d] = %g, expected %g", k, g->data[k], want[k]);
    mat_free(w), mat_free(g);
}

Test(optim, step_clips_by_norm_before_the_update_and_leaves_the_clipped_grad)
{
    /* SGD lr 0.1, clipnorm 1, g = (3, 4): ||g|| = 5 > 1, g -> (0.6, 0.8)
     * w = (1 - 0.1 x 0.6, 1 - 0.1 x 0.8) = (0.94, 0.92) */
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_SGD, .lr = 0.1, .clipnorm = 1.0}, &b.p, 1);
    cr_assert_not_null(opt);
    MAT_AT(b.dw, 0, 0) = 3;
    MAT_AT(b.dw, 0, 1) = 4;
    optim_step(opt, &b.p, 1);
    assert_close(MAT_AT(b.dw, 0, 0), 0.6, "g1 after");
    assert_close(MAT_AT(b.dw, 0, 1), 0.8, "g2 after");
    assert_w(&b, 0.94, 0.92);
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, step_clips_by_value_before_the_update)
{
    /* SGD lr 0.1, clipvalue 0.5, g = (3, -0.25) -> (0.5, -0.25)
     * w = (1 - 0.1 x 0.5, 1 + 0.1 x 0.25) = (0.95, 1.025) */
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_SGD, .lr = 0.1, .clipvalue = 0.5}, &b.p,
                           1);
    cr_assert_not_null(opt);
    MAT_AT(b.dw, 0, 0) = 3;
    MAT_AT(b.dw, 0, 1) = -0.25;
    optim_step(opt, &b.p, 1);
    assert_w(&b, 0.95, 1.025);
    optim_free(opt);
    bowl_free(&b);
}

/* ---- settings ------------------------------------------------------------------- */

/* opt->spec of a spec with only .kind set: the table in optim.h */
static OptimSpec defaults_of(OptimKind kind)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = kind}, &b.p, 1);
    cr_assert_not_null(opt);
    OptimSpec s = opt->spec;
    optim_free(opt);
    bowl_free(&b);
    return s;
}

Test(optim, zero_fields_take_the_defaults_of_the_table_in_optim_h)
{
    OptimSpec s = defaults_of(OPTIM_SGD);
    cr_assert(s.lr == 0.01 && s.momentum == 0 && s.eps == 0);
    s = defaults_of(OPTIM_MOMENTUM);
    cr_assert(s.lr == 0.01 && s.momentum == 0.9);
    s = defaults_of(OPTIM_NESTEROV);
    cr_assert(s.lr == 0.01 && s.momentum == 0.9);
    s = defaults_of(OPTIM_ADAGRAD);
    cr_assert(s.lr == 0.001 && s.eps == 1e-7);
    s = defaults_of(OPTIM_ADADELTA);
    cr_assert(s.lr == 0.001 && s.rho == 0.95 && s.eps == 1e-7);
    s = defaults_of(OPTIM_RMSPROP);
    cr_assert(s.lr == 0.001 && s.rho == 0.9 && s.eps == 1e-7);
    s = defaults_of(OPTIM_ADAM);
    cr_assert(s.lr == 0.001 && s.beta1 == 0.9 && s.beta2 == 0.999 && s.eps == 1e-7);
    cr_assert(s.clipnorm == 0 && s.clipvalue == 0, "no clipping unless asked");
}

Test(optim, fields_that_are_set_are_kept)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.05, .beta2 = 0.99,
                                        .eps = 1e-8, .clipvalue = 2},
                           &b.p, 1);
    cr_assert_not_null(opt);
    cr_assert(opt->spec.lr == 0.05 && opt->spec.beta1 == 0.9 && opt->spec.beta2 == 0.99 &&
              opt->spec.eps == 1e-8 && opt->spec.clipvalue == 2);
    cr_assert(opt->n == 1 && opt->t == 0);
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, a_default_adam_steps_by_its_default_lr)
{
    /* The defaults in use, not just stored: Adam's first step is
     * lr m_hat / (sqrt(v_hat) + eps) = 0.001 x 2 / (2 + 1e-7) = 0.00099999995
     * on w1 (g = 2), so w1 = 1 - 0.00099999995 = 0.99900000005 */
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADAM}, &b.p, 1);
    cr_assert_not_null(opt);
    bowl_step(opt, &b);
    assert_close(MAT_AT(b.w, 0, 0), 1 - 0.001 * 2 / (2 + 1e-7), "w1");
    assert_close(MAT_AT(b.w, 0, 0), 0.99900000005, "w1");
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, names_are_the_keras_spellings)
{
    cr_assert_str_eq(optim_name(OPTIM_SGD), "sgd");
    cr_assert_str_eq(optim_name(OPTIM_MOMENTUM), "momentum");
    cr_assert_str_eq(optim_name(OPTIM_NESTEROV), "nesterov");
    cr_assert_str_eq(optim_name(OPTIM_ADAGRAD), "adagrad");
    cr_assert_str_eq(optim_name(OPTIM_ADADELTA), "adadelta");
    cr_assert_str_eq(optim_name(OPTIM_RMSPROP), "rmsprop");
    cr_assert_str_eq(optim_name(OPTIM_ADAM), "adam");
}

/* ---- the effective learning rate ---------------------------------------------------- */

Test(optim, effective_lr_of_adagrad_shrinks_at_every_step)
{
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADAGRAD, .lr = 0.1}, &b.p, 1);
    cr_assert_not_null(opt);
    /* before any step G = 0: lr / sqrt(eps) = 0.1 / sqrt(1e-7) = 316.227766 */
    assert_close(optim_effective_lr(opt, 0, 0), 0.1 / sqrt(1e-7), "lr before");
    double before = optim_effective_lr(opt, 0, 0);
    for (int t = 1; t <= 10; t++) {
        bowl_step(opt, &b);
        double now = optim_effective_lr(opt, 0, 0);
        cr_assert(now < before, "step %d: %g, not below %g", t, now, before);
        assert_close(now, 0.1 / sqrt(MAT_AT(opt->G[0], 0, 0) + 1e-7), "lr / sqrt(G + eps)");
        before = now;
    }
    optim_free(opt);
    bowl_free(&b);
}

Test(optim, effective_lr_of_sgd_is_lr_and_of_adam_is_per_unit_of_m_hat)
{
    Bowl b = bowl_new(1, 1);
    Optim *sgd = optim_new(&(OptimSpec){.kind = OPTIM_MOMENTUM, .lr = 0.03}, &b.p, 1);
    Optim *adam = optim_new(&(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.1}, &b.p, 1);
    cr_assert(sgd && adam);
    cr_assert_eq(optim_effective_lr(sgd, 0, 1), 0.03);
    /* Adam before a step: v_hat = 0, lr / (0 + eps) = 0.1 / 1e-7 = 1e6 */
    assert_close(optim_effective_lr(adam, 0, 1), 1e6, "adam before");
    /* after step 1 with g2 = 20: v_hat = 400, lr / (20 + 1e-7) = 0.00499999997500000 */
    bowl_step(adam, &b);
    assert_close(optim_effective_lr(adam, 0, 1), 0.1 / (20 + 1e-7), "adam after");
    optim_free(sgd);
    optim_free(adam);
    bowl_free(&b);
}

/* ---- lifetimes and misuse ------------------------------------------------------------ */

Test(optim, free_of_null_does_nothing)
{
    optim_free(NULL);
}

Test(optim, an_empty_list_is_fine)
{
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADAM}, NULL, 0);
    cr_assert_not_null(opt);
    optim_step(opt, NULL, 0);
    cr_assert_eq(opt->t, 1);
    optim_free(opt);
}

Test(optim, stepping_a_list_of_another_length_is_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("n == opt->n");
    Bowl b = bowl_new(1, 1);
    Param params[2] = {b.p, b.p};
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_SGD}, params, 1);
    optim_step(opt, params, 2);
}

Test(optim, stepping_a_param_of_another_shape_is_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("p->value is 2 x 1, expected 1 x 2");
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADAM}, &b.p, 1);
    Mat *w = mat_new(2, 1), *g = mat_new(2, 1);
    Param other = {.name = "other", .value = w, .grad = g, .trainable = 1};
    optim_step(opt, &other, 1);
}

Test(optim, a_param_trainable_without_grad_is_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("p->grad != NULL");
    Bowl b = bowl_new(1, 1);
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_SGD}, &b.p, 1);
    b.p.grad = NULL;
    optim_step(opt, &b.p, 1);
}

Test(optim, a_param_frozen_at_new_cannot_be_stepped_later, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("state[i] != NULL");
    Bowl b = bowl_new(1, 1);
    b.p.trainable = 0;
    Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_MOMENTUM}, &b.p, 1);
    b.p.trainable = 1; /* no velocity was allocated for it */
    optim_step(opt, &b.p, 1);
}

Test(optim, clipnorm_and_clipvalue_together_are_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("clipnorm 1 and clipvalue 1 are both set");
    Bowl b = bowl_new(1, 1);
    optim_new(&(OptimSpec){.kind = OPTIM_SGD, .clipnorm = 1, .clipvalue = 1}, &b.p, 1);
}

Test(optim, a_momentum_of_1_or_more_is_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("the momentum is 1;");
    Bowl b = bowl_new(1, 1);
    optim_new(&(OptimSpec){.kind = OPTIM_MOMENTUM, .momentum = 1.0}, &b.p, 1);
}

Test(optim, a_negative_lr_is_a_check, .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("the learning rate is -0.1;");
    Bowl b = bowl_new(1, 1);
    optim_new(&(OptimSpec){.kind = OPTIM_SGD, .lr = -0.1}, &b.p, 1);
}

/* ---- a large param: vector blocks and pieces on several threads ---------- */

enum { BIG_ROWS = 301, BIG_COLS = 337, SMALL = 7, N_SMALL = BIG_ROWS * BIG_COLS / SMALL };

/* w_k = sin(0.37 k), and the gradient of step t g_k = cos(0.11 k + t) / 3 */
static void big_start(double *w, double *g, int t)
{
    for (long k = 0; k < (long)BIG_ROWS * BIG_COLS; k++) {
        if (w)
            w[k] = sin(0.37 * k);
        g[k] = cos(0.11 * k + t) / 3.0;
    }
}

/* Three steps of the kind on one param of 301 x 337 = 101,437 values:
 * above mat.c's 32,768, so stepped in one piece per thread, each in
 * blocks of 8 with the instructions of isa. */
static void step_big(OptimKind kind, GemmIsa isa, int threads, double *w)
{
    gemm_set_isa(isa);
    gemm_set_threads(threads);
    Mat W = {BIG_ROWS, BIG_COLS, w}, *G = mat_new(BIG_ROWS, BIG_COLS);
    Param p = {.name = "big", .value = &W, .grad = G, .trainable = 1};
    Optim *opt = optim_new(&(OptimSpec){.kind = kind}, &p, 1);
    for (int t = 1; t <= 3; t++) {
        big_start(NULL, G->data, t);
        optim_step(opt, &p, 1);
    }
    optim_free(opt);
    mat_free(G);
    gemm_set_threads(0);
    gemm_set_isa(GEMM_N_ISA);
}

/* The same values and steps as 14,491 params of 7 values each: fewer
 * than a block of 8, so every value is stepped alone, in plain code. */
static void step_small(OptimKind kind, double *w)
{
    static Mat W[N_SMALL], G[N_SMALL];
    static Param p[N_SMALL];
    double *g = malloc((size_t)BIG_ROWS * BIG_COLS * sizeof *g);
    for (int i = 0; i < N_SMALL; i++) {
        W[i] = (Mat){1, SMALL, w + (long)i * SMALL};
        G[i] = (Mat){1, SMALL, g + (long)i * SMALL};
        p[i] = (Param){.name = "small", .value = &W[i], .grad = &G[i], .trainable = 1};
    }
    Optim *opt = optim_new(&(OptimSpec){.kind = kind}, p, N_SMALL);
    for (int t = 1; t <= 3; t++) {
        big_start(NULL, g, t);
        optim_step(opt, p, N_SMALL);
    }
    optim_free(opt);
    free(g);
}

Test(optim, every_rule_gives_the_same_bits_on_a_large_param_with_any_isa_and_threads)
{
    size_t size = (size_t)BIG_ROWS * BIG_COLS * sizeof(double);
    double *want = malloc(size), *got = malloc(size), *g = malloc(size);
    for (int kind = 0; kind <= OPTIM_ADAM; kind++) {
        big_start(want, g, 0);
        step_small((OptimKind)kind, want);
        for (int isa = 0; isa < GEMM_N_ISA; isa++)
            for (int threads = 1; threads <= 3 && gemm_isa_available((GemmIsa)isa); threads++) {
                big_start(got, g, 0);
                step_big((OptimKind)kind, (GemmIsa)isa, threads, got);
                cr_assert_eq(memcmp(got, want, size), 0, "%s, %s, %d threads",
                             optim_name((OptimKind)kind), gemm_isa_name((GemmIsa)isa), threads);
            }
    }
    free(want);
    free(got);
    free(g);
}
