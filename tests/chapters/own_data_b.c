/* The student's own data shows as theirs (issue 12, item 7), chapters
 * 10-13: run with --data on a small CSV of tests/fixtures/own_data/, the
 * transcript and the plots' gnuplot scripts name the file and its columns,
 * never the notes' story, and a long epoch table is thinned on screen with
 * the whole log in a file the transcript names. The lecture card (the
 * lines before the first "== " section) describes the chapter and may
 * name its default data sets, so only what follows it is searched.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

/* The gnuplot script OUT/chapter/name.gp (NULL when it was not written). */
static char *script(const char *dir, const char *chapter, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s.gp", dir, chapter, name);
    return run_read_file(path);
}

Test(own_data_b, practical_names_the_file_and_thins_a_long_epoch_log, .timeout = 120)
{
    char dir[64];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0, "cannot make a temporary folder");
    const char *args[] = {"--plots=svg", "--out", dir, "--data",
                          "tests/fixtures/own_data/b_orchard.csv", NULL};
    RunResult r = run_chapter("12_practical", args);
    cr_expect_eq(r.status, 0, "exit status %d (stderr: %s)", r.status, r.err);
    const char *body = run_after_card(r.out);
    cr_expect(strstr(body, "\"ripe\"") != NULL, "the target column is not named:\n%s", body);
    const char *story[] = {"diabetes", "placed", "cgpa", "iris", "cancer", "wine"};
    for (size_t i = 0; i < sizeof story / sizeof story[0]; i++)
        cr_expect(strstr(body, story[i]) == NULL, "the notes' \"%s\" in:\n%s", story[i], body);
    /* 100 epochs: the first 5, every 10th (10..100): 15 lines, and where the rest is */
    cr_expect(strstr(body, "Epoch 5/100 ") != NULL);
    cr_expect(strstr(body, "Epoch 6/100 ") == NULL, "the epoch log is not thinned");
    cr_expect(strstr(body, "Epoch 100/100 ") != NULL, "the last epoch is not shown");
    char log_path[512];
    snprintf(log_path, sizeof log_path, "%s/12_practical/b_orchard.csv.log", dir);
    cr_expect(strstr(body, log_path) != NULL, "the log file is not named:\n%s", body);
    char *log = run_read_file(log_path);
    cr_expect(log && strstr(log, "Epoch 6/100 ") && strstr(log, "Epoch 100/100 "),
              "the log file lacks epochs");
    free(log);
    const char *names[] = {"data_fit", "data_confusion"};
    for (int i = 0; i < 2; i++) {
        char *gp = script(dir, "12_practical", names[i]);
        cr_expect(gp && strstr(gp, "b_orchard.csv"), "%s.gp does not name the file", names[i]);
        cr_expect(gp && !strstr(gp, "Your data"), "%s.gp is titled \"Your data\"", names[i]);
        free(gp);
    }
    run_result_free(&r);
}

Test(own_data_b, vanishing_gradients_names_the_images_by_their_file, .timeout = 300)
{
    char dir[64];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0, "cannot make a temporary folder");
    const char *args[] = {"--plots=svg", "--out", dir, "--epochs", "1", "--data",
                          "tests/fixtures/own_data/b_glyphs.csv", NULL};
    RunResult r = run_chapter("10_vanishing_gradients", args);
    cr_expect_eq(r.status, 0, "exit status %d (stderr: %s)", r.status, r.err);
    const char *body = run_after_card(r.out);
    cr_expect(strstr(body, "b_glyphs: mean") != NULL, "the tables do not name the file:\n%s", body);
    cr_expect(strstr(body, "digits") == NULL, "the notes' digits in:\n%s", body);
    const char *names[] = {"nielsen", "speed"};
    for (int i = 0; i < 2; i++) {
        char *gp = script(dir, "10_vanishing_gradients", names[i]);
        cr_expect(gp && strstr(gp, "b_glyphs"), "%s.gp does not name the file", names[i]);
        cr_expect(gp && !strstr(gp, "digits"), "%s.gp speaks of digits", names[i]);
        free(gp);
    }
    run_result_free(&r);
}
