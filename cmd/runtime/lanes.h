/* SPDX-License-Identifier: MIT */
/* lanes.h -- ingest's file operands read side by side and merged by time. */
#ifndef SLUICE_LANES_H
#define SLUICE_LANES_H

#include "io/state.h"
#include "parse/timemerge.h"
#include "runtime/tool.h"

/*
 * ingest with several file operands: their records merged by time
 * (parse/timemerge.h), each file read on its own from t's input, already
 * open.  st is the run's --state, whose sources are known (the rest of
 * a file's rotated copy goes first, in the same lane), or NULL: one
 * source per operand.  Sets *mp to the merge (the caller frees it) and
 * *at to the line each record written comes from, then reads all of
 * the input.  Does nothing, *mp left NULL, for one file, for followed
 * files (INPUT_FOLLOW) and with -t none (no time to merge by): the
 * caller reads the input as before.  Exits 2 when a reader cannot be
 * made.
 */
void	lanes_run(struct tool *t, struct timemerge **mp,
	    const struct reader_opts *ro, const struct reader_out *out,
	    const struct state *st, const struct line **at);

#endif
