/* SPDX-License-Identifier: MIT */
/* xsum.c -- exact sums of int64s and doubles, and exact variances. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg/xsum.h"
#include "json/jsonw.h"

/*
 * The expanding form: the integers in 128 bits, the partials inline
 * while XBIG_INL fit, then allocated (8 bytes each).  An all-zero one
 * is the empty sum.
 */
#define XBIG_INL	2

struct xsum_big {
	uint64_t	 lo;		/* the integers: hi * 2^64 + lo */
	int64_t		 hi;
	union {
		double	 inl[XBIG_INL];	/* cap 0: the partials */
		double	*ext;		/* cap > 0: cap of them */
	} p;
	uint16_t	 np;		/* partials */
	uint16_t	 cap;
	uint8_t		 real;		/* the result is a real */
	uint8_t		 over;		/* the doubles passed their range */
};

/* ---- the 128-bit integer part ---- */

#define TWO32	4294967296.0
#define TWO64	(TWO32 * TWO32)

/*
 * Add the 128-bit two's complement integer (bhi, blo) to (*hi, *lo).
 * Returns 0, or -1 with nothing changed if the sum does not fit.
 */
static int
i128_add(int64_t *hi, uint64_t *lo, int64_t bhi, uint64_t blo)
{
	uint64_t l = *lo + blo, h;

	h = (uint64_t)*hi + (uint64_t)bhi + (l < blo);
	/* Signed overflow: the result's sign is neither operand's. */
	if ((((uint64_t)*hi ^ h) & ((uint64_t)bhi ^ h)) >> 63)
		return -1;
	*hi = (int64_t)h;
	*lo = l;
	return 0;
}

/*
 * (hi, lo) as four doubles that hold it exactly and sum to it: the
 * signed top 32 bits times 2^96, then the 32-bit pieces below times
 * 2^64, 2^32 and 1.
 */
static void
i128_split(int64_t hi, uint64_t lo, double d[4])
{
	int64_t low = (int64_t)((uint64_t)hi & 0xffffffffu);

	d[0] = (double)((hi - low) / INT64_C(4294967296)) * TWO64 * TWO32;
	d[1] = (double)low * TWO64;
	d[2] = (double)(lo >> 32) * TWO32;
	d[3] = (double)(lo & 0xffffffffu);
}

/* The 128-bit magnitude of (hi, lo) as four 32-bit limbs, m[3] low. */
static void
i128_abs(int64_t hi, uint64_t lo, uint64_t m[4])
{
	uint64_t h = (uint64_t)hi, l = lo;

	if (hi < 0) {
		/* Two's complement negation; 2^127 is its own. */
		h = ~h + (l == 0);
		l = ~l + 1;
	}
	m[0] = h >> 32;
	m[1] = h & 0xffffffffu;
	m[2] = l >> 32;
	m[3] = l & 0xffffffffu;
}

/* Append (hi, lo) in decimal. */
static void
i128_write(struct strbuf *sb, int64_t hi, uint64_t lo)
{
	char buf[48], *p = buf + sizeof(buf);
	uint64_t m[4], cur, r;
	int i, left;

	i128_abs(hi, lo, m);
	do {
		/* m /= 10^9, r the remainder: nine digits. */
		for (i = 0, r = 0; i < 4; i++) {
			cur = r << 32 | m[i];
			m[i] = cur / 1000000000u;
			r = cur % 1000000000u;
		}
		left = (m[0] | m[1] | m[2] | m[3]) != 0;
		for (i = 0; i < 9 && (left || r != 0 || i == 0); i++) {
			*--p = (char)('0' + r % 10);
			r /= 10;
		}
	} while (left);
	if (hi < 0)
		*--p = '-';
	strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

/*
 * Read the JSON integer p[0..n) into (*hi, *lo): 0, or -1 if it is
 * not one or does not fit in 128 bits.
 */
static int
i128_read(const char *p, size_t n, int64_t *hi, uint64_t *lo)
{
	const char *end = p + n;
	uint64_t m[4] = { 0, 0, 0, 0 }, cur, c, h, l;
	int neg = 0, i;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p == end)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		for (i = 3, c = (uint64_t)(*p - '0'); i >= 0; i--) {
			cur = m[i] * 10 + c;
			m[i] = cur & 0xffffffffu;
			c = cur >> 32;
		}
		if (c != 0)
			return -1;
	}
	h = m[0] << 32 | m[1];
	l = m[2] << 32 | m[3];
	/* At most 2^127 - 1, or 2^127 when negative. */
	if (h > (UINT64_C(1) << 63) || (h == (UINT64_C(1) << 63) &&
	    (!neg || l != 0)))
		return -1;
	if (neg) {
		h = ~h + (l == 0);
		l = ~l + 1;
	}
	*hi = (int64_t)h;
	*lo = l;
	return 0;
}

/* ---- the partials ---- */

static double *
big_parts(struct xsum_big *s)
{
	return s->cap > 0 ? s->p.ext : s->p.inl;
}

static const double *
big_cparts(const struct xsum_big *s)
{
	return s->cap > 0 ? s->p.ext : s->p.inl;
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

/* The doubles passed their range: drop the partials, for good. */
static void
big_overflow(struct xsum_big *s)
{
	if (s->cap > 0)
		free(s->p.ext);
	s->cap = 0;
	s->np = 0;
	s->over = 1;
}

static void
big_add_real(struct xsum_big *s, double x)
{
	double inl[XBIG_INL], *ext;
	uint32_t cap = s->cap > 0 ? s->cap : XBIG_INL, np = s->np;

	if (s->over)
		return;
	/*
	 * Finite partials do not overlap: a few dozen at most (the range
	 * of doubles is 2098 bits, 53 a partial); more is no finite sum.
	 */
	if (!isfinite(x) || cap > 1024) {
		big_overflow(s);
		return;
	}
	if (np + 1 > cap) {
		cap *= 2;
		if (s->cap == 0) {
			memcpy(inl, s->p.inl, sizeof(inl));
			ext = xreallocarray(NULL, cap, sizeof(double));
			memcpy(ext, inl, sizeof(inl));
		} else
			ext = xreallocarray(s->p.ext, cap, sizeof(double));
		s->p.ext = ext;
		s->cap = (uint16_t)cap;
	}
	msum_add(big_parts(s), &np, x);
	s->np = (uint16_t)np;
	/* The largest partial is the last: infinite past the range. */
	if (np > 0 && !isfinite(big_parts(s)[np - 1]))
		big_overflow(s);
}

/* Add the 128-bit integer (hi, lo); past 128 bits the sum is real. */
static void
big_add_i128(struct xsum_big *s, int64_t hi, uint64_t lo)
{
	double d[4];
	int k;

	if (i128_add(&s->hi, &s->lo, hi, lo) == 0)
		return;
	/* Move the integer part into the partials, exactly. */
	i128_split(s->hi, s->lo, d);
	for (k = 0; k < 4; k++)
		big_add_real(s, d[k]);
	s->hi = hi;
	s->lo = lo;
	s->real = 1;
}

static void
big_merge(struct xsum_big *d, const struct xsum_big *s)
{
	const double *p = big_cparts(s);
	uint32_t k;

	big_add_i128(d, s->hi, s->lo);
	for (k = 0; k < s->np; k++)
		big_add_real(d, p[k]);
	d->real |= s->real;
	if (s->over)
		big_overflow(d);
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

static double
big_value(const struct xsum_big *s)
{
	struct scratch t;
	const double *p = big_cparts(s);
	double d[4], r;
	uint32_t k;

	if (s->over)
		return NAN;
	scratch_init(&t);
	for (k = 0; k < s->np; k++)
		scratch_add(&t, p[k]);
	i128_split(s->hi, s->lo, d);
	for (k = 0; k < 4; k++)
		scratch_add(&t, d[k]);
	r = msum_round(t.p, t.n);
	scratch_release(&t);
	return r;
}

static void
big_release(struct xsum_big *s)
{
	if (s->cap > 0)
		free(s->p.ext);
	memset(s, 0, sizeof(*s));
}

/* a * b = *hi + *lo exactly (barring overflow and underflow). */
static void
two_product(double a, double b, double *hi, double *lo)
{
	*hi = a * b;
	*lo = fma(a, b, -*hi);
}

/* An int64 as two doubles that hold it exactly: hi + lo. */
static void
split_int(int64_t v, double *hi, double *lo)
{
	int64_t low = (int64_t)((uint64_t)v & 0xffffffffu);

	*hi = (double)((v - low) / INT64_C(4294967296)) * TWO32;
	*lo = (double)low;
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

/*
 * The exact value of s as at most s->np + 4 doubles in l, their count
 * returned.  Partials of few bits each can number a thousand (a state
 * from --merge), and big_var() multiplies every pair: so the sum of
 * the partials and the integer part is peeled off largest first, each
 * double the rest rounded, which at 53 bits a double takes a few dozen
 * for the whole range of doubles.  Where that would not fit, or not be
 * finite, l is the partials and the integer part as they are.
 */
static uint32_t
big_list(const struct xsum_big *s, double *l)
{
	struct scratch t;
	double hi;
	uint32_t k, n = 0, cap = s->np + 4u;

	scratch_init(&t);
	for (k = 0; k < s->np; k++)
		scratch_add(&t, big_cparts(s)[k]);
	i128_split(s->hi, s->lo, l);
	for (k = 0; k < 4; k++)
		scratch_add(&t, l[k]);
	while (t.n > 0 && n < cap && isfinite(hi = msum_round(t.p, t.n)) &&
	    hi != 0.0) {
		l[n++] = hi;
		scratch_add(&t, -hi);
	}
	k = t.n;
	scratch_release(&t);
	if (k == 0)
		return n;
	memcpy(l, big_cparts(s), s->np * sizeof(*l));
	i128_split(s->hi, s->lo, l + s->np);
	return cap;
}

/* The sign of s - (q n + h n) exactly, h n exact: -1, 0 or 1. */
static int
residual_sign(const double *l, uint32_t nl, double q, double h, double nd)
{
	struct scratch t;
	double hi, lo, r;
	uint32_t k;

	scratch_init(&t);
	for (k = 0; k < nl; k++)
		scratch_add(&t, l[k]);
	two_product(q, nd, &hi, &lo);
	scratch_add(&t, -hi);
	scratch_add(&t, -lo);
	scratch_add(&t, -h * nd);
	r = msum_round(t.p, t.n);
	scratch_release(&t);
	return (r > 0) - (r < 0);
}

static int
mantissa_odd(double q)
{
	uint64_t b;

	memcpy(&b, &q, sizeof(b));
	return (int)(b & 1);
}

static double
big_div(const struct xsum_big *s, uint64_t n)
{
	double l[64], *lp, nd = (double)n, q, up, down;
	uint32_t nl;
	int step, su, sd;

	q = big_value(s) / nd;
	if (s->over || n >= (UINT64_C(1) << 53) || !isfinite(q) ||
	    fabs(q) < 0x1p-1000 || fabs(q) > 0x1p1000)
		return q;
	lp = s->np + 4u <= NELEM(l) ? l :
	    xreallocarray(NULL, s->np + 4u, sizeof(*lp));
	nl = big_list(s, lp);
	/*
	 * q is within an ulp or two of s / n.  Move it while s / n is past
	 * the midpoint to a neighbour (the midpoints times n are exact:
	 * q n by two_product, half an ulp times n a power of two times n).
	 */
	for (step = 0; step < 4; step++) {
		up = nextafter(q, INFINITY);
		down = nextafter(q, -INFINITY);
		if ((su = residual_sign(lp, nl, q, (up - q) / 2, nd)) > 0) {
			q = up;
			continue;
		}
		if ((sd = residual_sign(lp, nl, q, -(q - down) / 2, nd)) < 0) {
			q = down;
			continue;
		}
		/* On a midpoint: the even one. */
		if (su == 0 && mantissa_odd(q))
			q = up;
		else if (sd == 0 && mantissa_odd(q))
			q = down;
		break;
	}
	if (lp != l)
		free(lp);
	return q;
}

static int
big_var(uint64_t n, const struct xsum_big *s, const struct xsum_big *sq,
    double *out)
{
	struct scratch t;
	double l[64], *lp, q[64], *qp, nd, hi, lo;
	uint32_t k, j, nl, nq;

	if (n < 2 || s->over || sq->over)
		return -1;
	nd = (double)n;
	lp = s->np + 4u <= NELEM(l) ? l :
	    xreallocarray(NULL, s->np + 4u, sizeof(*lp));
	qp = sq->np + 4u <= NELEM(q) ? q :
	    xreallocarray(NULL, sq->np + 4u, sizeof(*qp));
	nl = big_list(s, lp);
	nq = big_list(sq, qp);
	/* n Sxx - Sx Sx, exactly. */
	scratch_init(&t);
	for (k = 0; k < nq; k++) {
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
	if (qp != q)
		free(qp);
	return isfinite(*out) && *out >= 0 ? 0 : -1;
}

static void
big_write(const struct xsum_big *x, struct strbuf *sb)
{
	if (!x->real)
		i128_write(sb, x->hi, x->lo);
	else
		jsonw_real(sb, big_value(x));
}

static void
big_serialize(const struct xsum_big *x, struct strbuf *sb)
{
	const double *p = big_cparts(x);
	uint32_t k;

	strbuf_addstr(sb, "{\"int\":");
	i128_write(sb, x->hi, x->lo);
	strbuf_addstr(sb, ",\"fp\":[");
	for (k = 0; k < x->np; k++) {
		if (k > 0)
			strbuf_addch(sb, ',');
		jsonw_real(sb, p[k]);
	}
	strbuf_addstr(sb, x->real ? "],\"real\":true" : "],\"real\":false");
	strbuf_addstr(sb, x->over ? ",\"over\":true}" : "}");
}

/* ---- the compact form, and the move to the expanding one ---- */

/* The compact form holds as many partials inline as the expanding one. */
_Static_assert(sizeof(((struct xsum *)0)->u.s.p) == XBIG_INL * sizeof(double),
    "two partials inline");

/* How many partials a compact sum holds: p[0], then p[1] (larger). */
static uint32_t
small_np(const struct xsum *x)
{
	return (x->u.s.p[0] != 0.0) + (x->u.s.p[1] != 0.0);
}

/* A compact sum as the expanding form, in *b (nothing allocated). */
static void
small_view(const struct xsum *x, struct xsum_big *b)
{
	memset(b, 0, sizeof(*b));
	b->lo = (uint64_t)x->u.s.i;
	b->hi = x->u.s.i < 0 ? -1 : 0;
	b->np = (uint16_t)small_np(x);
	memcpy(b->p.inl, x->u.s.p, sizeof(b->p.inl));
	b->real = x->real;
}

/* The sum in the expanding form: *x's own, or a view of it in *tmp. */
static const struct xsum_big *
view(const struct xsum *x, struct xsum_big *tmp)
{
	if (x->big)
		return x->u.big;
	small_view(x, tmp);
	return tmp;
}

/* Move a compact sum into the expanding form; returns it. */
static struct xsum_big *
grow(struct xsum *x)
{
	struct xsum_big *b;

	if (x->big)
		return x->u.big;
	b = xmalloc(sizeof(*b));
	small_view(x, b);
	x->u.big = b;
	x->real = 0;
	x->big = 1;
	return b;
}

void
xsum_add_int(struct xsum *x, int64_t v)
{
	if (!x->big && (v >= 0 ? x->u.s.i <= INT64_MAX - v :
	    x->u.s.i >= INT64_MIN - v)) {
		x->u.s.i += v;
		return;
	}
	big_add_i128(grow(x), v < 0 ? -1 : 0, (uint64_t)v);
}

void
xsum_add_real(struct xsum *x, double d)
{
	double p[XBIG_INL + 1];
	uint32_t np;

	if (!x->big && isfinite(d)) {
		/* What big_add_real() does, while two partials hold it. */
		np = small_np(x);
		memcpy(p, x->u.s.p, sizeof(x->u.s.p));
		msum_add(p, &np, d);
		if (np <= XBIG_INL && (np == 0 || isfinite(p[np - 1]))) {
			x->u.s.p[0] = np > 0 ? p[0] : 0.0;
			x->u.s.p[1] = np > 1 ? p[1] : 0.0;
			return;
		}
	}
	big_add_real(grow(x), d);
}

/* Set the flag real. */
static void
set_real(struct xsum *x)
{
	if (x->big)
		x->u.big->real = 1;
	else
		x->real = 1;
}

/* Add the 128-bit integer (hi, lo). */
static void
add_i128(struct xsum *x, int64_t hi, uint64_t lo)
{
	if (hi == ((int64_t)lo < 0 ? -1 : 0))
		xsum_add_int(x, (int64_t)lo);
	else
		big_add_i128(grow(x), hi, lo);
}

void
xsum_add(struct xsum *x, int is_int, int64_t i, double d)
{
	if (is_int)
		xsum_add_int(x, i);
	else {
		xsum_add_real(x, d);
		set_real(x);
	}
}

void
xsum_merge(struct xsum *d, const struct xsum *s)
{
	struct xsum_big tmp;

	if (d->big || s->big) {
		big_merge(grow(d), view(s, &tmp));
		return;
	}
	/* big_merge() on the compact forms. */
	xsum_add_int(d, s->u.s.i);
	if (s->u.s.p[0] != 0.0)
		xsum_add_real(d, s->u.s.p[0]);
	if (s->u.s.p[1] != 0.0)
		xsum_add_real(d, s->u.s.p[1]);
	if (s->real)
		set_real(d);
}

double
xsum_value(const struct xsum *x)
{
	struct xsum_big tmp;

	return big_value(view(x, &tmp));
}

double
xsum_div(const struct xsum *x, uint64_t n)
{
	struct xsum_big tmp;

	return big_div(view(x, &tmp), n);
}

int
xsum_var(uint64_t n, const struct xsum *s, const struct xsum *sq,
    double *out)
{
	struct xsum_big ts, tq;

	return big_var(n, view(s, &ts), view(sq, &tq), out);
}

void
xsum_write(const struct xsum *x, struct strbuf *sb)
{
	struct xsum_big tmp;

	big_write(view(x, &tmp), sb);
}

void
xsum_serialize(const struct xsum *x, struct strbuf *sb)
{
	struct xsum_big tmp;

	big_serialize(view(x, &tmp), sb);
}

int
xsum_deserialize(struct xsum *x, const struct jval *v)
{
	struct jval iv, fp, real, over, e;
	struct jiter it;
	uint64_t lo;
	int64_t hi;
	double d;

	if (v->type != JT_OBJECT || !jval_find(v, "int", 3, &iv) ||
	    !jval_find(v, "fp", 2, &fp) || !jval_find(v, "real", 4, &real) ||
	    iv.type != JT_NUMBER || !(iv.flags & JV_INTEGER) ||
	    i128_read(iv.p, iv.n, &hi, &lo) == -1 || fp.type != JT_ARRAY ||
	    (real.type != JT_TRUE && real.type != JT_FALSE))
		return -1;
	jiter_init(&it, &fp);
	while (jiter_next(&it, NULL, &e)) {
		if (e.type != JT_NUMBER || jval_double(&e, &d) == -1 ||
		    !isfinite(d))
			return -1;
		xsum_add_real(x, d);
	}
	add_i128(x, hi, lo);
	if (real.type == JT_TRUE)
		set_real(x);
	if (jval_find(v, "over", 4, &over) && over.type == JT_TRUE)
		big_overflow(grow(x));
	return 0;
}

void
xsum_release(struct xsum *x)
{
	if (x->big) {
		big_release(x->u.big);
		free(x->u.big);
	}
	memset(x, 0, sizeof(*x));
}
