/* csvtext.h - a CSV file whose target column may hold text.
 *
 * data_load_csv (data.h) reads numbers only. A student's own table often
 * names its classes: "species" is "setosa", "versicolor", "virginica".
 * csvtext_load reads such a file: every column must hold numbers except
 * the target, which may hold text; then each different text becomes a
 * class, numbered in sorted (strcmp) order as scikit-learn's LabelEncoder
 * numbers them, and the table holds the class index in its place:
 *
 *     CsvText t;
 *     if (csvtext_load(&t, "flowers.csv", "species", err, sizeof err) != 0) ...
 *     // t.table.values: (m x cols), the target column now 0, 1, 2
 *     // t.classes[0] = "setosa", t.n_classes = 3
 *     csvtext_free(&t);
 *
 * A target whose every field is a number stays as it is (t.classes NULL):
 * a regression target, or classes already numbered. The rules of the
 * file are data_load_csv's, read by the same reader (lib/csv.h): a header
 * row of names, then rows with one field per column; the separator ',',
 * ';' or a tab, found in the header; quoted fields; decimal commas with
 * ';'; blank lines skipped (and counted); CRLF, a UTF-8 byte order mark
 * and a missing final newline accepted; blanks around a field trimmed.
 * A class name must be printable UTF-8 text (chapters print it).
 */
#ifndef ANNLAB_CSVTEXT_H
#define ANNLAB_CSVTEXT_H

#include <stddef.h>

#include "data.h"

typedef struct {
    DataTable table; /* names, values (the target as class indices when it was text), lines */
    int target;      /* the target's column index in table */
    char **classes;  /* the n_classes names of a text target, sorted; NULL for numbers */
    int n_classes;
} CsvText;

/* Load path with the target column called target (NULL: the last column).
 * Returns 0; DATA_CANNOT_OPEN with "path: cannot open: reason"; or -1 with
 * one line in err, as data_load_csv writes them:
 *   path:1:4: column 2 has an empty name in the header row
 *   path: no column "kind"; its columns are: x1, x2, label
 *   path:7:5: expected 3 fields, found 2
 *   path:9:1: expected a number in column "x1", found "abc"
 *   path:4:3: an empty field in column "label"
 *   path:4:5: "inf" in column "y" is not a finite number     (the target too)
 *   path: the target "id" holds 1200 different texts; at most 1000 classes
 *   path:5:7: "caf\xE9" in column "kind" is not printable UTF-8 text; expected class names saved as UTF-8
 * (and an empty file, a header only, numbers in the header row, NaN or
 * infinity, not a text file, a quote not closed, out of memory: the
 * messages of data_load_csv). On error *t is left empty. */
int csvtext_load(CsvText *t, const char *path, const char *target, char *err, size_t errlen);

/* csvtext_load on a file's bytes in memory, text[0, len), with name in the
 * messages where the path would be (for tests and the fuzzer). Returns 0
 * or -1 as csvtext_load. */
int csvtext_parse(CsvText *t, const char *name, const char *text, size_t len,
                  const char *target, char *err, size_t errlen);

/* Frees what csvtext_load allocated; safe on an empty (zeroed) CsvText. */
void csvtext_free(CsvText *t);

#endif
