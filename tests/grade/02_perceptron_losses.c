/* Grader of chapter 02, the flexible perceptron (10 points): hand values
 * from the chapter (the hinge + L2 epoch on the notes' placement table, the
 * softmax of z = (2, 1, 0.1)), the notes' own cross-entropy example, and
 * behaviour checks (the hinge loss still pushes inside the margin; L2
 * shrinks w on an example the loss leaves alone, but not b; the log loss
 * of a y = 0 example is positive; softmax survives z = 1000).
 *
 * Reference values with more digits than a hand calculation gives were
 * computed once with Python's math module (double precision, the same
 * formulas) and are stored here as literals.
 */
#include "exercises.h"
#include "grade.h"

const char grade_chapter[] = "02_perceptron_losses";
const GradeExercise grade_exercises[] = {
    {"hinge_loss_and_derivative", "2.1", "the hinge loss and dL/df", 2,
     "L = max(0, 1 - y f): the 1 makes it the hinge loss, not the perceptron loss; "
     "dL/df = -y whenever y f < 1 (also on the right side inside the margin, "
     "0 <= y f < 1), else 0"},
    {"hinge_sgd_step", "2.2", "one SGD step on the hinge loss + L2", 3,
     "compute f = w . x + b with the weights from BEFORE the step; then "
     "w_i -= eta (dL/df x_i + 2 lambda w_i) for every i, also when the loss is 0 "
     "(weight decay); the bias gets no lambda term; return the loss from before the step"},
    {"logistic_loss_grad", "2.3", "log loss + sigmoid and its gradient", 2,
     "p = 1 / (1 + exp(-f)); the log loss has a minus in front of BOTH terms, "
     "L = -y log p - (1 - y) log(1 - p) (001 prints it without: see Errata); "
     "dL/dw_i = (p - y) x_i, dL/db = p - y"},
    {"softmax_cce", "2.4", "softmax + categorical cross-entropy", 3,
     "subtract the largest z from every z before exp (p does not change, and exp(1000) "
     "no longer overflows); L = -sum_j y_j log p_j needs the minus sign (001 drops it: "
     "see Errata); dz_j = p_j - y_j"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* A few products and sums of doubles: 1e-12 leaves room for rounding only. */
#define TOL 1e-12

GRADE_TEST(hinge_loss_and_derivative)
{
    /* placement row 2 with w = (1, 1), b = 0: f = 14, y = -1:
     * L = max(0, 1 - (-1)(14)) = 15, dL/df = -y = 1 */
    GRADE_NEAR(ex_hinge_loss(-1, 14), 15.0, TOL, "ex_hinge_loss(y = -1, f = 14)");
    GRADE_NEAR(ex_hinge_dloss(-1, 14), 1.0, TOL, "ex_hinge_dloss(y = -1, f = 14)");
    /* past the margin: y f = 15 >= 1: L = 0, dL/df = 0 */
    GRADE_NEAR(ex_hinge_loss(1, 15), 0.0, TOL, "ex_hinge_loss(y = 1, f = 15)");
    GRADE_NEAR(ex_hinge_dloss(1, 15), 0.0, TOL, "ex_hinge_dloss(y = 1, f = 15)");
    /* right side but inside the margin: y f = 0.5: L = 1 - 0.5 = 0.5, dL/df = -1
     * (the perceptron loss would give 0 and 0 here) */
    GRADE_NEAR(ex_hinge_loss(1, 0.5), 0.5, TOL, "ex_hinge_loss(y = 1, f = 0.5) (inside the margin)");
    GRADE_NEAR(ex_hinge_dloss(1, 0.5), -1.0, TOL, "ex_hinge_dloss(y = 1, f = 0.5) (inside the margin)");
    /* y = -1, f = -0.3: y f = 0.3 < 1: L = 0.7, dL/df = -y = 1 */
    GRADE_NEAR(ex_hinge_loss(-1, -0.3), 0.7, TOL, "ex_hinge_loss(y = -1, f = -0.3)");
    GRADE_NEAR(ex_hinge_dloss(-1, -0.3), 1.0, TOL, "ex_hinge_dloss(y = -1, f = -0.3)");
    /* wrong side: y = -1, f = 0.2: L = 1 + 0.2 = 1.2 */
    GRADE_NEAR(ex_hinge_loss(-1, 0.2), 1.2, TOL, "ex_hinge_loss(y = -1, f = 0.2)");
    /* on the margin line: y f = 1: L = 0, dL/df = 0 (the case split has y f < 1) */
    GRADE_NEAR(ex_hinge_loss(1, 1), 0.0, TOL, "ex_hinge_loss(y = 1, f = 1) (on the margin)");
    GRADE_NEAR(ex_hinge_dloss(1, 1), 0.0, TOL, "ex_hinge_dloss(y = 1, f = 1) (on the margin)");
}

/* The notes' placement table: (cgpa, iq) and placed in {1, -1}. */
static const double placement_X[] = {7, 8, 6, 8, 4, 2, 1, 1};
static const double placement_y[] = {1, -1, 1, -1};

GRADE_TEST(hinge_sgd_step)
{
    /* chapter 02, section 3: w = (1, 1), b = 0, eta = 0.01, lambda = 0.01.
     * Example 1, x = (7, 8), y = 1: f = 15 >= 1, L = 0, dL/df = 0, yet L2 acts:
     * w1 = 1 - 0.01 (0 x 7 + 2 x 0.01 x 1) = 0.9998, the same for w2; b stays 0 */
    double w[] = {1, 1}, b = 0;
    GRADE_NEAR(ex_hinge_sgd_step(w, &b, &placement_X[0], placement_y[0], 2, 0.01, 0.01), 0.0, TOL,
               "ex_hinge_sgd_step on example 1 (x = (7, 8), y = 1): the loss");
    GradeMistake no_decay[] = {{1.0, "the L2 term is skipped when the loss is 0: weight decay "
                                     "shrinks w on every step"}};
    GRADE_NEAR_KNOWN(w[0], 0.9998, TOL, no_decay, 1,
                     "after example 1 (loss 0, but lambda = 0.01): w1");
    GRADE_NEAR(w[1], 0.9998, TOL, "after example 1 (loss 0, but lambda = 0.01): w2");
    GRADE_NEAR(b, 0.0, TOL, "after example 1: b (the bias is not regularized)");
    /* example 2, x = (6, 8), y = -1: f = 0.9998 x 6 + 0.9998 x 8 = 13.9972, L = 14.9972,
     * dL/df = 1: w1 = 0.9998 - 0.01 (6 + 2 x 0.01 x 0.9998) = 0.93960004,
     * w2 = 0.9998 - 0.01 (8 + 0.019996) = 0.91960004, b = 0 - 0.01 x 1 = -0.01 */
    GRADE_NEAR(ex_hinge_sgd_step(w, &b, &placement_X[2], placement_y[1], 2, 0.01, 0.01), 14.9972,
               1e-11, "ex_hinge_sgd_step on example 2 (x = (6, 8), y = -1): the loss");
    GRADE_NEAR(w[0], 0.93960004, TOL, "after example 2: w1");
    GRADE_NEAR(w[1], 0.91960004, TOL, "after example 2: w2");
    GRADE_NEAR(b, -0.01, TOL, "after example 2: b");
    /* examples 3 (loss 0) and 4 (f = 1.84882824, loss 2.84882824) end epoch 1 at
     * w = (0.929224238, 0.909232237), b = -0.02 (the chapter prints every step) */
    ex_hinge_sgd_step(w, &b, &placement_X[4], placement_y[2], 2, 0.01, 0.01);
    GRADE_NEAR(ex_hinge_sgd_step(w, &b, &placement_X[6], placement_y[3], 2, 0.01, 0.01),
               2.848828239984, 1e-11, "ex_hinge_sgd_step on example 4 (x = (1, 1), y = -1): the loss");
    GRADE_NEAR(w[0], 0.9292242375680015, TOL, "after epoch 1: w1");
    GRADE_NEAR(w[1], 0.9092322367680015, TOL, "after epoch 1: w2");
    GRADE_NEAR(b, -0.02, TOL, "after epoch 1: b");
    /* n = 3: w = (0.5, -1, 2), b = 0.1, x = (1, 1, 1), y = -1, eta = 0.1, lambda = 0.5:
     * f = 1.6, L = 2.6, dL/df = 1: w_i <- w_i - 0.1 (1 + w_i) = (0.35, -1, 1.7), b = 0 */
    double w3[] = {0.5, -1, 2}, b3 = 0.1, x3[] = {1, 1, 1};
    GRADE_NEAR(ex_hinge_sgd_step(w3, &b3, x3, -1, 3, 0.1, 0.5), 2.6, TOL,
               "n = 3, w = (0.5, -1, 2), b = 0.1, x = (1, 1, 1), y = -1: the loss");
    GRADE_NEAR(w3[0], 0.35, TOL, "n = 3, eta = 0.1, lambda = 0.5: w1");
    GRADE_NEAR(w3[2], 1.7, TOL, "n = 3, eta = 0.1, lambda = 0.5: w3");
    GRADE_NEAR(b3, 0.0, TOL, "n = 3, eta = 0.1, lambda = 0.5: b");
    /* right side but inside the margin, lambda = 0: w = (0.5, 0.5), b = 0,
     * x = (1, 0.2), y = 1: f = 0.6, L = 0.4, dL/df = -1, so the step still moves:
     * w = (0.5 + 0.1 x 1, 0.5 + 0.1 x 0.2) = (0.6, 0.52), b = 0 + 0.1 = 0.1 */
    double w5[] = {0.5, 0.5}, b5 = 0, x5[] = {1, 0.2};
    GRADE_NEAR(ex_hinge_sgd_step(w5, &b5, x5, 1, 2, 0.1, 0.0), 0.4, TOL,
               "w = (0.5, 0.5), b = 0, x = (1, 0.2), y = 1 (y f = 0.6, inside the margin): the loss");
    GRADE_NEAR(w5[1], 0.52, TOL, "inside the margin (y f = 0.6), eta = 0.1, lambda = 0: w2");
    GRADE_NEAR(b5, 0.1, TOL, "inside the margin (y f = 0.6), eta = 0.1, lambda = 0: b");
    /* past the margin (f = 4) with lambda = 0.5, eta = 0.1: only the decay,
     * w <- w - 0.1 x 2 x 0.5 w = 0.9 w = (1.8, 0.9); b stays 1 */
    double w4[] = {2, 1}, b4 = 1, x4[] = {1, 1};
    ex_hinge_sgd_step(w4, &b4, x4, 1, 2, 0.1, 0.5);
    GRADE_NEAR(w4[0], 1.8, TOL, "w = (2, 1), b = 1, x = (1, 1), y = 1 (loss 0), lambda = 0.5: w1");
    GRADE_NEAR(b4, 1.0, TOL, "a step on an example with loss 0 must not change b");
    /* and with lambda = 0 such an example changes nothing at all */
    ex_hinge_sgd_step(w4, &b4, x4, 1, 2, 0.1, 0.0);
    GRADE_NEAR(w4[1], 0.9, TOL, "lambda = 0, an example past the margin: w2 must not change");
}

GRADE_TEST(logistic_loss_grad)
{
    /* x = (8, 8), y = 1, w = (0.1, -0.1), b = 0: f = 0, p = 0.5, L = ln 2,
     * dL/dw = (0.5 - 1)(8, 8) = (-4, -4), dL/db = -0.5 */
    double x1[] = {8, 8}, w1[] = {0.1, -0.1};
    double dw[2] = {GRADE_UNWRITTEN, GRADE_UNWRITTEN}, db = GRADE_UNWRITTEN;
    GRADE_NEAR(ex_logistic_loss_grad(x1, 1, w1, 0, 2, dw, &db), 0.6931471805599453, TOL,
               "x = (8, 8), y = 1, w = (0.1, -0.1), b = 0 (f = 0): the loss ln 2");
    GRADE_NEAR(dw[0], -4.0, TOL, "x = (8, 8), y = 1, f = 0: dL/dw1 = (p - y) x1");
    GRADE_NEAR(db, -0.5, TOL, "x = (8, 8), y = 1, f = 0: dL/db = p - y");
    /* x = (7, 9), y = 1, w = (0.5, -0.25), b = -1: f = 3.5 - 2.25 - 1 = 0.25,
     * p = sigmoid(0.25) = 0.562176501, L = -log p = 0.57593942,
     * dL/dw = (p - 1)(7, 9) = (-3.06476449, -3.94041149) */
    double x2[] = {7, 9}, w2[] = {0.5, -0.25};
    GRADE_NEAR(ex_logistic_loss_grad(x2, 1, w2, -1, 2, dw, &db), 0.5759394198788437, TOL,
               "x = (7, 9), y = 1, w = (0.5, -0.25), b = -1 (f = 0.25): the loss");
    GRADE_NEAR(dw[1], -3.9404114920278173, TOL, "x = (7, 9), y = 1, f = 0.25: dL/dw2");
    GRADE_NEAR(db, -0.43782349911420193, TOL, "x = (7, 9), y = 1, f = 0.25: dL/db");
    /* x = (6, 10), y = 0, same w, b: f = 3 - 2.5 - 1 = -0.5, p = 0.377540669,
     * L = -log(1 - p) = log(1 + e^-0.5) = 0.474076984 (positive: a loss is >= 0),
     * dL/dw = p (6, 10) = (2.26524401, 3.77540669), dL/db = p */
    double x3[] = {6, 10};
    GRADE_NEAR(ex_logistic_loss_grad(x3, 0, w2, -1, 2, dw, &db), 0.47407698418010663, TOL,
               "x = (6, 10), y = 0, w = (0.5, -0.25), b = -1 (f = -0.5): the loss");
    GRADE_NEAR(dw[0], 2.265244012788872, TOL, "x = (6, 10), y = 0, f = -0.5: dL/dw1");
    GRADE_NEAR(db, 0.3775406687981454, TOL, "x = (6, 10), y = 0, f = -0.5: dL/db");
    /* far on the wrong side: w = 0, b = -40, y = 1: p = 4.2e-18, L = 40,
     * dL/dw = (p - 1)(1, 2) = (-1, -2) to 1e-17 */
    double x4[] = {1, 2}, w4[] = {0, 0};
    GRADE_NEAR(ex_logistic_loss_grad(x4, 1, w4, -40, 2, dw, &db), 40.0, 1e-9,
               "x = (1, 2), y = 1, w = (0, 0), b = -40: the loss");
    GRADE_NEAR(dw[1], -2.0, 1e-9, "x = (1, 2), y = 1, b = -40: dL/dw2");
}

/* The checks of one softmax + CCE call against reference values. */
static void check_softmax(const char *what, const double *z, const double *y, int k,
                          const double *p_want, double L_want)
{
    double p[3], dz[3];
    grade_fill_unwritten(p, 3);
    grade_fill_unwritten(dz, 3);
    GRADE_NEAR(ex_softmax_cce(z, y, k, p, dz), L_want, TOL, "%s: the loss", what);
    for (int j = 0; j < k; j++) {
        GRADE_NEAR(p[j], p_want[j], TOL, "%s: p[%d]", what, j);
        GRADE_NEAR(dz[j], p_want[j] - y[j], TOL, "%s: dz[%d] = p[%d] - y[%d]", what, j, j, j);
    }
}

GRADE_TEST(softmax_cce)
{
    /* chapter 02, section 5: z = (2, 1, 0.1): sum e^z = 11.2125088,
     * p = (0.659001139, 0.242432971, 0.0985658904); y = (1, 0, 0):
     * L = -log 0.659001139 = 0.417030016 */
    check_softmax("z = (2, 1, 0.1), y = (1, 0, 0)", (double[]){2, 1, 0.1},
                  (double[]){1, 0, 0}, 3,
                  (double[]){0.6590011388859679, 0.24243297070471392, 0.09856589040931818},
                  0.4170300162778335);
    /* z = (1000, 1001, 1002): e^1000 overflows a double, but p = softmax(0, 1, 2)
     * = (0.0900305732, 0.244728471, 0.665240956); y = (0, 0, 1): L = 0.407605964 */
    check_softmax("z = (1000, 1001, 1002), y = (0, 0, 1)", (double[]){1000, 1001, 1002},
                  (double[]){0, 0, 1}, 3,
                  (double[]){0.09003057317038046, 0.24472847105479764, 0.6652409557748218},
                  0.40760596444438046);
    /* equal scores: p = 1/3 each, L = ln 3 (softmax regression at w = 0) */
    check_softmax("z = (0, 0, 0), y = (0, 1, 0)", (double[]){0, 0, 0}, (double[]){0, 1, 0}, 3,
                  (double[]){1.0 / 3, 1.0 / 3, 1.0 / 3}, 1.0986122886681098);
    /* two classes: softmax(-1, 1) = (sigmoid(-2), sigmoid(2)); L = log(1 + e^-2) */
    check_softmax("k = 2: z = (-1, 1), y = (0, 1)", (double[]){-1, 1}, (double[]){0, 1}, 2,
                  (double[]){0.11920292202211755, 0.8807970779778823}, 0.12692801104297263);
    /* 001's cross-entropy example: p = (0.2, 0.3, 0.5), y = (1, 0, 0),
     * L = -1 x log(0.2) = 1.60943791; the scores z = log p give exactly that p */
    check_softmax("the notes' p = (0.2, 0.3, 0.5), y = (1, 0, 0)",
                  (double[]){log(0.2), log(0.3), log(0.5)}, (double[]){1, 0, 0}, 3,
                  (double[]){0.2, 0.3, 0.5}, 1.6094379124341003);
}
