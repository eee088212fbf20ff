/* SPDX-License-Identifier: MIT */
/* report_points.c -- unit tests of report/points: chart points merged to fit. */
#include <stdint.h>

#include "check.h"
#include "report/points.h"

#define MIN	INT64_C(60000000000)	/* a minute in ns */

/*
 * Every window in exactly one bucket, the buckets in time order; with
 * windows in order (full), no bucket holds more than span of them.
 */
static void
check_shape(const struct points *p, uint64_t nwin, int in_order)
{
	uint64_t total = 0;
	size_t b;

	CHECK(p->n >= 1 && p->n <= POINTS_MAX);
	for (b = 0; b < p->n; b++) {
		total += p->bk[b].nwin;
		CHECK(!in_order || p->bk[b].nwin <= p->span);
		if (b > 0)
			CHECK(p->bk[b - 1].x < p->bk[b].x);
	}
	CHECK_INT(total, nwin);
}

/* Windows in time order: buckets fill, then halve; values follow. */
static void
check_halving(void)
{
	struct points p;
	const struct merge *m;
	double sum;
	size_t b;
	int64_t i, n = 3 * POINTS_MAX + 7;

	points_init(&p);
	for (i = 0; i < n; i++) {
		points_window(&p, i * MIN);
		merge_add(points_cell(&p, points_of(&p, i * MIN), 0, 1), 1);
		merge_add(points_cell(&p, points_of(&p, i * MIN), 2, 1), i);
		if (i == POINTS_MAX - 1) {
			CHECK_INT(p.n, POINTS_MAX);
			CHECK_INT(p.span, 1);
		}
	}
	check_shape(&p, (uint64_t)n, 1);
	CHECK_INT(p.span, 4);
	CHECK_INT(p.n, (n + 3) / 4);
	/* Group 0 counted one per window: each point holds its windows. */
	for (b = 0, sum = 0; b < p.n; b++) {
		m = points_find(&p.bk[b], 0, 1);
		CHECK(m != NULL && m->n == p.bk[b].nwin);
		sum += m->sum;
		CHECK(points_find(&p.bk[b], 1, 1) == NULL);
	}
	CHECK(sum == (double)n);
	/* Group 2 got the window's number: the last bucket's maximum. */
	m = points_find(&p.bk[p.n - 1], 2, 1);
	CHECK(m != NULL && m->max == (double)(n - 1));
	points_release(&p);
}

/* A window older than the newest goes to the bucket of its time. */
static void
check_late(void)
{
	struct points p;

	points_init(&p);
	points_window(&p, 10 * MIN);
	points_window(&p, 20 * MIN);
	points_window(&p, 30 * MIN);
	points_window(&p, 25 * MIN);
	points_window(&p, 5 * MIN);
	check_shape(&p, 5, 0);
	CHECK_INT(p.n, 3);
	CHECK_INT(points_of(&p, 25 * MIN), 1);
	CHECK_INT(points_of(&p, 5 * MIN), 0);
	CHECK_INT(points_of(&p, 30 * MIN), 2);
	CHECK_INT(p.bk[1].nwin, 2);
	CHECK_INT(p.bk[0].nwin, 2);
	points_release(&p);
}

/* Many groups and columns in one bucket: the cell hash grows. */
static void
check_cells(void)
{
	struct points p;
	const struct merge *m;
	uint32_t g, c;
	int ok = 1;

	points_init(&p);
	points_window(&p, 0);
	for (g = 0; g < 300; g++)
		for (c = 0; c < 4; c++)
			merge_add(points_cell(&p, 0, g, c), g * 10 + c);
	for (g = 0; g < 300; g++)
		for (c = 0; c < 4; c++) {
			m = points_find(&p.bk[0], g, c);
			ok &= m != NULL && m->n == 1 && m->sum == g * 10 + c;
		}
	CHECK(ok);
	CHECK_INT(p.bk[0].n, 1200);
	CHECK(points_find(&p.bk[0], 300, 0) == NULL);
	points_release(&p);
}

int
main(void)
{
	check_halving();
	check_late();
	check_cells();
	return check_status();
}
