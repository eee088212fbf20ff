/* SPDX-License-Identifier: MIT */
/* timefmt.c -- fuzz time parsing and formatting (time/timefmt). */
#include "fuzz.h"
#include "time/timefmt.h"

/*
 * Input: byte 0 chooses the epoch unit and byte 1 the zone of zone-less
 * times (UTC or a fixed offset; never a zone name, which would set TZ);
 * the rest is a time text for every parser, and for timefmt_strptime()
 * a format, then a NUL or newline, then the text.  Every time read
 * must format (9 digits) to RFC 3339 that reads back to the same ns,
 * and go to civil fields and back.  The first 8 bytes as an int64 go
 * through the same round trip when they are a time the parsers take
 * (a whole second away from either end of the int64 range).
 * timefmt_canonical() says yes exactly when the general reader and
 * writer give back the same text at millisecond precision.  The format
 * is also read with the year inferred (struct yearless, time/timefmt.h), from a
 * reference time of the first 8 bytes, then near what it read.
 */

#define SECS_MAX	(INT64_MAX / NS_PER_SEC - 2)

static void
round_trip(int64_t ns)
{
	struct tzspec utc = TZSPEC_UTC;
	char buf[TIMEFMT_LEN];
	int64_t back;
	size_t n;
	int y, mo, d, h, mi, s, prec;

	n = timefmt_format(ns, 9, buf);
	FUZZ_ASSERT(n > 0 && n < TIMEFMT_LEN && buf[n] == '\0');
	FUZZ_ASSERT(timefmt_parse_iso(buf, n, &utc, &back, &prec) == n);
	FUZZ_ASSERT(back == ns && prec == 9);
	timefmt_civil(ns, &y, &mo, &d, &h, &mi, &s);
	FUZZ_ASSERT(timefmt_from_civil(y, mo, d, h, mi, s,
	    ((ns % NS_PER_SEC) + NS_PER_SEC) % NS_PER_SEC, &utc, &back) == 0);
	FUZZ_ASSERT(back == ns);
	(void)timefmt_format(ns, 0, buf);
	(void)timefmt_format(ns, 3, buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum time_unit units[] = { TU_AUTO, TU_S, TU_MS, TU_US,
	    TU_NS };
	struct time_opts o = TIME_OPTS_INIT;
	struct tzspec tz = TZSPEC_UTC;
	struct yearless yl;
	const char *s, *fmt, *text;
	size_t n, fn, tn, used, i;
	uint64_t u = 0;
	int64_t ns, secs, ref;
	char *cfmt;
	int prec, month;

	if (size >= 8) {
		memcpy(&u, data, 8);
		ns = (int64_t)u;
		/* Whole seconds, rounded down as timefmt counts them. */
		secs = ns / NS_PER_SEC - (ns % NS_PER_SEC < 0);
		if (secs >= -SECS_MAX && secs <= SECS_MAX)
			round_trip(ns);
	}
	ref = (int64_t)u;
	if (size < 2)
		return 0;
	o.unit = units[data[0] % NELEM(units)];
	if (data[1] & 1) {
		tz.kind = TZ_FIXED;
		tz.offset = ((data[1] >> 1) % 105 - 52) * 900;
	}
	o.tz = tz;
	s = (const char *)data + 2;
	n = size - 2;

	/* The fast path agrees with the general reader and writer. */
	{
		struct tzspec utc = TZSPEC_UTC;
		char back[TIMEFMT_LEN];
		int64_t a, b;
		int yes, pa;

		yes = timefmt_canonical(s, n, &a);
		pa = timefmt_parse_any(s, n, &utc, TU_AUTO, &b, &prec) == 0 &&
		    prec == 3 && timefmt_format(b, 3, back) == n &&
		    memcmp(back, s, n) == 0;
		FUZZ_ASSERT(yes == pa && (!yes || a == b));
	}
	if ((used = timefmt_parse_iso(s, n, &tz, &ns, &prec)) > 0) {
		FUZZ_ASSERT(used <= n && prec >= 0 && prec <= 9);
		round_trip(ns);
	}
	if ((used = timefmt_parse_clf(s, n, &ns, &prec)) > 0) {
		FUZZ_ASSERT(used <= n);
		round_trip(ns);
	}
	if ((used = timefmt_parse_epoch(s, n, o.unit, &ns, &prec)) > 0) {
		FUZZ_ASSERT(used <= n);
		round_trip(ns);
	}
	if (timefmt_parse_any(s, n, &tz, o.unit, &ns, &prec) == 0)
		round_trip(ns);
	if (timefmt_parse_text(s, n, &o, &ns, &prec) == 0)
		round_trip(ns);
	month = timefmt_month(s, n, &used);
	FUZZ_ASSERT(month >= 0 && month <= 12 && (month == 0 || used <= n));

	fuzz_split(data + 2, size - 2, &fmt, &fn, &text, &tn);
	cfmt = fuzz_str(fmt, fn);
	if ((used = timefmt_strptime(text, tn, cfmt, &tz, &ns, &prec)) > 0) {
		FUZZ_ASSERT(used <= tn);
		round_trip(ns);
	}
	o.format = cfmt;
	if (timefmt_parse_text(text, tn, &o, &ns, &prec) == 0)
		round_trip(ns);
	yearless_init(&yl, 0);
	yearless_reset(&yl, ref);
	o.yearless = &yl;
	for (i = 0; i < 2; i++) {
		if ((used = timefmt_strptime_yearless(text, tn, cfmt, &tz, &yl,
		    &ns, &prec)) > 0) {
			FUZZ_ASSERT(used <= tn);
			round_trip(ns);
		}
		/* The second time, near the first. */
		if (timefmt_parse_text(text, tn, &o, &ns, &prec) == 0)
			round_trip(ns);
	}
	free(cfmt);
	return 0;
}
