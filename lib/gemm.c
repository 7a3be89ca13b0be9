/* gemm.c - the matrix product; see gemm.h, and bench/README.md for the
 * lesson. Read top to bottom:
 *
 *   1. the reference loops: the product as the lecture writes it
 *   2. operands: A or A^T read through two strides
 *   3. packing: a block of A or B copied into the order the tile reads it
 *   4. the register tile: an mr x nr piece of C kept in registers
 *   5. one set of kernels (tile and packing) per instruction set
 *   6. the blocked product: three loops of cache-sized blocks around it
 *   7. threads: each core its own strip of C
 *   8. settings and dispatch: which kernels, how many threads
 *
 * Every path computes each C_ij as  c = 0.0; c = c + a_i0 b_0j; c = c +
 * a_i1 b_1j; ...  in that order: the blocks, tiles and threads only change
 * which C_ij is worked on when.
 */
#define _POSIX_C_SOURCE 200809L /* pthread_once */
#include "gemm.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pool.h"

/* ---- 1. the reference loops ------------------------------------------------ */

/* op(A) is (m x n), op(B) is (n x p), C is (m x p). */
static void check_shapes(const Mat *C, GemmForm form, const Mat *A, const Mat *B)
{
    int m = form == GEMM_TN ? A->cols : A->rows, n = form == GEMM_TN ? A->rows : A->cols;
    int n_b = form == GEMM_NT ? B->cols : B->rows, p = form == GEMM_NT ? B->rows : B->cols;
    CHECK(n == n_b, "op(A) is %d x %d, op(B) is %d x %d (form %d)", m, n, n_b, p, (int)form);
    CHECK_SHAPE(C, m, p);
    CHECK(C->data != A->data && C->data != B->data, "C aliases an input");
}

void gemm_reference(Mat *C, GemmForm form, const Mat *A, const Mat *B)
{
    check_shapes(C, form, A, B);
    switch (form) {
    case GEMM_NN: /* C_ij = sum_k A_ik B_kj, loop order i-k-j */
        mat_fill(C, 0.0);
        for (int i = 0; i < A->rows; i++)
            for (int k = 0; k < A->cols; k++) {
                double a_ik = MAT_AT(A, i, k);
                for (int j = 0; j < B->cols; j++)
                    MAT_AT(C, i, j) += a_ik * MAT_AT(B, k, j);
            }
        break;
    case GEMM_TN: /* C_ij = sum_k A_ki B_kj, loop order k-i-j */
        mat_fill(C, 0.0);
        for (int k = 0; k < A->rows; k++)
            for (int i = 0; i < A->cols; i++) {
                double a_ki = MAT_AT(A, k, i);
                for (int j = 0; j < B->cols; j++)
                    MAT_AT(C, i, j) += a_ki * MAT_AT(B, k, j);
            }
        break;
    case GEMM_NT: /* C_ij = sum_k A_ik B_jk, a dot product of two rows */
        for (int i = 0; i < A->rows; i++)
            for (int j = 0; j < B->rows; j++) {
                double c_ij = 0.0;
                for (int k = 0; k < A->cols; k++)
                    c_ij += MAT_AT(A, i, k) * MAT_AT(B, j, k);
                MAT_AT(C, i, j) = c_ij;
            }
        break;
    }
}

/* ---- 2. operands ----------------------------------------------------------------- */

/* op(X) without copying it: element (r, c) of op(X) is
 *     data[r * row_step + c * col_step]
 * X itself:  row_step = X->cols, col_step = 1  (row-major)
 * X^T:       row_step = 1, col_step = X->cols  (the same numbers, read down) */
typedef struct {
    const double *data;
    long row_step, col_step;
} Operand;

static Operand operand(const Mat *X, int transposed)
{
    return transposed ? (Operand){X->data, 1, X->cols} : (Operand){X->data, X->cols, 1};
}

static double operand_at(Operand X, long r, long c)
{
    return X.data[r * X.row_step + c * X.col_step];
}

/* op(X) from row r and column c on. */
static Operand operand_from(Operand X, long r, long c)
{
    X.data += r * X.row_step + c * X.col_step;
    return X;
}

/* One product C = op(A) op(B), or one strip of it: op(A) (m x n), op(B)
 * (n x p), and C's element (i, j) at c[i * ldc + j]. */
typedef struct {
    Operand A, B;
    double *c;
    long ldc;
    int m, n, p;
} Product;

/* The same sums without blocks, for when there is no memory for them:
 * c_ij = 0.0, then + a_ik b_kj for k = 0, 1, ... */
static void product_unblocked(const Product *P)
{
    for (int i = 0; i < P->m; i++)
        for (int j = 0; j < P->p; j++) {
            double c_ij = 0.0;
            for (int k = 0; k < P->n; k++)
                c_ij += operand_at(P->A, i, k) * operand_at(P->B, k, j);
            P->c[i * P->ldc + j] = c_ij;
        }
}

/* ---- 3. packing ------------------------------------------------------------------ */

/* The register tile (section 4) walks k and at each step reads mr values
 * of column k of op(A) and nr values of row k of op(B). Packing copies a
 * block of op(A) and one of op(B) once into exactly that order, so that
 * the tile reads both with unit stride, whatever A's and B's strides
 * (which is how one tile serves A B, A^T B and A B^T). Rows or columns
 * past the edge of the matrix are packed as zeros: a tile at the edge
 * computes a few values nobody stores.
 *
 * Rows [0, rows) x columns [0, depth) of X, in panels of w rows, each
 * panel column by column:
 *     packed[(r / w) * depth * w + k * w + (r % w)] = X_rk
 * Block of op(A): X = op(A), w = mr. Block of op(B): X = op(B)^T, w = nr
 * (row k of op(B) is column k of op(B)^T). Each instruction set inlines
 * this with its own constant w (section 4), so that the compiler unrolls
 * the i loops and copies w values with a few vector instructions. */
static inline __attribute__((always_inline)) void pack_panels(double *restrict packed, Operand X,
                                                              int rows, int depth, int w)
{
    for (int r0 = 0; r0 < rows; r0 += w) {
        double *panel = &packed[(long)r0 * depth];
        const double *x = &X.data[r0 * X.row_step];
        if (r0 + w > rows) { /* the last panel, cut by the edge: zeros below it */
            for (int k = 0; k < depth; k++)
                for (int i = 0; i < w; i++)
                    panel[k * w + i] = r0 + i < rows ? x[i * X.row_step + k * X.col_step] : 0.0;
        } else if (X.row_step == 1) { /* a column of X is contiguous: w values at once */
            for (int k = 0; k < depth; k++)
#pragma GCC unroll 16
                for (int i = 0; i < w; i++)
                    panel[k * w + i] = x[i + k * X.col_step];
        } else { /* a row of X is contiguous (A's rows): w rows side by side */
            for (int k = 0; k < depth; k++)
#pragma GCC unroll 16
                for (int i = 0; i < w; i++)
                    panel[k * w + i] = x[i * X.row_step + k * X.col_step];
        }
    }
}

/* op(X)^T: the same numbers with the two strides swapped. */
static Operand transposed(Operand X)
{
    return (Operand){X.data, X.col_step, X.row_step};
}

/* ---- 4. the register tile ---------------------------------------------------------- */

/* The largest tile of any instruction set (AVX-512's 8 x 16). */
enum { TILE_ROWS_MAX = 8, TILE_COLS_MAX = 16 };

/* An mr x nr tile of C, held in registers (acc) while k runs over the
 * depth of one block:
 *
 *     acc_ij = acc_ij + a_ik * b_kj        i < mr, j < nr, k = 0 .. depth-1
 *
 * acc starts at 0.0 on the first block of k (first = 1), else at the C the
 * previous block left, and goes back to C at the end. a and b are packed
 * panels (section 3). mr * nr accumulators, mr + nr values loaded per k,
 * mr * nr multiply-adds per k: the larger the tile, the less loading per
 * multiply-add, until the accumulators no longer fit in the registers.
 *
 * Written once; each instruction set inlines it with its own mr and nr
 * (section 5), and the compiler turns the j loop into vector instructions
 * of that set (nr = 8 under AVX2: two 4-double registers per row of the
 * tile) and keeps acc in registers (GCC needs the i loop unrolled to see
 * that). The first and the last step of k are written out: a loop that
 * only copied C into acc, or acc into C, GCC would turn into memcpy calls
 * through the stack; folded into the first and last add, the copies
 * become vector loads and stores. The operations stay those of the sum:
 * 0.0 + a_i0 b_0j (or C + ...) first, + a_ik b_kj after. */
static inline __attribute__((always_inline)) void tile_kernel(int depth,
                                                              const double *restrict a,
                                                              const double *restrict b,
                                                              double *restrict c, long ldc,
                                                              int first, int mr, int nr)
{
    double acc[TILE_ROWS_MAX][TILE_COLS_MAX];
    /* k = 0: the sum starts at 0.0 on the first block of k, else at C */
    if (first) {
#pragma GCC unroll 8
        for (int i = 0; i < mr; i++)
            for (int j = 0; j < nr; j++)
                acc[i][j] = 0.0 + a[i] * b[j];
    } else {
#pragma GCC unroll 8
        for (int i = 0; i < mr; i++)
            for (int j = 0; j < nr; j++)
                acc[i][j] = c[i * ldc + j] + a[i] * b[j];
    }
    if (depth == 1) {
        for (int i = 0; i < mr; i++)
            for (int j = 0; j < nr; j++)
                c[i * ldc + j] = acc[i][j];
        return;
    }
    for (int k = 1; k < depth - 1; k++) {
        const double *a_k = &a[k * mr], *b_k = &b[k * nr];
#pragma GCC unroll 8
        for (int i = 0; i < mr; i++) {
            double a_ik = a_k[i];
            for (int j = 0; j < nr; j++)
                acc[i][j] += a_ik * b_k[j];
        }
    }
    /* the last k: its sum goes straight from the registers to C */
    const double *a_k = &a[(depth - 1) * mr], *b_k = &b[(depth - 1) * nr];
#pragma GCC unroll 8
    for (int i = 0; i < mr; i++)
        for (int j = 0; j < nr; j++)
            c[i * ldc + j] = acc[i][j] + a_k[i] * b_k[j];
}

/* ---- 5. one set of kernels per instruction set ---------------------------------------------- */

/* Each instruction set compiles the tile and the two packings with its own
 * constant mr and nr: the compiler needs them constant to unroll the loops
 * over i and j, keep acc in registers, and use vectors of its own width.
 * One line below per instruction set makes its three functions. */
typedef struct {
    int mr, nr;
    void (*tile)(int depth, const double *a, const double *b, double *c, long ldc, int first);
    void (*pack_a)(double *packed, Operand A, int rows, int depth); /* a block of op(A) */
    void (*pack_b)(double *packed, Operand B, int depth, int cols); /* a block of op(B) */
} Kernels;

#define KERNELS(isa, target, MR, NR)                                                          \
    target static void tile_##isa(int depth, const double *restrict a,                       \
                                  const double *restrict b, double *restrict c, long ldc,     \
                                  int first)                                                  \
    {                                                                                         \
        tile_kernel(depth, a, b, c, ldc, first, MR, NR);                                      \
    }                                                                                         \
    target static void pack_a_##isa(double *restrict packed, Operand A, int rows, int depth) \
    {                                                                                         \
        pack_panels(packed, A, rows, depth, MR);                                              \
    }                                                                                         \
    target static void pack_b_##isa(double *restrict packed, Operand B, int depth, int cols) \
    {                                                                                         \
        pack_panels(packed, transposed(B), cols, depth, NR);                                  \
    }

/* Baseline (SSE2): 16 registers of 2 doubles; a 4 x 4 tile takes 8 of
 * them for the accumulators. */
KERNELS(baseline, , 4, 4)

#if defined(__x86_64__) && defined(__GNUC__)
#define GEMM_X86 1
/* AVX2: 16 registers of 4 doubles; 6 x 8 takes 12 for the accumulators,
 * 2 for a row of B, 1 for a broadcast a_ik, 1 for a product. */
KERNELS(avx2, __attribute__((target("avx2"))), 6, 8)
/* AVX-512: 32 registers of 8 doubles; 8 x 16 takes 16 for the accumulators. */
KERNELS(avx512, __attribute__((target("avx512f"))), 8, 16)
#endif

static const Kernels KERNELS_OF[GEMM_N_ISA] = {
    [GEMM_ISA_BASELINE] = {4, 4, tile_baseline, pack_a_baseline, pack_b_baseline},
#ifdef GEMM_X86
    [GEMM_ISA_AVX2] = {6, 8, tile_avx2, pack_a_avx2, pack_b_avx2},
    [GEMM_ISA_AVX512] = {8, 16, tile_avx512, pack_a_avx512, pack_b_avx512},
#endif
};

/* A tile that hangs over the bottom or right edge of C (rows < mr or cols
 * < nr) runs on a full-size copy and only its rows x cols go back. */
static void run_tile(const Kernels *t, int depth, const double *a, const double *b, double *c,
                     long ldc, int rows, int cols, int first)
{
    if (rows == t->mr && cols == t->nr) {
        t->tile(depth, a, b, c, ldc, first);
        return;
    }
    double edge[TILE_ROWS_MAX * TILE_COLS_MAX] = {0};
    for (int i = 0; i < rows && !first; i++)
        memcpy(&edge[i * t->nr], &c[i * ldc], (size_t)cols * sizeof *c);
    t->tile(depth, a, b, edge, t->nr, first);
    for (int i = 0; i < rows; i++)
        memcpy(&c[i * ldc], &edge[i * t->nr], (size_t)cols * sizeof *c);
}

/* ---- 6. the blocked product -------------------------------------------------------- */

/* Block sizes, in doubles, for caches of 32-48 KB (L1) and 0.5-2 MB (L2)
 * per core and an L3 shared by all (measured with make bench on a Zen 3):
 *   the packed block of A, BLOCK_ROWS x BLOCK_DEPTH (192 KB), stays in L2
 *     while every panel of B passes over it;
 *   a packed panel of B, BLOCK_DEPTH x nr (32 KB under AVX2), comes into
 *     L1 once and serves the block's panels of A one after another;
 *   the packed block of B, BLOCK_DEPTH x BLOCK_COLS (4 MB), stays in L3.
 * The deeper the block, the fewer the passes in which each tile must load
 * its piece of C and store it again. */
enum { BLOCK_ROWS = 48, BLOCK_DEPTH = 512, BLOCK_COLS = 1024 };

static int min_int(int a, int b)
{
    return a < b ? a : b;
}

static int round_up(int x, int step)
{
    return (x + step - 1) / step * step;
}

/* Ask the cache for the rows x cols tile of C at c (row stride ldc) that
 * comes next: a large C is not in the cache, and the tile must load it
 * before its first add (when it continues a sum) or write it at its end. */
static void prefetch_tile(const double *c, long ldc, int rows, int cols)
{
    for (int i = 0; i < rows; i++) {
        __builtin_prefetch(&c[i * ldc]);
        __builtin_prefetch(&c[i * ldc + cols - 1]);
    }
}

/* The tiles of one block: C rows [0, rows) x columns [0, cols), from a
 * packed block of A (rows x depth) and of B (depth x cols). The panel of B
 * is the outer loop: it stays in L1 while the panels of A pass under it. */
static void block_tiles(const Kernels *t, const Product *P, const double *packed_a,
                        const double *packed_b, double *c, int rows, int cols, int depth,
                        int first)
{
    for (int j = 0; j < cols; j += t->nr)
        for (int i = 0; i < rows; i += t->mr) {
            prefetch_tile(&c[(i + t->mr) * P->ldc + j], P->ldc, min_int(t->mr, rows - i - t->mr),
                          min_int(t->nr, cols - j));
            run_tile(t, depth, &packed_a[(long)i * depth], &packed_b[(long)j * depth],
                     &c[i * P->ldc + j], P->ldc, min_int(t->mr, rows - i),
                     min_int(t->nr, cols - j), first);
        }
}

/* C = op(A) op(B) block by block: columns of C in steps of BLOCK_COLS,
 * the sum over k in steps of BLOCK_DEPTH (each step adds to what the last
 * left in C, so every C_ij still sums k = 0, 1, 2, ... in order), rows in
 * steps of BLOCK_ROWS. packed_a and packed_b hold one block each. */
static void product_blocked(const Kernels *t, const Product *P, double *packed_a,
                            double *packed_b)
{
    /* blocks of k of equal depth (1100 = 3 x 367, not 512 + 512 + 76): a
     * thin last block would load and store its tiles of C for little work */
    int n_blocks = (P->n + BLOCK_DEPTH - 1) / BLOCK_DEPTH;
    int block_depth = (P->n + n_blocks - 1) / n_blocks;
    for (int j0 = 0; j0 < P->p; j0 += BLOCK_COLS) {
        int cols = min_int(BLOCK_COLS, P->p - j0);
        for (int k0 = 0; k0 < P->n; k0 += block_depth) {
            int depth = min_int(block_depth, P->n - k0);
            t->pack_b(packed_b, operand_from(P->B, k0, j0), depth, cols);
            for (int i0 = 0; i0 < P->m; i0 += BLOCK_ROWS) {
                int rows = min_int(BLOCK_ROWS, P->m - i0);
                t->pack_a(packed_a, operand_from(P->A, i0, k0), rows, depth);
                block_tiles(t, P, packed_a, packed_b, &P->c[i0 * P->ldc + j0], rows, cols,
                            depth, k0 == 0);
            }
        }
    }
}

/* The product with its packed blocks in memory borrowed for the call
 * (none to be had: the same sums unblocked). */
static void product(const Kernels *t, const Product *P)
{
    if (P->m == 0 || P->p == 0)
        return;
    if (P->n == 0) { /* an empty sum: C = 0 */
        for (int i = 0; i < P->m; i++)
            memset(&P->c[i * P->ldc], 0, (size_t)P->p * sizeof *P->c);
        return;
    }
    int depth = min_int(BLOCK_DEPTH, P->n);
    size_t size_a = (size_t)round_up(min_int(BLOCK_ROWS, P->m), t->mr) * depth;
    size_t size_b = (size_t)depth * round_up(min_int(BLOCK_COLS, P->p), t->nr);
    double *packed = malloc((size_a + size_b) * sizeof *packed);
    if (!packed) {
        product_unblocked(P);
        return;
    }
    product_blocked(t, P, packed, packed + size_a);
    free(packed);
}

/* ---- 7. threads ---------------------------------------------------------------------- */

/* A product cut into n_parts strips of C, along its rows (strips of whole
 * tiles of mr rows) or along its columns (of nr columns). Each strip is a
 * product of its own (a strip of rows of C needs the same rows of op(A)
 * and all of op(B)), computed start to end by one thread: no two threads
 * ever write the same C_ij, and each C_ij is summed as without threads. */
typedef struct {
    const Kernels *tile;
    Product whole;
    int n_parts, by_rows;
} Job;

/* [first, last) of n, cut into n_parts pieces of whole steps. */
static void piece(int n, int step, int n_parts, int part, int *first, int *last)
{
    int steps = (n + step - 1) / step;
    *first = min_int(n, steps * part / n_parts * step);
    *last = min_int(n, steps * (part + 1) / n_parts * step);
}

static void run_part(void *ctx, int part)
{
    const Job *job = ctx;
    Product P = job->whole;
    int first, last;
    if (job->by_rows) { /* rows [first, last) of C and of op(A) */
        piece(P.m, job->tile->mr, job->n_parts, part, &first, &last);
        P.A = operand_from(P.A, first, 0);
        P.c += (long)first * P.ldc;
        P.m = last - first;
    } else { /* columns [first, last) of C and of op(B) */
        piece(P.p, job->tile->nr, job->n_parts, part, &first, &last);
        P.B = operand_from(P.B, 0, first);
        P.c += first;
        P.p = last - first;
    }
    product(job->tile, &P);
}

/* ---- 8. settings and dispatch ---------------------------------------------------------- */

int gemm_isa_available(GemmIsa isa)
{
    switch (isa) {
    case GEMM_ISA_BASELINE: return 1;
#ifdef GEMM_X86
    case GEMM_ISA_AVX2: return __builtin_cpu_supports("avx2") != 0;
    case GEMM_ISA_AVX512: return __builtin_cpu_supports("avx512f") != 0;
#endif
    default: return 0;
    }
}

const char *gemm_isa_name(GemmIsa isa)
{
    static const char *const names[GEMM_N_ISA] = {"baseline", "avx2", "avx512"};
    CHECK((int)isa >= 0 && isa < GEMM_N_ISA, "unknown GemmIsa %d", (int)isa);
    return names[isa];
}

/* Below these sizes (multiply-adds, m n p) packing, or waking a thread,
 * costs more than it saves; measured with bench/ (make bench). */
#define MIN_BLOCKED 4096.0
#define MIN_THREADED 200000.0

static GemmSpec defaults;                 /* from the environment, once */
static pthread_once_t defaults_once = PTHREAD_ONCE_INIT;
static int threads_override;              /* gemm_set_threads; 0: none */
static GemmIsa isa_override = GEMM_N_ISA; /* gemm_set_isa; GEMM_N_ISA: none */

static void read_defaults(void)
{
    GemmIsa best = GEMM_ISA_BASELINE;
    for (int isa = 0; isa < GEMM_N_ISA; isa++)
        if (gemm_isa_available((GemmIsa)isa))
            best = (GemmIsa)isa;
    const char *want = getenv("ANNLAB_ISA");
    for (int isa = 0; want && isa < GEMM_N_ISA; isa++)
        if (strcmp(want, gemm_isa_name((GemmIsa)isa)) == 0 && gemm_isa_available((GemmIsa)isa))
            best = (GemmIsa)isa;
    int threads = pool_cores();
    const char *n = getenv("ANNLAB_THREADS");
    if (n && atoi(n) >= 1)
        threads = min_int(atoi(n), POOL_MAX_THREADS);
    defaults = (GemmSpec){.isa = best, .threads = threads, .min_blocked = MIN_BLOCKED,
                          .min_threaded = MIN_THREADED};
    const char *all = getenv("ANNLAB_GEMM");
    if (all && strcmp(all, "blocked") == 0)
        defaults.min_blocked = defaults.min_threaded = 0;
}

GemmSpec gemm_default(void)
{
    pthread_once(&defaults_once, read_defaults);
    GemmSpec spec = defaults;
    if (threads_override >= 1)
        spec.threads = threads_override;
    if (isa_override != GEMM_N_ISA)
        spec.isa = isa_override;
    return spec;
}

void gemm_set_threads(int n)
{
    CHECK(n >= 0, "threads = %d", n);
    threads_override = min_int(n, POOL_MAX_THREADS);
}

void gemm_set_isa(GemmIsa isa)
{
    CHECK(isa == GEMM_N_ISA || gemm_isa_available(isa), "isa %d is not available",
          (int)isa);
    isa_override = isa;
}

void gemm_run(Mat *C, GemmForm form, const Mat *A, const Mat *B, const GemmSpec *spec)
{
    check_shapes(C, form, A, B);
    CHECK(gemm_isa_available(spec->isa), "%s is not available on this CPU",
          gemm_isa_name(spec->isa));
    CHECK(spec->threads >= 1, "threads = %d", spec->threads);
    Product P = {.A = operand(A, form == GEMM_TN), .B = operand(B, form == GEMM_NT),
                 .c = C->data, .ldc = C->cols, .m = C->rows,
                 .n = form == GEMM_TN ? A->rows : A->cols, .p = C->cols};
    double mul_adds = (double)P.m * P.n * P.p;
    if (mul_adds < spec->min_blocked) {
        gemm_reference(C, form, A, B);
        return;
    }
    Job job = {.tile = &KERNELS_OF[spec->isa], .whole = P, .by_rows = P.m >= P.p};
    int steps = job.by_rows ? (P.m + job.tile->mr - 1) / job.tile->mr
                            : (P.p + job.tile->nr - 1) / job.tile->nr;
    job.n_parts = min_int(spec->threads, steps);
    if (spec->min_threaded > 0 && mul_adds / spec->min_threaded < job.n_parts)
        job.n_parts = (int)(mul_adds / spec->min_threaded);
    if (job.n_parts <= 1)
        product(job.tile, &P);
    else
        pool_run(job.n_parts, run_part, &job);
}

void gemm(Mat *C, GemmForm form, const Mat *A, const Mat *B)
{
    GemmSpec spec = gemm_default();
    gemm_run(C, form, A, B, &spec);
}
