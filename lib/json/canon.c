/* SPDX-License-Identifier: MIT */
/* canon.c -- canonical JSON values (group keys) and their order. */
#include <string.h>

#include "json/canon.h"
#include "json/jsonw.h"

int
canon_is(const struct jval *v)
{
	switch (v->type) {
	case JT_STRING:
		return !(v->flags & JV_ESCAPED);
	case JT_NULL:
	case JT_FALSE:
	case JT_TRUE:
	case JT_NUMBER:
		return 1;
	default:
		return 0;
	}
}

void
canon_append(struct strbuf *sb, const struct jval *v)
{
	struct strbuf tmp = STRBUF_INIT;
	struct jiter it;
	struct jval k, e;
	int first = 1;

	switch (v->type) {
	case JT_MISSING:
		strbuf_add(sb, "null", 4);
		break;
	case JT_STRING:
		if (!(v->flags & JV_ESCAPED)) {
			strbuf_add(sb, v->p, v->n);
			break;
		}
		jval_str_append(v, &tmp);
		jsonw_string(sb, tmp.buf ? tmp.buf : "", tmp.len);
		strbuf_release(&tmp);
		break;
	case JT_ARRAY:
	case JT_OBJECT:
		strbuf_addch(sb, v->type == JT_ARRAY ? '[' : '{');
		jiter_init(&it, v);
		while (jiter_next(&it, v->type == JT_OBJECT ? &k : NULL,
		    &e)) {
			if (!first)
				strbuf_addch(sb, ',');
			first = 0;
			if (v->type == JT_OBJECT) {
				canon_append(sb, &k);
				strbuf_addch(sb, ':');
			}
			canon_append(sb, &e);
		}
		strbuf_addch(sb, v->type == JT_ARRAY ? ']' : '}');
		break;
	default:
		/* null, true, false, numbers: as written. */
		strbuf_add(sb, v->p, v->n);
		break;
	}
}

static int
rank(enum jtype t)
{
	switch (t) {
	case JT_MISSING:
	case JT_NULL:
		return 0;
	case JT_FALSE:
		return 1;
	case JT_TRUE:
		return 2;
	case JT_NUMBER:
		return 3;
	case JT_STRING:
		return 4;
	case JT_ARRAY:
		return 5;
	default:
		return 6;
	}
}

static int
cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c;

	c = memcmp(a, b, an < bn ? an : bn);
	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn;
}

static int
cmp_number(const struct jval *a, const struct jval *b)
{
	int64_t ia, ib;
	double da, db;

	if (jval_int64(a, &ia) == 0 && jval_int64(b, &ib) == 0) {
		if (ia != ib)
			return ia < ib ? -1 : 1;
	} else {
		jval_double(a, &da);
		jval_double(b, &db);
		if (da != db)
			return da < db ? -1 : 1;
	}
	return cmp_bytes(a->p, a->n, b->p, b->n);
}

static int
cmp_string(const struct jval *a, const struct jval *b)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	const char *pa, *pb;
	size_t na, nb;
	int c;

	if (!((a->flags | b->flags) & JV_ESCAPED))
		return cmp_bytes(a->p + 1, a->n - 2, b->p + 1, b->n - 2);
	pa = jval_str(a, &sa, &na);
	pb = jval_str(b, &sb, &nb);
	c = cmp_bytes(pa, na, pb, nb);
	strbuf_release(&sa);
	strbuf_release(&sb);
	return c;
}

static int
cmp_container(const struct jval *a, const struct jval *b)
{
	struct jiter ia, ib;
	struct jval ka, kb, va, vb;
	int obj = a->type == JT_OBJECT, ra, rb, c;

	jiter_init(&ia, a);
	jiter_init(&ib, b);
	for (;;) {
		ra = jiter_next(&ia, obj ? &ka : NULL, &va);
		rb = jiter_next(&ib, obj ? &kb : NULL, &vb);
		if (!ra || !rb)
			return ra - rb;
		if (obj && (c = cmp_string(&ka, &kb)) != 0)
			return c;
		if ((c = canon_cmp(&va, &vb)) != 0)
			return c;
	}
}

int
canon_cmp(const struct jval *a, const struct jval *b)
{
	int ra = rank(a->type), rb = rank(b->type);

	if (ra != rb)
		return ra - rb;
	switch (a->type) {
	case JT_NUMBER:
		return cmp_number(a, b);
	case JT_STRING:
		return cmp_string(a, b);
	case JT_ARRAY:
	case JT_OBJECT:
		return cmp_container(a, b);
	default:
		return 0;
	}
}

int
canon_cmp_text(const char *a, size_t an, const char *b, size_t bn)
{
	struct sluice_err e;
	struct jval va, vb;

	/* Canonical texts are valid JSON: the scans cannot fail. */
	if (scan_document(a, an, &va, &e) == -1 ||
	    scan_document(b, bn, &vb, &e) == -1)
		return cmp_bytes(a, an, b, bn);
	return canon_cmp(&va, &vb);
}

