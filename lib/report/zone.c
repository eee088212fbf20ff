/* SPDX-License-Identifier: MIT */
/* zone.c -- times shown in a chosen zone (report --tz). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/zone.h"

int
zone_local(const struct tzspec *tz)
{
	return tz != NULL && tz->kind != TZ_UTC;
}

int
zone_offset(const struct tzspec *tz, int64_t ns)
{
	static const struct tzspec utc = TZSPEC_UTC;
	struct tm tm;
	time_t secs;
	int64_t back;

	if (!zone_local(tz))
		return 0;
	if (tz->kind == TZ_FIXED)
		return tz->offset;
	secs = (time_t)(ns / NS_PER_SEC - (ns % NS_PER_SEC < 0));
	/* The civil time there, read back as UTC: the difference. */
	if (localtime_r(&secs, &tm) == NULL ||
	    timefmt_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, 0, &utc, &back) == -1)
		return 0;
	return (int)(back / NS_PER_SEC - (int64_t)secs);
}

int
zone_civil(const struct tzspec *tz, int64_t ns, int *year, int *mon,
    int *day, int *hour, int *min, int *sec)
{
	int off = zone_offset(tz, ns);

	timefmt_civil(ns + (int64_t)off * NS_PER_SEC, year, mon, day, hour,
	    min, sec);
	return off;
}

size_t
zone_format(const struct tzspec *tz, int64_t ns, int prec, char *buf)
{
	int off = zone_offset(tz, ns), a;
	size_t n;

	if (!zone_local(tz))
		return timefmt_format(ns, prec, buf);
	n = timefmt_format(ns + (int64_t)off * NS_PER_SEC, prec, buf);
	a = off < 0 ? -off : off;
	/* Replace the "Z": room for "+hh:mm" (TIMEFMT_LEN is ample). */
	return n - 1 + (size_t)snprintf(buf + n - 1, TIMEFMT_LEN - (n - 1),
	    "%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

void
zone_name(const struct tzspec *tz, int64_t ns, char *buf)
{
	int off = zone_offset(tz, ns), a = off < 0 ? -off : off;

	if (!zone_local(tz))
		snprintf(buf, 16, "UTC");
	else
		snprintf(buf, 16, "UTC%c%02d:%02d", off < 0 ? '-' : '+',
		    a / 3600, a / 60 % 60);
}

/* Whether s[0..n) is an RFC 3339 time: 1 and *ns, *prec; else 0. */
static int
rfc3339(const char *s, size_t n, int64_t *ns, int *prec)
{
	static const struct tzspec utc = TZSPEC_UTC;

	if (n < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':')
		return 0;
	return timefmt_parse_iso(s, n, &utc, ns, prec) == n;
}

void
zone_text(const struct tzspec *tz, const char *s, size_t n,
    struct strbuf *out)
{
	char buf[TIMEFMT_LEN];
	int64_t ns;
	int prec;

	if (zone_local(tz) && rfc3339(s, n, &ns, &prec))
		strbuf_add(out, buf, zone_format(tz, ns, prec, buf));
	else
		strbuf_add(out, s, n);
}

void
zone_range(const struct tzspec *tz, const char *s, size_t sn, const char *e,
    size_t en, struct strbuf *out)
{
	zone_text(tz, s, sn, out);
	strbuf_addstr(out, " to ");
	zone_text(tz, e, en, out);
}

void
zone_table(struct table *t, const struct tzspec *tz)
{
	char buf[TIMEFMT_LEN];
	const struct table_cell *cell;
	size_t r, j, nc, col;
	unsigned flags;
	int64_t ns;
	int prec;

	if (!zone_local(tz))
		return;
	/*
	 * Missing cells hold no time: the present ones alone.  Setting a
	 * present cell again leaves the row's cells where they are.
	 */
	for (r = 0; r < t->nrows; r++) {
		nc = table_row_cells(t, r, &cell);
		for (j = 0; j < nc; j++) {
			if (!rfc3339(t->text.buf + cell[j].off, cell[j].n,
			    &ns, &prec))
				continue;
			col = cell[j].col;
			flags = cell[j].flags;
			table_set(t, r, col, buf,
			    zone_format(tz, ns, prec, buf), flags & TABLE_NUM);
		}
	}
}
