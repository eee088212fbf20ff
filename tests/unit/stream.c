/* SPDX-License-Identifier: MIT */
/* stream.c -- unit tests of stream/stream: each builder read back by its reader. */
#include <string.h>

#include "json/record.h"
#include "stream/stream.h"
#include "time/timefmt.h"

#include "check.h"

/* Parse sb as a record (sb must outlive it); 0 or -1. */
static int
parse(struct record *r, const struct strbuf *sb)
{
	struct sluice_err e;

	if (record_parse(r, sb->buf, sb->len, &e) == -1) {
		fprintf(stderr, "%s: not a record: %s: %s\n", __FILE__,
		    sb->buf, e.msg);
		return -1;
	}
	return 0;
}

/* Whether the raw text of v is s. */
static int
raw_is(const struct jval *v, const char *s)
{
	return v->n == strlen(s) && memcmp(v->p, s, v->n) == 0;
}

static void
test_keys(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct jval v;

	stream_add_key(&sb, SK_WINDOW);
	CHECK_STR(sb.buf, "\"@window\":");
	strbuf_reset(&sb);
	strbuf_addch(&sb, '{');
	stream_add_key(&sb, SK_ERROR);
	strbuf_addstr(&sb, "1,");
	stream_add_key(&sb, SK_RAW_BASE64);
	strbuf_addstr(&sb, "2}");
	CHECK(parse(&r, &sb) == 0);
	CHECK(record_get_key(&r, SK_ERROR, &v) && raw_is(&v, "1"));
	CHECK(record_get_key(&r, SK_RAW_BASE64, &v) && raw_is(&v, "2"));
	CHECK(!record_get_key(&r, SK_RAW, &v));
	record_release(&r);
	strbuf_release(&sb);
}

/* The kind of control record the text s is. */
static enum stream_ctl
ctl_of(const char *s)
{
	struct record r = RECORD_INIT;
	struct sluice_err e;
	enum stream_ctl c;

	if (record_parse(&r, s, strlen(s), &e) == -1)
		return (enum stream_ctl)-1;
	c = stream_ctl_of(&r);
	record_release(&r);
	return c;
}

static void
test_ctl_of(void)
{
	struct record r = RECORD_INIT;

	CHECK(ctl_of("{\"@ctl\":\"close\"}") == CTL_CLOSE);
	CHECK(ctl_of("{\"@ctl\":\"snapshot\",\"at\":1}") == CTL_SNAPSHOT);
	CHECK(ctl_of("{\"a\":1,\"@ctl\":\"meta\"}") == CTL_META);
	CHECK(ctl_of("{\"@ctl\":\"checkpoint\"}") == CTL_CHECKPOINT);
	CHECK(ctl_of("{\"@ctl\":\"restore\"}") == CTL_RESTORE);
	/* However the key or the kind is written. */
	CHECK(ctl_of("{\"\\u0040ctl\":\"close\"}") == CTL_CLOSE);
	CHECK(ctl_of("{\"@ctl\":\"\\u0063lose\"}") == CTL_CLOSE);
	/* A kind this version does not know is forwarded, not dropped. */
	CHECK(ctl_of("{\"@ctl\":\"resume\"}") == CTL_OTHER);
	CHECK(ctl_of("{\"@ctl\":1}") == CTL_OTHER);
	/* Not control records. */
	CHECK(ctl_of("{\"a\":\"@ctl\"}") == CTL_NONE);
	CHECK(ctl_of("{\"ctl\":1}") == CTL_NONE);
	CHECK(ctl_of("{\"x\":{\"@ctl\":\"close\"}}") == CTL_NONE);
	CHECK(ctl_of("{}") == CTL_NONE);
	/* A string adopted as a record is no control record either. */
	record_adopt(&r, "\"@ctl\"", 6, &(struct jval){ JT_STRING, 0,
	    "\"@ctl\"", 6 });
	CHECK(stream_ctl_of(&r) == CTL_NONE);
	record_release(&r);
}

static void
test_window(void)
{
	static const struct {
		int64_t		 start, end;
		const char	*key;
		const char	*text;
	} w[] = {
		{ 0, 60 * NS_PER_SEC, NULL,
		    "{\"start\":\"1970-01-01T00:00:00.000Z\","
		    "\"end\":\"1970-01-01T00:01:00.000Z\"}" },
		/* Nanoseconds when the bounds need them. */
		{ INT64_C(1700000000000000001), INT64_C(1700000000500000000),
		    NULL, "{\"start\":\"2023-11-14T22:13:20.000000001Z\","
		    "\"end\":\"2023-11-14T22:13:20.500Z\"}" },
		/* Before 1970; a session's key. */
		{ -NS_PER_SEC, 0, "[\"web-1\",2]",
		    "{\"start\":\"1969-12-31T23:59:59.000Z\","
		    "\"end\":\"1970-01-01T00:00:00.000Z\","
		    "\"key\":[\"web-1\",2]}" },
	};
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err e;
	struct jval v, s, end, key;
	int64_t start, stop;
	size_t i;

	for (i = 0; i < NELEM(w); i++) {
		strbuf_reset(&sb);
		stream_window_value(&sb, w[i].start, w[i].end, w[i].key,
		    w[i].key ? strlen(w[i].key) : 0);
		CHECK_STR(sb.buf, w[i].text);
		CHECK(scan_document(sb.buf, sb.len, &v, &e) == 0);
		CHECK(stream_window_bounds(&v, &start, &stop) == 0 &&
		    start == w[i].start && stop == w[i].end);
		CHECK(stream_window_parts(&v, &s, &end, &key) == 0);
		CHECK(s.type == JT_STRING && end.type == JT_STRING);
		if (w[i].key != NULL)
			CHECK(raw_is(&key, w[i].key));
		else
			CHECK(key.type == JT_MISSING);
		CHECK(stream_window_parts(&v, &s, &end, NULL) == 0);
	}
	/* Not windows. */
	CHECK(scan_document("{\"start\":\"x\",\"end\":\"y\"}", 23, &v, &e) ==
	    0);
	CHECK(stream_window_parts(&v, &s, &end, NULL) == 0);
	CHECK(stream_window_bounds(&v, &start, &stop) == -1);
	CHECK(scan_document("{\"start\":1,\"end\":2}", 19, &v, &e) == 0);
	CHECK(stream_window_bounds(&v, &start, &stop) == -1);
	CHECK(scan_document("{\"start\":\"1970-01-01T00:00:00Z\"}", 32, &v,
	    &e) == 0);
	CHECK(stream_window_parts(&v, &s, &end, NULL) == -1);
	CHECK(scan_document("[1,2]", 5, &v, &e) == 0);
	CHECK(stream_window_parts(&v, &s, &end, NULL) == -1);
	strbuf_release(&sb);
}

static void
test_set_window(void)
{
	struct strbuf w = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct sluice_err e;
	struct jval v;
	int64_t start, end;

	stream_window_value(&w, 5 * NS_PER_SEC, 10 * NS_PER_SEC, NULL, 0);
	CHECK(record_parse(&r, "{\"n\":1}", 7, &e) == 0);
	CHECK(!stream_get_window(&r, &v));
	stream_set_window(&r, w.buf, w.len);
	CHECK(stream_get_window(&r, &v) && raw_is(&v, w.buf));
	CHECK(stream_window_bounds(&v, &start, &end) == 0 &&
	    start == 5 * NS_PER_SEC && end == 10 * NS_PER_SEC);
	/* Set again: replaced, not repeated. */
	stream_set_window(&r, "{}", 2);
	CHECK(r.len == strlen("{\"n\":1,\"@window\":{}}"));
	record_release(&r);
	strbuf_release(&w);
}

static void
test_close(void)
{
	struct strbuf w = STRBUF_INIT, sb = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct jval v;
	int64_t start, end;

	stream_window_value(&w, 0, NS_PER_SEC, "\"k\"", 3);
	stream_close(&sb, w.buf, w.len);
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_ctl_of(&r) == CTL_CLOSE);
	CHECK(stream_get_window(&r, &v) && raw_is(&v, w.buf));
	CHECK(stream_window_bounds(&v, &start, &end) == 0 && start == 0 &&
	    end == NS_PER_SEC);
	record_release(&r);
	strbuf_release(&sb);
	strbuf_release(&w);
}

static void
test_snapshot(void)
{
	struct strbuf sb = STRBUF_INIT, at = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct tzspec utc = TZSPEC_UTC;
	struct jval v;
	const int64_t t = INT64_C(1764547200123000000);
	const char *s;
	int64_t ns;
	size_t n;
	int prec;

	stream_snapshot(&sb, t);
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_ctl_of(&r) == CTL_SNAPSHOT);
	CHECK(record_get_key(&r, "at", 2, &v) && v.type == JT_STRING);
	s = jval_str(&v, &at, &n);
	CHECK(timefmt_parse_iso(s, n, &utc, &ns, &prec) == n && ns == t);
	record_release(&r);
	strbuf_release(&at);
	strbuf_release(&sb);
}

static void
test_barrier(void)
{
	static const struct stream_barrier b[] = {
		{ CTL_RESTORE, 0, "/var/lib/in.state", 17, 0, 0, 0 },
		{ CTL_CHECKPOINT, 7, "/s/\xc3\xa9.state", 11, 2, 3, 0 },
		{ CTL_CHECKPOINT, INT64_MAX, "/x", 2, 1, 1, 1 },
	};
	struct strbuf sb = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct stream_barrier got;
	struct sluice_err e;
	size_t i;

	for (i = 0; i < NELEM(b); i++) {
		strbuf_reset(&sb);
		stream_barrier_write(&sb, &b[i]);
		CHECK(parse(&r, &sb) == 0);
		CHECK(stream_ctl_of(&r) == b[i].kind);
		CHECK(stream_barrier_read(&r, &got, &e) == 0);
		CHECK(got.kind == b[i].kind && got.id == b[i].id &&
		    got.stage == b[i].stage && got.epoch == b[i].epoch &&
		    got.final == b[i].final);
		CHECK(got.sourcelen == b[i].sourcelen &&
		    memcmp(got.source, b[i].source, got.sourcelen) == 0);
	}
	/* Not barriers, or incomplete ones: -1 and a message. */
	CHECK(record_parse(&r, "{\"@ctl\":\"close\"}", 16, &e) == 0);
	CHECK(stream_barrier_read(&r, &got, &e) == -1 && e.msg[0] != '\0');
	strbuf_reset(&sb);
	stream_barrier_write(&sb, &b[1]);
	strbuf_truncate(&sb, sb.len - 1);
	strbuf_addstr(&sb, ",\"stage\":-1}");
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_barrier_read(&r, &got, &e) == -1);
	strbuf_reset(&sb);
	stream_barrier_write(&sb, &b[1]);
	strbuf_truncate(&sb, sb.len - 1);
	strbuf_addstr(&sb, ",\"id\":\"7\"}");
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_barrier_read(&r, &got, &e) == -1);
	record_release(&r);
	strbuf_release(&sb);
}

static void
test_partial(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct sluice_err e;
	struct jiter it;
	struct jval spec, state, k, v;
	int nkeys = 0;

	strbuf_addstr(&sb, "{\"host\":\"a\",\"@window\":{}");
	stream_partial_begin(&sb, "count,sum:\"x\"", 13);
	strbuf_addstr(&sb, "[1,{\"s\":2.5}]");
	stream_partial_end(&sb);
	strbuf_addch(&sb, '}');
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_get_partial(&r, &spec, &state) == 1);
	CHECK(jval_str_eq(&spec, "count,sum:\"x\"", 13));
	CHECK(raw_is(&state, "[1,{\"s\":2.5}]"));
	CHECK(stream_ctl_of(&r) == CTL_NONE);
	/* The group keys are the members that are not reserved. */
	jiter_init(&it, &r.root);
	while (jiter_next(&it, &k, &v))
		if (!stream_partial_is_reserved(&k)) {
			CHECK(jval_str_eq(&k, "host", 4));
			nkeys++;
		}
	CHECK_INT(nkeys, 1);

	/* No @partial: 0; one that lacks a part: -1. */
	CHECK(record_parse(&r, "{\"a\":1}", 7, &e) == 0);
	CHECK(stream_get_partial(&r, &spec, &state) == 0);
	strbuf_reset(&sb);
	strbuf_addch(&sb, '{');
	stream_add_key(&sb, SK_PARTIAL);
	strbuf_addstr(&sb, "{\"spec\":\"count\"}}");
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_get_partial(&r, &spec, &state) == -1);
	strbuf_reset(&sb);
	strbuf_addch(&sb, '{');
	stream_add_key(&sb, SK_PARTIAL);
	strbuf_addstr(&sb, "{\"spec\":1,\"state\":[]}}");
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_get_partial(&r, &spec, &state) == -1);
	record_release(&r);
	strbuf_release(&sb);
}

static void
test_merge_names(void)
{
	static const enum stream_merge all[] = {
		MERGE_NONE, MERGE_SUM, MERGE_MIN, MERGE_MAX,
	};
	const char *s;
	size_t i;

	for (i = 0; i < NELEM(all); i++) {
		s = stream_merge_name(all[i]);
		CHECK(s != NULL && stream_merge_of(s, strlen(s)) == all[i]);
	}
	CHECK_STR(stream_merge_name(MERGE_SUM), "sum");
	CHECK(stream_merge_of("mean", 4) == MERGE_NONE);
	CHECK(stream_merge_of("su", 2) == MERGE_NONE);
}

static void
test_meta(void)
{
	char *by[] = { "host", "odd \"key\"" };
	struct stream_metric metric[] = {
		{ "count", "count", NULL, MERGE_SUM },
		{ "minutes", "max", "minutes", MERGE_MAX },
		{ "p95_request_time", "p95", "request_time", MERGE_NONE },
		{ "low", "min", "t\xc3\xa9", MERGE_MIN },
	};
	struct stream_meta m = { by, NELEM(by), metric, NELEM(metric) };
	struct stream_meta got;
	const struct stream_metric *x;
	struct strbuf sb = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct sluice_err e;
	size_t i;

	stream_meta_write(&sb, &m);
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_ctl_of(&r) == CTL_META);
	CHECK(stream_meta_read(&r, &got, &e) == 0);
	CHECK_INT(got.nby, NELEM(by));
	for (i = 0; i < got.nby && i < NELEM(by); i++)
		CHECK_STR(got.by[i], by[i]);
	CHECK_INT(got.nmetric, NELEM(metric));
	for (i = 0; i < got.nmetric && i < NELEM(metric); i++) {
		CHECK_STR(got.metric[i].name, metric[i].name);
		CHECK_STR(got.metric[i].fn, metric[i].fn);
		CHECK((got.metric[i].field == NULL) ==
		    (metric[i].field == NULL));
		if (metric[i].field != NULL && got.metric[i].field != NULL)
			CHECK_STR(got.metric[i].field, metric[i].field);
		CHECK(got.metric[i].merge == metric[i].merge);
	}
	/* Metrics are found by name, never guessed from it. */
	x = stream_meta_find(&got, "minutes", 7);
	CHECK(x != NULL && x->merge == MERGE_MAX);
	x = stream_meta_find(&got, "p95_request_time", 16);
	CHECK(x != NULL && x->merge == MERGE_NONE);
	CHECK(stream_meta_find(&got, "min", 3) == NULL);
	stream_meta_release(&got);
	CHECK(got.nby == 0 && got.nmetric == 0);

	/* An empty one. */
	m.nby = 0;
	m.nmetric = 0;
	strbuf_reset(&sb);
	stream_meta_write(&sb, &m);
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_meta_read(&r, &got, &e) == 0 && got.nby == 0 &&
	    got.nmetric == 0);
	stream_meta_release(&got);

	/* Not meta records, or malformed ones: -1 and a message. */
	CHECK(record_parse(&r, "{\"a\":1}", 7, &e) == 0);
	CHECK(stream_meta_read(&r, &got, &e) == -1 && e.msg[0] != '\0');
	strbuf_reset(&sb);
	stream_meta_write(&sb, &m);
	strbuf_truncate(&sb, sb.len - 1);
	strbuf_addstr(&sb, ",\"by\":[1]}");
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_meta_read(&r, &got, &e) == -1);
	strbuf_reset(&sb);
	stream_meta_write(&sb, &m);
	strbuf_truncate(&sb, sb.len - 1);
	strbuf_addstr(&sb, ",\"metrics\":[{\"name\":\"x\"}]}");
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_meta_read(&r, &got, &e) == -1);
	record_release(&r);
	strbuf_release(&sb);
}

static void
test_alert(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct sluice_err e;
	struct jval a, v;

	stream_alert_begin(&sb);
	strbuf_addstr(&sb, "\"rule\":\"slow\",\"state\":\"firing\"}}");
	CHECK(parse(&r, &sb) == 0);
	CHECK(stream_get_alert(&r, &a));
	CHECK(jval_find(&a, "rule", 4, &v) && jval_str_eq(&v, "slow", 4));
	CHECK(stream_ctl_of(&r) == CTL_NONE);
	CHECK(record_parse(&r, "{\"rule\":\"slow\"}", 15, &e) == 0);
	CHECK(!stream_get_alert(&r, &a));
	/* An @alert that is not an object is no alert. */
	strbuf_reset(&sb);
	strbuf_addch(&sb, '{');
	stream_add_key(&sb, SK_ALERT);
	strbuf_addstr(&sb, "true}");
	CHECK(parse(&r, &sb) == 0);
	CHECK(!stream_get_alert(&r, &a));
	record_release(&r);
	strbuf_release(&sb);
}

int
main(void)
{
	test_keys();
	test_ctl_of();
	test_window();
	test_set_window();
	test_close();
	test_snapshot();
	test_barrier();
	test_partial();
	test_merge_names();
	test_meta();
	test_alert();
	return check_status();
}
