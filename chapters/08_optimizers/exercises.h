/* exercises.h - chapter 08's graded exercises. Write them in exercises.c;
 * `make grade CH=08` grades them, `make next` shows the next to do.
 *
 * Each optimizer updates n weights w[0..n-1] from their gradients
 * g[0..n-1] = dL/dw, one weight at a time (elementwise), and keeps some
 * state per weight that the caller stores between steps (all 0 before the
 * first step). With the chapter's symbols:
 *
 *   momentum  v = gamma v + lr g;            w = w - v
 *   EDA       avg = rho avg + (1 - rho) x
 *   Adagrad   G = G + g^2;                   w = w - lr / sqrt(G + eps) g
 *   RMSProp   E = rho E + (1 - rho) g^2;     w = w - lr / sqrt(E + eps) g
 *   Adam      m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g^2
 *             m_hat = m / (1 - beta1^t);     v_hat = v / (1 - beta2^t)
 *             w = w - lr m_hat / (sqrt(v_hat) + eps)
 *
 * The chapter's README and `./build/08_optimizers` work each of them by
 * hand on the bowl f = 1/2 (w1^2 + 20 w2^2) from w = (-4, 1).
 */
#ifndef CH08_EXERCISES_H
#define CH08_EXERCISES_H

/* EXERCISE 8.1 (2 points): one step of SGD with momentum: update the
 * velocities v[i] and then the weights w[i], for i = 0..n-1. */
void ex_momentum_step(double *w, double *v, const double *g, int n, double lr, double gamma);

/* EXERCISE 8.2 (2 points): the exponential decay average. ex_eda returns
 * the new average after the value x joins avg; ex_eda_weight returns the
 * weight that the k-th newest value (k = 1: the one just added, k = 2: the
 * one before, ...) carries in an average unrolled term by term. */
double ex_eda(double avg, double x, double rho);
double ex_eda_weight(int k, double rho);

/* EXERCISE 8.3 (2 points): one step of Adagrad: add each g[i]^2 to G[i],
 * then update w[i] with the learning rate lr / sqrt(G[i] + eps). */
void ex_adagrad_step(double *w, double *G, const double *g, int n, double lr, double eps);

/* EXERCISE 8.4 (1 point): one step of RMSProp: update the averages E[i]
 * of g^2 with this step's gradients, then the weights. */
void ex_rmsprop_step(double *w, double *E, const double *g, int n, double lr, double rho,
                     double eps);

/* EXERCISE 8.5 (3 points): step number t (1 for the first step) of Adam,
 * with its bias correction: update m[i] and v[i], then w[i]. */
void ex_adam_step(double *w, double *m, double *v, const double *g, int n, int t, double lr,
                  double beta1, double beta2, double eps);

#endif
