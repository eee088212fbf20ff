/* SPDX-License-Identifier: MIT */
/* clf.h -- Common Log Format and the Apache/nginx combined format. */
#ifndef SLUICE_CLF_H
#define SLUICE_CLF_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"
#include "time/timefmt.h"

/* --extra-fields: names for the tokens after the last field. */
struct clf_extra;

/*
 * The names of spec, "name,name,...", or NULL with err set if one is
 * empty, begins with '@', is given twice or is a field of clf already.
 * The caller frees the result with clf_extra_free (NULL is fine).
 */
struct clf_extra *clf_extra_new(const char *spec, struct sluice_err *err);
void	clf_extra_free(struct clf_extra *);

/*
 * host ident user [time] "request" status bytes, and for combined also
 * "referer" "user-agent".  Fields, in order: vhost (only when four
 * words precede the '['), client, ident, user, @timestamp, method,
 * path, protocol (all three null, and a raw request field added, when
 * the request line is not METHOD TARGET PROTOCOL), status, bytes, and
 * for combined referer, user_agent.  "-" is null; status and bytes are
 * F_INFER.  Trailing text that is all key=value pairs (nginx
 * extensions such as request_time=0.042) adds one field per pair,
 * anything else one "extra" field.  The time is CLF, with an optional
 * fraction, or "29/Aug/2023 22:02:58"; without a zone it is read in tz
 * (NULL: UTC).  Resets fl first.  Returns PARSE_RECORD or PARSE_ERROR.
 */
int	clf_line(const char *line, size_t len, int combined,
	    const struct tzspec *tz, struct fieldlist *, struct sluice_err *);
/*
 * The same, with the blank-separated tokens after the last field named
 * by x (NULL: none), in order: "quoted" (a string, \" and \\ undone)
 * and [bracketed] tokens are one token each without their quotes or
 * brackets, a bare one F_INFER; words joined by ", " or " : " are one
 * token, kept as written.  "-" or a missing token adds no field.
 * Tokens past the names are the trailing text as clf_line has it.
 */
int	clf_line_named(const char *line, size_t len, int combined,
	    const struct tzspec *tz, const struct clf_extra *x,
	    struct fieldlist *, struct sluice_err *);

#endif
