/* exercises.c - chapter 04, backpropagation by hand: your exercises
 * (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=04      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/04_backprop` show every formula and
 * worked number you need. Keep the function signatures as they are.
 * <math.h> declares exp() for the sigmoid (without it, C would take exp
 * to return an int: the grade stops at the compiler's error).
 */
#include <math.h>

#include "exercises.h"

/* EXERCISE 4.1 (2 points): a sigmoid output node's delta.
 * delta = dE/dnet = dE/dout x dout/dnet, with E = 1/2 (target - out)^2 and
 * dout/dnet = out (1 - out). The 2-2-2 example's o1 (out = 0.75136507,
 * target 0.01) has delta 0.138498562. */
double ex_output_delta(double out, double target)
{
    (void)out, (void)target;
    return 0.0; /* your code here */
}

/* EXERCISE 4.2 (2 points): a sigmoid hidden node's delta.
 * It feeds n nodes: dE/dout_h = sum_k w[k] delta[k] (one path through each),
 * then delta_h = dE/dout_h x out_h (1 - out_h). */
double ex_hidden_delta(double out_h, const double *w, const double *delta, int n)
{
    (void)out_h, (void)w, (void)delta, (void)n;
    return 0.0; /* your code here */
}

/* EXERCISE 4.3 (2 points): the nine derivatives of the 2-2-1 regression.
 * Forward: O11, O12, y_hat (linear nodes); L = (y - y_hat)^2. Then, with
 * dL/dy_hat = -2 (y - y_hat), the chain rule for each parameter: (i)-(iii)
 * for w2_11, w2_21, b21, (iv)-(vi) for w11, w21, b11 (through O11),
 * (vii)-(ix) for w12, w22, b12 (through O12). Mind the inputs: w12 goes
 * from input 1 to hidden node 2 (README.md, Errata). Return L. */
double ex_regression_grads(const Params221 *p, double x1, double x2, double y, Params221 *grad)
{
    (void)p, (void)x1, (void)x2, (void)y, (void)grad;
    return 0.0; /* your code here */
}

/* EXERCISE 4.4 (3 points): a full backward pass of the 2-2-2 network.
 * Forward: H = x W1 + b1, out_h = sigma(H), y = out_h W2 + b2,
 * out_o = sigma(y), each written into *pass as you go (sigma needs exp,
 * from <math.h>). Backward: the output deltas (exercise 4.1),
 * dE/dW2[i][j] = out_h[i] delta_o[j], dE/db2[j] = delta_o[j]; then for each
 * hidden node j, dE_dout_h[j] through the (unchanged) W2 and its delta
 * (exercise 4.2), dE/dW1[i][j] = x[i] delta_h[j], dE/db1[j] = delta_h[j].
 * Fill every entry of *pass and *grad; return E = 1/2 sum (t - out_o)^2. */
double ex_backward_222(const Net222 *net, const double x[2], const double t[2], Net222 *grad,
                       Pass222 *pass)
{
    (void)net, (void)x, (void)t, (void)grad, (void)pass;
    return 0.0; /* your code here */
}

/* EXERCISE 4.5 (1 point): softmax + cross-entropy: dz = p - y, where y is
 * the one-hot vector of class c. */
void ex_softmax_ce_grad(const double *p, int k, int c, double *dz)
{
    (void)p, (void)k, (void)c, (void)dz;
    /* your code here */
}
