/* layer.c - the dense layer; see layer.h. */
#include "layer.h"

#include <stdlib.h>

#include "check.h"

Dense *layer_new(int n_in, int n_out, Act act, int max_rows)
{
    CHECK(n_in >= 1 && n_out >= 1 && max_rows >= 1, "layer %d -> %d, %d rows", n_in, n_out,
          max_rows);
    Dense *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->n_in = n_in;
    d->n_out = n_out;
    d->act = act;
    d->max_rows = max_rows;
    d->W = mat_new(n_in, n_out);
    d->b = mat_new(1, n_out);
    d->dW = mat_new(n_in, n_out);
    d->db = mat_new(1, n_out);
    d->Z_buf = mat_new(max_rows, n_out);
    d->A_buf = mat_new(max_rows, n_out);
    d->dZ_buf = mat_new(max_rows, n_out);
    if (!d->W || !d->b || !d->dW || !d->db || !d->Z_buf || !d->A_buf || !d->dZ_buf) {
        layer_free(d);
        return NULL;
    }
    return d;
}

void layer_free(Dense *d)
{
    if (!d)
        return;
    mat_free(d->W);
    mat_free(d->b);
    mat_free(d->dW);
    mat_free(d->db);
    mat_free(d->Z_buf);
    mat_free(d->A_buf);
    mat_free(d->dZ_buf);
    free(d);
}

void layer_init(Dense *d, const Init *init, Rng *rng)
{
    init_fill(d->W, init, rng);
    mat_fill(d->b, 0.0);
}

/* Z = X W + b;  A = act(Z) */
const Mat *layer_forward(Dense *d, const Mat *X)
{
    CHECK(X->cols == d->n_in, "X has %d columns, the layer takes %d", X->cols, d->n_in);
    CHECK(X->rows <= d->max_rows, "%d rows, the layer was made for %d", X->rows, d->max_rows);
    d->X = X;
    d->Z = mat_view_rows(d->Z_buf, 0, X->rows);
    d->A = mat_view_rows(d->A_buf, 0, X->rows);
    mat_matmul(&d->Z, X, d->W);
    mat_add_row_vector(&d->Z, d->b);
    act_forward(&d->act, &d->A, &d->Z);
    return &d->A;
}

void layer_backward(Dense *d, const Mat *dA, Mat *dX)
{
    CHECK(d->X != NULL, "layer_backward before layer_forward");
    int m = d->X->rows;
    CHECK_SHAPE(dA, m, d->n_out);
    Mat dZ = mat_view_rows(d->dZ_buf, 0, m);
    /* dZ = dA * act'(Z) */
    act_backward(&d->act, &dZ, dA, &d->Z, &d->A);
    layer_backward_dz(d, &dZ, dX);
}

void layer_backward_dz(Dense *d, const Mat *dZ, Mat *dX)
{
    CHECK(d->X != NULL, "layer_backward_dz before layer_forward");
    CHECK_SHAPE(dZ, d->X->rows, d->n_out);
    /* dW = X^T dZ,  db = column sums of dZ */
    mat_matmul_tn(d->dW, d->X, dZ);
    mat_sum_rows(d->db, dZ);
    /* dX = dZ W^T */
    if (dX) {
        CHECK_SHAPE(dX, d->X->rows, d->n_in);
        mat_matmul_nt(dX, dZ, d->W);
    }
}

int layer_param_count(const Dense *d)
{
    return d->n_in * d->n_out + d->n_out;
}
