/* SPDX-License-Identifier: MIT */
/* canon.c -- canonical JSON values (group keys) and their order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/canon.h"
#include "json/jsonw.h"

/* Numbers whose n is beyond +-N_MAX are kept as written (canon.h). */
#define N_MAX		INT64_C(1000000000000000)
/* Exponent digits read; more make the number wide whatever its digits. */
#define EXP_DIGITS_MAX	18
/* The magnitude n given to wide numbers, for their order. */
#define WIDE_N		(INT64_C(1) << 60)

/*
 * A JSON number as its sign and exact decimal value 0.D x 10^n: D is
 * the digits of ip ++ fp from index first, k of them (k = 0: zero).
 */
struct cnum {
	const char	*ip;		/* the integer digits */
	size_t		 il;
	const char	*fp;		/* the fraction digits */
	size_t		 fl;
	size_t		 first;
	size_t		 k;
	int64_t		 n;
	int		 neg;
	int		 wide;		/* n beyond +-N_MAX */
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digit i of ip ++ fp. */
static char
cnum_digit(const struct cnum *c, size_t i)
{
	return i < c->il ? c->ip[i] : c->fp[i - c->il];
}

/* Read the valid JSON number p[0..n). */
static void
cnum_read(const char *p, size_t n, struct cnum *c)
{
	const char *end = p + n;
	size_t i, last = 0, len;
	int64_t e = 0;
	int eneg = 0, edig = 0;

	memset(c, 0, sizeof(*c));
	if (p < end && *p == '-') {
		c->neg = 1;
		p++;
	}
	c->ip = p;
	while (p < end && is_digit(*p))
		p++;
	c->il = (size_t)(p - c->ip);
	c->fp = p;
	if (p < end && *p == '.') {
		c->fp = ++p;
		while (p < end && is_digit(*p))
			p++;
		c->fl = (size_t)(p - c->fp);
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		while (p < end && *p == '0')
			p++;
		for (; p < end && is_digit(*p); p++) {
			if (++edig > EXP_DIGITS_MAX)
				c->wide = 1;
			else
				e = e * 10 + (*p - '0');
		}
	}
	len = c->il + c->fl;
	for (i = 0; i < len && cnum_digit(c, i) == '0'; i++)
		;
	if (i == len)
		return;				/* zero */
	c->first = i;
	for (; i < len; i++)
		if (cnum_digit(c, i) != '0')
			last = i;
	c->k = last - c->first + 1;
	/*
	 * Wide by n, not by the exponent's digits, so that the canonical
	 * text of a number that is not wide reads back as not wide.
	 */
	if (!c->wide) {
		c->n = (eneg ? -e : e) + (int64_t)c->il - (int64_t)c->first;
		if (c->n > N_MAX || c->n < -N_MAX)
			c->wide = 1;
		eneg = c->n < 0;
	}
	if (c->wide)
		c->n = eneg ? -WIDE_N : WIDE_N;
}

/*
 * Where canonical text goes: appended to sb, or (sb NULL) compared
 * with want[0..wn), any difference setting diff.
 */
struct sink {
	struct strbuf	*sb;
	const char	*want;
	size_t		 wn;
	size_t		 pos;
	int		 diff;
};

static void
sink_add(struct sink *s, const char *p, size_t n)
{
	if (s->sb != NULL) {
		strbuf_add(s->sb, p, n);
		return;
	}
	if (s->diff || s->wn - s->pos < n || memcmp(s->want + s->pos, p, n))
		s->diff = 1;
	else
		s->pos += n;
}

static void
sink_zeros(struct sink *s, int64_t n)
{
	static const char z[] = "0000000000000000000000";

	while (n > 0) {
		sink_add(s, z, n < 22 ? (size_t)n : 22);
		n -= 22;
	}
}

/* The digits a .. b - 1 of D. */
static void
sink_digits(struct sink *s, const struct cnum *c, size_t a, size_t b)
{
	size_t from = c->first + a, to = c->first + b;

	if (from < c->il)
		sink_add(s, c->ip + from, (to < c->il ? to : c->il) - from);
	if (to > c->il) {
		if (from < c->il)
			from = c->il;
		sink_add(s, c->fp + (from - c->il), to - from);
	}
}

/* The canonical text of the number p[0..n) (canon.h). */
static void
canon_number(struct sink *s, const char *p, size_t n)
{
	struct cnum c;
	char buf[24];
	int len;

	cnum_read(p, n, &c);
	if (c.k == 0) {
		sink_add(s, "0", 1);
		return;
	}
	if (c.wide) {
		sink_add(s, p, n);
		return;
	}
	if (c.neg)
		sink_add(s, "-", 1);
	if (c.n >= (int64_t)c.k && c.n <= 21) {
		sink_digits(s, &c, 0, c.k);
		sink_zeros(s, c.n - (int64_t)c.k);
	} else if (c.n > 0 && c.n <= 21) {
		sink_digits(s, &c, 0, (size_t)c.n);
		sink_add(s, ".", 1);
		sink_digits(s, &c, (size_t)c.n, c.k);
	} else if (c.n > -6 && c.n <= 0) {
		sink_add(s, "0.", 2);
		sink_zeros(s, -c.n);
		sink_digits(s, &c, 0, c.k);
	} else {
		sink_digits(s, &c, 0, 1);
		if (c.k > 1) {
			sink_add(s, ".", 1);
			sink_digits(s, &c, 1, c.k);
		}
		len = snprintf(buf, sizeof(buf), "e%lld", (long long)(c.n - 1));
		sink_add(s, buf, (size_t)len);
	}
}

/* The order of two numbers by value; equal values by text if wide. */
static int
cmp_number_text(const char *a, size_t an, const char *b, size_t bn)
{
	struct cnum x, y;
	size_t i;
	int sx, sy, c = 0;

	cnum_read(a, an, &x);
	cnum_read(b, bn, &y);
	sx = x.k == 0 ? 0 : x.neg ? -1 : 1;
	sy = y.k == 0 ? 0 : y.neg ? -1 : 1;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (sx == 0)
		return 0;
	if (x.n != y.n)
		c = x.n < y.n ? -1 : 1;
	for (i = 0; c == 0 && i < x.k && i < y.k; i++)
		c = cnum_digit(&x, x.first + i) - cnum_digit(&y, y.first + i);
	if (c == 0 && x.k != y.k)
		c = x.k < y.k ? -1 : 1;
	if (c == 0 && (x.wide || y.wide)) {
		c = memcmp(a, b, an < bn ? an : bn);
		if (c == 0)
			c = an < bn ? -1 : an > bn;
		return c;
	}
	return sx * (c < 0 ? -1 : c > 0);
}

/* ---- members of objects in canonical order ---- */

struct member {
	struct jval	 k;
	struct jval	 v;
};

static int
member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c;

	if ((c = canon_cmp(&x->k, &y->k)) != 0)
		return c;
	return canon_cmp(&x->v, &y->v);
}

/* The members of object o sorted: a new array of *n (free()). */
static struct member *
members_sorted(const struct jval *o, size_t *n)
{
	struct member *m = NULL;
	struct jiter it;
	struct jval k, v;
	size_t cap = 0;

	*n = 0;
	jiter_init(&it, o);
	while (jiter_next(&it, &k, &v)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			m = xreallocarray(m, cap, sizeof(*m));
		}
		m[*n].k = k;
		m[(*n)++].v = v;
	}
	if (*n > 1)
		qsort(m, *n, sizeof(*m), member_cmp);
	return m;
}

/* ---- canonical and compact texts ---- */

static void
append_string(struct strbuf *sb, const struct jval *v)
{
	struct strbuf tmp = STRBUF_INIT;

	if (!(v->flags & JV_ESCAPED)) {
		strbuf_add(sb, v->p, v->n);
		return;
	}
	jval_str_append(v, &tmp);
	jsonw_string(sb, tmp.buf ? tmp.buf : "", tmp.len);
	strbuf_release(&tmp);
}

/* Append v: canonical when canon is set, else compact as written. */
static void
append_value(struct strbuf *sb, const struct jval *v, int canon)
{
	struct sink s = { sb, NULL, 0, 0, 0 };
	struct member *m;
	struct jiter it;
	struct jval k, e;
	size_t i, n;

	switch (v->type) {
	case JT_MISSING:
		strbuf_add(sb, "null", 4);
		break;
	case JT_STRING:
		append_string(sb, v);
		break;
	case JT_NUMBER:
		if (canon)
			canon_number(&s, v->p, v->n);
		else
			strbuf_add(sb, v->p, v->n);
		break;
	case JT_ARRAY:
		strbuf_addch(sb, '[');
		jiter_init(&it, v);
		for (i = 0; jiter_next(&it, NULL, &e); i++) {
			if (i > 0)
				strbuf_addch(sb, ',');
			append_value(sb, &e, canon);
		}
		strbuf_addch(sb, ']');
		break;
	case JT_OBJECT:
		strbuf_addch(sb, '{');
		if (canon) {
			m = members_sorted(v, &n);
			for (i = 0; i < n; i++) {
				if (i > 0)
					strbuf_addch(sb, ',');
				append_string(sb, &m[i].k);
				strbuf_addch(sb, ':');
				append_value(sb, &m[i].v, 1);
			}
			free(m);
		} else {
			jiter_init(&it, v);
			for (i = 0; jiter_next(&it, &k, &e); i++) {
				if (i > 0)
					strbuf_addch(sb, ',');
				append_string(sb, &k);
				strbuf_addch(sb, ':');
				append_value(sb, &e, 0);
			}
		}
		strbuf_addch(sb, '}');
		break;
	default:
		/* null, true, false. */
		strbuf_add(sb, v->p, v->n);
		break;
	}
}

void
canon_append(struct strbuf *sb, const struct jval *v)
{
	append_value(sb, v, 1);
}

void
canon_compact_append(struct strbuf *sb, const struct jval *v)
{
	append_value(sb, v, 0);
}

int
canon_compact_is(const struct jval *v)
{
	switch (v->type) {
	case JT_STRING:
		return !(v->flags & JV_ESCAPED);
	case JT_NULL:
	case JT_FALSE:
	case JT_TRUE:
	case JT_NUMBER:
		return 1;
	default:
		return 0;
	}
}

int
canon_is(const struct jval *v)
{
	struct sink s = { NULL, v->p, v->n, 0, 0 };

	if (v->type != JT_NUMBER)
		return canon_compact_is(v);
	canon_number(&s, v->p, v->n);
	return !s.diff && s.pos == v->n;
}

/* ---- order ---- */

static int
rank(enum jtype t)
{
	switch (t) {
	case JT_MISSING:
	case JT_NULL:
		return 0;
	case JT_FALSE:
		return 1;
	case JT_TRUE:
		return 2;
	case JT_NUMBER:
		return 3;
	case JT_STRING:
		return 4;
	case JT_ARRAY:
		return 5;
	default:
		return 6;
	}
}

static int
cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c;

	c = memcmp(a, b, an < bn ? an : bn);
	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn;
}

static int
cmp_string(const struct jval *a, const struct jval *b)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	const char *pa, *pb;
	size_t na, nb;
	int c;

	if (!((a->flags | b->flags) & JV_ESCAPED))
		return cmp_bytes(a->p + 1, a->n - 2, b->p + 1, b->n - 2);
	pa = jval_str(a, &sa, &na);
	pb = jval_str(b, &sb, &nb);
	c = cmp_bytes(pa, na, pb, nb);
	strbuf_release(&sa);
	strbuf_release(&sb);
	return c;
}

static int
cmp_array(const struct jval *a, const struct jval *b)
{
	struct jiter ia, ib;
	struct jval va, vb;
	int ra, rb, c;

	jiter_init(&ia, a);
	jiter_init(&ib, b);
	for (;;) {
		ra = jiter_next(&ia, NULL, &va);
		rb = jiter_next(&ib, NULL, &vb);
		if (!ra || !rb)
			return ra - rb;
		if ((c = canon_cmp(&va, &vb)) != 0)
			return c;
	}
}

static int
cmp_object(const struct jval *a, const struct jval *b)
{
	struct member *ma, *mb;
	size_t na, nb, i;
	int c = 0;

	ma = members_sorted(a, &na);
	mb = members_sorted(b, &nb);
	for (i = 0; c == 0 && i < na && i < nb; i++)
		c = member_cmp(&ma[i], &mb[i]);
	if (c == 0)
		c = na < nb ? -1 : na > nb;
	free(ma);
	free(mb);
	return c;
}

int
canon_cmp(const struct jval *a, const struct jval *b)
{
	int ra = rank(a->type), rb = rank(b->type);

	if (ra != rb)
		return ra - rb;
	switch (a->type) {
	case JT_NUMBER:
		return cmp_number_text(a->p, a->n, b->p, b->n);
	case JT_STRING:
		return cmp_string(a, b);
	case JT_ARRAY:
		return cmp_array(a, b);
	case JT_OBJECT:
		return cmp_object(a, b);
	default:
		return 0;
	}
}

int
canon_cmp_text(const char *a, size_t an, const char *b, size_t bn)
{
	struct sluice_err e;
	struct jval va, vb;

	/* Canonical texts are valid JSON: the scans cannot fail. */
	if (scan_document(a, an, &va, &e) == -1 ||
	    scan_document(b, bn, &vb, &e) == -1)
		return cmp_bytes(a, an, b, bn);
	return canon_cmp(&va, &vb);
}
