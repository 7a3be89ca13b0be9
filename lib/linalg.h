/* linalg.h - two tools of numerical linear algebra that a lecture uses as
 * a reference but does not teach: solving a linear system (the normal
 * equations of least squares, A^T A w = A^T y), and the extreme
 * eigenvalues of a symmetric matrix (how steep a quadratic bowl is along
 * its steepest and its flattest axis: its Hessian's eigenvalues).
 *
 * Meant for small dense matrices (a few dozen rows): both are O(n^3) or
 * O(iters n^2). Shapes are programmer errors (CHECK); a singular system
 * and running out of memory are returned.
 */
#ifndef ANNLAB_LINALG_H
#define ANNLAB_LINALG_H

#include "mat.h"

/* Solve A X = B for X by Gauss-Jordan elimination with partial pivoting.
 * For each column col: the row with the largest |A_p,col| (p >= col)
 * becomes the pivot row, and its multiple f = A_p,col / A_col,col is
 * subtracted from every other row p, in A and in B alike; at the end A is
 * diagonal and X_pj = B_pj / A_pp. A is (n x n), B (n x k).
 *
 * Works in place, as LAPACK's dgesv does: B receives X, and A is left in
 * its reduced (diagonal) form. Never allocates. Returns 0, or -1 when A is
 * singular (a column with no nonzero pivot left); A and B then hold a
 * partial reduction and no solution. */
int linalg_solve(Mat *A, Mat *B);

/* The largest eigenvalue of a symmetric positive semi-definite M (n x n),
 * by power iteration: from v = (n, n + 1, ..., 2n - 1) / its norm, iters
 * times
 *     lambda = v^T M v  (the Rayleigh quotient, |v| = 1),   v <- M v / |M v|
 * The error shrinks as (lambda_2 / lambda_1)^iters, lambda_2 the second
 * largest eigenvalue: a few hundred iterations suffice unless the two are
 * close. (Were the start orthogonal to every eigenvector of the largest
 * eigenvalue, the iteration would find a smaller one; this start is
 * orthogonal to none of the vectors one meets in practice: it has no two
 * equal entries and no zero.) *lambda is 0 when M v = 0.
 * Returns 0 with *lambda set, or -1 when out of memory (n doubles twice). */
int linalg_top_eigenvalue(double *lambda, const Mat *M, int iters);

/* The largest and the smallest eigenvalue of a symmetric positive
 * semi-definite M (n x n): lambda_max by linalg_top_eigenvalue, and
 *     lambda_min = lambda_max - top eigenvalue of (lambda_max I - M)
 * (the shift turns M's smallest eigenvalue into the largest of a PSD
 * matrix). lambda_min loses about log10(lambda_max / lambda_min) of the
 * 16 digits to that subtraction. Returns 0, or -1 when out of memory. */
int linalg_eig_extremes(double *lambda_min, double *lambda_max, const Mat *M, int iters);

#endif
