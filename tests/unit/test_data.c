/* test_data.c - unit tests for lib/data: the CSV loader's failure paths
 * (each from a file in tests/fixtures/, asserting the exact message with
 * path, line and column), files that are valid in another convention (CRLF,
 * a byte order mark, no final newline, blank lines), files as spreadsheets
 * and pandas write them (quoted fields, ';' with decimal commas, tabs),
 * files that are not text (a NUL byte, a header not in UTF-8, control
 * bytes, shown escaped), a 10,000-column row,
 * column lookup and selection, standardization, the seeded train/test
 * split, and the toy 2D sets.
 *
 * The tests run from the repository root (as `make test` does), where the
 * fixture paths below are valid. Files the tests make go under /tmp
 * (mkstemp) and are removed.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "mat.h"
#include "rng.h"

#define FIXTURE(name) "tests/fixtures/" name

/* A few exact-in-decimal numbers through a handful of double operations. */
#define TOL_FEW_OPS 1e-12

/* Load path, which must fail with the result rc_want and exactly the
 * message want; the DataTable must be left empty. */
static void assert_load_fails_with(const char *path, int rc_want, const char *want)
{
    DataTable t;
    char err[DATA_ERR_LEN] = "";
    int rc = data_load_csv(&t, path, err, sizeof err);
    cr_assert_eq(rc, rc_want, "%s: rc %d, expected %d", path, rc, rc_want);
    cr_assert_str_eq(err, want);
    cr_assert_null(t.values);
    cr_assert_null(t.names);
    cr_assert_eq(t.cols, 0);
    data_table_free(&t); /* safe on an empty table */
}

/* A file that opens but holds bad data: -1. */
static void assert_load_fails(const char *path, const char *want)
{
    assert_load_fails_with(path, -1, want);
}

/* Load path, which must succeed; the caller frees t. */
static void assert_load_ok(DataTable *t, const char *path)
{
    char err[DATA_ERR_LEN] = "";
    int rc = data_load_csv(t, path, err, sizeof err);
    cr_assert_eq(rc, 0, "%s: %s", path, err);
}

/* ---- CSV: failures ---------------------------------------------------------- */

Test(data, missing_file_names_the_path_and_the_reason)
{
    /* DATA_CANNOT_OPEN, not -1: the caller may add a hint about the folder */
    char want[256];
    snprintf(want, sizeof want, "%s: cannot open: %s", FIXTURE("does_not_exist.csv"),
             strerror(ENOENT));
    assert_load_fails_with(FIXTURE("does_not_exist.csv"), DATA_CANNOT_OPEN, want);
}

Test(data, empty_file_is_an_error)
{
    /* no line to point at: the message names the file only */
    assert_load_fails(FIXTURE("empty.csv"),
                      FIXTURE("empty.csv") ": the file is empty; expected a header row of column names");
}

Test(data, header_only_file_is_an_error_at_line_1)
{
    assert_load_fails(FIXTURE("header_only.csv"),
                      FIXTURE("header_only.csv") ":1: only a header row; expected rows of numbers after it");
}

Test(data, header_only_error_names_the_header_line_after_blank_lines)
{
    /* lines 1 and 2 are blank, the header is line 3 */
    assert_load_fails(FIXTURE("header_after_blank_lines.csv"),
                      FIXTURE("header_after_blank_lines.csv") ":3: only a header row; expected rows "
                                                              "of numbers after it");
}

Test(data, file_of_blank_lines_is_empty)
{
    /* no header anywhere: like a 0-byte file, the message names no line */
    assert_load_fails(FIXTURE("blank_lines_only.csv"),
                      FIXTURE("blank_lines_only.csv") ": the file is empty; expected a header row "
                                                      "of column names");
}

Test(data, first_line_of_numbers_is_taken_for_a_missing_header)
{
    assert_load_fails(FIXTURE("no_header.csv"),
                      FIXTURE("no_header.csv") ":1:1: the first line holds numbers; expected a "
                                               "header row of column names");
}

Test(data, empty_column_name_is_an_error_at_its_column)
{
    /* "x1,,y": the second name starts at byte 4 */
    assert_load_fails(FIXTURE("header_empty_name.csv"),
                      FIXTURE("header_empty_name.csv") ":1:4: column 2 has an empty name in the header row");
}

Test(data, columns_are_counted_after_a_byte_order_mark)
{
    /* the same header after the 3-byte mark EF BB BF: still column 4 */
    assert_load_fails(FIXTURE("bom_header_empty_name.csv"),
                      FIXTURE("bom_header_empty_name.csv") ":1:4: column 2 has an empty name in the header row");
}

Test(data, row_with_too_few_fields_points_past_its_end)
{
    /* line 3 is "10,2" (4 bytes): the missing third field would start at 5 */
    assert_load_fails(FIXTURE("ragged.csv"),
                      FIXTURE("ragged.csv") ":3:5: expected 3 fields, found 2");
}

Test(data, row_with_too_many_fields_points_at_the_first_extra_one)
{
    /* line 3 is "1,2,3,4": the 4th field starts at byte 7 */
    assert_load_fails(FIXTURE("ragged_long.csv"),
                      FIXTURE("ragged_long.csv") ":3:7: expected 3 fields, found 4");
}

Test(data, row_of_10000_fields_gives_a_clean_error)
{
    /* header a,b,c; line 2 is "0,0,...,0" with 10,000 fields: the 4th
     * starts at byte 7 (fields of one byte and a comma each) */
    assert_load_fails(FIXTURE("wide_row.csv"),
                      FIXTURE("wide_row.csv") ":2:7: expected 3 fields, found 10000");
}

Test(data, text_where_a_number_belongs_is_quoted_with_its_column)
{
    /* line 3 is "1,abc,3": "abc" starts at byte 3, column x2 */
    assert_load_fails(FIXTURE("not_a_number.csv"),
                      FIXTURE("not_a_number.csv") ":3:3: expected a number in column \"x2\", found \"abc\"");
}

Test(data, nan_text_is_rejected)
{
    /* strtod reads "nan" as a number, but not a finite one */
    assert_load_fails(FIXTURE("nan.csv"),
                      FIXTURE("nan.csv") ":2:3: \"nan\" in column \"x2\" is not a finite number");
}

Test(data, inf_text_is_rejected)
{
    /* line 4 is "7,8,inf": "inf" starts at byte 5, column y */
    assert_load_fails(FIXTURE("inf.csv"),
                      FIXTURE("inf.csv") ":4:5: \"inf\" in column \"y\" is not a finite number");
}

Test(data, empty_field_is_rejected)
{
    /* line 3 is "1,,3": the empty field starts at byte 3 */
    assert_load_fails(FIXTURE("empty_field.csv"),
                      FIXTURE("empty_field.csv") ":3:3: expected a number in column \"x2\", found an empty field");
}

Test(data, line_numbers_count_blank_lines)
{
    /* lines: 1 "x,y", 2 "", 3 "1,2", 4 "", 5 "abc,4" */
    assert_load_fails(FIXTURE("blank_lines_then_bad.csv"),
                      FIXTURE("blank_lines_then_bad.csv") ":5:1: expected a number in column \"x\", found \"abc\"");
}

Test(data, a_short_error_buffer_gets_a_truncated_terminated_message)
{
    DataTable t;
    char err[16];
    memset(err, 'X', sizeof err);
    cr_assert_eq(data_load_csv(&t, FIXTURE("ragged.csv"), err, sizeof err), -1);
    /* snprintf semantics: 15 characters and the terminating zero */
    cr_assert_eq(strlen(err), 15);
    cr_assert_eq(strncmp(err, "tests/fixtures/", 15), 0);
}

/* ---- CSV: valid files ----------------------------------------------------------- */

/* Assert that t is the 2 x 3 table x1, x2, y of want. */
static void assert_table_2x3(const DataTable *t, const double *want)
{
    cr_assert_eq(t->cols, 3);
    cr_assert_str_eq(t->names[0], "x1");
    cr_assert_str_eq(t->names[1], "x2");
    cr_assert_str_eq(t->names[2], "y");
    cr_assert_eq(t->values->rows, 2);
    cr_assert_eq(t->values->cols, 3);
    /* decimal text parsed by strtod is correctly rounded: the same double
     * as the literal, so == */
    for (int k = 0; k < 6; k++)
        cr_assert_eq(t->values->data[k], want[k], "value %d is %.17g, expected %.17g", k,
                     t->values->data[k], want[k]);
}

Test(data, crlf_line_ends_load)
{
    DataTable t;
    assert_load_ok(&t, FIXTURE("crlf.csv"));
    double want[] = {1, 2, 3, 4.5, -6, 0.25};
    assert_table_2x3(&t, want);
    data_table_free(&t);
}

Test(data, byte_order_mark_is_skipped)
{
    DataTable t;
    assert_load_ok(&t, FIXTURE("bom.csv"));
    /* the first name is "x1", not "\xEF\xBB\xBFx1" */
    cr_assert_str_eq(t.names[0], "x1");
    cr_assert_eq(data_column_index(&t, "x1"), 0);
    cr_assert_eq(t.values->rows, 1);
    cr_assert_eq(MAT_AT(t.values, 0, 0), 1.0);
    cr_assert_eq(MAT_AT(t.values, 0, 2), 3.0);
    data_table_free(&t);
}

Test(data, missing_final_newline_keeps_the_last_row)
{
    DataTable t;
    assert_load_ok(&t, FIXTURE("no_final_newline.csv"));
    double want[] = {1, 2, 3, 4, 5, 6};
    assert_table_2x3(&t, want);
    data_table_free(&t);
}

Test(data, blank_lines_are_skipped)
{
    DataTable t;
    assert_load_ok(&t, FIXTURE("blank_lines.csv"));
    cr_assert_eq(t.values->rows, 2);
    cr_assert_eq(MAT_AT(t.values, 1, 0), 3.0);
    cr_assert_eq(MAT_AT(t.values, 1, 1), 4.0);
    data_table_free(&t);
}

Test(data, blanks_around_fields_are_trimmed)
{
    /* "x1, x2 ,label" / "0.5, 1.5 ,0" / "-2,3e-1,1" */
    DataTable t;
    assert_load_ok(&t, FIXTURE("valid.csv"));
    cr_assert_str_eq(t.names[1], "x2");
    cr_assert_eq(data_column_index(&t, "label"), 2);
    cr_assert_eq(data_column_index(&t, "x2"), 1);
    cr_assert_eq(data_column_index(&t, "missing"), -1);
    cr_assert_eq(MAT_AT(t.values, 0, 1), 1.5);
    cr_assert_eq(MAT_AT(t.values, 1, 1), 0.3); /* "3e-1" */
    data_table_free(&t);
}

Test(data, select_copies_the_named_columns_in_the_given_order)
{
    DataTable t;
    assert_load_ok(&t, FIXTURE("valid.csv"));
    int idx[] = {2, 0};
    Mat *X = data_select(&t, idx, 2);
    /* rows (label, x1): (0, 0.5) and (1, -2) */
    cr_assert_eq(X->rows, 2);
    cr_assert_eq(X->cols, 2);
    cr_assert_eq(MAT_AT(X, 0, 0), 0.0);
    cr_assert_eq(MAT_AT(X, 0, 1), 0.5);
    cr_assert_eq(MAT_AT(X, 1, 0), 1.0);
    cr_assert_eq(MAT_AT(X, 1, 1), -2.0);
    mat_free(X);
    data_table_free(&t);
}

/* Write text to a new file under /tmp; fills path (room for 32 bytes). */
static void write_temp_file(char *path, const char *text, size_t len)
{
    strcpy(path, "/tmp/annlab-test-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
    FILE *fp = fdopen(fd, "w");
    cr_assert_not_null(fp);
    cr_assert_eq(fwrite(text, 1, len, fp), len);
    cr_assert_eq(fclose(fp), 0);
}

Test(data, file_of_10000_columns_loads)
{
    /* header c0,...,c9999 and one row 0, 0.5, 1, ..., 4999.5 (j / 2) */
    enum { N = 10000 };
    size_t cap = (size_t)N * 16, len = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    for (int j = 0; j < N; j++)
        len += (size_t)snprintf(text + len, cap - len, "%sc%d", j ? "," : "", j);
    text[len++] = '\n';
    for (int j = 0; j < N; j++)
        len += (size_t)snprintf(text + len, cap - len, "%s%g", j ? "," : "", j / 2.0);
    text[len++] = '\n';
    char path[32];
    write_temp_file(path, text, len);
    free(text);

    DataTable t;
    char err[DATA_ERR_LEN] = "";
    int rc = data_load_csv(&t, path, err, sizeof err);
    unlink(path);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert_eq(t.cols, N);
    cr_assert_eq(t.values->rows, 1);
    cr_assert_str_eq(t.names[N - 1], "c9999");
    cr_assert_eq(data_column_index(&t, "c1234"), 1234);
    for (int j = 0; j < N; j++)
        cr_assert_eq(MAT_AT(t.values, 0, j), j / 2.0, "column %d", j);
    data_table_free(&t);
}

/* ---- CSV as people write it: quotes, separators, not text --------------------------- */

/* The table x1, x2, label of valid.csv's numbers: (0.5, 1.5, 0), (-2, 0.3, 1). */
static const double VALID_ROWS[] = {0.5, 1.5, 0, -2, 0.3, 1};

/* Assert that t holds names[0..2] and VALID_ROWS. */
static void assert_valid_rows(const DataTable *t, const char *const names[3])
{
    cr_assert_eq(t->cols, 3);
    for (int j = 0; j < 3; j++)
        cr_assert_str_eq(t->names[j], names[j]);
    cr_assert_eq(t->values->rows, 2);
    /* the same decimal digits through strtod: the same double, so == */
    for (int k = 0; k < 6; k++)
        cr_assert_eq(t->values->data[k], VALID_ROWS[k], "value %d is %.17g", k, t->values->data[k]);
}

Test(data, a_file_with_every_field_quoted_loads)
{
    /* "x1","x2","label" / "0.5","1.5","0" / "-2","3e-1","1": as pandas writes it */
    DataTable t;
    assert_load_ok(&t, FIXTURE("quoted.csv"));
    assert_valid_rows(&t, (const char *[]){"x1", "x2", "label"});
    data_table_free(&t);
}

Test(data, semicolons_with_decimal_commas_load)
{
    /* x1;x2;label / 0,5;1,5;0 / -2;0,3;1: a spreadsheet set to a decimal comma */
    DataTable t;
    assert_load_ok(&t, FIXTURE("semicolon_decimal_comma.csv"));
    assert_valid_rows(&t, (const char *[]){"x1", "x2", "label"});
    data_table_free(&t);
}

Test(data, tab_separated_values_load)
{
    DataTable t;
    assert_load_ok(&t, FIXTURE("tab.csv"));
    assert_valid_rows(&t, (const char *[]){"x1", "x2", "label"});
    data_table_free(&t);
}

Test(data, bom_crlf_quotes_and_blank_trailing_lines_load_together)
{
    /* BOM, "x1","x ""2""",label CRLF; "0.5", "1.5" ,0; -2,"3e-1",1; two blank CRLF lines */
    DataTable t;
    assert_load_ok(&t, FIXTURE("bom_crlf_quoted.csv"));
    assert_valid_rows(&t, (const char *[]){"x1", "x \"2\"", "label"});
    cr_assert_eq(data_row_line(&t, 1), 3);
    data_table_free(&t);
}

Test(data, a_decimal_comma_in_a_comma_file_is_refused_with_the_reason)
{
    /* line 2 is "0,5",1.5,0: quoted, so one field, but ',' is not a decimal point here */
    assert_load_fails(FIXTURE("decimal_comma_in_comma_file.csv"),
                      FIXTURE("decimal_comma_in_comma_file.csv") ":2:1: expected a number in column "
                      "\"x1\", found \"0,5\" (a decimal comma is read only when the separator is ';')");
}

Test(data, a_row_with_another_separator_than_the_header_says_so)
{
    assert_load_fails(FIXTURE("separator_mismatch.csv"),
                      FIXTURE("separator_mismatch.csv") ":2:6: expected 3 fields, found 1 (the "
                      "header row is separated by ';', this line by ',')");
}

Test(data, a_quote_not_closed_is_an_error_at_the_quote)
{
    /* line 3 is 4,"5,6 */
    assert_load_fails(FIXTURE("unterminated_quote.csv"),
                      FIXTURE("unterminated_quote.csv") ":3:3: this quote is not closed on its "
                      "line; a quoted field must end on the line it starts on");
}

Test(data, text_after_a_closing_quote_is_an_error)
{
    /* line 2 is 1,"2"x,3: the x at byte 6 */
    assert_load_fails(FIXTURE("text_after_quote.csv"),
                      FIXTURE("text_after_quote.csv") ":2:6: expected ',' or the end of the line "
                      "after a closing quote, found \"x,3\"");
}

Test(data, a_nul_byte_is_not_a_text_file)
{
    /* line 3 is "4,5" NUL ",6": the NUL is byte 4 */
    assert_load_fails(FIXTURE("nul_byte.csv"),
                      FIXTURE("nul_byte.csv") ":3:4: not a text file (a NUL byte); expected a CSV "
                      "file with a header row");
}

Test(data, a_binary_file_is_refused_without_its_bytes_in_the_message)
{
    /* the first bytes of a PNG: 89 "PNG" CR LF 1A LF, then NUL bytes (line 3) */
    assert_load_fails(FIXTURE("binary.csv"),
                      FIXTURE("binary.csv") ":3:1: not a text file (a NUL byte); expected a CSV "
                      "file with a header row");
}

Test(data, a_header_in_latin1_is_refused_as_not_utf8)
{
    /* "gr" F6 DF "e": byte 3 is not UTF-8 */
    assert_load_fails(FIXTURE("latin1_header.csv"),
                      FIXTURE("latin1_header.csv") ":1:3: not a text file in UTF-8 (the byte \\xF6 "
                      "in the header row); expected a CSV file with a header row, saved as UTF-8");
}

Test(data, a_control_byte_in_the_header_is_refused_and_escaped)
{
    /* x1,ESC[31mx2,y: the escape byte at 4 would colour the terminal */
    assert_load_fails(FIXTURE("control_header.csv"),
                      FIXTURE("control_header.csv") ":1:4: not a text file (the control byte \\x1B "
                      "in the header row); expected a CSV file with a header row");
}

Test(data, a_control_byte_in_a_field_is_shown_escaped)
{
    /* line 2 is ESC "[2J,1": a terminal would clear the screen */
    assert_load_fails(FIXTURE("control_field.csv"),
                      FIXTURE("control_field.csv") ":2:1: expected a number in column \"x\", found "
                      "\"\\x1B[2J\"");
}

Test(data, numbers_are_decimal_and_finite)
{
    /* from memory: each row has one bad field, at byte 3 of line 2 (a field
     * of blanks: where they end, byte 5, as the loader always pointed) */
    static const char *const rows[][2] = {
        {"x,y\n1,0x10\n", "f.csv:2:3: expected a number in column \"y\", found \"0x10\""},
        {"x,y\n1,1e999\n", "f.csv:2:3: \"1e999\" in column \"y\" is not a finite number"},
        {"x,y\n1,-\n", "f.csv:2:3: expected a number in column \"y\", found \"-\""},
        {"x,y\n1,  \n", "f.csv:2:5: expected a number in column \"y\", found an empty field"},
        {"x;y\n1;1,2,3\n", "f.csv:2:3: expected a number in column \"y\", found \"1,2,3\""},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        DataTable t;
        char err[DATA_ERR_LEN];
        cr_assert_eq(data_parse_csv(&t, "f.csv", rows[k][0], strlen(rows[k][0]), err, sizeof err), -1,
                     "%s loaded", rows[k][0]);
        cr_assert_str_eq(err, rows[k][1]);
        cr_assert_null(t.values);
    }
}

Test(data, parse_reads_text_without_a_final_nul)
{
    /* the 8 bytes "a,b\n1,2\n" followed by bytes that are not part of the text */
    const char text[] = "a,b\n1,2\nGARBAGE\0";
    DataTable t;
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_parse_csv(&t, "mem", text, 8, err, sizeof err), 0, "%s", err);
    cr_assert_eq(t.values->rows, 1);
    cr_assert_eq(MAT_AT(t.values, 0, 1), 2.0);
    data_table_free(&t);
    cr_assert_eq(data_parse_csv(&t, "mem", text, 0, err, sizeof err), -1);
    cr_assert_str_eq(err, "mem: the file is empty; expected a header row of column names");
}

Test(data, a_long_field_is_cut_in_the_message)
{
    /* 60 x "a": 40 shown, then "..." */
    char text[128], want[256];
    snprintf(text, sizeof text, "x,y\n1,%.60s\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    snprintf(want, sizeof want, "f.csv:2:3: expected a number in column \"y\", found \"%.40s...\"",
             text + 6);
    DataTable t;
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_parse_csv(&t, "f.csv", text, strlen(text), err, sizeof err), -1);
    cr_assert_str_eq(err, want);
}

Test(data, a_directory_is_a_read_error)
{
    DataTable t;
    char err[DATA_ERR_LEN], want[128];
    snprintf(want, sizeof want, "tests/fixtures: read error: %s", strerror(EISDIR));
    cr_assert_eq(data_load_csv(&t, "tests/fixtures", err, sizeof err), -1);
    cr_assert_str_eq(err, want);
}

/* ---- source lines of rows ------------------------------------------------------ */

Test(data, every_row_remembers_its_line_in_the_file)
{
    /* blank_lines.csv: 1 "x,y", 2 "", 3 "1,2", 4 "  ", 5 "3,4", 6 "" */
    DataTable t;
    assert_load_ok(&t, FIXTURE("blank_lines.csv"));
    cr_assert_not_null(t.lines);
    cr_assert_eq(t.lines[0], 3);
    cr_assert_eq(t.lines[1], 5);
    cr_assert_eq(data_row_line(&t, 1), 5);
    data_table_free(&t);
    cr_assert_null(t.lines);
}

Test(data, row_lines_follow_the_header_without_blank_lines)
{
    /* valid.csv: header on line 1, rows on lines 2 and 3 */
    DataTable t;
    assert_load_ok(&t, FIXTURE("valid.csv"));
    cr_assert_eq(data_row_line(&t, 0), 2);
    cr_assert_eq(data_row_line(&t, 1), 3);
    data_table_free(&t);
}

/* ---- label checks ------------------------------------------------------------------ */

/* data_check_labels on the m labels v (one column); returns its result,
 * with the bad row in *row and the message in err (room for DATA_ERR_LEN). */
static int check(const double *v, int m, DataTarget want, const char *name, int *row, char *err)
{
    Mat *y = mat_from(m, 1, v);
    err[0] = '\0';
    int rc = data_check_labels(y, &want, name, row, err, DATA_ERR_LEN);
    mat_free(y);
    return rc;
}

Test(data, check_labels_accepts_each_kind_and_counts_its_classes)
{
    int row;
    char err[DATA_ERR_LEN];
    double real[] = {-3.5, 0, 1e6}, zo[] = {0, 1, 1}, signs[] = {-1, 1}, cls[] = {0, 2, 1, 2};
    cr_assert_eq(check(real, 3, (DataTarget){.kind = DATA_TARGET_REAL}, "y", &row, err), 0, "%s", err);
    cr_assert_eq(check(zo, 3, (DataTarget){.kind = DATA_TARGET_01}, "y", &row, err), 2, "%s", err);
    cr_assert_eq(check(signs, 2, (DataTarget){.kind = DATA_TARGET_SIGNS}, "y", &row, err), 2, "%s", err);
    /* k given: 5 even though the largest label is 2 */
    cr_assert_eq(check(cls, 4, (DataTarget){.kind = DATA_TARGET_CLASS, .classes = 5}, "y", &row, err), 5, "%s", err);
    /* k inferred: largest label 2, so 3 classes */
    cr_assert_eq(check(cls, 4, (DataTarget){.kind = DATA_TARGET_CLASS, .classes = 0}, "y", &row, err), 3, "%s", err);
    cr_assert_eq(row, -1);
}

Test(data, check_labels_names_the_first_bad_row_and_value)
{
    int row;
    char err[DATA_ERR_LEN];
    double zo[] = {0, 1, 2.5, 7};
    cr_assert_eq(check(zo, 4, (DataTarget){.kind = DATA_TARGET_01}, "placed", &row, err), -1);
    cr_assert_eq(row, 2);
    cr_assert_str_eq(err, "the label \"placed\" is 2.5; expected 0 or 1");
    /* -1/1 wanted, a 0/1 file given: 0 is the first bad one */
    cr_assert_eq(check(zo, 4, (DataTarget){.kind = DATA_TARGET_SIGNS}, NULL, &row, err), -1);
    cr_assert_eq(row, 0);
    cr_assert_str_eq(err, "the label is 0; expected -1 or 1");
    /* a value just below 1 is shown with enough digits to see it is not 1 */
    double near1[] = {0.99999999};
    cr_assert_eq(check(near1, 1, (DataTarget){.kind = DATA_TARGET_01}, NULL, &row, err), -1);
    cr_assert_str_eq(err, "the label is 0.99999999; expected 0 or 1");
}

Test(data, check_labels_wants_class_indices_whole_and_in_range)
{
    int row;
    char err[DATA_ERR_LEN];
    double frac[] = {0, 1.5}, big[] = {0, 1, 3}, neg[] = {1, -1};
    cr_assert_eq(check(frac, 2, (DataTarget){.kind = DATA_TARGET_CLASS, .classes = 3}, "species", &row, err), -1);
    cr_assert_eq(row, 1);
    cr_assert_str_eq(err, "the label \"species\" is 1.5; expected a class index, a whole "
                          "number 0 to 2");
    cr_assert_eq(check(big, 3, (DataTarget){.kind = DATA_TARGET_CLASS, .classes = 3}, "species", &row, err), -1);
    cr_assert_eq(row, 2);
    cr_assert_eq(check(neg, 2, (DataTarget){.kind = DATA_TARGET_CLASS, .classes = 0}, NULL, &row, err), -1);
    cr_assert_eq(row, 1);
    cr_assert_str_eq(err, "the label is -1; expected a class index, a whole number 0, 1, 2, "
                          "... (at most 999)");
}

Test(data, check_labels_cannot_infer_classes_from_zeros_only)
{
    int row;
    char err[DATA_ERR_LEN];
    double zeros[] = {0, 0, 0};
    cr_assert_eq(check(zeros, 3, (DataTarget){.kind = DATA_TARGET_CLASS}, "y", &row, err), -1);
    cr_assert_eq(row, -1);
    cr_assert_str_eq(err, "every label \"y\" is 0; expected at least two classes, 0 and 1");
}

Test(data, check_labels_rejects_a_target_that_is_not_finite)
{
    int row;
    char err[DATA_ERR_LEN];
    double v[] = {1, 2, NAN};
    cr_assert_eq(check(v, 3, (DataTarget){.kind = DATA_TARGET_REAL}, NULL, &row, err), -1);
    cr_assert_eq(row, 2);
    cr_assert_str_eq(err, "the target is nan; expected a finite number");
}

Test(data, check_labels_wants_one_column_except_for_one_hot_rows)
{
    int row;
    char err[DATA_ERR_LEN];
    double v[] = {0, 1, 0, 1, 0, 0};
    Mat *Y = mat_from(2, 3, v);
    cr_assert_eq(data_check_labels(Y, &(DataTarget){.kind = DATA_TARGET_CLASS, .classes = 3}, NULL, &row, err,
                                   sizeof err), -1);
    cr_assert_eq(row, -1);
    cr_assert_str_eq(err, "expected one label per row (1 column), found 3 columns");
    /* as one-hot rows: (0 1 0) and (1 0 0), 3 classes */
    cr_assert_eq(data_check_labels(Y, &(DataTarget){.kind = DATA_TARGET_ONEHOT}, NULL, &row, err,
                                   sizeof err), 3, "%s", err);
    /* ... but not 4 classes */
    cr_assert_eq(data_check_labels(Y, &(DataTarget){.kind = DATA_TARGET_ONEHOT, .classes = 4}, NULL, &row, err,
                                   sizeof err), -1);
    cr_assert_str_eq(err, "expected one-hot rows of 4 columns (one per class), found 3 columns");
    mat_free(Y);
}

Test(data, check_labels_wants_a_single_one_in_a_one_hot_row)
{
    int row;
    char err[DATA_ERR_LEN];
    double v[] = {0, 1, 0, 1, 0, 1, 0, 0.5, 0.5};
    Mat *Y = mat_from(3, 3, v);
    cr_assert_eq(data_check_labels(Y, &(DataTarget){.kind = DATA_TARGET_ONEHOT}, "y", &row, err,
                                   sizeof err), -1);
    cr_assert_eq(row, 1);
    cr_assert_str_eq(err, "the one-hot row \"y\" has no single 1 among 0s; expected one 1 "
                          "(the class) and 0 elsewhere");
    mat_free(Y);
}

/* ---- features + target ------------------------------------------------------------------ */

/* A temp CSV with text; path has room for 32 bytes; unlink it after. */
static void temp_csv(char *path, const char *text)
{
    write_temp_file(path, text, strlen(text));
}

/* data_load_xy on text, expecting failure with exactly the message want
 * after the path. */
static void assert_xy_fails(const char *text, const DataXYSpec *spec, const char *want)
{
    char path[32], err[DATA_ERR_LEN], full[DATA_ERR_LEN + 64];
    temp_csv(path, text);
    DataXY d;
    int rc = data_load_xy(&d, path, spec, err, sizeof err);
    unlink(path);
    cr_assert_eq(rc, -1, "loaded, expected: %s", want);
    snprintf(full, sizeof full, "%s%s", path, want);
    cr_assert_str_eq(err, full);
    cr_assert_null(d.X);
    cr_assert_null(d.table.values);
}

Test(data, load_xy_takes_every_other_column_as_features_by_default)
{
    char path[32], err[DATA_ERR_LEN];
    temp_csv(path, "a,label,b\n1,0,2\n3,1,4\n");
    DataXY d;
    int rc = data_load_xy(&d, path, &(DataXYSpec){.target = "label",
                          .want = {.kind = DATA_TARGET_01}}, err, sizeof err);
    unlink(path);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert_eq(d.n_features, 2);
    cr_assert_eq(d.features[0], 0);
    cr_assert_eq(d.features[1], 2);
    cr_assert_eq(d.target, 1);
    cr_assert_eq(d.classes, 2);
    cr_assert_eq(MAT_AT(d.X, 1, 0), 3.0);
    cr_assert_eq(MAT_AT(d.X, 1, 1), 4.0);
    cr_assert_eq(MAT_AT(d.y, 1, 0), 1.0);
    data_xy_free(&d);
    data_xy_free(&d); /* safe twice: freed means empty */
}

Test(data, load_xy_picks_features_by_name_or_index_in_the_order_given)
{
    char path[32], err[DATA_ERR_LEN];
    temp_csv(path, "x1,x2,x3,y\n1,2,3,0.5\n");
    DataXY d;
    int rc = data_load_xy(&d, path, &(DataXYSpec){.target = "y",
                          .features = (const char *[]){"x3", "x1"}, .n_features = 2},
                          err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert_eq(MAT_AT(d.X, 0, 0), 3.0);
    cr_assert_eq(MAT_AT(d.X, 0, 1), 1.0);
    cr_assert_eq(MAT_AT(d.y, 0, 0), 0.5);
    cr_assert_eq(d.classes, 0);
    data_xy_free(&d);
    /* by index, with the target the first column */
    rc = data_load_xy(&d, path, &(DataXYSpec){.target_col = 0,
                      .feature_cols = (const int[]){3, 1}, .n_features = 2}, err, sizeof err);
    unlink(path);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert_eq(MAT_AT(d.X, 0, 0), 0.5);
    cr_assert_eq(MAT_AT(d.X, 0, 1), 2.0);
    cr_assert_eq(MAT_AT(d.y, 0, 0), 1.0);
    data_xy_free(&d);
}

/* Only the chosen columns are read as numbers: a column of names (or
 * "n/a") that is not chosen does no harm and holds NAN in the table; the
 * same column chosen is refused where its first word is. */
Test(data, load_xy_reads_only_the_chosen_columns)
{
    char path[32], err[DATA_ERR_LEN];
    temp_csv(path, "name,x1,note,y\nAnn,1.5,n/a,1\n\"Lee, B.\",2.5,,0\n");
    DataXY d;
    int rc = data_load_xy(&d, path, &(DataXYSpec){.target = "y",
                          .features = (const char *[]){"x1"}, .n_features = 1,
                          .want = {.kind = DATA_TARGET_01}}, err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert_eq(MAT_AT(d.X, 1, 0), 2.5);
    cr_assert_eq(MAT_AT(d.y, 1, 0), 0.0);
    cr_assert(isnan(MAT_AT(d.table.values, 0, 0)) && isnan(MAT_AT(d.table.values, 1, 2)));
    data_xy_free(&d);
    rc = data_load_xy(&d, path, &(DataXYSpec){.target = "y",
                      .features = (const char *[]){"x1", "name"}, .n_features = 2,
                      .want = {.kind = DATA_TARGET_01}}, err, sizeof err);
    unlink(path);
    cr_assert_eq(rc, -1);
    char want[DATA_ERR_LEN + 64];
    snprintf(want, sizeof want, "%s:2:1: expected a number in column \"name\", found \"Ann\"",
             path);
    cr_assert_str_eq(err, want);
}

Test(data, load_xy_reads_0_as_minus_1_when_asked)
{
    /* chapter 01's convention: 0 and -1 both mean the negative class */
    char path[32], err[DATA_ERR_LEN];
    temp_csv(path, "x1,x2,y\n1,2,0\n3,4,1\n5,6,-1\n");
    DataXY d;
    int rc = data_load_xy(&d, path, &(DataXYSpec){.target_col = -1, .n_features = 2,
                          .want = {.kind = DATA_TARGET_SIGNS}, .relabel = 1}, err, sizeof err);
    unlink(path);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert_eq(MAT_AT(d.y, 0, 0), -1.0);
    cr_assert_eq(MAT_AT(d.y, 1, 0), 1.0);
    cr_assert_eq(MAT_AT(d.y, 2, 0), -1.0);
    data_xy_free(&d);
}

Test(data, load_xy_reads_minus_1_as_0_when_asked)
{
    char path[32], err[DATA_ERR_LEN];
    temp_csv(path, "x,y\n1,-1\n3,1\n");
    DataXY d;
    int rc = data_load_xy(&d, path, &(DataXYSpec){.target = "y", .want = {.kind = DATA_TARGET_01},
                          .relabel = 1}, err, sizeof err);
    unlink(path);
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert_eq(MAT_AT(d.y, 0, 0), 0.0);
    data_xy_free(&d);
}

Test(data, load_xy_names_the_line_of_a_bad_label_counting_blank_lines)
{
    /* lines: 1 header, 2 row, 3 blank, 4 blank, 5 the bad row (the third
     * data row: row index 1 + 2 would have said line 3) */
    assert_xy_fails("x1,x2,label\n1,1,1\n\n\n2,2,3\n",
                    &(DataXYSpec){.target_col = -1, .n_features = 2,
                                  .want = {.kind = DATA_TARGET_SIGNS}, .relabel = 1},
                    ":5: the label \"label\" is 3; expected -1 or 1 (0 is read as -1)");
    assert_xy_fails("x,class\n1,0\n\n2,1\n3,2.5\n",
                    &(DataXYSpec){.target = "class", .want = {.kind = DATA_TARGET_CLASS, .classes = 3}},
                    ":5: the label \"class\" is 2.5; expected a class index, a whole number "
                    "0 to 2");
}

Test(data, load_xy_lists_the_columns_when_one_is_missing)
{
    assert_xy_fails("cgpa,iq,lpa\n1,2,3\n", &(DataXYSpec){.target = "salary"},
                    ": no column \"salary\"; its columns are: cgpa, iq, lpa");
    assert_xy_fails("cgpa,iq,lpa\n1,2,3\n",
                    &(DataXYSpec){.target = "lpa", .features = (const char *[]){"gpa"},
                                  .n_features = 1},
                    ": no column \"gpa\"; its columns are: cgpa, iq, lpa");
}

Test(data, load_xy_wants_the_declared_number_of_columns)
{
    assert_xy_fails("a,b,c,d\n1,2,3,4\n",
                    &(DataXYSpec){.target_col = -1, .n_features = 2},
                    ": expected 3 columns (2 features and the target), found 4");
    assert_xy_fails("a\n1\n", &(DataXYSpec){.target_col = 0},
                    ": expected feature columns besides the target, found 1 column");
    assert_xy_fails("a,b\n1,2\n", &(DataXYSpec){.target_col = 5},
                    ": no column 5 for the target; found 2 columns");
}

Test(data, load_xy_passes_on_the_loaders_errors)
{
    char err[DATA_ERR_LEN];
    DataXY d;
    cr_assert_eq(data_load_xy(&d, FIXTURE("does_not_exist.csv"), &(DataXYSpec){.target_col = -1},
                              err, sizeof err), DATA_CANNOT_OPEN);
    cr_assert_eq(data_load_xy(&d, FIXTURE("ragged.csv"), &(DataXYSpec){.target_col = -1},
                              err, sizeof err), -1);
    cr_assert_eq(strncmp(err, FIXTURE("ragged.csv") ":3:5: ", 27), 0, "%s", err);
}

/* ---- standardization --------------------------------------------------------------- */

Test(data, standardize_uses_the_mean_and_the_population_std)
{
    /* column 0: 2, 4, 4, 4, 5, 5, 7, 9
     *   mean = 40 / 8 = 5
     *   deviations -3, -1, -1, -1, 0, 0, 2, 4; squares sum to
     *   9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32; population variance 32 / 8 = 4
     *   (the sample variance would be 32 / 7), std = 2
     *   standardized: deviations / 2 = -1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2
     * column 1: constant 3: mean 3, std stored as 1, values 0
     * (all exact in doubles: compared with ==) */
    double x[] = {2, 3, 4, 3, 4, 3, 4, 3, 5, 3, 5, 3, 7, 3, 9, 3};
    double want0[] = {-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2};
    Mat *X = mat_from(8, 2, x), *mean = mat_new(1, 2), *std = mat_new(1, 2);
    data_standardize(X, mean, std);
    cr_assert_eq(mean->data[0], 5.0);
    cr_assert_eq(std->data[0], 2.0);
    cr_assert_eq(mean->data[1], 3.0);
    cr_assert_eq(std->data[1], 1.0);
    for (int i = 0; i < 8; i++) {
        cr_assert_eq(MAT_AT(X, i, 0), want0[i], "row %d", i);
        cr_assert_eq(MAT_AT(X, i, 1), 0.0);
    }
    mat_free(X);
    mat_free(mean);
    mat_free(std);
}

Test(data, standardize_apply_reuses_the_training_statistics)
{
    /* mean (5, 3), std (2, 1):
     *   (7, 3) -> ((7-5)/2, (3-3)/1) = (1, 0)
     *   (4, 5) -> ((4-5)/2, (5-3)/1) = (-0.5, 2) */
    double x[] = {7, 3, 4, 5}, m[] = {5, 3}, s[] = {2, 1};
    double want[] = {1, 0, -0.5, 2};
    Mat *X = mat_from(2, 2, x), *mean = mat_from(1, 2, m), *std = mat_from(1, 2, s);
    data_standardize_apply(X, mean, std);
    for (int k = 0; k < 4; k++)
        cr_assert_eq(X->data[k], want[k]);
    mat_free(X);
    mat_free(mean);
    mat_free(std);
}

/* ---- train/test split ------------------------------------------------------------------ */

/* X (10 x 2) with row i = (i, 10 + i), y (10 x 1) with y_i = 100 + i, so a
 * row of X and its label can be traced back to i. */
static void make_xy(Mat **X, Mat **y)
{
    *X = mat_new(10, 2);
    *y = mat_new(10, 1);
    for (int i = 0; i < 10; i++) {
        MAT_AT(*X, i, 0) = i;
        MAT_AT(*X, i, 1) = 10 + i;
        MAT_AT(*y, i, 0) = 100 + i;
    }
}

Test(data, split_sizes_follow_the_test_fraction)
{
    Mat *X, *y;
    make_xy(&X, &y);
    Rng rng;
    rng_seed(&rng, 5);
    DataSplit s;
    cr_assert_eq(data_split(&s, &rng, X, y, 0.3), 0);
    /* round(0.3 * 10) = 3 test rows, 7 training rows */
    cr_assert_eq(s.X_test->rows, 3);
    cr_assert_eq(s.y_test->rows, 3);
    cr_assert_eq(s.X_train->rows, 7);
    cr_assert_eq(s.y_train->rows, 7);
    cr_assert_eq(s.X_train->cols, 2);
    cr_assert_eq(s.y_train->cols, 1);
    data_split_free(&s);
    mat_free(X);
    mat_free(y);
}

Test(data, split_rows_are_a_permutation_with_labels_kept_beside_their_rows)
{
    Mat *X, *y;
    make_xy(&X, &y);
    Rng rng;
    rng_seed(&rng, 6);
    DataSplit s;
    cr_assert_eq(data_split(&s, &rng, X, y, 0.3), 0);
    int seen[10] = {0}, moved = 0, at = 0;
    const Mat *parts[2][2] = {{s.X_train, s.y_train}, {s.X_test, s.y_test}};
    for (int p = 0; p < 2; p++)
        for (int r = 0; r < parts[p][0]->rows; r++, at++) {
            int i = (int)MAT_AT(parts[p][0], r, 0);
            cr_assert(i >= 0 && i < 10);
            seen[i]++;
            moved += i != at;
            cr_assert_eq(MAT_AT(parts[p][0], r, 1), 10.0 + i, "X row %d torn apart", i);
            cr_assert_eq(MAT_AT(parts[p][1], r, 0), 100.0 + i, "label of row %d lost", i);
        }
    for (int i = 0; i < 10; i++)
        cr_assert_eq(seen[i], 1, "row %d appears %d times", i, seen[i]);
    cr_assert_gt(moved, 0, "the rows were not shuffled");
    data_split_free(&s);
    mat_free(X);
    mat_free(y);
}

Test(data, split_with_the_same_seed_is_the_same_split)
{
    Mat *X, *y;
    make_xy(&X, &y);
    Rng r1, r2;
    rng_seed(&r1, 7);
    rng_seed(&r2, 7);
    DataSplit a, b;
    cr_assert_eq(data_split(&a, &r1, X, y, 0.4), 0);
    cr_assert_eq(data_split(&b, &r2, X, y, 0.4), 0);
    cr_assert_eq(mat_max_abs_diff(a.X_train, b.X_train), 0.0);
    cr_assert_eq(mat_max_abs_diff(a.X_test, b.X_test), 0.0);
    cr_assert_eq(mat_max_abs_diff(a.y_test, b.y_test), 0.0);
    data_split_free(&a);
    data_split_free(&b);
    mat_free(X);
    mat_free(y);
}

Test(data, split_fractions_zero_and_one_give_an_empty_side)
{
    Mat *X, *y;
    make_xy(&X, &y);
    Rng rng;
    rng_seed(&rng, 8);
    DataSplit s;
    cr_assert_eq(data_split(&s, &rng, X, y, 0.0), 0);
    cr_assert_eq(s.X_test->rows, 0);
    cr_assert_eq(s.X_train->rows, 10);
    data_split_free(&s);
    cr_assert_eq(data_split(&s, &rng, X, y, 1.0), 0);
    cr_assert_eq(s.X_test->rows, 10);
    cr_assert_eq(s.X_train->rows, 0);
    data_split_free(&s);
    mat_free(X);
    mat_free(y);
}

/* ---- toy sets ---------------------------------------------------------------------- */

/* Make m points of kind; labels must be 0 and 1, alternating. */
static void make_toy(ToyKind kind, double noise, int m, Mat **X, Mat **y)
{
    Rng rng;
    rng_seed(&rng, 21);
    *X = mat_new(m, 2);
    *y = mat_new(m, 1);
    data_toy(&rng, kind, noise, *X, *y);
    for (int i = 0; i < m; i++)
        cr_assert_eq(MAT_AT(*y, i, 0), (double)(i % 2), "label of point %d", i);
    cr_assert(mat_all_finite(*X));
}

Test(data, toy_sets_have_two_columns_and_alternating_labels_0_and_1)
{
    static const ToyKind kinds[] = {TOY_GAUSSIANS, TOY_XOR, TOY_CIRCLE, TOY_SPIRAL};
    for (int k = 0; k < 4; k++) {
        Mat *X, *y;
        make_toy(kinds[k], 0.1, 101, &X, &y);
        cr_assert_eq(X->rows, 101);
        cr_assert_eq(X->cols, 2);
        cr_assert_eq(y->cols, 1);
        mat_free(X);
        mat_free(y);
    }
}

Test(data, xor_labels_follow_the_sign_of_x1_times_x2_without_noise)
{
    Mat *X, *y;
    make_toy(TOY_XOR, 0.0, 400, &X, &y);
    for (int i = 0; i < 400; i++) {
        double x1 = MAT_AT(X, i, 0), x2 = MAT_AT(X, i, 1);
        cr_assert_eq(MAT_AT(y, i, 0), x1 * x2 >= 0 ? 1.0 : 0.0, "point %d (%g, %g)", i, x1, x2);
        cr_assert(fabs(x1) <= 5.0 && fabs(x2) <= 5.0);
    }
    mat_free(X);
    mat_free(y);
}

Test(data, gaussian_blobs_are_centred_on_2_2_and_minus_2_minus_2)
{
    /* 500 points a class, sd 0.5 + noise = 0.5: the standard error of a
     * class mean is 0.5 / sqrt(500) = 0.0224; 5 SE = 0.112 */
    Mat *X, *y;
    make_toy(TOY_GAUSSIANS, 0.0, 1000, &X, &y);
    double sum[2][2] = {{0}};
    for (int i = 0; i < 1000; i++) {
        int c = (int)MAT_AT(y, i, 0);
        sum[c][0] += MAT_AT(X, i, 0);
        sum[c][1] += MAT_AT(X, i, 1);
    }
    cr_assert_float_eq(sum[1][0] / 500, 2.0, 0.112);
    cr_assert_float_eq(sum[1][1] / 500, 2.0, 0.112);
    cr_assert_float_eq(sum[0][0] / 500, -2.0, 0.112);
    cr_assert_float_eq(sum[0][1] / 500, -2.0, 0.112);
    mat_free(X);
    mat_free(y);
}

Test(data, circle_puts_class_1_inside_and_class_0_on_the_ring_without_noise)
{
    Mat *X, *y;
    make_toy(TOY_CIRCLE, 0.0, 400, &X, &y);
    for (int i = 0; i < 400; i++) {
        double r = hypot(MAT_AT(X, i, 0), MAT_AT(X, i, 1));
        /* 1e-12: cos and sin of the angle times r, then hypot, a few ops */
        if (MAT_AT(y, i, 0) == 1.0)
            cr_assert_leq(r, 2.5 + 1e-12, "point %d at radius %g", i, r);
        else
            cr_assert(r >= 3.5 - 1e-12 && r <= 5.0 + 1e-12, "point %d at radius %g", i, r);
    }
    mat_free(X);
    mat_free(y);
}

Test(data, spiral_stays_within_radius_5_without_noise)
{
    Mat *X, *y;
    make_toy(TOY_SPIRAL, 0.0, 400, &X, &y);
    for (int i = 0; i < 400; i++)
        cr_assert_leq(hypot(MAT_AT(X, i, 0), MAT_AT(X, i, 1)), 5.0 + 1e-12);
    mat_free(X);
    mat_free(y);
}
