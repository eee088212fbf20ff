/* SPDX-License-Identifier: MIT */
/* merge.h -- several values of one metric, kept so that they can be combined. */
#ifndef SLUICE_REPORT_MERGE_H
#define SLUICE_REPORT_MERGE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The values of a metric in the rows of a window, a group or a chart
 * point, kept as their sum, minimum, maximum and number.  How they
 * combine is chosen when they are shown, so a rule learnt late (a meta
 * record) applies to what came before it.  A zeroed struct merge holds
 * no value.  32 bytes.
 */
struct merge {
	double		 sum;
	double		 min;
	double		 max;
	uint64_t	 n;
};

/* How values combine into the one shown. */
enum merge_rule {
	MERGE_RULE_SUM,
	MERGE_RULE_MIN,
	MERGE_RULE_MAX,
	MERGE_RULE_MEAN
};

/* Take in one more value. */
void	merge_add(struct merge *, double v);
/* Take in all of b's values. */
void	merge_join(struct merge *a, const struct merge *b);
/* The values combined by rule; NAN if there is none (or m is NULL). */
double	merge_value(const struct merge *m, enum merge_rule rule);
/*
 * A chart point made of nwin windows: as merge_value(), but a sum is
 * shown per window (divided by nwin).
 */
double	merge_point(const struct merge *m, enum merge_rule rule,
	    uint64_t nwin);

/*
 * Element i of a growable array *arr of *n elements, zero-filled as it
 * grows (by xreallocarray: never fails).
 */
struct merge *merge_at(struct merge **arr, size_t *n, size_t i);
/* Element i of arr[0..n), or NULL when i is past the end. */
const struct merge *merge_get(const struct merge *arr, size_t n, size_t i);

#endif
