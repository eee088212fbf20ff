/* SPDX-License-Identifier: MIT */
/* merge.h -- several values of one metric, kept so that they can be combined. */
#ifndef SLUICE_REPORT_MERGE_H
#define SLUICE_REPORT_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "stream/stream.h"

/*
 * The values of a metric in the rows of a window, a group or a chart
 * point, kept as their sum, minimum, maximum and number.  How they
 * combine is chosen when they are shown, by the metric's rule (enum
 * stream_merge, from the stream's meta record), so a rule learnt late
 * applies to what came before it.  A zeroed struct merge holds no
 * value.  32 bytes.
 */
struct merge {
	double		 sum;
	double		 min;
	double		 max;
	uint64_t	 n;
};

/* Take in one more value. */
void	merge_add(struct merge *, double v);
/* Take in all of b's values. */
void	merge_join(struct merge *a, const struct merge *b);
/*
 * The values combined by rule: their sum, minimum or maximum.  Values
 * that do not combine (MERGE_NONE) give the value when there is one,
 * else NAN: a mean of percentiles is no percentile.  NAN if there is
 * no value (or m is NULL).
 */
double	merge_value(const struct merge *m, enum stream_merge rule);
/* Whether merge_value() gives no value because rule cannot combine them. */
int	merge_refused(const struct merge *m, enum stream_merge rule);
/*
 * A chart point made of nwin windows: a sum is shown per window
 * (divided by nwin), a minimum or maximum as such, and values that do
 * not combine by the highest of them (a point must show something;
 * report(1) says so under the chart).
 */
double	merge_point(const struct merge *m, enum stream_merge rule,
	    uint64_t nwin);

/*
 * Element i of a growable array *arr of *n elements, zero-filled as it
 * grows (by xreallocarray: never fails).
 */
struct merge *merge_at(struct merge **arr, size_t *n, size_t i);
/* Element i of arr[0..n), or NULL when i is past the end. */
const struct merge *merge_get(const struct merge *arr, size_t n, size_t i);

#endif
