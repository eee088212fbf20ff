/* SPDX-License-Identifier: MIT */
/* canon.h -- canonical JSON values (group keys) and their order. */
#ifndef SLUICE_CANON_H
#define SLUICE_CANON_H

#include <stddef.h>

#include "core/strbuf.h"
#include "json/scan.h"

/*
 * A group key is the canonical JSON text of the key values: compact,
 * strings decoded and re-encoded (so "a" and "\u0061" are one key),
 * numbers and literals as written (1 and 1.0 are two keys), objects
 * with their members in order.  Keys of several fields are one JSON
 * array, "[v1,v2]".  A missing value is null.
 */

/* Append the canonical text of v (JT_MISSING gives null) to sb. */
void	canon_append(struct strbuf *sb, const struct jval *v);
/* Whether the text of v is already canonical (so it can be hashed as is). */
int	canon_is(const struct jval *v);

/*
 * The order of results: null < false < true < numbers < strings <
 * arrays < objects.  Numbers compare numerically (exactly when both
 * are int64), equal ones by their text; strings bytewise on their
 * decoded bytes; arrays element by element, a prefix first; objects
 * member by member (key, then value), a prefix first.  Returns < 0,
 * 0 or > 0 as a sorts before, with or after b.
 */
int	canon_cmp(const struct jval *a, const struct jval *b);
/* Same on two canonical texts (each one JSON value). */
int	canon_cmp_text(const char *a, size_t an, const char *b, size_t bn);

#endif
