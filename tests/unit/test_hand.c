/* test_hand.c - unit tests for lib/hand: hand_fmt's 9 significant digits
 * (the digits a student compares with the notes), and what hand_printf,
 * hand_print_mat and hand_section print, captured from stdout.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <stdio.h>

#include "act.h"
#include "hand.h"
#include "mat.h"

/* hand_fmt(x) as a string literal comparison. */
static void assert_fmt(double x, const char *want)
{
    char buf[40];
    cr_assert_str_eq(hand_fmt(buf, sizeof buf, x), want, "hand_fmt(%.17g)", x);
}

Test(hand, fmt_prints_a_short_decimal_as_written)
{
    assert_fmt(0.3775, "0.3775");
    assert_fmt(0.05, "0.05");
    assert_fmt(1.0, "1");
    assert_fmt(-2.5, "-2.5");
}

Test(hand, fmt_prints_nine_significant_digits)
{
    /* sigma(0.3775) = 0.59326999210718...: 9 digits are 0.593269992 */
    assert_fmt(act_sigmoid(0.3775), "0.593269992");
    /* 1.1059059669...: 9 digits, rounded: 1.10590597 */
    assert_fmt(0.593269992 * 0.40 + 0.596884378 * 0.45 + 0.60, "1.10590597");
    /* 2/3 = 0.6666666666...: rounded up in the 9th digit */
    assert_fmt(2.0 / 3.0, "0.666666667");
}

Test(hand, fmt_hides_binary_noise_beyond_nine_digits)
{
    /* 0.1 + 0.2 is 0.30000000000000004 in doubles; the notes say 0.3 */
    assert_fmt(0.1 + 0.2, "0.3");
    /* 0.05 x 0.25 + 0.10 x 0.30 + 0.35 is 0.39249999999999996 */
    assert_fmt(0.05 * 0.25 + 0.10 * 0.30 + 0.35, "0.3925");
}

Test(hand, fmt_prints_minus_zero_as_zero)
{
    assert_fmt(-0.0, "0");
    assert_fmt(0.0, "0");
}

Test(hand, fmt_uses_an_exponent_for_very_small_and_large_values)
{
    assert_fmt(1e-5, "1e-05");
    assert_fmt(123456789012.0, "1.23456789e+11");
}

Test(hand, printf_substitutes_v_with_nine_digit_numbers, .init = cr_redirect_stdout)
{
    /* the notes' H1 line, with H1 computed: 0.0075 + 0.02 + 0.35 = 0.3775 */
    double x1 = 0.05, w1 = 0.15, x2 = 0.10, w2 = 0.20, b = 0.35;
    double H1 = x1 * w1 + x2 * w2 + b;
    hand_printf("H1 = %v x %v + %v x %v + %v = %v\n", x1, w1, x2, w2, b, H1);
    fflush(stdout);
    cr_assert_stdout_eq_str("H1 = 0.05 x 0.15 + 0.1 x 0.2 + 0.35 = 0.3775\n");
}

Test(hand, printf_understands_s_d_c_and_percent, .init = cr_redirect_stdout)
{
    hand_printf("%s: %d%% of %v%c\n", "accuracy", 95, 0.5, '!');
    fflush(stdout);
    cr_assert_stdout_eq_str("accuracy: 95% of 0.5!\n");
}

Test(hand, printf_prints_a_lone_percent_at_the_end, .init = cr_redirect_stdout)
{
    hand_printf("100%");
    fflush(stdout);
    cr_assert_stdout_eq_str("100%");
}

Test(hand, printf_right_aligns_v_in_a_field_width, .init = cr_redirect_stdout)
{
    /* "0.15" is 4 characters: 6 spaces before it in 10 columns; "-2.5" too */
    hand_printf("[%10v][%10v]\n", 0.15, -2.5);
    fflush(stdout);
    cr_assert_stdout_eq_str("[      0.15][      -2.5]\n");
}

Test(hand, printf_left_aligns_with_a_minus, .init = cr_redirect_stdout)
{
    hand_printf("[%-10v][%-6s][%-4d]\n", 0.15, "w1", 7);
    fflush(stdout);
    cr_assert_stdout_eq_str("[0.15      ][w1    ][7   ]\n");
}

Test(hand, printf_pads_strings_and_ints_for_a_table_row, .init = cr_redirect_stdout)
{
    /* a table row as a chapter writes it: name left in 12, two values right in 10 */
    hand_printf("%-12s %10v %10v\n", "cost", 0.3775, 2.0 / 3.0);
    hand_printf("%-12s %10s %10s\n", "", "w1", "w2");
    hand_printf("%5d|%-5d|%3c|\n", 42, -3, 'x');
    fflush(stdout);
    cr_assert_stdout_eq_str("cost             0.3775 0.666666667\n"
                            "                     w1         w2\n"
                            "   42|-3   |  x|\n");
}

Test(hand, printf_prints_a_value_wider_than_its_field_whole, .init = cr_redirect_stdout)
{
    /* 2/3 takes 11 characters, more than 4: nothing is cut */
    hand_printf("[%4v][%2s]\n", 2.0 / 3.0, "placed");
    fflush(stdout);
    cr_assert_stdout_eq_str("[0.666666667][placed]\n");
}

Test(hand, printf_width_of_a_signed_term_covers_sign_and_spaces, .init = cr_redirect_stdout)
{
    /* " - 0.5" is 6 characters, padded to 8; %+v alone is unchanged */
    hand_printf("[%+8v][%+v][%-+8v]\n", -0.5, 0.25, 1.0);
    fflush(stdout);
    cr_assert_stdout_eq_str("[   - 0.5][ + 0.25][ + 1    ]\n");
}

Test(hand, printf_takes_a_star_width_from_the_arguments, .init = cr_redirect_stdout)
{
    /* %*v: width 6 then the value; a negative width left-aligns */
    hand_printf("[%*v][%*s]\n", 6, 0.5, -4, "ab");
    fflush(stdout);
    cr_assert_stdout_eq_str("[   0.5][ab  ]\n");
}

Test(hand, printf_prints_an_unknown_conversion_as_written, .init = cr_redirect_stdout)
{
    /* %ld and %.3f are not hand_printf conversions: they take no argument
     * and appear as written, so the mistake is visible; a trailing "%5" too */
    hand_printf("%ld %.3f %v %5", 0.5);
    fflush(stdout);
    cr_assert_stdout_eq_str("%ld %.3f 0.5 %5");
}

Test(hand, print_mat_shows_the_shape_and_one_row_a_line, .init = cr_redirect_stdout)
{
    /* each value right-aligned in 12 characters, one space between */
    double w[] = {0.15, 0.25, 0.2, -0.0};
    Mat *W = mat_from(2, 2, w);
    hand_print_mat("W1", W);
    mat_free(W);
    fflush(stdout);
    cr_assert_stdout_eq_str("W1 (2 x 2) =\n"
                            "    [        0.15         0.25 ]\n"
                            "    [         0.2            0 ]\n");
}

Test(hand, section_prints_a_heading_with_an_underline, .init = cr_redirect_stdout)
{
    /* "== Forward pass" is 15 characters, underlined by 15 '=' */
    hand_section("Forward pass");
    fflush(stdout);
    cr_assert_stdout_eq_str("\n== Forward pass\n===============\n");
}

Test(hand, fmt_prints_every_nan_as_nan_without_a_sign)
{
    /* printf("%g", -NAN) gives "-nan" on glibc; a NaN has no meaningful sign */
    char buf[40];
    cr_assert_str_eq(hand_fmt(buf, sizeof buf, NAN), "nan");
    cr_assert_str_eq(hand_fmt(buf, sizeof buf, -NAN), "nan");
    cr_assert_str_eq(hand_fmt(buf, sizeof buf, -INFINITY), "-inf");
}
