/* SPDX-License-Identifier: MIT */
/* uri.c -- URI references (RFC 3986): resolution and %-decoding. */
#include <string.h>

#include "core/bytes.h"
#include "core/common.h"
#include "schema/uri.h"

/* A URI reference cut into its parts (RFC 3986 section 3). */
struct uparts {
	const char	*scheme, *auth, *path, *query, *frag;
	size_t		 nscheme, nauth, npath, nquery, nfrag;
	int		 has_scheme, has_auth, has_query, has_frag;
};

size_t
uri_scheme_len(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && (bytes_alpha(s[i]) || (i > 0 &&
	    (bytes_digit(s[i]) || s[i] == '+' || s[i] == '-' ||
	    s[i] == '.'))); i++)
		;
	return i;
}

static void
uri_split(const char *s, struct uparts *u)
{
	const char *p = s, *q;

	memset(u, 0, sizeof(*u));
	q = s + uri_scheme_len(s, strlen(s));
	if (q > s && *q == ':') {
		u->has_scheme = 1;
		u->scheme = s;
		u->nscheme = (size_t)(q - s);
		p = q + 1;
	}
	if (p[0] == '/' && p[1] == '/') {
		u->has_auth = 1;
		u->auth = p + 2;
		for (q = u->auth; *q != '\0' && *q != '/' && *q != '?' &&
		    *q != '#'; q++)
			;
		u->nauth = (size_t)(q - u->auth);
		p = q;
	}
	u->path = p;
	for (q = p; *q != '\0' && *q != '?' && *q != '#'; q++)
		;
	u->npath = (size_t)(q - p);
	p = q;
	if (*p == '?') {
		u->has_query = 1;
		u->query = p + 1;
		for (q = p + 1; *q != '\0' && *q != '#'; q++)
			;
		u->nquery = (size_t)(q - u->query);
		p = q;
	}
	if (*p == '#') {
		u->has_frag = 1;
		u->frag = p + 1;
		u->nfrag = strlen(p + 1);
	}
}

/* RFC 3986 5.2.4, appending the result to out. */
static void
remove_dots(const char *in, size_t n, struct strbuf *out)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = in, *end = in + n, *q;
	size_t k;

	while (p < end) {
		if (end - p >= 3 && memcmp(p, "../", 3) == 0)
			p += 3;
		else if (end - p >= 2 && memcmp(p, "./", 2) == 0)
			p += 2;
		else if (end - p >= 3 && memcmp(p, "/./", 3) == 0)
			p += 2;
		else if (end - p == 2 && memcmp(p, "/.", 2) == 0) {
			p += 1;
			strbuf_addch(&b, '/');
			p = end;
		} else if ((end - p >= 4 && memcmp(p, "/../", 4) == 0) ||
		    (end - p == 3 && memcmp(p, "/..", 3) == 0)) {
			p += 3;
			for (k = b.len; k > 0 && b.buf[k - 1] != '/'; k--)
				;
			strbuf_truncate(&b, k > 0 ? k - 1 : 0);
			if (p >= end)
				strbuf_addch(&b, '/');
		} else if ((end - p == 1 && *p == '.') ||
		    (end - p == 2 && memcmp(p, "..", 2) == 0))
			p = end;
		else {
			for (q = p + 1; q < end && *q != '/'; q++)
				;
			strbuf_add(&b, p, (size_t)(q - p));
			p = q;
		}
	}
	if (b.len > 0)
		strbuf_add(out, b.buf, b.len);
	strbuf_release(&b);
}

char *
uri_resolve(const char *base, const char *ref)
{
	struct strbuf o = STRBUF_INIT, path = STRBUF_INIT, m = STRBUF_INIT;
	struct uparts b, r, t;
	const char *slash;
	size_t k;

	uri_split(base, &b);
	uri_split(ref, &r);
	t = r;
	if (!r.has_scheme) {
		t.has_scheme = b.has_scheme;
		t.scheme = b.scheme;
		t.nscheme = b.nscheme;
	}
	if (r.has_scheme || r.has_auth) {
		remove_dots(r.path, r.npath, &path);
	} else {
		t.has_auth = b.has_auth;
		t.auth = b.auth;
		t.nauth = b.nauth;
		if (r.npath == 0) {
			strbuf_add(&path, b.path, b.npath);
			if (!r.has_query) {
				t.has_query = b.has_query;
				t.query = b.query;
				t.nquery = b.nquery;
			}
		} else if (r.path[0] == '/') {
			remove_dots(r.path, r.npath, &path);
		} else {
			/* Merge: the base's path up to its last '/'. */
			if (b.has_auth && b.npath == 0)
				strbuf_addch(&m, '/');
			else {
				for (slash = NULL, k = 0; k < b.npath; k++)
					if (b.path[k] == '/')
						slash = b.path + k;
				if (slash != NULL)
					strbuf_add(&m, b.path,
					    (size_t)(slash - b.path) + 1);
			}
			strbuf_add(&m, r.path, r.npath);
			remove_dots(m.buf, m.len, &path);
		}
	}
	if (t.has_scheme) {
		strbuf_add(&o, t.scheme, t.nscheme);
		strbuf_addch(&o, ':');
	}
	if (t.has_auth) {
		strbuf_addstr(&o, "//");
		strbuf_add(&o, t.auth, t.nauth);
	}
	strbuf_add(&o, path.buf, path.len);
	if (t.has_query) {
		strbuf_addch(&o, '?');
		strbuf_add(&o, t.query, t.nquery);
	}
	if (r.has_frag) {
		strbuf_addch(&o, '#');
		strbuf_add(&o, r.frag, r.nfrag);
	}
	strbuf_release(&m);
	strbuf_release(&path);
	if (o.buf == NULL)
		return xstrdup("");
	return strbuf_detach(&o, NULL);
}

int
uri_pct_decode(struct strbuf *sb)
{
	size_t i, j = 0;

	for (i = 0; i < sb->len; i++) {
		if (sb->buf[i] == '%') {
			if (i + 2 >= sb->len ||
			    bytes_hex(sb->buf[i + 1]) < 0 ||
			    bytes_hex(sb->buf[i + 2]) < 0)
				return -1;
			sb->buf[j++] = (char)(bytes_hex(sb->buf[i + 1]) << 4 |
			    bytes_hex(sb->buf[i + 2]));
			i += 2;
		} else
			sb->buf[j++] = sb->buf[i];
	}
	strbuf_truncate(sb, j);
	return 0;
}

