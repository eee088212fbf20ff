/* SPDX-License-Identifier: MIT */
/* clf.c -- Common Log Format and the Apache/nginx combined format. */
#include <stdlib.h>
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

/* An IPv4 address with an optional :port. */
static int
is_ipv4(const char *s, size_t n)
{
	size_t i = 0, dots = 0, d;
	int v;

	for (;;) {
		for (d = 0, v = 0; i < n && bytes_digit(s[i]) && d < 4; i++, d++)
			v = v * 10 + (s[i] - '0');
		if (d == 0 || d > 3 || v > 255)
			return 0;
		if (i == n || s[i] != '.' || ++dots > 3)
			break;
		i++;
	}
	if (dots != 3)
		return 0;
	return i == n || (s[i] == ':' && bytes_digits(s + i + 1, n - i - 1));
}

/* An IPv6 address: hex digits, '.' and at least two ':'. */
static int
is_ipv6_bare(const char *s, size_t n)
{
	size_t i, colons = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ':')
			colons++;
		else if (bytes_hex(s[i]) < 0 && s[i] != '.')
			return 0;
	}
	return colons >= 2;
}

/* An IPv6 address, or one in brackets with an optional :port. */
static int
is_ipv6(const char *s, size_t n)
{
	const char *close;
	size_t i;

	if (n == 0 || s[0] != '[')
		return is_ipv6_bare(s, n);
	if ((close = memchr(s, ']', n)) == NULL)
		return 0;
	i = (size_t)(close - s) + 1;
	if (i < n && !(s[i] == ':' && bytes_digits(s + i + 1, n - i - 1)))
		return 0;
	return is_ipv6_bare(s + 1, i - 2);
}

/* One address of an X-Forwarded-For list. */
static int
is_addr(const char *s, size_t n)
{
	return is_ipv4(s, n) || is_ipv6(s, n) ||
	    (n == 7 && memcmp(s, "unknown", 7) == 0);
}

/*
 * Whether s[0..n) is a list of two or more addresses separated by
 * commas and optional blanks.  With fl, also adds them to fl as a JSON
 * array named forwarded_for: only after a call without fl said yes.
 */
static int
addr_list(const char *s, size_t n, struct fieldlist *fl)
{
	size_t i = 0, e, k, count = 0;

	if (fl != NULL) {
		fields_append(fl, "forwarded_for", 13, "[", 1, F_JSON);
		strbuf_truncate(&fl->buf, fl->buf.len - 1);
	}
	for (;;) {
		for (e = i; e < n && s[e] != ',' && !bytes_blank(s[e]); e++)
			;
		if (!is_addr(s + i, e - i))
			return 0;
		if (fl != NULL) {
			strbuf_add(&fl->buf, count > 0 ? ",\"" : "\"",
			    count > 0 ? 2 : 1);
			strbuf_add(&fl->buf, s + i, e - i);
			strbuf_addch(&fl->buf, '"');
		}
		count++;
		if ((k = bytes_skip_blanks(s, n, e)) == n)
			break;
		if (s[k] != ',')
			return 0;
		i = bytes_skip_blanks(s, n, k + 1);
	}
	if (fl != NULL) {
		strbuf_addch(&fl->buf, ']');
		strbuf_addch(&fl->buf, '\0');
		fl->f[fl->n - 1].vlen = fl->buf.len - 1 - fl->f[fl->n - 1].val;
	}
	return count > 1;
}

/*
 * The end of the word at s[i], and with lists of the words that a list
 * joins to it: a word after one that ends with ',', a word that begins
 * with one, and with colons a word after a lone ':' (nginx's
 * "10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80").  A word that begins with
 * '"' is never joined, nor one that begins with '[' after a ':'.
 */
static size_t
word_end(const char *s, size_t n, size_t i, int lists, int colons)
{
	size_t e = i + bytes_word(s, n, i), j;

	while (lists) {
		j = bytes_skip_blanks(s, n, e);
		if (j == n || s[j] == '"')
			break;
		if (colons && s[j] == ':' && s[e - 1] != ',' &&
		    j + 1 < n && bytes_blank(s[j + 1])) {
			j = bytes_skip_blanks(s, n, j + 1);
			if (j == n || s[j] == '"' || s[j] == '[')
				break;
		} else if (s[e - 1] != ',' && s[j] != ',')
			break;
		e = j + bytes_word(s, n, j);
	}
	return e;
}

/*
 * The columns before the time, [vhost] client ident user: their starts
 * in tok[] and lengths in tlen[], at most 4, their count in *ntok.  With
 * lists, the words of a list joined by commas are one column.  Returns
 * the index of the '[' of the time, or 0 with err set.
 */
static size_t
columns(const char *s, size_t n, int lists, size_t *tok, size_t *tlen,
    size_t *ntok, struct sluice_err *err)
{
	size_t i, e;

	*ntok = 0;
	for (i = 0; i < n && s[i] != '['; i = bytes_skip_blanks(s, n, e)) {
		if (*ntok == 4 || s[i] == '"') {
			err_set(err, i + 1, "expected '[' before the time");
			return 0;
		}
		e = word_end(s, n, i, lists, 0);
		tok[*ntok] = i;
		tlen[(*ntok)++] = e - i;
	}
	if (i == n) {
		err_set(err, n + 1, "expected '[' before the time");
		return 0;
	}
	if (*ntok < 3) {
		err_set(err, i + 1, "expected client, ident and user before "
		    "the time, found %zu field%s", *ntok, *ntok == 1 ? "" :
		    "s");
		return 0;
	}
	return i;
}

/*
 * Whether the columns that lists joined are right: only the client's,
 * and only into a list of addresses.
 */
static int
columns_joined_well(const char *s, size_t n, const size_t *tok,
    const size_t *tlen, size_t ntok)
{
	size_t c;

	for (c = 0; c < ntok; c++)
		if (bytes_word(s, n, tok[c]) != tlen[c] &&
		    (c != ntok - 3 || !addr_list(s + tok[c], tlen[c], NULL)))
			return 0;
	return 1;
}

/* The client column: a list adds its first address and the list. */
static void
add_client(struct fieldlist *fl, const char *s, size_t n)
{
	size_t k;

	if (memchr(s, ',', n) == NULL || !addr_list(s, n, NULL)) {
		add_text(fl, "client", s, n, F_STRING);
		return;
	}
	for (k = 0; k < n && s[k] != ',' && !bytes_blank(s[k]); k++)
		;
	fields_add(fl, "client", 6, s, k, F_STRING);
	addr_list(s, n, fl);
}

/* --extra-fields: the names of the tokens after the last field. */
struct clf_extra {
	char		*buf;		/* the names, each ending in '\0' */
	const char	**name;
	size_t		 n;
};

/* The fields of a clf or combined line, which no name may take. */
static const char *const own_names[] = {
	"vhost", "client", "forwarded_for", "ident", "user", "method",
	"path", "protocol", "request", "status", "bytes", "referer",
	"user_agent", "extra"
};

/* Whether name is new: not clf's own, not one of the n before it. */
static int
name_ok(const struct clf_extra *x, const char *name, size_t n,
    struct sluice_err *err)
{
	size_t k;

	if (name[0] == '\0')
		return err_set(err, 0, "an empty name");
	if (name[0] == '@')
		return err_set(err, 0, "name '%s' begins with '@', which is "
		    "kept for the stream", name);
	for (k = 0; k < NELEM(own_names); k++)
		if (strcmp(name, own_names[k]) == 0)
			return err_set(err, 0, "'%s' is a field of clf and "
			    "combined already", name);
	for (k = 0; k < n; k++)
		if (strcmp(name, x->name[k]) == 0)
			return err_set(err, 0, "name '%s' is given twice",
			    name);
	return 0;
}

struct clf_extra *
clf_extra_new(const char *spec, struct sluice_err *err)
{
	struct clf_extra *x;
	char *p;
	size_t cap = 1;

	for (p = strchr(spec, ','); p != NULL; p = strchr(p + 1, ','))
		cap++;
	x = xcalloc(1, sizeof(*x));
	x->buf = xstrdup(spec);
	x->name = xreallocarray(NULL, cap, sizeof(*x->name));
	for (p = x->buf; x->n < cap; p += strlen(p) + 1) {
		p[strcspn(p, ",")] = '\0';
		if (name_ok(x, p, x->n, err) == -1) {
			clf_extra_free(x);
			return NULL;
		}
		x->name[x->n++] = p;
	}
	return x;
}

void
clf_extra_free(struct clf_extra *x)
{
	if (x == NULL)
		return;
	free(x->buf);
	free(x->name);
	free(x);
}

/*
 * The token at s[i] after the last field, i < n: "quoted" or
 * [bracketed] (*v, *vn: what is inside, *quote: which), or a bare word
 * with the words a list joins to it.  Returns the index after it, or 0
 * if a quote or bracket is not closed.
 */
static size_t
extra_token(const char *s, size_t n, size_t i, const char **v, size_t *vn,
    char *quote)
{
	size_t e;

	*quote = s[i];
	if (s[i] == '"') {
		if ((e = quoted(s, n, i)) == 0)
			return 0;
	} else if (s[i] == '[') {
		for (e = i + 1; e < n && !(s[e] == ']' &&
		    (e + 1 == n || bytes_blank(s[e + 1]))); e++)
			;
		if (e++ == n)
			return 0;
	} else {
		*quote = '\0';
		e = word_end(s, n, i, 1, 1);
		*v = s + i;
		*vn = e - i;
		return e;
	}
	*v = s + i + 1;
	*vn = e - i - 2;
	return e;
}

/*
 * Add the tokens of s[0..n) as the fields x names, in order; "-"
 * leaves a field out, and so does a missing token.  Returns how many
 * bytes were read: the tokens it named and the blanks after them.
 */
static size_t
add_named(struct fieldlist *fl, const struct clf_extra *x, const char *s,
    size_t n)
{
	const char *v;
	size_t i = 0, e, vn, k;
	char quote;

	for (k = 0; k < x->n && i < n; k++) {
		if ((e = extra_token(s, n, i, &v, &vn, &quote)) == 0)
			break;
		i = bytes_skip_blanks(s, n, e);
		if (vn == 1 && v[0] == '-')
			continue;
		if (quote == '"')
			add_text(fl, x->name[k], v, vn, F_STRING);
		else
			fields_add(fl, x->name[k], strlen(x->name[k]), v, vn,
			    F_INFER);
	}
	return i;
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
	return clf_line_named(s, n, combined, tz, NULL, fl, err);
}

int
clf_line_named(const char *s, size_t n, int combined,
    const struct tzspec *tz, const struct clf_extra *x, struct fieldlist *fl,
    struct sluice_err *err)
{
	size_t tok[4], tlen[4];
	size_t i, q, k, ntok, base;
	int64_t ns;
	int prec;

	fields_reset(fl);
	if (n == 0)
		return err_set(err, 0, "empty line");
	if (bytes_blank(s[0]))
		return err_set(err, 1, "expected the client address, not "
		    "white space");

	/* [vhost] client ident user, then the time. */
	if ((i = columns(s, n, 1, tok, tlen, &ntok, err)) == 0 ||
	    !columns_joined_well(s, n, tok, tlen, ntok))
		if ((i = columns(s, n, 0, tok, tlen, &ntok, err)) == 0)
			return PARSE_ERROR;
	if ((i = bracket_time(s, n, i, tz, &ns, &prec, err)) == 0)
		return PARSE_ERROR;
	base = ntok - 3;
	if (base == 1)
		add_text(fl, "vhost", s + tok[0], tlen[0], F_STRING);
	add_client(fl, s + tok[base], tlen[base]);
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
	if (x != NULL)
		i += add_named(fl, x, s + i, n - i);
	add_trailer(fl, s + i, n - i);
	return PARSE_RECORD;
}
