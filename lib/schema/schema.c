/* SPDX-License-Identifier: MIT */
/* schema.c -- compile a JSON Schema (draft 2020-12), validate raw values. */
#include <sys/types.h>

#include <locale.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "schema/schema.h"

/*
 * Numbers.  A JSON number is read as its decimal digits: the value is
 * 0.D1D2...Dn x 10^exp with D1 != 0 and Dn != 0, so two numbers compare
 * exactly whatever their spelling (1, 1.0, 10e-1) and size.
 */
struct dec {
	const char	*s;		/* the text, for messages */
	size_t		 n;
	const char	*p;		/* first significant digit */
	int64_t		 exp;
	size_t		 ndig;
	int		 neg;
	int		 zero;
};

#define EXP_LIMIT	((int64_t)1 << 50)

static void
dec_parse(const char *s, size_t n, struct dec *d)
{
	const char *q = s, *end = s + n, *last = NULL;
	int64_t nint = -1, idx = 0, first = -1, e = 0;
	int eneg = 0;

	memset(d, 0, sizeof(*d));
	d->s = s;
	d->n = n;
	if (q < end && *q == '-') {
		d->neg = 1;
		q++;
	}
	/* idx counts digits; nint is how many come before the point. */
	for (; q < end && ((*q >= '0' && *q <= '9') || *q == '.'); q++) {
		if (*q == '.') {
			nint = idx;
			continue;
		}
		if (*q != '0') {
			if (first < 0) {
				first = idx;
				d->p = q;
			}
			last = q;
		}
		idx++;
	}
	if (nint < 0)
		nint = idx;
	if (q < end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			eneg = (*q++ == '-');
		for (; q < end && *q >= '0' && *q <= '9'; q++)
			if (e < EXP_LIMIT)
				e = e * 10 + (*q - '0');
		if (eneg)
			e = -e;
	}
	if (first < 0) {
		d->zero = 1;
		d->neg = 0;
		return;
	}
	d->exp = nint - first + e;
	for (q = d->p; q <= last; q++)
		if (*q != '.')
			d->ndig++;
}

/* The next significant digit at *pp, skipping the decimal point. */
static int
dec_next(const char **pp)
{
	if (**pp == '.')
		(*pp)++;
	return *(*pp)++ - '0';
}

static int
dec_cmp(const struct dec *a, const struct dec *b)
{
	const char *pa, *pb;
	int sa, sb, da, db, m = 0;
	size_t i;

	sa = a->zero ? 0 : a->neg ? -1 : 1;
	sb = b->zero ? 0 : b->neg ? -1 : 1;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	if (a->exp != b->exp)
		m = a->exp < b->exp ? -1 : 1;
	else {
		pa = a->p;
		pb = b->p;
		for (i = 0; i < a->ndig && i < b->ndig && m == 0; i++) {
			da = dec_next(&pa);
			db = dec_next(&pb);
			if (da != db)
				m = da < db ? -1 : 1;
		}
		if (m == 0 && a->ndig != b->ndig)
			m = a->ndig < b->ndig ? -1 : 1;
	}
	return sa * m;
}

static int
dec_is_int(const struct dec *d)
{
	return d->zero || d->exp >= (int64_t)d->ndig;
}

/* A non-negative integer (saturated at INT64_MAX); -1 if not one. */
static int
dec_count(const struct dec *d, int64_t *out)
{
	const char *p = d->p;
	int64_t v = 0;
	size_t i;

	if (d->zero) {
		*out = 0;
		return 0;
	}
	if (d->neg || !dec_is_int(d))
		return -1;
	if (d->exp > 18) {
		*out = INT64_MAX;
		return 0;
	}
	for (i = 0; i < (size_t)d->exp; i++)
		v = v * 10 + (i < d->ndig ? dec_next(&p) : 0);
	*out = v;
	return 0;
}

static uint64_t
mulmod(uint64_t a, uint64_t b, uint64_t m)
{
	uint64_t r = 0;

	a %= m;
	while (b > 0) {
		if (b & 1)
			r = (r + a) % m;
		a = (a * 2) % m;
		b >>= 1;
	}
	return r;
}

/*
 * Whether x is an integer multiple of m (> 0), exactly: with x = X *
 * 10^a and m = M * 10^b (X, M integers without trailing zeros), x/m is
 * an integer iff a >= b and M divides X * 10^(a-b).
 */
static int
dec_multiple(const struct dec *x, const struct dec *m)
{
	const char *p;
	uint64_t mv = 0, rem = 0, pw = 1, base = 10;
	int64_t a, b, k;
	size_t i;
	double q;

	if (x->zero)
		return 1;
	a = x->exp - (int64_t)x->ndig;
	b = m->exp - (int64_t)m->ndig;
	if (a < b)
		return 0;
	if (m->ndig > 18) {
		q = strtod(x->s, NULL) / strtod(m->s, NULL);
		return isfinite(q) && q == floor(q);
	}
	p = m->p;
	for (i = 0; i < m->ndig; i++)
		mv = mv * 10 + (uint64_t)dec_next(&p);
	p = x->p;
	for (i = 0; i < x->ndig; i++)
		rem = (rem * 10 + (uint64_t)dec_next(&p)) % mv;
	for (k = a - b; k > 0; k >>= 1) {
		if (k & 1)
			pw = mulmod(pw, base, mv);
		base = mulmod(base, base, mv);
	}
	return mulmod(rem, pw, mv) == 0;
}

/*
 * Strings.
 */

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

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalpha_ascii(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
hexdig(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static unsigned long
hex4at(const char *p)
{
	return (unsigned long)(hexdig(p[0]) << 12 | hexdig(p[1]) << 8 |
	    hexdig(p[2]) << 4 | hexdig(p[3]));
}

/* Code points in a string value, counted on its JSON text. */
static size_t
str_length(const struct jval *v)
{
	const unsigned char *p = (const unsigned char *)v->p + 1;
	const unsigned char *end = (const unsigned char *)v->p + v->n - 1;
	unsigned long hi;
	size_t n = 0;

	while (p < end) {
		if (*p != '\\') {
			if ((*p & 0xc0) != 0x80)
				n++;
			p++;
			continue;
		}
		n++;
		if (p[1] != 'u') {
			p += 2;
			continue;
		}
		hi = hex4at((const char *)p + 2);
		p += 6;
		/* A surrogate pair is one character. */
		if (hi >= 0xd800 && hi < 0xdc00 && end - p >= 6 &&
		    p[0] == '\\' && p[1] == 'u') {
			hi = hex4at((const char *)p + 2);
			if (hi >= 0xdc00 && hi < 0xe000)
				p += 6;
		}
	}
	return n;
}

/*
 * JSON equality: same type, numbers equal in value, strings equal once
 * decoded, arrays equal element by element, objects with the same keys
 * holding equal values.
 */
static int
jv_equal(const struct jval *a, const struct jval *b, struct schema_run *r)
{
	struct jiter ia, ib;
	struct jval ka, va, vb;
	struct dec da, db;
	const char *sa, *sb;
	size_t na, nb;
	int ra, rb;

	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case JT_NUMBER:
		if (a->n == b->n && memcmp(a->p, b->p, a->n) == 0)
			return 1;
		dec_parse(a->p, a->n, &da);
		dec_parse(b->p, b->n, &db);
		return dec_cmp(&da, &db) == 0;
	case JT_STRING:
		if (!(a->flags & JV_ESCAPED) && !(b->flags & JV_ESCAPED))
			return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
		sa = jval_str(a, &r->s1, &na);
		sb = jval_str(b, &r->s2, &nb);
		return na == nb && memcmp(sa, sb, na) == 0;
	case JT_ARRAY:
		jiter_init(&ia, a);
		jiter_init(&ib, b);
		for (;;) {
			ra = jiter_next(&ia, NULL, &va);
			rb = jiter_next(&ib, NULL, &vb);
			if (ra != rb)
				return 0;
			if (!ra)
				return 1;
			if (!jv_equal(&va, &vb, r))
				return 0;
		}
	case JT_OBJECT:
		na = nb = 0;
		jiter_init(&ia, a);
		while (jiter_next(&ia, NULL, &va))
			na++;
		jiter_init(&ib, b);
		while (jiter_next(&ib, NULL, &vb))
			nb++;
		if (na != nb)
			return 0;
		jiter_init(&ia, a);
		while (jiter_next(&ia, &ka, &va)) {
			/* Decoded keys go on the run's key stack. */
			na = r->keys.len;
			jval_str_append(&ka, &r->keys);
			ra = jval_find(b, r->keys.buf + na, r->keys.len - na,
			    &vb);
			strbuf_truncate(&r->keys, na);
			if (!ra || !jv_equal(&va, &vb, r))
				return 0;
		}
		return 1;
	default:
		return 1;
	}
}

/*
 * Patterns.  An ECMA-262 pattern is translated to a POSIX ERE that
 * works on the UTF-8 bytes, compiled and run in the C locale: literal
 * characters become their byte sequences, and character classes and
 * '.' become sets of code point ranges written as alternations of
 * byte-range sequences.  That is exact for everything ERE can say, and
 * what it cannot say (lookaround, backreferences, \b, Unicode property
 * escapes) is refused.  Lazy quantifiers are read as greedy ones: for
 * "is there a match" they are the same.
 */
/*
 * Log data repeats itself: the same keys on every record, the same
 * values often.  The last verdicts on short strings are kept, so most
 * matches cost a hash and a memcmp instead of a regexec.
 */
#define RX_CACHE	128
#define RX_CACHE_LEN	40

struct rx_slot {
	signed char	 verdict;	/* -1 empty, else 0 or 1 */
	unsigned char	 len;
	char		 s[RX_CACHE_LEN];
};

struct rx {
	regex_t		 re;
	char		*src;		/* the ECMA text */
	int		 ok;		/* re is compiled */
	struct rx_slot	*cache;
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

#define CP_MAX	0x10ffffUL
/*
 * NUL can be neither in a pattern nor, for regexec(), in a string: it
 * is written as 0xff, a byte that UTF-8 never holds, in both.
 */
#define NUL_BYTE	0xff

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
		if (isalpha_ascii((unsigned char)p[1])) {
			x->p += 2;
			return p[1] % 32;
		}
		return xfail(x, "bad \\c escape");
	case 'x':
		if (hexdig(p[1]) < 0 || hexdig(p[2]) < 0)
			return xfail(x, "bad \\x escape");
		x->p += 3;
		cp = (unsigned long)(hexdig(p[1]) << 4 | hexdig(p[2]));
		break;
	case 'u':
		if (p[1] == '{') {
			cp = 0;
			for (i = 2; (h = hexdig(p[i])) >= 0; i++)
				if ((cp = cp * 16 + (unsigned long)h) > CP_MAX)
					return xfail(x, "bad \\u{} escape");
			if (i == 2 || p[i] != '}')
				return xfail(x, "bad \\u{} escape");
			x->p += i + 1;
			break;
		}
		for (i = 1; i <= 4; i++)
			if (hexdig(p[i]) < 0)
				return xfail(x, "bad \\u escape");
		cp = hex4at(p + 1);
		x->p += 5;
		if (cp >= 0xd800 && cp < 0xdc00 && x->p[0] == '\\' &&
		    x->p[1] == 'u' && hexdig(x->p[2]) >= 0 &&
		    hexdig(x->p[3]) >= 0 && hexdig(x->p[4]) >= 0 &&
		    hexdig(x->p[5]) >= 0 &&
		    (lo = hex4at(x->p + 2)) >= 0xdc00 && lo < 0xe000) {
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
		if (isdig((unsigned char)p[1]))
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

/*
 * Translate and compile an ECMA-262 pattern (src[0..n), UTF-8).
 * Returns 0, or -1 with a reason in why[].
 */
static int
rx_compile(struct rx *rx, const char *src, size_t n, locale_t cloc,
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
rx_exec(const struct rx *rx, const char *s, size_t n, locale_t cloc,
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
	/* A NUL-terminated copy (rx_match took the NULs out). */
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

/*
 * Whether s[0..n) holds a match.  scratch is for a copy when s holds a
 * NUL, or when regexec() needs one.
 */
static int
rx_match(struct rx *rx, const char *s, size_t n, locale_t cloc,
    struct strbuf *scratch)
{
	struct rx_slot *slot;
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

static void
rx_free(struct rx *rx)
{
	if (rx->ok)
		regfree(&rx->re);
	free(rx->cache);
	free(rx->src);
	rx->ok = 0;
	rx->src = NULL;
}

/*
 * Formats (asserted with SCHEMA_FORMAT_ASSERT).  Each checker gets the
 * decoded string and says whether it is valid.
 */
enum {
	FMT_NONE = 0,
	FMT_UNCHECKED,		/* standard, but not checked here */
	FMT_DATE_TIME,
	FMT_DATE,
	FMT_TIME,
	FMT_DURATION,
	FMT_EMAIL,
	FMT_HOSTNAME,
	FMT_IPV4,
	FMT_IPV6,
	FMT_URI,
	FMT_URI_REFERENCE,
	FMT_IRI,
	FMT_IRI_REFERENCE,
	FMT_UUID,
	FMT_JSON_POINTER,
	FMT_REL_JSON_POINTER
};

static const struct {
	const char	*name;
	int		 fmt;
} formats[] = {
	{ "date-time",			FMT_DATE_TIME },
	{ "date",			FMT_DATE },
	{ "time",			FMT_TIME },
	{ "duration",			FMT_DURATION },
	{ "email",			FMT_EMAIL },
	{ "idn-email",			FMT_UNCHECKED },
	{ "hostname",			FMT_HOSTNAME },
	{ "idn-hostname",		FMT_UNCHECKED },
	{ "ipv4",			FMT_IPV4 },
	{ "ipv6",			FMT_IPV6 },
	{ "uri",			FMT_URI },
	{ "uri-reference",		FMT_URI_REFERENCE },
	{ "iri",			FMT_IRI },
	{ "iri-reference",		FMT_IRI_REFERENCE },
	{ "uuid",			FMT_UUID },
	{ "uri-template",		FMT_UNCHECKED },
	{ "json-pointer",		FMT_JSON_POINTER },
	{ "relative-json-pointer",	FMT_REL_JSON_POINTER },
	{ "regex",			FMT_UNCHECKED }
};

/* n ASCII digits at s, as a number; -1 if they are not. */
static int
digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isdig((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* RFC 3339 full-date. */
static int
fmt_date(const char *s, size_t n)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	if ((y = digits(s, 4)) < 0 || (m = digits(s + 5, 2)) < 1 ||
	    m > 12 || (d = digits(s + 8, 2)) < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !leap_year(y));
}

/* RFC 3339 full-time, leap seconds only at 23:59 UTC. */
static int
fmt_time(const char *s, size_t n)
{
	int h, m, sec, oh = 0, om = 0, sign = 0, utc;
	size_t i = 8;

	if (n < 9 || s[2] != ':' || s[5] != ':')
		return 0;
	if ((h = digits(s, 2)) < 0 || h > 23 || (m = digits(s + 3, 2)) < 0 ||
	    m > 59 || (sec = digits(s + 6, 2)) < 0 || sec > 60)
		return 0;
	if (s[i] == '.') {
		for (i++; i < n && isdig((unsigned char)s[i]); i++)
			;
		if (i == 9)
			return 0;
	}
	if (i + 1 == n && (s[i] == 'Z' || s[i] == 'z')) {
		sign = 0;
	} else if (i + 6 == n && (s[i] == '+' || s[i] == '-') &&
	    s[i + 3] == ':') {
		sign = s[i] == '+' ? 1 : -1;
		if ((oh = digits(s + i + 1, 2)) < 0 || oh > 23 ||
		    (om = digits(s + i + 4, 2)) < 0 || om > 59)
			return 0;
	} else
		return 0;
	if (sec == 60) {
		utc = ((h * 60 + m - sign * (oh * 60 + om)) % 1440 + 1440) %
		    1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

static int
fmt_date_time(const char *s, size_t n)
{
	return n > 11 && (s[10] == 'T' || s[10] == 't') &&
	    fmt_date(s, 10) && fmt_time(s + 11, n - 11);
}

/* RFC 3339 appendix A duration: units in order, none skipped. */
static int
fmt_duration(const char *s, size_t n)
{
	const char *units;
	size_t i = 1, d;
	int last, k, time = 0, any = 0;

	if (n < 2 || s[0] != 'P')
		return 0;
	units = "YMD";
	last = -1;
	while (i < n) {
		if (s[i] == 'T') {
			if (time || i + 1 == n)
				return 0;
			time = 1;
			units = "HMS";
			last = -1;
			i++;
			continue;
		}
		for (d = 0; i < n && isdig((unsigned char)s[i]); i++, d++)
			;
		if (d == 0 || i == n)
			return 0;
		if (s[i] == 'W') {
			/* Weeks stand alone. */
			return !time && !any && i + 1 == n;
		}
		if (strchr(units, s[i]) == NULL || s[i] == '\0')
			return 0;
		k = (int)(strchr(units, s[i]) - units);
		if (last >= 0 && k != last + 1)
			return 0;
		last = k;
		any = 1;
		i++;
	}
	return last >= 0;
}

static int
fmt_ipv4(const char *s, size_t n)
{
	size_t i = 0, d;
	int part, v;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		for (d = 0; i + d < n && isdig((unsigned char)s[i + d]); d++)
			;
		if (d == 0 || d > 3 || (d > 1 && s[i] == '0'))
			return 0;
		if ((v = digits(s + i, d)) > 255)
			return 0;
		i += d;
	}
	return i == n;
}

static int
fmt_ipv6(const char *s, size_t n)
{
	size_t i = 0, d, dot;
	int groups = 0, gap = 0;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 1;
		i = 2;
		if (n == 2)
			return 1;
	} else if (n > 0 && s[0] == ':')
		return 0;
	while (i < n) {
		for (d = 0; i + d < n && hexdig((unsigned char)s[i + d]) >= 0;
		    d++)
			;
		/* A dotted IPv4 tail counts as two groups. */
		if (i + d < n && s[i + d] == '.') {
			for (dot = i; dot < n && s[dot] != ':'; dot++)
				;
			if (dot != n || !fmt_ipv4(s + i, n - i))
				return 0;
			groups += 2;
			i = n;
			break;
		}
		if (d == 0 || d > 4)
			return 0;
		groups++;
		i += d;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (gap)
				return 0;
			gap = 1;
			i++;
			if (i == n)
				break;
		} else if (i == n)
			return 0;
	}
	return gap ? groups < 8 : groups == 8;
}

static int
fmt_uuid(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return 0;
	for (i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (hexdig((unsigned char)s[i]) < 0)
			return 0;
	}
	return 1;
}

/* RFC 3492 6.1, the bias adaptation. */
static unsigned long
puny_adapt(unsigned long delta, unsigned long npoints, int first)
{
	unsigned long k = 0;

	delta /= first ? 700 : 2;
	delta += delta / npoints;
	while (delta > 455) {
		delta /= 35;
		k += 36;
	}
	return k + (36 * delta) / (delta + 38);
}

/* RFC 3492 Punycode: whether s[0..n) decodes; the result in out. */
static int
punycode_decode(const char *s, size_t n, unsigned long *out, size_t *nout,
    size_t max)
{
	unsigned long cp = 128, i = 0, bias = 72, oldi, w, k, t, dg, len;
	size_t b = 0, j, in;

	for (j = 0; j < n; j++)
		if (s[j] == '-')
			b = j;
	len = 0;
	if (b > 0) {
		for (j = 0; j < b; j++) {
			if ((unsigned char)s[j] >= 0x80 || len >= max)
				return 0;
			out[len++] = (unsigned char)s[j];
		}
	}
	for (in = b > 0 ? b + 1 : 0; in < n;) {
		oldi = i;
		for (w = 1, k = 36;; k += 36) {
			if (in >= n)
				return 0;
			dg = (unsigned char)s[in++];
			if (dg >= '0' && dg <= '9')
				dg = dg - '0' + 26;
			else if (dg >= 'a' && dg <= 'z')
				dg -= 'a';
			else if (dg >= 'A' && dg <= 'Z')
				dg -= 'A';
			else
				return 0;
			if (dg > (0xffffffffUL - i) / w)
				return 0;
			i += dg * w;
			t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
			if (dg < t)
				break;
			w *= 36 - t;
		}
		bias = puny_adapt(i - oldi, len + 1, oldi == 0);
		cp += i / (len + 1);
		i %= len + 1;
		if (cp > CP_MAX || (cp >= 0xd800 && cp < 0xe000) ||
		    len >= max)
			return 0;
		memmove(out + i + 1, out + i, (len - i) * sizeof(*out));
		out[i++] = cp;
		len++;
	}
	*nout = len;
	return 1;
}

static int
in_ranges(unsigned long cp, const unsigned long (*r)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cp >= r[i][0] && cp <= r[i][1])
			return 1;
	return 0;
}

/*
 * The IDNA2008 rules on a decoded label (RFC 5892) that need no
 * Unicode tables beyond a few ranges: the DISALLOWED exceptions and
 * the CONTEXTJ/CONTEXTO rules (ZWNJ is let through: its rule needs the
 * Arabic joining types).
 */
static int
idna_label_ok(const unsigned long *u, size_t n)
{
	static const unsigned long disallowed[][2] = {
		{ 0x0640, 0x0640 }, { 0x07fa, 0x07fa }, { 0x302e, 0x302f },
		{ 0x3031, 0x3035 }, { 0x303b, 0x303b }
	};
	static const unsigned long greek[][2] = {
		{ 0x0370, 0x03e1 }, { 0x03f0, 0x03ff }, { 0x1f00, 0x1fff }
	};
	static const unsigned long hebrew[][2] = {
		{ 0x0591, 0x05f4 }, { 0xfb1d, 0xfb4f }
	};
	static const unsigned long kana_han[][2] = {
		{ 0x2e80, 0x2fd5 }, { 0x3005, 0x3007 }, { 0x3021, 0x3029 },
		{ 0x3038, 0x303b }, { 0x3041, 0x309f }, { 0x30a0, 0x30fa },
		{ 0x30fc, 0x30ff }, { 0x31f0, 0x31ff }, { 0x3400, 0x4dbf },
		{ 0x4e00, 0x9fff }, { 0xf900, 0xfaff }, { 0xff66, 0xff9d },
		{ 0x1b000, 0x1b16f }, { 0x20000, 0x3134f }
	};
	static const unsigned long virama[][2] = {
		{ 0x094d, 0x094d }, { 0x09cd, 0x09cd }, { 0x0a4d, 0x0a4d },
		{ 0x0acd, 0x0acd }, { 0x0b4d, 0x0b4d }, { 0x0bcd, 0x0bcd },
		{ 0x0c4d, 0x0c4d }, { 0x0ccd, 0x0ccd }, { 0x0d3b, 0x0d3c },
		{ 0x0d4d, 0x0d4d }, { 0x0dca, 0x0dca }, { 0x0e3a, 0x0e3a },
		{ 0x0eba, 0x0eba }, { 0x0f84, 0x0f84 }, { 0x1039, 0x103a },
		{ 0x1714, 0x1715 }, { 0x1734, 0x1734 }, { 0x17d2, 0x17d2 },
		{ 0x1a60, 0x1a60 }, { 0x1b44, 0x1b44 }, { 0x1baa, 0x1bab },
		{ 0x1bf2, 0x1bf3 }, { 0x2d7f, 0x2d7f }, { 0xa806, 0xa806 },
		{ 0xa82c, 0xa82c }, { 0xa8c4, 0xa8c4 }, { 0xa953, 0xa953 },
		{ 0xa9c0, 0xa9c0 }, { 0xaaf6, 0xaaf6 }, { 0xabed, 0xabed },
		{ 0x10a3f, 0x10a3f }, { 0x11046, 0x11046 },
		{ 0x11070, 0x11070 }, { 0x1107f, 0x1107f },
		{ 0x110b9, 0x110b9 }, { 0x11133, 0x11134 },
		{ 0x111c0, 0x111c0 }, { 0x11235, 0x11235 },
		{ 0x112ea, 0x112ea }, { 0x1134d, 0x1134d },
		{ 0x11442, 0x11442 }, { 0x114c2, 0x114c2 },
		{ 0x115bf, 0x115bf }, { 0x1163f, 0x1163f },
		{ 0x116b6, 0x116b6 }, { 0x1172b, 0x1172b },
		{ 0x11839, 0x11839 }, { 0x1193d, 0x1193e },
		{ 0x119e0, 0x119e0 }, { 0x11a34, 0x11a34 },
		{ 0x11a47, 0x11a47 }, { 0x11a99, 0x11a99 },
		{ 0x11c3f, 0x11c3f }, { 0x11d44, 0x11d45 },
		{ 0x11d97, 0x11d97 }
	};
	size_t i;
	int arabic = 0, extended = 0, kana = 0, dot = 0;

	for (i = 0; i < n; i++) {
		if (in_ranges(u[i], disallowed, NELEM(disallowed)))
			return 0;
		switch (u[i]) {
		case 0x00b7:	/* MIDDLE DOT: only in "l.l" */
			if (i == 0 || i + 1 == n || u[i - 1] != 'l' ||
			    u[i + 1] != 'l')
				return 0;
			break;
		case 0x0375:	/* GREEK KERAIA: before Greek */
			if (i + 1 == n || !in_ranges(u[i + 1], greek,
			    NELEM(greek)))
				return 0;
			break;
		case 0x05f3:	/* HEBREW GERESH, GERSHAYIM: after Hebrew */
		case 0x05f4:
			if (i == 0 || !in_ranges(u[i - 1], hebrew,
			    NELEM(hebrew)))
				return 0;
			break;
		case 0x200d:	/* ZERO WIDTH JOINER: after a virama */
			if (i == 0 || !in_ranges(u[i - 1], virama,
			    NELEM(virama)))
				return 0;
			break;
		case 0x30fb:	/* KATAKANA MIDDLE DOT: with kana or Han */
			dot = 1;
			break;
		default:
			break;
		}
		if (u[i] >= 0x0660 && u[i] <= 0x0669)
			arabic = 1;
		if (u[i] >= 0x06f0 && u[i] <= 0x06f9)
			extended = 1;
		if (u[i] != 0x30fb && in_ranges(u[i], kana_han,
		    NELEM(kana_han)))
			kana = 1;
	}
	return !(arabic && extended) && !(dot && !kana);
}

/*
 * RFC 1123 host name: dot-separated labels of letters, digits and
 * inner hyphens, 1-63 bytes each, 253 in all.  An "xn--" label must be
 * valid Punycode whose decoded form has no "--" at positions 3-4 and
 * meets the IDNA2008 rules checked by idna_label_ok().
 */
static int
fmt_hostname(const char *s, size_t n)
{
	unsigned long u[64];
	size_t i = 0, j, len, nu;

	if (n == 0 || n > 253)
		return 0;
	while (i <= n) {
		for (j = i; j < n && s[j] != '.'; j++) {
			if (!isalpha_ascii((unsigned char)s[j]) &&
			    !isdig((unsigned char)s[j]) && s[j] != '-')
				return 0;
		}
		len = j - i;
		if (len == 0 || len > 63 || s[i] == '-' || s[j - 1] == '-')
			return 0;
		if (len >= 4 && s[i + 2] == '-' && s[i + 3] == '-' &&
		    (s[i] == 'x' || s[i] == 'X') &&
		    (s[i + 1] == 'n' || s[i + 1] == 'N')) {
			if (!punycode_decode(s + i + 4, len - 4, u, &nu,
			    NELEM(u)) || nu == 0)
				return 0;
			if (nu >= 4 && u[2] == '-' && u[3] == '-')
				return 0;
			if (u[0] == '-' || u[nu - 1] == '-' ||
			    !idna_label_ok(u, nu))
				return 0;
		}
		i = j + 1;
	}
	return 1;
}

static int
unreserved(int c)
{
	return isalpha_ascii(c) || isdig(c) || c == '-' || c == '.' ||
	    c == '_' || c == '~';
}

static int
subdelim(int c)
{
	return c != '\0' && strchr("!$&'()*+,;=", c) != NULL;
}

/*
 * The length of the run at s[0..n) of unreserved, sub-delims, %HH and
 * the characters in extra (and, for IRIs, any non-ASCII character);
 * -1 at a bad %-escape.
 */
static long
uri_run(const char *s, size_t n, const char *extra, int iri)
{
	size_t i = 0, k;
	int c;

	while (i < n) {
		c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n + 0 || hexdig((unsigned char)s[i + 1]) <
			    0 || hexdig((unsigned char)s[i + 2]) < 0)
				return -1;
			i += 3;
		} else if (c < 0x80) {
			if (!unreserved(c) && !subdelim(c) &&
			    (c == '\0' || strchr(extra, c) == NULL))
				break;
			i++;
		} else if (iri && (k = utf8_char_len(s + i, n - i)) > 0)
			i += k;
		else
			break;
	}
	return (long)i;
}

static int
uri_all(const char *s, size_t n, const char *extra, int iri)
{
	return uri_run(s, n, extra, iri) == (long)n;
}

static int
uri_authority(const char *s, size_t n, int iri)
{
	const char *at, *host, *end = s + n, *q;
	size_t hn;

	if ((at = memchr(s, '@', n)) != NULL) {
		if (!uri_all(s, (size_t)(at - s), ":", iri))
			return 0;
		host = at + 1;
	} else
		host = s;
	if (host < end && *host == '[') {
		if ((q = memchr(host, ']', (size_t)(end - host))) == NULL)
			return 0;
		hn = (size_t)(q - host - 1);
		if (hn > 0 && (host[1] == 'v' || host[1] == 'V')) {
			/* IPvFuture: "v" 1*HEXDIG "." 1*(...). */
			const char *dot = memchr(host + 1, '.', hn);

			if (dot == NULL || dot == host + 2 ||
			    (size_t)(dot - host) >= hn + 0 ||
			    !uri_all(dot + 1, (size_t)(q - dot - 1), ":", 0))
				return 0;
			for (at = host + 2; at < dot; at++)
				if (hexdig((unsigned char)*at) < 0)
					return 0;
		} else if (!fmt_ipv6(host + 1, hn))
			return 0;
		q++;
	} else {
		for (q = host; q < end && *q != ':'; q++)
			;
		if (!uri_all(host, (size_t)(q - host), "", iri))
			return 0;
	}
	if (q < end) {
		if (*q != ':')
			return 0;
		for (q++; q < end; q++)
			if (!isdig((unsigned char)*q))
				return 0;
	}
	return 1;
}

/* RFC 3986 URI (absolute) or URI-reference; RFC 3987 with iri. */
static int
fmt_uri(const char *s, size_t n, int absolute, int iri)
{
	const char *p = s, *end = s + n, *q, *auth;
	int scheme = 0;

	for (q = s; q < end && (isalpha_ascii((unsigned char)*q) ||
	    (q > s && (isdig((unsigned char)*q) || *q == '+' || *q == '-' ||
	    *q == '.'))); q++)
		;
	if (q > s && q < end && *q == ':') {
		scheme = 1;
		p = q + 1;
	}
	if (absolute && !scheme)
		return 0;
	if ((q = memchr(p, '#', (size_t)(end - p))) != NULL) {
		if (!uri_all(q + 1, (size_t)(end - q - 1), ":@/?", iri))
			return 0;
		end = q;
	}
	if ((q = memchr(p, '?', (size_t)(end - p))) != NULL) {
		if (!uri_all(q + 1, (size_t)(end - q - 1), ":@/?", iri))
			return 0;
		end = q;
	}
	if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
		auth = p + 2;
		for (q = auth; q < end && *q != '/'; q++)
			;
		if (!uri_authority(auth, (size_t)(q - auth), iri))
			return 0;
		p = q;
	} else if (!scheme) {
		/* A relative path: no ':' in its first segment. */
		for (q = p; q < end && *q != '/'; q++)
			if (*q == ':')
				return 0;
	}
	return uri_all(p, (size_t)(end - p), ":@/", iri);
}

/* RFC 5321 Mailbox: dot-string or quoted local part, domain or [IP]. */
static int
fmt_email(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *dom;
	int c, prevdot = 1;

	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			c = (unsigned char)*p;
			if (c == '\\') {
				if (++p >= end || (unsigned char)*p < 0x20 ||
				    (unsigned char)*p > 0x7e)
					return 0;
			} else if (c < 0x20 || c > 0x7e)
				return 0;
		}
		if (p >= end)
			return 0;
		p++;
	} else {
		for (; p < end && *p != '@'; p++) {
			c = (unsigned char)*p;
			if (c == '.') {
				if (prevdot)
					return 0;
				prevdot = 1;
				continue;
			}
			if (!isalpha_ascii(c) && !isdig(c) &&
			    strchr("!#$%&'*+-/=?^_`{|}~", c) == NULL)
				return 0;
			prevdot = 0;
		}
		if (prevdot)
			return 0;
	}
	if (p - s > 64 || p >= end || *p != '@')
		return 0;
	dom = p + 1;
	n = (size_t)(end - dom);
	if (n >= 2 && dom[0] == '[' && dom[n - 1] == ']') {
		if (n > 7 && strncmp(dom + 1, "IPv6:", 5) == 0)
			return fmt_ipv6(dom + 6, n - 7);
		return fmt_ipv4(dom + 1, n - 2);
	}
	return fmt_hostname(dom, n);
}

static int
fmt_json_pointer(const char *s, size_t n)
{
	size_t i;

	if (n > 0 && s[0] != '/')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '~' && (i + 1 >= n || (s[i + 1] != '0' &&
		    s[i + 1] != '1')))
			return 0;
	return 1;
}

static int
fmt_rel_json_pointer(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && isdig((unsigned char)s[i]); i++)
		;
	if (i == 0 || (i > 1 && s[0] == '0'))
		return 0;
	if (i < n && s[i] == '#')
		return i + 1 == n;
	return fmt_json_pointer(s + i, n - i);
}

static int
fmt_check(int fmt, const char *s, size_t n)
{
	switch (fmt) {
	case FMT_DATE_TIME:
		return fmt_date_time(s, n);
	case FMT_DATE:
		return fmt_date(s, n);
	case FMT_TIME:
		return fmt_time(s, n);
	case FMT_DURATION:
		return fmt_duration(s, n);
	case FMT_EMAIL:
		return fmt_email(s, n);
	case FMT_HOSTNAME:
		return fmt_hostname(s, n);
	case FMT_IPV4:
		return fmt_ipv4(s, n);
	case FMT_IPV6:
		return fmt_ipv6(s, n);
	case FMT_URI:
		return fmt_uri(s, n, 1, 0);
	case FMT_URI_REFERENCE:
		return fmt_uri(s, n, 0, 0);
	case FMT_IRI:
		return fmt_uri(s, n, 1, 1);
	case FMT_IRI_REFERENCE:
		return fmt_uri(s, n, 0, 1);
	case FMT_UUID:
		return fmt_uuid(s, n);
	case FMT_JSON_POINTER:
		return fmt_json_pointer(s, n);
	case FMT_REL_JSON_POINTER:
		return fmt_rel_json_pointer(s, n);
	default:
		return 1;
	}
}

/*
 * URI references (RFC 3986 section 5), for $id and $ref.
 */
struct uparts {
	const char	*scheme, *auth, *path, *query, *frag;
	size_t		 nscheme, nauth, npath, nquery, nfrag;
	int		 has_scheme, has_auth, has_query, has_frag;
};

static void
uri_split(const char *s, struct uparts *u)
{
	const char *p = s, *q;

	memset(u, 0, sizeof(*u));
	for (q = s; isalpha_ascii((unsigned char)*q) || (q > s &&
	    (isdig((unsigned char)*q) || *q == '+' || *q == '-' ||
	    *q == '.')); q++)
		;
	if (q > s && *q == ':') {
		u->has_scheme = 1;
		u->scheme = s;
		u->nscheme = (size_t)(q - s);
		p = q + 1;
	}
	if (p[0] == '/' && p[1] == '/') {
		u->has_auth = 1;
		u->auth = p + 2;
		for (q = u->auth; *q != '\0' && *q != '/' && *q != '?' &&
		    *q != '#'; q++)
			;
		u->nauth = (size_t)(q - u->auth);
		p = q;
	}
	u->path = p;
	for (q = p; *q != '\0' && *q != '?' && *q != '#'; q++)
		;
	u->npath = (size_t)(q - p);
	p = q;
	if (*p == '?') {
		u->has_query = 1;
		u->query = p + 1;
		for (q = p + 1; *q != '\0' && *q != '#'; q++)
			;
		u->nquery = (size_t)(q - u->query);
		p = q;
	}
	if (*p == '#') {
		u->has_frag = 1;
		u->frag = p + 1;
		u->nfrag = strlen(p + 1);
	}
}

/* RFC 3986 5.2.4, appending the result to out. */
static void
remove_dots(const char *in, size_t n, struct strbuf *out)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = in, *end = in + n, *q;
	size_t k;

	while (p < end) {
		if (end - p >= 3 && memcmp(p, "../", 3) == 0)
			p += 3;
		else if (end - p >= 2 && memcmp(p, "./", 2) == 0)
			p += 2;
		else if (end - p >= 3 && memcmp(p, "/./", 3) == 0)
			p += 2;
		else if (end - p == 2 && memcmp(p, "/.", 2) == 0) {
			p += 1;
			strbuf_addch(&b, '/');
			p = end;
		} else if ((end - p >= 4 && memcmp(p, "/../", 4) == 0) ||
		    (end - p == 3 && memcmp(p, "/..", 3) == 0)) {
			p += 3;
			for (k = b.len; k > 0 && b.buf[k - 1] != '/'; k--)
				;
			strbuf_truncate(&b, k > 0 ? k - 1 : 0);
			if (p >= end)
				strbuf_addch(&b, '/');
		} else if ((end - p == 1 && *p == '.') ||
		    (end - p == 2 && memcmp(p, "..", 2) == 0))
			p = end;
		else {
			for (q = p + 1; q < end && *q != '/'; q++)
				;
			strbuf_add(&b, p, (size_t)(q - p));
			p = q;
		}
	}
	if (b.len > 0)
		strbuf_add(out, b.buf, b.len);
	strbuf_release(&b);
}

/*
 * Resolve ref against base (absolute); returns a new string.  The
 * target's parts are chosen as in RFC 3986 5.2.2, its path with the
 * dot segments removed, then put together once (5.3).
 */
static char *
uri_resolve(const char *base, const char *ref)
{
	struct strbuf o = STRBUF_INIT, path = STRBUF_INIT, m = STRBUF_INIT;
	struct uparts b, r, t;
	const char *slash;
	size_t k;

	uri_split(base, &b);
	uri_split(ref, &r);
	t = r;
	if (!r.has_scheme) {
		t.has_scheme = b.has_scheme;
		t.scheme = b.scheme;
		t.nscheme = b.nscheme;
	}
	if (r.has_scheme || r.has_auth) {
		remove_dots(r.path, r.npath, &path);
	} else {
		t.has_auth = b.has_auth;
		t.auth = b.auth;
		t.nauth = b.nauth;
		if (r.npath == 0) {
			strbuf_add(&path, b.path, b.npath);
			if (!r.has_query) {
				t.has_query = b.has_query;
				t.query = b.query;
				t.nquery = b.nquery;
			}
		} else if (r.path[0] == '/') {
			remove_dots(r.path, r.npath, &path);
		} else {
			/* Merge: the base's path up to its last '/'. */
			if (b.has_auth && b.npath == 0)
				strbuf_addch(&m, '/');
			else {
				for (slash = NULL, k = 0; k < b.npath; k++)
					if (b.path[k] == '/')
						slash = b.path + k;
				if (slash != NULL)
					strbuf_add(&m, b.path,
					    (size_t)(slash - b.path) + 1);
			}
			strbuf_add(&m, r.path, r.npath);
			remove_dots(m.buf, m.len, &path);
		}
	}
	if (t.has_scheme) {
		strbuf_add(&o, t.scheme, t.nscheme);
		strbuf_addch(&o, ':');
	}
	if (t.has_auth) {
		strbuf_addstr(&o, "//");
		strbuf_add(&o, t.auth, t.nauth);
	}
	strbuf_add(&o, path.buf, path.len);
	if (t.has_query) {
		strbuf_addch(&o, '?');
		strbuf_add(&o, t.query, t.nquery);
	}
	if (r.has_frag) {
		strbuf_addch(&o, '#');
		strbuf_add(&o, r.frag, r.nfrag);
	}
	strbuf_release(&m);
	strbuf_release(&path);
	if (o.buf == NULL)
		return xstrdup("");
	return strbuf_detach(&o, NULL);
}

/* Decode %HH escapes in place; -1 on a bad one. */
static int
pct_decode(struct strbuf *sb)
{
	size_t i, j = 0;

	for (i = 0; i < sb->len; i++) {
		if (sb->buf[i] == '%') {
			if (i + 2 >= sb->len + 0 ||
			    hexdig((unsigned char)sb->buf[i + 1]) < 0 ||
			    hexdig((unsigned char)sb->buf[i + 2]) < 0)
				return -1;
			sb->buf[j++] = (char)(hexdig((unsigned char)
			    sb->buf[i + 1]) << 4 |
			    hexdig((unsigned char)sb->buf[i + 2]));
			i += 2;
		} else
			sb->buf[j++] = sb->buf[i];
	}
	strbuf_truncate(sb, j);
	return 0;
}

void
schema_pointer_add(struct strbuf *sb, const char *key, size_t n)
{
	size_t i;

	strbuf_addch(sb, '/');
	for (i = 0; i < n; i++) {
		if (key[i] == '~')
			strbuf_add(sb, "~0", 2);
		else if (key[i] == '/')
			strbuf_add(sb, "~1", 2);
		else
			strbuf_addch(sb, key[i]);
	}
}

/*
 * The compiled schema: one node per schema object, keywords read into
 * fields; references resolved to nodes.
 */
enum {
	T_NULL = 0x01,
	T_BOOLEAN = 0x02,
	T_OBJECT = 0x04,
	T_ARRAY = 0x08,
	T_NUMBER = 0x10,
	T_STRING = 0x20,
	T_INTEGER = 0x40
};

static const char *const type_names[] = {
	"null", "boolean", "object", "array", "number", "string", "integer"
};

/* Which numeric keywords a node has. */
enum {
	N_MULTIPLE = 0x01,
	N_MIN = 0x02,
	N_MAX = 0x04,
	N_XMIN = 0x08,
	N_XMAX = 0x10
};

struct snode;

struct sname {			/* a name in properties or required */
	char		*name;
	size_t		 len;
	struct snode	*schema;	/* from properties, or NULL */
	int		 required;
};

struct spat {
	struct rx	*rx;
	struct snode	*schema;
};

struct sdep {
	char		*name;
	size_t		 len;
	char		**req;		/* dependentRequired */
	size_t		*reqlen;
	size_t		 nreq;
	struct snode	*schema;	/* dependentSchemas */
};

struct snode {
	const char	*at;		/* its text: its identity */
	char		*loc;		/* JSON Pointer to it */
	char		*base;		/* base URI */
	int		 boolean;	/* -1, or the boolean schema */
	unsigned	 types;
	char		*type_msg;
	int		 has_const;
	struct jval	 constv;
	int		 has_enum;
	struct jval	 enumv;
	char		*value_msg;	/* of enum or const */
	unsigned	 num;		/* N_* */
	struct dec	 multiple, min, max, xmin, xmax;
	int64_t		 min_len, max_len;	/* -1: none */
	struct rx	*pattern;
	int		 format;	/* FMT_*, when asserted */
	const char	*format_name;
	struct snode	**prefix;
	size_t		 nprefix;
	struct snode	*items;
	struct snode	*contains;
	int64_t		 min_items, max_items;
	int64_t		 min_contains, max_contains;
	int		 unique;
	int		 has_array;
	struct sname	*names;
	size_t		 nnames;
	struct spat	*pats;
	size_t		 npats;
	struct snode	*addl;
	struct snode	*pnames;
	int64_t		 min_props, max_props;
	struct sdep	*deps;
	size_t		 ndeps;
	int		 has_object;
	int		 need_keys;
	struct snode	**all, **any, **one;
	size_t		 nall, nany, none;
	struct snode	*not;
	struct snode	*if_, *then_, *else_;
	char		*ref;		/* as written */
	const char	*ref_at;
	struct snode	*refnode;
	int		 color;		/* for the loop check */
};

struct resource {
	char		*uri;		/* absolute, no fragment */
	struct snode	*node;
	struct jval	 v;
};

struct anchor {
	char		*uri;		/* resource "#" name */
	struct snode	*node;
};

struct schema {
	char		*text;
	size_t		 len;
	struct jval	 doc;
	struct snode	*root;
	struct snode	**nodes;
	size_t		 nnodes, anodes;
	struct resource	*res;
	size_t		 nres, ares;
	struct anchor	*anc;
	size_t		 nanc, aanc;
	locale_t	 cloc;
	int		 flags;
};

/* Where a schema without an $id lives, to resolve references. */
#define DEFAULT_BASE	"sluice:///schema.json"
#define DRAFT_2020_12	"https://json-schema.org/draft/2020-12/schema"

struct cc {
	struct schema		*s;
	struct sluice_err	*err;
	struct strbuf		 loc;	/* where in the schema */
};

/* The 1-based line and column (in characters) of text + off. */
static void
text_pos(const char *text, size_t n, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < n; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80)
			(*col)++;
	}
	if (off > n)
		*col += off - n;
}

static void *
cc_fail(struct cc *cc, const char *at, const char *fmt, ...)
{
	char msg[sizeof(cc->err->msg)];
	size_t line = 1, col = 1;
	va_list ap;

	if (at != NULL)
		text_pos(cc->s->text, cc->s->len, (size_t)(at - cc->s->text),
		    &line, &col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(cc->err, col, "%s: %s", cc->loc.len ? cc->loc.buf : "(root)",
	    msg);
	cc->err->line = line;
	return NULL;
}

static size_t
loc_push(struct cc *cc, const char *key, size_t n)
{
	size_t len = cc->loc.len;

	schema_pointer_add(&cc->loc, key, n);
	return len;
}

static size_t
loc_push_index(struct cc *cc, size_t i)
{
	size_t len = cc->loc.len;

	strbuf_addf(&cc->loc, "/%zu", i);
	return len;
}

static void
loc_pop(struct cc *cc, size_t len)
{
	strbuf_truncate(&cc->loc, len);
}

static struct snode *
node_find(const struct schema *s, const char *at)
{
	size_t i;

	for (i = 0; i < s->nnodes; i++)
		if (s->nodes[i]->at == at)
			return s->nodes[i];
	return NULL;
}

static struct snode *
node_new(struct cc *cc, const char *at, const char *base)
{
	struct schema *s = cc->s;
	struct snode *n;

	n = xcalloc(1, sizeof(*n));
	n->at = at;
	n->loc = xstrdup(cc->loc.len ? cc->loc.buf : "");
	n->base = xstrdup(base);
	n->boolean = -1;
	n->min_len = n->max_len = -1;
	n->min_items = n->max_items = -1;
	n->min_contains = 1;
	n->max_contains = -1;
	n->min_props = n->max_props = -1;
	if (s->nnodes == s->anodes) {
		s->anodes = s->anodes ? s->anodes * 2 : 16;
		s->nodes = xreallocarray(s->nodes, s->anodes,
		    sizeof(*s->nodes));
	}
	s->nodes[s->nnodes++] = n;
	return n;
}

static struct resource *
resource_find(const struct schema *s, const char *uri)
{
	size_t i;

	for (i = 0; i < s->nres; i++)
		if (strcmp(s->res[i].uri, uri) == 0)
			return &s->res[i];
	return NULL;
}

static struct anchor *
anchor_find(const struct schema *s, const char *uri)
{
	size_t i;

	for (i = 0; i < s->nanc; i++)
		if (strcmp(s->anc[i].uri, uri) == 0)
			return &s->anc[i];
	return NULL;
}

/* Append a value as compact JSON, at most max bytes ("..." after). */
static void
compact(struct strbuf *sb, const struct jval *v, size_t max)
{
	const char *p = v->p, *end = v->p + v->n;
	size_t start = sb->len;
	int instr = 0;

	for (; p < end; p++) {
		if (sb->len - start >= max && ((unsigned char)*p & 0xc0) !=
		    0x80) {
			strbuf_addstr(sb, "...");
			return;
		}
		if (instr) {
			if (*p == '\\') {
				strbuf_add(sb, p, 2);
				p++;
				continue;
			}
			if (*p == '"')
				instr = 0;
		} else if (*p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r')
			continue;
		else if (*p == '"')
			instr = 1;
		strbuf_addch(sb, *p);
	}
}

static int
need_count(struct cc *cc, const struct jval *v, int64_t *out,
    const char *kw)
{
	struct dec d;

	if (v->type == JT_NUMBER) {
		dec_parse(v->p, v->n, &d);
		if (dec_count(&d, out) == 0)
			return 0;
	}
	cc_fail(cc, v->p, "%s must be a non-negative integer", kw);
	return -1;
}

static int
need_number(struct cc *cc, const struct jval *v, struct dec *d,
    const char *kw)
{
	if (v->type != JT_NUMBER) {
		cc_fail(cc, v->p, "%s must be a number", kw);
		return -1;
	}
	dec_parse(v->p, v->n, d);
	return 0;
}

/* A decoded string value, owned by the caller. */
static char *
str_dup(const struct jval *v, size_t *lenp)
{
	struct strbuf sb = STRBUF_INIT;

	jval_str_append(v, &sb);
	if (lenp != NULL)
		*lenp = sb.len;
	if (sb.buf == NULL)
		return xstrdup("");
	return strbuf_detach(&sb, NULL);
}

static struct snode *compile(struct cc *, const struct jval *,
    const char *base);

/* A keyword holding a schema. */
static int
sub_schema(struct cc *cc, const struct jval *v, const char *base,
    struct snode **out)
{
	return (*out = compile(cc, v, base)) == NULL ? -1 : 0;
}

/* A keyword holding a non-empty array of schemas. */
static int
sub_array(struct cc *cc, const struct jval *v, const char *base,
    const char *kw, struct snode ***out, size_t *nout)
{
	struct jiter it;
	struct jval e;
	size_t n = 0, l;

	if (v->type != JT_ARRAY) {
		cc_fail(cc, v->p, "%s must be an array of schemas", kw);
		return -1;
	}
	jiter_init(&it, v);
	while (jiter_next(&it, NULL, &e)) {
		*out = xreallocarray(*out, n + 1, sizeof(**out));
		l = loc_push_index(cc, n);
		(*out)[n] = compile(cc, &e, base);
		loc_pop(cc, l);
		if ((*out)[n] == NULL)
			return -1;
		*nout = ++n;
	}
	if (n == 0) {
		cc_fail(cc, v->p, "%s must not be empty", kw);
		return -1;
	}
	return 0;
}

static struct sname *
name_get(struct snode *n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n->nnames; i++)
		if (n->names[i].len == len &&
		    memcmp(n->names[i].name, name, len) == 0)
			return &n->names[i];
	n->names = xreallocarray(n->names, n->nnames + 1, sizeof(*n->names));
	memset(&n->names[n->nnames], 0, sizeof(*n->names));
	n->names[n->nnames].name = xstrndup(name, len);
	n->names[n->nnames].len = len;
	return &n->names[n->nnames++];
}

static struct sdep *
dep_get(struct snode *n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n->ndeps; i++)
		if (n->deps[i].len == len &&
		    memcmp(n->deps[i].name, name, len) == 0)
			return &n->deps[i];
	n->deps = xreallocarray(n->deps, n->ndeps + 1, sizeof(*n->deps));
	memset(&n->deps[n->ndeps], 0, sizeof(*n->deps));
	n->deps[n->ndeps].name = xstrndup(name, len);
	n->deps[n->ndeps].len = len;
	return &n->deps[n->ndeps++];
}

static int
kw_required(struct cc *cc, struct snode *n, const struct jval *v)
{
	struct jiter it;
	struct jval e;
	char *name;
	size_t len;

	if (v->type != JT_ARRAY)
		goto bad;
	jiter_init(&it, v);
	while (jiter_next(&it, NULL, &e)) {
		if (e.type != JT_STRING)
			goto bad;
		name = str_dup(&e, &len);
		name_get(n, name, len)->required = 1;
		free(name);
	}
	return 0;
bad:
	cc_fail(cc, v->p, "required must be an array of strings");
	return -1;
}

static int
kw_dep_required(struct cc *cc, struct snode *n, const struct jval *v,
    const char *kw, int legacy)
{
	struct jiter it, ie;
	struct jval k, a, e;
	struct sdep *d;
	char *name;
	size_t len;

	jiter_init(&it, v);
	while (jiter_next(&it, &k, &a)) {
		if (a.type != JT_ARRAY) {
			if (legacy)
				continue;
			goto bad;
		}
		name = str_dup(&k, &len);
		d = dep_get(n, name, len);
		free(name);
		jiter_init(&ie, &a);
		while (jiter_next(&ie, NULL, &e)) {
			if (e.type != JT_STRING)
				goto bad;
			d->req = xreallocarray(d->req, d->nreq + 1,
			    sizeof(*d->req));
			d->reqlen = xreallocarray(d->reqlen, d->nreq + 1,
			    sizeof(*d->reqlen));
			d->req[d->nreq] = str_dup(&e, &d->reqlen[d->nreq]);
			d->nreq++;
		}
	}
	return 0;
bad:
	cc_fail(cc, v->p, "%s must map names to arrays of strings", kw);
	return -1;
}

static int
kw_dep_schemas(struct cc *cc, struct snode *n, const struct jval *v,
    const char *base, int legacy)
{
	struct jiter it;
	struct jval k, a;
	struct sdep *d;
	char *name;
	size_t len, l;

	jiter_init(&it, v);
	while (jiter_next(&it, &k, &a)) {
		/* "dependencies" (draft 7) mixes both forms. */
		if (legacy && a.type == JT_ARRAY)
			continue;
		name = str_dup(&k, &len);
		l = loc_push(cc, name, len);
		d = dep_get(n, name, len);
		free(name);
		d->schema = compile(cc, &a, base);
		loc_pop(cc, l);
		if (d->schema == NULL)
			return -1;
	}
	return 0;
}

static int
kw_type(struct cc *cc, struct snode *n, const struct jval *v)
{
	struct strbuf msg = STRBUF_INIT;
	struct jiter it;
	struct jval e;
	size_t i, k = 0;
	int one = (v->type == JT_STRING);

	if (v->type != JT_STRING && v->type != JT_ARRAY)
		goto bad;
	if (one)
		e = *v;
	else
		jiter_init(&it, v);
	while (one ? k == 0 : jiter_next(&it, NULL, &e)) {
		if (e.type != JT_STRING)
			goto bad;
		for (i = 0; i < NELEM(type_names); i++)
			if (jval_str_eq(&e, type_names[i],
			    strlen(type_names[i])))
				break;
		if (i == NELEM(type_names)) {
			strbuf_release(&msg);
			cc_fail(cc, e.p, "unknown type %.*s", (int)e.n, e.p);
			return -1;
		}
		n->types |= 1U << i;
		strbuf_addstr(&msg, k++ == 0 ? "must be " : " or ");
		strbuf_addstr(&msg, type_names[i]);
	}
	if (k == 0)
		goto bad;
	n->type_msg = strbuf_detach(&msg, NULL);
	return 0;
bad:
	strbuf_release(&msg);
	cc_fail(cc, v->p, "type must be a type name or an array of them");
	return -1;
}

static int
kw_format(struct cc *cc, struct snode *n, const struct jval *v)
{
	size_t i;

	if (v->type != JT_STRING) {
		cc_fail(cc, v->p, "format must be a string");
		return -1;
	}
	if (!(cc->s->flags & SCHEMA_FORMAT_ASSERT))
		return 0;
	for (i = 0; i < NELEM(formats); i++) {
		if (!jval_str_eq(v, formats[i].name, strlen(formats[i].name)))
			continue;
		if (formats[i].fmt == FMT_UNCHECKED) {
			cc_fail(cc, v->p, "format \"%s\" cannot be asserted "
			    "(not checked here)", formats[i].name);
			return -1;
		}
		n->format = formats[i].fmt;
		n->format_name = formats[i].name;
	}
	/* Unknown formats are annotations. */
	return 0;
}

static int
kw_pattern(struct cc *cc, struct rx *rx, const struct jval *v)
{
	char why[128];
	char *src;
	size_t len;
	int r;

	if (v->type != JT_STRING) {
		cc_fail(cc, v->p, "a pattern must be a string");
		return -1;
	}
	src = str_dup(v, &len);
	r = rx_compile(rx, src, len, cc->s->cloc, why, sizeof(why));
	if (r == -1)
		cc_fail(cc, v->p, "pattern \"%.60s\": %s", src, why);
	free(src);
	return r;
}

static int
kw_properties(struct cc *cc, struct snode *n, const struct jval *v,
    const char *base)
{
	struct jiter it;
	struct jval k, e;
	struct snode *sub;
	char *name;
	size_t len, l;

	jiter_init(&it, v);
	while (jiter_next(&it, &k, &e)) {
		name = str_dup(&k, &len);
		l = loc_push(cc, name, len);
		sub = compile(cc, &e, base);
		loc_pop(cc, l);
		if (sub != NULL)
			name_get(n, name, len)->schema = sub;
		free(name);
		if (sub == NULL)
			return -1;
	}
	return 0;
}

static int
kw_pattern_properties(struct cc *cc, struct snode *n, const struct jval *v,
    const char *base)
{
	struct jiter it;
	struct jval k, e;
	struct spat *sp;
	char *name;
	size_t len, l;
	int r;

	jiter_init(&it, v);
	while (jiter_next(&it, &k, &e)) {
		n->pats = xreallocarray(n->pats, n->npats + 1,
		    sizeof(*n->pats));
		sp = &n->pats[n->npats++];
		memset(sp, 0, sizeof(*sp));
		name = str_dup(&k, &len);
		l = loc_push(cc, name, len);
		free(name);
		sp->rx = xcalloc(1, sizeof(*sp->rx));
		r = kw_pattern(cc, sp->rx, &k);
		if (r == 0)
			sp->schema = compile(cc, &e, base);
		loc_pop(cc, l);
		if (r == -1 || sp->schema == NULL)
			return -1;
	}
	return 0;
}

static int
kw_defs(struct cc *cc, const struct jval *v, const char *base)
{
	struct jiter it;
	struct jval k, e;
	struct snode *sub;
	char *name;
	size_t len, l;

	jiter_init(&it, v);
	while (jiter_next(&it, &k, &e)) {
		name = str_dup(&k, &len);
		l = loc_push(cc, name, len);
		free(name);
		sub = compile(cc, &e, base);
		loc_pop(cc, l);
		if (sub == NULL)
			return -1;
	}
	return 0;
}

/* Standard keywords of some draft that are not implemented here. */
static const char *const refused[] = {
	"$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor",
	"$vocabulary", "unevaluatedItems", "unevaluatedProperties"
};

/* Keywords that only annotate (or only matter to other keywords). */
static const char *const ignored[] = {
	"$id", "$comment", "title", "description", "default", "examples",
	"deprecated", "readOnly", "writeOnly", "contentEncoding",
	"contentMediaType", "contentSchema", "$anchor"
};

#define KW(s)	(klen == sizeof(s) - 1 && memcmp(key, s, klen) == 0)

static int
keyword(struct cc *cc, struct snode *n, const char *key, size_t klen,
    const struct jval *v)
{
	const char *base = n->base;
	size_t i;

	for (i = 0; i < NELEM(ignored); i++)
		if (strlen(ignored[i]) == klen &&
		    memcmp(ignored[i], key, klen) == 0)
			return 0;
	for (i = 0; i < NELEM(refused); i++) {
		if (strlen(refused[i]) == klen &&
		    memcmp(refused[i], key, klen) == 0) {
			cc_fail(cc, v->p, "%s is not supported", refused[i]);
			return -1;
		}
	}
	if (KW("$schema")) {
		if (v->type != JT_STRING || (!jval_str_eq(v, DRAFT_2020_12,
		    strlen(DRAFT_2020_12)) && !jval_str_eq(v, DRAFT_2020_12 "#",
		    strlen(DRAFT_2020_12) + 1))) {
			cc_fail(cc, v->p, "$schema %.*s is not supported "
			    "(only draft 2020-12)",
			    (int)(v->n < 80 ? v->n : 80), v->p);
			return -1;
		}
		return 0;
	}
	if (KW("$ref")) {
		if (v->type != JT_STRING) {
			cc_fail(cc, v->p, "$ref must be a string");
			return -1;
		}
		n->ref = str_dup(v, NULL);
		n->ref_at = v->p;
		return 0;
	}
	if (KW("$defs") || KW("definitions")) {
		if (v->type != JT_OBJECT) {
			if (KW("definitions"))
				return 0;
			cc_fail(cc, v->p, "$defs must be an object");
			return -1;
		}
		return kw_defs(cc, v, base);
	}
	if (KW("type"))
		return kw_type(cc, n, v);
	if (KW("enum")) {
		if (v->type != JT_ARRAY) {
			cc_fail(cc, v->p, "enum must be an array");
			return -1;
		}
		n->has_enum = 1;
		n->enumv = *v;
		return 0;
	}
	if (KW("const")) {
		n->has_const = 1;
		n->constv = *v;
		return 0;
	}
	if (KW("multipleOf")) {
		if (need_number(cc, v, &n->multiple, "multipleOf") == -1)
			return -1;
		if (n->multiple.zero || n->multiple.neg) {
			cc_fail(cc, v->p, "multipleOf must be > 0");
			return -1;
		}
		n->num |= N_MULTIPLE;
		return 0;
	}
	if (KW("minimum")) {
		n->num |= N_MIN;
		return need_number(cc, v, &n->min, "minimum");
	}
	if (KW("maximum")) {
		n->num |= N_MAX;
		return need_number(cc, v, &n->max, "maximum");
	}
	if (KW("exclusiveMinimum")) {
		n->num |= N_XMIN;
		return need_number(cc, v, &n->xmin, "exclusiveMinimum");
	}
	if (KW("exclusiveMaximum")) {
		n->num |= N_XMAX;
		return need_number(cc, v, &n->xmax, "exclusiveMaximum");
	}
	if (KW("minLength"))
		return need_count(cc, v, &n->min_len, "minLength");
	if (KW("maxLength"))
		return need_count(cc, v, &n->max_len, "maxLength");
	if (KW("pattern")) {
		n->pattern = xcalloc(1, sizeof(*n->pattern));
		return kw_pattern(cc, n->pattern, v);
	}
	if (KW("format"))
		return kw_format(cc, n, v);
	if (KW("minItems"))
		return need_count(cc, v, &n->min_items, "minItems");
	if (KW("maxItems"))
		return need_count(cc, v, &n->max_items, "maxItems");
	if (KW("minContains"))
		return need_count(cc, v, &n->min_contains, "minContains");
	if (KW("maxContains"))
		return need_count(cc, v, &n->max_contains, "maxContains");
	if (KW("uniqueItems")) {
		if (v->type != JT_TRUE && v->type != JT_FALSE) {
			cc_fail(cc, v->p, "uniqueItems must be a boolean");
			return -1;
		}
		n->unique = (v->type == JT_TRUE);
		return 0;
	}
	if (KW("minProperties"))
		return need_count(cc, v, &n->min_props, "minProperties");
	if (KW("maxProperties"))
		return need_count(cc, v, &n->max_props, "maxProperties");
	if (KW("required"))
		return kw_required(cc, n, v);
	if (KW("items")) {
		if (v->type == JT_ARRAY) {
			cc_fail(cc, v->p, "an array of items is draft "
			    "2019-09 or older: use prefixItems");
			return -1;
		}
		return sub_schema(cc, v, base, &n->items);
	}
	if (KW("additionalItems")) {
		cc_fail(cc, v->p, "additionalItems is draft 2019-09 or "
		    "older: use items");
		return -1;
	}
	if (KW("prefixItems"))
		return sub_array(cc, v, base, "prefixItems", &n->prefix,
		    &n->nprefix);
	if (KW("contains"))
		return sub_schema(cc, v, base, &n->contains);
	if (KW("additionalProperties"))
		return sub_schema(cc, v, base, &n->addl);
	if (KW("propertyNames"))
		return sub_schema(cc, v, base, &n->pnames);
	if (KW("not"))
		return sub_schema(cc, v, base, &n->not);
	if (KW("if"))
		return sub_schema(cc, v, base, &n->if_);
	if (KW("then"))
		return sub_schema(cc, v, base, &n->then_);
	if (KW("else"))
		return sub_schema(cc, v, base, &n->else_);
	if (KW("allOf"))
		return sub_array(cc, v, base, "allOf", &n->all, &n->nall);
	if (KW("anyOf"))
		return sub_array(cc, v, base, "anyOf", &n->any, &n->nany);
	if (KW("oneOf"))
		return sub_array(cc, v, base, "oneOf", &n->one, &n->none);
	if (v->type != JT_OBJECT && (KW("properties") ||
	    KW("patternProperties") || KW("dependentRequired") ||
	    KW("dependentSchemas") || KW("dependencies"))) {
		cc_fail(cc, v->p, "%.*s must be an object", (int)klen, key);
		return -1;
	}
	if (KW("properties"))
		return kw_properties(cc, n, v, base);
	if (KW("patternProperties"))
		return kw_pattern_properties(cc, n, v, base);
	if (KW("dependentRequired"))
		return kw_dep_required(cc, n, v, "dependentRequired", 0);
	if (KW("dependentSchemas"))
		return kw_dep_schemas(cc, n, v, base, 0);
	if (KW("dependencies")) {
		/* Draft 7: arrays are dependentRequired, else schemas. */
		if (kw_dep_required(cc, n, v, "dependencies", 1) == -1)
			return -1;
		return kw_dep_schemas(cc, n, v, base, 1);
	}
	/* Not a keyword of this draft: ignored. */
	return 0;
}

static int
add_resource(struct cc *cc, const char *uri, struct snode *n,
    const struct jval *v)
{
	struct schema *s = cc->s;

	if (resource_find(s, uri) != NULL) {
		cc_fail(cc, v->p, "$id %s is used twice", uri);
		return -1;
	}
	if (s->nres == s->ares) {
		s->ares = s->ares ? s->ares * 2 : 8;
		s->res = xreallocarray(s->res, s->ares, sizeof(*s->res));
	}
	s->res[s->nres].uri = xstrdup(uri);
	s->res[s->nres].node = n;
	s->res[s->nres].v = *v;
	s->nres++;
	return 0;
}

static int
add_anchor(struct cc *cc, struct snode *n, const struct jval *v)
{
	struct schema *s = cc->s;
	struct strbuf uri = STRBUF_INIT;
	const char *hash;
	char *name;
	size_t len;

	if (v->type != JT_STRING) {
		cc_fail(cc, v->p, "$anchor must be a string");
		return -1;
	}
	name = str_dup(v, &len);
	hash = strchr(n->base, '#');
	strbuf_add(&uri, n->base, hash ? (size_t)(hash - n->base) :
	    strlen(n->base));
	strbuf_addch(&uri, '#');
	strbuf_addstr(&uri, name);
	free(name);
	if (anchor_find(s, uri.buf) != NULL) {
		cc_fail(cc, v->p, "$anchor %s is used twice", uri.buf);
		strbuf_release(&uri);
		return -1;
	}
	if (s->nanc == s->aanc) {
		s->aanc = s->aanc ? s->aanc * 2 : 8;
		s->anc = xreallocarray(s->anc, s->aanc, sizeof(*s->anc));
	}
	s->anc[s->nanc].uri = strbuf_detach(&uri, NULL);
	s->anc[s->nanc].node = n;
	s->nanc++;
	return 0;
}

/* Compile the schema at v (base: the base URI around it). */
static struct snode *
compile(struct cc *cc, const struct jval *v, const char *base)
{
	struct strbuf kb = STRBUF_INIT;
	struct snode *n;
	struct jiter it;
	struct jval k, e, id;
	const char *key;
	char *uri, *s;
	size_t klen, l;
	int r = 0;

	if ((n = node_find(cc->s, v->p)) != NULL)
		return n;
	if (v->type == JT_TRUE || v->type == JT_FALSE) {
		n = node_new(cc, v->p, base);
		n->boolean = (v->type == JT_TRUE);
		return n;
	}
	if (v->type != JT_OBJECT)
		return cc_fail(cc, v->p, "a schema must be an object or a "
		    "boolean");
	n = node_new(cc, v->p, base);
	/* $id first: it sets the base of everything beside it. */
	if (jval_find(v, "$id", 3, &id)) {
		if (id.type != JT_STRING)
			return cc_fail(cc, id.p, "$id must be a string");
		s = str_dup(&id, NULL);
		uri = uri_resolve(base, s);
		free(s);
		l = strlen(uri);
		if (l > 0 && uri[l - 1] == '#')
			uri[--l] = '\0';
		if (strchr(uri, '#') != NULL) {
			free(uri);
			return cc_fail(cc, id.p, "$id must not have a "
			    "fragment");
		}
		free(n->base);
		n->base = uri;
		if (add_resource(cc, uri, n, v) == -1)
			return NULL;
	}
	if (jval_find(v, "$anchor", 7, &e) && add_anchor(cc, n, &e) == -1)
		return NULL;
	jiter_init(&it, v);
	while (r == 0 && jiter_next(&it, &k, &e)) {
		key = jval_str(&k, &kb, &klen);
		l = loc_push(cc, key, klen);
		r = keyword(cc, n, key, klen, &e);
		loc_pop(cc, l);
	}
	strbuf_release(&kb);
	if (r == -1)
		return NULL;
	n->has_array = n->nprefix || n->items || n->contains ||
	    n->min_items >= 0 || n->max_items >= 0 || n->unique;
	n->need_keys = n->nnames || n->npats || n->addl || n->pnames;
	n->has_object = n->need_keys || n->min_props >= 0 ||
	    n->max_props >= 0 || n->ndeps;
	if (n->has_enum || n->has_const) {
		struct strbuf msg = STRBUF_INIT;
		struct jiter ie;
		int first = 1;

		if (n->has_const) {
			strbuf_addstr(&msg, "must be equal to ");
			compact(&msg, &n->constv, 80);
		} else {
			strbuf_addstr(&msg, "must be one of ");
			jiter_init(&ie, &n->enumv);
			while (jiter_next(&ie, NULL, &e)) {
				if (msg.len > 100) {
					strbuf_addstr(&msg, ", ...");
					break;
				}
				if (!first)
					strbuf_addstr(&msg, ", ");
				first = 0;
				compact(&msg, &e, 60);
			}
			if (first)
				strbuf_addstr(&msg, "nothing (empty enum)");
		}
		n->value_msg = strbuf_detach(&msg, NULL);
	}
	return n;
}

/* Follow a JSON Pointer (decoded) from v; 1 if found. */
static int
pointer_walk(const struct jval *v, const char *ptr, struct jval *out)
{
	struct strbuf tok = STRBUF_INIT;
	struct jval cur = *v, next;
	const char *p = ptr, *q;
	char *end;
	long idx;
	int found = 1;

	while (found && *p == '/') {
		strbuf_reset(&tok);
		for (q = ++p; *q != '\0' && *q != '/'; q++) {
			if (*q == '~' && q[1] == '1') {
				strbuf_addch(&tok, '/');
				q++;
			} else if (*q == '~' && q[1] == '0') {
				strbuf_addch(&tok, '~');
				q++;
			} else
				strbuf_addch(&tok, *q);
		}
		p = q;
		if (cur.type == JT_OBJECT)
			found = jval_find(&cur, tok.buf ? tok.buf : "",
			    tok.len, &next);
		else if (cur.type == JT_ARRAY && tok.len > 0 &&
		    (tok.buf[0] != '0' || tok.len == 1) &&
		    tok.buf[0] >= '0' && tok.buf[0] <= '9') {
			idx = strtol(tok.buf, &end, 10);
			found = *end == '\0' && jval_index(&cur, idx, &next);
		} else
			found = 0;
		cur = next;
	}
	strbuf_release(&tok);
	if (found && *p != '\0')
		found = 0;
	if (found)
		*out = cur;
	return found;
}

static int
resolve_ref(struct cc *cc, struct snode *n)
{
	struct strbuf frag = STRBUF_INIT;
	struct resource *res;
	struct anchor *a;
	struct jval target;
	char *uri, *hash;
	int rv = -1;

	uri = uri_resolve(n->base, n->ref);
	if ((hash = strchr(uri, '#')) != NULL) {
		strbuf_addstr(&frag, hash + 1);
		*hash = '\0';
	}
	strbuf_reset(&cc->loc);
	strbuf_addstr(&cc->loc, n->loc);
	strbuf_addstr(&cc->loc, "/$ref");
	if ((res = resource_find(cc->s, uri)) == NULL) {
		cc_fail(cc, n->ref_at, "$ref \"%.60s\" is not in this schema "
		    "(remote references are not supported)", n->ref);
		goto out;
	}
	if (frag.len > 0 && pct_decode(&frag) == -1) {
		cc_fail(cc, n->ref_at, "$ref \"%.60s\": bad %%-escape", n->ref);
		goto out;
	}
	if (frag.len == 0) {
		n->refnode = res->node;
	} else if (frag.buf[0] == '/') {
		if (!pointer_walk(&res->v, frag.buf, &target)) {
			cc_fail(cc, n->ref_at, "$ref \"%.60s\": no such "
			    "location", n->ref);
			goto out;
		}
		strbuf_reset(&cc->loc);
		if (res->node == cc->s->root)
			strbuf_add(&cc->loc, frag.buf, frag.len);
		else
			strbuf_addf(&cc->loc, "%s(%s)", n->loc, n->ref);
		if ((n->refnode = compile(cc, &target,
		    res->node->base)) == NULL)
			goto out;
	} else {
		/* An anchor: look up "uri#name". */
		strbuf_reset(&cc->loc);
		strbuf_addf(&cc->loc, "%s#%s", uri, frag.buf);
		a = anchor_find(cc->s, cc->loc.buf);
		strbuf_reset(&cc->loc);
		strbuf_addstr(&cc->loc, n->loc);
		strbuf_addstr(&cc->loc, "/$ref");
		if (a == NULL) {
			cc_fail(cc, n->ref_at, "$ref \"%.60s\": no such "
			    "$anchor", n->ref);
			goto out;
		}
		n->refnode = a->node;
	}
	rv = 0;
out:
	free(uri);
	strbuf_release(&frag);
	return rv;
}

/*
 * A schema that applies itself to the same value without going down
 * into it ({"$ref": "#"}, or through allOf, not, if...) never ends.
 */
static int
loop_check(struct cc *cc, struct snode *n)
{
	size_t i;
	int r = 0;

	if (n == NULL || n->color == 2)
		return 0;
	if (n->color == 1) {
		strbuf_reset(&cc->loc);
		strbuf_addstr(&cc->loc, n->loc);
		cc_fail(cc, n->at, "this schema refers to itself without "
		    "going into the value (an endless loop)");
		return -1;
	}
	n->color = 1;
	r |= loop_check(cc, n->refnode);
	for (i = 0; i < n->nall; i++)
		r |= loop_check(cc, n->all[i]);
	for (i = 0; i < n->nany; i++)
		r |= loop_check(cc, n->any[i]);
	for (i = 0; i < n->none; i++)
		r |= loop_check(cc, n->one[i]);
	for (i = 0; i < n->ndeps; i++)
		r |= loop_check(cc, n->deps[i].schema);
	r |= loop_check(cc, n->not);
	r |= loop_check(cc, n->if_);
	r |= loop_check(cc, n->then_);
	r |= loop_check(cc, n->else_);
	n->color = 2;
	return r ? -1 : 0;
}

struct schema *
schema_compile(const char *text, size_t n, int flags, struct sluice_err *err)
{
	struct schema *s;
	struct cc cc;
	size_t i;

	s = xcalloc(1, sizeof(*s));
	s->flags = flags;
	s->text = xmalloc(n + 1);
	memcpy(s->text, text, n);
	s->text[n] = '\0';
	s->len = n;
	memset(&cc, 0, sizeof(cc));
	cc.s = s;
	cc.err = err;
	if ((s->cloc = newlocale(LC_CTYPE_MASK, "C", (locale_t)0)) ==
	    (locale_t)0) {
		err_set(err, 0, "cannot make the C locale");
		goto fail;
	}
	if (scan_document(s->text, n, &s->doc, err) == -1) {
		text_pos(s->text, n, err->col > 0 ? err->col - 1 : 0,
		    &err->line, &err->col);
		goto fail;
	}
	/* The document itself is a resource, whatever its $id says. */
	if ((s->root = compile(&cc, &s->doc, DEFAULT_BASE)) == NULL)
		goto fail;
	if (resource_find(s, DEFAULT_BASE) == NULL &&
	    add_resource(&cc, DEFAULT_BASE, s->root, &s->doc) == -1)
		goto fail;
	for (i = 0; i < s->nnodes; i++)
		if (s->nodes[i]->ref != NULL && s->nodes[i]->refnode == NULL &&
		    resolve_ref(&cc, s->nodes[i]) == -1)
			goto fail;
	for (i = 0; i < s->nnodes; i++)
		if (loop_check(&cc, s->nodes[i]) == -1)
			goto fail;
	strbuf_release(&cc.loc);
	return s;
fail:
	strbuf_release(&cc.loc);
	schema_free(s);
	return NULL;
}

static void
node_free(struct snode *n)
{
	size_t i, j;

	free(n->loc);
	free(n->base);
	free(n->type_msg);
	free(n->value_msg);
	if (n->pattern != NULL) {
		rx_free(n->pattern);
		free(n->pattern);
	}
	free(n->prefix);
	for (i = 0; i < n->nnames; i++)
		free(n->names[i].name);
	free(n->names);
	for (i = 0; i < n->npats; i++)
		if (n->pats[i].rx != NULL) {
			rx_free(n->pats[i].rx);
			free(n->pats[i].rx);
		}
	free(n->pats);
	for (i = 0; i < n->ndeps; i++) {
		free(n->deps[i].name);
		for (j = 0; j < n->deps[i].nreq; j++)
			free(n->deps[i].req[j]);
		free(n->deps[i].req);
		free(n->deps[i].reqlen);
	}
	free(n->deps);
	free(n->all);
	free(n->any);
	free(n->one);
	free(n->ref);
	free(n);
}

void
schema_free(struct schema *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nnodes; i++)
		node_free(s->nodes[i]);
	free(s->nodes);
	for (i = 0; i < s->nres; i++)
		free(s->res[i].uri);
	free(s->res);
	for (i = 0; i < s->nanc; i++)
		free(s->anc[i].uri);
	free(s->anc);
	if (s->cloc != (locale_t)0)
		freelocale(s->cloc);
	free(s->text);
	free(s);
}

/*
 * Validation.  One walk serves both modes: without collect it returns
 * at the first failure and builds nothing; with collect it goes on,
 * keeps the instance location in run->path and records every error.
 * Subschemas whose failure is not an error by itself (anyOf, oneOf,
 * not, if, contains) are always run without collect.
 */
#define VALIDATE_MAX_DEPTH	20000

struct vctx {
	const struct schema	*s;
	struct schema_run	*r;
	int			 collect;
	int			 depth;
};

static void
verr(struct vctx *c, const char *kw, const char *fmt, ...)
{
	struct schema_run *r = c->r;
	struct schema_errent *e;
	char buf[512];
	va_list ap;

	if (r->n >= r->max) {
		r->more++;
		return;
	}
	if (r->n == r->ae) {
		r->ae = r->ae ? r->ae * 2 : 16;
		r->e = xreallocarray(r->e, r->ae, sizeof(*r->e));
	}
	e = &r->e[r->n++];
	e->keyword = kw;
	e->path = r->text.len;
	strbuf_add(&r->text, r->path.buf, r->path.len);
	strbuf_addch(&r->text, '\0');
	e->msg = r->text.len;
	if (r->prefix != NULL)
		strbuf_addstr(&r->text, r->prefix);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* A cut may have split a character. */
	strbuf_add(&r->text, buf, utf8_valid_prefix(buf, strlen(buf)));
	strbuf_addch(&r->text, '\0');
}

static int v_node(struct vctx *, const struct snode *, const struct jval *);

/* v_node without collecting (for anyOf, not...). */
static int
v_test(struct vctx *c, const struct snode *n, const struct jval *v)
{
	int save = c->collect, ok;

	c->collect = 0;
	ok = v_node(c, n, v);
	c->collect = save;
	return ok;
}

/*
 * A subschema on a member or element (the path is pushed already); a
 * false schema there is reported by the keyword that put it there.
 */
static int
v_sub(struct vctx *c, const struct snode *n, const struct jval *v,
    const char *kw, const char *msg)
{
	if (n->boolean == 0) {
		if (c->collect)
			verr(c, kw, "%s", msg);
		return 0;
	}
	return v_node(c, n, v);
}

static int
type_ok(const struct snode *n, const struct jval *v)
{
	struct dec d;

	switch (v->type) {
	case JT_NULL:
		return n->types & T_NULL;
	case JT_TRUE:
	case JT_FALSE:
		return n->types & T_BOOLEAN;
	case JT_OBJECT:
		return n->types & T_OBJECT;
	case JT_ARRAY:
		return n->types & T_ARRAY;
	case JT_STRING:
		return n->types & T_STRING;
	case JT_NUMBER:
		if (n->types & T_NUMBER)
			return 1;
		if (!(n->types & T_INTEGER))
			return 0;
		if (v->flags & JV_INTEGER)
			return 1;
		dec_parse(v->p, v->n, &d);
		return dec_is_int(&d);
	default:
		return 0;
	}
}

static long
name_find(const struct snode *n, const char *k, size_t kn)
{
	size_t i;

	for (i = 0; i < n->nnames; i++)
		if (n->names[i].len == kn &&
		    memcmp(n->names[i].name, k, kn) == 0)
			return (long)i;
	return -1;
}

#define FAIL()	do { ok = 0; if (!c->collect) goto done; } while (0)

static int
v_number(struct vctx *c, const struct snode *n, const struct jval *v)
{
	struct dec d;
	int ok = 1;

	dec_parse(v->p, v->n, &d);
	if ((n->num & N_MIN) && dec_cmp(&d, &n->min) < 0) {
		FAIL();
		verr(c, "minimum", "must be >= %.*s", (int)n->min.n,
		    n->min.s);
	}
	if ((n->num & N_MAX) && dec_cmp(&d, &n->max) > 0) {
		FAIL();
		verr(c, "maximum", "must be <= %.*s", (int)n->max.n,
		    n->max.s);
	}
	if ((n->num & N_XMIN) && dec_cmp(&d, &n->xmin) <= 0) {
		FAIL();
		verr(c, "exclusiveMinimum", "must be > %.*s", (int)n->xmin.n,
		    n->xmin.s);
	}
	if ((n->num & N_XMAX) && dec_cmp(&d, &n->xmax) >= 0) {
		FAIL();
		verr(c, "exclusiveMaximum", "must be < %.*s", (int)n->xmax.n,
		    n->xmax.s);
	}
	if ((n->num & N_MULTIPLE) && !dec_multiple(&d, &n->multiple)) {
		FAIL();
		verr(c, "multipleOf", "must be a multiple of %.*s",
		    (int)n->multiple.n, n->multiple.s);
	}
done:
	return ok;
}

static int
v_string(struct vctx *c, const struct snode *n, const struct jval *v)
{
	const char *s;
	size_t len;
	int ok = 1;

	if (n->min_len >= 0 || n->max_len >= 0) {
		len = str_length(v);
		if (n->min_len >= 0 && len < (uint64_t)n->min_len) {
			FAIL();
			verr(c, "minLength", "must be at least %lld "
			    "character%s long", (long long)n->min_len,
			    n->min_len == 1 ? "" : "s");
		}
		if (n->max_len >= 0 && len > (uint64_t)n->max_len) {
			FAIL();
			verr(c, "maxLength", "must be at most %lld "
			    "character%s long", (long long)n->max_len,
			    n->max_len == 1 ? "" : "s");
		}
	}
	if (n->pattern == NULL && n->format <= FMT_UNCHECKED)
		goto done;
	s = jval_str(v, &c->r->s1, &len);
	if (n->pattern != NULL && !rx_match(n->pattern, s, len, c->s->cloc,
	    &c->r->s2)) {
		FAIL();
		verr(c, "pattern", "must match pattern %s", n->pattern->src);
	}
	if (n->format > FMT_UNCHECKED && !fmt_check(n->format, s, len)) {
		FAIL();
		verr(c, "format", "must be a valid %s", n->format_name);
	}
done:
	return ok;
}

/*
 * uniqueItems on a long array: hash every item so that JSON-equal items
 * hash alike, sort, and compare only items with the same hash.
 */
#define UNIQUE_PAIRWISE	16

struct hitem {
	uint64_t	 h;
	size_t		 i;
	struct jval	 v;
};

static uint64_t
hmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t
hbytes(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t
json_hash(const struct jval *v, struct schema_run *r)
{
	struct jiter it;
	struct jval k, e;
	struct dec d;
	const char *p;
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)v->type, m;
	size_t i, n;
	char dg;

	switch (v->type) {
	case JT_NUMBER:
		dec_parse(v->p, v->n, &d);
		if (d.zero)
			return hmix(h);
		h = hbytes(h, d.neg ? "-" : "+", 1);
		h = hbytes(h, (const char *)&d.exp, sizeof(d.exp));
		p = d.p;
		for (i = 0; i < d.ndig; i++) {
			dg = (char)dec_next(&p);
			h = hbytes(h, &dg, 1);
		}
		return hmix(h);
	case JT_STRING:
		p = jval_str(v, &r->s1, &n);
		return hmix(hbytes(h, p, n));
	case JT_ARRAY:
		jiter_init(&it, v);
		while (jiter_next(&it, NULL, &e))
			h = hmix(h + json_hash(&e, r));
		return h;
	case JT_OBJECT:
		/* Members in any order hash alike: add them up. */
		m = 0;
		jiter_init(&it, v);
		while (jiter_next(&it, &k, &e))
			m += hmix(json_hash(&k, r) * 31 + json_hash(&e, r));
		return hmix(h + m);
	default:
		return hmix(h);
	}
}

static int
hitem_cmp(const void *a, const void *b)
{
	const struct hitem *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Whether two items are equal; *a and *b get the first such pair. */
static int
unique_hashed(struct schema_run *r, const struct jval *v, size_t count,
    size_t *a, size_t *b)
{
	struct hitem *it;
	struct jiter ji;
	struct jval e;
	size_t i, j, n = 0;
	int dup = 0;

	if (count > r->aitems) {
		r->items = xreallocarray(r->items, count, sizeof(*it));
		r->aitems = count;
	}
	it = r->items;
	jiter_init(&ji, v);
	while (n < count && jiter_next(&ji, NULL, &e)) {
		it[n].v = e;
		it[n].i = n;
		it[n].h = json_hash(&e, r);
		n++;
	}
	qsort(it, n, sizeof(*it), hitem_cmp);
	*a = *b = 0;
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n && it[j].h == it[i].h; j++) {
			if (!jv_equal(&it[i].v, &it[j].v, r))
				continue;
			if (!dup || it[i].i < *a ||
			    (it[i].i == *a && it[j].i < *b)) {
				*a = it[i].i;
				*b = it[j].i;
			}
			dup = 1;
		}
	}
	return dup;
}

static int
v_array(struct vctx *c, const struct snode *n, const struct jval *v)
{
	struct schema_run *r = c->r;
	struct jiter it, jt;
	struct jval e, f;
	const struct snode *sub;
	size_t count = 0, matches = 0, plen = r->path.len, i, j;
	int ok = 1, dup;

	jiter_init(&it, v);
	while (jiter_next(&it, NULL, &e)) {
		sub = count < n->nprefix ? n->prefix[count] : n->items;
		if (sub != NULL) {
			if (c->collect)
				strbuf_addf(&r->path, "/%zu", count);
			if (!v_sub(c, sub, &e, count < n->nprefix ?
			    "prefixItems" : "items", "item is not allowed")) {
				strbuf_truncate(&r->path, plen);
				FAIL();
			}
			strbuf_truncate(&r->path, plen);
		}
		if (n->contains != NULL && v_test(c, n->contains, &e))
			matches++;
		count++;
	}
	if (n->min_items >= 0 && count < (uint64_t)n->min_items) {
		FAIL();
		verr(c, "minItems", "must have at least %lld item%s",
		    (long long)n->min_items, n->min_items == 1 ? "" : "s");
	}
	if (n->max_items >= 0 && count > (uint64_t)n->max_items) {
		FAIL();
		verr(c, "maxItems", "must have at most %lld item%s",
		    (long long)n->max_items, n->max_items == 1 ? "" : "s");
	}
	if (n->contains != NULL) {
		if (matches < (uint64_t)n->min_contains) {
			FAIL();
			if (n->min_contains == 1)
				verr(c, "contains", "must contain an item "
				    "matching contains");
			else
				verr(c, "minContains", "must contain at least "
				    "%lld items matching contains",
				    (long long)n->min_contains);
		}
		if (n->max_contains >= 0 &&
		    matches > (uint64_t)n->max_contains) {
			FAIL();
			verr(c, "maxContains", "must contain at most %lld "
			    "item%s matching contains",
			    (long long)n->max_contains,
			    n->max_contains == 1 ? "" : "s");
		}
	}
	if (n->unique && count > 1) {
		dup = 0;
		if (count > UNIQUE_PAIRWISE) {
			dup = unique_hashed(r, v, count, &i, &j);
		} else {
			jiter_init(&it, v);
			for (i = 0; !dup && jiter_next(&it, NULL, &e); i++) {
				jt = it;
				for (j = i + 1; jiter_next(&jt, NULL, &f); j++)
					if ((dup = jv_equal(&e, &f, r)) != 0)
						break;
			}
			i--;
		}
		if (dup) {
			FAIL();
			verr(c, "uniqueItems", "must not have duplicate items "
			    "(items %zu and %zu are equal)", i, j);
		}
	}
done:
	return ok;
}

static int
v_object(struct vctx *c, const struct snode *n, const struct jval *v)
{
	struct schema_run *r = c->r;
	struct jiter it;
	struct jval k, e, x;
	const struct sname *nm;
	const struct sdep *d;
	const char *kp;
	const char *save;
	uint64_t seen = 0;
	size_t count = 0, koff, kn, plen = r->path.len, i, j;
	long idx;
	int ok = 1, matched;

	jiter_init(&it, v);
	while (jiter_next(&it, &k, &e)) {
		count++;
		if (!n->need_keys)
			continue;
		koff = r->keys.len;
		if (k.flags & JV_ESCAPED) {
			jval_str_append(&k, &r->keys);
			kn = r->keys.len - koff;
		} else
			kn = k.n - 2;
#define KEYP	((k.flags & JV_ESCAPED) ? r->keys.buf + koff : k.p + 1)
		if (c->collect)
			schema_pointer_add(&r->path, KEYP, kn);
		matched = 0;
		if (n->nnames > 0 && (idx = name_find(n, KEYP, kn)) >= 0) {
			nm = &n->names[idx];
			if (idx < 64)
				seen |= (uint64_t)1 << idx;
			if (nm->schema != NULL) {
				matched = 1;
				if (!v_sub(c, nm->schema, &e, "properties",
				    "property is not allowed"))
					ok = 0;
			}
		}
		for (i = 0; i < n->npats && (ok || c->collect); i++) {
			kp = KEYP;
			if (!rx_match(n->pats[i].rx, kp, kn, c->s->cloc,
			    &r->s2))
				continue;
			matched = 1;
			if (!v_sub(c, n->pats[i].schema, &e,
			    "patternProperties", "property is not allowed"))
				ok = 0;
		}
		if (!matched && n->addl != NULL && (ok || c->collect) &&
		    !v_sub(c, n->addl, &e, "additionalProperties",
		    "property is not allowed"))
			ok = 0;
		if (n->pnames != NULL && (ok || c->collect)) {
			save = r->prefix;
			r->prefix = "property name ";
			if (!v_sub(c, n->pnames, &k, "propertyNames",
			    "is not allowed"))
				ok = 0;
			r->prefix = save;
		}
#undef KEYP
		strbuf_truncate(&r->path, plen);
		strbuf_truncate(&r->keys, koff);
		if (!ok && !c->collect)
			goto done;
	}
	if (n->min_props >= 0 && count < (uint64_t)n->min_props) {
		FAIL();
		verr(c, "minProperties", "must have at least %lld "
		    "propert%s", (long long)n->min_props,
		    n->min_props == 1 ? "y" : "ies");
	}
	if (n->max_props >= 0 && count > (uint64_t)n->max_props) {
		FAIL();
		verr(c, "maxProperties", "must have at most %lld "
		    "propert%s", (long long)n->max_props,
		    n->max_props == 1 ? "y" : "ies");
	}
	for (i = 0; i < n->nnames; i++) {
		nm = &n->names[i];
		if (!nm->required)
			continue;
		if (i < 64 ? ((seen >> i) & 1) != 0 : jval_find(v, nm->name,
		    nm->len, &x))
			continue;
		FAIL();
		schema_pointer_add(&r->path, nm->name, nm->len);
		verr(c, "required", "required property is missing");
		strbuf_truncate(&r->path, plen);
	}
	for (i = 0; i < n->ndeps; i++) {
		d = &n->deps[i];
		if (!jval_find(v, d->name, d->len, &x))
			continue;
		for (j = 0; j < d->nreq; j++) {
			if (jval_find(v, d->req[j], d->reqlen[j], &x))
				continue;
			FAIL();
			schema_pointer_add(&r->path, d->req[j], d->reqlen[j]);
			verr(c, "dependentRequired", "required property is "
			    "missing (because \"%s\" is present)", d->name);
			strbuf_truncate(&r->path, plen);
		}
		if (d->schema != NULL && !v_node(c, d->schema, v))
			FAIL();
	}
done:
	return ok;
}

static int
v_node(struct vctx *c, const struct snode *n, const struct jval *v)
{
	size_t i, k, first = 0, second = 0;
	int ok = 1;

	if (n->boolean >= 0) {
		if (!n->boolean && c->collect)
			verr(c, "false", "no value is allowed here");
		return n->boolean;
	}
	if (++c->depth > VALIDATE_MAX_DEPTH) {
		ok = 0;
		if (c->collect)
			verr(c, "$ref", "the schema nests too deep here");
		goto done;
	}
	if (n->types != 0 && !type_ok(n, v)) {
		FAIL();
		verr(c, "type", "%s", n->type_msg);
	}
	if (n->has_const && !jv_equal(v, &n->constv, c->r)) {
		FAIL();
		verr(c, "const", "%s", n->value_msg);
	}
	if (n->has_enum) {
		struct jiter it;
		struct jval e;
		int found = 0;

		jiter_init(&it, &n->enumv);
		while (!found && jiter_next(&it, NULL, &e))
			found = jv_equal(v, &e, c->r);
		if (!found) {
			FAIL();
			verr(c, "enum", "%s", n->value_msg);
		}
	}
	switch (v->type) {
	case JT_NUMBER:
		if (n->num != 0 && !v_number(c, n, v))
			FAIL();
		break;
	case JT_STRING:
		if (!v_string(c, n, v))
			FAIL();
		break;
	case JT_ARRAY:
		if (n->has_array && !v_array(c, n, v))
			FAIL();
		break;
	case JT_OBJECT:
		if (n->has_object && !v_object(c, n, v))
			FAIL();
		break;
	default:
		break;
	}
	if (n->refnode != NULL && !v_node(c, n->refnode, v))
		FAIL();
	for (i = 0; i < n->nall; i++)
		if (!v_node(c, n->all[i], v))
			FAIL();
	if (n->nany > 0) {
		for (i = 0; i < n->nany; i++)
			if (v_test(c, n->any[i], v))
				break;
		if (i == n->nany) {
			FAIL();
			verr(c, "anyOf", "must match a schema in anyOf");
		}
	}
	if (n->none > 0) {
		for (i = k = 0; i < n->none && (k < 2 || c->collect); i++) {
			if (v_test(c, n->one[i], v)) {
				if (k == 0)
					first = i;
				else if (k == 1)
					second = i;
				k++;
			}
		}
		if (k == 0) {
			FAIL();
			verr(c, "oneOf", "must match exactly one schema in "
			    "oneOf (matches none)");
		} else if (k > 1) {
			FAIL();
			verr(c, "oneOf", "must match exactly one schema in "
			    "oneOf (matches %zu: %zu, %zu%s)", k, first,
			    second, k > 2 ? ", ..." : "");
		}
	}
	if (n->not != NULL && v_test(c, n->not, v)) {
		FAIL();
		verr(c, "not", "must not match the schema in not");
	}
	if (n->if_ != NULL) {
		if (v_test(c, n->if_, v)) {
			if (n->then_ != NULL && !v_node(c, n->then_, v))
				FAIL();
		} else if (n->else_ != NULL && !v_node(c, n->else_, v))
			FAIL();
	}
done:
	c->depth--;
	return ok;
}

#undef FAIL

int
schema_validate(const struct schema *s, const struct jval *v,
    struct schema_run *r, int collect)
{
	struct vctx c;
	int ok;

	c.s = s;
	c.r = r;
	c.collect = collect;
	c.depth = 0;
	strbuf_reset(&r->path);
	strbuf_reset(&r->keys);
	r->prefix = NULL;
	ok = v_node(&c, s->root, v);
	return ok;
}

void
schema_run_init(struct schema_run *r, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->max = max;
	/* Buffers always exist, so their buf is never NULL. */
	strbuf_grow(&r->text, 256);
	strbuf_grow(&r->path, 64);
	strbuf_grow(&r->keys, 64);
	strbuf_grow(&r->s1, 64);
	strbuf_grow(&r->s2, 64);
}

void
schema_run_reset(struct schema_run *r)
{
	r->n = 0;
	r->more = 0;
	strbuf_reset(&r->text);
}

void
schema_run_release(struct schema_run *r)
{
	free(r->e);
	free(r->items);
	strbuf_release(&r->text);
	strbuf_release(&r->path);
	strbuf_release(&r->keys);
	strbuf_release(&r->s1);
	strbuf_release(&r->s2);
	memset(r, 0, sizeof(*r));
}

size_t
schema_run_count(const struct schema_run *r)
{
	return r->n;
}

void
schema_run_error(const struct schema_run *r, size_t i,
    struct schema_error *e)
{
	e->path = r->text.buf + r->e[i].path;
	e->keyword = r->e[i].keyword;
	e->message = r->text.buf + r->e[i].msg;
}

void
schema_run_add(struct schema_run *r, const char *path, const char *keyword,
    const char *fmt, ...)
{
	struct vctx c;
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	memset(&c, 0, sizeof(c));
	c.r = r;
	strbuf_reset(&r->path);
	strbuf_addstr(&r->path, path);
	r->prefix = NULL;
	verr(&c, keyword, "%s", buf);
	strbuf_reset(&r->path);
}

int
schema_type_bits(const char *list, unsigned *bits)
{
	const char *p = list, *q;
	size_t i;

	*bits = 0;
	for (;;) {
		for (q = p; *q != '\0' && *q != '|'; q++)
			;
		for (i = 0; i < NELEM(type_names); i++)
			if (strlen(type_names[i]) == (size_t)(q - p) &&
			    memcmp(type_names[i], p, (size_t)(q - p)) == 0)
				break;
		if (i == NELEM(type_names))
			return -1;
		*bits |= 1U << i;
		if (*q == '\0')
			return 0;
		p = q + 1;
	}
}

int
schema_type_is(unsigned bits, const struct jval *v)
{
	struct snode n;

	memset(&n, 0, sizeof(n));
	n.types = bits;
	return type_ok(&n, v) != 0;
}
