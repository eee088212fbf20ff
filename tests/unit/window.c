/* SPDX-License-Identifier: MIT */
/* window.c -- unit tests of agg/window against a brute-force model. */
#include <stdlib.h>
#include <string.h>

#include "agg/window.h"
#include "core/common.h"
#include "time/timefmt.h"

#include "check.h"

/*
 * Times here are small integers (nanoseconds), so that the model can
 * enumerate every window there is.  The model knows only the rules of
 * window.h: which windows hold an event, when the watermark passes a
 * window, and which windows are emitted (from the first one an event
 * opened, without gaps); the library's bookkeeping is not copied.
 */
#define TMIN	(-500)
#define TMAX	1500

/* One window closed, as the callback saw it. */
struct closed {
	int64_t	 start, end;
	char	 key[16];
	char	 events[4096];
};

struct got {
	struct closed	*c;
	size_t		 n, cap;
};

static void
on_close(void *arg, int64_t start, int64_t end, const char *key,
    size_t keylen, const struct strbuf *events)
{
	struct got *g = arg;
	struct closed *c;

	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->c = xreallocarray(g->c, g->cap, sizeof(*g->c));
	}
	c = &g->c[g->n++];
	memset(c, 0, sizeof(*c));
	c->start = start;
	c->end = end;
	if (key != NULL)
		snprintf(c->key, sizeof(c->key), "%.*s", (int)keylen, key);
	if (events != NULL && events->len > 0)
		snprintf(c->events, sizeof(c->events), "%.*s",
		    (int)events->len, events->buf);
}

static int64_t
rnd(int64_t lo, int64_t hi)
{
	return lo + rand() % (hi - lo + 1);
}

/* ---- tumbling and sliding ---- */

struct range_model {
	struct window_spec spec;
	int64_t	 wm, maxt;
	int64_t	 kmin;		/* window k starts at offset + k * every */
	size_t	 nk;
	char	*emitted;
	int	 opened;
	int64_t	 lo, hi;	/* first and last window k an event opened */
	uint64_t nclosed;
};

static int64_t
range_start(const struct range_model *m, size_t k)
{
	return m->spec.offset + (m->kmin + (int64_t)k) * m->spec.every;
}

/* Windows the watermark has passed and the model has not yet emitted. */
static size_t
range_due(struct range_model *m, int all, int64_t *want, size_t cap)
{
	size_t k, n = 0;
	int64_t s;

	if (!m->opened)
		return 0;
	for (k = 0; k < m->nk; k++) {
		s = range_start(m, k);
		if (m->emitted[k] || s < m->lo ||
		    (all ? s > m->hi : s + m->spec.size > m->wm))
			continue;
		m->emitted[k] = 1;
		m->nclosed++;
		if (n < cap)
			want[n++] = s;
	}
	return n;
}

/* The library's closes since *seen must be want[0..n). */
static int
same_closes(struct got *g, size_t *seen, const int64_t *want, size_t n,
    int64_t size)
{
	size_t i;

	if (g->n - *seen != n)
		return 0;
	for (i = 0; i < n; i++)
		if (g->c[*seen + i].start != want[i] ||
		    g->c[*seen + i].end != want[i] + size)
			return 0;
	*seen = g->n;
	return 1;
}

static int64_t
range_next_end(const struct range_model *m)
{
	size_t k;

	if (!m->opened)
		return INT64_MAX;
	for (k = 0; k < m->nk; k++)
		if (!m->emitted[k] && range_start(m, k) >= m->lo)
			return range_start(m, k) + m->spec.size;
	return INT64_MAX;
}

static void
range_run(enum window_kind kind, unsigned seed)
{
	struct range_model m;
	struct got g = { NULL, 0, 0 };
	struct window *w;
	int64_t starts[64], want[4096], t, base, s;
	size_t k, n, nw, seen = 0, cap;
	int i, bad = 0;

	srand(seed);
	memset(&m, 0, sizeof(m));
	m.spec.kind = kind;
	m.spec.size = rnd(1, 40);
	m.spec.every = kind == WK_SLIDING ? rnd(1, m.spec.size) :
	    m.spec.size;
	m.spec.offset = rnd(-20, 20);
	m.spec.lateness = rand() % 3 == 0 ? 0 : rnd(0, 60);
	m.wm = m.maxt = INT64_MIN;
	m.kmin = (TMIN - 200 - m.spec.offset) / m.spec.every - 2;
	m.nk = (size_t)((TMAX + 400 - m.spec.offset) / m.spec.every -
	    m.kmin + 2);
	m.emitted = xcalloc(m.nk, 1);
	w = window_new(&m.spec);
	if (kind == WK_TUMBLING)
		m.spec.every = m.spec.size;
	cap = window_max_per_event(w);
	CHECK(cap <= NELEM(starts));
	CHECK_INT(cap, kind == WK_SLIDING ? (m.spec.size + m.spec.every - 1) /
	    m.spec.every : 1);

	base = TMIN + rand() % 100;
	for (i = 0; i < 600 && !bad; i++) {
		base += rand() % 4;
		t = base - (rand() % 4 == 0 ? rnd(0, 80) : 0);
		if (t > TMAX)
			break;
		/* The windows that hold t and that the watermark has not passed. */
		for (n = 0, k = 0; k < m.nk; k++) {
			s = range_start(&m, k);
			if (s <= t && t < s + m.spec.size &&
			    s + m.spec.size > m.wm && n < NELEM(want))
				want[n++] = s;
		}
		nw = window_assign(w, t, starts, cap);
		if (nw != n || (n > 0 && memcmp(starts, want, n *
		    sizeof(*want)) != 0)) {
			fprintf(stderr, "%s: seed %u: event %d at %lld: %zu "
			    "windows, want %zu\n", __FILE__, seed, i,
			    (long long)t, nw, n);
			bad = 1;
			break;
		}
		if (n == 0)
			continue;	/* late: not observed (as window(1)) */
		if (!m.opened || want[0] < m.lo)
			m.lo = want[0];
		if (!m.opened || want[n - 1] > m.hi)
			m.hi = want[n - 1];
		m.opened = 1;
		if (t > m.maxt)
			m.maxt = t;
		if (m.maxt - m.spec.lateness > m.wm)
			m.wm = m.maxt - m.spec.lateness;
		window_observe(w, t, on_close, &g);
		/* Now and then the input idles and the watermark moves on. */
		if (rand() % 50 == 0) {
			t = m.wm + rnd(0, 100);
			if (t > m.wm)
				m.wm = t;
			window_advance(w, t, on_close, &g);
		}
		n = range_due(&m, 0, want, NELEM(want));
		bad = !same_closes(&g, &seen, want, n, m.spec.size) ||
		    window_watermark(w) != m.wm ||
		    window_max_time(w) != m.maxt ||
		    window_next_end(w) != range_next_end(&m) ||
		    window_closed(w) != m.nclosed;
		if (bad)
			fprintf(stderr, "%s: seed %u: after event %d the "
			    "closed windows or the watermark differ\n",
			    __FILE__, seed, i);
	}
	if (!bad) {
		window_close_all(w, on_close, &g);
		n = range_due(&m, 1, want, NELEM(want));
		bad = !same_closes(&g, &seen, want, n, m.spec.size) ||
		    window_closed(w) != m.nclosed || window_skipped(w) != 0;
		if (bad)
			fprintf(stderr, "%s: seed %u: at the end the closed "
			    "windows differ\n", __FILE__, seed);
	}
	CHECK(!bad);
	window_free(w);
	free(m.emitted);
	free(g.c);
}

/* A long silence: empty windows past WINDOW_MAX_EMPTY are counted. */
static void
test_silence(void)
{
	struct window_spec spec = { WK_TUMBLING, 1, 1, 0, 0, 0 };
	struct got g = { NULL, 0, 0 };
	struct window *w;
	int64_t start;
	const int64_t n = 3 * WINDOW_MAX_EMPTY;

	w = window_new(&spec);
	CHECK(window_next_end(w) == INT64_MAX);
	CHECK(window_assign(w, 0, &start, 1) == 1 && start == 0);
	window_observe(w, 0, on_close, &g);
	CHECK(g.n == 0 && window_next_end(w) == 1);
	window_advance(w, n, on_close, &g);
	/* The event's window, then WINDOW_MAX_EMPTY empty ones. */
	CHECK_INT(window_closed(w), 1 + WINDOW_MAX_EMPTY);
	CHECK_INT(g.n, 1 + WINDOW_MAX_EMPTY);
	CHECK_INT(window_skipped(w), n - 1 - WINDOW_MAX_EMPTY);
	CHECK(g.n > 0 && g.c[g.n - 1].start == WINDOW_MAX_EMPTY);
	CHECK_INT(window_next_end(w), n + 1);
	/* An event after it is in its own window, nothing in between. */
	CHECK(window_assign(w, n + 5, &start, 1) == 1 && start == n + 5);
	window_observe(w, n + 5, on_close, &g);
	window_close_all(w, on_close, &g);
	CHECK(g.c[g.n - 1].start == n + 5);
	window_free(w);
	free(g.c);
}

/* Counts closes, for the tests with many. */
struct count {
	uint64_t n;
	int64_t	 last;		/* start of the last window closed */
};

static void
on_count(void *arg, int64_t start, int64_t end, const char *key,
    size_t keylen, const struct strbuf *events)
{
	struct count *c = arg;

	c->n++;
	c->last = start;
}

/* The stream of window_set_output(), counted. */
static void
on_emit(void *arg, const char *line, size_t n)
{
	(*(uint64_t *)arg)++;
}

/*
 * An event after a gap: the empty windows before its own are a run
 * like any other (window-gap-no-skip).  Its window is not closed, and
 * does not make those before it count as holding events.
 */
static void
test_gap(void)
{
	struct window_spec spec = { WK_TUMBLING, 1, 1, 0, 0, 0 };
	struct count c = { 0, 0 };
	struct window *w;
	int64_t start;
	const int64_t M = WINDOW_MAX_EMPTY, n = 3 * M;

	w = window_new(&spec);
	CHECK(window_assign(w, 0, &start, 1) == 1);
	window_observe(w, 0, on_count, &c);
	CHECK(window_assign(w, n, &start, 1) == 1 && start == n);
	window_observe(w, n, on_count, &c);
	CHECK_INT(c.n, 1 + M);
	CHECK_INT(c.last, M);
	CHECK_INT(window_skipped(w), n - 1 - M);
	CHECK_INT(window_next_end(w), n + 1);
	window_close_all(w, on_count, &c);
	CHECK_INT(c.n, 2 + M);
	CHECK_INT(c.last, n);
	window_free(w);

	/*
	 * Within the lateness, windows with events at 0, 2M and 3M: at the
	 * end the run from 1 to 2M-1 is cut at M, the run from 2M+1 to
	 * 3M-1 is shorter than M and closes whole.
	 */
	spec.lateness = 10 * M;
	w = window_new(&spec);
	memset(&c, 0, sizeof(c));
	CHECK(window_assign(w, 0, &start, 1) == 1);
	window_observe(w, 0, on_count, &c);
	CHECK(window_assign(w, 3 * M, &start, 1) == 1);
	window_observe(w, 3 * M, on_count, &c);
	CHECK(window_assign(w, 2 * M, &start, 1) == 1);
	window_observe(w, 2 * M, on_count, &c);
	CHECK_INT(c.n, 0);
	window_close_all(w, on_count, &c);
	CHECK_INT(c.n, 1 + M + 1 + (M - 1) + 1);
	CHECK_INT(window_skipped(w), M - 1);
	CHECK_INT(c.last, 3 * M);
	window_free(w);
}

/* After a stop, empty windows are skipped at once; the others close. */
static void
test_stop(void)
{
	struct window_spec spec = { WK_TUMBLING, 1, 1, 0, 0, 1000 };
	struct count c = { 0, 0 };
	volatile sig_atomic_t stop = 0;
	struct window *w;
	int64_t start;

	w = window_new(&spec);
	window_set_stop(w, &stop);
	CHECK(window_assign(w, 0, &start, 1) == 1);
	window_observe(w, 0, on_count, &c);
	CHECK(window_assign(w, 50, &start, 1) == 1);
	window_observe(w, 50, on_count, &c);
	window_advance(w, 10, on_count, &c);
	CHECK_INT(c.n, 10);		/* 0 and 9 empty ones */
	stop = 15;
	window_advance(w, 20, on_count, &c);
	CHECK_INT(c.n, 10);		/* 10..19 skipped */
	window_close_all(w, on_count, &c);
	CHECK_INT(c.n, 11);		/* 20..49 skipped, 50 closed */
	CHECK_INT(c.last, 50);
	CHECK_INT(window_skipped(w), 40);
	window_free(w);
}

/*
 * One window of kind (sliding: every a third of size) with offset, and
 * an event at t: every window given must hold t and lie within
 * TIME_MIN .. TIME_MAX, as many as hold t unless they would not all
 * fit, and nothing may overflow (the sanitizer build checks that).
 * Returns the number of faults.
 */
static int
edge_case(enum window_kind kind, int64_t size, int64_t offset, int64_t t)
{
	struct window_spec spec;
	struct count c = { 0, 0 };
	struct window *w;
	uint64_t lines = 0;
	int64_t starts[4];
	size_t n, q, want;
	int bad = 0;

	memset(&spec, 0, sizeof(spec));
	spec.kind = kind;
	spec.size = size;
	spec.every = kind == WK_SLIDING ? (size + 2) / 3 : size;
	spec.offset = offset;
	w = window_new(&spec);
	window_set_output(w, on_emit, &lines);
	n = window_assign(w, t, starts, NELEM(starts));
	for (q = 0; q < n; q++)
		if (starts[q] > t || t - starts[q] >= spec.size ||
		    starts[q] < TIME_MIN || starts[q] > TIME_MAX - spec.size ||
		    (q > 0 && starts[q] - starts[q - 1] != spec.every))
			bad++;
	/* A sliding event holds size/every windows, or one less. */
	want = window_fits(w, t) ? window_max_per_event(w) : 0;
	if (n != want && !(kind == WK_SLIDING && n > 0 && n + 1 == want))
		bad++;
	window_observe(w, t, on_count, &c);
	(void)window_next_end(w);
	(void)window_tick_idle(w, INT64_C(1) << 40, 0, 1);
	window_close_all(w, on_count, &c);
	window_free(w);
	return bad;
}

/* The ends of the time range, with sizes up to a third of it. */
static void
test_edges(void)
{
	static const int64_t sizes[] = {
		1, 1000000, INT64_C(1000000000), INT64_C(3600000000000),
		INT64_C(86400000000000), INT64_C(1000000000000000000),
		INT64_C(3074457345618258602)
	};
	static const int64_t offsets[] = {
		0, 7, -3, INT64_C(1000000000), INT64_MAX / 3, -INT64_MAX / 3
	};
	const int64_t ts[] = {
		TIME_MIN, TIME_MIN + 1, TIME_MIN + INT64_C(999999999),
		TIME_MAX, TIME_MAX - 1, TIME_MAX - INT64_C(3600000000000),
		TIME_MAX - INT64_C(3600000000001), 0, -1
	};
	struct window_spec spec;
	struct count c = { 0, 0 };
	struct window *w;
	int64_t starts[1], want;
	size_t i, j, k;
	int bad = 0;

	for (i = 0; i < NELEM(sizes); i++)
		for (j = 0; j < NELEM(offsets); j++)
			for (k = 0; k < NELEM(ts); k++)
				bad += edge_case(WK_TUMBLING, sizes[i],
				    offsets[j], ts[k]) +
				    edge_case(WK_SLIDING, sizes[i],
				    offsets[j], ts[k]);
	CHECK_INT(bad, 0);

	/* The last hour that fits, and the one after. */
	memset(&spec, 0, sizeof(spec));
	spec.kind = WK_TUMBLING;
	spec.size = spec.every = INT64_C(3600000000000);
	w = window_new(&spec);
	want = TIME_MAX / spec.size * spec.size;	/* its end */
	CHECK(window_fits(w, want - 1));
	CHECK(!window_fits(w, want));
	CHECK(window_assign(w, want, starts, 1) == 0);
	CHECK(window_assign(w, want - 1, starts, 1) == 1 &&
	    starts[0] == want - spec.size);
	window_free(w);
	/* Sessions: the gap after the last event must fit. */
	memset(&spec, 0, sizeof(spec));
	spec.kind = WK_SESSION;
	spec.gap = INT64_C(60000000000);
	w = window_new(&spec);
	CHECK(window_session_add(w, "k", 1, TIME_MAX - spec.gap + 1, "{}",
	    2) == -2);
	CHECK(window_session_add(w, "k", 1, TIME_MAX - spec.gap, "{}", 2) ==
	    0);
	CHECK(window_session_add(w, "k", 1, TIME_MIN, "{}", 2) == 0);
	window_observe(w, TIME_MAX - spec.gap, on_count, &c);
	window_close_all(w, on_count, &c);
	window_free(w);
}

/* ---- sessions ---- */

#define MAXSESS	256

struct msession {
	int	 key;
	int64_t	 start, last;
	int	 ev[600];
	size_t	 nev;
};

static const char *const skeys[] = { "a", "b", "ab", "" };

struct session_model {
	int64_t		 gap, wm, maxt;
	struct msession	 s[MAXSESS];
	size_t		 n;
	uint64_t	 nclosed;
};

/* Closing order: end, then key (bytewise, a prefix first), then start. */
static int
cmp_msession(const void *a, const void *b)
{
	const struct msession *x = a, *y = b;
	const char *kx = skeys[x->key], *ky = skeys[y->key];
	int c;

	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;
	if ((c = strcmp(kx, ky)) != 0)
		return c;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Emit the sessions that are due into want[0..*n), in closing order. */
static void
session_due(struct session_model *m, int all, struct msession *want,
    size_t *n)
{
	size_t i = 0;

	*n = 0;
	while (i < m->n) {
		if (all || m->s[i].last + m->gap <= m->wm) {
			want[(*n)++] = m->s[i];
			m->s[i] = m->s[--m->n];
			m->nclosed++;
		} else
			i++;
	}
	qsort(want, *n, sizeof(*want), cmp_msession);
}

static int
same_sessions(const struct session_model *m, struct got *g, size_t *seen,
    const struct msession *want, size_t n)
{
	char text[4096];
	size_t i, j, len;

	if (g->n - *seen != n)
		return 0;
	for (i = 0; i < n; i++) {
		const struct closed *c = &g->c[*seen + i];

		for (len = 0, j = 0; j < want[i].nev; j++)
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    "e%d\n", want[i].ev[j]);
		if (c->start != want[i].start ||
		    c->end != want[i].last + m->gap ||
		    strcmp(c->key, skeys[want[i].key]) != 0 ||
		    strcmp(c->events, text) != 0)
			return 0;
	}
	*seen = g->n;
	return 1;
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Add event id at t to the model; 0, or -1 if it is late. */
static int
session_add(struct session_model *m, int key, int64_t t, int id)
{
	struct msession *s = NULL, *o;
	size_t i = 0;

	while (i < m->n) {
		o = &m->s[i];
		if (o == s || o->key != key || !(t > o->start - m->gap &&
		    t < o->last + m->gap)) {
			i++;
			continue;
		}
		if (s == NULL) {
			s = o;
			i++;
			continue;
		}
		/* It bridges two sessions: they become one. */
		memcpy(s->ev + s->nev, o->ev, o->nev * sizeof(*o->ev));
		s->nev += o->nev;
		qsort(s->ev, s->nev, sizeof(*s->ev), cmp_int);
		if (o->start < s->start)
			s->start = o->start;
		if (o->last > s->last)
			s->last = o->last;
		if (s == &m->s[m->n - 1])
			s = o;
		*o = m->s[--m->n];
	}
	if (s == NULL) {
		if (m->wm != INT64_MIN && t + m->gap <= m->wm)
			return -1;
		s = &m->s[m->n++];
		s->key = key;
		s->start = s->last = t;
		s->nev = 0;
	}
	if (t < s->start)
		s->start = t;
	if (t > s->last)
		s->last = t;
	s->ev[s->nev++] = id;
	return 0;
}

static int64_t
session_next_end(const struct session_model *m)
{
	int64_t end = INT64_MAX;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->s[i].last + m->gap < end)
			end = m->s[i].last + m->gap;
	return end;
}

static void
session_run(unsigned seed)
{
	static struct session_model m;
	static struct msession want[MAXSESS];
	struct window_spec spec = { WK_SESSION, 0, 0, 0, 0, 0 };
	struct got g = { NULL, 0, 0 };
	struct window *w;
	char line[16];
	int64_t t, base;
	size_t n, seen = 0;
	int i, key, late, bad = 0;

	srand(seed);
	memset(&m, 0, sizeof(m));
	m.gap = spec.gap = rnd(1, 30);
	spec.lateness = rand() % 3 == 0 ? 0 : rnd(0, 60);
	m.wm = m.maxt = INT64_MIN;
	w = window_new(&spec);
	CHECK(window_next_end(w) == INT64_MAX);
	base = TMIN;
	for (i = 0; i < 500 && !bad; i++) {
		base += rand() % 6;
		t = base - (rand() % 4 == 0 ? rnd(0, 80) : 0);
		key = rand() % (int)NELEM(skeys);
		snprintf(line, sizeof(line), "e%d", i);
		late = session_add(&m, key, t, i);
		if (window_session_add(w, skeys[key], strlen(skeys[key]), t,
		    line, strlen(line)) != late) {
			fprintf(stderr, "%s: seed %u: event %d at %lld: "
			    "late is %d in the model\n", __FILE__, seed, i,
			    (long long)t, late);
			bad = 1;
			break;
		}
		if (late)
			continue;
		if (t > m.maxt)
			m.maxt = t;
		if (m.maxt - spec.lateness > m.wm)
			m.wm = m.maxt - spec.lateness;
		window_observe(w, t, on_close, &g);
		if (rand() % 50 == 0) {
			t = m.wm + rnd(0, 40);
			if (t > m.wm)
				m.wm = t;
			window_advance(w, t, on_close, &g);
		}
		session_due(&m, 0, want, &n);
		/*
		 * For sessions the next end is a deadline to wake up at:
		 * it may come early (a session went on), never late.
		 */
		bad = !same_sessions(&m, &g, &seen, want, n) ||
		    window_watermark(w) != m.wm ||
		    window_next_end(w) > session_next_end(&m) ||
		    window_closed(w) != m.nclosed;
		if (bad)
			fprintf(stderr, "%s: seed %u: after event %d the "
			    "closed sessions differ\n", __FILE__, seed, i);
	}
	if (!bad) {
		window_close_all(w, on_close, &g);
		session_due(&m, 1, want, &n);
		bad = !same_sessions(&m, &g, &seen, want, n) ||
		    window_closed(w) != m.nclosed;
		if (bad)
			fprintf(stderr, "%s: seed %u: at the end the closed "
			    "sessions differ\n", __FILE__, seed);
	}
	CHECK(!bad);
	window_free(w);
	free(g.c);
}

int
main(void)
{
	unsigned seed;

	for (seed = 1; seed <= 100; seed++) {
		range_run(WK_TUMBLING, seed);
		range_run(WK_SLIDING, seed);
		session_run(seed);
	}
	test_silence();
	test_gap();
	test_stop();
	test_edges();
	return check_status();
}
