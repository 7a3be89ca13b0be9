/* test_chapter.c - unit tests for lib/chapter: the start and end of a
 * chapter's main (flags, seed, card, exit statuses, a plot failure turned
 * into exit status 1), chapter_load_xy's messages and hints, and the
 * figures, checked in the .dat files they write: every point of a
 * two-class scatter, the line w1 x1 + w2 x2 + b = 0 (sloped, vertical, or
 * none at all), class regions on a grid, loss curves per epoch.
 *
 * The figures are drawn as SVG into a mkdtemp folder under /tmp, removed
 * afterwards. The .dat file is written whether or not gnuplot is
 * installed, so nothing here depends on it. stdout and stderr are
 * redirected (the Plotter and the chapter helpers print) and read back
 * where the text matters.
 */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chapter.h"
#include "data.h"
#include "mat.h"
#include "plot.h"
#include "rng.h"

static void redirect_output(void)
{
    cr_redirect_stdout();
    cr_redirect_stderr();
}

TestSuite(chapter, .init = redirect_output);

/* ---- helpers -------------------------------------------------------------------- */

static void make_temp_dir(char *path)
{
    strcpy(path, "/tmp/annlab-chapter-XXXXXX");
    cr_assert_not_null(mkdtemp(path), "mkdtemp: %s", strerror(errno));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The whole file at path as a new string (the caller frees it). */
static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    size_t n = fread(buf, 1, cap - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Write text to dir/name; path receives the full path (room for 128). */
static void write_file(char *path, const char *dir, const char *name, const char *text)
{
    snprintf(path, 128, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp, "%s: %s", path, strerror(errno));
    fputs(text, fp);
    cr_assert_eq(fclose(fp), 0);
}

/* Everything the test has printed on stream so far. */
static char *captured(FILE *stream)
{
    fflush(stdout);
    fflush(stderr);
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, stream);
    buf[n] = '\0';
    return buf;
}

/* A Plotter for SVG figures under a new temp folder (base, room for 32). */
static void open_plotter(Plotter *pl, char *base)
{
    make_temp_dir(base);
    cr_assert_eq(plot_open(pl, PLOT_SVG, base, "99_test"), 0, "%s", pl->err);
}

static const PlotSpec SPEC = {.title = "t", .xlabel = "x1", .ylabel = "x2"};

/* The .dat file of figure name, as a string to free. */
static char *read_dat(const char *base, const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/99_test/%s.dat", base, name);
    return read_file(path);
}

/* The data lines of block k of a .dat file: copied into out (room for
 * len), returned as their count. */
static int block(const char *dat, int k, char *out, size_t len)
{
    char head[32];
    snprintf(head, sizeof head, "# block %d:", k);
    const char *s = strstr(dat, head);
    cr_assert_not_null(s, "no block %d in:\n%s", k, dat);
    s = strchr(s, '\n') + 1; /* past the block's comment */
    int n = 0;
    size_t used = 0;
    out[0] = '\0';
    while (*s && *s != '\n' && *s != '#') {
        const char *e = strchr(s, '\n');
        size_t l = e ? (size_t)(e - s) + 1 : strlen(s);
        if (used + l < len) {
            memcpy(out + used, s, l);
            used += l;
            out[used] = '\0';
        }
        n++;
        s += l;
    }
    return n;
}

/* ---- the start and end of main ---------------------------------------------------- */

static double flag_eta;
static const CliFlag FLAGS[] = {
    {.name = "eta", .kind = CLI_DOUBLE, .target = &flag_eta, .arg = "RATE", .help = "rate"},
};
static const CliSpec CH_SPEC = {.program = "99_test", .card = "Chapter 99 - a card for tests",
                                .default_seed = 42, .flags = FLAGS, .n_flags = 1};

Test(chapter, begin_parses_the_flags_and_seeds_the_rng_with_the_seed)
{
    char *argv[] = {"99_test", "--eta", "0.5", "--seed", "7", NULL};
    Chapter ch;
    cr_assert_eq(chapter_begin(&ch, &CH_SPEC, 5, argv), CHAPTER_RUN);
    cr_assert_eq(flag_eta, 0.5);
    cr_assert_eq(ch.opt.seed, 7);
    cr_assert_eq(ch.spec, &CH_SPEC);
    /* the same stream as a Rng seeded with 7 by hand */
    Rng r;
    rng_seed(&r, 7);
    for (int k = 0; k < 5; k++)
        cr_assert_eq(rng_next(&ch.rng), rng_next(&r));
    /* nothing printed, no plots opened yet */
    cr_assert_str_empty(captured(cr_get_redirected_stdout()));
    cr_assert_eq(chapter_end(&ch, CHAPTER_OK), CHAPTER_OK);
}

Test(chapter, begin_without_seed_uses_the_chapters_default)
{
    char *argv[] = {"99_test", NULL};
    Chapter ch;
    cr_assert_eq(chapter_begin(&ch, &CH_SPEC, 1, argv), CHAPTER_RUN);
    cr_assert_eq(ch.opt.seed, 42);
}

Test(chapter, help_is_exit_status_0_and_a_bad_flag_is_2)
{
    Chapter ch;
    char *help[] = {"99_test", "--help", NULL};
    cr_assert_eq(chapter_begin(&ch, &CH_SPEC, 2, help), CHAPTER_OK);
    cr_assert_eq(CHAPTER_OK, 0);
    char *bad[] = {"99_test", "--eta", "fast", NULL};
    cr_assert_eq(chapter_begin(&ch, &CH_SPEC, 3, bad), CHAPTER_USAGE);
    cr_assert_eq(CHAPTER_USAGE, 2);
    cr_assert_not_null(strstr(captured(cr_get_redirected_stderr()), "usage: 99_test"));
}

Test(chapter, start_prints_the_card_and_the_seed_then_end_returns_the_status)
{
    char base[32], out[64];
    make_temp_dir(base);
    snprintf(out, sizeof out, "--out=%s", base);
    char *argv[] = {"99_test", "--plots=none", out, NULL};
    Chapter ch;
    cr_assert_eq(chapter_begin(&ch, &CH_SPEC, 3, argv), CHAPTER_RUN);
    cr_assert_eq(chapter_start_lecture(&ch), CHAPTER_OK);
    cr_assert_str_eq(captured(cr_get_redirected_stdout()),
                     "Chapter 99 - a card for tests\n(seed 42)\n");
    /* an error status from the lecture is kept */
    cr_assert_eq(chapter_end(&ch, CHAPTER_ERROR), CHAPTER_ERROR);
    remove_tree(base);
}

Test(chapter, an_output_folder_that_cannot_be_made_is_an_error_before_the_card)
{
    /* a folder cannot be made under a regular file */
    char file[32];
    strcpy(file, "/tmp/annlab-chapter-XXXXXX");
    int fd = mkstemp(file);
    cr_assert_geq(fd, 0);
    close(fd);
    char *argv[] = {"99_test", "--out", file, NULL};
    Chapter ch;
    cr_assert_eq(chapter_begin(&ch, &CH_SPEC, 3, argv), CHAPTER_RUN);
    cr_assert_eq(chapter_start_lecture(&ch), CHAPTER_ERROR);
    cr_assert_str_empty(captured(cr_get_redirected_stdout()));
    char want[128];
    snprintf(want, sizeof want, "error: %s/99_test: cannot create the output folder", file);
    cr_assert_not_null(strstr(captured(cr_get_redirected_stderr()), want));
    cr_assert_eq(chapter_end(&ch, CHAPTER_ERROR), CHAPTER_ERROR);
    unlink(file);
}

Test(chapter, a_failed_plot_turns_a_good_run_into_exit_status_1)
{
    char base[32], out[64];
    make_temp_dir(base);
    snprintf(out, sizeof out, "--out=%s", base);
    char *argv[] = {"99_test", "--plots=svg", out, NULL};
    Chapter ch;
    cr_assert_eq(chapter_begin(&ch, &CH_SPEC, 3, argv), CHAPTER_RUN);
    cr_assert_eq(chapter_start_lecture(&ch), CHAPTER_OK);
    Plot *p = plot_begin(&ch.plots, "fig", &SPEC);
    plot_fail(p, "out of memory for %d points", 5);
    plot_end(p);
    cr_assert_eq(chapter_end(&ch, CHAPTER_OK), CHAPTER_ERROR);
    char want[128];
    snprintf(want, sizeof want, "error: %s/99_test/fig: out of memory for 5 points\n", base);
    cr_assert_str_eq(captured(cr_get_redirected_stderr()), want);
    remove_tree(base);
}

Test(chapter, error_prints_one_line_on_stderr_and_returns_1)
{
    cr_assert_eq(chapter_error("%s: %d rows", "a.csv", 3), CHAPTER_ERROR);
    cr_assert_str_eq(captured(cr_get_redirected_stderr()), "error: a.csv: 3 rows\n");
    cr_assert_str_empty(captured(cr_get_redirected_stdout()));
}

/* ---- loading -------------------------------------------------------------------- */

static const DataXYSpec XY_SIGNS = {.target_col = -1, .n_features = 2,
                                    .want = {.kind = DATA_TARGET_SIGNS}, .relabel = 1};

Test(chapter, a_missing_relative_file_gets_the_hint_naming_the_flag)
{
    DataXY d;
    cr_assert_eq(chapter_load_xy(NULL, &d, "no/such.csv", &XY_SIGNS, "data"), CHAPTER_ERROR);
    char want[256];
    snprintf(want, sizeof want, "error: no/such.csv: cannot open: %s\n"
             "hint: run from the annlab folder, or give a path with --data\n", strerror(ENOENT));
    cr_assert_str_eq(captured(cr_get_redirected_stderr()), want);
    cr_assert_null(d.X);
}

Test(chapter, without_a_flag_the_hint_says_where_to_run_from)
{
    DataXY d;
    cr_assert_eq(chapter_load_xy(NULL, &d, "no/such.csv", &XY_SIGNS, NULL), CHAPTER_ERROR);
    cr_assert_not_null(strstr(captured(cr_get_redirected_stderr()),
                              "\nhint: run the chapter from the annlab folder\n"));
}

Test(chapter, an_absolute_path_or_bad_data_gets_no_hint)
{
    /* the folder a chapter runs from matters to relative paths only, and
     * a file that opens is in the right place */
    char base[32], path[128];
    make_temp_dir(base);
    DataXY d;
    snprintf(path, sizeof path, "%s/missing.csv", base);
    cr_assert_eq(chapter_load_xy(NULL, &d, path, &XY_SIGNS, "data"), CHAPTER_ERROR);
    write_file(path, base, "bad.csv", "x1,x2,y\n1,2,1\n\n3,4,7\n");
    cr_assert_eq(chapter_load_xy(NULL, &d, path, &XY_SIGNS, "data"), CHAPTER_ERROR);
    char *err = captured(cr_get_redirected_stderr());
    cr_assert_null(strstr(err, "hint"), "got:\n%s", err);
    /* the bad label is on line 4: line 3 is blank */
    char want[256];
    snprintf(want, sizeof want, "error: %s:4: the label \"y\" is 7; expected -1 or 1 "
             "(0 is read as -1)\n", path);
    cr_assert_not_null(strstr(err, want), "got:\n%s", err);
    remove_tree(base);
}

Test(chapter, a_good_file_loads_quietly)
{
    char base[32], path[128];
    make_temp_dir(base);
    write_file(path, base, "ok.csv", "a,b,label\n1,2,0\n3,4,1\n");
    DataXY d;
    cr_assert_eq(chapter_load_xy(NULL, &d, path, &XY_SIGNS, "data"), CHAPTER_OK);
    cr_assert_eq(MAT_AT(d.y, 0, 0), -1.0); /* 0 read as -1 */
    cr_assert_str_empty(captured(cr_get_redirected_stderr()));
    data_xy_free(&d);
    remove_tree(base);
}

/* ---- --features and --target ------------------------------------------------------ */

static const char *flag_data;
static const CliFlag DATA_FLAGS[] = {
    {.name = "data", .kind = CLI_STRING, .target = &flag_data, .arg = "FILE", .help = "a CSV"},
};
static const CliSpec DATA_CH_SPEC = {.program = "98_test", .card = "Chapter 98 - with --data",
                                     .default_seed = 42, .flags = DATA_FLAGS, .n_flags = 1};

/* chapter_begin for the chapter with --data, on args (NULL-terminated). */
static void begin_with(Chapter *ch, char **args)
{
    char *argv[8] = {"98_test"};
    int argc = 1;
    while (args[argc - 1])
        argv[argc] = args[argc - 1], argc++;
    cr_assert_eq(chapter_begin(ch, &DATA_CH_SPEC, argc, argv), CHAPTER_RUN);
}

/* A CSV with a name column and more columns than XY_SIGNS wants. */
static const char WIDE[] = "name,cgpa,iq,extra,placed\n7,8.1,120,0,1\n8,6.0,90,3,0\n";

Test(chapter, features_and_target_choose_the_columns_by_name)
{
    char base[32], path[128];
    make_temp_dir(base);
    write_file(path, base, "wide.csv", WIDE);
    Chapter ch;
    begin_with(&ch, (char *[]){"--features", "iq,cgpa", "--target", "placed", NULL});
    DataXY d;
    cr_assert_eq(chapter_load_xy(&ch, &d, path, &XY_SIGNS, "data"), CHAPTER_OK, "%s",
                 captured(cr_get_redirected_stderr()));
    /* X = [iq cgpa] in the order named, y = placed with 0 read as -1 */
    cr_assert_eq(MAT_AT(d.X, 0, 0), 120.0);
    cr_assert_eq(MAT_AT(d.X, 1, 1), 6.0);
    cr_assert_eq(MAT_AT(d.y, 1, 0), -1.0);
    data_xy_free(&d);
    remove_tree(base);
}

Test(chapter, without_the_flags_a_wide_file_is_refused_with_the_hint_to_choose)
{
    char base[32], path[128];
    make_temp_dir(base);
    write_file(path, base, "wide.csv", WIDE);
    Chapter ch;
    begin_with(&ch, (char *[]){NULL});
    DataXY d;
    cr_assert_eq(chapter_load_xy(&ch, &d, path, &XY_SIGNS, "data"), CHAPTER_ERROR);
    char want[300];
    snprintf(want, sizeof want, "error: %s: expected 3 columns (2 features and the target), "
             "found 5\nhint: choose the columns by name with --features NAME,NAME and "
             "--target NAME\n", path);
    cr_assert_str_eq(captured(cr_get_redirected_stderr()), want);
    remove_tree(base);
}

Test(chapter, features_of_the_wrong_count_for_the_chapter_are_refused)
{
    char base[32], path[128];
    make_temp_dir(base);
    write_file(path, base, "wide.csv", WIDE);
    Chapter ch;
    begin_with(&ch, (char *[]){"--features", "cgpa,iq,extra", NULL});
    DataXY d;
    cr_assert_eq(chapter_load_xy(&ch, &d, path, &XY_SIGNS, "data"), CHAPTER_ERROR);
    cr_assert_str_eq(captured(cr_get_redirected_stderr()),
                     "error: --features takes 2 names for this chapter, got 3\n");
    cr_assert_null(d.X);
    remove_tree(base);
}

Test(chapter, an_unknown_column_lists_the_files_columns)
{
    char base[32], path[128];
    make_temp_dir(base);
    write_file(path, base, "wide.csv", WIDE);
    Chapter ch;
    begin_with(&ch, (char *[]){"--features", "cgpa,gpa", "--target", "placed", NULL});
    DataXY d;
    cr_assert_eq(chapter_load_xy(&ch, &d, path, &XY_SIGNS, "data"), CHAPTER_ERROR);
    char want[300];
    snprintf(want, sizeof want, "error: %s: no column \"gpa\"; its columns are: name, cgpa, iq, "
             "extra, placed\n", path);
    cr_assert_str_eq(captured(cr_get_redirected_stderr()), want);
    remove_tree(base);
}

Test(chapter, a_feature_that_is_the_target_or_an_empty_name_is_refused)
{
    Chapter ch;
    DataXY d;
    begin_with(&ch, (char *[]){"--features", "cgpa,placed", "--target", "placed", NULL});
    cr_assert_eq(chapter_load_xy(&ch, &d, "unused.csv", &XY_SIGNS, "data"), CHAPTER_ERROR);
    begin_with(&ch, (char *[]){"--features", "cgpa, ,iq", NULL});
    cr_assert_eq(chapter_load_xy(&ch, &d, "unused.csv", &XY_SIGNS, "data"), CHAPTER_ERROR);
    cr_assert_str_eq(captured(cr_get_redirected_stderr()),
                     "error: --features names the target column \"placed\"\n"
                     "error: --features has an empty name in \"cgpa, ,iq\"\n");
}

Test(chapter, a_chapters_own_file_loaded_without_the_chapter_ignores_the_flags)
{
    char base[32], path[128];
    make_temp_dir(base);
    write_file(path, base, "ok.csv", "a,b,label\n1,2,0\n3,4,1\n");
    Chapter ch;
    begin_with(&ch, (char *[]){"--features", "x,y", NULL});
    DataXY d;
    cr_assert_eq(chapter_load_xy(NULL, &d, path, &XY_SIGNS, NULL), CHAPTER_OK);
    data_xy_free(&d);
    remove_tree(base);
}

/* ---- figures --------------------------------------------------------------------- */

Test(chapter, box_around_adds_15_percent_and_a_half)
{
    /* x1 in [0, 10]: margin 0.15 x 10 + 0.5 = 2; x2 in [1, 1]: margin 0.5 */
    double x[] = {0, 1, 10, 1, 4, 1};
    Mat *X = mat_from(3, 2, x);
    ChapterBox b = chapter_box_around(X);
    cr_assert_eq(b.x0, -2.0);
    cr_assert_eq(b.x1, 12.0);
    cr_assert_eq(b.y0, 0.5);
    cr_assert_eq(b.y1, 1.5);
    mat_free(X);
    char buf[128];
    cr_assert_str_eq(chapter_box_settings(buf, sizeof buf, &b, "set key left"),
                     "set xrange [-2:12]\nset yrange [0.5:1.5]\nset key left");
    cr_assert_str_eq(chapter_box_settings(buf, sizeof buf, &b, NULL),
                     "set xrange [-2:12]\nset yrange [0.5:1.5]");
}

Test(chapter, scatter_writes_every_point_of_both_classes)
{
    /* 300 points, 150 per class: more than the 64 per class chapter 02
     * once kept. Point i is (i, -i); class +1 for even i, else 0. */
    enum { M = 300 };
    Mat *X = mat_new(M, 2), *y = mat_new(M, 1);
    for (int i = 0; i < M; i++) {
        MAT_AT(X, i, 0) = i;
        MAT_AT(X, i, 1) = -i;
        MAT_AT(y, i, 0) = i % 2 == 0 ? 1.0 : 0.0;
    }
    char base[32];
    Plotter pl;
    open_plotter(&pl, base);
    Plot *p = plot_begin(&pl, "classes", &SPEC);
    chapter_plot_classes(p, X, y, "positive", "negative");
    plot_end(p);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    char *dat = read_dat(base, "classes");
    static char pts[1 << 16];
    cr_assert_eq(block(dat, 0, pts, sizeof pts), M / 2);
    cr_assert_eq(strncmp(pts, "0 0\n2 -2\n", 9), 0, "got:\n%.40s", pts);
    cr_assert_not_null(strstr(pts, "\n298 -298\n"));
    cr_assert_not_null(strstr(dat, "# block 0: positive"));
    cr_assert_eq(block(dat, 1, pts, sizeof pts), M / 2);
    cr_assert_not_null(strstr(pts, "1 -1\n"));
    cr_assert_not_null(strstr(pts, "\n299 -299\n"));
    cr_assert_not_null(strstr(dat, "# block 1: negative"));
    free(dat);
    mat_free(X);
    mat_free(y);
    remove_tree(base);
}

Test(chapter, scatter_takes_labels_minus_one_and_plus_one)
{
    double x[] = {1, 2, 3, 4, 5, 6}, lab[] = {-1, 1, -1};
    Mat *X = mat_from(3, 2, x), *y = mat_from(3, 1, lab);
    char base[32], pts[256];
    Plotter pl;
    open_plotter(&pl, base);
    Plot *p = plot_begin(&pl, "signs", &SPEC);
    chapter_plot_classes(p, X, y, "+1", "-1");
    plot_end(p);
    char *dat = read_dat(base, "signs");
    cr_assert_eq(block(dat, 0, pts, sizeof pts), 1);
    cr_assert_str_eq(pts, "3 4\n");
    cr_assert_eq(block(dat, 1, pts, sizeof pts), 2);
    cr_assert_str_eq(pts, "1 2\n5 6\n");
    free(dat);
    mat_free(X);
    mat_free(y);
    remove_tree(base);
}

Test(chapter, line_is_drawn_across_the_box_from_x0_to_x1)
{
    /* 1 x1 + 2 x2 - 4 = 0: x2 = (4 - x1) / 2; at x1 = -2: 3, at x1 = 6: -1 */
    char base[32], pts[256];
    Plotter pl;
    open_plotter(&pl, base);
    ChapterBox box = {-2, 6, -10, 10};
    Plot *p = plot_begin(&pl, "sloped", &SPEC);
    cr_assert_eq(chapter_plot_line(p, "line", "lines", &box, 1.0, 2.0, -4.0),
                 CHAPTER_LINE_SLOPED);
    plot_end(p);
    char *dat = read_dat(base, "sloped");
    cr_assert_eq(block(dat, 0, pts, sizeof pts), 2);
    cr_assert_str_eq(pts, "-2 3\n6 -1\n");
    free(dat);
    remove_tree(base);
}

Test(chapter, line_with_w2_zero_is_vertical_at_minus_b_over_w1)
{
    /* 4 x1 + 0 x2 + 2 = 0: x1 = -2 / 4 = -0.5, from y0 = -1 to y1 = 3 */
    char base[32], pts[256];
    Plotter pl;
    open_plotter(&pl, base);
    ChapterBox box = {-5, 5, -1, 3};
    Plot *p = plot_begin(&pl, "vertical", &SPEC);
    cr_assert_eq(chapter_plot_line(p, "line", "lines", &box, 4.0, 0.0, 2.0),
                 CHAPTER_LINE_VERTICAL);
    plot_end(p);
    char *dat = read_dat(base, "vertical");
    cr_assert_eq(block(dat, 0, pts, sizeof pts), 2);
    cr_assert_str_eq(pts, "-0.5 -1\n-0.5 3\n");
    free(dat);
    remove_tree(base);
}

Test(chapter, no_line_when_both_weights_are_zero)
{
    /* 0 x1 + 0 x2 + 1 = 0 holds nowhere: no point, only gnuplot's
     * invisible placeholder, and the return value says so */
    char base[32], pts[256];
    Plotter pl;
    open_plotter(&pl, base);
    ChapterBox box = {-5, 5, -1, 3};
    Plot *p = plot_begin(&pl, "none", &SPEC);
    cr_assert_eq(chapter_plot_line(p, "line", "lines", &box, 0.0, 0.0, 1.0), CHAPTER_LINE_NONE);
    plot_end(p);
    char *dat = read_dat(base, "none");
    cr_assert_eq(block(dat, 0, pts, sizeof pts), 1);
    cr_assert_str_eq(pts, "NaN NaN\n");
    free(dat);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    remove_tree(base);
}

/* f(x) = x1 + 10 x2, to see which grid point went where */
static double code_of(const double x[2], void *ctx)
{
    int *calls = ctx;
    (*calls)++;
    return x[0] + 10 * x[1];
}

Test(chapter, regions_evaluate_the_function_on_the_grid_row_by_row)
{
    /* 3 x 3 grid over [0, 2] x [0, 4]: x1 = 0, 1, 2; x2 = 0, 2, 4 */
    char base[32], grid[512];
    Plotter pl;
    open_plotter(&pl, base);
    int calls = 0;
    static const double half[] = {5.0};
    Plot *p = plot_begin(&pl, "regions", &SPEC);
    chapter_plot_regions(p, &(ChapterRegions){.f = code_of, .ctx = &calls,
                                              .box = {0, 2, 0, 4}, .n = 3,
                                              .levels = half, .n_levels = 1,
                                              .legend = "f = 5"});
    plot_end(p);
    cr_assert_eq(calls, 9);
    char *dat = read_dat(base, "regions");
    block(dat, 0, grid, sizeof grid); /* the heat map: first row x2 = 0 */
    cr_assert_str_eq(grid, "0 0 0\n1 0 1\n2 0 2\n");
    cr_assert_not_null(strstr(dat, "2 2 22\n\n0 4 40\n1 4 41\n2 4 42\n"));
    cr_assert_not_null(strstr(dat, "# block 1: contour grid"));
    free(dat);
    char path[128];
    snprintf(path, sizeof path, "%s/99_test/regions.gp", base);
    char *gp = read_file(path);
    cr_assert_not_null(strstr(gp, "set cntrparam levels discrete 5"));
    cr_assert_not_null(strstr(gp, "title \"f = 5\""));
    free(gp);
    remove_tree(base);
}

Test(chapter, curves_put_each_value_at_its_epoch)
{
    /* one curve from epoch 0, one from epoch 1; the second without a
     * style gets the second colour */
    char base[32], pts[256];
    Plotter pl;
    open_plotter(&pl, base);
    double a[] = {1.0, 0.5, 0.25}, b[] = {0.9, 0.8};
    ChapterCurve c[] = {{.legend = "training", .style = "linespoints", .y = a, .n = 3},
                        {.legend = "validation", .y = b, .n = 2, .first = 1}};
    chapter_plot_curves(&pl, "loss", &(PlotSpec){.title = "Loss", .xlabel = "epoch",
                                                 .ylabel = "loss"}, c, 2);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    char *dat = read_dat(base, "loss");
    cr_assert_eq(block(dat, 0, pts, sizeof pts), 3);
    cr_assert_str_eq(pts, "0 1\n1 0.5\n2 0.25\n");
    cr_assert_eq(block(dat, 1, pts, sizeof pts), 2);
    cr_assert_str_eq(pts, "1 0.9\n2 0.8\n");
    free(dat);
    char path[128];
    snprintf(path, sizeof path, "%s/99_test/loss.gp", base);
    char *gp = read_file(path);
    cr_assert_not_null(strstr(gp, "index 0 using 1:2 with linespoints title \"training\""));
    cr_assert_not_null(strstr(gp, "index 1 using 1:2 with lines lw 2 lc rgb '#c0392b' "
                                  "title \"validation\""));
    free(gp);
    remove_tree(base);
}
