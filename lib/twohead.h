/* twohead.h - the functional-API model of notes 003: two inputs, two
 * outputs, and a trunk both outputs share.
 *
 * 003 writes, in Keras:
 *     inp1 = Input(shape=(11,));  inp2 = Input(shape=(5,))
 *     h1 = Dense(16, activation='relu')(inp1);  h2 = Dense(4, ...)(h1)
 *     h3 = Dense(4, ...)(inp2)
 *     out1 = Dense(4, activation='softmax')(h2);  out2 = Dense(1)(h3)
 * and trains on L = J1 + J2. Here the two branches meet in a shared
 * trunk before the two heads, so that some weights serve both outputs:
 *
 *   x1 (m x n1) -> h1 = relu(x1 W1 + b1) -> h2 = relu(h1 W2 + b2) --+
 *                                                                   |  c = [h2 | h3]
 *   x2 (m x n2) -> h3 = relu(x2 W3 + b3) ---------------------------+
 *
 *   c -> t = relu(c Wt + bt) -> p = softmax(t Wp + bp)   J1 = sparse CCE(y1, p)   (class index)
 *                            -> q = t Wq + bq            J2 = MSE(y2, q)           (a number)
 *
 *   L = w1 J1 + w2 J2                    (the notes' L = J1 + J2: w1 = w2 = 1)
 *
 * Backward: each head sends back its own dJ/dt; the trunk's output t is
 * read by both heads, so its gradient is their sum,
 *
 *   dL/dt = w1 dJ1/dt + w2 dJ2/dt,
 *
 * and by the chain rule every weight before it (the trunk's, the
 * branches') gets dL/dw = w1 dJ1/dw + w2 dJ2/dw, the notes' dL/dw1 =
 * dJ1/dw1 + dJ2/dw1. A head's own weights get one term only: dJ2/dWp = 0.
 *
 * The model owns its six Dense layers (layer.h), their outputs (sized for
 * max_rows samples) and a Param list (names "h1/W", ..., "out2/b") for the
 * optimizers (optim.h) and the gradient check. Nothing allocates after
 * twohead_new.
 */
#ifndef ANNLAB_TWOHEAD_H
#define ANNLAB_TWOHEAD_H

#include "layer.h"
#include "mat.h"
#include "param.h"
#include "rng.h"

/* The sizes: inputs n1 and n2; units of h1, h2, h3 and the trunk; k classes. */
typedef struct {
    int n1, n2;
    int h1, h2, h3, trunk;
    int k;
} TwoHeadSize;

#define TWOHEAD_PARAMS 12 /* W and b of six layers */

typedef struct {
    TwoHeadSize size;
    int max_rows;
    Layer *h1, *h2, *h3, *trunk, *out1, *out2;
    /* the last forward's outputs (max_rows rows; the last forward used m) */
    Mat *A1, *A2, *A3, *C, *T, *P, *Q;
    /* backward's scratch: d/dP's dZ, d/dQ, dT from each head, dC, dA1, dA2, dA3 */
    Mat *dZp, *dQ, *dT1, *dT2, *dT, *dC, *dA1, *dA2, *dA3;
    int m;
    Param params[TWOHEAD_PARAMS];
    int n_params;
} TwoHead;

/* A new model of the given sizes for batches of up to max_rows samples,
 * all weights 0; NULL when out of memory. */
TwoHead *twohead_new(const TwoHeadSize *size, int max_rows);
void twohead_free(TwoHead *th);

/* Every W Glorot-uniform from rng (layer by layer: h1, h2, h3, trunk,
 * out1, out2), every b = 0. */
void twohead_init(TwoHead *th, Rng *rng);

/* Forward for the m <= max_rows rows of X1 (m x n1) and X2 (m x n2):
 * fills A1 .. Q; th->P (m x k) and th->Q (m x 1) hold the two outputs
 * (their first m rows). */
void twohead_forward(TwoHead *th, const Mat *X1, const Mat *X2);

/* The two costs of the last forward against Y1 (m x 1 class indices) and
 * Y2 (m x 1 numbers): J1 = sparse CCE(Y1, P), J2 = MSE(Y2, Q). */
void twohead_costs(const TwoHead *th, const Mat *Y1, const Mat *Y2, double *J1, double *J2);

/* Forward, then backward of L = w1 J1 + w2 J2: overwrites every
 * parameter's gradient with dL/dw and returns L; *J1 and *J2 (when not
 * NULL) get the two costs. With w2 = 0 the gradients are dJ1/dw alone
 * (scaled by w1), with w1 = 0 dJ2/dw alone. */
double twohead_cost_grad(TwoHead *th, const Mat *X1, const Mat *X2, const Mat *Y1,
                         const Mat *Y2, double w1, double w2, double *J1, double *J2);

/* The param called name ("trunk/W"), or NULL. */
Param *twohead_param(TwoHead *th, const char *name);

#endif
