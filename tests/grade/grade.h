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
 */
#ifndef ANNLAB_GRADE_H
#define ANNLAB_GRADE_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

/* Seconds an exercise may run before it counts as an endless loop. */
#define GRADE_TIMEOUT 5

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

/* got must be within tol of want; the message shows both at 9 digits.
 * what says which call it was: "ex_update(x = (6, 8), y = -1): w1". */
#define GRADE_NEAR(got, want, tol, ...)                                      \
    do {                                                                     \
        double grade_got_ = (got), grade_want_ = (want);                     \
        char grade_what_[200];                                               \
        snprintf(grade_what_, sizeof grade_what_, __VA_ARGS__);              \
        cr_assert(fabs(grade_got_ - grade_want_) <= (tol),                   \
                  "%s: expected %.9g, got %.9g", grade_what_, grade_want_,   \
                  grade_got_);                                               \
    } while (0)

/* An integer result. */
#define GRADE_EQ_INT(got, want, ...)                                         \
    do {                                                                     \
        long grade_got_ = (got), grade_want_ = (want);                       \
        char grade_what_[200];                                               \
        snprintf(grade_what_, sizeof grade_what_, __VA_ARGS__);              \
        cr_assert(grade_got_ == grade_want_, "%s: expected %ld, got %ld",    \
                  grade_what_, grade_want_, grade_got_);                     \
    } while (0)

#endif
