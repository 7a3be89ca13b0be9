/* Chapter 02 - The flexible perceptron: its losses
 *
 * Lecture notes: 001, first part (the perceptron loss and the hinge loss,
 * the regularized objective E(w, b), their gradients and SGD, binary and
 * categorical cross-entropy, and the table "the perceptron is flexible").
 *
 * What you will learn
 *   - two losses for the same model f(x) = w1 x1 + w2 x2 + b:
 *       perceptron loss  L = max(0, -y f(x))      0 once on the right side
 *       hinge loss       L = max(0, 1 - y f(x))   0 only past the margin
 *   - the regularized objective E(w, b) = 1/n sum_i L(y_i, f(x_i)) + lambda R(w)
 *     with R(w) = w1^2 + w2^2 (L2), its gradient for one example,
 *       dE_i/dw1 = dL/df x1 + 2 lambda w1,   dE_i/db = dL/df,
 *     and the SGD step w <- w - eta dE_i/dw, worked by hand
 *   - the perceptron loss is already 0 at w = 0 and stops at the first line
 *     that separates; the hinge loss with L2 moves on to the widest margin
 *   - one model, four (loss, activation) pairs: hinge + step (perceptron),
 *     BCE + sigmoid (logistic regression), CCE + softmax (softmax
 *     regression), MSE + linear (linear regression), on real data
 *
 * Run it
 *   ./build/02_perceptron_losses                the lecture, plots in out/02_perceptron_losses/
 *   ./build/02_perceptron_losses --plots=dumb   the plots drawn in the terminal
 *   ./build/02_perceptron_losses --lambda 0     the hinge loss without L2
 *
 * Plots
 *   losses.png               perceptron, hinge and log loss as functions of y f(x)
 *   placement_loss.png       E per epoch on the notes' table: perceptron vs hinge + L2
 *   boundary_perceptron.png  the perceptron's line f(x) = 0 and its lines f(x) = +1, -1
 *   boundary_hinge.png       the same for the hinge loss + L2: the margin it keeps
 *   flexible_loss.png        train and test loss per epoch of the four variants
 *   softmax_regions.png      softmax regression's class regions on two iris features
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "hand.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "plot.h"
#include "rng.h"

#define CHAPTER "02_perceptron_losses"
#define DATASETS "datasets"
#define ETA 0.01               /* the notes' learning rate */
#define LAMBDA 0.01            /* lambda of the hinge loss on the notes' table */
#define PERCEPTRON_EPOCHS 1000 /* the perceptron stops long before (epoch 17) */
#define HINGE_EPOCHS 50000     /* SGD creeps along a flat valley towards the minimum */
#define FLEX_LAMBDA 0.001      /* lambda of the four variants in section 5 */
#define FLEX_EPOCHS 50         /* epochs of each variant */
#define TEST_FRACTION 0.2      /* held out for the test numbers */
#define GRID 121               /* points per side of the class-region map */
#define SEED 1995              /* Cortes and Vapnik's soft-margin SVM */

/* The perceptron f(x) = w1 x1 + w2 x2 + b of the notes. */
typedef struct {
    double w1, w2, b;
} Perceptron;

/* A labelled 2D set: X (m x 2), y (m x 1) with y in {1, -1}. */
typedef struct {
    Mat *X, *y;
    const char *name;
} Set;

/* The objective E(w, b) = 1/n sum_i L(y_i, f(x_i)) + lambda (w1^2 + w2^2)
 * with one of the notes' losses L and its derivative dL/df. */
typedef struct {
    const char *name;
    double (*L)(double y, double f);
    double (*dL_df)(double y, double f);
    double lambda;
} Objective;

/* f(x) = w1 x1 + w2 x2 + b */
static double score(const Perceptron *p, double x1, double x2)
{
    return p->w1 * x1 + p->w2 * x2 + p->b;
}

/* ---- 1. Two losses for one perceptron ---------------------------------- */

/* The log loss of the label y in {1, -1}: binary cross-entropy of
 * p = sigmoid(f) with the 0/1 label t = (1 + y) / 2; equals log(1 + e^(-y f)). */
static double log_loss_pm1(double y, double f)
{
    return loss_bce((1.0 + y) / 2.0, act_sigmoid(f));
}

static void print_loss_row(double yf)
{
    char c[6][40];
    const char *where = yf < 0 ? "wrong side" : yf == 0 ? "on the line"
                      : yf < 1 ? "inside the margin"
                      : yf == 1 ? "on the margin" : "past the margin";
    /* y = 1, so f(x) = y f(x) */
    printf("    %6s  %10s  %6s  %6s  %6s  %11s   %s\n", hand_fmt(c[0], 40, yf),
           hand_fmt(c[1], 40, loss_perceptron(1, yf)), hand_fmt(c[2], 40, loss_perceptron_grad(1, yf)),
           hand_fmt(c[3], 40, loss_hinge(1, yf)), hand_fmt(c[4], 40, loss_hinge_grad(1, yf)),
           hand_fmt(c[5], 40, log_loss_pm1(1, yf)), where);
}

static void lecture_losses(Plotter *plotter)
{
    hand_section("1. Two losses for one perceptron");
    printf("The perceptron scores an example with f(x) = w1 x1 + w2 x2 + b and predicts\n"
           "y_hat = step(f(x)) = 1 if f(x) >= 0, else -1. The labels are y = +1 or -1, so\n"
           "y f(x) > 0 means the right side of the line. 001 gives two losses:\n\n"
           "    perceptron loss   L(y, f(x)) = max(0, -y f(x))\n"
           "    hinge loss        L(y, f(x)) = max(0, 1 - y f(x))\n\n"
           "Both depend on y f(x) only. The perceptron loss is 0 as soon as an example\n"
           "is on the right side; the hinge loss is 0 only from y f(x) >= 1 on: between\n"
           "the margin lines f(x) = +1 and f(x) = -1 an example still costs something.\n"
           "Their derivatives, by the notes' case split:\n\n"
           "    perceptron   dL/df = -y  if y f(x) < 0,   else 0\n"
           "    hinge        dL/df = -y  if y f(x) < 1,   else 0\n\n"
           "For y = 1 (so f(x) = y f(x)), with the log loss of section 5 for comparison,\n"
           "log(1 + e^(-y f)) (binary cross-entropy of p = sigmoid(f)):\n\n");
    printf("    %6s  %10s  %6s  %6s  %6s  %11s\n", "y f(x)", "perceptron", "dL/df", "hinge",
           "dL/df", "log loss");
    static const double margins[] = {-2, -1, -0.5, 0, 0.5, 1, 2};
    for (int k = 0; k < 7; k++)
        print_loss_row(margins[k]);
    printf("\nAt y f(x) = 0.5 the example is on the right side: the perceptron loss is 0\n"
           "and leaves it alone, the hinge loss is 0.5 and still pushes it outwards.\n");

    Plot *pl = plot_begin(plotter, "losses", &(PlotSpec){
        .title = "Three losses as functions of y f(x): all punish the wrong side (y f < 0)",
        .xlabel = "y f(x)  (< 0: wrong side, 0 to 1: inside the margin, > 1: past it)",
        .ylabel = "loss L", .settings = "set key top right"});
    double m[121], mistake[121], perc[121], hinge[121], logl[121];
    for (int k = 0; k < 121; k++) {
        m[k] = -3.0 + k * 0.05;
        mistake[k] = m[k] < 0 ? 1.0 : 0.0;
        perc[k] = loss_perceptron(1, m[k]);
        hinge[k] = loss_hinge(1, m[k]);
        logl[k] = log_loss_pm1(1, m[k]);
    }
    plot_series(pl, "mistake (1 if y f < 0, else 0)", "steps lw 2 dt 3 lc rgb '#777777'", m, mistake, 121);
    plot_series(pl, "perceptron loss max(0, -y f)", "lines lw 3 lc rgb '#2e6fb5'", m, perc, 121);
    plot_series(pl, "hinge loss max(0, 1 - y f)", "lines lw 3 lc rgb '#c0392b'", m, hinge, 121);
    plot_series(pl, "log loss log(1 + e^(-y f))", "lines lw 2 lc rgb '#27ae60'", m, logl, 121);
    plot_end(pl);
}

/* ---- 2. The regularized objective ------------------------------------- */

/* E(w, b) = 1/n sum_i L(y_i, f(x_i)) + lambda (w1^2 + w2^2) */
static double objective(const Objective *obj, const Perceptron *p, const Set *s)
{
    double sum = 0.0;
    for (int i = 0; i < s->X->rows; i++)
        sum += obj->L(MAT_AT(s->y, i, 0), score(p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1)));
    return sum / s->X->rows + obj->lambda * (p->w1 * p->w1 + p->w2 * p->w2);
}

static void lecture_objective(const Set *s, const Objective *perc, const Objective *hinge)
{
    hand_section("2. The regularized objective and its gradient");
    hand_printf("Training minimizes the objective over the n examples (001):\n\n"
                "    E(w, b) = 1/n sum_i L(y_i, f(x_i)) + lambda R(w)\n\n"
                "L measures the misfit, R penalizes complexity, and lambda >= 0 sets how much.\n"
                "Here R is the L2 penalty R(w) = w1^2 + w2^2 (the bias is not penalized) and\n"
                "lambda = %v. Stochastic gradient descent (SGD) steps on one example i at a\n"
                "time, on E_i = L(y_i, f(x_i)) + lambda R(w). By the chain rule, with\n"
                "df/dw1 = x1, df/dw2 = x2, df/db = 1:\n\n"
                "    dE_i/dw1 = dL/df x1 + 2 lambda w1\n"
                "    dE_i/dw2 = dL/df x2 + 2 lambda w2\n"
                "    dE_i/db  = dL/df\n\n"
                "    w1 <- w1 - eta dE_i/dw1,   w2 <- w2 - eta dE_i/dw2,   b <- b - eta dE_i/db\n\n"
                "(gradient DEscent subtracts: 001 prints w1 = w1 + eta dL/dw1; see chapter 01's\n"
                "Errata.) dL/df is the case split of section 1, so with L2 every step shrinks\n"
                "the weights by 2 eta lambda w, even on an example the loss leaves alone.\n\n",
                hinge->lambda);
    Perceptron zero = {0.0, 0.0, 0.0};
    hand_printf("A first look at the difference. At w1 = w2 = b = 0 every f(x) is 0, and on\n"
                "the %d examples of the notes' table (section 3):\n\n"
                "    perceptron loss: E = %v   (max(0, -y x 0) = 0 for every example)\n"
                "    hinge loss:      E = %v   (max(0, 1 - y x 0) = 1 for every example)\n\n"
                "The useless line w = 0 is already a minimum of the perceptron loss: it has\n"
                "no scale, and training just stops at the first line that separates. The 1\n"
                "in the hinge loss fixes the scale, and the L2 term then asks for the\n"
                "smallest w that keeps every y f(x) >= 1: the widest margin (section 4).\n",
                s->X->rows, objective(perc, &zero, s), objective(hinge, &zero, s));
}

/* ---- 3. Epoch 1 by hand ------------------------------------------------- */

/* One SGD step on E_i = max(0, 1 - y f(x)) + lambda (w1^2 + w2^2), printed
 * as the notes write it; the same arithmetic as sgd_epoch, spelled out. */
static void hand_step(Perceptron *p, int i, double x1, double x2, double y, double eta,
                      double lambda)
{
    hand_printf("Example %d: x = (%v, %v), y = %v\n", i, x1, x2, y);
    double f = score(p, x1, x2);
    hand_printf("    f(x) = %v x %v%+v x %v%+v = %v\n", p->w1, x1, p->w2, x2, p->b, f);
    double yf = y * f;
    double L = yf < 1 ? 1 - yf : 0.0;
    double dL_df = yf < 1 ? -y : 0.0;
    if (yf < 1)
        hand_printf("    y f(x) = %v < 1, so L = max(0, 1 - (%v)) = %v\n"
                    "    dL/df = -y = %v\n", yf, yf, L, dL_df);
    else
        hand_printf("    y f(x) = %v >= 1, so L = max(0, 1 - %v) = 0\n"
                    "    dL/df = 0\n", yf, yf);
    double dE_dw1 = dL_df * x1 + 2 * lambda * p->w1;
    double dE_dw2 = dL_df * x2 + 2 * lambda * p->w2;
    double dE_db = dL_df;
    hand_printf("    dE/dw1 = %v x %v + 2 x %v x %v = %v\n", dL_df, x1, lambda, p->w1, dE_dw1);
    hand_printf("    dE/dw2 = %v x %v + 2 x %v x %v = %v\n", dL_df, x2, lambda, p->w2, dE_dw2);
    hand_printf("    dE/db  = %v\n", dE_db);
    double w1 = p->w1 - eta * dE_dw1;
    double w2 = p->w2 - eta * dE_dw2;
    double b = p->b - eta * dE_db;
    hand_printf("    w1 = %v - %v x %v = %v\n", p->w1, eta, dE_dw1, w1);
    hand_printf("    w2 = %v - %v x %v = %v\n", p->w2, eta, dE_dw2, w2);
    hand_printf("    b  = %v - %v x %v = %v\n", p->b, eta, dE_db, b);
    p->w1 = w1;
    p->w2 = w2;
    p->b = b;
}

/* The table x1, x2, y. */
static void print_set(const Set *s, const DataTable *t)
{
    char c[3][40];
    printf("    %4s  %8s  %8s  %4s\n", "i", t->names[0], t->names[1], "y");
    for (int i = 0; i < s->X->rows; i++)
        printf("    %4d  %8s  %8s  %4s\n", i + 1, hand_fmt(c[0], 40, MAT_AT(s->X, i, 0)),
               hand_fmt(c[1], 40, MAT_AT(s->X, i, 1)), hand_fmt(c[2], 40, MAT_AT(s->y, i, 0)));
}

static void lecture_hand_epoch(const Set *s, const DataTable *t, Perceptron start, double eta,
                               double lambda)
{
    hand_section("3. Epoch 1 by hand: SGD on the hinge loss + L2");
    printf("%s, the notes' placement table (chapter 01):\n"
           "cgpa, iq and y = +1 (placed) or -1 (not placed).\n\n", s->name);
    print_set(s, t);
    hand_printf("\nStart from w1 = %v, w2 = %v, b = %v as in chapter 01; eta = %v, lambda = %v.\n"
                "Each step computes f(x) = w1 x1 + w2 x2 + b, dL/df by the case split, then\n\n"
                "    dE/dw1 = dL/df x1 + 2 lambda w1     w1 = w1 - eta dE/dw1\n"
                "    dE/dw2 = dL/df x2 + 2 lambda w2     w2 = w2 - eta dE/dw2\n"
                "    dE/db  = dL/df                      b  = b  - eta dE/db\n\n",
                start.w1, start.w2, start.b, eta, lambda);
    Perceptron p = start;
    for (int i = 0; i < s->X->rows; i++)
        hand_step(&p, i + 1, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1), MAT_AT(s->y, i, 0), eta,
                  lambda);
    hand_printf("\nAfter epoch 1: w1 = %v, w2 = %v, b = %v.\n"
                "Example 1 moved the weights though its loss was 0: that is the L2 term\n"
                "(w <- w - eta 2 lambda w, \"weight decay\"). The perceptron loss made the\n"
                "same two updates in chapter 01 (examples 2 and 4) without the decay.\n",
                p.w1, p.w2, p.b);
}

/* ---- 4. Training both: the margin -------------------------------------- */

/* One epoch's result: the weights after it, E with those weights, the
 * mistakes (y f < 0), the examples inside the margin or wrong (y f < 1). */
typedef struct {
    Perceptron p;
    double E;
    int mistakes, inside;
} Epoch;

/* A training run; e[0] is the start, e[1..n] the epochs run. */
typedef struct {
    Epoch *e;
    int n;
} History;

static Epoch evaluate(const Objective *obj, const Perceptron *p, const Set *s)
{
    Epoch e = {.p = *p, .E = objective(obj, p, s)};
    for (int i = 0; i < s->X->rows; i++) {
        double yf = MAT_AT(s->y, i, 0) * score(p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1));
        e.mistakes += yf < 0;
        e.inside += yf < 1;
    }
    return e;
}

/* One SGD epoch over the examples in order:
 *   dE_i/dw1 = dL/df x1 + 2 lambda w1,  dE_i/dw2 = dL/df x2 + 2 lambda w2,
 *   dE_i/db = dL/df;  w <- w - eta dE_i/dw */
static void sgd_epoch(Perceptron *p, const Set *s, const Objective *obj, double eta)
{
    for (int i = 0; i < s->X->rows; i++) {
        double x1 = MAT_AT(s->X, i, 0), x2 = MAT_AT(s->X, i, 1), y = MAT_AT(s->y, i, 0);
        double dL_df = obj->dL_df(y, score(p, x1, x2));
        double dE_dw1 = dL_df * x1 + 2 * obj->lambda * p->w1;
        double dE_dw2 = dL_df * x2 + 2 * obj->lambda * p->w2;
        p->w1 -= eta * dE_dw1;
        p->w2 -= eta * dE_dw2;
        p->b -= eta * dL_df;
    }
}

/* SGD from start for up to max_epochs (h->e has room for them all); stops
 * early when E reaches 0, where every gradient is 0. Returns 0, or -1 after
 * printing an error when E stops being finite. */
static int train(History *h, Perceptron start, const Set *s, const Objective *obj, double eta,
                 int max_epochs)
{
    Perceptron p = start;
    h->e[0] = evaluate(obj, &p, s);
    h->n = 0;
    for (int epoch = 1; epoch <= max_epochs && h->e[epoch - 1].E > 0; epoch++) {
        sgd_epoch(&p, s, obj, eta);
        h->e[epoch] = evaluate(obj, &p, s);
        h->n = epoch;
        if (!isfinite(h->e[epoch].E)) {
            fprintf(stderr, "error: SGD on the %s diverged at epoch %d: E became %s "
                            "(eta %g, lambda %g: try a smaller --eta or --lambda)\n",
                    obj->name, epoch, isnan(h->e[epoch].E) ? "NaN" : "infinite", eta,
                    obj->lambda);
            return -1;
        }
    }
    return 0;
}

/* Epochs to show: 0, 1, 2, 5, 10, 20, 50, ... below n, and n. */
static int ladder(int n, int *out)
{
    int k = 0;
    for (int decade = 1; decade < n; decade *= 10)
        for (int step = 0; step < 3; step++) {
            int e = decade * (int[]){1, 2, 5}[step];
            if (e < n)
                out[k++] = e;
        }
    out[k++] = n;
    return k;
}

static void print_history(const History *h)
{
    char c[4][40];
    int epochs[40] = {0};
    int n = 1 + ladder(h->n, epochs + 1);
    printf("    %5s  %12s  %5s  %5s  %12s  %12s  %12s\n", "epoch", "E", "wrong", "y f<1",
           "w1", "w2", "b");
    for (int k = 0; k < n; k++) {
        const Epoch *e = &h->e[epochs[k]];
        printf("    %5d  %12s  %5d  %5d  %12s  %12s  %12s\n", epochs[k], hand_fmt(c[0], 40, e->E),
               e->mistakes, e->inside, hand_fmt(c[1], 40, e->p.w1), hand_fmt(c[2], 40, e->p.w2),
               hand_fmt(c[3], 40, e->p.b));
    }
}

/* ||w|| = sqrt(w1^2 + w2^2) */
static double norm_w(const Perceptron *p)
{
    return sqrt(p->w1 * p->w1 + p->w2 * p->w2);
}

/* The margin of a line: min_i y_i f(x_i) / ||w||, the distance from the
 * line to the closest example (negative when one is on the wrong side). */
static double margin_of(const Perceptron *p, const Set *s, double *min_yf)
{
    double m = INFINITY;
    for (int i = 0; i < s->X->rows; i++)
        m = fmin(m, MAT_AT(s->y, i, 0) * score(p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1)));
    if (min_yf)
        *min_yf = m;
    return m / norm_w(p);
}

/* The examples inside the margin lines or wrong: y f(x) < 1. */
static int count_inside(const Perceptron *p, const Set *s)
{
    int n = 0;
    for (int i = 0; i < s->X->rows; i++)
        n += MAT_AT(s->y, i, 0) * score(p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1)) < 1;
    return n;
}

static void print_margins(const Set *s, const Perceptron *per, const Perceptron *hin,
                          const char *hinge_label)
{
    char c[4][40];
    printf("    %4s  %4s  %26s  %26s\n", "", "", "perceptron", hinge_label);
    printf("    %4s  %4s  %12s  %12s  %12s  %12s\n", "i", "y", "y f(x)", "distance", "y f(x)",
           "distance");
    for (int i = 0; i < s->X->rows; i++) {
        double x1 = MAT_AT(s->X, i, 0), x2 = MAT_AT(s->X, i, 1), y = MAT_AT(s->y, i, 0);
        double a = y * score(per, x1, x2), b = y * score(hin, x1, x2);
        printf("    %4d  %4s  %12s  %12s  %12s  %12s\n", i + 1, y > 0 ? "+1" : "-1",
               hand_fmt(c[0], 40, a), hand_fmt(c[1], 40, a / norm_w(per)), hand_fmt(c[2], 40, b),
               hand_fmt(c[3], 40, b / norm_w(hin)));
    }
}

/* 1 when s is exactly the notes' placement table. */
static int is_notes_table(const Set *s)
{
    static const double X[4][2] = {{7, 8}, {6, 8}, {4, 2}, {1, 1}}, y[4] = {1, -1, 1, -1};
    if (s->X->rows != 4)
        return 0;
    for (int i = 0; i < 4; i++)
        if (MAT_AT(s->X, i, 0) != X[i][0] || MAT_AT(s->X, i, 1) != X[i][1] ||
            MAT_AT(s->y, i, 0) != y[i])
            return 0;
    return 1;
}

/* Why the L2 term matters: a scaled-up separating line makes the hinge 0 too. */
static void print_scale_argument(const Set *s, const Perceptron *per, const Objective *hinge)
{
    double min_yf;
    margin_of(per, s, &min_yf);
    if (!(min_yf > 1e-3)) /* no separating line, or one that touches an example */
        return;
    double k = ceil(1.0 / min_yf);
    Perceptron big = {k * per->w1, k * per->w2, k * per->b};
    Objective no_r = *hinge, with_r = *hinge;
    no_r.lambda = 0.0;
    with_r.lambda = hinge->lambda > 0 ? hinge->lambda : LAMBDA;
    hand_printf("\nWhy R(w) is needed: the hinge loss alone is 0 for ANY separating line made\n"
                "steep enough. %v x the perceptron's line,\n"
                "    w = (%v, %v), b = %v,\n"
                "has every y f(x) >= 1, so without R its E = %v. With R it costs\n"
                "lambda ||w||^2: at lambda = %v, E = %v. The distance of an example is\n"
                "y f / ||w||; keeping every y f >= 1 with the smallest ||w|| gives the widest\n"
                "margin.\n",
                k, big.w1, big.w2, big.b, objective(&no_r, &big, s), with_r.lambda,
                objective(&with_r, &big, s));
}

/* The hard-margin line of the notes' table, found by hand in README.md. */
static void print_widest(const Set *s, const Objective *hinge, const Perceptron *hin)
{
    if (!is_notes_table(s)) {
        printf("\n(This placement table is not the notes': the hand solution w = (2, -1),\n"
               "b = -5 of README.md does not apply to it.)\n");
        return;
    }
    Perceptron best = {2.0, -1.0, -5.0};
    double lambda = hinge->lambda;
    hand_printf("\nThe widest margin by hand (README.md): w = (2, -1), b = -5. Examples 1, 2\n"
                "and 3 sit on the margin lines (y f(x) = 1); the margin is\n"
                "    1 / ||w|| = 1 / sqrt(5) = %v\n"
                "and E = lambda ||w||^2 = %v x 5 = %v there.\n", margin_of(&best, s, NULL), lambda,
                objective(hinge, &best, s));
    if (lambda == 0)
        hand_printf("With lambda = 0 so has every line with all y f(x) >= 1: SGD stopped at the\n"
                    "first one it met, with margin %v.\n", margin_of(hin, s, NULL));
    else if (lambda <= 0.05)
        hand_printf("For lambda <= 0.05 no other (w, b) has a smaller E. SGD reached\n"
                    "E = %v, margin %v: close, but with a constant eta SGD\n"
                    "hovers around the minimum instead of settling on it.\n",
                    objective(hinge, hin, s), margin_of(hin, s, NULL));
    else
        hand_printf("For lambda = %v > 0.05 this is no longer the minimum of E: a narrower\n"
                    "line that lets example 2 inside the margin costs less (README.md). SGD\n"
                    "reached E = %v, margin %v.\n", lambda, objective(hinge, hin, s),
                    margin_of(hin, s, NULL));
}

/* The plotting window around the examples, with equal scales on both axes
 * (so distances to a line look right), and each example's number. */
static void boundary_settings(const Set *s, char *settings, size_t len)
{
    const Mat *X = s->X;
    double x0 = MAT_AT(X, 0, 0), x1 = x0, y0 = MAT_AT(X, 0, 1), y1 = y0;
    for (int i = 1; i < X->rows; i++) {
        x0 = fmin(x0, MAT_AT(X, i, 0)), x1 = fmax(x1, MAT_AT(X, i, 0));
        y0 = fmin(y0, MAT_AT(X, i, 1)), y1 = fmax(y1, MAT_AT(X, i, 1));
    }
    int n = snprintf(settings, len, "set xrange [%g:%g]\nset yrange [%g:%g]\nset size ratio -1\n"
                     "set key at screen 0.5,0.02 center bottom vertical maxrows 3\nset bmargin 9",
                     floor(x0) - 2, ceil(x1) + 2, floor(y0) - 2,
                     ceil(y1) + 2);
    for (int i = 0; i < X->rows && i < 20 && n > 0 && (size_t)n < len; i++)
        n += snprintf(settings + n, len - (size_t)n, "\nset label %d \"%d\" at %g,%g offset 1,1",
                      i + 1, i + 1, MAT_AT(X, i, 0), MAT_AT(X, i, 1));
}

/* The line w1 x1 + w2 x2 + b = level across x1 in [lo, hi] (w2 != 0). */
static void plot_level(Plot *pl, const Perceptron *p, double level, double lo, double hi,
                       const char *legend, const char *style)
{
    double x[2] = {lo, hi}, y[2];
    int n = fabs(p->w2) > 1e-12 ? 2 : 0;
    for (int k = 0; k < n; k++)
        y[k] = (level - p->w1 * x[k] - p->b) / p->w2; /* x2 = (level - w1 x1 - b) / w2 */
    plot_series(pl, legend, style, x, y, n);
}

static void plot_points(Plot *pl, const Set *s)
{
    for (int cls = 1; cls >= -1; cls -= 2) {
        double x[64], y[64];
        int n = 0;
        for (int i = 0; i < s->X->rows && n < 64; i++)
            if (MAT_AT(s->y, i, 0) == cls) {
                x[n] = MAT_AT(s->X, i, 0);
                y[n++] = MAT_AT(s->X, i, 1);
            }
        plot_series(pl, cls == 1 ? "placed (y = +1)" : "not placed (y = -1)",
                    cls == 1 ? "points pt 7 ps 2 lc rgb '#c0392b'" : "points pt 5 ps 1.8 lc rgb '#2e6fb5'",
                    x, y, n);
    }
}

/* The examples, the line f(x) = 0 and the margin lines f(x) = +1 and -1;
 * also the hand solution's line, when there is one (best != NULL). */
static void plot_boundary(Plotter *plotter, const char *name, const char *title, const Set *s,
                          const Perceptron *p, const Perceptron *best)
{
    char settings[1200];
    boundary_settings(s, settings, sizeof settings);
    Plot *pl = plot_begin(plotter, name, &(PlotSpec){
        .title = title, .xlabel = "x1 (cgpa)", .ylabel = "x2 (iq)", .settings = settings,
        .width = 900, .height = 900});
    plot_level(pl, p, 0.0, -50, 50, "decision line f(x) = 0", "lines lw 3 lc rgb '#111111'");
    plot_level(pl, p, 1.0, -50, 50, "margin line f(x) = +1", "lines lw 2 dt 2 lc rgb '#c0392b'");
    plot_level(pl, p, -1.0, -50, 50, "margin line f(x) = -1", "lines lw 2 dt 2 lc rgb '#2e6fb5'");
    if (best)
        plot_level(pl, best, 0.0, -50, 50, "widest margin by hand: 2 x1 - x2 - 5 = 0",
                   "lines lw 1 dt 3 lc rgb '#555555'");
    plot_points(pl, s);
    plot_end(pl);
}

/* E per epoch of both runs, on a logarithmic epoch axis. */
static void plot_placement_loss(Plotter *plotter, const History *per, const History *hin)
{
    Plot *pl = plot_begin(plotter, "placement_loss", &(PlotSpec){
        .title = "E per epoch on the notes' table: the perceptron stops, the hinge loss + L2 goes on",
        .xlabel = "epoch (log scale)", .ylabel = "objective E(w, b)",
        .settings = "set logscale x\nset key top right", .width = 1000});
    const History *runs[] = {per, hin};
    const char *legend[] = {"perceptron loss (lambda = 0): stops at E = 0",
                            "hinge loss + lambda R(w)"};
    const char *style[] = {"linespoints pt 7 lw 2 lc rgb '#2e6fb5'", "lines lw 2 lc rgb '#c0392b'"};
    size_t room = (size_t)per->n + (size_t)hin->n + 2;
    double *x = malloc(2 * room * sizeof *x), *y = x ? x + room : NULL;
    for (int r = 0; r < 2 && x; r++) {
        /* every epoch up to 100, then 100 per factor of 10 */
        int n = 0;
        for (int e = 1; e <= runs[r]->n; e += e < 100 ? 1 : e / 100) {
            x[n] = e;
            y[n++] = runs[r]->e[e].E;
        }
        x[n] = runs[r]->n;
        y[n++] = runs[r]->e[runs[r]->n].E;
        plot_series(pl, legend[r], style[r], x, y, n);
    }
    free(x);
    plot_end(pl);
}

/* Where each run ended, how far each example is from each line, the margins. */
static void print_comparison(const Set *s, const History *hp, const History *hh,
                             const Objective *hinge)
{
    const Perceptron *per = &hp->e[hp->n].p, *hin = &hh->e[hh->n].p;
    const char *label = hinge->lambda > 0 ? "hinge + L2" : "hinge";
    hand_printf(hp->e[hp->n].E == 0 ? "\nThe perceptron stopped after epoch %d (E = 0: no gradient left) at\n"
                                    : "\nThe perceptron did not converge in %d epochs; it ended at\n",
                hp->n);
    hand_printf("    %v x1%+v x2%+v = 0\n", per->w1, per->w2, per->b);
    hand_printf(hh->e[hh->n].E == 0 ? "The hinge loss stopped after epoch %d (E = 0: every y f(x) >= 1) at\n"
                                    : "The hinge loss kept moving the line; after epoch %d:\n",
                hh->n);
    hand_printf("    %v x1%+v x2%+v = 0\n\n"
                "How far each example is from each line (distance = y f(x) / ||w||):\n\n",
                hin->w1, hin->w2, hin->b);
    print_margins(s, per, hin, label);
    hand_printf("\nThe margin of a line is its smallest distance to an example:\n"
                "    perceptron %v,   %s %v\n"
                "The perceptron's lines f(x) = +1 and -1 lie 1 / ||w|| = %v away from its\n"
                "line, with %d of the %d examples between them: its loss does not care.\n",
                margin_of(per, s, NULL), label, margin_of(hin, s, NULL), 1.0 / norm_w(per),
                count_inside(per, s), s->X->rows);
    if (hinge->lambda > 0)
        printf("The hinge loss pushed every example towards y f(x) >= 1 (up to SGD's\n"
               "jitter), and L2 made ||w|| small, so the gap around the line is as wide as\n"
               "the data allow.\n");
    else
        printf("The hinge loss pushed every example to y f(x) >= 1 and stopped there:\n"
               "without L2 nothing asks for a small ||w||, so its margin is that of the\n"
               "first such line.\n");
    print_scale_argument(s, per, hinge);
    print_widest(s, hinge, hin);
}

static void plot_training(Plotter *plotter, const Set *s, const History *hp, const History *hh,
                          const Objective *hinge)
{
    static const Perceptron widest = {2.0, -1.0, -5.0};
    plot_placement_loss(plotter, hp, hh);
    plot_boundary(plotter, "boundary_perceptron",
                  "Perceptron loss: it stops at the first line that separates; f(x) = +1, -1 mean nothing to it",
                  s, &hp->e[hp->n].p, NULL);
    plot_boundary(plotter, "boundary_hinge",
                  hinge->lambda > 0
                      ? "Hinge loss + L2: the margin lines f(x) = +1, -1 pass through the closest points"
                      : "Hinge loss without L2: it stops at the first line with every y f(x) >= 1",
                  s, &hh->e[hh->n].p, is_notes_table(s) ? &widest : NULL);
}

/* Both runs from the same start; returns -1 when one diverged. */
static int lecture_training(Plotter *plotter, const Set *s, Perceptron start, double eta,
                            const Objective *perc, const Objective *hinge, History *hp,
                            History *hh)
{
    hand_section("4. Training both: the margin the hinge loss keeps");
    hand_printf("SGD from the same start (eta = %v), once with the perceptron loss and no\n"
                "penalty, as in chapter 01, and once with the hinge loss + lambda R(w),\n"
                "lambda = %v. \"wrong\" counts the examples with y f(x) < 0, \"y f<1\" those\n"
                "inside the margin or wrong.\n\n"
                "Perceptron loss:\n", eta, hinge->lambda);
    if (train(hp, start, s, perc, eta, PERCEPTRON_EPOCHS) != 0)
        return -1;
    print_history(hp);
    printf(hinge->lambda > 0 ? "\nHinge loss + L2:\n" : "\nHinge loss, lambda = 0 (no L2):\n");
    if (train(hh, start, s, hinge, eta, HINGE_EPOCHS) != 0)
        return -1;
    print_history(hh);
    print_comparison(s, hp, hh, hinge);
    plot_training(plotter, s, hp, hh, hinge);
    return 0;
}

/* ---- 5. The perceptron is flexible ------------------------------------------ */

/* How a variant wants its targets. */
typedef enum {
    TARGET_PM1,    /* y in {-1, +1} (the hinge loss) */
    TARGET_01,     /* y in {0, 1} (binary cross-entropy) */
    TARGET_ONEHOT, /* one column per class (categorical cross-entropy) */
    TARGET_VALUE,  /* the number, standardized with the training mean and std */
} Target;

enum { DATA_CANCER, DATA_IRIS, DATA_DIABETES, N_DATA };
enum { VARIANT_PERCEPTRON, VARIANT_LOGISTIC, VARIANT_SOFTMAX, VARIANT_LINEAR, N_VARIANTS };

/* One row of the notes' table: a loss, an activation, what comes out. */
typedef struct {
    const char *model;  /* "logistic regression" */
    const char *loss;   /* "BCE" */
    const char *act;    /* the output activation, as the table names it */
    const char *output; /* what the model outputs */
    LossKind loss_kind;
    ActKind layer_act;  /* the layer's activation while training */
    Target target;
    int data;           /* which data set */
} Variant;

static const Variant VARIANTS[N_VARIANTS] = {
    [VARIANT_PERCEPTRON] = {.model = "perceptron", .loss = "hinge", .act = "step",
                            .output = "class -1 or +1", .loss_kind = LOSS_HINGE,
                            .layer_act = ACT_LINEAR, .target = TARGET_PM1, .data = DATA_CANCER},
    [VARIANT_LOGISTIC] = {.model = "logistic regression", .loss = "BCE", .act = "sigmoid",
                          .output = "P(y = 1)", .loss_kind = LOSS_BCE, .layer_act = ACT_SIGMOID,
                          .target = TARGET_01, .data = DATA_CANCER},
    [VARIANT_SOFTMAX] = {.model = "softmax regression", .loss = "CCE", .act = "softmax",
                         .output = "P(species j), j = 0, 1, 2", .loss_kind = LOSS_CCE,
                         .layer_act = ACT_SOFTMAX, .target = TARGET_ONEHOT, .data = DATA_IRIS},
    [VARIANT_LINEAR] = {.model = "linear regression", .loss = "MSE", .act = "linear",
                        .output = "a number (the standardized target)", .loss_kind = LOSS_MSE, .layer_act = ACT_LINEAR,
                        .target = TARGET_VALUE, .data = DATA_DIABETES},
};

/* Where a data set comes from and what it holds. */
typedef struct {
    const char *name;            /* "iris" */
    const char *file;            /* "iris.csv" */
    const char *label;           /* the target column */
    const char *const *features; /* the feature columns, or NULL for all but label */
    int n_features;
    int classes;                 /* 2 or 3 for a classifier, 0 for a number */
    const char *about;
} DataSpec;

static const char *const IRIS_FEATURES[] = {"petal_length", "petal_width"};

static const DataSpec DATA[N_DATA] = {
    [DATA_CANCER] = {.name = "breast_cancer", .file = "breast_cancer.csv", .label = "target",
                     .classes = 2,
                     .about = "Breast cancer (breast_cancer.csv): 30 measures of cell nuclei; the\n"
                              "target is 0 (malignant) or 1 (benign)."},
    [DATA_IRIS] = {.name = "iris", .file = "iris.csv", .label = "species",
                   .features = IRIS_FEATURES, .n_features = 2, .classes = 3,
                   .about = "Iris (iris.csv): petal length and petal width (two of the four\n"
                            "measures, so the class regions can be drawn); species 0 setosa,\n"
                            "1 versicolor, 2 virginica."},
    [DATA_DIABETES] = {.name = "diabetes", .file = "diabetes.csv", .label = "progression",
                       .classes = 0,
                       .about = "Diabetes (diabetes.csv): 10 baseline measures of a patient; the\n"
                                "target is disease progression after one year (25 to 346). It is\n"
                                "standardized for training; the RMSE is in its own units."},
};

/* A data set loaded, split, and standardized with the training set's
 * statistics: x <- (x - mean) / std, column by column. */
typedef struct {
    const DataSpec *spec;
    DataSplit split;          /* y: the label column as in the file */
    Mat *mean, *std;      /* (1 x features), of the training set */
    double y_mean, y_std; /* of the training targets (regression only) */
} Dataset;

/* One variant's run: the loss and the metric after each epoch. */
typedef struct {
    double train_loss[FLEX_EPOCHS + 1], test_loss[FLEX_EPOCHS + 1];
    double train_metric[FLEX_EPOCHS + 1], test_metric[FLEX_EPOCHS + 1];
} Run;

/* Outputs of the variant's layer: one per class for softmax, else one. */
static int n_outputs(const Variant *v, const Dataset *d)
{
    return v->target == TARGET_ONEHOT ? d->spec->classes : 1;
}

/* Targets of the form the variant's loss needs, from the label column y. */
static Mat *make_targets(const Variant *v, const Dataset *d, const Mat *y)
{
    int m = y->rows;
    Mat *Y = mat_new(m, n_outputs(v, d));
    if (!Y)
        return NULL;
    for (int i = 0; i < m; i++) {
        double t = MAT_AT(y, i, 0);
        switch (v->target) {
        case TARGET_PM1: MAT_AT(Y, i, 0) = 2.0 * t - 1.0; break; /* 0 -> -1, 1 -> +1 */
        case TARGET_01: MAT_AT(Y, i, 0) = t; break;
        case TARGET_ONEHOT: MAT_AT(Y, i, (int)t) = 1.0; break;
        case TARGET_VALUE: MAT_AT(Y, i, 0) = (t - d->y_mean) / d->y_std; break;
        }
    }
    return Y;
}

/* The variant's metric: accuracy, or the RMSE in the target's own units. */
static double metric(const Variant *v, const Dataset *d, Net *net, const Mat *X, const Mat *Y)
{
    if (v->target == TARGET_VALUE) /* RMSE = sqrt(MSE of the standardized y) x std */
        return sqrt(net_cost(net, &(Loss){.kind = LOSS_MSE}, X, Y)) * d->y_std;
    /* hinge: step(f(x)) = sign of f against y in {-1, +1}; the others: p >= 0.5 or argmax */
    return net_accuracy(net, &(Loss){.kind = v->loss_kind}, X, Y);
}

static void record(Run *r, int epoch, const Variant *v, const Dataset *d, Net *net,
                   const Mat *Y_train, const Mat *Y_test)
{
    const Loss loss = {.kind = v->loss_kind};
    r->train_loss[epoch] = net_cost(net, &loss, d->split.X_train, Y_train);
    r->test_loss[epoch] = net_cost(net, &loss, d->split.X_test, Y_test);
    r->train_metric[epoch] = metric(v, d, net, d->split.X_train, Y_train);
    r->test_metric[epoch] = metric(v, d, net, d->split.X_test, Y_test);
}

/* The cost at w = 0, b = 0, worked by hand. */
static void print_start(const Variant *v, const Run *r)
{
    switch (v->target) {
    case TARGET_PM1:
        hand_printf("    At w = 0, b = 0: f(x) = 0, L = max(0, 1 - y x 0) = %v for every example.\n",
                    r->train_loss[0]);
        break;
    case TARGET_01:
        hand_printf("    At w = 0, b = 0: p = sigmoid(0) = 0.5, L = -log 0.5 = ln 2 = %v.\n",
                    r->train_loss[0]);
        break;
    case TARGET_ONEHOT:
        hand_printf("    At W = 0, b = 0: p = softmax(0, 0, 0) = (1/3, 1/3, 1/3), L = -log(1/3) =\n"
                    "    ln 3 = %v (the sanity value ln K for K classes).\n", r->train_loss[0]);
        break;
    case TARGET_VALUE:
        hand_printf("    At w = 0, b = 0: y_hat = 0, the mean of the standardized training y, so\n"
                    "    L = mean of y^2 = its variance = %v; the test RMSE of predicting the\n"
                    "    mean is %v.\n", r->train_loss[0], r->test_metric[0]);
        break;
    }
}

static void print_run(const Variant *v, const Run *r)
{
    const char *name = v->target == TARGET_VALUE ? "RMSE" : "accuracy";
    printf("\n    %5s  %10s  %10s  %10s  %10s\n", "epoch", "train loss", "test loss", "train", "test");
    printf("    %5s  %10s  %10s  %10s  %10s\n", "", "", "", name, name);
    static const int shown[] = {0, 1, 2, 5, 10, 20, FLEX_EPOCHS};
    for (int k = 0; k < 7; k++) {
        int e = shown[k];
        printf("    %5d  %10.4f  %10.4f  %10.4f  %10.4f\n", e, r->train_loss[e], r->test_loss[e],
               r->train_metric[e], r->test_metric[e]);
    }
}

/* Train variant v with SGD, recording every epoch. Returns 0, or -1 after
 * printing an error (out of memory, or training diverged). */
static int run_variant(Run *r, Net **out, const Variant *v, const Dataset *d, double eta,
                       uint64_t seed)
{
    const DataSplit *s = &d->split;
    int k = n_outputs(v, d);
    Mat *Y_train = make_targets(v, d, s->y_train), *Y_test = make_targets(v, d, s->y_test);
    Net *net = net_new(s->X_train->cols, s->X_train->rows);
    int rc = -1;
    if (!Y_train || !Y_test || !net || net_add(net, k, act_of(v->layer_act)) != 0) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    Rng rng;
    rng_seed(&rng, seed);
    net_init(net, &(Init){.kind = INIT_ZEROS}, &rng);
    record(r, 0, v, d, net, Y_train, Y_test);
    const Loss loss = {.kind = v->loss_kind};
    for (int epoch = 1; epoch <= FLEX_EPOCHS; epoch++) {
        FitResult res;
        FitSpec fit = {.epochs = 1, .batch_size = 1, .lr = eta, .l2 = FLEX_LAMBDA,
                       .shuffle = &rng};
        int failed = net_fit(net, &loss, s->X_train, Y_train, &fit, &res) != 0;
        if (!failed)
            record(r, epoch, v, d, net, Y_train, Y_test);
        if (failed || !isfinite(r->train_loss[epoch]) || !isfinite(r->test_loss[epoch])) {
            fprintf(stderr, "error: %s diverged in epoch %d: the loss is no longer a finite "
                            "number (eta %g is too large: try a smaller --eta)\n",
                    v->model, epoch, eta);
            goto done;
        }
    }
    *out = net;
    net = NULL;
    rc = 0;
done:
    mat_free(Y_train);
    mat_free(Y_test);
    net_free(net);
    return rc;
}

static void print_results(const Run *runs, const Dataset *data)
{
    printf("\nResults after %d epochs (loss = the mean L over the set, without lambda R):\n\n",
           FLEX_EPOCHS);
    printf("    %-19s  %-13s  %-13s  %6s  %6s  %9s  %9s\n", "model", "loss + act.", "data",
           "train", "test", "train", "test");
    printf("    %-19s  %-13s  %-13s  %6s  %6s\n", "", "", "", "loss", "loss");
    for (int k = 0; k < N_VARIANTS; k++) {
        const Variant *v = &VARIANTS[k];
        const Run *r = &runs[k];
        char pair[40], train[20], test[20];
        snprintf(pair, sizeof pair, "%s + %s", v->loss, v->act);
        const char *unit = v->target == TARGET_VALUE ? "RMSE" : "acc";
        const char *fmt = v->target == TARGET_VALUE ? "%s %.1f" : "%s %.3f";
        snprintf(train, sizeof train, fmt, unit, r->train_metric[FLEX_EPOCHS]);
        snprintf(test, sizeof test, fmt, unit, r->test_metric[FLEX_EPOCHS]);
        printf("    %-19s  %-13s  %-13s  %6.4f  %6.4f  %9s  %9s\n", v->model, pair,
               data[v->data].spec->name, r->train_loss[FLEX_EPOCHS], r->test_loss[FLEX_EPOCHS], train,
               test);
    }
}

/* Softmax regression's predicted class over a grid of (petal length,
 * petal width) in cm, with the points on top. */
static void plot_regions(Plotter *plotter, Net *net, const Dataset *d)
{
    const Mat *mean = d->mean, *std = d->std;
    double x0 = 0.5, x1 = 7.5, y0 = -0.5, y1 = 3.0;
    double *z = malloc((size_t)GRID * GRID * sizeof *z);
    Mat *G = mat_new(GRID, 2);
    if (!z || !G) {
        free(z);
        mat_free(G);
        return;
    }
    for (int i = 0; i < GRID; i++) { /* one grid row (fixed width) at a time */
        for (int j = 0; j < GRID; j++) {
            MAT_AT(G, j, 0) = x0 + j * (x1 - x0) / (GRID - 1);
            MAT_AT(G, j, 1) = y0 + i * (y1 - y0) / (GRID - 1);
        }
        data_standardize_apply(G, mean, std);
        for (int j0 = 0; j0 < GRID; j0 += net->max_rows) { /* in batches the net takes */
            int n = GRID - j0 < net->max_rows ? GRID - j0 : net->max_rows;
            Mat batch = mat_view_rows(G, j0, n);
            const Mat *P = net_forward(net, &batch);
            for (int j = 0; j < n; j++) {
                int best = 0; /* argmax_c p_c */
                for (int c = 1; c < P->cols; c++)
                    if (MAT_AT(P, j, c) > MAT_AT(P, j, best))
                        best = c;
                z[i * GRID + j0 + j] = best;
            }
        }
    }
    Plot *pl = plot_begin(plotter, "softmax_regions", &(PlotSpec){
        .title = "Softmax regression on iris: predicted class regions (argmax p_j) and the flowers",
        .xlabel = "petal length (cm)", .ylabel = "petal width (cm)",
        .cblabel = "predicted class",
        .settings = "set palette defined (0 '#c6dbef', 1 '#c7e9c0', 2 '#fcbba1')\n"
                    "set palette maxcolors 3\nset cbrange [-0.5:2.5]\n"
                    "set cbtics ('setosa' 0, 'versicolor' 1, 'virginica' 2)\n"
                    "set xrange [0.5:7.5]\nset yrange [-0.5:3]\nset key top left",
        .width = 1000, .height = 650});
    plot_heatmap(pl, &(PlotGrid){x0, x1, y0, y1, GRID, GRID, z});
    static const char *names[] = {"setosa", "versicolor", "virginica"};
    static const char *colour[] = {"#08519c", "#238b45", "#a50f15"};
    const DataSplit *s = &d->split;
    for (int set = 0; set < 2; set++) {
        const Mat *X = set ? s->X_test : s->X_train, *y = set ? s->y_test : s->y_train;
        for (int c = 0; c < 3; c++) {
            double px[200], py[200];
            int n = 0;
            for (int i = 0; i < X->rows && n < 200; i++)
                if (MAT_AT(y, i, 0) == c) { /* back to cm: x = z std + mean */
                    px[n] = MAT_AT(X, i, 0) * std->data[0] + mean->data[0];
                    py[n++] = MAT_AT(X, i, 1) * std->data[1] + mean->data[1];
                }
            char legend[40], style[80];
            snprintf(legend, sizeof legend, "%s (%s)", names[c], set ? "test" : "train");
            snprintf(style, sizeof style, "points pt %d ps %s lc rgb '%s'", set ? 6 : 7,
                     set ? "1.8" : "1.1", colour[c]);
            plot_series(pl, legend, style, px, py, n);
        }
    }
    plot_end(pl);
    free(z);
    mat_free(G);
}

static void plot_flexible_loss(Plotter *plotter, const Run *runs)
{
    Plot *pl = plot_begin(plotter, "flexible_loss", &(PlotSpec){
        .title = "One model, four losses: train (solid) and test (dashed) loss per epoch",
        .xlabel = "epoch", .ylabel = "mean loss L (each variant its own loss)",
        .settings = "set key top right", .width = 1000});
    static const char *colour[] = {"#c0392b", "#2e6fb5", "#27ae60", "#8e44ad"};
    double x[FLEX_EPOCHS + 1];
    for (int e = 0; e <= FLEX_EPOCHS; e++)
        x[e] = e;
    for (int k = 0; k < N_VARIANTS; k++) {
        char legend[80], style[80];
        snprintf(legend, sizeof legend, "%s (%s + %s), train", VARIANTS[k].model,
                 VARIANTS[k].loss, VARIANTS[k].act);
        snprintf(style, sizeof style, "lines lw 2 lc rgb '%s'", colour[k]);
        plot_series(pl, legend, style, x, runs[k].train_loss, FLEX_EPOCHS + 1);
        snprintf(legend, sizeof legend, "%s, test", VARIANTS[k].model);
        snprintf(style, sizeof style, "lines lw 2 dt 2 lc rgb '%s'", colour[k]);
        plot_series(pl, legend, style, x, runs[k].test_loss, FLEX_EPOCHS + 1);
    }
    plot_end(pl);
}

static void print_notes_table(void)
{
    printf("001: \"[The perceptron] is a mathematical model which can be used in\n"
           "multiple ways because it is flexible by design\". The same weighted sum\n"
           "f(x) = w . x + b, four choices of loss and output activation:\n\n"
           "    loss function               activation  model                output\n"
           "    hinge loss                  step        perceptron (*)       class -1 or +1\n"
           "    log loss (BCE)              sigmoid     logistic regression  P(y = 1)\n"
           "    categorical cross-entropy   softmax     softmax regression   P(class j)\n"
           "    mean squared error (MSE)    linear      linear regression    a number\n\n"
           "    (*) the notes' name; with L2 this is a linear support vector machine,\n"
           "        and Rosenblatt's perceptron uses max(0, -y f(x)) (see Errata).\n\n"
           "    BCE  L = -[y log p + (1 - y) log(1 - p)],   p = sigmoid(f) = 1 / (1 + e^-f)\n"
           "    CCE  L = -sum_j y_j log p_j,                p_j = e^(z_j) / sum_k e^(z_k)\n"
           "    MSE  L = (y - y_hat)^2,                     y_hat = f(x)\n\n"
           "(001 drops the minus signs of BCE and CCE here, and writes MSE as (y - y_0):\n"
           "see Errata.) The step has derivative 0 wherever it has one, so the perceptron\n"
           "trains on the raw score f(x) and applies the step only to predict. Sigmoid and\n"
           "softmax pair with their cross-entropies so that the chain rule cancels:\n"
           "dL/df = p - y for BCE + sigmoid, dL/dz_j = p_j - y_j for CCE + softmax.\n");
    double z[3] = {2.0, 1.0, 0.1}, p[3], y[3] = {1, 0, 0};
    act_softmax(p, z, 3);
    hand_printf("\nBy hand, softmax of the scores z = (%v, %v, %v):\n"
                "    sum_k e^(z_k) = e^2 + e^1 + e^0.1 = %v\n"
                "    p = (%v, %v, %v)\n"
                "    with y = (1, 0, 0): L = -log %v = %v,\n"
                "    dL/dz = p - y = (%v, %v, %v)\n",
                z[0], z[1], z[2], exp(2.0) + exp(1.0) + exp(0.1), p[0], p[1], p[2], p[0],
                loss_cce(y, p, 3), p[0] - 1, p[1], p[2]);
}

/* Returns 0, or -1 after printing an error. */
static int lecture_flexible(Plotter *plotter, Run *runs, Net **nets, const Dataset *data,
                            double eta, uint64_t seed)
{
    hand_section("5. The perceptron is flexible: one model, four losses");
    print_notes_table();
    hand_printf("\nEach variant below is one Dense layer (the weighted sum) with the\n"
                "activation and loss of its row, trained from w = 0, b = 0 with SGD\n"
                "(one example at a time, shuffled each epoch): eta = %v, %d epochs, and\n"
                "E = 1/n sum L + lambda R(w) with lambda = %v. Features are standardized with\n"
                "the training set's mean and std; %d%% of each data set is held out as the\n"
                "test set.\n", eta, FLEX_EPOCHS, FLEX_LAMBDA, (int)(100 * TEST_FRACTION + 0.5));
    for (int k = 0; k < N_VARIANTS; k++) {
        const Variant *v = &VARIANTS[k];
        const Dataset *d = &data[v->data];
        char title[120];
        snprintf(title, sizeof title, "5.%d %s: %s + %s", k + 1, v->model, v->loss, v->act);
        hand_section(title);
        printf("%s\n", d->spec->about);
        int n_in = d->split.X_train->cols, k_out = n_outputs(v, d);
        printf("    %d training and %d test examples; Dense(%d -> %d, %s): %d parameters.\n"
               "    Output: %s.\n", d->split.X_train->rows, d->split.X_test->rows, n_in, k_out,
               act_name(v->layer_act), n_in * k_out + k_out, v->output);
        if (v->target == TARGET_PM1)
            printf("    The layer is linear while training; y_hat = step(f(x)) predicts.\n");
        if (run_variant(&runs[k], &nets[k], v, d, eta, seed + 1 + (uint64_t)k) != 0)
            return -1;
        print_start(v, &runs[k]);
        print_run(v, &runs[k]);
    }
    print_results(runs, data);
    plot_flexible_loss(plotter, runs);
    return 0;
}

/* ---- loading ------------------------------------------------------------------- */

static void set_free(Set *s)
{
    mat_free(s->X);
    mat_free(s->y);
}

/* path = dir/file */
static const char *join(char *path, size_t len, const char *dir, const char *file)
{
    snprintf(path, len, "%s/%s", dir, file);
    return path;
}

/* Load a CSV; on failure print the error (and a hint when the file cannot
 * be opened from a relative folder) and return -1. */
static int load_table(DataTable *t, const char *dir, const char *path)
{
    char err[DATA_ERR_LEN];
    if (data_load_csv(t, path, err, sizeof err) == 0)
        return 0;
    fprintf(stderr, "error: %s\n", err);
    if (dir[0] != '/' && strstr(err, "cannot open"))
        fprintf(stderr, "hint: run from the annlab folder, or name the data folder with --datasets\n");
    return -1;
}

/* The placement table: x1, x2, label in {1, -1} (0 is read as -1). */
static int load_placement(Set *s, DataTable *t, const char *dir, char *path, size_t len)
{
    join(path, len, dir, "placement.csv");
    if (load_table(t, dir, path) != 0)
        return -1;
    if (t->cols != 3) {
        fprintf(stderr, "error: %s: expected 3 columns (x1, x2, label), found %d\n", path, t->cols);
        return -1;
    }
    int m = t->values->rows;
    s->X = data_select(t, (int[]){0, 1}, 2);
    s->y = mat_new(m, 1);
    s->name = path;
    if (!s->X || !s->y) {
        fprintf(stderr, "error: out of memory\n");
        return -1;
    }
    for (int i = 0; i < m; i++) {
        double label = MAT_AT(t->values, i, 2);
        if (label != 1 && label != -1 && label != 0) {
            /* +2: the header is line 1 */
            fprintf(stderr, "error: %s:%d: the label \"%s\" is %g; expected 1 or -1 (or 0)\n",
                    path, i + 2, t->names[2], label);
            return -1;
        }
        MAT_AT(s->y, i, 0) = label == 0 ? -1.0 : label;
    }
    return 0;
}

/* The column called name, or -1 after printing an error. */
static int column(const DataTable *t, const char *path, const char *name)
{
    int j = data_column_index(t, name);
    if (j < 0)
        fprintf(stderr, "error: %s: no column \"%s\" in the header\n", path, name);
    return j;
}

/* The feature columns: d->spec->features, or every column but the label. */
static int feature_columns(const Dataset *d, const DataTable *t, const char *path, int label,
                           int *idx)
{
    if (!d->spec->features) {
        int n = 0;
        for (int j = 0; j < t->cols; j++)
            if (j != label)
                idx[n++] = j;
        return n;
    }
    for (int j = 0; j < d->spec->n_features; j++)
        if ((idx[j] = column(t, path, d->spec->features[j])) < 0)
            return -1;
    return d->spec->n_features;
}

/* A class label must be one of 0, 1, ..., classes - 1. */
static int check_labels(const Mat *y, int classes, const char *path, const char *name)
{
    for (int i = 0; i < y->rows; i++) {
        double c = MAT_AT(y, i, 0);
        if (c != floor(c) || c < 0 || c >= classes) {
            fprintf(stderr, "error: %s:%d: the label \"%s\" is %g; expected a class 0 to %d\n",
                    path, i + 2, name, c, classes - 1);
            return -1;
        }
    }
    return 0;
}

/* Load d from dir, split it with rng, standardize the features (and, for a
 * number, the targets) with the training set's statistics. */
static int load_dataset(Dataset *d, const char *dir, Rng *rng)
{
    char path[1100];
    DataTable t = {0};
    Mat *X = NULL, *y = NULL;
    int rc = -1, idx[64];
    join(path, sizeof path, dir, d->spec->file);
    if (load_table(&t, dir, path) != 0)
        goto done;
    int label = column(&t, path, d->spec->label);
    int n = label < 0 || t.cols > 65 ? -1 : feature_columns(d, &t, path, label, idx);
    if (n < 0)
        goto done;
    X = data_select(&t, idx, n);
    y = data_select(&t, &label, 1);
    if (!X || !y || X->rows < 10) {
        fprintf(stderr, X && y ? "error: %s: too few rows to split (%d)\n" : "error: out of memory\n",
                path, X ? X->rows : 0);
        goto done;
    }
    if (d->spec->classes && check_labels(y, d->spec->classes, path, d->spec->label) != 0)
        goto done;
    d->mean = mat_new(1, n);
    d->std = mat_new(1, n);
    if (!d->mean || !d->std || data_split(&d->split, rng, X, y, TEST_FRACTION) != 0) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    data_standardize(d->split.X_train, d->mean, d->std);
    data_standardize_apply(d->split.X_test, d->mean, d->std);
    if (!d->spec->classes) { /* the target's training mean and (population) std */
        Mat ym = {1, 1, &d->y_mean}, ys = {1, 1, &d->y_std};
        Mat *copy = mat_dup(d->split.y_train);
        if (!copy) {
            fprintf(stderr, "error: out of memory\n");
            goto done;
        }
        data_standardize(copy, &ym, &ys);
        mat_free(copy);
    }
    rc = 0;
done:
    mat_free(X);
    mat_free(y);
    data_table_free(&t);
    return rc;
}

/* ---- the lecture --------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 02 - The flexible perceptron: its losses (lecture notes 001)\n"
    "The perceptron loss and the hinge loss, the regularized objective\n"
    "E(w, b) = 1/n sum L + lambda R(w) and its SGD step by hand, the margin the\n"
    "hinge loss keeps, and one model with four losses: perceptron, logistic,\n"
    "softmax and linear regression on real data.";

int main(int argc, char **argv)
{
    const char *dir = DATASETS;
    double eta = ETA, lambda = LAMBDA;
    CliFlag flags[] = {
        {"eta", CLI_DOUBLE, &eta, "RATE", "learning rate of every SGD run (default 0.01)"},
        {"lambda", CLI_DOUBLE, &lambda, "L", "L2 strength of the hinge loss, sections 2-4 (default 0.01)"},
        {"datasets", CLI_STRING, &dir, "DIR", "folder with the CSV files (default datasets)"},
    };
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED, .flags = flags,
                    .n_flags = 3};
    CliOptions opt;
    int rc = cli_parse(&opt, &spec, argc, argv);
    if (rc != CLI_RUN)
        return rc == CLI_EXIT_OK ? 0 : 2;
    if (!(eta > 0) || !(lambda >= 0))
        return cli_error(&spec, "--eta must be > 0 and --lambda >= 0");

    Dataset data[N_DATA] = {{.spec = &DATA[DATA_CANCER]}, {.spec = &DATA[DATA_IRIS]},
                            {.spec = &DATA[DATA_DIABETES]}};
    DataTable table = {0};
    Set set = {0};
    char placement_path[1100];
    Epoch *epochs = malloc((PERCEPTRON_EPOCHS + HINGE_EPOCHS + 2) * sizeof *epochs);
    Run *runs = calloc(N_VARIANTS, sizeof *runs);
    Net *nets[N_VARIANTS] = {0};
    Plotter plotter;
    Rng rng;
    rng_seed(&rng, opt.seed);
    rc = 1;
    if (!epochs || !runs) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    if (load_placement(&set, &table, dir, placement_path, sizeof placement_path) != 0)
        goto done;
    for (int k = 0; k < N_DATA; k++)
        if (load_dataset(&data[k], dir, &rng) != 0)
            goto done;
    if (plot_open(&plotter, opt.plots, opt.out, CHAPTER) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        goto done;
    }

    printf("%s\n", CARD);
    printf("(seed %" PRIu64 ")\n", opt.seed);
    Objective perc = {"perceptron loss", loss_perceptron, loss_perceptron_grad, 0.0};
    Objective hinge = {"hinge loss", loss_hinge, loss_hinge_grad, lambda};
    Perceptron start = {.w1 = 1.0, .w2 = 1.0, .b = 0.0};
    History hp = {epochs, 0}, hh = {epochs + PERCEPTRON_EPOCHS + 1, 0};
    lecture_losses(&plotter);
    lecture_objective(&set, &perc, &hinge);
    lecture_hand_epoch(&set, &table, start, eta, lambda);
    if (lecture_training(&plotter, &set, start, eta, &perc, &hinge, &hp, &hh) != 0)
        goto done;
    if (lecture_flexible(&plotter, runs, nets, data, eta, opt.seed) != 0)
        goto done;
    plot_regions(&plotter, nets[VARIANT_SOFTMAX], &data[DATA_IRIS]);
    rc = 0;
    if (plot_close(&plotter) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        rc = 1;
    }
done:
    for (int k = 0; k < N_DATA; k++) {
        data_split_free(&data[k].split);
        mat_free(data[k].mean);
        mat_free(data[k].std);
    }
    for (int k = 0; k < N_VARIANTS; k++)
        net_free(nets[k]);
    set_free(&set);
    data_table_free(&table);
    free(epochs);
    free(runs);
    return rc;
}
