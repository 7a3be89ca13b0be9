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

/* Write text padded with spaces to width columns: on the left (right-
 * aligned) or, with left set, on the right (left-aligned). */
static void put_padded(const char *text, int width, int left)
{
    int n = (int)strlen(text);
    if (!left)
        for (int k = n; k < width; k++)
            putchar(' ');
    fputs(text, stdout);
    if (left)
        for (int k = n; k < width; k++)
            putchar(' ');
}

void hand_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char num[64];
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || p[1] == '\0') {
            putchar(*p);
            continue;
        }
        /* %[-][+][width]conv, width a number or '*' (an int argument) */
        const char *spec = p++;
        int left = 0, sign = 0, width = 0;
        for (;; p++) {
            if (*p == '-')
                left = 1;
            else if (*p == '+')
                sign = 1;
            else
                break;
        }
        if (*p == '*') {
            width = va_arg(ap, int);
            if (width < 0) { /* as printf: a negative width left-aligns */
                left = 1;
                width = -width;
            }
            p++;
        } else {
            for (; *p >= '0' && *p <= '9'; p++)
                if (width < 1000)
                    width = 10 * width + (*p - '0');
        }
        switch (*p) {
        case 'v': {
            double x = va_arg(ap, double);
            if (sign) { /* %+v: " + 0.5" or " - 0.5" */
                char mag[40];
                snprintf(num, sizeof num, " %c %s", x < 0 ? '-' : '+',
                         hand_fmt(mag, sizeof mag, fabs(x)));
            } else {
                hand_fmt(num, sizeof num, x);
            }
            put_padded(num, width, left);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            put_padded(str ? str : "(null)", width, left);
            break;
        }
        case 'd':
            snprintf(num, sizeof num, "%d", va_arg(ap, int));
            put_padded(num, width, left);
            break;
        case 'c': /* padded by hand: the char may be '\0' */
            for (int k = 1; !left && k < width; k++)
                putchar(' ');
            putchar(va_arg(ap, int));
            for (int k = 1; left && k < width; k++)
                putchar(' ');
            break;
        default:
            if (*p == '%' && p == spec + 1) { /* "%%" */
                putchar('%');
                break;
            }
            /* unknown, or the format ends inside it: print it as written */
            fwrite(spec, 1, (size_t)(p - spec) + (*p != '\0'), stdout);
            if (*p == '\0')
                p--;
            break;
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
    hand_section_to(stdout, title);
}

void hand_section_to(FILE *fp, const char *title)
{
    size_t n = strlen(title) + 3;
    fprintf(fp, "\n== %s\n", title);
    for (size_t i = 0; i < n; i++)
        fputc('=', fp);
    fputc('\n', fp);
}
