/* SPDX-License-Identifier: MIT */
/* map.c -- unit tests of core/map and core/gmap against a brute-force model. */
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "core/arena.h"
#include "core/gmap.h"
#include "core/hash.h"
#include "core/map.h"

#include "check.h"

/*
 * The model: the entries as an array in the map's own order (insertion
 * order; a removal moves the last entry into the hole), searched from
 * one end to the other.  Keys are numbered 0..NKEYS-1; some hold NUL
 * bytes, some are empty or long.
 */
#define NKEYS	400

struct model {
	int	 key[NKEYS];	/* key number of each entry */
	void	*val[NKEYS];
	uint64_t n[NKEYS];
	size_t	 len;
};

static char	 keytext[NKEYS][64];
static size_t	 keylen[NKEYS];
static int	 poor_hash;	/* a hash of 8 values: every probe collides */

static void
make_keys(void)
{
	int k;

	for (k = 0; k < NKEYS; k++) {
		keylen[k] = (size_t)snprintf(keytext[k], sizeof(keytext[k]),
		    "%.*s%d", k % 7 * 8, "abcdefghabcdefghabcdefghabcdefgh"
		    "abcdefghabcdefgh", k);
		if (k % 5 == 0)
			keytext[k][0] = '\0';	/* "\0..." */
	}
	keylen[NKEYS - 1] = 0;			/* the empty key */
}

static uint64_t
hash_of(int k)
{
	uint64_t h = hash_bytes(keytext[k], keylen[k]);

	return poor_hash ? h & 7 : h;
}

static int
model_find(const struct model *m, int k)
{
	size_t i;

	for (i = 0; i < m->len; i++)
		if (m->key[i] == k)
			return (int)i;
	return -1;
}

/* The map must hold exactly the model's entries, in its order. */
static int
same(const struct map *map, const struct model *m)
{
	const struct map_entry *g;
	size_t i;
	int k;

	if (map->n != m->len)
		return 0;
	for (i = 0; i < m->len; i++) {
		g = &map->g[i];
		k = m->key[i];
		if (g->klen != keylen[k] || memcmp(g->key, keytext[k],
		    keylen[k]) != 0 || g->key[g->klen] != '\0' ||
		    g->val != m->val[i] || g->n != m->n[i])
			return 0;
	}
	for (k = 0; k < NKEYS; k++) {
		g = map_find(map, keytext[k], keylen[k], hash_of(k));
		i = (size_t)model_find(m, k);
		if ((g == NULL) != (model_find(m, k) == -1) ||
		    (g != NULL && (size_t)(g - map->g) != i))
			return 0;
	}
	return 1;
}

/* A key not in the model, or -1 when every key is. */
static int
absent_key(const struct model *m)
{
	int k, tries;

	for (tries = 0; tries < 1000; tries++)
		if (model_find(m, k = rand() % NKEYS) == -1)
			return k;
	return -1;
}

static void
random_ops(unsigned seed, int nops)
{
	static int tag[NKEYS];
	struct map map = MAP_INIT;
	struct model m = { { 0 }, { 0 }, { 0 }, 0 };
	struct map_entry *g;
	int op, k, i, created, bad = 0;

	srand(seed);
	for (op = 0; op < nops && !bad; op++) {
		k = rand() % NKEYS;
		switch (rand() % 10) {
		case 0: case 1: case 2: case 3: case 4:
			g = map_insert(&map, keytext[k], keylen[k], hash_of(k),
			    &created);
			i = model_find(&m, k);
			if (created != (i == -1) || (i == -1 && (g->val !=
			    NULL || g->n != 0))) {
				bad = 1;
				break;
			}
			if (i == -1) {
				i = (int)m.len++;
				m.key[i] = k;
				m.n[i] = 0;
			}
			/* The owner's fields are the owner's to change. */
			g->val = &tag[k];
			g->n += (uint64_t)op;
			m.val[i] = &tag[k];
			m.n[i] += (uint64_t)op;
			break;
		case 5: case 6: case 7:
			g = map_find(&map, keytext[k], keylen[k], hash_of(k));
			if ((i = model_find(&m, k)) == -1) {
				bad = g != NULL;
				break;
			}
			map_remove(&map, g);
			m.len--;
			m.key[i] = m.key[m.len];
			m.val[i] = m.val[m.len];
			m.n[i] = m.n[m.len];
			break;
		case 8:
			/* Space-Saving: an entry takes a key not in the map. */
			if (m.len == 0 || (k = absent_key(&m)) == -1)
				break;
			i = rand() % (int)m.len;
			map_rekey(&map, &map.g[i], keytext[k], keylen[k],
			    hash_of(k));
			m.key[i] = k;
			break;
		default:
			g = map_find(&map, keytext[k], keylen[k], hash_of(k));
			i = model_find(&m, k);
			bad = (g == NULL) != (i == -1);
			break;
		}
		if (!bad && (op % 50 == 0 || op == nops - 1))
			bad = !same(&map, &m);
		if (bad)
			fprintf(stderr, "%s: seed %u%s: operation %d differs "
			    "from the model\n", __FILE__, seed,
			    poor_hash ? " (poor hash)" : "", op);
	}
	CHECK(!bad);
	map_release(&map);
	CHECK(map.n == 0 && map.g == NULL && map.slot == NULL);
}

/* Many keys: the table grows; then all go again. */
static void
test_grow(void)
{
	struct map map = MAP_INIT;
	struct map_entry *g;
	char key[32];
	size_t n;
	int i, created, bad = 0;

	CHECK(map_find(&map, "x", 1, hash_bytes("x", 1)) == NULL);
	for (i = 0; i < 100000; i++) {
		n = (size_t)snprintf(key, sizeof(key), "k%d", i);
		g = map_insert(&map, key, n, hash_bytes(key, n), &created);
		g->n = (uint64_t)i;
		bad |= !created;
	}
	CHECK(!bad);
	CHECK_INT(map.n, 100000);
	/* At most half full. */
	CHECK(map.mask + 1 >= 2 * map.n);
	for (i = 0; i < 100000; i += 3) {
		n = (size_t)snprintf(key, sizeof(key), "k%d", i);
		g = map_find(&map, key, n, hash_bytes(key, n));
		bad |= g == NULL || g->n != (uint64_t)i;
	}
	CHECK(!bad);
	for (i = 0; i < 100000; i++) {
		n = (size_t)snprintf(key, sizeof(key), "k%d", i);
		g = map_find(&map, key, n, hash_bytes(key, n));
		if (g == NULL) {
			bad = 1;
			break;
		}
		map_remove(&map, g);
	}
	CHECK(!bad);
	CHECK_INT(map.n, 0);
	CHECK(map_find(&map, "k1", 2, hash_bytes("k1", 2)) == NULL);
	map_release(&map);
}

/* ---- gmap: blocks of a fixed size, keys in an arena ---- */

#define GVSIZE	24

/* The block the model expects of key k: its number in every byte. */
static int
block_is(const unsigned char *b, int k, int written)
{
	size_t i;

	for (i = 0; i < GVSIZE; i++)
		if (b[i] != (written ? (unsigned char)(k * 7 + 1) : 0))
			return 0;
	return 1;
}

/* The gmap must hold exactly the model's keys, in its order. */
static int
gsame(const struct gmap *map, const struct model *m)
{
	const char *key;
	size_t i, klen;
	int k;

	if (map->n != m->len)
		return 0;
	for (i = 0; i < m->len; i++) {
		k = m->key[i];
		key = gmap_key(map, i, &klen);
		if (klen != keylen[k] || memcmp(key, keytext[k], klen) != 0 ||
		    map->g[i].n != m->n[i] || !block_is(gmap_val(map, i), k, 1))
			return 0;
	}
	for (k = 0; k < NKEYS; k++) {
		i = gmap_find(map, keytext[k], keylen[k], hash_of(k));
		if (i != (model_find(m, k) == -1 ? GMAP_NONE :
		    (size_t)model_find(m, k)))
			return 0;
	}
	return 1;
}

/* Inserts, finds and pops of the last entry against the model. */
static void
gmap_random_ops(unsigned seed, int nops)
{
	struct gmap map;
	struct model m = { { 0 }, { 0 }, { 0 }, 0 };
	size_t g;
	int op, k, i, created, bad = 0;

	gmap_init(&map, GVSIZE);
	srand(seed);
	for (op = 0; op < nops && !bad; op++) {
		k = rand() % NKEYS;
		switch (rand() % 10) {
		case 0: case 1: case 2: case 3: case 4: case 5:
			g = gmap_insert(&map, keytext[k], keylen[k],
			    hash_of(k), &created);
			i = model_find(&m, k);
			if (created != (i == -1) || (created && (g != m.len ||
			    map.g[g].n != 0 || !block_is(gmap_val(&map, g), k,
			    0)))) {
				bad = 1;
				break;
			}
			if (i == -1) {
				i = (int)m.len++;
				m.key[i] = k;
				m.n[i] = 0;
				memset(gmap_val(&map, g), k * 7 + 1, GVSIZE);
			}
			map.g[g].n += (uint64_t)op;
			m.n[i] += (uint64_t)op;
			break;
		case 6:
			if (m.len == 0)
				break;
			gmap_pop(&map);
			m.len--;
			break;
		default:
			g = gmap_find(&map, keytext[k], keylen[k], hash_of(k));
			i = model_find(&m, k);
			bad = g != (i == -1 ? GMAP_NONE : (size_t)i);
			break;
		}
		if (!bad && (op % 50 == 0 || op == nops - 1))
			bad = !gsame(&map, &m);
		if (bad)
			fprintf(stderr, "%s: gmap seed %u%s: operation %d "
			    "differs from the model\n", __FILE__, seed,
			    poor_hash ? " (poor hash)" : "", op);
	}
	CHECK(!bad);
	gmap_release(&map);
	CHECK(map.n == 0 && map.g == NULL && map.slot == NULL &&
	    map.vsize == GVSIZE);
}

/* Many keys, some long: the table, arrays and arena grow. */
static void
test_gmap_grow(void)
{
	static char big[200000];
	struct gmap map;
	char key[32];
	const char *kp;
	size_t n, g, kn;
	int i, created, bad = 0;

	gmap_init(&map, 8);
	CHECK(gmap_find(&map, "x", 1, hash_bytes("x", 1)) == GMAP_NONE);
	memset(big, 'b', sizeof(big));
	for (i = 0; i < 100000; i++) {
		n = (size_t)snprintf(key, sizeof(key), "k%d", i);
		if (i % 10000 == 5) {
			/* Longer than an arena block: a block of its own. */
			n = sizeof(big) - (size_t)i;
			memcpy(big, key, strlen(key));
			g = gmap_insert(&map, big, n, hash_bytes(big, n),
			    &created);
		} else
			g = gmap_insert(&map, key, n, hash_bytes(key, n),
			    &created);
		memcpy(gmap_val(&map, g), &i, sizeof(i));
		bad |= !created || g != (size_t)i;
	}
	CHECK(!bad);
	CHECK_INT(map.n, 100000);
	CHECK(map.mask + 1 >= 2 * map.n);
	for (i = 0; i < 100000; i++) {
		n = (size_t)snprintf(key, sizeof(key), "k%d", i);
		kp = gmap_key(&map, (size_t)i, &kn);
		if (i % 10000 == 5) {
			bad |= kn != sizeof(big) - (size_t)i ||
			    memcmp(kp, key, n) != 0 || kp[kn - 1] != 'b';
			continue;
		}
		g = gmap_find(&map, key, n, hash_bytes(key, n));
		bad |= g != (size_t)i || kn != n || memcmp(kp, key, n) != 0 ||
		    memcmp(gmap_val(&map, g), &i, sizeof(i)) != 0;
	}
	CHECK(!bad);
	/* Each key bytes once, in blocks of at most 64 KiB but the long. */
	CHECK(arena_size(&map.keys) < 700000 + 10 * sizeof(big));
	gmap_release(&map);
}

/* The arena: copies stay put; the last one can be given back. */
static void
test_arena(void)
{
	struct arena a = ARENA_INIT;
	const char *p, *q, *r;

	CHECK_INT(arena_size(&a), 0);
	p = arena_copy(&a, "abc", 3);
	q = arena_copy(&a, "de", 2);
	CHECK(q == p + 3 && memcmp(p, "abcde", 5) == 0);
	arena_unget(&a, p, 3);		/* not the last: kept */
	r = arena_copy(&a, "f", 1);
	CHECK(r == q + 2);
	arena_unget(&a, r, 1);
	CHECK(arena_copy(&a, "g", 1) == r && *r == 'g');
	CHECK(arena_copy(&a, "", 0) == r + 1);
	CHECK_INT(arena_size(&a), 64);
	arena_release(&a);
	CHECK_INT(arena_size(&a), 0);
}

/*
 * Keys of the data chosen so that their hash_bytes() share the low 12
 * bits, as a table of 4096 slots would take them: the homes are mixed
 * with the process's seed (hash_home), so the keys do not pile up in
 * one run.  Without it, 1500 such keys are probed past 1.1 million
 * times in all; the bound is 8 slots a key.
 */
#define NFLOOD	1500

static void
test_flood(void)
{
	static char key[NFLOOD][16];
	struct map m = MAP_INIT;
	struct gmap gm;
	size_t i, n, s, home, map_far = 0, gmap_far = 0;
	uint64_t h;
	unsigned long c;

	gmap_init(&gm, 0);
	for (n = 0, c = 0; n < NFLOOD; c++) {
		snprintf(key[n], sizeof(key[n]), "k%lx", c);
		h = hash_bytes(key[n], strlen(key[n]));
		if ((h & 0xfff) != 0)
			continue;
		map_insert(&m, key[n], strlen(key[n]), h, NULL);
		gmap_insert(&gm, key[n], strlen(key[n]), h, NULL);
		n++;
	}
	for (s = 0; s <= m.mask; s++) {
		if (m.slot[s] == 0)
			continue;
		home = (size_t)hash_home(m.g[m.slot[s] - 1].hash) & m.mask;
		map_far += (s - home) & m.mask;
	}
	for (s = 0; s <= gm.mask; s++) {
		if (gm.slot[s] == 0)
			continue;
		home = (size_t)hash_home(gm.g[gm.slot[s] - 1].hash) & gm.mask;
		gmap_far += (s - home) & gm.mask;
	}
	CHECK(map_far < 8 * NFLOOD);
	CHECK(gmap_far < 8 * NFLOOD);
	for (i = 0; i < NFLOOD; i++) {
		h = hash_bytes(key[i], strlen(key[i]));
		CHECK(map_find(&m, key[i], strlen(key[i]), h) != NULL);
		CHECK(gmap_find(&gm, key[i], strlen(key[i]), h) == i);
	}
	map_release(&m);
	gmap_release(&gm);
}

int
main(void)
{
	unsigned seed;

	make_keys();
	for (seed = 1; seed <= 20; seed++)
		random_ops(seed, 5000);
	poor_hash = 1;
	for (seed = 1; seed <= 5; seed++)
		random_ops(seed, 5000);
	test_grow();
	poor_hash = 0;
	for (seed = 1; seed <= 20; seed++)
		gmap_random_ops(seed, 5000);
	poor_hash = 1;
	for (seed = 1; seed <= 5; seed++)
		gmap_random_ops(seed, 5000);
	test_gmap_grow();
	test_arena();
	test_flood();
	return check_status();
}
