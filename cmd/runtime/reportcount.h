/* SPDX-License-Identifier: MIT */
/* reportcount.h -- report's counts: --stats, --metrics, the guess warning. */
#ifndef SLUICE_REPORTCOUNT_RT_H
#define SLUICE_REPORTCOUNT_RT_H

#include <stdint.h>

#include "report/model.h"
#include "runtime/metrics.h"
#include "runtime/tool.h"

/* What report counts besides its model: lines skipped as blank. */
struct reportcount {
	const struct model	*md;		/* borrowed */
	uint64_t		 skipped;
	int			 warned;	/* the guess warning is out */
};

/* --metrics: the counts of --stats (malformed is rejected); arg is rc. */
void	reportcount_metrics(void *arg, struct metrics *m);
/* --stats: print the counts on stderr (tool_stats()). */
void	reportcount_stats(struct reportcount *, struct tool *);
/*
 * Once, when a window had two rows of one group without a meta record
 * (model_guessed()), warn on stderr that numbers were taken for
 * metrics and that -g names group keys.
 */
void	reportcount_guess(struct reportcount *);

#endif
