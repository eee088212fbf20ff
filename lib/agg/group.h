/* SPDX-License-Identifier: MIT */
/* group.h -- the windows of aggregate's groups, each a map of group keys. */
#ifndef SLUICE_GROUP_H
#define SLUICE_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "core/gmap.h"
#include "core/map.h"
#include "core/strbuf.h"
#include "json/canon.h"
#include "json/scan.h"

/*
 * Windows of groups.  A window is named by its @window value: the
 * canonical texts of its "start", "end" and (session windows) "key",
 * so white space and escapes do not make two windows.  Each window
 * maps group key texts to the owner's blocks of vsize bytes (a gmap:
 * the blocks in one array, the keys in an arena); records outside
 * windows go to the global window.  What a block holds is freed with
 * the free_val hook (the block itself is the map's).
 */
struct group_window {
	char		*id;		/* [start,end,key], canonical */
	size_t		 idlen;
	char		*json;		/* @window, compact; NULL: global */
	size_t		 jlen;
	int		 timed;		/* start and end are RFC 3339 times */
	int64_t		 start;		/* ns */
	int64_t		 end;
	struct gmap groups;	/* key text -> the owner's block */
};

struct group_windows {
	struct map	 map;	/* id -> struct group_window * */
	struct group_window	 global;
	struct group_window	*last;	/* a cache: the last one found */
	struct strbuf		 last_raw;
	struct strbuf		 scratch;
	size_t			 vsize;	/* of a block */
	void			(*free_val)(void *arg, void *val);
	void			*arg;
};

/* No window yet; the blocks are of 0 bytes until group_windows_size(). */
void	group_windows_init(struct group_windows *,
	    void (*free_val)(void *arg, void *val), void *arg);
/*
 * The size of the owner's blocks in the windows to come and in those
 * open now, which must have no group yet.
 */
void	group_windows_size(struct group_windows *, size_t vsize);
/*
 * The window an @window value names: found, or created when create is
 * set.  NULL if the value is not an object with start and end, or
 * (create not set) no such window is open.  Consecutive calls with the
 * same bytes cost a memcmp.
 */
struct group_window *group_window_find(struct group_windows *,
		    const struct jval *wv, int create);
/*
 * The groups of a window in the order of their keys (canon_cmp, key
 * after key), each key text being a JSON array of nkey values.  Returns
 * a new array of w->groups.n entries (one free() releases it and the
 * key views, which point into the group keys).  Memory: 16 bytes per
 * group, 24 per group and key, and qsort's 16 per group while it sorts.
 */
struct group_out {
	struct jval	*key;		/* nkey values */
	uint32_t	 nkey;
	uint32_t	 idx;		/* its entry: groups.g[idx] */
};
struct group_out *group_window_sorted(const struct group_window *,
		    size_t nkey);
/*
 * The same for the groups whose entry has a bit of mask set in its n
 * (the owner's word; mask 0: every group): *n is how many.
 */
struct group_out *group_window_marked(const struct group_window *,
		    size_t nkey, uint64_t mask, size_t *n);
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
