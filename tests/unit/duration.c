/* SPDX-License-Identifier: MIT */
/* duration.c -- unit tests of time/duration: parse and format durations. */
#include <string.h>

#include "time/duration.h"
#include "time/timefmt.h"

#include "check.h"

/* Parse in and compare with want; want < 0: it must be an error. */
static void
check_duration(const char *in, int64_t want, int line)
{
	struct sluice_err e;
	int64_t ns;

	if (duration_parse(in, &ns, &e) == -1) {
		if (want >= 0) {
			fprintf(stderr, "%s:%d: '%s': %s\n", __FILE__, line,
			    in, e.msg);
			check_failures++;
		} else if (e.msg[0] == '\0') {
			fprintf(stderr, "%s:%d: '%s': no message\n",
			    __FILE__, line, in);
			check_failures++;
		}
		return;
	}
	if (ns != want) {
		fprintf(stderr, "%s:%d: '%s' -> %lld, want %lld\n", __FILE__,
		    line, in, (long long)ns, (long long)want);
		check_failures++;
	}
}
#define DUR(in, want)	check_duration(in, want, __LINE__)

/* Format ns, compare with want, and parse it back to ns. */
static void
check_format(int64_t ns, const char *want, int line)
{
	char buf[DURATION_LEN];
	size_t n;

	n = duration_format(ns, buf);
	if (n != strlen(want) || strcmp(buf, want) != 0) {
		fprintf(stderr, "%s:%d: %lld -> '%s', want '%s'\n", __FILE__,
		    line, (long long)ns, buf, want);
		check_failures++;
	}
	check_duration(buf, ns, line);
}
#define FORMAT(ns, want)	check_format(ns, want, __LINE__)

int
main(void)
{
	const int64_t S = NS_PER_SEC;

	DUR("500ms", 500 * NS_PER_MS);
	DUR("30s", 30 * S);
	DUR("5m", 300 * S);
	DUR("1h", 3600 * S);
	DUR("1d", 86400 * S);
	DUR("1w", 7 * 86400 * S);
	DUR("1h30m", 5400 * S);
	DUR("1.5h", 5400 * S);
	DUR("2m30s250ms", 150 * S + 250 * NS_PER_MS);
	DUR("10us", 10000);
	DUR("7ns", 7);
	DUR("0s", 0);
	DUR("0.5s", 500 * NS_PER_MS);
	DUR("", -1);
	DUR("30", -1);
	DUR("5x", -1);
	DUR("-5m", -1);
	DUR("m", -1);
	DUR("1h 30m", -1);
	/* More than int64 nanoseconds (292 years) is an error, not a wrap. */
	DUR("106752d", -1);
	DUR("99999999999999999999s", -1);
	/*
	 * Exact to the nanosecond at any size (no detour through a
	 * double, which holds 2^53 at most): the longest duration, and
	 * one past it.
	 */
	DUR("106751d23h47m16s854775807ns", INT64_MAX);
	DUR("106751d23h47m16s854775808ns", -1);
	DUR("9223372036854775807ns", INT64_MAX);
	DUR("9223372036854775808ns", -1);
	DUR("9007199254740993ns", INT64_C(9007199254740993));	/* 2^53 + 1 */
	DUR("104249d23h59m59s999999999ns",
	    INT64_C(104249) * 86400 * S + 86399 * S + 999999999);
	DUR("15250w1ns", INT64_C(15250) * 7 * 86400 * S + 1);
	DUR("15251w", -1);
	DUR("106751.99116730063d", INT64_C(9223372036854774432));
	/* Fractions: exact, rounded to the nanosecond. */
	DUR("0.1s", 100 * NS_PER_MS);
	DUR("1.000000001s", S + 1);
	DUR("0.3333333333333333333333h", 1200 * S);
	DUR("2.5ns", 3);
	DUR("0.4ns", 0);
	DUR("1.25us", 1250);
	/* A point needs digits on both sides; nothing but digits. */
	DUR("1.h", -1);
	DUR(".5h", -1);
	DUR("1..5h", -1);
	DUR("1.5.5h", -1);
	DUR("1e3s", -1);
	DUR("0x10s", -1);
	DUR("+5s", -1);
	DUR("inf", -1);
	DUR("5s.", -1);

	FORMAT(5400 * S, "1h30m");
	FORMAT(250 * NS_PER_MS, "250ms");
	FORMAT(0, "0s");
	FORMAT(86400 * S + 1, "1d1ns");
	FORMAT(7 * 86400 * S, "7d");
	FORMAT(90 * S, "1m30s");
	FORMAT(1500, "1us500ns");
	FORMAT(INT64_MAX, "106751d23h47m16s854ms775us807ns");
	FORMAT(INT64_C(9007199254740993), "104d5h59m59s254ms740us993ns");
	/* The ends of int64 (found by fuzzing: -INT64_MIN overflowed). */
	{
		char buf[DURATION_LEN];

		duration_format(INT64_MIN, buf);
		CHECK_STR(buf, "-106751d23h47m16s854ms775us808ns");
		duration_format(INT64_MAX, buf);
		CHECK_STR(buf, "106751d23h47m16s854ms775us807ns");
		duration_format(-90 * S, buf);
		CHECK_STR(buf, "-1m30s");
	}
	return check_status();
}
