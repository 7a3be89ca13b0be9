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
 *   ./build/02_perceptron_losses --data my.csv  sections 2-4 on your own CSV: x1,x2,label
 *                  (the file's name and columns in the text and plots; the
 *                  first HAND_ROWS examples worked by hand, epoch 1 on all)
 *
 * Plots
 *   losses.png               perceptron, hinge and log loss as functions of y f(x)
 *   placement_loss.png       E per epoch on the notes' table: perceptron vs hinge + L2
 *                            (training_loss.png with --data, titled with the file)
 *   boundary_perceptron.png  the perceptron's line f(x) = 0 and its lines f(x) = +1, -1
 *   boundary_hinge.png       the same for the hinge loss + L2: the margin it keeps
 *   flexible_loss.png        train and test loss per epoch of the four variants
 *   softmax_regions.png      softmax regression's class regions on two iris features
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "chapter.h"
#include "cli.h"
#include "data.h"
#include "hand.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "plot.h"
#include "rng.h"
#include "sheet.h"

#define CHAPTER "02_perceptron_losses"
#define DATASETS "datasets"
#define ETA 0.01               /* the notes' learning rate */
#define MAX_ETA 1000            /* --eta above it only overflows the steps worked by hand */
#define LAMBDA 0.01            /* lambda of the hinge loss on the notes' table */
#define PERCEPTRON_EPOCHS 1000 /* the perceptron stops long before (epoch 17) */
#define HINGE_EPOCHS 50000     /* SGD creeps along a flat valley towards the minimum */
#define MAX_EPOCHS HINGE_EPOCHS /* the longest run */
#define FLEX_LAMBDA 0.001      /* lambda of the four variants in section 5 */
#define FLEX_EPOCHS 50         /* epochs of each variant */
#define TEST_FRACTION 0.2      /* held out for the test numbers */
#define MAX_EXAMPLES 1000      /* rows of the table of sections 2-4 (--data) */
#define SEED 1995              /* Cortes and Vapnik's soft-margin SVM */
#define VARIANT_EPOCHS 40      /* a drawn table (--variant) is separated within this many epochs */
#define HAND_ROWS 8            /* examples worked by hand, on the worksheet and shown of a longer table */

/* The perceptron f(x) = w1 x1 + w2 x2 + b of the notes. */
typedef struct {
    double w1, w2, b;
} Perceptron;

/* The widest-margin line of the notes' table, found by hand in README.md. */
static const Perceptron WIDEST = {2.0, -1.0, -5.0};

/* The objective E(w, b) = 1/n sum_i L(y_i, f(x_i)) + lambda (w1^2 + w2^2)
 * with one of the notes' losses L and its derivative dL/df. */
typedef struct {
    const char *name;
    double (*L)(double y, double f);
    double (*dL_df)(double y, double f);
    double lambda;
} Objective;

/* The perceptron loss as an objective: no L2 term (lambda = 0). */
static const Objective PERCEPTRON_LOSS = {"perceptron loss", loss_perceptron, loss_perceptron_grad,
                                          0.0};

/* How sections 2-4 name their table: the notes' story (the placement
 * table of chapter 01, or one drawn like it for --variant) or, with
 * --data, the student's file and its column names. */
typedef struct {
    int own;                /* 1: --data, the student's own file */
    int drawn;              /* 1: --variant's table */
    const char *name;       /* the file's path, or "the drawn table (variant N)" */
    const char *x1, *x2, *y; /* the file's column names */
    char xlabel[96], ylabel[96]; /* "x1 (cgpa)" */
    char pos[96], neg[96];  /* the classes' legends */
} Story;

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

/* The three losses at one value of y f(x), for y = 1 (so f(x) = y f(x)). */
typedef struct {
    double yf, perceptron, perceptron_dL_df, hinge, hinge_dL_df, log_loss;
    const char *where;
} LossRow;

static LossRow loss_row(double yf)
{
    return (LossRow){
        .yf = yf,
        .perceptron = loss_perceptron(1, yf),
        .perceptron_dL_df = loss_perceptron_grad(1, yf),
        .hinge = loss_hinge(1, yf),
        .hinge_dL_df = loss_hinge_grad(1, yf),
        .log_loss = log_loss_pm1(1, yf),
        .where = yf < 0 ? "wrong side" : yf == 0 ? "on the line" : yf < 1 ? "inside the margin"
               : yf == 1 ? "on the margin" : "past the margin"};
}

static void plot_losses(Plotter *plotter)
{
    enum { N = 121 };
    double yf[N], mistake[N], perc[N], hinge[N], logl[N];
    for (int k = 0; k < N; k++) {
        LossRow r = loss_row(-3.0 + k * 0.05);
        yf[k] = r.yf;
        mistake[k] = r.yf < 0 ? 1.0 : 0.0;
        perc[k] = r.perceptron;
        hinge[k] = r.hinge;
        logl[k] = r.log_loss;
    }
    Plot *pl = plot_begin(plotter, "losses", &(PlotSpec){
        .title = "Three losses as functions of y f(x): all punish the wrong side (y f < 0)",
        .xlabel = "y f(x)  (< 0: wrong side, 0 to 1: inside the margin, > 1: past it)",
        .ylabel = "loss L", .settings = "set key top right"});
    plot_series(pl, "mistake (1 if y f < 0, else 0)", "steps lw 2 dt 3 lc rgb '#777777'", yf, mistake, N);
    plot_series(pl, "perceptron loss max(0, -y f)", "lines lw 3 lc rgb '#2e6fb5'", yf, perc, N);
    plot_series(pl, "hinge loss max(0, 1 - y f)", "lines lw 3 lc rgb '#c0392b'", yf, hinge, N);
    plot_series(pl, "log loss log(1 + e^(-y f))", "lines lw 2 lc rgb '#27ae60'", yf, logl, N);
    plot_end(pl);
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
    hand_printf("    %6s  %10s  %6s  %6s  %6s  %11s\n", "y f(x)", "perceptron", "dL/df", "hinge",
                "dL/df", "log loss");
    static const double margins[] = {-2, -1, -0.5, 0, 0.5, 1, 2};
    for (int k = 0; k < 7; k++) {
        LossRow r = loss_row(margins[k]);
        hand_printf("    %6v  %10v  %6v  %6v  %6v  %11v   %s\n", r.yf, r.perceptron,
                    r.perceptron_dL_df, r.hinge, r.hinge_dL_df, r.log_loss, r.where);
    }
    printf("\nAt y f(x) = 0.5 the example is on the right side: the perceptron loss is 0\n"
           "and leaves it alone, the hinge loss is 0.5 and still pushes it outwards.\n");
    plot_losses(plotter);
}

/* ---- 2. The regularized objective ------------------------------------- */

/* E(w, b) = 1/n sum_i L(y_i, f(x_i)) + lambda (w1^2 + w2^2) */
static double objective(const Objective *obj, const Perceptron *p, const DataXY *s)
{
    double sum = 0.0;
    for (int i = 0; i < s->X->rows; i++)
        sum += obj->L(MAT_AT(s->y, i, 0), score(p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1)));
    return sum / s->X->rows + obj->lambda * (p->w1 * p->w1 + p->w2 * p->w2);
}

static void lecture_objective(const DataXY *s, const Objective *perc, const Objective *hinge,
                              const Story *st)
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
    double E_perceptron = objective(perc, &zero, s), E_hinge = objective(hinge, &zero, s);
    char table[1200];
    if (st->own)
        snprintf(table, sizeof table, "%s", st->name);
    else
        snprintf(table, sizeof table, "the %s table", st->drawn ? "drawn" : "notes'");
    hand_printf("A first look at the difference. At w1 = w2 = b = 0 every f(x) is 0, and on\n"
                "the %d examples of %s (section 3):\n\n"
                "    perceptron loss: E = %v   (max(0, -y x 0) = 0 for every example)\n"
                "    hinge loss:      E = %v   (max(0, 1 - y x 0) = 1 for every example)\n\n"
                "The useless line w = 0 is already a minimum of the perceptron loss: it has\n"
                "no scale, and training just stops at the first line that separates. The 1\n"
                "in the hinge loss fixes the scale, and the L2 term then asks for the\n"
                "smallest w that keeps every y f(x) >= 1: the widest margin (section 4).\n",
                s->X->rows, table, E_perceptron, E_hinge);
}

/* ---- 3. Epoch 1 by hand ------------------------------------------------- */

/* One SGD step on E_i = max(0, 1 - y f(x)) + lambda (w1^2 + w2^2) by hand:
 * every number the lecture prints. */
typedef struct {
    double x1, x2, y;
    double f, yf, L, dL_df;       /* L = max(0, 1 - y f);  dL/df = -y if y f < 1, else 0 */
    double dE_dw1, dE_dw2, dE_db; /* dL/df x1 + 2 lambda w1, dL/df x2 + 2 lambda w2, dL/df */
    Perceptron before, after;     /* after: w <- w - eta dE/dw */
} Step;

/* The step on example (x1, x2, y) from p: the same arithmetic as
 * sgd_epoch, spelled out. */
static Step hinge_step(const Perceptron *p, double x1, double x2, double y, double eta,
                       double lambda)
{
    Step st = {.x1 = x1, .x2 = x2, .y = y, .before = *p};
    st.f = score(p, x1, x2);
    st.yf = y * st.f;
    st.L = st.yf < 1 ? 1 - st.yf : 0.0;
    st.dL_df = st.yf < 1 ? -y : 0.0;
    st.dE_dw1 = st.dL_df * x1 + 2 * lambda * p->w1;
    st.dE_dw2 = st.dL_df * x2 + 2 * lambda * p->w2;
    st.dE_db = st.dL_df;
    st.after.w1 = p->w1 - eta * st.dE_dw1;
    st.after.w2 = p->w2 - eta * st.dE_dw2;
    st.after.b = p->b - eta * st.dE_db;
    return st;
}

/* The step printed as the notes write it; p moves to its end. */
static void hand_step(Perceptron *p, int i, double x1, double x2, double y, double eta,
                      double lambda)
{
    Step st = hinge_step(p, x1, x2, y, eta, lambda);
    hand_printf("Example %d: x = (%v, %v), y = %v\n", i, x1, x2, y);
    hand_printf("    f(x) = %v x %v%+v x %v%+v = %v\n", p->w1, x1, p->w2, x2, p->b, st.f);
    if (st.yf < 1)
        hand_printf("    y f(x) = %v < 1, so L = max(0, 1 - (%v)) = %v\n"
                    "    dL/df = -y = %v\n", st.yf, st.yf, st.L, st.dL_df);
    else
        hand_printf("    y f(x) = %v >= 1, so L = max(0, 1 - %v) = 0\n"
                    "    dL/df = 0\n", st.yf, st.yf);
    hand_printf("    dE/dw1 = %v x %v + 2 x %v x %v = %v\n", st.dL_df, x1, lambda, p->w1, st.dE_dw1);
    hand_printf("    dE/dw2 = %v x %v + 2 x %v x %v = %v\n", st.dL_df, x2, lambda, p->w2, st.dE_dw2);
    hand_printf("    dE/db  = %v\n", st.dE_db);
    hand_printf("    w1 = %v - %v x %v = %v\n", p->w1, eta, st.dE_dw1, st.after.w1);
    hand_printf("    w2 = %v - %v x %v = %v\n", p->w2, eta, st.dE_dw2, st.after.w2);
    hand_printf("    b  = %v - %v x %v = %v\n", p->b, eta, st.dE_db, st.after.b);
    *p = st.after;
}

static void lecture_hand_epoch(const DataXY *s, const Story *st, Perceptron start, double eta,
                               double lambda)
{
    hand_section("3. Epoch 1 by hand: SGD on the hinge loss + L2");
    int m = s->X->rows, shown = m < HAND_ROWS ? m : HAND_ROWS;
    if (st->own)
        printf("%s: %d examples,\n"
               "inputs x1 = %s and x2 = %s, label y = %s (+1 or -1).\n\n", st->name, m,
               st->x1, st->x2, st->y);
    else
        printf("%s, %s placement table (chapter 01):\n"
               "cgpa, iq and y = +1 (placed) or -1 (not placed).\n\n", st->name,
               st->drawn ? "drawn like the notes'" : "the notes'");
    hand_printf("    %4s  %8s  %8s  %4s\n", "i", st->x1, st->x2, "y");
    for (int i = 0; i < shown; i++)
        hand_printf("    %4d  %8v  %8v  %4v\n", i + 1, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1),
                    MAT_AT(s->y, i, 0));
    if (m > shown)
        printf("    ... and %d more rows\n", m - shown);
    hand_printf("\nStart from w1 = %v, w2 = %v, b = %v as in chapter 01; eta = %v, lambda = %v.\n"
                "Each step computes f(x) = w1 x1 + w2 x2 + b, dL/df by the case split, then\n\n"
                "    dE/dw1 = dL/df x1 + 2 lambda w1     w1 = w1 - eta dE/dw1\n"
                "    dE/dw2 = dL/df x2 + 2 lambda w2     w2 = w2 - eta dE/dw2\n"
                "    dE/db  = dL/df                      b  = b  - eta dE/db\n\n",
                start.w1, start.w2, start.b, eta, lambda);
    Perceptron p = start;
    for (int i = 0; i < shown; i++)
        hand_step(&p, i + 1, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1), MAT_AT(s->y, i, 0), eta,
                  lambda);
    if (m > shown) { /* the rest of the epoch, the same step on each example */
        for (int i = shown; i < m; i++)
            p = hinge_step(&p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1), MAT_AT(s->y, i, 0), eta,
                           lambda).after;
        printf("... and %d more examples, one step each.\n", m - shown);
    }
    hand_printf("\nAfter epoch 1: w1 = %v, w2 = %v, b = %v.\n", p.w1, p.w2, p.b);
    if (!st->own && !st->drawn)
        printf("Example 1 moved the weights though its loss was 0: that is the L2 term\n"
               "(w <- w - eta 2 lambda w, \"weight decay\"). The perceptron loss made the\n"
               "same two updates in chapter 01 (examples 2 and 4) without the decay.\n");
    else
        printf("An example whose loss is 0 still moves the weights: that is the L2 term\n"
               "(w <- w - eta 2 lambda w, \"weight decay\").\n");
}

/* ---- 4. Training both: the margin -------------------------------------- */

/* Where the examples lie around a line f(x) = 0: y_i f(x_i) (< 0 on the
 * wrong side, < 1 inside the margin lines f(x) = +1 and -1) and the
 * distance y_i f(x_i) / ||w||; the margin of the line is the smallest
 * distance, min_i y_i f(x_i) / ||w|| (negative when an example is wrong). */
typedef struct {
    double norm_w;            /* ||w|| = sqrt(w1^2 + w2^2) */
    double yf[MAX_EXAMPLES];  /* y_i f(x_i) */
    double dist[MAX_EXAMPLES]; /* y_i f(x_i) / ||w|| */
    double min_yf;            /* min_i y_i f(x_i) */
    double margin;            /* min_yf / ||w|| */
    double half_gap;          /* 1 / ||w||: how far f(x) = +1 and -1 lie from f(x) = 0 */
    int mistakes, inside;     /* examples with y f < 0 (wrong), with y f < 1 */
} Margins;

static Margins margins_of(const Perceptron *p, const DataXY *s)
{
    Margins mg = {.norm_w = sqrt(p->w1 * p->w1 + p->w2 * p->w2), .min_yf = INFINITY};
    for (int i = 0; i < s->X->rows; i++) {
        mg.yf[i] = MAT_AT(s->y, i, 0) * score(p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1));
        mg.dist[i] = mg.yf[i] / mg.norm_w;
        mg.min_yf = fmin(mg.min_yf, mg.yf[i]);
        mg.mistakes += mg.yf[i] < 0;
        mg.inside += mg.yf[i] < 1;
    }
    mg.margin = mg.min_yf / mg.norm_w;
    mg.half_gap = 1.0 / mg.norm_w;
    return mg;
}

/* A training run: after epoch k (k = 0: the start; up to n) the weights
 * p[k], the objective E[k] with them, the mistakes (y f < 0) and the
 * examples inside the margin or wrong (y f < 1). */
typedef struct {
    int n;
    Perceptron p[MAX_EPOCHS + 1];
    double E[MAX_EPOCHS + 1];
    int mistakes[MAX_EPOCHS + 1], inside[MAX_EPOCHS + 1];
} History;

/* Epoch k of h: the weights p, E with them, where the examples lie. */
static void record_epoch(History *h, int k, const Objective *obj, const Perceptron *p,
                         const DataXY *s)
{
    Margins mg = margins_of(p, s);
    h->n = k;
    h->p[k] = *p;
    h->E[k] = objective(obj, p, s);
    h->mistakes[k] = mg.mistakes;
    h->inside[k] = mg.inside;
}

/* One SGD epoch over the examples in order:
 *   dE_i/dw1 = dL/df x1 + 2 lambda w1,  dE_i/dw2 = dL/df x2 + 2 lambda w2,
 *   dE_i/db = dL/df;  w <- w - eta dE_i/dw */
static void sgd_epoch(Perceptron *p, const DataXY *s, const Objective *obj, double eta)
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

/* SGD from start for up to max_epochs (<= MAX_EPOCHS); stops early when E
 * reaches 0, where every gradient is 0. Returns CHAPTER_OK, or
 * CHAPTER_ERROR after printing an error when E stops being finite. */
static int train(History *h, Perceptron start, const DataXY *s, const Objective *obj, double eta,
                 int max_epochs)
{
    Perceptron p = start;
    record_epoch(h, 0, obj, &p, s);
    for (int epoch = 1; epoch <= max_epochs && h->E[epoch - 1] > 0; epoch++) {
        sgd_epoch(&p, s, obj, eta);
        record_epoch(h, epoch, obj, &p, s);
        if (!isfinite(h->E[epoch]))
            return chapter_error("SGD on the %s diverged at epoch %d: E became %s "
                                 "(eta %g, lambda %g: try a smaller --eta or --lambda)",
                                 obj->name, epoch, isnan(h->E[epoch]) ? "NaN" : "infinite", eta,
                                 obj->lambda);
    }
    return CHAPTER_OK;
}

/* Epochs to show: 0, 1, 2, 5, 10, 20, 50, ... below n, and n. */
static int ladder(int n, int *out)
{
    int k = 0;
    out[k++] = 0;
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
    int epochs[40];
    int n = ladder(h->n, epochs);
    hand_printf("    %5s  %12s  %5s  %5s  %12s  %12s  %12s\n", "epoch", "E", "wrong", "y f<1",
                "w1", "w2", "b");
    for (int k = 0; k < n; k++) {
        int e = epochs[k];
        hand_printf("    %5d  %12v  %5d  %5d  %12v  %12v  %12v\n", e, h->E[e], h->mistakes[e],
                    h->inside[e], h->p[e].w1, h->p[e].w2, h->p[e].b);
    }
}

/* 1 when s is exactly the notes' placement table. */
static int is_notes_table(const DataXY *s)
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

/* Why the L2 term matters: a separating line scaled up by k = ceil(1 / min y f)
 * has every y f >= 1, so the hinge loss alone is 0 there. */
static void print_scale_argument(const DataXY *s, const Perceptron *per, const Margins *mp,
                                 const Objective *hinge)
{
    if (!(mp->min_yf > 1e-3)) /* no separating line, or one that touches an example */
        return;
    double k = ceil(1.0 / mp->min_yf);
    Perceptron big = {k * per->w1, k * per->w2, k * per->b};
    Objective no_r = *hinge, with_r = *hinge;
    no_r.lambda = 0.0;
    with_r.lambda = hinge->lambda > 0 ? hinge->lambda : LAMBDA;
    double E_no_r = objective(&no_r, &big, s), E_with_r = objective(&with_r, &big, s);
    hand_printf("\nWhy R(w) is needed: the hinge loss alone is 0 for ANY separating line made\n"
                "steep enough. %v x the perceptron's line,\n"
                "    w = (%v, %v), b = %v,\n"
                "has every y f(x) >= 1, so without R its E = %v. With R it costs\n"
                "lambda ||w||^2: at lambda = %v, E = %v. The distance of an example is\n"
                "y f / ||w||; keeping every y f >= 1 with the smallest ||w|| gives the widest\n"
                "margin.\n", k, big.w1, big.w2, big.b, E_no_r, with_r.lambda, E_with_r);
}

/* The hard-margin line of the notes' table, found by hand in README.md,
 * against where SGD on the hinge loss ended (E_sgd, margin mh). */
static void print_widest(const DataXY *s, const Objective *hinge, double E_sgd, const Margins *mh,
                         const Story *st)
{
    if (st->own) {
        printf("\n(The hand solution w = (2, -1), b = -5 of README.md is the widest margin\n"
               "of the notes' table; it says nothing about %s.)\n", st->name);
        return;
    }
    if (!is_notes_table(s)) {
        printf("\n(This placement table is not the notes': the hand solution w = (2, -1),\n"
               "b = -5 of README.md does not apply to it.)\n");
        return;
    }
    double lambda = hinge->lambda, margin = margins_of(&WIDEST, s).margin;
    double E_widest = objective(hinge, &WIDEST, s);
    hand_printf("\nThe widest margin by hand (README.md): w = (2, -1), b = -5. Examples 1, 2\n"
                "and 3 sit on the margin lines (y f(x) = 1); the margin is\n"
                "    1 / ||w|| = 1 / sqrt(5) = %v\n"
                "and E = lambda ||w||^2 = %v x 5 = %v there.\n", margin, lambda, E_widest);
    if (lambda == 0)
        hand_printf("With lambda = 0 so has every line with all y f(x) >= 1: SGD stopped at the\n"
                    "first one it met, with margin %v.\n", mh->margin);
    else if (lambda <= 0.05)
        hand_printf("For lambda <= 0.05 no other (w, b) has a smaller E. SGD reached\n"
                    "E = %v, margin %v: close, but with a constant eta SGD\n"
                    "hovers around the minimum instead of settling on it.\n", E_sgd, mh->margin);
    else
        hand_printf("For lambda = %v > 0.05 this is no longer the minimum of E: a narrower\n"
                    "line that lets example 2 inside the margin costs less (README.md). SGD\n"
                    "reached E = %v, margin %v.\n", lambda, E_sgd, mh->margin);
}

/* Where each run ended, how far each example is from each line, the margins. */
static void print_comparison(const DataXY *s, const History *hp, const History *hh,
                             const Objective *hinge, const Story *st)
{
    const Perceptron *per = &hp->p[hp->n], *hin = &hh->p[hh->n];
    const char *label = hinge->lambda > 0 ? "hinge + L2" : "hinge";
    Margins mp = margins_of(per, s), mh = margins_of(hin, s);
    hand_printf(hp->E[hp->n] == 0 ? "\nThe perceptron stopped after epoch %d (E = 0: no gradient left) at\n"
                           : "\nThe perceptron did not converge in %d epochs; it ended at\n", hp->n);
    hand_printf("    %v x1%+v x2%+v = 0\n", per->w1, per->w2, per->b);
    hand_printf(hh->E[hh->n] == 0 ? "The hinge loss stopped after epoch %d (E = 0: every y f(x) >= 1) at\n"
                           : "The hinge loss kept moving the line; after epoch %d:\n", hh->n);
    hand_printf("    %v x1%+v x2%+v = 0\n\n"
                "How far each example is from each line (distance = y f(x) / ||w||):\n\n",
                hin->w1, hin->w2, hin->b);
    hand_printf("    %4s  %4s  %26s  %26s\n", "", "", "perceptron", label);
    hand_printf("    %4s  %4s  %12s  %12s  %12s  %12s\n", "i", "y", "y f(x)", "distance", "y f(x)",
                "distance");
    int shown = s->X->rows < HAND_ROWS ? s->X->rows : HAND_ROWS;
    for (int i = 0; i < shown; i++)
        hand_printf("    %4d  %4s  %12v  %12v  %12v  %12v\n", i + 1, MAT_AT(s->y, i, 0) > 0 ? "+1" : "-1",
                    mp.yf[i], mp.dist[i], mh.yf[i], mh.dist[i]);
    if (s->X->rows > shown)
        printf("    ... and %d more examples\n", s->X->rows - shown);
    hand_printf("\nThe margin of a line is its smallest distance to an example:\n"
                "    perceptron %v,   %s %v\n"
                "The perceptron's lines f(x) = +1 and -1 lie 1 / ||w|| = %v away from its\n"
                "line, with %d of the %d examples between them: its loss does not care.\n",
                mp.margin, label, mh.margin, mp.half_gap, hp->inside[hp->n], s->X->rows);
    if (hinge->lambda > 0)
        printf("The hinge loss pushed every example towards y f(x) >= 1 (up to SGD's\n"
               "jitter), and L2 made ||w|| small, so the gap around the line is as wide as\n"
               "the data allow.\n");
    else
        printf("The hinge loss pushed every example to y f(x) >= 1 and stopped there:\n"
               "without L2 nothing asks for a small ||w||, so its margin is that of the\n"
               "first such line.\n");
    print_scale_argument(s, per, &mp, hinge);
    print_widest(s, hinge, hh->E[hh->n], &mh, st);
}

/* The examples (numbered as in the table), the line f(x) = 0 and the
 * margin lines f(x) = +1 and -1, that is w1 x1 + w2 x2 + (b -+ 1) = 0;
 * also the hand solution's line, when there is one (best != NULL). */
static void plot_boundary(Plotter *plotter, const char *name, const char *title, const DataXY *s,
                          const Perceptron *p, const Perceptron *best, const Story *st)
{
    ChapterBox box = chapter_box_around(s->X);
    char labels[1000], settings[1200];
    /* equal units on both axes show the margin's true width; a file's
     * columns may differ in scale a hundredfold, so there each axis has its own */
    int n = snprintf(labels, sizeof labels, "%sset bmargin 9\n"
                     "set key at screen 0.5,0.02 center bottom vertical maxrows 3",
                     st->own ? "" : "set size ratio -1\n");
    for (int i = 0; i < s->X->rows && i < 20 && n > 0 && (size_t)n < sizeof labels; i++)
        n += snprintf(labels + n, sizeof labels - (size_t)n, "\nset label %d \"%d\" at %g,%g offset 1,1",
                      i + 1, i + 1, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1));
    char named[1400]; /* the student's file named first */
    snprintf(named, sizeof named, "%s%s%s", st->own ? st->name : "", st->own ? "\n" : "", title);
    Plot *pl = plot_begin(plotter, name, &(PlotSpec){
        .title = named, .xlabel = st->xlabel, .ylabel = st->ylabel,
        .settings = chapter_box_settings(settings, sizeof settings, &box, labels),
        .width = 900, .height = 900});
    chapter_plot_line(pl, "decision line f(x) = 0", "lines lw 3 lc rgb '#111111'", &box, p->w1,
                      p->w2, p->b);
    chapter_plot_line(pl, "margin line f(x) = +1", "lines lw 2 dt 2 lc rgb '#c0392b'", &box, p->w1,
                      p->w2, p->b - 1.0);
    chapter_plot_line(pl, "margin line f(x) = -1", "lines lw 2 dt 2 lc rgb '#2e6fb5'", &box, p->w1,
                      p->w2, p->b + 1.0);
    if (best)
        chapter_plot_line(pl, "widest margin by hand: 2 x1 - x2 - 5 = 0",
                          "lines lw 1 dt 3 lc rgb '#555555'", &box, best->w1, best->w2, best->b);
    chapter_plot_classes(pl, s->X, s->y, st->pos, st->neg);
    plot_end(pl);
}

/* E per epoch of both runs on a logarithmic epoch axis (every epoch up to
 * 100, then 100 per factor of 10: 50000 epochs of SGD's jitter drawn as
 * lines would fill the band they span), and where each run ended. */
static void plot_training(Plotter *plotter, const DataXY *s, const History *hp, const History *hh,
                          const Objective *hinge, const Story *st)
{
    char title[1200];
    if (st->own || st->drawn)
        snprintf(title, sizeof title, "E per epoch on %s: perceptron loss and hinge loss + L2",
                 st->name);
    else
        snprintf(title, sizeof title, "E per epoch on the notes' table: the perceptron stops, "
                 "the hinge loss + L2 goes on");
    Plot *pl = plot_begin(plotter, st->own ? "training_loss" : "placement_loss", &(PlotSpec){
        .title = title,
        .xlabel = "epoch (log scale)", .ylabel = "objective E(w, b)",
        .settings = "set logscale x\nset key top right", .width = 1000});
    const History *runs[] = {hp, hh};
    const char *legend[] = {hp->E[hp->n] == 0 ? "perceptron loss (lambda = 0): stops at E = 0"
                                              : "perceptron loss (lambda = 0)",
                            "hinge loss + lambda R(w)"};
    const char *style[] = {"linespoints pt 7 lw 2 lc rgb '#2e6fb5'", "lines lw 2 lc rgb '#c0392b'"};
    double *x = malloc(2 * (MAX_EPOCHS + 1) * sizeof *x), *y = x ? x + MAX_EPOCHS + 1 : NULL;
    for (int r = 0; r < 2 && x; r++) {
        int n = 0;
        for (int e = 1; e <= runs[r]->n; e += e < 100 ? 1 : e / 100) {
            x[n] = e;
            y[n++] = runs[r]->E[e];
        }
        x[n] = runs[r]->n;
        y[n++] = runs[r]->E[runs[r]->n];
        plot_series(pl, legend[r], style[r], x, y, n);
    }
    if (!x)
        plot_fail(pl, "out of memory");
    free(x);
    plot_end(pl);
    plot_boundary(plotter, "boundary_perceptron",
                  "Perceptron loss: it stops at the first line that separates; f(x) = +1, -1 mean nothing to it",
                  s, &hp->p[hp->n], NULL, st);
    plot_boundary(plotter, "boundary_hinge",
                  hinge->lambda > 0
                      ? "Hinge loss + L2: the margin lines f(x) = +1, -1 pass through the closest points"
                      : "Hinge loss without L2: it stops at the first line with every y f(x) >= 1",
                  s, &hh->p[hh->n], !st->own && is_notes_table(s) ? &WIDEST : NULL, st);
}

/* Both runs from the same start. */
static int lecture_training(Plotter *plotter, const DataXY *s, const Story *st, Perceptron start,
                            double eta, const Objective *perc, const Objective *hinge)
{
    hand_section("4. Training both: the margin the hinge loss keeps");
    History *h = malloc(2 * sizeof *h), *hp = h, *hh = h + 1;
    if (!h)
        return chapter_error("out of memory");
    hand_printf("SGD from the same start (eta = %v), once with the perceptron loss and no\n"
                "penalty, as in chapter 01, and once with the hinge loss + lambda R(w),\n"
                "lambda = %v. \"wrong\" counts the examples with y f(x) < 0, \"y f<1\" those\n"
                "inside the margin or wrong.\n\n"
                "Perceptron loss:\n", eta, hinge->lambda);
    int rc = train(hp, start, s, perc, eta, PERCEPTRON_EPOCHS);
    if (rc == CHAPTER_OK) {
        print_history(hp);
        printf(hinge->lambda > 0 ? "\nHinge loss + L2:\n" : "\nHinge loss, lambda = 0 (no L2):\n");
        rc = train(hh, start, s, hinge, eta, HINGE_EPOCHS);
    }
    if (rc == CHAPTER_OK) {
        print_history(hh);
        print_comparison(s, hp, hh, hinge, st);
        plot_training(plotter, s, hp, hh, hinge, st);
    }
    free(h);
    return rc;
}

/* ---- 5. The perceptron is flexible ------------------------------------------ */

enum { DATA_CANCER, DATA_IRIS, DATA_DIABETES, N_DATA };
enum { VARIANT_PERCEPTRON, VARIANT_LOGISTIC, VARIANT_SOFTMAX, VARIANT_LINEAR, N_VARIANTS };

/* One row of the notes' table: a loss, an activation, what comes out. */
typedef struct {
    const char *model;     /* "logistic regression" */
    const char *loss;      /* "BCE" */
    const char *act;       /* the output activation, as the table names it */
    const char *output;    /* what the model outputs */
    LossKind loss_kind;
    ActKind layer_act;     /* the layer's activation while training */
    DataTargetKind target; /* what its loss wants: -1/+1, 0/1, one-hot rows, a number */
    int data;              /* which data set */
    /* the cost at w = 0, b = 0 worked by hand: a hand_printf format for the
     * training cost and (linear regression) the test RMSE there */
    const char *start;
} Variant;

static const Variant VARIANTS[N_VARIANTS] = {
    [VARIANT_PERCEPTRON] = {
        .model = "perceptron", .loss = "hinge", .act = "step", .output = "class -1 or +1",
        .loss_kind = LOSS_HINGE, .layer_act = ACT_LINEAR, .target = DATA_TARGET_SIGNS,
        .data = DATA_CANCER,
        .start = "    The layer is linear while training; y_hat = step(f(x)) predicts.\n"
                 "    At w = 0, b = 0: f(x) = 0, L = max(0, 1 - y x 0) = %v for every example.\n"},
    [VARIANT_LOGISTIC] = {
        .model = "logistic regression", .loss = "BCE", .act = "sigmoid", .output = "P(y = 1)",
        .loss_kind = LOSS_BCE, .layer_act = ACT_SIGMOID, .target = DATA_TARGET_01,
        .data = DATA_CANCER,
        .start = "    At w = 0, b = 0: p = sigmoid(0) = 0.5, L = -log 0.5 = ln 2 = %v.\n"},
    [VARIANT_SOFTMAX] = {
        .model = "softmax regression", .loss = "CCE", .act = "softmax",
        .output = "P(species j), j = 0, 1, 2", .loss_kind = LOSS_CCE, .layer_act = ACT_SOFTMAX,
        .target = DATA_TARGET_ONEHOT, .data = DATA_IRIS,
        .start = "    At W = 0, b = 0: p = softmax(0, 0, 0) = (1/3, 1/3, 1/3), L = -log(1/3) =\n"
                 "    ln 3 = %v (the sanity value ln K for K classes).\n"},
    [VARIANT_LINEAR] = {
        .model = "linear regression", .loss = "MSE", .act = "linear",
        .output = "a number (the standardized target)", .loss_kind = LOSS_MSE,
        .layer_act = ACT_LINEAR, .target = DATA_TARGET_REAL, .data = DATA_DIABETES,
        .start = "    At w = 0, b = 0: y_hat = 0, the mean of the standardized training y, so\n"
                 "    L = mean of y^2 = its variance = %v; the test RMSE of predicting the\n"
                 "    mean is %v.\n"},
};

/* Where a data set comes from, which columns it uses, what it holds. */
typedef struct {
    const char *name; /* "iris" */
    const char *file; /* "iris.csv" */
    DataXYSpec xy;    /* the target column and the features */
    const char *about;
} DataSpec;

static const DataSpec DATA[N_DATA] = {
    [DATA_CANCER] = {.name = "breast_cancer", .file = "breast_cancer.csv",
                     .xy = {.target = "target", .want = {.kind = DATA_TARGET_01}},
                     .about = "Breast cancer (breast_cancer.csv): 30 measures of cell nuclei; the\n"
                              "target is 0 (malignant) or 1 (benign)."},
    [DATA_IRIS] = {.name = "iris", .file = "iris.csv",
                   .xy = {.target = "species",
                          .features = (const char *const[]){"petal_length", "petal_width"},
                          .n_features = 2, .want = {.kind = DATA_TARGET_CLASS, .classes = 3}},
                   .about = "Iris (iris.csv): petal length and petal width (two of the four\n"
                            "measures, so the class regions can be drawn); species 0 setosa,\n"
                            "1 versicolor, 2 virginica."},
    [DATA_DIABETES] = {.name = "diabetes", .file = "diabetes.csv",
                       .xy = {.target = "progression", .want = {.kind = DATA_TARGET_REAL}},
                       .about = "Diabetes (diabetes.csv): 10 baseline measures of a patient; the\n"
                                "target is disease progression after one year (25 to 346). It is\n"
                                "standardized for training; the RMSE is in its own units."},
};

/* A data set loaded, split, and standardized with the training set's
 * statistics: x <- (x - mean) / std, column by column. */
typedef struct {
    const DataSpec *spec;
    int classes;          /* 2 or 3 for a classifier, 0 for a number */
    DataSplit split;      /* y: the target column (a number standardized too) */
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
    return v->target == DATA_TARGET_ONEHOT ? d->classes : 1;
}

/* Targets of the form the variant's loss needs, from the target column y. */
static Mat *make_targets(const Variant *v, const Dataset *d, const Mat *y)
{
    int m = y->rows;
    Mat *Y = mat_new(m, n_outputs(v, d));
    if (!Y)
        return NULL;
    for (int i = 0; i < m; i++) {
        double t = MAT_AT(y, i, 0);
        switch (v->target) {
        case DATA_TARGET_SIGNS: MAT_AT(Y, i, 0) = 2.0 * t - 1.0; break; /* 0 -> -1, 1 -> +1 */
        case DATA_TARGET_ONEHOT: MAT_AT(Y, i, (int)t) = 1.0; break;
        default: MAT_AT(Y, i, 0) = t; break; /* 0/1, or a number standardized by load_dataset */
        }
    }
    return Y;
}

/* The loss and the metric on both sets after an epoch. */
static void record(Run *r, int epoch, const Variant *v, const Dataset *d, Net *net,
                   const Mat *Y_train, const Mat *Y_test)
{
    const Loss loss = {.kind = v->loss_kind};
    r->train_loss[epoch] = net_cost(net, &loss, d->split.X_train, Y_train);
    r->test_loss[epoch] = net_cost(net, &loss, d->split.X_test, Y_test);
    if (v->target == DATA_TARGET_REAL) { /* RMSE = sqrt(MSE of the standardized y) x std */
        r->train_metric[epoch] = sqrt(r->train_loss[epoch]) * d->y_std;
        r->test_metric[epoch] = sqrt(r->test_loss[epoch]) * d->y_std;
    } else { /* accuracy: hinge the sign of f(x) against y in {-1, +1}; else p >= 0.5 or argmax */
        r->train_metric[epoch] = net_accuracy(net, &loss, d->split.X_train, Y_train);
        r->test_metric[epoch] = net_accuracy(net, &loss, d->split.X_test, Y_test);
    }
}

/* Train variant v with SGD from w = 0, b = 0, recording every epoch. Returns
 * CHAPTER_OK, or CHAPTER_ERROR after printing an error (out of memory, or
 * training diverged). */
static int run_variant(Run *r, Net **out, const Variant *v, const Dataset *d, double eta,
                       uint64_t seed)
{
    const DataSplit *s = &d->split;
    Mat *Y_train = make_targets(v, d, s->y_train), *Y_test = make_targets(v, d, s->y_test);
    Net *net = net_new(s->X_train->cols, s->X_train->rows);
    int rc = CHAPTER_ERROR;
    if (!Y_train || !Y_test || !net || net_add(net, n_outputs(v, d), act_of(v->layer_act)) != 0) {
        chapter_error("out of memory");
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
            chapter_error("%s diverged in epoch %d: the loss is no longer a finite number "
                          "(eta %g is too large: try a smaller --eta)", v->model, epoch, eta);
            goto done;
        }
    }
    *out = net;
    net = NULL;
    rc = CHAPTER_OK;
done:
    mat_free(Y_train);
    mat_free(Y_test);
    net_free(net);
    return rc;
}

static void print_run(const Variant *v, const Run *r)
{
    const char *name = v->target == DATA_TARGET_REAL ? "RMSE" : "accuracy";
    printf("\n    %5s  %10s  %10s  %10s  %10s\n", "epoch", "train loss", "test loss", "train", "test");
    printf("    %5s  %10s  %10s  %10s  %10s\n", "", "", "", name, name);
    int shown[40], n = ladder(FLEX_EPOCHS, shown);
    for (int k = 0; k < n; k++) {
        int e = shown[k];
        printf("    %5d  %10.4f  %10.4f  %10.4f  %10.4f\n", e, r->train_loss[e], r->test_loss[e],
               r->train_metric[e], r->test_metric[e]);
    }
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
        /* "acc 0.989" or "RMSE 55.8": 9 characters either way */
        int rmse = v->target == DATA_TARGET_REAL, width = rmse ? 4 : 5, digits = rmse ? 1 : 3;
        const char *unit = rmse ? "RMSE" : "acc";
        /* "hinge + step" in a column of 13 */
        int act_width = 13 - 3 - (int)strlen(v->loss);
        printf("    %-19s  %s + %-*s  %-13s  %6.4f  %6.4f  %s %*.*f  %s %*.*f\n", v->model,
               v->loss, act_width, v->act, data[v->data].spec->name, r->train_loss[FLEX_EPOCHS],
               r->test_loss[FLEX_EPOCHS], unit, width, digits, r->train_metric[FLEX_EPOCHS], unit,
               width, digits, r->test_metric[FLEX_EPOCHS]);
    }
}

/* Softmax regression's class at a point x = (petal length, petal width) in
 * cm: argmax_j p_j, after standardizing x as the training set was. */
typedef struct {
    Net *net;
    const Dataset *d;
} RegionCtx;

static double predicted_class(const double x[2], void *ctx)
{
    const RegionCtx *c = ctx;
    double z[2] = {x[0], x[1]};
    Mat point = {.rows = 1, .cols = 2, .data = z};
    data_standardize_apply(&point, c->d->mean, c->d->std);
    const Mat *P = net_forward(c->net, &point);
    int best = 0;
    for (int j = 1; j < P->cols; j++)
        if (MAT_AT(P, 0, j) > MAT_AT(P, 0, best))
            best = j;
    return best;
}

/* The class regions over petal length x petal width, and the flowers on
 * top (back in cm: x = z std + mean). */
static void plot_regions(Plotter *plotter, Net *net, const Dataset *d)
{
    Plot *pl = plot_begin(plotter, "softmax_regions", &(PlotSpec){
        .title = "Softmax regression on iris: predicted class regions (argmax p_j) and the flowers",
        .xlabel = "petal length (cm)", .ylabel = "petal width (cm)", .cblabel = "predicted class",
        .settings = "set palette defined (0 '#c6dbef', 1 '#c7e9c0', 2 '#fcbba1')\n"
                    "set palette maxcolors 3\nset cbrange [-0.5:2.5]\n"
                    "set cbtics ('setosa' 0, 'versicolor' 1, 'virginica' 2)\n"
                    "set xrange [0.5:7.5]\nset yrange [-0.5:3]\nset key top left",
        .width = 1000, .height = 650});
    chapter_plot_regions(pl, &(ChapterRegions){.f = predicted_class, .ctx = &(RegionCtx){net, d},
                                               .box = {0.5, 7.5, -0.5, 3.0}});
    static const char *names[] = {"setosa", "versicolor", "virginica"};
    static const char *colour[] = {"#08519c", "#238b45", "#a50f15"};
    const double *mean = d->mean->data, *std = d->std->data;
    for (int set = 0; set < 2; set++) {
        const Mat *X = set ? d->split.X_test : d->split.X_train;
        const Mat *y = set ? d->split.y_test : d->split.y_train;
        double *px = malloc(2 * (size_t)X->rows * sizeof *px), *py = px ? px + X->rows : NULL;
        for (int c = 0; c < 3 && px; c++) {
            int n = 0;
            for (int i = 0; i < X->rows; i++)
                if (MAT_AT(y, i, 0) == c) {
                    px[n] = MAT_AT(X, i, 0) * std[0] + mean[0];
                    py[n++] = MAT_AT(X, i, 1) * std[1] + mean[1];
                }
            char legend[40], style[80];
            snprintf(legend, sizeof legend, "%s (%s)", names[c], set ? "test" : "train");
            snprintf(style, sizeof style, "points pt %d ps %s lc rgb '%s'", set ? 6 : 7,
                     set ? "1.8" : "1.1", colour[c]);
            plot_series(pl, legend, style, px, py, n);
        }
        if (!px)
            plot_fail(pl, "out of memory");
        free(px);
    }
    plot_end(pl);
}

static void plot_flexible_loss(Plotter *plotter, const Run *runs)
{
    static const char *colour[] = {"#c0392b", "#2e6fb5", "#27ae60", "#8e44ad"};
    char legend[2 * N_VARIANTS][80], style[2 * N_VARIANTS][80];
    ChapterCurve curves[2 * N_VARIANTS];
    for (int k = 0; k < N_VARIANTS; k++) {
        const Variant *v = &VARIANTS[k];
        snprintf(legend[2 * k], 80, "%s (%s + %s), train", v->model, v->loss, v->act);
        snprintf(legend[2 * k + 1], 80, "%s, test", v->model);
        snprintf(style[2 * k], 80, "lines lw 2 lc rgb '%s'", colour[k]);
        snprintf(style[2 * k + 1], 80, "lines lw 2 dt 2 lc rgb '%s'", colour[k]);
        curves[2 * k] = (ChapterCurve){legend[2 * k], style[2 * k], runs[k].train_loss,
                                       FLEX_EPOCHS + 1, 0};
        curves[2 * k + 1] = (ChapterCurve){legend[2 * k + 1], style[2 * k + 1], runs[k].test_loss,
                                           FLEX_EPOCHS + 1, 0};
    }
    chapter_plot_curves(plotter, "flexible_loss", &(PlotSpec){
        .title = "One model, four losses: train (solid) and test (dashed) loss per epoch",
        .xlabel = "epoch", .ylabel = "mean loss L (each variant its own loss)",
        .settings = "set key top right", .width = 1000}, curves, 2 * N_VARIANTS);
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
    /* p_j = e^(z_j) / sum_k e^(z_k);  L = -sum_j y_j log p_j = -log p_1 for
     * y = (1, 0, 0);  dL/dz_j = p_j - y_j */
    double z1 = 2.0, z2 = 1.0, z3 = 0.1;
    double sum_e = exp(z1) + exp(z2) + exp(z3);
    double p1 = exp(z1) / sum_e, p2 = exp(z2) / sum_e, p3 = exp(z3) / sum_e;
    double L = -log(p1);
    double dL_dz1 = p1 - 1, dL_dz2 = p2 - 0, dL_dz3 = p3 - 0;
    hand_printf("\nBy hand, softmax of the scores z = (%v, %v, %v):\n"
                "    sum_k e^(z_k) = e^2 + e^1 + e^0.1 = %v\n"
                "    p = (%v, %v, %v)\n"
                "    with y = (1, 0, 0): L = -log %v = %v,\n"
                "    dL/dz = p - y = (%v, %v, %v)\n",
                z1, z2, z3, sum_e, p1, p2, p3, p1, L, dL_dz1, dL_dz2, dL_dz3);
}

static int lecture_flexible(Plotter *plotter, const Dataset *data, double eta, uint64_t seed)
{
    hand_section("5. The perceptron is flexible: one model, four losses");
    print_notes_table();
    hand_printf("\nEach variant below is one Dense layer (the weighted sum) with the\n"
                "activation and loss of its row, trained from w = 0, b = 0 with SGD\n"
                "(one example at a time, shuffled each epoch): eta = %v, %d epochs, and\n"
                "E = 1/n sum L + lambda R(w) with lambda = %v. Features are standardized with\n"
                "the training set's mean and std; %d%% of each data set is held out as the\n"
                "test set.\n", eta, FLEX_EPOCHS, FLEX_LAMBDA, (int)(100 * TEST_FRACTION + 0.5));
    Run runs[N_VARIANTS];
    Net *nets[N_VARIANTS] = {0};
    int rc = CHAPTER_OK;
    for (int k = 0; k < N_VARIANTS && rc == CHAPTER_OK; k++) {
        const Variant *v = &VARIANTS[k];
        const Dataset *d = &data[v->data];
        int n_in = d->split.X_train->cols, k_out = n_outputs(v, d);
        int n_params = n_in * k_out + k_out; /* W (n_in x k_out) and b (1 x k_out) */
        char title[120];
        snprintf(title, sizeof title, "5.%d %s: %s + %s", k + 1, v->model, v->loss, v->act);
        hand_section(title);
        hand_printf("%s\n"
                    "    %d training and %d test examples; Dense(%d -> %d, %s): %d parameters.\n"
                    "    Output: %s.\n", d->spec->about, d->split.X_train->rows,
                    d->split.X_test->rows, n_in, k_out, act_name(v->layer_act),
                    n_params, v->output);
        rc = run_variant(&runs[k], &nets[k], v, d, eta, seed + 1 + (uint64_t)k);
        if (rc == CHAPTER_OK) {
            hand_printf(v->start, runs[k].train_loss[0], runs[k].test_metric[0]);
            print_run(v, &runs[k]);
        }
    }
    if (rc == CHAPTER_OK) {
        print_results(runs, data);
        plot_flexible_loss(plotter, runs);
        plot_regions(plotter, nets[VARIANT_SOFTMAX], &data[DATA_IRIS]);
    }
    for (int k = 0; k < N_VARIANTS; k++)
        net_free(nets[k]);
    return rc;
}

/* ---- loading ------------------------------------------------------------------- */

/* The placement table: x1, x2 and a label in {1, -1} (0 is read as -1). */
static const DataXYSpec PLACEMENT = {.target_col = -1, .n_features = 2,
                                     .want = {.kind = DATA_TARGET_SIGNS}, .relabel = 1};

/* Load d from dir, split it with rng, standardize the features (and, for a
 * number, the targets) with the training set's statistics. Returns
 * CHAPTER_OK, or CHAPTER_ERROR after printing an error. */
static int load_dataset(Dataset *d, const char *dir, Rng *rng)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/%s", dir, d->spec->file);
    DataXY xy = {0};
    if (chapter_load_xy(NULL, &xy, path, &d->spec->xy, "datasets") != CHAPTER_OK)
        return CHAPTER_ERROR;
    int rc = CHAPTER_ERROR;
    d->classes = xy.classes;
    if (xy.X->rows < 10) {
        chapter_error("%s: too few rows to split (%d)", path, xy.X->rows);
        goto done;
    }
    d->mean = mat_new(1, xy.n_features);
    d->std = mat_new(1, xy.n_features);
    if (!d->mean || !d->std || data_split(&d->split, rng, xy.X, xy.y, TEST_FRACTION) != 0) {
        chapter_error("out of memory");
        goto done;
    }
    data_standardize(d->split.X_train, d->mean, d->std);
    data_standardize_apply(d->split.X_test, d->mean, d->std);
    if (!d->classes) { /* a number to predict: standardized the same way */
        Mat ym = {1, 1, &d->y_mean}, ys = {1, 1, &d->y_std};
        data_standardize(d->split.y_train, &ym, &ys);
        data_standardize_apply(d->split.y_test, &ym, &ys);
    }
    rc = CHAPTER_OK;
done:
    data_xy_free(&xy);
    return rc;
}

static void dataset_free(Dataset *d)
{
    data_split_free(&d->split);
    mat_free(d->mean);
    mat_free(d->std);
}

/* ---- --variant and the worksheet ------------------------------------------ */

/* --variant N: the table redrawn in place, in the notes' shape: whole
 * numbers from 1 to 9, labels +1 and -1 (both present), and such that the
 * perceptron loss from start separates it within VARIANT_EPOCHS epochs, so
 * section 4 has a line to compare. Redrawn until it does; the draws come
 * from rng alone, so a variant is always the same. */
static void draw_table(DataXY *s, Rng *rng, Perceptron start, const Objective *perc)
{
    for (;;) {
        sheet_draw_table(rng, s->X, s->y, 1, 9);
        Perceptron p = start;
        for (int e = 1; e <= VARIANT_EPOCHS; e++) {
            sgd_epoch(&p, s, perc, ETA);
            if (margins_of(&p, s).mistakes == 0 && objective(perc, &p, s) == 0)
                return;
        }
    }
}

/* Section 3 with the names of its numbers (--check, --quiz): example i of
 * the table is x1[i], x2[i], y[i]; its step computes f[i], yf[i] (y f(x)),
 * L[i], dL/df[i], dE/dw1[i], dE/dw2[i], dE/db[i]; w1[i], w2[i], b[i] are
 * the weights after it (w1[0] ...: the start). Only the first HAND_ROWS
 * examples. */
static void fill_sheet(Sheet *sh, const DataXY *s, Perceptron start, double eta, double lambda)
{
    int m = s->X->rows < HAND_ROWS ? s->X->rows : HAND_ROWS;
    sheet_init(sh);
    sheet_heading(sh, "3. Epoch 1 by hand: SGD on the hinge loss + L2");
    for (int i = 1; i <= m; i++) {
        sheet_given_at(sh, i, "x1[#]", MAT_AT(s->X, i - 1, 0));
        sheet_given_at(sh, i, "x2[#]", MAT_AT(s->X, i - 1, 1));
        sheet_given_at(sh, i, "y[#]", MAT_AT(s->y, i - 1, 0));
    }
    sheet_given(sh, "w1[0]", start.w1);
    sheet_given(sh, "w2[0]", start.w2);
    sheet_given(sh, "b[0]", start.b);
    sheet_given(sh, "eta", eta);
    sheet_given(sh, "lambda", lambda);
    Perceptron p = start;
    for (int i = 1; i <= m; i++) {
        Step st = hinge_step(&p, MAT_AT(s->X, i - 1, 0), MAT_AT(s->X, i - 1, 1),
                             MAT_AT(s->y, i - 1, 0), eta, lambda);
        sheet_calc_at(sh, i, "f[#]", st.f, "w1[@] x1[#] + w2[@] x2[#] + b[@]");
        sheet_calc_at(sh, i, "yf[#]", st.yf, "y[#] f[#]");
        sheet_calc_at(sh, i, "L[#]", st.L, "max(0, 1 - yf[#])");
        sheet_calc_at(sh, i, "dL/df[#]", st.dL_df, "-y[#] if yf[#] < 1, else 0");
        sheet_calc_at(sh, i, "dE/dw1[#]", st.dE_dw1, "dL/df[#] x1[#] + 2 lambda w1[@]");
        sheet_calc_at(sh, i, "dE/dw2[#]", st.dE_dw2, "dL/df[#] x2[#] + 2 lambda w2[@]");
        sheet_calc_at(sh, i, "dE/db[#]", st.dE_db, "dL/df[#]");
        sheet_calc_at(sh, i, "w1[#]", st.after.w1, "w1[@] - eta dE/dw1[#]");
        sheet_calc_at(sh, i, "w2[#]", st.after.w2, "w2[@] - eta dE/dw2[#]");
        sheet_calc_at(sh, i, "b[#]", st.after.b, "b[@] - eta dE/db[#]");
        p = st.after;
    }
}

/* ---- the lecture --------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 02 - The flexible perceptron: its losses (lecture notes 001)\n"
    "The perceptron loss and the hinge loss, the regularized objective\n"
    "E(w, b) = 1/n sum L + lambda R(w) and its SGD step by hand, the margin the\n"
    "hinge loss keeps, and one model with four losses: perceptron, logistic,\n"
    "softmax and linear regression on real data.";

/* The names sections 2-4 give the table t (path, or the drawn table's
 * name): its columns always; the notes' story unless it is the student's. */
static Story story_of(const DataXY *t, const char *path, int own, int drawn)
{
    Story st = {.own = own, .drawn = drawn, .name = path, .x1 = t->table.names[t->features[0]],
                .x2 = t->table.names[t->features[1]], .y = t->table.names[t->target],
                .pos = "placed (y = +1)", .neg = "not placed (y = -1)"};
    snprintf(st.xlabel, sizeof st.xlabel, "x1 (%s)", st.x1);
    snprintf(st.ylabel, sizeof st.ylabel, "x2 (%s)", st.x2);
    if (own) {
        snprintf(st.pos, sizeof st.pos, "%s = +1", st.y);
        snprintf(st.neg, sizeof st.neg, "%s = -1", st.y);
    }
    return st;
}

/* The table of sections 2-4 into t: --data FILE, else DIR/placement.csv;
 * its path into path (size bytes). Returns CHAPTER_OK, or CHAPTER_ERROR
 * after printing an error (bad data, or more than MAX_EXAMPLES examples). */
static int load_table(Chapter *ch, DataXY *t, char *path, size_t size, const char *dir,
                      const char *data_path)
{
    if (data_path)
        snprintf(path, size, "%s", data_path);
    else
        snprintf(path, size, "%s/placement.csv", dir);
    int rc = chapter_load_xy(ch, t, path, &PLACEMENT, data_path ? "data" : "datasets");
    if (rc == CHAPTER_OK && t->X->rows > MAX_EXAMPLES)
        rc = chapter_error("%s: %d examples; this chapter takes %d at most", path,
                           t->X->rows, MAX_EXAMPLES);
    return rc;
}

/* Sections 1-4 on the table t, named path: the two losses, the objective,
 * epoch 1 by hand and training both (eta, lambda). own_file: it came from
 * --data. Returns CHAPTER_OK, or CHAPTER_ERROR after printing an error. */
static int lecture_table(Chapter *ch, const DataXY *t, const char *path, int own_file,
                         Perceptron start, double eta, double lambda)
{
    Objective hinge = {"hinge loss", loss_hinge, loss_hinge_grad, lambda};
    /* the student's table: --data, or a placement.csv of --datasets that is not the notes' */
    int drawn = ch->opt.variant != 0, own = own_file || (!drawn && !is_notes_table(t));
    Story st = story_of(t, path, own, drawn);
    lecture_losses(&ch->plots);
    lecture_objective(t, &PERCEPTRON_LOSS, &hinge, &st);
    lecture_hand_epoch(t, &st, start, eta, lambda);
    return lecture_training(&ch->plots, t, &st, start, eta, &PERCEPTRON_LOSS, &hinge);
}

int main(int argc, char **argv)
{
    const char *dir = DATASETS, *data_path = NULL;
    double eta = ETA, lambda = LAMBDA;
    CliFlag flags[] = {
        {"eta", CLI_DOUBLE, &eta, "RATE", "learning rate of every SGD run (default 0.01)"},
        {"lambda", CLI_DOUBLE, &lambda, "L", "L2 strength of the hinge loss, sections 2-4 (default 0.01)"},
        {"data", CLI_STRING, &data_path, "FILE",
         "CSV with x1,x2,label (label 1/-1) for sections 2-4 (default DIR/placement.csv)"},
        {"datasets", CLI_STRING, &dir, "DIR", "folder with the CSV files (default datasets)"},
    };
    CliRange ranges[] = {{"eta", '(', 0, MAX_ETA, ']'}, {"lambda", '[', 0, INFINITY, ')'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED, .flags = flags,
                    .n_flags = 4, .ranges = ranges,
                    .n_ranges = 2, .sheet = 1};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;
    if (ch.opt.variant && data_path)
        return cli_error(&spec, "--variant draws its own table: leave out --data");

    /* 1. the table first: bad data ends the program before the lecture starts */
    char path[1100];
    DataXY table = {0};
    Dataset data[N_DATA] = {{.spec = &DATA[DATA_CANCER]}, {.spec = &DATA[DATA_IRIS]},
                            {.spec = &DATA[DATA_DIABETES]}};
    rc = load_table(&ch, &table, path, sizeof path, dir, data_path);
    Perceptron start = {.w1 = 1.0, .w2 = 1.0, .b = 0.0}; /* chapter 01's */
    /* 2. --variant: other numbers in the table */
    if (rc == CHAPTER_OK && ch.opt.variant) {
        snprintf(path, sizeof path, "the drawn table (variant %llu)",
                 (unsigned long long)ch.opt.variant);
        draw_table(&table, &ch.variant, start, &PERCEPTRON_LOSS);
    }
    /* 3. --check, --quiz: the worksheet of section 3 */
    if (rc == CHAPTER_OK && chapter_wants_sheet(&ch)) {
        Sheet sheet;
        fill_sheet(&sheet, &table, start, eta, lambda);
        data_xy_free(&table);
        return chapter_end(&ch, chapter_sheet(&ch, &sheet));
    }
    /* 4. the datasets of section 5 */
    for (int k = 0; k < N_DATA && rc == CHAPTER_OK; k++)
        rc = load_dataset(&data[k], dir, &ch.rng);
    /* 5. the lecture: sections 1-4 on the table, section 5 on the datasets */
    if (rc == CHAPTER_OK)
        rc = chapter_start_lecture(&ch);
    if (rc == CHAPTER_OK)
        rc = lecture_table(&ch, &table, path, data_path != NULL, start, eta, lambda);
    if (rc == CHAPTER_OK)
        rc = lecture_flexible(&ch.plots, data, eta, ch.opt.seed);
    data_xy_free(&table);
    for (int k = 0; k < N_DATA; k++)
        dataset_free(&data[k]);
    return chapter_end(&ch, rc);
}
