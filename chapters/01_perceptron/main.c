/* Chapter 01 - The perceptron
 *
 * Lecture notes: 001 (the perceptron loss, its gradients, the update) and
 * 004 (the artificial neuron: a weighted sum, then an activation).
 *
 * What you will learn
 *   - a neuron computes z = w1 x1 + w2 x2 + b, then an activation; the
 *     perceptron's activation is the step: y_hat = 1 if z >= 0 else -1
 *   - the perceptron loss L(y, f(x)) = max(0, -y f(x)): zero on the right
 *     side of the line, -y f(x) (how far on the wrong side) otherwise
 *   - its gradient: dL/dw1 = -y x1, dL/dw2 = -y x2, dL/db = -y for a
 *     mistake (y f(x) < 0), and 0 for a correct example
 *   - the update, one example at a time (SGD): w <- w - eta dL/dw
 *   - on separable data the line stops moving (the perceptron converges);
 *     on XOR no line separates the classes, and it never does
 *
 * Run it
 *   ./build/01_perceptron                  the lecture, plots in out/01_perceptron/
 *   ./build/01_perceptron --plots=dumb     the plots drawn in the terminal
 *   ./build/01_perceptron --data my.csv    train on your own CSV: x1,x2,label
 *
 * Plots
 *   placement.png  the notes' placement table and the line after chosen epochs
 *                  (training.png with --data, named by the file and its columns;
 *                  a long epoch table is thinned, the whole one in training.log)
 *   boundary.png   a separable 2D set: the line moving, epoch by epoch
 *   loss.png       the perceptron loss per epoch: separable (reaches 0) vs XOR
 *   xor.png        XOR: the line keeps moving and never separates the classes
 */
#include <stdio.h>
#include <stdlib.h>

#include "act.h"
#include "chapter.h"
#include "data.h"
#include "hand.h"
#include "loss.h"
#include "mat.h"
#include "plot.h"
#include "rng.h"
#include "sheet.h"

#define CHAPTER "01_perceptron"
#define DEFAULT_DATA "datasets/placement.csv"
#define ETA 0.01         /* the notes' learning rate */
#define MAX_EPOCHS 1000  /* give up after this many epochs */
#define TOY_POINTS 100   /* points in the separable set and in XOR */
#define XOR_EPOCHS 100   /* how long we watch XOR fail */
#define SEED 1958        /* the perceptron's year */
#define VARIANT_EPOCHS 40 /* a drawn table (--variant) is separated within this many epochs */
#define SHEET_ROWS 8      /* --check and --quiz cover the steps of the first 8 examples */
#define SCREEN_EPOCHS 30  /* --data: a longer epoch table is thinned on screen ... */
#define HEAD_EPOCHS 5     /* ... to the first epochs, every k-th and the last */
#define TRAINING_LOG "training.log" /* --data: the whole table, in OUT/01_perceptron/ */

/* The perceptron f(x) = w1 x1 + w2 x2 + b of the notes. */
typedef struct {
    double w1, w2, b;
} Perceptron;

/* One epoch's result: the weights after it, the cost (mean loss) over the
 * whole set with those weights, the mistakes they make, the updates made. */
typedef struct {
    Perceptron p;
    double cost;
    int mistakes, updates;
} Epoch;

/* A training run; e[0] is the starting point. */
typedef struct {
    Epoch e[MAX_EPOCHS + 1];
    int n;         /* epochs run */
    int converged; /* the epoch after which every example is right, or 0 */
} History;

/* A labelled 2D set: X (m x 2), y (m x 1) with y in {1, -1}. */
typedef struct {
    Mat *X, *y;
    const char *name;
} Set;

/* How the lecture names the training table: the notes' story (placement)
 * or, with --data, the student's file and its column names. */
typedef struct {
    int own;                  /* 1: --data, the student's own file */
    const char *x1, *x2, *y;  /* column names */
    char pos[96], neg[96];    /* the classes' legends */
    char title[200];          /* the training plot's title */
    const char *log_dir;      /* where TRAINING_LOG goes (own data only) */
} Story;

/* Section 3's example of the loss: a label, a score and an input. */
typedef struct {
    double y, f, x1;
} LossExample;

static const LossExample NOTES_LOSS = {.y = -1.0, .f = 14.0, .x1 = 6.0};

/* ---- 1. The neuron ----------------------------------------------------- */

/* f(x) = w1 x1 + w2 x2 + b */
static double score(const Perceptron *p, double x1, double x2)
{
    return p->w1 * x1 + p->w2 * x2 + p->b;
}

static void lecture_neuron(const Set *s)
{
    hand_section("1. A neuron: a weighted sum, then an activation");
    printf("The artificial neuron (004) multiplies each input by a weight, adds them\n"
           "up with a bias, and passes the sum through an activation function f:\n\n"
           "    z = x1 w1 + x2 w2 + b          y_hat = f(z)\n\n"
           "The perceptron (Rosenblatt, 1958) uses the step function as f:\n\n"
           "    y_hat = 1 if z >= 0, else -1\n\n");
    Perceptron p = {.w1 = 1.0, .w2 = 1.0, .b = 0.0};
    double x1 = MAT_AT(s->X, 0, 0), x2 = MAT_AT(s->X, 0, 1);
    double z = score(&p, x1, x2);
    hand_printf("With the notes' starting weights w1 = %v, w2 = %v, b = %v and the first\n"
                "example, x = (%v, %v):\n\n", p.w1, p.w2, p.b, x1, x2);
    hand_printf("    z = %v x %v + %v x %v%+v = %v\n", x1, p.w1, x2, p.w2, p.b, z);
    hand_printf("    y_hat = step(%v) = %v\n", z, act_sign(z));
}

/* ---- 2. The data ----------------------------------------------------------- */

static void lecture_data(const Set *s, const DataXY *d, int drawn, const Story *st)
{
    hand_section("2. The data");
    if (st->own)
        printf("%s: %d examples, two inputs (%s, %s) and a label %s, +1 or -1.\n\n",
               s->name, s->X->rows, st->x1, st->x2, st->y);
    else
        printf("%s: %d examples, two inputs and a label y, +1 or -1 (%s:\n"
           "cgpa and iq of a student, and whether the student was placed).\n\n",
           s->name, s->X->rows, drawn ? "drawn like 001's table" : "001's table");
    hand_printf("    %4s  %10s  %10s  %10s\n", "i", d->table.names[d->features[0]],
                d->table.names[d->features[1]], "y");
    for (int i = 0; i < s->X->rows; i++)
        hand_printf("    %4d  %10v  %10v  %10v\n", i + 1, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1),
                    MAT_AT(s->y, i, 0));
}

/* ---- 3. The perceptron loss ------------------------------------------------ */

static void lecture_loss(const LossExample *ex)
{
    hand_section("3. The perceptron loss and its gradient");
    printf("A single number says how wrong the line is on one example (001):\n\n"
           "    L(y, f(x)) = max(0, -y f(x)),    f(x) = w1 x1 + w2 x2 + b\n\n"
           "y f(x) > 0 when the sign of f(x) agrees with the label:\n\n"
           "       y   f(x)   -y f(x)   L\n"
           "      +1    +     negative   0              right side\n"
           "      -1    -     negative   0              right side\n"
           "      +1    -     positive   -y f(x) > 0    wrong side\n"
           "      -1    +     positive   -y f(x) > 0    wrong side\n\n"
           "The cost over n examples is the mean, E = 1/n sum_i max(0, -y_i f(x_i)).\n"
           "By the chain rule, dL/dw1 = dL/df x df/dw1, with df/dw1 = x1:\n\n"
           "    dL/df  = -y  if y f(x) < 0,  else 0\n"
           "    dL/dw1 = -y x1,  dL/dw2 = -y x2,  dL/db = -y   (for a mistake; else 0)\n\n"
           "Gradient descent moves against the gradient: w <- w - eta dL/dw.\n");
    double y = ex->y, f = ex->f, x1 = ex->x1;
    hand_printf("Example: y = %v, f(x) = %v, x1 = %v: L = max(0, %v) = %v,"
                " dL/dw1 = -y x1 = %v\n", y, f, x1, -y * f, loss_perceptron(y, f),
                loss_perceptron_grad(y, f) * x1);
}

/* ---- 4. One epoch by hand ----------------------------------------------------- */

/* One SGD step on one example, by hand: every number the lecture prints. */
typedef struct {
    double x1, x2, y;
    double f, yf, L;              /* f(x), y f(x), the loss */
    int mistake;                  /* y f(x) < 0: the weights move */
    double dL_dw1, dL_dw2, dL_db; /* -y x1, -y x2, -y (for a mistake) */
    Perceptron before, after;
} Step;

/* The step on example (x1, x2, y) from p: the same arithmetic as
 * sgd_epoch below, spelled out with named scalars. */
static Step sgd_hand_step(const Perceptron *p, double x1, double x2, double y, double eta)
{
    Step st = {.x1 = x1, .x2 = x2, .y = y, .before = *p, .after = *p};
    st.f = score(p, x1, x2);
    st.yf = y * st.f;
    st.L = loss_perceptron(y, st.f);
    st.mistake = st.yf < 0;
    if (st.mistake) {
        st.dL_dw1 = -y * x1, st.dL_dw2 = -y * x2, st.dL_db = -y;
        st.after.w1 = p->w1 - eta * st.dL_dw1;
        st.after.w2 = p->w2 - eta * st.dL_dw2;
        st.after.b = p->b - eta * st.dL_db;
    }
    return st;
}

/* The step printed the way the notes write it; p moves to its end. */
static void hand_step(Perceptron *p, int i, double x1, double x2, double y, double eta)
{
    Step st = sgd_hand_step(p, x1, x2, y, eta);
    hand_printf("Example %d: x = (%v, %v), y = %v\n", i, x1, x2, y);
    hand_printf("    f(x) = w1 x1 + w2 x2 + b = %v x %v%+v x %v%+v = %v\n",
                p->w1, x1, p->w2, x2, p->b, st.f);
    if (!st.mistake) {
        hand_printf("    y f(x) = %v >= 0: right side, L = max(0, %v) = 0, no update\n",
                    st.yf, -st.yf);
        return;
    }
    hand_printf("    y f(x) = %v < 0: a mistake, L = max(0, %v) = %v\n", st.yf, -st.yf, st.L);
    hand_printf("    dL/dw1 = -y x1 = %v x %v = %v\n", -y, x1, st.dL_dw1);
    hand_printf("    dL/dw2 = -y x2 = %v x %v = %v\n", -y, x2, st.dL_dw2);
    hand_printf("    dL/db  = -y    = %v\n", st.dL_db);
    hand_printf("    w1 = w1 - eta dL/dw1 = %v - %v x %v = %v\n", p->w1, eta, st.dL_dw1,
                st.after.w1);
    hand_printf("    w2 = w2 - eta dL/dw2 = %v - %v x %v = %v\n", p->w2, eta, st.dL_dw2,
                st.after.w2);
    hand_printf("    b  = b  - eta dL/db  = %v - %v x %v = %v\n", p->b, eta, st.dL_db,
                st.after.b);
    *p = st.after;
}

static void lecture_hand_epoch(const Set *s, Perceptron start, double eta)
{
    hand_section("4. Epoch 1 by hand (SGD: one example at a time)");
    hand_printf("Start from w1 = %v, w2 = %v, b = %v (001: \"w -> 1, b -> 0\"), eta = %v.\n"
                "Note: 001 writes the update as w1 = w1 + eta dL/dw1. With a plus sign each\n"
                "step climbs the loss; gradient DEscent subtracts (see Errata in README.md).\n\n",
                start.w1, start.w2, start.b, eta);
    Perceptron p = start;
    for (int i = 0; i < s->X->rows; i++)
        hand_step(&p, i + 1, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1), MAT_AT(s->y, i, 0), eta);
    hand_printf("\nAfter epoch 1: w1 = %v, w2 = %v, b = %v\n", p.w1, p.w2, p.b);
}

/* ---- 5. Training until it converges --------------------------------------------- */

/* One SGD epoch over the examples in order; returns the updates made.
 *   dL/df = -y if y f < 0 else 0;  dL/dw1 = dL/df x1, dL/dw2 = dL/df x2,
 *   dL/db = dL/df;  w <- w - eta dL/dw */
static int sgd_epoch(Perceptron *p, const Set *s, double eta)
{
    int updates = 0;
    for (int i = 0; i < s->X->rows; i++) {
        double x1 = MAT_AT(s->X, i, 0), x2 = MAT_AT(s->X, i, 1), y = MAT_AT(s->y, i, 0);
        double dL_df = loss_perceptron_grad(y, score(p, x1, x2));
        if (dL_df == 0.0)
            continue;
        p->w1 -= eta * dL_df * x1;
        p->w2 -= eta * dL_df * x2;
        p->b -= eta * dL_df;
        updates++;
    }
    return updates;
}

/* The cost E = 1/n sum_i max(0, -y_i f(x_i)) and the number of mistakes
 * (examples with step(f(x_i)) != y_i) of p on s. */
static Epoch evaluate(const Perceptron *p, const Set *s, int updates)
{
    Epoch e = {.p = *p, .cost = 0.0, .mistakes = 0, .updates = updates};
    for (int i = 0; i < s->X->rows; i++) {
        double y = MAT_AT(s->y, i, 0);
        double f = score(p, MAT_AT(s->X, i, 0), MAT_AT(s->X, i, 1));
        e.cost += loss_perceptron(y, f);
        e.mistakes += act_sign(f) != y;
    }
    e.cost /= s->X->rows;
    return e;
}

/* Train from start for up to max_epochs, stopping once every example is
 * on its right side (cost 0 and no mistakes). */
static void train(History *h, Perceptron start, const Set *s, double eta, int max_epochs)
{
    Perceptron p = start;
    h->e[0] = evaluate(&p, s, 0);
    h->n = 0;
    h->converged = 0;
    for (int epoch = 1; epoch <= max_epochs; epoch++) {
        int updates = sgd_epoch(&p, s, eta);
        h->e[epoch] = evaluate(&p, s, updates);
        h->n = epoch;
        if (h->e[epoch].cost == 0.0 && h->e[epoch].mistakes == 0) {
            h->converged = epoch;
            break;
        }
    }
}

/* The row of epoch k, as print_history prints it, into fp. */
static void fprint_epoch(FILE *fp, const History *h, int k)
{
    const Epoch *e = &h->e[k];
    char c[32], w1[32], w2[32], b[32];
    fprintf(fp, "    %5d  %7d  %8d  %14s  %14s  %14s  %14s\n", k, e->updates, e->mistakes,
            hand_fmt(c, sizeof c, e->cost), hand_fmt(w1, sizeof w1, e->p.w1),
            hand_fmt(w2, sizeof w2, e->p.w2), hand_fmt(b, sizeof b, e->p.b));
}

/* The table of epochs 0..h->n for the student's own data: whole when it
 * fits a screen (SCREEN_EPOCHS rows), else the first HEAD_EPOCHS, every
 * k-th and the last, with the whole table written to dir/TRAINING_LOG
 * (and named). A log that cannot be written is said on stderr, and the
 * lecture goes on. */
static void print_history_thinned(const History *h, const char *dir)
{
    const char *head = "    %5s  %7s  %8s  %14s  %14s  %14s  %14s\n";
    printf(head, "epoch", "updates", "mistakes", "cost", "w1", "w2", "b");
    int rows = h->n + 1;
    int every = rows <= SCREEN_EPOCHS ? 1 : (h->n + SCREEN_EPOCHS - HEAD_EPOCHS - 1) /
                                               (SCREEN_EPOCHS - HEAD_EPOCHS - 1);
    for (int k = 0; k <= h->n; k++)
        if (every == 1 || k < HEAD_EPOCHS || k % every == 0 || k == h->n)
            fprint_epoch(stdout, h, k);
    if (every == 1)
        return;
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, TRAINING_LOG);
    FILE *fp = plot_make_dirs(dir) == 0 ? fopen(path, "w") : NULL;
    int ok = fp != NULL;
    if (fp) {
        fprintf(fp, head, "epoch", "updates", "mistakes", "cost", "w1", "w2", "b");
        for (int k = 0; k <= h->n; k++)
            fprint_epoch(fp, h, k);
        ok = fclose(fp) == 0;
    }
    if (ok)
        printf("\n(%d epochs: shown are the first %d, every %d-th and the last; all of them\n"
               "are in %s)\n", rows, HEAD_EPOCHS, every, path);
    else
        fprintf(stderr, "error: %s: cannot write the epoch table\n", path);
}

/* The table of epochs first..last. */
static void print_history(const History *h, int first, int last)
{
    hand_printf("    %5s  %7s  %8s  %14s  %14s  %14s  %14s\n", "epoch", "updates", "mistakes",
                "cost", "w1", "w2", "b");
    for (int k = first; k <= last; k++) {
        const Epoch *e = &h->e[k];
        hand_printf("    %5d  %7d  %8d  %14v  %14v  %14v  %14v\n", k, e->updates, e->mistakes,
                    e->cost, e->p.w1, e->p.w2, e->p.b);
    }
}

static void print_outcome(const History *h, const Set *s)
{
    const Perceptron *p = &h->e[h->n].p;
    if (h->converged)
        hand_printf("\nConverged: after epoch %d every example of %s is on its right side.\n"
                    "The line: %v x1%+v x2%+v = 0. One more epoch would change nothing.\n",
                    h->converged, s->name, p->w1, p->w2, p->b);
    else
        hand_printf("\nNot converged after %d epochs on %s: %d mistakes remain.\n",
                    h->n, s->name, h->e[h->n].mistakes);
}

/* ---- plots ----------------------------------------------------------------------- */

/* The data and the line after each chosen epoch, lighter for earlier ones. */
static void plot_boundaries(Plotter *plotter, const char *name, const char *title,
                            const Set *s, const History *h, const int *epochs, int n_epochs,
                            const char *x1, const char *x2, const char *pos, const char *neg)
{
    ChapterBox box = chapter_box_around(s->X);
    char settings[160];
    Plot *pl = plot_begin(plotter, name, &(PlotSpec){
        .title = title, .xlabel = x1, .ylabel = x2, .width = 1000,
        .settings = chapter_box_settings(settings, sizeof settings, &box, "set key outside right")});
    chapter_plot_classes(pl, s->X, s->y, pos, neg);
    static const char *shade[] = {"#d5d5d5", "#b0b0b0", "#8a8a8a", "#5e5e5e", "#333333"};
    for (int k = 0; k < n_epochs; k++) {
        char legend[64], style[80];
        int last = k == n_epochs - 1;
        snprintf(legend, sizeof legend, epochs[k] == 0 ? "start (epoch 0)" : "after epoch %d",
                 epochs[k]);
        snprintf(style, sizeof style, "lines lw %d lc rgb '%s'%s", last ? 3 : 2,
                 last ? "#111111" : shade[k % 5], last ? "" : " dt 2");
        const Perceptron *p = &h->e[epochs[k]].p;
        chapter_plot_line(pl, legend, style, &box, p->w1, p->w2, p->b);
    }
    plot_end(pl);
}

/* Epochs to draw: 0, 1, 2, 5, 10, 20, 50, ... up to the last, and the last. */
static int chosen_epochs(const History *h, int *out, int max)
{
    static const int ladder[] = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500};
    int n = 0;
    for (int k = 0; k < 10 && n < max - 1 && ladder[k] < h->n; k++)
        out[n++] = ladder[k];
    out[n++] = h->n;
    return n;
}

static void plot_costs(Plotter *plotter, const History *sep, const History *xr)
{
    double cost[2][MAX_EPOCHS + 1]; /* cost[r][k]: run r after epoch k */
    const History *runs[] = {sep, xr};
    for (int r = 0; r < 2; r++)
        for (int k = 0; k <= runs[r]->n; k++)
            cost[r][k] = runs[r]->e[k].cost;
    ChapterCurve curves[] = {
        {.legend = "separable set (converges)", .y = cost[0], .n = sep->n + 1,
         .style = "linespoints pt 7 lw 2 lc rgb '#2e6fb5'"},
        {.legend = "XOR (never converges)", .y = cost[1], .n = xr->n + 1,
         .style = "lines lw 2 lc rgb '#c0392b'"},
    };
    chapter_plot_curves(plotter, "loss", &(PlotSpec){
        .title = "Perceptron loss per epoch: separable data reach 0, XOR never does",
        .xlabel = "epoch", .ylabel = "cost E = mean of max(0, -y f(x))"}, curves, 2);
}

/* ---- loading ---------------------------------------------------------------------- */

static void set_free(Set *s)
{
    mat_free(s->X);
    mat_free(s->y);
}

/* The data: x1, x2, then the label, 1 or -1 (0 is read as -1). */
static const DataXYSpec DATA_SPEC = {
    .target_col = -1, .n_features = 2, .want = {.kind = DATA_TARGET_SIGNS}, .relabel = 1};

/* A toy set of TensorFlow Playground with labels mapped from {0, 1} to {-1, 1}. */
static int make_toy(Set *s, Rng *rng, ToyKind kind, double noise, const char *name)
{
    s->X = mat_new(TOY_POINTS, 2);
    s->y = mat_new(TOY_POINTS, 1);
    s->name = name;
    if (!s->X || !s->y)
        return chapter_error("out of memory");
    data_toy(rng, kind, noise, s->X, s->y);
    for (int i = 0; i < TOY_POINTS; i++)
        MAT_AT(s->y, i, 0) = 2.0 * MAT_AT(s->y, i, 0) - 1.0; /* 0 -> -1, 1 -> 1 */
    return 0;
}

/* ---- --variant: other givens --------------------------------------------------------- */

/* The table redrawn in place, in the notes' shape: whole-number inputs
 * from 1 to 9, labels +1 and -1 (both present), and such that the
 * perceptron from start (eta = ETA) separates it within VARIANT_EPOCHS
 * epochs: redrawn until it does, so the training can be followed to its
 * end. The draws come from rng alone, so a variant is always the same. */
static void draw_table(Set *s, Rng *rng, Perceptron start)
{
    for (;;) {
        sheet_draw_table(rng, s->X, s->y, 1, 9);
        Perceptron p = start;
        for (int e = 1; e <= VARIANT_EPOCHS; e++) {
            int updates = sgd_epoch(&p, s, ETA);
            Epoch after = evaluate(&p, s, updates);
            if (after.cost == 0.0 && after.mistakes == 0)
                return;
        }
    }
}

/* Section 3's example redrawn: a label, a score on the wrong side of it
 * (a whole number up to 20), an input from 1 to 9. */
static LossExample draw_loss(Rng *rng)
{
    LossExample ex;
    ex.y = rng_int(rng, 2) ? 1.0 : -1.0;
    ex.f = -ex.y * sheet_draw(rng, 1, 20, 0);
    ex.x1 = sheet_draw(rng, 1, 9, 0);
    return ex;
}

/* ---- --check and --quiz: the worksheet --------------------------------------------------- */

/* Sections 1, 3 and 4 with the names of their numbers: example i of the
 * table is x1[i], x2[i], y[i]; its step in epoch 1 computes f[i] (f(x)),
 * yf[i] (y f(x)), L[i], dL/dw1[i], dL/dw2[i], dL/db[i] (0 on the right
 * side); w1[i], w2[i], b[i] are the weights after it (w1[0] ...: the start).
 * Only the first SHEET_ROWS examples, for a long --data file. */
static void fill_sheet(Sheet *sh, const Set *s, Perceptron start, double eta,
                       const LossExample *ex)
{
    int m = s->X->rows < SHEET_ROWS ? s->X->rows : SHEET_ROWS;
    double x1 = MAT_AT(s->X, 0, 0), x2 = MAT_AT(s->X, 0, 1), z = score(&start, x1, x2);
    sheet_init(sh);
    sheet_heading(sh, "1. A neuron: a weighted sum, then an activation");
    sheet_given(sh, "w1[0]", start.w1);
    sheet_given(sh, "w2[0]", start.w2);
    sheet_given(sh, "b[0]", start.b);
    sheet_given(sh, "x1[1]", x1);
    sheet_given(sh, "x2[1]", x2);
    sheet_calc(sh, "z", z, "x1[1] w1[0] + x2[1] w2[0] + b[0]");
    sheet_calc(sh, "y_hat", act_sign(z), "step(z)");

    sheet_heading(sh, "2. The data");
    sheet_given(sh, "y[1]", MAT_AT(s->y, 0, 0));
    for (int i = 2; i <= m; i++) {
        sheet_given_at(sh, i, "x1[#]", MAT_AT(s->X, i - 1, 0));
        sheet_given_at(sh, i, "x2[#]", MAT_AT(s->X, i - 1, 1));
        sheet_given_at(sh, i, "y[#]", MAT_AT(s->y, i - 1, 0));
    }

    sheet_heading(sh, "3. The perceptron loss and its gradient");
    sheet_given(sh, "y", ex->y);
    sheet_given(sh, "f", ex->f);
    sheet_given(sh, "x1", ex->x1);
    sheet_calc(sh, "L", loss_perceptron(ex->y, ex->f), "max(0, -y f)");
    sheet_calc(sh, "dL/dw1", loss_perceptron_grad(ex->y, ex->f) * ex->x1, "-y x1");

    sheet_heading(sh, "4. Epoch 1 by hand (SGD: one example at a time)");
    sheet_given(sh, "eta", eta);
    Perceptron p = start;
    for (int i = 1; i <= m; i++) {
        Step st = sgd_hand_step(&p, MAT_AT(s->X, i - 1, 0), MAT_AT(s->X, i - 1, 1),
                                MAT_AT(s->y, i - 1, 0), eta);
        sheet_calc_at(sh, i, "f[#]", st.f, "w1[@] x1[#] + w2[@] x2[#] + b[@]");
        sheet_calc_at(sh, i, "yf[#]", st.yf, "y[#] f[#]");
        sheet_calc_at(sh, i, "L[#]", st.L, "max(0, -yf[#])");
        /* the same entries for every example, so the quiz does not tell which are mistakes */
        sheet_calc_at(sh, i, "dL/dw1[#]", st.dL_dw1, "-y[#] x1[#] if yf[#] < 0, else 0");
        sheet_calc_at(sh, i, "dL/dw2[#]", st.dL_dw2, "-y[#] x2[#] if yf[#] < 0, else 0");
        sheet_calc_at(sh, i, "dL/db[#]", st.dL_db, "-y[#] if yf[#] < 0, else 0");
        sheet_calc_at(sh, i, "w1[#]", st.after.w1, "w1[@] - eta dL/dw1[#]");
        sheet_calc_at(sh, i, "w2[#]", st.after.w2, "w2[@] - eta dL/dw2[#]");
        sheet_calc_at(sh, i, "b[#]", st.after.b, "b[@] - eta dL/db[#]");
        p = st.after;
    }
}

/* ---- the lecture ------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 01 - The perceptron (lecture notes 001, 004)\n"
    "A neuron as a weighted sum and a step; the perceptron loss max(0, -y f(x)),\n"
    "its gradient, the update w <- w - eta dL/dw, training to convergence on\n"
    "separable data, and XOR, where no line works.";

/* The placement data: training to convergence, then the plot. */
static int lecture_training(Plotter *plotter, const Set *s, Perceptron start, double eta,
                            int max_epochs, History *h, const Story *st)
{
    hand_section("5. Training until the line stops moving");
    train(h, start, s, eta, max_epochs);
    printf("Every epoch goes once through the examples in order. After each epoch,\n"
           "the cost E and the mistakes of the new weights on the whole set:\n\n");
    if (st->own)
        print_history_thinned(h, st->log_dir);
    else
        print_history(h, 0, h->n);
    print_outcome(h, s);
    int epochs[12];
    int n = chosen_epochs(h, epochs, 12);
    plot_boundaries(plotter, st->own ? "training" : "placement", st->title, s, h, epochs, n, st->x1, st->x2, st->pos,
                    st->neg);
    return 0;
}

static void lecture_separable(Plotter *plotter, const Set *s, Perceptron start, History *h)
{
    hand_section("6. A separable 2D set");
    hand_printf("%d points in two Gaussian blobs (TensorFlow Playground's \"gaussian\" set),\n"
                "one class around (2, 2), the other around (-2, -2). We start from a line\n"
                "that gets half of them wrong: w1 = %v, w2 = %v, b = %v; eta = %v.\n\n",
                TOY_POINTS, start.w1, start.w2, start.b, ETA);
    train(h, start, s, ETA, MAX_EPOCHS);
    print_history(h, 0, h->n);
    print_outcome(h, s);
    printf("The perceptron convergence theorem: when a line separates the classes, the\n"
           "perceptron finds one after a finite number of updates.\n");
    int epochs[12];
    int n = chosen_epochs(h, epochs, 12);
    plot_boundaries(plotter, "boundary", "A separable set: the perceptron's line moves until it separates",
                    s, h, epochs, n, "x1", "x2", "class +1", "class -1");
}

static void lecture_xor(Plotter *plotter, const Set *s, Perceptron start, History *h)
{
    hand_section("7. XOR: where a single perceptron fails");
    hand_printf("%d points on [-5, 5]^2; the class is +1 where x1 and x2 have the same\n"
                "sign, -1 where they differ (exclusive or). Same start, %d epochs.\n\n",
                TOY_POINTS, XOR_EPOCHS);
    train(h, start, s, ETA, XOR_EPOCHS);
    int fewest = h->e[1].mistakes, at = 1;
    for (int k = 1; k <= h->n; k++)
        if (h->e[k].mistakes < fewest)
            fewest = h->e[k].mistakes, at = k;
    print_history(h, h->n - 4, h->n);
    print_outcome(h, s);
    hand_printf("The fewest mistakes in any epoch: %d of %d (epoch %d). No line puts both\n"
                "(+,+) and (-,-) on one side and (+,-) and (-,+) on the other, so every\n"
                "epoch still makes mistakes and the line never stops moving. Chapter 03\n"
                "combines perceptrons into a network that draws a curved boundary.\n",
                fewest, TOY_POINTS, at);
    int epochs[] = {1, 10, 50, h->n};
    plot_boundaries(plotter, "xor", "XOR: the line keeps moving and never separates the classes",
                    s, h, epochs, 4, "x1", "x2", "class +1 (x1 x2 > 0)", "class -1 (x1 x2 < 0)");
}

int main(int argc, char **argv)
{
    const char *data_path = NULL; /* --data, or DEFAULT_DATA */
    double eta = ETA;
    int max_epochs = MAX_EPOCHS;
    CliFlag flags[] = {
        {"data", CLI_STRING, &data_path, "FILE", "CSV with x1,x2,label (label 1/-1) to train on"},
        {"eta", CLI_DOUBLE, &eta, "RATE", "learning rate for that data (default 0.01)"},
        {"epochs", CLI_INT, &max_epochs, "N", "most epochs to train it (default 1000)"},
    };
    CliRange ranges[] = {{"eta", '(', 0, INFINITY, ')'}, {"epochs", '[', 1, MAX_EPOCHS, ']'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED, .flags = flags,
                    .n_flags = 3, .ranges = ranges, .n_ranges = 2, .sheet = 1};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;
    if (ch.opt.variant && data_path)
        return cli_error(&spec, "--variant draws its own table: leave out --data");
    int own = data_path != NULL; /* the student's file: its names, not the notes' story */
    if (!data_path)
        data_path = DEFAULT_DATA;

    /* the data first: bad data ends the program before the lecture starts */
    DataXY csv = {0};
    Set data = {0}, sep = {0}, xr = {0};
    History *h = malloc(3 * sizeof *h);
    rc = CHAPTER_ERROR;
    if (!h) {
        chapter_error("out of memory");
        goto done;
    }
    if (chapter_load_xy(&ch, &csv, data_path, &DATA_SPEC, "data") != 0)
        goto done;
    data = (Set){.X = csv.X, .y = csv.y, .name = data_path}; /* csv owns X and y */
    Perceptron notes_start = {.w1 = 1.0, .w2 = 1.0, .b = 0.0};
    LossExample loss_example = NOTES_LOSS;
    char drawn_name[64];
    if (ch.opt.variant) { /* other numbers in the notes' table and section 3's example */
        snprintf(drawn_name, sizeof drawn_name, "the drawn table (variant %llu)",
                 (unsigned long long)ch.opt.variant);
        data.name = drawn_name;
        draw_table(&data, &ch.variant, notes_start);
        loss_example = draw_loss(&ch.variant);
    }
    if (chapter_wants_sheet(&ch)) { /* --check, --quiz: sections 1, 3 and 4 */
        Sheet sheet;
        fill_sheet(&sheet, &data, notes_start, eta, &loss_example);
        rc = chapter_sheet(&ch, &sheet);
        goto done;
    }
    if (make_toy(&sep, &ch.rng, TOY_GAUSSIANS, 0.0, "the separable set") != 0 ||
        make_toy(&xr, &ch.rng, TOY_XOR, 0.0, "the XOR set") != 0 ||
        chapter_start_lecture(&ch) != 0)
        goto done;

    Story story = {.own = own, .x1 = "x1", .x2 = "x2", .y = "y", .pos = "placed (y = +1)",
                   .neg = "not placed (y = -1)", .log_dir = ch.plots.dir,
                   .title = "The notes' placement data: the decision line after chosen epochs"};
    if (own) {
        story.x1 = csv.table.names[csv.features[0]];
        story.x2 = csv.table.names[csv.features[1]];
        story.y = csv.table.names[csv.target];
        snprintf(story.pos, sizeof story.pos, "%s = +1", story.y);
        snprintf(story.neg, sizeof story.neg, "%s = -1", story.y);
        snprintf(story.title, sizeof story.title,
                 "%s: the decision line after chosen epochs", data_path);
    }
    lecture_neuron(&data);
    lecture_data(&data, &csv, ch.opt.variant != 0, &story);
    lecture_loss(&loss_example);
    lecture_hand_epoch(&data, notes_start, eta);
    lecture_training(&ch.plots, &data, notes_start, eta, max_epochs, &h[0], &story);
    Perceptron wrong_start = {.w1 = 1.0, .w2 = -1.0, .b = 0.5};
    lecture_separable(&ch.plots, &sep, wrong_start, &h[1]);
    lecture_xor(&ch.plots, &xr, wrong_start, &h[2]);
    plot_costs(&ch.plots, &h[1], &h[2]);
    rc = CHAPTER_OK;
done:
    data_xy_free(&csv);
    set_free(&sep);
    set_free(&xr);
    free(h);
    return chapter_end(&ch, rc);
}
