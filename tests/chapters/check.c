/* The student's loop through the chapter programs: --check (a hand
 * calculation checked to the digits written, the first wrong step and
 * what it came from, unknown names), --variant (other givens, the same
 * numbers for the same N, the lecture and --check agreeing on them),
 * --quiz (the givens and the formulas, no answer) and --section /
 * --sections (one section of a lecture, cut from the very transcript
 * expected.txt holds). Run from the repository root; $ANNLAB_BUILD names
 * the build folder (default build).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

#define CH04 "04_backprop"

/* Run chapter with the NULL-terminated arguments after --plots=none --out
 * (a folder under /tmp), so no test writes into the working tree. */
static RunResult run(const char *chapter, const char *const *args)
{
    const char *argv[24] = {"--plots=none", "--out", "/tmp/annlab-check-test"};
    int n = 3;
    for (; args[n - 3] && n < 23; n++)
        argv[n] = args[n - 3];
    argv[n] = NULL;
    return run_chapter(chapter, argv);
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The number that ends the line starting with prefix in text (its first
 * such line: "H1 = i1 w1 + i2 w2 + b1 = 0.16 x 0.44 + ... = 1.4034"),
 * into buf. */
static const char *result_of(const char *text, const char *prefix, char *buf, size_t len)
{
    char line_start[64];
    snprintf(line_start, sizeof line_start, "\n%s", prefix);
    const char *at = strstr(text, line_start);
    cr_assert_not_null(at, "no line \"%s...\" in:\n%s", prefix, text);
    const char *eol = strchr(at + 1, '\n'), *last = at;
    for (const char *eq = at; (eq = strstr(eq, " = ")) && (!eol || eq < eol); eq++)
        last = eq + 3;
    size_t n = eol ? (size_t)(eol - last) : strlen(last);
    cr_assert_lt(n, len);
    memcpy(buf, last, n);
    buf[n] = '\0';
    return buf;
}

/* ---- --check ------------------------------------------------------------------------------- */

Test(check, the_acceptance_out_h1_right_to_4_digits_E_total_not, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--check", "out_h1=0.5933,E_total=0.2893"));
    cr_expect_eq(r.status, 1, "exit status %d, expected 1 (one value does not agree)", r.status);
    expect_has(r.out, "out_h1 = 0.5933: right (to 4 digits)\n", "--check");
    expect_has(r.out, "E_total = 0.2893: not right (to 4 digits)\n", "--check");
    /* what E_total was computed from, so the student knows what to recheck */
    expect_has(r.out, "    E_total = E_o1 + E_o2\n", "--check");
    expect_has(r.out, "    E_o1         not checked\n", "--check");
    expect_has(r.out, "04_backprop --check E_o1=...,E_o2=...", "--check");
    cr_expect_str_empty(r.err);
    run_result_free(&r);
}

Test(check, every_value_right_exits_0, .timeout = 30)
{
    /* the transcript's 0.593269992, 0.298371109, 0.35891648 and 0.000438567734 */
    RunResult r = run(CH04, ARGS("--check=out_h1=0.593,E_total=0.2984,w5+=0.359,dE/dw1=4.39e-4"));
    cr_expect_eq(r.status, 0, "exit status %d:\n%s", r.status, r.out);
    expect_has(r.out, "All 4 right.", "--check");
    run_result_free(&r);
}

Test(check, a_wrong_hidden_delta_points_at_its_inputs, .timeout = 30)
{
    /* delta_h1 = dE/dout_h1 x dout_h1/dH1 = 0.0363503064 x 0.241300709 = 0.00877135469;
     * dE/dw1 = 0.000438567734 */
    RunResult r = run(CH04, ARGS("--check", "dE/dw1=0.0004386,delta_h1=0.00897,dE/dout_h1=0.03635"));
    cr_expect_eq(r.status, 1);
    expect_has(r.out, "the lecture's order: delta_h1, in section 4.3 All eight gradients\n", "--check");
    expect_has(r.out, "    dE/dout_h1   right, as you checked\n", "--check");
    expect_has(r.out, "    dout_h1/dH1  not checked\n", "--check");
    run_result_free(&r);
}

Test(check, an_unknown_name_is_an_error_with_close_names_and_exit_2, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--check", "out_h1=0.5933,outh1=0.5933"));
    cr_expect_eq(r.status, 2);
    cr_expect_str_empty(r.out);
    expect_has(r.err, "error: --check: no quantity called \"outh1\" here; close names: out_h1",
               "stderr");
    expect_has(r.err, "hint: --check list shows every name", "stderr");
    run_result_free(&r);
}

Test(check, check_list_names_the_quantities, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--check", "list"));
    cr_expect_eq(r.status, 0);
    const char *names[] = {"out_h1", "E_total", "delta_o1", "dE/dw5", "w5+", "E_total+"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        expect_has(r.out, names[k], "--check list");
    run_result_free(&r);
}

Test(check, a_chapter_without_a_worksheet_has_no_check_flag, .timeout = 30)
{
    RunResult r = run("03_mlp_forward", ARGS("--check", "list"));
    cr_expect_eq(r.status, 2);
    expect_has(r.err, "unknown flag \"--check\"", "stderr");
    run_result_free(&r);
}

Test(check, help_lists_the_flags_and_the_exit_statuses, .timeout = 30)
{
    RunResult r = run_chapter(CH04, ARGS("--help"));
    cr_expect_eq(r.status, 0);
    const char *flags[] = {"--check LIST", "--variant N", "--quiz", "--section N", "--sections",
                           "Exit status 0 when every value agrees, 1 when one does not"};
    for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
        expect_has(r.out, flags[k], "--help");
    run_result_free(&r);
}

Test(check, chapter_01_checks_epoch_1_by_hand_example_by_example, .timeout = 30)
{
    /* example 2 of 001's table is the first mistake: f = 1 x 6 + 1 x 8 + 0 = 14,
     * w1 = 1 - 0.01 x 6 = 0.94, b = 0 - 0.01 x 1 = -0.01 */
    RunResult r = run("01_perceptron", ARGS("--check", "z=15,f[2]=14,w1[2]=0.94,b[2]=-0.01"));
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    expect_has(r.out, "b[2] = -0.01: right (to 1 digit)\n", "--check");
    run_result_free(&r);
    /* a sign slip in b's update: b = 0 + 0.01 x 1 */
    r = run("01_perceptron", ARGS("--check", "b[2]=0.01"));
    cr_expect_eq(r.status, 1);
    expect_has(r.out, "    b[2] = b[1] - eta dL/db[2]\n", "--check");
    expect_has(r.out, "01_perceptron --check b[1]=...,dL/db[2]=...", "--check");
    run_result_free(&r);
}

Test(check, chapter_01_quiz_does_not_tell_which_examples_are_mistakes, .timeout = 30)
{
    RunResult r = run("01_perceptron", ARGS("--quiz", "--section", "4"));
    cr_expect_eq(r.status, 0);
    /* every example gets the same steps, dL/dw1 included */
    for (int i = 1; i <= 4; i++) {
        char step[128];
        snprintf(step, sizeof step, "dL/dw1[%d] = -y[%d] x1[%d] if yf[%d] < 0, else 0", i, i, i,
                 i);
        expect_has(r.out, step, "--quiz");
    }
    cr_expect(strstr(r.out, "no update") == NULL, "the quiz tells:\n%s", r.out);
    run_result_free(&r);
}

Test(check, chapter_01_variant_draws_its_own_table_not_with_data, .timeout = 30)
{
    RunResult r = run("01_perceptron", ARGS("--variant", "2", "--data", "datasets/placement.csv"));
    cr_expect_eq(r.status, 2);
    expect_has(r.err, "--variant draws its own table: leave out --data", "stderr");
    run_result_free(&r);
    RunResult a = run("01_perceptron", ARGS("--variant", "2", "--section", "2")),
              b = run("01_perceptron", ARGS("--variant", "2", "--section", "2"));
    cr_expect_eq(a.status, 0);
    cr_expect_str_eq(a.out, b.out);
    expect_has(a.out, "the drawn table (variant 2): 4 examples", "--variant 2");
    run_result_free(&a);
    run_result_free(&b);
}

Test(check, chapter_02_checks_the_hinge_step_and_points_at_the_decay, .timeout = 30)
{
    /* example 2: dE/dw2 = 1 x 8 + 2 x 0.01 x 0.9998 = 8.019996, not 8.2 */
    RunResult r = run("02_perceptron_losses", ARGS("--check", "f[2]=14,dE/dw2[2]=8.2"));
    cr_expect_eq(r.status, 1);
    expect_has(r.out, "    dE/dw2[2] = dL/df[2] x2[2] + 2 lambda w2[1]\n", "--check");
    expect_has(r.out, "    lambda       given, 0.01\n", "--check");
    run_result_free(&r);
    r = run("02_perceptron_losses", ARGS("--check", "dE/dw2[2]=8.020,w2[2]=0.9196"));
    cr_expect_eq(r.status, 0, "%s", r.out);
    run_result_free(&r);
}

Test(check, chapter_05_checks_mse_bce_and_kl, .timeout = 60)
{
    /* 000's MSE table: RMSE = sqrt(14) = 3.74165739; 004's P, Q: KL = 0.634897265 */
    RunResult r = run("05_losses", ARGS("--check", "RMSE=3.742,KL_PQ=0.6349,cost_w=24.43"));
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    run_result_free(&r);
    /* H(P) = 0.801818553 is 0.80 to 2 digits, KL = 0.634897265 is 0.6 to 1; not 0.81 */
    r = run("05_losses", ARGS("--check", "H_P=0.80,KL_PQ=0.6"));
    cr_expect_eq(r.status, 0, "%s", r.out);
    run_result_free(&r);
    r = run("05_losses", ARGS("--check", "H_P=0.81,KL_PQ=0.62"));
    cr_expect_eq(r.status, 1);
    expect_has(r.out, "the lecture's order: H_P, in section 13.", "--check");
    run_result_free(&r);
    /* a variant redraws section 2's table: the notes' MSE no longer holds */
    r = run("05_losses", ARGS("--variant", "2", "--check", "MSE=14"));
    cr_expect_eq(r.status, 1, "%s", r.out);
    run_result_free(&r);
}

Test(check, chapter_07_checks_the_gradient_and_both_kinds_of_step, .timeout = 60)
{
    /* section 3: dL/dm = -2/4 x (-33) = 16.5; batch step m = 1 - 0.01 x 16.5 = 0.835;
     * SGD update 2: m = 0.2 - 0.01 x (-59.4) = 0.794, c = -0.1 - 0.01 x (-6.6) = -0.034 */
    RunResult r = run("07_gradient_descent", ARGS("--check", "dL/dm=16.5,m+=0.835,m[2]=0.794,"
                                                            "c[2]=-0.034"));
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    run_result_free(&r);
    r = run("07_gradient_descent", ARGS("--check", "c[2]=0.034"));
    cr_expect_eq(r.status, 1);
    expect_has(r.out, "    c[2] = c[1] - eta dL/dc[2]\n", "--check");
    run_result_free(&r);
    r = run("07_gradient_descent", ARGS("--variant", "1", "--data", "datasets/students.csv"));
    cr_expect_eq(r.status, 2);
    run_result_free(&r);
}

/* ---- --variant and --quiz ----------------------------------------------------------------------- */

Test(check, the_same_variant_gives_the_same_numbers_another_other_ones, .timeout = 60)
{
    RunResult a = run(CH04, ARGS("--variant", "3", "--section", "4")),
              b = run(CH04, ARGS("--variant=3", "--section", "4")),
              c = run(CH04, ARGS("--variant", "4", "--section", "4")),
              notes = run(CH04, ARGS("--variant", "0", "--section", "4"));
    cr_assert_eq(a.status, 0, "%s", a.err);
    cr_expect_str_eq(a.out, b.out, "--variant 3 twice gave two transcripts");
    cr_expect_str_neq(a.out, c.out, "--variant 3 and 4 gave the same numbers");
    cr_expect_str_neq(a.out, notes.out, "--variant 3 has the notes' numbers");
    expect_has(notes.out, "Inputs i1 = 0.05, i2 = 0.1; targets T1 = 0.01, T2 = 0.99", "variant 0");
    /* the same lecture text: the same lines begin the same way */
    expect_has(a.out, "\nH1 = i1 w1 + i2 w2 + b1 = ", "variant 3");
    expect_has(a.out, "\ndelta_h1 = dE/dout_h1 x out_h1 (1 - out_h1) = ", "variant 3");
    run_result_free(&a);
    run_result_free(&b);
    run_result_free(&c);
    run_result_free(&notes);
}

Test(check, variant_0_is_the_transcript_itself, .timeout = 60)
{
    RunResult r = run(CH04, ARGS("--variant", "0"));
    char *expected = run_read_file("chapters/04_backprop/expected.txt");
    cr_assert_not_null(expected);
    cr_expect(strcmp(r.out, expected) == 0, "--variant 0 differs from expected.txt");
    free(expected);
    run_result_free(&r);
}

Test(check, a_variants_quiz_and_its_check_agree_with_its_lecture, .timeout = 60)
{
    RunResult lecture = run(CH04, ARGS("--variant", "3", "--section", "4")),
              quiz = run(CH04, ARGS("--variant", "3", "--quiz"));
    cr_assert_eq(lecture.status, 0);
    cr_assert_eq(quiz.status, 0, "%s", quiz.err);
    /* the quiz's givens are the lecture's ("Inputs i1 = 0.16, ..." and "w5 = 0.9,") */
    const char *at = strstr(lecture.out, "Inputs i1 = ");
    cr_assert_not_null(at);
    char given[80];
    snprintf(given, sizeof given, "i1 = %.*s", (int)strcspn(at + 12, ","), at + 12);
    expect_has(quiz.out, given, "--quiz");
    cr_assert_not_null(at = strstr(lecture.out, " w5 = "));
    snprintf(given, sizeof given, "w5 = %.*s", (int)strcspn(at + 6, ","), at + 6);
    expect_has(quiz.out, given, "--quiz");
    expect_has(quiz.out, "04_backprop --variant 3 --check NAME=VALUE,...", "--quiz");
    expect_has(quiz.out, "    out_h1  = sigma(H1)", "--quiz");
    /* ... and none of its answers */
    char H1[40], out_h1[40], E_total[40], w5_new[40];
    result_of(lecture.out, "H1 = ", H1, sizeof H1);
    result_of(lecture.out, "out_h1 = ", out_h1, sizeof out_h1);
    result_of(lecture.out, "E_total = ", E_total, sizeof E_total);
    result_of(lecture.out, "w5+ = ", w5_new, sizeof w5_new);
    const char *answers[] = {H1, out_h1, E_total, w5_new};
    for (int k = 0; k < 4; k++) {
        char first[8]; /* the first digits a student would copy */
        snprintf(first, sizeof first, "%.6s", answers[k]);
        cr_expect(strstr(quiz.out, first) == NULL, "the quiz gives away %s:\n%s", answers[k],
                  quiz.out);
    }
    /* the key: the lecture's numbers, all 9 digits, check as right */
    char request[256];
    snprintf(request, sizeof request, "H1=%s,out_h1=%s,E_total=%s,w5+=%s", H1, out_h1, E_total,
             w5_new);
    RunResult key = run(CH04, ARGS("--variant", "3", "--check", request));
    cr_expect_eq(key.status, 0, "--variant 3 --check %s:\n%s%s", request, key.out, key.err);
    expect_has(key.out, "All 4 right.", "--check");
    /* and without --variant they belong to another question */
    RunResult other = run(CH04, ARGS("--check", request));
    cr_expect_eq(other.status, 1, "the variant's answers pass for the notes' numbers");
    run_result_free(&other);
    run_result_free(&key);
    run_result_free(&lecture);
    run_result_free(&quiz);
}

Test(check, check_and_quiz_do_not_go_together, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--quiz", "--check", "list"));
    cr_expect_eq(r.status, 2);
    cr_expect_str_empty(r.out);
    run_result_free(&r);
}

Test(check, a_quiz_takes_a_section_too, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--quiz", "--section", "4.2"));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strncmp(r.out, "== 4.2 Backward", 15) == 0, "got:\n%s", r.out);
    cr_expect(strstr(r.out, "4.1 The forward pass") == NULL, "4.1 shown too:\n%s", r.out);
    expect_has(r.out, "dE/dw5      = dE/dout_o1 x dout_o1/dy1 x dy1/dw5\n", "--quiz --section");
    run_result_free(&r);
}

/* ---- --section and --sections -------------------------------------------------------------------- */

/* expected.txt's text of section id (with its subsections): from its
 * heading to the blank line before the next heading of another section,
 * or the end. NULL when there is no such heading. Free it. */
static char *section_of_transcript(const char *transcript, const char *id)
{
    char head[32];
    size_t n = strlen(id);
    snprintf(head, sizeof head, "\n== %s", id);
    const char *at = transcript;
    while ((at = strstr(at, head)) && !(at[3 + n + 1] == ' ' || at[3 + n + 1] == '.'))
        at++;
    if (!at)
        return NULL;
    at++; /* the heading, without the blank line before it */
    const char *end = at;
    for (;;) {
        const char *next = strstr(end + 1, "\n\n== ");
        if (!next) {
            end += strlen(end);
            break;
        }
        /* a subsection of id ("4.2" in "4") goes on; anything else ends it */
        const char *nid = next + 5;
        if (!(strncmp(nid, id, n) == 0 && nid[n] == '.' && nid[n + 1] >= '0' &&
              nid[n + 1] <= '9')) {
            end = next + 1;
            break;
        }
        end = next + 1;
    }
    size_t len = (size_t)(end - at);
    char *s = malloc(len + 1);
    memcpy(s, at, len);
    s[len] = '\0';
    return s;
}

typedef struct {
    char chapter[32], section[8];
} Cut;

ParameterizedTestParameters(check, section_prints_that_part_of_the_transcript)
{
    static Cut cuts[] = {
        {"01_perceptron", "4"},    {"02_perceptron_losses", "5"}, {"04_backprop", "4"},
        {"04_backprop", "4.1"},    {"04_backprop", "7"},           {"05_losses", "2"},
        {"07_gradient_descent", "1"},
    };
    return cr_make_param_array(Cut, cuts, sizeof cuts / sizeof cuts[0]);
}

ParameterizedTest(Cut *c, check, section_prints_that_part_of_the_transcript, .timeout = 60)
{
    char path[128];
    snprintf(path, sizeof path, "chapters/%s/expected.txt", c->chapter);
    char *transcript = run_read_file(path);
    cr_assert_not_null(transcript, "%s is missing", path);
    char *want = section_of_transcript(transcript, c->section);
    cr_assert_not_null(want, "%s has no section %s", path, c->section);
    RunResult r = run(c->chapter, ARGS("--section", c->section));
    cr_expect_eq(r.status, 0, "%s --section %s: status %d\n%s", c->chapter, c->section, r.status,
                 r.err);
    cr_expect_str_eq(r.out, want, "%s --section %s is not that part of %s", c->chapter,
                     c->section, path);
    free(want);
    free(transcript);
    run_result_free(&r);
}

Test(check, sections_lists_every_heading_of_the_transcript, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--sections"));
    cr_expect_eq(r.status, 0);
    char *transcript = run_read_file("chapters/04_backprop/expected.txt");
    cr_assert_not_null(transcript);
    int headings = 0, lines = 0;
    for (const char *at = transcript; (at = strstr(at, "\n== ")); at++) {
        char title[128];
        size_t n = strcspn(at + 4, "\n");
        snprintf(title, sizeof title, "%.*s\n", (int)n, at + 4);
        expect_has(r.out, title, "--sections");
        headings++;
    }
    for (const char *at = r.out; (at = strchr(at, '\n')); at++)
        lines++;
    cr_expect_eq(lines, headings, "%d lines for %d headings:\n%s", lines, headings, r.out);
    expect_has(r.out, "\n  4.1 The forward pass\n", "--sections (a subsection indented)");
    free(transcript);
    run_result_free(&r);
}

Test(check, a_section_that_is_not_there_is_an_error, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--section", "9"));
    cr_expect_eq(r.status, 1);
    cr_expect_str_empty(r.out);
    expect_has(r.err, "error: 04_backprop has no section 9\nhint: --sections lists them\n",
               "stderr");
    run_result_free(&r);
    r = run(CH04, ARGS("--section", "four"));
    cr_expect_eq(r.status, 2);
    expect_has(r.err, "--section expects a section number such as 4 or 4.2", "stderr");
    run_result_free(&r);
}

/* ---- chapter 04: sections 2, 3 and 5 on the worksheet too ---------------------------------- */

/* Section 2.2's student 2 with the notes' (vii), which multiplies by x2
 * where w12 carries x1: -4.08137472 x 0.9936 x 0.9 = -3.6497 instead of
 * x 0.6 = -2.4332. The check names the step and what it came from. */
Test(check, chapter_04_section_2_checks_epoch_1_student_by_student, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--section", "2.2", "--check",
                                 "reg/O11[2]=1.4912,reg/dL/dw12[2]=-3.6497"));
    cr_expect_eq(r.status, 1, "exit status %d, expected 1", r.status);
    expect_has(r.out, "reg/O11[2] = 1.4912: right (to 5 digits)\n", "section 2.2");
    expect_has(r.out, "reg/dL/dw12[2] = -3.6497: not right (to 5 digits)\n", "section 2.2");
    expect_has(r.out, "    reg/dL/dw12[2] = reg/dL/dy_hat[2] x reg/w2_21[1] x reg/x1[2]\n",
               "section 2.2");
    expect_has(r.out, "    reg/x1[2]", "section 2.2");
    cr_expect_str_empty(r.err);
    run_result_free(&r);
}

/* Section 3's student 2: the hidden delta and the weight after the step,
 * as the transcript prints them (-0.0197132277, 1.01580095). */
Test(check, chapter_04_section_3_checks_the_classifiers_step, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--section", "3", "--check",
                                 "cls/dL/dZ1[2]=-0.019713,cls/w11[2]=1.0158"));
    cr_expect_eq(r.status, 0, "exit status %d (out: %s, err: %s)", r.status, r.out, r.err);
    expect_has(r.out, "All 2 right.", "section 3");
    run_result_free(&r);
}

/* Section 5 with 003's p = (0.2, 0.3, 0.5): J = -ln 0.2 = 1.6094 for
 * class 0, dz_0 = 0.2 - 1 = -0.8; --variant 3 draws p = (0.5, 0.2, 0.3). */
Test(check, chapter_04_section_5_checks_softmax_and_its_variant, .timeout = 30)
{
    RunResult r = run(CH04, ARGS("--check", "J[0]=1.6094,dz_0[0]=-0.8,dz_2[0]=0.5"));
    cr_expect_eq(r.status, 0, "exit status %d (out: %s, err: %s)", r.status, r.out, r.err);
    run_result_free(&r);
    r = run(CH04, ARGS("--variant", "3", "--check", "p_0=0.5,J[0]=0.6931"));
    cr_expect_eq(r.status, 0, "exit status %d (out: %s, err: %s)", r.status, r.out, r.err);
    run_result_free(&r);
    r = run(CH04, ARGS("--variant", "3", "--section", "5"));
    expect_has(r.out, "With the drawn p = (0.5, 0.2, 0.3)", "--variant 3 --section 5");
    cr_expect(strstr(r.out, "003's p") == NULL, "the drawn p called 003's:\n%s", r.out);
    run_result_free(&r);
}

/* A name of section 2's worksheet without --section (the whole does not
 * fit one sheet): an error that says which --section has it. */
Test(check, chapter_04_one_sheet_holds_every_section, .timeout = 30)
{
    /* a name of section 2 and one of section 4 in one request: O11 of student 2
     * in the scaled regression, and the forward pass's out_h1 */
    RunResult r = run(CH04, ARGS("--check", "reg/O11[2]=1.4912,out_h1=0.5933"));
    cr_expect_eq(r.status, 0, "exit status %d (err: %s)", r.status, r.err);
    expect_has(r.out, "reg/O11[2] = 1.4912: right (to 5 digits)\n", "stdout");
    expect_has(r.out, "out_h1 = 0.5933: right (to 4 digits)\n", "stdout");
    run_result_free(&r);
}

/* Sections 2 and 3 keep the notes' tables under --variant (their text
 * reasons about those numbers): the lecture and the quiz say so, and the
 * notes' numbers (variant 0) say nothing of it. */
Test(check, chapter_04_variant_says_sections_2_and_3_keep_the_notes_tables, .timeout = 60)
{
    static const char note[] = "(--variant 3 draws the givens of sections 4 and 5 only: "
                               "sections 2 and 3\nwork the notes' tables at every variant.)\n";
    const char *section[] = {"2", "3"};
    for (int k = 0; k < 2; k++) {
        RunResult r = run(CH04, ARGS("--variant", "3", "--section", section[k]));
        cr_expect_eq(r.status, 0, "exit status %d (err: %s)", r.status, r.err);
        expect_has(r.out, note, "--variant 3 --section");
        run_result_free(&r);
        r = run(CH04, ARGS("--variant", "3", "--quiz", "--section", section[k]));
        expect_has(r.out, note, "--variant 3 --quiz --section");
        run_result_free(&r);
        r = run(CH04, ARGS("--section", section[k]));
        cr_expect(strstr(r.out, "draws the givens") == NULL, "variant 0 speaks of --variant:\n%s",
                  r.out);
        run_result_free(&r);
    }
}
