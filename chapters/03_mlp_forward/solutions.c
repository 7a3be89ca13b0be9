/* solutions.c - chapter 03, the MLP forward pass: the reference answers.
 * `make grade CH=03 SOLUTIONS=1` grades this file instead of exercises.c. */
#include "act.h"
#include "exercises.h"

/* EXERCISE 3.1: n_in x n_out weights + n_out biases */
int ex_dense_params(int n_in, int n_out)
{
    return n_in * n_out + n_out;
}

/* sum over the layers sizes[k] -> sizes[k + 1] */
int ex_mlp_params(const int *sizes, int n_sizes)
{
    int total = 0;
    for (int k = 0; k + 1 < n_sizes; k++)
        total += ex_dense_params(sizes[k], sizes[k + 1]);
    return total;
}

/* EXERCISE 3.2: z_j = sum_i a_i w_ij + b_j,  O_j = sigma(z_j) */
double ex_neuron(const double *a_prev, const double *W, const double *b, int n_in, int n_out,
                 int j)
{
    double z = 0.0;
    for (int i = 0; i < n_in; i++)
        z += a_prev[i] * W[i * n_out + j];
    return act_sigmoid(z + b[j]);
}

/* EXERCISE 3.3: A = sigma(A_prev W + b), row by row */
void ex_layer_forward(double *A, const double *A_prev, const double *W, const double *b,
                      int m, int n_in, int n_out)
{
    for (int r = 0; r < m; r++)
        for (int j = 0; j < n_out; j++)
            A[r * n_out + j] = ex_neuron(&A_prev[r * n_in], W, b, n_in, n_out, j);
}

/* EXERCISE 3.4: A^[k] = sigma(A^[k-1] W^[k] + b^[k]) into A[k - 1], from A^[0] = X */
void ex_mlp_forward(double *const *A, const double *X, int m, const Mlp *net)
{
    const double *in = X;
    for (int k = 0; k + 1 < net->n_sizes; k++) {
        ex_layer_forward(A[k], in, net->W[k], net->b[k], m, net->sizes[k], net->sizes[k + 1]);
        in = A[k];
    }
}

/* EXERCISE 3.5: y_hat = w5 (w1 x1 + w2 x2 + w01) + w6 (w3 x1 + w4 x2 + w02) + wB
 *                     = x1 (w5 w1 + w6 w3) + x2 (w5 w2 + w6 w4) + (w5 w01 + w6 w02 + wB) */
void ex_collapse(const Net221 *n, double *A, double *B, double *C)
{
    *A = n->w5 * n->w1 + n->w6 * n->w3;
    *B = n->w5 * n->w2 + n->w6 * n->w4;
    *C = n->w5 * n->w01 + n->w6 * n->w02 + n->wB;
}
