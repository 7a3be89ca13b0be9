/* net.c - the sequential model: building, forward, backward, penalties and
 * metrics; fit, evaluate and predict are in fit.c, save/load in netio.c.
 * See net.h. */
#include "net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "data.h"
#include "gradcheck.h"

Net *net_new(int n_in, int max_rows)
{
    CHECK(n_in >= 1 && max_rows >= 1, "n_in %d, max_rows %d", n_in, max_rows);
    Net *net = calloc(1, sizeof *net);
    if (!net)
        return NULL;
    net->n_in = n_in;
    net->max_rows = max_rows;
    net->A = calloc(1, sizeof *net->A);
    net->dA = calloc(1, sizeof *net->dA);
    if (!net->A || !net->dA || !(net->A[0] = mat_new(max_rows, n_in)) ||
        !(net->dA[0] = mat_new(max_rows, n_in))) {
        net_free(net);
        return NULL;
    }
    rng_seed(&net->noise, 1);
    return net;
}

void net_free(Net *net)
{
    if (!net)
        return;
    for (int k = 0; k < net->n_layers; k++)
        layer_free(net->layers[k]);
    for (int k = 0; net->A && k <= net->n_layers; k++) {
        mat_free(net->A[k]);
        mat_free(net->dA[k]);
    }
    free(net->layers);
    free(net->A);
    free(net->dA);
    free(net->params);
    free(net);
}

int net_n_out(const Net *net)
{
    return net->n_layers ? net->layers[net->n_layers - 1]->n_out : net->n_in;
}

/* Keras' name for the next layer of a kind: "dense", then "dense_1", ... */
static void name_layer(const Net *net, Layer *L)
{
    int same = 0;
    for (int k = 0; k < net->n_layers; k++)
        same += net->layers[k]->kind == L->kind;
    if (same == 0)
        snprintf(L->name, sizeof L->name, "%s", layer_kind_prefix(L->kind));
    else
        snprintf(L->name, sizeof L->name, "%s_%d", layer_kind_prefix(L->kind), same);
}

/* Append L (or free it and fail): room for its output A and dA, and its
 * parameters at the end of the list. */
static int append(Net *net, Layer *L)
{
    if (!L)
        return -1;
    int n = net->n_layers;
    Layer **layers = realloc(net->layers, (size_t)(n + 1) * sizeof *layers);
    if (layers)
        net->layers = layers;
    Mat **A = realloc(net->A, (size_t)(n + 2) * sizeof *A);
    if (A)
        net->A = A;
    Mat **dA = realloc(net->dA, (size_t)(n + 2) * sizeof *dA);
    if (dA)
        net->dA = dA;
    Param *params = realloc(net->params, (size_t)(net->n_params + 4) * sizeof *params);
    if (params)
        net->params = params;
    Mat *out = mat_new(net->max_rows, L->n_out), *d_out = mat_new(net->max_rows, L->n_out);
    if (!layers || !A || !dA || !params || !out || !d_out) {
        layer_free(L);
        mat_free(out);
        mat_free(d_out);
        return -1;
    }
    name_layer(net, L);
    net->layers[n] = L;
    net->A[n + 1] = out;
    net->dA[n + 1] = d_out;
    net->n_params += layer_params(L, net->params + net->n_params);
    net->n_layers = n + 1;
    return 0;
}

int net_add(Net *net, int n_out, Act act)
{
    return append(net, layer_dense(net_n_out(net), n_out, act, net->max_rows));
}

int net_add_activation(Net *net, Act act)
{
    return append(net, layer_activation(net_n_out(net), act, net->max_rows));
}

int net_add_dropout(Net *net, double rate)
{
    return append(net, layer_dropout(net_n_out(net), rate, net->max_rows));
}

int net_add_batchnorm(Net *net)
{
    return append(net, layer_batchnorm(net_n_out(net), net->max_rows));
}

int net_add_skip(Net *net, int from)
{
    CHECK(from >= 0 && from <= net->n_layers, "skip from A^[%d]: the net has A^[0..%d]", from,
          net->n_layers);
    CHECK(net->A[from]->cols == net_n_out(net), "skip from A^[%d] (%d wide) to a %d-wide output",
          from, net->A[from]->cols, net_n_out(net));
    return append(net, layer_add(net_n_out(net), from, net->max_rows));
}

void net_init(Net *net, const Init *init, Rng *rng)
{
    int dropout = 0;
    for (int k = 0; k < net->n_layers; k++) {
        layer_init(net->layers[k], init, rng);
        dropout |= net->layers[k]->kind == LAYER_DROPOUT;
    }
    if (dropout) /* only then: a net without dropout leaves rng where it was */
        rng_seed(&net->noise, rng_next(rng));
}

int net_param_count(const Net *net)
{
    return (int)param_count(net->params, net->n_params);
}

int net_param_count_trainable(const Net *net)
{
    return (int)param_count_trainable(net->params, net->n_params);
}

Param *net_param(Net *net, const char *name)
{
    for (int i = 0; i < net->n_params; i++)
        if (strcmp(net->params[i].name, name) == 0)
            return &net->params[i];
    return NULL;
}

static void rule(FILE *fp, char c)
{
    for (int i = 0; i < 65; i++)
        fputc(c, fp);
    fputc('\n', fp);
}

void net_summary(const Net *net, FILE *fp)
{
    fprintf(fp, "Model: \"sequential\"\n");
    rule(fp, '_');
    fprintf(fp, " %-27s %-25s %s\n", "Layer (type)", "Output Shape", "Param #");
    rule(fp, '=');
    for (int k = 0; k < net->n_layers; k++) {
        const Layer *L = net->layers[k];
        char name[80], shape[40];
        snprintf(name, sizeof name, "%s (%s)", L->name, layer_kind_name(L->kind));
        snprintf(shape, sizeof shape, "(None, %d)", L->n_out);
        fprintf(fp, " %-27s %-25s %d\n", name, shape, layer_param_count(L));
        if (k + 1 < net->n_layers)
            fputc('\n', fp);
    }
    rule(fp, '=');
    int total = net_param_count(net), trainable = net_param_count_trainable(net);
    fprintf(fp, "Total params: %d\nTrainable params: %d\nNon-trainable params: %d\n", total,
            trainable, total - trainable);
    rule(fp, '_');
}

/* ---- forward and backward ----------------------------------------------- */

Mat net_activation(const Net *net, int k)
{
    CHECK(k >= 0 && k <= net->n_layers, "A^[%d] of a net with %d layers", k, net->n_layers);
    return mat_view_rows(net->A[k], 0, net->m);
}

/* A^[0] = X;  A^[k] = layer_k(A^[k-1]) */
const Mat *net_forward_mode(Net *net, const Mat *X, Mode mode)
{
    CHECK(net->n_layers > 0, "the net has no layers");
    CHECK(X->cols == net->n_in, "X has %d columns, the net takes %d", X->cols, net->n_in);
    CHECK(X->rows >= 1 && X->rows <= net->max_rows, "%d rows, the net takes 1..%d", X->rows,
          net->max_rows);
    net->m = X->rows;
    Mat A0 = net_activation(net, 0);
    if (X->data != A0.data)
        mat_copy(&A0, X);
    for (int k = 0; k < net->n_layers; k++) {
        Layer *L = net->layers[k];
        Mat in = net_activation(net, k), out = net_activation(net, k + 1);
        Mat skip = L->kind == LAYER_ADD ? net_activation(net, L->skip) : in;
        layer_forward(L, &out, &in, L->kind == LAYER_ADD ? &skip : NULL, mode, &net->noise);
    }
    net->out = net_activation(net, net->n_layers);
    return &net->out;
}

const Mat *net_forward(Net *net, const Mat *X)
{
    return net_forward_mode(net, X, MODE_INFER);
}

/* dA^[k] = the gradient coming into A^[k]: from the layer that reads it
 * (already in dA[k]), plus, for a skip connection's source, the dA of
 * every add layer that reads it too. */
static void add_skip_gradients(Net *net, int k)
{
    for (int a = k; a < net->n_layers; a++)
        if (net->layers[a]->kind == LAYER_ADD && net->layers[a]->skip == k) {
            Mat dA = mat_view_rows(net->dA[k], 0, net->m);
            Mat d_add = mat_view_rows(net->dA[a + 1], 0, net->m);
            mat_add(&dA, &dA, &d_add);
        }
}

/* From the output's gradient (dZ of the last layer when is_dZ), each
 * layer k writes dA^[k], the gradient of its input. */
static void backward_from(Net *net, const Mat *d_out, int is_dZ)
{
    CHECK(net->m > 0, "backward without a forward before it");
    int last = net->n_layers - 1;
    for (int k = last; k >= 0; k--) {
        Layer *L = net->layers[k];
        Mat X = net_activation(net, k), A = net_activation(net, k + 1);
        Mat dA = k == last ? *d_out : mat_view_rows(net->dA[k + 1], 0, net->m);
        Mat dX = mat_view_rows(net->dA[k], 0, net->m);
        if (k < last)
            add_skip_gradients(net, k + 1);
        if (k == last && is_dZ)
            layer_backward_dz(L, k > 0 ? &dX : NULL, &dA, &X);
        else
            layer_backward(L, k > 0 ? &dX : NULL, &dA, &X, &A);
    }
}

void net_backward(Net *net, const Mat *dYhat)
{
    CHECK(net->m > 0, "backward without a forward before it");
    CHECK_SHAPE(dYhat, net->m, net_n_out(net));
    Mat d_out = mat_view_rows(net->dA[net->n_layers], 0, net->m);
    mat_copy(&d_out, dYhat); /* where a skip connection from the output finds it */
    backward_from(net, &d_out, 0);
}

/* Whether the output layer's delta has a closed form (fused_delta). */
static int fused(const Net *net, const Loss *loss)
{
    const Layer *out = net->layers[net->n_layers - 1];
    if (out->kind != LAYER_DENSE)
        return 0;
    return (out->act.kind == ACT_SOFTMAX &&
            (loss->kind == LOSS_CCE || loss->kind == LOSS_SPARSE_CCE)) ||
           (out->act.kind == ACT_SIGMOID &&
            (loss->kind == LOSS_BCE || loss->kind == LOSS_WEIGHTED_BCE));
}

/* The output layer's dZ = d cost / dZ in closed form:
 *   softmax + CCE:  (P - Y) / m            (each row of Y sums to 1)
 *   sigmoid + BCE:  (P - Y) / (m k)
 *   sigmoid + weighted BCE, weights w0, w1:
 *       (w0 (1 - y) p - w1 y (1 - p)) / (m k)   (= w_y (p - y) for y in {0, 1}) */
static void fused_delta(Mat *dZ, const Loss *loss, const Mat *P, const Mat *Y)
{
    int m = P->rows, k = P->cols;
    int softmax = loss->kind == LOSS_CCE || loss->kind == LOSS_SPARSE_CCE;
    double n = softmax ? (double)m : (double)m * k;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < k; j++) {
            double p = MAT_AT(P, i, j);
            double y = loss->kind == LOSS_SPARSE_CCE ? (MAT_AT(Y, i, 0) == j) : MAT_AT(Y, i, j);
            double g = p - y;
            if (loss->kind == LOSS_WEIGHTED_BCE)
                g = loss->class_weight[0] * (1.0 - y) * p - loss->class_weight[1] * y * (1.0 - p);
            MAT_AT(dZ, i, j) = g / n;
        }
}

double net_cost_grad(Net *net, const Loss *loss, const Mat *X, const Mat *Y)
{
    const Mat *Yhat = net_forward_mode(net, X, MODE_TRAIN);
    double cost = loss_cost(loss, Y, Yhat);
    Mat g = mat_view_rows(net->dA[net->n_layers], 0, X->rows);
    int closed = fused(net, loss);
    if (closed)
        fused_delta(&g, loss, Yhat, Y);    /* g = dZ of the output layer */
    else
        loss_cost_grad(loss, &g, Y, Yhat); /* g = d cost / d y_hat */
    backward_from(net, &g, closed);
    return cost;
}

double net_cost(Net *net, const Loss *loss, const Mat *X, const Mat *Y)
{
    /* the mean of the chunks' means, weighted by their sizes (for rmse:
     * the root of the mse so combined) */
    Loss inner = *loss;
    if (loss->kind == LOSS_RMSE)
        inner.kind = LOSS_MSE;
    double total = 0.0;
    for (int start = 0; start < X->rows; start += net->max_rows) {
        int n = X->rows - start < net->max_rows ? X->rows - start : net->max_rows;
        const Mat Xb = mat_cview_rows(X, start, n), Yb = mat_cview_rows(Y, start, n);
        total += n * loss_cost(&inner, &Yb, net_forward(net, &Xb));
    }
    total /= X->rows;
    return loss->kind == LOSS_RMSE ? sqrt(total) : total;
}

/* p <- p - lr dp, for every trainable parameter */
void net_step(Net *net, double lr)
{
    for (int i = 0; i < net->n_params; i++)
        if (net->params[i].trainable)
            mat_axpy(net->params[i].value, -lr, net->params[i].grad);
}

/* ---- penalties ------------------------------------------------------------ */

static long size_of(const Mat *m)
{
    return (long)m->rows * m->cols;
}

/* R1 = sum |w| over the decaying parameters */
double net_l1(const Net *net)
{
    double s = 0.0;
    for (int i = 0; i < net->n_params; i++)
        if (net->params[i].decay)
            for (long k = 0; k < size_of(net->params[i].value); k++)
                s += fabs(net->params[i].value->data[k]);
    return s;
}

/* R2 = sum w^2 over the decaying parameters */
double net_l2(const Net *net)
{
    double s = 0.0;
    for (int i = 0; i < net->n_params; i++)
        if (net->params[i].decay)
            for (long k = 0; k < size_of(net->params[i].value); k++)
                s += net->params[i].value->data[k] * net->params[i].value->data[k];
    return s;
}

/* d/dw lambda |w| = lambda sign(w)  (0 at w = 0, as Keras' subgradient) */
void net_add_l1_grad(Net *net, double lambda)
{
    for (int i = 0; i < net->n_params; i++) {
        Param *p = &net->params[i];
        if (!p->decay)
            continue;
        for (long k = 0; k < size_of(p->value); k++) {
            double w = p->value->data[k];
            p->grad->data[k] += lambda * ((w > 0) - (w < 0));
        }
    }
}

/* d/dw lambda w^2 = 2 lambda w */
void net_add_l2_grad(Net *net, double lambda)
{
    for (int i = 0; i < net->n_params; i++)
        if (net->params[i].decay)
            mat_axpy(net->params[i].grad, 2.0 * lambda, net->params[i].value);
}

/* ---- metrics ------------------------------------------------------------- */

static int is_classifier(const Loss *loss)
{
    switch (loss->kind) {
    case LOSS_BCE:
    case LOSS_WEIGHTED_BCE:
    case LOSS_CCE:
    case LOSS_SPARSE_CCE:
    case LOSS_HINGE:
    case LOSS_PERCEPTRON: return 1;
    default: return 0;
    }
}

MetricKind metric_resolve(MetricKind kind, const Loss *loss)
{
    if (kind != METRIC_AUTO)
        return kind;
    return is_classifier(loss) ? METRIC_ACCURACY : METRIC_NONE;
}

const char *metric_name(MetricKind kind)
{
    switch (kind) {
    case METRIC_ACCURACY: return "accuracy";
    case METRIC_MAE: return "mae";
    default: return "";
    }
}

/* The class a row of k scores (or of k one-hot targets) stands for. */
static int argmax_row(const Mat *A, int i)
{
    int best = 0;
    for (int j = 1; j < A->cols; j++)
        if (MAT_AT(A, i, j) > MAT_AT(A, i, best))
            best = j;
    return best;
}

/* Whether one output y_hat agrees with its label y. */
static int right_binary(const Loss *loss, double yhat, double y)
{
    if (loss->kind == LOSS_HINGE || loss->kind == LOSS_PERCEPTRON)
        return (yhat >= 0) == (y > 0); /* labels -1, 1; the score's sign */
    return (yhat >= 0.5) == (y >= 0.5);  /* labels 0, 1; a probability */
}

int metric_right(const Loss *loss, const Mat *Y, const Mat *Yhat)
{
    int right = 0;
    for (int i = 0; i < Yhat->rows; i++) {
        if (Yhat->cols == 1)
            right += right_binary(loss, MAT_AT(Yhat, i, 0), MAT_AT(Y, i, 0));
        else if (Y->cols == 1)
            right += argmax_row(Yhat, i) == (int)MAT_AT(Y, i, 0);
        else
            right += argmax_row(Yhat, i) == argmax_row(Y, i);
    }
    return right;
}

/* sum |y - y_hat| over every value */
static double abs_error_sum(const Mat *Y, const Mat *Yhat)
{
    double s = 0.0;
    for (long k = 0; k < size_of(Y); k++)
        s += fabs(Y->data[k] - Yhat->data[k]);
    return s;
}

/* The metric's sum over a batch: samples right (accuracy), or absolute
 * errors (MAE); metric_mean turns the epoch's sum into the metric. */
double metric_sum(MetricKind kind, const Loss *loss, const Mat *Y, const Mat *Yhat)
{
    switch (kind) {
    case METRIC_ACCURACY: return metric_right(loss, Y, Yhat);
    case METRIC_MAE: return abs_error_sum(Y, Yhat);
    default: return 0.0;
    }
}

double metric_mean(MetricKind kind, double sum, int m, int n_out)
{
    switch (kind) {
    case METRIC_ACCURACY: return sum / m;
    case METRIC_MAE: return sum / ((double)m * n_out);
    default: return NAN;
    }
}

double net_accuracy(Net *net, const Loss *loss, const Mat *X, const Mat *Y)
{
    int right = 0, m = X->rows;
    for (int start = 0; start < m; start += net->max_rows) {
        int n = m - start < net->max_rows ? m - start : net->max_rows;
        const Mat Xb = mat_cview_rows(X, start, n), Yb = mat_cview_rows(Y, start, n);
        right += metric_right(loss, &Yb, net_forward(net, &Xb));
    }
    return m ? (double)right / m : 0.0;
}

/* One column of class indices: the sparse form of a k-way classifier's targets. */
static int class_indices(const Net *net, const Loss *loss, const Mat *Y)
{
    return Y->cols == 1 && net_n_out(net) > 1 &&
           (loss->kind == LOSS_SPARSE_CCE || loss->kind == LOSS_CCE ||
            loss->kind == LOSS_HINGE || is_classifier(loss));
}

int net_check_inputs(const Mat *X, const char *name, char *err, size_t len)
{
    if (mat_all_finite(X)) /* the usual case, in one vectorized pass */
        return 0;
    for (int i = 0; i < X->rows; i++)
        for (int j = 0; j < X->cols; j++)
            if (!isfinite(MAT_AT(X, i, j))) {
                snprintf(err, len, "row %d, column %d of %s is %s", i + 1, j + 1, name,
                         isnan(MAT_AT(X, i, j)) ? "NaN" : "infinite");
                return -1;
            }
    return 0;
}

int net_check_targets(const Net *net, const Loss *loss, const Mat *X, const Mat *Y, char *err,
                      size_t len)
{
    int k = net_n_out(net);
    if (X->cols != net->n_in) {
        snprintf(err, len, "the data has %d features, the model takes %d", X->cols, net->n_in);
        return -1;
    }
    if (X->rows != Y->rows) {
        snprintf(err, len, "%d samples but %d targets", X->rows, Y->rows);
        return -1;
    }
    int sparse = class_indices(net, loss, Y);
    if (!sparse && Y->cols != k) {
        snprintf(err, len, "the targets have %d columns, the model gives %d outputs", Y->cols,
                 k);
        return -1;
    }
    if (sparse) { /* class indices: checked as the loaders check them */
        char msg[200];
        int row;
        if (data_check_labels(Y, &(DataTarget){DATA_TARGET_CLASS, k}, NULL, &row, msg,
                              sizeof msg) < 0) {
            snprintf(err, len, "row %d: %s", row + 1, msg);
            return -1;
        }
        return 0;
    }
    for (int i = 0; i < Y->rows; i++)
        for (int j = 0; j < Y->cols; j++)
            if (!isfinite(MAT_AT(Y, i, j))) {
                snprintf(err, len, "row %d: the target is %g; expected a finite number", i + 1,
                         MAT_AT(Y, i, j));
                return -1;
            }
    return 0;
}

/* ---- gradient check -------------------------------------------------------- */

typedef struct {
    Net *net;
    const Loss *loss;
    const Mat *X, *Y;
    Rng noise; /* the net's dropout Rng as it was: every evaluation draws the same masks */
} CostCtx;

/* The train-mode cost, as net_cost_grad computes it, without backward. */
static double cost_of(void *ctx)
{
    CostCtx *c = ctx;
    c->net->noise = c->noise;
    return loss_cost(c->loss, c->Y, net_forward_mode(c->net, c->X, MODE_TRAIN));
}

/* Copy (save = 1) or put back (save = 0) every running statistic. */
static void keep_running(Net *net, Mat **kept, int save)
{
    for (int i = 0, n = 0; i < net->n_params; i++)
        if (!net->params[i].trainable) {
            if (save)
                kept[n] = mat_dup(net->params[i].value);
            else if (kept[n])
                mat_copy(net->params[i].value, kept[n]);
            n++;
        }
}

double net_gradcheck(Net *net, const Loss *loss, const Mat *X, const Mat *Y, double h,
                     NetGradcheckFn report, void *ctx)
{
    Mat **kept = calloc((size_t)net->n_params + 1, sizeof *kept);
    CHECK(kept != NULL, "out of memory");
    keep_running(net, kept, 1);
    CostCtx c = {net, loss, X, Y, net->noise};
    net_cost_grad(net, loss, X, Y); /* the analytic gradients, with the masks of c.noise */
    double worst = 0.0;
    for (int p = 0; p < net->n_params; p++) {
        Param *P = &net->params[p];
        if (!P->trainable)
            continue;
        for (int i = 0; i < P->value->rows; i++)
            for (int j = 0; j < P->value->cols; j++) {
                double numeric = gradcheck_numeric(cost_of, &c, &MAT_AT(P->value, i, j), h);
                double analytic = MAT_AT(P->grad, i, j);
                double err = gradcheck_rel_error(analytic, numeric);
                if (err > worst || isnan(err))
                    worst = err;
                if (report)
                    report(P, i, j, analytic, numeric, ctx);
            }
    }
    keep_running(net, kept, 0);
    for (int i = 0; i < net->n_params; i++)
        mat_free(kept[i]);
    free(kept);
    net->noise = c.noise;
    return worst;
}
