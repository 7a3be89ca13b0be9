/* test_ch03_mlp_forward.c - chapter 03's claims, checked through the
 * library: the parameter counts of 001's 4-3-2-1 network and 000's Keras
 * models (layer_param_count, net_param_count, net_summary); the chapter's
 * hand-set 4-3-2-1 network on the notes' two rows, where the batch of
 * net_forward equals section 4's node-by-node sums bit for bit, equals
 * numpy, and equals 001's column form W^T x + b; 003's 2-2-1 network,
 * written out by hand as section 6 does it, against the library's forward
 * pass, its collapse into x1 A + x2 B + C at every point of the chapter's
 * grid when linear, and its curvature with tanh; 001's sigma(1.5) = 0.82.
 *
 * The chapter prints these numbers; the comparisons that only confirm
 * the library (the batch vs the rows, the two linear layers vs the single
 * layer over the grid) live here, not in the transcript.
 *
 * Tolerances:
 *   - the same products added in the same order: exact (==);
 *   - a few roundings of short sums and products (values below 10):
 *     1e-12, far above the 1e-15 they can differ by, far below any error;
 *   - values quoted to 9 significant digits: half a unit of the last digit.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "act.h"
#include "layer.h"
#include "mat.h"
#include "net.h"

#define TOL_FEW_OPS 1e-12
#define HALF_9_DIGITS 5e-10 /* half a unit of the 9th digit of a value in [0.1, 1) */

/* A net of sigmoid layers with the given sizes (inputs first). */
static Net *sigmoid_net(const int *sizes, int n_sizes, int max_rows)
{
    Net *net = net_new(sizes[0], max_rows);
    cr_assert_not_null(net);
    for (int k = 1; k < n_sizes; k++)
        cr_assert_eq(net_add(net, sizes[k], act_of(ACT_SIGMOID)), 0);
    return net;
}

/* ---- sections 2 and 3: counting parameters -------------------------------------- */

Test(ch03, the_4_3_2_1_network_has_15_8_and_3_parameters_26_in_all)
{
    /* 001: 4 x 3 + 3 = 15, 3 x 2 + 2 = 8, 2 x 1 + 1 = 3; 15 + 8 + 3 = 26 */
    static const int sizes[] = {4, 3, 2, 1};
    Net *net = sigmoid_net(sizes, 4, 1);
    cr_assert_eq(layer_param_count(net->layers[0]), 15);
    cr_assert_eq(layer_param_count(net->layers[1]), 8);
    cr_assert_eq(layer_param_count(net->layers[2]), 3);
    cr_assert_eq(net_param_count(net), 26);
    net_free(net);
}

Test(ch03, keras_models_of_000_have_144_and_276_parameters)
{
    /* Dense(11, input_dim=11) + Dense(1): 11 x 11 + 11 = 132, 11 x 1 + 1 = 12,
     * 132 + 12 = 144. With a hidden Dense(11): 132 + 132 + 12 = 276 (000 writes
     * 144 for this one too) */
    static const int small[] = {11, 11, 1}, hidden[] = {11, 11, 11, 1};
    Net *a = sigmoid_net(small, 3, 1), *b = sigmoid_net(hidden, 4, 1);
    cr_assert_eq(net_param_count(a), 144);
    cr_assert_eq(net_param_count(b), 276);
    cr_assert_eq(layer_param_count(b->layers[1]), 132);
    net_free(a);
    net_free(b);
}

Test(ch03, summary_prints_the_keras_table_with_the_total)
{
    static const int hidden[] = {11, 11, 11, 1};
    Net *net = sigmoid_net(hidden, 4, 1);
    FILE *fp = tmpfile();
    cr_assert_not_null(fp);
    net_summary(net, fp);
    char text[4096] = {0};
    rewind(fp);
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    cr_assert_gt(n, 0);
    /* Keras: name (type), output shape, parameters; the second Dense is dense_1 */
    cr_assert_not_null(strstr(text, " dense (Dense)               (None, 11)                132\n"),
                       "%s", text);
    cr_assert_not_null(strstr(text, " dense_1 (Dense)             (None, 11)                132\n"),
                       "%s", text);
    cr_assert_not_null(strstr(text, " dense_2 (Dense)             (None, 1)                 12\n"),
                       "%s", text);
    cr_assert_not_null(strstr(text, "Total params: 276\nTrainable params: 276\n"
                                    "Non-trainable params: 0\n"), "%s", text);
    net_free(net);
}

/* ---- sections 4 and 5: the hand-set 4-3-2-1 network ------------------------------ */

/* Chapter 03's hand-set weights, W^[k] (n_in x n_out) row-major, and the
 * notes' two rows (datasets/forward_example.csv). */
static const double W1[] = {0.5, 0.1, -0.2, 0.01, -0.05, 0.02, -0.02, 0.0, 0.01, 0.01, 0.05, -0.03};
static const double B1[] = {-2.0, -0.5, 1.0};
static const double W2[] = {1.0, -1.0, 3.0, 0.5, -1.0, 1.0};
static const double B2[] = {-2.0, 0.0};
static const double W3[] = {4.0, -2.0};
static const double B3[] = {-1.0};
static const double X_notes[] = {7.2, 72, 69, 81, 8.1, 92, 75, 76};
static const int SIZES[] = {4, 3, 2, 1};

static Net *chapter_net(int max_rows)
{
    Net *net = sigmoid_net(SIZES, 4, max_rows);
    const double *W[] = {W1, W2, W3}, *b[] = {B1, B2, B3};
    for (int k = 0; k < 3; k++) {
        Layer *d = net->layers[k];
        memcpy(d->W->data, W[k], (size_t)d->n_in * d->n_out * sizeof(double));
        memcpy(d->b->data, b[k], (size_t)d->n_out * sizeof(double));
    }
    return net;
}

Test(ch03, first_node_of_the_chapter_network_is_sigma_of_1_75)
{
    /* z^1_1 = 0.5 x 7.2 + 0.01 x 72 - 0.02 x 69 + 0.01 x 81 - 2
     *       = 3.6 + 0.72 - 1.38 + 0.81 - 2 = 1.75;
     * sigma(1.75) = 0.851952802 (9 digits, as chapter 03 prints it) */
    Net *net = chapter_net(2);
    Mat X = {.rows = 2, .cols = 4, .data = (double *)X_notes};
    net_forward(net, &X);
    Mat A1 = net_activation(net, 1);
    cr_assert_float_eq(MAT_AT(net->layers[0]->Z, 0, 0), 1.75, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(&A1, 0, 0), 0.851952802, HALF_9_DIGITS);
    net_free(net);
}

Test(ch03, the_batch_equals_section_4s_node_by_node_sums_bit_for_bit)
{
    /* Section 4, for one row x and every layer k, node j:
     *   z^k_j = O_(k-1)1 w^k_1j + ... + O_(k-1)n w^k_nj + b^k_j,  O_kj = sigma(z^k_j)
     * with the products added in the order i = 1..n, then the bias: the
     * order of mat_matmul and mat_add_row_vector, so every A^[k] of the
     * batch is the very same double (the chapter says the batch is the
     * rows stacked; 0 difference, not a small one). */
    Net *net = chapter_net(2);
    Mat X = {.rows = 2, .cols = 4, .data = (double *)X_notes};
    net_forward(net, &X);
    const double *W[] = {W1, W2, W3}, *b[] = {B1, B2, B3};
    for (int r = 0; r < 2; r++) {
        double o[4][4];
        memcpy(o[0], &X_notes[4 * r], 4 * sizeof(double));
        for (int k = 1; k <= 3; k++) {
            int n_in = SIZES[k - 1], n_out = SIZES[k];
            Mat A = net_activation(net, k);
            for (int j = 0; j < n_out; j++) {
                double z = 0.0;
                for (int i = 0; i < n_in; i++)
                    z += o[k - 1][i] * W[k - 1][i * n_out + j];
                z += b[k - 1][j];
                o[k][j] = act_sigmoid(z);
                cr_assert_eq(MAT_AT(&A, r, j), o[k][j], "row %d, O_%d%d: %.17g vs %.17g",
                             r + 1, k, j + 1, MAT_AT(&A, r, j), o[k][j]);
            }
        }
    }
    net_free(net);
}

Test(ch03, batch_forward_matches_numpy_and_each_row_alone)
{
    /* numpy (/usr/bin/python3, numpy 1.24.2):
     *   s = lambda z: 1 / (1 + np.exp(-z))
     *   s(s(s(X @ W1 + b1) @ W2 + b2) @ W3 + b3) -> [0.6459405364587604, 0.4422395414344488]
     * Another exp and another summation order: 1e-12 (TOL_FEW_OPS) */
    static const double numpy[] = {0.6459405364587604, 0.4422395414344488};
    Net *net = chapter_net(2);
    Mat X = {.rows = 2, .cols = 4, .data = (double *)X_notes};
    const Mat *yhat = net_forward(net, &X);
    double batch[2] = {MAT_AT(yhat, 0, 0), MAT_AT(yhat, 1, 0)};
    for (int r = 0; r < 2; r++) {
        cr_assert_float_eq(batch[r], numpy[r], TOL_FEW_OPS, "row %d", r + 1);
        /* one row at a time: the same products added in the same order, so
         * the very same double */
        const Mat row = mat_cview_rows(&X, r, 1);
        cr_assert_eq(MAT_AT(net_forward(net, &row), 0, 0), batch[r], "row %d alone", r + 1);
    }
    net_free(net);
}

Test(ch03, the_column_form_w_transposed_x_plus_b_is_the_first_row_of_z1)
{
    /* 001's (W^[1])^T x + b^[1], (3 x 4)(4 x 1) + (3 x 1), for x = (7.2, 72, 69, 81):
     * (1.75, 0.67, -0.74), the first row of Z^[1] = A^[0] W^[1] + b^[1] stood up.
     * Both add the same products in the same order: exact. */
    Net *net = chapter_net(2);
    Mat X = {.rows = 2, .cols = 4, .data = (double *)X_notes};
    net_forward(net, &X);
    Mat x = {.rows = 4, .cols = 1, .data = (double *)X_notes};
    Mat *z = mat_new(3, 1);
    cr_assert_not_null(z);
    mat_matmul_tn(z, net->layers[0]->W, &x);
    static const double hand[] = {1.75, 0.67, -0.74};
    for (int j = 0; j < 3; j++) {
        MAT_AT(z, j, 0) += B1[j];
        cr_assert_eq(MAT_AT(z, j, 0), MAT_AT(net->layers[0]->Z, 0, j), "node %d", j + 1);
        cr_assert_float_eq(MAT_AT(z, j, 0), hand[j], TOL_FEW_OPS, "node %d", j + 1);
    }
    mat_free(z);
    net_free(net);
}

/* ---- section 6: 003's 2-2-1 network ---------------------------------------------- */

/* w1, w2, w01, w3, w4, w02, w5, w6, wB of chapter 03 */
static const double W221[9] = {1, -2, 0.5, 0.5, 1, -1, 2, 3, 0.25};

/* The library's model of it with the given hidden activation:
 * W^[1] = [[w1, w3], [w2, w4]], b^[1] = [w01, w02], W^[2] = [[w5], [w6]], b^[2] = [wB]. */
static Net *net221(ActKind hidden, const double w[9], int max_rows)
{
    Net *net = net_new(2, max_rows);
    cr_assert_not_null(net);
    cr_assert_eq(net_add(net, 2, act_of(hidden)), 0);
    cr_assert_eq(net_add(net, 1, act_of(ACT_LINEAR)), 0);
    double W_1[] = {w[0], w[3], w[1], w[4]}, b_1[] = {w[2], w[5]};
    double W_2[] = {w[6], w[7]}, b_2[] = {w[8]};
    memcpy(net->layers[0]->W->data, W_1, sizeof W_1);
    memcpy(net->layers[0]->b->data, b_1, sizeof b_1);
    memcpy(net->layers[1]->W->data, W_2, sizeof W_2);
    memcpy(net->layers[1]->b->data, b_2, sizeof b_2);
    return net;
}

/* The chapter's 9 x 9 grid, 0.5 apart on [-2, 2]^2: point r * 9 + c is
 * x1 = (c - 4) / 2, x2 = (r - 4) / 2. */
#define GRID_N 9
static Mat *chapter_grid(void)
{
    Mat *G = mat_new(GRID_N * GRID_N, 2);
    cr_assert_not_null(G);
    for (int r = 0; r < GRID_N; r++)
        for (int c = 0; c < GRID_N; c++) {
            MAT_AT(G, r * GRID_N + c, 0) = (c - GRID_N / 2) * 0.5;
            MAT_AT(G, r * GRID_N + c, 1) = (r - GRID_N / 2) * 0.5;
        }
    return G;
}

Test(ch03, the_2_2_1_net_written_out_by_hand_is_the_librarys_forward_pass)
{
    /* Section 6 computes N1 = f(w1 x1 + w2 x2 + w01), N2 = f(w3 x1 + w4 x2 + w02),
     * y_hat = w5 N1 + w6 N2 + wB with named scalars: the same products,
     * added in the same order as Z = X W + b, so the same doubles. */
    Mat *G = chapter_grid();
    for (int linear = 0; linear <= 1; linear++) {
        Net *net = net221(linear ? ACT_LINEAR : ACT_TANH, W221, G->rows);
        const Mat *y = net_forward(net, G);
        for (int i = 0; i < G->rows; i++) {
            double x1 = MAT_AT(G, i, 0), x2 = MAT_AT(G, i, 1);
            double z1 = W221[0] * x1 + W221[1] * x2 + W221[2];
            double z2 = W221[3] * x1 + W221[4] * x2 + W221[5];
            double N1 = linear ? z1 : tanh(z1), N2 = linear ? z2 : tanh(z2);
            double y_hat = W221[6] * N1 + W221[7] * N2 + W221[8];
            cr_assert_eq(MAT_AT(y, i, 0), y_hat, "%s net at (%g, %g): %.17g vs %.17g",
                         linear ? "linear" : "tanh", x1, x2, MAT_AT(y, i, 0), y_hat);
        }
        net_free(net);
    }
    mat_free(G);
}

Test(ch03, two_linear_layers_collapse_to_x1_a_plus_x2_b_plus_c_on_the_whole_grid)
{
    /* A = w5 w1 + w6 w3 = 2 x 1 + 3 x 0.5 = 3.5; B = w5 w2 + w6 w4 = 2 x (-2) + 3 x 1 = -1;
     * C = w5 w01 + w6 w02 + wB = 2 x 0.5 + 3 x (-1) + 0.25 = -1.75.
     * Every grid value is a multiple of 0.5, every weight of 0.25: the sums
     * are exact in binary, but 1e-12 (TOL_FEW_OPS) does not rely on it.
     * (003's x1 (w5 w1 + w6 w2) = -4 would miss by 7.5 x1.) */
    Mat *G = chapter_grid();
    Net *net = net221(ACT_LINEAR, W221, G->rows);
    const Mat *y = net_forward(net, G);
    for (int i = 0; i < G->rows; i++) {
        double x1 = MAT_AT(G, i, 0), x2 = MAT_AT(G, i, 1);
        cr_assert_float_eq(MAT_AT(y, i, 0), x1 * 3.5 + x2 * -1.0 - 1.75, TOL_FEW_OPS,
                           "at (%g, %g)", x1, x2);
    }
    /* (0.5, 0) is point 41: 0.5 x 3.5 - 1.75 = 0, as the chapter's table shows */
    cr_assert_float_eq(MAT_AT(y, 41, 0), 0.0, TOL_FEW_OPS);
    net_free(net);
    mat_free(G);
}

Test(ch03, a_tanh_hidden_layer_does_not_collapse)
{
    /* Any x1 A + x2 B + C takes the mean of its values at p and q at the
     * midpoint (p + q) / 2. The tanh net does not: at p = (-2, -2),
     * q = (2, 2), mid = (0, 0), with y = 2 tanh(x1 - 2 x2 + 0.5) + 3 tanh(0.5 x1 + x2 - 1) + 0.25:
     *   y(p) = 2 tanh(2.5) + 3 tanh(-4) + 0.25 = -0.77476...,
     *   y(q) = 2 tanh(-1.5) + 3 tanh(2) + 0.25 = 1.33179...,
     *   their mean is 0.27851..., but y(mid) = 2 tanh(0.5) + 3 tanh(-1) + 0.25 = -1.11055...:
     *   a gap of -1.38906 (python's math.tanh). The linear net has no gap. */
    static const double X[] = {-2, -2, 2, 2, 0, 0};
    Mat Xm = {.rows = 3, .cols = 2, .data = (double *)X};
    Net *t = net221(ACT_TANH, W221, 3), *l = net221(ACT_LINEAR, W221, 3);
    const Mat *yt = net_forward(t, &Xm);
    double gap_tanh = MAT_AT(yt, 2, 0) - (MAT_AT(yt, 0, 0) + MAT_AT(yt, 1, 0)) / 2;
    const Mat *yl = net_forward(l, &Xm);
    double gap_lin = MAT_AT(yl, 2, 0) - (MAT_AT(yl, 0, 0) + MAT_AT(yl, 1, 0)) / 2;
    double want = -1.3890616183589635; /* python: f(0,0) - (f(-2,-2) + f(2,2)) / 2 */
    /* three tanh and a few sums of values below 5: TOL_FEW_OPS */
    cr_assert_float_eq(gap_tanh, want, TOL_FEW_OPS);
    cr_assert_gt(fabs(gap_tanh), 1.0, "the tanh net is curved: gap %g", gap_tanh);
    cr_assert_float_eq(gap_lin, 0.0, TOL_FEW_OPS);
    net_free(t);
    net_free(l);
}

/* ---- section 1: two perceptrons ------------------------------------------------ */

Test(ch03, sigma_of_0_7_plus_0_8_is_the_notes_0_82)
{
    /* 001: 0.7 + 0.8 = 1.5, sigma(1.5) = 1 / (1 + e^-1.5) = 0.817574476 ~ 0.82;
     * with the weights 10 and 5 and our b = -10: 7 + 4 - 10 = 1, sigma(1) = 0.731058579 */
    cr_assert_float_eq(act_sigmoid(0.7 + 0.8), 0.817574476, HALF_9_DIGITS);
    cr_assert_float_eq(round(act_sigmoid(1.5) * 100) / 100, 0.82, TOL_FEW_OPS);
    cr_assert_float_eq(act_sigmoid(0.7 * 10 + 0.8 * 5 - 10), 0.731058579, HALF_9_DIGITS);
}
