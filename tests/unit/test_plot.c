/* test_plot.c - unit tests for lib/plot: format names, --plots=none writing
 * nothing, png/svg/dumb figures writing NAME.dat and NAME.gp (with the
 * title, axis labels and legend in the script) and, when gnuplot is
 * installed, the image itself; quoting in gnuplot strings; and a folder
 * that cannot be created.
 *
 * Every test writes into its own mkdtemp folder under /tmp and removes it.
 * stdout and stderr are redirected: the Plotter prints "[plot] ..." lines
 * and gnuplot may print notes.
 */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plot.h"

static void redirect_output(void)
{
    cr_redirect_stdout();
    cr_redirect_stderr();
}

TestSuite(plot, .init = redirect_output);

/* A new empty folder under /tmp; path needs room for 32 bytes. */
static void make_temp_dir(char *path)
{
    strcpy(path, "/tmp/annlab-plot-XXXXXX");
    cr_assert_not_null(mkdtemp(path), "mkdtemp: %s", strerror(errno));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* rm -r path */
static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int dir_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The whole file at path as a new string (the caller frees it). */
static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "%s: %s", path, strerror(errno));
    char *buf = malloc(65536);
    cr_assert_not_null(buf);
    size_t n = fread(buf, 1, 65535, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void assert_contains(const char *text, const char *part, const char *what)
{
    cr_assert_not_null(strstr(text, part), "%s lacks \"%s\"; it holds:\n%s", what, part, text);
}

/* Is there an executable called name on $PATH? Decided here, not by the
 * Plotter, so a wrong "gnuplot is missing" would be caught. */
static int on_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    char dir[1024], full[1200];
    while (*path) {
        size_t n = strcspn(path, ":");
        snprintf(dir, sizeof dir, "%.*s", (int)n, path);
        snprintf(full, sizeof full, "%s/%s", n ? dir : ".", name);
        if (access(full, X_OK) == 0)
            return 1;
        path += n + (path[n] == ':');
    }
    return 0;
}

static const PlotSpec LOSS_SPEC = {.title = "Loss per epoch", .xlabel = "epoch", .ylabel = "loss"};

/* Draw the figure "loss" with one series into out_dir/chapter. */
static void draw_loss(Plotter *pl)
{
    double x[] = {0, 1, 2}, y[] = {1, 0.5, 0.25};
    Plot *p = plot_begin(pl, "loss", &LOSS_SPEC);
    cr_assert_not_null(p);
    plot_series(p, "training loss", "lines", x, y, 3);
    plot_end(p);
}

Test(plot, format_names_parse_and_unknown_names_are_rejected)
{
    PlotFormat f = PLOT_NONE;
    cr_assert_eq(plot_format_parse("png", &f), 0);
    cr_assert_eq(f, PLOT_PNG);
    cr_assert_eq(plot_format_parse("svg", &f), 0);
    cr_assert_eq(f, PLOT_SVG);
    cr_assert_eq(plot_format_parse("dumb", &f), 0);
    cr_assert_eq(f, PLOT_DUMB);
    cr_assert_eq(plot_format_parse("none", &f), 0);
    cr_assert_eq(f, PLOT_NONE);
    cr_assert_eq(plot_format_parse("jpeg", &f), -1);
    cr_assert_eq(plot_format_parse("PNG", &f), -1);
    cr_assert_eq(plot_format_parse("", &f), -1);
    cr_assert_eq(f, PLOT_NONE, "a failed parse must leave the format alone");
}

Test(plot, none_writes_nothing)
{
    char base[32], dir[64];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_NONE, base, "01_test"), 0);
    draw_loss(&pl);
    cr_assert_eq(plot_close(&pl), 0);
    snprintf(dir, sizeof dir, "%s/01_test", base);
    cr_assert_not(dir_exists(dir), "PLOT_NONE created %s", dir);
    /* rmdir succeeds only on an empty folder: nothing at all was written */
    cr_assert_eq(rmdir(base), 0, "%s is not empty", base);
}

Test(plot, png_writes_data_and_script_with_title_labels_and_legend)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "01_test"), 0, "%s", pl.err);
    draw_loss(&pl);

    snprintf(path, sizeof path, "%s/01_test/loss.dat", base);
    cr_assert(file_exists(path), "%s is missing", path);
    char *dat = read_file(path);
    assert_contains(dat, "0 1\n1 0.5\n2 0.25\n", "loss.dat");
    free(dat);

    snprintf(path, sizeof path, "%s/01_test/loss.gp", base);
    cr_assert(file_exists(path), "%s is missing", path);
    char *gp = read_file(path);
    assert_contains(gp, "set title \"Loss per epoch\"", "loss.gp");
    assert_contains(gp, "set xlabel \"epoch\"", "loss.gp");
    assert_contains(gp, "set ylabel \"loss\"", "loss.gp");
    assert_contains(gp, "title \"training loss\"", "loss.gp");
    assert_contains(gp, "'loss.dat' index 0 using 1:2 with lines", "loss.gp");
    assert_contains(gp, "set output 'loss.png'", "loss.gp");
    free(gp);

    int have_gnuplot = on_path("gnuplot");
    cr_assert_eq(pl.gnuplot_missing, !have_gnuplot, "gnuplot is %son PATH but the Plotter says "
                 "it is %smissing", have_gnuplot ? "" : "not ", pl.gnuplot_missing ? "" : "not ");
    snprintf(path, sizeof path, "%s/01_test/loss.png", base);
    if (have_gnuplot) {
        cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
        cr_assert(file_exists(path), "gnuplot is installed but %s is missing", path);
    } else {
        /* without gnuplot: .dat and .gp only, and that is not an error */
        cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    }
    remove_tree(base);
}

Test(plot, svg_writes_an_svg_when_gnuplot_is_installed)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_SVG, base, "01_test"), 0, "%s", pl.err);
    draw_loss(&pl);
    snprintf(path, sizeof path, "%s/01_test/loss.gp", base);
    char *gp = read_file(path);
    assert_contains(gp, "set output 'loss.svg'", "loss.gp");
    free(gp);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    snprintf(path, sizeof path, "%s/01_test/loss.svg", base);
    if (on_path("gnuplot"))
        cr_assert(file_exists(path), "%s is missing", path);
    remove_tree(base);
}

Test(plot, dumb_draws_in_the_terminal_and_writes_no_image)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_DUMB, base, "01_test"), 0, "%s", pl.err);
    draw_loss(&pl);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    snprintf(path, sizeof path, "%s/01_test/loss.gp", base);
    cr_assert(file_exists(path));
    snprintf(path, sizeof path, "%s/01_test/loss.png", base);
    cr_assert_not(file_exists(path));
    if (on_path("gnuplot")) {
        /* gnuplot's dumb terminal wrote the figure, title included, to our stdout */
        fflush(stdout);
        char out[16384];
        size_t n = fread(out, 1, sizeof out - 1, cr_get_redirected_stdout());
        out[n] = '\0';
        assert_contains(out, "Loss per epoch", "the terminal drawing");
    }
    remove_tree(base);
}

Test(plot, open_creates_nested_folders)
{
    char base[32], out[64], dir[96];
    make_temp_dir(base);
    snprintf(out, sizeof out, "%s/a/b", base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, out, "01_test"), 0, "%s", pl.err);
    snprintf(dir, sizeof dir, "%s/01_test", out);
    cr_assert(dir_exists(dir), "%s was not created", dir);
    cr_assert_str_eq(pl.dir, dir);
    /* opening again when the folder exists is fine */
    cr_assert_eq(plot_open(&pl, PLOT_PNG, out, "01_test"), 0, "%s", pl.err);
    remove_tree(base);
}

Test(plot, quotes_in_titles_and_legends_are_escaped_for_gnuplot)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "01_test"), 0, "%s", pl.err);
    double x[] = {0, 1}, y[] = {2, 3};
    Plot *p = plot_begin(&pl, "quoted", &(PlotSpec){.title = "my.csv\nthe \"best\" fit",
                                                    .xlabel = "x", .ylabel = "y"});
    plot_series(p, "say \"hi\"", "points", x, y, 2);
    plot_series(p, NULL, "lines", x, y, 2);
    plot_end(p);
    snprintf(path, sizeof path, "%s/01_test/quoted.gp", base);
    char *gp = read_file(path);
    /* a newline: gnuplot's \n, a second line of the title (a raw one ends the string) */
    assert_contains(gp, "set title \"my.csv\\nthe \\\"best\\\" fit\"", "quoted.gp");
    assert_contains(gp, "title \"say \\\"hi\\\"\"", "quoted.gp");
    /* a series without a legend is left out of the key, as the second block */
    assert_contains(gp, "'quoted.dat' index 1 using 1:2 with lines notitle", "quoted.gp");
    free(gp);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    remove_tree(base);
}

/* A title wider than the figure (about 8 pixels a character) is broken
 * in two at the blank nearest its middle; a short one is left alone. */
Test(plot, a_title_too_long_for_the_figure_is_broken_in_two_at_its_middle)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "01_test"), 0, "%s", pl.err);
    double x[] = {0, 1}, y[] = {2, 3};
    /* 40 + 1 + 40 = 81 characters: more than 600 / 8 = 75, on one line at 900 */
    const char *title = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    Plot *p = plot_begin(&pl, "narrow", &(PlotSpec){.title = title, .xlabel = "x",
                                                    .ylabel = "y", .width = 600});
    plot_series(p, "s", "points", x, y, 2);
    plot_end(p);
    p = plot_begin(&pl, "wide", &(PlotSpec){.title = title, .xlabel = "x", .ylabel = "y"});
    plot_series(p, "s", "points", x, y, 2);
    plot_end(p);
    snprintf(path, sizeof path, "%s/01_test/narrow.gp", base);
    char *gp = read_file(path);
    assert_contains(gp, "set title \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\n"
                        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"", "narrow.gp");
    free(gp);
    snprintf(path, sizeof path, "%s/01_test/wide.gp", base);
    gp = read_file(path);
    assert_contains(gp, "set title \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
                        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"", "wide.gp");
    free(gp);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    remove_tree(base);
}

Test(plot, heat_map_is_drawn_under_the_series_with_its_colour_label)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "01_test"), 0, "%s", pl.err);
    double z[] = {0, 1, 1, 0}, x[] = {0.5}, y[] = {0.5};
    Plot *p = plot_begin(&pl, "boundary", &(PlotSpec){.title = "Decision boundary",
                         .xlabel = "x1", .ylabel = "x2", .cblabel = "P(class 1)"});
    plot_heatmap(p, &(PlotGrid){.x0 = 0.0, .x1 = 1.0, .y0 = 0.0, .y1 = 1.0, .nx = 2, .ny = 2,
                                .z = z});
    plot_series(p, "data", "points", x, y, 1);
    plot_end(p);
    snprintf(path, sizeof path, "%s/01_test/boundary.gp", base);
    char *gp = read_file(path);
    assert_contains(gp, "set cblabel \"P(class 1)\"", "boundary.gp");
    assert_contains(gp, "'boundary.dat' index 0 using 1:2:3 with image notitle", "boundary.gp");
    assert_contains(gp, "'boundary.dat' index 1 using 1:2 with points title \"data\"", "boundary.gp");
    free(gp);
    /* the grid: z[i * nx + j] at x = j, y = i (x0 = y0 = 0, step 1) */
    snprintf(path, sizeof path, "%s/01_test/boundary.dat", base);
    char *dat = read_file(path);
    assert_contains(dat, "0 0 0\n1 0 1\n\n0 1 1\n1 1 0\n", "boundary.dat");
    free(dat);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    remove_tree(base);
}

Test(plot, contour_grid_is_laid_out_as_the_heat_map_with_its_levels)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_SVG, base, "01_test"), 0, "%s", pl.err);
    /* a 3 x 2 grid (nx = 3, ny = 2) over [0, 2] x [10, 20]: x steps by 1, y by 10 */
    double z[] = {1, 2, 3,
                  4, 5, 6};
    double levels[] = {2.5, 4.5};
    Plot *p = plot_begin(&pl, "bowl", &(PlotSpec){.title = "Contours", .xlabel = "m",
                                                  .ylabel = "c"});
    plot_contour(p, &(PlotGrid){.x0 = 0, .x1 = 2, .y0 = 10, .y1 = 20, .nx = 3, .ny = 2, .z = z},
                 levels, 2, "level sets");
    plot_end(p);
    snprintf(path, sizeof path, "%s/01_test/bowl.dat", base);
    char *dat = read_file(path);
    assert_contains(dat, "0 10 1\n1 10 2\n2 10 3\n\n0 20 4\n1 20 5\n2 20 6\n", "bowl.dat");
    free(dat);
    snprintf(path, sizeof path, "%s/01_test/bowl.gp", base);
    char *gp = read_file(path);
    assert_contains(gp, "set cntrparam levels discrete 2.5, 4.5", "bowl.gp");
    assert_contains(gp, "$contours using 1:2 with lines lw 1 lc rgb '#8c8c8c' title \"level sets\"",
                    "bowl.gp");
    free(gp);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    remove_tree(base);
}

Test(plot, every_plot_function_ignores_the_null_plot_of_a_failed_begin)
{
    /* plot_begin returns NULL only when out of memory; what follows must
     * then do nothing rather than crash */
    double x[] = {0}, y[] = {0}, z[] = {0, 0, 0, 0};
    PlotGrid g = {.x0 = 0, .x1 = 1, .y0 = 0, .y1 = 1, .nx = 2, .ny = 2, .z = z};
    plot_series(NULL, "s", "lines", x, y, 1);
    plot_heatmap(NULL, &g);
    plot_contour(NULL, &g, NULL, 0, NULL);
    plot_end(NULL);
}

Test(plot, a_figure_of_empty_series_still_draws)
{
    /* no point to autoscale to: the script fixes a range, so gnuplot does
     * not reject it as "x range is invalid" */
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_SVG, base, "01_test"), 0, "%s", pl.err);
    Plot *p = plot_begin(&pl, "empty", &LOSS_SPEC);
    plot_series(p, "no epochs yet", "lines", NULL, NULL, 0);
    plot_end(p);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    snprintf(path, sizeof path, "%s/01_test/empty.gp", base);
    char *gp = read_file(path);
    assert_contains(gp, "set xrange [-1:1]\nset yrange [-1:1]\n", "empty.gp");
    free(gp);
    remove_tree(base);
}

Test(plot, a_script_gnuplot_rejects_is_reported_by_plot_close)
{
    if (!on_path("gnuplot"))
        cr_skip_test("gnuplot is not installed");
    char base[32], want[256];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "01_test"), 0, "%s", pl.err);
    double x[] = {0, 1}, y[] = {0, 1};
    Plot *p = plot_begin(&pl, "bad", &(PlotSpec){.title = "t", .xlabel = "x", .ylabel = "y",
                                                 .settings = "this is not gnuplot"});
    plot_series(p, "s", "lines", x, y, 2);
    plot_end(p);
    /* the first error is kept; gnuplot exits with status 1 on a bad script */
    cr_assert_eq(plot_close(&pl), -1);
    snprintf(want, sizeof want, "%s/01_test/bad.gp: gnuplot failed (exit status 1)", base);
    cr_assert_str_eq(pl.err, want);
    remove_tree(base);
}

/* Everything written on stderr so far. */
static void read_stderr(char *buf, size_t len)
{
    fflush(stderr);
    size_t n = fread(buf, 1, len - 1, cr_get_redirected_stderr());
    buf[n] = '\0';
}

Test(plot, a_script_gnuplot_rejects_is_shown_in_its_words_in_two_lines_and_the_next_draws)
{
    if (!on_path("gnuplot"))
        cr_skip_test("gnuplot is not installed");
    char base[32], path[128], err[4096];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "01_test"), 0, "%s", pl.err);
    double x[] = {0, 1}, y[] = {0, 1};
    Plot *p = plot_begin(&pl, "bad", &(PlotSpec){.title = "t", .xlabel = "x", .ylabel = "y",
                                                 .settings = "this is not gnuplot"});
    plot_series(p, "s", "lines", x, y, 2);
    plot_end(p);
    draw_loss(&pl); /* the next figure is still drawn */
    snprintf(path, sizeof path, "%s/01_test/loss.png", base);
    cr_assert(file_exists(path), "%s was not drawn after the failed figure", path);
    read_stderr(err, sizeof err);
    /* gnuplot 5.4: the command, a caret under it, then '"bad.gp" line N: invalid command' */
    const char *head = "warning: plot bad: \"bad.gp\" line ";
    cr_assert_eq(strncmp(err, head, strlen(head)), 0, "got:\n%s", err);
    assert_contains(err, ": invalid command\nwarning: plot bad: at: this is not gnuplot\n",
                    "stderr");
    cr_assert_eq(strstr(err, "^"), NULL, "gnuplot's caret line shown raw:\n%s", err);
    int lines = 0;
    for (const char *c = err; *c; c++)
        lines += *c == '\n';
    cr_assert_eq(lines, 2, "expected two lines, got:\n%s", err);
    cr_assert_eq(plot_close(&pl), -1, "the failure is still remembered for the exit status");
    remove_tree(base);
}

Test(plot, without_gnuplot_on_path_a_note_is_shown_once_and_it_is_no_failure)
{
    char base[32], path[128], err[4096];
    make_temp_dir(base);
    setenv("PATH", base, 1); /* a folder with no gnuplot in it (this test's own process) */
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "01_test"), 0, "%s", pl.err);
    draw_loss(&pl);
    draw_loss(&pl);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    cr_assert(pl.gnuplot_missing);
    snprintf(path, sizeof path, "%s/01_test/loss.gp", base);
    cr_assert(file_exists(path), "the script is still written");
    read_stderr(err, sizeof err);
    cr_assert_eq(strncmp(err, "note: gnuplot is not installed", 30), 0, "got:\n%s", err);
    cr_assert_eq(strstr(err + 1, "note:"), NULL, "the note is shown once:\n%s", err);
    remove_tree(base);
}

Test(plot, an_output_folder_that_is_read_only_is_refused_at_open)
{
    if (geteuid() == 0)
        cr_skip_test("root may write in a read-only folder");
    char base[32], dir[64];
    make_temp_dir(base);
    snprintf(dir, sizeof dir, "%s/01_test", base);
    cr_assert_eq(mkdir(dir, 0555), 0);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "01_test"), -1);
    assert_contains(pl.err, "01_test: cannot write in the output folder: ", "pl.err");
    chmod(dir, 0755);
    remove_tree(base);
}

Test(plot, folder_under_a_regular_file_cannot_be_created)
{
    char file[32], want[256];
    strcpy(file, "/tmp/annlab-plot-XXXXXX");
    int fd = mkstemp(file);
    cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
    close(fd);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, file, "01_test"), -1);
    snprintf(want, sizeof want, "%s/01_test: cannot create the output folder: %s", file,
             strerror(ENOTDIR));
    cr_assert_str_eq(pl.err, want);
    cr_assert_eq(plot_close(&pl), -1);
    unlink(file);
}

/* ---- frames: an animated GIF, panels --------------------------------------- */

/* How often part occurs in text. */
static int count_of(const char *text, const char *part)
{
    int n = 0;
    for (const char *s = strstr(text, part); s; s = strstr(s + 1, part))
        n++;
    return n;
}

/* plot_close reports no failure and, when gnuplot is installed, the image
 * base/13_test/image was drawn; then base is removed. */
static void close_expecting_image(Plotter *pl, const char *base, const char *image)
{
    char path[128];
    cr_assert_eq(plot_close(pl), 0, "%s", pl->err);
    snprintf(path, sizeof path, "%s/13_test/%s", base, image);
    if (on_path("gnuplot"))
        cr_assert(file_exists(path), "%s is missing", path);
    remove_tree(base);
}

static const PlotSpec SURFACE_SPEC = {.title = "Surface", .xlabel = "x1", .ylabel = "x2"};

/* Two frames of a 2 x 2 grid over [0, 1]^2, with one point over them. */
static void draw_animation(Plotter *pl, int delay)
{
    double z1[] = {0, 1, 1, 0}, z2[] = {1, 1, 0, 0}, x[] = {0.1}, y[] = {0.9};
    PlotGrid g = {.x0 = 0, .x1 = 1, .y0 = 0, .y1 = 1, .nx = 2, .ny = 2, .z = z1};
    PlotFrames *f = plot_frames_begin(pl, "anim", &SURFACE_SPEC, &(PlotFramesSpec){
        .delay = delay, .lo = 0, .hi = 1, .text_cols = 4, .text_rows = 2});
    cr_assert_not_null(f);
    plot_frames_points(f, "data", "points pt 7", 'x', x, y, 1);
    plot_frames_add(f, "epoch 1", &g);
    g.z = z2;
    plot_frames_add(f, NULL, &g);
    cr_assert_eq(plot_frames_count(f), 2);
    plot_frames_end(f);
}

Test(plot, an_animation_is_a_gif_script_with_one_plot_per_frame)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "13_test"), 0, "%s", pl.err);
    draw_animation(&pl, 20);
    /* the .dat: the point (block 0), then each frame's grid, one line a row */
    snprintf(path, sizeof path, "%s/13_test/anim.dat", base);
    char *dat = read_file(path);
    assert_contains(dat, "0.1 0.9\n", "anim.dat");
    assert_contains(dat, "# block 1: epoch 1\n0 1\n1 0\n", "anim.dat");
    assert_contains(dat, "# block 2: frame 2\n1 1\n0 0\n", "anim.dat");
    free(dat);
    snprintf(path, sizeof path, "%s/13_test/anim.gp", base);
    char *gp = read_file(path);
    assert_contains(gp, "set terminal gif animate delay 20 loop 0 size 900,600", "anim.gp");
    assert_contains(gp, "set output 'anim.gif'", "anim.gp");
    assert_contains(gp, "set cbrange [0:1]", "anim.gp");
    assert_contains(gp, "set xlabel \"x1\"", "anim.gp");
    assert_contains(gp, "set title \"Surface: epoch 1\"\n"
                        "plot 'anim.dat' index 1 matrix using (0 + $1 * 1):(0 + $2 * 1):3 with "
                        "image notitle, \\\n     'anim.dat' index 0 using 1:2 with points pt 7 "
                        "title \"data\"\n", "anim.gp");
    assert_contains(gp, "set title \"Surface: frame 2\"\nplot 'anim.dat' index 2 matrix", "anim.gp");
    cr_assert_eq(count_of(gp, "\nplot "), 2, "one plot command a frame:\n%s", gp);
    cr_assert_eq(count_of(gp, "multiplot"), 0);
    free(gp);
    close_expecting_image(&pl, base, "anim.gif");
}

Test(plot, an_animation_stays_a_gif_when_the_plots_are_svg)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_SVG, base, "13_test"), 0, "%s", pl.err);
    draw_animation(&pl, 5);
    snprintf(path, sizeof path, "%s/13_test/anim.gp", base);
    char *gp = read_file(path);
    assert_contains(gp, "set output 'anim.gif'", "anim.gp");
    free(gp);
    close_expecting_image(&pl, base, "anim.gif");
}

Test(plot, panels_are_one_multiplot_with_empty_panels_skipped)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_PNG, base, "13_test"), 0, "%s", pl.err);
    double z[] = {0, 0.5, 0.5, 1};
    PlotGrid g = {.x0 = -6, .x1 = 6, .y0 = -3, .y1 = 3, .nx = 2, .ny = 2, .z = z};
    PlotFrames *f = plot_frames_begin(&pl, "units", &(PlotSpec){.title = "Every unit",
        .xlabel = "x1", .ylabel = "x2", .cblabel = "output"},
        &(PlotFramesSpec){.rows = 1, .cols = 3, .lo = -1, .hi = 1});
    plot_frames_add(f, "unit 1", &g);
    plot_frames_add(f, NULL, NULL);
    plot_frames_add(f, "unit \"3\"", &g);
    cr_assert_eq(plot_frames_count(f), 3);
    plot_frames_end(f);
    snprintf(path, sizeof path, "%s/13_test/units.gp", base);
    char *gp = read_file(path);
    assert_contains(gp, "set terminal pngcairo", "units.gp");
    assert_contains(gp, "set output 'units.png'", "units.gp");
    assert_contains(gp, "set cbrange [-1:1]", "units.gp");
    assert_contains(gp, "set cblabel \"output\"", "units.gp");
    assert_contains(gp, "set multiplot layout 1,3 title \"Every unit\"\n", "units.gp");
    /* x steps by 12 / 1, y by 6 / 1 from (-6, -3); blocks 0 and 1 (no points) */
    assert_contains(gp, "set title \"unit 1\"\nplot 'units.dat' index 0 matrix using "
                        "(-6 + $1 * 12):(-3 + $2 * 6):3 with image notitle\n"
                        "set multiplot next\nset title \"unit \\\"3\\\"\"\n"
                        "plot 'units.dat' index 1 matrix", "units.gp");
    assert_contains(gp, "unset multiplot\n", "units.gp");
    free(gp);
    close_expecting_image(&pl, base, "units.png");
}

/* Everything the redirected stdout holds so far. */
static char *stdout_text(void)
{
    fflush(stdout);
    char *out = malloc(65536);
    cr_assert_not_null(out);
    size_t n = fread(out, 1, 65535, cr_get_redirected_stdout());
    out[n] = '\0';
    return out;
}

Test(plot, dumb_draws_each_frame_of_an_animation_as_text_with_its_points)
{
    char base[32], path[128];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_DUMB, base, "13_test"), 0, "%s", pl.err);
    draw_animation(&pl, 20);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    char *out = stdout_text();
    /* frame 1 (z = 0 1 / 1 0; top row y = 1): "##==" over "==##", the point
     * (0.1, 0.9) as x in the top-left cell (textmap's own tests); frame 2
     * (z = 1 1 / 0 0): "====" over "####" */
    assert_contains(out, "Surface: epoch 1\n+----+\n|x#==|\n|==##|\n+----+\n  x data   \n",
                    "the terminal drawing");
    assert_contains(out, "Surface: frame 2\n+----+\n|x===|\n|####|\n+----+\n",
                    "the terminal drawing");
    assert_contains(out, "  shades: = - : . below 0.5, blank near it, ' + * # above (scale 0 to 1)\n",
                    "the terminal drawing");
    cr_assert_eq(count_of(out, "[plot]"), 0, "no image in dumb mode:\n%s", out);
    free(out);
    /* the script is written (it makes the GIF when run), the GIF is not */
    snprintf(path, sizeof path, "%s/13_test/anim.gp", base);
    cr_assert(file_exists(path), "%s is missing", path);
    snprintf(path, sizeof path, "%s/13_test/anim.gif", base);
    cr_assert_not(file_exists(path), "%s was drawn in dumb mode", path);
    remove_tree(base);
}

Test(plot, dumb_draws_panels_side_by_side_at_the_end)
{
    char base[32];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_DUMB, base, "13_test"), 0, "%s", pl.err);
    double z[] = {0, 1, 0, 1};
    PlotGrid g = {.x0 = 0, .x1 = 1, .y0 = 0, .y1 = 1, .nx = 2, .ny = 2, .z = z};
    PlotFrames *f = plot_frames_begin(&pl, "units", &(PlotSpec){.title = "Every unit",
        .xlabel = "x1", .ylabel = "x2"},
        &(PlotFramesSpec){.rows = 2, .cols = 2, .lo = 0, .hi = 1, .text_cols = 2, .text_rows = 1});
    plot_frames_add(f, "u1", &g);
    plot_frames_add(f, "u2", &g);
    plot_frames_add(f, NULL, NULL);
    plot_frames_add(f, "u4", &g);
    plot_frames_end(f);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    char *out = stdout_text();
    /* two to a row: u1 and u2, then (the empty panel left out) u4 alone */
    assert_contains(out, "\nEvery unit\nu1    u2\n+--+  +--+\n|=#|  |=#|\n+--+  +--+\n"
                         "u4\n+--+\n|=#|\n+--+\n", "the terminal drawing");
    free(out);
    remove_tree(base);
}

Test(plot, frames_write_nothing_with_plots_none_and_accept_null)
{
    char base[32];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_NONE, base, "13_test"), 0);
    draw_animation(&pl, 10);
    cr_assert_eq(plot_close(&pl), 0);
    cr_assert_eq(rmdir(base), 0, "%s is not empty", base);
    double x[] = {0}, z[] = {0, 0, 0, 0};
    PlotGrid g = {.x0 = 0, .x1 = 1, .y0 = 0, .y1 = 1, .nx = 2, .ny = 2, .z = z};
    plot_frames_points(NULL, "s", "points", 'x', x, x, 1);
    plot_frames_add(NULL, "f", &g);
    cr_assert_eq(plot_frames_count(NULL), 0);
    plot_frames_end(NULL);
}

Test(plot, dumb_draws_every_kth_frame_of_an_animation_and_the_last)
{
    char base[32];
    make_temp_dir(base);
    Plotter pl;
    cr_assert_eq(plot_open(&pl, PLOT_DUMB, base, "13_test"), 0, "%s", pl.err);
    double z[] = {0, 0, 0, 0};
    PlotGrid g = {.x0 = 0, .x1 = 1, .y0 = 0, .y1 = 1, .nx = 2, .ny = 2, .z = z};
    PlotFrames *f = plot_frames_begin(&pl, "anim", &SURFACE_SPEC, &(PlotFramesSpec){
        .delay = 10, .lo = 0, .hi = 1, .text_cols = 2, .text_rows = 1, .text_every = 2});
    const char *labels[] = {"e0", "e1", "e2", "e3"};
    for (int k = 0; k < 4; k++)
        plot_frames_add(f, labels[k], &g);
    plot_frames_end(f);
    cr_assert_eq(plot_close(&pl), 0, "%s", pl.err);
    char *out = stdout_text();
    /* frames 1 and 3 (e0, e2) as they come, then the last (e3) at the end */
    cr_assert_eq(count_of(out, "Surface: e0\n"), 1, "%s", out);
    cr_assert_eq(count_of(out, "Surface: e1\n"), 0, "%s", out);
    cr_assert_eq(count_of(out, "Surface: e2\n"), 1, "%s", out);
    cr_assert_eq(count_of(out, "Surface: e3\n"), 1, "%s", out);
    cr_assert_lt(strstr(out, "e2"), strstr(out, "e3"), "in order");
    free(out);
    remove_tree(base);
}
