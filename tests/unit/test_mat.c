/* test_mat.c - unit tests for lib/mat: creating and freeing matrices, the
 * three matrix products (plain, A^T B and A B^T) on non-square shapes,
 * the row-vector broadcast and column sums the layers use for biases, the
 * elementwise operations, axpy, gathering rows, and the comparison
 * helpers; the long loops that run on several threads give the same bits
 * on 1, 2 and 3.
 *
 * Tolerances: the hand examples use small integers and halves, which
 * doubles hold exactly, and their products and sums stay exact, so those
 * results are compared with ==. Examples with decimals such as 0.15 (not
 * exact in binary) allow 1e-12: a handful of double operations on numbers
 * near 1 are off by a few units of 2^-53 ~ 1.1e-16 at most.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "gemm.h"
#include "mat.h"

/* A few exact-in-decimal numbers through a handful of double operations. */
#define TOL_FEW_OPS 1e-12

/* Assert that m holds exactly the rows*cols values of want. */
static void assert_mat_exact(const Mat *m, int rows, int cols, const double *want)
{
    cr_assert_eq(m->rows, rows, "rows: %d, expected %d", m->rows, rows);
    cr_assert_eq(m->cols, cols, "cols: %d, expected %d", m->cols, cols);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            cr_assert_eq(MAT_AT(m, i, j), want[i * cols + j], "element (%d, %d) is %.17g, expected %.17g",
                         i, j, MAT_AT(m, i, j), want[i * cols + j]);
}

Test(mat, new_matrix_has_the_asked_shape_and_holds_zeros)
{
    Mat *m = mat_new(2, 3);
    cr_assert_not_null(m);
    cr_assert_eq(m->rows, 2);
    cr_assert_eq(m->cols, 3);
    for (int k = 0; k < 6; k++)
        cr_assert_eq(m->data[k], 0.0);
    mat_free(m);
}

Test(mat, a_matrix_with_no_rows_can_be_made_and_freed)
{
    Mat *m = mat_new(0, 4);
    cr_assert_not_null(m);
    cr_assert_eq(m->rows, 0);
    cr_assert_eq(mat_sum(m), 0.0);
    mat_free(m);
}

Test(mat, free_of_null_does_nothing)
{
    mat_free(NULL);
}

Test(mat, from_copies_the_values_row_by_row)
{
    double v[] = {1, 2, 3, 4, 5, 6};
    Mat *m = mat_from(2, 3, v);
    /* row-major: row 1, column 0 is the 4th value, v[1 * 3 + 0] = 4 */
    cr_assert_eq(MAT_AT(m, 1, 0), 4.0);
    cr_assert_eq(MAT_AT(m, 0, 2), 3.0);
    v[0] = 99; /* a copy, not a view */
    cr_assert_eq(MAT_AT(m, 0, 0), 1.0);
    mat_free(m);
}

Test(mat, dup_is_a_deep_copy)
{
    double v[] = {1, -2, 3.5, 0.25};
    Mat *a = mat_from(2, 2, v);
    Mat *b = mat_dup(a);
    cr_assert_neq(a->data, b->data);
    assert_mat_exact(b, 2, 2, v);
    MAT_AT(a, 0, 0) = 7;
    cr_assert_eq(MAT_AT(b, 0, 0), 1.0);
    mat_free(a);
    mat_free(b);
}

Test(mat, fill_sets_every_element_and_copy_duplicates_values)
{
    Mat *a = mat_new(3, 2), *b = mat_new(3, 2);
    mat_fill(a, -1.5);
    double want[] = {-1.5, -1.5, -1.5, -1.5, -1.5, -1.5};
    assert_mat_exact(a, 3, 2, want);
    mat_copy(b, a);
    assert_mat_exact(b, 3, 2, want);
    mat_free(a);
    mat_free(b);
}

/* The same product in three storage layouts:
 *
 *   A = [1 2 3]     B = [1 -1  2  0.5]
 *       [4 5 6]         [0  2  1 -1  ]
 *                       [3  1 -2  4  ]
 *
 *   C = A B (2 x 4):
 *     C00 = 1*1 + 2*0 + 3*3       = 10
 *     C01 = 1*-1 + 2*2 + 3*1      = 6
 *     C02 = 1*2 + 2*1 + 3*-2      = -2
 *     C03 = 1*0.5 + 2*-1 + 3*4    = 10.5
 *     C10 = 4*1 + 5*0 + 6*3       = 22
 *     C11 = 4*-1 + 5*2 + 6*1      = 12
 *     C12 = 4*2 + 5*1 + 6*-2      = 1
 *     C13 = 4*0.5 + 5*-1 + 6*4    = 21
 * (all exact in doubles, so compared with ==)
 */
static const double A_2x3[] = {1, 2, 3,
                               4, 5, 6};
static const double AT_3x2[] = {1, 4,
                                 2, 5,
                                 3, 6};
static const double B_3x4[] = {1, -1, 2, 0.5,
                               0, 2, 1, -1,
                               3, 1, -2, 4};
static const double BT_4x3[] = {1, 0, 3,
                                -1, 2, 1,
                                2, 1, -2,
                                0.5, -1, 4};
static const double AB_2x4[] = {10, 6, -2, 10.5,
                                22, 12, 1, 21};

Test(mat, matmul_of_2x3_and_3x4_matches_the_hand_product)
{
    Mat *A = mat_from(2, 3, A_2x3), *B = mat_from(3, 4, B_3x4), *C = mat_new(2, 4);
    mat_fill(C, 99.0); /* the product overwrites, it does not accumulate */
    mat_matmul(C, A, B);
    assert_mat_exact(C, 2, 4, AB_2x4);
    mat_free(A);
    mat_free(B);
    mat_free(C);
}

Test(mat, matmul_tn_multiplies_by_the_transpose_of_its_first_operand)
{
    /* A^T B with A stored as (3 x 2): the same product as above */
    Mat *At = mat_from(3, 2, AT_3x2), *B = mat_from(3, 4, B_3x4), *C = mat_new(2, 4);
    mat_fill(C, 99.0);
    mat_matmul_tn(C, At, B);
    assert_mat_exact(C, 2, 4, AB_2x4);
    mat_free(At);
    mat_free(B);
    mat_free(C);
}

Test(mat, matmul_nt_multiplies_by_the_transpose_of_its_second_operand)
{
    /* A B^T with B stored as (4 x 3): the same product as above */
    Mat *A = mat_from(2, 3, A_2x3), *Bt = mat_from(4, 3, BT_4x3), *C = mat_new(2, 4);
    mat_fill(C, 99.0);
    mat_matmul_nt(C, A, Bt);
    assert_mat_exact(C, 2, 4, AB_2x4);
    mat_free(A);
    mat_free(Bt);
    mat_free(C);
}

Test(mat, matmul_tn_gives_the_weight_gradient_shape_n_in_by_n_out)
{
    /* dW = A_prev^T delta: A_prev (m=3 x n_in=2), delta (3 x n_out=1)
     *   A_prev = [1 2; 0 -1; 3 0.5], delta = [0.5; -2; 1.5]
     *   dW_0 = 1*0.5 + 0*-2 + 3*1.5      = 0.5 + 0 + 4.5  = 5
     *   dW_1 = 2*0.5 + -1*-2 + 0.5*1.5   = 1 + 2 + 0.75   = 3.75 */
    double a[] = {1, 2, 0, -1, 3, 0.5}, d[] = {0.5, -2, 1.5}, want[] = {5, 3.75};
    Mat *Ap = mat_from(3, 2, a), *delta = mat_from(3, 1, d), *dW = mat_new(2, 1);
    mat_matmul_tn(dW, Ap, delta);
    assert_mat_exact(dW, 2, 1, want);
    mat_free(Ap);
    mat_free(delta);
    mat_free(dW);
}

Test(mat, forward_pass_of_the_lecture_gives_h1_and_h2)
{
    /* Notes 001, the 2-2-2 example: x = (0.05, 0.10), w1..w4 = 0.15, 0.20,
     * 0.25, 0.30 with w1: x1->h1, w2: x2->h1, w3: x1->h2, w4: x2->h2, so
     * W = [w1 w3; w2 w4] (n_in x n_out), and b1 = 0.35:
     *   H1 = 0.05 * 0.15 + 0.10 * 0.20 + 0.35 = 0.0075 + 0.02 + 0.35 = 0.3775
     *   H2 = 0.05 * 0.25 + 0.10 * 0.30 + 0.35 = 0.0125 + 0.03 + 0.35 = 0.3925
     * (the notes print "0.10 x 0.10" for the second term of H2, but their
     * total 0.3925 needs w4 = 0.30) */
    double x[] = {0.05, 0.10}, w[] = {0.15, 0.25, 0.20, 0.30}, b[] = {0.35, 0.35};
    Mat *X = mat_from(1, 2, x), *W = mat_from(2, 2, w), *bias = mat_from(1, 2, b);
    Mat *Z = mat_new(1, 2);
    mat_matmul(Z, X, W);
    mat_add_row_vector(Z, bias);
    cr_assert_float_eq(MAT_AT(Z, 0, 0), 0.3775, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(Z, 0, 1), 0.3925, TOL_FEW_OPS);
    mat_free(X);
    mat_free(W);
    mat_free(bias);
    mat_free(Z);
}

Test(mat, add_row_vector_adds_the_bias_to_every_row)
{
    /* [1 2 3; 4 5 6] + [10 -20 0.5] on each row */
    double a[] = {1, 2, 3, 4, 5, 6}, b[] = {10, -20, 0.5};
    double want[] = {11, -18, 3.5, 14, -15, 6.5};
    Mat *A = mat_from(2, 3, a), *bias = mat_from(1, 3, b);
    mat_add_row_vector(A, bias);
    assert_mat_exact(A, 2, 3, want);
    mat_free(A);
    mat_free(bias);
}

Test(mat, sum_rows_gives_the_column_sums)
{
    /* A = [1 2; 3 -4; 5 0.5]: s = (1+3+5, 2-4+0.5) = (9, -1.5) */
    double a[] = {1, 2, 3, -4, 5, 0.5}, want[] = {9, -1.5};
    Mat *A = mat_from(3, 2, a), *s = mat_new(1, 2);
    mat_fill(s, 42.0); /* overwritten, not accumulated */
    mat_sum_rows(s, A);
    assert_mat_exact(s, 1, 2, want);
    mat_free(A);
    mat_free(s);
}

Test(mat, elementwise_add_sub_and_hadamard_match_hand_values)
{
    /* A = [1 2 3], B = [4 -5 0.5]
     *   A + B = [5 -3 3.5],  A - B = [-3 7 2.5],  A * B = [4 -10 1.5] */
    double a[] = {1, 2, 3}, b[] = {4, -5, 0.5};
    double sum[] = {5, -3, 3.5}, diff[] = {-3, 7, 2.5}, prod[] = {4, -10, 1.5};
    Mat *A = mat_from(1, 3, a), *B = mat_from(1, 3, b), *C = mat_new(1, 3);
    mat_add(C, A, B);
    assert_mat_exact(C, 1, 3, sum);
    mat_sub(C, A, B);
    assert_mat_exact(C, 1, 3, diff);
    mat_hadamard(C, A, B);
    assert_mat_exact(C, 1, 3, prod);
    mat_free(A);
    mat_free(B);
    mat_free(C);
}

Test(mat, elementwise_ops_may_write_into_an_input)
{
    /* C aliases A: A = A - B = [1-4, 2+5, 3-0.5] = [-3 7 2.5] */
    double a[] = {1, 2, 3}, b[] = {4, -5, 0.5}, want[] = {-3, 7, 2.5};
    Mat *A = mat_from(1, 3, a), *B = mat_from(1, 3, b);
    mat_sub(A, A, B);
    assert_mat_exact(A, 1, 3, want);
    mat_free(A);
    mat_free(B);
}

Test(mat, scale_multiplies_every_element)
{
    double a[] = {1, -2, 0.5, 4}, want[] = {-2.5, 5, -1.25, -10};
    Mat *A = mat_from(2, 2, a);
    mat_scale(A, -2.5); /* 1*-2.5, -2*-2.5, 0.5*-2.5, 4*-2.5 */
    assert_mat_exact(A, 2, 2, want);
    mat_free(A);
}

Test(mat, axpy_with_minus_eta_is_a_gradient_descent_step)
{
    /* W = W - eta dW with eta = 0.5: [0.15 0.20] - 0.5 [0.08 -0.04]
     *   = [0.15 - 0.04, 0.20 + 0.02] = [0.11, 0.22] */
    double w[] = {0.15, 0.20}, dw[] = {0.08, -0.04};
    Mat *W = mat_from(1, 2, w), *dW = mat_from(1, 2, dw);
    mat_axpy(W, -0.5, dW);
    cr_assert_float_eq(MAT_AT(W, 0, 0), 0.11, TOL_FEW_OPS);
    cr_assert_float_eq(MAT_AT(W, 0, 1), 0.22, TOL_FEW_OPS);
    /* dW is an input and stays as it was */
    cr_assert_eq(MAT_AT(dW, 0, 1), -0.04);
    mat_free(W);
    mat_free(dW);
}

Test(mat, sum_adds_every_element)
{
    /* 1 - 2 + 3.5 + 0.25 - 10 + 4 = -3.25 */
    double a[] = {1, -2, 3.5, 0.25, -10, 4};
    Mat *A = mat_from(2, 3, a);
    cr_assert_eq(mat_sum(A), -3.25);
    mat_free(A);
}

Test(mat, max_abs_diff_is_the_largest_difference_either_way)
{
    /* |1-1| = 0, |2-5| = 3, |-4-0| = 4, |0.5-0| = 0.5: the largest is 4 */
    double a[] = {1, 2, -4, 0.5}, b[] = {1, 5, 0, 0};
    Mat *A = mat_from(2, 2, a), *B = mat_from(2, 2, b);
    cr_assert_eq(mat_max_abs_diff(A, B), 4.0);
    cr_assert_eq(mat_max_abs_diff(B, A), 4.0);
    cr_assert_eq(mat_max_abs_diff(A, A), 0.0);
    mat_free(A);
    mat_free(B);
}

Test(mat, max_abs_diff_does_not_hide_a_nan)
{
    double a[] = {1, NAN}, b[] = {1, 2};
    Mat *A = mat_from(1, 2, a), *B = mat_from(1, 2, b);
    cr_assert(isnan(mat_max_abs_diff(A, B)));
    mat_free(A);
    mat_free(B);
}

Test(mat, all_finite_rejects_nan_and_infinity)
{
    double a[] = {1, -2, 0};
    Mat *A = mat_from(1, 3, a);
    cr_assert_eq(mat_all_finite(A), 1);
    MAT_AT(A, 0, 1) = NAN;
    cr_assert_eq(mat_all_finite(A), 0);
    MAT_AT(A, 0, 1) = -INFINITY;
    cr_assert_eq(mat_all_finite(A), 0);
    mat_free(A);
}

Test(mat, all_finite_finds_a_bad_value_in_the_vector_blocks_and_in_the_tail)
{
    /* 19 values: two blocks of 8 (checked with vector instructions) and a
     * tail of 3 (one by one); an infinity or NaN anywhere must be found,
     * and huge finite values (1e308 - 1e308 = 0) must not count */
    Mat *A = mat_new(1, 19);
    mat_fill(A, 1e308);
    cr_assert_eq(mat_all_finite(A), 1);
    for (int k = 0; k < 19; k++) {
        A->data[k] = k % 2 ? INFINITY : NAN;
        cr_assert_eq(mat_all_finite(A), 0, "a bad value at %d went unseen", k);
        A->data[k] = -1e308;
    }
    mat_free(A);
}

/* The plain loops the fast ones replaced, to compare with to the bit. */
static void plain_axpy(Mat *Y, double s, const Mat *X)
{
    for (long k = 0; k < (long)X->rows * X->cols; k++)
        Y->data[k] += s * X->data[k];
}

Test(mat, bias_sum_and_axpy_give_the_plain_loops_bits_on_odd_widths)
{
    /* 5 x 19: every row is two blocks of 8 and a tail of 3. Values with
     * many digits, so a different rounding would show. */
    Mat *A = mat_new(5, 19), *B = mat_new(5, 19), *b = mat_new(1, 19), *s = mat_new(1, 19);
    for (int k = 0; k < 95; k++)
        A->data[k] = B->data[k] = sin(k + 1.0) * 1e3;
    for (int j = 0; j < 19; j++)
        b->data[j] = cos(j + 0.5) / 3.0;
    mat_add_row_vector(A, b);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 19; j++)
            MAT_AT(B, i, j) += b->data[j];
    cr_assert_eq(memcmp(A->data, B->data, 95 * sizeof(double)), 0, "add_row_vector");
    memcpy(B->data, A->data, 95 * sizeof(double));
    mat_sum_rows(s, A);
    for (int j = 0; j < 19; j++) {
        double want = 0.0;
        for (int i = 0; i < 5; i++)
            want += MAT_AT(A, i, j);
        cr_assert_eq(memcmp(&s->data[j], &want, sizeof want), 0, "sum_rows, column %d", j);
    }
    Mat *G = mat_new(5, 19);
    for (int k = 0; k < 95; k++)
        G->data[k] = tan(k * 0.1) / 7.0;
    mat_axpy(A, -0.1, G);
    plain_axpy(B, -0.1, G);
    cr_assert_eq(memcmp(A->data, B->data, 95 * sizeof(double)), 0, "axpy");
    mat_free(A);
    mat_free(B);
    mat_free(G);
    mat_free(b);
    mat_free(s);
}

Test(mat, axpy_of_a_matrix_with_itself_scales_it)
{
    /* Y = Y + s Y = (1 + s) Y: the arrays overlap, the plain loop runs */
    double v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    Mat *Y = mat_from(1, 10, v);
    mat_axpy(Y, 0.5, Y);
    for (int k = 0; k < 10; k++)
        cr_assert_eq(Y->data[k], 1.5 * v[k]);
    mat_free(Y);
}

/* A large matrix (above mat.c's SPLIT_MIN, so its loops are cut into one
 * piece per thread) of values with many digits. */
static Mat *large(int rows, int cols, double phase)
{
    Mat *A = mat_new(rows, cols);
    for (long k = 0; k < (long)rows * cols; k++)
        A->data[k] = sin(k * 0.37 + phase) * 1e3;
    return A;
}

Test(mat, a_long_axpy_gives_the_plain_loops_bits_on_any_number_of_threads)
{
    /* 301 x 337 = 101,437 numbers (odd: the pieces do not fall on blocks
     * of 8), stepped on 1, 2 and 3 threads */
    Mat *G = large(301, 337, 1.0), *want = large(301, 337, 0.0);
    plain_axpy(want, -0.1, G);
    for (int threads = 1; threads <= 3; threads++) {
        gemm_set_threads(threads);
        Mat *W = large(301, 337, 0.0);
        mat_axpy(W, -0.1, G);
        cr_assert_eq(memcmp(W->data, want->data, 301 * 337 * sizeof(double)), 0,
                     "%d threads", threads);
        mat_free(W);
    }
    gemm_set_threads(0);
    mat_free(G);
    mat_free(want);
}

Test(mat, a_long_finite_check_finds_a_bad_value_in_every_piece)
{
    /* 101,437 numbers; a NaN or infinity at the start, either side of each
     * cut between pieces (1/3, 1/2, 2/3 of the way) and at the end must be
     * found on 1, 2 and 3 threads */
    Mat *A = large(301, 337, 0.0);
    long n = 301L * 337, at[] = {0, n / 3 - 1, n / 3, n / 2 - 1, n / 2, 2 * n / 3, n - 1};
    for (int threads = 1; threads <= 3; threads++) {
        gemm_set_threads(threads);
        cr_assert_eq(mat_all_finite(A), 1, "%d threads", threads);
        for (int i = 0; i < (int)(sizeof at / sizeof at[0]); i++) {
            double keep = A->data[at[i]];
            A->data[at[i]] = i % 2 ? INFINITY : NAN;
            cr_assert_eq(mat_all_finite(A), 0, "%d threads: a bad value at %ld went unseen",
                         threads, at[i]);
            A->data[at[i]] = keep;
        }
    }
    gemm_set_threads(0);
    mat_free(A);
}

Test(mat, gather_rows_copies_the_rows_asked_for_in_their_order)
{
    /* rows 2, 0, 2 of [[1 2] [3 4] [5 6]] */
    double a[] = {1, 2, 3, 4, 5, 6}, want[] = {5, 6, 1, 2, 5, 6};
    int rows[] = {2, 0, 2};
    Mat *A = mat_from(3, 2, a), *B = mat_new(3, 2);
    mat_gather_rows(B, A, rows);
    assert_mat_exact(B, 3, 2, want);
    mat_free(A);
    mat_free(B);
}

Test(mat, a_batch_of_64_images_is_gathered_alike_on_any_number_of_threads)
{
    /* 64 rows of 784 (50,176 numbers: cut into pieces) picked from 1000 in
     * a scrambled order: row i must be row rows[i], on 1, 2 and 3 threads */
    Mat *X = large(1000, 784, 0.0), *B = mat_new(64, 784);
    int rows[64];
    for (int i = 0; i < 64; i++)
        rows[i] = (i * 389 + 17) % 1000;
    for (int threads = 1; threads <= 3; threads++) {
        gemm_set_threads(threads);
        mat_fill(B, 0.0);
        mat_gather_rows(B, X, rows);
        for (int i = 0; i < 64; i++)
            cr_assert_eq(memcmp(&MAT_AT(B, i, 0), &MAT_AT(X, rows[i], 0), 784 * sizeof(double)),
                         0, "%d threads: row %d", threads, i);
    }
    gemm_set_threads(0);
    mat_free(X);
    mat_free(B);
}
