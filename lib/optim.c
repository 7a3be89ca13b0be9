/* optim.c - the optimizers of lectures 002 and 004; see optim.h.
 *
 * One function does the work: step_values() applies the kind's update
 * rule to the values of one param, one switch case per kind, the rule in
 * ASCII above its loop. Where the notes write a rule wrongly, the case says what they
 * write and why the code differs. Every rule is elementwise: w[k], g[k]
 * and the state's [k] are the same value of the same param.
 */
#include "optim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "gemm.h"

/* Blocks of values the compiler vectorizes (see step_range). */
enum { VEC_BLOCK = 8 };

#ifdef __GNUC__
#define INLINE __attribute__((always_inline)) inline
#else
#define INLINE inline
#endif

/* The defaults of each kind (the table in optim.h): Keras' defaults, but
 * for momentum 0.9 (Keras' SGD has 0: plain SGD). A field left 0 here is
 * one the kind does not use. */
static const OptimSpec DEFAULTS[] = {
    [OPTIM_SGD] = {.lr = 0.01},
    [OPTIM_MOMENTUM] = {.lr = 0.01, .momentum = 0.9},
    [OPTIM_NESTEROV] = {.lr = 0.01, .momentum = 0.9},
    [OPTIM_ADAGRAD] = {.lr = 0.001, .eps = 1e-7},
    [OPTIM_ADADELTA] = {.lr = 0.001, .rho = 0.95, .eps = 1e-7},
    [OPTIM_RMSPROP] = {.lr = 0.001, .rho = 0.9, .eps = 1e-7},
    [OPTIM_ADAM] = {.lr = 0.001, .beta1 = 0.9, .beta2 = 0.999, .eps = 1e-7},
};

static const char *const NAMES[] = {
    [OPTIM_SGD] = "sgd",         [OPTIM_MOMENTUM] = "momentum",
    [OPTIM_NESTEROV] = "nesterov", [OPTIM_ADAGRAD] = "adagrad",
    [OPTIM_ADADELTA] = "adadelta", [OPTIM_RMSPROP] = "rmsprop",
    [OPTIM_ADAM] = "adam",
};

#define N_KINDS ((int)(sizeof NAMES / sizeof NAMES[0]))

const char *optim_name(OptimKind kind)
{
    CHECK((int)kind >= 0 && (int)kind < N_KINDS, "unknown OptimKind %d", (int)kind);
    return NAMES[kind];
}

/* x, or the default d when x was left 0. */
static double or_default(double x, double d)
{
    return x != 0.0 ? x : d;
}

static long values_of(const Mat *m)
{
    return (long)m->rows * m->cols;
}

/* ---- state ----------------------------------------------------------------- */

static void state_free(Mat **state, int n)
{
    if (!state)
        return;
    for (int i = 0; i < n; i++)
        mat_free(state[i]);
    free(state);
}

/* n entries: a zero matrix of params[i].value's shape for each trainable
 * param, NULL for the others. NULL when out of memory. */
static Mat **state_new(const Param *params, int n)
{
    Mat **state = calloc(n > 0 ? (size_t)n : 1, sizeof *state);
    if (!state)
        return NULL;
    for (int i = 0; i < n; i++) {
        if (!params[i].trainable)
            continue;
        state[i] = mat_new(params[i].value->rows, params[i].value->cols);
        if (!state[i]) {
            state_free(state, n);
            return NULL;
        }
    }
    return state;
}

void optim_free(Optim *opt)
{
    if (!opt)
        return;
    state_free(opt->v, opt->n);
    state_free(opt->m, opt->n);
    state_free(opt->G, opt->n);
    state_free(opt->Eg2, opt->n);
    state_free(opt->Edw2, opt->n);
    free(opt);
}

/* spec with its zero fields replaced by the defaults of its kind. */
static OptimSpec resolved(const OptimSpec *spec)
{
    const OptimSpec *d = &DEFAULTS[spec->kind];
    OptimSpec s = *spec;
    s.lr = or_default(s.lr, d->lr);
    s.momentum = or_default(s.momentum, d->momentum);
    s.rho = or_default(s.rho, d->rho);
    s.beta1 = or_default(s.beta1, d->beta1);
    s.beta2 = or_default(s.beta2, d->beta2);
    s.eps = or_default(s.eps, d->eps);
    return s;
}

/* -1 with "NAME is VALUE; expected RANGE" in err (for optim_check_spec). */
static int out_of_range(char *err, size_t len, const char *name, double value, const char *range)
{
    snprintf(err, len, "the %s is %g; expected %s", name, value, range);
    return -1;
}

int optim_check_spec(const OptimSpec *spec, char *err, size_t len)
{
    if ((int)spec->kind < 0 || (int)spec->kind >= N_KINDS) {
        snprintf(err, len, "unknown optimizer kind %d", (int)spec->kind);
        return -1;
    }
    OptimSpec s = resolved(spec);
    /* each test is written so that a NaN fails it too */
    if (!(s.lr > 0 && s.lr < INFINITY))
        return out_of_range(err, len, "learning rate", s.lr, "a number > 0");
    if (!(s.momentum >= 0 && s.momentum < 1))
        return out_of_range(err, len, "momentum", s.momentum, "a number in [0, 1)");
    if (!(s.rho >= 0 && s.rho < 1))
        return out_of_range(err, len, "decay rho", s.rho, "a number in [0, 1)");
    if (!(s.beta1 >= 0 && s.beta1 < 1))
        return out_of_range(err, len, "beta1", s.beta1, "a number in [0, 1)");
    if (!(s.beta2 >= 0 && s.beta2 < 1))
        return out_of_range(err, len, "beta2", s.beta2, "a number in [0, 1)");
    if (!(s.eps >= 0 && s.eps < INFINITY))
        return out_of_range(err, len, "epsilon", s.eps, "a number >= 0");
    if (!(s.clipnorm >= 0 && s.clipnorm < INFINITY))
        return out_of_range(err, len, "clipnorm", s.clipnorm, "a number >= 0 (0: none)");
    if (!(s.clipvalue >= 0 && s.clipvalue < INFINITY))
        return out_of_range(err, len, "clipvalue", s.clipvalue, "a number >= 0 (0: none)");
    if (s.clipnorm != 0 && s.clipvalue != 0) {
        snprintf(err, len, "clipnorm %g and clipvalue %g are both set; set one of them",
                 s.clipnorm, s.clipvalue);
        return -1;
    }
    return 0;
}

Optim *optim_new(const OptimSpec *spec, const Param *params, int n)
{
    CHECK(spec != NULL, "spec is NULL");
    char err[160];
    CHECK(optim_check_spec(spec, err, sizeof err) == 0, "%s", err);
    CHECK(n >= 0 && (params != NULL || n == 0), "n = %d params at %p", n,
          (const void *)params);
    for (int i = 0; i < n; i++)
        CHECK(params[i].value != NULL, "param %d (%s) has no value", i, params[i].name);

    OptimSpec s = resolved(spec);

    Optim *opt = calloc(1, sizeof *opt);
    if (!opt)
        return NULL;
    opt->spec = s;
    opt->n = n;
    opt->t = 0;
    int ok = 1;
    switch (s.kind) {
    case OPTIM_SGD:
        break;
    case OPTIM_MOMENTUM:
    case OPTIM_NESTEROV:
        ok = (opt->v = state_new(params, n)) != NULL;
        break;
    case OPTIM_ADAGRAD:
        ok = (opt->G = state_new(params, n)) != NULL;
        break;
    case OPTIM_ADADELTA:
        ok = (opt->Eg2 = state_new(params, n)) != NULL &&
             (opt->Edw2 = state_new(params, n)) != NULL;
        break;
    case OPTIM_RMSPROP:
        ok = (opt->Eg2 = state_new(params, n)) != NULL;
        break;
    case OPTIM_ADAM:
        ok = (opt->m = state_new(params, n)) != NULL &&
             (opt->v = state_new(params, n)) != NULL;
        break;
    }
    if (!ok) {
        optim_free(opt);
        return NULL;
    }
    return opt;
}

/* ---- clipping ------------------------------------------------------------ */

static void check_grads(const Param *params, int n)
{
    CHECK(n >= 0 && (params != NULL || n == 0), "n = %d params at %p", n,
          (const void *)params);
    for (int i = 0; i < n; i++) {
        const Param *p = &params[i];
        if (!p->trainable)
            continue;
        CHECK(p->grad != NULL, "param %d (%s) is trainable but has no grad", i, p->name);
        CHECK_SHAPE(p->grad, p->value->rows, p->value->cols);
    }
}

double optim_clip_norm(Param *params, int n, double c)
{
    CHECK(c > 0, "clip norm c = %g", c);
    check_grads(params, n);
    double norm = param_grad_norm(params, n);
    /* if ||g|| > c:  g = g c / ||g||   (for every trainable grad) */
    if (norm > c) {
        for (int i = 0; i < n; i++)
            if (params[i].trainable)
                mat_scale(params[i].grad, c / norm);
    }
    return norm;
}

long optim_clip_value(Param *params, int n, double c)
{
    CHECK(c > 0, "clip value c = %g", c);
    check_grads(params, n);
    long clamped = 0;
    for (int i = 0; i < n; i++) {
        if (!params[i].trainable)
            continue;
        Mat *dW = params[i].grad;
        /* g = min(max(g, -c), c) */
        for (long k = 0; k < values_of(dW); k++) {
            if (dW->data[k] > c) {
                dW->data[k] = c;
                clamped++;
            } else if (dW->data[k] < -c) {
                dW->data[k] = -c;
                clamped++;
            }
        }
    }
    return clamped;
}

/* ---- the step ---------------------------------------------------------------- */

/* Any state array the kind keeps (each kind but SGD keeps one of these). */
static Mat **some_state(const Optim *opt)
{
    return opt->v ? opt->v : opt->G ? opt->G : opt->Eg2;
}

/* params is the list optim_new saw: same length, state of the same shape
 * for every trainable param, and the grads filled. */
static void check_list(const Optim *opt, const Param *params, int n)
{
    CHECK(n == opt->n, "optim_step got %d params, optim_new had %d", n, opt->n);
    check_grads(params, n);
    Mat **state = some_state(opt);
    if (!state)
        return;
    for (int i = 0; i < n; i++) {
        const Param *p = &params[i];
        if (!p->trainable)
            continue;
        CHECK(state[i] != NULL, "param %d (%s) was not trainable at optim_new: no state",
              i, p->name);
        CHECK_SHAPE(p->value, state[i]->rows, state[i]->cols);
    }
}

/* One step of one param: its values w and gradients g, the kind's state
 * for them in a and b (see each case of step_values), Adam's bias
 * corrections, and the kind's settings (a copy: no store to w can change
 * it, which the compiler must know to vectorize). */
typedef struct {
    OptimSpec spec;
    double *w;
    const double *g;
    double *a, *b;
    double c1, c2; /* Adam: 1 - beta1^t and 1 - beta2^t */
} Step;

/* The kind's rule on size values: w the values, g their gradients d cost
 * / d w, a and b the kind's state for them. Restrict parameters tell the
 * compiler the arrays never overlap (GCC does not see it from restrict
 * variables inside a function). */
static INLINE void step_values(const OptimSpec *s, double c1, double c2, double *restrict w,
                               const double *restrict g, double *restrict a,
                               double *restrict b, long size)
{
    switch (s->kind) {
    case OPTIM_SGD:
        /* w_t = w_{t-1} - lr g_t */
        for (long k = 0; k < size; k++)
            w[k] -= s->lr * g[k];
        break;

    case OPTIM_MOMENTUM: {
        double *v = a; /* the velocity */
        /* v_t = momentum v_{t-1} + lr g_t
         * w_t = w_{t-1} - v_t
         * The notes (004) write v_t = v_{t-1} + eta g_t and then
         * w_t = w_{t-1} - eta v_t. Without the factor gamma (momentum) v
         * is the sum of every gradient so far and never forgets; the
         * notes' own expansion w_t = w_{t-1} - eta g_t - gamma eta g_{t-1}
         * - gamma^2 eta g_{t-2} - ... has it. And v already holds eta:
         * eta v_t would take eta twice. Keras' SGD(momentum) is this rule
         * with the sign of v flipped (v = momentum v - lr g; w = w + v). */
        for (long k = 0; k < size; k++) {
            v[k] = s->momentum * v[k] + s->lr * g[k];
            w[k] -= v[k];
        }
        break;
    }

    case OPTIM_NESTEROV: {
        double *v = a; /* the velocity */
        /* v_t = momentum v_{t-1} + lr g_t
         * w_t = w_{t-1} - (momentum v_t + lr g_t)
         * This is Keras' (and PyTorch's) reformulation, not Sutskever's
         * look-ahead form v_t = momentum v_{t-1} + lr grad(w_{t-1} -
         * momentum v_{t-1}), w_t = w_{t-1} - v_t: that one needs the
         * gradient at a point the weights are not at, so the forward and
         * backward pass would have to run on shifted weights. Storing the
         * look-ahead point w' = w - momentum v instead of w turns it into
         * the rule above, with the gradient at the stored weights. */
        for (long k = 0; k < size; k++) {
            v[k] = s->momentum * v[k] + s->lr * g[k];
            w[k] -= s->momentum * v[k] + s->lr * g[k];
        }
        break;
    }

    case OPTIM_ADAGRAD: {
        double *G = a; /* sum of g^2 so far */
        /* G_t = G_{t-1} + g_t^2      (the notes' alpha_t, from G_0 = 0)
         * w_t = w_{t-1} - lr / sqrt(G_t + eps) g_t
         * The notes (002) write alpha_t = eps sum_{i=1}^t (dL/dW_i)^2:
         * eps does not multiply the sum (it would make the step
         * ~1/sqrt(eps) = 3162 times larger); it appears once, inside the
         * square root, so that the first division is never by 0. The sum
         * grows at every step (every batch), not every epoch. */
        for (long k = 0; k < size; k++) {
            G[k] += g[k] * g[k];
            w[k] -= s->lr / sqrt(G[k] + s->eps) * g[k];
        }
        break;
    }

    case OPTIM_ADADELTA: {
        double *Eg2 = a;  /* E[g^2] */
        double *Edw2 = b; /* E[dw^2] */
        /* Zeiler (2012), with lr as Keras has it (lr = 1 is the paper):
         *   E[g^2]_t  = rho E[g^2]_{t-1} + (1 - rho) g_t^2
         *   dw_t      = -sqrt(E[dw^2]_{t-1} + eps) / sqrt(E[g^2]_t + eps) g_t
         *   E[dw^2]_t = rho E[dw^2]_{t-1} + (1 - rho) dw_t^2
         *   w_t       = w_{t-1} + lr dw_t
         * What the notes (004) call Adadelta, eta = eta_0 / (sqrt(E) + eps)
         * with only E[g^2], is RMSProp (below); Adadelta replaces eta_0
         * with sqrt(E[dw^2] + eps), so that the step has the units of w. */
        for (long k = 0; k < size; k++) {
            Eg2[k] = s->rho * Eg2[k] + (1 - s->rho) * g[k] * g[k];
            double dw = -sqrt(Edw2[k] + s->eps) / sqrt(Eg2[k] + s->eps) * g[k];
            Edw2[k] = s->rho * Edw2[k] + (1 - s->rho) * dw * dw;
            w[k] += s->lr * dw;
        }
        break;
    }

    case OPTIM_RMSPROP: {
        double *Eg2 = a; /* E[g^2] */
        /* E[g^2]_t = rho E[g^2]_{t-1} + (1 - rho) g_t^2
         * w_t = w_{t-1} - lr / sqrt(E[g^2]_t + eps) g_t
         * The notes (004) write the average as g_{t-1} = gamma g_{t-2} +
         * (1 - gamma) g_{t-1}^2, one letter for both the gradient and its
         * average, and stop it at g_{t-1} while the step uses g_t: the
         * average must take in this step's gradient first. eps sits inside
         * the root as in 002 and Keras (004 puts it outside; PyTorch does
         * too: a different, equally common, convention). */
        for (long k = 0; k < size; k++) {
            Eg2[k] = s->rho * Eg2[k] + (1 - s->rho) * g[k] * g[k];
            w[k] -= s->lr / sqrt(Eg2[k] + s->eps) * g[k];
        }
        break;
    }

    case OPTIM_ADAM: {
        double *m = a; /* EDA of g */
        double *v = b; /* EDA of g^2 */
        /* m_t = beta1 m_{t-1} + (1 - beta1) g_t
         * v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
         * m_hat = m_t / (1 - beta1^t),  v_hat = v_t / (1 - beta2^t)
         * w_t = w_{t-1} - lr m_hat / (sqrt(v_hat) + eps)
         * As in the notes (004) and Kingma & Ba's Algorithm 1. Keras puts
         * the corrections into lr and eps outside them ("epsilon hat"):
         * its steps differ from these in the digits that eps touches. */
        for (long k = 0; k < size; k++) {
            m[k] = s->beta1 * m[k] + (1 - s->beta1) * g[k];
            v[k] = s->beta2 * v[k] + (1 - s->beta2) * g[k] * g[k];
            double m_hat = m[k] / c1;
            double v_hat = v[k] / c2;
            w[k] -= s->lr * m_hat / (sqrt(v_hat) + s->eps);
        }
        break;
    }
    }
}

/* p + k, or NULL for a state the kind does not keep. */
static double *at(double *p, long k)
{
    return p ? p + k : NULL;
}

/* step_values over [first, last) in blocks of VEC_BLOCK values: a block's
 * length is a constant, so the compiler turns each rule into vector
 * instructions (as in mat.c; sqrt too, with the Makefile's
 * -fno-math-errno). */
static INLINE void step_blocks(const Step *st, long first, long last)
{
    long k = first;
    for (; k + VEC_BLOCK <= last; k += VEC_BLOCK)
        step_values(&st->spec, st->c1, st->c2, st->w + k, st->g + k, at(st->a, k),
                    at(st->b, k), VEC_BLOCK);
    step_values(&st->spec, st->c1, st->c2, st->w + k, st->g + k, at(st->a, k), at(st->b, k),
                last - k);
}

/* step_blocks compiled once per instruction set of gemm.h (the same
 * choice: the best the CPU has, ANNLAB_ISA, gemm_set_isa): one rule over
 * eight values at once under AVX-512. Every version does the same
 * operations on each value, in the same order: the same bits. */
#define STEP_RANGE(isa, target)                                                              \
    target static void step_range_##isa(void *step, int part, long first, long last)         \
    {                                                                                        \
        (void)part;                                                                          \
        step_blocks(step, first, last);                                                      \
    }

STEP_RANGE(baseline, )
#if defined(__x86_64__) && defined(__GNUC__)
#define STEP_X86 1
STEP_RANGE(avx2, __attribute__((target("avx2"))))
STEP_RANGE(avx512, __attribute__((target("avx512f"))))
#endif

static MatPieceFn step_range(GemmIsa isa)
{
#ifdef STEP_X86
    if (isa == GEMM_ISA_AVX512)
        return step_range_avx512;
    if (isa == GEMM_ISA_AVX2)
        return step_range_avx2;
#endif
    (void)isa;
    return step_range_baseline;
}

/* The state of param i in the order step_values takes it: a, then b
 * (NULL where the kind keeps less). */
static void state_of(const Optim *opt, int i, double **a, double **b)
{
    Mat *first = NULL, *second = NULL;
    switch (opt->spec.kind) {
    case OPTIM_SGD: break;
    case OPTIM_MOMENTUM:
    case OPTIM_NESTEROV: first = opt->v[i]; break;
    case OPTIM_ADAGRAD: first = opt->G[i]; break;
    case OPTIM_ADADELTA: first = opt->Eg2[i], second = opt->Edw2[i]; break;
    case OPTIM_RMSPROP: first = opt->Eg2[i]; break;
    case OPTIM_ADAM: first = opt->m[i], second = opt->v[i]; break;
    }
    *a = first ? first->data : NULL;
    *b = second ? second->data : NULL;
}

/* One step of the kind's rule on param i. opt->t is already this step's
 * number. A large param (W1 of chapter 12) is stepped in pieces on every
 * core (mat_for_pieces). */
static void step_param(Optim *opt, int i, Mat *W, const Mat *dW)
{
    /* Adam's bias corrections: m and v start at 0, so early averages are
     * too small by the factor 1 - beta^t */
    Step step = {.spec = opt->spec, .w = W->data, .g = dW->data,
                 .c1 = 1 - pow(opt->spec.beta1, (double)opt->t),
                 .c2 = 1 - pow(opt->spec.beta2, (double)opt->t)};
    state_of(opt, i, &step.a, &step.b);
    long size = values_of(W);
    mat_for_pieces(size, size, step_range(gemm_default().isa), &step);
}

void optim_step(Optim *opt, Param *params, int n)
{
    CHECK(opt != NULL, "opt is NULL");
    check_list(opt, params, n);
    if (opt->spec.clipnorm > 0)
        optim_clip_norm(params, n, opt->spec.clipnorm);
    if (opt->spec.clipvalue > 0)
        optim_clip_value(params, n, opt->spec.clipvalue);
    opt->t++;
    for (int i = 0; i < n; i++)
        if (params[i].trainable)
            step_param(opt, i, params[i].value, params[i].grad);
}

double optim_effective_lr(const Optim *opt, int param, long index)
{
    CHECK(opt != NULL, "opt is NULL");
    CHECK(param >= 0 && param < opt->n, "param %d of %d", param, opt->n);
    const OptimSpec *s = &opt->spec;
    Mat **state = some_state(opt);
    if (state) {
        CHECK(state[param] != NULL, "param %d is not trainable", param);
        CHECK(index >= 0 && index < values_of(state[param]), "index %ld of %ld", index,
              values_of(state[param]));
    }
    switch (s->kind) {
    case OPTIM_SGD:
    case OPTIM_MOMENTUM:
    case OPTIM_NESTEROV:
        return s->lr;
    case OPTIM_ADAGRAD:
        /* lr / sqrt(G + eps) */
        return s->lr / sqrt(opt->G[param]->data[index] + s->eps);
    case OPTIM_ADADELTA:
        /* lr sqrt(E[dw^2] + eps) / sqrt(E[g^2] + eps) */
        return s->lr * sqrt(opt->Edw2[param]->data[index] + s->eps) /
               sqrt(opt->Eg2[param]->data[index] + s->eps);
    case OPTIM_RMSPROP:
        /* lr / sqrt(E[g^2] + eps) */
        return s->lr / sqrt(opt->Eg2[param]->data[index] + s->eps);
    case OPTIM_ADAM: {
        /* lr / (sqrt(v_hat) + eps), v_hat = v / (1 - beta2^t); 0 before step 1 */
        double v_hat = opt->t > 0
                           ? opt->v[param]->data[index] / (1 - pow(s->beta2, (double)opt->t))
                           : 0.0;
        return s->lr / (sqrt(v_hat) + s->eps);
    }
    }
    return s->lr; /* not reached: the kind was checked in optim_new */
}
