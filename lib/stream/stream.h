/* SPDX-License-Identifier: MIT */
/* stream.h -- the stream protocol of sluice(7): reserved keys, control records. */
#ifndef SLUICE_STREAM_H
#define SLUICE_STREAM_H

#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "json/record.h"
#include "json/scan.h"

/*
 * Every reserved key and every control record of the stream is spelled
 * here and nowhere else (sluice(7), THE STREAM).  A key is passed to
 * record_get_key() and friends as two arguments, its text and length:
 * record_get_key(r, SK_WINDOW, &v).
 */
#define STREAM_KEY(lit)		lit, (sizeof(lit) - 1)

#define STREAM_TIMESTAMP	"@timestamp"	/* the default time field */
#define SK_TIMESTAMP	STREAM_KEY(STREAM_TIMESTAMP)
#define SK_WINDOW	STREAM_KEY("@window")	/* an event's window */
#define SK_CTL		STREAM_KEY("@ctl")	/* a control record */
#define SK_PARTIAL	STREAM_KEY("@partial")	/* aggregate --partial */
#define SK_ALERT	STREAM_KEY("@alert")	/* an alert transition */
#define SK_ERROR	STREAM_KEY("@error")	/* a rejected line's why */
#define SK_RECORD	STREAM_KEY("@record")	/* a rejected record */
#define SK_RAW		STREAM_KEY("@raw")	/* a rejected line, text */
#define SK_RAW_BASE64	STREAM_KEY("@raw_base64") /* ... not UTF-8 */
/* ingest: bytes of a text line that were not UTF-8 (became U+FFFD) */
#define SK_UTF8_REPAIRED STREAM_KEY("@utf8_repaired")
/* aggregate --early: a provisional row of a window still open */
#define SK_FINAL	STREAM_KEY("@final")

/* Append the member name "key": (key[0..n) plain ASCII) to sb. */
void	stream_add_key(struct strbuf *sb, const char *key, size_t n);

/*
 * Provisional rows (aggregate --early): a row of a window that is still
 * open carries "@final":false as its last member; the row written when
 * the window closes is the final one and has no such member.  Appends
 * ,"@final":false to sb, which holds an object not yet closed.
 */
void	stream_provisional_mark(struct strbuf *sb);
/* 1 when r is a provisional row ("@final":false), else 0. */
int	stream_is_provisional(struct record *r);

/* ---- control records ---- */

enum stream_ctl {
	CTL_NONE = 0,	/* not a control record */
	CTL_CLOSE,	/* {"@ctl":"close","@window":W} */
	CTL_SNAPSHOT,	/* {"@ctl":"snapshot","at":T} */
	CTL_META,	/* {"@ctl":"meta","by":[...],"metrics":[...]} */
	CTL_CHECKPOINT,	/* {"@ctl":"checkpoint","id":N,"source":S,...} */
	CTL_RESTORE,	/* {"@ctl":"restore","id":N,"source":S,...} */
	CTL_SHARD,	/* {"@ctl":"shard","id":S,"partials":N} */
	CTL_OTHER	/* a kind this version does not know: forward it */
};

/*
 * The kind of control record r is, CTL_NONE for an ordinary record.
 * Cheap for records that are not control records: their bytes are
 * searched for the key before any lookup.
 */
enum stream_ctl	stream_ctl_of(struct record *r);

/* Append a close marker for the window W (its JSON text) to sb. */
void	stream_close(struct strbuf *sb, const char *w, size_t n);
/* Append a snapshot marker taken at the time at (ns) to sb. */
void	stream_snapshot(struct strbuf *sb, int64_t at);

/*
 * Checkpoint barriers (sluice(7), DURABLE PIPELINES).  ingest --state
 * writes a restore record first, then a checkpoint record every so
 * often and at the end of its input; each stage with --state snapshots
 * its state when one reaches it, then forwards it with stage one more.
 */
struct stream_barrier {
	enum stream_ctl	 kind;		/* CTL_CHECKPOINT or CTL_RESTORE */
	int64_t		 id;		/* checkpoint id, from 1; restore 0:
					   from the beginning */
	const char	*source;	/* the source's state file (absolute) */
	size_t		 sourcelen;
	int64_t		 stage;		/* stateful stages passed, 0 at ingest */
	int64_t		 epoch;		/* the source's run: restores so far */
	int		 final;		/* checkpoint: the source paused */
};

/*
 * Whether the line p[0..n) is a restore record as stream_barrier_write()
 * writes it: a test of its first bytes, for every line.
 */
int	stream_line_is_restore(const char *p, size_t n);
/* Append the barrier b as a record to sb. */
void	stream_barrier_write(struct strbuf *sb, const struct stream_barrier *b);
/*
 * Read a checkpoint or restore record into b (source points into r's
 * text, valid while r is).  Returns 0, or -1 with err set when r is
 * not a well-formed one.
 */
int	stream_barrier_read(struct record *r, struct stream_barrier *b,
	    struct sluice_err *err);

/* ---- @window ---- */

/*
 * Append the value of a window, {"start":S,"end":E[,"key":K]}, to sb:
 * bounds in RFC 3339 UTC with milliseconds (nanoseconds when they need
 * them); key (a JSON value, may be NULL) for session windows.
 */
void	stream_window_value(struct strbuf *sb, int64_t start, int64_t end,
	    const char *key, size_t keylen);
/* Set r's @window to the JSON text w[0..n) (see record_set_raw()). */
void	stream_set_window(struct record *r, const char *w, size_t n);
/* r's @window value: 1 and *w filled if present, else 0. */
int	stream_get_window(struct record *r, struct jval *w);
/*
 * The parts of a @window value w: 0 and *start, *end (and *key, if
 * not NULL: JT_MISSING when absent) filled, or -1 when w is not an
 * object with start and end members.
 */
int	stream_window_parts(const struct jval *w, struct jval *start,
	    struct jval *end, struct jval *key);
/*
 * The bounds of a @window value as times (ns): 0, or -1 when w is not
 * an object whose start and end are RFC 3339 times.
 */
int	stream_window_bounds(const struct jval *w, int64_t *start,
	    int64_t *end);

/*
 * A pane of sliding windows (window --sliding, sluice(7), SLIDING
 * WINDOWS BY PANES): an event's @window is
 *
 *	{"pane":{"start":PS,"end":PE},"first":F,"size":"1h","every":"1m"}
 *
 * when window writes each event once: it counts in the windows of
 * length size that start at F, F + every, ... up to the last start
 * that is not after PS, each of which holds the whole pane.  Times are
 * written as stream_window_value() writes bounds, durations as
 * duration_format() does.
 */
struct stream_pane {
	int64_t		 start;		/* the pane, [start, end) */
	int64_t		 end;
	int64_t		 first;		/* the first window that counts it */
	int64_t		 size;		/* of the windows */
	int64_t		 every;		/* their hop */
};

/* Append the @window value of pane p to sb. */
void	stream_pane_value(struct strbuf *sb, const struct stream_pane *p);
/*
 * Read a @window value w as a pane: 1 and *p filled, 0 if w is no pane
 * (it has no "pane" member), -1 if it is a malformed one (a bound or a
 * duration that does not read, end <= start, first after start, size
 * or every not > 0).
 */
int	stream_pane_read(const struct jval *w, struct stream_pane *p);

/* ---- @partial: aggregate --partial and --merge ---- */

/*
 * Append the member ,"@partial":{"spec":SPEC,"state": to sb; the
 * caller appends the state value, then stream_partial_end().
 */
void	stream_partial_begin(struct strbuf *sb, const char *spec, size_t n);
void	stream_partial_end(struct strbuf *sb);
/*
 * r's partial state: 1 with *spec (a string) and *state filled, 0 if
 * r has no @partial, -1 if its @partial lacks either.
 */
int	stream_get_partial(struct record *r, struct jval *spec,
	    struct jval *state);
/* Whether a top-level key k of a partial record is a reserved one
 * (@window, @partial) rather than a group key. */
int	stream_partial_is_reserved(const struct jval *k);

/*
 * The trailer of one aggregate --partial run (a shard), its last line:
 * {"@ctl":"shard","id":S,"partials":N}, N the partial records it wrote
 * before it, S a name for the run (host:pid).  Append one to sb.
 */
void	stream_shard_write(struct strbuf *sb, const char *id, uint64_t n);
/*
 * Read the trailer r: 0 with its id appended to id (reset first) and
 * *n set, or -1 if r is no well-formed one.
 */
int	stream_shard_read(struct record *r, struct strbuf *id, uint64_t *n);

/* ---- stream metadata: what each metric of aggregate's output is ---- */

/* How the values of one metric combine across groups or windows. */
enum stream_merge {
	MERGE_NONE = 0,	/* they do not (a mean of p95s is no p95) */
	MERGE_SUM,	/* count, sum, rate */
	MERGE_MIN,
	MERGE_MAX
};

struct stream_metric {
	char		*name;		/* the output field */
	char		*fn;		/* count, sum, p95, top ... */
	char		*field;		/* the input field, or NULL */
	enum stream_merge merge;
};

struct stream_meta {
	char			**by;		/* the group keys */
	size_t			  nby;
	struct stream_metric	 *metric;
	size_t			  nmetric;
};

/* Append {"@ctl":"meta","by":[...],"metrics":[...]} for m to sb. */
void	stream_meta_write(struct strbuf *sb, const struct stream_meta *m);
/*
 * Read a meta record into m (which the caller releases with
 * stream_meta_release()); 0, or -1 with err set when r is not one.
 */
int	stream_meta_read(struct record *r, struct stream_meta *m,
	    struct sluice_err *err);
/* The metric named name[0..n) in m, or NULL. */
const struct stream_metric *stream_meta_find(const struct stream_meta *m,
	    const char *name, size_t n);
void	stream_meta_release(struct stream_meta *m);
/* The name of a merge rule ("sum", "min", "max", "none") and back. */
const char *stream_merge_name(enum stream_merge);
enum stream_merge stream_merge_of(const char *s, size_t n);

/* ---- @alert ---- */

/* Append {"@alert":{ to sb: the caller adds the members and "}}". */
void	stream_alert_begin(struct strbuf *sb);
/* r's @alert value: 1 and *a filled if r is an alert, else 0. */
int	stream_get_alert(struct record *r, struct jval *a);

#endif
