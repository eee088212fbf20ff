/* SPDX-License-Identifier: MIT */
/* text.h -- textlog_*: free text, a time at the start and a message. */
#ifndef SLUICE_TEXT_H
#define SLUICE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "parse/fields.h"
#include "time/timefmt.h"

struct textlog;

/* year: for times that have none (0 = infer); tz: for zone-less times. */
struct textlog	*textlog_new(int year, const struct tzspec *tz);
/* A new file: years are inferred relative to ref_ns (its modification time). */
void		 textlog_reset(struct textlog *, int64_t ref_ns);
/*
 * Any line is a record: @timestamp from a time at its start when there
 * is one, and message, the rest of the line (from the line's start if
 * there is no time).  The times read, optionally in '[' ']': ISO 8601
 * (RFC 3339, ' ' or 'T', fraction after '.' or ','; log4j's
 * "yyyy-mm-dd hh:mm:ss,SSS"), "yyyy/mm/dd hh:mm:ss" and
 * "yy/mm/dd hh:mm:ss", ctime ("Sun Dec 04 04:47:44 2005"), syslog's
 * "Mmm dd hh:mm:ss" (its year by struct yearless of time/timefmt.h:
 * given to textlog_new, else inferred from ref_ns and the times before
 * it), and epoch seconds or milliseconds (10 or 13 digits, optional
 * fraction).  A time must be
 * followed by a blank, ',', '|', ']' or the end of the line; blanks
 * and one ',' or '|' after it are not part of the message.  Resets fl
 * first.  Returns PARSE_RECORD.
 */
int		 textlog_line(struct textlog *, const char *line, size_t len,
		    struct fieldlist *, struct sluice_err *);
/* Whether line starts with a time textlog_line() reads. */
int		 textlog_has_time(struct textlog *, const char *line, size_t len);
void		 textlog_free(struct textlog *);

#endif
