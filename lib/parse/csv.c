/* SPDX-License-Identifier: MIT */
/* csv.c -- CSV and TSV with a header row (RFC 4180 quoting). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/csv.h"
#include "parse/logparse.h"
#include "core/strbuf.h"

#define BOM	"\xef\xbb\xbf"

/*
 * The record being read is kept between calls: the values read so far
 * (unquoted) in vals, one (offset, length) pair per complete field, and
 * whether the line ended inside a quoted field.  All buffers are reused
 * from record to record.
 */
struct csv {
	char		 delim;
	int		 ragged;
	size_t		 max;		/* of a record over lines; 0: none */
	int		 have_header;

	/* The header: its names are the keys of a list of empty values. */
	struct fieldlist header;

	/*
	 * The record being read: fstart is where the open field begins in
	 * vals, base where this line begins in the record, qcol the column
	 * of the last opening quote, inq whether a line ended inside one.
	 */
	struct strbuf	 vals;
	size_t		*off;
	size_t		*len;
	size_t		 nf;
	size_t		 fcap;
	size_t		 fstart;
	size_t		 base;
	size_t		 qcol;
	int		 inq;
};

struct csv *
csv_new(char delim, int ragged, size_t max)
{
	struct csv *c;

	c = xcalloc(1, sizeof(*c));
	c->delim = delim;
	c->ragged = ragged;
	c->max = max;
	return c;
}

/* Drop the record being read, keep the memory. */
static void
record_clear(struct csv *c)
{
	strbuf_reset(&c->vals);
	c->nf = 0;
	c->fstart = 0;
	c->base = 0;
	c->qcol = 0;
	c->inq = 0;
}

void
csv_reset(struct csv *c)
{
	record_clear(c);
	fields_reset(&c->header);
	c->have_header = 0;
}

static void
push_field(struct csv *c)
{
	if (c->nf == c->fcap) {
		c->fcap = c->fcap ? c->fcap * 2 : 32;
		c->off = xreallocarray(c->off, c->fcap, sizeof(*c->off));
		c->len = xreallocarray(c->len, c->fcap, sizeof(*c->len));
	}
	c->off[c->nf] = c->fstart;
	c->len[c->nf] = c->vals.len - c->fstart;
	c->nf++;
}

/*
 * Read one physical line into the record.  Returns PARSE_RECORD when
 * the record is complete, PARSE_MORE when the line ended inside a
 * quoted field (a newline is then part of the value), PARSE_ERROR on
 * characters after a closing quote, or when a quoted field is still
 * open past c->max bytes of the record (a stray quote must not take
 * the rest of the file with it).  Columns count from the start of the
 * record, the newlines between its lines included.
 */
static int
scan_line(struct csv *c, const char *p, size_t n, struct sluice_err *err)
{
	const char *q;
	size_t i = 0, end;

	if (c->inq) {
		c->inq = 0;
		goto quoted;
	}
	for (;;) {
		c->fstart = c->vals.len;
		if (i < n && p[i] == '"') {
			c->qcol = c->base + i + 1;
			i++;
quoted:
			for (;;) {
				q = memchr(p + i, '"', n - i);
				if (q == NULL) {
					strbuf_add(&c->vals, p + i, n - i);
					strbuf_addch(&c->vals, '\n');
					c->base += n + 1;
					c->inq = 1;
					if (c->max > 0 && c->base > c->max)
						return err_set(err, c->qcol,
						    "quoted field still open "
						    "after %zu bytes (--max-line "
						    "is %zu)",
						    c->base, c->max);
					return PARSE_MORE;
				}
				end = (size_t)(q - p);
				strbuf_add(&c->vals, p + i, end - i);
				i = end + 1;
				if (i < n && p[i] == '"') {
					strbuf_addch(&c->vals, '"');
					i++;
					continue;
				}
				break;
			}
			if (i < n && p[i] != c->delim)
				return err_set(err, c->base + i + 1,
				    "characters after the closing quote of "
				    "field %zu%s", c->nf + 1, c->have_header ?
				    "" : " of the header");
		} else {
			q = memchr(p + i, c->delim, n - i);
			end = q != NULL ? (size_t)(q - p) : n;
			strbuf_add(&c->vals, p + i, end - i);
			i = end;
		}
		push_field(c);
		if (i >= n)
			return PARSE_RECORD;
		i++;			/* the delimiter */
	}
}

static int
header_has(const struct csv *c, const char *s, size_t n)
{
	return fields_find(&c->header, s, n) >= 0;
}

/*
 * Make the keys from the record just read: an empty name becomes the
 * column number, a repeated one gets "_2", "_3"... until it is unique.
 * The value of a name in c->header is the suffix its next repeat tries
 * first, so that a header of one name repeated costs no more than
 * distinct ones.
 */
static void
set_header(struct csv *c)
{
	struct strbuf name = STRBUF_INIT;
	char next[24];
	const char *v;
	size_t i, k, n;
	long b;

	for (i = 0; i < c->nf; i++) {
		v = c->vals.buf + c->off[i];
		n = c->len[i];
		strbuf_reset(&name);
		if (n == 0)
			strbuf_addf(&name, "%zu", i + 1);
		else
			strbuf_add(&name, v, n);
		n = name.len;
		if ((b = fields_find(&c->header, name.buf, n)) >= 0) {
			k = strtoul(fields_val(&c->header, (size_t)b), NULL,
			    10);
			for (k = k < 2 ? 2 : k; header_has(c, name.buf,
			    name.len); k++) {
				strbuf_truncate(&name, n);
				strbuf_addf(&name, "_%zu", k);
			}
			snprintf(next, sizeof(next), "%zu", k);
			fields_add(&c->header, name.buf, n, next, strlen(next),
			    F_STRING);
		}
		fields_append(&c->header, name.buf, name.len, "", 0, F_STRING);
	}
	strbuf_release(&name);
	c->have_header = 1;
}

/*
 * Turn the record just read into fields.  Fields past the header are
 * keyed by their column number, made unique as header names are.
 */
static int
emit(struct csv *c, struct fieldlist *fl, struct sluice_err *err)
{
	char num[48];
	const char *v;
	size_t i, k, n, kn;

	if (c->nf != c->header.n && !c->ragged)
		return err_set(err, 0, "row has %zu field%s, header has %zu",
		    c->nf, c->nf == 1 ? "" : "s", c->header.n);
	for (i = 0; i < c->nf; i++) {
		v = c->vals.buf + c->off[i];
		n = c->len[i];
		if (i < c->header.n) {
			/* Header names are unique: no need to look. */
			fields_append(fl, fields_key(&c->header, i),
			    c->header.f[i].klen,
			    v, n, n == 0 ? F_STRING : F_INFER);
		} else {
			kn = (size_t)snprintf(num, sizeof(num), "%zu", i + 1);
			for (k = 2; header_has(c, num, kn); k++)
				kn = (size_t)snprintf(num, sizeof(num),
				    "%zu_%zu", i + 1, k);
			fields_add(fl, num, kn, v, n,
			    n == 0 ? F_STRING : F_INFER);
		}
	}
	return PARSE_RECORD;
}

int
csv_line(struct csv *c, const char *line, size_t len, struct fieldlist *fl,
    struct sluice_err *err)
{
	size_t base = c->base, bom = 0;
	int r;

	if (!c->have_header && !c->inq && len >= 3 &&
	    memcmp(line, BOM, 3) == 0) {
		line += 3;
		len -= 3;
		bom = 3;
	}
	r = scan_line(c, line, len, err);
	if (r == PARSE_ERROR) {
		/* A bad header still ends the header: keep what was read. */
		if (!c->have_header) {
			/* Its lines are skipped one by one: count in this. */
			if (err != NULL)
				err->col = err->col - base + bom;
			set_header(c);
		}
		record_clear(c);
		return r;
	}
	/* A header over several lines: every one of them is skipped. */
	if (!c->have_header) {
		if (r == PARSE_RECORD) {
			set_header(c);
			record_clear(c);
		}
		return PARSE_SKIP;
	}
	if (r == PARSE_MORE)
		return r;
	r = emit(c, fl, err);
	record_clear(c);
	return r;
}

int
csv_end(struct csv *c, struct fieldlist *fl, struct sluice_err *err)
{
	size_t col;

	(void)fl;
	if (!c->inq)
		return PARSE_SKIP;
	col = c->qcol;
	record_clear(c);
	if (!c->have_header)
		return err_set(err, col, "unterminated quoted field in the "
		    "header");
	return err_set(err, col, "unterminated quoted field");
}

void
csv_free(struct csv *c)
{
	if (c == NULL)
		return;
	fields_release(&c->header);
	strbuf_release(&c->vals);
	free(c->off);
	free(c->len);
	free(c);
}
