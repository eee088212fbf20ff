/* SPDX-License-Identifier: MIT */
/* points.h -- the points of a report's charts: windows merged to fit. */
#ifndef SLUICE_REPORT_POINTS_H
#define SLUICE_REPORT_POINTS_H

#include <stddef.h>
#include <stdint.h>

#include "report/merge.h"

#define POINTS_MAX	1024	/* points per chart line, at most */

/*
 * A chart's x axis is made of buckets, each of span windows in time
 * order (the last one may hold fewer).  When a new window would make
 * POINTS_MAX + 1 buckets, neighbouring buckets are merged two by two
 * and span doubles, so memory stays bounded however many windows come.
 * A bucket holds, per group g and metric column c that had a value in
 * it, the values merged (struct merge): in a hash of (g, c) pairs, as
 * most groups have most metrics.
 */
struct points_cell {
	uint32_t	 g;
	uint32_t	 c;
	struct merge	 m;
};

struct points_bucket {
	int64_t			 x;	/* start of its first window */
	uint64_t		 nwin;	/* windows in it */
	struct points_cell	*cell;
	size_t			 n;
	size_t			 cap;
	uint32_t		*slot;	/* cell index + 1, 0: empty */
	size_t			 mask;
};

struct points {
	struct points_bucket	*bk;	/* POINTS_MAX of them */
	size_t			 n;	/* in use */
	uint64_t		 span;	/* windows per bucket */
	int64_t			 last_x;	/* start of the newest window */
};

void	points_init(struct points *);
/*
 * Count a new window, starting at start (ns), in its bucket: a new
 * bucket after the newest window, else the bucket of its time.
 */
void	points_window(struct points *, int64_t start);
/*
 * The bucket of a window counted before: the last one starting at or
 * before start (the first one if none does).  The points must have one.
 */
size_t	points_of(const struct points *, int64_t start);
/* The values of group g, metric c in bucket b: added (empty) if new. */
struct merge *points_cell(struct points *, size_t b, uint32_t g, uint32_t c);
/* The same, or NULL when the bucket has none. */
const struct merge *points_find(const struct points_bucket *, uint32_t g,
	    uint32_t c);
void	points_release(struct points *);

#endif
