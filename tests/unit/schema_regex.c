/* SPDX-License-Identifier: MIT */
/* schema_regex.c -- unit tests of lib/schema/regex.c: ECMA-262 as ERE. */
#include <sys/types.h>

#include <locale.h>
#include <string.h>

#include "core/common.h"
#include "schema/regex.h"
#include "check.h"

static locale_t cloc;
static struct strbuf scratch = STRBUF_INIT;

/* Whether pattern p matches s[0..n): 1 or 0, or -1 if p is refused. */
static int
match(const char *p, const char *s, size_t n)
{
	struct regex rx;
	char why[128];
	int r = -1;

	if (regex_compile(&rx, p, strlen(p), cloc, why, sizeof(why)) == 0)
		r = regex_match(&rx, s, n, cloc, &scratch);
	regex_free(&rx);
	return r;
}

#define M(p, s)	match(p, s, strlen(s))

/* The reason a pattern is refused, or "" if it compiles. */
static const char *
refused(const char *p)
{
	static char why[128];
	struct regex rx;

	why[0] = '\0';
	(void)regex_compile(&rx, p, strlen(p), cloc, why, sizeof(why));
	regex_free(&rx);
	return why;
}

static void
check_match(void)
{
	CHECK_INT(M("^a+$", "aaa"), 1);
	CHECK_INT(M("^a+$", "ab"), 0);
	CHECK_INT(M("a", "xxaxx"), 1);		/* not anchored */
	CHECK_INT(M("\\d{3}", "x123"), 1);
	CHECK_INT(M("^\\d{3}$", "12"), 0);
	CHECK_INT(M("^[a-c]{2,}?$", "abc"), 1);	/* lazy: as greedy */
	CHECK_INT(M("^(?:ab)+$", "abab"), 1);
	CHECK_INT(M("^(?<y>\\d{4})-\\d\\d$", "2024-01"), 1);
	CHECK_INT(M("a{,2}", "a{,2}"), 1);	/* not a quantifier */
	CHECK_INT(M("^\\x41\\u0042\\u{43}$", "ABC"), 1);
	CHECK_INT(M("^[\\^\\]-]+$", "^]-"), 1);
	CHECK_INT(M("^[^-^]$", "-"), 0);
}

/* Characters, not bytes: '.', classes and \w \s on UTF-8. */
static void
check_unicode(void)
{
	CHECK_INT(M("^.$", "\xc3\xa9"), 1);		/* U+00E9 */
	CHECK_INT(M("^.$", "\xf0\x9f\x98\x80"), 1);	/* U+1F600 */
	CHECK_INT(M("^..$", "\xc3\xa9"), 0);
	CHECK_INT(M("^.$", "\n"), 0);
	CHECK_INT(M("^[^a]$", "\xe2\x82\xac"), 1);	/* U+20AC */
	CHECK_INT(M("^[\xc3\xa0-\xc3\xbf]$", "\xc3\xa9"), 1);
	CHECK_INT(M("^[\xc3\xa0-\xc3\xbf]$", "\xc3\x9f"), 0);
	CHECK_INT(M("^\\w+$", "abc_9"), 1);
	CHECK_INT(M("^\\w+$", "\xc3\xa9"), 0);		/* \w is ASCII */
	CHECK_INT(M("^\\s$", "\xe3\x80\x80"), 1);	/* U+3000 */
	CHECK_INT(M("^\\S$", "\xe3\x80\x80"), 0);
	CHECK_INT(M("^\\u00e9$", "\xc3\xa9"), 1);
	CHECK_INT(M("^\\ud83d\\ude00$", "\xf0\x9f\x98\x80"), 1);
	CHECK_INT(M("^\\D$", "\xf0\x9f\x98\x80"), 1);
}

/* NUL in a value is a character like any other. */
static void
check_nul(void)
{
	CHECK_INT(match("^a\\u0000b$", "a\0b", 3), 1);
	CHECK_INT(match("^a.b$", "a\0b", 3), 1);
	CHECK_INT(match("^ab$", "a\0b", 3), 0);
	CHECK_INT(match("b", "a\0b", 3), 1);
}

static void
check_refused(void)
{
	CHECK_STR(refused("a(?=b)"), "lookahead is not supported");
	CHECK_STR(refused("(?<!a)b"), "lookbehind is not supported");
	CHECK_STR(refused("\\bword"), "\\b (word boundary) is not supported");
	CHECK_STR(refused("(a)\\1"), "backreferences are not supported");
	CHECK_STR(refused("\\p{L}"), "Unicode property escapes (\\p{...}) "
	    "are not supported");
	CHECK_STR(refused("[z-a]"),
	    "range out of order in character class");
	CHECK_STR(refused("(a"), "missing ')'");
	CHECK_STR(refused("a)"), "unmatched ')'");
	CHECK_STR(refused("\\ud800"), "lone surrogate escape");
	CHECK_STR(refused("[\\b]"), "");	/* a backspace */
}

/* The verdict cache gives the same answers as regexec(). */
static void
check_cache(void)
{
	struct regex rx;
	char why[128];
	int i;

	CHECK_INT(regex_compile(&rx, "^x+y$", 5, cloc, why, sizeof(why)), 0);
	CHECK_STR(rx.src, "^x+y$");
	for (i = 0; i < 3; i++) {
		CHECK_INT(regex_match(&rx, "xxy", 3, cloc, &scratch), 1);
		CHECK_INT(regex_match(&rx, "xxyz", 4, cloc, &scratch), 0);
		CHECK_INT(regex_match(&rx, "xxyz", 3, cloc, &scratch), 1);
	}
	regex_free(&rx);
}

int
main(void)
{
	/* Whatever the caller's locale: here, one that is not C. */
	setlocale(LC_ALL, "C.UTF-8");
	if ((cloc = newlocale(LC_CTYPE_MASK, "C", (locale_t)0)) ==
	    (locale_t)0) {
		fprintf(stderr, "cannot make the C locale\n");
		return 2;
	}
	check_match();
	check_unicode();
	check_nul();
	check_refused();
	check_cache();
	strbuf_release(&scratch);
	freelocale(cloc);
	return check_status();
}
