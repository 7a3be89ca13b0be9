/* layer.h - the layers of a network: forward and backward, one kind a case.
 *
 * Samples are rows (mat.h). A layer maps its input X (m x n_in) to its
 * output A (m x n_out); backward maps dA = d cost / dA to dX = d cost / dX
 * and to the gradients of the layer's own parameters:
 *
 *   LAYER_DENSE       Z = X W + b,  A = act(Z)      W (n_in x n_out), b (1 x n_out)
 *                     dZ = dA * act'(Z),  dW = X^T dZ,  db = sum_rows dZ,  dX = dZ W^T
 *   LAYER_ACTIVATION  A = act(X)                    dX = dA * act'(X)
 *   LAYER_DROPOUT     train: A = X * M, M_ij = [u_ij >= rate] / (1 - rate)   (inverted dropout)
 *                     infer: A = X                  dX = dA * M (train), dA (infer)
 *   LAYER_BATCHNORM   train: mu, var of the batch (per column), x_hat = (X - mu) / sqrt(var + eps)
 *                     infer: the running mu, var instead;   A = gamma x_hat + beta
 *   LAYER_ADD         A = X + S, S an earlier output (a skip connection);  dX = dA
 *                     (the net adds dA into the gradient of S as well)
 *
 * W[i][j] is the lectures' w_ij: from unit i of the layer before to unit j
 * of this one. A layer owns its parameters, their gradients and its
 * scratch (Z, x_hat, the dropout mask), sized for max_rows samples when it
 * is made; its input and output belong to the caller (the net), who hands
 * X and A to backward again: no layer keeps a pointer to the caller's
 * data. Forward and backward never allocate; backward overwrites the
 * parameter gradients and dX (it does not accumulate).
 */
#ifndef ANNLAB_LAYER_H
#define ANNLAB_LAYER_H

#include "act.h"
#include "init.h"
#include "mat.h"
#include "param.h"
#include "rng.h"

typedef enum { LAYER_DENSE, LAYER_ACTIVATION, LAYER_DROPOUT, LAYER_BATCHNORM, LAYER_ADD } LayerKind;

/* Training (dropout drops, batch norm uses and updates batch statistics)
 * or inference (neither). */
typedef enum { MODE_INFER, MODE_TRAIN } Mode;

/* Keras' defaults for batch normalization. */
#define BATCHNORM_MOMENTUM 0.99
#define BATCHNORM_EPS 1e-3

/* Room for "batch_normalization_12". */
#define LAYER_NAME_LEN 32

typedef struct {
    LayerKind kind;
    char name[LAYER_NAME_LEN]; /* "dense_1": set by the net, as Keras names layers */
    int n_in, n_out;           /* units per sample in and out (equal but for dense) */
    int max_rows;              /* the largest batch forward accepts */
    Mode mode;                 /* of the last forward */
    Act act;                   /* DENSE, ACTIVATION */
    Mat *W, *b, *dW, *db;      /* DENSE: (n_in x n_out), (1 x n_out), and their gradients */
    double rate;               /* DROPOUT: the fraction of units dropped */
    Mat *mask;                 /* DROPOUT: (max_rows x n) the last train forward's M */
    Mat *gamma, *beta;         /* BATCHNORM: scale and shift (1 x n), trainable */
    Mat *dgamma, *dbeta;
    Mat *moving_mean, *moving_var; /* BATCHNORM: running statistics (1 x n), not trainable */
    Mat *mu, *var;             /* BATCHNORM: the statistics the last forward used (1 x n) */
    double momentum, eps;      /* BATCHNORM: running = momentum running + (1 - momentum) batch */
    int skip;                  /* ADD: S is the net's A[skip] (0: the net's input) */
    Mat *Z;                    /* (max_rows x n_out): DENSE Z, BATCHNORM x_hat */
    Mat *dZ;                   /* (max_rows x n_out): DENSE dZ, BATCHNORM d x_hat */
} Layer;

/* New layers, with zero weights (dense) or gamma = 1, beta = 0, running
 * mean 0 and variance 1 (batch norm); NULL when out of memory. */
Layer *layer_dense(int n_in, int n_out, Act act, int max_rows);
Layer *layer_activation(int n, Act act, int max_rows);
Layer *layer_dropout(int n, double rate, int max_rows); /* 0 <= rate < 1 */
Layer *layer_batchnorm(int n, int max_rows);            /* Keras' momentum and eps */
Layer *layer_add(int n, int skip, int max_rows);
void layer_free(Layer *L);

/* Keras' class name: "Dense", "Activation", "Dropout", "BatchNormalization", "Add". */
const char *layer_kind_name(LayerKind kind);
/* Keras' default layer name: "dense", "activation", "dropout", "batch_normalization", "add". */
const char *layer_kind_prefix(LayerKind kind);

/* DENSE: W from the initializer, b = 0. Other kinds: nothing. */
void layer_init(Layer *L, const Init *init, Rng *rng);

/* A (m x n_out) from X (m x n_in), m = X->rows <= max_rows. S is the skip
 * input of LAYER_ADD (m x n), NULL for the other kinds. noise draws
 * dropout's mask in train mode (NULL otherwise). Batch norm in train mode
 * also updates its running statistics. */
void layer_forward(Layer *L, Mat *A, const Mat *X, const Mat *S, Mode mode, Rng *noise);

/* From dA (m x n_out) and the X and A of the last forward: overwrite the
 * parameter gradients, and write dX (m x n_in) unless dX is NULL. dX must
 * not alias dA. */
void layer_backward(Layer *L, Mat *dX, const Mat *dA, const Mat *X, const Mat *A);

/* DENSE only: the same from dZ = d cost / dZ directly, for a caller that
 * has it in closed form (softmax + cross-entropy, sigmoid + binary
 * cross-entropy: dZ = (A - Y) / m, exact where the chain through the
 * clamped logarithm would not be). */
void layer_backward_dz(Layer *L, Mat *dX, const Mat *dZ, const Mat *X);

/* The layer's parameters into out[] (room for 4), named "<layer name>/W",
 * "/b", "/gamma", "/beta", "/moving_mean", "/moving_variance"; returns how
 * many. Kernels W decay (L1/L2); nothing else does. */
int layer_params(Layer *L, Param *out);

/* Values in its parameters, trainable or not: dense n_in n_out + n_out,
 * batch norm 4 n, the others 0. */
int layer_param_count(const Layer *L);

#endif
