/* test_ch07_gradient_descent.c - chapter 07's hand calculations, redone by
 * the library: the line y_hat = m x + c on 001's students table (x = cgpa,
 * y = lpa) is a Dense(1, linear) unit with W = m and b = c, so
 *   - net_cost_grad gives section 3's L, dL/dm, dL/dc at m = 1, c = 0, and
 *     central differences (gradcheck_numeric) agree with them;
 *   - net_step gives section 4's three batch GD steps;
 *   - net_fit with batches of 1 and 2 (rows in order) gives section 5's SGD
 *     epochs (and 001's "avg loss for the epoch" as fit's loss) and
 *     section 6's mini-batch epoch;
 *   - linalg solves section 7's least-squares line from the normal
 *     equations, and the Hessian's extreme eigenvalues match the closed
 *     form the chapter prints;
 *   - net_gradcheck confirms backpropagation through section 9's model
 *     (the check the transcript printed before this file existed).
 *
 * Tolerances:
 *   - a few exact double operations on numbers near 1-100: 1e-12;
 *   - values after 5 SGD epochs (20 updates) or from a 2 x 2 solve: 1e-10
 *     (a rounding of 1e-16 per operation, amplified at most by the
 *     updates' factors |1 - eta x^2| < 1);
 *   - gradient checks: relative error <= 1e-7 (cs231n's "good"; the MSE of
 *     a linear unit is a quadratic, whose central difference is exact up
 *     to rounding, about 1e-10).
 */
#include <criterion/criterion.h>
#include <math.h>

#include "gradcheck.h"
#include "linalg.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "rng.h"

#define TOL 1e-12
#define TOL_RUN 1e-10
#define GRAD_REL_TOL 1e-7

/* 001's students table (datasets/students.csv): x = cgpa, y = lpa. */
static const double CGPA[] = {8, 9, 5, 7};
static const double LPA[] = {3, 5, 8, 11};

static const Loss MSE = {.kind = LOSS_MSE};

/* The table as the net sees it, (4 x 1) each, made before every test. */
static Mat *X, *Y;

static void students(void)
{
    X = mat_from(4, 1, CGPA);
    Y = mat_from(4, 1, LPA);
}

static void students_free(void)
{
    mat_free(X);
    mat_free(Y);
}

TestSuite(ch07, .init = students, .fini = students_free);

/* The line y_hat = m x + c as Dense(1, linear): W = m (1 x 1), b = c. */
static Net *line_net(double m, double c)
{
    Net *net = net_new(1, 4);
    cr_assert_not_null(net);
    cr_assert_eq(net_add(net, 1, act_of(ACT_LINEAR)), 0);
    MAT_AT(net->layers[0]->W, 0, 0) = m;
    MAT_AT(net->layers[0]->b, 0, 0) = c;
    return net;
}

/* Train net for epochs epochs of batches of B rows, in order, eta = 0.01;
 * returns fit's loss of the last epoch. */
static double fit(Net *net, int epochs, int B)
{
    FitResult res;
    cr_assert_eq(net_fit(net, &MSE, X, Y, &(FitSpec){.epochs = epochs, .batch_size = B, .lr = 0.01},
                         &res), 0, "%s", res.message);
    return res.cost;
}

static double W_of(const Net *net)
{
    return MAT_AT(net->layers[0]->W, 0, 0);
}

static double b_of(const Net *net)
{
    return MAT_AT(net->layers[0]->b, 0, 0);
}

Test(ch07, the_dense_unit_gives_section_3s_hand_gradient)
{
    /* m = 1, c = 0: y_hat = (8, 9, 5, 7), e = y - y_hat = (-5, -4, 3, 4)
     * L     = (25 + 16 + 9 + 16) / 4 = 66 / 4 = 16.5
     * dL/dm = -2/4 (8(-5) + 9(-4) + 5(3) + 7(4)) = -0.5 (-33) = 16.5
     * dL/dc = -2/4 (-5 - 4 + 3 + 4) = -0.5 (-2) = 1 */
    Net *net = line_net(1.0, 0.0);
    cr_assert_float_eq(net_cost_grad(net, &MSE, X, Y), 16.5, TOL);
    cr_assert_float_eq(MAT_AT(net->layers[0]->dW, 0, 0), 16.5, TOL);
    cr_assert_float_eq(MAT_AT(net->layers[0]->db, 0, 0), 1.0, TOL);
    net_free(net);
}

/* For gradcheck_numeric: the cost of the net in ctx on the students table. */
static double cost_of(void *net)
{
    return net_cost(net, &MSE, X, Y);
}

Test(ch07, central_differences_agree_with_section_3s_gradient)
{
    /* (L(m + h) - L(m - h)) / 2h of a quadratic is its derivative exactly
     * (the h^2 term vanishes with the third derivative): 16.5 and 1 */
    Net *net = line_net(1.0, 0.0);
    double num_m = gradcheck_numeric(cost_of, net, &net->layers[0]->W->data[0], GRADCHECK_STEP);
    double num_c = gradcheck_numeric(cost_of, net, &net->layers[0]->b->data[0], GRADCHECK_STEP);
    cr_assert_leq(gradcheck_rel_error(16.5, num_m), GRAD_REL_TOL, "dL/dm: numeric %.17g", num_m);
    cr_assert_leq(gradcheck_rel_error(1.0, num_c), GRAD_REL_TOL, "dL/dc: numeric %.17g", num_c);
    cr_assert_eq(W_of(net), 1.0, "gradcheck_numeric restores m");
    net_free(net);
}

Test(ch07, net_step_takes_section_4s_three_batch_steps)
{
    /* eta = 0.01, exact fractions:
     * step 1: m = 1 - 0.01 x 16.5 = 0.835, c = 0 - 0.01 x 1 = -0.01
     * step 2: dL/dm = -1.7125, dL/dc = -1.4125: m = 0.852125, c = 0.004125
     * step 3: dL/dm = 0.3675, dL/dc = -1.1359375: m = 0.84845, c = 0.015484375
     * the cost after step 3: 1560431401041 / 102400000000 = 15.2385879007910... */
    Net *net = line_net(1.0, 0.0);
    static const double m_after[] = {0.835, 0.852125, 0.84845};
    static const double c_after[] = {-0.01, 0.004125, 0.015484375};
    for (int step = 0; step < 3; step++) {
        net_cost_grad(net, &MSE, X, Y);
        net_step(net, 0.01);
        cr_assert_float_eq(W_of(net), m_after[step], TOL, "step %d: m = %.17g", step + 1, W_of(net));
        cr_assert_float_eq(b_of(net), c_after[step], TOL, "step %d: c = %.17g", step + 1, b_of(net));
    }
    cr_assert_float_eq(net_cost(net, &MSE, X, Y), 1560431401041.0 / 102400000000.0, TOL);
    net_free(net);
}

Test(ch07, net_fit_with_batches_of_one_is_section_5s_sgd)
{
    /* rows in order (no shuffle), eta = 0.01, from m = 1, c = 0:
     * update 1: e = -5, m = 1 - 0.01 x 80 = 0.2, c = -0.1
     * update 2: e = 3.3, m = 0.2 + 0.594 = 0.794, c = -0.034
     * update 3: e = 4.064, m = 0.794 + 0.4064 = 1.2004, c = 0.04728
     * update 4: e = 2.54992, m = 1.2004 + 0.3569888 = 1.5573888, c = 0.0982784
     * fit's loss, 001's "avg loss for the epoch", is the mean of the row
     * losses before each update: (25 + 10.89 + 16.516096 + 6.5020920064) / 4
     * = 14.7270470016; the cost of the final line is 43.6090063... */
    Net *net = line_net(1.0, 0.0);
    double avg_loss = fit(net, 1, 1);
    cr_assert_float_eq(avg_loss, 14.7270470016, TOL);
    cr_assert_float_eq(W_of(net), 1.5573888, TOL);
    cr_assert_float_eq(b_of(net), 0.0982784, TOL);
    /* four more epochs: the notes' "epoch = 5" (values from exact fractions,
     * 1.54643939094678..., 0.17492426337251...; final cost 43.4558940138...) */
    fit(net, 4, 1);
    cr_assert_float_eq(W_of(net), 1.5464393909467837, TOL_RUN);
    cr_assert_float_eq(b_of(net), 0.1749242633725138, TOL_RUN);
    cr_assert_float_eq(net_cost(net, &MSE, X, Y), 43.45589401383917, TOL_RUN);
    net_free(net);
}

Test(ch07, net_fit_with_batches_of_two_is_section_6s_minibatch_epoch)
{
    /* rows 1-2 from (1, 0): e = (-5, -4), dL/dm = -(8(-5) + 9(-4)) = 76,
     * dL/dc = 9: m = 0.24, c = -0.09; rows 3-4: e = (6.89, 9.41),
     * dL/dm = -(5 x 6.89 + 7 x 9.41) = -100.32, dL/dc = -16.3:
     * m = 1.2432, c = 0.073; cost 602170321 / 25000000 = 24.08681284 */
    Net *net = line_net(1.0, 0.0);
    fit(net, 1, 2);
    cr_assert_float_eq(W_of(net), 1.2432, TOL);
    cr_assert_float_eq(b_of(net), 0.073, TOL);
    cr_assert_float_eq(net_cost(net, &MSE, X, Y), 24.08681284, TOL);
    net_free(net);
}

Test(ch07, normal_equations_give_section_7s_least_squares_line)
{
    /* A = [x 1]: A^T A = [[sum x^2, sum x], [sum x, n]] = [[219, 29], [29, 4]],
     * A^T y = [sum x y, sum y] = [8 x 3 + 9 x 5 + 5 x 8 + 7 x 11, 27] = [186, 27].
     * det = 876 - 841 = 35: m* = (4 x 186 - 29 x 27) / 35 = (744 - 783) / 35 = -39/35,
     * c* = (219 x 27 - 29 x 186) / 35 = (5913 - 5394) / 35 = 519/35,
     * and its cost 453/70 (README.md, section 7) */
    Mat *G = mat_from(2, 2, (double[]){219, 29, 29, 4});
    Mat *w = mat_from(2, 1, (double[]){186, 27});
    cr_assert_eq(linalg_solve(G, w), 0);
    cr_assert_float_eq(MAT_AT(w, 0, 0), -39.0 / 35, TOL);
    cr_assert_float_eq(MAT_AT(w, 1, 0), 519.0 / 35, TOL);
    Net *net = line_net(MAT_AT(w, 0, 0), MAT_AT(w, 1, 0));
    cr_assert_float_eq(net_cost(net, &MSE, X, Y), 453.0 / 70, TOL);
    /* and the gradient vanishes there: the bottom of the bowl */
    net_cost_grad(net, &MSE, X, Y);
    cr_assert_float_eq(MAT_AT(net->layers[0]->dW, 0, 0), 0.0, TOL);
    cr_assert_float_eq(MAT_AT(net->layers[0]->db, 0, 0), 0.0, TOL);
    net_free(net);
    mat_free(G);
    mat_free(w);
}

Test(ch07, power_iteration_matches_section_7s_closed_form_eigenvalues)
{
    /* H = 2/n A^T A = [[109.5, 14.5], [14.5, 2]]; the chapter prints
     * lambda_max = (a + d)/2 + sqrt(((a - d)/2)^2 + h^2) = 111.421469 and
     * lambda_min = det / lambda_max = (4 sxx / n) / lambda_max = 8.75 / 111.42...
     * = 0.0785306463; the stable learning rates end at 2 / lambda_max = 0.017949862.
     * lambda_min loses ~3 digits to linalg's subtraction: 1e-10 relative. */
    Mat *H = mat_from(2, 2, (double[]){109.5, 14.5, 14.5, 2});
    double lo, hi, hi_exact = 55.75 + sqrt(53.75 * 53.75 + 14.5 * 14.5);
    cr_assert_eq(linalg_eig_extremes(&lo, &hi, H, 100), 0);
    cr_assert_float_eq(hi, hi_exact, TOL * hi_exact);
    cr_assert_float_eq(lo, 8.75 / hi_exact, 1e-10 * lo);
    cr_assert_float_eq(2.0 / hi, 0.017949862, 5e-10, "2 / lambda_max = %.17g", 2.0 / hi);
    mat_free(H);
}

Test(ch07, net_gradcheck_confirms_section_9s_linear_model)
{
    /* Dense(4 -> 1, linear) with W = (0.5, 1, 1.5, 2), b = 0, away from 0
     * where the check means more, on 100 rows x ~ N(0, 1), y ~ N(5, 2^2) */
    Rng rng;
    rng_seed(&rng, 7);
    Mat *X4 = mat_new(100, 4), *Y4 = mat_new(100, 1);
    for (int i = 0; i < 100; i++) {
        for (int j = 0; j < 4; j++)
            MAT_AT(X4, i, j) = rng_normal(&rng, 0, 1);
        MAT_AT(Y4, i, 0) = rng_normal(&rng, 5, 2);
    }
    Net *net = net_new(4, 100);
    cr_assert_not_null(net);
    cr_assert_eq(net_add(net, 1, act_of(ACT_LINEAR)), 0);
    for (int j = 0; j < 4; j++)
        MAT_AT(net->layers[0]->W, j, 0) = 0.5 * (j + 1);
    double worst = net_gradcheck(net, &MSE, X4, Y4, GRADCHECK_STEP, NULL, NULL);
    cr_assert_leq(worst, GRAD_REL_TOL, "largest relative error %.3g", worst);
    /* not a vacuous check: the gradient is far from 0 at this point */
    net_cost_grad(net, &MSE, X4, Y4);
    cr_assert_gt(fabs(MAT_AT(net->layers[0]->db, 0, 0)), 1.0);
    net_free(net);
    mat_free(X4);
    mat_free(Y4);
}
