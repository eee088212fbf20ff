/* SPDX-License-Identifier: MIT */
/* xsum.c -- exact sums of int64s and doubles, and exact variances. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg/xsum.h"
#include "json/jsonw.h"

static double *
xsum_parts(const struct xsum *s)
{
	return s->ext != NULL ? s->ext : (double *)s->inl;
}

/*
 * Add x to the partials p[0..*np), which have room for one more
 * (Shewchuk; Python's math.fsum).
 */
static void
msum_add(double *p, uint32_t *np, double x)
{
	double y, t, hi, lo;
	uint32_t i, j;

	for (i = j = 0; j < *np; j++) {
		y = p[j];
		if (fabs(x) < fabs(y)) {
			t = x;
			x = y;
			y = t;
		}
		hi = x + y;
		lo = y - (hi - x);
		if (lo != 0.0)
			p[i++] = lo;
		x = hi;
	}
	if (x != 0.0)
		p[i++] = x;
	*np = i;
}

/* The partials correctly rounded to one double. */
static double
msum_round(const double *p, uint32_t n)
{
	double hi, lo = 0.0, x, y, yr;

	if (n == 0)
		return 0.0;
	hi = p[--n];
	while (n > 0) {
		x = hi;
		y = p[--n];
		hi = x + y;
		yr = hi - x;
		lo = y - yr;
		if (lo != 0.0)
			break;
	}
	/* Round half-even across partials (math.fsum). */
	if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) ||
	    (lo > 0.0 && p[n - 1] > 0.0))) {
		y = lo * 2.0;
		x = hi + y;
		yr = x - hi;
		if (y == yr)
			hi = x;
	}
	return hi;
}

void
xsum_add_real(struct xsum *s, double x)
{
	uint32_t cap = s->ext != NULL ? s->cap : XSUM_INL;

	if (s->np + 1 > cap) {
		cap *= 2;
		if (s->ext == NULL) {
			s->ext = xreallocarray(NULL, cap, sizeof(double));
			memcpy(s->ext, s->inl, sizeof(s->inl));
		} else
			s->ext = xreallocarray(s->ext, cap, sizeof(double));
		s->cap = cap;
	}
	msum_add(xsum_parts(s), &s->np, x);
}

/* An int64 as two doubles that hold it exactly: hi + lo. */
static void
split_int(int64_t v, double *hi, double *lo)
{
	uint64_t u = (uint64_t)v;
	int64_t top;

	/* v = top * 2^32 + (u & 0xffffffff), top the signed high half. */
	top = (int64_t)(v - (int64_t)(u & 0xffffffffu)) / INT64_C(4294967296);
	*hi = (double)top * 4294967296.0;
	*lo = (double)(u & 0xffffffffu);
}

void
xsum_add_int(struct xsum *s, int64_t v)
{
	double hi, lo;

	if ((v > 0 && s->i > INT64_MAX - v) ||
	    (v < 0 && s->i < INT64_MIN - v)) {
		/* The int64 would overflow: hand it to the partials. */
		split_int(s->i, &hi, &lo);
		xsum_add_real(s, hi);
		xsum_add_real(s, lo);
		s->i = v;
		s->real = 1;
		return;
	}
	s->i += v;
}

void
xsum_add(struct xsum *s, int is_int, int64_t i, double d)
{
	if (is_int)
		xsum_add_int(s, i);
	else {
		xsum_add_real(s, d);
		s->real = 1;
	}
}

void
xsum_merge(struct xsum *d, const struct xsum *s)
{
	const double *p = xsum_parts(s);
	uint32_t k;

	xsum_add_int(d, s->i);
	for (k = 0; k < s->np; k++)
		xsum_add_real(d, p[k]);
	d->real |= s->real;
}

/*
 * A scratch list of partials: in buf while it fits, then on the heap.
 */
struct scratch {
	double		*p;
	uint32_t	 n;
	uint32_t	 cap;
	double		 buf[64];
};

static void
scratch_init(struct scratch *t)
{
	t->p = t->buf;
	t->n = 0;
	t->cap = 64;
}

static void
scratch_add(struct scratch *t, double x)
{
	if (t->n + 1 > t->cap) {
		t->cap *= 2;
		if (t->p == t->buf) {
			t->p = xreallocarray(NULL, t->cap, sizeof(double));
			memcpy(t->p, t->buf, sizeof(t->buf));
		} else
			t->p = xreallocarray(t->p, t->cap, sizeof(double));
	}
	msum_add(t->p, &t->n, x);
}

static void
scratch_release(struct scratch *t)
{
	if (t->p != t->buf)
		free(t->p);
}

double
xsum_value(const struct xsum *s)
{
	struct scratch t;
	const double *p = xsum_parts(s);
	double hi, lo, r;
	uint32_t k;

	if (s->np == 0)
		return (double)s->i;
	scratch_init(&t);
	for (k = 0; k < s->np; k++)
		scratch_add(&t, p[k]);
	split_int(s->i, &hi, &lo);
	scratch_add(&t, hi);
	scratch_add(&t, lo);
	r = msum_round(t.p, t.n);
	scratch_release(&t);
	return r;
}

void
xsum_release(struct xsum *s)
{
	free(s->ext);
	memset(s, 0, sizeof(*s));
}

/* a * b = *hi + *lo exactly (barring overflow and underflow). */
static void
two_product(double a, double b, double *hi, double *lo)
{
	*hi = a * b;
	*lo = fma(a, b, -*hi);
}

void
xsum_add_square(struct xsum *s, int is_int, int64_t i, double d)
{
	double a, b, hi, lo;

	if (is_int && (i > (INT64_C(1) << 53) || i < -(INT64_C(1) << 53))) {
		/* (a + b)^2 = a^2 + 2ab + b^2, each product exact. */
		split_int(i, &a, &b);
		two_product(a, a, &hi, &lo);
		xsum_add_real(s, hi);
		xsum_add_real(s, lo);
		two_product(2 * a, b, &hi, &lo);
		xsum_add_real(s, hi);
		xsum_add_real(s, lo);
		two_product(b, b, &hi, &lo);
	} else {
		if (is_int)
			d = (double)i;
		two_product(d, d, &hi, &lo);
	}
	xsum_add_real(s, hi);
	xsum_add_real(s, lo);
}

int
xsum_var(uint64_t n, const struct xsum *s, const struct xsum *sq,
    double *out)
{
	struct scratch t;
	const double *sp, *qp;
	double l[66], *lp, nd, hi, lo;
	uint32_t k, j, nl;

	if (n < 2)
		return -1;
	nd = (double)n;
	sp = xsum_parts(s);
	qp = xsum_parts(sq);
	/* Sx as a list of doubles: its partials and its int64 part. */
	nl = s->np + 2;
	lp = nl <= NELEM(l) ? l : xreallocarray(NULL, nl, sizeof(*lp));
	memcpy(lp, sp, s->np * sizeof(*lp));
	split_int(s->i, &lp[nl - 2], &lp[nl - 1]);
	/* n Sxx - Sx Sx, exactly. */
	scratch_init(&t);
	for (k = 0; k < sq->np; k++) {
		two_product(nd, qp[k], &hi, &lo);
		scratch_add(&t, hi);
		scratch_add(&t, lo);
	}
	for (k = 0; k < nl; k++) {
		for (j = 0; j < nl; j++) {
			two_product(lp[k], lp[j], &hi, &lo);
			scratch_add(&t, -hi);
			scratch_add(&t, -lo);
		}
	}
	*out = msum_round(t.p, t.n) / (nd * (nd - 1));
	scratch_release(&t);
	if (lp != l)
		free(lp);
	return isfinite(*out) && *out >= 0 ? 0 : -1;
}

void
xsum_write(const struct xsum *x, struct strbuf *sb)
{
	if (!x->real)
		jsonw_int(sb, x->i);
	else
		jsonw_real(sb, xsum_value(x));
}

void
xsum_serialize(const struct xsum *x, struct strbuf *sb)
{
	const double *p = xsum_parts(x);
	uint32_t k;

	strbuf_addstr(sb, "{\"int\":");
	jsonw_int(sb, x->i);
	strbuf_addstr(sb, ",\"fp\":[");
	for (k = 0; k < x->np; k++) {
		if (k > 0)
			strbuf_addch(sb, ',');
		jsonw_real(sb, p[k]);
	}
	strbuf_addstr(sb, x->real ? "],\"real\":true}" : "],\"real\":false}");
}

int
xsum_deserialize(struct xsum *x, const struct jval *v)
{
	struct jval iv, fp, real, e;
	struct jiter it;
	double d;
	int64_t i;

	if (v->type != JT_OBJECT || !jval_find(v, "int", 3, &iv) ||
	    !jval_find(v, "fp", 2, &fp) || !jval_find(v, "real", 4, &real) ||
	    jval_int64(&iv, &i) == -1 || fp.type != JT_ARRAY ||
	    (real.type != JT_TRUE && real.type != JT_FALSE))
		return -1;
	x->real = real.type == JT_TRUE;
	xsum_add_int(x, i);
	jiter_init(&it, &fp);
	while (jiter_next(&it, NULL, &e)) {
		if (e.type != JT_NUMBER || jval_double(&e, &d) == -1 ||
		    !isfinite(d))
			return -1;
		xsum_add_real(x, d);
	}
	return 0;
}
