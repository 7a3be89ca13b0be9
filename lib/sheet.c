/* sheet.c - the worksheet of a worked example: names, values, formulas,
 * and what a student's hand calculation is checked against; see sheet.h. */
#include "sheet.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hand.h"

/* ---- filling it ---------------------------------------------------------------- */

void sheet_init(Sheet *s)
{
    s->n = 0;
    s->prefix[0] = '\0';
}

void sheet_namespace(Sheet *s, const char *prefix)
{
    CHECK(strlen(prefix) < SHEET_NAME_LEN, "the prefix \"%s\" is too long for a sheet", prefix);
    strcpy(s->prefix, prefix);
}

/* name with the sheet's prefix before it, into buf (SHEET_NAME_LEN bytes). */
static const char *prefixed(const Sheet *s, const char *name, char *buf)
{
    CHECK(name[0] != '\0', "an empty name on a sheet");
    CHECK(strlen(s->prefix) + strlen(name) < SHEET_NAME_LEN, "\"%s%s\" is too long for a sheet",
          s->prefix, name);
    strcpy(buf, s->prefix);
    return strcat(buf, name);
}

/* The entry a word of a formula names: prefix + word, else word; or NULL. */
static const SheetEntry *find_word(const Sheet *s, const char *word)
{
    char buf[SHEET_TEXT_LEN + SHEET_NAME_LEN];
    snprintf(buf, sizeof buf, "%s%s", s->prefix, word);
    const SheetEntry *e = s->prefix[0] ? sheet_find(s, buf) : NULL;
    return e ? e : sheet_find(s, word);
}

/* A fresh entry of kind at the end of s. */
static SheetEntry *add(Sheet *s, SheetKind kind, const char *name, const char *text)
{
    CHECK(s->n < SHEET_MAX, "more than %d entries on a sheet", SHEET_MAX);
    CHECK(strlen(name) < SHEET_NAME_LEN && strlen(text) < SHEET_TEXT_LEN,
          "\"%s\" or \"%s\" is too long for a sheet", name, text);
    SheetEntry *e = &s->e[s->n++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    strcpy(e->name, name);
    strcpy(e->text, text);
    return e;
}

/* A name must be one word of a --check request: no spaces, ',' or '='. */
static void check_name(const Sheet *s, const char *name)
{
    CHECK(name[0] != '\0' && strpbrk(name, " ,=") == NULL,
          "\"%s\" cannot be a name on a sheet (empty, or with a space, ',' or '=')", name);
    CHECK(sheet_find(s, name) == NULL, "\"%s\" is on the sheet twice", name);
}

void sheet_heading(Sheet *s, const char *title)
{
    add(s, SHEET_HEADING, "", title);
}

void sheet_given(Sheet *s, const char *name, double value)
{
    char full[SHEET_NAME_LEN];
    prefixed(s, name, full);
    check_name(s, full);
    add(s, SHEET_GIVEN, full, "")->value = value;
}

/* Words of a formula are split at these; a leading sign is dropped. */
#define SEPARATORS " (),;^*"

void sheet_calc(Sheet *s, const char *name, double value, const char *formula)
{
    char full[SHEET_NAME_LEN];
    prefixed(s, name, full);
    check_name(s, full);
    SheetEntry *e = add(s, SHEET_CALC, full, formula);
    e->value = value;
    for (const char *at = formula + strspn(formula, SEPARATORS); *at;) {
        size_t len = strcspn(at, SEPARATORS);
        char w[SHEET_TEXT_LEN];
        memcpy(w, at, len);
        w[len] = '\0';
        at += len;
        at += strspn(at, SEPARATORS);
        const SheetEntry *in = find_word(s, w + strspn(w, "-+"));
        if (!in || in == e)
            continue;
        int k = (int)(in - s->e), seen = 0;
        for (int j = 0; j < e->n_from; j++)
            seen |= e->from[j] == k;
        if (seen)
            continue;
        CHECK(e->n_from < SHEET_MAX_FROM, "%s's formula names more than %d quantities", name,
              SHEET_MAX_FROM);
        e->from[e->n_from++] = k;
    }
}

/* template with '#' replaced by i and '@' by i - 1, into buf. */
static const char *at_row(char *buf, size_t len, const char *template, int i)
{
    size_t n = 0;
    for (const char *c = template; *c; c++) {
        char num[16];
        if (*c == '#' || *c == '@')
            snprintf(num, sizeof num, "%d", *c == '#' ? i : i - 1);
        else
            num[0] = *c, num[1] = '\0';
        size_t k = strlen(num);
        CHECK(n + k < len, "\"%s\" for row %d is too long for a sheet", template, i);
        memcpy(buf + n, num, k);
        n += k;
    }
    buf[n] = '\0';
    return buf;
}

void sheet_given_at(Sheet *s, int i, const char *name, double value)
{
    char n[SHEET_NAME_LEN];
    sheet_given(s, at_row(n, sizeof n, name, i), value);
}

void sheet_calc_at(Sheet *s, int i, const char *name, double value, const char *formula)
{
    char n[SHEET_NAME_LEN], f[SHEET_TEXT_LEN];
    sheet_calc(s, at_row(n, sizeof n, name, i), value, at_row(f, sizeof f, formula, i));
}

const SheetEntry *sheet_find(const Sheet *s, const char *name)
{
    for (int k = 0; k < s->n; k++)
        if (s->e[k].kind != SHEET_HEADING && strcmp(s->e[k].name, name) == 0)
            return &s->e[k];
    return NULL;
}

/* ---- numbers as written ---------------------------------------------------------- */

int sheet_read_written(const char *text, SheetWritten *w)
{
    const char *p = text;
    if (*p == '+' || *p == '-')
        p++;
    int digits = 0, significant = 0, decimals = 0, point = 0;
    for (; isdigit((unsigned char)*p) || (*p == '.' && !point); p++) {
        if (*p == '.') {
            point = 1;
            continue;
        }
        digits++;
        decimals += point;
        significant += significant > 0 || *p != '0'; /* from the first non-zero digit on */
    }
    if (digits == 0)
        return -1;
    int exponent = 0;
    if (*p == 'e' || *p == 'E') {
        const char *digit = p + 1 + (p[1] == '+' || p[1] == '-');
        if (!isdigit((unsigned char)*digit)) /* strtol would skip spaces */
            return -1;
        char *end;
        long e = strtol(p + 1, &end, 10);
        if (end == p + 1 || !isdigit((unsigned char)end[-1]) || e < -300 || e > 300)
            return -1;
        exponent = (int)e;
        p = end;
    }
    if (*p != '\0')
        return -1;
    w->value = strtod(text, NULL);
    if (!isfinite(w->value))
        return -1;
    w->unit = pow(10.0, exponent - decimals);
    w->digits = significant;
    return 0;
}

int sheet_agrees(const SheetWritten *w, double exact)
{
    return fabs(w->value - exact) <= 0.5 * w->unit + 1e-12 * fabs(exact);
}

/* "to 4 digits", "to 1 digit", or for a written zero "to 3 decimals". */
static void describe_digits(const SheetWritten *w, char *buf, size_t len)
{
    if (w->digits > 0)
        snprintf(buf, len, "to %d digit%s", w->digits, w->digits == 1 ? "" : "s");
    else if (w->unit < 1.0)
        snprintf(buf, len, "to %d decimals", (int)lround(-log10(w->unit)));
    else
        snprintf(buf, len, "to the units");
}

/* ---- close names --------------------------------------------------------------------- */

/* Case-insensitive edit distance (insertions, deletions, substitutions)
 * of a and b, both shorter than 64 characters. */
static int edit_distance(const char *a, const char *b)
{
    int na = (int)strlen(a), nb = (int)strlen(b);
    int row[64], prev[64];
    for (int j = 0; j <= nb; j++)
        prev[j] = j;
    for (int i = 1; i <= na; i++) {
        row[0] = i;
        for (int j = 1; j <= nb; j++) {
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            int best = prev[j - 1] + !same;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
        }
        memcpy(prev, row, (size_t)(nb + 1) * sizeof *row);
    }
    return prev[nb];
}

/* Whether b occurs in a, ignoring case. */
static int contains(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    for (size_t i = 0; nb > 0 && i + nb <= na; i++) {
        size_t j = 0;
        while (j < nb && tolower((unsigned char)a[i + j]) == tolower((unsigned char)b[j]))
            j++;
        if (j == nb)
            return 1;
    }
    return 0;
}

int sheet_close_names(const Sheet *s, const char *name, const char **close, int max)
{
    int len = (int)strlen(name), limit = len / 3 > 1 ? len / 3 : 1;
    if (len >= 64 || max <= 0)
        return 0;
    int dist[SHEET_MAX], n = 0;
    for (int k = 0; k < s->n; k++) {
        const SheetEntry *e = &s->e[k];
        if (e->kind == SHEET_HEADING)
            continue;
        int d = edit_distance(name, e->name);
        if (d > limit && !(len >= 2 && (contains(e->name, name) || contains(name, e->name))))
            continue;
        /* insert by distance, after the equally close ones (the sheet's order) */
        int at = n < max ? n : max;
        while (at > 0 && dist[at - 1] > d)
            at--;
        if (at >= max)
            continue;
        for (int j = (n < max ? n : max - 1); j > at; j--) {
            dist[j] = dist[j - 1];
            close[j] = close[j - 1];
        }
        dist[at] = d;
        close[at] = e->name;
        if (n < max)
            n++;
    }
    return n;
}

/* ---- --check ---------------------------------------------------------------------------- */

/* One NAME=VALUE of a request. */
typedef struct {
    const SheetEntry *entry;
    char text[64]; /* the value as written */
    SheetWritten w;
    int right;
} Item;

/* s with the spaces at both ends cut off (in place). */
static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Parse request into items; 0, or SHEET_BAD_REQUEST after an error on err. */
static int parse_request(const Sheet *s, const char *request, Item *items, int *n_items,
                         FILE *err)
{
    char buf[4096];
    if (strlen(request) >= sizeof buf) {
        fprintf(err, "error: --check: the list is too long (at most %zu characters)\n",
                sizeof buf - 1);
        return SHEET_BAD_REQUEST;
    }
    strcpy(buf, request);
    *n_items = 0;
    char *rest = buf;
    for (char *item = buf; item; item = rest) {
        rest = strchr(item, ',');
        if (rest)
            *rest++ = '\0';
        if (*trim(item) == '\0') /* "a=1," or "a=1,,b=2": nothing between commas */
            continue;
        char *eq = strchr(item, '=');
        if (!eq) {
            item = trim(item);
            fprintf(err, "error: --check: \"%s\" is not NAME=VALUE\n", item);
            if (strspn(item, "0123456789") == strlen(item)) /* the tail of 0,5933 */
                fprintf(err, "hint: write decimals with a point, 0.5933, not 0,5933\n");
            else
                fprintf(err, "hint: --check NAME=VALUE,NAME=VALUE,... (--check list shows the "
                             "names)\n");
            return SHEET_BAD_REQUEST;
        }
        *eq = '\0';
        char *name = trim(item), *value = trim(eq + 1);
        const SheetEntry *e = sheet_find(s, name);
        if (!e) {
            const char *close[6];
            int n = sheet_close_names(s, name, close, 6);
            fprintf(err, "error: --check: no quantity called \"%s\" here", name);
            for (int k = 0; k < n; k++)
                fprintf(err, "%s%s", k ? ", " : "; close names: ", close[k]);
            fprintf(err, "\nhint: --check list shows every name\n");
            return SHEET_BAD_REQUEST;
        }
        Item *it = &items[(*n_items)++];
        it->entry = e;
        if (strlen(value) >= sizeof it->text || sheet_read_written(value, &it->w) != 0) {
            fprintf(err, "error: --check: %s=%s: \"%s\" is not a number\n"
                         "hint: write it as the transcript does: 0.5933, -1.2e-3, 4\n",
                    name, value, value);
            return SHEET_BAD_REQUEST;
        }
        strcpy(it->text, value);
        if (*n_items == SHEET_MAX && rest) {
            fprintf(err, "error: --check: more than %d values\n", SHEET_MAX);
            return SHEET_BAD_REQUEST;
        }
    }
    if (*n_items == 0) {
        fprintf(err, "error: --check: no NAME=VALUE in \"%s\"\n"
                     "hint: --check NAME=VALUE,NAME=VALUE,... (--check list shows the names)\n",
                request);
        return SHEET_BAD_REQUEST;
    }
    return 0;
}

/* The heading an entry sits under, or NULL. */
static const SheetEntry *heading_of(const Sheet *s, const SheetEntry *e)
{
    for (int k = (int)(e - s->e); k >= 0; k--)
        if (s->e[k].kind == SHEET_HEADING)
            return &s->e[k];
    return NULL;
}

/* The item that checked entry k: the last one naming it, or NULL. */
static const Item *item_for(const Item *items, int n, const SheetEntry *e)
{
    const Item *found = NULL;
    for (int i = 0; i < n; i++)
        if (items[i].entry == e)
            found = &items[i];
    return found;
}

/* What the first wrong step was computed from, and what to do next. */
static void explain(const Sheet *s, const SheetEntry *wrong, const Item *items, int n,
                    const char *program, unsigned long long variant, FILE *out)
{
    const SheetEntry *h = heading_of(s, wrong);
    fprintf(out, "\nThe first wrong step in the lecture's order: %s%s%s\n", wrong->name,
            h ? ", in section " : "", h ? h->text : "");
    if (wrong->kind == SHEET_GIVEN) {
        fprintf(out, "    %s is a given: copy it from the question again.\n", wrong->name);
        return;
    }
    fprintf(out, "    %s = %s\n", wrong->name, wrong->text);
    if (wrong->n_from == 0) {
        fprintf(out, "Redo this step.\n");
        return;
    }
    fprintf(out, "is computed from\n");
    int unchecked = 0, width = 12; /* the names' column: 12, or the longest name */
    for (int j = 0; j < wrong->n_from; j++) {
        int len = (int)strlen(s->e[wrong->from[j]].name);
        width = len > width ? len : width;
    }
    for (int j = 0; j < wrong->n_from; j++) {
        const SheetEntry *in = &s->e[wrong->from[j]];
        const Item *it = item_for(items, n, in);
        char num[40];
        if (in->kind == SHEET_GIVEN)
            fprintf(out, "    %-*s given, %s\n", width, in->name,
                    hand_fmt(num, sizeof num, in->value));
        else if (it)
            fprintf(out, "    %-*s right, as you checked\n", width, in->name);
        else
            fprintf(out, "    %-*s not checked\n", width, in->name), unchecked++;
    }
    if (unchecked == 0) {
        fprintf(out, "Its inputs are right, so the slip is in this step: redo %s = %s.\n",
                wrong->name, wrong->text);
        return;
    }
    fprintf(out, "Check %s first:\n    %s", unchecked == 1 ? "that" : "those", program);
    if (variant)
        fprintf(out, " --variant %llu", variant);
    fprintf(out, " --check ");
    int k = 0;
    for (int j = 0; j < wrong->n_from; j++) {
        const SheetEntry *in = &s->e[wrong->from[j]];
        if (in->kind == SHEET_CALC && !item_for(items, n, in))
            fprintf(out, "%s%s=...", k++ ? "," : "", in->name);
    }
    fprintf(out, "\n");
}

/* Whether request is "list" (spaces around it allowed). */
static int is_list(const char *request)
{
    while (isspace((unsigned char)*request))
        request++;
    if (strncmp(request, "list", 4) != 0)
        return 0;
    for (request += 4; isspace((unsigned char)*request); request++)
        ;
    return *request == '\0';
}

int sheet_check(const Sheet *s, const char *request, const char *program,
                unsigned long long variant, FILE *out, FILE *err)
{
    if (is_list(request)) {
        sheet_list(s, out);
        return SHEET_ALL_RIGHT;
    }
    Item items[SHEET_MAX];
    int n = 0;
    int rc = parse_request(s, request, items, &n, err);
    if (rc != 0)
        return rc;
    const SheetEntry *first_wrong = NULL;
    int right = 0;
    for (int i = 0; i < n; i++) {
        Item *it = &items[i];
        char how[32];
        it->right = sheet_agrees(&it->w, it->entry->value);
        describe_digits(&it->w, how, sizeof how);
        fprintf(out, "%s = %s: %s (%s)", it->entry->name, it->text,
                it->right ? "right" : "not right", how);
        if (!it->right && fabs(it->w.value - it->entry->value) <= it->w.unit)
            fprintf(out, ", but within one unit of the last digit: a rounding slip?");
        fprintf(out, "\n");
        right += it->right;
        if (!it->right && (!first_wrong || it->entry < first_wrong))
            first_wrong = it->entry;
    }
    if (first_wrong)
        explain(s, first_wrong, items, n, program, variant, out);
    if (right == n)
        fprintf(out, "All %d right.\n", n);
    else
        fprintf(out, "%d of %d right.\n", right, n);
    return right == n ? SHEET_ALL_RIGHT : SHEET_SOME_WRONG;
}

/* ---- --check list and --quiz --------------------------------------------------------------- */

/* Words on lines of at most 78 columns, each line starting with indent
 * spaces: word_put adds one word (starting a line when it must), and
 * word_end ends the last line. *col is the current column, 0 before any. */
static void word_put(FILE *out, int *col, int indent, const char *word)
{
    int len = (int)strlen(word);
    if (*col > indent && *col + 1 + len > 78) {
        fputc('\n', out);
        *col = 0;
    }
    if (*col == 0) {
        fprintf(out, "%*s%s", indent, "", word);
        *col = indent + len;
    } else {
        fprintf(out, " %s", word);
        *col += 1 + len;
    }
}

static void word_end(FILE *out, int *col)
{
    if (*col > 0)
        fputc('\n', out);
    *col = 0;
}

void sheet_list(const Sheet *s, FILE *out)
{
    fprintf(out, "The names --check knows: the givens, then the quantities in the order\n"
                 "the lecture computes them.\n");
    int col = 0;
    SheetKind last = SHEET_HEADING;
    for (int k = 0; k < s->n; k++) {
        const SheetEntry *e = &s->e[k];
        if (e->kind == SHEET_HEADING) {
            word_end(out, &col);
            fprintf(out, "\n%s\n", e->text);
        } else {
            if (e->kind != last) {
                word_end(out, &col);
                word_put(out, &col, 4, e->kind == SHEET_GIVEN ? "given:  " : "compute:");
            }
            word_put(out, &col, 13, e->name);
        }
        last = e->kind;
    }
    word_end(out, &col);
}

/* The end of the run of entries of e[k]'s kind that starts at k. */
static int run_end(const Sheet *s, int k)
{
    int j = k;
    while (j < s->n && s->e[j].kind == s->e[k].kind)
        j++;
    return j;
}

/* Givens k .. end-1 as "name = value" in columns, as many as fit in 78. */
static void quiz_givens(const Sheet *s, int k, int end, FILE *out)
{
    char item[SHEET_MAX][SHEET_NAME_LEN + 40], num[40];
    int width = 0;
    for (int j = k; j < end; j++) {
        snprintf(item[j - k], sizeof item[0], "%s = %s", s->e[j].name,
                 hand_fmt(num, sizeof num, s->e[j].value));
        int len = (int)strlen(item[j - k]);
        width = len > width ? len : width;
    }
    int per_line = (78 - 4 + 3) / (width + 3);
    per_line = per_line > 0 ? per_line : 1;
    fprintf(out, "Given:\n");
    for (int j = k; j < end; j++) {
        int at = (j - k) % per_line, last = at == per_line - 1 || j == end - 1;
        fprintf(out, "%s%-*s%s", at ? "   " : "    ", last ? 0 : width, item[j - k],
                last ? "\n" : "");
    }
}

void sheet_quiz(const Sheet *s, FILE *out)
{
    for (int k = 0; k < s->n;) {
        const SheetEntry *e = &s->e[k];
        if (e->kind == SHEET_HEADING) {
            hand_section_to(out, e->text);
            k++;
            continue;
        }
        int end = run_end(s, k);
        if (e->kind == SHEET_GIVEN) {
            quiz_givens(s, k, end, out);
        } else {
            int width = 0;
            for (int j = k; j < end; j++) {
                int len = (int)strlen(s->e[j].name);
                width = len > width ? len : width;
            }
            fprintf(out, "Compute, in order:\n");
            for (int j = k; j < end; j++)
                fprintf(out, "    %-*s = %s\n", width, s->e[j].name, s->e[j].text);
        }
        k = end;
    }
}

/* ---- fresh numbers ---------------------------------------------------------------------------- */

double sheet_draw(Rng *rng, double lo, double hi, int decimals)
{
    CHECK(decimals >= 0 && decimals <= 6 && lo <= hi, "sheet_draw(%g, %g, %d)", lo, hi, decimals);
    double scale = pow(10.0, decimals);
    double first = round(lo * scale), last = round(hi * scale);
    return (first + rng_int(rng, (int)(last - first) + 1)) / scale;
}

void sheet_draw_table(Rng *rng, Mat *X, Mat *y, int lo, int hi)
{
    CHECK(X->rows >= 2 && y->rows == X->rows && y->cols == 1 && lo <= hi,
          "X is %d x %d, y %d x %d, from %d to %d", X->rows, X->cols, y->rows, y->cols, lo, hi);
    for (;;) {
        int positive = 0;
        for (int i = 0; i < X->rows; i++) {
            for (int j = 0; j < X->cols; j++)
                MAT_AT(X, i, j) = lo + rng_int(rng, hi - lo + 1);
            MAT_AT(y, i, 0) = rng_int(rng, 2) ? 1.0 : -1.0;
            positive += MAT_AT(y, i, 0) > 0;
        }
        if (positive > 0 && positive < X->rows)
            return;
    }
}
