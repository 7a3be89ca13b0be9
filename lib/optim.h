/* optim.h - optimizers: one step of gradient descent and its refinements
 * over a Param list (param.h). No Net needed: any list of (value, grad)
 * pairs can be stepped, a 1 x 2 "bowl" as well as a whole network.
 *
 *     Optim *opt = optim_new(&(OptimSpec){.kind = OPTIM_ADAM, .lr = 0.01},
 *                            params, n);
 *     for each batch: forward, backward (fills every grad), then
 *         optim_step(opt, params, n);
 *     optim_free(opt);
 *
 * The update rules, with the notes' symbols (g is d cost / d w, one value
 * at a time; every operation is elementwise):
 *
 *   sgd       w = w - lr g
 *   momentum  v = momentum v + lr g;          w = w - v
 *   nesterov  v = momentum v + lr g;          w = w - (momentum v + lr g)
 *   adagrad   G = G + g^2;                    w = w - lr / sqrt(G + eps) g
 *   adadelta  E[g^2] = rho E[g^2] + (1 - rho) g^2
 *             dw = -sqrt(E[dw^2] + eps) / sqrt(E[g^2] + eps) g
 *             E[dw^2] = rho E[dw^2] + (1 - rho) dw^2;     w = w + lr dw
 *   rmsprop   E[g^2] = rho E[g^2] + (1 - rho) g^2;
 *             w = w - lr / sqrt(E[g^2] + eps) g
 *   adam      m = beta1 m + (1 - beta1) g;    v = beta2 v + (1 - beta2) g^2
 *             m_hat = m / (1 - beta1^t);      v_hat = v / (1 - beta2^t)
 *             w = w - lr m_hat / (sqrt(v_hat) + eps)
 *
 * Symbols: lr is the notes' eta (Adam's alpha), momentum their gamma, rho
 * the decay of an exponential decay average ("EDA", E[.]), t the step
 * number counted from 1. All accumulators start at 0. optim.c says where
 * each rule comes from and where it departs from the notes or from Keras.
 *
 * Limits of doubles: a gradient above about 1.3e154 has g^2 = inf, so
 * Adagrad, Adadelta, RMSProp and Adam divide by sqrt(inf) and take a step
 * of 0 (w stays finite but stops moving; test_numeric.c shows it). Clip
 * the gradient (clipnorm, clipvalue) long before that. A zero gradient
 * history is safe: with G = 0 the step is 0 / sqrt(eps) = 0, not NaN.
 *
 * Settings: a field of OptimSpec left 0 takes the default of its kind,
 * Keras' default where Keras has one. A field the kind does not use is
 * ignored (but still range-checked). clipnorm and clipvalue 0 mean no
 * clipping.
 *
 *   field      sgd    momentum nesterov adagrad adadelta rmsprop adam
 *   lr         0.01   0.01     0.01     0.001   0.001    0.001   0.001
 *   momentum   -      0.9      0.9      -       -        -       -
 *   rho        -      -        -        -       0.95     0.9     -
 *   beta1      -      -        -        -       -        -       0.9
 *   beta2      -      -        -        -       -        -       0.999
 *   eps        -      -        -        1e-7    1e-7     1e-7    1e-7
 *
 * Departures from Keras' defaults: momentum 0.9 (Keras' SGD has momentum
 * 0, which is plain SGD: OPTIM_SGD); Adagrad's G starts at 0 as in the
 * notes and Duchi et al. (Keras starts it at initial_accumulator_value =
 * 0.1). Adadelta's lr 0.001 is Keras'; Zeiler's paper has no lr at all,
 * which is .lr = 1.0 here. Because 0 means "default", a genuine 0 cannot
 * be asked for: momentum 0 is OPTIM_SGD; Adam with beta1 = 0 (no average
 * of g) takes a tiny value such as 1e-300; rho, beta2 and eps are never 0
 * in practice.
 *
 * Ownership: optim_new allocates the state (one matrix per trainable
 * param and accumulator), optim_free frees it. A step never allocates.
 * Misuse (a different list, a trainable param without grad, bad settings)
 * is a programmer error: CHECK (check.h) prints it and aborts.
 */
#ifndef ANNLAB_OPTIM_H
#define ANNLAB_OPTIM_H

#include <stddef.h>

#include "mat.h"
#include "param.h"

typedef enum {
    OPTIM_SGD,
    OPTIM_MOMENTUM,
    OPTIM_NESTEROV,
    OPTIM_ADAGRAD,
    OPTIM_ADADELTA,
    OPTIM_RMSPROP,
    OPTIM_ADAM
} OptimKind;

/* Settings, filled with designated initializers; 0 means "the default of
 * this kind" (the table above). */
typedef struct {
    OptimKind kind;
    double lr;        /* learning rate: eta in the notes, alpha in Adam */
    double momentum;  /* momentum, Nesterov: gamma, in [0, 1) */
    double rho;       /* Adadelta, RMSProp: decay of E[.], in (0, 1) */
    double beta1;     /* Adam: decay of m, in [0, 1) */
    double beta2;     /* Adam: decay of v, in (0, 1) */
    double eps;       /* Adagrad, Adadelta, RMSProp, Adam: keeps 1/sqrt finite */
    double clipnorm;  /* > 0: clip all gradients together to this global norm */
    double clipvalue; /* > 0: clamp each gradient value to [-clipvalue, clipvalue] */
} OptimSpec;

/* An optimizer and its state, public so that a chapter can show the
 * accumulators (Adagrad's G growing, Adam's m and v).
 *
 * Each state array has n entries, entry i for params[i], a matrix of
 * params[i].value's shape, zero at the start. The entry is NULL when
 * params[i] was not trainable at optim_new; the whole array is NULL when
 * the kind keeps no such state. SGD keeps none. */
typedef struct {
    OptimSpec spec; /* the settings, zero fields replaced by their defaults */
    int n;          /* length of the Param list */
    long t;         /* steps taken so far; Adam's t (from 1) in its step */
    Mat **v;        /* momentum, Nesterov: the velocity v;
                       Adam: v, the EDA of g^2 (second moment) */
    Mat **m;        /* Adam: m, the EDA of g (first moment) */
    Mat **G;        /* Adagrad: G, the sum of g^2 over all steps */
    Mat **Eg2;      /* Adadelta, RMSProp: E[g^2], the EDA of g^2 */
    Mat **Edw2;     /* Adadelta: E[dw^2], the EDA of the squared steps */
} Optim;

/* A new optimizer for the n params (trainable or not), with state of each
 * trainable param's shape, all zero, and t = 0. spec is copied, its zero
 * fields replaced by the defaults above, into opt->spec. Settings out of
 * range (negative lr, momentum >= 1, clipnorm and clipvalue both set, as
 * Keras forbids too) are a CHECK. Returns NULL when out of memory. The
 * params are only read for their shapes; the list is not kept. */
Optim *optim_new(const OptimSpec *spec, const Param *params, int n);

/* Whether spec's settings (its zero fields taken as the defaults) are in
 * range: a known kind, lr a finite number > 0, momentum, rho, beta1 and
 * beta2 in [0, 1), eps, clipnorm and clipvalue finite and >= 0, not both
 * clipnorm and clipvalue. Returns 0, or -1 with "the learning rate is
 * -0.1; expected a number > 0" in err. For settings a user typed: check
 * them here first, since optim_new CHECKs (aborts on) the same ranges. */
int optim_check_spec(const OptimSpec *spec, char *err, size_t len);

/* One step on every trainable param: clips the gradients if the spec says
 * so (optim_clip_norm or optim_clip_value, IN PLACE: the grads hold the
 * clipped values afterwards), then applies the kind's update rule to each
 * value, using and updating the state. params must be the list given to
 * optim_new (same n, same shapes); its grads must be filled (by a backward
 * pass); trainable == 0 params are skipped, values and grads untouched.
 * Never allocates. A param that was not trainable at optim_new cannot
 * become trainable later (it has no state): CHECK. */
void optim_step(Optim *opt, Param *params, int n);

/* Frees opt and its state (not the params). optim_free(NULL) does nothing. */
void optim_free(Optim *opt);

/* The kind's name: "sgd", "momentum", "nesterov", "adagrad", "adadelta",
 * "rmsprop", "adam". Five are Keras' own strings; Keras writes the other
 * two as SGD(momentum=0.9) and SGD(momentum=0.9, nesterov=True). A static
 * string; an unknown kind is a CHECK. */
const char *optim_name(OptimKind kind);

/* The step size per unit gradient of value number index (row-major, 0 to
 * rows*cols - 1) of params[param], from the state as it is now (after
 * opt->t steps; before the first step the accumulators are 0):
 *
 *   sgd, momentum, nesterov   lr (momentum adds the velocity on top)
 *   adagrad                   lr / sqrt(G + eps)
 *   rmsprop                   lr / sqrt(E[g^2] + eps)
 *   adadelta                  lr sqrt(E[dw^2] + eps) / sqrt(E[g^2] + eps)
 *   adam                      lr / (sqrt(v_hat) + eps), per unit of m_hat,
 *                             with v_hat = v / (1 - beta2^t), v_hat = 0 at t = 0
 *
 * For Adagrad, RMSProp and Adam this is exactly the factor the last step
 * applied. For Adadelta, E[dw^2] has already taken in the last step's own
 * dw (Zeiler's numerator lags one step), so the value is that of the next
 * step before its gradient enters E[g^2]. A non-trainable param or an
 * index out of range is a CHECK. */
double optim_effective_lr(const Optim *opt, int param, long index);

/* Clipping by global norm: ||g|| = sqrt(sum of g^2 over every value of
 * every trainable grad) (param_grad_norm). If ||g|| > c, every trainable
 * grad is multiplied by c / ||g||, IN PLACE, so that the norm becomes c
 * and the direction is kept; otherwise nothing changes. Returns ||g||
 * before clipping. Keras calls this global_clipnorm (its clipnorm clips
 * each weight's gradient on its own). c > 0, else CHECK. */
double optim_clip_norm(Param *params, int n, double c);

/* Clipping by value: every value of every trainable grad is clamped to
 * [-c, c], IN PLACE (the direction may change). Returns how many values
 * were clamped. c > 0, else CHECK. */
long optim_clip_value(Param *params, int n, double c);

#endif
