/* SPDX-License-Identifier: MIT */
/* partial.c -- aggregate's partial states on the wire: write and read them. */
#include <stdlib.h>
#include <string.h>

#include "agg/partial.h"
#include "json/canon.h"
#include "stream/stream.h"

void
partial_append(struct strbuf *sb, const struct agg_spec *s,
    const struct agg_acc *acc)
{
	const char *spec = agg_spec_canon(s);

	stream_partial_begin(sb, spec, strlen(spec));
	agg_serialize(s, acc, sb);
	strbuf_addf(sb, ",\"format\":%d", PARTIAL_FORMAT);
	stream_partial_end(sb);
}

int
partial_format(struct record *r, struct strbuf *why)
{
	struct jval p, f;
	int64_t v = 1;

	strbuf_reset(why);
	if (record_get_key(r, SK_PARTIAL, &p) && p.type == JT_OBJECT &&
	    jval_find(&p, "format", 6, &f) && jval_int64(&f, &v) == -1)
		v = -1;
	if (v == PARTIAL_FORMAT)
		return 0;
	if (v < 1) {
		strbuf_addstr(why, "a partial state of an unknown format");
		return -1;
	}
	strbuf_addf(why, "a partial state of format %lld, %s; this aggregate "
	    "reads format %d (write and merge partials with one version "
	    "of sluice)", (long long)v, v < PARTIAL_FORMAT ? "from an older "
	    "aggregate" : "from a newer aggregate", PARTIAL_FORMAT);
	return -1;
}

int
partial_get(struct record *r, struct jval *spec, struct jval *state,
    struct sluice_err *err)
{
	if (stream_get_partial(r, spec, state) == 1)
		return 0;
	return err_set(err, 0, "not a partial state (no @partial with spec "
	    "and state)");
}

/* Check the spec text against s, or take it: partial_spec(). */
static int
spec_text(struct agg_spec *s, int *have, const char *text,
    struct strbuf *why)
{
	struct sluice_err e;

	strbuf_reset(why);
	if (!*have) {
		if (agg_spec_parse(s, text, &e) == -1) {
			strbuf_addf(why, "the spec of the partial '%s', "
			    "column %zu: %s", text, e.col, e.msg);
			return -1;
		}
		*have = 1;
	} else if (strcmp(agg_spec_canon(s), text) != 0) {
		strbuf_addf(why, "a partial of '-a %s', not of '-a %s'", text,
		    agg_spec_canon(s));
		return -1;
	}
	return 0;
}

int
partial_spec(struct agg_spec *s, int *have, const struct jval *spec,
    struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT;
	int rv;

	strbuf_addstr(&text, "");
	jval_str_append(spec, &text);
	rv = spec_text(s, have, text.buf, why);
	strbuf_release(&text);
	return rv;
}

/* "the group keys are not those of the other partials (a,b)". */
static int
keys_differ(char *const *names, size_t n, struct strbuf *why)
{
	size_t i;

	strbuf_reset(why);
	strbuf_addstr(why, "the group keys are not those of the other "
	    "partials (");
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(why, ',');
		strbuf_addstr(why, names[i]);
	}
	strbuf_addstr(why, n > 0 ? ")" : "none)");
	return -1;
}

/*
 * The name of key i, s[0..len): taken when !known, else checked
 * against names[i].  0, or -1 with why.
 */
static int
key_name(char ***names, size_t *n, int known, size_t i, const char *s,
    size_t len, struct strbuf *why)
{
	if (!known) {
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		(*names)[(*n)++] = xstrndup(s, len);
		return 0;
	}
	if (i >= *n || strlen((*names)[i]) != len ||
	    memcmp((*names)[i], s, len) != 0)
		return keys_differ(*names, *n, why);
	return 0;
}

int
partial_keys(struct record *r, char ***names, size_t *n, int *known,
    struct strbuf *key, struct strbuf *why)
{
	struct strbuf name = STRBUF_INIT;
	struct jiter it;
	struct jval k, v;
	size_t i = 0;
	int rv = 0;

	strbuf_reset(key);
	strbuf_addch(key, '[');
	jiter_init(&it, &r->root);
	while (rv == 0 && jiter_next(&it, &k, &v)) {
		if (stream_partial_is_reserved(&k))
			continue;
		strbuf_reset(&name);
		strbuf_addstr(&name, "");
		jval_str_append(&k, &name);
		rv = key_name(names, n, *known, i, name.buf, name.len, why);
		if (i++ > 0)
			strbuf_addch(key, ',');
		canon_append(key, &v);
	}
	strbuf_addch(key, ']');
	strbuf_release(&name);
	if (rv == 0 && *known && i != *n)
		rv = keys_differ(*names, *n, why);
	*known = 1;
	return rv;
}

int
partial_meta(struct record *r, struct agg_spec *s, int *have,
    char ***names, size_t *n, int *known, struct strbuf *why)
{
	struct sluice_err e;
	struct stream_meta m;
	struct strbuf text = STRBUF_INIT;
	size_t i;
	int rv = 0;

	if (stream_meta_read(r, &m, &e) == -1)
		return 0;
	for (i = 0; i < m.nmetric; i++) {
		if (i > 0)
			strbuf_addch(&text, ',');
		strbuf_addstr(&text, m.metric[i].fn);
		if (m.metric[i].field != NULL) {
			strbuf_addch(&text, ':');
			strbuf_addstr(&text, m.metric[i].field);
		}
		strbuf_addch(&text, '=');
		strbuf_addstr(&text, m.metric[i].name);
	}
	if (!*have && m.nmetric > 0)
		rv = spec_text(s, have, text.buf, why);
	for (i = 0; rv == 0 && !*known && i < m.nby; i++)
		rv = key_name(names, n, 0, i, m.by[i], strlen(m.by[i]), why);
	if (rv == 0)
		*known = 1;
	strbuf_release(&text);
	stream_meta_release(&m);
	return rv;
}

void
partial_result(struct record *r, const struct agg_spec *s,
    struct agg_acc *acc, struct strbuf *out)
{
	struct jiter it;
	struct jval k, v, p, wv;
	int64_t start, end;
	double secs = 0;

	strbuf_reset(out);
	if (!record_get_key(r, SK_PARTIAL, &p))
		p.p = NULL;
	jiter_init(&it, &r->root);
	while (jiter_next(&it, &k, &v)) {
		if (v.p == p.p)
			continue;
		strbuf_addch(out, ',');
		strbuf_add(out, k.p, k.n);
		strbuf_addch(out, ':');
		strbuf_add(out, v.p, v.n);
	}
	if (stream_get_window(r, &wv) &&
	    stream_window_bounds(&wv, &start, &end) == 0)
		secs = (double)(end - start) / 1e9;
	agg_result(s, acc, secs, out);
	if (out->len == 0)
		strbuf_addch(out, ',');
	out->buf[0] = '{';
	strbuf_addch(out, '}');
}
