/* Chapter 08 - Optimizers: momentum, Nesterov, Adagrad, RMSProp, Adadelta, Adam
 *
 * Lecture notes: 004 ("Optimisers in depth" 1 and 2: gradient descent,
 * momentum, Adagrad, Adadelta with exponential decay averages, Adam with
 * its bias correction, and some general rules) and 002 (SGD, momentum,
 * Adagrad, "Adadelta & RMSPROP", Adam).
 *
 * What you will learn
 *   - gradient descent, w_t = w_{t-1} - eta g_t, on a long narrow bowl: the
 *     steep direction caps eta, and then the flat one sets the pace
 *   - momentum: v_t = gamma v_{t-1} + eta g_t, w_t = w_{t-1} - v_t, a
 *     velocity that remembers the past gradients with weights 1, gamma,
 *     gamma^2, ...; Nesterov: the same, with the gradient taken where v is
 *     about to carry w
 *   - Adagrad: a learning rate per weight, eta / sqrt(G_t + eps), G_t the sum
 *     of every squared gradient so far, so that rate only ever falls
 *   - the exponential decay average E_t = rho E_{t-1} + (1 - rho) x_t, whose
 *     weights (1 - rho) rho^k fade: RMSProp divides eta by the root of E[g^2],
 *     Adadelta also replaces eta by the RMS of its own past steps
 *   - Adam = momentum + RMSProp, with the bias correction 1 / (1 - beta^t)
 *     that makes its first step alpha long in every coordinate
 *   - the seven on four surfaces (a bowl, the bowl turned by 45 degrees,
 *     Rosenbrock's valley, a saddle), each at its best learning rate from
 *     one grid; Adagrad's rate measured shrinking; all seven training one
 *     MLP on the digits; 004's rules checked against what the runs showed
 *
 * Run it
 *   ./build/08_optimizers                  the lecture, plots in out/08_optimizers/
 *   ./build/08_optimizers --plots=dumb     the plots drawn in the terminal
 *   ./build/08_optimizers --tune           search the digits learning rates again (slow)
 *   ./build/08_optimizers --lr 0.05        one learning rate for all seven on the digits
 *   ./build/08_optimizers --timing         also time the digits runs (varies per run)
 *   ./build/08_optimizers --data my.csv    another CSV: numeric columns, a class 0..k-1 last
 *   ./build/08_optimizers --check 'adam/m_hat1[2]=-3.947'
 *                                          check a hand step of sections 1-8 (--check list)
 *   ./build/08_optimizers --variant 3      sections 1-8 with other givens (--quiz: no answers)
 *
 * Plots
 *   paths_bowl.png         the seven paths across the bowl f = 1/2 (w1^2 + 20 w2^2)
 *   paths_turned.png       the same bowl turned by 45 degrees
 *   paths_rosenbrock.png   Rosenbrock's valley
 *   paths_saddle.png       a saddle point between two minima
 *   lr_grid.png            steps to the bottom of the bowl against the learning rate
 *   eda_weights.png        the weights of an exponential decay average
 *   effective_lr.png       Adagrad's learning rate per weight falling, RMSProp's not
 *   digits_loss.png        the seven training one MLP on the digits, best learning rates
 *   digits_defaults.png    the same at Keras' default learning rates
 *
 * tests/chapters/check_08.c runs --check, --quiz and --variant;
 * tests/unit/test_ch08_optimizers.c checks the hand steps against
 * lib/optim, and the library's Adam and momentum against trajectories
 * computed independently in Python; tests/unit/test_surface.c checks the
 * surfaces and their gradients.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chapter.h"
#include "data.h"
#include "hand.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "optim.h"
#include "plot.h"
#include "rng.h"
#include "surface.h"

#define CHAPTER "08_optimizers"
#define DEFAULT_DATA "datasets/digits.csv"
#define SEED 2014             /* Adam's year (Kingma & Ba) */
#define N_KINDS 7             /* OPTIM_SGD .. OPTIM_ADAM */
#define TOL 1e-6              /* "at the bottom": f(w) < TOL (every minimum is 0) */
#define HAND_STEPS 2          /* steps worked by hand for each optimizer */
#define LIB_STEPS 5000        /* the longest library run on the bowl */
#define RACE_STEPS 5000       /* the most steps a race run may take */
#define N_GRID 10             /* learning rates in the race's grid */
#define SLACK 1.25            /* a rate within 25% of the fewest steps is as good */
#define N_TRACKS 4            /* surfaces in the race */
#define ESCAPE 0.5            /* off the saddle: |w2| > ESCAPE */
#define NOTES_RHO 0.99        /* 004's gamma of the exponential decay average */
#define EDA_TERMS 5           /* terms of 004's average unrolled */
#define EDA_PLOT 60           /* weights drawn on eda_weights.png */
#define CURVE_STEPS 1000      /* steps the notes' momentum rule is followed */
#define HIDDEN 32             /* the digits MLP: inputs -> 32 ReLU -> k softmax */
#define BATCH 32              /* Keras' default batch size */
#define EPOCHS 10             /* digits epochs (--epochs) */
#define MAX_EPOCHS 200
#define MIN_ROWS 100          /* --data: the fewest rows sections 10 and 11 accept */
#define TEST_FRACTION 0.2     /* held out for the accuracy */
#define VAL_FRACTION 0.2      /* of the training rows: --tune's validation set */
#define EFF_EPOCHS 5          /* the effective learning rate run */
#define EFF_LR 0.01           /* Adagrad and RMSProp, the same rate */
#define RARE 0.1              /* a pixel inked in at most 10% of the images */
#define MAX_NAMED 6           /* --data: the features named in the transcript, at most */
#define COMMON 0.9            /* a pixel inked in at least 90% of the images */
#define MAX_RECORD 600        /* effective learning rates recorded per run */
#define RATE_FROM 10          /* section 10 compares the rates from this step on */

/* Numbers of state the optimizer keeps per weight (optim.h): memory on top
 * of the weights and their gradients. */
static const int STATE_PER_WEIGHT[N_KINDS] = {0, 1, 1, 1, 2, 1, 2};

/* ---- the worked examples: their givens, and where their steps go ------------------------ */

/* The givens of sections 1 to 8: every optimizer worked by hand on the bowl
 * f = 1/2 (w1^2 + b w2^2) from the same start, with its own settings (the
 * same in its library run), and section 5's rho. NOTES holds the notes'
 * numbers; --variant N draws others (givens_draw). The text writes w1^2
 * and w1 for a w1^2 and a w1: a is 1. */
typedef struct {
    Surface bowl;
    double start[2];         /* w at step 0 */
    OptimSpec hand[N_KINDS]; /* each optimizer's settings */
    double eda_rho;          /* the rho of section 5's unrolled average */
    unsigned long long variant; /* 0: the notes' numbers */
} Givens;

static const Givens NOTES = {
    .bowl = {.kind = SURFACE_BOWL, .a = 1.0, .b = 20.0},
    .start = {-4.0, 1.0},
    .hand = {
        [OPTIM_SGD] = {.kind = OPTIM_SGD, .lr = 0.04},
        [OPTIM_MOMENTUM] = {.kind = OPTIM_MOMENTUM, .lr = 0.04, .momentum = 0.9},
        [OPTIM_NESTEROV] = {.kind = OPTIM_NESTEROV, .lr = 0.04, .momentum = 0.9},
        [OPTIM_ADAGRAD] = {.kind = OPTIM_ADAGRAD, .lr = 0.5, .eps = 1e-7},
        [OPTIM_ADADELTA] = {.kind = OPTIM_ADADELTA, .lr = 1.0, .rho = 0.95, .eps = 1e-7},
        [OPTIM_RMSPROP] = {.kind = OPTIM_RMSPROP, .lr = 0.1, .rho = 0.9, .eps = 1e-7},
        [OPTIM_ADAM] = {.kind = OPTIM_ADAM, .lr = 0.1, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-7},
    },
    .eda_rho = NOTES_RHO,
};

/* --variant N: the notes' example with other numbers, in ranges where it
 * still teaches. The bowl is b = 10 to 25 times steeper across; the start
 * has one decimal. SGD, momentum and Nesterov share one eta (as in the
 * notes) with b eta from 0.5 to 0.95: SGD's w2 shrinks without crossing
 * the valley, momentum's crosses it at step 2. The other settings lie
 * around Keras' defaults, two decimals each (beta2 three, 0.997 to 0.999,
 * so v's bias correction still lasts thousands of steps); eps stays 1e-7
 * and Adadelta's lr 1 (Zeiler's). */
static Givens givens_draw(Rng *rng, unsigned long long variant)
{
    Givens g = NOTES;
    g.variant = variant;
    g.bowl.b = sheet_draw(rng, 10, 25, 0);
    g.start[0] = sheet_draw(rng, 2, 5, 1) * (rng_int(rng, 2) ? 1 : -1);
    g.start[1] = sheet_draw(rng, 0.5, 1.5, 1) * (rng_int(rng, 2) ? 1 : -1);
    double eta = sheet_draw(rng, ceil(50 / g.bowl.b) / 100, floor(95 / g.bowl.b) / 100, 2);
    double gamma = sheet_draw(rng, 0.8, 0.95, 2);
    g.hand[OPTIM_SGD].lr = g.hand[OPTIM_MOMENTUM].lr = g.hand[OPTIM_NESTEROV].lr = eta;
    g.hand[OPTIM_MOMENTUM].momentum = g.hand[OPTIM_NESTEROV].momentum = gamma;
    g.hand[OPTIM_ADAGRAD].lr = sheet_draw(rng, 0.2, 1.0, 1);
    g.hand[OPTIM_RMSPROP].lr = sheet_draw(rng, 0.05, 0.2, 2);
    g.hand[OPTIM_RMSPROP].rho = sheet_draw(rng, 0.8, 0.95, 2);
    g.hand[OPTIM_ADADELTA].rho = sheet_draw(rng, 0.9, 0.99, 2);
    g.hand[OPTIM_ADAM].lr = sheet_draw(rng, 0.05, 0.2, 2);
    g.hand[OPTIM_ADAM].beta1 = sheet_draw(rng, 0.8, 0.95, 2);
    g.hand[OPTIM_ADAM].beta2 = sheet_draw(rng, 0.997, 0.999, 3);
    g.eda_rho = sheet_draw(rng, 0.9, 0.99, 2);
    return g;
}

/* The titles of sections 1 to 8 and the prefix of their names on the
 * worksheet (momentum/v1[2]), shared by the lecture and the worksheet. */
static const char *const TITLE[9] = {
    "",
    "1. The problem: a long, narrow bowl, and plain gradient descent",
    "2. SGD with momentum (004)",
    "3. Nesterov's accelerated gradient (not in the notes)",
    "4. Adagrad: a learning rate for every weight (002, 004)",
    "5. The exponential decay average (004)",
    "6. RMSProp: Adagrad with a fading memory (004's \"Adadelta\")",
    "7. Adadelta (Zeiler 2012): no learning rate at all",
    "8. Adam: momentum + RMSProp, with bias correction (004)",
};
static const char *const PREFIX[9] = {"",         "sgd/",     "momentum/", "nesterov/", "adagrad/",
                                      "eda/",     "rmsprop/", "adadelta/", "adam/"};

/* Under "By hand, ...": how --check calls the values below. */
static void say_names(int section)
{
    printf("For --check: %sw1[2] is w1 after step 2, and so on for each name.\n\n",
           PREFIX[section]);
}

/* A worked example either prints its steps (the lecture: sh is NULL) or
 * enters them on the worksheet sh (--check, --quiz), under the names the
 * lecture prints, so both take the same values from the same code. */

/* template with '#' replaced by the coordinate i, "[t]" by step t ("[2]")
 * and "[t-1]" by the step before ("[1]"), into buf: "gamma v#[t-1] +
 * eta g#[t]" for i = 1, t = 2 is "gamma v1[1] + eta g1[2]". */
static const char *at_step(char *buf, size_t len, const char *template, int i, int t)
{
    size_t n = 0;
    for (const char *c = template; *c && n + 1 < len;) {
        int k;
        if (*c == '#')
            k = snprintf(buf + n, len - n, "%d", i), c++;
        else if (strncmp(c, "[t]", 3) == 0)
            k = snprintf(buf + n, len - n, "[%d]", t), c += 3;
        else if (strncmp(c, "[t-1]", 5) == 0)
            k = snprintf(buf + n, len - n, "[%d]", t - 1), c += 5;
        else
            buf[n] = *c++, k = 1;
        n += (size_t)k < len - n ? (size_t)k : len - n - 1;
    }
    buf[n] = '\0';
    return buf;
}

/* A given of the worked example (its value printed by the lecture's text). */
static void given(Sheet *sh, const char *name, double value)
{
    if (sh)
        sheet_given(sh, name, value);
}

/* Quantity name = formula = value of coordinate i at step t (templates as
 * for at_step): entered on sh, or, for the lecture, the line begun as
 * "    w1[2] = w1[1] - v1[2] = "; returns 1 when the caller is to print
 * the numbers and the value that end it. A longer formula leaves no room
 * for them: they go on a line of their own, under its "=":
 *     v1[2] = gamma v1[1] + eta g1[2]
 *           = 0.9 x (-0.16) + 0.04 x (-3.84) = -0.2976 */
static int step_line(Sheet *sh, int i, int t, const char *name, const char *formula, double value)
{
    char n[SHEET_NAME_LEN], f[SHEET_TEXT_LEN];
    at_step(n, sizeof n, name, i, t);
    at_step(f, sizeof f, formula, i, t);
    if (sh) {
        sheet_calc(sh, n, value, f);
        return 0;
    }
    if (strlen(n) + strlen(f) >= 28)
        printf("    %s = %s\n    %*s = ", n, f, (int)strlen(n), "");
    else
        printf("    %s = %s = ", n, f);
    return 1;
}

/* The same for a value the lecture prints in a table: only the entry. */
static void enter(Sheet *sh, int i, int t, const char *name, const char *formula, double value)
{
    char n[SHEET_NAME_LEN], f[SHEET_TEXT_LEN];
    if (sh)
        sheet_calc(sh, at_step(n, sizeof n, name, i, t), value, at_step(f, sizeof f, formula, i, t));
}

/* A number as a factor of a product: "(-4)" when negative, else "4". */
typedef struct {
    char s[40];
} Factor;

static Factor fac(double v)
{
    Factor f;
    char num[32];
    snprintf(f.s, sizeof f.s, v < 0 ? "(%s)" : "%s", hand_fmt(num, sizeof num, v));
    return f;
}

/* A worked example's numbers after each step t (t = 0: the start), for the
 * text around it: the gradient g[t], the weights w[t] and the first state
 * s[t] (momentum's and Nesterov's v, Adagrad's G, RMSProp's E, Adam's m),
 * Adagrad's and RMSProp's rate[t], Adam's v in s2[t]. */
typedef struct {
    double g[HAND_STEPS + 1][2], w[HAND_STEPS + 1][2], s[HAND_STEPS + 1][2];
    double rate[HAND_STEPS + 1][2], s2[HAND_STEPS + 1][2];
} Hand;

/* The start into h: w1[0], w2[0] as givens, and the optimizer's state at
 * 0, as givens named state and state2 ("v#[0]"; NULL for none). */
static void hand_start(Sheet *sh, const Givens *gv, const char *state, const char *state2, Hand *h)
{
    *h = (Hand){0};
    const char *names[3] = {"w#[0]", state, state2};
    for (int k = 0; k < 3 && names[k]; k++)
        for (int i = 0; i < 2; i++) {
            char n[SHEET_NAME_LEN];
            given(sh, at_step(n, sizeof n, names[k], i + 1, 0), k == 0 ? gv->start[i] : 0.0);
        }
    h->w[0][0] = gv->start[0], h->w[0][1] = gv->start[1];
}

/* Step t's gradient at w[t-1] on the bowl, into h->g[t]:
 *     Step 1, at w = (w1[0], w2[0]) = (-4, 1):
 *         g1[1] = w1[0] = -4
 *         g2[1] = 20 w2[0] = 20 x 1 = 20 */
static const double *hand_grad(Sheet *sh, const Givens *gv, int t, Hand *h)
{
    const double *w = h->w[t - 1];
    double *g = h->g[t];
    surface_grad(&gv->bowl, w[0], w[1], g);
    if (!sh)
        hand_printf("Step %d, at w = (w1[%d], w2[%d]) = (%v, %v):\n", t, t - 1, t - 1, w[0], w[1]);
    char b[32], f[SHEET_TEXT_LEN];
    snprintf(f, sizeof f, "%s w2[t-1]", hand_fmt(b, sizeof b, gv->bowl.b));
    if (step_line(sh, 1, t, "g1[t]", "w1[t-1]", g[0]))
        hand_printf("%v\n", g[0]);
    if (step_line(sh, 2, t, "g2[t]", f, g[1]))
        hand_printf("%v x %s = %v\n", gv->bowl.b, fac(w[1]).s, g[1]);
    return g;
}

/* Coordinate i (0 or 1) moved by -d at step t, where what names d
 * ("v#[t]"): "    w1[1] = w1[0] - v1[1] = -4 + 0.16 = -3.84". */
static void hand_move(Sheet *sh, int i, int t, const char *what, double d, Hand *h)
{
    char f[SHEET_TEXT_LEN];
    double w = h->w[t - 1][i];
    h->w[t][i] = w - d;
    snprintf(f, sizeof f, "w#[t-1] - %s", what);
    if (step_line(sh, i + 1, t, "w#[t]", f, h->w[t][i]))
        hand_printf("%v%+v = %v\n", w, -d, h->w[t][i]);
}

/* The same start and settings through lib/optim (surface_descend on a 1 x 2
 * Param): w and f after a few steps, and when f first drops below TOL. */
static int library_run(const Givens *gv, const OptimSpec *spec)
{
    double *path = malloc(2 * (size_t)(LIB_STEPS + 1) * sizeof *path);
    SurfaceRun run;
    if (!path || surface_descend(&gv->bowl, spec, gv->start, LIB_STEPS, TOL, path, &run) != 0) {
        free(path);
        return chapter_error("out of memory");
    }
    printf("\nThe library, optim_step with the same settings from the same start:\n\n");
    hand_printf("    %5s  %14s  %14s  %14s\n", "step", "w1", "w2", "f(w)");
    static const int shown[] = {1, 2, 10, 100};
    for (int k = 0; k < 4 && shown[k] <= run.steps; k++) {
        const double *w = &path[2 * shown[k]];
        hand_printf("    %5d  %14v  %14v  %14v\n", shown[k], w[0], w[1],
                    surface_value(&gv->bowl, w[0], w[1]));
    }
    if (run.reached)
        hand_printf("f(w) < %v first after step %d.\n", TOL, run.steps);
    else
        hand_printf("f(w) = %v after %d steps: not yet below %v.\n", run.f, run.steps, TOL);
    free(path);
    return CHAPTER_OK;
}

/* ---- 1. The problem and plain gradient descent ------------------------------------- */

/* SGD's steps: w_t = w_{t-1} - eta g_t. */
static void sgd_by_hand(Sheet *sh, const Givens *gv, Hand *h)
{
    const OptimSpec *s = &gv->hand[OPTIM_SGD];
    hand_start(sh, gv, NULL, NULL, h);
    given(sh, "eta", s->lr);
    for (int t = 1; t <= HAND_STEPS; t++) {
        const double *g = hand_grad(sh, gv, t, h);
        for (int i = 0; i < 2; i++) {
            double step = s->lr * g[i];
            if (step_line(sh, i + 1, t, "step#[t]", "eta g#[t]", step))
                hand_printf("%v x %s = %v\n", s->lr, fac(g[i]).s, step);
            hand_move(sh, i, t, "step#[t]", step, h);
        }
    }
}

static int lecture_problem(const Givens *gv)
{
    const OptimSpec *s = &gv->hand[OPTIM_SGD];
    const Surface *bowl = &gv->bowl;
    hand_section(TITLE[1]);
    hand_printf("Every optimizer in sections 1 to 8 minimizes the same function of two\n"
                "weights, from the same start w = (%v, %v):\n\n"
                "    f(w) = 1/2 (w1^2 + %v w2^2),     g = (df/dw1, df/dw2) = (w1, %v w2)\n\n"
                "Its minimum is f = 0 at (0, 0). The bowl is %v times steeper across (w2) than\n"
                "along (w1): its contour lines are long, narrow ellipses, like the loss of\n"
                "a network whose weights act on very different scales.\n\n",
                gv->start[0], gv->start[1], bowl->b, bowl->b, bowl->b / bowl->a);
    hand_printf("Gradient descent (004): w_new = w_old - eta dL/dw_old. With a step counter t:\n\n"
                "    w_t = w_{t-1} - eta g_t,     g_t = dL/dw at w_{t-1}\n\n"
                "(004 writes the gradient as dL/dw_{t-1}: taken at the old weights.) Batch,\n"
                "mini-batch and stochastic GD (chapter 07) are this rule with g from all\n"
                "rows, from B rows or from one row; f has no rows, its g is exact.\n"
                "Every rule below works weight by weight (elementwise).\n\n"
                "By hand, eta = %v:\n", s->lr);
    say_names(1);
    Hand h;
    sgd_by_hand(NULL, gv, &h);
    hand_printf("\nEach step multiplies w2 by 1 - %v eta = %v and w1 by 1 - eta = %v. Any\n"
                "eta > 2/%v = %v makes |1 - %v eta| > 1: w2 would swing wider at every step\n"
                "(divergence). The steep direction caps eta, and then the flat direction\n"
                "sets the pace: w1 can shrink by no more than a factor 1 - %v = %v a step\n"
                "(%v here).\n",
                bowl->b, 1 - bowl->b * s->lr, 1 - bowl->a * s->lr, bowl->b, 2 / bowl->b, bowl->b,
                2 / bowl->b, 1 - 2 / bowl->b, 1 - bowl->a * s->lr);
    return library_run(gv, s);
}

/* ---- 2. Momentum ------------------------------------------------------------------- */

/* 004's rule as written, CURVE_STEPS steps from the start: w after step 1
 * into w1, f after step 100 into *f100; returns f after the last step.
 *   v_t = v_{t-1} + eta g_t,   w_t = w_{t-1} - eta v_t */
static double notes_momentum(const Givens *gv, double eta, double w1[2], double *f100)
{
    double w[2] = {gv->start[0], gv->start[1]}, v[2] = {0, 0};
    for (int t = 1; t <= CURVE_STEPS; t++) {
        double g[2];
        surface_grad(&gv->bowl, w[0], w[1], g);
        for (int i = 0; i < 2; i++) {
            v[i] = v[i] + eta * g[i];
            w[i] = w[i] - eta * v[i];
        }
        if (t == 1)
            w1[0] = w[0], w1[1] = w[1];
        if (t == 100)
            *f100 = surface_value(&gv->bowl, w[0], w[1]);
    }
    return surface_value(&gv->bowl, w[0], w[1]);
}

/* Momentum's steps: v_t = gamma v_{t-1} + eta g_t, w_t = w_{t-1} - v_t. */
static void momentum_by_hand(Sheet *sh, const Givens *gv, Hand *h)
{
    const OptimSpec *s = &gv->hand[OPTIM_MOMENTUM];
    hand_start(sh, gv, "v#[0]", NULL, h);
    given(sh, "eta", s->lr);
    given(sh, "gamma", s->momentum);
    for (int t = 1; t <= HAND_STEPS; t++) {
        const double *g = hand_grad(sh, gv, t, h);
        for (int i = 0; i < 2; i++) {
            double v = h->s[t - 1][i];
            h->s[t][i] = s->momentum * v + s->lr * g[i];
            if (step_line(sh, i + 1, t, "v#[t]", "gamma v#[t-1] + eta g#[t]", h->s[t][i]))
                hand_printf("%v x %s + %v x %s = %v\n", s->momentum, fac(v).s, s->lr, fac(g[i]).s,
                            h->s[t][i]);
        }
        for (int i = 0; i < 2; i++)
            hand_move(sh, i, t, "v#[t]", h->s[t][i], h);
    }
}

/* mom gets the worked steps (for sections 3 and 5). */
static int lecture_momentum(const Givens *gv, Hand *mom)
{
    const OptimSpec *s = &gv->hand[OPTIM_MOMENTUM];
    hand_section(TITLE[2]);
    printf("004 writes momentum as\n\n"
           "    v_t = v_{t-1} + eta g_t\n"
           "    w_t = w_{t-1} - eta v_t\n\n"
           "and unrolls it (the OCR garbles the line) as\n\n"
           "    w_t = w_{t-1} - eta g_t - gamma eta g_{t-1} - gamma^2 eta g_{t-2} - ...\n\n"
           "The unrolled form has a factor gamma that the rule lacks, and the rule\n"
           "takes eta twice (v already holds it). The rule that unrolls to it is\n\n"
           "    v_t = gamma v_{t-1} + eta g_t,     v_0 = 0\n"
           "    w_t = w_{t-1} - v_t\n\n"
           "and unrolled, v_t = eta g_t + gamma eta g_{t-1} + ... + gamma^(t-1) eta g_1.\n"
           "The velocity v sums the past gradients with weights 1, gamma, gamma^2, ...:\n"
           "steps in a direction the gradients agree on add up (on a long slope the\n"
           "step grows towards eta g / (1 - gamma), 10 times eta g for gamma = 0.9);\n"
           "where they flip sign, as across a narrow valley, they cancel (004: \"giving\n"
           "weightage to the previous calculated gradient\").\n\n");
    hand_printf("By hand, eta = %v, gamma = %v:\n", s->lr, s->momentum);
    say_names(2);
    momentum_by_hand(NULL, gv, mom);
    double w2_1 = mom->w[1][1]; /* w2 after step 1 */
    hand_printf("\nAt step 2 the gradient g2 = %v alone would take w2 to %v, as in section 1,\n"
                "but the velocity carries it across the valley to %v: momentum overshoots,\n"
                "then swings back. Along w1, where the gradients agree, the steps grow\n"
                "instead: %v, then %v.\n",
                mom->g[2][1], w2_1 - s->lr * mom->g[2][1], mom->w[2][1], fabs(mom->s[1][0]),
                fabs(mom->s[2][0]));
    double notes_w1[2], f100;
    double f_end = notes_momentum(gv, s->lr, notes_w1, &f100);
    hand_printf("\nThe notes' rule from the same start moves w1 by only -eta^2 g1 = %v in\n"
                "step 1 (to w = (%v, %v)), and without gamma nothing damps the velocity:\n"
                "f = %v at the start, %v after 100 steps, %v after %d.\n"
                "It swings for ever.\n",
                -s->lr * s->lr * mom->g[1][0], notes_w1[0], notes_w1[1],
                surface_value(&gv->bowl, gv->start[0], gv->start[1]), f100, f_end, CURVE_STEPS);
    return library_run(gv, s);
}

/* ---- 3. Nesterov --------------------------------------------------------------------- */

/* Nesterov's steps in the w' form: v_t = gamma v_{t-1} + eta g_t,
 * w'_t = w'_{t-1} - (gamma v_t + eta g_t). The lecture also prints the
 * look-ahead form alongside: u the weights, vu its velocity, and
 * ahead = u - gamma vu, which is w'. */
static void nesterov_by_hand(Sheet *sh, const Givens *gv, Hand *h)
{
    const OptimSpec *s = &gv->hand[OPTIM_NESTEROV];
    hand_start(sh, gv, "v#[0]", NULL, h);
    given(sh, "eta", s->lr);
    given(sh, "gamma", s->momentum);
    double u[2] = {gv->start[0], gv->start[1]}, vu[2] = {0, 0};
    double ahead[2] = {gv->start[0], gv->start[1]};
    for (int t = 1; t <= HAND_STEPS; t++) {
        const double *g = hand_grad(sh, gv, t, h);
        for (int i = 0; i < 2; i++) {
            double v = h->s[t - 1][i], v_t = s->momentum * v + s->lr * g[i];
            double d = s->momentum * v_t + s->lr * g[i];
            h->s[t][i] = v_t;
            if (step_line(sh, i + 1, t, "v#[t]", "gamma v#[t-1] + eta g#[t]", v_t))
                hand_printf("%v x %s + %v x %s = %v\n", s->momentum, fac(v).s, s->lr, fac(g[i]).s,
                            v_t);
            if (step_line(sh, i + 1, t, "step#[t]", "gamma v#[t] + eta g#[t]", d))
                hand_printf("%v x %s + %v x %s = %v\n", s->momentum, fac(v_t).s, s->lr,
                            fac(g[i]).s, d);
            hand_move(sh, i, t, "step#[t]", d, h);
        }
        if (sh)
            continue;
        double ga[2];
        surface_grad(&gv->bowl, ahead[0], ahead[1], ga);
        for (int i = 0; i < 2; i++) {
            vu[i] = s->momentum * vu[i] + s->lr * ga[i];
            u[i] -= vu[i];
            ahead[i] = u[i] - s->momentum * vu[i];
        }
        hand_printf("    the look-ahead form: w = (%v, %v), v = (%v, %v),\n"
                    "    and w - gamma v = (%v, %v): the w' above\n",
                    u[0], u[1], vu[0], vu[1], ahead[0], ahead[1]);
    }
}

/* mom: section 2's worked steps */
static int lecture_nesterov(const Givens *gv, const Hand *mom)
{
    const OptimSpec *s = &gv->hand[OPTIM_NESTEROV];
    hand_section(TITLE[3]);
    printf("The notes stop at momentum; Keras offers Nesterov's variant as\n"
           "SGD(momentum=0.9, nesterov=True). Sutskever et al. (2013) write it as momentum\n"
           "whose gradient is taken where the velocity is about to carry w:\n\n"
           "    v_t = gamma v_{t-1} + eta grad f(w_{t-1} - gamma v_{t-1})\n"
           "    w_t = w_{t-1} - v_t\n\n"
           "A network computes gradients at its weights, not at a point ahead of them.\n"
           "So Keras and lib/optim keep the look-ahead point itself, w' = w - gamma v,\n"
           "as the weights; with g_t the gradient at w'_{t-1} the method then reads\n\n"
           "    v_t  = gamma v_{t-1} + eta g_t\n"
           "    w'_t = w'_{t-1} - (gamma v_t + eta g_t)\n\n");
    hand_printf("By hand (the w' form, step = gamma v + eta g), eta = %v, gamma = %v:\n", s->lr,
                s->momentum);
    say_names(3);
    Hand h;
    nesterov_by_hand(NULL, gv, &h);
    hand_printf("\nThe look-ahead feels the slope turn before it gets there: at step 2 the\n"
                "velocity across the valley is v2 = %v, where plain momentum had %v.\n",
                h.s[2][1], mom->s[2][1]);
    return library_run(gv, s);
}

/* ---- 4. Adagrad ---------------------------------------------------------------------- */

/* Adagrad's steps: G_t = G_{t-1} + g_t^2, w_t = w_{t-1} - eta / sqrt(G_t + eps) g_t. */
static void adagrad_by_hand(Sheet *sh, const Givens *gv, Hand *h)
{
    const OptimSpec *s = &gv->hand[OPTIM_ADAGRAD];
    hand_start(sh, gv, "G#[0]", NULL, h);
    given(sh, "eta", s->lr);
    given(sh, "eps", s->eps);
    for (int t = 1; t <= HAND_STEPS; t++) {
        const double *g = hand_grad(sh, gv, t, h);
        for (int i = 0; i < 2; i++) {
            double G = h->s[t - 1][i];
            double G_t = G + g[i] * g[i];
            double eta_t = s->lr / sqrt(G_t + s->eps);
            h->s[t][i] = G_t, h->rate[t][i] = eta_t;
            if (step_line(sh, i + 1, t, "G#[t]", "G#[t-1] + g#[t]^2", G_t))
                hand_printf("%v + %s^2 = %v\n", G, fac(g[i]).s, G_t);
            if (step_line(sh, i + 1, t, "eta#[t]", "eta / sqrt(G#[t] + eps)", eta_t))
                hand_printf("%v / sqrt(%v + %v) = %v\n", s->lr, G_t, s->eps, eta_t);
            hand_move(sh, i, t, "eta#[t] g#[t]", eta_t * g[i], h);
        }
    }
}

static int lecture_adagrad(const Givens *gv)
{
    const OptimSpec *s = &gv->hand[OPTIM_ADAGRAD];
    hand_section(TITLE[4]);
    printf("002 asks: \"can we use a different learning rate for each and every\n"
           "neuron?\" A weight fed by a dense input (mostly non-zero) gets a gradient\n"
           "at every step; one fed by a sparse input (mostly zero) rarely does, and\n"
           "deserves larger steps when it does. 002 writes, per weight:\n\n"
           "    eta_t   = eta / sqrt(alpha_t + eps)\n"
           "    alpha_t = eps sum_{i=1..t} (dL/dW_i)^2          (\"t = time / epoch\")\n\n"
           "eps must not multiply the sum: it appears once, inside the root, only so\n"
           "that the first division is never by 0. And t counts updates (every batch),\n"
           "not epochs. The rule:\n\n"
           "    G_t = G_{t-1} + g_t^2          (G_0 = 0: the sum of all squared gradients)\n"
           "    w_t = w_{t-1} - eta / sqrt(G_t + eps) g_t\n\n");
    hand_printf("By hand, eta = %v, eps = %v (eta1[t]: weight 1's rate at step t):\n", s->lr,
                s->eps);
    say_names(4);
    Hand h;
    adagrad_by_hand(NULL, gv, &h);
    double g1 = h.g[1][0], first_eta = h.rate[1][0];
    double notes_eta = s->lr / sqrt(s->eps * g1 * g1 + s->eps);
    hand_printf("\nThe first step is eta g / sqrt(g^2 + eps) = eta sign(g), to 9 digits: %v in\n"
                "both coordinates although g2 is %v times g1. Adagrad sees the steep and the\n"
                "flat direction alike (on this bowl, whose axes are the weights).\n\n"
                "002's alpha_1 = eps g1^2 would give\n\n"
                "    eta_1 = %v / sqrt(%v x %v + %v) = %v\n\n"
                "instead of %v, and w1 = %v: a jump %v times too far.\n\n",
                s->lr, fabs(h.g[1][1] / g1), s->lr, s->eps, g1 * g1, s->eps, notes_eta,
                first_eta, gv->start[0] - notes_eta * g1, notes_eta / first_eta);
    printf("The disadvantage (002): G_t only grows, so eta_t falls at every step with a\n"
           "non-zero gradient, near the minimum or far from it. Section 10 measures it.\n");
    return library_run(gv, s);
}

/* ---- 5. The exponential decay average --------------------------------------------------- */

/* eda_weights.png: the weight (1 - rho) rho^(k-1) of the k-th newest term,
 * for 004's rho and for RMSProp's default. */
static void plot_eda(Plotter *plotter)
{
    static const double rhos[] = {NOTES_RHO, 0.9};
    double weight[2][EDA_PLOT];
    for (int r = 0; r < 2; r++)
        for (int k = 1; k <= EDA_PLOT; k++)
            weight[r][k - 1] = (1 - rhos[r]) * pow(rhos[r], k - 1);
    ChapterCurve curves[2] = {
        {.legend = "rho = 0.99 (004): memory ~ 100 steps", .y = weight[0], .n = EDA_PLOT,
         .first = 1, .style = "linespoints pt 7 ps 0.6 lw 2 lc rgb '#2e6fb5'"},
        {.legend = "rho = 0.9 (RMSProp, Adam's beta1): memory ~ 10 steps", .y = weight[1],
         .n = EDA_PLOT, .first = 1, .style = "linespoints pt 5 ps 0.6 lw 2 lc rgb '#c0392b'"},
    };
    chapter_plot_curves(plotter, "eda_weights", &(PlotSpec){
        .title = "Exponential decay average: the weight (1 - rho) rho^(k-1) of the k-th newest value",
        .xlabel = "k (1: this step's value, 2: the one before, ...)",
        .ylabel = "weight in the average", .settings = "set key top right\nset grid\nset logscale y",
        .width = 1000}, curves, 2);
}

/* The weights of the unrolled average: weight[k] = (1 - rho) rho^(k-1) of
 * the k-th newest value for k = 1 .. EDA_TERMS, weight[EDA_TERMS + 1] =
 * rho^EDA_TERMS of what is left of the old average, and their running
 * sums sum[k]; a table row each in the lecture. */
static void eda_by_hand(Sheet *sh, double rho)
{
    given(sh, "rho", rho);
    if (!sh)
        hand_printf("    %4s  %-14s  %14s  %22s\n", "k", "term", "weight[k]", "sum[k]");
    double sum = 0.0;
    for (int k = 1; k <= EDA_TERMS + 1; k++) {
        int rest = k > EDA_TERMS; /* the last row: what is left of the old average */
        double wk = rest ? pow(rho, EDA_TERMS) : (1 - rho) * pow(rho, k - 1);
        char term[24], f[SHEET_TEXT_LEN];
        snprintf(f, sizeof f, rest ? "rho^%d" : k == 1 ? "1 - rho" : "(1 - rho) rho^%d",
                 rest ? EDA_TERMS : k - 1);
        enter(sh, 0, k, "weight[t]", f, wk);
        sum += wk;
        enter(sh, 0, k, "sum[t]", k == 1 ? "weight[t]" : "sum[t-1] + weight[t]", sum);
        snprintf(term, sizeof term, rest ? "eda_{t-%d}" : "g_{t-%d}^2", k);
        if (!sh)
            hand_printf("    %4d  %-14s  %14v  %22v\n", k, term, wk, sum);
    }
}

/* Momentum's velocity beside the EDA of the same gradients, steps 1 to 4
 * of section 2 (its steps 3 and 4 taken here, from the same rule: on this
 * bowl g1 = w1, so g1[t] = w1[t-1] = g1[t-1] - v1[t-1]), with E1[t] the
 * EDA of g1 (rho = gamma) and vE1[t] = eta / (1 - gamma) E1[t]. They go
 * under momentum/ on the worksheet: they are section 2's run. */
static void momentum_eda_by_hand(Sheet *sh, const Givens *gv, const Hand *mom)
{
    const OptimSpec *m = &gv->hand[OPTIM_MOMENTUM];
    double gamma = m->momentum, eta = m->lr;
    double g = 0.0, v = 0.0, E = 0.0;
    given(sh, "E1[0]", 0.0);
    for (int t = 1; t <= 4; t++) {
        if (t <= HAND_STEPS) { /* worked in section 2 */
            g = mom->g[t][0];
            v = mom->s[t][0];
        } else {
            g = g - v;
            enter(sh, 1, t, "g#[t]", "g#[t-1] - v#[t-1]", g);
            v = gamma * v + eta * g;
            enter(sh, 1, t, "v#[t]", "gamma v#[t-1] + eta g#[t]", v);
        }
        E = gamma * E + (1 - gamma) * g;
        enter(sh, 1, t, "E#[t]", "gamma E#[t-1] + (1 - gamma) g#[t]", E);
        double scaled = eta / (1 - gamma) * E;
        enter(sh, 1, t, "vE#[t]", "eta / (1 - gamma) E#[t]", scaled);
        if (!sh)
            hand_printf("    %4d  %14v  %14v  %14v  %22v\n", t, g, v, E, scaled);
    }
}

/* mom: section 2's worked steps */
static void lecture_eda(Plotter *plotter, const Givens *gv, const Hand *mom)
{
    hand_section(TITLE[5]);
    double rho = gv->eda_rho;
    printf("004 averages the squared gradients with an exponential decay average (EDA).\n");
    if (gv->variant)
        hand_printf("It says \"suppose gamma = 0.01 or 0.99\" and unrolls the average with 0.99 as\n"
                    "the weight of the old average (call it rho; the new value weighs 1 - rho).\n"
                    "The same with rho = %v:\n\n", rho);
    else
        hand_printf("It says \"suppose gamma = 0.01 or 0.99\" and unrolls the average with %v as\n"
                    "the weight of the old average (call it rho; the new value weighs 1 - rho):\n\n",
                    rho);
    hand_printf("    eda_{t-1} = %v g_{t-1}^2 + %v eda_{t-2}\n"
                "              = %v g_{t-1}^2 + %v [%v g_{t-2}^2 + %v eda_{t-3}]\n"
                "              = %v g_{t-1}^2 + %v g_{t-2}^2 + %v eda_{t-3}\n\n",
                1 - rho, rho, 1 - rho, rho, 1 - rho, rho, 1 - rho, rho * (1 - rho), rho * rho);
    printf("Unrolled further, the k-th newest value gets the weight (1 - rho) rho^(k-1),\n"
           "and what is left of the old average the weight rho^k (for --check:\n"
           "eda/weight[k] and eda/sum[k]):\n\n");
    eda_by_hand(NULL, rho);
    printf("\n");
    double half = log(0.5) / log(rho);
    hand_printf("The weights add up to 1 (a geometric series: (1 - rho)(1 + rho + rho^2 + ...)\n"
                "= 1), so the EDA is a true average, of the recent past: its weights halve\n"
                "every ln 0.5 / ln rho = %v steps, and the last 1 / (1 - rho) = %v\n"
                "steps carry most of it. With rho = 0.9 (RMSProp's default) that is\n"
                "%v and %v steps. %s; 0.01 would\n"
                "forget the past within a step.\n\n",
                half, 1 / (1 - rho), log(0.5) / log(0.9), 1 / (1 - 0.9),
                gv->variant ? "In 004's line only rho = 0.99 fits" : "Only rho = 0.99 fits the unrolled line");
    const OptimSpec *m = &gv->hand[OPTIM_MOMENTUM];
    hand_printf("\"In one sense this is kind of like momentum\" (004): momentum's velocity\n"
                "v_t = gamma v_{t-1} + eta g_t has the same fading weights gamma^k, only not\n"
                "normalized. For any gradients, v_t = eta / (1 - gamma) x EDA_t(g) with\n"
                "rho = gamma. Section 2's w1 gradients, eta = %v, gamma = %v, with their EDA\n"
                "E1[t] = gamma E1[t-1] + (1 - gamma) g1[t] and vE1[t] = eta / (1 - gamma) E1[t]\n"
                "(for --check: momentum/E1[1], momentum/g1[3] and so on):\n\n",
                m->lr, m->momentum);
    hand_printf("    %4s  %14s  %14s  %14s  %22s\n", "t", "g1[t]", "v1[t]", "E1[t]", "vE1[t]");
    momentum_eda_by_hand(NULL, gv, mom);
    printf("\nMomentum is an EDA of g (scaled); the EDA of g^2 measures how large the\n"
           "gradients have been lately. Adam (section 8) keeps both.\n");
    plot_eda(plotter);
}

/* ---- 6. RMSProp ------------------------------------------------------------------------ */

/* RMSProp's steps: E_t = rho E_{t-1} + (1 - rho) g_t^2,
 * w_t = w_{t-1} - eta / sqrt(E_t + eps) g_t. */
static void rmsprop_by_hand(Sheet *sh, const Givens *gv, Hand *h)
{
    const OptimSpec *s = &gv->hand[OPTIM_RMSPROP];
    hand_start(sh, gv, "E#[0]", NULL, h);
    given(sh, "eta", s->lr);
    given(sh, "rho", s->rho);
    given(sh, "eps", s->eps);
    for (int t = 1; t <= HAND_STEPS; t++) {
        const double *g = hand_grad(sh, gv, t, h);
        for (int i = 0; i < 2; i++) {
            double E = h->s[t - 1][i];
            double E_t = s->rho * E + (1 - s->rho) * g[i] * g[i];
            double eta_t = s->lr / sqrt(E_t + s->eps);
            h->s[t][i] = E_t, h->rate[t][i] = eta_t;
            if (step_line(sh, i + 1, t, "E#[t]", "rho E#[t-1] + (1 - rho) g#[t]^2", E_t))
                hand_printf("%v x %v + %v x %s^2 = %v\n", s->rho, E, 1 - s->rho, fac(g[i]).s, E_t);
            if (step_line(sh, i + 1, t, "eta#[t]", "eta / sqrt(E#[t] + eps)", eta_t))
                hand_printf("%v / sqrt(%v + %v) = %v\n", s->lr, E_t, s->eps, eta_t);
            hand_move(sh, i, t, "eta#[t] g#[t]", eta_t * g[i], h);
        }
    }
}

static int lecture_rmsprop(const Givens *gv)
{
    const OptimSpec *s = &gv->hand[OPTIM_RMSPROP];
    hand_section(TITLE[6]);
    printf("Under \"Ada delta\", 004 writes\n\n"
           "    eta = eta_0 / (sqrt(g_{t-1}) + eps)\n"
           "    g_{t-1} = gamma g_{t-2} + (1 - gamma) g_{t-1}^2\n\n"
           "One letter, g, stands for the gradient and for the EDA of its squares, and\n"
           "the average stops at t-1 while the step uses g_t. With E[g^2] for the\n"
           "average, which takes in this step's gradient first:\n\n"
           "    E[g^2]_t = rho E[g^2]_{t-1} + (1 - rho) g_t^2\n"
           "    w_t = w_{t-1} - eta / sqrt(E[g^2]_t + eps) g_t\n\n"
           "This is RMSProp (Hinton, lecture 6e, 2012); 002 writes its rate as\n"
           "eta / sqrt(w_Avg_t + eps) (the OCR reads Arg). Adagrad's sum G becomes an\n"
           "average: old gradients fade, so the learning rate can rise again. Zeiler's\n"
           "Adadelta is one step more (section 7).\n\n");
    hand_printf("By hand, eta = %v, rho = %v, eps = %v (E1[t]: weight 1's E[g^2] at step t):\n",
                s->lr, s->rho, s->eps);
    say_names(6);
    Hand h;
    rmsprop_by_hand(NULL, gv, &h);
    double g1 = h.g[1][0];
    hand_printf("\nThe first step is eta / sqrt(1 - rho) = %v in each coordinate: E[g^2]\n"
                "starts at 0 and holds only (1 - rho) g^2 after one step (Adam corrects that\n"
                "bias; RMSProp does not). 004's rate with the average stopped at t-1 would\n"
                "divide by sqrt(0) + eps at step 1: eta_1 = %v / %v = %v, and w1 = %v.\n",
                s->lr / sqrt(1 - s->rho), s->lr, s->eps, s->lr / s->eps,
                gv->start[0] - s->lr / s->eps * g1);
    return library_run(gv, s);
}

/* ---- 7. Adadelta ----------------------------------------------------------------------- */

/* Adadelta's steps, with Eg = E[g^2], Edw = E[dw^2], RMSdw = RMS[dw],
 * RMSg = RMS[g]:
 *     Eg_t = rho Eg_{t-1} + (1 - rho) g_t^2
 *     dw_t = -RMSdw_{t-1} / RMSg_t g_t,   RMSdw_{t-1} = sqrt(Edw_{t-1} + eps)
 *     Edw_t = rho Edw_{t-1} + (1 - rho) dw_t^2
 *     w_t = w_{t-1} + lr dw_t */
static void adadelta_by_hand(Sheet *sh, const Givens *gv, Hand *h)
{
    const OptimSpec *s = &gv->hand[OPTIM_ADADELTA];
    hand_start(sh, gv, "Eg#[0]", "Edw#[0]", h);
    given(sh, "lr", s->lr);
    given(sh, "rho", s->rho);
    given(sh, "eps", s->eps);
    for (int t = 1; t <= HAND_STEPS; t++) {
        const double *g = hand_grad(sh, gv, t, h);
        for (int i = 0; i < 2; i++) {
            double Eg = h->s[t - 1][i], Ed = h->s2[t - 1][i];
            double Eg_t = s->rho * Eg + (1 - s->rho) * g[i] * g[i];
            double rms_dw = sqrt(Ed + s->eps), rms_g = sqrt(Eg_t + s->eps);
            double dw = -rms_dw / rms_g * g[i];
            double Ed_t = s->rho * Ed + (1 - s->rho) * dw * dw;
            double w = h->w[t - 1][i], w_t = w + s->lr * dw;
            h->s[t][i] = Eg_t, h->s2[t][i] = Ed_t, h->w[t][i] = w_t;
            if (step_line(sh, i + 1, t, "Eg#[t]", "rho Eg#[t-1] + (1 - rho) g#[t]^2", Eg_t))
                hand_printf("%v x %v + %v x %s^2 = %v\n", s->rho, Eg, 1 - s->rho, fac(g[i]).s,
                            Eg_t);
            if (step_line(sh, i + 1, t, "RMSdw#[t-1]", "sqrt(Edw#[t-1] + eps)", rms_dw))
                hand_printf("sqrt(%v + %v) = %v\n", Ed, s->eps, rms_dw);
            if (step_line(sh, i + 1, t, "RMSg#[t]", "sqrt(Eg#[t] + eps)", rms_g))
                hand_printf("sqrt(%v + %v) = %v\n", Eg_t, s->eps, rms_g);
            if (step_line(sh, i + 1, t, "dw#[t]", "-RMSdw#[t-1] / RMSg#[t] x g#[t]", dw))
                hand_printf("-%v / %v x %s = %v\n", rms_dw, rms_g, fac(g[i]).s, dw);
            if (step_line(sh, i + 1, t, "Edw#[t]", "rho Edw#[t-1] + (1 - rho) dw#[t]^2", Ed_t))
                hand_printf("%v x %v + %v x %s^2 = %v\n", s->rho, Ed, 1 - s->rho, fac(dw).s,
                            Ed_t);
            if (step_line(sh, i + 1, t, "w#[t]", "w#[t-1] + lr dw#[t]", w_t))
                hand_printf("%v + %v x %s = %v\n", w, s->lr, fac(dw).s, w_t);
        }
    }
}

static int lecture_adadelta(const Givens *gv)
{
    const OptimSpec *s = &gv->hand[OPTIM_ADADELTA];
    hand_section(TITLE[7]);
    printf("Zeiler keeps RMSProp's E[g^2] and replaces eta by the RMS of the recent\n"
           "steps themselves, so that a step has the units of w:\n\n"
           "    E[g^2]_t  = rho E[g^2]_{t-1} + (1 - rho) g_t^2\n"
           "    dw_t      = - RMS[dw]_{t-1} / RMS[g]_t g_t,    RMS[x] = sqrt(E[x^2] + eps)\n"
           "    E[dw^2]_t = rho E[dw^2]_{t-1} + (1 - rho) dw_t^2\n"
           "    w_t       = w_{t-1} + lr dw_t\n\n"
           "The paper has no lr (lr = 1); Keras multiplies by one, with a default of\n"
           "0.001 that makes Adadelta crawl (section 11).\n\n");
    hand_printf("By hand, lr = %v, rho = %v, eps = %v, writing Eg for E[g^2], Edw for\n"
                "E[dw^2], RMSdw for RMS[dw] and RMSg for RMS[g]:\n", s->lr, s->rho, s->eps);
    say_names(7);
    Hand h;
    adadelta_by_hand(NULL, gv, &h);
    hand_printf("\nThe first step is sqrt(eps) / sqrt((1 - rho) g^2 + eps) g, about\n"
                "sqrt(eps / (1 - rho)) = %v per coordinate: Adadelta starts with tiny steps\n"
                "and speeds up only as E[dw^2] grows from them.\n",
                sqrt(s->eps / (1 - s->rho)));
    return library_run(gv, s);
}

/* ---- 8. Adam ------------------------------------------------------------------------------ */

/* Adam's steps, with c1[t] = 1 - beta1^t and c2[t] = 1 - beta2^t:
 *     m_t = beta1 m_{t-1} + (1 - beta1) g_t,      m_hat_t = m_t / c1[t]
 *     v_t = beta2 v_{t-1} + (1 - beta2) g_t^2,    v_hat_t = v_t / c2[t]
 *     w_t = w_{t-1} - alpha m_hat_t / (sqrt(v_hat_t) + eps) */
static void adam_by_hand(Sheet *sh, const Givens *gv, Hand *h)
{
    const OptimSpec *s = &gv->hand[OPTIM_ADAM];
    hand_start(sh, gv, "m#[0]", "v#[0]", h);
    given(sh, "alpha", s->lr);
    given(sh, "beta1", s->beta1);
    given(sh, "beta2", s->beta2);
    given(sh, "eps", s->eps);
    for (int t = 1; t <= HAND_STEPS; t++) {
        const double *g = hand_grad(sh, gv, t, h);
        double c1 = 1 - pow(s->beta1, t), c2 = 1 - pow(s->beta2, t);
        char f[SHEET_TEXT_LEN];
        snprintf(f, sizeof f, "1 - beta1^%d", t);
        if (step_line(sh, 1, t, "c1[t]", f, c1))
            hand_printf("%v\n", c1);
        snprintf(f, sizeof f, "1 - beta2^%d", t);
        if (step_line(sh, 2, t, "c2[t]", f, c2))
            hand_printf("%v\n", c2);
        for (int i = 0; i < 2; i++) {
            double m = h->s[t - 1][i], v = h->s2[t - 1][i];
            double m_t = s->beta1 * m + (1 - s->beta1) * g[i];
            double v_t = s->beta2 * v + (1 - s->beta2) * g[i] * g[i];
            double m_hat = m_t / c1, v_hat = v_t / c2;
            double d = s->lr * m_hat / (sqrt(v_hat) + s->eps);
            h->s[t][i] = m_t, h->s2[t][i] = v_t;
            if (step_line(sh, i + 1, t, "m#[t]", "beta1 m#[t-1] + (1 - beta1) g#[t]", m_t))
                hand_printf("%v x %s + %v x %s = %v\n", s->beta1, fac(m).s, 1 - s->beta1,
                            fac(g[i]).s, m_t);
            if (step_line(sh, i + 1, t, "m_hat#[t]", "m#[t] / c1[t]", m_hat))
                hand_printf("%v / %v = %v\n", m_t, c1, m_hat);
            if (step_line(sh, i + 1, t, "v#[t]", "beta2 v#[t-1] + (1 - beta2) g#[t]^2", v_t))
                hand_printf("%v x %v + %v x %s^2 = %v\n", s->beta2, v, 1 - s->beta2,
                            fac(g[i]).s, v_t);
            if (step_line(sh, i + 1, t, "v_hat#[t]", "v#[t] / c2[t]", v_hat))
                hand_printf("%v / %v = %v\n", v_t, c2, v_hat);
            if (step_line(sh, i + 1, t, "step#[t]", "alpha m_hat#[t] / (sqrt(v_hat#[t]) + eps)",
                          d))
                hand_printf("%v x %s / (%v + %v) = %v\n", s->lr, fac(m_hat).s, sqrt(v_hat),
                            s->eps, d);
            hand_move(sh, i, t, "step#[t]", d, h);
        }
    }
}

/* The bias correction's table: c1[t] and c2[t] for t up to 5000 (steps 1
 * and 2 are the worked ones, entered there). */
static void adam_corrections_by_hand(Sheet *sh, const Givens *gv)
{
    const OptimSpec *s = &gv->hand[OPTIM_ADAM];
    static const int ts[] = {1, 2, 3, 10, 100, 1000, 5000};
    if (!sh)
        hand_printf("    %6s  %14s  %14s\n", "t", "c1[t]", "c2[t]");
    for (int k = 0; k < 7; k++) {
        double c1 = 1 - pow(s->beta1, ts[k]), c2 = 1 - pow(s->beta2, ts[k]);
        char f[SHEET_TEXT_LEN];
        if (ts[k] > HAND_STEPS) {
            snprintf(f, sizeof f, "1 - beta1^%d", ts[k]);
            enter(sh, 1, ts[k], "c1[t]", f, c1);
            snprintf(f, sizeof f, "1 - beta2^%d", ts[k]);
            enter(sh, 2, ts[k], "c2[t]", f, c2);
        }
        if (!sh)
            hand_printf("    %6d  %14v  %14v\n", ts[k], c1, c2);
    }
}

/* w1's first step without the correction, from the worked m1[1] and v1[1]:
 * raw1[1] = alpha m1[1] / (sqrt(v1[1]) + eps). Returns it. */
static double adam_raw_by_hand(Sheet *sh, const Givens *gv, const Hand *h)
{
    const OptimSpec *s = &gv->hand[OPTIM_ADAM];
    double m1 = h->s[1][0], root_v1 = sqrt(h->s2[1][0]) + s->eps;
    double raw = s->lr * m1 / root_v1;
    if (step_line(sh, 1, 1, "raw#[t]", "alpha m#[t] / (sqrt(v#[t]) + eps)", raw))
        hand_printf("%v x %s / %v = %v,\n", s->lr, fac(m1).s, root_v1, raw);
    return raw;
}

static int lecture_adam(const Givens *gv)
{
    const OptimSpec *s = &gv->hand[OPTIM_ADAM];
    hand_section(TITLE[8]);
    printf("004 writes Adam as Kingma and Ba (2014) do, correctly:\n\n"
           "    m_t = beta1 m_{t-1} + (1 - beta1) g_t          EDA of g: the momentum\n"
           "    v_t = beta2 v_{t-1} + (1 - beta2) g_t^2        EDA of g^2: the RMSProp part\n"
           "    m_hat_t = m_t / (1 - beta1^t),   v_hat_t = v_t / (1 - beta2^t)\n"
           "    w_t = w_{t-1} - alpha m_hat_t / (sqrt(v_hat_t) + eps)\n\n"
           "(002's \"Momentum != RMSPROP\" is the OCR of Adam = momentum + RMSProp, and\n"
           "\"adaptive movement estimation\" is Adaptive MOMENT Estimation: m and v\n"
           "estimate the first and second moments of g.)\n\n");
    hand_printf("By hand, alpha = %v, beta1 = %v, beta2 = %v, eps = %v, writing c1[t] for\n"
                "1 - beta1^t and c2[t] for 1 - beta2^t:\n", s->lr, s->beta1, s->beta2, s->eps);
    say_names(8);
    Hand h;
    adam_by_hand(NULL, gv, &h);
    printf("\nThe bias correction. m and v start at 0, so for a constant gradient g,\n"
           "m_t = (1 - beta1^t) g and v_t = (1 - beta2^t) g^2: too small by exactly the\n"
           "factors Adam divides by. Corrected, m_hat = g and v_hat = g^2 from step 1:\n\n");
    adam_corrections_by_hand(NULL, gv);
    hand_printf("\nm's correction is gone after a few dozen steps; v's lasts thousands. The\n"
                "first step is alpha g / (|g| + eps) = alpha sign(g): %v in every coordinate,\n"
                "whatever the scale of g. Without the correction it would be, in w1,\n"
                "alpha (1 - beta1) g / (sqrt((1 - beta2) g^2) + eps), that is\n\n", s->lr);
    double raw = adam_raw_by_hand(NULL, gv, &h);
    hand_printf("\n%v times alpha: too %s by (1 - beta1) / sqrt(1 - beta2).\n",
                fabs(raw) / s->lr, fabs(raw) > s->lr ? "large" : "small");
    return library_run(gv, s);
}

/* ---- the worksheet: --check, --quiz ------------------------------------------------------ */

/* Sections 1 to 8 by name (--check, --quiz): each optimizer's givens and
 * steps under its section's heading and prefix (sgd/w1[1], adam/m_hat2[2]),
 * section 5's unrolled average under eda/ and its steps 3 and 4 of
 * momentum under momentum/. The same functions as the lecture's, so the
 * same values. */
static void fill_sheet(Sheet *sh, const Givens *gv)
{
    Hand h, mom;
    sheet_init(sh);
    sheet_heading(sh, TITLE[1]);
    sheet_namespace(sh, PREFIX[1]);
    sgd_by_hand(sh, gv, &h);
    sheet_heading(sh, TITLE[2]);
    sheet_namespace(sh, PREFIX[2]);
    momentum_by_hand(sh, gv, &mom);
    sheet_heading(sh, TITLE[3]);
    sheet_namespace(sh, PREFIX[3]);
    nesterov_by_hand(sh, gv, &h);
    sheet_heading(sh, TITLE[4]);
    sheet_namespace(sh, PREFIX[4]);
    adagrad_by_hand(sh, gv, &h);
    sheet_heading(sh, TITLE[5]);
    sheet_namespace(sh, PREFIX[5]);
    eda_by_hand(sh, gv->eda_rho);
    sheet_namespace(sh, PREFIX[2]);
    momentum_eda_by_hand(sh, gv, &mom);
    sheet_heading(sh, TITLE[6]);
    sheet_namespace(sh, PREFIX[6]);
    rmsprop_by_hand(sh, gv, &h);
    sheet_heading(sh, TITLE[7]);
    sheet_namespace(sh, PREFIX[7]);
    adadelta_by_hand(sh, gv, &h);
    sheet_heading(sh, TITLE[8]);
    sheet_namespace(sh, PREFIX[8]);
    adam_by_hand(sh, gv, &h);
    adam_corrections_by_hand(sh, gv);
    adam_raw_by_hand(sh, gv, &h);
    sheet_namespace(sh, "");
}

/* ---- 9. The race over four surfaces ----------------------------------------------------- */

/* One surface of the race: where the runs start, where the plot looks. */
typedef struct {
    const char *name;    /* file name: paths_NAME.png */
    const char *title;   /* for the tables */
    const char *the;     /* for the plot's title: "the bowl" */
    const char *formula; /* f as the tables print it */
    Surface s;
    double start[2];
    ChapterBox box;      /* the plot window */
    double top, ratio;   /* contour levels top, top / ratio, top / ratio^2, ... */
} Track;

/* sqrt(1/2), for turning the bowl's start by 45 degrees */
#define SQRT_HALF 0.70710678118654752440

/* The bowl's Hessian [[1, 0], [0, 20]] turned by 45 degrees is [[10.5, 9.5],
 * [9.5, 10.5]]: curvature 20 along (1, 1), 1 along (1, -1). Its start is the
 * bowl's (-4, 1) turned the same way: -4 (1, -1)/sqrt 2 + 1 (1, 1)/sqrt 2. */
static const Track TRACKS[N_TRACKS] = {
    {"bowl", "bowl", "the bowl", "1/2 (w1^2 + 20 w2^2)", {.kind = SURFACE_BOWL, .a = 1, .b = 20},
     {-4, 1}, {-4.6, 1.4, -1.6, 1.6}, 64, 2},
    {"turned", "turned bowl", "the bowl turned by 45 degrees",
     "1/2 (10.5 w1^2 + 2 x 9.5 w1 w2 + 10.5 w2^2)",
     {.kind = SURFACE_BOWL, .a = 10.5, .b = 10.5, .c = 9.5}, {-3 * SQRT_HALF, 5 * SQRT_HALF},
     {-4.0, 3.0, -2.5, 4.5}, 64, 2},
    {"rosenbrock", "rosenbrock", "Rosenbrock's valley", "(1 - w1)^2 + 100 (w2 - w1^2)^2",
     {.kind = SURFACE_ROSENBROCK, .a = 1, .b = 100}, {-1.2, 1}, {-1.6, 1.6, -0.4, 1.6}, 300, 3},
    {"saddle", "saddle", "the saddle", "w1^2 + 0.1 (w2^2 - 1)^2",
     {.kind = SURFACE_SADDLE, .a = 1, .b = 0.1}, {1.5, 1e-6}, {-1.8, 1.8, -1.6, 1.6}, 4, 2},
};

/* The learning rates every optimizer is tried with: 1e-4 to 3, a factor of
 * about 3 apart. */
static const double GRID[N_GRID] = {1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3};

/* One run of the race. */
typedef struct {
    int steps, reached, diverged;
    double f;
} Cell;

/* A track's results: every optimizer at every rate, and the chosen rate. */
typedef struct {
    Cell cell[N_KINDS][N_GRID];
    int best[N_KINDS];   /* index into GRID */
    int escape[N_KINDS]; /* saddle: the first step with |w2| > ESCAPE, or 0 */
} Race;

/* The rate an optimizer keeps: the smallest rate that gets f below TOL in
 * at most SLACK times the fewest steps any rate needs (the fastest rate
 * often sits at the edge of divergence); when no rate gets there, the one
 * with the lowest f after RACE_STEPS among the runs that did not diverge. */
static int choose(const Cell *c)
{
    int best = -1;
    for (int j = 0; j < N_GRID; j++)
        if (c[j].reached && (best < 0 || c[j].steps < c[best].steps))
            best = j;
    if (best >= 0) {
        for (int j = 0; j < N_GRID; j++)
            if (c[j].reached && c[j].steps <= SLACK * c[best].steps)
                return j;
    }
    for (int j = 0; j < N_GRID; j++)
        if (!c[j].diverged && (best < 0 || c[j].f < c[best].f))
            best = j;
    return best < 0 ? 0 : best;
}

/* Every optimizer at every rate of the grid on track t. */
static int race(const Track *t, Race *r)
{
    for (int k = 0; k < N_KINDS; k++) {
        for (int j = 0; j < N_GRID; j++) {
            SurfaceRun run;
            OptimSpec spec = {.kind = (OptimKind)k, .lr = GRID[j]};
            if (surface_descend(&t->s, &spec, t->start, RACE_STEPS, TOL, NULL, &run) != 0)
                return chapter_error("out of memory");
            r->cell[k][j] = (Cell){run.steps, run.reached, run.diverged, run.f};
        }
        r->best[k] = choose(r->cell[k]);
    }
    return CHAPTER_OK;
}

/* The run of kind k at its kept rate. */
static const Cell *kept(const Race *r, int k)
{
    return &r->cell[k][r->best[k]];
}

/* A kept run's steps for the text: "261", or "never". */
typedef struct {
    char s[24];
} Steps;

static Steps steps_of(const Race *r, int k)
{
    Steps st;
    snprintf(st.s, sizeof st.s, kept(r, k)->reached ? "%d" : "never", kept(r, k)->steps);
    return st;
}

/* The grid table of track t: steps, "-" (not within RACE_STEPS) or "div",
 * in brackets at the rate kept. */
static void print_grid(const Track *t, const Race *r)
{
    hand_printf("\n%s, f = %s,\nfrom (%v, %v):\n    %-9s", t->title, t->formula, t->start[0],
                t->start[1], "lr");
    for (int j = 0; j < N_GRID; j++)
        hand_printf(" %6v", GRID[j]);
    for (int k = 0; k < N_KINDS; k++) {
        hand_printf("\n    %-9s", optim_name(k));
        for (int j = 0; j < N_GRID; j++) {
            const Cell *c = &r->cell[k][j];
            char steps[16], text[24];
            snprintf(steps, sizeof steps, c->diverged ? "div" : c->reached ? "%d" : "-", c->steps);
            snprintf(text, sizeof text, j == r->best[k] ? "[%s]" : "%s", steps);
            hand_printf(" %6s", text);
        }
    }
    printf("\n");
}

/* The summary: each optimizer's kept rate and its steps on every track. */
static void print_summary(const Race *races)
{
    hand_printf("\n    %-9s", "");
    for (int t = 0; t < N_TRACKS; t++)
        hand_printf("  %14s", TRACKS[t].title);
    hand_printf("\n    %-9s", "optimizer");
    for (int t = 0; t < N_TRACKS; t++)
        hand_printf("  %6s %7s", "lr", "steps");
    for (int k = 0; k < N_KINDS; k++) {
        hand_printf("\n    %-9s", optim_name(k));
        for (int t = 0; t < N_TRACKS; t++)
            hand_printf("  %6v %7s", GRID[races[t].best[k]], steps_of(&races[t], k).s);
    }
    printf("\n");
}

/* The contour lines of track t's f over its box. */
static void plot_track_contours(Plot *pl, const Track *t)
{
    enum { N = 201, LEVELS = 16 };
    double *z = malloc((size_t)N * N * sizeof *z);
    if (!z) {
        plot_fail(pl, "out of memory for a %d x %d grid", N, N);
        return;
    }
    const ChapterBox *b = &t->box;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            z[i * N + j] = surface_value(&t->s, b->x0 + j * (b->x1 - b->x0) / (N - 1),
                                         b->y0 + i * (b->y1 - b->y0) / (N - 1));
    double levels[LEVELS + 1];
    int n = 0;
    for (int k = 0; k < LEVELS; k++)
        levels[n++] = t->top * pow(t->ratio, -k);
    if (t->s.kind == SURFACE_SADDLE)
        levels[n++] = t->s.b; /* the level through the saddle point: a cross */
    plot_contour(pl, &(PlotGrid){b->x0, b->x1, b->y0, b->y1, N, N, z}, levels, n,
                 "contours of f (each a factor apart)");
    free(z);
}

/* Distinct colours and markers for the seven, in OptimKind order. */
static const char *const KIND_STYLE[N_KINDS] = {
    "linespoints pt 7 ps 0.35 lw 1.5 lc rgb '#222222'",
    "linespoints pt 5 ps 0.35 lw 1.5 lc rgb '#2e6fb5'",
    "linespoints pt 9 ps 0.4 lw 1.5 lc rgb '#17a2b8'",
    "linespoints pt 11 ps 0.4 lw 1.5 lc rgb '#27ae60'",
    "linespoints pt 13 ps 0.4 lw 1.5 lc rgb '#8e44ad'",
    "linespoints pt 3 ps 0.4 lw 1.5 lc rgb '#e67e22'",
    "linespoints pt 2 ps 0.4 lw 2 lc rgb '#c0392b'",
};

/* paths_NAME.png: contours and the seven paths at their kept rates, and
 * the steps at which they leave the saddle into r->escape. path has room
 * for 4 (RACE_STEPS + 1) doubles: the points, then their x and y columns. */
static int plot_paths(Plotter *plotter, const Track *t, Race *r, double *path)
{
    char title[160], name[48], settings[200];
    snprintf(title, sizeof title, "The seven optimizers on %s, each at its kept learning rate",
             t->the);
    snprintf(name, sizeof name, "paths_%s", t->name);
    Plot *pl = plot_begin(plotter, name, &(PlotSpec){
        .title = title, .xlabel = "w1", .ylabel = "w2", .width = 1300, .height = 650,
        .settings = chapter_box_settings(settings, sizeof settings, &t->box,
                                         "set key outside right")});
    plot_track_contours(pl, t);
    double *x = path + 2 * (RACE_STEPS + 1), *y = x + RACE_STEPS + 1;
    for (int k = 0; k < N_KINDS; k++) {
        SurfaceRun run;
        OptimSpec spec = {.kind = (OptimKind)k, .lr = GRID[r->best[k]]};
        if (surface_descend(&t->s, &spec, t->start, RACE_STEPS, TOL, path, &run) != 0) {
            plot_end(pl);
            return chapter_error("out of memory");
        }
        r->escape[k] = 0;
        for (int s = 0; s <= run.steps; s++) {
            x[s] = path[2 * s], y[s] = path[2 * s + 1];
            if (!r->escape[k] && fabs(y[s]) > ESCAPE)
                r->escape[k] = s;
        }
        char legend[80], rate[32];
        snprintf(legend, sizeof legend,
                 run.reached ? "%s, lr %s: %d steps" : "%s, lr %s: not there in %d",
                 optim_name(k), hand_fmt(rate, sizeof rate, spec.lr), run.steps);
        plot_series(pl, legend, KIND_STYLE[k], x, y, run.steps + 1);
    }
    int two = t->s.kind == SURFACE_SADDLE; /* the saddle has two minima */
    double min[2];
    surface_minimum(&t->s, min);
    plot_series(pl, "start", "points pt 5 ps 1.8 lc rgb '#111111'", &t->start[0], &t->start[1], 1);
    plot_series(pl, two ? "minima (f = 0)" : "minimum (f = 0)",
                "points pt 3 ps 2.5 lw 2 lc rgb '#111111'", (double[]){min[0], min[0]},
                (double[]){min[1], -min[1]}, two ? 2 : 1);
    plot_end(pl);
    return CHAPTER_OK;
}

/* lr_grid.png: steps to the bottom of the bowl against the learning rate. */
static void plot_lr_grid(Plotter *plotter, const Race *r)
{
    Plot *pl = plot_begin(plotter, "lr_grid", &(PlotSpec){
        .title = "Steps to f < 1e-6 on the bowl at each learning rate of the grid (missing: never)",
        .xlabel = "learning rate", .ylabel = "steps to f(w) < 1e-6",
        .settings = "set logscale xy\nset key outside right Left reverse\nset grid\n"
                    "set yrange [1:10000]",
        .width = 1100});
    for (int k = 0; k < N_KINDS; k++) {
        double x[N_GRID], y[N_GRID];
        int n = 0;
        for (int j = 0; j < N_GRID; j++)
            if (r->cell[k][j].reached)
                x[n] = GRID[j], y[n++] = r->cell[k][j].steps;
        char legend[48];
        snprintf(legend, sizeof legend, n ? "%s" : "%s (never)", optim_name(k));
        plot_series(pl, legend, KIND_STYLE[k], x, y, n);
    }
    plot_end(pl);
}

/* What the race showed, surface by surface, from its numbers. */
static void print_findings(const Race *races)
{
    const Race *bowl = &races[0], *turned = &races[1], *rosen = &races[2], *sad = &races[3];
    hand_printf("\nWhat the tables show:\n\n"
                "- On the bowl, Adagrad and RMSProp are far ahead (%s and %s steps): dividing\n"
                "  each weight's step by the size of its own gradients makes a bowl whose\n"
                "  axes are the weights round. Turned by 45 degrees, the bowl takes SGD,\n"
                "  momentum and Nesterov exactly as many steps as before (%s, %s, %s: their\n"
                "  rules do not care which way the axes point), but not Adagrad (%s steps\n"
                "  instead of %s) nor RMSProp (%s instead of %s): rates per weight cannot\n"
                "  undo a narrowness along a diagonal.\n",
                steps_of(bowl, OPTIM_ADAGRAD).s, steps_of(bowl, OPTIM_RMSPROP).s,
                steps_of(turned, OPTIM_SGD).s, steps_of(turned, OPTIM_MOMENTUM).s,
                steps_of(turned, OPTIM_NESTEROV).s, steps_of(turned, OPTIM_ADAGRAD).s,
                steps_of(bowl, OPTIM_ADAGRAD).s, steps_of(turned, OPTIM_RMSPROP).s,
                steps_of(bowl, OPTIM_RMSPROP).s);
    hand_printf("- Rosenbrock's valley: within %d steps only these get below %v:\n ",
                RACE_STEPS, TOL);
    for (int k = 0, n = 0; k < N_KINDS; k++)
        if (kept(rosen, k)->reached)
            hand_printf("%s %s", n++ ? "," : "", optim_name(k));
    hand_printf(". The floor of the valley is nearly flat\n"
                "  and curved: the gradient there is tiny, and a rate large enough to follow\n"
                "  it throws the path against the steep walls. Velocity (momentum, Adam's m)\n"
                "  keeps the path moving along the floor.\n");
    hand_printf("- The saddle: near (0, 0) the gradient all but vanishes. The first step\n"
                "  with |w2| > %v comes after %d steps of SGD, %d of momentum, %d of\n"
                "  Nesterov; after %d of Adagrad, %d of RMSProp, %d of Adam: each divides\n"
                "  the tiny g2 by its own size and leaves the saddle at once.\n",
                ESCAPE, sad->escape[OPTIM_SGD], sad->escape[OPTIM_MOMENTUM],
                sad->escape[OPTIM_NESTEROV], sad->escape[OPTIM_ADAGRAD],
                sad->escape[OPTIM_RMSPROP], sad->escape[OPTIM_ADAM]);
    hand_printf("- Adadelta gets there only on the saddle (%s steps): its steps start at\n"
                "  sqrt(eps / (1 - rho)) = %v and grow only as fast as its own memory.\n",
                steps_of(sad, OPTIM_ADADELTA).s, sqrt(1e-7 / (1 - 0.95)));
}

/* variant: --variant's N (the race keeps the notes' bowl and start) */
static int lecture_race(Plotter *plotter, Race *races, unsigned long long variant)
{
    hand_section("9. Seven optimizers on four surfaces");
    if (variant)
        printf("The race keeps the notes' bowl and start (variant 0), not the drawn ones.\n");
    hand_printf("Each optimizer runs from the same start on four surfaces: the bowl of\n"
                "sections 1-8; the same bowl turned by 45 degrees (its axes no longer the\n"
                "weights); Rosenbrock's valley, curved with a flat floor; and a saddle point\n"
                "at (0, 0) between two minima at (0, -1) and (0, 1), with a start only %v off\n"
                "the ridge w2 = 0. Every minimum is f = 0.\n\n"
                "Fair learning rates: every optimizer is tried with the same grid of %d\n"
                "rates, %v to %v (each about 3 times the one before), and keeps, per\n"
                "surface, the smallest rate that brings f(w) below %v in at most %v times\n"
                "the fewest steps any rate needs (the very fastest rate often sits at the\n"
                "edge of divergence); when no rate gets there, the one with the lowest f\n"
                "after %d steps. Every other setting is Keras' default (momentum 0.9, rho\n"
                "0.9 and 0.95, beta1 0.9, beta2 0.999, eps 1e-7).\n\n"
                "Steps to f < %v at each rate (\"-\": not within %d steps; \"div\": diverged;\n"
                "in brackets: the rate kept):\n",
                TRACKS[3].start[1], N_GRID, GRID[0], GRID[N_GRID - 1], TOL, SLACK, RACE_STEPS,
                TOL, RACE_STEPS);
    for (int t = 0; t < N_TRACKS; t++) {
        if (race(&TRACKS[t], &races[t]) != 0)
            return CHAPTER_ERROR;
        print_grid(&TRACKS[t], &races[t]);
    }
    printf("\nEach at the rate it kept:\n");
    print_summary(races);
    double *path = malloc(4 * (size_t)(RACE_STEPS + 1) * sizeof *path);
    int rc = path ? CHAPTER_OK : chapter_error("out of memory");
    for (int t = 0; t < N_TRACKS && rc == CHAPTER_OK; t++)
        rc = plot_paths(plotter, &TRACKS[t], &races[t], path);
    free(path);
    if (rc != CHAPTER_OK)
        return rc;
    plot_lr_grid(plotter, &races[0]);
    print_findings(races);
    return CHAPTER_OK;
}

/* ---- the digits ------------------------------------------------------------------------ */

/* The data of sections 10 and 11, scaled to [0, 1] by the training set's
 * largest value per column (so a 0, no ink, stays 0). */
typedef struct {
    Mat *X_train, *y_train, *X_test, *y_test; /* (m x n), (m x 1) class indices */
    int classes;
    double *ink;      /* n: the fraction of training rows where column j is not 0 */
    const char *name; /* "the digits", or the --data file */
    const char *file; /* "the digits", or the --data file's name without its folders */
    int own;          /* the data came from --data: speak of rows and columns, not ink */
    char own_name[600]; /* --data: "PATH (features a, b, c; the class in y)" */
} Digits;

/* own ? yours : digits: the lecture's words for the digits, or for the
 * student's own file (which has no pixels, no ink and no images). */
static const char *say(const Digits *d, const char *digits, const char *yours)
{
    return d->own ? yours : digits;
}

static void digits_free(Digits *d)
{
    mat_free(d->X_train);
    mat_free(d->y_train);
    mat_free(d->X_test);
    mat_free(d->y_test);
    free(d->ink);
}

/* Split csv's rows (shuffled by rng) into training and test rows, scale.
 * path names the file in messages; fewer than MIN_ROWS rows is an error. */
static int digits_prepare(Digits *d, const DataXY *csv, const char *path, Rng *rng)
{
    if (csv->X->rows < MIN_ROWS)
        return chapter_error("%s: %d rows; sections 10 and 11 need at least %d", path,
                             csv->X->rows, MIN_ROWS);
    DataSplit s;
    if (data_split(&s, rng, csv->X, csv->y, TEST_FRACTION) != 0)
        return chapter_error("out of memory");
    int own = strcmp(path, DEFAULT_DATA) != 0;
    const char *slash = strrchr(path, '/');
    *d = (Digits){s.X_train, s.y_train, s.X_test, s.y_test, csv->classes, NULL,
                  own ? path : "the digits", own ? (slash ? slash + 1 : path) : "the digits", own,
                  ""};
    if (own) { /* the file's own words: its columns, at most MAX_NAMED of the features */
        const char *const *names = (const char *const *)csv->table.names;
        int len = snprintf(d->own_name, sizeof d->own_name, "%s (feature%s", path,
                           csv->n_features > 1 ? "s" : "");
        for (int j = 0; j < csv->n_features && j < MAX_NAMED && len < (int)sizeof d->own_name; j++)
            len += snprintf(d->own_name + len, sizeof d->own_name - (size_t)len, "%s%s",
                            j ? ", " : " ", names[csv->features[j]]);
        if (len < (int)sizeof d->own_name)
            snprintf(d->own_name + len, sizeof d->own_name - (size_t)len, "%s; the class in %s)",
                     csv->n_features > MAX_NAMED ? ", ..." : "", names[csv->target]);
        d->name = d->own_name;
    }
    int n = d->X_train->cols;
    d->ink = calloc((size_t)n, sizeof *d->ink);
    if (!d->ink) {
        digits_free(d);
        return chapter_error("out of memory");
    }
    for (int j = 0; j < n; j++) {
        double most = 0.0;
        for (int i = 0; i < d->X_train->rows; i++) {
            double x = fabs(MAT_AT(d->X_train, i, j));
            most = x > most ? x : most;
            d->ink[j] += x != 0.0;
        }
        d->ink[j] /= d->X_train->rows;
        double scale = most > 0 ? 1.0 / most : 1.0;
        for (int i = 0; i < d->X_train->rows; i++)
            MAT_AT(d->X_train, i, j) *= scale;
        for (int i = 0; i < d->X_test->rows; i++)
            MAT_AT(d->X_test, i, j) *= scale;
    }
    return CHAPTER_OK;
}

static const Loss CCE = {.kind = LOSS_SPARSE_CCE};

/* The MLP: n inputs -> HIDDEN ReLU -> classes softmax, He uniform weights
 * drawn from a generator seeded with seed (the same net for every run). */
static Net *digits_net(const Digits *d, uint64_t seed)
{
    Net *net = net_new(d->X_train->cols, BATCH);
    if (!net || net_add(net, HIDDEN, act_of(ACT_RELU)) != 0 ||
        net_add(net, d->classes, act_of(ACT_SOFTMAX)) != 0) {
        net_free(net);
        return NULL;
    }
    Rng rng;
    rng_seed(&rng, seed);
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, &rng);
    return net;
}

/* ---- 10. Adagrad's learning rate falls --------------------------------------------------- */

/* One optimizer's effective learning rates, recorded during training. */
typedef struct {
    int n;                      /* records */
    double step[MAX_RECORD];    /* the step number */
    double median[MAX_RECORD];  /* median over the first layer's weights */
    int last_step;              /* the step of the last record */
    double fall_all, fall_late; /* the record at step 1 and at RATE_FROM over the
                                 * last one (above 1: the rate fell) */
    double rare, common;        /* at the end: the median over the weights of
                                 * rarely and of often inked inputs */
    int n_rare, n_common;       /* how many inputs each */
} EffLr;

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of the effective rates of first-layer weights (params[W], Wm)
 * whose input's ink fraction is in [lo, hi] and not 0 (an input that is
 * always 0 gets no gradient and is never stepped); *count gets the number
 * of inputs. buf has room for every weight of Wm. */
static double median_rate(const Optim *opt, int W, const Mat *Wm, const double *ink, double lo,
                          double hi, double *buf, int *count)
{
    int n = 0;
    *count = 0;
    for (int i = 0; i < Wm->rows; i++) {
        if (ink[i] == 0.0 || ink[i] < lo || ink[i] > hi)
            continue;
        (*count)++;
        for (int j = 0; j < Wm->cols; j++)
            buf[n++] = optim_effective_lr(opt, W, (long)i * Wm->cols + j);
    }
    if (n == 0)
        return NAN;
    qsort(buf, (size_t)n, sizeof *buf, by_value);
    return n % 2 ? buf[n / 2] : 0.5 * (buf[n / 2 - 1] + buf[n / 2]);
}

/* The record at (or last before) step s. */
static double rate_at(const EffLr *e, int s)
{
    int k = 0;
    while (k + 1 < e->n && e->step[k + 1] <= s)
        k++;
    return e->median[k];
}

/* Train the digits MLP with kind at EFF_LR for EFF_EPOCHS epochs, batches
 * of BATCH rows in order (the split has shuffled them): net_fit on one
 * batch at a time, with an optimizer made here so that its state carries
 * over and can be read after each step (steps 1 to 10, then every fifth). */
static int measure_rates(const Digits *d, OptimKind kind, uint64_t seed, EffLr *out)
{
    Net *net = digits_net(d, seed);
    Optim *opt = net ? optim_new(&(OptimSpec){.kind = kind, .lr = EFF_LR}, net->params,
                                 net->n_params)
                     : NULL;
    Param *W = net ? net_param(net, "dense/W") : NULL;
    double *buf = W ? malloc((size_t)(W->value->rows * W->value->cols) * sizeof *buf) : NULL;
    int rc = opt && buf ? CHAPTER_OK : chapter_error("out of memory");
    int iW = W ? (int)(W - net->params) : 0, m = d->X_train->rows, step = 0, count;
    FitResult res;
    out->n = 0;
    for (int epoch = 0; epoch < EFF_EPOCHS && rc == CHAPTER_OK; epoch++)
        for (int first = 0; first < m && rc == CHAPTER_OK; first += BATCH) {
            int rows = m - first < BATCH ? m - first : BATCH;
            Mat Xb = mat_cview_rows(d->X_train, first, rows);
            Mat Yb = mat_cview_rows(d->y_train, first, rows);
            if (net_fit(net, &CCE, &Xb, &Yb, &(FitSpec){.epochs = 1, .optimizer = opt}, &res))
                rc = chapter_error("%s", res.message);
            else if ((++step <= 10 || step % 5 == 0) && out->n < MAX_RECORD) {
                out->step[out->n] = step;
                out->median[out->n++] = median_rate(opt, iW, W->value, d->ink, 0.0, 1.0, buf,
                                                    &count);
            }
        }
    if (rc == CHAPTER_OK) {
        out->last_step = (int)out->step[out->n - 1];
        out->fall_all = rate_at(out, 1) / out->median[out->n - 1];
        out->fall_late = rate_at(out, RATE_FROM) / out->median[out->n - 1];
        out->rare = median_rate(opt, iW, W->value, d->ink, 0.0, RARE, buf, &out->n_rare);
        out->common = median_rate(opt, iW, W->value, d->ink, COMMON, 1.0, buf, &out->n_common);
    }
    free(buf);
    optim_free(opt);
    net_free(net);
    return rc;
}

static void plot_rates(Plotter *plotter, const Digits *d, const EffLr *ada, const EffLr *rms)
{
    char title[400];
    snprintf(title, sizeof title,
             "Effective learning rate per weight (median, first layer) on %s, lr = 0.01", d->file);
    Plot *pl = plot_begin(plotter, "effective_lr", &(PlotSpec){
        .title = title,
        .xlabel = "step (batch of 32)", .ylabel = "eta / sqrt(G + eps), eta / sqrt(E[g^2] + eps)",
        .settings = "set logscale xy\nset key top right\nset grid", .width = 1000});
    plot_series(pl, "Adagrad: G sums every g^2, so the rate only falls", KIND_STYLE[OPTIM_ADAGRAD],
                ada->step, ada->median, ada->n);
    plot_series(pl, "RMSProp: E[g^2] forgets, the rate stays up", KIND_STYLE[OPTIM_RMSPROP],
                rms->step, rms->median, rms->n);
    plot_end(pl);
}

static int lecture_rates(Plotter *plotter, const Digits *d, uint64_t seed, EffLr *eff)
{
    hand_section("10. Adagrad's learning rate shrinks; RMSProp's does not");
    EffLr *ada = &eff[0], *rms = &eff[1];
    if (measure_rates(d, OPTIM_ADAGRAD, seed, ada) != 0 ||
        measure_rates(d, OPTIM_RMSPROP, seed, rms) != 0)
        return CHAPTER_ERROR;
    hand_printf("The MLP of section 11 (%d inputs -> %d ReLU -> %d softmax) trains on\n"
                "%s for %d epochs, batches of %d rows in order, with Adagrad and with\n"
                "RMSProp at the same eta = %v. After each step optim_effective_lr gives each\n"
                "weight's rate, eta / sqrt(G + eps) or eta / sqrt(E[g^2] + eps); the median\n"
                "over the first layer's %d weights:\n\n",
                d->X_train->cols, HIDDEN, d->classes, d->name, EFF_EPOCHS, BATCH, EFF_LR,
                d->X_train->cols * HIDDEN);
    hand_printf("    %6s  %14s  %14s\n", "step", "Adagrad", "RMSProp");
    static const int shown[] = {1, 2, 5, 10, 20, 50, 100};
    for (int k = 0; k < 7 && shown[k] < ada->last_step; k++)
        hand_printf("    %6d  %14v  %14v\n", shown[k], rate_at(ada, shown[k]), rate_at(rms, shown[k]));
    hand_printf("    %6d  %14v  %14v\n", ada->last_step, ada->median[ada->n - 1],
                rms->median[rms->n - 1]);
    hand_printf("\nBoth start high: the first gradients are small, and RMSProp's E[g^2] holds\n"
                "only (1 - rho) g^2 after one step. Then they part. From step %d to step\n"
                "%d Adagrad's rate falls %v-fold (%v-fold since step 1): G_t\n"
                "grows about in proportion to t, so the rate falls like 1 / sqrt(t), a line\n"
                "of slope -1/2 on effective_lr.png. 002: \"when iterations increase,\n"
                "alpha_t increases, eta is very small\". RMSProp's rate over the same steps\n"
                "changes by a factor of %v: its average forgets, so the rate settles\n"
                "where the recent gradients put it.\n\n",
                RATE_FROM, ada->last_step, ada->fall_late, ada->fall_all, 1 / rms->fall_late);
    if (!d->own)
        hand_printf("002's reason for a rate per weight, on Adagrad's final G: the %d inputs\n"
                    "(pixels) with ink in at most %v of the training images have weights with\n"
                    "a median rate of %v; the %d with ink in at least %v of them,\n"
                    "%v. A rarely active input gets fewer gradients, so its weights\n"
                    "keep %v times larger steps. (The always-blank pixels get no\n"
                    "gradient at all and are left out.)\n",
                    ada->n_rare, RARE, ada->rare, ada->n_common, COMMON, ada->common,
                    ada->rare / ada->common);
    else if (ada->n_rare == 0 || ada->n_common == 0)
        hand_printf("002's reason for a rate per weight is sparse inputs: a rarely active input\n"
                    "gets fewer gradients, so its weights keep larger steps. %s has %d\n"
                    "columns that are not 0 in at most %v of the training rows and %d that\n"
                    "are not 0 in at least %v of them, so it cannot show that.\n",
                    d->file, ada->n_rare, RARE, ada->n_common, COMMON);
    else
        hand_printf("002's reason for a rate per weight, on Adagrad's final G: the %d columns\n"
                    "of %s that are not 0 in at most %v of the training rows have weights\n"
                    "with a median rate of %v; the %d not 0 in at least %v of them,\n"
                    "%v. A rarely active input gets fewer gradients, so its weights\n"
                    "keep %v times larger steps. (Columns that are always 0 get no\n"
                    "gradient at all and are left out.)\n",
                    ada->n_rare, d->file, RARE, ada->rare, ada->n_common, COMMON, ada->common,
                    ada->rare / ada->common);
    plot_rates(plotter, d, ada, rms);
    return CHAPTER_OK;
}

/* ---- 11. The seven on the digits ----------------------------------------------------------- */

/* Keras' default learning rates (optim.h's table). */
static const double KERAS_LR[N_KINDS] = {0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 0.001};

#define N_DIGITS_GRID 7
static const double DIGITS_GRID[N_DIGITS_GRID] = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1};

/* The best rate of DIGITS_GRID for each optimizer: the lowest validation
 * loss after EPOCHS epochs, as --tune finds it with the default seed and
 * data (--tune prints the search and uses its own results). */
static const double TUNED_LR[N_KINDS] = {0.3, 0.03, 0.1, 0.1, 1, 0.01, 0.03};

/* One training run on the digits. */
typedef struct {
    double lr;
    double loss[MAX_EPOCHS]; /* training loss per epoch */
    FitResult fit;           /* epochs completed, diverged and why */
    double start_loss;       /* the training loss at the initial weights */
    double eval_loss;        /* the loss on the evaluation rows at the end */
    double accuracy;         /* on the evaluation rows */
    double seconds;          /* wall time of net_fit (printed only with --timing) */
} DigitsRun;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* Train a fresh copy of the MLP with net_fit (the same initial weights and
 * the same shuffles for every run) on X, y; evaluate on Xe, ye. A run that
 * diverges is reported in r->fit, not as an error. */
static int digits_fit(const Digits *d, const Mat *X, const Mat *y, const Mat *Xe, const Mat *ye,
                      OptimKind kind, double lr, int epochs, uint64_t seed, DigitsRun *r)
{
    Net *net = digits_net(d, seed);
    if (!net)
        return chapter_error("out of memory");
    Rng shuffle;
    rng_seed(&shuffle, seed + 1);
    *r = (DigitsRun){.lr = lr, .start_loss = net_cost(net, &CCE, X, y)};
    double t0 = now();
    int rc = net_fit(net, &CCE, X, y, &(FitSpec){
        .epochs = epochs, .batch_size = BATCH, .shuffle = &shuffle, .history = r->loss,
        .optim = &(OptimSpec){.kind = kind, .lr = lr}}, &r->fit);
    r->seconds = now() - t0;
    if (rc != 0 && !r->fit.diverged) {
        net_free(net);
        return chapter_error("%s", r->fit.message);
    }
    r->eval_loss = r->fit.diverged ? INFINITY : net_cost(net, &CCE, Xe, ye);
    r->accuracy = r->fit.diverged ? NAN : net_accuracy(net, &CCE, Xe, ye);
    net_free(net);
    return CHAPTER_OK;
}

/* --tune: every optimizer at every rate of DIGITS_GRID, trained on the first
 * rows of the training set and judged on its last VAL_FRACTION; writes the
 * best rate of each into lr. */
static int tune(const Digits *d, int epochs, uint64_t seed, double *lr)
{
    int m = d->X_train->rows, m_val = (int)lround(VAL_FRACTION * m);
    Mat Xt = mat_cview_rows(d->X_train, 0, m - m_val), yt = mat_cview_rows(d->y_train, 0, m - m_val);
    Mat Xv = mat_cview_rows(d->X_train, m - m_val, m_val);
    Mat yv = mat_cview_rows(d->y_train, m - m_val, m_val);
    hand_printf("--tune: the validation loss after %d epochs (trained on %d rows, judged on\n"
                "the other %d; \"div\": diverged):\n\n    %-9s", epochs, m - m_val, m_val, "lr");
    for (int j = 0; j < N_DIGITS_GRID; j++)
        hand_printf(" %11v", DIGITS_GRID[j]);
    printf("   best\n");
    for (int k = 0; k < N_KINDS; k++) {
        double best = INFINITY;
        hand_printf("    %-9s", optim_name(k));
        for (int j = 0; j < N_DIGITS_GRID; j++) {
            DigitsRun r;
            if (digits_fit(d, &Xt, &yt, &Xv, &yv, (OptimKind)k, DIGITS_GRID[j], epochs, seed, &r))
                return CHAPTER_ERROR;
            if (r.fit.diverged)
                hand_printf(" %11s", "div");
            else
                hand_printf(" %11v", r.eval_loss);
            if (r.eval_loss < best)
                best = r.eval_loss, lr[k] = DIGITS_GRID[j];
        }
        hand_printf("   %v%s\n", lr[k], lr[k] == TUNED_LR[k] ? "" : " (differs from TUNED_LR)");
    }
    printf("\n");
    return CHAPTER_OK;
}

static void plot_digits(Plotter *plotter, const char *name, const char *title, const DigitsRun *runs)
{
    ChapterCurve curves[N_KINDS];
    char legend[N_KINDS][64];
    for (int k = 0; k < N_KINDS; k++) {
        char lr[32];
        snprintf(legend[k], sizeof legend[k], "%s, lr %s", optim_name(k),
                 hand_fmt(lr, sizeof lr, runs[k].lr));
        curves[k] = (ChapterCurve){.legend = legend[k], .y = runs[k].loss, .n = runs[k].fit.epochs,
                                   .first = 1, .style = KIND_STYLE[k]};
    }
    chapter_plot_curves(plotter, name, &(PlotSpec){
        .title = title, .xlabel = "epoch", .ylabel = "training loss (cross-entropy, log scale)",
        .settings = "set logscale y\nset key outside right\nset grid", .width = 1100}, curves,
        N_KINDS);
}

/* The seven at the rates lr[]. When the rate came from --lr (lr_flag), a
 * run that diverges is an error: its loss became inf or NaN (net_fit
 * stops), or, the cross-entropy being clamped and so finite, its loss ended
 * above where it started. Without --lr a divergence is a result. */
static int digits_runs(const Digits *d, const double *lr, int epochs, uint64_t seed, DigitsRun *runs,
                       int lr_flag)
{
    for (int k = 0; k < N_KINDS; k++) {
        DigitsRun *r = &runs[k];
        if (digits_fit(d, d->X_train, d->y_train, d->X_test, d->y_test, (OptimKind)k, lr[k], epochs,
                       seed, r) != 0)
            return CHAPTER_ERROR;
        if (lr_flag && r->fit.diverged)
            return chapter_error("%s with --lr %g diverged: %s", optim_name(k), lr[k],
                                 r->fit.message);
        if (lr_flag && r->loss[r->fit.epochs - 1] > r->start_loss)
            return chapter_error("%s with --lr %g diverged: the training loss rose from %.4g to "
                                 "%.4g in %d epochs; try a smaller --lr",
                                 optim_name(k), lr[k], r->start_loss, r->loss[r->fit.epochs - 1],
                                 r->fit.epochs);
    }
    return CHAPTER_OK;
}

/* One table of the seven runs: rate, final training loss, held-out accuracy. */
static void print_runs(const char *title, const DigitsRun *runs, int timing)
{
    hand_printf("%s\n\n    %-9s  %7s  %14s  %14s  %9s%s\n", title, "optimizer", "lr", "loss",
                "accuracy", "state", timing ? "  seconds" : "");
    for (int k = 0; k < N_KINDS; k++) {
        const DigitsRun *r = &runs[k];
        hand_printf("    %-9s  %7v  ", optim_name(k), r->lr);
        if (r->fit.diverged)
            hand_printf("%14s  %14s", "diverged", "-");
        else
            hand_printf("%14v  %14v", r->loss[r->fit.epochs - 1], r->accuracy);
        hand_printf("  %9d", STATE_PER_WEIGHT[k]);
        if (timing)
            printf("  %7.3f", r->seconds);
        printf("\n");
    }
}

/* The rank (1: best) of run k's accuracy among the seven. */
static int rank_of(const DigitsRun *runs, int k)
{
    int rank = 1;
    for (int j = 0; j < N_KINDS; j++)
        rank += runs[j].accuracy > runs[k].accuracy;
    return rank;
}

/* The seven at Keras' default rates and at their best (or --lr's) rates. */
typedef struct {
    DigitsRun def[N_KINDS], best[N_KINDS];
} DigitsResults;

/* Section 11's settings, set by the flags. */
typedef struct {
    int epochs;    /* --epochs */
    double lr;     /* --lr, one rate for all seven; NAN: each its TUNED_LR */
    int tune;      /* --tune: search the rates again first (without --lr) */
    int timing;    /* --timing */
    uint64_t seed; /* the nets' weights and shuffles */
} DigitsSpec;

static int lecture_digits(Plotter *plotter, const Digits *d, const DigitsSpec *o,
                          DigitsResults *res)
{
    int epochs = o->epochs, lr_flag = !isnan(o->lr);
    char heading[400];
    snprintf(heading, sizeof heading, "11. The seven train one MLP on %s", d->file);
    hand_section(heading);
    hand_printf("Data: %s, %d training and %d held-out rows, each column divided by its\n"
                "largest value in the training rows, so that 0%s stays\n"
                "0. The MLP: %d inputs -> %d ReLU -> %d softmax, He uniform weights (the\n"
                "same for every run), sparse categorical cross-entropy, batches of %d\n"
                "shuffled the same way for every run, %d epochs of net_fit. Twice: at\n"
                "Keras' default learning rates, and at each optimizer's best rate of the\n"
                "grid",
                d->name, d->X_train->rows, d->X_test->rows, say(d, " (a pixel without ink)", ""),
                d->X_train->cols, HIDDEN, d->classes, BATCH, epochs);
    for (int j = 0; j < N_DIGITS_GRID; j++)
        hand_printf("%s%v", j ? ", " : " ", DIGITS_GRID[j]);
    printf(": the one with the lowest loss on a\n"
           "validation fifth of the training rows after the same training (found with\n"
           "--tune, which repeats the search).\n\n");
    double lr[N_KINDS];
    for (int k = 0; k < N_KINDS; k++)
        lr[k] = lr_flag ? o->lr : TUNED_LR[k];
    if ((o->tune && !lr_flag && tune(d, epochs, o->seed, lr) != 0) ||
        digits_runs(d, KERAS_LR, epochs, o->seed, res->def, 0) != 0 ||
        digits_runs(d, lr, epochs, o->seed, res->best, lr_flag) != 0)
        return CHAPTER_ERROR;
    hand_printf("The training loss after epoch %d, the accuracy on the %d held-out rows, and\n"
                "the numbers of state each optimizer keeps per weight:\n\n", epochs,
                d->X_test->rows);
    print_runs("At Keras' default learning rates:", res->def, o->timing);
    printf("\n");
    print_runs(lr_flag ? "At the rate given by --lr:" : "At each one's best rate of the grid:",
               res->best, o->timing);
    if (!o->timing)
        printf("\nThe time of each run: --timing measures it (it varies from run to run, so\n"
               "the transcript leaves it out). A step of any of the seven costs a few\n"
               "operations per weight, little beside the forward and backward pass.\n");
    char title[400];
    snprintf(title, sizeof title, "Seven optimizers, one MLP, %s: each at its best learning rate",
             d->file);
    plot_digits(plotter, "digits_loss", title, res->best);
    plot_digits(plotter, "digits_defaults", "The same at Keras' default learning rates", res->def);
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < N_KINDS; k++)
        if (!res->best[k].fit.diverged)
            lo = fmin(lo, res->best[k].accuracy), hi = fmax(hi, res->best[k].accuracy);
    const DigitsRun *a = res->def;
    hand_printf("\nAt Keras' defaults the ranks in accuracy are: momentum %d, Nesterov %d,\n"
                "Adam %d, RMSProp %d, SGD %d, Adagrad %d, Adadelta %d (its lr 0.001 scales\n"
                "Zeiler's step down 1000 times). At their best rates the seven land between\n"
                "%v and %v (one %s is 1/%d = %v of the\n"
                "accuracy): tuned, the optimizer matters much less than its learning rate.\n",
                rank_of(a, OPTIM_MOMENTUM), rank_of(a, OPTIM_NESTEROV), rank_of(a, OPTIM_ADAM),
                rank_of(a, OPTIM_RMSPROP), rank_of(a, OPTIM_SGD), rank_of(a, OPTIM_ADAGRAD),
                rank_of(a, OPTIM_ADADELTA), lo, hi, say(d, "image", "row"), d->X_test->rows,
                1.0 / d->X_test->rows);
    return CHAPTER_OK;
}

/* ---- 12. Which optimizer when ---------------------------------------------------------------- */

/* Did kind a get to the bottom of r's track in fewer steps than kind b, at
 * their kept rates ("never" counting as infinitely many)? */
static int beats(const Race *r, int a, int b)
{
    return kept(r, a)->reached && (!kept(r, b)->reached || kept(r, a)->steps < kept(r, b)->steps);
}

/* What the race says of kind k over the four surfaces. */
typedef struct {
    int fastest;  /* surfaces where k got to the bottom and no other kind did so sooner */
    int beat_sgd; /* surfaces where k got there sooner than SGD */
    int never;    /* surfaces where k did not get there at its kept rate */
    int reached;  /* (surface, rate) pairs where k got there: how forgiving of its rate */
} Tally;

static Tally tally(const Race *races, int k)
{
    Tally n = {0};
    for (int t = 0; t < N_TRACKS; t++) {
        int fastest = kept(&races[t], k)->reached;
        for (int j = 0; j < N_KINDS; j++)
            fastest &= !beats(&races[t], j, k);
        n.fastest += fastest;
        n.beat_sgd += beats(&races[t], k, OPTIM_SGD);
        n.never += !kept(&races[t], k)->reached;
        for (int j = 0; j < N_GRID; j++)
            n.reached += races[t].cell[k][j].reached;
    }
    return n;
}

/* One row of the rules table: the rule and its verdict. */
static void rule_row(int n, const char *rule, int holds)
{
    hand_printf("    %d. %-52s %s\n", n, rule, holds ? "holds" : "does not hold here");
}

static void lecture_rules(const Race *races, const EffLr *eff, const Digits *d,
                          const DigitsResults *dr, int epochs)
{
    hand_section("12. Which optimizer when (the notes' rules, checked)");
    printf("The notes' advice (004, 002), and what sections 9 to 11 measured:\n\n");
    hand_printf("    %-55s %s\n", "rule", "verdict");
    Tally n[N_KINDS];
    int most = 0; /* the kind that got to the bottom at the most (surface, rate) pairs */
    for (int k = 0; k < N_KINDS; k++) {
        n[k] = tally(races, k);
        most = n[k].reached > n[most].reached ? k : most;
    }

    const Tally *sgd = &n[OPTIM_SGD];
    rule_row(1, "SGD \"takes time to reach the minimum\" (002)", sgd->fastest == 0);
    hand_printf("       SGD was the fastest on %d of the %d surfaces and never got to the\n"
                "       bottom of %d.\n", sgd->fastest, N_TRACKS, sgd->never);

    int mom = n[OPTIM_MOMENTUM].beat_sgd, nes = n[OPTIM_NESTEROV].beat_sgd;
    double sgd_loss = dr->def[OPTIM_SGD].loss[epochs - 1];
    double mom_loss = dr->def[OPTIM_MOMENTUM].loss[epochs - 1];
    rule_row(2, "SGD with momentum to get there sooner (004)", mom >= 3 && mom_loss < sgd_loss);
    hand_printf("       Momentum beat SGD on %d of %d surfaces, Nesterov on %d; on %s,\n"
                "       both at lr 0.01, momentum's loss %v against SGD's %v.\n",
                mom, N_TRACKS, nes, d->file, mom_loss, sgd_loss);

    const EffLr *ada = &eff[0], *rms = &eff[1];
    rule_row(3, "rates per weight for sparse inputs (002, 004)", ada->rare > ada->common);
    if (d->own && (ada->n_rare == 0 || ada->n_common == 0))
        hand_printf("       002: Adagrad; 004: \"Adam, any ada- works\". %s has no rarely\n"
                    "       and often non-zero columns to compare.\n", d->file);
    else
        hand_printf("       002: Adagrad; 004: \"Adam, any ada- works\". The weights of Adagrad's\n"
                    "       %s kept %v times larger rates than those\n"
                    "       of the %s ones.\n",
                    say(d, "rarely inked pixels", "rarely non-zero columns"),
                    ada->rare / ada->common, say(d, "often inked", "often non-zero"));

    rule_row(4, "Adagrad: in the end \"eta is very small\" (002)", ada->fall_late > 2);
    hand_printf("       Its rate fell %v-fold from step %d to step %d.\n", ada->fall_late, RATE_FROM,
                ada->last_step);
    rule_row(5, "Adadelta/RMSProp: the rate falls less fast (004)",
             rms->fall_late < 2 && rms->fall_late < ada->fall_late);
    hand_printf("       RMSProp's rate changed by a factor of %v over the same steps.\n",
                1 / rms->fall_late);

    rule_row(6, "Adam most of the time: versatile (004)", most == OPTIM_ADAM);
    hand_printf("       Adam got to the bottom at %d of the %d (surface, rate) pairs of\n"
                "       section 9, the most of the seven (momentum %d, SGD %d, RMSProp %d):\n"
                "       the widest range of rates that work. At its kept rates it was the\n"
                "       fastest on %d of the 4 surfaces; on %s at Keras' defaults it\n"
                "       ranked %d of 7 after %d epochs (lr 0.001 is a cautious default).\n",
                n[OPTIM_ADAM].reached, N_TRACKS * N_GRID, n[OPTIM_MOMENTUM].reached,
                sgd->reached, n[OPTIM_RMSPROP].reached, n[OPTIM_ADAM].fastest, d->file,
                rank_of(dr->def, OPTIM_ADAM), epochs);
}

/* ---- the lecture --------------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 08 - Optimizers (lecture notes 004, 002)\n"
    "Gradient descent, momentum, Nesterov, Adagrad, RMSProp, Adadelta and Adam, each\n"
    "worked by hand on a narrow bowl and run from lib/optim; the exponential decay\n"
    "average and Adam's bias correction; the seven on four surfaces with fairly chosen\n"
    "learning rates, on the digits, and 004's rules checked against the runs.";

/* digits: a CSV of numeric features and a class label 0..k-1 last */
static const DataXYSpec DATA_SPEC = {.target_col = -1, .want = {.kind = DATA_TARGET_CLASS}};

int main(int argc, char **argv)
{
    const char *data_path = DEFAULT_DATA;
    DigitsSpec ds = {.epochs = EPOCHS, .lr = NAN}; /* --lr stays NAN when not given */
    CliFlag flags[] = {
        {"data", CLI_STRING, &data_path, "FILE",
         "CSV for sections 10-11: numeric columns, then a class label 0..k-1"},
        {"epochs", CLI_INT, &ds.epochs, "N", "digits epochs (default 10)"},
        {"lr", CLI_DOUBLE, &ds.lr, "RATE", "one learning rate for all seven in section 11"},
        {"tune", CLI_BOOL, &ds.tune, NULL, "search the section 11 learning rates again (slow)"},
        {"timing", CLI_BOOL, &ds.timing, NULL, "time the digits runs (varies per run)"},
    };
    CliRange ranges[] = {{"epochs", '[', 1, MAX_EPOCHS, ']'}, {"lr", '(', 0, INFINITY, ')'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED, .flags = flags,
                    .n_flags = 5, .ranges = ranges,
                    .n_ranges = 2, .sheet = 1};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;
    ds.seed = ch.opt.seed;
    Givens gv = ch.opt.variant ? givens_draw(&ch.variant, ch.opt.variant) : NOTES;
    if (chapter_wants_sheet(&ch)) { /* --check, --quiz: sections 1 to 8 */
        static Sheet sheet;         /* too large for a comfortable stack frame */
        fill_sheet(&sheet, &gv);
        return chapter_end(&ch, chapter_sheet(&ch, &sheet));
    }

    /* the data first: bad data ends the program before the lecture starts */
    DataXY csv = {0};
    Digits digits = {0};
    rc = CHAPTER_ERROR;
    if (chapter_load_xy(&ch, &csv, data_path, &DATA_SPEC, "data") != 0 ||
        digits_prepare(&digits, &csv, data_path, &ch.rng) != 0 || chapter_start_lecture(&ch) != 0)
        goto done;

    Hand mom; /* section 2's steps, for sections 3 and 5 */
    if (lecture_problem(&gv) != 0 || lecture_momentum(&gv, &mom) != 0 ||
        lecture_nesterov(&gv, &mom) != 0 || lecture_adagrad(&gv) != 0)
        goto done;
    lecture_eda(&ch.plots, &gv, &mom);
    Race races[N_TRACKS];
    EffLr eff[2]; /* Adagrad, RMSProp */
    DigitsResults dr;
    if (lecture_rmsprop(&gv) != 0 || lecture_adadelta(&gv) != 0 || lecture_adam(&gv) != 0 ||
        lecture_race(&ch.plots, races, gv.variant) != 0 ||
        lecture_rates(&ch.plots, &digits, ds.seed, eff) != 0 ||
        lecture_digits(&ch.plots, &digits, &ds, &dr) != 0)
        goto done;
    lecture_rules(races, eff, &digits, &dr, ds.epochs);
    rc = CHAPTER_OK;
done:
    data_xy_free(&csv);
    digits_free(&digits);
    return chapter_end(&ch, rc);
}
