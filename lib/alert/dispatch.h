/* SPDX-License-Identifier: MIT */
/* dispatch.h -- where alerts go: --exec per alert or in batches, journaled. */
#ifndef SLUICE_DISPATCH_H
#define SLUICE_DISPATCH_H

#include <stddef.h>
#include <stdint.h>

#include "alert/am.h"
#include "alert/journal.h"
#include "alert/notify.h"
#include "core/strbuf.h"

/*
 * The alerts alert writes, given to the --exec command: one run per
 * alert, or with --exec-batch one run per batch (the alerts of one
 * window close, or of a span of wall time).  Under --state each alert
 * goes to the journal before its command runs, a batch as a whole, and
 * an alert the journal holds is not run again: a batch is never run
 * twice, and one waiting at a checkpoint is run before it, so a
 * restart from that checkpoint loses none.
 *
 * Or, with --alertmanager, each batch (by default the alerts of one
 * window close) is posted to Alertmanager, journaled the same way,
 * with every alert still firing (am.h).
 */
struct dispatch {
	struct notify		 exec;		/* --exec, --exec-shell */
	struct am		 am;		/* --alertmanager */
	struct journal		 journal;	/* open if journaled */
	int			 journaled;	/* under --state */
	int			 batch_close;	/* --exec-batch close */
	int64_t			 batch_ms;	/* --exec-batch DUR, or 0 */
	struct strbuf		 batch;		/* waiting: one alert a line */
	struct notify_counts	 counts;	/* of the batch */
	int64_t			 since_ms;	/* when the first came */
	void			(*before)(void *); /* before a command runs */
	void			*before_arg;
};

#define DISPATCH_INIT	{ .exec = NOTIFY_INIT, .am = AM_INIT }

/*
 * --exec-batch ARG: "close", or a duration of wall time.  0, or -1 with
 * a message.
 */
int	dispatch_batch_option(struct dispatch *, const char *arg,
	    struct sluice_err *err);
/* --exec-timeout: for the command, and for a post to Alertmanager. */
void	dispatch_timeout(struct dispatch *, int64_t ms);
/*
 * Whether the options go together (--exec-batch needs a command or
 * --alertmanager, which does not go with a command), and --alertmanager
 * without --exec-batch batches by window close: 0, or -1 with a
 * message.
 */
int	dispatch_check(struct dispatch *, struct sluice_err *err);
/* Under --state FILE: open its journal.  0, or -1 with a message. */
int	dispatch_journal(struct dispatch *, const char *state_path,
	    struct sluice_err *err);
/*
 * An alert written (json[0..n), of rule in state), after checkpoint id:
 * run the command for it, or add it to the batch (run or posted if the
 * batch's time is up).  Returns 0; 1 when a command failed (err says how: warn,
 * and go on); -1 when the journal could not be written (err says why;
 * nothing ran).
 */
int	dispatch_alert(struct dispatch *, const char *json, size_t n,
	    const char *rule, const char *state, int64_t id,
	    struct sluice_err *err);
/*
 * Run the batch waiting, if any, or post it with the alerts firing:
 * returns as dispatch_alert() does (1: the first failed post of a run).
 */
int	dispatch_flush(struct dispatch *, int64_t id, struct sluice_err *err);
/* Run the batch if it is due at now_ms: as dispatch_flush(). */
int	dispatch_tick(struct dispatch *, int64_t now_ms, int64_t id,
	    struct sluice_err *err);
/*
 * Checkpoint id is being saved: run the batch waiting, then forget the
 * alerts journaled before id (no restart goes back that far).  Returns
 * as dispatch_flush() does.
 */
int	dispatch_checkpoint(struct dispatch *, int64_t id,
	    struct sluice_err *err);
/*
 * The CLOCK_MONOTONIC time in ms (input_now_ms()) at which the batch
 * waiting is due (--exec-batch DUR), or -1 if none is.
 */
int64_t	dispatch_deadline(const struct dispatch *);
/* Close the journal and free the batch (not run: flush first). */
void	dispatch_release(struct dispatch *);

#endif
