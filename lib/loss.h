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
 *   cce          -sum_j y_j log p_j                d/dp_j = -y_j / p_j
 *   sparse cce   -log p_c  (c is the class index)
 *   hinge        max(0, 1 - y f)      y in {-1, 1} d/df = -y if y f < 1 else 0
 *   perceptron   max(0, -y f)         y in {-1, 1} d/df = -y if y f < 0 else 0
 *   kl           sum_j p_j (log p_j - log q_j)     d/dq_j = -p_j / q_j
 *
 * Logarithms of predicted probabilities clamp them into
 * [LOSS_EPS, 1 - LOSS_EPS] first (as Keras does), so a prediction of 0 or
 * 1 gives a large finite loss, not inf. (KL's target distribution p is
 * not clamped: its terms with p_j = 0 are 0.)
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
} LossKind;

/* A loss with its settings: delta is the Huber loss's threshold. */
typedef struct {
    LossKind kind;
    double delta;
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
double loss_hinge(double y, double f);
double loss_hinge_grad(double y, double f);
double loss_perceptron(double y, double f);
double loss_perceptron_grad(double y, double f);

/* Over k classes: y one-hot (or any distribution), p probabilities. */
double loss_cce(const double *y, const double *p, int k);
void loss_cce_grad(double *dp, const double *y, const double *p, int k);
double loss_sparse_cce(int c, const double *p, int k);
double loss_kl(const double *p, const double *q, int k);
void loss_kl_grad(double *dq, const double *p, const double *q, int k);

/* The cost: the mean loss over the m rows of Yhat (m x k).
 *   Y is (m x k), except for LOSS_SPARSE_CCE where it is (m x 1) and holds
 *   class indices 0..k-1.
 *   Elementwise losses (mse, mae, huber, log-cosh, bce, hinge, perceptron)
 *   average over the k columns too, as Keras does; cce and kl sum over the
 *   classes of a row; rmse is sqrt(mse). */
double loss_cost(const Loss *loss, const Mat *Y, const Mat *Yhat);

/* dYhat = d cost / d Yhat (overwrites dYhat, same shape as Yhat). */
void loss_cost_grad(const Loss *loss, Mat *dYhat, const Mat *Y,
                    const Mat *Yhat);

#endif
