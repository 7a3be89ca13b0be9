/* surface.h - functions of two parameters, f(w1, w2), to watch optimizers on.
 *
 * An optimizer sees nothing but gradients. On a function of two
 * parameters its whole path fits on a page, drawn over the contour lines
 * of f (chapter 08): the zigzag of gradient descent across a narrow bowl,
 * momentum overshooting, Adam's first steps all of the same size.
 *
 *     Surface bowl = {.kind = SURFACE_BOWL, .a = 1, .b = 20};
 *     SurfaceRun run;
 *     surface_descend(&bowl, &(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.1},
 *                     (double[2]){-4, 1}, 5000, 1e-6, path, &run);
 *
 * Three kinds, each set by a, b (and c):
 *
 *   SURFACE_BOWL        f = 1/2 (a w1^2 + 2 c w1 w2 + b w2^2)
 *                       df/dw1 = a w1 + c w2,   df/dw2 = c w1 + b w2
 *                       a quadratic bowl with the curvatures (the Hessian)
 *                       [[a, c], [c, b]]; c = 0 puts its axes on the
 *                       coordinate axes, a = b = 10.5, c = 9.5 is the bowl
 *                       a = 1, b = 20 turned by 45 degrees. Needs a > 0 and
 *                       a b > c^2 (a bowl, not a saddle). Minimum 0 at (0, 0).
 *   SURFACE_ROSENBROCK  f = (a - w1)^2 + b (w2 - w1^2)^2
 *                       df/dw1 = -2 (a - w1) - 4 b w1 (w2 - w1^2)
 *                       df/dw2 = 2 b (w2 - w1^2)
 *                       a curved valley with a flat floor (Rosenbrock 1960;
 *                       a = 1, b = 100 is the classic). Minimum 0 at (a, a^2).
 *   SURFACE_SADDLE      f = a w1^2 + b (w2^2 - 1)^2
 *                       df/dw1 = 2 a w1,   df/dw2 = 4 b w2 (w2^2 - 1)
 *                       a saddle point at (0, 0), where f = b, the gradient
 *                       is 0 and the curvature is 2a across and -4b along
 *                       w2; minima 0 at (0, -1) and (0, 1). a, b > 0.
 *
 * Every surface's minimum value is 0, so f(w) itself says how far from
 * the bottom w is. A bad setting is a programmer error (CHECK).
 */
#ifndef ANNLAB_SURFACE_H
#define ANNLAB_SURFACE_H

#include "optim.h"

typedef enum { SURFACE_BOWL, SURFACE_ROSENBROCK, SURFACE_SADDLE } SurfaceKind;

typedef struct {
    SurfaceKind kind;
    double a, b; /* the settings of the kind (above) */
    double c;    /* SURFACE_BOWL: the cross term; unused by the others */
} Surface;

/* A point is "far" (the run diverged) once |w1| or |w2| exceeds this. */
#define SURFACE_FAR 1e6

/* "bowl", "rosenbrock", "saddle". An unknown kind is a CHECK. */
const char *surface_name(SurfaceKind kind);

/* f(w1, w2). */
double surface_value(const Surface *s, double w1, double w2);

/* The gradient (df/dw1, df/dw2) at (w1, w2) into g[0], g[1]. */
void surface_grad(const Surface *s, double w1, double w2, double g[2]);

/* A point where f = 0 into w[0], w[1]: (0, 0), (a, a^2), or the saddle
 * surface's upper minimum (0, 1) (its other one is (0, -1)). */
void surface_minimum(const Surface *s, double w[2]);

/* What surface_descend did. */
typedef struct {
    int steps;    /* steps taken */
    int reached;  /* 1: f(w) < tol after `steps` steps */
    int diverged; /* 1: w stopped being finite or went far (SURFACE_FAR) */
    double f;     /* f at the last point */
    double w[2];  /* the last point */
} SurfaceRun;

/* Minimize s from start with the optimizer spec (optim.h) on a bare Param
 * list of one 1 x 2 parameter w = (w1, w2): at each step g = grad f(w),
 * then optim_step. Stops after the first step that leaves f(w) < tol
 * (reached), or w not finite or far (diverged), or after max_steps (>= 0)
 * steps. A start with f < tol is reached after 0 steps. path, when not
 * NULL, has room for 2 (max_steps + 1) doubles and receives the point
 * after k steps at path[2k], path[2k + 1], for k = 0 .. run->steps.
 * Returns 0, or -1 when out of memory (*run then says 0 steps). */
int surface_descend(const Surface *s, const OptimSpec *spec, const double start[2], int max_steps,
                    double tol, double *path, SurfaceRun *run);

#endif
