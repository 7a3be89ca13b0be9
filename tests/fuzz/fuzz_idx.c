/* fuzz_idx.c - the IDX reader (data_load_idx, data_load_idx_images) on
 * arbitrary bytes, gzipped or plain.
 *
 * The input is a 6-byte prefix, then the file(s):
 *   byte 0       what to load: 0 an image file (3 dimensions), 1 a label
 *                file (1 dimension), 2 a file of 2 dimensions, 3 an image
 *                file and its label file (data_load_idx_images); mod 4
 *   byte 1       max_items: 0 (all), 1, 2 or 3; mod 4
 *   bytes 2-5    (byte 0 = 3 only) the image file's length, big-endian;
 *                the label file is the rest (a length past the end: all)
 * so the seeds are the fixtures with a prefix (tests/fuzz/README.md).
 * What must hold: no crash, no sanitizer report, no leak, no allocation
 * over libFuzzer's -malloc_limit_mb (a 16-byte header must not cost
 * gigabytes); what loads has the sizes the header announced, and pixels
 * in [0, 1]. */
#include <stdlib.h>

#include "data.h"
#include "fuzz.h"

#define PREFIX 6

static volatile long sink;

/* One file of dims dimensions. */
static void load_one(const uint8_t *data, size_t size, int dims, long max_items)
{
    char err[DATA_ERR_LEN];
    DataIdx idx;
    if (data_load_idx(&idx, fuzz_scratch_file(0, data, size), dims, max_items, err,
                      sizeof err) == 0) {
        long want = max_items > 0 && max_items < idx.size[0] ? max_items : idx.size[0];
        if (idx.dims != dims || idx.items != want || !idx.bytes)
            fuzz_broken("data_load_idx: other sizes than the header announced");
        for (long i = 0; i < idx.items * idx.item_bytes; i++)
            sink += idx.bytes[i]; /* every byte read: a short buffer shows under ASan */
    }
    data_idx_free(&idx);
}

/* An image file and its label file. */
static void load_pair(const uint8_t *data, size_t size, size_t image_len, long max_items)
{
    if (image_len > size)
        image_len = size;
    const char *images = fuzz_scratch_file(0, data, image_len);
    const char *labels = fuzz_scratch_file(1, data + image_len, size - image_len);
    char err[DATA_ERR_LEN];
    Mat *X, *y;
    if (data_load_idx_images(&X, &y, images, labels, max_items, err, sizeof err) == 0) {
        if (X->rows != y->rows || X->rows < 1)
            fuzz_broken("data_load_idx_images: images and labels of different lengths");
        for (long i = 0; i < (long)X->rows * X->cols; i++)
            if (!(X->data[i] >= 0 && X->data[i] <= 1))
                fuzz_broken("data_load_idx_images: a pixel outside [0, 1]");
        mat_free(X);
        mat_free(y);
    } else if (X || y) {
        fuzz_broken("data_load_idx_images: matrices left after an error");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < PREFIX)
        return 0;
    int mode = data[0] % 4;
    long max_items = data[1] % 4;
    size_t image_len = (size_t)data[2] << 24 | (size_t)data[3] << 16 | (size_t)data[4] << 8 |
                       (size_t)data[5];
    static const int DIMS[] = {3, 1, 2};
    if (mode < 3)
        load_one(data + PREFIX, size - PREFIX, DIMS[mode], max_items);
    else
        load_pair(data + PREFIX, size - PREFIX, image_len, max_items);
    return 0;
}
