/* annlab-grade - the grade table, out/grade.json and a JUnit report.
 *
 *   annlab-grade [--source exercises.c] [--json FILE] [--junit FILE]
 *                [--next] [--expect=full|zero] RESULTS.tsv...
 *
 * Each RESULTS.tsv is what a chapter's grader wrote (tests/grade/report.c):
 * one line per exercise, in course order. The tool prints a table per
 * chapter (points earned / possible; for a failure what was expected and
 * what came back, and the hint) and the total. With --next it works
 * through the exercises in order, as exercise runners do, and stops at the
 * first that fails. --expect=full (or zero) makes the exit status 1 unless
 * every exercise passed (or none did): CI uses it to prove that the
 * solutions earn full marks and the shipped stubs none.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_EXERCISES = 512, N_FIELDS = 8, CHAPTER_POINTS = 10 };

typedef struct {
    char *chapter, *id, *title, *status, *message, *hint;
    int points, max;
} Result;

typedef struct {
    Result r[MAX_EXERCISES];
    int n;
} Results;

static void usage(void)
{
    fprintf(stderr, "usage: annlab-grade [--source FILE] [--json FILE] [--junit FILE] "
                    "[--next] [--expect=full|zero] RESULTS.tsv...\n");
}

/* DataSplit line at tabs into N_FIELDS fields; 0 when it has them all. */
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

static char *dup_str(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    if (!d) {
        fprintf(stderr, "annlab-grade: out of memory\n");
        exit(1);
    }
    return strcpy(d, s);
}

/* A chapter whose grader wrote nothing (it did not compile, or crashed
 * as a whole): one row worth the chapter's CHAPTER_POINTS, earning 0. */
static void add_not_built(Results *res, const char *path)
{
    if (res->n == MAX_EXERCISES)
        return;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char chapter[128];
    snprintf(chapter, sizeof chapter, "%.*s", (int)strcspn(base, "."), base);
    Result *r = &res->r[res->n++];
    r->chapter = dup_str(chapter);
    r->id = dup_str("-");
    r->title = dup_str("every exercise of the chapter");
    r->points = 0;
    r->max = CHAPTER_POINTS;
    r->status = dup_str("NOT-BUILT");
    r->message = dup_str("the grader could not be built or run: fix the compiler errors shown above");
    r->hint = dup_str("");
}

/* Read one grader's results; -1 (and a row saying so) when it wrote none. */
static int read_results(Results *res, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        add_not_built(res, path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int lines = 0;
    while (getline(&line, &cap, fp) != -1 && res->n < MAX_EXERCISES) {
        char *f[N_FIELDS];
        if (split(line, f) != 0)
            continue;
        Result *r = &res->r[res->n++];
        r->chapter = dup_str(f[0]);
        r->id = dup_str(f[1]);
        r->title = dup_str(f[2]);
        r->points = atoi(f[3]);
        r->max = atoi(f[4]);
        r->status = dup_str(f[5]);
        r->message = dup_str(f[6]);
        r->hint = dup_str(f[7]);
        lines++;
    }
    free(line);
    fclose(fp);
    if (lines == 0) {
        add_not_built(res, path);
        return -1;
    }
    return 0;
}

static int passed(const Result *r)
{
    return strcmp(r->status, "PASSED") == 0;
}

static void print_failure(const Result *r)
{
    if (r->message[0])
        printf("        %s\n", r->message);
    if (r->hint[0])
        printf("        hint: %s\n", r->hint);
}

/* The table: one block per chapter, then the total. */
static void print_table(const Results *res, const char *source)
{
    int total = 0, max = 0;
    for (int k = 0; k < res->n; k++) {
        const Result *r = &res->r[k];
        if (k == 0 || strcmp(r->chapter, res->r[k - 1].chapter) != 0) {
            printf("\nchapters/%s/%s\n", r->chapter, source);
            printf("  %-5s %-44s %7s  %s\n", "ex", "exercise", "points", "result");
        }
        printf("  %-5s %-44s %3d/%-3d  %s\n", r->id, r->title, r->points, r->max, r->status);
        if (!passed(r))
            print_failure(r);
        total += r->points;
        max += r->max;
    }
    printf("\nTotal: %d/%d points\n", total, max);
}

/* --next: the exercises in order, up to the first that fails. */
static void print_next(const Results *res)
{
    for (int k = 0; k < res->n; k++) {
        const Result *r = &res->r[k];
        if (passed(r)) {
            printf("  done  %s %s\n", r->id, r->title);
            continue;
        }
        printf("\nNext: exercise %s of chapters/%s: %s (%d points)\n", r->id, r->chapter,
               r->title, r->max);
        printf("  %s\n", r->status);
        print_failure(r);
        printf("\nEdit chapters/%s/exercises.c (look for EXERCISE %s), then run make next again.\n",
               r->chapter, r->id);
        return;
    }
    printf("\nAll %d exercises pass. Well done.\n", res->n);
}

static void json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
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
    fputs("\n  ]\n}\n", fp);
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
    for (int k = 0; k < res->n; k++) {
        const Result *r = &res->r[k];
        if (k == 0 || strcmp(r->chapter, res->r[k - 1].chapter) != 0) {
            int tests = 0, failures = 0;
            for (int j = k; j < res->n && strcmp(res->r[j].chapter, r->chapter) == 0; j++) {
                tests++;
                failures += !passed(&res->r[j]);
            }
            fprintf(fp, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\">\n", r->chapter,
                    tests, failures);
        }
        fprintf(fp, "    <testcase classname=\"%s\" name=\"", r->chapter);
        xml_string(fp, r->id);
        fputc(' ', fp);
        xml_string(fp, r->title);
        fprintf(fp, " (%d points)\"", r->max);
        if (passed(r)) {
            fputs("/>\n", fp);
        } else {
            fputs(">\n      <failure message=\"", fp);
            xml_string(fp, r->status);
            fputs(": ", fp);
            xml_string(fp, r->message);
            fputs("\">hint: ", fp);
            xml_string(fp, r->hint);
            fputs("</failure>\n    </testcase>\n", fp);
        }
        if (k + 1 == res->n || strcmp(r->chapter, res->r[k + 1].chapter) != 0)
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
    const char *json = NULL, *junit = NULL, *expect = NULL, *source = "exercises.c";
    int next = 0, files = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            json = argv[++i];
        else if (strcmp(argv[i], "--junit") == 0 && i + 1 < argc)
            junit = argv[++i];
        else if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
            source = argv[++i];
        else if (strcmp(argv[i], "--next") == 0)
            next = 1;
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
    if (files == 0) {
        fprintf(stderr, "annlab-grade: no graded chapters\n");
        usage();
        return 2;
    }
    if (next)
        print_next(&res);
    else
        print_table(&res, source);
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
