/* SPDX-License-Identifier: MIT */
/* fields.c -- a flat list of named values, as the ingest parsers build them. */
#include <string.h>

#include "parse/fields.h"
#include "json/jsonw.h"
#include "json/scan.h"
#include "time/timefmt.h"
#include "stream/stream.h"

void
fields_reset(struct fieldlist *fl)
{
	fl->n = 0;
	strbuf_reset(&fl->buf);
}

long
fields_find(const struct fieldlist *fl, const char *key, size_t klen)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->f[i].klen == klen &&
		    memcmp(fl->buf.buf + fl->f[i].key, key, klen) == 0)
			return (long)i;
	return -1;
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

void
fields_to_json(const struct fieldlist *fl, int infer, struct strbuf *sb)
{
	char tbuf[TIMEFMT_LEN];
	const struct field *f;
	const char *v;
	size_t i, n;

	strbuf_addch(sb, '{');
	for (i = 0; i < fl->n; i++) {
		f = &fl->f[i];
		if (i > 0)
			strbuf_addch(sb, ',');
		jsonw_string(sb, fl->buf.buf + f->key, f->klen);
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
			jsonw_string(sb, v, f->vlen);
			break;
		case F_STRING:
			jsonw_string(sb, v, f->vlen);
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
}

void
fields_release(struct fieldlist *fl)
{
	free(fl->f);
	fl->f = NULL;
	fl->n = fl->cap = 0;
	strbuf_release(&fl->buf);
}
