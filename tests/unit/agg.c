/* SPDX-License-Identifier: MIT */
/* agg.c -- unit tests of the aggregate functions (lib/agg): each against an independent computation. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "json/record.h"
#include "json/scan.h"

#include "check.h"

/*
 * The records: {"x":X,"w":W}, X an integer, a real in eighths (so that
 * every sum is exact in a double too), null, a string or missing; W a
 * word of a skewed distribution.  Each has a distinct event time.
 */
#define NREC		3000
#define NWORD		60

struct sample {
	char	 text[96];
	char	 xtext[32];	/* X as written, "" if missing */
	int	 num;		/* X is a number */
	int64_t	 x8;		/* X * 8, exactly */
	int	 word;
	int64_t	 t;		/* ns */
};

static struct sample smp[NREC];
static size_t nsmp;

static uint64_t rng = 88172645463325252ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
make_samples(size_t n, int big)
{
	struct sample *s;
	uint64_t r;
	size_t i, j;
	int64_t k;

	nsmp = n;
	for (i = 0; i < n; i++) {
		s = &smp[i];
		memset(s, 0, sizeof(*s));
		r = next() % 100;
		k = (int64_t)(next() % (big ? 16000000 : 16000)) - 8000;
		s->num = 1;
		if (r < 40) {
			s->x8 = k * 8;
			snprintf(s->xtext, sizeof(s->xtext), "%lld",
			    (long long)k);
		} else if (r < 85) {
			if (k % 8 == 0)
				k++;
			s->x8 = k;
			/* Eighths have 3 decimals at most: drop zeros. */
			snprintf(s->xtext, sizeof(s->xtext), "%.3f",
			    (double)k / 8);
			for (j = strlen(s->xtext); s->xtext[j - 1] == '0'; j--)
				s->xtext[j - 1] = '\0';
		} else {
			s->num = 0;
			if (r < 90)
				strcpy(s->xtext, "null");
			else if (r < 95)
				strcpy(s->xtext, "\"n/a\"");
		}
		/* Skewed words: w0 the most frequent, each count apart. */
		s->word = (int)(pow((double)(next() % 1000000) / 1e6, 3) *
		    NWORD);
		/* Times: a permutation of 0 .. n-1 seconds, in ns. */
		s->t = (int64_t)((i * 7919) % n) * 1000000000;
		if (s->xtext[0] != '\0')
			snprintf(s->text, sizeof(s->text),
			    "{\"x\":%s,\"w\":\"w%d\"}", s->xtext, s->word);
		else
			snprintf(s->text, sizeof(s->text), "{\"w\":\"w%d\"}",
			    s->word);
	}
}

/* ---- running the functions ---- */

struct run {
	struct agg_spec	 spec;
	struct agg_input in;
	struct record	 rec;
};

static void
run_init(struct run *r, const char *list, size_t exact, size_t distinct)
{
	struct sluice_err e;

	memset(r, 0, sizeof(*r));
	agg_spec_init(&r->spec);
	r->spec.exact_limit = exact;
	r->spec.distinct_limit = distinct;
	if (agg_spec_parse(&r->spec, list, &e) == -1) {
		fprintf(stderr, "%s: %s\n", list, e.msg);
		exit(2);
	}
	agg_input_init(&r->in, &r->spec);
}

static void
run_release(struct run *r)
{
	agg_input_release(&r->in);
	agg_spec_release(&r->spec);
	record_release(&r->rec);
}

/* Add the samples from, from + step, ... below to. */
static void
feed(struct run *r, struct agg_acc *acc, size_t from, size_t to,
    size_t step)
{
	struct sluice_err e;
	size_t i;

	for (i = from; i < to; i += step) {
		if (record_parse(&r->rec, smp[i].text, strlen(smp[i].text),
		    &e) == -1) {
			fprintf(stderr, "bad sample %s\n", smp[i].text);
			exit(2);
		}
		agg_input_read(&r->in, &r->spec, &r->rec);
		r->in.has_time = 1;
		r->in.t = smp[i].t;
		r->in.seq = i + 1;
		agg_add(&r->spec, acc, &r->in);
	}
}

/* The result row of acc as text (a new string). */
static char *
result_text(struct run *r, struct agg_acc *acc, double secs)
{
	struct strbuf sb = STRBUF_INIT;

	agg_result(&r->spec, acc, secs, &sb);
	sb.buf[0] = '{';
	strbuf_addch(&sb, '}');
	return strbuf_detach(&sb, NULL);
}

static char *
state_text(struct run *r, const struct agg_acc *acc)
{
	struct strbuf sb = STRBUF_INIT;

	agg_serialize(&r->spec, acc, &sb);
	return strbuf_detach(&sb, NULL);
}

/* A new block holding the deserialised state text. */
static struct agg_acc *
from_state(struct run *r, const char *text)
{
	struct sluice_err e;
	struct agg_acc *acc;
	struct jval v;

	acc = agg_new(&r->spec);
	CHECK(scan_document(text, strlen(text), &v, &e) == 0);
	CHECK(agg_deserialize(&r->spec, acc, &v, &e) == 0);
	return acc;
}

static json_t *
parse(const char *text)
{
	json_error_t je;
	json_t *j;

	if ((j = json_loads(text, JSON_DECODE_ANY, &je)) == NULL) {
		fprintf(stderr, "not JSON: %s: %s\n", text, je.text);
		exit(2);
	}
	return j;
}

static double
num(const json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

/* ---- the oracles: plain computations over the samples ---- */

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The numbers of the samples, times 8, sorted; returns their count. */
static size_t
sorted_x8(int64_t *v)
{
	size_t i, n = 0;

	for (i = 0; i < nsmp; i++)
		if (smp[i].num)
			v[n++] = smp[i].x8;
	qsort(v, n, sizeof(*v), cmp_i64);
	return n;
}

/* The nearest rank ceil(n num / den), at least 1. */
static size_t
rank(size_t n, size_t pnum, size_t pden)
{
	size_t r = (n * pnum + pden - 1) / pden;

	return r < 1 ? 1 : r;
}

static void
test_exact(void)
{
	static int64_t v[NREC];
	const char *list = "count,count:x,sum:x,min:x,max:x,mean:x,var:x,"
	    "stddev:x,first:x,last:x,distinct:x,p10:x,p50:x,p99.9:x,"
	    "median:x,top3:w,rate,rate:x";
	struct run r;
	struct agg_acc *acc;
	json_t *got, *want;
	char *text, *xs[NREC];
	size_t i, n, present = 0, nd, first = 0, last = 0, c[NWORD];
	size_t top[3];
	int64_t s8 = 0;
	int64_t sx = 0, sxx = 0, num64;
	double nd_, var;

	make_samples(NREC, 0);
	run_init(&r, list, AGG_EXACT_LIMIT, AGG_DISTINCT_LIMIT);
	acc = agg_new(&r.spec);
	feed(&r, acc, 0, nsmp, 1);
	text = result_text(&r, acc, 60);
	got = parse(text);

	n = sorted_x8(v);
	for (i = 0; i < n; i++) {
		s8 += v[i];
		sx += v[i];
		sxx += v[i] * v[i];
	}
	memset(c, 0, sizeof(c));
	for (i = 0, nd = 0; i < nsmp; i++) {
		c[smp[i].word]++;
		if (smp[i].xtext[0] == '\0' ||
		    strcmp(smp[i].xtext, "null") == 0)
			continue;
		present++;
		xs[nd++] = smp[i].xtext;
		if (smp[i].t < smp[first].t || present == 1)
			first = i;
		if (smp[i].t > smp[last].t || present == 1)
			last = i;
	}
	CHECK_INT(json_integer_value(json_object_get(got, "count")), nsmp);
	CHECK_INT(json_integer_value(json_object_get(got, "count_x")),
	    present);
	/* Eighths: every partial sum is exact in a double. */
	CHECK(num(got, "sum_x") == (double)s8 / 8);
	CHECK(num(got, "min_x") == (double)v[0] / 8);
	CHECK(num(got, "max_x") == (double)v[n - 1] / 8);
	CHECK(num(got, "mean_x") == (double)s8 / 8 / (double)n);
	/*
	 * n Sxx - Sx^2 exactly (in 64ths: |8x| <= 64000, so it fits an
	 * int64), rounded once.
	 */
	nd_ = (double)n;
	num64 = (int64_t)n * sxx - sx * sx;
	var = (double)num64 / 64 / (nd_ * (nd_ - 1));
	CHECK(num(got, "var_x") == var);
	CHECK(num(got, "stddev_x") == sqrt(var));
	want = parse(smp[first].xtext);
	CHECK(json_equal(json_object_get(got, "first_x"), want));
	json_decref(want);
	want = parse(smp[last].xtext);
	CHECK(json_equal(json_object_get(got, "last_x"), want));
	json_decref(want);
	/* Distinct texts. */
	qsort(xs, nd, sizeof(*xs), cmp_str);
	for (i = 1, present = nd > 0; i < nd; i++)
		present += strcmp(xs[i], xs[i - 1]) != 0;
	CHECK_INT(json_integer_value(json_object_get(got, "distinct_x")),
	    present);
	CHECK(num(got, "p10_x") == (double)v[rank(n, 10, 100) - 1] / 8);
	CHECK(num(got, "p50_x") == (double)v[rank(n, 50, 100) - 1] / 8);
	CHECK(num(got, "p99_9_x") == (double)v[rank(n, 999, 1000) - 1] / 8);
	CHECK(num(got, "median_x") == num(got, "p50_x"));
	/* top3: the three largest counts, by a plain scan. */
	for (i = 0; i < 3; i++) {
		size_t w, best = NWORD;

		for (w = 0; w < NWORD; w++)
			if ((i == 0 || (w != top[0] && (i == 1 ||
			    w != top[1]))) && (best == NWORD ||
			    c[w] > c[best]))
				best = w;
		top[i] = best;
	}
	CHECK(c[top[0]] > c[top[1]] && c[top[1]] > c[top[2]]);
	for (i = 0; i < 3; i++) {
		json_t *e = json_array_get(json_object_get(got, "top3_w"), i);
		char w[16];

		snprintf(w, sizeof(w), "w%zu", top[i]);
		CHECK_STR(json_string_value(json_object_get(e, "value")), w);
		CHECK_INT(json_integer_value(json_object_get(e, "count")),
		    c[top[i]]);
	}
	CHECK(num(got, "rate") == (double)nsmp / 60);
	CHECK(num(got, "rate_x") == (double)s8 / 8 / 60);
	json_decref(got);
	free(text);
	/* Outside windows, rate is per second of the span of the times. */
	text = result_text(&r, acc, 0);
	got = parse(text);
	CHECK(num(got, "rate") == (double)nsmp / (double)(nsmp - 1));
	json_decref(got);
	free(text);
	/* The values that were not numbers were counted as skipped. */
	CHECK_INT(r.spec.def[2].skipped, nsmp - n);
	CHECK_INT(r.spec.def[1].skipped, nsmp - nd);
	CHECK_INT(r.spec.def[0].skipped, 0);
	agg_free(&r.spec, acc);
	run_release(&r);
}

/*
 * Split the samples in two (even and odd), accumulate each, merge: the
 * same result, byte for byte, as one accumulator, in either order; and
 * the same after a round trip through the serialised state.
 */
static void
test_merge(void)
{
	const char *list = "count,count:x,sum:x,min:x,max:x,mean:x,var:x,"
	    "stddev:x,first:x,last:x,distinct:x,p10:x,p50:x,p99.9:x,"
	    "median:x,top3:w,rate,rate:x";
	struct run r;
	struct agg_acc *all, *a, *b, *a2, *b2, *ba, *rt;
	char *want, *got, *s1, *s2;

	make_samples(NREC, 1);
	run_init(&r, list, AGG_EXACT_LIMIT, AGG_DISTINCT_LIMIT);
	all = agg_new(&r.spec);
	a = agg_new(&r.spec);
	b = agg_new(&r.spec);
	feed(&r, all, 0, nsmp, 1);
	feed(&r, a, 0, nsmp, 2);
	feed(&r, b, 1, nsmp, 2);
	want = result_text(&r, all, 60);
	/* Round trips: the same results. */
	s1 = state_text(&r, b);
	b2 = from_state(&r, s1);
	got = result_text(&r, b2, 60);
	s2 = result_text(&r, b, 60);
	CHECK_STR(got, s2);
	free(got);
	free(s1);
	free(s2);
	s1 = state_text(&r, a);
	a2 = from_state(&r, s1);
	free(s1);
	/* a + b, and b + a. */
	agg_merge(&r.spec, a, b);
	got = result_text(&r, a, 60);
	CHECK_STR(got, want);
	free(got);
	ba = agg_new(&r.spec);
	agg_merge(&r.spec, ba, b2);
	agg_merge(&r.spec, ba, a2);
	got = result_text(&r, ba, 60);
	CHECK_STR(got, want);
	free(got);
	/* The whole state, read back. */
	s1 = state_text(&r, all);
	rt = from_state(&r, s1);
	got = result_text(&r, rt, 60);
	CHECK_STR(got, want);
	free(got);
	free(s1);
	free(want);
	agg_free(&r.spec, all);
	agg_free(&r.spec, a);
	agg_free(&r.spec, b);
	agg_free(&r.spec, a2);
	agg_free(&r.spec, b2);
	agg_free(&r.spec, ba);
	agg_free(&r.spec, rt);
	run_release(&r);
}

/*
 * The state text reads back as the same text, for the functions whose
 * state has an order (distinct's set of hashes has none).
 */
static void
test_roundtrip(void)
{
	const char *list = "count,count:x,sum:x,min:x,max:x,mean:x,var:x,"
	    "first:x,last:x,p50:x,top3:w,rate,rate:x";
	struct run r;
	struct agg_acc *acc, *rt;
	char *s1, *s2;

	make_samples(NREC, 1);
	run_init(&r, list, AGG_EXACT_LIMIT, AGG_DISTINCT_LIMIT);
	acc = agg_new(&r.spec);
	feed(&r, acc, 0, nsmp, 1);
	s1 = state_text(&r, acc);
	rt = from_state(&r, s1);
	s2 = state_text(&r, rt);
	CHECK_STR(s2, s1);
	free(s1);
	free(s2);
	agg_free(&r.spec, acc);
	agg_free(&r.spec, rt);
	run_release(&r);
}

/* |got - want| <= rel |want|, with a little room for rounding. */
static int
within(double got, double want, double rel)
{
	return fabs(got - want) <= rel * fabs(want) + 1e-9;
}

/*
 * Past their limits: percentiles from DDSketch within 1% of the exact
 * value at their rank, distinct counts from HyperLogLog within four
 * standard errors, top counts from Space-Saving never below the true
 * counts and at most N/m above (2N/m after a merge).
 */
static void
test_sketched(void)
{
	static int64_t v[NREC];
	const char *list = "p1:x,p50:x,p95:x,p99:x,distinct:x,top5:w";
	static const size_t pn[] = { 1, 50, 95, 99 };
	static const char *const pname[] = { "p1_x", "p50_x", "p95_x",
	    "p99_x" };
	struct run r;
	struct agg_acc *all, *a, *b;
	json_t *got[2];
	char *text, *xs[NREC];
	size_t i, k, n, nd, distinct, c[NWORD], m = 20;

	make_samples(NREC, 1);
	run_init(&r, list, m, 100);
	all = agg_new(&r.spec);
	a = agg_new(&r.spec);
	b = agg_new(&r.spec);
	feed(&r, all, 0, nsmp, 1);
	feed(&r, a, 0, nsmp, 2);
	feed(&r, b, 1, nsmp, 2);
	agg_merge(&r.spec, a, b);
	text = result_text(&r, all, 0);
	got[0] = parse(text);
	free(text);
	text = result_text(&r, a, 0);
	got[1] = parse(text);
	free(text);

	n = sorted_x8(v);
	memset(c, 0, sizeof(c));
	for (i = 0, nd = 0; i < nsmp; i++) {
		c[smp[i].word]++;
		if (smp[i].xtext[0] != '\0' &&
		    strcmp(smp[i].xtext, "null") != 0)
			xs[nd++] = smp[i].xtext;
	}
	qsort(xs, nd, sizeof(*xs), cmp_str);
	for (i = 1, distinct = nd > 0; i < nd; i++)
		distinct += strcmp(xs[i], xs[i - 1]) != 0;
	CHECK(distinct > 1000);
	for (k = 0; k < 2; k++) {
		for (i = 0; i < NELEM(pn); i++)
			CHECK(within(num(got[k], pname[i]),
			    (double)v[rank(n, pn[i], 100) - 1] / 8, 0.01));
		CHECK(within(num(got[k], "distinct_x"), (double)distinct,
		    4 * 1.04 / 128));
		for (i = 0; i < 5; i++) {
			json_t *e = json_array_get(json_object_get(got[k],
			    "top5_w"), i);
			int w = 0;	/* c[0] if the check fails */
			int64_t cnt;

			CHECK(e != NULL && sscanf(json_string_value(
			    json_object_get(e, "value")), "w%d", &w) == 1);
			cnt = json_integer_value(json_object_get(e, "count"));
			CHECK(cnt >= (int64_t)c[w]);
			CHECK(cnt <= (int64_t)(c[w] + (k + 1) * nsmp / m));
		}
		json_decref(got[k]);
	}
	agg_free(&r.spec, all);
	agg_free(&r.spec, a);
	agg_free(&r.spec, b);
	run_release(&r);
}

/* The result row of the one record text with the spec list. */
static char *
one_row(const char *list, const char *const *recs, size_t nrec)
{
	struct run r;
	struct agg_acc *acc;
	char *text;
	size_t i;

	for (i = 0; i < nrec; i++) {
		snprintf(smp[i].text, sizeof(smp[i].text), "%s", recs[i]);
		smp[i].t = (int64_t)i;
	}
	nsmp = nrec;
	run_init(&r, list, AGG_EXACT_LIMIT, AGG_DISTINCT_LIMIT);
	acc = agg_new(&r.spec);
	feed(&r, acc, 0, nsmp, 1);
	text = result_text(&r, acc, 0);
	agg_free(&r.spec, acc);
	run_release(&r);
	return text;
}

/* Results on the edges: nothing taken, overflow, 1 against 1.0. */
static void
test_edges(void)
{
	static const char *const none[] = { "{\"x\":\"no\"}" };
	static const char *const big[] = { "{\"x\":9223372036854775807}",
	    "{\"x\":1}" };
	static const char *const ones[] = { "{\"x\":1.0}", "{\"x\":1}",
	    "{\"x\":1.0}" };
	static const char *const tenths[] = { "{\"x\":0.1}", "{\"x\":0.2}" };
	char *t;

	t = one_row("count,sum:x,mean:x,min:x,var:x,p50:x,first:x,"
	    "distinct:x,top2:x,rate:x", none, 1);
	CHECK_STR(t, "{\"count\":1,\"sum_x\":0,\"mean_x\":null,"
	    "\"min_x\":null,\"var_x\":null,\"p50_x\":null,"
	    "\"first_x\":\"no\",\"distinct_x\":1,"
	    "\"top2_x\":[{\"value\":\"no\",\"count\":1}],"
	    "\"rate_x\":null}");
	free(t);
	/* 2^63 is the exact sum of integers: an integer. */
	t = one_row("sum:x,max:x", big, 2);
	CHECK_STR(t, "{\"sum_x\":9223372036854775808,"
	    "\"max_x\":9223372036854775807}");
	free(t);
	/* 1 and 1.0 are one value; 1.0 is a real. */
	t = one_row("min:x,max:x,sum:x,p50:x,distinct:x,top1:x", ones, 3);
	CHECK_STR(t, "{\"min_x\":1,\"max_x\":1,\"sum_x\":3.0,"
	    "\"p50_x\":1.0,\"distinct_x\":1,"
	    "\"top1_x\":[{\"value\":1,\"count\":3}]}");
	free(t);
	t = one_row("sum:x,mean:x", tenths, 2);
	CHECK_STR(t, "{\"sum_x\":0.30000000000000004,"
	    "\"mean_x\":0.15000000000000002}");
	free(t);
}

/*
 * The rows of sum, mean and var over the records recs[0..n) in the
 * order perm, fed to one block, or split at cut into two blocks of
 * which the second goes through its state text, then merged.
 */
static char *
big_row(const char *const *recs, const size_t *perm, size_t n, size_t cut)
{
	struct run r;
	struct agg_acc *a, *b, *c;
	char *text, *st;
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(smp[i].text, sizeof(smp[i].text), "%s", recs[perm[i]]);
		smp[i].t = (int64_t)i;
	}
	nsmp = n;
	run_init(&r, "sum:x,mean:x,var:x", AGG_EXACT_LIMIT,
	    AGG_DISTINCT_LIMIT);
	a = agg_new(&r.spec);
	b = agg_new(&r.spec);
	feed(&r, a, 0, cut, 1);
	feed(&r, b, cut, n, 1);
	st = state_text(&r, b);
	c = from_state(&r, st);
	agg_merge(&r.spec, a, c);
	text = result_text(&r, a, 0);
	free(st);
	agg_free(&r.spec, a);
	agg_free(&r.spec, b);
	agg_free(&r.spec, c);
	run_release(&r);
	return text;
}

/*
 * Sums of integers past 64 bits: exact integers whatever the order of
 * the records and the split (issue 15: 2^62 + 1, 2^62, -2^62 gave a
 * real in that order and an integer in another).
 */
static void
test_big_sums(void)
{
	static const char *const tri[] = { "{\"x\":4611686018427387905}",
	    "{\"x\":4611686018427387904}", "{\"x\":-4611686018427387904}" };
	static const char *const many[] = { "{\"x\":9223372036854775807}",
	    "{\"x\":9223372036854775807}", "{\"x\":9223372036854775807}",
	    "{\"x\":-9223372036854775808}", "{\"x\":9223372036854775807}",
	    "{\"x\":-1}", "{\"x\":9223372036854775807}",
	    "{\"x\":9223372036854775807}" };
	static const char *const neg[] = { "{\"x\":-9223372036854775808}",
	    "{\"x\":-9223372036854775808}", "{\"x\":-9223372036854775808}" };
	static const char *const mixed[] = { "{\"x\":9223372036854775807}",
	    "{\"x\":9223372036854775807}", "{\"x\":0.5}" };
	size_t perm[8], i, j, k, cut;
	char *t, *first;

	/* Every order of the three, every split. */
	for (k = 0; k < 6; k++) {
		perm[0] = k / 2;
		perm[1] = (perm[0] + 1 + k % 2) % 3;
		perm[2] = 3 - perm[0] - perm[1];
		for (cut = 0; cut <= 3; cut++) {
			t = big_row(tri, perm, 3, cut);
			CHECK_STR(t, "{\"sum_x\":4611686018427387905,"
			    "\"mean_x\":1.5372286728091292e+18,"
			    "\"var_x\":2.8356863910078204e+37}");
			free(t);
		}
	}
	/* 6 (2^63 - 1) - 2^63 - 1, shuffled, split anywhere. */
	first = NULL;
	for (k = 0; k < 40; k++) {
		for (i = 0; i < 8; i++)
			perm[i] = i;
		for (i = 7; i > 0; i--) {
			j = next() % (i + 1);
			cut = perm[i];
			perm[i] = perm[j];
			perm[j] = cut;
		}
		t = big_row(many, perm, 8, next() % 9);
		if (first == NULL) {
			CHECK(strncmp(t, "{\"sum_x\":46116860184273879033,", 30)
			    == 0);
			first = t;
		} else {
			CHECK_STR(t, first);
			free(t);
		}
	}
	free(first);
	for (i = 0; i < 3; i++)
		perm[i] = i;
	t = big_row(neg, perm, 3, 1);
	CHECK(strncmp(t, "{\"sum_x\":-27670116110564327424,", 31) == 0);
	free(t);
	/* A real makes the sum real: the exact sum rounded once. */
	t = big_row(mixed, perm, 3, 2);
	CHECK(strncmp(t, "{\"sum_x\":1.8446744073709552e+19,", 32) == 0);
	free(t);
}

/* States of sums past 64 bits, and past 128 bits. */
static void
test_big_states(void)
{
	static const char *const st[][2] = {
		{ "[{\"int\":170141183460469231731687303715884105727,\"fp\":[],"
		    "\"real\":false}]",
		    "{\"sum_x\":170141183460469231731687303715884105727}" },
		{ "[{\"int\":-170141183460469231731687303715884105728,"
		    "\"fp\":[],\"real\":false}]",
		    "{\"sum_x\":-170141183460469231731687303715884105728}" },
		{ "[{\"int\":-18446744073709551616,\"fp\":[0.25],"
		    "\"real\":true}]",
		    "{\"sum_x\":-1.8446744073709552e+19}" },
		{ "[{\"int\":18446744073709551616,\"fp\":[],\"real\":false}]",
		    "{\"sum_x\":18446744073709551616}" },
		{ "[{\"int\":-0,\"fp\":[],\"real\":false}]", "{\"sum_x\":0}" },
	};
	static const char *const bad[] = {
		"[{\"int\":170141183460469231731687303715884105728,\"fp\":[],"
		    "\"real\":false}]",
		"[{\"int\":-170141183460469231731687303715884105729,"
		    "\"fp\":[],\"real\":false}]",
		"[{\"int\":1e3,\"fp\":[],\"real\":false}]",
		"[{\"int\":1.5,\"fp\":[],\"real\":false}]",
	};
	struct run r;
	struct sluice_err e;
	struct agg_acc *a, *b;
	struct jval v;
	char *t, *s2;
	size_t i;

	run_init(&r, "sum:x", AGG_EXACT_LIMIT, AGG_DISTINCT_LIMIT);
	for (i = 0; i < NELEM(st); i++) {
		a = from_state(&r, st[i][0]);
		t = result_text(&r, a, 0);
		CHECK_STR(t, st[i][1]);
		/* The state text reads back as the same state. */
		s2 = state_text(&r, a);
		b = from_state(&r, s2);
		free(t);
		t = result_text(&r, b, 0);
		CHECK_STR(t, st[i][1]);
		free(t);
		free(s2);
		agg_free(&r.spec, a);
		agg_free(&r.spec, b);
	}
	for (i = 0; i < NELEM(bad); i++) {
		a = agg_new(&r.spec);
		CHECK(scan_document(bad[i], strlen(bad[i]), &v, &e) == 0);
		CHECK(agg_deserialize(&r.spec, a, &v, &e) == -1);
		agg_free(&r.spec, a);
	}
	/* Past 2^127 - 1 the integers move into the real sum. */
	a = from_state(&r, st[0][0]);
	b = from_state(&r, st[0][0]);
	agg_merge(&r.spec, a, b);
	t = result_text(&r, a, 0);
	CHECK_STR(t, "{\"sum_x\":3.402823669209385e+38}");
	free(t);
	agg_free(&r.spec, a);
	agg_free(&r.spec, b);
	run_release(&r);
}

/*
 * Reals whose running sum passes the range of doubles: null, and fast
 * (the partials once grew by a NaN per value, then overflowed their
 * 16-bit count); the state says so.
 */
static void
test_out_of_range(void)
{
	struct run r;
	struct agg_acc *a, *b;
	char *t, *st;
	size_t i;

	for (i = 0; i < NREC; i++) {
		snprintf(smp[i].text, sizeof(smp[i].text), "{\"x\":%s}",
		    i % 2 ? "-1e308" : "1.7e308");
		smp[i].t = (int64_t)i;
	}
	nsmp = NREC;
	run_init(&r, "count,sum:x,mean:x,var:x", AGG_EXACT_LIMIT,
	    AGG_DISTINCT_LIMIT);
	a = agg_new(&r.spec);
	feed(&r, a, 0, NREC, 1);
	t = result_text(&r, a, 0);
	CHECK_STR(t, "{\"count\":3000,\"sum_x\":null,\"mean_x\":null,"
	    "\"var_x\":null}");
	free(t);
	st = state_text(&r, a);
	CHECK(strstr(st, "\"over\":true") != NULL);
	b = from_state(&r, st);
	t = result_text(&r, b, 0);
	CHECK_STR(t, "{\"count\":3000,\"sum_x\":null,\"mean_x\":null,"
	    "\"var_x\":null}");
	free(t);
	free(st);
	agg_free(&r.spec, a);
	agg_free(&r.spec, b);
	/* Within the range on the way: the exact sum. */
	a = agg_new(&r.spec);
	feed(&r, a, 0, 2, 1);
	t = result_text(&r, a, 0);
	CHECK(strncmp(t, "{\"count\":2,\"sum_x\":6.999999999999999e+307,", 41) == 0);
	free(t);
	agg_free(&r.spec, a);
	run_release(&r);
}

/* Expect agg_spec_parse(list) to fail at col with msg. */
static void
spec_fails(const char *list, size_t col, const char *msg)
{
	struct agg_spec s;
	struct sluice_err e;

	agg_spec_init(&s);
	CHECK(agg_spec_parse(&s, list, &e) == -1);
	CHECK_INT(e.col, col);
	CHECK_STR(e.msg, msg);
	agg_spec_release(&s);
}

/* The -a syntax, its canonical form, names and the meta record. */
static void
test_spec(void)
{
	struct agg_spec s;
	struct sluice_err e;
	struct strbuf sb = STRBUF_INIT;
	char *by[] = { "host", "a.b" };

	agg_spec_init(&s);
	CHECK(agg_spec_parse(&s, "count,p99.9:lat,median:lat=m", &e) == 0);
	CHECK(agg_spec_parse(&s, "top5:\"a=b\",rate,max:x=minutes", &e) == 0);
	CHECK_STR(agg_spec_canon(&s), "count=count,p99.9:lat=p99_9_lat,"
	    "median:lat=m,top5:\"a=b\"=top5_\"a=b\",rate=rate,"
	    "max:x=minutes");
	CHECK_INT(agg_spec_find(&s, "m"), 2);
	CHECK_INT(agg_spec_find(&s, "nope"), -1);
	CHECK(s.need_time);
	agg_spec_meta(&s, by, 2, &sb);
	CHECK_STR(sb.buf, "{\"@ctl\":\"meta\",\"by\":[\"host\",\"a.b\"],"
	    "\"metrics\":[{\"name\":\"count\",\"fn\":\"count\","
	    "\"merge\":\"sum\"},{\"name\":\"p99_9_lat\",\"fn\":\"p99.9\","
	    "\"field\":\"lat\",\"merge\":\"none\"},{\"name\":\"m\","
	    "\"fn\":\"median\",\"field\":\"lat\",\"merge\":\"none\"},"
	    "{\"name\":\"top5_\\\"a=b\\\"\",\"fn\":\"top5\","
	    "\"field\":\"\\\"a=b\\\"\",\"merge\":\"none\"},"
	    "{\"name\":\"rate\",\"fn\":\"rate\",\"merge\":\"sum\"},"
	    "{\"name\":\"minutes\",\"fn\":\"max\",\"field\":\"x\","
	    "\"merge\":\"max\"}]}");
	strbuf_release(&sb);
	agg_spec_release(&s);

	spec_fails("count,avg:x", 7, "unknown function 'avg' (try count, "
	    "sum, min, max, mean, var, stddev, first, last, distinct, pNN, "
	    "median, topK, rate)");
	spec_fails("p101:x", 1, "bad percentile 'p101' (expected p0 to "
	    "p100, such as p95 or p99.9)");
	spec_fails("top0:x", 1, "unknown function 'top0' (try count, sum, "
	    "min, max, mean, var, stddev, first, last, distinct, pNN, "
	    "median, topK, rate)");
	spec_fails("top5x:x", 1, "bad top 'top5x' (expected top and a "
	    "count, such as top5)");
	spec_fails("sum", 1, "sum needs a field, as in sum:FIELD");
	spec_fails("sum:", 5, "sum: expected a field after ':'");
	spec_fails("sum:x=", 7, "expected a name after '='");
	spec_fails("sum:x,sum:x", 7, "two functions are named 'sum_x' (use "
	    "=NAME)");
	spec_fails("count=@c", 1, "output name '@c' is reserved (it starts "
	    "with '@')");
	spec_fails("count,", 7, "expected a function");
}

/* States that are not states: refused, the block unchanged. */
static void
test_bad_states(void)
{
	static const char *const bad[][2] = {
		{ "{}", "the state is not an array" },
		{ "[1]", "the state has 1 elements, not 2" },
		{ "[1,{\"int\":1,\"fp\":[],\"real\":false},3]",
		    "the state has more than 2 elements" },
		{ "[-1,{\"int\":1,\"fp\":[],\"real\":false}]",
		    "bad state of count" },
		{ "[1,{\"int\":1,\"fp\":[\"x\"],\"real\":false}]",
		    "bad state of sum_x" }
	};
	struct run r;
	struct sluice_err e;
	struct agg_acc *acc;
	struct jval v;
	char *before, *after;
	size_t i;

	run_init(&r, "count,sum:x", AGG_EXACT_LIMIT, AGG_DISTINCT_LIMIT);
	acc = agg_new(&r.spec);
	before = state_text(&r, acc);
	for (i = 0; i < NELEM(bad); i++) {
		CHECK(scan_document(bad[i][0], strlen(bad[i][0]), &v,
		    &e) == 0);
		CHECK(agg_deserialize(&r.spec, acc, &v, &e) == -1);
		CHECK_STR(e.msg, bad[i][1]);
	}
	after = state_text(&r, acc);
	CHECK_STR(after, before);
	free(before);
	free(after);
	agg_free(&r.spec, acc);
	run_release(&r);
}

int
main(void)
{
	test_exact();
	test_merge();
	test_roundtrip();
	test_sketched();
	test_edges();
	test_big_sums();
	test_big_states();
	test_out_of_range();
	test_spec();
	test_bad_states();
	return check_status();
}
