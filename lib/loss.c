/* loss.c - loss functions and their gradients; see loss.h. */
#include "loss.h"

#include <math.h>

#include "check.h"

const char *loss_name(LossKind kind)
{
    switch (kind) {
    case LOSS_MSE: return "mse";
    case LOSS_MAE: return "mae";
    case LOSS_RMSE: return "rmse";
    case LOSS_HUBER: return "huber";
    case LOSS_LOGCOSH: return "log_cosh";
    case LOSS_BCE: return "binary_crossentropy";
    case LOSS_CCE: return "categorical_crossentropy";
    case LOSS_SPARSE_CCE: return "sparse_categorical_crossentropy";
    case LOSS_HINGE: return "hinge";
    case LOSS_PERCEPTRON: return "perceptron";
    case LOSS_KL: return "kl_divergence";
    case LOSS_WEIGHTED_BCE: return "weighted_binary_crossentropy";
    }
    return "?";
}

static double clamp_prob(double p)
{
    if (p < LOSS_EPS)
        return LOSS_EPS;
    if (p > 1.0 - LOSS_EPS)
        return 1.0 - LOSS_EPS;
    return p;
}

/* L = (y - yhat)^2,  dL/dyhat = -2 (y - yhat) */
double loss_squared(double y, double yhat)
{
    double e = y - yhat;
    return e * e;
}

double loss_squared_grad(double y, double yhat)
{
    return -2.0 * (y - yhat);
}

/* L = |y - yhat|,  dL/dyhat = -sign(y - yhat), taken as 0 at the kink
 * (and NaN for a NaN: e is returned when it is neither > 0, < 0 nor 0) */
double loss_absolute(double y, double yhat)
{
    return fabs(y - yhat);
}

double loss_absolute_grad(double y, double yhat)
{
    double e = y - yhat;
    return e > 0 ? -1.0 : e < 0 ? 1.0 : e == 0 ? 0.0 : e;
}

/* e = y - yhat;  L = e^2 / 2 if |e| <= delta, else delta |e| - delta^2 / 2 */
double loss_huber(double y, double yhat, double delta)
{
    CHECK(delta > 0, "Huber needs delta > 0, got %g (Keras' default is 1)", delta);
    double e = fabs(y - yhat);
    if (e <= delta)
        return 0.5 * e * e;
    return delta * e - 0.5 * delta * delta;
}

/* dL/dyhat = -e inside the band, -delta sign(e) outside it; a NaN e
 * (outside no band) is returned as it is */
double loss_huber_grad(double y, double yhat, double delta)
{
    CHECK(delta > 0, "Huber needs delta > 0, got %g (Keras' default is 1)", delta);
    double e = y - yhat;
    if (!(fabs(e) > delta))
        return -e;
    return e > 0 ? -delta : delta;
}

/* log cosh(x) without cosh (it overflows for |x| > 710):
 *   |x| >= 1:  cosh x = e^|x| (1 + e^(-2|x|)) / 2, so
 *              log cosh x = |x| + log(1 + e^(-2|x|)) - log 2
 *   |x| < 1:   cosh x = 1 + 2 sinh^2(x/2), so
 *              log cosh x = log(1 + 2 sinh^2(x/2)), accurate for tiny x
 *              (the first form cancels: at x = 1e-8 it gives 1.1e-16
 *              instead of 5e-17). */
double loss_logcosh(double y, double yhat)
{
    double x = fabs(yhat - y);
    if (x < 1.0) {
        double s = sinh(0.5 * x);
        return log1p(2.0 * s * s);
    }
    return x + log1p(exp(-2.0 * x)) - log(2.0);
}

/* d/dyhat log cosh(yhat - y) = tanh(yhat - y) */
double loss_logcosh_grad(double y, double yhat)
{
    return tanh(yhat - y);
}

/* L = -y log p - (1 - y) log(1 - p), p clamped */
double loss_bce(double y, double p)
{
    p = clamp_prob(p);
    return -y * log(p) - (1.0 - y) * log(1.0 - p);
}

/* dL/dp = -y / p + (1 - y) / (1 - p) = (p - y) / (p (1 - p)) */
double loss_bce_grad(double y, double p)
{
    p = clamp_prob(p);
    return (p - y) / (p * (1.0 - p));
}

/* The weights must be usable: none negative, not both zero. */
static void check_class_weight(const double class_weight[2])
{
    CHECK(class_weight[0] >= 0 && class_weight[1] >= 0 &&
              class_weight[0] + class_weight[1] > 0,
          "class weights must be >= 0 and not both 0, got {0: %g, 1: %g}", class_weight[0],
          class_weight[1]);
}

/* L = -w1 y log p - w0 (1 - y) log(1 - p), p clamped */
double loss_weighted_bce(double y, double p, const double class_weight[2])
{
    check_class_weight(class_weight);
    double w0 = class_weight[0], w1 = class_weight[1];
    p = clamp_prob(p);
    return -w1 * y * log(p) - w0 * (1.0 - y) * log(1.0 - p);
}

/* dL/dp = -w1 y / p + w0 (1 - y) / (1 - p) */
double loss_weighted_bce_grad(double y, double p, const double class_weight[2])
{
    check_class_weight(class_weight);
    double w0 = class_weight[0], w1 = class_weight[1];
    p = clamp_prob(p);
    return -w1 * y / p + w0 * (1.0 - y) / (1.0 - p);
}

/* L = max(0, 1 - y f); each test here and in the perceptron loss is
 * written so that a NaN (every comparison with it is false) comes out as
 * NaN, not as 0 */
double loss_hinge(double y, double f)
{
    double m = 1.0 - y * f;
    return m <= 0 ? 0.0 : m;
}

double loss_hinge_grad(double y, double f)
{
    double yf = y * f;
    return yf < 1.0 ? -y : yf >= 1.0 ? 0.0 : yf;
}

/* L = max(0, -y f): zero for a correct side (y f >= 0), -y f for a mistake */
double loss_perceptron(double y, double f)
{
    double m = -y * f;
    return m <= 0 ? 0.0 : m;
}

/* dL/df = -y if y f < 0, else 0 (the notes' case split) */
double loss_perceptron_grad(double y, double f)
{
    double yf = y * f;
    return yf < 0.0 ? -y : yf >= 0.0 ? 0.0 : yf;
}

/* L = -sum_j y_j log p_j */
double loss_cce(const double *y, const double *p, int k)
{
    double L = 0.0;
    for (int j = 0; j < k; j++)
        if (y[j] != 0.0)
            L -= y[j] * log(clamp_prob(p[j]));
    return L;
}

/* dL/dp_j = -y_j / p_j */
void loss_cce_grad(double *dp, const double *y, const double *p, int k)
{
    for (int j = 0; j < k; j++)
        dp[j] = -y[j] / clamp_prob(p[j]);
}

/* L = -log p_c */
double loss_sparse_cce(int c, const double *p, int k)
{
    CHECK(c >= 0 && c < k, "class %d outside 0..%d", c, k - 1);
    return -log(clamp_prob(p[c]));
}

/* dL/dp_j = -1 / p_c for j = c, 0 for the other classes */
void loss_sparse_cce_grad(double *dp, int c, const double *p, int k)
{
    CHECK(c >= 0 && c < k, "class %d outside 0..%d", c, k - 1);
    for (int j = 0; j < k; j++)
        dp[j] = 0.0;
    dp[c] = -1.0 / clamp_prob(p[c]);
}

/* KL(p || q) = sum_j p_j (log p_j - log q_j); terms with p_j = 0 are 0
 * (a NaN in p is not skipped: it makes the result NaN) */
double loss_kl(const double *p, const double *q, int k)
{
    double D = 0.0;
    for (int j = 0; j < k; j++)
        if (p[j] != 0.0)
            D += p[j] * (log(p[j]) - log(clamp_prob(q[j])));
    return D;
}

/* dKL/dq_j = -p_j / q_j */
void loss_kl_grad(double *dq, const double *p, const double *q, int k)
{
    for (int j = 0; j < k; j++)
        dq[j] = -p[j] / clamp_prob(q[j]);
}

/* One element's loss for the elementwise kinds. */
static double elem_loss(const Loss *loss, double y, double yhat)
{
    switch (loss->kind) {
    case LOSS_MSE:
    case LOSS_RMSE: return loss_squared(y, yhat);
    case LOSS_MAE: return loss_absolute(y, yhat);
    case LOSS_HUBER: return loss_huber(y, yhat, loss->delta);
    case LOSS_LOGCOSH: return loss_logcosh(y, yhat);
    case LOSS_BCE: return loss_bce(y, yhat);
    case LOSS_WEIGHTED_BCE: return loss_weighted_bce(y, yhat, loss->class_weight);
    case LOSS_HINGE: return loss_hinge(y, yhat);
    case LOSS_PERCEPTRON: return loss_perceptron(y, yhat);
    default: break;
    }
    CHECK(0, "%s is not elementwise", loss_name(loss->kind));
    return 0.0;
}

static double elem_grad(const Loss *loss, double y, double yhat)
{
    switch (loss->kind) {
    case LOSS_MSE:
    case LOSS_RMSE: return loss_squared_grad(y, yhat);
    case LOSS_MAE: return loss_absolute_grad(y, yhat);
    case LOSS_HUBER: return loss_huber_grad(y, yhat, loss->delta);
    case LOSS_LOGCOSH: return loss_logcosh_grad(y, yhat);
    case LOSS_BCE: return loss_bce_grad(y, yhat);
    case LOSS_WEIGHTED_BCE: return loss_weighted_bce_grad(y, yhat, loss->class_weight);
    case LOSS_HINGE: return loss_hinge_grad(y, yhat);
    case LOSS_PERCEPTRON: return loss_perceptron_grad(y, yhat);
    default: break;
    }
    CHECK(0, "%s is not elementwise", loss_name(loss->kind));
    return 0.0;
}

static int is_row_loss(LossKind kind)
{
    return kind == LOSS_CCE || kind == LOSS_SPARSE_CCE || kind == LOSS_KL;
}

static void check_targets(const Loss *loss, const Mat *Y, const Mat *Yhat)
{
    if (loss->kind == LOSS_SPARSE_CCE)
        CHECK_SHAPE(Y, Yhat->rows, 1);
    else
        CHECK_SHAPE(Y, Yhat->rows, Yhat->cols);
    CHECK(Yhat->rows > 0 && Yhat->cols > 0, "empty predictions");
}

/* The class index in row i of Y (m x 1), checked BEFORE the conversion to
 * int: a NaN or out-of-range double converted to int is undefined
 * behaviour, and 1.5 would silently become class 1. */
static int class_index(const Mat *Y, int i, int k)
{
    double c = MAT_AT(Y, i, 0);
    CHECK(c >= 0 && c <= k - 1 && c == floor(c),
          "row %d: the class index %g is not a whole number in 0..%d", i, c, k - 1);
    return (int)c;
}

/* The loss of row i (cce, sparse cce, kl). */
static double row_loss(const Loss *loss, const Mat *Y, const Mat *Yhat, int i)
{
    const double *p = &MAT_AT(Yhat, i, 0);
    int k = Yhat->cols;
    if (loss->kind == LOSS_SPARSE_CCE)
        return loss_sparse_cce(class_index(Y, i, k), p, k);
    if (loss->kind == LOSS_CCE)
        return loss_cce(&MAT_AT(Y, i, 0), p, k);
    return loss_kl(&MAT_AT(Y, i, 0), p, k);
}

/* cost = 1/m sum_i L_i; elementwise kinds: L_i = 1/k sum_j L(y_ij, yhat_ij) */
double loss_cost(const Loss *loss, const Mat *Y, const Mat *Yhat)
{
    check_targets(loss, Y, Yhat);
    int m = Yhat->rows, k = Yhat->cols;
    double total = 0.0;
    if (is_row_loss(loss->kind)) {
        for (int i = 0; i < m; i++)
            total += row_loss(loss, Y, Yhat, i);
        return total / m;
    }
    for (int i = 0; i < m; i++)
        for (int j = 0; j < k; j++)
            total += elem_loss(loss, MAT_AT(Y, i, j), MAT_AT(Yhat, i, j));
    double mean = total / ((double)m * k);
    return loss->kind == LOSS_RMSE ? sqrt(mean) : mean;
}

/* d cost / d yhat_ij = 1/(m k) dL/dyhat_ij (elementwise kinds),
 * 1/m dL_i/dp_ij (row kinds); rmse: d sqrt(mse) = d mse / (2 sqrt(mse)). */
void loss_cost_grad(const Loss *loss, Mat *dYhat, const Mat *Y, const Mat *Yhat)
{
    check_targets(loss, Y, Yhat);
    CHECK_SHAPE(dYhat, Yhat->rows, Yhat->cols);
    int m = Yhat->rows, k = Yhat->cols;
    for (int i = 0; i < m; i++) {
        double *dp = &MAT_AT(dYhat, i, 0);
        const double *p = &MAT_AT(Yhat, i, 0);
        if (loss->kind == LOSS_SPARSE_CCE) {
            loss_sparse_cce_grad(dp, class_index(Y, i, k), p, k);
        } else if (loss->kind == LOSS_CCE) {
            loss_cce_grad(dp, &MAT_AT(Y, i, 0), p, k);
        } else if (loss->kind == LOSS_KL) {
            loss_kl_grad(dp, &MAT_AT(Y, i, 0), p, k);
        } else {
            for (int j = 0; j < k; j++)
                dp[j] = elem_grad(loss, MAT_AT(Y, i, j), p[j]) / k;
        }
    }
    double scale = 1.0 / m;
    if (loss->kind == LOSS_RMSE) {
        double rmse = loss_cost(loss, Y, Yhat);
        scale = rmse > 0 ? scale / (2.0 * rmse) : 0.0;
    }
    mat_scale(dYhat, scale);
}
