/* SPDX-License-Identifier: MIT */
/* json_scan.c -- fuzz the JSON scanner: validate, walk, decode, canonicalise. */
#include <jansson.h>

#include "fuzz.h"
#include "json/canon.h"
#include "json/jsonw.h"
#include "json/scan.h"

/*
 * Input: any bytes, taken as one JSON document.  When it scans, every
 * value is read back: strings decoded (valid UTF-8, and equal to
 * themselves after a jsonw_string() round trip), numbers as doubles
 * and int64, the whole as a jansson value; its canonical text must
 * scan again and compare equal to the value.
 */

static struct strbuf scratch, tmp;

static void
check_string(const struct jval *v)
{
	struct sluice_err e;
	struct jval w;
	const char *s;
	size_t n;

	s = jval_str(v, &scratch, &n);
	FUZZ_ASSERT(utf8_valid_prefix(s, n) == n);
	FUZZ_ASSERT(jval_str_eq(v, s, n));
	strbuf_reset(&tmp);
	jsonw_string(&tmp, s, n);
	FUZZ_ASSERT(scan_document(tmp.buf, tmp.len, &w, &e) == 0);
	FUZZ_ASSERT(w.type == JT_STRING && jval_str_eq(&w, s, n));
}

static void
walk(const struct jval *v, int depth)
{
	struct jiter it;
	struct jval k, x, found;
	const char *ks;
	char *key;
	size_t klen;
	double d;
	int64_t i;
	int integer;
	long idx = 0;

	switch (v->type) {
	case JT_STRING:
		check_string(v);
		break;
	case JT_NUMBER:
		FUZZ_ASSERT(scan_is_number(v->p, v->n, &integer));
		FUZZ_ASSERT(!integer == !(v->flags & JV_INTEGER));
		FUZZ_ASSERT(jval_double(v, &d) == 0);
		(void)jval_int64(v, &i);
		break;
	case JT_ARRAY:
	case JT_OBJECT:
		jiter_init(&it, v);
		while (jiter_next(&it, v->type == JT_OBJECT ? &k : NULL, &x)) {
			if (v->type == JT_OBJECT) {
				check_string(&k);
				ks = jval_str(&k, &scratch, &klen);
				key = fuzz_str(ks, klen);
				FUZZ_ASSERT(jval_find(v, key, klen, &found));
				free(key);
			} else {
				FUZZ_ASSERT(jval_index(v, idx, &found) == 1);
				FUZZ_ASSERT(found.p == x.p && found.n == x.n);
				idx++;
			}
			walk(&x, depth + 1);
		}
		if (v->type == JT_ARRAY && idx > 0)
			FUZZ_ASSERT(jval_index(v, -1, &found) == 1);
		break;
	default:
		break;
	}
}

/*
 * The one-pass index of the top level: the same value, and the members
 * jiter_next() finds, in order.
 */
static void
check_members(const uint8_t *data, size_t size, const struct jval *v)
{
	struct sluice_err e;
	struct jmember *m = NULL;
	struct jiter it;
	struct jval w, k, x;
	size_t nm = 0, am = 0, i = 0;

	FUZZ_ASSERT(scan_document_members((const char *)data, size, &w, &m,
	    &nm, &am, &e) == 0);
	FUZZ_ASSERT(w.type == v->type && w.p == v->p && w.n == v->n);
	if (v->type == JT_OBJECT) {
		jiter_init(&it, v);
		while (jiter_next(&it, &k, &x)) {
			FUZZ_ASSERT(i < nm);
			FUZZ_ASSERT(m[i].key.p == k.p && m[i].key.n == k.n &&
			    m[i].key.flags == k.flags);
			FUZZ_ASSERT(m[i].val.p == x.p && m[i].val.n == x.n &&
			    m[i].val.type == x.type &&
			    m[i].val.flags == x.flags);
			i++;
		}
	}
	FUZZ_ASSERT(i == nm);
	free(m);
}

/* What scan_document() refuses, the one-pass index refuses alike. */
static void
bad_members(const uint8_t *data, size_t size, size_t col)
{
	struct sluice_err e;
	struct jmember *m = NULL;
	struct jval w;
	size_t nm = 0, am = 0;

	FUZZ_ASSERT(scan_document_members((const char *)data, size, &w, &m,
	    &nm, &am, &e) == -1 && e.col == col);
	free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf canon = STRBUF_INIT;
	struct sluice_err e;
	struct jval v, w;
	json_t *j;
	char *dump;
	int integer;

	(void)scan_is_number((const char *)data, size, &integer);
	(void)utf8_valid_prefix((const char *)data, size);
	if (scan_document((const char *)data, size, &v, &e) == -1) {
		FUZZ_ASSERT(e.col >= 1 && e.col <= size + 1);
		bad_members(data, size, e.col);
		return 0;
	}
	walk(&v, 0);
	check_members(data, size, &v);
	if ((j = jval_to_json(&v)) != NULL) {
		if ((dump = json_dumps(j, JSON_ENCODE_ANY)) != NULL)
			free(dump);
		json_decref(j);
	}
	canon_append(&canon, &v);
	FUZZ_ASSERT(scan_document(canon.buf, canon.len, &w, &e) == 0);
	(void)canon_is(&w);
	FUZZ_ASSERT(canon_cmp(&v, &w) == 0);
	FUZZ_ASSERT(canon_cmp_text(canon.buf, canon.len, canon.buf,
	    canon.len) == 0);
	strbuf_release(&canon);
	strbuf_release(&scratch);
	strbuf_release(&tmp);
	return 0;
}
