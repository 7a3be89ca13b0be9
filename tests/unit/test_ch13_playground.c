/* test_ch13_playground.c - chapter 13's numbers, redone with the library
 * or checked against an independent computation:
 *   - section 2: the first training points of the circle (seed 2016), the
 *     classes counted;
 *   - section 3: the seven features of the first point by hand; one sigmoid
 *     neuron on x1^2, x2^2 separates the circle (the ellipse's half-axes
 *     from its weights, by hand, lie between the classes) and on x1 x2
 *     separates XOR, while on x1, x2 it does no better than chance;
 *   - section 4: 25 parameters by hand; the L1 and L2 steps by hand, and
 *     the library's penalty gradients giving the same steps; the penalized
 *     objective's gradient against central differences;
 *   - section 5: the trained default net's final numbers (and lower bounds);
 *   - section 6: the forward pass by hand, layer by layer in scalar loops
 *     written here (no matrix product), against the net and the transcript;
 *     the first unit's line;
 *   - section 7: what the one-change runs show (a linear activation no
 *     better than no hidden layer; SGD < mini-batch < batch in training
 *     loss after the same epochs; a learning rate 10 times smaller worse);
 *   - section 8: the overfitting run (the test loss's minimum long before
 *     the end, the penalties' smaller weights and lower test loss, L1's
 *     zeros);
 *   - section 9: the plane learned as the exact linear regression
 *     y = 0.1 x1 + 0.1 x2 (its closed form, known in advance).
 *
 * The runs are the chapter's, rebuilt here from the library as the chapter
 * builds them (its seeds: the data of the main run from the seed, 2016;
 * experiment k from 2016 x 1000 + k, the net's weights from one seed and
 * the batches' order from the next), so a change to the chapter's settings
 * shows here too.
 *
 * Tolerances:
 *   - a few exact operations on numbers near 1: 1e-15;
 *   - values quoted from the transcript to 9 significant digits: half a
 *     unit of the 9th digit, relative (REL9 = 5e-9 of the value);
 *   - the scalar forward pass against the net's: 1e-15 (the same products
 *     summed in the same order, so in fact equal);
 *   - central differences (h = 1e-5) of a smooth cost near 0.7: relative
 *     1e-7, or absolute 1e-9 for the smallest gradients (see
 *     test_playground.c).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "data.h"
#include "gradcheck.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "playground.h"
#include "rng.h"

#define SEED 2016
#define SEED_STRIDE 1000
#define LR 0.03
#define BATCH 10
#define EPOCHS 200
#define POINTS 500

#define TOL 1e-15
#define REL9 5e-9
#define GRAD_REL_TOL 1e-7
#define GRAD_ABS_TOL 1e-9

/* |got - want| within half a unit of want's 9th significant digit */
#define assert_9_digits(got, want, ...)                                                      \
    cr_assert(fabs((got) - (want)) <= REL9 * fabs(want), __VA_ARGS__)

static void experiment_rng(Rng *rng, int k)
{
    rng_seed(rng, (uint64_t)SEED * SEED_STRIDE + (uint64_t)k);
}

/* ---- the runs, as the chapter makes them --------------------------------------- */

typedef struct {
    unsigned features;
    int hidden[PLAYGROUND_MAX_LAYERS], n_hidden;
    ActKind act;
    double lr, l1, l2;
    int batch, epochs, regression;
} Setup;

static const Setup DEFAULT = {.features = PLAYGROUND_XY, .hidden = {4, 2}, .n_hidden = 2,
                              .act = ACT_TANH, .lr = LR, .batch = BATCH, .epochs = EPOCHS};

typedef struct {
    Net *net;
    Mat *P_train, *P_test;
    Loss loss;
    double loss_at[2], metric_at[2]; /* training, test: after the last epoch */
    double *test_history;            /* the test loss after each epoch, epochs of them */
} Trained;

/* The chapter's run_train: the features, the net from experiment seed k,
 * net_fit with plain SGD and the batches shuffled from seed k + 1. */
static void train(Trained *t, const DataSplit *s, const Setup *u, int k)
{
    Rng init, shuffle;
    experiment_rng(&init, k);
    experiment_rng(&shuffle, k + 1);
    int nf = playground_feature_count(u->features);
    int max_rows = u->batch > 41 * 41 ? u->batch : 41 * 41;
    *t = (Trained){.loss = {.kind = u->regression ? LOSS_MSE : LOSS_BCE},
                   .P_train = mat_new(s->X_train->rows, nf), .P_test = mat_new(s->X_test->rows, nf),
                   .test_history = calloc((size_t)u->epochs, sizeof(double))};
    playground_features(t->P_train, s->X_train, u->features);
    playground_features(t->P_test, s->X_test, u->features);
    t->net = playground_net(&(PlaygroundNetSpec){.n_in = nf, .hidden = u->hidden,
                                                 .n_hidden = u->n_hidden, .act = u->act,
                                                 .regression = u->regression},
                            max_rows, &init);
    cr_assert_not_null(t->net);
    MetricKind metric = u->regression ? METRIC_MAE : METRIC_ACCURACY;
    FitResult res;
    int rc = net_fit(t->net, &t->loss, t->P_train, s->y_train, &(FitSpec){
        .epochs = u->epochs, .batch_size = u->batch, .lr = u->lr, .l1 = u->l1, .l2 = u->l2,
        .metric = metric, .shuffle = &shuffle, .X_val = t->P_test, .Y_val = s->y_test,
        .val_history = t->test_history}, &res);
    cr_assert_eq(rc, 0, "%s", res.message);
    const Mat *P[2] = {t->P_train, t->P_test}, *y[2] = {s->y_train, s->y_test};
    for (int i = 0; i < 2; i++) {
        EpochLog ev;
        cr_assert_eq(net_evaluate(t->net, &t->loss, metric, P[i], y[i], &ev, NULL, 0), 0);
        t->loss_at[i] = ev.loss;
        t->metric_at[i] = ev.metric;
    }
}

static void trained_free(Trained *t)
{
    net_free(t->net);
    mat_free(t->P_train);
    mat_free(t->P_test);
    free(t->test_history);
}

/* The main run's data: the circle drawn from the seed itself. */
static void main_data(DataSplit *s)
{
    Rng rng;
    rng_seed(&rng, SEED);
    cr_assert_eq(playground_data(s, &rng, &(PlaygroundDataSpec){
        .set = PLAYGROUND_CIRCLE, .points = POINTS, .train_ratio = 0.5}), 0);
}

/* A set of the lecture's own experiments, drawn from experiment seed k. */
static void experiment_data(DataSplit *s, PlaygroundSet set, int points, double noise,
                            double ratio, int k)
{
    Rng rng;
    experiment_rng(&rng, k);
    cr_assert_eq(playground_data(s, &rng, &(PlaygroundDataSpec){
        .set = set, .points = points, .noise = noise, .train_ratio = ratio}), 0);
}

/* ---- 2. The data ------------------------------------------------------------------ */

Test(ch13, the_first_training_points_of_the_circle_are_the_transcripts)
{
    DataSplit s;
    main_data(&s);
    static const double want[5][3] = {
        {0.0670653481, 1.37979751, 1}, {1.15278267, -1.43320057, 1},
        {0.145675926, 2.48327467, 1}, {-4.13345387, 0.330294544, 0},
        {0.171740709, -4.83642874, 0}};
    for (int i = 0; i < 5; i++) {
        assert_9_digits(MAT_AT(s.X_train, i, 0), want[i][0], "point %d, x1", i + 1);
        assert_9_digits(MAT_AT(s.X_train, i, 1), want[i][1], "point %d, x2", i + 1);
        cr_assert_eq(MAT_AT(s.y_train, i, 0), want[i][2], "point %d, class", i + 1);
        /* the circle's classes: inside radius 2.5, or on the ring 3.5 .. 5 */
        double r = hypot(want[i][0], want[i][1]);
        cr_assert(want[i][2] == 1 ? r <= 2.5 : r >= 3.5 && r <= 5, "point %d at r = %g", i + 1, r);
    }
    /* 126 of 250 training points and 124 of 250 test points are class 1 */
    cr_assert_eq(s.X_train->rows, 250);
    cr_assert_eq(s.X_test->rows, 250);
    cr_assert_float_eq(mat_sum(s.y_train), 126.0, TOL);
    cr_assert_float_eq(mat_sum(s.y_test), 124.0, TOL);
    data_split_free(&s);
}

/* ---- 3. Input features --------------------------------------------------------------- */

Test(ch13, the_seven_features_of_the_first_point_by_hand)
{
    DataSplit s;
    main_data(&s);
    double x1 = MAT_AT(s.X_train, 0, 0), x2 = MAT_AT(s.X_train, 0, 1);
    /* x1 = 0.0670653481, x2 = 1.37979751:
     * x1^2 = 0.0670653481 x 0.0670653481 = 0.00449776091
     * x2^2 = 1.37979751 x 1.37979751 = 1.90384118
     * x1 x2 = 0.0670653481 x 1.37979751 = 0.0925366004
     * sin(0.0670653481) = 0.0670150854 (x - x^3/6 + x^5/120
 *                   = 0.0670653481 - 0.0000502740 + 0.0000000113) 
     * sin(1.37979751) = 0.98181511 */
    static const double want[] = {0.0670653481, 1.37979751, 0.00449776091, 1.90384118,
                                  0.0925366004, 0.0670150854, 0.98181511};
    for (int f = 0; f < PLAYGROUND_N_FEATURES; f++)
        assert_9_digits(playground_feature(f, x1, x2), want[f], "%s", playground_feature_name(f));
    /* and the products are the squares of the printed values: x1^2 = x1 x1 exactly */
    cr_assert_eq(playground_feature(PLAYGROUND_X1_SQ, x1, x2), x1 * x1);
    data_split_free(&s);
}

/* One sigmoid neuron on the features, as section 3 trains it: data from
 * experiment k, the runs from k + 1. */
static void one_neuron(Trained *t, DataSplit *s, PlaygroundSet set, unsigned features, int k)
{
    experiment_data(s, set, POINTS, 0.0, 0.5, k);
    Setup u = DEFAULT;
    u.n_hidden = 0;
    u.features = features;
    train(t, s, &u, k + 1);
}

Test(ch13, one_neuron_on_x1_squared_and_x2_squared_draws_an_ellipse_between_the_classes)
{
    DataSplit s;
    Trained t;
    one_neuron(&t, &s, PLAYGROUND_CIRCLE,
               PLAYGROUND_BIT(PLAYGROUND_X1_SQ) | PLAYGROUND_BIT(PLAYGROUND_X2_SQ), 10);
    const Layer *L = t.net->layers[0];
    double w1 = L->W->data[0], w2 = L->W->data[1], b = L->b->data[0];
    /* the transcript: p = sigmoid(-0.642568365 x1^2 - 0.65668853 x2^2 + 5.48234257) */
    assert_9_digits(w1, -0.642568365, "w1 = %.10g", w1);
    assert_9_digits(w2, -0.65668853, "w2 = %.10g", w2);
    assert_9_digits(b, 5.48234257, "b = %.10g", b);
    /* half-axes sqrt(b / -w1) = sqrt(5.48234257 / 0.642568365) = sqrt(8.53191...) = 2.92094523
     *           sqrt(b / -w2) = sqrt(5.48234257 / 0.65668853) = 2.8893714 */
    assert_9_digits(sqrt(b / -w1), 2.92094523, "half-axis 1");
    assert_9_digits(sqrt(b / -w2), 2.8893714, "half-axis 2");
    /* the ellipse runs between the classes: r 2.5 inside, 3.5 outside */
    cr_assert(sqrt(b / -w1) > 2.5 && sqrt(b / -w1) < 3.5);
    cr_assert(sqrt(b / -w2) > 2.5 && sqrt(b / -w2) < 3.5);
    cr_assert_float_eq(t.metric_at[1], 1.0, TOL, "every test point right");
    trained_free(&t);
    data_split_free(&s);
    /* on x1, x2 the same neuron draws a line: 0.452 on the test set, no better than chance */
    one_neuron(&t, &s, PLAYGROUND_CIRCLE, PLAYGROUND_XY, 10);
    cr_assert_float_eq(t.metric_at[1], 0.452, TOL);
    cr_assert_lt(t.metric_at[1], 0.6);
    trained_free(&t);
    data_split_free(&s);
}

Test(ch13, one_neuron_on_x1_x2_separates_xor_along_a_hyperbola)
{
    DataSplit s;
    Trained t;
    one_neuron(&t, &s, PLAYGROUND_XOR, PLAYGROUND_BIT(PLAYGROUND_X1_X2), 20);
    const Layer *L = t.net->layers[0];
    double w = L->W->data[0], b = L->b->data[0];
    /* p = sigmoid(3.13719094 x1 x2 + 0.40579239);
     * x1 x2 = -b / w = -0.40579239 / 3.13719094 = -0.129348962 */
    assert_9_digits(w, 3.13719094, "w = %.10g", w);
    assert_9_digits(b, 0.40579239, "b = %.10g", b);
    assert_9_digits(-b / w, -0.129348962, "the hyperbola");
    cr_assert_float_eq(t.metric_at[1], 1.0, TOL);
    /* the points keep 0.3 from the axes, so |x1 x2| >= 0.09: the hyperbola
     * x1 x2 = -0.129 passes between the classes only where points are not */
    trained_free(&t);
    data_split_free(&s);
    one_neuron(&t, &s, PLAYGROUND_XOR, PLAYGROUND_XY, 20);
    cr_assert_float_eq(t.metric_at[1], 0.528, TOL);
    trained_free(&t);
    data_split_free(&s);
}

/* ---- 4. The network and its objective --------------------------------------------- */

Test(ch13, the_default_network_counts_25_parameters)
{
    Rng rng;
    experiment_rng(&rng, 1);
    Net *net = playground_net(&(PlaygroundNetSpec){.n_in = 2, .hidden = DEFAULT.hidden,
                                                   .n_hidden = 2, .act = ACT_TANH}, 10, &rng);
    /* (2 x 4 + 4) + (4 x 2 + 2) + (2 x 1 + 1) = 12 + 10 + 3 = 25 */
    cr_assert_eq(layer_param_count(net->layers[0]), 12);
    cr_assert_eq(layer_param_count(net->layers[1]), 10);
    cr_assert_eq(layer_param_count(net->layers[2]), 3);
    cr_assert_eq(net_param_count_trainable(net), 25);
    net_free(net);
}

/* One weight w with dL/dw = g, stepped by net_step after the library adds
 * the penalty's gradient. */
static double penalized_step(double w, double g, double eta, double lambda, int l1)
{
    Net *net = net_new(1, 1);
    net_add(net, 1, act_of(ACT_LINEAR));
    net->layers[0]->W->data[0] = w;
    net->layers[0]->dW->data[0] = g;
    net->layers[0]->db->data[0] = 0.0;
    if (l1)
        net_add_l1_grad(net, lambda);
    else
        net_add_l2_grad(net, lambda);
    net_step(net, eta);
    double out = net->layers[0]->W->data[0];
    net_free(net);
    return out;
}

Test(ch13, the_l1_and_l2_steps_by_hand_are_the_librarys)
{
    double w = 0.8, g = 0.05, eta = 0.03, lambda = 0.01;
    /* none: 0.8 - 0.03 x 0.05 = 0.8 - 0.0015 = 0.7985 */
    cr_assert_float_eq(w - eta * g, 0.7985, TOL);
    /* L1: 0.8 - 0.03 x (0.05 + 0.01 x sign(0.8)) = 0.8 - 0.03 x 0.06 = 0.8 - 0.0018 = 0.7982 */
    cr_assert_float_eq(w - eta * (g + lambda), 0.7982, TOL);
    cr_assert_float_eq(penalized_step(w, g, eta, lambda, 1), 0.7982, TOL);
    /* L2: 0.8 - 0.03 x (0.05 + 2 x 0.01 x 0.8) = 0.8 - 0.03 x 0.066 = 0.8 - 0.00198 = 0.79802 */
    cr_assert_float_eq(w - eta * (g + 2 * lambda * w), 0.79802, TOL);
    cr_assert_float_eq(penalized_step(w, g, eta, lambda, 0), 0.79802, TOL);
    /* the penalty alone on w = -0.002:
     * L1 moves it by -eta lambda sign(w) = -0.03 x 0.01 x (-1) = +0.0003: -0.002 -> -0.0017
     * L2 by -eta 2 lambda w = -0.03 x 0.02 x (-0.002) = +0.0000012: -0.002 -> -0.0019988 */
    cr_assert_float_eq(penalized_step(-0.002, 0.0, eta, lambda, 1), -0.0017, TOL);
    cr_assert_float_eq(penalized_step(-0.002, 0.0, eta, lambda, 0), -0.0019988, TOL);
}

/* The penalized objective E = cost + lambda_1 sum|W| + lambda_2 sum W^2 of
 * a net on (X, Y), for central differences. */
typedef struct {
    Net *net;
    const Loss *loss;
    const Mat *X, *Y;
    double l1, l2;
} Objective;

static double objective(void *ctx)
{
    Objective *o = ctx;
    return net_cost(o->net, o->loss, o->X, o->Y) + o->l1 * net_l1(o->net) +
           o->l2 * net_l2(o->net);
}

Test(ch13, the_penalized_objectives_gradient_matches_central_differences)
{
    /* the default net with all seven features on 20 circle points, with
     * both penalties: the gradient fit takes (net_cost_grad, then the
     * penalties' gradients added in) against central differences of E */
    DataSplit s;
    main_data(&s);
    Mat X = mat_cview_rows(s.X_train, 0, 20), Y = mat_cview_rows(s.y_train, 0, 20);
    unsigned all = (1u << PLAYGROUND_N_FEATURES) - 1;
    Mat *P = mat_new(20, PLAYGROUND_N_FEATURES);
    playground_features(P, &X, all);
    Rng rng;
    experiment_rng(&rng, 1);
    Net *net = playground_net(&(PlaygroundNetSpec){.n_in = PLAYGROUND_N_FEATURES,
        .hidden = DEFAULT.hidden, .n_hidden = 2, .act = ACT_TANH}, 20, &rng);
    Loss bce = {.kind = LOSS_BCE};
    Objective o = {net, &bce, P, &Y, 0.003, 0.01};
    net_cost_grad(net, &bce, P, &Y);
    net_add_l1_grad(net, o.l1);
    net_add_l2_grad(net, o.l2);
    int outside = 0, checked = 0;
    for (int p = 0; p < net->n_params; p++) {
        Param *q = &net->params[p];
        for (int i = 0; i < q->value->rows * q->value->cols; i++) {
            double analytic = q->grad->data[i];
            double numeric = gradcheck_numeric(objective, &o, &q->value->data[i], GRADCHECK_STEP);
            outside += gradcheck_rel_error(analytic, numeric) > GRAD_REL_TOL &&
                       fabs(analytic - numeric) > GRAD_ABS_TOL;
            checked++;
        }
    }
    /* (7 x 4 + 4) + (4 x 2 + 2) + (2 + 1) = 45 values */
    cr_assert_eq(checked, 45);
    cr_assert_eq(outside, 0, "%d of %d gradients differ from central differences", outside,
                 checked);
    /* the penalties are in it: without them a kernel's gradient differs by
     * lambda_1 sign(w) + 2 lambda_2 w */
    double w = net->layers[0]->W->data[0], with = net->layers[0]->dW->data[0];
    net_cost_grad(net, &bce, P, &Y);
    cr_assert_float_eq(with - net->layers[0]->dW->data[0],
                       o.l1 * (w > 0 ? 1 : -1) + 2 * o.l2 * w, 1e-15);
    net_free(net);
    mat_free(P);
    data_split_free(&s);
}

/* ---- 5. and 6.: the trained default net ------------------------------------------- */

Test(ch13, the_default_run_separates_the_circle)
{
    DataSplit s;
    Trained t;
    main_data(&s);
    train(&t, &s, &DEFAULT, 1);
    /* the transcript's last row: 0.0393241723, 0.0563330616, 1, 1 */
    assert_9_digits(t.loss_at[0], 0.0393241723, "training loss %.10g", t.loss_at[0]);
    assert_9_digits(t.loss_at[1], 0.0563330616, "test loss %.10g", t.loss_at[1]);
    cr_assert_float_eq(t.metric_at[1], 1.0, TOL);
    /* net_fit's own validation loss after the last epoch is the same number */
    cr_assert_eq(t.test_history[EPOCHS - 1], t.loss_at[1]);
    /* and a bound that does not depend on the digits: above 0.99 held out,
     * and the loss well below ln 2 = 0.693 (guessing 0.5) */
    cr_assert_geq(t.metric_at[1], 0.99);
    cr_assert_lt(t.loss_at[1], 0.1);
    trained_free(&t);
    data_split_free(&s);
}

Test(ch13, the_forward_pass_by_hand_is_the_nets)
{
    DataSplit s;
    Trained t;
    main_data(&s);
    train(&t, &s, &DEFAULT, 1);
    /* the first test point x = (0.392486859, -0.152258851), class 1 */
    double x[2] = {MAT_AT(s.X_test, 0, 0), MAT_AT(s.X_test, 0, 1)};
    assert_9_digits(x[0], 0.392486859, "x1");
    assert_9_digits(x[1], -0.152258851, "x2");
    cr_assert_eq(MAT_AT(s.y_test, 0, 0), 1.0);
    /* layer by layer with scalar loops: z_j = sum_i a_i w_ij + b_j, a_j = act(z_j) */
    double a[8] = {x[0], x[1]}, next[8];
    double z_first[3];
    for (int k = 0; k < t.net->n_layers; k++) {
        const Layer *L = t.net->layers[k];
        for (int j = 0; j < L->n_out; j++) {
            double z = 0.0;
            for (int i = 0; i < L->n_in; i++)
                z += a[i] * MAT_AT(L->W, i, j);
            z += L->b->data[j];
            if (j == 0)
                z_first[k] = z;
            next[j] = L->act.kind == ACT_TANH ? tanh(z) : 1.0 / (1.0 + exp(-z));
        }
        memcpy(a, next, sizeof next);
    }
    /* hidden 1, unit 1: z = 0.282140387 x 0.392486859 + 0.675307094 x (-0.152258851)
     *                      - 1.50491527 = 0.110736394 - 0.102821482 - 1.50491527 = -1.49700036 */
    assert_9_digits(z_first[0], -1.49700036, "hidden 1, unit 1: z = %.10g", z_first[0]);
    assert_9_digits(t.net->layers[0]->W->data[0], 0.282140387, "w^1_11");
    /* hidden 2, unit 1: z = 2.93790081 (the transcript's sum of four terms) */
    assert_9_digits(z_first[1], 2.93790081, "hidden 2, unit 1: z = %.10g", z_first[1]);
    /* output: z = 3.80153775 x 0.994402622 + 3.75908584 x 0.9816558 - 2.93538108 = 4.53500644;
     *         p = 1 / (1 + e^-4.53500644) = 0.989387006 */
    assert_9_digits(z_first[2], 4.53500644, "output z = %.10g", z_first[2]);
    assert_9_digits(a[0], 0.989387006, "p = %.10g", a[0]);
    Mat X = {1, 2, x};
    const Mat *out = net_forward(t.net, &X);
    cr_assert_float_eq(out->data[0], a[0], 1e-15, "the net: %.17g, by hand: %.17g", out->data[0],
                       a[0]);
    /* unit 1's line: x2 = -(w1 / w2) x1 - b / w2
     *             = -(0.282140387 / 0.675307094) x1 + 1.50491527 / 0.675307094
     *             = -0.41779568 x1 + 2.22849024 */
    const Layer *L = t.net->layers[0];
    double w1 = MAT_AT(L->W, 0, 0), w2 = MAT_AT(L->W, 1, 0), b = L->b->data[0];
    assert_9_digits(-w1 / w2, -0.41779568, "slope");
    assert_9_digits(-b / w2, 2.22849024, "intercept");
    trained_free(&t);
    data_split_free(&s);
}

/* ---- 7. One change at a time ------------------------------------------------------------ */

Test(ch13, one_change_at_a_time_shows_what_the_transcript_says)
{
    DataSplit s;
    main_data(&s);
    Trained base, none, linear, sgd, whole, slow;
    train(&base, &s, &DEFAULT, 1);
    Setup u = DEFAULT;
    u.n_hidden = 0;
    train(&none, &s, &u, 1);
    u = DEFAULT;
    u.act = ACT_LINEAR;
    train(&linear, &s, &u, 1);
    u = DEFAULT;
    u.batch = 1;
    train(&sgd, &s, &u, 1);
    u.batch = 250;
    train(&whole, &s, &u, 1);
    u = DEFAULT;
    u.lr = LR / 10;
    train(&slow, &s, &u, 1);
    /* the transcript: no hidden layer 0.681410951 / 0.716447681 / 0.52;
     * linear 0.681404836 / 0.716364307 / 0.524 */
    assert_9_digits(none.loss_at[0], 0.681410951, "no hidden layer");
    assert_9_digits(linear.loss_at[0], 0.681404836, "linear");
    assert_9_digits(linear.loss_at[1], 0.716364307, "linear, test");
    /* linear layers collapse to one linear map: no better than no hidden
     * layer (both near ln 2 = 0.693 on the training set, near chance held out) */
    cr_assert_lt(fabs(linear.loss_at[0] - none.loss_at[0]), 1e-3);
    cr_assert_lt(linear.metric_at[1], 0.6);
    cr_assert_lt(none.metric_at[1], 0.6);
    /* the batch size after 200 epochs: 0.00270149235 (batch 1) < 0.0393241723 (10)
     * < 0.683765327 (250): SGD < mini-batch < batch in epochs to converge */
    assert_9_digits(sgd.loss_at[0], 0.00270149235, "batch 1");
    assert_9_digits(whole.loss_at[0], 0.683765327, "the whole set");
    cr_assert(sgd.loss_at[0] < base.loss_at[0] && base.loss_at[0] < whole.loss_at[0]);
    /* a learning rate 10 times smaller has not got anywhere yet: 0.655951136 */
    assert_9_digits(slow.loss_at[0], 0.655951136, "lr 0.003");
    cr_assert_gt(slow.loss_at[1], base.loss_at[1]);
    Trained *all[] = {&base, &none, &linear, &sgd, &whole, &slow};
    for (int k = 0; k < 6; k++)
        trained_free(all[k]);
    data_split_free(&s);
}

/* ---- 8. Overfitting ---------------------------------------------------------------------- */

static int below(const Net *net, double limit)
{
    int n = 0;
    for (int p = 0; p < net->n_params; p++)
        for (int i = 0; net->params[p].decay && i < net->params[p].value->rows *
                                                       net->params[p].value->cols; i++)
            n += fabs(net->params[p].value->data[i]) < limit;
    return n;
}

static int argmin(const double *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] < x[best])
            best = i;
    return best;
}

Test(ch13, without_a_penalty_the_net_learns_the_noise_and_l1_and_l2_hold_it_back)
{
    DataSplit s;
    experiment_data(&s, PLAYGROUND_XOR, 250, 1.2, 0.2, 30);
    cr_assert_eq(s.X_train->rows, 50);
    Setup u = {.features = PLAYGROUND_XY, .hidden = {8, 8}, .n_hidden = 2, .act = ACT_TANH,
               .lr = 0.1, .batch = BATCH, .epochs = 200};
    Trained none, l2, l1;
    train(&none, &s, &u, 31);
    u.l2 = 0.01;
    train(&l2, &s, &u, 31);
    u.l2 = 0.0;
    u.l1 = 0.01;
    train(&l1, &s, &u, 31);
    /* the transcript: none 0.10899233 / 0.50988673, L2 0.194129876 / 0.390126795,
     * L1 0.168836204 / 0.381030896 */
    assert_9_digits(none.loss_at[0], 0.10899233, "none, training");
    assert_9_digits(none.loss_at[1], 0.50988673, "none, test");
    assert_9_digits(l2.loss_at[1], 0.390126795, "L2, test");
    assert_9_digits(l1.loss_at[1], 0.381030896, "L1, test");
    /* the penalties: a higher training loss, a lower test loss */
    cr_assert(none.loss_at[0] < l1.loss_at[0] && none.loss_at[0] < l2.loss_at[0]);
    cr_assert(none.loss_at[1] > l1.loss_at[1] + 0.1 && none.loss_at[1] > l2.loss_at[1] + 0.1);
    /* the test loss without a penalty is lowest after epoch 64 (history index
     * 63: the chapter counts epoch 0 as before training), 0.403497612, and
     * has risen by 0.106 at the end */
    int best = argmin(none.test_history, 200) + 1;
    cr_assert_eq(best, 64);
    assert_9_digits(none.test_history[best - 1], 0.403497612, "the lowest test loss");
    cr_assert_gt(none.loss_at[1] - none.test_history[best - 1], 0.1);
    /* the weights: sum of w^2 45.804752 > 23.4563023 (L1) > 16.0975509 (L2);
     * |w| < 0.01: 0 of 88 without a penalty, 1 with L2, 47 with L1 */
    assert_9_digits(net_l2(none.net), 45.804752, "sum of w^2, none");
    assert_9_digits(net_l2(l2.net), 16.0975509, "sum of w^2, L2");
    assert_9_digits(net_l2(l1.net), 23.4563023, "sum of w^2, L1");
    cr_assert_eq(below(none.net, 0.01), 0);
    cr_assert_eq(below(l2.net, 0.01), 1);
    cr_assert_eq(below(l1.net, 0.01), 47);
    /* 2 x 8 + 8 x 8 + 8 x 1 = 88 kernel weights */
    cr_assert_eq(below(l1.net, INFINITY), 88);
    trained_free(&none);
    trained_free(&l2);
    trained_free(&l1);
    data_split_free(&s);
}

/* ---- 9. Regression: the plane ------------------------------------------------------------ */

Test(ch13, the_plane_is_learned_as_its_exact_linear_regression)
{
    DataSplit s;
    experiment_data(&s, PLAYGROUND_PLANE, POINTS, 0.0, 0.5, 40);
    Setup u = DEFAULT;
    u.n_hidden = 0;
    u.regression = 1;
    Trained t;
    train(&t, &s, &u, 41);
    const Layer *L = t.net->layers[0];
    /* the target is y = 0.1 x1 + 0.1 x2 + 0 exactly (no noise), so the least
     * squares solution is w = (0.1, 0.1), b = 0 with loss 0: SGD gets there
     * to rounding (the transcript: 0.1, 0.1, 4.84901602e-19, loss 2.36e-33) */
    cr_assert_float_eq(L->W->data[0], 0.1, 1e-15);
    cr_assert_float_eq(L->W->data[1], 0.1, 1e-15);
    cr_assert_float_eq(L->b->data[0], 0.0, 1e-15);
    cr_assert_lt(t.loss_at[1], 1e-25);
    /* at (3, -1): 0.1 x 3 + 0.1 x (-1) + 0 = 0.3 - 0.1 = 0.2 = (3 - 1) / 10 */
    double y_hat = L->W->data[0] * 3 + L->W->data[1] * -1 + L->b->data[0];
    cr_assert_float_eq(y_hat, 0.2, 1e-15);
    cr_assert_float_eq(playground_plane(3, -1), 0.2, TOL);
    trained_free(&t);
    data_split_free(&s);
}
