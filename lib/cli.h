/* cli.h - the flags every chapter program takes, parsed in one place.
 *
 *   --plots=png|svg|dumb|none   how to draw the figures (default png)
 *   --out DIR                   where out/NN_topic/ goes (default out)
 *   --seed N                    the random seed (default: the chapter's)
 *   --threads N                 at most N threads for the matrix products
 *                               (default: every core, or ANNLAB_THREADS);
 *                               cli_parse passes it on to gemm_set_threads.
 *                               The numbers do not depend on it (gemm.h).
 *   --section N                 print only section N of the lecture ("4" with
 *                               its 4.1, 4.2 ..., or "4.2"); chapter.h does it
 *   --sections                  list the lecture's sections instead
 *   --help                      the lecture card and the flags
 *
 * and, for a chapter that keeps a worksheet of its worked examples
 * (CliSpec.sheet; see sheet.h and chapter.h):
 *
 *   --check NAME=VALUE,...      check a hand calculation (--check list: the names)
 *   --variant N                 the worked examples with givens drawn from seed N
 *                               (0, the default: the notes' numbers)
 *   --quiz                      only the givens and what to compute, no answers
 *
 * and, for a chapter with a flag of its own called "data" (a CSV of
 * features and a target; chapter_load_xy applies them) unless it has its
 * own --features or --target:
 *
 *   --features NAME,NAME,...    the feature columns, by the names in the header
 *   --target NAME               the target column
 *
 * plus any flags of the chapter's own (CliFlag). Both "--flag=value" and
 * "--flag value" work. cli_parse prints --help to stdout and errors (with
 * the usage line) to stderr, and never exits: the chapter decides. An
 * unknown flag is answered with the nearest one the chapter takes, when
 * one is near (a typo, a missing dash):
 *     01_perceptron: unknown flag "--plot"; did you mean --plots?
 */
#ifndef ANNLAB_CLI_H
#define ANNLAB_CLI_H

#include <math.h> /* INFINITY, for a CliRange without an upper bound */
#include <stdint.h>

#include "plot.h"

typedef enum { CLI_BOOL, CLI_INT, CLI_DOUBLE, CLI_STRING } CliKind;

/* A chapter's own flag: --name (CLI_BOOL) or --name VALUE. */
typedef struct {
    const char *name;  /* without the dashes */
    CliKind kind;
    void *target;      /* int *, int *, double * or const char ** */
    const char *arg;   /* the value's name in --help, e.g. "FILE" */
    const char *help;
} CliFlag;

/* The values a chapter's CLI_INT or CLI_DOUBLE flag accepts: the interval
 * lo min, max hi, written as mathematics writes it, where lo is '[' (the
 * value must be >= min) or '(' (> min), and hi is ']' (<= max) or ')'
 * (< max); an open end at INFINITY is no bound:
 *     {"eta", '(', 0, INFINITY, ')'}          eta > 0
 *     {"epochs", '[', 1, MAX_EPOCHS, ']'}     1 <= epochs <= MAX_EPOCHS
 *     {"dropout", '[', 0, 1, ')'}             0 <= dropout < 1
 * cli_parse refuses a value outside with one line that names the flag:
 *     01_perceptron: --eta must be > 0, got -1 */
typedef struct {
    const char *name; /* a flag of the chapter's own, without the dashes */
    char lo;
    double min, max;
    char hi;
} CliRange;

typedef struct {
    const char *program;      /* "01_perceptron" */
    const char *card;         /* the lecture card printed by --help */
    uint64_t default_seed;
    const CliFlag *flags;     /* the chapter's own flags, or NULL */
    int n_flags;
    int sheet;                /* 1: it keeps a worksheet, so it takes --check, --variant, --quiz */
    const CliRange *ranges;   /* the values some of the flags accept, or NULL */
    int n_ranges;
} CliSpec;

typedef struct {
    PlotFormat plots;
    const char *out;
    uint64_t seed;
    int threads; /* --threads N, or 0 when not given */
    const char *section; /* --section N ("4", "4.2"), or NULL */
    int sections;        /* --sections */
    const char *check;   /* --check NAME=VALUE,... or "list", or NULL */
    uint64_t variant;    /* --variant N, 0 when not given */
    int quiz;            /* --quiz */
    const char *features; /* --features NAME,NAME,..., or NULL */
    const char *target;   /* --target NAME, or NULL */
    const char *data;     /* the chapter's own --data FILE as given, or NULL */
} CliOptions;

enum { CLI_RUN = 0, CLI_EXIT_OK = 1, CLI_EXIT_USAGE = 2 };

/* Fill opt from argv. Returns CLI_RUN to go on, CLI_EXIT_OK after --help
 * (exit 0), CLI_EXIT_USAGE after a bad flag, with the message and the
 * usage line on stderr (exit 2). */
int cli_parse(CliOptions *opt, const CliSpec *spec, int argc, char **argv);

/* Whether spec's chapter takes --features and --target: it has a flag
 * "data" of its own, and no flag "features" or "target" of its own. */
int cli_takes_columns(const CliSpec *spec);

/* For a value cli_parse accepted but the chapter cannot use (--eta -1):
 * print "program: message" and the usage line to stderr; returns
 * CLI_EXIT_USAGE, the exit status to use. */
int cli_error(const CliSpec *spec, const char *fmt, ...);

#endif
