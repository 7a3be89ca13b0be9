/* test_workflow.c - lib/workflow, the Keras workflow on a table:
 *   - hidden layers read from "16:relu,8:tanh", and the errors of bad ones;
 *   - prepare: which rows go where, and that every set is standardized
 *     with the TRAINING rows' mean and standard deviation only, recomputed
 *     here by hand from the rows' ids (the target of a regression too);
 *     targets checked for the task; too few rows refused;
 *   - build: the output layer and loss of each task, dropout after each
 *     hidden layer;
 *   - fit: a line y = 2 x + 1 is learned; SGD with a huge rate diverges
 *     with net_fit's message; early stopping keeps the best epoch;
 *   - predict and evaluate in the target's own units;
 *   - a whole run twice with one seed gives the same bits;
 *   - the prep file: written and read back bit for bit (names with
 *     blanks), and the errors of tests/fixtures/prep/ with their lines.
 *
 * Tolerances: standardization by hand against the library's: both divide
 * the same sums, in a different order: 1e-12 relative. Learned values:
 * stated where asserted.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "mat.h"
#include "net.h"
#include "rng.h"
#include "workflow.h"

#define FIX "tests/fixtures/prep/"

/* ---- layers and tasks ----------------------------------------------------------------- */

Test(workflow, hidden_layers_are_read_from_units_and_activations)
{
    WorkflowLayer L[WORKFLOW_MAX_LAYERS];
    char err[200];
    cr_assert_eq(workflow_parse_layers(L, WORKFLOW_MAX_LAYERS, "16:relu,8:tanh", err, sizeof err),
                 2);
    cr_assert_eq(L[0].units, 16);
    cr_assert_eq(L[0].act.kind, ACT_RELU);
    cr_assert_eq(L[1].units, 8);
    cr_assert_eq(L[1].act.kind, ACT_TANH);
    cr_assert_eq(workflow_parse_layers(L, WORKFLOW_MAX_LAYERS, "none", err, sizeof err), 0);
    cr_assert_eq(workflow_parse_layers(L, WORKFLOW_MAX_LAYERS, "", err, sizeof err), 0);
    cr_assert_eq(workflow_parse_layers(L, WORKFLOW_MAX_LAYERS, "3:leaky_relu", err, sizeof err), 1);
    cr_assert_eq(L[0].act.kind, ACT_LEAKY_RELU);
}

Test(workflow, bad_hidden_layers_say_which_and_why)
{
    WorkflowLayer L[WORKFLOW_MAX_LAYERS];
    char err[300];
    cr_assert_eq(workflow_parse_layers(L, WORKFLOW_MAX_LAYERS, "16:relu,8:rleu", err, sizeof err),
                 -1);
    cr_assert_str_eq(err, "layer 2 (\"8:rleu\"): unknown activation \"rleu\"; one of relu, tanh, "
                          "sigmoid, linear, elu, swish, leaky_relu");
    cr_assert_eq(workflow_parse_layers(L, WORKFLOW_MAX_LAYERS, "16", err, sizeof err), -1);
    cr_assert_str_eq(err, "layer 1 (\"16\"): expected UNITS:ACTIVATION, as in 16:relu");
    cr_assert_eq(workflow_parse_layers(L, WORKFLOW_MAX_LAYERS, "0:relu", err, sizeof err), -1);
    cr_assert_str_eq(err, "a layer of 0 units; expected 1 to 4096");
    cr_assert_eq(workflow_parse_layers(L, WORKFLOW_MAX_LAYERS, "x:relu", err, sizeof err), -1);
    cr_assert_str_eq(err, "layer 1 (\"x:relu\"): the units must be a whole number 1 to 4096");
    cr_assert_eq(workflow_parse_layers(L, 2, "1:relu,1:relu,1:relu", err, sizeof err), -1);
    cr_assert_str_eq(err, "more than 2 hidden layers");
}

Test(workflow, each_task_has_its_name_and_loss)
{
    WorkflowTask t;
    cr_assert_eq(workflow_task_parse("binary", &t), 0);
    cr_assert_eq(t, WORKFLOW_BINARY);
    cr_assert_eq(workflow_task_parse("classification", &t), -1);
    cr_assert_str_eq(workflow_task_name(WORKFLOW_MULTICLASS), "multiclass");
    cr_assert_eq(workflow_loss(WORKFLOW_REGRESSION)->kind, LOSS_MSE);
    cr_assert_eq(workflow_loss(WORKFLOW_BINARY)->kind, LOSS_BCE);
    cr_assert_eq(workflow_loss(WORKFLOW_MULTICLASS)->kind, LOSS_SPARSE_CCE);
}

/* ---- prepare ------------------------------------------------------------------------------ */

/* 20 rows: x1 = i^2 / 7, x2 = 3 - 0.5 i, and the target y = the row's id. */
static void table(Mat **X, Mat **y)
{
    *X = mat_new(20, 2);
    *y = mat_new(20, 1);
    for (int i = 0; i < 20; i++) {
        MAT_AT(*X, i, 0) = i * i / 7.0;
        MAT_AT(*X, i, 1) = 3.0 - 0.5 * i;
        MAT_AT(*y, i, 0) = i;
    }
}

Test(workflow, every_set_is_standardized_with_the_training_rows_statistics)
{
    Mat *X, *y;
    table(&X, &y);
    WorkflowRecipe r = {.task = WORKFLOW_REGRESSION, .test_fraction = 0.2, .val_fraction = 0.25};
    WorkflowData d;
    Rng rng;
    rng_seed(&rng, 7);
    char err[200];
    cr_assert_eq(workflow_prepare(&d, X, y, 0, &r, &rng, err, sizeof err), 0, "%s", err);
    /* 20 rows: 4 test (0.2 x 20), 4 validation (0.25 x 16), 12 to train */
    cr_assert_eq(d.X_test->rows, 4);
    cr_assert_eq(d.X_val->rows, 4);
    cr_assert_eq(d.X_train->rows, 12);
    /* the training rows' ids: mean and population std of their raw values */
    double sum[3] = {0}, sq[3] = {0}, mean[3], sd[3];
    int seen[20] = {0};
    for (int i = 0; i < 12; i++) {
        int id = (int)MAT_AT(d.y_train, i, 0);
        seen[id]++;
        double v[3] = {MAT_AT(X, id, 0), MAT_AT(X, id, 1), id};
        for (int j = 0; j < 3; j++)
            sum[j] += v[j];
    }
    for (int j = 0; j < 3; j++)
        mean[j] = sum[j] / 12;
    for (int i = 0; i < 12; i++) {
        int id = (int)MAT_AT(d.y_train, i, 0);
        double v[3] = {MAT_AT(X, id, 0), MAT_AT(X, id, 1), id};
        for (int j = 0; j < 3; j++)
            sq[j] += (v[j] - mean[j]) * (v[j] - mean[j]);
    }
    for (int j = 0; j < 3; j++)
        sd[j] = sqrt(sq[j] / 12);
    for (int j = 0; j < 2; j++) {
        cr_assert_float_eq(MAT_AT(d.mean, 0, j), mean[j], 1e-12 * fabs(mean[j]));
        cr_assert_float_eq(MAT_AT(d.std, 0, j), sd[j], 1e-12 * sd[j]);
    }
    cr_assert_float_eq(d.y_mean, mean[2], 1e-12 * mean[2]);
    cr_assert_float_eq(d.y_std, sd[2], 1e-12 * sd[2]);
    /* every row of every set: x' = (x - mean_train) / std_train; t = (y - mean) / std */
    const Mat *Xs[3] = {d.X_train, d.X_val, d.X_test}, *ys[3] = {d.y_train, d.y_val, d.y_test};
    const Mat *ts[3] = {d.t_train, d.t_val, d.t_test};
    for (int s = 0; s < 3; s++)
        for (int i = 0; i < Xs[s]->rows; i++) {
            int id = (int)MAT_AT(ys[s], i, 0);
            if (s > 0)
                seen[id]++;
            for (int j = 0; j < 2; j++) {
                double want = (MAT_AT(X, id, j) - mean[j]) / sd[j];
                cr_assert_float_eq(MAT_AT(Xs[s], i, j), want, 1e-12 * (1 + fabs(want)),
                                   "set %d row %d (id %d) feature %d", s, i, id, j);
            }
            double t = (id - mean[2]) / sd[2];
            cr_assert_float_eq(MAT_AT(ts[s], i, 0), t, 1e-12 * (1 + fabs(t)));
        }
    for (int id = 0; id < 20; id++)
        cr_assert_eq(seen[id], 1, "row %d is in %d sets", id, seen[id]);
    workflow_data_free(&d);
    mat_free(X);
    mat_free(y);
}

Test(workflow, targets_must_suit_the_task)
{
    Mat *X, *y;
    table(&X, &y);
    WorkflowData d;
    Rng rng;
    rng_seed(&rng, 1);
    char err[200];
    WorkflowRecipe r = {.task = WORKFLOW_BINARY, .test_fraction = 0.2};
    cr_assert_eq(workflow_prepare(&d, X, y, 0, &r, &rng, err, sizeof err), -1);
    cr_assert_str_eq(err, "the target of row 3 is 2; a binary task needs 0 or 1");
    cr_assert_null(d.X_train);
    r.task = WORKFLOW_MULTICLASS;
    cr_assert_eq(workflow_prepare(&d, X, y, 5, &r, &rng, err, sizeof err), -1);
    cr_assert_str_eq(err, "the target of row 6 is 5; a multiclass task of 5 classes needs a class "
                          "index 0 to 4");
    MAT_AT(y, 0, 0) = NAN;
    r.task = WORKFLOW_REGRESSION;
    cr_assert_eq(workflow_prepare(&d, X, y, 0, &r, &rng, err, sizeof err), -1);
    cr_assert_str_eq(err, "the target of row 1 is nan; expected a finite number");
    /* 3 rows cannot be split three ways */
    Mat X3 = mat_view_rows(X, 1, 3), y3 = mat_view_rows(y, 1, 3);
    r.val_fraction = 0.2;
    cr_assert_eq(workflow_prepare(&d, &X3, &y3, 0, &r, &rng, err, sizeof err), -1);
    cr_assert_str_eq(err, "3 rows: too few to hold out a test and a validation set and train on "
                          "the rest");
    mat_free(X);
    mat_free(y);
}

/* ---- build, fit, predict, evaluate ---------------------------------------------------- */

/* x on [-1, 1], y = 2 x + 1 (m rows). */
static void line(Mat **X, Mat **y, int m)
{
    *X = mat_new(m, 1);
    *y = mat_new(m, 1);
    for (int i = 0; i < m; i++) {
        MAT_AT(*X, i, 0) = -1.0 + 2.0 * i / (m - 1);
        MAT_AT(*y, i, 0) = 2.0 * MAT_AT(*X, i, 0) + 1.0;
    }
}

Test(workflow, each_task_gets_its_output_layer_and_dropout_follows_each_hidden_layer)
{
    Mat *X, *y;
    table(&X, &y);
    for (int i = 0; i < 20; i++)
        MAT_AT(y, i, 0) = i % 3;
    Rng rng;
    rng_seed(&rng, 3);
    char err[200];
    WorkflowRecipe r = {.task = WORKFLOW_MULTICLASS, .layers = "4:relu,5:tanh", .dropout = 0.2,
                        .test_fraction = 0.2};
    WorkflowData d;
    cr_assert_eq(workflow_prepare(&d, X, y, 3, &r, &rng, err, sizeof err), 0, "%s", err);
    Net *net = workflow_build(&d, &r, &rng, err, sizeof err);
    cr_assert_not_null(net, "%s", err);
    /* Dense(4, relu), Dropout, Dense(5, tanh), Dropout, Dense(3, softmax) */
    cr_assert_eq(net->n_layers, 5);
    cr_assert_eq(net->layers[1]->kind, LAYER_DROPOUT);
    cr_assert_eq(net->layers[3]->kind, LAYER_DROPOUT);
    cr_assert_eq(net->layers[4]->n_out, 3);
    cr_assert_eq(net->layers[4]->act.kind, ACT_SOFTMAX);
    net_free(net);
    d.task = WORKFLOW_BINARY;
    r.dropout = 0;
    net = workflow_build(&d, &r, &rng, err, sizeof err);
    cr_assert_eq(net->n_layers, 3);
    cr_assert_eq(net->layers[2]->n_out, 1);
    cr_assert_eq(net->layers[2]->act.kind, ACT_SIGMOID);
    net_free(net);
    r.batch_size = WORKFLOW_MAX_ROWS + 1;
    cr_assert_null(workflow_build(&d, &r, &rng, err, sizeof err));
    cr_assert_str_eq(err, "batches of 257 rows; at most 256");
    r.batch_size = 0;
    r.layers = "2:nope";
    cr_assert_null(workflow_build(&d, &r, &rng, err, sizeof err));
    workflow_data_free(&d);
    mat_free(X);
    mat_free(y);
}

Test(workflow, a_straight_line_is_learned_and_predicted_in_its_own_units)
{
    Mat *X, *y;
    line(&X, &y, 50);
    WorkflowRecipe r = {.task = WORKFLOW_REGRESSION, .layers = "none",
                        .optim = {.kind = OPTIM_ADAM, .lr = 0.05}, .epochs = 300,
                        .batch_size = 8, .test_fraction = 0.2};
    WorkflowRun run;
    char err[200];
    cr_assert_eq(workflow_start(&run, X, y, 0, &r, 42, err, sizeof err), 0, "%s", err);
    cr_assert_eq(workflow_train(&run, &r, NULL, 0, err, sizeof err), 0, "%s", err);
    /* a linear model fits a line exactly in the end: Adam's last steps of
     * ~0.05 x its normalized gradient leave an error below 1e-3 */
    cr_assert_gt(run.test.reg.r2, 0.9999, "R^2 %.9g", run.test.reg.r2);
    cr_assert_lt(run.test.reg.rmse, 0.01, "RMSE %.9g", run.test.reg.rmse);
    /* predict x = 0.5 (standardized with the training statistics): y = 2 */
    double x = (0.5 - MAT_AT(run.data.mean, 0, 0)) / MAT_AT(run.data.std, 0, 0), out;
    Mat Xq = {1, 1, &x}, Yq = {1, 1, &out};
    workflow_predict(run.net, &run.data, &Xq, &Yq);
    cr_assert_float_eq(out, 2.0, 0.01, "y_hat(0.5) = %.9g", out);
    cr_assert_eq(run.history.epochs, 300);
    cr_assert_eq(run.history.best_epoch, 300, "no early stopping without patience");
    workflow_run_free(&run);
    mat_free(X);
    mat_free(y);
}

Test(workflow, sgd_with_a_huge_rate_diverges_with_net_fits_message)
{
    Mat *X, *y;
    line(&X, &y, 50);
    WorkflowRecipe r = {.task = WORKFLOW_REGRESSION, .layers = "8:relu",
                        .optim = {.kind = OPTIM_SGD, .lr = 1e4}, .epochs = 50,
                        .batch_size = 8, .test_fraction = 0.2};
    WorkflowRun run;
    char err[300];
    cr_assert_eq(workflow_start(&run, X, y, 0, &r, 42, err, sizeof err), 0, "%s", err);
    cr_assert_eq(workflow_train(&run, &r, NULL, 0, err, sizeof err), -1);
    cr_assert(strstr(err, "training diverged") == err, "%s", err);
    cr_assert(strstr(err, "likely cause: the learning rate 10000 is too large") != NULL, "%s",
              err);
    cr_assert_str_eq(run.history.hint, "try a smaller learning rate, such as 1000");
    workflow_run_free(&run);
    mat_free(X);
    mat_free(y);
}

Test(workflow, early_stopping_keeps_the_epoch_of_the_lowest_validation_loss)
{
    Mat *X, *y;
    line(&X, &y, 60);
    /* noise on the targets, so that the validation loss stops improving */
    Rng noise;
    rng_seed(&noise, 5);
    for (int i = 0; i < 60; i++)
        MAT_AT(y, i, 0) += rng_normal(&noise, 0.0, 0.5);
    WorkflowRecipe r = {.task = WORKFLOW_REGRESSION, .layers = "32:relu",
                        .optim = {.kind = OPTIM_ADAM, .lr = 0.03}, .epochs = 500,
                        .batch_size = 8, .patience = 5, .test_fraction = 0.2,
                        .val_fraction = 0.25};
    WorkflowRun run;
    char err[200];
    cr_assert_eq(workflow_start(&run, X, y, 0, &r, 9, err, sizeof err), 0, "%s", err);
    cr_assert_eq(workflow_train(&run, &r, NULL, 0, err, sizeof err), 0, "%s", err);
    const WorkflowHistory *h = &run.history;
    cr_assert_lt(h->epochs, 500, "stopped early");
    cr_assert_eq(h->epochs, h->best_epoch + 5, "patience 5: five epochs after the best");
    for (int e = 0; e < h->epochs; e++)
        cr_assert_geq(h->val_loss[e], h->val_loss[h->best_epoch - 1]);
    /* the kept weights are the best epoch's: their validation loss again */
    WorkflowScores s;
    cr_assert_eq(workflow_evaluate(run.net, &run.data, run.data.X_val, run.data.y_val, &s), 0);
    cr_assert_float_eq(s.loss, h->val_loss[h->best_epoch - 1], 1e-12);
    workflow_scores_free(&s);
    workflow_run_free(&run);
    mat_free(X);
    mat_free(y);
}

Test(workflow, a_run_repeated_with_one_seed_gives_the_same_bits)
{
    Mat *X, *y;
    table(&X, &y);
    for (int i = 0; i < 20; i++)
        MAT_AT(y, i, 0) = i % 2;
    WorkflowRecipe r = {.task = WORKFLOW_BINARY, .layers = "6:relu", .dropout = 0.1,
                        .optim = {.kind = OPTIM_ADAM, .lr = 0.01}, .epochs = 20, .batch_size = 4,
                        .test_fraction = 0.25, .val_fraction = 0.2, .patience = 3};
    WorkflowRun a, b;
    char err[200];
    cr_assert_eq(workflow_start(&a, X, y, 0, &r, 77, err, sizeof err), 0, "%s", err);
    cr_assert_eq(workflow_train(&a, &r, NULL, 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(workflow_start(&b, X, y, 0, &r, 77, err, sizeof err), 0, "%s", err);
    cr_assert_eq(workflow_train(&b, &r, NULL, 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(a.history.epochs, b.history.epochs);
    for (int p = 0; p < a.net->n_params; p++)
        cr_assert_eq(mat_max_abs_diff(a.net->params[p].value, b.net->params[p].value), 0.0);
    cr_assert_eq(a.test.loss, b.test.loss);
    /* the confusion matrix counts every test row once */
    long all = 0;
    for (int c = 0; c < 4; c++)
        all += a.test.confusion[c];
    cr_assert_eq(all, a.test.m);
    cr_assert_eq(a.test.m, 5); /* 0.25 x 20 */
    workflow_run_free(&a);
    workflow_run_free(&b);
    mat_free(X);
    mat_free(y);
}

/* ---- the prep file ------------------------------------------------------------------------ */

Test(workflow, a_prep_file_reads_back_bit_for_bit)
{
    char *features[] = {"blood pressure", "age"}, *classes[] = {"healthy", "sick person"};
    double mean[] = {0.1 + 0.2, -1.0 / 3.0}, std[] = {3.141592653589793, 1e-300};
    WorkflowPrep p = {.task = WORKFLOW_BINARY, .n_features = 2, .features = features,
                      .mean = mean, .std = std, .target = "sick", .y_mean = 0, .y_std = 1,
                      .classes = 2, .class_names = classes};
    char path[] = "/tmp/annlab-prep-XXXXXX", err[300];
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(workflow_prep_save(&p, path, err, sizeof err), 0, "%s", err);
    WorkflowPrep q;
    cr_assert_eq(workflow_prep_load(&q, path, err, sizeof err), 0, "%s", err);
    remove(path);
    cr_assert_eq(q.task, WORKFLOW_BINARY);
    cr_assert_eq(q.n_features, 2);
    cr_assert_str_eq(q.features[0], "blood pressure");
    cr_assert_eq(q.mean[0], 0.1 + 0.2, "17 digits read back as the same double");
    cr_assert_eq(q.mean[1], -1.0 / 3.0);
    cr_assert_eq(q.std[0], 3.141592653589793);
    cr_assert_eq(q.std[1], 1e-300);
    cr_assert_str_eq(q.target, "sick");
    cr_assert_eq(q.classes, 2);
    cr_assert_str_eq(q.class_names[1], "sick person");
    workflow_prep_free(&q);
    workflow_prep_free(&q); /* twice is safe */
}

Test(workflow, prep_fixtures_load_or_name_the_line_that_is_wrong)
{
    WorkflowPrep p;
    char err[300];
    cr_assert_eq(workflow_prep_load(&p, FIX "good.prep", err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(p.features[0], "blood pressure");
    cr_assert_eq(p.mean[0], 1.5);
    cr_assert_eq(p.std[1], 4.0);
    cr_assert_str_eq(p.class_names[1], "sick person");
    workflow_prep_free(&p);
    cr_assert_eq(workflow_prep_load(&p, FIX "regression.prep", err, sizeof err), 0, "%s", err);
    cr_assert_eq(p.y_mean, 3.0);
    cr_assert_eq(p.y_std, 2.0);
    cr_assert_null(p.class_names);
    workflow_prep_free(&p);
    cr_assert_eq(workflow_prep_load(&p, FIX "truncated.prep", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "truncated.prep:5: truncated: the file ends where \"feature MEAN "
                              "STD NAME\" was expected");
    cr_assert_null(p.features);
    cr_assert_eq(workflow_prep_load(&p, FIX "zero_std.prep", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "zero_std.prep:6: expected \"feature MEAN STD NAME\", found "
                              "\"feature -2 0 age\"");
    cr_assert_eq(workflow_prep_load(&p, FIX "not_prep.prep", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "not_prep.prep:1: expected \"annlab-prep 1\", found \"annlab-model 1\"");
    cr_assert_eq(workflow_prep_load(&p, FIX "bad_task.prep", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "bad_task.prep:2: expected \"task regression|binary|multiclass\", "
                              "found \"task clustering\"");
    cr_assert_eq(workflow_prep_load(&p, FIX "too_many_classes.prep", err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "too_many_classes.prep:7: 5000 classes; a binary task has 2 to 2");
    cr_assert_eq(workflow_prep_load(&p, FIX "none.prep", err, sizeof err), DATA_CANNOT_OPEN);
    cr_assert_str_eq(err, FIX "none.prep: cannot open: No such file or directory");
}
