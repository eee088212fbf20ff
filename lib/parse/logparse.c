/* SPDX-License-Identifier: MIT */
/* logparse.c -- one interface over the text line formats of ingest. */
#include <string.h>

#include "core/bytes.h"
#include "parse/clf.h"
#include "parse/cri.h"
#include "parse/csv.h"
#include "parse/elb.h"
#include "parse/errlog.h"
#include "parse/glog.h"
#include "parse/haproxy.h"
#include "parse/log4j.h"
#include "parse/logfmt.h"
#include "parse/logparse.h"
#include "parse/syslog.h"
#include "parse/text.h"
#include "parse/w3c.h"

static const char *const names[] = {
	[LF_AUTO] = "auto",
	[LF_NDJSON] = "ndjson",
	[LF_JOURNALD] = "journald",
	[LF_CSV] = "csv",
	[LF_TSV] = "tsv",
	[LF_LOGFMT] = "logfmt",
	[LF_CLF] = "clf",
	[LF_COMBINED] = "combined",
	[LF_SYSLOG] = "syslog",
	[LF_TEXT] = "text",
	[LF_REGEX] = "regex",
	[LF_CRI] = "cri",
	[LF_ERRORLOG] = "errorlog",
	[LF_LOG4J] = "log4j",
	[LF_GLOG] = "glog",
	[LF_ELB] = "elb",
	[LF_W3C] = "w3c",
	[LF_HAPROXY] = "haproxy",
};

struct logparse {
	enum logformat	 fmt;
	struct csv	*csv;
	struct syslog	*syslog;
	struct cri	*cri;
	struct glog	*glog;
	struct textlog	*text;
	struct regexfmt	*regex;		/* borrowed */
	struct w3c	*w3c;
	struct haproxy	*haproxy;
	struct tzspec	 tz;
	const struct clf_extra *clf_extra;	/* borrowed */
};

int
logformat_parse(const char *s, enum logformat *f)
{
	size_t i;

	for (i = 0; i < NELEM(names); i++) {
		if (strcmp(s, names[i]) == 0) {
			*f = (enum logformat)i;
			return 0;
		}
	}
	if (strcmp(s, "json") == 0 || strcmp(s, "jsonl") == 0) {
		*f = LF_NDJSON;
		return 0;
	}
	return -1;
}

const char *
logformat_name(enum logformat f)
{
	return names[f];
}

size_t
logformat_count(void)
{
	return NELEM(names);
}

static int
contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

/*
 * Whether most blank-separated words of the line (a quoted value with
 * its blanks is one word) are key=value, with at least two pairs.
 */
static int
mostly_pairs(const char *p, size_t n)
{
	size_t i = 0, words = 0, pairs = 0, k;
	int quoted;

	while ((i = bytes_skip_blanks(p, n, i)) < n) {
		words++;
		for (k = i; k < n && (bytes_alpha(p[k]) ||
		    bytes_digit(p[k]) || strchr("_.@-/", p[k]) != NULL); k++)
			;
		if (k > i && k < n && p[k] == '=')
			pairs++;
		for (quoted = 0; i < n && (quoted || !bytes_blank(p[i])); i++) {
			if (p[i] == '\\' && quoted && i + 1 < n)
				i++;
			else if (p[i] == '"')
				quoted = !quoted;
		}
	}
	return pairs >= 2 && pairs * 2 > words;
}

/* Whether p[0..n) could name a column: a word or a few, not a value. */
static int
column_name(const char *p, size_t n)
{
	static const struct tzspec utc = TZSPEC_UTC;
	int64_t ns;
	size_t i, words = 1;
	int prec, letter = 0;

	while (n > 0 && bytes_blank(p[n - 1]))
		n--;
	i = bytes_skip_blanks(p, n, 0);
	p += i;
	n -= i;
	if (n == 0 || n > 64 || timefmt_parse_any(p, n, &utc, TU_AUTO, &ns,
	    &prec) == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (bytes_alpha(p[i]) || (unsigned char)p[i] >= 0x80)
			letter = 1;
		else if (p[i] == ' ')
			words++;
		else if (!bytes_digit(p[i]) &&
		    strchr("_-./()#%$@&+", p[i]) == NULL)
			return 0;
	}
	return letter && words <= 4;
}

/* Whether the line is a header of names split by delim (quotes allowed). */
static int
header_like(const char *p, size_t n, char delim)
{
	size_t i = 0, k, nf = 0;

	for (;;) {
		if (i < n && p[i] == '"') {
			for (k = ++i; k < n && p[k] != '"'; k++)
				;
			if (k >= n || !column_name(p + i, k - i))
				return 0;
			i = k + 1;
			if (i < n && p[i] != delim)
				return 0;
		} else {
			for (k = i; k < n && p[k] != delim; k++)
				;
			if (!column_name(p + i, k - i))
				return 0;
			i = k;
		}
		nf++;
		if (i >= n)
			return nf >= 2;
		i++;
	}
}

/*
 * csv or tsv (delim) if line 1 is a header and the lines after it have
 * as many fields; LF_AUTO if more lines are needed to tell, LF_TEXT if
 * it is not.
 */
static enum logformat
detect_csv(const char *const *lines, const size_t *lens, size_t n,
    int final, char delim)
{
	struct fieldlist fl = FIELDLIST_INIT;
	struct sluice_err e;
	struct csv *c;
	size_t i;
	int v = PARSE_SKIP;

	if (!header_like(lines[0], lens[0], delim))
		return LF_TEXT;
	if (!final && n < DETECT_LINES)
		return LF_AUTO;
	if (n < 2)
		return LF_TEXT;		/* a header and no row to check */
	c = csv_new(delim, 0, 0);
	for (i = 0; i < n && v != PARSE_ERROR; i++)
		v = csv_line(c, lines[i], lens[i], &fl, &e);
	csv_free(c);
	fields_release(&fl);
	if (v == PARSE_ERROR || (v == PARSE_MORE && n == DETECT_LINES))
		return LF_TEXT;
	return delim == ',' ? LF_CSV : LF_TSV;
}

/*
 * The formats whose lines no other format reads, in the order tried
 * (not elb: its parser takes most lines of space-separated words).
 */
static const enum logformat strict[] = {
	LF_CRI, LF_ERRORLOG, LF_GLOG, LF_LOG4J, LF_HAPROXY
};

/* Whether a record's process_name is haproxy's. */
static int
from_haproxy(const struct fieldlist *fl)
{
	long k = fields_find(fl, "process_name", 12);

	return k >= 0 && fl->f[k].vlen >= 7 &&
	    strncmp(fields_val(fl, (size_t)k), "haproxy", 7) == 0;
}

/*
 * Whether a parser of format f takes each of lines[0..n) (whole, or
 * begun): 1 or 0; for haproxy, 2 when they are all its messages, with
 * no connection yet (more lines may tell).
 */
static int
parses(enum logformat f, const char *const *lines, const size_t *lens,
    size_t n, struct fieldlist *fl)
{
	struct logparse_opts o = { .tz = TZSPEC_UTC };
	struct logparse *lp;
	struct sluice_err e;
	size_t i;
	int rv = PARSE_RECORD;

	size_t conns = 0;

	lp = logparse_new(f, &o);
	logparse_reset(lp, 0);
	for (i = 0; i < n && (rv == PARSE_RECORD || rv == PARSE_MORE); i++) {
		rv = logparse_line(lp, lines[i], lens[i], fl, &e);
		/* haproxy reads any syslog line: it takes a file only with
		 * a connection among them and all from haproxy. */
		if (f == LF_HAPROXY && rv == PARSE_RECORD &&
		    !haproxy_connection(fl) && !from_haproxy(fl))
			rv = PARSE_ERROR;
		conns += f == LF_HAPROXY && rv == PARSE_RECORD &&
		    haproxy_connection(fl);
	}
	logparse_free(lp);
	if (rv != PARSE_RECORD && rv != PARSE_MORE)
		return 0;
	return f == LF_HAPROXY && conns == 0 ? 2 : 1;
}

enum logformat
logformat_detect(const char *const *lines, const size_t *lens, size_t n,
    int final)
{
	struct fieldlist fl = FIELDLIST_INIT;
	struct sluice_err e;
	struct syslog *sl;
	const char *line = lines[0];
	size_t len = lens[0], i;
	enum logformat f = LF_AUTO;
	int wait = 0, k;

	i = bytes_skip_blanks(line, len, 0);
	if (w3c_directive(line, len))
		f = LF_W3C;
	else if (i < len && line[i] == '{')
		f = contains(line, len, "\"__REALTIME_TIMESTAMP\"") ?
		    LF_JOURNALD : LF_NDJSON;
	else if (clf_line(line, len, 1, NULL, &fl, &e) == PARSE_RECORD)
		f = LF_COMBINED;
	else if (clf_line(line, len, 0, NULL, &fl, &e) == PARSE_RECORD)
		f = LF_CLF;
	/*
	 * The strict formats, every line read so far, before syslog, which
	 * would take a CRI line.
	 */
	if (f == LF_AUTO) {
		for (i = 0; f == LF_AUTO && i < NELEM(strict); i++) {
			if ((k = parses(strict[i], lines, lens, n, &fl)) == 1)
				f = strict[i];
			/* haproxy's messages so far: its connections may come. */
			if (k == 2 && !final && n < DETECT_LINES) {
				fields_release(&fl);
				return LF_AUTO;
			}
		}
		/* An AWS load balancer's log, by the shape of every line. */
		for (i = 0; f == LF_AUTO && i < n &&
		    elb_shaped(lines[i], lens[i]); i++)
			;
		if (f == LF_AUTO && n > 0 && i == n)
			f = LF_ELB;
		/* Chosen by every line: more may come that it does not take. */
		wait = f != LF_AUTO && !final && n < DETECT_LINES;
	}
	if (f == LF_AUTO) {
		sl = syslog_new(0, NULL);
		syslog_reset(sl, 0);
		/*
		 * A line of an ISO 8601 time and words is syslog (rsyslog's
		 * file format) only with a host and a tag: not "TIME LEVEL
		 * message", nor MySQL's "TIME THREAD [Note] ...".
		 */
		if (syslog_line(sl, line, len, &fl, &e) == PARSE_RECORD &&
		    (!bytes_digit(line[0]) ||
		    (fields_find(&fl, "host", 4) >= 0 &&
		    fields_find(&fl, "app", 3) >= 0)))
			f = LF_SYSLOG;
		syslog_free(sl);
	}
	if (f == LF_AUTO && mostly_pairs(line, len) &&
	    logfmt_line(line, len, &fl, &e) == PARSE_RECORD)
		f = LF_LOGFMT;
	fields_release(&fl);
	if (wait)
		return LF_AUTO;
	if (f != LF_AUTO)
		return f;
	if (memchr(line, '\t', len) != NULL)
		return detect_csv(lines, lens, n, final, '\t');
	if (memchr(line, ',', len) != NULL)
		return detect_csv(lines, lens, n, final, ',');
	return LF_TEXT;
}

struct logparse *
logparse_new(enum logformat fmt, const struct logparse_opts *o)
{
	struct logparse *lp;

	lp = xcalloc(1, sizeof(*lp));
	lp->fmt = fmt;
	lp->tz = o->tz;
	lp->regex = o->regex;
	lp->clf_extra = o->clf_extra;
	if (fmt == LF_CSV || fmt == LF_TSV)
		lp->csv = csv_new(fmt == LF_CSV ? ',' : '\t', o->ragged,
		    o->max_record);
	else if (fmt == LF_SYSLOG)
		lp->syslog = syslog_new(o->year, &o->tz);
	else if (fmt == LF_CRI)
		lp->cri = cri_new(o->max_record);
	else if (fmt == LF_GLOG)
		lp->glog = glog_new(o->year, &o->tz);
	else if (fmt == LF_TEXT)
		lp->text = textlog_new(o->year, &o->tz);
	else if (fmt == LF_W3C)
		lp->w3c = w3c_new();
	else if (fmt == LF_HAPROXY)
		lp->haproxy = haproxy_new(o->year, &lp->tz);
	return lp;
}

void
logparse_reset(struct logparse *lp, int64_t ref_ns)
{
	if (lp->csv)
		csv_reset(lp->csv);
	if (lp->syslog)
		syslog_reset(lp->syslog, ref_ns);
	if (lp->cri)
		cri_reset(lp->cri);
	if (lp->glog)
		glog_reset(lp->glog, ref_ns);
	if (lp->text)
		textlog_reset(lp->text, ref_ns);
	if (lp->w3c)
		w3c_reset(lp->w3c);
	if (lp->haproxy)
		haproxy_reset(lp->haproxy, ref_ns);
}

int
logparse_line(struct logparse *lp, const char *line, size_t len,
    struct fieldlist *fl, struct sluice_err *e)
{
	fields_reset(fl);
	switch (lp->fmt) {
	case LF_CSV:
	case LF_TSV:
		return csv_line(lp->csv, line, len, fl, e);
	case LF_LOGFMT:
		return logfmt_line(line, len, fl, e);
	case LF_CLF:
	case LF_COMBINED:
		return clf_line_named(line, len, lp->fmt == LF_COMBINED,
		    &lp->tz, lp->clf_extra, fl, e);
	case LF_SYSLOG:
		return syslog_line(lp->syslog, line, len, fl, e);
	case LF_CRI:
		return cri_line(lp->cri, line, len, fl, e);
	case LF_ERRORLOG:
		return errlog_line(line, len, &lp->tz, fl, e);
	case LF_LOG4J:
		return log4j_line(line, len, &lp->tz, fl, e);
	case LF_GLOG:
		return glog_line(lp->glog, line, len, fl, e);
	case LF_ELB:
		return elb_line(line, len, fl, e);
	case LF_TEXT:
		return textlog_line(lp->text, line, len, fl, e);
	case LF_W3C:
		return w3c_line(lp->w3c, line, len, fl, e);
	case LF_HAPROXY:
		return haproxy_line(lp->haproxy, line, len, fl, e);
	case LF_REGEX:
		if (lp->regex != NULL)
			return regexfmt_line(lp->regex, line, len, fl, e);
		/* FALLTHROUGH */
	default:
		return err_set(e, 0, "format %s has no line parser",
		    names[lp->fmt]);
	}
}

int
logparse_end(struct logparse *lp, struct fieldlist *fl, struct sluice_err *e)
{
	if (lp->cri != NULL)
		return cri_end(lp->cri, fl, e);
	if (lp->csv == NULL)
		return PARSE_SKIP;
	fields_reset(fl);
	return csv_end(lp->csv, fl, e);
}

void
logparse_free(struct logparse *lp)
{
	if (lp == NULL)
		return;
	if (lp->csv)
		csv_free(lp->csv);
	if (lp->syslog)
		syslog_free(lp->syslog);
	cri_free(lp->cri);
	glog_free(lp->glog);
	textlog_free(lp->text);
	w3c_free(lp->w3c);
	haproxy_free(lp->haproxy);
	free(lp);
}
