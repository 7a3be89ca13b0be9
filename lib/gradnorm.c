/* gradnorm.c - per-layer gradient norms, the speed of learning; see gradnorm.h. */
#include "gradnorm.h"

#include <math.h>
#include <stdlib.h>

#include "check.h"

/* ||M|| = sqrt(sum_ij m_ij^2), the Frobenius norm */
static double frobenius(const Mat *M)
{
    double sum = 0.0;
    for (int i = 0; i < M->rows; i++)
        for (int j = 0; j < M->cols; j++)
            sum += MAT_AT(M, i, j) * MAT_AT(M, i, j);
    return sqrt(sum);
}

int gradnorm_count(const Net *net)
{
    int n = 0;
    for (int k = 0; k < net->n_layers; k++)
        n += net->layers[k]->kind == LAYER_DENSE;
    return n;
}

int gradnorm_layers(const Net *net, GradNormOf of, double *out, int max)
{
    CHECK(of == GRADNORM_KERNEL || of == GRADNORM_BIAS, "unknown GradNormOf %d", (int)of);
    int l = 0;
    for (int k = 0; k < net->n_layers; k++) {
        const Layer *L = net->layers[k];
        if (L->kind != LAYER_DENSE)
            continue;
        if (l < max)
            out[l] = frobenius(of == GRADNORM_KERNEL ? L->dW : L->db);
        l++;
    }
    return l;
}

/* Copy (save = 1) or put back (save = 0) the values of every parameter
 * that is not trainable (batch norm's running mean and variance). kept has
 * one entry per such parameter. Returns 0, or -1 when a copy could not be
 * made. */
static int keep_running(Net *net, Mat **kept, int save)
{
    int rc = 0;
    for (int i = 0, n = 0; i < net->n_params; i++) {
        if (net->params[i].trainable)
            continue;
        if (save) {
            kept[n] = mat_dup(net->params[i].value);
            rc |= kept[n] ? 0 : -1;
        } else {
            mat_copy(net->params[i].value, kept[n]);
        }
        n++;
    }
    return rc;
}

int gradnorm_measure(Net *net, const Loss *loss, const Mat *X, const Mat *Y, GradNormOf of,
                     double *out, int max, double *cost)
{
    int n_kept = 0; /* parameters that are not trainable */
    for (int i = 0; i < net->n_params; i++)
        n_kept += !net->params[i].trainable;
    Mat **kept = n_kept ? calloc((size_t)n_kept, sizeof *kept) : NULL;
    int rc = 0;
    if (n_kept && (!kept || keep_running(net, kept, 1) != 0))
        rc = -1;
    if (rc == 0) {
        Rng noise = net->noise; /* dropout's masks: training goes on with the same stream */
        double c = net_cost_grad(net, loss, X, Y);
        net->noise = noise;
        if (n_kept)
            keep_running(net, kept, 0);
        if (cost)
            *cost = c;
        rc = gradnorm_layers(net, of, out, max);
    }
    for (int i = 0; kept && i < n_kept; i++)
        mat_free(kept[i]);
    free(kept);
    return rc;
}

double gradnorm_ratio(const double *speeds, int n)
{
    CHECK(n >= 1, "gradnorm_ratio of %d speeds", n);
    return speeds[0] / speeds[n - 1];
}

FitAction gradnorm_callback(Net *net, const EpochLog *log, void *gradnorm_log)
{
    GradNormLog *g = gradnorm_log;
    CHECK(g->width >= gradnorm_count(net), "a row of %d values, the net has %d dense layers",
          g->width, gradnorm_count(net));
    if (log->epoch > g->max_epochs)
        return FIT_CONTINUE;
    double *row = g->norms + (long)log->epoch * g->width;
    if (gradnorm_measure(net, g->loss, g->X, g->Y, g->of, row, g->width, NULL) < 0)
        g->failed = 1;
    else
        g->epochs = log->epoch;
    return FIT_CONTINUE;
}
