/* SPDX-License-Identifier: MIT */
/* sketch.c -- mergeable summaries: quantiles, distinct counts, top-k. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "json/jsonw.h"
#include "core/base64.h"
#include "agg/sketch.h"

/* ---- DDSketch ---- */

/* log(g) and g, for g = (1 + a) / (1 - a). */
#define DD_LNG		(2.0 * atanh(SKETCH_DD_ALPHA))
#define DD_GAMMA	((1.0 + SKETCH_DD_ALPHA) / (1.0 - SKETCH_DD_ALPHA))

void
sketch_dd_init(struct sketch_dd *d)
{
	memset(d, 0, sizeof(*d));
}

static int32_t
dd_index(double x)
{
	return (int32_t)ceil(log(x) / DD_LNG);
}

static double
dd_value(int32_t i)
{
	return 2.0 * exp((double)i * DD_LNG) / (DD_GAMMA + 1.0);
}

/*
 * Make the store cover indexes lo .. hi, folding the lowest buckets
 * into one when that would exceed the limit.  Returns the lowest index
 * kept (an index below it counts in its bucket).
 */
static int32_t
store_cover(struct sketch_ddstore *s, int32_t lo, int32_t hi)
{
	uint64_t *nc;
	int64_t nlo, nhi, idx;
	uint32_t k;

	if (s->n > 0 && lo >= s->off && hi < s->off + (int64_t)s->n)
		return s->off;
	nlo = lo;
	nhi = hi;
	if (s->n > 0) {
		if (s->off < nlo)
			nlo = s->off;
		if (s->off + (int64_t)s->n - 1 > nhi)
			nhi = s->off + (int64_t)s->n - 1;
	}
	if (nhi - nlo + 1 > SKETCH_DD_MAX_BINS)
		nlo = nhi - SKETCH_DD_MAX_BINS + 1;
	nc = xcalloc((size_t)(nhi - nlo + 1), sizeof(*nc));
	for (k = 0; k < s->n; k++) {
		idx = s->off + (int64_t)k;
		nc[(idx < nlo ? nlo : idx) - nlo] += s->c[k];
	}
	free(s->c);
	s->c = nc;
	s->off = (int32_t)nlo;
	s->n = (uint32_t)(nhi - nlo + 1);
	return s->off;
}

static void
store_add(struct sketch_ddstore *s, int32_t i, uint64_t count)
{
	int32_t lo;

	lo = store_cover(s, i, i);
	s->c[(i < lo ? lo : i) - lo] += count;
}

static void
store_merge(struct sketch_ddstore *d, const struct sketch_ddstore *s)
{
	int32_t lo, idx;
	uint32_t k;

	if (s->n == 0)
		return;
	lo = store_cover(d, s->off, s->off + (int32_t)s->n - 1);
	for (k = 0; k < s->n; k++) {
		idx = s->off + (int32_t)k;
		d->c[(idx < lo ? lo : idx) - lo] += s->c[k];
	}
}

void
sketch_dd_add(struct sketch_dd *d, double x, uint64_t count)
{
	if (count == 0)
		return;
	if (d->count == 0 || x < d->min)
		d->min = x;
	if (d->count == 0 || x > d->max)
		d->max = x;
	d->count += count;
	if (x > 0)
		store_add(&d->pos, dd_index(x), count);
	else if (x < 0)
		store_add(&d->neg, dd_index(-x), count);
	else
		d->zero += count;
}

void
sketch_dd_merge(struct sketch_dd *d, const struct sketch_dd *s)
{
	if (s->count == 0)
		return;
	if (d->count == 0 || s->min < d->min)
		d->min = s->min;
	if (d->count == 0 || s->max > d->max)
		d->max = s->max;
	d->count += s->count;
	d->zero += s->zero;
	store_merge(&d->pos, &s->pos);
	store_merge(&d->neg, &s->neg);
}

static double
clamp(const struct sketch_dd *d, double v)
{
	return v < d->min ? d->min : v > d->max ? d->max : v;
}

double
sketch_dd_at(const struct sketch_dd *d, uint64_t rank)
{
	uint64_t acc = 0;
	uint32_t k;

	/* The most negative values first: the largest magnitudes. */
	for (k = d->neg.n; k-- > 0;) {
		acc += d->neg.c[k];
		if (acc >= rank)
			return clamp(d, -dd_value(d->neg.off + (int32_t)k));
	}
	acc += d->zero;
	if (acc >= rank)
		return clamp(d, 0.0);
	for (k = 0; k < d->pos.n; k++) {
		acc += d->pos.c[k];
		if (acc >= rank)
			return clamp(d, dd_value(d->pos.off + (int32_t)k));
	}
	return d->max;
}

static void
store_serialize(const struct sketch_ddstore *s, struct strbuf *sb)
{
	uint32_t k;

	strbuf_addch(sb, '[');
	if (s->n > 0) {
		jsonw_int(sb, s->off);
		for (k = 0; k < s->n; k++) {
			strbuf_addch(sb, ',');
			jsonw_int(sb, (int64_t)s->c[k]);
		}
	}
	strbuf_addch(sb, ']');
}

void
sketch_dd_serialize(const struct sketch_dd *d, struct strbuf *sb)
{
	strbuf_addstr(sb, "{\"n\":");
	jsonw_int(sb, (int64_t)d->count);
	strbuf_addstr(sb, ",\"min\":");
	jsonw_real(sb, d->count ? d->min : 0.0);
	strbuf_addstr(sb, ",\"max\":");
	jsonw_real(sb, d->count ? d->max : 0.0);
	strbuf_addstr(sb, ",\"zero\":");
	jsonw_int(sb, (int64_t)d->zero);
	strbuf_addstr(sb, ",\"pos\":");
	store_serialize(&d->pos, sb);
	strbuf_addstr(sb, ",\"neg\":");
	store_serialize(&d->neg, sb);
	strbuf_addch(sb, '}');
}

/* A non-negative integer member; 0, or -1. */
static int
get_count(const struct jval *v, uint64_t *out)
{
	int64_t i;

	if (jval_int64(v, &i) == -1 || i < 0)
		return -1;
	*out = (uint64_t)i;
	return 0;
}

static int
get_real(const struct jval *v, double *out)
{
	if (jval_double(v, out) == -1 || !isfinite(*out))
		return -1;
	return 0;
}

static int
store_read(struct sketch_ddstore *s, const struct jval *arr, uint64_t *sum)
{
	struct jiter it;
	struct jval v;
	int64_t off;
	uint64_t c;
	uint32_t k = 0;

	if (arr->type != JT_ARRAY)
		return -1;
	jiter_init(&it, arr);
	if (!jiter_next(&it, NULL, &v))
		return 0;
	if (jval_int64(&v, &off) == -1 || off < -1000000 || off > 1000000)
		return -1;
	while (jiter_next(&it, NULL, &v)) {
		if (get_count(&v, &c) == -1 || k >= SKETCH_DD_MAX_BINS)
			return -1;
		if (c > 0)
			store_add(s, (int32_t)(off + k), c);
		*sum += c;
		k++;
	}
	return 0;
}

int
sketch_dd_deserialize(struct sketch_dd *d, const struct jval *v,
    struct sluice_err *err)
{
	struct sketch_dd t;
	struct jval n, mn, mx, z, pos, neg;
	uint64_t sum = 0;

	sketch_dd_init(&t);
	if (v->type != JT_OBJECT || !jval_find(v, "n", 1, &n) ||
	    !jval_find(v, "min", 3, &mn) || !jval_find(v, "max", 3, &mx) ||
	    !jval_find(v, "zero", 4, &z) || !jval_find(v, "pos", 3, &pos) ||
	    !jval_find(v, "neg", 3, &neg))
		goto bad;
	if (get_count(&n, &t.count) == -1 || get_real(&mn, &t.min) == -1 ||
	    get_real(&mx, &t.max) == -1 || get_count(&z, &t.zero) == -1 ||
	    store_read(&t.pos, &pos, &sum) == -1 ||
	    store_read(&t.neg, &neg, &sum) == -1 ||
	    sum + t.zero != t.count || t.min > t.max)
		goto bad;
	sketch_dd_merge(d, &t);
	sketch_dd_release(&t);
	return 0;
bad:
	sketch_dd_release(&t);
	return err_set(err, 0, "bad quantile sketch");
}

void
sketch_dd_release(struct sketch_dd *d)
{
	free(d->pos.c);
	free(d->neg.c);
	sketch_dd_init(d);
}

/* ---- HyperLogLog ---- */

#define HLL_Q		(64 - SKETCH_HLL_P)
#define HLL_ALPHA_INF	0.721347520444481703680	/* 1 / (2 ln 2) */

void
sketch_hll_add(struct sketch_hll *h, uint64_t hash)
{
	uint64_t w;
	size_t i;
	uint8_t r = 1;

	if (h->reg == NULL)
		h->reg = xcalloc(SKETCH_HLL_M, 1);
	i = (size_t)(hash & (SKETCH_HLL_M - 1));
	w = (hash >> SKETCH_HLL_P) | (UINT64_C(1) << HLL_Q);
	while (!(w & 1)) {
		w >>= 1;
		r++;
	}
	if (r > h->reg[i])
		h->reg[i] = r;
}

void
sketch_hll_merge(struct sketch_hll *h, const struct sketch_hll *s)
{
	size_t i;

	if (s->reg == NULL)
		return;
	if (h->reg == NULL)
		h->reg = xcalloc(SKETCH_HLL_M, 1);
	for (i = 0; i < SKETCH_HLL_M; i++)
		if (s->reg[i] > h->reg[i])
			h->reg[i] = s->reg[i];
}

static double
hll_sigma(double x)
{
	double y = 1, z = x, zp;

	if (x == 1.0)
		return INFINITY;
	do {
		x *= x;
		zp = z;
		z += x * y;
		y += y;
	} while (zp != z);
	return z;
}

static double
hll_tau(double x)
{
	double y = 1, z = 1 - x, zp;

	if (x == 0.0 || x == 1.0)
		return 0.0;
	do {
		x = sqrt(x);
		zp = z;
		y *= 0.5;
		z -= (1 - x) * (1 - x) * y;
	} while (zp != z);
	return z / 3;
}

double
sketch_hll_estimate(const struct sketch_hll *h)
{
	uint32_t c[HLL_Q + 2];
	double m = SKETCH_HLL_M, z;
	size_t i;
	int k;

	if (h->reg == NULL)
		return 0.0;
	memset(c, 0, sizeof(c));
	for (i = 0; i < SKETCH_HLL_M; i++)
		c[h->reg[i]]++;
	z = m * hll_tau((m - c[HLL_Q + 1]) / m);
	for (k = HLL_Q; k >= 1; k--)
		z = 0.5 * (z + c[k]);
	z += m * hll_sigma(c[0] / m);
	return HLL_ALPHA_INF * m * m / z;
}

void
sketch_hll_serialize(const struct sketch_hll *h, struct strbuf *sb)
{
	uint8_t *zero = NULL;

	strbuf_addch(sb, '"');
	if (h->reg == NULL)
		zero = xcalloc(SKETCH_HLL_M, 1);
	base64_encode(sb, h->reg ? h->reg : zero, SKETCH_HLL_M);
	free(zero);
	strbuf_addch(sb, '"');
}

int
sketch_hll_deserialize(struct sketch_hll *h, const struct jval *v,
    struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct sketch_hll t;
	size_t i;

	if (v->type != JT_STRING || (v->flags & JV_ESCAPED) ||
	    base64_decode(&sb, v->p + 1, v->n - 2) == -1 ||
	    sb.len != SKETCH_HLL_M)
		goto bad;
	for (i = 0; i < SKETCH_HLL_M; i++)
		if ((uint8_t)sb.buf[i] > HLL_Q + 1)
			goto bad;
	t.reg = (uint8_t *)sb.buf;
	sketch_hll_merge(h, &t);
	strbuf_release(&sb);
	return 0;
bad:
	strbuf_release(&sb);
	return err_set(err, 0, "bad HyperLogLog registers");
}

void
sketch_hll_release(struct sketch_hll *h)
{
	free(h->reg);
	h->reg = NULL;
}

/* ---- exact set of hashes ---- */

void
sketch_hset_init(struct sketch_hset *s)
{
	memset(s, 0, sizeof(*s));
}

static int
hset_put(uint64_t *tab, size_t mask, uint64_t h)
{
	size_t i;

	for (i = (size_t)(h >> 7) & mask; tab[i] != 0; i = (i + 1) & mask)
		if (tab[i] == h)
			return 0;
	tab[i] = h;
	return 1;
}

int
sketch_hset_add(struct sketch_hset *s, uint64_t h)
{
	uint64_t *nt;
	size_t i, size;

	if (h == 0)
		h = 1;
	if (s->h == NULL || (s->n + 1) * 4 > (s->mask + 1) * 3) {
		size = s->h == NULL ? 4 : (s->mask + 1) * 2;
		nt = xcalloc(size, sizeof(*nt));
		for (i = 0; s->h != NULL && i <= s->mask; i++)
			if (s->h[i] != 0)
				hset_put(nt, size - 1, s->h[i]);
		free(s->h);
		s->h = nt;
		s->mask = size - 1;
	}
	if (!hset_put(s->h, s->mask, h))
		return 0;
	s->n++;
	return 1;
}

void
sketch_hset_serialize(const struct sketch_hset *s, struct strbuf *sb)
{
	unsigned char *buf, *p;
	size_t i;
	int k;

	p = buf = xmalloc(s->n * 8 + 1);
	for (i = 0; s->h != NULL && i <= s->mask; i++) {
		if (s->h[i] == 0)
			continue;
		for (k = 0; k < 8; k++)
			*p++ = (unsigned char)(s->h[i] >> (8 * k));
	}
	strbuf_addch(sb, '"');
	base64_encode(sb, buf, (size_t)(p - buf));
	strbuf_addch(sb, '"');
	free(buf);
}

int
sketch_hset_deserialize(struct sketch_hset *s, const struct jval *v,
    struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p;
	uint64_t h;
	size_t i;
	int k;

	if (v->type != JT_STRING || (v->flags & JV_ESCAPED) ||
	    base64_decode(&sb, v->p + 1, v->n - 2) == -1 ||
	    sb.len % 8 != 0) {
		strbuf_release(&sb);
		return err_set(err, 0, "bad set of hashes");
	}
	p = (const unsigned char *)sb.buf;
	for (i = 0; i < sb.len; i += 8) {
		h = 0;
		for (k = 0; k < 8; k++)
			h |= (uint64_t)p[i + k] << (8 * k);
		sketch_hset_add(s, h);
	}
	strbuf_release(&sb);
	return 0;
}

void
sketch_hset_to_hll(const struct sketch_hset *s, struct sketch_hll *h)
{
	size_t i;

	for (i = 0; s->h != NULL && i <= s->mask; i++)
		if (s->h[i] != 0)
			sketch_hll_add(h, s->h[i]);
}

void
sketch_hset_release(struct sketch_hset *s)
{
	free(s->h);
	sketch_hset_init(s);
}

/* ---- top-k: exact counts, then Space-Saving ---- */

void
sketch_top_init(struct sketch_top *t, size_t m)
{
	struct map empty = MAP_INIT;

	t->map = empty;
	t->heap = NULL;
	t->hpos = NULL;
	t->m = m > 0 ? m : 1;
	t->total = 0;
	t->approx = 0;
}

static uint64_t
cnt(const struct sketch_top *t, uint32_t e)
{
	return t->map.g[e].n;
}

static void
heap_swap(struct sketch_top *t, size_t a, size_t b)
{
	uint32_t x = t->heap[a];

	t->heap[a] = t->heap[b];
	t->heap[b] = x;
	t->hpos[t->heap[a]] = (uint32_t)a;
	t->hpos[t->heap[b]] = (uint32_t)b;
}

static void
sift_down(struct sketch_top *t, size_t i)
{
	size_t n = t->map.n, l, s;

	for (;;) {
		l = 2 * i + 1;
		s = i;
		if (l < n && cnt(t, t->heap[l]) < cnt(t, t->heap[s]))
			s = l;
		if (l + 1 < n && cnt(t, t->heap[l + 1]) < cnt(t, t->heap[s]))
			s = l + 1;
		if (s == i)
			return;
		heap_swap(t, i, s);
		i = s;
	}
}

static void
build_heap(struct sketch_top *t)
{
	size_t i, n = t->map.n;

	free(t->heap);
	free(t->hpos);
	t->heap = xreallocarray(NULL, n + 1, sizeof(*t->heap));
	t->hpos = xreallocarray(NULL, n + 1, sizeof(*t->hpos));
	for (i = 0; i < n; i++) {
		t->heap[i] = (uint32_t)i;
		t->hpos[i] = (uint32_t)i;
	}
	for (i = n / 2; i-- > 0;)
		sift_down(t, i);
}

void
sketch_top_add(struct sketch_top *t, const char *key, size_t klen,
    uint64_t hash, uint64_t count)
{
	struct map_entry *g;
	uint32_t e;

	t->total += count;
	if ((g = map_find(&t->map, key, klen, hash)) != NULL) {
		g->n += count;
		if (t->approx)
			sift_down(t, t->hpos[g - t->map.g]);
		return;
	}
	if (!t->approx && t->map.n < t->m) {
		g = map_insert(&t->map, key, klen, hash, NULL);
		g->n = count;
		return;
	}
	if (!t->approx) {
		build_heap(t);
		t->approx = 1;
	}
	/* Space-Saving: the smallest counter takes the new value. */
	e = t->heap[0];
	map_rekey(&t->map, &t->map.g[e], key, klen, hash);
	t->map.g[e].n += count;
	sift_down(t, 0);
}

/* An entry with its value scanned, for sorting. */
struct top_item {
	uint64_t	 n;
	uint32_t	 e;
	struct jval	 v;
};

static int
item_cmp(const void *a, const void *b)
{
	const struct top_item *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return canon_cmp(&x->v, &y->v);
}

/* The entries, largest count first, equal counts by value. */
static struct top_item *
sorted_items(const struct sketch_top *t)
{
	struct sluice_err e;
	struct top_item *it;
	size_t i;

	it = xreallocarray(NULL, t->map.n + 1, sizeof(*it));
	for (i = 0; i < t->map.n; i++) {
		it[i].n = t->map.g[i].n;
		it[i].e = (uint32_t)i;
		if (scan_document(t->map.g[i].key, t->map.g[i].klen, &it[i].v,
		    &e) == -1)
			it[i].v.type = JT_NULL;
	}
	qsort(it, t->map.n, sizeof(*it), item_cmp);
	return it;
}

/* Keep the m largest counters; the summary is then approximate. */
static void
truncate_top(struct sketch_top *t)
{
	struct map nm = MAP_INIT;
	struct top_item *it;
	struct map_entry *src, *g;
	size_t i;

	if (t->map.n > t->m) {
		it = sorted_items(t);
		for (i = 0; i < t->m; i++) {
			src = &t->map.g[it[i].e];
			g = map_insert(&nm, src->key, src->klen, src->hash,
			    NULL);
			g->n = src->n;
		}
		free(it);
		map_release(&t->map);
		t->map = nm;
		t->approx = 1;
	}
	if (t->approx)
		build_heap(t);
}

void
sketch_top_merge(struct sketch_top *t, const struct sketch_top *s)
{
	const struct map_entry *sg;
	struct map_entry *g;
	uint64_t tmin = 0, smin = 0;
	size_t i, n0;

	if (s->map.n == 0 && s->total == 0)
		return;
	if (t->approx && t->map.n > 0)
		tmin = cnt(t, t->heap[0]);
	if (s->approx && s->map.n > 0)
		smin = cnt(s, s->heap[0]);
	/* A value one side does not list counted at most its minimum. */
	n0 = t->map.n;
	for (i = 0; i < n0; i++) {
		g = &t->map.g[i];
		sg = map_find(&s->map, g->key, g->klen, g->hash);
		g->n += sg != NULL ? sg->n : smin;
	}
	for (i = 0; i < s->map.n; i++) {
		sg = &s->map.g[i];
		/* Listed by both: counted above (source keys are unique). */
		if (map_find(&t->map, sg->key, sg->klen, sg->hash) != NULL)
			continue;
		g = map_insert(&t->map, sg->key, sg->klen, sg->hash, NULL);
		g->n = sg->n + tmin;
	}
	t->total += s->total;
	if (s->approx)
		t->approx = 1;
	truncate_top(t);
}

void
sketch_top_result(const struct sketch_top *t, size_t k, struct strbuf *sb)
{
	struct top_item *it;
	const struct map_entry *g;
	size_t i;

	it = sorted_items(t);
	strbuf_addch(sb, '[');
	for (i = 0; i < k && i < t->map.n; i++) {
		g = &t->map.g[it[i].e];
		if (i > 0)
			strbuf_addch(sb, ',');
		strbuf_addstr(sb, "{\"value\":");
		strbuf_add(sb, g->key, g->klen);
		strbuf_addstr(sb, ",\"count\":");
		jsonw_int(sb, (int64_t)g->n);
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ']');
	free(it);
}

void
sketch_top_serialize(const struct sketch_top *t, struct strbuf *sb)
{
	size_t i;

	strbuf_addstr(sb, t->approx ? "{\"ss\":[" : "{\"exact\":[");
	for (i = 0; i < t->map.n; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, '[');
		strbuf_add(sb, t->map.g[i].key, t->map.g[i].klen);
		strbuf_addch(sb, ',');
		jsonw_int(sb, (int64_t)t->map.g[i].n);
		strbuf_addch(sb, ']');
	}
	strbuf_addstr(sb, "]}");
}

int
sketch_top_deserialize(struct sketch_top *t, const struct jval *v,
    struct sluice_err *err)
{
	struct strbuf key = STRBUF_INIT;
	struct sketch_top s;
	struct jiter it, pit;
	struct jval list, pair, val, c;
	struct map_entry *g;
	uint64_t n;
	int approx;

	sketch_top_init(&s, t->m);
	if (v->type != JT_OBJECT)
		goto bad;
	if (jval_find(v, "exact", 5, &list))
		approx = 0;
	else if (jval_find(v, "ss", 2, &list))
		approx = 1;
	else
		goto bad;
	if (list.type != JT_ARRAY)
		goto bad;
	jiter_init(&it, &list);
	while (jiter_next(&it, NULL, &pair)) {
		if (pair.type != JT_ARRAY)
			goto bad;
		jiter_init(&pit, &pair);
		if (!jiter_next(&pit, NULL, &val) ||
		    !jiter_next(&pit, NULL, &c) || get_count(&c, &n) == -1 ||
		    n == 0 || jiter_next(&pit, NULL, &c))
			goto bad;
		strbuf_reset(&key);
		canon_append(&key, &val);
		g = map_insert(&s.map, key.buf, key.len,
		    hash_bytes(key.buf, key.len), NULL);
		g->n += n;
		s.total += n;
	}
	s.approx = approx;
	truncate_top(&s);
	sketch_top_merge(t, &s);
	sketch_top_release(&s);
	strbuf_release(&key);
	return 0;
bad:
	sketch_top_release(&s);
	strbuf_release(&key);
	return err_set(err, 0, "bad top-k summary");
}

void
sketch_top_release(struct sketch_top *t)
{
	map_release(&t->map);
	free(t->heap);
	free(t->hpos);
	sketch_top_init(t, t->m);
}
