/* SPDX-License-Identifier: MIT */
/* merge.c -- several values of one metric, kept so that they can be combined. */
#include <math.h>
#include <string.h>

#include "core/common.h"
#include "report/merge.h"

void
merge_add(struct merge *m, double v)
{
	if (m->n == 0) {
		m->sum = m->min = m->max = v;
	} else {
		m->sum += v;
		m->min = v < m->min ? v : m->min;
		m->max = v > m->max ? v : m->max;
	}
	m->n++;
}

void
merge_join(struct merge *a, const struct merge *b)
{
	if (b->n == 0)
		return;
	if (a->n == 0) {
		*a = *b;
		return;
	}
	a->sum += b->sum;
	a->min = b->min < a->min ? b->min : a->min;
	a->max = b->max > a->max ? b->max : a->max;
	a->n += b->n;
}

double
merge_value(const struct merge *m, enum stream_merge rule)
{
	if (m == NULL || m->n == 0)
		return NAN;
	switch (rule) {
	case MERGE_SUM:
		return m->sum;
	case MERGE_MIN:
		return m->min;
	case MERGE_MAX:
		return m->max;
	case MERGE_NONE:
		break;
	}
	return m->n == 1 ? m->sum : NAN;
}

int
merge_refused(const struct merge *m, enum stream_merge rule)
{
	return m != NULL && m->n > 1 && rule == MERGE_NONE;
}

double
merge_point(const struct merge *m, enum stream_merge rule, uint64_t nwin)
{
	if (m == NULL || m->n == 0)
		return NAN;
	switch (rule) {
	case MERGE_SUM:
		return m->sum / (double)(nwin ? nwin : 1);
	case MERGE_MIN:
		return m->min;
	case MERGE_MAX:
	case MERGE_NONE:
		break;
	}
	return m->max;
}

struct merge *
merge_at(struct merge **arr, size_t *n, size_t i)
{
	size_t k;

	if (i >= *n) {
		k = *n;
		*n = (i + 4) & ~(size_t)3;
		*arr = xreallocarray(*arr, *n, sizeof(**arr));
		memset(*arr + k, 0, (*n - k) * sizeof(**arr));
	}
	return &(*arr)[i];
}

const struct merge *
merge_get(const struct merge *arr, size_t n, size_t i)
{
	return i < n ? &arr[i] : NULL;
}
