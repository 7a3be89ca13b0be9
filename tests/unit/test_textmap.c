/* test_textmap.c - unit tests for lib/textmap: the nine shades and their
 * band edges, the nearest grid point of each cell (row 0 at the top),
 * points inside, on the edge of and outside the window, and the exact
 * text of one canvas and of two side by side with their labels.
 *
 * Every value here is exact (band edges are multiples of 1/9 computed the
 * way the library computes them), so the assertions compare characters.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textmap.h"

Test(textmap, the_nine_shades_run_from_low_to_high_with_a_blank_middle)
{
    cr_assert_eq(strlen(TEXTMAP_SHADES), TEXTMAP_N_SHADES);
    cr_assert_eq(TEXTMAP_SHADES[TEXTMAP_N_SHADES / 2], ' ', "the middle band is blank");
    /* band k covers [k/9, (k+1)/9) of the scale: 0.05 -> floor(0.45) = 0,
     * 0.15 -> floor(1.35) = 1, ..., 0.95 -> floor(8.55) = 8 */
    const double v[] = {0.05, 0.15, 0.25, 0.4, 0.5, 0.6, 0.7, 0.8, 0.95};
    for (int k = 0; k < TEXTMAP_N_SHADES; k++)
        cr_assert_eq(textmap_shade(v[k], 0.0, 1.0), TEXTMAP_SHADES[k], "v = %g", v[k]);
}

Test(textmap, shades_of_values_at_and_beyond_the_ends_and_nan)
{
    /* 1 on [0, 1]: floor(9) = 9, clamped to the last band; below 0 the first */
    cr_assert_eq(textmap_shade(1.0, 0.0, 1.0), '#');
    cr_assert_eq(textmap_shade(0.0, 0.0, 1.0), '=');
    cr_assert_eq(textmap_shade(-3.0, 0.0, 1.0), '=');
    cr_assert_eq(textmap_shade(7.0, 0.0, 1.0), '#');
    cr_assert_eq(textmap_shade(NAN, 0.0, 1.0), '?');
    /* on [-1, 1]: 0 -> floor(9 x 1 / 2) = 4, the blank; -0.2 -> floor(3.6) = 3 '.';
     * 0.2 -> floor(5.4) = 5 '\'' */
    cr_assert_eq(textmap_shade(0.0, -1.0, 1.0), ' ');
    cr_assert_eq(textmap_shade(-0.2, -1.0, 1.0), '.');
    cr_assert_eq(textmap_shade(0.2, -1.0, 1.0), '\'');
}

/* A 2 x 2 grid over [0, 1]^2: z[i * 2 + j] at (x = j, y = i). */
static const double Z[] = {0, 1,   /* y = 0: (0, 0) -> 0, (1, 0) -> 1 */
                           1, 0};  /* y = 1: (0, 1) -> 1, (1, 1) -> 0 */
static const PlotGrid GRID = {.x0 = 0, .x1 = 1, .y0 = 0, .y1 = 1, .nx = 2, .ny = 2, .z = Z};

Test(textmap, each_cell_takes_the_nearest_grid_point_with_the_top_row_first)
{
    Textmap t;
    cr_assert_eq(textmap_init(&t, 4, 2, 0, 1, 0, 1), 0);
    textmap_fill(&t, &GRID, 0.0, 1.0);
    /* cell centres x = 0.125, 0.375 (nearest j = 0), 0.625, 0.875 (j = 1);
     * row 0 at y = 0.75 (nearest i = 1), row 1 at y = 0.25 (i = 0):
     * row 0: z[2], z[2], z[3], z[3] = 1 1 0 0;  row 1: z[0], z[0], z[1], z[1] = 0 0 1 1 */
    cr_assert_eq(memcmp(t.cells, "##====##", 8), 0, "cells %.8s", t.cells);
    textmap_free(&t);
    textmap_free(&t); /* freeing twice is harmless */
}

Test(textmap, cells_beyond_the_grid_take_its_nearest_edge)
{
    Textmap t;
    /* a window twice as wide as the grid: cells left of x = 0 take column
     * 0, cells right of x = 1 column 1 */
    cr_assert_eq(textmap_init(&t, 4, 1, -1, 2, 0, 1), 0);
    textmap_fill(&t, &GRID, 0.0, 1.0);
    /* centres x = -0.625, 0.125 (j = 0), 0.875, 1.625 (j = 1); y = 0.5 rounds to i = 1 */
    cr_assert_eq(memcmp(t.cells, "##==", 4), 0, "cells %.4s", t.cells);
    textmap_free(&t);
}

Test(textmap, points_land_in_their_cell_and_outside_points_are_not_drawn)
{
    Textmap t;
    cr_assert_eq(textmap_init(&t, 4, 2, 0, 1, 0, 1), 0);
    cr_assert_eq(memcmp(t.cells, "        ", 8), 0, "a new canvas is blank");
    /* (0.1, 0.9): column floor(0.4) = 0, row floor((1 - 0.9) x 2) = 0 */
    cr_assert_eq(textmap_mark(&t, 0.1, 0.9, 'x'), 1);
    /* the far corner (1, 0): column floor(4) = 4 -> the last, 3; row floor(2) -> 1 */
    cr_assert_eq(textmap_mark(&t, 1.0, 0.0, 'o'), 1);
    cr_assert_eq(textmap_mark(&t, 1.5, 0.5, '!'), 0);
    cr_assert_eq(textmap_mark(&t, 0.5, -0.01, '!'), 0);
    cr_assert_eq(textmap_mark(&t, NAN, 0.5, '!'), 0);
    cr_assert_eq(memcmp(t.cells, "x      o", 8), 0, "cells %.8s", t.cells);
    textmap_free(&t);
}

/* What textmap_print writes, as a new string. */
static char *printed(const Textmap *const *maps, const char *const *labels, int n, int *lines)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_assert_not_null(fp);
    *lines = textmap_print(fp, maps, labels, n);
    fclose(fp);
    return buf;
}

Test(textmap, one_canvas_prints_in_a_frame_under_its_label)
{
    Textmap t;
    cr_assert_eq(textmap_init(&t, 4, 2, 0, 1, 0, 1), 0);
    textmap_fill(&t, &GRID, 0.0, 1.0);
    textmap_mark(&t, 0.1, 0.9, 'x');
    int lines;
    char *s = printed((const Textmap *[]){&t}, (const char *[]){"a label longer than the frame"},
                      1, &lines);
    cr_assert_str_eq(s, "a label longer than the frame\n"
                        "+----+\n"
                        "|x#==|\n"
                        "|==##|\n"
                        "+----+\n");
    cr_assert_eq(lines, 5);
    free(s);
    /* without labels: no label line */
    s = printed((const Textmap *[]){&t}, NULL, 1, &lines);
    cr_assert_str_eq(s, "+----+\n|x#==|\n|==##|\n+----+\n");
    cr_assert_eq(lines, 4);
    free(s);
    textmap_free(&t);
}

Test(textmap, canvases_print_side_by_side_with_labels_cut_to_their_frames)
{
    Textmap a, b;
    cr_assert_eq(textmap_init(&a, 2, 1, 0, 1, 0, 1), 0);
    cr_assert_eq(textmap_init(&b, 3, 2, 0, 1, 0, 1), 0);
    textmap_fill(&a, &GRID, 0.0, 1.0); /* y = 0.5 -> i = 1: z[2], z[3] = 1, 0 */
    textmap_fill(&b, &GRID, 0.0, 1.0);
    int lines;
    char *s = printed((const Textmap *[]){&a, &b}, (const char *[]){"left one", NULL}, 2, &lines);
    /* "left one" cut to the 4 columns of a's frame; the shorter canvas is
     * padded with blanks below its frame. b: x = 1/6 (j 0), 1/2 (j 1: round(0.5)
     * = 1), 5/6 (j 1); rows y = 0.75 (i 1), 0.25 (i 0) */
    cr_assert_str_eq(s, "left  \n"
                        "+--+  +---+\n"
                        "|#=|  |#==|\n"
                        "+--+  |=##|\n"
                        "      +---+\n");
    cr_assert_eq(lines, 5);
    free(s);
    textmap_free(&a);
    textmap_free(&b);
}
