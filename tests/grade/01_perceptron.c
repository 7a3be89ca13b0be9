/* Grader of chapter 01, the perceptron (10 points): hand values from the
 * notes' placement table, and behaviour checks (a correct example leaves
 * the weights alone; the epoch loop converges on separable data). */
#include "exercises.h"
#include "grade.h"

const char grade_chapter[] = "01_perceptron";
const GradeExercise grade_exercises[] = {
    {"neuron_output", "1.1", "the neuron's output", 2,
     "z = w1 x1 + ... + wn xn + b over all n inputs; return 1 when z >= 0, else -1"},
    {"loss_and_gradient", "1.2", "the perceptron loss and its gradient", 3,
     "L = max(0, -y f); when y f < 0 the gradient is dL/dw_i = -y x_i, dL/db = -y, "
     "otherwise every entry is 0 (set them all)"},
    {"update_step", "1.3", "one update step", 2,
     "w_i <- w_i - eta dL/dw_i with a MINUS sign (the notes print a plus: see Errata); "
     "update only when y f < 0"},
    {"full_epoch", "1.4", "a full epoch", 3,
     "call your update on examples 0..m-1 in order; example i starts at X[i * n]; "
     "count the updates that changed the weights"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* Exact sums of a few products: 1e-12 leaves room for rounding only. */
#define TOL 1e-12

GRADE_TEST(neuron_output)
{
    /* placement row 1, w = (1, 1), b = 0: z = 7 x 1 + 8 x 1 + 0 = 15 -> 1 */
    double x1[] = {7, 8}, w1[] = {1, 1};
    GRADE_NEAR(ex_neuron_output(x1, w1, 0.0, 2), 1.0, TOL, "x = (7, 8), w = (1, 1), b = 0");
    /* z = 1 x 0.19 + 1 x (-0.13) - 0.23 = -0.17 -> -1 */
    double x2[] = {1, 1}, w2[] = {0.19, -0.13};
    GRADE_NEAR(ex_neuron_output(x2, w2, -0.23, 2), -1.0, TOL,
               "x = (1, 1), w = (0.19, -0.13), b = -0.23 (z = -0.17)");
    /* on the boundary z = 4 x 0.5 - 2 = 0 -> 1 (the notes: f >= 0 is class 1) */
    double x3[] = {4, 0}, w3[] = {0.5, 3};
    GRADE_NEAR(ex_neuron_output(x3, w3, -2.0, 2), 1.0, TOL, "x = (4, 0), w = (0.5, 3), b = -2 (z = 0)");
    /* three inputs: z = 1 x 1 + 1 x 1 + 1 x (-3) + 0.5 = -0.5 -> -1 */
    double x4[] = {1, 1, 1}, w4[] = {1, 1, -3};
    GRADE_NEAR(ex_neuron_output(x4, w4, 0.5, 3), -1.0, TOL, "n = 3: x = (1, 1, 1), w = (1, 1, -3), b = 0.5");
    /* only the bias: n = 0, z = b = -1 -> -1 */
    GRADE_NEAR(ex_neuron_output(x4, w4, -1.0, 0), -1.0, TOL, "n = 0, b = -1");
}

GRADE_TEST(loss_and_gradient)
{
    /* placement row 2 with w = (1, 1), b = 0: f = 6 + 8 = 14, y = -1:
     * L = max(0, -(-1)(14)) = 14 */
    GRADE_NEAR(ex_perceptron_loss(-1, 14), 14.0, TOL, "ex_perceptron_loss(y = -1, f = 14)");
    GRADE_NEAR(ex_perceptron_loss(1, 15), 0.0, TOL, "ex_perceptron_loss(y = 1, f = 15)");
    GRADE_NEAR(ex_perceptron_loss(1, -2.5), 2.5, TOL, "ex_perceptron_loss(y = 1, f = -2.5)");
    /* dL/dw = -y x = -(-1)(6, 8) = (6, 8), dL/db = -y = 1 */
    double x[] = {6, 8}, dw[2] = {GRADE_UNWRITTEN, GRADE_UNWRITTEN}, db = GRADE_UNWRITTEN;
    ex_perceptron_grad(x, -1, 14, 2, dw, &db);
    GRADE_NEAR(dw[0], 6.0, TOL, "ex_perceptron_grad(x = (6, 8), y = -1, f = 14): dL/dw1");
    GRADE_NEAR(dw[1], 8.0, TOL, "ex_perceptron_grad(x = (6, 8), y = -1, f = 14): dL/dw2");
    GRADE_NEAR(db, 1.0, TOL, "ex_perceptron_grad(x = (6, 8), y = -1, f = 14): dL/db");
    /* y = 1, f = -0.5, x = (4, 2): dL/dw = -(4, 2), dL/db = -1 */
    double x2[] = {4, 2};
    ex_perceptron_grad(x2, 1, -0.5, 2, dw, &db);
    GRADE_NEAR(dw[0], -4.0, TOL, "ex_perceptron_grad(x = (4, 2), y = 1, f = -0.5): dL/dw1");
    GRADE_NEAR(db, -1.0, TOL, "ex_perceptron_grad(x = (4, 2), y = 1, f = -0.5): dL/db");
    /* a correct example: every entry 0, even where dw held something */
    ex_perceptron_grad(x, 1, 14, 2, dw, &db);
    GRADE_NEAR(dw[0], 0.0, TOL, "ex_perceptron_grad(y = 1, f = 14) (correct): dL/dw1");
    GRADE_NEAR(dw[1], 0.0, TOL, "ex_perceptron_grad(y = 1, f = 14) (correct): dL/dw2");
    GRADE_NEAR(db, 0.0, TOL, "ex_perceptron_grad(y = 1, f = 14) (correct): dL/db");
}

GRADE_TEST(update_step)
{
    /* w = (1, 1), b = 0, x = (6, 8), y = -1, eta = 0.01: f = 14, a mistake;
     * w1 = 1 - 0.01 x 6 = 0.94, w2 = 1 - 0.01 x 8 = 0.92, b = 0 - 0.01 x 1 = -0.01 */
    double w[] = {1, 1}, b = 0, x[] = {6, 8};
    GRADE_EQ_INT(ex_update(w, &b, x, -1, 2, 0.01), 1, "ex_update on the mistake x = (6, 8), y = -1: return value");
    GradeMistake uphill[] = {{1.06, "the step goes uphill: w <- w - eta dL/dw needs the MINUS "
                                    "(the notes print a plus: see README, Errata)"}};
    GRADE_NEAR_KNOWN(w[0], 0.94, TOL, uphill, 1,
                     "ex_update(w = (1, 1), b = 0, x = (6, 8), y = -1, eta = 0.01): w1");
    GRADE_NEAR(w[1], 0.92, TOL, "ex_update(w = (1, 1), b = 0, x = (6, 8), y = -1, eta = 0.01): w2");
    GRADE_NEAR(b, -0.01, TOL, "ex_update(w = (1, 1), b = 0, x = (6, 8), y = -1, eta = 0.01): b");
    /* x = (4, 2), y = 1: f = 3.76 + 1.84 - 0.01 = 5.59 >= 0: nothing changes */
    double x2[] = {4, 2};
    GRADE_EQ_INT(ex_update(w, &b, x2, 1, 2, 0.01), 0, "ex_update on the correct x = (4, 2), y = 1: return value");
    GRADE_NEAR(w[0], 0.94, TOL, "ex_update on a correct example must not change w1");
    GRADE_NEAR(b, -0.01, TOL, "ex_update on a correct example must not change b");
    /* y = 1 mistake with eta = 0.5: w = (0, 0), b = -1, x = (2, 3): f = -1;
     * w = (0 + 0.5 x 2, 0 + 0.5 x 3) = (1, 1.5), b = -1 + 0.5 = -0.5 */
    double w3[] = {0, 0}, b3 = -1, x3[] = {2, 3};
    ex_update(w3, &b3, x3, 1, 2, 0.5);
    GRADE_NEAR(w3[1], 1.5, TOL, "ex_update(w = (0, 0), b = -1, x = (2, 3), y = 1, eta = 0.5): w2");
    GRADE_NEAR(b3, -0.5, TOL, "ex_update(w = (0, 0), b = -1, x = (2, 3), y = 1, eta = 0.5): b");
}

/* The notes' placement table: (cgpa, iq) and placed in {1, -1}. */
static const double placement_X[] = {7, 8, 6, 8, 4, 2, 1, 1};
static const double placement_y[] = {1, -1, 1, -1};

GRADE_TEST(full_epoch)
{
    /* epoch 1 from w = (1, 1), b = 0, eta = 0.01 (chapter 01 prints it):
     * row 1 correct (f = 15); row 2 mistake (f = 14): w = (0.94, 0.92), b = -0.01;
     * row 3 correct (f = 5.59); row 4 mistake (f = 1.85): w = (0.93, 0.91), b = -0.02 */
    double w[] = {1, 1}, b = 0;
    GRADE_EQ_INT(ex_epoch(w, &b, placement_X, placement_y, 4, 2, 0.01), 2,
                 "epoch 1 on the placement table: updates");
    GRADE_NEAR(w[0], 0.93, TOL, "after epoch 1 on the placement table: w1");
    GRADE_NEAR(w[1], 0.91, TOL, "after epoch 1 on the placement table: w2");
    GRADE_NEAR(b, -0.02, TOL, "after epoch 1 on the placement table: b");
    /* trained on, it converges (chapter 01: no updates from epoch 18 on) at
     * w = (0.19, -0.13), b = -0.23; 1e-9 covers 17 epochs of rounding */
    int epoch = 1;
    while (epoch < 1000 && ex_epoch(w, &b, placement_X, placement_y, 4, 2, 0.01) > 0)
        epoch++;
    GRADE_EQ_INT(epoch + 1, 18, "the first epoch without updates on the placement table");
    GRADE_NEAR(w[0], 0.19, 1e-9, "converged w1");
    GRADE_NEAR(w[1], -0.13, 1e-9, "converged w2");
    GRADE_NEAR(b, -0.23, 1e-9, "converged b");
}
