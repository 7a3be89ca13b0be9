/* annlab-grade - the grade table, the next exercise, the progress overview,
 * out/grade.json and a JUnit report.
 *
 *   annlab-grade [--source FILE] [--json FILE] [--junit FILE]
 *                [--next | --progress] [--expect=full|zero] RESULTS.tsv...
 *   annlab-grade --passed RESULTS.tsv
 *
 * Each RESULTS.tsv is what a chapter's grader wrote (tests/grade/report.c):
 * one line per exercise, in course order. Beside it, RESULTS.diag holds
 * what the compiler said about the student's file (the Makefile keeps it)
 * and RESULTS.log the whole build's messages. The tool prints a table per
 * chapter: points earned / possible, for a failure what was expected and
 * what came back, and the hints; the chapter's total; every warning the
 * compiler gave on the student's file, each common trap of numeric C with
 * a hint of its own; then a one-screen summary and the total.
 *
 * --source names the graded file: "exercises.c" (chapters/NN_topic/
 * exercises.c), "solutions.c", or a path. --next works through the
 * exercises in order, as exercise runners do, and stops at the first that
 * fails (or at a chapter that does not compile, with the compiler's
 * messages). --progress prints only the summary: every chapter's points on
 * one screen. --passed exits 0 when every exercise of one chapter passed,
 * 1 otherwise (the Makefile's `make next` stops grading there).
 * --expect=full (or zero) makes the exit status 1 unless every exercise
 * passed (or none did): CI uses it to prove that the solutions earn full
 * marks and the shipped stubs none.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_EXERCISES = 512, MAX_CHAPTERS = 64, N_FIELDS = 8, CHAPTER_POINTS = 10 };
/* At most this many lines of compiler messages per chapter. */
enum { MAX_COMPILER_LINES = 80, MAX_FILE = 1 << 16 };

typedef struct {
    char *chapter, *id, *title, *status, *message, *hint;
    int points, max;
} Result;

/* One grader's results: its rows of Results.r, and what the compiler said. */
typedef struct {
    char *name;  /* "04_backprop" */
    int first, n;
    int built;   /* 0: the grader wrote nothing (it did not compile or link) */
    char *diag;  /* the compiler's messages on the student's file ("" none) */
    char *log;   /* the whole build's messages ("" none) */
} Chapter;

typedef struct {
    Result r[MAX_EXERCISES];
    int n;
    Chapter ch[MAX_CHAPTERS];
    int n_ch;
    const char *source; /* --source */
} Results;

static void usage(void)
{
    fprintf(stderr, "usage: annlab-grade [--source FILE] [--json FILE] [--junit FILE] "
                    "[--next | --progress] [--expect=full|zero] RESULTS.tsv...\n"
                    "       annlab-grade --passed RESULTS.tsv\n");
}

static void *checked(void *p)
{
    if (!p) {
        fprintf(stderr, "annlab-grade: out of memory\n");
        exit(1);
    }
    return p;
}

static char *dup_str(const char *s)
{
    return strcpy(checked(malloc(strlen(s) + 1)), s);
}

/* A copy of s with the escapes of report.c undone: \n a newline, \\ a
 * backslash. */
static char *unescape(const char *s)
{
    char *d = checked(malloc(strlen(s) + 1)), *o = d;
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] == 'n')
            *o++ = '\n', s++;
        else if (s[0] == '\\' && s[1] == '\\')
            *o++ = '\\', s++;
        else
            *o++ = *s;
    }
    *o = '\0';
    return d;
}

/* Split line at tabs into N_FIELDS fields; 0 when it has them all. */
static int split(char *line, char **f)
{
    for (int k = 0; k < N_FIELDS; k++) {
        f[k] = line;
        char *tab = strchr(line, '\t');
        if (k < N_FIELDS - 1) {
            if (!tab)
                return -1;
            *tab = '\0';
            line = tab + 1;
        }
    }
    f[N_FIELDS - 1][strcspn(f[N_FIELDS - 1], "\n")] = '\0';
    return 0;
}

/* The whole file (at most MAX_FILE bytes), or "" when there is none. */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return dup_str("");
    char *buf = checked(malloc(MAX_FILE + 1));
    size_t n = fread(buf, 1, MAX_FILE, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* path with its ".tsv" ending replaced by ext */
static char *sibling(const char *path, const char *ext)
{
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".tsv") == 0)
        n -= 4;
    char *s = checked(malloc(n + strlen(ext) + 1));
    memcpy(s, path, n);
    strcpy(s + n, ext);
    return s;
}

/* The chapter's name from the file's: out/grade/04_backprop.tsv -> 04_backprop */
static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(base, "."), base);
    return dup_str(name);
}

/* A chapter whose grader wrote nothing (it did not compile, or crashed
 * as a whole): one row worth the chapter's CHAPTER_POINTS, earning 0. */
static void add_not_built(Results *res, Chapter *c)
{
    if (res->n == MAX_EXERCISES)
        return;
    Result *r = &res->r[res->n++];
    r->chapter = dup_str(c->name);
    r->id = dup_str("-");
    r->title = dup_str("every exercise of the chapter");
    r->points = 0;
    r->max = CHAPTER_POINTS;
    r->status = dup_str("NOT-BUILT");
    r->message = dup_str("the grader could not be built: the compiler's messages are below");
    r->hint = dup_str("");
    c->built = 0;
    c->n = 1;
}

/* Read one grader's results and its compiler messages; -1 (and a row
 * saying so) when it wrote none. */
static int read_results(Results *res, const char *path)
{
    if (res->n_ch == MAX_CHAPTERS)
        return -1;
    Chapter *c = &res->ch[res->n_ch++];
    char *diag = sibling(path, ".diag"), *log = sibling(path, ".log");
    c->name = name_from_path(path);
    c->first = res->n;
    c->n = 0;
    c->built = 1;
    c->diag = slurp(diag);
    c->log = slurp(log);
    free(diag);
    free(log);
    FILE *fp = fopen(path, "r");
    if (fp) {
        char *line = NULL;
        size_t cap = 0;
        while (getline(&line, &cap, fp) != -1 && res->n < MAX_EXERCISES) {
            char *f[N_FIELDS];
            if (split(line, f) != 0)
                continue;
            Result *r = &res->r[res->n++];
            r->chapter = dup_str(f[0]);
            r->id = dup_str(f[1]);
            r->title = unescape(f[2]);
            r->points = atoi(f[3]);
            r->max = atoi(f[4]);
            r->status = dup_str(f[5]);
            r->message = unescape(f[6]);
            r->hint = unescape(f[7]);
            c->n++;
        }
        free(line);
        fclose(fp);
    }
    if (c->n == 0) {
        add_not_built(res, c);
        return -1;
    }
    free(c->name);
    c->name = dup_str(res->r[c->first].chapter);
    return 0;
}

static int passed(const Result *r)
{
    return strcmp(r->status, "PASSED") == 0;
}

static const char *plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* "chapters/04_backprop/exercises.c", or the path given with --source */
static void source_of(const Results *res, const char *chapter, char *buf, size_t len)
{
    if (strchr(res->source, '/'))
        snprintf(buf, len, "%s", res->source);
    else
        snprintf(buf, len, "chapters/%s/%s", chapter, res->source);
}

/* Print text line by line, each line after indent. */
static void print_lines(const char *text, const char *indent)
{
    while (*text) {
        size_t n = strcspn(text, "\n");
        printf("%s%.*s\n", indent, (int)n, text);
        text += n + (text[n] == '\n');
    }
}

static void print_failure(const Result *r)
{
    if (r->message[0])
        print_lines(r->message, "        ");
    const char *h = r->hint;
    while (*h) {
        size_t n = strcspn(h, "\n");
        if (n)
            printf("        hint: %.*s\n", (int)n, h);
        h += n + (h[n] == '\n');
    }
}

/* ---- the compiler's messages --------------------------------------------------- */

/* The common traps of numeric C, found in a diagnostic's text (every
 * string of match must occur in it): the first that fits gets its hint. */
typedef struct {
    const char *match[2];
    const char *name;
    const char *hint;
} Trap;

static const Trap traps[] = {
    {{"absolute-value", NULL}, "abs() for fabs()",
     "abs() is the absolute value of an INT: abs(-0.5) is 0 and abs(2.7) is 2. "
     "For a double use fabs(), from <math.h>."},
    {{"implicit", "<math.h>"}, "a missing #include <math.h>",
     "exp, log, sqrt, pow and fabs are declared in <math.h>: add #include <math.h> at the "
     "top of the file. Without it C does not know that they take and return a double."},
    {{"implicit", NULL}, "a function used before it is declared",
     "a misspelt name, or a missing #include (<math.h> for exp, log, sqrt, fabs; "
     "<stdlib.h> for malloc)."},
    {{"uninitialized", NULL}, "a variable read before it has a value",
     "an accumulator must start at 0 before the loop adds to it: double sum = 0.0; "
     "(its first value is whatever was in memory)."},
    {{"float-conversion", NULL}, "a double kept in an int",
     "the fraction is cut off (2.7 becomes 2, -0.5 becomes 0): keep the value in a double."},
    {{"missing-prototypes", NULL}, "a helper that is not static",
     "a function of your own that only this file uses: make it static "
     "(static double sigma(double z) { ... })."},
    {{"unused-", "variable"}, "a value computed and never used",
     "is it the value you meant to return, or to add into the result?"},
    {{"unused-parameter", NULL}, "an input the code never reads",
     "does the formula need it? A term may be missing (the stub's (void) line can go once "
     "the code uses it)."},
    {{"return-type", NULL}, "a path that returns no value",
     "every path of a function that returns a double must end in return."},
    {{"shadow", NULL}, "a name that hides another",
     "a variable declared again inside a block hides the outer one: an update may land in "
     "the inner copy and be lost."},
    {{"parentheses", NULL}, "= where == was meant, or a missing pair of parentheses",
     "if (x = 0) assigns; if (x == 0) compares."},
};
enum { N_TRAPS = sizeof traps / sizeof traps[0] };

/* A line that starts a diagnostic: "file:line:col: warning: ..." or "error". */
static int starts_diagnostic(const char *line, size_t n)
{
    if (n == 0 || line[0] == ' ')
        return 0;
    char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)n, line);
    return strstr(buf, ": warning: ") || strstr(buf, ": error: ") ||
           strstr(buf, ": fatal error: ");
}

/* Lines a student does not need: the compiler's and make's summaries. */
static int noise(const char *line, size_t n)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)n, line);
    return strncmp(buf, "cc1:", 4) == 0 || strncmp(buf, "make", 4) == 0 ||
           strstr(buf, " generated.") || strstr(buf, "In function") || n == 0;
}

/* The trap (index) that the diagnostic text[0..n) shows, or -1. */
static int find_trap(const char *text, size_t n)
{
    char *block = checked(malloc(n + 1));
    memcpy(block, text, n);
    block[n] = '\0';
    int found = -1;
    for (int t = 0; t < N_TRAPS && found < 0; t++)
        if (strstr(block, traps[t].match[0]) &&
            (!traps[t].match[1] || strstr(block, traps[t].match[1])))
            found = t;
    free(block);
    return found;
}

static int count(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, what)); p++)
        n++;
    return n;
}

/* Print the compiler's messages, each diagnostic followed by the hint of
 * the trap it shows (each trap once). */
static void print_compiler(const char *text, const char *where)
{
    int shown_trap[N_TRAPS] = {0}, lines = 0, more = 0;
    const char *p = text;
    while (*p) {
        /* one diagnostic: its first line and the ones up to the next */
        const char *start = p;
        size_t n = strcspn(p, "\n");
        p += n + (p[n] == '\n');
        while (*p) {
            size_t m = strcspn(p, "\n");
            if (starts_diagnostic(p, m))
                break;
            p += m + (p[m] == '\n');
        }
        for (const char *q = start; q < p;) {
            size_t m = strcspn(q, "\n");
            if (!noise(q, m)) {
                if (lines < MAX_COMPILER_LINES)
                    printf("    %.*s\n", (int)m, q);
                else
                    more++;
                lines++;
            }
            q += m + (q[m] == '\n');
        }
        int t = find_trap(start, (size_t)(p - start));
        if (t >= 0 && !shown_trap[t] && lines <= MAX_COMPILER_LINES) {
            shown_trap[t] = 1;
            printf("    trap, %s: %s\n", traps[t].name, traps[t].hint);
        }
    }
    if (more)
        printf("    (%d more %s in %s)\n", more, plural(more, "line", "lines"), where);
}

/* What the compiler said about the chapter's student file, if anything;
 * when the chapter was not built and that file compiled, the rest of the
 * build's messages (a link error, the grader itself). */
static void print_chapter_compiler(const Results *res, const Chapter *c)
{
    char src[512];
    source_of(res, c->name, src, sizeof src);
    int errors = count(c->diag, ": error: ") + count(c->diag, ": fatal error: ");
    int warnings = count(c->diag, ": warning: ");
    if (errors) {
        printf("\n  %s does not compile (%d %s, %d %s):\n", src, errors,
               plural(errors, "error", "errors"), warnings, plural(warnings, "warning", "warnings"));
        print_compiler(c->diag, src);
    } else if (warnings) {
        printf("\n  the compiler warns about %s (%d %s): each one is worth a look\n", src,
               warnings, plural(warnings, "warning", "warnings"));
        print_compiler(c->diag, src);
    }
    if (!c->built && !errors) {
        printf("\n  the grader of chapter %s could not be built:\n", c->name);
        if (c->log[0])
            print_compiler(c->log, "the build log");
        else
            printf("    (no messages: run make grade CH=%.2s again)\n", c->name);
    }
}

/* ---- the table, the summary, the next exercise ------------------------------------- */

static void chapter_points(const Results *res, const Chapter *c, int *got, int *max)
{
    *got = *max = 0;
    for (int k = c->first; k < c->first + c->n; k++) {
        *got += res->r[k].points;
        *max += res->r[k].max;
    }
}

static int chapter_done(const Results *res, const Chapter *c)
{
    for (int k = c->first; k < c->first + c->n; k++)
        if (!passed(&res->r[k]))
            return 0;
    return c->built;
}

/* The summary: one line per chapter, then the total and what is next. */
static void print_summary(const Results *res)
{
    int total = 0, max = 0;
    printf("\n  %-26s %7s  %s\n", "chapter", "points", "exercises (+ passes, - fails)");
    for (int i = 0; i < res->n_ch; i++) {
        const Chapter *c = &res->ch[i];
        int got, of;
        chapter_points(res, c, &got, &of);
        total += got;
        max += of;
        printf("  %-26s %3d/%-3d  ", c->name, got, of);
        if (!c->built) {
            printf("does not build (make grade CH=%.2s shows why)\n", c->name);
            continue;
        }
        for (int k = c->first; k < c->first + c->n; k++)
            printf("%s%s%s", k > c->first ? " " : "", res->r[k].id,
                   passed(&res->r[k]) ? "+" : "-");
        printf("%s\n", chapter_done(res, c) ? "  done" : "");
    }
    printf("  %-26s %3d/%-3d\n", "total", total, max);
    for (int i = 0; i < res->n_ch; i++) {
        const Chapter *c = &res->ch[i];
        if (chapter_done(res, c))
            continue;
        if (!c->built) {
            printf("\nNext: make chapters/%s compile (make next shows the compiler's messages).\n",
                   c->name);
            return;
        }
        for (int k = c->first; k < c->first + c->n; k++)
            if (!passed(&res->r[k])) {
                printf("\nNext: exercise %s of chapters/%s (make next CH=%.2s shows it with its "
                       "hint).\n", res->r[k].id, c->name, c->name);
                return;
            }
    }
    printf("\nEvery exercise passes.\n");
}

/* The table: one block per chapter with its total and the compiler's
 * messages, then the summary (several chapters) and the total. */
static void print_table(const Results *res)
{
    int total = 0, max = 0;
    for (int i = 0; i < res->n_ch; i++) {
        const Chapter *c = &res->ch[i];
        char src[512];
        source_of(res, c->name, src, sizeof src);
        int width = 44; /* the titles' column: the longest title */
        for (int k = c->first; k < c->first + c->n; k++)
            if ((int)strlen(res->r[k].title) > width)
                width = (int)strlen(res->r[k].title);
        printf("\n%s\n", src);
        printf("  %-5s %-*s %7s  %s\n", "ex", width, "exercise", "points", "result");
        for (int k = c->first; k < c->first + c->n; k++) {
            const Result *r = &res->r[k];
            printf("  %-5s %-*s %3d/%-3d  %s\n", r->id, width, r->title, r->points, r->max,
                   r->status);
            if (!passed(r))
                print_failure(r);
        }
        int got, of;
        chapter_points(res, c, &got, &of);
        printf("  %-*s %3d/%-3d  %s\n", width + 6, "chapter total", got, of,
               plural(of, "point", "points"));
        print_chapter_compiler(res, c);
        total += got;
        max += of;
    }
    if (res->n_ch > 1) {
        printf("\nSummary (%s)", res->source);
        print_summary(res);
    }
    printf("\nTotal: %d/%d %s\n", total, max, plural(max, "point", "points"));
}

/* --next: the chapters in order; the first that is not done shows its
 * first failing exercise, or the compiler's messages. */
static void print_next(const Results *res)
{
    int n_ex = 0;
    for (int i = 0; i < res->n_ch; i++) {
        const Chapter *c = &res->ch[i];
        char src[512];
        source_of(res, c->name, src, sizeof src);
        int got, of;
        chapter_points(res, c, &got, &of);
        if (chapter_done(res, c)) {
            printf("  done  chapters/%s (%d/%d %s)\n", c->name, got, of,
                   plural(of, "point", "points"));
            n_ex += c->n;
            continue;
        }
        if (!c->built) {
            printf("\nNext: chapters/%s. Its grader cannot be built, so none of its %d points "
                   "count yet.\n", c->name, of);
            print_chapter_compiler(res, c);
            printf("\nFix %s, then run make next again.\n", src);
            return;
        }
        for (int k = c->first; k < c->first + c->n; k++) {
            const Result *r = &res->r[k];
            if (passed(r)) {
                printf("  done  %s %s\n", r->id, r->title);
                continue;
            }
            printf("\nNext: exercise %s of chapters/%s: %s (%d %s)\n", r->id, c->name, r->title,
                   r->max, plural(r->max, "point", "points"));
            printf("  %s\n", r->status);
            print_failure(r);
            print_chapter_compiler(res, c);
            printf("\nEdit %s (look for EXERCISE %s), then run make next again.\n", src, r->id);
            return;
        }
    }
    if (res->n_ch == 1)
        printf("\nAll %d exercises of chapters/%s pass. Well done.\n", n_ex, res->ch[0].name);
    else
        printf("\nAll %d exercises of chapters %s to %s pass. Well done.\n", n_ex,
               res->ch[0].name, res->ch[res->n_ch - 1].name);
}

/* ---- out/grade.json and out/grade.xml ------------------------------------------- */

static void json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", fp);
        else if (c < 0x20)
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp);
    }
    fputc('"', fp);
}

static int write_json(const Results *res, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        return -1;
    }
    int total = 0, max = 0;
    for (int k = 0; k < res->n; k++) {
        total += res->r[k].points;
        max += res->r[k].max;
    }
    fprintf(fp, "{\n  \"total\": %d,\n  \"max\": %d,\n  \"exercises\": [", total, max);
    for (int k = 0; k < res->n; k++) {
        const Result *r = &res->r[k];
        fprintf(fp, "%s\n    {\"chapter\": ", k ? "," : "");
        json_string(fp, r->chapter);
        fputs(", \"id\": ", fp);
        json_string(fp, r->id);
        fputs(", \"name\": ", fp);
        json_string(fp, r->title);
        fprintf(fp, ", \"points\": %d, \"max\": %d, \"status\": ", r->points, r->max);
        json_string(fp, r->status);
        fputs(", \"message\": ", fp);
        json_string(fp, r->message);
        fputs(", \"hint\": ", fp);
        json_string(fp, r->hint);
        fputc('}', fp);
    }
    fputs("\n  ],\n  \"compiler\": {", fp);
    for (int i = 0; i < res->n_ch; i++) {
        fprintf(fp, "%s\n    ", i ? "," : "");
        json_string(fp, res->ch[i].name);
        fputs(": ", fp);
        json_string(fp, res->ch[i].diag);
    }
    fputs("\n  }\n}\n", fp);
    return fclose(fp);
}

static void xml_string(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '&': fputs("&amp;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\n': fputs("&#10;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* JUnit XML: a testsuite per chapter, a testcase per exercise. */
static int write_junit(const Results *res, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        return -1;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"annlab grade\">\n", fp);
    for (int i = 0; i < res->n_ch; i++) {
        const Chapter *c = &res->ch[i];
        int failures = 0;
        for (int k = c->first; k < c->first + c->n; k++)
            failures += !passed(&res->r[k]);
        fprintf(fp, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\">\n", c->name, c->n,
                failures);
        for (int k = c->first; k < c->first + c->n; k++) {
            const Result *r = &res->r[k];
            fprintf(fp, "    <testcase classname=\"%s\" name=\"", c->name);
            xml_string(fp, r->id);
            fputc(' ', fp);
            xml_string(fp, r->title);
            fprintf(fp, " (%d %s)\"", r->max, plural(r->max, "point", "points"));
            if (passed(r)) {
                fputs("/>\n", fp);
                continue;
            }
            fputs(">\n      <failure message=\"", fp);
            xml_string(fp, r->status);
            fputs(": ", fp);
            xml_string(fp, r->message);
            fputs("\">hint: ", fp);
            xml_string(fp, r->hint);
            fputs("</failure>\n    </testcase>\n", fp);
        }
        fputs("  </testsuite>\n", fp);
    }
    fputs("</testsuites>\n", fp);
    return fclose(fp);
}

/* --expect: 0 when the results are what CI expects. */
static int check_expectation(const Results *res, const char *expect)
{
    int n_passed = 0;
    for (int k = 0; k < res->n; k++)
        n_passed += passed(&res->r[k]);
    if (strcmp(expect, "full") == 0 && n_passed != res->n) {
        fprintf(stderr, "annlab-grade: expected full marks, but %d of %d exercises fail\n",
                res->n - n_passed, res->n);
        return 1;
    }
    if (strcmp(expect, "zero") == 0 && n_passed != 0) {
        fprintf(stderr, "annlab-grade: expected the stubs to score zero, but %d exercises "
                        "pass: a grader that a stub passes cannot fail\n", n_passed);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static Results res;
    const char *json = NULL, *junit = NULL, *expect = NULL;
    int next = 0, progress = 0, files = 0, bad = 0;
    res.source = "exercises.c";
    if (argc == 3 && strcmp(argv[1], "--passed") == 0) {
        int built = read_results(&res, argv[2]) == 0;
        return built && chapter_done(&res, &res.ch[0]) ? 0 : 1;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            json = argv[++i];
        else if (strcmp(argv[i], "--junit") == 0 && i + 1 < argc)
            junit = argv[++i];
        else if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
            res.source = argv[++i];
        else if (strcmp(argv[i], "--next") == 0)
            next = 1;
        else if (strcmp(argv[i], "--progress") == 0)
            progress = 1;
        else if (strncmp(argv[i], "--expect=", 9) == 0 &&
                 (strcmp(argv[i] + 9, "full") == 0 || strcmp(argv[i] + 9, "zero") == 0))
            expect = argv[i] + 9;
        else if (argv[i][0] == '-') {
            usage();
            return 2;
        } else {
            files++;
            bad |= read_results(&res, argv[i]) != 0;
        }
    }
    if (files == 0 || (next && progress)) {
        if (files == 0)
            fprintf(stderr, "annlab-grade: no graded chapters\n");
        usage();
        return 2;
    }
    if (next)
        print_next(&res);
    else if (progress) {
        printf("Progress (%s)", res.source);
        print_summary(&res);
    } else
        print_table(&res);
    if (json && write_json(&res, json) == 0)
        printf("Results: %s", json);
    if (junit && write_junit(&res, junit) == 0)
        printf(" and %s (JUnit)", junit);
    if (json || junit)
        printf("\n");
    if (bad && expect) {
        fprintf(stderr, "annlab-grade: a grader was not built: CI expects every grader to build\n");
        return 1;
    }
    return expect ? check_expectation(&res, expect) : 0;
}
