/* Chapter 06 - Activation functions
 *
 * Lecture notes: 004 (activations in depth: sigmoid, tanh, ReLU, dying
 * ReLU, leaky ReLU, PReLU, ELU, swish, softmax, and which to use where),
 * 002 (sigmoid' <= 0.25, exploding and vanishing gradients, the ranges of
 * the activations, dead neurons), 003 (tanh, the softmax gradient p - y)
 * and 001 (the vanishing gradient: 0.1 x 0.1 x 0.1 x 0.1 = 0.0001).
 *
 * What you will learn
 *   - every activation of the notes with its derivative, worked by hand,
 *     and the facts the notes state, shown with numbers: sigmoid' <= 0.25
 *     with the maximum at z = 0; tanh' = 1 - a^2; ReLU's derivative at 0
 *     is a choice; softmax sums to 1, ignores a shift, and overflows at
 *     z = 1000 unless the largest z is subtracted first
 *   - why a chain of sigmoids vanishes: a gradient through n layers is a
 *     product of n derivatives, each <= 0.25 (0.25^n), and why large
 *     weights can make it explode instead (002's 0.25 x 500 = 125)
 *   - dying ReLU: a large learning rate on inputs that are all positive
 *     kills most of a ReLU layer for good; leaky ReLU units cannot die
 *   - PReLU's alpha is a parameter learned by gradient descent
 *   - which activation to use where (004's rules, as a table)
 *
 * Key equations (z = w . x + b is the unit's input, a = f(z) its output)
 *   sigmoid   s(z) = 1 / (1 + e^-z)               s'(z) = s (1 - s) <= 0.25
 *   tanh      a = (e^z - e^-z) / (e^z + e^-z)     tanh'(z) = 1 - a^2
 *   ReLU      max(0, z)                           1 for z > 0, 0 for z < 0
 *   leaky     max(0.01 z, z)                      1 for z > 0, 0.01 for z < 0
 *   PReLU     max(alpha z, z), alpha learned      d/dalpha = z for z <= 0, else 0
 *   ELU       z for z > 0, alpha (e^z - 1)        1 for z > 0, alpha e^z
 *   swish     z s(beta z)                         s + beta z s (1 - s)
 *   softmax   p_i = e^(z_i - m) / sum_j e^(z_j - m), m = max z
 *             dp_i/dz_j = p_i (delta_ij - p_j); with cross-entropy dL/dz = p - y
 *   a chain   d a_n / d a_0 = prod_k w_k f'(z_k)
 *
 * Run it
 *   ./build/06_activations                 the lecture, plots in out/06_activations/
 *   ./build/06_activations --plots=dumb    the plots drawn in the terminal
 *   ./build/06_activations --z 1.7         also tabulate every activation at z = 1.7
 *   ./build/06_activations --lr 0.0006     the dying-ReLU run with a smaller rate
 *
 * Plots
 *   activations.png  every activation of the notes on one chart
 *   derivatives.png  their derivatives on another (sigmoid's peak of 0.25)
 *   vanishing.png    the product of n derivatives along a chain, log scale
 *   dead_units.png   dead hidden units per epoch: ReLU vs leaky ReLU
 *   prelu_alpha.png  PReLU's alpha, step by step, learned by gradient descent
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "cli.h"
#include "data.h"
#include "gradcheck.h"
#include "hand.h"
#include "init.h"
#include "loss.h"
#include "mat.h"
#include "net.h"
#include "plot.h"
#include "rng.h"

#define CHAPTER "06_activations"
#define SEED 2010          /* the year Nair and Hinton's ReLU paper appeared */
#define LEAKY_ALPHA 0.01   /* 004: max(0.01 z, z) */
#define PLOT_LEAKY 0.1     /* the leaky slope on the charts, where 0.01 would not show */
#define ELU_ALPHA 1.0      /* 004: "ELU activation function (alpha = 1)" */
#define SWISH_BETA 1.0     /* 004: "Swish, beta = 1" */
#define H_DIFF 1e-5        /* step of the central differences */

/* The dying-ReLU experiment (section 12). */
#define DY_SAMPLES 200     /* training samples */
#define DY_HIDDEN 64       /* hidden units */
#define DY_X_MAX 5.0       /* inputs uniform on [0, 5): all positive, mean 2.5 */
#define DY_LR 0.006        /* large for these inputs */
#define DY_EPOCHS 300
#define DY_MAX_EPOCHS 5000 /* the most --epochs accepts */
#define DY_SEEDS 10        /* seeds in the robustness table */
#define DY_TABLE_EPOCHS 100 /* epochs per run there (units die early) */
#define DY_SNAPSHOT 50     /* epoch whose weights we compare with the last ones */

/* PReLU learning its alpha (section 13). */
#define PR_POINTS 9        /* x = -2, -1.5, ..., 2 */
#define PR_ALPHA0 0.25     /* He et al.'s starting alpha (act_of(ACT_PRELU)) */
#define PR_ETA 0.1         /* the learning rate: a different thing from alpha */
#define PR_STEPS 50

/* Print x at 9 significant digits into buf, spelling NaN the same way on
 * every C library ("nan" and "-nan" both become "NaN"). */
static const char *num(char *buf, double x)
{
    if (isnan(x))
        return strcpy(buf, "NaN");
    return hand_fmt(buf, 40, x);
}

/* f'(z) by central differences through the library's gradcheck:
 * (f(z + h) - f(z - h)) / 2h. */
typedef struct {
    Act act;
    double z;
} ActAt;

static double act_at(void *ctx)
{
    const ActAt *c = ctx;
    return act_value(&c->act, c->z);
}

static double numeric_deriv(Act act, double z)
{
    ActAt c = {.act = act, .z = z};
    return gradcheck_numeric(act_at, &c, &c.z, H_DIFF);
}

/* cs231n's verdict on a relative error (REFERENCE.md), in words: printing
 * the error itself would print rounding noise. */
static const char *verdict(double rel)
{
    return rel <= 1e-7 ? "below 1e-7: good" : rel <= 1e-4 ? "suspicious" : "WRONG";
}



/* ---- 1. Why activations, and why their derivatives ------------------------- */

static void lecture_why(void)
{
    hand_section("1. An activation and its derivative");
    printf("A neuron sums its weighted inputs and passes the sum z through an\n"
           "activation function f (004):\n\n"
           "    z = w1 x1 + w2 x2 + ... + b,     a = f(z)\n\n"
           "Training needs f'(z) too. Backpropagation (004) is the chain rule,\n\n"
           "    dL/dw = dL/da x da/dz x dz/dw,   da/dz = f'(z)\n\n"
           "so every activation below comes with its derivative, and a small\n"
           "derivative anywhere on the path shrinks the whole gradient. Without a\n"
           "non-linear f, stacked layers collapse into one linear map (003,\n"
           "chapter 03).\n");
}

/* ---- 2. Sigmoid ---------------------------------------------------------------- */

static void lecture_sigmoid(void)
{
    hand_section("2. Sigmoid: s(z) = 1 / (1 + e^-z), s'(z) = s (1 - s)");
    printf("The sigmoid squeezes any z into (0, 1), so its output can be read as a\n"
           "probability (004). Its derivative is s'(z) = s(z) (1 - s(z)).\n\n");
    double z0 = 0.0, s0 = 1.0 / (1.0 + exp(-z0));
    hand_printf("    z = %v:  s = 1 / (1 + e^0) = 1 / 2 = %v,   s' = %v x (1 - %v) = %v\n", z0,
                s0, s0, s0, s0 * (1.0 - s0));
    double z = 2.0, e = exp(-z), s = 1.0 / (1.0 + e);
    hand_printf("    z = %v:  e^-2 = %v,  s = 1 / (1 + %v) = %v\n", z, e, e, s);
    hand_printf("            s' = %v x (1 - %v)\n"
                "               = %v x %v = %v\n", s, s, s, 1.0 - s, s * (1.0 - s));
    double zs = 10.0, ss = act_sigmoid(zs);
    hand_printf("    z = %v: s = %v, s' = %v: the unit is saturated, almost no\n"
                "            gradient passes through it\n\n", zs, ss, act_sigmoid_deriv(zs));

    printf("002: \"derivative of sigmoid ... 0 to 0.25\". Why 0.25 is the most: with\n"
           "s = s(z),\n\n"
           "    0.25 - s (1 - s) = s^2 - s + 0.25 = (s - 0.5)^2 >= 0\n\n"
           "with equality only at s = 0.5, that is at z = 0. Numerically:\n\n");
    char b[3][40];
    printf("    %6s  %14s  %14s\n", "z", "s(z)", "s'(z)");
    static const double zt[] = {-6, -4, -2, -1, -0.5, 0, 0.5, 1, 2, 4, 6};
    for (int i = 0; i < 11; i++)
        printf("    %6s  %14s  %14s\n", hand_fmt(b[0], 40, zt[i]),
               hand_fmt(b[1], 40, act_sigmoid(zt[i])), hand_fmt(b[2], 40, act_sigmoid_deriv(zt[i])));
    /* the largest s' on a fine grid, and where it is */
    double best = -1.0, at = 0.0;
    for (int i = -10000; i <= 10000; i++) {
        double d = act_sigmoid_deriv(i * 0.001);
        if (d > best)
            best = d, at = i * 0.001;
    }
    hand_printf("\nThe largest s'(z) for z = -10, -9.999, ..., 10: %v, at z = %v.\n"
                "s' is symmetric, s'(-z) = s'(z), and falls off on both sides.\n",
                best, at);
}

/* ---- 3. tanh --------------------------------------------------------------------- */

static void lecture_tanh(void)
{
    hand_section("3. tanh: a = (e^z - e^-z) / (e^z + e^-z), tanh'(z) = 1 - a^2");
    printf("tanh squeezes z into (-1, 1) and is centred on 0 (004, 003). Its\n"
           "derivative is written with its own output a (004): tanh'(z) = 1 - a^2.\n\n");
    double z = 0.5, ep = exp(z), em = exp(-z);
    double a = (ep - em) / (ep + em);
    double d = 1.0 - a * a;
    hand_printf("    z = %v:  e^z = %v,  e^-z = %v\n", z, ep, em);
    hand_printf("    a = (%v - %v) / (%v + %v)\n      = %v / %v = %v\n", ep, em, ep, em,
                ep - em, ep + em, a);
    hand_printf("    tanh'(z) = 1 - a^2 = 1 - %v^2 = %v\n", a, d);
    double numeric = numeric_deriv(act_of(ACT_TANH), z);
    hand_printf("    check: (tanh(%v + h) - tanh(%v - h)) / 2h with h = 1e-05 = %v\n"
                "           relative error %s\n\n", z, z, numeric,
                verdict(gradcheck_rel_error(d, numeric)));
    double s1 = act_sigmoid(2.0 * z);
    hand_printf("tanh is a stretched sigmoid, tanh z = 2 s(2z) - 1:\n"
                "    2 s(1) - 1 = 2 x %v - 1 = %v\n\n", s1, 2.0 * s1 - 1.0);
    hand_printf("Its slope at 0 is tanh'(0) = 1 - 0^2 = %v, four times the sigmoid's %v,\n"
                "but it saturates too: tanh'(3) = 1 - %v^2 = %v.\n", act_tanh_deriv(0.0),
                act_sigmoid_deriv(0.0), act_tanh(3.0), act_tanh_deriv(3.0));
}

/* ---- 4. ReLU -------------------------------------------------------------------------- */

static void lecture_relu(void)
{
    hand_section("4. ReLU: max(0, z)");
    printf("ReLU passes positive z unchanged and cuts negative z to 0 (004). For\n"
           "any positive z the derivative is 1, for any negative z it is 0.\n\n");
    hand_printf("    relu(1.5) = max(0, 1.5) = %v,    relu'(1.5) = %v\n", act_relu(1.5),
                act_relu_deriv(1.5));
    hand_printf("    relu(-2)  = max(0, -2)  = %v,      relu'(-2)  = %v\n\n", act_relu(-2.0),
                act_relu_deriv(-2.0));
    double h = H_DIFF;
    double right = (act_relu(h) - act_relu(0.0)) / h;
    double left = (act_relu(0.0) - act_relu(-h)) / h;
    double central = (act_relu(h) - act_relu(-h)) / (2.0 * h);
    printf("At z = 0 the derivative is not defined (002: \"d/dz (zero) = not\n"
           "define\"): the slopes from the two sides differ. With h = 1e-05:\n\n");
    hand_printf("    from the right  (relu(h) - relu(0)) / h   = %v\n", right);
    hand_printf("    from the left   (relu(0) - relu(-h)) / h  = %v\n", left);
    hand_printf("    central         (relu(h) - relu(-h)) / 2h = %v   (neither side)\n\n", central);
    hand_printf("Any value in [0, 1] could serve; it is a choice. annlab takes\n"
                "relu'(0) = %v, the left slope, as TensorFlow and PyTorch do.\n\n",
                act_relu_deriv(0.0));
    printf("The catch (004, \"dying ReLU\"): a unit whose z is negative for every\n"
           "input outputs 0 and has derivative 0 for every input, so no gradient\n"
           "ever reaches its weights: they stay as they are, and so does the unit.\n"
           "Section 12 makes that happen.\n");
}

/* ---- 5. Leaky ReLU and PReLU ------------------------------------------------------ */

static void lecture_leaky_prelu(void)
{
    hand_section("5. Leaky ReLU max(0.01 z, z), and PReLU max(alpha z, z)");
    printf("Leaky ReLU keeps a small slope for negative z (004), so the derivative\n"
           "is never 0 and a unit can always still learn:\n\n");
    double a = LEAKY_ALPHA, z = -2.0;
    hand_printf("    leaky(-2) = max(%v x -2, -2) = max(%v, -2) = %v,   leaky'(-2) = %v\n",
                a, a * z, act_leaky_relu(z, a), act_leaky_relu_deriv(z, a));
    hand_printf("    leaky(3)  = max(%v x 3, 3)   = max(%v, 3)   = %v,       leaky'(3)  = %v\n",
                a, a * 3.0, act_leaky_relu(3.0, a), act_leaky_relu_deriv(3.0, a));
    hand_printf("    at the kink annlab takes the left slope again: leaky'(0) = %v\n\n",
                act_leaky_relu_deriv(0.0, a));
    printf("PReLU (parametric ReLU) is the same with a slope alpha that the model\n"
           "learns (004: \"alpha can any number that has been trained by the\n"
           "model\"). Gradient descent needs f's derivative with respect to alpha:\n\n"
           "    d/dalpha max(alpha z, z) = z  for z <= 0,   0  for z > 0\n\n");
    double alpha = PR_ALPHA0;
    Act prelu = act_of(ACT_PRELU);
    hand_printf("    alpha = %v, z = -2: f = %v x -2 = %v,   df/dz = %v,   df/dalpha = %v\n",
                alpha, alpha, act_value(&prelu, -2.0), act_deriv(&prelu, -2.0),
                act_prelu_dalpha(-2.0));
    hand_printf("    alpha = %v, z = 3:  f = max(%v, 3) = %v,   df/dz = %v,      df/dalpha = %v\n"
                "Section 13 learns alpha.\n", alpha, alpha * 3.0, act_value(&prelu, 3.0),
                act_deriv(&prelu, 3.0), act_prelu_dalpha(3.0));
}

/* ---- 6. ELU -------------------------------------------------------------------------- */

static void lecture_elu(void)
{
    hand_section("6. ELU: z for z > 0, alpha (e^z - 1) for z <= 0");
    printf("The exponential linear unit (004, alpha = 1) is the identity for\n"
           "positive z and bends smoothly down to -alpha for negative z:\n\n"
           "    f(z)  = z                for z > 0,    alpha (e^z - 1)  for z <= 0\n"
           "    f'(z) = 1                for z > 0,    alpha e^z = f(z) + alpha\n\n");
    double alpha = ELU_ALPHA, z = -1.0, e = exp(z);
    hand_printf("    z = -1: f  = %v x (%v - 1) = %v\n", alpha, e, alpha * (e - 1.0));
    hand_printf("            f' = %v x %v = %v  (= f + alpha = %v + %v)\n", alpha, e, alpha * e,
                alpha * (e - 1.0), alpha);
    hand_printf("    z = 2:  f = %v,   f' = %v\n", act_elu(2.0, alpha), act_elu_deriv(2.0, alpha));
    hand_printf("    z = -10: f = %v: never below -alpha = %v\n", act_elu(-10.0, alpha), -alpha);
    hand_printf("    z = 0: both branches give f = 0 and, with alpha = 1, slope %v:\n"
                "            ELU has no kink.\n\n", act_elu_deriv(0.0, alpha));
    hand_printf("004 writes e^x - 1 for x >= 0 as well; that would give f(2) = e^2 - 1 =\n"
                "%v instead of 2 (see Errata in README.md).\n", expm1(2.0));
}

/* ---- 7. Swish ------------------------------------------------------------------------ */

/* The z in [lo, hi] where swish'(z) = 0, by bisection (swish' < 0 at lo,
 * > 0 at hi). */
static double swish_minimum(double lo, double hi, double beta)
{
    for (int k = 0; k < 200 && hi - lo > 1e-15; k++) {
        double mid = 0.5 * (lo + hi);
        if (act_swish_deriv(mid, beta) < 0)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static void lecture_swish(void)
{
    hand_section("7. Swish: z s(beta z)");
    printf("Swish (004, beta = 1) multiplies z by its own sigmoid:\n\n"
           "    f(z)  = z s(beta z)\n"
           "    f'(z) = s(beta z) + beta z s(beta z) (1 - s(beta z))\n\n");
    double beta = SWISH_BETA, s1 = act_sigmoid(1.0), sm = act_sigmoid(-1.0);
    hand_printf("    z = 1:  f = 1 x s(1) = %v\n"
                "            f' = %v + 1 x %v x %v = %v\n", s1, s1, s1, 1.0 - s1,
                act_swish_deriv(1.0, beta));
    hand_printf("    z = -1: f = -1 x s(-1) = %v\n", -sm);
    double zmin = swish_minimum(-3.0, -0.5, beta);
    hand_printf("\nUnlike ReLU it dips below 0 and comes back: f' = 0 where\n"
                "1 + z (1 - s(z)) = 0, at z = %v (bisection), where f = %v.\n"
                "There s = 1 + 1/z, so f = z s = z + 1 = %v: the lowest value swish takes.\n",
                zmin, act_swish(zmin, beta), zmin + 1.0);
}

/* ---- 8. Linear and step --------------------------------------------------------------- */

static void lecture_linear_step(void)
{
    hand_section("8. Linear and step");
    printf("001's table pairs each output activation with a loss: linear + MSE is\n"
           "linear regression, step + hinge loss the perceptron.\n\n"
           "    linear  f(z) = z,                      f'(z) = 1\n"
           "    step    f(z) = 1 if z >= 0, else 0,    f'(z) = 0 for z != 0\n\n");
    hand_printf("    step(-0.5) = %v, step(0) = %v, step(2) = %v; step'(2) = %v\n\n", act_step(-0.5),
                act_step(0.0), act_step(2.0), act_deriv(&(Act){.kind = ACT_STEP}, 2.0));
    printf("A small change in w changes the step's output only when z crosses 0, so\n"
           "dL/dw = 0 almost everywhere: gradient descent cannot train it. That is\n"
           "why the perceptron (chapter 01) has its own update rule, and why\n"
           "networks use a smooth activation such as the sigmoid (001's\n"
           "\"smoothing\").\n");
}

/* ---- 9. Softmax ------------------------------------------------------------------------ */

/* p_i = e^(z_i) / sum_j e^(z_j), as written, with nothing subtracted:
 * overflows once some z_i > 709. */
static void softmax_naive(double *p, const double *z, int n)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        p[i] = exp(z[i]);
        sum += p[i];
    }
    for (int i = 0; i < n; i++)
        p[i] /= sum;
}

static void print_vec(const char *name, const double *v, int n)
{
    char b[40];
    printf("    %s = (", name);
    for (int i = 0; i < n; i++)
        printf("%s%s", i ? ", " : "", num(b, v[i]));
    printf(")\n");
}

/* L(z) = -log softmax(z)_c, the cross-entropy of class c (003). */
typedef struct {
    double z[3];
    int c;
} CeCtx;

static double ce_of_logits(void *ctx)
{
    const CeCtx *c = ctx;
    double p[3];
    act_softmax(p, c->z, 3);
    return -log(p[c->c]);
}

static void lecture_softmax_values(void)
{
    printf("Softmax turns a vector of k scores into k probabilities (004):\n\n"
           "    p_i = e^(z_i) / sum_j e^(z_j)\n\n");
    double z[3] = {1, 2, 3}, e[3], sum = 0.0, p[3];
    for (int i = 0; i < 3; i++) {
        e[i] = exp(z[i]);
        sum += e[i];
    }
    hand_printf("    z = (1, 2, 3): e^z = (%v, %v, %v), sum = %v\n", e[0], e[1], e[2], sum);
    for (int i = 0; i < 3; i++)
        p[i] = e[i] / sum;
    hand_printf("    p = (%v, %v, %v) / %v\n      = (%v, %v, %v)\n", e[0], e[1], e[2], sum, p[0],
                p[1], p[2]);
    hand_printf("    p1 + p2 + p3 = %v\n\n", p[0] + p[1] + p[2]);

    double zc[3] = {101, 102, 103}, pc[3];
    act_softmax(pc, zc, 3);
    printf("Adding the same number to every z changes nothing: e^(z_i + c) =\n"
           "e^(z_i) e^c, and e^c cancels between the top and the bottom.\n");
    print_vec("softmax(101, 102, 103)", pc, 3);

    double zb[3] = {1000, 1001, 1002}, pn[3], ps[3];
    softmax_naive(pn, zb, 3);
    act_softmax(ps, zb, 3);
    hand_printf("\nThat matters in a computer: e^1000 = %v in double precision (the largest\n"
                "double is about 1.8e308, e^709.8). Written as is, softmax(1000, 1001, 1002)\n"
                "divides infinity by infinity:\n", exp(1000.0));
    print_vec("naive  p", pn, 3);
    printf("The stable version subtracts the largest z first (the shift above):\n"
           "z - 1002 = (-2, -1, 0), whose exponentials are at most e^0 = 1.\n");
    print_vec("stable p", ps, 3);
    printf("the same as softmax(1, 2, 3), because (1000, 1001, 1002) is (1, 2, 3) + 999.\n\n");

    double z2[2] = {0.3775, 0.0}, p2[2];
    act_softmax(p2, z2, 2);
    hand_printf("With two classes softmax is the sigmoid: softmax(z, 0) = (s(z), s(-z)),\n"
                "since e^z / (e^z + e^0) = 1 / (1 + e^-z). At z = 0.3775: %v,\n"
                "and s(0.3775) = %v.\n",
                p2[0], act_sigmoid(0.3775));
}

static void lecture_softmax_gradient(void)
{
    printf("\nIts derivative is a matrix (the Jacobian): p_i depends on every z_j,\n\n"
           "    dp_i/dz_j = p_i (delta_ij - p_j)   (delta_ij = 1 if i = j, else 0)\n\n");
    double p[3] = {0.2, 0.3, 0.5}, J[9];
    act_softmax_jacobian(J, p, 3);
    hand_printf("003's example p = (%v, %v, %v):\n", p[0], p[1], p[2]);
    hand_printf("    dp1/dz1 = %v x (1 - %v) = %v,   dp1/dz2 = -%v x %v = %v\n", p[0], p[0], J[0],
                p[0], p[1], J[1]);
    Mat Jm = {.rows = 3, .cols = 3, .data = J};
    hand_print_mat("    J", &Jm);
    hand_printf("    each column sums to 0, because the p always sum to 1:\n"
                "    %v%+v%+v = 0 (the computer gets %v: 0.1, 0.2 and 0.3\n"
                "    have no exact binary form)\n\n", J[0], J[3], J[6], J[0] + J[3] + J[6]);

    printf("With the cross-entropy L = -sum_i y_i log p_i (003), dL/dp_i = -y_i / p_i,\n"
           "and the chain rule through J gives the short answer the notes write:\n\n"
           "    dL/dz_j = sum_i (dL/dp_i) (dp_i/dz_j) = p_j - y_j\n\n");
    double y[3] = {1, 0, 0};
    double dL_dp0 = -y[0] / p[0];
    hand_printf("    true class 1, y = (1, 0, 0): dL/dp1 = -1 / %v = %v, the others 0\n", p[0],
                dL_dp0);
    double dz[3];
    for (int j = 0; j < 3; j++)
        dz[j] = dL_dp0 * J[j]; /* dL/dz_j = dL/dp1 x dp1/dz_j: only i = 1 has y_i != 0 */
    hand_printf("    dL/dz = %v x (%v, %v, %v) = (%v, %v, %v)\n", dL_dp0, J[0], J[1], J[2], dz[0],
                dz[1], dz[2]);
    hand_printf("    p - y = (%v - 1, %v - 0, %v - 0)        = (%v, %v, %v)\n", p[0], p[1], p[2],
                p[0] - y[0], p[1] - y[1], p[2] - y[2]);
    /* the same by central differences of L(z) at z = log p (softmax(log p) = p) */
    CeCtx c = {.z = {log(p[0]), log(p[1]), log(p[2])}, .c = 0};
    double numeric[3], worst = 0.0;
    for (int j = 0; j < 3; j++) {
        numeric[j] = gradcheck_numeric(ce_of_logits, &c, &c.z[j], H_DIFF);
        worst = fmax(worst, gradcheck_rel_error(p[j] - y[j], numeric[j]));
    }
    hand_printf("    check: central differences of L at z = log p: (%v, %v, %v)\n"
                "           largest relative error %s\n", numeric[0], numeric[1], numeric[2],
                verdict(worst));
}

static void lecture_softmax(void)
{
    hand_section("9. Softmax: p_i = e^(z_i) / sum_j e^(z_j)");
    lecture_softmax_values();
    lecture_softmax_gradient();
}

/* ---- 10. Side by side ---------------------------------------------------------------------- */

/* The elementwise activations of the notes, in the order of the tables. */
typedef struct {
    const char *name;
    Act act;
} Named;

static int elementwise(Named *list, double leaky_alpha)
{
    int n = 0;
    list[n++] = (Named){"linear", act_of(ACT_LINEAR)};
    list[n++] = (Named){"step", act_of(ACT_STEP)};
    list[n++] = (Named){"sigmoid", act_of(ACT_SIGMOID)};
    list[n++] = (Named){"tanh", act_of(ACT_TANH)};
    list[n++] = (Named){"relu", act_of(ACT_RELU)};
    list[n] = (Named){"leaky_relu", act_of(ACT_LEAKY_RELU)};
    list[n++].act.alpha = leaky_alpha;
    list[n] = (Named){"elu", act_of(ACT_ELU)};
    list[n++].act.alpha = ELU_ALPHA;
    list[n] = (Named){"swish", act_of(ACT_SWISH)};
    list[n++].act.beta = SWISH_BETA;
    return n;
}

#define N_ELEMENTWISE 8

/* A table: one row per activation, one column per z; deriv selects f'. */
static void print_table(const Named *list, int n, const double *zs, int nz, int deriv)
{
    char b[40];
    printf("    %-10s", deriv ? "f'(z)" : "f(z)");
    for (int k = 0; k < nz; k++) {
        char head[48];
        snprintf(head, sizeof head, "z = %s", hand_fmt(b, 40, zs[k]));
        printf("  %13s", head);
    }
    putchar('\n');
    for (int r = 0; r < n; r++) {
        printf("    %-10s", list[r].name);
        for (int k = 0; k < nz; k++) {
            double v = deriv ? act_deriv(&list[r].act, zs[k]) : act_value(&list[r].act, zs[k]);
            printf("  %13s", hand_fmt(b, 40, v));
        }
        putchar('\n');
    }
}

/* Smallest and largest f and f' for z = -10, -9.99, ..., 10. */
static void print_grid_extremes(const Named *list, int n)
{
    char b[4][40];
    printf("    %-10s  %14s  %14s  %14s  %14s\n", "", "min f", "max f", "min f'", "max f'");
    for (int r = 0; r < n; r++) {
        double lo = INFINITY, hi = -INFINITY, dlo = INFINITY, dhi = -INFINITY;
        for (int i = -1000; i <= 1000; i++) {
            double z = i * 0.01;
            double f = act_value(&list[r].act, z), d = act_deriv(&list[r].act, z);
            lo = fmin(lo, f), hi = fmax(hi, f), dlo = fmin(dlo, d), dhi = fmax(dhi, d);
        }
        printf("    %-10s  %14s  %14s  %14s  %14s\n", list[r].name, hand_fmt(b[0], 40, lo),
               hand_fmt(b[1], 40, hi), hand_fmt(b[2], 40, dlo), hand_fmt(b[3], 40, dhi));
    }
}

static void plot_curves(Plotter *plotter, const Named *list, int n, int deriv)
{
    static const char *styles[N_ELEMENTWISE] = {
        "lines lw 2 dt 3 lc rgb '#999999'", "lines lw 2 dt 2 lc rgb '#555555'",
        "lines lw 3 lc rgb '#c0392b'",      "lines lw 3 lc rgb '#2e6fb5'",
        "lines lw 3 lc rgb '#27ae60'",      "lines lw 2 dt 4 lc rgb '#16a085'",
        "lines lw 2 lc rgb '#8e44ad'",      "lines lw 2 lc rgb '#e67e22'"};
    Plot *pl = plot_begin(plotter, deriv ? "derivatives" : "activations", &(PlotSpec){
        .title = deriv ? "The derivatives f'(z): sigmoid's peaks at 0.25 (z = 0); for z > 0,"
                         " ReLU, leaky ReLU and ELU all have f' = 1"
                       : "The activations f(z); for z > 0, linear, ReLU, leaky ReLU and ELU"
                         " all give f(z) = z",
        .xlabel = "z (the unit's input)", .ylabel = deriv ? "f'(z)" : "f(z)",
        .settings = deriv ? "set yrange [-0.2:1.3]\nset key outside right top\nset grid"
                          : "set yrange [-1.5:4]\nset key outside right top\nset grid",
        .width = 1250, .height = 650});
    enum { NZ = 801 };
    double x[NZ], y[NZ];
    for (int r = 0; r < n; r++) {
        for (int i = 0; i < NZ; i++) {
            x[i] = -4.0 + i * 0.01;
            y[i] = deriv ? act_deriv(&list[r].act, x[i]) : act_value(&list[r].act, x[i]);
        }
        char legend[80];
        if (list[r].act.kind == ACT_LEAKY_RELU)
            snprintf(legend, sizeof legend, "leaky relu (alpha %g)",
                     list[r].act.alpha);
        else if (list[r].act.kind == ACT_ELU || list[r].act.kind == ACT_SWISH)
            snprintf(legend, sizeof legend, "%s (%s = 1)", list[r].name,
                     list[r].act.kind == ACT_ELU ? "alpha" : "beta");
        else
            snprintf(legend, sizeof legend, "%s", list[r].name);
        plot_series(pl, legend, styles[r], x, y, NZ);
    }
    plot_end(pl);
}

static void lecture_side_by_side(Plotter *plotter, int have_z, double user_z)
{
    hand_section("10. The activations side by side");
    Named list[N_ELEMENTWISE];
    int n = elementwise(list, LEAKY_ALPHA);
    double zs[6] = {-2, -0.5, 0, 0.5, 2, user_z};
    int nz = have_z ? 6 : 5;
    printf("Values and derivatives (leaky_relu alpha = 0.01, elu alpha = 1, swish\n"
           "beta = 1; at z = 0 the kinks take the left slope):\n\n");
    print_table(list, n, zs, nz, 0);
    putchar('\n');
    print_table(list, n, zs, nz, 1);
    printf("\nSoftmax is not in these tables: it maps a whole vector (section 9).\n\n"
           "Ranges (002 lists them: \"Sig = 0 to 1, tanh = -1 to 1, Relu = 0 to inf,\n"
           "Leaky Relu = 0.01 to 2\"). The smallest and largest values on z = -10,\n"
           "-9.99, ..., 10:\n\n");
    print_grid_extremes(list, n);
    printf("\nOver all z:\n\n"
           "    activation  f(z) takes values in        f'(z) takes values in\n"
           "    linear      (-inf, inf)                  1\n"
           "    step        {0, 1}                       0 (undefined at 0)\n"
           "    sigmoid     (0, 1)                       (0, 0.25], 0.25 at z = 0\n"
           "    tanh        (-1, 1)                      (0, 1], 1 at z = 0\n"
           "    relu        [0, inf)                     {0, 1}\n"
           "    leaky_relu  (-inf, inf)                  {0.01, 1}\n"
           "    elu         (-1, inf)   (alpha = 1)      (0, 1]\n"
           "    swish       [-0.278464543, inf)          about (-0.0998, 1.0998)\n"
           "    softmax     each p_i in (0, 1), sum 1    the Jacobian of section 9\n\n"
           "So 002's \"Leaky Relu = 0.01 to 2\" is not a range: leaky ReLU takes every\n"
           "real value, and its slopes are 0.01 and 1 (see Errata). On a computer the\n"
           "open ends get reached: s(40) rounds to 1 and s(-800) to 0.\n\n"
           "activations.png and derivatives.png draw them all; leaky ReLU there has\n"
           "alpha = 0.1, because a slope of 0.01 would not show.\n");
    /* the charts draw leaky relu with a slope that shows */
    n = elementwise(list, PLOT_LEAKY);
    plot_curves(plotter, list, n, 0);
    plot_curves(plotter, list, n, 1);
}

/* ---- 11. Vanishing and exploding gradients ------------------------------------------------ */

/* A chain of n one-unit layers, a_k = f(w a_(k-1) + b), from a_0 = x.
 * prod[k-1] = d a_k / d a_0 = prod_(i<=k) w f'(z_i), k = 1..n. */
static void chain_products(const Act *act, double x, double w, double b, int n, double *prod)
{
    double a = x, p = 1.0;
    for (int k = 0; k < n; k++) {
        double z = w * a + b;
        p *= w * act_deriv(act, z); /* d a_k / d a_0 = (d a_(k-1) / d a_0) x w f'(z_k) */
        a = act_value(act, z);
        prod[k] = p;
    }
}

#define CHAIN_N 10

static void plot_vanishing(Plotter *plotter, double prods[][CHAIN_N], const char **names, int n)
{
    Plot *pl = plot_begin(plotter, "vanishing", &(PlotSpec){
        .title = "A gradient through n layers is a product of n derivatives",
        .xlabel = "n (layers the gradient passes through)",
        .ylabel = "d a_n / d a_0 (log scale)",
        .settings = "set logscale y\nset format y '1e%T'\nset xrange [1:10]\nset yrange [1e-11:3]\n"
                    "set key bottom left\nset grid",
        .width = 1000, .height = 650});
    static const char *styles[] = {"linespoints pt 7 lw 2 lc rgb '#c0392b'",
                                   "linespoints pt 5 lw 2 dt 2 lc rgb '#e67e22'",
                                   "linespoints pt 9 lw 2 lc rgb '#2e6fb5'",
                                   "linespoints pt 11 lw 2 lc rgb '#27ae60'",
                                   "linespoints pt 13 lw 2 dt 3 lc rgb '#555555'"};
    double x[CHAIN_N];
    for (int k = 0; k < CHAIN_N; k++)
        x[k] = k + 1;
    for (int s = 0; s < n; s++)
        plot_series(pl, names[s], styles[s], x, prods[s], CHAIN_N);
    plot_end(pl);
}

static void lecture_vanishing(Plotter *plotter)
{
    hand_section("11. Why sigmoid chains vanish (and when gradients explode)");
    printf("Take a chain of one-unit layers, a_k = f(z_k), z_k = w a_(k-1) + b. By the\n"
           "chain rule (002, 004) the gradient reaching the first layer is a product\n"
           "with one factor per layer:\n\n"
           "    d a_n / d a_0 = (w f'(z_1)) x (w f'(z_2)) x ... x (w f'(z_n))\n\n"
           "With w = 1, b = 0 and a_0 = 1, a sigmoid chain starts:\n\n");
    Act sig = act_of(ACT_SIGMOID), th = act_of(ACT_TANH), re = act_of(ACT_RELU);
    double z1 = 1.0, a1 = act_sigmoid(z1), d1 = act_sigmoid_deriv(z1);
    double z2 = a1, d2 = act_sigmoid_deriv(z2);
    hand_printf("    z1 = 1 x 1 + 0 = %v,  a1 = s(1) = %v\n"
                "    s'(z1) = %v x %v = %v\n", z1, a1, a1, 1.0 - a1, d1);
    hand_printf("    z2 = 1 x %v + 0 = %v,  s'(z2) = %v\n", a1, z2, d2);
    hand_printf("    d a_2 / d a_0 = %v x %v = %v\n\n", d1, d2, d1 * d2);

    double prods[5][CHAIN_N];
    for (int k = 0; k < CHAIN_N; k++) {
        prods[0][k] = pow(0.25, k + 1); /* every z_k = 0: the most a sigmoid passes */
        prods[4][k] = pow(0.1, k + 1);  /* 001's factors of 0.1 */
    }
    chain_products(&sig, 1.0, 1.0, 0.0, CHAIN_N, prods[1]);
    chain_products(&th, 1.0, 1.0, 0.0, CHAIN_N, prods[2]);
    chain_products(&re, 1.0, 1.0, 0.0, CHAIN_N, prods[3]);
    char b[5][40];
    printf("    %3s  %14s  %14s  %14s  %14s  %14s\n", "n", "0.25^n", "sigmoid chain",
           "tanh chain", "relu chain", "0.1^n (001)");
    for (int k = 0; k < CHAIN_N; k++)
        printf("    %3d  %14s  %14s  %14s  %14s  %14s\n", k + 1, hand_fmt(b[0], 40, prods[0][k]),
               hand_fmt(b[1], 40, prods[1][k]), hand_fmt(b[2], 40, prods[2][k]),
               hand_fmt(b[3], 40, prods[3][k]), hand_fmt(b[4], 40, prods[4][k]));
    printf("\n0.25^n is the most a sigmoid chain with w = 1 can pass on (every z = 0;\n"
           "002: \"0 <= 0.25\"); the real chain's z are not 0, so it passes on less.\n"
           "tanh' can reach 1, so a tanh chain shrinks much more slowly, and ReLU\n"
           "passes a positive signal's gradient on unchanged (its derivative is 1).\n\n");
    double v = 0.1 * 0.1 * 0.1 * 0.1, eta = 0.01, w_old = 1.0;
    hand_printf("001's example: 0.1 x 0.1 x 0.1 x 0.1 = %v. With that gradient, eta = %v\n"
                "and w_old = %v: w_new = w_old - eta dL/dw = %v - %v x %v = %v.\n", v, eta, w_old,
                w_old, eta, v, w_old - eta * v);
    printf("The weight moves in the 6th decimal (001 writes 0.9999: see Errata): it\n"
           "barely learns. Four factors of 0.1 already do this; sigmoid factors are\n"
           "all below 0.25, and 0.25^7 = 6.1e-05 is smaller still.\n\n");

    double w = 500.0, bound = 0.25 * w;
    hand_printf("Exploding (002): each factor is w s'(z) <= 0.25 |w|. With a weight of %v\n"
                "one factor can be 0.25 x %v = %v, and n such factors give %v^n:\n", w, w, bound,
                bound);
    for (int k = 1; k <= 4; k++)
        hand_printf("    n = %d: %v\n", k, pow(bound, k));
    double zbig = w * 0.6;
    hand_printf("A sigmoid chain can explode only when |w| > 4 (else every factor is < 1),\n"
                "and only while z stays near 0: with w = %v and an input a = 0.6 (b = 0),\n"
                "z = %v and w s'(z) = %v x %v\n"
                "                   = %v:\n"
                "the unit saturates and the gradient vanishes instead. With ReLU the\n"
                "factor is w itself, so weights above 1 grow it: 1.5^10 = %v.\n", w, zbig, w, act_sigmoid_deriv(zbig),
                w * act_sigmoid_deriv(zbig), pow(1.5, 10));
    const char *names[] = {"0.25^n: sigmoid's best case (every z = 0)",
                           "sigmoid chain (w = 1, b = 0, a_0 = 1)",
                           "tanh chain (w = 1, b = 0, a_0 = 1)",
                           "relu chain (w = 1, b = 0, a_0 = 1)",
                           "0.1^n: 001's example"};
    plot_vanishing(plotter, prods, names, 5);
}

/* ---- 12. Dying ReLU ------------------------------------------------------------------------- */

/* The worst disagreements net_gradcheck reports: the relative error over
 * the n_big gradients of size >= GC_BIG, and the absolute error over all
 * n. A central difference of a cost C has a rounding error of about
 * 1e-16 C / h, ~2e-10 here (C ~ 18, h = 1e-5): on a gradient of 0.001 that
 * alone is a relative error of 2e-7, so the relative test needs larger ones. */
#define GC_BIG 0.01
typedef struct {
    double rel_big, abs_all;
    int n, n_big;
} GradWorst;

static void gradcheck_note(const Param *p, int i, int j, double analytic, double numeric,
                           void *ctx)
{
    (void)p, (void)i, (void)j;
    GradWorst *g = ctx;
    g->n++;
    g->abs_all = fmax(g->abs_all, fabs(analytic - numeric));
    if (fmax(fabs(analytic), fabs(numeric)) >= GC_BIG) {
        g->n_big++;
        g->rel_big = fmax(g->rel_big, gradcheck_rel_error(analytic, numeric));
    }
}

/* The story of one training run, after e = 0, 1, ..., epochs epochs. */
typedef struct {
    ActKind kind;
    int epochs;
    int diverged_at;            /* the epoch whose cost was not finite, or -1 */
    double cost[DY_MAX_EPOCHS + 1];
    int dead[DY_MAX_EPOCHS + 1];   /* units with f'(z) = 0 for every sample */
    int asleep[DY_MAX_EPOCHS + 1]; /* units with z <= 0 for every sample */
    int revived;                /* units asleep after some epoch, awake at the end */
    double frozen_change;       /* largest weight change, epoch DY_SNAPSHOT to the end,
                                   of the units asleep at both; -1 if there are none */
    GradWorst gradcheck;        /* net_gradcheck before training, if asked for */
} Run;

/* The training data: x1, x2 uniform on [0, DY_X_MAX), y = sin x1 + cos x2. */
static void dying_data(Rng *rng, Mat *X, Mat *Y)
{
    for (int i = 0; i < X->rows; i++) {
        double x1 = rng_uniform(rng, 0.0, DY_X_MAX), x2 = rng_uniform(rng, 0.0, DY_X_MAX);
        MAT_AT(X, i, 0) = x1;
        MAT_AT(X, i, 1) = x2;
        MAT_AT(Y, i, 0) = sin(x1) + cos(x2);
    }
}

/* Per hidden unit j of the layer's last forward: asleep[j] = 1 when
 * z_ij <= 0 for every sample i, dead[j] = 1 when f'(z_ij) = 0 for every i
 * (then no gradient reaches the unit's weights). */
static void unit_states(const Layer *d, int m, int *asleep, int *dead)
{
    for (int j = 0; j < d->n_out; j++) {
        asleep[j] = dead[j] = 1;
        for (int i = 0; i < m && (asleep[j] || dead[j]); i++) {
            double z = MAT_AT(d->Z, i, j);
            if (z > 0)
                asleep[j] = 0;
            if (act_deriv(&d->act, z) != 0.0)
                dead[j] = 0;
        }
    }
}

static int count(const int *flags, int n)
{
    int c = 0;
    for (int j = 0; j < n; j++)
        c += flags[j];
    return c;
}

/* Largest change of unit j's incoming weights and bias between two copies. */
static double unit_change(const Layer *d, const Mat *W0, const Mat *b0, int j)
{
    double most = fabs(MAT_AT(d->b, 0, j) - MAT_AT(b0, 0, j));
    for (int i = 0; i < d->n_in; i++)
        most = fmax(most, fabs(MAT_AT(d->W, i, j) - MAT_AT(W0, i, j)));
    return most;
}

/* Full-batch gradient descent on the MSE for `epochs` epochs, recording
 * the cost and the unit counts of the weights after e epochs (the forward
 * pass of net_cost_grad sees exactly those weights). Returns 0, or -1 when
 * the cost stopped being finite. */
static int dying_train(Run *r, Net *net, const Mat *X, const Mat *Y, double lr, int epochs)
{
    Loss mse = {.kind = LOSS_MSE};
    Layer *hidden = net->layers[0];
    int asleep[DY_HIDDEN], dead[DY_HIDDEN], ever[DY_HIDDEN] = {0}, snap_asleep[DY_HIDDEN] = {0};
    Mat *W0 = mat_dup(hidden->W), *b0 = mat_dup(hidden->b);
    r->epochs = epochs;
    r->diverged_at = -1;
    r->frozen_change = -1.0;
    int rc = W0 && b0 ? 0 : -1;
    for (int e = 0; e <= epochs && rc == 0; e++) {
        double cost = net_cost_grad(net, &mse, X, Y);
        if (!isfinite(cost)) {
            r->diverged_at = e;
            rc = -1;
            break;
        }
        unit_states(hidden, net->m, asleep, dead);
        r->cost[e] = cost;
        r->asleep[e] = count(asleep, DY_HIDDEN);
        r->dead[e] = count(dead, DY_HIDDEN);
        for (int j = 0; j < DY_HIDDEN; j++)
            ever[j] |= e > 0 && asleep[j];
        if (e == DY_SNAPSHOT && epochs > DY_SNAPSHOT) {
            mat_copy(W0, hidden->W);
            mat_copy(b0, hidden->b);
            memcpy(snap_asleep, asleep, sizeof asleep);
        }
        if (e < epochs)
            net_step(net, lr); /* W <- W - lr dW, b <- b - lr db */
    }
    if (rc == 0) {
        r->revived = 0;
        for (int j = 0; j < DY_HIDDEN; j++) {
            r->revived += ever[j] && !asleep[j];
            if (snap_asleep[j] && asleep[j])
                r->frozen_change = fmax(r->frozen_change, unit_change(hidden, W0, b0, j));
        }
    }
    mat_free(W0);
    mat_free(b0);
    return rc;
}

/* One run of the experiment: data and weights from the seed. With
 * standardize, the inputs are shifted and scaled to mean 0, std 1 first. */
typedef struct {
    ActKind kind;
    double lr;
    int epochs;
    int standardize;
    int gradcheck; /* check backpropagation against central differences first */
    uint64_t seed;
} DyingSetup;

static int dying_run(Run *r, const DyingSetup *s)
{
    Rng rng;
    rng_seed(&rng, s->seed);
    Mat *X = mat_new(DY_SAMPLES, 2), *Y = mat_new(DY_SAMPLES, 1);
    Mat *mean = mat_new(1, 2), *std = mat_new(1, 2);
    Net *net = net_new(2, DY_SAMPLES);
    Act hidden = act_of(s->kind);
    if (s->kind == ACT_LEAKY_RELU)
        hidden.alpha = LEAKY_ALPHA;
    int rc = -1;
    r->kind = s->kind;
    r->diverged_at = -1;
    if (!X || !Y || !mean || !std || !net || net_add(net, DY_HIDDEN, hidden) != 0 ||
        net_add(net, 1, act_of(ACT_LINEAR)) != 0) {
        fprintf(stderr, "error: out of memory\n");
        goto done;
    }
    dying_data(&rng, X, Y);
    if (s->standardize)
        data_standardize(X, mean, std);
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, &rng); /* biases start at 0 */
    Loss mse = {.kind = LOSS_MSE};
    r->gradcheck = (GradWorst){0};
    if (s->gradcheck)
        net_gradcheck(net, &mse, X, Y, GRADCHECK_STEP, gradcheck_note, &r->gradcheck);
    rc = dying_train(r, net, X, Y, s->lr, s->epochs);
done:
    net_free(net);
    mat_free(X);
    mat_free(Y);
    mat_free(mean);
    mat_free(std);
    return rc;
}

static void diverged_message(const Run *r, const DyingSetup *s)
{
    fprintf(stderr,
            "error: the %s net diverged at epoch %d: the cost became infinite or NaN\n"
            "hint: the learning rate %g is too large for this net; try a smaller --lr, "
            "e.g. %g\n",
            act_name(r->kind), r->diverged_at, s->lr, s->lr > DY_LR ? DY_LR : s->lr / 10);
}

static void plot_dead(Plotter *plotter, const Run *relu, const Run *leaky, double lr)
{
    char title[160];
    snprintf(title, sizeof title,
             "Dying ReLU: dead hidden units per epoch (%d units, inputs in [0, 5), lr %g)",
             DY_HIDDEN, lr);
    char settings[80], ylabel[40];
    snprintf(ylabel, sizeof ylabel, "hidden units (of %d)", DY_HIDDEN);
    snprintf(settings, sizeof settings, "set yrange [-1:%d]\nset key top right\nset grid",
             DY_HIDDEN + 16);
    Plot *pl = plot_begin(plotter, "dead_units", &(PlotSpec){
        .title = title, .xlabel = "epoch", .ylabel = ylabel,
        .settings = settings, .width = 1000, .height = 600});
    int n = relu->epochs + 1;
    double *x = malloc(3 * (size_t)n * sizeof *x);
    if (!x) {
        plot_end(pl);
        return;
    }
    double *y1 = x + n, *y2 = x + 2 * n;
    for (int e = 0; e < n; e++)
        x[e] = e;
    for (int e = 0; e < n; e++)
        y1[e] = relu->dead[e], y2[e] = leaky->asleep[e];
    plot_series(pl, "ReLU: dead (output 0 and gradient 0 on every sample)",
                "lines lw 6 lc rgb '#e8a09a'", x, y1, n);
    plot_series(pl, "leaky ReLU: z <= 0 on every sample (still learning)",
                "lines lw 2 dt 2 lc rgb '#1f4e8c'", x, y2, n);
    for (int e = 0; e < n; e++)
        y1[e] = leaky->dead[e];
    plot_series(pl, "leaky ReLU: dead (gradient 0 on every sample)",
                "lines lw 3 lc rgb '#27ae60'", x, y1, n);
    free(x);
    plot_end(pl);
}

static void print_dying_table(const Run *relu, const Run *leaky)
{
    static const int marks[] = {0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 300, 500, 1000, 2000, 5000};
    char b[2][40];
    printf("                   ReLU                 leaky ReLU\n");
    printf("    %5s  %12s  %9s    %12s  %9s  %11s\n", "epoch", "cost", "dead", "cost", "dead",
           "z <= 0 all");
    int last_mark = -1;
    for (int k = 0; k < 15 && marks[k] <= relu->epochs; k++) {
        int e = last_mark = marks[k];
        printf("    %5d  %12s  %9d    %12s  %9d  %11d\n", e, hand_fmt(b[0], 40, relu->cost[e]),
               relu->dead[e], hand_fmt(b[1], 40, leaky->cost[e]), leaky->dead[e],
               leaky->asleep[e]);
    }
    if (last_mark != relu->epochs) { /* and the last epoch */
        int e = relu->epochs;
        printf("    %5d  %12s  %9d    %12s  %9d  %11d\n", e, hand_fmt(b[0], 40, relu->cost[e]),
               relu->dead[e], hand_fmt(b[1], 40, leaky->cost[e]), leaky->dead[e],
               leaky->asleep[e]);
    }
}

/* Section 12's main run, the two comparisons and the seed table. Returns 0,
 * or 1 after an error message. */
static int lecture_dying(Plotter *plotter, uint64_t seed, double lr, int epochs, Run *runs)
{
    hand_section("12. Dying ReLU: a large learning rate on inputs that are all positive");
    printf("The setup (seed %" PRIu64 "; seeds %" PRIu64 " to %" PRIu64 " in the last table):\n",
           seed, seed, seed + DY_SEEDS - 1);
    hand_printf("    data      %d samples, x1 and x2 uniform on [0, %v), y = sin x1 + cos x2;\n"
                "              the inputs are NOT shifted to mean 0: every x is positive\n"
                "    net       2 inputs -> %d hidden units (ReLU, or leaky ReLU alpha = %v)\n"
                "              -> 1 linear output; He uniform weights, biases 0\n"
                "    training  full-batch gradient descent on the MSE, learning rate %v,\n"
                "              %d epochs\n"
                "A unit is dead when f'(z) = 0 for every training sample: then no\n"
                "gradient reaches its weights. For ReLU that means z <= 0 (output 0)\n"
                "on every sample; leaky ReLU's f' is never 0.\n\n",
                DY_SAMPLES, DY_X_MAX, DY_HIDDEN, LEAKY_ALPHA, lr,
                epochs);
    Run *relu = &runs[0], *leaky = &runs[1], *tmp = &runs[2];
    DyingSetup s = {.kind = ACT_RELU, .lr = lr, .epochs = epochs, .seed = seed, .gradcheck = 1};
    DyingSetup sl = s;
    sl.kind = ACT_LEAKY_RELU;
    if (dying_run(relu, &s) != 0) {
        if (relu->diverged_at >= 0)
            diverged_message(relu, &s);
        return 1;
    }
    if (dying_run(leaky, &sl) != 0) {
        if (leaky->diverged_at >= 0)
            diverged_message(leaky, &sl);
        return 1;
    }
    double C = relu->cost[0];
    hand_printf("Backpropagation through the library's net, checked before training against\n"
                "central differences (net_gradcheck), all %d gradients of each net. Small\n"
                "gradients are judged by their absolute error: a central difference of the\n"
                "cost C = %v rounds off about 1e-16 x C / h = %v.\n",
                relu->gradcheck.n, C, 1e-16 * C / GRADCHECK_STEP);
    for (int k = 0; k < 2; k++) {
        const GradWorst *g = k ? &leaky->gradcheck : &relu->gradcheck;
        printf("    %-10s  relative error on the %d gradients above 0.01: %s;\n"
               "                every gradient within %s of its central difference\n",
               k ? "leaky ReLU" : "ReLU", g->n_big, verdict(g->rel_big),
               g->abs_all <= 1e-8 ? "1e-8" : "MORE THAN 1e-8 (wrong)");
    }
    putchar('\n');
    s.gradcheck = sl.gradcheck = 0;
    print_dying_table(relu, leaky);
    int last = relu->epochs;
    hand_printf("\nReLU: %d of %d units dead at the start, %d after %d epochs.\n",
                relu->dead[0], DY_HIDDEN, relu->dead[last], last);
    if (relu->frozen_change >= 0)
        hand_printf("The weights of the units dead at epoch %d changed by %v from there to\n"
                    "the end: not at all, bit for bit. Revived: %d. Dead is dead.\n",
                    DY_SNAPSHOT, relu->frozen_change, relu->revived);
    int most_dead = 0;
    for (int e = 0; e <= last; e++)
        most_dead = leaky->dead[e] > most_dead ? leaky->dead[e] : most_dead;
    hand_printf("Leaky ReLU: at most %d dead units at any epoch (its slope for z < 0 is\n"
                "%v, never 0). %d units still sit at z <= 0 on every sample after %d epochs,\n",
                most_dead, LEAKY_ALPHA, leaky->asleep[last], last);
    if (leaky->frozen_change >= 0)
        hand_printf("but they keep learning: from epoch %d to the end their weights moved\n"
                    "by up to %v. %d of them came back to z > 0 on some samples.\n",
                    DY_SNAPSHOT, leaky->frozen_change, leaky->revived);
    else
        hand_printf("and %d came back to z > 0 on some samples.\n", leaky->revived);
    printf("A slope of 0.01 keeps them alive, but learning 100 times more slowly.\n\n");

    printf("Why they die. At the start, z = w1 x1 + w2 x2 with x1, x2 > 0: a unit\n"
           "whose two weights are both negative has z < 0 on every sample, so it is\n"
           "dead from the start (a quarter of the units, on average). Then\n"
           "every x is positive, so all of a unit's weight gradients share one sign,\n"
           "and a large step moves the whole unit at once - often past the point\n"
           "where z < 0 on every sample. The same net with a smaller learning rate,\n"
           "or with the inputs standardized to mean 0 and standard deviation 1:\n\n");
    char b[2][40];
    printf("    %-38s  %10s  %10s  %12s\n", "ReLU net", "dead start", "dead end", "cost at end");
    DyingSetup cmp[3] = {s, s, s};
    cmp[1].lr = lr / 10; /* the comparison: ten times smaller */
    cmp[2].standardize = 1;
    const char *labels[3] = {"inputs in [0, 5), lr", "inputs in [0, 5), lr", "standardized inputs, lr"};
    for (int k = 0; k < 3; k++) {
        const Run *r = k == 0 ? relu : tmp;
        if (k > 0 && dying_run(tmp, &cmp[k]) != 0) {
            if (tmp->diverged_at >= 0)
                diverged_message(tmp, &cmp[k]);
            return 1;
        }
        char label[64];
        snprintf(label, sizeof label, "%s %s", labels[k], hand_fmt(b[0], 40, cmp[k].lr));
        printf("    %-38s  %10d  %10d  %12s\n", label, r->dead[0], r->dead[r->epochs],
               hand_fmt(b[1], 40, r->cost[r->epochs]));
    }

    int table_epochs = epochs < DY_TABLE_EPOCHS ? epochs : DY_TABLE_EPOCHS;
    printf("\nThe same two runs with seeds %" PRIu64 " to %" PRIu64 ", %d epochs each\n"
           "(new data and new weights each time; most units die in the first few epochs):\n\n",
           seed, seed + DY_SEEDS - 1, table_epochs);
    printf("    %6s  %12s  %12s  %14s  %12s\n", "seed", "ReLU dead", "leaky dead",
           "leaky z <= 0", "leaky back");
    int total_relu = 0, total_start = 0, diverged = 0;
    for (int k = 0; k < DY_SEEDS; k++) {
        DyingSetup a = s, c = sl;
        a.seed = c.seed = seed + (uint64_t)k;
        a.epochs = c.epochs = table_epochs;
        int ra = dying_run(tmp, &a);
        int dead0 = tmp->dead[0], deadN = ra == 0 ? tmp->dead[tmp->epochs] : -1;
        int rc = dying_run(&runs[3], &c);
        if (ra != 0 || rc != 0) {
            printf("    %6" PRIu64 "  diverged (%s) at epoch %d\n", a.seed,
                   ra != 0 ? "ReLU" : "leaky ReLU", ra != 0 ? tmp->diverged_at : runs[3].diverged_at);
            diverged++;
            continue;
        }
        char c1[32], c2[32], c3[32];
        snprintf(c1, sizeof c1, "%d -> %d", dead0, deadN);
        snprintf(c2, sizeof c2, "%d -> %d", runs[3].dead[0], runs[3].dead[runs[3].epochs]);
        snprintf(c3, sizeof c3, "%d -> %d", runs[3].asleep[0], runs[3].asleep[runs[3].epochs]);
        printf("    %6" PRIu64 "  %12s  %12s  %14s  %12d\n", a.seed, c1, c2, c3, runs[3].revived);
        total_relu += deadN;
        total_start += dead0;
    }
    int ok = DY_SEEDS - diverged;
    if (ok > 0)
        hand_printf("\nOn average ReLU goes from %v to %v dead units of %d; leaky ReLU loses none.\n",
                    (double)total_start / ok, (double)total_relu / ok, DY_HIDDEN);
    plot_dead(plotter, relu, leaky, lr);
    return 0;
}

/* ---- 13. PReLU learns alpha --------------------------------------------------------------- */

/* The cost C(alpha) = 1/m sum_i (f(x_i; alpha) - y_i)^2 of one PReLU unit
 * with z = x (w = 1, b = 0 held fixed), and its gradient
 *     dC/dalpha = 2/m sum_i (f(x_i) - y_i) df/dalpha(x_i),
 * df/dalpha = x_i for x_i <= 0, else 0 (act_prelu_dalpha). */
typedef struct {
    const double *x, *y;
    int m;
    double alpha;
} PreluFit;

static double prelu_cost(void *ctx)
{
    const PreluFit *p = ctx;
    Act f = {.kind = ACT_PRELU, .alpha = p->alpha};
    double c = 0.0;
    for (int i = 0; i < p->m; i++) {
        double e = act_value(&f, p->x[i]) - p->y[i];
        c += e * e;
    }
    return c / p->m;
}

static double prelu_grad(const PreluFit *p)
{
    Act f = {.kind = ACT_PRELU, .alpha = p->alpha};
    double g = 0.0;
    for (int i = 0; i < p->m; i++)
        g += (act_value(&f, p->x[i]) - p->y[i]) * act_prelu_dalpha(p->x[i]);
    return 2.0 * g / p->m;
}

static void plot_alpha(Plotter *plotter, const double *alpha, int n)
{
    Plot *pl = plot_begin(plotter, "prelu_alpha", &(PlotSpec){
        .title = "PReLU learns its slope alpha by gradient descent (target |x|: alpha = -1)",
        .xlabel = "gradient descent step", .ylabel = "alpha",
        .settings = "set key top right\nset grid\nset yrange [-1.2:0.4]", .width = 1000});
    double x[PR_STEPS + 1], target[PR_STEPS + 1], zero[PR_STEPS + 1];
    for (int k = 0; k <= n; k++)
        x[k] = k, target[k] = -1.0, zero[k] = 0.0;
    plot_series(pl, "alpha (learning rate eta = 0.1 throughout)",
                "linespoints pt 7 ps 0.8 lw 2 lc rgb '#8e44ad'", x, alpha, n + 1);
    plot_series(pl, "alpha = 0: plain ReLU", "lines dt 2 lw 1 lc rgb '#27ae60'", x, zero, n + 1);
    plot_series(pl, "alpha = -1: f(x) = |x|", "lines dt 3 lw 2 lc rgb '#555555'", x, target, n + 1);
    plot_end(pl);
}

static void lecture_prelu(Plotter *plotter)
{
    hand_section("13. PReLU: alpha is learned, like a weight");
    double x[PR_POINTS], y[PR_POINTS];
    for (int i = 0; i < PR_POINTS; i++) {
        x[i] = -2.0 + 0.5 * i;
        y[i] = fabs(x[i]);
    }
    PreluFit p = {.x = x, .y = y, .m = PR_POINTS, .alpha = PR_ALPHA0};
    hand_printf("One PReLU unit with z = x (w = 1 and b = 0 held fixed) learns its slope\n"
                "alpha from %d points x = -2, -1.5, ..., 2 with targets y = |x|, by gradient\n"
                "descent on C(alpha) = 1/m sum_i (f(x_i) - y_i)^2 with learning rate\n"
                "eta = %v, from alpha = %v:\n\n"
                "    dC/dalpha = 2/m sum_i (f(x_i) - y_i) df/dalpha(x_i),\n"
                "    df/dalpha = x_i for x_i <= 0, else 0\n\n"
                "Step 1 by hand; only the x_i <= 0 contribute:\n", PR_POINTS, PR_ETA, p.alpha);
    double sum = 0.0;
    for (int i = 0; i < PR_POINTS && x[i] <= 0; i++) {
        double f = p.alpha * x[i], term = (f - y[i]) * x[i];
        hand_printf("    x = %v: f = %v x %v = %v, (f - y) x = (%v - %v) x %v = %v\n", x[i],
                    p.alpha, x[i], f, f, y[i], x[i], term);
        sum += term;
    }
    double g = prelu_grad(&p);
    hand_printf("    dC/dalpha = 2/%d x %v = %v\n", PR_POINTS, sum, g);
    double numeric = gradcheck_numeric(prelu_cost, &p, &p.alpha, H_DIFF);
    hand_printf("    check: central difference of C at alpha = %v: %v\n"
                "           (relative error %s)\n",
                p.alpha, numeric, verdict(gradcheck_rel_error(g, numeric)));
    hand_printf("    alpha = %v - %v x %v = %v\n\n", p.alpha, PR_ETA, g, p.alpha - PR_ETA * g);

    double alpha[PR_STEPS + 1];
    alpha[0] = p.alpha;
    char b[3][40];
    printf("    %4s  %14s  %14s  %14s\n", "step", "alpha", "cost C", "dC/dalpha");
    static const int marks[] = {0, 1, 2, 3, 4, 5, 10, 20, 30, 40, 50};
    int next = 0;
    for (int k = 0; k <= PR_STEPS; k++) {
        g = prelu_grad(&p);
        if (next < 11 && marks[next] == k) {
            printf("    %4d  %14s  %14s  %14s\n", k, hand_fmt(b[0], 40, p.alpha),
                   hand_fmt(b[1], 40, prelu_cost(&p)), hand_fmt(b[2], 40, g));
            next++;
        }
        alpha[k] = p.alpha;
        if (k < PR_STEPS)
            p.alpha -= PR_ETA * g; /* alpha <- alpha - eta dC/dalpha */
    }
    /* C is quadratic in alpha: C = (alpha + 1)^2 S with S = 1/m sum_(x<=0) x^2, so
     * each step multiplies alpha + 1 by (1 - 2 eta S) */
    double S = 0.0;
    for (int i = 0; i < PR_POINTS; i++)
        S += x[i] <= 0 ? x[i] * x[i] : 0.0;
    S /= PR_POINTS;
    double factor = 1.0 - 2.0 * PR_ETA * S;
    hand_printf("\nalpha passed 0 (plain ReLU) and settled at -1, where f(x) = max(-x, x) = |x|\n"
                "fits every point. The cost is (alpha + 1)^2 S with S = 1/m sum x_i^2 over\n"
                "x_i <= 0 = %v, so each step multiplies alpha + 1 by\n"
                "1 - 2 eta S = %v:\n"
                "    alpha_%d = -1 + (%v + 1) x %v^%d = %v (the loop: %v)\n"
                "alpha is a parameter, trained by gradient descent with the learning rate\n"
                "eta = %v; it is not the learning rate (004 calls it one: see Errata).\n",
                S, factor, PR_STEPS, PR_ALPHA0, factor, PR_STEPS,
                -1.0 + (PR_ALPHA0 + 1.0) * pow(factor, PR_STEPS), alpha[PR_STEPS], PR_ETA);
    plot_alpha(plotter, alpha, PR_STEPS);
}

/* ---- 14. Which activation where ------------------------------------------------------------- */

static void lecture_where(void)
{
    hand_section("14. Which activation where (004)");
    printf("    where                          use                  why\n"
           "    hidden layers                  ReLU                 cheap; f' = 1 for z > 0, so\n"
           "                                                        no vanishing on that side\n"
           "    hidden, if ReLU units die      leaky ReLU, PReLU,   f' never 0 for z < 0\n"
           "                                   ELU                  (sections 5, 6, 12)\n"
           "    hidden layers of deep nets     not sigmoid / tanh   s' <= 0.25 and both\n"
           "                                                        saturate: gradients vanish\n"
           "                                                        (section 11)\n"
           "    output, binary classification  sigmoid + BCE        one probability in (0, 1)\n"
           "    output, one of k classes       softmax + CCE        k probabilities, sum 1;\n"
           "                                                        dL/dz = p - y\n"
           "    output, regression             linear + MSE         any real number\n"
           "    a single perceptron            step + hinge         chapter 01 (001's table)\n\n"
           "004's rules: sigmoid and tanh are avoided in hidden layers (vanishing\n"
           "gradient); ReLU is the versatile default there; if ReLU does not work, try\n"
           "leaky ReLU or PReLU; use softmax or sigmoid for a classifier's output.\n"
           "Swish (section 7) is a smooth alternative to ReLU in deep nets.\n\n"
           "The notes' mistakes on these pages are listed under Errata in\n"
           "chapters/06_activations/README.md.\n");
}

/* ---- the lecture ------------------------------------------------------------------------------- */

static const char CARD[] =
    "Chapter 06 - Activation functions (lecture notes 004, 002, 003, 001)\n"
    "Sigmoid, tanh, ReLU, leaky ReLU, PReLU, ELU, swish, softmax, linear and\n"
    "step, with their derivatives by hand; why sigmoid chains vanish; dying\n"
    "ReLU in a real net; PReLU learning alpha; which activation goes where.";

int main(int argc, char **argv)
{
    double lr = DY_LR, user_z = NAN; /* NaN: no --z (the parser takes finite numbers only) */
    int epochs = DY_EPOCHS;
    CliFlag flags[] = {
        {"z", CLI_DOUBLE, &user_z, "Z", "also tabulate every activation at z = Z (section 10)"},
        {"lr", CLI_DOUBLE, &lr, "RATE", "learning rate of the dying-ReLU run (default 0.006)"},
        {"epochs", CLI_INT, &epochs, "N", "epochs of the dying-ReLU run (default 300)"},
    };
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED,
                    .flags = flags, .n_flags = 3};
    CliOptions opt;
    int rc = cli_parse(&opt, &spec, argc, argv);
    if (rc != CLI_RUN)
        return rc == CLI_EXIT_OK ? 0 : 2;
    if (!(lr > 0) || epochs < 1 || epochs > DY_MAX_EPOCHS)
        return cli_error(&spec, "--lr must be > 0 and --epochs between 1 and %d", DY_MAX_EPOCHS);

    Run *runs = malloc(4 * sizeof *runs);
    if (!runs) {
        fprintf(stderr, "error: out of memory\n");
        return 1;
    }
    Plotter plotter;
    if (plot_open(&plotter, opt.plots, opt.out, CHAPTER) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        free(runs);
        return 1;
    }
    printf("%s\n", CARD);
    printf("(seed %" PRIu64 ")\n", opt.seed);
    lecture_why();
    lecture_sigmoid();
    lecture_tanh();
    lecture_relu();
    lecture_leaky_prelu();
    lecture_elu();
    lecture_swish();
    lecture_linear_step();
    lecture_softmax();
    lecture_side_by_side(&plotter, !isnan(user_z), user_z);
    lecture_vanishing(&plotter);
    rc = lecture_dying(&plotter, opt.seed, lr, epochs, runs);
    if (rc == 0) {
        lecture_prelu(&plotter);
        lecture_where();
    }
    if (plot_close(&plotter) != 0) {
        fprintf(stderr, "error: %s\n", plotter.err);
        rc = 1;
    }
    free(runs);
    return rc;
}
