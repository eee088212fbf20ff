/* SPDX-License-Identifier: MIT */
/* map.h -- a hash map from byte strings to the owner's values. */
#ifndef SLUICE_MAP_H
#define SLUICE_MAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * A hash map from byte strings (a copy is kept) to the owner's data:
 * linear probing over a power-of-two table of entry indexes, entries
 * in insertion order in one array.  Entry pointers are valid until the
 * next map_insert() or map_remove(); keep indexes across them.
 * Memory: the key bytes + 1, plus 40 bytes per entry and 8 to 16
 * bytes of table per entry (the table is kept at most half full).
 * At most 2^31 entries.
 */
struct map_entry {
	uint64_t	 hash;
	char		*key;		/* own copy, NUL-terminated */
	size_t		 klen;
	void		*val;		/* the owner's: NULL when added */
	uint64_t	 n;		/* the owner's: 0 when added */
};

struct map {
	struct map_entry	*g;		/* entries, g[0..n) */
	size_t		 n;
	size_t		 cap;
	uint32_t	*slot;		/* 0 empty, else entry index + 1 */
	size_t		 mask;		/* table size - 1 */
};

#define MAP_INIT	{ NULL, 0, 0, NULL, 0 }

/* The entry for key[0..klen) with that hash (hash_bytes), or NULL. */
struct map_entry	*map_find(const struct map *, const void *key,
		    size_t klen, uint64_t hash);
/*
 * The entry for the key, added (val NULL, n 0) if it was not there;
 * *created (may be NULL) says which.
 */
struct map_entry	*map_insert(struct map *, const void *key,
		    size_t klen, uint64_t hash, int *created);
/*
 * Remove an entry: its key is freed, not its val.  The last entry
 * moves into its place, so indexes past it change.
 */
void	map_remove(struct map *, struct map_entry *);
/*
 * Give entry g a new key (not in the map), keeping its index, val and
 * n: the Space-Saving replacement.
 */
void	map_rekey(struct map *, struct map_entry *, const void *key,
	    size_t klen, uint64_t hash);
/* Free the keys and tables (not the vals); the map is empty again. */
void	map_release(struct map *);

#endif
