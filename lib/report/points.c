/* SPDX-License-Identifier: MIT */
/* points.c -- the points of a report's charts: windows merged to fit. */
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "core/hash.h"
#include "report/points.h"

/* Every bit of g and c mixed into the low bits the table takes. */
static size_t
cell_hash(uint32_t g, uint32_t c)
{
	return (size_t)hash_mix((uint64_t)g << 32 | c);
}

static void
bucket_rehash(struct points_bucket *b)
{
	size_t i, j, size = b->mask ? (b->mask + 1) * 2 : 16;

	free(b->slot);
	b->slot = xcalloc(size, sizeof(*b->slot));
	b->mask = size - 1;
	for (i = 0; i < b->n; i++) {
		j = cell_hash(b->cell[i].g, b->cell[i].c) & b->mask;
		while (b->slot[j] != 0)
			j = (j + 1) & b->mask;
		b->slot[j] = (uint32_t)i + 1;
	}
}

static struct merge *
bucket_cell(struct points_bucket *b, uint32_t g, uint32_t c)
{
	struct points_cell *e;
	size_t j;

	if (b->mask == 0 || (b->n + 1) * 2 > b->mask + 1)
		bucket_rehash(b);
	for (j = cell_hash(g, c) & b->mask; b->slot[j] != 0;
	    j = (j + 1) & b->mask) {
		e = &b->cell[b->slot[j] - 1];
		if (e->g == g && e->c == c)
			return &e->m;
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->cell = xreallocarray(b->cell, b->cap, sizeof(*b->cell));
	}
	e = &b->cell[b->n];
	memset(e, 0, sizeof(*e));
	e->g = g;
	e->c = c;
	b->slot[j] = (uint32_t)++b->n;
	return &e->m;
}

const struct merge *
points_find(const struct points_bucket *b, uint32_t g, uint32_t c)
{
	const struct points_cell *e;
	size_t j;

	if (b->mask == 0)
		return NULL;
	for (j = cell_hash(g, c) & b->mask; b->slot[j] != 0;
	    j = (j + 1) & b->mask) {
		e = &b->cell[b->slot[j] - 1];
		if (e->g == g && e->c == c)
			return &e->m;
	}
	return NULL;
}

static void
bucket_release(struct points_bucket *b)
{
	free(b->cell);
	free(b->slot);
	memset(b, 0, sizeof(*b));
}

/* Merge the buckets two by two: twice as many windows per point. */
static void
halve(struct points *p)
{
	struct points_bucket *a, *b;
	size_t i, k;

	for (i = 0; i < p->n; i += 2) {
		a = &p->bk[i];
		if (i + 1 < p->n) {
			b = &p->bk[i + 1];
			for (k = 0; k < b->n; k++)
				merge_join(bucket_cell(a, b->cell[k].g,
				    b->cell[k].c), &b->cell[k].m);
			a->nwin += b->nwin;
			bucket_release(b);
		}
		p->bk[i / 2] = *a;
		if (i / 2 != i)
			memset(a, 0, sizeof(*a));
	}
	p->n = (p->n + 1) / 2;
	p->span *= 2;
}

void
points_init(struct points *p)
{
	memset(p, 0, sizeof(*p));
	p->bk = xcalloc(POINTS_MAX, sizeof(*p->bk));
	p->span = 1;
}

void
points_window(struct points *p, int64_t start)
{
	if (p->n == 0 || start > p->last_x) {
		if (p->n == POINTS_MAX && p->bk[p->n - 1].nwin >= p->span)
			halve(p);
		if (p->n == 0 || p->bk[p->n - 1].nwin >= p->span) {
			memset(&p->bk[p->n], 0, sizeof(p->bk[0]));
			p->bk[p->n++].x = start;
		}
		p->last_x = start;
	}
	p->bk[points_of(p, start)].nwin++;
}

size_t
points_of(const struct points *p, int64_t start)
{
	size_t lo, hi, mid;

	if (start >= p->bk[p->n - 1].x)
		return p->n - 1;
	lo = 0;
	hi = p->n;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (p->bk[mid].x <= start)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

struct merge *
points_cell(struct points *p, size_t b, uint32_t g, uint32_t c)
{
	return bucket_cell(&p->bk[b], g, c);
}

void
points_release(struct points *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		bucket_release(&p->bk[i]);
	free(p->bk);
	memset(p, 0, sizeof(*p));
}
