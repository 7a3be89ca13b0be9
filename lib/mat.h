/* mat.h - dense matrices of doubles, row-major.
 *
 * Convention used everywhere in annlab (and in Keras, and in the notes'
 * matrix form of forward propagation): samples are ROWS. A data set of m
 * samples with n features is an (m x n) matrix X; a dense layer from n_in
 * to n_out units has weights W of shape (n_in x n_out), where W[i][j] is
 * the lecture's w_ij (from node i of the previous layer to node j), and
 *
 *     A^[k] = act(A^[k-1] W^[k] + b^[k])      b^[k] is (1 x n_out)
 *
 * Ownership: whoever calls mat_new() calls mat_free(); mat_free(NULL) does
 * nothing. Operations write into an output matrix the caller supplies
 * (first argument), check shapes with CHECK (a mismatch is a programmer
 * error: file:line, the shapes, abort) and never allocate.
 */
#ifndef ANNLAB_MAT_H
#define ANNLAB_MAT_H

typedef struct {
    int rows, cols;
    double *data; /* rows * cols values, row by row */
} Mat;

/* MAT_AT(m, i, j): the element in row i, column j (0-based), an lvalue. */
#define MAT_AT(m, i, j) ((m)->data[(long)(i) * (m)->cols + (j)])

/* A new rows x cols matrix of zeros, or NULL when out of memory. */
Mat *mat_new(int rows, int cols);

/* A new matrix holding a copy of the rows*cols values at data. */
Mat *mat_from(int rows, int cols, const double *data);

void mat_free(Mat *m);

/* A view of rows [first, first + n) of m: no copy, the same data. Valid
 * while m is; never pass a view to mat_free. (Row-major storage makes a
 * run of whole rows contiguous, so a batch of samples is a view.) Writing
 * through the view writes into m. */
Mat mat_view_rows(Mat *m, int first, int n);

/* The same view of a matrix the caller may not change: keep it in a
 * `const Mat` and pass it on as `const Mat *`. */
Mat mat_cview_rows(const Mat *m, int first, int n);

/* One piece of a long loop: the values [first, last) of it, as part
 * number part (0 .. n_parts - 1). */
typedef void (*MatPieceFn)(void *ctx, int part, long first, long last);

/* fn(ctx, part, first, last) for pieces that cover [0, n) in order: one
 * piece per thread (the threads of gemm.h: --threads, ANNLAB_THREADS)
 * when the loop reads or writes 32,768 numbers or more in all (numbers),
 * else one piece, [0, n), on the calling thread. Returns the number of
 * pieces. The pieces must be independent: fn on each value the same
 * operations whatever the piece, so the result has the same bits on any
 * number of threads. */
int mat_for_pieces(long n, long numbers, MatPieceFn fn, void *ctx);

/* Row i of dst = row rows[i] of src, for i = 0 .. dst->rows - 1: a
 * shuffled batch of samples (the same columns; no rows[i] out of range). */
void mat_gather_rows(Mat *dst, const Mat *src, const int *rows);

/* A new matrix equal to m. */
Mat *mat_dup(const Mat *m);

/* Every element of m set to value. */
void mat_fill(Mat *m, double value);

/* dst = src; same shape. */
void mat_copy(Mat *dst, const Mat *src);

/* C = A B:  C_ij = sum_k A_ik B_kj.  A (m x n), B (n x p), C (m x p).
 * C must not alias A or B. */
void mat_matmul(Mat *C, const Mat *A, const Mat *B);

/* C = A^T B:  C_ij = sum_k A_ki B_kj.  A (n x m), B (n x p), C (m x p).
 * Used for the weight gradient dW = A_prev^T delta. */
void mat_matmul_tn(Mat *C, const Mat *A, const Mat *B);

/* C = A B^T:  C_ij = sum_k A_ik B_jk.  A (m x n), B (p x n), C (m x p).
 * Used to send a delta back through a layer: delta_prev = delta W^T. */
void mat_matmul_nt(Mat *C, const Mat *A, const Mat *B);

/* A_ij += b_j for every row i: adds the (1 x cols) row vector b. */
void mat_add_row_vector(Mat *A, const Mat *b);

/* s_j = sum_i A_ij: column sums into the (1 x cols) row s (the bias
 * gradient db = sum over samples of delta). */
void mat_sum_rows(Mat *s, const Mat *A);

/* C = A + B, C = A - B, C = A * B (elementwise). C may alias A or B. */
void mat_add(Mat *C, const Mat *A, const Mat *B);
void mat_sub(Mat *C, const Mat *A, const Mat *B);
void mat_hadamard(Mat *C, const Mat *A, const Mat *B);

/* A = s A. */
void mat_scale(Mat *A, double s);

/* Y = Y + s X (the update W = W - eta dW is mat_axpy(W, -eta, dW)). */
void mat_axpy(Mat *Y, double s, const Mat *X);

/* Sum of all elements. */
double mat_sum(const Mat *A);

/* Largest |A_ij - B_ij|; same shape. */
double mat_max_abs_diff(const Mat *A, const Mat *B);

/* 1 when every element is finite (no NaN, no infinity), else 0. */
int mat_all_finite(const Mat *A);

#endif
