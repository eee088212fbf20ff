/* SPDX-License-Identifier: MIT */
/* regex.c -- the regex module: dialects, counted subjects, limits. */
#include <string.h>
#include <time.h>

#include "check.h"
#include "regex/regex.h"

/* Match pat against the counted subject s[0..n) in dialect d. */
static int
m(enum rx_dialect d, const char *pat, const char *s, size_t n)
{
	struct sluice_err err;
	struct rx *rx;
	int r;

	if ((rx = rx_compile(pat, strlen(pat), d, &err)) == NULL) {
		fprintf(stderr, "compile %s: %s\n", pat, err.msg);
		return -2;
	}
	r = rx_match(rx, s, n);
	rx_free(rx);
	return r;
}
#define M(d, pat, s)	m(d, pat, s, strlen(s))

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(void)
{
	struct sluice_err err;
	struct rx *rx;
	size_t off, len, g;
	char big[301];
	double t0;

	/* PCRE: \d, \w, \s, (?i), Unicode classes (UCP). */
	CHECK_INT(M(RX_PCRE, "^\\d+$", "12345"), 1);
	CHECK_INT(M(RX_PCRE, "^\\d+$", "12a45"), 0);
	CHECK_INT(M(RX_PCRE, "(?i)^error$", "ERROR"), 1);
	CHECK_INT(M(RX_PCRE, "^\\w+$", "caf\xc3\xa9"), 1);
	CHECK_INT(M(RX_PCRE, "^\\d$", "\xd9\xa3"), 1);	/* ARABIC-INDIC 3 */
	/* '.' is one code point, not one byte. */
	CHECK_INT(M(RX_PCRE, "^.$", "\xc3\xa9"), 1);
	CHECK_INT(M(RX_PCRE, "^..$", "\xc3\xa9"), 0);
	/* NUL is a character: an anchored class does not stop at it. */
	CHECK_INT(m(RX_PCRE, "^[a-z]+$", "x\0<script>", 10), 0);
	CHECK_INT(m(RX_PCRE, "^x\\x00<", "x\0<script>", 10), 1);
	CHECK_INT(m(RX_PCRE, "^[a-z]+$", "", 0), 0);
	CHECK_INT(m(RX_PCRE, "^$", "", 0), 1);

	/* ECMA: \d and \w are ASCII, \u escapes, $ only at the end. */
	CHECK_INT(M(RX_ECMA, "^\\d$", "\xd9\xa3"), 0);
	CHECK_INT(M(RX_ECMA, "^\\d$", "7"), 1);
	CHECK_INT(M(RX_ECMA, "^\\u00e9$", "\xc3\xa9"), 1);
	CHECK_INT(M(RX_ECMA, "^\\u{1F600}$", "\xf0\x9f\x98\x80"), 1);
	CHECK_INT(M(RX_ECMA, "^abc$", "abc\n"), 0);
	CHECK_INT(M(RX_PCRE, "^abc$", "abc\n"), 1);
	CHECK_INT(M(RX_ECMA, "^\\p{L}+$", "\xc3\xa9t\xc3\xa9"), 1);

	/* Invalid UTF-8 in the subject is an error, with where. */
	rx = rx_compile("a", 1, RX_PCRE, &err);
	CHECK(rx != NULL);
	CHECK_INT(rx_match(rx, "ab\xff", 3), -1);
	CHECK(strstr(rx_why(rx), "invalid UTF-8 at byte 2") != NULL);
	rx_free(rx);

	/* The trusted path gives the same answers, the JIT's or not. */
	rx = rx_compile("^\\w+.$", 6, RX_PCRE, &err);
	CHECK(rx != NULL);
	CHECK_INT(rx_match_utf8(rx, "caf\xc3\xa9", 5), 1);
	CHECK_INT(rx_match_utf8(rx, "ab", 2), 1);
	CHECK_INT(rx_match_utf8(rx, "a", 1), 0);
	CHECK_INT(rx_match_utf8(rx, "", 0), 0);
	CHECK_INT(rx_match(rx, "caf\xc3\xa9", 5), 1);
	rx_free(rx);

	/* Compile errors: the column, in characters. */
	CHECK(rx_compile("\xc3\xa9(ab", 5, RX_PCRE, &err) == NULL);
	CHECK_INT(err.col, 5);
	CHECK(strstr(err.msg, "parenthesis") != NULL);
	CHECK(rx_compile("a++++++++++++++++++++++++", 25, RX_PCRE,
	    &err) == NULL);
	CHECK(rx_compile("(a", 2, RX_ECMA, &err) == NULL);

	/* A runaway back-reference stops at the limit, quickly. */
	memset(big, 'a', 300);
	big[300] = '\0';
	big[299] = 'b';
	rx = rx_compile("(a*)*\\1$", 8, RX_PCRE, &err);
	CHECK(rx != NULL);
	t0 = now();
	CHECK_INT(rx_match(rx, big, 300), -1);
	CHECK(now() - t0 < 1.0);
	CHECK(strstr(rx_why(rx), "limit") != NULL);
	rx_free(rx);
	rx = rx_compile("(a*)*\\1$", 8, RX_ECMA, &err);
	CHECK(rx != NULL);
	t0 = now();
	CHECK_INT(rx_match(rx, big, 300), -1);
	CHECK(now() - t0 < 1.0);
	rx_free(rx);

	/* Groups: numbered, named in group order, unset ones. */
	rx = rx_compile("(?<b>x)?(?<a>\\d+)-(?<c>\\w+)", 27, RX_PCRE, &err);
	CHECK(rx != NULL);
	CHECK_INT(rx_ngroups(rx), 3);
	CHECK_INT(rx_nnames(rx), 3);
	CHECK_STR(rx_name(rx, 0, &g), "b");
	CHECK_INT(g, 1);
	CHECK_STR(rx_name(rx, 1, &g), "a");
	CHECK_INT(g, 2);
	CHECK_STR(rx_name(rx, 2, &g), "c");
	CHECK_INT(g, 3);
	CHECK_INT(rx_match(rx, "id 42-ok", 8), 1);
	CHECK_INT(rx_group(rx, 1, &off, &len), 0);
	CHECK_INT(rx_group(rx, 2, &off, &len), 1);
	CHECK_INT(off, 3);
	CHECK_INT(len, 2);
	CHECK_INT(rx_group(rx, 0, &off, &len), 1);
	CHECK_INT(len, 5);
	CHECK_INT(rx_group(rx, 9, &off, &len), 0);
	CHECK_STR(rx_text(rx), "(?<b>x)?(?<a>\\d+)-(?<c>\\w+)");
	rx_free(rx);
	rx_free(NULL);
	return check_status();
}
