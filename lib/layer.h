/* layer.h - a dense (fully connected) layer: forward and backward.
 *
 * A dense layer from n_in to n_out units, with samples as rows (mat.h):
 *
 *     Z = X W + b          X (m x n_in), W (n_in x n_out), b (1 x n_out)
 *     A = act(Z)           Z, A (m x n_out)
 *
 * W[i][j] is the lectures' w_ij: from unit i of the layer before to unit j
 * of this one. Backward receives dA = dL/dA and computes, by the chain rule,
 *
 *     dZ = dA * act'(Z)    (softmax: its Jacobian, see act_backward)
 *     dW = X^T dZ          (n_in x n_out)
 *     db = sum over rows of dZ
 *     dX = dZ W^T          (m x n_in), the dA of the layer before
 *
 * A layer owns its parameters, their gradients and its caches (Z, A and
 * scratch), sized for up to max_rows samples at layer_new; forward and
 * backward never allocate. Parameter count: n_in * n_out + n_out.
 */
#ifndef ANNLAB_LAYER_H
#define ANNLAB_LAYER_H

#include "act.h"
#include "init.h"
#include "mat.h"
#include "rng.h"

typedef struct {
    int n_in, n_out;
    Act act;
    Mat *W, *b;   /* parameters: (n_in x n_out), (1 x n_out) */
    Mat *dW, *db; /* their gradients, written by layer_backward */
    Mat Z, A;     /* the last forward's pre-activations and outputs (views) */
    const Mat *X; /* the last forward's input (the caller's; not owned) */
    Mat *Z_buf, *A_buf, *dZ_buf; /* (max_rows x n_out) storage */
    int max_rows;
} Dense;

/* A new layer with zero weights and caches for max_rows samples; NULL when
 * out of memory. */
Dense *layer_new(int n_in, int n_out, Act act, int max_rows);
void layer_free(Dense *d);

/* W from the initializer, b = 0. */
void layer_init(Dense *d, const Init *init, Rng *rng);

/* Z = X W + b, A = act(Z) for the m = X->rows <= max_rows samples of X;
 * returns &d->A. X must stay unchanged until layer_backward. */
const Mat *layer_forward(Dense *d, const Mat *X);

/* From dA = dL/dA (m x n_out) of the last forward: overwrite dW and db
 * with dL/dW and dL/db, and write dL/dX into dX (m x n_in) unless dX is
 * NULL. dA is not changed; dX must not alias dA. */
void layer_backward(Dense *d, const Mat *dA, Mat *dX);

/* The same from dZ = dL/dZ directly, for a caller that has it in closed
 * form: softmax + cross-entropy and sigmoid + binary cross-entropy give
 * dZ = (A - Y) / m, which stays exact where the chain through the clamped
 * logarithm would not. */
void layer_backward_dz(Dense *d, const Mat *dZ, Mat *dX);

/* n_in * n_out + n_out */
int layer_param_count(const Dense *d);

#endif
