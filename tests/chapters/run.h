/* run.h - run a chapter program and capture what it prints (for tests). */
#ifndef ANNLAB_TEST_RUN_H
#define ANNLAB_TEST_RUN_H

#include <stddef.h>

typedef struct {
    int status; /* exit status; 128 + signal when killed; -1 when it could not run */
    char *out;  /* everything it wrote to stdout (never NULL) */
    char *err;  /* everything it wrote to stderr (never NULL) */
} RunResult;

/* Run $ANNLAB_BUILD/name (default build/name) with the NULL-terminated
 * arguments args, from the current folder. */
RunResult run_chapter(const char *name, const char *const *args);

void run_result_free(RunResult *r);

/* The whole file at path, NUL-terminated, or NULL. Free it. */
char *run_read_file(const char *path);

/* A fresh folder /tmp/annlab-own-data-XXXXXX for a chapter's --out, its
 * name written into dir (len >= 32). Returns 0, or -1 when it cannot be made. */
int run_temp_dir(char *dir, size_t len);

/* A transcript after its lecture card: from the first "== " section heading
 * (the whole of out when it has none). */
const char *run_after_card(const char *out);

/* Write text to the file dir/name; its path into path (room for 128).
 * A Criterion assertion fails when the file cannot be written. */
void write_csv(char *path, const char *dir, const char *name, const char *text);

/* A Criterion expectation that text holds part ("what: no "part" in: text"). */
void expect_has(const char *text, const char *part, const char *what);

#endif
