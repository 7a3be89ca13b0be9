/* Bad input through a chapter program: every malformed CSV fixture given
 * to chapter 01's --data must end the program with exit status 1, nothing
 * on stdout, and an error on stderr that names the file, the line and the
 * column (where there is one), as "error: path:line:col: message", at
 * most followed by one hint line. No crash, no lecture printed from
 * half-read data. (The loader's messages themselves are tested in
 * tests/unit/test_data.c.)
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

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
