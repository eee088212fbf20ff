/* SPDX-License-Identifier: MIT */
/* syslog.h -- RFC 3164 and RFC 5424 lines, detected per line. */
#ifndef SLUICE_SYSLOG_H
#define SLUICE_SYSLOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "parse/fields.h"
#include "time/timefmt.h"

struct syslog;

/* year: use this year for RFC 3164 times (0 = infer); tz: zone-less times. */
struct syslog	*syslog_new(int year, const struct tzspec *tz);
/* A new file: infer years again, relative to ref_ns. */
void		 syslog_reset(struct syslog *, int64_t ref_ns);
/* The next RFC 3164 date without a year is taken near ns (as if after
 * a line of that time), unless a year was given. */
void		 syslog_near(struct syslog *, int64_t ns);
/* The state of the year inference, to put back (syslog_set_years())
 * when a line read is not taken after all. */
void		 syslog_years(const struct syslog *, struct yearless *);
void		 syslog_set_years(struct syslog *, const struct yearless *);
/*
 * RFC 5424 (<PRI>1 ...) or RFC 3164 / BSD lines (optional <PRI>, then
 * "Mmm dd hh:mm:ss" or an ISO time with a 'T', a host, an optional
 * "app[pid]:" or "app:", the message).  Fields, in order: facility and
 * severity (names, only with a PRI), @timestamp, host, app, pid, msgid,
 * structured_data ({"id":{"name":"value"}}; a repeated name becomes an
 * array), message (leading blanks removed).  RFC 5424 "-" fields are
 * left out.  Years for RFC 3164 dates: the one given to syslog_new,
 * else for a file's first line the latest year that puts it at most a
 * day after ref_ns, and for each later line the year nearest to the
 * previous line.  Resets fl first.  Returns PARSE_RECORD or
 * PARSE_ERROR (continuation lines, other months than English ones...).
 */
int		 syslog_line(struct syslog *, const char *line, size_t len,
		    struct fieldlist *, struct sluice_err *);
void		 syslog_free(struct syslog *);

#endif
