/* twohead.c - two inputs, two outputs on a shared trunk; see twohead.h. */
#include "twohead.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "init.h"
#include "loss.h"

void twohead_free(TwoHead *th)
{
    if (!th)
        return;
    Layer *layers[] = {th->h1, th->h2, th->h3, th->trunk, th->out1, th->out2};
    for (int i = 0; i < 6; i++)
        layer_free(layers[i]);
    Mat *mats[] = {th->A1,  th->A2, th->A3,  th->C,   th->T,  th->P,   th->Q,   th->dZp,
                   th->dQ,  th->dT1, th->dT2, th->dT, th->dC, th->dA1, th->dA2, th->dA3};
    for (size_t i = 0; i < sizeof mats / sizeof mats[0]; i++)
        mat_free(mats[i]);
    free(th);
}

/* A dense layer called name. */
static Layer *dense(const char *name, int n_in, int n_out, ActKind act, int max_rows)
{
    Layer *L = layer_dense(n_in, n_out, act_of(act), max_rows);
    if (L)
        snprintf(L->name, sizeof L->name, "%s", name);
    return L;
}

TwoHead *twohead_new(const TwoHeadSize *s, int max_rows)
{
    CHECK(s->n1 >= 1 && s->n2 >= 1 && s->h1 >= 1 && s->h2 >= 1 && s->h3 >= 1 && s->trunk >= 1 &&
              s->k >= 2 && max_rows >= 1,
          "sizes %d %d %d %d %d %d %d, %d rows", s->n1, s->n2, s->h1, s->h2, s->h3, s->trunk,
          s->k, max_rows);
    TwoHead *th = calloc(1, sizeof *th);
    if (!th)
        return NULL;
    th->size = *s;
    th->max_rows = max_rows;
    int c = s->h2 + s->h3, m = max_rows;
    th->h1 = dense("h1", s->n1, s->h1, ACT_RELU, m);
    th->h2 = dense("h2", s->h1, s->h2, ACT_RELU, m);
    th->h3 = dense("h3", s->n2, s->h3, ACT_RELU, m);
    th->trunk = dense("trunk", c, s->trunk, ACT_RELU, m);
    th->out1 = dense("out1", s->trunk, s->k, ACT_SOFTMAX, m);
    th->out2 = dense("out2", s->trunk, 1, ACT_LINEAR, m);
    th->A1 = mat_new(m, s->h1);
    th->A2 = mat_new(m, s->h2);
    th->A3 = mat_new(m, s->h3);
    th->C = mat_new(m, c);
    th->T = mat_new(m, s->trunk);
    th->P = mat_new(m, s->k);
    th->Q = mat_new(m, 1);
    th->dZp = mat_new(m, s->k);
    th->dQ = mat_new(m, 1);
    th->dT1 = mat_new(m, s->trunk);
    th->dT2 = mat_new(m, s->trunk);
    th->dT = mat_new(m, s->trunk);
    th->dC = mat_new(m, c);
    th->dA1 = mat_new(m, s->h1);
    th->dA2 = mat_new(m, s->h2);
    th->dA3 = mat_new(m, s->h3);
    Layer *layers[] = {th->h1, th->h2, th->h3, th->trunk, th->out1, th->out2};
    Mat *mats[] = {th->A1,  th->A2, th->A3,  th->C,   th->T,  th->P,   th->Q,   th->dZp,
                   th->dQ,  th->dT1, th->dT2, th->dT, th->dC, th->dA1, th->dA2, th->dA3};
    int ok = 1;
    for (int i = 0; i < 6; i++)
        ok = ok && layers[i];
    for (size_t i = 0; i < sizeof mats / sizeof mats[0]; i++)
        ok = ok && mats[i];
    if (!ok) {
        twohead_free(th);
        return NULL;
    }
    for (int i = 0; i < 6; i++)
        th->n_params += layer_params(layers[i], &th->params[th->n_params]);
    return th;
}

void twohead_init(TwoHead *th, Rng *rng)
{
    Layer *layers[] = {th->h1, th->h2, th->h3, th->trunk, th->out1, th->out2};
    for (int i = 0; i < 6; i++)
        layer_init(layers[i], &(Init){.kind = INIT_XAVIER_UNIFORM}, rng);
}

Param *twohead_param(TwoHead *th, const char *name)
{
    for (int i = 0; i < th->n_params; i++)
        if (strcmp(th->params[i].name, name) == 0)
            return &th->params[i];
    return NULL;
}

/* The first m rows of M, as a view. */
static Mat rows(Mat *M, int m)
{
    return mat_view_rows(M, 0, m);
}

void twohead_forward(TwoHead *th, const Mat *X1, const Mat *X2)
{
    int m = X1->rows;
    CHECK(m >= 1 && m <= th->max_rows && X2->rows == m, "%d and %d rows, at most %d", m,
          X2->rows, th->max_rows);
    th->m = m;
    Mat A1 = rows(th->A1, m), A2 = rows(th->A2, m), A3 = rows(th->A3, m), C = rows(th->C, m);
    Mat T = rows(th->T, m), P = rows(th->P, m), Q = rows(th->Q, m);
    layer_forward(th->h1, &A1, X1, NULL, MODE_TRAIN, NULL); /* h1 = relu(x1 W1 + b1) */
    layer_forward(th->h2, &A2, &A1, NULL, MODE_TRAIN, NULL); /* h2 = relu(h1 W2 + b2) */
    layer_forward(th->h3, &A3, X2, NULL, MODE_TRAIN, NULL); /* h3 = relu(x2 W3 + b3) */
    /* c = [h2 | h3]: the two branches side by side */
    int n2 = th->size.h2, n3 = th->size.h3;
    for (int i = 0; i < m; i++) {
        memcpy(&MAT_AT(&C, i, 0), &MAT_AT(&A2, i, 0), (size_t)n2 * sizeof(double));
        memcpy(&MAT_AT(&C, i, n2), &MAT_AT(&A3, i, 0), (size_t)n3 * sizeof(double));
    }
    layer_forward(th->trunk, &T, &C, NULL, MODE_TRAIN, NULL); /* t = relu(c Wt + bt) */
    layer_forward(th->out1, &P, &T, NULL, MODE_TRAIN, NULL);  /* p = softmax(t Wp + bp) */
    layer_forward(th->out2, &Q, &T, NULL, MODE_TRAIN, NULL);  /* q = t Wq + bq */
}

void twohead_costs(const TwoHead *th, const Mat *Y1, const Mat *Y2, double *J1, double *J2)
{
    int m = th->m;
    CHECK(m >= 1, "no forward yet");
    CHECK_SHAPE(Y1, m, 1);
    CHECK_SHAPE(Y2, m, 1);
    const Mat P = mat_cview_rows(th->P, 0, m), Q = mat_cview_rows(th->Q, 0, m);
    *J1 = loss_cost(&(Loss){.kind = LOSS_SPARSE_CCE}, Y1, &P);
    *J2 = loss_cost(&(Loss){.kind = LOSS_MSE}, Y2, &Q);
}

double twohead_cost_grad(TwoHead *th, const Mat *X1, const Mat *X2, const Mat *Y1,
                         const Mat *Y2, double w1, double w2, double *J1, double *J2)
{
    twohead_forward(th, X1, X2);
    double j1, j2;
    twohead_costs(th, Y1, Y2, &j1, &j2);
    int m = th->m, k = th->size.k;
    Mat A1 = rows(th->A1, m), A2 = rows(th->A2, m), A3 = rows(th->A3, m), C = rows(th->C, m);
    Mat T = rows(th->T, m), P = rows(th->P, m), Q = rows(th->Q, m);
    Mat dZp = rows(th->dZp, m), dQ = rows(th->dQ, m), dT1 = rows(th->dT1, m);
    Mat dT2 = rows(th->dT2, m), dT = rows(th->dT, m), dC = rows(th->dC, m);
    Mat dA1 = rows(th->dA1, m), dA2 = rows(th->dA2, m), dA3 = rows(th->dA3, m);
    /* head 1, softmax + cross-entropy: dJ1/dz = (p - onehot(y1)) / m, times w1 */
    for (int i = 0; i < m; i++)
        for (int j = 0; j < k; j++)
            MAT_AT(&dZp, i, j) = w1 * (MAT_AT(&P, i, j) - (j == (int)MAT_AT(Y1, i, 0))) / m;
    layer_backward_dz(th->out1, &dT1, &dZp, &T);
    /* head 2, linear + MSE: dJ2/dq = 2 (q - y2) / m, times w2 */
    for (int i = 0; i < m; i++)
        MAT_AT(&dQ, i, 0) = w2 * 2.0 * (MAT_AT(&Q, i, 0) - MAT_AT(Y2, i, 0)) / m;
    layer_backward(th->out2, &dT2, &dQ, &T, &Q);
    /* the shared trunk's output feeds both heads: dL/dt = w1 dJ1/dt + w2 dJ2/dt */
    mat_add(&dT, &dT1, &dT2);
    layer_backward(th->trunk, &dC, &dT, &C, &T);
    /* dc splits back into the two branches: dL/dh2 = dc[:, :h2], dL/dh3 = dc[:, h2:] */
    int n2 = th->size.h2, n3 = th->size.h3;
    for (int i = 0; i < m; i++) {
        memcpy(&MAT_AT(&dA2, i, 0), &MAT_AT(&dC, i, 0), (size_t)n2 * sizeof(double));
        memcpy(&MAT_AT(&dA3, i, 0), &MAT_AT(&dC, i, n2), (size_t)n3 * sizeof(double));
    }
    layer_backward(th->h2, &dA1, &dA2, &A1, &A2);
    layer_backward(th->h1, NULL, &dA1, X1, &A1);
    layer_backward(th->h3, NULL, &dA3, X2, &A3);
    if (J1)
        *J1 = j1;
    if (J2)
        *J2 = j2;
    return w1 * j1 + w2 * j2;
}
