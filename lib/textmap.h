/* textmap.h - a heat map drawn with characters, for a terminal.
 *
 * gnuplot's dumb terminal draws lines and points but no heat map, so a
 * surface over the plane (a classifier's probability, a regression's
 * output) is drawn here instead: a canvas of cols x rows character cells
 * over a window [x0, x1] x [y0, y1], each cell showing the value of the
 * grid point nearest to its centre as a shade, and points on top as single
 * characters:
 *
 *     Textmap t;
 *     textmap_init(&t, 60, 24, -6, 6, -6, 6);
 *     textmap_fill(&t, &grid, 0.0, 1.0);      shades of a probability
 *     textmap_mark(&t, 1.5, -2.0, 'x');        a point of class 1
 *     textmap_print(stdout, (const Textmap *[]){&t}, (const char *[]){"epoch 10"}, 1);
 *     textmap_free(&t);
 *
 * The shades, from low to high (TEXTMAP_SHADES): nine bands of equal width
 * over [lo, hi], the middle band blank, so a boundary at the middle value
 * (p = 0.5) shows as a blank seam between the two sides:
 *
 *     =  -  :  .     '  +  *  #
 *
 * Row 0 of the canvas is the top of the window (the largest x2), as on
 * paper; column 0 is its left edge (the smallest x1). A cell (r, c) covers
 * x1 in [x0 + c w, x0 + (c + 1) w), w = (x1 - x0) / cols, and likewise
 * for x2 from the top.
 */
#ifndef ANNLAB_TEXTMAP_H
#define ANNLAB_TEXTMAP_H

#include <stdio.h>

#include "plot.h"

/* The nine shades, low to high; the middle one is a blank. */
#define TEXTMAP_SHADES "=-:. '+*#"
#define TEXTMAP_N_SHADES 9

typedef struct {
    int cols, rows;        /* character cells */
    double x0, x1, y0, y1; /* the window the canvas shows */
    char *cells;           /* rows x cols characters, row-major, row 0 at the top */
} Textmap;

/* A blank canvas of cols x rows cells (both >= 1) over [x0, x1] x [y0, y1]
 * (x0 < x1, y0 < y1; a CHECK). Returns 0, or -1 when out of memory (t is
 * then empty, and textmap_free may still be called). */
int textmap_init(Textmap *t, int cols, int rows, double x0, double x1, double y0, double y1);

/* Frees the cells; safe on an empty or freed Textmap. */
void textmap_free(Textmap *t);

/* The shade of v on the scale [lo, hi] (lo < hi): band floor(9 (v - lo) /
 * (hi - lo)) of TEXTMAP_SHADES, values outside [lo, hi] in the end bands,
 * '?' for NaN. */
char textmap_shade(double v, double lo, double hi);

/* Shade every cell with the value of the grid point of g nearest to the
 * cell's centre (cells outside g's span take its nearest edge point). */
void textmap_fill(Textmap *t, const PlotGrid *g, double lo, double hi);

/* Put the character c in the cell holding the point (x, y); a point
 * outside the window is not drawn. Returns 1 when drawn, else 0. */
int textmap_mark(Textmap *t, double x, double y, char c);

/* Print the n canvases side by side, each in a frame of '+', '-' and '|',
 * two spaces apart, with labels[k] (or nothing for NULL; labels may be
 * NULL) above canvas k, cut to the frame's width (but the last, printed
 * whole). Returns the number of lines printed. */
int textmap_print(FILE *fp, const Textmap *const *maps, const char *const *labels, int n);

#endif
