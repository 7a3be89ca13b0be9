/* pool.h - a few worker threads that share out the parts of one job.
 *
 *     pool_run(3, fn, ctx):   fn(ctx, 0), fn(ctx, 1) and fn(ctx, 2), each
 *                             on whichever of the calling thread and two
 *                             workers is free first, and back when all
 *                             three have returned.
 *
 * The matrix product (gemm.c) uses it to give each core its own strip of
 * C. Starting a thread costs tens of microseconds, more than a small
 * product takes, so the workers are started once, on the first job that
 * needs them, and then sleep between jobs; an atexit() handler stops and
 * joins them (valgrind sees no thread and no memory left behind).
 *
 * This is the library's one piece of process-wide state (with gemm.c's
 * settings): the workers. The parts of a job must be independent of each
 * other; which thread runs a part never changes what it computes, so a
 * result does not depend on the number of threads. When the workers are
 * busy with another thread's job, or cannot be started, the caller runs
 * every part itself, one after another: slower, the same result.
 *
 * On a machine whose other programs keep the cores busy, a worker that
 * took a part may not get a core for milliseconds while the caller, done
 * with its own parts, waits for it: two threads then run slower than one.
 * After such a late worker the caller runs the next jobs alone for a
 * while (pool.c: LATE_SECONDS, SOLO_SECONDS), then tries the workers again.
 */
#ifndef ANNLAB_POOL_H
#define ANNLAB_POOL_H

/* One part of a job: part is 0 .. n_parts - 1. */
typedef void (*PoolFn)(void *ctx, int part);

/* The most threads pool_run uses at once: the caller and 63 workers. */
enum { POOL_MAX_THREADS = 64 };

/* Run fn(ctx, part) for every part in 0 .. n_parts - 1 (n_parts >= 1) on
 * the calling thread and up to n_parts - 1 workers, each part once, and
 * return when every part has. Which thread runs which part is not fixed. */
void pool_run(int n_parts, PoolFn fn, void *ctx);

/* The number of cores this process may run on (1 when unknown). */
int pool_cores(void);

#endif
