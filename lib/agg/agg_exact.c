/* SPDX-License-Identifier: MIT */
/* agg_exact.c -- the exact functions: count, sum, min, max, mean, var, first, last, rate. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg_int.h"
#include "agg/xsum.h"
#include "json/canon.h"
#include "json/jsonw.h"

static void
write_null(struct strbuf *sb)
{
	strbuf_add(sb, "null", 4);
}

/* ---- count ---- */

static int
count_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	if (v != NULL && !agg_value_present(v))
		return 0;
	(*(uint64_t *)st)++;
	return 1;
}

static void
count_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	*(uint64_t *)st += *(const uint64_t *)src;
}

static void
count_result(const struct agg_spec *s, const struct agg_def *d, void *st,
    double secs, struct strbuf *sb)
{
	jsonw_int(sb, (int64_t)*(uint64_t *)st);
}

static void
count_serialize(const struct agg_def *d, const void *st, struct strbuf *sb)
{
	jsonw_int(sb, (int64_t)*(const uint64_t *)st);
}

static int
count_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	return agg_json_count(v, st);
}

const struct agg_method agg_count = {
	.name = "count",
	.need_field = 0,
	.rule = MERGE_SUM,
	.size = sizeof(uint64_t),
	.add = count_add,
	.merge = count_merge,
	.result = count_result,
	.serialize = count_serialize,
	.deserialize = count_deserialize
};

/* ---- sum ---- */

AGG_STATE_CHECK(struct xsum);

static int
sum_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	if (!agg_value_num(v))
		return 0;
	xsum_add(st, v->is_int, v->i, v->d);
	return 1;
}

static void
sum_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	xsum_merge(st, src);
}

static void
sum_result(const struct agg_spec *s, const struct agg_def *d, void *st,
    double secs, struct strbuf *sb)
{
	xsum_write(st, sb);
}

static void
sum_serialize(const struct agg_def *d, const void *st, struct strbuf *sb)
{
	xsum_serialize(st, sb);
}

static int
sum_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	return xsum_deserialize(st, v);
}

static void
sum_release(const struct agg_def *d, void *st)
{
	xsum_release(st);
}

const struct agg_method agg_sum = {
	.name = "sum",
	.need_field = 1,
	.rule = MERGE_SUM,
	.size = sizeof(struct xsum),
	.add = sum_add,
	.merge = sum_merge,
	.result = sum_result,
	.serialize = sum_serialize,
	.deserialize = sum_deserialize,
	.release = sum_release
};

/* ---- min and max ---- */

struct num {
	int		 has;
	int		 is_int;
	int64_t		 i;
	double		 d;
};
AGG_STATE_CHECK(struct num);

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

static int
min_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	if (!agg_value_num(v))
		return 0;
	num_update(st, v->is_int, v->i, v->d, 1);
	return 1;
}

static int
max_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	if (!agg_value_num(v))
		return 0;
	num_update(st, v->is_int, v->i, v->d, 0);
	return 1;
}

static void
min_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	const struct num *b = src;

	if (b->has)
		num_update(st, b->is_int, b->i, b->d, 1);
}

static void
max_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	const struct num *b = src;

	if (b->has)
		num_update(st, b->is_int, b->i, b->d, 0);
}

/* The value, or null: both the result and the state. */
static void
num_serialize(const struct agg_def *d, const void *st, struct strbuf *sb)
{
	const struct num *m = st;

	if (!m->has)
		write_null(sb);
	else if (m->is_int)
		jsonw_int(sb, m->i);
	else
		jsonw_real(sb, m->d);
}

static void
num_result(const struct agg_spec *s, const struct agg_def *d, void *st,
    double secs, struct strbuf *sb)
{
	num_serialize(d, st, sb);
}

static int
num_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	struct num *m = st;

	if (v->type == JT_NULL)
		return 0;
	m->has = 1;
	return agg_json_number(v, &m->is_int, &m->i, &m->d);
}

const struct agg_method agg_min = {
	.name = "min",
	.need_field = 1,
	.rule = MERGE_MIN,
	.size = sizeof(struct num),
	.add = min_add,
	.merge = min_merge,
	.result = num_result,
	.serialize = num_serialize,
	.deserialize = num_deserialize
};

const struct agg_method agg_max = {
	.name = "max",
	.need_field = 1,
	.rule = MERGE_MAX,
	.size = sizeof(struct num),
	.add = max_add,
	.merge = max_merge,
	.result = num_result,
	.serialize = num_serialize,
	.deserialize = num_deserialize
};

/* ---- mean, var and stddev: a count and exact sums ---- */

/* The count and the exact sum of the values taken. */
struct mean {
	uint64_t	 n;
	struct xsum	 s;
};
AGG_STATE_CHECK(struct mean);

/* The same, and the exact sum of their squares. */
struct moments {
	struct mean	 m;
	struct xsum	 sq;
};
AGG_STATE_CHECK(struct moments);

static int
mean_take(struct mean *m, struct agg_value *v)
{
	if (!agg_value_num(v))
		return 0;
	m->n++;
	if (v->is_int)
		xsum_add_int(&m->s, v->i);
	else
		xsum_add_real(&m->s, v->d);
	return 1;
}

static int
mean_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	return mean_take(st, v);
}

static int
var_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	struct moments *x = st;

	if (!mean_take(&x->m, v))
		return 0;
	xsum_add_square(&x->sq, v->is_int, v->i, v->d);
	return 1;
}

static void
mean_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	struct mean *a = st;
	const struct mean *b = src;

	a->n += b->n;
	xsum_merge(&a->s, &b->s);
}

static void
var_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	struct moments *a = st;
	const struct moments *b = src;

	mean_merge(s, d, &a->m, &b->m);
	xsum_merge(&a->sq, &b->sq);
}

static void
mean_result(const struct agg_spec *s, const struct agg_def *d, void *st,
    double secs, struct strbuf *sb)
{
	struct mean *m = st;

	if (m->n == 0)
		write_null(sb);
	else
		jsonw_real(sb, xsum_div(&m->s, m->n));
}

static void
var_result(const struct agg_spec *s, const struct agg_def *d, void *st,
    double secs, struct strbuf *sb)
{
	struct moments *x = st;
	double v;

	if (xsum_var(x->m.n, &x->m.s, &x->sq, &v) == -1)
		write_null(sb);
	else
		jsonw_real(sb, d->m == &agg_stddev ? sqrt(v) : v);
}

/* Append {"n":N,"sum":X of a count and a sum; the caller closes it. */
static void
nsum_serialize(uint64_t n, const struct xsum *x, struct strbuf *sb)
{
	strbuf_addstr(sb, "{\"n\":");
	jsonw_int(sb, (int64_t)n);
	strbuf_addstr(sb, ",\"sum\":");
	xsum_serialize(x, sb);
}

/* Read the n and sum of such an object: 0, or -1. */
static int
nsum_deserialize(const struct jval *v, uint64_t *n, struct xsum *x)
{
	struct jval nv, sv;

	if (v->type != JT_OBJECT || !jval_find(v, "n", 1, &nv) ||
	    !jval_find(v, "sum", 3, &sv) || agg_json_count(&nv, n) == -1)
		return -1;
	return xsum_deserialize(x, &sv);
}

static void
mean_serialize(const struct agg_def *d, const void *st, struct strbuf *sb)
{
	const struct mean *m = st;

	nsum_serialize(m->n, &m->s, sb);
	strbuf_addch(sb, '}');
}

static void
var_serialize(const struct agg_def *d, const void *st, struct strbuf *sb)
{
	const struct moments *x = st;

	nsum_serialize(x->m.n, &x->m.s, sb);
	strbuf_addstr(sb, ",\"sq\":");
	xsum_serialize(&x->sq, sb);
	strbuf_addch(sb, '}');
}

static int
mean_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	struct mean *m = st;

	return nsum_deserialize(v, &m->n, &m->s);
}

static int
var_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	struct moments *x = st;
	struct jval sq;

	if (v->type != JT_OBJECT || !jval_find(v, "sq", 2, &sq) ||
	    nsum_deserialize(v, &x->m.n, &x->m.s) == -1)
		return -1;
	return xsum_deserialize(&x->sq, &sq);
}

static void
mean_release(const struct agg_def *d, void *st)
{
	struct mean *m = st;

	xsum_release(&m->s);
}

static void
var_release(const struct agg_def *d, void *st)
{
	struct moments *x = st;

	xsum_release(&x->m.s);
	xsum_release(&x->sq);
}

const struct agg_method agg_mean = {
	.name = "mean",
	.need_field = 1,
	.rule = MERGE_NONE,
	.size = sizeof(struct mean),
	.add = mean_add,
	.merge = mean_merge,
	.result = mean_result,
	.serialize = mean_serialize,
	.deserialize = mean_deserialize,
	.release = mean_release
};

const struct agg_method agg_var = {
	.name = "var",
	.need_field = 1,
	.rule = MERGE_NONE,
	.size = sizeof(struct moments),
	.add = var_add,
	.merge = var_merge,
	.result = var_result,
	.serialize = var_serialize,
	.deserialize = var_deserialize,
	.release = var_release
};

const struct agg_method agg_stddev = {
	.name = "stddev",
	.need_field = 1,
	.rule = MERGE_NONE,
	.size = sizeof(struct moments),
	.add = var_add,
	.merge = var_merge,
	.result = var_result,
	.serialize = var_serialize,
	.deserialize = var_deserialize,
	.release = var_release
};

/* ---- first and last: the value (compact JSON) and where it came ---- */

struct pick {
	int		 has;
	int		 has_time;
	int64_t		 t;
	uint64_t	 seq;
	char		*v;
	size_t		 vlen;
	size_t		 vcap;
};
AGG_STATE_CHECK(struct pick);

/*
 * Order of candidates for first (want_last 0) or last: a value with an
 * event time wins over one without; then by time, then by arrival,
 * then (between shards) by value, then by text.  Returns 1 if the
 * candidate wins.
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
	else if ((c = canon_cmp_text(v, vlen, p->v, p->vlen)) == 0) {
		/* Equal values written differently (1, 1.0): by text. */
		c = memcmp(v, p->v, vlen < p->vlen ? vlen : p->vlen);
		if (c == 0)
			c = (vlen > p->vlen) - (vlen < p->vlen);
	}
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

static int
pick_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	struct pick *p = st;
	const char *text;
	size_t n;

	if (!agg_value_present(v))
		return 0;
	if (!pick_wins(p, in->has_time, in->t, in->seq, NULL, 0,
	    d->m == &agg_last))
		return 1;
	agg_value_compact(v, &text, &n);
	pick_set(p, in->has_time, in->t, in->seq, text, n);
	return 1;
}

static void
pick_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	const struct pick *p = src;

	if (p->has && pick_wins(st, p->has_time, p->t, p->seq, p->v,
	    p->vlen, d->m == &agg_last))
		pick_set(st, p->has_time, p->t, p->seq, p->v, p->vlen);
}

static void
pick_result(const struct agg_spec *s, const struct agg_def *d, void *st,
    double secs, struct strbuf *sb)
{
	struct pick *p = st;

	if (p->has)
		strbuf_add(sb, p->v, p->vlen);
	else
		write_null(sb);
}

static void
pick_serialize(const struct agg_def *d, const void *st, struct strbuf *sb)
{
	const struct pick *p = st;

	if (!p->has) {
		write_null(sb);
		return;
	}
	strbuf_addstr(sb, "{\"v\":");
	strbuf_add(sb, p->v, p->vlen);
	strbuf_addstr(sb, ",\"t\":");
	agg_json_write_time(sb, p->has_time, p->t);
	strbuf_addstr(sb, ",\"seq\":");
	jsonw_int(sb, (int64_t)p->seq);
	strbuf_addch(sb, '}');
}

static int
pick_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	struct strbuf sb = STRBUF_INIT;
	struct pick *p = st;
	struct jval x, y, z;
	int r = -1;

	if (v->type == JT_NULL)
		return 0;
	if (v->type != JT_OBJECT || !jval_find(v, "v", 1, &x) ||
	    !jval_find(v, "t", 1, &y) || !jval_find(v, "seq", 3, &z))
		return -1;
	canon_compact_append(&sb, &x);
	if (agg_json_time(&y, &p->has_time, &p->t) == 0 &&
	    agg_json_count(&z, &p->seq) == 0) {
		pick_set(p, p->has_time, p->t, p->seq, sb.buf, sb.len);
		r = 0;
	}
	strbuf_release(&sb);
	return r;
}

static void
pick_release(const struct agg_def *d, void *st)
{
	struct pick *p = st;

	free(p->v);
}

const struct agg_method agg_first = {
	.name = "first",
	.need_field = 1,
	.need_time = 1,
	.rule = MERGE_NONE,
	.size = sizeof(struct pick),
	.add = pick_add,
	.merge = pick_merge,
	.result = pick_result,
	.serialize = pick_serialize,
	.deserialize = pick_deserialize,
	.release = pick_release
};

const struct agg_method agg_last = {
	.name = "last",
	.need_field = 1,
	.need_time = 1,
	.rule = MERGE_NONE,
	.size = sizeof(struct pick),
	.add = pick_add,
	.merge = pick_merge,
	.result = pick_result,
	.serialize = pick_serialize,
	.deserialize = pick_deserialize,
	.release = pick_release
};

/* ---- rate: a count, a sum and the span of the event times ---- */

struct rate {
	uint64_t	 n;
	struct xsum	 s;
	int		 has_time;
	int64_t		 t0;
	int64_t		 t1;
};
AGG_STATE_CHECK(struct rate);

/* Widen the span [t0, t1] to hold [lo, hi]. */
static void
rate_span(struct rate *r, int64_t lo, int64_t hi)
{
	if (!r->has_time || lo < r->t0)
		r->t0 = lo;
	if (!r->has_time || hi > r->t1)
		r->t1 = hi;
	r->has_time = 1;
}

static int
rate_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	struct rate *r = st;

	if (v != NULL) {
		if (!agg_value_num(v))
			return 0;
		xsum_add(&r->s, v->is_int, v->i, v->d);
	}
	r->n++;
	if (in->has_time)
		rate_span(r, in->t, in->t);
	return 1;
}

static void
rate_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	struct rate *a = st;
	const struct rate *b = src;

	a->n += b->n;
	xsum_merge(&a->s, &b->s);
	if (b->has_time)
		rate_span(a, b->t0, b->t1);
}

static void
rate_result(const struct agg_spec *s, const struct agg_def *d, void *st,
    double secs, struct strbuf *sb)
{
	struct rate *r = st;
	double v, span = secs;

	if (span <= 0 && r->has_time)
		span = (double)(r->t1 - r->t0) / 1e9;
	v = d->field >= 0 ? xsum_value(&r->s) : (double)r->n;
	if (span > 0)
		jsonw_real(sb, v / span);
	else
		write_null(sb);
}

static void
rate_serialize(const struct agg_def *d, const void *st, struct strbuf *sb)
{
	const struct rate *r = st;

	nsum_serialize(r->n, &r->s, sb);
	strbuf_addstr(sb, ",\"t0\":");
	agg_json_write_time(sb, r->has_time, r->t0);
	strbuf_addstr(sb, ",\"t1\":");
	agg_json_write_time(sb, r->has_time, r->t1);
	strbuf_addch(sb, '}');
}

static int
rate_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	struct rate *r = st;
	struct jval y, z;

	if (v->type != JT_OBJECT || !jval_find(v, "t0", 2, &y) ||
	    !jval_find(v, "t1", 2, &z) ||
	    nsum_deserialize(v, &r->n, &r->s) == -1 ||
	    agg_json_time(&y, &r->has_time, &r->t0) == -1 ||
	    agg_json_time(&z, &r->has_time, &r->t1) == -1)
		return -1;
	return 0;
}

static void
rate_release(const struct agg_def *d, void *st)
{
	struct rate *r = st;

	xsum_release(&r->s);
}

const struct agg_method agg_rate = {
	.name = "rate",
	.need_field = 0,
	.need_time = 1,
	.rule = MERGE_SUM,
	.size = sizeof(struct rate),
	.add = rate_add,
	.merge = rate_merge,
	.result = rate_result,
	.serialize = rate_serialize,
	.deserialize = rate_deserialize,
	.release = rate_release
};
