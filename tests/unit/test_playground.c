/* test_playground.c - unit tests for lib/playground: the set names, the
 * regression sets' targets worked by hand, the points (the classification
 * sets are data.h's toy sets, drawn the same way; the regression points
 * lie on [-6, 6]^2 with their exact targets when there is no noise), the
 * train/test split, the seven input features by hand, the parsers of the
 * feature, layer and activation flags with their error messages, and the
 * networks: their shapes, parameter counts, initial weights, and their
 * gradients against central differences.
 *
 * Tolerances: the features and targets are one or two rounded operations,
 * 1e-15 (relative to values near 1); library sin and hypot are within an
 * ulp, so values quoted to 9 significant digits get half a unit of the
 * 9th digit; the gradient check is judged as allclose: relative 1e-7
 * (cs231n's "good"; the nets are smooth, tanh and sigmoid) or absolute
 * 1e-9, since a central difference of a cost near 0.7 with h = 1e-5 carries
 * a rounding error near 1e-11, which is 2e-7 of the smallest gradients
 * here (5e-5).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "data.h"
#include "gradcheck.h"
#include "net.h"
#include "playground.h"
#include "rng.h"

#define TOL 1e-15
#define HALF_9TH 5e-10
#define GRAD_REL_TOL 1e-7
#define GRAD_ABS_TOL 1e-9

Test(playground, set_names_round_trip_and_unknown_names_are_rejected)
{
    for (int k = 0; k < PLAYGROUND_N_SETS; k++) {
        PlaygroundSet s = PLAYGROUND_N_SETS;
        cr_assert_eq(playground_set_parse(playground_set_name(k), &s), 0);
        cr_assert_eq(s, (PlaygroundSet)k);
    }
    PlaygroundSet s = PLAYGROUND_XOR;
    cr_assert_eq(playground_set_parse("Circle", &s), -1);
    cr_assert_eq(playground_set_parse("", &s), -1);
    cr_assert_eq(s, PLAYGROUND_XOR, "a failed parse leaves the set alone");
    cr_assert_str_eq(playground_set_name(PLAYGROUND_MULTIGAUSS), "multigauss");
    cr_assert(playground_is_regression(PLAYGROUND_PLANE));
    cr_assert(playground_is_regression(PLAYGROUND_MULTIGAUSS));
    cr_assert_not(playground_is_regression(PLAYGROUND_SPIRAL));
    cr_assert_not(playground_is_regression(PLAYGROUND_CIRCLE));
}

Test(playground, the_regression_targets_worked_by_hand)
{
    /* plane: (3 + (-1)) / 10 = 0.2;  (6 + 6) / 10 = 1.2 */
    cr_assert_float_eq(playground_plane(3, -1), 0.2, TOL);
    cr_assert_float_eq(playground_plane(6, 6), 1.2, TOL);
    /* multigauss: at a centre d = 0, so y = sign: (-4, 2.5) is +1, (0, 2.5) is -1 */
    cr_assert_float_eq(playground_multigauss(-4, 2.5), 1.0, TOL);
    cr_assert_float_eq(playground_multigauss(0, 2.5), -1.0, TOL);
    cr_assert_float_eq(playground_multigauss(4, -2.5), -1.0, TOL);
    /* (1, 2.5): d = 1 from (0, 2.5), sign -1: -(1 - 1/2) = -0.5 */
    cr_assert_float_eq(playground_multigauss(1, 2.5), -0.5, TOL);
    /* (0.6, -1.7): d = sqrt(0.36 + 0.64) = 1 from (0, -2.5), sign +1: 0.5 */
    cr_assert_float_eq(playground_multigauss(0.6, -1.7), 0.5, 1e-15);
    /* (2, 2.5): d = 2 from both (0, 2.5) and (4, 2.5), at the edge of each: 0 */
    cr_assert_float_eq(playground_multigauss(2, 2.5), 0.0, TOL);
    /* the origin: d = 2.5 from (0, +-2.5), farther from the others: 0 */
    cr_assert_float_eq(playground_multigauss(0, 0), 0.0, TOL);
}

Test(playground, classification_points_are_the_toy_sets_of_data_h)
{
    static const PlaygroundSet sets[] = {PLAYGROUND_CIRCLE, PLAYGROUND_XOR,
                                         PLAYGROUND_GAUSSIANS, PLAYGROUND_SPIRAL};
    static const ToyKind toys[] = {TOY_CIRCLE, TOY_XOR, TOY_GAUSSIANS, TOY_SPIRAL};
    for (int k = 0; k < 4; k++) {
        Rng a, b;
        rng_seed(&a, 7);
        rng_seed(&b, 7);
        Mat *X = mat_new(40, 2), *y = mat_new(40, 1), *X2 = mat_new(40, 2), *y2 = mat_new(40, 1);
        playground_points(&a, sets[k], 0.3, X, y);
        data_toy(&b, toys[k], 0.3, X2, y2);
        cr_assert_eq(mat_max_abs_diff(X, X2), 0.0, "%s", playground_set_name(sets[k]));
        cr_assert_eq(mat_max_abs_diff(y, y2), 0.0, "%s", playground_set_name(sets[k]));
        mat_free(X), mat_free(y), mat_free(X2), mat_free(y2);
    }
}

Test(playground, regression_points_cover_the_window_with_their_targets)
{
    Rng rng;
    rng_seed(&rng, 11);
    Mat *X = mat_new(300, 2), *y = mat_new(300, 1);
    playground_points(&rng, PLAYGROUND_PLANE, 0.0, X, y);
    double lo = 0, hi = 0;
    for (int i = 0; i < 300; i++) {
        double x1 = MAT_AT(X, i, 0), x2 = MAT_AT(X, i, 1);
        cr_assert(fabs(x1) <= PLAYGROUND_RADIUS && fabs(x2) <= PLAYGROUND_RADIUS);
        /* no noise: the target of the point itself */
        cr_assert_eq(MAT_AT(y, i, 0), playground_plane(x1, x2));
        lo = fmin(lo, x1), hi = fmax(hi, x1);
    }
    cr_assert(lo < -5 && hi > 5, "300 uniform points reach near both edges: %g %g", lo, hi);
    playground_points(&rng, PLAYGROUND_MULTIGAUSS, 0.0, X, y);
    for (int i = 0; i < 300; i++)
        cr_assert_eq(MAT_AT(y, i, 0), playground_multigauss(MAT_AT(X, i, 0), MAT_AT(X, i, 1)));
    /* with noise the target is that of a point nearby, (x1 + e1, x2 + e2):
     * off the plane by (e1 + e2) / 10 */
    playground_points(&rng, PLAYGROUND_PLANE, 0.5, X, y);
    int off = 0;
    for (int i = 0; i < 300; i++) {
        double d = fabs(MAT_AT(y, i, 0) - playground_plane(MAT_AT(X, i, 0), MAT_AT(X, i, 1)));
        off += d > 0;
        /* (e1 + e2) / 10 with e ~ N(0, 0.25): sd 0.0707; 6 sd = 0.42 */
        cr_assert_lt(d, 0.42);
    }
    cr_assert_eq(off, 300, "every target moved by the noise");
    mat_free(X), mat_free(y);
}

Test(playground, the_data_are_split_by_the_train_ratio)
{
    Rng rng;
    rng_seed(&rng, 3);
    DataSplit s;
    cr_assert_eq(playground_data(&s, &rng, &(PlaygroundDataSpec){
        .set = PLAYGROUND_CIRCLE, .points = 500, .train_ratio = 0.7}), 0);
    /* round((1 - 0.7) x 500) = 150 held out */
    cr_assert_eq(s.X_train->rows, 350);
    cr_assert_eq(s.X_test->rows, 150);
    cr_assert_eq(s.y_test->rows, 150);
    /* classes alternate in the set, so 250 of each in all */
    double ones = mat_sum(s.y_train) + mat_sum(s.y_test);
    cr_assert_float_eq(ones, 250.0, TOL);
    data_split_free(&s);
}

Test(playground, the_seven_features_by_hand)
{
    /* at (1.5, -2): x1^2 = 2.25, x2^2 = 4, x1 x2 = -3,
     * sin(1.5) = 0.997494987, sin(-2) = -0.909297427 */
    double want[] = {1.5, -2, 2.25, 4, -3, 0.997494987, -0.909297427};
    for (int f = 0; f < PLAYGROUND_N_FEATURES; f++)
        cr_assert_float_eq(playground_feature(f, 1.5, -2), want[f], f < 5 ? TOL : HALF_9TH,
                           "%s", playground_feature_name(f));
    cr_assert_str_eq(playground_feature_name(PLAYGROUND_X1_X2), "x1*x2");
    cr_assert_str_eq(playground_feature_name(PLAYGROUND_SIN_X2), "sin(x2)");
    /* a mask picks columns in the features' order, whatever order the bits were set in */
    unsigned mask = PLAYGROUND_BIT(PLAYGROUND_SIN_X1) | PLAYGROUND_BIT(PLAYGROUND_X2_SQ) |
                    PLAYGROUND_BIT(PLAYGROUND_X1);
    cr_assert_eq(playground_feature_count(mask), 3);
    cr_assert_eq(playground_feature_count(0), 0);
    cr_assert_eq(playground_feature_count(PLAYGROUND_XY), 2);
    double pts[] = {1.5, -2, 0, 3};
    Mat X = {2, 2, pts};
    Mat *Phi = mat_new(2, 3);
    playground_features(Phi, &X, mask);
    /* row 0: x1 = 1.5, x2^2 = 4, sin(1.5); row 1: 0, 9, sin 0 = 0 */
    cr_assert_float_eq(MAT_AT(Phi, 0, 0), 1.5, TOL);
    cr_assert_float_eq(MAT_AT(Phi, 0, 1), 4.0, TOL);
    cr_assert_float_eq(MAT_AT(Phi, 0, 2), 0.997494987, HALF_9TH);
    cr_assert_float_eq(MAT_AT(Phi, 1, 1), 9.0, TOL);
    cr_assert_float_eq(MAT_AT(Phi, 1, 2), 0.0, TOL);
    mat_free(Phi);
}

Test(playground, feature_lists_parse_in_any_spelling_and_bad_ones_say_why)
{
    char err[200];
    unsigned mask = 0;
    cr_assert_eq(playground_features_parse("x1,x2", &mask, err, sizeof err), 0);
    cr_assert_eq(mask, PLAYGROUND_XY);
    cr_assert_eq(playground_features_parse("sin x1, X1X2,x2^2", &mask, err, sizeof err), 0);
    cr_assert_eq(mask, PLAYGROUND_BIT(PLAYGROUND_SIN_X1) | PLAYGROUND_BIT(PLAYGROUND_X1_X2) |
                           PLAYGROUND_BIT(PLAYGROUND_X2_SQ));
    cr_assert_eq(playground_features_parse("sin(x2),x1*x2", &mask, err, sizeof err), 0);
    cr_assert_eq(mask, PLAYGROUND_BIT(PLAYGROUND_SIN_X2) | PLAYGROUND_BIT(PLAYGROUND_X1_X2));
    mask = 123;
    cr_assert_eq(playground_features_parse("x1,cos(x1)", &mask, err, sizeof err), -1);
    cr_assert_str_eq(err, "unknown feature \"cos(x1)\"; the features are x1, x2, x1^2, x2^2, "
                          "x1*x2, sin(x1), sin(x2)");
    cr_assert_eq(mask, 123u, "a failed parse leaves the mask alone");
    cr_assert_eq(playground_features_parse("x1,x1", &mask, err, sizeof err), -1);
    cr_assert_str_eq(err, "the feature x1 is listed twice");
    cr_assert_eq(playground_features_parse("", &mask, err, sizeof err), -1);
    cr_assert_str_eq(err, "unknown feature \"\"; the features are x1, x2, x1^2, x2^2, "
                          "x1*x2, sin(x1), sin(x2)");
    cr_assert_eq(playground_features_parse("x1,", &mask, err, sizeof err), -1);
}

Test(playground, layer_lists_parse_within_the_playgrounds_limits)
{
    char err[200];
    int sizes[PLAYGROUND_MAX_LAYERS];
    cr_assert_eq(playground_layers_parse("4,2", sizes, PLAYGROUND_MAX_LAYERS, err, sizeof err), 2);
    cr_assert_eq(sizes[0], 4);
    cr_assert_eq(sizes[1], 2);
    cr_assert_eq(playground_layers_parse(" 8 , 8,1", sizes, PLAYGROUND_MAX_LAYERS, err, sizeof err), 3);
    cr_assert_eq(sizes[2], 1);
    cr_assert_eq(playground_layers_parse("none", sizes, PLAYGROUND_MAX_LAYERS, err, sizeof err), 0);
    cr_assert_eq(playground_layers_parse("", sizes, PLAYGROUND_MAX_LAYERS, err, sizeof err), 0);
    cr_assert_eq(playground_layers_parse("4,,2", sizes, PLAYGROUND_MAX_LAYERS, err, sizeof err), -1);
    cr_assert_str_eq(err, "\"4,,2\": expected the units of each hidden layer, such as 4,2 (or none)");
    cr_assert_eq(playground_layers_parse("4x", sizes, PLAYGROUND_MAX_LAYERS, err, sizeof err), -1);
    cr_assert_eq(playground_layers_parse("9", sizes, PLAYGROUND_MAX_LAYERS, err, sizeof err), -1);
    cr_assert_str_eq(err, "a layer of 9 units; expected 1 to 8");
    cr_assert_eq(playground_layers_parse("2,0", sizes, PLAYGROUND_MAX_LAYERS, err, sizeof err), -1);
    cr_assert_str_eq(err, "a layer of 0 units; expected 1 to 8");
    cr_assert_eq(playground_layers_parse("1,1,1,1,1,1,1", sizes, PLAYGROUND_MAX_LAYERS, err,
                                         sizeof err), -1);
    cr_assert_str_eq(err, "\"1,1,1,1,1,1,1\": at most 6 hidden layers");
}

Test(playground, the_four_activations_by_name)
{
    ActKind k = ACT_ELU;
    cr_assert_eq(playground_act_parse("relu", &k), 0);
    cr_assert_eq(k, ACT_RELU);
    cr_assert_eq(playground_act_parse("tanh", &k), 0);
    cr_assert_eq(k, ACT_TANH);
    cr_assert_eq(playground_act_parse("sigmoid", &k), 0);
    cr_assert_eq(k, ACT_SIGMOID);
    cr_assert_eq(playground_act_parse("linear", &k), 0);
    cr_assert_eq(k, ACT_LINEAR);
    cr_assert_eq(playground_act_parse("elu", &k), -1);
    cr_assert_eq(k, ACT_LINEAR);
}

Test(playground, the_default_network_has_25_parameters_and_glorot_weights)
{
    Rng rng;
    rng_seed(&rng, 5);
    int hidden[] = {4, 2};
    Net *net = playground_net(&(PlaygroundNetSpec){.n_in = 2, .hidden = hidden, .n_hidden = 2,
                                                   .act = ACT_TANH}, 10, &rng);
    cr_assert_not_null(net);
    /* (2 x 4 + 4) + (4 x 2 + 2) + (2 x 1 + 1) = 12 + 10 + 3 = 25 */
    cr_assert_eq(net_param_count(net), 25);
    cr_assert_eq(net->n_layers, 3);
    cr_assert_eq(net->layers[0]->act.kind, ACT_TANH);
    cr_assert_eq(net->layers[1]->act.kind, ACT_TANH);
    cr_assert_eq(net->layers[2]->act.kind, ACT_SIGMOID);
    /* glorot_uniform: |w| <= sqrt(6 / (fan_in + fan_out)); biases 0 */
    for (int k = 0; k < 3; k++) {
        const Layer *L = net->layers[k];
        double limit = sqrt(6.0 / (L->n_in + L->n_out));
        for (int i = 0; i < L->n_in * L->n_out; i++)
            cr_assert_leq(fabs(L->W->data[i]), limit);
        cr_assert_eq(mat_sum(L->b), 0.0);
        cr_assert_neq(L->W->data[0], 0.0);
    }
    net_free(net);
    /* no hidden layer, regression: one linear unit, 3 + 1 parameters */
    net = playground_net(&(PlaygroundNetSpec){.n_in = 3, .regression = 1}, 10, &rng);
    cr_assert_eq(net->n_layers, 1);
    cr_assert_eq(net->layers[0]->act.kind, ACT_LINEAR);
    cr_assert_eq(net_param_count(net), 4);
    net_free(net);
}

/* Counts the gradients outside allclose(relative GRAD_REL_TOL, absolute
 * GRAD_ABS_TOL). */
static void count_outside(const Param *p, int i, int j, double analytic, double numeric,
                          void *ctx)
{
    (void)p, (void)i, (void)j;
    if (gradcheck_rel_error(analytic, numeric) > GRAD_REL_TOL &&
        fabs(analytic - numeric) > GRAD_ABS_TOL)
        ++*(int *)ctx;
}

/* Circle (or multigauss) points, all seven features, the given net: the
 * number of gradients net_gradcheck finds outside allclose. */
static int gradcheck_on_circle(const int *hidden, int n_hidden, ActKind act, int regression)
{
    Rng rng;
    rng_seed(&rng, 21);
    Mat *X = mat_new(16, 2), *y = mat_new(16, 1);
    playground_points(&rng, regression ? PLAYGROUND_MULTIGAUSS : PLAYGROUND_CIRCLE, 0.2, X, y);
    unsigned all = (1u << PLAYGROUND_N_FEATURES) - 1;
    Mat *Phi = mat_new(16, PLAYGROUND_N_FEATURES);
    playground_features(Phi, X, all);
    Net *net = playground_net(&(PlaygroundNetSpec){.n_in = PLAYGROUND_N_FEATURES,
        .hidden = hidden, .n_hidden = n_hidden, .act = act, .regression = regression}, 16, &rng);
    Loss loss = {.kind = regression ? LOSS_MSE : LOSS_BCE};
    int outside = 0;
    double worst = net_gradcheck(net, &loss, Phi, y, GRADCHECK_STEP, count_outside, &outside);
    cr_assert_lt(worst, 1e-5, "no gradient is even suspicious");
    /* not a zero gradient passing trivially */
    net_cost_grad(net, &loss, Phi, y);
    cr_assert_gt(param_grad_norm(net->params, net->n_params), 1e-3);
    net_free(net);
    mat_free(Phi), mat_free(X), mat_free(y);
    return outside;
}

Test(playground, the_networks_gradients_match_central_differences)
{
    int h42[] = {4, 2}, h8[] = {8, 8, 3};
    cr_assert_eq(gradcheck_on_circle(h42, 2, ACT_TANH, 0), 0);
    cr_assert_eq(gradcheck_on_circle(h8, 3, ACT_SIGMOID, 0), 0);
    cr_assert_eq(gradcheck_on_circle(h42, 2, ACT_TANH, 1), 0);
    cr_assert_eq(gradcheck_on_circle(NULL, 0, ACT_TANH, 0), 0);
}
