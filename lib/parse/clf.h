/* SPDX-License-Identifier: MIT */
/* clf.h -- Common Log Format and the Apache/nginx combined format. */
#ifndef SLUICE_CLF_H
#define SLUICE_CLF_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"
#include "time/timefmt.h"

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

#endif
