/* SPDX-License-Identifier: MIT */
/* logparse.c -- one interface over the text line formats of ingest. */
#include <string.h>

#include "parse/clf.h"
#include "parse/cri.h"
#include "parse/csv.h"
#include "parse/elb.h"
#include "parse/errlog.h"
#include "parse/glog.h"
#include "parse/log4j.h"
#include "parse/logfmt.h"
#include "parse/logparse.h"
#include "parse/syslog.h"

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
	[LF_REGEX] = "regex",
	[LF_CRI] = "cri",
	[LF_ERRORLOG] = "errorlog",
	[LF_LOG4J] = "log4j",
	[LF_GLOG] = "glog",
	[LF_ELB] = "elb",
};

struct logparse {
	enum logformat	 fmt;
	struct csv	*csv;
	struct syslog	*syslog;
	struct cri	*cri;
	struct glog	*glog;
	struct regexfmt	*regex;		/* borrowed */
	struct tzspec	 tz;
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

static int
contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

enum logformat
logformat_detect(const char *line, size_t len)
{
	struct fieldlist fl = FIELDLIST_INIT;
	struct sluice_err e;
	struct syslog *sl;
	enum logformat f = LF_AUTO;
	size_t i = 0, pairs = 0, words = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i < len && line[i] == '{')
		f = contains(line, len, "\"__REALTIME_TIMESTAMP\"") ?
		    LF_JOURNALD : LF_NDJSON;
	else if (clf_line(line, len, 1, NULL, &fl, &e) == PARSE_RECORD)
		f = LF_COMBINED;
	else if (clf_line(line, len, 0, NULL, &fl, &e) == PARSE_RECORD)
		f = LF_CLF;
	if (f == LF_AUTO) {
		sl = syslog_new(0, NULL);
		syslog_reset(sl, 0);
		if (syslog_line(sl, line, len, &fl, &e) == PARSE_RECORD)
			f = LF_SYSLOG;
		syslog_free(sl);
	}
	if (f == LF_AUTO && logfmt_line(line, len, &fl, &e) ==
	    PARSE_RECORD) {
		/* logfmt if most words are key=value pairs. */
		for (i = 0; i < len; i++) {
			if (line[i] == '=' && i > 0 && line[i - 1] != ' ')
				pairs++;
			if (line[i] == ' ' && i + 1 < len &&
			    line[i + 1] != ' ')
				words++;
		}
		if (pairs >= 2 && pairs * 2 > words)
			f = LF_LOGFMT;
	}
	if (f == LF_AUTO) {
		if (memchr(line, '\t', len) != NULL)
			f = LF_TSV;
		else if (memchr(line, ',', len) != NULL)
			f = LF_CSV;
	}
	fields_release(&fl);
	return f;
}

struct logparse *
logparse_new(enum logformat fmt, const struct logparse_opts *o)
{
	struct logparse *lp;

	lp = xcalloc(1, sizeof(*lp));
	lp->fmt = fmt;
	lp->tz = o->tz;
	lp->regex = o->regex;
	if (fmt == LF_CSV || fmt == LF_TSV)
		lp->csv = csv_new(fmt == LF_CSV ? ',' : '\t', o->ragged,
		    o->max_record);
	else if (fmt == LF_SYSLOG)
		lp->syslog = syslog_new(o->year, &o->tz);
	else if (fmt == LF_CRI)
		lp->cri = cri_new();
	else if (fmt == LF_GLOG)
		lp->glog = glog_new(o->year, &o->tz);
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
		return clf_line(line, len, lp->fmt == LF_COMBINED, &lp->tz,
		    fl, e);
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
	free(lp);
}
