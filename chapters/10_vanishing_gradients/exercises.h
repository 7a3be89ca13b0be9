/* exercises.h - chapter 10's graded exercises. Write them in exercises.c;
 * `make grade CH=10` grades them, `make next` shows the next to do.
 *
 * The sigmoid s(z) = 1 / (1 + e^-z) and its derivative s'(z) = s (1 - s)
 * (use exp() from <math.h>). Layers as in the notes and the library:
 * samples are rows, W^[l] is (n_(l-1) x n_l), stored row-major, so
 * w_ij, from unit i of layer l-1 to unit j of layer l, is W[i * n_l + j].
 */
#ifndef CH10_EXERCISES_H
#define CH10_EXERCISES_H

/* EXERCISE 10.1 (2 points): backpropagation along a chain of n sigmoid
 * units, one per layer: a_0 = x, z_k = w_k a_(k-1) + b_k, a_k = s(z_k)
 * for k = 1..n (w[k-1], b[k-1] are w_k, b_k), with the cross-entropy
 * cost C = -(y ln a_n + (1 - y) ln(1 - a_n)). Write delta[k-1] = dC/dz_k
 * (= dC/db_k) for k = 1..n:
 *     dC/dz_n = a_n - y,   dC/dz_k = dC/dz_(k+1) w_(k+1) s'(z_k). */
void ex_chain_deltas(const double *w, const double *b, int n, double x, double y,
                     double *delta);

/* EXERCISE 10.2 (2 points): one step back through a sigmoid layer of n
 * units followed by a layer of n_next units (one sample):
 *     delta[i] = (sum_j W_next[i * n_next + j] delta_next[j]) s'(z[i])
 * for i = 0..n-1, where W_next is W^[l+1] (n x n_next) and z is Z^[l]. */
void ex_backprop_delta(double *delta, const double *delta_next, const double *W_next,
                       const double *z, int n, int n_next);

/* EXERCISE 10.3 (2 points): the speed of learning of each layer.
 * grads[l] holds the sizes[l] gradient values of layer l (l = 0 ..
 * n_layers-1); write speeds[l] = sqrt(sum of their squares) and return
 * speeds[0] / speeds[n_layers - 1], the first layer's speed over the
 * last's. */
double ex_layer_speeds(const double *const *grads, const int *sizes, int n_layers,
                       double *speeds);

/* EXERCISE 10.4 (2 points): clipping by (global) norm. The n gradients
 * grads[p] (sizes[p] values each) are one vector g; its norm is
 * ||g|| = sqrt(sum over every value of g^2). When ||g|| > c, multiply
 * every value by c / ||g||, in place; otherwise change nothing. Return
 * ||g|| before clipping. */
double ex_clip_norm(double *const *grads, const int *sizes, int n, double c);

/* EXERCISE 10.5 (2 points): clipping by value: clamp each of the n values
 * of g into [-c, c], in place. Return how many values were changed. */
int ex_clip_value(double *g, int n, double c);

#endif
