/* SPDX-License-Identifier: MIT */
/* multiline.h -- records over several lines: continuation lines joined. */
#ifndef SLUICE_MULTILINE_H
#define SLUICE_MULTILINE_H

#include <stddef.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "io/input.h"
#include "parse/fields.h"
#include "parse/logparse.h"

/*
 * ingest --multiline: a line that matches a pattern (PCRE2, searched
 * anywhere in the line unless the pattern anchors it) continues the
 * record before it, as Filebeat's multiline.pattern with negate false
 * and match after.  The record's first line is parsed by its format;
 * its continuation lines, joined by "\n", are appended to its message
 * field after a "\n".  A record is cut at max_lines lines (the first
 * one included) or max_bytes bytes (its lines joined by "\n"): the
 * continuation lines past either are dropped, counted, and the record
 * gets "truncated":true.
 */
#define MULTILINE_MAX_LINES	500
#define MULTILINE_MAX_BYTES	((size_t)10 << 20)

struct multiline_opts {
	const char	*pattern;	/* NULL: no --multiline */
	size_t		 max_lines;	/* 0: MULTILINE_MAX_LINES */
	size_t		 max_bytes;	/* 0: MULTILINE_MAX_BYTES */
};

/* A record taken out of the multiline buffer; valid until the next call. */
struct multiline_rec {
	struct line	 whole;		/* its lines joined by '\n', at line 1 */
	size_t		 first_len;	/* bytes of whole.p on its first line */
	size_t		 ncont;		/* continuation lines, dropped included */
	int		 truncated;	/* some were dropped */
};

struct multiline;

/*
 * Whether pat is a valid pattern: 0, or -1 with err->col and err->msg.
 */
int	multiline_check(const char *pat, struct sluice_err *err);
/*
 * Whether records of format f can take continuation lines: those of one
 * line with a free-text message field (syslog, text, log4j, glog,
 * errorlog): 1, or 0 with err->msg saying so.
 */
int	multiline_takes(enum logformat f, struct sluice_err *err);
/*
 * A multiline buffer for o (copied), for records of format f.  NULL with
 * err->col and err->msg if o->pattern is bad or f cannot take it.
 */
struct multiline *multiline_new(const struct multiline_opts *o,
	    enum logformat f, struct sluice_err *err);
/*
 * If a record is held and ln matches the pattern, take ln into it (or
 * drop it, past a limit) and return 1; else 0.
 */
int	multiline_continues(struct multiline *, const struct line *ln);
/* Hold ln (copied) as the first line of a new record. */
void	multiline_hold(struct multiline *, const struct line *ln);
/* Whether a record is held. */
int	multiline_held(const struct multiline *);
/* Take the record held into *out: 1, or 0 if none is held. */
int	multiline_take(struct multiline *, struct multiline_rec *out);
/*
 * Append the continuation lines of m to the message field of fl (parsed
 * from m's first line), and the truncated flag if m was cut.
 */
void	multiline_join(struct multiline *, const struct multiline_rec *m,
	    struct fieldlist *fl);
void	multiline_free(struct multiline *);

#endif
