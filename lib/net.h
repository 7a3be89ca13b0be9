/* net.h - a sequential model of dense layers, as Keras' Sequential.
 *
 *     Net *net = net_new(11, 64);                 11 inputs, batches of <= 64
 *     net_add(net, 11, act_of(ACT_SIGMOID));      Dense(11, sigmoid)
 *     net_add(net, 1, act_of(ACT_SIGMOID));       Dense(1, sigmoid)
 *     net_init(net, &(Init){INIT_XAVIER_UNIFORM}, &rng);
 *     net_summary(net, stdout);                   the Keras parameter table
 *     net_fit(net, &loss, X, Y, &spec, &result);  mini-batch gradient descent
 *
 * Forward propagation in matrix form (001), samples as rows:
 *     A^[0] = X,   A^[k] = act_k(A^[k-1] W^[k] + b^[k]),   y_hat = A^[L]
 * Backpropagation: from dA^[L] = d cost / d y_hat, each layer turns dA^[k]
 * into dW^[k], db^[k] and dA^[k-1] (layer.h) - the chain rule, with each
 * layer's delta computed once and reused (memoization, 001).
 *
 * The cost is the mean over the samples (loss.h), so every gradient is the
 * gradient of that mean. The net owns its layers; net_free frees them all.
 */
#ifndef ANNLAB_NET_H
#define ANNLAB_NET_H

#include <stdio.h>

#include "init.h"
#include "layer.h"
#include "loss.h"
#include "mat.h"
#include "rng.h"

#define NET_MAX_LAYERS 16

typedef struct {
    int n_in;     /* inputs per sample */
    int max_rows; /* the largest batch forward/backward accept */
    int n_layers;
    Dense *layers[NET_MAX_LAYERS];
    Mat *dA_buf[NET_MAX_LAYERS]; /* dA_buf[k]: d cost / d (input of layer k) */
    Mat *dY_buf;                 /* d cost / d y_hat (or the output layer's dZ) */
} Net;

/* An empty model taking n_in inputs, for batches of up to max_rows
 * samples; NULL when out of memory. */
Net *net_new(int n_in, int max_rows);
void net_free(Net *net);

/* Append a dense layer of n_out units. Returns 0, or -1 when out of
 * memory or when NET_MAX_LAYERS layers are already there. */
int net_add(Net *net, int n_out, Act act);

/* Outputs per sample (the last layer's units; n_in when empty). */
int net_n_out(const Net *net);

/* Every W from the initializer (layer by layer, in order), every b = 0. */
void net_init(Net *net, const Init *init, Rng *rng);

/* Trainable parameters: sum over layers of n_in * n_out + n_out. */
int net_param_count(const Net *net);

/* The Keras model.summary() table: Layer (type), Output Shape, Param #,
 * then Total / Trainable / Non-trainable params. */
void net_summary(const Net *net, FILE *fp);

/* y_hat for the X->rows <= max_rows samples of X; a view owned by the net,
 * valid until the next forward. */
const Mat *net_forward(Net *net, const Mat *X);

/* Backpropagate dYhat = d cost / d y_hat (m x n_out) through the last
 * net_forward: overwrites every layer's dW and db. (net_cost,
 * net_accuracy and net_fit also run forward, over views of their own:
 * call net_forward again before a net_backward that follows them.) */
void net_backward(Net *net, const Mat *dYhat);

/* The cost (mean loss) of the net's predictions for X against Y; X may
 * have more rows than max_rows (it then runs in batches). */
double net_cost(Net *net, const Loss *loss, const Mat *X, const Mat *Y);

/* Forward, cost, and backward in one for the X->rows <= max_rows samples
 * of X: returns the cost and leaves its gradient in every layer's dW, db.
 * With softmax + categorical (or sparse) cross-entropy, or sigmoid +
 * binary cross-entropy, the output layer's delta is taken in closed form:
 * dZ = (y_hat - Y) / (m k) (k = 1 for softmax; it assumes each row of a
 * categorical Y sums to 1, as one-hot rows do). */
double net_cost_grad(Net *net, const Loss *loss, const Mat *X, const Mat *Y);

/* Gradient descent step: W <- W - lr dW, b <- b - lr db, every layer. */
void net_step(Net *net, double lr);

/* L2 penalty sum of w^2 over every weight (biases excluded), and its
 * gradient added in: dW <- dW + 2 lambda W. */
double net_l2(const Net *net);
void net_add_l2_grad(Net *net, double lambda);

/* Fraction of samples classified right, judged as the loss sees them:
 * one output -> with hinge or perceptron loss the sign of y_hat against
 * Y in {-1, 1}, with any other loss y_hat >= 0.5 against Y in {0, 1};
 * k outputs -> argmax vs the one-hot row of Y, or vs the class index
 * 0..k-1 when Y has one column (a CHECK rejects any other index). */
double net_accuracy(Net *net, const Loss *loss, const Mat *X, const Mat *Y);

/* Settings of net_fit, filled with designated initializers. */
typedef struct {
    int epochs;
    int batch_size;    /* 1: stochastic, 0 or >= m: the whole batch, else mini-batch */
    double lr;         /* learning rate eta */
    double l2;         /* lambda of the penalty lambda * sum w^2; 0 for none */
    Rng *shuffle;      /* shuffle the samples each epoch; NULL keeps their order */
    int verbose;       /* 0 quiet; else one line per epoch, like Keras' verbose=2 */
    double *history;   /* if not NULL: the cost of each epoch (epochs values) */
    const Mat *X_val, *Y_val; /* optional validation set, reported each epoch */
    double *val_history; /* if not NULL (and X_val given): the validation cost
                          * after each epoch, with that epoch's final weights */
} FitSpec;

typedef struct {
    int epochs;        /* epochs completed */
    double cost;       /* the last epoch's cost */
    int diverged;      /* 1 when the cost became inf or NaN (training stopped) */
    char message[256]; /* why it stopped, when it diverged */
} FitResult;

/* Train with (mini-)batch gradient descent: each batch runs forward,
 * cost, backward, then a step. An epoch's cost is the mean of its batches'
 * costs weighted by their sizes (what Keras reports as loss), plus the L2
 * penalty. Returns 0, or -1 when the cost, or a weight after a step,
 * stopped being finite (res->message says what, at which epoch and batch,
 * and suggests a smaller learning rate; the weights are left as they were
 * then); also -1 when out of memory. */
int net_fit(Net *net, const Loss *loss, const Mat *X, const Mat *Y, const FitSpec *spec,
            FitResult *res);

/* Called by net_gradcheck for each parameter: layer (0-based), which
 * ('W' or 'b'), its row and column, the analytic and numeric gradients. */
typedef void (*NetGradcheckFn)(int layer, char which, int i, int j, double analytic,
                               double numeric, void *ctx);

/* Compare every dW, db from net_cost_grad with central differences of
 * net_cost (step h). Calls report (if not NULL) per parameter; returns the
 * largest relative error (infinite when a gradient is NaN, see
 * gradcheck_rel_error). The parameters are left as they were;
 * X->rows <= max_rows. */
double net_gradcheck(Net *net, const Loss *loss, const Mat *X, const Mat *Y, double h,
                     NetGradcheckFn report, void *ctx);

#endif
