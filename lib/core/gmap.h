/* SPDX-License-Identifier: MIT */
/* gmap.h -- a compact hash map from byte strings to blocks of a fixed size. */
#ifndef SLUICE_GMAP_H
#define SLUICE_GMAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

/*
 * A hash map for many small entries (aggregate's groups): each key
 * maps to a block of vsize bytes that the map holds for the owner, and
 * to a 64-bit word of the owner's.  Entries are numbered in insertion
 * order, 0..n-1.  The key bytes are copied once into an arena (no
 * allocation per key), the entries and the blocks are two arrays
 * indexed by entry number, the table is linear probing over entry
 * numbers (kept at most half full).  A block or entry pointer is valid
 * until the next gmap_insert(); keep numbers across inserts.
 *
 * Memory per entry: 24 bytes of entry, vsize bytes of block, the key
 * bytes, and 8 to 16 bytes of table; the arrays double as they grow,
 * from one entry and a table of 4, so that a map of one key is small.
 * At most 2^31 entries.
 */
struct gmap_ent {
	const char	*key;	/* in the arena: use gmap_key() */
	uint32_t	 klen;	/* UINT32_MAX: 4 GiB or more (gmap_key) */
	uint32_t	 hash;	/* the low 32 bits of the key's hash */
	uint64_t	 n;	/* the owner's: 0 when added */
};

struct gmap {
	struct gmap_ent	*g;		/* entries, g[0..n) */
	size_t		 n;
	size_t		 cap;
	char		*val;		/* blocks, vsize bytes each */
	size_t		 vsize;
	uint32_t	*slot;		/* 0 empty, else entry number + 1 */
	size_t		 mask;		/* table size - 1 */
	struct arena	 keys;
};

#define GMAP_NONE	SIZE_MAX

/* An empty map of blocks of vsize bytes (0: none); no allocation. */
void	gmap_init(struct gmap *, size_t vsize);
/* The number of the entry for key[0..klen) with that hash, or GMAP_NONE. */
size_t	gmap_find(const struct gmap *, const void *key, size_t klen,
	    uint64_t hash);
/*
 * The number of the entry for the key, added if it was not there (its
 * block zeroed, its n 0); *created (may be NULL) says which.  hash is
 * the key's hash (hash_bytes()), of which the map keeps 32 bits.
 */
size_t	gmap_insert(struct gmap *, const void *key, size_t klen,
	    uint64_t hash, int *created);
/* The key of entry i, its length in *klen. */
const char *gmap_key(const struct gmap *, size_t i, size_t *klen);
/* Remove the entry added last (the owner has released its block). */
void	gmap_pop(struct gmap *);
/*
 * Free the keys, entries, blocks and table (what the blocks hold is the
 * owner's to release first); the map is empty, of the same vsize.
 */
void	gmap_release(struct gmap *);

/* The block of entry i. */
static inline void *
gmap_val(const struct gmap *m, size_t i)
{
	return m->val + i * m->vsize;
}

#endif
