/* cli.h - the flags every chapter program takes, parsed in one place.
 *
 *   --plots=png|svg|dumb|none   how to draw the figures (default png)
 *   --out DIR                   where out/NN_topic/ goes (default out)
 *   --seed N                    the random seed (default: the chapter's)
 *   --threads N                 at most N threads for the matrix products
 *                               (default: every core, or ANNLAB_THREADS);
 *                               cli_parse passes it on to gemm_set_threads.
 *                               The numbers do not depend on it (gemm.h).
 *   --help                      the lecture card and the flags
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
} CliSpec;

typedef struct {
    PlotFormat plots;
    const char *out;
    uint64_t seed;
    int threads; /* --threads N, or 0 when not given */
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
