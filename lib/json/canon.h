/* SPDX-License-Identifier: MIT */
/* canon.h -- canonical JSON values (group keys) and their order. */
#ifndef SLUICE_CANON_H
#define SLUICE_CANON_H

#include <stddef.h>

#include "core/strbuf.h"
#include "json/scan.h"

/*
 * A group key is the canonical JSON text of the key values, one text
 * per value, so that values that are equal have one text:
 *
 *  - compact, strings decoded and re-encoded ("a" and "\u0061" are one
 *    key);
 *  - numbers by their exact decimal value, in the form of canon_number
 *    below (1, 1.0, 1e0 and 10e-1 are all 1; -0 is 0), a string that
 *    holds a number staying a string;
 *  - objects with their members sorted by name (bytewise on the
 *    decoded names), members of one name by value, so that the order
 *    in which a record lists them does not matter.
 *
 * Keys of several fields are one JSON array, "[v1,v2]".  A missing
 * value is null.
 *
 * The canonical form of a number is that of ECMAScript's
 * Number::toString, on the exact decimal value rather than on a
 * double: with the significant digits D (no leading or trailing zero,
 * k of them) and n such that the value is 0.D x 10^n,
 *
 *	k <= n <= 21	D then n - k zeros		1500, 1
 *	0 < n <= 21	D with a point after n digits	12.5
 *	-6 < n <= 0	0. then -n zeros then D		0.001
 *	otherwise	D1[.D2...]e(n - 1)		1e21, 1.5e-7
 *
 * a minus sign before a value below zero.  A number whose n is beyond
 * +-10^15 (no double is near it) is kept as written.
 */

/* Append the canonical text of v (JT_MISSING gives null) to sb. */
void	canon_append(struct strbuf *sb, const struct jval *v);
/* Whether the text of v is already canonical (so it can be hashed as is). */
int	canon_is(const struct jval *v);

/*
 * Append v compact, as written otherwise: strings decoded and
 * re-encoded, numbers and the order of members as they are (for values
 * shown as they came, such as those of first and last).  JT_MISSING
 * gives null.
 */
void	canon_compact_append(struct strbuf *sb, const struct jval *v);
/* Whether the text of v is already such a compact text. */
int	canon_compact_is(const struct jval *v);

/*
 * The order of results: null < false < true < numbers < strings <
 * arrays < objects.  Numbers compare by their exact decimal values;
 * strings bytewise on their decoded bytes; arrays element by element,
 * a prefix first; objects member by member in canonical order (name,
 * then value), a prefix first.  Returns < 0, 0 or > 0 as a sorts
 * before, with or after b; 0 exactly when their canonical texts are
 * the same.
 */
int	canon_cmp(const struct jval *a, const struct jval *b);
/* Same on two canonical texts (each one JSON value). */
int	canon_cmp_text(const char *a, size_t an, const char *b, size_t bn);

#endif
