/* Transcript tests: every chapter found under chapters/ is run with
 * --plots=none and its stdout compared, byte for byte, with its
 * expected.txt (the golden transcript). A chapter's numbers cannot drift
 * without this test going red; `make expected` rewrites the golden files
 * after a deliberate change (review the diff before committing it).
 *
 * A chapter whose full run is slow (chapter 12 trains on 60,000 images)
 * keeps extra flags for the fast run in chapters/NN_topic/test.args
 * ("--subset 1000"): they are passed before --plots=none, as the
 * Makefile's valgrind and expected targets pass them, so expected.txt is
 * the transcript of that run.
 *
 * Also for every chapter: --help exits 0, a bad flag exits 2 with a usage
 * line on stderr. Run from the repository root; $ANNLAB_BUILD names the
 * build folder (default build).
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

typedef struct {
    char name[64]; /* "01_perceptron" */
} Chapter;

static int is_chapter(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "chapters/%s/main.c", name);
    return name[0] >= '0' && name[0] <= '9' && name[1] >= '0' && name[1] <= '9' &&
           name[2] == '_' && access(path, R_OK) == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const Chapter *)a)->name, ((const Chapter *)b)->name);
}

/* The chapters, found the way the Makefile finds them. */
static struct criterion_test_params chapters(void)
{
    DIR *dir = opendir("chapters");
    cr_assert(dir != NULL, "run the tests from the repository root (no chapters/ here)");
    Chapter *list = cr_malloc(100 * sizeof *list);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && n < 100) {
        size_t len = strlen(e->d_name);
        if (is_chapter(e->d_name) && len < sizeof list[0].name)
            memcpy(list[n++].name, e->d_name, len + 1);
    }
    closedir(dir);
    qsort(list, n, sizeof *list, by_name);
    return cr_make_param_array(Chapter, list, n);
}

ParameterizedTestParameters(transcript, matches_expected)
{
    return chapters();
}

/* Line number (1-based) of the first difference, 0 when equal. */
static int first_difference(const char *a, const char *b, const char **la, const char **lb)
{
    int line = 1;
    *la = a;
    *lb = b;
    for (; *a && *a == *b; a++, b++)
        if (*a == '\n') {
            line++;
            *la = a + 1;
            *lb = b + 1;
        }
    return *a == *b ? 0 : line;
}

/* The words of chapters/NAME/test.args (split at blanks) into args[0..],
 * at most max - 1 of them, then NULL; the text is kept in buf (free it).
 * No file: no words. */
static int test_args(const char *name, char **buf, const char **args, int max)
{
    char path[256];
    snprintf(path, sizeof path, "chapters/%s/test.args", name);
    *buf = run_read_file(path);
    int n = 0;
    for (char *save = NULL, *w = *buf ? strtok_r(*buf, " \t\r\n", &save) : NULL;
         w && n < max - 1; w = strtok_r(NULL, " \t\r\n", &save))
        args[n++] = w;
    args[n] = NULL;
    return n;
}

ParameterizedTest(Chapter *ch, transcript, matches_expected, .timeout = 120)
{
    char expected_path[256];
    snprintf(expected_path, sizeof expected_path, "chapters/%s/expected.txt", ch->name);
    char *expected = run_read_file(expected_path);
    cr_assert(expected != NULL, "%s is missing (make expected CH=%.2s writes it)", expected_path,
              ch->name);
    char out[] = "/tmp/annlab-transcript-XXXXXX";
    cr_assert(mkdtemp(out) != NULL);
    char *extra;
    const char *argv[28];
    int n = test_args(ch->name, &extra, argv, 24);
    argv[n] = "--plots=none";
    argv[n + 1] = "--out";
    argv[n + 2] = out;
    argv[n + 3] = NULL;
    RunResult r = run_chapter(ch->name, argv);
    free(extra);
    cr_assert_eq(r.status, 0, "%s exited with status %d; stderr:\n%s", ch->name, r.status,
                 r.err ? r.err : "");
    const char *la, *lb;
    int line = first_difference(r.out, expected, &la, &lb);
    cr_expect_eq(line, 0,
                 "%s: the transcript differs from %s at line %d:\n  got:      %.*s\n  expected: %.*s",
                 ch->name, expected_path, line, (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"),
                 lb);
    run_result_free(&r);
    free(expected);
    rmdir(out);
}

ParameterizedTestParameters(flags, help_exits_0_and_a_bad_flag_exits_2)
{
    return chapters();
}

ParameterizedTest(Chapter *ch, flags, help_exits_0_and_a_bad_flag_exits_2, .timeout = 30)
{
    const char *help[] = {"--help", NULL};
    RunResult r = run_chapter(ch->name, help);
    cr_expect_eq(r.status, 0, "%s --help: exit status %d", ch->name, r.status);
    cr_expect(strstr(r.out, "usage: ") != NULL, "%s --help prints no usage line", ch->name);
    run_result_free(&r);

    const char *bad[] = {"--plots=jpeg", NULL};
    r = run_chapter(ch->name, bad);
    cr_expect_eq(r.status, 2, "%s --plots=jpeg: exit status %d, expected 2", ch->name, r.status);
    cr_expect(strstr(r.err, "usage: ") != NULL, "%s --plots=jpeg: no usage line on stderr",
              ch->name);
    cr_expect_str_empty(r.out, "%s --plots=jpeg printed to stdout", ch->name);
    run_result_free(&r);

    const char *unknown[] = {"--no-such-flag", NULL};
    r = run_chapter(ch->name, unknown);
    cr_expect_eq(r.status, 2, "%s --no-such-flag: exit status %d, expected 2", ch->name, r.status);
    run_result_free(&r);
}
