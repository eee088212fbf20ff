/* SPDX-License-Identifier: MIT */
/* window.h -- event-time windows: assignment, watermark, closing. */
#ifndef SLUICE_WINDOW_H
#define SLUICE_WINDOW_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"

/*
 * Times are int64 ns since the epoch (timefmt.h).  Tumbling windows are
 * [offset + k*size, offset + (k+1)*size); sliding windows start every
 * `every` and last `size` (with panes, an event is written once,
 * in its pane of gcd(size, every): agg/pane.h); session windows, per
 * key, last from their first event to `gap` after their last, and merge
 * when an event falls within `gap` of two of them.
 *
 * The watermark is the largest event time seen minus the lateness; it
 * never goes back.  A window closes when the watermark reaches its end.
 * Tumbling and sliding windows close one after the other without gaps,
 * from the first window an event opened, empty ones included (so an
 * empty minute is seen as empty downstream).  In a run of empty
 * windows (no event was put in them), the first WINDOW_MAX_EMPTY close
 * one by one and the rest are skipped and counted, so one event far in
 * the future costs at most that many closes.  Every window lies within
 * the time range, TIME_MIN to TIME_MAX (timefmt.h): an event whose
 * window would start or end outside is refused.
 */
#define WINDOW_MAX_EMPTY	100000

/*
 * What window(1) takes, so that one record cannot make a flood: sizes
 * and hops from 1ms, and at most WINDOW_MAX_PER_EVENT sliding windows
 * per event (size / every).
 */
#define WINDOW_MIN_SIZE		INT64_C(1000000)
#define WINDOW_MAX_PER_EVENT	10000

enum window_kind {
	WK_TUMBLING,
	WK_SLIDING,
	WK_SESSION
};

struct window_spec {
	enum window_kind kind;
	int64_t		 size;		/* tumbling and sliding */
	int64_t		 every;		/* sliding: the hop */
	int64_t		 gap;		/* session */
	int64_t		 offset;	/* alignment: windows start at offset + k*every */
	int64_t		 lateness;
};

/*
 * Called for each window that closes, in order of end (then key).  For
 * a session, key is its key (opaque bytes given to window_session_add)
 * and events holds its events, each line followed by '\n', in arrival
 * order; both NULL for other kinds.
 */
typedef void window_close_fn(void *arg, int64_t start, int64_t end,
    const char *key, size_t keylen, const struct strbuf *events);

struct window;

/* size, every and gap > 0; every <= size. */
struct window	*window_new(const struct window_spec *);
/* Append the spec as options would give it ("--tumbling 1m ...") to sb. */
void	window_spec_text(const struct window_spec *, struct strbuf *sb);

/*
 * Tumbling and sliding: the windows an event at time t belongs to and
 * that are still open: their starts go to starts[0..cap), oldest
 * first; returns how many (0: the event is late).  Call
 * window_advance afterwards.
 */
size_t	window_assign(struct window *, int64_t t, int64_t *starts,
	    size_t cap);
/* The most windows an event can belong to (the cap to use). */
size_t	window_max_per_event(const struct window *);
/*
 * The width of the panes of sliding windows of size and every (both
 * > 0): gcd(size, every), so that every window is a run of whole panes.
 */
int64_t	window_pane_width(int64_t size, int64_t every);
/*
 * Whether the windows of an event at t (its session: t to t + gap)
 * start and end within the time range, 1 or 0; window_assign() gives
 * none for an event that does not fit.
 */
int	window_fits(const struct window *, int64_t t);

/*
 * Sessions: add an event (its line) to the open session of key it
 * falls in, merging sessions it bridges, or start one.  Returns 0, -1
 * if the event is late (its session would already be closed), or -2
 * if its session would end past the time range (window_fits()).
 */
int	window_session_add(struct window *, const char *key, size_t keylen,
	    int64_t t, const char *line, size_t n);

/*
 * An event time was seen: raise the watermark to t - lateness and close
 * the windows it passes.
 */
void	window_observe(struct window *, int64_t t, window_close_fn *,
	    void *arg);
/* Raise the watermark to w directly (idle and processing time). */
void	window_advance(struct window *, int64_t w, window_close_fn *,
	    void *arg);
/*
 * Close every open window that holds events, in order, and the empty
 * ones between them (end of input).
 */
void	window_close_all(struct window *, window_close_fn *, void *arg);
/*
 * The flag of a stop (a signal; NULL: none).  Once *stop is set, empty
 * windows are skipped and counted instead of closed one by one: what
 * is left to close is then the windows that hold events, so no close
 * waits on the length of a silence.
 */
void	window_set_stop(struct window *, const volatile sig_atomic_t *stop);

/*
 * The stream of a window stage (sluice(7)).  window_put() and the
 * calls after it write through emit, one line (no newline) at a time:
 * each event with its @window, and each window that closes as a close
 * marker, after its events for a session.  Lines are valid during the
 * call only.
 */
typedef void window_emit_fn(void *arg, const char *line, size_t n);

/* Where window_put() and the rest write; set it before them. */
void	window_set_output(struct window *, window_emit_fn *, void *arg);
/*
 * Sliding windows: write each event once, in its pane (on 1), or once
 * per window (0, the default).  Set it before window_put().
 */
void	window_set_panes(struct window *, int on);
/*
 * Put the event rec at event time t in its windows.  Tumbling and
 * sliding: rec is written at once, once per window, its @window set
 * each time (rec is changed); sliding with panes (window_set_panes()),
 * once, its @window its pane (stream_pane_value(): the pane of width
 * gcd(size, every) that holds t, and the first open window that holds
 * it).  Session: its text is held in the session of key[0..keylen)
 * (window_session_key()) and written when
 * the session closes.  Then the windows the watermark passes close.
 * Returns 0; -1 if the event is late, or -2 if its windows do not fit
 * the time range (window_fits()): then nothing is written, and what
 * becomes of it is the caller's affair.
 */
int	window_put(struct window *, struct record *rec, int64_t t,
	    const char *key, size_t keylen);
/*
 * The session key of rec: {"k1":v1,...} with the raw values of the
 * fields by[0..nby) (null if missing), in sb (reset first).
 */
void	window_session_key(struct strbuf *sb, struct record *rec,
	    struct path *const *by, int nby);
/*
 * Live use, when the input is about to wait (now_ms on input's
 * monotonic clock).  window_tick_wall: processing time, the watermark
 * is the wall clock wall (ns) less the lateness.  window_tick_idle:
 * once the input has been silent since last_ms for idle_ms (0: never),
 * the watermark follows the wall clock from the last event time on.
 * Both close what the watermark passes and return when to call again
 * (ms, same clock as now_ms), or -1 for no deadline.
 */
int64_t	window_tick_wall(struct window *, int64_t now_ms, int64_t wall);
int64_t	window_tick_idle(struct window *, int64_t now_ms, int64_t last_ms,
	    int64_t idle_ms);
/* The input ended: close every open window (window_close_all()). */
void	window_finish(struct window *);
/* Events written so far, a copy per window (with panes, one each). */
uint64_t window_written(const struct window *);

/* The watermark, INT64_MIN before the first event. */
int64_t	window_watermark(const struct window *);
/* The largest event time seen, INT64_MIN before the first event. */
int64_t	window_max_time(const struct window *);
/* End of the next window to close, or INT64_MAX if none is open. */
int64_t	window_next_end(const struct window *);
/* Windows closed so far, and empty windows skipped (see above). */
uint64_t window_closed(const struct window *);
uint64_t window_skipped(const struct window *);

/*
 * The state of the windows, for --state (sluice(7), DURABLE
 * PIPELINES): the watermark and the open windows, with the events each
 * open session holds.  window_save appends it to body as lines;
 * window_load puts a saved state back into a new window of the same
 * spec (0, or -1 with a message when the text is not one).
 */
void	window_save(const struct window *, struct strbuf *body);
int	window_load(struct window *, const char *body, size_t n,
	    struct sluice_err *err);

void	window_free(struct window *);

#endif
