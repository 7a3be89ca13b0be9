/* sheet.h - the worksheet of a worked example: its givens, and every
 * quantity the lecture computes from them, by name, with its exact value
 * and the formula it comes from. A chapter fills one next to its hand
 * calculation, a line a quantity, with the names the transcript prints:
 *
 *     Sheet s;
 *     sheet_init(&s);
 *     sheet_heading(&s, "4.1 The forward pass");
 *     sheet_given(&s, "i1", 0.05);      ... w1, i2, w2, b1
 *     sheet_calc(&s, "H1", f.H1, "i1 w1 + i2 w2 + b1");
 *     sheet_calc(&s, "out_h1", f.out_h1, "sigma(H1)");
 *
 * A quantity is computed from the earlier names its formula mentions (H1
 * from i1, w1, i2, w2, b1; out_h1 from H1), so nothing is listed twice.
 * With it the student checks a hand calculation (sheet_check: each value
 * right or not to the digits written, and for the first wrong step what
 * it was computed from), and a teacher prints an exam question
 * (sheet_quiz: the givens and the formulas, no answers).
 *
 * A number as written says how exact it claims to be: "0.5933" claims 4
 * digits, so it agrees with 0.593269992 when it is within half a unit of
 * its last digit (0.00005). "0.50" claims 2 digits (0.005), "4" one unit
 * (0.5), "-1.2e-3" the same as -0.0012 (0.00005).
 *
 * A Sheet is one fixed-size struct (no allocation, nothing to free);
 * filling it past SHEET_MAX entries, a name used twice or a name with a
 * space, ',' or '=' in it is a programmer error (CHECK).
 */
#ifndef ANNLAB_SHEET_H
#define ANNLAB_SHEET_H

#include <stdio.h>

#include "mat.h"
#include "rng.h"

#define SHEET_MAX 512     /* entries (headings, givens, quantities): chapter 04 needs about 370 */
#define SHEET_NAME_LEN 24 /* a name, NUL included */
#define SHEET_TEXT_LEN 80 /* a formula or a heading, NUL included */
#define SHEET_MAX_FROM 16 /* names a formula may mention */

typedef enum {
    SHEET_HEADING, /* a section of the lecture, e.g. "4.1 The forward pass" */
    SHEET_GIVEN,   /* an input, weight or target: stated, not computed */
    SHEET_CALC,    /* computed from earlier entries by its formula */
} SheetKind;

typedef struct {
    SheetKind kind;
    char name[SHEET_NAME_LEN]; /* "out_h1", "dE/dw5", "w5+"; "" for a heading */
    char text[SHEET_TEXT_LEN]; /* the formula, or the heading's title */
    double value;              /* the exact value (givens and quantities) */
    int from[SHEET_MAX_FROM];  /* the entries the formula mentions, in its order */
    int n_from;
} SheetEntry;

typedef struct {
    SheetEntry e[SHEET_MAX];
    int n;
    char prefix[SHEET_NAME_LEN]; /* sheet_namespace's prefix, "" for none */
} Sheet;

/* An empty sheet. */
void sheet_init(Sheet *s);

/* A heading for the entries after it: the lecture's section title, as
 * hand_section prints it ("4.1 The forward pass"). */
void sheet_heading(Sheet *s, const char *title);

/* A given: name = value. */
void sheet_given(Sheet *s, const char *name, double value);

/* A quantity: name = formula = value. The formula is written as the notes
 * write it ("delta_o1 x out_h1", "sigma(H1)", "w5 - eta dE/dw5"); every
 * word of it that is an earlier entry's name (words are split at spaces
 * and ( ) , ; ^ *, a leading - or + dropped) is an input of it. Names
 * may hold brackets: f[2] (f of example 2) is one word. */
void sheet_calc(Sheet *s, const char *name, double value, const char *formula);

/* sheet_given and sheet_calc for step i of a calculation repeated row by
 * row: in name and formula every '#' stands for i and every '@' for
 * i - 1, so sheet_calc_at(s, 2, "f[#]", f, "w1[@] x1[#] + b[@]") enters
 * f[2] = w1[1] x1[2] + b[1]. */
void sheet_given_at(Sheet *s, int i, const char *name, double value);
void sheet_calc_at(Sheet *s, int i, const char *name, double value, const char *formula);

/* Sections that reuse the notes' symbols (w1, v1, m1 of several
 * optimizers) keep them apart with a prefix: after
 * sheet_namespace(s, "adam/"), sheet_given and sheet_calc enter m1[1] as
 * adam/m1[1], and a word of a formula is looked up as adam/ + word first,
 * then as written (so "beta1 m1[0]" means adam/beta1 adam/m1[0] while a
 * shared given without the prefix is still found). The formula is kept
 * as written, without the prefix. sheet_namespace(s, "") ends it;
 * sheet_init starts without one. prefix is shorter than SHEET_NAME_LEN. */
void sheet_namespace(Sheet *s, const char *prefix);

/* The entry called name, or NULL. */
const SheetEntry *sheet_find(const Sheet *s, const char *name);

/* ---- numbers as a student writes them ------------------------------------ */

/* A value as written, and how exact it claims to be. */
typedef struct {
    double value;
    double unit; /* 10^(place of the last written digit): 1e-4 for "0.5933", 1 for "4" */
    int digits;  /* significant digits written: 4 for "0.5933", 2 for "0.50", 0 for "0.00" */
} SheetWritten;

/* Read text ("0.5933", "-1.2e-3", "4", ".5", "+0.50", "5.933E-1") into w.
 * Returns 0, or -1 when text is not a plain decimal number (empty,
 * "abc", "1,5", "0x1p3", "inf", "nan", trailing characters). */
int sheet_read_written(const char *text, SheetWritten *w);

/* Whether the written value agrees with exact to its digits:
 * |value - exact| <= unit / 2 (with 1e-12 relative slack, so a value
 * exactly halfway between two roundings counts either way). */
int sheet_agrees(const SheetWritten *w, double exact);

/* ---- what a student and a teacher get -------------------------------------- */

/* Exit statuses of sheet_check, as --help states them. */
enum {
    SHEET_ALL_RIGHT = 0, /* every value agrees */
    SHEET_SOME_WRONG = 1, /* at least one does not */
    SHEET_BAD_REQUEST = 2, /* a name the sheet does not have, or a value that is not a number */
};

/* --check REQUEST. REQUEST is "NAME=VALUE,NAME=VALUE,..." (spaces around
 * the items are allowed), or "list" for sheet_list. For each item, in
 * its order, one line on out:
 *     out_h1 = 0.5933: right (to 4 digits)
 *     E_total = 0.2893: not right (to 4 digits)
 * then, for the wrong one that comes first in the lecture's order (the
 * first wrong step), its formula and each quantity it was computed from,
 * marked right, not right or not checked, and what to do next; then a
 * tally. program names the chapter in the suggested command ("04_backprop";
 * variant, when not 0, goes into it as --variant N). A request that names
 * a quantity the sheet does not have (the closest names are suggested) or
 * holds something other than NAME=VALUE prints "error: ..." and one
 * "hint: ..." on err, nothing on out, and returns SHEET_BAD_REQUEST.
 * Returns SHEET_ALL_RIGHT or SHEET_SOME_WRONG otherwise. */
int sheet_check(const Sheet *s, const char *request, const char *program,
                unsigned long long variant, FILE *out, FILE *err);

/* The names --check knows, under their headings: the givens, then the
 * quantities in the order the lecture computes them. */
void sheet_list(const Sheet *s, FILE *out);

/* An exam question: under each heading (printed as hand_section prints
 * it, so --section can pick one), the givens with their values, then the
 * quantities to compute in order, each with its formula; no answers. */
void sheet_quiz(const Sheet *s, FILE *out);

/* Up to max names of s closest to name (case-insensitive edit distance at
 * most a third of name's length, at least 1, or one name containing the
 * other), closest first, into close[]. Returns how many. */
int sheet_close_names(const Sheet *s, const char *name, const char **close, int max);

/* ---- fresh numbers ------------------------------------------------------------ */

/* A value with the given number of decimals, uniform over that grid in
 * [lo, hi] (lo and hi on the grid themselves): sheet_draw(rng, 0.05,
 * 0.95, 2) is one of 0.05, 0.06, ..., 0.95. For --variant N's givens. */
double sheet_draw(Rng *rng, double lo, double hi, int decimals);

/* A labelled table for --variant: every entry of X a whole number from lo
 * to hi, every label of y (X's rows x 1) +1 or -1, both present (X has at
 * least 2 rows; drawn again until both are). The chapter then keeps it,
 * or draws again, by its own test (one its training can finish). */
void sheet_draw_table(Rng *rng, Mat *X, Mat *y, int lo, int hi);

#endif
