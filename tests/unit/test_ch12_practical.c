/* test_ch12_practical.c - chapter 12's numbers (suite ch12):
 *   - the held-out scores the chapter promises, from the very runs it
 *     makes (chapters/12_practical/recipes.h: the same data, recipes and
 *     seeds): iris >= 0.93, breast cancer >= 0.95, digits >= 0.96
 *     accuracy, diabetes R^2 >= 0.40 (issue 10's acceptance bounds), and
 *     the exact counts behind them as the transcript prints them;
 *   - the hand calculations of the transcript, redone from the printed
 *     numbers: 000's parameter counts (132 + 132 + 12 = 276, not 144),
 *     bmi standardized, R^2, RMSE, precision and recall of the breast
 *     cancer test, the IDX header's 0xea60 = 60000, ln k at the start;
 *   - each set's standardization uses its training rows only;
 *   - a saved and loaded digits model predicts the same bits;
 *   - the two-headed model's parameter count (328).
 *
 * Tolerances: values the transcript prints with 9 significant digits are
 * compared within half a unit of their 9th digit (5e-9 relative); the
 * counts and ratios of whole numbers exactly or within 1e-15. The test
 * reads datasets/ from the repository root (make test runs it there).
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "layer.h"
#include "mat.h"
#include "net.h"
#include "scores.h"
#include "twohead.h"
#include "workflow.h"

#include "../../chapters/12_practical/recipes.h"

/* Half a unit in the 9th significant digit of x. */
#define NINE(x) (5e-9 * fabs(x))

/* A set's file, as the chapter loads it. */
static void load(DataXY *d, const PracticalSet *s)
{
    DataXYSpec spec = {.target_col = -1, .want = {.kind = s->kind}};
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_load_xy(d, s->path, &spec, err, sizeof err), 0, "%s", err);
}

/* The chapter's run of set s (its seed with the default --seed). */
static void run_set(WorkflowRun *run, DataXY *d, const PracticalSet *s)
{
    char err[300];
    load(d, s);
    cr_assert_eq(workflow_start(run, d->X, d->y, d->classes, &s->recipe,
                                practical_seed(PRACTICAL_SEED, s), err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(workflow_train(run, &s->recipe, NULL, 0, err, sizeof err), 0, "%s", err);
}

/* The diagonal of a k x k confusion matrix. */
static long diagonal(const long *c, int k)
{
    long right = 0;
    for (int i = 0; i < k; i++)
        right += c[i * k + i];
    return right;
}

/* ---- the held-out scores ---------------------------------------------------------------- */

Test(ch12, iris_reaches_its_held_out_accuracy)
{
    WorkflowRun run;
    DataXY d = {0};
    run_set(&run, &d, &IRIS);
    /* 30 test rows (0.2 x 150), 28 right: 28 / 30 = 0.933333333 */
    cr_assert_eq(run.test.m, 30);
    cr_assert_eq(diagonal(run.test.confusion, 3), 28);
    cr_assert_geq(run.test.accuracy, IRIS_MIN_ACCURACY, "iris: %.9g", run.test.accuracy);
    workflow_run_free(&run);
    data_xy_free(&d);
}

Test(ch12, breast_cancer_reaches_its_held_out_accuracy)
{
    WorkflowRun run;
    DataXY d = {0};
    run_set(&run, &d, &BREAST_CANCER);
    /* 114 test rows; true malignant: 42 found, 1 missed; true benign: 0 missed, 71 */
    const long *c = run.test.confusion;
    cr_assert_eq(run.test.m, 114);
    cr_assert_eq(c[0], 42);
    cr_assert_eq(c[1], 1);
    cr_assert_eq(c[2], 0);
    cr_assert_eq(c[3], 71);
    /* accuracy = (42 + 71) / 114 = 0.99122807 */
    cr_assert_float_eq(run.test.accuracy, 113.0 / 114.0, 1e-15);
    cr_assert_float_eq(run.test.accuracy, 0.99122807, NINE(0.99122807));
    /* malignant (class 0): precision = 42 / (42 + 0) = 1, recall = 42 / (42 + 1) = 0.976744186 */
    cr_assert_float_eq(score_precision(c, 2, 0), 1.0, 1e-15);
    cr_assert_float_eq(score_recall(c, 2, 0), 0.976744186, NINE(0.976744186));
    cr_assert_geq(run.test.accuracy, BREAST_CANCER_MIN_ACCURACY);
    workflow_run_free(&run);
    data_xy_free(&d);
}

Test(ch12, digits_reach_their_held_out_accuracy)
{
    WorkflowRun run;
    DataXY d = {0};
    run_set(&run, &d, &DIGITS);
    /* 359 test rows (0.2 x 1797 = 359.4), 348 on the diagonal: 0.969359331 */
    cr_assert_eq(run.test.m, 359);
    cr_assert_eq(diagonal(run.test.confusion, 10), 348);
    cr_assert_float_eq(run.test.accuracy, 0.969359331, NINE(0.969359331));
    cr_assert_geq(run.test.accuracy, DIGITS_MIN_ACCURACY);
    workflow_run_free(&run);
    data_xy_free(&d);
}

Test(ch12, diabetes_reaches_its_held_out_r2_worked_from_its_sums)
{
    WorkflowRun run;
    DataXY d = {0};
    run_set(&run, &d, &DIABETES);
    const ScoreRegression *s = &run.test.reg;
    /* SS_res = 330908.285, SS_tot = 608242.318 (88 rows):
     * R^2 = 1 - 330908.285 / 608242.318 = 0.45595978,
     * RMSE = sqrt(330908.285 / 88) = 61.3214597 */
    cr_assert_eq(s->m, 88);
    cr_assert_float_eq(s->ss_res, 330908.285, NINE(330908.285));
    cr_assert_float_eq(s->ss_tot, 608242.318, NINE(608242.318));
    cr_assert_float_eq(1.0 - 330908.285 / 608242.318, 0.45595978, NINE(0.45595978));
    cr_assert_float_eq(s->r2, 0.45595978, NINE(0.45595978));
    cr_assert_float_eq(sqrt(330908.285 / 88), 61.3214597, NINE(61.3214597));
    cr_assert_float_eq(s->rmse, 61.3214597, NINE(61.3214597));
    cr_assert_geq(s->r2, DIABETES_MIN_R2);
    /* early stopping: the best epoch 27, stopped 20 epochs later */
    cr_assert_eq(run.history.best_epoch, 27);
    cr_assert_eq(run.history.epochs, 47);
    workflow_run_free(&run);
    data_xy_free(&d);
}

/* ---- the hand calculations ------------------------------------------------------------- */

Test(ch12, the_notes_second_keras_model_has_276_parameters_not_144)
{
    /* 000: Dense(11, input_dim=11), Dense(11), Dense(1), all sigmoid:
     * 11 x 11 + 11 = 132, 11 x 11 + 11 = 132, 11 x 1 + 1 = 12; 132 + 132 + 12 = 276 */
    Net *net = net_new(11, 1);
    net_add(net, 11, act_of(ACT_SIGMOID));
    net_add(net, 11, act_of(ACT_SIGMOID));
    net_add(net, 1, act_of(ACT_SIGMOID));
    cr_assert_eq(layer_param_count(net->layers[0]), 11 * 11 + 11);
    cr_assert_eq(layer_param_count(net->layers[1]), 132);
    cr_assert_eq(layer_param_count(net->layers[2]), 11 * 1 + 1);
    cr_assert_eq(net_param_count(net), 276);
    cr_assert_neq(net_param_count(net), 144, "000's total leaves out the hidden layer");
    net_free(net);
}

Test(ch12, bmi_is_standardized_with_the_training_rows_mean_and_std)
{
    WorkflowRun run;
    DataXY d = {0};
    char err[300];
    load(&d, &DIABETES);
    cr_assert_eq(workflow_start(&run, d.X, d.y, 0, &DIABETES.recipe,
                                practical_seed(PRACTICAL_SEED, &DIABETES), err, sizeof err),
                 0, "%s", err);
    /* mean = 26.3363958, std = 4.46548409 (283 training rows);
     * x' = (23.7 - 26.3363958) / 4.46548409 = -0.590394167 */
    double mean = MAT_AT(run.data.mean, 0, 2), std = MAT_AT(run.data.std, 0, 2);
    cr_assert_eq(run.data.X_train->rows, 283);
    cr_assert_float_eq(mean, 26.3363958, NINE(26.3363958));
    cr_assert_float_eq(std, 4.46548409, NINE(4.46548409));
    /* from the 9-digit mean and std: their rounding (up to 5e-8 in the mean,
     * divided by 4.47) moves x' by up to 1.2e-8, so 2e-8 here */
    cr_assert_float_eq((23.7 - 26.3363958) / 4.46548409, -0.590394167, 2e-8);
    cr_assert_float_eq(MAT_AT(run.data.X_test, 0, 2), -0.590394167, NINE(0.590394167));
    /* the statistics are the training rows', not all 442 rows' */
    double all = 0;
    for (int i = 0; i < d.X->rows; i++)
        all += MAT_AT(d.X, i, 2);
    cr_assert_gt(fabs(all / d.X->rows - mean), 1e-3, "the mean of all rows would leak the test rows");
    workflow_run_free(&run);
    data_xy_free(&d);
}

Test(ch12, the_loss_at_the_start_is_near_ln_k)
{
    /* ln 3 = 1.09861229, ln 10 = 2.30258509; the first weights give every
     * class about 1/k: iris 1.19591362, digits 2.69209507 (within 0.4) */
    cr_assert_float_eq(log(3.0), 1.09861229, NINE(1.09861229));
    cr_assert_float_eq(log(10.0), 2.30258509, NINE(2.30258509));
    /* 003's -log 0.3 = 0.52 is log base 10 (0.522878745); cross-entropy's ln: 1.2039728 */
    cr_assert_float_eq(-log10(0.3), 0.522878745, NINE(0.522878745));
    cr_assert_float_eq(-log(0.3), 1.2039728, NINE(1.2039728));
    const PracticalSet *sets[] = {&IRIS, &DIGITS};
    const double want[] = {1.19591362, 2.69209507};
    for (int k = 0; k < 2; k++) {
        DataXY d = {0};
        WorkflowRun run;
        char err[300];
        load(&d, sets[k]);
        cr_assert_eq(workflow_start(&run, d.X, d.y, d.classes, &sets[k]->recipe,
                                    practical_seed(PRACTICAL_SEED, sets[k]), err, sizeof err),
                     0, "%s", err);
        cr_assert_float_eq(run.initial_loss, want[k], NINE(want[k]));
        cr_assert_lt(fabs(run.initial_loss - log((double)d.classes)), 0.4);
        workflow_run_free(&run);
        data_xy_free(&d);
    }
}

Test(ch12, the_idx_header_counts_60000_images)
{
    /* 00 00 ea 60: 0xea60 = 234 x 256 + 96 = 60000; 00 00 00 1c = 28 */
    cr_assert_eq(0xea, 234);
    cr_assert_eq(234 * 256 + 96, 60000);
    cr_assert_eq(0x0000ea60, 60000);
    cr_assert_eq(0x1c, 28);
    DataIdx h;
    char err[DATA_ERR_LEN];
    int rc = data_load_idx(&h, "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz", 3,
                           1, err, sizeof err);
    if (rc == DATA_CANNOT_OPEN)
        cr_skip_test("dataset-fashion-mnist is not installed (make deps installs it)");
    cr_assert_eq(rc, 0, "%s", err);
    cr_assert_eq(h.size[0], 60000);
    cr_assert_eq(h.size[1], 28);
    cr_assert_eq(h.size[2], 28);
    cr_assert_eq(h.items, 1);
    data_idx_free(&h);
}

Test(ch12, a_saved_digits_model_predicts_the_same_bits)
{
    WorkflowRun run;
    DataXY d = {0};
    run_set(&run, &d, &DIGITS);
    char dir[] = "/tmp/annlab-ch12-XXXXXX", path[64], err[300];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/digits.model", dir);
    cr_assert_eq(net_save(run.net, path, err, sizeof err), 0, "%s", err);
    Net *back = net_load(path, WORKFLOW_MAX_ROWS, err, sizeof err);
    remove(path);
    rmdir(dir);
    cr_assert_not_null(back, "%s", err);
    Mat *a = mat_new(run.data.X_test->rows, 10), *b = mat_new(run.data.X_test->rows, 10);
    net_predict(run.net, a, run.data.X_test);
    net_predict(back, b, run.data.X_test);
    cr_assert_eq(mat_max_abs_diff(a, b), 0.0);
    mat_free(a);
    mat_free(b);
    net_free(back);
    workflow_run_free(&run);
    data_xy_free(&d);
}

Test(ch12, the_two_headed_model_has_328_parameters)
{
    /* h1 7 x 16 + 16 = 128, h2 16 x 4 + 4 = 68, h3 5 x 4 + 4 = 24,
     * trunk 8 x 8 + 8 = 72, out1 8 x 3 + 3 = 27, out2 8 x 1 + 1 = 9: 328 */
    TwoHeadSize s = {.n1 = 7, .n2 = 5, .h1 = 16, .h2 = 4, .h3 = 4, .trunk = 8, .k = 3};
    TwoHead *th = twohead_new(&s, 4);
    long total = param_count(th->params, th->n_params);
    cr_assert_eq(total, 128 + 68 + 24 + 72 + 27 + 9);
    cr_assert_eq(total, 328);
    twohead_free(th);
}
