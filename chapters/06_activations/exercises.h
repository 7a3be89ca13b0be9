/* exercises.h - chapter 06's graded exercises. Write them in exercises.c;
 * `make grade CH=06` grades them, `make next` shows the next to do.
 *
 * The activations of the notes and their derivatives; chapter 06's
 * README.md and `./build/06_activations` give every formula and number:
 *   sigmoid  s(z) = 1 / (1 + e^-z)                s'(z) = s(z) (1 - s(z))
 *   tanh     a = (e^z - e^-z) / (e^z + e^-z)      tanh'(z) = 1 - a^2
 *   leaky    z if z > 0, else alpha z             1 if z > 0, else alpha
 *   softmax  p_i = e^(z_i - m) / sum_j e^(z_j - m),  m = the largest z_j
 *   a chain  s'(z_1) x s'(z_2) x ... x s'(z_n)
 */
#ifndef CH06_EXERCISES_H
#define CH06_EXERCISES_H

/* EXERCISE 6.1 (2 points): the sigmoid and its derivative. */
double ex_sigmoid(double z);
double ex_sigmoid_deriv(double z);

/* EXERCISE 6.2 (2 points): tanh from exponentials, and its derivative
 * from the OUTPUT a = tanh(z), as 004 writes it. */
double ex_tanh(double z);
double ex_tanh_deriv_from_output(double a);

/* EXERCISE 6.3 (2 points): leaky ReLU with slope alpha for z <= 0, and
 * its derivative (at z = 0: alpha, the left slope). */
double ex_leaky_relu(double z, double alpha);
double ex_leaky_relu_deriv(double z, double alpha);

/* EXERCISE 6.4 (2 points): p = softmax(z) for n >= 1 values, stable for
 * any finite z (z = (1000, 1001, 1002) included). p and z do not overlap. */
void ex_softmax(double *p, const double *z, int n);

/* EXERCISE 6.5 (2 points): the product of the n sigmoid derivatives
 * s'(z[0]) x s'(z[1]) x ... x s'(z[n-1]): the gradient through a chain of
 * n sigmoid layers with weights 1. n = 0 gives the empty product, 1. */
double ex_sigmoid_chain(const double *z, int n);

#endif
