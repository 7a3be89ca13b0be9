/* solutions.c - chapter 04, backpropagation by hand: the reference answers.
 * `make grade CH=04 SOLUTIONS=1` grades this file instead of exercises.c. */
#include "exercises.h"

#include <math.h>

static double sigma(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

/* EXERCISE 4.1: delta = dE/dout x dout/dnet = -(target - out) x out (1 - out) */
double ex_output_delta(double out, double target)
{
    double dE_dout = -(target - out);
    double dout_dnet = out * (1.0 - out);
    return dE_dout * dout_dnet;
}

/* EXERCISE 4.2: dE/dout_h = sum_k w_k delta_k;  delta_h = dE/dout_h x out_h (1 - out_h) */
double ex_hidden_delta(double out_h, const double *w, const double *delta, int n)
{
    double dE_dout_h = 0.0;
    for (int k = 0; k < n; k++)
        dE_dout_h += w[k] * delta[k];
    return dE_dout_h * (out_h * (1.0 - out_h));
}

/* EXERCISE 4.3: the derivatives (i)-(ix) of L = (y - y_hat)^2 */
double ex_regression_grads(const Params221 *p, double x1, double x2, double y, Params221 *grad)
{
    double O11 = p->w11 * x1 + p->w21 * x2 + p->b11;
    double O12 = p->w12 * x1 + p->w22 * x2 + p->b12;
    double y_hat = p->w2_11 * O11 + p->w2_21 * O12 + p->b21;
    double dL_dyhat = -2.0 * (y - y_hat);
    grad->w2_11 = dL_dyhat * O11;          /* (i) */
    grad->w2_21 = dL_dyhat * O12;          /* (ii) */
    grad->b21 = dL_dyhat;                  /* (iii) */
    grad->w11 = dL_dyhat * p->w2_11 * x1;  /* (iv)   through O11 */
    grad->w21 = dL_dyhat * p->w2_11 * x2;  /* (v) */
    grad->b11 = dL_dyhat * p->w2_11;       /* (vi) */
    grad->w12 = dL_dyhat * p->w2_21 * x1;  /* (vii)  through O12: w12 carries x1 */
    grad->w22 = dL_dyhat * p->w2_21 * x2;  /* (viii) */
    grad->b12 = dL_dyhat * p->w2_21;       /* (ix) */
    return (y - y_hat) * (y - y_hat);
}

/* EXERCISE 4.4: forward, the output deltas, then the hidden deltas */
double ex_backward_222(const Net222 *net, const double x[2], const double t[2], Net222 *grad,
                       Pass222 *pass)
{
    for (int j = 0; j < 2; j++) { /* H_j = sum_i x_i W1[i][j] + b1[j] */
        pass->H[j] = x[0] * net->W1[0][j] + x[1] * net->W1[1][j] + net->b1[j];
        pass->out_h[j] = sigma(pass->H[j]);
    }
    double E = 0.0;
    for (int j = 0; j < 2; j++) { /* y_j = sum_i out_h_i W2[i][j] + b2[j] */
        pass->y[j] = pass->out_h[0] * net->W2[0][j] + pass->out_h[1] * net->W2[1][j] + net->b2[j];
        pass->out_o[j] = sigma(pass->y[j]);
        E += 0.5 * (t[j] - pass->out_o[j]) * (t[j] - pass->out_o[j]);
        pass->delta_o[j] = ex_output_delta(pass->out_o[j], t[j]);
        grad->b2[j] = pass->delta_o[j];
        for (int i = 0; i < 2; i++) /* dE/dW2[i][j] = out_h_i delta_o_j */
            grad->W2[i][j] = pass->out_h[i] * pass->delta_o[j];
    }
    for (int j = 0; j < 2; j++) {
        /* hidden node j feeds both outputs through row j of W2: W2[j][0], W2[j][1] */
        pass->dE_dout_h[j] = net->W2[j][0] * pass->delta_o[0] + net->W2[j][1] * pass->delta_o[1];
        pass->delta_h[j] = ex_hidden_delta(pass->out_h[j], net->W2[j], pass->delta_o, 2);
        grad->b1[j] = pass->delta_h[j];
        for (int i = 0; i < 2; i++) /* dE/dW1[i][j] = x_i delta_h_j */
            grad->W1[i][j] = x[i] * pass->delta_h[j];
    }
    return E;
}

/* EXERCISE 4.5: dz = p - y, y one-hot at c */
void ex_softmax_ce_grad(const double *p, int k, int c, double *dz)
{
    for (int j = 0; j < k; j++)
        dz[j] = p[j] - (j == c ? 1.0 : 0.0);
}
