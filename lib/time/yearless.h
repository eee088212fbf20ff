/* SPDX-License-Identifier: MIT */
/* yearless.h -- the year of a date written without one. */
#ifndef SLUICE_YEARLESS_H
#define SLUICE_YEARLESS_H

#include <stdint.h>

#include "time/timefmt.h"

/*
 * Many logs write dates without a year: syslog's "Oct 11 22:14:15",
 * glog's "I0526 11:18:41", logcat's "05-26 11:18:41.509".  With a year
 * given (--year), that year.  Otherwise the first date of a file takes
 * the latest year that puts it no more than a day after the reference
 * time (the file's modification time, or now for a pipe), and each
 * later date the year, among the years around the previous date's,
 * that puts it nearest to the previous date: Dec 31 then Jan 1 moves
 * to the next year, a date slightly out of order stays in its year.
 */
struct yearless {
	int	 year;		/* given, or 0: inferred */
	int64_t	 ref;		/* the first date: near this time */
	int64_t	 prev;		/* the previous date's time */
	int	 have_prev;
};

/* Set yl up: year given (1600..2400), or 0 to infer it. */
void	yearless_init(struct yearless *yl, int year);
/* A new file begins, with this reference time (ns since the epoch). */
void	yearless_reset(struct yearless *yl, int64_t ref_ns);
/*
 * The time of a date without a year, read in zone tz: 0 and *ns, or -1
 * when no year near the reference makes it a date (Feb 30).  It does
 * not move the inference along: yearless_seen() does.
 */
int	yearless_time(const struct yearless *yl, int mon, int day, int hour,
	    int min, int sec, int64_t frac, const struct tzspec *tz,
	    int64_t *ns);
/* A record's time: the next date is taken near it. */
void	yearless_seen(struct yearless *yl, int64_t ns);

#endif
