/* SPDX-License-Identifier: MIT */
/* journal.h -- the notifications already run, so a restart never runs one twice. */
#ifndef SLUICE_JOURNAL_H
#define SLUICE_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/map.h"

/*
 * alert --state FILE --exec: FILE.exec lists the alerts whose command
 * ran, each as the hash of its record and the checkpoint it ran after.
 * A pipeline that goes back to a checkpoint replays the same records,
 * so the same alerts come again, byte for byte; those in the journal
 * are not run again.  An alert is written to the journal (and the
 * journal flushed to disk) before its command runs: at most once.
 */
struct journal {
	char		*path;		/* FILE.exec */
	struct map	 seen;		/* hash text -> checkpoint + 1 */
	int		 fd;		/* appending */
};

/* Open (and read) path's journal: 0, or -1 with a message. */
int	journal_open(struct journal *, const char *state_path,
	    struct sluice_err *err);
/* Whether the alert json[0..n) already ran. */
int	journal_seen(struct journal *, const char *json, size_t n);
/*
 * Record that it runs, after checkpoint id, durably: 0, or -1 with a
 * message (then do not run it).
 */
int	journal_add(struct journal *, const char *json, size_t n, int64_t id,
	    struct sluice_err *err);
/*
 * The same for a batch: the alerts text[0..n), one a line (the last
 * newline optional), written with one write and one fsync, so that
 * the batch is in the journal as a whole or not at all: each line but
 * the last ends in " +", and journal_open() takes such lines only with
 * the line that ends them.  0, or -1 with a message.
 */
int	journal_add_lines(struct journal *, const char *text, size_t n,
	    int64_t id, struct sluice_err *err);
/*
 * Forget the alerts that ran before checkpoint keep: no restart can go
 * back that far.  0, or -1 with a message.
 */
int	journal_prune(struct journal *, int64_t keep, struct sluice_err *err);
void	journal_close(struct journal *);

#endif
