/* SPDX-License-Identifier: MIT */
/* sketch.c -- unit tests of the mergeable summaries (lib/agg/sketch.c) against exact answers. */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/sketch.h"
#include "core/hash.h"
#include "json/scan.h"

#include "check.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Uniform in (0, 1). */
static double
unif(void)
{
	return ((double)(next() >> 11) + 0.5) / 9007199254740992.0;
}

/* A standard normal value (Box-Muller). */
static double
gauss(void)
{
	return sqrt(-2 * log(unif())) * cos(2 * M_PI * unif());
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Scan text into *v; the text must outlive v. */
static void
scan(const char *text, struct jval *v)
{
	struct sluice_err e;

	if (scan_document(text, strlen(text), v, &e) == -1) {
		fprintf(stderr, "not JSON: %s\n", text);
		exit(2);
	}
}

/* ---- DDSketch ---- */

#define NDD	100000

/*
 * Log-normal latencies, a tenth of them negative and a twentieth zero:
 * every rank within SKETCH_DD_ALPHA of the sorted value, zeros exact,
 * the extremes exact; two halves merged give the same buckets; the
 * state reads back as the same text.
 */
static void
test_dd(void)
{
	static double v[NDD];
	static const double ps[] = { 0, 0.1, 1, 5, 10, 25, 50, 75, 90, 95,
	    99, 99.9, 100 };
	struct sketch_dd all, a, b, rt;
	struct strbuf s1 = STRBUF_INIT, s2 = STRBUF_INIT;
	struct sluice_err e;
	struct jval jv;
	uint64_t r;
	double got, want;
	size_t i;

	sketch_dd_init(&all);
	sketch_dd_init(&a);
	sketch_dd_init(&b);
	for (i = 0; i < NDD; i++) {
		r = next() % 100;
		v[i] = r < 5 ? 0 : exp(3 + 2 * gauss());
		if (r >= 5 && r < 15)
			v[i] = -v[i];
		sketch_dd_add(&all, v[i], 1);
		sketch_dd_add(i % 2 ? &a : &b, v[i], 1);
	}
	qsort(v, NDD, sizeof(*v), cmp_dbl);
	CHECK_INT(all.count, NDD);
	for (i = 0; i < NELEM(ps); i++) {
		uint64_t rank = (uint64_t)ceil(ps[i] * NDD / 100);

		if (rank < 1)
			rank = 1;
		want = v[rank - 1];
		got = sketch_dd_at(&all, rank);
		CHECK(fabs(got - want) <= SKETCH_DD_ALPHA * fabs(want) +
		    1e-12);
		if (want == 0)
			CHECK(got == 0);
	}
	CHECK(sketch_dd_at(&all, 1) == v[0]);
	CHECK(sketch_dd_at(&all, NDD) == v[NDD - 1]);
	/* Merged halves: the very same summary. */
	sketch_dd_merge(&a, &b);
	sketch_dd_serialize(&all, &s1);
	sketch_dd_serialize(&a, &s2);
	CHECK_STR(s2.buf, s1.buf);
	/* Round trip. */
	scan(s1.buf, &jv);
	sketch_dd_init(&rt);
	CHECK(sketch_dd_deserialize(&rt, &jv, &e) == 0);
	strbuf_reset(&s2);
	sketch_dd_serialize(&rt, &s2);
	CHECK_STR(s2.buf, s1.buf);
	/* Not a sketch. */
	scan("{\"n\":1}", &jv);
	sketch_dd_release(&rt);
	CHECK(sketch_dd_deserialize(&rt, &jv, &e) == -1);
	strbuf_release(&s1);
	strbuf_release(&s2);
	sketch_dd_release(&all);
	sketch_dd_release(&a);
	sketch_dd_release(&b);
	sketch_dd_release(&rt);
}

/* ---- HyperLogLog and the exact set ---- */

static uint64_t
hash_of(const char *prefix, size_t i)
{
	char buf[32];
	int n;

	n = snprintf(buf, sizeof(buf), "\"%s%zu\"", prefix, i);
	return hash_bytes(buf, (size_t)n);
}

/*
 * Distinct counts of 1,000 to 200,000 values, each added twice: within
 * four standard errors (4 x 1.04 / sqrt(2^14)); merged halves hold the
 * same registers; the registers read back.
 */
static void
test_hll(void)
{
	static const size_t ns[] = { 1000, 20000, 200000 };
	struct sketch_hll all, a, b, rt;
	struct strbuf s1 = STRBUF_INIT, s2 = STRBUF_INIT;
	struct sluice_err e;
	struct jval jv;
	double est;
	size_t k, i;

	for (k = 0; k < NELEM(ns); k++) {
		memset(&all, 0, sizeof(all));
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		memset(&rt, 0, sizeof(rt));
		for (i = 0; i < 2 * ns[k]; i++) {
			sketch_hll_add(&all, hash_of("u", i % ns[k]));
			sketch_hll_add(i % 3 ? &a : &b,
			    hash_of("u", i % ns[k]));
		}
		est = sketch_hll_estimate(&all);
		CHECK(fabs(est - (double)ns[k]) <= 4 * 1.04 / 128 *
		    (double)ns[k]);
		sketch_hll_merge(&a, &b);
		CHECK(sketch_hll_estimate(&a) == est);
		strbuf_reset(&s1);
		strbuf_reset(&s2);
		sketch_hll_serialize(&all, &s1);
		scan(s1.buf, &jv);
		CHECK(sketch_hll_deserialize(&rt, &jv, &e) == 0);
		sketch_hll_serialize(&rt, &s2);
		CHECK_STR(s2.buf, s1.buf);
		sketch_hll_release(&all);
		sketch_hll_release(&a);
		sketch_hll_release(&b);
		sketch_hll_release(&rt);
	}
	strbuf_release(&s1);
	strbuf_release(&s2);
}

/* The exact set: members once, read back, handed to a HyperLogLog. */
static void
test_hset(void)
{
	struct sketch_hset s, rt;
	struct sketch_hll h;
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err e;
	struct jval jv;
	size_t i, fresh = 0;

	sketch_hset_init(&s);
	for (i = 0; i < 5000; i++)
		fresh += sketch_hset_add(&s, hash_of("v", i % 3000));
	CHECK_INT(fresh, 3000);
	CHECK_INT(s.n, 3000);
	CHECK(sketch_hset_add(&s, 0) == 1);
	CHECK(sketch_hset_add(&s, 0) == 0);
	CHECK_INT(s.n, 3001);
	sketch_hset_serialize(&s, &sb);
	scan(sb.buf, &jv);
	sketch_hset_init(&rt);
	CHECK(sketch_hset_deserialize(&rt, &jv, &e) == 0);
	CHECK_INT(rt.n, 3001);
	for (fresh = 0, i = 0; i < 3000; i++)
		fresh += sketch_hset_add(&rt, hash_of("v", i));
	CHECK_INT(fresh, 0);
	memset(&h, 0, sizeof(h));
	sketch_hset_to_hll(&s, &h);
	CHECK(fabs(sketch_hll_estimate(&h) - 3001) <= 4 * 1.04 / 128 * 3001);
	sketch_hll_release(&h);
	sketch_hset_release(&s);
	sketch_hset_release(&rt);
	strbuf_release(&sb);
}

/* ---- top-k ---- */

#define NTOP	100000
#define NVAL	3000

/* Zipf-like: value i with a weight of 1 / (i + 1). */
static size_t
zipf(void)
{
	static double cum[NVAL];
	static int ready;
	double u;
	size_t lo = 0, hi = NVAL - 1, mid, i;

	if (!ready) {
		for (i = 0; i < NVAL; i++)
			cum[i] = (i > 0 ? cum[i - 1] : 0) + 1.0 / (double)(i + 1);
		ready = 1;
	}
	u = unif() * cum[NVAL - 1];
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
top_add(struct sketch_top *t, size_t val)
{
	char buf[32];
	int n;

	n = snprintf(buf, sizeof(buf), "\"v%zu\"", val);
	sketch_top_add(t, buf, (size_t)n, hash_bytes(buf, (size_t)n), 1);
}

/* The true count of each counter of the result text: checked. */
static void
check_top(const char *text, const uint64_t *truth, size_t k,
    uint64_t slack, int exact)
{
	json_error_t je;
	json_t *arr, *e;
	uint64_t prev = UINT64_MAX, c;
	size_t i, val;

	arr = json_loads(text, 0, &je);
	CHECK(arr != NULL && json_array_size(arr) == k);
	for (i = 0; arr != NULL && i < json_array_size(arr); i++) {
		e = json_array_get(arr, i);
		CHECK(sscanf(json_string_value(json_object_get(e, "value")),
		    "v%zu", &val) == 1 && val < NVAL);
		c = (uint64_t)json_integer_value(json_object_get(e, "count"));
		CHECK(c <= prev);
		prev = c;
		if (exact)
			CHECK_INT(c, truth[val]);
		else
			CHECK(c >= truth[val] && c <= truth[val] + slack);
	}
	json_decref(arr);
}

/*
 * Skewed values: with as many counters as values, the counts are
 * exact; with m = 300 counters (Space-Saving) each count is at least
 * the true one and at most N/m above it (2N/m after a merge), and the
 * most frequent values are found in order.
 */
static void
test_top(void)
{
	static uint64_t truth[NVAL];
	struct sketch_top exact, ss, a, b, rt;
	struct strbuf sb = STRBUF_INIT, s2 = STRBUF_INIT, st = STRBUF_INIT;
	struct sluice_err e;
	struct jval jv;
	size_t i, val, m = 300;

	sketch_top_init(&exact, NVAL);
	sketch_top_init(&ss, m);
	sketch_top_init(&a, m);
	sketch_top_init(&b, m);
	memset(truth, 0, sizeof(truth));
	for (i = 0; i < NTOP; i++) {
		val = zipf();
		truth[val]++;
		top_add(&exact, val);
		top_add(&ss, val);
		top_add(i % 2 ? &a : &b, val);
	}
	CHECK(!exact.approx && ss.approx);
	sketch_top_result(&exact, 20, &sb);
	check_top(sb.buf, truth, 20, 0, 1);
	CHECK(strncmp(sb.buf, "[{\"value\":\"v0\",", 15) == 0);
	strbuf_reset(&sb);
	sketch_top_result(&ss, 20, &sb);
	check_top(sb.buf, truth, 20, NTOP / m, 0);
	CHECK(strncmp(sb.buf, "[{\"value\":\"v0\",", 15) == 0);
	strbuf_reset(&sb);
	sketch_top_merge(&a, &b);
	sketch_top_result(&a, 20, &sb);
	check_top(sb.buf, truth, 20, 2 * NTOP / m, 0);
	/* Round trips: the exact state as the same text. */
	strbuf_reset(&sb);
	sketch_top_serialize(&exact, &sb);
	scan(sb.buf, &jv);
	sketch_top_init(&rt, NVAL);
	CHECK(sketch_top_deserialize(&rt, &jv, &e) == 0);
	sketch_top_serialize(&rt, &s2);
	CHECK_STR(s2.buf, sb.buf);
	sketch_top_release(&rt);
	/* The approximate one as the same result. */
	strbuf_reset(&sb);
	strbuf_reset(&s2);
	sketch_top_serialize(&ss, &st);
	scan(st.buf, &jv);
	sketch_top_init(&rt, m);
	CHECK(sketch_top_deserialize(&rt, &jv, &e) == 0);
	CHECK(rt.approx);
	sketch_top_result(&ss, 10, &sb);
	sketch_top_result(&rt, 10, &s2);
	CHECK_STR(s2.buf, sb.buf);
	scan("{\"exact\":[[\"a\",0]]}", &jv);
	CHECK(sketch_top_deserialize(&rt, &jv, &e) == -1);
	strbuf_release(&sb);
	strbuf_release(&s2);
	strbuf_release(&st);
	sketch_top_release(&exact);
	sketch_top_release(&ss);
	sketch_top_release(&a);
	sketch_top_release(&b);
	sketch_top_release(&rt);
}

int
main(void)
{
	test_dd();
	test_hll();
	test_hset();
	test_top();
	return check_status();
}
