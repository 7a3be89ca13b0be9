/* --check, --variant and --quiz of chapter 08: the names --check knows
 * (each optimizer's steps under its prefix, adam/m_hat1[2]), a right and
 * a wrong value of a late step (the first wrong step and what it came
 * from), the same variant twice and another than the notes', the quiz
 * without its answers, and a variant's own numbers checked as right. The
 * answers are read from the lecture, where each worked number ends the
 * line that names it ("    w1[2] = w1[1] - step1[2] = ... = -3.800074"),
 * or the line after it for a long formula. Run from the repository root;
 * $ANNLAB_BUILD names the build folder (default build).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

#define CH08 "08_optimizers"

/* The arguments after --plots=none --out (a folder under /tmp), so no
 * test writes into the working tree. */
#define ARGS(...) \
    ((const char *const[]){"--plots=none", "--out", "/tmp/annlab-check-08", __VA_ARGS__, NULL})

static void expect_lacks(const char *text, const char *part, const char *what)
{
    cr_expect(strstr(text, part) == NULL, "%s: \"%s\" in:\n%s", what, part, text);
}

/* The value the lecture prints for name in its section "== section.": the
 * number after the last " = " of the line "    name = ...", or of the
 * line after it when that one goes on with "= " (a long formula), into
 * buf. */
static const char *printed(const char *text, const char *section, const char *name, char *buf,
                           size_t len)
{
    char head[16], start[64];
    snprintf(head, sizeof head, "== %s. ", section);
    snprintf(start, sizeof start, "\n    %s = ", name);
    const char *at = text;
    while ((at = strstr(at, head)) && at != text && at[-1] != '\n')
        at++;
    cr_assert_not_null(at, "no section %s in the lecture", section);
    at = strstr(at, start);
    cr_assert_not_null(at, "no line \"%s\" in section %s", start + 1, section);
    const char *eol = strchr(at + 1, '\n');
    cr_assert_not_null(eol);
    size_t indent = strspn(eol + 1, " ");
    if (indent > 4 && eol[1 + indent] == '=') /* the numbers on the next line */
        at = eol, eol = strchr(eol + 1, '\n');
    const char *last = NULL;
    for (const char *eq = at; (eq = strstr(eq, " = ")) && eq < eol; eq++)
        last = eq + 3;
    cr_assert_not_null(last);
    size_t n = (size_t)(eol - last);
    cr_assert_lt(n, len);
    memcpy(buf, last, n);
    buf[n] = '\0';
    return buf;
}

/* ---- --check ------------------------------------------------------------------------------- */

Test(check08, check_list_names_every_optimizers_steps_under_its_section, .timeout = 30)
{
    RunResult r = run_chapter(CH08, ARGS("--check", "list"));
    cr_expect_eq(r.status, 0, "%s", r.err);
    const char *names[] = {
        "8. Adam: momentum + RMSProp, with bias correction (004)\n",
        "sgd/w1[0]", "sgd/step2[2]", "momentum/gamma", "momentum/v1[2]", "nesterov/step1[2]",
        "adagrad/G2[2]", "adagrad/eta1[2]", "eda/rho", "eda/weight[6]", "eda/sum[5]",
        "momentum/E1[4]", "momentum/vE1[4]", "momentum/g1[3]", "rmsprop/E1[2]",
        "adadelta/RMSdw2[1]", "adadelta/Edw1[2]", "adam/c1[1]", "adam/m_hat1[2]",
        "adam/v_hat2[2]", "adam/c2[5000]", "adam/raw1[1]",
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        expect_has(r.out, names[k], "--check list");
    run_result_free(&r);
}

Test(check08, a_late_step_right_and_wrong_points_at_its_inputs, .timeout = 30)
{
    /* the notes' Adam, step 2: m_hat1[2] = -0.75 / 0.19 = -3.94736842,
     * step1[2] = -0.0999260026, w2[2] = 0.800412229 */
    RunResult r = run_chapter(CH08, ARGS("--check", "adam/w2[2]=0.8004,adam/m_hat1[2]=-3.947,"
                                                    "adam/step1[2]=-0.0989"));
    cr_expect_eq(r.status, 1, "exit status %d, expected 1 (one value is wrong)", r.status);
    expect_has(r.out, "adam/w2[2] = 0.8004: right (to 4 digits)\n", "--check");
    expect_has(r.out, "adam/step1[2] = -0.0989: not right (to 3 digits)\n", "--check");
    expect_has(r.out, "first wrong step in the lecture's order: adam/step1[2], in section 8.",
               "--check");
    expect_has(r.out, "    adam/step1[2] = alpha m_hat1[2] / (sqrt(v_hat1[2]) + eps)\n", "--check");
    expect_has(r.out, "    adam/alpha     given, 0.1\n", "--check");
    expect_has(r.out, "    adam/m_hat1[2] right, as you checked\n", "--check");
    expect_has(r.out, "    adam/v_hat1[2] not checked\n", "--check");
    expect_has(r.out, "08_optimizers --check adam/v_hat1[2]=...\n", "--check");
    expect_has(r.out, "2 of 3 right.", "--check");
    cr_expect_str_empty(r.err);
    run_result_free(&r);
    /* the first wrong step is the earliest in the lecture, not in the list:
     * momentum's v2[1] = 0.8 (section 2) comes before adam/w1[1] = -3.9 */
    r = run_chapter(CH08, ARGS("--check", "adam/w1[1]=-3.8,momentum/v2[1]=0.08"));
    cr_expect_eq(r.status, 1);
    expect_has(r.out, "first wrong step in the lecture's order: momentum/v2[1], in section 2.",
               "--check");
    expect_has(r.out, "    momentum/v2[1] = gamma v2[0] + eta g2[1]\n", "--check");
    run_result_free(&r);
}

Test(check08, every_section_checks_its_own_names, .timeout = 30)
{
    /* the transcript's values, one or two a section: the EDA's weights and
     * momentum's steps beside them (section 5) included */
    RunResult r = run_chapter(CH08, ARGS("--check", "sgd/w1[2]=-3.6864,momentum/w2[2]=-0.68,"
                                                    "nesterov/step2[1]=1.52,adagrad/eta1[2]=0.09407,"
                                                    "eda/weight[2]=0.0099,eda/sum[6]=1,"
                                                    "momentum/vE1[3]=-0.409536,"
                                                    "rmsprop/w2[2]=0.4989,adadelta/dw1[1]=0.001414,"
                                                    "adam/c2[1000]=0.6323,adam/raw1[1]=-0.3162"));
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    expect_has(r.out, "All 11 right.", "--check");
    run_result_free(&r);
}

Test(check08, an_unprefixed_name_is_an_error_with_the_prefixed_ones, .timeout = 30)
{
    RunResult r = run_chapter(CH08, ARGS("--check", "m_hat1[2]=-3.947"));
    cr_expect_eq(r.status, 2);
    cr_expect_str_empty(r.out);
    expect_has(r.err, "error: --check: no quantity called \"m_hat1[2]\" here; close names: "
                      "adam/m_hat1[2]", "stderr");
    run_result_free(&r);
}

/* ---- --variant and --quiz ----------------------------------------------------------------------- */

Test(check08, variant_0_is_the_transcript_itself, .timeout = 60)
{
    RunResult r = run_chapter(CH08, ARGS("--variant", "0"));
    char *expected = run_read_file("chapters/08_optimizers/expected.txt");
    cr_assert_not_null(expected);
    cr_expect(strcmp(r.out, expected) == 0, "--variant 0 differs from expected.txt");
    free(expected);
    run_result_free(&r);
}

Test(check08, the_same_variant_twice_gives_the_same_numbers_not_the_notes, .timeout = 60)
{
    RunResult a = run_chapter(CH08, ARGS("--variant", "3")),
              b = run_chapter(CH08, ARGS("--variant=3"));
    char *notes = run_read_file("chapters/08_optimizers/expected.txt");
    cr_assert_not_null(notes);
    cr_assert_eq(a.status, 0, "%s", a.err);
    cr_expect_str_eq(a.out, b.out, "--variant 3 twice gave two transcripts");
    /* the worked examples differ from the notes' ... */
    const char *a8 = strstr(a.out, "\n== 8. "), *n8 = strstr(notes, "\n== 8. ");
    const char *a9 = strstr(a.out, "\n== 9. "), *n9 = strstr(notes, "\n== 9. ");
    cr_assert(a8 && n8 && a9 && n9);
    cr_expect(a9 - a8 != n9 - n8 || strncmp(a8, n8, (size_t)(a9 - a8)) != 0,
              "--variant 3 works Adam with the notes' numbers");
    expect_lacks(a.out, "from the same start w = (-4, 1)", "--variant 3");
    expect_lacks(a.out, "Step 1, at w = (w1[0], w2[0]) = (-4, 1):", "--variant 3");
    /* ... with the same lecture text, line for line */
    expect_has(a.out, "\n    m_hat1[2] = m1[2] / c1[2] = ", "--variant 3");
    expect_has(a.out, "\n    v1[2] = gamma v1[1] + eta g1[2]\n", "--variant 3");
    expect_has(a.out, "\n       k  term                 weight[k]                  sum[k]\n",
               "--variant 3");
    /* and from section 9 on (the race, the digits) the notes' own runs */
    const char *race = "The race keeps the notes' bowl and start (variant 0), not the drawn ones.\n";
    const char *after = strstr(a9, race);
    cr_assert_not_null(after, "--variant 3 does not say the race keeps the notes' bowl");
    cr_expect(strncmp(a9, n9, (size_t)(after - a9)) == 0 &&
                  strcmp(after + strlen(race), n9 + (after - a9)) == 0,
              "--variant 3 changed sections 9 to 12");
    free(notes);
    run_result_free(&a);
    run_result_free(&b);
}

Test(check08, a_variants_quiz_has_no_answers_and_its_check_takes_the_lectures, .timeout = 60)
{
    RunResult lecture = run_chapter(CH08, ARGS("--variant", "3")),
              quiz = run_chapter(CH08, ARGS("--variant", "3", "--quiz"));
    cr_assert_eq(lecture.status, 0, "%s", lecture.err);
    cr_assert_eq(quiz.status, 0, "%s", quiz.err);
    expect_has(quiz.out, "08_optimizers --variant 3 --check NAME=VALUE,...", "--quiz");
    expect_has(quiz.out, "    adam/m_hat1[2] = m1[2] / c1[2]\n", "--quiz");
    /* the quiz's givens are the lecture's: "By hand, alpha = 0.14, ..." */
    const char *at = strstr(lecture.out, "By hand, alpha = ");
    cr_assert_not_null(at);
    char given[64];
    snprintf(given, sizeof given, "adam/alpha = %.*s", (int)strcspn(at + 17, ","), at + 17);
    expect_has(quiz.out, given, "--quiz");
    /* the key: the lecture's values, late steps of four sections */
    static const char *const asked[][2] = {
        {"2", "w2[2]"}, {"4", "eta1[2]"}, {"7", "Edw1[2]"}, {"8", "step1[2]"}, {"8", "w2[2]"},
    };
    static const char *const prefix[] = {"momentum/", "adagrad/", "adadelta/", "adam/", "adam/"};
    char value[5][40], request[512] = "";
    for (int k = 0; k < 5; k++) {
        printed(lecture.out, asked[k][0], asked[k][1], value[k], sizeof value[k]);
        char first[8]; /* the first digits a student would copy */
        snprintf(first, sizeof first, "%.6s", value[k]);
        cr_expect(strstr(quiz.out, first) == NULL, "the quiz gives away %s%s = %s:\n%s",
                  prefix[k], asked[k][1], value[k], quiz.out);
        size_t n = strlen(request);
        snprintf(request + n, sizeof request - n, "%s%s%s=%s", k ? "," : "", prefix[k],
                 asked[k][1], value[k]);
    }
    RunResult key = run_chapter(CH08, ARGS("--variant", "3", "--check", request));
    cr_expect_eq(key.status, 0, "--variant 3 --check %s:\n%s%s", request, key.out, key.err);
    expect_has(key.out, "All 5 right.", "--check");
    /* and without --variant they answer another question */
    RunResult other = run_chapter(CH08, ARGS("--check", request));
    cr_expect_eq(other.status, 1, "the variant's answers pass for the notes' numbers");
    run_result_free(&other);
    run_result_free(&key);
    run_result_free(&lecture);
    run_result_free(&quiz);
}

Test(check08, a_variant_keeps_its_examples_teaching, .timeout = 60)
{
    /* for every variant tried: momentum's w2 crosses the valley by step 2,
     * and Adam's uncorrected first step is called too large or too small
     * as it is */
    for (int v = 1; v <= 6; v++) {
        char n[16], w2_0[40], w2_2[40];
        snprintf(n, sizeof n, "%d", v);
        RunResult r = run_chapter(CH08, ARGS("--variant", n));
        cr_assert_eq(r.status, 0, "--variant %d: %s", v, r.err);
        const char *at = strstr(r.out, "Step 1, at w = (w1[0], w2[0]) = (");
        cr_assert_not_null(at);
        at = strchr(at + 33, ',');
        snprintf(w2_0, sizeof w2_0, "%.*s", (int)strcspn(at + 2, ")"), at + 2);
        printed(r.out, "2", "w2[2]", w2_2, sizeof w2_2);
        cr_expect((atof(w2_0) > 0) != (atof(w2_2) > 0),
                  "--variant %d: momentum's w2 goes from %s to %s, not across the valley", v,
                  w2_0, w2_2);
        at = strstr(r.out, " times alpha: too ");
        cr_assert_not_null(at);
        while (at > r.out && at[-1] != '\n')
            at--;
        double ratio = atof(at);
        expect_has(at, ratio > 1 ? "times alpha: too large by" : "times alpha: too small by",
                   "Adam's uncorrected step");
        run_result_free(&r);
    }
}
