/* solutions.c - chapter 11, regularization: the reference answers.
 * `make grade CH=11 SOLUTIONS=1` grades this file instead of exercises.c. */
#include <math.h>

#include "exercises.h"

/* EXERCISE 11.1: R = l2 sum w^2 + l1 sum |w|;  dR/dw_i = 2 l2 w_i + l1 sign(w_i) */
double ex_penalty(const double *w, int n, double l1, double l2, double *grad)
{
    double R = 0.0;
    for (int i = 0; i < n; i++) {
        double sign = (w[i] > 0) - (w[i] < 0);
        R += l2 * w[i] * w[i] + l1 * fabs(w[i]);
        grad[i] += 2.0 * l2 * w[i] + l1 * sign;
    }
    return R;
}

/* EXERCISE 11.2: m_j = [u_j >= rate] / (1 - rate),  out_j = a_j m_j  (training);
 * m_j = 1, out_j = a_j  (inference) */
int ex_dropout(const double *a, const double *u, int n, double rate, int training,
               double *mask, double *out)
{
    int kept = 0;
    for (int j = 0; j < n; j++) {
        if (!training)
            mask[j] = 1.0;
        else
            mask[j] = u[j] >= rate ? 1.0 / (1.0 - rate) : 0.0;
        out[j] = a[j] * mask[j];
        kept += mask[j] != 0.0;
    }
    return kept;
}

/* EXERCISE 11.3: mu = 1/m sum x,  var = 1/m sum (x - mu)^2,
 * x_hat = (x - mu) / sqrt(var + eps),  y = gamma x_hat + beta,
 * running = momentum running + (1 - momentum) batch */
void ex_batchnorm_forward(const double *x, int m, double gamma, double beta, double eps,
                          double momentum, ExBatchNorm *s, double *x_hat, double *y)
{
    double mu = 0.0, var = 0.0;
    for (int i = 0; i < m; i++)
        mu += x[i];
    mu /= m;
    for (int i = 0; i < m; i++)
        var += (x[i] - mu) * (x[i] - mu);
    var /= m;
    double std = sqrt(var + eps);
    for (int i = 0; i < m; i++) {
        x_hat[i] = (x[i] - mu) / std;
        y[i] = gamma * x_hat[i] + beta;
    }
    s->mu = mu;
    s->var = var;
    s->running_mean = momentum * s->running_mean + (1.0 - momentum) * mu;
    s->running_var = momentum * s->running_var + (1.0 - momentum) * var;
}

/* EXERCISE 11.4: dgamma = sum dy x_hat,  dbeta = sum dy,
 * dx_i = gamma (m dy_i - dbeta - x_hat_i dgamma) / (m sqrt(var + eps)) */
void ex_batchnorm_backward(const double *x_hat, const double *dy, int m, double gamma,
                           double var, double eps, double *dx, double *dgamma, double *dbeta)
{
    double dg = 0.0, db = 0.0;
    for (int i = 0; i < m; i++) {
        dg += dy[i] * x_hat[i];
        db += dy[i];
    }
    double std = sqrt(var + eps);
    for (int i = 0; i < m; i++)
        dx[i] = gamma * (m * dy[i] - db - x_hat[i] * dg) / (m * std);
    *dgamma = dg;
    *dbeta = db;
}

/* EXERCISE 11.5: improve when loss < best - min_delta; stop after patience
 * epochs in a row without improvement */
int ex_early_stopping(const double *val_loss, int n, int patience, double min_delta,
                      int *best_epoch)
{
    double best = val_loss[0];
    int wait = 0;
    *best_epoch = 1;
    for (int e = 2; e <= n; e++) {
        if (val_loss[e - 1] < best - min_delta) {
            best = val_loss[e - 1];
            *best_epoch = e;
            wait = 0;
        } else if (++wait >= patience) {
            return e;
        }
    }
    return 0;
}
