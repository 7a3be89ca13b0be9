/* init.c - weight initializers; see init.h. */
#include "init.h"

#include <math.h>

const char *init_name(InitKind kind)
{
    switch (kind) {
    case INIT_ZEROS: return "zeros";
    case INIT_CONSTANT: return "constant";
    case INIT_UNIFORM: return "uniform";
    case INIT_NORMAL: return "normal";
    case INIT_XAVIER_NORMAL: return "glorot_normal";
    case INIT_XAVIER_UNIFORM: return "glorot_uniform";
    case INIT_HE_NORMAL: return "he_normal";
    case INIT_HE_UNIFORM: return "he_uniform";
    }
    return "?";
}

void init_fill(Mat *W, const Init *init, Rng *rng)
{
    double fan_in = W->rows, fan_out = W->cols;
    for (long k = 0; k < (long)W->rows * W->cols; k++) {
        double w = 0.0;
        switch (init->kind) {
        case INIT_ZEROS: w = 0.0; break;
        case INIT_CONSTANT: w = init->c; break;
        case INIT_UNIFORM: w = rng_uniform(rng, -1.0 / sqrt(fan_in), 1.0 / sqrt(fan_in)); break;
        case INIT_NORMAL: w = rng_normal(rng, 0.0, init->c); break;
        case INIT_XAVIER_NORMAL: w = rng_normal(rng, 0.0, sqrt(2.0 / (fan_in + fan_out))); break;
        case INIT_XAVIER_UNIFORM: {
            double r = sqrt(6.0 / (fan_in + fan_out));
            w = rng_uniform(rng, -r, r);
            break;
        }
        case INIT_HE_NORMAL: w = rng_normal(rng, 0.0, sqrt(2.0 / fan_in)); break;
        case INIT_HE_UNIFORM: {
            double r = sqrt(6.0 / fan_in);
            w = rng_uniform(rng, -r, r);
            break;
        }
        }
        W->data[k] = w;
    }
}
