/* textmap.c - a heat map drawn with characters; see textmap.h. */
#include "textmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int textmap_init(Textmap *t, int cols, int rows, double x0, double x1, double y0, double y1)
{
    CHECK(cols >= 1 && rows >= 1, "a canvas of %d x %d cells", cols, rows);
    CHECK(x0 < x1 && y0 < y1, "an empty window [%g, %g] x [%g, %g]", x0, x1, y0, y1);
    *t = (Textmap){.cols = cols, .rows = rows, .x0 = x0, .x1 = x1, .y0 = y0, .y1 = y1};
    t->cells = malloc((size_t)cols * (size_t)rows);
    if (!t->cells) {
        *t = (Textmap){0};
        return -1;
    }
    memset(t->cells, ' ', (size_t)cols * (size_t)rows);
    return 0;
}

void textmap_free(Textmap *t)
{
    free(t->cells);
    t->cells = NULL;
}

char textmap_shade(double v, double lo, double hi)
{
    CHECK(lo < hi, "a scale [%g, %g]", lo, hi);
    if (isnan(v))
        return '?';
    /* band = floor(9 (v - lo) / (hi - lo)), clamped to 0 .. 8 */
    double band = floor(TEXTMAP_N_SHADES * (v - lo) / (hi - lo));
    int k = band < 0 ? 0 : band > TEXTMAP_N_SHADES - 1 ? TEXTMAP_N_SHADES - 1 : (int)band;
    return TEXTMAP_SHADES[k];
}

/* The index 0 .. n-1 of the grid point nearest to coordinate v on a grid of
 * n points from a to b. */
static int nearest(double v, double a, double b, int n)
{
    double k = round((v - a) / (b - a) * (n - 1));
    return k < 0 ? 0 : k > n - 1 ? n - 1 : (int)k;
}

void textmap_fill(Textmap *t, const PlotGrid *g, double lo, double hi)
{
    CHECK(g && g->z && g->nx >= 2 && g->ny >= 2, "a grid to fill the canvas from");
    double w = (t->x1 - t->x0) / t->cols, h = (t->y1 - t->y0) / t->rows;
    for (int r = 0; r < t->rows; r++) {
        double y = t->y1 - (r + 0.5) * h; /* row 0 at the top */
        int i = nearest(y, g->y0, g->y1, g->ny);
        for (int c = 0; c < t->cols; c++) {
            double x = t->x0 + (c + 0.5) * w;
            int j = nearest(x, g->x0, g->x1, g->nx);
            t->cells[(size_t)r * t->cols + c] = textmap_shade(g->z[(size_t)i * g->nx + j], lo, hi);
        }
    }
}

int textmap_mark(Textmap *t, double x, double y, char c)
{
    if (!(x >= t->x0 && x <= t->x1 && y >= t->y0 && y <= t->y1))
        return 0;
    int col = (int)floor((x - t->x0) / (t->x1 - t->x0) * t->cols);
    int row = (int)floor((t->y1 - y) / (t->y1 - t->y0) * t->rows);
    col = col >= t->cols ? t->cols - 1 : col; /* x = x1 falls in the last cell */
    row = row >= t->rows ? t->rows - 1 : row;
    t->cells[(size_t)row * t->cols + col] = c;
    return 1;
}

/* "+----+" as wide as a canvas of cols cells. */
static void put_border(FILE *fp, int cols)
{
    fputc('+', fp);
    for (int c = 0; c < cols; c++)
        fputc('-', fp);
    fputc('+', fp);
}

int textmap_print(FILE *fp, const Textmap *const *maps, const char *const *labels, int n)
{
    int lines = 0, rows = 0, any_label = 0;
    for (int k = 0; k < n; k++) {
        rows = maps[k]->rows > rows ? maps[k]->rows : rows;
        any_label |= labels && labels[k];
    }
    if (any_label) {
        for (int k = 0; k < n; k++) {
            const char *s = labels[k] ? labels[k] : "";
            int width = maps[k]->cols + 2; /* over its frame, cut to fit but the last */
            if (k < n - 1)
                fprintf(fp, "%s%-*.*s", k ? "  " : "", width, width, s);
            else
                fprintf(fp, "%s%s", k ? "  " : "", s);
        }
        fputc('\n', fp);
        lines++;
    }
    for (int r = -1; r <= rows; r++) { /* r = -1 and r = rows: the borders */
        for (int k = 0; k < n; k++) {
            const Textmap *t = maps[k];
            if (k)
                fputs("  ", fp);
            if (r == -1 || r == t->rows)
                put_border(fp, t->cols);
            else if (r > t->rows)
                fprintf(fp, "%*s", t->cols + 2, "");
            else
                fprintf(fp, "|%.*s|", t->cols, &t->cells[(size_t)r * t->cols]);
        }
        fputc('\n', fp);
        lines++;
    }
    return lines;
}
