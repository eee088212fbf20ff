/* SPDX-License-Identifier: MIT */
/* log4j.c -- "date time LEVEL [thread] logger: message", the Java family. */
#include <string.h>

#include "core/bytes.h"
#include "parse/log4j.h"
#include "parse/logparse.h"
#include "parse/tok.h"
#include "time/timefmt.h"

static const char *const levels[] = {
	"TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL",
	"SEVERE", "CRITICAL", "NOTICE", "CONFIG", "FINE", "FINER", "FINEST"
};

/* Times other than ISO 8601, tried in order. */
static const char *const alt_times[] = {
	"%y/%m/%d %H:%M:%S",	/* Spark */
	"%y%m%d %H%M%S",	/* Hadoop HDFS */
};

/* A span of the line: s[off..off+len). */
struct span {
	size_t	off;
	size_t	len;
};

static int
is_level(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NELEM(levels); i++)
		if (strlen(levels[i]) == n && memcmp(s, levels[i], n) == 0)
			return 1;
	return 0;
}

/*
 * The end (after the matching ']') of the bracketed text that opens at
 * s[i] == '[', brackets nesting; 0 if it does not close.
 */
static size_t
bracket(const char *s, size_t n, size_t i)
{
	size_t depth = 0;

	for (; i < n; i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* The time at the start of s[0..n): bytes used, 0 if none. */
static size_t
lead_time(const char *s, size_t n, const struct tzspec *tz, int64_t *ns,
    int *prec)
{
	size_t i, k;

	if ((k = timefmt_parse_iso(s, n, tz, ns, prec)) > 10)
		return k;
	for (i = 0; i < NELEM(alt_times); i++)
		if ((k = timefmt_strptime(s, n, alt_times[i], tz, ns,
		    prec)) > 0)
			return k;
	return 0;
}

/* A class-like logger name: letters, digits, "_$.-", one letter at least. */
static int
is_logger(const char *s, size_t n)
{
	size_t i;
	int alpha = 0;

	for (i = 0; i < n; i++) {
		if (bytes_alpha(s[i]))
			alpha = 1;
		else if (!bytes_digit(s[i]) && s[i] != '_' && s[i] != '$' &&
		    s[i] != '.' && s[i] != '-')
			return 0;
	}
	return alpha;
}

/* Whether s[i..n) is "-" or "|" followed by a blank or the end. */
static int
is_dash(const char *s, size_t n, size_t i)
{
	return i < n && (s[i] == '-' || s[i] == '|') &&
	    (i + 1 == n || bytes_blank(s[i + 1]));
}

/* The thread in brackets s[i..e): its text without the blanks around. */
static struct span
thread_span(const char *s, size_t i, size_t e)
{
	struct span sp;

	sp.off = bytes_skip_blanks(s, e - 1, i + 1);
	sp.len = e - 1 - sp.off;
	while (sp.len > 0 && bytes_blank(s[sp.off + sp.len - 1]))
		sp.len--;
	return sp;
}

/*
 * After the level, at s[i]: a logger and its source, if there is one;
 * returns the start of the message.
 */
static size_t
logger(const char *s, size_t n, size_t i, struct span *lg, struct span *src)
{
	size_t w, j, e;

	w = bytes_word(s, n, i);
	if (w > 1 && s[i + w - 1] == ':' && is_logger(s + i, w - 1)) {
		lg->off = i;
		lg->len = w - 1;
		return bytes_skip_blanks(s, n, i + w);
	}
	if (w == 0 || !is_logger(s + i, w))
		return i;
	j = bytes_skip_blanks(s, n, i + w);
	if (j < n && s[j] == '(') {
		for (e = j; e < n && s[e] != ' '; e++)
			;
		if (e == n || s[e - 1] != ')')
			return i;
		src->off = j + 1;
		src->len = e - j - 2;
		j = bytes_skip_blanks(s, n, e);
	}
	if (!is_dash(s, n, j)) {
		src->len = 0;
		return i;
	}
	lg->off = i;
	lg->len = w;
	return bytes_skip_blanks(s, n, j + 1);
}

/* Add s[sp] as key if the span is not empty. */
static void
add_span(struct fieldlist *fl, const char *key, const char *s,
    struct span sp, enum ftype type)
{
	if (sp.len > 0)
		tok_add(fl, key, s + sp.off, sp.len, type);
}

int
log4j_line(const char *s, size_t n, const struct tzspec *tz,
    struct fieldlist *fl, struct sluice_err *err)
{
	struct span pid = { 0, 0 }, lvl = { 0, 0 }, thr = { 0, 0 };
	struct span lg = { 0, 0 }, src = { 0, 0 };
	size_t i = 0, k, e, words, bare = 0;
	int64_t ns;
	int prec;

	fields_reset(fl);
	while (n > 0 && s[n - 1] == '\r')
		n--;
	if (n > 0 && s[0] == '[') {
		if ((k = lead_time(s + 1, n - 1, tz, &ns, &prec)) == 0 ||
		    k + 1 >= n || s[k + 1] != ']')
			return err_set(err, 1, "expected a time at the start "
			    "of the line");
		i = k + 2;
	} else if ((i = lead_time(s, n, tz, &ns, &prec)) == 0)
		return err_set(err, 1, "expected a time at the start of the "
		    "line");
	for (words = 0; ; words++) {
		i = bytes_skip_blanks(s, n, i);
		k = bytes_word(s, n, i);
		if (k > 0 && is_level(s + i, k)) {
			lvl.off = i;
			lvl.len = k;
			i += k;
			break;
		}
		if (words == 3 || k == 0)
			return err_set(err, i + 1, "expected a level such as "
			    "INFO or ERROR after the time");
		if (s[i] == '[') {
			if ((e = bracket(s, n, i)) == 0)
				return err_set(err, i + 1, "expected ']' after "
				    "the thread");
			thr = thread_span(s, i, e);
			k = e - i;
		} else if (bytes_digits(s + i, k)) {
			pid.off = i;
			pid.len = k;
		} else if (!is_dash(s, n, i)) {
			if (bare++ > 0)
				return err_set(err, i + 1, "expected a level "
				    "such as INFO or ERROR after the time");
			thr.off = i;
			thr.len = k;
		}
		i += k;
	}
	i = bytes_skip_blanks(s, n, i);
	if (i < n && s[i] == '[' && (e = bracket(s, n, i)) != 0) {
		thr = thread_span(s, i, e);
		i = e < n && s[e] == ':' ? e + 1 : e;
		i = bytes_skip_blanks(s, n, i);
	}
	if (is_dash(s, n, i))
		i = bytes_skip_blanks(s, n, i + 1);
	else
		i = logger(s, n, i, &lg, &src);
	fields_add_time(fl, ns, prec);
	add_span(fl, "pid", s, pid, F_INFER);
	add_span(fl, "level", s, lvl, F_STRING);
	add_span(fl, "thread", s, thr, F_STRING);
	add_span(fl, "logger", s, lg, F_STRING);
	add_span(fl, "source", s, src, F_STRING);
	tok_add(fl, "message", s + i, n - i, F_STRING);
	return PARSE_RECORD;
}
