/* exercises.h - chapter 03's graded exercises. Write them in exercises.c;
 * `make grade CH=03` grades them, `make next` shows the next to do.
 *
 * The notation of the notes (001): w^k_ij is the weight from node i of
 * layer k-1 to node j of layer k, b^k_j the bias of node j of layer k, and
 * every node computes
 *     z^k_j = sum_i O_(k-1)i w^k_ij + b^k_j,    O_kj = sigma(z^k_j)
 * with the sigmoid sigma(z) = 1 / (1 + e^-z) (act_sigmoid in lib/act.h).
 *
 * Arrays are row-major, samples are rows (as in lib/mat.h):
 *   - a weight matrix W of a layer from n_in to n_out nodes is
 *     (n_in x n_out): w_ij = W[i * n_out + j]  (row i: FROM node i)
 *   - a bias vector b holds n_out values: b_j = b[j]
 *   - a batch of m samples with n values each is (m x n): row r starts
 *     at A[r * n]
 * Indices are 0-based in C: the notes' w_11 is W[0].
 */
#ifndef CH03_EXERCISES_H
#define CH03_EXERCISES_H

/* EXERCISE 3.1 (2 points): trainable parameters.
 * ex_dense_params: a Dense layer from n_in inputs to n_out nodes.
 * ex_mlp_params: a network whose layer sizes are sizes[0] (the inputs),
 * sizes[1], ..., sizes[n_sizes - 1] (the outputs): the sum over its
 * n_sizes - 1 layers. The inputs themselves have no parameters. */
int ex_dense_params(int n_in, int n_out);
int ex_mlp_params(const int *sizes, int n_sizes);

/* EXERCISE 3.2 (2 points): one node: O_j = sigma(sum_i a_prev[i] w_ij + b_j)
 * for node j (0-based) of a layer with weights W (n_in x n_out) and biases
 * b (n_out), given the n_in outputs a_prev of the layer before. */
double ex_neuron(const double *a_prev, const double *W, const double *b, int n_in, int n_out,
                 int j);

/* EXERCISE 3.3 (2 points): one layer for a batch, in matrix form:
 *     A = sigma(A_prev W + b)
 * A_prev (m x n_in), W (n_in x n_out), b (n_out, added to every row);
 * write the (m x n_out) outputs into A. */
void ex_layer_forward(double *A, const double *A_prev, const double *W, const double *b,
                      int m, int n_in, int n_out);

/* A network of sigmoid layers: n_sizes sizes (inputs first), and for each
 * layer k = 0 .. n_sizes - 2, its weights W[k] (sizes[k] x sizes[k + 1])
 * and biases b[k] (sizes[k + 1]). */
typedef struct {
    int n_sizes;
    const int *sizes;
    const double *const *W;
    const double *const *b;
} Mlp;

/* EXERCISE 3.4 (2 points): forward propagation through the whole network
 * of L = n_sizes - 1 layers:
 *     A^[0] = X,   A^[k] = sigma(A^[k-1] W^[k] + b^[k])  for k = 1 .. L
 * X is (m x sizes[0]). Write each layer's outputs, (m x sizes[k]), into
 * A[k - 1]: A[0] receives A^[1] (the notes' O_1j of every row), ...,
 * A[L - 1] the network's output Yhat. The grader checks A^[1] first, then
 * A^[2], ..., so a failure names the first wrong layer and node. */
void ex_mlp_forward(double *const *A, const double *X, int m, const Mlp *net);

/* 003's 2-2-1 network: N1 = f(w1 x1 + w2 x2 + w01),
 * N2 = f(w3 x1 + w4 x2 + w02), y_hat = w5 N1 + w6 N2 + wB. */
typedef struct {
    double w1, w2, w01, w3, w4, w02, w5, w6, wB;
} Net221;

/* EXERCISE 3.5 (2 points): with a linear f (f(z) = z) the network is one
 * linear layer, y_hat = x1 A + x2 B + C. Write its A, B and C. */
void ex_collapse(const Net221 *n, double *A, double *B, double *C);

#endif
