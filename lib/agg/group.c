/* SPDX-License-Identifier: MIT */
/* group.c -- group keys: canonical JSON, their order, a hash map of them. */
#include <stdlib.h>
#include <string.h>

#include "agg/group.h"
#include "json/jsonw.h"
#include "agg/window.h"

#define FNV_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME	UINT64_C(0x100000001b3)

uint64_t
group_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = FNV_OFFSET;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= FNV_PRIME;
	}
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

int
group_is_canon(const struct jval *v)
{
	switch (v->type) {
	case JT_STRING:
		return !(v->flags & JV_ESCAPED);
	case JT_NULL:
	case JT_FALSE:
	case JT_TRUE:
	case JT_NUMBER:
		return 1;
	default:
		return 0;
	}
}

void
group_canon(struct strbuf *sb, const struct jval *v)
{
	struct strbuf tmp = STRBUF_INIT;
	struct jiter it;
	struct jval k, e;
	int first = 1;

	switch (v->type) {
	case JT_MISSING:
		strbuf_add(sb, "null", 4);
		break;
	case JT_STRING:
		if (!(v->flags & JV_ESCAPED)) {
			strbuf_add(sb, v->p, v->n);
			break;
		}
		jval_str_append(v, &tmp);
		jsonw_string(sb, tmp.buf ? tmp.buf : "", tmp.len);
		strbuf_release(&tmp);
		break;
	case JT_ARRAY:
	case JT_OBJECT:
		strbuf_addch(sb, v->type == JT_ARRAY ? '[' : '{');
		jiter_init(&it, v);
		while (jiter_next(&it, v->type == JT_OBJECT ? &k : NULL,
		    &e)) {
			if (!first)
				strbuf_addch(sb, ',');
			first = 0;
			if (v->type == JT_OBJECT) {
				group_canon(sb, &k);
				strbuf_addch(sb, ':');
			}
			group_canon(sb, &e);
		}
		strbuf_addch(sb, v->type == JT_ARRAY ? ']' : '}');
		break;
	default:
		/* null, true, false, numbers: as written. */
		strbuf_add(sb, v->p, v->n);
		break;
	}
}

static int
rank(enum jtype t)
{
	switch (t) {
	case JT_MISSING:
	case JT_NULL:
		return 0;
	case JT_FALSE:
		return 1;
	case JT_TRUE:
		return 2;
	case JT_NUMBER:
		return 3;
	case JT_STRING:
		return 4;
	case JT_ARRAY:
		return 5;
	default:
		return 6;
	}
}

static int
cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c;

	c = memcmp(a, b, an < bn ? an : bn);
	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn;
}

static int
cmp_number(const struct jval *a, const struct jval *b)
{
	int64_t ia, ib;
	double da, db;

	if (jval_int64(a, &ia) == 0 && jval_int64(b, &ib) == 0) {
		if (ia != ib)
			return ia < ib ? -1 : 1;
	} else {
		jval_double(a, &da);
		jval_double(b, &db);
		if (da != db)
			return da < db ? -1 : 1;
	}
	return cmp_bytes(a->p, a->n, b->p, b->n);
}

static int
cmp_string(const struct jval *a, const struct jval *b)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	const char *pa, *pb;
	size_t na, nb;
	int c;

	if (!((a->flags | b->flags) & JV_ESCAPED))
		return cmp_bytes(a->p + 1, a->n - 2, b->p + 1, b->n - 2);
	pa = jval_str(a, &sa, &na);
	pb = jval_str(b, &sb, &nb);
	c = cmp_bytes(pa, na, pb, nb);
	strbuf_release(&sa);
	strbuf_release(&sb);
	return c;
}

static int
cmp_container(const struct jval *a, const struct jval *b)
{
	struct jiter ia, ib;
	struct jval ka, kb, va, vb;
	int obj = a->type == JT_OBJECT, ra, rb, c;

	jiter_init(&ia, a);
	jiter_init(&ib, b);
	for (;;) {
		ra = jiter_next(&ia, obj ? &ka : NULL, &va);
		rb = jiter_next(&ib, obj ? &kb : NULL, &vb);
		if (!ra || !rb)
			return ra - rb;
		if (obj && (c = cmp_string(&ka, &kb)) != 0)
			return c;
		if ((c = group_cmp(&va, &vb)) != 0)
			return c;
	}
}

int
group_cmp(const struct jval *a, const struct jval *b)
{
	int ra = rank(a->type), rb = rank(b->type);

	if (ra != rb)
		return ra - rb;
	switch (a->type) {
	case JT_NUMBER:
		return cmp_number(a, b);
	case JT_STRING:
		return cmp_string(a, b);
	case JT_ARRAY:
	case JT_OBJECT:
		return cmp_container(a, b);
	default:
		return 0;
	}
}

int
group_cmp_text(const char *a, size_t an, const char *b, size_t bn)
{
	struct sluice_err e;
	struct jval va, vb;

	/* Canonical texts are valid JSON: the scans cannot fail. */
	if (scan_document(a, an, &va, &e) == -1 ||
	    scan_document(b, bn, &vb, &e) == -1)
		return cmp_bytes(a, an, b, bn);
	return group_cmp(&va, &vb);
}

/* The table index where key would be, or where it would go. */
static size_t
probe(const struct group_map *m, const void *key, size_t klen,
    uint64_t hash)
{
	const struct group *g;
	size_t i;

	for (i = (size_t)hash & m->mask; m->slot[i] != 0;
	    i = (i + 1) & m->mask) {
		g = &m->g[m->slot[i] - 1];
		if (g->hash == hash && g->klen == klen &&
		    memcmp(g->key, key, klen) == 0)
			break;
	}
	return i;
}

struct group *
group_find(const struct group_map *m, const void *key, size_t klen,
    uint64_t hash)
{
	size_t i;

	if (m->n == 0)
		return NULL;
	i = probe(m, key, klen, hash);
	return m->slot[i] ? &m->g[m->slot[i] - 1] : NULL;
}

static void
rehash(struct group_map *m, size_t size)
{
	size_t i, j;

	free(m->slot);
	m->slot = xcalloc(size, sizeof(*m->slot));
	m->mask = size - 1;
	for (i = 0; i < m->n; i++) {
		for (j = (size_t)m->g[i].hash & m->mask; m->slot[j] != 0;
		    j = (j + 1) & m->mask)
			;
		m->slot[j] = (uint32_t)(i + 1);
	}
}

struct group *
group_insert(struct group_map *m, const void *key, size_t klen,
    uint64_t hash, int *created)
{
	struct group *g;
	size_t i;

	if (m->slot == NULL)
		rehash(m, 16);
	i = probe(m, key, klen, hash);
	if (m->slot[i] != 0) {
		if (created != NULL)
			*created = 0;
		return &m->g[m->slot[i] - 1];
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 8;
		m->g = xreallocarray(m->g, m->cap, sizeof(*m->g));
	}
	g = &m->g[m->n];
	g->hash = hash;
	g->key = xmalloc(klen + 1);
	memcpy(g->key, key, klen);
	g->key[klen] = '\0';
	g->klen = klen;
	g->val = NULL;
	g->n = 0;
	m->slot[i] = (uint32_t)(++m->n);
	if (m->n * 2 > m->mask + 1)
		rehash(m, (m->mask + 1) * 2);
	if (created != NULL)
		*created = 1;
	return &m->g[m->n - 1];
}

/* The table index that holds entry index e. */
static size_t
slot_of(const struct group_map *m, size_t e)
{
	size_t i;

	for (i = (size_t)m->g[e].hash & m->mask; m->slot[i] != e + 1;
	    i = (i + 1) & m->mask)
		;
	return i;
}

/* Empty table index i, shifting back the entries probed past it. */
static void
slot_delete(struct group_map *m, size_t i)
{
	size_t j, home;

	for (j = (i + 1) & m->mask; m->slot[j] != 0; j = (j + 1) & m->mask) {
		home = (size_t)m->g[m->slot[j] - 1].hash & m->mask;
		/* Move j back into i unless its home lies in (i, j]. */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		m->slot[i] = m->slot[j];
		i = j;
	}
	m->slot[i] = 0;
}

void
group_remove(struct group_map *m, struct group *g)
{
	size_t e = (size_t)(g - m->g), last = m->n - 1;

	slot_delete(m, slot_of(m, e));
	free(g->key);
	if (e != last) {
		m->slot[slot_of(m, last)] = (uint32_t)(e + 1);
		m->g[e] = m->g[last];
	}
	m->n--;
}

void
group_rekey(struct group_map *m, struct group *g, const void *key,
    size_t klen, uint64_t hash)
{
	size_t e = (size_t)(g - m->g), i;

	slot_delete(m, slot_of(m, e));
	free(g->key);
	g->key = xmalloc(klen + 1);
	memcpy(g->key, key, klen);
	g->key[klen] = '\0';
	g->klen = klen;
	g->hash = hash;
	i = probe(m, key, klen, hash);
	m->slot[i] = (uint32_t)(e + 1);
}

void
group_map_release(struct group_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->g[i].key);
	free(m->g);
	free(m->slot);
	m->g = NULL;
	m->slot = NULL;
	m->n = m->cap = 0;
	m->mask = 0;
}

/* ---- windows of groups ---- */

void
group_windows_init(struct group_windows *ws,
    void (*free_val)(void *, void *), void *arg)
{
	memset(ws, 0, sizeof(*ws));
	ws->free_val = free_val;
	ws->arg = arg;
}

struct group_window *
group_window_find(struct group_windows *ws, const struct jval *wv,
    int create)
{
	struct strbuf *id = &ws->scratch;
	struct group_window *w;
	struct group *ent;
	struct jval s, e, k;
	int created;

	if (ws->last != NULL && wv->n == ws->last_raw.len &&
	    memcmp(wv->p, ws->last_raw.buf, wv->n) == 0)
		return ws->last;
	if (wv->type != JT_OBJECT || !jval_find(wv, "start", 5, &s) ||
	    !jval_find(wv, "end", 3, &e))
		return NULL;
	if (!jval_find(wv, "key", 3, &k))
		k.type = JT_MISSING;
	strbuf_reset(id);
	strbuf_addch(id, '[');
	group_canon(id, &s);
	strbuf_addch(id, ',');
	group_canon(id, &e);
	strbuf_addch(id, ',');
	group_canon(id, &k);
	strbuf_addch(id, ']');
	if (!create) {
		ent = group_find(&ws->map, id->buf, id->len,
		    group_hash(id->buf, id->len));
		return ent != NULL ? ent->val : NULL;
	}
	ent = group_insert(&ws->map, id->buf, id->len,
	    group_hash(id->buf, id->len), &created);
	if (created) {
		w = xcalloc(1, sizeof(*w));
		w->id = xstrndup(id->buf, id->len);
		w->idlen = id->len;
		strbuf_reset(id);
		group_canon(id, wv);
		w->json = strbuf_detach(id, &w->jlen);
		w->timed = window_bounds(wv, &w->start, &w->end) == 0;
		ent->val = w;
	}
	ws->last = ent->val;
	strbuf_reset(&ws->last_raw);
	strbuf_add(&ws->last_raw, wv->p, wv->n);
	return ent->val;
}

static int
out_cmp(const void *a, const void *b)
{
	const struct group_out *x = a, *y = b;
	size_t i;
	int c;

	for (i = 0; i < x->nkey; i++)
		if ((c = group_cmp(&x->key[i], &y->key[i])) != 0)
			return c;
	return 0;
}

static const struct jval null_value = { JT_NULL, 0, "null", 4 };

struct group_out *
group_window_sorted(const struct group_window *w, size_t nkey)
{
	struct sluice_err e;
	struct group_out *out;
	struct jval *keys, root;
	struct jiter it;
	size_t i, k, n = w->groups.n;

	/* One block: the entries, then their keys. */
	out = xmalloc((n + 1) * sizeof(*out) + (n * nkey + 1) *
	    sizeof(*keys));
	keys = (struct jval *)(out + n + 1);
	for (i = 0; i < n; i++) {
		out[i].val = w->groups.g[i].val;
		out[i].key = &keys[i * nkey];
		out[i].nkey = nkey;
		scan_document(w->groups.g[i].key, w->groups.g[i].klen, &root,
		    &e);
		jiter_init(&it, &root);
		for (k = 0; k < nkey; k++)
			if (!jiter_next(&it, NULL, &out[i].key[k]))
				out[i].key[k] = null_value;
	}
	qsort(out, n, sizeof(*out), out_cmp);
	return out;
}

static int
window_order(const void *a, const void *b)
{
	const struct group_window *u = *(struct group_window *const *)a;
	const struct group_window *v = *(struct group_window *const *)b;

	if (u->timed != v->timed)
		return v->timed - u->timed;
	if (u->timed && u->start != v->start)
		return u->start < v->start ? -1 : 1;
	if (u->timed && u->end != v->end)
		return u->end < v->end ? -1 : 1;
	return group_cmp_text(u->id, u->idlen, v->id, v->idlen);
}

struct group_window **
group_windows_ordered(const struct group_windows *ws, size_t *n)
{
	struct group_window **all;
	size_t i;

	*n = ws->map.n;
	all = xreallocarray(NULL, *n + 1, sizeof(*all));
	for (i = 0; i < *n; i++)
		all[i] = ws->map.g[i].val;
	qsort(all, *n, sizeof(*all), window_order);
	return all;
}

void
group_window_clear(struct group_windows *ws, struct group_window *w)
{
	size_t i;

	for (i = 0; i < w->groups.n; i++)
		ws->free_val(ws->arg, w->groups.g[i].val);
	group_map_release(&w->groups);
}

void
group_window_drop(struct group_windows *ws, struct group_window *w)
{
	struct group *ent;

	ent = group_find(&ws->map, w->id, w->idlen,
	    group_hash(w->id, w->idlen));
	if (ent != NULL)
		group_remove(&ws->map, ent);
	if (ws->last == w)
		ws->last = NULL;
	group_window_clear(ws, w);
	free(w->id);
	free(w->json);
	free(w);
}

void
group_windows_release(struct group_windows *ws)
{
	while (ws->map.n > 0)
		group_window_drop(ws, ws->map.g[ws->map.n - 1].val);
	group_map_release(&ws->map);
	group_window_clear(ws, &ws->global);
	strbuf_release(&ws->last_raw);
	strbuf_release(&ws->scratch);
	ws->last = NULL;
}
