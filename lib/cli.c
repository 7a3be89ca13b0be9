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
    return -1;
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
        int is_common = !f && (strcmp(name, "plots") == 0 || strcmp(name, "out") == 0 ||
                               strcmp(name, "seed") == 0 || strcmp(name, "threads") == 0);
        if (!f && !is_common)
            return bad(spec, "unknown flag \"--%s\"", name);
        const char *value = eq ? eq + 1 : NULL;
        if (f && f->kind == CLI_BOOL) {
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
    return CLI_RUN;
}
