/* rng.c - xoshiro256** seeded by splitmix64; see rng.h. */
#include "rng.h"

#include <math.h>

#include "check.h"

/* splitmix64: turns one 64-bit seed into a stream of well-mixed words. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void rng_seed(Rng *rng, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(Rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rng_uniform01(Rng *rng)
{
    return (double)(rng_next(rng) >> 11) * 0x1.0p-53;
}

double rng_uniform(Rng *rng, double lo, double hi)
{
    return lo + (hi - lo) * rng_uniform01(rng);
}

/* Polar method: draw (u, v) uniform in the unit disc, s = u^2 + v^2, then
 * u * sqrt(-2 ln s / s) is standard normal. */
double rng_normal(Rng *rng, double mean, double stddev)
{
    double u, v, s;
    do {
        u = 2.0 * rng_uniform01(rng) - 1.0;
        v = 2.0 * rng_uniform01(rng) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return mean + stddev * u * sqrt(-2.0 * log(s) / s);
}

/* Rejection sampling: accept only draws below the largest multiple of n. */
int rng_int(Rng *rng, int n)
{
    CHECK(n >= 1, "n = %d", n);
    uint64_t limit = UINT64_MAX - UINT64_MAX % (uint64_t)n;
    uint64_t x;
    do
        x = rng_next(rng);
    while (x >= limit);
    return (int)(x % (uint64_t)n);
}

void rng_shuffle(Rng *rng, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rng_int(rng, i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
