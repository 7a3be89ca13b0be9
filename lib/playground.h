/* playground.h - TensorFlow Playground's data sets, input features and
 * networks (the demo 001 points to, playground.tensorflow.org), for
 * chapter 13.
 *
 * Six sets of points on the plane, which the Playground shows on
 * [-6, 6] x [-6, 6] (PLAYGROUND_RADIUS):
 *
 *   classification, y in {0, 1} (data.h's toy sets, classes alternating):
 *     circle          class 1 inside radius 2.5, class 0 on a ring 3.5 to 5
 *     xor             class 1 where x1 x2 > 0 (same signs), on [-5, 5]^2
 *     gaussians       two blobs around (2, 2) (class 1) and (-2, -2)
 *     spiral          two interleaved spirals
 *   regression, x uniform on [-6, 6]^2:
 *     plane           y = (x1 + x2) / 10                       (-1.2 to 1.2)
 *     multigauss      six bumps of height +1 or -1 and radius 2:
 *                     y = the s_k (1 - d_k / 2) of largest size, over the
 *                     centres c_k with d_k = |x - c_k| < 2 (0 elsewhere):
 *                     (-4, 2.5) +, (0, 2.5) -, (4, 2.5) +,
 *                     (-4, -2.5) -, (0, -2.5) +, (4, -2.5) -
 *
 * noise >= 0: for the classification sets, data.h's meaning (the blobs'
 * spread is 0.5 + noise, the other sets are jittered by N(0, noise^2));
 * for the regression sets the target is taken at a point jittered by
 * N(0, noise^2) in each coordinate (the Playground's way: the point is
 * drawn where it is, its value is that of a point nearby).
 *
 * Input features: the network sees, instead of (x1, x2), any of
 *
 *     x1   x2   x1^2   x2^2   x1*x2   sin(x1)   sin(x2)
 *
 * chosen by a bit mask (PLAYGROUND_BIT(PLAYGROUND_X1_SQ) | ...), always in
 * this order. The network: the features, hidden dense layers of one
 * activation, and one output unit: sigmoid for a classification set
 * (binary cross-entropy), linear for a regression set (mean squared
 * error), as Keras would build it (weights glorot_uniform, biases 0).
 */
#ifndef ANNLAB_PLAYGROUND_H
#define ANNLAB_PLAYGROUND_H

#include <stddef.h>

#include "act.h"
#include "data.h"
#include "mat.h"
#include "net.h"
#include "rng.h"

/* The Playground's window: the plane [-R, R] x [-R, R]. */
#define PLAYGROUND_RADIUS 6.0

typedef enum {
    PLAYGROUND_CIRCLE,
    PLAYGROUND_XOR,
    PLAYGROUND_GAUSSIANS,
    PLAYGROUND_SPIRAL,
    PLAYGROUND_PLANE,
    PLAYGROUND_MULTIGAUSS,
    PLAYGROUND_N_SETS
} PlaygroundSet;

/* "circle", "xor", "gaussians", "spiral", "plane", "multigauss"; an
 * unknown set is a CHECK. */
const char *playground_set_name(PlaygroundSet set);

/* The set called name; returns 0, or -1 for an unknown name. */
int playground_set_parse(const char *name, PlaygroundSet *set);

/* 1 for plane and multigauss, 0 for the classification sets. */
int playground_is_regression(PlaygroundSet set);

/* The regression sets' targets at the point (x1, x2). */
double playground_plane(double x1, double x2);
double playground_multigauss(double x1, double x2);

/* Fill X (m x 2) with m points of the set and y (m x 1) with their
 * targets, drawn from rng, with the given noise (>= 0). */
void playground_points(Rng *rng, PlaygroundSet set, double noise, Mat *X, Mat *y);

/* What playground_data makes. */
typedef struct {
    PlaygroundSet set;
    int points;         /* train + test, >= 2 */
    double noise;       /* >= 0 */
    double train_ratio; /* the fraction of the points trained on, 0 < ratio < 1 */
} PlaygroundDataSpec;

/* points of the set (playground_points), then split (data_split: shuffled
 * with the same rng, round((1 - train_ratio) points) of them held out for
 * testing). Returns 0, or -1 when out of memory (*split then empty). */
int playground_data(DataSplit *split, Rng *rng, const PlaygroundDataSpec *spec);

/* ---- input features -------------------------------------------------------- */

typedef enum {
    PLAYGROUND_X1,
    PLAYGROUND_X2,
    PLAYGROUND_X1_SQ,
    PLAYGROUND_X2_SQ,
    PLAYGROUND_X1_X2,
    PLAYGROUND_SIN_X1,
    PLAYGROUND_SIN_X2,
    PLAYGROUND_N_FEATURES
} PlaygroundFeature;

#define PLAYGROUND_BIT(f) (1u << (f))
/* x1 and x2 only, the Playground's default */
#define PLAYGROUND_XY (PLAYGROUND_BIT(PLAYGROUND_X1) | PLAYGROUND_BIT(PLAYGROUND_X2))

/* "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)". */
const char *playground_feature_name(PlaygroundFeature f);

/* The feature's value at (x1, x2). */
double playground_feature(PlaygroundFeature f, double x1, double x2);

/* The number of features in mask. */
int playground_feature_count(unsigned mask);

/* Phi (m x playground_feature_count(mask)): row i holds the features of
 * the point in row i of X (m x 2), in the order of PlaygroundFeature. */
void playground_features(Mat *Phi, const Mat *X, unsigned mask);

/* The features named in a comma-separated list ("x1,x2,x1^2"; "sin x1"
 * and "sin(x1)", "x1x2" and "x1*x2" alike), into *mask. Returns 0, or -1
 * with err naming the first unknown or repeated name, or an empty list. */
int playground_features_parse(const char *list, unsigned *mask, char *err, size_t len);

/* ---- the network ------------------------------------------------------------------ */

/* The Playground's limits: hidden layers, and units in each. */
#define PLAYGROUND_MAX_LAYERS 6
#define PLAYGROUND_MAX_UNITS 8

/* The sizes of the hidden layers, "4,2" -> {4, 2}; "" and "none" for no
 * hidden layer. Returns the number of layers (0 to max), or -1 with err
 * saying what is wrong (not a whole number; a size outside 1 to
 * PLAYGROUND_MAX_UNITS: "a layer of 0 units; expected 1 to 8"; more than
 * max layers). */
int playground_layers_parse(const char *list, int *sizes, int max, char *err, size_t len);

/* The Playground's activations by name: "relu", "tanh", "sigmoid",
 * "linear". Returns 0, or -1 for any other name. */
int playground_act_parse(const char *name, ActKind *kind);

typedef struct {
    int n_in;           /* input features, >= 1 */
    const int *hidden;  /* units of each hidden layer */
    int n_hidden;       /* 0 .. PLAYGROUND_MAX_LAYERS */
    ActKind act;        /* of every hidden layer */
    int regression;     /* 1: a linear output unit (MSE); 0: sigmoid (BCE) */
} PlaygroundNetSpec;

/* The network of spec for batches of up to max_rows: Dense(h, act) for
 * each hidden layer, then Dense(1, sigmoid or linear); weights from
 * glorot_uniform drawn from rng, layer by layer, biases 0. NULL when out of
 * memory. The caller frees it with net_free. */
Net *playground_net(const PlaygroundNetSpec *spec, int max_rows, Rng *rng);

#endif
