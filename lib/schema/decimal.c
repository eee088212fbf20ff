/* SPDX-License-Identifier: MIT */
/* decimal.c -- JSON numbers as exact decimals: compare, test, divide. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "schema/decimal.h"

/* Exponents saturate here: no sum of two of them overflows. */
#define EXP_LIMIT	((int64_t)1 << 50)

void
decimal_parse(const char *s, size_t n, struct decimal *d)
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

int
decimal_cmp(const struct decimal *a, const struct decimal *b)
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

int
decimal_is_int(const struct decimal *d)
{
	return d->zero || d->exp >= (int64_t)d->ndig;
}

int
decimal_count(const struct decimal *d, int64_t *out)
{
	const char *p = d->p;
	int64_t v = 0;
	size_t i;

	if (d->zero) {
		*out = 0;
		return 0;
	}
	if (d->neg || !decimal_is_int(d))
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

/* (a * b) mod m, for m < 2^63, without overflow. */
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
int
decimal_multiple(const struct decimal *x, const struct decimal *m)
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

uint64_t
decimal_hash(const struct decimal *d, uint64_t h)
{
	const char *p;
	size_t i;
	char dg;

	if (d->zero)
		return h;
	h = hash_fnv1a(h, d->neg ? "-" : "+", 1);
	h = hash_fnv1a(h, &d->exp, sizeof(d->exp));
	p = d->p;
	for (i = 0; i < d->ndig; i++) {
		dg = (char)dec_next(&p);
		h = hash_fnv1a(h, &dg, 1);
	}
	return h;
}
