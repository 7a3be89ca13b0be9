/* test_fit.c - the training loop and what comes with it: the epoch's
 * loss weighted by each batch's row count (a short last batch counts for
 * its rows), the shuffle, the metric accumulated during the epoch, the
 * log line, fit with an optimizer, L1, early stopping (patience,
 * min_delta, restore best weights), evaluate and predict in chunks.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen; fileno, fcntl: death.h */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "death.h"
#include "gradcheck.h"
#include "net.h"

/* 5 samples, 2 features, a target y = 0.5 x1 - x2 + 0.25 + noise */
static void line_data(Mat **X, Mat **Y)
{
    static const double x[] = {0.2, -1.0, 1.5, 0.3, -0.7, 0.8, 2.0, -1.2, 0.1, 0.9};
    static const double y[] = {1.41, -0.31, 0.37, 2.47, 0.33};
    *X = mat_from(5, 2, x);
    *Y = mat_from(5, 1, y);
}

static Net *linear_net(int max_rows, double w1, double w2, double b)
{
    Net *net = net_new(2, max_rows);
    net_add(net, 1, act_of(ACT_LINEAR));
    net->layers[0]->W->data[0] = w1;
    net->layers[0]->W->data[1] = w2;
    net->layers[0]->b->data[0] = b;
    return net;
}

Test(fit, a_short_last_batch_counts_for_its_rows_not_for_the_batch_size)
{
    /* 5 rows in batches of 2: 2 + 2 + 1. With lr = 0 nothing moves, so the
     * epoch's loss (batch costs weighted by their row counts) must be the
     * cost of all 5 rows: (2 c1 + 2 c2 + 1 c3) / 5. Weighting the last batch
     * by 2 gives (2 c1 + 2 c2 + 2 c3) / 5 or / 6, which differ. */
    Mat *X, *Y;
    line_data(&X, &Y);
    Net *net = linear_net(2, 0.3, -0.8, 0.1);
    Loss mse = {.kind = LOSS_MSE};
    double whole = net_cost(net, &mse, X, Y);
    FitResult res;
    cr_assert_eq(net_fit(net, &mse, X, Y, &(FitSpec){.epochs = 1, .batch_size = 2, .lr = 0},
                         &res),
                 0);
    cr_assert_float_eq(res.cost, whole, 1e-15, "epoch loss %.17g, cost %.17g", res.cost, whole);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(fit, the_shuffle_sets_the_order_of_the_samples_each_epoch)
{
    /* stochastic GD (batch 1) for one epoch with a shuffle Rng seeded 9 must
     * visit the samples in the order rng_shuffle gives the same seed; the
     * steps are redone here by hand: w <- w - lr 2 (y_hat - y) x, b likewise */
    Mat *X, *Y;
    line_data(&X, &Y);
    Net *net = linear_net(1, 0.3, -0.8, 0.1);
    Rng shuffle, same;
    rng_seed(&shuffle, 9);
    rng_seed(&same, 9);
    FitResult res;
    double lr = 0.05;
    net_fit(net, &(Loss){.kind = LOSS_MSE}, X, Y,
            &(FitSpec){.epochs = 1, .batch_size = 1, .lr = lr, .shuffle = &shuffle}, &res);
    int order[5] = {0, 1, 2, 3, 4};
    rng_shuffle(&same, order, 5);
    cr_assert(order[0] != 0 || order[1] != 1 || order[2] != 2, "seed 9 should shuffle");
    double w1 = 0.3, w2 = -0.8, b = 0.1;
    for (int k = 0; k < 5; k++) {
        int i = order[k];
        double x1 = MAT_AT(X, i, 0), x2 = MAT_AT(X, i, 1);
        double g = 2.0 * (w1 * x1 + w2 * x2 + b - MAT_AT(Y, i, 0)); /* dL/dy_hat */
        w1 -= lr * g * x1;
        w2 -= lr * g * x2;
        b -= lr * g;
    }
    cr_assert_float_eq(net->layers[0]->W->data[0], w1, 1e-14);
    cr_assert_float_eq(net->layers[0]->W->data[1], w2, 1e-14);
    cr_assert_float_eq(net->layers[0]->b->data[0], b, 1e-14);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

/* A 2-class problem: 8 points, class 1 when x1 + x2 > 0, two of them
 * labelled against that rule so accuracy is not 1. */
static void classes(Mat **X, Mat **Y)
{
    static const double x[] = {1, 0.5, -1, -0.2, 0.3, 0.4, -0.6, 0.1,
                               2, -1,  -2, 1.5,  0.7, -0.1, -0.3, -0.9};
    static const double y[] = {1, 0, 1, 1, 1, 1, 1, 0};
    *X = mat_from(8, 2, x);
    *Y = mat_from(8, 1, y);
}

Test(fit, the_metric_is_accumulated_during_the_epoch_from_the_batch_predictions)
{
    /* lr = 0: the batch predictions are those of the final weights, so the
     * accumulated accuracy equals net_accuracy over the whole set */
    Mat *X, *Y;
    classes(&X, &Y);
    Net *net = net_new(2, 3);
    net_add(net, 1, act_of(ACT_SIGMOID));
    net->layers[0]->W->data[0] = 1.0;
    net->layers[0]->W->data[1] = 1.0;
    Loss bce = {.kind = LOSS_BCE};
    double acc = net_accuracy(net, &bce, X, Y);
    double metric[1];
    FitResult res;
    net_fit(net, &bce, X, Y,
            &(FitSpec){.epochs = 1, .batch_size = 3, .lr = 0, .metric_history = metric}, &res);
    /* sigma(x1 + x2) >= 0.5 iff x1 + x2 >= 0: x1 + x2 = 1.5, -1.2, 0.7, -0.5,
     * 1, -0.5, 0.6, -1.2 predict 1 0 1 0 1 0 1 0 vs labels 1 0 1 1 1 1 1 0:
     * rows 4 and 6 wrong, 6 of 8 right */
    cr_assert_float_eq(acc, 6.0 / 8.0, 1e-15);
    cr_assert_float_eq(metric[0], acc, 1e-15);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(fit, the_log_is_keras_verbose_2_line_per_epoch)
{
    Mat *X, *Y;
    classes(&X, &Y);
    Net *net = net_new(2, 8);
    net_add(net, 1, act_of(ACT_SIGMOID));
    char buf[1024] = "";
    FILE *log = fmemopen(buf, sizeof buf, "w");
    FitResult res;
    net_fit(net, &(Loss){.kind = LOSS_BCE}, X, Y,
            &(FitSpec){.epochs = 2, .lr = 0, .log = log, .X_val = X, .Y_val = Y}, &res);
    fclose(log);
    /* zero weights: p = 0.5 for every sample, BCE = ln 2 = 0.6931; the
     * threshold p >= 0.5 predicts 1 everywhere: 6 of 8 right */
    cr_assert_str_eq(buf, "Epoch 1/2 - loss: 0.6931 - accuracy: 0.7500 - val_loss: 0.6931 - "
                          "val_accuracy: 0.7500\n"
                          "Epoch 2/2 - loss: 0.6931 - accuracy: 0.7500 - val_loss: 0.6931 - "
                          "val_accuracy: 0.7500\n");
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(fit, fit_with_the_sgd_optimizer_takes_the_same_steps_as_plain_lr)
{
    Mat *X, *Y;
    line_data(&X, &Y);
    Net *a = linear_net(2, 0.3, -0.8, 0.1), *b = linear_net(2, 0.3, -0.8, 0.1);
    Loss mse = {.kind = LOSS_MSE};
    FitResult res;
    net_fit(a, &mse, X, Y, &(FitSpec){.epochs = 3, .batch_size = 2, .lr = 0.1}, &res);
    net_fit(b, &mse, X, Y,
            &(FitSpec){.epochs = 3, .batch_size = 2,
                       .optim = &(OptimSpec){.kind = OPTIM_SGD, .lr = 0.1}},
            &res);
    cr_assert_eq(mat_max_abs_diff(a->layers[0]->W, b->layers[0]->W), 0.0);
    cr_assert_eq(mat_max_abs_diff(a->layers[0]->b, b->layers[0]->b), 0.0);
    mat_free(X);
    mat_free(Y);
    net_free(a);
    net_free(b);
}

Test(fit, adam_in_fit_lowers_the_loss_of_a_small_mlp)
{
    Mat *X, *Y;
    classes(&X, &Y);
    Net *net = net_new(2, 8);
    net_add(net, 8, act_of(ACT_TANH));
    net_add(net, 1, act_of(ACT_SIGMOID));
    Rng rng;
    rng_seed(&rng, 4);
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    double hist[200];
    FitResult res;
    cr_assert_eq(net_fit(net, &(Loss){.kind = LOSS_BCE}, X, Y,
                         &(FitSpec){.epochs = 200, .batch_size = 4, .history = hist,
                                    .optim = &(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.05}},
                         &res),
                 0);
    cr_assert_lt(hist[199], 0.5 * hist[0], "loss %g -> %g", hist[0], hist[199]);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(fit, a_callers_optimizer_keeps_its_state_from_one_fit_to_the_next)
{
    /* Adam over two fits of one epoch each = one fit of two epochs (no
     * shuffle): m, v and t carry over; 5 rows in batches of 2 are 3 steps an
     * epoch, so t = 6 after both */
    Mat *X, *Y;
    line_data(&X, &Y);
    Net *a = linear_net(2, 0.3, -0.8, 0.1), *b = linear_net(2, 0.3, -0.8, 0.1);
    Loss mse = {.kind = LOSS_MSE};
    OptimSpec adam = {.kind = OPTIM_ADAM, .lr = 0.01};
    FitResult res;
    net_fit(a, &mse, X, Y, &(FitSpec){.epochs = 2, .batch_size = 2, .optim = &adam}, &res);
    Optim *opt = optim_new(&adam, b->params, b->n_params);
    for (int e = 0; e < 2; e++)
        net_fit(b, &mse, X, Y, &(FitSpec){.epochs = 1, .batch_size = 2, .optimizer = opt}, &res);
    cr_assert_eq(opt->t, 6);
    cr_assert_eq(mat_max_abs_diff(a->layers[0]->W, b->layers[0]->W), 0.0);
    cr_assert_eq(mat_max_abs_diff(a->layers[0]->b, b->layers[0]->b), 0.0);
    optim_free(opt);
    mat_free(X);
    mat_free(Y);
    net_free(a);
    net_free(b);
}

/* ---- L1 ------------------------------------------------------------------ */

typedef struct {
    Net *net;
    double lambda;
} PenaltyCtx;

static double l1_of(void *ctx)
{
    PenaltyCtx *c = ctx;
    return c->lambda * net_l1(c->net);
}

Test(fit, the_l1_gradient_is_lambda_sign_w_on_the_kernels_only)
{
    /* R1 = |0.3| + |-0.8| = 1.1 (the bias does not decay); d(lambda R1)/dw =
     * lambda sign(w) = (0.01, -0.01), checked against central differences */
    Net *net = linear_net(1, 0.3, -0.8, 0.1);
    cr_assert_float_eq(net_l1(net), 1.1, 1e-15);
    mat_fill(net->layers[0]->dW, 0.0);
    mat_fill(net->layers[0]->db, 0.0);
    net_add_l1_grad(net, 0.01);
    PenaltyCtx c = {net, 0.01};
    for (int k = 0; k < 2; k++) {
        double numeric = gradcheck_numeric(l1_of, &c, &net->layers[0]->W->data[k], 1e-5);
        cr_assert_float_eq(net->layers[0]->dW->data[k], numeric, 1e-9);
    }
    cr_assert_eq(net->layers[0]->dW->data[0], 0.01);
    cr_assert_eq(net->layers[0]->db->data[0], 0.0, "biases do not decay");
    net_free(net);
}

/* ---- early stopping ---------------------------------------------------------- */

static FitAction epoch_with(EarlyStopping *es, Net *net, int epoch, double val_loss, int last)
{
    net->layers[0]->W->data[0] = epoch; /* the weights of "epoch" */
    EpochLog log = {.epoch = epoch, .val_loss = val_loss, .last = last};
    return early_stopping(net, &log, es);
}

Test(fit, early_stopping_waits_patience_epochs_then_restores_the_best_weights)
{
    /* val_loss 1.0, 0.8, 0.85, 0.9: the best is epoch 2; with patience 2
     * epochs 3 and 4 do not improve, so it stops after epoch 4 (as Keras)
     * and puts back the weights of epoch 2 */
    Net *net = linear_net(1, 0, 0, 0);
    EarlyStopping es = {.monitor = MONITOR_VAL_LOSS, .patience = 2, .restore_best_weights = 1};
    cr_assert_eq(epoch_with(&es, net, 1, 1.0, 0), FIT_CONTINUE);
    cr_assert_eq(epoch_with(&es, net, 2, 0.8, 0), FIT_CONTINUE);
    cr_assert_eq(epoch_with(&es, net, 3, 0.85, 0), FIT_CONTINUE);
    cr_assert_eq(epoch_with(&es, net, 4, 0.9, 0), FIT_STOP);
    cr_assert_eq(es.best_epoch, 2);
    cr_assert_eq(es.stopped_epoch, 4);
    cr_assert_eq(net->layers[0]->W->data[0], 2.0, "the weights of epoch 2");
    early_stopping_free(&es);
    net_free(net);
}

Test(fit, early_stopping_ignores_improvements_smaller_than_min_delta)
{
    /* min_delta 0.05: 1.0 -> 0.97 -> 0.96 are not improvements, so patience 2
     * runs out at epoch 3 with the best still epoch 1 */
    Net *net = linear_net(1, 0, 0, 0);
    EarlyStopping es = {.patience = 2, .min_delta = 0.05};
    epoch_with(&es, net, 1, 1.0, 0);
    cr_assert_eq(epoch_with(&es, net, 2, 0.97, 0), FIT_CONTINUE);
    cr_assert_eq(epoch_with(&es, net, 3, 0.96, 0), FIT_STOP);
    cr_assert_eq(es.best_epoch, 1);
    cr_assert_eq(net->layers[0]->W->data[0], 3.0, "no restore asked for");
    early_stopping_free(&es);
    net_free(net);
}

Test(fit, early_stopping_with_patience_0_stops_at_the_first_epoch_that_does_not_improve)
{
    /* as Keras: improving epochs go on (1.0, 0.9, 0.8), the first that does
     * not (0.85, epoch 4) stops */
    Net *net = linear_net(1, 0, 0, 0);
    EarlyStopping es = {.patience = 0};
    cr_assert_eq(epoch_with(&es, net, 1, 1.0, 0), FIT_CONTINUE);
    cr_assert_eq(epoch_with(&es, net, 2, 0.9, 0), FIT_CONTINUE);
    cr_assert_eq(epoch_with(&es, net, 3, 0.8, 0), FIT_CONTINUE);
    cr_assert_eq(epoch_with(&es, net, 4, 0.85, 0), FIT_STOP);
    cr_assert_eq(es.stopped_epoch, 4);
    early_stopping_free(&es);
    net_free(net);
}

Test(fit, early_stopping_on_accuracy_counts_a_rise_as_an_improvement)
{
    Net *net = linear_net(1, 0, 0, 0);
    EarlyStopping es = {.monitor = MONITOR_VAL_METRIC, .patience = 1};
    EpochLog a = {.epoch = 1, .val_metric = 0.6, .metric_kind = METRIC_ACCURACY};
    EpochLog b = {.epoch = 2, .val_metric = 0.7, .metric_kind = METRIC_ACCURACY};
    EpochLog c = {.epoch = 3, .val_metric = 0.65, .metric_kind = METRIC_ACCURACY};
    cr_assert_eq(early_stopping(net, &a, &es), FIT_CONTINUE);
    cr_assert_eq(early_stopping(net, &b, &es), FIT_CONTINUE);
    cr_assert_eq(es.best_epoch, 2);
    cr_assert_eq(es.best, 0.7, "the best accuracy, as it is");
    cr_assert_eq(early_stopping(net, &c, &es), FIT_STOP);
    early_stopping_free(&es);
    net_free(net);
}

Test(fit, early_stopping_as_a_callback_ends_fit_and_fit_says_so)
{
    /* validation targets far from the training ones: val_loss rises as the
     * net fits the training set, so early stopping ends training early */
    Mat *X, *Y;
    line_data(&X, &Y);
    Mat *Yv = mat_dup(Y);
    mat_scale(Yv, -1.0);
    Net *net = linear_net(5, 0, 0, 0);
    EarlyStopping es = {.patience = 3, .restore_best_weights = 1};
    FitCallback cb = {early_stopping, &es};
    FitResult res;
    net_fit(net, &(Loss){.kind = LOSS_MSE}, X, Y,
            &(FitSpec){.epochs = 100, .lr = 0.05, .X_val = X, .Y_val = Yv, .callbacks = &cb,
                       .n_callbacks = 1},
            &res);
    cr_assert_eq(res.stopped, 1);
    cr_assert_lt(res.epochs, 100);
    cr_assert_eq(res.epochs, es.stopped_epoch);
    cr_assert_eq(res.epochs, es.best_epoch + 3);
    mat_free(X);
    mat_free(Y);
    mat_free(Yv);
    net_free(net);
    early_stopping_free(&es);
}

Test(fit, early_stopping_on_val_loss_without_validation_data_is_a_programmer_error,
     .init = cr_redirect_stderr,
     .signal = SIGABRT)
{
    expect_check("!isnan(value)");
    Net *net = linear_net(1, 0, 0, 0);
    EarlyStopping es = {.monitor = MONITOR_VAL_LOSS};
    EpochLog log = {.epoch = 1, .loss = 0.5, .val_loss = NAN};
    early_stopping(net, &log, &es);
}

/* ---- evaluate and predict ------------------------------------------------------ */

Test(fit, evaluate_and_predict_run_in_chunks_and_agree_with_one_pass)
{
    Mat *X, *Y;
    classes(&X, &Y);
    Net *small = net_new(2, 3), *big = net_new(2, 8); /* chunks of 3 vs one pass */
    Net *nets[] = {small, big};
    for (int k = 0; k < 2; k++) {
        net_add(nets[k], 3, act_of(ACT_TANH));
        net_add(nets[k], 1, act_of(ACT_SIGMOID));
        Rng rng;
        rng_seed(&rng, 8);
        net_init(nets[k], &(Init){.kind = INIT_HE_NORMAL}, &rng);
    }
    Mat *P1 = mat_new(8, 1), *P2 = mat_new(8, 1);
    net_predict(small, P1, X);
    net_predict(big, P2, X);
    cr_assert_eq(mat_max_abs_diff(P1, P2), 0.0, "each row's sums are the same whatever the chunk");
    Loss bce = {.kind = LOSS_BCE};
    EpochLog e1, e2;
    char err[64];
    cr_assert_eq(net_evaluate(small, &bce, METRIC_AUTO, X, Y, &e1, err, sizeof err), 0);
    cr_assert_eq(net_evaluate(big, &bce, METRIC_AUTO, X, Y, &e2, err, sizeof err), 0);
    cr_assert_float_eq(e1.loss, e2.loss, 1e-15);
    cr_assert_float_eq(e1.loss, loss_cost(&bce, Y, P2), 1e-15);
    cr_assert_eq(e1.metric, net_accuracy(big, &bce, X, Y));
    /* MAE by hand over the predictions */
    double mae = 0.0;
    for (int i = 0; i < 8; i++)
        mae += fabs(MAT_AT(Y, i, 0) - MAT_AT(P2, i, 0));
    net_evaluate(small, &bce, METRIC_MAE, X, Y, &e1, err, sizeof err);
    cr_assert_float_eq(e1.metric, mae / 8, 1e-15);
    mat_free(P1);
    mat_free(P2);
    mat_free(X);
    mat_free(Y);
    net_free(small);
    net_free(big);
}

/* ---- divergence: where, the last finite cost, the likely cause ------------------- */

Test(fit, a_huge_learning_rate_is_named_as_the_cause_at_the_batch_that_overflowed)
{
    /* batches of 1, in order, from w = (0, 0), b = 0, lr = 1e200:
     *   batch 1: x = (0.2, -1.0), y = 1.41, y_hat = 0: cost (1.41 - 0)^2 = 1.9881;
     *            dcost/dw1 = -2 x 1.41 x 0.2 = -0.564: w1 = 5.64e199, w2 = -2.82e200
     *   batch 2: x = (1.5, 0.3): y_hat ~ 1e200, its square 1e400 overflows: inf.
     * The inputs are small (|x| <= 2) and the weights started at 0: the
     * learning rate is the cause. */
    Mat *X, *Y;
    line_data(&X, &Y);
    Net *net = linear_net(1, 0.0, 0.0, 0.0);
    FitResult res;
    Loss mse = {.kind = LOSS_MSE};
    cr_assert_eq(net_fit(net, &mse, X, Y, &(FitSpec){.epochs = 3, .batch_size = 1, .lr = 1e200},
                         &res),
                 -1);
    cr_assert_eq(res.diverged, 1);
    cr_assert_eq(res.epochs, 0, "no epoch completed");
    cr_assert_eq(res.epoch, 1);
    cr_assert_eq(res.batch, 2);
    cr_assert_float_eq(res.last_cost, 1.9881, 1e-12);
    cr_assert_eq(res.cause, FIT_CAUSE_LEARNING_RATE);
    cr_assert_str_eq(res.message, "training diverged: the cost became infinite at epoch 1, "
                                  "batch 2; the last finite cost was 1.9881; likely cause: the "
                                  "learning rate 1e+200 is too large");
    cr_assert_str_eq(res.hint, "try a smaller learning rate, such as 1e+199");
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(fit, a_huge_initial_weight_is_named_as_the_cause_at_the_first_batch)
{
    /* w1 = 1e200: y_hat = 0.2 x 1e200 = 2e199 for row 1, its square
     * overflows before any step: no finite cost at all, and the weights
     * were the trouble from the start */
    Mat *X, *Y;
    line_data(&X, &Y);
    Net *net = linear_net(5, 1e200, 0.5, 0.0);
    FitResult res;
    Loss mse = {.kind = LOSS_MSE};
    cr_assert_eq(net_fit(net, &mse, X, Y, &(FitSpec){.epochs = 3, .batch_size = 5, .lr = 0.01},
                         &res),
                 -1);
    cr_assert_eq(res.epoch, 1);
    cr_assert_eq(res.batch, 1);
    cr_assert(isnan(res.last_cost));
    cr_assert_eq(res.cause, FIT_CAUSE_INIT);
    cr_assert_str_eq(res.message, "training diverged: the cost became infinite at epoch 1, "
                                  "batch 1; no finite cost before it; likely cause: the "
                                  "starting weights are too large (the largest |w| is 1e+200)");
    cr_assert_str_eq(res.hint, "start from small weights, as Xavier or He initialization "
                               "draws them");
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

/* line_data with its first column times scale (a feature in other units). */
static void unscaled_data(Mat **X, Mat **Y, double scale)
{
    line_data(X, Y);
    for (int i = 0; i < (*X)->rows; i++)
        MAT_AT(*X, i, 0) *= scale;
}

Test(fit, unscaled_inputs_are_named_as_the_cause_when_the_loss_grows)
{
    /* x1 times 1e4 (|x1| up to 2e4): the MSE's curvature along w1 is about
     * 2 mean(x1^2) ~ 3e8, so lr = 0.01 multiplies the error by ~3e6 a step
     * and the loss by ~1e13 an epoch (one batch of 5 rows): epoch 2's loss
     * is more than FIT_GROWTH = 1000 times epoch 1's. Weights 0.3, -0.8
     * and lr 0.01 are ordinary: the inputs are the cause. */
    Mat *X, *Y;
    unscaled_data(&X, &Y, 1e4);
    Net *net = linear_net(5, 0.3, -0.8, 0.1);
    FitResult res;
    double history[10];
    Loss mse = {.kind = LOSS_MSE};
    cr_assert_eq(net_fit(net, &mse, X, Y, &(FitSpec){.epochs = 10, .lr = 0.01,
                                                     .history = history}, &res),
                 -1);
    cr_assert_eq(res.epochs, 2, "%s", res.message);
    cr_assert_eq(res.epoch, 2);
    cr_assert_eq(res.batch, 1);
    cr_assert_gt(history[1], 1000 * history[0]);
    cr_assert_eq(res.cause, FIT_CAUSE_INPUTS);
    cr_assert(strstr(res.message, "training diverged: the loss grew to ") == res.message, "%s",
              res.message);
    /* a loss that grew is finite itself: no "last finite cost" beside it */
    cr_assert(strstr(res.message, "last finite") == NULL, "%s", res.message);
    cr_assert(strstr(res.message, "at epoch 2, more than 1000 times its lowest") != NULL, "%s",
              res.message);
    cr_assert(strstr(res.message, "likely cause: the inputs are not scaled (the largest |x| is "
                                  "20000)") != NULL, "%s", res.message);
    cr_assert_str_eq(res.hint, "standardize each input column first: subtract its mean, divide "
                               "by its standard deviation");
    mat_free(X);
    mat_free(Y);
    net_free(net);

    /* x1 times 500 (|x1| up to 1000, not above FIT_UNSCALED) and x2 times
     * 1e-3 (|x2| up to 0.0012): no value is large, but the columns' scales
     * differ 1000 / 0.0012 = 833333-fold, and lr 0.01 diverges on x1 */
    unscaled_data(&X, &Y, 500);
    for (int i = 0; i < X->rows; i++)
        MAT_AT(X, i, 1) *= 1e-3;
    net = linear_net(5, 0.3, -0.8, 0.1);
    cr_assert_eq(net_fit(net, &mse, X, Y, &(FitSpec){.epochs = 10, .lr = 0.01}, &res), -1);
    cr_assert_eq(res.cause, FIT_CAUSE_INPUTS);
    cr_assert(strstr(res.message, "likely cause: the inputs are not scaled (one column is "
                                  "833333 times another)") != NULL, "%s", res.message);
    /* the same inputs with lr = 5, above FIT_LARGE_LR = 1: the rate is named first */
    net_free(net);
    net = linear_net(5, 0.3, -0.8, 0.1);
    cr_assert_eq(net_fit(net, &mse, X, Y, &(FitSpec){.epochs = 10, .lr = 5}, &res), -1);
    cr_assert_eq(res.cause, FIT_CAUSE_LEARNING_RATE, "%s", res.message);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

Test(fit, a_loss_that_falls_never_counts_as_diverged)
{
    /* the same unscaled inputs with a learning rate small enough for them
     * (1e-10 x 3e8 < 2): no divergence, whatever the inputs look like */
    Mat *X, *Y;
    unscaled_data(&X, &Y, 1e4);
    Net *net = linear_net(5, 0.3, -0.8, 0.1);
    FitResult res;
    cr_assert_eq(net_fit(net, &(Loss){.kind = LOSS_MSE}, X, Y,
                         &(FitSpec){.epochs = 20, .lr = 1e-10}, &res),
                 0, "%s", res.message);
    cr_assert_eq(res.diverged, 0);
    cr_assert_eq(res.cause, FIT_CAUSE_NONE);
    cr_assert_str_empty(res.hint);
    mat_free(X);
    mat_free(Y);
    net_free(net);
}

/* ---- bad data and settings: refused before training ------------------------------- */

Test(fit, a_nan_in_x_is_refused_before_training_with_its_row_and_column)
{
    Mat *X = mat_new(20, 3), *Y = mat_new(20, 1);
    mat_fill(X, 0.5);
    mat_fill(Y, 1.0);
    MAT_AT(X, 16, 2) = NAN; /* row 17, column 3, counted from 1 */
    Net *net = net_new(3, 20);
    net_add(net, 1, act_of(ACT_LINEAR));
    FitResult res;
    cr_assert_eq(net_fit(net, &(Loss){.kind = LOSS_MSE}, X, Y,
                         &(FitSpec){.epochs = 1, .lr = 0.1}, &res),
                 -1);
    cr_assert_str_eq(res.message, "row 17, column 3 of X is NaN");
    cr_assert_eq(res.diverged, 0, "refused, not diverged");
    cr_assert_eq(res.epochs, 0);
    cr_assert_eq(net->m, 0, "no forward pass ran");
    /* an infinite value too, and in the validation set */
    MAT_AT(X, 16, 2) = 0.5;
    Mat *Xv = mat_new(4, 3);
    mat_fill(Xv, 0.0);
    MAT_AT(Xv, 1, 0) = -INFINITY;
    Mat Yv = mat_view_rows(Y, 0, 4);
    cr_assert_eq(net_fit(net, &(Loss){.kind = LOSS_MSE}, X, Y,
                         &(FitSpec){.epochs = 1, .lr = 0.1, .X_val = Xv, .Y_val = &Yv}, &res),
                 -1);
    cr_assert_str_eq(res.message, "row 2, column 1 of X_val is infinite");
    char err[64];
    EpochLog out;
    cr_assert_eq(net_evaluate(net, &(Loss){.kind = LOSS_MSE}, METRIC_NONE, Xv, &Yv, &out, err,
                              sizeof err),
                 -1);
    cr_assert_str_eq(err, "row 2, column 1 of X is infinite");
    mat_free(X);
    mat_free(Xv);
    mat_free(Y);
    net_free(net);
}

Test(fit, a_negative_batch_size_is_an_error_and_a_larger_one_is_clipped_to_the_data)
{
    Mat *X, *Y;
    line_data(&X, &Y);
    Loss mse = {.kind = LOSS_MSE};
    FitResult res;
    Net *net = linear_net(5, 0.3, -0.8, 0.1);
    cr_assert_eq(net_fit(net, &mse, X, Y, &(FitSpec){.epochs = 1, .batch_size = -1, .lr = 0.1},
                         &res),
                 -1);
    cr_assert_str_eq(res.message, "the batch size is -1; expected a number >= 1 (0: the whole "
                                  "data)");
    /* 100 > 5 rows: one batch of all 5, as Keras does (the same step as
     * batch_size 0, the whole data) */
    Net *clipped = linear_net(5, 0.3, -0.8, 0.1), *whole = linear_net(5, 0.3, -0.8, 0.1);
    cr_assert_eq(net_fit(clipped, &mse, X, Y,
                         &(FitSpec){.epochs = 2, .batch_size = 100, .lr = 0.1}, &res),
                 0, "%s", res.message);
    cr_assert_eq(net_fit(whole, &mse, X, Y, &(FitSpec){.epochs = 2, .batch_size = 0, .lr = 0.1},
                         &res),
                 0);
    cr_assert_eq(mat_max_abs_diff(clipped->params[0].value, whole->params[0].value), 0.0);
    mat_free(X);
    mat_free(Y);
    net_free(net);
    net_free(clipped);
    net_free(whole);
}

Test(fit, a_negative_or_nan_learning_rate_is_an_error_not_an_abort)
{
    Mat *X, *Y;
    line_data(&X, &Y);
    Loss mse = {.kind = LOSS_MSE};
    FitResult res;
    Net *net = linear_net(5, 0.3, -0.8, 0.1);
    cr_assert_eq(net_fit(net, &mse, X, Y, &(FitSpec){.epochs = 1, .lr = -0.1}, &res), -1);
    cr_assert_str_eq(res.message, "the learning rate is -0.1; expected a number > 0");
    cr_assert_eq(net_fit(net, &mse, X, Y, &(FitSpec){.epochs = 1, .lr = NAN}, &res), -1);
    cr_assert_str_eq(res.message, "the learning rate is nan; expected a number > 0");
    /* through an OptimSpec, whose optim_new would CHECK (abort) */
    cr_assert_eq(net_fit(net, &mse, X, Y,
                         &(FitSpec){.epochs = 1,
                                    .optim = &(OptimSpec){.kind = OPTIM_ADAM, .lr = -1}},
                         &res),
                 -1);
    cr_assert_str_eq(res.message, "the learning rate is -1; expected a number > 0");
    cr_assert_eq(net_fit(net, &mse, X, Y,
                         &(FitSpec){.epochs = 1,
                                    .optim = &(OptimSpec){.kind = OPTIM_MOMENTUM,
                                                          .momentum = 1.5}},
                         &res),
                 -1);
    cr_assert_str_eq(res.message, "the momentum is 1.5; expected a number in [0, 1)");
    cr_assert_eq(MAT_AT(net->params[0].value, 0, 0), 0.3, "nothing was trained");
    mat_free(X);
    mat_free(Y);
    net_free(net);
}
