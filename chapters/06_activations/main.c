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
 *
 * The checks of these numbers against central differences (and of the
 * library's backpropagation through section 12's nets) are unit tests:
 * tests/unit/test_ch06_activations.c.
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "chapter.h"
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
#define CHAIN_N 10         /* layers of the chains in section 11 */

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
    /* s = 1 / (1 + e^-z),  s' = s (1 - s) */
    double z0 = 0.0, s0 = 1.0 / (1.0 + exp(-z0)), ds0 = s0 * (1.0 - s0);
    hand_printf("    z = %v:  s = 1 / (1 + e^0) = 1 / 2 = %v,   s' = %v x (1 - %v) = %v\n", z0,
                s0, s0, s0, ds0);
    double z = 2.0, e = exp(-z), s = 1.0 / (1.0 + e), one_minus_s = 1.0 - s;
    double ds = s * one_minus_s;
    hand_printf("    z = %v:  e^-2 = %v,  s = 1 / (1 + %v) = %v\n", z, e, e, s);
    hand_printf("            s' = %v x (1 - %v)\n"
                "               = %v x %v = %v\n", s, s, s, one_minus_s, ds);
    double z_sat = 10.0;
    hand_printf("    z = %v: s = %v, s' = %v: the unit is saturated, almost no\n"
                "            gradient passes through it\n\n", z_sat, act_sigmoid(z_sat),
                act_sigmoid_deriv(z_sat));

    printf("002: \"derivative of sigmoid ... 0 to 0.25\". Why 0.25 is the most: with\n"
           "s = s(z),\n\n"
           "    0.25 - s (1 - s) = s^2 - s + 0.25 = (s - 0.5)^2 >= 0\n\n"
           "with equality only at s = 0.5, that is at z = 0. Numerically:\n\n");
    hand_printf("    %6s  %14s  %14s\n", "z", "s(z)", "s'(z)");
    static const double zt[] = {-6, -4, -2, -1, -0.5, 0, 0.5, 1, 2, 4, 6};
    for (int i = 0; i < 11; i++)
        hand_printf("    %6v  %14v  %14v\n", zt[i], act_sigmoid(zt[i]), act_sigmoid_deriv(zt[i]));
    /* the largest s' on the grid z = -10, -9.999, ..., 10, and where it is */
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
    /* a = (e^z - e^-z) / (e^z + e^-z),  tanh'(z) = 1 - a^2 */
    double z = 0.5, ep = exp(z), em = exp(-z);
    double top = ep - em, bottom = ep + em, a = top / bottom;
    double da = 1.0 - a * a;
    hand_printf("    z = %v:  e^z = %v,  e^-z = %v\n", z, ep, em);
    hand_printf("    a = (%v - %v) / (%v + %v)\n      = %v / %v = %v\n", ep, em, ep, em,
                top, bottom, a);
    hand_printf("    tanh'(z) = 1 - a^2 = 1 - %v^2 = %v\n", a, da);
    /* the slope measured instead: (f(z + h) - f(z - h)) / 2h */
    double h = H_DIFF, central = (act_tanh(z + h) - act_tanh(z - h)) / (2.0 * h);
    hand_printf("    check: (tanh(%v + h) - tanh(%v - h)) / 2h with h = %v = %v\n\n", z, z, h,
                central);
    /* tanh z = 2 s(2z) - 1 */
    double s_2z = act_sigmoid(2.0 * z), stretched = 2.0 * s_2z - 1.0;
    hand_printf("tanh is a stretched sigmoid, tanh z = 2 s(2z) - 1:\n"
                "    2 s(1) - 1 = 2 x %v - 1 = %v\n\n", s_2z, stretched);
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
    /* the slope at the kink, measured from each side and across it */
    double h = H_DIFF;
    double right = (act_relu(h) - act_relu(0.0)) / h;
    double left = (act_relu(0.0) - act_relu(-h)) / h;
    double central = (act_relu(h) - act_relu(-h)) / (2.0 * h);
    hand_printf("At z = 0 the derivative is not defined (002: \"d/dz (zero) = not\n"
                "define\"): the slopes from the two sides differ. With h = %v:\n\n", h);
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
    double a = LEAKY_ALPHA, zn = -2.0, zp = 3.0, azn = a * zn, azp = a * zp;
    hand_printf("    leaky(-2) = max(%v x -2, -2) = max(%v, -2) = %v,   leaky'(-2) = %v\n",
                a, azn, act_leaky_relu(zn, a), act_leaky_relu_deriv(zn, a));
    hand_printf("    leaky(3)  = max(%v x 3, 3)   = max(%v, 3)   = %v,       leaky'(3)  = %v\n",
                a, azp, act_leaky_relu(zp, a), act_leaky_relu_deriv(zp, a));
    hand_printf("    at the kink annlab takes the left slope again: leaky'(0) = %v\n\n",
                act_leaky_relu_deriv(0.0, a));
    printf("PReLU (parametric ReLU) is the same with a slope alpha that the model\n"
           "learns (004: \"alpha can any number that has been trained by the\n"
           "model\"). Gradient descent needs f's derivative with respect to alpha:\n\n"
           "    d/dalpha max(alpha z, z) = z  for z <= 0,   0  for z > 0\n\n");
    Act prelu = act_of(ACT_PRELU);
    double alpha = prelu.alpha, alpha_zp = alpha * zp;
    hand_printf("    alpha = %v, z = -2: f = %v x -2 = %v,   df/dz = %v,   df/dalpha = %v\n",
                alpha, alpha, act_value(&prelu, zn), act_deriv(&prelu, zn),
                act_prelu_dalpha(zn));
    hand_printf("    alpha = %v, z = 3:  f = max(%v, 3) = %v,   df/dz = %v,      df/dalpha = %v\n"
                "Section 13 learns alpha.\n", alpha, alpha_zp, act_value(&prelu, zp),
                act_deriv(&prelu, zp), act_prelu_dalpha(zp));
}

/* ---- 6. ELU -------------------------------------------------------------------------- */

static void lecture_elu(void)
{
    hand_section("6. ELU: z for z > 0, alpha (e^z - 1) for z <= 0");
    printf("The exponential linear unit (004, alpha = 1) is the identity for\n"
           "positive z and bends smoothly down to -alpha for negative z:\n\n"
           "    f(z)  = z                for z > 0,    alpha (e^z - 1)  for z <= 0\n"
           "    f'(z) = 1                for z > 0,    alpha e^z = f(z) + alpha\n\n");
    /* z <= 0: f = alpha (e^z - 1), f' = alpha e^z */
    double alpha = ELU_ALPHA, z = -1.0, e = exp(z), f = alpha * (e - 1.0), df = alpha * e;
    hand_printf("    z = -1: f  = %v x (%v - 1) = %v\n", alpha, e, f);
    hand_printf("            f' = %v x %v = %v  (= f + alpha = %v + %v)\n", alpha, e, df, f, alpha);
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

/* Returns the lowest value swish takes (for section 10's table of ranges). */
static double lecture_swish(void)
{
    hand_section("7. Swish: z s(beta z)");
    printf("Swish (004, beta = 1) multiplies z by its own sigmoid:\n\n"
           "    f(z)  = z s(beta z)\n"
           "    f'(z) = s(beta z) + beta z s(beta z) (1 - s(beta z))\n\n");
    /* f = z s(beta z), f' = s + beta z s (1 - s) */
    double beta = SWISH_BETA, s1 = act_sigmoid(1.0), one_minus_s1 = 1.0 - s1;
    double f_minus1 = -1.0 * act_sigmoid(-1.0);
    hand_printf("    z = 1:  f = 1 x s(1) = %v\n"
                "            f' = %v + 1 x %v x %v = %v\n", s1, s1, s1, one_minus_s1,
                act_swish_deriv(1.0, beta));
    hand_printf("    z = -1: f = -1 x s(-1) = %v\n", f_minus1);
    /* f' = 0 gives s = 1 + 1/z, so there f = z s = z + 1 */
    double zmin = swish_minimum(-3.0, -0.5, beta), lowest = zmin + 1.0;
    hand_printf("\nUnlike ReLU it dips below 0 and comes back: f' = 0 where\n"
                "1 + z (1 - s(z)) = 0, at z = %v (bisection), where f = %v.\n"
                "There s = 1 + 1/z, so f = z s = z + 1 = %v: the lowest value swish takes.\n",
                zmin, act_swish(zmin, beta), lowest);
    return lowest;
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

static void lecture_softmax(void)
{
    hand_section("9. Softmax: p_i = e^(z_i) / sum_j e^(z_j)");
    printf("Softmax turns a vector of k scores into k probabilities (004):\n\n"
           "    p_i = e^(z_i) / sum_j e^(z_j)\n\n");
    /* e_i = e^(z_i),  p_i = e_i / sum_j e_j */
    double z[3] = {1, 2, 3}, e[3], sum = 0.0, p[3];
    for (int i = 0; i < 3; i++) {
        e[i] = exp(z[i]);
        sum += e[i];
    }
    hand_printf("    z = (1, 2, 3): e^z = (%v, %v, %v), sum = %v\n", e[0], e[1], e[2], sum);
    for (int i = 0; i < 3; i++)
        p[i] = e[i] / sum;
    double total = p[0] + p[1] + p[2];
    hand_printf("    p = (%v, %v, %v) / %v\n      = (%v, %v, %v)\n", e[0], e[1], e[2], sum, p[0],
                p[1], p[2]);
    hand_printf("    p1 + p2 + p3 = %v\n\n", total);

    double zc[3] = {101, 102, 103}, pc[3];
    act_softmax(pc, zc, 3);
    printf("Adding the same number to every z changes nothing: e^(z_i + c) =\n"
           "e^(z_i) e^c, and e^c cancels between the top and the bottom.\n");
    hand_printf("    softmax(101, 102, 103) = (%v, %v, %v)\n", pc[0], pc[1], pc[2]);

    double zb[3] = {1000, 1001, 1002}, pn[3], ps[3];
    softmax_naive(pn, zb, 3);
    act_softmax(ps, zb, 3);
    hand_printf("\nThat matters in a computer: e^1000 = %v in double precision (the largest\n"
                "double is about 1.8e308, e^709.8). Written as is, softmax(1000, 1001, 1002)\n"
                "divides infinity by infinity:\n", exp(zb[0]));
    hand_printf("    naive  p = (%v, %v, %v)\n", pn[0], pn[1], pn[2]);
    printf("The stable version subtracts the largest z first (the shift above):\n"
           "z - 1002 = (-2, -1, 0), whose exponentials are at most e^0 = 1.\n");
    hand_printf("    stable p = (%v, %v, %v)\n", ps[0], ps[1], ps[2]);
    printf("the same as softmax(1, 2, 3), because (1000, 1001, 1002) is (1, 2, 3) + 999.\n\n");

    double z2[2] = {0.3775, 0.0}, p2[2];
    act_softmax(p2, z2, 2);
    hand_printf("With two classes softmax is the sigmoid: softmax(z, 0) = (s(z), s(-z)),\n"
                "since e^z / (e^z + e^0) = 1 / (1 + e^-z). At z = 0.3775: %v,\n"
                "and s(0.3775) = %v.\n", p2[0], act_sigmoid(z2[0]));
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
    double column = J[0] + J[3] + J[6];
    hand_printf("    each column sums to 0, because the p always sum to 1:\n"
                "    %v%+v%+v = 0 (the computer gets %v: 0.1, 0.2 and 0.3\n"
                "    have no exact binary form)\n\n", J[0], J[3], J[6], column);

    printf("With the cross-entropy L = -sum_i y_i log p_i (003), dL/dp_i = -y_i / p_i,\n"
           "and the chain rule through J gives the short answer the notes write:\n\n"
           "    dL/dz_j = sum_i (dL/dp_i) (dp_i/dz_j) = p_j - y_j\n\n");
    double y[3] = {1, 0, 0};
    double dL_dp1 = -y[0] / p[0];
    hand_printf("    true class 1, y = (1, 0, 0): dL/dp1 = -1 / %v = %v, the others 0\n", p[0],
                dL_dp1);
    /* dL/dz_j = dL/dp1 x dp1/dz_j: only i = 1 has y_i != 0 */
    double dL_dz[3], p_minus_y[3];
    for (int j = 0; j < 3; j++) {
        dL_dz[j] = dL_dp1 * J[j];
        p_minus_y[j] = p[j] - y[j];
    }
    hand_printf("    dL/dz = %v x (%v, %v, %v) = (%v, %v, %v)\n", dL_dp1, J[0], J[1], J[2],
                dL_dz[0], dL_dz[1], dL_dz[2]);
    hand_printf("    p - y = (%v - 1, %v - 0, %v - 0)        = (%v, %v, %v)\n", p[0], p[1], p[2],
                p_minus_y[0], p_minus_y[1], p_minus_y[2]);
}

/* ---- 10. Side by side ---------------------------------------------------------------------- */

/* The elementwise activations of the notes, in the order of the tables,
 * with their legend and line style on the charts. */
typedef struct {
    const char *name;
    Act act;
    const char *legend, *style;
} Named;

#define N_ELEMENTWISE 8
static const Named ELEMENTWISE[N_ELEMENTWISE] = {
    {"linear", {.kind = ACT_LINEAR}, "linear", "lines lw 2 dt 3 lc rgb '#999999'"},
    {"step", {.kind = ACT_STEP}, "step", "lines lw 2 dt 2 lc rgb '#555555'"},
    {"sigmoid", {.kind = ACT_SIGMOID}, "sigmoid", "lines lw 3 lc rgb '#c0392b'"},
    {"tanh", {.kind = ACT_TANH}, "tanh", "lines lw 3 lc rgb '#2e6fb5'"},
    {"relu", {.kind = ACT_RELU}, "relu", "lines lw 3 lc rgb '#27ae60'"},
    {"leaky_relu", {.kind = ACT_LEAKY_RELU, .alpha = LEAKY_ALPHA}, "leaky relu (alpha 0.1)",
     "lines lw 2 dt 4 lc rgb '#16a085'"}, /* drawn with PLOT_LEAKY */
    {"elu", {.kind = ACT_ELU, .alpha = ELU_ALPHA}, "elu (alpha = 1)",
     "lines lw 2 lc rgb '#8e44ad'"},
    {"swish", {.kind = ACT_SWISH, .beta = SWISH_BETA}, "swish (beta = 1)",
     "lines lw 2 lc rgb '#e67e22'"},
};

/* A table: one row per activation, one column per z; deriv selects f'. */
static void print_table(const double *zs, int nz, int deriv)
{
    hand_printf("    %-10s", deriv ? "f'(z) at z" : "f(z) at z");
    for (int k = 0; k < nz; k++)
        hand_printf("  %13v", zs[k]);
    putchar('\n');
    for (int r = 0; r < N_ELEMENTWISE; r++) {
        const Act *f = &ELEMENTWISE[r].act;
        hand_printf("    %-10s", ELEMENTWISE[r].name);
        for (int k = 0; k < nz; k++)
            hand_printf("  %13v", deriv ? act_deriv(f, zs[k]) : act_value(f, zs[k]));
        putchar('\n');
    }
}

/* The smallest and largest f and f' of one activation on z = -10, -9.99, ..., 10. */
typedef struct {
    double lo, hi, dlo, dhi;
} Extremes;

static Extremes grid_extremes(const Act *f)
{
    Extremes x = {INFINITY, -INFINITY, INFINITY, -INFINITY};
    for (int i = -1000; i <= 1000; i++) {
        double z = i * 0.01, v = act_value(f, z), d = act_deriv(f, z);
        x.lo = fmin(x.lo, v), x.hi = fmax(x.hi, v), x.dlo = fmin(x.dlo, d), x.dhi = fmax(x.dhi, d);
    }
    return x;
}

static void plot_curves(Plotter *plotter, int deriv)
{
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
    for (int r = 0; r < N_ELEMENTWISE; r++) {
        Act f = ELEMENTWISE[r].act;
        if (f.kind == ACT_LEAKY_RELU)
            f.alpha = PLOT_LEAKY; /* a slope that shows */
        for (int i = 0; i < NZ; i++) {
            x[i] = -4.0 + i * 0.01;
            y[i] = deriv ? act_deriv(&f, x[i]) : act_value(&f, x[i]);
        }
        plot_series(pl, ELEMENTWISE[r].legend, ELEMENTWISE[r].style, x, y, NZ);
    }
    plot_end(pl);
}

static void lecture_side_by_side(Plotter *plotter, int have_z, double user_z, double swish_lowest)
{
    hand_section("10. The activations side by side");
    double zs[6] = {-2, -0.5, 0, 0.5, 2, user_z};
    int nz = have_z ? 6 : 5;
    printf("Values and derivatives (leaky_relu alpha = 0.01, elu alpha = 1, swish\n"
           "beta = 1; at z = 0 the kinks take the left slope):\n\n");
    print_table(zs, nz, 0);
    putchar('\n');
    print_table(zs, nz, 1);
    printf("\nSoftmax is not in these tables: it maps a whole vector (section 9).\n\n"
           "Ranges (002 lists them: \"Sig = 0 to 1, tanh = -1 to 1, Relu = 0 to inf,\n"
           "Leaky Relu = 0.01 to 2\"). The smallest and largest values on z = -10,\n"
           "-9.99, ..., 10:\n\n");
    hand_printf("    %-10s  %14s  %14s  %14s  %14s\n", "", "min f", "max f", "min f'", "max f'");
    for (int r = 0; r < N_ELEMENTWISE; r++) {
        Extremes x = grid_extremes(&ELEMENTWISE[r].act);
        hand_printf("    %-10s  %14v  %14v  %14v  %14v\n", ELEMENTWISE[r].name, x.lo, x.hi,
                    x.dlo, x.dhi);
    }
    hand_printf("\nOver all z:\n\n"
                "    activation  f(z) takes values in        f'(z) takes values in\n"
                "    linear      (-inf, inf)                  1\n"
                "    step        {0, 1}                       0 (undefined at 0)\n"
                "    sigmoid     (0, 1)                       (0, 0.25], 0.25 at z = 0\n"
                "    tanh        (-1, 1)                      (0, 1], 1 at z = 0\n"
                "    relu        [0, inf)                     {0, 1}\n"
                "    leaky_relu  (-inf, inf)                  {0.01, 1}\n"
                "    elu         (-1, inf)   (alpha = 1)      (0, 1]\n"
                "    swish       [%v, inf)          about (-0.0998, 1.0998)\n"
                "    softmax     each p_i in (0, 1), sum 1    the Jacobian of section 9\n\n"
                "So 002's \"Leaky Relu = 0.01 to 2\" is not a range: leaky ReLU takes every\n"
                "real value, and its slopes are 0.01 and 1 (see Errata). On a computer the\n"
                "open ends get reached: s(40) rounds to 1 and s(-800) to 0.\n\n"
                "activations.png and derivatives.png draw them all; leaky ReLU there has\n"
                "alpha = 0.1, because a slope of 0.01 would not show.\n", swish_lowest);
    plot_curves(plotter, 0);
    plot_curves(plotter, 1);
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

static void plot_vanishing(Plotter *plotter, double prods[][CHAIN_N])
{
    static const char *names[] = {"0.25^n: sigmoid's best case (every z = 0)",
                                  "sigmoid chain (w = 1, b = 0, a_0 = 1)",
                                  "tanh chain (w = 1, b = 0, a_0 = 1)",
                                  "relu chain (w = 1, b = 0, a_0 = 1)",
                                  "0.1^n: 001's example"};
    static const char *styles[] = {"linespoints pt 7 lw 2 lc rgb '#c0392b'",
                                   "linespoints pt 5 lw 2 dt 2 lc rgb '#e67e22'",
                                   "linespoints pt 9 lw 2 lc rgb '#2e6fb5'",
                                   "linespoints pt 11 lw 2 lc rgb '#27ae60'",
                                   "linespoints pt 13 lw 2 dt 3 lc rgb '#555555'"};
    ChapterCurve curves[5];
    for (int c = 0; c < 5; c++) /* n = 1 .. CHAIN_N */
        curves[c] = (ChapterCurve){names[c], styles[c], prods[c], CHAIN_N, 1};
    chapter_plot_curves(plotter, "vanishing", &(PlotSpec){
        .title = "A gradient through n layers is a product of n derivatives",
        .xlabel = "n (layers the gradient passes through)",
        .ylabel = "d a_n / d a_0 (log scale)",
        .settings = "set logscale y\nset format y '1e%T'\nset xrange [1:10]\nset yrange [1e-11:3]\n"
                    "set key bottom left\nset grid",
        .width = 1000, .height = 650}, curves, 5);
}

/* Section 11's table of d a_n / d a_0 for n = 1 .. CHAIN_N, into prods:
 * 0.25^n, the sigmoid, tanh and relu chains, 0.1^n. */
static void vanishing_table(double prods[5][CHAIN_N])
{
    for (int k = 0; k < CHAIN_N; k++) {
        prods[0][k] = pow(0.25, k + 1); /* every z_k = 0: the most a sigmoid passes */
        prods[4][k] = pow(0.1, k + 1);  /* 001's factors of 0.1 */
    }
    static const ActKind chains[3] = {ACT_SIGMOID, ACT_TANH, ACT_RELU};
    for (int c = 0; c < 3; c++)
        chain_products(&(Act){.kind = chains[c]}, 1.0, 1.0, 0.0, CHAIN_N, prods[1 + c]);
    hand_printf("    %3s  %14s  %14s  %14s  %14s  %14s\n", "n", "0.25^n", "sigmoid chain",
                "tanh chain", "relu chain", "0.1^n (001)");
    for (int k = 0; k < CHAIN_N; k++)
        hand_printf("    %3d  %14v  %14v  %14v  %14v  %14v\n", k + 1, prods[0][k], prods[1][k],
                    prods[2][k], prods[3][k], prods[4][k]);
    printf("\n0.25^n is the most a sigmoid chain with w = 1 can pass on (every z = 0;\n"
           "002: \"0 <= 0.25\"); the real chain's z are not 0, so it passes on less.\n"
           "tanh' can reach 1, so a tanh chain shrinks much more slowly, and ReLU\n"
           "passes a positive signal's gradient on unchanged (its derivative is 1).\n\n");
}

/* 001's example: one update with a gradient of four factors of 0.1. */
static void vanishing_update(void)
{
    /* w_new = w_old - eta dL/dw */
    double dL_dw = 0.1 * 0.1 * 0.1 * 0.1, eta = 0.01, w_old = 1.0, w_new = w_old - eta * dL_dw;
    hand_printf("001's example: 0.1 x 0.1 x 0.1 x 0.1 = %v. With that gradient, eta = %v\n"
                "and w_old = %v: w_new = w_old - eta dL/dw = %v - %v x %v = %v.\n", dL_dw, eta,
                w_old, w_old, eta, dL_dw, w_new);
    printf("The weight moves in the 6th decimal (001 writes 0.9999: see Errata): it\n"
           "barely learns. Four factors of 0.1 already do this; sigmoid factors are\n"
           "all below 0.25, and 0.25^7 = 6.1e-05 is smaller still.\n\n");
}

/* Exploding gradients (002): factors w s'(z) above 1, and why a sigmoid
 * chain saturates before it explodes while a ReLU chain does not. */
static void exploding_chain(void)
{
    /* each factor w s'(z) <= 0.25 |w| */
    double w = 500.0, bound = 0.25 * w;
    hand_printf("Exploding (002): each factor is w s'(z) <= 0.25 |w|. With a weight of %v\n"
                "one factor can be 0.25 x %v = %v, and n such factors give %v^n:\n", w, w, bound,
                bound);
    double product = 1.0;
    for (int n = 1; n <= 4; n++) {
        product *= bound;
        hand_printf("    n = %d: %v\n", n, product);
    }
    double a = 0.6, z = w * a, ds_z = act_sigmoid_deriv(z), factor = w * ds_z;
    double relu_growth = pow(1.5, 10); /* ten ReLU factors w = 1.5 */
    hand_printf("A sigmoid chain can explode only when |w| > 4 (else every factor is < 1),\n"
                "and only while z stays near 0: with w = %v and an input a = %v (b = 0),\n"
                "z = %v and w s'(z) = %v x %v\n"
                "                   = %v:\n"
                "the unit saturates and the gradient vanishes instead. With ReLU the\n"
                "factor is w itself, so weights above 1 grow it: 1.5^10 = %v.\n", w, a, z, w,
                ds_z, factor, relu_growth);
}

/* Section 11: a chain of one-unit layers, worked for two sigmoid layers,
 * then the table, 001's update, exploding and vanishing.png. */
static void lecture_vanishing(Plotter *plotter)
{
    hand_section("11. Why sigmoid chains vanish (and when gradients explode)");
    printf("Take a chain of one-unit layers, a_k = f(z_k), z_k = w a_(k-1) + b. By the\n"
           "chain rule (002, 004) the gradient reaching the first layer is a product\n"
           "with one factor per layer:\n\n"
           "    d a_n / d a_0 = (w f'(z_1)) x (w f'(z_2)) x ... x (w f'(z_n))\n\n"
           "With w = 1, b = 0 and a_0 = 1, a sigmoid chain starts:\n\n");
    /* z_k = w a_(k-1) + b,  a_k = s(z_k),  d a_2 / d a_0 = w s'(z1) x w s'(z2) */
    double z1 = 1.0, a1 = act_sigmoid(z1), one_minus_a1 = 1.0 - a1, ds_z1 = act_sigmoid_deriv(z1);
    double z2 = a1, ds_z2 = act_sigmoid_deriv(z2), da2_da0 = ds_z1 * ds_z2;
    hand_printf("    z1 = 1 x 1 + 0 = %v,  a1 = s(1) = %v\n"
                "    s'(z1) = %v x %v = %v\n", z1, a1, a1, one_minus_a1, ds_z1);
    hand_printf("    z2 = 1 x %v + 0 = %v,  s'(z2) = %v\n", a1, z2, ds_z2);
    hand_printf("    d a_2 / d a_0 = %v x %v = %v\n\n", ds_z1, ds_z2, da2_da0);

    /* the table's columns: 0.25^n, the three chains, 0.1^n */
    double prods[5][CHAIN_N];
    vanishing_table(prods);
    vanishing_update();
    exploding_chain();
    plot_vanishing(plotter, prods);
}

/* ---- 12. Dying ReLU ------------------------------------------------------------------------- */

/* One run of the experiment: data and weights from the seed. With
 * standardize, the inputs are shifted and scaled to mean 0, std 1 first. */
typedef struct {
    ActKind kind;
    double lr;
    int epochs;
    int standardize;
    uint64_t seed;
} DyingSetup;

/* The story of one training run, after e = 0, 1, ..., epochs epochs. */
typedef struct {
    int epochs;
    int diverged_at;                  /* the epoch whose cost was not finite, or -1 */
    double cost[DY_MAX_EPOCHS + 1];
    /* counts of hidden units, kept as doubles (the form the plot takes) */
    double dead[DY_MAX_EPOCHS + 1];   /* units with f'(z) = 0 for every sample */
    double asleep[DY_MAX_EPOCHS + 1]; /* units with z <= 0 for every sample */
    double most_dead;                 /* the largest dead[e] */
    int revived;                      /* units asleep after some epoch, awake at the end */
    double frozen_change;             /* largest weight change, epoch DY_SNAPSHOT to the end,
                                         of the units asleep at both; -1 if there are none */
} Run;

/* Per hidden unit j of the layer's last forward (m samples): asleep[j] = 1
 * when z_ij <= 0 for every sample i; the unit is dead when f'(z_ij) = 0
 * for every i (then no gradient reaches its weights). Returns the number
 * asleep and puts the number dead in *n_dead. */
static double unit_states(const Layer *d, int m, int *asleep, double *n_dead)
{
    double n_asleep = 0;
    *n_dead = 0;
    for (int j = 0; j < d->n_out; j++) {
        int dead = 1;
        asleep[j] = 1;
        for (int i = 0; i < m; i++) {
            double z = MAT_AT(d->Z, i, j);
            asleep[j] &= z <= 0;
            dead &= act_deriv(&d->act, z) == 0.0;
        }
        n_asleep += asleep[j];
        *n_dead += dead;
    }
    return n_asleep;
}

/* The run's data, DY_SAMPLES rows of X and Y: x1, x2 uniform on
 * [0, DY_X_MAX), y = sin x1 + cos x2. */
static void dying_data(Mat *X, Mat *Y, Rng *rng)
{
    for (int i = 0; i < DY_SAMPLES; i++) {
        double x1 = rng_uniform(rng, 0.0, DY_X_MAX), x2 = rng_uniform(rng, 0.0, DY_X_MAX);
        MAT_AT(X, i, 0) = x1;
        MAT_AT(X, i, 1) = x2;
        MAT_AT(Y, i, 0) = sin(x1) + cos(x2);
    }
}

/* After the run, per hidden unit j of the layer hidden: asleep[j] at the
 * end, ever[j] asleep after some epoch, snap_asleep[j] asleep at epoch
 * DY_SNAPSHOT, whose weights were W0, b0. Counts r->revived and finds
 * r->frozen_change, the largest change of a sleeping unit's weights. */
static void frozen_units(Run *r, const Layer *hidden, const int *asleep, const int *ever,
                         const int *snap_asleep, const Mat *W0, const Mat *b0)
{
    for (int j = 0; j < DY_HIDDEN; j++) {
        r->revived += ever[j] && !asleep[j];
        if (!snap_asleep[j] || !asleep[j])
            continue;
        /* the largest change of the sleeping unit's incoming weights and bias */
        double change = fabs(MAT_AT(hidden->b, 0, j) - MAT_AT(b0, 0, j));
        for (int i = 0; i < hidden->n_in; i++)
            change = fmax(change, fabs(MAT_AT(hidden->W, i, j) - MAT_AT(W0, i, j)));
        r->frozen_change = fmax(r->frozen_change, change);
    }
}

/* The run: x1, x2 uniform on [0, DY_X_MAX), y = sin x1 + cos x2; a net
 * 2 -> DY_HIDDEN (s->kind) -> 1 linear, He uniform, biases 0; full-batch
 * gradient descent on the MSE, recording the cost and the unit counts of
 * the weights after e epochs (the forward pass of net_cost_grad sees
 * exactly those weights). Returns 0, or -1 when the cost stopped being
 * finite (r->diverged_at) or memory ran out (said on stderr). */
static int dying_run(Run *r, const DyingSetup *s)
{
    Rng rng;
    rng_seed(&rng, s->seed);
    Mat *X = mat_new(DY_SAMPLES, 2), *Y = mat_new(DY_SAMPLES, 1);
    Mat *mean = mat_new(1, 2), *std = mat_new(1, 2), *W0 = NULL, *b0 = NULL;
    Net *net = net_new(2, DY_SAMPLES);
    Act hidden_act = {.kind = s->kind, .alpha = LEAKY_ALPHA}; /* relu ignores alpha */
    int rc = -1;
    r->epochs = s->epochs, r->diverged_at = -1, r->revived = 0;
    r->most_dead = 0.0, r->frozen_change = -1.0;
    if (!X || !Y || !mean || !std || !net || net_add(net, DY_HIDDEN, hidden_act) != 0 ||
        net_add(net, 1, act_of(ACT_LINEAR)) != 0) {
        chapter_error("out of memory");
        goto done;
    }
    dying_data(X, Y, &rng);
    if (s->standardize)
        data_standardize(X, mean, std);
    net_init(net, &(Init){.kind = INIT_HE_UNIFORM}, &rng); /* biases start at 0 */
    Layer *hidden = net->layers[0];
    W0 = mat_dup(hidden->W), b0 = mat_dup(hidden->b);
    if (!W0 || !b0) {
        chapter_error("out of memory");
        goto done;
    }
    Loss mse = {.kind = LOSS_MSE};
    int asleep[DY_HIDDEN], ever[DY_HIDDEN] = {0}, snap_asleep[DY_HIDDEN] = {0};
    for (int e = 0; e <= s->epochs; e++) {
        r->cost[e] = net_cost_grad(net, &mse, X, Y);
        if (!isfinite(r->cost[e])) {
            r->diverged_at = e;
            goto done;
        }
        r->asleep[e] = unit_states(hidden, DY_SAMPLES, asleep, &r->dead[e]);
        r->most_dead = fmax(r->most_dead, r->dead[e]);
        for (int j = 0; j < DY_HIDDEN; j++)
            ever[j] |= e > 0 && asleep[j];
        if (e == DY_SNAPSHOT && s->epochs > DY_SNAPSHOT) {
            mat_copy(W0, hidden->W);
            mat_copy(b0, hidden->b);
            memcpy(snap_asleep, asleep, sizeof asleep);
        }
        if (e < s->epochs)
            net_step(net, s->lr); /* W <- W - lr dW, b <- b - lr db */
    }
    frozen_units(r, hidden, asleep, ever, snap_asleep, W0, b0);
    rc = 0;
done:
    net_free(net);
    mat_free(X);
    mat_free(Y);
    mat_free(mean);
    mat_free(std);
    mat_free(W0);
    mat_free(b0);
    return rc;
}

/* dying_run, with the error message when it diverges; returns CHAPTER_OK or
 * CHAPTER_ERROR. */
static int must_run(Run *r, const DyingSetup *s)
{
    if (dying_run(r, s) == 0)
        return CHAPTER_OK;
    if (r->diverged_at >= 0) {
        chapter_error("the %s net diverged at epoch %d: the cost became infinite or NaN",
                      act_name(s->kind), r->diverged_at);
        fprintf(stderr, "hint: the learning rate %g is too large for this net; try a smaller "
                "--lr, e.g. %g\n", s->lr, s->lr > DY_LR ? DY_LR : s->lr / 10);
    }
    return CHAPTER_ERROR;
}

static void plot_dead(Plotter *plotter, const Run *relu, const Run *leaky, double lr)
{
    int n = relu->epochs + 1;
    ChapterCurve curves[3] = {
        {"ReLU: dead (output 0 and gradient 0 on every sample)", "lines lw 6 lc rgb '#e8a09a'",
         relu->dead, n, 0},
        {"leaky ReLU: z <= 0 on every sample (still learning)",
         "lines lw 2 dt 2 lc rgb '#1f4e8c'", leaky->asleep, n, 0},
        {"leaky ReLU: dead (gradient 0 on every sample)", "lines lw 3 lc rgb '#27ae60'",
         leaky->dead, n, 0}};
    char title[160], ylabel[40], settings[80];
    snprintf(title, sizeof title,
             "Dying ReLU: dead hidden units per epoch (%d units, inputs in [0, 5), lr %g)",
             DY_HIDDEN, lr);
    snprintf(ylabel, sizeof ylabel, "hidden units (of %d)", DY_HIDDEN);
    snprintf(settings, sizeof settings, "set yrange [-1:%d]\nset key top right\nset grid",
             DY_HIDDEN + 16);
    chapter_plot_curves(plotter, "dead_units", &(PlotSpec){
        .title = title, .xlabel = "epoch", .ylabel = ylabel,
        .settings = settings, .width = 1000, .height = 600}, curves, 3);
}

static void print_dying_table(const Run *relu, const Run *leaky)
{
    /* the marked epochs up to the last, and the last */
    static const int marks[] = {0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 300, 500, 1000, 2000};
    int rows[15], n = 0;
    for (int k = 0; k < 14 && marks[k] < relu->epochs; k++)
        rows[n++] = marks[k];
    rows[n++] = relu->epochs;
    printf("                   ReLU                 leaky ReLU\n");
    printf("    %5s  %12s  %9s    %12s  %9s  %11s\n", "epoch", "cost", "dead", "cost", "dead",
           "z <= 0 all");
    for (int k = 0; k < n; k++) {
        int e = rows[k];
        hand_printf("    %5d  %12v  %9v    %12v  %9v  %11v\n", e, relu->cost[e], relu->dead[e],
                    leaky->cost[e], leaky->dead[e], leaky->asleep[e]);
    }
}

/* Why they die, and the ReLU run of s again with a ten times smaller
 * rate and with standardized inputs (into tmp). Returns CHAPTER_OK, or
 * CHAPTER_ERROR after an error message. */
static int dying_compare(const DyingSetup *s, const Run *relu, Run *tmp)
{
    printf("Why they die. At the start, z = w1 x1 + w2 x2 with x1, x2 > 0: a unit\n"
           "whose two weights are both negative has z < 0 on every sample, so it is\n"
           "dead from the start (a quarter of the units, on average). Then\n"
           "every x is positive, so all of a unit's weight gradients share one sign,\n"
           "and a large step moves the whole unit at once - often past the point\n"
           "where z < 0 on every sample. The same net with a smaller learning rate,\n"
           "or with the inputs standardized to mean 0 and standard deviation 1:\n\n");
    static const char *labels[3] = {"inputs in [0, 5), lr", "inputs in [0, 5), lr",
                                    "standardized inputs, lr"};
    DyingSetup cmp[3] = {*s, *s, *s};
    cmp[1].lr = s->lr / 10; /* ten times smaller */
    cmp[2].standardize = 1;
    hand_printf("    %-38s  %10s  %10s  %12s\n", "ReLU net", "dead start", "dead end",
                "cost at end");
    for (int k = 0; k < 3; k++) {
        const Run *r = k == 0 ? relu : tmp;
        if (k > 0 && must_run(tmp, &cmp[k]) != 0)
            return CHAPTER_ERROR;
        /* the label and the rate share one column, 38 wide */
        hand_printf("    %s %*v  %10v  %10v  %12v\n", labels[k], (int)strlen(labels[k]) - 37,
                    cmp[k].lr, r->dead[0], r->dead[r->epochs], r->cost[r->epochs]);
    }
    return CHAPTER_OK;
}

/* The ReLU and leaky ReLU runs (s, sl) again for DY_SEEDS seeds from
 * s->seed, DY_TABLE_EPOCHS epochs each (into ra, rl). A run that diverges
 * is a row of the table, not an error. Returns CHAPTER_OK, or
 * CHAPTER_ERROR when memory ran out. */
static int dying_seeds(const DyingSetup *s, const DyingSetup *sl, Run *ra, Run *rl)
{
    int epochs = s->epochs < DY_TABLE_EPOCHS ? s->epochs : DY_TABLE_EPOCHS;
    printf("\nThe same two runs with seeds %" PRIu64 " to %" PRIu64 ", %d epochs each\n"
           "(new data and new weights each time; most units die in the first few epochs):\n\n",
           s->seed, s->seed + DY_SEEDS - 1, epochs);
    printf("    %6s  %12s  %12s  %14s  %12s\n", "seed", "ReLU dead", "leaky dead",
           "leaky z <= 0", "leaky back");
    double total_start = 0, total_end = 0;
    int ok = 0;
    for (int k = 0; k < DY_SEEDS; k++) {
        DyingSetup a = *s, c = *sl;
        a.seed = c.seed = s->seed + (uint64_t)k;
        a.epochs = c.epochs = epochs;
        int failed = dying_run(ra, &a) != 0 ? 1 : dying_run(rl, &c) != 0 ? 2 : 0;
        if (failed) {
            const Run *bad = failed == 1 ? ra : rl;
            if (bad->diverged_at < 0)
                return CHAPTER_ERROR; /* out of memory, said already */
            printf("    %6" PRIu64 "  diverged (%s) at epoch %d\n", a.seed,
                   failed == 1 ? "ReLU" : "leaky ReLU", bad->diverged_at);
            continue;
        }
        printf("    %6" PRIu64, a.seed);
        hand_printf("  %6v -> %-2v  %6v -> %-2v  %8v -> %-2v  %12d\n", ra->dead[0],
                    ra->dead[epochs], rl->dead[0], rl->dead[epochs], rl->asleep[0],
                    rl->asleep[epochs], rl->revived);
        total_start += ra->dead[0];
        total_end += ra->dead[epochs];
        ok++;
    }
    if (ok > 0) {
        double mean_start = total_start / ok, mean_end = total_end / ok;
        hand_printf("\nOn average ReLU goes from %v to %v dead units of %d; leaky ReLU loses "
                    "none.\n", mean_start, mean_end, DY_HIDDEN);
    }
    return CHAPTER_OK;
}

/* Section 12: the ReLU and the leaky ReLU run, the comparisons and the
 * seed table. Returns CHAPTER_OK, or CHAPTER_ERROR after an error
 * message. runs: room for 4. */
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
                DY_SAMPLES, DY_X_MAX, DY_HIDDEN, LEAKY_ALPHA, lr, epochs);
    Run *relu = &runs[0], *leaky = &runs[1];
    DyingSetup s = {.kind = ACT_RELU, .lr = lr, .epochs = epochs, .seed = seed};
    DyingSetup sl = s;
    sl.kind = ACT_LEAKY_RELU;
    if (must_run(relu, &s) != 0 || must_run(leaky, &sl) != 0)
        return CHAPTER_ERROR;
    print_dying_table(relu, leaky);
    int last = relu->epochs;
    hand_printf("\nReLU: %v of %d units dead at the start, %v after %d epochs.\n",
                relu->dead[0], DY_HIDDEN, relu->dead[last], last);
    if (relu->frozen_change >= 0)
        hand_printf("The weights of the units dead at epoch %d changed by %v from there to\n"
                    "the end: not at all, bit for bit. Revived: %d. Dead is dead.\n",
                    DY_SNAPSHOT, relu->frozen_change, relu->revived);
    hand_printf("Leaky ReLU: at most %v dead units at any epoch (its slope for z < 0 is\n"
                "%v, never 0). %v units still sit at z <= 0 on every sample after %d epochs,\n",
                leaky->most_dead, LEAKY_ALPHA, leaky->asleep[last], last);
    if (leaky->frozen_change >= 0)
        hand_printf("but they keep learning: from epoch %d to the end their weights moved\n"
                    "by up to %v. %d of them came back to z > 0 on some samples.\n",
                    DY_SNAPSHOT, leaky->frozen_change, leaky->revived);
    else
        hand_printf("and %d came back to z > 0 on some samples.\n", leaky->revived);
    printf("A slope of 0.01 keeps them alive, but learning 100 times more slowly.\n\n");
    if (dying_compare(&s, relu, &runs[2]) != 0 || dying_seeds(&s, &sl, &runs[2], &runs[3]) != 0)
        return CHAPTER_ERROR;
    plot_dead(plotter, relu, leaky, lr);
    return CHAPTER_OK;
}

/* ---- 13. PReLU learns alpha --------------------------------------------------------------- */

/* One PReLU unit with z = x (w = 1, b = 0 held fixed) on m points: its cost
 *     C(alpha) = 1/m sum_i (f(x_i; alpha) - y_i)^2
 * and the gradient
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

/* steps of gradient descent from p's alpha: alpha[k], C and dC/dalpha
 * after k steps, k = 0 .. steps. */
static void prelu_learn(PreluFit p, int steps, double *alpha, double *cost, double *grad)
{
    for (int k = 0; k <= steps; k++) {
        alpha[k] = p.alpha;
        cost[k] = prelu_cost(&p);
        grad[k] = prelu_grad(&p);
        p.alpha -= PR_ETA * grad[k]; /* alpha <- alpha - eta dC/dalpha */
    }
}

static void plot_alpha(Plotter *plotter, const double *alpha)
{
    double zero[PR_STEPS + 1], target[PR_STEPS + 1];
    for (int k = 0; k <= PR_STEPS; k++)
        zero[k] = 0.0, target[k] = -1.0;
    ChapterCurve curves[3] = {
        {"alpha (learning rate eta = 0.1 throughout)",
         "linespoints pt 7 ps 0.8 lw 2 lc rgb '#8e44ad'", alpha, PR_STEPS + 1, 0},
        {"alpha = 0: plain ReLU", "lines dt 2 lw 1 lc rgb '#27ae60'", zero, PR_STEPS + 1, 0},
        {"alpha = -1: f(x) = |x|", "lines dt 3 lw 2 lc rgb '#555555'", target, PR_STEPS + 1, 0}};
    chapter_plot_curves(plotter, "prelu_alpha", &(PlotSpec){
        .title = "PReLU learns its slope alpha by gradient descent (target |x|: alpha = -1)",
        .xlabel = "gradient descent step", .ylabel = "alpha",
        .settings = "set key top right\nset grid\nset yrange [-1.2:0.4]", .width = 1000},
        curves, 3);
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
    /* f = alpha x for x <= 0, and df/dalpha = x: each term is (f - y) x */
    double sum = 0.0;
    for (int i = 0; i < PR_POINTS && x[i] <= 0; i++) {
        double f = p.alpha * x[i], term = (f - y[i]) * x[i];
        hand_printf("    x = %v: f = %v x %v = %v, (f - y) x = (%v - %v) x %v = %v\n", x[i],
                    p.alpha, x[i], f, f, y[i], x[i], term);
        sum += term;
    }
    double dC_dalpha = 2.0 * sum / PR_POINTS, alpha1 = p.alpha - PR_ETA * dC_dalpha;
    hand_printf("    dC/dalpha = 2/%d x %v = %v\n", PR_POINTS, sum, dC_dalpha);
    double central = gradcheck_numeric(prelu_cost, &p, &p.alpha, H_DIFF);
    hand_printf("    check: central difference of C at alpha = %v: %v\n", p.alpha, central);
    hand_printf("    alpha = %v - %v x %v = %v\n\n", p.alpha, PR_ETA, dC_dalpha, alpha1);

    double alpha[PR_STEPS + 1], cost[PR_STEPS + 1], grad[PR_STEPS + 1];
    prelu_learn(p, PR_STEPS, alpha, cost, grad);
    hand_printf("    %4s  %14s  %14s  %14s\n", "step", "alpha", "cost C", "dC/dalpha");
    static const int marks[] = {0, 1, 2, 3, 4, 5, 10, 20, 30, 40, 50};
    for (int k = 0; k < 11 && marks[k] <= PR_STEPS; k++)
        hand_printf("    %4d  %14v  %14v  %14v\n", marks[k], alpha[marks[k]], cost[marks[k]],
                    grad[marks[k]]);
    /* C is quadratic in alpha: C = (alpha + 1)^2 S with S = 1/m sum_(x<=0) x^2, so
     * each step multiplies alpha + 1 by (1 - 2 eta S) */
    double S = 0.0;
    for (int i = 0; i < PR_POINTS; i++)
        S += x[i] <= 0 ? x[i] * x[i] : 0.0;
    S /= PR_POINTS;
    double factor = 1.0 - 2.0 * PR_ETA * S;
    double alpha_closed = -1.0 + (PR_ALPHA0 + 1.0) * pow(factor, PR_STEPS);
    hand_printf("\nalpha passed 0 (plain ReLU) and settled at -1, where f(x) = max(-x, x) = |x|\n"
                "fits every point. The cost is (alpha + 1)^2 S with S = 1/m sum x_i^2 over\n"
                "x_i <= 0 = %v, so each step multiplies alpha + 1 by\n"
                "1 - 2 eta S = %v:\n"
                "    alpha_%d = -1 + (%v + 1) x %v^%d = %v (the loop: %v)\n"
                "alpha is a parameter, trained by gradient descent with the learning rate\n"
                "eta = %v; it is not the learning rate (004 calls it one: see Errata).\n",
                S, factor, PR_STEPS, PR_ALPHA0, factor, PR_STEPS, alpha_closed, alpha[PR_STEPS],
                PR_ETA);
    plot_alpha(plotter, alpha);
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
    CliRange ranges[] = {{"lr", '(', 0, INFINITY, ')'}, {"epochs", '[', 1, DY_MAX_EPOCHS, ']'}};
    CliSpec spec = {.program = CHAPTER, .card = CARD, .default_seed = SEED, .flags = flags,
                    .n_flags = 3, .ranges = ranges, .n_ranges = 2};
    Chapter ch;
    int rc = chapter_begin(&ch, &spec, argc, argv);
    if (rc != CHAPTER_RUN)
        return rc;

    Run *runs = malloc(4 * sizeof *runs); /* section 12's two runs and two more */
    if (!runs)
        return chapter_error("out of memory");
    rc = chapter_start_lecture(&ch);
    if (rc == CHAPTER_OK) {
        lecture_why();
        lecture_sigmoid();
        lecture_tanh();
        lecture_relu();
        lecture_leaky_prelu();
        lecture_elu();
        double swish_lowest = lecture_swish();
        lecture_linear_step();
        lecture_softmax();
        lecture_softmax_gradient();
        lecture_side_by_side(&ch.plots, !isnan(user_z), user_z, swish_lowest);
        lecture_vanishing(&ch.plots);
        rc = lecture_dying(&ch.plots, ch.opt.seed, lr, epochs, runs);
    }
    if (rc == CHAPTER_OK) {
        lecture_prelu(&ch.plots);
        lecture_where();
    }
    free(runs);
    return chapter_end(&ch, rc);
}
