/* SPDX-License-Identifier: MIT */
/* map.c -- unit tests of core/map against a brute-force model. */
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
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
	return check_status();
}
