/* SPDX-License-Identifier: MIT */
/* agg.c -- aggregate functions: parse, accumulate, merge, serialise. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "agg/agg.h"
#include "agg/group.h"
#include "json/jsonw.h"
#include "agg/sketch.h"

/* ---- exact sums ---- */

#define XSUM_INL	2

/*
 * The exact sum of int64s and doubles: i, plus the partials p[0..np)
 * (in inl, or ext when more are needed), non-overlapping and in
 * increasing magnitude.  real: a real was added or i overflowed, so
 * the result is a real.
 */
struct xsum {
	int64_t		 i;
	double		*ext;
	double		 inl[XSUM_INL];
	uint32_t	 np;
	uint32_t	 cap;		/* of ext; 0 while inline */
	int		 real;
};

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

static void
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

static void
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

static void
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
 * Add to a scratch list of partials, growing it: *p points to buf
 * (of bufn) or to the heap.
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

/* The exact sum, correctly rounded. */
static double
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

static void
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

/* Add v * v, exactly, to s. */
static void
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

/* ---- accumulators ---- */

struct num {
	int		 has;
	int		 is_int;
	int64_t		 i;
	double		 d;
};

/* first and last: the value (canonical JSON) and where it came. */
struct pick {
	int		 has;
	int		 has_time;
	int64_t		 t;
	uint64_t	 seq;
	char		*v;
	size_t		 vlen;
	size_t		 vcap;
};

struct quant {
	double		*v;		/* exact: the values */
	size_t		 n;
	size_t		 cap;
	int		 sorted;
	int		 all_int;
	struct sketch_dd *dd;		/* past the limit: the sketch */
};

struct distinct {
	struct sketch_hset	 set;
	struct sketch_hll	 hll;
	int			 sketched;
};

struct agg_acc {
	union {
		uint64_t		 count;
		struct xsum		 sum;
		struct {
			uint64_t	 n;
			struct xsum	 s;
		}			 mean;
		struct {
			uint64_t	 n;
			struct xsum	 s;
			struct xsum	 sq;
		}			 var;
		struct num		 mm;
		struct pick		 pick;
		struct quant		 q;
		struct distinct		 dist;
		struct sketch_top	*top;
		struct {
			uint64_t	 n;
			struct xsum	 s;
			int		 has_time;
			int64_t		 t0;
			int64_t		 t1;
		}			 rate;
	} u;
};

_Static_assert(sizeof(struct agg_acc) == AGG_ACC_SIZE,
    "AGG_ACC_SIZE is documented in agg.h");

/* ---- the spec ---- */

void
agg_spec_init(struct agg_spec *s)
{
	struct strbuf empty = STRBUF_INIT;

	memset(s, 0, sizeof(*s));
	s->canon = empty;
	s->exact_limit = AGG_EXACT_LIMIT;
	s->distinct_limit = AGG_DISTINCT_LIMIT;
}

static const struct {
	const char	*name;
	enum agg_fn	 fn;
	int		 field;		/* 1 needed, 0 optional */
} fns[] = {
	{ "count",	AGG_COUNT,	0 },
	{ "sum",	AGG_SUM,	1 },
	{ "min",	AGG_MIN,	1 },
	{ "max",	AGG_MAX,	1 },
	{ "mean",	AGG_MEAN,	1 },
	{ "var",	AGG_VAR,	1 },
	{ "stddev",	AGG_STDDEV,	1 },
	{ "first",	AGG_FIRST,	1 },
	{ "last",	AGG_LAST,	1 },
	{ "distinct",	AGG_DISTINCT,	1 },
	{ "median",	AGG_PCT,	1 },
	{ "rate",	AGG_RATE,	0 }
};

/* pNN: the percentile NN as pnum / pden; 0, or -1. */
static int
parse_pct(const char *s, size_t n, uint64_t *pnum, uint64_t *pden)
{
	uint64_t num = 0, den = 100;
	size_t i = 0, frac = 0;
	int point = 0;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == '.' && !point && i > 0 && i + 1 < n) {
			point = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || i > 12)
			return -1;
		num = num * 10 + (uint64_t)(s[i] - '0');
		if (point && ++frac > AGG_PCT_DIGITS)
			return -1;
	}
	while (frac-- > 0)
		den *= 10;
	if (num > den)
		return -1;
	*pnum = num;
	*pden = den;
	return 0;
}

/* Parse a function name into d; 0, or -1 with a message. */
static int
parse_func(struct agg_def *d, const char *s, size_t n, int *needs_field,
    struct sluice_err *err)
{
	size_t i, k;
	char *end;

	for (i = 0; i < NELEM(fns); i++) {
		if (strlen(fns[i].name) == n &&
		    memcmp(fns[i].name, s, n) == 0) {
			d->fn = fns[i].fn;
			*needs_field = fns[i].field;
			if (d->fn == AGG_PCT) {
				d->pnum = 50;
				d->pden = 100;
			}
			return 0;
		}
	}
	*needs_field = 1;
	if (n > 1 && s[0] == 'p' && s[1] >= '0' && s[1] <= '9') {
		d->fn = AGG_PCT;
		if (parse_pct(s + 1, n - 1, &d->pnum, &d->pden) == -1)
			return err_set(err, 0, "bad percentile '%.*s' "
			    "(expected p0 to p100, such as p95 or p99.9)",
			    (int)n, s);
		return 0;
	}
	if (n > 3 && memcmp(s, "top", 3) == 0 && s[3] >= '1' && s[3] <= '9') {
		d->fn = AGG_TOP;
		k = strtoul(s + 3, &end, 10);
		if (end != s + n || k == 0 || n > 10)
			return err_set(err, 0, "bad top '%.*s' (expected top "
			    "and a count, such as top5)", (int)n, s);
		d->k = k;
		return 0;
	}
	return err_set(err, 0, "unknown function '%.*s' (try count, sum, min, "
	    "max, mean, var, stddev, first, last, distinct, pNN, median, "
	    "topK, rate)", (int)n, s);
}

/* The end of the item or field starting at s: an unquoted c or NUL. */
static size_t
item_len(const char *s, const char *stops)
{
	size_t i;
	int q = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (q && s[i] == '\\' && s[i + 1] != '\0')
			i++;
		else if (s[i] == '"')
			q = !q;
		else if (!q && strchr(stops, s[i]) != NULL)
			break;
	}
	return i;
}

static int
find_field(struct agg_spec *s, const char *text, size_t n,
    struct sluice_err *err)
{
	struct path *p;
	char *copy;
	size_t i;

	for (i = 0; i < s->nfield; i++)
		if (strlen(s->field[i]->text) == n &&
		    memcmp(s->field[i]->text, text, n) == 0)
			return (int)i;
	copy = xstrndup(text, n);
	p = path_compile(copy, err);
	free(copy);
	if (p == NULL)
		return -1;
	s->field = xreallocarray(s->field, s->nfield + 1, sizeof(*s->field));
	s->field[s->nfield] = p;
	return (int)s->nfield++;
}

static char *
default_name(const struct agg_def *d, const struct agg_spec *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, d->func);
	for (i = 0; i < sb.len; i++)
		if (sb.buf[i] == '.')
			sb.buf[i] = '_';
	if (d->field >= 0) {
		strbuf_addch(&sb, '_');
		strbuf_addstr(&sb, s->field[d->field]->text);
	}
	return strbuf_detach(&sb, NULL);
}

static int
parse_item(struct agg_spec *s, const char *item, size_t n, size_t col,
    struct sluice_err *err)
{
	struct agg_def d;
	size_t f, k, i;
	int needs;

	memset(&d, 0, sizeof(d));
	d.field = -1;
	for (f = 0; f < n && item[f] != ':' && item[f] != '='; f++)
		;
	if (parse_func(&d, item, f, &needs, err) == -1) {
		err->col = col;
		return -1;
	}
	d.func = xstrndup(item, f);
	k = f;
	if (k < n && item[k] == ':') {
		k++;
		i = item_len(item + k, "=");
		if (i > n - k)
			i = n - k;
		if (i == 0 || (d.field = find_field(s, item + k, i,
		    err)) == -1) {
			if (i == 0)
				err_set(err, 1, "%s: expected a field after "
				    "':'", d.func);
			/* err->col counts in the field, from 1. */
			err->col += col - 1 + k;
			free(d.func);
			return -1;
		}
		k += i;
	} else if (needs) {
		err_set(err, col, "%s needs a field, as in %s:FIELD", d.func,
		    d.func);
		free(d.func);
		return -1;
	}
	if (k < n && item[k] == '=') {
		if (k + 1 == n) {
			err_set(err, col + k + 1, "expected a name after '='");
			free(d.func);
			return -1;
		}
		d.name = xstrndup(item + k + 1, n - k - 1);
	} else
		d.name = default_name(&d, s);
	if (d.name[0] == '@') {
		err_set(err, col, "output name '%s' is reserved (it starts "
		    "with '@')", d.name);
		goto fail;
	}
	for (i = 0; i < s->ndef; i++) {
		if (strcmp(s->def[i].name, d.name) == 0) {
			err_set(err, col, "two functions are named '%s' (use "
			    "=NAME)", d.name);
			goto fail;
		}
	}
	if (d.fn == AGG_FIRST || d.fn == AGG_LAST || d.fn == AGG_RATE)
		s->need_time = 1;
	s->def = xreallocarray(s->def, s->ndef + 1, sizeof(*s->def));
	s->def[s->ndef++] = d;
	if (s->canon.len > 0)
		strbuf_addch(&s->canon, ',');
	strbuf_addstr(&s->canon, d.func);
	if (d.field >= 0) {
		strbuf_addch(&s->canon, ':');
		strbuf_addstr(&s->canon, s->field[d.field]->text);
	}
	strbuf_addch(&s->canon, '=');
	strbuf_addstr(&s->canon, d.name);
	return 0;
fail:
	free(d.func);
	free(d.name);
	return -1;
}

int
agg_spec_parse(struct agg_spec *s, const char *list, struct sluice_err *err)
{
	size_t off = 0, n;

	for (;;) {
		n = item_len(list + off, ",");
		if (n == 0)
			return err_set(err, off + 1, "expected a function");
		if (parse_item(s, list + off, n, off + 1, err) == -1)
			return -1;
		off += n;
		if (list[off] == '\0')
			return 0;
		off++;
	}
}

const char *
agg_spec_canon(const struct agg_spec *s)
{
	return s->canon.buf != NULL ? s->canon.buf : "";
}

void
agg_spec_release(struct agg_spec *s)
{
	size_t i;

	for (i = 0; i < s->ndef; i++) {
		free(s->def[i].func);
		free(s->def[i].name);
	}
	free(s->def);
	path_list_free(s->field, (int)s->nfield);
	strbuf_release(&s->canon);
	agg_spec_init(s);
}

/* ---- input ---- */

void
agg_input_init(struct agg_input *in, const struct agg_spec *s)
{
	size_t i;

	memset(in, 0, sizeof(*in));
	in->nval = s->nfield;
	in->val = xcalloc(s->nfield + 1, sizeof(*in->val));
	for (i = 0; i < s->nfield; i++)
		in->val[i].v.type = JT_MISSING;
}

void
agg_input_read(struct agg_input *in, const struct agg_spec *s,
    struct record *rec)
{
	struct agg_value *v;
	size_t i;

	for (i = 0; i < in->nval; i++) {
		v = &in->val[i];
		if (!record_get(rec, s->field[i], &v->v))
			v->v.type = JT_MISSING;
		v->num = -1;
		v->canon = 0;
	}
}

void
agg_input_release(struct agg_input *in)
{
	size_t i;

	for (i = 0; i < in->nval; i++)
		strbuf_release(&in->val[i].text);
	free(in->val);
	memset(in, 0, sizeof(*in));
}

/* Read the value as a number: JSON numbers and strings holding one. */
static int
value_num(struct agg_value *v)
{
	struct jval nv;
	int integer;

	if (v->num >= 0)
		return v->num;
	v->num = 0;
	nv = v->v;
	if (nv.type == JT_STRING) {
		/* A number never needs escapes: look at the bytes. */
		if ((nv.flags & JV_ESCAPED) ||
		    !scan_is_number(nv.p + 1, nv.n - 2, &integer))
			return 0;
		nv.type = JT_NUMBER;
		nv.p++;
		nv.n -= 2;
		nv.flags = integer ? JV_INTEGER : 0;
	} else if (nv.type != JT_NUMBER)
		return 0;
	if (jval_int64(&nv, &v->i) == 0) {
		v->is_int = 1;
		v->d = (double)v->i;
	} else {
		v->is_int = 0;
		jval_double(&nv, &v->d);
		if (!isfinite(v->d))
			return 0;
	}
	v->num = 1;
	return 1;
}

/* Present and not null: first, last, distinct, top and count:F. */
static int
value_present(const struct agg_value *v)
{
	return v->v.type != JT_MISSING && v->v.type != JT_NULL;
}

static void
value_canon(struct agg_value *v)
{
	if (v->canon)
		return;
	if (canon_is(&v->v)) {
		v->cp = v->v.p;
		v->cn = v->v.n;
	} else {
		strbuf_reset(&v->text);
		canon_append(&v->text, &v->v);
		v->cp = v->text.buf;
		v->cn = v->text.len;
	}
	v->hash = hash_bytes(v->cp, v->cn);
	v->canon = 1;
}

/* ---- one accumulator ---- */

static void
acc_init(const struct agg_spec *s, const struct agg_def *d,
    struct agg_acc *a)
{
	memset(a, 0, sizeof(*a));
	if (d->fn == AGG_PCT)
		a->u.q.all_int = 1;
	else if (d->fn == AGG_TOP) {
		a->u.top = xmalloc(sizeof(*a->u.top));
		sketch_top_init(a->u.top, s->exact_limit);
	}
}

static void
acc_release(const struct agg_def *d, struct agg_acc *a)
{
	switch (d->fn) {
	case AGG_SUM:
		xsum_release(&a->u.sum);
		break;
	case AGG_MEAN:
		xsum_release(&a->u.mean.s);
		break;
	case AGG_VAR:
	case AGG_STDDEV:
		xsum_release(&a->u.var.s);
		xsum_release(&a->u.var.sq);
		break;
	case AGG_FIRST:
	case AGG_LAST:
		free(a->u.pick.v);
		break;
	case AGG_PCT:
		free(a->u.q.v);
		if (a->u.q.dd != NULL) {
			sketch_dd_release(a->u.q.dd);
			free(a->u.q.dd);
		}
		break;
	case AGG_DISTINCT:
		sketch_hset_release(&a->u.dist.set);
		sketch_hll_release(&a->u.dist.hll);
		break;
	case AGG_TOP:
		sketch_top_release(a->u.top);
		free(a->u.top);
		break;
	case AGG_RATE:
		xsum_release(&a->u.rate.s);
		break;
	default:
		break;
	}
	memset(a, 0, sizeof(*a));
}

static void
num_update(struct num *m, int is_int, int64_t i, double d, int want_min)
{
	int better;

	if (!m->has)
		better = 1;
	else if (is_int && m->is_int)
		better = want_min ? i < m->i : i > m->i;
	else if (d != m->d)
		better = want_min ? d < m->d : d > m->d;
	else
		better = is_int && !m->is_int;	/* 1 over 1.0, always */
	if (!better)
		return;
	m->has = 1;
	m->is_int = is_int;
	m->i = i;
	m->d = d;
}

/*
 * Order of candidates for first (want_last 0) or last: a value with an
 * event time wins over one without; then by time, then by arrival,
 * then (between shards) by value.  Returns 1 if the candidate wins.
 */
static int
pick_wins(const struct pick *p, int has_time, int64_t t, uint64_t seq,
    const char *v, size_t vlen, int want_last)
{
	int c;

	if (!p->has)
		return 1;
	if (has_time != p->has_time)
		return has_time;
	if (has_time && t != p->t)
		c = t < p->t ? -1 : 1;
	else if (seq != p->seq)
		c = seq < p->seq ? -1 : 1;
	else
		c = canon_cmp_text(v, vlen, p->v, p->vlen);
	return want_last ? c > 0 : c < 0;
}

static void
pick_set(struct pick *p, int has_time, int64_t t, uint64_t seq,
    const char *v, size_t vlen)
{
	if (vlen + 1 > p->vcap) {
		p->vcap = vlen + 1 < 32 ? 32 : vlen + 1;
		free(p->v);
		p->v = xmalloc(p->vcap);
	}
	memcpy(p->v, v, vlen);
	p->v[vlen] = '\0';
	p->vlen = vlen;
	p->has = 1;
	p->has_time = has_time;
	p->t = t;
	p->seq = seq;
}

static void
quant_sketch(struct quant *q)
{
	size_t i;

	if (q->dd != NULL)
		return;
	q->dd = xmalloc(sizeof(*q->dd));
	sketch_dd_init(q->dd);
	for (i = 0; i < q->n; i++)
		sketch_dd_add(q->dd, q->v[i], 1);
	free(q->v);
	q->v = NULL;
	q->n = q->cap = 0;
}

static void
quant_add(struct quant *q, double d, size_t limit)
{
	if (q->dd != NULL) {
		sketch_dd_add(q->dd, d, 1);
		return;
	}
	if (q->n == q->cap) {
		/* Never more room than the limit needs: limit + 1 values. */
		q->cap = q->cap ? q->cap * 2 : 16;
		if (q->cap > limit + 1)
			q->cap = limit + 1;
		q->v = xreallocarray(q->v, q->cap, sizeof(*q->v));
	}
	q->v[q->n++] = d;
	q->sorted = 0;
	if (q->n > limit)
		quant_sketch(q);
}

static void
distinct_add(struct distinct *ds, uint64_t h, size_t limit)
{
	if (ds->sketched) {
		sketch_hll_add(&ds->hll, h);
		return;
	}
	sketch_hset_add(&ds->set, h);
	if (ds->set.n > limit) {
		sketch_hset_to_hll(&ds->set, &ds->hll);
		sketch_hset_release(&ds->set);
		ds->sketched = 1;
	}
}

void
agg_add(struct agg_spec *s, struct agg_acc *acc, struct agg_input *in)
{
	struct agg_def *d;
	struct agg_value *v;
	struct agg_acc *a;
	size_t k;

	for (k = 0; k < s->ndef; k++) {
		d = &s->def[k];
		a = &acc[k];
		v = d->field >= 0 ? &in->val[d->field] : NULL;
		switch (d->fn) {
		case AGG_COUNT:
			if (v == NULL || value_present(v))
				a->u.count++;
			else
				d->skipped++;
			break;
		case AGG_SUM:
			if (!value_num(v))
				d->skipped++;
			else if (v->is_int)
				xsum_add_int(&a->u.sum, v->i);
			else {
				xsum_add_real(&a->u.sum, v->d);
				a->u.sum.real = 1;
			}
			break;
		case AGG_MIN:
		case AGG_MAX:
			if (!value_num(v))
				d->skipped++;
			else
				num_update(&a->u.mm, v->is_int, v->i, v->d,
				    d->fn == AGG_MIN);
			break;
		case AGG_MEAN:
			if (!value_num(v)) {
				d->skipped++;
				break;
			}
			a->u.mean.n++;
			if (v->is_int)
				xsum_add_int(&a->u.mean.s, v->i);
			else
				xsum_add_real(&a->u.mean.s, v->d);
			break;
		case AGG_VAR:
		case AGG_STDDEV:
			if (!value_num(v)) {
				d->skipped++;
				break;
			}
			a->u.var.n++;
			if (v->is_int)
				xsum_add_int(&a->u.var.s, v->i);
			else
				xsum_add_real(&a->u.var.s, v->d);
			xsum_add_square(&a->u.var.sq, v->is_int, v->i, v->d);
			break;
		case AGG_FIRST:
		case AGG_LAST:
			if (!value_present(v)) {
				d->skipped++;
				break;
			}
			if (!pick_wins(&a->u.pick, in->has_time, in->t,
			    in->seq, NULL, 0, d->fn == AGG_LAST))
				break;
			value_canon(v);
			pick_set(&a->u.pick, in->has_time, in->t, in->seq,
			    v->cp, v->cn);
			break;
		case AGG_DISTINCT:
			if (!value_present(v)) {
				d->skipped++;
				break;
			}
			value_canon(v);
			distinct_add(&a->u.dist, v->hash, s->distinct_limit);
			break;
		case AGG_PCT:
			if (!value_num(v)) {
				d->skipped++;
				break;
			}
			a->u.q.all_int &= v->is_int;
			quant_add(&a->u.q, v->d, s->exact_limit);
			break;
		case AGG_TOP:
			if (!value_present(v)) {
				d->skipped++;
				break;
			}
			value_canon(v);
			sketch_top_add(a->u.top, v->cp, v->cn, v->hash, 1);
			break;
		case AGG_RATE:
			if (v != NULL) {
				if (!value_num(v)) {
					d->skipped++;
					break;
				}
				if (v->is_int)
					xsum_add_int(&a->u.rate.s, v->i);
				else {
					xsum_add_real(&a->u.rate.s, v->d);
					a->u.rate.s.real = 1;
				}
			}
			a->u.rate.n++;
			if (in->has_time) {
				if (!a->u.rate.has_time || in->t < a->u.rate.t0)
					a->u.rate.t0 = in->t;
				if (!a->u.rate.has_time || in->t > a->u.rate.t1)
					a->u.rate.t1 = in->t;
				a->u.rate.has_time = 1;
			}
			break;
		}
	}
}

/* ---- merge ---- */

static void
quant_merge(struct quant *q, const struct quant *s, size_t limit)
{
	size_t i;

	q->all_int &= s->all_int;
	if (s->dd == NULL && q->dd == NULL && q->n + s->n <= limit) {
		for (i = 0; i < s->n; i++)
			quant_add(q, s->v[i], limit);
		return;
	}
	quant_sketch(q);
	if (s->dd != NULL)
		sketch_dd_merge(q->dd, s->dd);
	for (i = 0; i < s->n; i++)
		sketch_dd_add(q->dd, s->v[i], 1);
}

static void
distinct_merge(struct distinct *d, const struct distinct *s, size_t limit)
{
	size_t i;

	if (!d->sketched && !s->sketched) {
		for (i = 0; s->set.h != NULL && i <= s->set.mask; i++)
			if (s->set.h[i] != 0)
				distinct_add(d, s->set.h[i], limit);
		return;
	}
	if (!d->sketched) {
		sketch_hset_to_hll(&d->set, &d->hll);
		sketch_hset_release(&d->set);
		d->sketched = 1;
	}
	if (s->sketched)
		sketch_hll_merge(&d->hll, &s->hll);
	else
		sketch_hset_to_hll(&s->set, &d->hll);
}

static void
acc_merge(const struct agg_spec *s, const struct agg_def *d,
    struct agg_acc *a, const struct agg_acc *b)
{
	const struct pick *p;

	switch (d->fn) {
	case AGG_COUNT:
		a->u.count += b->u.count;
		break;
	case AGG_SUM:
		xsum_merge(&a->u.sum, &b->u.sum);
		break;
	case AGG_MIN:
	case AGG_MAX:
		if (b->u.mm.has)
			num_update(&a->u.mm, b->u.mm.is_int, b->u.mm.i,
			    b->u.mm.d, d->fn == AGG_MIN);
		break;
	case AGG_MEAN:
		a->u.mean.n += b->u.mean.n;
		xsum_merge(&a->u.mean.s, &b->u.mean.s);
		break;
	case AGG_VAR:
	case AGG_STDDEV:
		a->u.var.n += b->u.var.n;
		xsum_merge(&a->u.var.s, &b->u.var.s);
		xsum_merge(&a->u.var.sq, &b->u.var.sq);
		break;
	case AGG_FIRST:
	case AGG_LAST:
		p = &b->u.pick;
		if (p->has && pick_wins(&a->u.pick, p->has_time, p->t, p->seq,
		    p->v, p->vlen, d->fn == AGG_LAST))
			pick_set(&a->u.pick, p->has_time, p->t, p->seq, p->v,
			    p->vlen);
		break;
	case AGG_DISTINCT:
		distinct_merge(&a->u.dist, &b->u.dist, s->distinct_limit);
		break;
	case AGG_PCT:
		quant_merge(&a->u.q, &b->u.q, s->exact_limit);
		break;
	case AGG_TOP:
		sketch_top_merge(a->u.top, b->u.top);
		break;
	case AGG_RATE:
		a->u.rate.n += b->u.rate.n;
		xsum_merge(&a->u.rate.s, &b->u.rate.s);
		if (b->u.rate.has_time) {
			if (!a->u.rate.has_time || b->u.rate.t0 < a->u.rate.t0)
				a->u.rate.t0 = b->u.rate.t0;
			if (!a->u.rate.has_time || b->u.rate.t1 > a->u.rate.t1)
				a->u.rate.t1 = b->u.rate.t1;
			a->u.rate.has_time = 1;
		}
		break;
	}
}

void
agg_merge(const struct agg_spec *s, struct agg_acc *dst,
    const struct agg_acc *src)
{
	size_t k;

	for (k = 0; k < s->ndef; k++)
		acc_merge(s, &s->def[k], &dst[k], &src[k]);
}

/* ---- results ---- */

/* A double that holds an integer, written as one when it fits int64. */
static void
write_intish(struct strbuf *sb, double d, int as_int)
{
	if (as_int && d == floor(d) && d >= -9223372036854775808.0 &&
	    d < 9223372036854775808.0)
		jsonw_int(sb, (int64_t)d);
	else
		jsonw_real(sb, d);
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The nearest rank ceil(n p), 1-based, within 1 .. n. */
static uint64_t
pct_rank(const struct agg_def *d, uint64_t n)
{
	uint64_t r;

	r = n / d->pden * d->pnum +
	    ((n % d->pden) * d->pnum + d->pden - 1) / d->pden;
	return r < 1 ? 1 : r > n ? n : r;
}

static double
quant_at(struct quant *q, uint64_t rank)
{
	return q->dd != NULL ? sketch_dd_at(q->dd, rank) : q->v[rank - 1];
}

static void
quant_result(const struct agg_spec *s, const struct agg_def *d,
    struct quant *q, struct strbuf *sb)
{
	uint64_t n = q->dd != NULL ? q->dd->count : q->n, lo;
	double h, a, b;

	if (n == 0) {
		strbuf_add(sb, "null", 4);
		return;
	}
	if (q->dd == NULL && !q->sorted) {
		qsort(q->v, q->n, sizeof(*q->v), dbl_cmp);
		q->sorted = 1;
	}
	if (!s->interpolate) {
		a = quant_at(q, pct_rank(d, n));
		write_intish(sb, a, q->all_int && q->dd == NULL);
		return;
	}
	/* R type 7: between ranks floor(h) + 1 and floor(h) + 2. */
	h = (double)(n - 1) * ((double)d->pnum / (double)d->pden);
	lo = (uint64_t)floor(h);
	if (lo > n - 1)
		lo = n - 1;
	a = quant_at(q, lo + 1);
	b = lo + 1 < n ? quant_at(q, lo + 2) : a;
	jsonw_real(sb, a + (h - (double)lo) * (b - a));
}

static void
write_xsum(struct strbuf *sb, const struct xsum *x)
{
	double v;

	if (!x->real) {
		jsonw_int(sb, x->i);
		return;
	}
	v = xsum_value(x);
	jsonw_real(sb, v);
}

/* Sample variance; -1 if there are fewer than 2 values or it overflows. */
static int
var_value(const struct agg_acc *a, double *out)
{
	struct scratch t;
	const double *sp, *qp;
	double l[66], *lp, nd, hi, lo;
	uint32_t k, j, nl;

	if (a->u.var.n < 2)
		return -1;
	nd = (double)a->u.var.n;
	sp = xsum_parts(&a->u.var.s);
	qp = xsum_parts(&a->u.var.sq);
	/* Sx as a list of doubles: its partials and its int64 part. */
	nl = a->u.var.s.np + 2;
	lp = nl <= NELEM(l) ? l : xreallocarray(NULL, nl, sizeof(*lp));
	memcpy(lp, sp, a->u.var.s.np * sizeof(*lp));
	split_int(a->u.var.s.i, &lp[nl - 2], &lp[nl - 1]);
	/* n Sxx - Sx Sx, exactly. */
	scratch_init(&t);
	for (k = 0; k < a->u.var.sq.np; k++) {
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

static void
acc_result(const struct agg_spec *s, const struct agg_def *d,
    struct agg_acc *a, double secs, struct strbuf *sb)
{
	double v, span;

	switch (d->fn) {
	case AGG_COUNT:
		jsonw_int(sb, (int64_t)a->u.count);
		break;
	case AGG_SUM:
		write_xsum(sb, &a->u.sum);
		break;
	case AGG_MIN:
	case AGG_MAX:
		if (!a->u.mm.has)
			strbuf_add(sb, "null", 4);
		else if (a->u.mm.is_int)
			jsonw_int(sb, a->u.mm.i);
		else
			jsonw_real(sb, a->u.mm.d);
		break;
	case AGG_MEAN:
		if (a->u.mean.n == 0)
			strbuf_add(sb, "null", 4);
		else
			jsonw_real(sb, xsum_value(&a->u.mean.s) /
			    (double)a->u.mean.n);
		break;
	case AGG_VAR:
	case AGG_STDDEV:
		if (var_value(a, &v) == -1)
			strbuf_add(sb, "null", 4);
		else
			jsonw_real(sb, d->fn == AGG_VAR ? v : sqrt(v));
		break;
	case AGG_FIRST:
	case AGG_LAST:
		if (a->u.pick.has)
			strbuf_add(sb, a->u.pick.v, a->u.pick.vlen);
		else
			strbuf_add(sb, "null", 4);
		break;
	case AGG_DISTINCT:
		if (a->u.dist.sketched)
			jsonw_int(sb, (int64_t)llround(
			    sketch_hll_estimate(&a->u.dist.hll)));
		else
			jsonw_int(sb, (int64_t)a->u.dist.set.n);
		break;
	case AGG_PCT:
		quant_result(s, d, &a->u.q, sb);
		break;
	case AGG_TOP:
		sketch_top_result(a->u.top, d->k, sb);
		break;
	case AGG_RATE:
		span = secs;
		if (span <= 0 && a->u.rate.has_time)
			span = (double)(a->u.rate.t1 - a->u.rate.t0) / 1e9;
		v = d->field >= 0 ? xsum_value(&a->u.rate.s) :
		    (double)a->u.rate.n;
		if (span > 0)
			jsonw_real(sb, v / span);
		else
			strbuf_add(sb, "null", 4);
		break;
	}
}

void
agg_result(const struct agg_spec *s, struct agg_acc *acc, double secs,
    struct strbuf *sb)
{
	size_t k;

	for (k = 0; k < s->ndef; k++) {
		strbuf_addch(sb, ',');
		jsonw_string(sb, s->def[k].name, strlen(s->def[k].name));
		strbuf_addch(sb, ':');
		acc_result(s, &s->def[k], &acc[k], secs, sb);
	}
}

/* ---- serialise ---- */

static void
ser_xsum(struct strbuf *sb, const struct xsum *x)
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

static void
ser_time(struct strbuf *sb, int has, int64_t t)
{
	if (has)
		jsonw_int(sb, t);
	else
		strbuf_add(sb, "null", 4);
}

static void
acc_serialize(const struct agg_def *d, const struct agg_acc *a,
    struct strbuf *sb)
{
	const struct quant *q;
	size_t i;

	switch (d->fn) {
	case AGG_COUNT:
		jsonw_int(sb, (int64_t)a->u.count);
		break;
	case AGG_SUM:
		ser_xsum(sb, &a->u.sum);
		break;
	case AGG_MIN:
	case AGG_MAX:
		if (!a->u.mm.has)
			strbuf_add(sb, "null", 4);
		else if (a->u.mm.is_int)
			jsonw_int(sb, a->u.mm.i);
		else
			jsonw_real(sb, a->u.mm.d);
		break;
	case AGG_MEAN:
		strbuf_addstr(sb, "{\"n\":");
		jsonw_int(sb, (int64_t)a->u.mean.n);
		strbuf_addstr(sb, ",\"sum\":");
		ser_xsum(sb, &a->u.mean.s);
		strbuf_addch(sb, '}');
		break;
	case AGG_VAR:
	case AGG_STDDEV:
		strbuf_addstr(sb, "{\"n\":");
		jsonw_int(sb, (int64_t)a->u.var.n);
		strbuf_addstr(sb, ",\"sum\":");
		ser_xsum(sb, &a->u.var.s);
		strbuf_addstr(sb, ",\"sq\":");
		ser_xsum(sb, &a->u.var.sq);
		strbuf_addch(sb, '}');
		break;
	case AGG_FIRST:
	case AGG_LAST:
		if (!a->u.pick.has) {
			strbuf_add(sb, "null", 4);
			break;
		}
		strbuf_addstr(sb, "{\"v\":");
		strbuf_add(sb, a->u.pick.v, a->u.pick.vlen);
		strbuf_addstr(sb, ",\"t\":");
		ser_time(sb, a->u.pick.has_time, a->u.pick.t);
		strbuf_addstr(sb, ",\"seq\":");
		jsonw_int(sb, (int64_t)a->u.pick.seq);
		strbuf_addch(sb, '}');
		break;
	case AGG_DISTINCT:
		if (a->u.dist.sketched) {
			strbuf_addstr(sb, "{\"hll\":");
			sketch_hll_serialize(&a->u.dist.hll, sb);
		} else {
			strbuf_addstr(sb, "{\"exact\":");
			sketch_hset_serialize(&a->u.dist.set, sb);
		}
		strbuf_addch(sb, '}');
		break;
	case AGG_PCT:
		q = &a->u.q;
		strbuf_addstr(sb, q->all_int ? "{\"int\":true," :
		    "{\"int\":false,");
		if (q->dd != NULL) {
			strbuf_addstr(sb, "\"dd\":");
			sketch_dd_serialize(q->dd, sb);
		} else {
			strbuf_addstr(sb, "\"exact\":[");
			for (i = 0; i < q->n; i++) {
				if (i > 0)
					strbuf_addch(sb, ',');
				write_intish(sb, q->v[i], q->all_int);
			}
			strbuf_addch(sb, ']');
		}
		strbuf_addch(sb, '}');
		break;
	case AGG_TOP:
		sketch_top_serialize(a->u.top, sb);
		break;
	case AGG_RATE:
		strbuf_addstr(sb, "{\"n\":");
		jsonw_int(sb, (int64_t)a->u.rate.n);
		strbuf_addstr(sb, ",\"sum\":");
		ser_xsum(sb, &a->u.rate.s);
		strbuf_addstr(sb, ",\"t0\":");
		ser_time(sb, a->u.rate.has_time, a->u.rate.t0);
		strbuf_addstr(sb, ",\"t1\":");
		ser_time(sb, a->u.rate.has_time, a->u.rate.t1);
		strbuf_addch(sb, '}');
		break;
	}
}

void
agg_serialize(const struct agg_spec *s, const struct agg_acc *acc,
    struct strbuf *sb)
{
	size_t k;

	strbuf_addch(sb, '[');
	for (k = 0; k < s->ndef; k++) {
		if (k > 0)
			strbuf_addch(sb, ',');
		acc_serialize(&s->def[k], &acc[k], sb);
	}
	strbuf_addch(sb, ']');
}

/* ---- deserialise ---- */

static int
de_count(const struct jval *v, uint64_t *out)
{
	int64_t i;

	if (jval_int64(v, &i) == -1 || i < 0)
		return -1;
	*out = (uint64_t)i;
	return 0;
}

static int
de_bool(const struct jval *v, int *out)
{
	if (v->type != JT_TRUE && v->type != JT_FALSE)
		return -1;
	*out = v->type == JT_TRUE;
	return 0;
}

static int
de_number(const struct jval *v, int *is_int, int64_t *i, double *d)
{
	if (v->type != JT_NUMBER)
		return -1;
	if (jval_int64(v, i) == 0) {
		*is_int = 1;
		*d = (double)*i;
		return 0;
	}
	*is_int = 0;
	jval_double(v, d);
	return isfinite(*d) ? 0 : -1;
}

static int
de_xsum(const struct jval *v, struct xsum *x)
{
	struct jval iv, fp, real, e;
	struct jiter it;
	double d;
	int64_t i;

	if (v->type != JT_OBJECT || !jval_find(v, "int", 3, &iv) ||
	    !jval_find(v, "fp", 2, &fp) || !jval_find(v, "real", 4, &real) ||
	    jval_int64(&iv, &i) == -1 || fp.type != JT_ARRAY ||
	    de_bool(&real, &x->real) == -1)
		return -1;
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

static int
de_time(const struct jval *v, int *has, int64_t *t)
{
	if (v->type == JT_NULL) {
		*has = 0;
		*t = 0;
		return 0;
	}
	*has = 1;
	return jval_int64(v, t);
}

static int
de_quant(const struct agg_spec *s, const struct jval *v, struct quant *q)
{
	struct sluice_err e;
	struct jval iv, list, x;
	struct jiter it;
	int is_int;
	int64_t i;
	double d;

	if (v->type != JT_OBJECT || !jval_find(v, "int", 3, &iv) ||
	    de_bool(&iv, &q->all_int) == -1)
		return -1;
	if (jval_find(v, "dd", 2, &list)) {
		q->dd = xmalloc(sizeof(*q->dd));
		sketch_dd_init(q->dd);
		return sketch_dd_deserialize(q->dd, &list, &e);
	}
	if (!jval_find(v, "exact", 5, &list) || list.type != JT_ARRAY)
		return -1;
	jiter_init(&it, &list);
	while (jiter_next(&it, NULL, &x)) {
		if (de_number(&x, &is_int, &i, &d) == -1)
			return -1;
		quant_add(q, d, s->exact_limit);
	}
	return 0;
}

static int
acc_deserialize(const struct agg_spec *s, const struct agg_def *d,
    struct agg_acc *a, const struct jval *v)
{
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err e;
	struct jval n, x, y, z;
	int r = -1;

	switch (d->fn) {
	case AGG_COUNT:
		return de_count(v, &a->u.count);
	case AGG_SUM:
		return de_xsum(v, &a->u.sum);
	case AGG_MIN:
	case AGG_MAX:
		if (v->type == JT_NULL)
			return 0;
		a->u.mm.has = 1;
		return de_number(v, &a->u.mm.is_int, &a->u.mm.i, &a->u.mm.d);
	case AGG_MEAN:
		if (v->type != JT_OBJECT || !jval_find(v, "n", 1, &n) ||
		    !jval_find(v, "sum", 3, &x))
			return -1;
		if (de_count(&n, &a->u.mean.n) == -1)
			return -1;
		return de_xsum(&x, &a->u.mean.s);
	case AGG_VAR:
	case AGG_STDDEV:
		if (v->type != JT_OBJECT || !jval_find(v, "n", 1, &n) ||
		    !jval_find(v, "sum", 3, &x) || !jval_find(v, "sq", 2, &y))
			return -1;
		if (de_count(&n, &a->u.var.n) == -1 ||
		    de_xsum(&x, &a->u.var.s) == -1)
			return -1;
		return de_xsum(&y, &a->u.var.sq);
	case AGG_FIRST:
	case AGG_LAST:
		if (v->type == JT_NULL)
			return 0;
		if (v->type != JT_OBJECT || !jval_find(v, "v", 1, &x) ||
		    !jval_find(v, "t", 1, &y) || !jval_find(v, "seq", 3, &z))
			return -1;
		canon_append(&sb, &x);
		if (de_time(&y, &a->u.pick.has_time, &a->u.pick.t) == 0 &&
		    de_count(&z, &a->u.pick.seq) == 0) {
			pick_set(&a->u.pick, a->u.pick.has_time, a->u.pick.t,
			    a->u.pick.seq, sb.buf, sb.len);
			r = 0;
		}
		strbuf_release(&sb);
		return r;
	case AGG_DISTINCT:
		if (v->type != JT_OBJECT)
			return -1;
		if (jval_find(v, "hll", 3, &x)) {
			a->u.dist.sketched = 1;
			return sketch_hll_deserialize(&a->u.dist.hll, &x, &e);
		}
		if (!jval_find(v, "exact", 5, &x))
			return -1;
		if (sketch_hset_deserialize(&a->u.dist.set, &x, &e) == -1)
			return -1;
		if (a->u.dist.set.n > s->distinct_limit) {
			sketch_hset_to_hll(&a->u.dist.set, &a->u.dist.hll);
			sketch_hset_release(&a->u.dist.set);
			a->u.dist.sketched = 1;
		}
		return 0;
	case AGG_PCT:
		return de_quant(s, v, &a->u.q);
	case AGG_TOP:
		return sketch_top_deserialize(a->u.top, v, &e);
	case AGG_RATE:
		if (v->type != JT_OBJECT || !jval_find(v, "n", 1, &n) ||
		    !jval_find(v, "sum", 3, &x) || !jval_find(v, "t0", 2, &y) ||
		    !jval_find(v, "t1", 2, &z))
			return -1;
		if (de_count(&n, &a->u.rate.n) == -1 ||
		    de_xsum(&x, &a->u.rate.s) == -1 ||
		    de_time(&y, &a->u.rate.has_time, &a->u.rate.t0) == -1 ||
		    de_time(&z, &a->u.rate.has_time, &a->u.rate.t1) == -1)
			return -1;
		return 0;
	}
	return -1;
}

int
agg_deserialize(const struct agg_spec *s, struct agg_acc *acc,
    const struct jval *state, struct sluice_err *err)
{
	struct agg_acc *tmp;
	struct jiter it;
	struct jval v;
	size_t k = 0;

	if (state->type != JT_ARRAY)
		return err_set(err, 0, "the state is not an array");
	tmp = agg_new(s);
	jiter_init(&it, state);
	while (jiter_next(&it, NULL, &v)) {
		if (k >= s->ndef) {
			agg_free(s, tmp);
			return err_set(err, 0, "the state has more than %zu "
			    "elements", s->ndef);
		}
		if (acc_deserialize(s, &s->def[k], &tmp[k], &v) == -1) {
			agg_free(s, tmp);
			return err_set(err, 0, "bad state of %s",
			    s->def[k].name);
		}
		k++;
	}
	if (k != s->ndef) {
		agg_free(s, tmp);
		return err_set(err, 0, "the state has %zu elements, not %zu",
		    k, s->ndef);
	}
	agg_merge(s, acc, tmp);
	agg_free(s, tmp);
	return 0;
}

/* ---- the block ---- */

struct agg_acc *
agg_new(const struct agg_spec *s)
{
	struct agg_acc *acc;
	size_t k;

	acc = xreallocarray(NULL, s->ndef + 1, sizeof(*acc));
	for (k = 0; k < s->ndef; k++)
		acc_init(s, &s->def[k], &acc[k]);
	return acc;
}

void
agg_free(const struct agg_spec *s, struct agg_acc *acc)
{
	size_t k;

	if (acc == NULL)
		return;
	for (k = 0; k < s->ndef; k++)
		acc_release(&s->def[k], &acc[k]);
	free(acc);
}
