/* SPDX-License-Identifier: MIT */
/* record.c -- one NDJSON record: raw bytes, fields read on demand. */
#include <string.h>

#include "core/hash.h"
#include "json/jsonw.h"
#include "json/record.h"

int
record_scan(struct record *r, const char *text, size_t len,
    struct sluice_err *err)
{
	r->text = text;
	r->len = len;
	r->indexed = r->hashed = 0;
	/* One pass validates and indexes the members. */
	if (scan_document_members(text, len, &r->root, &r->m, &r->nm, &r->am,
	    err) == -1) {
		r->nm = 0;
		return -1;
	}
	r->indexed = 1;
	r->hashed = 0;
	return 0;
}

int
record_parse(struct record *r, const char *line, size_t len,
    struct sluice_err *err)
{
	if (record_scan(r, line, len, err) == -1)
		return -1;
	if (r->root.type != JT_OBJECT) {
		r->nm = 0;
		return err_set(err, (size_t)(r->root.p - line) + 1,
		    "not a JSON object");
	}
	return 0;
}

void
record_adopt(struct record *r, const char *text, size_t len,
    const struct jval *root)
{
	r->text = text;
	r->len = len;
	r->root = *root;
	r->indexed = r->hashed = 0;
	r->nm = 0;
}

static void
build_index(struct record *r)
{
	struct jiter it;
	struct jval k, v;

	r->nm = 0;
	r->indexed = 1;
	r->hashed = 0;
	/* A scalar or an array has no members. */
	if (r->root.type != JT_OBJECT)
		return;
	jiter_init(&it, &r->root);
	while (jiter_next(&it, &k, &v)) {
		if (r->nm == r->am) {
			r->am = r->am ? r->am * 2 : 16;
			r->m = xreallocarray(r->m, r->am, sizeof(*r->m));
		}
		r->m[r->nm].key = k;
		r->m[r->nm].val = v;
		r->nm++;
	}
}

/* Whether member key k decodes to key[0..klen). */
static int
key_is(const struct jval *k, const char *key, size_t klen)
{
	/* A key without escapes is its bytes between the quotes. */
	if (!(k->flags & JV_ESCAPED))
		return k->n - 2 == klen && (klen == 0 || (k->p[1] == key[0] &&
		    memcmp(k->p + 1, key, klen) == 0));
	return jval_str_eq(k, key, klen);
}

/*
 * The members in a hash table by their decoded keys, the last of equal
 * keys kept: one record of many members costs time in proportion to
 * them and to the fields asked for, not to their product.  The table
 * is kept for the next record, unless far larger than it needs.
 */
static void
build_table(struct record *r)
{
	const char *p;
	size_t i, j, n, size;

	for (size = 4 * RECORD_LINEAR; size < r->nm * 2; size *= 2)
		continue;
	if (r->slot == NULL || size > r->mask + 1 || r->mask + 1 > 8 * size) {
		free(r->slot);
		r->slot = xcalloc(size, sizeof(*r->slot));
		r->mask = size - 1;
	} else {
		memset(r->slot, 0, (r->mask + 1) * sizeof(*r->slot));
	}
	for (i = 0; i < r->nm; i++) {
		p = jval_str(&r->m[i].key, &r->kbuf, &n);
		for (j = hash_home(hash_bytes(p, n)) & r->mask;
		    r->slot[j] != 0; j = (j + 1) & r->mask)
			if (key_is(&r->m[r->slot[j] - 1].key, p, n))
				break;
		r->slot[j] = (uint32_t)i + 1;
	}
	r->hashed = 1;
}

/* Index of the last member named key, or -1. */
static long
find_member(struct record *r, const char *key, size_t klen)
{
	size_t i;

	if (!r->indexed)
		build_index(r);
	if (r->nm > RECORD_LINEAR) {
		if (!r->hashed)
			build_table(r);
		for (i = hash_home(hash_bytes(key, klen)) & r->mask;
		    r->slot[i] != 0; i = (i + 1) & r->mask)
			if (key_is(&r->m[r->slot[i] - 1].key, key, klen))
				return (long)r->slot[i] - 1;
		return -1;
	}
	for (i = r->nm; i-- > 0;)
		if (key_is(&r->m[i].key, key, klen))
			return (long)i;
	return -1;
}

int
record_get_key(struct record *r, const char *key, size_t klen,
    struct jval *out)
{
	long i;

	if ((i = find_member(r, key, klen)) < 0)
		return 0;
	*out = r->m[i].val;
	return 1;
}

int
record_get(struct record *r, const struct path *p, struct jval *out)
{
	struct jval first;
	size_t i;

	/* The first step uses the index, the rest scan the raw bytes. */
	if (p->nseg == 0 || p->seg[0].key == NULL)
		return path_lookup(p, &r->root, out);
	if (!record_get_key(r, p->seg[0].key, p->seg[0].klen, &first)) {
		if (p->flat != NULL)
			return record_get_key(r, p->flat, p->flatlen, out);
		return 0;
	}
	if (p->nseg == 1) {
		*out = first;
		return 1;
	}
	for (i = 1; i < p->nseg; i++) {
		struct jval next;

		if (p->seg[i].key != NULL) {
			if (!jval_find(&first, p->seg[i].key,
			    p->seg[i].klen, &next))
				goto flat;
		} else if (!jval_index(&first, p->seg[i].index, &next))
			goto flat;
		first = next;
	}
	*out = first;
	return 1;
flat:
	if (p->flat != NULL)
		return record_get_key(r, p->flat, p->flatlen, out);
	return 0;
}

int
record_time(struct record *r, const struct path *p,
    const struct time_opts *o, int64_t *ns, int *prec)
{
	struct jval v;

	if (!record_get(r, p, &v))
		return 0;
	return record_time_value(&v, o, ns, prec);
}

int
record_time_value(const struct jval *v, const struct time_opts *o,
    int64_t *ns, int *prec)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t n;
	int rv;

	if (v->type == JT_NULL || v->type == JT_MISSING)
		return 0;
	if (v->type == JT_NUMBER)
		return timefmt_parse_epoch(v->p, v->n, o->unit, ns, prec) ==
		    v->n ? 1 : -1;
	if (v->type != JT_STRING)
		return -1;
	s = jval_str(v, &sb, &n);
	rv = timefmt_parse_text(s, n, o, ns, prec) == 0 ? 1 : -1;
	strbuf_release(&sb);
	return rv;
}

/*
 * Replace text[at, at + cut) with ins[0..n): the result is built in
 * spare, which then becomes own (text may point into own).
 */
static void
splice(struct record *r, size_t at, size_t cut, const char *ins, size_t n)
{
	struct strbuf t;
	size_t rootoff = (size_t)(r->root.p - r->text);

	strbuf_reset(&r->spare);
	strbuf_grow(&r->spare, r->len - cut + n);
	strbuf_add(&r->spare, r->text, at);
	strbuf_add(&r->spare, ins, n);
	strbuf_add(&r->spare, r->text + at + cut, r->len - at - cut);
	t = r->own;
	r->own = r->spare;
	r->spare = t;
	r->text = r->own.buf;
	r->len = r->own.len;
	r->root.p = r->text + rootoff;
	r->root.n = r->root.n - cut + n;
	r->indexed = r->hashed = 0;
}

void
record_set_raw(struct record *r, const char *key, size_t klen,
    const char *json, size_t n)
{
	size_t at;
	long i;

	if ((i = find_member(r, key, klen)) >= 0) {
		at = (size_t)(r->m[i].val.p - r->text);
		splice(r, at, r->m[i].val.n, json, n);
		return;
	}
	strbuf_reset(&r->member);
	if (r->nm > 0)
		strbuf_addch(&r->member, ',');
	jsonw_string(&r->member, key, klen);
	strbuf_addch(&r->member, ':');
	strbuf_add(&r->member, json, n);
	at = (size_t)(r->root.p - r->text) + r->root.n - 1;
	splice(r, at, 0, r->member.buf, r->member.len);
}

void
record_release(struct record *r)
{
	strbuf_release(&r->own);
	strbuf_release(&r->spare);
	strbuf_release(&r->member);
	free(r->m);
	free(r->slot);
	strbuf_release(&r->kbuf);
	r->m = NULL;
	r->slot = NULL;
	r->mask = 0;
	r->nm = r->am = 0;
	r->indexed = r->hashed = 0;
	r->text = NULL;
	r->len = 0;
}
