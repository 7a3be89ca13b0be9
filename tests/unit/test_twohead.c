/* test_twohead.c - lib/twohead, the two-input two-output model of 003:
 *   - every gradient of L = J1 + J2 agrees with central differences of L
 *     (which know nothing of backpropagation), on inputs away from ReLU's
 *     kink, and none of the checked gradients is zero;
 *   - the gradient of L is the sum of the gradients of J1 alone and J2
 *     alone, for every weight (the notes' dL/dw = dJ1/dw + dJ2/dw), with
 *     both terms non-zero for the shared trunk and a branch, and one term
 *     zero for each head's own weights;
 *   - a forward by hand: a 1-1-1-1 model with chosen weights.
 *
 * Tolerances: central differences with h = 1e-5 on a smooth cost of size
 * ~1 agree to ~1e-9 relative (gradcheck.h); we allow 1e-6 relative or
 * 1e-9 absolute (the smallest gradients, ~1e-4, lose digits to the
 * cancellation in L(w + h) - L(w - h)). The sum property holds up to
 * rounding: backpropagation adds the two heads' gradients at t and
 * carries the sum back through matrix products, which round differently
 * from carrying the two back apart and adding at the end (a few units in
 * the 15th digit): 1e-12 relative, 1e-18 absolute.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "gradcheck.h"
#include "mat.h"
#include "rng.h"
#include "twohead.h"

static const TwoHeadSize SIZE = {.n1 = 4, .n2 = 3, .h1 = 6, .h2 = 3, .h3 = 2, .trunk = 5, .k = 3};
#define M 7

typedef struct {
    TwoHead *th;
    Mat *X1, *X2, *Y1, *Y2;
} Fixture;

static Fixture make(void)
{
    Fixture f;
    Rng rng;
    rng_seed(&rng, 2022);
    f.th = twohead_new(&SIZE, M);
    cr_assert_not_null(f.th);
    twohead_init(f.th, &rng);
    /* biases away from 0, so that pre-activations sit away from ReLU's kink */
    for (int i = 0; i < f.th->n_params; i++)
        if (strstr(f.th->params[i].name, "/b"))
            for (int j = 0; j < f.th->params[i].value->cols; j++)
                f.th->params[i].value->data[j] = rng_uniform(&rng, 0.05, 0.3);
    f.X1 = mat_new(M, SIZE.n1);
    f.X2 = mat_new(M, SIZE.n2);
    f.Y1 = mat_new(M, 1);
    f.Y2 = mat_new(M, 1);
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < SIZE.n1; j++)
            MAT_AT(f.X1, i, j) = rng_normal(&rng, 0.0, 1.0);
        for (int j = 0; j < SIZE.n2; j++)
            MAT_AT(f.X2, i, j) = rng_normal(&rng, 0.0, 1.0);
        MAT_AT(f.Y1, i, 0) = i % 3;
        MAT_AT(f.Y2, i, 0) = rng_normal(&rng, 0.5, 1.0);
    }
    return f;
}

static void release(Fixture *f)
{
    twohead_free(f->th);
    mat_free(f->X1);
    mat_free(f->X2);
    mat_free(f->Y1);
    mat_free(f->Y2);
}

/* L = J1 + J2 at the current weights (a forward only). */
static double cost(void *ctx)
{
    Fixture *f = ctx;
    double J1, J2;
    twohead_forward(f->th, f->X1, f->X2);
    twohead_costs(f->th, f->Y1, f->Y2, &J1, &J2);
    return J1 + J2;
}

Test(twohead, every_gradient_of_j1_plus_j2_matches_central_differences)
{
    Fixture f = make();
    twohead_cost_grad(f.th, f.X1, f.X2, f.Y1, f.Y2, 1.0, 1.0, NULL, NULL);
    /* copy the analytic gradients: the numeric forwards do not touch them,
     * but keep them apart to be sure */
    int checked = 0;
    for (int p = 0; p < f.th->n_params; p++) {
        Param *P = &f.th->params[p];
        Mat *g = mat_dup(P->grad);
        for (int v = 0; v < P->value->rows * P->value->cols; v++) {
            double numeric = gradcheck_numeric(cost, &f, &P->value->data[v], 1e-5);
            double analytic = g->data[v];
            double rel = gradcheck_rel_error(analytic, numeric);
            cr_assert(rel <= 1e-6 || fabs(analytic - numeric) <= 1e-9,
                      "%s[%d]: analytic %.12g, numeric %.12g (relative %.3g)", P->name, v, analytic,
                      numeric, rel);
            checked += analytic != 0.0;
        }
        mat_free(g);
    }
    /* 4x6+6 + 6x3+3 + 3x2+2 + 5x5+5 + 5x3+3 + 5x1+1 = 113 values; a dead
     * ReLU unit could zero a few, but most must be non-zero */
    cr_assert_gt(checked, 100, "only %d non-zero gradients", checked);
    release(&f);
}

Test(twohead, the_gradient_of_the_sum_is_the_sum_of_the_heads_gradients)
{
    Fixture f = make();
    Mat *g1[TWOHEAD_PARAMS], *g2[TWOHEAD_PARAMS];
    double J1, J2, L;
    twohead_cost_grad(f.th, f.X1, f.X2, f.Y1, f.Y2, 1.0, 0.0, &J1, NULL); /* dJ1/dw */
    for (int p = 0; p < f.th->n_params; p++)
        g1[p] = mat_dup(f.th->params[p].grad);
    twohead_cost_grad(f.th, f.X1, f.X2, f.Y1, f.Y2, 0.0, 1.0, NULL, &J2); /* dJ2/dw */
    for (int p = 0; p < f.th->n_params; p++)
        g2[p] = mat_dup(f.th->params[p].grad);
    L = twohead_cost_grad(f.th, f.X1, f.X2, f.Y1, f.Y2, 1.0, 1.0, NULL, NULL); /* dL/dw */
    cr_assert_float_eq(L, J1 + J2, 1e-15 * L);
    for (int p = 0; p < f.th->n_params; p++) {
        const Param *P = &f.th->params[p];
        double n1 = 0, n2 = 0;
        for (int v = 0; v < P->value->rows * P->value->cols; v++) {
            double sum = g1[p]->data[v] + g2[p]->data[v];
            cr_assert_float_eq(P->grad->data[v], sum, 1e-12 * fabs(sum) + 1e-18,
                               "%s[%d]: dL/dw %.17g, dJ1/dw + dJ2/dw %.17g", P->name, v,
                               P->grad->data[v], sum);
            n1 += fabs(g1[p]->data[v]);
            n2 += fabs(g2[p]->data[v]);
        }
        if (strncmp(P->name, "out1/", 5) == 0)
            cr_assert_eq(n2, 0.0, "%s: J2 does not depend on head 1's weights", P->name);
        else if (strncmp(P->name, "out2/", 5) == 0)
            cr_assert_eq(n1, 0.0, "%s: J1 does not depend on head 2's weights", P->name);
        else
            cr_assert(n1 > 0 && n2 > 0, "%s: a shared weight gets both terms (%g, %g)", P->name,
                      n1, n2);
        mat_free(g1[p]);
        mat_free(g2[p]);
    }
    release(&f);
}

Test(twohead, a_forward_by_hand)
{
    /* one unit everywhere: n1 = n2 = 1, h1 = h2 = h3 = trunk = 1, k = 2 */
    TwoHeadSize s = {.n1 = 1, .n2 = 1, .h1 = 1, .h2 = 1, .h3 = 1, .trunk = 1, .k = 2};
    TwoHead *th = twohead_new(&s, 1);
    double w[][2] = {{0.5, 0.1}, {2.0, -0.2}, {-1.0, 0.3}}; /* h1, h2, h3: W, b */
    Layer *L[] = {th->h1, th->h2, th->h3};
    for (int i = 0; i < 3; i++) {
        L[i]->W->data[0] = w[i][0];
        L[i]->b->data[0] = w[i][1];
    }
    /* trunk: 1 x [h2 | h3] -> 1: W = (1, 0.5)^T, b = 0 */
    th->trunk->W->data[0] = 1.0;
    th->trunk->W->data[1] = 0.5;
    /* out1: W = (1, -1), b = 0; out2: W = 3, b = 1 */
    th->out1->W->data[0] = 1.0;
    th->out1->W->data[1] = -1.0;
    th->out2->W->data[0] = 3.0;
    th->out2->b->data[0] = 1.0;
    double x1v = 2.0, x2v = -0.5, y1v = 0.0, y2v = 5.0;
    Mat X1 = {1, 1, &x1v}, X2 = {1, 1, &x2v}, Y1 = {1, 1, &y1v}, Y2 = {1, 1, &y2v};
    twohead_forward(th, &X1, &X2);
    /* h1 = relu(2 x 0.5 + 0.1) = 1.1; h2 = relu(1.1 x 2 - 0.2) = 2;
     * h3 = relu(-0.5 x -1 + 0.3) = 0.8; t = relu(2 x 1 + 0.8 x 0.5) = 2.4;
     * p = softmax(2.4, -2.4) = (1 / (1 + e^-4.8), e^-4.8 / (1 + e^-4.8));
     * q = 3 x 2.4 + 1 = 8.2 */
    cr_assert_float_eq(th->T->data[0], 2.4, 1e-15);
    cr_assert_float_eq(th->P->data[0], 1.0 / (1.0 + exp(-4.8)), 1e-15);
    cr_assert_float_eq(th->Q->data[0], 8.2, 1e-14);
    /* J1 = -ln p0 = ln(1 + e^-4.8); J2 = (5 - 8.2)^2 = 10.24 */
    double J1, J2;
    twohead_costs(th, &Y1, &Y2, &J1, &J2);
    cr_assert_float_eq(J1, log1p(exp(-4.8)), 1e-15);
    cr_assert_float_eq(J2, 10.24, 1e-13);
    twohead_free(th);
}
