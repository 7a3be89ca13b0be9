/* gradcheck.c - central differences and relative error; see gradcheck.h. */
#include "gradcheck.h"

#include <math.h>

double gradcheck_numeric(GradcheckFn F, void *ctx, double *param, double h)
{
    double p = *param;
    *param = p + h;
    double f_plus = F(ctx);
    *param = p - h;
    double f_minus = F(ctx);
    *param = p;
    return (f_plus - f_minus) / (2.0 * h);
}

double gradcheck_rel_error(double analytic, double numeric)
{
    if (isnan(analytic) || isnan(numeric))
        return INFINITY; /* fmax would drop the NaN: (NaN, 0) must not pass as 0 */
    double scale = fmax(fabs(analytic), fabs(numeric));
    return scale == 0.0 ? 0.0 : fabs(analytic - numeric) / scale;
}
