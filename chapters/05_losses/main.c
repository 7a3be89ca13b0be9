/* Chapter 05 - Loss functions
 *
 * Lecture notes: 000 (loss vs cost, MSE and MAE on the BMI tables,
 * convexity), 001 (the list of losses, with advantages and disadvantages),
 * 002 (regression and classification losses, RMS), 003 (class weights,
 * softmax + cross-entropy) and 004 (the losses in depth).
 *
 * What you will learn
 *   - a LOSS scores one example, the COST is the mean loss over the data;
 *     signed errors cancel, so a loss squares them or takes |.|
 *   - regression: MSE (y - y_hat)^2, MAE |y - y_hat|, RMSE sqrt(MSE),
 *     Huber (quadratic inside delta, linear outside), log-cosh; which are
 *     convex, where they are differentiable, and how an outlier pulls each
 *   - classification: binary cross-entropy -y ln p - (1 - y) ln(1 - p),
 *     class weights, categorical and sparse categorical cross-entropy,
 *     hinge max(0, 1 - y f); entropy, cross-entropy and KL divergence
 *   - every gradient dL/dy_hat, and a numeric check of each one
 *   - numerical safety: probabilities clamped into [1e-7, 1 - 1e-7], and a
 *     log-cosh that never overflows
 *
 * Key equations (e = y - y_hat, p a predicted probability)
 *   MSE = 1/n sum e^2          dL/dy_hat = -2 e
 *   MAE = 1/n sum |e|          dL/dy_hat = -sign(e)
 *   Huber = e^2/2 if |e| <= delta, else delta |e| - delta^2/2
 *   BCE = -y ln p - (1 - y) ln(1 - p)      dL/dp = (p - y) / (p (1 - p))
 *   CCE = -sum_j y_j ln p_j;  with softmax, dL/dz = p - y
 *
 * Run it
 *   ./build/05_losses                   the lecture, plots in out/05_losses/
 *   ./build/05_losses --plots=dumb      the plots drawn in the terminal
 *   ./build/05_losses --data my.csv     the outlier fit on your own CSV: x,y
 *   ./build/05_losses --delta 2         a different Huber delta for the fit
 *
 * Plots
 *   regression_losses.png  squared, absolute, Huber and log-cosh vs the error
 *   huber_deltas.png       Huber for delta = 0.5, 1, 2, and e^2/2
 *   outliers.png           a line fitted under MSE, MAE and Huber; one outlier
 *   bce.png                binary cross-entropy vs p, for y = 1 and y = 0
 *   convexity.png          one sigmoid unit: BCE and squared error vs its weight
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "gradcheck.h"
#include "hand.h"
#include "loss.h"
#include "plot.h"
#include "rng.h"

#define CHAPTER "05_losses"
#define SEED 1964          /* the year of Huber's paper on robust estimation */
#define BMI_LOSS "datasets/bmi_loss.csv"
#define BMI_MSE "datasets/bmi_mse.csv"
#define BMI_MAE "datasets/bmi_mae.csv"
#define LINE_POINTS 21     /* x = -4, -3.5, ..., 6 */
#define LINE_NOISE 0.5     /* standard deviation of the noise around y = 1 + 2x */
#define OUTLIER_INDEX 18   /* the point at x = 5 ... */
#define OUTLIER_Y (-18.0)  /* ... is recorded as -18 instead of about 11 */
#define DELTA 1.0          /* Huber's delta (Keras' default) */
#define ETA 0.05           /* the starting learning rate of the fits */
#define TAU 100.0          /* eta_t = eta / (1 + t / TAU) */
#define EPOCHS 200000      /* full-batch gradient descent steps per fit */
#define MAX_EPOCHS 1000000
#define CURVE_POINTS 241   /* points per curve in the loss plots */

/* ---- tables ------------------------------------------------------------ */

/* A table of the notes with an actual and a predicted column. */
typedef struct {
    DataTable t;
    const char *path;
    int y, yhat; /* column indices */
} ErrTable;

/* Load path and find the columns y_name and yhat_name. Returns 0, or 1
 * after printing an error. */
static int load_err_table(ErrTable *et, const char *path, const char *y_name,
                          const char *yhat_name)
{
    char err[DATA_ERR_LEN];
    et->path = path;
    if (data_load_csv(&et->t, path, err, sizeof err) != 0) {
        fprintf(stderr, "error: %s\n", err);
        if (path[0] != '/' && strstr(err, "cannot open") != NULL)
            fprintf(stderr, "hint: run the chapter from the annlab folder\n");
        return 1;
    }
    et->y = data_column_index(&et->t, y_name);
    et->yhat = data_column_index(&et->t, yhat_name);
    if (et->y < 0 || et->yhat < 0) {
        fprintf(stderr, "error: %s: expected the columns \"%s\" and \"%s\"\n", path, y_name,
                yhat_name);
        return 1;
    }
    return 0;
}

static int rows(const ErrTable *et)
{
    return et->t.values->rows;
}

static double y_of(const ErrTable *et, int i)
{
    return MAT_AT(et->t.values, i, et->y);
}

static double yhat_of(const ErrTable *et, int i)
{
    return MAT_AT(et->t.values, i, et->yhat);
}

/* Print the table's columns, then "e = y - y_hat" and one more column
 * (extra_name, computed by extra(e)), each at 9 significant digits. */
static void print_err_table(const ErrTable *et, const char *extra_name, double (*extra)(double))
{
    char buf[40];
    printf("    ");
    for (int j = 0; j < et->t.cols; j++)
        printf("%10s  ", et->t.names[j]);
    printf("%10s  %10s\n", "e", extra_name);
    for (int i = 0; i < rows(et); i++) {
        printf("    ");
        for (int j = 0; j < et->t.cols; j++)
            printf("%10s  ", hand_fmt(buf, sizeof buf, MAT_AT(et->t.values, i, j)));
        double e = y_of(et, i) - yhat_of(et, i);
        printf("%10s  ", hand_fmt(buf, sizeof buf, e));
        printf("%10s\n", hand_fmt(buf, sizeof buf, extra(e)));
    }
}

static double square(double e)
{
    return e * e;
}

/* The cost of a table under loss: the library's mean over the rows. */
static double table_cost(const ErrTable *et, LossKind kind)
{
    int m = rows(et);
    Mat *Y = mat_new(m, 1), *Yhat = mat_new(m, 1);
    double cost = NAN;
    if (Y && Yhat) {
        for (int i = 0; i < m; i++) {
            MAT_AT(Y, i, 0) = y_of(et, i);
            MAT_AT(Yhat, i, 0) = yhat_of(et, i);
        }
        cost = loss_cost(&(Loss){.kind = kind}, Y, Yhat);
    }
    mat_free(Y);
    mat_free(Yhat);
    return cost;
}

/* ---- 1. Loss and cost ---------------------------------------------------- */

static void lecture_loss_vs_cost(const ErrTable *t)
{
    hand_section("1. Loss and cost");
    printf("A model predicts y_hat; the error of one example is e = y - y_hat\n"
           "(actual - predicted). 000's first table predicts the BMI\n(%s):\n\n",
           t->path);
    print_err_table(t, "|e|", fabs);
    double e[3], sum = 0.0;
    for (int i = 0; i < 3 && i < rows(t); i++)
        sum += e[i] = y_of(t, i) - yhat_of(t, i);
    printf("\nA LOSS measures one example; the COST measures the whole data set, as the\n"
           "mean of the losses (000: \"Loss = one observation, Cost = entire data\").\n"
           "The notes' first cost is the mean of the signed errors:\n\n");
    hand_printf("    1/n sum (y - y_hat) = (%v%+v%+v) / 3 = %v / 3 = %v\n", e[0], e[1], e[2], sum,
                sum / 3);
    printf("\nSigned errors cancel. 000's next example predicts 66, 72, 76 for 68, 70, 75:\n\n");
    double y[] = {68, 70, 75}, yhat[] = {66, 72, 76};
    double s = 0.0, sa = 0.0, sq = 0.0;
    for (int i = 0; i < 3; i++) {
        double ei = y[i] - yhat[i];
        hand_printf("    %v - %v = %v\n", y[i], yhat[i], ei);
        s += ei, sa += fabs(ei), sq += ei * ei;
    }
    hand_printf("\n    sum of e = 2 - 2 - 1 = %v   (the notes write -1 - 1 = -2; see Errata)\n", s);
    hand_printf("    sum of |e| = 2 + 2 + 1 = %v,  sum of e^2 = 4 + 4 + 1 = %v\n", sa, sq);
    printf("\nEvery prediction is off, yet the signed errors nearly cancel. A loss must\n"
           "not let a too-high guess pay for a too-low one: square the error (MSE) or\n"
           "take its absolute value (MAE). On the BMI table above:\n\n");
    hand_printf("    MSE = (1 + 6.25 + 0.25) / 3 = %v\n    MAE = (1 + 2.5 + 0.5) / 3 = %v\n",
                table_cost(t, LOSS_MSE), table_cost(t, LOSS_MAE));
}

/* ---- 2. MSE, RMSE --------------------------------------------------------- */

/* Print the gradient of a cost over the rows of a table. */
static void print_cost_grad(const ErrTable *t, LossKind kind, const char *formula)
{
    int m = rows(t);
    Mat *Y = mat_new(m, 1), *Yhat = mat_new(m, 1), *dY = mat_new(m, 1);
    if (!Y || !Yhat || !dY)
        goto done;
    for (int i = 0; i < m; i++) {
        MAT_AT(Y, i, 0) = y_of(t, i);
        MAT_AT(Yhat, i, 0) = yhat_of(t, i);
    }
    loss_cost_grad(&(Loss){.kind = kind}, dY, Y, Yhat);
    for (int i = 0; i < m; i++) {
        double e = y_of(t, i) - yhat_of(t, i);
        hand_printf("    row %d: e = %v,  %s = %v\n", i + 1, e, formula, MAT_AT(dY, i, 0));
    }
done:
    mat_free(Y);
    mat_free(Yhat);
    mat_free(dY);
}

static void lecture_mse(const ErrTable *t)
{
    hand_section("2. Mean squared error (MSE) and its root (RMSE)");
    printf("    L = (y - y_hat)^2          MSE = 1/n sum_i (y_i - y_hat_i)^2\n\n"
           "000's MSE table (%s) predicts the weight:\n\n", t->path);
    print_err_table(t, "e^2", square);
    double e[3];
    for (int i = 0; i < 3; i++)
        e[i] = y_of(t, i) - yhat_of(t, i);
    double sum = e[0] * e[0] + e[1] * e[1] + e[2] * e[2];
    double mse = table_cost(t, LOSS_MSE), rmse = table_cost(t, LOSS_RMSE);
    hand_printf("\n    sum e^2 = (%v)^2 + (%v)^2 + (%v)^2 = %v + %v + %v = %v\n", e[0], e[1], e[2],
                e[0] * e[0], e[1] * e[1], e[2] * e[2], sum);
    hand_printf("    MSE = %v / 3 = %v kg^2\n", sum, mse);
    printf("\nThe notes stop at the sum, 42; the cost is the mean, 14. Its unit is the\n"
           "square of the target's (kg^2). The root brings it back to kg (002, 004):\n\n");
    hand_printf("    RMSE = sqrt(MSE) = sqrt(%v) = %v kg\n", mse, rmse);
    hand_printf("    compare MAE = (1 + 4 + 5) / 3 = %v kg: the root of the MEAN of\n"
                "    squares weighs the large error (-5) more, so RMSE >= MAE\n",
                table_cost(t, LOSS_MAE));
    printf("\nThe gradient of one loss is dL/dy_hat = -2 (y - y_hat); the cost averages\n"
           "it, d MSE/dy_hat_i = -2 e_i / n:\n\n");
    print_cost_grad(t, LOSS_MSE, "-2 e / 3");
    printf("\nd RMSE/dy_hat_i = d MSE/dy_hat_i / (2 RMSE) = -e_i / (n RMSE):\n\n");
    print_cost_grad(t, LOSS_RMSE, "-e / (3 RMSE)");
}

/* ---- 3. MAE --------------------------------------------------------------- */

static void lecture_mae(const ErrTable *t)
{
    hand_section("3. Mean absolute error (MAE)");
    printf("    L = |y - y_hat|            MAE = 1/n sum_i |y_i - y_hat_i|\n\n"
           "000's MAE table (%s):\n\n", t->path);
    print_err_table(t, "|e|", fabs);
    double e[3];
    for (int i = 0; i < 3; i++)
        e[i] = y_of(t, i) - yhat_of(t, i);
    double sum = fabs(e[0]) + fabs(e[1]) + fabs(e[2]);
    hand_printf("\n    sum |e| = |%v| + |%v| + |%v| = %v + %v + %v = %v\n", e[0], e[1], e[2],
                fabs(e[0]), fabs(e[1]), fabs(e[2]), sum);
    hand_printf("    MAE = %v / 3 = %v   (the notes label the sum 5 \"MSE\": it is the\n"
                "    sum of ABSOLUTE errors, and the MAE is its mean)\n", sum,
                table_cost(t, LOSS_MAE));
    printf("\nThe unit is the target's own, and an error of 10 costs 10 times an error\n"
           "of 1 (squared: 100 times). The gradient is -sign(y - y_hat): -1 or +1 per\n"
           "example, however small the error, and 0 at e = 0 by convention:\n\n");
    print_cost_grad(t, LOSS_MAE, "-sign(e) / 3");
}

/* ---- 4. Convexity ----------------------------------------------------------- */

static void lecture_convexity(void)
{
    hand_section("4. Convexity: one minimum, and where a slope exists");
    printf("A function is convex when every chord lies on or above its graph:\n"
           "f((a + b)/2) <= (f(a) + f(b))/2 for all a, b. Then every local minimum is\n"
           "the global one, and gradient descent cannot get stuck elsewhere.\n\n");
    double a = -1.0, b = 3.0, mid = (a + b) / 2;
    hand_printf("    squared: f(%v) = %v <= (f(%v) + f(%v))/2 = (%v + %v)/2 = %v\n", mid, mid * mid,
                a, b, a * a, b * b, (a * a + b * b) / 2);
    hand_printf("    |e|:     f(%v) = %v <= (f(%v) + f(%v))/2 = (%v + %v)/2 = %v\n", mid,
                fabs(mid), a, b, fabs(a), fabs(b), (fabs(a) + fabs(b)) / 2);
    /* d(e^2)/de = -dL/dy_hat, as e = y - y_hat */
    printf("\nBoth are convex. The parabola e^2 has a slope everywhere, d(e^2)/de = 2e\n");
    hand_printf("(000: 2 x 1 = %v at e = 1, 2 x 2 = %v at e = 2). |e| is a V: slope -1\n"
                "left of 0, +1 right of it, and a kink AT 0, the only point without a\n"
                "derivative. 000 says MAE \"is not a convex function\", and 001 that it is\n"
                "\"not differentiable, we cannot apply gradient descent\". MAE is convex,\n"
                "and gradient descent works with any slope in [-1, 1] at the kink (a\n"
                "subgradient; the library uses 0), as section 6 shows. See Errata.\n",
                -loss_squared_grad(1.0, 0.0), -loss_squared_grad(2.0, 0.0));
}

/* ---- 5. Huber and log-cosh ------------------------------------------------- */

static double huber_d(double y, double yhat, double delta)
{
    return loss_huber(y, yhat, delta);
}

static void print_regression_table(double delta)
{
    static const double errors[] = {-3, -1, -0.5, 0, 0.5, 1, 3};
    char b[6][40];
    printf("    %6s  %10s  %10s  %12s  %12s\n", "e", "e^2", "|e|", "Huber d=1", "log cosh e");
    for (int i = 0; i < 7; i++) {
        double e = errors[i]; /* y = e, y_hat = 0 */
        printf("    %6s  %10s  %10s  %12s  %12s\n", hand_fmt(b[0], 40, e),
               hand_fmt(b[1], 40, loss_squared(e, 0)), hand_fmt(b[2], 40, loss_absolute(e, 0)),
               hand_fmt(b[3], 40, huber_d(e, 0, delta)), hand_fmt(b[4], 40, loss_logcosh(e, 0)));
    }
    printf("\n    %6s  %10s  %10s  %12s  %12s\n", "e", "-2e", "-sign e", "Huber'", "-tanh e");
    for (int i = 0; i < 7; i++) {
        double e = errors[i];
        printf("    %6s  %10s  %10s  %12s  %12s\n", hand_fmt(b[0], 40, e),
               hand_fmt(b[1], 40, loss_squared_grad(e, 0)),
               hand_fmt(b[2], 40, loss_absolute_grad(e, 0)),
               hand_fmt(b[3], 40, loss_huber_grad(e, 0, delta)),
               hand_fmt(b[4], 40, loss_logcosh_grad(e, 0)));
    }
}

static void lecture_huber_logcosh(void)
{
    hand_section("5. Huber and log-cosh: quadratic near 0, linear far out");
    printf("Huber (001, 004), with a threshold delta (a hyperparameter):\n\n"
           "    L = 1/2 e^2                   if |e| <= delta\n"
           "    L = delta |e| - 1/2 delta^2   otherwise\n\n"
           "Small errors are squared (smooth, a gradient that shrinks to 0), large ones\n"
           "count linearly (an outlier's pull is at most delta). The pieces meet at\n");
    hand_printf("|e| = delta with the same value and slope: delta = 1, e = 1 gives\n"
                "1/2 x 1^2 = %v = 1 x 1 - 1/2 x 1^2. The gradient is -e inside, -delta sign(e)\n"
                "outside.\n\n", loss_huber(1, 0, 1));
    printf("log-cosh (004): L = ln(cosh(y_hat - y)) (not -ln: see Errata). cosh is even,\n"
           "so the sign of the error does not matter; the gradient is tanh(y_hat - y).\n");
    double small = 0.1, large = 10.0;
    hand_printf("    small e, ln cosh e ~ e^2/2:      ln cosh %v = %v,\n"
                "                                     %v^2/2 = %v\n", small,
                loss_logcosh(small, 0), small, small * small / 2);
    hand_printf("    large e, ln cosh e ~ |e| - ln 2: ln cosh %v = %v,\n"
                "                                     %v - ln 2 = %v\n",
                large, loss_logcosh(large, 0), large, large - log(2.0));
    printf("\nAll four at a few errors (y_hat = 0, so e = y), then their gradients\n"
           "dL/dy_hat. For one example RMSE = sqrt(e^2) = |e|, the MAE column.\n\n");
    print_regression_table(DELTA);
    printf("\nThe gradients of MSE grow with the error; those of MAE, Huber (beyond\n"
           "delta) and log-cosh (tanh -> 1) stay bounded: one wild point cannot take\n"
           "over the fit. Plots: regression_losses.png, huber_deltas.png.\n");
}

/* x from x0 to x1 in n steps. */
static double grid(double x0, double x1, int i, int n)
{
    return x0 + (x1 - x0) * i / (n - 1);
}

static void plot_regression_losses(Plotter *plotter)
{
    static double x[CURVE_POINTS], y[4][CURVE_POINTS];
    for (int i = 0; i < CURVE_POINTS; i++) {
        double e = x[i] = grid(-3, 3, i, CURVE_POINTS);
        y[0][i] = loss_squared(e, 0);
        y[1][i] = loss_absolute(e, 0);
        y[2][i] = loss_huber(e, 0, DELTA);
        y[3][i] = loss_logcosh(e, 0);
    }
    Plot *pl = plot_begin(plotter, "regression_losses", &(PlotSpec){
        .title = "Regression losses against the error e = y - y_hat",
        .xlabel = "error e = y - y_hat", .ylabel = "loss L(e)",
        .settings = "set yrange [0:5]\nset key top center"});
    plot_series(pl, "squared e^2 (MSE)", "lines lw 2 lc rgb '#c0392b'", x, y[0], CURVE_POINTS);
    plot_series(pl, "absolute |e| (MAE; RMSE of one example)", "lines lw 2 lc rgb '#2e6fb5'", x,
                y[1], CURVE_POINTS);
    plot_series(pl, "Huber, delta = 1", "lines lw 2 lc rgb '#27ae60'", x, y[2], CURVE_POINTS);
    plot_series(pl, "log cosh e", "lines lw 2 dt 2 lc rgb '#8e44ad'", x, y[3], CURVE_POINTS);
    plot_end(pl);
}

static void plot_huber_deltas(Plotter *plotter)
{
    static const double deltas[] = {0.5, 1.0, 2.0};
    static const char *colour[] = {"#2e6fb5", "#27ae60", "#d35400"};
    static double x[CURVE_POINTS], y[CURVE_POINTS];
    Plot *pl = plot_begin(plotter, "huber_deltas", &(PlotSpec){
        .title = "Huber loss for several deltas: e^2/2 inside |e| <= delta, linear outside",
        .xlabel = "error e = y - y_hat", .ylabel = "loss L(e)",
        .settings = "set yrange [0:6]\nset key top center"});
    for (int i = 0; i < CURVE_POINTS; i++) {
        x[i] = grid(-4, 4, i, CURVE_POINTS);
        y[i] = x[i] * x[i] / 2;
    }
    plot_series(pl, "e^2 / 2 (no threshold)", "lines lw 2 dt 2 lc rgb '#777777'", x, y,
                CURVE_POINTS);
    for (int d = 0; d < 3; d++) {
        char legend[40], style[60];
        for (int i = 0; i < CURVE_POINTS; i++)
            y[i] = loss_huber(x[i], 0, deltas[d]);
        snprintf(legend, sizeof legend, "Huber, delta = %g", deltas[d]);
        snprintf(style, sizeof style, "lines lw 2 lc rgb '%s'", colour[d]);
        plot_series(pl, legend, style, x, y, CURVE_POINTS);
    }
    plot_end(pl);
}

/* ---- 6. Outliers: fitting a line under MSE, MAE and Huber ------------------ */

/* Points (x_i, y_i) to fit y_hat = m x + c to. */
typedef struct {
    int n;
    double *x, *y;
    int outlier; /* index of the planted outlier, or -1 */
    const char *name;
} Points;

/* The loss of one example, its gradient dL/dy_hat, and a name. */
typedef struct {
    const char *name;
    LossKind kind;
    double delta;
} FitLoss;

static double fit_loss(const FitLoss *f, double y, double yhat)
{
    switch (f->kind) {
    case LOSS_MSE: return loss_squared(y, yhat);
    case LOSS_MAE: return loss_absolute(y, yhat);
    default: return loss_huber(y, yhat, f->delta);
    }
}

static double fit_grad(const FitLoss *f, double y, double yhat)
{
    switch (f->kind) {
    case LOSS_MSE: return loss_squared_grad(y, yhat);
    case LOSS_MAE: return loss_absolute_grad(y, yhat);
    default: return loss_huber_grad(y, yhat, f->delta);
    }
}

#define LAST_STEPS 20 /* the range of m over the last steps shows a fit that jumps */

typedef struct {
    double m, c;
    double cost;
    double m_lo, m_hi; /* the smallest and largest m of the last LAST_STEPS steps */
    int diverged_at;   /* the step where m, c or the cost stopped being finite, or 0 */
} Fit;

/* E(m, c) = 1/n sum_i L(y_i, m x_i + c), and its gradient:
 *   dE/dm = 1/n sum_i dL/dy_hat_i x_i,   dE/dc = 1/n sum_i dL/dy_hat_i */
static double cost_and_grad(const FitLoss *f, const Points *d, double m, double c, double *dE_dm,
                            double *dE_dc)
{
    double E = 0.0, gm = 0.0, gc = 0.0;
    for (int i = 0; i < d->n; i++) {
        double yhat = m * d->x[i] + c;
        double dL_dyhat = fit_grad(f, d->y[i], yhat);
        E += fit_loss(f, d->y[i], yhat);
        gm += dL_dyhat * d->x[i];
        gc += dL_dyhat;
    }
    *dE_dm = gm / d->n;
    *dE_dc = gc / d->n;
    return E / d->n;
}

/* Full-batch gradient descent from m = c = 0 (000's update rule):
 *   m <- m - eta_t dE/dm,   c <- c - eta_t dE/dc,   eta_t = eta / (1 + t / tau) */
static Fit fit_line(const FitLoss *f, const Points *d, double eta, double tau, int epochs)
{
    Fit r = {.m_lo = INFINITY, .m_hi = -INFINITY};
    double dE_dm, dE_dc;
    for (int t = 0; t < epochs; t++) {
        double E = cost_and_grad(f, d, r.m, r.c, &dE_dm, &dE_dc);
        if (!isfinite(E) || !isfinite(r.m) || !isfinite(r.c)) {
            r.diverged_at = t + 1;
            r.cost = E;
            return r;
        }
        double eta_t = eta / (1.0 + t / tau);
        r.m -= eta_t * dE_dm;
        r.c -= eta_t * dE_dc;
        if (t >= epochs - LAST_STEPS)
            r.m_lo = fmin(r.m_lo, r.m), r.m_hi = fmax(r.m_hi, r.m);
    }
    r.cost = cost_and_grad(f, d, r.m, r.c, &dE_dm, &dE_dc);
    if (!isfinite(r.cost) || !isfinite(r.m) || !isfinite(r.c))
        r.diverged_at = epochs;
    return r;
}

/* Least squares in closed form: m = sum (x - xbar)(y - ybar) / sum (x - xbar)^2,
 * c = ybar - m xbar. */
static void least_squares(const Points *d, double *m, double *c)
{
    double xbar = 0.0, ybar = 0.0, sxy = 0.0, sxx = 0.0;
    for (int i = 0; i < d->n; i++) {
        xbar += d->x[i] / d->n;
        ybar += d->y[i] / d->n;
    }
    for (int i = 0; i < d->n; i++) {
        sxy += (d->x[i] - xbar) * (d->y[i] - ybar);
        sxx += (d->x[i] - xbar) * (d->x[i] - xbar);
    }
    *m = sxy / sxx;
    *c = ybar - *m * xbar;
}

/* The best line under MAE passes through two of the points (the optimum of
 * a linear program sits at a vertex): try every pair. Returns its cost. */
static double least_absolute(const Points *d, double *m, double *c)
{
    const FitLoss mae = {.kind = LOSS_MAE};
    double best = INFINITY, gm, gc;
    for (int a = 0; a < d->n; a++)
        for (int b = a + 1; b < d->n; b++) {
            if (d->x[a] == d->x[b])
                continue;
            double mm = (d->y[b] - d->y[a]) / (d->x[b] - d->x[a]), cc = d->y[a] - mm * d->x[a];
            double E = cost_and_grad(&mae, d, mm, cc, &gm, &gc);
            if (E < best)
                best = E, *m = mm, *c = cc;
        }
    return best;
}

/* The noisy line y = 1 + 2x with one outlier. */
static int make_points(Points *d, Rng *rng)
{
    d->n = LINE_POINTS;
    d->x = malloc(2 * sizeof(double) * LINE_POINTS);
    if (!d->x)
        return 1;
    d->y = d->x + LINE_POINTS;
    for (int i = 0; i < LINE_POINTS; i++) {
        d->x[i] = -4.0 + 0.5 * i;
        d->y[i] = 1.0 + 2.0 * d->x[i] + rng_normal(rng, 0.0, LINE_NOISE);
    }
    d->y[OUTLIER_INDEX] = OUTLIER_Y;
    d->outlier = OUTLIER_INDEX;
    d->name = "the noisy line y = 1 + 2x";
    return 0;
}

/* The user's x,y CSV. Returns 0, or 1 after printing an error. */
static int load_points(Points *d, const char *path)
{
    DataTable t = {0};
    char err[DATA_ERR_LEN];
    if (data_load_csv(&t, path, err, sizeof err) != 0) {
        fprintf(stderr, "error: %s\n", err);
        return 1;
    }
    int rc = 1;
    if (t.cols != 2) {
        fprintf(stderr, "error: %s: expected 2 columns (x, y), found %d\n", path, t.cols);
        goto done;
    }
    int m = t.values->rows;
    int distinct = 0;
    for (int i = 1; i < m; i++)
        distinct |= MAT_AT(t.values, i, 0) != MAT_AT(t.values, 0, 0);
    if (m < 2 || !distinct) {
        fprintf(stderr, "error: %s: a line needs at least two different x values\n", path);
        goto done;
    }
    d->n = m;
    d->x = malloc(2 * sizeof(double) * (size_t)m);
    if (!d->x) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    d->y = d->x + m;
    double squares = 0.0;
    for (int i = 0; i < m; i++) {
        d->x[i] = MAT_AT(t.values, i, 0);
        d->y[i] = MAT_AT(t.values, i, 1);
        squares += d->x[i] * d->x[i] + d->y[i] * d->y[i];
    }
    if (!isfinite(squares)) {
        fprintf(stderr, "error: %s: the values are too large to square in double precision;"
                " rescale them\n", path);
        goto done;
    }
    d->outlier = -1;
    d->name = path;
    rc = 0;
done:
    data_table_free(&t);
    return rc;
}

static void print_points(const Points *d)
{
    char bx[40], by[40];
    printf("    %4s  %10s  %12s\n", "i", "x", "y");
    for (int i = 0; i < d->n; i++)
        printf("    %4d  %10s  %12s%s\n", i + 1, hand_fmt(bx, 40, d->x[i]),
               hand_fmt(by, 40, d->y[i]), i == d->outlier ? "   <- the outlier" : "");
}

/* A learning rate that keeps gradient descent on MSE stable: the cost's
 * curvature is at most 2/n sum (x_i^2 + 1), and eta must stay below 2 over it. */
static double safe_eta(const Points *d)
{
    double s = 0.0;
    for (int i = 0; i < d->n; i++)
        s += d->x[i] * d->x[i] + 1.0;
    return 0.9 * d->n / s;
}

typedef struct {
    double eta, delta;
    int epochs;
} FitSettings;

static void plot_fits(Plotter *plotter, const Points *d, const Fit *fits, const FitLoss *losses)
{
    double x0 = d->x[0], x1 = d->x[0], y0 = d->y[0], y1 = d->y[0];
    for (int i = 1; i < d->n; i++) {
        x0 = fmin(x0, d->x[i]), x1 = fmax(x1, d->x[i]);
        y0 = fmin(y0, d->y[i]), y1 = fmax(y1, d->y[i]);
    }
    double mx = 0.05 * (x1 - x0), my = 0.08 * (y1 - y0) + 1e-9;
    char range[200];
    snprintf(range, sizeof range, "set xrange [%g:%g]\nset yrange [%g:%g]\nset key top left",
             x0 - mx, x1 + mx, y0 - my, y1 + my);
    Plot *pl = plot_begin(plotter, "outliers", &(PlotSpec){
        .title = "One outlier: the line fitted under MSE, MAE and Huber",
        .xlabel = "x", .ylabel = "y", .settings = range});
    double *px = malloc(2 * sizeof(double) * (size_t)d->n);
    if (px) {
        double *py = px + d->n;
        int n = 0;
        for (int i = 0; i < d->n; i++)
            if (i != d->outlier)
                px[n] = d->x[i], py[n++] = d->y[i];
        plot_series(pl, "data", "points pt 7 ps 1.2 lc rgb '#333333'", px, py, n);
        free(px);
    }
    if (d->outlier >= 0) {
        double tx[2] = {x0, x1}, ty[2] = {1.0 + 2.0 * x0, 1.0 + 2.0 * x1};
        plot_series(pl, "the outlier", "points pt 9 ps 2.2 lc rgb '#c0392b'",
                    &d->x[d->outlier], &d->y[d->outlier], 1);
        plot_series(pl, "true line y = 1 + 2x", "lines lw 1 dt 3 lc rgb '#777777'", tx, ty, 2);
    }
    static const char *styles[] = {"lines lw 2 lc rgb '#c0392b'", "lines lw 2 lc rgb '#2e6fb5'",
                                   "lines lw 2 dt 2 lc rgb '#27ae60'"};
    for (int k = 0; k < 3; k++) {
        char legend[80];
        double lx[2] = {x0, x1}, ly[2] = {fits[k].m * x0 + fits[k].c, fits[k].m * x1 + fits[k].c};
        snprintf(legend, sizeof legend, "%s fit: slope %.3f", losses[k].name, fits[k].m);
        plot_series(pl, legend, styles[k], lx, ly, 2);
    }
    plot_end(pl);
}

/* Returns 0, or 1 after printing a diagnostic (a fit diverged). */
static int lecture_outliers(Plotter *plotter, const Points *d, const FitSettings *s)
{
    hand_section("6. One outlier: fitting a line under MSE, MAE and Huber");
    if (d->outlier >= 0)
        hand_printf("%d points on %s with noise N(0, %v), except one:\nthe point at x = %v"
                    " was recorded as %v instead of about %v.\n\n", d->n, d->name, LINE_NOISE,
                    d->x[d->outlier], d->y[d->outlier], 1.0 + 2.0 * d->x[d->outlier]);
    else
        printf("%d points from %s.\n\n", d->n, d->name);
    print_points(d);
    hand_printf("\nThe model is 000's line y_hat = m x + c. Gradient descent from m = c = 0 on\n"
                "the cost E(m, c) = 1/n sum_i L(y_i, m x_i + c), with the chain rule\n"
                "dE/dm = 1/n sum_i dL/dy_hat_i x_i and dE/dc = 1/n sum_i dL/dy_hat_i:\n\n"
                "    m <- m - eta_t dE/dm,   c <- c - eta_t dE/dc,   eta_t = %v / (1 + t/%v)\n\n"
                "%d steps for each loss. Only dL/dy_hat changes from one fit to the next.\n"
                "(The step shrinks because MAE's gradient does not: it stays +-x_i however\n"
                "close the line is, so with a fixed eta the MAE line keeps jumping.)\n\n",
                s->eta, TAU, s->epochs);
    FitLoss losses[3] = {
        {"MSE", LOSS_MSE, 0}, {"MAE", LOSS_MAE, 0}, {"Huber", LOSS_HUBER, s->delta}};
    Fit fits[3];
    for (int k = 0; k < 3; k++) {
        fits[k] = fit_line(&losses[k], d, s->eta, TAU, s->epochs);
        if (fits[k].diverged_at) {
            char buf[40];
            fprintf(stderr, "error: the %s fit diverged at step %d (cost %s): the learning rate"
                    " --eta %g is too large for this data; try --eta %.2g\n", losses[k].name,
                    fits[k].diverged_at, hand_fmt(buf, sizeof buf, fits[k].cost), s->eta,
                    safe_eta(d));
            return 1;
        }
    }
    printf("    %-20s  %14s  %14s  %14s\n", "loss", "slope m", "intercept c", "cost E");
    for (int k = 0; k < 3; k++) {
        char name[40], b[3][40];
        if (losses[k].kind == LOSS_HUBER)
            snprintf(name, sizeof name, "Huber (delta = %s)", hand_fmt(b[0], 40, s->delta));
        else
            snprintf(name, sizeof name, "%s", losses[k].name);
        printf("    %-20s  %14s  %14s  %14s\n", name, hand_fmt(b[0], 40, fits[k].m),
               hand_fmt(b[1], 40, fits[k].c), hand_fmt(b[2], 40, fits[k].cost));
    }
    if (d->outlier >= 0)
        printf("\nThe true line has slope 2 and intercept 1. The outlier sits about 29\n"
               "below it; squared, its error dominates MSE and drags the line down. MAE\n"
               "and Huber give it a bounded pull and stay close to the other points.\n");
    double m_ls, c_ls, m_l1 = 0, c_l1 = 0, gm, gc;
    least_squares(d, &m_ls, &c_ls);
    double E_l1 = least_absolute(d, &m_l1, &c_l1);
    cost_and_grad(&losses[2], d, fits[2].m, fits[2].c, &gm, &gc);
    Fit fixed = fit_line(&losses[1], d, s->eta, 1e300, s->epochs);
    hand_printf("\nChecks against other ways to the same minimum:\n"
                "  MSE:   least squares in closed form: m = %v, c = %v\n"
                "  MAE:   the best line passes through two of the points; trying every\n"
                "         pair gives m = %v, c = %v, E = %v\n", m_ls, c_ls, m_l1, c_l1, E_l1);
    if (fabs(gm) < 1e-9 && fabs(gc) < 1e-9)
        printf("  Huber: at the end |dE/dm| and |dE/dc| are below 1e-9; Huber is convex,\n"
               "         so the point where its gradient vanishes is its minimum\n");
    else
        hand_printf("  Huber: at the end dE/dm = %v, dE/dc = %v: not yet at the\n"
                    "         minimum (try more --epochs or a larger --eta)\n", gm, gc);
    if (fixed.m_hi - fixed.m_lo > 1e-9)
        hand_printf("\nWith a fixed eta = %v the MAE fit never settles: over its last %d\n"
                    "steps m still jumps between %v and %v.\n", s->eta, LAST_STEPS,
                    fixed.m_lo, fixed.m_hi);
    else
        hand_printf("\n(With a fixed eta = %v the MAE fit happens to settle on these data,\n"
                    "at m = %v.)\n", s->eta, fixed.m);
    plot_fits(plotter, d, fits, losses);
    return 0;
}

/* ---- 7. Binary cross-entropy --------------------------------------------------- */

static void lecture_bce(void)
{
    hand_section("7. Binary cross-entropy (log loss)");
    printf("For a label y in {0, 1} and a predicted probability p = y_hat (a sigmoid\n"
           "output), 001 and 002:\n\n"
           "    L = -y ln p - (1 - y) ln(1 - p)      cost = 1/n sum_i L_i\n\n"
           "Only one term is alive: -ln p when y = 1, -ln(1 - p) when y = 0.\n\n");
    static const double ps[] = {0.9, 0.5, 0.1};
    char b[3][40];
    printf("    %5s  %18s  %18s\n", "p", "y = 1: -ln p", "y = 0: -ln(1 - p)");
    for (int i = 0; i < 3; i++)
        printf("    %5s  %18s  %18s\n", hand_fmt(b[0], 40, ps[i]),
               hand_fmt(b[1], 40, loss_bce(1, ps[i])), hand_fmt(b[2], 40, loss_bce(0, ps[i])));
    printf("\nA confident wrong answer costs much more than a hesitant one (bce.png).\n"
           "The gradient, written out as 001 does it:\n\n"
           "    dL/dp = -y/p + (1 - y)/(1 - p) = (-y (1 - p) + p (1 - y)) / (p (1 - p))\n"
           "          = (-y + y p + p - y p) / (p (1 - p)) = (p - y) / (p (1 - p))\n\n");
    double p = 0.9, z = log(p / (1 - p));
    hand_printf("    y = 0, p = %v: dL/dp = (%v - 0) / (%v x %v) = %v\n", p, p, p, 1 - p,
                loss_bce_grad(0, p));
    hand_printf("\nWith p = sigmoid(z), dp/dz = p (1 - p) cancels the denominator:\n\n"
                "    dL/dz = dL/dp x dp/dz = p - y      (here z = %v: %v x %v = %v)\n", z,
                loss_bce_grad(0, p), act_sigmoid_deriv(z),
                loss_bce_grad(0, p) * act_sigmoid_deriv(z));
}

static void plot_bce(Plotter *plotter)
{
    static double x[CURVE_POINTS], y1[CURVE_POINTS], y0[CURVE_POINTS];
    for (int i = 0; i < CURVE_POINTS; i++) {
        x[i] = grid(0.002, 0.998, i, CURVE_POINTS);
        y1[i] = loss_bce(1, x[i]);
        y0[i] = loss_bce(0, x[i]);
    }
    Plot *pl = plot_begin(plotter, "bce", &(PlotSpec){
        .title = "Binary cross-entropy against the predicted probability p",
        .xlabel = "predicted probability p = y_hat", .ylabel = "loss L",
        .settings = "set xrange [0:1]\nset yrange [0:6]\nset key top center"});
    plot_series(pl, "y = 1: L = -ln p", "lines lw 2 lc rgb '#c0392b'", x, y1, CURVE_POINTS);
    plot_series(pl, "y = 0: L = -ln(1 - p)", "lines lw 2 lc rgb '#2e6fb5'", x, y0, CURVE_POINTS);
    plot_end(pl);
}

/* One sigmoid unit p = sigmoid(w x) on the example (x, y) = (1, 1). */
static double unit_bce(double w)
{
    return loss_bce(1.0, act_sigmoid(w));
}

static double unit_squared(double w)
{
    return loss_squared(1.0, act_sigmoid(w));
}

/* f'' by a central second difference: (f(w + h) - 2 f(w) + f(w - h)) / h^2 */
static double second_diff(double (*f)(double), double w)
{
    const double h = 1e-4;
    return (f(w + h) - 2.0 * f(w) + f(w - h)) / (h * h);
}

static void lecture_bce_convexity(void)
{
    hand_section("8. Is BCE convex? One sigmoid unit, two losses");
    printf("001 lists \"multiple local minima\" as a disadvantage of BCE. Take one\n"
           "sigmoid unit p = sigmoid(w x) (logistic regression) and one example\n"
           "x = 1, y = 1, and look at the loss as a function of the weight w:\n\n"
           "    BCE:      L(w) = -ln sigmoid(w)       L'' = x^2 p (1 - p) > 0 everywhere\n"
           "    squared:  L(w) = (1 - sigmoid(w))^2   L'' = 2 x^2 s^2 (1 - s)(2 - 3s),\n"
           "              s = 1 - p, which is negative for w < -ln 2\n\n");
    static const double ws[] = {-6, -4, -2, 0, 2, 4};
    char b[5][40];
    printf("    %3s  %14s  %14s  %14s  %15s\n", "w", "BCE", "BCE''", "squared", "squared''");
    for (int i = 0; i < 6; i++) {
        double w = ws[i], p = act_sigmoid(w), s = 1 - p;
        printf("    %3s  %14s  %14s  %14s  %15s\n", hand_fmt(b[0], 40, w),
               hand_fmt(b[1], 40, unit_bce(w)), hand_fmt(b[2], 40, p * (1 - p)),
               hand_fmt(b[3], 40, unit_squared(w)),
               hand_fmt(b[4], 40, 2 * s * s * (1 - s) * (2 - 3 * s)));
    }
    double worst = 0.0;
    for (int i = 0; i < 6; i++) {
        double w = ws[i], p = act_sigmoid(w), s = 1 - p;
        worst = fmax(worst, fabs(second_diff(unit_bce, w) - p * (1 - p)));
        worst = fmax(worst, fabs(second_diff(unit_squared, w) - 2 * s * s * (1 - s) * (2 - 3 * s)));
    }
    printf("\n(Both L'' columns agree with central second differences of L to %s.)\n\n",
           worst < 1e-6 ? "1e-6" : "LESS THAN EXPECTED");
    double w = -6, p = act_sigmoid(w);
    hand_printf("BCE is convex in w: no local minimum but the global one (for this single\n"
                "example it keeps falling towards 0 as w grows). The squared error of the\n"
                "same unit is not convex, and worse, it goes flat when the unit is\n"
                "confidently wrong. At w = %v the two slopes are\n\n"
                "    squared:  dL/dw = -2 (1 - p) p (1 - p) = %v\n"
                "    BCE:      dL/dw = p - 1 = %v, which keeps pulling.\n\n"
                "A deep network has a non-convex cost whatever the loss (MSE included):\n"
                "local minima come from the network, not from BCE. (convexity.png)\n",
                w, -2 * (1 - p) * p * (1 - p), p - 1);
}

static void plot_convexity(Plotter *plotter)
{
    static double x[CURVE_POINTS], y1[CURVE_POINTS], y2[CURVE_POINTS];
    for (int i = 0; i < CURVE_POINTS; i++) {
        x[i] = grid(-6, 6, i, CURVE_POINTS);
        y1[i] = unit_bce(x[i]);
        y2[i] = unit_squared(x[i]);
    }
    Plot *pl = plot_begin(plotter, "convexity", &(PlotSpec){
        .title = "One sigmoid unit p = sigmoid(w), target y = 1: "
                 "BCE is convex in w, the squared error is not",
        .xlabel = "weight w", .ylabel = "loss L(w)", .width = 1000,
        .settings = "set yrange [0:3]\nset key top right"});
    plot_series(pl, "BCE: -ln sigmoid(w)", "lines lw 2 lc rgb '#c0392b'", x, y1, CURVE_POINTS);
    plot_series(pl, "squared error: (1 - sigmoid(w))^2", "lines lw 2 lc rgb '#2e6fb5'", x, y2,
                CURVE_POINTS);
    plot_end(pl);
}

/* ---- 9. Class weights ------------------------------------------------------------ */

static void lecture_class_weights(void)
{
    hand_section("9. Class weights: {0: 5, 1: 70} (003)");
    static const double cw[2] = {5, 70};
    static const double p[] = {0.2, 0.05, 0.7, 0.3, 0.9};
    static const double y[] = {0, 0, 1, 1, 0}; /* chosen: the notes give no labels */
    printf("When one class is rare, its mistakes are multiplied by a larger weight\n"
           "(Keras: class_weight = {0: 5, 1: 70}):\n\n"
           "    L = -w1 y ln p - w0 (1 - y) ln(1 - p)     cost = 1/n sum_i L_i\n\n"
           "003's predictions f(x) = 0.2, 0.05, 0.7, 0.3, 0.9 come without labels; we\n"
           "take y = 0, 0, 1, 1, 0 (two right negatives, a right positive, a missed\n"
           "positive, a false alarm):\n\n");
    char b[5][40];
    double sum = 0.0, sum_w = 0.0;
    printf("    %3s  %6s  %12s  %7s  %14s\n", "y", "p", "BCE", "weight", "weighted");
    for (int i = 0; i < 5; i++) {
        double L = loss_bce(y[i], p[i]), Lw = loss_weighted_bce(y[i], p[i], cw);
        sum += L, sum_w += Lw;
        printf("    %3s  %6s  %12s  %7s  %14s\n", hand_fmt(b[0], 40, y[i]),
               hand_fmt(b[1], 40, p[i]),
               hand_fmt(b[2], 40, L), hand_fmt(b[3], 40, cw[(int)y[i]]), hand_fmt(b[4], 40, Lw));
    }
    Mat *Y = mat_from(5, 1, y), *P = mat_from(5, 1, p);
    double cost = NAN;
    if (Y && P)
        cost = loss_cost(&(Loss){.kind = LOSS_WEIGHTED_BCE, .class_weight = {5, 70}}, Y, P);
    mat_free(Y);
    mat_free(P);
    hand_printf("\n    unweighted: sum %v, cost %v / 5 = %v\n", sum, sum, sum / 5);
    hand_printf("    weighted:   sum %v, cost %v / 5 = %v\n", sum_w, sum_w, cost);
    hand_printf("\nUnweighted, the false alarm (p = 0.9, y = 0: %v) costs most.\n"
                "Weighted, the missed positive (p = 0.3, y = 1: 70 x %v = %v)\n"
                "dominates, and its gradient -w1/p = %v pulls 4.7 times harder\n"
                "than the false alarm's w0/(1 - p) = %v. (Keras divides the weighted sum\n"
                "by n, not by the sum of the weights, so the weights also scale the cost.)\n",
                loss_bce(0, 0.9), loss_bce(1, 0.3), loss_weighted_bce(1, 0.3, cw),
                loss_weighted_bce_grad(1, 0.3, cw), loss_weighted_bce_grad(0, 0.9, cw));
}

/* ---- 10. Categorical cross-entropy, softmax ---------------------------------- */

static void lecture_cce(void)
{
    hand_section("10. Categorical cross-entropy (001) and softmax (003)");
    printf("k classes, a one-hot target y and predicted probabilities p (a softmax):\n\n"
           "    L = -sum_j y_j ln p_j = -y_1 ln p_1 - y_2 ln p_2 - y_3 ln p_3\n\n");
    double y1[] = {1, 0, 0}, p1[] = {0.2, 0.3, 0.5};
    double y2[] = {0, 1, 0}, p2[] = {0.3, 0.6, 0.1};
    hand_printf("    p = (%v, %v, %v), y = (1, 0, 0): L = -1 x ln %v = %v\n", p1[0], p1[1], p1[2],
                p1[0], loss_cce(y1, p1, 3));
    hand_printf("    p = (%v, %v, %v), y = (0, 1, 0): L = -1 x ln %v = %v\n", p2[0], p2[1], p2[2],
                p2[1], loss_cce(y2, p2, 3));
    double Y[] = {1, 0, 0, 0, 1, 0}, P[] = {0.2, 0.3, 0.5, 0.3, 0.6, 0.1};
    Mat *My = mat_from(2, 3, Y), *Mp = mat_from(2, 3, P);
    double cost = NAN;
    if (My && Mp)
        cost = loss_cost(&(Loss){.kind = LOSS_CCE}, My, Mp);
    mat_free(My);
    mat_free(Mp);
    hand_printf("    cost of the two: (%v + %v) / 2 = %v\n", loss_cce(y1, p1, 3),
                loss_cce(y2, p2, 3),
                cost);
    double dp[3];
    loss_cce_grad(dp, y1, p1, 3);
    hand_printf("\nThe gradient dL/dp_j = -y_j / p_j: for the first, (%v, %v, %v).\n", dp[0], dp[1],
                dp[2]);
}

/* The context of a numeric gradient of L(z) = CCE(y, softmax(z)). */
typedef struct {
    const double *y;
    double z[3];
} SoftmaxCtx;

static double softmax_cce(void *ctx)
{
    SoftmaxCtx *c = ctx;
    double p[3];
    act_softmax(p, c->z, 3);
    return loss_cce(c->y, p, 3);
}

static void lecture_softmax_cce(void)
{
    printf("\nWith p = softmax(z), p_j = e^(z_j) / sum_i e^(z_i), the chain rule through\n"
           "the softmax collapses to (003):\n\n"
           "    dL/dz_j = p_j - y_j\n\n");
    double y[] = {1, 0, 0}, p[] = {0.2, 0.3, 0.5};
    SoftmaxCtx c = {.y = y};
    for (int j = 0; j < 3; j++)
        c.z[j] = log(p[j]); /* logits whose softmax is p */
    hand_printf("The logits z = (ln 0.2, ln 0.3, ln 0.5)\n"
                "           = (%v, %v, %v)\n"
                "give p = (0.2, 0.3, 0.5); the first class is the true one:\n\n",
                c.z[0], c.z[1], c.z[2]);
    double soft[3]; /* softmax(z): p again, up to rounding */
    act_softmax(soft, c.z, 3);
    printf("    %-8s  %12s  %14s  %14s\n", "class", "y", "p - y", "numeric dL/dz");
    for (int j = 0; j < 3; j++) {
        char b[3][40];
        double numeric = gradcheck_numeric(softmax_cce, &c, &c.z[j], GRADCHECK_STEP);
        printf("    %-8d  %12s  %14s  %14s\n", j, hand_fmt(b[0], 40, y[j]),
               hand_fmt(b[1], 40, soft[j] - y[j]), hand_fmt(b[2], 40, numeric));
    }
    printf("\nThe numeric column is (L(z_j + h) - L(z_j - h)) / 2h, h = 1e-5, computed\n"
           "through act_softmax and loss_cce. 003 gets the same (-0.8, 0.3, 0.5) by\n"
           "subtracting 1 at the true class: dz[range(m), y] -= 1. Were the second\n");
    hand_printf("class the true one, y = (0, 1, 0), it would be (%v, %v, %v).\n", p[0], p[1] - 1,
                p[2]);
}

/* ---- 11. Sparse categorical cross-entropy ------------------------------------- */

static void lecture_sparse(void)
{
    hand_section("11. Sparse categorical cross-entropy (001) and which logarithm (003)");
    printf("The same loss with the target given as a class INDEX c (0, 1, ..., k-1)\n"
           "instead of a one-hot row: L = -ln p_c. No one-hot encoding is needed.\n\n");
    double p[] = {0.1, 0.4, 0.5}, q[] = {0.6, 0.12, 0.2};
    hand_printf("    p = (%v, %v, %v), class 0 (first):  L = -ln %v = %v\n", p[0], p[1], p[2], p[0],
                loss_sparse_cce(0, p, 3));
    hand_printf("    p = (%v, %v, %v), class 1 (second): L = -ln %v = %v\n", p[0], p[1], p[2], p[1],
                loss_sparse_cce(1, p, 3));
    hand_printf("    p = (%v, %v, %v), class 2 (third):  L = -ln %v = %v\n", q[0], q[1], q[2], q[2],
                loss_sparse_cce(2, q, 3));
    hand_printf("\nThe third p adds up to %v + %v + %v = %v, not 1: no softmax outputs it.\n"
                "The loss reads only p_c, so the value stands, but the example is not a\n"
                "valid prediction (0.6, 0.2, 0.2 would be).\n", q[0], q[1], q[2],
                q[0] + q[1] + q[2]);
    double dp[3];
    loss_sparse_cce_grad(dp, 1, p, 3);
    hand_printf("The gradient is -1/p_c at the class, 0 elsewhere: class 1 gives (%v, %v, %v).\n",
                dp[0], dp[1], dp[2]);
    double r[] = {0.3, 0.1, 0.6};
    hand_printf("\n003 writes \"-log 0.3 = 0.52\" for p = (%v, %v, %v) with the first class true.\n"
                "Cross-entropy uses the natural logarithm (Keras, TensorFlow, PyTorch):\n\n"
                "    -ln 0.3 = %v     (-log10 0.3 = %v: the notes' 0.52)\n",
                r[0], r[1], r[2], loss_sparse_cce(0, r, 3), -log10(0.3));
}

/* ---- 12. Hinge ------------------------------------------------------------------- */

static void lecture_hinge(void)
{
    hand_section("12. Hinge loss (001, 004)");
    printf("For labels y in {-1, +1} and a raw score f (no sigmoid):\n\n"
           "    L = max(0, 1 - y f)      dL/df = -y if y f < 1, else 0\n\n"
           "It is 0 once the example is on its side with a margin (y f >= 1), not\n"
           "when f is \"close to\" y: f = -5 for y = -1 costs 0 too.\n\n");
    static const double ex[][2] = {{-1, -1}, {1, 0.3}, {1, -0.5}, {-1, -5}, {1, 2}};
    for (int i = 0; i < 5; i++) {
        double y = ex[i][0], f = ex[i][1];
        hand_printf("    y = %v, f = %v: max(0, 1 - (%v)(%v)) = max(0, %v) = %v,  dL/df = %v\n", y,
                    f, y, f, 1 - y * f, loss_hinge(y, f), loss_hinge_grad(y, f));
    }
}

/* ---- 13. Entropy, cross-entropy, KL ---------------------------------------------- */

/* H(P) = -sum_j P_j ln P_j, with 0 ln 0 = 0 (the limit of p ln p as p -> 0) */
static double entropy(const double *P, int k)
{
    double H = 0.0;
    for (int j = 0; j < k; j++)
        if (P[j] != 0.0)
            H -= P[j] * log(P[j]);
    return H;
}

static void lecture_kl(void)
{
    hand_section("13. Entropy, cross-entropy and KL divergence (004)");
    printf("For a true distribution P and a predicted one Q over k outcomes:\n\n"
           "    entropy        H(P)    = -sum_j P_j ln P_j\n"
           "    cross-entropy  H(P, Q) = -sum_j P_j ln Q_j\n"
           "    KL divergence  KL(P || Q) = sum_j P_j (ln P_j - ln Q_j) = H(P, Q) - H(P)\n\n");
    double P[] = {0.7, 0.2, 0.1}, Q[] = {0.2, 0.3, 0.5};
    double H = entropy(P, 3), HPQ = loss_cce(P, Q, 3), kl = loss_kl(P, Q, 3);
    hand_printf("P = (%v, %v, %v), Q = (%v, %v, %v):\n", P[0], P[1], P[2], Q[0], Q[1], Q[2]);
    hand_printf("    H(P)    = -(%v ln %v + %v ln %v + %v ln %v) = %v\n", P[0], P[0], P[1], P[1],
                P[2], P[2], H);
    hand_printf("    H(P, Q) = -(%v ln %v + %v ln %v + %v ln %v) = %v\n", P[0], Q[0], P[1], Q[1],
                P[2], Q[2], HPQ);
    hand_printf("    KL(P || Q) = %v - %v = %v   (library: %v)\n", HPQ, H, HPQ - H, kl);
    hand_printf("    KL(Q || P) = %v: not symmetric, so not a distance\n", loss_kl(Q, P, 3));
    double y[] = {1, 0, 0};
    hand_printf("\nFor a one-hot target y = (1, 0, 0), H(y) = -(1 ln 1 + 0 + 0) = %v, so the\n"
                "categorical cross-entropy IS the KL divergence:\n"
                "H(y, Q) = %v = KL(y || Q) = %v. Minimizing cross-entropy pulls Q\n"
                "towards P. KL >= 0, with 0 only when Q = P. Its gradient in Q is\n"
                "dKL/dQ_j = -P_j / Q_j.\n",
                entropy(y, 3), loss_cce(y, Q, 3), loss_kl(y, Q, 3));
}

/* ---- 14. Numerical safety ------------------------------------------------------- */

static void lecture_safety(void)
{
    hand_section("14. Numerical safety: ln 0 and cosh 1000");
    double zero = 0.0;
    printf("A sigmoid or softmax in double precision can round to exactly 0 or 1, and\n"
           "ln 0 = -inf: one such example would make the cost inf and the next update\n"
           "NaN. So the library clamps probabilities into [LOSS_EPS, 1 - LOSS_EPS],\n");
    hand_printf("LOSS_EPS = %v (Keras' epsilon), before taking a logarithm:\n\n", LOSS_EPS);
    double p0[] = {0, 0.5, 0.5}, y0[] = {1, 0, 0};
    hand_printf("    BCE, y = 1, p = 0:   -ln 0 = %v unclamped; clamped -ln(1e-7) = %v\n",
                -log(zero), loss_bce(1, 0));
    hand_printf("    BCE, y = 0, p = 1:   clamped -ln(1 - (1 - 1e-7)) = %v\n", loss_bce(0, 1));
    hand_printf("    BCE, y = 1, p = 1:   -ln(1 - 1e-7) = %v (almost free)\n",
                loss_bce(1, 1));
    hand_printf("    CCE, p_c = 0:        %v\n", loss_cce(y0, p0, 3));
    hand_printf("    gradients stay finite: dBCE/dp at y = 1, p = 0 is %v\n\n",
                loss_bce_grad(1, 0));
    hand_printf("So one example costs at most -ln(1e-7) = %v: large, finite, and its\n"
                "gradient still points the right way.\n\n", -log(LOSS_EPS));
    double e = 1000.0;
    hand_printf("log-cosh: cosh(%v) = %v in double precision (cosh overflows beyond\n"
                "|e| = 710), so ln(cosh(e)) would be inf. The library writes\n\n"
                "    ln cosh e = |e| + ln(1 + e^(-2|e|)) - ln 2     (|e| >= 1)\n"
                "    ln cosh e = ln(1 + 2 sinh^2(e/2))             (|e| < 1)\n\n"
                "    ln cosh %v = %v = 1000 - ln 2\n\n", e, cosh(e), e, loss_logcosh(e, 0));
    double tiny = 1e-8;
    hand_printf("The second form keeps tiny errors exact: ln cosh(%v) = %v = e^2/2, where\n"
                "the first would give %v.\n", tiny, loss_logcosh(tiny, 0),
                tiny + log1p(exp(-2.0 * tiny)) - log(2.0));
}

/* ---- 15. Every gradient, checked --------------------------------------------------- */

typedef double (*PairFn)(double y, double yhat);

typedef struct {
    PairFn f;
    double y, yhat;
} PairCtx;

static double pair_value(void *ctx)
{
    PairCtx *c = ctx;
    return c->f(c->y, c->yhat);
}

static const double CW[2] = {5, 70};
static double huber1(double y, double yhat) { return loss_huber(y, yhat, 1.0); }
static double huber1_grad(double y, double yhat) { return loss_huber_grad(y, yhat, 1.0); }
static double wbce(double y, double p) { return loss_weighted_bce(y, p, CW); }
static double wbce_grad(double y, double p) { return loss_weighted_bce_grad(y, p, CW); }

/* cs231n's bands for a relative error |a - n| / max(|a|, |n|). */
static const char *verdict(double rel)
{
    return rel <= 1e-7 ? "good (<= 1e-7)" : rel <= 1e-4 ? "suspicious" : "WRONG";
}

static void check_row(const char *name, PairFn f, PairFn grad, double y, double yhat)
{
    PairCtx c = {.f = f, .y = y, .yhat = yhat};
    double numeric = gradcheck_numeric(pair_value, &c, &c.yhat, GRADCHECK_STEP);
    double analytic = grad(y, yhat);
    char b[4][40];
    printf("    %-13s %5s %6s  %14s  %14s  %s\n", name, hand_fmt(b[0], 40, y),
           hand_fmt(b[1], 40, yhat), hand_fmt(b[2], 40, analytic), hand_fmt(b[3], 40, numeric),
           verdict(gradcheck_rel_error(analytic, numeric)));
}

typedef enum { VEC_CCE, VEC_KL, VEC_SPARSE } VecKind;

/* A loss over 3 classes; for VEC_SPARSE, y is one-hot and its 1 is the class. */
typedef struct {
    VecKind kind;
    const double *y;
    double p[3];
} VecCtx;

static int class_of(const double *y)
{
    return y[0] == 1 ? 0 : (y[1] == 1 ? 1 : 2);
}

static double vec_value(void *ctx)
{
    VecCtx *c = ctx;
    switch (c->kind) {
    case VEC_KL: return loss_kl(c->y, c->p, 3);
    case VEC_SPARSE: return loss_sparse_cce(class_of(c->y), c->p, 3);
    default: return loss_cce(c->y, c->p, 3);
    }
}

static void check_vec(const char *name, VecKind kind, const double *y, const double *p)
{
    VecCtx c = {.kind = kind, .y = y, .p = {p[0], p[1], p[2]}};
    double dp[3];
    if (kind == VEC_KL)
        loss_kl_grad(dp, y, p, 3);
    else if (kind == VEC_SPARSE)
        loss_sparse_cce_grad(dp, class_of(y), p, 3);
    else
        loss_cce_grad(dp, y, p, 3);
    for (int j = 0; j < 3; j++) {
        char b[4][40], label[32];
        double numeric = gradcheck_numeric(vec_value, &c, &c.p[j], GRADCHECK_STEP);
        snprintf(label, sizeof label, "%s p%d", name, j + 1);
        printf("    %-13s %5s %6s  %14s  %14s  %s\n", label, hand_fmt(b[0], 40, y[j]),
               hand_fmt(b[1], 40, p[j]), hand_fmt(b[2], 40, dp[j]), hand_fmt(b[3], 40, numeric),
               verdict(gradcheck_rel_error(dp[j], numeric)));
    }
}

static void lecture_gradcheck(void)
{
    hand_section("15. Every gradient, checked against central differences");
    printf("Each analytic dL/dy_hat next to (L(y_hat + h) - L(y_hat - h)) / 2h, h = 1e-5,\n"
           "judged by the relative error |a - n| / max(|a|, |n|) (cs231n's bands):\n\n");
    printf("    %-13s %5s %6s  %14s  %14s  %s\n", "loss", "y", "y_hat", "analytic", "numeric",
           "relative error");
    check_row("squared", loss_squared, loss_squared_grad, 0.7, -0.4);
    check_row("absolute", loss_absolute, loss_absolute_grad, 0.7, -0.4);
    check_row("Huber d=1", huber1, huber1_grad, 0.7, 0.3);
    check_row("Huber d=1", huber1, huber1_grad, 0.7, -1.6);
    check_row("log-cosh", loss_logcosh, loss_logcosh_grad, 0.7, -0.4);
    check_row("BCE", loss_bce, loss_bce_grad, 1, 0.73);
    check_row("weighted BCE", wbce, wbce_grad, 1, 0.3);
    check_row("hinge", loss_hinge, loss_hinge_grad, -1, 0.45);
    double y[] = {0, 1, 0}, p[] = {0.25, 0.6, 0.15};
    double P[] = {0.7, 0.2, 0.1}, Q[] = {0.2, 0.3, 0.5};
    check_vec("CCE", VEC_CCE, y, p);
    check_vec("sparse", VEC_SPARSE, y, p);
    check_vec("KL", VEC_KL, P, Q);
    printf("\n(The absolute and hinge losses are checked away from their kinks, where a\n"
           "central difference straddling the kink would average the two slopes.)\n");
}

/* ---- the lecture ------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 05 - Loss functions (lecture notes 000, 001, 002, 003, 004)\n"
    "Loss vs cost; MSE, MAE, RMSE, Huber and log-cosh, and a line fitted through\n"
    "an outlier under each; binary cross-entropy, class weights, categorical and\n"
    "sparse categorical cross-entropy, hinge, entropy and KL divergence; every\n"
    "gradient checked; clamping and a log-cosh that never overflows.";

static void lecture_summary(void)
{
    hand_section("16. Which loss for which task (001, 003)");
    printf("    task                    output       loss\n"
           "    regression              linear       MSE (MAE or Huber with outliers)\n"
           "    binary classification   sigmoid      binary cross-entropy\n"
           "    multi-class, one-hot    softmax      categorical cross-entropy\n"
           "    multi-class, index      softmax      sparse categorical cross-entropy\n"
           "    binary, labels -1/+1    raw score    hinge\n"
           "    match a distribution    softmax      KL divergence\n");
}

int main(int argc, char **argv)
{
    const char *data_path = NULL;
    FitSettings fs = {.eta = ETA, .delta = DELTA, .epochs = EPOCHS};
    CliFlag flags[] = {
        {"data", CLI_STRING, &data_path, "FILE", "CSV with x,y to fit the three lines to"},
        {"delta", CLI_DOUBLE, &fs.delta, "D", "Huber's delta for the line fit (default 1)"},
        {"eta", CLI_DOUBLE, &fs.eta, "RATE", "starting learning rate of the fits (default 0.05)"},
        {"epochs", CLI_INT, &fs.epochs, "N", "gradient descent steps per fit (default 200000)"},
    };
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED,
                    .flags = flags, .n_flags = 4};
    CliOptions opt;
    int rc = cli_parse(&opt, &spec, argc, argv);
    if (rc != CLI_RUN)
        return rc == CLI_EXIT_OK ? 0 : 2;
    if (!(fs.eta > 0) || !(fs.delta > 0) || fs.epochs < 1 || fs.epochs > MAX_EPOCHS)
        return cli_error(&spec, "--eta and --delta must be > 0, --epochs between 1 and %d",
                         MAX_EPOCHS);

    ErrTable t_loss = {0}, t_mse = {0}, t_mae = {0};
    Points pts = {0};
    Plotter plotter;
    Rng rng;
    rng_seed(&rng, opt.seed);
    rc = 1;
    if (load_err_table(&t_loss, BMI_LOSS, "bmi", "bmi_pred") != 0 ||
        load_err_table(&t_mse, BMI_MSE, "weight", "weight_pred") != 0 ||
        load_err_table(&t_mae, BMI_MAE, "bmi", "bmi_pred") != 0)
        goto done;
    if (data_path ? load_points(&pts, data_path) != 0 : make_points(&pts, &rng) != 0) {
        if (!data_path)
            fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    if (plot_open(&plotter, opt.plots, opt.out, CHAPTER) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        goto done;
    }

    printf("%s\n", CARD);
    printf("(seed %" PRIu64 ")\n", opt.seed);
    lecture_loss_vs_cost(&t_loss);
    lecture_mse(&t_mse);
    lecture_mae(&t_mae);
    lecture_convexity();
    lecture_huber_logcosh();
    plot_regression_losses(&plotter);
    plot_huber_deltas(&plotter);
    if (lecture_outliers(&plotter, &pts, &fs) != 0) {
        plot_close(&plotter);
        goto done;
    }
    lecture_bce();
    plot_bce(&plotter);
    lecture_bce_convexity();
    plot_convexity(&plotter);
    lecture_class_weights();
    lecture_cce();
    lecture_softmax_cce();
    lecture_sparse();
    lecture_hinge();
    lecture_kl();
    lecture_safety();
    lecture_gradcheck();
    lecture_summary();
    rc = 0;
    if (plot_close(&plotter) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        rc = 1;
    }
done:
    data_table_free(&t_loss.t);
    data_table_free(&t_mse.t);
    data_table_free(&t_mae.t);
    free(pts.x);
    return rc;
}
