/* SPDX-License-Identifier: MIT */
/* reader.c -- the lines of ingest's files made into NDJSON records. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bytes.h"
#include "json/jsonw.h"
#include "json/record.h"
#include "json/scan.h"
#include "parse/reader.h"
#include "stream/stream.h"

struct reader {
	struct reader_opts	 o;
	struct reader_out	 out;
	struct reader_counts	 n;
	struct stamp		 stamp;
	enum logformat		 cur;		/* of the current file */
	struct logparse		*lp;
	const char		*file;		/* name of the current file */
	struct line		 last;		/* its last line */
	uint64_t		 pending_line;	/* a csv record's first line */
	struct strbuf		 pending_raw;	/* and its lines so far */
	struct record		 rec;
	struct fieldlist	 fl;
	struct strbuf		 sb;
};

struct reader *
reader_new(const struct reader_opts *o, const struct reader_out *out,
    struct sluice_err *err)
{
	struct reader *r;

	r = xcalloc(1, sizeof(*r));
	r->o = *o;
	r->out = *out;
	if (stamp_init(&r->stamp, o->time_field, &o->topts, err) == -1) {
		free(r);
		return NULL;
	}
	if (o->format != LF_AUTO && o->format != LF_NDJSON &&
	    o->format != LF_JOURNALD)
		r->lp = logparse_new(o->format, &o->lpo);
	return r;
}

static void
emit(struct reader *r, const char *p, size_t n)
{
	r->n.records++;
	r->out.record(r->out.arg, p, n);
}

/* A JSON record, with its @timestamp added or normalised. */
static void
do_json(struct reader *r, const struct line *ln)
{
	struct sluice_err e;
	int s;

	if (record_parse(&r->rec, ln->p, ln->len, &e) == -1) {
		r->out.reject(r->out.arg, ln, e.col, e.msg);
		return;
	}
	s = stamp_record(&r->stamp, &r->rec, r->cur == LF_JOURNALD, &e);
	if (s == STAMP_REJECT) {
		r->out.reject(r->out.arg, ln, 0, e.msg);
		return;
	}
	if (s == STAMP_NONE)
		r->n.untimed++;
	emit(r, r->rec.text, r->rec.len);
}

/* How many bytes of p[0..n) are not part of a UTF-8 character. */
static size_t
invalid_utf8(const char *p, size_t n)
{
	size_t i = 0, bad = 0;

	while ((i += utf8_valid_prefix(p + i, n - i)) < n) {
		bad++;
		i++;
	}
	return bad;
}

/*
 * The record in r->fl, with its time.  Text that is not UTF-8 was
 * written as U+FFFD (fields_to_json): say so on the record.
 */
static void
do_fields(struct reader *r, const struct line *ln)
{
	struct sluice_err e;
	size_t bad;
	int s;

	if ((s = stamp_fields(&r->stamp, &r->fl, &e)) == STAMP_REJECT) {
		r->out.reject(r->out.arg, ln, 0, e.msg);
		return;
	}
	if (s == STAMP_NONE)
		r->n.untimed++;
	strbuf_reset(&r->sb);
	fields_to_json(&r->fl, r->o.infer, &r->sb);
	if (ln->p != NULL && (bad = invalid_utf8(ln->p, ln->len)) > 0) {
		r->n.repaired++;
		strbuf_truncate(&r->sb, r->sb.len - 1);	/* the '}' */
		if (r->fl.n > 0)
			strbuf_addch(&r->sb, ',');
		stream_add_key(&r->sb, SK_UTF8_REPAIRED);
		jsonw_int(&r->sb, (int64_t)bad);
		strbuf_addch(&r->sb, '}');
	}
	emit(r, r->sb.buf, r->sb.len);
}

/*
 * Act on a parser's verdict v on line ln (ln->p == NULL: the file
 * ended).  A record that spans lines is reported at its first line.
 */
static void
parsed(struct reader *r, const struct line *ln, int v,
    const struct sluice_err *e)
{
	struct line at = *ln;

	if (v == PARSE_MORE) {
		if (r->pending_line == 0) {
			r->pending_line = ln->lineno;
			strbuf_reset(&r->pending_raw);
		} else
			strbuf_addch(&r->pending_raw, '\n');
		strbuf_add(&r->pending_raw, ln->p, ln->len);
		return;
	}
	if (r->pending_line) {
		if (ln->p != NULL) {
			strbuf_addch(&r->pending_raw, '\n');
			strbuf_add(&r->pending_raw, ln->p, ln->len);
		}
		r->n.continued += ln->lineno - r->pending_line;
		at.lineno = r->pending_line;
		at.p = r->pending_raw.buf;
		at.len = r->pending_raw.len;
		r->pending_line = 0;
	}
	switch (v) {
	case PARSE_RECORD:
		do_fields(r, &at);
		break;
	case PARSE_SKIP:
		r->n.skipped++;
		break;
	default:
		r->out.reject(r->out.arg, &at, e->col, e->msg);
		break;
	}
}

/* Resuming a csv file mid-way (--state): the parser needs its header. */
static void
feed_header(struct reader *r, const char *name)
{
	struct sluice_err e;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	int v = PARSE_MORE;

	if ((fp = fopen(name, "r")) == NULL)
		return;
	while (v == PARSE_MORE && (n = getline(&line, &cap, fp)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		v = logparse_line(r->lp, line, (size_t)n, &r->fl, &e);
	}
	free(line);
	fclose(fp);
}

void
reader_end(struct reader *r)
{
	struct sluice_err e;
	struct line end = r->last;
	int v;

	if (r->lp == NULL || r->file == NULL)
		return;
	end.p = NULL;
	v = logparse_end(r->lp, &r->fl, &e);
	if (v != PARSE_SKIP || r->pending_line)
		parsed(r, &end, v, &e);
}

/* The time syslog years are inferred from: the file's, else now. */
static int64_t
file_time(const char *name)
{
	struct stat st;

	if (strcmp(name, "stdin") != 0 && stat(name, &st) == 0) {
		/* A time past either end of the range is that end. */
		if (st.st_mtime >= INT64_MAX / NS_PER_SEC)
			return INT64_MAX;
		if (st.st_mtime <= INT64_MIN / NS_PER_SEC)
			return INT64_MIN;
		return (int64_t)st.st_mtime * NS_PER_SEC;
	}
	return (int64_t)time(NULL) * NS_PER_SEC;
}

/* A new file, or the same name after rotation. */
static void
new_file(struct reader *r, const struct line *ln)
{
	reader_end(r);
	r->file = ln->name;
	r->cur = r->o.format;
	if (r->lp != NULL && r->o.format != LF_AUTO) {
		logparse_reset(r->lp, file_time(ln->name));
		if (ln->lineno > 1 && (r->o.format == LF_CSV ||
		    r->o.format == LF_TSV))
			feed_header(r, ln->name);
	}
}

/* Tell the format of an LF_AUTO file from its first line: 0, or -1. */
static int
detect(struct reader *r, const struct line *ln)
{
	enum logformat f;

	if ((f = logformat_detect(ln->p, ln->len)) == LF_AUTO) {
		r->out.reject(r->out.arg, ln, 0,
		    "cannot tell the format of this line");
		return -1;
	}
	r->cur = f;
	logparse_free(r->lp);
	r->lp = NULL;
	if (f != LF_NDJSON && f != LF_JOURNALD) {
		r->lp = logparse_new(f, &r->o.lpo);
		logparse_reset(r->lp, file_time(ln->name));
	}
	return 0;
}

void
reader_line(struct reader *r, const struct line *ln)
{
	struct sluice_err e;
	int v;

	if (ln->name != r->file || ln->lineno == 1)
		new_file(r, ln);
	r->last = *ln;
	if (r->pending_line == 0 && bytes_blank_line(ln->p, ln->len)) {
		r->n.skipped++;
		return;
	}
	if (r->cur == LF_AUTO && detect(r, ln) == -1)
		return;
	if (r->cur == LF_NDJSON || r->cur == LF_JOURNALD) {
		do_json(r, ln);
		return;
	}
	v = logparse_line(r->lp, ln->p, ln->len, &r->fl, &e);
	parsed(r, ln, v, &e);
}

int
reader_pending(const struct reader *r)
{
	return r->pending_line != 0;
}

const struct reader_counts *
reader_counts(const struct reader *r)
{
	return &r->n;
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	logparse_free(r->lp);
	stamp_release(&r->stamp);
	record_release(&r->rec);
	fields_release(&r->fl);
	strbuf_release(&r->sb);
	strbuf_release(&r->pending_raw);
	free(r);
}
