/* SPDX-License-Identifier: MIT */
/* source.h -- --state for the source: read positions, barriers, restarts. */
#ifndef SLUICE_SOURCE_RT_H
#define SLUICE_SOURCE_RT_H

#include <stdint.h>

#include "core/strbuf.h"
#include "io/state.h"
#include "runtime/durable.h"
#include "runtime/tool.h"

/*
 * ingest --state FILE: where each file was read to, kept in FILE as a
 * state of two generations (ckpt/snapfile.h), and, when its output is a
 * pipe and --checkpoint-every is given, the barriers of sluice(7),
 * DURABLE PIPELINES: a restore record first, then a checkpoint every so
 * often, held back until the stages completed the one before, and a
 * final one at the end of the input or at a stop.  A position is saved
 * only once the lines before it were written out.  Errors that make the
 * state untrustworthy print and exit 2.
 */
struct source {
	struct tool	*t;
	struct state_out o;		/* the state file and stdout */
	struct state	 st;
	char *const	*paths;		/* the file operands */
	int		 npaths;
	int		 barriers;	/* write them: stdout is a pipe */
	int64_t		 every_lines;	/* 0: not by lines */
	int64_t		 every_ms;	/* 0: not by time */
	int64_t		 id;		/* the last checkpoint */
	int64_t		 epoch;		/* this run's */
	size_t		 stages;	/* that answered the restore */
	uint64_t	 lines_at;	/* lines_in at the last one */
	int64_t		 ms_at;		/* and when */
	int64_t		 look_at;	/* when to look again (ms), or 0 */
	struct strbuf	 sb;
};

/*
 * Load path and open t's input over the file operands, each resumed
 * where the checkpoint to go back to left it; with barriers, write the
 * restore record and wait (a second at most) for the stages to answer.
 */
void	source_open(struct source *, struct tool *t, const char *path,
	    char *const paths[], int npaths, int follow, int64_t every_lines,
	    int64_t every_ms);
/*
 * After each line: take a checkpoint if one is due and the stages are
 * ready for it, unless pending (the reader holds part of a record).
 */
void	source_line(struct source *, int pending);
/* At the end of the input or at a stop: the final checkpoint. */
void	source_end(struct source *);
void	source_close(struct source *);

#endif
