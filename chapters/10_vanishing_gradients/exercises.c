/* exercises.c - chapter 10, vanishing and exploding gradients: your
 * exercises (10 points).
 *
 * Replace each stub's body with your code, then run
 *     make grade CH=10      (a table of points, and hints for what fails)
 *     make next             (just the next exercise to do)
 * The chapter's README.md and `./build/10_vanishing_gradients` show every
 * formula and worked number you need. Keep the function signatures.
 */
#include "exercises.h"

/* EXERCISE 10.1 (2 points): the chain of section 1.
 * Forward: a = x; for each k: z_k = w_k a + b_k, a = s(z_k) (keep the z's
 * or the s'(z)'s). Backward: delta[n-1] = a_n - y, then
 * delta[k-1] = delta[k] * w[k] * s'(z_k), down to delta[0]. */
void ex_chain_deltas(const double *w, const double *b, int n, double x, double y,
                     double *delta)
{
    (void)w, (void)b, (void)n, (void)x, (void)y, (void)delta;
    /* your code here */
}

/* EXERCISE 10.2 (2 points): delta^[l] from delta^[l+1]: the weighted sum
 * of the next layer's deltas over unit i's outgoing weights (row i of
 * W_next), times s'(z[i]). */
void ex_backprop_delta(double *delta, const double *delta_next, const double *W_next,
                       const double *z, int n, int n_next)
{
    (void)delta, (void)delta_next, (void)W_next, (void)z, (void)n, (void)n_next;
    /* your code here */
}

/* EXERCISE 10.3 (2 points): speeds[l] = ||grads[l]||; return the first
 * over the last. */
double ex_layer_speeds(const double *const *grads, const int *sizes, int n_layers,
                       double *speeds)
{
    (void)grads, (void)sizes, (void)n_layers, (void)speeds;
    return 0.0; /* your code here */
}

/* EXERCISE 10.4 (2 points): one norm over ALL the gradients together,
 * then (only if it is above c) one common factor c / ||g||. */
double ex_clip_norm(double *const *grads, const int *sizes, int n, double c)
{
    (void)grads, (void)sizes, (void)n, (void)c;
    return 0.0; /* your code here */
}

/* EXERCISE 10.5 (2 points): each value on its own: above c becomes c,
 * below -c becomes -c. Count the values you change. */
int ex_clip_value(double *g, int n, double c)
{
    (void)g, (void)n, (void)c;
    return 0; /* your code here */
}
