/* test_netio.c - unit tests for net_save / net_load: an exact round trip
 * through a net with every layer kind (the loaded net predicts bit for
 * bit what the saved one did, running statistics included), and corrupt
 * files (missing, wrong magic, truncated, wrong counts, NaN, a wrong
 * shape), each refused with "path:line: what is wrong" and no crash.
 * Files are written under a fresh folder in /tmp.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/annlab-netio-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(netio, .init = make_dir, .fini = remove_dir);

static const char *path_of(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static const char *write_file(const char *name, const char *text)
{
    const char *path = path_of(name);
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

/* 3 inputs -> dense 4 relu -> batchnorm -> dropout 0.25 -> dense 4 tanh
 * -> add (skip from A^[1]) -> activation leaky relu -> dense 2 softmax */
static Net *every_kind(void)
{
    Net *net = net_new(3, 8);
    cr_assert_not_null(net);
    cr_assert_eq(net_add(net, 4, act_of(ACT_RELU)), 0);
    cr_assert_eq(net_add_batchnorm(net), 0);
    cr_assert_eq(net_add_dropout(net, 0.25), 0);
    cr_assert_eq(net_add(net, 4, act_of(ACT_TANH)), 0);
    cr_assert_eq(net_add_skip(net, 1), 0);
    cr_assert_eq(net_add_activation(net, act_of(ACT_LEAKY_RELU)), 0);
    cr_assert_eq(net_add(net, 2, act_of(ACT_SOFTMAX)), 0);
    Rng rng;
    rng_seed(&rng, 7);
    net_init(net, &(Init){.kind = INIT_HE_NORMAL}, &rng);
    return net;
}

static Mat *inputs(void)
{
    Mat *X = mat_new(5, 3);
    for (int k = 0; k < 15; k++)
        X->data[k] = 0.37 * k - 2.0 + 0.01 * k * k;
    return X;
}

Test(netio, a_loaded_model_predicts_bit_for_bit_what_the_saved_one_did)
{
    Net *net = every_kind();
    Mat *X = inputs();
    /* a train-mode pass moves the running statistics off 0 and 1, so that
     * saving them matters */
    net_forward_mode(net, X, MODE_TRAIN);
    Mat *before = mat_new(5, 2), *after = mat_new(5, 2);
    net_predict(net, before, X);
    char err[256];
    const char *path = path_of("model.txt");
    cr_assert_eq(net_save(net, path, err, sizeof err), 0, "%s", err);
    Net *back = net_load(path, 8, err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    net_predict(back, after, X);
    for (int k = 0; k < 10; k++)
        cr_assert_eq(after->data[k], before->data[k], "output %d: %.17g vs %.17g", k,
                     after->data[k], before->data[k]);
    cr_assert_eq(back->n_params, net->n_params);
    for (int p = 0; p < net->n_params; p++) {
        cr_assert_str_eq(back->params[p].name, net->params[p].name);
        cr_assert_eq(back->params[p].trainable, net->params[p].trainable);
        cr_assert_eq(mat_max_abs_diff(back->params[p].value, net->params[p].value), 0.0);
    }
    /* the structure too: kinds, names, the dropout rate, the skip */
    for (int k = 0; k < net->n_layers; k++) {
        cr_assert_eq(back->layers[k]->kind, net->layers[k]->kind);
        cr_assert_str_eq(back->layers[k]->name, net->layers[k]->name);
    }
    cr_assert_eq(back->layers[2]->rate, 0.25);
    cr_assert_eq(back->layers[4]->skip, 1);
    mat_free(before);
    mat_free(after);
    mat_free(X);
    net_free(net);
    net_free(back);
}

/* The file of a tiny model: 2 inputs -> dense 1 linear. */
#define TINY_HEAD "annlab-model 1\ninputs 2\nlayers 1\ndense 1 linear 0 1\n"
#define TINY_PARAMS "params 2\nparam dense/W 2 1\n0.5\n-0.25\nparam dense/b 1 1\n0.125\n"

static void assert_refused(const char *name, const char *text, const char *expected)
{
    const char *path = write_file(name, text);
    char err[256] = "", want[256];
    Net *net = net_load(path, 4, err, sizeof err);
    cr_assert_null(net, "%s was accepted", name);
    snprintf(want, sizeof want, "%s:%s", path, expected);
    cr_assert(strstr(err, want) == err, "%s: got \"%s\", expected it to start \"%s\"", name,
              err, want);
}

Test(netio, the_tiny_model_file_loads_with_its_values)
{
    const char *path = write_file("tiny.txt", TINY_HEAD TINY_PARAMS "end\n");
    char err[256];
    Net *net = net_load(path, 4, err, sizeof err);
    cr_assert_not_null(net, "%s", err);
    /* y = 0.5 x1 - 0.25 x2 + 0.125 at (2, 4): 1 - 1 + 0.125 = 0.125 */
    Mat *X = mat_from(1, 2, (double[]){2, 4});
    cr_assert_eq(MAT_AT(net_forward(net, X), 0, 0), 0.125);
    mat_free(X);
    net_free(net);
}

Test(netio, a_missing_file_is_an_error_naming_it)
{
    char err[256];
    cr_assert_null(net_load(path_of("nope.txt"), 4, err, sizeof err));
    cr_assert(strstr(err, "nope.txt: cannot open") != NULL, "%s", err);
}

Test(netio, a_wrong_magic_is_refused_on_line_1)
{
    assert_refused("magic.txt", "keras-model 1\n", "1: not an annlab model file");
}

Test(netio, another_version_is_refused)
{
    assert_refused("version.txt", "annlab-model 2\n", "1: model file version 2");
}

Test(netio, a_truncated_file_is_refused_where_it_ends)
{
    /* lines 1-4 the head, 5 "params 2", 6 "param dense/W 2 1", 7 its first
     * row: the second row is missing, line 8 is where it should be */
    assert_refused("truncated.txt", TINY_HEAD "params 2\nparam dense/W 2 1\n0.5\n",
                   "8: the file ends where a row of numbers was expected");
    assert_refused("no_end.txt", TINY_HEAD TINY_PARAMS, "11: the file ends where end was");
}

Test(netio, a_wrong_parameter_count_is_refused)
{
    assert_refused("count.txt", TINY_HEAD "params 3\n", "5: params 3, but the layers above have 2");
}

Test(netio, nan_or_infinite_values_are_refused)
{
    assert_refused("nan.txt", TINY_HEAD "params 2\nparam dense/W 2 1\nnan\n",
                   "7: dense/W row 1, value 1: nan is not a finite number");
    assert_refused("inf.txt", TINY_HEAD "params 2\nparam dense/W 2 1\n0.5\n-inf\n",
                   "8: dense/W row 2, value 1: -inf is not a finite number");
}

Test(netio, a_shape_that_disagrees_with_the_layers_is_refused)
{
    assert_refused("shape.txt", TINY_HEAD "params 2\nparam dense/W 3 1\n",
                   "6: dense/W is 2 x 1 in the layers above, 3 x 1 here");
}

Test(netio, short_and_long_rows_are_refused)
{
    const char *head = "annlab-model 1\ninputs 2\nlayers 1\ndense 2 linear 0 1\n"
                       "params 2\nparam dense/W 2 2\n";
    char text[512];
    snprintf(text, sizeof text, "%s0.5\n", head);
    assert_refused("short.txt", text, "7: dense/W row 1: expected 2 numbers, found 1");
    snprintf(text, sizeof text, "%s0.5 1 2\n", head);
    assert_refused("long.txt", text, "7: dense/W row 1: more than 2 numbers");
}

Test(netio, bad_layer_lines_are_refused)
{
    assert_refused("kind.txt", "annlab-model 1\ninputs 2\nlayers 1\nconv 2 3\n",
                   "4: unknown layer kind \"conv\"");
    assert_refused("act.txt", "annlab-model 1\ninputs 2\nlayers 1\ndense 2 sigmoidal 0 1\n",
                   "4: unknown activation \"sigmoidal\"; expected one of: linear, step, sign, "
                   "sigmoid, tanh, relu, leaky_relu, prelu, elu, swish, softmax");
    assert_refused("alpha.txt", "annlab-model 1\ninputs 2\nlayers 1\ndense 2 relu nan 1\n",
                   "4: expected \"dense N ACTIVATION ALPHA BETA\"");
    assert_refused("width.txt", "annlab-model 1\ninputs 2\nlayers 1\nbatchnorm 3 0.99 0.001\n",
                   "4: a batchnorm layer of 3 units after a layer of 2");
    assert_refused("rate.txt", "annlab-model 1\ninputs 2\nlayers 1\ndropout 2 1.5\n",
                   "4: expected \"dropout N RATE\"");
    assert_refused("skip.txt", "annlab-model 1\ninputs 2\nlayers 1\nadd 2 5\n",
                   "4: expected \"add N FROM\"");
}

Test(netio, an_empty_or_binary_file_is_refused)
{
    assert_refused("empty.txt", "", "1: the file ends where");
    const char *path = path_of("binary.bin");
    FILE *fp = fopen(path, "wb");
    fwrite("annlab\0model", 1, 12, fp);
    fclose(fp);
    char err[256];
    cr_assert_null(net_load(path, 4, err, sizeof err));
    cr_assert(strstr(err, ":1: a NUL byte") != NULL, "%s", err);
}

/* Found by fuzz_model: a 70-byte file announcing a dense layer of 10^6 x
 * 10^6 made net_load allocate 8 TB before reading a parameter. A layer
 * is checked against the rest of the file and the units in all first. */
Test(netio, a_layer_larger_than_the_file_is_refused_before_it_is_allocated)
{
    assert_refused("huge.txt", "annlab-model 1\ninputs 100000\nlayers 1\n"
                   "dense 100000 relu 0 1\nparams 2\nend\n",
                   "4: a dense layer of 10000100000 parameters, more than the rest");
    assert_refused("units.txt", "annlab-model 1\ninputs 600000\nlayers 2\n"
                   "activation 600000 relu 0 1\nactivation 600000 relu 0 1\n",
                   "4: more than 1000000 units in all");
}
