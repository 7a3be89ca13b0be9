/* act.h - activation functions: value and derivative.
 *
 * A neuron computes z = w . x + b, then a = f(z). Each activation here has
 * its value f(z) and its derivative f'(z) as plain scalar functions (so a
 * chapter can print them by hand), and all of them can be applied to a
 * whole matrix through act_forward / act_backward (used by the layers).
 *
 *   linear      f(z) = z                          f' = 1
 *   step        f(z) = 1 if z >= 0 else 0         f' = 0 (undefined at 0)
 *   sign        f(z) = 1 if z >= 0 else -1        the perceptron's output
 *   sigmoid     f(z) = 1 / (1 + e^-z)             f' = f (1 - f) <= 0.25
 *   tanh        f(z) = (e^z - e^-z)/(e^z + e^-z)  f' = 1 - f^2
 *   relu        f(z) = max(0, z)                  f' = 1 if z > 0 else 0
 *   leaky relu  f(z) = z if z > 0 else alpha z    f' = 1 if z > 0 else alpha
 *   prelu       same as leaky relu, alpha learned (see act_prelu_dalpha)
 *   elu         f(z) = z if z > 0 else alpha (e^z - 1)
 *   swish       f(z) = z sigmoid(beta z)
 *   softmax     p_i = e^(z_i) / sum_j e^(z_j)     (a whole row at once)
 *
 * Leaky relu and prelu are the two-branch form above. For 0 <= alpha <= 1
 * it equals the notes' max(alpha z, z); a learned prelu alpha may leave
 * that range (alpha = -1 gives |z|), and the branches still hold.
 *
 * Extreme inputs: every value and derivative is finite wherever the math
 * is (sigmoid(-1000) = 0, softmax(1000, 0) = (1, 0), softmax(inf, 0) =
 * (1, 0) as the limit, swish(-inf) = 0), and a NaN in gives a NaN out,
 * never a number that hides it (relu(NaN) is NaN, not 0).
 *
 * At a kink (relu, leaky relu, prelu, elu at z = 0) the derivative is a
 * choice: annlab uses the left one (0 for relu, as TensorFlow and PyTorch
 * do; alpha for leaky relu, prelu and elu).
 */
#ifndef ANNLAB_ACT_H
#define ANNLAB_ACT_H

#include "mat.h"

typedef enum {
    ACT_LINEAR,
    ACT_STEP,
    ACT_SIGN,
    ACT_SIGMOID,
    ACT_TANH,
    ACT_RELU,
    ACT_LEAKY_RELU,
    ACT_PRELU,
    ACT_ELU,
    ACT_SWISH,
    ACT_SOFTMAX,
} ActKind;

/* An activation with its settings: alpha is the negative-side slope of
 * leaky relu and prelu and the scale of elu; beta is swish's beta. */
typedef struct {
    ActKind kind;
    double alpha;
    double beta;
} Act;

/* The activation with the usual settings: leaky relu alpha 0.01, prelu
 * alpha 0.25 (its usual starting value), elu alpha 1, swish beta 1. */
Act act_of(ActKind kind);

/* Lower-case name, as Keras spells it: "sigmoid", "leaky_relu", ... */
const char *act_name(ActKind kind);

double act_sigmoid(double z);
/* sigma'(z) = sigma(z) (1 - sigma(z)), computed as sigma(z) sigma(-z): the
 * same number, but accurate to a few units in the last place for large |z|
 * too (where 1 - sigma(z) would cancel), and exactly symmetric:
 * sigma'(-z) = sigma'(z). */
double act_sigmoid_deriv(double z);
double act_tanh(double z);
double act_tanh_deriv(double z);
double act_relu(double z);
double act_relu_deriv(double z);
double act_leaky_relu(double z, double alpha);
double act_leaky_relu_deriv(double z, double alpha);
double act_elu(double z, double alpha);
double act_elu_deriv(double z, double alpha);
double act_swish(double z, double beta);
double act_swish_deriv(double z, double beta);
double act_step(double z);
double act_sign(double z);

/* PReLU's derivative with respect to its own parameter alpha:
 * d/dalpha max(alpha z, z) = z if z <= 0 else 0. */
double act_prelu_dalpha(double z);

/* f(z) and f'(z) of one element for any kind but softmax. */
double act_value(const Act *act, double z);
double act_deriv(const Act *act, double z);

/* p = softmax(z) for one vector of n values, computed stably as
 * p_i = e^(z_i - max z) / sum_j e^(z_j - max z) (softmax is unchanged by
 * subtracting a constant, and the exponentials can no longer overflow).
 * p and z may be the same array. */
void act_softmax(double *p, const double *z, int n);

/* logp = log softmax(z) for one vector of n values, without taking the
 * log of a p that may have underflowed to 0:
 *     log p_i = z_i - m - log sum_j e^(z_j - m),   m = max_j z_j
 * (log-softmax(-1000, 0) = (-1000, 0), where log(softmax) gives -inf).
 * Its gradient: d log p_i / dz_j = delta_ij - p_j. logp and z may be the
 * same array. */
void act_log_softmax(double *logp, const double *z, int n);

/* The softmax Jacobian J (n x n, row-major) from p = softmax(z):
 *     J[i*n + j] = dp_i / dz_j = p_i (delta_ij - p_j)
 * (diagonal p_i (1 - p_i), off the diagonal -p_i p_j). Each column sums to
 * 0, because the p_i always sum to 1. J must not alias p. */
void act_softmax_jacobian(double *J, const double *p, int n);

/* A = f(Z), elementwise, or row by row for softmax. A, Z same shape;
 * A may alias Z. */
void act_forward(const Act *act, Mat *A, const Mat *Z);

/* dZ = dL/dZ from dA = dL/dA, overwriting dZ. Elementwise kinds use
 * dZ_ij = dA_ij f'(Z_ij); softmax applies its Jacobian to each row:
 * dz_i = p_i (da_i - sum_j p_j da_j), with p = A. All shapes equal; dZ may
 * alias dA. */
void act_backward(const Act *act, Mat *dZ, const Mat *dA, const Mat *Z,
                  const Mat *A);

#endif
