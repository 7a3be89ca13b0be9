/* test_sheet.c - unit tests for lib/sheet: numbers as a student writes
 * them (how many digits "0.5933", "-1.2e-3", "4" and "0.50" claim, and
 * what they agree with), the inputs a formula names, --check's verdicts,
 * its report of the first wrong step and its errors (an unknown name with
 * the close ones, a value that is not a number), --check list, the quiz
 * (the givens, the formulas, never an answer), and sheet_draw's grid.
 *
 * The sheet used is the start of chapter 04's 2-2-2 example (forward
 * pass to E_total), with the notes' values as the transcript prints them
 * (chapters/04_backprop/expected.txt): the values are data here, not
 * recomputed. Output goes to a tmpfile and is read back.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mat.h"
#include "rng.h"
#include "sheet.h"

/* ---- helpers -------------------------------------------------------------------- */

/* The 2-2-2 example's forward pass, as chapter 04 fills it. */
static void example(Sheet *s)
{
    sheet_init(s);
    sheet_heading(s, "4. The 2-2-2 worked example (001)");
    sheet_given(s, "i1", 0.05);
    sheet_given(s, "i2", 0.10);
    sheet_given(s, "T1", 0.01);
    sheet_given(s, "T2", 0.99);
    sheet_given(s, "w1", 0.15);
    sheet_given(s, "w2", 0.20);
    sheet_given(s, "w5", 0.40);
    sheet_given(s, "w6", 0.45);
    sheet_given(s, "b1", 0.35);
    sheet_given(s, "b2", 0.60);
    sheet_heading(s, "4.1 The forward pass");
    sheet_calc(s, "H1", 0.3775, "i1 w1 + i2 w2 + b1");
    sheet_calc(s, "out_h1", 0.593269992, "sigma(H1) = 1 / (1 + e^-H1)");
    sheet_calc(s, "out_h2", 0.596884378, "sigma(H2)");
    sheet_calc(s, "y1", 1.10590597, "out_h1 w5 + out_h2 w6 + b2");
    sheet_calc(s, "out_o1", 0.75136507, "sigma(y1)");
    sheet_calc(s, "out_o2", 0.772928465, "sigma(y2)");
    sheet_calc(s, "E_o1", 0.274811083, "1/2 (T1 - out_o1)^2");
    sheet_calc(s, "E_o2", 0.0235600256, "1/2 (T2 - out_o2)^2");
    sheet_calc(s, "E_total", 0.298371109, "E_o1 + E_o2");
    sheet_calc(s, "dE/dout_o1", 0.74136507, "-(T1 - out_o1)");
    sheet_calc(s, "dout_o1/dy1", 0.186815602, "out_o1 (1 - out_o1)");
    sheet_calc(s, "w5+", 0.35891648, "w5 - 0.5 dE/dout_o1 x dout_o1/dy1 x out_h1");
}

/* What sheet_check wrote on out and err, and what it returned. */
typedef struct {
    int rc;
    char out[8192], err[2048];
} Checked;

static void read_back(FILE *fp, char *buf, size_t len)
{
    rewind(fp);
    size_t n = fread(buf, 1, len - 1, fp);
    buf[n] = '\0';
    fclose(fp);
}

static Checked check(const char *request, unsigned long long variant)
{
    static Sheet s; /* ~40 KB: not on Criterion's worker stack */
    example(&s);
    Checked c;
    FILE *out = tmpfile(), *err = tmpfile();
    cr_assert(out && err);
    c.rc = sheet_check(&s, request, "04_backprop", variant, out, err);
    read_back(out, c.out, sizeof c.out);
    read_back(err, c.err, sizeof c.err);
    return c;
}

static SheetWritten written(const char *text)
{
    SheetWritten w;
    cr_assert_eq(sheet_read_written(text, &w), 0, "\"%s\" should read as a number", text);
    return w;
}

/* ---- numbers as written ------------------------------------------------------------ */

Test(sheet, four_decimals_claim_four_digits_and_a_unit_of_1e_4)
{
    SheetWritten w = written("0.5933");
    cr_expect_eq(w.value, 0.5933);
    cr_expect_float_eq(w.unit, 1e-4, 1e-18);
    cr_expect_eq(w.digits, 4);
}

Test(sheet, an_exponent_moves_the_last_digit)
{
    /* -1.2e-3 = -0.0012: the last digit is the 2 in the 4th decimal place */
    SheetWritten w = written("-1.2e-3");
    cr_expect_eq(w.value, -1.2e-3);
    cr_expect_float_eq(w.unit, 1e-4, 1e-18);
    cr_expect_eq(w.digits, 2);
    SheetWritten big = written("5.933E-1");
    cr_expect_float_eq(big.unit, 1e-4, 1e-18);
    cr_expect_eq(big.digits, 4);
}

Test(sheet, a_whole_number_claims_the_units)
{
    SheetWritten w = written("4");
    cr_expect_eq(w.value, 4.0);
    cr_expect_eq(w.unit, 1.0);
    cr_expect_eq(w.digits, 1);
    cr_expect_eq(written("1200").digits, 4); /* zeros written are digits claimed */
    cr_expect_eq(written("4.").unit, 1.0);
}

Test(sheet, trailing_zeros_count_as_written_decimals)
{
    /* "0.50" claims 2 decimals: the unit is 0.01, not 0.1 */
    SheetWritten w = written("0.50");
    cr_expect_float_eq(w.unit, 0.01, 1e-18);
    cr_expect_eq(w.digits, 2);
    cr_expect_float_eq(written("+0.50").unit, 0.01, 1e-18);
    cr_expect_float_eq(written(".5").unit, 0.1, 1e-18);
    /* a zero claims no significant digit, only its decimals */
    SheetWritten zero = written("0.00");
    cr_expect_eq(zero.digits, 0);
    cr_expect_float_eq(zero.unit, 0.01, 1e-18);
}

Test(sheet, what_is_not_a_plain_decimal_number_is_refused)
{
    const char *bad[] = {"", "abc", "1,5", "0x1p3", "inf", "nan", "1e", "1e+", "1.2.3", "-",
                         ".", "1 ", " 1", "1e999", "--1", "1.5x", "1e 5", "1e+-5"};
    SheetWritten w;
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        cr_expect_eq(sheet_read_written(bad[k], &w), -1, "\"%s\" was read as a number", bad[k]);
}

Test(sheet, a_value_agrees_within_half_a_unit_of_its_last_digit)
{
    /* 0.593269992 rounds to 0.5933 (|diff| = 0.00003 <= 0.00005) and to 0.593 */
    SheetWritten r4 = written("0.5933"), cut = written("0.5932"), r3 = written("0.593");
    cr_expect(sheet_agrees(&r4, 0.593269992));
    cr_expect(!sheet_agrees(&cut, 0.593269992)); /* cut off, not rounded: 0.00007 away */
    cr_expect(sheet_agrees(&r3, 0.593269992));
    /* "0.50" covers [0.495, 0.505] */
    SheetWritten half = written("0.50");
    cr_expect(sheet_agrees(&half, 0.504999));
    cr_expect(sheet_agrees(&half, 0.495));
    cr_expect(!sheet_agrees(&half, 0.506));
    cr_expect(!sheet_agrees(&half, 0.4949));
    /* "4" covers [3.5, 4.5] */
    SheetWritten four = written("4");
    cr_expect(sheet_agrees(&four, 4.4));
    cr_expect(sheet_agrees(&four, 3.5));
    cr_expect(!sheet_agrees(&four, 4.6));
    /* "-1.2e-3" covers [-0.00125, -0.00115] */
    SheetWritten small = written("-1.2e-3");
    cr_expect(sheet_agrees(&small, -0.00123));
    cr_expect(!sheet_agrees(&small, -0.00126));
    cr_expect(!sheet_agrees(&small, 0.0012)); /* the sign is a digit too */
}

Test(sheet, a_value_exactly_halfway_agrees_rounded_either_way)
{
    /* 0.59325 is as close to 0.5932 as to 0.5933; in binary either side may
     * be a hair further: the 1e-12 relative slack accepts both */
    SheetWritten up = written("0.5933"), down = written("0.5932");
    cr_expect(sheet_agrees(&up, 0.59325));
    cr_expect(sheet_agrees(&down, 0.59325));
}

/* ---- what a quantity is computed from ---------------------------------------------------- */

/* The names of e's inputs, joined by spaces. */
static const char *inputs(const Sheet *s, const char *name)
{
    static char buf[256];
    const SheetEntry *e = sheet_find(s, name);
    cr_assert_not_null(e, "%s is not on the sheet", name);
    buf[0] = '\0';
    for (int j = 0; j < e->n_from; j++) {
        strcat(buf, j ? " " : "");
        strcat(buf, s->e[e->from[j]].name);
    }
    return buf;
}

Test(sheet, a_formula_names_its_inputs_in_order_once_each)
{
    static Sheet s;
    example(&s);
    cr_expect_str_eq(inputs(&s, "H1"), "i1 w1 i2 w2 b1");
    cr_expect_str_eq(inputs(&s, "out_h1"), "H1"); /* "sigma(H1) = 1 / (1 + e^-H1)": once */
    cr_expect_str_eq(inputs(&s, "E_o1"), "T1 out_o1"); /* "1/2" and "2" are not names */
    cr_expect_str_eq(inputs(&s, "dE/dout_o1"), "T1 out_o1"); /* "-(T1": the sign dropped */
    cr_expect_str_eq(inputs(&s, "dout_o1/dy1"), "out_o1");
    cr_expect_str_eq(inputs(&s, "w5+"), "w5 dE/dout_o1 dout_o1/dy1 out_h1");
    cr_expect_str_eq(inputs(&s, "E_total"), "E_o1 E_o2");
}

Test(sheet, only_earlier_names_are_inputs)
{
    static Sheet s;
    sheet_init(&s);
    sheet_given(&s, "a", 1.0);
    sheet_calc(&s, "b", 2.0, "a + c"); /* c comes later: not an input */
    sheet_calc(&s, "c", 3.0, "b");
    cr_expect_str_eq(inputs(&s, "b"), "a");
    cr_expect_eq(sheet_find(&s, "nope"), NULL);
}

Test(sheet, a_row_step_names_its_row_and_the_one_before)
{
    static Sheet s;
    sheet_init(&s);
    sheet_given(&s, "w1[1]", 1.0);
    sheet_given_at(&s, 2, "x1[#]", 6.0);
    sheet_calc_at(&s, 2, "f[#]", 6.0, "w1[@] x1[#]");
    const SheetEntry *f = sheet_find(&s, "f[2]");
    cr_assert_not_null(f);
    cr_expect_str_eq(f->text, "w1[1] x1[2]");
    cr_expect_str_eq(inputs(&s, "f[2]"), "w1[1] x1[2]"); /* brackets belong to the name */
}

Test(sheet, a_namespace_keeps_the_same_symbol_of_two_sections_apart)
{
    static Sheet s;
    sheet_init(&s);
    sheet_given(&s, "w1[0]", -4.0); /* shared: no prefix */
    sheet_namespace(&s, "sgd/");
    sheet_given(&s, "eta", 0.04);
    sheet_calc(&s, "w1[1]", -3.84, "w1[0] - eta w1[0]");
    sheet_namespace(&s, "adam/");
    sheet_given(&s, "eta", 0.1);
    sheet_calc(&s, "w1[1]", -3.9, "w1[0] - eta");
    sheet_namespace(&s, "");
    sheet_calc(&s, "gap", 0.06, "sgd/w1[1] - adam/w1[1]");
    const SheetEntry *w = sheet_find(&s, "adam/w1[1]");
    cr_assert_not_null(w);
    cr_expect_str_eq(w->text, "w1[0] - eta"); /* the formula as written */
    cr_expect_eq(sheet_find(&s, "w1[1]"), NULL);
    /* a word is its section's name first, else the shared one */
    cr_expect_str_eq(inputs(&s, "sgd/w1[1]"), "w1[0] sgd/eta");
    cr_expect_str_eq(inputs(&s, "adam/w1[1]"), "w1[0] adam/eta");
    cr_expect_str_eq(inputs(&s, "gap"), "sgd/w1[1] adam/w1[1]");
}

/* ---- --check ------------------------------------------------------------------------------- */

Test(sheet, check_says_right_to_the_digits_written_and_exits_0)
{
    Checked c = check("out_h1=0.5933, E_total=0.2984,E_o2=0.02356", 0);
    cr_expect_eq(c.rc, SHEET_ALL_RIGHT);
    cr_expect(strstr(c.out, "out_h1 = 0.5933: right (to 4 digits)\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "E_total = 0.2984: right (to 4 digits)\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "E_o2 = 0.02356: right (to 4 digits)\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "All 3 right.") != NULL, "%s", c.out);
    cr_expect_str_empty(c.err);
}

Test(sheet, check_reports_the_first_wrong_step_and_what_it_came_from)
{
    /* the chapter's acceptance: out_h1 right, E_total (0.2984) not 0.2893 */
    Checked c = check("out_h1=0.5933,E_total=0.2893", 0);
    cr_expect_eq(c.rc, SHEET_SOME_WRONG);
    cr_expect(strstr(c.out, "out_h1 = 0.5933: right (to 4 digits)\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "E_total = 0.2893: not right (to 4 digits)\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "first wrong step in the lecture's order: E_total, in section 4.1 "
                            "The forward pass\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "    E_total = E_o1 + E_o2\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "    E_o1         not checked\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "    E_o2         not checked\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "04_backprop --check E_o1=...,E_o2=...\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "1 of 2 right.") != NULL, "%s", c.out);
}

Test(sheet, the_first_wrong_step_is_the_earliest_in_the_lecture_not_in_the_list)
{
    /* E_total is wrong only because E_o1 is: E_o1 comes first in the lecture */
    Checked c = check("E_total=0.31,E_o1=0.28,out_o1=0.7514", 0);
    cr_expect_eq(c.rc, SHEET_SOME_WRONG);
    cr_expect(strstr(c.out, "the lecture's order: E_o1, ") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "    T1           given, 0.01\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "    out_o1       right, as you checked\n") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "Its inputs are right, so the slip is in this step: redo "
                            "E_o1 = 1/2 (T1 - out_o1)^2.") != NULL, "%s", c.out);
}

Test(sheet, a_variant_goes_into_the_suggested_command)
{
    Checked c = check("y1=1.2", 3);
    cr_expect(strstr(c.out, "04_backprop --variant 3 --check out_h1=...,out_h2=...\n") != NULL,
              "%s", c.out);
}

Test(sheet, one_off_in_the_last_digit_is_named_a_rounding_slip)
{
    Checked c = check("out_h1=0.5932", 0); /* 0.593269992 cut off */
    cr_expect_eq(c.rc, SHEET_SOME_WRONG);
    cr_expect(strstr(c.out, "not right (to 4 digits), but within one unit of the last digit") !=
              NULL, "%s", c.out);
}

Test(sheet, a_wrong_given_says_to_copy_it_again)
{
    Checked c = check("i1=0.5", 0);
    cr_expect_eq(c.rc, SHEET_SOME_WRONG);
    cr_expect(strstr(c.out, "i1 is a given: copy it from the question again.") != NULL, "%s",
              c.out);
}

Test(sheet, an_unknown_name_is_an_error_with_the_close_names)
{
    Checked c = check("out_h1=0.5933,outh1=0.5933", 0);
    cr_expect_eq(c.rc, SHEET_BAD_REQUEST);
    cr_expect_str_empty(c.out, "nothing is checked when a name is wrong: %s", c.out);
    cr_expect(strstr(c.err, "error: --check: no quantity called \"outh1\" here; close names: "
                            "out_h1") != NULL, "%s", c.err);
    cr_expect(strstr(c.err, "\nhint: --check list shows every name\n") != NULL, "%s", c.err);
}

Test(sheet, close_names_come_closest_first)
{
    static Sheet s;
    example(&s);
    const char *close[4];
    int n = sheet_close_names(&s, "E_totl", close, 4);
    cr_assert_geq(n, 1);
    cr_expect_str_eq(close[0], "E_total");
    n = sheet_close_names(&s, "OUT_O1", close, 4); /* case does not count */
    cr_assert_geq(n, 1);
    cr_expect_str_eq(close[0], "out_o1");
    cr_expect_eq(sheet_close_names(&s, "zzzzzzzz", close, 4), 0);
}

Test(sheet, a_value_that_is_not_a_number_or_a_missing_equals_sign_is_an_error)
{
    Checked c = check("out_h1=0,5933", 0); /* a decimal comma splits the list */
    cr_expect_eq(c.rc, SHEET_BAD_REQUEST);
    cr_expect(strstr(c.err, "error: --check: \"5933\" is not NAME=VALUE") != NULL, "%s", c.err);
    c = check("out_h1=abc", 0);
    cr_expect_eq(c.rc, SHEET_BAD_REQUEST);
    cr_expect(strstr(c.err, "error: --check: out_h1=abc: \"abc\" is not a number") != NULL, "%s",
              c.err);
    cr_expect_str_empty(c.out);
}

Test(sheet, a_decimal_comma_gets_its_own_hint_and_empty_items_are_skipped)
{
    Checked c = check("out_h1=0,5933", 0);
    cr_expect_eq(c.rc, SHEET_BAD_REQUEST);
    cr_expect(strstr(c.err, "hint: write decimals with a point, 0.5933, not 0,5933\n") != NULL,
              "%s", c.err);
    c = check("out_h1=0.5933,,E_total=0.2984,", 0); /* stray commas */
    cr_expect_eq(c.rc, SHEET_ALL_RIGHT, "%s%s", c.out, c.err);
    c = check(" , ", 0);
    cr_expect_eq(c.rc, SHEET_BAD_REQUEST);
    cr_expect(strstr(c.err, "error: --check: no NAME=VALUE in") != NULL, "%s", c.err);
}

Test(sheet, check_list_shows_every_name_under_its_heading)
{
    Checked c = check(" list ", 0);
    cr_expect_eq(c.rc, SHEET_ALL_RIGHT);
    cr_expect(strstr(c.out, "4.1 The forward pass\n    compute: H1 out_h1") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "    given:   i1 i2 T1 T2") != NULL, "%s", c.out);
    cr_expect(strstr(c.out, "w5+") != NULL, "%s", c.out);
}

/* ---- the quiz --------------------------------------------------------------------------------- */

Test(sheet, the_quiz_prints_the_givens_and_the_formulas_but_no_answer)
{
    static Sheet s;
    example(&s);
    FILE *fp = tmpfile();
    cr_assert_not_null(fp);
    sheet_quiz(&s, fp);
    char text[8192];
    read_back(fp, text, sizeof text);
    cr_expect(strstr(text, "\n== 4.1 The forward pass\n=======================\n") != NULL,
              "the headings as hand_section prints them:\n%s", text);
    cr_expect(strstr(text, "i1 = 0.05") != NULL, "%s", text);
    cr_expect(strstr(text, "    E_total     = E_o1 + E_o2\n") != NULL, "%s", text);
    /* no answer, at any precision a student would copy */
    const char *answers[] = {"0.3775", "0.5932", "0.5933", "1.1059", "0.2748", "0.2983",
                             "0.2984", "0.7413", "0.1868", "0.3589"};
    for (size_t k = 0; k < sizeof answers / sizeof answers[0]; k++)
        cr_expect(strstr(text, answers[k]) == NULL, "the quiz gives away %s:\n%s", answers[k],
                  text);
}

/* ---- fresh numbers ------------------------------------------------------------------------------ */

Test(sheet, draw_gives_two_decimal_values_in_range_the_same_for_the_same_seed)
{
    Rng a, b;
    rng_seed(&a, 3);
    rng_seed(&b, 3);
    int seen_lo = 0, seen_hi = 0;
    for (int k = 0; k < 2000; k++) {
        double x = sheet_draw(&a, 0.05, 0.95, 2);
        cr_assert_eq(x, sheet_draw(&b, 0.05, 0.95, 2), "same seed, same numbers");
        cr_assert(x >= 0.05 && x <= 0.95, "%.17g out of [0.05, 0.95]", x);
        /* on the grid: x is the double nearest to a whole number of hundredths */
        cr_assert_eq(x, round(x * 100) / 100, "%.17g has more than two decimals", x);
        seen_lo |= x == 0.05;
        seen_hi |= x == 0.95;
    }
    cr_expect(seen_lo && seen_hi, "both ends of the range are drawn (91 values, 2000 draws)");
}

Test(sheet, a_drawn_table_has_whole_numbers_in_range_and_both_labels)
{
    Mat *X = mat_new(4, 2), *y = mat_new(4, 1);
    cr_assert(X && y);
    Rng rng;
    rng_seed(&rng, 7);
    for (int t = 0; t < 200; t++) {
        sheet_draw_table(&rng, X, y, 1, 9);
        int positive = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                double v = MAT_AT(X, i, j);
                cr_assert(v >= 1 && v <= 9 && v == floor(v), "x[%d][%d] = %g", i, j, v);
            }
            cr_assert(MAT_AT(y, i, 0) == 1.0 || MAT_AT(y, i, 0) == -1.0);
            positive += MAT_AT(y, i, 0) > 0;
        }
        cr_assert(positive > 0 && positive < 4, "one label only (%d of 4 positive)", positive);
    }
    mat_free(X);
    mat_free(y);
}
