/* SPDX-License-Identifier: MIT */
/* schema_format.c -- unit tests of lib/schema/format.c: the checkers. */
#include <string.h>

#include "core/common.h"
#include "schema/format.h"
#include "check.h"

/* One case: a format name, a string, and whether it is valid. */
struct fcase {
	const char	*format;
	const char	*s;
	int		 valid;
};

/*
 * Valid cases are the examples of the RFCs where they give some (RFC
 * 3339 5.8, RFC 4291 2.2, RFC 3986 1.1.2, RFC 6901 5, RFC 4122 3);
 * invalid ones break one rule of the grammar each.
 */
static const struct fcase cases[] = {
	/* RFC 3339 date-time, full-date, full-time. */
	{ "date-time",	"1985-04-12T23:20:50.52Z",		1 },
	{ "date-time",	"1996-12-19T16:39:57-08:00",		1 },
	{ "date-time",	"1990-12-31T23:59:60Z",			1 },
	{ "date-time",	"1990-12-31T15:59:60-08:00",		1 },
	{ "date-time",	"1937-01-01T12:00:27.87+00:20",		1 },
	{ "date-time",	"1985-04-12t23:20:50.52z",		1 },
	{ "date-time",	"1985-04-12T23:20:50.52",		0 },
	{ "date-time",	"1985-04-12 23:20:50Z",			0 },
	{ "date-time",	"1990-02-31T15:59:59Z",			0 },
	{ "date-time",	"1998-12-31T23:59:61Z",			0 },
	{ "date-time",	"1990-12-31T23:58:60Z",			0 },
	{ "date-time",	"1985-04-12T23:20:50.Z",		0 },
	{ "date",	"2020-02-29",				1 },
	{ "date",	"2000-02-29",				1 },
	{ "date",	"2019-02-29",				0 },
	{ "date",	"1900-02-29",				0 },
	{ "date",	"2020-1-01",				0 },
	{ "date",	"2020-13-01",				0 },
	{ "time",	"08:30:06Z",				1 },
	{ "time",	"08:30:06.283185+01:00",		1 },
	{ "time",	"08:30:06",				0 },
	{ "time",	"24:00:00Z",				0 },
	{ "time",	"08:30:06+24:00",			0 },
	/* RFC 3339 appendix A duration. */
	{ "duration",	"P4DT12H30M5S",				1 },
	{ "duration",	"P1Y2M3DT4H5M6S",			1 },
	{ "duration",	"P1W",					1 },
	{ "duration",	"PT36H",				1 },
	{ "duration",	"P",					0 },
	{ "duration",	"PT",					0 },
	{ "duration",	"P1D2H",				0 },
	{ "duration",	"P2W1D",				0 },
	{ "duration",	"P1M1Y",				0 },
	{ "duration",	"P1Y3D",				0 },
	/* RFC 5321 Mailbox. */
	{ "email",	"joe.bloggs@example.com",		1 },
	{ "email",	"\"joe bloggs\"@example.com",		1 },
	{ "email",	"te~st@example.com",			1 },
	{ "email",	"joe@[127.0.0.1]",			1 },
	{ "email",	"joe@[IPv6:::1]",			1 },
	{ "email",	"2962",					0 },
	{ "email",	".test@example.com",			0 },
	{ "email",	"te..st@example.com",			0 },
	{ "email",	"test.@example.com",			0 },
	{ "email",	"joe@[300.0.0.1]",			0 },
	/* RFC 1123 host names, IDNA2008 A-labels. */
	{ "hostname",	"www.example.com",			1 },
	{ "hostname",	"xn--4gbwdl.xn--wgbh1c",		1 },
	{ "hostname",	"a.b-c.d",				1 },
	{ "hostname",	"-a-host-name-that-starts-with--",	0 },
	{ "hostname",	"not_a_valid_host_name",		0 },
	{ "hostname",	"a..b",					0 },
	{ "hostname",	"xn--X",				0 },
	/* IPv4 dotted quads, RFC 4291 2.2 IPv6 text forms. */
	{ "ipv4",	"192.168.0.1",				1 },
	{ "ipv4",	"0.0.0.0",				1 },
	{ "ipv4",	"127.0.0.0.1",				0 },
	{ "ipv4",	"256.256.256.256",			0 },
	{ "ipv4",	"087.10.0.1",				0 },
	{ "ipv4",	"1.2.3",				0 },
	{ "ipv6",	"2001:DB8:0:0:8:800:200C:417A",		1 },
	{ "ipv6",	"2001:DB8::8:800:200C:417A",		1 },
	{ "ipv6",	"FF01::101",				1 },
	{ "ipv6",	"::1",					1 },
	{ "ipv6",	"::",					1 },
	{ "ipv6",	"0:0:0:0:0:0:13.1.68.3",		1 },
	{ "ipv6",	"::FFFF:129.144.52.38",			1 },
	{ "ipv6",	"::13.1.68.3",				1 },
	{ "ipv6",	"12345::",				0 },
	{ "ipv6",	"1:1:1:1:1:1:1:1:1",			0 },
	{ "ipv6",	"1::2::3",				0 },
	{ "ipv6",	":1:2:3:4:5:6:7",			0 },
	{ "ipv6",	"1:2:3:4:5:6:7:",			0 },
	{ "ipv6",	"::256.0.0.1",				0 },
	/* RFC 3986 URIs and references, RFC 3987 IRIs. */
	{ "uri",	"http://www.ietf.org/rfc/rfc2396.txt",	1 },
	{ "uri",	"ftp://ftp.is.co.za/rfc/rfc1808.txt",	1 },
	{ "uri",	"ldap://[2001:db8::7]/c=GB?objectClass?one", 1 },
	{ "uri",	"mailto:John.Doe@example.com",		1 },
	{ "uri",	"news:comp.infosystems.www.servers.unix", 1 },
	{ "uri",	"tel:+1-816-555-1212",			1 },
	{ "uri",	"telnet://192.0.2.16:80/",		1 },
	{ "uri",
	    "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",	1 },
	{ "uri",	"//foo.bar/?baz=qux#quux",		0 },
	{ "uri",	"/abc",					0 },
	{ "uri",	"http:// shouldfail.com",		0 },
	{ "uri",	"http://example.com/%zz",		0 },
	{ "uri",	"http://ex\xc3\xa4mple.com/",		0 },
	{ "uri-reference", "/abc",				1 },
	{ "uri-reference", "#fragment",				1 },
	{ "uri-reference", "",					1 },
	{ "uri-reference", "\\\\WINDOWS\\fileshare",		0 },
	{ "uri-reference", "a:b:c/../d",			1 },
	{ "iri",	"http://ex\xc3\xa4mple.com/\xc3\xa9",	1 },
	{ "iri",	"/rel/\xc3\xa9",			0 },
	{ "iri-reference", "/rel/\xc3\xa9",			1 },
	/* RFC 4122 UUIDs. */
	{ "uuid",	"f81d4fae-7dec-11d0-a765-00a0c91e6bf6",	1 },
	{ "uuid",	"2EB8AA08-AA98-11EA-B4AA-73B441D16380",	1 },
	{ "uuid",	"2eb8aa08-aa98-11ea-b4aa-73b441d1638",	0 },
	{ "uuid",	"2eb8aa08aa9811eab4aa73b441d16380",	0 },
	/* RFC 6901 JSON Pointers, and relative ones. */
	{ "json-pointer", "",					1 },
	{ "json-pointer", "/foo/0",				1 },
	{ "json-pointer", "/a~1b",				1 },
	{ "json-pointer", "/m~0n",				1 },
	{ "json-pointer", "/ ",					1 },
	{ "json-pointer", "foo",				0 },
	{ "json-pointer", "/~",					0 },
	{ "json-pointer", "/~2",				0 },
	{ "relative-json-pointer", "1",				1 },
	{ "relative-json-pointer", "0/foo",			1 },
	{ "relative-json-pointer", "2#",			1 },
	{ "relative-json-pointer", "#",				0 },
	{ "relative-json-pointer", "01",			0 },
	{ "relative-json-pointer", "-1",			0 },
	{ "relative-json-pointer", "1#/a",			0 }
};

static void
check_cases(void)
{
	const struct fcase *c;
	enum format f;
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		c = &cases[i];
		f = format_find(c->format, strlen(c->format));
		CHECK(f > FORMAT_UNCHECKED);
		if (format_check(f, c->s, strlen(c->s)) != c->valid) {
			fprintf(stderr, "%s \"%s\" should be %s\n", c->format,
			    c->s, c->valid ? "valid" : "invalid");
			check_failures++;
		}
	}
}

static void
check_names(void)
{
	CHECK_INT(format_find("date-time", 9), FORMAT_DATE_TIME);
	CHECK_INT(format_find("date-timex", 10), FORMAT_NONE);
	CHECK_INT(format_find("date-time", 4), FORMAT_DATE);
	CHECK_INT(format_find("regex", 5), FORMAT_UNCHECKED);
	CHECK_INT(format_find("idn-email", 9), FORMAT_UNCHECKED);
	CHECK_INT(format_find("color", 5), FORMAT_NONE);
	CHECK_STR(format_name(FORMAT_IPV4), "ipv4");
	CHECK_STR(format_name(FORMAT_REL_JSON_POINTER),
	    "relative-json-pointer");
	CHECK(format_name(FORMAT_NONE) == NULL);
	CHECK(format_name(FORMAT_UNCHECKED) == NULL);
	/* Names of no checker assert nothing. */
	CHECK_INT(format_check(FORMAT_NONE, "x", 1), 1);
	CHECK_INT(format_check(FORMAT_UNCHECKED, "(", 1), 1);
	/* The length counts, not a NUL. */
	CHECK_INT(format_check(FORMAT_IPV4, "1.2.3.4\0", 8), 0);
	CHECK_INT(format_check(FORMAT_IPV4, "1.2.3.45", 7), 1);
}

int
main(void)
{
	check_cases();
	check_names();
	return check_status();
}
