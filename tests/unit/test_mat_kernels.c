/* test_mat_kernels.c - the fast matrix product (lib/gemm.c) gives exactly
 * the bits of the three reference loops, for A B, A^T B and A B^T, for
 * every instruction set this machine can run, with 1, 2 and 3 threads,
 * on random and awkward shapes: 1 x 1, primes, long and thin (1000 x 3,
 * 3 x 1000), one more than a block (49 rows, 513 deep, 1025 wide), empty
 * ones, and the 64 x 784 batch of the Fashion-MNIST MLP.
 *
 * Tolerance: none. Every path sums each C_ij in the same order with the
 * same roundings (gemm.h), so the results are compared with memcmp, bit
 * for bit. The inputs make that a strong test: their magnitudes spread
 * over 2^-20 .. 2^20, so summing in any other order, or fusing a multiply
 * with its add, changes the last bits of most C_ij.
 */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gemm.h"
#include "mat.h"
#include "pool.h"
#include "rng.h"

static const GemmForm FORMS[] = {GEMM_NN, GEMM_TN, GEMM_NT};
static const char *const FORM_NAMES[] = {"A B", "A^T B", "A B^T"};

/* Values in +-[2^-20, 2^20): products and sums that round differently in
 * any other order. */
static void fill_spread(Mat *X, Rng *rng)
{
    for (long k = 0; k < (long)X->rows * X->cols; k++)
        X->data[k] = rng_uniform(rng, -1.0, 1.0) * ldexp(1.0, rng_int(rng, 41) - 20);
}

/* A and B stored as the form reads them, for op(A) (m x n), op(B) (n x p). */
static void make_operands(GemmForm form, int m, int n, int p, Mat **A, Mat **B)
{
    *A = form == GEMM_TN ? mat_new(n, m) : mat_new(m, n);
    *B = form == GEMM_NT ? mat_new(p, n) : mat_new(n, p);
    cr_assert(*A && *B);
}

/* Assert C holds exactly the bits of want; name the first element that does not. */
static void assert_same_bits(const Mat *C, const Mat *want, const char *what)
{
    long n = (long)C->rows * C->cols;
    if (n == 0 || memcmp(C->data, want->data, (size_t)n * sizeof *C->data) == 0)
        return;
    for (long k = 0; k < n; k++)
        if (memcmp(&C->data[k], &want->data[k], sizeof *C->data) != 0)
            cr_assert_fail("%s: C(%ld, %ld) is %a, the reference loop gives %a", what,
                           k / C->cols, k % C->cols, C->data[k], want->data[k]);
}

/* Every available isa, 1..3 threads, blocks and threads forced on (min 0):
 * the same bits as gemm_reference, whatever C held before. */
static void check_every_variant(GemmForm form, const Mat *A, const Mat *B, int m, int n, int p)
{
    Mat *want = mat_new(m, p), *C = mat_new(m, p);
    cr_assert(want && C);
    gemm_reference(want, form, A, B);
    for (int isa = 0; isa < GEMM_N_ISA; isa++) {
        if (!gemm_isa_available((GemmIsa)isa))
            continue;
        for (int threads = 1; threads <= 3; threads++) {
            GemmSpec spec = {.isa = (GemmIsa)isa, .threads = threads};
            mat_fill(C, NAN); /* the product overwrites C */
            gemm_run(C, form, A, B, &spec);
            char what[120];
            snprintf(what, sizeof what, "%s, %d x %d x %d, %s, %d thread(s)", FORM_NAMES[form],
                     m, n, p, gemm_isa_name((GemmIsa)isa), threads);
            assert_same_bits(C, want, what);
        }
    }
    mat_free(want);
    mat_free(C);
}

/* op(A) (m x n) times op(B) (n x p), every form, the operands filled by fill. */
static void check_shape_filled(int m, int n, int p, void (*fill)(Mat *, Rng *), uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed);
    for (int f = 0; f < 3; f++) {
        Mat *A, *B;
        make_operands(FORMS[f], m, n, p, &A, &B);
        fill(A, &rng);
        fill(B, &rng);
        check_every_variant(FORMS[f], A, B, m, n, p);
        mat_free(A);
        mat_free(B);
    }
}

static void check_shape(int m, int n, int p, uint64_t seed)
{
    check_shape_filled(m, n, p, fill_spread, seed);
}

Test(mat_kernels, a_1x1_product_is_the_product_of_two_numbers)
{
    check_shape(1, 1, 1, 1);
}

Test(mat_kernels, prime_shapes_cut_every_tile_at_its_edge)
{
    /* primes: no tile of 4, 6, 8 or 16 fits them evenly */
    check_shape(7, 13, 5, 2);
    check_shape(13, 7, 17, 3);
    check_shape(31, 37, 41, 4);
    check_shape(2, 3, 61, 5);
}

Test(mat_kernels, long_thin_shapes_1000x3_and_3x1000)
{
    /* (1000 x 3)(3 x 1000): 1e6 outputs of 3 terms;
     * (3 x 1000)(1000 x 3): 9 outputs of 1000 terms, across two blocks of k;
     * (2 x 1600)(1600 x 5): four blocks of k */
    check_shape(1000, 3, 1000, 6);
    check_shape(3, 1000, 3, 7);
    check_shape(2, 1600, 5, 19);
    check_shape(1000, 1, 3, 8);
}

Test(mat_kernels, one_past_every_block_size)
{
    /* 49 rows (BLOCK_ROWS 48 + 1), 513 deep (BLOCK_DEPTH 512 + 1: two
     * blocks of k, 257 and 256 deep), 1025 columns (BLOCK_COLS 1024 + 1) */
    check_shape(49, 513, 1025, 9);
}

Test(mat_kernels, the_fashion_mnist_mlp_shapes)
{
    /* forward Z = X W (64 x 784)(784 x 128), the weight gradient
     * dW = X^T dZ (784 x 64)(64 x 128), the output layer (64 x 128)(128 x 10) */
    check_shape(64, 784, 128, 10);
    check_shape(784, 64, 128, 11);
    check_shape(64, 128, 10, 12);
}

Test(mat_kernels, empty_shapes_give_empty_or_zero_products)
{
    /* n = 0: every C_ij is an empty sum, 0 */
    check_shape(0, 3, 4, 13);
    check_shape(3, 0, 4, 14);
    check_shape(3, 4, 0, 15);
}

/* -0.0 + -0.0 stays -0.0 but 0.0 + -0.0 is 0.0; inf - inf is NaN;
 * subnormals multiply to 0: every path must meet them in the same order */
static void fill_special(Mat *X, Rng *rng)
{
    const double special[] = {0.0, -0.0, INFINITY, -INFINITY, 4.9e-324, -2.2e-308,
                              1e308, -1e308, 1.0, -3.0};
    for (long k = 0; k < (long)X->rows * X->cols; k++)
        X->data[k] = special[rng_int(rng, 10)];
}

Test(mat_kernels, infinities_zeros_and_subnormals_give_the_same_bits)
{
    check_shape_filled(19, 23, 29, fill_special, 16);
}

Test(mat_kernels, mat_matmul_with_the_default_settings_matches_the_reference)
{
    /* the library's own entry points, sizes above the blocking threshold */
    Rng rng;
    rng_seed(&rng, 17);
    Mat *A = mat_new(70, 90), *B = mat_new(90, 110), *C = mat_new(70, 110),
        *want = mat_new(70, 110);
    fill_spread(A, &rng);
    fill_spread(B, &rng);
    mat_matmul(C, A, B);
    gemm_reference(want, GEMM_NN, A, B);
    assert_same_bits(C, want, "mat_matmul");
    Mat *Ct = mat_new(90, 110), *wantt = mat_new(90, 110), *Cn = mat_new(70, 90),
        *wantn = mat_new(70, 90);
    mat_matmul_tn(Ct, A, C);
    gemm_reference(wantt, GEMM_TN, A, C);
    assert_same_bits(Ct, wantt, "mat_matmul_tn");
    mat_matmul_nt(Cn, C, B);
    gemm_reference(wantn, GEMM_NT, C, B);
    assert_same_bits(Cn, wantn, "mat_matmul_nt");
    Mat *all[] = {A, B, C, want, Ct, wantt, Cn, wantn};
    for (int k = 0; k < 8; k++)
        mat_free(all[k]);
}

Test(mat_kernels, a_times_its_own_transpose_reads_one_matrix_twice)
{
    /* G = A^T A reads A twice (chapter 07's normal equations) */
    Rng rng;
    rng_seed(&rng, 18);
    Mat *A = mat_new(50, 40);
    fill_spread(A, &rng);
    check_every_variant(GEMM_TN, A, A, 40, 50, 40);
    mat_free(A);
}

Test(mat_kernels, the_baseline_is_always_available)
{
    cr_assert_eq(gemm_isa_available(GEMM_ISA_BASELINE), 1);
    cr_assert_str_eq(gemm_isa_name(GEMM_ISA_AVX2), "avx2");
}

Test(mat_kernels, annlab_threads_and_annlab_isa_set_the_defaults)
{
    /* read once, at the first gemm_default() of this test's process */
    setenv("ANNLAB_THREADS", "1", 1);
    setenv("ANNLAB_ISA", "baseline", 1);
    GemmSpec spec = gemm_default();
    cr_assert_eq(spec.threads, 1);
    cr_assert_eq(spec.isa, GEMM_ISA_BASELINE);
}

Test(mat_kernels, set_threads_overrides_the_default_until_reset)
{
    unsetenv("ANNLAB_THREADS");
    int cores = gemm_default().threads;
    cr_assert_eq(cores, pool_cores());
    gemm_set_threads(3);
    cr_assert_eq(gemm_default().threads, 3);
    gemm_set_threads(0);
    cr_assert_eq(gemm_default().threads, cores);
}

Test(mat_kernels, set_isa_overrides_the_default_until_reset)
{
    GemmIsa best = gemm_default().isa;
    gemm_set_isa(GEMM_ISA_BASELINE);
    cr_assert_eq(gemm_default().isa, GEMM_ISA_BASELINE);
    gemm_set_isa(GEMM_N_ISA);
    cr_assert_eq(gemm_default().isa, best);
}

/* Each part adds 1 to its own counter. */
static void count_part(void *ctx, int part)
{
    int *counts = ctx;
    counts[part]++;
}

Test(mat_kernels, the_pool_runs_every_part_exactly_once)
{
    /* more parts than cores, and twice, so the second job reuses the workers */
    int counts[10] = {0};
    pool_run(10, count_part, counts);
    pool_run(10, count_part, counts);
    for (int part = 0; part < 10; part++)
        cr_assert_eq(counts[part], 2, "part %d ran %d times, expected 2", part, counts[part]);
}
