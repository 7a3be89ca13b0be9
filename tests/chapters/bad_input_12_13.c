/* Bad input through chapters 12 (--data, the workflow on a student's CSV)
 * and 13 (the Playground): a value out of a flag's range, a batch larger
 * than the training set, a layer of 0 units, an unknown activation or
 * task, a file that leaves nothing to train on after the split, values
 * too large to train on, and a learning rate at which training diverges.
 * Each ends the program with one line naming only what is wrong (and the
 * usage line for a flag, exit 2), or "error: ..." (exit 1), and nothing
 * of the lecture before it. tests/README.md lists each case with what the
 * user sees.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "run.h"

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Run chapter name with args; expect exit status status, nothing on
 * stdout, stderr's first line exactly first, and at most one line after
 * it (the usage line of a bad flag, or a hint). */
static void expect_refused(const char *name, const char *const *args, int status,
                           const char *first)
{
    RunResult r = run_chapter(name, args);
    cr_expect_eq(r.status, status, "%s: exit status %d, expected %d (stderr: %s)", first,
                 r.status, status, r.err);
    cr_expect_str_empty(r.out, "%s: the lecture started:\n%.200s", first, r.out);
    size_t n = strcspn(r.err, "\n");
    cr_expect(strlen(first) == n && strncmp(r.err, first, n) == 0,
              "expected the first line \"%s\", got:\n%s", first, r.err);
    cr_expect_leq(count_lines(r.err), 2, "%s", r.err);
    run_result_free(&r);
}

/* Chapter name run on a CSV holding text (written as file in a fresh
 * folder, which is also its --out): refused with exit status 1 and the
 * one line "error: PATH" followed by rest. */
static void expect_file_refused(const char *name, const char *file, const char *text,
                                const char *rest)
{
    char dir[64], path[128], first[400];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0);
    write_csv(path, dir, file, text);
    snprintf(first, sizeof first, "error: %s%s", path, rest);
    expect_refused(name, (const char *[]){"--plots=none", "--out", dir, "--data", path, NULL}, 1,
                   first);
}

/* ---- chapter 13 -------------------------------------------------------------------- */

#define PLAYGROUND "13_playground"

/* Every range of the Playground's controls, each refused naming only its flag. */
Test(bad_input_12_13, the_playgrounds_controls_out_of_range_name_only_their_flag, .timeout = 60)
{
    expect_refused(PLAYGROUND, (const char *[]){"--points", "5", NULL}, 2,
                   "13_playground: --points must be from 10 to 20000, got 5");
    expect_refused(PLAYGROUND, (const char *[]){"--noise", "-1", NULL}, 2,
                   "13_playground: --noise must be from 0 to 5, got -1");
    expect_refused(PLAYGROUND, (const char *[]){"--ratio", "0.95", NULL}, 2,
                   "13_playground: --ratio must be from 0.1 to 0.9, got 0.95");
    expect_refused(PLAYGROUND, (const char *[]){"--lr", "0", NULL}, 2,
                   "13_playground: --lr must be > 0 and <= 100, got 0");
    expect_refused(PLAYGROUND, (const char *[]){"--batch", "0", NULL}, 2,
                   "13_playground: --batch must be from 1 to 20000, got 0");
    expect_refused(PLAYGROUND, (const char *[]){"--regularization", "l2", "--rate", "11", NULL}, 2,
                   "13_playground: --rate must be from 0 to 10, got 11");
    expect_refused(PLAYGROUND, (const char *[]){"--epochs", "0", NULL}, 2,
                   "13_playground: --epochs must be from 1 to 5000, got 0");
}

/* 500 points, half of them trained on: batches of 250 at most */
Test(bad_input_12_13, a_batch_larger_than_the_training_set_is_refused_naming_batch, .timeout = 60)
{
    expect_refused(PLAYGROUND, (const char *[]){"--plots=none", "--batch", "300", NULL}, 2,
                   "13_playground: --batch 300 is larger than the training set (250 points); "
                   "at most 250");
    /* 10 points, 1 trained on: the default batch of 10 is too large too */
    expect_refused(PLAYGROUND,
                   (const char *[]){"--plots=none", "--points", "10", "--ratio", "0.1", NULL}, 2,
                   "13_playground: --batch 10 is larger than the training set (1 point); at most 1");
}

Test(bad_input_12_13, a_playground_layer_of_0_units_or_an_unknown_activation_is_refused,
     .timeout = 60)
{
    expect_refused(PLAYGROUND, (const char *[]){"--layers", "4,0", NULL}, 2,
                   "13_playground: --layers: a layer of 0 units; expected 1 to 8");
    expect_refused(PLAYGROUND, (const char *[]){"--activation", "rleu", NULL}, 2,
                   "13_playground: --activation rleu: expected relu, tanh, sigmoid or linear");
}

Test(bad_input_12_13, playground_points_too_few_to_split_are_refused, .timeout = 60)
{
    expect_file_refused(PLAYGROUND, "two.csv", "x1,x2,label\n1,2,0\n3,4,1\n",
                        ": 2 rows; with --ratio 0.5 that leaves too few to train or to test (at "
                        "least 2 and 1)");
}

/* --lr 100 on the plane: the loss grows past fit's factor at epoch 2;
 * the chapter ends with fit's diagnosis and its hint, exit 1 */
Test(bad_input_12_13, a_playground_learning_rate_of_100_diverges_with_a_hint, .timeout = 120)
{
    char dir[64];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0);
    const char *args[] = {"--plots=none", "--out", dir, "--lr", "100", "--dataset", "plane", NULL};
    RunResult r = run_chapter(PLAYGROUND, args);
    cr_expect_eq(r.status, 1, "exit status %d (stderr: %s)", r.status, r.err);
    cr_expect(strncmp(r.err, "error: training diverged", 24) == 0, "%s", r.err);
    cr_expect(strstr(r.err, "\nhint: ") != NULL, "%s", r.err);
    cr_expect_eq(count_lines(r.err), 2, "%s", r.err);
    cr_expect(strstr(r.out, " nan") == NULL && strstr(r.out, "-nan") == NULL,
              "a nan printed:\n%s", r.out);
    run_result_free(&r);
}

/* ---- chapter 12 ----------------------------------------------------------------------- */

#define PRACTICAL "12_practical"

Test(bad_input_12_13, practical_epochs_and_lr_out_of_range_name_only_their_flag, .timeout = 60)
{
    expect_refused(PRACTICAL, (const char *[]){"--data", "x.csv", "--epochs", "0", NULL}, 2,
                   "12_practical: --epochs must be from 1 to 10000, got 0");
    expect_refused(PRACTICAL, (const char *[]){"--data", "x.csv", "--lr", "0", NULL}, 2,
                   "12_practical: --lr must be > 0 and <= 10, got 0");
    expect_refused(PRACTICAL, (const char *[]){"--data", "x.csv", "--lr", "11", NULL}, 2,
                   "12_practical: --lr must be > 0 and <= 10, got 11");
}

Test(bad_input_12_13, practical_layer_of_0_units_or_unknown_names_are_refused, .timeout = 60)
{
    expect_refused(PRACTICAL, (const char *[]){"--data", "x.csv", "--layers", "16:relu,0:relu", NULL},
                   2, "12_practical: --layers: a layer of 0 units; expected 1 to 4096");
    expect_refused(PRACTICAL, (const char *[]){"--data", "x.csv", "--layers", "16:rleu", NULL}, 2,
                   "12_practical: --layers: layer 1 (\"16:rleu\"): unknown activation \"rleu\"; "
                   "one of relu, tanh, sigmoid, linear, elu, swish, leaky_relu");
    expect_refused(PRACTICAL, (const char *[]){"--data", "x.csv", "--task", "classify", NULL}, 2,
                   "12_practical: --task classify: expected regression, binary or multiclass");
}

Test(bad_input_12_13, practical_rows_too_few_to_split_are_refused, .timeout = 60)
{
    expect_file_refused(PRACTICAL, "two.csv", "a,b,y\n1,2,3\n4,5,6\n",
                        ": 2 rows: too few to hold out a test and a validation set and train on "
                        "the rest");
}

/* A regression target about 1e300: its variance overflows, so the model
 * would answer y_hat = inf; refused naming the line and the column. The
 * same for a feature. */
Test(bad_input_12_13, practical_values_too_large_to_train_on_are_refused, .timeout = 60)
{
    char text[1024] = "a,b,y\n";
    for (int i = 1; i <= 20; i++) {
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "%d,%d,%de299\n", i, i % 3, i);
    }
    expect_file_refused(PRACTICAL, "huge.csv", text,
                        ":2: column \"y\" holds 1e+299, too large to train on (beyond 1e+150 its "
                        "square overflows); rescale the column");
    expect_file_refused(PRACTICAL, "huge_x.csv", "a,b,y\n1,2,0\n3,-4e200,1\n5,6,0\n7,8,1\n",
                        ":3: column \"b\" holds -4e+200, too large to train on (beyond 1e+150 "
                        "its square overflows); rescale the column");
}
