/* SPDX-License-Identifier: MIT */
/* jsonw.h -- write compact JSON text into a strbuf. */
#ifndef SLUICE_JSONW_H
#define SLUICE_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/strbuf.h"

/*
 * Append s[0..n) as a JSON string: quotes, '"' and '\\' escaped,
 * control characters as \n, \t ... or \u00XX, and any byte that is not
 * valid UTF-8 replaced by U+FFFD.  Returns the number of bytes replaced.
 */
size_t	jsonw_string(struct strbuf *, const char *s, size_t n);
void	jsonw_int(struct strbuf *, int64_t);
/* Append the member ,"name":v (name plain ASCII, no escapes needed). */
void	jsonw_member_int(struct strbuf *, const char *name, int64_t v);
/*
 * The shortest text that reads back as the same double (15, 16 or 17
 * significant digits).  Integral values keep a ".0" so they stay reals;
 * NaN and infinities, which JSON cannot hold, are written as null.
 */
void	jsonw_real(struct strbuf *, double);
/* Compact JSON for any jansson value, object keys in insertion order. */
void	jsonw_value(struct strbuf *, const json_t *);

#endif
