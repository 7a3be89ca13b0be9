/* test_ch02_perceptron_losses.c - chapter 02's claims, checked through the
 * library by a second route:
 *   - the loss table of section 1 (perceptron and hinge loss and their
 *     derivatives; the log loss of y in {1, -1} is log(1 + e^(-y f)));
 *   - the hinge + L2 epoch worked by hand in section 3, redone by the
 *     matrix code of lib/net (a Dense(2 -> 1) layer, net_fit, l2);
 *   - section 4's runs by the same code: the perceptron loss stops after
 *     epoch 17 at 0.19 x1 - 0.13 x2 - 0.23 = 0, and E after the first
 *     hinge + L2 epoch is net_cost + lambda net_l2;
 *   - the widest margin found by hand in README.md: w = (2, -1), b = -5 is
 *     the minimum of E for lambda = 0.01 and stops being it above 0.05;
 *   - the gradients of the four variants of section 5 (hinge + linear,
 *     BCE + sigmoid, CCE + softmax, MSE + linear), with the L2 term,
 *     against central differences, and the start costs at w = 0;
 *   - dL/dz = p - y for softmax + CCE through the softmax Jacobian;
 *   - linear regression (MSE + linear + L2) trained by net_fit reaches the
 *     ridge solution numpy computes in closed form on datasets/diabetes.csv.
 * Run from the repository root (the last test reads datasets/).
 *
 * Tolerances:
 *   - a few exact double operations: 1e-12;
 *   - values quoted to 9 significant digits: half a unit of the last digit;
 *   - gradient checks: relative error <= 1e-7 (cs231n's "good"; away from
 *     the kinks of the hinge, a correct gradient gives about 1e-10);
 *   - the ridge weights: 1e-9 (gradient descent contracts the slowest
 *     direction by 1 - 0.0038 an epoch: after 8000 epochs, e^-30).
 */
#include <criterion/criterion.h>
#include <math.h>

#include "act.h"
#include "data.h"
#include "gradcheck.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "rng.h"

#define TOL_FEW_OPS 1e-12
#define GRAD_REL_TOL 1e-7

/* ---- section 1: the two losses ------------------------------------------------- */

Test(ch02, hinge_loss_is_positive_inside_the_margin_where_the_perceptron_loss_is_zero)
{
    /* y f = 0.5: perceptron max(0, -0.5) = 0, dL/df = 0;
     * hinge max(0, 1 - 0.5) = 0.5, dL/df = -y = -1 */
    cr_assert_float_eq(loss_perceptron(1, 0.5), 0.0, TOL_FEW_OPS);
    cr_assert_float_eq(loss_perceptron_grad(1, 0.5), 0.0, TOL_FEW_OPS);
    cr_assert_float_eq(loss_hinge(1, 0.5), 0.5, TOL_FEW_OPS);
    cr_assert_float_eq(loss_hinge_grad(1, 0.5), -1.0, TOL_FEW_OPS);
    /* the same with y = -1, f = -0.5 */
    cr_assert_float_eq(loss_hinge(-1, -0.5), 0.5, TOL_FEW_OPS);
    cr_assert_float_eq(loss_hinge_grad(-1, -0.5), 1.0, TOL_FEW_OPS);
}

Test(ch02, both_losses_agree_on_the_wrong_side_up_to_the_one)
{
    /* placement row 2 at w = (1, 1), b = 0: y = -1, f = 14:
     * perceptron 14, hinge 1 + 14 = 15, both dL/df = -y = 1 */
    cr_assert_float_eq(loss_perceptron(-1, 14), 14.0, TOL_FEW_OPS);
    cr_assert_float_eq(loss_hinge(-1, 14), 15.0, TOL_FEW_OPS);
    cr_assert_float_eq(loss_perceptron_grad(-1, 14), 1.0, TOL_FEW_OPS);
    cr_assert_float_eq(loss_hinge_grad(-1, 14), 1.0, TOL_FEW_OPS);
    /* on the margin line y f = 1 the case split gives 0 */
    cr_assert_float_eq(loss_hinge(1, 1), 0.0, TOL_FEW_OPS);
    cr_assert_float_eq(loss_hinge_grad(1, 1), 0.0, TOL_FEW_OPS);
}

Test(ch02, bce_of_sigmoid_with_label_one_plus_y_over_two_is_log_one_plus_e_to_minus_y_f)
{
    /* -log sigmoid(f) = log(1 + e^-f) (y = 1) and -log(1 - sigmoid(f)) =
     * log(1 + e^f) (y = -1); the chapter prints 0.474076984 at y f = 0.5 */
    static const double f[] = {-2, -0.5, 0, 0.5, 1, 2};
    for (int k = 0; k < 6; k++)
        for (int y = -1; y <= 1; y += 2) {
            double got = loss_bce((1.0 + y) / 2.0, act_sigmoid(f[k]));
            double want = log1p(exp(-y * f[k]));
            cr_assert_float_eq(got, want, 1e-15 * fmax(1.0, want), "y = %d, f = %g: %.17g vs %.17g",
                               y, f[k], got, want);
        }
    cr_assert_float_eq(loss_bce(1, act_sigmoid(0.5)), 0.474076984, 5e-10);
}

/* ---- section 3: the epoch by hand, by the matrix code ------------------------------ */

/* The notes' placement table. */
static const double PLACEMENT_X[] = {7, 8, 6, 8, 4, 2, 1, 1};
static const double PLACEMENT_Y[] = {1, -1, 1, -1};

Test(ch02, net_fit_redoes_the_hinge_l2_epoch_worked_by_hand)
{
    /* Dense(2 -> 1, linear), W = (1, 1)^T, b = 0; SGD in order (no shuffle),
     * eta = 0.01, lambda = 0.01. Per example the net computes
     * dW = x^T dL/df + 2 lambda W and W <- W - eta dW, as the hand step does:
     * after example 1, w = (0.9998, 0.9998); after example 2,
     * w = (0.93960004, 0.91960004), b = -0.01; after epoch 1 (chapter 02,
     * section 3): w = (0.929224238, 0.909232237), b = -0.02. */
    Mat *X = mat_from(4, 2, PLACEMENT_X), *Y = mat_from(4, 1, PLACEMENT_Y);
    Net *net = net_new(2, 4);
    cr_assert(X && Y && net && net_add(net, 1, act_of(ACT_LINEAR)) == 0);
    Layer *d = net->layers[0];
    MAT_AT(d->W, 0, 0) = 1.0;
    MAT_AT(d->W, 1, 0) = 1.0;
    Loss hinge = {.kind = LOSS_HINGE};
    FitResult res;
    FitSpec fit = {.epochs = 1, .batch_size = 1, .lr = 0.01, .l2 = 0.01};
    cr_assert_eq(net_fit(net, &hinge, X, Y, &fit, &res), 0);
    /* the reference digits: the exact decimal arithmetic of section 3, in
     * double precision (Python, the same formulas) */
    cr_assert_float_eq(MAT_AT(d->W, 0, 0), 0.9292242375680015, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(d->W, 1, 0), 0.9092322367680015, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(d->b, 0, 0), -0.02, TOL_FEW_OPS);
    net_free(net);
    mat_free(X);
    mat_free(Y);
}

/* ---- section 4: the two runs, by the matrix code ------------------------------------ */

/* A Dense(2 -> 1, linear) net with the notes' start w = (1, 1), b = 0. */
static Net *placement_net(void)
{
    Net *net = net_new(2, 4);
    cr_assert(net && net_add(net, 1, act_of(ACT_LINEAR)) == 0);
    MAT_AT(net->layers[0]->W, 0, 0) = 1.0;
    MAT_AT(net->layers[0]->W, 1, 0) = 1.0;
    return net;
}

Test(ch02, net_fit_with_the_perceptron_loss_stops_where_section_4_does)
{
    /* Section 4 (and chapter 01): SGD in order, eta = 0.01, no penalty;
     * after epoch 16 some example is still wrong (E > 0), after epoch 17
     * none is (E = 0, so every gradient is 0 and the line stays at
     *     0.19 x1 - 0.13 x2 - 0.23 = 0).
     * Each step adds +-0.01 x with x <= 8: after the 34 updates of 17
     * epochs the rounding is below 1e-14, so 1e-12 holds. */
    Mat *X = mat_from(4, 2, PLACEMENT_X), *Y = mat_from(4, 1, PLACEMENT_Y);
    Net *net = placement_net();
    Loss perceptron = {.kind = LOSS_PERCEPTRON};
    FitResult res;
    FitSpec fit = {.epochs = 16, .batch_size = 1, .lr = 0.01};
    cr_assert_eq(net_fit(net, &perceptron, X, Y, &fit, &res), 0);
    cr_assert(net_cost(net, &perceptron, X, Y) > 0, "E = 0 already after epoch 16");
    fit.epochs = 1;
    cr_assert_eq(net_fit(net, &perceptron, X, Y, &fit, &res), 0);
    cr_assert_float_eq(net_cost(net, &perceptron, X, Y), 0.0, 0.0);
    cr_assert_float_eq(MAT_AT(net->layers[0]->W, 0, 0), 0.19, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(net->layers[0]->W, 1, 0), -0.13, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(net->layers[0]->b, 0, 0), -0.23, TOL_FEW_OPS);
    net_free(net);
    mat_free(X);
    mat_free(Y);
}

Test(ch02, net_cost_plus_lambda_l2_is_the_E_section_4_prints_after_epoch_1)
{
    /* After the hinge + L2 epoch of section 3, w = (0.929224238, 0.909232237),
     * b = -0.02: y f = 13.7584276, -12.8292033, 5.5153615, -1.818456, so
     *     1/4 (0 + 13.8292033 + 0 + 2.818456) = 4.16191483
     * and lambda ||w||^2 = 0.01 x 1.69016103 = 0.0169016103:
     * E = 4.17881656 (section 4's table, epoch 1; quoted to 9 digits). */
    Mat *X = mat_from(4, 2, PLACEMENT_X), *Y = mat_from(4, 1, PLACEMENT_Y);
    Net *net = placement_net();
    Loss hinge = {.kind = LOSS_HINGE};
    FitResult res;
    FitSpec fit = {.epochs = 1, .batch_size = 1, .lr = 0.01, .l2 = 0.01};
    cr_assert_eq(net_fit(net, &hinge, X, Y, &fit, &res), 0);
    double E = net_cost(net, &hinge, X, Y) + 0.01 * net_l2(net);
    cr_assert_float_eq(E, 4.17881656, 5e-9, "E = %.10g", E);
    net_free(net);
    mat_free(X);
    mat_free(Y);
}

/* ---- section 4: the widest margin -------------------------------------------------- */

/* E(w, b) = 1/4 sum_i max(0, 1 - y_i f(x_i)) + lambda (w1^2 + w2^2) on the table. */
static double hinge_objective(double w1, double w2, double b, double lambda)
{
    double sum = 0.0;
    for (int i = 0; i < 4; i++)
        sum += loss_hinge(PLACEMENT_Y[i], w1 * PLACEMENT_X[2 * i] + w2 * PLACEMENT_X[2 * i + 1] + b);
    return sum / 4 + lambda * (w1 * w1 + w2 * w2);
}

Test(ch02, the_widest_margin_line_puts_examples_1_2_3_on_the_margin)
{
    /* w = (2, -1), b = -5: y f = 14 - 8 - 5 = 1, -(12 - 8 - 5) = 1,
     * 8 - 2 - 5 = 1, -(2 - 1 - 5) = 4; margin 1 / sqrt(5) = 0.447213595 */
    static const double want[] = {1, 1, 1, 4};
    for (int i = 0; i < 4; i++) {
        double yf = PLACEMENT_Y[i] * (2 * PLACEMENT_X[2 * i] - PLACEMENT_X[2 * i + 1] - 5);
        cr_assert_float_eq(yf, want[i], TOL_FEW_OPS, "example %d", i + 1);
    }
    cr_assert_float_eq(1 / sqrt(5.0), 0.447213595, 5e-10);
    /* E = 0 + 0.01 x 5 = 0.05 */
    cr_assert_float_eq(hinge_objective(2, -1, -5, 0.01), 0.05, TOL_FEW_OPS);
}

Test(ch02, the_widest_margin_line_minimizes_E_at_lambda_0_01)
{
    /* E is convex, so a point no small step in any direction improves is the
     * global minimum. All 26 directions of {-1, 0, 1}^3 and two step sizes;
     * each step must raise E by more than rounding. */
    double E0 = hinge_objective(2, -1, -5, 0.01);
    for (int a = -1; a <= 1; a++)
        for (int c = -1; c <= 1; c++)
            for (int e = -1; e <= 1; e++) {
                if (!a && !c && !e)
                    continue;
                for (double h = 1e-3; h >= 1e-4; h /= 10) {
                    double E = hinge_objective(2 + a * h, -1 + c * h, -5 + e * h, 0.01);
                    cr_assert(E > E0 + 1e-9 * h, "direction (%d, %d, %d), h = %g: E = %.17g, E0 = %.17g",
                              a, c, e, h, E, E0);
                }
            }
}

Test(ch02, a_subgradient_of_E_at_the_widest_margin_line_is_zero)
{
    /* The proof that (2, -1, -5) minimizes the convex E at lambda = 0.01:
     * at an example on the margin (y f = 1) the hinge's derivative can be
     * any -beta y with beta in [0, 1]; past the margin (example 4) it is 0.
     * With beta = (14/75, 1/5, 1/75) (8 lambda times the multipliers
     * alpha = (7/3, 5/2, 1/6) of README.md),
     *     dE/dw = 2 lambda w - 1/4 sum_i beta_i y_i x_i
     *           = (0.04, -0.02) - 1/4 (14/75 (7, 8) - 1/5 (6, 8) + 1/75 (4, 2))
     *           = (0.04, -0.02) - 1/4 (0.16, -0.08) = (0, 0)
     *     dE/db = -1/4 (14/75 - 1/5 + 1/75) = 0 */
    const double lambda = 0.01, w[2] = {2, -1};
    const double beta[3] = {14.0 / 75, 1.0 / 5, 1.0 / 75};
    double g[3] = {2 * lambda * w[0], 2 * lambda * w[1], 0.0};
    for (int i = 0; i < 3; i++) {
        cr_assert(beta[i] >= 0 && beta[i] <= 1);
        g[0] -= beta[i] * PLACEMENT_Y[i] * PLACEMENT_X[2 * i] / 4;
        g[1] -= beta[i] * PLACEMENT_Y[i] * PLACEMENT_X[2 * i + 1] / 4;
        g[2] -= beta[i] * PLACEMENT_Y[i] / 4;
    }
    for (int j = 0; j < 3; j++)
        cr_assert_float_eq(g[j], 0.0, TOL_FEW_OPS, "component %d: %.3g", j, g[j]);
}

Test(ch02, above_lambda_0_05_a_narrower_line_beats_the_widest_margin)
{
    /* The lines w = (a, -a/2), b = 1 - 3a keep examples 1 and 3 on the margin
     * (y f = 3a + b = 1); example 2 has y f = a - 1, example 4 has y f =
     * 2.5 a - 1 >= 1 for a >= 0.8. So for 0.8 <= a <= 2,
     *     E(a) = (2 - a) / 4 + lambda (a^2 + a^2 / 4) = (2 - a) / 4 + 1.25 lambda a^2,
     * smallest at a = 1 / (10 lambda): a = 2 (the widest-margin line) for
     * lambda = 0.05, but a = 5/3 for lambda = 0.06, where
     *     E = (1/3) / 4 + 0.075 x 25/9 = 1/12 + 5/24 = 7/24 = 0.291666667
     * beats E(2, -1, -5) = 0 + 0.06 x 5 = 0.3. */
    cr_assert_float_eq(hinge_objective(5.0 / 3, -5.0 / 6, -4, 0.06), 7.0 / 24, TOL_FEW_OPS);
    cr_assert_float_eq(hinge_objective(2, -1, -5, 0.06), 0.3, TOL_FEW_OPS);
    /* at lambda = 0.05 the same line loses: 1/12 + 0.0625 x 25/9 = 0.256944444 > 0.25 */
    cr_assert_float_eq(hinge_objective(5.0 / 3, -5.0 / 6, -4, 0.05), 37.0 / 144, TOL_FEW_OPS);
    cr_assert_float_eq(hinge_objective(2, -1, -5, 0.05), 0.25, TOL_FEW_OPS);
}

/* ---- section 5: the four variants --------------------------------------------------- */

/* A one-layer net for a variant, with small random weights. */
static Net *variant_net(int n_in, int n_out, ActKind act, int rows, uint64_t seed)
{
    Net *net = net_new(n_in, rows);
    cr_assert(net && net_add(net, n_out, act_of(act)) == 0);
    Rng rng;
    rng_seed(&rng, seed);
    net_init(net, &(Init){.kind = INIT_UNIFORM}, &rng);
    for (int j = 0; j < n_out; j++) /* a bias that is not 0 */
        MAT_AT(net->layers[0]->b, 0, j) = 0.1 * (j + 1);
    return net;
}

/* Five samples of three features, not symmetric. */
static const double SAMPLES[] = {0.5, -1.2, 0.3, 1.1, 0.4, -0.7, -0.9, 0.8, 1.5,
                                 0.2, -0.3, -1.1, -1.4, 1.0, 0.6};

static void check_gradients(ActKind act, LossKind loss_kind, int n_out, const double *y)
{
    Mat *X = mat_from(5, 3, SAMPLES), *Y = mat_from(5, n_out, y);
    Net *net = variant_net(3, n_out, act, 5, 7);
    Loss loss = {.kind = loss_kind};
    double worst = net_gradcheck(net, &loss, X, Y, GRADCHECK_STEP, NULL, NULL);
    cr_assert(worst <= GRAD_REL_TOL, "%s + %s: worst relative error %.3g", act_name(act),
              loss_name(loss_kind), worst);
    /* the gradient is not trivially zero */
    net_cost_grad(net, &loss, X, Y);
    cr_assert(fabs(MAT_AT(net->layers[0]->dW, 0, 0)) > 1e-3, "dW[0][0] = %g",
              MAT_AT(net->layers[0]->dW, 0, 0));
    net_free(net);
    mat_free(X);
    mat_free(Y);
}

Test(ch02, perceptron_variant_gradient_matches_central_differences)
{
    /* labels +-1; the random start leaves every y f away from the kink at 1 */
    static const double y[] = {1, -1, -1, 1, 1};
    check_gradients(ACT_LINEAR, LOSS_HINGE, 1, y);
}

Test(ch02, logistic_variant_gradient_matches_central_differences)
{
    static const double y[] = {1, 0, 0, 1, 1};
    check_gradients(ACT_SIGMOID, LOSS_BCE, 1, y);
}

Test(ch02, softmax_variant_gradient_matches_central_differences)
{
    static const double y[] = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0};
    check_gradients(ACT_SOFTMAX, LOSS_CCE, 3, y);
}

Test(ch02, linear_regression_variant_gradient_matches_central_differences)
{
    static const double y[] = {0.3, -1.2, 0.8, 2.0, -0.4};
    check_gradients(ACT_LINEAR, LOSS_MSE, 1, y);
}

/* E = cost + lambda sum w^2, for central differences of the L2 term too. */
typedef struct {
    Net *net;
    Loss loss;
    Mat *X, *Y;
    double lambda;
} L2Ctx;

static double l2_objective(void *ctx)
{
    L2Ctx *c = ctx;
    return net_cost(c->net, &c->loss, c->X, c->Y) + c->lambda * net_l2(c->net);
}

Test(ch02, the_l2_term_adds_2_lambda_w_to_every_weight_gradient_and_nothing_to_b)
{
    static const double y[] = {1, -1, -1, 1, 1};
    L2Ctx c = {.net = variant_net(3, 1, ACT_LINEAR, 5, 11), .loss = {.kind = LOSS_HINGE},
               .X = mat_from(5, 3, SAMPLES), .Y = mat_from(5, 1, y), .lambda = 0.3};
    Layer *d = c.net->layers[0];
    net_cost_grad(c.net, &c.loss, c.X, c.Y);
    double db = MAT_AT(d->db, 0, 0);
    net_add_l2_grad(c.net, c.lambda);
    for (int i = 0; i < 3; i++) {
        double numeric = gradcheck_numeric(l2_objective, &c, &MAT_AT(d->W, i, 0), GRADCHECK_STEP);
        double err = gradcheck_rel_error(MAT_AT(d->dW, i, 0), numeric);
        cr_assert(err <= GRAD_REL_TOL, "w%d: analytic %.10g, numeric %.10g", i + 1,
                  MAT_AT(d->dW, i, 0), numeric);
    }
    double numeric_b = gradcheck_numeric(l2_objective, &c, &MAT_AT(d->b, 0, 0), GRADCHECK_STEP);
    cr_assert_float_eq(MAT_AT(d->db, 0, 0), db, 0.0, "net_add_l2_grad changed db");
    cr_assert(gradcheck_rel_error(db, numeric_b) <= GRAD_REL_TOL, "b: %.10g vs %.10g", db, numeric_b);
    net_free(c.net);
    mat_free(c.X);
    mat_free(c.Y);
}

Test(ch02, every_variant_starts_at_its_hand_cost_when_w_is_zero)
{
    /* w = 0, b = 0: hinge max(0, 1 - 0) = 1; BCE -log 0.5 = ln 2 = 0.693147181;
     * CCE -log(1/3) = ln 3 = 1.09861229; MSE mean y^2 */
    static const double ypm[] = {1, -1, -1, 1, 1}, y01[] = {1, 0, 0, 1, 1};
    static const double y3[] = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0};
    static const double yreg[] = {1, -1, 2, 0, -2}; /* mean y^2 = 10 / 5 = 2 */
    struct {
        ActKind act;
        LossKind loss;
        int k;
        const double *y;
        double want;
    } v[] = {{ACT_LINEAR, LOSS_HINGE, 1, ypm, 1.0},
             {ACT_SIGMOID, LOSS_BCE, 1, y01, 0.693147181},
             {ACT_SOFTMAX, LOSS_CCE, 3, y3, 1.09861229},
             {ACT_LINEAR, LOSS_MSE, 1, yreg, 2.0}};
    Mat *X = mat_from(5, 3, SAMPLES);
    for (int k = 0; k < 4; k++) {
        Net *net = net_new(3, 5);
        cr_assert(net && net_add(net, v[k].k, act_of(v[k].act)) == 0); /* W = 0, b = 0 */
        Mat *Y = mat_from(5, v[k].k, v[k].y);
        Loss loss = {.kind = v[k].loss};
        cr_assert_float_eq(net_cost(net, &loss, X, Y), v[k].want, 5e-9, "%s", loss_name(v[k].loss));
        mat_free(Y);
        net_free(net);
    }
    mat_free(X);
}

Test(ch02, softmax_jacobian_times_the_cce_gradient_is_p_minus_y)
{
    /* chapter 02, section 5: z = (2, 1, 0.1), y = (1, 0, 0):
     * p = (0.659001139, 0.242432971, 0.0985658904), L = 0.417030016,
     * dL/dz = p - y = (-0.340998861, 0.242432971, 0.0985658904) */
    Mat *Z = mat_from(1, 3, (double[]){2, 1, 0.1}), *P = mat_new(1, 3);
    Mat *dP = mat_new(1, 3), *dZ = mat_new(1, 3);
    Act softmax = act_of(ACT_SOFTMAX);
    double y[] = {1, 0, 0};
    act_forward(&softmax, P, Z);
    cr_assert_float_eq(P->data[0], 0.659001139, 5e-10);
    cr_assert_float_eq(P->data[1], 0.242432971, 5e-10);
    cr_assert_float_eq(P->data[2], 0.0985658904, 5e-11);
    cr_assert_float_eq(loss_cce(y, P->data, 3), 0.417030016, 5e-10);
    loss_cce_grad(dP->data, y, P->data, 3); /* dL/dp_j = -y_j / p_j */
    act_backward(&softmax, dZ, dP, Z, P);   /* through the Jacobian dp/dz */
    for (int j = 0; j < 3; j++)
        cr_assert_float_eq(dZ->data[j], P->data[j] - y[j], TOL_FEW_OPS, "dz%d", j + 1);
    mat_free(Z);
    mat_free(P);
    mat_free(dP);
    mat_free(dZ);
}

Test(ch02, linear_regression_with_l2_reaches_the_closed_form_ridge_solution)
{
    /* datasets/diabetes.csv, all 442 rows, features and target standardized
     * (population std, as data_standardize). The minimum of
     * E = 1/m sum (x w + b - y)^2 + lambda |w|^2, lambda = 0.001, is
     * w = (X^T X / m + lambda I)^-1 X^T y / m, b = 0. Computed once with
     * numpy 1.24 (np.linalg.solve, float64): */
    static const double ridge[10] = {
        -0.00589835603128048, -0.14767997819136203, 0.3214233791875613,
        0.20001984379974566,  -0.43998937417708006, 0.25533730792335046,
        0.04065054317182224,  0.10346995687452687,  0.4453124221077033,
        0.04207864977196312};
    DataTable t = {0};
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_load_csv(&t, "datasets/diabetes.csv", err, sizeof err), 0, "%s", err);
    int cols[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, target = 10;
    Mat *X = data_select(&t, cols, 10), *Y = data_select(&t, &target, 1);
    Mat *mx = mat_new(1, 10), *sx = mat_new(1, 10), *my = mat_new(1, 1), *sy = mat_new(1, 1);
    data_standardize(X, mx, sx);
    data_standardize(Y, my, sy);
    Net *net = net_new(10, X->rows);
    cr_assert(net && net_add(net, 1, act_of(ACT_LINEAR)) == 0);
    Loss mse = {.kind = LOSS_MSE};
    FitResult res;
    /* full-batch gradient descent; lr 0.2 < 2 / (2 x 4.03), the largest
     * eigenvalue of 2 (X^T X / m + lambda I) */
    FitSpec fit = {.epochs = 8000, .batch_size = 0, .lr = 0.2, .l2 = 0.001};
    cr_assert_eq(net_fit(net, &mse, X, Y, &fit, &res), 0, "%s", res.message);
    for (int i = 0; i < 10; i++)
        cr_assert_float_eq(MAT_AT(net->layers[0]->W, i, 0), ridge[i], 1e-9, "w%d: %.17g vs %.17g",
                           i + 1, MAT_AT(net->layers[0]->W, i, 0), ridge[i]);
    cr_assert_float_eq(MAT_AT(net->layers[0]->b, 0, 0), 0.0, 1e-9);
    net_free(net);
    mat_free(X);
    mat_free(Y);
    mat_free(mx);
    mat_free(sx);
    mat_free(my);
    mat_free(sy);
    data_table_free(&t);
}
