/* SPDX-License-Identifier: MIT */
/* map.c -- a hash map from byte strings to the owner's values. */
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "core/hash.h"
#include "core/map.h"

/* The table index where key would be, or where it would go. */
static size_t
probe(const struct map *m, const void *key, size_t klen,
    uint64_t hash)
{
	const struct map_entry *g;
	size_t i;

	for (i = (size_t)hash_home(hash) & m->mask; m->slot[i] != 0;
	    i = (i + 1) & m->mask) {
		g = &m->g[m->slot[i] - 1];
		if (g->hash == hash && g->klen == klen &&
		    memcmp(g->key, key, klen) == 0)
			break;
	}
	return i;
}

struct map_entry *
map_find(const struct map *m, const void *key, size_t klen,
    uint64_t hash)
{
	size_t i;

	if (m->n == 0)
		return NULL;
	i = probe(m, key, klen, hash);
	return m->slot[i] ? &m->g[m->slot[i] - 1] : NULL;
}

static void
rehash(struct map *m, size_t size)
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

struct map_entry *
map_insert(struct map *m, const void *key, size_t klen,
    uint64_t hash, int *created)
{
	struct map_entry *g;
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
slot_of(const struct map *m, size_t e)
{
	size_t i;

	for (i = (size_t)hash_home(m->g[e].hash) & m->mask;
	    m->slot[i] != e + 1; i = (i + 1) & m->mask)
		;
	return i;
}

/* Empty table index i, shifting back the entries probed past it. */
static void
slot_delete(struct map *m, size_t i)
{
	size_t j, home;

	for (j = (i + 1) & m->mask; m->slot[j] != 0; j = (j + 1) & m->mask) {
		home = (size_t)hash_home(m->g[m->slot[j] - 1].hash) &
		    m->mask;
		/* Move j back into i unless its home lies in (i, j]. */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		m->slot[i] = m->slot[j];
		i = j;
	}
	m->slot[i] = 0;
}

void
map_remove(struct map *m, struct map_entry *g)
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
map_rekey(struct map *m, struct map_entry *g, const void *key,
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
map_release(struct map *m)
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

