/* CSV as people write it, through a chapter program: chapter 01's --data
 * trains on files that spreadsheets and pandas write (every field quoted,
 * ';' with decimal commas, tabs, a byte order mark with CRLF and quotes),
 * and refuses files that are not text, or malformed in a quote or a
 * separator, with exit status 1, nothing on stdout, and one located error
 * on stderr that holds no raw byte of the file: only printable ASCII. (The
 * loader's messages themselves are tested in tests/unit/test_data.c and
 * test_csv.c.)
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "run.h"

typedef struct {
    char file[64]; /* under tests/fixtures/ */
} GoodFile;

ParameterizedTestParameters(csv_input, a_file_as_spreadsheets_write_it_trains)
{
    static GoodFile files[] = {
        {"quoted.csv"},
        {"semicolon_decimal_comma.csv"},
        {"tab.csv"},
        {"bom_crlf_quoted.csv"},
    };
    return cr_make_param_array(GoodFile, files, sizeof files / sizeof files[0]);
}

ParameterizedTest(GoodFile *f, csv_input, a_file_as_spreadsheets_write_it_trains, .timeout = 30)
{
    char path[128], want[160];
    snprintf(path, sizeof path, "tests/fixtures/%s", f->file);
    snprintf(want, sizeof want, "%s: 2 examples", path);
    const char *args[] = {"--plots=none", "--data", path, NULL};
    RunResult r = run_chapter("01_perceptron", args);
    cr_expect_eq(r.status, 0, "%s: exit status %d (stderr: %s)", path, r.status, r.err);
    cr_expect(strstr(r.out, want) != NULL, "%s: no \"%s\" in the transcript", path, want);
    run_result_free(&r);
}

typedef struct {
    char file[64];     /* under tests/fixtures/ */
    char location[16]; /* ":line:col: " expected after the path */
    char says[48];     /* a part of the message */
} BadFile;

ParameterizedTestParameters(csv_input, a_file_that_is_not_a_good_csv_gets_one_printable_error)
{
    static BadFile files[] = {
        {"binary.csv", ":3:1: ", "not a text file (a NUL byte)"},
        {"nul_byte.csv", ":3:4: ", "not a text file (a NUL byte)"},
        {"latin1_header.csv", ":1:3: ", "(the byte \\xF6 in the header row)"},
        {"control_header.csv", ":1:4: ", "(the control byte \\x1B in"},
        {"control_field.csv", ":2:1: ", "found \"\\x1B[2J\""},
        {"unterminated_quote.csv", ":3:3: ", "this quote is not closed"},
        {"text_after_quote.csv", ":2:6: ", "after a closing quote"},
        {"decimal_comma_in_comma_file.csv", ":2:1: ", "(a decimal comma is read only"},
        {"separator_mismatch.csv", ":2:6: ", "this line by ','"},
    };
    return cr_make_param_array(BadFile, files, sizeof files / sizeof files[0]);
}

/* The first byte of s that is neither printable ASCII nor a newline, or NULL. */
static const char *unprintable(const char *s)
{
    for (; *s; s++)
        if (*s != '\n' && (*s < 0x20 || *s > 0x7E))
            return s;
    return NULL;
}

ParameterizedTest(BadFile *f, csv_input, a_file_that_is_not_a_good_csv_gets_one_printable_error,
                  .timeout = 30)
{
    char path[128], prefix[200];
    snprintf(path, sizeof path, "tests/fixtures/%s", f->file);
    snprintf(prefix, sizeof prefix, "error: %s%s", path, f->location);
    const char *args[] = {"--plots=none", "--data", path, NULL};
    RunResult r = run_chapter("01_perceptron", args);
    cr_expect_eq(r.status, 1, "%s: exit status %d, expected 1 (stderr: %s)", path, r.status, r.err);
    cr_expect_str_empty(r.out, "%s: the lecture started on bad data", path);
    cr_expect(strncmp(r.err, prefix, strlen(prefix)) == 0, "%s: stderr should start with \"%s\"",
              path, prefix);
    cr_expect(strstr(r.err, f->says) != NULL, "%s: no \"%s\" in the error", path, f->says);
    const char *raw = unprintable(r.err);
    cr_expect(raw == NULL, "%s: a raw byte 0x%02X at offset %ld of stderr", path,
              raw ? (unsigned char)*raw : 0, raw ? (long)(raw - r.err) : 0L);
    int lines = 0;
    for (const char *s = r.err; *s; s++)
        lines += *s == '\n';
    cr_expect(lines >= 1 && lines <= 2, "%s: expected one error line (and at most one hint)", path);
    run_result_free(&r);
}
