/* The student's own data shows as theirs (issue 12, item 7), chapters 01,
 * 02, 03, 05 and 07 (04 has no --data): run on a small CSV fixture under
 * tests/fixtures/own_data/ with --data, a chapter names the file's columns
 * in its transcript and in its plots (the .gp scripts written to a
 * temporary --out folder), and never tells the notes' story about them
 * (students, cgpa and iq, placed or not). A long epoch table is thinned,
 * with the whole table in a log file the transcript names.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "run.h"

/* The notes' story: words that must not describe the student's file
 * (chapters whose other sections speak of students check fewer words). */
static const char *const STORY[] = {"placed", "placement", "cgpa", "student", "001's table",
                                    " iq", "lpa", NULL};

/* --out folders come from run_temp_dir; the caller removes them with rm_tree. */
static void rm_tree(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Every .gp script in dir (or only the one called only, when not NULL),
 * concatenated (an empty string when there is none). */
static char *read_scripts(const char *dir, const char *only)
{
    size_t len = 0;
    char *all = calloc(1, 1);
    cr_assert_not_null(all);
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s: no plots were written", dir);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".gp") != 0 || (only && strcmp(e->d_name, only)))
            continue;
        char *path = malloc(strlen(dir) + n + 2);
        cr_assert_not_null(path);
        strcat(strcat(strcpy(path, dir), "/"), e->d_name);
        char *text = run_read_file(path);
        cr_assert_not_null(text, "%s: cannot read", path);
        free(path);
        size_t t = strlen(text);
        char *grown = realloc(all, len + t + 1);
        cr_assert_not_null(grown);
        all = grown;
        memcpy(all + len, text, t + 1);
        len += t;
        free(text);
    }
    closedir(d);
    return all;
}

/* Case-insensitive strstr. */
static const char *find_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, word, n) == 0)
            return p;
    return NULL;
}

/* What run_own checks. */
typedef struct {
    const char *chapter;
    const char *const *args;    /* after --plots=svg --out TMP, NULL-terminated */
    const char *const *columns; /* names stdout must show, NULL-terminated */
    const char *const *story;   /* words neither stdout nor the plots may show */
    const char *plot;           /* the .gp that draws the data (it must show the
                                 * columns too), or NULL when none does */
} OwnRun;

/* Run the chapter with --plots=svg into a temporary folder, then check
 * that stdout (and o->plot) name every column and that neither stdout nor
 * any .gp script shows a word of the story. Returns stdout (free it) for
 * more checks; tmp gets the --out folder (remove it with rm_tree). */
static char *run_own(const OwnRun *o, char *tmp, size_t tmp_len)
{
    cr_assert_eq(run_temp_dir(tmp, tmp_len), 0, "mkdtemp failed");
    const char *argv[16] = {"--plots=svg", "--out", tmp};
    int n = 3;
    for (int i = 0; o->args[i] && n < 15; i++)
        argv[n++] = o->args[i];
    argv[n] = NULL;
    const char *chapter = o->chapter;
    RunResult r = run_chapter(chapter, argv);
    cr_expect_eq(r.status, 0, "%s: exit status %d (stderr: %s)", chapter, r.status, r.err);
    char dir[128];
    snprintf(dir, sizeof dir, "%s/%s", tmp, chapter);
    char *gp = read_scripts(dir, NULL);
    char *drawn = o->plot ? read_scripts(dir, o->plot) : NULL;
    if (o->plot)
        cr_expect(drawn[0] != '\0', "%s: %s/%s was not written", chapter, dir, o->plot);
    for (int i = 0; o->columns[i]; i++) {
        cr_expect_not_null(strstr(r.out, o->columns[i]), "%s: stdout never names the column %s",
                           chapter, o->columns[i]);
        if (drawn)
            cr_expect_not_null(strstr(drawn, o->columns[i]), "%s: %s never names the column %s",
                               chapter, o->plot, o->columns[i]);
    }
    for (int i = 0; o->story[i]; i++) {
        const char *so = find_word(r.out, o->story[i]), *sg = find_word(gp, o->story[i]);
        cr_expect_null(so, "%s: stdout tells the notes' story (\"%s\"): ...%.80s", chapter,
                       o->story[i], so ? so : "");
        cr_expect_null(sg, "%s: a plot tells the notes' story (\"%s\"): ...%.80s", chapter,
                       o->story[i], sg ? sg : "");
    }
    free(drawn);
    free(gp);
    char *out = strdup(r.out);
    run_result_free(&r);
    return out;
}

Test(own_data_a, perceptron_names_the_columns_and_logs_the_long_epoch_table, .timeout = 60)
{
    char tmp[64];
    const char *args[] = {"--data", "tests/fixtures/own_data/a_heights.csv", NULL};
    const char *columns[] = {"height", "weight", "adult", "a_heights.csv", NULL};
    char *out = run_own(&(OwnRun){"01_perceptron", args, columns, STORY, "training.gp"}, tmp,
                        sizeof tmp);
    /* the fixture takes 103 epochs: more than a screen, so the table is
     * thinned and the whole of it is in training.log, one line an epoch
     * after the header */
    char log[128];
    snprintf(log, sizeof log, "%s/01_perceptron/training.log", tmp);
    cr_expect_not_null(strstr(out, log), "the transcript should name %s", log);
    char *text = run_read_file(log);
    cr_expect_not_null(text, "%s was not written", log);
    if (text) {
        int lines = 0;
        for (const char *c = text; *c; c++)
            lines += *c == '\n';
        cr_expect_eq(lines, 1 + 103, "%s: %d lines", log, lines);
    }
    free(text);
    free(out);
    rm_tree(tmp);
}

Test(own_data_a, perceptron_losses_names_the_columns_in_sections_2_to_4_and_their_plots,
     .timeout = 60)
{
    char tmp[64];
    const char *args[] = {"--data", "tests/fixtures/own_data/a_heights.csv", NULL};
    const char *columns[] = {"height", "weight", "adult", "a_heights.csv", NULL};
    char *out = run_own(&(OwnRun){"02_perceptron_losses", args, columns, STORY,
                                  "boundary_hinge.gp"}, tmp, sizeof tmp);
    /* the notes' hand solution is not claimed for the file, nor its
     * placement_loss figure, which is training_loss there */
    cr_expect_null(strstr(out, "The widest margin by hand"), "the notes' hand solution is claimed");
    char loss[128];
    snprintf(loss, sizeof loss, "%s/02_perceptron_losses/training_loss.gp", tmp);
    char *text = run_read_file(loss);
    cr_expect_not_null(text, "%s was not written", loss);
    if (text)
        cr_expect_not_null(strstr(text, "a_heights.csv"), "%s: the title does not name the file",
                           loss);
    free(text);
    free(out);
    rm_tree(tmp);
}

Test(own_data_a, perceptron_losses_shows_8_rows_of_a_long_file_and_works_epoch_1_on_all,
     .timeout = 60)
{
    char tmp[64];
    const char *args[] = {"--data", "tests/fixtures/own_data/c_people.csv", NULL};
    const char *columns[] = {"height", "weight", "adult", "c_people.csv", NULL};
    char *out = run_own(&(OwnRun){"02_perceptron_losses", args, columns, STORY, NULL}, tmp,
                        sizeof tmp);
    /* 120 rows: the table, the steps by hand and the distances show 8 */
    cr_expect_not_null(strstr(out, "    ... and 112 more rows\n"), "the table is not cut at 8 rows");
    cr_expect_not_null(strstr(out, "Example 8: "), "example 8 is not worked by hand");
    cr_expect_null(strstr(out, "Example 9: "), "example 9 is worked by hand");
    cr_expect_not_null(strstr(out, "... and 112 more examples, one step each.\n"));
    cr_expect_not_null(strstr(out, "    ... and 112 more examples\n"),
                       "the distance table is not cut at 8 rows");
    free(out);
    rm_tree(tmp);
}

Test(own_data_a, mlp_forward_names_the_file_and_its_columns_in_sections_4_and_5, .timeout = 60)
{
    /* section 1 tells 001's story of two perceptrons judging a student: a
     * lecture, not a claim about the data, so only 4 and 5 are checked */
    static const char *const story[] = {"placed", "cgpa", "001's table", "predicted", NULL};
    const char *inputs[] = {"height", "weight", "age", "shoe", "a_people.csv", NULL};
    const char *label[] = {"adult", "a_people.csv", NULL};
    for (int section = 4; section <= 5; section++) {
        char tmp[64], num[16];
        snprintf(num, sizeof num, "%d", section);
        const char *args[] = {"--data", "tests/fixtures/own_data/a_people.csv", "--section", num,
                              NULL};
        /* section 4 shows the first row's input columns, section 5 the label column */
        const char *const *want = section == 4 ? inputs : label;
        free(run_own(&(OwnRun){"03_mlp_forward", args, want, story, NULL}, tmp, sizeof tmp));
        rm_tree(tmp);
    }
}

Test(own_data_a, losses_fits_the_file_with_its_column_names_and_no_planted_outlier,
     .timeout = 120)
{
    /* section 6 fits the file; the notes' version plants an outlier in the
     * noisy line y = 1 + 2x, which the student's file does not have */
    static const char *const story[] = {"one outlier", "the outlier", "1 + 2x", "noisy line", NULL};
    const char *args[] = {"--data", "tests/fixtures/own_data/a_hours.csv", "--section", "6", NULL};
    const char *columns[] = {"hours", "score", "a_hours.csv", NULL};
    char tmp[64];
    free(run_own(&(OwnRun){"05_losses", args, columns, story, "outliers.gp"}, tmp, sizeof tmp));
    rm_tree(tmp);
}

Test(own_data_a, losses_card_names_the_file_and_features_choose_its_columns, .timeout = 120)
{
    /* the card at the top says whose line is fitted, not "through an
     * outlier"; --features and --target pick two of the file's four
     * columns; of its 120 rows the table shows 21 */
    static const char *const story[] = {"through an", "one outlier", "1 + 2x", NULL};
    const char *args[] = {"--data", "tests/fixtures/own_data/c_houses.csv", "--features", "area",
                          "--target", "price", "--eta", "0.0001", NULL};
    const char *columns[] = {"area", "price", "c_houses.csv", NULL};
    char tmp[64];
    char *out = run_own(&(OwnRun){"05_losses", args, columns, story, "outliers.gp"}, tmp,
                        sizeof tmp);
    const char *body = run_after_card(out);
    int card_len = (int)(body - out);
    const char *named = strstr(out, "c_houses.csv");
    cr_expect(named && named < body, "the card does not name the file:\n%.*s", card_len, out);
    cr_expect_not_null(strstr(body, "    ... and 99 more rows\n"), "the table is not cut at 21 rows");
    free(out);
    rm_tree(tmp);
}

Test(own_data_a, gradient_descent_takes_its_columns_from_features_and_target, .timeout = 60)
{
    /* --features and --target, which --help offers beside --x and --y */
    static const char *const story[] = {"student", "cgpa", "lpa", NULL};
    const char *args[] = {"--data", "tests/fixtures/own_data/c_houses.csv", "--features", "area",
                          "--target", "price", "--eta", "0.0001", "--section", "2", NULL};
    const char *columns[] = {"x = area, y = price", "c_houses.csv", NULL};
    char tmp[64];
    free(run_own(&(OwnRun){"07_gradient_descent", args, columns, story, NULL}, tmp, sizeof tmp));
    rm_tree(tmp);
}

Test(own_data_a, gradient_descent_names_the_columns_and_logs_every_epoch_of_the_bowl,
     .timeout = 120)
{
    static const char *const story[] = {"student", "cgpa", "lpa", "package",
                                        "001's regression table", NULL};
    const char *args[] = {"--data", "tests/fixtures/own_data/a_study.csv", "--x", "hours", "--y",
                          "score", NULL};
    const char *columns[] = {"hours", "score", "a_study.csv", NULL};
    char tmp[64];
    char *out = run_own(&(OwnRun){"07_gradient_descent", args, columns, story, "surface.gp"},
                        tmp, sizeof tmp);
    /* section 7 shows 8 chosen epochs of 5000; bowl.log holds all 5001
     * (epoch 0 to 5000) after its header line */
    char log[128];
    snprintf(log, sizeof log, "%s/07_gradient_descent/bowl.log", tmp);
    cr_expect_not_null(strstr(out, log), "the transcript should name %s", log);
    char *text = run_read_file(log);
    cr_expect_not_null(text, "%s was not written", log);
    if (text) {
        int lines = 0;
        for (const char *c = text; *c; c++)
            lines += *c == '\n';
        cr_expect_eq(lines, 1 + 5001, "%s: %d lines", log, lines);
    }
    free(text);
    free(out);
    rm_tree(tmp);
}
