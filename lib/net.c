/* net.c - the sequential model; see net.h. */
#include "net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gradcheck.h"

Net *net_new(int n_in, int max_rows)
{
    CHECK(n_in >= 1 && max_rows >= 1, "n_in %d, max_rows %d", n_in, max_rows);
    Net *net = calloc(1, sizeof *net);
    if (!net)
        return NULL;
    net->n_in = n_in;
    net->max_rows = max_rows;
    return net;
}

void net_free(Net *net)
{
    if (!net)
        return;
    for (int k = 0; k < net->n_layers; k++) {
        layer_free(net->layers[k]);
        mat_free(net->dA_buf[k]);
    }
    mat_free(net->dY_buf);
    free(net);
}

int net_n_out(const Net *net)
{
    return net->n_layers ? net->layers[net->n_layers - 1]->n_out : net->n_in;
}

int net_add(Net *net, int n_out, Act act)
{
    if (net->n_layers == NET_MAX_LAYERS)
        return -1;
    int n_in = net_n_out(net);
    Dense *d = layer_new(n_in, n_out, act, net->max_rows);
    Mat *dA = mat_new(net->max_rows, n_in);    /* d cost / d (this layer's input) */
    Mat *dY = mat_new(net->max_rows, n_out);   /* d cost / d y_hat, now that it is last */
    if (!d || !dA || !dY) {
        layer_free(d);
        mat_free(dA);
        mat_free(dY);
        return -1;
    }
    net->layers[net->n_layers] = d;
    net->dA_buf[net->n_layers] = dA;
    net->n_layers++;
    mat_free(net->dY_buf);
    net->dY_buf = dY;
    return 0;
}

void net_init(Net *net, const Init *init, Rng *rng)
{
    for (int k = 0; k < net->n_layers; k++)
        layer_init(net->layers[k], init, rng);
}

int net_param_count(const Net *net)
{
    int total = 0;
    for (int k = 0; k < net->n_layers; k++)
        total += layer_param_count(net->layers[k]);
    return total;
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
        char name[40], shape[40];
        if (k == 0)
            snprintf(name, sizeof name, "dense (Dense)");
        else
            snprintf(name, sizeof name, "dense_%d (Dense)", k);
        snprintf(shape, sizeof shape, "(None, %d)", net->layers[k]->n_out);
        fprintf(fp, " %-27s %-25s %d\n", name, shape, layer_param_count(net->layers[k]));
        if (k + 1 < net->n_layers)
            fputc('\n', fp);
    }
    rule(fp, '=');
    int total = net_param_count(net);
    fprintf(fp, "Total params: %d\nTrainable params: %d\nNon-trainable params: 0\n", total, total);
    rule(fp, '_');
}

/* After a forward over a view that is about to go out of scope (a chunk
 * in net_cost or net_accuracy, a batch in net_fit), forget it: a later
 * net_backward then stops at a check ("backward without a net_forward
 * before it") instead of reading a dead view. */
static void forget_input(Net *net)
{
    if (net->n_layers > 0)
        net->layers[0]->X = NULL;
}

/* A^[0] = X;  A^[k] = act(A^[k-1] W^[k] + b^[k]) */
const Mat *net_forward(Net *net, const Mat *X)
{
    CHECK(net->n_layers > 0, "the net has no layers");
    const Mat *A = X;
    for (int k = 0; k < net->n_layers; k++)
        A = layer_forward(net->layers[k], A);
    return A;
}

/* From the last layer's dZ: each layer writes the dA of the one before. */
static void backward_from(Net *net, int last, const Mat *dA_or_dZ, int is_dZ)
{
    CHECK(net->n_layers > 0 && net->layers[0]->X != NULL,
          "backward without a net_forward before it");
    int m = net->layers[0]->X->rows;
    const Mat *upstream = dA_or_dZ;
    Mat dX[NET_MAX_LAYERS];
    for (int k = last; k >= 0; k--) {
        Mat *dX_k = NULL;
        if (k > 0) {
            dX[k] = mat_view_rows(net->dA_buf[k], 0, m);
            dX_k = &dX[k];
        }
        if (k == last && is_dZ)
            layer_backward_dz(net->layers[k], upstream, dX_k);
        else
            layer_backward(net->layers[k], upstream, dX_k);
        upstream = dX_k;
    }
}

void net_backward(Net *net, const Mat *dYhat)
{
    backward_from(net, net->n_layers - 1, dYhat, 0);
}

double net_cost(Net *net, const Loss *loss, const Mat *X, const Mat *Y)
{
    if (X->rows <= net->max_rows)
        return loss_cost(loss, Y, net_forward(net, X));
    /* more rows than a batch: the mean of the chunks' means, weighted by
     * their sizes (for rmse: the root of the mse so combined) */
    Loss inner = *loss;
    if (loss->kind == LOSS_RMSE)
        inner.kind = LOSS_MSE;
    double total = 0.0;
    for (int start = 0; start < X->rows; start += net->max_rows) {
        int n = X->rows - start < net->max_rows ? X->rows - start : net->max_rows;
        const Mat Xb = mat_cview_rows(X, start, n), Yb = mat_cview_rows(Y, start, n);
        total += n * loss_cost(&inner, &Yb, net_forward(net, &Xb));
    }
    forget_input(net);
    total /= X->rows;
    return loss->kind == LOSS_RMSE ? sqrt(total) : total;
}

/* Whether the output layer's delta has a closed form (fused_delta). */
static int fused(const Net *net, const Loss *loss)
{
    ActKind out = net->layers[net->n_layers - 1]->act.kind;
    return (out == ACT_SOFTMAX && (loss->kind == LOSS_CCE || loss->kind == LOSS_SPARSE_CCE)) ||
           (out == ACT_SIGMOID && (loss->kind == LOSS_BCE || loss->kind == LOSS_WEIGHTED_BCE));
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
    const Mat *Yhat = net_forward(net, X);
    double cost = loss_cost(loss, Y, Yhat);
    Mat g = mat_view_rows(net->dY_buf, 0, X->rows);
    int closed = fused(net, loss);
    if (closed)
        fused_delta(&g, loss, Yhat, Y);    /* g = dZ of the output layer */
    else
        loss_cost_grad(loss, &g, Y, Yhat); /* g = d cost / d y_hat */
    backward_from(net, net->n_layers - 1, &g, closed);
    return cost;
}

void net_step(Net *net, double lr)
{
    for (int k = 0; k < net->n_layers; k++) {
        Dense *d = net->layers[k];
        mat_axpy(d->W, -lr, d->dW); /* W <- W - lr dW */
        mat_axpy(d->b, -lr, d->db); /* b <- b - lr db */
    }
}

double net_l2(const Net *net)
{
    double s = 0.0;
    for (int k = 0; k < net->n_layers; k++) {
        const Mat *W = net->layers[k]->W;
        for (long i = 0; i < (long)W->rows * W->cols; i++)
            s += W->data[i] * W->data[i];
    }
    return s;
}

/* d/dW lambda sum w^2 = 2 lambda W */
void net_add_l2_grad(Net *net, double lambda)
{
    for (int k = 0; k < net->n_layers; k++)
        mat_axpy(net->layers[k]->dW, 2.0 * lambda, net->layers[k]->W);
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

/* The class index a one-column label holds (a whole number in 0..k-1). */
static int class_of(double label, int k)
{
    CHECK(label >= 0 && label < k && label == floor(label), "class label %g outside 0..%d",
          label, k - 1);
    return (int)label;
}

/* Whether one output y_hat agrees with its label y. */
static int right_binary(const Loss *loss, double yhat, double y)
{
    if (loss->kind == LOSS_HINGE || loss->kind == LOSS_PERCEPTRON)
        return (yhat >= 0) == (y > 0); /* labels -1, 1; the score's sign */
    return (yhat >= 0.5) == (y >= 0.5);  /* labels 0, 1; a probability */
}

double net_accuracy(Net *net, const Loss *loss, const Mat *X, const Mat *Y)
{
    int right = 0, m = X->rows;
    for (int start = 0; start < m; start += net->max_rows) {
        int n = m - start < net->max_rows ? m - start : net->max_rows;
        const Mat Xb = mat_cview_rows(X, start, n), Yb = mat_cview_rows(Y, start, n);
        const Mat *P = net_forward(net, &Xb);
        for (int i = 0; i < n; i++) {
            if (P->cols == 1)
                right += right_binary(loss, MAT_AT(P, i, 0), MAT_AT(&Yb, i, 0));
            else if (Yb.cols == 1)
                right += argmax_row(P, i) == class_of(MAT_AT(&Yb, i, 0), P->cols);
            else
                right += argmax_row(P, i) == argmax_row(&Yb, i);
        }
    }
    forget_input(net); /* layer 0 saw the view Xb */
    return m ? (double)right / m : 0.0;
}

/* ---- fit -------------------------------------------------------------- */

/* Copy rows order[first .. first+n-1] of src into the first n rows of dst. */
static void gather(Mat *dst, const Mat *src, const int *order, int first, int n)
{
    for (int i = 0; i < n; i++)
        memcpy(&MAT_AT(dst, i, 0), &MAT_AT(src, order[first + i], 0),
               (size_t)src->cols * sizeof(double));
}

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

static void print_epoch(Net *net, const Loss *loss, const FitSpec *spec, int epoch,
                        double cost, const Mat *X, const Mat *Y)
{
    printf("Epoch %d/%d - loss: %.4f", epoch, spec->epochs, cost);
    if (is_classifier(loss))
        printf(" - accuracy: %.4f", net_accuracy(net, loss, X, Y));
    if (spec->X_val) {
        printf(" - val_loss: %.4f", net_cost(net, loss, spec->X_val, spec->Y_val));
        if (is_classifier(loss))
            printf(" - val_accuracy: %.4f", net_accuracy(net, loss, spec->X_val, spec->Y_val));
    }
    putchar('\n');
}

/* 1 when every weight and bias of the net is a finite number. */
static int params_finite(const Net *net)
{
    for (int k = 0; k < net->n_layers; k++)
        if (!mat_all_finite(net->layers[k]->W) || !mat_all_finite(net->layers[k]->b))
            return 0;
    return 1;
}

/* Where and how an epoch diverged. */
typedef struct {
    int batch;        /* 1-based */
    const char *what; /* "the cost became NaN", ... */
} Divergence;

/* One epoch over the batches; returns the epoch's cost, or NaN with *div
 * filled in when the cost, or a parameter after a step, stopped being
 * finite (a step can overflow the weights while the cost it came from was
 * still finite). */
static double run_epoch(Net *net, const Loss *loss, const Mat *X, const Mat *Y,
                        const FitSpec *spec, const int *order, Mat *Xb, Mat *Yb, int batch,
                        Divergence *div)
{
    int m = X->rows;
    double total = 0.0;
    for (int start = 0, b = 1; start < m; start += batch, b++) {
        int n = m - start < batch ? m - start : batch;
        Mat Xv = mat_view_rows(Xb, 0, n), Yv = mat_view_rows(Yb, 0, n);
        gather(&Xv, X, order, start, n);
        gather(&Yv, Y, order, start, n);
        double cost = net_cost_grad(net, loss, &Xv, &Yv);
        if (spec->l2 > 0) {
            cost += spec->l2 * net_l2(net);
            net_add_l2_grad(net, spec->l2);
        }
        if (!isfinite(cost)) {
            const char *what = isnan(cost) ? "the cost became NaN" : "the cost became infinite";
            *div = (Divergence){b, what};
            return NAN;
        }
        net_step(net, spec->lr);
        if (!params_finite(net)) {
            *div = (Divergence){b, "a weight became infinite or NaN"};
            return NAN;
        }
        total += cost * n;
    }
    return total / m;
}

int net_fit(Net *net, const Loss *loss, const Mat *X, const Mat *Y, const FitSpec *spec,
            FitResult *res)
{
    CHECK(X->rows == Y->rows && X->rows > 0, "X has %d rows, Y %d", X->rows, Y->rows);
    memset(res, 0, sizeof *res);
    int m = X->rows;
    int batch = spec->batch_size <= 0 || spec->batch_size > m ? m : spec->batch_size;
    CHECK(batch <= net->max_rows, "batches of %d rows, the net takes %d", batch, net->max_rows);
    int *order = malloc((size_t)m * sizeof *order);
    Mat *Xb = mat_new(batch, X->cols), *Yb = mat_new(batch, Y->cols);
    int rc = 0;
    if (!order || !Xb || !Yb) {
        snprintf(res->message, sizeof res->message, "out of memory");
        rc = -1;
        goto done;
    }
    for (int i = 0; i < m; i++)
        order[i] = i;
    for (int epoch = 1; epoch <= spec->epochs; epoch++) {
        if (spec->shuffle)
            rng_shuffle(spec->shuffle, order, m);
        Divergence div = {0, ""};
        double cost = run_epoch(net, loss, X, Y, spec, order, Xb, Yb, batch, &div);
        if (!isfinite(cost)) {
            res->diverged = 1;
            snprintf(res->message, sizeof res->message,
                     "training diverged: %s at epoch %d, batch %d "
                     "(learning rate %g: try a smaller one)",
                     div.what, epoch, div.batch, spec->lr);
            rc = -1;
            break;
        }
        res->epochs = epoch;
        res->cost = cost;
        if (spec->history)
            spec->history[epoch - 1] = cost;
        if (spec->val_history && spec->X_val)
            spec->val_history[epoch - 1] = net_cost(net, loss, spec->X_val, spec->Y_val);
        if (spec->verbose)
            print_epoch(net, loss, spec, epoch, cost, X, Y);
    }
done:
    forget_input(net); /* layer 0 saw the batch view Xv, and Xb is freed below */
    free(order);
    mat_free(Xb);
    mat_free(Yb);
    return rc;
}

/* ---- gradient check ----------------------------------------------------- */

typedef struct {
    Net *net;
    const Loss *loss;
    const Mat *X, *Y;
} CostCtx;

static double cost_of(void *ctx)
{
    CostCtx *c = ctx;
    return net_cost(c->net, c->loss, c->X, c->Y);
}

/* Check each entry of P against its analytic gradient G. */
static double check_param(CostCtx *c, int layer, char which, Mat *P, const Mat *G, double h,
                          NetGradcheckFn report, void *ctx)
{
    double worst = 0.0;
    for (int i = 0; i < P->rows; i++)
        for (int j = 0; j < P->cols; j++) {
            double numeric = gradcheck_numeric(cost_of, c, &MAT_AT(P, i, j), h);
            double analytic = MAT_AT(G, i, j);
            double err = gradcheck_rel_error(analytic, numeric);
            if (err > worst || isnan(err))
                worst = err;
            if (report)
                report(layer, which, i, j, analytic, numeric, ctx);
        }
    return worst;
}

double net_gradcheck(Net *net, const Loss *loss, const Mat *X, const Mat *Y, double h,
                     NetGradcheckFn report, void *ctx)
{
    /* net_cost only runs forward, so dW and db keep the analytic gradient */
    net_cost_grad(net, loss, X, Y);
    CostCtx c = {net, loss, X, Y};
    double worst = 0.0;
    for (int k = 0; k < net->n_layers; k++) {
        Dense *d = net->layers[k];
        worst = fmax(worst, check_param(&c, k, 'W', d->W, d->dW, h, report, ctx));
        worst = fmax(worst, check_param(&c, k, 'b', d->b, d->db, h, report, ctx));
    }
    return worst;
}
