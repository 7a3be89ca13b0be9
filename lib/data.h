/* data.h - data sets: CSV loading with precise errors, standardization,
 * a seeded train/test split, and the toy 2D sets of TensorFlow Playground.
 *
 * Samples are rows (see mat.h). Loaders never abort on bad data: they
 * return -1 and write a one-line message "path:line:col: what is wrong"
 * into the caller's buffer (line and col are 1-based; col counts bytes
 * from the start of the line, after a UTF-8 byte order mark).
 */
#ifndef ANNLAB_DATA_H
#define ANNLAB_DATA_H

#include <stddef.h>

#include "mat.h"
#include "rng.h"

/* Size that always holds a loader's error message. */
#define DATA_ERR_LEN 512

/* A CSV file: a header row of column names, then rows of numbers. */
typedef struct {
    Mat *values;  /* (rows x cols) */
    char **names; /* cols column names, from the header */
    int cols;
} DataTable;

/* Load a comma-separated file with a header row. Every other line holds
 * exactly one number per column; blank lines are skipped; CRLF line ends,
 * a UTF-8 byte order mark and a missing final newline are accepted.
 * Returns 0, or -1 with err holding "path:line:col: message" (a missing
 * file, an empty file, no data rows, a ragged row, a field that is not a
 * number, or NaN / infinity). On error *t is left empty. */
int data_load_csv(DataTable *t, const char *path, char *err, size_t errlen);

/* Frees what data_load_csv allocated; safe on an empty DataTable. */
void data_table_free(DataTable *t);

/* Index of the column called name, or -1. */
int data_column_index(const DataTable *t, const char *name);

/* A new (rows x n) matrix of the n columns idx[0..n-1] of t, in that order. */
Mat *data_select(const DataTable *t, const int *idx, int n);

/* Standardize the columns of X: x <- (x - mean) / std, with the mean and
 * the (population) standard deviation of each column written to the
 * (1 x cols) rows mean and std. A constant column (std 0) is only
 * centred: its std is stored as 1. */
void data_standardize(Mat *X, Mat *mean, Mat *std);

/* x <- (x - mean) / std with a mean and std computed elsewhere (on the
 * training set, applied to the test set). */
void data_standardize_apply(Mat *X, const Mat *mean, const Mat *std);

/* A train/test split: new matrices the caller frees with data_split_free. */
typedef struct {
    Mat *X_train, *y_train, *X_test, *y_test;
} DataSplit;

/* Shuffle the rows of (X, y) with rng, then put round(test_fraction * m)
 * of them in the test set and the rest in the training set. Returns 0, or
 * -1 when out of memory. */
int data_split(DataSplit *s, Rng *rng, const Mat *X, const Mat *y,
               double test_fraction);
void data_split_free(DataSplit *s);

/* The toy classification sets of TensorFlow Playground, in 2D. */
typedef enum {
    TOY_GAUSSIANS, /* two blobs, around (2, 2) (class 1) and (-2, -2) (class 0) */
    TOY_XOR,       /* uniform on [-5, 5]^2; class 1 where x1 x2 >= 0 */
    TOY_CIRCLE,    /* class 1 inside radius 2.5, class 0 on a ring 3.5..5 */
    TOY_SPIRAL,    /* two interleaved spirals */
} ToyKind;

/* Fill X (m x 2) with m points of the given set and y (m x 1) with their
 * class, 0 or 1, alternating. noise >= 0 scales the blobs' spread (the
 * standard deviation of TOY_GAUSSIANS is 0.5 + noise) and jitters the
 * other sets. */
void data_toy(Rng *rng, ToyKind kind, double noise, Mat *X, Mat *y);

#endif
