/* SPDX-License-Identifier: MIT */
/* clf.c -- Common Log Format and the Apache/nginx combined format. */
#include <string.h>

#include "core/bytes.h"
#include "parse/clf.h"
#include "parse/logparse.h"
#include "time/timefmt.h"

/* Times in brackets that are not quite CLF, tried in order. */
static const char *const alt_times[] = {
	"%d/%b/%Y:%H:%M:%S.%f %z",	/* Apache %{msec_frac}t */
	"%d/%b/%Y %H:%M:%S",		/* Python http.server */
};

/*
 * The quoted field that opens at s[i] == '"'.  Apache writes '"' and
 * '\' inside it as \" and \\; a quote ends the field only when a blank
 * or the end of the line follows, so the unescaped quotes of other
 * servers stay in the text.  Returns the index after the closing
 * quote, or 0 if the field is not terminated.
 */
static size_t
quoted(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n &&
		    (s[i + 1] == '"' || s[i + 1] == '\\'))
			i++;
		else if (s[i] == '"' && (i + 1 == n || bytes_blank(s[i + 1])))
			return i + 1;
	}
	return 0;
}

/*
 * Add a value, undoing \" and \\ (other backslash sequences such as
 * \x16 stay as written).  The value is unescaped in place in the
 * list's buffer, where it can only get shorter.
 */
static void
add_text(struct fieldlist *fl, const char *key, const char *v, size_t n,
    enum ftype type)
{
	struct field *f;
	size_t klen = strlen(key), r, w;
	char *p;
	long i;

	fields_add(fl, key, klen, v, n, type);
	if (memchr(v, '\\', n) == NULL ||
	    (i = fields_find(fl, key, klen)) < 0)
		return;
	f = &fl->f[i];
	p = fl->buf.buf + f->val;
	for (r = w = 0; r < f->vlen; r++) {
		if (p[r] == '\\' && r + 1 < f->vlen &&
		    (p[r + 1] == '"' || p[r + 1] == '\\'))
			r++;
		p[w++] = p[r];
	}
	p[w] = '\0';
	f->vlen = w;
}

/* Add a value, or null if it is "-". */
static void
add_or_null(struct fieldlist *fl, const char *key, const char *v, size_t n,
    enum ftype type)
{
	if (n == 1 && v[0] == '-')
		fields_add(fl, key, strlen(key), "", 0, F_NULL);
	else
		add_text(fl, key, v, n, type);
}

static void
add_null(struct fieldlist *fl, const char *key)
{
	fields_add(fl, key, strlen(key), "", 0, F_NULL);
}

/* An HTTP method: letters, digits, '-' and '_'. */
static int
is_method(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_'))
			return 0;
	return 1;
}

/* A protocol such as HTTP/1.1 or RTSP/1.0: letters, '/', a version. */
static int
is_protocol(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= 'A' && s[i] <= 'Z')
		i++;
	if (i == 0 || i + 1 >= n || s[i] != '/')
		return 0;
	for (i++; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return 0;
	return 1;
}

/*
 * The request line: METHOD SP TARGET SP PROTOCOL becomes method, path
 * and protocol; anything else ("-", HTTP/0.9, binary junk) leaves them
 * null and keeps the text in request.
 */
static void
add_request(struct fieldlist *fl, const char *r, size_t n)
{
	const char *sp1, *sp2;
	size_t ml, tl, pl;

	if ((sp1 = memchr(r, ' ', n)) == NULL)
		goto raw;
	ml = (size_t)(sp1 - r);
	if ((sp2 = memchr(sp1 + 1, ' ', n - ml - 1)) == NULL)
		goto raw;
	tl = (size_t)(sp2 - sp1 - 1);
	pl = n - ml - tl - 2;
	if (tl == 0 || memchr(sp2 + 1, ' ', pl) != NULL ||
	    !is_method(r, ml) || !is_protocol(sp2 + 1, pl))
		goto raw;
	fields_add(fl, "method", 6, r, ml, F_STRING);
	add_text(fl, "path", sp1 + 1, tl, F_STRING);
	fields_add(fl, "protocol", 8, sp2 + 1, pl, F_STRING);
	return;
raw:
	add_null(fl, "method");
	add_null(fl, "path");
	add_null(fl, "protocol");
	add_text(fl, "request", r, n, F_STRING);
}

static int
is_keychar(char c, int first)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	    (!first && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
}

/*
 * Trailing key=value pairs (bare or quoted values, separated by
 * blanks).  Returns 0 if s[0..n) is not such a sequence.  With fl,
 * also adds them: F_INFER, "-" as null.
 */
static int
pairs(const char *s, size_t n, struct fieldlist *fl)
{
	char key[128];
	size_t i = 0, k, v, e;

	while (i < n) {
		for (k = i; k < n && is_keychar(s[k], k == i); k++)
			;
		if (k == i || k - i >= sizeof(key) || k >= n || s[k] != '=')
			return 0;
		v = k + 1;
		if (v < n && s[v] == '"') {
			if ((e = quoted(s, n, v)) == 0)
				return 0;
		} else
			e = v + bytes_word(s, n, v);
		if (fl != NULL) {
			memcpy(key, s + i, k - i);
			key[k - i] = '\0';
			if (v < n && s[v] == '"')
				add_text(fl, key, s + v + 1, e - v - 2,
				    F_INFER);
			else
				add_or_null(fl, key, s + v, e - v, F_INFER);
		}
		i = bytes_skip_blanks(s, n, e);
	}
	return 1;
}

/* What follows the last field: key=value pairs, or one "extra" field. */
static void
add_trailer(struct fieldlist *fl, const char *s, size_t n)
{
	while (n > 0 && bytes_blank(s[n - 1]))
		n--;
	if (n == 0)
		return;
	if (pairs(s, n, NULL))
		pairs(s, n, fl);
	else
		fields_add(fl, "extra", 5, s, n, F_STRING);
}

/* The time in brackets at s[i] == '['; returns the index after ']'. */
static size_t
bracket_time(const char *s, size_t n, size_t i, const struct tzspec *tz,
    int64_t *ns, int *prec, struct sluice_err *err)
{
	const char *close;
	size_t tl, k;

	if ((close = memchr(s + i, ']', n - i)) == NULL) {
		err_set(err, i + 1, "expected ']' after the time");
		return 0;
	}
	tl = (size_t)(close - s) - i - 1;
	if (timefmt_parse_clf(s + i + 1, tl, ns, prec) == tl && tl > 0)
		return i + tl + 2;
	for (k = 0; k < NELEM(alt_times); k++)
		if (timefmt_strptime(s + i + 1, tl, alt_times[k], tz, ns,
		    prec) == tl && tl > 0)
			return i + tl + 2;
	err_set(err, i + 2, "bad time '%.*s' (expected "
	    "10/Oct/2000:13:55:36 -0700)", tl > 40 ? 40 : (int)tl, s + i + 1);
	return 0;
}

/* Expect a quoted field at s[*ip]; sets *ip after it. */
static int
need_quoted(const char *s, size_t n, size_t *ip, const char *what,
    struct sluice_err *err)
{
	size_t e;

	if (*ip >= n || s[*ip] != '"')
		return err_set(err, *ip + 1, "expected '\"' before the %s",
		    what);
	if ((e = quoted(s, n, *ip)) == 0)
		return err_set(err, *ip + 1, "unterminated quoted field "
		    "(the %s)", what);
	*ip = e;
	return 0;
}

int
clf_line(const char *s, size_t n, int combined, const struct tzspec *tz,
    struct fieldlist *fl, struct sluice_err *err)
{
	size_t tok[4], tlen[4];
	size_t i, q, k, ntok = 0, base;
	int64_t ns;
	int prec;

	fields_reset(fl);
	if (n == 0)
		return err_set(err, 0, "empty line");
	if (bytes_blank(s[0]))
		return err_set(err, 1, "expected the client address, not "
		    "white space");

	/* [vhost] client ident user, then the time. */
	for (i = 0; i < n && s[i] != '['; i = bytes_skip_blanks(s, n, i + k)) {
		if (ntok == NELEM(tok) || s[i] == '"')
			return err_set(err, i + 1,
			    "expected '[' before the time");
		k = bytes_word(s, n, i);
		tok[ntok] = i;
		tlen[ntok++] = k;
	}
	if (i == n)
		return err_set(err, n + 1, "expected '[' before the time");
	if (ntok < 3)
		return err_set(err, i + 1, "expected client, ident and user "
		    "before the time, found %zu field%s", ntok,
		    ntok == 1 ? "" : "s");
	if ((i = bracket_time(s, n, i, tz, &ns, &prec, err)) == 0)
		return PARSE_ERROR;
	base = ntok - 3;
	if (base == 1)
		add_text(fl, "vhost", s + tok[0], tlen[0], F_STRING);
	add_text(fl, "client", s + tok[base], tlen[base], F_STRING);
	add_or_null(fl, "ident", s + tok[base + 1], tlen[base + 1], F_STRING);
	add_or_null(fl, "user", s + tok[base + 2], tlen[base + 2], F_STRING);
	fields_add_time(fl, ns, prec);

	i = bytes_skip_blanks(s, n, i);
	q = i;
	if (need_quoted(s, n, &i, "request", err) == -1)
		return PARSE_ERROR;
	add_request(fl, s + q + 1, i - q - 2);

	i = bytes_skip_blanks(s, n, i);
	if ((k = bytes_word(s, n, i)) == 0)
		return err_set(err, i + 1, "expected the status after the "
		    "request");
	if (!bytes_digits(s + i, k))
		return err_set(err, i + 1, "status '%.*s' is not a number",
		    k > 20 ? 20 : (int)k, s + i);
	fields_add(fl, "status", 6, s + i, k, F_INFER);

	i = bytes_skip_blanks(s, n, i + k);
	if ((k = bytes_word(s, n, i)) == 0)
		return err_set(err, i + 1, "expected the byte count after the "
		    "status");
	if (!bytes_digits(s + i, k) && !(k == 1 && s[i] == '-'))
		return err_set(err, i + 1, "byte count '%.*s' is not a "
		    "number", k > 20 ? 20 : (int)k, s + i);
	add_or_null(fl, "bytes", s + i, k, F_INFER);
	i = bytes_skip_blanks(s, n, i + k);

	if (combined) {
		q = i;
		if (need_quoted(s, n, &i, "referer", err) == -1)
			return PARSE_ERROR;
		add_or_null(fl, "referer", s + q + 1, i - q - 2, F_STRING);
		i = bytes_skip_blanks(s, n, i);
		q = i;
		if (need_quoted(s, n, &i, "user agent", err) == -1)
			return PARSE_ERROR;
		add_or_null(fl, "user_agent", s + q + 1, i - q - 2, F_STRING);
		i = bytes_skip_blanks(s, n, i);
	}
	add_trailer(fl, s + i, n - i);
	return PARSE_RECORD;
}
