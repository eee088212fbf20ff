/* SPDX-License-Identifier: MIT */
/* expr.c -- unit tests of lib/expr through its public API (tests/expr.bats has the oracle). */
#include <string.h>

#include "expr/expr.h"
#include "json/record.h"

#include "check.h"

/* Evaluate src on the record text json; the result as JSON text. */
static const char *
eval(const char *src, const char *json)
{
	static struct strbuf out;
	struct record r = RECORD_INIT;
	struct expr_env env = { NULL, NULL, NULL };
	struct sluice_err e;
	struct expr *x;
	struct xval v;

	strbuf_reset(&out);
	if ((x = expr_compile(src, &e)) == NULL)
		return "COMPILE";
	if (json != NULL) {
		if (record_parse(&r, json, strlen(json), &e) == -1) {
			expr_free(x);
			return "BADJSON";
		}
		env.rec = &r;
	}
	expr_eval(x, &env, &v);
	xval_to_json(&v, &out);
	expr_free(x);
	record_release(&r);
	return out.buf;
}
#define EVAL(src, json, want)	CHECK_STR(eval(src, json), want)

static void
test_eval(void)
{
	const char *rec = "{\"status\":503,\"path\":\"/api/v1\","
	    "\"ms\":\"12.5\",\"tags\":[\"a\",\"b\"],\"user\":{\"id\":7},"
	    "\"odd key\":1,\"@window\":{\"start\":\"s\"}}";

	EVAL("1 + 2 * 3", NULL, "7");
	EVAL("(1 + 2) * 3", NULL, "9");
	EVAL("7 / 2", NULL, "3.5");
	EVAL("7 % 3", NULL, "1");
	EVAL("1 / 0", NULL, "null");
	EVAL("9223372036854775807 + 1", NULL, "9.223372036854776e+18");
	EVAL("\"a\" + \"b\"", NULL, "\"ab\"");
	EVAL("[1] + [2]", NULL, "[1,2]");
	EVAL("status >= 500 && path =~ \"^/api\"", rec, "true");
	EVAL("status == \"503\"", rec, "true");
	EVAL("ms * 2", rec, "25.0");
	EVAL("user.id", rec, "7");
	EVAL("tags[-1]", rec, "\"b\"");
	EVAL("\"a\" in tags", rec, "true");
	EVAL("\"c\" !in tags", rec, "true");
	EVAL(".\"odd key\"", rec, "1");
	EVAL("@window.start", rec, "\"s\"");
	/* Missing fields are null; null orders before nothing. */
	EVAL("nope", rec, "null");
	EVAL("nope < 1", rec, "false");
	EVAL("nope == null", rec, "true");
	EVAL("nope", NULL, "null");
	EVAL("len(tags) + floor(2.7)", rec, "4");
	EVAL("str(status) + \"x\"", rec, "\"503x\"");
	EVAL("!true || false", NULL, "false");
}

static void
test_compile_errors(void)
{
	struct sluice_err e;

	CHECK(expr_compile("1 +", &e) == NULL && e.col == 4);
	CHECK(expr_compile("(1", &e) == NULL && strstr(e.msg, "')'") !=
	    NULL);
	CHECK(expr_compile("lenght(x)", &e) == NULL && e.col == 1 &&
	    strstr(e.msg, "lenght") != NULL);
	CHECK(expr_compile("x =~ y", &e) == NULL && e.col > 0);
	CHECK(expr_compile("x =~ \"(\"", &e) == NULL);
	CHECK(expr_compile("", &e) == NULL);
}

static void
test_test_and_subject(void)
{
	struct record r = RECORD_INIT;
	struct expr_env env = { NULL, NULL, NULL };
	struct sluice_err e;
	struct expr *x;
	struct xval v;
	const char *rec = "{\"count\":150,\"host\":\"y\"}";

	CHECK(record_parse(&r, rec, strlen(rec), &e) == 0);
	env.rec = &r;
	x = expr_compile("count > 100 && host != 'x'", &e);
	CHECK(x != NULL);
	CHECK_STR(expr_text(x), "count > 100 && host != 'x'");
	CHECK_INT(expr_nprev(x), 0);
	CHECK(expr_test(x, &env));
	/* The value an alert reports: the left side of the comparison. */
	expr_eval(x, &env, &v);
	CHECK(expr_eval_subject(x, &env, &v) == 1);
	CHECK(v.type == XT_NUM && v.is_int && v.i == 150);
	expr_free(x);
	x = expr_compile("host", &e);
	CHECK(expr_test(x, &env));
	expr_eval(x, &env, &v);
	CHECK(expr_eval_subject(x, &env, &v) == 0 && v.type == XT_NULL);
	expr_free(x);
	x = expr_compile("null", &e);
	CHECK(!expr_test(x, &env));
	expr_free(x);
	record_release(&r);
}

/* prev(): each evaluation sees the values of the one before. */
static void
test_memo(void)
{
	static const char *const recs[] = {
		"{\"count\":10}", "{\"count\":40}", "{\"count\":50}",
		"{\"count\":200}",
	};
	static const int fired[] = { 0, 1, 0, 1 };
	struct record r = RECORD_INIT, s = RECORD_INIT;
	struct expr_memo m, none;
	struct sluice_err e;
	struct expr *x, *y;
	struct xval v;
	size_t i;

	x = expr_compile("prev(count) != null && count > 3 * prev(count)",
	    &e);
	CHECK(x != NULL && expr_nprev(x) == 2);
	expr_memo_init(&m, x);
	CHECK(m.n == 2 && m.prev[0].type == XT_NULL);
	for (i = 0; i < NELEM(recs); i++) {
		CHECK(record_parse(&r, recs[i], strlen(recs[i]), &e) == 0);
		CHECK_INT(expr_memo_eval(x, &r, &m, &v), fired[i]);
	}
	/* The memo holds the last record's values, owned. */
	CHECK(m.prev[0].type == XT_NUM && m.prev[0].i == 200);
	expr_memo_release(&m);
	expr_free(x);

	/* A result that is a prev() value stays valid after the call. */
	x = expr_compile("prev(s)", &e);
	expr_memo_init(&m, x);
	CHECK(record_parse(&s, "{\"s\":\"first\"}", 13, &e) == 0);
	expr_memo_eval(x, &s, &m, &v);
	CHECK(record_parse(&s, "{\"s\":\"second\"}", 14, &e) == 0);
	expr_memo_eval(x, &s, &m, &v);
	CHECK(v.type == XT_STR && v.n == 5 && memcmp(v.s, "first", 5) == 0);
	expr_memo_release(&m);
	expr_free(x);
	record_release(&s);

	/* Without prev() the memo is empty and allocates nothing. */
	y = expr_compile("count > 1", &e);
	expr_memo_init(&none, y);
	CHECK(none.n == 0 && none.prev == NULL);
	CHECK(expr_memo_eval(y, &r, &none, NULL) == 1);
	expr_memo_release(&none);
	expr_free(y);
	record_release(&r);
}

static void
test_xval(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct xval s = { XT_STR, 0, 0, 0, 0, "q\"", 2 };
	struct xval a = { XT_ARRAY, 0, 0, 0, 0, "[1, 2]", 6 };
	struct xval n = { XT_NUM, 0, 0, 0, 0.25, NULL, 0 };
	struct xval c;

	CHECK(xval_truthy(&s));
	CHECK(!xval_truthy(&(struct xval){ XT_NULL, 0, 0, 0, 0, NULL, 0 }));
	CHECK(!xval_truthy(&(struct xval){ XT_BOOL, 0, 0, 0, 0, NULL, 0 }));
	CHECK(xval_truthy(&(struct xval){ XT_NUM, 0, 1, 0, 0, NULL, 0 }));
	xval_to_json(&s, &sb);
	CHECK_STR(sb.buf, "\"q\\\"\"");
	strbuf_reset(&sb);
	xval_to_json(&n, &sb);
	CHECK_STR(sb.buf, "0.25");
	/* A copy owns its bytes. */
	xval_copy(&c, &a);
	CHECK(c.type == XT_ARRAY && c.n == 6 && c.s != a.s &&
	    memcmp(c.s, a.s, 6) == 0);
	xval_free(&c);
	CHECK(c.type == XT_NULL);
	strbuf_release(&sb);
}

int
main(void)
{
	test_eval();
	test_compile_errors();
	test_test_and_subject();
	test_memo();
	test_xval();
	return check_status();
}
