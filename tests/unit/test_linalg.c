/* test_linalg.c - unit tests for lib/linalg: Gauss-Jordan elimination on
 * systems solved by hand (one that needs a row swap, one with two
 * right-hand sides, a singular one), and power iteration on symmetric
 * matrices whose eigenvalues are known in closed form.
 *
 * Tolerances: the small systems have exact solutions reached in a handful
 * of operations on numbers near 1, so 1e-12; the eigenvalues after a few
 * hundred iterations are exact to rounding (the error shrinks as
 * (lambda_2 / lambda_1)^iters, below 1e-100 here), so 1e-12 relative,
 * and lambda_min, found by a subtraction that cancels about
 * log10(lambda_max / lambda_min) digits, 1e-10 relative.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "linalg.h"
#include "mat.h"

#define TOL 1e-12

/* linalg_solve on A (n x n) and B (n x k) gives X (n x k), within TOL. */
static void assert_solves(int n, int k, const double *A, const double *B, const double *X)
{
    Mat *a = mat_from(n, n, A), *b = mat_from(n, k, B);
    cr_assert_eq(linalg_solve(a, b), 0);
    for (int i = 0; i < n * k; i++)
        cr_assert_float_eq(b->data[i], X[i], TOL, "X[%d] = %.17g, expected %g", i, b->data[i],
                           X[i]);
    mat_free(a);
    mat_free(b);
}

Test(linalg, solve_a_2_by_2_system_worked_by_hand)
{
    /* 2 x + y = 5, x + 3 y = 10: 2 x (second) - first: 5 y = 15, y = 3, x = 1 */
    assert_solves(2, 1, (double[]){2, 1, 1, 3}, (double[]){5, 10}, (double[]){1, 3});
}

Test(linalg, solve_swaps_rows_when_the_first_pivot_is_zero)
{
    /* 0 x + y = 2, x + y = 5: without a swap the first pivot is 0.
     * y = 2, x = 5 - 2 = 3 */
    assert_solves(2, 1, (double[]){0, 1, 1, 1}, (double[]){2, 5}, (double[]){3, 2});
}

Test(linalg, solve_handles_several_right_hand_sides_at_once)
{
    /* A = [[4, -2, 1], [-2, 4, -2], [1, -2, 4]], X = [[1, 0], [2, 1], [3, -1]]:
     * B = A X = [[4 - 4 + 3, -2 - 1], [-2 + 8 - 6, 4 + 2], [1 - 4 + 12, -2 - 4]]
     *         = [[3, -3], [0, 6], [9, -6]] */
    assert_solves(3, 2, (double[]){4, -2, 1, -2, 4, -2, 1, -2, 4},
                  (double[]){3, -3, 0, 6, 9, -6}, (double[]){1, 0, 2, 1, 3, -1});
}

Test(linalg, solve_reports_a_singular_matrix)
{
    /* the second row is twice the first: after eliminating column 0 the
     * second row is all zeros, so column 1 has no pivot */
    Mat *A = mat_from(2, 2, (double[]){1, 2, 2, 4});
    Mat *B = mat_from(2, 1, (double[]){1, 2});
    cr_assert_eq(linalg_solve(A, B), -1);
    mat_free(A);
    mat_free(B);
}

Test(linalg, top_eigenvalue_of_a_diagonal_matrix_is_its_largest_entry)
{
    /* diag(1, 5, 3): the eigenvalues are the entries; the largest is 5 */
    Mat *M = mat_from(3, 3, (double[]){1, 0, 0, 0, 5, 0, 0, 0, 3});
    double lambda = 0.0;
    cr_assert_eq(linalg_top_eigenvalue(&lambda, M, 500), 0);
    cr_assert_float_eq(lambda, 5.0, TOL * 5);
    mat_free(M);
}

Test(linalg, top_eigenvalue_is_found_when_its_vector_is_orthogonal_to_all_ones)
{
    /* [[2, -1], [-1, 2]]: eigenvalues 3 for (1, -1) and 1 for (1, 1). A
     * start of all ones would sit on the eigenvector of 1 forever; the
     * start (2, 3) / sqrt(13) has a (1, -1) component, so 3 is found */
    Mat *M = mat_from(2, 2, (double[]){2, -1, -1, 2});
    double lambda = 0.0;
    cr_assert_eq(linalg_top_eigenvalue(&lambda, M, 500), 0);
    cr_assert_float_eq(lambda, 3.0, TOL * 3);
    mat_free(M);
}

Test(linalg, top_eigenvalue_of_the_zero_matrix_is_zero)
{
    /* M v = 0 for every v: the iteration stops and reports 0 */
    Mat *M = mat_new(2, 2);
    double lambda = 7.0;
    cr_assert_eq(linalg_top_eigenvalue(&lambda, M, 10), 0);
    cr_assert_eq(lambda, 0.0);
    mat_free(M);
}

Test(linalg, extremes_of_a_2_by_2_match_the_closed_form)
{
    /* the Hessian of chapter 07's MSE bowl on 001's students table:
     * [[109.5, 14.5], [14.5, 2]]. Eigenvalues of [[a, h], [h, d]]:
     * (a + d)/2 +- sqrt(((a - d)/2)^2 + h^2) = 55.75 +- sqrt(53.75^2 + 14.5^2)
     * = 55.75 +- sqrt(3099.3125) = 55.75 +- 55.6714694...
     * lambda_max = 111.421469..., lambda_min = det / lambda_max = 8.75 / 111.421469...
     * (det = 109.5 x 2 - 14.5^2 = 219 - 210.25 = 8.75) */
    Mat *M = mat_from(2, 2, (double[]){109.5, 14.5, 14.5, 2});
    double lo = 0.0, hi = 0.0;
    double hi_exact = 55.75 + sqrt(3099.3125), lo_exact = 8.75 / hi_exact;
    cr_assert_eq(linalg_eig_extremes(&lo, &hi, M, 500), 0);
    cr_assert_float_eq(hi, hi_exact, TOL * hi_exact, "lambda_max %.17g", hi);
    /* lambda_max / lambda_min ~ 1419: about 3 of 16 digits cancel */
    cr_assert_float_eq(lo, lo_exact, 1e-10 * lo_exact, "lambda_min %.17g", lo);
    mat_free(M);
}

Test(linalg, extremes_of_a_3_by_3_with_known_eigenvalues)
{
    /* [[2, -1, 0], [-1, 2, -1], [0, -1, 2]] (the second-difference matrix):
     * eigenvalues 2 - 2 cos(k pi / 4), k = 1, 2, 3: 2 - sqrt 2, 2, 2 + sqrt 2 */
    Mat *M = mat_from(3, 3, (double[]){2, -1, 0, -1, 2, -1, 0, -1, 2});
    double lo = 0.0, hi = 0.0;
    cr_assert_eq(linalg_eig_extremes(&lo, &hi, M, 500), 0);
    cr_assert_float_eq(hi, 2 + sqrt(2.0), TOL * 4);
    cr_assert_float_eq(lo, 2 - sqrt(2.0), 1e-10);
    mat_free(M);
}
