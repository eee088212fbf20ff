/* SPDX-License-Identifier: MIT */
/* schema_value.c -- unit tests of lib/schema/value.c and pointer.c. */
#include <string.h>

#include "schema/schema_int.h"
#include "check.h"

static struct schema_run run;

/* The value in text (which must be valid JSON and outlive it). */
static struct jval
jv(const char *text)
{
	struct sluice_err err;
	struct jval v;

	memset(&v, 0, sizeof(v));
	if (scan_document(text, strlen(text), &v, &err) == -1) {
		fprintf(stderr, "bad JSON in a test: %s\n", text);
		check_failures++;
	}
	return v;
}

/* Whether a and b are equal, checking that equal ones hash alike. */
static int
eq(const char *a, const char *b)
{
	struct jval x = jv(a), y = jv(b);
	int r;

	r = schema_equal(&x, &y, &run);
	CHECK_INT(schema_equal(&y, &x, &run), r);
	if (r)
		CHECK(schema_hash(&x, &run) == schema_hash(&y, &run));
	return r;
}

static void
check_equal(void)
{
	CHECK_INT(eq("1", "1.0"), 1);
	CHECK_INT(eq("1e2", "100"), 1);
	CHECK_INT(eq("-0", "0"), 1);
	CHECK_INT(eq("1", "2"), 0);
	CHECK_INT(eq("1", "\"1\""), 0);
	CHECK_INT(eq("true", "true"), 1);
	CHECK_INT(eq("true", "false"), 0);
	CHECK_INT(eq("null", "null"), 1);
	CHECK_INT(eq("\"\\u00e9\"", "\"\xc3\xa9\""), 1);
	CHECK_INT(eq("\"a\\/b\"", "\"a/b\""), 1);
	CHECK_INT(eq("\"a\"", "\"A\""), 0);
	CHECK_INT(eq("[1, [2.0, {}]]", "[1.0,[2,{}]]"), 1);
	CHECK_INT(eq("[1, 2]", "[2, 1]"), 0);
	CHECK_INT(eq("[1]", "[1, 1]"), 0);
	CHECK_INT(eq("{\"a\": 1, \"b\": [true]}",
	    "{\"b\": [true], \"a\": 1.0}"), 1);
	CHECK_INT(eq("{\"a\": 1}", "{\"a\": 1, \"b\": 2}"), 0);
	CHECK_INT(eq("{\"\\u0061\": 1}", "{\"a\": 1}"), 1);
	CHECK_INT(eq("{\"a\": 1}", "{\"b\": 1}"), 0);
}

static void
check_duplicate(void)
{
	struct jval v;
	size_t a, b;

	v = jv("[1, \"x\", 2, 1.0]");
	CHECK_INT(schema_duplicate(&v, 4, &run, &a, &b), 1);
	CHECK_INT(a, 0);
	CHECK_INT(b, 3);
	v = jv("[1, 2, 3]");
	CHECK_INT(schema_duplicate(&v, 3, &run, &a, &b), 0);
	/* Long arrays go by hash; the first pair is still found. */
	v = jv("[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,"
	    "{\"k\":[1]},19,{\"k\":[1.0]},5e0,22]");
	CHECK_INT(schema_duplicate(&v, 23, &run, &a, &b), 1);
	CHECK_INT(a, 5);
	CHECK_INT(b, 21);
	v = jv("[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,"
	    "{\"k\":[1]},19,{\"k\":[1.0]},21,22]");
	CHECK_INT(schema_duplicate(&v, 23, &run, &a, &b), 1);
	CHECK_INT(a, 18);
	CHECK_INT(b, 20);
	v = jv("[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18]");
	CHECK_INT(schema_duplicate(&v, 19, &run, &a, &b), 0);
}

static void
check_length(void)
{
	struct jval v;

	v = jv("\"\"");
	CHECK_INT(schema_length(&v), 0);
	v = jv("\"abc\"");
	CHECK_INT(schema_length(&v), 3);
	v = jv("\"\xc3\xa9\xf0\x9f\x98\x80\"");		/* 2 characters */
	CHECK_INT(schema_length(&v), 2);
	v = jv("\"\\n\\u00e9\\ud83d\\ude00\"");		/* 3 characters */
	CHECK_INT(schema_length(&v), 3);
	v = jv("\"\\ud83d\"");				/* a lone surrogate */
	CHECK_INT(schema_length(&v), 1);
}

static void
check_compact(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct jval v;

	v = jv("{ \"a\" : [ 1, \"x y\" ],\n\t\"b\\\"\": null }");
	schema_compact(&sb, &v, 100);
	CHECK_STR(sb.buf, "{\"a\":[1,\"x y\"],\"b\\\"\":null}");
	strbuf_reset(&sb);
	v = jv("\"\xc3\xa9\xc3\xa9\xc3\xa9\"");
	schema_compact(&sb, &v, 4);
	CHECK_STR(sb.buf, "\"\xc3\xa9\xc3\xa9...");
	strbuf_release(&sb);
}

static void
check_pointer(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct jval doc, v;
	static const char text[] = "{\"a/b\": [10, {\"m~n\": 20}], "
	    "\"\": 30, \"01\": 40}";

	doc = jv(text);
	CHECK_INT(schema_pointer_walk(&doc, "", &v), 1);
	CHECK(v.p == doc.p);
	CHECK_INT(schema_pointer_walk(&doc, "/a~1b/0", &v), 1);
	CHECK(v.n == 2 && memcmp(v.p, "10", 2) == 0);
	CHECK_INT(schema_pointer_walk(&doc, "/a~1b/1/m~0n", &v), 1);
	CHECK(v.n == 2 && memcmp(v.p, "20", 2) == 0);
	CHECK_INT(schema_pointer_walk(&doc, "/", &v), 1);
	CHECK(v.n == 2 && memcmp(v.p, "30", 2) == 0);
	CHECK_INT(schema_pointer_walk(&doc, "/01", &v), 1);
	CHECK_INT(schema_pointer_walk(&doc, "/a~1b/01", &v), 0);
	CHECK_INT(schema_pointer_walk(&doc, "/a~1b/2", &v), 0);
	CHECK_INT(schema_pointer_walk(&doc, "/a~1b/-", &v), 0);
	CHECK_INT(schema_pointer_walk(&doc, "/a/b", &v), 0);
	CHECK_INT(schema_pointer_walk(&doc, "a~1b", &v), 0);
	schema_pointer_add(&sb, "a/b~c", 5);
	schema_pointer_add(&sb, "", 0);
	CHECK_STR(sb.buf, "/a~1b~0c/");
	strbuf_release(&sb);
}

int
main(void)
{
	schema_run_init(&run, 10);
	check_equal();
	check_duplicate();
	check_length();
	check_compact();
	check_pointer();
	schema_run_release(&run);
	return check_status();
}
