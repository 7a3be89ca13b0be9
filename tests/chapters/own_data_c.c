/* The student's own data shows as theirs (issue 12, item 7), chapters 08,
 * 11 and 13: run with --data on a small CSV of tests/fixtures/own_data/,
 * the transcript and the plots' gnuplot scripts name the file and its
 * columns, never the notes' story (the digits, diabetes, the placement
 * of 001's students). The lecture card (the lines before the first "== "
 * section) describes the chapter and may name its default data sets, so
 * only what follows it is searched.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

/* Expect none of the n words of story in text (what names it: "stdout",
 * or a .gp file). */
static void expect_no_story(const char *text, const char *what, const char *const *story, int n)
{
    for (int i = 0; i < n; i++)
        cr_expect(strstr(text, story[i]) == NULL, "the notes' \"%s\" in %s:\n%s", story[i], what,
                  text);
}

/* Every gnuplot script in OUT/chapter/: none tells the notes' story, and
 * at least one names the file (name). Returns how many there were. */
static int check_scripts(const char *dir, const char *chapter, const char *name,
                         const char *const *story, int n)
{
    char folder[512];
    snprintf(folder, sizeof folder, "%s/%s", dir, chapter);
    DIR *d = opendir(folder);
    cr_assert_not_null(d, "no plots folder %s", folder);
    int scripts = 0, named = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 3, ".gp") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
        char *gp = run_read_file(path);
        cr_assert_not_null(gp, "cannot read %s", path);
        /* the first line names the script's own files (digits_loss.gp ...): skip it */
        const char *body = strchr(gp, '\n') ? strchr(gp, '\n') : gp;
        expect_no_story(body, e->d_name, story, n);
        named += strstr(body, name) != NULL;
        scripts++;
        free(gp);
    }
    closedir(d);
    cr_expect(named > 0, "no plot of %s names %s", chapter, name);
    return scripts;
}

Test(own_data_c, optimizers_names_the_file_and_its_columns, .timeout = 300)
{
    char dir[64];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0, "cannot make a temporary folder");
    const char *args[] = {"--plots=svg", "--out", dir, "--epochs", "2", "--data",
                          "tests/fixtures/own_data/c_people.csv", NULL};
    RunResult r = run_chapter("08_optimizers", args);
    cr_expect_eq(r.status, 0, "exit status %d (stderr: %s)", r.status, r.err);
    const char *body = run_after_card(r.out);
    const char *columns[] = {"height", "weight", "adult", "c_people.csv"};
    for (int i = 0; i < 4; i++)
        cr_expect(strstr(body, columns[i]) != NULL, "\"%s\" is not named:\n%s", columns[i], body);
    const char *story[] = {"the digits", "pixel", "inked", "image", "placed", "cgpa"};
    expect_no_story(body, "stdout", story, 6);
    cr_expect(check_scripts(dir, "08_optimizers", "c_people.csv", story, 6) > 0);
    run_result_free(&r);
}

Test(own_data_c, playground_names_the_axes_and_the_class_by_the_columns, .timeout = 120)
{
    char dir[64];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0, "cannot make a temporary folder");
    const char *args[] = {"--plots=svg", "--out", dir, "--epochs", "20", "--data",
                          "tests/fixtures/own_data/c_people.csv", NULL};
    RunResult r = run_chapter("13_playground", args);
    cr_expect_eq(r.status, 0, "exit status %d (stderr: %s)", r.status, r.err);
    const char *body = run_after_card(r.out);
    const char *columns[] = {"height (x1)", "weight (x2)", "adult", "c_people.csv"};
    for (int i = 0; i < 4; i++)
        cr_expect(strstr(body, columns[i]) != NULL, "\"%s\" is not named:\n%s", columns[i], body);
    const char *story[] = {"placed", "cgpa", "student"};
    expect_no_story(body, "stdout", story, 3);
    /* the plots of the student's run (features_*.gp show the notes' circle
     * and XOR on purpose): axes and legends by the columns, not "class 1" */
    const char *names[] = {"surface", "forming", "neurons"};
    for (int i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/13_playground/%s.gp", dir, names[i]);
        char *gp = run_read_file(path);
        cr_expect(gp && strstr(gp, "set xlabel \"height (x1)\"") &&
                  strstr(gp, "set ylabel \"weight (x2)\""), "%s.gp: axes not named", names[i]);
        cr_expect(gp && !strstr(gp, "class 1") && !strstr(gp, "class 0"),
                  "%s.gp speaks of class 1 / class 0", names[i]);
        free(gp);
    }
    char path[512];
    snprintf(path, sizeof path, "%s/13_playground/surface.gp", dir);
    char *gp = run_read_file(path);
    cr_expect(gp && strstr(gp, "c_people.csv") && strstr(gp, "\"training, adult = 1\""),
              "surface.gp names neither the file nor the class column");
    free(gp);
    run_result_free(&r);
}

Test(own_data_c, regularization_names_the_file_and_its_columns, .timeout = 300)
{
    char dir[64];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0, "cannot make a temporary folder");
    const char *args[] = {"--plots=svg", "--out", dir, "--epochs", "20", "--data",
                          "tests/fixtures/own_data/c_houses.csv", NULL};
    RunResult r = run_chapter("11_regularization", args);
    cr_expect_eq(r.status, 0, "exit status %d (stderr: %s)", r.status, r.err);
    const char *body = run_after_card(r.out);
    cr_expect(strstr(body, "The columns of c_houses.csv: the features rooms, age, area; "
                           "the target price.") != NULL, "the columns are not named:\n%s", body);
    /* section 5 (batch norm) runs on the digits whatever --data says, so
     * only the diabetes story is searched for */
    const char *story[] = {"diabetes", "patient", "disease", "placed", "cgpa"};
    expect_no_story(body, "stdout", story, 5);
    char path[512];
    snprintf(path, sizeof path, "%s/11_regularization/overfit.gp", dir);
    char *gp = run_read_file(path);
    cr_expect(gp && strstr(gp, "rows of c_houses.csv"), "overfit.gp does not name the file");
    free(gp);
    run_result_free(&r);
}

/* Section 6's early-stopping table of a run longer than a screen: c_houses
 * stops after epoch 42 (best 32), so the screen shows the first 5 epochs,
 * each multiple of 4 up to 40 (the best, 32, among them) and the last:
 * 5 + 9 + 1 = 15 rows; and the whole
 * table, one row an epoch, is in OUT/11_regularization/early_stopping.log. */
Test(own_data_c, regularization_thins_a_long_early_stopping_table, .timeout = 120)
{
    char dir[64];
    cr_assert_eq(run_temp_dir(dir, sizeof dir), 0, "cannot make a temporary folder");
    const char *args[] = {"--plots=none", "--out", dir, "--epochs", "60", "--data",
                          "tests/fixtures/own_data/c_houses.csv", "--section", "6", NULL};
    RunResult r = run_chapter("11_regularization", args);
    cr_expect_eq(r.status, 0, "exit status %d (stderr: %s)", r.status, r.err);
    char path[512], said[700];
    snprintf(path, sizeof path, "%s/11_regularization/early_stopping.log", dir);
    snprintf(said, sizeof said, "(42 epochs: shown are the first 5, each multiple of 4, the "
                                "best (32) and\nthe last; all of them are in %s)", path);
    cr_expect(strstr(r.out, said) != NULL, "the thinned table does not say so:\n%s", r.out);
    int shown = 0;
    for (const char *l = strstr(r.out, "  wait"); l && (l = strchr(l, '\n')) && l[1] == ' ';
         l++)
        shown++;
    cr_expect_eq(shown, 15, "%d rows shown, not 5 + 9 + the last:\n%s", shown,
                 r.out);
    char *log = run_read_file(path);
    cr_assert_not_null(log, "no %s", path);
    int rows = 0;
    for (const char *l = log; (l = strchr(l, '\n')); l++)
        rows++;
    cr_expect_eq(rows, 1 + 42, "%s has %d lines, not a heading and 42 epochs", path, rows);
    cr_expect(strstr(log, "   23  ") && strstr(log, "patience used up"),
              "%s misses epoch 23 or the stop:\n%s", path, log);
    free(log);
    run_result_free(&r);
}
