/* The student's own data shows as theirs (issue 12, item 7), chapters 01,
 * 02, 03, 05 and 07: run on a small CSV fixture under
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

/* A fresh temporary folder for --out; the caller removes it with rm_tree. */
static void make_temp_dir(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/annlab-own-data-XXXXXX");
    cr_assert_not_null(mkdtemp(dir), "mkdtemp failed");
}

static void rm_tree(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* Every .gp script in dir, concatenated (an empty string when there is none). */
static char *read_scripts(const char *dir)
{
    size_t len = 0;
    char *all = calloc(1, 1);
    cr_assert_not_null(all);
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s: no plots were written", dir);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".gp") != 0)
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

/* Run chapter on the fixture with --plots=svg into a temporary folder, then
 * check that stdout and the .gp scripts name every column in columns (NULL-
 * terminated) and no word of story (NULL-terminated, e.g. STORY). Returns stdout (free it) for more
 * checks; tmp gets the --out folder (remove it with rm_tree). */
static char *run_own(const char *chapter, const char *const *args, const char *const *columns,
                     const char *const *story, char *tmp, size_t tmp_len)
{
    make_temp_dir(tmp, tmp_len);
    const char *argv[16] = {"--plots=svg", "--out", tmp};
    int n = 3;
    for (int i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    RunResult r = run_chapter(chapter, argv);
    cr_expect_eq(r.status, 0, "%s: exit status %d (stderr: %s)", chapter, r.status, r.err);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", tmp, chapter);
    char *gp = read_scripts(dir);
    for (int i = 0; columns[i]; i++) {
        cr_expect_not_null(strstr(r.out, columns[i]), "%s: stdout never names the column %s",
                           chapter, columns[i]);
        cr_expect_not_null(strstr(gp, columns[i]), "%s: no plot names the column %s", chapter,
                           columns[i]);
    }
    for (int i = 0; story[i]; i++) {
        const char *o = find_word(r.out, story[i]), *g = find_word(gp, story[i]);
        cr_expect_null(o, "%s: stdout tells the notes' story (\"%s\"): ...%.80s", chapter,
                       story[i], o ? o : "");
        cr_expect_null(g, "%s: a plot tells the notes' story (\"%s\"): ...%.80s", chapter,
                       story[i], g ? g : "");
    }
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
    char *out = run_own("01_perceptron", args, columns, STORY, tmp, sizeof tmp);
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
