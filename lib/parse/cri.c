/* SPDX-License-Identifier: MIT */
/* cri.c -- container logs as the CRI runtimes write them (Kubernetes nodes). */
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/strbuf.h"
#include "parse/cri.h"
#include "parse/logparse.h"
#include "parse/tok.h"
#include "time/timefmt.h"

/* A partial record of one stream. */
struct slot {
	int		 held;
	int		 cut;		/* msg reached the limit */
	int64_t		 ns;		/* its time */
	int		 prec;
	struct strbuf	 msg;		/* its message so far */
};

/* The partial records of stdout and stderr, apart. */
struct cri {
	struct slot	 s[2];
	size_t		 max;		/* bytes of a message, 0: no limit */
	size_t		 base;		/* where this line starts in the raw */
};

static const char *const streams[2] = { "stdout", "stderr" };
static const struct tzspec utc = TZSPEC_UTC;

struct cri *
cri_new(size_t max)
{
	struct cri *c;

	c = xcalloc(1, sizeof(struct cri));
	c->max = max;
	return c;
}

void
cri_reset(struct cri *c)
{
	c->s[0].held = c->s[1].held = 0;
	c->base = 0;
}

/* The record of stream k, completed by the tag t[0..tn). */
static int
slot_record(struct cri *c, int k, const char *t, size_t tn,
    struct fieldlist *fl)
{
	struct slot *sl = &c->s[k];

	fields_reset(fl);
	fields_add_time(fl, sl->ns, sl->prec);
	tok_add(fl, "stream", streams[k], 6, F_STRING);
	tok_add(fl, "logtag", t, tn, F_STRING);
	tok_add(fl, "message", sl->msg.buf != NULL ? sl->msg.buf : "",
	    sl->msg.len, F_STRING);
	if (sl->cut)
		fields_add(fl, "truncated", 9, "true", 4, F_TRUE);
	sl->held = 0;
	return PARSE_RECORD;
}

static int
part(struct cri *c, const char *s, size_t n, struct fieldlist *fl,
    struct sluice_err *err)
{
	struct slot *sl;
	int64_t ns;
	size_t i, k, t, tn, m;
	int prec, st;

	fields_reset(fl);
	k = bytes_word(s, n, 0);
	if (k == 0 || timefmt_parse_iso(s, k, &utc, &ns, &prec) != k) {
		cri_reset(c);
		return err_set(err, 1, "expected an RFC 3339 time");
	}
	i = k < n ? k + 1 : n;	/* a line of the time alone: i = n */
	for (st = 0; st < 2; st++)
		if (i < n && tok_is_word(s + i, n - i, streams[st]))
			break;
	if (st == 2) {
		cri_reset(c);
		return err_set(err, i + 1, "expected stdout or stderr after "
		    "the time");
	}
	t = i + 7 < n ? i + 7 : n;	/* "TIME stdout" alone: t = n */
	tn = t < n ? bytes_word(s, n, t) : 0;
	if (tn == 0 || (s[t] != 'P' && s[t] != 'F') ||
	    (tn > 1 && s[t + 1] != ':')) {
		cri_reset(c);
		return err_set(err, t + 1, "expected the tag P or F after the "
		    "stream");
	}
	m = t + tn + 1 < n ? t + tn + 1 : n;
	sl = &c->s[st];
	if (!sl->held) {
		strbuf_reset(&sl->msg);
		sl->cut = 0;
		sl->ns = ns;
		sl->prec = prec;
	}
	/* A part past the limit is dropped with all after it, and said:
	 * the message ends at a part's end, never inside a character. */
	if (sl->cut || (c->max > 0 && n - m > c->max - sl->msg.len))
		sl->cut = 1;
	else
		strbuf_add(&sl->msg, s + m, n - m);
	if (s[t] == 'P') {
		sl->held = 1;
		return PARSE_MORE;
	}
	return slot_record(c, st, s + t, tn, fl);
}

/*
 * A line rejected while parts are held is reported with them, their
 * lines joined by newlines before it (reader.c): its column counts
 * from the first of them.
 */
int
cri_line(struct cri *c, const char *s, size_t n, struct fieldlist *fl,
    struct sluice_err *err)
{
	size_t base = c->base;
	int v;

	if ((v = part(c, s, n, fl, err)) == PARSE_MORE) {
		c->base += n + 1;
		return v;
	}
	c->base = 0;
	if (v == PARSE_ERROR && err->col > 0)
		err->col += base;
	return v;
}

int
cri_end(struct cri *c, struct fieldlist *fl, struct sluice_err *err)
{
	if (c->s[0].held && c->s[1].held) {
		cri_reset(c);
		return err_set(err, 0, "partial lines of stdout and stderr "
		    "cut by the end of the file");
	}
	if (c->s[0].held)
		return slot_record(c, 0, "P", 1, fl);
	if (c->s[1].held)
		return slot_record(c, 1, "P", 1, fl);
	return PARSE_SKIP;
}

void
cri_free(struct cri *c)
{
	if (c == NULL)
		return;
	strbuf_release(&c->s[0].msg);
	strbuf_release(&c->s[1].msg);
	free(c);
}
