/* bench.c - how fast annlab multiplies matrices and trains: `make bench`.
 *
 * One run prints five tables (bench/README.md keeps the latest):
 *   1. GFLOP/s of the reference loop, of the library's kernel (1 thread and
 *      every core) and of OpenBLAS beside it (when libopenblas.so.0 is
 *      installed), square 64 .. 1024 and the MLP's own shapes
 *   2. the Fashion-MNIST workload: a 784-128-10 ReLU + softmax MLP, batch
 *      64, SGD 0.1, one epoch over 60,000 images (the real ones when the
 *      Debian package dataset-fashion-mnist is installed, else random
 *      numbers of the same shape): seconds per epoch, images per second,
 *      and the peak memory (RSS) of a process that loads the data and
 *      trains one epoch
 *   3. the digits workload: 64-32-10, batch 32, 50 epochs of the 1797
 *      images of datasets/digits.csv: total seconds
 *   4. the epoch time against the data (10k, 30k, 60k images) and
 *   5. against the hidden width (32 .. 1024)
 *
 *   bench [--quick] [--gemm | --training] [--threads N] [--data DIR] [--digits FILE]
 *   bench --fashion-epoch [--epochs N] [--hidden H]   one workload: a line
 *   bench --digits-run [--runs N]         per run, for bench/peers.py
 *   bench --save-init DIR                 the initial weights, for peers.py
 *
 * The machine is noisy (other programs share its cores): every time is the
 * median of several runs, and only ratios from one run mean much.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "data.h"
#include "gemm.h"
#include "net.h"
#include "pool.h"

#define FASHION_DIR "/usr/share/datasets/fashion-mnist"
#define DIGITS_CSV "datasets/digits.csv"
#define SEED 42

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n values (sorts them). */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* ---- OpenBLAS, when installed: loaded at run time, no build dependency ---- */

enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };
typedef void (*DgemmFn)(int order, int trans_a, int trans_b, int m, int n, int k,
                        double alpha, const double *a, int lda, const double *b, int ldb,
                        double beta, double *c, int ldc);
typedef void (*SetThreadsFn)(int n);

static struct {
    DgemmFn dgemm;
    SetThreadsFn set_threads;
} blas;

static void load_openblas(void)
{
    void *h = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!h)
        h = dlopen("libopenblas.so", RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return;
    /* POSIX allows the cast from void * to a function pointer through memcpy */
    void *f = dlsym(h, "cblas_dgemm"), *g = dlsym(h, "openblas_set_num_threads");
    if (f && g) {
        memcpy(&blas.dgemm, &f, sizeof f);
        memcpy(&blas.set_threads, &g, sizeof g);
    }
}

/* ---- 1. the matrix product --------------------------------------------------------- */

typedef struct {
    const char *what;
    GemmForm form;
    int m, n, p; /* op(A) (m x n), op(B) (n x p) */
} Shape;

typedef enum { WHO_REFERENCE, WHO_OURS, WHO_OPENBLAS } Who;

/* One product by who with threads threads. */
static void multiply(Who who, int threads, const Shape *s, Mat *C, const Mat *A, const Mat *B)
{
    if (who == WHO_REFERENCE) {
        gemm_reference(C, s->form, A, B);
    } else if (who == WHO_OURS) {
        GemmSpec spec = gemm_default();
        spec.threads = threads;
        gemm_run(C, s->form, A, B, &spec);
    } else {
        blas.dgemm(CBLAS_ROW_MAJOR, s->form == GEMM_TN ? CBLAS_TRANS : CBLAS_NO_TRANS,
                   s->form == GEMM_NT ? CBLAS_TRANS : CBLAS_NO_TRANS, s->m, s->p, s->n, 1.0,
                   A->data, A->cols, B->data, B->cols, 0.0, C->data, C->cols);
    }
}

/* The contenders of one row of the table. */
typedef struct {
    Who who;
    int threads;
} Contender;

/* GFLOP/s (2 m n p flops a product) of each contender into rate[c]: the
 * median of `rounds` timings, each of enough products to take `seconds`.
 * The contenders take turns within a round, so that a busy spell of the
 * machine slows them all alike. */
static void gflops(const Contender *who, int n_who, const Shape *s, Mat *C, const Mat *A,
                   const Mat *B, double seconds, int rounds, double *rate)
{
    double flops = 2.0 * s->m * s->n * s->p, runs[16][9];
    for (int r = 0; r < rounds; r++)
        for (int c = 0; c < n_who; c++) {
            if (who[c].who == WHO_OPENBLAS)
                blas.set_threads(who[c].threads);
            multiply(who[c].who, who[c].threads, s, C, A, B); /* warm caches and workers */
            int reps = 0;
            double start = now(), t;
            do {
                multiply(who[c].who, who[c].threads, s, C, A, B);
                reps++;
            } while ((t = now() - start) < seconds);
            runs[c][r] = flops * reps / t * 1e-9;
        }
    for (int c = 0; c < n_who; c++)
        rate[c] = median(runs[c], rounds);
}

static void fill_random(Mat *X, Rng *rng)
{
    for (long k = 0; k < (long)X->rows * X->cols; k++)
        X->data[k] = rng_uniform(rng, -1.0, 1.0);
}

static void gemm_table(int quick)
{
    static const Shape shapes[] = {
        {"square 64", GEMM_NN, 64, 64, 64},
        {"square 128", GEMM_NN, 128, 128, 128},
        {"square 256", GEMM_NN, 256, 256, 256},
        {"square 512", GEMM_NN, 512, 512, 512},
        {"square 1024", GEMM_NN, 1024, 1024, 1024},
        {"X W1 (forward)", GEMM_NN, 64, 784, 128},
        {"X^T dZ1 (dW1)", GEMM_TN, 784, 64, 128},
        {"A1 W2 (forward)", GEMM_NN, 64, 128, 10},
        {"A1^T dZ2 (dW2)", GEMM_TN, 128, 64, 10},
        {"dZ2 W2^T (dA1)", GEMM_NT, 64, 10, 128},
    };
    int cores = gemm_default().threads, n_shapes = (int)(sizeof shapes / sizeof shapes[0]);
    double seconds = quick ? 0.02 : 0.05;
    int rounds = quick ? 3 : 9;
    printf("## 1. Matrix product, GFLOP/s (2 m n p flops; median of %d interleaved timings)\n\n",
           rounds);
    printf("isa: %s, threads: %d%s\n\n", gemm_isa_name(gemm_default().isa), cores,
           blas.dgemm ? "" : "; OpenBLAS: not installed (apt-get install libopenblas-dev)");
    printf("| product | m x n x p | reference | ours 1T | ours %dT | OpenBLAS 1T | OpenBLAS %dT "
           "| ours/OB 1T | ours/OB %dT |\n",
           cores, cores, cores);
    printf("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Rng rng;
    rng_seed(&rng, SEED);
    for (int i = 0; i < n_shapes; i++) {
        const Shape *s = &shapes[i];
        Mat *A = s->form == GEMM_TN ? mat_new(s->n, s->m) : mat_new(s->m, s->n);
        Mat *B = s->form == GEMM_NT ? mat_new(s->p, s->n) : mat_new(s->n, s->p);
        Mat *C = mat_new(s->m, s->p);
        if (!A || !B || !C) {
            fprintf(stderr, "bench: out of memory\n");
            exit(1);
        }
        fill_random(A, &rng);
        fill_random(B, &rng);
        Contender who[] = {{WHO_REFERENCE, 1}, {WHO_OURS, 1},     {WHO_OURS, cores},
                           {WHO_OPENBLAS, 1},  {WHO_OPENBLAS, cores}};
        double rate[5];
        /* the reference loop at 1024^3 takes seconds: once, alone */
        int n_ref = s->m >= 1024 || quick ? 1 : rounds;
        gflops(who, 1, s, C, A, B, seconds, n_ref, rate);
        gflops(who + 1, blas.dgemm ? 4 : 2, s, C, A, B, seconds, rounds, rate + 1);
        printf("| %s | %d x %d x %d | %.2f | %.1f | %.1f |", s->what, s->m, s->n, s->p, rate[0],
               rate[1], rate[2]);
        if (blas.dgemm)
            printf(" %.1f | %.1f | %.2f | %.2f |\n", rate[3], rate[4], rate[1] / rate[3],
                   rate[2] / rate[4]);
        else
            printf(" - | - | - | - |\n");
        fflush(stdout);
        mat_free(A);
        mat_free(B);
        mat_free(C);
    }
    printf("\n");
}

/* ---- the data ------------------------------------------------------------------------ */

/* X (m x 784, pixels / 255) and y (m x 1, class 0..9): the first m
 * training images of Fashion-MNIST from dir (data_load_idx_images), or,
 * when they cannot be read, uniform random pixels and classes. Returns 1
 * for the real data. */
static int fashion_data(const char *dir, int m, Mat **X, Mat **y)
{
    char images[512], labels[512], err[300];
    snprintf(images, sizeof images, "%s/train-images-idx3-ubyte.gz", dir);
    snprintf(labels, sizeof labels, "%s/train-labels-idx1-ubyte.gz", dir);
    if (data_load_idx_images(X, y, images, labels, m, err, sizeof err) == 0 &&
        (*X)->rows == m && (*X)->cols == 784)
        return 1;
    mat_free(*X);
    mat_free(*y);
    *X = mat_new(m, 784);
    *y = mat_new(m, 1);
    if (!*X || !*y) {
        fprintf(stderr, "bench: out of memory for %d images\n", m);
        exit(1);
    }
    Rng rng;
    rng_seed(&rng, SEED);
    for (long k = 0; k < (long)m * 784; k++)
        (*X)->data[k] = rng_uniform01(&rng);
    for (int i = 0; i < m; i++)
        (*y)->data[i] = rng_int(&rng, 10);
    return 0;
}

/* The 1797 digits of datasets/digits.csv: X (pixels / 16), y (class). */
static int digits_data(const char *path, DataXY *d)
{
    char err[300];
    DataXYSpec spec = {.target = "digit", .want = {.kind = DATA_TARGET_CLASS, .classes = 10}};
    if (data_load_xy(d, path, &spec, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    mat_scale(d->X, 1.0 / 16.0);
    return 0;
}

/* ---- 2-5. training ------------------------------------------------------------------- */

/* n_in - hidden (ReLU) - 10 (softmax), Glorot-uniform weights, zero biases. */
static Net *mlp(int n_in, int hidden, int batch)
{
    Net *net = net_new(n_in, batch);
    if (!net || net_add(net, hidden, act_of(ACT_RELU)) != 0 ||
        net_add(net, 10, act_of(ACT_SOFTMAX)) != 0) {
        fprintf(stderr, "bench: out of memory for the net\n");
        exit(1);
    }
    Rng rng;
    rng_seed(&rng, SEED);
    net_init(net, &(Init){.kind = INIT_XAVIER_UNIFORM}, &rng);
    return net;
}

/* Records each epoch's seconds. */
typedef struct {
    double seconds[64];
    int n;
} Times;

static FitAction record_time(Net *net, const EpochLog *log, void *ctx)
{
    (void)net;
    Times *t = ctx;
    if (t->n < 64)
        t->seconds[t->n++] = log->seconds;
    return FIT_CONTINUE;
}

/* Train epochs epochs of batch batch at lr (sparse CCE, shuffled); the
 * seconds of each epoch into t, the last epoch's loss returned. */
static double train(Net *net, const Mat *X, const Mat *y, int epochs, int batch, double lr,
                    Times *t)
{
    Rng shuffle;
    rng_seed(&shuffle, SEED);
    FitCallback cb = {record_time, t};
    FitSpec spec = {.epochs = epochs, .batch_size = batch, .lr = lr, .shuffle = &shuffle,
                    .callbacks = &cb, .n_callbacks = 1};
    FitResult res;
    if (net_fit(net, &(Loss){.kind = LOSS_SPARSE_CCE}, X, y, &spec, &res) != 0) {
        fprintf(stderr, "bench: %s\n", res.message);
        exit(1);
    }
    return res.cost;
}

/* Median seconds of an epoch of the 784-hidden-10 MLP on the first m rows. */
static double fashion_epoch(const Mat *X, const Mat *y, int m, int hidden, int epochs,
                            double *loss)
{
    const Mat Xm = mat_cview_rows(X, 0, m), ym = mat_cview_rows(y, 0, m);
    Net *net = mlp(784, hidden, 64);
    Times t = {0};
    double l = train(net, &Xm, &ym, epochs, 64, 0.1, &t);
    if (loss)
        *loss = l;
    net_free(net);
    return median(t.seconds, t.n);
}

/* Seconds of the digits workload: 64-32-10, batch 32, 50 epochs. */
static double digits_run(const DataXY *d, double *loss)
{
    Net *net = mlp(64, 32, 32);
    Times t = {0};
    double start = now();
    double l = train(net, d->X, d->y, 50, 32, 0.1, &t);
    double seconds = now() - start;
    if (loss)
        *loss = l;
    net_free(net);
    return seconds;
}

/* The peak RSS (MB) and the epoch time of a child process (this program,
 * --fashion-epoch) that loads the data and trains one epoch. */
static double child_peak_rss(const char *self, const char *dir, double *seconds)
{
    int fds[2];
    if (pipe(fds) != 0)
        return NAN;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        execl(self, self, "--fashion-epoch", "--epochs", "1", "--data", dir, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char line[256] = "";
    FILE *out = fdopen(fds[0], "r");
    while (out && fgets(line, sizeof line, out))
        if (sscanf(line, "fashion_epoch_seconds %lf", seconds) == 1)
            break;
    if (out)
        fclose(out);
    int status;
    struct rusage ru;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0 || getrusage(RUSAGE_CHILDREN, &ru) != 0)
        return NAN;
    return ru.ru_maxrss / 1024.0; /* the largest child's (the only one); Linux counts KB */
}

static void training_tables(const char *self, const char *dir, const char *digits, int quick)
{
    Mat *X, *y;
    int real = fashion_data(dir, 60000, &X, &y);
    int epochs = quick ? 1 : 3;
    double loss, rss_seconds = NAN;
    printf("## 2. Fashion-MNIST workload: 784-128-10 ReLU + softmax, batch 64, SGD 0.1\n\n");
    printf("data: %s\n\n", real ? "Fashion-MNIST, the 60,000 training images"
                                : "random numbers of Fashion-MNIST's shape (60,000 x 784; "
                                  "apt-get install dataset-fashion-mnist for the real ones)");
    double epoch = fashion_epoch(X, y, 60000, 128, epochs, &loss);
    double rss = child_peak_rss(self, dir, &rss_seconds);
    printf("| seconds per epoch (median of %d) | images per second | loss after %d epochs | "
           "peak RSS, load + 1 epoch |\n|---:|---:|---:|---:|\n",
           epochs, epochs);
    printf("| %.3f | %.0f | %.4f | %.0f MB |\n\n", epoch, 60000 / epoch, loss, rss);
    fflush(stdout);

    DataXY d = {0};
    printf("## 3. Digits workload: 64-32-10, batch 32, SGD 0.1, 50 epochs of 1797 images\n\n");
    if (digits_data(digits, &d) == 0) {
        double runs[5];
        int n = quick ? 1 : 5;
        for (int r = 0; r < n; r++)
            runs[r] = digits_run(&d, &loss);
        printf("| total seconds (median of %d) | per epoch | loss after 50 epochs |\n"
               "|---:|---:|---:|\n",
               n);
        printf("| %.3f | %.4f | %.4f |\n\n", median(runs, n), median(runs, n) / 50, loss);
    }
    data_xy_free(&d);
    fflush(stdout);

    printf("## 4. Epoch time against the data (hidden 128)\n\n| images | seconds | images "
           "per second |\n|---:|---:|---:|\n");
    static const int sizes[] = {10000, 30000, 60000};
    for (int i = 0; i < 3; i++) {
        double s = fashion_epoch(X, y, sizes[i], 128, quick ? 1 : 3, NULL);
        printf("| %d | %.3f | %.0f |\n", sizes[i], s, sizes[i] / s);
        fflush(stdout);
    }
    printf("\n## 5. Epoch time against the hidden width (60,000 images)\n\n| hidden | seconds "
           "| GFLOP/s of the products |\n|---:|---:|---:|\n");
    for (int h = 32; h <= 1024; h *= 2) {
        double s = fashion_epoch(X, y, 60000, h, 1, NULL);
        /* X W1 and X^T dZ1 (784 h each), A1 W2, A1^T dZ2 and dZ2 W2^T (10 h
         * each), per image, 2 flops a multiply-add */
        double flops = 2.0 * 60000 * h * (2 * 784 + 3 * 10);
        printf("| %d | %.3f | %.1f |\n", h, s, flops / s * 1e-9);
        fflush(stdout);
    }
    printf("\n");
    mat_free(X);
    mat_free(y);
}

/* ---- modes for bench/peers.py ----------------------------------------------------------- */

/* Write W1, b1, W2, b2 of the Fashion and the digits MLP as raw doubles
 * (row-major, W is n_in x n_out) into dir, for the peers to start from. */
static int save_init(const char *dir)
{
    struct {
        const char *name;
        int n_in, hidden;
    } nets[] = {{"fashion", 784, 128}, {"digits", 64, 32}};
    for (int i = 0; i < 2; i++) {
        Net *net = mlp(nets[i].n_in, nets[i].hidden, 1);
        char path[512];
        snprintf(path, sizeof path, "%s/%s_init.f64", dir, nets[i].name);
        FILE *f = fopen(path, "wb");
        if (!f) {
            fprintf(stderr, "bench: cannot write %s: %s\n", path, strerror(errno));
            return 1;
        }
        for (int k = 0; k < net->n_params; k++) {
            const Mat *v = net->params[k].value;
            fwrite(v->data, sizeof *v->data, (size_t)v->rows * v->cols, f);
        }
        if (fclose(f) != 0)
            return 1;
        net_free(net);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = FASHION_DIR, *digits = DIGITS_CSV, *init_dir = NULL;
    int quick = 0, fashion_only = 0, digits_only = 0, epochs = 3, runs = 3, threads = 0;
    int hidden = 128;
    int tables = 3; /* 1: the products, 2: the training, 3: both */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--quick") == 0)
            quick = 1;
        else if (strcmp(a, "--gemm") == 0)
            tables = 1;
        else if (strcmp(a, "--training") == 0)
            tables = 2;
        else if (strcmp(a, "--fashion-epoch") == 0)
            fashion_only = 1;
        else if (strcmp(a, "--digits-run") == 0)
            digits_only = 1;
        else if (strcmp(a, "--epochs") == 0 && next)
            epochs = atoi(argv[++i]);
        else if (strcmp(a, "--runs") == 0 && next)
            runs = atoi(argv[++i]);
        else if (strcmp(a, "--threads") == 0 && next)
            threads = atoi(argv[++i]);
        else if (strcmp(a, "--hidden") == 0 && next)
            hidden = atoi(argv[++i]);
        else if (strcmp(a, "--data") == 0 && next)
            dir = argv[++i];
        else if (strcmp(a, "--digits") == 0 && next)
            digits = argv[++i];
        else if (strcmp(a, "--save-init") == 0 && next)
            init_dir = argv[++i];
        else {
            fprintf(stderr,
                    "usage: bench [--quick] [--gemm | --training] [--threads N] [--data DIR] "
                    "[--digits FILE]\n"
                    "       bench --fashion-epoch [--epochs N] [--hidden H] | --digits-run "
                    "[--runs N] | --save-init DIR\n");
            return 2;
        }
    }
    if (threads > 0)
        gemm_set_threads(threads);
    if (init_dir)
        return save_init(init_dir);
    if (fashion_only) { /* one line per epoch */
        Mat *X, *y;
        fashion_data(dir, 60000, &X, &y);
        for (int e = 0; e < epochs; e++) {
            double loss, s = fashion_epoch(X, y, 60000, hidden, 1, &loss);
            printf("fashion_epoch_seconds %.4f loss %.4f\n", s, loss);
            fflush(stdout);
        }
        mat_free(X);
        mat_free(y);
        return 0;
    }
    if (digits_only) {
        DataXY d = {0};
        if (digits_data(digits, &d) != 0)
            return 1;
        for (int r = 0; r < runs; r++) {
            double loss, s = digits_run(&d, &loss);
            printf("digits_seconds %.4f loss %.4f\n", s, loss);
            fflush(stdout);
        }
        data_xy_free(&d);
        return 0;
    }
    load_openblas();
    time_t t = time(NULL);
    char date[64];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M", localtime(&t));
    printf("# annlab bench, %s, %d cores\n\n", date, pool_cores());
    if (tables & 1)
        gemm_table(quick);
    if (tables & 2)
        training_tables(argv[0], dir, digits, quick);
    return 0;
}
