/* SPDX-License-Identifier: MIT */
/* timemerge.h -- the records of several files merged by their @timestamp. */
#ifndef SLUICE_TIMEMERGE_H
#define SLUICE_TIMEMERGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "io/input.h"
#include "parse/reader.h"

/*
 * ingest with several files: each file (a lane) has its own reader,
 * so its own format, csv header, syslog year and -f auto decision, and
 * each is taken to be in time order.  The merge writes the record of
 * smallest time among the next record of each lane; on equal times the
 * earlier lane goes first.  A record without a time, or earlier than
 * the record before it in its file, is given that record's time (the
 * start of time for the first of a file) for the merge only: it goes
 * out right after the record before it in its file, and never holds
 * the merge back.  The record itself is left as it is.
 *
 * Memory: a lane holds the records made from the last line it read:
 * one, or up to DETECT_LINES when -f auto decides on the lines it
 * held; a lane reads its next line only once they are all out.  The
 * choice is a linear scan of the lanes: files are few, and a scan of a
 * few keys in a row costs less than keeping a heap.
 *
 * Rejects and notes go to out at once, as each lane's reader makes
 * them, of the hints (READER_HINT) only the first: a run gives one;
 * records go to out->record in the merged order.
 */
struct timemerge;

/*
 * The next line of lane k: 1 and *ln filled, 0 at the end of the lane.
 * ln stays valid until the next call for the same lane.
 */
typedef int	(*timemerge_next_fn)(void *arg, size_t k, struct line *ln);

/*
 * A merge of nlanes lanes, their readers made with o, writing to out
 * (copied).  Returns it, or NULL with err as reader_new().
 */
struct timemerge	*timemerge_new(const struct reader_opts *o,
		    const struct reader_out *out, size_t nlanes,
		    struct sluice_err *err);
/*
 * The line a record given to out->record came from (its file's name
 * and line number; p is NULL): valid while the merge lives.
 */
const struct line *timemerge_at(const struct timemerge *);
/* Read every lane to its end through next, writing the records. */
void	timemerge_run(struct timemerge *, timemerge_next_fn next, void *arg);
/* The input waits: -f auto decides in every lane (reader_idle()). */
void	timemerge_idle(struct timemerge *);
/*
 * The counts of all lanes summed, as of now; NULL m: those of r.  The
 * result is valid until the next call.
 */
const struct reader_counts *timemerge_counts(struct timemerge *m,
		    const struct reader *r);
void	timemerge_free(struct timemerge *);

#endif
