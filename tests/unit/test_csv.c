/* test_csv.c - lib/csv, the CSV reader under data_load_csv and
 * csvtext_load, on text in memory: the separator found in the header,
 * RFC 4180 quotes, blanks, decimal commas, the checks that a file is text,
 * and how messages show the file's bytes (escaped, cut short).
 *
 * The loaders' own tests (tests/unit/test_data.c, test_csvtext.c) read the
 * same rules from the fixture files; these tests look at the reader's
 * fields and messages one rule at a time.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "data.h"

/* A reader over text with its header read; the caller calls finish. */
typedef struct {
    CsvReader r;
    char **names;
    int cols;
    char err[DATA_ERR_LEN];
} Read;

/* csv_begin and csv_header on text; returns their result (0 or -1). */
static int start(Read *rd, const char *text)
{
    memset(rd, 0, sizeof *rd);
    int rc = csv_begin(&rd->r, "f.csv", text, strlen(text), rd->err, sizeof rd->err);
    if (rc == 0)
        rc = csv_header(&rd->r, &rd->names, &rd->cols);
    return rc;
}

static void finish(Read *rd)
{
    for (int j = 0; j < rd->cols; j++)
        free(rd->names[j]);
    free(rd->names);
    csv_end(&rd->r);
}

/* The separator csv_header finds in the header line h. */
static char separator_of(const char *h)
{
    Read rd;
    cr_assert_eq(start(&rd, h), 0, "%s: %s", h, rd.err);
    char sep = rd.r.sep;
    finish(&rd);
    return sep;
}

/* ---- the separator ------------------------------------------------------------ */

Test(csv, the_separator_is_the_one_the_header_uses_most_outside_quotes)
{
    cr_assert_eq(separator_of("a,b,y\n"), ',');
    cr_assert_eq(separator_of("a;b;y\n"), ';');
    cr_assert_eq(separator_of("a\tb\ty\n"), '\t');
    /* a name holding another separator: the true one sits between every two names */
    cr_assert_eq(separator_of("weight, kg;height;y\n"), ';');
    /* inside quotes a separator is text: one ';' outside against two ',' inside */
    cr_assert_eq(separator_of("\"a,b,c\";y\n"), ';');
    /* one column, no separator at all; and a tie: ',' comes first */
    cr_assert_eq(separator_of("y\n"), ',');
    cr_assert_eq(separator_of("a,b;c\n"), ',');
}

Test(csv, every_row_must_use_the_headers_separator)
{
    /* "1,2,3" under a ';' header is one field (not a number with two commas) */
    Read rd;
    cr_assert_eq(start(&rd, "a;b;y\n1,2,3\n"), 0, "%s", rd.err);
    cr_assert_eq(csv_row(&rd.r), -1);
    cr_assert_str_eq(rd.err, "f.csv:2:6: expected 3 fields, found 1 (the header row is separated "
                             "by ';', this line by ',')");
    finish(&rd);
}

/* ---- quotes --------------------------------------------------------------------- */

Test(csv, quoted_names_are_unquoted)
{
    Read rd;
    cr_assert_eq(start(&rd, "\"a\", \"b c\" ,\"y\"\n1,2,3\n"), 0, "%s", rd.err);
    cr_assert_eq(rd.cols, 3);
    cr_assert_str_eq(rd.names[0], "a");
    cr_assert_str_eq(rd.names[1], "b c");
    cr_assert_str_eq(rd.names[2], "y");
    finish(&rd);
}

Test(csv, a_quoted_field_holds_the_separator_and_doubled_quotes)
{
    Read rd;
    cr_assert_eq(start(&rd, "a,b,c,d\n\"1,5\",\"say \"\"hi\"\"\",\"\",x\"y\n"), 0, "%s", rd.err);
    cr_assert_eq(csv_row(&rd.r), 1, "%s", rd.err);
    cr_assert_str_eq(rd.r.fields[0].text, "1,5");
    cr_assert_str_eq(rd.r.fields[1].text, "say \"hi\"");
    cr_assert_eq(rd.r.fields[1].len, 8);
    cr_assert_str_eq(rd.r.fields[2].text, "");
    /* a quote inside a field that does not start with one is kept as text */
    cr_assert_str_eq(rd.r.fields[3].text, "x\"y");
    /* columns: the opening quote of each field */
    cr_assert_eq(rd.r.fields[0].col, 1);
    cr_assert_eq(rd.r.fields[1].col, 7);
    cr_assert_eq(csv_row(&rd.r), 0);
    finish(&rd);
}

Test(csv, blanks_around_a_field_and_inside_its_quotes_are_trimmed)
{
    Read rd;
    cr_assert_eq(start(&rd, "a,b\n  1.5  ,  \" 2 \"  \n"), 0, "%s", rd.err);
    cr_assert_eq(csv_row(&rd.r), 1, "%s", rd.err);
    cr_assert_str_eq(rd.r.fields[0].text, "1.5");
    cr_assert_eq(rd.r.fields[0].col, 3);
    cr_assert_str_eq(rd.r.fields[1].text, "2");
    cr_assert_eq(rd.r.fields[1].col, 11);
    finish(&rd);
}

Test(csv, a_quote_not_closed_on_its_line_is_an_error_at_the_quote)
{
    /* line 3 is 4,"5,6: the quote at byte 3 opens a field the line never closes */
    Read rd;
    cr_assert_eq(start(&rd, "x1,x2,y\n1,2,3\n4,\"5,6\n7,8,9\n"), 0, "%s", rd.err);
    cr_assert_eq(csv_row(&rd.r), 1);
    cr_assert_eq(csv_row(&rd.r), -1);
    cr_assert_str_eq(rd.err, "f.csv:3:3: this quote is not closed on its line; a quoted field "
                             "must end on the line it starts on");
    finish(&rd);
}

Test(csv, text_after_a_closing_quote_is_an_error_where_it_starts)
{
    Read rd;
    cr_assert_eq(start(&rd, "a;b\n\"1\"x;2\n"), 0, "%s", rd.err);
    cr_assert_eq(csv_row(&rd.r), -1);
    cr_assert_str_eq(rd.err, "f.csv:2:4: expected ';' or the end of the line after a closing "
                             "quote, found \"x;2\"");
    finish(&rd);
}

/* ---- lines ---------------------------------------------------------------------- */

Test(csv, crlf_a_byte_order_mark_and_blank_lines_are_read_and_counted)
{
    /* line 1 the header after the mark, 2 blank, 3 a row, 4 and 5 blank */
    Read rd;
    cr_assert_eq(start(&rd, "\xEF\xBB\xBF\"a\",b\r\n\r\n1,\"2\"\r\n\r\n  \r\n"), 0, "%s", rd.err);
    cr_assert_str_eq(rd.names[0], "a");
    cr_assert_eq(rd.r.header_line, 1);
    cr_assert_eq(csv_row(&rd.r), 1, "%s", rd.err);
    cr_assert_eq(rd.r.line, 3);
    cr_assert_str_eq(rd.r.fields[1].text, "2");
    /* columns count after the mark: "2" is quoted at byte 3 of line 3 */
    cr_assert_eq(rd.r.fields[1].col, 3);
    cr_assert_eq(csv_row(&rd.r), 0);
    finish(&rd);
}

Test(csv, too_many_fields_point_at_the_first_extra_one_and_count_them_all)
{
    Read rd;
    cr_assert_eq(start(&rd, "a,b\n1,2,\"3,3\",4\n"), 0, "%s", rd.err);
    cr_assert_eq(csv_row(&rd.r), -1);
    cr_assert_str_eq(rd.err, "f.csv:2:5: expected 2 fields, found 4");
    finish(&rd);
}

/* ---- not text ----------------------------------------------------------------- */

Test(csv, a_nul_byte_anywhere_is_not_a_text_file_with_its_line_and_column)
{
    /* the NUL is byte 4 of line 3, after "4,5" */
    const char text[] = "x1,x2,y\n1,2,3\n4,5\0,6\n";
    char err[DATA_ERR_LEN];
    CsvReader r;
    cr_assert_eq(csv_begin(&r, "f.csv", text, sizeof text - 1, err, sizeof err), -1);
    cr_assert_str_eq(err, "f.csv:3:4: not a text file (a NUL byte); expected a CSV file with a "
                          "header row");
    csv_end(&r);
}

Test(csv, a_utf16_file_is_not_read_as_utf8)
{
    /* "a," in UTF-16LE after its byte order mark FF FE */
    const char text[] = "\xFF\xFE" "a\0,\0";
    char err[DATA_ERR_LEN];
    CsvReader r;
    cr_assert_eq(csv_begin(&r, "f.csv", text, sizeof text - 1, err, sizeof err), -1);
    cr_assert_str_eq(err, "f.csv: not a text file in UTF-8 (it starts with the byte order mark of "
                          "UTF-16); expected a CSV file saved as UTF-8");
    csv_end(&r);
}

Test(csv, a_header_that_is_not_utf8_or_holds_a_control_byte_is_refused)
{
    Read rd;
    /* Latin-1 "größe": F6 at byte 3 is not UTF-8 */
    cr_assert_eq(start(&rd, "gr\xF6\xDF" "e,y\n1,2\n"), -1);
    cr_assert_str_eq(rd.err, "f.csv:1:3: not a text file in UTF-8 (the byte \\xF6 in the header "
                             "row); expected a CSV file with a header row, saved as UTF-8");
    finish(&rd);
    cr_assert_eq(start(&rd, "x1,\x1B[31mx2,y\n1,2,3\n"), -1);
    cr_assert_str_eq(rd.err, "f.csv:1:4: not a text file (the control byte \\x1B in the header "
                             "row); expected a CSV file with a header row");
    finish(&rd);
    /* UTF-8 itself is fine: "größe" and a euro sign */
    cr_assert_eq(start(&rd, "gr\xC3\xB6\xC3\x9F" "e,\xE2\x82\xAC\n1,2\n"), 0, "%s", rd.err);
    cr_assert_str_eq(rd.names[0], "gr\xC3\xB6\xC3\x9F" "e");
    finish(&rd);
}

Test(csv, not_text_finds_invalid_utf8_and_control_characters)
{
    /* valid: ASCII, a tab, 2, 3 and 4 byte characters (é, €, U+1F600) */
    const char ok[] = "a\tb \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
    cr_assert_eq(csv_not_text(ok, strlen(ok)), strlen(ok));
    cr_assert_eq(csv_not_text("ab\xC0\x80", 4), 2);     /* an overlong NUL */
    cr_assert_eq(csv_not_text("ab\xED\xA0\x80", 5), 2); /* a UTF-16 surrogate */
    cr_assert_eq(csv_not_text("ab\xE2\x82", 4), 2);     /* a character cut short */
    cr_assert_eq(csv_not_text("ab\xF5\x80\x80\x80", 6), 2); /* beyond U+10FFFF */
    cr_assert_eq(csv_not_text("a\x80", 2), 1);          /* a lone continuation byte */
    cr_assert_eq(csv_not_text("a\x7F", 2), 1);          /* DEL */
    cr_assert_eq(csv_not_text("a\xC2\x9B", 3), 1);      /* C1: U+009B, a terminal's CSI */
    cr_assert_eq(csv_not_text("a\r", 2), 1);
}

/* ---- what messages show --------------------------------------------------------- */

Test(csv, quote_escapes_control_and_non_utf8_bytes_and_keeps_utf8)
{
    char buf[CSV_QUOTE_LEN];
    csv_quote(buf, sizeof buf, "\x1B[2J\xFF" "caf\xC3\xA9\t", 11);
    cr_assert_str_eq(buf, "\"\\x1B[2J\\xFFcaf\xC3\xA9\\x09\"");
    csv_quote(buf, sizeof buf, "say \"hi\" \\", 10);
    cr_assert_str_eq(buf, "\"say \\\"hi\\\" \\\\\"");
}

Test(csv, quote_cuts_after_40_characters_not_inside_one)
{
    char buf[CSV_QUOTE_LEN], want[128];
    /* 50 x "é" (2 bytes each): 40 of them shown, whole, then "..." */
    char text[101] = "";
    for (int k = 0; k < 50; k++)
        strcat(text, "\xC3\xA9");
    csv_quote(buf, sizeof buf, text, 100);
    snprintf(want, sizeof want, "\"%.80s...\"", text);
    cr_assert_str_eq(buf, want);
    /* exactly 40: no "..." */
    csv_quote(buf, sizeof buf, text, 80);
    snprintf(want, sizeof want, "\"%.80s\"", text);
    cr_assert_str_eq(buf, want);
}

Test(csv, quote_fits_a_short_buffer)
{
    char buf[6];
    csv_quote(buf, sizeof buf, "abcdefgh", 8);
    cr_assert_str_eq(buf, "\"abcd"); /* snprintf semantics: cut, terminated */
}

/* ---- numbers ------------------------------------------------------------------------ */

Test(csv, numbers_are_decimal_with_a_decimal_comma_only_under_semicolons)
{
    double x;
    cr_assert_eq(csv_number("1.344", ',', &x), 0);
    cr_assert_eq(x, 1.344);
    cr_assert_eq(csv_number("-2e-3", ',', &x), 0);
    cr_assert_eq(x, -2e-3);
    /* strtod reads the same digits either way: the same double, so == */
    cr_assert_eq(csv_number("1,344", ';', &x), 0);
    cr_assert_eq(x, 1.344);
    cr_assert_eq(csv_number(",5", ';', &x), 0);
    cr_assert_eq(x, 0.5);
    cr_assert_eq(csv_number("1,344", ',', &x), -1);
    cr_assert_eq(csv_number("1,344", '\t', &x), -1);
    cr_assert_eq(csv_number("1,2,3", ';', &x), -1);
    cr_assert_eq(csv_number("1.234,5", ';', &x), -1);
    cr_assert_eq(csv_number("0x10", ',', &x), -1);
    cr_assert_eq(csv_number("-", ',', &x), -1);
    cr_assert_eq(csv_number("", ',', &x), -1);
    cr_assert_eq(csv_number("1 2", ',', &x), -1);
}

Test(csv, nan_inf_and_overflow_are_numbers_that_are_not_finite)
{
    double x;
    cr_assert_eq(csv_number("nan", ',', &x), 0);
    cr_assert(isnan(x));
    cr_assert_eq(csv_number("-inf", ',', &x), 0);
    cr_assert(isinf(x));
    cr_assert_eq(csv_number("1e999", ',', &x), 0);
    cr_assert(isinf(x));
}

Test(csv, bad_number_messages_say_why)
{
    Read rd;
    cr_assert_eq(start(&rd, "x,y\n\"1,5\",1e999\n"), 0, "%s", rd.err);
    cr_assert_eq(csv_row(&rd.r), 1, "%s", rd.err);
    cr_assert_eq(csv_bad_number(&rd.r, &rd.r.fields[0], "x"), -1);
    cr_assert_str_eq(rd.err, "f.csv:2:1: expected a number in column \"x\", found \"1,5\" (a "
                             "decimal comma is read only when the separator is ';')");
    cr_assert_eq(csv_bad_number(&rd.r, &rd.r.fields[1], "y"), -1);
    cr_assert_str_eq(rd.err, "f.csv:2:7: \"1e999\" in column \"y\" is not a finite number");
    finish(&rd);
}

/* ---- size ---------------------------------------------------------------------------- */

Test(csv, a_header_of_a_million_commas_fails_at_its_first_empty_name)
{
    size_t n = 1000000;
    char *text = malloc(2 * n + 4);
    cr_assert_not_null(text);
    memset(text, ',', n);
    memcpy(text + n, "\n1\n", 4);
    Read rd;
    cr_assert_eq(start(&rd, text), -1);
    cr_assert_str_eq(rd.err, "f.csv:1:1: column 1 has an empty name in the header row");
    finish(&rd);
    /* a million and one names: too many columns, said at the first extra one */
    for (size_t i = 0; i < 2 * n + 1; i++) /* a,a,...,a: n + 1 names */
        text[i] = i % 2 ? ',' : 'a';
    text[2 * n + 1] = '\0';
    cr_assert_eq(start(&rd, text), -1);
    cr_assert_str_eq(rd.err, "f.csv:1:2000001: more than 1000000 columns in the header row");
    finish(&rd);
    free(text);
}

/* Found by fuzz_csv: "its columns are: ..." longer than its buffer was cut
 * inside a name, here inside a 2-byte character, and raw bytes reached the
 * terminal. csv_join_names ends the list with "..." before a name that
 * does not fit whole. */
Test(csv, a_list_of_names_too_long_for_its_buffer_ends_with_dots_not_half_a_character)
{
    char *names[] = {"x1", "h\xC3\xB6he", "y"}; /* "höhe": the ö is 2 bytes */
    char fits[64], cut[16], first[10];
    csv_join_names(fits, sizeof fits, names, 3);
    cr_assert_str_eq(fits, "x1, h\xC3\xB6he, y");
    csv_join_names(cut, sizeof cut, names, 3);
    cr_assert_str_eq(cut, "x1, h\xC3\xB6he, ...");
    csv_join_names(first, sizeof first, names, 3); /* no room for höhe */
    cr_assert_str_eq(first, "x1, ...");
}
