/* test_ch10_vanishing_gradients.c - chapter 10's numbers, redone by the
 * library or checked against an independent computation:
 *   - section 1's chain of four sigmoid units is a net of four Dense(1,
 *     sigmoid) layers: net_cost_grad's bias gradients are the chain's
 *     dC/db_k, worked by hand in the comments (17-digit references from
 *     the same formulas in Python's math module);
 *   - 001's 0.1^4 and w_new = 1 - 0.01 x 0.0001 = 0.999999 (not 0.9999);
 *     the cost of answering 0.1 for 10 classes, 0.325082973, as the
 *     library's binary cross-entropy computes it;
 *   - section 2's measurement: the per-layer bias-gradient norms of a
 *     Nielsen-initialized 64-30-30-30-30-10 sigmoid net on real digits
 *     (datasets/digits.csv, read from the repository root) against
 *     central differences of the cost, which know nothing of
 *     backpropagation; and each earlier layer is slower;
 *   - section 5: at the start, every fix of the notes raises the first
 *     layer's speed over the last's above the baseline's;
 *   - section 6: clipping by hand (13, 1/13, three clamped values); the
 *     net with large weights diverges under plain SGD (net_fit names the
 *     epoch and batch), and clipping by norm or by value keeps it finite;
 *   - clipped SGD, momentum and Adam follow trajectories computed in Python.
 *
 * Tolerances:
 *   - a few exact operations on numbers near 1: 1e-15;
 *   - a chain of 4 exponentials and products (each rounded to ~1e-16,
 *     and the library's sigmoid' computed as s(z) s(-z)): 1e-12;
 *   - values quoted to 9 significant digits: half a unit of the 9th digit;
 *   - backprop against central differences (h = 1e-5): relative 1e-6 per
 *     layer norm (the sigmoid nets are smooth; the O(h^2) error and the
 *     cancellation in a cost of ~0.3 over 100 rows stay below ~1e-8
 *     relative for these gradients, which are >= 1e-5).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "data.h"
#include "gradcheck.h"
#include "gradnorm.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "optim.h"
#include "rng.h"

#define TOL 1e-15
#define TOL_CHAIN 1e-12
#define GRAD_REL_TOL 1e-6

static const Loss BCE = {.kind = LOSS_BCE};

/* ---- section 1: the chain ------------------------------------------------ */

Test(ch10, the_chain_of_four_sigmoid_units_backpropagates_as_worked_by_hand)
{
    /* x = 1, y = 0, w = (0.6, -1.4, 1.2, 0.9), b = (0.1, 0.5, -0.3, 0.2):
     * z1 = 0.6 x 1 + 0.1 = 0.7, a1 = 0.668187772, s'(z1) = 0.221712873
     * z2 = -1.4 x 0.668187772 + 0.5 = -0.435462881, a2 = 0.392822603, s'(z2) = 0.238513006
     * z3 = 1.2 x 0.392822603 - 0.3 = 0.171387124, a3 = 0.542742208, s'(z3) = 0.248173104
     * z4 = 0.9 x 0.542742208 + 0.2 = 0.688467987, a4 = 0.665626036
     * dC/db4 = a4 - y = 0.665626036 (sigmoid + cross-entropy)
     * dC/db3 = 0.665626036 x 0.9 x 0.248173104 = 0.148671431
     * dC/db2 = 0.148671431 x 1.2 x 0.238513006 = 0.0425520839
     * dC/db1 = 0.0425520839 x -1.4 x 0.221712873 = -0.0132080827 */
    static const double w[] = {0.6, -1.4, 1.2, 0.9}, b[] = {0.1, 0.5, -0.3, 0.2};
    static const double want[] = {-0.013208082711918284, 0.0425520839367543,
                                  0.14867143136477315, 0.6656260362649765};
    Net *net = net_new(1, 1);
    for (int k = 0; k < 4; k++) {
        cr_assert_eq(net_add(net, 1, act_of(ACT_SIGMOID)), 0);
        net->layers[k]->W->data[0] = w[k];
        net->layers[k]->b->data[0] = b[k];
    }
    double one = 1.0, zero = 0.0;
    Mat X = {1, 1, &one}, Y = {1, 1, &zero};
    net_cost_grad(net, &BCE, &X, &Y);
    cr_assert_float_eq(net->out.data[0], 0.665626036, 5e-10, "a4");
    for (int k = 0; k < 4; k++)
        cr_assert_float_eq(net->layers[k]->db->data[0], want[k], TOL_CHAIN, "dC/db%d = %.17g", k + 1,
                           net->layers[k]->db->data[0]);
    /* dC/dw1 = dC/db1 x x = dC/db1 (x = 1) */
    cr_assert_float_eq(net->layers[0]->dW->data[0], want[0], TOL_CHAIN);
    /* |dC/db1| / |dC/db4| = 0.0132080827 / 0.665626036 = 0.0198430981 (half a unit: 5e-11) */
    cr_assert_float_eq(fabs(want[0] / want[3]), 0.0198430981, 5e-11);
    net_free(net);
}

Test(ch10, the_notes_vanishing_update_is_0_999999_not_0_9999)
{
    /* 001: 0.1 x 0.1 x 0.1 x 0.1 = 0.0001; w_new = 1 - 0.01 x 0.0001 = 1 - 0.000001 = 0.999999 */
    double p = 0.1 * 0.1 * 0.1 * 0.1;
    cr_assert_float_eq(p, 1e-4, TOL);
    cr_assert_float_eq(1.0 - 0.01 * p, 0.999999, TOL);
    cr_assert(fabs((1.0 - 0.01 * p) - 0.9999) > 9e-5, "the notes' 0.9999 is a step 100 times larger");
    /* four sigmoid layers pass on at most 0.25^4 = 0.00390625; 002's 0.25 x 500 = 125 */
    cr_assert_float_eq(pow(0.25, 4), 0.00390625, TOL);
    cr_assert_float_eq(0.25 * 500, 125.0, TOL);
}

Test(ch10, answering_one_tenth_for_every_class_costs_0_325082973)
{
    /* C = -(0.1 ln 0.1 + 0.9 ln 0.9) = 0.230258509 + 0.0948244874 = 0.325082973:
     * the library's binary cross-entropy averaged over an output that is 1
     * for one image in 10 (one row of y = 1, nine of y = 0, all with a = 0.1) */
    double y[10] = {1}, a[10];
    for (int i = 0; i < 10; i++)
        a[i] = 0.1;
    Mat Y = {10, 1, y}, A = {10, 1, a};
    cr_assert_float_eq(loss_cost(&BCE, &Y, &A), 0.325082973, 5e-10);
}

/* ---- the digits ---------------------------------------------------------- */

/* The first m rows of datasets/digits.csv, pixels / 16, the classes one-hot. */
static void digits(int m, Mat **X, Mat **Y)
{
    DataXY d = {0};
    char err[DATA_ERR_LEN];
    DataXYSpec spec = {.target = "digit", .want = {.kind = DATA_TARGET_CLASS, .classes = 10}};
    cr_assert_eq(data_load_xy(&d, "datasets/digits.csv", &spec, err, sizeof err), 0,
                 "run from the repository root: %s", err);
    *X = mat_new(m, 64);
    *Y = mat_new(m, 10);
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < 64; j++)
            MAT_AT(*X, i, j) = MAT_AT(d.X, i, j) / 16.0;
        MAT_AT(*Y, i, (int)MAT_AT(d.y, i, 0)) = 1.0;
    }
    data_xy_free(&d);
}

/* How the nets start (the chapter's three ways). */
typedef enum { NIELSEN, HE, LARGE } Start;

static void initialize(Net *net, Start start, Rng *rng)
{
    for (int k = 0; k < net->n_layers; k++) {
        Layer *L = net->layers[k];
        if (L->kind != LAYER_DENSE)
            continue;
        Init w = start == HE      ? (Init){.kind = INIT_HE_NORMAL}
                 : start == LARGE ? (Init){.kind = INIT_NORMAL, .c = 0.5}
                                  : (Init){.kind = INIT_NORMAL, .c = 1.0 / sqrt(L->n_in)};
        init_fill(L->W, &w, rng);
        init_fill(L->b, start == NIELSEN ? &(Init){.kind = INIT_NORMAL, .c = 1.0}
                                         : &(Init){.kind = INIT_ZEROS}, rng);
    }
}

/* 64 -> `hidden` layers of 30 -> 10 sigmoid, with batch norm before each
 * hidden activation, or skips around hidden layers 2.., as asked. */
static Net *deep_net(int hidden, ActKind act, Start start, int batchnorm, int residual,
                     int max_rows, uint64_t seed)
{
    Net *net = net_new(64, max_rows);
    for (int h = 0; h < hidden; h++)
        if (batchnorm) {
            cr_assert_eq(net_add(net, 30, act_of(ACT_LINEAR)), 0);
            cr_assert_eq(net_add_batchnorm(net), 0);
            cr_assert_eq(net_add_activation(net, act_of(act)), 0);
        } else {
            cr_assert_eq(net_add(net, 30, act_of(act)), 0);
            if (residual && h > 0)
                cr_assert_eq(net_add_skip(net, net->n_layers - 1), 0);
        }
    cr_assert_eq(net_add(net, 10, act_of(ACT_SIGMOID)), 0);
    Rng rng;
    rng_seed(&rng, seed);
    initialize(net, start, &rng);
    return net;
}

/* ---- section 2: the speed of each layer ---------------------------------------- */

typedef struct {
    Net *net;
    const Mat *X, *Y;
} CostCtx;

static double cost_of(void *ctx)
{
    CostCtx *c = ctx;
    return net_cost(c->net, &BCE, c->X, c->Y);
}

Test(ch10, layer_speeds_on_digits_match_central_differences_and_vanish)
{
    Mat *X, *Y;
    digits(100, &X, &Y);
    Net *net = deep_net(4, ACT_SIGMOID, NIELSEN, 0, 0, 100, 1991);
    double speed[5];
    cr_assert_eq(gradnorm_measure(net, &BCE, X, Y, GRADNORM_BIAS, speed, 5, NULL), 5);
    CostCtx c = {net, X, Y};
    for (int k = 0; k < 5; k++) {
        Mat *b = net->layers[k]->b;
        double sum = 0.0;
        for (int j = 0; j < b->cols; j++) {
            double d = gradcheck_numeric(cost_of, &c, &b->data[j], GRADCHECK_STEP);
            sum += d * d;
        }
        double numeric = sqrt(sum);
        cr_assert_gt(numeric, 0.0);
        cr_assert_leq(gradcheck_rel_error(speed[k], numeric), GRAD_REL_TOL,
                      "layer %d: backprop %.12g, central differences %.12g", k + 1, speed[k],
                      numeric);
    }
    /* Nielsen's pattern: each hidden layer slower than the next, the first
     * of four at least 20 times slower than the fourth (he measured 95) */
    for (int k = 0; k < 3; k++)
        cr_assert_lt(speed[k], speed[k + 1], "hidden layer %d is not slower than %d", k + 1,
                     k + 2);
    cr_assert_lt(speed[0] * 20, speed[3]);
    net_free(net);
    mat_free(X);
    mat_free(Y);
}

/* ---- section 5: the fixes at the start --------------------------------------------- */

Test(ch10, every_fix_raises_the_first_layers_speed_over_the_last)
{
    Mat *X, *Y;
    digits(250, &X, &Y);
    struct {
        const char *name;
        int hidden;
        ActKind act;
        Start start;
        int batchnorm, residual;
    } fixes[] = {{"baseline", 4, ACT_SIGMOID, NIELSEN, 0, 0}, {"ReLU", 4, ACT_RELU, NIELSEN, 0, 0},
                 {"He init", 4, ACT_SIGMOID, HE, 0, 0},      {"ReLU + He", 4, ACT_RELU, HE, 0, 0},
                 {"batch norm", 4, ACT_SIGMOID, NIELSEN, 1, 0},
                 {"residual", 4, ACT_SIGMOID, NIELSEN, 0, 1},
                 {"1 hidden layer", 1, ACT_SIGMOID, NIELSEN, 0, 0}};
    double base = 0.0;
    for (int f = 0; f < 7; f++) {
        Net *net = deep_net(fixes[f].hidden, fixes[f].act, fixes[f].start, fixes[f].batchnorm,
                            fixes[f].residual, 250, 1991);
        double speed[8];
        int L = gradnorm_measure(net, &BCE, X, Y, GRADNORM_KERNEL, speed, 8, NULL);
        cr_assert_eq(L, fixes[f].hidden + 1);
        double ratio = gradnorm_ratio(speed, L);
        if (f == 0) {
            base = ratio;
            cr_assert_lt(base, 0.01, "the baseline's first layer should be > 100x slower");
        } else {
            /* "measurably": at least 3 times the baseline's ratio */
            cr_assert_gt(ratio, 3 * base, "%s: ratio %g, baseline %g", fixes[f].name, ratio, base);
        }
        net_free(net);
    }
    mat_free(X);
    mat_free(Y);
}

/* ---- section 6: exploding gradients and clipping --------------------------------------- */

Test(ch10, clipping_by_hand_gives_section_6s_numbers)
{
    /* by norm, c = 1: ||(3, -4, 12)|| = sqrt(9 + 16 + 144) = 13 > 1, g <- g / 13 */
    double g1[] = {3, -4}, g2[] = {12};
    Mat G1 = {1, 2, g1}, G2 = {1, 1, g2};
    Param p[] = {{.name = "g1", .value = &G1, .grad = &G1, .trainable = 1},
                 {.name = "g2", .value = &G2, .grad = &G2, .trainable = 1}};
    cr_assert_float_eq(optim_clip_norm(p, 2, 1.0), 13.0, TOL);
    cr_assert_float_eq(g1[0], 0.230769231, 5e-10);
    cr_assert_float_eq(g1[1], -0.307692308, 5e-10);
    cr_assert_float_eq(g2[0], 0.923076923, 5e-10);
    /* by value, c = 0.5: (3, -4, 12) -> (0.5, -0.5, 0.5), 3 values clamped */
    g1[0] = 3, g1[1] = -4, g2[0] = 12;
    cr_assert_eq(optim_clip_value(p, 2, 0.5), 3);
    cr_assert_float_eq(g1[1], -0.5, TOL);
    cr_assert_float_eq(g2[0], 0.5, TOL);
}

/* Train section 6's net (6 ReLU layers, N(0, 0.5^2) weights) on the first
 * 300 digits with SGD, eta = 1, batches of 10 in order, for 2 epochs. */
static int train_large(const OptimSpec *spec, FitResult *res)
{
    Mat *X, *Y;
    digits(300, &X, &Y);
    Net *net = deep_net(6, ACT_RELU, LARGE, 0, 0, 300, 1991);
    int rc = net_fit(net, &BCE, X, Y, &(FitSpec){.epochs = 2, .batch_size = 10, .optim = spec},
                     res);
    if (rc == 0)
        for (int i = 0; i < net->n_params; i++)
            cr_assert(mat_all_finite(net->params[i].value), "%s", net->params[i].name);
    net_free(net);
    mat_free(X);
    mat_free(Y);
    return rc;
}

Test(ch10, large_weights_explode_the_error_towards_the_input)
{
    /* at the start, delta^[l] grows from the output back to the first layer,
     * by ~sqrt(30/2) x 0.5 = 1.94 a layer: over 6 layers far more than 10 */
    Mat *X, *Y;
    digits(250, &X, &Y);
    Net *net = deep_net(6, ACT_RELU, LARGE, 0, 0, 250, 1991);
    double bias[7];
    cr_assert_eq(gradnorm_measure(net, &BCE, X, Y, GRADNORM_BIAS, bias, 7, NULL), 7);
    cr_assert_gt(bias[0] / bias[6], 10.0, "first %g, last %g", bias[0], bias[6]);
    double large = param_grad_norm(net->params, net->n_params);
    net_free(net);
    /* He's weights: a gradient norm far smaller */
    net = deep_net(6, ACT_RELU, HE, 0, 0, 250, 1991);
    gradnorm_measure(net, &BCE, X, Y, GRADNORM_BIAS, bias, 7, NULL);
    cr_assert_gt(large, 10 * param_grad_norm(net->params, net->n_params));
    net_free(net);
    mat_free(X);
    mat_free(Y);
}

Test(ch10, without_clipping_sgd_diverges_and_the_library_says_where)
{
    FitResult res;
    cr_assert_eq(train_large(&(OptimSpec){.kind = OPTIM_SGD, .lr = 1.0}, &res), -1);
    cr_assert(res.diverged);
    cr_assert_not_null(strstr(res.message, "training diverged"), "%s", res.message);
    cr_assert_not_null(strstr(res.message, "at epoch 1, batch "), "%s", res.message);
}

Test(ch10, clipping_by_norm_or_by_value_keeps_it_finite)
{
    FitResult res;
    cr_assert_eq(train_large(&(OptimSpec){.kind = OPTIM_SGD, .lr = 1.0, .clipnorm = 1.0}, &res),
                 0, "%s", res.message);
    cr_assert(isfinite(res.cost));
    cr_assert_eq(train_large(&(OptimSpec){.kind = OPTIM_SGD, .lr = 1.0, .clipvalue = 0.1}, &res),
                 0, "%s", res.message);
    cr_assert(isfinite(res.cost));
}

/* ---- clipped optimizer steps against a reference trajectory ------------------------ */

/* Six steps on f(w) = w1^4 + 10 w2^2 from w = (3, 2), where the gradient
 * (4 w1^3, 20 w2) = (108, 40) is large: every step is clipped. The
 * references were computed once with Python 3's float arithmetic, the
 * update rules of lib/optim.h written out by hand (clip, then
 *   sgd       w = w - 0.1 g
 *   momentum  v = 0.9 v + 0.1 g,  w = w - v
 *   adam      m = 0.9 m + 0.1 g,  v = 0.999 v + 0.001 g^2,
 *             w = w - 0.1 (m / (1 - 0.9^t)) / (sqrt(v / (1 - 0.999^t)) + 1e-7)),
 * printed with %r (17 significant digits). Tolerance 1e-12: six steps of
 * a few operations each, on numbers near 1. */
static const double TRAJ_SGD_NORM[6][2] = {
    {2.9062251239276296, 1.9652685644176406}, {2.813387609941943, 1.928104119083997},
    {2.7216183521841746, 1.8883749946211008}, {2.631058769147122, 1.8459608234025664},
    {2.541858485780019, 1.8007578428898996},  {2.454171830636668, 1.7526844561798807}};
static const double TRAJ_SGD_VALUE[6][2] = {
    {2.95, 1.95}, {2.9000000000000004, 1.9}, {2.8500000000000005, 1.8499999999999999},
    {2.8000000000000007, 1.7999999999999998}, {2.750000000000001, 1.7499999999999998},
    {2.700000000000001, 1.6999999999999997}};
static const double TRAJ_MOMENTUM_NORM[6][2] = {
    {2.9062251239276296, 1.9652685644176406}, {2.7289902214768094, 1.8968458270598736},
    {2.4788600966982166, 1.7929776710009773}, {2.16756169733149, 1.6487736949732206},
    {1.8096677314380547, 1.4560714294187214}, {1.4244321531756172, 1.205086339493862}};
static const double TRAJ_ADAM_NORM[6][2] = {
    {2.900000010663836, 1.9000000287923517},  {2.800017097746134, 1.7999095174124202},
    {2.7000651700474254, 1.6996683147191793}, {2.6001602553460317, 1.599217061755305},
    {2.500320638466842, 1.4984978128870916},  {2.4005669239915273, 1.397454776531858}};

static void follow(const OptimSpec *spec, const double want[6][2], const char *what)
{
    double w[2] = {3.0, 2.0}, g[2];
    Mat W = {1, 2, w}, G = {1, 2, g};
    Param p = {.name = "w", .value = &W, .grad = &G, .trainable = 1};
    Optim *opt = optim_new(spec, &p, 1);
    cr_assert_not_null(opt);
    for (int t = 0; t < 6; t++) {
        g[0] = 4 * w[0] * w[0] * w[0]; /* df/dw1 = 4 w1^3 */
        g[1] = 20 * w[1];              /* df/dw2 = 20 w2 */
        optim_step(opt, &p, 1);
        for (int i = 0; i < 2; i++)
            cr_assert_float_eq(w[i], want[t][i], 1e-12, "%s, step %d: w%d = %.17g, reference %.17g",
                               what, t + 1, i + 1, w[i], want[t][i]);
    }
    optim_free(opt);
}

Test(ch10, clipped_sgd_momentum_and_adam_follow_reference_trajectories)
{
    follow(&(OptimSpec){.kind = OPTIM_SGD, .lr = 0.1, .clipnorm = 1.0}, TRAJ_SGD_NORM,
           "sgd, clip by norm 1");
    follow(&(OptimSpec){.kind = OPTIM_SGD, .lr = 0.1, .clipvalue = 0.5}, TRAJ_SGD_VALUE,
           "sgd, clip by value 0.5");
    follow(&(OptimSpec){.kind = OPTIM_MOMENTUM, .lr = 0.1, .momentum = 0.9, .clipnorm = 1.0},
           TRAJ_MOMENTUM_NORM, "momentum, clip by norm 1");
    follow(&(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.1, .clipnorm = 1.0}, TRAJ_ADAM_NORM,
           "adam, clip by norm 1");
}
