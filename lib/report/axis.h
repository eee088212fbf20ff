/* SPDX-License-Identifier: MIT */
/* axis.h -- the scales of a report's charts: value range, outliers, steps. */
#ifndef SLUICE_REPORT_AXIS_H
#define SLUICE_REPORT_AXIS_H

#include <stddef.h>

/*
 * The y axis of a chart (report(1), CHARTS): from 0 (or the lowest
 * value if negative) to the highest value, rounded out to a step of
 * 1, 2 or 5 times a power of ten, unless a few values are outliers.
 * The values are sorted; from the top, the first k values (k at most
 * 1 in AXIS_OUTLIER_SHARE of them, at least 1, and none when there
 * are fewer than AXIS_OUTLIER_MIN) such that the k-th highest is more
 * than AXIS_OUTLIER_RATIO times the next one (both measured from the
 * bottom of the axis) are outliers: the axis then ends at the highest
 * other value plus AXIS_OUTLIER_MARGIN of it, rounded to a finer step, and
 * the values above the top are drawn clipped at the top edge and
 * marked with their value.  So one 60 s among values of 0.1 to 2 s
 * does not flatten the rest.
 */
#define AXIS_OUTLIER_RATIO	3
#define AXIS_OUTLIER_SHARE	20	/* 5% */
#define AXIS_OUTLIER_MIN	5
#define AXIS_OUTLIER_MARGIN	0.15

struct axis {
	double	min;		/* the bottom */
	double	max;		/* the top */
	double	step;		/* between ticks */
	int	clipped;	/* values above max exist */
};

/*
 * Set a from the n finite values v[] (sorted in place); n may be 0
 * (then 0 to 1).
 */
void	axis_range(struct axis *a, double *v, size_t n);
/* A step of 1, 2 or 5 times a power of ten near span / parts. */
double	axis_step(double span, int parts);

#endif
