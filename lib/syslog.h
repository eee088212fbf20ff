/* SPDX-License-Identifier: MIT */
/* syslog.h -- RFC 3164 and RFC 5424 lines, detected per line. */
#ifndef SLUICE_SYSLOG_H
#define SLUICE_SYSLOG_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "fields.h"
#include "timefmt.h"

struct syslog;

/* year: use this year for RFC 3164 times (0 = infer); tz: zone-less times. */
struct syslog	*syslog_new(int year, const struct tzspec *tz);
/* A new file: infer years again, relative to ref_ns. */
void		 syslog_reset(struct syslog *, int64_t ref_ns);
/* Returns PARSE_RECORD or PARSE_ERROR. */
int		 syslog_line(struct syslog *, const char *line, size_t len,
		    struct fieldlist *, struct sluice_err *);
void		 syslog_free(struct syslog *);

#endif
