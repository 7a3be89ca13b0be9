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
 * plus any flags of the chapter's own (CliFlag). Both "--flag=value" and
 * "--flag value" work. cli_parse prints --help to stdout and errors (with
 * the usage line) to stderr, and never exits: the chapter decides.
 */
#ifndef ANNLAB_CLI_H
#define ANNLAB_CLI_H

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

typedef struct {
    const char *program;      /* "01_perceptron" */
    const char *card;         /* the lecture card printed by --help */
    uint64_t default_seed;
    const CliFlag *flags;     /* the chapter's own flags, or NULL */
    int n_flags;
    int sheet;                /* 1: it keeps a worksheet, so it takes --check, --variant, --quiz */
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
} CliOptions;

enum { CLI_RUN = 0, CLI_EXIT_OK = 1, CLI_EXIT_USAGE = 2 };

/* Fill opt from argv. Returns CLI_RUN to go on, CLI_EXIT_OK after --help
 * (exit 0), CLI_EXIT_USAGE after a bad flag, with the message and the
 * usage line on stderr (exit 2). */
int cli_parse(CliOptions *opt, const CliSpec *spec, int argc, char **argv);

/* For a value cli_parse accepted but the chapter cannot use (--eta -1):
 * print "program: message" and the usage line to stderr; returns
 * CLI_EXIT_USAGE, the exit status to use. */
int cli_error(const CliSpec *spec, const char *fmt, ...);

#endif
