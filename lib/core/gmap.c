/* SPDX-License-Identifier: MIT */
/* gmap.c -- a compact hash map from byte strings to blocks of a fixed size. */
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "core/hash.h"
#include "core/gmap.h"

void
gmap_init(struct gmap *m, size_t vsize)
{
	memset(m, 0, sizeof(*m));
	m->vsize = vsize;
}

const char *
gmap_key(const struct gmap *m, size_t i, size_t *klen)
{
	const struct gmap_ent *e = &m->g[i];

	if (e->klen != UINT32_MAX)
		*klen = e->klen;
	else	/* The length is stored before the key. */
		memcpy(klen, e->key - sizeof(*klen), sizeof(*klen));
	return e->key;
}

/* Whether entry i holds key[0..klen) of hash h (32 bits). */
static int
ent_is(const struct gmap *m, size_t i, const void *key, size_t klen,
    uint32_t h)
{
	const struct gmap_ent *e = &m->g[i];
	const char *k;
	size_t n;

	if (e->hash != h || (e->klen != UINT32_MAX && e->klen != klen))
		return 0;
	k = gmap_key(m, i, &n);
	return n == klen && memcmp(k, key, klen) == 0;
}

/* The table index where key would be, or where it would go. */
static size_t
probe(const struct gmap *m, const void *key, size_t klen, uint32_t h)
{
	size_t i;

	for (i = (size_t)hash_home(h) & m->mask; m->slot[i] != 0;
	    i = (i + 1) & m->mask)
		if (ent_is(m, m->slot[i] - 1, key, klen, h))
			break;
	return i;
}

size_t
gmap_find(const struct gmap *m, const void *key, size_t klen,
    uint64_t hash)
{
	size_t i;

	if (m->n == 0)
		return GMAP_NONE;
	i = probe(m, key, klen, (uint32_t)hash);
	return m->slot[i] != 0 ? m->slot[i] - 1 : GMAP_NONE;
}

static void
rehash(struct gmap *m, size_t size)
{
	size_t i, j;

	free(m->slot);
	m->slot = xcalloc(size, sizeof(*m->slot));
	m->mask = size - 1;
	for (i = 0; i < m->n; i++) {
		for (j = (size_t)hash_home(m->g[i].hash) & m->mask;
		    m->slot[j] != 0; j = (j + 1) & m->mask)
			;
		m->slot[j] = (uint32_t)(i + 1);
	}
}

/* Room for one more entry and block. */
static void
reserve(struct gmap *m)
{
	if (m->n < m->cap)
		return;
	m->cap = m->cap ? m->cap * 2 : 1;
	m->g = xreallocarray(m->g, m->cap, sizeof(*m->g));
	if (m->vsize > 0)
		m->val = xreallocarray(m->val, m->cap, m->vsize);
}

/* A copy of the key in the arena; one of 4 GiB or more after its length. */
static const char *
keep_key(struct gmap *m, const void *key, size_t klen)
{
	char *p;

	if (klen < UINT32_MAX)
		return arena_copy(&m->keys, key, klen);
	p = arena_alloc(&m->keys, sizeof(klen) + klen);
	memcpy(p, &klen, sizeof(klen));
	memcpy(p + sizeof(klen), key, klen);
	return p + sizeof(klen);
}

size_t
gmap_insert(struct gmap *m, const void *key, size_t klen, uint64_t hash,
    int *created)
{
	struct gmap_ent *e;
	uint32_t h = (uint32_t)hash;
	size_t i;

	if (m->slot == NULL)
		rehash(m, 4);
	i = probe(m, key, klen, h);
	if (m->slot[i] != 0) {
		if (created != NULL)
			*created = 0;
		return m->slot[i] - 1;
	}
	reserve(m);
	e = &m->g[m->n];
	e->key = keep_key(m, key, klen);
	e->klen = klen < UINT32_MAX ? (uint32_t)klen : UINT32_MAX;
	e->hash = h;
	e->n = 0;
	if (m->vsize > 0)
		memset(gmap_val(m, m->n), 0, m->vsize);
	m->slot[i] = (uint32_t)(++m->n);
	if (m->n * 2 > m->mask + 1)
		rehash(m, (m->mask + 1) * 2);
	if (created != NULL)
		*created = 1;
	return m->n - 1;
}

void
gmap_pop(struct gmap *m)
{
	size_t i, e = m->n - 1, klen;
	const char *key;

	/*
	 * The entry added last ends the run of slots it was probed
	 * through (the entries after it in the table were placed before
	 * it, past where it went), and so does it after a rehash, which
	 * adds the entries in order: emptying its slot is enough.
	 */
	for (i = (size_t)hash_home(m->g[e].hash) & m->mask;
	    m->slot[i] != e + 1; i = (i + 1) & m->mask)
		;
	m->slot[i] = 0;
	key = gmap_key(m, e, &klen);
	if (m->g[e].klen == UINT32_MAX)
		arena_unget(&m->keys, key - sizeof(klen), klen + sizeof(klen));
	else
		arena_unget(&m->keys, key, klen);
	m->n--;
}

void
gmap_release(struct gmap *m)
{
	free(m->g);
	free(m->val);
	free(m->slot);
	arena_release(&m->keys);
	gmap_init(m, m->vsize);
}
