/* SPDX-License-Identifier: MIT */
/* regex.h -- regular expressions: PCRE2 (UTF, JIT, bounded) behind one API. */
#ifndef SLUICE_REGEX_H
#define SLUICE_REGEX_H

#include <stddef.h>

#include "core/common.h"

/*
 * The one regex engine of sluice.  Patterns and subjects are UTF-8 and
 * counted (a NUL is a character like any other); '.' and the classes
 * work on code points.  Matching is bounded: a match that would run
 * longer than RX_MATCH_LIMIT steps of the engine, or need more than
 * RX_HEAP_LIMIT_KB of memory, stops with an error instead of running on,
 * so that no data can make a tool hang on one record.
 *
 * Two dialects:
 *
 *	RX_PCRE	 PCRE2 syntax with Unicode properties for \d \w \s \b and
 *		 the POSIX classes (UCP): what the expressions and ingest's
 *		 user-defined formats use.
 *	RX_ECMA	 the options under the ECMA-262 "u" patterns of JSON Schema
 *		 (see regex/ecma.h, which translates the syntax first): \d
 *		 \w \b ASCII only, \uHHHH and \u{H...} escapes, '$' only at
 *		 the very end, '[]' and '[^]' allowed, and a back-reference
 *		 to a group that did not take part matches the empty string.
 *
 * A compiled pattern holds its own match data: matching changes it, so
 * one struct rx is not for two threads at once.
 */

/* A match may take this many engine steps (pcre2_set_match_limit). */
#define RX_MATCH_LIMIT		1000000
/* ... and this much backtracking memory, in KiB (pcre2_set_heap_limit). */
#define RX_HEAP_LIMIT_KB	16384

enum rx_dialect { RX_PCRE, RX_ECMA };

struct rx;

/*
 * Compile pat[0..n).  Returns the pattern (free with rx_free), or NULL
 * with err->col (1-based, in characters of pat) and err->msg set, as
 * "missing closing parenthesis".
 */
struct rx	*rx_compile(const char *pat, size_t n, enum rx_dialect,
		    struct sluice_err *err);

/*
 * Search s[0..n) for the pattern.  Returns 1 (match), 0 (none), or -1
 * when the match could not be decided: invalid UTF-8 in s, or a limit
 * reached; rx_why() then says which ("invalid UTF-8 at byte 12: ...",
 * "match limit exceeded").  After a 1 the groups can be read with
 * rx_group until the next rx_match on the same pattern.
 */
int		 rx_match(struct rx *, const char *s, size_t n);
/*
 * rx_match for a subject known to be valid UTF-8, such as a string the
 * JSON scanner read (json/scan.h validates and decodes to UTF-8): the
 * check is skipped, and the JIT's code called directly.  Invalid UTF-8
 * here is undefined behaviour, as in PCRE2: never pass raw input.
 */
int		 rx_match_utf8(struct rx *, const char *s, size_t n);

/* Why the last rx_match returned -1; valid until the next rx_match. */
const char	*rx_why(const struct rx *);

/* The number of capturing groups (group 0, the whole match, excluded). */
size_t		 rx_ngroups(const struct rx *);

/*
 * Group k (0: the whole match) of the last successful rx_match: 1 with
 * its offset and length in s, or 0 if the group took no part in it.
 */
int		 rx_group(const struct rx *, size_t k, size_t *off, size_t *len);

/* The number of named groups, and the i-th of them (i < rx_nnames), in
 * the order of their numbers: its name (owned by rx) and group number. */
size_t		 rx_nnames(const struct rx *);
const char	*rx_name(const struct rx *, size_t i, size_t *group);

/* The pattern's text as given (NUL-terminated, owned by rx). */
const char	*rx_text(const struct rx *);

/* Release rx; NULL is fine. */
void		 rx_free(struct rx *);

#endif
