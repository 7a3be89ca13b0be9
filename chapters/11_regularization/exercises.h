/* exercises.h - chapter 11's graded exercises. Write them in exercises.c;
 * `make grade CH=11` grades them, `make next` shows the next to do.
 *
 * The regularized cost of the notes (001), E = 1/n sum L + lambda R(w);
 * dropout with rate p (003); batch normalization of one unit over a batch
 * of m rows; Keras' early-stopping rule. Every formula is in the
 * chapter's README.md, with the worked numbers the grader uses.
 */
#ifndef CH11_EXERCISES_H
#define CH11_EXERCISES_H

/* EXERCISE 11.1 (2 points): the penalty of the n weights w and its
 * gradient, for the two penalties at once (either lambda may be 0):
 *     returns  l2 sum_i w_i^2 + l1 sum_i |w_i|
 *     grad[i] += 2 l2 w_i + l1 sign(w_i)        (sign(0) = 0)
 * grad holds the data's gradient dL/dw on entry: ADD to it, as a
 * regularizer adds its term to the cost's gradient. */
double ex_penalty(const double *w, int n, double l1, double l2, double *grad);

/* EXERCISE 11.2 (2 points): inverted dropout of the n outputs a of a
 * layer. In training (training = 1), u[j] in [0, 1) is unit j's coin toss:
 * the unit is kept when u[j] >= rate, and then
 *     mask[j] = 1 / (1 - rate),  else mask[j] = 0;   out[j] = a[j] mask[j]
 * At inference (training = 0) nothing is dropped and nothing is scaled:
 * mask[j] = 1, out[j] = a[j] (u is not read). Returns how many units were
 * kept (n at inference). 0 <= rate < 1. */
int ex_dropout(const double *a, const double *u, int n, double rate, int training,
               double *mask, double *out);

/* The statistics of one unit of a batch-normalization layer. */
typedef struct {
    double mu, var;                  /* the batch's mean and (population) variance */
    double running_mean, running_var; /* the averages kept for inference */
} ExBatchNorm;

/* EXERCISE 11.3 (2 points): batch normalization of one unit in training
 * mode, over the m values x of a batch:
 *     mu = 1/m sum x_i,   var = 1/m sum (x_i - mu)^2
 *     x_hat_i = (x_i - mu) / sqrt(var + eps),   y_i = gamma x_hat_i + beta
 * Write s->mu, s->var, x_hat[0..m-1] and y[0..m-1], then move the running
 * statistics (s->running_mean and s->running_var hold their old values)
 * towards the batch's:
 *     running_mean = momentum running_mean + (1 - momentum) mu
 *     running_var  = momentum running_var  + (1 - momentum) var */
void ex_batchnorm_forward(const double *x, int m, double gamma, double beta, double eps,
                          double momentum, ExBatchNorm *s, double *x_hat, double *y);

/* EXERCISE 11.4 (2 points): its backward pass. From dy[i] = dC/dy_i, the
 * x_hat and var of the forward pass:
 *     *dgamma = sum dy_i x_hat_i,   *dbeta = sum dy_i
 *     dx[i] = gamma / (m sqrt(var + eps)) (m dy_i - dbeta - x_hat_i dgamma) */
void ex_batchnorm_backward(const double *x_hat, const double *dy, int m, double gamma,
                           double var, double eps, double *dx, double *dgamma, double *dbeta);

/* EXERCISE 11.5 (2 points): Keras' EarlyStopping rule on the validation
 * losses val_loss[0..n-1] of epochs 1..n. Epoch 1 is the first best; a
 * later epoch improves when its loss is below the best so far by MORE than
 * min_delta, and then becomes the best. After `patience` epochs in a row
 * without improvement, training stops (patience >= 1). Write the best
 * epoch (1-based) to *best_epoch; return the epoch training stops after
 * (1-based), or 0 when it runs all n epochs. */
int ex_early_stopping(const double *val_loss, int n, int patience, double min_delta,
                      int *best_epoch);

#endif
