/* SPDX-License-Identifier: MIT */
/* group.c -- the windows of aggregate's groups, each a map of group keys. */
#include <stdlib.h>
#include <string.h>

#include "agg/group.h"
#include "core/hash.h"
#include "stream/stream.h"

/* ---- windows of groups ---- */

void
group_windows_init(struct group_windows *ws,
    void (*free_val)(void *, void *), void *arg)
{
	memset(ws, 0, sizeof(*ws));
	gmap_init(&ws->global.groups, 0);
	ws->free_val = free_val;
	ws->arg = arg;
}

void
group_windows_size(struct group_windows *ws, size_t vsize)
{
	size_t i;

	ws->vsize = vsize;
	ws->global.groups.vsize = vsize;
	for (i = 0; i < ws->map.n; i++)
		((struct group_window *)ws->map.g[i].val)->groups.vsize =
		    vsize;
}

struct group_window *
group_window_find(struct group_windows *ws, const struct jval *wv,
    int create)
{
	struct strbuf *id = &ws->scratch;
	struct group_window *w;
	struct map_entry *ent;
	struct jval s, e, k;
	int created;

	if (ws->last != NULL && wv->n == ws->last_raw.len &&
	    memcmp(wv->p, ws->last_raw.buf, wv->n) == 0)
		return ws->last;
	if (stream_window_parts(wv, &s, &e, &k) == -1)
		return NULL;
	strbuf_reset(id);
	strbuf_addch(id, '[');
	canon_append(id, &s);
	strbuf_addch(id, ',');
	canon_append(id, &e);
	strbuf_addch(id, ',');
	canon_append(id, &k);
	strbuf_addch(id, ']');
	if (!create) {
		ent = map_find(&ws->map, id->buf, id->len,
		    hash_bytes(id->buf, id->len));
		return ent != NULL ? ent->val : NULL;
	}
	ent = map_insert(&ws->map, id->buf, id->len,
	    hash_bytes(id->buf, id->len), &created);
	if (created) {
		w = xcalloc(1, sizeof(*w));
		w->id = xstrndup(id->buf, id->len);
		w->idlen = id->len;
		strbuf_reset(id);
		canon_compact_append(id, wv);
		w->json = strbuf_detach(id, &w->jlen);
		w->timed = stream_window_bounds(wv, &w->start, &w->end) == 0;
		gmap_init(&w->groups, ws->vsize);
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
		if ((c = canon_cmp(&x->key[i], &y->key[i])) != 0)
			return c;
	return 0;
}

static const struct jval null_value = { JT_NULL, 0, "null", 4 };

struct group_out *
group_window_sorted(const struct group_window *w, size_t nkey)
{
	size_t n;

	return group_window_marked(w, nkey, 0, &n);
}

struct group_out *
group_window_marked(const struct group_window *w, size_t nkey,
    uint64_t mask, size_t *np)
{
	struct sluice_err e;
	struct group_out *out;
	struct jval *keys, root;
	struct jiter it;
	const char *kp;
	size_t i, k, n = 0, kn;

	for (i = 0; i < w->groups.n; i++)
		n += mask == 0 || (w->groups.g[i].n & mask) != 0;
	/* One block: the entries, then their keys. */
	out = xmalloc((n + 1) * sizeof(*out) + (n * nkey + 1) *
	    sizeof(*keys));
	keys = (struct jval *)(out + n + 1);
	for (i = n = 0; i < w->groups.n; i++) {
		if (mask != 0 && (w->groups.g[i].n & mask) == 0)
			continue;
		out[n].key = &keys[n * nkey];
		out[n].nkey = (uint32_t)nkey;
		out[n].idx = (uint32_t)i;
		kp = gmap_key(&w->groups, i, &kn);
		scan_document(kp, kn, &root, &e);
		jiter_init(&it, &root);
		for (k = 0; k < nkey; k++)
			if (!jiter_next(&it, NULL, &out[n].key[k]))
				out[n].key[k] = null_value;
		n++;
	}
	qsort(out, n, sizeof(*out), out_cmp);
	*np = n;
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
	return canon_cmp_text(u->id, u->idlen, v->id, v->idlen);
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
		ws->free_val(ws->arg, gmap_val(&w->groups, i));
	gmap_release(&w->groups);
}

void
group_window_drop(struct group_windows *ws, struct group_window *w)
{
	struct map_entry *ent;

	ent = map_find(&ws->map, w->id, w->idlen,
	    hash_bytes(w->id, w->idlen));
	if (ent != NULL)
		map_remove(&ws->map, ent);
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
	map_release(&ws->map);
	group_window_clear(ws, &ws->global);
	strbuf_release(&ws->last_raw);
	strbuf_release(&ws->scratch);
	ws->last = NULL;
}
