/* check.h - checks for programmer errors that stay on in release builds.
 *
 * A failed CHECK is a bug in the calling code (a shape mismatch, a NULL
 * where a buffer was required), not bad data: it prints file:line and the
 * failed condition to stderr and aborts. Bad data is never CHECKed; loaders
 * return an error instead (see data.h).
 */
#ifndef ANNLAB_CHECK_H
#define ANNLAB_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,         \
                    __LINE__, #cond);                                      \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* CHECK_SHAPE(A, r, c): matrix A must be r x c. */
#define CHECK_SHAPE(A, r, c)                                               \
    CHECK((A)->rows == (r) && (A)->cols == (c),                            \
          "%s is %d x %d, expected %d x %d", #A, (A)->rows, (A)->cols,     \
          (int)(r), (int)(c))

#endif
