/* SPDX-License-Identifier: MIT */
/* path.c -- unit tests of json/path: compile paths, look them up. */
#include <stdlib.h>
#include <string.h>

#include "json/path.h"
#include "json/scan.h"

#include "check.h"

static const char doc[] = "{\"a\":{\"b\":[10,{\"c\":\"x\"},30]},"
    "\"odd key\":1,\"user-agent\":\"ua\",\"@window\":{\"start\":\"s\"},"
    "\"listen.port\":7071,\"a\\u0062\":2,\"dup\":1,\"dup\":2,"
    "\"q\\\"k\":3,\"\xc3\xa9t\xc3\xa9\":4}";

/* Look a path up in doc: the value's raw text, "MISSING" or "BADPATH". */
static const char *
lookup(const char *path, char *buf, size_t n)
{
	struct sluice_err e;
	struct path *p;
	struct jval root, v;

	if (scan_document(doc, strlen(doc), &root, &e) == -1)
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
#define LOOKUP(path, want)	CHECK_STR(lookup(path, buf, sizeof(buf)), want)

static void
test_lookup(void)
{
	char buf[64];

	LOOKUP("a.b[0]", "10");
	LOOKUP(".a.b[1].c", "\"x\"");
	LOOKUP("a.b[-1]", "30");
	LOOKUP("a.b[-3]", "10");
	LOOKUP("a.b[-4]", "MISSING");
	LOOKUP("a.b[3]", "MISSING");
	LOOKUP("a.b", "[10,{\"c\":\"x\"},30]");
	LOOKUP("a.b.c", "MISSING");
	LOOKUP("a[0]", "MISSING");
	LOOKUP("\"odd key\"", "1");
	LOOKUP(".\"odd key\"", "1");
	LOOKUP("\"q\\\"k\"", "3");
	LOOKUP("user-agent", "\"ua\"");
	LOOKUP("@window.start", "\"s\"");
	LOOKUP("\xc3\xa9t\xc3\xa9", "4");
	/* A dotted key written flat by the logger. */
	LOOKUP("listen.port", "7071");
	/* Escaped keys compare decoded; the last duplicate wins. */
	LOOKUP("ab", "2");
	LOOKUP("dup", "2");
	LOOKUP("nope.x", "MISSING");
	LOOKUP("a[", "BADPATH");
	LOOKUP("a[x]", "BADPATH");
	LOOKUP("a.\"b", "BADPATH");
	LOOKUP("a..b", "BADPATH");
	LOOKUP("", "BADPATH");
}

static void
test_parse(void)
{
	struct sluice_err e;
	struct path **list;
	struct path *p;
	size_t used;
	int n;

	p = path_compile("a.\"b.c\"[2][-1]", &e);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_INT(p->nseg, 4);
		CHECK_STR(p->seg[0].key, "a");
		CHECK_STR(p->seg[1].key, "b.c");
		CHECK(p->seg[2].key == NULL && p->seg[2].index == 2);
		CHECK(p->seg[3].key == NULL && p->seg[3].index == -1);
		CHECK_STR(p->text, "a.\"b.c\"[2][-1]");
		path_free(p);
	}
	/* An error says where. */
	CHECK(path_compile("abc[", &e) == NULL && e.col >= 4);
	/* In expressions a bare key stops at an operator. */
	p = path_parse("user-agent", 10, PATH_EXPR, &used, &e);
	CHECK(p != NULL && used == 4);
	path_free(p);
	p = path_parse("a.b>=1", 6, PATH_EXPR, &used, &e);
	CHECK(p != NULL && used == 3 && p->nseg == 2);
	path_free(p);
	p = path_parse("a,b", 3, PATH_LIST, &used, &e);
	CHECK(p != NULL && used == 1);
	path_free(p);
	/*
	 * An index is read within s[0..n) (found by fuzzing: strtol read
	 * past the end, seen by ASan): "a[12" then "]" is no index, and a
	 * text with no NUL after it is read only so far.
	 */
	CHECK(path_parse("a[12]", 4, PATH_EXPR, &used, &e) == NULL);
	{
		char *t = xmalloc(2);

		memcpy(t, "a[", 2);
		CHECK(path_parse(t, 2, PATH_CLI, &used, &e) == NULL &&
		    e.col == 2);
		free(t);
	}
	p = path_parse("a[-3]x", 5, PATH_EXPR, &used, &e);
	CHECK(p != NULL && used == 5 && p->seg[1].index == -3);
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
	CHECK(path_list("", &list, &e) == -1);
}

/* The same lookups on a jansson value. */
static void
test_json(void)
{
	struct sluice_err e;
	json_error_t je;
	json_t *root, *v;
	struct path *p;

	root = json_loads(doc, 0, &je);
	CHECK(root != NULL);
	p = path_compile("a.b[-2].c", &e);
	v = path_get_json(p, root);
	CHECK(v != NULL && json_is_string(v) &&
	    strcmp(json_string_value(v), "x") == 0);
	path_free(p);
	p = path_compile("listen.port", &e);
	v = path_get_json(p, root);
	CHECK(v != NULL && json_integer_value(v) == 7071);
	path_free(p);
	p = path_compile("a.b[5]", &e);
	CHECK(path_get_json(p, root) == NULL);
	path_free(p);
	json_decref(root);
}

int
main(void)
{
	test_lookup();
	test_parse();
	test_json();
	return check_status();
}
