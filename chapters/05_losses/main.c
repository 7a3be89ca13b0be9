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
 *   - every gradient dL/dy_hat (tests/unit/test_ch05_losses.c checks each
 *     one against central differences)
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
#include <math.h>
#include <stdio.h>

#include "act.h"
#include "chapter.h"
#include "cli.h"
#include "data.h"
#include "hand.h"
#include "loss.h"
#include "plot.h"
#include "rng.h"
#include "sheet.h"

#define CHAPTER "05_losses"
#define SEED 1964          /* the year of Huber's paper on robust estimation */
#define BMI_LOSS "datasets/bmi_loss.csv"
#define BMI_MSE "datasets/bmi_mse.csv"
#define BMI_MAE "datasets/bmi_mae.csv"
#define TABLE_ROWS 3       /* each of 000's tables has three examples */
#define LINE_POINTS 21     /* x = -4, -3.5, ..., 6 */
#define LINE_NOISE 0.5     /* standard deviation of the noise around y = 1 + 2x */
#define OUTLIER_INDEX 18   /* the point at x = 5 ... */
#define OUTLIER_Y (-18.0)  /* ... is recorded as -18 instead of about 11 */
#define DELTA 1.0          /* Huber's delta (Keras' default) */
#define ETA 0.05           /* the starting learning rate of the fits */
#define TAU 100.0          /* eta_t = eta / (1 + t / TAU) */
#define EPOCHS 200000      /* full-batch gradient descent steps per fit */
#define MAX_EPOCHS 1000000
#define LAST_STEPS 20      /* the range of m over the last steps shows a fit that jumps */
#define CURVE_POINTS 241   /* points per curve in the loss plots */

/* The givens of the worked examples that --variant N redraws: section 7's
 * label and probability, section 13's two distributions. (Section 2's
 * table is redrawn where it is loaded: draw_mse_table.) */
typedef struct {
    double bce_y, bce_p; /* section 7: y in {0, 1}, p = y_hat */
    double P[3], Q[3];   /* section 13: the true and the predicted distribution */
} Givens;

static const Givens NOTES = {.bce_y = 0, .bce_p = 0.9, .P = {0.7, 0.2, 0.1}, .Q = {0.2, 0.3, 0.5}};

/* ---- 1-3. Errors, loss and cost on the notes' tables ------------------------ */

/* The errors of n <= TABLE_ROWS predictions, and every sum, cost and
 * gradient the lecture builds from them. */
typedef struct {
    int n;
    double e[TABLE_ROWS], abs_e[TABLE_ROWS], sq_e[TABLE_ROWS]; /* e_i, |e_i|, e_i^2 */
    double sum_e, sum_abs, sum_sq;
    double mean_e, mse, mae, rmse;
    double dMSE[TABLE_ROWS], dRMSE[TABLE_ROWS], dMAE[TABLE_ROWS]; /* d cost / dy_hat_i */
} Errors;

static Errors errors_of(const double *y, const double *yhat, int n)
{
    Errors r = {.n = n};
    /* e_i = y_i - y_hat_i, and the sums of e_i, |e_i| and e_i^2 */
    for (int i = 0; i < n; i++) {
        r.e[i] = y[i] - yhat[i];
        r.abs_e[i] = fabs(r.e[i]);
        r.sq_e[i] = r.e[i] * r.e[i];
        r.sum_e += r.e[i];
        r.sum_abs += r.abs_e[i];
        r.sum_sq += r.sq_e[i];
    }
    /* MSE = 1/n sum e_i^2,  MAE = 1/n sum |e_i|,  RMSE = sqrt(MSE) */
    r.mean_e = r.sum_e / n;
    r.mse = r.sum_sq / n;
    r.mae = r.sum_abs / n;
    r.rmse = sqrt(r.mse);
    /* d MSE/dy_hat_i = -2 e_i / n,  d RMSE/dy_hat_i = d MSE/dy_hat_i / (2 RMSE),
     * d MAE/dy_hat_i = -sign(e_i) / n  (0 at e_i = 0) */
    for (int i = 0; i < n; i++) {
        double sign = (r.e[i] > 0) - (r.e[i] < 0);
        r.dMSE[i] = -2.0 * r.e[i] / n;
        r.dRMSE[i] = r.rmse > 0 ? r.dMSE[i] / (2.0 * r.rmse) : 0.0;
        r.dMAE[i] = -sign / n;
    }
    return r;
}

/* One of 000's tables: y is its actual column, X its predicted one, r their errors. */
typedef struct {
    DataXY d;
    const char *path;
    int drawn; /* 1: drawn for --variant N, not the notes' table */
    Errors r;
} ErrTable;

/* Load one of 000's tables with its columns y_name and yhat_name, and
 * work out its errors. Returns 0, or CHAPTER_ERROR after printing an error. */
static int load_err_table(ErrTable *t, const char *path, const char *y_name,
                          const char *yhat_name)
{
    DataXYSpec spec = {.target = y_name, .features = (const char *[]){yhat_name},
                       .n_features = 1, .want = {DATA_TARGET_REAL}};
    t->path = path;
    if (chapter_load_xy(NULL, &t->d, path, &spec, NULL) != 0)
        return CHAPTER_ERROR;
    if (t->d.y->rows != TABLE_ROWS)
        return chapter_error("%s: expected the notes' %d rows, found %d", path, TABLE_ROWS,
                             t->d.y->rows);
    t->r = errors_of(t->d.y->data, t->d.X->data, TABLE_ROWS);
    return 0;
}

/* The table's columns, then e and one more column (extra_name, extra[i]). */
static void print_err_table(const ErrTable *t, const char *extra_name, const double *extra)
{
    const DataTable *tab = &t->d.table;
    const Errors *r = &t->r;
    hand_printf("    ");
    for (int j = 0; j < tab->cols; j++)
        hand_printf("%10s  ", tab->names[j]);
    hand_printf("%10s  %10s\n", "e", extra_name);
    for (int i = 0; i < r->n; i++) {
        hand_printf("    ");
        for (int j = 0; j < tab->cols; j++)
            hand_printf("%10v  ", MAT_AT(tab->values, i, j));
        hand_printf("%10v  %10v\n", r->e[i], extra[i]);
    }
}

static void lecture_loss_vs_cost(const ErrTable *t)
{
    hand_section("1. Loss and cost");
    printf("A model predicts y_hat; the error of one example is e = y - y_hat\n"
           "(actual - predicted). 000's first table predicts the BMI\n(%s):\n\n",
           t->path);
    const Errors r = t->r;
    print_err_table(t, "|e|", r.abs_e);
    printf("\nA LOSS measures one example; the COST measures the whole data set, as the\n"
           "mean of the losses (000: \"Loss = one observation, Cost = entire data\").\n"
           "The notes' first cost is the mean of the signed errors:\n\n");
    hand_printf("    1/n sum (y - y_hat) = (%v%+v%+v) / 3 = %v / 3 = %v\n", r.e[0], r.e[1],
                r.e[2], r.sum_e, r.mean_e);
    printf("\nSigned errors cancel. 000's next example predicts 66, 72, 76 for 68, 70, 75:\n\n");
    static const double y[] = {68, 70, 75}, yhat[] = {66, 72, 76};
    Errors s = errors_of(y, yhat, 3);
    for (int i = 0; i < 3; i++)
        hand_printf("    %v - %v = %v\n", y[i], yhat[i], s.e[i]);
    hand_printf("\n    sum of e = %v%+v%+v = %v   (the notes write -1 - 1 = -2; see Errata)\n",
                s.e[0], s.e[1], s.e[2], s.sum_e);
    hand_printf("    sum of |e| = %v + %v + %v = %v,  sum of e^2 = %v + %v + %v = %v\n",
                s.abs_e[0], s.abs_e[1], s.abs_e[2], s.sum_abs, s.sq_e[0], s.sq_e[1], s.sq_e[2],
                s.sum_sq);
    printf("\nEvery prediction is off, yet the signed errors nearly cancel. A loss must\n"
           "not let a too-high guess pay for a too-low one: square the error (MSE) or\n"
           "take its absolute value (MAE). On the BMI table above:\n\n");
    hand_printf("    MSE = (%v + %v + %v) / 3 = %v\n    MAE = (%v + %v + %v) / 3 = %v\n",
                r.sq_e[0], r.sq_e[1], r.sq_e[2], r.mse, r.abs_e[0], r.abs_e[1], r.abs_e[2],
                r.mae);
}

/* The gradient of a cost, row by row: "row i: e = .., formula = grad[i]". */
static void print_cost_grad(const Errors *r, const char *formula, const double *grad)
{
    for (int i = 0; i < r->n; i++)
        hand_printf("    row %d: e = %v,  %s = %v\n", i + 1, r->e[i], formula, grad[i]);
}

/* The error of largest size in r (the first of equal ones). */
static double largest_error(const Errors *r)
{
    double e = r->e[0];
    for (int i = 1; i < r->n; i++)
        if (fabs(r->e[i]) > fabs(e))
            e = r->e[i];
    return e;
}

static void lecture_mse(const ErrTable *t)
{
    hand_section("2. Mean squared error (MSE) and its root (RMSE)");
    printf("    L = (y - y_hat)^2          MSE = 1/n sum_i (y_i - y_hat_i)^2\n\n"
           "000's MSE table (%s) predicts the weight:\n\n", t->path);
    const Errors r = t->r;
    print_err_table(t, "e^2", r.sq_e);
    hand_printf("\n    sum e^2 = (%v)^2 + (%v)^2 + (%v)^2 = %v + %v + %v = %v\n", r.e[0], r.e[1],
                r.e[2], r.sq_e[0], r.sq_e[1], r.sq_e[2], r.sum_sq);
    hand_printf("    MSE = %v / 3 = %v kg^2\n", r.sum_sq, r.mse);
    if (t->drawn) /* the notes' sum is of their own table */
        hand_printf("\nThe notes stop at the sum; the cost is the mean, %v. Its unit is the\n"
                    "square of the target's (kg^2). The root brings it back to kg (002, 004):\n\n",
                    r.mse);
    else
        hand_printf("\nThe notes stop at the sum, %v; the cost is the mean, %v. Its unit is the\n"
                    "square of the target's (kg^2). The root brings it back to kg (002, 004):\n\n",
                    r.sum_sq, r.mse);
    hand_printf("    RMSE = sqrt(MSE) = sqrt(%v) = %v kg\n", r.mse, r.rmse);
    hand_printf("    compare MAE = (%v + %v + %v) / 3 = %v kg: the root of the MEAN of\n"
                "    squares weighs the large error (%v) more, so RMSE >= MAE\n",
                r.abs_e[0], r.abs_e[1], r.abs_e[2], r.mae, largest_error(&r));
    printf("\nThe gradient of one loss is dL/dy_hat = -2 (y - y_hat); the cost averages\n"
           "it, d MSE/dy_hat_i = -2 e_i / n:\n\n");
    print_cost_grad(&r, "-2 e / 3", r.dMSE);
    printf("\nd RMSE/dy_hat_i = d MSE/dy_hat_i / (2 RMSE) = -e_i / (n RMSE):\n\n");
    print_cost_grad(&r, "-e / (3 RMSE)", r.dRMSE);
}

static void lecture_mae(const ErrTable *t)
{
    hand_section("3. Mean absolute error (MAE)");
    printf("    L = |y - y_hat|            MAE = 1/n sum_i |y_i - y_hat_i|\n\n"
           "000's MAE table (%s):\n\n", t->path);
    const Errors r = t->r;
    print_err_table(t, "|e|", r.abs_e);
    hand_printf("\n    sum |e| = |%v| + |%v| + |%v| = %v + %v + %v = %v\n", r.e[0], r.e[1],
                r.e[2], r.abs_e[0], r.abs_e[1], r.abs_e[2], r.sum_abs);
    hand_printf("    MAE = %v / 3 = %v   (the notes label the sum %v \"MSE\": it is the\n"
                "    sum of ABSOLUTE errors, and the MAE is its mean)\n", r.sum_abs, r.mae,
                r.sum_abs);
    printf("\nThe unit is the target's own, and an error of 10 costs 10 times an error\n"
           "of 1 (squared: 100 times). The gradient is -sign(y - y_hat): -1 or +1 per\n"
           "example, however small the error, and 0 at e = 0 by convention:\n\n");
    print_cost_grad(&r, "-sign(e) / 3", r.dMAE);
}

/* ---- 4. Convexity ------------------------------------------------------------ */

static void lecture_convexity(void)
{
    hand_section("4. Convexity: one minimum, and where a slope exists");
    printf("A function is convex when every chord lies on or above its graph:\n"
           "f((a + b)/2) <= (f(a) + f(b))/2 for all a, b. Then every local minimum is\n"
           "the global one, and gradient descent cannot get stuck elsewhere.\n\n");
    double a = -1.0, b = 3.0, mid = (a + b) / 2;
    /* f(mid) <= (f(a) + f(b)) / 2, for f(e) = e^2 and f(e) = |e| */
    double sq_mid = mid * mid, sq_a = a * a, sq_b = b * b, sq_chord = (sq_a + sq_b) / 2;
    double abs_mid = fabs(mid), abs_a = fabs(a), abs_b = fabs(b);
    double abs_chord = (abs_a + abs_b) / 2;
    hand_printf("    squared: f(%v) = %v <= (f(%v) + f(%v))/2 = (%v + %v)/2 = %v\n", mid, sq_mid,
                a, b, sq_a, sq_b, sq_chord);
    hand_printf("    |e|:     f(%v) = %v <= (f(%v) + f(%v))/2 = (%v + %v)/2 = %v\n", mid,
                abs_mid, a, b, abs_a, abs_b, abs_chord);
    /* d(e^2)/de = 2e, at e = 1 and e = 2 */
    double slope_1 = 2 * 1.0, slope_2 = 2 * 2.0;
    printf("\nBoth are convex. The parabola e^2 has a slope everywhere, d(e^2)/de = 2e\n");
    hand_printf("(000: 2 x 1 = %v at e = 1, 2 x 2 = %v at e = 2). |e| is a V: slope -1\n"
                "left of 0, +1 right of it, and a kink AT 0, the only point without a\n"
                "derivative. 000 says MAE \"is not a convex function\", and 001 that it is\n"
                "\"not differentiable, we cannot apply gradient descent\". MAE is convex,\n"
                "and gradient descent works with any slope in [-1, 1] at the kink (a\n"
                "subgradient; the library uses 0), as section 6 shows. See Errata.\n",
                slope_1, slope_2);
}

/* ---- plots of loss functions ------------------------------------------------ */

/* One curve y = f(x, a) of a figure (a: its setting, such as Huber's delta). */
typedef struct {
    const char *legend, *style;
    double (*f)(double x, double a);
    double a;
} Curve;

#define RED "lines lw 2 lc rgb '#c0392b'"
#define BLUE "lines lw 2 lc rgb '#2e6fb5'"
#define GREEN "lines lw 2 lc rgb '#27ae60'"

/* A figure of n curves, each sampled at CURVE_POINTS points from x0 to x1. */
static void plot_curves(Plotter *plotter, const char *name, const PlotSpec *spec, double x0,
                        double x1, const Curve *curves, int n)
{
    Plot *p = plot_begin(plotter, name, spec);
    double x[CURVE_POINTS], y[CURVE_POINTS];
    for (int k = 0; k < n; k++) {
        for (int i = 0; i < CURVE_POINTS; i++) {
            x[i] = x0 + (x1 - x0) * i / (CURVE_POINTS - 1);
            y[i] = curves[k].f(x[i], curves[k].a);
        }
        plot_series(p, curves[k].legend, curves[k].style, x, y, CURVE_POINTS);
    }
    plot_end(p);
}

/* ---- 5. Huber and log-cosh --------------------------------------------------- */

/* The losses as functions of the error e = y - y_hat (y_hat = 0). */
static double huber_of_e(double e, double delta) { return loss_huber(e, 0, delta); }
static double half_square(double e, double unused) { return (void)unused, e * e / 2; }

static void lecture_huber_logcosh(Plotter *plotter)
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
    /* ln cosh e ~ e^2/2 for small e, ~ |e| - ln 2 for large e */
    double small = 0.1, large = 10.0;
    double small_approx = small * small / 2, large_approx = large - log(2.0);
    hand_printf("    small e, ln cosh e ~ e^2/2:      ln cosh %v = %v,\n"
                "                                     %v^2/2 = %v\n", small,
                loss_logcosh(small, 0), small, small_approx);
    hand_printf("    large e, ln cosh e ~ |e| - ln 2: ln cosh %v = %v,\n"
                "                                     %v - ln 2 = %v\n",
                large, loss_logcosh(large, 0), large, large_approx);
    printf("\nAll four at a few errors (y_hat = 0, so e = y), then their gradients\n"
           "dL/dy_hat. For one example RMSE = sqrt(e^2) = |e|, the MAE column.\n\n");
    static const double errors[] = {-3, -1, -0.5, 0, 0.5, 1, 3}; /* y = e, y_hat = 0 */
    hand_printf("    %6s  %10s  %10s  %12s  %12s\n", "e", "e^2", "|e|", "Huber d=1",
                "log cosh e");
    for (int i = 0; i < 7; i++) {
        double e = errors[i];
        hand_printf("    %6v  %10v  %10v  %12v  %12v\n", e, loss_squared(e, 0),
                    loss_absolute(e, 0), loss_huber(e, 0, DELTA), loss_logcosh(e, 0));
    }
    hand_printf("\n    %6s  %10s  %10s  %12s  %12s\n", "e", "-2e", "-sign e", "Huber'",
                "-tanh e");
    for (int i = 0; i < 7; i++) {
        double e = errors[i];
        hand_printf("    %6v  %10v  %10v  %12v  %12v\n", e, loss_squared_grad(e, 0),
                    loss_absolute_grad(e, 0), loss_huber_grad(e, 0, DELTA),
                    loss_logcosh_grad(e, 0));
    }
    printf("\nThe gradients of MSE grow with the error; those of MAE, Huber (beyond\n"
           "delta) and log-cosh (tanh -> 1) stay bounded: one wild point cannot take\n"
           "over the fit. Plots: regression_losses.png, huber_deltas.png.\n");
    plot_curves(plotter, "regression_losses", &(PlotSpec){
        .title = "Regression losses against the error e = y - y_hat",
        .xlabel = "error e = y - y_hat", .ylabel = "loss L(e)",
        .settings = "set yrange [0:5]\nset key top center"}, -3, 3, (Curve[]){
        {"squared e^2 (MSE)", RED, loss_squared, 0},
        {"absolute |e| (MAE; RMSE of one example)", BLUE, loss_absolute, 0},
        {"Huber, delta = 1", GREEN, huber_of_e, DELTA},
        {"log cosh e", "lines lw 2 dt 2 lc rgb '#8e44ad'", loss_logcosh, 0}}, 4);
    plot_curves(plotter, "huber_deltas", &(PlotSpec){
        .title = "Huber loss for several deltas: e^2/2 inside |e| <= delta, linear outside",
        .xlabel = "error e = y - y_hat", .ylabel = "loss L(e)",
        .settings = "set yrange [0:6]\nset key top center"}, -4, 4, (Curve[]){
        {"e^2 / 2 (no threshold)", "lines lw 2 dt 2 lc rgb '#777777'", half_square, 0},
        {"Huber, delta = 0.5", BLUE, huber_of_e, 0.5},
        {"Huber, delta = 1", GREEN, huber_of_e, 1.0},
        {"Huber, delta = 2", "lines lw 2 lc rgb '#d35400'", huber_of_e, 2.0}}, 4);
}

/* ---- 6. Outliers: fitting a line under MSE, MAE and Huber ------------------ */

/* Points (x_i, y_i) to fit y_hat = m x + c to. */
typedef struct {
    int n;
    const double *x, *y;
    int outlier; /* index of the planted outlier, or -1 (the student's --data file) */
    const char *name;
    const char *x_name, *y_name; /* the columns: "x" and "y", or the file's names */
} Points;

/* A loss of one example by name, with Huber's delta. */
typedef struct {
    const char *name;
    LossKind kind;
    double delta;
} FitLoss;

typedef struct {
    double m, c;
    double cost;
    double m_lo, m_hi; /* the smallest and largest m of the last LAST_STEPS steps */
    int diverged_at;   /* the step where m, c or the cost stopped being finite, or 0 */
} Fit;

/* E(m, c) = 1/n sum_i L(y_i, m x_i + c), and its gradient by the chain rule:
 *   dE/dm = 1/n sum_i dL/dy_hat_i x_i,   dE/dc = 1/n sum_i dL/dy_hat_i
 * Only L and dL/dy_hat depend on the loss. */
static double cost_and_grad(const FitLoss *f, const Points *d, double m, double c, double *dE_dm,
                            double *dE_dc)
{
    double E = 0.0, sum_m = 0.0, sum_c = 0.0;
    for (int i = 0; i < d->n; i++) {
        double y = d->y[i], yhat = m * d->x[i] + c, L, dL_dyhat;
        if (f->kind == LOSS_MSE)
            L = loss_squared(y, yhat), dL_dyhat = loss_squared_grad(y, yhat);
        else if (f->kind == LOSS_MAE)
            L = loss_absolute(y, yhat), dL_dyhat = loss_absolute_grad(y, yhat);
        else
            L = loss_huber(y, yhat, f->delta), dL_dyhat = loss_huber_grad(y, yhat, f->delta);
        E += L;
        sum_m += dL_dyhat * d->x[i];
        sum_c += dL_dyhat;
    }
    *dE_dm = sum_m / d->n;
    *dE_dc = sum_c / d->n;
    return E / d->n;
}

/* Full-batch gradient descent from m = c = 0 (000's update rule):
 *   m <- m - eta_t dE/dm,   c <- c - eta_t dE/dc,   eta_t = eta / (1 + t / tau) */
static Fit fit_line(const FitLoss *f, const Points *d, double eta, double tau, int epochs)
{
    Fit r = {.m_lo = INFINITY, .m_hi = -INFINITY};
    for (int t = 0;; t++) {
        double dE_dm, dE_dc;
        r.cost = cost_and_grad(f, d, r.m, r.c, &dE_dm, &dE_dc); /* E after t steps */
        if (!isfinite(r.cost) || !isfinite(r.m) || !isfinite(r.c))
            r.diverged_at = t + 1;
        if (t == epochs || r.diverged_at)
            return r;
        double eta_t = eta / (1.0 + t / tau);
        r.m -= eta_t * dE_dm;
        r.c -= eta_t * dE_dc;
        if (t >= epochs - LAST_STEPS)
            r.m_lo = fmin(r.m_lo, r.m), r.m_hi = fmax(r.m_hi, r.m);
    }
}

/* The noisy line y = 1 + 2x with one outlier, into x[] and y[] (LINE_POINTS each). */
static Points make_points(Rng *rng, double *x, double *y)
{
    for (int i = 0; i < LINE_POINTS; i++) {
        x[i] = -4.0 + 0.5 * i;
        y[i] = 1.0 + 2.0 * x[i] + rng_normal(rng, 0.0, LINE_NOISE);
    }
    y[OUTLIER_INDEX] = OUTLIER_Y;
    return (Points){.n = LINE_POINTS, .x = x, .y = y, .outlier = OUTLIER_INDEX,
                    .name = "the noisy line y = 1 + 2x", .x_name = "x", .y_name = "y"};
}

/* The user's x,y CSV (ch's --features and --target may choose its
 * columns). Returns 0, or CHAPTER_ERROR after printing an error. */
static int load_points(const Chapter *ch, DataXY *csv, Points *d, const char *path)
{
    static const DataXYSpec spec = {.target_col = -1, .n_features = 1,
                                    .want = {DATA_TARGET_REAL}};
    if (chapter_load_xy(ch, csv, path, &spec, "data") != 0)
        return CHAPTER_ERROR;
    *d = (Points){.n = csv->y->rows, .x = csv->X->data, .y = csv->y->data, .outlier = -1,
                  .name = path, .x_name = csv->table.names[csv->features[0]],
                  .y_name = csv->table.names[csv->target]};
    int distinct = 0;
    double squares = 0.0;
    for (int i = 0; i < d->n; i++) {
        distinct |= d->x[i] != d->x[0];
        squares += d->x[i] * d->x[i] + d->y[i] * d->y[i];
    }
    if (!distinct)
        return chapter_error("%s: a line needs at least two different x values", path);
    if (!isfinite(squares))
        return chapter_error("%s: the values are too large to square in double precision;"
                             " rescale them", path);
    return 0;
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
    ChapterBox box = {d->x[0], d->x[0], 0, 0}; /* the lines span the points' x */
    for (int i = 1; i < d->n; i++)
        box.x0 = fmin(box.x0, d->x[i]), box.x1 = fmax(box.x1, d->x[i]);
    int o = d->outlier;
    char title[300];
    if (o >= 0)
        snprintf(title, sizeof title, "One outlier: the line fitted under MSE, MAE and Huber");
    else /* the student's file: its name and columns */
        snprintf(title, sizeof title, "%s: %s against %s, fitted under MSE, MAE and Huber",
                 d->name, d->y_name, d->x_name);
    Plot *p = plot_begin(plotter, "outliers", &(PlotSpec){
        .title = title, .xlabel = d->x_name,
        .ylabel = d->y_name, .settings = "set autoscale fix\nset key top left\n"
                                   "set offsets graph 0.05, graph 0.05, graph 0.08, graph 0.08"});
    plot_series(p, o >= 0 ? "data" : d->name, "points pt 7 ps 1.2 lc rgb '#333333'", d->x, d->y,
                d->n);
    if (o >= 0) { /* the outlier marked over its point; y = 1 + 2x is 2 x - y + 1 = 0 */
        plot_series(p, "the outlier", "points pt 9 ps 2.2 lc rgb '#c0392b'", &d->x[o],
                    &d->y[o], 1);
        chapter_plot_line(p, "true line y = 1 + 2x", "lines lw 1 dt 3 lc rgb '#777777'", &box,
                          2.0, -1.0, 1.0);
    }
    static const char *styles[] = {RED, BLUE, "lines lw 2 dt 2 lc rgb '#27ae60'"};
    for (int k = 0; k < 3; k++) {
        char legend[80];
        snprintf(legend, sizeof legend, "%s fit: slope %.3f", losses[k].name, fits[k].m);
        /* y = m x + c is the line m x - y + c = 0 */
        chapter_plot_line(p, legend, styles[k], &box, fits[k].m, -1.0, fits[k].c);
    }
    plot_end(p);
}

/* Returns 0, or CHAPTER_ERROR after printing a diagnostic (a fit diverged). */
static int lecture_outliers(Plotter *plotter, const Points *d, const FitSettings *s)
{
    int o = d->outlier;
    hand_section(o >= 0 ? "6. One outlier: fitting a line under MSE, MAE and Huber"
                        : "6. Your data: fitting a line under MSE, MAE and Huber");
    if (o >= 0)
        hand_printf("%d points on %s with noise N(0, %v), except one:\nthe point at x = %v"
                    " was recorded as %v instead of about %v.\n\n", d->n, d->name, LINE_NOISE,
                    d->x[o], d->y[o], 1.0 + 2.0 * d->x[o]);
    else
        printf("%d points from %s: %s (x) and %s (y).\n\n", d->n, d->name, d->x_name, d->y_name);
    hand_printf("    %4s  %10s  %12s\n", "i", d->x_name, d->y_name);
    int shown = d->n < LINE_POINTS ? d->n : LINE_POINTS; /* a file's first rows */
    for (int i = 0; i < shown; i++)
        hand_printf("    %4d  %10v  %12v%s\n", i + 1, d->x[i], d->y[i],
                    i == o ? "   <- the outlier" : "");
    if (d->n > shown)
        printf("    ... and %d more rows\n", d->n - shown);
    hand_printf("\nThe model is 000's line y_hat = m x + c. Gradient descent from m = c = 0 on\n"
                "the cost E(m, c) = 1/n sum_i L(y_i, m x_i + c), with the chain rule\n"
                "dE/dm = 1/n sum_i dL/dy_hat_i x_i and dE/dc = 1/n sum_i dL/dy_hat_i:\n\n"
                "    m <- m - eta_t dE/dm,   c <- c - eta_t dE/dc,   eta_t = %v / (1 + t/%v)\n\n"
                "%d steps for each loss. Only dL/dy_hat changes from one fit to the next.\n"
                "(The step shrinks because MAE's gradient does not: it stays +-x_i however\n"
                "close the line is, so with a fixed eta the MAE line keeps jumping.)\n\n",
                s->eta, TAU, s->epochs);
    char huber[40], delta[32];
    snprintf(huber, sizeof huber, "Huber (delta = %s)", hand_fmt(delta, sizeof delta, s->delta));
    FitLoss losses[3] = {{"MSE", LOSS_MSE, 0}, {"MAE", LOSS_MAE, 0}, {huber, LOSS_HUBER, s->delta}};
    Fit fits[3];
    for (int k = 0; k < 3; k++) {
        fits[k] = fit_line(&losses[k], d, s->eta, TAU, s->epochs);
        if (fits[k].diverged_at) {
            char cost[32];
            return chapter_error("the %s fit diverged at step %d (cost %s): the learning rate"
                                 " --eta %g is too large for this data; try --eta %.2g",
                                 losses[k].name, fits[k].diverged_at,
                                 hand_fmt(cost, sizeof cost, fits[k].cost), s->eta, safe_eta(d));
        }
    }
    hand_printf("    %-20s  %14s  %14s  %14s\n", "loss", "slope m", "intercept c", "cost E");
    for (int k = 0; k < 3; k++)
        hand_printf("    %-20s  %14v  %14v  %14v\n", losses[k].name, fits[k].m, fits[k].c,
                    fits[k].cost);
    if (o >= 0)
        printf("\nThe true line has slope 2 and intercept 1. The outlier sits about 29\n"
               "below it; squared, its error dominates MSE and drags the line down. MAE\n"
               "and Huber give it a bounded pull and stay close to the other points.\n"
               "(The best MAE line passes through two of the points; tests/unit checks it.)\n");
    Fit fixed = fit_line(&losses[1], d, s->eta, INFINITY, s->epochs);
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

static double bce_of_p(double p, double y) { return loss_bce(y, p); }

/* Section 7's example: dL/dp of the BCE, the logit z of p, dp/dz and dL/dz. */
typedef struct {
    double dL_dp, z, dp_dz, dL_dz;
} BceStep;

static BceStep bce_step(double y, double p)
{
    BceStep b;
    b.dL_dp = loss_bce_grad(y, p);     /* (p - y) / (p (1 - p)) */
    b.z = log(p / (1 - p));            /* the logit: sigmoid(z) = p */
    b.dp_dz = act_sigmoid_deriv(b.z);  /* p (1 - p) */
    b.dL_dz = b.dL_dp * b.dp_dz;       /* = p - y */
    return b;
}

static void lecture_bce(Plotter *plotter, const Givens *g)
{
    hand_section("7. Binary cross-entropy (log loss)");
    printf("For a label y in {0, 1} and a predicted probability p = y_hat (a sigmoid\n"
           "output), 001 and 002:\n\n"
           "    L = -y ln p - (1 - y) ln(1 - p)      cost = 1/n sum_i L_i\n\n"
           "Only one term is alive: -ln p when y = 1, -ln(1 - p) when y = 0.\n\n");
    static const double ps[] = {0.9, 0.5, 0.1};
    hand_printf("    %5s  %18s  %18s\n", "p", "y = 1: -ln p", "y = 0: -ln(1 - p)");
    for (int i = 0; i < 3; i++)
        hand_printf("    %5v  %18v  %18v\n", ps[i], loss_bce(1, ps[i]), loss_bce(0, ps[i]));
    printf("\nA confident wrong answer costs much more than a hesitant one (bce.png).\n"
           "The gradient, written out as 001 does it:\n\n"
           "    dL/dp = -y/p + (1 - y)/(1 - p) = (-y (1 - p) + p (1 - y)) / (p (1 - p))\n"
           "          = (-y + y p + p - y p) / (p (1 - p)) = (p - y) / (p (1 - p))\n\n");
    double y = g->bce_y, p = g->bce_p;
    BceStep b = bce_step(y, p);
    hand_printf("    y = %v, p = %v: dL/dp = (%v - %v) / (%v x %v) = %v\n", y, p, p, y, p, 1 - p,
                b.dL_dp);
    hand_printf("\nWith p = sigmoid(z), dp/dz = p (1 - p) cancels the denominator:\n\n"
                "    dL/dz = dL/dp x dp/dz = p - y      (here z = %v: %v x %v = %v)\n", b.z,
                b.dL_dp, b.dp_dz, b.dL_dz);
    plot_curves(plotter, "bce", &(PlotSpec){
        .title = "Binary cross-entropy against the predicted probability p",
        .xlabel = "predicted probability p = y_hat", .ylabel = "loss L",
        .settings = "set xrange [0:1]\nset yrange [0:6]\nset key top center"}, 0.002, 0.998,
        (Curve[]){{"y = 1: L = -ln p", RED, bce_of_p, 1},
                  {"y = 0: L = -ln(1 - p)", BLUE, bce_of_p, 0}}, 2);
}

/* ---- 8. Is BCE convex? ------------------------------------------------------------ */

/* One sigmoid unit p = sigmoid(w x) on the example x = 1, y = 1, at the
 * weight w: both losses, their slopes and second derivatives in w. */
typedef struct {
    double p, bce, d_bce, dd_bce, sq, d_sq, dd_sq;
} Unit;

static Unit sigmoid_unit(double w)
{
    Unit u = {.p = act_sigmoid(w)};
    double s = 1 - u.p;
    u.bce = loss_bce(1.0, u.p);                 /* L = -ln p */
    u.d_bce = u.p - 1;                          /* dL/dw = (p - y) x */
    u.dd_bce = u.p * s;                         /* L'' = x^2 p (1 - p) */
    u.sq = loss_squared(1.0, u.p);              /* L = (1 - p)^2 */
    u.d_sq = -2 * s * u.p * s;                  /* dL/dw = -2 (1 - p) p (1 - p) x */
    u.dd_sq = 2 * s * s * (1 - s) * (2 - 3 * s); /* L'' = 2 x^2 s^2 (1 - s)(2 - 3s), s = 1 - p */
    return u;
}

static double unit_bce(double w, double unused) { return (void)unused, sigmoid_unit(w).bce; }
static double unit_sq(double w, double unused) { return (void)unused, sigmoid_unit(w).sq; }

static void lecture_bce_convexity(Plotter *plotter)
{
    hand_section("8. Is BCE convex? One sigmoid unit, two losses");
    printf("001 lists \"multiple local minima\" as a disadvantage of BCE. Take one\n"
           "sigmoid unit p = sigmoid(w x) (logistic regression) and one example\n"
           "x = 1, y = 1, and look at the loss as a function of the weight w:\n\n"
           "    BCE:      L(w) = -ln sigmoid(w)       L'' = x^2 p (1 - p) > 0 everywhere\n"
           "    squared:  L(w) = (1 - sigmoid(w))^2   L'' = 2 x^2 s^2 (1 - s)(2 - 3s),\n"
           "              s = 1 - p, which is negative for w < -ln 2\n\n");
    static const double ws[] = {-6, -4, -2, 0, 2, 4};
    Unit u[6];
    hand_printf("    %3s  %14s  %14s  %14s  %15s\n", "w", "BCE", "BCE''", "squared", "squared''");
    for (int i = 0; i < 6; i++) {
        u[i] = sigmoid_unit(ws[i]);
        hand_printf("    %3v  %14v  %14v  %14v  %15v\n", ws[i], u[i].bce, u[i].dd_bce, u[i].sq,
                    u[i].dd_sq);
    }
    hand_printf("\nBCE is convex in w: no local minimum but the global one (for this single\n"
                "example it keeps falling towards 0 as w grows). The squared error of the\n"
                "same unit is not convex, and worse, it goes flat when the unit is\n"
                "confidently wrong. At w = %v the two slopes are\n\n"
                "    squared:  dL/dw = -2 (1 - p) p (1 - p) = %v\n"
                "    BCE:      dL/dw = p - 1 = %v, which keeps pulling.\n\n"
                "A deep network has a non-convex cost whatever the loss (MSE included):\n"
                "local minima come from the network, not from BCE. (convexity.png)\n",
                ws[0], u[0].d_sq, u[0].d_bce);
    plot_curves(plotter, "convexity", &(PlotSpec){
        .title = "One sigmoid unit p = sigmoid(w), target y = 1: "
                 "BCE is convex in w, the squared error is not",
        .xlabel = "weight w", .ylabel = "loss L(w)", .width = 1000,
        .settings = "set yrange [0:3]\nset key top right"}, -6, 6,
        (Curve[]){{"BCE: -ln sigmoid(w)", RED, unit_bce, 0},
                  {"squared error: (1 - sigmoid(w))^2", BLUE, unit_sq, 0}}, 2);
}

/* ---- 9. Class weights ------------------------------------------------------------ */

/* Section 9's example (not redrawn by --variant: its text reads these
 * numbers): the class weights, 003's predictions and our labels. */
enum { CW_N = 5 };
static const double CW[2] = {5, 70};
static const double CW_P[CW_N] = {0.2, 0.05, 0.7, 0.3, 0.9};
static const double CW_Y[CW_N] = {0, 0, 1, 1, 0}; /* chosen: the notes give no labels */

static void lecture_class_weights(void)
{
    hand_section("9. Class weights: {0: 5, 1: 70} (003)");
    const double *cw = CW, *p = CW_P, *y = CW_Y;
    enum { N = CW_N, MISSED = 3, FALSE_ALARM = 4 }; /* rows: the missed positive, the false alarm */
    printf("When one class is rare, its mistakes are multiplied by a larger weight\n"
           "(Keras: class_weight = {0: 5, 1: 70}):\n\n"
           "    L = -w1 y ln p - w0 (1 - y) ln(1 - p)     cost = 1/n sum_i L_i\n\n"
           "003's predictions f(x) = 0.2, 0.05, 0.7, 0.3, 0.9 come without labels; we\n"
           "take y = 0, 0, 1, 1, 0 (two right negatives, a right positive, a missed\n"
           "positive, a false alarm):\n\n");
    /* L_i = BCE(y_i, p_i), its weighted form w_{y_i} L_i, and their sums */
    double L[N], Lw[N], sum = 0.0, sum_w = 0.0;
    hand_printf("    %3s  %6s  %12s  %7s  %14s\n", "y", "p", "BCE", "weight", "weighted");
    for (int i = 0; i < N; i++) {
        L[i] = loss_bce(y[i], p[i]);
        Lw[i] = loss_weighted_bce(y[i], p[i], cw);
        sum += L[i], sum_w += Lw[i];
        hand_printf("    %3v  %6v  %12v  %7v  %14v\n", y[i], p[i], L[i], cw[(int)y[i]], Lw[i]);
    }
    /* Keras' cost: the weighted sum over n, not over the sum of the weights */
    double cost = sum / N, cost_w = sum_w / N;
    double grad_missed = loss_weighted_bce_grad(y[MISSED], p[MISSED], cw);        /* -w1 / p */
    double grad_alarm = loss_weighted_bce_grad(y[FALSE_ALARM], p[FALSE_ALARM], cw); /* w0 / (1 - p) */
    hand_printf("\n    unweighted: sum %v, cost %v / 5 = %v\n", sum, sum, cost);
    hand_printf("    weighted:   sum %v, cost %v / 5 = %v\n", sum_w, sum_w, cost_w);
    hand_printf("\nUnweighted, the false alarm (p = %v, y = %v: %v) costs most.\n"
                "Weighted, the missed positive (p = %v, y = %v: %v x %v = %v)\n"
                "dominates, and its gradient -w1/p = %v pulls 4.7 times harder\n"
                "than the false alarm's w0/(1 - p) = %v. (Keras divides the weighted sum\n"
                "by n, not by the sum of the weights, so the weights also scale the cost.)\n",
                p[FALSE_ALARM], y[FALSE_ALARM], L[FALSE_ALARM], p[MISSED], y[MISSED], cw[1],
                L[MISSED], Lw[MISSED], grad_missed, grad_alarm);
}

/* ---- 10. Categorical cross-entropy, softmax ---------------------------------- */

static void lecture_cce(void)
{
    hand_section("10. Categorical cross-entropy (001) and softmax (003)");
    printf("k classes, a one-hot target y and predicted probabilities p (a softmax):\n\n"
           "    L = -sum_j y_j ln p_j = -y_1 ln p_1 - y_2 ln p_2 - y_3 ln p_3\n\n");
    static const double y1[] = {1, 0, 0}, p1[] = {0.2, 0.3, 0.5};
    static const double y2[] = {0, 1, 0}, p2[] = {0.3, 0.6, 0.1};
    double L1 = loss_cce(y1, p1, 3), L2 = loss_cce(y2, p2, 3), cost = (L1 + L2) / 2;
    hand_printf("    p = (%v, %v, %v), y = (1, 0, 0): L = -1 x ln %v = %v\n", p1[0], p1[1],
                p1[2], p1[0], L1);
    hand_printf("    p = (%v, %v, %v), y = (0, 1, 0): L = -1 x ln %v = %v\n", p2[0], p2[1],
                p2[2], p2[1], L2);
    hand_printf("    cost of the two: (%v + %v) / 2 = %v\n", L1, L2, cost);
    double dp[3];
    loss_cce_grad(dp, y1, p1, 3);
    hand_printf("\nThe gradient dL/dp_j = -y_j / p_j: for the first, (%v, %v, %v).\n", dp[0],
                dp[1], dp[2]);

    printf("\nWith p = softmax(z), p_j = e^(z_j) / sum_i e^(z_i), the chain rule through\n"
           "the softmax collapses to (003):\n\n"
           "    dL/dz_j = p_j - y_j\n\n");
    const double *y = y1, *p = p1;
    double z[3], soft[3], dL_dz[3];
    for (int j = 0; j < 3; j++)
        z[j] = log(p[j]); /* logits whose softmax is p */
    hand_printf("The logits z = (ln 0.2, ln 0.3, ln 0.5)\n"
                "           = (%v, %v, %v)\n"
                "give p = (0.2, 0.3, 0.5); the first class is the true one:\n\n",
                z[0], z[1], z[2]);
    act_softmax(soft, z, 3); /* p again, up to rounding */
    hand_printf("    %-8s  %12s  %14s\n", "class", "y", "p - y");
    for (int j = 0; j < 3; j++) {
        dL_dz[j] = soft[j] - y[j];
        hand_printf("    %-8d  %12v  %14v\n", j, y[j], dL_dz[j]);
    }
    printf("\n003 gets the same (-0.8, 0.3, 0.5) by subtracting 1 at the true class:\n"
           "dz[range(m), y] -= 1. Were the second class the true one, y = (0, 1, 0),\n");
    hand_printf("it would be (%v, %v, %v).\n", p[0], p[1] - 1, p[2]);
}

/* ---- 11. Sparse categorical cross-entropy ------------------------------------- */

static void lecture_sparse(void)
{
    hand_section("11. Sparse categorical cross-entropy (001) and which logarithm (003)");
    printf("The same loss with the target given as a class INDEX c (0, 1, ..., k-1)\n"
           "instead of a one-hot row: L = -ln p_c. No one-hot encoding is needed.\n\n");
    static const double p[] = {0.1, 0.4, 0.5}, q[] = {0.6, 0.12, 0.2};
    hand_printf("    p = (%v, %v, %v), class 0 (first):  L = -ln %v = %v\n", p[0], p[1], p[2],
                p[0], loss_sparse_cce(0, p, 3));
    hand_printf("    p = (%v, %v, %v), class 1 (second): L = -ln %v = %v\n", p[0], p[1], p[2],
                p[1], loss_sparse_cce(1, p, 3));
    hand_printf("    p = (%v, %v, %v), class 2 (third):  L = -ln %v = %v\n", q[0], q[1], q[2],
                q[2], loss_sparse_cce(2, q, 3));
    hand_printf("\nThe third p adds up to %v + %v + %v = %v, not 1: no softmax outputs it.\n"
                "The loss reads only p_c, so the value stands, but the example is not a\n"
                "valid prediction (0.6, 0.2, 0.2 would be).\n", q[0], q[1], q[2],
                q[0] + q[1] + q[2]);
    double dp[3];
    loss_sparse_cce_grad(dp, 1, p, 3);
    hand_printf("The gradient is -1/p_c at the class, 0 elsewhere: class 1 gives (%v, %v, %v).\n",
                dp[0], dp[1], dp[2]);
    static const double r[] = {0.3, 0.1, 0.6};
    hand_printf("\n003 writes \"-log 0.3 = 0.52\" for p = (%v, %v, %v) with the first class true.\n"
                "Cross-entropy uses the natural logarithm (Keras, TensorFlow, PyTorch):\n\n"
                "    -ln 0.3 = %v     (-log10 0.3 = %v: the notes' 0.52)\n",
                r[0], r[1], r[2], loss_sparse_cce(0, r, 3), -log10(r[0]));
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
        hand_printf("    y = %v, f = %v: max(0, 1 - (%v)(%v)) = max(0, %v) = %v,  dL/df = %v\n",
                    y, f, y, f, 1 - y * f, loss_hinge(y, f), loss_hinge_grad(y, f));
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

static void lecture_kl(const Givens *g)
{
    hand_section("13. Entropy, cross-entropy and KL divergence (004)");
    printf("For a true distribution P and a predicted one Q over k outcomes:\n\n"
           "    entropy        H(P)    = -sum_j P_j ln P_j\n"
           "    cross-entropy  H(P, Q) = -sum_j P_j ln Q_j\n"
           "    KL divergence  KL(P || Q) = sum_j P_j (ln P_j - ln Q_j) = H(P, Q) - H(P)\n\n");
    const double *P = g->P, *Q = g->Q;
    double H = entropy(P, 3), HPQ = loss_cce(P, Q, 3), kl = HPQ - H;
    hand_printf("P = (%v, %v, %v), Q = (%v, %v, %v):\n", P[0], P[1], P[2], Q[0], Q[1], Q[2]);
    hand_printf("    H(P)    = -(%v ln %v + %v ln %v + %v ln %v) = %v\n", P[0], P[0], P[1], P[1],
                P[2], P[2], H);
    hand_printf("    H(P, Q) = -(%v ln %v + %v ln %v + %v ln %v) = %v\n", P[0], Q[0], P[1], Q[1],
                P[2], Q[2], HPQ);
    hand_printf("    KL(P || Q) = %v - %v = %v\n", HPQ, H, kl);
    hand_printf("    KL(Q || P) = %v: not symmetric, so not a distance\n", loss_kl(Q, P, 3));
    static const double y[] = {1, 0, 0};
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
    static const double p0[] = {0, 0.5, 0.5}, y0[] = {1, 0, 0};
    hand_printf("    BCE, y = 1, p = 0:   -ln 0 = %v unclamped; clamped -ln(1e-7) = %v\n",
                -log(zero), loss_bce(1, 0));
    hand_printf("    BCE, y = 0, p = 1:   clamped -ln(1 - (1 - 1e-7)) = %v\n", loss_bce(0, 1));
    hand_printf("    BCE, y = 1, p = 1:   -ln(1 - 1e-7) = %v (almost free)\n", loss_bce(1, 1));
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
    /* the first form at a tiny error: |e| + ln(1 + e^(-2|e|)) - ln 2 cancels */
    double tiny = 1e-8, first_form = tiny + log1p(exp(-2.0 * tiny)) - log(2.0);
    hand_printf("The second form keeps tiny errors exact: ln cosh(%v) = %v = e^2/2, where\n"
                "the first would give %v.\n", tiny, loss_logcosh(tiny, 0), first_form);
}

/* ---- 15. Which loss for which task --------------------------------------------- */

static void lecture_summary(void)
{
    hand_section("15. Which loss for which task (001, 003)");
    printf("    task                    output       loss\n"
           "    regression              linear       MSE (MAE or Huber with outliers)\n"
           "    binary classification   sigmoid      binary cross-entropy\n"
           "    multi-class, one-hot    softmax      categorical cross-entropy\n"
           "    multi-class, index      softmax      sparse categorical cross-entropy\n"
           "    binary, labels -1/+1    raw score    hinge\n"
           "    match a distribution    softmax      KL divergence\n");
}

/* ---- the lecture ------------------------------------------------------------------- */

/* ---- --variant and the worksheet ----------------------------------------------- */

/* --variant N: section 2's weights redrawn in place (whole kilograms from
 * 50 to 90, predictions 1 to 6 kg off either way), in the table as printed
 * and in its errors, with path saying where they come from. */
static void draw_mse_table(ErrTable *t, Rng *rng, const char *path)
{
    DataXY *d = &t->d;
    for (int i = 0; i < TABLE_ROWS; i++) {
        double weight = sheet_draw(rng, 50, 90, 0);
        double off = sheet_draw(rng, 1, 6, 0) * (rng_int(rng, 2) ? 1 : -1);
        MAT_AT(d->y, i, 0) = MAT_AT(d->table.values, i, d->target) = weight;
        MAT_AT(d->X, i, 0) = MAT_AT(d->table.values, i, d->features[0]) = weight + off;
    }
    t->path = path;
    t->drawn = 1;
    t->r = errors_of(d->y->data, d->X->data, TABLE_ROWS);
}

/* A distribution over three outcomes in tenths, each at least 0.1. */
static void draw_distribution(Rng *rng, double *P)
{
    int a = 1 + rng_int(rng, 8), b = 1 + rng_int(rng, 9 - a);
    P[0] = a / 10.0, P[1] = b / 10.0, P[2] = (10 - a - b) / 10.0;
}

/* --variant N: section 7's y in {0, 1} and p with two decimals, section
 * 13's P and Q in tenths. */
static Givens draw_givens(Rng *rng)
{
    Givens g;
    g.bce_y = rng_int(rng, 2);
    g.bce_p = sheet_draw(rng, 0.05, 0.95, 2);
    draw_distribution(rng, g.P);
    draw_distribution(rng, g.Q);
    return g;
}

/* The worksheet of section 2 onto sh: the MSE table mse, its errors,
 * MSE, RMSE and their gradients. */
static void sheet_mse(Sheet *sh, const ErrTable *mse)
{
    const Errors *r = &mse->r;
    sheet_heading(sh, "2. Mean squared error (MSE) and its root (RMSE)");
    for (int i = 1; i <= TABLE_ROWS; i++) {
        sheet_given_at(sh, i, "weight[#]", MAT_AT(mse->d.y, i - 1, 0));
        sheet_given_at(sh, i, "weight_pred[#]", MAT_AT(mse->d.X, i - 1, 0));
    }
    for (int i = 1; i <= TABLE_ROWS; i++) {
        sheet_calc_at(sh, i, "e[#]", r->e[i - 1], "weight[#] - weight_pred[#]");
        sheet_calc_at(sh, i, "e2[#]", r->sq_e[i - 1], "e[#]^2");
    }
    sheet_calc(sh, "sum_e2", r->sum_sq, "e2[1] + e2[2] + e2[3]");
    sheet_calc(sh, "MSE", r->mse, "sum_e2 / 3");
    sheet_calc(sh, "RMSE", r->rmse, "sqrt(MSE)");
    for (int i = 1; i <= TABLE_ROWS; i++)
        sheet_calc_at(sh, i, "dMSE[#]", r->dMSE[i - 1], "-2 e[#] / 3");
    for (int i = 1; i <= TABLE_ROWS; i++)
        sheet_calc_at(sh, i, "dRMSE[#]", r->dRMSE[i - 1], "dMSE[#] / (2 RMSE)");
}

/* The worksheet of section 7: BCE's gradient at the givens y, p of g. */
static void sheet_bce(Sheet *sh, const Givens *g)
{
    sheet_heading(sh, "7. Binary cross-entropy (log loss)");
    BceStep b = bce_step(g->bce_y, g->bce_p);
    sheet_given(sh, "y", g->bce_y);
    sheet_given(sh, "p", g->bce_p);
    sheet_calc(sh, "dL/dp", b.dL_dp, "(p - y) / (p (1 - p))");
    sheet_calc(sh, "z", b.z, "ln(p / (1 - p))");
    sheet_calc(sh, "dp/dz", b.dp_dz, "p (1 - p)");
    sheet_calc(sh, "dL/dz", b.dL_dz, "dL/dp x dp/dz");
}

/* The worksheet of section 9: the notes' five predictions, BCE and the
 * weighted BCE of each, and both costs. */
static void sheet_class_weights(Sheet *sh)
{
    sheet_heading(sh, "9. Class weights: {0: 5, 1: 70} (003)");
    sheet_given(sh, "w0", CW[0]);
    sheet_given(sh, "w1", CW[1]);
    double sum = 0.0, sum_w = 0.0;
    for (int i = 1; i <= CW_N; i++) {
        sheet_given_at(sh, i, "y[#]", CW_Y[i - 1]);
        sheet_given_at(sh, i, "p[#]", CW_P[i - 1]);
    }
    for (int i = 1; i <= CW_N; i++) {
        double L = loss_bce(CW_Y[i - 1], CW_P[i - 1]);
        double Lw = loss_weighted_bce(CW_Y[i - 1], CW_P[i - 1], CW);
        sum += L, sum_w += Lw; /* in the lecture's order */
        sheet_calc_at(sh, i, "BCE[#]", L, "-y[#] ln p[#] - (1 - y[#]) ln(1 - p[#])");
        sheet_calc_at(sh, i, "weighted[#]", Lw, "w1 BCE[#] if y[#] = 1, else w0 BCE[#]");
    }
    sheet_calc(sh, "sum", sum, "BCE[1] + BCE[2] + BCE[3] + BCE[4] + BCE[5]");
    sheet_calc(sh, "cost", sum / CW_N, "sum / 5");
    sheet_calc(sh, "sum_w", sum_w,
               "weighted[1] + weighted[2] + weighted[3] + weighted[4] + weighted[5]");
    sheet_calc(sh, "cost_w", sum_w / CW_N, "sum_w / 5");
}

/* The worksheet of section 13: H(P), H(P, Q) and both KL divergences of
 * the givens P, Q of g. */
static void sheet_kl(Sheet *sh, const Givens *g)
{
    sheet_heading(sh, "13. Entropy, cross-entropy and KL divergence (004)");
    const double *P = g->P, *Q = g->Q;
    for (int j = 1; j <= 3; j++)
        sheet_given_at(sh, j, "P#", P[j - 1]);
    for (int j = 1; j <= 3; j++)
        sheet_given_at(sh, j, "Q#", Q[j - 1]);
    double H = entropy(P, 3), HPQ = loss_cce(P, Q, 3);
    sheet_calc(sh, "H_P", H, "-(P1 ln P1 + P2 ln P2 + P3 ln P3)");
    sheet_calc(sh, "H_PQ", HPQ, "-(P1 ln Q1 + P2 ln Q2 + P3 ln Q3)");
    sheet_calc(sh, "KL_PQ", HPQ - H, "H_PQ - H_P");
    sheet_calc(sh, "KL_QP", loss_kl(Q, P, 3), "Q1 ln(Q1 / P1) + Q2 ln(Q2 / P2) + Q3 ln(Q3 / P3)");
}

/* Sections 2, 7, 9 and 13 with the names of their numbers (--check,
 * --quiz). Section 2: weight[i], weight_pred[i], e[i], e2[i] (e^2),
 * sum_e2, MSE, RMSE, dMSE[i], dRMSE[i] (d MSE/dy_hat_i, d RMSE/dy_hat_i);
 * 7: y, p, dL/dp, z, dp/dz, dL/dz; 9: w0, w1, y[i], p[i], BCE[i],
 * weighted[i], sum, cost, sum_w, cost_w; 13: P1..P3, Q1..Q3, H_P (H(P)),
 * H_PQ (H(P, Q)), KL_PQ, KL_QP. */
static void fill_sheet(Sheet *sh, const ErrTable *mse, const Givens *g)
{
    sheet_init(sh);
    sheet_mse(sh, mse);
    sheet_bce(sh, g);
    sheet_class_weights(sh);
    sheet_kl(sh, g);
}

/* ---- the lecture ------------------------------------------------------------------ */

static const char CARD[] =
    "Chapter 05 - Loss functions (lecture notes 000, 001, 002, 003, 004)\n"
    "Loss vs cost; MSE, MAE, RMSE, Huber and log-cosh, and a line fitted through\n"
    "an outlier under each; binary cross-entropy, class weights, categorical and\n"
    "sparse categorical cross-entropy, hinge, entropy and KL divergence; their\n"
    "gradients; clamping and a log-cosh that never overflows.";

/* The card of the transcript with --data: the line is fitted to the file,
 * which has no planted outlier (%s: its path). */
static const char CARD_OWN[] =
    "Chapter 05 - Loss functions (lecture notes 000, 001, 002, 003, 004)\n"
    "Loss vs cost; MSE, MAE, RMSE, Huber and log-cosh, and a line fitted under\n"
    "each to your data, %s;\n"
    "binary cross-entropy, class weights, categorical and sparse categorical\n"
    "cross-entropy, hinge, entropy and KL divergence; their gradients; clamping\n"
    "and a log-cosh that never overflows.";

/* 000's three tables: loss vs cost (section 1), MSE (2) and MAE (3). */
typedef struct {
    ErrTable loss, mse, mae;
} Tables;

/* Load the three tables into t. Returns 0, or CHAPTER_ERROR after
 * printing an error. */
static int load_err_tables(Tables *t)
{
    if (load_err_table(&t->loss, BMI_LOSS, "bmi", "bmi_pred") != 0 ||
        load_err_table(&t->mse, BMI_MSE, "weight", "weight_pred") != 0 ||
        load_err_table(&t->mae, BMI_MAE, "bmi", "bmi_pred") != 0)
        return CHAPTER_ERROR;
    return 0;
}

static void tables_free(Tables *t)
{
    data_xy_free(&t->loss.d);
    data_xy_free(&t->mse.d);
    data_xy_free(&t->mae.d);
}

/* --variant N: section 2's table t_mse redrawn, named in drawn (size
 * bytes); returns the givens of sections 7 and 13, drawn too. */
static Givens draw_variant(Chapter *ch, ErrTable *t_mse, char *drawn, size_t size)
{
    snprintf(drawn, size, "drawn for --variant %llu", (unsigned long long)ch->opt.variant);
    draw_mse_table(t_mse, &ch->variant, drawn);
    return draw_givens(&ch->variant);
}

/* Sections 1-6, the losses of a regression: loss and cost on 000's tables
 * t, convexity, Huber and log-cosh, and the lines fitted through pts with
 * the settings fs. Returns 0, or CHAPTER_ERROR after printing an error. */
static int lecture_regression(Plotter *plotter, const Tables *t, const Points *pts,
                              const FitSettings *fs)
{
    lecture_loss_vs_cost(&t->loss);
    lecture_mse(&t->mse);
    lecture_mae(&t->mae);
    lecture_convexity();
    lecture_huber_logcosh(plotter);
    return lecture_outliers(plotter, pts, fs);
}

/* Sections 7-15, the losses of a classifier (g: the givens of sections 7
 * and 13), numerical safety and which loss for which task. */
static void lecture_classification(Plotter *plotter, const Givens *g)
{
    lecture_bce(plotter, g);
    lecture_bce_convexity(plotter);
    lecture_class_weights();
    lecture_cce();
    lecture_sparse();
    lecture_hinge();
    lecture_kl(g);
    lecture_safety();
    lecture_summary();
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
    CliRange ranges[] = {{"delta", '(', 0, INFINITY, ')'}, {"eta", '(', 0, INFINITY, ')'},
                         {"epochs", '[', 1, MAX_EPOCHS, ']'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED,
                    .flags = flags, .n_flags = 4, .ranges = ranges,
                    .n_ranges = 3, .sheet = 1};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;

    /* 1. the data first: bad data ends the program before the lecture starts */
    Tables t = {0};
    DataXY csv = {0};
    double line_x[LINE_POINTS], line_y[LINE_POINTS];
    Points pts = make_points(&ch.rng, line_x, line_y);
    rc = CHAPTER_ERROR;
    if (load_err_tables(&t) != 0 ||
        (data_path && load_points(&ch, &csv, &pts, data_path) != 0))
        goto done;
    /* 2. --variant: other numbers in sections 2, 7 and 13 */
    Givens g = NOTES;
    char drawn[64];
    if (ch.opt.variant)
        g = draw_variant(&ch, &t.mse, drawn, sizeof drawn);
    /* 3. --check, --quiz: the worksheet of sections 2, 7, 9 and 13 */
    if (chapter_wants_sheet(&ch)) {
        Sheet sheet;
        fill_sheet(&sheet, &t.mse, &g);
        rc = chapter_sheet(&ch, &sheet);
        goto done;
    }
    /* 4. the lecture; with --data its card says whose line is fitted */
    char card[sizeof CARD_OWN + 1100];
    if (data_path) {
        snprintf(card, sizeof card, CARD_OWN, data_path);
        spec.card = card;
    }
    if (chapter_start_lecture(&ch) != 0)
        goto done;
    if (lecture_regression(&ch.plots, &t, &pts, &fs) != 0)
        goto done;
    lecture_classification(&ch.plots, &g);
    rc = CHAPTER_OK;
done:
    tables_free(&t);
    data_xy_free(&csv);
    return chapter_end(&ch, rc);
}
