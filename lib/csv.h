/* csv.h - the one reader of CSV text that data.c and csvtext.c share.
 *
 * It cuts a file's text into a header row of names and rows of fields, as
 * spreadsheets and pandas write them (RFC 4180, with what Europe adds):
 *
 *   - The separator is found in the header line: ',' ';' or a tab, the one
 *     that occurs most often outside quotes (a tie goes to the first in
 *     that order; none at all, a single column, is ','). Every row must use
 *     it. "Most often" and not "first seen": a name may hold another
 *     separator ("weight, kg;height;y" is a ';' file), but the true one
 *     sits between every two names.
 *   - A field may be quoted: "a, b" holds a separator, "" inside quotes is
 *     one ", and blanks around the quotes are dropped. A quoted field must
 *     end on its line: a line break inside quotes is refused (a table of
 *     numbers has none, and a line count that skips them would point the
 *     student at the wrong line). A " inside an unquoted field is kept.
 *   - Blanks (spaces, tabs that are not the separator) around a field,
 *     quoted or not, and inside the quotes are trimmed.
 *   - CRLF and LF line ends, a UTF-8 byte order mark, blank lines anywhere
 *     (skipped, but counted), a missing final newline.
 *   - A NUL byte anywhere, a UTF-16 file, or a header line that is not
 *     UTF-8 text (an invalid sequence or a control byte) is "not a text
 *     file", refused before anything else.
 *   - With ';' a number may have a decimal comma: "1,344" is 1.344.
 *
 * Messages are "name:line:col: what is wrong" (line and col 1-based, col in
 * bytes after the byte order mark) and quote the file's text only through
 * csv_quote, which escapes what is not printable text and cuts it short.
 *
 *     CsvReader r;
 *     if (csv_begin(&r, name, text, len, err, sizeof err) != 0 ||
 *         csv_header(&r, &names, &cols) != 0) ...
 *     while ((rc = csv_row(&r)) == 1)
 *         ... r.fields[0 .. cols-1], from line r.line ...
 *     csv_end(&r);   (rc < 0: err holds the message)
 */
#ifndef ANNLAB_CSV_H
#define ANNLAB_CSV_H

#include <stddef.h>

/* The most columns a header may have: more is refused, before a file of
 * commas can ask for gigabytes of names. */
#define CSV_MAX_COLS 1000000

/* Characters of the file's text a message shows before "...". */
#define CSV_SHOWN 40

/* Room for any csv_quote result: CSV_SHOWN characters of up to 8 bytes
 * each (a control character of 2 bytes, escaped: \xC2\x85), the quotes,
 * "..." and the NUL. */
#define CSV_QUOTE_LEN (CSV_SHOWN * 8 + 8)

/* One field of the current row: its text unquoted and trimmed. */
typedef struct {
    char *text; /* NUL-terminated; valid until the next csv_row */
    size_t len;
    long col;   /* 1-based byte column of its first byte (the quote, when quoted) */
} CsvField;

typedef struct {
    const char *name;      /* what messages call the file */
    char *err;
    size_t errlen;
    const char *text;      /* the whole file */
    size_t len;
    size_t text_start;     /* 3 after a UTF-8 byte order mark, else 0 */
    size_t next;           /* where the line after the current one starts */
    const char *line_text; /* the current line, without its line end */
    size_t line_len;
    long line;             /* 1-based number of the current line */
    long header_line;      /* the header's line; 0 before csv_header */
    char sep;              /* ',', ';' or '\t'; 0 before csv_header */
    int cols;              /* fields a row must have, from the header */
    CsvField *fields;      /* the current row's cols fields */
    char *buf;             /* their texts */
    size_t buf_cap;
} CsvReader;

/* Start reading text[0, len) (a file's bytes; it need not end in a NUL and
 * must outlive r). name is what messages say instead of a path. Returns 0,
 * or -1 with err holding "name:line:col: not a text file (...)" (a NUL
 * byte) or "name: ... UTF-16 ...". Call csv_end in both cases. */
int csv_begin(CsvReader *r, const char *name, const char *text, size_t len, char *err,
              size_t errlen);

/* Read the header, the first line that is not blank: finds the separator,
 * checks the line is UTF-8 text, and returns its *cols names in *names
 * (each and the array malloc'ed, the caller frees them). Returns 0, or -1
 * with the message: the file is empty; not a text file; an empty name;
 * a first line of numbers; more than CSV_MAX_COLS columns; a quote not
 * closed; out of memory. On -1 *names is NULL and *cols 0. */
int csv_header(CsvReader *r, char ***names, int *cols);

/* Read the next row that is not blank into r->fields[0 .. r->cols-1].
 * Returns 1, 0 at the end of the text, or -1 with the message: a quote not
 * closed, text after a closing quote, too few or too many fields (at the
 * first extra field, or just past the end of the line), out of memory. */
int csv_row(CsvReader *r);

/* Frees what the reader allocated; safe after any result of csv_begin. */
void csv_end(CsvReader *r);

/* Write "name:line:col: " (the current line; line and col left out when
 * 0) and the printf-style message into r->err. Returns -1. */
int csv_fail(const CsvReader *r, long col, const char *fmt, ...);

/* Read s, a field's whole text, as a number into *x: decimal notation only
 * ("1.5", "-2e-3"; not "0x10"), and with the separator ';' a decimal comma
 * ("1,5", at most 63 bytes). nan, inf and numbers too large for a double
 * ("1e999") are read as what they are: the caller refuses them with
 * !isfinite. Returns 0, or -1 when s is not a number. */
int csv_number(const char *s, char sep, double *x);

/* The error for field f of the current row in the column called column:
 * "expected a number in column "x", found "1,5"" (with a hint when a
 * decimal comma met the separator ',') when f is not a number, else
 * ""inf" in column "y" is not a finite number". Returns -1. */
int csv_bad_number(const CsvReader *r, const CsvField *f, const char *column);

/* The byte offset in s[0, n) of the first byte that is not text: not
 * UTF-8, or a control character other than a tab; n when there is none. */
size_t csv_not_text(const char *s, size_t n);

/* Write s[0, n) as "text" into buf (len >= CSV_QUOTE_LEN for the whole
 * quote): control bytes and bytes that are not UTF-8 as \xNN, " and \ as
 * \" and \\, the rest as it is, cut after CSV_SHOWN characters with "...". */
void csv_quote(char *buf, size_t len, const char *s, size_t n);

/* Write the n names joined by ", " into buf[0, len) (len >= 6) for a
 * message "its columns are: x1, x2, y". A name that does not fit whole,
 * and those after it, become "...": the list is never cut inside a name,
 * so never inside a UTF-8 character. */
void csv_join_names(char *buf, size_t len, char *const *names, int n);

/* Read the whole file at path into *text (malloc'ed, NUL-terminated; the
 * caller frees it) and its length *len. Reading stops early at a block
 * holding a NUL byte (/dev/zero ends too): csv_begin refuses the file.
 * Returns 0; -2 (DATA_CANNOT_OPEN) with "path: cannot open: reason"; or
 * -1 with "path: read error: reason" or "path: out of memory". */
int csv_read_file(const char *path, char **text, size_t *len, char *err, size_t errlen);

#endif
