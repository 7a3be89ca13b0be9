/* csv.c - the one reader of CSV text, shared by data.c and csvtext.c; see csv.h. */
#include "csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h" /* DATA_CANNOT_OPEN */

/* ---- text: UTF-8, control bytes, quoting for messages ----------------------- */

/* The length of the UTF-8 character at s[0, n) (1 to 4), or 0 when the
 * bytes there are not valid UTF-8 (a stray continuation byte, a sequence
 * cut short, an overlong form, a surrogate, beyond U+10FFFF). */
static size_t utf8_char(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* the range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80; /* E0 80..9F: overlong */
        hi = c == 0xED ? 0x9F : 0xBF; /* ED A0..BF: surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : 0x80; /* F0 80..8F: overlong */
        hi = c == 0xF4 ? 0x8F : 0xBF; /* F4 90..: beyond U+10FFFF */
    } else
        return 0;
    if (n < len || u[1] < lo || u[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if (u[k] < 0x80 || u[k] > 0xBF)
            return 0;
    return len;
}

/* Is the character s[0, len) a control character: C0 (below 0x20), DEL,
 * or C1 (U+0080..U+009F, which some terminals obey too)? */
static int is_control(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    return (len == 1 && (u[0] < 0x20 || u[0] == 0x7F)) ||
           (len == 2 && u[0] == 0xC2 && u[1] < 0xA0);
}

size_t csv_not_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t len = utf8_char(s + i, n - i);
        if (len == 0 || (is_control(s + i, len) && s[i] != '\t'))
            return i;
        i += len;
    }
    return n;
}

void csv_quote(char *buf, size_t len, const char *s, size_t n)
{
    char q[CSV_QUOTE_LEN];
    size_t w = 0, i = 0;
    q[w++] = '"';
    for (int shown = 0; i < n && shown < CSV_SHOWN; shown++) {
        size_t k = utf8_char(s + i, n - i);
        if (k == 0 || is_control(s + i, k)) {
            for (size_t b = 0; b < (k ? k : 1); b++) /* \xNN for each of its bytes */
                w += (size_t)snprintf(q + w, sizeof q - w, "\\x%02X", (unsigned char)s[i + b]);
            i += k ? k : 1;
        } else if (s[i] == '"' || s[i] == '\\') { /* \" and \\: the quotes stay unambiguous */
            q[w++] = '\\';
            q[w++] = s[i++];
        } else {
            memcpy(q + w, s + i, k);
            w += k;
            i += k;
        }
    }
    if (i < n) {
        memcpy(q + w, "...", 3);
        w += 3;
    }
    q[w++] = '"';
    q[w] = '\0';
    snprintf(buf, len, "%s", q);
}

void csv_join_names(char *buf, size_t len, char *const *names, int n)
{
    size_t w = 0;
    buf[0] = '\0';
    for (int j = 0; j < n; j++) {
        const char *comma = j ? ", " : "";
        /* room for this name, then ", ..." and the NUL after it */
        if (w + strlen(comma) + strlen(names[j]) + 6 > len) {
            snprintf(buf + w, len - w, "%s...", comma);
            return;
        }
        w += (size_t)snprintf(buf + w, len - w, "%s%s", comma, names[j]);
    }
}

/* ---- messages --------------------------------------------------------------- */

int csv_fail(const CsvReader *r, long col, const char *fmt, ...)
{
    int n;
    if (r->line > 0 && col > 0)
        n = snprintf(r->err, r->errlen, "%s:%ld:%ld: ", r->name, r->line, col);
    else if (r->line > 0)
        n = snprintf(r->err, r->errlen, "%s:%ld: ", r->name, r->line);
    else
        n = snprintf(r->err, r->errlen, "%s: ", r->name);
    if (n >= 0 && (size_t)n < r->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err + n, r->errlen - n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* How a message names a separator. */
static const char *sep_name(char sep)
{
    return sep == '\t' ? "a tab" : sep == ';' ? "';'" : "','";
}

/* ---- numbers ---------------------------------------------------------------- */

int csv_number(const char *s, char sep, double *x)
{
    char point[64]; /* s with its decimal comma made a point */
    const char *comma = strchr(s, ',');
    if (comma && sep == ';') {
        size_t n = strlen(s);
        if (n >= sizeof point || strchr(comma + 1, ',') || strchr(s, '.'))
            return -1; /* "1,2,3", "1.234,5": not one decimal comma */
        memcpy(point, s, n + 1);
        point[comma - s] = '.';
        s = point;
    }
    if (!*s)
        return -1;
    char *stop;
    *x = strtod(s, &stop);
    if (*stop != '\0')
        return -1;
    /* strtod also reads hexadecimal ("0x10" is 16): a table's numbers are
     * decimal, and nan / inf (not finite) are the caller's to refuse */
    if (isfinite(*x) && strspn(s, "0123456789+-.eE") != strlen(s))
        return -1;
    return 0;
}

int csv_bad_number(const CsvReader *r, const CsvField *f, const char *column)
{
    char name[CSV_QUOTE_LEN], found[CSV_QUOTE_LEN];
    double x;
    csv_quote(name, sizeof name, column, strlen(column));
    csv_quote(found, sizeof found, f->text, f->len);
    if (csv_number(f->text, r->sep, &x) == 0)
        return csv_fail(r, f->col, "%s in column %s is not a finite number", found, name);
    /* "1,5" in a ',' file: what a spreadsheet set to a decimal comma writes */
    int comma = r->sep != ';' && csv_number(f->text, ';', &x) == 0 && strchr(f->text, ',');
    return csv_fail(r, f->col, "expected a number in column %s, found %s%s", name, found,
                    comma ? " (a decimal comma is read only when the separator is ';')" : "");
}

/* ---- lines ------------------------------------------------------------------ */

/* The line and column (1-based, after a byte order mark) of byte at. */
static void locate(const CsvReader *r, size_t at, long *line, long *col)
{
    size_t start = r->text_start;
    *line = 1;
    for (size_t i = start; i < at; i++)
        if (r->text[i] == '\n') {
            ++*line;
            start = i + 1;
        }
    *col = (long)(at - start) + 1;
}

int csv_begin(CsvReader *r, const char *name, const char *text, size_t len, char *err,
              size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->err = err;
    r->errlen = errlen;
    r->text = text;
    r->len = len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r->text_start = 3; /* a UTF-8 byte order mark: columns count after it */
    r->next = r->text_start;
    if (len >= 2 && (memcmp(text, "\xFF\xFE", 2) == 0 || memcmp(text, "\xFE\xFF", 2) == 0))
        return csv_fail(r, 0, "not a text file in UTF-8 (it starts with the byte order mark "
                        "of UTF-16); expected a CSV file saved as UTF-8");
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        long col;
        locate(r, (size_t)(nul - text), &r->line, &col);
        return csv_fail(r, col, "not a text file (a NUL byte); expected a CSV file with a "
                        "header row");
    }
    return 0;
}

/* Move to the next line that is not blank (spaces and tabs only count as
 * blank): r->line_text, r->line_len without the line end ("\n", "\r\n").
 * Returns 0 at the end of the text. */
static int next_line(CsvReader *r)
{
    for (;;) {
        if (r->next >= r->len)
            return 0;
        const char *s = r->text + r->next;
        const char *nl = memchr(s, '\n', r->len - r->next);
        size_t n = nl ? (size_t)(nl - s) : r->len - r->next;
        r->next += nl ? n + 1 : n;
        r->line++;
        while (n > 0 && s[n - 1] == '\r')
            n--;
        r->line_text = s;
        r->line_len = n;
        for (size_t i = 0; i < n; i++)
            if (!isspace((unsigned char)s[i]))
                return 1;
    }
}

/* Room for n bytes in r->buf. */
static int buf_room(CsvReader *r, size_t n)
{
    if (n <= r->buf_cap)
        return 0;
    char *b = realloc(r->buf, n);
    if (!b)
        return -1;
    r->buf = b;
    r->buf_cap = n;
    return 0;
}

/* ---- fields ----------------------------------------------------------------- */

static int is_blank(char c, char sep)
{
    return c != sep && isspace((unsigned char)c);
}

/* Read the field of the current line that starts at byte *at into out
 * (room for the rest of the line and a NUL), unquoted and trimmed. Moves
 * *at past the separator after it; *last = 1 when it ends the line.
 * Returns 0, or -1 for a quote not closed or text after a closing quote. */
static int scan_field(const CsvReader *r, size_t *at, char *out, CsvField *f, int *last)
{
    const char *s = r->line_text;
    size_t n = r->line_len, i = *at, k = 0;
    while (i < n && is_blank(s[i], r->sep))
        i++;
    f->col = (long)i + 1;
    if (i < n && s[i] == '"') {
        /* RFC 4180: up to the next lone quote; "" is one quote */
        for (i++;; i++) {
            if (i == n)
                return csv_fail(r, f->col, "this quote is not closed on its line; a quoted "
                                "field must end on the line it starts on");
            if (s[i] == '"' && (i + 1 == n || s[i + 1] != '"'))
                break;
            i += s[i] == '"'; /* the first of "" */
            out[k++] = s[i];
        }
        for (i++; i < n && is_blank(s[i], r->sep); i++)
            ;
        if (i < n && s[i] != r->sep) {
            char found[CSV_QUOTE_LEN];
            csv_quote(found, sizeof found, s + i, n - i);
            return csv_fail(r, (long)i + 1, "expected %s or the end of the line after a "
                            "closing quote, found %s", sep_name(r->sep), found);
        }
    } else {
        while (i < n && s[i] != r->sep)
            out[k++] = s[i++];
    }
    size_t b = 0; /* blanks inside the quotes, and after an unquoted field */
    while (b < k && isspace((unsigned char)out[b]))
        b++;
    while (k > b && isspace((unsigned char)out[k - 1]))
        k--;
    memmove(out, out + b, k - b);
    out[k - b] = '\0';
    f->text = out;
    f->len = k - b;
    *last = i >= n;
    *at = i < n ? i + 1 : n;
    return 0;
}

/* How often sep occurs in s[0, n) outside quotes. */
static long count_outside_quotes(const char *s, size_t n, char sep)
{
    long count = 0;
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        quoted ^= s[i] == '"';
        count += !quoted && s[i] == sep;
    }
    return count;
}

/* The header's separator: of ',' ';' and a tab, the one that occurs most
 * often outside quotes (a tie: the first; see csv.h for why). */
static char find_separator(const char *s, size_t n)
{
    static const char candidates[] = {',', ';', '\t'};
    char sep = ',';
    long most = 0;
    for (int c = 0; c < 3; c++) {
        long k = count_outside_quotes(s, n, candidates[c]);
        if (k > most) {
            most = k;
            sep = candidates[c];
        }
    }
    return sep;
}

/* Why the header line is not text, at byte i of it. */
static int not_text(CsvReader *r, size_t i)
{
    const char *s = r->line_text;
    char byte[8];
    snprintf(byte, sizeof byte, "\\x%02X", (unsigned char)s[i]);
    if (s[i] == '\r')
        return csv_fail(r, (long)i + 1, "not a text file with LF or CRLF line ends (a carriage "
                        "return \\x0D inside the header row); expected a CSV file with a header row");
    if (utf8_char(s + i, r->line_len - i) != 0)
        return csv_fail(r, (long)i + 1, "not a text file (the control byte %s in the header "
                        "row); expected a CSV file with a header row", byte);
    return csv_fail(r, (long)i + 1, "not a text file in UTF-8 (the byte %s in the header row); "
                    "expected a CSV file with a header row, saved as UTF-8", byte);
}

static void free_names(char **names, int n)
{
    for (int j = 0; names && j < n; j++)
        free(names[j]);
    free(names);
}

/* Append the field f to the header's names; 0 or -1 with the message. */
static int add_name(CsvReader *r, char ***names, int *cols, int *cap, const CsvField *f)
{
    if (f->len == 0)
        return csv_fail(r, f->col, "column %d has an empty name in the header row", *cols + 1);
    if (*cols == CSV_MAX_COLS)
        return csv_fail(r, f->col, "more than %d columns in the header row", CSV_MAX_COLS);
    if (*cols == *cap) {
        int c = *cap ? 2 * *cap : 16;
        char **more = realloc(*names, (size_t)c * sizeof *more);
        if (!more)
            return csv_fail(r, 0, "out of memory");
        *names = more;
        *cap = c;
    }
    if (!((*names)[*cols] = malloc(f->len + 1)))
        return csv_fail(r, 0, "out of memory");
    memcpy((*names)[(*cols)++], f->text, f->len + 1);
    return 0;
}

int csv_header(CsvReader *r, char ***names, int *cols)
{
    *names = NULL;
    *cols = 0;
    if (!next_line(r)) {
        r->line = 0; /* blank lines only: no line to point at */
        return csv_fail(r, 0, "the file is empty; expected a header row of column names");
    }
    r->header_line = r->line;
    size_t bad = csv_not_text(r->line_text, r->line_len);
    if (bad < r->line_len)
        return not_text(r, bad);
    r->sep = find_separator(r->line_text, r->line_len);
    if (buf_room(r, r->line_len + 1) != 0)
        return csv_fail(r, 0, "out of memory");
    int rc = 0, cap = 0, numbers = 0, last = 0;
    for (size_t at = 0; rc == 0 && !last;) {
        CsvField f;
        double x;
        rc = scan_field(r, &at, r->buf, &f, &last);
        if (rc == 0)
            rc = add_name(r, names, cols, &cap, &f);
        numbers += rc == 0 && csv_number(f.text, r->sep, &x) == 0;
    }
    if (rc == 0 && numbers == *cols)
        rc = csv_fail(r, 1, "the first line holds numbers; expected a header row of column names");
    if (rc == 0 && !(r->fields = malloc((size_t)*cols * sizeof *r->fields)))
        rc = csv_fail(r, 0, "out of memory");
    if (rc != 0) {
        free_names(*names, *cols);
        *names = NULL;
        *cols = 0;
        return -1;
    }
    r->cols = *cols;
    return 0;
}

/* "expected 3 fields, found 2" at col, and why when the line would have
 * the header's count with another separator. */
static int wrong_count(const CsvReader *r, long found, long col)
{
    static const char candidates[] = {',', ';', '\t'};
    char other = 0;
    for (int c = 0; c < 3; c++)
        if (candidates[c] != r->sep &&
            count_outside_quotes(r->line_text, r->line_len, candidates[c]) + 1 == r->cols)
            other = candidates[c];
    if (other)
        return csv_fail(r, col, "expected %d fields, found %ld (the header row is separated by "
                        "%s, this line by %s)", r->cols, found, sep_name(r->sep), sep_name(other));
    return csv_fail(r, col, "expected %d fields, found %ld", r->cols, found);
}

int csv_row(CsvReader *r)
{
    if (!next_line(r))
        return 0;
    /* the kept fields' texts and NULs take at most 2 bytes a byte of the line */
    if (r->line_len >= ((size_t)-1) / 2 - 1 || buf_room(r, 2 * r->line_len + 2) != 0)
        return csv_fail(r, 0, "out of memory");
    size_t at = 0, used = 0;
    long j = 0, extra_col = 0;
    int last = 0;
    for (; !last; j++) {
        CsvField f;
        if (scan_field(r, &at, r->buf + used, &f, &last) != 0)
            return -1;
        if (j < r->cols) {
            r->fields[j] = f;
            used += f.len + 1;
        } else if (j == r->cols) {
            extra_col = f.col; /* the first field too many */
        }
    }
    if (j != r->cols)
        return wrong_count(r, j, j > r->cols ? extra_col : (long)r->line_len + 1);
    return 1;
}

void csv_end(CsvReader *r)
{
    free(r->buf);
    free(r->fields);
    r->buf = NULL;
    r->fields = NULL;
    r->buf_cap = 0;
}

/* ---- files ------------------------------------------------------------------ */

/* Bytes read at a time. */
#define CSV_BLOCK 65536

int csv_read_file(const char *path, char **text, size_t *len, char *err, size_t errlen)
{
    *text = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return DATA_CANNOT_OPEN;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int rc = 0, error = 0;
    for (;;) {
        if (cap - n < CSV_BLOCK + 1) {
            size_t c = cap ? 2 * cap : 4 * CSV_BLOCK;
            char *more = c > cap ? realloc(buf, c) : NULL;
            if (!more) {
                rc = -1;
                snprintf(err, errlen, "%s: out of memory", path);
                break;
            }
            buf = more;
            cap = c;
        }
        errno = 0;
        size_t got = fread(buf + n, 1, CSV_BLOCK, fp);
        error = errno;
        int nul = memchr(buf + n, '\0', got) != NULL;
        n += got;
        if (got < CSV_BLOCK || nul)
            break; /* the end, an error, or not text (csv_begin says so) */
    }
    if (rc == 0 && ferror(fp)) {
        rc = -1;
        snprintf(err, errlen, "%s: read error: %s", path, strerror(error ? error : EIO));
    }
    fclose(fp);
    if (rc != 0) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}
