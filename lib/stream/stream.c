/* SPDX-License-Identifier: MIT */
/* stream.c -- the stream protocol of sluice(7): reserved keys, control records. */
#include <string.h>

#include "json/jsonw.h"
#include "stream/stream.h"
#include "time/duration.h"
#include "time/timefmt.h"

/* The kinds of control record, by their @ctl value. */
static const struct {
	const char	*name;
	enum stream_ctl	 kind;
} ctl_kinds[] = {
	{ "close",	CTL_CLOSE },
	{ "snapshot",	CTL_SNAPSHOT },
	{ "meta",	CTL_META },
	{ "checkpoint",	CTL_CHECKPOINT },
	{ "restore",	CTL_RESTORE },
	{ "shard",	CTL_SHARD },
};

void
stream_add_key(struct strbuf *sb, const char *key, size_t n)
{
	strbuf_addch(sb, '"');
	strbuf_add(sb, key, n);
	strbuf_add(sb, "\":", 2);
}

/* Append {"@ctl":"KIND" to sb: a control record, left open. */
static void
ctl_begin(struct strbuf *sb, const char *kind)
{
	strbuf_addch(sb, '{');
	stream_add_key(sb, SK_CTL);
	jsonw_string(sb, kind, strlen(kind));
}

/*
 * Whether the text p[0..n) may hold the reserved key "@NAME", name
 * being NAME" (its last letters and the closing quote, len > 1): it
 * has them in it, or a \u escape, the only other way to write those
 * letters.  Most records do not, and are not indexed for the question.
 */
static int
may_hold(const char *p, size_t n, const char *name, size_t len)
{
	const char *q, *end = p + n;

	for (q = p; q + len <= end &&
	    (q = memchr(q, name[0], (size_t)(end - q) - (len - 1))) != NULL;
	    q++)
		if (memcmp(q + 1, name + 1, len - 1) == 0)
			return 1;
	for (q = p; q + 2 <= end &&
	    (q = memchr(q, '\\', (size_t)(end - q) - 1)) != NULL; q += 2)
		if (q[1] == 'u')
			return 1;
	return 0;
}

enum stream_ctl
stream_ctl_of(struct record *r)
{
	struct jval v;
	size_t i;

	if (r->root.type != JT_OBJECT || !may_hold(r->text, r->len, "ctl\"", 4) ||
	    !record_get_key(r, SK_CTL, &v))
		return CTL_NONE;
	for (i = 0; i < NELEM(ctl_kinds); i++)
		if (jval_str_eq(&v, ctl_kinds[i].name,
		    strlen(ctl_kinds[i].name)))
			return ctl_kinds[i].kind;
	return CTL_OTHER;
}

void
stream_close(struct strbuf *sb, const char *w, size_t n)
{
	ctl_begin(sb, "close");
	strbuf_addch(sb, ',');
	stream_add_key(sb, SK_WINDOW);
	strbuf_add(sb, w, n);
	strbuf_addch(sb, '}');
}

/* Append a time as an RFC 3339 string, ms or ns as it needs. */
static void
add_time(struct strbuf *sb, int64_t t)
{
	char buf[TIMEFMT_LEN];
	size_t n;

	n = timefmt_format(t, t % NS_PER_MS ? 9 : 3, buf);
	strbuf_addch(sb, '"');
	strbuf_add(sb, buf, n);
	strbuf_addch(sb, '"');
}

void
stream_snapshot(struct strbuf *sb, int64_t at)
{
	char buf[TIMEFMT_LEN];
	size_t n;

	ctl_begin(sb, "snapshot");
	strbuf_addstr(sb, ",\"at\":\"");
	n = timefmt_format(at, 3, buf);
	strbuf_add(sb, buf, n);
	strbuf_addstr(sb, "\"}");
}

/* ---- checkpoint barriers ---- */

void
stream_barrier_write(struct strbuf *sb, const struct stream_barrier *b)
{
	ctl_begin(sb, b->kind == CTL_RESTORE ? "restore" : "checkpoint");
	strbuf_addstr(sb, ",\"id\":");
	jsonw_int(sb, b->id);
	strbuf_addstr(sb, ",\"source\":");
	jsonw_string(sb, b->source, b->sourcelen);
	strbuf_addstr(sb, ",\"stage\":");
	jsonw_int(sb, b->stage);
	strbuf_addstr(sb, ",\"epoch\":");
	jsonw_int(sb, b->epoch);
	if (b->final)
		strbuf_addstr(sb, ",\"final\":true");
	strbuf_addch(sb, '}');
}

int
stream_line_is_restore(const char *p, size_t n)
{
	static const char head[] = "{\"@ctl\":\"restore\"";

	return n >= sizeof(head) - 1 && p[0] == '{' &&
	    memcmp(p, head, sizeof(head) - 1) == 0;
}

int
stream_barrier_read(struct record *r, struct stream_barrier *b,
    struct sluice_err *err)
{
	struct jval v;

	memset(b, 0, sizeof(*b));
	b->kind = stream_ctl_of(r);
	if (b->kind != CTL_CHECKPOINT && b->kind != CTL_RESTORE)
		return err_set(err, 0, "not a checkpoint or restore record");
	if (!record_get_key(r, STREAM_KEY("id"), &v) ||
	    jval_int64(&v, &b->id) == -1 || b->id < 0)
		return err_set(err, 0, "a %s record needs an id from 0",
		    b->kind == CTL_RESTORE ? "restore" : "checkpoint");
	if (!record_get_key(r, STREAM_KEY("source"), &v) ||
	    v.type != JT_STRING || (v.flags & JV_ESCAPED) || v.n < 3)
		return err_set(err, 0, "a barrier needs its source's path");
	b->source = v.p + 1;
	b->sourcelen = v.n - 2;
	if (!record_get_key(r, STREAM_KEY("stage"), &v) ||
	    jval_int64(&v, &b->stage) == -1 || b->stage < 0)
		return err_set(err, 0, "a barrier needs its stage from 0");
	if (!record_get_key(r, STREAM_KEY("epoch"), &v) ||
	    jval_int64(&v, &b->epoch) == -1 || b->epoch < 0)
		return err_set(err, 0, "a barrier needs its epoch from 0");
	b->final = record_get_key(r, STREAM_KEY("final"), &v) &&
	    v.type == JT_TRUE;
	return 0;
}

/* ---- @window ---- */

void
stream_window_value(struct strbuf *sb, int64_t start, int64_t end,
    const char *key, size_t keylen)
{
	strbuf_addstr(sb, "{\"start\":");
	add_time(sb, start);
	strbuf_addstr(sb, ",\"end\":");
	add_time(sb, end);
	if (key != NULL) {
		strbuf_addstr(sb, ",\"key\":");
		strbuf_add(sb, key, keylen);
	}
	strbuf_addch(sb, '}');
}

void
stream_set_window(struct record *r, const char *w, size_t n)
{
	record_set_raw(r, SK_WINDOW, w, n);
}

void
stream_provisional_mark(struct strbuf *sb)
{
	strbuf_addch(sb, ',');
	stream_add_key(sb, SK_FINAL);
	strbuf_add(sb, "false", 5);
}

int
stream_is_provisional(struct record *r)
{
	struct jval v;

	return r->root.type == JT_OBJECT &&
	    may_hold(r->text, r->len, "final\"", 6) &&
	    record_get_key(r, SK_FINAL, &v) && v.type == JT_FALSE;
}

int
stream_get_window(struct record *r, struct jval *w)
{
	return record_get_key(r, SK_WINDOW, w);
}

int
stream_window_parts(const struct jval *w, struct jval *start,
    struct jval *end, struct jval *key)
{
	if (w->type != JT_OBJECT || !jval_find(w, "start", 5, start) ||
	    !jval_find(w, "end", 3, end))
		return -1;
	if (key != NULL && !jval_find(w, "key", 3, key))
		key->type = JT_MISSING;
	return 0;
}

/* One bound of a window as a time; 0, or -1. */
static int
bound(const struct jval *v, int64_t *ns)
{
	struct strbuf sb = STRBUF_INIT;
	struct tzspec utc = TZSPEC_UTC;
	const char *s;
	size_t n;
	int prec, rv = -1;

	if (v->type != JT_STRING)
		return -1;
	s = jval_str(v, &sb, &n);
	if (n > 0 && timefmt_parse_iso(s, n, &utc, ns, &prec) == n)
		rv = 0;
	strbuf_release(&sb);
	return rv;
}

int
stream_window_bounds(const struct jval *w, int64_t *start, int64_t *end)
{
	struct jval s, e;

	if (stream_window_parts(w, &s, &e, NULL) == -1 ||
	    bound(&s, start) == -1 || bound(&e, end) == -1)
		return -1;
	return 0;
}

/* Append ,"name":"DURATION" to sb. */
static void
add_duration(struct strbuf *sb, const char *name, int64_t ns)
{
	char buf[DURATION_LEN];
	size_t n;

	n = duration_format(ns, buf);
	strbuf_addf(sb, ",\"%s\":\"", name);
	strbuf_add(sb, buf, n);
	strbuf_addch(sb, '"');
}

void
stream_pane_value(struct strbuf *sb, const struct stream_pane *p)
{
	strbuf_addstr(sb, "{\"pane\":");
	stream_window_value(sb, p->start, p->end, NULL, 0);
	strbuf_addstr(sb, ",\"first\":");
	add_time(sb, p->first);
	add_duration(sb, "size", p->size);
	add_duration(sb, "every", p->every);
	strbuf_addch(sb, '}');
}

/* The member name of w as a duration > 0: 0, or -1. */
static int
get_duration(const struct jval *w, const char *name, int64_t *ns)
{
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err e;
	char buf[DURATION_LEN];
	struct jval v;
	const char *s;
	size_t n;

	if (!jval_find(w, name, strlen(name), &v) || v.type != JT_STRING)
		return -1;
	s = jval_str(&v, &sb, &n);
	/* duration_parse() reads a C string: a copy, or too long. */
	if (n < sizeof(buf) && memchr(s, '\0', n) == NULL) {
		memcpy(buf, s, n);
		buf[n] = '\0';
	} else
		buf[0] = '\0';
	strbuf_release(&sb);
	return duration_parse(buf, ns, &e) == 0 && *ns > 0 ? 0 : -1;
}

int
stream_pane_read(const struct jval *w, struct stream_pane *p)
{
	struct jval pv, f;

	if (w->type != JT_OBJECT || !jval_find(w, "pane", 4, &pv))
		return 0;
	if (stream_window_bounds(&pv, &p->start, &p->end) == -1 ||
	    !jval_find(w, "first", 5, &f) || bound(&f, &p->first) == -1 ||
	    get_duration(w, "size", &p->size) == -1 ||
	    get_duration(w, "every", &p->every) == -1 ||
	    p->end <= p->start || p->first > p->start)
		return -1;
	return 1;
}

/* ---- @partial ---- */

void
stream_partial_begin(struct strbuf *sb, const char *spec, size_t n)
{
	strbuf_addch(sb, ',');
	stream_add_key(sb, SK_PARTIAL);
	strbuf_addstr(sb, "{\"spec\":");
	jsonw_string(sb, spec, n);
	strbuf_addstr(sb, ",\"state\":");
}

void
stream_partial_end(struct strbuf *sb)
{
	strbuf_addch(sb, '}');
}

int
stream_get_partial(struct record *r, struct jval *spec, struct jval *state)
{
	struct jval p;

	if (!record_get_key(r, SK_PARTIAL, &p))
		return 0;
	if (p.type != JT_OBJECT || !jval_find(&p, "spec", 4, spec) ||
	    spec->type != JT_STRING || !jval_find(&p, "state", 5, state))
		return -1;
	return 1;
}

int
stream_partial_is_reserved(const struct jval *k)
{
	return jval_str_eq(k, SK_WINDOW) || jval_str_eq(k, SK_PARTIAL);
}

/* ---- stream metadata ---- */

static const char *const merge_names[] = {
	[MERGE_NONE] = "none",
	[MERGE_SUM] = "sum",
	[MERGE_MIN] = "min",
	[MERGE_MAX] = "max",
};

const char *
stream_merge_name(enum stream_merge m)
{
	return merge_names[m];
}

enum stream_merge
stream_merge_of(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NELEM(merge_names); i++)
		if (strlen(merge_names[i]) == n &&
		    memcmp(merge_names[i], s, n) == 0)
			return (enum stream_merge)i;
	return MERGE_NONE;
}

static void
add_string_member(struct strbuf *sb, const char *key, const char *s)
{
	strbuf_addch(sb, ',');
	jsonw_string(sb, key, strlen(key));
	strbuf_addch(sb, ':');
	jsonw_string(sb, s, strlen(s));
}

void
stream_shard_write(struct strbuf *sb, const char *id, uint64_t n)
{
	ctl_begin(sb, "shard");
	add_string_member(sb, "id", id);
	strbuf_addf(sb, ",\"partials\":%llu}", (unsigned long long)n);
}

int
stream_shard_read(struct record *r, struct strbuf *id, uint64_t *n)
{
	struct jval v, k;
	int64_t i;

	strbuf_reset(id);
	if (stream_ctl_of(r) != CTL_SHARD ||
	    !record_get_key(r, STREAM_KEY("id"), &v) ||
	    v.type != JT_STRING ||
	    !record_get_key(r, STREAM_KEY("partials"), &k) ||
	    jval_int64(&k, &i) == -1 || i < 0)
		return -1;
	jval_str_append(&v, id);
	*n = (uint64_t)i;
	return 0;
}

void
stream_meta_write(struct strbuf *sb, const struct stream_meta *m)
{
	const struct stream_metric *x;
	size_t i;

	ctl_begin(sb, "meta");
	strbuf_addstr(sb, ",\"by\":[");
	for (i = 0; i < m->nby; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		jsonw_string(sb, m->by[i], strlen(m->by[i]));
	}
	strbuf_addstr(sb, "],\"metrics\":[");
	for (i = 0; i < m->nmetric; i++) {
		x = &m->metric[i];
		if (i > 0)
			strbuf_addch(sb, ',');
		strbuf_addstr(sb, "{\"name\":");
		jsonw_string(sb, x->name, strlen(x->name));
		add_string_member(sb, "fn", x->fn);
		if (x->field != NULL)
			add_string_member(sb, "field", x->field);
		add_string_member(sb, "merge", stream_merge_name(x->merge));
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, "]}");
}

/* A new copy of the string v, or NULL when v is not a string. */
static char *
str_dup(const struct jval *v)
{
	struct strbuf sb = STRBUF_INIT;

	if (v->type != JT_STRING)
		return NULL;
	jval_str_append(v, &sb);
	return strbuf_detach(&sb, NULL);
}

static int
read_metric(const struct jval *o, struct stream_metric *x)
{
	struct jval v;
	size_t i;

	memset(x, 0, sizeof(*x));
	if (o->type != JT_OBJECT)
		return -1;
	if (jval_find(o, "name", 4, &v))
		x->name = str_dup(&v);
	if (jval_find(o, "fn", 2, &v))
		x->fn = str_dup(&v);
	if (jval_find(o, "field", 5, &v))
		x->field = str_dup(&v);
	if (jval_find(o, "merge", 5, &v))
		for (i = 0; i < NELEM(merge_names); i++)
			if (jval_str_eq(&v, merge_names[i],
			    strlen(merge_names[i])))
				x->merge = (enum stream_merge)i;
	return x->name != NULL && x->fn != NULL ? 0 : -1;
}

int
stream_meta_read(struct record *r, struct stream_meta *m,
    struct sluice_err *err)
{
	struct jiter it;
	struct jval by, ms, k, v;
	size_t n;

	memset(m, 0, sizeof(*m));
	if (stream_ctl_of(r) != CTL_META ||
	    !record_get_key(r, STREAM_KEY("by"), &by) ||
	    by.type != JT_ARRAY ||
	    !record_get_key(r, STREAM_KEY("metrics"), &ms) ||
	    ms.type != JT_ARRAY)
		return err_set(err, 0, "a meta record needs by and metrics");
	for (n = 0, jiter_init(&it, &by); jiter_next(&it, &k, &v); n++)
		;
	m->by = xcalloc(n, sizeof(*m->by));
	for (jiter_init(&it, &by); jiter_next(&it, &k, &v); m->nby++)
		if ((m->by[m->nby] = str_dup(&v)) == NULL)
			goto bad;
	for (n = 0, jiter_init(&it, &ms); jiter_next(&it, &k, &v); n++)
		;
	m->metric = xcalloc(n, sizeof(*m->metric));
	for (jiter_init(&it, &ms); jiter_next(&it, &k, &v); m->nmetric++)
		if (read_metric(&v, &m->metric[m->nmetric]) == -1) {
			m->nmetric++;
			goto bad;
		}
	return 0;
bad:
	stream_meta_release(m);
	return err_set(err, 0, "a meta record's by or metrics is malformed");
}

const struct stream_metric *
stream_meta_find(const struct stream_meta *m, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < m->nmetric; i++)
		if (strlen(m->metric[i].name) == n &&
		    memcmp(m->metric[i].name, name, n) == 0)
			return &m->metric[i];
	return NULL;
}

void
stream_meta_release(struct stream_meta *m)
{
	size_t i;

	for (i = 0; i < m->nby; i++)
		free(m->by[i]);
	for (i = 0; i < m->nmetric; i++) {
		free(m->metric[i].name);
		free(m->metric[i].fn);
		free(m->metric[i].field);
	}
	free(m->by);
	free(m->metric);
	memset(m, 0, sizeof(*m));
}

/* ---- @alert ---- */

void
stream_alert_begin(struct strbuf *sb)
{
	strbuf_addch(sb, '{');
	stream_add_key(sb, SK_ALERT);
	strbuf_addch(sb, '{');
}

int
stream_get_alert(struct record *r, struct jval *a)
{
	return record_get_key(r, SK_ALERT, a) && a->type == JT_OBJECT;
}
