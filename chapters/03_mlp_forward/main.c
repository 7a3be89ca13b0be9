/* Chapter 03 - The MLP forward pass
 *
 * Lecture notes: 001 (combining two perceptrons, MLP notation, the 4-3-2-1
 * network, forward propagation in matrix form), 000 (Keras Sequential/Dense
 * parameter counting), 003 (why non-linearity matters) and 004 (forward
 * feed).
 *
 * What you will learn
 *   - two perceptrons, weighted and squashed by a third neuron, draw a
 *     curved decision boundary: that third neuron makes an MLP
 *   - the notation: w^k_ij goes from node i of layer k-1 to node j of
 *     layer k, b^k_j is node j's bias, O_kj is node j's output
 *   - counting trainable parameters: a layer has n_in x n_out + n_out, so
 *     the 4-3-2-1 network has 15 + 8 + 3 = 26; Keras' model.summary()
 *   - forward propagation, node by node and as one matrix product per
 *     layer (samples are rows):
 *         a^[0] = x,   a^[k] = sigma(a^[k-1] W^[k] + b^[k]),   y_hat = a^[3]
 *     the whole batch at once gives the same numbers as one row at a time
 *   - without an activation, layers collapse: two linear layers are one,
 *         y_hat = x1 A + x2 B + C;  a tanh hidden layer does not collapse
 *
 * Run it
 *   ./build/03_mlp_forward                   the lecture, plots in out/03_mlp_forward/
 *   ./build/03_mlp_forward --plots=dumb      the plots drawn in the terminal (no heat map)
 *   ./build/03_mlp_forward --data my.csv     the forward pass on your own rows:
 *                                            4 input columns (a 5th is a 0/1 label)
 *
 * Plots
 *   two_perceptrons.png  the output of sigma(10 p1 + 5 p2 + b) over the plane
 *                        (heat map), the two perceptrons' lines, the curved
 *                        boundary o = 0.5, and the data points
 *   linear_collapse.png  along a line through the input plane: the two-layer
 *                        linear net and the single layer x1 A + x2 B + C lie on
 *                        one line; the tanh net bends away from its best line
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "hand.h"
#include "mat.h"
#include "net.h"
#include "plot.h"
#include "rng.h"

#define CHAPTER "03_mlp_forward"
#define DEFAULT_DATA "datasets/forward_example.csv"
#define SEED 1986          /* the year backpropagation made MLPs trainable */
#define N_INPUTS 4         /* cgpa, i1, i2, i3 */
#define SHOW_ROWS 10       /* rows of a matrix printed at most */
#define WEDGE_POINTS 120   /* points in section 1's data */
#define BOX 5.0            /* section 1's plane: [-BOX, BOX]^2 */
#define HEAT_N 101         /* heat map grid: HEAT_N x HEAT_N */
#define FIT_N 9            /* section 6's grid: FIT_N x FIT_N points ... */
#define FIT_STEP 0.5       /* ... FIT_STEP apart, centred on (0, 0) */
#define CURVE_N 81         /* points along the line of the collapse plot */
#define TINY 1e-12         /* differences below this are rounding only */

/* ---- 1. Combining two perceptrons (001) ------------------------------------- */

/* A perceptron with a sigmoid: z = w1 x1 + w2 x2 + b, p = sigma(z). */
typedef struct {
    double w1, w2, b;
} Perceptron;

/* Hand-set: perceptron 1 leans on x1, perceptron 2 on x2. */
static const Perceptron P1 = {.w1 = 1.5, .w2 = 1.0, .b = -1.0};
static const Perceptron P2 = {.w1 = -1.0, .w2 = 2.0, .b = 2.0};
/* The output neuron o = sigma(V1 p1 + V2 p2 + B_OUT): the notes' weights
 * 10 and 5; the notes leave the bias b open, we take -10. */
#define V1 10.0
#define V2 5.0
#define B_OUT (-10.0)

static double perceptron_z(const Perceptron *p, double x1, double x2)
{
    return p->w1 * x1 + p->w2 * x2 + p->b;
}

/* o = sigma(10 p1 + 5 p2 + b), p_k = sigma(w1 x1 + w2 x2 + b) */
static double combined(double x1, double x2)
{
    double p1 = act_sigmoid(perceptron_z(&P1, x1, x2));
    double p2 = act_sigmoid(perceptron_z(&P2, x1, x2));
    return act_sigmoid(V1 * p1 + V2 * p2 + B_OUT);
}

/* The wedge: class 1 where both perceptrons' z > 0, class 0 elsewhere. */
static void make_wedge(Mat *X, Mat *y, Rng *rng)
{
    for (int i = 0; i < X->rows; i++) {
        double x1 = rng_uniform(rng, -BOX, BOX), x2 = rng_uniform(rng, -BOX, BOX);
        MAT_AT(X, i, 0) = x1;
        MAT_AT(X, i, 1) = x2;
        MAT_AT(y, i, 0) = perceptron_z(&P1, x1, x2) > 0 && perceptron_z(&P2, x1, x2) > 0;
    }
}

/* Which model section 1 scores. */
typedef enum { ONLY_P1, ONLY_P2, UNWEIGHTED, COMBINED } Model;

/* The model's probability of class 1 at (x1, x2). */
static double model_output(Model m, double x1, double x2)
{
    double p1 = act_sigmoid(perceptron_z(&P1, x1, x2));
    double p2 = act_sigmoid(perceptron_z(&P2, x1, x2));
    switch (m) {
    case ONLY_P1: return p1;
    case ONLY_P2: return p2;
    case UNWEIGHTED: return act_sigmoid(p1 + p2); /* the notes' first try: 0.7 + 0.8 */
    default: return combined(x1, x2);
    }
}

/* Points the model puts in the right class (output >= 0.5 means class 1). */
static int count_right(Model m, const Mat *X, const Mat *y)
{
    int right = 0;
    for (int i = 0; i < X->rows; i++)
        right += (model_output(m, MAT_AT(X, i, 0), MAT_AT(X, i, 1)) >= 0.5) ==
                 (MAT_AT(y, i, 0) == 1.0);
    return right;
}

/* Distance from (x1, x2) to the line w1 x1 + w2 x2 + b = 0: |z| / sqrt(w1^2 + w2^2). */
static double line_distance(const Perceptron *p, double x1, double x2)
{
    return fabs(perceptron_z(p, x1, x2)) / sqrt(p->w1 * p->w1 + p->w2 * p->w2);
}

/* The points the MLP gets wrong: how many, and the farthest any of them
 * lies from the nearer of the two lines. */
static int missed_points(const Mat *X, const Mat *y, double *farthest)
{
    int missed = 0;
    *farthest = 0.0;
    for (int i = 0; i < X->rows; i++) {
        double x1 = MAT_AT(X, i, 0), x2 = MAT_AT(X, i, 1);
        if ((combined(x1, x2) >= 0.5) == (MAT_AT(y, i, 0) == 1.0))
            continue;
        missed++;
        *farthest = fmax(*farthest, fmin(line_distance(&P1, x1, x2), line_distance(&P2, x1, x2)));
    }
    return missed;
}

static void plot_two_perceptrons(Plotter *plotter, const Mat *X, const Mat *y);

static void lecture_two_perceptrons(Plotter *plotter, const Mat *X, const Mat *y)
{
    hand_section("1. Combining two perceptrons (001)");
    printf("One perceptron draws one straight line. In 001's picture two perceptrons\n"
           "look at the same student: one says \"placed\" with probability 0.7, the\n"
           "other with 0.8. Add the two and squash the sum with the sigmoid, so that\n"
           "it is a probability again (\"smoothing\"):\n\n");
    double p1 = 0.7, p2 = 0.8, s = p1 + p2;
    hand_printf("    %v + %v = %v    sigma(%v) = 1 / (1 + e^-%v) = %v  (notes: 0.82)\n\n",
                p1, p2, s, s, s, act_sigmoid(s));
    printf("Give each perceptron a weight (\"weightage of perceptron 1 is more\") and\n"
           "add a bias b, and the sum is one more neuron:\n\n");
    double z_notes = p1 * V1 + p2 * V2;
    hand_printf("    z = %v x %v + %v x %v + b = %v + b\n\n", p1, V1, p2, V2, z_notes);
    printf("Its inputs are the perceptrons' outputs: a hidden layer of two nodes and an\n"
           "output node, a multi-layer perceptron (MLP). Our hand-set example:\n\n");
    hand_printf("    perceptron 1:  p1 = sigma(%v x1%+v x2%+v)\n", P1.w1, P1.w2, P1.b);
    hand_printf("    perceptron 2:  p2 = sigma(%v x1%+v x2%+v)\n", P2.w1, P2.w2, P2.b);
    hand_printf("    output:        o  = sigma(%v p1%+v p2%+v)   (the notes leave b open)\n\n",
                V1, V2, B_OUT);
    double z = z_notes + B_OUT;
    hand_printf("For the notes' student (p1 = %v, p2 = %v): z = %v x %v + %v x %v%+v = %v,\n"
                "o = sigma(%v) = %v, so class 1.\n\n", p1, p2, p1, V1, p2, V2, B_OUT, z, z,
                act_sigmoid(z));
    int m = X->rows, ones = 0;
    for (int i = 0; i < m; i++)
        ones += MAT_AT(y, i, 0) == 1.0;
    hand_printf("The data: %d points drawn uniformly from [-%v, %v]^2 (--seed changes them).\n"
                "Class 1 (%d points) is the wedge where both perceptrons' sums are positive,\n"
                "z1 = %v x1%+v x2%+v > 0 and z2 = %v x1%+v x2%+v > 0; class 0 (%d points)\n"
                "is the rest. No single straight line separates a wedge from the rest of\n"
                "the plane. Points classified right (output >= 0.5 is class 1):\n\n",
                m, BOX, BOX, ones, P1.w1, P1.w2, P1.b, P2.w1, P2.w2, P2.b, m - ones);
    static const char *names[] = {
        "perceptron 1 alone, p1", "perceptron 2 alone, p2",
        "sigma(p1 + p2): no weights, no bias", "sigma(10 p1 + 5 p2 - 10): the MLP"};
    for (Model k = ONLY_P1; k <= COMBINED; k++)
        printf("    %-38s %3d of %d\n", names[k], count_right(k, X, y), m);
    double farthest;
    int missed = missed_points(X, y, &farthest);
    printf("\nsigma(p1 + p2) is above 0.5 everywhere (p1 + p2 > 0), so on its own the\n"
           "sum only smooths: it calls every point class 1. The weights and the negative\n"
           "bias make the output neuron an AND of the two perceptrons, with a curved\n"
           "corner: the boundary o = 0.5 is where 10 p1 + 5 p2 = 10, p1 = 1 - p2 / 2.\n");
    if (missed == 0)
        printf("The MLP puts every point in its class.\n");
    else
        hand_printf("The %d points the MLP misses lie within %v of a line (the plane is %v\n"
                    "wide): there the perceptrons' outputs are not yet 0 or 1, and the MLP's\n"
                    "smooth boundary departs from the wedge's sharp edges.\n",
                    missed, farthest, 2 * BOX);
    plot_two_perceptrons(plotter, X, y);
}

/* ---- 2. Notation and trainable parameters (001) ------------------------------- */

/* A network of sigmoid dense layers with the given sizes (inputs first);
 * NULL after printing an error. */
static Net *sigmoid_net(const int *sizes, int n_sizes, int max_rows)
{
    Net *net = net_new(sizes[0], max_rows);
    for (int k = 1; net && k < n_sizes; k++)
        if (net_add(net, sizes[k], act_of(ACT_SIGMOID)) != 0) {
            net_free(net);
            net = NULL;
        }
    if (!net)
        fprintf(stderr, "error: out of memory\n");
    return net;
}

/* "layer k: n_in x n_out + n_out = P" for each layer, then the sum as
 * "Total = P1 + P2 + ... = N". Returns the total. */
static int print_param_count(const Net *net, const char *total_name)
{
    int total = 0;
    for (int k = 0; k < net->n_layers; k++) {
        const Layer *d = net->layers[k];
        int p = layer_param_count(d); /* n_in * n_out + n_out */
        printf("    layer %d: %d x %d + %d = %d\n", k + 1, d->n_in, d->n_out, d->n_out, p);
        total += p;
    }
    printf("    %s = ", total_name);
    for (int k = 0; k < net->n_layers; k++)
        printf("%s%d", k ? " + " : "", layer_param_count(net->layers[k]));
    printf(" = %d\n", total);
    return total;
}

static int lecture_notation(void)
{
    hand_section("2. MLP notation and trainable parameters (001)");
    printf("The data is an (m x n) matrix: m rows, one per sample X_i, and n columns.\n"
           "001's example has n = 4 inputs and the network 4-3-2-1: the 4 inputs, a\n"
           "hidden layer of 3 nodes, one of 2 nodes, and 1 output node. Layer 0 is the\n"
           "inputs; layers 1, 2, 3 compute.\n\n"
           "    w^k_ij   the weight from node i of layer k-1 to node j of layer k\n"
           "    b^k_j    the bias of node j of layer k (the notes also write b_kj:\n"
           "             b_11, b_12, b_13 are layer 1's)\n"
           "    O_kj     the output of node j of layer k (O_0j = x_j, the inputs)\n\n"
           "Each node of a layer has one weight per node of the layer before, and one\n"
           "bias. A layer from n_in to n_out nodes has n_in x n_out + n_out trainable\n"
           "parameters:\n\n");
    static const int sizes[] = {4, 3, 2, 1};
    Net *net = sigmoid_net(sizes, 4, 1);
    if (!net)
        return 1;
    print_param_count(net, "Trainable parameters");
    printf("\nKeras counts them the same way (model.summary(), one Dense layer a line):\n\n");
    net_summary(net, stdout);
    net_free(net);
    return 0;
}

/* ---- 3. Keras: Sequential and Dense (000) ------------------------------------ */

static int keras_model(const char *code, const int *sizes, int n_sizes, const char *notes)
{
    printf("\n%s\n", code);
    Net *net = sigmoid_net(sizes, n_sizes, 1);
    if (!net)
        return 1;
    net_summary(net, stdout);
    print_param_count(net, "Total params");
    printf("    %s\n", notes);
    net_free(net);
    return 0;
}

static int lecture_keras(void)
{
    hand_section("3. Keras: Sequential and Dense, parameter counting (000)");
    printf("000 builds two models for 11 input features. Dense(n) is a layer of n\n"
           "nodes, each connected to every node of the layer before; input_dim=11\n"
           "declares the 11 inputs (layer 0, which has no parameters). So the first\n"
           "Dense, commented \"#input layer\" in the notes, is the first layer that\n"
           "computes (see Errata). 004: a weight matrix's first dimension is the\n"
           "number of inputs, its second the number of nodes (w_34: 3 inputs, 4 nodes).\n");
    static const int small[] = {11, 11, 1}, hidden[] = {11, 11, 11, 1};
    if (keras_model("model = Sequential()\n"
                    "model.add(Dense(11, activation=\"sigmoid\", input_dim=11))\n"
                    "model.add(Dense(1, activation=\"sigmoid\"))\n",
                    small, 3, "the notes: 132 + 12 = 144 (right)") != 0)
        return 1;
    if (keras_model("model = Sequential()\n"
                    "model.add(Dense(11, activation=\"sigmoid\", input_dim=11))\n"
                    "model.add(Dense(11, activation=\"sigmoid\"))   # the hidden layer\n"
                    "model.add(Dense(1, activation=\"sigmoid\"))\n",
                    hidden, 4,
                    "the notes write 132 + 12 = 144 here too: they left out the hidden\n"
                    "    layer's 11 x 11 + 11 = 132 (see Errata)") != 0)
        return 1;
    return 0;
}

/* ---- 4. Forward propagation, one sample (001, 004) ------------------------------ */

/* One dense layer of the hand-set network: W is (n_in x n_out), row-major,
 * W[i * n_out + j] = w^k_ij; b holds b^k_1 .. b^k_n_out. */
typedef struct {
    int n_in, n_out;
    const double *W, *b;
} HandLayer;

/* The hand-set weights of the 4-3-2-1 network (the notes give none). Small
 * and short, so the first node can be redone by hand; chosen so that the
 * network predicts the notes' "Predicted" column (1, then 0). */
static const double W1[4 * 3] = {
    0.5,   0.1,   -0.2,  /* from x1 (cgpa) to nodes 1, 2, 3 */
    0.01,  -0.05, 0.02,  /* from x2 (i1) */
    -0.02, 0.0,   0.01,  /* from x3 (i2) */
    0.01,  0.05,  -0.03, /* from x4 (i3) */
};
static const double B1[3] = {-2.0, -0.5, 1.0};
static const double W2[3 * 2] = {
    1.0,  -1.0, /* from O_11 to nodes 1, 2 of layer 2 */
    3.0,  0.5,  /* from O_12 */
    -1.0, 1.0,  /* from O_13 */
};
static const double B2[2] = {-2.0, 0.0};
static const double W3[2 * 1] = {4.0, -2.0}; /* from O_21, O_22 to the output */
static const double B3[1] = {-1.0};

#define N_LAYERS 3
static const HandLayer NETWORK[N_LAYERS] = {
    {4, 3, W1, B1},
    {3, 2, W2, B2},
    {2, 1, W3, B3},
};
#define MAX_NODES 4 /* the widest layer, the inputs included */

/* Layer k for one sample, node by node:
 *   z^k_j = O_(k-1)1 w^k_1j + ... + O_(k-1)n w^k_nj + b^k_j,   O_kj = sigma(z^k_j)
 * (the products are added in the order i = 1..n, then the bias: the order
 * mat_matmul and mat_add_row_vector use, so the numbers agree bit for bit). */
static void layer_node_by_node(const HandLayer *L, const double *o_prev, double *z, double *o)
{
    for (int j = 0; j < L->n_out; j++) {
        double z_j = 0.0;
        for (int i = 0; i < L->n_in; i++)
            z_j += o_prev[i] * L->W[i * L->n_out + j];
        z_j += L->b[j];
        z[j] = z_j;
        o[j] = act_sigmoid(z_j);
    }
}

/* The whole network for one sample x: o[k][j] = O_kj (o[0] = x). */
static void forward_one(const double *x, double o[N_LAYERS + 1][MAX_NODES],
                        double z[N_LAYERS + 1][MAX_NODES])
{
    memcpy(o[0], x, N_INPUTS * sizeof *x);
    for (int k = 1; k <= N_LAYERS; k++)
        layer_node_by_node(&NETWORK[k - 1], o[k - 1], z[k], o[k]);
}

/* The name of node i's output in layer k: "x3" for the inputs, else "O_13". */
static const char *input_name(char *buf, size_t len, int k, int i)
{
    if (k == 0)
        snprintf(buf, len, "x%d", i + 1);
    else
        snprintf(buf, len, "O_%d%d", k, i + 1);
    return buf;
}

/* Node j of layer k, printed as the notes write it: the symbols, then the
 * numbers, then the sigmoid. */
static void print_node(int k, int j, const double *o_prev, double z, double o)
{
    const HandLayer *L = &NETWORK[k - 1];
    char name[16];
    printf("    z^%d_%d = ", k, j + 1);
    for (int i = 0; i < L->n_in; i++)
        printf("%sw^%d_%d%d %s", i ? " + " : "", k, i + 1, j + 1,
               input_name(name, sizeof name, k - 1, i));
    printf(" + b^%d_%d\n          = ", k, j + 1);
    for (int i = 0; i < L->n_in; i++)
        hand_printf(i ? "%+v x %v" : "%v x %v", L->W[i * L->n_out + j], o_prev[i]);
    hand_printf("%+v = %v\n", L->b[j], z);
    hand_printf("    O_%d%d  = sigma(%v) = 1 / (1 + e^-(%v)) = %v\n", k, j + 1, z, z, o);
}

static void print_weights(void)
{
    for (int k = 1; k <= N_LAYERS; k++) {
        const HandLayer *L = &NETWORK[k - 1];
        char name[16];
        Mat W = {.rows = L->n_in, .cols = L->n_out, .data = (double *)L->W};
        Mat b = {.rows = 1, .cols = L->n_out, .data = (double *)L->b};
        snprintf(name, sizeof name, "W^[%d]", k);
        hand_print_mat(name, &W);
        snprintf(name, sizeof name, "b^[%d]", k);
        hand_print_mat(name, &b);
    }
}

static void lecture_one_sample(const DataTable *t)
{
    hand_section("4. Forward propagation, one sample (001, 004)");
    printf("How does the network predict? Forward propagation (004: \"forward feed\"):\n"
           "each node multiplies its inputs by its weights, adds them and its bias,\n"
           "and passes the sum z through the activation, here the sigmoid; the outputs\n"
           "of one layer are the inputs of the next. The notes give no weights, so we\n"
           "set them by hand (W^[k] is n_in x n_out: row i holds w^k_i1, w^k_i2, ...):\n\n");
    print_weights();
    double x[N_INPUTS];
    for (int i = 0; i < N_INPUTS; i++)
        x[i] = MAT_AT(t->values, 0, i);
    hand_printf("\nThe first row of the data: x = (%v, %v, %v, %v) (%s, %s, %s, %s).\n",
                x[0], x[1], x[2], x[3], t->names[0], t->names[1], t->names[2], t->names[3]);
    double o[N_LAYERS + 1][MAX_NODES], z[N_LAYERS + 1][MAX_NODES];
    forward_one(x, o, z);
    for (int k = 1; k <= N_LAYERS; k++) {
        printf("\nLayer %d:\n", k);
        for (int j = 0; j < NETWORK[k - 1].n_out; j++)
            print_node(k, j, o[k - 1], z[k][j], o[k][j]);
    }
    hand_printf("\ny_hat = O_31 = %v\n", o[N_LAYERS][0]);
}

/* ---- 5. The whole batch as one matrix product (001) ------------------------------ */

/* The hand-set network as a library model for m rows. */
static Net *hand_net(int m)
{
    static const int sizes[] = {4, 3, 2, 1};
    Net *net = sigmoid_net(sizes, 4, m);
    for (int k = 0; net && k < N_LAYERS; k++) {
        const HandLayer *L = &NETWORK[k];
        memcpy(net->layers[k]->W->data, L->W, (size_t)L->n_in * L->n_out * sizeof(double));
        memcpy(net->layers[k]->b->data, L->b, (size_t)L->n_out * sizeof(double));
    }
    return net;
}

/* Print at most SHOW_ROWS rows of A. */
static void print_rows(const char *name, const Mat *A)
{
    const Mat top = mat_cview_rows(A, 0, A->rows < SHOW_ROWS ? A->rows : SHOW_ROWS);
    hand_print_mat(name, &top);
    if (A->rows > SHOW_ROWS)
        printf("    ... (the first %d of %d rows)\n", SHOW_ROWS, A->rows);
}

/* The column form of the notes' layer 1: z = (W^[1])^T x + b^[1], x a
 * column; the same numbers as the row form x^T W^[1] + b^[1]. */
static void print_column_form(const Net *net, const Mat *X)
{
    Mat *x = mat_new(N_INPUTS, 1), *z = mat_new(3, 1);
    if (!x || !z) {
        mat_free(x);
        mat_free(z);
        return;
    }
    for (int i = 0; i < N_INPUTS; i++)
        MAT_AT(x, i, 0) = MAT_AT(X, 0, i);
    mat_matmul_tn(z, net->layers[0]->W, x); /* (W^[1])^T x: (3 x 4)(4 x 1) */
    for (int j = 0; j < 3; j++)
        MAT_AT(z, j, 0) += MAT_AT(net->layers[0]->b, 0, j);
    printf("001 writes layer 1 with x as a column: (W^[1])^T x + b^[1], (3 x 4)(4 x 1)\n"
           "+ (3 x 1). For the first row that is the column\n");
    hand_print_mat("(W^[1])^T x + b^[1]", z);
    printf("the first row of Z^[1] stood up: (x^T W)^T = W^T x. With samples as rows,\n"
           "the batch needs no transposes: A^[0] W^[1] stacks the rows x^T W^[1].\n");
    mat_free(x);
    mat_free(z);
}

/* The largest difference between the batch's layer outputs and the row
 * by row, node by node ones, over every row and layer. */
static double batch_vs_rows(const Net *net, const Mat *X)
{
    double worst = 0.0;
    for (int r = 0; r < X->rows; r++) {
        double o[N_LAYERS + 1][MAX_NODES], z[N_LAYERS + 1][MAX_NODES];
        forward_one(&MAT_AT(X, r, 0), o, z);
        for (int k = 1; k <= N_LAYERS; k++) {
            Mat A = net_activation(net, k);
            for (int j = 0; j < NETWORK[k - 1].n_out; j++)
                worst = fmax(worst, fabs(MAT_AT(&A, r, j) - o[k][j]));
        }
    }
    return worst;
}

static int lecture_batch(const DataTable *t, const Mat *X)
{
    hand_section("5. The whole batch as one matrix product (001)");
    int m = X->rows;
    Net *net = hand_net(m);
    if (!net)
        return 1;
    printf("Samples are rows, so the whole data set goes through a layer as one matrix\n"
           "product, each row of A^[0] W^[1] being one sample's sums:\n\n"
           "    a^[1] = sigma(a^[0] W^[1] + b^[1])\n"
           "    a^[2] = sigma(a^[1] W^[2] + b^[2])\n"
           "    a^[3] = sigma(a^[2] W^[3] + b^[3]) = y_hat\n\n"
           "or in one line, y_hat = sigma(sigma(sigma(a^[0] W^[1] + b^[1]) W^[2] + b^[2])\n"
           "W^[3] + b^[3]). The bias row b^[k] is added to every row.\n\n");
    print_rows("A^[0] = X", X);
    const Mat *yhat = net_forward(net, X);
    for (int k = 1; k <= N_LAYERS; k++) {
        const Layer *d = net->layers[k - 1];
        char name[16];
        printf("\nZ^[%d] = A^[%d] W^[%d] + b^[%d]:  (%d x %d)(%d x %d) + (1 x %d) -> (%d x %d)\n",
               k, k - 1, k, k, m, d->n_in, d->n_in, d->n_out, d->n_out, m, d->n_out);
        snprintf(name, sizeof name, "Z^[%d]", k);
        Mat Z = mat_view_rows(d->Z, 0, m), A = net_activation(net, k);
        print_rows(name, &Z);
        printf("A^[%d] = sigma(Z^[%d]), element by element:\n", k, k);
        snprintf(name, sizeof name, "A^[%d]", k);
        print_rows(name, &A);
    }
    putchar('\n');
    print_column_form(net, X);
    double worst = batch_vs_rows(net, X);
    hand_printf("\nRow by row (section 4's node-by-node sums) and as one batch: the largest\n"
                "difference over all %d rows and all %d layers is %v%s\n", m, N_LAYERS, worst,
                worst == 0.0 ? ", bit for bit the same:\nthe same products, added in the same order."
                             : ".");
    int labelled = t->cols == N_INPUTS + 1;
    if (labelled)
        printf("\nPredictions (class 1 when y_hat >= 0.5), against the data's label column\n"
               "\"%s\" (001's table heads it \"Predicted\"):\n\n", t->names[N_INPUTS]);
    else
        printf("\nPredictions (class 1 when y_hat >= 0.5):\n\n");
    printf("    %4s  %12s  %5s%s\n", "row", "y_hat", "class", labelled ? "  label" : "");
    int shown = m < SHOW_ROWS ? m : SHOW_ROWS;
    for (int r = 0; r < shown; r++) {
        char buf[40];
        printf("    %4d  %12s  %5d", r + 1, hand_fmt(buf, sizeof buf, MAT_AT(yhat, r, 0)),
               MAT_AT(yhat, r, 0) >= 0.5);
        if (labelled)
            printf("  %5s", hand_fmt(buf, sizeof buf, MAT_AT(t->values, r, N_INPUTS)));
        putchar('\n');
    }
    if (m > shown)
        printf("    ... (the first %d of %d rows)\n", shown, m);
    net_free(net);
    return 0;
}

/* ---- 6. Why non-linearity matters (003) -------------------------------------------- */

/* 003's 2-2-1 network:
 *   N1 = f(w1 x1 + w2 x2 + w01),  N2 = f(w3 x1 + w4 x2 + w02),
 *   y_hat = w5 N1 + w6 N2 + wB    with f = tanh, or f(z) = z (linear). */
typedef struct {
    double w1, w2, w01, w3, w4, w02, w5, w6, wB;
} Net221;

static const Net221 N221 = {.w1 = 1.0, .w2 = -2.0, .w01 = 0.5,
                            .w3 = 0.5, .w4 = 1.0, .w02 = -1.0,
                            .w5 = 2.0, .w6 = 3.0, .wB = 0.25};

/* The 2-2-1 network as a library model: W^[1] = [[w1, w3], [w2, w4]]
 * (row i: from x_i; column j: to N_j), b^[1] = [w01, w02],
 * W^[2] = [[w5], [w6]], b^[2] = [wB]. */
static Net *net221_model(const Net221 *n, ActKind hidden, int max_rows)
{
    Net *net = net_new(2, max_rows);
    if (!net || net_add(net, 2, act_of(hidden)) != 0 || net_add(net, 1, act_of(ACT_LINEAR)) != 0) {
        net_free(net);
        return NULL; /* the caller reports it */
    }
    Layer *h = net->layers[0], *out = net->layers[1];
    MAT_AT(h->W, 0, 0) = n->w1; /* x1 -> N1 */
    MAT_AT(h->W, 0, 1) = n->w3; /* x1 -> N2 */
    MAT_AT(h->W, 1, 0) = n->w2; /* x2 -> N1 */
    MAT_AT(h->W, 1, 1) = n->w4; /* x2 -> N2 */
    MAT_AT(h->b, 0, 0) = n->w01;
    MAT_AT(h->b, 0, 1) = n->w02;
    MAT_AT(out->W, 0, 0) = n->w5; /* N1 -> y_hat */
    MAT_AT(out->W, 1, 0) = n->w6; /* N2 -> y_hat */
    MAT_AT(out->b, 0, 0) = n->wB;
    return net;
}

/* The single layer the linear net collapses to, y_hat = x1 A + x2 B + C. */
typedef struct {
    double A, B, C;
} Plane;

/* Substitute N1 and N2 (linear) into y_hat and collect the terms:
 *   y_hat = w5 (w1 x1 + w2 x2 + w01) + w6 (w3 x1 + w4 x2 + w02) + wB
 *         = x1 (w5 w1 + w6 w3) + x2 (w5 w2 + w6 w4) + (w5 w01 + w6 w02 + wB) */
static Plane collapse(const Net221 *n)
{
    Plane p;
    p.A = n->w5 * n->w1 + n->w6 * n->w3;
    p.B = n->w5 * n->w2 + n->w6 * n->w4;
    p.C = n->w5 * n->w01 + n->w6 * n->w02 + n->wB;
    return p;
}

static double plane_at(const Plane *p, double x1, double x2)
{
    return x1 * p->A + x2 * p->B + p->C;
}

/* The grid of FIT_N x FIT_N points FIT_STEP apart, centred on (0, 0). */
static void fill_grid(Mat *G)
{
    for (int r = 0; r < FIT_N; r++)
        for (int c = 0; c < FIT_N; c++) {
            MAT_AT(G, r * FIT_N + c, 0) = (c - FIT_N / 2) * FIT_STEP;
            MAT_AT(G, r * FIT_N + c, 1) = (r - FIT_N / 2) * FIT_STEP;
        }
}

/* The best single linear layer y ~ x1 A + x2 B + C by least squares, over
 * the grid G, and its root mean squared residual. On a grid symmetric
 * about (0, 0), sum x1 = sum x2 = sum x1 x2 = 0 exactly, so the normal
 * equations separate:
 *   A = sum x1 y / sum x1^2,   B = sum x2 y / sum x2^2,   C = sum y / n */
static Plane least_squares(const Mat *G, const Mat *y, double *rms)
{
    int n = G->rows;
    double s11 = 0, s22 = 0, s1y = 0, s2y = 0, sy = 0;
    for (int i = 0; i < n; i++) {
        double x1 = MAT_AT(G, i, 0), x2 = MAT_AT(G, i, 1), yi = MAT_AT(y, i, 0);
        s11 += x1 * x1;
        s22 += x2 * x2;
        s1y += x1 * yi;
        s2y += x2 * yi;
        sy += yi;
    }
    Plane p = {.A = s1y / s11, .B = s2y / s22, .C = sy / n};
    /* rms = sqrt(1/n sum (y - (x1 A + x2 B + C))^2) */
    double ss = 0.0;
    for (int i = 0; i < n; i++) {
        double e = MAT_AT(y, i, 0) - plane_at(&p, MAT_AT(G, i, 0), MAT_AT(G, i, 1));
        ss += e * e;
    }
    *rms = sqrt(ss / n);
    return p;
}

/* x at 9 significant digits, in parentheses when negative: a factor of a
 * product, "2 x (-2)". */
static const char *factor(char *buf, size_t len, double x)
{
    char num[40];
    snprintf(buf, len, x < 0 ? "(%s)" : "%s", hand_fmt(num, sizeof num, x));
    return buf;
}

/* A tiny value as "< 1e-12" (rounding noise, whose digits vary), else at
 * 9 significant digits. */
static const char *small_fmt(char *buf, size_t len, double x)
{
    if (fabs(x) < TINY) {
        snprintf(buf, len, "< %g", TINY);
        return buf;
    }
    return hand_fmt(buf, len, x);
}

static void print_collapse_algebra(const Net221 *n, const Plane *p)
{
    printf("Drop the activation (f(z) = z) and substitute N1 and N2 into y_hat:\n\n"
           "    y_hat = w5 (w1 x1 + w2 x2 + w01) + w6 (w3 x1 + w4 x2 + w02) + wB\n"
           "          = w5 w1 x1 + w5 w2 x2 + w6 w3 x1 + w6 w4 x2 + w5 w01 + w6 w02 + wB\n"
           "          = x1 (w5 w1 + w6 w3) + x2 (w5 w2 + w6 w4) + (w5 w01 + w6 w02 + wB)\n"
           "          = x1 A + x2 B + C\n\n");
    char f[4][40];
    hand_printf("    A = w5 w1 + w6 w3 = %s x %s + %s x %s = %v\n", factor(f[0], 40, n->w5),
                factor(f[1], 40, n->w1), factor(f[2], 40, n->w6), factor(f[3], 40, n->w3), p->A);
    hand_printf("    B = w5 w2 + w6 w4 = %s x %s + %s x %s = %v\n", factor(f[0], 40, n->w5),
                factor(f[1], 40, n->w2), factor(f[2], 40, n->w6), factor(f[3], 40, n->w4), p->B);
    hand_printf("    C = w5 w01 + w6 w02 + wB = %s x %s + %s x %s%+v = %v\n\n",
                factor(f[0], 40, n->w5), factor(f[1], 40, n->w01), factor(f[2], 40, n->w6),
                factor(f[3], 40, n->w02), n->wB, p->C);
    double notes_A = n->w5 * n->w1 + n->w6 * n->w2;
    hand_printf("003 regroups the x1 terms as x1 (w5 w1 + w6 w2), which would be\n"
                "%s x %s + %s x %s = %v instead of %v, and writes the constant as\n"
                "wB + wB w00 instead of w5 w01 + w6 w02 + wB (see Errata).\n\n",
                factor(f[0], 40, n->w5), factor(f[1], 40, n->w1), factor(f[2], 40, n->w6),
                factor(f[3], 40, n->w2), notes_A, p->A);
}

/* Five of the grid's points, through both nets and the single layer. */
static void print_collapse_table(const Mat *G, const Mat *y_lin, const Mat *y_tanh,
                                 const Plane *p)
{
    /* grid row r * FIT_N + c is x1 = (c - 4) / 2, x2 = (r - 4) / 2: (0, 0), (0.5, 0),
     * (0, 0.5), (-0.5, -1.5), (1.5, 1.5) */
    static const int rows[] = {40, 41, 49, 12, 70};
    char b[5][40];
    printf("    %6s %6s  %16s  %16s  %16s\n", "x1", "x2", "two linear layers",
           "x1 A + x2 B + C", "tanh hidden layer");
    for (int k = 0; k < 5; k++) {
        int r = rows[k];
        double x1 = MAT_AT(G, r, 0), x2 = MAT_AT(G, r, 1);
        printf("    %6s %6s  %16s  %16s  %16s\n", hand_fmt(b[0], 40, x1),
               hand_fmt(b[1], 40, x2), hand_fmt(b[2], 40, MAT_AT(y_lin, r, 0)),
               hand_fmt(b[3], 40, plane_at(p, x1, x2)),
               hand_fmt(b[4], 40, MAT_AT(y_tanh, r, 0)));
    }
}

static void plot_collapse(Plotter *plotter, const Net221 *n, const Plane *p,
                          const Plane *fit);

static int lecture_nonlinearity(Plotter *plotter)
{
    hand_section("6. Why non-linearity matters (003)");
    const Net221 *n = &N221;
    printf("003's network has 2 inputs, 2 tanh nodes and a linear output node:\n\n"
           "    N1 = tanh(w1 x1 + w2 x2 + w01)\n"
           "    N2 = tanh(w3 x1 + w4 x2 + w02)\n"
           "    y_hat = w5 N1 + w6 N2 + wB\n\n");
    hand_printf("with our hand-set weights w1 = %v, w2 = %v, w01 = %v, w3 = %v, w4 = %v,\n"
                "w02 = %v, w5 = %v, w6 = %v, wB = %v. In the matrix form of section 5:\n"
                "W^[1] = [[w1, w3], [w2, w4]] (row i from x_i, column j to N_j),\n"
                "b^[1] = [w01, w02], W^[2] = [[w5], [w6]], b^[2] = [wB].\n\n",
                n->w1, n->w2, n->w01, n->w3, n->w4, n->w02, n->w5, n->w6, n->wB);
    Plane p = collapse(n);
    print_collapse_algebra(n, &p);

    Mat *G = mat_new(FIT_N * FIT_N, 2);
    Net *lin = net221_model(n, ACT_LINEAR, FIT_N * FIT_N);
    Net *tnh = net221_model(n, ACT_TANH, FIT_N * FIT_N);
    Mat *y_lin = mat_new(FIT_N * FIT_N, 1), *y_tanh = mat_new(FIT_N * FIT_N, 1);
    int rc = 1;
    if (!G || !lin || !tnh || !y_lin || !y_tanh) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    fill_grid(G);
    mat_copy(y_lin, net_forward(lin, G));
    mat_copy(y_tanh, net_forward(tnh, G));
    double worst = 0.0;
    for (int i = 0; i < G->rows; i++)
        worst = fmax(worst, fabs(MAT_AT(y_lin, i, 0) -
                                 plane_at(&p, MAT_AT(G, i, 0), MAT_AT(G, i, 1))));
    hand_printf("The %d x %d grid of points %v apart on [-%v, %v]^2 goes through the\n"
                "two-layer net (the library's forward pass, once with a linear hidden layer,\n"
                "once with tanh) and through the single layer x1 A + x2 B + C. Five of them:\n\n", FIT_N, FIT_N, FIT_STEP,
                FIT_STEP * (FIT_N / 2), FIT_STEP * (FIT_N / 2));
    print_collapse_table(G, y_lin, y_tanh, &p);
    char buf[40];
    printf("\nLargest |two linear layers - single layer| over all %d points: %s.\n"
           "Two linear layers ARE one linear layer; stacking more adds nothing.\n\n",
           G->rows, small_fmt(buf, sizeof buf, worst));

    printf("The best single linear layer for each net, by least squares over the grid,\n"
           "and the root mean square (rms) of what it leaves over:\n\n");
    double rms_lin, rms_tanh;
    Plane fit_lin = least_squares(G, y_lin, &rms_lin);
    Plane fit_tanh = least_squares(G, y_tanh, &rms_tanh);
    char r[2][40];
    hand_printf("    linear net: A = %v, B = %v, C = %v, rms %s\n", fit_lin.A,
                fit_lin.B, fit_lin.C, small_fmt(r[0], 40, rms_lin));
    hand_printf("    tanh net:   A = %v, B = %v, C = %v, rms %s\n\n", fit_tanh.A,
                fit_tanh.B, fit_tanh.C, small_fmt(r[1], 40, rms_tanh));
    printf("For the linear net the fit finds the A, B, C above and fits exactly. For the\n"
           "tanh net even the best plane is off by %s (root mean square): its\n"
           "outputs are ones no single linear layer can give. The non-linearity is\n"
           "what lets layers build curves out of lines (section 1).\n", r[1]);
    plot_collapse(plotter, n, &p, &fit_tanh);
    rc = 0;
done:
    mat_free(G);
    mat_free(y_lin);
    mat_free(y_tanh);
    net_free(lin);
    net_free(tnh);
    return rc;
}

/* ---- plots ------------------------------------------------------------------------- */

/* The line w1 x1 + w2 x2 + b = 0 across the box (w2 != 0 for ours). */
static void plot_perceptron_line(Plot *pl, const Perceptron *p, const char *legend,
                                 const char *style)
{
    double x[2] = {-BOX, BOX}, y[2];
    for (int k = 0; k < 2; k++)
        y[k] = -(p->w1 * x[k] + p->b) / p->w2; /* x2 = -(w1 x1 + b) / w2 */
    plot_series(pl, legend, style, x, y, 2);
}

static void plot_two_perceptrons(Plotter *plotter, const Mat *X, const Mat *y)
{
    double *z = malloc((size_t)HEAT_N * HEAT_N * sizeof *z);
    double *px = malloc(2 * (size_t)X->rows * sizeof *px);
    if (!z || !px) {
        free(z);
        free(px);
        return;
    }
    for (int i = 0; i < HEAT_N; i++)
        for (int j = 0; j < HEAT_N; j++)
            z[i * HEAT_N + j] = combined(-BOX + j * 2 * BOX / (HEAT_N - 1),
                                         -BOX + i * 2 * BOX / (HEAT_N - 1));
    char settings[200];
    snprintf(settings, sizeof settings,
             "set xrange [%g:%g]\nset yrange [%g:%g]\nset cbrange [0:1]\n"
             "set key below maxrows 3\nset size ratio -1", -BOX, BOX, -BOX, BOX);
    Plot *pl = plot_begin(plotter, "two_perceptrons", &(PlotSpec){
        .title = "Two perceptrons combined by a third neuron: o = sigma(10 p1 + 5 p2 - 10)",
        .xlabel = "x1", .ylabel = "x2", .settings = settings,
        .cblabel = "network output o", .width = 900, .height = 900});
    plot_heatmap(pl, &(PlotGrid){-BOX, BOX, -BOX, BOX, HEAT_N, HEAT_N, z});
    static const double half[] = {0.5};
    plot_contour(pl, &(PlotGrid){-BOX, BOX, -BOX, BOX, HEAT_N, HEAT_N, z}, half, 1,
                 "MLP boundary o = 0.5");
    plot_perceptron_line(pl, &P1, "perceptron 1: 1.5 x1 + x2 - 1 = 0",
                         "lines lw 2 dt 2 lc rgb '#1b7837'");
    plot_perceptron_line(pl, &P2, "perceptron 2: -x1 + 2 x2 + 2 = 0",
                         "lines lw 2 dt 4 lc rgb '#762a83'");
    for (int cls = 1; cls >= 0; cls--) {
        int n = 0;
        double *py = px + X->rows;
        for (int i = 0; i < X->rows; i++)
            if (MAT_AT(y, i, 0) == cls) {
                px[n] = MAT_AT(X, i, 0);
                py[n++] = MAT_AT(X, i, 1);
            }
        plot_series(pl, cls ? "class 1 (inside the wedge)" : "class 0",
                    cls ? "points pt 7 ps 1.3 lc rgb '#7f0000'"
                        : "points pt 5 ps 1.1 lc rgb '#08306b'", px, py, n);
    }
    plot_end(pl);
    free(z);
    free(px);
}

/* Along the line x2 = x1 / 2 - 0.5 through the input plane, x1 in [-2, 2]
 * (inside the grid the least squares fit was made on). */
static double along(double x1)
{
    return 0.5 * x1 - 0.5;
}

static void plot_collapse(Plotter *plotter, const Net221 *n, const Plane *p,
                          const Plane *fit)
{
    double x[CURVE_N], y_lin[CURVE_N], y_one[CURVE_N], y_tanh[CURVE_N], y_fit[CURVE_N];
    for (int k = 0; k < CURVE_N; k++) {
        double x1 = -2.0 + 4.0 * k / (CURVE_N - 1), x2 = along(x1);
        x[k] = x1;
        /* N_j = f(w x + b), y_hat = w5 N1 + w6 N2 + wB, with f(z) = z and f = tanh */
        double z1 = n->w1 * x1 + n->w2 * x2 + n->w01, z2 = n->w3 * x1 + n->w4 * x2 + n->w02;
        y_lin[k] = n->w5 * z1 + n->w6 * z2 + n->wB;
        y_tanh[k] = n->w5 * tanh(z1) + n->w6 * tanh(z2) + n->wB;
        y_one[k] = plane_at(p, x1, x2);
        y_fit[k] = plane_at(fit, x1, x2);
    }
    Plot *pl = plot_begin(plotter, "linear_collapse", &(PlotSpec){
        .title = "Linear layers collapse to one; a tanh layer does not (along x2 = x1/2 - 1/2)",
        .xlabel = "x1 (with x2 = x1/2 - 1/2)", .ylabel = "network output y_hat",
        .settings = "set key top left", .width = 1000});
    plot_series(pl, "x1 A + x2 B + C (one linear layer)", "lines lw 6 lc rgb '#9ecae1'", x,
                y_one, CURVE_N);
    plot_series(pl, "two linear layers (003's net without tanh)",
                "lines lw 2 lc rgb '#08519c'", x, y_lin, CURVE_N);
    plot_series(pl, "tanh hidden layer (003's net)", "lines lw 3 lc rgb '#c0392b'", x, y_tanh,
                CURVE_N);
    plot_series(pl, "best linear layer for the tanh net (least squares)",
                "lines lw 2 dt 2 lc rgb '#e08214'", x, y_fit, CURVE_N);
    plot_end(pl);
}

/* ---- loading ----------------------------------------------------------------------- */

/* The rows to forward: 4 input columns, or 4 and a 0/1 label. Returns 0,
 * or 1 after printing an error. */
static int load_rows(DataTable *t, Mat **X, const char *path)
{
    char err[DATA_ERR_LEN];
    if (data_load_csv(t, path, err, sizeof err) != 0) {
        fprintf(stderr, "error: %s\n", err);
        if (path[0] != '/')
            fprintf(stderr, "hint: run from the annlab folder, or give a path with --data\n");
        return 1;
    }
    if (t->cols != N_INPUTS && t->cols != N_INPUTS + 1) {
        fprintf(stderr, "error: %s: expected 4 input columns (and an optional label), "
                        "found %d columns\n", path, t->cols);
        return 1;
    }
    for (int r = 0; t->cols > N_INPUTS && r < t->values->rows; r++) {
        double label = MAT_AT(t->values, r, N_INPUTS);
        if (label != 0.0 && label != 1.0) {
            /* +2: the header is line 1 */
            fprintf(stderr, "error: %s:%d: the label \"%s\" is %g; expected 0 or 1\n", path,
                    r + 2, t->names[N_INPUTS], label);
            return 1;
        }
    }
    *X = data_select(t, (int[]){0, 1, 2, 3}, N_INPUTS);
    if (!*X) {
        fprintf(stderr, "error: out of memory\n");
        return 1;
    }
    return 0;
}

/* ---- the lecture ------------------------------------------------------------------------ */

static const char CARD[] =
    "Chapter 03 - The MLP forward pass (lecture notes 001, 000, 003, 004)\n"
    "Two perceptrons combined into a network; the notation w^k_ij, b^k_j, O_kj;\n"
    "counting trainable parameters (4-3-2-1: 26; Keras' model.summary()); forward\n"
    "propagation node by node and as one matrix product for the whole batch; why\n"
    "linear layers collapse to one, and why a tanh layer does not.";

int main(int argc, char **argv)
{
    const char *data_path = DEFAULT_DATA;
    CliFlag flags[] = {
        {"data", CLI_STRING, &data_path, "FILE",
         "CSV of rows to forward: 4 inputs (cgpa, i1, i2, i3), optionally a 0/1 label"},
    };
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED,
                    .flags = flags, .n_flags = 1};
    CliOptions opt;
    int rc = cli_parse(&opt, &spec, argc, argv);
    if (rc != CLI_RUN)
        return rc == CLI_EXIT_OK ? 0 : 2;

    DataTable table = {0};
    Mat *X = NULL;
    Mat *wedge_X = mat_new(WEDGE_POINTS, 2), *wedge_y = mat_new(WEDGE_POINTS, 1);
    Plotter plotter;
    Rng rng;
    rng_seed(&rng, opt.seed);
    rc = 1;
    if (load_rows(&table, &X, data_path) != 0)
        goto done;
    if (!wedge_X || !wedge_y) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    if (plot_open(&plotter, opt.plots, opt.out, CHAPTER) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        goto done;
    }
    make_wedge(wedge_X, wedge_y, &rng);

    printf("%s\n", CARD);
    printf("(seed %" PRIu64 ")\n", opt.seed);
    lecture_two_perceptrons(&plotter, wedge_X, wedge_y);
    if (lecture_notation() != 0 || lecture_keras() != 0)
        goto done;
    lecture_one_sample(&table);
    if (lecture_batch(&table, X) != 0 || lecture_nonlinearity(&plotter) != 0)
        goto done;
    rc = 0;
    if (plot_close(&plotter) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        rc = 1;
    }
done:
    mat_free(X);
    mat_free(wedge_X);
    mat_free(wedge_y);
    data_table_free(&table);
    return rc;
}
