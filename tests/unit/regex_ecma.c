/* SPDX-License-Identifier: MIT */
/* regex_ecma.c -- unit tests of lib/regex/ecma.c: ECMA-262 on PCRE2. */
#include <string.h>

#include "check.h"
#include "regex/ecma.h"

/* Whether pattern p matches s[0..n): 1, 0 or -1 (rx_match), -2 refused. */
static int
match(const char *p, const char *s, size_t n)
{
	struct sluice_err err;
	struct rx *rx;
	int r;

	if ((rx = ecma_compile(p, strlen(p), &err)) == NULL) {
		fprintf(stderr, "refused: %s: column %zu: %s\n", p, err.col,
		    err.msg);
		return -2;
	}
	r = rx_match(rx, s, n);
	rx_free(rx);
	return r;
}

#define M(p, s)	match(p, s, strlen(s))

/* Why p is refused, as "COLUMN: MESSAGE", or "" if it compiles. */
static const char *
refused(const char *p, size_t n)
{
	static char why[200];
	struct sluice_err err;
	struct rx *rx;

	why[0] = '\0';
	if ((rx = ecma_compile(p, n, &err)) == NULL)
		snprintf(why, sizeof(why), "%zu: %s", err.col, err.msg);
	rx_free(rx);
	return why;
}

#define R(p)	refused(p, strlen(p))

/* UTF-8 of some characters. */
#define FEFF	"\xef\xbb\xbf"		/* ZERO WIDTH NO-BREAK SPACE */
#define NEL	"\xc2\x85"		/* U+0085, not a space in ECMA */
#define LS	"\xe2\x80\xa8"		/* LINE SEPARATOR */
#define PS	"\xe2\x80\xa9"		/* PARAGRAPH SEPARATOR */
#define IDSP	"\xe3\x80\x80"		/* IDEOGRAPHIC SPACE */
#define AR3	"\xd9\xa3"		/* ARABIC-INDIC DIGIT THREE */
#define BN42	"\xe0\xa7\xaa\xe0\xa7\xa8"	/* BENGALI DIGITS 4, 2 */
#define GRIN	"\xf0\x9f\x98\x80"	/* U+1F600 */

/* \s is WhiteSpace and LineTerminator: U+FEFF in, U+0085 out. */
static void
check_space(void)
{
	static const char *const space[] = {
		"\t", "\n", "\v", "\f", "\r", " ", "\xc2\xa0", "\xe1\x9a\x80",
		"\xe2\x80\x80", "\xe2\x80\x8a", LS, PS, "\xe2\x80\xaf",
		"\xe2\x81\x9f", IDSP, FEFF
	};
	static const char *const other[] = {
		NEL, "\xe2\x80\x8b" /* U+200B */, "\x1c", "a", "\xe1\x85\xbf",
		"\xef\xbb\xbe" /* U+FEFE */, "\xef\xbc\x80" /* U+FF00 */,
		GRIN, "\xf4\x8f\xbf\xbf" /* U+10FFFF */
	};
	size_t i;

	for (i = 0; i < NELEM(space); i++) {
		CHECK_INT(M("^\\s$", space[i]), 1);
		CHECK_INT(M("^\\S$", space[i]), 0);
		CHECK_INT(M("^[\\s]$", space[i]), 1);
		CHECK_INT(M("^[\\S]$", space[i]), 0);
		CHECK_INT(M("^[^\\S]$", space[i]), 1);
		CHECK_INT(M("^[x\\S]$", space[i]), 0);
	}
	for (i = 0; i < NELEM(other); i++) {
		CHECK_INT(M("^\\s$", other[i]), 0);
		CHECK_INT(M("^\\S$", other[i]), 1);
		CHECK_INT(M("^[\\S]$", other[i]), 1);
		CHECK_INT(M("^[^\\S]$", other[i]), 0);
		CHECK_INT(M("^[^\\s]$", other[i]), 1);
	}
	CHECK_INT(match("^\\S$", "\0", 1), 1);
	/* A class with \S and more: all of it, or nothing. */
	CHECK_INT(M("^[\\s\\S]$", "\n"), 1);
	CHECK_INT(M("^[^\\s\\S]$", "a"), 0);
	CHECK_INT(M("^[\\S\\d]+$", "ab12"), 1);
	CHECK_INT(M("^[^\\S\\n]$", "\n"), 0);
	CHECK_INT(M("^[^\\S\\n]$", "\t"), 1);
}

/* \d \w \b are ASCII; \p{...} is Unicode. */
static void
check_classes(void)
{
	CHECK_INT(M("^\\d$", "7"), 1);
	CHECK_INT(M("^\\d$", AR3), 0);
	CHECK_INT(M("^[\\d]$", AR3), 0);
	CHECK_INT(M("^\\D$", AR3), 1);
	CHECK_INT(M("^[\\D]$", GRIN), 1);
	CHECK_INT(M("^\\w+$", "abc_9"), 1);
	CHECK_INT(M("^\\w$", "\xc3\xa9"), 0);
	CHECK_INT(M("^\\W$", "\xc3\xa9"), 1);
	CHECK_INT(M("\\bcole", "\xc3\xa9" "cole"), 1);	/* é is no \w */
	CHECK_INT(M("^\\p{Letter}+$", "\xc3\xa9t\xc3\xa9"), 1);
	CHECK_INT(M("^\\p{L}+$", "\xc3\xa9t\xc3\xa9"), 1);
	CHECK_INT(M("^\\p{digit}+$", BN42), 1);
	CHECK_INT(M("^\\p{digit}+$", "-%#"), 0);
	CHECK_INT(M("^\\p{gc=Lu}$", "\xc3\x89"), 1);
	CHECK_INT(M("^\\p{General_Category=Decimal_Number}$", AR3), 1);
	CHECK_INT(M("^\\P{Lu}$", "\xc3\x89"), 0);
	CHECK_INT(M("^[\\p{Lu}\\d]+$", "A1\xc3\x89"), 1);
	CHECK_INT(M("^[^\\p{Lu}]$", "a"), 1);
	CHECK_INT(M("^\\p{Script=Greek}$", "\xce\xb1"), 1);
	CHECK_INT(M("^\\p{sc=Grek}$", "a"), 0);
	CHECK_INT(M("^\\p{scx=Grek}$", "\xce\xb1"), 1);
	CHECK_INT(M("^\\p{White_Space}$", IDSP), 1);
	CHECK_INT(M("^\\p{space}$", IDSP), 1);
	CHECK_INT(M("^\\p{Assigned}$", "a"), 1);
	CHECK_INT(M("^\\P{Assigned}$", "\xf3\xb0\x80\x80"), 0); /* U+F0000 */
	CHECK_INT(M("^\\P{Assigned}$", "\xcd\xb8"), 1);	/* U+0378 */
	CHECK_INT(M("^\\p{Any}$", "\n"), 1);
}

/* '.', '$', escapes, groups, NUL. */
static void
check_syntax(void)
{
	CHECK_INT(M("^.$", "\xc3\xa9"), 1);
	CHECK_INT(M("^.$", GRIN), 1);
	CHECK_INT(M("^..$", "\xc3\xa9"), 0);
	CHECK_INT(M("^.$", "\n"), 0);
	CHECK_INT(M("^.$", "\r"), 0);
	CHECK_INT(M("^.$", LS), 0);
	CHECK_INT(M("^.$", PS), 0);
	CHECK_INT(M("^.$", NEL), 1);
	CHECK_INT(M("^.$", "\v"), 1);
	CHECK_INT(match("^.$", "\0", 1), 1);
	CHECK_INT(M("^abc$", "abc\n"), 0);
	CHECK_INT(M("a+", "xxaxx"), 1);		/* not anchored */
	CHECK_INT(M("^\\u{1F600}$", GRIN), 1);
	CHECK_INT(M("^\\u{0001F600}$", GRIN), 1);
	CHECK_INT(M("^\\ud83d\\ude00$", GRIN), 1);
	CHECK_INT(M("^[\\ud83d\\ude00-\\ud83d\\ude4f]$", GRIN), 1);
	CHECK_INT(M("^\\u00e9\\x41\\u{42}$", "\xc3\xa9" "AB"), 1);
	CHECK_INT(M("^\\cJ\\cj\\t\\v\\f$", "\n\n\t\v\f"), 1);
	CHECK_INT(M("^[\\b]$", "\b"), 1);
	CHECK_INT(M("^\\/\\$\\{\\}\\]$", "/${}]"), 1);
	CHECK_INT(M("^[\\-\\]^]+$", "-]^"), 1);
	CHECK_INT(M("^[a-]+$", "a-"), 1);
	CHECK_INT(M("^[a-c-e]+$", "-ce"), 1);	/* a-c, then - and e */
	CHECK_INT(M("^[a-c-e]$", "d"), 0);
	CHECK_INT(M("^[[]$", "["), 1);
	CHECK_INT(M("^[[:a]+$", ":a["), 1);	/* no POSIX class */
	CHECK_INT(M("[]", ""), 0);		/* matches nothing */
	CHECK_INT(M("^[^]$", "\n"), 1);		/* anything */
	CHECK_INT(M("^a(?=b)", "ab"), 1);
	CHECK_INT(M("^a(?!b)", "ab"), 0);
	CHECK_INT(M("(?<=a)b", "ab"), 1);
	CHECK_INT(M("(?<!a)b", "ab"), 0);
	CHECK_INT(M("^(a|b)\\1$", "bb"), 1);
	CHECK_INT(M("^(a|b)\\1$", "ba"), 0);
	CHECK_INT(M("^\\1(a)$", "a"), 1);	/* not yet set: empty */
	CHECK_INT(M("^(?:(a)|b)\\1$", "b"), 1);	/* unset: empty */
	CHECK_INT(M("^(?<y>\\d\\d)-\\k<y>$", "12-12"), 1);
	CHECK_INT(M("^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)\\12$",
	    "abcdefghijkll"), 1);			/* not octal */
	CHECK_INT(M("^a{2,3}?$", "aaa"), 1);
	CHECK_INT(M("^(?:ab)+?$", "abab"), 1);
	CHECK_INT(M("^a{2}$", "a{2}"), 0);
	/* NUL is a character. */
	CHECK_INT(match("^a\\u0000b$", "a\0b", 3), 1);
	CHECK_INT(match("^a\\0b$", "a\0b", 3), 1);
	CHECK_INT(match("^ab$", "a\0b", 3), 0);
	CHECK_INT(match("^[a-z]+$", "x\0<script>", 10), 0);
	CHECK_INT(match("^a\0b$", "a\0b", 3), 1);	/* in the pattern too */
	CHECK_INT(match("b", "a\0b", 3), 1);
}

/* What ECMA's "u" mode or PCRE2 refuses: why, and the column in p. */
static void
check_refused(void)
{
	CHECK_STR(R("a++"), "3: nothing to repeat");
	CHECK_STR(R("a*?+"), "4: nothing to repeat");
	CHECK_STR(R("*a"), "1: nothing to repeat");
	CHECK_STR(R("a|*"), "3: nothing to repeat");
	CHECK_STR(R("(?=a)*"), "6: nothing to repeat");
	CHECK_STR(R("\\b+"), "3: nothing to repeat");
	CHECK_STR(R("(*UTF)a"), "2: nothing to repeat");
	CHECK_STR(R("\xc3\xa9\xc3\xa9{,2}"),
	    "3: a lone { (write \\{ for the character)");
	CHECK_STR(R("a}"), "2: a lone } (write \\} for the character)");
	CHECK_STR(R("a]"), "2: a lone ] (write \\] for the character)");
	CHECK_STR(R("ab)"), "3: unmatched )");
	CHECK_STR(R("x(a(b)"), "2: missing ) of this group");
	CHECK_STR(R("x[ab"), "2: missing ] of a class");
	CHECK_STR(R("[\\d-z]"), "2: a class escape cannot be an end of a "
	    "range");
	CHECK_STR(R("[a-\\s]"), "2: a class escape cannot be an end of a "
	    "range");
	CHECK_STR(R("[\xc3\xa9-a]"), "2: range out of order in a class");
	CHECK_STR(R("ab\\q"), "3: \\q is not an escape of ECMA-262");
	CHECK_STR(R("\\-"), "1: \\- is not an escape of ECMA-262 (write - "
	    "alone)");
	CHECK_STR(R("[\\@]"), "2: \\@ is not an escape of ECMA-262 (write @ "
	    "alone)");
	CHECK_STR(R("[\\1]"), "2: \\1 is not an escape of ECMA-262 in a "
	    "class");
	CHECK_STR(R("\\c1"), "1: \\c must be followed by a letter");
	CHECK_STR(R("\\x4"), "1: \\x must be followed by two hex digits");
	CHECK_STR(R("\\012"), "1: octal escapes are not ECMA-262 (use \\x "
	    "or \\u)");
	CHECK_STR(R("\\u12"), "1: \\u must be followed by four hex digits "
	    "or {hex digits}");
	CHECK_STR(R("\\u{}"), "1: \\u{ must hold hex digits and end with }");
	CHECK_STR(R("\\u{110000}"), "1: \\u{...} above 10FFFF");
	CHECK_STR(R("a\\ud800"), "2: a lone surrogate (\\uD800) never "
	    "matches UTF-8 text");
	CHECK_STR(R("(a)\\2"), "4: \\2: there is only 1 group");
	CHECK_STR(R("\\k<a>"), "1: \\k must name a group: \\k<name>");
	CHECK_STR(R("(?i:a)"), "1: modifiers such as (?i:...) are not "
	    "supported");
	CHECK_STR(R("(?>a)"), "1: (? must be followed by : = ! <= <! or "
	    "<name>");
	CHECK_STR(R("\\p{lu}"), "1: unknown Unicode property value lu "
	    "(a script needs Script=)");
	CHECK_STR(R("x\\p{Greek}"), "2: unknown Unicode property value "
	    "Greek (a script needs Script=)");
	CHECK_STR(R("\\p{Foo=Bar}"), "1: unknown Unicode property Foo");
	CHECK_STR(R("\\p{gc=Greek}"), "1: unknown Unicode property value "
	    "Greek");
	CHECK_STR(R("\\pL"), "1: \\p must be followed by {name}");
	CHECK_STR(R("a\\"), "2: \\ at the end of the pattern");
	CHECK_STR(refused("a\xff", 2), "2: invalid UTF-8");
	/* From PCRE2, the column mapped back to the ECMA text. */
	CHECK_STR(R("\xc3\xa9\\s(?<=a+)b"), "4: lookbehind assertion is not "
	    "fixed length");
	CHECK_STR(R("\\s\\s.\\S(?<x>a)\\k<y>"), "15: reference to non-existent "
	    "subpattern");
	CHECK_STR(R("\\S{2,1}"), "3: numbers out of order in {} quantifier");
	/* Fine. */
	CHECK_STR(R("[\\b]"), "");
	CHECK_STR(R("[]"), "");
	CHECK_STR(R("[a-]"), "");
	CHECK_STR(R(""), "");
}

/* The PCRE2 text the pass writes. */
static void
check_text(void)
{
	struct sluice_err err;
	struct rx *rx;

	rx = ecma_compile("^.\\d\\u{41}\\12$", 14, &err);
	CHECK(rx == NULL);
	rx = ecma_compile("(x)^.\\1[^a-c\\-]$", 16, &err);
	CHECK(rx != NULL);
	if (rx != NULL)
		CHECK_STR(rx_text(rx),
		    "(x)^[^\\n\\r\\u2028\\u2029]\\g{1}[^a-c\\-]$");
	rx_free(rx);
}

/* A runaway match stops at the limit: -1, not a hang, not a "no". */
static void
check_limit(void)
{
	struct sluice_err err;
	struct rx *rx;
	char big[301];

	memset(big, 'a', 300);
	big[299] = 'b';
	rx = ecma_compile("(a*)*\\1$", 8, &err);
	CHECK(rx != NULL);
	if (rx == NULL)
		return;
	CHECK_INT(rx_match(rx, big, 300), -1);
	CHECK(strstr(rx_why(rx), "limit") != NULL);
	rx_free(rx);
}

int
main(void)
{
	check_space();
	check_classes();
	check_syntax();
	check_refused();
	check_text();
	check_limit();
	return check_status();
}
