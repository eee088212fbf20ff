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

struct window {
	struct window_spec	 spec;
	int64_t			 max_t;
	int64_t			 wm;
	/* Tumbling and sliding. */
	int			 started;
	int64_t			 next_close;	/* start of the oldest open */
	int64_t			 last_hi;	/* newest start that got an event */
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
	struct strbuf		 val;		/* a @window value */
	struct strbuf		 marker;	/* a close marker */
	uint64_t		 written;	/* events written */
	int64_t			*starts;	/* window_put's scratch, */
	size_t			 nstarts;	/* window_max_per_event() */
};

/* floor(a / b) for b > 0. */
static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

struct window *
window_new(const struct window_spec *spec)
{
	struct window *w;

	w = xcalloc(1, sizeof(*w));
	w->spec = *spec;
	if (w->spec.kind == WK_TUMBLING)
		w->spec.every = w->spec.size;
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
	return (size_t)((w->spec.size + w->spec.every - 1) / w->spec.every);
}

size_t
window_assign(struct window *w, int64_t t, int64_t *starts, size_t cap)
{
	const int64_t S = w->spec.size, E = w->spec.every, O = w->spec.offset;
	int64_t lo, hi, s;
	size_t n = 0;

	/* Windows O + kE with start <= t < start + S. */
	lo = O + (floordiv(t - S - O, E) + 1) * E;
	hi = O + floordiv(t - O, E) * E;
	/* Skip those the watermark has passed: they are closed. */
	while (lo <= hi && lo + S <= w->wm)
		lo += E;
	if (lo > hi)
		return 0;
	if (!w->started) {
		w->started = 1;
		w->next_close = lo;
		w->last_hi = hi;
	} else {
		/*
		 * Windows before next_close were closed, or never opened
		 * (before the first event).  One the watermark has not
		 * passed was never opened: open it now.
		 */
		if (lo < w->next_close)
			w->next_close = lo;
		if (hi > w->last_hi)
			w->last_hi = hi;
	}
	for (s = lo; s <= hi && n < cap; s += E)
		starts[n++] = s;
	return n;
}

/* Close tumbling/sliding windows the watermark has passed. */
static void
close_ranges(struct window *w, window_close_fn *fn, void *arg)
{
	const int64_t S = w->spec.size, E = w->spec.every;
	int64_t jump;

	while (w->started && w->next_close <= INT64_MAX - S &&
	    w->next_close + S <= w->wm) {
		if (w->next_close > w->last_hi &&
		    w->empty_run >= WINDOW_MAX_EMPTY) {
			/* A long silence: skip the empty windows, count them. */
			jump = floordiv(w->wm - S - w->next_close, E) + 1;
			w->skipped += (uint64_t)jump;
			w->next_close += jump * E;
			continue;
		}
		if (w->next_close > w->last_hi)
			w->empty_run++;
		else
			w->empty_run = 0;
		fn(arg, w->next_close, w->next_close + S, NULL, 0, NULL);
		w->closed++;
		w->next_close += E;
	}
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
		fn(arg, s->start, s->last + w->spec.gap, s->key, s->keylen,
		    &out);
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
		end = w->open[i]->last + w->spec.gap;
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
	const int64_t S = w->spec.size;

	if (w->spec.kind == WK_SESSION) {
		close_sessions(w, 1, fn, arg);
		return;
	}
	/* Every window that holds an event; the empty ones after it are not. */
	while (w->started && w->next_close <= w->last_hi) {
		fn(arg, w->next_close, w->next_close + S, NULL, 0, NULL);
		w->closed++;
		w->next_close += w->spec.every;
	}
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
	if (s->last + w->spec.gap < w->min_end)
		w->min_end = s->last + w->spec.gap;
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

	ke = key_lookup(w, key, keylen);
	/* Join every open session of this key within a gap of t. */
	for (i = 0; i < ke->ns;) {
		struct session *o = ke->s[i];

		if (o != s && t > o->start - G && t < o->last + G) {
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
		if (w->wm != INT64_MIN && t + G <= w->wm)
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

/* Write rec with its @window [start, end) (and key, for a session). */
static void
emit_event(struct window *w, struct record *rec, int64_t start,
    int64_t end, const char *key, size_t keylen)
{
	strbuf_reset(&w->val);
	stream_window_value(&w->val, start, end, key, keylen);
	stream_set_window(rec, w->val.buf, w->val.len);
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
	strbuf_reset(&w->val);
	stream_window_value(&w->val, start, end, key, keylen);
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

	if (w->spec.kind == WK_SESSION) {
		if (window_session_add(w, key, keylen, t, rec->text,
		    rec->len) == -1)
			return -1;
	} else {
		if ((n = window_assign(w, t, w->starts, w->nstarts)) == 0)
			return -1;
		for (i = 0; i < n; i++) {
			start = w->starts[i];
			emit_event(w, rec, start, start + w->spec.size, NULL,
			    0);
		}
	}
	window_observe(w, t, emit_close, w);
	return 0;
}

int64_t
window_tick_wall(struct window *w, int64_t now_ms, int64_t wall)
{
	int64_t next;

	window_advance(w, wall - w->spec.lateness, emit_close, w);
	if ((next = window_next_end(w)) == INT64_MAX)
		return -1;
	return now_ms + (next + w->spec.lateness - wall) / NS_PER_MS + 1;
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
		wm = w->max_t + silent * NS_PER_MS - w->spec.lateness;
		window_advance(w, wm, emit_close, w);
	}
	if ((next = window_next_end(w)) == INT64_MAX)
		return -1;
	/* When the idle watermark will reach the next window's end. */
	wm = (next + w->spec.lateness - w->max_t) / NS_PER_MS + 1;
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
	return w->next_close + w->spec.size;
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
	jsonw_member_int(body, "last_hi", w->last_hi);
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

/* Read the header line into w: 0, or -1. */
static int
load_header(struct window *w, const struct jval *h)
{
	int64_t started, empty_run, seq, closed, skipped, written;

	if (get_int(h, "max_t", &w->max_t) == -1 ||
	    get_int(h, "wm", &w->wm) == -1 ||
	    get_int(h, "started", &started) == -1 ||
	    get_int(h, "next_close", &w->next_close) == -1 ||
	    get_int(h, "last_hi", &w->last_hi) == -1 ||
	    get_int(h, "empty_run", &empty_run) == -1 ||
	    get_int(h, "seq", &seq) == -1 ||
	    get_int(h, "closed", &closed) == -1 ||
	    get_int(h, "skipped", &skipped) == -1 ||
	    get_int(h, "written", &written) == -1)
		return -1;
	w->started = started != 0;
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
	free(w->starts);
	record_release(&w->rec);
	strbuf_release(&w->val);
	strbuf_release(&w->marker);
	free(w);
}
