/* grade.h - what every chapter's grader (tests/grade/NN_topic.c) shares.
 *
 * A grader is a Criterion test file with one Test(grade, NAME) per
 * exercise, all-or-nothing: the exercise earns its points when every check
 * in its test passes. Each test runs in its own process with a timeout, so
 * a crash or an endless loop in a student's code costs that exercise, not
 * the whole run. The grader also defines the chapter's list of exercises
 * (GRADE_EXERCISES below): report.c turns the test results into one line
 * per exercise for the annlab-grade tool, which prints the table and
 * writes out/grade.json and out/grade.xml.
 *
 * A check stops its exercise at the first value that differs, so a grader
 * checks a chain (a forward pass, a backward pass, an optimizer step) in
 * the order the chain computes it: the failure names the FIRST wrong step,
 * not a result three steps later. With grade_case() the failure also
 * prints every input of the case, so it can be redone by hand. Outputs are
 * prefilled with GRADE_UNWRITTEN, so a value the code never wrote is
 * reported as "never written", not as a number.
 *
 * A failure message may carry lines "hint: ..." (a known mistake that
 * gives exactly the value found, or what the value looks like: log10 for
 * log, a whole number from an integer division, a flipped sign); report.c
 * shows them before the exercise's own hint.
 */
#ifndef ANNLAB_GRADE_H
#define ANNLAB_GRADE_H

#include <criterion/criterion.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>

/* Seconds an exercise may run before it counts as an endless loop. */
#define GRADE_TIMEOUT 5

/* The longest failure message a check builds. */
#define GRADE_MSG_LEN 2048

/* One graded exercise, in course order. */
typedef struct {
    const char *test;  /* the name in Test(grade, NAME) */
    const char *id;    /* "1.1", as marked in exercises.c */
    const char *title; /* what the student writes */
    int points;
    const char *hint;  /* shown when the exercise fails */
} GradeExercise;

/* Defined by each grader: its chapter and exercises. */
extern const char grade_chapter[];
extern const GradeExercise grade_exercises[];
extern const int grade_exercise_count;

/* An exercise's test: all of its checks, with the per-test timeout. */
#define GRADE_TEST(name) Test(grade, name, .timeout = GRADE_TIMEOUT)

#if defined(__GNUC__)
#define GRADE_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define GRADE_PRINTF(fmt, args)
#endif

/* ---- values the code never wrote ---------------------------------------- */

/* A quiet NaN with a payload of its own: outputs are filled with it before
 * the call. A NaN the code computes (0/0, log(-1)) has another payload, so
 * the grade tells "never written" from "computed a NaN". */
double grade_unwritten(void);
#define GRADE_UNWRITTEN grade_unwritten()
/* 1 when x still holds GRADE_UNWRITTEN (or a sum that started from it). */
int grade_is_unwritten(double x);
/* a[0..n-1] = GRADE_UNWRITTEN */
void grade_fill_unwritten(double *a, size_t n);

/* ---- the case being checked ---------------------------------------------- */

/* Names the case that the following checks belong to and lists its inputs
 * (printf format): a failure prints "NAME: what: expected ..., got ...",
 * then "the case: INPUTS", and how many values of the case agreed before
 * it. Holds until the next grade_case() or grade_case_end(). */
void grade_case(const char *name, const char *inputs, ...) GRADE_PRINTF(2, 3);
void grade_case_end(void);

/* "(0.15, 0.2, 0.25)": n values at 9 significant digits, into buf. */
const char *grade_vec(char *buf, size_t len, const double *v, int n);

/* A known wrong answer and the mistake that gives it: when got is that
 * value, the failure's hint names the mistake. */
typedef struct {
    double value;
    const char *cause;
} GradeMistake;

/* ---- checks ------------------------------------------------------------------ */

/* 1 when got is within tol of want; otherwise 0 and the failure message
 * in msg. what (printf format) says which value it is. Used by the macros
 * below. */
int grade_near(char *msg, size_t len, double got, double want, double tol,
               const GradeMistake *known, int n_known, const char *what, ...)
    GRADE_PRINTF(8, 9);
int grade_eq_int(char *msg, size_t len, long got, long want, const char *what, ...)
    GRADE_PRINTF(5, 6);
int grade_untouched(char *msg, size_t len, double got, const char *what, ...)
    GRADE_PRINTF(4, 5);

/* got must be within tol of want; the message shows both at 9 digits.
 * what says which call it was: "ex_update(x = (6, 8), y = -1): w1". */
#define GRADE_NEAR(got, want, tol, ...) GRADE_NEAR_KNOWN(got, want, tol, NULL, 0, __VA_ARGS__)

/* The same, with n_known known mistakes (a GradeMistake array). */
#define GRADE_NEAR_KNOWN(got, want, tol, known, n_known, ...)                         \
    do {                                                                               \
        char grade_msg_[GRADE_MSG_LEN];                                                \
        int grade_ok_ = grade_near(grade_msg_, sizeof grade_msg_, (got), (want), (tol), \
                                   (known), (n_known), __VA_ARGS__);                   \
        cr_assert(grade_ok_, "%s", grade_msg_);                                        \
    } while (0)

/* An integer result. */
#define GRADE_EQ_INT(got, want, ...)                                                   \
    do {                                                                               \
        char grade_msg_[GRADE_MSG_LEN];                                                \
        int grade_ok_ = grade_eq_int(grade_msg_, sizeof grade_msg_, (got), (want),      \
                                     __VA_ARGS__);                                     \
        cr_assert(grade_ok_, "%s", grade_msg_);                                        \
    } while (0)

/* A place the code must not write (past the end of its output): it must
 * still hold GRADE_UNWRITTEN. */
#define GRADE_UNTOUCHED(got, ...)                                                      \
    do {                                                                               \
        char grade_msg_[GRADE_MSG_LEN];                                                \
        int grade_ok_ = grade_untouched(grade_msg_, sizeof grade_msg_, (got), __VA_ARGS__); \
        cr_assert(grade_ok_, "%s", grade_msg_);                                        \
    } while (0)

#endif
