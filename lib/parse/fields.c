/* SPDX-License-Identifier: MIT */
/* fields.c -- a flat list of named values, as the ingest parsers build them. */
#include <string.h>

#include "parse/fields.h"
#include "core/hash.h"
#include "json/jsonw.h"
#include "json/scan.h"
#include "time/timefmt.h"
#include "stream/stream.h"

void
fields_reset(struct fieldlist *fl)
{
	/*
	 * The table is in use only past FIELDS_LINEAR fields; emptied, or
	 * let go when it is far larger than this line needed (so that one
	 * line of many fields does not make every line after it pay).
	 */
	if (fl->n > FIELDS_LINEAR && fl->mask + 1 > 16 * fl->n) {
		free(fl->slot);
		fl->slot = NULL;
		fl->mask = 0;
	} else if (fl->n > FIELDS_LINEAR) {
		memset(fl->slot, 0, (fl->mask + 1) * sizeof(*fl->slot));
	}
	fl->n = 0;
	strbuf_reset(&fl->buf);
}

static int
same_key(const struct fieldlist *fl, size_t i, const char *key, size_t klen)
{
	return fl->f[i].klen == klen &&
	    memcmp(fl->buf.buf + fl->f[i].key, key, klen) == 0;
}

long
fields_find(const struct fieldlist *fl, const char *key, size_t klen)
{
	size_t i;

	if (fl->n <= FIELDS_LINEAR) {
		for (i = 0; i < fl->n; i++)
			if (same_key(fl, i, key, klen))
				return (long)i;
		return -1;
	}
	for (i = hash_home(hash_bytes(key, klen)) & fl->mask;
	    fl->slot[i] != 0; i = (i + 1) & fl->mask)
		if (same_key(fl, fl->slot[i] - 1, key, klen))
			return (long)fl->slot[i] - 1;
	return -1;
}

/* Put field i in the table (it is not there). */
static void
table_put(struct fieldlist *fl, size_t i)
{
	size_t j;

	j = hash_home(hash_bytes(fl->buf.buf + fl->f[i].key,
	    fl->f[i].klen)) & fl->mask;
	while (fl->slot[j] != 0)
		j = (j + 1) & fl->mask;
	fl->slot[j] = (uint32_t)i + 1;
}

/*
 * The field just appended, fl->n - 1, into the table.  The table is
 * filled when the list grows past FIELDS_LINEAR, and made anew four
 * times the fields when it would be more than half full.
 */
static void
table_add(struct fieldlist *fl)
{
	size_t i, size;

	if (fl->n <= FIELDS_LINEAR)
		return;
	if (fl->n == FIELDS_LINEAR + 1 || fl->n * 2 > fl->mask + 1) {
		if (fl->n * 2 > fl->mask + 1) {
			for (size = 4 * FIELDS_LINEAR; size < fl->n * 4;
			    size *= 2)
				continue;
			free(fl->slot);
			fl->slot = xcalloc(size, sizeof(*fl->slot));
			fl->mask = size - 1;
		}
		for (i = 0; i + 1 < fl->n; i++)
			table_put(fl, i);
	}
	table_put(fl, fl->n - 1);
}

static void
set_field(struct fieldlist *fl, long i, const char *key, size_t klen,
    const char *val, size_t vlen, enum ftype type)
{
	struct field *f;

	if (i >= 0) {
		f = &fl->f[i];
	} else {
		if (fl->n == fl->cap) {
			fl->cap = fl->cap ? fl->cap * 2 : 16;
			fl->f = xreallocarray(fl->f, fl->cap, sizeof(*fl->f));
		}
		f = &fl->f[fl->n++];
		f->key = fl->buf.len;
		f->klen = klen;
		strbuf_add(&fl->buf, key, klen);
		strbuf_addch(&fl->buf, '\0');
		table_add(fl);
	}
	f->val = fl->buf.len;
	f->vlen = vlen;
	f->type = type;
	strbuf_add(&fl->buf, val, vlen);
	strbuf_addch(&fl->buf, '\0');
}

void
fields_add(struct fieldlist *fl, const char *key, size_t klen,
    const char *val, size_t vlen, enum ftype type)
{
	set_field(fl, fields_find(fl, key, klen), key, klen, val, vlen, type);
}

void
fields_append(struct fieldlist *fl, const char *key, size_t klen,
    const char *val, size_t vlen, enum ftype type)
{
	set_field(fl, -1, key, klen, val, vlen, type);
}

void
fields_add_time(struct fieldlist *fl, int64_t ns, int prec)
{
	fl->ts = ns;
	fl->ts_prec = prec;
	fields_add(fl, SK_TIMESTAMP, "", 0, F_TIME);
}

const char *
fields_key(const struct fieldlist *fl, size_t i)
{
	return fl->buf.buf + fl->f[i].key;
}

const char *
fields_val(const struct fieldlist *fl, size_t i)
{
	return fl->buf.buf + fl->f[i].val;
}

size_t
fields_to_json(const struct fieldlist *fl, int infer, struct strbuf *sb)
{
	char tbuf[TIMEFMT_LEN];
	const struct field *f;
	const char *v;
	size_t i, n, bad = 0;

	strbuf_addch(sb, '{');
	for (i = 0; i < fl->n; i++) {
		f = &fl->f[i];
		if (i > 0)
			strbuf_addch(sb, ',');
		bad += jsonw_string(sb, fl->buf.buf + f->key, f->klen);
		strbuf_addch(sb, ':');
		v = fl->buf.buf + f->val;
		switch (f->type) {
		case F_INFER:
			if (infer && scan_is_number(v, f->vlen, NULL)) {
				strbuf_add(sb, v, f->vlen);
				break;
			}
			if (infer && f->vlen == 4 && memcmp(v, "true", 4) == 0) {
				strbuf_add(sb, "true", 4);
				break;
			}
			if (infer && f->vlen == 5 &&
			    memcmp(v, "false", 5) == 0) {
				strbuf_add(sb, "false", 5);
				break;
			}
			bad += jsonw_string(sb, v, f->vlen);
			break;
		case F_STRING:
			bad += jsonw_string(sb, v, f->vlen);
			break;
		case F_NUMBER:
		case F_JSON:
			strbuf_add(sb, v, f->vlen);
			break;
		case F_TRUE:
			strbuf_add(sb, "true", 4);
			break;
		case F_FALSE:
			strbuf_add(sb, "false", 5);
			break;
		case F_NULL:
			strbuf_add(sb, "null", 4);
			break;
		case F_TIME:
			n = timefmt_format(fl->ts, fl->ts_prec, tbuf);
			strbuf_addch(sb, '"');
			strbuf_add(sb, tbuf, n);
			strbuf_addch(sb, '"');
			break;
		}
	}
	strbuf_addch(sb, '}');
	return bad;
}

void
fields_release(struct fieldlist *fl)
{
	free(fl->f);
	free(fl->slot);
	fl->f = NULL;
	fl->slot = NULL;
	fl->n = fl->cap = fl->mask = 0;
	strbuf_release(&fl->buf);
}
