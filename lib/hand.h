/* hand.h - print a hand calculation the way the notes write it.
 *
 *     hand_printf("H1 = %v x %v + %v x %v + %v = %v\n", x1, w1, x2, w2, b, H1);
 *
 * prints "H1 = 0.05 x 0.15 + 0.1 x 0.2 + 0.35 = 0.3775": every %v is a
 * double shown with 9 significant digits (%.9g, with -0 shown as 0), so a
 * student can redo each step on paper and compare digit by digit.
 * %+v writes a term of a sum with its sign: " + 0.5" or " - 0.5", so
 * "f = %v x %v%+v x %v%+v" prints "f = 0.94 x 4 - 0.13 x 2 - 0.01".
 * Besides these, the format understands %s, %d, %c and %%.
 *
 * Field widths make tables without scratch buffers: %Nv right-aligns the
 * number in N columns, %-Nv left-aligns it, and the same holds for %Ns,
 * %-Ns, %Nd, %-Nd, %Nc; %*v (and %*s, %*d) takes the width from an int
 * argument before the value, a negative one left-aligning. A value wider
 * than N is printed whole. So
 *
 *     hand_printf("%-6s %10v %10v\n", "w1", 0.15, -2.5);
 *
 * prints "w1           0.15       -2.5". With %+Nv the width covers the
 * whole term, sign and spaces included.
 */
#ifndef ANNLAB_HAND_H
#define ANNLAB_HAND_H

#include <stddef.h>
#include <stdio.h>

#include "mat.h"

/* Significant digits of every printed hand value. */
#define HAND_DIGITS 9

/* x with 9 significant digits into buf (at least 32 bytes); returns buf.
 * -0 prints as "0" and every NaN as "nan". */
char *hand_fmt(char *buf, size_t len, double x);

/* printf to stdout with %v for 9-significant-digit doubles, field widths
 * as described above. Conversions: %v %+v (double), %s (string; NULL
 * prints "(null)"), %d (int), %c (char as int), %%. Anything else after a
 * '%' (a typo, a length modifier such as %ld) is printed as written and
 * takes no argument. */
void hand_printf(const char *fmt, ...);

/* Print "name (r x c) =" and the rows of m, one per line, indented. */
void hand_print_mat(const char *name, const Mat *m);

/* A section heading: a blank line, "== title", and an underline. */
void hand_section(const char *title);

/* The same heading on fp (a worksheet's quiz prints its sections so). */
void hand_section_to(FILE *fp, const char *title);

#endif
