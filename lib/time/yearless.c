/* SPDX-License-Identifier: MIT */
/* yearless.c -- the year of a date written without one. */
#include "time/yearless.h"

#define DAY_NS		(INT64_C(86400) * NS_PER_SEC)
/* Within this of the previous date no other year is nearer. */
#define HALF_YEAR_NS	(182 * DAY_NS)

void
yearless_init(struct yearless *yl, int year)
{
	yl->year = year;
	yl->ref = timefmt_now();
	yl->prev = 0;
	yl->have_prev = 0;
}

void
yearless_reset(struct yearless *yl, int64_t ref_ns)
{
	yl->ref = ref_ns;
	yl->have_prev = 0;
}

void
yearless_seen(struct yearless *yl, int64_t ns)
{
	yl->prev = ns;
	yl->have_prev = 1;
}

static int64_t
distance(int64_t a, int64_t b)
{
	return a > b ? a - b : b - a;
}

/* The first date of a file: the latest year not after ref + a day. */
static int
first_date(const struct yearless *yl, int mon, int day, int h, int mi,
    int sec, int64_t frac, const struct tzspec *tz, int64_t *ns)
{
	int64_t anchor, t;
	int y, yy, u;

	/* Saturated: a reference near 2262 is no overflow. */
	anchor = yl->ref > INT64_MAX - DAY_NS ? INT64_MAX : yl->ref + DAY_NS;
	timefmt_civil(anchor, &y, &u, &u, &u, &u, &u);
	/* Eight years back reach a Feb 29. */
	for (yy = y; yy >= y - 8; yy--) {
		if (timefmt_from_civil(yy, mon, day, h, mi, sec, frac, tz,
		    &t) == 0 && t <= anchor) {
			*ns = t;
			return 0;
		}
	}
	return -1;
}

int
yearless_time(const struct yearless *yl, int mon, int day, int h, int mi,
    int sec, int64_t frac, const struct tzspec *tz, int64_t *ns)
{
	int64_t t, best = 0;
	int y, d, k, yy, found = 0, u;

	if (yl->year != 0)
		return timefmt_from_civil(yl->year, mon, day, h, mi, sec,
		    frac, tz, ns);
	if (!yl->have_prev)
		return first_date(yl, mon, day, h, mi, sec, frac, tz, ns);
	timefmt_civil(yl->prev, &y, &u, &u, &u, &u, &u);
	if (timefmt_from_civil(y, mon, day, h, mi, sec, frac, tz, &t) == 0 &&
	    distance(t, yl->prev) < HALF_YEAR_NS) {
		*ns = t;
		return 0;
	}
	for (d = 0; d <= 4 && !(found && d > 1); d++) {
		for (k = 0; k < (d == 0 ? 1 : 2); k++) {
			yy = k == 0 ? y - d : y + d;
			if (timefmt_from_civil(yy, mon, day, h, mi, sec, frac,
			    tz, &t) == -1)
				continue;
			if (!found || distance(t, yl->prev) <
			    distance(best, yl->prev))
				best = t;
			found = 1;
		}
	}
	if (!found)
		return -1;
	*ns = best;
	return 0;
}
