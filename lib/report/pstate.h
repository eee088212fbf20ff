/* SPDX-License-Identifier: MIT */
/* pstate.h -- aggregate --partial's states, merged for a report. */
#ifndef SLUICE_REPORT_PSTATE_H
#define SLUICE_REPORT_PSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "json/record.h"

/*
 * What report does with the output of aggregate --partial (sluice(7),
 * aggregate(1) SHARDING): the partial records are merged per window
 * and group as aggregate --merge merges them, and their shard trailers
 * tallied as it tallies them.  At the end of input pstate_finish()
 * gives, through the emit hook, what aggregate --partial would write
 * for the merged states: its meta record, each window's merged partial
 * records sorted by group, then its close marker.  pstate_split() turns
 * such a record into the row aggregate --merge writes, and gives its
 * state, which the report merges across groups and windows
 * (pstate_join()) and finalizes (pstate_values()) where values alone
 * would not combine.
 *
 * Memory: what aggregate --merge holds, every window's groups' states
 * until the end of input.
 */
struct pstate;
struct agg_acc;

/* What pstate_record() made of a partial record. */
enum pstate_status {
	PSTATE_TAKEN = 0,
	PSTATE_REJECT,		/* a bad state: the record is rejected */
	PSTATE_FATAL		/* the stream cannot go on */
};

/* Empty; what pstate_finish() gives goes to emit(arg, p, n). */
struct pstate	*pstate_new(void (*emit)(void *arg, const char *p,
		    size_t n), void *arg);
/* Whether r is a partial record (has a @partial member). */
int	pstate_is_partial(struct record *r);
/*
 * Take the partial record r, line (for messages) of the input: merged
 * into its group of its window.  PSTATE_TAKEN; PSTATE_REJECT with
 * err->col (from the start of r's text) and err->msg (a bad state); or
 * PSTATE_FATAL with why (another spec, other group keys, another
 * format).
 */
enum pstate_status pstate_record(struct pstate *, struct record *r,
		    uint64_t line, struct sluice_err *err, struct strbuf *why);
/*
 * A control record r, once a partial record or a trailer came: a shard
 * trailer is tallied; the close marker of a window is kept for the end,
 * as aggregate --merge keeps it.  Returns 1 if r is the report's to
 * take, 0 if not, -1 with why for a malformed trailer.
 */
int	pstate_ctl(struct pstate *, struct record *r, struct strbuf *why);
/*
 * The check at the end of input, before pstate_finish() (aggregate(1)
 * SHARDING): 0 when the shards are whole; 1 when no shard had a trailer
 * (merged unchecked); 2 when the set is empty or a shard was cut short.
 * why (reset first) says what, for 1 and 2.
 */
int	pstate_verdict(struct pstate *, struct strbuf *why);
/* The merged states, through the emit hook (see above). */
void	pstate_finish(struct pstate *);

/*
 * For a merged partial record r that pstate_finish() gave: the row
 * aggregate --merge writes for it in row (reset first), and its state,
 * a new block (free it with pstate_drop()).
 */
struct agg_acc	*pstate_split(struct pstate *, struct record *r,
		    struct strbuf *row);
/* Merge src into *dst, a new empty block first if *dst is NULL. */
void	pstate_join(struct pstate *, struct agg_acc **dst,
	    const struct agg_acc *src);
/*
 * The results of acc, finalized as aggregate does, as a JSON object in
 * out (reset first): {"NAME":RESULT,...}.  secs is the window length for
 * rate (0: the span of the event times).  acc's percentiles are sorted.
 */
void	pstate_values(struct pstate *, struct agg_acc *acc, double secs,
	    struct strbuf *out);
/* Free a block (NULL is ignored). */
void	pstate_drop(struct pstate *, struct agg_acc *acc);
/* Free everything (NULL is ignored). */
void	pstate_free(struct pstate *);

#endif
