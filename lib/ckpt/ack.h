/* SPDX-License-Identifier: MIT */
/* ack.h -- how the stages of a pipeline tell its source what they saved. */
#ifndef SLUICE_ACK_H
#define SLUICE_ACK_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

/*
 * A pipe carries records one way only, so the stages answer the source
 * through files beside its state file SOURCE: the stage with --state
 * that is the Kth such stage after the source (K from 1, counted by the
 * barriers, stream.h) writes SOURCE.stageK, atomically, each time it
 * has saved its state for a barrier:
 *
 *   {"stage":K,"epoch":E,"id":N,"tool":"window","state":"/abs/FILE",
 *    "last":false}
 *
 * epoch is the source's run (it counts restores), id the checkpoint
 * the stage's state is now at, last whether the stage's output is no
 * pipe (a file, a terminal), so that no stage can follow it.  The
 * source reads them (sluice(7), DURABLE PIPELINES):
 *  - at a restart, to go back to the last checkpoint that every stage
 *    of the last run completed;
 *  - before each new barrier, to let at most one checkpoint be on its
 *    way, so that every stage is at most one checkpoint behind the
 *    source and two generations of state (snapfile.h) always suffice.
 */

struct ckpt_acks {
	size_t		 n;		/* stages of that epoch */
	int64_t		 min_id;	/* the oldest of their ids; INT64_MAX
					   when n is 0 */
	int		 last;		/* one says nothing follows it */
	size_t		 all;		/* stage files of any epoch */
};

/* Write stage's acknowledgement; 0, or -1 with a message. */
int	ckpt_ack_write(const char *source, int64_t stage, int64_t epoch,
	    int64_t id, const char *tool, const char *state, int last,
	    struct sluice_err *err);
/*
 * Read SOURCE.stage1, SOURCE.stage2 ... (up to the first missing one)
 * and sum up those of epoch into *a.  0, or -1 with a message when one
 * cannot be read or is damaged.
 */
int	ckpt_ack_scan(const char *source, int64_t epoch, struct ckpt_acks *a,
	    struct sluice_err *err);
/* Remove every acknowledgement of source: 0, or -1 with a message. */
int	ckpt_ack_clear(const char *source, struct sluice_err *err);

#endif
