/* exercises.c - chapter 11, regularization: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=11      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/11_regularization` show every
 * formula and worked number you need. Keep the function signatures as
 * they are. sqrt and fabs are in <math.h>.
 */
#include <math.h>

#include "exercises.h"

/* EXERCISE 11.1 (2 points): the penalty l2 sum w^2 + l1 sum |w|; ADD its
 * gradient 2 l2 w_i + l1 sign(w_i) to grad[i] (sign(0) = 0). */
double ex_penalty(const double *w, int n, double l1, double l2, double *grad)
{
    (void)w, (void)n, (void)l1, (void)l2, (void)grad;
    return 0.0; /* your code here */
}

/* EXERCISE 11.2 (2 points): inverted dropout. Training: keep unit j when
 * u[j] >= rate, mask[j] = 1 / (1 - rate) if kept, else 0; out = a mask.
 * Inference: mask[j] = 1, out = a. Return how many units were kept. */
int ex_dropout(const double *a, const double *u, int n, double rate, int training,
               double *mask, double *out)
{
    (void)a, (void)u, (void)n, (void)rate, (void)training, (void)mask, (void)out;
    return 0; /* your code here */
}

/* EXERCISE 11.3 (2 points): batch normalization of one unit over a batch
 * in training mode: mu, var (divide by m), x_hat = (x - mu) / sqrt(var +
 * eps), y = gamma x_hat + beta; then the running statistics:
 * running = momentum running + (1 - momentum) batch. */
void ex_batchnorm_forward(const double *x, int m, double gamma, double beta, double eps,
                          double momentum, ExBatchNorm *s, double *x_hat, double *y)
{
    (void)x, (void)m, (void)gamma, (void)beta, (void)eps, (void)momentum, (void)s, (void)x_hat,
        (void)y;
    /* your code here */
}

/* EXERCISE 11.4 (2 points): batch normalization backward:
 * dgamma = sum dy x_hat, dbeta = sum dy,
 * dx_i = gamma (m dy_i - dbeta - x_hat_i dgamma) / (m sqrt(var + eps)). */
void ex_batchnorm_backward(const double *x_hat, const double *dy, int m, double gamma,
                           double var, double eps, double *dx, double *dgamma, double *dbeta)
{
    (void)x_hat, (void)dy, (void)m, (void)gamma, (void)var, (void)eps, (void)dx, (void)dgamma,
        (void)dbeta;
    /* your code here */
}

/* EXERCISE 11.5 (2 points): the early-stopping rule. Track the best loss
 * and a count of epochs without improvement (improvement: below the best
 * by more than min_delta); stop when the count reaches patience. Return
 * the epoch it stops after (1-based), or 0; the best epoch in *best_epoch. */
int ex_early_stopping(const double *val_loss, int n, int patience, double min_delta,
                      int *best_epoch)
{
    (void)val_loss, (void)n, (void)patience, (void)min_delta, (void)best_epoch;
    return 0; /* your code here */
}
