/* run.c - run a chapter program, capturing stdout and stderr; see run.h. */
#define _POSIX_C_SOURCE 200809L
#include "run.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *run_read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            char *more = realloc(buf, 2 * cap);
            if (!more) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = more;
            cap *= 2;
        }
    }
    fclose(fp);
    if (buf)
        buf[len] = '\0';
    return buf;
}

/* The whole of an open temporary file, then close it. */
static char *slurp(FILE *fp)
{
    long len;
    if (fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        fclose(fp);
        return calloc(1, 1);
    }
    char *buf = malloc((size_t)len + 1);
    size_t n = buf ? fread(buf, 1, (size_t)len, fp) : 0;
    if (buf)
        buf[n] = '\0';
    fclose(fp);
    return buf ? buf : calloc(1, 1);
}

RunResult run_chapter(const char *name, const char *const *args)
{
    RunResult r = {.status = -1};
    const char *build = getenv("ANNLAB_BUILD");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", build && *build ? build : "build", name);
    const char *argv[32] = {path};
    int argc = 1;
    for (; args && args[argc - 1] && argc < 31; argc++)
        argv[argc] = args[argc - 1];
    argv[argc] = NULL;

    FILE *out = tmpfile(), *err = tmpfile();
    if (!out || !err) {
        if (out)
            fclose(out);
        if (err)
            fclose(err);
        r.out = calloc(1, 1);
        r.err = calloc(1, 1);
        return r;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fileno(out), 1);
        dup2(fileno(err), 2);
        execv(path, (char *const *)argv);
        fprintf(stderr, "cannot run %s (build it with make)\n", path);
        _exit(127);
    }
    int status = 0;
    if (pid > 0 && waitpid(pid, &status, 0) == pid)
        r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

void run_result_free(RunResult *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

int run_temp_dir(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/annlab-own-data-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

const char *run_after_card(const char *out)
{
    const char *s = strstr(out, "\n== ");
    return s ? s : out;
}

void write_csv(char *path, const char *dir, const char *name, const char *text)
{
    snprintf(path, 128, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp, "%s", path);
    fputs(text, fp);
    fclose(fp);
}

void expect_has(const char *text, const char *part, const char *what)
{
    cr_expect(strstr(text, part) != NULL, "%s: no \"%s\" in:\n%s", what, part, text);
}
