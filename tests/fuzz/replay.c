/* replay.c - feed every file of some folders to a fuzz target, without
 * libFuzzer: what `make test` does with tests/fuzz/corpus/T (the seeds) and
 * tests/fuzz/crashes/T (every input that once crashed T).
 *
 *     replay-csv tests/fuzz/corpus/csv tests/fuzz/crashes/csv
 *
 * Each input runs in a child process of its own, so a crash, a sanitizer
 * report or a leak (LeakSanitizer checks at the child's exit) names the
 * file that caused it, and the other inputs still run. What a child prints
 * (the flags target's usage lines, a sanitizer's report) is kept in a
 * temporary file and shown only when that input failed. Exit status 0 when
 * every input ran clean, 1 otherwise.
 */
#define _POSIX_C_SOURCE 200809L /* scandir, fork */
#define _DEFAULT_SOURCE         /* alphasort */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

/* The whole file at path, malloc'd, into *data and *size; 0 or -1. */
static int read_whole(const char *path, uint8_t **data, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    size_t cap = 4096, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *bigger = realloc(buf, 2 * cap);
            if (!bigger)
                free(buf);
            buf = bigger;
            cap *= 2;
        }
    }
    int bad = ferror(fp);
    fclose(fp);
    if (!buf || bad) {
        free(buf);
        return -1;
    }
    *data = buf;
    *size = n;
    return 0;
}

/* Copy what is left of fp to stderr. */
static void show(FILE *fp)
{
    char buf[4096];
    size_t n;
    rewind(fp);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        fwrite(buf, 1, n, stderr);
}

/* Run the target on the file at path in a child; 0 when it ran clean. */
static int replay_one(const char *program, const char *path)
{
    FILE *said = tmpfile(); /* the child's stdout and stderr */
    if (!said) {
        perror("tmpfile");
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        fclose(said);
        return -1;
    }
    if (pid == 0) {
        dup2(fileno(said), STDOUT_FILENO);
        dup2(fileno(said), STDERR_FILENO);
        uint8_t *data;
        size_t size;
        if (read_whole(path, &data, &size) != 0) {
            perror(path);
            exit(1);
        }
        int argc = 1;
        char *args[] = {(char *)program, NULL}, **argv = args;
        LLVMFuzzerInitialize(&argc, &argv);
        LLVMFuzzerTestOneInput(data, size);
        free(data);
        exit(0); /* not _exit: LeakSanitizer checks here */
    }
    int status;
    if (waitpid(pid, &status, 0) < 0) {
        perror("waitpid");
        fclose(said);
        return -1;
    }
    int clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!clean)
        show(said);
    fclose(said);
    if (clean)
        return 0;
    if (WIFSIGNALED(status))
        fprintf(stderr, "%s: %s: killed by signal %d\n", program, path, WTERMSIG(status));
    else
        fprintf(stderr, "%s: %s: exit status %d\n", program, path, WEXITSTATUS(status));
    return -1;
}

/* Every file of the folder dir, in name order (dot files left out);
 * adds to *inputs and *failed. */
static int replay_folder(const char *program, const char *dir, int *inputs, int *failed)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        perror(dir);
        return -1;
    }
    for (int k = 0; k < n; k++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[k]->d_name);
        if (names[k]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            ++*inputs;
            *failed += replay_one(program, path) != 0;
        }
        free(names[k]);
    }
    free(names);
    return 0;
}

int main(int argc, char **argv)
{
    const char *slash = strrchr(argv[0], '/');
    const char *program = slash ? slash + 1 : argv[0]; /* "replay-csv" */
    if (argc < 2) {
        fprintf(stderr, "usage: %s FOLDER...\n", program);
        return 2;
    }
    int inputs = 0, failed = 0;
    for (int i = 1; i < argc; i++)
        if (replay_folder(program, argv[i], &inputs, &failed) != 0)
            return 1;
    if (inputs == 0) {
        fprintf(stderr, "%s: no inputs in the folders given\n", program);
        return 1;
    }
    printf("%s: %d inputs, %d failed\n", program, inputs, failed);
    return failed ? 1 : 0;
}
