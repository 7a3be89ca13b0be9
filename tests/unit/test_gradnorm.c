/* test_gradnorm.c - the speed of learning of each layer (lib/gradnorm.h):
 * the norms of hand-set gradients, only dense layers counted, the bias
 * norms of a deep sigmoid net against central differences of its cost
 * (an independent computation: no backpropagation in it), a measurement
 * that leaves batch norm's running statistics and the dropout stream as
 * they were, and the callback's rows during net_fit.
 *
 * Tolerances: norms of a few exact values, 1e-15 (one rounding each);
 * backprop against central differences with h = 1e-5, relative error
 * 1e-7 (cs231n's "good"; the O(h^2) error of a smooth cost is ~1e-10).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "gradcheck.h"
#include "gradnorm.h"
#include "net.h"

#define TOL 1e-15
#define GRAD_REL_TOL 1e-7

/* 6 samples of 3 features, not symmetric, with classes 0..2 */
static const double X6[] = {0.2, -1.0, 1.5, 0.3, -0.7, 0.8, 2.0, -1.2, 0.1,
                            0.9, 0.4, -0.3, -1.1, 0.6, 0.5, 0.05, 1.3, -0.9};
static const double Y6[] = {0, 2, 1, 1, 0, 2};

/* X6 and Y6 as matrices (6 x 3), (6 x 1), made before every test */
static Mat *X, *Y;

static void data6(void)
{
    X = mat_from(6, 3, X6);
    Y = mat_from(6, 1, Y6);
}

static void data6_free(void)
{
}

TestSuite(gradnorm, .init = data6, .fini = data6_free);

Test(gradnorm, the_norm_of_a_layer_is_the_root_of_the_sum_of_its_squared_gradients)
{
    /* Dense(3 -> 2) then Dense(2 -> 1), gradients set by hand:
     * dW1 = [[3, 0], [0, 4], [0, 0]]: sqrt(9 + 16) = 5;  db1 = (1, 2): sqrt(5)
     * dW2 = [[-2], [0]]: 2;                              db2 = (0.5): 0.5 */
    Net *net = net_new(3, 1);
    net_add(net, 2, act_of(ACT_SIGMOID));
    net_add(net, 1, act_of(ACT_LINEAR));
    Layer *L1 = net->layers[0], *L2 = net->layers[1];
    mat_fill(L1->dW, 0.0);
    MAT_AT(L1->dW, 0, 0) = 3.0;
    MAT_AT(L1->dW, 1, 1) = 4.0;
    L1->db->data[0] = 1.0;
    L1->db->data[1] = 2.0;
    mat_fill(L2->dW, 0.0);
    MAT_AT(L2->dW, 0, 0) = -2.0;
    L2->db->data[0] = 0.5;
    double w[2], b[2];
    cr_assert_eq(gradnorm_layers(net, GRADNORM_KERNEL, w, 2), 2);
    cr_assert_eq(gradnorm_layers(net, GRADNORM_BIAS, b, 2), 2);
    cr_assert_float_eq(w[0], 5.0, TOL);
    cr_assert_float_eq(w[1], 2.0, TOL);
    cr_assert_float_eq(b[0], sqrt(5.0), TOL);
    cr_assert_float_eq(b[1], 0.5, TOL);
    /* ratio first / last: 5 / 2 */
    cr_assert_float_eq(gradnorm_ratio(w, 2), 2.5, TOL);
    /* room for one: one written, the count still 2 */
    double one[1] = {-1};
    cr_assert_eq(gradnorm_layers(net, GRADNORM_KERNEL, one, 1), 2);
    cr_assert_float_eq(one[0], 5.0, TOL);
    net_free(net);
}

Test(gradnorm, only_dense_layers_are_counted)
{
    /* Dense, BatchNormalization, Activation, Dense, Add, Dropout, Dense: 3 dense */
    Net *net = net_new(3, 4);
    net_add(net, 3, act_of(ACT_LINEAR));
    net_add_batchnorm(net);
    net_add_activation(net, act_of(ACT_TANH));
    net_add(net, 3, act_of(ACT_RELU));
    net_add_skip(net, 3);
    net_add_dropout(net, 0.2);
    net_add(net, 2, act_of(ACT_SOFTMAX));
    cr_assert_eq(gradnorm_count(net), 3);
    double w[3];
    cr_assert_eq(gradnorm_layers(net, GRADNORM_KERNEL, w, 3), 3);
    net_free(net);
}

/* The cost of net on (X, Y), for central differences through a bias. */
typedef struct {
    Net *net;
    const Loss *loss;
} CostCtx;

static double cost_of(void *ctx)
{
    CostCtx *c = ctx;
    return net_cost(c->net, c->loss, X, Y);
}

Test(gradnorm, bias_norms_of_a_deep_sigmoid_net_match_central_differences)
{
    /* 3 -> 4 -> 4 -> 4 -> 3 (sigmoid, then softmax), N(0, 1) weights and
     * biases: the vanishing-gradient net in small. The numeric norm of each
     * layer is sqrt(sum_j (dC/db_j)^2) with each dC/db_j from central
     * differences of net_cost, which knows nothing of backpropagation. */
    Rng rng;
    rng_seed(&rng, 5);
    Net *net = net_new(3, 6);
    for (int k = 0; k < 3; k++)
        net_add(net, 4, act_of(ACT_SIGMOID));
    net_add(net, 3, act_of(ACT_SOFTMAX));
    net_init(net, &(Init){.kind = INIT_NORMAL, .c = 1.0}, &rng);
    for (int k = 0; k < net->n_layers; k++)
        init_fill(net->layers[k]->b, &(Init){.kind = INIT_NORMAL, .c = 1.0}, &rng);
    Loss loss = {.kind = LOSS_SPARSE_CCE};
    double speed[4], cost;
    cr_assert_eq(gradnorm_measure(net, &loss, X, Y, GRADNORM_BIAS, speed, 4, &cost), 4);
    cr_assert_float_eq(cost, net_cost(net, &loss, X, Y), 1e-15);
    CostCtx c = {net, &loss};
    for (int k = 0; k < 4; k++) {
        Mat *b = net->layers[k]->b;
        double sum = 0.0;
        for (int j = 0; j < b->cols; j++) {
            double d = gradcheck_numeric(cost_of, &c, &b->data[j], GRADCHECK_STEP);
            sum += d * d;
        }
        double numeric = sqrt(sum);
        cr_assert(numeric > 0, "layer %d: a zero gradient proves nothing", k + 1);
        cr_assert(gradcheck_rel_error(speed[k], numeric) <= GRAD_REL_TOL,
                  "layer %d: backprop %.12g, central differences %.12g", k + 1, speed[k],
                  numeric);
    }
    /* and the kernels, by the library's own check of every weight */
    cr_assert(net_gradcheck(net, &loss, X, Y, GRADCHECK_STEP, NULL, NULL) <= GRAD_REL_TOL);
    net_free(net);
}

Test(gradnorm, measuring_leaves_running_statistics_and_the_dropout_stream_alone)
{
    Rng rng;
    rng_seed(&rng, 11);
    Net *net = net_new(3, 6);
    net_add(net, 4, act_of(ACT_LINEAR));
    net_add_batchnorm(net);
    net_add_activation(net, act_of(ACT_SIGMOID));
    net_add_dropout(net, 0.25);
    net_add(net, 3, act_of(ACT_SOFTMAX));
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    Loss loss = {.kind = LOSS_SPARSE_CCE};
    Param *mean = net_param(net, "batch_normalization/moving_mean");
    Param *var = net_param(net, "batch_normalization/moving_variance");
    cr_assert_not_null(mean);
    cr_assert_not_null(var);
    Mat *mean0 = mat_dup(mean->value), *var0 = mat_dup(var->value);
    Rng noise0 = net->noise;
    double speed[2];
    cr_assert_eq(gradnorm_measure(net, &loss, X, Y, GRADNORM_KERNEL, speed, 2, NULL), 2);
    cr_assert(speed[0] > 0 && speed[1] > 0);
    cr_assert_eq(mat_max_abs_diff(mean->value, mean0), 0.0, "the running mean moved");
    cr_assert_eq(mat_max_abs_diff(var->value, var0), 0.0, "the running variance moved");
    cr_assert_eq(memcmp(&net->noise, &noise0, sizeof noise0), 0, "the dropout stream moved");
    /* a plain train-mode pass does move them: the test can fail */
    net_cost_grad(net, &loss, X, Y);
    cr_assert_neq(mat_max_abs_diff(mean->value, mean0), 0.0);
    mat_free(mean0);
    mat_free(var0);
    net_free(net);
}

Test(gradnorm, the_callback_records_one_row_per_epoch_up_to_max_epochs)
{
    Rng rng;
    rng_seed(&rng, 3);
    Net *net = net_new(3, 6);
    net_add(net, 4, act_of(ACT_SIGMOID));
    net_add(net, 3, act_of(ACT_SOFTMAX));
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    Loss loss = {.kind = LOSS_SPARSE_CCE};
    double rows[3 * 2];
    for (int i = 0; i < 6; i++)
        rows[i] = -1.0;
    GradNormLog log = {.loss = &loss, .X = X, .Y = Y, .of = GRADNORM_KERNEL, .norms = rows,
                       .width = 2, .max_epochs = 2};
    FitCallback cb = {gradnorm_callback, &log};
    FitResult res;
    cr_assert_eq(net_fit(net, &loss, X, Y,
                         &(FitSpec){.epochs = 3, .batch_size = 6, .lr = 0.5, .callbacks = &cb,
                                    .n_callbacks = 1},
                         &res),
                 0);
    cr_assert_eq(log.epochs, 2, "epoch 3 is past max_epochs: not recorded");
    cr_assert_eq(log.failed, 0);
    cr_assert_eq(rows[0], -1.0, "row 0 is the caller's");
    /* row 2 holds the speeds of the weights after epoch 2, not 3 */
    cr_assert(rows[2] > 0 && rows[3] > 0 && rows[4] > 0 && rows[5] > 0);
    double now[2];
    gradnorm_measure(net, &loss, X, Y, GRADNORM_KERNEL, now, 2, NULL);
    cr_assert(now[0] != rows[4], "the weights changed in epoch 3, so should the speed");
    net_free(net);
}
