/* SPDX-License-Identifier: MIT */
/* window.h -- event-time windows: assignment, watermark, closing. */
#ifndef SLUICE_WINDOW_H
#define SLUICE_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "json/scan.h"
#include "core/strbuf.h"

/*
 * Times are int64 ns since the epoch (timefmt.h).  Tumbling windows are
 * [offset + k*size, offset + (k+1)*size); sliding windows start every
 * `every` and last `size`; session windows, per key, last from their
 * first event to `gap` after their last, and merge when an event falls
 * within `gap` of two of them.
 *
 * The watermark is the largest event time seen minus the lateness; it
 * never goes back.  A window closes when the watermark reaches its end.
 * Tumbling and sliding windows close one after the other without gaps,
 * from the first window an event opened, empty ones included (so an
 * empty minute is seen as empty downstream).  A run of more than
 * WINDOW_MAX_EMPTY empty windows is skipped and counted instead.
 */
#define WINDOW_MAX_EMPTY	100000

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


struct window	*window_new(const struct window_spec *);

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
 * Sessions: add an event (its line) to the open session of key it
 * falls in, merging sessions it bridges, or start one.  Returns 0, or
 * -1 if the event is late (its session would already be closed).
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
/* Close every open window, in order (end of input). */
void	window_close_all(struct window *, window_close_fn *, void *arg);

/* The watermark, INT64_MIN before the first event. */
int64_t	window_watermark(const struct window *);
/* The largest event time seen, INT64_MIN before the first event. */
int64_t	window_max_time(const struct window *);
/* End of the next window to close, or INT64_MAX if none is open. */
int64_t	window_next_end(const struct window *);
/* Windows closed so far, and empty windows skipped (see above). */
uint64_t window_closed(const struct window *);
uint64_t window_skipped(const struct window *);

void	window_free(struct window *);

#endif
