/* cli.c - the chapters' shared flag parser; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gemm.h"
#include "pool.h"

static const CliFlag *find_flag(const CliSpec *spec, const char *name)
{
    for (int k = 0; k < spec->n_flags; k++)
        if (strcmp(spec->flags[k].name, name) == 0)
            return &spec->flags[k];
    return NULL;
}

int cli_takes_columns(const CliSpec *spec)
{
    return find_flag(spec, "data") && !find_flag(spec, "features") && !find_flag(spec, "target");
}

/* The usage line leaves out --threads (it changes how fast, never what a
 * chapter prints): --help lists it. */
static void usage_line(FILE *fp, const CliSpec *spec)
{
    fprintf(fp, "usage: %s [--plots=png|svg|dumb|none] [--out DIR] [--seed N]", spec->program);
    for (int k = 0; k < spec->n_flags; k++) {
        const CliFlag *f = &spec->flags[k];
        if (f->kind == CLI_BOOL)
            fprintf(fp, " [--%s]", f->name);
        else
            fprintf(fp, " [--%s %s]", f->name, f->arg ? f->arg : "VALUE");
    }
    fputs(" [--help]\n", fp);
}

static void print_help(const CliSpec *spec)
{
    if (spec->card)
        printf("%s\n", spec->card);
    usage_line(stdout, spec);
    printf("\n"
           "  --plots=FORMAT  png (default), svg, dumb (drawn in this terminal) or none\n"
           "  --out DIR       write the plots under DIR/%s/ (default: out)\n"
           "  --seed N        random seed (default: %" PRIu64 "); same seed, same transcript\n"
           "  --threads N     at most N threads for the matrix products (default: every core)\n",
           spec->program, spec->default_seed);
    if (cli_takes_columns(spec))
        printf("  --features LIST the feature columns of --data's file, by name: NAME,NAME,...\n"
               "  --target NAME   the target column of --data's file, by name\n");
    for (int k = 0; k < spec->n_flags; k++) {
        const CliFlag *f = &spec->flags[k];
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", f->name, f->kind == CLI_BOOL ? "" : " ",
                 f->kind == CLI_BOOL ? "" : (f->arg ? f->arg : "VALUE"));
        printf("  %-15s %s\n", left, f->help);
    }
    printf("  --section N     print only section N of the lecture: 4 (with 4.1, 4.2, ...) or 4.2\n"
           "  --sections      list the lecture's sections\n");
    if (spec->sheet)
        printf("  --check LIST    check your hand calculation of the worked examples: for\n"
               "                  each NAME=VALUE in the list (NAME=VALUE,NAME=VALUE,...), whether\n"
               "                  VALUE agrees to the digits you wrote, and for the first that\n"
               "                  does not, what it was computed from; --check list: the names.\n"
               "                  Exit status 0 when every value agrees, 1 when one does not,\n"
               "                  2 for a name or a value it cannot read\n"
               "  --variant N     the worked examples with other givens, drawn from N (the same\n"
               "                  N, the same numbers; 0: the notes' numbers); with --check too\n"
               "  --quiz          only the givens and what to compute from them, no answers\n"
               "                  (--variant N --quiz: a question; --variant N --check: its key)\n");
    printf("  --help          show this help\n");
}

/* Print "program: message" and the usage line to stderr; CLI_EXIT_USAGE. */
static int bad_v(const CliSpec *spec, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", spec->program);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    usage_line(stderr, spec);
    return CLI_EXIT_USAGE;
}

static int bad(const CliSpec *spec, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = bad_v(spec, fmt, ap);
    va_end(ap);
    return rc;
}

int cli_error(const CliSpec *spec, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = bad_v(spec, fmt, ap);
    va_end(ap);
    return rc;
}

/* Parse a whole string as a number; 0 on success. */
static int parse_long(const char *s, long long lo, long long hi, long long *v)
{
    char *end;
    errno = 0;
    *v = strtoll(s, &end, 10);
    return (*s == '\0' || *end != '\0' || errno || *v < lo || *v > hi) ? -1 : 0;
}

/* A finite double; a value too small for a double (1e-400) reads as 0. */
static int parse_double(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return (*s == '\0' || *end != '\0' || !isfinite(*v)) ? -1 : 0;
}

/* Whether s is written as a whole number: a sign, then digits only. */
static int is_whole_number(const char *s)
{
    s += *s == '-' || *s == '+';
    if (*s == '\0')
        return 0;
    while (*s >= '0' && *s <= '9')
        s++;
    return *s == '\0';
}

/* The range spec gives for its flag name, or NULL. */
static const CliRange *find_range(const CliSpec *spec, const char *name)
{
    for (int k = 0; k < spec->n_ranges; k++)
        if (strcmp(spec->ranges[k].name, name) == 0)
            return &spec->ranges[k];
    return NULL;
}

/* Whether v lies in the interval r. */
static int in_range(const CliRange *r, double v)
{
    return (r->lo == '(' ? v > r->min : v >= r->min) && (r->hi == ')' ? v < r->max : v <= r->max);
}

/* What r asks of a value, for a message: "> 0", "from 1 to 1000",
 * ">= 0 and < 1". */
static void describe_range(const CliRange *r, char *buf, size_t len)
{
    const char *lo = r->lo == '(' ? ">" : ">=", *hi = r->hi == ')' ? "<" : "<=";
    if (isinf(r->max))
        snprintf(buf, len, "%s %.15g", lo, r->min);
    else if (isinf(r->min))
        snprintf(buf, len, "%s %.15g", hi, r->max);
    else if (r->lo == '[' && r->hi == ']')
        snprintf(buf, len, "from %.15g to %.15g", r->min, r->max);
    else
        snprintf(buf, len, "%s %.15g and %s %.15g", lo, r->min, hi, r->max);
}

/* "--eta must be > 0, got -1"; CLI_EXIT_USAGE. */
static int out_of_range(const CliSpec *spec, const CliFlag *f, const CliRange *r,
                        const char *value)
{
    char want[128];
    describe_range(r, want, sizeof want);
    return bad(spec, "--%s must be %s, got %s", f->name, want, value);
}

/* Store value into a chapter flag's target. */
static int set_flag(const CliSpec *spec, const CliFlag *f, const char *value)
{
    const CliRange *r = find_range(spec, f->name);
    long long n;
    double v;
    switch (f->kind) {
    case CLI_BOOL:
        *(int *)f->target = 1;
        return CLI_RUN;
    case CLI_INT:
        if (!is_whole_number(value))
            return bad(spec, "--%s expects a whole number, got \"%s\"", f->name, value);
        if (parse_long(value, -2147483647LL, 2147483647LL, &n) != 0 || (r && !in_range(r, n)))
            return r ? out_of_range(spec, f, r, value)
                     : bad(spec, "--%s expects a whole number from -2147483647 to 2147483647, "
                                 "got %s", f->name, value);
        *(int *)f->target = (int)n;
        return CLI_RUN;
    case CLI_DOUBLE:
        if (parse_double(value, &v) != 0)
            return bad(spec, "--%s expects a finite number, got \"%s\"", f->name, value);
        if (r && !in_range(r, v))
            return out_of_range(spec, f, r, value);
        *(double *)f->target = v;
        return CLI_RUN;
    case CLI_STRING:
        *(const char **)f->target = value;
        return CLI_RUN;
    }
    return CLI_RUN;
}

/* "4", "4.2", "12.3.1": numbers joined by single dots. */
static int is_section_number(const char *s)
{
    for (;;) {
        if (*s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
        if (*s == '\0')
            return 1;
        if (*s++ != '.')
            return 0;
    }
}

/* The shared flags: whether each takes a value, and which chapters have
 * it: every one, those with a worksheet (CliSpec.sheet), or those that
 * read a CSV with --data (cli_takes_columns). */
enum { FOR_ALL, FOR_SHEET, FOR_DATA };
static const struct {
    const char *name;
    int takes_value, who;
} COMMON[] = {
    {"plots", 1, FOR_ALL},    {"out", 1, FOR_ALL},       {"seed", 1, FOR_ALL},
    {"threads", 1, FOR_ALL},  {"section", 1, FOR_ALL},   {"sections", 0, FOR_ALL},
    {"check", 1, FOR_SHEET},  {"variant", 1, FOR_SHEET}, {"quiz", 0, FOR_SHEET},
    {"features", 1, FOR_DATA}, {"target", 1, FOR_DATA},
};
enum { N_COMMON = sizeof COMMON / sizeof COMMON[0] };

/* Whether spec's chapter takes the shared flag COMMON[k]. */
static int has_common(const CliSpec *spec, int k)
{
    return COMMON[k].who == FOR_ALL || (COMMON[k].who == FOR_SHEET && spec->sheet) ||
           (COMMON[k].who == FOR_DATA && cli_takes_columns(spec));
}

/* The shared flag called name that spec's chapter takes, or -1. */
static int find_common(const CliSpec *spec, const char *name)
{
    for (int k = 0; k < N_COMMON; k++)
        if (strcmp(COMMON[k].name, name) == 0 && has_common(spec, k))
            return k;
    return -1;
}

/* One of the shared flags; returns -1 when name is not one of them. */
static int set_common(CliOptions *opt, const CliSpec *spec, const char *name, const char *value)
{
    long long n;
    if (strcmp(name, "plots") == 0) {
        if (plot_format_parse(value, &opt->plots) != 0)
            return bad(spec, "--%s expects png, svg, dumb or none, got \"%s\"", name, value);
        return CLI_RUN;
    }
    if (strcmp(name, "out") == 0) {
        if (*value == '\0')
            return bad(spec, "--%s expects a folder", name);
        opt->out = value;
        return CLI_RUN;
    }
    if (strcmp(name, "seed") == 0) {
        if (parse_long(value, 0, INT64_MAX, &n) != 0)
            return bad(spec, "--%s expects a whole number >= 0, got \"%s\"", name, value);
        opt->seed = (uint64_t)n;
        return CLI_RUN;
    }
    if (strcmp(name, "threads") == 0) {
        if (parse_long(value, 1, POOL_MAX_THREADS, &n) != 0)
            return bad(spec, "--%s expects a whole number from 1 to %d, got \"%s\"", name,
                       POOL_MAX_THREADS, value);
        opt->threads = (int)n;
        gemm_set_threads(opt->threads);
        return CLI_RUN;
    }
    if (strcmp(name, "section") == 0) {
        if (!is_section_number(value))
            return bad(spec, "--%s expects a section number such as 4 or 4.2, got \"%s\"", name,
                       value);
        opt->section = value;
        return CLI_RUN;
    }
    if (strcmp(name, "check") == 0) {
        if (*value == '\0')
            return bad(spec, "--%s expects NAME=VALUE,... or list", name);
        opt->check = value;
        return CLI_RUN;
    }
    if (strcmp(name, "variant") == 0) {
        if (parse_long(value, 0, INT64_MAX, &n) != 0)
            return bad(spec, "--%s expects a whole number >= 0, got \"%s\"", name, value);
        opt->variant = (uint64_t)n;
        return CLI_RUN;
    }
    if (strcmp(name, "features") == 0 || strcmp(name, "target") == 0) {
        if (*value == '\0')
            return bad(spec, "--%s expects %s", name,
                       name[0] == 'f' ? "column names: NAME,NAME,..." : "a column name");
        *(name[0] == 'f' ? &opt->features : &opt->target) = value;
        return CLI_RUN;
    }
    if (strcmp(name, "sections") == 0)
        opt->sections = 1;
    else if (strcmp(name, "quiz") == 0)
        opt->quiz = 1;
    else
        return -1;
    return CLI_RUN;
}

/* ---- an unknown flag: the nearest one the chapter takes ------------------- */

enum { NAME_MAX_LEN = 63 }; /* the longest flag name compared */

/* The edit distance between a and b (both at most NAME_MAX_LEN long):
 * the fewest insertions, deletions and substitutions of a character, and
 * swaps of two neighbouring ones, that turn a into b (the "optimal string
 * alignment" form of the Damerau-Levenshtein distance). */
static int edit_distance(const char *a, const char *b)
{
    int n = (int)strlen(a), m = (int)strlen(b);
    /* d[i][j]: the distance between the first i characters of a and the first j of b */
    int d[NAME_MAX_LEN + 1][NAME_MAX_LEN + 1];
    for (int i = 0; i <= n; i++)
        d[i][0] = i;
    for (int j = 0; j <= m; j++)
        d[0][j] = j;
    for (int i = 1; i <= n; i++)
        for (int j = 1; j <= m; j++) {
            int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            int best = sub < del ? sub : del;
            best = ins < best ? ins : best;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1; /* a swap: "plost" -> "plots" */
            d[i][j] = best;
        }
    return d[n][m];
}

/* Keep candidate in *best when it is nearer to name than *best is. */
static void consider(const char *name, const char *candidate, const char **best, int *best_d)
{
    if (strlen(candidate) > NAME_MAX_LEN)
        return;
    int d = edit_distance(name, candidate);
    if (d < *best_d) {
        *best = candidate;
        *best_d = d;
    }
}

/* The flag spec's chapter takes that is nearest to name, when it is near:
 * at most 2 edits, and at most one for every 3 characters of the flag
 * (so "--z" is not offered for "--ab"). NULL when none is. */
static const char *nearest_flag(const CliSpec *spec, const char *name)
{
    if (strlen(name) > NAME_MAX_LEN)
        return NULL;
    const char *best = NULL;
    int best_d = 3;
    for (int k = 0; k < spec->n_flags; k++)
        consider(name, spec->flags[k].name, &best, &best_d);
    for (int k = 0; k < N_COMMON; k++)
        if (has_common(spec, k))
            consider(name, COMMON[k].name, &best, &best_d);
    consider(name, "help", &best, &best_d);
    return best && 3 * best_d <= (int)strlen(best) ? best : NULL;
}

/* arg (after its dashes: one or two) is no flag of the chapter's: say so,
 * with the nearest flag when there is one ("did you mean --plots?").
 * CLI_EXIT_USAGE. */
static int unknown_flag(const CliSpec *spec, const char *arg, int dashes)
{
    char name[NAME_MAX_LEN + 2];
    int len = (int)strcspn(arg, "=");
    snprintf(name, sizeof name, "%.*s", len - dashes, arg + dashes);
    const char *near = nearest_flag(spec, name);
    if (near)
        return bad(spec, "unknown flag \"%.*s\"; did you mean --%s?", len, arg, near);
    if (dashes == 1)
        return bad(spec, "unexpected argument \"%s\"", arg);
    return bad(spec, "unknown flag \"%.*s\"", len, arg);
}

/* ---- cli_parse ------------------------------------------------------------ */

/* Each of spec's ranges is an interval over a number flag of its own. */
static void check_ranges(const CliSpec *spec)
{
    for (int k = 0; k < spec->n_ranges; k++) {
        const CliRange *r = &spec->ranges[k];
        const CliFlag *f = find_flag(spec, r->name);
        CHECK(f && (f->kind == CLI_INT || f->kind == CLI_DOUBLE),
              "%s: a range for \"%s\", which is not a number flag of its own", spec->program,
              r->name);
        CHECK((r->lo == '[' || r->lo == '(') && (r->hi == ']' || r->hi == ')') &&
                  !(r->min > r->max),
              "%s: the range of --%s is %c%g, %g%c", spec->program, r->name, r->lo ? r->lo : '?',
              r->min, r->max, r->hi ? r->hi : '?');
    }
}

int cli_parse(CliOptions *opt, const CliSpec *spec, int argc, char **argv)
{
    check_ranges(spec);
    opt->plots = PLOT_PNG;
    opt->out = "out";
    opt->seed = spec->default_seed;
    opt->threads = 0;
    opt->section = NULL;
    opt->sections = 0;
    opt->check = NULL;
    opt->variant = 0;
    opt->quiz = 0;
    opt->features = NULL;
    opt->target = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help(spec);
            return CLI_EXIT_OK;
        }
        if (arg[0] == '-' && arg[1] != '-' && arg[1] != '\0')
            return unknown_flag(spec, arg, 1); /* -plots */
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
            return bad(spec, "unexpected argument \"%s\"", arg);
        char name[64];
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (len >= sizeof name)
            return unknown_flag(spec, arg, 2);
        memcpy(name, arg + 2, len);
        name[len] = '\0';
        const CliFlag *f = find_flag(spec, name);
        int common = f ? -1 : find_common(spec, name);
        if (!f && common < 0)
            return unknown_flag(spec, arg, 2);
        const char *value = eq ? eq + 1 : NULL;
        if ((f && f->kind == CLI_BOOL) || (!f && !COMMON[common].takes_value)) {
            if (value)
                return bad(spec, "--%s takes no value", name);
        } else if (!value) {
            if (i + 1 >= argc)
                return bad(spec, "--%s needs a value", name);
            value = argv[++i];
        }
        int rc = f ? set_flag(spec, f, value) : set_common(opt, spec, name, value);
        if (rc != CLI_RUN)
            return rc;
        if (f && f->kind == CLI_STRING && strcmp(f->name, "data") == 0)
            opt->data = value;
    }
    if (opt->check && opt->quiz)
        return bad(spec, "--check and --quiz do not go together (the quiz asks, --check answers)");
    if (opt->section && opt->sections)
        return bad(spec, "--section and --sections do not go together");
    return CLI_RUN;
}
