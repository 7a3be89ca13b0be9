/* param.c - counts and norms over a parameter list; see param.h. */
#include "param.h"

#include <math.h>

static long values_of(const Mat *m)
{
    return (long)m->rows * m->cols;
}

long param_count(const Param *p, int n)
{
    long total = 0;
    for (int i = 0; i < n; i++)
        total += values_of(p[i].value);
    return total;
}

long param_count_trainable(const Param *p, int n)
{
    long total = 0;
    for (int i = 0; i < n; i++)
        if (p[i].trainable)
            total += values_of(p[i].value);
    return total;
}

/* ||g|| = sqrt(sum over every trainable gradient value of g^2) */
double param_grad_norm(const Param *p, int n)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        if (!p[i].trainable)
            continue;
        const Mat *g = p[i].grad;
        for (long k = 0; k < values_of(g); k++)
            sum += g->data[k] * g->data[k];
    }
    return sqrt(sum);
}
