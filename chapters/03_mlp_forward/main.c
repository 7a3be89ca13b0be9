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
 *                                            4 input columns, then a 0/1 label
 *
 * Plots
 *   two_perceptrons.png  the output of sigma(10 p1 + 5 p2 + b) over the plane
 *                        (heat map), the two perceptrons' lines, the curved
 *                        boundary o = 0.5, and the data points
 *   linear_collapse.png  along a line through the input plane: the two-layer
 *                        linear net and the single layer x1 A + x2 B + C lie on
 *                        one line; the tanh net bends away from its best line
 */
#include <math.h>
#include <stdio.h>

#include "act.h"
#include "chapter.h"
#include "check.h"
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
#define GRID (FIT_N * FIT_N)
#define CURVE_N 81         /* points along the line of the collapse plot */
#define TINY 1e-12         /* differences below this are rounding only */
#define MAX_LAYERS 3       /* the deepest network of the chapter */

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

/* The models section 1 compares. */
typedef enum { ONLY_P1, ONLY_P2, UNWEIGHTED, MLP, N_MODELS } Model;

/* Each model's probability of class 1 at (x1, x2):
 *   p1 = sigma(z1),  p2 = sigma(z2),  sigma(p1 + p2),  o = sigma(10 p1 + 5 p2 - 10) */
static void model_outputs(double x1, double x2, double out[N_MODELS])
{
    double p1 = act_sigmoid(perceptron_z(&P1, x1, x2));
    double p2 = act_sigmoid(perceptron_z(&P2, x1, x2));
    out[ONLY_P1] = p1;
    out[ONLY_P2] = p2;
    out[UNWEIGHTED] = act_sigmoid(p1 + p2); /* the notes' first try: 0.7 + 0.8 */
    out[MLP] = act_sigmoid(V1 * p1 + V2 * p2 + B_OUT);
}

/* The MLP's output o at x, for the heat map. */
static double mlp_field(const double x[2], void *ctx)
{
    (void)ctx;
    double out[N_MODELS];
    model_outputs(x[0], x[1], out);
    return out[MLP];
}

/* Distance from (x1, x2) to the line w1 x1 + w2 x2 + b = 0: |z| / sqrt(w1^2 + w2^2). */
static double line_distance(const Perceptron *p, double x1, double x2)
{
    return fabs(perceptron_z(p, x1, x2)) / sqrt(p->w1 * p->w1 + p->w2 * p->w2);
}

/* How the models do on the wedge. */
typedef struct {
    int ones;             /* points of class 1 */
    int right[N_MODELS];  /* points each model puts in their class (output >= 0.5: class 1) */
    int missed;           /* points the MLP gets wrong ... */
    double farthest;      /* ... and the farthest any lies from the nearer line */
} Scores;

static Scores score_models(const Mat *X, const Mat *y)
{
    Scores s = {0};
    for (int i = 0; i < X->rows; i++) {
        double x1 = MAT_AT(X, i, 0), x2 = MAT_AT(X, i, 1), out[N_MODELS];
        int cls = MAT_AT(y, i, 0) == 1.0;
        model_outputs(x1, x2, out);
        s.ones += cls;
        for (int k = 0; k < N_MODELS; k++)
            s.right[k] += (out[k] >= 0.5) == cls;
        if ((out[MLP] >= 0.5) != cls) {
            s.missed++;
            s.farthest = fmax(s.farthest, fmin(line_distance(&P1, x1, x2),
                                               line_distance(&P2, x1, x2)));
        }
    }
    return s;
}

static void plot_two_perceptrons(Plotter *plotter, const Mat *X, const Mat *y)
{
    const ChapterBox box = {-BOX, BOX, -BOX, BOX};
    char settings[300];
    Plot *pl = plot_begin(plotter, "two_perceptrons", &(PlotSpec){
        .title = "Two perceptrons combined by a third neuron: o = sigma(10 p1 + 5 p2 - 10)",
        .xlabel = "x1", .ylabel = "x2", .cblabel = "network output o", .width = 900,
        .height = 900, .settings = chapter_box_settings(settings, sizeof settings, &box,
            "set cbrange [0:1]\nset key below maxrows 3\nset size ratio -1\n")});
    static const double half[] = {0.5};
    chapter_plot_regions(pl, &(ChapterRegions){.f = mlp_field, .box = box, .n = HEAT_N,
                                               .levels = half, .n_levels = 1,
                                               .legend = "MLP boundary o = 0.5"});
    chapter_plot_line(pl, "perceptron 1: 1.5 x1 + x2 - 1 = 0", "lines lw 2 dt 2 lc rgb '#1b7837'",
                      &box, P1.w1, P1.w2, P1.b);
    chapter_plot_line(pl, "perceptron 2: -x1 + 2 x2 + 2 = 0", "lines lw 2 dt 4 lc rgb '#762a83'",
                      &box, P2.w1, P2.w2, P2.b);
    chapter_plot_classes(pl, X, y, "class 1 (inside the wedge)", "class 0");
    plot_end(pl);
}

static void lecture_two_perceptrons(Plotter *plotter, const Mat *X, const Mat *y)
{
    hand_section("1. Combining two perceptrons (001)");
    printf("One perceptron draws one straight line. In 001's picture two perceptrons\n"
           "look at the same student: one says \"placed\" with probability 0.7, the\n"
           "other with 0.8. Add the two and squash the sum with the sigmoid, so that\n"
           "it is a probability again (\"smoothing\"):\n\n");
    double p1 = 0.7, p2 = 0.8, s = p1 + p2, o_sum = act_sigmoid(s);
    hand_printf("    %v + %v = %v    sigma(%v) = 1 / (1 + e^-%v) = %v  (notes: 0.82)\n\n",
                p1, p2, s, s, s, o_sum);
    printf("Give each perceptron a weight (\"weightage of perceptron 1 is more\") and\n"
           "add a bias b, and the sum is one more neuron:\n\n");
    double z_notes = p1 * V1 + p2 * V2, z = z_notes + B_OUT, o = act_sigmoid(z);
    hand_printf("    z = %v x %v + %v x %v + b = %v + b\n\n", p1, V1, p2, V2, z_notes);
    printf("Its inputs are the perceptrons' outputs: a hidden layer of two nodes and an\n"
           "output node, a multi-layer perceptron (MLP). Our hand-set example:\n\n");
    hand_printf("    perceptron 1:  p1 = sigma(%v x1%+v x2%+v)\n", P1.w1, P1.w2, P1.b);
    hand_printf("    perceptron 2:  p2 = sigma(%v x1%+v x2%+v)\n", P2.w1, P2.w2, P2.b);
    hand_printf("    output:        o  = sigma(%v p1%+v p2%+v)   (the notes leave b open)\n\n",
                V1, V2, B_OUT);
    hand_printf("For the notes' student (p1 = %v, p2 = %v): z = %v x %v + %v x %v%+v = %v,\n"
                "o = sigma(%v) = %v, so class 1.\n\n", p1, p2, p1, V1, p2, V2, B_OUT, z, z, o);

    int m = X->rows;
    Scores sc = score_models(X, y);
    hand_printf("The data: %d points drawn uniformly from [-%v, %v]^2 (--seed changes them).\n"
                "Class 1 (%d points) is the wedge where both perceptrons' sums are positive,\n"
                "z1 = %v x1%+v x2%+v > 0 and z2 = %v x1%+v x2%+v > 0; class 0 (%d points)\n"
                "is the rest. No single straight line separates a wedge from the rest of\n"
                "the plane. Points classified right (output >= 0.5 is class 1):\n\n",
                m, BOX, BOX, sc.ones, P1.w1, P1.w2, P1.b, P2.w1, P2.w2, P2.b, m - sc.ones);
    static const char *names[N_MODELS] = {
        "perceptron 1 alone, p1", "perceptron 2 alone, p2",
        "sigma(p1 + p2): no weights, no bias", "sigma(10 p1 + 5 p2 - 10): the MLP"};
    for (int k = 0; k < N_MODELS; k++)
        hand_printf("    %-38s %3d of %d\n", names[k], sc.right[k], m);
    printf("\nsigma(p1 + p2) is above 0.5 everywhere (p1 + p2 > 0), so on its own the\n"
           "sum only smooths: it calls every point class 1. The weights and the negative\n"
           "bias make the output neuron an AND of the two perceptrons, with a curved\n"
           "corner: the boundary o = 0.5 is where 10 p1 + 5 p2 = 10, p1 = 1 - p2 / 2.\n");
    if (sc.missed == 0)
        printf("The MLP puts every point in its class.\n");
    else
        hand_printf("The %d points the MLP misses lie within %v of a line (the plane is %v\n"
                    "wide): there the perceptrons' outputs are not yet 0 or 1, and the MLP's\n"
                    "smooth boundary departs from the wedge's sharp edges.\n",
                    sc.missed, sc.farthest, 2 * BOX);
    plot_two_perceptrons(plotter, X, y);
}

/* ---- 2. Notation and 3. Keras: trainable parameters (001, 000) ------------------ */

/* A network of sigmoid dense layers with the given sizes (inputs first),
 * for batches of up to max_rows; NULL after printing an error. */
static Net *sigmoid_net(const int *sizes, int n_sizes, int max_rows)
{
    Net *net = net_new(sizes[0], max_rows);
    for (int k = 1; net && k < n_sizes; k++)
        if (net_add(net, sizes[k], act_of(ACT_SIGMOID)) != 0) {
            net_free(net);
            net = NULL;
        }
    if (!net)
        chapter_error("out of memory");
    return net;
}

/* "layer k: n_in x n_out + n_out = P" for each layer, then the sum as
 * "name = P1 + P2 + ... = N" (P from layer_param_count, N from
 * net_param_count). */
static void print_param_count(const Net *net, const char *total_name)
{
    CHECK(net->n_layers >= 1 && net->n_layers <= MAX_LAYERS, "%d layers", net->n_layers);
    int count[MAX_LAYERS];
    for (int k = 0; k < net->n_layers; k++) {
        const Layer *d = net->layers[k];
        count[k] = layer_param_count(d); /* n_in x n_out + n_out */
        hand_printf("    layer %d: %d x %d + %d = %d\n", k + 1, d->n_in, d->n_out, d->n_out,
                    count[k]);
    }
    hand_printf("    %s = %d", total_name, count[0]);
    for (int k = 1; k < net->n_layers; k++)
        hand_printf(" + %d", count[k]);
    hand_printf(" = %d\n", net_param_count(net));
}

static void lecture_notation(const Net *net)
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
    print_param_count(net, "Trainable parameters");
    printf("\nKeras counts them the same way (model.summary(), one Dense layer a line):\n\n");
    net_summary(net, stdout);
}

/* 000's two models (layer sizes, inputs first) and what the notes say of each. */
static const struct {
    int sizes[4], n_sizes;
    const char *notes;
} KERAS_MODELS[] = {
    {{11, 11, 1}, 3, "the notes: 132 + 12 = 144 (right)"},
    {{11, 11, 11, 1}, 4, "the notes write 132 + 12 = 144 here too: they left out the hidden\n"
                         "    layer's 11 x 11 + 11 = 132 (see Errata)"},
};

static int lecture_keras(void)
{
    hand_section("3. Keras: Sequential and Dense, parameter counting (000)");
    printf("000 builds two models for 11 input features. Dense(n) is a layer of n\n"
           "nodes, each connected to every node of the layer before; input_dim=11\n"
           "declares the 11 inputs (layer 0, which has no parameters). So the first\n"
           "Dense, commented \"#input layer\" in the notes, is the first layer that\n"
           "computes (see Errata). 004: a weight matrix's first dimension is the\n"
           "number of inputs, its second the number of nodes (w_34: 3 inputs, 4 nodes).\n");
    for (int k = 0; k < 2; k++) {
        const int *sizes = KERAS_MODELS[k].sizes, n_sizes = KERAS_MODELS[k].n_sizes;
        printf("\nmodel = Sequential()\n");
        for (int l = 1; l < n_sizes; l++) {
            printf("model.add(Dense(%d, activation=\"sigmoid\"", sizes[l]);
            if (l == 1)
                printf(", input_dim=%d", sizes[0]);
            printf("))%s\n", l > 1 && l < n_sizes - 1 ? "   # the hidden layer" : "");
        }
        putchar('\n');
        Net *net = sigmoid_net(sizes, n_sizes, 1);
        if (!net)
            return CHAPTER_ERROR;
        net_summary(net, stdout);
        print_param_count(net, "Total params");
        printf("    %s\n", KERAS_MODELS[k].notes);
        net_free(net);
    }
    return CHAPTER_OK;
}

/* ---- 4. Forward propagation, one sample (001, 004) ------------------------------ */

/* The hand-set weights of the 4-3-2-1 network (the notes give none):
 * W^[k] is (n_in x n_out), row-major, row i holding w^k_i1, w^k_i2, ...
 * Small and short, so the first node can be redone by hand; chosen so that
 * the network predicts the notes' "Predicted" column (1, then 0). */
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
#define MAX_NODES 4 /* the widest layer, the inputs included */

/* The hand-set network as a library model, for batches of up to m rows;
 * NULL after printing an error. */
static Net *hand_net(int m)
{
    static const int sizes[N_LAYERS + 1] = {N_INPUTS, 3, 2, 1};
    static const double *const W[N_LAYERS] = {W1, W2, W3}, *const b[N_LAYERS] = {B1, B2, B3};
    Net *net = sigmoid_net(sizes, N_LAYERS + 1, m);
    for (int k = 0; net && k < N_LAYERS; k++) {
        mat_copy(net->layers[k]->W, &(Mat){sizes[k], sizes[k + 1], (double *)W[k]});
        mat_copy(net->layers[k]->b, &(Mat){1, sizes[k + 1], (double *)b[k]});
    }
    return net;
}

/* The whole network for one sample x, node by node: o[k][j] = O_k(j+1)
 * (o[0] = x) and z[k][j] its sum z^k_(j+1). For layer k and node j,
 * with w^k_ij = W^[k][i][j]:
 *   z^k_j = O_(k-1)1 w^k_1j + ... + O_(k-1)n w^k_nj + b^k_j,   O_kj = sigma(z^k_j) */
static void forward_one(const Net *net, const double *x, double o[N_LAYERS + 1][MAX_NODES],
                        double z[N_LAYERS + 1][MAX_NODES])
{
    for (int i = 0; i < N_INPUTS; i++)
        o[0][i] = x[i];
    for (int k = 1; k <= N_LAYERS; k++) {
        const Layer *L = net->layers[k - 1];
        for (int j = 0; j < L->n_out; j++) {
            double z_j = 0.0;
            for (int i = 0; i < L->n_in; i++)
                z_j += o[k - 1][i] * MAT_AT(L->W, i, j);
            z_j += MAT_AT(L->b, 0, j);
            z[k][j] = z_j;
            o[k][j] = act_sigmoid(z_j);
        }
    }
}

/* Node j of layer k, printed as the notes write it: the symbols, then the
 * numbers, then the sigmoid. */
static void print_node(const Layer *L, int k, int j, const double *o_prev, double z, double o)
{
    hand_printf("    z^%d_%d = ", k, j + 1);
    for (int i = 0; i < L->n_in; i++) {
        hand_printf("%sw^%d_%d%d ", i ? " + " : "", k, i + 1, j + 1);
        if (k == 1)
            hand_printf("x%d", i + 1); /* the inputs */
        else
            hand_printf("O_%d%d", k - 1, i + 1);
    }
    hand_printf(" + b^%d_%d\n          = ", k, j + 1);
    for (int i = 0; i < L->n_in; i++)
        hand_printf(i ? "%+v x %v" : "%v x %v", MAT_AT(L->W, i, j), o_prev[i]);
    hand_printf("%+v = %v\n", MAT_AT(L->b, 0, j), z);
    hand_printf("    O_%d%d  = sigma(%v) = 1 / (1 + e^-(%v)) = %v\n", k, j + 1, z, z, o);
}

/* own: the path of the student's --data file, or NULL for the notes' table. */
static void lecture_one_sample(const Net *net, const DataXY *d, const char *own)
{
    hand_section("4. Forward propagation, one sample (001, 004)");
    printf("How does the network predict? Forward propagation (004: \"forward feed\"):\n"
           "each node multiplies its inputs by its weights, adds them and its bias,\n"
           "and passes the sum z through the activation, here the sigmoid; the outputs\n"
           "of one layer are the inputs of the next. The notes give no weights, so we\n"
           "set them by hand (W^[k] is n_in x n_out: row i holds w^k_i1, w^k_i2, ...):\n\n");
    for (int k = 1; k <= N_LAYERS; k++) {
        char name[16];
        snprintf(name, sizeof name, "W^[%d]", k);
        hand_print_mat(name, net->layers[k - 1]->W);
        snprintf(name, sizeof name, "b^[%d]", k);
        hand_print_mat(name, net->layers[k - 1]->b);
    }
    const double *x = &MAT_AT(d->X, 0, 0);
    char *const *names = d->table.names;
    const int *col = d->features;
    if (own)
        hand_printf("\nThe first row of %s: x = (%v, %v, %v, %v) (%s, %s, %s, %s).\n", own,
                    x[0], x[1], x[2], x[3], names[col[0]], names[col[1]], names[col[2]],
                    names[col[3]]);
    else
        hand_printf("\nThe first row of the data: x = (%v, %v, %v, %v) (%s, %s, %s, %s).\n",
                    x[0], x[1], x[2], x[3], names[col[0]], names[col[1]], names[col[2]],
                    names[col[3]]);
    double o[N_LAYERS + 1][MAX_NODES], z[N_LAYERS + 1][MAX_NODES];
    forward_one(net, x, o, z);
    for (int k = 1; k <= N_LAYERS; k++) {
        printf("\nLayer %d:\n", k);
        for (int j = 0; j < net->layers[k - 1]->n_out; j++)
            print_node(net->layers[k - 1], k, j, o[k - 1], z[k][j], o[k][j]);
    }
    hand_printf("\ny_hat = O_31 = %v\n", o[N_LAYERS][0]);
}

/* ---- 5. The whole batch as one matrix product (001) ------------------------------ */

/* Print at most SHOW_ROWS rows of A. */
static void print_rows(const char *name, const Mat *A)
{
    const Mat top = mat_cview_rows(A, 0, A->rows < SHOW_ROWS ? A->rows : SHOW_ROWS);
    hand_print_mat(name, &top);
    if (A->rows > SHOW_ROWS)
        printf("    ... (the first %d of %d rows)\n", SHOW_ROWS, A->rows);
}

/* own: as for lecture_one_sample. */
static void lecture_batch(Net *net, const DataXY *d, const char *own)
{
    hand_section("5. The whole batch as one matrix product (001)");
    const Mat *X = d->X;
    int m = X->rows;
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
        const Layer *L = net->layers[k - 1];
        Mat Z = mat_cview_rows(L->Z, 0, m), A = net_activation(net, k);
        char name[16];
        hand_printf("\nZ^[%d] = A^[%d] W^[%d] + b^[%d]:  (%d x %d)(%d x %d) + (1 x %d) -> "
                    "(%d x %d)\n", k, k - 1, k, k, m, L->n_in, L->n_in, L->n_out, L->n_out, m,
                    L->n_out);
        snprintf(name, sizeof name, "Z^[%d]", k);
        print_rows(name, &Z);
        hand_printf("A^[%d] = sigma(Z^[%d]), element by element:\n", k, k);
        snprintf(name, sizeof name, "A^[%d]", k);
        print_rows(name, &A);
    }

    /* 001's column form of layer 1 for the first row x:
     *   z = (W^[1])^T x + b^[1],   (3 x 4)(4 x 1) + (3 x 1) */
    const Layer *L1 = net->layers[0];
    double z_data[MAX_NODES];
    Mat z = {L1->n_out, 1, z_data};
    mat_matmul_tn(&z, L1->W, &(Mat){N_INPUTS, 1, X->data}); /* row 0 of X as a column */
    for (int j = 0; j < L1->n_out; j++)
        MAT_AT(&z, j, 0) += MAT_AT(L1->b, 0, j);
    printf("\n001 writes layer 1 with x as a column: (W^[1])^T x + b^[1], (3 x 4)(4 x 1)\n"
           "+ (3 x 1). For the first row that is the column\n");
    hand_print_mat("(W^[1])^T x + b^[1]", &z);
    printf("the first row of Z^[1] stood up: (x^T W)^T = W^T x. With samples as rows,\n"
           "the batch needs no transposes: A^[0] W^[1] stacks the rows x^T W^[1].\n");
    printf("\nRow 1 of each A^[k] holds section 4's O_kj, bit for bit: the same sums.\n");

    if (own)
        printf("\nPredictions (class 1 when y_hat >= 0.5), against the label column \"%s\"\n"
               "of %s (the weights were set by hand for the notes' rows, not\n"
               "for yours: expect some rows on the wrong side):\n\n",
               d->table.names[d->target], own);
    else
        printf("\nPredictions (class 1 when y_hat >= 0.5), against the data's label column\n"
               "\"%s\" (001's table heads it \"Predicted\"):\n\n", d->table.names[d->target]);
    hand_printf("    %4s  %12s  %5s  %5s\n", "row", "y_hat", "class", "label");
    for (int r = 0; r < m && r < SHOW_ROWS; r++)
        hand_printf("    %4d  %12v  %5d  %5v\n", r + 1, MAT_AT(yhat, r, 0),
                    MAT_AT(yhat, r, 0) >= 0.5, MAT_AT(d->y, r, 0));
    if (m > SHOW_ROWS)
        printf("    ... (the first %d of %d rows)\n", SHOW_ROWS, m);
}

/* ---- 6. Why non-linearity matters (003) -------------------------------------------- */

/* 003's 2-2-1 network's weights. */
typedef struct {
    double w1, w2, w01, w3, w4, w02, w5, w6, wB;
} Net221;

static const Net221 N221 = {.w1 = 1.0, .w2 = -2.0, .w01 = 0.5,
                            .w3 = 0.5, .w4 = 1.0, .w02 = -1.0,
                            .w5 = 2.0, .w6 = 3.0, .wB = 0.25};

/* The network at (x1, x2) with the hidden activation f (tanh, or linear:
 * f(z) = z):
 *   N1 = f(w1 x1 + w2 x2 + w01),  N2 = f(w3 x1 + w4 x2 + w02),
 *   y_hat = w5 N1 + w6 N2 + wB */
static double net221(const Net221 *n, ActKind f, double x1, double x2)
{
    const Act act = act_of(f);
    double N1 = act_value(&act, n->w1 * x1 + n->w2 * x2 + n->w01);
    double N2 = act_value(&act, n->w3 * x1 + n->w4 * x2 + n->w02);
    return n->w5 * N1 + n->w6 * N2 + n->wB;
}

/* A single linear layer, y_hat = x1 A + x2 B + C. */
typedef struct {
    double A, B, C;
} Plane;

static double plane_at(const Plane *p, double x1, double x2)
{
    return x1 * p->A + x2 * p->B + p->C;
}

/* Substitute N1 and N2 (linear) into y_hat and collect the terms:
 *   y_hat = w5 (w1 x1 + w2 x2 + w01) + w6 (w3 x1 + w4 x2 + w02) + wB
 *         = x1 (w5 w1 + w6 w3) + x2 (w5 w2 + w6 w4) + (w5 w01 + w6 w02 + wB) */
static Plane collapse(const Net221 *n)
{
    return (Plane){.A = n->w5 * n->w1 + n->w6 * n->w3,
                   .B = n->w5 * n->w2 + n->w6 * n->w4,
                   .C = n->w5 * n->w01 + n->w6 * n->w02 + n->wB};
}

/* The best single linear layer y ~ x1 A + x2 B + C by least squares over
 * n points, and its root mean squared residual. On a grid symmetric about
 * (0, 0), sum x1 = sum x2 = sum x1 x2 = 0 exactly, so the normal
 * equations separate:
 *   A = sum x1 y / sum x1^2,   B = sum x2 y / sum x2^2,   C = sum y / n */
static Plane least_squares(const double *x1, const double *x2, const double *y, int n,
                           double *rms)
{
    double s11 = 0, s22 = 0, s1y = 0, s2y = 0, sy = 0;
    for (int i = 0; i < n; i++) {
        s11 += x1[i] * x1[i];
        s22 += x2[i] * x2[i];
        s1y += x1[i] * y[i];
        s2y += x2[i] * y[i];
        sy += y[i];
    }
    Plane p = {.A = s1y / s11, .B = s2y / s22, .C = sy / n};
    /* rms = sqrt(1/n sum (y - (x1 A + x2 B + C))^2) */
    double ss = 0.0;
    for (int i = 0; i < n; i++) {
        double e = y[i] - plane_at(&p, x1[i], x2[i]);
        ss += e * e;
    }
    *rms = sqrt(ss / n);
    return p;
}

/* Print text, then "a x b + c x d" with a negative factor in parentheses:
 * "2 x (-2) + 3 x 1". */
static void print_two_products(const char *text, double a, double b, double c, double d)
{
    const double f[4] = {a, b, c, d};
    static const char *const op[4] = {"", " x ", " + ", " x "};
    printf("%s", text);
    for (int k = 0; k < 4; k++)
        hand_printf(f[k] < 0 ? "%s(%v)" : "%s%v", op[k], f[k]);
}

static void print_collapse_algebra(const Net221 *n, const Plane *p)
{
    printf("Drop the activation (f(z) = z) and substitute N1 and N2 into y_hat:\n\n"
           "    y_hat = w5 (w1 x1 + w2 x2 + w01) + w6 (w3 x1 + w4 x2 + w02) + wB\n"
           "          = w5 w1 x1 + w5 w2 x2 + w6 w3 x1 + w6 w4 x2 + w5 w01 + w6 w02 + wB\n"
           "          = x1 (w5 w1 + w6 w3) + x2 (w5 w2 + w6 w4) + (w5 w01 + w6 w02 + wB)\n"
           "          = x1 A + x2 B + C\n\n");
    print_two_products("    A = w5 w1 + w6 w3 = ", n->w5, n->w1, n->w6, n->w3);
    hand_printf(" = %v\n", p->A);
    print_two_products("    B = w5 w2 + w6 w4 = ", n->w5, n->w2, n->w6, n->w4);
    hand_printf(" = %v\n", p->B);
    print_two_products("    C = w5 w01 + w6 w02 + wB = ", n->w5, n->w01, n->w6, n->w02);
    hand_printf("%+v = %v\n\n", n->wB, p->C);
    double notes_A = n->w5 * n->w1 + n->w6 * n->w2; /* 003's x1 (w5 w1 + w6 w2) */
    print_two_products("003 regroups the x1 terms as x1 (w5 w1 + w6 w2), which would be\n",
                       n->w5, n->w1, n->w6, n->w2);
    hand_printf(" = %v instead of %v, and writes the constant as\n"
                "wB + wB w00 instead of w5 w01 + w6 w02 + wB (see Errata).\n\n", notes_A, p->A);
}

/* Along the line x2 = x1 / 2 - 0.5 through the input plane, x1 in [-2, 2]
 * (inside the grid the least squares fit was made on): both nets, the
 * single layer they collapse to, and the tanh net's best plane. */
static void plot_collapse(Plotter *plotter, const Net221 *n, const Plane *p, const Plane *fit)
{
    double x[CURVE_N], y_lin[CURVE_N], y_one[CURVE_N], y_tanh[CURVE_N], y_fit[CURVE_N];
    for (int k = 0; k < CURVE_N; k++) {
        double x1 = -2.0 + 4.0 * k / (CURVE_N - 1), x2 = 0.5 * x1 - 0.5;
        x[k] = x1;
        y_lin[k] = net221(n, ACT_LINEAR, x1, x2);
        y_tanh[k] = net221(n, ACT_TANH, x1, x2);
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

static void lecture_nonlinearity(Plotter *plotter)
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

    /* The grid, FIT_STEP apart and centred on (0, 0): point i = r FIT_N + c
     * is x1 = (c - FIT_N/2) FIT_STEP, x2 = (r - FIT_N/2) FIT_STEP; and there
     * the linear net, the single layer and the tanh net. */
    double x1[GRID], x2[GRID], y_lin[GRID], y_one[GRID], y_tanh[GRID];
    for (int i = 0; i < GRID; i++) {
        x1[i] = (i % FIT_N - FIT_N / 2) * FIT_STEP;
        x2[i] = (i / FIT_N - FIT_N / 2) * FIT_STEP;
        y_lin[i] = net221(n, ACT_LINEAR, x1[i], x2[i]);
        y_one[i] = plane_at(&p, x1[i], x2[i]);
        y_tanh[i] = net221(n, ACT_TANH, x1[i], x2[i]);
    }
    hand_printf("The %d x %d grid of points %v apart on [-%v, %v]^2 goes through the\n"
                "two-layer net (once with a linear hidden layer, once with tanh) and\n"
                "through the single layer x1 A + x2 B + C. Five of them:\n\n",
                FIT_N, FIT_N, FIT_STEP, FIT_STEP * (FIT_N / 2), FIT_STEP * (FIT_N / 2));
    /* (0, 0), (0.5, 0), (0, 0.5), (-0.5, -1.5), (1.5, 1.5) */
    static const int shown[] = {40, 41, 49, 12, 70};
    hand_printf("    %6s %6s  %16s  %16s  %16s\n", "x1", "x2", "two linear layers",
                "x1 A + x2 B + C", "tanh hidden layer");
    for (int k = 0; k < 5; k++) {
        int i = shown[k];
        hand_printf("    %6v %6v  %16v  %16v  %16v\n", x1[i], x2[i], y_lin[i], y_one[i],
                    y_tanh[i]);
    }
    hand_printf("\nAt all %d points the first two columns agree: two linear layers ARE one\n"
                "linear layer; stacking more adds nothing.\n\n", GRID);

    printf("The best single linear layer for each net, by least squares over the grid,\n"
           "and the root mean square (rms) of what it leaves over:\n\n");
    double rms_lin, rms_tanh;
    Plane fit_lin = least_squares(x1, x2, y_lin, GRID, &rms_lin);
    Plane fit_tanh = least_squares(x1, x2, y_tanh, GRID, &rms_tanh);
    /* an rms below TINY is rounding noise, whose digits vary: "< 1e-12" */
    hand_printf("    linear net: A = %v, B = %v, C = %v, rms %s%v\n", fit_lin.A, fit_lin.B,
                fit_lin.C, rms_lin < TINY ? "< " : "", rms_lin < TINY ? TINY : rms_lin);
    hand_printf("    tanh net:   A = %v, B = %v, C = %v, rms %v\n\n", fit_tanh.A, fit_tanh.B,
                fit_tanh.C, rms_tanh);
    hand_printf("For the linear net the fit finds the A, B, C above and fits exactly. For the\n"
                "tanh net even the best plane is off by %v (root mean square): its\n"
                "outputs are ones no single linear layer can give. The non-linearity is\n"
                "what lets layers build curves out of lines (section 1).\n", rms_tanh);
    plot_collapse(plotter, n, &p, &fit_tanh);
}

/* ---- the lecture ------------------------------------------------------------------------ */

static const char CARD[] =
    "Chapter 03 - The MLP forward pass (lecture notes 001, 000, 003, 004)\n"
    "Two perceptrons combined into a network; the notation w^k_ij, b^k_j, O_kj;\n"
    "counting trainable parameters (4-3-2-1: 26; Keras' model.summary()); forward\n"
    "propagation node by node and as one matrix product for the whole batch; why\n"
    "linear layers collapse to one, and why a tanh layer does not.";

/* The rows to forward: 4 input columns, then a 0/1 label (the last column). */
static const DataXYSpec ROWS_SPEC = {.target_col = -1, .n_features = N_INPUTS,
                                     .want = {DATA_TARGET_01}};

int main(int argc, char **argv)
{
    const char *data_path = NULL; /* --data, or DEFAULT_DATA */
    CliFlag flags[] = {
        {"data", CLI_STRING, &data_path, "FILE",
         "CSV of rows to forward: 4 inputs (cgpa, i1, i2, i3), then a 0/1 label"},
    };
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED,
                    .flags = flags, .n_flags = 1};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;
    const char *own = data_path; /* the student's file: named, without the notes' story */
    if (!data_path)
        data_path = DEFAULT_DATA;

    /* the data first: bad data ends the program before the lecture starts */
    DataXY rows = {0};
    Net *net = NULL;
    Mat *wedge_X = mat_new(WEDGE_POINTS, 2), *wedge_y = mat_new(WEDGE_POINTS, 1);
    rc = CHAPTER_ERROR;
    if (!wedge_X || !wedge_y) {
        chapter_error("out of memory");
        goto done;
    }
    if (chapter_load_xy(&ch, &rows, data_path, &ROWS_SPEC, "data") != 0 ||
        !(net = hand_net(rows.X->rows)) || chapter_start_lecture(&ch) != 0)
        goto done;
    make_wedge(wedge_X, wedge_y, &ch.rng);

    lecture_two_perceptrons(&ch.plots, wedge_X, wedge_y);
    lecture_notation(net);
    if (lecture_keras() != 0)
        goto done;
    lecture_one_sample(net, &rows, own);
    lecture_batch(net, &rows, own);
    lecture_nonlinearity(&ch.plots);
    rc = CHAPTER_OK;
done:
    data_xy_free(&rows);
    net_free(net);
    mat_free(wedge_X);
    mat_free(wedge_y);
    return chapter_end(&ch, rc);
}
