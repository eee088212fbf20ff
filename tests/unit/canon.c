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

	/* Compact; strings decoded and written again; numbers as written. */
	CHECK_STR(canon(" { \"b\" : [ 1 , \"\\u0061\\/\" ] , \"a\":null } "),
	    "{\"b\":[1,\"a/\"],\"a\":null}");
	CHECK_STR(canon("\"\\u00e9\\n\\ud83d\\ude00\""),
	    "\"\xc3\xa9\\n\xf0\x9f\x98\x80\"");
	CHECK_STR(canon("1.0"), "1.0");
	CHECK_STR(canon("1E5"), "1E5");
	CHECK_STR(canon("-0"), "-0");
	CHECK_STR(canon("[ ]"), "[]");
	CHECK_STR(canon("{\"\\u0061\":{}}"), "{\"a\":{}}");
	CHECK_STR(canon("true"), "true");
	/* A missing value is null. */
	v.type = JT_MISSING;
	canon_append(&sb, &v);
	CHECK_STR(sb.buf, "null");
	strbuf_release(&sb);
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
		{ "{}", 0 },
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
 * Values in the order of results, each one before the next: every
 * pair must compare as their places do, in both directions, as views
 * and as canonical texts.
 */
static void
test_order(void)
{
	static const char *const order[] = {
		"null", "false", "true",
		"-1e300", "-5", "-0.5", "0", "0.0", "1", "1.0", "1e0", "2",
		"10", "9007199254740993", "9223372036854775807", "1e19",
		"\"\"", "\"A\"", "\"B\"", "\"a\"", "\"a\\u0000\"", "\"ab\"",
		"\"b\"", "\"\xc3\xa9\"",
		"[]", "[null]", "[1]", "[1,2]", "[2]", "[\"a\"]", "[[]]",
		"{}", "{\"a\":1}", "{\"a\":1,\"b\":0}", "{\"a\":2}",
		"{\"b\":0}",
	};
	struct strbuf ta = STRBUF_INIT, tb = STRBUF_INIT;
	struct sluice_err e;
	struct jval a, b;
	size_t i, j;
	int want;

	for (i = 0; i < NELEM(order); i++) {
		for (j = 0; j < NELEM(order); j++) {
			CHECK(scan_document(order[i], strlen(order[i]), &a,
			    &e) == 0);
			CHECK(scan_document(order[j], strlen(order[j]), &b,
			    &e) == 0);
			want = sign((int)i - (int)j);
			strbuf_reset(&ta);
			strbuf_reset(&tb);
			canon_append(&ta, &a);
			canon_append(&tb, &b);
			if (sign(canon_cmp(&a, &b)) != want ||
			    sign(canon_cmp_text(ta.buf, ta.len, tb.buf,
			    tb.len)) != want) {
				fprintf(stderr, "%s: %s vs %s: want %d\n",
				    __FILE__, order[i], order[j], want);
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
	test_is();
	test_order();
	test_equal();
	return check_status();
}
