/* gradcheck.h - numeric gradients to check analytic ones.
 *
 * The central difference  dF/dp ~ (F(p + h) - F(p - h)) / (2 h)  has an
 * error of order h^2; with doubles and h = 1e-5 it agrees with a correct
 * analytic derivative to about 1e-9 relative error on smooth functions.
 * The relative error |a - n| / max(|a|, |n|) is judged with cs231n's
 * thresholds: <= 1e-7 good, above 1e-4 suspicious, above 1e-2 wrong.
 */
#ifndef ANNLAB_GRADCHECK_H
#define ANNLAB_GRADCHECK_H

/* The step used unless a caller has a reason for another. */
#define GRADCHECK_STEP 1e-5

/* A scalar function of some parameters reached through ctx. */
typedef double (*GradcheckFn)(void *ctx);

/* dF/dp by central differences: F is evaluated with *param set to
 * p + h and p - h, then *param is restored to p exactly. */
double gradcheck_numeric(GradcheckFn F, void *ctx, double *param, double h);

/* |analytic - numeric| / max(|analytic|, |numeric|); 0 when both are 0,
 * infinity when either is NaN (so a NaN gradient never passes a check). */
double gradcheck_rel_error(double analytic, double numeric);

#endif
