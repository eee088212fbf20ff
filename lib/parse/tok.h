/* SPDX-License-Identifier: MIT */
/* tok.h -- small helpers shared by the positional line parsers. */
#ifndef SLUICE_TOK_H
#define SLUICE_TOK_H

#include <stddef.h>
#include <string.h>

#include "core/bytes.h"
#include "parse/fields.h"

/* Add a field under a key known to be new to the list. */
static inline void
tok_add(struct fieldlist *fl, const char *key, const char *v, size_t n,
    enum ftype type)
{
	fields_append(fl, key, strlen(key), v, n, type);
}

/* Same, or null if the value is "-" or empty. */
static inline void
tok_add_or_null(struct fieldlist *fl, const char *key, const char *v,
    size_t n, enum ftype type)
{
	if (n == 0 || (n == 1 && v[0] == '-'))
		fields_append(fl, key, strlen(key), "", 0, F_NULL);
	else
		fields_append(fl, key, strlen(key), v, n, type);
}

/*
 * The end of the quoted text that opens at s[i] == '"' (no escapes
 * inside): the index after the closing quote, or 0 if there is none.
 */
static inline size_t
tok_quoted(const char *s, size_t n, size_t i)
{
	const char *q;

	if (i + 1 >= n || (q = memchr(s + i + 1, '"', n - i - 1)) == NULL)
		return 0;
	return (size_t)(q - s) + 1;
}

/* Whether s[0..n) starts with the word w followed by a blank or the end. */
static inline int
tok_is_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && memcmp(s, w, k) == 0 && (n == k || bytes_blank(s[k]));
}

/* Whether s[0..n) is an integer: an optional '-' and digits. */
static inline int
tok_integer(const char *s, size_t n)
{
	if (n > 1 && s[0] == '-')
		return bytes_digits(s + 1, n - 1);
	return bytes_digits(s, n);
}

#endif
