/* SPDX-License-Identifier: MIT */
/* window.c -- event-time windows: assignment, watermark, closing. */
#include <stdlib.h>
#include <string.h>

#include "agg/window.h"
#include "core/bytes.h"
#include "core/common.h"
#include "core/hash.h"
#include "core/map.h"
#include "json/jsonw.h"
#include "stream/stream.h"
#include "time/duration.h"
#include "time/timefmt.h"

/* One event held by a session: where its line is, and when it came. */
struct held {
	uint64_t	seq;
	size_t		off;
	size_t		len;
};

struct session {
	struct keyent	*ke;		/* NULL once closed */
	char		*key;		/* a copy, for emitting */
	size_t		 keylen;
	int64_t		 start;		/* first event time */
	int64_t		 last;		/* last event time */
	struct strbuf	 lines;
	struct held	*ev;
	size_t		 nev;
	size_t		 aev;
	size_t		 slot;		/* index in window.open */
};

/* The open sessions of a key (the val of its entry in window.keys). */
struct keyent {
	uint64_t	 hash;
	struct session	**s;
	size_t		 ns;
	size_t		 as;
};

/* Starts lo, lo + every, ..., hi of windows that hold events. */
struct span {
	int64_t		lo;
	int64_t		hi;
};

struct window {
	struct window_spec	 spec;
	int64_t			 off;		/* offset mod every */
	int64_t			 grain;		/* sliding panes: gcd(size, every) */
	int			 panes;		/* window_set_panes() */
	int64_t			 max_t;
	int64_t			 wm;
	const volatile sig_atomic_t *stop;	/* window_set_stop() */
	/* Tumbling and sliding. */
	int			 started;
	int64_t			 next_close;	/* start of the oldest open */
	struct span		*occ;		/* open windows with events: */
	size_t			 nocc;		/* sorted, apart (not adjacent) */
	size_t			 aocc;
	uint64_t		 empty_run;
	/* Sessions. */
	struct map		 keys;		/* key -> struct keyent */
	struct session		**open;
	size_t			 nopen;
	size_t			 aopen;
	int64_t			 min_end;	/* of the open sessions */
	uint64_t		 seq;
	/* Counts. */
	uint64_t		 closed;
	uint64_t		 skipped;
	/* The stream written (window_set_output). */
	window_emit_fn		*emit;
	void			*emit_arg;
	struct record		 rec;		/* a held event, re-read */
	struct strbuf		 val;		/* a @window value, */
	int64_t			 val_start;	/* of the window that */
	int64_t			 val_end;	/* starts and ends here */
	int			 val_keyed;	/* or of a session */
	struct strbuf		 pane;		/* the last pane's @window, */
	int64_t			 pane_start;	/* for the pane that starts */
	int64_t			 pane_first;	/* here, with this first */
	struct strbuf		 marker;	/* a close marker */
	uint64_t		 written;	/* events written */
	int64_t			*starts;	/* window_put's scratch, */
	size_t			 nstarts;	/* window_max_per_event() */
};

/* a + b, saturated at the ends of int64 (b >= 0). */
static int64_t
sat_add(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* a - b, saturated at the ends of int64 (b >= 0). */
static int64_t
sat_sub(int64_t a, int64_t b)
{
	return a < INT64_MIN + b ? INT64_MIN : a - b;
}

/* How many steps of e from a reach b or just past it (a <= b, e > 0). */
static uint64_t
steps(int64_t a, int64_t b, int64_t e)
{
	return ((uint64_t)b - (uint64_t)a) / (uint64_t)e;
}

/* a + k*e, known to fit. */
static int64_t
step_by(int64_t a, uint64_t k, int64_t e)
{
	return (int64_t)((uint64_t)a + k * (uint64_t)e);
}

int64_t
window_pane_width(int64_t size, int64_t every)
{
	int64_t t;

	while (every != 0) {
		t = size % every;
		size = every;
		every = t;
	}
	return size;
}

static int
stopped(const struct window *w)
{
	return w->stop != NULL && *w->stop;
}

struct window *
window_new(const struct window_spec *spec)
{
	struct window *w;

	w = xcalloc(1, sizeof(*w));
	w->spec = *spec;
	if (w->spec.kind == WK_TUMBLING)
		w->spec.every = w->spec.size;
	if (w->spec.kind != WK_SESSION) {
		/* Windows start at off + k*every for every k. */
		w->off = w->spec.offset % w->spec.every;
		if (w->off < 0)
			w->off += w->spec.every;
	}
	if (w->spec.kind == WK_SLIDING)
		w->grain = window_pane_width(w->spec.size, w->spec.every);
	w->max_t = INT64_MIN;
	w->wm = INT64_MIN;
	w->min_end = INT64_MAX;
	w->nstarts = window_max_per_event(w);
	w->starts = xreallocarray(NULL, w->nstarts, sizeof(*w->starts));
	return w;
}

void
window_spec_text(const struct window_spec *spec, struct strbuf *sb)
{
	static const char *const kind[] = {
		[WK_TUMBLING] = "--tumbling", [WK_SLIDING] = "--sliding",
		[WK_SESSION] = "--session"
	};
	char buf[DURATION_LEN];

	duration_format(spec->kind == WK_SESSION ? spec->gap : spec->size,
	    buf);
	strbuf_addf(sb, "%s %s", kind[spec->kind], buf);
	if (spec->kind == WK_SLIDING) {
		duration_format(spec->every, buf);
		strbuf_addf(sb, " --every %s", buf);
	}
	duration_format(spec->offset, buf);
	strbuf_addf(sb, " --offset %s", buf);
	duration_format(spec->lateness, buf);
	strbuf_addf(sb, " --lateness %s", buf);
}

size_t
window_max_per_event(const struct window *w)
{
	if (w->spec.kind != WK_SLIDING)
		return 1;
	return (size_t)((w->spec.size - 1) / w->spec.every + 1);
}

void
window_set_stop(struct window *w, const volatile sig_atomic_t *stop)
{
	w->stop = stop;
}

/*
 * The starts of the windows that hold t, lo to hi: 0, or -1 if one of
 * them would start or end outside the time range, TIME_MIN to TIME_MAX
 * (where bounds can still be read back as times downstream).
 */
static int
windows_of(const struct window *w, int64_t t, int64_t *lo, int64_t *hi)
{
	const int64_t S = w->spec.size, E = w->spec.every;
	int64_t r, m;

	/* r = (t - off) mod E, without computing t - off. */
	if ((r = t % E) < 0)
		r += E;
	if ((r -= w->off) < 0)
		r += E;
	if (t < TIME_MIN + r)
		return -1;
	*hi = t - r;
	/* hi - jE holds t while hi - jE + S > t: j <= (S - r - 1) / E. */
	m = (S - r - 1) / E * E;
	if (*hi < TIME_MIN + m || *hi > TIME_MAX - S)
		return -1;
	*lo = *hi - m;
	return 0;
}

int
window_fits(const struct window *w, int64_t t)
{
	int64_t lo, hi;

	if (w->spec.kind == WK_SESSION)
		return t >= TIME_MIN && t <= TIME_MAX - w->spec.gap;
	return windows_of(w, t, &lo, &hi) == 0;
}

/* Windows lo..hi hold an event: add them to the spans, merging. */
static void
occ_add(struct window *w, int64_t lo, int64_t hi)
{
	const int64_t E = w->spec.every;
	size_t i, j;

	/* Spans j.. start after hi + E; spans i..j-1 touch lo..hi. */
	for (j = w->nocc; j > 0 && w->occ[j - 1].lo > hi + E; j--)
		;
	for (i = j; i > 0 && w->occ[i - 1].hi + E >= lo; i--)
		;
	if (i < j) {
		if (w->occ[i].lo < lo)
			lo = w->occ[i].lo;
		if (w->occ[j - 1].hi > hi)
			hi = w->occ[j - 1].hi;
		memmove(&w->occ[i + 1], &w->occ[j],
		    (w->nocc - j) * sizeof(*w->occ));
		w->nocc -= j - i - 1;
	} else {
		if (w->nocc == w->aocc) {
			w->aocc = w->aocc ? w->aocc * 2 : 8;
			w->occ = xreallocarray(w->occ, w->aocc,
			    sizeof(*w->occ));
		}
		memmove(&w->occ[i + 1], &w->occ[i],
		    (w->nocc - i) * sizeof(*w->occ));
		w->nocc++;
	}
	w->occ[i].lo = lo;
	w->occ[i].hi = hi;
}

size_t
window_assign(struct window *w, int64_t t, int64_t *starts, size_t cap)
{
	const int64_t S = w->spec.size, E = w->spec.every;
	int64_t lo, hi, s;
	size_t n = 0;

	/* Windows off + kE with start <= t < start + S. */
	if (windows_of(w, t, &lo, &hi) == -1 || hi + S <= w->wm)
		return 0;
	/* Skip those the watermark has passed: they are closed. */
	if (lo + S <= w->wm)
		lo = step_by(lo, steps(lo, w->wm - S, E) + 1, E);
	/*
	 * Windows before next_close were closed, or never opened (before
	 * the first event).  One the watermark has not passed was never
	 * opened: open it now.
	 */
	if (!w->started || lo < w->next_close)
		w->next_close = lo;
	w->started = 1;
	occ_add(w, lo, hi);
	for (s = lo; s <= hi && n < cap; s += E)
		starts[n++] = s;
	return n;
}

/*
 * Close the window at next_close, or the empty ones from there up to
 * the next that holds events (before lim, at most): one by one up to
 * WINDOW_MAX_EMPTY in a row, then skipped and counted; after a stop,
 * skipped at once, so a stop never waits for a silence to be closed.
 */
static void
close_next(struct window *w, int64_t lim, window_close_fn *fn, void *arg)
{
	const int64_t S = w->spec.size, E = w->spec.every;
	uint64_t jump;

	if (w->nocc > 0 && w->next_close >= w->occ[0].lo) {
		fn(arg, w->next_close, w->next_close + S, NULL, 0, NULL);
		w->closed++;
		w->empty_run = 0;
		if (w->next_close == w->occ[0].hi)
			memmove(&w->occ[0], &w->occ[1],
			    --w->nocc * sizeof(*w->occ));
		else
			w->occ[0].lo = w->next_close + E;
		w->next_close += E;
		return;
	}
	if (w->nocc > 0 && w->occ[0].lo < lim)
		lim = w->occ[0].lo;
	if (w->empty_run >= WINDOW_MAX_EMPTY || stopped(w)) {
		jump = steps(w->next_close, lim - 1, E) + 1;
		w->skipped += jump;
		w->next_close = step_by(w->next_close, jump, E);
		return;
	}
	fn(arg, w->next_close, w->next_close + S, NULL, 0, NULL);
	w->closed++;
	w->empty_run++;
	w->next_close += E;
}

/* Close tumbling/sliding windows the watermark has passed. */
static void
close_ranges(struct window *w, window_close_fn *fn, void *arg)
{
	const int64_t S = w->spec.size;

	/* Up to the first window the watermark has not passed. */
	while (w->started && w->next_close <= INT64_MAX - S &&
	    w->next_close + S <= w->wm)
		close_next(w, sat_add(w->wm - S, 1), fn, arg);
}

/* Sessions: order of closing is end, then key, then start. */
static int
cmp_sessions(const void *a, const void *b)
{
	const struct session *x = *(struct session *const *)a;
	const struct session *y = *(struct session *const *)b;
	size_t n;
	int c;

	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;
	n = x->keylen < y->keylen ? x->keylen : y->keylen;
	if ((c = memcmp(x->key, y->key, n)) != 0)
		return c;
	if (x->keylen != y->keylen)
		return x->keylen < y->keylen ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

static void
session_free(struct session *s)
{
	free(s->key);
	strbuf_release(&s->lines);
	free(s->ev);
	free(s);
}

static void key_delete(struct window *, struct keyent *, const char *key,
    size_t keylen);

/* Take s out of the open list and out of its key's list. */
static void
session_unlink(struct window *w, struct session *s)
{
	struct keyent *ke = s->ke;
	size_t i;

	w->open[s->slot] = w->open[--w->nopen];
	w->open[s->slot]->slot = s->slot;
	for (i = 0; i < ke->ns; i++) {
		if (ke->s[i] == s) {
			ke->s[i] = ke->s[--ke->ns];
			break;
		}
	}
	s->ke = NULL;
	if (ke->ns == 0)
		key_delete(w, ke, s->key, s->keylen);
}

/* Emit and free the sessions in list[0..n), in closing order. */
static void
emit_sessions(struct window *w, struct session **list, size_t n,
    window_close_fn *fn, void *arg)
{
	struct strbuf out = STRBUF_INIT;
	struct session *s;
	size_t i, j;

	qsort(list, n, sizeof(*list), cmp_sessions);
	for (i = 0; i < n; i++) {
		s = list[i];
		strbuf_reset(&out);
		for (j = 0; j < s->nev; j++)
			strbuf_add(&out, s->lines.buf + s->ev[j].off,
			    s->ev[j].len);
		fn(arg, s->start, sat_add(s->last, w->spec.gap), s->key,
		    s->keylen, &out);
		w->closed++;
		session_free(s);
	}
	strbuf_release(&out);
}

static void
close_sessions(struct window *w, int all, window_close_fn *fn, void *arg)
{
	struct session **done = NULL;
	size_t n = 0, i = 0;
	int64_t end;

	if (!all && (w->nopen == 0 || w->min_end > w->wm))
		return;
	done = xreallocarray(NULL, w->nopen ? w->nopen : 1, sizeof(*done));
	w->min_end = INT64_MAX;
	while (i < w->nopen) {
		end = sat_add(w->open[i]->last, w->spec.gap);
		if (all || end <= w->wm) {
			done[n++] = w->open[i];
			session_unlink(w, w->open[i]);
			continue;	/* slot i now holds another one */
		}
		if (end < w->min_end)
			w->min_end = end;
		i++;
	}
	emit_sessions(w, done, n, fn, arg);
	free(done);
}

void
window_advance(struct window *w, int64_t wm, window_close_fn *fn, void *arg)
{
	if (wm <= w->wm)
		return;
	w->wm = wm;
	if (w->spec.kind == WK_SESSION)
		close_sessions(w, 0, fn, arg);
	else
		close_ranges(w, fn, arg);
}

void
window_observe(struct window *w, int64_t t, window_close_fn *fn, void *arg)
{
	if (t > w->max_t)
		w->max_t = t;
	if (w->max_t >= INT64_MIN + w->spec.lateness)
		window_advance(w, w->max_t - w->spec.lateness, fn, arg);
}

void
window_close_all(struct window *w, window_close_fn *fn, void *arg)
{
	if (w->spec.kind == WK_SESSION) {
		close_sessions(w, 1, fn, arg);
		return;
	}
	/*
	 * Every window that holds an event, and the empty ones between
	 * (skipped as in a long silence); not the empty ones after.
	 */
	while (w->started && w->nocc > 0)
		close_next(w, INT64_MAX, fn, arg);
	w->started = 0;
}

/* Forget the key of ke, which has no open session left. */
static void
key_delete(struct window *w, struct keyent *ke, const char *key,
    size_t keylen)
{
	map_remove(&w->keys, map_find(&w->keys, key, keylen, ke->hash));
	free(ke->s);
	free(ke);
}

/* The open sessions of key, added if new. */
static struct keyent *
key_lookup(struct window *w, const char *key, size_t keylen)
{
	struct map_entry *e;
	struct keyent *ke;
	uint64_t h;
	int created;

	h = hash_bytes(key, keylen);
	e = map_insert(&w->keys, key, keylen, h, &created);
	if (created) {
		ke = xcalloc(1, sizeof(*ke));
		ke->hash = h;
		e->val = ke;
	}
	return e->val;
}

static void
hold(struct session *s, uint64_t seq, const char *line, size_t n)
{
	if (s->nev == s->aev) {
		s->aev = s->aev ? s->aev * 2 : 8;
		s->ev = xreallocarray(s->ev, s->aev, sizeof(*s->ev));
	}
	s->ev[s->nev].seq = seq;
	s->ev[s->nev].off = s->lines.len;
	s->ev[s->nev].len = n + 1;
	s->nev++;
	strbuf_add(&s->lines, line, n);
	strbuf_addch(&s->lines, '\n');
}

/* A new open session of key ke, from time t. */
static struct session *
session_open(struct window *w, struct keyent *ke, const char *key,
    size_t keylen, int64_t t)
{
	struct session *s;

	s = xcalloc(1, sizeof(*s));
	s->ke = ke;
	s->key = xstrndup(key, keylen);
	s->keylen = keylen;
	s->start = s->last = t;
	if (ke->ns == ke->as) {
		ke->as = ke->as ? ke->as * 2 : 2;
		ke->s = xreallocarray(ke->s, ke->as, sizeof(*ke->s));
	}
	ke->s[ke->ns++] = s;
	if (w->nopen == w->aopen) {
		w->aopen = w->aopen ? w->aopen * 2 : 64;
		w->open = xreallocarray(w->open, w->aopen, sizeof(*w->open));
	}
	s->slot = w->nopen;
	w->open[w->nopen++] = s;
	return s;
}

/* Session s holds an event at t: stretch it, and the earliest end. */
static void
session_extend(struct window *w, struct session *s, int64_t t)
{
	if (t < s->start)
		s->start = t;
	if (t > s->last)
		s->last = t;
	if (sat_add(s->last, w->spec.gap) < w->min_end)
		w->min_end = sat_add(s->last, w->spec.gap);
}

/* Move the events of b into a, keeping arrival order; frees b. */
static void
merge_into(struct window *w, struct session *a, struct session *b)
{
	struct strbuf lines = STRBUF_INIT;
	struct held *ev;
	size_t i = 0, j = 0, k = 0;
	const struct held *h;
	const struct strbuf *src;

	ev = xreallocarray(NULL, a->nev + b->nev, sizeof(*ev));
	while (i < a->nev || j < b->nev) {
		if (j >= b->nev || (i < a->nev && a->ev[i].seq < b->ev[j].seq)) {
			h = &a->ev[i++];
			src = &a->lines;
		} else {
			h = &b->ev[j++];
			src = &b->lines;
		}
		ev[k].seq = h->seq;
		ev[k].off = lines.len;
		ev[k].len = h->len;
		strbuf_add(&lines, src->buf + h->off, h->len);
		k++;
	}
	strbuf_release(&a->lines);
	free(a->ev);
	a->lines = lines;
	a->ev = ev;
	a->nev = a->aev = k;
	if (b->start < a->start)
		a->start = b->start;
	if (b->last > a->last)
		a->last = b->last;
	session_unlink(w, b);
	session_free(b);
}

int
window_session_add(struct window *w, const char *key, size_t keylen,
    int64_t t, const char *line, size_t n)
{
	const int64_t G = w->spec.gap;
	struct keyent *ke;
	struct session *s = NULL;
	size_t i;

	if (!window_fits(w, t))
		return -2;
	ke = key_lookup(w, key, keylen);
	/* Join every open session of this key within a gap of t. */
	for (i = 0; i < ke->ns;) {
		struct session *o = ke->s[i];

		if (o != s && t > sat_sub(o->start, G) &&
		    t < sat_add(o->last, G)) {
			if (s == NULL) {
				s = o;
				i++;
			} else
				merge_into(w, s, o);	/* o leaves ke->s */
			continue;
		}
		i++;
	}
	if (s == NULL) {
		if (w->wm != INT64_MIN && sat_add(t, G) <= w->wm)
			return -1;
		s = session_open(w, ke, key, keylen, t);
	}
	session_extend(w, s, t);
	hold(s, w->seq++, line, n);
	return 0;
}

/* The stream: events with their @window, close markers. */

void
window_set_output(struct window *w, window_emit_fn *emit, void *arg)
{
	w->emit = emit;
	w->emit_arg = arg;
}

void
window_set_panes(struct window *w, int on)
{
	w->panes = on;
}

/*
 * The @window value of [start, end) (and key, for a session) in w->val.
 * Most events are in the window of the one before: its text is kept.
 */
static void
window_text(struct window *w, int64_t start, int64_t end, const char *key,
    size_t keylen)
{
	if (w->val.len > 0 && key == NULL && !w->val_keyed &&
	    start == w->val_start && end == w->val_end)
		return;
	strbuf_reset(&w->val);
	stream_window_value(&w->val, start, end, key, keylen);
	w->val_start = start;
	w->val_end = end;
	w->val_keyed = key != NULL;
}

/* Write rec with its @window [start, end) (and key, for a session). */
static void
emit_event(struct window *w, struct record *rec, int64_t start,
    int64_t end, const char *key, size_t keylen)
{
	window_text(w, start, end, key, keylen);
	stream_set_window(rec, w->val.buf, w->val.len);
	w->emit(w->emit_arg, rec->text, rec->len);
	w->written++;
}

/*
 * Write rec once with its pane as @window: the pane of t (panes of
 * grain start at off + k*grain, as windows do at off + k*every), and
 * first, the first open window that holds t.
 */
static void
emit_pane(struct window *w, struct record *rec, int64_t t, int64_t first)
{
	struct stream_pane p;
	int64_t r;

	/* r = (t - off) mod grain, as in windows_of(); the pane fits. */
	if ((r = t % w->grain) < 0)
		r += w->grain;
	if ((r -= w->off % w->grain) < 0)
		r += w->grain;
	p.start = t - r;
	/* Most events are in the pane of the one before: its text. */
	if (w->pane.len == 0 || p.start != w->pane_start ||
	    first != w->pane_first) {
		p.end = p.start + w->grain;
		p.first = first;
		p.size = w->spec.size;
		p.every = w->spec.every;
		strbuf_reset(&w->pane);
		stream_pane_value(&w->pane, &p);
		w->pane_start = p.start;
		w->pane_first = first;
	}
	stream_set_window(rec, w->pane.buf, w->pane.len);
	w->emit(w->emit_arg, rec->text, rec->len);
	w->written++;
}

/* A window closed: a session's events first, then the marker. */
static void
emit_close(void *arg, int64_t start, int64_t end, const char *key,
    size_t keylen, const struct strbuf *events)
{
	struct window *w = arg;
	struct sluice_err e;
	const char *p, *nl, *lim;

	if (events != NULL && events->len > 0) {
		lim = events->buf + events->len;
		for (p = events->buf; p < lim; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(lim - p));
			/* Held lines were checked when they came. */
			if (record_parse(&w->rec, p, (size_t)(nl - p),
			    &e) == 0)
				emit_event(w, &w->rec, start, end, key,
				    keylen);
		}
	}
	window_text(w, start, end, key, keylen);
	strbuf_reset(&w->marker);
	stream_close(&w->marker, w->val.buf, w->val.len);
	w->emit(w->emit_arg, w->marker.buf, w->marker.len);
}

void
window_session_key(struct strbuf *sb, struct record *rec,
    struct path *const *by, int nby)
{
	struct jval v;
	int i;

	strbuf_reset(sb);
	strbuf_addch(sb, '{');
	for (i = 0; i < nby; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		jsonw_string(sb, by[i]->text, strlen(by[i]->text));
		strbuf_addch(sb, ':');
		if (record_get(rec, by[i], &v))
			strbuf_add(sb, v.p, v.n);
		else
			strbuf_addstr(sb, "null");
	}
	strbuf_addch(sb, '}');
}

int
window_put(struct window *w, struct record *rec, int64_t t,
    const char *key, size_t keylen)
{
	int64_t start;
	size_t i, n;
	int panes, r;

	if (w->spec.kind == WK_SESSION) {
		if ((r = window_session_add(w, key, keylen, t, rec->text,
		    rec->len)) != 0)
			return r;
	} else {
		if (!window_fits(w, t))
			return -2;
		/* Panes: the first window is enough. */
		panes = w->spec.kind == WK_SLIDING && w->panes;
		if ((n = window_assign(w, t, w->starts, panes ? 1 :
		    w->nstarts)) == 0)
			return -1;
		if (panes)
			emit_pane(w, rec, t, w->starts[0]);
		else
			for (i = 0; i < n; i++) {
				start = w->starts[i];
				emit_event(w, rec, start, start +
				    w->spec.size, NULL, 0);
			}
	}
	window_observe(w, t, emit_close, w);
	return 0;
}

int64_t
window_tick_wall(struct window *w, int64_t now_ms, int64_t wall)
{
	int64_t next;

	window_advance(w, sat_sub(wall, w->spec.lateness), emit_close, w);
	if ((next = window_next_end(w)) == INT64_MAX)
		return -1;
	next = sat_add(next, w->spec.lateness);
	return now_ms + (next <= wall ? 0 : (int64_t)(steps(wall, next,
	    NS_PER_MS) + 1));
}

int64_t
window_tick_idle(struct window *w, int64_t now_ms, int64_t last_ms,
    int64_t idle_ms)
{
	int64_t silent, wm, next;

	if (idle_ms == 0 || w->max_t == INT64_MIN)
		return -1;
	silent = now_ms - last_ms;
	if (silent >= idle_ms) {
		wm = silent > INT64_MAX / NS_PER_MS ? INT64_MAX :
		    sat_add(w->max_t, silent * NS_PER_MS);
		window_advance(w, sat_sub(wm, w->spec.lateness), emit_close,
		    w);
	}
	if ((next = window_next_end(w)) == INT64_MAX)
		return -1;
	/* When the idle watermark will reach the next window's end. */
	next = sat_add(next, w->spec.lateness);
	wm = next <= w->max_t ? 1 : (int64_t)(steps(w->max_t, next,
	    NS_PER_MS) + 1);
	if (wm < idle_ms)
		wm = idle_ms;
	return last_ms + wm;
}

void
window_finish(struct window *w)
{
	window_close_all(w, emit_close, w);
}

uint64_t
window_written(const struct window *w)
{
	return w->written;
}

int64_t
window_watermark(const struct window *w)
{
	return w->wm;
}

int64_t
window_max_time(const struct window *w)
{
	return w->max_t;
}

int64_t
window_next_end(const struct window *w)
{
	if (w->spec.kind == WK_SESSION)
		return w->nopen ? w->min_end : INT64_MAX;
	if (!w->started)
		return INT64_MAX;
	return sat_add(w->next_close, w->spec.size);
}

uint64_t
window_closed(const struct window *w)
{
	return w->closed;
}

uint64_t
window_skipped(const struct window *w)
{
	return w->skipped;
}

/* ---- state ---- */

void
window_save(const struct window *w, struct strbuf *body)
{
	const struct session *s;
	size_t i, k;

	strbuf_addstr(body, "{\"window\":1");
	jsonw_member_int(body, "max_t", w->max_t);
	jsonw_member_int(body, "wm", w->wm);
	jsonw_member_int(body, "started", w->started);
	jsonw_member_int(body, "next_close", w->next_close);
	/* The open windows that hold events, as [lo, hi] spans of starts. */
	strbuf_addstr(body, ",\"spans\":[");
	for (i = 0; i < w->nocc; i++)
		strbuf_addf(body, "%s[%lld,%lld]", i ? "," : "",
		    (long long)w->occ[i].lo, (long long)w->occ[i].hi);
	strbuf_addch(body, ']');
	jsonw_member_int(body, "empty_run", (int64_t)w->empty_run);
	jsonw_member_int(body, "seq", (int64_t)w->seq);
	jsonw_member_int(body, "closed", (int64_t)w->closed);
	jsonw_member_int(body, "skipped", (int64_t)w->skipped);
	jsonw_member_int(body, "written", (int64_t)w->written);
	strbuf_addstr(body, "}\n");
	/* Each open session, then its events (records, as they came). */
	for (i = 0; i < w->nopen; i++) {
		s = w->open[i];
		strbuf_addstr(body, "{\"session\":");
		jsonw_string(body, s->key, s->keylen);
		jsonw_member_int(body, "start", s->start);
		jsonw_member_int(body, "last", s->last);
		jsonw_member_int(body, "events", (int64_t)s->nev);
		strbuf_addstr(body, "}\n");
		for (k = 0; k < s->nev; k++) {
			strbuf_addf(body, "{\"seq\":%llu,\"event\":",
			    (unsigned long long)s->ev[k].seq);
			/* Held with its newline. */
			strbuf_add(body, s->lines.buf + s->ev[k].off,
			    s->ev[k].len - 1);
			strbuf_addstr(body, "}\n");
		}
	}
}

/* The integer member name of object o: 0 and *v, or -1. */
static int
get_int(const struct jval *o, const char *name, int64_t *v)
{
	struct jval x;

	if (!jval_find(o, name, strlen(name), &x) || jval_int64(&x, v) == -1)
		return -1;
	return 0;
}

/*
 * The spans of a saved state into w: from "spans", or for a state of
 * an older version the one span next_close .. last_hi, all of whose
 * windows may hold events.  0, or -1 if they are not sorted spans of
 * windows from next_close that fit the time range.
 */
static int
load_spans(struct window *w, const struct jval *h)
{
	const int64_t S = w->spec.size, E = w->spec.every;
	struct jiter it;
	struct jval a, v;
	int64_t lo, hi;

	if (!jval_find(h, "spans", 5, &a)) {
		if (get_int(h, "last_hi", &hi) == -1)
			return -1;
		if (w->started && hi >= w->next_close && hi <= INT64_MAX - S)
			occ_add(w, w->next_close, hi);
		return 0;
	}
	if (a.type != JT_ARRAY)
		return -1;
	jiter_init(&it, &a);
	while (jiter_next(&it, NULL, &v)) {
		if (v.type != JT_ARRAY || !jval_index(&v, 0, &a) ||
		    jval_int64(&a, &lo) == -1 || !jval_index(&v, 1, &a) ||
		    jval_int64(&a, &hi) == -1 || lo > hi || lo < w->next_close ||
		    hi > INT64_MAX - S || (w->nocc > 0 &&
		    lo <= w->occ[w->nocc - 1].hi + E))
			return -1;
		occ_add(w, lo, hi);
	}
	return 0;
}

/* Read the header line into w: 0, or -1. */
static int
load_header(struct window *w, const struct jval *h)
{
	int64_t started, empty_run, seq, closed, skipped, written;

	if (get_int(h, "max_t", &w->max_t) == -1 ||
	    get_int(h, "wm", &w->wm) == -1 ||
	    get_int(h, "started", &started) == -1 ||
	    get_int(h, "next_close", &w->next_close) == -1 ||
	    get_int(h, "empty_run", &empty_run) == -1 ||
	    get_int(h, "seq", &seq) == -1 ||
	    get_int(h, "closed", &closed) == -1 ||
	    get_int(h, "skipped", &skipped) == -1 ||
	    get_int(h, "written", &written) == -1)
		return -1;
	w->started = started != 0;
	if (w->spec.kind != WK_SESSION && load_spans(w, h) == -1)
		return -1;
	w->empty_run = (uint64_t)empty_run;
	w->seq = (uint64_t)seq;
	w->closed = (uint64_t)closed;
	w->skipped = (uint64_t)skipped;
	w->written = (uint64_t)written;
	return 0;
}

/* Open the session a line describes: 0, or -1. */
static int
load_session(struct window *w, const struct jval *o, struct strbuf *key,
    struct session **out)
{
	struct jval k;
	int64_t start, last;
	const char *p;
	size_t n;

	if (!jval_find(o, "session", 7, &k) || k.type != JT_STRING ||
	    get_int(o, "start", &start) == -1 ||
	    get_int(o, "last", &last) == -1 || last < start)
		return -1;
	strbuf_reset(key);
	p = jval_str(&k, key, &n);
	*out = session_open(w, key_lookup(w, p, n), p, n, start);
	session_extend(w, *out, last);
	return 0;
}

int
window_load(struct window *w, const char *body, size_t n,
    struct sluice_err *err)
{
	struct strbuf key = STRBUF_INIT;
	struct session *s = NULL;
	struct jval o, v;
	const char *line;
	int64_t seq;
	size_t pos = 0, len, lineno = 0;
	int rv = 0;

	while (rv == 0 && bytes_next_line(body, n, &pos, &line, &len)) {
		lineno++;
		if (scan_document(line, len, &o, err) == -1 ||
		    o.type != JT_OBJECT)
			rv = -1;
		else if (lineno == 1)
			rv = jval_find(&o, "window", 6, &v) ?
			    load_header(w, &o) : -1;
		else if (jval_find(&o, "session", 7, &v))
			rv = load_session(w, &o, &key, &s);
		else if (s != NULL && jval_find(&o, "event", 5, &v) &&
		    v.type == JT_OBJECT && get_int(&o, "seq", &seq) == 0)
			hold(s, (uint64_t)seq, v.p, v.n);
		else
			rv = -1;
	}
	strbuf_release(&key);
	if (rv == -1)
		return err_set(err, 0, "line %zu of the window state is not "
		    "one", lineno);
	return 0;
}

void
window_free(struct window *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nopen; i++)
		session_free(w->open[i]);
	for (i = 0; i < w->keys.n; i++) {
		free(((struct keyent *)w->keys.g[i].val)->s);
		free(w->keys.g[i].val);
	}
	map_release(&w->keys);
	free(w->open);
	free(w->occ);
	free(w->starts);
	record_release(&w->rec);
	strbuf_release(&w->val);
	strbuf_release(&w->pane);
	strbuf_release(&w->marker);
	free(w);
}
