/* SPDX-License-Identifier: MIT */
/* aggcount.h -- aggregate's counts: --stats and --metrics. */
#ifndef SLUICE_AGGCOUNT_RT_H
#define SLUICE_AGGCOUNT_RT_H

#include <stdint.h>

#include "agg/aggregator.h"
#include "agg/early.h"
#include "runtime/metrics.h"
#include "runtime/tool.h"

/*
 * What aggregate counts besides its aggregator and its early rows
 * (both borrowed, set before the first count is read; early NULL
 * without --early).
 */
struct aggcount {
	const struct aggregator	*a;
	const struct early	*early;
	uint64_t		 records;
	uint64_t		 filtered;	/* not taken by --where */
	uint64_t		 ctl;
	uint64_t		 empty;		/* empty lines */
};

/* --metrics: the counts of --stats, the groups and windows held; arg is c. */
void	aggcount_metrics(void *arg, struct metrics *m);
/* --stats: print the counts on stderr (tool_stats()). */
void	aggcount_stats(const struct aggcount *c, struct tool *t);

#endif
