/* SPDX-License-Identifier: MIT */
/* uri.h -- URI references (RFC 3986): resolution and %-decoding. */
#ifndef SLUICE_URI_H
#define SLUICE_URI_H

#include "core/strbuf.h"

/*
 * The reference ref resolved against base, an absolute URI (RFC 3986
 * section 5.2): the target's parts chosen as in 5.2.2, its path with
 * the dot segments removed (5.2.4), put together once (5.3).  Both are
 * taken as they are, not checked.  Returns a new string (free(3) it);
 * never fails.  uri_resolve("http://a/b/c/d;p?q", "../g") is
 * "http://a/b/g".
 */
char	*uri_resolve(const char *base, const char *ref);

/*
 * The length of the scheme that s[0..n) starts with (RFC 3986 3.1: a
 * letter, then letters, digits, '+', '-' and '.'), 0 if none.  Whether
 * a ':' follows is the caller's to check.
 */
size_t	uri_scheme_len(const char *s, size_t n);

/*
 * Decode the %HH escapes of sb in place.  Returns 0, or -1 at a '%' not
 * followed by two hex digits (sb is then partly decoded).
 */
int	uri_pct_decode(struct strbuf *sb);

#endif
