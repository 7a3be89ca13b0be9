/* playground.c - TensorFlow Playground's data sets, features and
 * networks; see playground.h. */
#include "playground.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "init.h"

static const char *const SET_NAMES[PLAYGROUND_N_SETS] = {
    "circle", "xor", "gaussians", "spiral", "plane", "multigauss"};

const char *playground_set_name(PlaygroundSet set)
{
    CHECK(set >= 0 && set < PLAYGROUND_N_SETS, "no playground set %d", (int)set);
    return SET_NAMES[set];
}

int playground_set_parse(const char *name, PlaygroundSet *set)
{
    for (int k = 0; k < PLAYGROUND_N_SETS; k++)
        if (strcmp(name, SET_NAMES[k]) == 0) {
            *set = (PlaygroundSet)k;
            return 0;
        }
    return -1;
}

int playground_is_regression(PlaygroundSet set)
{
    return set == PLAYGROUND_PLANE || set == PLAYGROUND_MULTIGAUSS;
}

/* y = (x1 + x2) / 10 */
double playground_plane(double x1, double x2)
{
    return (x1 + x2) / 10.0;
}

/* Each bump k: s_k (1 - d_k / 2) within d_k < 2 of its centre; the value
 * of largest size wins (where two overlap, the nearer centre's). */
double playground_multigauss(double x1, double x2)
{
    static const double bump[6][3] = {/* centre x1, x2, sign */
                                      {-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1},
                                      {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
    double y = 0.0;
    for (int k = 0; k < 6; k++) {
        double d = hypot(x1 - bump[k][0], x2 - bump[k][1]);
        double v = d < 2.0 ? bump[k][2] * (1.0 - d / 2.0) : 0.0;
        if (fabs(v) > fabs(y))
            y = v;
    }
    return y;
}

void playground_points(Rng *rng, PlaygroundSet set, double noise, Mat *X, Mat *y)
{
    CHECK(noise >= 0, "noise %g", noise);
    CHECK_SHAPE(X, X->rows, 2);
    CHECK_SHAPE(y, X->rows, 1);
    static const ToyKind TOY[] = {TOY_CIRCLE, TOY_XOR, TOY_GAUSSIANS, TOY_SPIRAL};
    if (!playground_is_regression(set)) {
        CHECK(set >= 0 && set < PLAYGROUND_PLANE, "no playground set %d", (int)set);
        data_toy(rng, TOY[set], noise, X, y);
        return;
    }
    const double R = PLAYGROUND_RADIUS;
    for (int i = 0; i < X->rows; i++) {
        double x1 = rng_uniform(rng, -R, R), x2 = rng_uniform(rng, -R, R);
        /* the target of a point nearby: jittered by N(0, noise^2) */
        double u1 = x1 + rng_normal(rng, 0.0, noise), u2 = x2 + rng_normal(rng, 0.0, noise);
        MAT_AT(X, i, 0) = x1;
        MAT_AT(X, i, 1) = x2;
        MAT_AT(y, i, 0) = set == PLAYGROUND_PLANE ? playground_plane(u1, u2)
                                                  : playground_multigauss(u1, u2);
    }
}

int playground_data(DataSplit *split, Rng *rng, const PlaygroundDataSpec *spec)
{
    CHECK(spec->points >= 2, "%d points", spec->points);
    CHECK(spec->train_ratio > 0 && spec->train_ratio < 1, "train ratio %g", spec->train_ratio);
    *split = (DataSplit){0};
    Mat *X = mat_new(spec->points, 2), *y = mat_new(spec->points, 1);
    int rc = -1;
    if (X && y) {
        playground_points(rng, spec->set, spec->noise, X, y);
        rc = data_split(split, rng, X, y, 1.0 - spec->train_ratio);
    }
    mat_free(X);
    mat_free(y);
    return rc;
}

/* ---- input features ---------------------------------------------------------- */

static const char *const FEATURE_NAMES[PLAYGROUND_N_FEATURES] = {
    "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"};

const char *playground_feature_name(PlaygroundFeature f)
{
    CHECK(f >= 0 && f < PLAYGROUND_N_FEATURES, "no feature %d", (int)f);
    return FEATURE_NAMES[f];
}

double playground_feature(PlaygroundFeature f, double x1, double x2)
{
    switch (f) {
    case PLAYGROUND_X1: return x1;
    case PLAYGROUND_X2: return x2;
    case PLAYGROUND_X1_SQ: return x1 * x1;
    case PLAYGROUND_X2_SQ: return x2 * x2;
    case PLAYGROUND_X1_X2: return x1 * x2;
    case PLAYGROUND_SIN_X1: return sin(x1);
    case PLAYGROUND_SIN_X2: return sin(x2);
    default: CHECK(0, "no feature %d", (int)f);
    }
    return 0.0;
}

int playground_feature_count(unsigned mask)
{
    int n = 0;
    for (int f = 0; f < PLAYGROUND_N_FEATURES; f++)
        n += (mask & PLAYGROUND_BIT(f)) != 0;
    return n;
}

void playground_features(Mat *Phi, const Mat *X, unsigned mask)
{
    CHECK_SHAPE(X, X->rows, 2);
    CHECK_SHAPE(Phi, X->rows, playground_feature_count(mask));
    for (int i = 0; i < X->rows; i++)
        for (int f = 0, col = 0; f < PLAYGROUND_N_FEATURES; f++)
            if (mask & PLAYGROUND_BIT(f))
                MAT_AT(Phi, i, col++) = playground_feature(f, MAT_AT(X, i, 0), MAT_AT(X, i, 1));
}

/* The feature a name means, with the spellings "sin x1", "sinx1" and
 * "x1x2", "x1 x2" accepted: the name without blanks, parentheses or '*'. */
static int feature_of(const char *name, size_t n)
{
    char key[32], want[32];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof key; i++)
        if (!isspace((unsigned char)name[i]) && !strchr("()*", name[i]))
            key[k++] = (char)tolower((unsigned char)name[i]);
    key[k] = '\0';
    for (int f = 0; f < PLAYGROUND_N_FEATURES; f++) {
        size_t w = 0;
        for (const char *s = FEATURE_NAMES[f]; *s; s++)
            if (!strchr("()*", *s))
                want[w++] = *s;
        want[w] = '\0';
        if (strcmp(key, want) == 0)
            return f;
    }
    return -1;
}

int playground_features_parse(const char *list, unsigned *mask, char *err, size_t len)
{
    unsigned m = 0;
    const char *s = list;
    for (;;) {
        size_t n = strcspn(s, ",");
        int f = feature_of(s, n);
        if (f < 0) {
            snprintf(err, len, "unknown feature \"%.*s\"; the features are x1, x2, x1^2, "
                               "x2^2, x1*x2, sin(x1), sin(x2)", (int)(n > 40 ? 40 : n), s);
            return -1;
        }
        if (m & PLAYGROUND_BIT(f)) {
            snprintf(err, len, "the feature %s is listed twice", FEATURE_NAMES[f]);
            return -1;
        }
        m |= PLAYGROUND_BIT(f);
        if (s[n] == '\0')
            break;
        s += n + 1;
    }
    *mask = m;
    return 0;
}

/* ---- the network --------------------------------------------------------------- */

int playground_layers_parse(const char *list, int *sizes, int max, char *err, size_t len)
{
    const char *s = list;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0' || strcmp(s, "none") == 0)
        return 0;
    int n = 0;
    for (;;) {
        char *end;
        long units = strtol(s, &end, 10);
        while (isspace((unsigned char)*end))
            end++;
        if (end == s || (*end != ',' && *end != '\0')) {
            snprintf(err, len, "\"%s\": expected the units of each hidden layer, "
                               "such as 4,2 (or none)", list);
            return -1;
        }
        if (units < 1 || units > PLAYGROUND_MAX_UNITS) {
            snprintf(err, len, "a layer of %ld units; expected 1 to %d", units,
                     PLAYGROUND_MAX_UNITS);
            return -1;
        }
        if (n == max) {
            snprintf(err, len, "\"%s\": at most %d hidden layers", list, max);
            return -1;
        }
        sizes[n++] = (int)units;
        if (*end == '\0')
            return n;
        s = end + 1;
    }
}

int playground_act_parse(const char *name, ActKind *kind)
{
    static const struct {
        const char *name;
        ActKind kind;
    } acts[] = {{"relu", ACT_RELU}, {"tanh", ACT_TANH}, {"sigmoid", ACT_SIGMOID},
                {"linear", ACT_LINEAR}};
    for (int k = 0; k < 4; k++)
        if (strcmp(name, acts[k].name) == 0) {
            *kind = acts[k].kind;
            return 0;
        }
    return -1;
}

Net *playground_net(const PlaygroundNetSpec *spec, int max_rows, Rng *rng)
{
    CHECK(spec->n_in >= 1, "a network of %d inputs", spec->n_in);
    CHECK(spec->n_hidden >= 0 && spec->n_hidden <= PLAYGROUND_MAX_LAYERS, "%d hidden layers",
          spec->n_hidden);
    Net *net = net_new(spec->n_in, max_rows);
    if (!net)
        return NULL;
    int rc = 0;
    for (int k = 0; k < spec->n_hidden; k++)
        rc |= net_add(net, spec->hidden[k], act_of(spec->act));
    rc |= net_add(net, 1, act_of(spec->regression ? ACT_LINEAR : ACT_SIGMOID));
    if (rc != 0) {
        net_free(net);
        return NULL;
    }
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, rng);
    return net;
}
