/* hand.c - printing hand calculations at 9 significant digits; see hand.h. */
#include "hand.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

char *hand_fmt(char *buf, size_t len, double x)
{
    if (isnan(x)) { /* printf may say "-nan": the sign of a NaN means nothing */
        snprintf(buf, len, "nan");
        return buf;
    }
    if (x == 0.0)
        x = 0.0; /* -0 prints as 0 */
    snprintf(buf, len, "%.*g", HAND_DIGITS, x);
    return buf;
}

void hand_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char num[40];
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || p[1] == '\0') {
            putchar(*p);
            continue;
        }
        if (p[1] == '+' && p[2] == 'v') { /* %+v: " + 0.5" or " - 0.5" */
            double x = va_arg(ap, double);
            printf(" %c %s", x < 0 ? '-' : '+', hand_fmt(num, sizeof num, fabs(x)));
            p += 2;
            continue;
        }
        switch (*++p) {
        case 'v': fputs(hand_fmt(num, sizeof num, va_arg(ap, double)), stdout); break;
        case 's': fputs(va_arg(ap, const char *), stdout); break;
        case 'd': printf("%d", va_arg(ap, int)); break;
        case 'c': putchar(va_arg(ap, int)); break;
        default: putchar(*p); break; /* "%%" and anything unknown */
        }
    }
    va_end(ap);
}

void hand_print_mat(const char *name, const Mat *m)
{
    char num[40];
    printf("%s (%d x %d) =\n", name, m->rows, m->cols);
    for (int i = 0; i < m->rows; i++) {
        fputs("    [", stdout);
        for (int j = 0; j < m->cols; j++)
            printf("%s%12s", j ? " " : "", hand_fmt(num, sizeof num, MAT_AT(m, i, j)));
        fputs(" ]\n", stdout);
    }
}

void hand_section(const char *title)
{
    size_t n = strlen(title) + 3;
    printf("\n== %s\n", title);
    for (size_t i = 0; i < n; i++)
        putchar('=');
    putchar('\n');
}
