/* SPDX-License-Identifier: MIT */
/* pane.c -- the panes of sliding windows: one state per pane and group, merged at close. */
#include <stdlib.h>
#include <string.h>

#include "agg/agg_int.h"
#include "agg/pane.h"
#include "agg/window.h"

void
panes_init(struct panes *ps, const struct agg_spec *spec)
{
	memset(ps, 0, sizeof(*ps));
	ps->spec = spec;
	ps->closed = INT64_MIN;
}

int
panes_exact(const struct agg_spec *spec)
{
	size_t k;

	/*
	 * The others merge to the same state, but for the cases of
	 * agg.h: a sum passing the range of doubles on the way, and a
	 * minimum, maximum or percentile between 0.0 and -0.0.
	 */
	for (k = 0; k < spec->ndef; k++)
		if (spec->def[k].m == &agg_top)
			return 0;
	return 1;
}

/* x mod m, in [0, m) (m > 0). */
static int64_t
mod_pos(int64_t x, int64_t m)
{
	int64_t r = x % m;

	return r < 0 ? r + m : r;
}

/* a + b, saturated at INT64_MAX (b >= 0). */
static int64_t
sat_add(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* The start of the last window that starts at or before x. */
static int64_t
window_at(const struct panes *ps, int64_t x)
{
	int64_t r = mod_pos(x, ps->every) - ps->off;

	if (r < 0)
		r += ps->every;
	return x - r;
}

/* The index of the first pane that starts at or after t. */
static size_t
lower_bound(const struct panes *ps, int64_t t)
{
	size_t lo = 0, hi = ps->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ps->p[mid]->w.start < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
pane_free(struct panes *ps, struct pane *p)
{
	size_t i;

	for (i = 0; i < p->w.groups.n; i++)
		agg_release(ps->spec, gmap_val(&p->w.groups, i));
	gmap_release(&p->w.groups);
	free(p);
}

/* Check sp against the spec of the panes, or take it: 0, or -1, why. */
static int
check_spec(struct panes *ps, const struct stream_pane *sp, const char **why)
{
	int64_t g = window_pane_width(sp->size, sp->every);

	if (sp->every > sp->size || sp->end - sp->start != g ||
	    (uint64_t)sp->end - (uint64_t)sp->first > (uint64_t)sp->size) {
		*why = "@window is not a pane of its windows";
		return -1;
	}
	if (!ps->have) {
		ps->have = 1;
		ps->size = sp->size;
		ps->every = sp->every;
		ps->grain = g;
		ps->off = mod_pos(sp->first, sp->every);
	}
	if (sp->size != ps->size || sp->every != ps->every ||
	    mod_pos(sp->first, ps->every) != ps->off) {
		*why = "@window is a pane of other sliding windows than "
		    "those before (one window --sliding per stream)";
		return -1;
	}
	if (mod_pos(sp->start, g) != ps->off % g) {
		*why = "@window is not a pane of its windows";
		return -1;
	}
	return 0;
}

/* The pane that starts at start, created if new. */
static struct pane *
pane_get(struct panes *ps, int64_t start)
{
	struct pane *p;
	size_t i;

	i = lower_bound(ps, start);
	if (i < ps->n && ps->p[i]->w.start == start)
		return ps->p[i];
	if (ps->n == ps->a) {
		ps->a = ps->a ? ps->a * 2 : 16;
		ps->p = xreallocarray(ps->p, ps->a, sizeof(*ps->p));
	}
	memmove(&ps->p[i + 1], &ps->p[i], (ps->n - i) * sizeof(*ps->p));
	ps->n++;
	p = xcalloc(1, sizeof(*p));
	p->w.timed = 1;
	p->w.start = start;
	p->w.end = start + ps->grain;
	p->first = INT64_MAX;
	gmap_init(&p->w.groups, ps->spec->size);
	ps->p[i] = p;
	return p;
}

int
panes_find(struct panes *ps, const struct jval *wv, struct pane **out,
    struct stream_pane *sp, const char **why)
{
	int r;

	if (ps->last != NULL && wv->n == ps->last_raw.len &&
	    memcmp(wv->p, ps->last_raw.buf, wv->n) == 0) {
		*out = ps->last;
		*sp = ps->last_sp;
		return 1;
	}
	if ((r = stream_pane_read(wv, sp)) == 0)
		return 0;
	if (r == -1) {
		*why = "@window is a malformed pane";
		return -1;
	}
	if (check_spec(ps, sp, why) == -1)
		return -1;
	*out = pane_get(ps, sp->start);
	if (sp->first < (*out)->first)
		(*out)->first = sp->first;
	ps->last = *out;
	ps->last_sp = *sp;
	strbuf_reset(&ps->last_raw);
	strbuf_add(&ps->last_raw, wv->p, wv->n);
	return 1;
}

int
panes_is_window(const struct panes *ps, int64_t start, int64_t end)
{
	return ps->have && (uint64_t)end - (uint64_t)start ==
	    (uint64_t)ps->size && window_at(ps, start) == start;
}

int
panes_holds(const struct panes *ps, int64_t start, int64_t end)
{
	size_t i;

	for (i = lower_bound(ps, start); i < ps->n &&
	    ps->p[i]->w.end <= end; i++)
		if (ps->p[i]->w.groups.n > 0)
			return 1;
	return 0;
}

void
panes_merge_groups(struct panes *ps, struct gmap *dst,
    const struct gmap *src)
{
	struct agg_acc *acc;
	const char *key;
	size_t i, j, klen;
	int created;

	for (j = 0; j < src->n; j++) {
		key = gmap_key(src, j, &klen);
		i = gmap_insert(dst, key, klen, src->g[j].hash, &created);
		acc = gmap_val(dst, i);
		if (created)
			agg_init(ps->spec, acc);
		agg_merge(ps->spec, acc, gmap_val(src, j));
		dst->g[i].n |= src->g[j].n & ps->carry;
	}
}

void
panes_unmark(struct panes *ps)
{
	size_t i, j;

	for (i = 0; i < ps->n; i++)
		for (j = 0; j < ps->p[i]->w.groups.n; j++)
			ps->p[i]->w.groups.g[j].n &= ~ps->carry;
}

size_t
panes_merge_into(struct panes *ps, int64_t start, int64_t end,
    struct gmap *groups)
{
	size_t i, n = 0;

	for (i = lower_bound(ps, start); i < ps->n &&
	    ps->p[i]->w.end <= end; i++) {
		panes_merge_groups(ps, groups, &ps->p[i]->w.groups);
		n++;
	}
	return n;
}

void
panes_closed(struct panes *ps, int64_t start)
{
	int64_t c;
	size_t k, i;

	if (!ps->have)
		return;
	c = sat_add(start, ps->every);
	if (c > ps->closed)
		ps->closed = c;
	/* A pane before closed is in no window that starts after it. */
	k = lower_bound(ps, ps->closed);
	if (k == 0)
		return;
	for (i = 0; i < k; i++) {
		if (ps->p[i] == ps->last)
			ps->last = NULL;
		pane_free(ps, ps->p[i]);
	}
	memmove(&ps->p[0], &ps->p[k], (ps->n - k) * sizeof(*ps->p));
	ps->n -= k;
}

void
panes_each_window(struct panes *ps, void (*fn)(void *, int64_t, int64_t),
    void *arg)
{
	const int64_t E = ps->every;
	int64_t next = INT64_MIN, lo, hi, s;
	size_t i;

	for (i = 0; i < ps->n; i++) {
		lo = ps->p[i]->first;
		if (lo < ps->closed)
			lo = ps->closed;
		if (lo < next)
			lo = next;
		hi = window_at(ps, ps->p[i]->w.start);
		if (lo > hi)
			continue;
		for (s = lo;; s += E) {
			fn(arg, s, sat_add(s, ps->size));
			if (hi - s < E)
				break;
		}
		next = sat_add(hi, E);
	}
}

void
panes_value(const struct panes *ps, size_t i, struct strbuf *sb)
{
	struct stream_pane sp;

	sp.start = ps->p[i]->w.start;
	sp.end = ps->p[i]->w.end;
	sp.first = ps->p[i]->first > ps->closed ? ps->p[i]->first :
	    ps->closed;
	sp.size = ps->size;
	sp.every = ps->every;
	stream_pane_value(sb, &sp);
}

void
panes_release(struct panes *ps)
{
	uint64_t carry;
	size_t i;

	for (i = 0; i < ps->n; i++)
		pane_free(ps, ps->p[i]);
	free(ps->p);
	strbuf_release(&ps->last_raw);
	strbuf_release(&ps->scratch);
	carry = ps->carry;
	panes_init(ps, ps->spec);
	ps->carry = carry;
}
