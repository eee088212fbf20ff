/* SPDX-License-Identifier: MIT */
/* timefmt.h -- parse times in many notations, format them as RFC 3339. */
#ifndef SLUICE_TIMEFMT_H
#define SLUICE_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

/*
 * A time is int64 nanoseconds since 1970-01-01T00:00:00Z.  The parsers
 * accept the times from TIME_MIN to TIME_MAX, 1677-09-21T00:12:44Z to
 * 2262-04-11T23:47:16.854775807Z, and nothing outside: below TIME_MIN
 * stays free, so INT64_MIN can mean "no time" to the callers.  Parsers
 * also report the precision of the text: the number of fraction digits
 * it had (0 to 9), which timefmt_format keeps (at least milliseconds).
 */
#define NS_PER_SEC	INT64_C(1000000000)
#define NS_PER_MS	INT64_C(1000000)
#define TIME_MIN_SEC	INT64_C(-9223372036)
#define TIME_MIN	(TIME_MIN_SEC * NS_PER_SEC)
#define TIME_MAX	INT64_MAX

/* Units for epoch numbers. */
enum time_unit {
	TU_AUTO = 0,		/* guess from the magnitude, see below */
	TU_S,
	TU_MS,
	TU_US,
	TU_NS
};

/* How to read times that carry no zone. */
struct tzspec {
	enum { TZ_UTC, TZ_FIXED, TZ_LOCAL } kind;
	int	offset;		/* seconds east of UTC, for TZ_FIXED */
};

#define TZSPEC_UTC	{ TZ_UTC, 0 }

/*
 * "UTC" or "Z", a fixed offset ("+02:00", "-0700"), "local" (the TZ
 * environment), or a zone name ("Europe/Paris", which sets TZ for the
 * process).  Returns 0, or -1 with a message.
 */
int	tzspec_parse(const char *, struct tzspec *, struct sluice_err *);

/* "s", "ms", "us", "ns" -> unit; -1 if none of those. */
int	time_unit_parse(const char *, enum time_unit *);

/*
 * Each parser reads a time at the start of s[0..n) and returns the
 * number of bytes used, or 0 if there is no valid time there.
 *
 * timefmt_parse_iso: RFC 3339 and the common ISO 8601 variants: 'T',
 * 't' or ' ' between date and time, seconds and fraction optional, zone
 * "Z", "+hh:mm", "+hhmm", "+hh" or none (then tz applies), or a date
 * alone (midnight).
 */
size_t	timefmt_parse_iso(const char *s, size_t n, const struct tzspec *tz,
	    int64_t *ns, int *prec);
/* Common log format: "10/Oct/2000:13:55:36 -0700". */
size_t	timefmt_parse_clf(const char *s, size_t n, int64_t *ns, int *prec);
/*
 * strftime-style: %Y %m %d %e %H %M %S %f (fraction) %z %Z %b %B %h
 * %a %A %j %y %p %I %s (epoch seconds) %T %D %F %R %% and %n %t or a
 * space (any run of white space).
 */
size_t	timefmt_strptime(const char *s, size_t n, const char *fmt,
	    const struct tzspec *tz, int64_t *ns, int *prec);
struct yearless;
/*
 * The same, where a format that names no year (%Y, %y) takes the year
 * of the date from yl (below), instead of 1970.
 */
size_t	timefmt_strptime_yearless(const char *s, size_t n, const char *fmt,
	    const struct tzspec *tz, const struct yearless *yl, int64_t *ns,
	    int *prec);
/*
 * Whether a strftime-style format names the year (%Y %y %s %F %D);
 * for alternatives (TIMEFMT_OR), whether each of them does.  A day of
 * the year (%j) without one takes the year of struct yearless given
 * (--year), or 1970.
 */
int	timefmt_has_year(const char *fmt);
/*
 * An epoch number as text ("1588205199.82437", "1446249499322").  With
 * TU_AUTO the unit follows the magnitude of the integer part: below
 * 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds, else
 * nanoseconds.  Returns bytes used or 0.
 */
size_t	timefmt_parse_epoch(const char *s, size_t n, enum time_unit,
	    int64_t *ns, int *prec);
/*
 * Any of the above that consumes the whole string (surrounding white
 * space allowed): ISO 8601, CLF, an epoch number, RFC 2822 / HTTP
 * dates ("Tue, 15 Nov 1994 08:12:31 GMT"), ctime ("Sun Nov  6
 * 08:49:37 1994").  Returns 0, or -1 if nothing matched.
 */
int	timefmt_parse_any(const char *s, size_t n, const struct tzspec *tz,
	    enum time_unit unit, int64_t *ns, int *prec);

/*
 * Between the alternatives of a format given to timefmt_parse_text(),
 * tried in order: "%d %b %Y %T || %s".  Each is at most
 * TIMEFMT_ALT_MAX - 1 bytes.
 */
#define TIMEFMT_OR	"||"
#define TIMEFMT_ALT_MAX	256

/*
 * How to read the time values of a field: a strftime-style format (or
 * NULL for timefmt_parse_any), the zone for zone-less text, the unit
 * of epoch numbers.
 */
struct time_opts {
	const char	*format;
	struct tzspec	 tz;
	enum time_unit	 unit;
	/* A format that names no year: the years (struct yearless),
	 * moved along by each time read; NULL reads them as 1970. */
	struct yearless	*yearless;
};

#define TIME_OPTS_INIT	{ NULL, TZSPEC_UTC, TU_AUTO, NULL }

/* A time given as text, by the options; 0, or -1 if it is not one. */
int	timefmt_parse_text(const char *s, size_t n, const struct time_opts *,
	    int64_t *ns, int *prec);

/* Build a time from civil fields read in zone tz; -1 if invalid. */
int	timefmt_from_civil(int year, int mon, int day, int hour, int min,
	    int sec, int64_t frac_ns, const struct tzspec *tz, int64_t *ns);
/* Month "Jan".."Dec" (or full name) at s: 1..12 and *used, or 0. */
int	timefmt_month(const char *s, size_t n, size_t *used);
/* Civil date of a time in UTC. */
void	timefmt_civil(int64_t ns, int *year, int *mon, int *day, int *hour,
	    int *min, int *sec);

/* The wall clock (CLOCK_REALTIME) now. */
int64_t	timefmt_now(void);

/*
 * Format as RFC 3339 in UTC with 3, 6 or 9 fraction digits (at least
 * prec): "2015-05-17T10:05:03.120Z".  buf needs TIMEFMT_LEN bytes;
 * returns the length.
 */
#define TIMEFMT_LEN	40
size_t	timefmt_format(int64_t ns, int prec, char *buf);
/*
 * Whether s[0..n) is exactly what timefmt_format(ns, 3) writes,
 * "YYYY-MM-DDTHH:MM:SS.fffZ", for a time that timefmt_parse_any() reads
 * as that same ns: 1 with *ns, else 0 (any other text: parse it).  The
 * fast path for the times sluice itself writes.
 */
int	timefmt_canonical(const char *s, size_t n, int64_t *ns);

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
