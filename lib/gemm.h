/* gemm.h - the matrix product behind mat_matmul, mat_matmul_tn and
 * mat_matmul_nt ("gemm": BLAS's name, GEneral Matrix-Matrix product).
 *
 *     C = op(A) op(B):   C_ij = sum_k op(A)_ik op(B)_kj,   k = 0, 1, ..., n-1
 *
 * op(A) is A or A^T, op(B) is B or B^T (GemmForm); op(A) is (m x n), op(B)
 * (n x p), C (m x p), as in mat.h. gemm_reference() is the product as the
 * lecture writes it, three loops. gemm_run() computes the same numbers
 * quickly: blocks that stay in the caches, a register tile, the widest
 * vector instructions the CPU has (picked when the program runs), and both
 * cores for a large product. bench/README.md explains each step.
 *
 * Bitwise determinism: every way of computing (each instruction set, any
 * number of threads, blocked or not) gives exactly the bits of
 * gemm_reference(), because each C_ij is computed by the same operations
 * in the same order:
 *
 *     c = 0.0;  for k = 0, 1, ..., n-1:  c = c + (a_ik * b_kj)
 *
 * one rounding after the multiply and one after the add (no fused
 * multiply-add: the Makefile's -ffp-contract=off). Only the order in which
 * different C_ij are worked on changes, never the order within one.
 *
 * Settings: gemm() uses the process-wide defaults of gemm_default(), which
 * read two environment variables once:
 *     ANNLAB_THREADS=N    at most N threads (default: every core)
 *     ANNLAB_ISA=NAME     baseline, avx2 or avx512 (default: the best the
 *                         CPU has; a name it lacks falls back to the best)
 *     ANNLAB_GEMM=blocked every product through the blocks and threads,
 *                         however small (a test of determinism: the
 *                         transcripts must not change; slower)
 * and gemm_set_threads() (the chapters' --threads flag) overrides the first,
 * gemm_set_isa() the second. The optimizers' step (optim.c) and the long
 * loops of mat.c use the same threads, and optim.c the same isa.
 */
#ifndef ANNLAB_GEMM_H
#define ANNLAB_GEMM_H

#include "mat.h"

typedef enum {
    GEMM_NN, /* C = A B      A (m x n), B (n x p) */
    GEMM_TN, /* C = A^T B    A (n x m), B (n x p) */
    GEMM_NT, /* C = A B^T    A (m x n), B (p x n) */
} GemmForm;

/* The instruction sets with a register tile of their own. */
typedef enum {
    GEMM_ISA_BASELINE, /* what every x86-64 (or any other) CPU has: SSE2, 2 doubles a register */
    GEMM_ISA_AVX2,     /* 4 doubles a register, 16 registers */
    GEMM_ISA_AVX512,   /* 8 doubles a register, 32 registers */
    GEMM_N_ISA
} GemmIsa;

typedef struct {
    GemmIsa isa;         /* whose register tile; must be gemm_isa_available() */
    int threads;         /* at most this many threads (>= 1) */
    double min_blocked;  /* fewer multiply-adds (m n p) than this: the reference loop */
    double min_threaded; /* fewer multiply-adds than this per thread: fewer threads */
} GemmSpec;

/* C = op(A) op(B) with the default settings (gemm_default()). Shapes as
 * above, checked; C must not alias A or B (A and B may be the same).
 * Never fails: the packed blocks borrow memory from malloc for the call
 * and, if there is none, the product runs as gemm_reference(). */
void gemm(Mat *C, GemmForm form, const Mat *A, const Mat *B);

/* The same with explicit settings (the tests use every isa and thread
 * count, with min_blocked = min_threaded = 0 to force blocks and threads
 * onto the smallest shapes). */
void gemm_run(Mat *C, GemmForm form, const Mat *A, const Mat *B, const GemmSpec *spec);

/* The three loops of the lecture, in the summation order above. */
void gemm_reference(Mat *C, GemmForm form, const Mat *A, const Mat *B);

/* The settings gemm() uses: the best available isa (or ANNLAB_ISA), the
 * threads of gemm_set_threads (or ANNLAB_THREADS, or every core), and the
 * sizes below which blocking and threads cost more than they save. */
GemmSpec gemm_default(void);

/* Use at most n threads from now on (n >= 1); 0 goes back to the default.
 * Process-wide: meant for main(), before any product. */
void gemm_set_threads(int n);

/* Use isa from now on (it must be gemm_isa_available); GEMM_N_ISA goes
 * back to the default. Process-wide, as gemm_set_threads; the tests run
 * the optimizers' step under every isa with it. */
void gemm_set_isa(GemmIsa isa);

/* 1 when this CPU (and this build) can run isa, else 0. */
int gemm_isa_available(GemmIsa isa);

/* "baseline", "avx2", "avx512". */
const char *gemm_isa_name(GemmIsa isa);

#endif
