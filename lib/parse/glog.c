/* SPDX-License-Identifier: MIT */
/* glog.c -- the lines of Google's logging library (glog, absl log). */
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "parse/glog.h"
#include "parse/logparse.h"
#include "parse/tok.h"
#include "time/timefmt.h"

struct glog {
	struct yearless	yl;		/* "mmdd" dates */
	struct tzspec	tz;
};

struct glog *
glog_new(int year, const struct tzspec *tz)
{
	struct glog *g;

	g = xcalloc(1, sizeof(*g));
	yearless_init(&g->yl, year);
	if (tz != NULL)
		g->tz = *tz;
	return g;
}

void
glog_reset(struct glog *g, int64_t ref_ns)
{
	yearless_reset(&g->yl, ref_ns);
}

static const char *
level_name(char c)
{
	switch (c) {
	case 'I':
		return "INFO";
	case 'W':
		return "WARNING";
	case 'E':
		return "ERROR";
	case 'F':
		return "FATAL";
	default:
		return NULL;
	}
}

/* The value of the n digits at s, or -1. */
static int
num(const char *s, size_t n)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (!bytes_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * The time of "mmdd hh:mm:ss.uuuuuu" (or with yyyy first) at s[0..n):
 * bytes used, or 0.
 */
static size_t
glog_time(struct glog *g, const char *s, size_t n, int64_t *ns, int *prec)
{
	int y = 0, mo, d, h, mi, sec;
	size_t i = 0, k;
	int64_t frac = 0;

	if (n >= 9 && bytes_digits(s, 8) && s[8] == ' ') {
		y = num(s, 4);
		i = 4;
	} else if (n < 5 || !bytes_digits(s, 4) || s[4] != ' ')
		return 0;
	mo = num(s + i, 2);
	d = num(s + i + 2, 2);
	i += 5;
	if (n < i + 8 || s[i + 2] != ':' || s[i + 5] != ':' ||
	    (h = num(s + i, 2)) < 0 || (mi = num(s + i + 3, 2)) < 0 ||
	    (sec = num(s + i + 6, 2)) < 0)
		return 0;
	i += 8;
	*prec = 0;
	if (i < n && s[i] == '.') {
		for (k = i + 1; k < n && bytes_digit(s[k]) && k - i <= 9; k++)
			frac = frac * 10 + (s[k] - '0');
		*prec = (int)(k - i - 1);
		for (k = (size_t)*prec; k < 9; k++)
			frac *= 10;
		i += 1 + (size_t)*prec;
	}
	if (y == 0 ? yearless_time(&g->yl, mo, d, h, mi, sec, frac, &g->tz,
	    ns) == -1 : timefmt_from_civil(y, mo, d, h, mi, sec, frac, &g->tz,
	    ns) == -1)
		return 0;
	return i;
}

int
glog_line(struct glog *g, const char *s, size_t n, struct fieldlist *fl,
    struct sluice_err *err)
{
	const char *lvl, *close, *colon;
	int64_t ns;
	size_t i, k, fe;
	int prec;

	fields_reset(fl);
	while (n > 0 && s[n - 1] == '\r')
		n--;
	if (n == 0 || (lvl = level_name(s[0])) == NULL)
		return err_set(err, 1, "expected the level I, W, E or F");
	if ((i = glog_time(g, s + 1, n - 1, &ns, &prec)) == 0)
		return err_set(err, 2, "expected a time such as 0517 "
		    "15:04:22.619632");
	i = bytes_skip_blanks(s, n, i + 1);
	if ((k = bytes_word(s, n, i)) == 0 || !bytes_digits(s + i, k))
		return err_set(err, i + 1, "expected the thread id after the "
		    "time");
	fe = bytes_skip_blanks(s, n, i + k);
	if ((close = memchr(s + fe, ']', n - fe)) == NULL ||
	    (colon = memchr(s + fe, ':', (size_t)(close - s) - fe)) == NULL)
		return err_set(err, fe + 1, "expected file:line] after the "
		    "thread id");
	fields_add_time(fl, ns, prec);
	yearless_seen(&g->yl, ns);
	tok_add(fl, "level", lvl, strlen(lvl), F_STRING);
	tok_add(fl, "threadid", s + i, k, F_INFER);
	tok_add(fl, "file", s + fe, (size_t)(colon - s) - fe, F_STRING);
	tok_add(fl, "line", colon + 1, (size_t)(close - colon) - 1, F_INFER);
	i = (size_t)(close - s) + 1;
	if (i < n && s[i] == ' ')
		i++;
	tok_add(fl, "message", s + i, n - i, F_STRING);
	return PARSE_RECORD;
}

void
glog_free(struct glog *g)
{
	free(g);
}
