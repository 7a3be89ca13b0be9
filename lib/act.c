/* act.c - activation functions and their derivatives; see act.h. */
#include "act.h"

#include <math.h>

#include "check.h"

Act act_of(ActKind kind)
{
    Act a = {.kind = kind, .alpha = 0.0, .beta = 1.0};
    if (kind == ACT_LEAKY_RELU)
        a.alpha = 0.01;
    else if (kind == ACT_PRELU)
        a.alpha = 0.25;
    else if (kind == ACT_ELU)
        a.alpha = 1.0;
    return a;
}

const char *act_name(ActKind kind)
{
    switch (kind) {
    case ACT_LINEAR: return "linear";
    case ACT_STEP: return "step";
    case ACT_SIGN: return "sign";
    case ACT_SIGMOID: return "sigmoid";
    case ACT_TANH: return "tanh";
    case ACT_RELU: return "relu";
    case ACT_LEAKY_RELU: return "leaky_relu";
    case ACT_PRELU: return "prelu";
    case ACT_ELU: return "elu";
    case ACT_SWISH: return "swish";
    case ACT_SOFTMAX: return "softmax";
    }
    return "?";
}

/* sigma(z) = 1 / (1 + e^-z), written so that e^x never overflows:
 * for z < 0 use the equal form e^z / (1 + e^z). */
double act_sigmoid(double z)
{
    if (z >= 0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

/* sigma'(z) = sigma(z) (1 - sigma(z)), largest (0.25) at z = 0.
 * 1 - sigma(z) = sigma(-z), and computing it that way avoids the
 * cancellation in 1 - sigma(z) when sigma(z) is close to 1 (z = 30:
 * 1 - sigma(30) keeps only 3 correct digits; z >= 37: it is 0). */
double act_sigmoid_deriv(double z)
{
    return act_sigmoid(z) * act_sigmoid(-z);
}

double act_tanh(double z)
{
    return tanh(z);
}

/* tanh'(z) = 1 - tanh(z)^2 */
double act_tanh_deriv(double z)
{
    double a = tanh(z);
    return 1.0 - a * a;
}

/* max(0, z), written so that a NaN passes through (z > 0 is false for a
 * NaN, and 0 would hide it): the test is z <= 0, not z > 0. */
double act_relu(double z)
{
    return z <= 0 ? 0.0 : z;
}

/* 1 for z > 0, 0 for z <= 0, NaN for a NaN (a slope of 0 would turn
 * NaN * 0 into a silent 0 on the way back) */
double act_relu_deriv(double z)
{
    return z > 0 ? 1.0 : z <= 0 ? 0.0 : z;
}

double act_leaky_relu(double z, double alpha)
{
    return z > 0 ? z : alpha * z;
}

/* 1 for z > 0, alpha for z <= 0, NaN for a NaN */
double act_leaky_relu_deriv(double z, double alpha)
{
    return z > 0 ? 1.0 : z <= 0 ? alpha : z;
}

double act_prelu_dalpha(double z)
{
    return z > 0 ? 0.0 : z;
}

/* elu(z) = alpha (e^z - 1) for z <= 0; expm1 keeps digits near 0. */
double act_elu(double z, double alpha)
{
    return z > 0 ? z : alpha * expm1(z);
}

/* elu'(z) = alpha e^z for z <= 0 */
double act_elu_deriv(double z, double alpha)
{
    return z > 0 ? 1.0 : alpha * exp(z);
}

/* z s(beta z); at beta z = -inf that is -inf x 0 (NaN), while the limit
 * is 0: said so first. */
double act_swish(double z, double beta)
{
    if (beta * z == -INFINITY)
        return 0.0;
    return z * act_sigmoid(beta * z);
}

/* d/dz z s(beta z) = s(beta z) + beta z s(beta z) (1 - s(beta z));
 * at beta z = +-inf the second term is inf x 0, while the limits are
 * 1 (beta z -> +inf: swish -> z) and 0 (beta z -> -inf: swish -> 0). */
double act_swish_deriv(double z, double beta)
{
    double bz = beta * z;
    if (isinf(bz))
        return bz > 0 ? 1.0 : 0.0;
    double s = act_sigmoid(bz);
    return s + bz * s * (1.0 - s);
}

/* 1 for z >= 0, 0 for z < 0, NaN for a NaN */
double act_step(double z)
{
    return z >= 0 ? 1.0 : z < 0 ? 0.0 : z;
}

/* 1 for z >= 0, -1 for z < 0, NaN for a NaN */
double act_sign(double z)
{
    return z >= 0 ? 1.0 : z < 0 ? -1.0 : z;
}

double act_value(const Act *act, double z)
{
    switch (act->kind) {
    case ACT_LINEAR: return z;
    case ACT_STEP: return act_step(z);
    case ACT_SIGN: return act_sign(z);
    case ACT_SIGMOID: return act_sigmoid(z);
    case ACT_TANH: return act_tanh(z);
    case ACT_RELU: return act_relu(z);
    case ACT_LEAKY_RELU:
    case ACT_PRELU: return act_leaky_relu(z, act->alpha);
    case ACT_ELU: return act_elu(z, act->alpha);
    case ACT_SWISH: return act_swish(z, act->beta);
    case ACT_SOFTMAX: break;
    }
    CHECK(0, "act_value: %s is not elementwise", act_name(act->kind));
    return 0.0;
}

double act_deriv(const Act *act, double z)
{
    switch (act->kind) {
    case ACT_LINEAR: return 1.0;
    case ACT_STEP:
    case ACT_SIGN: return 0.0;
    case ACT_SIGMOID: return act_sigmoid_deriv(z);
    case ACT_TANH: return act_tanh_deriv(z);
    case ACT_RELU: return act_relu_deriv(z);
    case ACT_LEAKY_RELU:
    case ACT_PRELU: return act_leaky_relu_deriv(z, act->alpha);
    case ACT_ELU: return act_elu_deriv(z, act->alpha);
    case ACT_SWISH: return act_swish_deriv(z, act->beta);
    case ACT_SOFTMAX: break;
    }
    CHECK(0, "act_deriv: %s is not elementwise", act_name(act->kind));
    return 0.0;
}

/* m = max_j z_j, or NaN when some z_j is NaN. */
static double max_of(const double *z, int n)
{
    double m = z[0];
    for (int i = 0; i < n; i++) {
        if (isnan(z[i]))
            return z[i];
        if (z[i] > m)
            m = z[i];
    }
    return m;
}

/* The limit of softmax when the largest z is infinite (e^(z_i - m) would
 * be e^(inf - inf) = NaN): the shares of the z_i equal to m, 1/count
 * each, 0 for the others. m = +inf: the infinite entries take it all;
 * every z = -inf: all are equal, and softmax of equal values is uniform. */
static void softmax_at_infinity(double *p, const double *z, int n, double m)
{
    int count = 0;
    for (int i = 0; i < n; i++)
        count += z[i] == m;
    for (int i = 0; i < n; i++)
        p[i] = z[i] == m ? 1.0 / count : 0.0;
}

/* p_i = e^(z_i - m) / sum_j e^(z_j - m),  m = max_j z_j */
void act_softmax(double *p, const double *z, int n)
{
    CHECK(n >= 1, "n = %d", n);
    double m = max_of(z, n);
    if (isinf(m)) {
        softmax_at_infinity(p, z, n, m);
        return;
    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        p[i] = exp(z[i] - m);
        sum += p[i];
    }
    for (int i = 0; i < n; i++)
        p[i] /= sum;
}

/* log p_i = z_i - m - log sum_j e^(z_j - m),  m = max_j z_j */
void act_log_softmax(double *logp, const double *z, int n)
{
    CHECK(n >= 1, "n = %d", n);
    double m = max_of(z, n);
    if (isinf(m)) { /* the limit, as act_softmax takes it: log of its shares */
        softmax_at_infinity(logp, z, n, m);
        for (int i = 0; i < n; i++)
            logp[i] = log(logp[i]);
        return;
    }
    double sum = 0.0;
    for (int j = 0; j < n; j++)
        sum += exp(z[j] - m);
    double log_sum = log(sum); /* in [0, log n]: the term j at m is e^0 = 1 */
    for (int i = 0; i < n; i++)
        logp[i] = z[i] - m - log_sum;
}

/* J_ij = dp_i/dz_j = p_i (delta_ij - p_j) */
void act_softmax_jacobian(double *J, const double *p, int n)
{
    CHECK(n >= 1, "n = %d", n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            J[i * n + j] = p[i] * ((i == j ? 1.0 : 0.0) - p[j]);
}

/* ReLU, the common case, as act_relu and act_relu_deriv compute it but
 * without a call and a branch per element (a branch on the sign of z is
 * mispredicted half the time): blocks of 8 that GCC turns into vector
 * compares and masks at -O2, then the last few one by one. NO_OVERLAP
 * tells the compiler that no element depends on another: the output is
 * the input itself or apart from it. */
#if defined(__clang__)
#define NO_OVERLAP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define NO_OVERLAP _Pragma("GCC ivdep")
#else
#define NO_OVERLAP
#endif

static void relu_forward(double *a, const double *z, long n)
{
    long k = 0;
    for (; k + 8 <= n; k += 8)
        NO_OVERLAP
        for (int i = 0; i < 8; i++)
            a[k + i] = z[k + i] <= 0 ? 0.0 : z[k + i]; /* NaN passes */
    for (; k < n; k++)
        a[k] = act_relu(z[k]);
}

/* dz = da * relu'(z), relu'(z) = 1 for z > 0, 0 for z <= 0 (NaN for NaN) */
static void relu_backward(double *dz, const double *da, const double *z, long n)
{
    long k = 0;
    for (; k + 8 <= n; k += 8)
        NO_OVERLAP
        for (int i = 0; i < 8; i++) {
            double slope = z[k + i] > 0 ? 1.0 : z[k + i] <= 0 ? 0.0 : z[k + i];
            dz[k + i] = da[k + i] * slope;
        }
    for (; k < n; k++)
        dz[k] = da[k] * act_relu_deriv(z[k]);
}

void act_forward(const Act *act, Mat *A, const Mat *Z)
{
    CHECK_SHAPE(A, Z->rows, Z->cols);
    if (act->kind == ACT_SOFTMAX) {
        for (int i = 0; i < Z->rows; i++)
            act_softmax(&MAT_AT(A, i, 0), &MAT_AT(Z, i, 0), Z->cols);
        return;
    }
    long n = (long)Z->rows * Z->cols;
    if (act->kind == ACT_RELU) {
        relu_forward(A->data, Z->data, n);
        return;
    }
    for (long k = 0; k < n; k++)
        A->data[k] = act_value(act, Z->data[k]);
}

/* softmax row: dz_i = sum_j (dp_j/dz_i) da_j = p_i (da_i - sum_j p_j da_j) */
static void softmax_backward_row(double *dz, const double *da, const double *p,
                                 int n)
{
    double dot = 0.0;
    for (int j = 0; j < n; j++)
        dot += p[j] * da[j];
    for (int i = 0; i < n; i++)
        dz[i] = p[i] * (da[i] - dot);
}

void act_backward(const Act *act, Mat *dZ, const Mat *dA, const Mat *Z,
                  const Mat *A)
{
    CHECK_SHAPE(dA, Z->rows, Z->cols);
    CHECK_SHAPE(dZ, Z->rows, Z->cols);
    CHECK_SHAPE(A, Z->rows, Z->cols);
    if (act->kind == ACT_SOFTMAX) {
        for (int i = 0; i < Z->rows; i++)
            softmax_backward_row(&MAT_AT(dZ, i, 0), &MAT_AT(dA, i, 0),
                                 &MAT_AT(A, i, 0), Z->cols);
        return;
    }
    /* dL/dz = dL/da * f'(z) */
    long n = (long)Z->rows * Z->cols;
    if (act->kind == ACT_RELU) {
        relu_backward(dZ->data, dA->data, Z->data, n);
        return;
    }
    for (long k = 0; k < n; k++)
        dZ->data[k] = dA->data[k] * act_deriv(act, Z->data[k]);
}
