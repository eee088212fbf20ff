/* SPDX-License-Identifier: MIT */
/* model.h -- the report's model: what the records say, kept to be shown. */
#ifndef SLUICE_REPORT_MODEL_H
#define SLUICE_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "json/path.h"
#include "json/record.h"

/*
 * The model of report(1).  Records are fed one by one; each is a data
 * row, an alert, a rejected record or a control record (sluice(7)):
 *
 *   - Rows with a @window ({"start","end"}) make a windowed report.
 *     Their fields whose values are strings or booleans are key
 *     columns (a null is no value), numeric ones are metric columns,
 *     '@' fields and objects or arrays are shown but are neither.  A
 *     group is the combination of a row's key values.
 *   - Records without a @window are plain rows: a table of records,
 *     the union of their columns in first-seen order.  Once the stream
 *     turns out to be windowed they are counted as late instead.  A
 *     snapshot marker ends a snapshot: the rows before it replace those
 *     of the snapshot before.
 *   - Provisional rows (rows of a window still open, marked as such:
 *     sluice(7)) are ignored, unless model_opts.early: then the
 *     latest one per group of the newest open window is kept apart,
 *     for the live view, and never merged into what the windows hold.
 *   - Partial records (aggregate --partial) are merged per window and
 *     group as aggregate --merge merges them; at model_finish() their
 *     rows are taken in as rows, and their states kept merged per
 *     window, per group and over all, to combine the metrics whose
 *     values do not combine (pstate.h).
 *   - @alert records are alerts, @error records rejects; control
 *     records are counted; a close marker also names a window (empty
 *     windows are windows too); a meta record says what each metric
 *     is and how its values merge (the last one counts).
 *
 * Merging.  Where the values of several rows are shown as one, a
 * metric merges by the rule its meta record gives (sum, min, max), or
 * not at all ("none", or no meta record): never by its name.  So the
 * values are kept whole (merge.h) and the rule applied when shown.
 *
 * Memory.  What the output shows is kept, nothing more:
 *   - per window: its bounds, row count and per metric its values
 *     merged (struct merge, 32 bytes);
 *   - per group: its label and per metric its values merged;
 *   - for charts, per group and metric, the values of each point
 *     merged; at most POINTS_MAX points (points.h);
 *   - per key column, per distinct value, per metric the values merged
 *     (the top-N tables);
 *   - the rows of the latest window only, unless keep_all (csv and
 *     json show every row); all plain rows of the current snapshot;
 *   - every alert record, the first MODEL_MAX_REJECTS rejects;
 *   - with partial states, what aggregate --merge keeps until the end
 *     of input, then one merged state per group and one over all, and
 *     one per window until its close marker (then per metric one
 *     value).
 */

#define MODEL_MAX_REJECTS	5
#define MODEL_TOP		5	/* --top default */

struct model_opts {
	const char	*title;		/* NULL: "sluice report" */
	int		 top;		/* lines per chart, top-N rows */
	int		 limit;		/* > 0: tables of rows show the top
					   limit rows by the first metric */
	struct path	**cols;		/* --columns (borrowed), or NULL */
	int		 ncols;
	struct path	**keys;		/* --by: key columns (borrowed) */
	int		 nkeys;
	int		 keep_all;	/* keep every windowed row */
	int		 early;		/* keep the open window's provisional
					   rows (the live view) */
};

/* What a record turned out to be. */
enum model_kind {
	MODEL_ROW,		/* a row with a window */
	MODEL_RECORD,		/* a plain row (or late, if windowed) */
	MODEL_ALERT,
	MODEL_REJECT,
	MODEL_CLOSE,		/* a close marker */
	MODEL_SNAPSHOT,		/* a snapshot marker */
	MODEL_CTL,		/* any other control record */
	MODEL_EARLY,		/* a provisional row (kept if opts.early) */
	MODEL_PARTIAL,		/* a partial state, or a shard trailer */
	MODEL_BAD,		/* a partial state rejected: model_why() */
	MODEL_FATAL		/* partial states that cannot go on: the
				   same */
};

struct model_counts {
	uint64_t	rows;		/* windowed rows, or plain rows */
	uint64_t	windows;
	uint64_t	alerts;
	uint64_t	firing;		/* alerts firing now */
	uint64_t	rejects;	/* @error records */
	uint64_t	late;		/* rows without a window, if windowed */
	uint64_t	ctl;
	uint64_t	provisional;	/* provisional rows, shown or not */
};

struct model;

/* A new model; opts is copied (the paths stay borrowed). */
struct model	*model_new(const struct model_opts *);
/* Take in one parsed record (borrowed); returns what it was. */
enum model_kind	 model_add(struct model *, struct record *);
/* The input line of the records that follow, for messages. */
void	model_line(struct model *, uint64_t line);
/*
 * Why model_add() said MODEL_BAD or MODEL_FATAL, and the column in the
 * record (1-based; 0: none) in *col.
 */
const char *model_why(const struct model *, size_t *col);
/*
 * End of input.  With partial states (aggregate --partial output,
 * pstate.h): check the shards as aggregate --merge does, and, unless
 * the set is not whole, take in the rows of the merged states.
 * Returns pstate_verdict(): 0, 1 (no trailer: merged unchecked) or 2
 * (not whole: nothing taken), with why (reset first) for 1 and 2.
 */
int	model_finish(struct model *, struct strbuf *why);
void	model_counts(const struct model *, struct model_counts *);
/*
 * Whether, without a meta record, a window had two rows of one group
 * and numbers besides: a numeric field is likely a group key taken for
 * a metric (report(1)), which -g would name.
 */
int	model_guessed(const struct model *);
/*
 * The length (ns) of the newest window, the open one's if newer; 0
 * when there is no window.
 */
int64_t	model_window_ns(const struct model *);
void	model_free(struct model *);

#endif
