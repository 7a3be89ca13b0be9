/* exercises.h - chapter 04's graded exercises. Write them in exercises.c;
 * `make grade CH=04` grades them, `make next` shows the next to do.
 *
 * The networks of the notes (001):
 *   - the 2-2-1 regression network: linear nodes,
 *         O11 = w11 x1 + w21 x2 + b11,   O12 = w12 x1 + w22 x2 + b12,
 *         y_hat = w2_11 O11 + w2_21 O12 + b21,   L = (y - y_hat)^2
 *     (w_ij goes from input i to hidden node j; w2_i1 from hidden node i to
 *     the output);
 *   - the 2-2-2 example: sigmoid nodes everywhere, E = 1/2 sum (t - out)^2;
 *   - a softmax output with the cross-entropy J = -sum_j y_j log p_j.
 * The chapter's README.md and `./build/04_backprop` show every formula and
 * worked number you need.
 */
#ifndef CH04_EXERCISES_H
#define CH04_EXERCISES_H

/* EXERCISE 4.1 (2 points): the delta of a sigmoid output node,
 * delta = dE/dnet, for E = 1/2 (target - out)^2 and out = sigma(net). */
double ex_output_delta(double out, double target);

/* EXERCISE 4.2 (2 points): the delta of a sigmoid hidden node with output
 * out_h that feeds n nodes of the next layer: w[k] is the weight from this
 * node to node k, delta[k] that node's delta (dE/dnet). */
double ex_hidden_delta(double out_h, const double *w, const double *delta, int n);

/* The nine parameters of the 2-2-1 regression network, with the notes'
 * names; the same struct holds their derivatives. */
typedef struct {
    double w11, w21, w12, w22, b11, b12; /* layer 1 */
    double w2_11, w2_21, b21;            /* layer 2 */
} Params221;

/* EXERCISE 4.3 (2 points): the loss L = (y - y_hat)^2 of one student
 * (x1, x2, y) and its nine derivatives (i)-(ix), written into *grad
 * (grad->w11 = dL/dw11, ...). Returns L. */
double ex_regression_grads(const Params221 *p, double x1, double x2, double y,
                           Params221 *grad);

/* The 2-2-2 network: W1[i][j] from input i to hidden node j, b1[j] the
 * bias of hidden node j; W2[i][j] from hidden node i to output j, b2[j].
 * The same struct holds the gradients. In the notes' names,
 * W1 = {{w1, w3}, {w2, w4}} and W2 = {{w5, w7}, {w6, w8}}. */
typedef struct {
    double W1[2][2], b1[2];
    double W2[2][2], b2[2];
} Net222;

/* The values of one pass through the 2-2-2 network, with the names the
 * transcript prints (sections 4.1 and 4.3), in the order they are computed;
 * index j is node j (0: h1 or o1, 1: h2 or o2):
 *   H[j]         = x[0] W1[0][j] + x[1] W1[1][j] + b1[j],    out_h[j] = sigma(H[j])
 *   y[j]         = out_h[0] W2[0][j] + out_h[1] W2[1][j] + b2[j],  out_o[j] = sigma(y[j])
 *   delta_o[j]   = dE/dy[j] = -(t[j] - out_o[j]) out_o[j] (1 - out_o[j])
 *   dE_dout_h[j] = W2[j][0] delta_o[0] + W2[j][1] delta_o[1]   (hidden node j's two paths)
 *   delta_h[j]   = dE/dH[j] = dE_dout_h[j] out_h[j] (1 - out_h[j])
 * The grader checks them in this order and reports the first that
 * differs. */
typedef struct {
    double H[2], out_h[2];
    double y[2], out_o[2];
    double delta_o[2];
    double dE_dout_h[2];
    double delta_h[2];
} Pass222;

/* EXERCISE 4.4 (3 points): one full forward and backward pass of the
 * 2-2-2 sigmoid network on the input x with targets t: write every value
 * of the pass into *pass, dE/dW1, dE/db1, dE/dW2 and dE/db2 into *grad
 * (every entry), and return E = 1/2 sum_j (t_j - out_j)^2. *net is not
 * changed. */
double ex_backward_222(const Net222 *net, const double x[2], const double t[2], Net222 *grad,
                       Pass222 *pass);

/* EXERCISE 4.5 (1 point): the gradient of J = -log p_c with respect to
 * the k logits z of a softmax output p = softmax(z), for the true class c
 * (0-based): write dz[0..k-1]. */
void ex_softmax_ce_grad(const double *p, int k, int c, double *dz);

#endif
