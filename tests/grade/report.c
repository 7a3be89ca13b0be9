/* report.c - the graders' checks, and their results as one line per exercise.
 *
 * Linked into every grader. The checks (grade_near and friends, behind the
 * GRADE_* macros of grade.h) run in each test's own process and build the
 * failure message: what was expected and what came back, "never written"
 * for an output still holding GRADE_UNWRITTEN, the inputs of the case
 * (grade_case), and hint lines for what the wrong value looks like.
 *
 * After all tests ran, Criterion calls the POST_ALL hook in the runner
 * process; it writes, for each exercise of grade_exercises in course order,
 * one tab-separated line
 *
 *   chapter  id  title  points-earned  points  status  message  hint
 *
 * (status PASSED, FAILED, CRASHED, TIMEOUT or NOT-RUN) to the file named
 * by $ANNLAB_GRADE_RESULTS, or to stdout. A message or hint of several
 * lines has them joined by the two characters \n (a backslash is written
 * \\). build/annlab-grade reads them.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/hooks.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"

/* ---- never written -------------------------------------------------------------- */

/* A quiet NaN (exponent all ones, top mantissa bit set) whose low bits
 * spell a payload no computation produces: x86 and ARM give 0/0 the
 * payload 0, and an operation on a NaN keeps its operand's payload, so a
 * sum that started from an unwritten value keeps it too. */
static const uint64_t UNWRITTEN_BITS = 0x7ff80000000a9e11u;

double grade_unwritten(void)
{
    double x;
    memcpy(&x, &UNWRITTEN_BITS, sizeof x);
    return x;
}

int grade_is_unwritten(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    /* the sign may flip (-x keeps the payload) */
    return (bits & ~(UINT64_C(1) << 63)) == UNWRITTEN_BITS;
}

void grade_fill_unwritten(double *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        a[i] = grade_unwritten();
}

/* ---- the case ---------------------------------------------------------------- */

/* Each test runs in its own process: this is the state of one test. */
static struct {
    char name[160];
    char inputs[1200];
    int agreed;          /* checks of this case that passed so far */
    char first[400];     /* the first and the last of them */
    char last[400];
} current;

void grade_case(const char *name, const char *inputs, ...)
{
    snprintf(current.name, sizeof current.name, "%s", name ? name : "");
    va_list ap;
    va_start(ap, inputs);
    vsnprintf(current.inputs, sizeof current.inputs, inputs, ap);
    va_end(ap);
    current.agreed = 0;
    current.first[0] = current.last[0] = '\0';
}

void grade_case_end(void)
{
    memset(&current, 0, sizeof current);
}

const char *grade_vec(char *buf, size_t len, const double *v, int n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < len; i++) {
        int w = snprintf(buf + used, len - used, "%s%.9g%s", i ? ", " : "(", v[i],
                         i == n - 1 ? ")" : "");
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

/* A passed check of the current case. */
static void agreed(const char *what)
{
    if (!current.name[0])
        return;
    if (current.agreed++ == 0)
        snprintf(current.first, sizeof current.first, "%s", what);
    snprintf(current.last, sizeof current.last, "%s", what);
}

/* Appends printf-formatted text to msg (which holds a string). */
static void append(char *msg, size_t len, const char *fmt, ...) GRADE_PRINTF(3, 4);
static void append(char *msg, size_t len, const char *fmt, ...)
{
    size_t used = strlen(msg);
    if (used + 1 >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + used, len - used, fmt, ap);
    va_end(ap);
}

/* The first line's start: "NAME: what" when a case is open. */
static void begin(char *msg, size_t len, const char *what)
{
    msg[0] = '\0';
    if (current.name[0])
        append(msg, len, "%s: ", current.name);
    append(msg, len, "%s", what);
}

/* The lines after it: the case's inputs and what agreed before. */
static void end_case(char *msg, size_t len)
{
    if (!current.name[0])
        return;
    if (current.inputs[0])
        append(msg, len, "\nthe case: %s", current.inputs);
    if (current.agreed == 1)
        append(msg, len, "\nbefore it, 1 value of this case agrees (%s)", current.first);
    else if (current.agreed > 1)
        append(msg, len, "\nbefore it, %d values of this case agree (%s ... %s)",
               current.agreed, current.first, current.last);
}

/* ---- what a wrong value looks like ------------------------------------------------- */

/* a and b equal to about 9 digits, or within twice the tolerance tol of
 * the check being explained (its reference may be quoted to 9 digits);
 * neither 0 */
static int same(double a, double b, double tol)
{
    return a != 0 && b != 0 && fabs(a - b) <= 2 * tol + 1e-9 * fmax(fabs(a), fabs(b));
}

static int whole(double x)
{
    return x == floor(x);
}

/* Hint lines for the shape of got against want, when one fits. */
static void clue(char *msg, size_t len, double got, double want, double tol)
{
    if (isinf(got)) {
        append(msg, len, "\nhint: an infinity comes from a division by 0 or from exp() of a "
                         "large number (clamp the probability, or subtract the largest z first)");
        return;
    }
    if (want == 0 || isnan(want))
        return;
    if (got == 0) {
        append(msg, len, "\nhint: 0 is the stub's value: not written yet? (Or an integer "
                         "division: 1 / n is 0 in C when n is an int; write 1.0 / n)");
    } else if (same(got, want / log(10), tol)) {
        append(msg, len, "\nhint: %.9g is the expected value divided by ln 10 = 2.30258509: "
                         "log10() where the natural logarithm belongs (ln is log() in C)", got);
    } else if (same(got, want / log(2), tol)) {
        append(msg, len, "\nhint: %.9g is the expected value divided by ln 2: log2() where "
                         "the natural logarithm belongs (ln is log() in C)", got);
    } else if (same(got, want * log(10), tol)) {
        append(msg, len, "\nhint: %.9g is the expected value times ln 10: log() where log10() "
                         "belongs", got);
    } else if (same(got, -want, tol)) {
        append(msg, len, "\nhint: the right size with the wrong sign: a minus sign is missing or "
                         "one too many");
    } else if (!whole(want) && (got == trunc(want) || got == floor(want))) {
        append(msg, len, "\nhint: %.9g is a whole number where %.9g is expected: an integer "
                         "division (7 / 2 is 3 in C; write 7.0 / 2), abs() on a double (abs(-0.5) "
                         "is 0; use fabs), or a double kept in an int", got, want);
    } else if (same(got, 2 * want, tol)) {
        append(msg, len, "\nhint: twice the expected value: a factor 2 too many (the 1/2 of "
                         "E = 1/2 (t - out)^2 cancels the 2 of the square's derivative)");
    } else if (same(got, want / 2, tol)) {
        append(msg, len, "\nhint: half the expected value: a factor 2 missing (the derivative "
                         "of e^2 is 2e), or a 1/2 too many");
    } else if (same(got, want * want, tol)) {
        append(msg, len, "\nhint: the square of the expected value: a square root is missing");
    } else if (same(got * got, want, tol)) {
        append(msg, len, "\nhint: the square root of the expected value: a square root too many");
    }
}

/* ---- the checks -------------------------------------------------------------------- */

int grade_near(char *msg, size_t len, double got, double want, double tol,
               const GradeMistake *known, int n_known, const char *what, ...)
{
    char w[400];
    va_list ap;
    va_start(ap, what);
    vsnprintf(w, sizeof w, what, ap);
    va_end(ap);
    if (fabs(got - want) <= tol) {
        agreed(w);
        return 1;
    }
    begin(msg, len, w);
    if (grade_is_unwritten(got))
        append(msg, len, ": expected %.9g, but it was never written (it still holds the NaN "
                         "the grader put there)", want);
    else if (isnan(got))
        append(msg, len, ": expected %.9g, got nan (computed: 0/0, inf / inf when exp() "
                         "overflows, the log or square root of a negative number, or a variable "
                         "used before it was set)", want);
    else {
        /* 9 digits, unless they hide the difference */
        char g9[40], w9[40];
        snprintf(g9, sizeof g9, "%.9g", got);
        snprintf(w9, sizeof w9, "%.9g", want);
        int digits = strcmp(g9, w9) == 0 ? 17 : 9;
        append(msg, len, ": expected %.*g, got %.*g", digits, want, digits, got);
    }
    end_case(msg, len);
    if (grade_is_unwritten(got)) {
        append(msg, len, "\nhint: write this output; if your code adds to it (+=), set it "
                         "to 0 first");
        return 0;
    }
    for (int k = 0; k < n_known; k++)
        if (fabs(got - known[k].value) <= fmax(tol, 1e-12 * fabs(known[k].value))) {
            append(msg, len, "\nhint: %.9g is what you get when %s", got, known[k].cause);
            return 0;
        }
    clue(msg, len, got, want, tol);
    return 0;
}

int grade_eq_int(char *msg, size_t len, long got, long want, const char *what, ...)
{
    char w[400];
    va_list ap;
    va_start(ap, what);
    vsnprintf(w, sizeof w, what, ap);
    va_end(ap);
    if (got == want) {
        agreed(w);
        return 1;
    }
    begin(msg, len, w);
    append(msg, len, ": expected %ld, got %ld", want, got);
    end_case(msg, len);
    return 0;
}

int grade_untouched(char *msg, size_t len, double got, const char *what, ...)
{
    char w[400];
    va_list ap;
    va_start(ap, what);
    vsnprintf(w, sizeof w, what, ap);
    va_end(ap);
    if (grade_is_unwritten(got))
        return 1;
    begin(msg, len, w);
    append(msg, len, ": must not be written, but holds %.9g", got);
    end_case(msg, len);
    return 0;
}

/* ---- the results file ------------------------------------------------------------------ */

/* Print s with tabs as spaces, newlines as \n and backslashes as \\. */
static void put_field(FILE *fp, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\n')
            fputs("\\n", fp);
        else if (*s == '\\')
            fputs("\\\\", fp);
        else
            fputc(*s == '\t' || *s == '\r' ? ' ' : *s, fp);
    }
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

/* Moves the lines "hint: ..." of msg into hints (without the word), in
 * order, each ending in a newline. */
static void take_hints(char *msg, char *hints, size_t len)
{
    char *out = msg;
    hints[0] = '\0';
    for (char *line = msg; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (strncmp(line, "hint: ", 6) == 0) {
            size_t used = strlen(hints);
            snprintf(hints + used, len - used, "%.*s\n", (int)(n - 6), line + 6);
        } else {
            if (out != msg)
                *out++ = '\n';
            memmove(out, line, n);
            out += n;
        }
        line += n + (nl != NULL);
    }
    *out = '\0';
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
        char msg[4096], hints[2048];
        const char *status = verdict(find_test(g, ex->test), msg, sizeof msg);
        take_hints(msg, hints, sizeof hints);
        int earned = strcmp(status, "PASSED") == 0 ? ex->points : 0;
        fprintf(fp, "%s\t%s\t", grade_chapter, ex->id);
        put_field(fp, ex->title);
        fprintf(fp, "\t%d\t%d\t%s\t", earned, ex->points, status);
        put_field(fp, msg);
        fputc('\t', fp);
        put_field(fp, hints);
        put_field(fp, ex->hint);
        fputc('\n', fp);
    }
    if (fp != stdout)
        fclose(fp);
}
