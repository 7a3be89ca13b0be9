/* Grader of chapter 03, the MLP forward pass (10 points): the notes'
 * parameter counts (001, 000), forward values worked by hand, the
 * chapter's 4-3-2-1 network on the notes' two rows (reference values from
 * numpy, see below), and behaviour checks (outputs written only where
 * they belong, the sigmoid at every layer, the collapsed plane equal to
 * the two-layer linear net). */
#include "exercises.h"
#include "grade.h"

const char grade_chapter[] = "03_mlp_forward";
const GradeExercise grade_exercises[] = {
    {"parameter_count", "3.1", "parameters of a layer, of a network", 2,
     "a layer has n_in x n_out weights and n_out biases (4 -> 3: 4 x 3 + 3 = 15); a network "
     "adds up its n_sizes - 1 layers sizes[k] -> sizes[k + 1] (4-3-2-1: 15 + 8 + 3 = 26)"},
    {"one_neuron", "3.2", "one node's output", 2,
     "z = sum over i of a_prev[i] * W[i * n_out + j], plus b[j]; return sigma(z) = "
     "1 / (1 + exp(-z)). w_ij for a fixed j runs DOWN column j of W"},
    {"layer_forward", "3.3", "a layer for a batch: sigma(A W + b)", 2,
     "for every row r and node j: A[r * n_out + j] = sigma(sum_i A_prev[r * n_in + i] * "
     "W[i * n_out + j] + b[j]); write exactly the m x n_out outputs"},
    {"network_forward", "3.4", "forward through the whole network", 2,
     "apply the sigmoid at EVERY layer; layer k + 1 maps sizes[k] -> sizes[k + 1] with W[k] "
     "and b[k], reads the previous layer's outputs (X for the first) and writes into A[k]"},
    {"linear_collapse", "3.5", "the collapse to x1 A + x2 B + C", 2,
     "x1 reaches y_hat through w1 (to N1, then w5) and w3 (to N2, then w6): A = w5 w1 + w6 w3 "
     "(003 writes w6 w2); B = w5 w2 + w6 w4; C = w5 w01 + w6 w02 + wB"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* A sigmoid of a short sum, computed another way or with the terms added in
 * another order, differs in the last bits only: 1e-12 allows that. */
#define TOL 1e-12

GRADE_TEST(parameter_count)
{
    /* 001's 4-3-2-1 network, layer by layer: 4 x 3 + 3 = 15, 3 x 2 + 2 = 8,
     * 2 x 1 + 1 = 3 */
    GRADE_EQ_INT(ex_dense_params(4, 3), 15, "ex_dense_params(4, 3)");
    GRADE_EQ_INT(ex_dense_params(3, 2), 8, "ex_dense_params(3, 2)");
    GRADE_EQ_INT(ex_dense_params(2, 1), 3, "ex_dense_params(2, 1)");
    /* 000: Dense(11, input_dim=11): 11 x 11 + 11 = 132; Dense(1): 11 x 1 + 1 = 12 */
    GRADE_EQ_INT(ex_dense_params(11, 11), 132, "ex_dense_params(11, 11)");
    GRADE_EQ_INT(ex_dense_params(11, 1), 12, "ex_dense_params(11, 1)");
    /* 15 + 8 + 3 = 26 */
    static const int notes[] = {4, 3, 2, 1};
    GRADE_EQ_INT(ex_mlp_params(notes, 4), 26, "ex_mlp_params({4, 3, 2, 1}) (001: 26)");
    /* 000's models: 132 + 12 = 144, and with the hidden Dense(11):
     * 132 + 132 + 12 = 276 (the notes write 144) */
    static const int small[] = {11, 11, 1}, hidden[] = {11, 11, 11, 1};
    GRADE_EQ_INT(ex_mlp_params(small, 3), 144, "ex_mlp_params({11, 11, 1})");
    GRADE_EQ_INT(ex_mlp_params(hidden, 4), 276,
                 "ex_mlp_params({11, 11, 11, 1}) (the notes wrongly write 144)");
    /* 001's backpropagation network 2-2-1: 2 x 2 + 2 + 2 x 1 + 1 = 9 */
    static const int bp[] = {2, 2, 1};
    GRADE_EQ_INT(ex_mlp_params(bp, 3), 9, "ex_mlp_params({2, 2, 1}) (001: 9)");
    /* only the inputs: no layer, no parameters */
    static const int inputs_only[] = {5};
    GRADE_EQ_INT(ex_mlp_params(inputs_only, 1), 0, "ex_mlp_params({5}) (no layers)");
}

/* A layer from 3 to 2 nodes, for the hand calculations below:
 *   W = [[0.5, -1], [0.25, 0], [-0.5, 1]],  b = [0.25, -2] */
static const double W_hand[] = {0.5, -1, 0.25, 0, -0.5, 1};
static const double b_hand[] = {0.25, -2};

/* The chapter's hand-set 4-3-2-1 network (chapters/03_mlp_forward/main.c). */
static const double W1[] = {0.5, 0.1, -0.2, 0.01, -0.05, 0.02, -0.02, 0.0, 0.01, 0.01, 0.05, -0.03};
static const double B1[] = {-2.0, -0.5, 1.0};
static const double W2[] = {1.0, -1.0, 3.0, 0.5, -1.0, 1.0};
static const double B2[] = {-2.0, 0.0};
static const double W3[] = {4.0, -2.0};
static const double B3[] = {-1.0};
/* The notes' two rows (datasets/forward_example.csv): cgpa, i1, i2, i3. */
static const double X_notes[] = {7.2, 72, 69, 81, 8.1, 92, 75, 76};

GRADE_TEST(one_neuron)
{
    /* a_prev = (2, 4, 1), node 0: z = 2 x 0.5 + 4 x 0.25 + 1 x (-0.5) + 0.25 = 1.75,
     * sigma(1.75) = 0.8519528019683106 */
    double a[] = {2, 4, 1};
    GRADE_NEAR(ex_neuron(a, W_hand, b_hand, 3, 2, 0), 0.8519528019683106, TOL,
               "ex_neuron(a = (2, 4, 1), node j = 0) (z = 1.75)");
    /* node 1: z = 2 x (-1) + 4 x 0 + 1 x 1 - 2 = -3, sigma(-3) = 0.04742587317756678 */
    GRADE_NEAR(ex_neuron(a, W_hand, b_hand, 3, 2, 1), 0.04742587317756678, TOL,
               "ex_neuron(a = (2, 4, 1), node j = 1) (z = -3)");
    /* all inputs 0: z = b_1 = -2, sigma(-2) = 0.11920292202211755 */
    double zero[] = {0, 0, 0};
    GRADE_NEAR(ex_neuron(zero, W_hand, b_hand, 3, 2, 1), 0.11920292202211755, TOL,
               "ex_neuron(a = (0, 0, 0), node j = 1) (z = b = -2)");
    /* the chapter's first node, O_11 for the notes' first row:
     * 0.5 x 7.2 + 0.01 x 72 - 0.02 x 69 + 0.01 x 81 - 2 = 1.75 */
    GRADE_NEAR(ex_neuron(X_notes, W1, B1, 4, 3, 0), 0.8519528019683106, TOL,
               "ex_neuron(the notes' row 1, chapter 03's W^[1], node 1) (z = 1.75)");
    /* O_13: -0.2 x 7.2 + 0.02 x 72 + 0.01 x 69 - 0.03 x 81 + 1 = -0.74,
     * sigma(-0.74) = 0.323004143761477 */
    GRADE_NEAR(ex_neuron(X_notes, W1, B1, 4, 3, 2), 0.323004143761477, TOL,
               "ex_neuron(the notes' row 1, chapter 03's W^[1], node 3) (z = -0.74)");
}

GRADE_TEST(layer_forward)
{
    /* rows (2, 4, 1) and (0, 0, 0) through the 3 -> 2 layer:
     * row 1: z = (1.75, -3) (see one_neuron); row 2: z = b = (0.25, -2);
     * sigma(0.25) = 0.5621765008857981 */
    double X[] = {2, 4, 1, 0, 0, 0};
    double A[5];
    grade_fill_unwritten(A, 5);
    ex_layer_forward(A, X, W_hand, b_hand, 2, 3, 2);
    GRADE_NEAR(A[0], 0.8519528019683106, TOL, "A[0][0] (row (2, 4, 1), z = 1.75)");
    GRADE_NEAR(A[1], 0.04742587317756678, TOL, "A[0][1] (row (2, 4, 1), z = -3)");
    GRADE_NEAR(A[2], 0.5621765008857981, TOL, "A[1][0] (row (0, 0, 0), z = 0.25)");
    GRADE_NEAR(A[3], 0.11920292202211755, TOL, "A[1][1] (row (0, 0, 0), z = -2)");
    GRADE_UNTOUCHED(A[4], "A[4], just past the 2 x 2 outputs");
    /* A^[1] of the chapter for the notes' two rows (2 x 3); numpy:
     *   1 / (1 + np.exp(-(X @ W1 + b1))) with X, W1, b1 as above
     * (/usr/bin/python3, numpy 1.24.2; the chapter prints the same) */
    static const double A1_numpy[] = {0.8519528019683106, 0.6615031592029523, 0.32300414376147707,
                                      0.902911359013501,  0.3798935676569098, 0.42311473886795364};
    double A1[7];
    grade_fill_unwritten(A1, 7);
    ex_layer_forward(A1, X_notes, W1, B1, 2, 4, 3);
    for (int k = 0; k < 6; k++)
        GRADE_NEAR(A1[k], A1_numpy[k], TOL, "A^[1] of the notes' rows, row %d node %d", k / 3 + 1,
                   k % 3 + 1);
    GRADE_UNTOUCHED(A1[6], "A[6], just past the 2 x 3 outputs");
}

/* The inputs of a network's case, for grade_case: the sizes, X and every
 * layer's W and b. */
static void describe_mlp(char *buf, size_t len, const Mlp *net, const double *X, int m)
{
    size_t used = 0;
    char v[600];
    used += (size_t)snprintf(buf, len, "sizes");
    for (int k = 0; k < net->n_sizes && used < len; k++)
        used += (size_t)snprintf(buf + used, len - used, "%s%d", k ? "-" : " ", net->sizes[k]);
    if (used < len)
        used += (size_t)snprintf(buf + used, len - used, "; X (%d x %d, a row per sample) = %s",
                                 m, net->sizes[0], grade_vec(v, sizeof v, X, m * net->sizes[0]));
    for (int k = 0; k + 1 < net->n_sizes && used < len; k++) {
        int n_in = net->sizes[k], n_out = net->sizes[k + 1];
        used += (size_t)snprintf(buf + used, len - used,
                                 "; W^[%d] (%d x %d, row i = from node i) = %s", k + 1, n_in,
                                 n_out, grade_vec(v, sizeof v, net->W[k], n_in * n_out));
        if (used < len)
            used += (size_t)snprintf(buf + used, len - used, ", b^[%d] = %s", k + 1,
                                     grade_vec(v, sizeof v, net->b[k], n_out));
    }
}

/* ex_mlp_forward on one case: want[k] holds A^[k+1] (m x sizes[k+1]); every
 * layer is checked in order, each with one value past its end that must
 * stay unwritten. */
static void check_forward(const char *name, const Mlp *net, const double *X, int m,
                          const double *const *want)
{
    enum { MAX_LAYERS = 4, MAX_OUT = 16 };
    int L = net->n_sizes - 1;
    char inputs[1200];
    describe_mlp(inputs, sizeof inputs, net, X, m);
    grade_case(name, "%s", inputs);
    double out[MAX_LAYERS][MAX_OUT + 1];
    double *A[MAX_LAYERS];
    for (int k = 0; k < L; k++) {
        grade_fill_unwritten(out[k], MAX_OUT + 1);
        A[k] = out[k];
    }
    ex_mlp_forward(A, X, m, net);
    const double *in = X;
    for (int k = 0; k < L; k++) {
        int n_in = net->sizes[k], n_out = net->sizes[k + 1];
        for (int r = 0; r < m; r++)
            for (int j = 0; j < n_out; j++) {
                /* z itself (no sigmoid), and W read along its rows */
                double z = net->b[k][j], zt = net->b[k][j];
                for (int i = 0; i < n_in; i++) {
                    z += in[r * n_in + i] * net->W[k][i * n_out + j];
                    if (j < n_in && i < n_out)
                        zt += in[r * n_in + i] * net->W[k][j * n_out + i];
                }
                GradeMistake slips[] = {
                    {z, "the sigmoid is not applied: every layer's output is sigma(z)"},
                    {1.0 / (1.0 + exp(-zt)), "W is read along row j: w_ij is W[i * n_out + j], "
                                             "column j holds the weights INTO node j"}};
                GRADE_NEAR_KNOWN(A[k][r * n_out + j], want[k][r * n_out + j], TOL, slips,
                                 j < n_in ? 2 : 1, "A^[%d] row %d node %d (O_%d%d of sample %d, in "
                                 "A[%d][%d])", k + 1, r + 1, j + 1, k + 1, j + 1, r + 1, k,
                                 r * n_out + j);
            }
        GRADE_UNTOUCHED(A[k][m * n_out], "A[%d][%d], just past layer %d's %d x %d outputs", k,
                        m * n_out, k + 1, m, n_out);
        in = want[k];
    }
    grade_case_end();
}

GRADE_TEST(network_forward)
{
    /* 1-1-1: x = 2, w^1 = 0.5, b^1 = -1: z = 2 x 0.5 - 1 = 0, O_11 = sigma(0) = 0.5;
     * w^2 = 2, b^2 = -1: z = 2 x 0.5 - 1 = 0, y_hat = sigma(0) = 0.5.
     * Without the hidden sigmoid it would be sigma(2 x 0 - 1) = 0.269.
     * Row 2, x = 0: O_11 = sigma(-1) = 0.2689414213699951, z = 2 x 0.2689... - 1
     * = -0.4621171572600098, y_hat = sigma(z) = 0.38648369564127283 (python's math) */
    static const int sizes1[] = {1, 1, 1};
    static const double w1[] = {0.5}, c1[] = {-1}, w2[] = {2}, c2[] = {-1};
    const double *W_tiny[] = {w1, w2}, *b_tiny[] = {c1, c2};
    Mlp tiny = {.n_sizes = 3, .sizes = sizes1, .W = W_tiny, .b = b_tiny};
    static const double x[] = {2, 0}, tiny_A1[] = {0.5, 0.2689414213699951},
                        tiny_A2[] = {0.5, 0.38648369564127283};
    const double *tiny_want[] = {tiny_A1, tiny_A2};
    check_forward("a 1-1-1 net", &tiny, x, 2, tiny_want);
    /* the chapter's 4-3-2-1 network on the notes' two rows; numpy:
     *   s = lambda z: 1 / (1 + np.exp(-z))
     *   A1 = s(X @ W1 + b1); A2 = s(A1 @ W2 + b2); s(A2 @ W3 + b3)
     *     ->  [0.6459405364587604, 0.4422395414344488]
     * (chapter 03 prints 0.645940536 and 0.442239541: classes 1 and 0;
     * A2 from python3's math, the same formulas in double precision) */
    static const int sizes[] = {4, 3, 2, 1};
    const double *W[] = {W1, W2, W3}, *b[] = {B1, B2, B3};
    Mlp notes = {.n_sizes = 4, .sizes = sizes, .W = W, .b = b};
    static const double A1[] = {0.8519528019683106, 0.6615031592029523, 0.32300414376147707,
                                0.902911359013501,  0.3798935676569098, 0.42311473886795364};
    static const double A2[] = {0.6256167916915002, 0.45061229558908245, 0.40600083994486935,
                                0.42804063002167636};
    static const double A3[] = {0.6459405364587604, 0.4422395414344488};
    const double *notes_want[] = {A1, A2, A3};
    check_forward("chapter 03's 4-3-2-1 net on the notes' two rows", &notes, X_notes, 2,
                  notes_want);
    /* one layer only (3 -> 2): the same as the layer above, row (2, 4, 1) */
    static const int sizes_one[] = {3, 2};
    const double *W_one[] = {W_hand}, *b_one[] = {b_hand};
    Mlp one = {.n_sizes = 2, .sizes = sizes_one, .W = W_one, .b = b_one};
    static const double a[] = {2, 4, 1}, one_A1[] = {0.8519528019683106, 0.04742587317756678};
    const double *one_want[] = {one_A1};
    check_forward("a one-layer net 3 -> 2", &one, a, 1, one_want);
}

/* 003's net with a linear f, evaluated directly. */
static double linear221(const Net221 *n, double x1, double x2)
{
    double N1 = n->w1 * x1 + n->w2 * x2 + n->w01, N2 = n->w3 * x1 + n->w4 * x2 + n->w02;
    return n->w5 * N1 + n->w6 * N2 + n->wB;
}

GRADE_TEST(linear_collapse)
{
    /* the chapter's weights: A = 2 x 1 + 3 x 0.5 = 3.5, B = 2 x (-2) + 3 x 1 = -1,
     * C = 2 x 0.5 + 3 x (-1) + 0.25 = -1.75 (003's w5 w1 + w6 w2 would give -4) */
    Net221 ch = {.w1 = 1, .w2 = -2, .w01 = 0.5, .w3 = 0.5, .w4 = 1, .w02 = -1,
                 .w5 = 2, .w6 = 3, .wB = 0.25};
    double A = GRADE_UNWRITTEN, B = GRADE_UNWRITTEN, C = GRADE_UNWRITTEN;
    ex_collapse(&ch, &A, &B, &C);
    GRADE_NEAR(A, 3.5, TOL, "chapter 03's net: A");
    GRADE_NEAR(B, -1.0, TOL, "chapter 03's net: B");
    GRADE_NEAR(C, -1.75, TOL, "chapter 03's net: C");
    /* A = 0.5 x 2 + (-2) x 5 = -9, B = 0.5 x 3 + (-2) x 7 = -12.5,
     * C = 0.5 x 1 + (-2) x (-1) + 4 = 6.5 */
    Net221 n = {.w1 = 2, .w2 = 3, .w01 = 1, .w3 = 5, .w4 = 7, .w02 = -1,
                .w5 = 0.5, .w6 = -2, .wB = 4};
    A = B = C = GRADE_UNWRITTEN;
    ex_collapse(&n, &A, &B, &C);
    GRADE_NEAR(A, -9.0, TOL, "w = (2, 3, 1; 5, 7, -1; 0.5, -2, 4): A");
    GRADE_NEAR(B, -12.5, TOL, "w = (2, 3, 1; 5, 7, -1; 0.5, -2, 4): B");
    GRADE_NEAR(C, 6.5, TOL, "w = (2, 3, 1; 5, 7, -1; 0.5, -2, 4): C");
    /* behaviour: the plane equals the two-layer net everywhere; at (1, -2):
     * N1 = 2 - 6 + 1 = -3, N2 = 5 - 14 - 1 = -10, y = -1.5 + 20 + 4 = 22.5 */
    static const double pts[][2] = {{1, -2}, {0, 0}, {-3, 0.5}, {2.5, 4}};
    for (int k = 0; k < 4; k++) {
        double x1 = pts[k][0], x2 = pts[k][1];
        GRADE_NEAR(x1 * A + x2 * B + C, linear221(&n, x1, x2), 1e-9,
                   "x1 A + x2 B + C against the two linear layers at (%g, %g)", x1, x2);
    }
}
