/* cli.c - the chapters' shared flag parser; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gemm.h"
#include "pool.h"

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

static int parse_double(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return (*s == '\0' || *end != '\0' || errno || !isfinite(*v)) ? -1 : 0;
}

/* Store value into a chapter flag's target. */
static int set_flag(const CliSpec *spec, const CliFlag *f, const char *value)
{
    long long n;
    switch (f->kind) {
    case CLI_BOOL:
        *(int *)f->target = 1;
        return CLI_RUN;
    case CLI_INT:
        if (parse_long(value, -2147483647LL, 2147483647LL, &n) != 0)
            return bad(spec, "--%s expects an integer, got \"%s\"", f->name, value);
        *(int *)f->target = (int)n;
        return CLI_RUN;
    case CLI_DOUBLE:
        if (parse_double(value, (double *)f->target) != 0)
            return bad(spec, "--%s expects a number, got \"%s\"", f->name, value);
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

/* The shared flags: whether each takes a value, and whether only a
 * chapter with a worksheet (CliSpec.sheet) has it. */
static const struct {
    const char *name;
    int takes_value, sheet_only;
} COMMON[] = {
    {"plots", 1, 0},   {"out", 1, 0},   {"seed", 1, 0},    {"threads", 1, 0}, {"section", 1, 0},
    {"sections", 0, 0}, {"check", 1, 1}, {"variant", 1, 1}, {"quiz", 0, 1},
};

/* The shared flag called name that spec's chapter takes, or -1. */
static int find_common(const CliSpec *spec, const char *name)
{
    for (int k = 0; k < (int)(sizeof COMMON / sizeof COMMON[0]); k++)
        if (strcmp(COMMON[k].name, name) == 0 && (spec->sheet || !COMMON[k].sheet_only))
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
    if (strcmp(name, "sections") == 0)
        opt->sections = 1;
    else if (strcmp(name, "quiz") == 0)
        opt->quiz = 1;
    else
        return -1;
    return CLI_RUN;
}

static const CliFlag *find_flag(const CliSpec *spec, const char *name)
{
    for (int k = 0; k < spec->n_flags; k++)
        if (strcmp(spec->flags[k].name, name) == 0)
            return &spec->flags[k];
    return NULL;
}

int cli_parse(CliOptions *opt, const CliSpec *spec, int argc, char **argv)
{
    opt->plots = PLOT_PNG;
    opt->out = "out";
    opt->seed = spec->default_seed;
    opt->threads = 0;
    opt->section = NULL;
    opt->sections = 0;
    opt->check = NULL;
    opt->variant = 0;
    opt->quiz = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help(spec);
            return CLI_EXIT_OK;
        }
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
            return bad(spec, "unexpected argument \"%s\"", arg);
        char name[64];
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (len >= sizeof name)
            return bad(spec, "unknown flag \"%s\"", arg);
        memcpy(name, arg + 2, len);
        name[len] = '\0';
        const CliFlag *f = find_flag(spec, name);
        int common = f ? -1 : find_common(spec, name);
        if (!f && common < 0)
            return bad(spec, "unknown flag \"--%s\"", name);
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
    }
    if (opt->check && opt->quiz)
        return bad(spec, "--check and --quiz do not go together (the quiz asks, --check answers)");
    if (opt->section && opt->sections)
        return bad(spec, "--section and --sections do not go together");
    return CLI_RUN;
}
