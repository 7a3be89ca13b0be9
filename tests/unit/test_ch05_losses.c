/* test_ch05_losses.c - chapter 05's claims, checked through the library
 * and by second routes the transcript no longer prints:
 *   - sections 1-3: the library's loss_cost and loss_cost_grad on 000's
 *     BMI tables give the costs and gradients the chapter works out by
 *     hand (e_i, sums, means, -2 e_i / n, -e_i / (n RMSE), -sign(e_i) / n);
 *   - section 6: the MSE line is least squares in closed form; the best
 *     MAE line passes through two of the points (trying all 210 pairs),
 *     and gradient descent lands next to it; the Huber line is where the
 *     Huber cost's gradient vanishes;
 *   - section 8: the closed-form second derivatives of the sigmoid unit's
 *     BCE and squared error against central second differences, and its
 *     slopes against central first differences;
 *   - sections 9, 10, 13: loss_cost with class weights and of CCE, the
 *     gradient p - y of CCE through the softmax, KL = H(P, Q) - H(P);
 *   - every per-example gradient the old section 15 printed, against
 *     central differences.
 * Each expected value is the one the transcript prints (9 significant
 * digits) or a hand calculation written out in the comment above it.
 *
 * Tolerances:
 *   - a few exact double operations on small numbers: 1e-12 (they can
 *     differ by a few units of 1e-16, any mistake is far larger);
 *   - a value printed to 9 significant digits: half a unit of its 9th
 *     digit (near9 below), the most its rounding can have changed it;
 *   - a gradient against a central difference with h = 1e-5: relative
 *     error <= 1e-7 (cs231n's "good"; a correct smooth gradient gives
 *     about 1e-10, a wrong one 1e-2 or more);
 *   - others are stated where they are used.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "act.h"
#include "gradcheck.h"
#include "loss.h"
#include "mat.h"
#include "rng.h"

#define TOL_FEW_OPS 1e-12
#define GRAD_REL_TOL 1e-7

/* Half a unit of the 9th significant digit of want: how far a value may be
 * from its 9-digit print. */
static double near9(double want)
{
    return want == 0.0 ? TOL_FEW_OPS : 0.5 * pow(10.0, floor(log10(fabs(want))) - 8);
}

#define ASSERT_PRINTED(got, want, ...)                                                     \
    cr_assert(fabs((got) - (want)) <= near9(want), __VA_ARGS__)

/* ---- sections 1-3: 000's tables ------------------------------------------------- */

/* y and y_hat of datasets/bmi_loss.csv, bmi_mse.csv and bmi_mae.csv. */
static const double LOSS_Y[] = {22, 23, 21}, LOSS_YHAT[] = {21, 20.5, 21.5};
static const double MSE_Y[] = {68, 70, 75}, MSE_YHAT[] = {67, 66, 80};
static const double MAE_Y[] = {22, 21, 19}, MAE_YHAT[] = {21, 24, 20};

static double cost_of(LossKind kind, const double *y, const double *yhat)
{
    Mat *Y = mat_from(3, 1, y), *Yhat = mat_from(3, 1, yhat);
    cr_assert(Y && Yhat);
    double cost = loss_cost(&(Loss){.kind = kind}, Y, Yhat);
    mat_free(Y);
    mat_free(Yhat);
    return cost;
}

static void cost_grad_of(LossKind kind, const double *y, const double *yhat, double *dyhat)
{
    Mat *Y = mat_from(3, 1, y), *Yhat = mat_from(3, 1, yhat), *dY = mat_new(3, 1);
    cr_assert(Y && Yhat && dY);
    loss_cost_grad(&(Loss){.kind = kind}, dY, Y, Yhat);
    for (int i = 0; i < 3; i++)
        dyhat[i] = MAT_AT(dY, i, 0);
    mat_free(Y);
    mat_free(Yhat);
    mat_free(dY);
}

Test(ch05, library_costs_of_the_bmi_tables_are_the_hand_calculated_means)
{
    /* bmi_loss: e = 1, 2.5, -0.5; MSE = (1 + 6.25 + 0.25) / 3 = 2.5,
     * MAE = (1 + 2.5 + 0.5) / 3 = 4/3 */
    cr_assert_float_eq(cost_of(LOSS_MSE, LOSS_Y, LOSS_YHAT), 2.5, TOL_FEW_OPS);
    cr_assert_float_eq(cost_of(LOSS_MAE, LOSS_Y, LOSS_YHAT), 4.0 / 3.0, TOL_FEW_OPS);
    /* bmi_mse: e = 1, 4, -5; MSE = (1 + 16 + 25) / 3 = 14, RMSE = sqrt(14)
     * = 3.74165739, MAE = (1 + 4 + 5) / 3 = 10/3 */
    cr_assert_float_eq(cost_of(LOSS_MSE, MSE_Y, MSE_YHAT), 14.0, TOL_FEW_OPS);
    ASSERT_PRINTED(cost_of(LOSS_RMSE, MSE_Y, MSE_YHAT), 3.74165739, "RMSE of bmi_mse");
    cr_assert_float_eq(cost_of(LOSS_MAE, MSE_Y, MSE_YHAT), 10.0 / 3.0, TOL_FEW_OPS);
    /* bmi_mae: e = 1, -3, -1; MAE = (1 + 3 + 1) / 3 = 5/3 */
    cr_assert_float_eq(cost_of(LOSS_MAE, MAE_Y, MAE_YHAT), 5.0 / 3.0, TOL_FEW_OPS);
}

Test(ch05, library_cost_gradients_of_the_bmi_tables_are_the_printed_rows)
{
    double d[3];
    /* d MSE/dy_hat_i = -2 e_i / 3 for e = 1, 4, -5: -2/3, -8/3, 10/3 */
    cost_grad_of(LOSS_MSE, MSE_Y, MSE_YHAT, d);
    cr_assert_float_eq(d[0], -2.0 / 3.0, TOL_FEW_OPS);
    cr_assert_float_eq(d[1], -8.0 / 3.0, TOL_FEW_OPS);
    cr_assert_float_eq(d[2], 10.0 / 3.0, TOL_FEW_OPS);
    /* d RMSE/dy_hat_i = -e_i / (3 sqrt(14)): -1 / 11.2249722 = -0.0890870806,
     * -4 / 11.2249722 = -0.356348323, 5 / 11.2249722 = 0.445435403 */
    cost_grad_of(LOSS_RMSE, MSE_Y, MSE_YHAT, d);
    ASSERT_PRINTED(d[0], -0.0890870806, "d RMSE/dy_hat_1");
    ASSERT_PRINTED(d[1], -0.356348323, "d RMSE/dy_hat_2");
    ASSERT_PRINTED(d[2], 0.445435403, "d RMSE/dy_hat_3");
    /* d MAE/dy_hat_i = -sign(e_i) / 3 for e = 1, -3, -1: -1/3, 1/3, 1/3 */
    cost_grad_of(LOSS_MAE, MAE_Y, MAE_YHAT, d);
    cr_assert_float_eq(d[0], -1.0 / 3.0, TOL_FEW_OPS);
    cr_assert_float_eq(d[1], 1.0 / 3.0, TOL_FEW_OPS);
    cr_assert_float_eq(d[2], 1.0 / 3.0, TOL_FEW_OPS);
}

/* ---- section 6: the line through an outlier --------------------------------------- */

#define N_POINTS 21

/* The chapter's points: x = -4, -3.5, ..., 6, y = 1 + 2x + N(0, 0.5) drawn
 * from seed 1964 (its default --seed, and the first draws of its Rng), the
 * point at x = 5 (index 18) recorded as -18. */
static void chapter_points(double *x, double *y)
{
    Rng rng;
    rng_seed(&rng, 1964);
    for (int i = 0; i < N_POINTS; i++) {
        x[i] = -4.0 + 0.5 * i;
        y[i] = 1.0 + 2.0 * x[i] + rng_normal(&rng, 0.0, 0.5);
    }
    y[18] = -18.0;
}

Test(ch05, the_points_are_the_ones_the_transcript_prints)
{
    double x[N_POINTS], y[N_POINTS];
    chapter_points(x, y);
    /* section 6's table: rows 1, 11 and 21 */
    ASSERT_PRINTED(y[0], -7.18734703, "y_1");
    ASSERT_PRINTED(y[10], 3.55933133, "y_11");
    ASSERT_PRINTED(y[20], 13.0992969, "y_21");
}

Test(ch05, the_mse_line_is_least_squares_in_closed_form)
{
    double x[N_POINTS], y[N_POINTS], xbar = 0.0, ybar = 0.0, sxy = 0.0, sxx = 0.0;
    chapter_points(x, y);
    /* m = sum (x - xbar)(y - ybar) / sum (x - xbar)^2,  c = ybar - m xbar */
    for (int i = 0; i < N_POINTS; i++)
        xbar += x[i] / N_POINTS, ybar += y[i] / N_POINTS;
    for (int i = 0; i < N_POINTS; i++) {
        sxy += (x[i] - xbar) * (y[i] - ybar);
        sxx += (x[i] - xbar) * (x[i] - xbar);
    }
    double m = sxy / sxx, c = ybar - m * xbar;
    /* the transcript's MSE fit (200000 steps of gradient descent) */
    ASSERT_PRINTED(m, 1.43922421, "least squares m = %.10g", m);
    ASSERT_PRINTED(c, 0.222324081, "least squares c = %.10g", c);
}

/* E(m, c) under MAE, or under Huber with delta = 1, and its gradient. */
static double line_cost(int huber, const double *x, const double *y, double m, double c,
                        double *dE_dm, double *dE_dc)
{
    double E = 0.0, gm = 0.0, gc = 0.0;
    for (int i = 0; i < N_POINTS; i++) {
        double yhat = m * x[i] + c;
        double g = huber ? loss_huber_grad(y[i], yhat, 1.0) : loss_absolute_grad(y[i], yhat);
        E += huber ? loss_huber(y[i], yhat, 1.0) : loss_absolute(y[i], yhat);
        gm += g * x[i];
        gc += g;
    }
    *dE_dm = gm / N_POINTS;
    *dE_dc = gc / N_POINTS;
    return E / N_POINTS;
}

Test(ch05, the_best_mae_line_passes_through_two_points_and_gradient_descent_lands_near_it)
{
    double x[N_POINTS], y[N_POINTS], gm, gc;
    chapter_points(x, y);
    /* The L1 fit is a linear program; its optimum sits at a vertex, a line
     * through two of the points: try all 21 x 20 / 2 = 210 pairs. */
    double best = INFINITY, m = 0, c = 0;
    for (int a = 0; a < N_POINTS; a++)
        for (int b = a + 1; b < N_POINTS; b++) {
            double mm = (y[b] - y[a]) / (x[b] - x[a]), cc = y[a] - mm * x[a];
            double E = line_cost(0, x, y, mm, cc, &gm, &gc);
            if (E < best)
                best = E, m = mm, c = cc;
        }
    ASSERT_PRINTED(m, 2.02866439, "best pair m = %.10g", m);
    ASSERT_PRINTED(c, 0.927310529, "best pair c = %.10g", c);
    ASSERT_PRINTED(best, 1.75408263, "best pair E = %.10g", best);
    /* The transcript's MAE fit: m = 2.02866835, c = 0.927290439, E = 1.75408319.
     * |2.02866835 - 2.02866439| = 3.96e-6 < 4e-6, |0.927290439 - 0.927310529|
     * = 2.0e-5 < 3e-5, and its cost is above the optimum by 5.6e-7 (< 1e-6). */
    cr_assert_lt(fabs(2.02866835 - m), 4e-6);
    cr_assert_lt(fabs(0.927290439 - c), 3e-5);
    double E_gd = line_cost(0, x, y, 2.02866835, 0.927290439, &gm, &gc);
    cr_assert(E_gd >= best && E_gd - best < 1e-6, "E = %.10g vs the best %.10g", E_gd, best);
}

Test(ch05, the_huber_line_is_where_the_huber_cost_gradient_vanishes)
{
    double x[N_POINTS], y[N_POINTS], dE_dm, dE_dc;
    chapter_points(x, y);
    /* The transcript's Huber fit (delta = 1): m = 2.02293206, c = 0.976280057,
     * E = 1.46549913. Huber's cost is convex, so a zero gradient is its
     * minimum. Printed to 9 digits, m and c are off by up to 5e-9; the
     * cost's second derivatives are at most 1/n sum x_i^2 = 10.2, 1/n sum |x_i|
     * = 2.7 and 1 (every point inside the band), so that moves the gradient
     * by at most 10.2 x 5e-9 + 2.7 x 5e-9 < 7e-8 (it is 3.9e-8): tolerance 2e-7. */
    double E = line_cost(1, x, y, 2.02293206, 0.976280057, &dE_dm, &dE_dc);
    ASSERT_PRINTED(E, 1.46549913, "Huber E = %.10g", E);
    cr_assert_lt(fabs(dE_dm), 2e-7, "dE/dm = %g", dE_dm);
    cr_assert_lt(fabs(dE_dc), 2e-7, "dE/dc = %g", dE_dc);
}

/* ---- section 8: one sigmoid unit ----------------------------------------------------- */

/* L(w) for p = sigmoid(w), x = 1, y = 1: BCE -ln p, or squared (1 - p)^2. */
static double unit_loss(int squared, double w)
{
    double p = act_sigmoid(w);
    return squared ? loss_squared(1.0, p) : loss_bce(1.0, p);
}

typedef struct {
    int squared;
    double w;
} UnitCtx;

static double unit_loss_ctx(void *ctx)
{
    UnitCtx *u = ctx;
    return unit_loss(u->squared, u->w);
}

Test(ch05, the_printed_second_derivatives_match_central_second_differences)
{
    /* The transcript's table: w, BCE'' = p (1 - p), squared'' = 2 s^2 (1 - s)(2 - 3s) */
    static const double rows[][3] = {
        {-6, 0.00246650929, -0.00488431908}, {-4, 0.0176627062, -0.032818215},
        {-2, 0.104993585, -0.118814169},     {0, 0.25, 0.125},
        {2, 0.104993585, 0.0411108335},      {4, 0.0176627062, 0.00123645686},
    };
    /* (L(w + h) - 2 L(w) + L(w - h)) / h^2 with h = 1e-3: truncation
     * h^2/12 |L''''| < 1e-7 x 0.2 = 2e-8 and rounding 4 eps |L| / h^2 < 6e-9
     * (|L| <= 6.1): within 5e-8 of L'' */
    const double h = 1e-3;
    for (int r = 0; r < 6; r++)
        for (int sq = 0; sq <= 1; sq++) {
            double w = rows[r][0];
            double dd = (unit_loss(sq, w + h) - 2 * unit_loss(sq, w) + unit_loss(sq, w - h)) /
                        (h * h);
            cr_assert(fabs(dd - rows[r][1 + sq]) < 5e-8, "%s'' at w = %g: %.10g vs %.10g",
                      sq ? "squared" : "BCE", w, dd, rows[r][1 + sq]);
        }
}

Test(ch05, at_w_minus_6_the_squared_error_goes_flat_and_bce_keeps_pulling)
{
    /* The transcript: squared dL/dw = -2 (1 - p) p (1 - p) = -0.00492082109,
     * BCE dL/dw = p - 1 = -0.997527377, with p = sigmoid(-6) */
    static const double printed[2] = {-0.997527377, -0.00492082109};
    for (int sq = 0; sq <= 1; sq++) {
        UnitCtx u = {.squared = sq, .w = -6};
        double numeric = gradcheck_numeric(unit_loss_ctx, &u, &u.w, GRADCHECK_STEP);
        cr_assert_leq(gradcheck_rel_error(printed[sq], numeric), 1e-7, "%s slope %.10g",
                      sq ? "squared" : "BCE", numeric);
    }
}

/* ---- sections 9, 10, 13 ---------------------------------------------------------------- */

Test(ch05, the_weighted_cost_of_the_class_weight_example_is_the_sum_over_n)
{
    /* 003's predictions with the chapter's labels, weights {0: 5, 1: 70}:
     * the weighted losses 1.11571776 + 0.256466472 + 24.9672461 + 84.2780963
     * + 11.5129255 = 122.130452, and Keras' cost 122.130452 / 5 = 24.4260904 */
    static const double y[] = {0, 0, 1, 1, 0}, p[] = {0.2, 0.05, 0.7, 0.3, 0.9};
    static const double cw[2] = {5, 70};
    Mat *Y = mat_from(5, 1, y), *P = mat_from(5, 1, p);
    cr_assert(Y && P);
    double cost = loss_cost(&(Loss){.kind = LOSS_WEIGHTED_BCE, .class_weight = {5, 70}}, Y, P);
    double sum = 0.0;
    for (int i = 0; i < 5; i++)
        sum += loss_weighted_bce(y[i], p[i], cw);
    cr_assert_float_eq(cost, sum / 5, TOL_FEW_OPS);
    ASSERT_PRINTED(cost, 24.4260904, "weighted cost %.10g", cost);
    mat_free(Y);
    mat_free(P);
}

Test(ch05, the_cce_cost_of_001s_two_examples_is_their_mean)
{
    /* (-ln 0.2 - ln 0.6) / 2 = (1.60943791 + 0.510825624) / 2 = 1.06013177 */
    static const double y[] = {1, 0, 0, 0, 1, 0}, p[] = {0.2, 0.3, 0.5, 0.3, 0.6, 0.1};
    Mat *Y = mat_from(2, 3, y), *P = mat_from(2, 3, p);
    cr_assert(Y && P);
    double cost = loss_cost(&(Loss){.kind = LOSS_CCE}, Y, P);
    cr_assert_float_eq(cost, (-log(0.2) - log(0.6)) / 2, TOL_FEW_OPS);
    ASSERT_PRINTED(cost, 1.06013177, "CCE cost %.10g", cost);
    mat_free(Y);
    mat_free(P);
}

/* L(z) = CCE(y, softmax(z)) over 3 classes. */
typedef struct {
    const double *y;
    double z[3];
} SoftmaxCtx;

static double softmax_cce(void *ctx)
{
    SoftmaxCtx *c = ctx;
    double p[3];
    act_softmax(p, c->z, 3);
    return loss_cce(c->y, p, 3);
}

Test(ch05, through_the_softmax_the_cce_gradient_is_p_minus_y)
{
    /* z = ln(0.2, 0.3, 0.5), so softmax(z) = (0.2, 0.3, 0.5): with the first
     * class true dL/dz = p - y = (-0.8, 0.3, 0.5); with the second (0.2, -0.7, 0.5) */
    static const double y1[] = {1, 0, 0}, y2[] = {0, 1, 0};
    static const double want[2][3] = {{-0.8, 0.3, 0.5}, {0.2, -0.7, 0.5}};
    for (int t = 0; t < 2; t++) {
        SoftmaxCtx c = {.y = t ? y2 : y1, .z = {log(0.2), log(0.3), log(0.5)}};
        for (int j = 0; j < 3; j++) {
            double numeric = gradcheck_numeric(softmax_cce, &c, &c.z[j], GRADCHECK_STEP);
            cr_assert_leq(gradcheck_rel_error(want[t][j], numeric), GRAD_REL_TOL,
                          "class %d true, dL/dz_%d: %.10g vs %g", t, j, numeric, want[t][j]);
        }
    }
}

Test(ch05, kl_is_cross_entropy_minus_entropy_and_not_symmetric)
{
    /* P = (0.7, 0.2, 0.1), Q = (0.2, 0.3, 0.5): H(P) = 0.801818553,
     * H(P, Q) = 1.43671582, KL(P || Q) = 1.43671582 - 0.801818553 = 0.634897265,
     * KL(Q || P) = 0.675805895 */
    static const double P[] = {0.7, 0.2, 0.1}, Q[] = {0.2, 0.3, 0.5}, y[] = {1, 0, 0};
    double H = -(0.7 * log(0.7) + 0.2 * log(0.2) + 0.1 * log(0.1));
    cr_assert_float_eq(loss_kl(P, Q, 3), loss_cce(P, Q, 3) - H, TOL_FEW_OPS);
    ASSERT_PRINTED(loss_kl(P, Q, 3), 0.634897265, "KL(P || Q)");
    ASSERT_PRINTED(loss_kl(Q, P, 3), 0.675805895, "KL(Q || P)");
    /* one-hot y: H(y) = 0, so CCE = KL = -ln 0.2 = 1.60943791 */
    cr_assert_float_eq(loss_kl(y, Q, 3), loss_cce(y, Q, 3), TOL_FEW_OPS);
}

/* ---- every gradient, against central differences ----------------------------------- */

typedef double (*PairFn)(double y, double yhat);

typedef struct {
    PairFn f;
    double y, yhat;
} PairCtx;

static double pair_value(void *ctx)
{
    PairCtx *c = ctx;
    return c->f(c->y, c->yhat);
}

static const double CW[2] = {5, 70};
static double huber1(double y, double yhat) { return loss_huber(y, yhat, 1.0); }
static double huber1_grad(double y, double yhat) { return loss_huber_grad(y, yhat, 1.0); }
static double wbce(double y, double p) { return loss_weighted_bce(y, p, CW); }
static double wbce_grad(double y, double p) { return loss_weighted_bce_grad(y, p, CW); }

Test(ch05, every_per_example_gradient_agrees_with_a_central_difference)
{
    /* The points the transcript's old section 15 printed, with the analytic
     * gradient worked out: squared -2 (0.7 + 0.4) = -2.2; absolute
     * -sign(1.1) = -1; Huber -e = -(0.7 - 0.3) = -0.4 inside, -delta sign(2.3)
     * = -1 outside; log-cosh tanh(-1.1) = -0.800499022; BCE (0.73 - 1) /
     * (0.73 x 0.27) = -1.36986301; weighted BCE -70 / 0.3 = -233.333333;
     * hinge (y = -1, y f = -0.45 < 1) -y = 1. Away from every kink. */
    static const struct {
        PairFn f, grad;
        double y, yhat, want;
    } rows[] = {
        {loss_squared, loss_squared_grad, 0.7, -0.4, -2.2},
        {loss_absolute, loss_absolute_grad, 0.7, -0.4, -1},
        {huber1, huber1_grad, 0.7, 0.3, -0.4},
        {huber1, huber1_grad, 0.7, -1.6, -1},
        {loss_logcosh, loss_logcosh_grad, 0.7, -0.4, -0.800499022},
        {loss_bce, loss_bce_grad, 1, 0.73, -1.36986301},
        {wbce, wbce_grad, 1, 0.3, -233.333333},
        {loss_hinge, loss_hinge_grad, -1, 0.45, 1},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        PairCtx c = {.f = rows[r].f, .y = rows[r].y, .yhat = rows[r].yhat};
        double analytic = rows[r].grad(c.y, c.yhat);
        double numeric = gradcheck_numeric(pair_value, &c, &c.yhat, GRADCHECK_STEP);
        ASSERT_PRINTED(analytic, rows[r].want, "row %zu: analytic %.10g", r, analytic);
        cr_assert_leq(gradcheck_rel_error(analytic, numeric), GRAD_REL_TOL,
                      "row %zu: %.10g vs numeric %.10g", r, analytic, numeric);
    }
}

typedef enum { VEC_CCE, VEC_SPARSE, VEC_KL } VecKind;

typedef struct {
    VecKind kind;
    const double *y; /* one-hot for VEC_SPARSE: its 1 is the class (here 1) */
    double p[3];
} VecCtx;

static double vec_value(void *ctx)
{
    VecCtx *c = ctx;
    return c->kind == VEC_KL       ? loss_kl(c->y, c->p, 3)
           : c->kind == VEC_SPARSE ? loss_sparse_cce(1, c->p, 3)
                                   : loss_cce(c->y, c->p, 3);
}

Test(ch05, every_distribution_gradient_agrees_with_a_central_difference)
{
    /* CCE and sparse CCE at y = (0, 1, 0), p = (0.25, 0.6, 0.15): -y_j / p_j
     * = (0, -1/0.6, 0) = (0, -1.66666667, 0); KL at P = (0.7, 0.2, 0.1),
     * Q = (0.2, 0.3, 0.5): -P_j / Q_j = (-3.5, -0.666666667, -0.2) */
    static const double y[] = {0, 1, 0}, p[] = {0.25, 0.6, 0.15};
    static const double P[] = {0.7, 0.2, 0.1}, Q[] = {0.2, 0.3, 0.5};
    static const double want[3][3] = {
        {0, -1.0 / 0.6, 0}, {0, -1.0 / 0.6, 0}, {-3.5, -0.2 / 0.3, -0.2}};
    for (int k = VEC_CCE; k <= VEC_KL; k++) {
        const double *q = k == VEC_KL ? Q : p;
        VecCtx c = {.kind = k, .y = k == VEC_KL ? P : y, .p = {q[0], q[1], q[2]}};
        double dp[3];
        if (k == VEC_KL)
            loss_kl_grad(dp, P, Q, 3);
        else if (k == VEC_SPARSE)
            loss_sparse_cce_grad(dp, 1, p, 3);
        else
            loss_cce_grad(dp, y, p, 3);
        for (int j = 0; j < 3; j++) {
            double numeric = gradcheck_numeric(vec_value, &c, &c.p[j], GRADCHECK_STEP);
            cr_assert_float_eq(dp[j], want[k][j], TOL_FEW_OPS, "kind %d, p%d: %.10g", k, j,
                               dp[j]);
            cr_assert_leq(gradcheck_rel_error(dp[j], numeric), GRAD_REL_TOL,
                          "kind %d, p%d: %.10g vs numeric %.10g", k, j, dp[j], numeric);
        }
    }
}
