/* SPDX-License-Identifier: MIT */
/* regex.c -- ECMA-262 patterns of JSON Schema, run as POSIX EREs. */
#include <sys/types.h>

#include <locale.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/common.h"
#include "core/hash.h"
#include "json/scan.h"
#include "schema/regex.h"

/*
 * Log data repeats itself: the same keys on every record, the same
 * values often.  The last verdicts on short strings are kept, so most
 * matches cost a hash and a memcmp instead of a regexec.
 */
#define RX_CACHE	128
#define RX_CACHE_LEN	40

struct regex_slot {
	signed char	 verdict;	/* -1 empty, else 0 or 1 */
	unsigned char	 len;
	char		 s[RX_CACHE_LEN];
};

struct cpset {
	unsigned long	(*r)[2];
	size_t		 n;
	size_t		 a;
};

struct xlate {
	const char	*p;		/* the pattern, NUL-terminated */
	const char	*end;
	struct strbuf	*out;
	const char	*why;		/* what made it fail */
};

/*
 * NUL can be neither in a pattern nor, for regexec(), in a string: it
 * is written as 0xff, a byte that UTF-8 never holds, in both.
 */
#define NUL_BYTE	0xff

/* Decode one UTF-8 character of valid text; returns its length. */
static size_t
u8dec(const char *s, unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xe0) {
		*cp = (unsigned long)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return 2;
	}
	if (p[0] < 0xf0) {
		*cp = (unsigned long)(p[0] & 0x0f) << 12 |
		    (unsigned long)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		return 3;
	}
	*cp = (unsigned long)(p[0] & 0x07) << 18 |
	    (unsigned long)(p[1] & 0x3f) << 12 |
	    (unsigned long)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
	return 4;
}

static size_t
u8enc(unsigned long cp, unsigned char *b)
{
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (unsigned char)(0xf0 | (cp >> 18));
	b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	b[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

static void
cpset_add(struct cpset *s, unsigned long lo, unsigned long hi)
{
	if (s->n == s->a) {
		s->a = s->a ? s->a * 2 : 8;
		s->r = xreallocarray(s->r, s->a, sizeof(*s->r));
	}
	s->r[s->n][0] = lo;
	s->r[s->n][1] = hi;
	s->n++;
}

static int
cprange_cmp(const void *a, const void *b)
{
	const unsigned long *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Sort and merge; with neg, replace by the complement. */
static void
cpset_normalise(struct cpset *s, int neg)
{
	struct cpset t = { NULL, 0, 0 };
	unsigned long next;
	size_t i, j = 0;

	if (s->n > 0) {
		qsort(s->r, s->n, sizeof(*s->r), cprange_cmp);
		for (i = 1; i < s->n; i++) {
			if (s->r[i][0] <= s->r[j][1] + 1) {
				if (s->r[i][1] > s->r[j][1])
					s->r[j][1] = s->r[i][1];
			} else {
				j++;
				s->r[j][0] = s->r[i][0];
				s->r[j][1] = s->r[i][1];
			}
		}
		s->n = j + 1;
	}
	if (!neg)
		return;
	next = 0;
	for (i = 0; i < s->n; i++) {
		if (s->r[i][0] > next)
			cpset_add(&t, next, s->r[i][0] - 1);
		next = s->r[i][1] + 1;
	}
	if (next <= CP_MAX)
		cpset_add(&t, next, CP_MAX);
	free(s->r);
	*s = t;
}

static void
ere_byte(struct strbuf *o, unsigned char c)
{
	strbuf_addch(o, (char)c);
}

/* One sequence of byte ranges for lo..hi (same length, aligned). */
static void
ere_seq(struct strbuf *o, unsigned long lo, unsigned long hi, int *nalt)
{
	static const unsigned long bound[] = { 0x7f, 0x7ff, 0xffff };
	unsigned char a[4], b[4];
	unsigned long m;
	size_t i, k;

	for (i = 0; i < NELEM(bound); i++) {
		if (lo <= bound[i] && hi > bound[i]) {
			ere_seq(o, lo, bound[i], nalt);
			ere_seq(o, bound[i] + 1, hi, nalt);
			return;
		}
	}
	for (i = 1; i < 4; i++) {
		m = (1UL << (6 * i)) - 1;
		if ((lo & ~m) == (hi & ~m))
			continue;
		if ((lo & m) != 0) {
			ere_seq(o, lo, lo | m, nalt);
			ere_seq(o, (lo | m) + 1, hi, nalt);
			return;
		}
		if ((hi & m) != m) {
			ere_seq(o, lo, (hi & ~m) - 1, nalt);
			ere_seq(o, hi & ~m, hi, nalt);
			return;
		}
	}
	k = u8enc(lo, a);
	u8enc(hi, b);
	if ((*nalt)++ > 0)
		strbuf_addch(o, '|');
	for (i = 0; i < k; i++) {
		if (a[i] == b[i]) {
			ere_byte(o, a[i]);
			continue;
		}
		strbuf_addch(o, '[');
		ere_byte(o, a[i]);
		strbuf_addch(o, '-');
		ere_byte(o, b[i]);
		strbuf_addch(o, ']');
	}
}

/* A bracket expression for ASCII ranges, specials placed. */
static int
ere_ascii(struct strbuf *o, const struct cpset *s)
{
	struct strbuf items = STRBUF_INIT;
	unsigned long lo, hi;
	int rbrack = 0, caret = 0, dash = 0, any = 0;
	size_t i;

	for (i = 0; i < s->n && s->r[i][0] < 0x80; i++) {
		lo = s->r[i][0];
		hi = s->r[i][1] < 0x80 ? s->r[i][1] : 0x7f;
		if (lo == 0) {
			/* NUL cannot be in a pattern: it stands as 0xff. */
			strbuf_addch(&items, (char)NUL_BYTE);
			if (lo++ == hi)
				continue;
		}
		for (;;) {
			/* Peel ']', '^' and '-' off the ends of a range. */
			if (lo == ']' || lo == '^' || lo == '-') {
				rbrack |= lo == ']';
				caret |= lo == '^';
				dash |= lo == '-';
				if (lo++ == hi)
					break;
				continue;
			}
			if (hi == ']' || hi == '^' || hi == '-') {
				rbrack |= hi == ']';
				caret |= hi == '^';
				dash |= hi == '-';
				hi--;
				continue;
			}
			strbuf_addch(&items, (char)lo);
			if (hi > lo) {
				if (hi > lo + 1)
					strbuf_addch(&items, '-');
				strbuf_addch(&items, (char)hi);
			}
			break;
		}
	}
	any = rbrack || caret || dash || items.len > 0;
	if (any) {
		if (!rbrack && items.len == 0 && !dash) {
			strbuf_addstr(o, "\\^");
		} else {
			strbuf_addch(o, '[');
			if (rbrack)
				strbuf_addch(o, ']');
			if (!rbrack && items.len == 0) {
				/* Only '^' and '-': "[-^]". */
				strbuf_addstr(o, "-^]");
			} else {
				if (items.len)
					strbuf_add(o, items.buf, items.len);
				if (caret)
					strbuf_addch(o, '^');
				if (dash)
					strbuf_addch(o, '-');
				strbuf_addch(o, ']');
			}
		}
	}
	strbuf_release(&items);
	return any;
}

/* Write a set of code points (NUL and surrogates left out) as ERE. */
static void
ere_set(struct strbuf *o, struct cpset *s)
{
	struct strbuf alt = STRBUF_INIT;
	unsigned long lo, hi;
	int nalt = 0, ascii;
	size_t i, start;

	start = o->len;
	strbuf_addch(o, '(');
	ascii = ere_ascii(&alt, s);
	if (ascii) {
		strbuf_add(o, alt.buf, alt.len);
		nalt = 1;
	}
	for (i = 0; i < s->n; i++) {
		lo = s->r[i][0] < 0x80 ? 0x80 : s->r[i][0];
		hi = s->r[i][1];
		if (hi < lo)
			continue;
		if (lo < 0xd800 && hi >= 0xd800) {
			if (lo <= 0xd7ff)
				ere_seq(o, lo, 0xd7ff, &nalt);
			lo = 0xe000;
		} else if (lo >= 0xd800 && lo <= 0xdfff)
			lo = 0xe000;
		if (hi >= lo)
			ere_seq(o, lo, hi, &nalt);
	}
	if (nalt == 0) {
		/* The empty set: nothing matches. */
		strbuf_addstr(o, "a^");
	} else if (nalt == 1 && ascii) {
		strbuf_truncate(o, start);
		strbuf_add(o, alt.buf, alt.len);
		strbuf_release(&alt);
		return;
	}
	strbuf_addch(o, ')');
	strbuf_release(&alt);
}

static void
cpset_class(struct cpset *s, int c)
{
	static const unsigned long space[][2] = {
		{ 0x09, 0x0d }, { 0x20, 0x20 }, { 0xa0, 0xa0 },
		{ 0x1680, 0x1680 }, { 0x2000, 0x200a }, { 0x2028, 0x2029 },
		{ 0x202f, 0x202f }, { 0x205f, 0x205f }, { 0x3000, 0x3000 },
		{ 0xfeff, 0xfeff }
	};
	struct cpset t = { NULL, 0, 0 };
	size_t i;

	switch (c) {
	case 'd':
	case 'D':
		cpset_add(&t, '0', '9');
		break;
	case 'w':
	case 'W':
		cpset_add(&t, '0', '9');
		cpset_add(&t, 'A', 'Z');
		cpset_add(&t, '_', '_');
		cpset_add(&t, 'a', 'z');
		break;
	default:
		for (i = 0; i < NELEM(space); i++)
			cpset_add(&t, space[i][0], space[i][1]);
		break;
	}
	cpset_normalise(&t, c == 'D' || c == 'W' || c == 'S');
	for (i = 0; i < t.n; i++)
		cpset_add(s, t.r[i][0], t.r[i][1]);
	free(t.r);
}

static int
xfail(struct xlate *x, const char *why)
{
	x->why = why;
	return -1;
}

/*
 * The character escape after a backslash at x->p (which points past the
 * backslash): \t \n \v \f \r \cX \xHH \uHHHH \u{H...} and identity
 * escapes.  Returns the code point, or -1 (with x->why) if it is not a
 * character escape we can read.
 */
static long
xl_char_escape(struct xlate *x, int in_class)
{
	unsigned long cp, lo;
	const char *p = x->p;
	int c = (unsigned char)*p, i, h;

	switch (c) {
	case 't': x->p++; return '\t';
	case 'n': x->p++; return '\n';
	case 'v': x->p++; return '\v';
	case 'f': x->p++; return '\f';
	case 'r': x->p++; return '\r';
	case 'c':
		if (bytes_alpha(p[1])) {
			x->p += 2;
			return p[1] % 32;
		}
		return xfail(x, "bad \\c escape");
	case 'x':
		if (bytes_hex(p[1]) < 0 || bytes_hex(p[2]) < 0)
			return xfail(x, "bad \\x escape");
		x->p += 3;
		cp = (unsigned long)(bytes_hex(p[1]) << 4 | bytes_hex(p[2]));
		break;
	case 'u':
		if (p[1] == '{') {
			cp = 0;
			for (i = 2; (h = bytes_hex(p[i])) >= 0; i++)
				if ((cp = cp * 16 + (unsigned long)h) > CP_MAX)
					return xfail(x, "bad \\u{} escape");
			if (i == 2 || p[i] != '}')
				return xfail(x, "bad \\u{} escape");
			x->p += i + 1;
			break;
		}
		for (i = 1; i <= 4; i++)
			if (bytes_hex(p[i]) < 0)
				return xfail(x, "bad \\u escape");
		cp = bytes_hex4(p + 1);
		x->p += 5;
		if (cp >= 0xd800 && cp < 0xdc00 && x->p[0] == '\\' &&
		    x->p[1] == 'u' && bytes_hex(x->p[2]) >= 0 &&
		    bytes_hex(x->p[3]) >= 0 && bytes_hex(x->p[4]) >= 0 &&
		    bytes_hex(x->p[5]) >= 0 &&
		    (lo = bytes_hex4(x->p + 2)) >= 0xdc00 && lo < 0xe000) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			x->p += 6;
		}
		break;
	case 'b':
		if (in_class) {
			x->p++;
			return '\b';
		}
		return xfail(x, "\\b (word boundary) is not supported");
	case 'B':
		return xfail(x, "\\B (word boundary) is not supported");
	case 'p':
	case 'P':
		return xfail(x, "Unicode property escapes (\\p{...}) are "
		    "not supported");
	case 'k':
		return xfail(x, "backreferences are not supported");
	case '0':
		if (bytes_digit(p[1]))
			return xfail(x, "octal escapes are not supported");
		x->p++;
		return 0;
	case '\0':
		return xfail(x, "trailing backslash");
	default:
		if (c >= '1' && c <= '9')
			return xfail(x, "backreferences are not supported");
		x->p += u8dec(p, &cp);
		return (long)cp;
	}
	if (cp >= 0xd800 && cp < 0xe000)
		return xfail(x, "lone surrogate escape");
	return (long)cp;
}

/* A class [...] at x->p (past the '['), into the set. */
static int
xl_class(struct xlate *x, struct cpset *s)
{
	unsigned long cp, hi;
	long e;
	int neg = 0, c;

	if (*x->p == '^') {
		neg = 1;
		x->p++;
	}
	for (;;) {
		c = (unsigned char)*x->p;
		if (c == '\0')
			return xfail(x, "unterminated character class");
		if (c == ']') {
			x->p++;
			break;
		}
		if (c == '\\') {
			x->p++;
			c = (unsigned char)*x->p;
			if (strchr("dDwWsS", c) != NULL && c != '\0') {
				x->p++;
				cpset_class(s, c);
				if (x->p[0] == '-' && x->p[1] != ']')
					return xfail(x, "a range cannot start "
					    "at a class escape");
				continue;
			}
			if (c == '-') {
				x->p++;
				cp = '-';
			} else if ((e = xl_char_escape(x, 1)) < 0)
				return -1;
			else
				cp = (unsigned long)e;
		} else
			x->p += u8dec(x->p, &cp);
		hi = cp;
		if (x->p[0] == '-' && x->p[1] != ']' && x->p[1] != '\0') {
			x->p++;
			if (*x->p == '\\') {
				x->p++;
				c = (unsigned char)*x->p;
				if (c != '\0' && strchr("dDwWsS", c) != NULL)
					return xfail(x, "a range cannot end "
					    "at a class escape");
				if (c == '-') {
					x->p++;
					hi = '-';
				} else if ((e = xl_char_escape(x, 1)) < 0)
					return -1;
				else
					hi = (unsigned long)e;
			} else
				x->p += u8dec(x->p, &hi);
			if (hi < cp)
				return xfail(x, "range out of order in "
				    "character class");
		}
		cpset_add(s, cp, hi);
	}
	cpset_normalise(s, neg);
	return 0;
}

static void
xl_literal(struct xlate *x, unsigned long cp)
{
	unsigned char b[4];
	size_t k;

	if (cp == 0) {
		strbuf_addch(x->out, (char)NUL_BYTE);
		return;
	}
	if (cp < 0x80) {
		if (strchr(".[\\()*+?{|^$", (int)cp) != NULL)
			strbuf_addch(x->out, '\\');
		strbuf_addch(x->out, (char)cp);
		return;
	}
	k = u8enc(cp, b);
	strbuf_addch(x->out, '(');
	strbuf_add(x->out, b, k);
	strbuf_addch(x->out, ')');
}

/* A {n}, {n,} or {n,m} quantifier at x->p; its length, 0 if none. */
static size_t
xl_braces(const char *p)
{
	size_t i = 1, d;

	for (d = 0; p[i] >= '0' && p[i] <= '9'; i++, d++)
		;
	if (d == 0)
		return 0;
	if (p[i] == '}')
		return i + 1;
	if (p[i] != ',')
		return 0;
	for (i++; p[i] >= '0' && p[i] <= '9'; i++)
		;
	return p[i] == '}' ? i + 1 : 0;
}

static int
xl_translate(struct xlate *x)
{
	struct cpset set = { NULL, 0, 0 };
	unsigned long cp;
	size_t k;
	long e;
	int c, depth = 0, rv = -1;

	while ((c = (unsigned char)*x->p) != '\0') {
		set.n = 0;
		switch (c) {
		case '\\':
			x->p++;
			c = (unsigned char)*x->p;
			if (c != '\0' && strchr("dDwWsS", c) != NULL) {
				x->p++;
				cpset_class(&set, c);
				ere_set(x->out, &set);
				break;
			}
			if ((e = xl_char_escape(x, 0)) < 0)
				goto out;
			xl_literal(x, (unsigned long)e);
			break;
		case '[':
			x->p++;
			if (xl_class(x, &set) == -1)
				goto out;
			ere_set(x->out, &set);
			break;
		case '.':
			x->p++;
			cpset_add(&set, '\n', '\n');
			cpset_add(&set, '\r', '\r');
			cpset_add(&set, 0x2028, 0x2029);
			cpset_normalise(&set, 1);
			ere_set(x->out, &set);
			break;
		case '(':
			x->p++;
			if (x->p[0] == '?') {
				if (x->p[1] == ':') {
					x->p += 2;
				} else if (x->p[1] == '=' || x->p[1] == '!') {
					xfail(x, "lookahead is not supported");
					goto out;
				} else if (x->p[1] == '<' && (x->p[2] == '=' ||
				    x->p[2] == '!')) {
					xfail(x, "lookbehind is not supported");
					goto out;
				} else if (x->p[1] == '<') {
					/* A named group: the name goes. */
					while (*x->p != '\0' && *x->p != '>')
						x->p++;
					if (*x->p == '\0') {
						xfail(x, "bad group name");
						goto out;
					}
					x->p++;
				} else {
					xfail(x, "unsupported group (?...)");
					goto out;
				}
			}
			depth++;
			strbuf_addch(x->out, '(');
			break;
		case ')':
			x->p++;
			if (depth-- == 0) {
				xfail(x, "unmatched ')'");
				goto out;
			}
			strbuf_addch(x->out, ')');
			break;
		case '*':
		case '+':
		case '?':
			x->p++;
			strbuf_addch(x->out, (char)c);
			if (*x->p == '?')
				x->p++;	/* lazy: the same verdict */
			break;
		case '{':
			if ((k = xl_braces(x->p)) == 0) {
				x->p++;
				strbuf_addstr(x->out, "\\{");
				break;
			}
			strbuf_add(x->out, x->p, k);
			x->p += k;
			if (*x->p == '?')
				x->p++;
			break;
		case '|':
		case '^':
		case '$':
			x->p++;
			strbuf_addch(x->out, (char)c);
			break;
		default:
			x->p += u8dec(x->p, &cp);
			xl_literal(x, cp);
			break;
		}
	}
	if (depth != 0) {
		xfail(x, "missing ')'");
		goto out;
	}
	rv = 0;
out:
	free(set.r);
	return rv;
}

int
regex_compile(struct regex *rx, const char *src, size_t n, locale_t cloc,
    char *why, size_t whylen)
{
	struct strbuf ere = STRBUF_INIT;
	struct xlate x;
	locale_t old;
	int r;

	memset(rx, 0, sizeof(*rx));
	rx->src = xstrndup(src, n);
	if (strlen(rx->src) != n) {
		snprintf(why, whylen, "NUL characters are not supported");
		return -1;
	}
	x.p = rx->src;
	x.end = rx->src + n;
	x.out = &ere;
	x.why = NULL;
	if (xl_translate(&x) == -1) {
		snprintf(why, whylen, "%s", x.why);
		strbuf_release(&ere);
		return -1;
	}
	strbuf_addch(&ere, '\0');
	old = uselocale(cloc);
	r = regcomp(&rx->re, ere.buf, REG_EXTENDED | REG_NOSUB);
	uselocale(old);
	strbuf_release(&ere);
	if (r != 0) {
		regerror(r, &rx->re, why, whylen);
		return -1;
	}
	rx->ok = 1;
	rx->cache = xcalloc(RX_CACHE, sizeof(*rx->cache));
	for (r = 0; r < RX_CACHE; r++)
		rx->cache[r].verdict = -1;
	return 0;
}

/* Whether s[0..n) (no NUL in it) holds a match. */
static int
rx_exec(const struct regex *rx, const char *s, size_t n, locale_t cloc,
    struct strbuf *scratch)
{
	regmatch_t m[1];
	locale_t old;
	int r;

#ifdef REG_STARTEND
	(void)scratch;
	m[0].rm_so = 0;
	m[0].rm_eo = (regoff_t)n;
	old = uselocale(cloc);
	r = regexec(&rx->re, s, 1, m, REG_STARTEND);
#else
	/* A NUL-terminated copy (regex_match took the NULs out). */
	if (s != scratch->buf) {
		strbuf_reset(scratch);
		strbuf_add(scratch, s, n);
	}
	old = uselocale(cloc);
	r = regexec(&rx->re, scratch->buf, 0, m, 0);
#endif
	uselocale(old);
	return r == 0;
}

int
regex_match(struct regex *rx, const char *s, size_t n, locale_t cloc,
    struct strbuf *scratch)
{
	struct regex_slot *slot;
	size_t i;
	int r;

	if (memchr(s, '\0', n) != NULL) {
		strbuf_reset(scratch);
		for (i = 0; i < n; i++)
			strbuf_addch(scratch, s[i] != '\0' ? s[i] :
			    (char)NUL_BYTE);
		s = scratch->buf;
	}
	if (n > RX_CACHE_LEN)
		return rx_exec(rx, s, n, cloc, scratch);
	slot = &rx->cache[hash_bytes(s, n) % RX_CACHE];
	if (slot->verdict >= 0 && slot->len == n &&
	    memcmp(slot->s, s, n) == 0)
		return slot->verdict;
	r = rx_exec(rx, s, n, cloc, scratch);
	slot->verdict = (signed char)r;
	slot->len = (unsigned char)n;
	memcpy(slot->s, s, n);
	return r;
}

void
regex_free(struct regex *rx)
{
	if (rx->ok)
		regfree(&rx->re);
	free(rx->cache);
	free(rx->src);
	rx->ok = 0;
	rx->src = NULL;
}
