/* SPDX-License-Identifier: MIT */
/* record.c -- unit tests of json/record: fields on demand, in-place edits. */
#include <stdlib.h>
#include <string.h>

#include "json/record.h"

#include "check.h"

/* Whether r's text is exactly want. */
static int
text_is(const struct record *r, const char *want)
{
	return r->len == strlen(want) && memcmp(r->text, want, r->len) == 0;
}

static void
test_parse(void)
{
	struct record r = RECORD_INIT;
	struct sluice_err e;
	const char *line = " {\"a\": 1 ,\"b\":{\"c\":[\"x\"]}} ";
	struct path *p;
	struct jval v;

	CHECK(record_parse(&r, line, strlen(line), &e) == 0);
	/* Unedited, the record is the line itself. */
	CHECK(r.text == line && r.len == strlen(line));
	CHECK(record_get_key(&r, "a", 1, &v) && v.n == 1 && v.p[0] == '1');
	CHECK(!record_get_key(&r, "c", 1, &v));
	p = path_compile("b.c[0]", &e);
	CHECK(record_get(&r, p, &v) && jval_str_eq(&v, "x", 1));
	path_free(p);
	p = path_compile("b.d", &e);
	CHECK(!record_get(&r, p, &v));
	path_free(p);

	/* Only objects are records; errors say where. */
	CHECK(record_parse(&r, "[1]", 3, &e) == -1);
	CHECK(record_parse(&r, "\"s\"", 3, &e) == -1);
	CHECK(record_parse(&r, "{\"a\":}", 6, &e) == -1 && e.col == 6);
	CHECK(record_parse(&r, "", 0, &e) == -1);
	record_release(&r);
}

static void
test_adopt(void)
{
	struct record r = RECORD_INIT;
	struct sluice_err e;
	struct jval root, v;

	CHECK(scan_document("{\"k\":true}", 10, &root, &e) == 0);
	record_adopt(&r, "{\"k\":true}", 10, &root);
	CHECK(record_get_key(&r, "k", 1, &v) && v.type == JT_TRUE);
	/* In a scalar or an array every field is missing. */
	CHECK(scan_document("[1,2]", 5, &root, &e) == 0);
	record_adopt(&r, "[1,2]", 5, &root);
	CHECK(!record_get_key(&r, "k", 1, &v));
	record_release(&r);
}

static void
test_time(void)
{
	struct record r = RECORD_INIT;
	struct time_opts to = TIME_OPTS_INIT;
	struct sluice_err e;
	struct path *p;
	const char *line;
	int64_t ns;
	int prec;

	p = path_compile("t", &e);
	line = "{\"t\":\"2020-01-02T03:04:05.5Z\"}";
	CHECK(record_parse(&r, line, strlen(line), &e) == 0);
	CHECK(record_time(&r, p, &to, &ns, &prec) == 1);
	CHECK_INT(ns, INT64_C(1577934245500000000));
	CHECK_INT(prec, 1);
	/* An epoch number in the options' unit. */
	line = "{\"t\":1577934245500}";
	CHECK(record_parse(&r, line, strlen(line), &e) == 0);
	CHECK(record_time(&r, p, &to, &ns, &prec) == 1);
	CHECK_INT(ns, INT64_C(1577934245500000000));
	to.unit = TU_S;
	line = "{\"t\":1577934245}";
	CHECK(record_parse(&r, line, strlen(line), &e) == 0);
	CHECK(record_time(&r, p, &to, &ns, &prec) == 1);
	CHECK_INT(ns, INT64_C(1577934245000000000));
	/* Missing or null: 0; there but not a time: -1. */
	CHECK(record_parse(&r, "{}", 2, &e) == 0);
	CHECK(record_time(&r, p, &to, &ns, &prec) == 0);
	CHECK(record_parse(&r, "{\"t\":null}", 10, &e) == 0);
	CHECK(record_time(&r, p, &to, &ns, &prec) == 0);
	CHECK(record_parse(&r, "{\"t\":\"soon\"}", 12, &e) == 0);
	CHECK(record_time(&r, p, &to, &ns, &prec) == -1);
	CHECK(record_parse(&r, "{\"t\":[1]}", 9, &e) == 0);
	CHECK(record_time(&r, p, &to, &ns, &prec) == -1);
	path_free(p);
	record_release(&r);
}

static void
test_edits(void)
{
	struct record r = RECORD_INIT;
	struct sluice_err e;
	struct jval v;

	/* Edits splice bytes; the rest stays as written. */
	CHECK(record_parse(&r, "{\"a\": 1 , \"b\":[2]}", 18, &e) == 0);
	record_set_raw(&r, "c", 1, "3", 1);
	CHECK(text_is(&r, "{\"a\": 1 , \"b\":[2],\"c\":3}"));
	record_set_raw(&r, "a", 1, "\"x\"", 3);
	CHECK(text_is(&r, "{\"a\": \"x\" , \"b\":[2],\"c\":3}"));
	/* Fields read after an edit see it. */
	CHECK(record_get_key(&r, "a", 1, &v) && jval_str_eq(&v, "x", 1));
	CHECK(record_get_key(&r, "c", 1, &v) && v.p[0] == '3');
	CHECK(record_parse(&r, "{}", 2, &e) == 0);
	record_set_raw(&r, "k", 1, "null", 4);
	CHECK(text_is(&r, "{\"k\":null}"));
	CHECK(record_parse(&r, "{ }", 3, &e) == 0);
	record_set_raw(&r, "k", 1, "1", 1);
	CHECK(scan_document(r.text, r.len, &v, &e) == 0);
	CHECK(record_get_key(&r, "k", 1, &v) && v.p[0] == '1');
	/* Of repeated keys, the last one (the one readers see) is set. */
	CHECK(record_parse(&r, "{\"d\":1,\"d\":2}", 13, &e) == 0);
	record_set_raw(&r, "d", 1, "3", 1);
	CHECK(text_is(&r, "{\"d\":1,\"d\":3}"));
	/* A key that needs escaping. */
	CHECK(record_parse(&r, "{}", 2, &e) == 0);
	record_set_raw(&r, "q\"", 2, "0", 1);
	CHECK(text_is(&r, "{\"q\\\"\":0}"));
	CHECK(record_get_key(&r, "q\"", 2, &v) && v.p[0] == '0');
	record_release(&r);
}

/*
 * Many edits against a model: a jansson object given the same
 * updates.  After each one the text must be valid JSON equal to it.
 */
static void
test_edits_model(void)
{
	static const char *const keys[] = { "a", "b", "c", "d", "e\xc3\xa9" };
	static const char *const vals[] = {
		"1", "-2.5", "\"s\"", "\"\\u00e9\\n\"", "[1,[2]]",
		"{\"x\":{}}", "null", "true", "\"a long value that grows\"",
	};
	struct record r = RECORD_INIT;
	struct sluice_err e;
	json_error_t je;
	json_t *model, *got;
	const char *k, *val;
	int i, bad = 0;

	srand(7);
	model = json_object();
	CHECK(record_parse(&r, "{\"z\" : 0}", 9, &e) == 0);
	json_object_set_new(model, "z", json_integer(0));
	for (i = 0; i < 2000 && !bad; i++) {
		k = keys[rand() % (int)NELEM(keys)];
		val = vals[rand() % (int)NELEM(vals)];
		record_set_raw(&r, k, strlen(k), val, strlen(val));
		json_object_set_new(model, k, json_loads(val, JSON_DECODE_ANY,
		    &je));
		got = json_loadb(r.text, r.len, 0, &je);
		if (got == NULL || !json_equal(got, model)) {
			fprintf(stderr, "%s: edit %d: %.*s\n", __FILE__, i,
			    (int)r.len, r.text);
			bad = 1;
		}
		json_decref(got);
		/* Now and then start over from a line of our own. */
		if (i % 97 == 96) {
			CHECK(record_parse(&r, "{\"z\":0}", 7, &e) == 0);
			json_object_clear(model);
			json_object_set_new(model, "z", json_integer(0));
		}
	}
	CHECK(!bad);
	json_decref(model);
	record_release(&r);
}

int
main(void)
{
	test_parse();
	test_adopt();
	test_time();
	test_edits();
	test_edits_model();
	return check_status();
}
