/* Grader of chapter 13, a playground (10 points): the features of a point
 * by hand and of the chapter's first training point, a forward pass by
 * hand for each of the four activations and against the library's net on
 * random weights, the L1 and L2 steps of the chapter's section 4 and
 * against the library's penalty gradients, and the surface's grid laid out
 * as the plots lay it out.
 *
 * Outputs are prefilled with GRADE_UNWRITTEN (a value never written is
 * named so), checks go in the order the code computes (a hidden unit
 * before the output), and the slips these exercises invite are named when
 * the value is the one they give: sin of degrees, x1 x1 for x1 x2, W1 read
 * along its rows, a forgotten bias or output sigmoid, the Playground's
 * L2 derivative w instead of 2 w, the penalty taken after the step, the
 * grid transposed. */
#include <math.h>

#include "exercises.h"
#include "grade.h"
#include "net.h"
#include "playground.h"
#include "rng.h"

const char grade_chapter[] = "13_playground";
const GradeExercise grade_exercises[] = {
    {"features", "13.1", "the seven input features", 2,
     "x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2) in this order, only those whose bit is set "
     "(test mask & EX_X1 ...), each to the next free place of out; return the count"},
    {"forward", "13.2", "the forward pass with one hidden layer", 3,
     "h_j = act(b1[j] + sum_i phi[i] W1[i * n_hidden + j]) (W1 is n_in x n_hidden, row i "
     "feeds every unit j), then p = sigmoid(b2 + sum_j h_j w2[j]): the output is always a sigmoid"},
    {"regularized_step", "13.3", "the L1 / L2 step and the penalty", 2,
     "the penalty lambda sum|w| or lambda sum w^2 from the weights BEFORE the step; then "
     "w -= eta (g + lambda sign(w)) for L1 (sign(0) = 0), w -= eta (g + 2 lambda w) for L2"},
    {"surface", "13.4", "the surface on a grid", 3,
     "row i is the height y_i = y0 + i (y1 - y0) / (n - 1), column j is x_j = x0 + j (x1 - x0) "
     "/ (n - 1); z[i * n + j] = f(x_j, y_i); count f >= 0.5 and divide by n * n as a double"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* A few operations on numbers near 1: 1e-12 leaves room for rounding only. */
#define TOL 1e-12
#define PI 3.14159265358979323846

/* ---- 13.1 ----------------------------------------------------------------------- */

GRADE_TEST(features)
{
    static const char *const names[7] = {"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)",
                                         "sin(x2)"};
    /* (1.5, -2): x1^2 = 2.25, x2^2 = 4, x1 x2 = -3, sin(1.5) = 0.997494987,
     * sin(-2) = -0.909297427 */
    const double want[7] = {1.5, -2, 2.25, 4, -3, sin(1.5), sin(-2)};
    double out[8];
    grade_fill_unwritten(out, 8);
    grade_case("all seven features of (1.5, -2)", "x1 = 1.5, x2 = -2, mask = 0x7f (every bit)");
    GRADE_EQ_INT(ex_features(1.5, -2, 0x7f, out), 7, "the count returned");
    for (int f = 0; f < 7; f++) {
        GradeMistake slips[] = {
            {sin(1.5 * PI / 180), "sin of degrees: C's sin takes radians, sin(1.5) = 0.997"},
            {1.5 * 1.5, "x1 * x1 where x1 * x2 was asked"},
            {f + 1 < 7 ? want[f + 1] : 0, "a feature skipped: the order is x1, x2, x1^2, x2^2, "
                                          "x1*x2, sin(x1), sin(x2)"}};
        GRADE_NEAR_KNOWN(out[f], want[f], TOL, slips, 3, "out[%d] = %s", f, names[f]);
    }
    GRADE_UNTOUCHED(out[7], "out[7] (past the seven features)");
    /* some bits only: x1^2 and sin(x2) go to out[0] and out[1] */
    grade_fill_unwritten(out, 8);
    grade_case("two features", "x1 = 1.5, x2 = -2, mask = EX_X1_SQ | EX_SIN_X2");
    GRADE_EQ_INT(ex_features(1.5, -2, EX_X1_SQ | EX_SIN_X2, out), 2, "the count returned");
    GRADE_NEAR(out[0], 2.25, TOL, "out[0] = x1^2 (the first feature asked for)");
    GRADE_NEAR(out[1], sin(-2.0), TOL, "out[1] = sin(x2)");
    GRADE_UNTOUCHED(out[2], "out[2] (only two were asked for)");
    grade_fill_unwritten(out, 8);
    grade_case("no feature", "mask = 0");
    GRADE_EQ_INT(ex_features(1.5, -2, 0, out), 0, "the count returned");
    GRADE_UNTOUCHED(out[0], "out[0]");
    /* the chapter's first training point (section 3), against lib/playground */
    double x1 = 0.0670653481, x2 = 1.37979751;
    grade_fill_unwritten(out, 8);
    grade_case("the chapter's first training point", "x1 = 0.0670653481, x2 = 1.37979751, "
               "mask = 0x7f");
    GRADE_EQ_INT(ex_features(x1, x2, 0x7f, out), 7, "the count returned");
    for (int f = 0; f < 7; f++)
        GRADE_NEAR(out[f], playground_feature(f, x1, x2), TOL, "out[%d] = %s", f, names[f]);
    grade_case_end();
}

/* ---- 13.2 ----------------------------------------------------------------------- */

/* The hand example: phi = (1.5, -2); W1 (2 x 3) = [0.5 -1 0.25; 0.75 0.5 -0.5],
 * b1 = (0.1, -0.2, 0.3), w2 = (1, -2, 0.5), b2 = 0.05. */
static const double PHI[2] = {1.5, -2}, W1[6] = {0.5, -1.0, 0.25, 0.75, 0.5, -0.5};
static const double B1[3] = {0.1, -0.2, 0.3}, W2[3] = {1.0, -2.0, 0.5}, B2 = 0.05;

static double sigmoid(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

GRADE_TEST(forward)
{
    static const char *const act_names[4] = {"relu", "tanh", "sigmoid", "linear"};
    /* z = 1.5 W1[0][j] - 2 W1[1][j] + b1[j]:
     *   z0 = 0.75 - 1.5 + 0.1 = -0.65, z1 = -1.5 - 1 - 0.2 = -2.7, z2 = 0.375 + 1 + 0.3 = 1.675
     * tanh: h = (-0.571669966, -0.991007454, 0.932209672);
     *   z_out = -0.571669966 + 1.98201491 + 0.466104836 + 0.05 = 1.92644978, p = 0.872855943
     * relu: h = (0, 0, 1.675), z_out = 0.8875, p = 0.708373991
     * sigmoid: p = 0.66555826;  linear: z_out = 5.6375, p = 0.996450879 */
    const double z[3] = {-0.65, -2.7, 1.675};
    const double want_p[4] = {0.708373991, 0.872855943, 0.66555826, 0.996450879};
    for (int a = 0; a < 4; a++) {
        double h[4], want_h[3], z_out = B2;
        for (int j = 0; j < 3; j++) {
            want_h[j] = a == EX_RELU ? fmax(0.0, z[j]) : a == EX_TANH ? tanh(z[j])
                        : a == EX_SIGMOID ? sigmoid(z[j]) : z[j];
            z_out += want_h[j] * W2[j];
        }
        grade_fill_unwritten(h, 4);
        grade_case(act_names[a], "phi = (1.5, -2), W1 = [0.5 -1 0.25; 0.75 0.5 -0.5] (2 x 3, "
                   "row-major), b1 = (0.1, -0.2, 0.3), w2 = (1, -2, 0.5), b2 = 0.05, act = %s",
                   act_names[a]);
        double p = ex_forward(PHI, 2, W1, B1, 3, (ExAct)a, W2, B2, h);
        for (int j = 0; j < 3; j++) {
            /* W1 read as (n_hidden x n_in): unit j's weights W1[j * 2 + i] */
            double zt = PHI[0] * W1[2 * j] + PHI[1] * W1[2 * j + 1] + B1[j];
            GradeMistake slips[] = {
                {a == EX_TANH ? tanh(zt) : a == EX_SIGMOID ? sigmoid(zt)
                 : a == EX_RELU ? fmax(0.0, zt) : zt,
                 "W1 read along its rows: unit j's weight from input i is W1[i * n_hidden + j]"},
                {a == EX_TANH ? tanh(z[j] - B1[j]) : z[j] - B1[j], "the bias b1[j] is left out"},
                {z[j], "the activation is left out: h_j = act(z_j)"}};
            GRADE_NEAR_KNOWN(h[j], want_h[j], TOL, slips, 3, "h[%d] = %s(z%d), z%d = %.9g", j,
                             act_names[a], j, j, z[j]);
        }
        GRADE_UNTOUCHED(h[3], "h[3] (there are 3 hidden units)");
        GradeMistake out_slips[] = {{z_out, "p is sigmoid(z_out): the output unit's sigmoid "
                                            "is left out"},
                                    {sigmoid(z_out - B2), "the output bias b2 is left out"}};
        GRADE_NEAR_KNOWN(p, want_p[a], 5e-10, out_slips, 2, "p = sigmoid(%.9g)", z_out);
        GRADE_NEAR(p, sigmoid(z_out), TOL, "p = sigmoid(%.9g), to the last digits", z_out);
    }
    /* behaviour: random weights, 7 features, 8 tanh units, against the
     * library's net (lib/playground's Dense layers, net_forward) */
    Rng rng;
    rng_seed(&rng, 1313);
    int hidden[1] = {8};
    Net *net = playground_net(&(PlaygroundNetSpec){.n_in = 7, .hidden = hidden, .n_hidden = 1,
                                                   .act = ACT_TANH}, 1, &rng);
    cr_assert_not_null(net, "out of memory");
    for (int k = 0; k < 8; k++)
        net->layers[0]->b->data[k] = rng_uniform(&rng, -0.5, 0.5);
    net->layers[1]->b->data[0] = 0.3;
    for (int t = 0; t < 5; t++) {
        double x[2] = {rng_uniform(&rng, -6, 6), rng_uniform(&rng, -6, 6)}, phi[7], h[8];
        Mat X = {1, 2, x}, P = {1, 7, phi};
        playground_features(&P, &X, 0x7f);
        grade_case("against the library", "x = (%.9g, %.9g), its 7 features, 8 tanh units, "
                   "random weights", x[0], x[1]);
        grade_fill_unwritten(h, 8);
        double p = ex_forward(phi, 7, net->layers[0]->W->data, net->layers[0]->b->data, 8,
                              EX_TANH, net->layers[1]->W->data, net->layers[1]->b->data[0], h);
        const Mat *out = net_forward(net, &P);
        Mat A = net_activation(net, 1);
        for (int j = 0; j < 8; j++)
            GRADE_NEAR(h[j], A.data[j], TOL, "h[%d]", j);
        GRADE_NEAR(p, out->data[0], TOL, "p");
    }
    grade_case_end();
    net_free(net);
}

/* ---- 13.3 ----------------------------------------------------------------------- */

GRADE_TEST(regularized_step)
{
    /* the chapter's section 4: eta = 0.03, lambda = 0.01; w = (0.8, -0.002, 0),
     * g = (0.05, 0, 0.1):
     * L1: w0 = 0.8 - 0.03 (0.05 + 0.01) = 0.7982, w1 = -0.002 + 0.0003 = -0.0017,
     *     w2 = 0 - 0.03 (0.1 + 0) = -0.003 (sign(0) = 0);
     *     penalty 0.01 (0.8 + 0.002 + 0) = 0.00802
     * L2: w0 = 0.8 - 0.03 (0.05 + 0.016) = 0.79802, w1 = -0.002 + 0.0000012 = -0.0019988,
     *     w2 = -0.003; penalty 0.01 (0.64 + 0.000004) = 0.00640004 */
    const double w0[3] = {0.8, -0.002, 0.0}, g[3] = {0.05, 0.0, 0.1};
    const double want[2][3] = {{0.7982, -0.0017, -0.003}, {0.79802, -0.0019988, -0.003}};
    const double want_pen[2] = {0.00802, 0.00640004};
    const double eta = 0.03, lambda = 0.01;
    static const char *const names[2] = {"L1", "L2"};
    for (int k = 0; k < 2; k++) {
        ExPenalty pen = k == 0 ? EX_L1 : EX_L2;
        double w[3] = {w0[0], w0[1], w0[2]};
        grade_case(names[k], "w = (0.8, -0.002, 0), g = (0.05, 0, 0.1), eta = 0.03, "
                   "lambda = 0.01, %s", names[k]);
        double got = ex_regularized_step(w, g, 3, eta, lambda, pen);
        for (int i = 0; i < 3; i++) {
            GradeMistake slips[] = {
                {w0[i] - eta * (g[i] + lambda * w0[i]),
                 "dR/dw = w (the Playground's L2 is 1/2 sum w^2); here R = sum w^2, dR/dw = 2 w"},
                {w0[i] - eta * g[i], "the penalty's gradient is left out of the step"},
                {w0[i] + eta * (g[i] + lambda * (k ? 2 * w0[i] : (w0[i] > 0) - (w0[i] < 0))),
                 "the step climbs: w - eta (...), not w + eta (...)"},
                {w0[i] - eta * (g[i] + lambda), "sign(0) is 0: a zero weight feels no L1 pull"}};
            GRADE_NEAR_KNOWN(w[i], want[k][i], TOL, slips, i == 2 && k == 0 ? 4 : 3, "w[%d]", i);
        }
        double after = 0.0;
        for (int i = 0; i < 3; i++)
            after += k == 0 ? fabs(want[k][i]) : want[k][i] * want[k][i];
        GradeMistake pen_slips[] = {{lambda * after, "the penalty is of the weights BEFORE the step"}};
        GRADE_NEAR_KNOWN(got, want_pen[k], TOL, pen_slips, 1, "the penalty lambda R(w)");
    }
    /* behaviour: 6 weights of both signs, 10 steps each, against the
     * library's net_add_l1_grad / net_add_l2_grad and net_step */
    Rng rng;
    rng_seed(&rng, 1303);
    for (int k = 0; k < 2; k++) {
        Net *net = net_new(2, 1);
        cr_assert(net && net_add(net, 3, act_of(ACT_LINEAR)) == 0, "out of memory");
        double w[6];
        for (int i = 0; i < 6; i++)
            w[i] = net->layers[0]->W->data[i] = rng_uniform(&rng, -1, 1);
        for (int t = 1; t <= 10; t++) {
            double gr[6];
            for (int i = 0; i < 6; i++)
                gr[i] = net->layers[0]->dW->data[i] = rng_uniform(&rng, -0.5, 0.5);
            mat_fill(net->layers[0]->db, 0.0);
            grade_case("against the library", "%s, step %d of 10, eta = 0.1, lambda = 0.05, six "
                       "weights", names[k], t);
            double R = k == 0 ? net_l1(net) : net_l2(net);
            double got = ex_regularized_step(w, gr, 6, 0.1, 0.05, k == 0 ? EX_L1 : EX_L2);
            GRADE_NEAR(got, 0.05 * R, TOL, "the penalty");
            if (k == 0)
                net_add_l1_grad(net, 0.05);
            else
                net_add_l2_grad(net, 0.05);
            net_step(net, 0.1);
            for (int i = 0; i < 6; i++)
                GRADE_NEAR(w[i], net->layers[0]->W->data[i], TOL, "w[%d]", i);
        }
        net_free(net);
    }
    grade_case_end();
}

/* ---- 13.4 ----------------------------------------------------------------------- */

/* f = x1 + 10 x2: tells rows from columns */
static double tilted(double x1, double x2, void *ctx)
{
    (void)ctx;
    return x1 + 10 * x2;
}

/* p = 1 inside the circle of radius *ctx, else 0 */
static double disc(double x1, double x2, void *ctx)
{
    double r = *(const double *)ctx;
    return x1 * x1 + x2 * x2 < r * r ? 1.0 : 0.0;
}

GRADE_TEST(surface)
{
    /* window [0, 1] x [0, 0.2], n = 3: x_j = 0, 0.5, 1; y_i = 0, 0.1, 0.2;
     * z[i * 3 + j] = x_j + 10 y_i: row 0 (0, 0.5, 1), row 1 (1, 1.5, 2), row 2 (2, 2.5, 3);
     * f >= 0.5 at all but (0, 0): 8 of 9 */
    double z[10];
    grade_fill_unwritten(z, 10);
    grade_case("f = x1 + 10 x2", "window [0, 1] x [0, 0.2], n = 3");
    double share = ex_surface(tilted, NULL, 0, 1, 0, 0.2, 3, z);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double x = 0.5 * j, y = 0.1 * i;
            GradeMistake slips[] = {{0.5 * i + 10 * 0.1 * j, "the grid is transposed: row i is "
                                                             "the height y_i, column j is x_j"}};
            GRADE_NEAR_KNOWN(z[i * 3 + j], x + 10 * y, TOL, slips, 1,
                             "z[%d] = f(x_%d = %.9g, y_%d = %.9g)", i * 3 + j, j, x, i, y);
        }
    GRADE_UNTOUCHED(z[9], "z[9] (past the 3 x 3 grid)");
    GradeMistake share_slips[] = {{0.0, "an integer division: count / (n * n) in ints is 0"},
                                  {8.0, "the count, not the fraction: divide by n * n"}};
    GRADE_NEAR_KNOWN(share, 8.0 / 9.0, TOL, share_slips, 2, "the share of f >= 0.5");
    /* a disc of radius 2 on [-6, 6]^2, n = 13 (a point every 1): the points
     * with x^2 + y^2 < 4 are (0, 0), 4 at distance 1, 4 at sqrt(2): 9 of 169 */
    double r = 2.0, big[13 * 13];
    grade_case("a disc of radius 2", "window [-6, 6] x [-6, 6], n = 13");
    share = ex_surface(disc, &r, -6, 6, -6, 6, 13, big);
    GRADE_NEAR(share, 9.0 / 169.0, TOL, "the share of the window inside the disc");
    GRADE_NEAR(big[6 * 13 + 6], 1.0, TOL, "z at the centre, (0, 0)");
    GRADE_NEAR(big[0], 0.0, TOL, "z at the corner (-6, -6)");
    /* n = 2: only the corners; f >= 0.5 at the value 0.5 itself counts */
    double corner[4];
    grade_case("n = 2", "f = x1 + 10 x2 on [0.5, 1] x [-1, 0]");
    share = ex_surface(tilted, NULL, 0.5, 1, -1, 0, 2, corner);
    /* z = (0.5 - 10, 1 - 10, 0.5, 1): two values >= 0.5, one of them exactly 0.5 */
    GRADE_NEAR(corner[2], 0.5, TOL, "z[2] = f(0.5, 0)");
    GradeMistake half[] = {{0.25, "f >= 0.5 counts 0.5 itself (the boundary p = 0.5 is class 1)"}};
    GRADE_NEAR_KNOWN(share, 0.5, TOL, half, 1, "the share of f >= 0.5");
    grade_case_end();
}
