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

/* L = |y - yhat|,  dL/dyhat = -sign(y - yhat), taken as 0 at the kink */
double loss_absolute(double y, double yhat)
{
    return fabs(y - yhat);
}

double loss_absolute_grad(double y, double yhat)
{
    double e = y - yhat;
    return e > 0 ? -1.0 : (e < 0 ? 1.0 : 0.0);
}

/* e = y - yhat;  L = e^2 / 2 if |e| <= delta, else delta |e| - delta^2 / 2 */
double loss_huber(double y, double yhat, double delta)
{
    double e = fabs(y - yhat);
    if (e <= delta)
        return 0.5 * e * e;
    return delta * e - 0.5 * delta * delta;
}

/* dL/dyhat = -e inside the band, -delta sign(e) outside it */
double loss_huber_grad(double y, double yhat, double delta)
{
    double e = y - yhat;
    if (fabs(e) <= delta)
        return -e;
    return e > 0 ? -delta : delta;
}

/* log cosh(x) = |x| + log(1 + e^(-2|x|)) - log 2, which never overflows
 * (cosh itself overflows for |x| > 710). */
double loss_logcosh(double y, double yhat)
{
    double x = fabs(yhat - y);
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

/* L = max(0, 1 - y f) */
double loss_hinge(double y, double f)
{
    double m = 1.0 - y * f;
    return m > 0 ? m : 0.0;
}

double loss_hinge_grad(double y, double f)
{
    return y * f < 1.0 ? -y : 0.0;
}

/* L = max(0, -y f): zero for a correct side (y f >= 0), -y f for a mistake */
double loss_perceptron(double y, double f)
{
    double m = -y * f;
    return m > 0 ? m : 0.0;
}

/* dL/df = -y if y f < 0, else 0 (the notes' case split) */
double loss_perceptron_grad(double y, double f)
{
    return y * f < 0.0 ? -y : 0.0;
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

/* KL(p || q) = sum_j p_j (log p_j - log q_j); terms with p_j = 0 are 0 */
double loss_kl(const double *p, const double *q, int k)
{
    double D = 0.0;
    for (int j = 0; j < k; j++)
        if (p[j] > 0.0)
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

/* The loss of row i (cce, sparse cce, kl). */
static double row_loss(const Loss *loss, const Mat *Y, const Mat *Yhat, int i)
{
    const double *p = &MAT_AT(Yhat, i, 0);
    int k = Yhat->cols;
    if (loss->kind == LOSS_SPARSE_CCE)
        return loss_sparse_cce((int)MAT_AT(Y, i, 0), p, k);
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
            int c = (int)MAT_AT(Y, i, 0);
            CHECK(c >= 0 && c < k, "class %d outside 0..%d", c, k - 1);
            for (int j = 0; j < k; j++)
                dp[j] = 0.0;
            dp[c] = -1.0 / clamp_prob(p[c]);
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
