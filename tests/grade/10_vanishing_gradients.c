/* Grader of chapter 10, vanishing and exploding gradients (10 points):
 * section 1's chain by hand, one step of backpropagation through a sigmoid
 * layer, the speed of each layer, and clipping by norm and by value with
 * section 6's numbers; behaviour checks (a gradient under the threshold is
 * left alone; only the values outside [-c, c] are counted). */
#include "exercises.h"
#include "grade.h"

const char grade_chapter[] = "10_vanishing_gradients";
const GradeExercise grade_exercises[] = {
    {"chain_deltas", "10.1", "backpropagation along a chain of sigmoid units", 2,
     "start from delta[n-1] = a_n - y (sigmoid + cross-entropy: no s' there), then go "
     "down: delta[k-1] = delta[k] * w[k] * s'(z_k) with s' = s (1 - s) of the unit BELOW"},
    {"backprop_delta", "10.2", "one step back through a sigmoid layer", 2,
     "unit i's outgoing weights are row i of W_next: W_next[i * n_next + j]; multiply the "
     "weighted sum by s'(z[i]) = s(z[i]) (1 - s(z[i])), not by s(z[i])"},
    {"layer_speeds", "10.3", "the speed of each layer and their ratio", 2,
     "speeds[l] = sqrt(sum of the squares of layer l's sizes[l] values); return "
     "speeds[0] / speeds[n_layers - 1] (first over last)"},
    {"clip_norm", "10.4", "clipping by global norm", 2,
     "one norm over ALL the arrays together, sqrt of the sum of every square; scale only "
     "when it is above c, every value by the same c / norm; return the norm before"},
    {"clip_value", "10.5", "clipping by value", 2,
     "above c becomes c, below -c becomes -c, the rest stays; count only the values "
     "you changed (a value equal to c is not changed)"},
};
const int grade_exercise_count = sizeof grade_exercises / sizeof grade_exercises[0];

/* Values of a few exponentials and products: 1e-12 leaves room for
 * rounding only (the chapter prints them to 9 digits). */
#define TOL 1e-12

/* ex_chain_deltas on one case, dC/db_n first and then down the chain, as
 * backpropagation computes them; want[k - 1] = dC/db_k. */
static void check_chain(const char *name, const double *w, const double *b, int n, double x,
                        double y, const double *want)
{
    enum { MAX_UNITS = 4 };
    char wv[200], bv[200];
    grade_case(name, "n = %d units, w = %s, b = %s, x = %g, y = %g", n,
               grade_vec(wv, sizeof wv, w, n), grade_vec(bv, sizeof bv, b, n), x, y);
    double d[MAX_UNITS + 1], s1[MAX_UNITS]; /* s1[k - 1] = s'(z_k), for the slips */
    grade_fill_unwritten(d, MAX_UNITS + 1);
    double a = x;
    for (int k = 0; k < n; k++) {
        a = 1.0 / (1.0 + exp(-(w[k] * a + b[k])));
        s1[k] = a * (1.0 - a);
    }
    ex_chain_deltas(w, b, n, x, y, d);
    GradeMistake top[] = {{(a - y) * s1[n - 1], "the output's delta has s'(z_n): with the "
                                                "cross-entropy it cancels, dC/dz_n = a_n - y"}};
    GRADE_NEAR_KNOWN(d[n - 1], want[n - 1], TOL, top, 1, "dC/db%d = a%d - y (in delta[%d])", n, n,
                     n - 1);
    for (int k = n - 1; k >= 1; k--) { /* delta[k - 1] = dC/dz_k from dC/dz_(k+1) = want[k] */
        GradeMistake slips[] = {
            {want[k] * w[k] * s1[k], "s' of the unit ABOVE is used: the factor is s'(z_k) of "
                                     "unit k, below the weight w_(k+1)"},
            {want[k] * w[k - 1] * s1[k - 1], "w_k is used: the weight between unit k and unit "
                                             "k + 1 is w_(k+1)"},
            {want[k] * s1[k - 1], "the weight w_(k+1) is left out"}};
        GRADE_NEAR_KNOWN(d[k - 1], want[k - 1], TOL, slips, 3,
                         "dC/db%d = dC/db%d w%d s'(z%d) (in delta[%d])", k, k + 1, k + 1, k, k - 1);
    }
    GRADE_UNTOUCHED(d[n], "delta[%d], just past the %d deltas", n, n);
    grade_case_end();
}

GRADE_TEST(chain_deltas)
{
    /* section 1: x = 1, y = 0, w = (0.6, -1.4, 1.2, 0.9), b = (0.1, 0.5, -0.3, 0.2):
     * a4 = 0.665626036, dC/db4 = a4 - 0 = 0.665626036
     * dC/db3 = 0.665626036 x 0.9 x 0.248173104 = 0.148671431
     * dC/db2 = 0.148671431 x 1.2 x 0.238513006 = 0.0425520839
     * dC/db1 = 0.0425520839 x -1.4 x 0.221712873 = -0.0132080827
     * (17-digit values from the same formulas in Python's math module) */
    static const double w[] = {0.6, -1.4, 1.2, 0.9}, b[] = {0.1, 0.5, -0.3, 0.2};
    static const double d[] = {-0.013208082711918284, 0.0425520839367543, 0.14867143136477315,
                               0.6656260362649765};
    check_chain("section 1's chain", w, b, 4, 1.0, 0.0, d);
    /* two units, w = (2, -3), b = (0, 1), x = 0.5, y = 1: z1 = 1, a1 = 0.731058579,
     * z2 = -3 x 0.731058579 + 1 = -1.19317574, a2 = 0.232691439;
     * dC/db2 = a2 - 1 = -0.767308561; dC/db1 = -0.767308561 x -3 x 0.196611933 = 0.452586059 */
    static const double w2[] = {2.0, -3.0}, b2[] = {0.0, 1.0};
    static const double d2[] = {0.45258605863250506, -0.7673085608637868};
    check_chain("two units", w2, b2, 2, 0.5, 1.0, d2);
    /* one unit: z = 0.3 x 2 - 0.1 = 0.5, dC/db = s(0.5) - 1 = 0.622459331 - 1 = -0.377540669 */
    static const double w1[] = {0.3}, b1[] = {-0.1}, d1[] = {-0.3775406687981454};
    check_chain("one unit", w1, b1, 1, 2.0, 1.0, d1);
}

GRADE_TEST(backprop_delta)
{
    /* W_next = [[1, 2], [3, 4]], delta_next = (0.5, -1), z = (0, ln 3):
     * s'(0) = 0.25; s(ln 3) = 3/4, s'(ln 3) = 0.75 x 0.25 = 0.1875
     * delta_0 = (1 x 0.5 + 2 x -1) x 0.25 = -1.5 x 0.25 = -0.375
     * delta_1 = (3 x 0.5 + 4 x -1) x 0.1875 = -2.5 x 0.1875 = -0.46875 */
    double W[] = {1, 2, 3, 4}, dn[] = {0.5, -1.0}, z[] = {0.0, 1.0986122886681098}, d[2];
    grade_fill_unwritten(d, 2);
    ex_backprop_delta(d, dn, W, z, 2, 2);
    GRADE_NEAR(d[0], -0.375, TOL, "W_next = [[1, 2], [3, 4]], delta_next = (0.5, -1), z = (0, ln 3): delta[0]");
    GRADE_NEAR(d[1], -0.46875, TOL, "W_next = [[1, 2], [3, 4]], delta_next = (0.5, -1), z = (0, ln 3): delta[1]");
    /* 3 units into 1: W_next = (2, -1, 0.5)^T, delta_next = 0.4, z = 0:
     * delta = (0.8, -0.4, 0.2) x 0.25 = (0.2, -0.1, 0.05) */
    double W3[] = {2, -1, 0.5}, dn3[] = {0.4}, z3[] = {0, 0, 0}, d3[3];
    grade_fill_unwritten(d3, 3);
    ex_backprop_delta(d3, dn3, W3, z3, 3, 1);
    GRADE_NEAR(d3[0], 0.2, TOL, "3 units into 1, W_next = (2, -1, 0.5), delta_next = 0.4, z = 0: delta[0]");
    GRADE_NEAR(d3[1], -0.1, TOL, "3 units into 1: delta[1]");
    GRADE_NEAR(d3[2], 0.05, TOL, "3 units into 1: delta[2]");
    /* 1 unit into 2: W_next = (1, 3) (one row), delta_next = (2, -1), z = 0:
     * (1 x 2 + 3 x -1) x 0.25 = -0.25 (a sum over j, not over i) */
    double W12[] = {1, 3}, dn12[] = {2, -1}, z12[] = {0}, d12[1];
    grade_fill_unwritten(d12, 1);
    ex_backprop_delta(d12, dn12, W12, z12, 1, 2);
    GRADE_NEAR(d12[0], -0.25, TOL, "1 unit into 2, W_next = (1, 3), delta_next = (2, -1), z = 0");
}

GRADE_TEST(layer_speeds)
{
    /* ||(3, 4)|| = 5, ||(0, 0, 5, 12)|| = 13, ||(-2)|| = 2: ratio 5 / 2 = 2.5 */
    double g1[] = {3, 4}, g2[] = {0, 0, 5, 12}, g3[] = {-2};
    const double *grads[] = {g1, g2, g3};
    int sizes[] = {2, 4, 1};
    double speeds[3];
    grade_fill_unwritten(speeds, 3);
    GRADE_NEAR(ex_layer_speeds(grads, sizes, 3, speeds), 2.5, TOL,
               "speeds of (3, 4), (0, 0, 5, 12), (-2): first / last");
    GRADE_NEAR(speeds[0], 5.0, TOL, "||(3, 4)||");
    GRADE_NEAR(speeds[1], 13.0, TOL, "||(0, 0, 5, 12)||");
    GRADE_NEAR(speeds[2], 2.0, TOL, "||(-2)||");
    /* a vanishing pattern: 1e-4 over 0.5: ratio 2e-4 */
    double h1[] = {0.0, -1e-4}, h2[] = {0.3, 0.4};
    const double *hg[] = {h1, h2};
    int hs[] = {2, 2};
    GRADE_NEAR(ex_layer_speeds(hg, hs, 2, speeds), 2e-4, 1e-16, "speeds of (0, -1e-4), (0.3, 0.4): ratio");
}

GRADE_TEST(clip_norm)
{
    /* section 6: g1 = (3, -4), g2 = (12): ||g|| = sqrt(9 + 16 + 144) = 13 > 1,
     * g <- g / 13: (0.230769231, -0.307692308), (0.923076923) */
    double g1[] = {3, -4}, g2[] = {12};
    double *grads[] = {g1, g2};
    int sizes[] = {2, 1};
    GRADE_NEAR(ex_clip_norm(grads, sizes, 2, 1.0), 13.0, TOL, "clip_norm of (3, -4), (12), c = 1: the norm");
    GRADE_NEAR(g1[0], 3.0 / 13, TOL, "after clip_norm(c = 1): g1[0]");
    GRADE_NEAR(g1[1], -4.0 / 13, TOL, "after clip_norm(c = 1): g1[1]");
    GRADE_NEAR(g2[0], 12.0 / 13, TOL, "after clip_norm(c = 1): g2[0] (one norm over both arrays)");
    /* c = 6.5: factor 6.5 / 13 = 0.5 */
    double h1[] = {3, -4}, h2[] = {12};
    double *hg[] = {h1, h2};
    ex_clip_norm(hg, sizes, 2, 6.5);
    GRADE_NEAR(h1[1], -2.0, TOL, "clip_norm of (3, -4), (12), c = 6.5: g1[1]");
    GRADE_NEAR(h2[0], 6.0, TOL, "clip_norm of (3, -4), (12), c = 6.5: g2[0]");
    /* below the threshold: ||(0.3, 0.4)|| = 0.5 <= 1: unchanged */
    double k1[] = {0.3, 0.4};
    double *kg[] = {k1};
    int ks[] = {2};
    GRADE_NEAR(ex_clip_norm(kg, ks, 1, 1.0), 0.5, TOL, "clip_norm of (0.3, 0.4), c = 1: the norm");
    GRADE_NEAR(k1[0], 0.3, TOL, "a gradient with ||g|| = 0.5 <= c = 1 must not change");
}

GRADE_TEST(clip_value)
{
    /* section 6: (3, -4, 12) into [-0.5, 0.5]: (0.5, -0.5, 0.5), 3 changed */
    double g[] = {3, -4, 12};
    GRADE_EQ_INT(ex_clip_value(g, 3, 0.5), 3, "clip_value of (3, -4, 12), c = 0.5: values changed");
    GRADE_NEAR(g[0], 0.5, TOL, "clip_value(c = 0.5): g[0]");
    GRADE_NEAR(g[1], -0.5, TOL, "clip_value(c = 0.5): g[1]");
    GRADE_NEAR(g[2], 0.5, TOL, "clip_value(c = 0.5): g[2]");
    /* (0.05, -0.2, 0.1, -0.1) into [-0.1, 0.1]: only -0.2 changes */
    double h[] = {0.05, -0.2, 0.1, -0.1};
    GRADE_EQ_INT(ex_clip_value(h, 4, 0.1), 1, "clip_value of (0.05, -0.2, 0.1, -0.1), c = 0.1: values changed");
    GRADE_NEAR(h[0], 0.05, TOL, "a value inside [-c, c] must not change");
    GRADE_NEAR(h[1], -0.1, TOL, "clip_value(c = 0.1): -0.2 becomes -0.1");
    GRADE_NEAR(h[2], 0.1, TOL, "a value equal to c must not change");
}
