/* pool.c - the worker threads of pool.h.
 *
 * A job is n_parts numbered parts. Whoever is free takes the next part
 * (the caller too), so a worker that wakes late, or never, only means the
 * caller runs more parts itself. The caller returns when all parts are
 * done. One mutex guards every field of `pool`.
 *
 * Waking a sleeping thread goes through the operating system and costs
 * tens of microseconds (in a virtual machine up to a hundred), as long as
 * a whole product of a training step takes. So a worker that finishes a
 * part first spins for a while (SPIN_SECONDS), watching for the next job,
 * before it sleeps; the caller waiting for the last part does the same.
 * Training asks for a job every few hundred microseconds: the workers
 * then never sleep, at the price of a busy core between jobs.
 */
#define _POSIX_C_SOURCE 200809L
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define SPIN_SECONDS 0.002
/* A worker is late when the caller, done with its own parts, waits longer
 * for the worker's than it took for its own, and more than LATE_SECONDS:
 * the operating system gave the worker's core to another program. The
 * jobs of the next SOLO_SECONDS (some fifty training steps) then run on
 * the caller alone, and the workers get another chance. */
#define LATE_SECONDS 0.0002
#define SOLO_SECONDS 0.05

static struct {
    pthread_mutex_t lock;
    pthread_cond_t start;    /* a new job, or quit */
    pthread_cond_t finished; /* the last part of the job is done */
    pthread_t thread[POOL_MAX_THREADS - 1];
    int n_workers;           /* workers started */
    int cannot_start;        /* pthread_create failed once: stop trying */
    int quit;
    PoolFn fn;               /* the current job */
    void *ctx;
    int n_parts, next_part;
    /* written under the lock, also read without it while spinning */
    atomic_ulong job;        /* how many jobs were handed out */
    atomic_int parts_done;
} pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .start = PTHREAD_COND_INITIALIZER,
    .finished = PTHREAD_COND_INITIALIZER,
};

/* Held by the thread whose job the workers are on: one job at a time. */
static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;

/* Until when jobs run on the caller alone, after a late worker (read and
 * written by the holder of busy). */
static double solo_until;

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* One round of a spin: let any other thread that wants this core have it
 * (spinning must not take a core from the caller or another program). */
static void spin_pause(void)
{
    sched_yield();
}

/* Spin until the job counter moves past seen, or SPIN_SECONDS pass. */
static void spin_for_job(unsigned long seen)
{
    double give_up = seconds_now() + SPIN_SECONDS;
    while (atomic_load(&pool.job) == seen && seconds_now() < give_up)
        spin_pause();
}

/* Spin until n_parts parts are done, or SPIN_SECONDS pass. */
static void spin_for_parts(int n_parts)
{
    double give_up = seconds_now() + SPIN_SECONDS;
    while (atomic_load(&pool.parts_done) < n_parts && seconds_now() < give_up)
        spin_pause();
}

/* Take parts of the current job and run them until none are left. Called
 * and returns with pool.lock held. */
static void run_parts(void)
{
    while (pool.next_part < pool.n_parts) {
        int part = pool.next_part++;
        PoolFn fn = pool.fn;
        void *ctx = pool.ctx;
        pthread_mutex_unlock(&pool.lock);
        fn(ctx, part);
        pthread_mutex_lock(&pool.lock);
        if (atomic_fetch_add(&pool.parts_done, 1) + 1 == pool.n_parts)
            pthread_cond_signal(&pool.finished);
    }
}

static void *worker(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&pool.lock);
    unsigned long seen = atomic_load(&pool.job);
    while (!pool.quit) {
        if (atomic_load(&pool.job) == seen) {
            pthread_mutex_unlock(&pool.lock);
            spin_for_job(seen);
            pthread_mutex_lock(&pool.lock);
            if (atomic_load(&pool.job) == seen && !pool.quit)
                pthread_cond_wait(&pool.start, &pool.lock);
            continue;
        }
        seen = atomic_load(&pool.job);
        run_parts();
    }
    pthread_mutex_unlock(&pool.lock);
    return NULL;
}

/* At exit: wake every worker with quit set and wait for it to end. */
static void stop_workers(void)
{
    pthread_mutex_lock(&pool.lock);
    pool.quit = 1;
    int n = pool.n_workers;
    pthread_cond_broadcast(&pool.start);
    pthread_mutex_unlock(&pool.lock);
    for (int w = 0; w < n; w++)
        pthread_join(pool.thread[w], NULL);
    pool.n_workers = 0;
}

/* A child of fork() has only the thread that forked: no workers. */
static void forget_workers(void)
{
    pool.n_workers = 0;
}

/* Start workers until there are n (as many as can be). Called with
 * pool.lock held. */
static void start_workers(int n)
{
    static int registered = 0;
    if (!registered) {
        registered = atexit(stop_workers) == 0 && pthread_atfork(NULL, NULL, forget_workers) == 0;
        if (!registered)
            pool.cannot_start = 1;
    }
    while (pool.n_workers < n && !pool.cannot_start) {
        if (pthread_create(&pool.thread[pool.n_workers], NULL, worker, NULL) != 0)
            pool.cannot_start = 1;
        else
            pool.n_workers++;
    }
}

/* Run every part on the calling thread, one after another. */
static void run_alone(int n_parts, PoolFn fn, void *ctx)
{
    for (int part = 0; part < n_parts; part++)
        fn(ctx, part);
}

void pool_run(int n_parts, PoolFn fn, void *ctx)
{
    CHECK(n_parts >= 1, "n_parts = %d", n_parts);
    /* alone, or when another thread's job has the workers: every part here */
    if (n_parts <= 1 || pthread_mutex_trylock(&busy) != 0) {
        run_alone(n_parts, fn, ctx);
        return;
    }
    if (seconds_now() < solo_until) { /* a worker was late not long ago: see pool.h */
        pthread_mutex_unlock(&busy);
        run_alone(n_parts, fn, ctx);
        return;
    }
    pthread_mutex_lock(&pool.lock);
    start_workers(n_parts - 1 < POOL_MAX_THREADS - 1 ? n_parts - 1 : POOL_MAX_THREADS - 1);
    pool.fn = fn;
    pool.ctx = ctx;
    pool.n_parts = n_parts;
    pool.next_part = 0;
    atomic_store(&pool.parts_done, 0);
    atomic_fetch_add(&pool.job, 1);
    pthread_cond_broadcast(&pool.start);
    double start = seconds_now();
    run_parts();
    if (atomic_load(&pool.parts_done) < n_parts) {
        double own = seconds_now() - start, wait_start = seconds_now();
        pthread_mutex_unlock(&pool.lock);
        spin_for_parts(n_parts);
        pthread_mutex_lock(&pool.lock);
        while (atomic_load(&pool.parts_done) < n_parts)
            pthread_cond_wait(&pool.finished, &pool.lock);
        double waited = seconds_now() - wait_start;
        if (waited > own && waited > LATE_SECONDS)
            solo_until = seconds_now() + SOLO_SECONDS;
    }
    pthread_mutex_unlock(&pool.lock);
    pthread_mutex_unlock(&busy);
}

int pool_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= 1 ? (int)(n < POOL_MAX_THREADS ? n : POOL_MAX_THREADS) : 1;
}
