/* SPDX-License-Identifier: MIT */
/* arena.c -- copies of byte strings packed in large blocks, freed at once. */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/common.h"

#define ARENA_FIRST	64
#define ARENA_MAX	65536

/* A block: this header, then cap bytes of which used are taken. */
struct arena_block {
	struct arena_block	*older;
	size_t			 used;
	size_t			 cap;
};

static char *
block_bytes(struct arena_block *b)
{
	return (char *)(b + 1);
}

/* A new block of at least n bytes at the head. */
static void
arena_grow(struct arena *a, size_t n)
{
	struct arena_block *b;
	size_t cap;

	if (a->next == 0)
		a->next = ARENA_FIRST;
	cap = n > a->next ? n : a->next;
	if (a->next < ARENA_MAX)
		a->next *= 2;
	if (cap > SIZE_MAX - sizeof(*b))
		cap = SIZE_MAX;		/* xmalloc fails and exits */
	else
		cap += sizeof(*b);
	b = xmalloc(cap);
	b->older = a->head;
	b->used = 0;
	b->cap = cap - sizeof(*b);
	a->head = b;
}

char *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	char *q;

	if (b == NULL || b->cap - b->used < n) {
		arena_grow(a, n);
		b = a->head;
	}
	q = block_bytes(b) + b->used;
	b->used += n;
	return q;
}

const char *
arena_copy(struct arena *a, const void *p, size_t n)
{
	char *q = arena_alloc(a, n);

	if (n > 0)
		memcpy(q, p, n);
	return q;
}

void
arena_unget(struct arena *a, const char *p, size_t n)
{
	struct arena_block *b = a->head;

	if (b != NULL && b->used >= n && p == block_bytes(b) + b->used - n)
		b->used -= n;
}

size_t
arena_size(const struct arena *a)
{
	const struct arena_block *b;
	size_t n = 0;

	for (b = a->head; b != NULL; b = b->older)
		n += b->cap;
	return n;
}

void
arena_release(struct arena *a)
{
	struct arena_block *b, *older;

	for (b = a->head; b != NULL; b = older) {
		older = b->older;
		free(b);
	}
	a->head = NULL;
	a->next = 0;
}
