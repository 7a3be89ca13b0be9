/* Chapter 07 - Gradient descent: batch, stochastic, mini-batch, vectorized
 *
 * Lecture notes: 000 (linear regression y_hat = m x + c, the update
 * m_new = m_old - eta dL/dm, the MSE is convex), 001 (batch vs stochastic
 * vs mini-batch GD, vectorization: "dot replaces loops"), 002 and 004
 * (GD, SGD, mini-batch) and 003 (the update and the learning rate).
 *
 * What you will learn
 *   - gradient descent steps against the slope: x_new = x_old - eta dy/dx
 *   - the MSE of a line y_hat = m x + c and its gradient:
 *         L     = 1/n sum_i (y_i - y_hat_i)^2
 *         dL/dm = -2/n sum_i x_i (y_i - y_hat_i)
 *         dL/dc = -2/n sum_i (y_i - y_hat_i)
 *     and the update m <- m - eta dL/dm, c <- c - eta dL/dc, worked by hand
 *   - batch GD uses all n rows for one update, SGD one row, mini-batch GD
 *     B rows: the same formula over different rows (004)
 *   - the MSE over (m, c) is a bowl (convex): one minimum, and a largest
 *     learning rate 2 / lambda_max beyond which every step overshoots
 *   - on 10,000 rows, SGD and mini-batch GD get close in fewer epochs;
 *     batch GD spends less time per epoch
 *   - vectorization: the same epoch as scalar loops and as matrix products
 *
 * Run it
 *   ./build/07_gradient_descent                 the lecture, plots in out/07_gradient_descent/
 *   ./build/07_gradient_descent --plots=dumb    the plots drawn in the terminal
 *   ./build/07_gradient_descent --timing        also measure the time per epoch
 *   ./build/07_gradient_descent --data datasets/bmi_loss.csv --x height --y bmi
 *                                               fit y = m x + c to two columns of your own CSV
 *
 * Plots
 *   parabola.png        gradient descent on y = x^2, from x = 3 and from x = -2
 *   surface.png         contours of the MSE over (m, c): batch GD and SGD paths
 *   learning_rates.png  the same bowl (x centred) with three learning rates
 *   lr_loss.png         the loss above its minimum per epoch for those three
 *   gd_epochs.png       10,000 rows: batch, mini-batch and SGD, loss per epoch
 *   gd_time.png         (only with --timing) the measured time of each epoch
 *
 * tests/unit/test_ch07_gradient_descent.c checks the hand calculations
 * against the library (net_cost_grad, net_fit, gradcheck, linalg).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chapter.h"
#include "gradcheck.h"
#include "hand.h"
#include "linalg.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "plot.h"
#include "rng.h"
#include "sheet.h"

#define CHAPTER "07_gradient_descent"
#define DEFAULT_DATA "datasets/students.csv"
#define DEFAULT_X "cgpa"
#define DEFAULT_Y "lpa"
#define ETA 0.01            /* 001: "for i in epochs: eta = 0.01" */
#define MAX_ETA 1000        /* --eta above it only overflows the steps worked by hand */
#define M_START 1.0         /* 001: "w -> 1, b -> 0" */
#define C_START 0.0
#define MAX_ROWS 10000      /* --data: the most rows we accept */
#define HAND_ROWS 8         /* rows a hand table prints; the rest are summed unseen */
#define HAND_STEPS 3        /* batch GD steps printed by hand */
#define HAND_UPDATES 4      /* SGD updates printed by hand */
#define HAND_BATCHES 2      /* mini-batch updates printed by hand */
#define HAND_BATCH 2        /* the mini-batch size of the hand example */
#define NOTES_EPOCHS 5      /* 001: "epoch = 5" */
#define BOWL_LOG "bowl.log" /* --data: every epoch of section 7, in OUT/07_gradient_descent/ */
#define LONG_EPOCHS 5000    /* the long batch GD and SGD runs */
#define SGD_SHOWN 40        /* SGD updates drawn one by one on surface.png */
#define LR_EPOCHS 50        /* epochs shown for each learning rate */
#define LR_MAX_EPOCHS 5000  /* how long we follow a diverging run */
#define RUN_EPOCHS 5000     /* the longest of these runs */
#define PARABOLA_ETA 0.1    /* for y = x^2 */
#define PARABOLA_STEPS 10
#define GRID 101            /* contour grids are GRID x GRID */
#define SYN_ROWS 10000      /* the synthetic regression set */
#define SYN_FEATURES 4
#define SYN_P (SYN_FEATURES + 1) /* its model's parameters: W and b */
#define SYN_NOISE 1.0       /* standard deviation of its noise */
#define SYN_EPOCHS 20
#define SYN_ETA 0.01        /* one learning rate for all three methods */
#define SYN_ETA_BATCH 0.1   /* batch GD's own larger learning rate */
#define SYN_ETA_DIVERGE 0.1 /* too large for SGD on these rows */
#define EIG_ITERS 5000      /* power iterations for the synthetic bowl */
#define MINI_BATCH 32       /* Keras' default batch size */
#define SUM_BATCH 100       /* the mini-batch of 002's sum-vs-mean check */
#define VEC_REPS 50         /* epochs timed for the vectorization comparison */
#define SEED 7

/* The n pairs (x_i, y_i) a line is fitted to. */
typedef struct {
    int n;
    const double *x, *y; /* n values each */
    const char *xname, *yname, *path;
    int own; /* 1: not the notes' table (--data, --x, --y): named by its file and columns */
} Pairs;

/* The line y_hat = m x + c: the two parameters gradient descent moves. */
typedef struct {
    double m, c;
} Line;

/* v as a factor in a product: negative values in parentheses, "(-4)". */
static const char *factor(char *buf, size_t len, double v)
{
    char num[40];
    snprintf(buf, len, v < 0 ? "(%s)" : "%s", hand_fmt(num, sizeof num, v));
    return buf;
}

/* v in a table column of the given width, or "diverged" when it is not a
 * finite number (a learning rate far too large). */
static void print_cell(int width, double v)
{
    if (isfinite(v))
        hand_printf("  %*v", width, v);
    else
        printf("  %*s", width, "diverged");
}

/* A table with one row per chosen epoch and one column per series:
 * cols[k][e] is series k's value after epoch e (NAN: it diverged). */
static void print_columns(const char *const *names, const double *const *cols, int n_cols,
                          const int *epochs, int n_epochs)
{
    printf("    %5s", "epoch");
    for (int k = 0; k < n_cols; k++)
        printf("  %14s", names[k]);
    putchar('\n');
    for (int t = 0; t < n_epochs; t++) {
        printf("    %5d", epochs[t]);
        for (int k = 0; k < n_cols; k++)
            print_cell(14, cols[k][epochs[t]]);
        putchar('\n');
    }
}

/* ---- 1. Gradient descent on a parabola ----------------------------------------- */

/* y = f(x) = x^2 and its slope dy/dx = 2x */
static double parabola(double x)
{
    return x * x;
}

static double parabola_slope(double x)
{
    return 2.0 * x;
}

/* steps steps from x0: the path x[0..steps] and y[k] = f(x[k]), the first
 * `shown` steps printed. */
static void parabola_descent(double x0, double eta, int steps, int shown, double *x, double *y)
{
    char f1[48], f2[48];
    x[0] = x0;
    y[0] = parabola(x0);
    for (int k = 1; k <= steps; k++) {
        double slope = parabola_slope(x[k - 1]);
        x[k] = x[k - 1] - eta * slope; /* x_new = x_old - eta dy/dx */
        y[k] = parabola(x[k]);
        if (k <= shown)
            hand_printf("    step %d: dy/dx = 2 x %s = %v,  x = %v - %v x %s = %v,  y = %v\n",
                        k, factor(f1, sizeof f1, x[k - 1]), slope, x[k - 1], eta,
                        factor(f2, sizeof f2, slope), x[k], y[k]);
    }
}

static void lecture_parabola(Plotter *plotter)
{
    hand_section("1. Gradient descent on a parabola (000)");
    printf("000 draws the parabola y = f(x) = x^2:\n\n");
    double xs[] = {2, 3, -2, -3};
    for (int k = 0; k < 4; k++)
        hand_printf("    f(%v) = %v\n", xs[k], parabola(xs[k]));
    hand_printf("\nIts slope is dy/dx = 2x: at x = 1 it is 2 x 1 = %v, at x = 2 it is\n"
                "2 x 2 = %v (000: \"2 x 1 = 2\", \"2 x 2 = 4\"). The slope points uphill,\n"
                "so gradient descent steps the other way, by eta times the slope:\n\n"
                "    x_new = x_old - eta dy/dx\n\n",
                parabola_slope(1), parabola_slope(2));
    double right[PARABOLA_STEPS + 1], right_y[PARABOLA_STEPS + 1];
    double left[PARABOLA_STEPS + 1], left_y[PARABOLA_STEPS + 1];
    hand_printf("From x = 3 with eta = %v:\n", PARABOLA_ETA);
    parabola_descent(3.0, PARABOLA_ETA, PARABOLA_STEPS, 3, right, right_y);
    hand_printf("From x = -2 the slope is negative, so the step goes right (downhill again):\n");
    parabola_descent(-2.0, PARABOLA_ETA, PARABOLA_STEPS, 1, left, left_y);
    hand_printf("\nEvery step multiplies x by (1 - 2 eta) = %v: after %d steps from 3,\n"
                "x = %v. The minimum is x = 0, where the slope is 0 and the steps stop.\n",
                1 - 2 * PARABOLA_ETA, PARABOLA_STEPS, right[PARABOLA_STEPS]);

    Plot *pl = plot_begin(plotter, "parabola", &(PlotSpec){
        .title = "Gradient descent on y = x^2 (000): each step moves against the slope",
        .xlabel = "x", .ylabel = "y = x^2", .settings = "set key top center"});
    double cx[121], cy[121];
    for (int i = 0; i <= 120; i++) {
        cx[i] = -3.5 + 7.0 * i / 120;
        cy[i] = parabola(cx[i]);
    }
    plot_series(pl, "y = x^2", "lines lw 2 lc rgb '#555555'", cx, cy, 121);
    plot_series(pl, "steps from x = 3 (eta = 0.1)", "linespoints pt 7 lw 1.5 lc rgb '#c0392b'",
                right, right_y, PARABOLA_STEPS + 1);
    plot_series(pl, "steps from x = -2 (eta = 0.1)", "linespoints pt 5 lw 1.5 lc rgb '#2e6fb5'",
                left, left_y, PARABOLA_STEPS + 1);
    plot_end(pl);
}

/* ---- 2. and 3. The line, its loss and gradient ---------------------------------- */

static void lecture_data(const Pairs *d)
{
    hand_section("2. Linear regression y_hat = m x + c (000)");
    printf("A line y_hat = m x + c has two parameters: the weight m (slope) and the\n"
           "constant c (intercept). Gradient descent moves them until the line fits.\n\n");
    printf("%s: %d rows; x = %s, y = %s.\n", d->path, d->n, d->xname, d->yname);
    if (strcmp(d->path, DEFAULT_DATA) == 0 && strcmp(d->xname, DEFAULT_X) == 0 &&
        strcmp(d->yname, DEFAULT_Y) == 0)
        printf("This is 001's regression table: four students' cgpa and their package in\n"
               "lpa. 001 trains on it one student at a time (\"for i in range(4)\",\n"
               "\"epoch = 5\"); one input, cgpa, makes it a line y_hat = m x + c.\n");
    hand_printf("\n    %4s  %11s  %11s\n", "i", d->xname, d->yname);
    for (int i = 0; i < d->n && i < HAND_ROWS; i++)
        hand_printf("    %4d  %11v  %11v\n", i + 1, d->x[i], d->y[i]);
    if (d->n > HAND_ROWS)
        printf("    ... and %d more rows\n", d->n - HAND_ROWS);
}

/* The MSE of a line on rows first .. first + k - 1, with every number a
 * hand calculation shows (the first HAND_ROWS rows' y_hat_i, e_i, e_i^2,
 * x_i e_i, and the sums over all k rows). */
typedef struct {
    int first, k;
    Line p;                                   /* the line it was taken at */
    double y_hat[HAND_ROWS], e[HAND_ROWS], e2[HAND_ROWS], xe[HAND_ROWS];
    double sum_e, sum_e2, sum_xe;
    double L, dL_dm, dL_dc;
} Grad;

/*   y_hat_i = m x_i + c,  e_i = y_i - y_hat_i
 *   L     = 1/k sum_i e_i^2
 *   dL/dm = -2/k sum_i x_i e_i      (dL/dy_hat_i = -2/k e_i, dy_hat_i/dm = x_i)
 *   dL/dc = -2/k sum_i e_i          (dy_hat_i/dc = 1) */
static Grad mse_grad(const Pairs *d, int first, int k, Line p)
{
    Grad g = {.first = first, .k = k, .p = p};
    for (int r = 0; r < k; r++) {
        double x = d->x[first + r], y = d->y[first + r];
        double y_hat = p.m * x + p.c;
        double e = y - y_hat;
        g.sum_e2 += e * e;
        g.sum_xe += x * e;
        g.sum_e += e;
        if (r < HAND_ROWS) {
            g.y_hat[r] = y_hat;
            g.e[r] = e;
            g.e2[r] = e * e;
            g.xe[r] = x * e;
        }
    }
    g.L = g.sum_e2 / k;
    g.dL_dm = -2.0 / k * g.sum_xe;
    g.dL_dc = -2.0 / k * g.sum_e;
    return g;
}

/* The cost: the MSE over all n rows. */
static double cost(const Pairs *d, Line p)
{
    return mse_grad(d, 0, d->n, p).L;
}

/* The gradient g as the notes work it: the first row, the table, the sums. */
static void print_gradient(const Pairs *d, const Grad *g)
{
    char f[48];
    int i = g->first, k = g->k;
    hand_printf("    y_hat_%d = m x_%d + c = %v x %v%+v = %v\n", i + 1, i + 1, g->p.m, d->x[i],
                g->p.c, g->y_hat[0]);
    hand_printf("    e_%d = y_%d - y_hat_%d = %v - %v = %v\n\n", i + 1, i + 1, i + 1, d->y[i],
                g->y_hat[0], g->e[0]);
    hand_printf("    %4s  %11s  %11s  %11s  %11s  %11s  %11s\n", "i", "x_i", "y_i", "y_hat_i",
                "e_i", "e_i^2", "x_i e_i");
    for (int r = 0; r < k && r < HAND_ROWS; r++)
        hand_printf("    %4d  %11v  %11v  %11v  %11v  %11v  %11v\n", i + r + 1, d->x[i + r],
                    d->y[i + r], g->y_hat[r], g->e[r], g->e2[r], g->xe[r]);
    if (k > HAND_ROWS)
        printf("    ... and %d more rows\n", k - HAND_ROWS);
    if (k > 1)
        hand_printf("    %4s  %11s  %11s  %11s  %11v  %11v  %11v\n", "sum", "", "", "", g->sum_e,
                    g->sum_e2, g->sum_xe);
    hand_printf("\n    L     = 1/%d sum e_i^2     = 1/%d x %v = %v\n", k, k, g->sum_e2, g->L);
    hand_printf("    dL/dm = -2/%d sum x_i e_i  = -2/%d x %s = %v\n", k, k,
                factor(f, sizeof f, g->sum_xe), g->dL_dm);
    hand_printf("    dL/dc = -2/%d sum e_i      = -2/%d x %s = %v\n", k, k,
                factor(f, sizeof f, g->sum_e), g->dL_dc);
}

/* For gradcheck_numeric: the cost as a function of the line in ctx. */
typedef struct {
    const Pairs *d;
    Line p;
} CostAt;

static double cost_at(void *ctx)
{
    CostAt *c = ctx;
    return cost(c->d, c->p);
}

/* Section 3's gradient at the start, which section 4 steps with. */
static Grad lecture_gradient(const Pairs *d, Line start)
{
    hand_section("3. The loss and its gradient");
    printf("The cost of the line is the mean squared error over the n rows (000):\n\n"
           "    L(m, c) = 1/n sum_i (y_i - y_hat_i)^2,     y_hat_i = m x_i + c\n\n"
           "By the chain rule, with dL/dy_hat_i = -2/n (y_i - y_hat_i) (001 writes\n"
           "-2(y - y_hat) for one row), dy_hat_i/dm = x_i and dy_hat_i/dc = 1:\n\n"
           "    dL/dm = -2/n sum_i x_i (y_i - y_hat_i)\n"
           "    dL/dc = -2/n sum_i (y_i - y_hat_i)\n\n");
    hand_printf("At the start m = %v, c = %v (001: \"w -> 1, b -> 0\"), with e_i = y_i - y_hat_i:\n\n",
                start.m, start.c);
    Grad g = mse_grad(d, 0, d->n, start);
    print_gradient(d, &g);
    /* the slope measured: (L(m + h) - L(m - h)) / 2h, and the same in c */
    CostAt at = {d, start};
    double num_m = gradcheck_numeric(cost_at, &at, &at.p.m, GRADCHECK_STEP);
    double num_c = gradcheck_numeric(cost_at, &at, &at.p.c, GRADCHECK_STEP);
    hand_printf("\nMeasured by central differences, (L(m + h) - L(m - h)) / 2h: %v and %v.\n",
                num_m, num_c);
    printf("dL/dm > 0 says that a larger m gives a larger loss, so m must go down;\n"
           "dL/dm < 0 would say the opposite. The minus sign of the update does that.\n");
    return g;
}

/* ---- 4. to 6. Batch, stochastic and mini-batch GD by hand ----------------------- */

/* The update, printed by hand when show is set:
 *   m <- m - eta dL/dm,   c <- c - eta dL/dc */
static Line gd_update(Line p, double eta, const Grad *g, int show)
{
    Line next = {p.m - eta * g->dL_dm, p.c - eta * g->dL_dc};
    char f[48];
    if (show) {
        hand_printf("    m = m - eta dL/dm = %v - %v x %s = %v\n", p.m, eta,
                    factor(f, sizeof f, g->dL_dm), next.m);
        hand_printf("    c = c - eta dL/dc = %v - %v x %s = %v\n", p.c, eta,
                    factor(f, sizeof f, g->dL_dc), next.c);
    }
    return next;
}

static int finite_line(Line p)
{
    return isfinite(p.m) && isfinite(p.c);
}

/* What a hand calculation says when the numbers left the finite ones. */
static void print_blowup(double eta, double eta_max)
{
    hand_printf("    The cost is no longer a finite number: eta = %v is far above this\n"
                "    data's limit 2 / lambda_max = %v (section 7). The rest is skipped.\n",
                eta, eta_max);
}

/* One epoch through the rows in order, in batches of B rows (the last one
 * may be smaller): B = n is batch GD, B = 1 is SGD, in between mini-batch.
 * The first `shown` updates are printed by hand (until the line stops
 * being finite). Returns the epoch's average loss: the batches' losses
 * (each taken just before its update) weighted by their sizes - 001's
 * "calc avg loss for the epoch", and what Keras prints as loss. */
static double gd_epoch(const Pairs *d, int B, Line *p, double eta, int shown)
{
    double total = 0.0;
    int u = 0;
    for (int first = 0; first < d->n; first += B, u++) {
        int k = d->n - first < B ? d->n - first : B;
        Grad g = mse_grad(d, first, k, *p);
        if (u < shown && B == 1)
            hand_printf("\nUpdate %d, row %d, from m = %v, c = %v:\n", u + 1, first + 1, p->m,
                        p->c);
        else if (u < shown)
            hand_printf("\nBatch %d (rows %d to %d), from m = %v, c = %v:\n", u + 1, first + 1,
                        first + k, p->m, p->c);
        if (u < shown)
            print_gradient(d, &g);
        *p = gd_update(*p, eta, &g, u < shown);
        if (u < shown && !finite_line(*p))
            shown = u + 1; /* blew up: the caller says so */
        total += k * g.L;
    }
    return total / d->n;
}

/* Where one epoch from the start ended, for section 6's comparison. */
typedef struct {
    Line p;
    double cost;
    int updates;
} EpochEnd;

static EpochEnd lecture_batch(const Pairs *d, const Grad *g0, double eta, double eta_max)
{
    hand_section("4. Batch gradient descent by hand (all rows, then one update)");
    hand_printf("Batch GD (001: \"entire dataset -> update\") computes the gradient on all %d\n"
                "rows, then moves once: m <- m - eta dL/dm, c <- c - eta dL/dc, eta = %v.\n",
                d->n, eta);
    Grad g = *g0;
    Line p = g0->p;
    EpochEnd first = {.updates = 1};
    for (int step = 1; step <= HAND_STEPS; step++) {
        hand_printf("\nStep %d, from m = %v, c = %v", step, p.m, p.c);
        if (step == 1) {
            printf(", with the gradient of section 3:\n");
        } else {
            printf(":\n");
            print_gradient(d, &g);
        }
        Line next = gd_update(p, eta, &g, 1);
        g = mse_grad(d, 0, d->n, next); /* the next step's gradient and this one's cost */
        hand_printf("    cost after the step: L(%v, %v) = %v\n", next.m, next.c, g.L);
        if (step == 1)
            first = (EpochEnd){next, g.L, 1};
        p = next;
        if (!finite_line(p) || !isfinite(g.L)) {
            print_blowup(eta, eta_max);
            break;
        }
    }
    return first;
}

static EpochEnd lecture_sgd(const Pairs *d, const Grad *g0, double eta, double eta_max)
{
    hand_section("5. Stochastic gradient descent by hand (one row, then one update)");
    hand_printf("SGD (001: \"for each row -> update\") runs 001's loop: for each %s in\n"
                "order, (a) predict, (b) the loss of that row, (c) update m and c. The\n"
                "formula is the same with n = 1 (004: \"formula for all 3 types of gradient\n"
                "descent is same\"); eta = %v.\n", d->own ? "row" : "student", eta);
    /* the notes' 5 epochs; the first one's updates printed by hand */
    double avg[NOTES_EPOCHS + 1], L[NOTES_EPOCHS + 1], m[NOTES_EPOCHS + 1], c[NOTES_EPOCHS + 1];
    Line p = g0->p;
    for (int e = 1; e <= NOTES_EPOCHS; e++) {
        avg[e] = gd_epoch(d, 1, &p, eta, e == 1 ? HAND_UPDATES : 0);
        L[e] = cost(d, p), m[e] = p.m, c[e] = p.c;
    }
    EpochEnd end = {{m[1], c[1]}, L[1], d->n};
    if (!finite_line(end.p) || !isfinite(L[1])) {
        print_blowup(eta, eta_max);
        return end;
    }
    if (d->n > HAND_UPDATES)
        printf("\n... and %d more updates, one per row.\n", d->n - HAND_UPDATES);
    hand_printf("\nAfter epoch 1 (%d updates): m = %v, c = %v.\n", d->n, m[1], c[1]);
    hand_printf("001 then says \"calc avg loss for the epoch\": the mean of the row losses\n"
                "met on the way (each before its update) is %v. That is not the cost\n"
                "of the line the epoch ended with:\n\n"
                "    L(%v, %v) = %v,  %s the start's %v\n\n"
                "Each update pulls the line towards one row, and the last rows pull last.\n",
                avg[1], m[1], c[1], L[1], L[1] > g0->L ? "above" : "below", g0->L);
    hand_printf("\nThe notes' %d epochs (\"epoch = 5\"), rows in order:\n\n", NOTES_EPOCHS);
    print_columns((const char *[]){"avg loss", "cost after", "m", "c"},
                  (const double *[]){avg, L, m, c}, 4, (int[]){1, 2, 3, 4, 5}, NOTES_EPOCHS);
    return end;
}

static void lecture_minibatch(const Pairs *d, const Grad *g0, double eta, double eta_max,
                              const EpochEnd *batch, const EpochEnd *sgd)
{
    hand_section("6. Mini-batch gradient descent by hand (B rows, then one update)");
    int B = HAND_BATCH < d->n ? HAND_BATCH : d->n;
    int updates = (d->n + B - 1) / B;
    hand_printf("Mini-batch GD takes the rows B = %d at a time: the mean gradient of a\n"
                "batch, then an update. One epoch of %d rows makes %d updates.\n", B, d->n,
                updates);
    Line p = g0->p;
    gd_epoch(d, B, &p, eta, HAND_BATCHES);
    if (!finite_line(p)) {
        print_blowup(eta, eta_max);
        return;
    }
    if (updates > HAND_BATCHES)
        printf("\n... and %d more batches.\n", updates - HAND_BATCHES);
    EpochEnd mini = {p, cost(d, p), updates};

    hand_printf("\nAfter one epoch from m = %v, c = %v (eta = %v), cost %v at the start:\n\n",
                g0->p.m, g0->p.c, eta, g0->L);
    hand_printf("    %-22s  %8s  %14s  %14s  %14s\n", "method", "updates", "m", "c", "cost");
    const EpochEnd *ends[] = {batch, &mini, sgd};
    const char *names[] = {"batch GD", "mini-batch GD", "stochastic GD"};
    int sizes[] = {d->n, B, 1};
    for (int k = 0; k < 3; k++) {
        char label[40];
        snprintf(label, sizeof label, "%s (B = %d)", names[k], sizes[k]);
        printf("    %-22s  %8d", label, ends[k]->updates);
        print_cell(14, ends[k]->p.m);
        print_cell(14, ends[k]->p.c);
        print_cell(14, ends[k]->cost);
        putchar('\n');
    }
}

/* ---- 7. The bowl ---------------------------------------------------------------------- */

/* What the MSE surface of the data looks like. The Hessian (the matrix of
 * second derivatives) of L(m, c) is the same everywhere:
 *   H = 2/n [[sum x^2, sum x], [sum x, n]]
 * Its eigenvalues say how steep the bowl is along its two axes. */
typedef struct {
    double h_mm, h_mc, h_cc;          /* H */
    double lambda_max, lambda_min;    /* its eigenvalues */
    double eta_max;                   /* the largest stable learning rate, 2 / lambda_max */
    double x_mean, y_mean, sxx, sxy;  /* sxx = sum (x - x_mean)^2, sxy = sum (x - x_mean)(y - y_mean) */
    Line best;                        /* the least-squares line */
    double L_best;                    /* its cost */
} Bowl;

static Bowl bowl_of(const Pairs *d)
{
    Bowl b = {0};
    int n = d->n;
    double sum_x = 0.0, sum_x2 = 0.0, sum_y = 0.0;
    for (int i = 0; i < n; i++) {
        sum_x += d->x[i];
        sum_x2 += d->x[i] * d->x[i];
        sum_y += d->y[i];
    }
    b.h_mm = 2.0 / n * sum_x2;
    b.h_mc = 2.0 / n * sum_x;
    b.h_cc = 2.0;
    b.x_mean = sum_x / n;
    b.y_mean = sum_y / n;
    for (int i = 0; i < n; i++) {
        b.sxx += (d->x[i] - b.x_mean) * (d->x[i] - b.x_mean);
        b.sxy += (d->x[i] - b.x_mean) * (d->y[i] - b.y_mean);
    }
    /* eigenvalues of [[a, h], [h, d]]: (a + d)/2 +- sqrt(((a - d)/2)^2 + h^2);
     * the small one as det / lambda_max, det = a d - h^2 = 4 sxx / n */
    double half_sum = (b.h_mm + b.h_cc) / 2, half_diff = (b.h_mm - b.h_cc) / 2;
    b.lambda_max = half_sum + sqrt(half_diff * half_diff + b.h_mc * b.h_mc);
    b.lambda_min = 4.0 * b.sxx / n / b.lambda_max;
    b.eta_max = 2.0 / b.lambda_max;
    /* dL/dm = dL/dc = 0:  m* = sxy / sxx,  c* = y_mean - m* x_mean */
    b.best.m = b.sxy / b.sxx;
    b.best.c = b.y_mean - b.best.m * b.x_mean;
    b.L_best = cost(d, b.best);
    return b;
}

/* A run of full epochs: the line after each (path[0] is the start). */
typedef struct {
    Line path[RUN_EPOCHS + 1];
    double L[RUN_EPOCHS + 1]; /* the cost after each epoch (NAN after it diverged) */
    int epochs;               /* epochs completed with a finite cost */
    int diverged;             /* the epoch whose cost was not finite, or 0 */
    int rose;                 /* batch GD: the first epoch whose cost rose, or 0 */
    int nan;                  /* the cost that stopped it was NaN (else infinite) */
} Run;

/* Train with batches of B rows for up to max_epochs <= RUN_EPOCHS,
 * stopping when the cost stops being finite: gradient descent diverged. */
static void run_gd(Run *r, const Pairs *d, Line start, int B, double eta, int max_epochs)
{
    r->epochs = r->diverged = r->rose = r->nan = 0;
    for (int e = 0; e <= max_epochs; e++)
        r->L[e] = NAN; /* until reached */
    Line p = start;
    r->path[0] = p;
    r->L[0] = cost(d, p);
    for (int e = 1; e <= max_epochs; e++) {
        gd_epoch(d, B, &p, eta, 0);
        double L = cost(d, p);
        if (!isfinite(L) || !finite_line(p)) {
            r->diverged = e;
            r->nan = isnan(L);
            break;
        }
        if (B >= d->n && !r->rose && L > r->L[e - 1])
            r->rose = e; /* batch GD below the limit never raises the cost */
        r->path[e] = p;
        r->L[e] = L;
        r->epochs = e;
    }
}

/* The clear diagnostic of a diverged run. */
static void print_divergence(const Run *r, double eta, double eta_max)
{
    hand_printf("    diverged: with eta = %v the cost became %s at epoch %d.\n", eta,
                r->nan ? "NaN" : "infinite", r->diverged);
    if (r->rose)
        hand_printf("    The early sign: the cost went up from epoch %d to epoch %d (on a bowl,\n"
                    "    batch GD with eta below the limit lowers it every epoch).\n",
                    r->rose - 1, r->rose);
    hand_printf("    This bowl's limit is 2 / lambda_max = %v: use a learning rate below it.\n",
                eta_max);
}

/* The plotting window (m across, c up): around the start and the minimum. */
static ChapterBox box_around(Line a, Line b)
{
    double mm = 0.3 * fabs(a.m - b.m) + 0.5, mc = 0.3 * fabs(a.c - b.c) + 0.5;
    return (ChapterBox){fmin(a.m, b.m) - mm, fmax(a.m, b.m) + mm, fmin(a.c, b.c) - mc,
                        fmax(a.c, b.c) + mc};
}

/* The box grown to hold the first `steps` points of a run's path. */
static ChapterBox box_with_steps(ChapterBox b, const Run *r, int steps)
{
    for (int e = 1; e <= steps && e <= r->epochs; e++) {
        Line p = r->path[e];
        double mm = 0.1 * (b.x1 - b.x0), mc = 0.1 * (b.y1 - b.y0);
        b.x0 = fmin(b.x0, p.m - mm), b.x1 = fmax(b.x1, p.m + mm);
        b.y0 = fmin(b.y0, p.c - mc), b.y1 = fmax(b.y1, p.c + mc);
    }
    return b;
}

/* Contours of L(m, c) over the box, at L* + (L_start - L*) 2^k. */
static void plot_bowl(Plot *pl, const Pairs *d, const Bowl *bw, ChapterBox box, double L_start)
{
    double *z = malloc((size_t)GRID * GRID * sizeof *z);
    if (!z) {
        plot_fail(pl, "out of memory for a %d x %d grid", GRID, GRID);
        return;
    }
    for (int i = 0; i < GRID; i++)
        for (int j = 0; j < GRID; j++) {
            Line p = {box.x0 + j * (box.x1 - box.x0) / (GRID - 1),
                      box.y0 + i * (box.y1 - box.y0) / (GRID - 1)};
            z[i * GRID + j] = cost(d, p);
        }
    double gap = L_start > bw->L_best ? L_start - bw->L_best : 1.0;
    double levels[14];
    for (int k = 0; k < 14; k++)
        levels[k] = bw->L_best + gap * ldexp(1.0, k - 10);
    plot_contour(pl, &(PlotGrid){box.x0, box.x1, box.y0, box.y1, GRID, GRID, z}, levels, 14,
                 "contours of the MSE L(m, c)");
    free(z);
}

/* The first `epochs` + 1 points of a run's path that stay near the box (a
 * diverging path leaves it), or just the line p when r is NULL. */
static void plot_path(Plot *pl, const Run *r, int epochs, Line p, ChapterBox box,
                      const char *legend, const char *style)
{
    int n = 0, most = r ? (epochs < r->epochs ? epochs : r->epochs) + 1 : 1;
    double *m = malloc(2 * (size_t)most * sizeof *m);
    if (!m) {
        plot_fail(pl, "out of memory for %d points", most);
        return;
    }
    double *c = m + most, wm = box.x1 - box.x0, wc = box.y1 - box.y0;
    for (int e = 0; e < most; e++) {
        if (r)
            p = r->path[e];
        if (p.m < box.x0 - wm || p.m > box.x1 + wm || p.c < box.y0 - wc || p.c > box.y1 + wc)
            break; /* far outside: the rest only goes further */
        m[n] = p.m;
        c[n++] = p.c;
    }
    plot_series(pl, legend, style, m, c, n);
    free(m);
}

/* surface.png: the bowl's contours, the batch GD path, SGD's updates in
 * epoch 1 and its position after each epoch. */
static void plot_surface(Plotter *plotter, const Pairs *d, const Bowl *bw, Line start,
                         double eta, const Run *batch, const Run *sgd)
{
    ChapterBox box = box_around(start, bw->best);
    char settings[200], title[600];
    if (d->own) /* the student's file: its name and columns */
        snprintf(title, sizeof title, "The MSE of %s = m %s + c on %s over (m, c) is a bowl: "
                 "%d epochs from (%g, %g), eta = %g", d->yname, d->xname, d->path, LONG_EPOCHS,
                 start.m, start.c, eta);
    else
        snprintf(title, sizeof title,
                 "The MSE over (m, c) is a bowl: %d epochs from (%g, %g), eta = %g",
                 LONG_EPOCHS, start.m, start.c, eta);
    Plot *pl = plot_begin(plotter, "surface", &(PlotSpec){
        .title = title, .xlabel = "m (slope)", .ylabel = "c (intercept)",
        .settings = chapter_box_settings(settings, sizeof settings, &box, "set key outside right"),
        .width = 1100, .height = 700});
    plot_bowl(pl, d, bw, box, batch->L[0]);
    plot_path(pl, batch, LONG_EPOCHS, start, box, "batch GD, after each epoch",
              "linespoints pt 7 ps 0.5 lw 1.5 lc rgb '#2e6fb5'");
    plot_path(pl, sgd, LONG_EPOCHS, start, box, "SGD, after each epoch",
              "points pt 6 ps 0.8 lc rgb '#e67e22'");
    double um[SGD_SHOWN + 1], uc[SGD_SHOWN + 1];
    int n_up = d->n < SGD_SHOWN ? d->n : SGD_SHOWN;
    Line p = start;
    um[0] = p.m, uc[0] = p.c;
    for (int i = 0; i < n_up; i++) { /* SGD's updates within epoch 1, one per row */
        Grad g = mse_grad(d, i, 1, p);
        p = gd_update(p, eta, &g, 0);
        um[i + 1] = p.m, uc[i + 1] = p.c;
    }
    plot_series(pl, "SGD, each update of epoch 1", "linespoints pt 7 ps 0.7 lw 1 dt 2 lc rgb '#e67e22'",
                um, uc, n_up + 1);
    plot_path(pl, NULL, 0, start, box, "start (m, c) = (1, 0)", "points pt 5 ps 1.6 lc rgb '#111111'");
    plot_path(pl, NULL, 0, bw->best, box, "least-squares minimum (m*, c*)",
              "points pt 3 ps 2.5 lw 2 lc rgb '#c0392b'");
    plot_end(pl);
}

/* For the student's own data: every epoch of section 7's two runs (the
 * table shows chosen ones), with the cost, m and c, into dir/BOWL_LOG,
 * and a line naming it. A log that cannot be written is said on stderr,
 * and the lecture goes on. */
static void write_bowl_log(const char *dir, const Run runs[2])
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, BOWL_LOG);
    FILE *fp = plot_make_dirs(dir) == 0 ? fopen(path, "w") : NULL;
    int ok = fp != NULL;
    if (fp) {
        fprintf(fp, "%5s  %14s  %14s  %14s  %14s  %14s  %14s\n", "epoch", "batch GD cost",
                "batch GD m", "batch GD c", "SGD cost", "SGD m", "SGD c");
        for (int e = 0; e <= LONG_EPOCHS; e++) {
            fprintf(fp, "%5d", e);
            for (int k = 0; k < 2; k++) {
                int reached = e <= runs[k].epochs;
                char L[32], m[32], c[32];
                fprintf(fp, "  %14s  %14s  %14s", hand_fmt(L, sizeof L, runs[k].L[e]),
                        reached ? hand_fmt(m, sizeof m, runs[k].path[e].m) : "-",
                        reached ? hand_fmt(c, sizeof c, runs[k].path[e].c) : "-");
            }
            fputc('\n', fp);
        }
        ok = fclose(fp) == 0;
    }
    if (ok)
        printf("\n(All %d epochs of both runs, with m and c, are in %s.)\n", LONG_EPOCHS + 1,
               path);
    else
        fprintf(stderr, "error: %s: cannot write the epoch table\n", path);
}

/* Section 7's bowl bw worked out: L(m, c)'s second derivatives, their
 * eigenvalues, the least-squares line and the largest stable eta. */
static void print_bowl(const Bowl *bw)
{
    char f[48];
    hand_printf("000: \"MSE => quadratic eq\", \"convex fn\", \"global minima\". L(m, c) is a\n"
                "quadratic in m and c, and its second derivatives are the same everywhere:\n\n"
                "    d2L/dm2   = 2/n sum x_i^2 = %v\n"
                "    d2L/dm dc = 2/n sum x_i   = %v\n"
                "    d2L/dc2   = 2/n n         = %v\n\n",
                bw->h_mm, bw->h_mc, bw->h_cc);
    hand_printf("In a direction (u, v) the curvature is u^2 d2L/dm2 + 2 u v d2L/dm dc +\n"
                "v^2 d2L/dc2 = 2/n sum_i (u x_i + v)^2 >= 0: the surface curves up in every\n"
                "direction. It is a bowl (convex), and the one point where the gradient is\n"
                "0 is its minimum. The steepest and the flattest curvature are the\n"
                "eigenvalues of that 2 x 2 matrix:\n\n"
                "    lambda_max = %v,   lambda_min = %v\n\n"
                "so the bowl is %v times steeper across than along.\n"
                "Setting dL/dm = dL/dc = 0 gives the least-squares line:\n\n",
                bw->lambda_max, bw->lambda_min, bw->lambda_max / bw->lambda_min);
    hand_printf("    m* = sum (x - x_mean)(y - y_mean) / sum (x - x_mean)^2 = %v / %v\n"
                "       = %v\n", bw->sxy, bw->sxx, bw->best.m);
    hand_printf("    c* = y_mean - m* x_mean = %v - %s x %v = %v\n", bw->y_mean,
                factor(f, sizeof f, bw->best.m), bw->x_mean, bw->best.c);
    hand_printf("    L(m*, c*) = %v\n\n", bw->L_best);
    hand_printf("Along the steep axis a step of eta multiplies the distance to the minimum\n"
                "by (1 - eta lambda_max), so the distance shrinks only while\n\n"
                "    eta < 2 / lambda_max = %v\n\n"
                "Along the flat axis each step keeps (1 - eta lambda_min) of the distance.\n",
                bw->eta_max);
}

/* Where section 7's runs (runs[0]: batch GD, runs[1]: SGD, eta) on the
 * table d with the bowl bw ended, if they did not diverge. */
static void print_bowl_ends(const Pairs *d, const Bowl *bw, double eta, const Run *runs)
{
    const Run *batch = &runs[0], *sgd = &runs[1];
    if (!batch->diverged) {
        Line end = batch->path[batch->epochs];
        hand_printf("\nBatch GD: m = %v, c = %v after %d epochs.\n", end.m, end.c,
                    batch->epochs);
        if (bw->lambda_max > 10 * bw->lambda_min)
            hand_printf("Its first steps crossed the valley; since then it crawls along the\n"
                        "floor, keeping (1 - eta lambda_min) = %v of the distance an epoch.\n",
                        1 - eta * bw->lambda_min);
    }
    if (!sgd->diverged) {
        Line end = sgd->path[sgd->epochs];
        hand_printf("SGD: m = %v, c = %v after %d epochs, cost %v.\n"
                    "With a constant eta SGD does not settle at the minimum: each row pulls\n"
                    "the line its own way, and every epoch ends after the same %d pulls, so\n"
                    "at the same place. (A smaller eta, or one that shrinks, ends closer.)\n",
                    end.m, end.c, sgd->epochs, sgd->L[sgd->epochs], d->n);
    }
}

/* Section 7 (runs[0..1]: batch GD and SGD, filled here). */
static void lecture_bowl(Plotter *plotter, const Pairs *d, const Bowl *bw, Line start,
                         double eta, Run *runs)
{
    hand_section("7. The MSE is a bowl (convex): one minimum");
    print_bowl(bw);
    hand_printf("\n%d epochs from m = %v, c = %v with eta = %v, batch GD and SGD (rows in\n"
                "order); the cost after chosen epochs:\n\n", LONG_EPOCHS, start.m, start.c, eta);
    run_gd(&runs[0], d, start, d->n, eta, LONG_EPOCHS);
    run_gd(&runs[1], d, start, 1, eta, LONG_EPOCHS);
    const char *names[] = {"batch GD", "SGD"};
    print_columns(names, (const double *[]){runs[0].L, runs[1].L}, 2,
                  (int[]){0, 1, 2, 3, 10, 100, 1000, 5000}, 8);
    if (d->own)
        write_bowl_log(plotter->dir, runs);
    for (int k = 0; k < 2; k++)
        if (runs[k].diverged) {
            printf("\n%s:\n", names[k]);
            print_divergence(&runs[k], eta, bw->eta_max);
        }
    print_bowl_ends(d, bw, eta, runs);
    plot_surface(plotter, d, bw, start, eta, &runs[0], &runs[1]);
}

/* ---- 8. The learning rate ---------------------------------------------------------- */

/* v rounded to one significant digit (up with ceil_it): 0.2286 -> 0.2. */
static double one_digit(double v, int ceil_it)
{
    int e = (int)floor(log10(v));
    double scale = pow(10.0, e < 0 ? -e : e);
    double q = e < 0 ? v * scale : v / scale;
    q = ceil_it ? ceil(q) : floor(q + 0.5);
    return e < 0 ? q / scale : q * scale;
}

/* learning_rates.png: the three runs on the centred bowl; lr_loss.png:
 * their cost above the minimum. */
static void plot_learning_rates(Plotter *plotter, const Pairs *dc, const Bowl *bc, Line start,
                                const Run *runs, const double *etas)
{
    static const char *styles[] = {"linespoints pt 7 ps 0.5 lw 1.5 lc rgb '#27ae60'",
                                   "linespoints pt 7 ps 0.8 lw 2 lc rgb '#2e6fb5'",
                                   "linespoints pt 7 ps 0.8 lw 1.5 lc rgb '#c0392b'"};
    static const char *what[] = {"too small", "right", "too large: overshoots further each step"};
    char legends[3][120];
    for (int k = 0; k < 3; k++)
        snprintf(legends[k], sizeof legends[k], "eta = %g (%s)", etas[k], what[k]);
    ChapterBox box = box_around(start, bc->best);
    for (int k = 0; k < 3; k++)
        box = box_with_steps(box, &runs[k], 4);
    char settings[220];
    Plot *pl = plot_begin(plotter, "learning_rates", &(PlotSpec){
        .title = "The learning rate on the bowl of centred x: too small, right, too large",
        .xlabel = "m (slope)", .ylabel = "c' (intercept for x' = x - x_mean)",
        /* long legends: below the plot, so the bowl keeps its width */
        .settings = chapter_box_settings(settings, sizeof settings, &box,
                                         "set key below\nset xlabel offset 0,-0.5\nset bmargin 9"),
        .width = 1100, .height = 700});
    plot_bowl(pl, dc, bc, box, runs[0].L[0]);
    for (int k = 0; k < 3; k++)
        plot_path(pl, &runs[k], LR_EPOCHS, start, box, legends[k], styles[k]);
    plot_path(pl, NULL, 0, start, box, "start", "points pt 5 ps 1.6 lc rgb '#111111'");
    plot_path(pl, NULL, 0, bc->best, box, "minimum", "points pt 3 ps 2.5 lw 2 lc rgb '#111111'");
    plot_end(pl);

    double gap[3][LR_EPOCHS + 1];
    ChapterCurve curves[3];
    for (int k = 0; k < 3; k++) {
        int n = 0;
        for (int e = 0; e <= runs[k].epochs && e <= LR_EPOCHS; e++) {
            gap[k][n] = runs[k].L[e] - bc->L_best;
            if (gap[k][n] <= 1e-15)
                break; /* reached the minimum to rounding: log scale ends here */
            n++;
        }
        curves[k] = (ChapterCurve){legends[k], styles[k], gap[k], n, 0};
    }
    chapter_plot_curves(plotter, "lr_loss", &(PlotSpec){
        .title = "Cost above its minimum per epoch, for three learning rates (centred x)",
        .xlabel = "epoch", .ylabel = "L - L* (log scale)",
        .settings = "set logscale y\nset format y '%.0e'\nset key bottom right"}, curves, 3);
}

/* How section 8's three runs at the rates etas ended, on the bowl bc of
 * centred x (x_mean: to turn c' back into c). */
static void print_rate_ends(const Run *runs, const double *etas, const Bowl *bc, double x_mean)
{
    Line end = runs[1].path[runs[1].epochs];
    int there = runs[1].L[runs[1].epochs] - bc->L_best <= 1e-9 * bc->L_best;
    hand_printf("\nWith eta = %v the line after %d epochs is m = %v, c' = %v\n"
                "(c = c' - m x_mean = %v): %s.\n",
                etas[1], runs[1].epochs, end.m, end.c, end.c - end.m * x_mean,
                there ? "the least-squares line of section 7" : "on its way to the least-squares line");
    hand_printf("With eta = %v the steep direction (m) keeps (1 - eta lambda_max) = %v of\n"
                "its distance each epoch and the flat one (c') %v: still far after %d epochs.\n",
                etas[0], 1 - etas[0] * bc->lambda_max, 1 - etas[0] * bc->lambda_min, LR_EPOCHS);
    double factor2 = 1 - etas[2] * bc->lambda_max;
    hand_printf("With eta = %v each step overshoots m by more than it corrects:\n"
                "(1 - eta lambda_max) = %v, so the distance grows %v times an epoch.\n",
                etas[2], factor2, fabs(factor2));
    if (runs[2].diverged)
        print_divergence(&runs[2], etas[2], bc->eta_max);
    else
        hand_printf("    after %d epochs the cost is still finite: %v.\n", runs[2].epochs,
                    runs[2].L[runs[2].epochs]);
}

/* 004's update without eta is eta = 1: what it does on the original x of
 * the table d, with the bowl bw (run: filled here). */
static void lecture_eta_one(Run *run, const Pairs *d, const Bowl *bw, Line start)
{
    run_gd(run, d, start, d->n, 1.0, LR_MAX_EPOCHS);
    hand_printf("\n004 writes the update without eta, w_new = w_old - dL/dw_old: that is\n"
                "eta = 1. On the original x (limit %v) it is %v times too large:\n",
                bw->eta_max, bw->lambda_max / 2.0);
    if (run->diverged)
        print_divergence(run, 1.0, bw->eta_max);
    else
        hand_printf("    the cost after %d epochs is %v.\n", run->epochs, run->L[run->epochs]);
}

/* runs[0..3]: the three rates on centred x, then eta = 1 on x, filled here */
static void lecture_learning_rate(Plotter *plotter, const Pairs *d, const Pairs *dc,
                                  const Bowl *bw, Line start, Run *runs)
{
    hand_section("8. The learning rate: too small, right, too large");
    Bowl bc = bowl_of(dc);
    hand_printf("Section 7's bowl is stretched when x_mean (here %v) is large next to\n"
                "the spread of x: then m and c move the predictions together. Centring\n"
                "the input, x' = x - x_mean, lines the bowl's axes up with m and c and\n"
                "makes it far rounder, without changing the best line (m* is the same;\n"
                "c'* = y_mean = %v, and c* = c'* - m* x_mean). With x':\n\n"
                "    d2L/dm2 = %v,   d2L/dm dc = %v,   d2L/dc2 = %v\n"
                "    lambda_max = %v,   lambda_min = %v\n"
                "    the limit 2 / lambda_max = %v\n\n",
                bw->x_mean, bc.best.c, bc.h_mm, bc.h_mc, bc.h_cc, bc.lambda_max, bc.lambda_min,
                bc.eta_max);
    double etas[3] = {one_digit(bc.eta_max / 40, 0), one_digit(bc.eta_max / 2, 0),
                      one_digit(1.05 * bc.eta_max, 1)};
    hand_printf("Three learning rates, batch GD from m = %v, c' = %v:\n"
                "    eta = %v   too small (the limit / 40, to one digit)\n"
                "    eta = %v   right (the limit / 2, to one digit)\n"
                "    eta = %v   too large (just above the limit)\n\n",
                start.m, start.c, etas[0], etas[1], etas[2]);
    char names[3][40];
    const char *name_ptr[3];
    for (int k = 0; k < 3; k++) {
        run_gd(&runs[k], dc, start, dc->n, etas[k], k == 2 ? LR_MAX_EPOCHS : LR_EPOCHS);
        snprintf(names[k], sizeof names[k], "eta = %g", etas[k]);
        name_ptr[k] = names[k];
    }
    print_columns(name_ptr, (const double *[]){runs[0].L, runs[1].L, runs[2].L}, 3,
                  (int[]){0, 1, 2, 3, 5, 10, 20, 50}, 8);
    print_rate_ends(runs, etas, &bc, bw->x_mean);
    lecture_eta_one(&runs[3], d, bw, start);
    plot_learning_rates(plotter, dc, &bc, start, runs, etas);
}

/* ---- 9. Batch, mini-batch and SGD on 10,000 rows ---------------------------------------- */

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n > 0 timings (sorts them): one slow epoch, when another
 * program takes the processor, does not move it. */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The synthetic set: x1 ~ N(0, 1); x2 = 0.9 x1 + sqrt(0.19) N(0, 1)
 * (correlated with x1, r = 0.9); x3 ~ N(2, 0.5^2); x4 ~ N(1, 2^2);
 * y = 5 + 3 x1 - 2 x2 + x3 + 0.5 x4 + N(0, 1). */
static void make_synthetic(Rng *rng, Mat *X, Mat *Y)
{
    static const double w[SYN_FEATURES] = {3.0, -2.0, 1.0, 0.5}, b = 5.0;
    for (int i = 0; i < X->rows; i++) {
        double z1 = rng_normal(rng, 0, 1), z2 = rng_normal(rng, 0, 1);
        double x[SYN_FEATURES] = {z1, 0.9 * z1 + sqrt(0.19) * z2, rng_normal(rng, 2, 0.5),
                                  rng_normal(rng, 1, 2)};
        double y = b;
        for (int j = 0; j < SYN_FEATURES; j++) {
            MAT_AT(X, i, j) = x[j];
            y += w[j] * x[j];
        }
        MAT_AT(Y, i, 0) = y + rng_normal(rng, 0, SYN_NOISE);
    }
}

/* A linear model y_hat = X W + b as a one-layer net: Dense(1, linear),
 * all parameters 0. */
static Net *linear_net(int max_rows)
{
    Net *net = net_new(SYN_FEATURES, max_rows);
    if (!net || net_add(net, 1, act_of(ACT_LINEAR)) != 0) {
        net_free(net);
        chapter_error("out of memory");
        return NULL;
    }
    return net; /* a new dense layer starts with W = 0 and b = 0 */
}

/* The least-squares minimum of the synthetic set, solved directly (no
 * gradient descent) from the normal equations
 *     (A^T A) w = A^T y,    A = [X 1]  (m x 5: the features, then ones)
 * and its bowl: the MSE's Hessian H = 2/m A^T A and its extreme
 * eigenvalues. Returns 0 with *L_best, the cost of w, or -1. */
static int show_least_squares(const Mat *X, const Mat *Y, double *L_best)
{
    int m = X->rows, rc = -1;
    Mat *A = mat_new(m, SYN_P), *G = mat_new(SYN_P, SYN_P), *w = mat_new(SYN_P, 1);
    Mat *H = mat_new(SYN_P, SYN_P), *Yhat = mat_new(m, 1);
    double lambda_min, lambda_max;
    if (!A || !G || !w || !H || !Yhat) {
        chapter_error("out of memory");
        goto done;
    }
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < SYN_FEATURES; j++)
            MAT_AT(A, i, j) = MAT_AT(X, i, j);
        MAT_AT(A, i, SYN_FEATURES) = 1.0;
    }
    mat_matmul_tn(G, A, A); /* G = A^T A */
    mat_matmul_tn(w, A, Y); /* A^T y, solved into w below */
    mat_copy(H, G);
    mat_scale(H, 2.0 / m);
    if (linalg_eig_extremes(&lambda_min, &lambda_max, H, EIG_ITERS) != 0) {
        chapter_error("out of memory");
        goto done;
    }
    if (linalg_solve(G, w) != 0) {
        chapter_error("the synthetic set's normal equations are singular");
        goto done;
    }
    mat_matmul(Yhat, A, w); /* y_hat = A w = X W + b */
    *L_best = loss_cost(&(Loss){.kind = LOSS_MSE}, Y, Yhat);
    const double *W = w->data;
    hand_printf("The least-squares minimum, from the normal equations (A^T A) w = A^T y\n"
                "with A = [X 1], solved directly (no gradient descent):\n"
                "    W* = (%v, %v, %v, %v), b* = %v\n"
                "    L* = %v (the noise variance is 1: no line does much better)\n",
                W[0], W[1], W[2], W[3], W[4], *L_best);
    hand_printf("The bowl (the Hessian 2/m A^T A of the five parameters) has\n\n"
                "    lambda_max = %v,   lambda_min = %v\n\n"
                "so batch GD is stable for eta < 2 / lambda_max = %v. x2 follows x1, and\n"
                "x3, x4 are not centred: the bowl is a valley again, %v times\n"
                "steeper across than along.\n\n",
                lambda_max, lambda_min, 2.0 / lambda_max, lambda_max / lambda_min);
    rc = 0;
done:
    mat_free(A), mat_free(G), mat_free(w), mat_free(H), mat_free(Yhat);
    return rc;
}

/* 002 writes the mini-batch loss as a sum; with a mean, a batch's gradient
 * estimates the full one. Shown for the bias of net at W = 0, b = 0. */
static void show_sum_vs_mean(Net *net, const Mat *X, const Mat *Y)
{
    Loss mse = {.kind = LOSS_MSE};
    net_cost_grad(net, &mse, X, Y);
    double full = MAT_AT(net->layers[0]->db, 0, 0);
    const Mat Xb = mat_cview_rows(X, 0, SUM_BATCH), Yb = mat_cview_rows(Y, 0, SUM_BATCH);
    net_cost_grad(net, &mse, &Xb, &Yb);
    double batch_mean = MAT_AT(net->layers[0]->db, 0, 0);
    hand_printf("002 writes the batch loss as a sum, sum_i (y_i - y_hat_i)^2, and says a\n"
                "mini-batch's gradient is about the full one. That holds for the MEAN: at\n"
                "W = 0, b = 0 the full %d-row gradient is dL/db = %v; the first %d rows\n"
                "give %v (mean), but %v with a sum, and the full sum is %v.\n",
                SYN_ROWS, full, SUM_BATCH, batch_mean, batch_mean * SUM_BATCH, full * SYN_ROWS);
}

/* One training method of section 9. */
typedef struct {
    const char *name;
    int batch;      /* rows per update: SYN_ROWS for batch GD */
    double eta;
    double above[SYN_EPOCHS + 1]; /* the cost over all rows above L* after each epoch (or NAN) */
    double ms[SYN_EPOCHS + 1];    /* the measured time of each epoch, ms */
    int epochs;
    char message[256];            /* net_fit's message when it stopped */
} Method;

/* Train with net_fit one epoch at a time (rows shuffled with a seeded
 * rng), keeping the full cost above L* and the wall time of each epoch. */
static int train_method(Method *mt, const Mat *X, const Mat *Y, double L_best, uint64_t seed)
{
    Net *net = linear_net(mt->batch);
    if (!net)
        return -1;
    Loss mse = {.kind = LOSS_MSE};
    Rng shuffle;
    rng_seed(&shuffle, seed);
    for (int e = 0; e <= SYN_EPOCHS; e++)
        mt->above[e] = NAN; /* until reached */
    mt->above[0] = net_cost(net, &mse, X, Y) - L_best;
    for (int e = 1; e <= SYN_EPOCHS; e++) {
        FitResult res;
        FitSpec spec = {.epochs = 1, .batch_size = mt->batch, .lr = mt->eta, .shuffle = &shuffle};
        double t0 = seconds_now();
        int rc = net_fit(net, &mse, X, Y, &spec, &res);
        mt->ms[e] = 1e3 * (seconds_now() - t0);
        if (rc != 0) {
            snprintf(mt->message, sizeof mt->message, "%s", res.message);
            break;
        }
        mt->above[e] = net_cost(net, &mse, X, Y) - L_best;
        mt->epochs = e;
    }
    net_free(net);
    return 0;
}

/* The cost above L* after chosen epochs, one column per method; then the
 * measured time per epoch (--timing), or why there is none. */
static void print_methods(Method *mt, int timing)
{
    hand_printf("\nThe same %d epochs and the same eta = %v for the three methods (rows\n"
                "shuffled each epoch), and batch GD once more with eta = %v, about three\n"
                "quarters of its limit. The cost above L* after each epoch:\n\n",
                SYN_EPOCHS, SYN_ETA, SYN_ETA_BATCH);
    print_columns((const char *[]){"batch", "mini-batch 32", "SGD", "batch, eta 0.1"},
                  (const double *[]){mt[0].above, mt[1].above, mt[2].above, mt[3].above}, 4,
                  (int[]){0, 1, 2, 3, 4, 5, 10, 15, 20}, 9);
    printf("\nUpdates per epoch: batch GD 1, mini-batch GD %d, SGD %d. One epoch of\n"
           "SGD or mini-batch GD gets closer than %d epochs of batch GD, even at batch\n"
           "GD's larger eta: many small steps down the valley beat one exact step per\n"
           "epoch. SGD then jumps around the minimum (each update follows one noisy\n"
           "row); mini-batches average %d rows and wander less.\n",
           (SYN_ROWS + MINI_BATCH - 1) / MINI_BATCH, SYN_ROWS, SYN_EPOCHS, MINI_BATCH);
    if (!timing) {
        printf("\nEvery method computes each row's gradient once per epoch; what differs is\n"
               "the number of updates and the work around each. How long that takes depends\n"
               "on the machine, so it is measured only with --timing (which also draws\n"
               "gd_time.png); the transcript stays the same on every run.\n");
        return;
    }
    printf("\nMeasured time per epoch (--timing; the median of %d epochs, this machine,\n"
           "this run):\n\n", SYN_EPOCHS);
    printf("    %-24s  %10s  %12s\n", "method", "updates", "ms / epoch");
    for (int k = 0; k < 3; k++) {
        double ms[SYN_EPOCHS];
        memcpy(ms, &mt[k].ms[1], (size_t)mt[k].epochs * sizeof *ms);
        printf("    %-24s  %10d  %12.3f\n", mt[k].name, (SYN_ROWS + mt[k].batch - 1) / mt[k].batch,
               mt[k].epochs ? median(ms, mt[k].epochs) : 0.0);
    }
}

/* gd_epochs.png: the cost above L* per epoch; gd_time.png (--timing): the
 * measured time of each epoch of the three methods at one eta. */
static void plot_methods(Plotter *plotter, const Method *mt, int n_methods, int timing)
{
    static const char *styles[] = {"linespoints pt 7 lw 2 lc rgb '#2e6fb5'",
                                   "linespoints pt 5 lw 2 lc rgb '#27ae60'",
                                   "linespoints pt 9 lw 2 lc rgb '#e67e22'",
                                   "linespoints pt 7 lw 2 dt 2 lc rgb '#7f8c8d'"};
    char legends[4][120], time_legends[4][120], title[160];
    ChapterCurve above[4], ms[4];
    for (int k = 0; k < n_methods; k++) {
        int updates = (SYN_ROWS + mt[k].batch - 1) / mt[k].batch;
        snprintf(legends[k], sizeof legends[k], "%s, eta = %g", mt[k].name, mt[k].eta);
        snprintf(time_legends[k], sizeof time_legends[k], "%s: %d update%s per epoch",
                 mt[k].name, updates, updates == 1 ? "" : "s");
        above[k] = (ChapterCurve){legends[k], styles[k], mt[k].above, mt[k].epochs + 1, 0};
        ms[k] = (ChapterCurve){time_legends[k], styles[k], &mt[k].ms[1], mt[k].epochs, 1};
    }
    snprintf(title, sizeof title, "%d rows: cost above the least-squares minimum after each epoch",
             SYN_ROWS);
    chapter_plot_curves(plotter, "gd_epochs", &(PlotSpec){
        .title = title, .xlabel = "epoch", .ylabel = "cost - L* (log scale)",
        .settings = "set logscale y\nset format y '%.0e'\nset key outside right", .width = 1100},
        above, n_methods);
    if (timing)
        chapter_plot_curves(plotter, "gd_time", &(PlotSpec){
            .title = "Measured wall time of each epoch (this machine, this run)",
            .xlabel = "epoch", .ylabel = "milliseconds per epoch",
            .settings = "set key outside right\nset yrange [0:*]", .width = 1100}, ms, 3);
}

static int lecture_methods(Plotter *plotter, const Mat *X, const Mat *Y, uint64_t seed,
                           int timing)
{
    hand_section("9. Batch, mini-batch and stochastic GD on 10,000 rows");
    printf("Four rows cannot show what the methods are for. A synthetic regression set\n"
           "(seeded, so the same on every machine): %d rows, %d features,\n\n"
           "    x1 ~ N(0, 1),  x2 = 0.9 x1 + 0.436 N(0, 1)  (correlated with x1),\n"
           "    x3 ~ N(2, 0.5^2),  x4 ~ N(1, 2^2),\n"
           "    y  = 5 + 3 x1 - 2 x2 + 1 x3 + 0.5 x4 + noise,  noise ~ N(0, 1)\n\n"
           "The model is the line in %d dimensions, y_hat = x W + b: one Dense unit with\n"
           "a linear activation, trained by the library's net_fit (MSE, all parameters\n"
           "starting at 0).\n\n", SYN_ROWS, SYN_FEATURES, SYN_FEATURES);
    Net *net = linear_net(SYN_ROWS);
    double L_best = 0.0;
    if (!net)
        return -1;
    net_summary(net, stdout);
    putchar('\n');
    int rc = show_least_squares(X, Y, &L_best);
    if (rc == 0)
        show_sum_vs_mean(net, X, Y);
    net_free(net);
    if (rc != 0)
        return -1; /* the message is printed */

    Method mt[5] = {
        {.name = "batch GD", .batch = SYN_ROWS, .eta = SYN_ETA},
        {.name = "mini-batch GD (B = 32)", .batch = MINI_BATCH, .eta = SYN_ETA},
        {.name = "SGD (B = 1)", .batch = 1, .eta = SYN_ETA},
        {.name = "batch GD", .batch = SYN_ROWS, .eta = SYN_ETA_BATCH},
        {.name = "SGD (B = 1)", .batch = 1, .eta = SYN_ETA_DIVERGE}, /* too large for SGD */
    };
    for (int k = 0; k < 5; k++)
        if (train_method(&mt[k], X, Y, L_best, seed + (k < 4 ? 1 + k : 9)) != 0)
            return -1;
    print_methods(mt, timing);
    hand_printf("\nSGD with eta = %v: net_fit checks the cost of every batch and stops:\n"
                "    %s\n", SYN_ETA_DIVERGE, mt[4].message[0] ? mt[4].message : "(it did not diverge)");
    hand_printf("Batch GD is stable at that eta: one row can be far steeper than the\n"
                "average of all rows, so SGD needs a smaller learning rate.\n");
    plot_methods(plotter, mt, 4, timing);
    return 0;
}

/* ---- 10. Vectorization -------------------------------------------------------------------- */

/* One batch GD epoch with scalar loops, one row at a time:
 *   e_i = y_hat_i - y_i,  y_hat_i = sum_j x_ij w_j + b
 *   dL/dw_j = 2/m sum_i x_ij e_i,   dL/db = 2/m sum_i e_i
 *   w_j <- w_j - eta dL/dw_j,       b <- b - eta dL/db
 * (e_i here is y_hat - y: the same gradient as -2/m sum x (y - y_hat).) */
static void epoch_loops(const Mat *X, const Mat *Y, double *w, double *b, double eta)
{
    int m = X->rows, n = X->cols;
    double dw[SYN_FEATURES] = {0}, db = 0.0;
    for (int i = 0; i < m; i++) {
        double y_hat = 0.0;
        for (int j = 0; j < n; j++)
            y_hat += MAT_AT(X, i, j) * w[j];
        y_hat += *b;
        double e = y_hat - MAT_AT(Y, i, 0);
        for (int j = 0; j < n; j++)
            dw[j] += MAT_AT(X, i, j) * e;
        db += e;
    }
    for (int j = 0; j < n; j++)
        w[j] -= eta * (dw[j] * (2.0 / m));
    *b -= eta * (db * (2.0 / m));
}

/* Buffers of the vectorized epoch. */
typedef struct {
    Mat *Yhat, *E, *dW, *db; /* (m x 1), (m x 1), (n x 1), (1 x 1) */
} VecBuf;

/* The same epoch with whole-matrix operations:
 *   Y_hat = X W + b,   E = Y_hat - Y
 *   dW = 2/m X^T E,    db = 2/m sum_i E_i
 *   W <- W - eta dW,   b <- b - eta db */
static void epoch_matrices(const Mat *X, const Mat *Y, Mat *W, Mat *b, double eta, VecBuf *v)
{
    mat_matmul(v->Yhat, X, W);
    mat_add_row_vector(v->Yhat, b);
    mat_sub(v->E, v->Yhat, Y);
    mat_matmul_tn(v->dW, X, v->E);
    mat_sum_rows(v->db, v->E);
    mat_scale(v->dW, 2.0 / X->rows);
    mat_scale(v->db, 2.0 / X->rows);
    mat_axpy(W, -eta, v->dW);
    mat_axpy(b, -eta, v->db);
}

static int lecture_vectorization(const Mat *X, const Mat *Y, int timing)
{
    hand_section("10. Vectorization: \"dot replaces loops\" (001)");
    printf("001: \"for i in range(10): y = np.dot(x, w) + b\" - one matrix product\n"
           "instead of a loop over the rows. One batch GD epoch on the %d rows, from\n"
           "W = 0, b = 0 with eta = %g, written both ways:\n\n"
           "    loops:     for each row i: y_hat_i = sum_j x_ij w_j + b, e_i = y_hat_i - y_i,\n"
           "               dw_j += x_ij e_i, db += e_i;   then w -= eta 2/m dw, b -= eta 2/m db\n"
           "    matrices:  Y_hat = X W + b, E = Y_hat - Y, dW = 2/m X^T E, db = 2/m sum E,\n"
           "               W -= eta dW, b -= eta db          (mat_matmul, mat_matmul_tn, ...)\n\n",
           SYN_ROWS, SYN_ETA);
    VecBuf v = {mat_new(SYN_ROWS, 1), mat_new(SYN_ROWS, 1), mat_new(SYN_FEATURES, 1),
                mat_new(1, 1)};
    Mat *W = mat_new(SYN_FEATURES, 1), *b = mat_new(1, 1);
    int rc = -1;
    if (!v.Yhat || !v.E || !v.dW || !v.db || !W || !b) {
        chapter_error("out of memory");
        goto done;
    }
    double w_loop[SYN_FEATURES] = {0}, b_loop = 0.0;
    epoch_loops(X, Y, w_loop, &b_loop, SYN_ETA);
    epoch_matrices(X, Y, W, b, SYN_ETA, &v);
    double diff = fabs(b_loop - MAT_AT(b, 0, 0));
    for (int j = 0; j < SYN_FEATURES; j++)
        diff = fmax(diff, fabs(w_loop[j] - MAT_AT(W, j, 0)));
    const double *w_mat = W->data;
    hand_printf("    %-9s  %12s  %12s  %12s  %12s  %12s\n", "after", "w1", "w2", "w3", "w4", "b");
    hand_printf("    %-9s  %12v  %12v  %12v  %12v  %12v\n", "loops", w_loop[0], w_loop[1],
                w_loop[2], w_loop[3], b_loop);
    hand_printf("    %-9s  %12v  %12v  %12v  %12v  %12v\n", "matrices", w_mat[0], w_mat[1],
                w_mat[2], w_mat[3], MAT_AT(b, 0, 0));
    hand_printf("\nThe largest difference between the two: %v.\n\n", diff);
    printf("The same numbers, to the last bit: both add the same products in the same\n"
           "order. In Python the loop runs in the interpreter and np.dot in compiled\n"
           "code, which is where 001's \"faster than loops\" comes from. In C both are\n"
           "compiled loops: the matrix form is shorter and names the math, and its\n"
           "speed comes from how the kernel walks memory, not from leaving a loop out.\n");
    if (timing) {
        double t_loops[VEC_REPS], t_mat[VEC_REPS];
        for (int r = 0; r < VEC_REPS; r++) { /* taking turns, so both meet the same noise */
            double t0 = seconds_now();
            epoch_loops(X, Y, w_loop, &b_loop, SYN_ETA);
            double t1 = seconds_now();
            epoch_matrices(X, Y, W, b, SYN_ETA, &v);
            t_loops[r] = t1 - t0;
            t_mat[r] = seconds_now() - t1;
        }
        double loops_us = 1e6 * median(t_loops, VEC_REPS), mat_us = 1e6 * median(t_mat, VEC_REPS);
        printf("\nMeasured (--timing, the median of %d epochs each): loops %.1f us,\n"
               "matrices %.1f us per epoch (matrices / loops = %.2f).\n", VEC_REPS, loops_us,
               mat_us, mat_us / loops_us);
    }
    rc = 0;
done:
    mat_free(v.Yhat), mat_free(v.E), mat_free(v.dW), mat_free(v.db);
    mat_free(W), mat_free(b);
    return rc;
}

/* ---- 11. The notes' claims -------------------------------------------------------------- */

static void lecture_claims(void)
{
    hand_section("11. The notes' claims, checked");
    printf("    001 \"which is faster (given same no. of epochs): Batch GD\"\n"
           "        per epoch, yes: it makes one update where SGD makes 10,000 (--timing\n"
           "        measures it on your machine; README.md shows ours).\n"
           "    001 \"which is faster to converge (given same # epochs): Stochastic\"\n"
           "        on 10,000 rows, yes (section 9), though with a constant eta SGD ends\n"
           "        near the minimum, not at it; on 001's four rows it never gets close\n"
           "        (section 7).\n"
           "    001 \"Fast SGD > MBGD > SGD\", \"Convergence SGD < MBGD < SGD\"\n"
           "        one SGD in each line must be BGD: time per epoch BGD <= MBGD < SGD,\n"
           "        epochs to get close SGD < MBGD < BGD (README.md, Errata).\n"
           "    000 \"MSE is convex\": in (m, c) of a line, yes (section 7); in the weights\n"
           "        of a network with hidden layers, no.\n"
           "    002 mini-batch gradient ~ full gradient: with the mean, yes; with the\n"
           "        sum the notes write, it is B/n of it (section 9).\n");
}

/* ---- the lecture ---------------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 07 - Gradient descent (lecture notes 000, 001, 002, 003, 004)\n"
    "Linear regression y_hat = m x + c fitted by gradient descent, worked by hand:\n"
    "batch, stochastic and mini-batch GD; the MSE bowl and the learning rate;\n"
    "the three methods on 10,000 rows; vectorization.";

/* The (x, y) columns of a CSV (xname, yname, or ch's --features and
 * --target): 2 to MAX_ROWS rows, x not constant (else every slope fits as
 * well and the bowl has no single minimum); d->own unless they are the
 * notes' table. Returns 0, or CHAPTER_ERROR after printing the error. */
static int load_pairs(const Chapter *ch, Pairs *d, DataXY *csv, Bowl *bowl, const char *path,
                      const char *xname, const char *yname)
{
    DataXYSpec spec = {.target = yname, .features = (const char *const[]){xname},
                       .n_features = 1, .want = {DATA_TARGET_REAL}};
    if (chapter_load_xy(ch, csv, path, &spec, "data") != 0)
        return CHAPTER_ERROR;
    xname = csv->table.names[csv->features[0]]; /* the columns read */
    yname = csv->table.names[csv->target];
    int n = csv->X->rows;
    if (n < 2 || n > MAX_ROWS)
        return chapter_error("%s: %d rows; this chapter fits a line to 2 to %d rows", path, n,
                             MAX_ROWS);
    /* not the notes' table: another file or other columns */
    int own = strcmp(path, DEFAULT_DATA) != 0 || strcmp(xname, DEFAULT_X) != 0 ||
              strcmp(yname, DEFAULT_Y) != 0;
    /* X and y have one column each: their data are the n values of x and y */
    *d = (Pairs){n, csv->X->data, csv->y->data, xname, yname, path, own};
    *bowl = bowl_of(d);
    if (!(bowl->sxx > 0.0) || !isfinite(bowl->lambda_max))
        return chapter_error("%s: column \"%s\" has the same value in every row, so no"
                             " single line fits best; choose another --x", path, xname);
    return 0;
}

/* ---- --variant and the worksheet -------------------------------------------------------- */

/* --variant N: the table's x and y redrawn in place, whole numbers as in
 * 001's table (x from 5 to 9, y from 2 to 12), again until x takes two
 * values at least (one line fits best). */
static void draw_pairs(Pairs *d, double *x, double *y, Rng *rng)
{
    do {
        for (int i = 0; i < d->n; i++) {
            x[i] = sheet_draw(rng, 5, 9, 0);
            y[i] = sheet_draw(rng, 2, 12, 0);
        }
    } while (!(bowl_of(d).sxx > 0.0));
}

/* "e_1 + e_2 + e_3 + e_4": the sum of name_i over the first n rows (at most
 * HAND_ROWS, "+ ..." after them), into buf. */
static const char *sum_of(char *buf, size_t len, const char *name, int n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 1; i <= n && i <= HAND_ROWS && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%s_%d", i > 1 ? " + " : "", name, i);
    if (n > HAND_ROWS && at < len)
        snprintf(buf + at, len - at, " + ...");
    return buf;
}

/* Sections 3 to 5 with the names of their numbers (--check, --quiz):
 * row i is x_i, y_i; at the start m[0], c[0]: y_hat_i, e_i, e2_i (e_i^2),
 * xe_i (x_i e_i), sum_e, sum_e2, sum_xe, L, dL/dm, dL/dc (section 3); batch
 * GD's first step m+, c+ and the cost after it, L+ (section 4); SGD's
 * update k on row k: y_hat[k], e[k], L[k], dL/dm[k], dL/dc[k], and the
 * line after it, m[k], c[k] (section 5). Rows past HAND_ROWS are summed
 * but not named. */
static void fill_sheet(Sheet *sh, const Pairs *d, Line start, double eta)
{
    int rows = d->n < HAND_ROWS ? d->n : HAND_ROWS;
    char f[SHEET_TEXT_LEN];
    Grad g0 = mse_grad(d, 0, d->n, start);
    sheet_init(sh);
    sheet_heading(sh, "3. The loss and its gradient");
    for (int i = 1; i <= rows; i++) {
        sheet_given_at(sh, i, "x_#", d->x[i - 1]);
        sheet_given_at(sh, i, "y_#", d->y[i - 1]);
    }
    sheet_given(sh, "m[0]", start.m);
    sheet_given(sh, "c[0]", start.c);
    for (int i = 1; i <= rows; i++) {
        sheet_calc_at(sh, i, "y_hat_#", g0.y_hat[i - 1], "m[0] x_# + c[0]");
        sheet_calc_at(sh, i, "e_#", g0.e[i - 1], "y_# - y_hat_#");
        sheet_calc_at(sh, i, "e2_#", g0.e2[i - 1], "e_#^2");
        sheet_calc_at(sh, i, "xe_#", g0.xe[i - 1], "x_# e_#");
    }
    sheet_calc(sh, "sum_e", g0.sum_e, sum_of(f, sizeof f, "e", d->n));
    sheet_calc(sh, "sum_e2", g0.sum_e2, sum_of(f, sizeof f, "e2", d->n));
    sheet_calc(sh, "sum_xe", g0.sum_xe, sum_of(f, sizeof f, "xe", d->n));
    snprintf(f, sizeof f, "1/%d sum_e2", d->n);
    sheet_calc(sh, "L", g0.L, f);
    snprintf(f, sizeof f, "-2/%d sum_xe", d->n);
    sheet_calc(sh, "dL/dm", g0.dL_dm, f);
    snprintf(f, sizeof f, "-2/%d sum_e", d->n);
    sheet_calc(sh, "dL/dc", g0.dL_dc, f);

    sheet_heading(sh, "4. Batch gradient descent by hand (all rows, then one update)");
    sheet_given(sh, "eta", eta);
    Line batch = {start.m - eta * g0.dL_dm, start.c - eta * g0.dL_dc};
    sheet_calc(sh, "m+", batch.m, "m[0] - eta dL/dm");
    sheet_calc(sh, "c+", batch.c, "c[0] - eta dL/dc");
    snprintf(f, sizeof f, "1/%d sum_i (y_i - (m+ x_i + c+))^2", d->n);
    sheet_calc(sh, "L+", cost(d, batch), f);

    sheet_heading(sh, "5. Stochastic gradient descent by hand (one row, then one update)");
    Line p = start;
    for (int k = 1; k <= rows && k <= HAND_UPDATES; k++) {
        Grad u = mse_grad(d, k - 1, 1, p);
        Line next = {p.m - eta * u.dL_dm, p.c - eta * u.dL_dc};
        sheet_calc_at(sh, k, "y_hat[#]", u.y_hat[0], "m[@] x_# + c[@]");
        sheet_calc_at(sh, k, "e[#]", u.e[0], "y_# - y_hat[#]");
        sheet_calc_at(sh, k, "L[#]", u.L, "e[#]^2");
        sheet_calc_at(sh, k, "dL/dm[#]", u.dL_dm, "-2 x_# e[#]");
        sheet_calc_at(sh, k, "dL/dc[#]", u.dL_dc, "-2 e[#]");
        sheet_calc_at(sh, k, "m[#]", next.m, "m[@] - eta dL/dm[#]");
        sheet_calc_at(sh, k, "c[#]", next.c, "c[@] - eta dL/dc[#]");
        p = next;
    }
}

/* The table of sections 2-8: the CSV, its pairs (or those drawn for
 * --variant N), their bowl, and section 8's centred copy. */
typedef struct {
    DataXY csv;
    Pairs data;
    Bowl bowl;
    char drawn[64];    /* the drawn table's name */
    Pairs centred;     /* data with x' = x - x_mean */
    double *x_centred; /* its x' */
} Table;

/* Load the table t from path (columns xname, yname) and, for --variant N,
 * redraw 001's numbers in it. Returns 0, or CHAPTER_ERROR after printing
 * the error. */
static int load_table(Chapter *ch, Table *t, const char *path, const char *xname,
                      const char *yname)
{
    if (load_pairs(ch, &t->data, &t->csv, &t->bowl, path, xname, yname) != 0)
        return CHAPTER_ERROR;
    if (ch->opt.variant) { /* other numbers in 001's table */
        snprintf(t->drawn, sizeof t->drawn, "the drawn table (variant %llu)",
                 (unsigned long long)ch->opt.variant);
        draw_pairs(&t->data, t->csv.X->data, t->csv.y->data, &ch->variant);
        t->data.path = t->drawn;
        t->data.own = 0;
        t->bowl = bowl_of(&t->data);
    }
    return 0;
}

/* Section 8's table: t->centred, the table with x' = x - x_mean. Returns
 * 0, or CHAPTER_ERROR after printing "out of memory". */
static int centre(Table *t)
{
    const Pairs *d = &t->data;
    if (!(t->x_centred = malloc((size_t)d->n * sizeof *t->x_centred)))
        return chapter_error("out of memory");
    for (int i = 0; i < d->n; i++)
        t->x_centred[i] = d->x[i] - t->bowl.x_mean;
    t->centred = *d;
    t->centred.x = t->x_centred;
    return 0;
}

static void table_free(Table *t)
{
    data_xy_free(&t->csv);
    free(t->x_centred);
}

/* Sections 1-8: gradient descent on a parabola, then a line fitted to the
 * table t from start with eta, by hand and over many epochs (runs: room
 * for 6 runs). */
static void lecture_line(Plotter *plotter, const Table *t, Line start, double eta, Run *runs)
{
    const Pairs *d = &t->data;
    lecture_parabola(plotter);
    lecture_data(d);
    Grad g0 = lecture_gradient(d, start);
    EpochEnd batch = lecture_batch(d, &g0, eta, t->bowl.eta_max);
    EpochEnd sgd = lecture_sgd(d, &g0, eta, t->bowl.eta_max);
    lecture_minibatch(d, &g0, eta, t->bowl.eta_max, &batch, &sgd);
    lecture_bowl(plotter, d, &t->bowl, start, eta, &runs[0]);
    lecture_learning_rate(plotter, d, &t->centred, &t->bowl, start, &runs[2]);
}

/* Sections 9-11 on the synthetic rows X, Y: the three methods compared,
 * vectorization and the notes' claims. Returns CHAPTER_OK, or
 * CHAPTER_ERROR after printing the error. */
static int lecture_speed(Plotter *plotter, const Mat *X, const Mat *Y, uint64_t seed, int timing)
{
    if (lecture_methods(plotter, X, Y, seed, timing) != 0 ||
        lecture_vectorization(X, Y, timing) != 0)
        return CHAPTER_ERROR; /* the message is printed */
    lecture_claims();
    return CHAPTER_OK;
}

int main(int argc, char **argv)
{
    const char *data_path = NULL, *xname = DEFAULT_X, *yname = DEFAULT_Y; /* NULL: DEFAULT_DATA */
    double eta = ETA;
    int timing = 0;
    CliFlag flags[] = {
        {"data", CLI_STRING, &data_path, "FILE", "CSV to fit a line to (default datasets/students.csv)"},
        {"x", CLI_STRING, &xname, "COLUMN", "the input column x (default cgpa)"},
        {"y", CLI_STRING, &yname, "COLUMN", "the target column y (default lpa)"},
        {"eta", CLI_DOUBLE, &eta, "RATE", "learning rate of sections 4 to 7 (default 0.01)"},
        {"timing", CLI_BOOL, &timing, NULL, "measure and print the time per epoch (varies per run)"},
    };
    CliRange ranges[] = {{"eta", '(', 0, MAX_ETA, ']'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED,
                    .flags = flags, .n_flags = 5, .ranges = ranges,
                    .n_ranges = 1, .sheet = 1};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;
    if (ch.opt.variant && data_path)
        return cli_error(&spec, "--variant draws its own table: leave out --data");
    if (!data_path)
        data_path = DEFAULT_DATA;

    /* 1. the data first: bad data ends the program before the lecture starts */
    Table t = {0};
    Run *runs = malloc(6 * sizeof *runs); /* sections 7 (2 runs) and 8 (4 runs) */
    Mat *X = mat_new(SYN_ROWS, SYN_FEATURES), *Y = mat_new(SYN_ROWS, 1);
    rc = CHAPTER_ERROR;
    if (!runs || !X || !Y) {
        chapter_error("out of memory");
        goto done;
    }
    /* 2. the table, with other numbers for --variant N */
    if (load_table(&ch, &t, data_path, xname, yname) != 0)
        goto done;
    Line start = {M_START, C_START};
    /* 3. --check, --quiz: the worksheet of sections 3 to 5 */
    if (chapter_wants_sheet(&ch)) {
        Sheet sheet;
        fill_sheet(&sheet, &t.data, start, eta);
        rc = chapter_sheet(&ch, &sheet);
        goto done;
    }
    /* 4. section 8's centred table, sections 9-10's synthetic rows */
    if (centre(&t) != 0)
        goto done;
    make_synthetic(&ch.rng, X, Y);
    /* 5. the lecture: sections 1-8 on the table, 9-11 on the synthetic rows */
    if (chapter_start_lecture(&ch) != 0)
        goto done;
    lecture_line(&ch.plots, &t, start, eta, runs);
    rc = lecture_speed(&ch.plots, X, Y, ch.opt.seed, timing);
done:
    table_free(&t);
    free(runs);
    mat_free(X);
    mat_free(Y);
    return chapter_end(&ch, rc);
}
