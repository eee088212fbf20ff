/* SPDX-License-Identifier: MIT */
/* early.h -- aggregate's output while windows are open: --early, --every. */
#ifndef SLUICE_EARLY_H
#define SLUICE_EARLY_H

#include <stddef.h>
#include <stdint.h>

#include "agg/aggregator.h"
#include "core/strbuf.h"

/*
 * The provisional rows of aggregate --early (sluice(7), Provisional
 * rows).  The aggregator marks the groups of open windows that take a
 * record (its early member); early_write() writes the row of each
 * marked group whose result differs from its last provisional row,
 * with "@final":false as its last member, window after window in
 * window order and in each window in group order, then clears the
 * marks.  Records outside windows get none: their rows are written at
 * the end (and by --every).  The final rows at a window's close are
 * the aggregator's, unchanged.
 *
 * When to write: at once when the input is about to wait (the command
 * calls early_write() from its idle hook), and otherwise at the latest
 * dur_ms after the first change not yet written (early_tick(), from
 * the input's tick hook), so that a group gets at most one provisional
 * row per dur_ms while input keeps coming.
 *
 * The last bits of each marked entry's n (AGGREGATOR_CHANGED aside)
 * hold a hash of the group's last provisional row.
 *
 * The same schedule writes --every's snapshots (aggregator_snapshot()).
 */
struct early {
	struct aggregator *a;
	int64_t		 dur_ms;	/* --early; 0: none */
	int64_t		 due_ms;	/* write by then; -1: nothing due */
	int64_t		 every_ms;	/* --every; 0: none */
	int64_t		 next_ms;	/* the next snapshot */
	struct strbuf	 row;
	uint64_t	 rows;		/* provisional rows written */
	void		(*emit)(void *arg, const char *p, size_t n);
	void		*arg;
};

/*
 * Provisional rows of a's open windows to emit(arg, p, n) within
 * dur_ms (0: none; else it sets a->early: call before records come),
 * and a snapshot every every_ms (0: none) from now_ms
 * (CLOCK_MONOTONIC).
 */
void	early_init(struct early *, struct aggregator *a, int64_t dur_ms,
	    int64_t every_ms, int64_t now_ms,
	    void (*emit)(void *arg, const char *p, size_t n), void *arg);
/*
 * The input's tick (input_set_tick(), arg an early) at now_ms: the
 * snapshot if due, the changed groups if a change has waited dur_ms.
 * Returns when to be called again (ms), or -1 if nothing is waiting.
 */
int64_t	early_tick(void *arg, int64_t now_ms);
/*
 * The input is about to wait (tool_set_idle(), arg an early): write the
 * rows of the groups changed since the last write, now.
 */
void	early_idle(void *arg);
/* The same, called directly. */
void	early_write(struct early *);
void	early_release(struct early *);

#endif
