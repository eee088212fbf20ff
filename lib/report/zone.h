/* SPDX-License-Identifier: MIT */
/* zone.h -- times shown in a chosen zone (report --tz). */
#ifndef SLUICE_REPORT_ZONE_H
#define SLUICE_REPORT_ZONE_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "report/table.h"
#include "time/timefmt.h"

/*
 * The zone a report shows its times in: a struct tzspec (time/timefmt.h)
 * from tzspec_parse(), or NULL for UTC.  A zone name is read through the
 * TZ environment variable, which tzspec_parse() sets once at startup
 * (localtime_r()); a fixed offset needs nothing.  Times are converted
 * where shown; what the records hold is not changed.
 */

/* Whether tz shows times other than in UTC. */
int	zone_local(const struct tzspec *tz);
/* The offset of tz from UTC at time ns, in seconds east. */
int	zone_offset(const struct tzspec *tz, int64_t ns);
/* The civil time of ns in zone tz; returns its offset (seconds east). */
int	zone_civil(const struct tzspec *tz, int64_t ns, int *year, int *mon,
	    int *day, int *hour, int *min, int *sec);
/*
 * ns as RFC 3339 in zone tz, at least prec fraction digits (3, 6 or
 * 9), with its offset ("2026-11-21T01:00:00.000+01:00"), or with "Z"
 * in UTC as timefmt_format() writes it.  buf needs TIMEFMT_LEN bytes;
 * returns the length.
 */
size_t	zone_format(const struct tzspec *tz, int64_t ns, int prec, char *buf);
/*
 * Append s[0..n) to out, in zone tz if it is an RFC 3339 time
 * ("2026-11-21T00:00:00Z", any fraction and offset), else as it is.
 */
void	zone_text(const struct tzspec *tz, const char *s, size_t n,
	    struct strbuf *out);
/* Append "START to END", each by zone_text(). */
void	zone_range(const struct tzspec *tz, const char *s, size_t sn,
	    const char *e, size_t en, struct strbuf *out);
/* The cells of t that are RFC 3339 times, in zone tz (zone_text()). */
void	zone_table(struct table *t, const struct tzspec *tz);
/* The zone's offset at ns as "UTC+01:00" (or "UTC") in buf[16]. */
void	zone_name(const struct tzspec *tz, int64_t ns, char *buf);

#endif
