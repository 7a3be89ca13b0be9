/* stats.c - moments, histograms, per-layer spreads; see stats.h. */
#include "stats.h"

#include <math.h>

#include "check.h"

StatsMoments stats_moments(const double *x, long n)
{
    CHECK(n >= 1, "the moments of %ld values", n);
    StatsMoments s = {.n = n, .min = x[0], .max = x[0]};
    double sum = 0.0;
    for (long i = 0; i < n; i++) {
        sum += x[i];
        s.min = fmin(s.min, x[i]);
        s.max = fmax(s.max, x[i]);
    }
    s.mean = sum / n;
    /* var = 1/n sum (x_i - mean)^2, the second pass */
    double ss = 0.0;
    for (long i = 0; i < n; i++)
        ss += (x[i] - s.mean) * (x[i] - s.mean);
    s.var = ss / n;
    s.sd = sqrt(s.var);
    return s;
}

long stats_histogram(long *count, int bins, double lo, double hi, const double *x, long n)
{
    CHECK(bins >= 1 && lo < hi, "a histogram of %d bins over [%g, %g]", bins, lo, hi);
    for (int k = 0; k < bins; k++)
        count[k] = 0;
    long outside = 0;
    double w = (hi - lo) / bins;
    for (long i = 0; i < n; i++) {
        if (isnan(x[i])) {
            outside++;
            continue;
        }
        if (x[i] < lo || x[i] > hi)
            outside++;
        /* bin k = floor((x - lo) / w), clamped to 0 .. bins - 1 */
        double k = floor((x[i] - lo) / w);
        count[k < 0 ? 0 : k >= bins ? bins - 1 : (int)k]++;
    }
    return outside;
}

int stats_layers(Net *net, const Mat *X, StatsMoments *out, int max)
{
    net_forward(net, X);
    for (int k = 1; k <= net->n_layers && k <= max; k++) {
        Mat A = net_activation(net, k);
        out[k - 1] = stats_moments(A.data, (long)A.rows * A.cols);
    }
    return net->n_layers;
}
