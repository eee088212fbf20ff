/* SPDX-License-Identifier: MIT */
/* errlog.c -- the error logs of Apache httpd and nginx. */
#include <string.h>

#include "core/bytes.h"
#include "parse/errlog.h"
#include "parse/logparse.h"
#include "parse/tok.h"
#include "time/timefmt.h"

/* The names nginx appends to a message as ", name: value". */
static const char *const nginx_keys[] = {
	"client", "server", "request", "upstream", "host", "referrer"
};

/* The key of nginx_keys at s[0..n) followed by ": ", or NULL. */
static const char *
nginx_key(const char *s, size_t n, size_t *used)
{
	size_t i, k;

	for (i = 0; i < NELEM(nginx_keys); i++) {
		k = strlen(nginx_keys[i]);
		if (n >= k + 2 && memcmp(s, nginx_keys[i], k) == 0 &&
		    s[k] == ':' && s[k + 1] == ' ') {
			*used = k + 2;
			return nginx_keys[i];
		}
	}
	return NULL;
}

/*
 * Where the ", client: " tail of an nginx message starts in s[0..n),
 * or n.  Each name of the tail is added as a field (quoted values
 * without their quotes) when the whole tail reads so.
 */
static size_t
nginx_tail(const char *s, size_t n, struct fieldlist *fl)
{
	const char *key;
	size_t start, i, k, e, pass;

	for (start = 0; start + 10 <= n; start++)
		if (memcmp(s + start, ", client: ", 10) == 0)
			break;
	if (start + 10 > n)
		return n;
	/* Check the tail once, then add its fields. */
	for (pass = 0; pass < (fl != NULL ? 2 : 1); pass++) {
		for (i = start; i < n; i = e) {
			if (n - i < 2 || s[i] != ',' || s[i + 1] != ' ' ||
			    (key = nginx_key(s + i + 2, n - i - 2, &k)) ==
			    NULL)
				return n;
			i += 2 + k;
			if (i < n && s[i] == '"') {
				if ((e = tok_quoted(s, n, i)) == 0)
					return n;
				if (pass == 1)
					fields_add(fl, key, strlen(key),
					    s + i + 1, e - i - 2, F_STRING);
			} else {
				for (e = i; e < n && !(s[e] == ',' &&
				    e + 1 < n && s[e + 1] == ' '); e++)
					;
				if (pass == 1)
					fields_add(fl, key, strlen(key),
					    s + i, e - i, F_STRING);
			}
		}
	}
	return start;
}

/* nginx: "2023/08/20 10:12:13 [error] 1234#5678: *99 message". */
static int
nginx_line(const char *s, size_t n, const struct tzspec *tz,
    struct fieldlist *fl, struct sluice_err *err)
{
	const char *close;
	size_t i, k, m, end;
	int64_t ns;
	int prec;

	if ((i = timefmt_strptime(s, n, "%Y/%m/%d %H:%M:%S", tz, &ns,
	    &prec)) == 0)
		return err_set(err, 1, "expected a time such as [Wed Oct 11 "
		    "14:32:52 2000] or 2000/10/11 14:32:52");
	if (i + 2 >= n || s[i] != ' ' || s[i + 1] != '[' ||
	    (close = memchr(s + i + 2, ']', n - i - 2)) == NULL)
		return err_set(err, i + 1, "expected ' [level]' after the "
		    "time");
	fields_add_time(fl, ns, prec);
	tok_add(fl, "level", s + i + 2, (size_t)(close - s) - i - 2,
	    F_STRING);
	i = bytes_skip_blanks(s, n, (size_t)(close - s) + 1);
	/* pid#tid: */
	for (k = i; k < n && bytes_digit(s[k]); k++)
		;
	if (k > i && k < n && s[k] == '#') {
		tok_add(fl, "pid", s + i, k - i, F_INFER);
		for (m = k + 1; m < n && bytes_digit(s[m]); m++)
			;
		if (m > k + 1 && m < n && s[m] == ':') {
			tok_add(fl, "tid", s + k + 1, m - k - 1, F_INFER);
			i = bytes_skip_blanks(s, n, m + 1);
		}
	}
	/* *connection */
	if (i < n && s[i] == '*') {
		for (k = i + 1; k < n && bytes_digit(s[k]); k++)
			;
		if (k > i + 1) {
			tok_add(fl, "connection", s + i + 1, k - i - 1,
			    F_INFER);
			i = bytes_skip_blanks(s, n, k);
		}
	}
	end = i + nginx_tail(s + i, n - i, NULL);
	tok_add(fl, "message", s + i, end - i, F_STRING);
	nginx_tail(s + i, n - i, fl);
	return PARSE_RECORD;
}

/* The bracketed word at s[i] == '[': its end (after ']'), or 0. */
static size_t
bracket(const char *s, size_t n, size_t i)
{
	const char *close;

	if (i >= n || s[i] != '[' ||
	    (close = memchr(s + i, ']', n - i)) == NULL)
		return 0;
	return (size_t)(close - s) + 1;
}

/* "[pid 17962]" or "[pid 8777:tid 4326490112]" at s[i..e). */
static int
apache_pid(const char *s, size_t i, size_t e, struct fieldlist *fl)
{
	size_t k, m;

	if (e - i < 6 || memcmp(s + i, "[pid ", 5) != 0)
		return 0;
	for (k = i + 5; k < e && bytes_digit(s[k]); k++)
		;
	if (k == i + 5)
		return 0;
	if (k == e - 1) {
		tok_add(fl, "pid", s + i + 5, k - i - 5, F_INFER);
		return 1;
	}
	if (e - k < 6 || memcmp(s + k, ":tid ", 5) != 0)
		return 0;
	for (m = k + 5; m < e - 1 && bytes_digit(s[m]); m++)
		;
	if (m != e - 1 || m == k + 5)
		return 0;
	tok_add(fl, "pid", s + i + 5, k - i - 5, F_INFER);
	tok_add(fl, "tid", s + k + 5, m - k - 5, F_INFER);
	return 1;
}

/* Apache: "[time] [module:level] [pid N] [client A] message". */
static int
apache_line(const char *s, size_t n, const struct tzspec *tz,
    struct fieldlist *fl, struct sluice_err *err)
{
	const char *colon;
	size_t i, e;
	int64_t ns;
	int prec;

	if ((e = bracket(s, n, 0)) == 0)
		return err_set(err, 1, "expected ']' after the time");
	if (timefmt_strptime(s + 1, e - 2, "%a %b %e %H:%M:%S.%f %Y", tz,
	    &ns, &prec) != e - 2 &&
	    timefmt_strptime(s + 1, e - 2, "%a %b %e %H:%M:%S %Y", tz,
	    &ns, &prec) != e - 2)
		return err_set(err, 2, "bad time '%.*s' (expected Wed Oct 11 "
		    "14:32:52 2000)", e - 2 > 40 ? 40 : (int)(e - 2), s + 1);
	fields_add_time(fl, ns, prec);
	i = bytes_skip_blanks(s, n, e);
	if ((e = bracket(s, n, i)) == 0 || e - i < 3)
		return err_set(err, i + 1, "expected [level] or "
		    "[module:level] after the time");
	if ((colon = memchr(s + i, ':', e - i)) != NULL) {
		tok_add(fl, "module", s + i + 1, (size_t)(colon - s) - i - 1,
		    F_STRING);
		tok_add(fl, "level", colon + 1, (size_t)(s + e - colon) - 2,
		    F_STRING);
	} else
		tok_add(fl, "level", s + i + 1, e - i - 2, F_STRING);
	i = bytes_skip_blanks(s, n, e);
	if ((e = bracket(s, n, i)) != 0 && apache_pid(s, i, e, fl))
		i = bytes_skip_blanks(s, n, e);
	if ((e = bracket(s, n, i)) != 0 && e - i > 9 &&
	    memcmp(s + i, "[client ", 8) == 0) {
		tok_add(fl, "client", s + i + 8, e - i - 9, F_STRING);
		i = bytes_skip_blanks(s, n, e);
	}
	tok_add(fl, "message", s + i, n - i, F_STRING);
	return PARSE_RECORD;
}

int
errlog_line(const char *s, size_t n, const struct tzspec *tz,
    struct fieldlist *fl, struct sluice_err *err)
{
	fields_reset(fl);
	while (n > 0 && s[n - 1] == '\r')
		n--;
	if (n > 0 && s[0] == '[')
		return apache_line(s, n, tz, fl, err);
	return nginx_line(s, n, tz, fl, err);
}
