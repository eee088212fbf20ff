/* SPDX-License-Identifier: MIT */
/* logparse.h -- one interface over the text line formats of ingest. */
#ifndef SLUICE_LOGPARSE_H
#define SLUICE_LOGPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "parse/fields.h"
#include "parse/regexfmt.h"
#include "time/timefmt.h"

enum logformat {
	LF_AUTO,
	LF_NDJSON,
	LF_JOURNALD,
	LF_CSV,
	LF_TSV,
	LF_LOGFMT,
	LF_CLF,
	LF_COMBINED,
	LF_SYSLOG,
	LF_TEXT,	/* any line: a time at its start, a message */
	LF_REGEX,	/* user-defined: logparse_opts.regex */
	LF_CRI,		/* Kubernetes container logs */
	LF_ERRORLOG,	/* Apache httpd and nginx error logs */
	LF_LOG4J,	/* "date time LEVEL [thread] logger: message" */
	LF_GLOG,	/* Google's glog */
	LF_ELB,		/* AWS ALB and Classic ELB access logs */
	LF_W3C,		/* W3C extended (IIS), named by #Fields */
	LF_HAPROXY	/* HAProxy's HTTP, TCP and error logs */
};

/* What a parser made of a line. */
#define PARSE_ERROR	(-1)	/* not this format: err says why */
#define PARSE_SKIP	0	/* consumed, no record (a header) */
#define PARSE_RECORD	1	/* the fieldlist holds a record */
#define PARSE_MORE	2	/* the record goes on on the next line */

struct clf_extra;

struct logparse_opts {
	int		year;		/* syslog, glog without a year: this */
	int		ragged;		/* csv: allow short and long rows */
	size_t		max_record;	/* csv, cri: of a record over lines (0: none) */
	struct tzspec	tz;		/* zone-less times */
	struct regexfmt	*regex;		/* LF_REGEX: borrowed, outlives parsers */
	struct clf_extra *clf_extra;	/* clf, combined: borrowed, or NULL */
};

/* "csv" -> LF_CSV ...; -1 if unknown. */
int	logformat_parse(const char *, enum logformat *);
/* "csv" for LF_CSV ...: a static string. */
const char *logformat_name(enum logformat);
/* The number of formats: logformat_name() takes 0 to this less one. */
size_t	logformat_count(void);

/* The most lines logformat_detect() looks at. */
#define DETECT_LINES	8
/*
 * Guess the format of a file from its first non-blank lines, the n
 * lines[i] of lens[i] bytes (without their terminators).  Line 1 alone
 * tells JSON (journald by its __REALTIME_TIMESTAMP), combined, clf,
 * syslog (after an ISO 8601 time, only with a host and a tag) and
 * logfmt (most of its blank-separated words key=value);
 * cri, errorlog, glog and log4j must take every line given, and ask
 * for more (LF_AUTO) until DETECT_LINES or final.
 * w3c: line 1 is a #Software, #Version or #Fields directive.
 * haproxy is tried with the strict formats, after them; then elb, when
 * every line has the shape elb_shaped() checks.
 * csv or tsv needs line 1 to look like a header (identifier-like names,
 * no number or time among them) and the lines after it to have as many
 * fields (one line at least); until DETECT_LINES lines are seen that
 * is not known, and LF_AUTO asks for more lines unless final says
 * there are no more.
 * Anything else is LF_TEXT.
 */
enum logformat logformat_detect(const char *const *lines, const size_t *lens,
	    size_t n, int final);

struct logparse;

/*
 * A parser for one of the text formats (not LF_NDJSON/LF_JOURNALD); for
 * LF_REGEX o->regex must be set.
 */
struct logparse *logparse_new(enum logformat, const struct logparse_opts *);
/*
 * A new file begins: csv reads a new header, syslog restarts its year
 * inference from ref_ns (the file's modification time, or now).
 */
void	logparse_reset(struct logparse *, int64_t ref_ns);
/* Parse one line into fl (reset first); returns a PARSE_ code. */
int	logparse_line(struct logparse *, const char *line, size_t len,
	    struct fieldlist *fl, struct sluice_err *err);
/*
 * The file ended: PARSE_RECORD if a pending record is now complete,
 * PARSE_ERROR if it cannot be (an open quote), PARSE_SKIP if none.
 */
int	logparse_end(struct logparse *, struct fieldlist *fl,
	    struct sluice_err *err);
void	logparse_free(struct logparse *);

#endif
