/* layer.c - the layers: forward and backward; see layer.h. */
#include "layer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

/* ---- making and freeing ------------------------------------------------- */

static Layer *layer_alloc(LayerKind kind, int n_in, int n_out, int max_rows)
{
    CHECK(n_in >= 1 && n_out >= 1 && max_rows >= 1, "n_in %d, n_out %d, max_rows %d", n_in,
          n_out, max_rows);
    Layer *L = calloc(1, sizeof *L);
    if (!L)
        return NULL;
    L->kind = kind;
    L->n_in = n_in;
    L->n_out = n_out;
    L->max_rows = max_rows;
    L->act = act_of(ACT_LINEAR);
    snprintf(L->name, sizeof L->name, "%s", layer_kind_prefix(kind)); /* the net renames it */
    return L;
}

Layer *layer_dense(int n_in, int n_out, Act act, int max_rows)
{
    Layer *L = layer_alloc(LAYER_DENSE, n_in, n_out, max_rows);
    if (!L)
        return NULL;
    L->act = act;
    L->W = mat_new(n_in, n_out);
    L->b = mat_new(1, n_out);
    L->dW = mat_new(n_in, n_out);
    L->db = mat_new(1, n_out);
    L->Z = mat_new(max_rows, n_out);
    L->dZ = mat_new(max_rows, n_out);
    if (!L->W || !L->b || !L->dW || !L->db || !L->Z || !L->dZ) {
        layer_free(L);
        return NULL;
    }
    return L;
}

Layer *layer_activation(int n, Act act, int max_rows)
{
    Layer *L = layer_alloc(LAYER_ACTIVATION, n, n, max_rows);
    if (L)
        L->act = act;
    return L;
}

Layer *layer_dropout(int n, double rate, int max_rows)
{
    CHECK(rate >= 0 && rate < 1, "dropout rate %g outside [0, 1)", rate);
    Layer *L = layer_alloc(LAYER_DROPOUT, n, n, max_rows);
    if (!L)
        return NULL;
    L->rate = rate;
    L->mask = mat_new(max_rows, n);
    if (!L->mask) {
        layer_free(L);
        return NULL;
    }
    return L;
}

Layer *layer_batchnorm(int n, int max_rows)
{
    Layer *L = layer_alloc(LAYER_BATCHNORM, n, n, max_rows);
    if (!L)
        return NULL;
    L->momentum = BATCHNORM_MOMENTUM;
    L->eps = BATCHNORM_EPS;
    Mat **rows[] = {&L->gamma, &L->beta, &L->dgamma, &L->dbeta, &L->moving_mean,
                    &L->moving_var, &L->mu, &L->var};
    int ok = 1;
    for (int k = 0; k < 8; k++)
        ok &= (*rows[k] = mat_new(1, n)) != NULL;
    L->Z = mat_new(max_rows, n);
    L->dZ = mat_new(max_rows, n);
    if (!ok || !L->Z || !L->dZ) {
        layer_free(L);
        return NULL;
    }
    mat_fill(L->gamma, 1.0);
    mat_fill(L->moving_var, 1.0);
    return L;
}

Layer *layer_add(int n, int skip, int max_rows)
{
    CHECK(skip >= 0, "skip %d", skip);
    Layer *L = layer_alloc(LAYER_ADD, n, n, max_rows);
    if (L)
        L->skip = skip;
    return L;
}

void layer_free(Layer *L)
{
    if (!L)
        return;
    Mat *owned[] = {L->W,     L->b,    L->dW,          L->db,         L->mask,
                    L->gamma, L->beta, L->dgamma,      L->dbeta,      L->moving_mean,
                    L->moving_var,     L->mu,          L->var,        L->Z,
                    L->dZ};
    for (size_t k = 0; k < sizeof owned / sizeof owned[0]; k++)
        mat_free(owned[k]);
    free(L);
}

const char *layer_kind_name(LayerKind kind)
{
    static const char *const names[] = {"Dense", "Activation", "Dropout", "BatchNormalization",
                                        "Add"};
    return names[kind];
}

const char *layer_kind_prefix(LayerKind kind)
{
    static const char *const names[] = {"dense", "activation", "dropout", "batch_normalization",
                                        "add"};
    return names[kind];
}

void layer_init(Layer *L, const Init *init, Rng *rng)
{
    if (L->kind != LAYER_DENSE)
        return;
    init_fill(L->W, init, rng);
    mat_fill(L->b, 0.0);
}

/* ---- forward ------------------------------------------------------------ */

/* Batch normalization in train mode: the batch's own statistics, per column j,
 *     mu_j = 1/m sum_i x_ij,   var_j = 1/m sum_i (x_ij - mu_j)^2
 * and the running ones moved towards them:
 *     running = momentum running + (1 - momentum) batch */
static void batch_statistics(Layer *L, const Mat *X)
{
    int m = X->rows;
    for (int j = 0; j < L->n_in; j++) {
        double mu = 0.0, var = 0.0;
        for (int i = 0; i < m; i++)
            mu += MAT_AT(X, i, j);
        mu /= m;
        for (int i = 0; i < m; i++)
            var += (MAT_AT(X, i, j) - mu) * (MAT_AT(X, i, j) - mu);
        var /= m;
        L->mu->data[j] = mu;
        L->var->data[j] = var;
        L->moving_mean->data[j] = L->momentum * L->moving_mean->data[j] + (1 - L->momentum) * mu;
        L->moving_var->data[j] = L->momentum * L->moving_var->data[j] + (1 - L->momentum) * var;
    }
}

void layer_forward(Layer *L, Mat *A, const Mat *X, const Mat *S, Mode mode, Rng *noise)
{
    int m = X->rows;
    CHECK(X->cols == L->n_in, "%s: X has %d columns, the layer takes %d", L->name, X->cols,
          L->n_in);
    CHECK(m <= L->max_rows, "%s: %d rows, the layer was made for %d", L->name, m, L->max_rows);
    CHECK_SHAPE(A, m, L->n_out);
    L->mode = mode;
    switch (L->kind) {
    case LAYER_DENSE: { /* Z = X W + b,  A = act(Z) */
        Mat Z = mat_view_rows(L->Z, 0, m);
        mat_matmul(&Z, X, L->W);
        mat_add_row_vector(&Z, L->b);
        act_forward(&L->act, A, &Z);
        break;
    }
    case LAYER_ACTIVATION: /* A = act(X) */
        act_forward(&L->act, A, X);
        break;
    case LAYER_DROPOUT: { /* A = X * M,  M_ij = [u_ij >= rate] / (1 - rate) */
        if (mode == MODE_INFER || L->rate == 0) {
            mat_copy(A, X);
            break;
        }
        CHECK(noise != NULL, "%s: dropout in train mode needs an Rng", L->name);
        Mat M = mat_view_rows(L->mask, 0, m);
        for (long k = 0; k < (long)m * L->n_in; k++)
            M.data[k] = rng_uniform01(noise) >= L->rate ? 1.0 / (1.0 - L->rate) : 0.0;
        mat_hadamard(A, X, &M);
        break;
    }
    case LAYER_BATCHNORM: { /* x_hat = (x - mu) / sqrt(var + eps),  A = gamma x_hat + beta */
        if (mode == MODE_TRAIN) {
            batch_statistics(L, X);
        } else {
            mat_copy(L->mu, L->moving_mean);
            mat_copy(L->var, L->moving_var);
        }
        Mat x_hat = mat_view_rows(L->Z, 0, m);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < L->n_in; j++) {
                double xh = (MAT_AT(X, i, j) - L->mu->data[j]) / sqrt(L->var->data[j] + L->eps);
                MAT_AT(&x_hat, i, j) = xh;
                MAT_AT(A, i, j) = L->gamma->data[j] * xh + L->beta->data[j];
            }
        break;
    }
    case LAYER_ADD: /* A = X + S */
        CHECK(S != NULL, "%s: an add layer needs its skip input", L->name);
        mat_add(A, X, S);
        break;
    }
}

/* ---- backward ----------------------------------------------------------- */

/* Batch normalization, backward, per column j (train mode: mu and var
 * depend on every x of the batch):
 *     dgamma = sum_i dA_i x_hat_i,   dbeta = sum_i dA_i,   dx_hat = dA gamma
 *     dx_i = (m dx_hat_i - sum_k dx_hat_k - x_hat_i sum_k dx_hat_k x_hat_k)
 *            / (m sqrt(var + eps))
 * In inference mode mu and var are constants and dx_i = dx_hat_i / sqrt(var + eps). */
static void batchnorm_backward(Layer *L, Mat *dX, const Mat *dA)
{
    int m = dA->rows;
    Mat x_hat = mat_view_rows(L->Z, 0, m);
    for (int j = 0; j < L->n_in; j++) {
        double dgamma = 0.0, dbeta = 0.0;
        for (int i = 0; i < m; i++) {
            dgamma += MAT_AT(dA, i, j) * MAT_AT(&x_hat, i, j);
            dbeta += MAT_AT(dA, i, j);
        }
        L->dgamma->data[j] = dgamma;
        L->dbeta->data[j] = dbeta;
        if (!dX)
            continue;
        double gamma = L->gamma->data[j], std = sqrt(L->var->data[j] + L->eps);
        /* sum_k dx_hat_k = gamma dbeta,  sum_k dx_hat_k x_hat_k = gamma dgamma */
        for (int i = 0; i < m; i++) {
            double dx_hat = MAT_AT(dA, i, j) * gamma;
            MAT_AT(dX, i, j) = L->mode == MODE_TRAIN
                                   ? (m * dx_hat - gamma * dbeta -
                                      MAT_AT(&x_hat, i, j) * gamma * dgamma) / (m * std)
                                   : dx_hat / std;
        }
    }
}

void layer_backward(Layer *L, Mat *dX, const Mat *dA, const Mat *X, const Mat *A)
{
    int m = X->rows;
    CHECK_SHAPE(dA, m, L->n_out);
    CHECK_SHAPE(A, m, L->n_out);
    if (dX)
        CHECK_SHAPE(dX, m, L->n_in);
    switch (L->kind) {
    case LAYER_DENSE: { /* dZ = dA * act'(Z), then as layer_backward_dz */
        Mat Z = mat_view_rows(L->Z, 0, m), dZ = mat_view_rows(L->dZ, 0, m);
        act_backward(&L->act, &dZ, dA, &Z, A);
        layer_backward_dz(L, dX, &dZ, X);
        break;
    }
    case LAYER_ACTIVATION: /* dX = dA * act'(X) */
        if (dX)
            act_backward(&L->act, dX, dA, X, A);
        break;
    case LAYER_DROPOUT: { /* dX = dA * M */
        if (!dX)
            break;
        if (L->mode == MODE_INFER || L->rate == 0) {
            mat_copy(dX, dA);
            break;
        }
        Mat M = mat_view_rows(L->mask, 0, m);
        mat_hadamard(dX, dA, &M);
        break;
    }
    case LAYER_BATCHNORM:
        batchnorm_backward(L, dX, dA);
        break;
    case LAYER_ADD: /* dX = dA (and dS = dA, which the net adds in) */
        if (dX)
            mat_copy(dX, dA);
        break;
    }
}

void layer_backward_dz(Layer *L, Mat *dX, const Mat *dZ, const Mat *X)
{
    CHECK(L->kind == LAYER_DENSE, "%s: only a dense layer has a dZ", L->name);
    CHECK_SHAPE(dZ, X->rows, L->n_out);
    /* dW = X^T dZ,  db = column sums of dZ */
    mat_matmul_tn(L->dW, X, dZ);
    mat_sum_rows(L->db, dZ);
    /* dX = dZ W^T */
    if (dX) {
        CHECK_SHAPE(dX, X->rows, L->n_in);
        mat_matmul_nt(dX, dZ, L->W);
    }
}

/* ---- parameters --------------------------------------------------------- */

static Param param_of(const Layer *L, const char *what, Mat *value, Mat *grad, int decay)
{
    Param p = {.value = value, .grad = grad, .trainable = grad != NULL, .decay = decay};
    snprintf(p.name, sizeof p.name, "%s/%s", L->name, what);
    return p;
}

int layer_params(Layer *L, Param *out)
{
    switch (L->kind) {
    case LAYER_DENSE:
        out[0] = param_of(L, "W", L->W, L->dW, 1);
        out[1] = param_of(L, "b", L->b, L->db, 0);
        return 2;
    case LAYER_BATCHNORM:
        out[0] = param_of(L, "gamma", L->gamma, L->dgamma, 0);
        out[1] = param_of(L, "beta", L->beta, L->dbeta, 0);
        out[2] = param_of(L, "moving_mean", L->moving_mean, NULL, 0);
        out[3] = param_of(L, "moving_variance", L->moving_var, NULL, 0);
        return 4;
    default:
        return 0;
    }
}

int layer_param_count(const Layer *L)
{
    switch (L->kind) {
    case LAYER_DENSE: return L->n_in * L->n_out + L->n_out;
    case LAYER_BATCHNORM: return 4 * L->n_in;
    default: return 0;
    }
}
