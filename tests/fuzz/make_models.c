/* make_models.c - the model seeds of tests/fuzz/corpus/model/, written by
 * net_save: one small model for each kind of layer line. Built and run by
 * hand (tests/fuzz/README.md), not by make:
 *     cc -Ilib tests/fuzz/make_models.c build/libannlab.a -lz -lm -pthread -o /tmp/make_models
 *     /tmp/make_models tests/fuzz/corpus/model */
#include <stdio.h>

#include "net.h"

/* Initialize net with seed 1 and save it as DIR/name.model. */
static int save(Net *net, const char *dir, const char *name)
{
    char path[512], err[256];
    Rng rng;
    rng_seed(&rng, 1);
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    snprintf(path, sizeof path, "%s/%s.model", dir, name);
    int rc = net_save(net, path, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "%s\n", err);
    net_free(net);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FOLDER\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    int bad = 0;

    Net *net = net_new(4, 8); /* the README's example, smaller */
    net_add(net, 4, act_of(ACT_RELU));
    net_add_batchnorm(net);
    net_add(net, 3, act_of(ACT_SOFTMAX));
    bad |= save(net, dir, "dense_batchnorm_softmax");

    net = net_new(2, 8);
    net_add(net, 3, (Act){.kind = ACT_LEAKY_RELU, .alpha = 0.1});
    net_add_dropout(net, 0.25);
    net_add(net, 1, act_of(ACT_SIGMOID));
    bad |= save(net, dir, "leaky_dropout_sigmoid");

    net = net_new(3, 8);
    net_add(net, 3, act_of(ACT_TANH));
    net_add_activation(net, (Act){.kind = ACT_SWISH, .beta = 1.5});
    net_add_skip(net, 0);
    net_add(net, 2, act_of(ACT_LINEAR));
    bad |= save(net, dir, "tanh_swish_skip_linear");

    net = net_new(2, 8);
    net_add(net, 2, (Act){.kind = ACT_ELU, .alpha = 1.0});
    net_add(net, 2, (Act){.kind = ACT_PRELU, .alpha = 0.25});
    bad |= save(net, dir, "elu_prelu");
    return bad ? 1 : 0;
}
