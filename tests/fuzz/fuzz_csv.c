/* fuzz_csv.c - the CSV loaders on arbitrary bytes: data_parse_csv (the
 * reader of lib/csv.h behind data_load_csv), data_load_xy (every kind of
 * target, columns by name, by index and "all but the target") and
 * csvtext_parse (a target that may hold text).
 *
 * The input is the file. What must hold for every input: no crash, no
 * sanitizer report, no leak; a loader returns 0, or -1 with a message of
 * one line that shows no raw bytes (no control byte but a tab, only valid
 * UTF-8: data.h promises \xNN for the others); a table it returns has as
 * many names as columns, a source line for every row, finite values (for
 * data_load_xy: in the features and the target, the columns it reads). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvtext.h"
#include "data.h"
#include "fuzz.h"

/* The length of the UTF-8 sequence starting at s (at most n bytes left),
 * or 0 when it is not valid: a lead byte and its continuation bytes,
 * neither overlong nor a surrogate nor past U+10FFFF. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
               : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return len;
}

/* What data.h promises of an error message: one line, printable UTF-8. */
static void check_message(const char *err)
{
    const unsigned char *s = (const unsigned char *)err;
    size_t n = strlen(err);
    if (n == 0)
        fuzz_broken("an error without a message");
    for (size_t i = 0; i < n;) {
        if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7F)
            fuzz_broken("a control byte or a line break in an error message");
        size_t len = utf8_length(s + i, n - i);
        if (len == 0)
            fuzz_broken("a byte that is not UTF-8 text in an error message");
        i += len;
    }
}

/* Whether every value of M is finite. */
static int all_finite(const Mat *M)
{
    for (long i = 0; i < (long)M->rows * M->cols; i++)
        if (!isfinite(M->data[i]))
            return 0;
    return 1;
}

/* What data.h promises of a loaded table (its values checked elsewhere:
 * data_load_xy leaves NAN where a column it did not pick holds a name). */
static void check_table(const DataTable *t)
{
    if (!t->values || t->values->cols != t->cols || t->values->rows < 1)
        fuzz_broken("a table without rows, or values of another width than its names");
    for (int j = 0; j < t->cols; j++)
        if (!t->names[j] || data_column_index(t, t->names[j]) > j)
            fuzz_broken("a column name missing, or not found where it is");
    int last = 1; /* the header's line */
    for (int i = 0; i < t->values->rows; i++) {
        int line = data_row_line(t, i);
        if (line <= last)
            fuzz_broken("rows whose source lines do not increase");
        last = line;
    }
}

/* data_load_xy's ways of naming the columns and the target. */
static const char *const NAMED[] = {"x1", "x2"};
static const int AT[] = {0, 1};
static const DataXYSpec SPECS[] = {
    {.target_col = -1, .want = {.kind = DATA_TARGET_REAL}},
    {.target_col = -1, .n_features = 2, .want = {.kind = DATA_TARGET_SIGNS}, .relabel = 1},
    {.target_col = 0, .want = {.kind = DATA_TARGET_01}, .relabel = 1},
    {.target_col = -1, .want = {.kind = DATA_TARGET_CLASS}},
    {.target_col = 2, .feature_cols = AT, .n_features = 2,
     .want = {.kind = DATA_TARGET_CLASS, .classes = 3}},
    {.target = "y", .features = NAMED, .n_features = 2, .want = {.kind = DATA_TARGET_01}},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char err[DATA_ERR_LEN];

    DataTable t;
    if (data_parse_csv(&t, "fuzz.csv", text, size, err, sizeof err) != 0) {
        check_message(err);
    } else {
        check_table(&t);
        if (!all_finite(t.values))
            fuzz_broken("data_parse_csv: a value that is not finite");
    }
    data_table_free(&t);

    const char *path = fuzz_scratch_file(0, data, size); /* data_load_xy reads a file */
    for (size_t k = 0; k < sizeof SPECS / sizeof SPECS[0]; k++) {
        DataXY d;
        if (data_load_xy(&d, path, &SPECS[k], err, sizeof err) == 0) {
            check_table(&d.table);
            if (d.X->rows != d.table.values->rows || d.y->rows != d.X->rows)
                fuzz_broken("data_load_xy: X, y and the table of different lengths");
            if (!all_finite(d.X) || !all_finite(d.y))
                fuzz_broken("data_load_xy: a feature or target that is not finite");
        } else {
            check_message(err);
        }
        data_xy_free(&d);
    }

    const char *targets[] = {NULL, "y"};
    for (int k = 0; k < 2; k++) {
        CsvText c;
        if (csvtext_parse(&c, "fuzz.csv", text, size, targets[k], err, sizeof err) != 0) {
            check_message(err);
        } else {
            check_table(&c.table);
            if (!all_finite(c.table.values))
                fuzz_broken("csvtext_parse: a value that is not finite");
            for (int i = 0; c.classes && i < c.table.values->rows; i++) {
                double label = MAT_AT(c.table.values, i, c.target);
                if (!(label >= 0 && label < c.n_classes))
                    fuzz_broken("csvtext_parse: a class index outside 0 .. n_classes-1");
            }
        }
        csvtext_free(&c);
    }
    return 0;
}
