/* SPDX-License-Identifier: MIT */
/* group.h -- group keys: canonical JSON, their order, a hash map of them. */
#ifndef SLUICE_GROUP_H
#define SLUICE_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "json/scan.h"
#include "core/strbuf.h"

/*
 * A group key is the canonical JSON text of the key values: compact,
 * strings decoded and re-encoded (so "a" and "\u0061" are one key),
 * numbers and literals as written (1 and 1.0 are two keys), objects
 * with their members in order.  Keys of several fields are one JSON
 * array, "[v1,v2]".  A missing value is null.
 */

/*
 * The 64-bit hash of a byte string: FNV-1a, then the finaliser of
 * MurmurHash3 (fmix64), so that every bit of the result depends on
 * every input bit (HyperLogLog reads both ends of it).
 */
uint64_t	group_hash(const void *, size_t);

/* Append the canonical text of v (JT_MISSING gives null) to sb. */
void	group_canon(struct strbuf *sb, const struct jval *v);
/* Whether the text of v is already canonical (so it can be hashed as is). */
int	group_is_canon(const struct jval *v);

/*
 * The order of results: null < false < true < numbers < strings <
 * arrays < objects.  Numbers compare numerically (exactly when both
 * are int64), equal ones by their text; strings bytewise on their
 * decoded bytes; arrays element by element, a prefix first; objects
 * member by member (key, then value), a prefix first.  Returns < 0,
 * 0 or > 0 as a sorts before, with or after b.
 */
int	group_cmp(const struct jval *a, const struct jval *b);
/* Same on two canonical texts (each one JSON value). */
int	group_cmp_text(const char *a, size_t an, const char *b, size_t bn);

/*
 * A hash map from byte strings (a copy is kept) to the owner's data:
 * linear probing over a power-of-two table of entry indexes, entries
 * in insertion order in one array.  Entry pointers are valid until the
 * next group_insert() or group_remove(); keep indexes across them.
 * Memory: the key bytes + 1, plus 40 bytes per entry and 8 to 16
 * bytes of table per entry (the table is kept at most half full).
 * At most 2^31 entries.
 */
struct group {
	uint64_t	 hash;
	char		*key;		/* own copy, NUL-terminated */
	size_t		 klen;
	void		*val;		/* the owner's: NULL when added */
	uint64_t	 n;		/* the owner's: 0 when added */
};

struct group_map {
	struct group	*g;		/* entries, g[0..n) */
	size_t		 n;
	size_t		 cap;
	uint32_t	*slot;		/* 0 empty, else entry index + 1 */
	size_t		 mask;		/* table size - 1 */
};

#define GROUP_MAP_INIT	{ NULL, 0, 0, NULL, 0 }

/* The entry for key[0..klen) with that hash (group_hash), or NULL. */
struct group	*group_find(const struct group_map *, const void *key,
		    size_t klen, uint64_t hash);
/*
 * The entry for the key, added (val NULL, n 0) if it was not there;
 * *created (may be NULL) says which.
 */
struct group	*group_insert(struct group_map *, const void *key,
		    size_t klen, uint64_t hash, int *created);
/*
 * Remove an entry: its key is freed, not its val.  The last entry
 * moves into its place, so indexes past it change.
 */
void	group_remove(struct group_map *, struct group *);
/*
 * Give entry g a new key (not in the map), keeping its index, val and
 * n: the Space-Saving replacement.
 */
void	group_rekey(struct group_map *, struct group *, const void *key,
	    size_t klen, uint64_t hash);
/* Free the keys and tables (not the vals); the map is empty again. */
void	group_map_release(struct group_map *);

/*
 * Windows of groups.  A window is named by its @window value: the
 * canonical texts of its "start", "end" and (session windows) "key",
 * so white space and escapes do not make two windows.  Each window
 * maps group key texts to the owner's values; records outside windows
 * go to the global window.  Values are freed with the free_val hook.
 */
struct group_window {
	char		*id;		/* [start,end,key], canonical */
	size_t		 idlen;
	char		*json;		/* canonical @window; NULL: global */
	size_t		 jlen;
	int		 timed;		/* start and end are RFC 3339 times */
	int64_t		 start;		/* ns */
	int64_t		 end;
	struct group_map groups;	/* key text -> the owner's value */
};

struct group_windows {
	struct group_map	 map;	/* id -> struct group_window * */
	struct group_window	 global;
	struct group_window	*last;	/* a cache: the last one found */
	struct strbuf		 last_raw;
	struct strbuf		 scratch;
	void			(*free_val)(void *arg, void *val);
	void			*arg;
};

void	group_windows_init(struct group_windows *,
	    void (*free_val)(void *arg, void *val), void *arg);
/*
 * The window an @window value names: found, or created when create is
 * set.  NULL if the value is not an object with start and end, or
 * (create not set) no such window is open.  Consecutive calls with the
 * same bytes cost a memcmp.
 */
struct group_window *group_window_find(struct group_windows *,
		    const struct jval *wv, int create);
/*
 * The groups of a window in the order of their keys (group_cmp, key
 * after key), each key text being a JSON array of nkey values.  Returns
 * a new array of w->groups.n entries (one free() releases it and the
 * key views, which point into the group keys).
 */
struct group_out {
	void		*val;
	struct jval	*key;		/* nkey values */
	size_t		 nkey;
};
struct group_out *group_window_sorted(const struct group_window *,
		    size_t nkey);
/*
 * The open windows (not the global one) in window order: timed ones by
 * start, then end, then id; the others after them, by id.  Returns a
 * new array of *n pointers.
 */
struct group_window **group_windows_ordered(const struct group_windows *,
		    size_t *n);
/* Free a window's groups; the global window stays, empty. */
void	group_window_clear(struct group_windows *, struct group_window *);
/* Remove an open window and free it. */
void	group_window_drop(struct group_windows *, struct group_window *);
/* Free everything. */
void	group_windows_release(struct group_windows *);

#endif
