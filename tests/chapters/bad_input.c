/* Bad input through a chapter program: every malformed CSV fixture given
 * to chapter 01's --data must end the program with exit status 1, nothing
 * on stdout, and an error on stderr that names the file, the line and the
 * column (where there is one), as "error: path:line:col: message", at
 * most followed by one hint line. No crash, no lecture printed from
 * half-read data. (The loader's messages themselves are tested in
 * tests/unit/test_data.c.) Then the flags: an unknown flag answered with
 * the nearest, values out of range refused naming only their flag (exit
 * 2); --features and --target on a file with more columns; an output
 * folder that cannot be made or written; gnuplot missing (exit 0).
 * tests/README.md lists each case with what the user sees.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"

typedef struct {
    char file[64];     /* under tests/fixtures/ */
    char location[16]; /* ":line:col: " expected after the path, or ": " */
} BadFile;

ParameterizedTestParameters(bad_input, malformed_csv_exits_1_with_one_located_error)
{
    static BadFile files[] = {
        {"empty.csv", ": "},
        {"header_only.csv", ":1: "},
        {"no_header.csv", ":1:1: "},
        {"header_empty_name.csv", ":1:4: "},
        {"bom_header_empty_name.csv", ":1:4: "},
        {"ragged.csv", ":3:5: "},
        {"ragged_long.csv", ":3:7: "},
        {"wide_row.csv", ":2:7: "},
        {"not_a_number.csv", ":3:3: "},
        {"nan.csv", ":2:3: "},
        {"inf.csv", ":4:5: "},
        {"empty_field.csv", ":3:3: "},
        {"blank_lines_then_bad.csv", ":5:1: "},
        {"does_not_exist.csv", ": "},
    };
    return cr_make_param_array(BadFile, files, sizeof files / sizeof files[0]);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

ParameterizedTest(BadFile *f, bad_input, malformed_csv_exits_1_with_one_located_error,
                  .timeout = 30)
{
    char path[128], prefix[200];
    snprintf(path, sizeof path, "tests/fixtures/%s", f->file);
    snprintf(prefix, sizeof prefix, "error: %s%s", path, f->location);
    const char *args[] = {"--plots=none", "--data", path, NULL};
    RunResult r = run_chapter("01_perceptron", args);
    cr_expect_eq(r.status, 1, "%s: exit status %d, expected 1 (stderr: %s)", path, r.status, r.err);
    cr_expect_str_empty(r.out, "%s: the lecture started on bad data:\n%.200s", path, r.out);
    cr_expect(strncmp(r.err, prefix, strlen(prefix)) == 0,
              "%s: stderr should start with \"%s\", got:\n%s", path, prefix, r.err);
    cr_expect(count_lines(r.err) >= 1 && count_lines(r.err) <= 2,
              "%s: expected one error line (and at most one hint), got:\n%s", path, r.err);
    run_result_free(&r);
}

Test(bad_input, a_label_that_is_not_plus_or_minus_one_is_named_with_its_line, .timeout = 30)
{
    /* crlf.csv loads, but its label column holds 3 on line 2 */
    const char *args[] = {"--plots=none", "--data", "tests/fixtures/crlf.csv", NULL};
    RunResult r = run_chapter("01_perceptron", args);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "tests/fixtures/crlf.csv:2: ") != NULL, "got: %s", r.err);
    run_result_free(&r);
}

Test(bad_input, a_csv_with_labels_0_and_1_trains, .timeout = 30)
{
    const char *args[] = {"--plots=none", "--data", "tests/fixtures/valid.csv", NULL};
    RunResult r = run_chapter("01_perceptron", args);
    cr_expect_eq(r.status, 0, "stderr: %s", r.err);
    cr_expect(strstr(r.out, "tests/fixtures/valid.csv: 2 examples") != NULL);
    run_result_free(&r);
}

Test(bad_input, an_output_folder_that_cannot_be_made_exits_1, .timeout = 30)
{
    /* a folder cannot be made under a regular file */
    const char *args[] = {"--plots=png", "--out", "tests/fixtures/valid.csv", NULL};
    RunResult r = run_chapter("01_perceptron", args);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "error: tests/fixtures/valid.csv/01_perceptron: cannot create") != NULL,
              "got: %s", r.err);
    run_result_free(&r);
}

/* ---- flags -------------------------------------------------------------------- */

/* Run chapter 01 with args; expect exit status status, nothing on stdout,
 * and stderr's first line exactly first (the usage line may follow). */
static void expect_refused(const char *const *args, int status, const char *first)
{
    RunResult r = run_chapter("01_perceptron", args);
    cr_expect_eq(r.status, status, "exit status %d, expected %d (stderr: %s)", r.status, status,
                 r.err);
    cr_expect_str_empty(r.out, "the lecture started:\n%.200s", r.out);
    size_t n = strcspn(r.err, "\n");
    cr_expect(strlen(first) == n && strncmp(r.err, first, n) == 0,
              "expected the first line \"%s\", got:\n%s", first, r.err);
    run_result_free(&r);
}

Test(bad_input, an_unknown_flag_suggests_the_nearest_and_exits_2, .timeout = 30)
{
    expect_refused((const char *[]){"--plot=png", NULL}, 2,
                   "01_perceptron: unknown flag \"--plot\"; did you mean --plots?");
    expect_refused((const char *[]){"-plots", "none", NULL}, 2,
                   "01_perceptron: unknown flag \"-plots\"; did you mean --plots?");
    expect_refused((const char *[]){"--epoch", "5", NULL}, 2,
                   "01_perceptron: unknown flag \"--epoch\"; did you mean --epochs?");
}

Test(bad_input, a_learning_rate_of_0_or_below_is_refused_naming_only_eta, .timeout = 30)
{
    expect_refused((const char *[]){"--eta", "-1", "--epochs", "5", NULL}, 2,
                   "01_perceptron: --eta must be > 0, got -1");
    expect_refused((const char *[]){"--eta=0", NULL}, 2, "01_perceptron: --eta must be > 0, got 0");
}

Test(bad_input, epochs_that_are_not_a_whole_number_in_range_are_refused, .timeout = 30)
{
    expect_refused((const char *[]){"--epochs", "0", NULL}, 2,
                   "01_perceptron: --epochs must be from 1 to 1000, got 0");
    expect_refused((const char *[]){"--epochs", "1.5", NULL}, 2,
                   "01_perceptron: --epochs expects a whole number, got \"1.5\"");
    expect_refused((const char *[]){"--epochs", "99999999999", NULL}, 2,
                   "01_perceptron: --epochs must be from 1 to 1000, got 99999999999");
}

Test(bad_input, a_number_that_is_not_finite_is_refused, .timeout = 30)
{
    expect_refused((const char *[]){"--eta", "1e999", NULL}, 2,
                   "01_perceptron: --eta expects a finite number, got \"1e999\"");
    expect_refused((const char *[]){"--eta", "abc", NULL}, 2,
                   "01_perceptron: --eta expects a finite number, got \"abc\"");
}

/* ---- choosing the columns ------------------------------------------------------ */

/* a student's export: a column of names, one the chapter does not use */
static const char WIDE[] = "name,cgpa,iq,extra,placed\nAnn,8.1,120,0,1\n\"Lee, B.\",6.0,90,3,-1\n"
                           "Kim,7.5,110,1,1\nSam,5.5,95,n/a,-1\n";

Test(bad_input, a_file_with_more_columns_is_refused_with_the_hint_to_choose, .timeout = 30)
{
    char dir[64], path[128], first[256];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0);
    write_csv(path, dir, "wide.csv", WIDE);
    snprintf(first, sizeof first, "error: %s: expected 3 columns (2 features and the target), "
             "found 5", path);
    RunResult r = run_chapter("01_perceptron", (const char *[]){"--plots=none", "--data", path,
                                                               NULL});
    cr_expect_eq(r.status, 1);
    cr_expect_str_empty(r.out);
    cr_expect(strncmp(r.err, first, strlen(first)) == 0, "got:\n%s", r.err);
    cr_expect(strstr(r.err, "\nhint: choose the columns by name with --features NAME,NAME and "
                            "--target NAME\n") != NULL, "got:\n%s", r.err);
    run_result_free(&r);
    remove(path);
    rmdir(dir);
}

Test(bad_input, features_and_target_choose_the_columns_of_a_wide_file, .timeout = 30)
{
    char dir[64], path[128];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0);
    write_csv(path, dir, "wide.csv", WIDE);
    RunResult r = run_chapter("01_perceptron",
                              (const char *[]){"--plots=none", "--out", dir, "--data", path,
                                               "--features", "cgpa,iq", "--target", "placed",
                                               NULL});
    cr_expect_eq(r.status, 0, "stderr: %s", r.err);
    cr_expect(strstr(r.out, "4 examples, two inputs (cgpa, iq) and a label placed") != NULL,
              "got:\n%.600s", run_after_card(r.out));
    run_result_free(&r);
    /* three names for a chapter that takes two */
    r = run_chapter("01_perceptron", (const char *[]){"--plots=none", "--data", path,
                                                      "--features", "cgpa,iq,extra", NULL});
    cr_expect_eq(r.status, 1);
    cr_expect_str_eq(r.err, "error: --features takes 2 names for this chapter, got 3\n");
    run_result_free(&r);
    remove(path);
    rmdir(dir);
}

Test(bad_input, a_target_column_of_words_is_refused_where_it_is, .timeout = 30)
{
    char dir[64], path[128], first[200];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0);
    write_csv(path, dir, "words.csv", "x1,x2,placed\n1,2,yes\n3,4,no\n");
    RunResult r = run_chapter("01_perceptron", (const char *[]){"--plots=none", "--data", path,
                                                               NULL});
    cr_expect_eq(r.status, 1);
    cr_expect_str_empty(r.out);
    snprintf(first, sizeof first, "error: %s:2:5: ", path);
    cr_expect(strncmp(r.err, first, strlen(first)) == 0, "got:\n%s", r.err);
    run_result_free(&r);
    remove(path);
    rmdir(dir);
}

/* ---- the output folder --------------------------------------------------------- */

Test(bad_input, an_output_folder_under_proc_or_empty_is_refused_before_the_lecture, .timeout = 30)
{
    /* even root cannot make a folder in /proc */
    expect_refused((const char *[]){"--out", "/proc/annlab-out", NULL}, 1,
                   "error: /proc/annlab-out/01_perceptron: cannot create the output folder: "
                   "No such file or directory");
    expect_refused((const char *[]){"--out", "", NULL}, 2, "01_perceptron: --out expects a folder");
}

Test(bad_input, a_read_only_output_folder_is_refused_before_the_lecture, .timeout = 30)
{
    if (geteuid() == 0)
        cr_skip_test("root may write in a read-only folder");
    char dir[64], sub[128], first[256];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0);
    snprintf(sub, sizeof sub, "%s/01_perceptron", dir);
    cr_assert_eq(mkdir(sub, 0555), 0);
    snprintf(first, sizeof first, "error: %s: cannot write in the output folder: "
             "Permission denied", sub);
    expect_refused((const char *[]){"--out", dir, NULL}, 1, first);
    rmdir(sub);
    rmdir(dir);
}

/* ---- gnuplot missing -------------------------------------------------------------- */

Test(bad_input, without_gnuplot_the_chapter_says_so_once_and_exits_0, .timeout = 60)
{
    char dir[64];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0);
    setenv("PATH", dir, 1); /* no gnuplot there; this test's own process */
    RunResult r = run_chapter("01_perceptron", (const char *[]){"--out", dir, NULL});
    cr_expect_eq(r.status, 0, "stderr: %s", r.err);
    cr_expect(strncmp(r.err, "note: gnuplot is not installed", 30) == 0, "got:\n%s", r.err);
    cr_expect_eq(strstr(r.err + 1, "note:"), NULL, "said more than once:\n%s", r.err);
    run_result_free(&r);
}

/* A learning rate at which training diverges ends the chapter with
 * net_fit's diagnosis, one hint line and exit status 1: not a wall of NaN.
 * Chapter 10, --lr 1e6: a weight overflows at epoch 1, batch 5. */
Test(bad_input, a_diverging_learning_rate_ends_with_the_diagnosis_and_a_hint, .timeout = 120)
{
    char dir[64];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0);
    const char *args[] = {"--plots=none", "--out", dir, "--lr", "1e6", NULL};
    RunResult r = run_chapter("10_vanishing_gradients", args);
    cr_expect_eq(r.status, 1, "exit status %d (stderr: %s)", r.status, r.err);
    cr_expect(strstr(r.err, "error: training diverged: a weight became infinite or NaN at "
                            "epoch 1, batch 5;") == r.err, "%s", r.err);
    cr_expect(strstr(r.err, "likely cause: the learning rate 1e+06 is too large\n"
                            "hint: try a smaller learning rate") != NULL, "%s", r.err);
    cr_expect_eq(count_lines(r.err), 2, "%s", r.err);
    /* the lecture before the run still prints, but no value printed as nan */
    cr_expect(strstr(r.out, " nan") == NULL && strstr(r.out, "-nan") == NULL,
              "a nan printed:\n%s", r.out);
    run_result_free(&r);
}

/* Every chapter's numeric flags are checked by cli_parse against the
 * chapter's CliSpec.ranges: a value outside is one line naming only that
 * flag, and exit status 2, before anything is printed on stdout. */
Test(bad_input, a_flag_value_out_of_range_names_only_that_flag, .timeout = 60)
{
    static const struct {
        const char *chapter, *flag, *value, *line;
    } cases[] = {
        {"02_perceptron_losses", "--eta", "1e300", "--eta must be > 0 and <= 1000, got 1e300"},
        {"02_perceptron_losses", "--lambda", "-1", "--lambda must be >= 0, got -1"},
        {"04_backprop", "--eta", "0", "--eta must be > 0 and <= 1000, got 0"},
        {"04_backprop", "--epochs", "0", "--epochs must be from 1 to 100000, got 0"},
        {"05_losses", "--delta", "0", "--delta must be > 0, got 0"},
        {"07_gradient_descent", "--eta", "5000", "--eta must be > 0 and <= 1000, got 5000"},
        {"08_optimizers", "--lr", "-1", "--lr must be > 0, got -1"},
        {"09_initializers", "--epochs", "101", "--epochs must be from 1 to 100, got 101"},
        {"10_vanishing_gradients", "--lr", "-0.5", "--lr must be > 0, got -0.5"},
        {"11_regularization", "--epochs", "0", "--epochs must be from 1 to 1000, got 0"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *args[] = {"--plots=none", cases[k].flag, cases[k].value, NULL};
        RunResult r = run_chapter(cases[k].chapter, args);
        char want[200];
        snprintf(want, sizeof want, "%s: %s\n", cases[k].chapter, cases[k].line);
        cr_expect_eq(r.status, 2, "%s %s %s: exit status %d", cases[k].chapter, cases[k].flag,
                     cases[k].value, r.status);
        cr_expect(strncmp(r.err, want, strlen(want)) == 0, "%s: stderr starts with\n%s\nnot\n%s",
                  cases[k].chapter, r.err, want);
        cr_expect_str_empty(r.out, "%s printed on stdout", cases[k].chapter);
        run_result_free(&r);
    }
}

/* With --data the transcript says under the card whose data the lecture
 * runs on (a card may name the chapter's own data set); without, nothing. */
Test(bad_input, the_card_is_followed_by_the_students_file, .timeout = 30)
{
    const char *args[] = {"--plots=none", "--data", "tests/fixtures/valid.csv", NULL};
    RunResult r = run_chapter("01_perceptron", args);
    cr_expect_eq(r.status, 0, "stderr: %s", r.err);
    cr_expect(strstr(r.out, "\n(your data: tests/fixtures/valid.csv, in place of the data set "
                            "the lecture names)\n(seed ") != NULL, "%.800s", r.out);
    run_result_free(&r);
    const char *plain[] = {"--plots=none", NULL};
    r = run_chapter("01_perceptron", plain);
    cr_expect(strstr(r.out, "(your data") == NULL, "without --data:\n%.800s", r.out);
    run_result_free(&r);
}
