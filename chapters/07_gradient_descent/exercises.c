/* exercises.c - chapter 07, gradient descent: your exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=07      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/07_gradient_descent` show every
 * formula and worked number you need: the hand tables of sections 3 to 6
 * are the values the grader checks. Keep the function signatures as they
 * are.
 */
#include "exercises.h"

/* EXERCISE 7.1 (2 points): the loss and its gradient.
 * For each row i: y_hat_i = m x[i] + c and e_i = y[i] - y_hat_i. Then
 *     L = 1/n sum e_i^2,   dL/dm = -2/n sum x[i] e_i,   dL/dc = -2/n sum e_i
 * Write the gradient into *dL_dm and *dL_dc, and return L.
 * Check: on the students table (x = 8, 9, 5, 7; y = 3, 5, 8, 11) with
 * m = 1, c = 0: L = 16.5, dL/dm = 16.5, dL/dc = 1. */
double ex_mse_grad(const double *x, const double *y, int n, double m, double c,
                   double *dL_dm, double *dL_dc)
{
    (void)x, (void)y, (void)n, (void)m, (void)c, (void)dL_dm, (void)dL_dc;
    return 0.0; /* your code here */
}

/* EXERCISE 7.2 (2 points): one batch GD step.
 * The gradient on all n rows at the current (m, c), then
 *     m <- m - eta dL/dm,   c <- c - eta dL/dc
 * Return L before the step. (Use ex_mse_grad.) */
double ex_batch_step(const double *x, const double *y, int n, double *m, double *c,
                     double eta)
{
    (void)x, (void)y, (void)n, (void)m, (void)c, (void)eta;
    return 0.0; /* your code here */
}

/* EXERCISE 7.3 (2 points): one SGD epoch, rows in order.
 * For i = 0, 1, ..., n-1: the gradient of row i alone (n = 1 in the
 * formula: dL/dm = -2 x[i] e_i, dL/dc = -2 e_i), then the update. Return
 * the mean of the n row losses e_i^2, each taken before its update. */
double ex_sgd_epoch(const double *x, const double *y, int n, double *m, double *c,
                    double eta)
{
    (void)x, (void)y, (void)n, (void)m, (void)c, (void)eta;
    return 0.0; /* your code here */
}

/* EXERCISE 7.4 (2 points): one mini-batch GD epoch.
 * Batches of B rows in order: rows first .. first + k - 1 with
 * k = B, except the last batch, which takes the k < B rows left. Each batch:
 * its mean gradient (divide by k), then one update. Return the number of
 * updates. */
int ex_minibatch_epoch(const double *x, const double *y, int n, int B, double *m,
                       double *c, double eta)
{
    (void)x, (void)y, (void)n, (void)B, (void)m, (void)c, (void)eta;
    return 0; /* your code here */
}

/* EXERCISE 7.5 (2 points): the gradient as matrix products (mat.h).
 *     E  = X W + b - Y      mat_matmul, mat_add_row_vector, mat_sub
 *     dW = 2/m X^T E        mat_matmul_tn, mat_scale
 *     db = 2/m sum_i E_i    mat_sum_rows, mat_scale
 * m = X->rows. Return the cost 1/m sum_i E_i^2. */
double ex_grad_vectorized(const Mat *X, const Mat *Y, const Mat *W, const Mat *b, Mat *E,
                          Mat *dW, Mat *db)
{
    (void)X, (void)Y, (void)W, (void)b, (void)E, (void)dW, (void)db;
    return 0.0; /* your code here */
}
