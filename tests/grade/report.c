/* report.c - turns a grader's Criterion results into one line per exercise.
 *
 * Linked into every grader. After all tests ran, Criterion calls the
 * POST_ALL hook in the runner process; it writes, for each exercise of
 * grade_exercises in course order, one tab-separated line
 *
 *   chapter  id  title  points-earned  points  status  message  hint
 *
 * (status PASSED, FAILED, CRASHED, TIMEOUT or NOT-RUN) to the file named
 * by $ANNLAB_GRADE_RESULTS, or to stdout. build/annlab-grade reads them.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/hooks.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"

/* Print s with tabs and newlines turned into spaces. */
static void put_clean(FILE *fp, const char *s)
{
    for (; s && *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
}

static struct criterion_test_stats *find_test(struct criterion_global_stats *g,
                                              const char *name)
{
    for (struct criterion_suite_stats *s = g->suites; s; s = s->next)
        for (struct criterion_test_stats *t = s->tests; t; t = t->next)
            if (strcmp(t->test->category, "grade") == 0 && strcmp(t->test->name, name) == 0)
                return t;
    return NULL;
}

/* The status word and the message explaining a failure. */
static const char *verdict(struct criterion_test_stats *t, char *msg, size_t len)
{
    msg[0] = '\0';
    if (!t) {
        snprintf(msg, len, "the grader has no test for this exercise");
        return "NOT-RUN";
    }
    if (t->timed_out) {
        snprintf(msg, len, "did not finish within %d s (an endless loop?)", GRADE_TIMEOUT);
        return "TIMEOUT";
    }
    if (t->crashed) {
        snprintf(msg, len, "crashed with signal %d (%s)", t->signal, strsignal(t->signal));
        return "CRASHED";
    }
    if (t->test_status == CR_STATUS_PASSED)
        return "PASSED";
    for (struct criterion_assert_stats *a = t->asserts; a; a = a->next)
        if (!a->passed) {
            snprintf(msg, len, "%s", a->message ? a->message : "a check failed");
            break;
        }
    if (!msg[0])
        snprintf(msg, len, "failed (exit status %d)", t->exit_code);
    return "FAILED";
}

ReportHook(POST_ALL)(struct criterion_global_stats *g)
{
    const char *path = getenv("ANNLAB_GRADE_RESULTS");
    FILE *fp = path ? fopen(path, "w") : stdout;
    if (!fp) {
        perror(path);
        return;
    }
    for (int k = 0; k < grade_exercise_count; k++) {
        const GradeExercise *ex = &grade_exercises[k];
        char msg[1024];
        const char *status = verdict(find_test(g, ex->test), msg, sizeof msg);
        int earned = strcmp(status, "PASSED") == 0 ? ex->points : 0;
        fprintf(fp, "%s\t%s\t", grade_chapter, ex->id);
        put_clean(fp, ex->title);
        fprintf(fp, "\t%d\t%d\t%s\t", earned, ex->points, status);
        put_clean(fp, msg);
        fputc('\t', fp);
        put_clean(fp, ex->hint);
        fputc('\n', fp);
    }
    if (fp != stdout)
        fclose(fp);
}
