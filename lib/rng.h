/* rng.h - a small, named, reproducible random number generator.
 *
 * xoshiro256** (Blackman and Vigna, 2018), seeded through splitmix64: the
 * same seed gives the same numbers on every machine and compiler, so a
 * chapter's transcript is the same everywhere. There is no global state:
 * every random draw goes through an explicit Rng the caller owns.
 */
#ifndef ANNLAB_RNG_H
#define ANNLAB_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} Rng;

/* Seed the generator; any 64-bit seed (0 included) is fine. */
void rng_seed(Rng *rng, uint64_t seed);

/* The next 64 random bits. */
uint64_t rng_next(Rng *rng);

/* Uniform in [0, 1), with 53 random bits. */
double rng_uniform01(Rng *rng);

/* Uniform in [lo, hi). */
double rng_uniform(Rng *rng, double lo, double hi);

/* Normal with the given mean and standard deviation (Marsaglia's polar
 * method; uses only +, *, sqrt and log). */
double rng_normal(Rng *rng, double mean, double stddev);

/* Uniform integer in [0, n), n >= 1, without modulo bias. */
int rng_int(Rng *rng, int n);

/* Fisher-Yates shuffle of the n ints at a. */
void rng_shuffle(Rng *rng, int *a, int n);

#endif
