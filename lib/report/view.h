/* SPDX-License-Identifier: MIT */
/* view.h -- what a report shows: columns, rows, windows, alerts as tables. */
#ifndef SLUICE_REPORT_VIEW_H
#define SLUICE_REPORT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "json/scan.h"
#include "report/report_int.h"
#include "report/table.h"

/*
 * The pieces every rendering of the model shares (report_int.h): which
 * columns are shown and what each is, which rows (the top N by the
 * first metric), and the tables of rows, windows, alerts and rejects.
 * Lists of indexes are returned as new arrays: the caller frees them.
 * Functions that read rows back use the model's scratch record, so
 * what view_row_value() returns is valid until the next row is opened.
 */

/* What a column is (report(1)): a key, a metric, or neither. */
enum view_kind {
	VIEW_KEY,
	VIEW_METRIC,
	VIEW_OTHER
};

/*
 * A column is a key when --by or the meta record's "by" names it; a
 * metric when the meta record names it a metric and it holds numbers;
 * else a key when it holds strings or booleans, or numbers and a meta
 * record came (they are no aggregate output); a metric when it holds
 * numbers and no meta record came; '@' columns, objects and arrays
 * are neither (model_key_value()).
 */
enum view_kind	view_kind(const struct model *, size_t c);
/*
 * How the values of column c combine across groups and windows: as
 * the meta record says, MERGE_NONE when it does not (report(1)).
 */
enum stream_merge view_merge(const struct model *, size_t c);
/*
 * How the values of column c combine: merge is view_merge(); for a
 * mean (fn "mean" of field F) whose rows also carry the sum and the
 * count of F (aggregate -a mean:F,sum:F,count:F), sum and count are
 * their columns, and the mean of several rows is the sum of their sums
 * over the sum of their counts, exactly; else they are NO_INDEX.
 */
struct view_rule {
	enum stream_merge	 merge;
	size_t			 sum;
	size_t			 count;
};

void	view_rule(const struct model *, size_t c, struct view_rule *r);
/*
 * Column c's values in arr[0..n) (per column, as a window's) combined
 * by rule r: merge_value(), or the mean from the sums and counts; NAN
 * when they do not combine.
 */
double	view_combine(const struct view_rule *r, const struct merge *arr,
	    size_t n, size_t c);
/* Whether view_combine() gives no value because they do not combine. */
int	view_refused(const struct view_rule *r, const struct merge *arr,
	    size_t n, size_t c);
/*
 * Column c of window w, over its groups: the value its merged partial
 * states give (pstate.h) when it has one, else view_combine() of its
 * rows' values; view_window_refused() likewise.
 */
double	view_window_value(const struct view_rule *r, const struct win *w,
	    size_t c);
int	view_window_refused(const struct view_rule *r, const struct win *w,
	    size_t c);
/*
 * Append why column c's values are not combined, as words that follow
 * its name: "a percentile cannot be combined across groups", "no meta
 * record says how to combine it across groups", "the meta record does
 * not say how to combine it across groups".
 */
void	view_merge_why(const struct model *, size_t c, struct strbuf *out);
/*
 * Append "NAME: " and view_merge_why(), and for a percentile or a
 * distinct count "; give report the --partial output of aggregate to
 * combine them".
 */
void	view_merge_note(const struct model *, size_t c, struct strbuf *out);
/* The columns shown, in order, in *cols (new); returns how many. */
size_t	view_cols(const struct model *, size_t **cols);
/* The first metric among cols[0..n), or NO_INDEX. */
size_t	view_first_metric(const struct model *, const size_t *cols, size_t n);
/* The first metric whose values combine (view_merge()), or NO_INDEX. */
size_t	view_first_mergeable(const struct model *, const size_t *cols,
	    size_t n);

/* Parse row i of r into the model's scratch record; 1, or 0 if bad. */
int	view_row_open(struct model *, const struct rows *r, size_t i);
/* The open row's value of column c: 1 and *v, or 0 if it has none. */
int	view_row_value(struct model *, size_t c, struct jval *v);
/*
 * The rows to show among the rows cand[0..n) of r, as indexes into r
 * in *out (new); returns how many.  With --top, the top rows by metric
 * m (NO_INDEX: the first ones), largest first, and *more gets how many
 * were left out.
 */
size_t	view_pick_list(struct model *, const struct rows *r,
	    const size_t *cand, size_t n, size_t m, size_t **out,
	    size_t *more);
/* The same for the rows r[from, to). */
size_t	view_pick_rows(struct model *, const struct rows *r, size_t from,
	    size_t to, size_t m, size_t **out, size_t *more);
/*
 * Append the text of a value as a cell to sb: strings decoded, reals
 * rounded for people if human; returns TABLE_NUM, TABLE_MISSING or 0.
 */
unsigned view_value_text(struct strbuf *sb, const struct jval *v, int human);
/*
 * Set the cells of row of t from the open row: columns cols[0..nc) in
 * the table's columns col0 on (view_value_text()).
 */
void	view_row_cells(struct model *, struct table *t, size_t row,
	    size_t col0, const size_t *cols, size_t nc, int human);
/* A table (set up here) of the rows idx[0..n) of r, columns cols[0..nc). */
void	view_rows_table(struct model *, const struct rows *r,
	    const size_t *idx, size_t n, const size_t *cols, size_t nc,
	    int human, struct table *t);

/* The windows in time order (new array of m->nwin indexes). */
size_t	*view_windows_sorted(const struct model *);
/* The rows of every window in window order: indexes into m->all (new). */
size_t	*view_rows_by_window(struct model *, size_t *n);
/*
 * The window shown as "the latest": the newest closed window once any
 * window closed, else the newest window; its rows in *r.
 */
size_t	view_latest(const struct model *, const struct rows **r);
/*
 * The window still open that provisional rows show (model_opts.early):
 * 1 with its rows, the latest of each group in the order the groups
 * came, in *r (the model's, valid until the next model_add()), and its
 * bounds as RFC 3339 text in *start and *end (the same); 0 when there
 * is none.
 */
int	view_open(struct model *, const struct rows **r, const char **start,
	    const char **end);
/* The plain rows to show: the current snapshot, or the last one. */
void	view_plain_span(const struct model *, size_t *from, size_t *to);
/*
 * The time range covered, as RFC 3339 text in s and e (TIMEFMT_LEN
 * bytes each) and as times in *t0, *t1: 1, or 0 if unknown.
 */
int	view_time_range(const struct model *, char *s, char *e, int64_t *t0,
	    int64_t *t1);

/*
 * The table (set up here) of the main rows: the open window's
 * (view_open()), else the latest window's, or the plain ones; *shown
 * rows, *more left out by --top.
 */
void	view_main_table(struct model *, int human, struct table *t,
	    size_t *shown, size_t *more);
/*
 * One row per window: its bounds, rows and each metric combined over
 * the window's groups.  A metric whose values cannot be combined is
 * shown where the window has one value; for each such metric that lost
 * a value a line (view_merge_note()) is appended to notes (if not NULL).
 */
void	view_windows_table(struct model *, int human, struct table *t,
	    struct strbuf *notes);
/* Whether partial states came (pstate.h), so that totals are shown. */
int	view_has_states(const struct model *);
/*
 * The totals over every window, with partial states: one row per group
 * (its label, rows, and each metric over its rows), the top --top
 * (default 5) by the first metric, largest first; "other (N groups)",
 * the rest as one; "all groups", every row as one.  A metric combines
 * by its rule (view_combine()), or, if it does not, is computed from
 * the merged partial states, exactly as aggregate computes it.
 */
void	view_totals_table(struct model *, int human, struct table *t);
/* The alerts from the from-th on, in order of arrival, flagged. */
void	view_alerts_table(const struct model *, size_t from,
	    struct table *t);
/* The rejects kept: where, why, the record cut short. */
void	view_rejects_table(const struct model *, struct table *t);

/* The title: --title, or "sluice report". */
const char *view_title(const struct model *);
/* Whether the report is a table of records alone: no header, no sections. */
int	view_bare(const struct model *);
/* Append "windows N, rows N, alerts N ..." to out. */
void	view_counts_line(const struct model *, struct strbuf *out);

#endif
