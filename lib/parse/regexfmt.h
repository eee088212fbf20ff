/* SPDX-License-Identifier: MIT */
/* regexfmt.h -- user-defined line formats: a PCRE2 pattern, named groups. */
#ifndef SLUICE_REGEXFMT_H
#define SLUICE_REGEXFMT_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"

/*
 * A format of ingest -f regex: a pattern searched for in each line
 * (RX_PCRE: UTF-8, \d \w \s Unicode-aware, bounded; anchor it with ^
 * and $ to match whole lines).  Each named group that took part in the
 * match becomes a field, in the order of the groups; one that did not
 * is left out.  A field's value is F_INFER unless a type is set:
 *
 *	string	F_STRING
 *	int	[+-]?[0-9]+, written as a JSON number ("+007" -> 7)
 *	float	a decimal number ("1.", ".5", "+2e3" made JSON: 1, 0.5, 2e3)
 *	bool	true/false, yes/no, on/off, 1/0, in any case
 *	hex	[0x]hex digits, up to 16, written as a decimal number
 *
 * For int, float, bool and hex, "-" (CLF's "no value") and the empty
 * string are null; any other value that does not convert rejects the
 * line.  Fluent Bit's names integer and boolean are taken too.
 */
struct regexfmt;

/*
 * Compile pat[0..n).  Returns the format (free with regexfmt_free), or
 * NULL with err->col (1-based, in characters of pat) and err->msg: a
 * syntax error of the pattern, or a pattern with no named group.
 */
struct regexfmt	*regexfmt_new(const char *pat, size_t n,
		    struct sluice_err *err);

/*
 * Set the types of fields from list, "status=int,bytes=int" (items
 * separated by commas or blanks, '=' or ':' between name and type, as
 * Fluent Bit's "code:integer size:integer").  A later type of a field
 * replaces an earlier one.  Returns 0, or -1 with err->col (1-based,
 * in list) and err->msg for an unknown type or a name that is no named
 * group of the pattern; the types set before it stay.
 */
int	regexfmt_types(struct regexfmt *, const char *list,
	    struct sluice_err *err);

/*
 * Read one line into fl (reset first).  Returns PARSE_RECORD, or
 * PARSE_ERROR with err->msg ("does not match the format", rx_why()'s
 * reason for invalid UTF-8 or a limit reached, or a typed value that
 * does not convert, then with err->col its 1-based byte column).
 */
int	regexfmt_line(struct regexfmt *, const char *line, size_t len,
	    struct fieldlist *fl, struct sluice_err *err);

/* The pattern as given (owned by the format). */
const char *regexfmt_pattern(const struct regexfmt *);

/* Release it; NULL is fine. */
void	regexfmt_free(struct regexfmt *);

#endif
