/* gradnorm.h - how fast each layer learns: the norm of its gradient.
 *
 * Gradient descent moves a weight by eta dC/dw, so the size of a layer's
 * gradient is the speed at which that layer learns (Nielsen, "Neural
 * Networks and Deep Learning", chapter 5). For dense layer l (counted from
 * 1, in the order of the net; other layer kinds are skipped):
 *
 *   kernel speed   ||dC/dW^[l]|| = sqrt(sum_ij (dC/dw^l_ij)^2)
 *   bias speed     ||dC/db^[l]|| = sqrt(sum_j (dC/db^l_j)^2)
 *
 * The bias gradient is the layer's error delta^[l] = dC/dZ^[l] summed over
 * the samples, with the cost a mean over them (net.h), so ||dC/db^[l]|| is
 * the norm of the average delta: the quantity Nielsen plots.
 *
 *     double speed[8];
 *     int n = gradnorm_measure(net, &loss, X, Y, GRADNORM_BIAS, speed, 8, NULL);
 *     // speed[0] is the first dense layer's, speed[n - 1] the output layer's
 *
 * A FitCallback records the speeds after every epoch of net_fit:
 *
 *     double rows[(EPOCHS + 1) * 8];
 *     GradNormLog log = {.loss = &loss, .X = Xm, .Y = Ym, .of = GRADNORM_KERNEL,
 *                        .norms = rows, .width = 8, .max_epochs = EPOCHS};
 *     gradnorm_measure(net, &loss, Xm, Ym, log.of, rows, 8, NULL);  // row 0
 *     FitCallback cb = {gradnorm_callback, &log};                   // rows 1..
 *
 * Only dense layers count (their W and b, the Params "dense_3/W" and
 * "dense_3/b"); activation, batch normalization, dropout and add layers
 * are skipped, so "layer l" means the l-th dense layer.
 */
#ifndef ANNLAB_GRADNORM_H
#define ANNLAB_GRADNORM_H

#include "loss.h"
#include "mat.h"
#include "net.h"

/* Which gradient of each dense layer to measure. */
typedef enum {
    GRADNORM_KERNEL, /* dC/dW^[l], the weights */
    GRADNORM_BIAS,   /* dC/db^[l], the biases: the average delta^[l] */
} GradNormOf;

/* Number of dense layers of net. */
int gradnorm_count(const Net *net);

/* The norms of the dense layers' gradients as they are now (after a
 * backward pass: net_cost_grad, or a training step) into out[0 ..], at
 * most max of them. Returns the number of dense layers (which may be more
 * than max: then only max were written). */
int gradnorm_layers(const Net *net, GradNormOf of, double *out, int max);

/* Measure the speeds on (X, Y): net_cost_grad (train mode, X->rows <=
 * net->max_rows), then gradnorm_layers. The net is left as it was, except
 * for the gradients and the last forward: batch normalization's running
 * statistics and the dropout Rng are put back, so measuring during
 * training changes nothing that training sees. The cost goes to *cost
 * when cost is not NULL. Returns what gradnorm_layers returns, or -1 when
 * out of memory (copies of the running statistics; nothing measured). */
int gradnorm_measure(Net *net, const Loss *loss, const Mat *X, const Mat *Y, GradNormOf of,
                     double *out, int max, double *cost);

/* The ratio ||first|| / ||last|| of n >= 1 speeds: how much more slowly
 * the first layer learns than the last (1e-3: a thousand times). 0 / 0 is
 * NaN, as in C. */
double gradnorm_ratio(const double *speeds, int n);

/* What gradnorm_callback records. Fill the first six fields; the callback
 * writes row e (e = the epoch, 1-based) of norms, width values a row (the
 * first gradnorm_count(net) of them), for e <= max_epochs, and sets epochs
 * to the last row written. Row 0 is the caller's (gradnorm_measure before
 * fit). */
typedef struct {
    const Loss *loss;
    const Mat *X, *Y;  /* the measuring set, X->rows <= the net's max_rows */
    GradNormOf of;
    double *norms;     /* (max_epochs + 1) x width, row-major */
    int width;         /* >= gradnorm_count(net) */
    int max_epochs;
    int epochs;        /* filled in: the last row written */
    int failed;        /* filled in: 1 when a measurement ran out of memory */
} GradNormLog;

/* A FitCallback (net.h): measure after each epoch, {gradnorm_callback, &log}.
 * Always returns FIT_CONTINUE; an epoch past max_epochs is not recorded. */
FitAction gradnorm_callback(Net *net, const EpochLog *log, void *gradnorm_log);

#endif
