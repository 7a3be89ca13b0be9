/* data.h - data sets: CSV loading with precise errors, standardization,
 * a seeded train/test split, the toy 2D sets of TensorFlow Playground, and
 * images in gzip IDX files (Fashion-MNIST).
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
    int *lines;   /* rows entries: the 1-based line of the file row i came
                   * from (the header is line 1; blank lines count) */
} DataTable;

/* data_load_csv's result when the file cannot be opened at all (missing,
 * unreadable): the caller may add a hint about where it was looked for. */
#define DATA_CANNOT_OPEN (-2)

/* Load a CSV file with a header row of names; every other line holds
 * exactly one number per column. The file is read as lib/csv.h says:
 * the separator ',', ';' or a tab, found in the header; quoted fields
 * ("a", "" for a quote); with ';' decimal commas ("1,5"); blank lines
 * skipped; CRLF, a UTF-8 byte order mark and a missing final newline
 * accepted. Numbers are decimal ("0x10" is not one). Returns 0, or -1
 * with err holding one line, "path:line:col: message":
 *   path: the file is empty; expected a header row of column names
 *   path:3:7: not a text file (a NUL byte); expected a CSV file with a header row
 *   path:1:4: not a text file in UTF-8 (the byte \xF6 in the header row); ...
 *   path:1:4: column 2 has an empty name in the header row
 *   path:1:1: the first line holds numbers; expected a header row of column names
 *   path:1: only a header row; expected rows of numbers after it
 *   path:3:5: expected 3 fields, found 2
 *   path:3:3: expected a number in column "x2", found "abc"
 *   path:2:3: expected a number in column "x", found "1,5" (a decimal comma is read only when the separator is ';')
 *   path:4:5: "inf" in column "y" is not a finite number
 *   path:2:1: this quote is not closed on its line; a quoted field must end on the line it starts on
 * (and out of memory, a read error), or DATA_CANNOT_OPEN with err holding
 * "path: cannot open: reason". A message shows the file's text escaped
 * (\xNN for control and non-UTF-8 bytes) and cut after 40 characters.
 * On error *t is left empty. */
int data_load_csv(DataTable *t, const char *path, char *err, size_t errlen);

/* data_load_csv on a file's bytes already in memory: text[0, len) (no NUL
 * needed at the end), with name in the messages where the path would be.
 * Returns 0 or -1 as data_load_csv (never DATA_CANNOT_OPEN). For tests and
 * the fuzzer: no file, no temporary folder. */
int data_parse_csv(DataTable *t, const char *name, const char *text, size_t len, char *err,
                   size_t errlen);

/* Frees what data_load_csv allocated; safe on an empty DataTable. */
void data_table_free(DataTable *t);

/* The 1-based line of the file that row i (0-based) of t came from, for
 * messages "path:line: ...". Row i must exist (a CHECK). */
int data_row_line(const DataTable *t, int i);

/* Index of the column called name, or -1. */
int data_column_index(const DataTable *t, const char *name);

/* A new (rows x n) matrix of the n columns idx[0..n-1] of t, in that order. */
Mat *data_select(const DataTable *t, const int *idx, int n);

/* ---- targets and labels ------------------------------------------------- */

/* What a target column holds. */
typedef enum {
    DATA_TARGET_REAL,   /* a number to predict (regression): any finite value */
    DATA_TARGET_01,     /* one of two classes, coded 0 and 1 */
    DATA_TARGET_SIGNS,  /* one of two classes, coded -1 and +1 */
    DATA_TARGET_CLASS,  /* one of k classes as its index: a whole number 0..k-1 */
    DATA_TARGET_ONEHOT, /* one of k classes as a row of k: a single 1, 0 elsewhere */
} DataTargetKind;

/* The targets a model expects: their kind and, for classes, how many. */
typedef struct {
    DataTargetKind kind;
    /* DATA_TARGET_CLASS: k >= 2, or 0 to infer k as the largest label + 1
     * (at most DATA_MAX_CLASSES). DATA_TARGET_ONEHOT: k, or 0 for as many
     * as y has columns. Ignored by the other kinds. */
    int classes;
} DataTarget;

/* The most classes data_check_labels infers from class indices. */
#define DATA_MAX_CLASSES 1000

/* Check that y holds targets of the kind want describes:
 *   REAL, 01, SIGNS, CLASS: y is (m x 1), one target per row;
 *   ONEHOT: y is (m x k), k >= 2, each row a single 1 and 0 elsewhere;
 *   REAL: every value finite; 01: 0 or 1; SIGNS: -1 or 1;
 *   CLASS: a whole number 0..k-1 (k given, or inferred: then at least two
 *   classes, 0 and 1, must be possible: the largest label is >= 1).
 * Returns the number of classes (0 for REAL, 2 for 01 and SIGNS, k for
 * CLASS and ONEHOT), or -1 with *row the 0-based row of the first bad
 * target (-1 when the shape or the whole column is wrong) and err holding
 * a message without a location, naming the column when name is not NULL:
 *   the label "species" is 2.5; expected a class index, a whole number 0 to 2
 *   the target is nan; expected a finite number
 *   expected one label per row (1 column), found 3 columns
 * The caller adds where: "path:line: " (see data_row_line), "row 17: ".
 * Never aborts on bad values: it is meant for data from files and users. */
int data_check_labels(const Mat *y, const DataTarget *want, const char *name, int *row,
                      char *err, size_t errlen);

/* ---- features + target from a CSV ------------------------------------------ */

/* Which columns of a CSV are the features and which the target, and what
 * the target must hold. Fill it with designated initializers:
 *     {.target_col = -1, .n_features = 2, .want = {.kind = DATA_TARGET_SIGNS}, .relabel = 1}
 *     {.target = "species", .features = (const char *[]){"petal_length", "petal_width"},
 *      .n_features = 2, .want = {.kind = DATA_TARGET_CLASS, .classes = 3}} */
typedef struct {
    const char *target; /* the target column's name; NULL: target_col */
    int target_col;     /* its index when target is NULL; < 0 counts from
                         * the end (-1: the last column) */
    /* The features: the n_features columns named in features, or (when
     * features is NULL) at the n_features indices feature_cols, or (both
     * NULL) every column but the target, in file order: then n_features
     * > 0 is the number the file must have, 0 any number >= 1. */
    const char *const *features;
    const int *feature_cols;
    int n_features;
    DataTarget want;    /* what the target must hold; ONEHOT is not a column kind */
    /* Accept the other coding of two classes: with DATA_TARGET_SIGNS read
     * 0 as -1; with DATA_TARGET_01 read -1 as 0. */
    int relabel;
} DataXYSpec;

/* Features and target of a CSV file, owned by this struct. */
typedef struct {
    DataTable table; /* the whole file: names, values, source lines; in a
                      * column chosen neither as a feature nor as the
                      * target, a field that is not a number (a name) is NAN */
    Mat *X;          /* (m x n_features), the features in the order asked */
    Mat *y;          /* (m x 1), the target (relabelled when asked) */
    int *features;   /* n_features column indices of the features in table */
    int n_features;
    int target;      /* the target's column index in table */
    int classes;     /* as data_check_labels returns: 0 for REAL, else k */
} DataXY;

/* Load path (read as data_load_csv reads it), pick the columns spec names
 * from the header, read the rows (the columns not picked may hold
 * anything: names, dates) and check the targets (data_check_labels).
 * Returns 0, or -1 / DATA_CANNOT_OPEN as
 * data_load_csv, with err holding one line:
 *   path:line:col: ...                            (from data_load_csv)
 *   path: no column "cgpa"; its columns are: x1, x2, y
 *   path: expected 3 columns (2 features and the target), found 4
 *   path:7: the label "placed" is 2; expected -1 or 1 (0 is read as -1)
 * where line is the file's line of the bad row (the header is line 1,
 * blank lines count). On error *d is left empty. A spec that is wrong in
 * itself (no features, a target kind ONEHOT) is a programmer error. */
int data_load_xy(DataXY *d, const char *path, const DataXYSpec *spec, char *err,
                 size_t errlen);

/* Frees what data_load_xy allocated; safe on an empty (zeroed) DataXY. */
void data_xy_free(DataXY *d);

/* ---- standardization ------------------------------------------------------ */

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

/* ---- IDX files (MNIST, Fashion-MNIST) -------------------------------------- */

/* An IDX file (LeCun's MNIST format, also Fashion-MNIST's) holds an array
 * of unsigned bytes:
 *
 *   bytes 0-1   0x00 0x00
 *   byte  2     the value type: 0x08, unsigned byte (the only type read here)
 *   byte  3     the number of dimensions d (1 for labels, 3 for images)
 *   then        d sizes, each 4 bytes, big-endian (60000, 28, 28)
 *   then        the values, row-major (the last dimension changes fastest)
 *
 * so the 4-byte magic number of an image file is 0x00000803 and of a label
 * file 0x00000801. The files are usually gzipped (train-images-idx3-ubyte.gz);
 * zlib reads gzipped and plain files alike. */

#define DATA_IDX_MAX_DIMS 3

typedef struct {
    int dims;                      /* d */
    long size[DATA_IDX_MAX_DIMS];  /* the sizes the header announces */
    long items;                    /* items read: size[0], or fewer when asked */
    long item_bytes;               /* values an item: size[1] x ... x size[d-1] (1 if d = 1) */
    unsigned char *bytes;          /* items x item_bytes values */
} DataIdx;

/* Read the IDX file at path, which must hold unsigned bytes in dims
 * dimensions (1 to DATA_IDX_MAX_DIMS): the first max_items items (0 or
 * more than the file has: all of them). Returns 0, DATA_CANNOT_OPEN with
 * "path: cannot open: reason", or -1 with one line in err:
 *   path: truncated: the header needs 16 bytes, the file has 9
 *   path: magic number 0x00000801 (unsigned bytes, 1 dimension); expected 0x00000803 (unsigned bytes, 3 dimensions)
 *   path: the header announces a size of 0 in dimension 2
 *   path: truncated: item 1000 of 60000 ends after 312 of its 784 bytes
 *   path: 5 bytes after the last of the 60000 items the header announces
 *   path: corrupt gzip data: invalid block type
 * A truncated or overlong file is noticed only in what is read: with
 * max_items < size[0] the bytes after the last item read are not checked.
 * On error *idx is left empty. */
int data_load_idx(DataIdx *idx, const char *path, int dims, long max_items, char *err,
                  size_t errlen);

/* Frees what data_load_idx allocated; safe on an empty (zeroed) DataIdx. */
void data_idx_free(DataIdx *idx);

/* An image file (3 dimensions) and its label file (1 dimension): the first
 * max_items (0: all) images as the rows of *X (n x rows*cols), each pixel
 * scaled from 0..255 to [0, 1], and their labels as *y (n x 1). The two
 * headers must announce the same number of items, else -1 with
 *   images.gz announces 60000 images but labels.gz 59999 labels
 * Other errors as data_load_idx (the first file that fails). On error *X
 * and *y are NULL. */
int data_load_idx_images(Mat **X, Mat **y, const char *images, const char *labels,
                         long max_items, char *err, size_t errlen);

#endif
