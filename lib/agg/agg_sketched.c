/* SPDX-License-Identifier: MIT */
/* agg_sketched.c -- the functions exact up to a limit, then sketches: distinct, pNN, top. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg_int.h"
#include "agg/sketch.h"
#include "json/jsonw.h"

/* ---- distinct: a set of hashes, then HyperLogLog ---- */

struct distinct {
	struct sketch_hset	 set;
	struct sketch_hll	 hll;
	int			 sketched;
};
AGG_STATE_CHECK(struct distinct);

/* Past the limit: the set's members go into the HyperLogLog. */
static void
distinct_sketch(struct distinct *ds)
{
	sketch_hset_to_hll(&ds->set, &ds->hll);
	sketch_hset_release(&ds->set);
	ds->sketched = 1;
}

static void
distinct_hash(struct distinct *ds, uint64_t h, size_t limit)
{
	if (ds->sketched) {
		sketch_hll_add(&ds->hll, h);
		return;
	}
	sketch_hset_add(&ds->set, h);
	if (ds->set.n > limit)
		distinct_sketch(ds);
}

static int
distinct_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	if (!agg_value_present(v))
		return 0;
	agg_value_canon(v);
	distinct_hash(st, v->hash, s->distinct_limit);
	return 1;
}

static void
distinct_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	struct distinct *a = st;
	const struct distinct *b = src;
	size_t i;

	if (!a->sketched && !b->sketched) {
		for (i = 0; b->set.h != NULL && i <= b->set.mask; i++)
			if (b->set.h[i] != 0)
				distinct_hash(a, b->set.h[i],
				    s->distinct_limit);
		return;
	}
	if (!a->sketched)
		distinct_sketch(a);
	if (b->sketched)
		sketch_hll_merge(&a->hll, &b->hll);
	else
		sketch_hset_to_hll(&b->set, &a->hll);
}

static void
distinct_result(const struct agg_spec *s, const struct agg_def *d,
    void *st, double secs, struct strbuf *sb)
{
	struct distinct *ds = st;

	if (ds->sketched)
		jsonw_int(sb, (int64_t)llround(sketch_hll_estimate(&ds->hll)));
	else
		jsonw_int(sb, (int64_t)ds->set.n);
}

static void
distinct_serialize(const struct agg_def *d, const void *st,
    struct strbuf *sb)
{
	const struct distinct *ds = st;

	if (ds->sketched) {
		strbuf_addstr(sb, "{\"hll\":");
		sketch_hll_serialize(&ds->hll, sb);
	} else {
		strbuf_addstr(sb, "{\"exact\":");
		sketch_hset_serialize(&ds->set, sb);
	}
	strbuf_addch(sb, '}');
}

static int
distinct_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	struct distinct *ds = st;
	struct sluice_err e;
	struct jval x;

	if (v->type != JT_OBJECT)
		return -1;
	if (jval_find(v, "hll", 3, &x)) {
		ds->sketched = 1;
		return sketch_hll_deserialize(&ds->hll, &x, &e);
	}
	if (!jval_find(v, "exact", 5, &x) ||
	    sketch_hset_deserialize(&ds->set, &x, &e) == -1)
		return -1;
	if (ds->set.n > s->distinct_limit)
		distinct_sketch(ds);
	return 0;
}

static void
distinct_release(const struct agg_def *d, void *st)
{
	struct distinct *ds = st;

	sketch_hset_release(&ds->set);
	sketch_hll_release(&ds->hll);
}

const struct agg_method agg_distinct = {
	.name = "distinct",
	.need_field = 1,
	.rule = MERGE_NONE,
	.size = sizeof(struct distinct),
	.add = distinct_add,
	.merge = distinct_merge,
	.result = distinct_result,
	.serialize = distinct_serialize,
	.deserialize = distinct_deserialize,
	.release = distinct_release
};

/* ---- pNN and median: the values, then DDSketch ---- */

struct quant {
	double		*v;		/* exact: the values */
	size_t		 n;
	size_t		 cap;
	int		 sorted;
	int		 all_int;
	struct sketch_dd *dd;		/* past the limit: the sketch */
};
AGG_STATE_CHECK(struct quant);

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

static int
pct_parse(struct agg_def *d, const char *s, size_t n, struct sluice_err *err)
{
	if (n == 6 && memcmp(s, "median", 6) == 0) {
		d->pnum = 50;
		d->pden = 100;
		return 1;
	}
	if (n < 2 || s[0] != 'p' || s[1] < '0' || s[1] > '9')
		return 0;
	if (parse_pct(s + 1, n - 1, &d->pnum, &d->pden) == -1)
		return err_set(err, 0, "bad percentile '%.*s' (expected p0 "
		    "to p100, such as p95 or p99.9)", (int)n, s);
	return 1;
}

static void
quant_init(const struct agg_spec *s, const struct agg_def *d, void *st)
{
	struct quant *q = st;

	q->all_int = 1;
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
quant_value(struct quant *q, double d, size_t limit)
{
	if (q->dd != NULL) {
		sketch_dd_add(q->dd, d, 1);
		return;
	}
	if (q->n == q->cap) {
		/*
		 * From 3 values (24 bytes, the smallest allocation), never
		 * more room than the limit needs: limit + 1 values.
		 */
		q->cap = q->cap ? q->cap * 2 : 3;
		if (q->cap > limit + 1)
			q->cap = limit + 1;
		q->v = xreallocarray(q->v, q->cap, sizeof(*q->v));
	}
	q->v[q->n++] = d;
	q->sorted = 0;
	if (q->n > limit)
		quant_sketch(q);
}

static int
quant_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	struct quant *q = st;

	if (!agg_value_num(v))
		return 0;
	q->all_int &= v->is_int;
	quant_value(q, v->d, s->exact_limit);
	return 1;
}

static void
quant_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	struct quant *q = st;
	const struct quant *b = src;
	size_t i;

	q->all_int &= b->all_int;
	if (b->dd == NULL && q->dd == NULL && q->n + b->n <= s->exact_limit) {
		for (i = 0; i < b->n; i++)
			quant_value(q, b->v[i], s->exact_limit);
		return;
	}
	quant_sketch(q);
	if (b->dd != NULL)
		sketch_dd_merge(q->dd, b->dd);
	for (i = 0; i < b->n; i++)
		sketch_dd_add(q->dd, b->v[i], 1);
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
quant_at(const struct quant *q, uint64_t rank)
{
	return q->dd != NULL ? sketch_dd_at(q->dd, rank) : q->v[rank - 1];
}

static void
quant_result(const struct agg_spec *s, const struct agg_def *d, void *st,
    double secs, struct strbuf *sb)
{
	struct quant *q = st;
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
		agg_json_write_intish(sb, a, q->all_int && q->dd == NULL);
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
quant_serialize(const struct agg_def *d, const void *st, struct strbuf *sb)
{
	const struct quant *q = st;
	size_t i;

	strbuf_addstr(sb, q->all_int ? "{\"int\":true," : "{\"int\":false,");
	if (q->dd != NULL) {
		strbuf_addstr(sb, "\"dd\":");
		sketch_dd_serialize(q->dd, sb);
	} else {
		strbuf_addstr(sb, "\"exact\":[");
		for (i = 0; i < q->n; i++) {
			if (i > 0)
				strbuf_addch(sb, ',');
			agg_json_write_intish(sb, q->v[i], q->all_int);
		}
		strbuf_addch(sb, ']');
	}
	strbuf_addch(sb, '}');
}

static int
quant_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	struct quant *q = st;
	struct sluice_err e;
	struct jval iv, list, x;
	struct jiter it;
	int is_int;
	int64_t i;
	double dv;

	if (v->type != JT_OBJECT || !jval_find(v, "int", 3, &iv) ||
	    agg_json_bool(&iv, &q->all_int) == -1)
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
		if (agg_json_number(&x, &is_int, &i, &dv) == -1)
			return -1;
		quant_value(q, dv, s->exact_limit);
	}
	return 0;
}

static void
quant_release(const struct agg_def *d, void *st)
{
	struct quant *q = st;

	free(q->v);
	if (q->dd != NULL) {
		sketch_dd_release(q->dd);
		free(q->dd);
	}
}

const struct agg_method agg_pct = {
	.name = "pNN, median",
	.parse = pct_parse,
	.need_field = 1,
	.rule = MERGE_NONE,
	.size = sizeof(struct quant),
	.init = quant_init,
	.add = quant_add,
	.merge = quant_merge,
	.result = quant_result,
	.serialize = quant_serialize,
	.deserialize = quant_deserialize,
	.release = quant_release
};

/* ---- topK: exact counts, then Space-Saving ---- */

AGG_STATE_CHECK(struct sketch_top);

static int
top_parse(struct agg_def *d, const char *s, size_t n, struct sluice_err *err)
{
	char *end;
	size_t k;

	if (n <= 3 || memcmp(s, "top", 3) != 0 || s[3] < '1' || s[3] > '9')
		return 0;
	k = strtoul(s + 3, &end, 10);
	if (end != s + n || k == 0 || n > 10)
		return err_set(err, 0, "bad top '%.*s' (expected top and a "
		    "count, such as top5)", (int)n, s);
	d->k = k;
	return 1;
}

static void
top_init(const struct agg_spec *s, const struct agg_def *d, void *st)
{
	sketch_top_init(st, s->exact_limit);
}

static int
top_add(const struct agg_spec *s, const struct agg_def *d, void *st,
    struct agg_value *v, const struct agg_input *in)
{
	if (!agg_value_present(v))
		return 0;
	agg_value_canon(v);
	sketch_top_add(st, v->cp, v->cn, v->hash, 1);
	return 1;
}

static void
top_merge(const struct agg_spec *s, const struct agg_def *d, void *st,
    const void *src)
{
	sketch_top_merge(st, src);
}

static void
top_result(const struct agg_spec *s, const struct agg_def *d, void *st,
    double secs, struct strbuf *sb)
{
	sketch_top_result(st, d->k, sb);
}

static void
top_serialize(const struct agg_def *d, const void *st, struct strbuf *sb)
{
	sketch_top_serialize(st, sb);
}

static int
top_deserialize(const struct agg_spec *s, const struct agg_def *d,
    void *st, const struct jval *v)
{
	struct sluice_err e;

	return sketch_top_deserialize(st, v, &e);
}

static void
top_release(const struct agg_def *d, void *st)
{
	sketch_top_release(st);
}

const struct agg_method agg_top = {
	.name = "topK",
	.parse = top_parse,
	.need_field = 1,
	.rule = MERGE_NONE,
	.size = sizeof(struct sketch_top),
	.init = top_init,
	.add = top_add,
	.merge = top_merge,
	.result = top_result,
	.serialize = top_serialize,
	.deserialize = top_deserialize,
	.release = top_release
};
