/* death.h - death tests that say which CHECK they expect, quietly.
 *
 * A test of a programmer error ends in a failed CHECK (check.h), which
 * prints "lib/loss.c:64: check failed: delta > 0: ..." and aborts. Run as
 * it is, that line shows in `make test` as if something were wrong, and
 * the test passes on ANY abort, even another CHECK's. So such a test is
 * written
 *
 *     Test(loss, huber_with_delta_0_aborts, .init = cr_redirect_stderr,
 *          .signal = SIGABRT)
 *     {
 *         expect_check("delta > 0");
 *         ... the call that must fail ...
 *     }
 *
 * The CHECK's line goes to Criterion's pipe instead of the terminal; at
 * the abort, the handler expect_check installs reads it back and lets the
 * abort end the test (a pass) only when it holds "check failed: WANT".
 * Another CHECK's line is shown on stdout and the test exits 1 (a fail:
 * no SIGABRT). read, write, signal and _exit are safe in a handler.
 */
#ifndef ANNLAB_TEST_DEATH_H
#define ANNLAB_TEST_DEATH_H

#include <criterion/redirect.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *death_want; /* the condition the CHECK must name */
static int death_fd = -1;      /* the read end of the captured stderr */

/* At the abort: the captured CHECK line holds death_want, or the test
 * fails showing what failed instead. */
static void death_at_abort(int sig)
{
    char text[1024];
    ssize_t n = read(death_fd, text, sizeof text - 1);
    text[n > 0 ? n : 0] = '\0';
    const char *fired = strstr(text, "check failed: ");
    if (fired && strstr(fired, death_want)) {
        signal(sig, SIG_DFL); /* abort raises SIGABRT again: the test passes */
        return;
    }
    static const char head[] = "expected a failed CHECK of \"";
    static const char mid[] = "\", but stderr held:\n";
    if (write(STDOUT_FILENO, head, sizeof head - 1) < 0 ||
        write(STDOUT_FILENO, death_want, strlen(death_want)) < 0 ||
        write(STDOUT_FILENO, mid, sizeof mid - 1) < 0 ||
        write(STDOUT_FILENO, text, strlen(text)) < 0)
        _exit(2);
    _exit(1);
}

/* The test must end in a failed CHECK whose line holds want after
 * "check failed: " (the condition as check.h prints it, "delta > 0", or
 * a piece of the message). Needs .init = cr_redirect_stderr. */
static void expect_check(const char *want)
{
    death_want = want;
    death_fd = fileno(cr_get_redirected_stderr());
    fcntl(death_fd, F_SETFL, fcntl(death_fd, F_GETFL) | O_NONBLOCK);
    signal(SIGABRT, death_at_abort);
}

#endif
