/* solutions.c - chapter 07, gradient descent: the reference answers.
 * `make grade CH=07 SOLUTIONS=1` grades this file instead of exercises.c. */
#include "exercises.h"

/* EXERCISE 7.1: e_i = y_i - (m x_i + c);  L = 1/n sum e_i^2;
 * dL/dm = -2/n sum x_i e_i;  dL/dc = -2/n sum e_i */
double ex_mse_grad(const double *x, const double *y, int n, double m, double c,
                   double *dL_dm, double *dL_dc)
{
    double sum_e2 = 0.0, sum_xe = 0.0, sum_e = 0.0;
    for (int i = 0; i < n; i++) {
        double e = y[i] - (m * x[i] + c);
        sum_e2 += e * e;
        sum_xe += x[i] * e;
        sum_e += e;
    }
    *dL_dm = -2.0 / n * sum_xe;
    *dL_dc = -2.0 / n * sum_e;
    return sum_e2 / n;
}

/* EXERCISE 7.2: m <- m - eta dL/dm, c <- c - eta dL/dc (gradient at the old m, c) */
double ex_batch_step(const double *x, const double *y, int n, double *m, double *c,
                     double eta)
{
    double dL_dm, dL_dc;
    double L = ex_mse_grad(x, y, n, *m, *c, &dL_dm, &dL_dc);
    *m -= eta * dL_dm;
    *c -= eta * dL_dc;
    return L;
}

/* EXERCISE 7.3: a batch step on each single row, in order */
double ex_sgd_epoch(const double *x, const double *y, int n, double *m, double *c,
                    double eta)
{
    double total = 0.0;
    for (int i = 0; i < n; i++)
        total += ex_batch_step(&x[i], &y[i], 1, m, c, eta);
    return total / n;
}

/* EXERCISE 7.4: batches of B rows (the last one smaller), one step each */
int ex_minibatch_epoch(const double *x, const double *y, int n, int B, double *m,
                       double *c, double eta)
{
    int updates = 0;
    for (int first = 0; first < n; first += B) {
        int k = n - first < B ? n - first : B;
        ex_batch_step(&x[first], &y[first], k, m, c, eta);
        updates++;
    }
    return updates;
}

/* EXERCISE 7.5: E = X W + b - Y;  dW = 2/m X^T E;  db = 2/m sum E */
double ex_grad_vectorized(const Mat *X, const Mat *Y, const Mat *W, const Mat *b, Mat *E,
                          Mat *dW, Mat *db)
{
    int m = X->rows;
    mat_matmul(E, X, W);
    mat_add_row_vector(E, b);
    mat_sub(E, E, Y);
    mat_matmul_tn(dW, X, E);
    mat_sum_rows(db, E);
    mat_scale(dW, 2.0 / m);
    mat_scale(db, 2.0 / m);
    double sum_e2 = 0.0;
    for (int i = 0; i < m; i++)
        sum_e2 += MAT_AT(E, i, 0) * MAT_AT(E, i, 0);
    return sum_e2 / m;
}
