/* SPDX-License-Identifier: MIT */
/* json_record.c -- fuzz the record reader (json/record) and stream readers. */
#include "fuzz.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"
#include "stream/stream.h"

/*
 * Input: NDJSON lines, read by one record as a tool reads its input
 * (the record is reused).  Each record is asked for its fields, its
 * time, what it is in the stream protocol (control record, window,
 * meta record, barrier, alert, partial), and then edited: a member
 * replaced, one added and a window set.  After each edit the text must
 * still be one JSON object holding the new values.
 */

static void
check_member(struct record *r, const char *key, size_t klen,
    const char *json)
{
	struct sluice_err e;
	struct jval root, v;

	FUZZ_ASSERT(scan_document(r->text, r->len, &root, &e) == 0);
	FUZZ_ASSERT(root.type == JT_OBJECT);
	FUZZ_ASSERT(record_get_key(r, key, klen, &v) == 1);
	FUZZ_ASSERT(v.n == strlen(json) && memcmp(v.p, json, v.n) == 0);
}

static void
read_stream(struct record *r)
{
	struct stream_barrier b;
	struct stream_meta m;
	struct sluice_err e;
	struct jval w, start, end, key, spec, state, a;
	int64_t s, t;

	(void)stream_ctl_of(r);
	if (stream_get_window(r, &w)) {
		(void)stream_window_parts(&w, &start, &end, &key);
		(void)stream_window_bounds(&w, &s, &t);
	}
	memset(&m, 0, sizeof(m));
	if (stream_meta_read(r, &m, &e) == 0)
		(void)stream_meta_find(&m, "count", 5);
	stream_meta_release(&m);
	(void)stream_barrier_read(r, &b, &e);
	(void)stream_get_alert(r, &a);
	(void)stream_get_partial(r, &spec, &state);
	(void)stream_line_is_restore(r->text, r->len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "@timestamp", "ts", "time", "a",
	    "" };
	struct record rec = RECORD_INIT;
	struct time_opts topts = TIME_OPTS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct path *tp, *np;
	struct sluice_err e;
	struct jiter it;
	struct jval k, v, first;
	const char *p = (const char *)data, *end = p + size, *line;
	char *own = NULL, *fkey;
	size_t len, i, flen;
	int64_t ns;
	int prec, have_first;

	tp = path_compile("@timestamp", &e);
	np = path_compile("a.b[0]", &e);
	FUZZ_ASSERT(tp != NULL && np != NULL);
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		if (record_parse(&rec, line, len, &e) == -1) {
			FUZZ_ASSERT(e.col >= 1 && e.col <= len + 1);
			continue;
		}
		FUZZ_ASSERT(rec.root.type == JT_OBJECT);
		for (i = 0; i < NELEM(keys); i++)
			(void)record_get_key(&rec, keys[i], strlen(keys[i]),
			    &v);
		(void)record_get(&rec, np, &v);
		(void)record_time(&rec, tp, &topts, &ns, &prec);
		read_stream(&rec);

		/* The first member is found by its decoded key. */
		jiter_init(&it, &rec.root);
		fkey = NULL;
		flen = 0;
		if ((have_first = jiter_next(&it, &k, &first))) {
			strbuf_reset(&sb);
			jval_str_append(&k, &sb);
			flen = sb.len;
			fkey = fuzz_str(sb.buf, sb.len);
			FUZZ_ASSERT(record_get_key(&rec, fkey, flen, &v));
		}

		record_set_raw(&rec, "fuzz\"key", 8, "[1,\"x\"]", 7);
		check_member(&rec, "fuzz\"key", 8, "[1,\"x\"]");
		record_set_raw(&rec, "fuzz\"key", 8, "null", 4);
		check_member(&rec, "fuzz\"key", 8, "null");
		strbuf_reset(&sb);
		stream_window_value(&sb, 0, NS_PER_SEC, NULL, 0);
		stream_set_window(&rec, sb.buf, sb.len);
		read_stream(&rec);
		if (have_first) {
			record_set_raw(&rec, fkey, flen, "{}", 2);
			check_member(&rec, fkey, flen, "{}");
		}
		free(fkey);
	}
	fuzz_line_done(&own);
	record_release(&rec);
	strbuf_release(&sb);
	path_free(tp);
	path_free(np);
	return 0;
}
