/* linalg.c - Gauss-Jordan elimination and power iteration; see linalg.h. */
#include "linalg.h"

#include <math.h>
#include <stdlib.h>

#include "check.h"

/* Swap rows r and s of M. */
static void swap_rows(Mat *M, int r, int s)
{
    for (int j = 0; j < M->cols; j++) {
        double t = MAT_AT(M, r, j);
        MAT_AT(M, r, j) = MAT_AT(M, s, j);
        MAT_AT(M, s, j) = t;
    }
}

int linalg_solve(Mat *A, Mat *B)
{
    int n = A->rows;
    CHECK_SHAPE(A, n, n);
    CHECK(B->rows == n, "B is %d x %d, A is %d x %d", B->rows, B->cols, n, n);
    for (int col = 0; col < n; col++) {
        int piv = col; /* partial pivoting: the largest |A_p,col| below the diagonal */
        for (int p = col + 1; p < n; p++)
            if (fabs(MAT_AT(A, p, col)) > fabs(MAT_AT(A, piv, col)))
                piv = p;
        if (MAT_AT(A, piv, col) == 0.0)
            return -1;
        swap_rows(A, col, piv);
        swap_rows(B, col, piv);
        /* row p <- row p - f row col, f = A_p,col / A_col,col, for every p != col
         * (columns left of col are 0 in both rows already) */
        for (int p = 0; p < n; p++) {
            if (p == col)
                continue;
            double f = MAT_AT(A, p, col) / MAT_AT(A, col, col);
            for (int q = col; q < n; q++)
                MAT_AT(A, p, q) -= f * MAT_AT(A, col, q);
            for (int j = 0; j < B->cols; j++)
                MAT_AT(B, p, j) -= f * MAT_AT(B, col, j);
        }
    }
    /* A is diagonal now: X_pj = B_pj / A_pp */
    for (int p = 0; p < n; p++)
        for (int j = 0; j < B->cols; j++)
            MAT_AT(B, p, j) /= MAT_AT(A, p, p);
    return 0;
}

int linalg_top_eigenvalue(double *lambda, const Mat *M, int iters)
{
    int n = M->rows;
    CHECK_SHAPE(M, n, n);
    CHECK(n >= 1 && iters >= 1, "n = %d, iters = %d", n, iters);
    double *v = malloc(2 * (size_t)n * sizeof *v);
    if (!v)
        return -1;
    double *Mv = v + n, norm0 = 0.0;
    for (int p = 0; p < n; p++) { /* v = (n, n + 1, ..., 2n - 1) / |.| */
        v[p] = n + p;
        norm0 += v[p] * v[p];
    }
    for (int p = 0; p < n; p++)
        v[p] /= sqrt(norm0);
    *lambda = 0.0;
    for (int it = 0; it < iters; it++) {
        double norm = 0.0; /* Mv = M v,  norm = |M v| */
        for (int p = 0; p < n; p++) {
            Mv[p] = 0.0;
            for (int q = 0; q < n; q++)
                Mv[p] += MAT_AT(M, p, q) * v[q];
            norm += Mv[p] * Mv[p];
        }
        norm = sqrt(norm);
        if (norm == 0.0) {
            *lambda = 0.0;
            break;
        }
        double rayleigh = 0.0; /* v^T M v with |v| = 1, then v <- M v / |M v| */
        for (int p = 0; p < n; p++) {
            rayleigh += v[p] * Mv[p];
            v[p] = Mv[p] / norm;
        }
        *lambda = rayleigh;
    }
    free(v);
    return 0;
}

int linalg_eig_extremes(double *lambda_min, double *lambda_max, const Mat *M, int iters)
{
    int n = M->rows;
    CHECK_SHAPE(M, n, n);
    Mat *S = mat_new(n, n);
    if (!S || linalg_top_eigenvalue(lambda_max, M, iters) != 0) {
        mat_free(S);
        return -1;
    }
    /* S = lambda_max I - M: its largest eigenvalue is lambda_max - lambda_min */
    for (int p = 0; p < n; p++)
        for (int q = 0; q < n; q++)
            MAT_AT(S, p, q) = (p == q ? *lambda_max : 0.0) - MAT_AT(M, p, q);
    double top_S;
    int rc = linalg_top_eigenvalue(&top_S, S, iters);
    mat_free(S);
    if (rc != 0)
        return -1;
    *lambda_min = *lambda_max - top_S;
    return 0;
}
