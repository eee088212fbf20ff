/* SPDX-License-Identifier: MIT */
/* arena.h -- copies of byte strings packed in large blocks, freed at once. */
#ifndef SLUICE_ARENA_H
#define SLUICE_ARENA_H

#include <stddef.h>

/*
 * An arena keeps copies of byte strings back to back in blocks that it
 * allocates: 64 bytes at first, each block twice the last up to 64
 * KiB, and a string longer than a block in a block of its own.  A copy
 * stays where it is until the arena is released, so its address can be
 * kept; there is no per-string allocation and no per-string overhead.
 * ARENA_INIT is an empty arena that needs no release until the first
 * copy.
 */
struct arena_block;

struct arena {
	struct arena_block	*head;	/* the block being filled, then older */
	size_t			 next;	/* the size of the next block */
};

#define ARENA_INIT	{ NULL, 0 }

/* Room for n bytes (n may be 0), unaligned; never fails. */
char	*arena_alloc(struct arena *, size_t n);
/* A copy of p[0..n) (n may be 0), not NUL-terminated; never fails. */
const char	*arena_copy(struct arena *, const void *p, size_t n);
/*
 * Give back the last copy or room, p[0..n) as arena_copy() or
 * arena_alloc() returned it; its bytes may be used again.  One that is
 * not the last is kept.
 */
void	arena_unget(struct arena *, const char *p, size_t n);
/* The bytes the arena holds in its blocks, used or not. */
size_t	arena_size(const struct arena *);
/* Free every block; the arena is ARENA_INIT again. */
void	arena_release(struct arena *);

#endif
