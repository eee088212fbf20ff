/* SPDX-License-Identifier: MIT */
/* schema_uri.c -- unit tests of lib/schema/uri.c: reference resolution. */
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "schema/uri.h"
#include "check.h"

/* RFC 3986 section 5.4: every example, against this base. */
#define BASE	"http://a/b/c/d;p?q"

static const char *const normal[][2] = {	/* 5.4.1 */
	{ "g:h",		"g:h" },
	{ "g",			"http://a/b/c/g" },
	{ "./g",		"http://a/b/c/g" },
	{ "g/",			"http://a/b/c/g/" },
	{ "/g",			"http://a/g" },
	{ "//g",		"http://g" },
	{ "?y",			"http://a/b/c/d;p?y" },
	{ "g?y",		"http://a/b/c/g?y" },
	{ "#s",			"http://a/b/c/d;p?q#s" },
	{ "g#s",		"http://a/b/c/g#s" },
	{ "g?y#s",		"http://a/b/c/g?y#s" },
	{ ";x",			"http://a/b/c/;x" },
	{ "g;x",		"http://a/b/c/g;x" },
	{ "g;x?y#s",		"http://a/b/c/g;x?y#s" },
	{ "",			"http://a/b/c/d;p?q" },
	{ ".",			"http://a/b/c/" },
	{ "./",			"http://a/b/c/" },
	{ "..",			"http://a/b/" },
	{ "../",		"http://a/b/" },
	{ "../g",		"http://a/b/g" },
	{ "../..",		"http://a/" },
	{ "../../",		"http://a/" },
	{ "../../g",		"http://a/g" }
};

static const char *const abnormal[][2] = {	/* 5.4.2 */
	{ "../../../g",		"http://a/g" },
	{ "../../../../g",	"http://a/g" },
	{ "/./g",		"http://a/g" },
	{ "/../g",		"http://a/g" },
	{ "g.",			"http://a/b/c/g." },
	{ ".g",			"http://a/b/c/.g" },
	{ "g..",		"http://a/b/c/g.." },
	{ "..g",		"http://a/b/c/..g" },
	{ "./../g",		"http://a/b/g" },
	{ "./g/.",		"http://a/b/c/g/" },
	{ "g/./h",		"http://a/b/c/g/h" },
	{ "g/../h",		"http://a/b/c/h" },
	{ "g;x=1/./y",		"http://a/b/c/g;x=1/y" },
	{ "g;x=1/../y",		"http://a/b/c/y" },
	{ "g?y/./x",		"http://a/b/c/g?y/./x" },
	{ "g?y/../x",		"http://a/b/c/g?y/../x" },
	{ "g#s/./x",		"http://a/b/c/g#s/./x" },
	{ "g#s/../x",		"http://a/b/c/g#s/../x" },
	{ "http:g",		"http:g" }	/* a strict parser */
};

static void
check_table(const char *const (*t)[2], size_t n)
{
	char *got;
	size_t i;

	for (i = 0; i < n; i++) {
		got = uri_resolve(BASE, t[i][0]);
		CHECK_STR(got, t[i][1]);
		free(got);
	}
}

/* How $id and $ref use it: bases without a path, and fragments. */
static void
check_schema_uses(void)
{
	static const char *const t[][3] = {
		{ "sluice:///schema.json", "#/$defs/a",
		    "sluice:///schema.json#/$defs/a" },
		{ "sluice:///schema.json", "item.json",
		    "sluice:///item.json" },
		{ "http://example.com", "a.json", "http://example.com/a.json" },
		{ "http://example.com/root.json", "#foo",
		    "http://example.com/root.json#foo" },
		{ "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed", "#/a",
		    "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed#/a" },
		{ "http://example.com/a/b.json", "../c.json",
		    "http://example.com/c.json" }
	};
	char *got;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		got = uri_resolve(t[i][0], t[i][1]);
		CHECK_STR(got, t[i][2]);
		free(got);
	}
}

static void
check_pct_decode(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "/a%25b/%7e%41");
	CHECK_INT(uri_pct_decode(&sb), 0);
	CHECK_INT(sb.len, 7);
	CHECK(memcmp(sb.buf, "/a%b/~A", 7) == 0);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "a%4");
	CHECK_INT(uri_pct_decode(&sb), -1);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "a%zz");
	CHECK_INT(uri_pct_decode(&sb), -1);
	strbuf_release(&sb);
}

int
main(void)
{
	check_table(normal, NELEM(normal));
	check_table(abnormal, NELEM(abnormal));
	check_schema_uses();
	check_pct_decode();
	return check_status();
}
