/* SPDX-License-Identifier: MIT */
/* canon.c -- unit tests of json/canon: canonical values and their order. */
#include <string.h>

#include "json/canon.h"

#include "check.h"

/* The canonical text of the JSON text s (static buffer). */
static const char *
canon(const char *s)
{
	static struct strbuf sb;
	struct sluice_err e;
	struct jval v;

	strbuf_reset(&sb);
	if (scan_document(s, strlen(s), &v, &e) == -1)
		return "BADJSON";
	canon_append(&sb, &v);
	return sb.buf;
}

static void
test_append(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct jval v;

	/* Compact; strings decoded and written again; members sorted. */
	CHECK_STR(canon(" { \"b\" : [ 1 , \"\\u0061\\/\" ] , \"a\":null } "),
	    "{\"a\":null,\"b\":[1,\"a/\"]}");
	CHECK_STR(canon("\"\\u00e9\\n\\ud83d\\ude00\""),
	    "\"\xc3\xa9\\n\xf0\x9f\x98\x80\"");
	CHECK_STR(canon("1.0"), "1");
	CHECK_STR(canon("1E5"), "100000");
	CHECK_STR(canon("-0"), "0");
	CHECK_STR(canon("[ ]"), "[]");
	CHECK_STR(canon("{\"\\u0061\":{}}"), "{\"a\":{}}");
	CHECK_STR(canon("true"), "true");
	/* Members by decoded name, then a name's members by value. */
	CHECK_STR(canon("{\"b\":1,\"\\u0061\":{\"y\":2.0,\"x\":1},\"a\":0}"),
	    "{\"a\":0,\"a\":{\"x\":1,\"y\":2},\"b\":1}");
	CHECK_STR(canon("{\"\xc3\xa9\":1,\"z\":2,\"Z\":3}"),
	    "{\"Z\":3,\"z\":2,\"\xc3\xa9\":1}");
	/* A string that holds a number stays a string. */
	CHECK_STR(canon("\"1.0\""), "\"1.0\"");
	/* A missing value is null. */
	v.type = JT_MISSING;
	canon_append(&sb, &v);
	CHECK_STR(sb.buf, "null");
	strbuf_release(&sb);
}

/* The compact form keeps numbers and the order of members as written. */
static void
test_compact(void)
{
	static struct strbuf sb;
	static const char *const c[][2] = {
		{ " { \"b\" : [ 1.0 , \"\\u0061\" ] , \"a\":-0 } ",
		    "{\"b\":[1.0,\"a\"],\"a\":-0}" },
		{ "1E5", "1E5" }, { "\"\\/\"", "\"/\"" }, { "null", "null" },
	};
	struct sluice_err e;
	struct jval v;
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		strbuf_reset(&sb);
		CHECK(scan_document(c[i][0], strlen(c[i][0]), &v, &e) == 0);
		canon_compact_append(&sb, &v);
		CHECK_STR(sb.buf, c[i][1]);
	}
	strbuf_release(&sb);
}

/*
 * Numbers: the exact decimal value, in ECMAScript's form; the table
 * was checked with Python's decimal module (normalize()) and with
 * node's String(Number(x)) where the value is a double.
 */
static void
test_numbers(void)
{
	static const char *const c[][2] = {
		{ "0", "0" }, { "-0", "0" }, { "0.000", "0" }, { "-0e5", "0" },
		{ "0e-99999999999999999999", "0" },
		{ "1", "1" }, { "1.0", "1" }, { "1e0", "1" }, { "10e-1", "1" },
		{ "1E+0", "1" }, { "0.1e1", "1" }, { "100e-2", "1" },
		{ "-1.50", "-1.5" }, { "12.5", "12.5" }, { "1500", "1500" },
		{ "1.5e3", "1500" }, { "15e2", "1500" },
		{ "200", "200" }, { "-7", "-7" },
		{ "0.001", "0.001" }, { "1e-3", "0.001" },
		{ "0.000001", "0.000001" }, { "1e-6", "0.000001" },
		{ "1e-7", "1e-7" }, { "0.00000015", "1.5e-7" },
		{ "-123.456e-10", "-1.23456e-8" },
		{ "1e20", "100000000000000000000" },
		{ "100000000000000000000", "100000000000000000000" },
		{ "1e21", "1e21" }, { "10e20", "1e21" },
		{ "123456789012345678901", "123456789012345678901" },
		{ "1234567890123456789012", "1.234567890123456789012e21" },
		{ "9223372036854775807", "9223372036854775807" },
		{ "9223372036854775808", "9223372036854775808" },
		{ "9007199254740993", "9007199254740993" },
		{ "0.1000000000000000055511151231257827",
		    "0.1000000000000000055511151231257827" },
		{ "1e400", "1e400" }, { "-2.5E-400", "-2.5e-400" },
		{ "1.0e999999999999999", "1e999999999999999" },
		{ "1e9999999999999999", "1e9999999999999999" },
		{ "1.0e9999999999999999", "1.0e9999999999999999" },
		{ "1234e999999999999999", "1234e999999999999999" },
		{ "0.0001e-999999999999999", "0.0001e-999999999999999" },
		{ "0.001e1000000000000002", "1e999999999999999" },
		{ "-0.001e-999999999999997", "-1e-1000000000000000" },
		{ "12345.6789e-2", "123.456789" },
	};
	char *once;
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		CHECK_STR(canon(c[i][0]), c[i][1]);
		/* The canonical text is its own canonical text. */
		once = strdup(c[i][1]);
		CHECK_STR(canon(once), c[i][1]);
		free(once);
	}
}

static void
test_is(void)
{
	static const struct {
		const char	*json;
		int		 is;
	} c[] = {
		{ "\"plain\"", 1 }, { "\"\\n\"", 0 }, { "12.5", 1 },
		{ "null", 1 }, { "false", 1 }, { "true", 1 }, { "[]", 0 },
		{ "{}", 0 }, { "1.0", 0 }, { "-0", 0 }, { "1e3", 0 },
		{ "1e21", 1 }, { "0.001", 1 }, { "200", 1 }, { "12.50", 0 },
	};
	struct sluice_err e;
	struct jval v;
	size_t i;

	for (i = 0; i < NELEM(c); i++) {
		CHECK(scan_document(c[i].json, strlen(c[i].json), &v, &e) ==
		    0);
		CHECK_INT(canon_is(&v), c[i].is);
	}
}

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

/*
 * Values in the order of results, in ranks: each rank before the next,
 * the values of one rank equal.  Every pair must compare as their
 * ranks do, in both directions, as views and as canonical texts, and
 * have the same canonical text exactly when they are equal.
 */
static void
test_order(void)
{
	static const struct {
		int		 rank;
		const char	*json;
	} order[] = {
		{ 0, "null" }, { 1, "false" }, { 2, "true" },
		{ 3, "-1e300" }, { 4, "-9223372036854775809" },
		{ 5, "-9223372036854775808" }, { 6, "-5" }, { 6, "-5.0" },
		{ 6, "-50e-1" }, { 7, "-0.5" }, { 8, "-1e-400" }, { 9, "0" },
		{ 9, "0.0" }, { 9, "-0" }, { 10, "1e-400" },
		{ 11, "0.0999999999999999999999" }, { 12, "0.1" },
		{ 13, "0.1000000000000000055511151231257827" }, { 14, "1" },
		{ 14, "1.0" }, { 14, "1e0" }, { 14, "10e-1" },
		{ 15, "1.0000000000000000000001" }, { 16, "2" }, { 17, "10" },
		{ 18, "9007199254740992" }, { 19, "9007199254740993" },
		{ 20, "9223372036854775807" }, { 21, "9223372036854775808" },
		{ 22, "1e19" }, { 22, "10000000000000000000" }, { 23, "1e400" },
		{ 24, "1e9999999999999998" }, { 25, "1e9999999999999999" },
		{ 26, "\"\"" }, { 27, "\"0\"" }, { 28, "\"1\"" },
		{ 29, "\"1.0\"" }, { 30, "\"A\"" }, { 31, "\"B\"" },
		{ 32, "\"a\"" }, { 32, "\"\\u0061\"" }, { 33, "\"a\\u0000\"" },
		{ 34, "\"ab\"" }, { 35, "\"b\"" }, { 36, "\"\xc3\xa9\"" },
		{ 37, "[]" }, { 38, "[null]" }, { 39, "[1]" }, { 39, "[1.0]" },
		{ 40, "[1,2]" }, { 41, "[2]" }, { 42, "[\"a\"]" }, { 43, "[[]]" },
		{ 44, "{}" }, { 45, "{\"a\":1}" }, { 45, "{\"a\":1e0}" },
		{ 46, "{\"a\":1,\"b\":0}" }, { 46, "{\"b\":0,\"a\":1}" },
		{ 46, "{ \"b\" : 0.0 , \"\\u0061\" : 1 }" },
		{ 47, "{\"a\":1,\"b\":{\"c\":1,\"d\":2}}" },
		{ 47, "{\"b\":{\"d\":2,\"c\":1},\"a\":1}" },
		{ 48, "{\"a\":2}" }, { 49, "{\"b\":0}" },
	};
	struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;
	struct sluice_err e;
	struct jval a, b;
	size_t i, j;
	int want;

	for (i = 0; i < NELEM(order); i++) {
		for (j = 0; j < NELEM(order); j++) {
			CHECK(scan_document(order[i].json,
			    strlen(order[i].json), &a, &e) == 0);
			CHECK(scan_document(order[j].json,
			    strlen(order[j].json), &b, &e) == 0);
			want = sign(order[i].rank - order[j].rank);
			strbuf_reset(&ta);
			strbuf_reset(&tb);
			canon_append(&ta, &a);
			canon_append(&tb, &b);
			if (sign(canon_cmp(&a, &b)) != want ||
			    sign(canon_cmp_text(ta.buf, ta.len, tb.buf,
			    tb.len)) != want ||
			    (strcmp(ta.buf, tb.buf) == 0) != (want == 0)) {
				fprintf(stderr, "%s: %s vs %s: want %d\n",
				    __FILE__, order[i].json, order[j].json,
				    want);
				check_failures++;
			}
		}
	}
	strbuf_release(&ta);
	strbuf_release(&tb);
}

/* The same value written differently compares equal. */
static void
test_equal(void)
{
	static const char *const same[][2] = {
		{ "\"\\u0061\"", "\"a\"" },
		{ "[1, 2]", "[1,2]" },
		{ "{ \"k\" : \"\\/\" }", "{\"k\":\"/\"}" },
		{ "1", "1.0" }, { "1e0", "10e-1" }, { "-0", "0" },
		{ "{\"x\":1,\"y\":[2]}", "{\"y\":[2.0],\"x\":1}" },
	};
	struct sluice_err e;
	struct jval a, b;
	size_t i;

	for (i = 0; i < NELEM(same); i++) {
		CHECK(scan_document(same[i][0], strlen(same[i][0]), &a, &e) ==
		    0);
		CHECK(scan_document(same[i][1], strlen(same[i][1]), &b, &e) ==
		    0);
		CHECK_INT(canon_cmp(&a, &b), 0);
	}
	/* A missing value sorts as null. */
	a.type = JT_MISSING;
	CHECK(scan_document("null", 4, &b, &e) == 0);
	CHECK_INT(canon_cmp(&a, &b), 0);
}

int
main(void)
{
	test_append();
	test_compact();
	test_numbers();
	test_is();
	test_order();
	test_equal();
	return check_status();
}
