/* SPDX-License-Identifier: MIT */
/* aggregator.h -- aggregate's state: windows of groups, and the rows they write. */
#ifndef SLUICE_AGGREGATOR_H
#define SLUICE_AGGREGATOR_H

#include <stddef.h>
#include <stdint.h>

#include "agg/agg.h"
#include "agg/group.h"
#include "agg/pane.h"
#include "core/common.h"
#include "core/strbuf.h"
#include "expr/expr.h"
#include "json/path.h"
#include "json/record.h"
#include "time/timefmt.h"

/*
 * What aggregate does to a stream, the command doing only the I/O:
 * records (or, with merge, partial states) go into the groups of their
 * window; a window's groups are written as rows (results, or partial
 * states with partial) when its close marker comes, or at the end.
 * Every row goes to the emit hook, one record without its newline.
 *
 * The first row of output is the stream's meta record (agg_spec_meta()),
 * written by aggregator_start() when the functions and group keys are
 * known, else (merge without -a or -g) as soon as the first meta record
 * or partial state of the input gives them.
 *
 * Set the public members below between aggregator_init() and
 * aggregator_start(); then feed records; then aggregator_finish() and
 * aggregator_release().
 */
struct aggregator {
	/* Set before aggregator_start(). */
	struct agg_spec	 spec;		/* the functions (-a) */
	int		 have_spec;	/* spec holds them */
	struct path	**by;		/* -g, owned: freed by release */
	int		 nby;
	struct path	*time_path;	/* -t, owned; NULL: @timestamp */
	int		 partial;	/* write partial states */
	int		 merge;		/* read partial states */
	int		 early;		/* mark changed groups (early.h) */

	/* Counts, for --stats. */
	uint64_t	 aggregated;	/* records or states taken */
	uint64_t	 by_seen;	/* bit i: a record had -g key i (i < 64) */
	uint64_t	 groups_out;
	uint64_t	 windows_out;

	/* Private. */
	struct expr	**byx;		/* --by-expr, after the paths */
	char		**byx_name;
	size_t		 nbyx;
	char		**keys;		/* output names of the group keys */
	size_t		 nkeys;
	int		 keys_known;
	int		 ready;		/* functions and keys set up */
	int		 meta_done;	/* the meta record was written */
	int		 hold_meta;	/* not before aggregator_load() */
	uint64_t	 seq_base;	/* arrivals before this run */
	uint64_t	 last_seq;
	struct time_opts topts;
	struct agg_input in;
	struct group_windows ws;	/* the states, per window and group */
	uint64_t	 changed;	/* groups marked, for early.c */
	struct panes	 panes;		/* ... and per pane of sliding ones */
	int		 direct;	/* panes: each window, not merged */
	struct strbuf	 key;
	struct strbuf	 keyx;		/* a --by-expr value's JSON */
	struct strbuf	 out;
	void		(*emit)(void *arg, const char *p, size_t n);
	void		*arg;
};

/*
 * With early set, a group of an open window (not the global one) that
 * takes a record is marked: this bit is set in the n of its entry in
 * its window's groups, and changed counts the marks set.  early.c
 * clears them; the other bits of n are early.c's too.
 */
#define AGGREGATOR_CHANGED	(UINT64_C(1) << 63)

/* Empty; rows will go to emit(arg, p, n). */
void	aggregator_init(struct aggregator *,
	    void (*emit)(void *arg, const char *p, size_t n), void *arg);
/* Add a group key computed by e (steals e), named name, after -g's. */
void	aggregator_add_key_expr(struct aggregator *, const char *name,
	    struct expr *e);
/*
 * After the options: the names of the group keys, the time field, and
 * the meta record if it can be written.  Returns 0, or -1 with why
 * (reset first) if a group key and a function share a name.
 */
int	aggregator_start(struct aggregator *, struct strbuf *why);

/* What aggregator_record() made of a record. */
enum aggregator_status {
	AGGREGATOR_TAKEN = 0,
	AGGREGATOR_REJECT,	/* the line is rejected: err->col, err->msg */
	AGGREGATOR_FATAL	/* the stream cannot go on: why */
};

/*
 * Take a record that is not a control record (stream_ctl_of()): into
 * its group of its window; with merge, a partial state merged into
 * its group.  seq is its arrival number (increasing).  err->col counts
 * from the start of r's text.
 */
enum aggregator_status aggregator_record(struct aggregator *,
		    struct record *r, uint64_t seq, struct sluice_err *err,
		    struct strbuf *why);
/*
 * A control record: a close marker writes its window's rows (with
 * merge, marks the window as seen: all are written at the end).  The
 * meta records of upstream are dropped, the output's metrics being
 * aggregate's own; with merge, the first one gives the functions and
 * keys not given by the options (partial_meta()).  Returns 1 if the
 * record is to be forwarded after the rows, 0 if not (meta records, and
 * with merge the close markers of the windows written at the end), -1
 * with why if the stream cannot go on.
 */
int	aggregator_ctl(struct aggregator *, struct record *r,
	    struct strbuf *why);
/*
 * The row of group og of window w (group_window_sorted()), a result or
 * a partial state, in o (reset first): the record, without newline.
 */
void	aggregator_row(struct aggregator *, const struct group_window *w,
	    const struct group_out *og, struct strbuf *o);
/*
 * The sliding windows still open that panes hold (pane.h), for rows
 * written before they close: fn(arg, w) for each, in order, with w a
 * window made for the call (the merge of its panes and of what the
 * window holds itself), freed after it.
 */
void	aggregator_open_panes(struct aggregator *,
	    void (*fn)(void *arg, struct group_window *w), void *arg);
/*
 * --every: write the rows of the records outside windows so far, then
 * a snapshot marker taken at the time now (ns).
 */
void	aggregator_snapshot(struct aggregator *, int64_t now);
/*
 * End of input: every open window in window order, each followed by a
 * close marker, then the rows of the records outside windows.
 */
void	aggregator_finish(struct aggregator *);
/*
 * What no record taken so far had, warning k of them: the -g keys
 * first ("--by F: no record has field F, every row has F null"), then
 * the functions' fields (agg_spec_absent()).  1 with the text appended
 * to sb, 0 if warning k does not apply, -1 when k is past the last.
 */
int	aggregator_absent(const struct aggregator *, size_t k,
	    struct strbuf *sb);
/*
 * For --state: every open window's groups as partial states (the
 * lines of --partial) after a header line, appended to body; and back.
 * Set hold_meta before aggregator_start() so that the meta record waits
 * for aggregator_load(): a state that had written it does not write it
 * again.  aggregator_load() returns 0, or -1 with a message.
 */
void	aggregator_save(struct aggregator *, struct strbuf *body);
int	aggregator_load(struct aggregator *, const char *body, size_t n,
	    struct sluice_err *err);

/* Free everything. */
void	aggregator_release(struct aggregator *);

#endif
