/* SPDX-License-Identifier: MIT */
/* regex.h -- ECMA-262 patterns of JSON Schema, run as POSIX EREs. */
#ifndef SLUICE_REGEX_H
#define SLUICE_REGEX_H

#include <sys/types.h>

#include <locale.h>
#include <regex.h>
#include <stddef.h>

#include "core/strbuf.h"

/*
 * An ECMA-262 pattern (with the "u" flag) is translated to a POSIX ERE
 * that works on the UTF-8 bytes, compiled and run in the C locale:
 * literal characters become their byte sequences, and character
 * classes and '.' become sets of code point ranges written as
 * alternations of byte-range sequences.  That is exact for everything
 * ERE can say, and what it cannot say (lookaround, backreferences, \b,
 * Unicode property escapes) is refused.  Lazy quantifiers are read as
 * greedy ones: for "is there a match" they are the same.
 *
 * A compiled pattern keeps the verdicts on recent short strings, so
 * matching changes it: it is not for use by two threads at once.
 */
struct regex_slot;

struct regex {
	regex_t			 re;
	char			*src;	/* the ECMA text, for messages */
	int			 ok;	/* re is compiled */
	struct regex_slot	*cache;
};

/*
 * Translate and compile the pattern src[0..n) (UTF-8) into rx, with
 * cloc a C locale (newlocale(3)) for regcomp(3).  Returns 0, or -1 with
 * the reason in why[0..whylen) ("lookahead is not supported").  Either
 * way rx holds memory that regex_free() releases.
 */
int	regex_compile(struct regex *rx, const char *src, size_t n,
	    locale_t cloc, char *why, size_t whylen);

/*
 * Whether s[0..n) (any bytes, NULs too) holds a match: 1 or 0.  rx
 * must have compiled; cloc is the locale it was compiled with.
 * scratch is for a copy of s when it holds a NUL or regexec(3) needs
 * one.  Never fails.
 */
int	regex_match(struct regex *rx, const char *s, size_t n,
	    locale_t cloc, struct strbuf *scratch);

/* Release what rx holds (not rx itself); rx may have failed to compile. */
void	regex_free(struct regex *rx);

#endif
