/* Grader of chapter 04, backpropagation by hand (10 points): the notes'
 * numbers (the 2-2-2 example, the 2-2-1 regression's first student, 003's
 * softmax example), hand values on inputs chosen so that index slips show
 * (x1 != x2, w2_11 != w2_21), and behaviour checks: the full backward pass
 * must match the library's backpropagation on a second network, leave the
 * network unchanged and fill every gradient entry.
 *
 * Reference values of the 2-2-2 example were computed once with numpy
 * (float64) by the plain formulas of the chapter's README:
 *     H = x @ W1 + b1, h = 1/(1 + exp(-H)), y = h @ W2 + b2,
 *     out = 1/(1 + exp(-y)), delta_o = -(t - out) out (1 - out),
 *     dE_dout_h = W2 @ delta_o, delta_h = dE_dout_h h (1 - h),
 *     dW2 = outer(h, delta_o), dW1 = outer(x, delta_h)
 * and are printed to 17 digits below.
 *
 * The chains (4.3's nine derivatives, 4.4's whole pass) are checked in the
 * order they are computed, each case with its inputs (grade_case), so a
 * failure names the first wrong step; the usual slips (a row of W2 where
 * its column belongs, a missing out (1 - out)) are named when the wrong
 * value is exactly what they give.
 */
#include <string.h>

#include "exercises.h"
#include "grade.h"
#include "loss.h"
#include "net.h"

const char grade_chapter[] = "04_backprop";
const GradeExercise grade_exercises[] = {
    {"output_delta", "4.1", "the delta of a sigmoid output node", 2,
     "delta = dE/dout x dout/dnet = -(target - out) x out (1 - out); it is positive when "
     "out is above the target"},
    {"hidden_delta", "4.2", "the delta of a sigmoid hidden node", 2,
     "add w[k] x delta[k] over all n nodes the hidden node feeds (one path through each), "
     "then multiply by out_h (1 - out_h)"},
    {"regression_grads", "4.3", "the nine derivatives of the 2-2-1 regression", 2,
     "dL/dy_hat = -2(y - y_hat); (iv)-(vi) go through w2_11, (vii)-(ix) through w2_21; "
     "w12 goes from input 1 to hidden node 2, so (vii) carries x1 (001 prints x2: Errata)"},
    {"backward_222", "4.4", "a full backward pass of the 2-2-2 network", 3,
     "forward first (H, out_h, y, out_o), then the output deltas; hidden node j's "
     "dE/dout_h adds its two paths through the ORIGINAL W2, W2[j][0] delta_o[0] + "
     "W2[j][1] delta_o[1]; dE/dW1[i][j] = x[i] delta_h[j], dE/dW2[i][j] = out_h[i] "
     "delta_o[j]; fill every entry of *pass and *grad, biases too"},
    {"softmax_ce_grad", "4.5", "the softmax + cross-entropy gradient", 1,
     "dz[j] = p[j] for every class except the true one, dz[c] = p[c] - 1; write all k entries"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* A few roundings of 2^-53 on values below 100: 1e-12 leaves room. */
#define TOL 1e-12

/* The 2-2-2 example at full precision (numpy, float64). */
#define OUT_H1 0.5932699921071872
#define OUT_H2 0.596884378259767
#define OUT_O1 0.7513650695523157
#define OUT_O2 0.7729284653214625
#define DELTA_O1 0.13849856162855698
#define DELTA_O2 (-0.03809823651655623)
#define DE_DOUT_H1 0.03635030639314466
#define DELTA_H1 0.00877135468948694
#define DELTA_H2 0.0099542547052172

GRADE_TEST(output_delta)
{
    /* o1: -(0.01 - 0.75136507) x 0.75136507 x (1 - 0.75136507)
     *   = 0.74136507 x 0.186815602 = 0.138498562 */
    GradeMistake o1[] = {
        {-(0.01 - OUT_O1), "the factor dout/dnet = out (1 - out) is left out"},
        {-(0.01 - OUT_O1) * OUT_O1, "the factor is out, not out (1 - out)"}};
    GRADE_NEAR_KNOWN(ex_output_delta(OUT_O1, 0.01), DELTA_O1, TOL, o1, 2,
                     "ex_output_delta(out = 0.75136507, target = 0.01) (the example's o1)");
    /* o2: -(0.99 - 0.772928465) x 0.175510053 = -0.217071535 x 0.175510053 = -0.0380982365 */
    GRADE_NEAR(ex_output_delta(OUT_O2, 0.99), DELTA_O2, TOL,
               "ex_output_delta(out = 0.772928465, target = 0.99) (the example's o2)");
    /* -(0.9 - 0.2) x 0.2 x 0.8 = -0.7 x 0.16 = -0.112 */
    GRADE_NEAR(ex_output_delta(0.2, 0.9), -0.112, TOL, "ex_output_delta(out = 0.2, target = 0.9)");
    /* on target: no error, no delta */
    GRADE_NEAR(ex_output_delta(0.3, 0.3), 0.0, TOL, "ex_output_delta(out = 0.3, target = 0.3)");
}

GRADE_TEST(hidden_delta)
{
    /* h1 feeds o1 through w5 = 0.40 and o2 through w7 = 0.50:
     * (0.40 x 0.138498562 + 0.50 x -0.0380982365) x 0.593269992 x 0.406730008
     *   = 0.0363503064 x 0.241300709 = 0.00877135469 */
    double w_h1[] = {0.40, 0.50}, w_h2[] = {0.45, 0.55}, d[] = {DELTA_O1, DELTA_O2};
    GradeMistake h1[] = {
        {DE_DOUT_H1, "the factor out_h (1 - out_h) is left out"},
        {0.40 * DELTA_O1 * OUT_H1 * (1 - OUT_H1), "only the first path (k = 0) is added: "
                                                  "sum w[k] delta[k] over all n nodes"}};
    GRADE_NEAR_KNOWN(ex_hidden_delta(OUT_H1, w_h1, d, 2), DELTA_H1, TOL, h1, 2,
                     "ex_hidden_delta for the example's h1 (w5 = 0.40, w7 = 0.50)");
    /* h2 through w6 = 0.45 and w8 = 0.55:
     * (0.45 x 0.138498562 - 0.55 x 0.0380982365) x 0.240613417 = 0.00995425471 */
    GRADE_NEAR(ex_hidden_delta(OUT_H2, w_h2, d, 2), DELTA_H2, TOL,
               "ex_hidden_delta for the example's h2 (w6 = 0.45, w8 = 0.55)");
    /* three nodes: (1 x 0.1 + 2 x 0.2 - 1 x 0.3) x 0.5 x 0.5 = 0.2 x 0.25 = 0.05 */
    double w3[] = {1, 2, -1}, d3[] = {0.1, 0.2, 0.3};
    GradeMistake three[] = {{0.5 * 0.25, "only the first two nodes are added: the sum runs "
                                         "over all n"}};
    GRADE_NEAR_KNOWN(ex_hidden_delta(0.5, w3, d3, 3), 0.05, TOL, three, 1,
                     "ex_hidden_delta(out_h = 0.5, w = (1, 2, -1), delta = (0.1, 0.2, 0.3))");
    /* one node: 2 x (-0.5) x 0.9 x 0.1 = -0.09 */
    double w1[] = {2}, d1[] = {-0.5};
    GRADE_NEAR(ex_hidden_delta(0.9, w1, d1, 1), -0.09, TOL,
               "ex_hidden_delta(out_h = 0.9, w = (2), delta = (-0.5))");
}

/* The nine derivatives in the order the chain computes them: dL/dy_hat
 * first ((iii) = dL/db21), the output layer's weights, then through O11
 * ((vi) = dL/db11 first) and through O12 ((ix) first). */
static const int chain_order[9] = {2, 0, 1, 5, 3, 4, 8, 6, 7};

/* The nine derivatives, in the order (i)-(ix), from a Params221. */
static void nine(const Params221 *g, double out[9])
{
    double v[9] = {g->w2_11, g->w2_21, g->b21, g->w11, g->w21, g->b11, g->w12, g->w22, g->b12};
    memcpy(out, v, sizeof v);
}

static const char *const roman[9] = {"(i) dL/dw2_11",  "(ii) dL/dw2_21", "(iii) dL/db21",
                                     "(iv) dL/dw11",   "(v) dL/dw21",    "(vi) dL/db11",
                                     "(vii) dL/dw12",  "(viii) dL/dw22", "(ix) dL/db12"};

/* A Params221 of GRADE_UNWRITTEN */
static Params221 unwritten221(void)
{
    Params221 g;
    grade_fill_unwritten((double *)&g, sizeof g / sizeof(double));
    return g;
}

/* ex_regression_grads on one case, every value checked in chain order;
 * want: L, then (i)-(ix). */
static void check_regression(const char *name, const Params221 *p, double x1, double x2,
                             double y, const double want[10], double tol)
{
    grade_case(name, "w11 = %g, w21 = %g, b11 = %g (into O11); w12 = %g, w22 = %g, b12 = %g "
               "(into O12); w2_11 = %g, w2_21 = %g, b21 = %g (into y_hat); x1 = %g, x2 = %g, "
               "y = %g", p->w11, p->w21, p->b11, p->w12, p->w22, p->b12, p->w2_11, p->w2_21,
               p->b21, x1, x2, y);
    Params221 g = unwritten221();
    GRADE_NEAR(ex_regression_grads(p, x1, x2, y, &g), want[0], tol,
               "L = (y - y_hat)^2 (the returned value)");
    double got[9];
    nine(&g, got);
    /* the slips: (vii) through x2 (as 001 prints it), a hidden node's
     * derivatives through the other hidden node's output weight */
    double dL = want[3];
    for (int k = 0; k < 9; k++) {
        int i = chain_order[k], n_slips = 0;
        GradeMistake slips[2];
        if (i == 6)
            slips[n_slips++] = (GradeMistake){
                dL * p->w2_21 * x2, "(vii) carries x2: w12 goes FROM input 1, so dO12/dw12 = x1 "
                                    "(001 prints x2: see README, Errata)"};
        if (i == 6 || i == 7)
            slips[n_slips++] = (GradeMistake){
                dL * p->w2_11 * (i == 6 ? x1 : x2),
                "O12's derivatives go through w2_11: O12 reaches y_hat through w2_21"};
        if (i == 3 || i == 4)
            slips[n_slips++] = (GradeMistake){
                dL * p->w2_21 * (i == 3 ? x1 : x2),
                "O11's derivatives go through w2_21: O11 reaches y_hat through w2_11"};
        GRADE_NEAR_KNOWN(got[i], want[1 + i], tol, slips, n_slips, "%s", roman[i]);
    }
    grade_case_end();
}

GRADE_TEST(regression_grads)
{
    /* The notes' start w = 1, b = 0 and the raw first student (iq 80, cgpa 8, lpa 3):
     * O11 = O12 = 80 + 8 = 88, y_hat = 176, L = (3 - 176)^2 = 29929,
     * dL/dy_hat = -2 (3 - 176) = 346: (i), (ii) 346 x 88 = 30448; (iii) 346;
     * (iv), (vii) 346 x 1 x 80 = 27680; (v), (viii) 346 x 1 x 8 = 2768; (vi), (ix) 346 */
    Params221 start = {1, 1, 1, 1, 0, 0, 1, 1, 0};
    double want1[10] = {29929, 30448, 30448, 346, 27680, 2768, 346, 27680, 2768, 346};
    check_regression("w = 1, b = 0, student 1 (iq 80, cgpa 8, lpa 3)", &start, 80, 8, 3, want1,
                     1e-9);
    /* Uneven weights, x1 != x2: w11 0.5, w21 -0.2, w12 0.3, w22 0.8, b11 0.1, b12 -0.1,
     * w2_11 1.5, w2_21 -0.5, b21 0.2; x = (0.6, 0.9), y = 5:
     *   O11 = 0.3 - 0.18 + 0.1 = 0.22,  O12 = 0.18 + 0.72 - 0.1 = 0.8
     *   y_hat = 1.5 x 0.22 - 0.5 x 0.8 + 0.2 = 0.13,  L = 4.87^2 = 23.7169
     *   dL/dy_hat = -2 x 4.87 = -9.74
     *   (i) -9.74 x 0.22 = -2.1428   (ii) -9.74 x 0.8 = -7.792   (iii) -9.74
     *   (iv) -9.74 x 1.5 x 0.6 = -8.766   (v) -9.74 x 1.5 x 0.9 = -13.149   (vi) -14.61
     *   (vii) -9.74 x -0.5 x 0.6 = 2.922  (viii) -9.74 x -0.5 x 0.9 = 4.383  (ix) 4.87 */
    Params221 p = {0.5, -0.2, 0.3, 0.8, 0.1, -0.1, 1.5, -0.5, 0.2};
    double want2[10] = {23.7169, -2.1428, -7.792, -9.74, -8.766, -13.149,
                        -14.61,  2.922,   4.383,  4.87};
    check_regression("uneven weights", &p, 0.6, 0.9, 5, want2, TOL);
}

/* ---- 4.4 ------------------------------------------------------------------------ */

/* The notes' names of W1 and W2's entries: W1[i][j] is w(1 + i + 2j),
 * W2[i][j] is w(5 + i + 2j). */
static int w_number(int layer, int i, int j)
{
    return (layer == 1 ? 1 : 5) + i + 2 * j;
}

/* The library's 2-2-2 sigmoid net holding n. */
static Net *library_copy(const Net222 *n)
{
    Net *net = net_new(2, 1);
    cr_assert(net && net_add(net, 2, act_of(ACT_SIGMOID)) == 0 &&
              net_add(net, 2, act_of(ACT_SIGMOID)) == 0);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            MAT_AT(net->layers[0]->W, i, j) = n->W1[i][j];
            MAT_AT(net->layers[1]->W, i, j) = n->W2[i][j];
        }
    for (int j = 0; j < 2; j++) {
        net->layers[0]->b->data[j] = n->b1[j];
        net->layers[1]->b->data[j] = n->b2[j];
    }
    return net;
}

/* What the pass must give: its values, the gradients and E. */
typedef struct {
    Pass222 pass;
    Net222 grad;
    double E;
} Want222;

/* The library's forward and backward pass on n (mse over the k = 2
 * outputs of one sample is E): its Z, A and dZ are H, out_h, y, out_o,
 * delta_h and delta_o. */
static Want222 library_pass(const Net222 *n, const double x[2], const double t[2])
{
    Want222 w;
    Net *lib = library_copy(n);
    Mat *X = mat_from(1, 2, x), *T = mat_from(1, 2, t);
    cr_assert(lib && X && T, "out of memory");
    w.E = net_cost_grad(lib, &(Loss){.kind = LOSS_MSE}, X, T);
    Mat out_h = net_activation(lib, 1), out_o = net_activation(lib, 2);
    for (int j = 0; j < 2; j++) {
        w.pass.H[j] = lib->layers[0]->Z->data[j];
        w.pass.out_h[j] = out_h.data[j];
        w.pass.y[j] = lib->layers[1]->Z->data[j];
        w.pass.out_o[j] = out_o.data[j];
        w.pass.delta_o[j] = lib->layers[1]->dZ->data[j];
        w.pass.delta_h[j] = lib->layers[0]->dZ->data[j];
        w.grad.b1[j] = lib->layers[0]->db->data[j];
        w.grad.b2[j] = lib->layers[1]->db->data[j];
        for (int i = 0; i < 2; i++) {
            w.grad.W1[i][j] = MAT_AT(lib->layers[0]->dW, i, j);
            w.grad.W2[i][j] = MAT_AT(lib->layers[1]->dW, i, j);
        }
    }
    for (int j = 0; j < 2; j++) /* hidden node j's two paths */
        w.pass.dE_dout_h[j] = n->W2[j][0] * w.pass.delta_o[0] + n->W2[j][1] * w.pass.delta_o[1];
    net_free(lib);
    mat_free(X);
    mat_free(T);
    return w;
}

static double sigmoid(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

/* ex_backward_222 on one case: every value of the pass and every
 * gradient, in the order the pass computes them. */
static void check_backward(const char *name, const Net222 *n, const double x[2],
                           const double t[2], const Want222 *w)
{
    grade_case(name, "x = (%g, %g), t = (%g, %g); W1 = [[%g, %g], [%g, %g]], b1 = (%g, %g); "
               "W2 = [[%g, %g], [%g, %g]], b2 = (%g, %g). W1[i][j] goes from input i to hidden "
               "node j, W2[i][j] from hidden node i to output j: in the notes' names W1 = "
               "[[w1, w3], [w2, w4]], W2 = [[w5, w7], [w6, w8]]",
               x[0], x[1], t[0], t[1], n->W1[0][0], n->W1[0][1], n->W1[1][0], n->W1[1][1],
               n->b1[0], n->b1[1], n->W2[0][0], n->W2[0][1], n->W2[1][0], n->W2[1][1],
               n->b2[0], n->b2[1]);
    Net222 copy = *n, g;
    Pass222 p;
    grade_fill_unwritten((double *)&g, sizeof g / sizeof(double));
    grade_fill_unwritten((double *)&p, sizeof p / sizeof(double));
    double E = ex_backward_222(n, x, t, &g, &p);
    const Pass222 *r = &w->pass;
    for (int j = 0; j < 2; j++) {
        GradeMistake H[] = {
            {x[0] * n->W1[j][0] + x[1] * n->W1[j][1] + n->b1[j],
             "row j of W1 is used: W1[i][j] goes FROM input i TO hidden node j, so H_j takes "
             "column j, W1[0][j] and W1[1][j]"},
            {r->H[j] - n->b1[j], "the bias b1[j] is left out"}};
        GRADE_NEAR_KNOWN(p.H[j], r->H[j], TOL, H, 2, "H%d = x1 W1[0][%d] + x2 W1[1][%d] + b1[%d]",
                         j + 1, j, j, j);
        GradeMistake out[] = {{r->H[j], "the sigmoid is not applied: out_h = 1 / (1 + exp(-H))"},
                              {sigmoid(-r->H[j]), "exp(H) is used where exp(-H) belongs"}};
        GRADE_NEAR_KNOWN(p.out_h[j], r->out_h[j], TOL, out, 2, "out_h%d = sigma(H%d)", j + 1,
                         j + 1);
    }
    for (int j = 0; j < 2; j++) {
        GradeMistake y[] = {
            {r->out_h[0] * n->W2[j][0] + r->out_h[1] * n->W2[j][1] + n->b2[j],
             "row j of W2 is used: W2[i][j] goes FROM hidden node i TO output j, so y_j takes "
             "column j"},
            {r->H[0] * n->W2[0][j] + r->H[1] * n->W2[1][j] + n->b2[j],
             "the hidden nodes' net inputs H are used where their outputs out_h belong"}};
        GRADE_NEAR_KNOWN(p.y[j], r->y[j], TOL, y, 2,
                         "y%d = out_h1 W2[0][%d] + out_h2 W2[1][%d] + b2[%d]", j + 1, j, j, j);
        GradeMistake out[] = {{r->y[j], "the sigmoid is not applied: out_o = 1 / (1 + exp(-y))"}};
        GRADE_NEAR_KNOWN(p.out_o[j], r->out_o[j], TOL, out, 1, "out_o%d = sigma(y%d)", j + 1,
                         j + 1);
    }
    GradeMistake half[] = {{2 * w->E, "the 1/2 of E = 1/2 sum (t - out)^2 is left out"}};
    GRADE_NEAR_KNOWN(E, w->E, TOL, half, 1, "E_total (the returned value)");
    for (int j = 0; j < 2; j++) {
        double o = r->out_o[j];
        GradeMistake d[] = {{-(t[j] - o), "the factor dout/dy = out_o (1 - out_o) is left out"},
                            {-(t[j] - o) * r->out_h[j] * (1 - r->out_h[j]),
                             "the factor is out_h (1 - out_h); an output node's is "
                             "out_o (1 - out_o)"}};
        GRADE_NEAR_KNOWN(p.delta_o[j], r->delta_o[j], TOL, d, 2,
                         "delta_o%d = -(t%d - out_o%d) out_o%d (1 - out_o%d)", j + 1, j + 1, j + 1,
                         j + 1, j + 1);
    }
    for (int j = 0; j < 2; j++) {
        for (int i = 0; i < 2; i++) {
            GradeMistake gw[] = {{r->out_h[j] * r->delta_o[i],
                                  "the indices are swapped: dE/dW2[i][j] = out_h_i delta_o_j"},
                                 {r->H[i] * r->delta_o[j], "H is used where out_h belongs"}};
            GRADE_NEAR_KNOWN(g.W2[i][j], w->grad.W2[i][j], TOL, gw, 2,
                             "dE/dw%d = dE/dW2[%d][%d] = out_h%d delta_o%d", w_number(2, i, j), i,
                             j, i + 1, j + 1);
        }
        GRADE_NEAR(g.b2[j], w->grad.b2[j], TOL, "dE/db2[%d] = delta_o%d", j, j + 1);
    }
    for (int j = 0; j < 2; j++) {
        /* the slips of the hidden delta, named with the notes' weights */
        double column = n->W2[0][j] * r->delta_o[0] + n->W2[1][j] * r->delta_o[1];
        double one_path = n->W2[j][j] * r->delta_o[j], s = r->out_h[j] * (1 - r->out_h[j]);
        char col[300], one[200];
        snprintf(col, sizeof col, "column %d of W2 is used (w%d and w%d, the weights INTO o%d); "
                 "h%d's weights are row %d: W2[%d][0] = w%d to o1 and W2[%d][1] = w%d to o2", j,
                 w_number(2, 0, j), w_number(2, 1, j), j + 1, j + 1, j, j, w_number(2, j, 0), j,
                 w_number(2, j, 1));
        snprintf(one, sizeof one, "only one path is added: h%d feeds BOTH outputs, through w%d "
                 "and w%d", j + 1, w_number(2, j, 0), w_number(2, j, 1));
        GradeMistake dh[] = {{column, col}, {one_path, one}};
        GRADE_NEAR_KNOWN(p.dE_dout_h[j], r->dE_dout_h[j], TOL, dh, 2,
                         "dE/dout_h%d = w%d delta_o1 + w%d delta_o2 (W2[%d][0], W2[%d][1]; the "
                         "first factor of delta_h%d)", j + 1, w_number(2, j, 0), w_number(2, j, 1),
                         j, j, j + 1);
        GradeMistake d[] = {
            {column * s, col},
            {one_path * s, one},
            {r->dE_dout_h[j], "the factor out_h (1 - out_h) is left out"},
            {r->dE_dout_h[j] * r->out_o[j] * (1 - r->out_o[j]),
             "the factor is out_o (1 - out_o); a hidden node's is out_h (1 - out_h)"}};
        GRADE_NEAR_KNOWN(p.delta_h[j], r->delta_h[j], TOL, d, 4,
                         "delta_h%d = dE/dout_h%d out_h%d (1 - out_h%d)", j + 1, j + 1, j + 1,
                         j + 1);
    }
    for (int j = 0; j < 2; j++) {
        for (int i = 0; i < 2; i++) {
            GradeMistake gw[] = {{x[j] * r->delta_h[i],
                                  "the indices are swapped: dE/dW1[i][j] = x_i delta_h_j"}};
            GRADE_NEAR_KNOWN(g.W1[i][j], w->grad.W1[i][j], TOL, gw, 1,
                             "dE/dw%d = dE/dW1[%d][%d] = x%d delta_h%d", w_number(1, i, j), i, j,
                             i + 1, j + 1);
        }
        GRADE_NEAR(g.b1[j], w->grad.b1[j], TOL, "dE/db1[%d] = delta_h%d", j, j + 1);
    }
    cr_assert(memcmp(n, &copy, sizeof copy) == 0, "%s: ex_backward_222 changed the network",
              name);
    grade_case_end();
}

GRADE_TEST(backward_222)
{
    /* the notes' example: W1 = {{w1, w3}, {w2, w4}}, W2 = {{w5, w7}, {w6, w8}};
     * section 4 of the transcript prints every value:
     *   H1 = 0.3775, out_h1 = 0.593269992, y1 = 1.10590597, out_o1 = 0.75136507
     *   E_total = 1/2 (0.01 - 0.75136507)^2 + 1/2 (0.99 - 0.772928465)^2 = 0.298371109
     *   dE/dw5 = delta_o1 x out_h1 = 0.138498562 x 0.593269992 = 0.0821670406, ...
     *   dE/dout_h1 = 0.138498562 x 0.4 - 0.0380982365 x 0.5 = 0.0363503064
     *   dE/dw1 = delta_h1 x i1 = 0.00877135469 x 0.05 = 0.000438567734, ... */
    Net222 ex = {{{0.15, 0.25}, {0.20, 0.30}}, {0.35, 0.35}, {{0.40, 0.50}, {0.45, 0.55}},
                 {0.60, 0.60}};
    double x[] = {0.05, 0.10}, t[] = {0.01, 0.99};
    Want222 w = {
        .pass = {.H = {0.3775, 0.39249999999999996},
                 .out_h = {OUT_H1, OUT_H2},
                 .y = {1.10590596705977, 1.2249214040964653},
                 .out_o = {OUT_O1, OUT_O2},
                 .delta_o = {DELTA_O1, DELTA_O2},
                 .dE_dout_h = {DE_DOUT_H1, 0.0413703226487447},
                 .delta_h = {DELTA_H1, DELTA_H2}},
        .grad = {.W1 = {{0.00043856773447435, 0.00049771273526086},
                        {0.00087713546894869, 0.00099542547052172}},
                 .b1 = {DELTA_H1, DELTA_H2},
                 .W2 = {{0.08216704056423078, -0.02260254047747507},
                        {0.08266762784753326, -0.02274024221597822}},
                 .b2 = {DELTA_O1, DELTA_O2}},
        .E = 0.2983711087600027};
    check_backward("the notes' example", &ex, x, t, &w);

    /* A second network, uneven everywhere, against the library's
     * backpropagation */
    Net222 n = {{{0.7, -0.4}, {0.2, 0.9}}, {-0.3, 0.1}, {{-1.2, 0.5}, {0.8, 0.6}}, {0.25, -0.35}};
    double x2[] = {1.5, -0.5}, t2[] = {0.9, 0.2};
    Want222 lib = library_pass(&n, x2, t2);
    check_backward("a second network", &n, x2, t2, &lib);
}

GRADE_TEST(softmax_ce_grad)
{
    /* 003: p = (0.2, 0.3, 0.5); dz = p - y for each true class:
     *   class 0: (0.2 - 1, 0.3, 0.5) = (-0.8, 0.3, 0.5)
     *   class 1: (0.2, 0.3 - 1, 0.5) = (0.2, -0.7, 0.5)
     *   class 2: (0.2, 0.3, 0.5 - 1) = (0.2, 0.3, -0.5) */
    double p[] = {0.2, 0.3, 0.5};
    double want[3][3] = {{-0.8, 0.3, 0.5}, {0.2, -0.7, 0.5}, {0.2, 0.3, -0.5}};
    for (int c = 0; c < 3; c++) {
        double dz[3];
        grade_fill_unwritten(dz, 3);
        ex_softmax_ce_grad(p, 3, c, dz);
        for (int j = 0; j < 3; j++)
            GRADE_NEAR(dz[j], want[c][j], TOL,
                       "ex_softmax_ce_grad(p = (0.2, 0.3, 0.5), c = %d): dz[%d]", c, j);
    }
    /* four classes, the last one true: (0.1, 0.2, 0.3, 0.4 - 1) */
    double p4[] = {0.1, 0.2, 0.3, 0.4}, dz4[4];
    grade_fill_unwritten(dz4, 4);
    ex_softmax_ce_grad(p4, 4, 3, dz4);
    GRADE_NEAR(dz4[0], 0.1, TOL, "ex_softmax_ce_grad(k = 4, c = 3): dz[0]");
    GRADE_NEAR(dz4[3], -0.6, TOL, "ex_softmax_ce_grad(k = 4, c = 3): dz[3]");
}
