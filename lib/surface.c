/* surface.c - two-parameter test functions and an optimizer run on them;
 * see surface.h. */
#include "surface.h"

#include <math.h>

#include "check.h"
#include "mat.h"
#include "param.h"

static void check_surface(const Surface *s)
{
    CHECK(s != NULL, "surface is NULL");
    switch (s->kind) {
    case SURFACE_BOWL:
        CHECK(s->a > 0 && s->a * s->b > s->c * s->c,
              "bowl a = %g, b = %g, c = %g: need a > 0 and a b > c^2", s->a, s->b, s->c);
        return;
    case SURFACE_ROSENBROCK:
        CHECK(s->b > 0, "rosenbrock b = %g, expected > 0", s->b);
        return;
    case SURFACE_SADDLE:
        CHECK(s->a > 0 && s->b > 0, "saddle a = %g, b = %g, expected > 0", s->a, s->b);
        return;
    }
    CHECK(0, "unknown SurfaceKind %d", (int)s->kind);
}

const char *surface_name(SurfaceKind kind)
{
    switch (kind) {
    case SURFACE_BOWL:
        return "bowl";
    case SURFACE_ROSENBROCK:
        return "rosenbrock";
    case SURFACE_SADDLE:
        return "saddle";
    }
    CHECK(0, "unknown SurfaceKind %d", (int)kind);
    return "";
}

double surface_value(const Surface *s, double w1, double w2)
{
    check_surface(s);
    switch (s->kind) {
    case SURFACE_BOWL:
        /* f = 1/2 (a w1^2 + 2 c w1 w2 + b w2^2) */
        return 0.5 * (s->a * w1 * w1 + 2 * s->c * w1 * w2 + s->b * w2 * w2);
    case SURFACE_ROSENBROCK: {
        /* f = (a - w1)^2 + b (w2 - w1^2)^2 */
        double d = s->a - w1, r = w2 - w1 * w1;
        return d * d + s->b * r * r;
    }
    case SURFACE_SADDLE: {
        /* f = a w1^2 + b (w2^2 - 1)^2 */
        double r = w2 * w2 - 1;
        return s->a * w1 * w1 + s->b * r * r;
    }
    }
    return 0.0; /* not reached: check_surface knows every kind */
}

void surface_grad(const Surface *s, double w1, double w2, double g[2])
{
    check_surface(s);
    switch (s->kind) {
    case SURFACE_BOWL:
        /* df/dw1 = a w1 + c w2,  df/dw2 = c w1 + b w2 */
        g[0] = s->a * w1 + s->c * w2;
        g[1] = s->c * w1 + s->b * w2;
        return;
    case SURFACE_ROSENBROCK: {
        /* df/dw1 = -2 (a - w1) - 4 b w1 (w2 - w1^2),  df/dw2 = 2 b (w2 - w1^2) */
        double r = w2 - w1 * w1;
        g[0] = -2 * (s->a - w1) - 4 * s->b * w1 * r;
        g[1] = 2 * s->b * r;
        return;
    }
    case SURFACE_SADDLE:
        /* df/dw1 = 2 a w1,  df/dw2 = 4 b w2 (w2^2 - 1) */
        g[0] = 2 * s->a * w1;
        g[1] = 4 * s->b * w2 * (w2 * w2 - 1);
        return;
    }
}

void surface_minimum(const Surface *s, double w[2])
{
    check_surface(s);
    w[0] = s->kind == SURFACE_ROSENBROCK ? s->a : 0.0;
    w[1] = s->kind == SURFACE_ROSENBROCK ? s->a * s->a : s->kind == SURFACE_SADDLE ? 1.0 : 0.0;
}

/* Where the run stands after `steps` steps at w. */
static void note(SurfaceRun *run, const Surface *s, const double *w, int steps)
{
    run->steps = steps;
    run->w[0] = w[0];
    run->w[1] = w[1];
    run->f = surface_value(s, w[0], w[1]);
}

int surface_descend(const Surface *s, const OptimSpec *spec, const double start[2], int max_steps,
                    double tol, double *path, SurfaceRun *run)
{
    check_surface(s);
    CHECK(spec != NULL && start != NULL && run != NULL, "spec, start and run are required");
    CHECK(max_steps >= 0, "max_steps = %d", max_steps);
    *run = (SurfaceRun){0};
    Mat *W = mat_from(1, 2, start);  /* (1 x 2): w1, w2 */
    Mat *dW = mat_new(1, 2);         /* (1 x 2): df/dw1, df/dw2 */
    Param p = {.name = "surface/w", .value = W, .grad = dW, .trainable = 1};
    Optim *opt = W && dW ? optim_new(spec, &p, 1) : NULL;
    if (!opt) {
        mat_free(W);
        mat_free(dW);
        return -1;
    }
    double *w = W->data, *g = dW->data;
    note(run, s, w, 0);
    if (path)
        path[0] = w[0], path[1] = w[1];
    run->reached = run->f < tol;
    for (int k = 1; k <= max_steps && !run->reached; k++) {
        surface_grad(s, w[0], w[1], g);
        optim_step(opt, &p, 1);
        note(run, s, w, k);
        if (path)
            path[2 * k] = w[0], path[2 * k + 1] = w[1];
        if (!isfinite(run->f) || !(fabs(w[0]) <= SURFACE_FAR && fabs(w[1]) <= SURFACE_FAR)) {
            run->diverged = 1;
            break;
        }
        run->reached = run->f < tol;
    }
    optim_free(opt);
    mat_free(W);
    mat_free(dW);
    return 0;
}
