/* test_idx.c - the gzip IDX reader of lib/data (data_load_idx,
 * data_load_idx_images) on the small files of tests/fixtures/idx/ (made
 * by the Python script in tests/fixtures/idx/README.md): the values of a
 * good file, gzipped and plain, the first N items only, and one test per
 * failure: a wrong magic number, a truncated header, item or gzip stream,
 * bytes after the last item, a size of 0, corrupt gzip data, a missing
 * file, and image and label files whose counts disagree. Every message is
 * asserted, with the numbers it names.
 *
 * Pixels are scaled by 1/255: 40/255 is the double nearest 40/255, so the
 * comparisons are exact (tolerance 0).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "data.h"
#include "mat.h"

#define FIX "tests/fixtures/idx/"

/* The fixture images: image i, pixel j = 40 i + 10 j, except the last
 * pixel of the last image, 255; labels 7, 0, 9. */
static int pixel(int i, int j)
{
    return i == 2 && j == 5 ? 255 : 40 * i + 10 * j;
}

/* data_load_idx's error for path (dims dimensions, all items). */
static int load_error(const char *path, int dims, char *err, size_t len)
{
    DataIdx idx;
    int rc = data_load_idx(&idx, path, dims, 0, err, len);
    cr_assert_null(idx.bytes, "%s: an error must leave the DataIdx empty", path);
    return rc;
}

Test(idx, a_gzipped_image_file_reads_its_header_and_every_byte)
{
    DataIdx idx;
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_load_idx(&idx, FIX "images.idx3.gz", 3, 0, err, sizeof err), 0, "%s", err);
    /* header 00 00 08 03 | 00 00 00 03 | 00 00 00 02 | 00 00 00 03: 3 items of 2 x 3 */
    cr_assert_eq(idx.dims, 3);
    cr_assert_eq(idx.size[0], 3);
    cr_assert_eq(idx.size[1], 2);
    cr_assert_eq(idx.size[2], 3);
    cr_assert_eq(idx.items, 3);
    cr_assert_eq(idx.item_bytes, 6); /* 2 x 3 */
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 6; j++)
            cr_assert_eq(idx.bytes[i * 6 + j], pixel(i, j), "image %d pixel %d", i, j);
    data_idx_free(&idx);
    cr_assert_null(idx.bytes);
    data_idx_free(&idx); /* twice is safe */
}

Test(idx, a_plain_file_reads_the_same_as_the_gzipped_one)
{
    DataIdx a, b;
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_load_idx(&a, FIX "images.idx3", 3, 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(data_load_idx(&b, FIX "images.idx3.gz", 3, 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(a.items * a.item_bytes, 18);
    cr_assert_eq(memcmp(a.bytes, b.bytes, 18), 0);
    data_idx_free(&a);
    data_idx_free(&b);
}

Test(idx, max_items_reads_only_the_first_items)
{
    DataIdx idx;
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_load_idx(&idx, FIX "images.idx3.gz", 3, 2, err, sizeof err), 0, "%s", err);
    cr_assert_eq(idx.size[0], 3, "the header's count stays what the file announces");
    cr_assert_eq(idx.items, 2);
    cr_assert_eq(idx.bytes[11], pixel(1, 5));
    data_idx_free(&idx);
    /* more than the file has: all of them */
    cr_assert_eq(data_load_idx(&idx, FIX "images.idx3.gz", 3, 99, err, sizeof err), 0, "%s", err);
    cr_assert_eq(idx.items, 3);
    data_idx_free(&idx);
}

Test(idx, images_and_labels_become_a_scaled_matrix_and_a_label_column)
{
    Mat *X, *y;
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_load_idx_images(&X, &y, FIX "images.idx3.gz", FIX "labels.idx1.gz", 0, err,
                                      sizeof err),
                 0, "%s", err);
    cr_assert_eq(X->rows, 3);
    cr_assert_eq(X->cols, 6);
    cr_assert_eq(y->rows, 3);
    cr_assert_eq(y->cols, 1);
    /* pixel / 255: 0 -> 0, 110 -> 110/255, 255 -> 1 */
    cr_assert_eq(MAT_AT(X, 0, 0), 0.0);
    cr_assert_eq(MAT_AT(X, 2, 4), 120.0 / 255.0);
    cr_assert_eq(MAT_AT(X, 2, 5), 1.0);
    cr_assert_eq(MAT_AT(X, 1, 3), 70.0 / 255.0);
    cr_assert_eq(MAT_AT(y, 0, 0), 7.0);
    cr_assert_eq(MAT_AT(y, 1, 0), 0.0);
    cr_assert_eq(MAT_AT(y, 2, 0), 9.0);
    mat_free(X);
    mat_free(y);
    /* the first image only */
    cr_assert_eq(data_load_idx_images(&X, &y, FIX "images.idx3.gz", FIX "labels.idx1.gz", 1, err,
                                      sizeof err),
                 0, "%s", err);
    cr_assert_eq(X->rows, 1);
    cr_assert_eq(y->rows, 1);
    mat_free(X);
    mat_free(y);
}

Test(idx, image_and_label_counts_that_disagree_are_an_error)
{
    Mat *X = (Mat *)1, *y = (Mat *)1;
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_load_idx_images(&X, &y, FIX "images.idx3.gz", FIX "labels_four.idx1.gz", 0,
                                      err, sizeof err),
                 -1);
    cr_assert_str_eq(err, FIX "images.idx3.gz: announces 3 images but " FIX
                          "labels_four.idx1.gz 4 labels");
    cr_assert_null(X);
    cr_assert_null(y);
    /* the headers disagree even when only the first image is read */
    cr_assert_eq(data_load_idx_images(&X, &y, FIX "images.idx3.gz", FIX "labels_four.idx1.gz", 1,
                                      err, sizeof err),
                 -1);
}

Test(idx, a_label_file_where_images_are_expected_names_both_magic_numbers)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "labels.idx1.gz", 3, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "labels.idx1.gz: magic number 0x00000801 (unsigned bytes, 1 "
                              "dimension); expected 0x00000803 (unsigned bytes, 3 dimensions)");
    cr_assert_eq(load_error(FIX "images.idx3.gz", 1, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "images.idx3.gz: magic number 0x00000803 (unsigned bytes, 3 "
                              "dimensions); expected 0x00000801 (unsigned bytes, 1 dimension)");
}

Test(idx, a_wrong_value_type_or_no_idx_file_at_all_is_named)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "float_type.idx3.gz", 3, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "float_type.idx3.gz: magic number 0x00000d03 (values of type 0x0d, "
                              "not unsigned bytes (0x08)); expected 0x00000803 (unsigned bytes, "
                              "3 dimensions)");
    cr_assert_eq(load_error(FIX "not_idx.gz", 3, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "not_idx.gz: magic number 0x504b0304 (not an IDX file: it must "
                              "start with two 0 bytes); expected 0x00000803 (unsigned bytes, 3 "
                              "dimensions)");
}

Test(idx, a_truncated_header_says_how_many_bytes_there_are)
{
    char err[DATA_ERR_LEN];
    /* 4 + 3 x 4 = 16 header bytes needed, 9 present */
    cr_assert_eq(load_error(FIX "short_header.idx3.gz", 3, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "short_header.idx3.gz: truncated: the header needs 16 bytes, the "
                              "file has 9");
}

Test(idx, a_truncated_item_names_the_item_and_its_bytes)
{
    char err[DATA_ERR_LEN];
    /* 16 header bytes, image 1 (6 bytes), then 2 bytes of image 2 */
    cr_assert_eq(load_error(FIX "truncated_item.idx3.gz", 3, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "truncated_item.idx3.gz: truncated: item 2 of 3 ends after 2 of its "
                              "6 bytes");
    cr_assert_eq(load_error(FIX "truncated_whole.idx3.gz", 3, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "truncated_whole.idx3.gz: truncated: the file ends after 2 of the 3 "
                              "items the header announces");
}

Test(idx, a_truncated_file_is_fine_when_the_missing_items_are_not_asked_for)
{
    DataIdx idx;
    char err[DATA_ERR_LEN];
    cr_assert_eq(data_load_idx(&idx, FIX "truncated_whole.idx3.gz", 3, 2, err, sizeof err), 0,
                 "%s", err);
    cr_assert_eq(idx.items, 2);
    data_idx_free(&idx);
}

Test(idx, bytes_after_the_announced_items_are_counted)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "extra_bytes.idx3.gz", 3, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "extra_bytes.idx3.gz: 5 bytes after the last of the 3 items the "
                              "header announces");
}

Test(idx, a_size_of_zero_names_its_dimension)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "size_zero.idx3.gz", 3, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "size_zero.idx3.gz: the header announces a size of 0 in dimension 2");
}

Test(idx, a_gzip_stream_cut_short_is_a_truncated_file)
{
    char err[DATA_ERR_LEN];
    /* 3 items of 100 x 100 announced; half of the compressed file kept */
    cr_assert_eq(load_error(FIX "cut_gzip.idx3.gz", 3, err, sizeof err), -1);
    cr_assert(strstr(err, FIX "cut_gzip.idx3.gz: truncated: item ") == err, "%s", err);
    cr_assert(strstr(err, "of its 10000 bytes (the gzip stream ends early)") != NULL, "%s", err);
}

Test(idx, corrupt_gzip_data_gives_zlibs_reason_once)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "corrupt_gzip.idx3.gz", 3, err, sizeof err), -1);
    cr_assert(strstr(err, FIX "corrupt_gzip.idx3.gz: corrupt gzip data") == err, "%s", err);
    /* zlib's own "path: " prefix is not repeated */
    cr_assert_null(strstr(err + 1, FIX "corrupt_gzip"), "%s", err);
}

Test(idx, a_missing_file_cannot_be_opened)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "no_such_file.gz", 3, err, sizeof err), DATA_CANNOT_OPEN);
    cr_assert_str_eq(err, FIX "no_such_file.gz: cannot open: No such file or directory");
    Mat *X, *y;
    cr_assert_eq(data_load_idx_images(&X, &y, FIX "no_such_file.gz", FIX "labels.idx1.gz", 0, err,
                                      sizeof err),
                 DATA_CANNOT_OPEN);
    cr_assert_eq(data_load_idx_images(&X, &y, FIX "images.idx3.gz", FIX "no_labels.gz", 0, err,
                                      sizeof err),
                 DATA_CANNOT_OPEN);
    cr_assert_str_eq(err, FIX "no_labels.gz: cannot open: No such file or directory");
}

/* Found by fuzz_idx: a 16-byte header announcing 2^31 - 1 items of
 * 4096 x 4096 bytes made data_load_idx ask for 2^55 bytes before reading
 * one item. The buffer now grows with what the file holds. */
Test(idx, a_header_announcing_more_than_the_file_holds_is_a_truncated_file)
{
    char err[DATA_ERR_LEN];
    cr_assert_eq(load_error(FIX "huge_header.idx3", 3, err, sizeof err), -1);
    cr_assert_str_eq(err, FIX "huge_header.idx3: truncated: the file ends after 0 of the "
                              "2147483647 items the header announces");
}
