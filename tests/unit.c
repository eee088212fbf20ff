/* SPDX-License-Identifier: MIT */
/* unit.c -- unit tests for lib/, one group per module: sluice-unit GROUP. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "time/duration.h"
#include "json/jsonw.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"
#include "core/strbuf.h"
#include "time/timefmt.h"
#include "stream/stream.h"

static int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		failures++;						\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (strcmp(g_, w_) != 0) {					\
		fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n",	\
		    __FILE__, __LINE__, g_, w_);			\
		failures++;						\
	}								\
} while (0)

/* Parse with timefmt_parse_any, format back, compare. */
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
			fprintf(stderr, "unit.c:%d: '%s' did not parse\n",
			    line, in);
			failures++;
		}
		return;
	}
	timefmt_format(ns, prec, buf);
	if (want == NULL || strcmp(buf, want) != 0) {
		fprintf(stderr, "unit.c:%d: '%s' -> '%s', want '%s'\n", line,
		    in, buf, want ? want : "(error)");
		failures++;
	}
}
#define TIME(in, want)	check_time(in, want, __LINE__)

static void
test_time(void)
{
	struct tzspec tz;
	struct sluice_err e;
	char buf[TIMEFMT_LEN];
	int64_t ns;
	int prec;

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

	/* strftime-style formats. */
	tz.kind = TZ_UTC;
	tz.offset = 0;
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

	/* Zones for zone-less times. */
	CHECK(tzspec_parse("+02:00", &tz, &e) == 0 && tz.kind == TZ_FIXED &&
	    tz.offset == 7200);
	CHECK(tzspec_parse("-0530", &tz, &e) == 0 && tz.offset == -19800);
	CHECK(timefmt_parse_any("2010-01-01T01:00:00", 19, &tz, TU_AUTO,
	    &ns, &prec) == 0);
	timefmt_format(ns, prec, buf);
	CHECK_STR(buf, "2010-01-01T06:30:00.000Z");
	CHECK(tzspec_parse("Mars/Olympus_Mons", &tz, &e) == -1);
	CHECK(tzspec_parse("+25:00", &tz, &e) == -1);
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

static void
check_duration(const char *in, int64_t want, int line)
{
	struct sluice_err e;
	int64_t ns;

	if (duration_parse(in, &ns, &e) == -1) {
		if (want >= 0) {
			fprintf(stderr, "unit.c:%d: '%s': %s\n", line, in,
			    e.msg);
			failures++;
		}
		return;
	}
	if (ns != want) {
		fprintf(stderr, "unit.c:%d: '%s' -> %lld, want %lld\n", line,
		    in, (long long)ns, (long long)want);
		failures++;
	}
}
#define DUR(in, want)	check_duration(in, want, __LINE__)

static void
test_duration(void)
{
	char buf[DURATION_LEN];
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
	DUR("", -1);
	DUR("30", -1);
	DUR("5x", -1);
	DUR("-5m", -1);
	DUR("m", -1);
	DUR("1h 30m", -1);
	duration_format(5400 * S, buf);
	CHECK_STR(buf, "1h30m");
	duration_format(250 * NS_PER_MS, buf);
	CHECK_STR(buf, "250ms");
	duration_format(0, buf);
	CHECK_STR(buf, "0s");
	duration_format(86400 * S + 1, buf);
	CHECK_STR(buf, "1d1ns");
}

static void
check_real(double d, const char *want, int line)
{
	struct strbuf sb = STRBUF_INIT;

	jsonw_real(&sb, d);
	if (strcmp(sb.buf, want) != 0) {
		fprintf(stderr, "unit.c:%d: %.17g -> %s, want %s\n", line, d,
		    sb.buf, want);
		failures++;
	}
	/* It must read back as the same number. */
	if (isfinite(d) && strtod(sb.buf, NULL) != d) {
		fprintf(stderr, "unit.c:%d: %s does not round-trip\n", line,
		    sb.buf);
		failures++;
	}
	strbuf_release(&sb);
}
#define REAL(d, want)	check_real(d, want, __LINE__)

static void
test_numbers(void)
{
	struct strbuf sb = STRBUF_INIT;
	double d;
	int i;

	REAL(0.1, "0.1");
	REAL(0.1 + 0.2, "0.30000000000000004");
	REAL(1.0 / 3.0, "0.3333333333333333");
	REAL(2.0, "2.0");
	REAL(-0.0, "-0.0");
	REAL(1e300, "1e+300");
	REAL(123456789.125, "123456789.125");
	REAL(5e-324, "4.94065645841247e-324");
	REAL(NAN, "null");
	REAL(INFINITY, "null");
	/* Round trip over many awkward values. */
	for (i = 0, d = 0.001; i < 2000; i++, d *= 1.0137) {
		strbuf_reset(&sb);
		jsonw_real(&sb, d);
		CHECK(strtod(sb.buf, NULL) == d);
	}
	strbuf_reset(&sb);
	jsonw_int(&sb, INT64_MIN);
	CHECK_STR(sb.buf, "-9223372036854775808");
	strbuf_reset(&sb);
	jsonw_string(&sb, "a\"b\\c\n\x01\xff", 8);
	CHECK_STR(sb.buf, "\"a\\\"b\\\\c\\n\\u0001\xef\xbf\xbd\"");
	/* A quote right after a multi-byte character is still escaped. */
	strbuf_reset(&sb);
	jsonw_string(&sb, "\xf0\x9f\x8c\x80\"]", 6);
	CHECK_STR(sb.buf, "\"\xf0\x9f\x8c\x80\\\"]\"");
	strbuf_release(&sb);
}

/* Look a path up in a JSON text; the value's raw text, or "MISSING". */
static const char *
lookup(const char *json, const char *path, char *buf, size_t n)
{
	struct sluice_err e;
	struct path *p;
	struct jval root, v;

	if (scan_document(json, strlen(json), &root, &e) == -1)
		return "BADJSON";
	if ((p = path_compile(path, &e)) == NULL)
		return "BADPATH";
	if (!path_lookup(p, &root, &v))
		snprintf(buf, n, "MISSING");
	else
		snprintf(buf, n, "%.*s", (int)v.n, v.p);
	path_free(p);
	return buf;
}

static void
test_path(void)
{
	const char *doc = "{\"a\":{\"b\":[10,{\"c\":\"x\"},30]},"
	    "\"odd key\":1,\"user-agent\":\"ua\",\"@window\":{\"start\":\"s\"},"
	    "\"listen.port\":7071,\"a\\u0062\":2,\"dup\":1,\"dup\":2}";
	char buf[64];
	struct sluice_err e;
	struct path **list;
	struct path *p;
	size_t used;
	int n;

	CHECK_STR(lookup(doc, "a.b[0]", buf, sizeof(buf)), "10");
	CHECK_STR(lookup(doc, ".a.b[1].c", buf, sizeof(buf)), "\"x\"");
	CHECK_STR(lookup(doc, "a.b[-1]", buf, sizeof(buf)), "30");
	CHECK_STR(lookup(doc, "a.b[3]", buf, sizeof(buf)), "MISSING");
	CHECK_STR(lookup(doc, "\"odd key\"", buf, sizeof(buf)), "1");
	CHECK_STR(lookup(doc, ".\"odd key\"", buf, sizeof(buf)), "1");
	CHECK_STR(lookup(doc, "user-agent", buf, sizeof(buf)), "\"ua\"");
	CHECK_STR(lookup(doc, "@window.start", buf, sizeof(buf)), "\"s\"");
	/* A dotted key written flat by the logger. */
	CHECK_STR(lookup(doc, "listen.port", buf, sizeof(buf)), "7071");
	/* Escaped keys compare decoded; the last duplicate wins. */
	CHECK_STR(lookup(doc, "ab", buf, sizeof(buf)), "2");
	CHECK_STR(lookup(doc, "dup", buf, sizeof(buf)), "2");
	CHECK_STR(lookup(doc, "nope.x", buf, sizeof(buf)), "MISSING");
	CHECK_STR(lookup(doc, "a[", buf, sizeof(buf)), "BADPATH");
	CHECK_STR(lookup(doc, "a.\"b", buf, sizeof(buf)), "BADPATH");
	CHECK_STR(lookup(doc, "", buf, sizeof(buf)), "BADPATH");
	/* In expressions a bare key stops at an operator. */
	p = path_parse("user-agent", 10, PATH_EXPR, &used, &e);
	CHECK(p != NULL && used == 4);
	path_free(p);
	n = path_list("status,a.b[0],\"x,y\"", &list, &e);
	CHECK(n == 3);
	if (n == 3) {
		CHECK_STR(list[0]->text, "status");
		CHECK_STR(list[1]->text, "a.b[0]");
		CHECK(list[2]->nseg == 1 && strcmp(list[2]->seg[0].key,
		    "x,y") == 0);
		path_list_free(list, n);
	}
	CHECK(path_list("a,,b", &list, &e) == -1);
}

static void
test_scan(void)
{
	static const char *const good[] = {
		"{}", "[]", "0", "-0.5e+10", "\"\\u00e9\\ud83d\\ude00\"",
		"{\"a\":[1,{\"b\":null}],\"c\":true}", " \t\n1 ",
		"\"\xe2\x82\xac\"",
	};
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\"}", "01", "1.", ".5", "+1", "NaN",
		"\"\\x\"", "\"a", "[1 2]", "{\"a\":1,}", "tru", "nul",
		"\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\x01\"", "1 2",
		"{'a':1}", "[\"\xff\"]",
	};
	struct strbuf sb = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct sluice_err e;
	struct jval v;
	size_t i, n;
	int64_t iv;
	double d;
	char *deep;

	for (i = 0; i < NELEM(good); i++)
		CHECK(scan_document(good[i], strlen(good[i]), &v, &e) == 0);
	for (i = 0; i < NELEM(bad); i++) {
		if (scan_document(bad[i], strlen(bad[i]), &v, &e) == 0) {
			fprintf(stderr, "unit.c: accepted bad JSON '%s'\n",
			    bad[i]);
			failures++;
		}
	}
	/* Deep nesting is an error, not a crash. */
	deep = malloc(100001);
	memset(deep, '[', 100000);
	deep[100000] = '\0';
	CHECK(scan_document(deep, 100000, &v, &e) == -1);
	CHECK(strstr(e.msg, "nesting") != NULL);
	free(deep);
	/* Columns point at the problem. */
	CHECK(scan_document("{\"a\":1 x}", 9, &v, &e) == -1 && e.col == 8);
	/* Surrogate pairs decode; a lone one becomes U+FFFD. */
	CHECK(scan_document("\"\\ud83d\\ude00\\ud800x\"", 21, &v, &e) == 0);
	jval_str(&v, &sb, &n);
	CHECK(n == 8 && memcmp(sb.buf, "\xf0\x9f\x98\x80\xef\xbf\xbdx", 8)
	    == 0);
	/* Numbers. */
	CHECK(scan_document("9223372036854775807", 19, &v, &e) == 0 &&
	    jval_int64(&v, &iv) == 0 && iv == INT64_MAX);
	CHECK(scan_document("9223372036854775808", 19, &v, &e) == 0 &&
	    jval_int64(&v, &iv) == -1 && jval_double(&v, &d) == 0 &&
	    d == 9223372036854775808.0);
	/* Records: edits splice bytes, the rest stays as written. */
	CHECK(record_parse(&r, "{\"a\": 1 , \"b\":[2]}", 18, &e) == 0);
	record_set_raw(&r, "c", 1, "3", 1);
	CHECK(r.len == 24 && memcmp(r.text, "{\"a\": 1 , \"b\":[2],\"c\":3}",
	    24) == 0);
	record_set_raw(&r, "a", 1, "\"x\"", 3);
	CHECK(r.len == 26 && memcmp(r.text,
	    "{\"a\": \"x\" , \"b\":[2],\"c\":3}", 26) == 0);
	CHECK(record_parse(&r, "{}", 2, &e) == 0);
	record_set_raw(&r, "k", 1, "null", 4);
	CHECK(r.len == 10 && memcmp(r.text, "{\"k\":null}", 10) == 0);
	CHECK(record_parse(&r, "[1]", 3, &e) == -1);
	/* Control records, however the key is written. */
	CHECK(record_parse(&r, "{\"@ctl\":\"close\"}", 16, &e) == 0 &&
	    (stream_ctl_of(&r) != CTL_NONE));
	CHECK(record_parse(&r, "{\"\\u0040ctl\":1}", 15, &e) == 0 &&
	    (stream_ctl_of(&r) != CTL_NONE));
	CHECK(record_parse(&r, "{\"a\":\"@ctl\"}", 12, &e) == 0 &&
	    !(stream_ctl_of(&r) != CTL_NONE));
	CHECK(record_parse(&r, "{\"ctl\":1}", 9, &e) == 0 &&
	    !(stream_ctl_of(&r) != CTL_NONE));
	record_adopt(&r, "\"@ctl\"", 6, &(struct jval){ JT_STRING, 0,
	    "\"@ctl\"", 6 });
	CHECK(!(stream_ctl_of(&r) != CTL_NONE));
	record_release(&r);
	strbuf_release(&sb);
}

static const struct {
	const char	*name;
	void		(*fn)(void);
} groups[] = {
	{ "time",	test_time },
	{ "duration",	test_duration },
	{ "numbers",	test_numbers },
	{ "path",	test_path },
	{ "scan",	test_scan },
};

int
main(int argc, char *argv[])
{
	size_t i;
	int ran = 0;

	for (i = 0; i < NELEM(groups); i++) {
		if (argc > 1 && strcmp(argv[1], groups[i].name) != 0)
			continue;
		groups[i].fn();
		ran++;
	}
	if (ran == 0) {
		fprintf(stderr, "usage: sluice-unit [group]\n");
		return 2;
	}
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	return 0;
}
