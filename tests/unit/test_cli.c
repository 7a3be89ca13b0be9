/* test_cli.c - unit tests for lib/cli: the defaults, the shared flags
 * (--plots, --out, --seed, --help) in both "--flag=value" and "--flag
 * value" forms, a chapter's own flags (CLI_BOOL, CLI_INT, CLI_DOUBLE,
 * CLI_STRING) and their ranges (CliRange), --features and --target for a
 * chapter with --data, and every way to get a flag wrong: each returns
 * CLI_EXIT_USAGE with a message (naming the nearest flag for a typo) and
 * the usage line on stderr.
 *
 * cli_parse prints, so stdout and stderr are redirected for every test
 * (keeping the test output clean) and read back where the text matters.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "gemm.h"

static void redirect_output(void)
{
    cr_redirect_stdout();
    cr_redirect_stderr();
}

TestSuite(cli, .init = redirect_output);

/* The chapter's own flags, reset before each parse. */
static int verbose, epochs;
static double lr;
static const char *model;

static const CliFlag FLAGS[] = {
    {.name = "verbose", .kind = CLI_BOOL, .target = &verbose, .help = "print every epoch"},
    {.name = "epochs", .kind = CLI_INT, .target = &epochs, .arg = "N", .help = "epochs to train"},
    {.name = "lr", .kind = CLI_DOUBLE, .target = &lr, .arg = "ETA", .help = "learning rate"},
    {.name = "model", .kind = CLI_STRING, .target = &model, .arg = "NAME", .help = "which model"},
};

static const CliSpec SPEC = {
    .program = "99_test",
    .card = "99 test: a lecture card for the tests",
    .default_seed = 1234,
    .flags = FLAGS,
    .n_flags = 4,
};

static const char *data; /* --data of the chapters below that have it */

/* cli_parse for spec on the arguments after the program name (a
 * NULL-terminated list), with the chapter's flags at their defaults first. */
static int parse_spec(const CliSpec *spec, CliOptions *opt, char **args)
{
    verbose = 0;
    epochs = 10;
    lr = 0.5;
    model = "small";
    data = NULL;
    char *argv[16] = {"99_test"};
    int argc = 1;
    while (args[argc - 1]) {
        cr_assert_lt(argc, 16);
        argv[argc] = args[argc - 1];
        argc++;
    }
    return cli_parse(opt, spec, argc, argv);
}

/* parse_spec for the chapter SPEC. */
static int parse(CliOptions *opt, char **args)
{
    return parse_spec(&SPEC, opt, args);
}

#define ARGS(...) ((char *[]){__VA_ARGS__, NULL})

/* Everything the test wrote to stream (stdout or stderr) so far. */
static void read_redirected(FILE *written, FILE *redirected, char *buf, size_t len)
{
    fflush(written);
    size_t n = fread(buf, 1, len - 1, redirected);
    buf[n] = '\0';
}

static void assert_contains(const char *text, const char *part)
{
    cr_assert_not_null(strstr(text, part), "expected \"%s\" in:\n%s", part, text);
}

/* Assert rc is CLI_EXIT_USAGE and stderr holds message and the usage line. */
static void assert_usage_error(int rc, const char *message)
{
    cr_assert_eq(rc, CLI_EXIT_USAGE, "rc %d, expected CLI_EXIT_USAGE (2)", rc);
    char err[4096];
    read_redirected(stderr, cr_get_redirected_stderr(), err, sizeof err);
    assert_contains(err, message);
    assert_contains(err, "usage: 99_test [--plots=png|svg|dumb|none] [--out DIR] [--seed N]");
}

Test(cli, no_flags_gives_the_defaults)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS(NULL)), CLI_RUN);
    cr_assert_eq(opt.plots, PLOT_PNG);
    cr_assert_str_eq(opt.out, "out");
    cr_assert_eq(opt.seed, 1234);
    cr_assert_eq(verbose, 0);
    cr_assert_eq(epochs, 10);
    cr_assert_str_eq(model, "small");
    /* a normal run prints nothing */
    cr_assert_stderr_eq_str("");
}

Test(cli, plots_takes_its_value_after_an_equals_sign)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--plots=svg")), CLI_RUN);
    cr_assert_eq(opt.plots, PLOT_SVG);
    cr_assert_eq(parse(&opt, ARGS("--plots=none")), CLI_RUN);
    cr_assert_eq(opt.plots, PLOT_NONE);
}

Test(cli, plots_takes_its_value_as_the_next_argument)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--plots", "svg")), CLI_RUN);
    cr_assert_eq(opt.plots, PLOT_SVG);
    cr_assert_eq(parse(&opt, ARGS("--plots", "dumb")), CLI_RUN);
    cr_assert_eq(opt.plots, PLOT_DUMB);
}

Test(cli, out_sets_the_output_folder)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--out", "/tmp/annlab-out")), CLI_RUN);
    cr_assert_str_eq(opt.out, "/tmp/annlab-out");
    cr_assert_eq(parse(&opt, ARGS("--out=build/x")), CLI_RUN);
    cr_assert_str_eq(opt.out, "build/x");
}

Test(cli, seed_sets_the_random_seed)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--seed", "7")), CLI_RUN);
    cr_assert_eq(opt.seed, 7);
    cr_assert_eq(parse(&opt, ARGS("--seed=0")), CLI_RUN);
    cr_assert_eq(opt.seed, 0);
}

Test(cli, shared_flags_combine_in_any_order)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--seed", "3", "--plots=none", "--out", "o")), CLI_RUN);
    cr_assert_eq(opt.seed, 3);
    cr_assert_eq(opt.plots, PLOT_NONE);
    cr_assert_str_eq(opt.out, "o");
}

Test(cli, help_prints_the_card_and_the_flags_and_asks_to_exit_0)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--help")), CLI_EXIT_OK);
    char out[4096];
    read_redirected(stdout, cr_get_redirected_stdout(), out, sizeof out);
    assert_contains(out, "99 test: a lecture card for the tests");
    assert_contains(out, "usage: 99_test [--plots=png|svg|dumb|none] [--out DIR] [--seed N] "
                         "[--verbose] [--epochs N] [--lr ETA] [--model NAME] [--help]");
    assert_contains(out, "--epochs N");
    assert_contains(out, "epochs to train");
    assert_contains(out, "(default: 1234)");
}

Test(cli, help_wins_over_the_flags_before_it)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--seed", "5", "--help")), CLI_EXIT_OK);
}

Test(cli, bad_plots_value_is_a_usage_error)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--plots=jpeg")),
                       "99_test: --plots expects png, svg, dumb or none, got \"jpeg\"");
}

Test(cli, unknown_flag_is_a_usage_error)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--colour")), "99_test: unknown flag \"--colour\"");
}

Test(cli, stray_argument_is_a_usage_error)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("data.csv")), "99_test: unexpected argument \"data.csv\"");
}

Test(cli, missing_value_is_a_usage_error)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--seed")), "99_test: --seed needs a value");
}

Test(cli, non_number_seed_is_a_usage_error)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--seed", "abc")),
                       "99_test: --seed expects a whole number >= 0, got \"abc\"");
}

Test(cli, seed_with_trailing_text_is_a_usage_error)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--seed=7x")),
                       "99_test: --seed expects a whole number >= 0, got \"7x\"");
}

Test(cli, negative_seed_is_a_usage_error)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--seed", "-1")),
                       "99_test: --seed expects a whole number >= 0, got \"-1\"");
}

Test(cli, empty_out_is_a_usage_error)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--out=")), "99_test: --out expects a folder");
}

Test(cli, chapter_bool_flag_is_set_by_its_name)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--verbose")), CLI_RUN);
    cr_assert_eq(verbose, 1);
}

Test(cli, chapter_bool_flag_takes_no_value)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--verbose=1")), "99_test: --verbose takes no value");
}

Test(cli, chapter_int_flag_reads_a_whole_number_in_both_forms)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--epochs", "30")), CLI_RUN);
    cr_assert_eq(epochs, 30);
    cr_assert_eq(parse(&opt, ARGS("--epochs=-2")), CLI_RUN);
    cr_assert_eq(epochs, -2);
}

Test(cli, chapter_int_flag_rejects_a_non_number)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--epochs", "ten")),
                       "99_test: --epochs expects a whole number, got \"ten\"");
}

Test(cli, chapter_int_flag_rejects_a_number_beyond_int)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--epochs", "3000000000")),
                       "99_test: --epochs expects a whole number from -2147483647 to "
                       "2147483647, got 3000000000");
    assert_usage_error(parse(&opt, ARGS("--epochs", "1.5")),
                       "99_test: --epochs expects a whole number, got \"1.5\"");
}

Test(cli, chapter_double_flag_reads_a_number)
{
    /* "1e-3" is parsed by strtod: exactly the double nearest 0.001 */
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--lr", "1e-3")), CLI_RUN);
    cr_assert_eq(lr, 0.001);
    assert_usage_error(parse(&opt, ARGS("--lr=fast")),
                       "99_test: --lr expects a finite number, got \"fast\"");
}

Test(cli, chapter_double_flag_rejects_nan_and_infinity)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--lr=nan")),
                       "99_test: --lr expects a finite number, got \"nan\"");
    assert_usage_error(parse(&opt, ARGS("--lr=1e999")),
                       "99_test: --lr expects a finite number, got \"1e999\"");
}

Test(cli, chapter_string_flag_keeps_its_text)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--model", "wide", "--seed", "9")), CLI_RUN);
    cr_assert_str_eq(model, "wide");
    cr_assert_eq(opt.seed, 9);
    cr_assert_eq(parse(&opt, ARGS("--model=deep")), CLI_RUN);
    cr_assert_str_eq(model, "deep");
}

Test(cli, chapter_flag_missing_its_value_is_a_usage_error)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--model")), "99_test: --model needs a value");
}

Test(cli, cli_error_prints_the_message_and_the_usage_and_returns_2)
{
    /* a value cli_parse accepts but the chapter cannot use: --epochs -3 */
    int rc = cli_error(&SPEC, "--epochs must be at least %d, got %d", 1, -3);
    assert_usage_error(rc, "99_test: --epochs must be at least 1, got -3\n");
}

Test(cli, threads_sets_the_matrix_products_threads)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--threads", "1")), CLI_RUN);
    cr_assert_eq(opt.threads, 1);
    cr_assert_eq(gemm_default().threads, 1);
    cr_assert_eq(parse(&opt, ARGS("--threads=3")), CLI_RUN);
    cr_assert_eq(gemm_default().threads, 3);
    cr_assert_eq(parse(&opt, ARGS("--seed", "1")), CLI_RUN);
    cr_assert_eq(opt.threads, 0, "not given: 0");
    cr_assert_eq(gemm_default().threads, 3, "and the setting stays");
}

Test(cli, threads_must_be_a_whole_number_from_1)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--threads", "0")), CLI_EXIT_USAGE);
    cr_assert_eq(parse(&opt, ARGS("--threads", "two")), CLI_EXIT_USAGE);
    char err[4096];
    read_redirected(stderr, cr_get_redirected_stderr(), err, sizeof err);
    assert_contains(err, "--threads expects a whole number from 1 to 64, got \"0\"");
}

/* ---- ranges: a chapter's CliRange table ---------------------------------- */

/* The test chapter's flags again, now with ranges and a --data flag. */
static const CliFlag DATA_FLAGS[] = {
    {.name = "epochs", .kind = CLI_INT, .target = &epochs, .arg = "N", .help = "epochs"},
    {.name = "lr", .kind = CLI_DOUBLE, .target = &lr, .arg = "ETA", .help = "learning rate"},
    {.name = "data", .kind = CLI_STRING, .target = &data, .arg = "FILE", .help = "a CSV"},
};
static const CliRange RANGES[] = {{"epochs", '[', 1, 1000, ']'}, {"lr", '(', 0, INFINITY, ')'}};
static const CliSpec DATA_SPEC = {.program = "98_data", .card = "98 data: a card",
                                  .flags = DATA_FLAGS, .n_flags = 3,
                                  .ranges = RANGES, .n_ranges = 2};

/* rc is CLI_EXIT_USAGE and stderr's first line is exactly line. */
static void assert_first_line(int rc, const char *line)
{
    cr_assert_eq(rc, CLI_EXIT_USAGE, "rc %d, expected CLI_EXIT_USAGE (2)", rc);
    char err[4096];
    read_redirected(stderr, cr_get_redirected_stderr(), err, sizeof err);
    size_t n = strcspn(err, "\n");
    cr_assert(strlen(line) == n && strncmp(err, line, n) == 0, "expected \"%s\", got:\n%s", line,
              err);
}

Test(cli, values_at_the_closed_ends_of_a_range_are_taken)
{
    CliOptions opt;
    cr_assert_eq(parse_spec(&DATA_SPEC, &opt, ARGS("--epochs", "1", "--lr", "1e-300")), CLI_RUN);
    cr_assert_eq(epochs, 1);
    cr_assert_eq(lr, 1e-300);
    cr_assert_eq(parse_spec(&DATA_SPEC, &opt, ARGS("--epochs=1000")), CLI_RUN);
    cr_assert_eq(epochs, 1000);
}

Test(cli, an_int_below_its_range_is_refused_naming_only_that_flag)
{
    CliOptions opt;
    assert_first_line(parse_spec(&DATA_SPEC, &opt, ARGS("--lr", "0.1", "--epochs", "0")),
                      "98_data: --epochs must be from 1 to 1000, got 0");
}

Test(cli, an_int_above_its_range_or_beyond_int_is_refused_with_the_range)
{
    CliOptions opt;
    assert_first_line(parse_spec(&DATA_SPEC, &opt, ARGS("--epochs", "1001")),
                      "98_data: --epochs must be from 1 to 1000, got 1001");
}

Test(cli, an_int_beyond_int_is_refused_with_its_range)
{
    CliOptions opt;
    assert_first_line(parse_spec(&DATA_SPEC, &opt, ARGS("--epochs", "99999999999")),
                      "98_data: --epochs must be from 1 to 1000, got 99999999999");
}

Test(cli, a_learning_rate_at_the_open_end_or_below_is_refused)
{
    CliOptions opt;
    assert_first_line(parse_spec(&DATA_SPEC, &opt, ARGS("--lr", "0")),
                      "98_data: --lr must be > 0, got 0");
    cr_assert_eq(lr, 0.5, "a refused value must not be stored");
}

Test(cli, a_negative_learning_rate_is_refused)
{
    CliOptions opt;
    assert_first_line(parse_spec(&DATA_SPEC, &opt, ARGS("--lr=-1")),
                      "98_data: --lr must be > 0, got -1");
}

Test(cli, half_open_and_upper_only_ranges_read_as_inequalities)
{
    static const CliRange HALF[] = {{"lr", '[', 0, 1, ')'}, {"epochs", '(', -INFINITY, 5, ']'}};
    CliSpec spec = DATA_SPEC;
    spec.ranges = HALF;
    CliOptions opt;
    cr_assert_eq(parse_spec(&spec, &opt, ARGS("--lr", "0", "--epochs", "-7")), CLI_RUN);
    assert_first_line(parse_spec(&spec, &opt, ARGS("--lr", "1")),
                      "98_data: --lr must be >= 0 and < 1, got 1");
}

Test(cli, an_upper_bound_alone_is_said_alone)
{
    static const CliRange HALF[] = {{"lr", '[', 0, 1, ')'}, {"epochs", '(', -INFINITY, 5, ']'}};
    CliSpec spec = DATA_SPEC;
    spec.ranges = HALF;
    CliOptions opt;
    assert_first_line(parse_spec(&spec, &opt, ARGS("--epochs", "6")),
                      "98_data: --epochs must be <= 5, got 6");
}

Test(cli, a_range_for_a_flag_that_is_not_a_number_is_a_programmer_error, .signal = SIGABRT)
{
    static const CliRange BAD[] = {{"data", '[', 0, 1, ']'}};
    CliSpec spec = DATA_SPEC;
    spec.ranges = BAD;
    spec.n_ranges = 1;
    CliOptions opt;
    parse_spec(&spec, &opt, ARGS(NULL));
}

/* ---- --features and --target ---------------------------------------------------- */

Test(cli, a_chapter_with_data_takes_features_and_target)
{
    CliOptions opt;
    cr_assert_eq(parse_spec(&DATA_SPEC, &opt, ARGS(NULL)), CLI_RUN);
    cr_assert_null(opt.features);
    cr_assert_null(opt.target);
    cr_assert_eq(parse_spec(&DATA_SPEC, &opt,
                            ARGS("--data", "my.csv", "--features", "cgpa,iq", "--target=placed")),
                 CLI_RUN);
    cr_assert_str_eq(opt.features, "cgpa,iq");
    cr_assert_str_eq(opt.target, "placed");
    cr_assert(cli_takes_columns(&DATA_SPEC));
}

Test(cli, a_chapter_without_data_has_no_features_flag)
{
    CliOptions opt;
    cr_assert_not(cli_takes_columns(&SPEC));
    assert_usage_error(parse(&opt, ARGS("--features", "a,b")), "unknown flag \"--features\"");
}

Test(cli, a_chapter_flag_called_target_wins_and_takes_the_columns_away)
{
    /* chapter 12 has --target of its own: neither shared flag is offered */
    static const char *target;
    static const CliFlag OWN[] = {
        {.name = "data", .kind = CLI_STRING, .target = &data, .arg = "FILE", .help = "a CSV"},
        {.name = "target", .kind = CLI_STRING, .target = &target, .arg = "COL", .help = "y"},
    };
    CliSpec spec = {.program = "97_own", .flags = OWN, .n_flags = 2};
    CliOptions opt;
    cr_assert_not(cli_takes_columns(&spec));
    cr_assert_eq(parse_spec(&spec, &opt, ARGS("--target", "y")), CLI_RUN);
    cr_assert_str_eq(target, "y");
    cr_assert_null(opt.target);
    assert_first_line(parse_spec(&spec, &opt, ARGS("--features", "a")),
                      "97_own: unknown flag \"--features\"");
}

Test(cli, an_empty_column_name_is_a_usage_error)
{
    CliOptions opt;
    assert_first_line(parse_spec(&DATA_SPEC, &opt, ARGS("--target=")),
                      "98_data: --target expects a column name");
}

Test(cli, help_lists_features_and_target_only_for_a_chapter_with_data)
{
    CliOptions opt;
    cr_assert_eq(parse_spec(&DATA_SPEC, &opt, ARGS("--help")), CLI_EXIT_OK);
    char out[8192];
    read_redirected(stdout, cr_get_redirected_stdout(), out, sizeof out);
    assert_contains(out, "  --features LIST ");
    assert_contains(out, "  --target NAME ");
}

Test(cli, help_of_a_chapter_without_data_has_no_column_flags)
{
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--help")), CLI_EXIT_OK);
    char out[8192];
    read_redirected(stdout, cr_get_redirected_stdout(), out, sizeof out);
    cr_assert_null(strstr(out, "--features"), "got:\n%s", out);
}

/* ---- an unknown flag: the nearest one --------------------------------------- */

Test(cli, a_flag_one_letter_short_is_answered_with_the_flag)
{
    CliOptions opt;
    assert_first_line(parse(&opt, ARGS("--plot=png")),
                      "99_test: unknown flag \"--plot\"; did you mean --plots?");
}

Test(cli, a_flag_with_one_dash_is_answered_with_two)
{
    CliOptions opt;
    assert_first_line(parse(&opt, ARGS("-plots")),
                      "99_test: unknown flag \"-plots\"; did you mean --plots?");
}

Test(cli, two_swapped_letters_are_one_edit)
{
    CliOptions opt;
    assert_first_line(parse(&opt, ARGS("--epcohs", "3")),
                      "99_test: unknown flag \"--epcohs\"; did you mean --epochs?");
}

Test(cli, a_chapters_own_flag_and_a_worksheet_flag_are_offered_too)
{
    CliOptions opt;
    assert_first_line(parse(&opt, ARGS("--verbos")),
                      "99_test: unknown flag \"--verbos\"; did you mean --verbose?");
    assert_first_line(parse_spec(&DATA_SPEC, &opt, ARGS("--featurs", "a,b")),
                      "98_data: unknown flag \"--featurs\"; did you mean --features?");
}

Test(cli, a_flag_far_from_every_flag_gets_no_suggestion)
{
    /* "--ab" is 2 edits from "lr", too many for a 2-letter flag */
    CliOptions opt;
    assert_first_line(parse(&opt, ARGS("--ab")), "99_test: unknown flag \"--ab\"");
}

Test(cli, a_worksheet_flag_is_not_offered_to_a_chapter_without_one)
{
    /* "--quiz" is a flag only with .sheet = 1; "--quit" is one edit away */
    CliOptions opt;
    assert_first_line(parse(&opt, ARGS("--quit")), "99_test: unknown flag \"--quit\"");
}

Test(cli, a_single_dash_word_far_from_every_flag_is_an_unexpected_argument)
{
    CliOptions opt;
    assert_first_line(parse(&opt, ARGS("-x")), "99_test: unexpected argument \"-x\"");
}
