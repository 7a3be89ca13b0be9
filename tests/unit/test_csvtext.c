/* test_csvtext.c - lib/csvtext: a CSV whose target may hold text, on the
 * files of tests/fixtures/csvtext/ (listed in its README.md): the classes
 * numbered in sorted order and the mapping, a numeric target left alone,
 * a target in the middle with a byte order mark and CRLF, and each error
 * with its line and column.
 *
 * The values are short decimal literals read by strtod, compared exactly
 * against the same literals (tolerance 0).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "csvtext.h"
#include "data.h"

#define FIX "tests/fixtures/csvtext/"

/* csvtext_load's error for path; the CsvText must be left empty. */
static int load_error(const char *path, const char *target, char *err, size_t len)
{
    CsvText t;
    int rc = csvtext_load(&t, path, target, err, len);
    cr_assert_null(t.table.values, "%s: an error must leave the CsvText empty", path);
    cr_assert_null(t.classes);
    return rc;
}

Test(csvtext, text_classes_are_numbered_in_sorted_order)
{
    CsvText t;
    char err[DATA_ERR_LEN];
    cr_assert_eq(csvtext_load(&t, FIX "flowers.csv", "species", err, sizeof err), 0, "%s", err);
    cr_assert_eq(t.n_classes, 3);
    cr_assert_str_eq(t.classes[0], "setosa");
    cr_assert_str_eq(t.classes[1], "versicolor");
    cr_assert_str_eq(t.classes[2], "virginica");
    cr_assert_eq(t.target, 2);
    cr_assert_eq(t.table.values->rows, 5);
    /* setosa, versicolor, virginica, " setosa " (trimmed), virginica */
    static const double want[] = {0, 1, 2, 0, 2};
    for (int i = 0; i < 5; i++)
        cr_assert_eq(MAT_AT(t.table.values, i, 2), want[i], "row %d", i);
    cr_assert_eq(MAT_AT(t.table.values, 2, 0), 6.3);
    cr_assert_eq(MAT_AT(t.table.values, 4, 1), 5.1);
    /* the blank line 4 is counted: row 2 is line 5 */
    cr_assert_eq(data_row_line(&t.table, 2), 5);
    cr_assert_str_eq(t.table.names[1], "petal");
    csvtext_free(&t);
    csvtext_free(&t); /* twice is safe */
}

Test(csvtext, no_target_name_means_the_last_column)
{
    CsvText t;
    char err[DATA_ERR_LEN];
    cr_assert_eq(csvtext_load(&t, FIX "flowers.csv", NULL, err, sizeof err), 0, "%s", err);
    cr_assert_eq(t.target, 2);
    cr_assert_eq(t.n_classes, 3);
    csvtext_free(&t);
}

Test(csvtext, a_numeric_target_stays_numbers)
{
    CsvText t;
    char err[DATA_ERR_LEN];
    cr_assert_eq(csvtext_load(&t, FIX "numbers.csv", "y", err, sizeof err), 0, "%s", err);
    cr_assert_null(t.classes);
    cr_assert_eq(t.n_classes, 0);
    cr_assert_eq(MAT_AT(t.table.values, 0, 2), 0.5);
    cr_assert_eq(MAT_AT(t.table.values, 1, 2), -1.25);
    csvtext_free(&t);
}

Test(csvtext, one_text_makes_the_whole_target_text)
{
    /* 1, yes, 1: the texts "1" and "yes"; "1" < "yes" */
    CsvText t;
    char err[DATA_ERR_LEN];
    cr_assert_eq(csvtext_load(&t, FIX "mixed.csv", "y", err, sizeof err), 0, "%s", err);
    cr_assert_eq(t.n_classes, 2);
    cr_assert_str_eq(t.classes[0], "1");
    cr_assert_str_eq(t.classes[1], "yes");
    cr_assert_eq(MAT_AT(t.table.values, 1, 2), 1.0);
    cr_assert_eq(MAT_AT(t.table.values, 2, 2), 0.0);
    csvtext_free(&t);
}

Test(csvtext, a_target_in_the_middle_with_a_byte_order_mark_and_crlf)
{
    CsvText t;
    char err[DATA_ERR_LEN];
    cr_assert_eq(csvtext_load(&t, FIX "bom_crlf_middle_target.csv", "label", err, sizeof err), 0,
                 "%s", err);
    cr_assert_str_eq(t.table.names[0], "x1");
    cr_assert_eq(t.target, 1);
    cr_assert_str_eq(t.classes[0], "no");
    cr_assert_str_eq(t.classes[1], "yes");
    /* yes, no, yes (the last row has no final newline) */
    cr_assert_eq(MAT_AT(t.table.values, 0, 1), 1.0);
    cr_assert_eq(MAT_AT(t.table.values, 1, 1), 0.0);
    cr_assert_eq(MAT_AT(t.table.values, 2, 2), 6.0);
    csvtext_free(&t);
}

Test(csvtext, errors_name_the_file_line_and_column)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "text_in_feature.csv", "kind", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "text_in_feature.csv:3:3: expected a number in column \"x2\", "
                              "found \"abc\"");
    cr_assert_eq(load_error(FIX "empty_target.csv", "kind", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "empty_target.csv:3:5: an empty field in column \"kind\"");
    cr_assert_eq(load_error(FIX "ragged.csv", "kind", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "ragged.csv:3:4: expected 3 fields, found 2");
    cr_assert_eq(load_error(FIX "ragged_long.csv", "kind", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "ragged_long.csv:3:7: expected 3 fields, found 4");
    cr_assert_eq(load_error(FIX "nan.csv", "kind", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "nan.csv:2:3: \"nan\" in column \"x2\" is not a finite number");
    cr_assert_eq(load_error(FIX "inf_target.csv", "y", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "inf_target.csv:3:5: \"inf\" in column \"y\" is not a finite number");
    cr_assert_eq(load_error(FIX "header_empty_name.csv", "kind", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "header_empty_name.csv:1:4: column 2 has an empty name in the header row");
}

Test(csvtext, a_missing_target_lists_the_columns)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "flowers.csv", "kind", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "flowers.csv: no column \"kind\"; its columns are: sepal, petal, species");
}

Test(csvtext, files_without_rows_or_header_are_errors)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "header_only.csv", NULL, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "header_only.csv:1: only a header row; expected rows of data after it");
    cr_assert_eq(load_error(FIX "empty.csv", NULL, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "empty.csv: the file is empty; expected a header row of column names");
    cr_assert_eq(load_error(FIX "no_header.csv", NULL, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "no_header.csv:1:1: the first line holds numbers; expected a header "
                              "row of column names");
    cr_assert_eq(load_error(FIX "no_such.csv", NULL, err, sizeof err), DATA_CANNOT_OPEN);
    cr_assert_str_eq(err, FIX "no_such.csv: cannot open: No such file or directory");
}

/* ---- CSV as people write it ---------------------------------------------------------- */

/* csvtext_parse on text (no file); the caller frees t on success. */
static int parse(CsvText *t, const char *text, const char *target, char *err, size_t len)
{
    return csvtext_parse(t, "f.csv", text, strlen(text), target, err, len);
}

Test(csvtext, quoted_class_names_may_hold_the_separator_and_quotes)
{
    /* pandas quotes a text holding the separator, and doubles a quote */
    CsvText t;
    char err[DATA_ERR_LEN];
    cr_assert_eq(parse(&t, "\"x\",\"kind\"\n1,\"wild, small\"\n2,\"the \"\"big\"\" one\"\n3,\"wild, small\"\n",
                       "kind", err, sizeof err), 0, "%s", err);
    cr_assert_eq(t.n_classes, 2);
    cr_assert_str_eq(t.classes[0], "the \"big\" one");
    cr_assert_str_eq(t.classes[1], "wild, small");
    cr_assert_eq(MAT_AT(t.table.values, 0, 1), 1.0);
    cr_assert_eq(MAT_AT(t.table.values, 1, 1), 0.0);
    csvtext_free(&t);
}

Test(csvtext, semicolons_with_decimal_commas_in_features_and_a_numeric_target)
{
    CsvText t;
    char err[DATA_ERR_LEN];
    cr_assert_eq(parse(&t, "x;y\n1,5;0,25\n-2;3\n", "y", err, sizeof err), 0, "%s", err);
    cr_assert_null(t.classes);
    /* strtod of the same digits with a point: the same double, so == */
    cr_assert_eq(MAT_AT(t.table.values, 0, 0), 1.5);
    cr_assert_eq(MAT_AT(t.table.values, 0, 1), 0.25);
    cr_assert_eq(MAT_AT(t.table.values, 1, 1), 3.0);
    csvtext_free(&t);
}

Test(csvtext, a_class_name_that_is_not_utf8_text_is_refused_escaped)
{
    /* Latin-1 "café" (E9) and an escape byte: chapters print class names */
    char err[DATA_ERR_LEN];
    CsvText t;
    cr_assert_eq(parse(&t, "x,kind\n1,tea\n2,caf\xE9\n", "kind", err, sizeof err), -1);
    cr_assert_str_eq(err, "f.csv:3:3: \"caf\\xE9\" in column \"kind\" is not printable UTF-8 text; "
                          "expected class names saved as UTF-8");
    cr_assert_null(t.classes);
    cr_assert_eq(parse(&t, "x,kind\n1,\x1B[2J\n", "kind", err, sizeof err), -1);
    cr_assert_str_eq(err, "f.csv:2:3: \"\\x1B[2J\" in column \"kind\" is not printable UTF-8 text; "
                          "expected class names saved as UTF-8");
    /* UTF-8 "café" is a class like any other */
    cr_assert_eq(parse(&t, "x,kind\n1,caf\xC3\xA9\n2,tea\n", "kind", err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(t.classes[0], "caf\xC3\xA9");
    csvtext_free(&t);
}

Test(csvtext, a_file_that_is_not_text_is_refused_like_data_load_csv)
{
    const char text[] = "x,kind\n1,a\0\n";
    char err[DATA_ERR_LEN];
    CsvText t;
    cr_assert_eq(csvtext_parse(&t, "f.csv", text, sizeof text - 1, NULL, err, sizeof err), -1);
    cr_assert_str_eq(err, "f.csv:2:4: not a text file (a NUL byte); expected a CSV file with a "
                          "header row");
    cr_assert_eq(parse(&t, "x,kind\n1,\"a\n", NULL, err, sizeof err), -1);
    cr_assert_str_eq(err, "f.csv:2:3: this quote is not closed on its line; a quoted field must "
                          "end on the line it starts on");
}
