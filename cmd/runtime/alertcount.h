/* SPDX-License-Identifier: MIT */
/* alertcount.h -- alert's counts: --stats and --metrics. */
#ifndef SLUICE_ALERTCOUNT_RT_H
#define SLUICE_ALERTCOUNT_RT_H

#include <stdint.h>

#include "alert/alert.h"
#include "alert/dispatch.h"
#include "runtime/metrics.h"
#include "runtime/tool.h"

/*
 * What alert counts besides its engine and its dispatch (both
 * borrowed, set before the first count is read).
 */
struct alertcount {
	const struct alerter	*engine;
	const struct dispatch	*d;
	uint64_t		 records;
	uint64_t		 alerts;
	uint64_t		 untimed;
	uint64_t		 ctl;
	uint64_t		 skipped;
	uint64_t		 provisional;	/* rows of open windows */
};

/*
 * --metrics: the counts of --stats, and the groups held; arg is ac.
 * With --alertmanager both add am_failed, the posts that failed.
 */
void	alertcount_metrics(void *arg, struct metrics *m);
/* --stats: print the counts on stderr (tool_stats()). */
void	alertcount_stats(const struct alertcount *, struct tool *);

#endif
