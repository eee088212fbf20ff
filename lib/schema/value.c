/* SPDX-License-Identifier: MIT */
/* value.c -- JSON values as a schema sees them: equality, hash, length. */
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/bytes.h"
#include "schema/schema_int.h"

size_t
schema_length(const struct jval *v)
{
	const unsigned char *p = (const unsigned char *)v->p + 1;
	const unsigned char *end = (const unsigned char *)v->p + v->n - 1;
	unsigned long hi;
	size_t n = 0;

	while (p < end) {
		if (*p != '\\') {
			if ((*p & 0xc0) != 0x80)
				n++;
			p++;
			continue;
		}
		n++;
		if (p[1] != 'u') {
			p += 2;
			continue;
		}
		hi = bytes_hex4((const char *)p + 2);
		p += 6;
		/* A surrogate pair is one character. */
		if (hi >= 0xd800 && hi < 0xdc00 && end - p >= 6 &&
		    p[0] == '\\' && p[1] == 'u') {
			hi = bytes_hex4((const char *)p + 2);
			if (hi >= 0xdc00 && hi < 0xe000)
				p += 6;
		}
	}
	return n;
}

int
schema_equal(const struct jval *a, const struct jval *b, struct schema_run *r)
{
	struct jiter ia, ib;
	struct jval ka, va, vb;
	struct decimal da, db;
	const char *sa, *sb;
	size_t na, nb;
	int ra, rb;

	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case JT_NUMBER:
		if (a->n == b->n && memcmp(a->p, b->p, a->n) == 0)
			return 1;
		decimal_parse(a->p, a->n, &da);
		decimal_parse(b->p, b->n, &db);
		return decimal_cmp(&da, &db) == 0;
	case JT_STRING:
		if (!(a->flags & JV_ESCAPED) && !(b->flags & JV_ESCAPED))
			return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
		sa = jval_str(a, &r->s1, &na);
		sb = jval_str(b, &r->s2, &nb);
		return na == nb && memcmp(sa, sb, na) == 0;
	case JT_ARRAY:
		jiter_init(&ia, a);
		jiter_init(&ib, b);
		for (;;) {
			ra = jiter_next(&ia, NULL, &va);
			rb = jiter_next(&ib, NULL, &vb);
			if (ra != rb)
				return 0;
			if (!ra)
				return 1;
			if (!schema_equal(&va, &vb, r))
				return 0;
		}
	case JT_OBJECT:
		na = nb = 0;
		jiter_init(&ia, a);
		while (jiter_next(&ia, NULL, &va))
			na++;
		jiter_init(&ib, b);
		while (jiter_next(&ib, NULL, &vb))
			nb++;
		if (na != nb)
			return 0;
		jiter_init(&ia, a);
		while (jiter_next(&ia, &ka, &va)) {
			/* Decoded keys go on the run's key stack. */
			na = r->keys.len;
			jval_str_append(&ka, &r->keys);
			ra = jval_find(b, r->keys.buf + na, r->keys.len - na,
			    &vb);
			strbuf_truncate(&r->keys, na);
			if (!ra || !schema_equal(&va, &vb, r))
				return 0;
		}
		return 1;
	default:
		return 1;
	}
}

uint64_t
schema_hash(const struct jval *v, struct schema_run *r)
{
	struct jiter it;
	struct jval k, e;
	struct decimal d;
	const char *p;
	uint64_t h = HASH_FNV1A_INIT ^ (uint64_t)v->type, m;
	size_t n;

	switch (v->type) {
	case JT_NUMBER:
		decimal_parse(v->p, v->n, &d);
		return hash_mix(decimal_hash(&d, h));
	case JT_STRING:
		p = jval_str(v, &r->s1, &n);
		return hash_mix(hash_fnv1a(h, p, n));
	case JT_ARRAY:
		jiter_init(&it, v);
		while (jiter_next(&it, NULL, &e))
			h = hash_mix(h + schema_hash(&e, r));
		return h;
	case JT_OBJECT:
		/* Members in any order hash alike: add them up. */
		m = 0;
		jiter_init(&it, v);
		while (jiter_next(&it, &k, &e))
			m += hash_mix(schema_hash(&k, r) * 31 +
			    schema_hash(&e, r));
		return hash_mix(h + m);
	default:
		return hash_mix(h);
	}
}

/*
 * uniqueItems on a long array: hash every item so that JSON-equal items
 * hash alike, sort, and compare only items with the same hash.
 */
#define UNIQUE_PAIRWISE	16

struct hitem {
	uint64_t	 h;
	size_t		 i;
	struct jval	 v;
};

static int
hitem_cmp(const void *a, const void *b)
{
	const struct hitem *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Whether two items are equal; *a and *b get the first such pair. */
static int
unique_hashed(struct schema_run *r, const struct jval *v, size_t count,
    size_t *a, size_t *b)
{
	struct hitem *it;
	struct jiter ji;
	struct jval e;
	size_t i, j, n = 0;
	int dup = 0;

	if (count > r->aitems) {
		r->items = xreallocarray(r->items, count, sizeof(*it));
		r->aitems = count;
	}
	it = r->items;
	jiter_init(&ji, v);
	while (n < count && jiter_next(&ji, NULL, &e)) {
		it[n].v = e;
		it[n].i = n;
		it[n].h = schema_hash(&e, r);
		n++;
	}
	qsort(it, n, sizeof(*it), hitem_cmp);
	*a = *b = 0;
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n && it[j].h == it[i].h; j++) {
			if (!schema_equal(&it[i].v, &it[j].v, r))
				continue;
			if (!dup || it[i].i < *a ||
			    (it[i].i == *a && it[j].i < *b)) {
				*a = it[i].i;
				*b = it[j].i;
			}
			dup = 1;
		}
	}
	return dup;
}

/* Whether two items are equal, by comparing every pair. */
static int
unique_pairwise(struct schema_run *r, const struct jval *v, size_t *a,
    size_t *b)
{
	struct jiter it, jt;
	struct jval e, f;
	size_t i, j;

	jiter_init(&it, v);
	for (i = 0; jiter_next(&it, NULL, &e); i++) {
		jt = it;
		for (j = i + 1; jiter_next(&jt, NULL, &f); j++) {
			if (schema_equal(&e, &f, r)) {
				*a = i;
				*b = j;
				return 1;
			}
		}
	}
	return 0;
}

int
schema_duplicate(const struct jval *v, size_t count, struct schema_run *r,
    size_t *a, size_t *b)
{
	if (count > UNIQUE_PAIRWISE)
		return unique_hashed(r, v, count, a, b);
	return unique_pairwise(r, v, a, b);
}

void
schema_compact(struct strbuf *sb, const struct jval *v, size_t max)
{
	const char *p = v->p, *end = v->p + v->n;
	size_t start = sb->len;
	int instr = 0;

	for (; p < end; p++) {
		if (sb->len - start >= max && ((unsigned char)*p & 0xc0) !=
		    0x80) {
			strbuf_addstr(sb, "...");
			return;
		}
		if (instr) {
			if (*p == '\\') {
				strbuf_add(sb, p, 2);
				p++;
				continue;
			}
			if (*p == '"')
				instr = 0;
		} else if (*p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r')
			continue;
		else if (*p == '"')
			instr = 1;
		strbuf_addch(sb, *p);
	}
}
