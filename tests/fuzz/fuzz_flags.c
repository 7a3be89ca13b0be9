/* fuzz_flags.c - the chapters' flag parser (cli_parse) on arbitrary
 * command lines.
 *
 * The input is split into arguments at each NUL or newline byte, after a
 * program name: "--seed\n7\n--plots=svg" is `prog --seed 7 --plots=svg`.
 * The spec has a flag of each kind (bool, int, double, string), ranges
 * for the two numbers, a worksheet (--check, --variant, --quiz) and a
 * --data flag (so --features and --target too): every path of cli_parse
 * can be reached. cli_parse prints --help and its errors: `make fuzz` runs
 * with -close_fd_mask=3 (libFuzzer then keeps its own report and the
 * sanitizers' on a copy of stderr), and the replay keeps them in a file.
 * What must hold: no crash, no sanitizer report; a return value of
 * CLI_RUN, CLI_EXIT_OK or CLI_EXIT_USAGE; after CLI_RUN, options a chapter
 * can use and the numbers inside their ranges. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fuzz.h"

#define MAX_ARGS 64 /* arguments past these are dropped */

#define MAX_EPOCHS 1000

static int epochs, verbose;
static double eta;
static const char *data_path;

static const CliFlag FLAGS[] = {
    {"epochs", CLI_INT, &epochs, "N", "training epochs"},
    {"eta", CLI_DOUBLE, &eta, "RATE", "the learning rate"},
    {"data", CLI_STRING, &data_path, "FILE", "a CSV file of your own"},
    {"verbose", CLI_BOOL, &verbose, NULL, "every epoch's line"},
};

static const CliRange RANGES[] = {
    {"epochs", '[', 1, MAX_EPOCHS, ']'},
    {"eta", '(', 0, INFINITY, ')'},
};

static const CliSpec SPEC = {
    .program = "fuzz_flags",
    .card = "fuzz_flags - the flag parser under a fuzzer",
    .default_seed = 42,
    .flags = FLAGS,
    .n_flags = (int)(sizeof FLAGS / sizeof FLAGS[0]),
    .sheet = 1,
    .ranges = RANGES,
    .n_ranges = (int)(sizeof RANGES / sizeof RANGES[0]),
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a NUL-terminated copy; each NUL or newline ends an argument */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[MAX_ARGS + 2] = {"fuzz_flags"};
    int argc = 1;
    char *start = text;
    for (size_t i = 0; i <= size && argc <= MAX_ARGS; i++) {
        /* the end of the input ends an argument unless it is empty */
        int ends = i < size ? text[i] == '\0' || text[i] == '\n' : start < text + size;
        if (ends) {
            text[i] = '\0';
            argv[argc++] = start;
            start = text + i + 1;
        }
    }
    argv[argc] = NULL;

    CliOptions opt;
    epochs = 10; /* the chapter's defaults, inside the ranges */
    eta = 0.1;
    int rc = cli_parse(&opt, &SPEC, argc, argv);
    if (rc != CLI_RUN && rc != CLI_EXIT_OK && rc != CLI_EXIT_USAGE)
        fuzz_broken("cli_parse returned something else than CLI_RUN, CLI_EXIT_OK or CLI_EXIT_USAGE");
    if (rc == CLI_RUN && (!opt.out || !*opt.out || opt.threads < 0 ||
                          (opt.check && opt.quiz) || (opt.section && opt.sections)))
        fuzz_broken("cli_parse accepted options a chapter cannot use");
    if (rc == CLI_RUN && !(epochs >= 1 && epochs <= MAX_EPOCHS && eta > 0 && isfinite(eta)))
        fuzz_broken("cli_parse accepted a number outside its range");
    free(text);
    return 0;
}
