/* SPDX-License-Identifier: MIT */
/* axis.c -- the scales of a report's charts: value range, outliers, steps. */
#include <math.h>
#include <stdlib.h>

#include "report/axis.h"

double
axis_step(double span, int parts)
{
	double raw = span / parts, mag, f;

	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	if (f <= 1)
		return mag;
	if (f <= 2)
		return 2 * mag;
	if (f <= 5)
		return 5 * mag;
	return 10 * mag;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* How many of the highest of v[0..n) (sorted) are outliers above base. */
static size_t
outliers(const double *v, size_t n, double base)
{
	size_t k, kmax;
	double hi, lo;

	if (n < AXIS_OUTLIER_MIN)
		return 0;
	kmax = n / AXIS_OUTLIER_SHARE;
	if (kmax == 0)
		kmax = 1;
	for (k = 1; k <= kmax && k < n; k++) {
		hi = v[n - k] - base;
		lo = v[n - k - 1] - base;
		if (lo > 0 && hi > AXIS_OUTLIER_RATIO * lo)
			return k;
	}
	return 0;
}

void
axis_range(struct axis *a, double *v, size_t n)
{
	size_t k = 0;
	double top;

	a->min = 0;
	a->max = 1;
	a->clipped = 0;
	if (n > 0) {
		qsort(v, n, sizeof(*v), dbl_cmp);
		if (v[0] < 0)
			a->min = v[0];
		k = outliers(v, n, a->min);
		top = v[n - 1 - k];
		if (k > 0)
			top += (top - a->min) * AXIS_OUTLIER_MARGIN;
		a->max = top;
	}
	if (a->max <= a->min)
		a->max = a->min + 1;
	/* Finer steps above outliers: the top stays close to the rest. */
	a->step = axis_step(a->max - a->min, k > 0 ? 5 : 4);
	a->min = floor(a->min / a->step) * a->step;
	a->max = ceil(a->max / a->step) * a->step;
	if (a->max <= a->min)
		a->max = a->min + a->step;
	a->clipped = n > 0 && v[n - 1] > a->max;
}
