/* SPDX-License-Identifier: MIT */
/* reportdata.h -- the report's model and its renderings. */
#ifndef SLUICE_REPORTDATA_H
#define SLUICE_REPORTDATA_H

#include <stddef.h>
#include <stdint.h>

#include "json/path.h"
#include "json/record.h"
#include "core/strbuf.h"

/*
 * The model of report(1).  Records are fed one by one; each is a data
 * row, an alert, a rejected record or a control record:
 *
 *   - Rows with "@window" ({"start","end"}) make a windowed report.
 *     Their fields whose values are strings or booleans are key
 *     columns (a null is no value), numeric ones are metric columns,
 *     '@' fields and objects or arrays are shown but are neither.  A
 *     group is the combination of a row's key values.
 *   - Records without "@window" are plain rows: a table of records,
 *     the union of their columns in first-seen order.  Once the stream
 *     turns out to be windowed they are counted as late instead.  A
 *     {"@ctl":"snapshot"} record ends a snapshot: the rows before it
 *     replace those of the snapshot before.
 *   - "@alert" records are alerts, "@error" records rejects; control
 *     records ("@ctl") are counted; a close marker also names a window
 *     (empty windows are windows too).
 *
 * Memory.  What the output shows is kept, nothing more:
 *   - per window: its bounds, row count and one merged value per
 *     metric (40 bytes or so per metric);
 *   - per group: its label and per metric a total;
 *   - for charts, per group and metric, one merged value per point;
 *     at most REPORTDATA_MAX_POINTS points: when there are more
 *     windows, neighbouring points are merged two by two;
 *   - per key column, per distinct value, one merged value per metric
 *     (the top-N tables);
 *   - the rows of the latest window only, unless keep_all (csv and
 *     json show every row); all plain rows of the current snapshot;
 *   - every alert record, the first REPORTDATA_MAX_REJECTS rejects.
 *
 * Merging.  Metrics whose names start with "min" or "max" merge by
 * minimum or maximum; those starting with "mean", "avg", "median",
 * "p" and a digit, "stddev", "std", "var", "rate", "distinct",
 * "first" or "last" are averaged; all others (count, sum_...) add up.
 * A chart point made of several windows shows the value per window.
 */

#define REPORTDATA_MAX_POINTS	1024
#define REPORTDATA_MAX_REJECTS	5
#define REPORTDATA_TOP		5	/* --top default */

enum reportdata_format {
	REPORTDATA_TABLE,
	REPORTDATA_MARKDOWN,
	REPORTDATA_CSV,
	REPORTDATA_JSON,
	REPORTDATA_HTML
};

struct reportdata_opts {
	const char	*title;		/* NULL: "sluice report" */
	int		 top;		/* lines per chart, top-N rows */
	int		 limit;		/* > 0: tables of rows show the top
					   limit rows by the first metric */
	struct path	**cols;		/* --columns (borrowed), or NULL */
	int		 ncols;
	struct path	**keys;		/* --by: key columns (borrowed) */
	int		 nkeys;
	int		 keep_all;	/* keep every windowed row */
};

/* What a record turned out to be. */
enum reportdata_kind {
	REPORTDATA_ROW,		/* a row with a window */
	REPORTDATA_RECORD,	/* a plain row (or late, if windowed) */
	REPORTDATA_ALERT,
	REPORTDATA_REJECT,
	REPORTDATA_CLOSE,	/* {"@ctl":"close"} */
	REPORTDATA_SNAPSHOT,	/* {"@ctl":"snapshot"} */
	REPORTDATA_CTL		/* any other control record */
};

struct reportdata_counts {
	uint64_t	rows;		/* windowed rows, or plain rows */
	uint64_t	windows;
	uint64_t	alerts;
	uint64_t	firing;		/* alerts firing now */
	uint64_t	rejects;	/* "@error" records */
	uint64_t	late;		/* rows without a window, if windowed */
	uint64_t	ctl;
};

/* How text is shown. */
struct reportdata_view {
	size_t	width;		/* cut lines to this width; 0: no limit */
	size_t	height;		/* live screen rows; 0: no limit */
	int	colour;		/* ANSI colour */
};

struct reportdata;

/* A new model; opts is copied (the paths stay borrowed). */
struct reportdata *reportdata_new(const struct reportdata_opts *);
/* Take in one parsed record (borrowed); returns what it was. */
enum reportdata_kind reportdata_add(struct reportdata *, struct record *);
void	reportdata_counts(const struct reportdata *,
	    struct reportdata_counts *);

/*
 * The whole report in a format, appended to out.  view matters for
 * REPORTDATA_TABLE only.  The layouts are described in report(1).
 */
void	reportdata_render(struct reportdata *, enum reportdata_format,
	    const struct reportdata_view *, struct strbuf *out);
/*
 * The live screen: a title line, the latest window's table (cut to
 * fit), a sparkline per metric over the last windows and the firing
 * alerts; each line fits view->width, at most view->height lines (0:
 * all).
 */
void	reportdata_live(struct reportdata *, const struct reportdata_view *,
	    struct strbuf *out);
/*
 * What happened since the last call, as text to append to a log: the
 * latest window's table (or the last snapshot's, or the plain rows)
 * under a heading, and the alerts that came since.  Appends nothing
 * when nothing came.
 */
void	reportdata_update(struct reportdata *,
	    const struct reportdata_view *, struct strbuf *out);

void	reportdata_free(struct reportdata *);

#endif
