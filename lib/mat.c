/* mat.c - dense row-major matrices; see mat.h. */
#include "mat.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gemm.h"
#include "pool.h"

/* ---- loops the compiler vectorizes ------------------------------------------
 * At -O2, GCC turns a loop into vector instructions only when it can
 * prove the arrays do not overlap and the trip count is a multiple of the
 * vector width (so that no scalar loop is needed for the rest). The hot
 * loops of a training step (the bias, the SGD step, the finite check) go
 * through the helpers below: restrict pointers, blocks of VEC_BLOCK
 * values (a multiple of every vector width), then the last few values one
 * by one. Each element gets the same operations as in a plain loop, so
 * the results are the same to the bit. */
enum { VEC_BLOCK = 8 };

/* 1 when the n doubles at a and the n at b share no memory (then the
 * restrict helpers may be used; else the plain loop). */
static int disjoint(const double *a, const double *b, long n)
{
    uintptr_t x = (uintptr_t)a, y = (uintptr_t)b, size = (uintptr_t)n * sizeof(double);
    return x + size <= y || y + size <= x;
}

/* y_k = y_k + s x_k */
static void add_scaled(double *restrict y, double s, const double *restrict x, long n)
{
    long k = 0;
    for (; k + VEC_BLOCK <= n; k += VEC_BLOCK)
        for (int i = 0; i < VEC_BLOCK; i++)
            y[k + i] += s * x[k + i];
    for (; k < n; k++)
        y[k] += s * x[k];
}

/* y_k = y_k + x_k */
static void add_to(double *restrict y, const double *restrict x, long n)
{
    long k = 0;
    for (; k + VEC_BLOCK <= n; k += VEC_BLOCK)
        for (int i = 0; i < VEC_BLOCK; i++)
            y[k + i] += x[k + i];
    for (; k < n; k++)
        y[k] += x[k];
}

/* ---- long loops on every core ----------------------------------------------
 * A loop over SPLIT_MIN numbers or more (the optimizer's step and the
 * finite check on W1 of chapter 12: 100,352 weights after every batch;
 * gathering a batch of 64 images, 50,176 pixels; the check of a data set)
 * is cut into one piece per thread, as gemm cuts a product (same
 * --threads). Each number gets the same operations on whichever core: the
 * same bits. The pieces are equal and in order, as gemm's strips of rows
 * are, so after dW = A^T delta (cut by rows) each core mostly steps the
 * weights whose gradient it has just computed, still in its own cache. */
enum { SPLIT_MIN = 32768 };

typedef struct {
    MatPieceFn fn;
    void *ctx;
    long n;
    int n_parts;
} Pieces;

static void run_piece(void *pieces, int part)
{
    const Pieces *p = pieces;
    p->fn(p->ctx, part, p->n * part / p->n_parts, p->n * (part + 1) / p->n_parts);
}

int mat_for_pieces(long n, long numbers, MatPieceFn fn, void *ctx)
{
    int threads = gemm_default().threads;
    Pieces p = {fn, ctx, n, numbers >= SPLIT_MIN && threads > 1 && n > 1 ? threads : 1};
    if (p.n_parts > 1)
        pool_run(p.n_parts, run_piece, &p);
    else
        fn(ctx, 0, 0, n);
    return p.n_parts;
}

Mat *mat_new(int rows, int cols)
{
    CHECK(rows >= 0 && cols >= 0, "negative shape %d x %d", rows, cols);
    Mat *m = malloc(sizeof *m);
    if (!m)
        return NULL;
    m->rows = rows;
    m->cols = cols;
    size_t n = (size_t)rows * (size_t)cols;
    m->data = calloc(n ? n : 1, sizeof *m->data);
    if (!m->data) {
        free(m);
        return NULL;
    }
    return m;
}

Mat *mat_from(int rows, int cols, const double *data)
{
    Mat *m = mat_new(rows, cols);
    if (m)
        memcpy(m->data, data, (size_t)rows * cols * sizeof *data);
    return m;
}

void mat_free(Mat *m)
{
    if (!m)
        return;
    free(m->data);
    free(m);
}

Mat mat_view_rows(Mat *m, int first, int n)
{
    CHECK(first >= 0 && n >= 0 && first + n <= m->rows, "rows %d..%d of %d", first,
          first + n - 1, m->rows);
    return (Mat){.rows = n, .cols = m->cols, .data = m->data + (long)first * m->cols};
}

Mat mat_cview_rows(const Mat *m, int first, int n)
{
    return mat_view_rows((Mat *)m, first, n); /* const again in the caller's hands */
}

Mat *mat_dup(const Mat *m)
{
    return mat_from(m->rows, m->cols, m->data);
}

void mat_fill(Mat *m, double value)
{
    for (long k = 0; k < (long)m->rows * m->cols; k++)
        m->data[k] = value;
}

void mat_copy(Mat *dst, const Mat *src)
{
    CHECK_SHAPE(dst, src->rows, src->cols);
    memcpy(dst->data, src->data, (size_t)src->rows * src->cols * sizeof *src->data);
}

typedef struct {
    Mat *dst;
    const Mat *src;
    const int *rows;
} Gather;

static void gather_piece(void *ctx, int part, long first, long last)
{
    const Gather *g = ctx;
    (void)part;
    for (long i = first; i < last; i++) {
        CHECK(g->rows[i] >= 0 && g->rows[i] < g->src->rows, "row %d of %d", g->rows[i],
              g->src->rows);
        memcpy(&MAT_AT(g->dst, i, 0), &MAT_AT(g->src, g->rows[i], 0),
               (size_t)g->src->cols * sizeof(double));
    }
}

/* Each row comes from anywhere in a large data set, a wait for memory:
 * two cores wait for two rows at once. */
void mat_gather_rows(Mat *dst, const Mat *src, const int *rows)
{
    CHECK(dst->cols == src->cols, "dst has %d columns, src %d", dst->cols, src->cols);
    mat_for_pieces(dst->rows, (long)dst->rows * dst->cols, gather_piece, &(Gather){dst, src, rows});
}

/* The three products check their shapes here, where the messages name
 * mat.h's shapes, and leave the work to gemm.c: a blocked, vectorized and
 * threaded kernel that gives exactly the bits of the three loops of
 * gemm_reference() (see gemm.h). */
void mat_matmul(Mat *C, const Mat *A, const Mat *B)
{
    CHECK(A->cols == B->rows, "A is %d x %d, B is %d x %d", A->rows, A->cols,
          B->rows, B->cols);
    CHECK_SHAPE(C, A->rows, B->cols);
    CHECK(C->data != A->data && C->data != B->data, "C aliases an input");
    gemm(C, GEMM_NN, A, B);
}

/* C = A^T B:  C_ij = sum_k A_ki B_kj. */
void mat_matmul_tn(Mat *C, const Mat *A, const Mat *B)
{
    CHECK(A->rows == B->rows, "A^T is %d x %d, B is %d x %d", A->cols, A->rows,
          B->rows, B->cols);
    CHECK_SHAPE(C, A->cols, B->cols);
    CHECK(C->data != A->data && C->data != B->data, "C aliases an input");
    gemm(C, GEMM_TN, A, B);
}

/* C = A B^T:  C_ij = sum_k A_ik B_jk (a dot product of two rows). */
void mat_matmul_nt(Mat *C, const Mat *A, const Mat *B)
{
    CHECK(A->cols == B->cols, "A is %d x %d, B^T is %d x %d", A->rows, A->cols,
          B->cols, B->rows);
    CHECK_SHAPE(C, A->rows, B->rows);
    CHECK(C->data != A->data && C->data != B->data, "C aliases an input");
    gemm(C, GEMM_NT, A, B);
}

void mat_add_row_vector(Mat *A, const Mat *b)
{
    CHECK_SHAPE(b, 1, A->cols);
    for (int i = 0; i < A->rows; i++) {
        double *row = &MAT_AT(A, i, 0);
        if (disjoint(row, b->data, A->cols)) {
            add_to(row, b->data, A->cols);
            continue;
        }
        for (int j = 0; j < A->cols; j++)
            row[j] += b->data[j];
    }
}

void mat_sum_rows(Mat *s, const Mat *A)
{
    CHECK_SHAPE(s, 1, A->cols);
    mat_fill(s, 0.0);
    for (int i = 0; i < A->rows; i++) {
        const double *row = &MAT_AT(A, i, 0);
        if (disjoint(s->data, row, A->cols)) {
            add_to(s->data, row, A->cols);
            continue;
        }
        for (int j = 0; j < A->cols; j++)
            s->data[j] += row[j];
    }
}

static void check_same3(const Mat *C, const Mat *A, const Mat *B)
{
    CHECK(A->rows == B->rows && A->cols == B->cols,
          "A is %d x %d, B is %d x %d", A->rows, A->cols, B->rows, B->cols);
    CHECK_SHAPE(C, A->rows, A->cols);
}

void mat_add(Mat *C, const Mat *A, const Mat *B)
{
    check_same3(C, A, B);
    for (long k = 0; k < (long)A->rows * A->cols; k++)
        C->data[k] = A->data[k] + B->data[k];
}

void mat_sub(Mat *C, const Mat *A, const Mat *B)
{
    check_same3(C, A, B);
    for (long k = 0; k < (long)A->rows * A->cols; k++)
        C->data[k] = A->data[k] - B->data[k];
}

void mat_hadamard(Mat *C, const Mat *A, const Mat *B)
{
    check_same3(C, A, B);
    for (long k = 0; k < (long)A->rows * A->cols; k++)
        C->data[k] = A->data[k] * B->data[k];
}

void mat_scale(Mat *A, double s)
{
    for (long k = 0; k < (long)A->rows * A->cols; k++)
        A->data[k] *= s;
}

typedef struct {
    double *y;
    double s;
    const double *x;
} Axpy;

static void axpy_piece(void *ctx, int part, long first, long last)
{
    const Axpy *a = ctx;
    (void)part;
    add_scaled(a->y + first, a->s, a->x + first, last - first);
}

void mat_axpy(Mat *Y, double s, const Mat *X)
{
    CHECK_SHAPE(Y, X->rows, X->cols);
    long n = (long)X->rows * X->cols;
    if (disjoint(Y->data, X->data, n)) {
        mat_for_pieces(n, n, axpy_piece, &(Axpy){Y->data, s, X->data});
        return;
    }
    for (long k = 0; k < n; k++)
        Y->data[k] += s * X->data[k];
}

double mat_sum(const Mat *A)
{
    double s = 0.0;
    for (long k = 0; k < (long)A->rows * A->cols; k++)
        s += A->data[k];
    return s;
}

double mat_max_abs_diff(const Mat *A, const Mat *B)
{
    CHECK(A->rows == B->rows && A->cols == B->cols,
          "A is %d x %d, B is %d x %d", A->rows, A->cols, B->rows, B->cols);
    double worst = 0.0;
    for (long k = 0; k < (long)A->rows * A->cols; k++) {
        double d = fabs(A->data[k] - B->data[k]);
        if (d > worst || isnan(d))
            worst = d;
    }
    return worst;
}

/* x - x is 0 for a finite x and NaN for an infinity or a NaN, and a NaN,
 * once added in, stays: VEC_BLOCK running sums of x - x, one per lane,
 * say whether any element is not finite, in vector instructions (which a
 * loop testing isfinite() element by element does not get). Unrolled, the
 * lanes stay in registers; else GCC keeps them in memory and every step
 * waits for the store before it (three times slower: fit runs this check
 * on every weight after every step). */
static int all_finite(const double *x, long n)
{
    long k = 0;
    double lanes[VEC_BLOCK] = {0};
    for (; k + VEC_BLOCK <= n; k += VEC_BLOCK)
#pragma GCC unroll 8
        for (int i = 0; i < VEC_BLOCK; i++)
            lanes[i] += x[k + i] - x[k + i];
    for (; k < n; k++)
        lanes[0] += x[k] - x[k];
    for (int i = 0; i < VEC_BLOCK; i++)
        if (lanes[i] != 0.0)
            return 0;
    return 1;
}

typedef struct {
    const double *x;
    int finite[POOL_MAX_THREADS]; /* one answer per piece */
} Finite;

static void finite_piece(void *ctx, int part, long first, long last)
{
    Finite *f = ctx;
    f->finite[part] = all_finite(f->x + first, last - first);
}

int mat_all_finite(const Mat *A)
{
    Finite f = {.x = A->data};
    long n = (long)A->rows * A->cols;
    int n_parts = mat_for_pieces(n, n, finite_piece, &f);
    for (int part = 0; part < n_parts; part++)
        if (!f.finite[part])
            return 0;
    return 1;
}
