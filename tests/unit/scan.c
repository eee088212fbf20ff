/* SPDX-License-Identifier: MIT */
/* scan.c -- unit tests of json/scan: validate JSON, read values in place. */
#include <stdlib.h>
#include <string.h>

#include "json/scan.h"

#include "check.h"

/* Scan a NUL-terminated document; 0 or -1. */
static int
scan(const char *s, struct jval *v)
{
	struct sluice_err e;

	return scan_document(s, strlen(s), v, &e);
}

static void
test_documents(void)
{
	static const char *const good[] = {
		"{}", "[]", "0", "-0", "-0.5e+10", "1E5", "1e-0", "true",
		"false", "null", "\"\"", "\"\\u00e9\\ud83d\\ude00\"",
		"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
		"{\"a\":[1,{\"b\":null}],\"c\":true}", " \t\n1 ", "\r\n[]\r\n",
		"\"\xe2\x82\xac\"", "\"\xf4\x8f\xbf\xbf\"", "[[[[[]]]]]",
		"{\"\":0}", "{\"a\":1,\"a\":2}",
	};
	static const char *const bad[] = {
		"", " ", "{", "[1,]", "{\"a\"}", "01", "-01", "1.", ".5",
		"+1", "-", "1e", "1e+", "NaN", "Infinity", "0x1f", "\"\\x\"",
		"\"\\u12\"", "\"\\ud83d\\u12\"", "\"a", "[1 2]", "{\"a\":1,}",
		"{\"a\" 1}", "{1:2}", "tru", "nul", "True", "\"\xc0\xaf\"",
		"\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\x01\"",
		"\"\t\"", "1 2", "{'a':1}", "[\"\xff\"]", "[1]]", "\xef\xbb\xbf{}",
		"\x0c{}",
	};
	struct jval v;
	size_t i;

	for (i = 0; i < NELEM(good); i++)
		if (scan(good[i], &v) != 0) {
			fprintf(stderr, "%s: rejected good JSON '%s'\n",
			    __FILE__, good[i]);
			check_failures++;
		}
	for (i = 0; i < NELEM(bad); i++)
		if (scan(bad[i], &v) == 0) {
			fprintf(stderr, "%s: accepted bad JSON '%s'\n",
			    __FILE__, bad[i]);
			check_failures++;
		}
	/* A NUL byte is not white space. */
	CHECK(scan_document("1\0", 2, &v, NULL) == -1);
}

static void
test_errors(void)
{
	struct sluice_err e;
	struct jval v;
	char *deep;

	/* Deep nesting is an error, not a crash. */
	deep = malloc(100001);
	memset(deep, '[', 100000);
	deep[100000] = '\0';
	CHECK(scan_document(deep, 100000, &v, &e) == -1);
	CHECK(strstr(e.msg, "nesting") != NULL);
	/* As deep as allowed is fine. */
	memset(deep + SCAN_MAX_DEPTH, ']', SCAN_MAX_DEPTH);
	CHECK(scan_document(deep, 2 * SCAN_MAX_DEPTH, &v, &e) == 0);
	free(deep);
	/* Columns point at the problem. */
	CHECK(scan_document("{\"a\":1 x}", 9, &v, &e) == -1 && e.col == 8);
	CHECK(scan_document("[1,]", 4, &v, &e) == -1 && e.col == 4);
	CHECK(e.msg[0] != '\0');
}

static void
test_values(void)
{
	struct jval v;

	CHECK(scan(" {\"a\":1} ", &v) == 0 && v.type == JT_OBJECT &&
	    v.n == 7 && v.p[0] == '{');
	CHECK(scan("[]", &v) == 0 && v.type == JT_ARRAY);
	CHECK(scan("\"x\"", &v) == 0 && v.type == JT_STRING && v.n == 3 &&
	    !(v.flags & JV_ESCAPED));
	CHECK(scan("\"\\n\"", &v) == 0 && (v.flags & JV_ESCAPED));
	CHECK(scan("12", &v) == 0 && v.type == JT_NUMBER &&
	    (v.flags & JV_INTEGER));
	CHECK(scan("1.0", &v) == 0 && !(v.flags & JV_INTEGER));
	CHECK(scan("1e2", &v) == 0 && !(v.flags & JV_INTEGER));
	CHECK(scan("null", &v) == 0 && v.type == JT_NULL);
	CHECK(scan("true", &v) == 0 && v.type == JT_TRUE);
	CHECK(scan("false", &v) == 0 && v.type == JT_FALSE);
}

static void
test_lookups(void)
{
	const char *doc = "{\"a\":1,\"b\":[true,\"s\",{\"c\":null}],"
	    "\"a\":2,\"\\u0064\":\"dee\",\"e\":{}}";
	struct jiter it;
	struct jval root, v, w, k;
	int n;

	CHECK(scan(doc, &root) == 0);
	/* The last of repeated keys; escaped keys found decoded. */
	CHECK(jval_find(&root, "a", 1, &v) && v.n == 1 && v.p[0] == '2');
	CHECK(jval_find(&root, "d", 1, &v) && jval_str_eq(&v, "dee", 3));
	CHECK(!jval_find(&root, "c", 1, &v));
	CHECK(!jval_find(&root, "", 0, &v));
	CHECK(jval_find(&root, "b", 1, &v) && v.type == JT_ARRAY);
	CHECK(jval_index(&v, 0, &w) && w.type == JT_TRUE);
	CHECK(jval_index(&v, -1, &w) && w.type == JT_OBJECT &&
	    jval_find(&w, "c", 1, &k) && k.type == JT_NULL);
	CHECK(jval_index(&v, -3, &w) && w.type == JT_TRUE);
	CHECK(!jval_index(&v, 3, &w));
	CHECK(!jval_index(&v, -4, &w));
	/* A lookup in a value of the wrong kind finds nothing. */
	CHECK(!jval_index(&root, 0, &w));
	CHECK(!jval_find(&v, "a", 1, &w));

	/* Members in order, keys included. */
	n = 0;
	jiter_init(&it, &root);
	while (jiter_next(&it, &k, &v)) {
		CHECK(k.type == JT_STRING);
		if (n == 3)
			CHECK(jval_str_eq(&k, "d", 1));
		n++;
	}
	CHECK_INT(n, 5);
	CHECK(jval_find(&root, "e", 1, &v));
	jiter_init(&it, &v);
	CHECK(!jiter_next(&it, &k, &w));
	CHECK(jval_find(&root, "b", 1, &v));
	n = 0;
	jiter_init(&it, &v);
	while (jiter_next(&it, NULL, &w))
		n++;
	CHECK_INT(n, 3);
}

static void
test_strings(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct jval v;
	const char *s;
	size_t n;

	/* Without escapes the bytes are read in place. */
	CHECK(scan("\"plain\"", &v) == 0);
	s = jval_str(&v, &sb, &n);
	CHECK(n == 5 && s == v.p + 1);
	/* Every escape; surrogate pairs decode; a lone one is U+FFFD. */
	CHECK(scan("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\"", &v) == 0);
	s = jval_str(&v, &sb, &n);
	CHECK(n == 11 && memcmp(s, "\"\\/\b\f\n\r\tA\xc3\xa9", 11) == 0);
	CHECK(scan("\"\\ud83d\\ude00\\ud800x\\udc00\"", &v) == 0);
	s = jval_str(&v, &sb, &n);
	CHECK(n == 11 && memcmp(s, "\xf0\x9f\x98\x80\xef\xbf\xbdx"
	    "\xef\xbf\xbd", 11) == 0);
	/* \u0000 is a NUL byte inside the string. */
	CHECK(scan("\"a\\u0000b\"", &v) == 0);
	s = jval_str(&v, &sb, &n);
	CHECK(n == 3 && memcmp(s, "a\0b", 3) == 0);
	CHECK(jval_str_eq(&v, "a\0b", 3));
	CHECK(!jval_str_eq(&v, "a", 1));
	/* Appending keeps what is there. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, ">");
	CHECK(scan("\"\\u0041b\"", &v) == 0);
	jval_str_append(&v, &sb);
	CHECK_STR(sb.buf, ">Ab");
	strbuf_release(&sb);
}

static void
test_numbers(void)
{
	struct jval v;
	int64_t i;
	double d;
	int integer;

	CHECK(scan("9223372036854775807", &v) == 0 &&
	    jval_int64(&v, &i) == 0 && i == INT64_MAX);
	CHECK(scan("-9223372036854775808", &v) == 0 &&
	    jval_int64(&v, &i) == 0 && i == INT64_MIN);
	CHECK(scan("9223372036854775808", &v) == 0 &&
	    jval_int64(&v, &i) == -1 && jval_double(&v, &d) == 0 &&
	    d == 9223372036854775808.0);
	CHECK(scan("1.5", &v) == 0 && jval_int64(&v, &i) == -1 &&
	    jval_double(&v, &d) == 0 && d == 1.5);
	CHECK(scan("-2.5e-3", &v) == 0 && jval_double(&v, &d) == 0 &&
	    d == -2.5e-3);
	CHECK(scan("\"1\"", &v) == 0 && jval_double(&v, &d) == -1 &&
	    jval_int64(&v, &i) == -1);

	CHECK(scan_is_number("0", 1, &integer) && integer);
	CHECK(scan_is_number("-12.5e3", 7, &integer) && !integer);
	CHECK(scan_is_number("12", 2, NULL));
	CHECK(!scan_is_number("007", 3, NULL));
	CHECK(!scan_is_number("1.", 2, NULL));
	CHECK(!scan_is_number(".5", 2, NULL));
	CHECK(!scan_is_number("+1", 2, NULL));
	CHECK(!scan_is_number("0x1f", 4, NULL));
	CHECK(!scan_is_number(" 1", 2, NULL));
	CHECK(!scan_is_number("", 0, NULL));
}

static void
test_to_json(void)
{
	json_t *j;
	struct jval v;

	CHECK(scan("{\"a\":[1,2.5,\"\\u00e9\",null,true],"
	    "\"big\":18446744073709551616}", &v) == 0);
	j = jval_to_json(&v);
	CHECK(json_is_object(j) && json_array_size(json_object_get(j, "a"))
	    == 5);
	CHECK(json_integer_value(json_array_get(json_object_get(j, "a"), 0))
	    == 1);
	CHECK(json_real_value(json_array_get(json_object_get(j, "a"), 1))
	    == 2.5);
	CHECK_STR(json_string_value(json_array_get(json_object_get(j, "a"),
	    2)), "\xc3\xa9");
	/* Too large for int64: a real. */
	CHECK(json_is_real(json_object_get(j, "big")));
	json_decref(j);
}

static void
test_utf8(void)
{
	CHECK_INT(utf8_char_len("a", 1), 1);
	CHECK_INT(utf8_char_len("\xc3\xa9", 2), 2);
	CHECK_INT(utf8_char_len("\xe2\x82\xac", 3), 3);
	CHECK_INT(utf8_char_len("\xf0\x9f\x98\x80", 4), 4);
	CHECK_INT(utf8_char_len("\xc3", 1), 0);
	CHECK_INT(utf8_char_len("\xc0\xaf", 2), 0);
	CHECK_INT(utf8_char_len("\xed\xa0\x80", 3), 0);
	CHECK_INT(utf8_char_len("\xf4\x90\x80\x80", 4), 0);
	CHECK_INT(utf8_char_len("\x80", 1), 0);
	CHECK_INT(utf8_valid_prefix("ab\xc3\xa9\xff", 5), 4);
	CHECK_INT(utf8_valid_prefix("ab\xe2\x82", 4), 2);
	CHECK_INT(utf8_valid_prefix("", 0), 0);
}

int
main(void)
{
	test_documents();
	test_errors();
	test_values();
	test_lookups();
	test_strings();
	test_numbers();
	test_to_json();
	test_utf8();
	return check_status();
}
