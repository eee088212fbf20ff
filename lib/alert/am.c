/* SPDX-License-Identifier: MIT */
/* am.c -- alert --alertmanager: transitions posted to Alertmanager's v2 API. */
#include <string.h>

#include "alert/am.h"
#include "core/hash.h"
#include "json/jsonw.h"
#include "stream/stream.h"
#include "time/timefmt.h"

#define AM_PATH	"/api/v2/alerts"

int
am_open(struct am *am, const char *url, struct sluice_err *err)
{
	http_url_release(&am->url);
	return http_url_parse(&am->url, url, err);
}

int
am_on(const struct am *am)
{
	return am->url.host != NULL;
}

/* v as a JSON string: a string as it is, any other value as its text. */
static void
add_as_string(struct strbuf *sb, const struct jval *v)
{
	if (v->type == JT_STRING)
		strbuf_add(sb, v->p, v->n);
	else
		jsonw_string(sb, v->p, v->n);
}

/*
 * k[0..n) as a label name Alertmanager takes ([a-zA-Z_][a-zA-Z0-9_]*):
 * any other byte becomes '_', and a leading digit gets one before it.
 */
static void
add_label_name(struct strbuf *sb, const char *k, size_t n)
{
	size_t i;
	char c;

	strbuf_addch(sb, '"');
	if (n == 0 || (k[0] >= '0' && k[0] <= '9'))
		strbuf_addch(sb, '_');
	for (i = 0; i < n; i++) {
		c = k[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')))
			c = '_';
		strbuf_addch(sb, c);
	}
	strbuf_addch(sb, '"');
}

/*
 * The labels of the alert record in am->rec, whose alert object is a,
 * into am->labels: alertname, the other members but nulls, severity.
 */
static void
make_labels(struct am *am, const struct jval *a)
{
	struct strbuf *sb = &am->labels;
	struct jiter it;
	struct jval k, v, rule, sev;
	const char *name;
	size_t len;
	int has_sev = 0;

	strbuf_reset(sb);
	strbuf_addstr(sb, "{\"alertname\":");
	if (jval_find(a, "rule", 4, &rule))
		add_as_string(sb, &rule);
	else
		strbuf_addstr(sb, "\"\"");
	jiter_init(&it, &am->rec.root);
	while (jiter_next(&it, &k, &v)) {
		/* The alert object itself; a null is no label. */
		if (v.p == a->p || v.type == JT_NULL)
			continue;
		name = jval_str(&k, &am->scratch, &len);
		if (len == 9 && memcmp(name, "alertname", 9) == 0)
			continue;	/* the rule's name wins */
		has_sev |= len == 8 && memcmp(name, "severity", 8) == 0;
		strbuf_addch(sb, ',');
		add_label_name(sb, name, len);
		strbuf_addch(sb, ':');
		add_as_string(sb, &v);
	}
	if (!has_sev && jval_find(a, "severity", 8, &sev)) {
		strbuf_addstr(sb, ",\"severity\":");
		add_as_string(sb, &sev);
	}
	strbuf_addch(sb, '}');
}

/* Append ,"name":T with T the string member key of a, if it has one
 * (a time), and return 1; else 0. */
static int
add_time(struct strbuf *sb, const char *name, const struct jval *a,
    const char *key)
{
	struct jval v;

	struct tzspec utc = TZSPEC_UTC;
	char buf[TIMEFMT_LEN];
	int64_t t, now;
	int prec;

	if (!jval_find(a, key, strlen(key), &v) || v.type != JT_STRING)
		return 0;
	strbuf_addf(sb, ",\"%s\":", name);
	/*
	 * Alertmanager refuses a start after the end it gives an alert
	 * (now + resolve_timeout): a time still to come, as the end of the
	 * open window an early alert fires in, is sent as now.
	 */
	now = timefmt_now();
	if (v.n > 2 && timefmt_parse_iso(v.p + 1, v.n - 2, &utc, &t,
	    &prec) == v.n - 2 && t > now) {
		strbuf_addch(sb, '"');
		strbuf_add(sb, buf, timefmt_format(now, 3, buf));
		strbuf_addch(sb, '"');
	} else
		strbuf_add(sb, v.p, v.n);
	return 1;
}

/* The Alertmanager alert for alert object a into am->body. */
static void
make_alert(struct am *am, const struct jval *a, int resolved)
{
	struct strbuf *sb = &am->body;
	struct jval v;
	char now[TIMEFMT_LEN];
	size_t n;

	strbuf_reset(sb);
	strbuf_addstr(sb, "{\"labels\":");
	strbuf_add(sb, am->labels.buf, am->labels.len);
	strbuf_addstr(sb, ",\"annotations\":{");
	n = sb->len;
	if (jval_find(a, "message", 7, &v) && v.type == JT_STRING) {
		strbuf_addstr(sb, "\"message\":");
		strbuf_add(sb, v.p, v.n);
	}
	if (jval_find(a, "value", 5, &v) && v.type != JT_NULL) {
		strbuf_addstr(sb, sb->len > n ? ",\"value\":" : "\"value\":");
		add_as_string(sb, &v);
	}
	strbuf_addch(sb, '}');
	if (!add_time(sb, "startsAt", a, "since"))
		add_time(sb, "startsAt", a, "at");
	/* Resolved before any time was known: resolved now. */
	if (resolved && !add_time(sb, "endsAt", a, "at")) {
		n = timefmt_format(timefmt_now(), 3, now);
		strbuf_addstr(sb, ",\"endsAt\":\"");
		strbuf_add(sb, now, n);
		strbuf_addch(sb, '"');
	}
	if (am->generator != NULL) {
		strbuf_addstr(sb, ",\"generatorURL\":");
		jsonw_string(sb, am->generator, strlen(am->generator));
	}
	strbuf_addch(sb, '}');
}

void
am_take(struct am *am, const char *json, size_t n, int post)
{
	struct sluice_err e;
	struct map_entry *g;
	struct jval a, st;
	uint64_t h;
	int firing, created;

	if (record_parse(&am->rec, json, n, &e) == -1 ||
	    !stream_get_alert(&am->rec, &a) ||
	    !jval_find(&a, "state", 5, &st))
		return;
	firing = jval_str_eq(&st, "firing", 6);
	if (!firing && !jval_str_eq(&st, "resolved", 8))
		return;
	make_labels(am, &a);
	make_alert(am, &a, !firing);
	h = hash_bytes(am->labels.buf, am->labels.len);
	if (firing) {
		g = map_insert(&am->firing, am->labels.buf, am->labels.len, h,
		    &created);
		free(g->val);
		g->val = xmalloc(am->body.len);
		memcpy(g->val, am->body.buf, am->body.len);
		g->n = am->body.len;
		return;
	}
	if ((g = map_find(&am->firing, am->labels.buf, am->labels.len, h))
	    != NULL) {
		free(g->val);
		map_remove(&am->firing, g);
	}
	if (!post)
		return;
	if (am->resolved.len > 0)
		strbuf_addch(&am->resolved, ',');
	strbuf_add(&am->resolved, am->body.buf, am->body.len);
}

int
am_due(const struct am *am)
{
	return am->resolved.len > 0 || am->firing.n > 0;
}

int
am_post(struct am *am, struct sluice_err *err)
{
	struct sluice_err e;
	size_t i;
	int status = 0, ok;

	if (!am_due(am))
		return 0;
	strbuf_reset(&am->body);
	strbuf_addch(&am->body, '[');
	strbuf_add(&am->body, am->resolved.buf, am->resolved.len);
	for (i = 0; i < am->firing.n; i++) {
		if (am->body.len > 1)
			strbuf_addch(&am->body, ',');
		strbuf_add(&am->body, am->firing.g[i].val,
		    (size_t)am->firing.g[i].n);
	}
	strbuf_addch(&am->body, ']');
	strbuf_reset(&am->resolved);
	ok = http_post(&am->url, AM_PATH, "application/json", am->body.buf,
	    am->body.len, am->timeout_ms, &status, &e) == 0 &&
	    status >= 200 && status < 300;
	if (ok) {
		am->failing = 0;
		return 0;
	}
	am->failed++;
	if (am->failing)
		return 0;
	am->failing = 1;
	if (status != 0)
		err_set(&e, 0, "answered %d", status);
	return err_set(err, 0, "--alertmanager: POST http://%s%s%s: %s "
	    "(later failures are counted in am_failed until a post works)",
	    am->url.authority, am->url.path, AM_PATH, e.msg) == -1;
}

void
am_release(struct am *am)
{
	size_t i;

	for (i = 0; i < am->firing.n; i++)
		free(am->firing.g[i].val);
	map_release(&am->firing);
	strbuf_release(&am->resolved);
	strbuf_release(&am->body);
	strbuf_release(&am->labels);
	strbuf_release(&am->scratch);
	record_release(&am->rec);
	http_url_release(&am->url);
}
