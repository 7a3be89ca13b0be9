/* exercises.c - chapter 03, the MLP forward pass: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=03      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/03_mlp_forward` show every formula
 * and worked number you need; exercises.h says how the arrays are laid
 * out. Keep the function signatures as they are. You may call
 * act_sigmoid() from lib/act.h (already included).
 */
#include "act.h"
#include "exercises.h"

/* EXERCISE 3.1 (2 points, with ex_mlp_params): a Dense layer has one
 * weight from each of its n_in inputs to each of its n_out nodes, and one
 * bias per node. (001: the 4-3-2-1 network's first layer has 15.) */
int ex_dense_params(int n_in, int n_out)
{
    (void)n_in, (void)n_out;
    return 0; /* your code here */
}

/* ... and a whole network: add up its layers, sizes[k] -> sizes[k + 1].
 * (4-3-2-1: 15 + 8 + 3 = 26.) */
int ex_mlp_params(const int *sizes, int n_sizes)
{
    (void)sizes, (void)n_sizes;
    return 0; /* your code here */
}

/* EXERCISE 3.2 (2 points): node j of a layer:
 * z = a_prev[0] w_0j + a_prev[1] w_1j + ... + b_j, then sigma(z).
 * w_ij is W[i * n_out + j]: go DOWN column j of W. */
double ex_neuron(const double *a_prev, const double *W, const double *b, int n_in, int n_out,
                 int j)
{
    (void)a_prev, (void)W, (void)b, (void)n_in, (void)n_out, (void)j;
    return 0.0; /* your code here */
}

/* EXERCISE 3.3 (2 points): every node of the layer for every row r of the
 * batch: A[r][j] = sigma(sum_i A_prev[r][i] W[i][j] + b[j]). */
void ex_layer_forward(double *A, const double *A_prev, const double *W, const double *b,
                      int m, int n_in, int n_out)
{
    (void)A, (void)A_prev, (void)W, (void)b, (void)m, (void)n_in, (void)n_out;
    /* your code here */
}

/* EXERCISE 3.4 (2 points): layer after layer, each layer's output the next
 * one's input: layer k (1-based) reads A^[k-1] (X for k = 1) and writes
 * A^[k] into A[k - 1]; the last of them is the network's output. */
void ex_mlp_forward(double *const *A, const double *X, int m, const Mlp *net)
{
    (void)A, (void)X, (void)m, (void)net;
    /* your code here */
}

/* EXERCISE 3.5 (2 points): substitute N1 = w1 x1 + w2 x2 + w01 and
 * N2 = w3 x1 + w4 x2 + w02 into y_hat = w5 N1 + w6 N2 + wB, and collect
 * the x1 terms (A), the x2 terms (B) and the rest (C). Careful: 003 gets
 * one of them wrong (see the README's Errata). */
void ex_collapse(const Net221 *n, double *A, double *B, double *C)
{
    (void)n, (void)A, (void)B, (void)C;
    /* your code here */
}
