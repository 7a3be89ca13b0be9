/* Grader of chapter 06, activation functions (10 points): the notes' and
 * the chapter's hand values (sigmoid at 0, 2 and 001's 0.3775; tanh(0.5)
 * and 1 - a^2; leaky ReLU at -2; softmax(1, 2, 3); 0.25^n), the
 * behaviour the chapter teaches (no NaN at |z| = 800 or z = 1000,
 * s' <= 0.25 with its peak at 0, tanh' = 1 - a^2 matching a numeric
 * derivative, softmax summing to 1 and ignoring a shift), and agreement
 * with the library's activations (lib/act.h) on a grid of z. */
#include "act.h"
#include "exercises.h"
#include "grade.h"

const char grade_chapter[] = "06_activations";
const GradeExercise grade_exercises[] = {
    {"sigmoid", "6.1", "the sigmoid and its derivative", 2,
     "s(z) = 1 / (1 + e^-z) and s'(z) = s (1 - s); s(0) = 0.5, s'(0) = 0.25. For z < 0 "
     "write s = e^z / (1 + e^z) so that no e^x overflows (s(800) = 1, s(-800) = 0, never NaN)"},
    {"tanh", "6.2", "tanh and its derivative from the output", 2,
     "tanh(0.5) = (e^0.5 - e^-0.5) / (e^0.5 + e^-0.5) = 0.462117157; the derivative takes "
     "the OUTPUT a and returns 1 - a^2. For large |z|, e^z overflows: use tanh z = "
     "2 s(2z) - 1, or divide top and bottom by e^|z|"},
    {"leaky_relu", "6.3", "leaky ReLU and its derivative", 2,
     "f(z) = z for z > 0, alpha z otherwise (leaky(-2) with alpha 0.01 is -0.02); "
     "f'(z) = 1 for z > 0, alpha otherwise - z = 0 included"},
    {"softmax", "6.4", "the stable softmax", 2,
     "subtract the largest z from every z before exp: softmax(1000, 1001, 1002) = "
     "softmax(-2, -1, 0) = (0.0900305732, 0.244728471, 0.665240956); write all n entries"},
    {"sigmoid_chain", "6.5", "the product of n sigmoid derivatives", 2,
     "start from 1 and multiply by s'(z[k]) for k = 0 .. n-1; all zeros give 0.25^n, "
     "n = 0 gives 1"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* Values quoted to 9 significant digits, in [0.1, 1): half a unit of the
 * last digit. */
#define TOL_9SF 5e-10
/* A few exact double operations: room for rounding only. */
#define TOL 1e-12

GRADE_TEST(sigmoid)
{
    /* s(0) = 1 / (1 + e^0) = 1 / 2; s'(0) = 0.5 x 0.5 = 0.25 (002's maximum) */
    GRADE_NEAR(ex_sigmoid(0.0), 0.5, TOL, "ex_sigmoid(0)");
    GRADE_NEAR(ex_sigmoid_deriv(0.0), 0.25, TOL, "ex_sigmoid_deriv(0)");
    /* e^-2 = 0.135335283: s(2) = 1 / 1.135335283 = 0.880797078,
     * s'(2) = 0.880797078 x 0.119202922 = 0.104993585; s(-2) = 1 - s(2) */
    GRADE_NEAR(ex_sigmoid(2.0), 0.880797078, TOL_9SF, "ex_sigmoid(2)");
    GRADE_NEAR(ex_sigmoid(-2.0), 0.119202922, TOL_9SF, "ex_sigmoid(-2)");
    GRADE_NEAR(ex_sigmoid_deriv(2.0), 0.104993585, TOL_9SF, "ex_sigmoid_deriv(2)");
    GRADE_NEAR(ex_sigmoid_deriv(-2.0), 0.104993585, TOL_9SF, "ex_sigmoid_deriv(-2)");
    /* 001's worked example: s(0.3775) = 1 / (1 + 0.685573202) = 0.593269992,
     * and at y1 = 1.10590597: s' = 0.75136507 x 0.24863493 = 0.186815602 */
    GRADE_NEAR(ex_sigmoid(0.3775), 0.593269992, TOL_9SF, "ex_sigmoid(0.3775)");
    GRADE_NEAR(ex_sigmoid_deriv(1.10590597), 0.186815602, TOL_9SF,
               "ex_sigmoid_deriv(1.10590597)");
    /* no NaN at the ends: s(800) = 1, s(-800) = e^-800 / ... = 0 in doubles */
    double hi = ex_sigmoid(800.0), lo = ex_sigmoid(-800.0);
    GRADE_NEAR(hi, 1.0, TOL, "ex_sigmoid(800)");
    cr_assert(isfinite(lo) && lo >= 0.0 && lo <= 1e-300, "ex_sigmoid(-800): expected 0 "
              "(or a tiny positive number), got %.9g", lo);
    /* behaviour: the library's values on z = -10, -9.9, ..., 10, and s' <= 0.25 */
    for (int i = -100; i <= 100; i++) {
        double z = i * 0.1;
        GRADE_NEAR(ex_sigmoid(z), act_sigmoid(z), TOL, "ex_sigmoid(%g)", z);
        GRADE_NEAR(ex_sigmoid_deriv(z), act_sigmoid_deriv(z), TOL, "ex_sigmoid_deriv(%g)", z);
        cr_assert(ex_sigmoid_deriv(z) <= 0.25, "ex_sigmoid_deriv(%g) = %.17g > 0.25", z,
                  ex_sigmoid_deriv(z));
    }
}

GRADE_TEST(tanh)
{
    /* e^0.5 = 1.64872127, e^-0.5 = 0.60653066:
     * tanh(0.5) = 1.04219061 / 2.25525193 = 0.462117157; tanh is odd */
    GRADE_NEAR(ex_tanh(0.5), 0.462117157, TOL_9SF, "ex_tanh(0.5)");
    GRADE_NEAR(ex_tanh(-0.5), -0.462117157, TOL_9SF, "ex_tanh(-0.5)");
    GRADE_NEAR(ex_tanh(0.0), 0.0, TOL, "ex_tanh(0)");
    /* tanh(3) = 0.995054754 (the chapter's saturation example) */
    GRADE_NEAR(ex_tanh(3.0), 0.995054754, TOL_9SF, "ex_tanh(3)");
    /* e^800 overflows: (inf - 0) / (inf + 0) would be NaN; tanh(+-800) = +-1 */
    GRADE_NEAR(ex_tanh(800.0), 1.0, TOL, "ex_tanh(800)");
    GRADE_NEAR(ex_tanh(-800.0), -1.0, TOL, "ex_tanh(-800)");
    /* 1 - a^2: 1 - 0.462117157^2 = 0.786447733; 1 - 0 = 1; 1 - 0.5^2 = 0.75;
     * a = tanh(3) = 0.9950547536867305 (all 16 digits: 1 - a^2 magnifies an
     * error in a about 200-fold here): 1 - a^2 = 0.00986603717 (absolute
     * 5e-12: half a unit of its 9th digit) */
    GRADE_NEAR(ex_tanh_deriv_from_output(0.462117157), 0.786447733, TOL_9SF,
               "ex_tanh_deriv_from_output(a = 0.462117157)");
    GRADE_NEAR(ex_tanh_deriv_from_output(0.0), 1.0, TOL, "ex_tanh_deriv_from_output(a = 0)");
    GRADE_NEAR(ex_tanh_deriv_from_output(-0.5), 0.75, TOL, "ex_tanh_deriv_from_output(a = -0.5)");
    GRADE_NEAR(ex_tanh_deriv_from_output(0.9950547536867305), 0.00986603717, 5e-12,
               "ex_tanh_deriv_from_output(a = 0.9950547536867305)");
    /* behaviour: the library's tanh on a grid, and 1 - a^2 at a = tanh(z)
     * against a central difference of the student's own tanh (h = 1e-5:
     * the difference is good to ~1e-10 for this smooth function) */
    for (int i = -40; i <= 40; i++) {
        double z = i * 0.1;
        GRADE_NEAR(ex_tanh(z), act_tanh(z), TOL, "ex_tanh(%g)", z);
        double h = 1e-5;
        double numeric = (ex_tanh(z + h) - ex_tanh(z - h)) / (2 * h);
        GRADE_NEAR(ex_tanh_deriv_from_output(ex_tanh(z)), numeric, 1e-8,
                   "1 - a^2 at a = ex_tanh(%g), against (tanh(z+h) - tanh(z-h)) / 2h", z);
    }
}

GRADE_TEST(leaky_relu)
{
    /* 004's alpha = 0.01: leaky(-2) = max(-0.02, -2) = -0.02; leaky(3) = 3 */
    GRADE_NEAR(ex_leaky_relu(-2.0, 0.01), -0.02, TOL, "ex_leaky_relu(-2, alpha = 0.01)");
    GRADE_NEAR(ex_leaky_relu(3.0, 0.01), 3.0, TOL, "ex_leaky_relu(3, alpha = 0.01)");
    GRADE_NEAR(ex_leaky_relu(0.0, 0.01), 0.0, TOL, "ex_leaky_relu(0, alpha = 0.01)");
    /* another alpha: -1.5 x 0.2 = -0.3; -4 x 0.25 = -1 */
    GRADE_NEAR(ex_leaky_relu(-1.5, 0.2), -0.3, TOL, "ex_leaky_relu(-1.5, alpha = 0.2)");
    GRADE_NEAR(ex_leaky_relu(-4.0, 0.25), -1.0, TOL, "ex_leaky_relu(-4, alpha = 0.25)");
    /* derivative: alpha on the left (z = 0 included), 1 on the right */
    GRADE_NEAR(ex_leaky_relu_deriv(-2.0, 0.01), 0.01, TOL, "ex_leaky_relu_deriv(-2, alpha = 0.01)");
    GRADE_NEAR(ex_leaky_relu_deriv(3.0, 0.01), 1.0, TOL, "ex_leaky_relu_deriv(3, alpha = 0.01)");
    GRADE_NEAR(ex_leaky_relu_deriv(0.0, 0.01), 0.01, TOL,
               "ex_leaky_relu_deriv(0, alpha = 0.01) (the left slope)");
    GRADE_NEAR(ex_leaky_relu_deriv(-0.5, 0.2), 0.2, TOL, "ex_leaky_relu_deriv(-0.5, alpha = 0.2)");
    GRADE_NEAR(ex_leaky_relu_deriv(1e-9, 0.2), 1.0, TOL, "ex_leaky_relu_deriv(1e-9, alpha = 0.2)");
    /* behaviour: the library's leaky ReLU on a grid, alpha = 0.3 */
    for (int i = -30; i <= 30; i++) {
        double z = i * 0.1;
        GRADE_NEAR(ex_leaky_relu(z, 0.3), act_leaky_relu(z, 0.3), TOL, "ex_leaky_relu(%g, 0.3)", z);
        GRADE_NEAR(ex_leaky_relu_deriv(z, 0.3), act_leaky_relu_deriv(z, 0.3), TOL,
                   "ex_leaky_relu_deriv(%g, 0.3)", z);
    }
}

/* p must equal want to within tol, entry by entry, and be finite. */
static void softmax_near(const double *z, int n, const double *want, double tol,
                         const char *what)
{
    double p[8];
    grade_fill_unwritten(p, 8); /* an entry left unwritten shows */
    ex_softmax(p, z, n);
    for (int i = 0; i < n; i++)
        GRADE_NEAR(p[i], want[i], tol, "ex_softmax(%s): p[%d]", what, i);
}

GRADE_TEST(softmax)
{
    /* e^1, e^2, e^3 = 2.71828183, 7.3890561, 20.0855369; sum 30.1928749:
     * p = (0.0900305732, 0.244728471, 0.665240956) */
    static const double p123[] = {0.0900305732, 0.244728471, 0.665240956};
    softmax_near((const double[]){1, 2, 3}, 3, p123, TOL_9SF, "1, 2, 3");
    /* a shift changes nothing; the naive e^1000 would be infinite (NaN
     * after dividing), and e^-1000 / sum would be 0 / 0 */
    softmax_near((const double[]){1000, 1001, 1002}, 3, p123, TOL_9SF, "1000, 1001, 1002");
    softmax_near((const double[]){-1000, -999, -998}, 3, p123, TOL_9SF, "-1000, -999, -998");
    /* the largest z anywhere in the vector must be found: e^(800 - 0) would
     * overflow. p = (e^-800, e^-800, 1) / (1 + 2 e^-800) = (0, 0, 1) in doubles */
    softmax_near((const double[]){0, 0, 800}, 3, (const double[]){0, 0, 1}, TOL, "0, 0, 800");
    softmax_near((const double[]){800, 0, 0}, 3, (const double[]){1, 0, 0}, TOL, "800, 0, 0");
    /* 003's example: z = log(0.2, 0.3, 0.5) gives back p = (0.2, 0.3, 0.5) */
    static const double p235[] = {0.2, 0.3, 0.5};
    softmax_near((const double[]){log(0.2), log(0.3), log(0.5)}, 3, p235, TOL,
                 "log 0.2, log 0.3, log 0.5");
    /* one value: p = 1; two equal values: 1/2 each */
    softmax_near((const double[]){-7.5}, 1, (const double[]){1.0}, TOL, "-7.5");
    softmax_near((const double[]){4, 4}, 2, (const double[]){0.5, 0.5}, TOL, "4, 4");
    /* two classes: softmax(z, 0) = (s(z), s(-z)) = (0.593269992, ...) at 0.3775 */
    softmax_near((const double[]){0.3775, 0.0}, 2,
                 (const double[]){act_sigmoid(0.3775), act_sigmoid(-0.3775)}, TOL, "0.3775, 0");
    /* behaviour: eight mixed values sum to 1, each in (0, 1) */
    double z[8] = {0.3, -1.2, 2.1, -0.45, 0.8, 5.0, -3.3, 0.0}, p[8], sum = 0.0;
    ex_softmax(p, z, 8);
    for (int i = 0; i < 8; i++) {
        cr_assert(p[i] > 0.0 && p[i] < 1.0, "ex_softmax of 8 values: p[%d] = %.9g", i, p[i]);
        sum += p[i];
    }
    GRADE_NEAR(sum, 1.0, TOL, "ex_softmax of 8 values: the sum of p");
}

GRADE_TEST(sigmoid_chain)
{
    /* every z = 0: 0.25^n; 0.25^4 = 0.00390625, 0.25^10 = 9.53674316e-07 */
    double zeros[10] = {0};
    GRADE_NEAR(ex_sigmoid_chain(zeros, 1), 0.25, TOL, "ex_sigmoid_chain(n = 1, z = 0)");
    GRADE_NEAR(ex_sigmoid_chain(zeros, 4), 0.00390625, TOL, "ex_sigmoid_chain(n = 4, z = 0)");
    GRADE_NEAR(ex_sigmoid_chain(zeros, 10), pow(0.25, 10), 1e-18,
               "ex_sigmoid_chain(n = 10, z = 0)");
    GRADE_NEAR(ex_sigmoid_chain(zeros, 0), 1.0, TOL, "ex_sigmoid_chain(n = 0): the empty product");
    /* the chapter's chain (w = 1, b = 0, a_0 = 1): z_1 = 1, z_(k+1) = s(z_k).
     * Reference products computed once with NumPy 1.24 (float64):
     *     s = lambda z: 1 / (1 + np.exp(-z)); a = 1.0; p = 1.0
     *     for k in range(10): p *= s(a) * (1 - s(a)); a = s(a)
     * n = 2: 0.196611933 x 0.219361864 = 0.0431291602, and so on. */
    static const double chain_z[10] = {
        1.0, 0.7310585786300049, 0.6750375273768237, 0.6626302265192633,
        0.6598509846183572, 0.6592269134185651, 0.6590867038988538, 0.6590551993200094,
        0.6590481201601912, 0.6590465294450282};
    static const double numpy_prod[10] = {
        0.196611933, 0.0431291602, 0.00964158454, 0.00216403112, 0.000486142644,
        0.000109232081, 2.45446063e-05, 5.51526375e-06, 1.23930294e-06, 2.78476718e-07};
    for (int n = 1; n <= 10; n++)
        GRADE_NEAR(ex_sigmoid_chain(chain_z, n) / numpy_prod[n - 1], 1.0, 1e-8,
                   "ex_sigmoid_chain of the chapter's chain, n = %d, divided by NumPy's %.9g",
                   n, numpy_prod[n - 1]);
    /* mixed signs, not symmetric: s'(-1) s'(2) s'(0.5) =
     * 0.196611933 x 0.104993585 x 0.235003712 = 0.00485117968 (the library gives the factors) */
    double mixed[3] = {-1.0, 2.0, 0.5};
    double want = act_sigmoid_deriv(-1.0) * act_sigmoid_deriv(2.0) * act_sigmoid_deriv(0.5);
    GRADE_NEAR(ex_sigmoid_chain(mixed, 3), want, 1e-15, "ex_sigmoid_chain(z = (-1, 2, 0.5))");
}
