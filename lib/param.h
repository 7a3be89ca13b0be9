/* param.h - a model's parameters as one list.
 *
 * Everything that walks "all the weights" walks a Param list, in one loop:
 * the optimizers (optim.h), gradient clipping, the L1/L2 penalties, the
 * gradient check, the model summary and save/load (net.h). A Param points
 * at a matrix of values and at the matrix of their gradients, which the
 * backward pass overwrites:
 *
 *     Param p = {.name = "dense_1/W", .value = W, .grad = dW,
 *                .trainable = 1, .decay = 1};
 *
 * Not every parameter is trained: batch normalization keeps running means
 * and variances that are saved and loaded but never stepped (trainable 0,
 * grad NULL). Weight decay (L1/L2) applies to the kernels W, not to the
 * biases, nor to batch normalization's gamma and beta (decay 0).
 *
 * A Param does not own its matrices: the layer that made them does.
 */
#ifndef ANNLAB_PARAM_H
#define ANNLAB_PARAM_H

#include "mat.h"

/* Room for "batch_normalization_12/moving_variance" and the like. */
#define PARAM_NAME_LEN 48

typedef struct {
    char name[PARAM_NAME_LEN]; /* "dense_1/W": layer name / parameter name */
    Mat *value;                /* the parameter (not owned) */
    Mat *grad;                 /* d cost / d value, same shape; NULL when not trainable */
    int trainable;             /* 1: optimizers step it; 0: saved, never stepped */
    int decay;                 /* 1: L1/L2 penalties apply (kernels, not biases) */
} Param;

/* Number of values in the n parameters (trainable or not). */
long param_count(const Param *p, int n);

/* Number of values in the trainable ones only. */
long param_count_trainable(const Param *p, int n);

/* Global L2 norm of the trainable gradients: sqrt(sum over every g of g^2). */
double param_grad_norm(const Param *p, int n);

#endif
