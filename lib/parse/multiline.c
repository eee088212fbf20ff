/* SPDX-License-Identifier: MIT */
/* multiline.c -- records over several lines: continuation lines joined. */
#include <stdlib.h>
#include <string.h>

#include "parse/multiline.h"
#include "json/scan.h"
#include "regex/regex.h"

struct multiline {
	struct multiline_opts	 o;
	struct rx		*rx;
	int			 held;		/* a record is held */
	struct line		 first;		/* its first line (p unused) */
	struct strbuf		 raw;		/* its lines joined by '\n' */
	size_t			 first_len;	/* of them, the first */
	size_t			 nlines;	/* lines kept, the first included */
	size_t			 ncont;		/* continuation lines */
	int			 truncated;
	struct strbuf		 msg;		/* multiline_join's message */
	struct strbuf		 fixed;		/* a line made UTF-8 to match */
};

int
multiline_check(const char *pat, struct sluice_err *err)
{
	struct rx *rx;

	if ((rx = rx_compile(pat, strlen(pat), RX_PCRE, err)) == NULL)
		return -1;
	rx_free(rx);
	return 0;
}

int
multiline_takes(enum logformat f, struct sluice_err *err)
{
	if (f == LF_SYSLOG || f == LF_TEXT || f == LF_LOG4J ||
	    f == LF_GLOG || f == LF_ERRORLOG)
		return 1;
	err_set(err, 0, "not with -f %s; it goes with -f syslog, text, "
	    "log4j, glog or errorlog", logformat_name(f));
	return 0;
}

struct multiline *
multiline_new(const struct multiline_opts *o, enum logformat f,
    struct sluice_err *err)
{
	struct multiline *ml;

	if (!multiline_takes(f, err))
		return NULL;
	ml = xcalloc(1, sizeof(*ml));
	ml->o = *o;
	if (ml->o.max_lines == 0)
		ml->o.max_lines = MULTILINE_MAX_LINES;
	if (ml->o.max_bytes == 0)
		ml->o.max_bytes = MULTILINE_MAX_BYTES;
	if ((ml->rx = rx_compile(o->pattern, strlen(o->pattern), RX_PCRE,
	    err)) == NULL) {
		free(ml);
		return NULL;
	}
	return ml;
}

/*
 * Whether the pattern matches p[0..n).  A byte that is not part of a
 * UTF-8 character is matched as U+FFFD, which is what the record will
 * hold.  A match that stops at the limit is no match.
 */
static int
matches(struct multiline *ml, const char *p, size_t n)
{
	size_t i, k;

	if ((k = utf8_valid_prefix(p, n)) == n)
		return rx_match_utf8(ml->rx, p, n) == 1;
	strbuf_reset(&ml->fixed);
	for (i = 0; i < n; i += k + 1) {
		k = utf8_valid_prefix(p + i, n - i);
		strbuf_add(&ml->fixed, p + i, k);
		if (i + k < n)
			strbuf_add(&ml->fixed, "\xef\xbf\xbd", 3);
	}
	return rx_match_utf8(ml->rx, ml->fixed.buf, ml->fixed.len) == 1;
}

/*
 * A line that cannot be matched (a match limit) does not continue a
 * record: it is read as a first line, and rejected or kept by its
 * format.
 */
int
multiline_continues(struct multiline *ml, const struct line *ln)
{
	if (!ml->held || ln->p == NULL || !matches(ml, ln->p, ln->len))
		return 0;
	ml->ncont++;
	if (ml->truncated || ml->nlines >= ml->o.max_lines ||
	    ml->raw.len + 1 + ln->len > ml->o.max_bytes) {
		ml->truncated = 1;
		return 1;
	}
	strbuf_addch(&ml->raw, '\n');
	strbuf_add(&ml->raw, ln->p, ln->len);
	ml->nlines++;
	return 1;
}

void
multiline_hold(struct multiline *ml, const struct line *ln)
{
	ml->held = 1;
	ml->first = *ln;
	strbuf_reset(&ml->raw);
	strbuf_add(&ml->raw, ln->p, ln->len);
	ml->first_len = ln->len;
	ml->nlines = 1;
	ml->ncont = 0;
	ml->truncated = 0;
}

int
multiline_held(const struct multiline *ml)
{
	return ml->held;
}

int
multiline_take(struct multiline *ml, struct multiline_rec *out)
{
	if (!ml->held)
		return 0;
	ml->held = 0;
	out->whole = ml->first;
	out->whole.p = ml->raw.buf;
	out->whole.len = ml->raw.len;
	out->whole.partial = 0;
	out->first_len = ml->first_len;
	out->ncont = ml->ncont;
	out->truncated = ml->truncated;
	return 1;
}

void
multiline_join(struct multiline *ml, const struct multiline_rec *m,
    struct fieldlist *fl)
{
	long i;

	if (m->whole.len > m->first_len) {
		strbuf_reset(&ml->msg);
		if ((i = fields_find(fl, "message", 7)) >= 0) {
			strbuf_add(&ml->msg, fields_val(fl, (size_t)i),
			    fl->f[i].vlen);
			strbuf_addch(&ml->msg, '\n');
		}
		strbuf_add(&ml->msg, m->whole.p + m->first_len + 1,
		    m->whole.len - m->first_len - 1);
		fields_add(fl, "message", 7, ml->msg.buf, ml->msg.len,
		    F_STRING);
	}
	if (m->truncated)
		fields_add(fl, "truncated", 9, "true", 4, F_TRUE);
}

void
multiline_free(struct multiline *ml)
{
	if (ml == NULL)
		return;
	rx_free(ml->rx);
	strbuf_release(&ml->raw);
	strbuf_release(&ml->msg);
	strbuf_release(&ml->fixed);
	free(ml);
}
