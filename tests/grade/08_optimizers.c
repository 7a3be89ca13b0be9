/* Grader of chapter 08, optimizers (10 points): the chapter's hand steps on
 * the bowl f = 1/2 (w1^2 + 20 w2^2) from w = (-4, 1), and behaviour: 25
 * steps on five weights with gradients of every sign and size must match
 * lib/optim step for step.
 *
 * Each step is a case (grade_case prints the weights, gradients and state
 * it started from) whose state is checked before its weights, so a
 * failure names the first wrong value of the first wrong step; the slips
 * the notes invite (momentum without gamma, eps outside the root, Adam
 * without its bias correction) are named when the value is what they
 * give. */
#include <math.h>
#include <stdarg.h>

#include "exercises.h"
#include "grade.h"
#include "optim.h"
#include "rng.h"

const char grade_chapter[] = "08_optimizers";
const GradeExercise grade_exercises[] = {
    {"momentum_step", "8.1", "SGD with momentum", 2,
     "first v = gamma v + lr g, then w = w - v: v already holds lr (the notes' w - eta v "
     "takes it twice, and their v_t = v_{t-1} + eta g_t lacks gamma; see Errata)"},
    {"eda", "8.2", "the exponential decay average", 2,
     "avg = rho avg + (1 - rho) x (rho weighs the OLD average); the k-th newest value "
     "weighs (1 - rho) rho^(k-1): k = 1 gives 1 - rho"},
    {"adagrad_step", "8.3", "Adagrad", 2,
     "add g^2 to G BEFORE the step, then w -= lr / sqrt(G + eps) g; eps once, inside the "
     "root (002's alpha_t = eps sum g^2 is a mistake; see Errata)"},
    {"rmsprop_step", "8.4", "RMSProp", 1,
     "E = rho E + (1 - rho) g^2 with THIS step's g first, then w -= lr / sqrt(E + eps) g "
     "(eps inside the root)"},
    {"adam_step", "8.5", "Adam with bias correction", 3,
     "update m and v first; t counts from 1; m_hat = m / (1 - beta1^t), v_hat = v / "
     "(1 - beta2^t); w -= lr m_hat / (sqrt(v_hat) + eps), eps OUTSIDE the root"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* A few operations on numbers near 1: 1e-12 leaves room for rounding only;
 * eps = 1e-7 moved in or out of a square root changes the 9th digit. */
#define TOL 1e-12
#define N 5
#define STEPS 25

/* The bowl's gradient at w = (w1, w2): (w1, 20 w2). */
static void bowl_grad(const double w[2], double g[2])
{
    g[0] = w[0];
    g[1] = 20 * w[1];
}

/* Hand step t on the bowl: its gradient g at w, and its case, opened
 * with where it starts (w, g, and the state and settings in printf
 * format). */
static void bowl_step(int t, const double w[2], double g[2], const char *state, ...)
    GRADE_PRINTF(4, 5);
static void bowl_step(int t, const double w[2], double g[2], const char *state, ...)
{
    char name[40], rest[300];
    va_list ap;
    va_start(ap, state);
    vsnprintf(rest, sizeof rest, state, ap);
    va_end(ap);
    bowl_grad(w, g);
    snprintf(name, sizeof name, "step %d on the bowl", t);
    grade_case(name, "w = (%.9g, %.9g), g = (w1, 20 w2) = (%.9g, %.9g); %s", w[0], w[1], g[0],
               g[1], rest);
}

/* The gradients of step t (0-based) for the behaviour checks: five values
 * of both signs, from 1e-3 to 30 in size. */
static void some_grads(Rng *rng, double g[N])
{
    static const double scale[N] = {1e-3, 0.1, 1, 5, 30};
    for (int i = 0; i < N; i++)
        g[i] = scale[i] * rng_uniform(rng, -1, 1);
}

/* A student's step function with its settings, for the behaviour check. */
typedef void (*Stepper)(double *w, double **state, const double *g, int t);

/* STEPS steps of the library's optimizer spec and of step() on the same
 * gradients, from the same w: every weight must agree after every step. */
static void matches_library(const OptimSpec *spec, Stepper step, const char *what)
{
    Rng rng;
    rng_seed(&rng, 808);
    double w0[N] = {0.5, -1.5, 2.0, -0.25, 1.0};
    Mat *W = mat_from(1, N, w0), *dW = mat_new(1, N);
    Param p = {.name = "w", .value = W, .grad = dW, .trainable = 1};
    Optim *opt = optim_new(spec, &p, 1);
    cr_assert(W && dW && opt, "out of memory");
    double w[N], s1[N] = {0}, s2[N] = {0}, *state[2] = {s1, s2};
    for (int i = 0; i < N; i++)
        w[i] = w0[i];
    for (int t = 1; t <= STEPS; t++) {
        double g[N];
        char wv[300], gv[300], s1v[300], s2v[300], name[200];
        some_grads(&rng, g);
        snprintf(name, sizeof name, "%s, step %d against lib/optim", what, t);
        grade_case(name, "w = %s, g = %s; state before the step: %s and %s",
                   grade_vec(wv, sizeof wv, w, N), grade_vec(gv, sizeof gv, g, N),
                   grade_vec(s1v, sizeof s1v, s1, N), grade_vec(s2v, sizeof s2v, s2, N));
        for (int i = 0; i < N; i++)
            dW->data[i] = g[i];
        optim_step(opt, &p, 1);
        step(w, state, g, t);
        for (int i = 0; i < N; i++)
            GRADE_NEAR(w[i], W->data[i], TOL * fmax(1.0, fabs(W->data[i])), "w[%d]", i);
    }
    grade_case_end();
    optim_free(opt);
    mat_free(W);
    mat_free(dW);
}

/* ---- 8.1 ----------------------------------------------------------------------- */

static void momentum_09(double *w, double **s, const double *g, int t)
{
    (void)t;
    ex_momentum_step(w, s[0], g, N, 0.05, 0.9);
}

GRADE_TEST(momentum_step)
{
    /* the chapter's section 2, lr 0.04, gamma 0.9, from (-4, 1):
     * g = (-4, 20): v = (-0.16, 0.8), w = (-3.84, 0.2);
     * g = (-3.84, 4): v = (-0.144 - 0.1536, 0.72 + 0.16) = (-0.2976, 0.88),
     * w = (-3.5424, -0.68) */
    const double lr = 0.04, gamma = 0.9;
    const double want_v[2][2] = {{-0.16, 0.8}, {-0.2976, 0.88}};
    const double want_w[2][2] = {{-3.84, 0.2}, {-3.5424, -0.68}};
    double w[2] = {-4, 1}, v[2] = {0, 0}, g[2];
    for (int t = 0; t < 2; t++) {
        double w0[2] = {w[0], w[1]}, v0[2] = {v[0], v[1]};
        bowl_step(t + 1, w, g, "v = (%.9g, %.9g) before the step; lr = 0.04, gamma = 0.9",
                  v[0], v[1]);
        ex_momentum_step(w, v, g, 2, lr, gamma);
        for (int i = 0; i < 2; i++) {
            GradeMistake slips[] = {
                {v0[i] + lr * g[i], "gamma is left out: v = gamma v + lr g (the notes' "
                                    "v_t = v_(t-1) + eta g_t lacks it; see Errata)"},
                {gamma * v0[i] + g[i], "lr is left out of v: v = gamma v + lr g"}};
            GRADE_NEAR_KNOWN(v[i], want_v[t][i], TOL, slips, 2, "v%d = gamma v%d + lr g%d",
                             i + 1, i + 1, i + 1);
        }
        for (int i = 0; i < 2; i++) {
            GradeMistake slips[] = {
                {w0[i] - lr * want_v[t][i], "lr is taken twice: v already holds it, so "
                                            "w = w - v (the notes' w - eta v; see Errata)"},
                {w0[i] - v0[i], "the velocity from BEFORE this step is used: update v first"}};
            GRADE_NEAR_KNOWN(w[i], want_w[t][i], TOL, slips, 2, "w%d = w%d - v%d", i + 1, i + 1,
                             i + 1);
        }
    }
    grade_case_end();
    matches_library(&(OptimSpec){.kind = OPTIM_MOMENTUM, .lr = 0.05, .momentum = 0.9},
                    momentum_09, "momentum, lr 0.05, gamma 0.9");
}

/* ---- 8.2 ----------------------------------------------------------------------- */

GRADE_TEST(eda)
{
    /* 004's numbers, rho = 0.99: 0.99 x 2 + 0.01 x 12 = 1.98 + 0.12 = 2.1 */
    GRADE_NEAR(ex_eda(2, 12, 0.99), 2.1, TOL, "ex_eda(avg = 2, x = 12, rho = 0.99)");
    /* from 0: 0.9 x 0 + 0.1 x 16 = 1.6 (RMSProp's first E[g^2] in section 6) */
    GRADE_NEAR(ex_eda(0, 16, 0.9), 1.6, TOL, "ex_eda(avg = 0, x = 16, rho = 0.9)");
    /* a constant x leaves an average of x where it is */
    GRADE_NEAR(ex_eda(3.5, 3.5, 0.7), 3.5, TOL, "ex_eda(avg = 3.5, x = 3.5, rho = 0.7)");
    /* the weights of 004's unrolled average: 0.01, 0.0099, 0.009801 */
    GRADE_NEAR(ex_eda_weight(1, 0.99), 0.01, TOL, "ex_eda_weight(k = 1, rho = 0.99)");
    GRADE_NEAR(ex_eda_weight(2, 0.99), 0.0099, TOL, "ex_eda_weight(k = 2, rho = 0.99)");
    GRADE_NEAR(ex_eda_weight(3, 0.99), 0.009801, TOL, "ex_eda_weight(k = 3, rho = 0.99)");
    /* (1 - 0.9) 0.9^9 = 0.1 x 0.387420489 = 0.0387420489 */
    GRADE_NEAR(ex_eda_weight(10, 0.9), 0.0387420489, TOL, "ex_eda_weight(k = 10, rho = 0.9)");
    /* unrolling ex_eda: after x_1 .. x_5 from 0, the average is sum of weight(k) x_{6-k} */
    double avg = 0, x[5] = {3, -1, 4, 1, -5}, sum = 0;
    for (int t = 0; t < 5; t++)
        avg = ex_eda(avg, x[t], 0.8);
    for (int k = 1; k <= 5; k++)
        sum += ex_eda_weight(k, 0.8) * x[5 - k];
    GRADE_NEAR(avg, sum, TOL, "ex_eda applied 5 times from 0 against the weights of ex_eda_weight");
}

/* ---- 8.3 ----------------------------------------------------------------------- */

static void adagrad_01(double *w, double **s, const double *g, int t)
{
    (void)t;
    ex_adagrad_step(w, s[0], g, N, 0.1, 1e-7);
}

GRADE_TEST(adagrad_step)
{
    /* section 4, lr 0.5, eps 1e-7: G = (16, 400),
     * w = (-4 + 0.5 x 4 / sqrt(16 + 1e-7), 1 - 0.5 x 20 / sqrt(400 + 1e-7))
     *   = (-3.5000000015625, 0.5000000000625);
     * step 2, g = (-3.5, 10): G = (28.25, 500), w = (-3.1707477, 0.276393202) */
    const double lr = 0.5, eps = 1e-7;
    const double want_G[2][2] = {{16, 400}, {28.25, 500}};
    const double want_w[2][2] = {{-3.5000000015624999, 0.50000000006250001},
                                 {-3.1707476981277387, 0.27639320231252101}};
    double w[2] = {-4, 1}, G[2] = {0, 0}, g[2];
    for (int t = 0; t < 2; t++) {
        double w0[2] = {w[0], w[1]}, G0[2] = {G[0], G[1]};
        bowl_step(t + 1, w, g, "G = (%.9g, %.9g) before the step; lr = 0.5, eps = 1e-7",
                  G[0], G[1]);
        ex_adagrad_step(w, G, g, 2, lr, eps);
        for (int i = 0; i < 2; i++)
            GRADE_NEAR(G[i], G0[i] + g[i] * g[i], TOL, "G%d = G%d + g%d^2 (%.9g)", i + 1, i + 1,
                       i + 1, want_G[t][i]);
        for (int i = 0; i < 2; i++) {
            double Gn = G0[i] + g[i] * g[i];
            GradeMistake slips[] = {
                {w0[i] - lr / sqrt(G0[i] + eps) * g[i],
                 "G from BEFORE this step is used: add g^2 to G first"},
                {w0[i] - lr / (sqrt(Gn) + eps) * g[i], "eps is outside the root: "
                                                       "lr / sqrt(G + eps)"},
                {w0[i] - lr * eps * Gn * g[i], "the rate is eps G (002's alpha_t = eps sum g^2 "
                                               "is a mistake; see Errata)"}};
            GRADE_NEAR_KNOWN(w[i], want_w[t][i], TOL, slips, 3,
                             "w%d = w%d - lr / sqrt(G%d + eps) g%d", i + 1, i + 1, i + 1, i + 1);
        }
    }
    grade_case_end();
    matches_library(&(OptimSpec){.kind = OPTIM_ADAGRAD, .lr = 0.1, .eps = 1e-7}, adagrad_01,
                    "adagrad, lr 0.1, eps 1e-7");
}

/* ---- 8.4 ----------------------------------------------------------------------- */

static void rmsprop_001(double *w, double **s, const double *g, int t)
{
    (void)t;
    ex_rmsprop_step(w, s[0], g, N, 0.01, 0.9, 1e-7);
}

GRADE_TEST(rmsprop_step)
{
    /* section 6, lr 0.1, rho 0.9, eps 1e-7: E = (1.6, 40),
     * w = (-4 + 0.1 x 4 / sqrt(1.6 + 1e-7), 1 - 0.1 x 20 / sqrt(40 + 1e-7))
     *   = (-3.68377224, 0.683772234); step 2 from there */
    const double lr = 0.1, rho = 0.9, eps = 1e-7;
    const double want_w[2][2] = {{-3.6837722438652793, 0.68377223437844681},
                                 {-3.4635074186403525, 0.49887060739081762}};
    double w[2] = {-4, 1}, E[2] = {0, 0}, g[2];
    for (int t = 0; t < 2; t++) {
        double w0[2] = {w[0], w[1]}, E0[2] = {E[0], E[1]};
        bowl_step(t + 1, w, g, "E = (%.9g, %.9g) before the step; lr = 0.1, rho = 0.9, "
                  "eps = 1e-7", E[0], E[1]);
        ex_rmsprop_step(w, E, g, 2, lr, rho, eps);
        double En[2];
        for (int i = 0; i < 2; i++) {
            En[i] = rho * E0[i] + (1 - rho) * g[i] * g[i];
            GradeMistake slips[] = {{(1 - rho) * E0[i] + rho * g[i] * g[i],
                                     "rho and 1 - rho are swapped: rho weighs the OLD average"}};
            GRADE_NEAR_KNOWN(E[i], En[i], TOL, slips, 1, "E%d = rho E%d + (1 - rho) g%d^2", i + 1,
                             i + 1, i + 1);
        }
        for (int i = 0; i < 2; i++) {
            GradeMistake slips[] = {
                {w0[i] - lr / sqrt(E0[i] + eps) * g[i],
                 "E from BEFORE this step is used: update E first"},
                {w0[i] - lr / (sqrt(En[i]) + eps) * g[i], "eps is outside the root: "
                                                          "lr / sqrt(E + eps)"}};
            GRADE_NEAR_KNOWN(w[i], want_w[t][i], TOL, slips, 2,
                             "w%d = w%d - lr / sqrt(E%d + eps) g%d", i + 1, i + 1, i + 1, i + 1);
        }
    }
    grade_case_end();
    matches_library(&(OptimSpec){.kind = OPTIM_RMSPROP, .lr = 0.01, .rho = 0.9, .eps = 1e-7},
                    rmsprop_001, "rmsprop, lr 0.01, rho 0.9, eps 1e-7");
}

/* ---- 8.5 ----------------------------------------------------------------------- */

static void adam_001(double *w, double **s, const double *g, int t)
{
    ex_adam_step(w, s[0], s[1], g, N, t, 0.01, 0.9, 0.999, 1e-7);
}

GRADE_TEST(adam_step)
{
    /* section 8, alpha 0.1: step 1 has m_hat = g and v_hat = g^2, so
     * w = (-4 + 0.1 x 4 / (4 + 1e-7), 1 - 0.1 x 20 / (20 + 1e-7)) = (-3.9000000025, 0.9000000005);
     * step 2: m1 = -0.75, m_hat = -0.75 / 0.19; v1 = 0.031194, v_hat = 0.031194 / 0.001999;
     * w = (-3.800074, 0.800412229) */
    const double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-7;
    const double want_w[2][2] = {{-3.9000000025000001, 0.90000000049999995},
                                 {-3.8000739998564055, 0.80041222869179218}};
    double w[2] = {-4, 1}, m[2] = {0, 0}, v[2] = {0, 0}, g[2];
    for (int t = 1; t <= 2; t++) {
        double w0[2] = {w[0], w[1]}, m0[2] = {m[0], m[1]}, v0[2] = {v[0], v[1]};
        bowl_step(t, w, g, "m = (%.9g, %.9g), v = (%.9g, %.9g) before the step, "
                  "t = %d; alpha = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-7", m[0], m[1], v[0],
                  v[1], t);
        ex_adam_step(w, m, v, g, 2, t, lr, b1, b2, eps);
        double mn[2], vn[2];
        for (int i = 0; i < 2; i++) {
            mn[i] = b1 * m0[i] + (1 - b1) * g[i];
            GRADE_NEAR(m[i], mn[i], TOL, "m%d = beta1 m%d + (1 - beta1) g%d (the moment, "
                       "uncorrected)", i + 1, i + 1, i + 1);
        }
        for (int i = 0; i < 2; i++) {
            vn[i] = b2 * v0[i] + (1 - b2) * g[i] * g[i];
            GRADE_NEAR(v[i], vn[i], TOL, "v%d = beta2 v%d + (1 - beta2) g%d^2 (uncorrected)",
                       i + 1, i + 1, i + 1);
        }
        for (int i = 0; i < 2; i++) {
            double mh = mn[i] / (1 - pow(b1, t)), vh = vn[i] / (1 - pow(b2, t));
            GradeMistake slips[] = {
                {w0[i] - lr * mn[i] / (sqrt(vn[i]) + eps),
                 "the bias correction is left out: m_hat = m / (1 - beta1^t), v_hat = v / "
                 "(1 - beta2^t)"},
                {w0[i] - lr * mh / sqrt(vh + eps), "eps is inside the root: Adam divides by "
                                                   "sqrt(v_hat) + eps"},
                {w0[i] - lr * (mn[i] / (1 - pow(b1, t + 1))) /
                             (sqrt(vn[i] / (1 - pow(b2, t + 1))) + eps),
                 "the correction uses beta^(t + 1): t counts from 1"}};
            GRADE_NEAR_KNOWN(w[i], want_w[t - 1][i], TOL, slips, 3,
                             "w%d = w%d - alpha m_hat%d / (sqrt(v_hat%d) + eps)", i + 1, i + 1,
                             i + 1, i + 1);
        }
    }
    grade_case_end();
    matches_library(&(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.01, .beta1 = 0.9, .beta2 = 0.999,
                                 .eps = 1e-7},
                    adam_001, "adam, lr 0.01, beta1 0.9, beta2 0.999, eps 1e-7");
}
