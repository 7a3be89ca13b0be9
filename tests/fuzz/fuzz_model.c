/* fuzz_model.c - the model-file loader (net_load) on arbitrary bytes.
 *
 * The input is the file. A model that loads is then used as a chapter
 * would use it, so that a loaded but inconsistent net shows too:
 *   1. a forward pass (inference) on a small input;
 *   2. saved (net_save) and loaded again: the copy must load and predict
 *      bit for bit what the first did (net.h promises it);
 *   3. a forward pass in training mode (dropout's masks, batch norm's
 *      batch statistics).
 * What must hold: no crash, no sanitizer report, no leak; a file that
 * loads saves to a file that loads. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "net.h"

#define ROWS 3 /* the batch the forward passes use (the net's max_rows) */

/* ROWS samples of n_in features: positive, negative and zero values. */
static Mat *sample_input(int n_in)
{
    Mat *X = mat_new(ROWS, n_in);
    if (!X)
        return NULL;
    for (int i = 0; i < ROWS; i++)
        for (int j = 0; j < n_in; j++)
            MAT_AT(X, i, j) = (i - 1) * 0.5 + (j % 3) * 0.25;
    return X;
}

/* Step 2: save net, load the copy, compare its predictions with yhat. */
static void round_trip(const Net *net, const Mat *X, const Mat *yhat)
{
    char err[256];
    const char *path = fuzz_scratch_file(1, (const uint8_t *)"", 0);
    if (net_save(net, path, err, sizeof err) != 0)
        fuzz_broken("net_save failed on a model net_load read: %s", err);
    Net *copy = net_load(path, ROWS, err, sizeof err);
    if (!copy)
        fuzz_broken("a model net_save wrote does not load: %s", err);
    const Mat *again = net_forward(copy, X);
    if (again->rows != yhat->rows || again->cols != yhat->cols ||
        memcmp(again->data, yhat->data, (size_t)yhat->rows * yhat->cols * sizeof *yhat->data))
        fuzz_broken("the saved and loaded copy predicts other numbers");
    net_free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    Net *net = net_load(fuzz_scratch_file(0, data, size), ROWS, err, sizeof err);
    if (!net)
        return 0;
    Mat *X = sample_input(net->n_in);
    Mat *yhat = X ? mat_new(ROWS, net_n_out(net)) : NULL;
    if (yhat) {
        mat_copy(yhat, net_forward(net, X));
        round_trip(net, X, yhat);
        net_forward_mode(net, X, MODE_TRAIN);
    }
    mat_free(yhat);
    mat_free(X);
    net_free(net);
    return 0;
}
