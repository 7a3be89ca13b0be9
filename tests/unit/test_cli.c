/* test_cli.c - unit tests for lib/cli: the defaults, the shared flags
 * (--plots, --out, --seed, --help) in both "--flag=value" and "--flag
 * value" forms, a chapter's own flags (CLI_BOOL, CLI_INT, CLI_DOUBLE,
 * CLI_STRING), and every way to get a flag wrong: each returns
 * CLI_EXIT_USAGE with a message and the usage line on stderr.
 *
 * cli_parse prints, so stdout and stderr are redirected for every test
 * (keeping the test output clean) and read back where the text matters.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
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

/* cli_parse on the arguments after the program name (a NULL-terminated
 * list), with the chapter's flags at their defaults first. */
static int parse(CliOptions *opt, char **args)
{
    verbose = 0;
    epochs = 10;
    lr = 0.5;
    model = "small";
    char *argv[16] = {"99_test"};
    int argc = 1;
    while (args[argc - 1]) {
        cr_assert_lt(argc, 16);
        argv[argc] = args[argc - 1];
        argc++;
    }
    return cli_parse(opt, &SPEC, argc, argv);
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
                       "99_test: --epochs expects an integer, got \"ten\"");
}

Test(cli, chapter_int_flag_rejects_a_number_beyond_int)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--epochs", "3000000000")),
                       "99_test: --epochs expects an integer, got \"3000000000\"");
}

Test(cli, chapter_double_flag_reads_a_number)
{
    /* "1e-3" is parsed by strtod: exactly the double nearest 0.001 */
    CliOptions opt;
    cr_assert_eq(parse(&opt, ARGS("--lr", "1e-3")), CLI_RUN);
    cr_assert_eq(lr, 0.001);
    assert_usage_error(parse(&opt, ARGS("--lr=fast")),
                       "99_test: --lr expects a number, got \"fast\"");
}

Test(cli, chapter_double_flag_rejects_nan_and_infinity)
{
    CliOptions opt;
    assert_usage_error(parse(&opt, ARGS("--lr=nan")), "99_test: --lr expects a number, got \"nan\"");
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
