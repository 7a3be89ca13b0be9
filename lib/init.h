/* init.h - weight initializers (002, 004).
 *
 * A weight matrix W (fan_in x fan_out) should start small, with no two
 * weights equal, and with a variance that keeps signals from growing or
 * shrinking from layer to layer:
 *
 *   INIT_ZEROS           0 (every unit the same: symmetry is never broken)
 *   INIT_CONSTANT        the value c
 *   INIT_UNIFORM         U[-1/sqrt(fan_in), 1/sqrt(fan_in)]
 *   INIT_NORMAL          N(0, c^2)       (c is the standard deviation)
 *   INIT_XAVIER_NORMAL   N(0, sigma^2),  sigma = sqrt(2 / (fan_in + fan_out))
 *   INIT_XAVIER_UNIFORM  U[-sqrt(6 / (fan_in + fan_out)), +...]
 *   INIT_HE_NORMAL       N(0, sigma^2),  sigma = sqrt(2 / fan_in)
 *   INIT_HE_UNIFORM      U[-sqrt(6 / fan_in), +sqrt(6 / fan_in)]
 *
 * (Keras draws its normal initializers from a truncated normal; annlab uses
 * the plain normal the notes write.)
 */
#ifndef ANNLAB_INIT_H
#define ANNLAB_INIT_H

#include "mat.h"
#include "rng.h"

typedef enum {
    INIT_ZEROS,
    INIT_CONSTANT,
    INIT_UNIFORM,
    INIT_NORMAL,
    INIT_XAVIER_NORMAL,
    INIT_XAVIER_UNIFORM,
    INIT_HE_NORMAL,
    INIT_HE_UNIFORM,
} InitKind;

/* An initializer and its setting c (INIT_CONSTANT's value, INIT_NORMAL's
 * standard deviation; unused by the others). */
typedef struct {
    InitKind kind;
    double c;
} Init;

/* Name as Keras spells it: "glorot_uniform", "he_normal", ... */
const char *init_name(InitKind kind);

/* Fill W (fan_in x fan_out: its rows x cols) from the initializer's
 * distribution, drawing from rng in row-major order. */
void init_fill(Mat *W, const Init *init, Rng *rng);

#endif
