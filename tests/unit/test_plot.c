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
    Plot *p = plot_begin(&pl, "quoted", &(PlotSpec){.title = "the \"best\" fit",
                                                    .xlabel = "x", .ylabel = "y"});
    plot_series(p, "say \"hi\"", "points", x, y, 2);
    plot_series(p, NULL, "lines", x, y, 2);
    plot_end(p);
    snprintf(path, sizeof path, "%s/01_test/quoted.gp", base);
    char *gp = read_file(path);
    assert_contains(gp, "set title \"the \\\"best\\\" fit\"", "quoted.gp");
    assert_contains(gp, "title \"say \\\"hi\\\"\"", "quoted.gp");
    /* a series without a legend is left out of the key, as the second block */
    assert_contains(gp, "'quoted.dat' index 1 using 1:2 with lines notitle", "quoted.gp");
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
