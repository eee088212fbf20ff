/* SPDX-License-Identifier: MIT */
/* time.c -- unit tests of time/timefmt: parse times, format RFC 3339. */
#include <string.h>

#include "time/timefmt.h"

#include "check.h"

/* Parse with timefmt_parse_any, format back, compare; want NULL: error. */
static void
check_time(const char *in, const char *want, int line)
{
	struct tzspec utc = TZSPEC_UTC;
	char buf[TIMEFMT_LEN];
	int64_t ns;
	int prec;

	if (timefmt_parse_any(in, strlen(in), &utc, TU_AUTO, &ns, &prec) ==
	    -1) {
		if (want != NULL) {
			fprintf(stderr, "%s:%d: '%s' did not parse\n",
			    __FILE__, line, in);
			check_failures++;
		}
		return;
	}
	timefmt_format(ns, prec, buf);
	if (want == NULL || strcmp(buf, want) != 0) {
		fprintf(stderr, "%s:%d: '%s' -> '%s', want '%s'\n", __FILE__,
		    line, in, buf, want ? want : "(error)");
		check_failures++;
	}
}
#define TIME(in, want)	check_time(in, want, __LINE__)

/* Format ns with prec and compare. */
static void
check_format(int64_t ns, int prec, const char *want, int line)
{
	char buf[TIMEFMT_LEN];
	size_t n;

	n = timefmt_format(ns, prec, buf);
	if (n != strlen(want) || strcmp(buf, want) != 0) {
		fprintf(stderr, "%s:%d: %lld/%d -> '%s', want '%s'\n",
		    __FILE__, line, (long long)ns, prec, buf, want);
		check_failures++;
	}
}
#define FORMAT(ns, prec, want)	check_format(ns, prec, want, __LINE__)

static void
test_any(void)
{
	/* RFC 3339 with offsets and fractions of every length. */
	TIME("2015-05-17T10:05:03Z", "2015-05-17T10:05:03.000Z");
	TIME("2015-05-17T10:05:03.1Z", "2015-05-17T10:05:03.100Z");
	TIME("2015-05-17T10:05:03.123456Z", "2015-05-17T10:05:03.123456Z");
	TIME("2015-05-17T10:05:03.1234567Z",
	    "2015-05-17T10:05:03.123456700Z");
	TIME("2024-04-06T18:58:23.435979+09:00",
	    "2024-04-06T09:58:23.435979Z");
	TIME("1986-04-26T01:23:45.101+0400", "1986-04-25T21:23:45.101Z");
	TIME("2000-01-01T00:00:00-05", "2000-01-01T05:00:00.000Z");
	TIME("2000-01-01 00:00:00", "2000-01-01T00:00:00.000Z");
	TIME("2000-01-01t00:00z", "2000-01-01T00:00:00.000Z");
	TIME("2000-02-29", "2000-02-29T00:00:00.000Z");
	TIME("  2000-01-01T00:00:00Z\t", "2000-01-01T00:00:00.000Z");
	/* Invalid dates and times. */
	TIME("1900-02-29T00:00:00Z", NULL);
	TIME("2015-13-01T00:00:00Z", NULL);
	TIME("2015-05-17T24:00:00Z", NULL);
	TIME("2015-05-17T10:05:03Zjunk", NULL);
	TIME("", NULL);
	TIME("yesterday", NULL);
	/* Outside the int64 nanosecond range: 1677-09-21 to 2262-04-11. */
	TIME("2262-04-11T00:00:00Z", "2262-04-11T00:00:00.000Z");
	TIME("2262-04-12T00:00:00Z", NULL);
	TIME("1677-09-22T00:00:00Z", "1677-09-22T00:00:00.000Z");
	TIME("1677-09-20T00:00:00Z", NULL);
	/* To the nanosecond: TIME_MIN and TIME_MAX, and one past each. */
	TIME("2262-04-11T23:47:16.854775807Z",
	    "2262-04-11T23:47:16.854775807Z");
	TIME("2262-04-11T23:47:16.854775808Z", NULL);
	TIME("2262-04-11T23:47:17Z", NULL);
	TIME("2262-04-12T01:47:16+02:00", "2262-04-11T23:47:16.000Z");
	TIME("2262-04-11T23:47:16-00:01", NULL);
	TIME("1677-09-21T00:12:44Z", "1677-09-21T00:12:44.000Z");
	TIME("1677-09-21T00:12:43.999999999Z", NULL);
	TIME("1677-09-20T23:12:44-01:00", "1677-09-21T00:12:44.000Z");
	TIME("9223372036.854775807", "2262-04-11T23:47:16.854775807Z");
	TIME("9223372036.854775808", NULL);
	TIME("9223372036854775807", "2262-04-11T23:47:16.854775807Z");
	TIME("9223372036854775808", NULL);
	TIME("-9223372036", "1677-09-21T00:12:44.000Z");
	TIME("-9223372036.000000001", NULL);
	TIME("-9223372036000000000", "1677-09-21T00:12:44.000000000Z");
	TIME("-9223372036000000001", NULL);
	/* CLF and the dates of mail, HTTP and ctime. */
	TIME("10/Oct/2000:13:55:36 -0700", "2000-10-10T20:55:36.000Z");
	TIME("17/May/2015:10:05:03 +0000", "2015-05-17T10:05:03.000Z");
	TIME("Tue, 15 Nov 1994 08:12:31 GMT", "1994-11-15T08:12:31.000Z");
	TIME("Tue, 15 Nov 1994 08:12:31 +0200", "1994-11-15T06:12:31.000Z");
	TIME("Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37.000Z");
	/* Epoch numbers, unit by magnitude. */
	TIME("1588205199.82437", "2020-04-30T00:06:39.824370Z");
	TIME("1446249499322", "2015-10-30T23:58:19.322Z");
	TIME("1534860261221373", "2018-08-21T14:04:21.221373Z");
	TIME("1700000000000000000", "2023-11-14T22:13:20.000000000Z");
	TIME("0", "1970-01-01T00:00:00.000Z");
	TIME("-1", "1969-12-31T23:59:59.000Z");
	/* Before 1970, formatting keeps the fraction positive. */
	TIME("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z");
}

static void
test_format(void)
{
	/* At least milliseconds; then 6 or 9 digits as the precision needs. */
	FORMAT(0, 0, "1970-01-01T00:00:00.000Z");
	FORMAT(1, 0, "1970-01-01T00:00:00.000Z");
	FORMAT(1, 9, "1970-01-01T00:00:00.000000001Z");
	FORMAT(123456789, 4, "1970-01-01T00:00:00.123456Z");
	FORMAT(123456789, 7, "1970-01-01T00:00:00.123456789Z");
	FORMAT(-1, 9, "1969-12-31T23:59:59.999999999Z");
	FORMAT(INT64_C(951782400) * NS_PER_SEC, 3,
	    "2000-02-29T00:00:00.000Z");
}

static void
test_parsers(void)
{
	struct tzspec utc = TZSPEC_UTC;
	struct time_opts to = TIME_OPTS_INIT;
	enum time_unit u;
	int64_t ns;
	int prec, y, mo, d, h, mi, s;
	size_t used;

	/* Each parser says how many bytes it read. */
	CHECK_INT(timefmt_parse_iso("2020-01-02T03:04:05Z rest", 25, &utc,
	    &ns, &prec), 20);
	CHECK_INT(ns, INT64_C(1577934245) * NS_PER_SEC);
	CHECK_INT(prec, 0);
	CHECK_INT(timefmt_parse_iso("2020-01-02T03:04:05.25", 22, &utc, &ns,
	    &prec), 22);
	CHECK_INT(prec, 2);
	CHECK_INT(timefmt_parse_iso("20-01-02", 8, &utc, &ns, &prec), 0);
	CHECK_INT(timefmt_parse_clf("10/Oct/2000:13:55:36 -0700]", 27, &ns,
	    &prec), 26);
	CHECK_INT(ns, INT64_C(971211336) * NS_PER_SEC);
	CHECK_INT(timefmt_parse_clf("10/Foo/2000:13:55:36 -0700", 26, &ns,
	    &prec), 0);

	/* Epoch numbers in a given unit, or by magnitude. */
	CHECK_INT(timefmt_parse_epoch("1500", 4, TU_S, &ns, &prec), 4);
	CHECK_INT(ns, 1500 * NS_PER_SEC);
	CHECK_INT(timefmt_parse_epoch("1500", 4, TU_MS, &ns, &prec), 4);
	CHECK_INT(ns, 1500 * NS_PER_MS);
	CHECK_INT(timefmt_parse_epoch("1500", 4, TU_US, &ns, &prec), 4);
	CHECK_INT(ns, 1500000);
	CHECK_INT(timefmt_parse_epoch("1500", 4, TU_NS, &ns, &prec), 4);
	CHECK_INT(ns, 1500);
	CHECK_INT(timefmt_parse_epoch("1.5", 3, TU_S, &ns, &prec), 3);
	CHECK_INT(ns, 1500 * NS_PER_MS);
	/* Seconds below 1e11 (the year 5138), milliseconds above. */
	CHECK_INT(timefmt_parse_epoch("9000000000", 10, TU_AUTO, &ns,
	    &prec), 10);
	CHECK_INT(ns, INT64_C(9000000000) * NS_PER_SEC);
	CHECK_INT(timefmt_parse_epoch("100000000000", 12, TU_AUTO, &ns,
	    &prec), 12);
	CHECK_INT(ns, INT64_C(100000000000) * NS_PER_MS);
	CHECK_INT(timefmt_parse_epoch("x", 1, TU_AUTO, &ns, &prec), 0);
	/* One instant in each unit, by magnitude, as in sluice(7) TIME. */
	CHECK_INT(timefmt_parse_epoch("1704067200", 10, TU_AUTO, &ns,
	    &prec), 10);
	CHECK_INT(ns, INT64_C(1704067200) * NS_PER_SEC);
	CHECK_INT(timefmt_parse_epoch("1704067200123", 13, TU_AUTO, &ns,
	    &prec), 13);
	CHECK_INT(ns, INT64_C(1704067200123) * NS_PER_MS);
	CHECK_INT(timefmt_parse_epoch("1704067200123456", 16, TU_AUTO, &ns,
	    &prec), 16);
	CHECK_INT(ns, INT64_C(1704067200123456) * 1000);
	CHECK_INT(timefmt_parse_epoch("1704067200123456789", 19, TU_AUTO,
	    &ns, &prec), 19);
	CHECK_INT(ns, INT64_C(1704067200123456789));
	/* Past TIME_MAX in a given unit: no time, never a wrapped one. */
	CHECK_INT(timefmt_parse_epoch("9223372037", 10, TU_S, &ns, &prec), 0);
	CHECK_INT(timefmt_parse_epoch("9223372036855", 13, TU_MS, &ns,
	    &prec), 0);
	CHECK_INT(timefmt_parse_epoch("9223372036854", 13, TU_MS, &ns,
	    &prec), 13);
	CHECK_INT(ns, INT64_C(9223372036854) * NS_PER_MS);

	CHECK(time_unit_parse("s", &u) == 0 && u == TU_S);
	CHECK(time_unit_parse("ms", &u) == 0 && u == TU_MS);
	CHECK(time_unit_parse("us", &u) == 0 && u == TU_US);
	CHECK(time_unit_parse("ns", &u) == 0 && u == TU_NS);
	CHECK(time_unit_parse("min", &u) == -1);

	/* Months by short or full name, any case. */
	CHECK_INT(timefmt_month("Jan", 3, &used), 1);
	CHECK_INT(used, 3);
	CHECK_INT(timefmt_month("December 5", 10, &used), 12);
	CHECK_INT(used, 8);
	CHECK_INT(timefmt_month("Foo", 3, &used), 0);

	/* Civil fields both ways. */
	CHECK(timefmt_from_civil(2024, 2, 29, 23, 59, 59, 5, &utc, &ns) ==
	    0);
	timefmt_civil(ns, &y, &mo, &d, &h, &mi, &s);
	CHECK(y == 2024 && mo == 2 && d == 29 && h == 23 && mi == 59 &&
	    s == 59);
	CHECK_INT(ns % NS_PER_SEC, 5);
	CHECK(timefmt_from_civil(2023, 2, 29, 0, 0, 0, 0, &utc, &ns) == -1);
	timefmt_civil(-1, &y, &mo, &d, &h, &mi, &s);
	CHECK(y == 1969 && mo == 12 && d == 31 && h == 23 && mi == 59 &&
	    s == 59);

	/* Text by the options: a format, else any notation. */
	CHECK(timefmt_parse_text("2020-01-02", 10, &to, &ns, &prec) == 0);
	CHECK_INT(ns, INT64_C(1577923200) * NS_PER_SEC);
	to.format = "%d.%m.%Y";
	CHECK(timefmt_parse_text("02.01.2020", 10, &to, &ns, &prec) == 0);
	CHECK_INT(ns, INT64_C(1577923200) * NS_PER_SEC);
	CHECK(timefmt_parse_text("2020-01-02", 10, &to, &ns, &prec) == -1);
}

static void
test_strptime(void)
{
	struct tzspec tz = { TZ_UTC, 0 };
	char buf[TIMEFMT_LEN];
	int64_t ns;
	int prec;

	CHECK(timefmt_strptime("2024/03/05 07:08:09.25", 22,
	    "%Y/%m/%d %H:%M:%S.%f", &tz, &ns, &prec) == 22);
	timefmt_format(ns, prec, buf);
	CHECK_STR(buf, "2024-03-05T07:08:09.250Z");
	CHECK(timefmt_strptime("05-Mar-24 7:08 PM", 17, "%d-%b-%y %I:%M %p",
	    &tz, &ns, &prec) == 17);
	timefmt_format(ns, prec, buf);
	CHECK_STR(buf, "2024-03-05T19:08:00.000Z");
	CHECK(timefmt_strptime("2024 065 12:00:00", 17, "%Y %j %T", &tz, &ns,
	    &prec) == 17);
	timefmt_format(ns, prec, buf);
	CHECK_STR(buf, "2024-03-05T12:00:00.000Z");
	CHECK(timefmt_strptime("1700000000", 10, "%s", &tz, &ns, &prec) ==
	    10);
	CHECK(ns == INT64_C(1700000000) * NS_PER_SEC);
	CHECK(timefmt_strptime("2024-03-05", 10, "%F", &tz, &ns, &prec) ==
	    10);
	CHECK(timefmt_strptime("2024-03-05", 10, "%Y-%m-%d %H", &tz, &ns,
	    &prec) == 0);
	CHECK(timefmt_strptime("2024-03-05 +0100", 16, "%F %z", &tz, &ns,
	    &prec) == 16);
	timefmt_format(ns, prec, buf);
	CHECK_STR(buf, "2024-03-04T23:00:00.000Z");
	CHECK(timefmt_strptime("100%", 4, "%j%%", &tz, &ns, &prec) == 4);
}

static void
test_zones(void)
{
	struct sluice_err e;
	struct tzspec tz;
	char buf[TIMEFMT_LEN];
	int64_t ns;
	int prec;

	CHECK(tzspec_parse("+02:00", &tz, &e) == 0 && tz.kind == TZ_FIXED &&
	    tz.offset == 7200);
	CHECK(tzspec_parse("-0530", &tz, &e) == 0 && tz.offset == -19800);
	CHECK(timefmt_parse_any("2010-01-01T01:00:00", 19, &tz, TU_AUTO,
	    &ns, &prec) == 0);
	timefmt_format(ns, prec, buf);
	CHECK_STR(buf, "2010-01-01T06:30:00.000Z");
	/* A zone in the text wins over the option. */
	CHECK(timefmt_parse_any("2010-01-01T01:00:00Z", 20, &tz, TU_AUTO,
	    &ns, &prec) == 0);
	timefmt_format(ns, prec, buf);
	CHECK_STR(buf, "2010-01-01T01:00:00.000Z");
	CHECK(tzspec_parse("UTC", &tz, &e) == 0 && tz.kind == TZ_UTC);
	CHECK(tzspec_parse("Z", &tz, &e) == 0 && tz.kind == TZ_UTC);
	CHECK(tzspec_parse("Mars/Olympus_Mons", &tz, &e) == -1);
	CHECK(tzspec_parse("+25:00", &tz, &e) == -1);
	CHECK(e.msg[0] != '\0');
	/* A named zone needs the system's zone data (tzdata). */
	if (tzspec_parse("America/New_York", &tz, &e) == 0) {
		/* Winter is UTC-5, summer UTC-4. */
		CHECK(timefmt_parse_any("2024-01-15T12:00:00", 19, &tz,
		    TU_AUTO, &ns, &prec) == 0);
		timefmt_format(ns, prec, buf);
		CHECK_STR(buf, "2024-01-15T17:00:00.000Z");
		CHECK(timefmt_parse_any("2024-07-15T12:00:00", 19, &tz,
		    TU_AUTO, &ns, &prec) == 0);
		timefmt_format(ns, prec, buf);
		CHECK_STR(buf, "2024-07-15T16:00:00.000Z");
	}
}

/*
 * timefmt_canonical() against the general reader and writer: for texts
 * of the canonical shape, valid or not (hour 24, second 60, 29 February
 * of a common year, years out of range), it says yes exactly when
 * timefmt_parse_any() reads the text at millisecond precision and
 * timefmt_format() writes it back byte for byte, with the same ns.
 */
static void
test_canonical(void)
{
	static const char *const fixed[] = {
		"2026-11-21T00:00:00.000Z", "2024-02-29T23:59:59.999Z",
		"2023-02-29T00:00:00.000Z", "2026-01-01T24:00:00.000Z",
		"2016-12-31T23:59:60.000Z", "1600-01-01T00:00:00.000Z",
		"1599-12-31T23:59:59.999Z", "2262-04-11T23:47:16.854Z",
		"2262-04-11T23:47:16.855Z", "1677-09-21T00:12:43.146Z",
		"1677-09-21T00:12:43.145Z", "2026-13-01T00:00:00.000Z",
		"2026-00-10T00:00:00.000Z", "2026-11-00T00:00:00.000Z",
		"2026-11-21T00:60:00.000Z", "2026-11-21 00:00:00.000Z",
		"2026-11-21T00:00:00.000z", "2026-11-21T00:00:00,000Z",
		"2026-11-21T00:00:00.00aZ", "+026-11-21T00:00:00.000Z",
	};
	struct tzspec utc = TZSPEC_UTC;
	char s[32], back[TIMEFMT_LEN];
	unsigned long long x = 88172645463325252ULL;
	int64_t a, b;
	int i, pa, prec, yes;

	for (i = 0; i < 200000 + (int)NELEM(fixed); i++) {
		if (i < (int)NELEM(fixed))
			snprintf(s, sizeof(s), "%s", fixed[i]);
		else {
			/* xorshift: fields a little past their ranges. */
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			snprintf(s, sizeof(s),
			    "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
			    (int)(1590 + x % 820), (int)(x >> 10) % 14,
			    (int)(x >> 14) % 33, (int)(x >> 20) % 26,
			    (int)(x >> 26) % 62, (int)(x >> 32) % 62,
			    (int)(x >> 40) % 1000);
		}
		yes = timefmt_canonical(s, strlen(s), &a);
		pa = timefmt_parse_any(s, strlen(s), &utc, TU_AUTO, &b,
		    &prec) == 0 && prec == 3 &&
		    timefmt_format(b, 3, back) == strlen(s) &&
		    strcmp(back, s) == 0;
		if (yes != pa || (yes && a != b)) {
			fprintf(stderr, "canonical %s: %d, parse and format %d\n",
			    s, yes, pa);
			CHECK(0);
		}
	}
}

/* The time yl gives "MM-DD hh:mm:ss" (format %m-%d %T), as text. */
static const char *
yearless_text(struct yearless *yl, const char *in, char *buf)
{
	struct tzspec tz = { TZ_UTC, 0 };
	int64_t ns;
	int prec;

	if (timefmt_strptime_yearless(in, strlen(in), "%m-%d %T", &tz, yl,
	    &ns, &prec) != strlen(in))
		return "(none)";
	yearless_seen(yl, ns);
	timefmt_format(ns, prec, buf);
	return buf;
}

static void
test_yearless(void)
{
	struct yearless yl;
	char buf[TIMEFMT_LEN];
	int64_t ref;

	CHECK(timefmt_has_year("%Y-%m-%d") && timefmt_has_year("%F %T") &&
	    timefmt_has_year("%d/%m/%y") && timefmt_has_year("%s") &&
	    timefmt_has_year("%D"));
	CHECK(!timefmt_has_year("%m-%d %H:%M:%S") &&
	    !timefmt_has_year("%b %e %T") && !timefmt_has_year("100%%"));
	/* Alternatives: each must name the year. */
	CHECK(timefmt_has_year("%F %T || %s") &&
	    !timefmt_has_year("%F %T || %b %e %T") &&
	    !timefmt_has_year("%b %e %T||%F"));
	/* A file written on 2025-03-01: Feb 29 is 2024's, eight years
	 * back at most; up to a day after it is still 2025, later 2024. */
	yearless_init(&yl, 0);
	CHECK(timefmt_from_civil(2025, 3, 1, 0, 0, 0, 0,
	    &(struct tzspec){ TZ_UTC, 0 }, &ref) == 0);
	yearless_reset(&yl, ref);
	CHECK_STR(yearless_text(&yl, "02-29 10:00:00", buf),
	    "2024-02-29T10:00:00.000Z");
	yearless_reset(&yl, ref);
	CHECK_STR(yearless_text(&yl, "03-01 22:00:00", buf),
	    "2025-03-01T22:00:00.000Z");
	yearless_reset(&yl, ref);
	CHECK_STR(yearless_text(&yl, "03-03 00:00:01", buf),
	    "2024-03-03T00:00:01.000Z");
	/* Then each date near the one before: over New Year and back. */
	CHECK_STR(yearless_text(&yl, "12-31 23:00:00", buf),
	    "2023-12-31T23:00:00.000Z");
	CHECK_STR(yearless_text(&yl, "01-01 01:00:00", buf),
	    "2024-01-01T01:00:00.000Z");
	CHECK_STR(yearless_text(&yl, "12-31 23:59:00", buf),
	    "2023-12-31T23:59:00.000Z");
	/* Feb 29 after a date of a year that has none: the leap year
	 * nearest to it. */
	CHECK_STR(yearless_text(&yl, "02-29 00:00:00", buf),
	    "2024-02-29T00:00:00.000Z");
	CHECK_STR(yearless_text(&yl, "02-30 00:00:00", buf), "(none)");
	/* A year given is the year. */
	yearless_init(&yl, 2019);
	CHECK_STR(yearless_text(&yl, "02-28 00:00:00", buf),
	    "2019-02-28T00:00:00.000Z");
	CHECK_STR(yearless_text(&yl, "02-29 00:00:00", buf), "(none)");
}

int
main(void)
{
	test_any();
	test_format();
	test_parsers();
	test_strptime();
	test_zones();
	test_canonical();
	test_yearless();
	return check_status();
}
