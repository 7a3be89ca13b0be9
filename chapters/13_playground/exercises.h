/* exercises.h - chapter 13's graded exercises. Write them in exercises.c;
 * `make grade CH=13` grades them, `make next` shows the next to do.
 *
 * The Playground of the chapter: a point (x1, x2) of the plane, its input
 * features, a network that turns them into p = P(class 1), the regularized
 * step, and the surface p draws over the plane. Arrays are plain C arrays;
 * a matrix is stored row by row (row-major), as in lib/mat.h:
 * W[i * cols + j] is row i, column j, the lectures' w_ij from unit i of
 * the layer before to unit j of this one.
 */
#ifndef CH13_EXERCISES_H
#define CH13_EXERCISES_H

/* The Playground's seven input features, as bits of a mask:
 *   bit 0  x1        bit 2  x1^2     bit 4  x1*x2    bit 5  sin(x1)
 *   bit 1  x2        bit 3  x2^2                     bit 6  sin(x2)
 * (sin of radians, as C's sin). */
enum {
    EX_X1 = 1 << 0,
    EX_X2 = 1 << 1,
    EX_X1_SQ = 1 << 2,
    EX_X2_SQ = 1 << 3,
    EX_X1_X2 = 1 << 4,
    EX_SIN_X1 = 1 << 5,
    EX_SIN_X2 = 1 << 6,
};

/* EXERCISE 13.1 (2 points): the features of the point (x1, x2) whose bits
 * are set in mask, written to out[0], out[1], ... in the order of the bits
 * (x1 first, sin(x2) last). Returns how many were written. */
int ex_features(double x1, double x2, unsigned mask, double *out);

/* The Playground's activations. */
typedef enum { EX_RELU, EX_TANH, EX_SIGMOID, EX_LINEAR } ExAct;

/* EXERCISE 13.2 (3 points): the forward pass of a net with one hidden
 * layer of n_hidden units and one sigmoid output unit, for the n_in
 * features phi:
 *     h_j = act(sum_i phi_i W1[i][j] + b1[j])      j = 0 .. n_hidden-1
 *     p   = sigmoid(sum_j h_j w2[j] + b2)
 * W1 is (n_in x n_hidden), row-major: W1[i][j] is W1[i * n_hidden + j].
 * Write the hidden outputs to h (n_hidden values); return p. */
double ex_forward(const double *phi, int n_in, const double *W1, const double *b1,
                  int n_hidden, ExAct act, const double *w2, double b2, double *h);

/* The regularization control. */
typedef enum { EX_L1 = 1, EX_L2 = 2 } ExPenalty;

/* EXERCISE 13.3 (2 points): one gradient descent step on n weights w with
 * the gradients g = dL/dw of the data's loss and the penalty lambda R(w):
 *     L1: R(w) = sum |w_i|,   dR/dw_i = sign(w_i)   (0 when w_i = 0)
 *     L2: R(w) = sum w_i^2,   dR/dw_i = 2 w_i
 *     w_i <- w_i - eta (g_i + lambda dR/dw_i)
 * Returns the penalty lambda R(w) of the weights BEFORE the step. */
double ex_regularized_step(double *w, const double *g, int n, double eta, double lambda,
                           ExPenalty penalty);

/* A function of a point of the plane (a net's p), with its context. */
typedef double (*ExField)(double x1, double x2, void *ctx);

/* EXERCISE 13.4 (3 points): the surface over the window [x0, x1] x [y0, y1]
 * on an n x n grid (n >= 2), laid out as the plots lay it out: row i at
 * the height y_i, column j at x_j,
 *     z[i * n + j] = f(x_j, y_i),   x_j = x0 + j (x1 - x0) / (n - 1),
 *                                   y_i = y0 + i (y1 - y0) / (n - 1)
 * Returns the fraction of the n^2 grid points where f >= 0.5 (the share
 * of the window the net gives to class 1). */
double ex_surface(ExField f, void *ctx, double x0, double x1, double y0, double y1, int n,
                  double *z);

#endif
