/* stats.h - how many values are spread: moments and histograms, of a
 * sample of weights or of the activations of each layer of a net.
 *
 *     StatsMoments s = stats_moments(W->data, (long)W->rows * W->cols);
 *     // s.mean, s.var: compare with the initializer's 0 and Var(w)
 *
 *     long count[40];
 *     stats_histogram(count, 40, -1.0, 1.0, A.data, (long)A.rows * A.cols);
 *
 *     StatsMoments layer[12];
 *     int n = stats_layers(net, X, layer, 12);   // layer[k-1]: A^[k] at X
 *
 * The variance is the population variance (divided by n, not n - 1): the
 * spread of exactly these values, as numpy's var() and Keras' summaries
 * give it. It is computed in two passes (first the mean, then the mean
 * squared deviation), which keeps it accurate when the mean is large
 * against the spread (sigmoid outputs near 0.5 that differ by 1e-9).
 */
#ifndef ANNLAB_STATS_H
#define ANNLAB_STATS_H

#include "mat.h"
#include "net.h"

/* The moments of n values. */
typedef struct {
    long n;
    double mean;     /* 1/n sum x_i */
    double var;      /* 1/n sum (x_i - mean)^2 */
    double sd;       /* sqrt(var) */
    double min, max;
} StatsMoments;

/* The moments of x[0 .. n-1], n >= 1 (a CHECK). */
StatsMoments stats_moments(const double *x, long n);

/* Count x[0 .. n-1] into bins equal bins over [lo, hi] (bins >= 1, lo <
 * hi: CHECKs): bin k holds lo + k w <= x < lo + (k + 1) w, w = (hi - lo) /
 * bins, except the last bin, which also holds x = hi. Values outside [lo,
 * hi] are counted in the nearest end bin, so the counts add up to n, and
 * their number is returned (0 when the range held them all). count[] is
 * overwritten. NaN is counted in no bin and in the returned number. */
long stats_histogram(long *count, int bins, double lo, double hi, const double *x, long n);

/* Run net forward on X (inference mode, X->rows <= the net's max_rows)
 * and write the moments of each layer's output A^[k], k = 1 .. n_layers,
 * into out[k - 1], at most max of them. Returns the number of layers
 * (which may be more than max: then only max were written). A^[k] itself
 * stays readable through net_activation(net, k) until the next forward. */
int stats_layers(Net *net, const Mat *X, StatsMoments *out, int max);

#endif
