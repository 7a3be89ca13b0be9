/* loss.h - loss functions: value and gradient.
 *
 * The notes' distinction: a LOSS measures one example, a COST is the mean
 * of the losses over the data set. The per-example functions below take
 * the target y and the prediction (yhat, a probability p, or a raw score
 * f) and return the loss; each *_grad returns its derivative with respect
 * to the prediction. loss_cost / loss_cost_grad apply a loss to a whole
 * (m x k) matrix of predictions, one sample per row, and average.
 *
 *   squared      (y - yhat)^2                      d/dyhat = -2 (y - yhat)
 *   absolute     |y - yhat|                        d/dyhat = -sign(y - yhat)
 *   huber        1/2 e^2 if |e| <= delta, else delta |e| - delta^2 / 2
 *   log-cosh     log(cosh(yhat - y))               d/dyhat = tanh(yhat - y)
 *   bce          -y log p - (1 - y) log(1 - p)     d/dp = (p - y) / (p (1 - p))
 *   weighted bce -w1 y log p - w0 (1 - y) log(1 - p)
 *                (w0, w1: the weights of classes 0 and 1, Keras'
 *                class_weight = {0: w0, 1: w1})
 *                                                  d/dp = -w1 y / p + w0 (1 - y) / (1 - p)
 *   cce          -sum_j y_j log p_j                d/dp_j = -y_j / p_j
 *   sparse cce   -log p_c  (c is the class index)  d/dp_j = -1 / p_c if j = c, else 0
 *   hinge        max(0, 1 - y f)      y in {-1, 1} d/df = -y if y f < 1 else 0
 *   perceptron   max(0, -y f)         y in {-1, 1} d/df = -y if y f < 0 else 0
 *   kl           sum_j p_j (log p_j - log q_j)     d/dq_j = -p_j / q_j
 *
 * Logarithms of predicted probabilities clamp them into
 * [LOSS_EPS, 1 - LOSS_EPS] first (as Keras does), so a prediction of 0 or
 * 1 gives a large finite loss, not inf. The gradients are taken at the
 * clamped probability too: finite (at most 1/LOSS_EPS = 1e7 in size) and
 * still pointing towards the target, where the clamp itself would be
 * flat. (KL's target distribution p is not clamped: its terms with
 * p_j = 0 are 0.)
 *
 * log-cosh is computed without cosh, which overflows for |e| > 710: for
 * |e| >= 1 as |e| + log(1 + e^(-2|e|)) - log 2, and for |e| < 1 as
 * log(1 + 2 sinh^2(e/2)), which keeps full relative precision for tiny e
 * (where the first form would lose it to cancellation).
 *
 * Extreme inputs: finite wherever the math is (log-cosh(1e308) = 1e308,
 * about |e| - log 2; BCE and CCE of p = 0 or 1 through LOSS_EPS), and a
 * NaN in gives a NaN out: no case split turns a NaN into 0.
 *
 * Settings are checked (CHECK, an abort with file:line): Huber needs
 * delta > 0, class weights must be >= 0 and not both 0, a class index
 * must be a whole number in 0..k-1.
 */
#ifndef ANNLAB_LOSS_H
#define ANNLAB_LOSS_H

#include "mat.h"

/* Probabilities are clamped into [LOSS_EPS, 1 - LOSS_EPS] (Keras' epsilon). */
#define LOSS_EPS 1e-7

typedef enum {
    LOSS_MSE,
    LOSS_MAE,
    LOSS_RMSE,
    LOSS_HUBER,
    LOSS_LOGCOSH,
    LOSS_BCE,
    LOSS_CCE,
    LOSS_SPARSE_CCE,
    LOSS_HINGE,
    LOSS_PERCEPTRON,
    LOSS_KL,
    LOSS_WEIGHTED_BCE,
} LossKind;

/* A loss with its settings, filled with designated initializers:
 *   delta          the Huber loss's threshold (> 0; Keras' default is 1):
 *                  (Loss){.kind = LOSS_HUBER, .delta = 1.0}
 *   class_weight   the weights of classes 0 and 1 of LOSS_WEIGHTED_BCE:
 *                  (Loss){.kind = LOSS_WEIGHTED_BCE, .class_weight = {5, 70}}
 *                  is Keras' class_weight = {0: 5, 1: 70}. */
typedef struct {
    LossKind kind;
    double delta;
    double class_weight[2];
} Loss;

/* Name as Keras spells it: "mse", "binary_crossentropy", ... */
const char *loss_name(LossKind kind);

/* Per-example losses and their derivatives (see the table above). */
double loss_squared(double y, double yhat);
double loss_squared_grad(double y, double yhat);
double loss_absolute(double y, double yhat);
double loss_absolute_grad(double y, double yhat);
double loss_huber(double y, double yhat, double delta);
double loss_huber_grad(double y, double yhat, double delta);
double loss_logcosh(double y, double yhat);
double loss_logcosh_grad(double y, double yhat);
double loss_bce(double y, double p);
double loss_bce_grad(double y, double p);
/* class_weight[0] weighs the examples of class 0 (y = 0), class_weight[1]
 * those of class 1: for y in {0, 1} the loss is class_weight[y] x bce. */
double loss_weighted_bce(double y, double p, const double class_weight[2]);
double loss_weighted_bce_grad(double y, double p, const double class_weight[2]);
double loss_hinge(double y, double f);
double loss_hinge_grad(double y, double f);
double loss_perceptron(double y, double f);
double loss_perceptron_grad(double y, double f);

/* Over k classes: y one-hot (or any distribution), p probabilities. */
double loss_cce(const double *y, const double *p, int k);
void loss_cce_grad(double *dp, const double *y, const double *p, int k);
double loss_sparse_cce(int c, const double *p, int k);
void loss_sparse_cce_grad(double *dp, int c, const double *p, int k);
double loss_kl(const double *p, const double *q, int k);
void loss_kl_grad(double *dq, const double *p, const double *q, int k);

/* The cost: the mean loss over the m rows of Yhat (m x k).
 *   Y is (m x k), except for LOSS_SPARSE_CCE where it is (m x 1) and holds
 *   class indices 0..k-1.
 *   Elementwise losses (mse, mae, huber, log-cosh, bce, weighted bce,
 *   hinge, perceptron) average over the k columns too, as Keras does; cce
 *   and kl sum over the classes of a row; rmse is sqrt(mse). Weighted bce
 *   divides by the number of elements (m k), not by the sum of the
 *   weights, as Keras does with class_weight. */
double loss_cost(const Loss *loss, const Mat *Y, const Mat *Yhat);

/* dYhat = d cost / d Yhat (overwrites dYhat, same shape as Yhat). */
void loss_cost_grad(const Loss *loss, Mat *dYhat, const Mat *Y,
                    const Mat *Yhat);

#endif
