/* exercises.h - chapter 02's graded exercises. Write them in exercises.c;
 * `make grade CH=02` grades them, `make next` shows the next to do.
 *
 * One model, the weighted sum of n inputs x with weights w and a bias b,
 *     f(x) = w1 x1 + w2 x2 + ... + wn xn + b,
 * and the losses of chapter 02:
 *     hinge loss     L = max(0, 1 - y f)                 labels y in {1, -1}
 *     log loss       L = -[y log p + (1 - y) log(1 - p)]  p = sigmoid(f), y in {0, 1}
 *     cross-entropy  L = -sum_j y_j log p_j               p = softmax(z), y one-hot
 * Arrays are plain C arrays of doubles; w, x, dw have n entries.
 */
#ifndef CH02_EXERCISES_H
#define CH02_EXERCISES_H

/* EXERCISE 2.1 (2 points): the hinge loss max(0, 1 - y f) of one example
 * with score f, and its derivative dL/df (the notes' case split with 1 in
 * place of 0: -y when y f < 1, else 0). */
double ex_hinge_loss(double y, double f);
double ex_hinge_dloss(double y, double f);

/* EXERCISE 2.2 (3 points): one SGD step on the example (x, y) for the
 * regularized hinge objective
 *     E_i = max(0, 1 - y f(x)) + lambda (w1^2 + ... + wn^2):
 *     w_i <- w_i - eta (dL/df x_i + 2 lambda w_i),   b <- b - eta dL/df,
 * with f(x) and every gradient taken at the weights before the step (the
 * bias is not regularized). Updates w[0..n-1] and *b in place; returns
 * the hinge loss of the example before the step. */
double ex_hinge_sgd_step(double *w, double *b, const double *x, double y, int n, double eta,
                         double lambda);

/* EXERCISE 2.3 (2 points): logistic regression on one example (x, y),
 * y in {0, 1}: p = sigmoid(f(x)) = 1 / (1 + e^-f(x)). Writes the gradient
 * of the log loss, dw[i] = dL/dw_i = (p - y) x_i and *db = dL/db = p - y,
 * and returns the loss L = -[y log p + (1 - y) log(1 - p)]. */
double ex_logistic_loss_grad(const double *x, double y, const double *w, double b, int n,
                             double *dw, double *db);

/* EXERCISE 2.4 (3 points): softmax regression's output for the k scores z
 * and the one-hot target y: writes p[j] = e^(z_j) / sum_m e^(z_m) (computed
 * so that large scores such as z = 1000 cannot overflow) and the gradient
 * dz[j] = dL/dz_j = p_j - y_j; returns L = -sum_j y_j log p_j. */
double ex_softmax_cce(const double *z, const double *y, int k, double *p, double *dz);

#endif
