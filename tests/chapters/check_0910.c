/* --check, --variant and --quiz of chapters 09 and 10: the names --check
 * knows, a right and a wrong value of a late step (the first wrong step
 * and what it came from), the same variant twice, the quiz without its
 * answers, and a variant's own numbers checked as right. The answers are
 * read from the lecture, where each worked number is followed by its
 * name in brackets ("= 0.253091368   [w1_11+]"). Run from the repository
 * root; $ANNLAB_BUILD names the build folder (default build).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

#define CH09 "09_initializers"

/* The arguments after --plots=none --out (a folder under /tmp), so no
 * test writes into the working tree. */
#define ARGS(...) \
    ((const char *const[]){"--plots=none", "--out", "/tmp/annlab-check-0910", __VA_ARGS__, NULL})

/* The number the lecture prints just before the tag "   [name]": the
 * text after the last " = " before it, into buf. */
static const char *tagged(const char *text, const char *name, char *buf, size_t len)
{
    char tag[64];
    snprintf(tag, sizeof tag, "   [%s]", name);
    const char *at = strstr(text, tag);
    cr_assert_not_null(at, "no \"%s\" in the lecture:\n%s", tag, text);
    const char *from = at;
    while (from > text && strncmp(from, " = ", 3) != 0 && from[-1] != '\n')
        from--;
    cr_assert(strncmp(from, " = ", 3) == 0, "no \" = \" before %s", tag);
    from += 3;
    size_t n = (size_t)(at - from);
    cr_assert_lt(n, len);
    memcpy(buf, from, n);
    buf[n] = '\0';
    return buf;
}

/* A lecture's answers to names[], its quiz holds none of them, and its
 * --check with them says right; without --variant they are wrong. */
static void expect_variant_key(const char *chapter, const char *variant,
                               const char *const *names, int n)
{
    RunResult lecture = run_chapter(chapter, ARGS("--variant", variant, "--epochs", "1")),
              quiz = run_chapter(chapter, ARGS("--variant", variant, "--quiz"));
    cr_assert_eq(lecture.status, 0, "%s", lecture.err);
    cr_assert_eq(quiz.status, 0, "%s", quiz.err);
    char request[1024] = "", value[64];
    size_t at = 0;
    for (int k = 0; k < n; k++) {
        tagged(lecture.out, names[k], value, sizeof value);
        char first[8]; /* the first digits a student would copy */
        snprintf(first, sizeof first, "%.6s", value);
        cr_expect(strstr(quiz.out, first) == NULL, "the quiz gives away %s = %s:\n%s", names[k],
                  value, quiz.out);
        at += (size_t)snprintf(request + at, sizeof request - at, "%s%s=%s", k ? "," : "",
                               names[k], value);
        cr_assert_lt(at, sizeof request);
    }
    RunResult key = run_chapter(chapter, ARGS("--variant", variant, "--check", request)),
              notes = run_chapter(chapter, ARGS("--check", request));
    cr_expect_eq(key.status, 0, "--variant %s --check %s:\n%s%s", variant, request, key.out,
                 key.err);
    char all[32];
    snprintf(all, sizeof all, "All %d right.", n);
    expect_has(key.out, all, "--check");
    cr_expect_eq(notes.status, 1, "variant %s's answers pass for the notes' numbers", variant);
    run_result_free(&notes);
    run_result_free(&key);
    run_result_free(&quiz);
    run_result_free(&lecture);
}

/* The same variant twice gives the same lecture, another than variant 0
 * (the long training runs cut to one epoch: they are not redrawn). */
static void expect_variant_repeats(const char *chapter)
{
    RunResult a = run_chapter(chapter, ARGS("--variant", "3", "--epochs", "1")),
              b = run_chapter(chapter, ARGS("--variant=3", "--epochs", "1")),
              notes = run_chapter(chapter, ARGS("--epochs", "1"));
    cr_assert_eq(a.status, 0, "%s", a.err);
    cr_expect_str_eq(a.out, b.out, "--variant 3 twice gave two transcripts");
    cr_expect_str_neq(a.out, notes.out, "--variant 3 has the notes' numbers");
    run_result_free(&a);
    run_result_free(&b);
    run_result_free(&notes);
}

/* ---- chapter 09 ----------------------------------------------------------------------- */

Test(check0910, ch09_check_list_names_every_section, .timeout = 60)
{
    RunResult r = run_chapter(CH09, ARGS("--check", "list"));
    cr_expect_eq(r.status, 0);
    const char *names[] = {"2. Zeros and constants: the symmetry", "z1_1", "dC/dz1_1", "w1_11+",
                           "3. The formulas, with 004's fan_in = 3 and fan_out = 2",
                           "sigma_xavier", "Var_he_u", "xn/z_var", "xu/SE_var",
                           "g_xavier_relu", "width"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        expect_has(r.out, names[k], "--check list");
    run_result_free(&r);
}

Test(check0910, ch09_a_wrong_update_points_at_its_gradient, .timeout = 60)
{
    /* w^1_21 = 0.25 - 0.5 x -0.0123654737 = 0.256182737; a sign slip gives 0.2438 */
    RunResult r =
        run_chapter(CH09, ARGS("--check", "w1_11+=0.2531,w1_21+=0.2438,dC/dz1_1=-0.1237"));
    cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
    expect_has(r.out, "w1_11+ = 0.2531: right (to 4 digits)\n", "--check");
    expect_has(r.out, "w1_21+ = 0.2438: not right (to 4 digits)\n", "--check");
    expect_has(r.out, "    w1_21+ = w - eta dC/dw1_21\n", "--check");
    expect_has(r.out, "    dC/dw1_21    not checked\n", "--check");
    expect_has(r.out, "09_initializers --check dC/dw1_21=...", "--check");
    run_result_free(&r);
    r = run_chapter(CH09, ARGS("--check", "w1_21+=0.2562,xn/z_var=0.9244,g_xavier_relu=0.5"));
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    run_result_free(&r);
}

Test(check0910, ch09_the_same_variant_gives_the_same_numbers, .timeout = 300)
{
    expect_variant_repeats(CH09);
}

Test(check0910, ch09_a_variants_quiz_has_no_answers_and_its_key_checks, .timeout = 300)
{
    const char *names[] = {"z1_1", "dC/dz1_1", "w1_21+", "r_xavier", "Var_he_n", "xn/z_var"};
    expect_variant_key(CH09, "3", names, 6);
}

/* ---- chapter 10 ----------------------------------------------------------------------- */

#define CH10 "10_vanishing_gradients"

Test(check0910, ch10_check_list_names_the_chain_and_the_clipping, .timeout = 60)
{
    RunResult r = run_chapter(CH10, ARGS("--check", "list"));
    cr_expect_eq(r.status, 0);
    const char *names[] = {"1. The gradient is a product of factors, one per layer", "s'3",
                           "dC/db1", "factor2", "ratio", "w_new",
                           "6. Exploding gradients: large weights, and gradient clipping",
                           "norm", "g2_1+", "clamped"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        expect_has(r.out, names[k], "--check list");
    run_result_free(&r);
}

Test(check0910, ch10_a_wrong_early_gradient_points_at_its_factors, .timeout = 60)
{
    /* dC/db1 = dC/db2 x w2 x s'(z1) = 0.0425520839 x -1.4 x 0.221712873 = -0.0132080827;
     * the sign of w2 left out gives +0.0132 */
    RunResult r = run_chapter(CH10, ARGS("--check", "dC/db2=0.04255,dC/db1=0.01321,norm=13"));
    cr_expect_eq(r.status, 1, "%s%s", r.out, r.err);
    expect_has(r.out, "dC/db2 = 0.04255: right (to 4 digits)\n", "--check");
    expect_has(r.out, "dC/db1 = 0.01321: not right (to 4 digits)\n", "--check");
    expect_has(r.out, "    dC/db1 = dC/db2 w2 s'1\n", "--check");
    expect_has(r.out, "    dC/db2       right, as you checked\n", "--check");
    expect_has(r.out, "    w2           given, -1.4\n", "--check");
    run_result_free(&r);
    r = run_chapter(CH10, ARGS("--check", "dC/db1=-0.01321,w_new=0.999999,g2_1+=0.9231"));
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    run_result_free(&r);
}

Test(check0910, ch10_the_same_variant_gives_the_same_numbers, .timeout = 300)
{
    expect_variant_repeats(CH10);
}

Test(check0910, ch10_a_variants_quiz_has_no_answers_and_its_key_checks, .timeout = 300)
{
    const char *names[] = {"s'2", "factor3", "ratio", "product", "norm"};
    expect_variant_key(CH10, "3", names, 5);
}
