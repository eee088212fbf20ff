/* SPDX-License-Identifier: MIT */
/* errlog.h -- the error logs of Apache httpd and nginx. */
#ifndef SLUICE_ERRLOG_H
#define SLUICE_ERRLOG_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"
#include "time/timefmt.h"

/*
 * Apache httpd, 2.2 and 2.4 (the default ErrorLogFormat):
 *   [Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1:tid 2]
 *   [client 127.0.0.1:60444] AH00135: message
 * fields @timestamp, module, level, pid, tid, client, message (each
 * present only when the line has it); nginx:
 *   2023/08/20 10:12:13 [error] 1234#5678: *99 message, client: ...
 * fields @timestamp, level, pid, tid, connection, message, and the
 * ", client: ..., server: ..., request: "..." ..." that nginx appends,
 * one field per name (client, server, request, upstream, host,
 * referrer).  Times carry no zone: they are read in tz (NULL: UTC).
 * Resets fl first.  Returns PARSE_RECORD or PARSE_ERROR.
 */
int	errlog_line(const char *line, size_t len, const struct tzspec *tz,
	    struct fieldlist *, struct sluice_err *);

#endif
