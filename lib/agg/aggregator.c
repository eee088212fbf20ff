/* SPDX-License-Identifier: MIT */
/* aggregator.c -- aggregate's state: windows of groups, and the rows they write. */
#include <stdlib.h>
#include <string.h>

#include "agg/aggregator.h"
#include "core/bytes.h"
#include "agg/partial.h"
#include "core/hash.h"
#include "json/canon.h"
#include "json/jsonw.h"
#include "stream/stream.h"

/* Free what a group's states hold (group_windows' free_val). */
static void
release_acc(void *arg, void *acc)
{
	struct aggregator *a = arg;

	agg_release(&a->spec, acc);
}

void
aggregator_init(struct aggregator *a,
    void (*emit)(void *, const char *, size_t), void *arg)
{
	memset(a, 0, sizeof(*a));
	agg_spec_init(&a->spec);
	group_windows_init(&a->ws, release_acc, a);
	panes_init(&a->panes, &a->spec);
	a->topts.tz.kind = TZ_UTC;
	a->emit = emit;
	a->arg = arg;
}

void
aggregator_add_key_expr(struct aggregator *a, const char *name,
    struct expr *e)
{
	a->byx = xreallocarray(a->byx, a->nbyx + 1, sizeof(*a->byx));
	a->byx_name = xreallocarray(a->byx_name, a->nbyx + 1,
	    sizeof(*a->byx_name));
	a->byx[a->nbyx] = e;
	a->byx_name[a->nbyx] = xstrdup(name);
	a->nbyx++;
}

static void
emit_out(struct aggregator *a)
{
	a->emit(a->arg, a->out.buf, a->out.len);
}

/* No group key may have the name of a function: 0, or -1 and why. */
static int
check_names(struct aggregator *a, struct strbuf *why)
{
	size_t i;

	for (i = 0; i < a->nkeys; i++) {
		if (agg_spec_find(&a->spec, a->keys[i]) >= 0) {
			strbuf_reset(why);
			strbuf_addf(why, "'%s' is the name of a group key and "
			    "of a function (use =NAME)", a->keys[i]);
			return -1;
		}
	}
	return 0;
}

/* The meta record, once: when the metrics are known and not held. */
static void
write_meta(struct aggregator *a)
{
	if (a->meta_done || a->hold_meta || !a->ready)
		return;
	strbuf_reset(&a->out);
	agg_spec_meta(&a->spec, a->keys, a->nkeys, &a->out);
	emit_out(a);
	a->meta_done = 1;
}

/*
 * Once the functions and the group keys are known (from the options,
 * else from the input): check their names, set up the input, write the
 * meta record.  0, or -1 with why.
 */
static int
begin_stream(struct aggregator *a, struct strbuf *why)
{
	if (!a->have_spec || !a->keys_known || a->ready)
		return 0;
	if (check_names(a, why) == -1)
		return -1;
	agg_input_init(&a->in, &a->spec);
	group_windows_size(&a->ws, a->spec.size);
	a->direct = !panes_exact(&a->spec);
	a->ready = 1;
	write_meta(a);
	return 0;
}

int
aggregator_start(struct aggregator *a, struct strbuf *why)
{
	struct sluice_err e;
	size_t i;

	if (a->time_path == NULL)
		a->time_path = path_compile(STREAM_TIMESTAMP, &e);
	/* With merge and no -g, the keys are those of the partials. */
	if (a->by != NULL || !a->merge) {
		a->nkeys = (size_t)a->nby + a->nbyx;
		a->keys = xreallocarray(NULL, a->nkeys + 1, sizeof(*a->keys));
		for (i = 0; i < (size_t)a->nby; i++)
			a->keys[i] = xstrdup(a->by[i]->text);
		for (i = 0; i < a->nbyx; i++)
			a->keys[a->nby + i] = xstrdup(a->byx_name[i]);
		a->keys_known = 1;
	}
	return begin_stream(a, why);
}

/*
 * Start the row of group og in o: its window (json[0..jlen), none if
 * NULL) and keys.
 */
static void
row_begin(const struct aggregator *a, const char *json, size_t jlen,
    const struct group_out *og, struct strbuf *o)
{
	size_t k;

	strbuf_reset(o);
	if (json != NULL) {
		strbuf_addch(o, ',');
		stream_add_key(o, SK_WINDOW);
		strbuf_add(o, json, jlen);
	}
	for (k = 0; k < a->nkeys; k++) {
		strbuf_addch(o, ',');
		jsonw_string(o, a->keys[k], strlen(a->keys[k]));
		strbuf_addch(o, ':');
		strbuf_add(o, og->key[k].p, og->key[k].n);
	}
}

void
aggregator_row(struct aggregator *a, const struct group_window *w,
    const struct group_out *og, struct strbuf *o)
{
	struct agg_acc *acc;
	double secs;

	secs = w->timed ? (double)(w->end - w->start) / 1e9 : 0;
	row_begin(a, w->json, w->jlen, og, o);
	acc = gmap_val(&w->groups, og->idx);
	if (a->partial)
		partial_append(o, &a->spec, acc);
	else
		agg_result(&a->spec, acc, secs, o);
	o->buf[0] = '{';
	strbuf_addch(o, '}');
}

/*
 * Write the groups of a window sorted by key: results, or partial
 * states.
 */
static void
emit_window(struct aggregator *a, struct group_window *w)
{
	struct group_out *og;
	size_t i, n = w->groups.n;

	if (n == 0)
		return;
	og = group_window_sorted(w, a->nkeys);
	for (i = 0; i < n; i++) {
		aggregator_row(a, w, &og[i], &a->out);
		emit_out(a);
		a->groups_out++;
	}
	if (w->json != NULL)
		a->windows_out++;
	free(og);
}

/*
 * Where the states of r go: its window, the global one, or its pane
 * (*sp set, a window of the pane's groups); NULL with err set (a bad
 * @window).
 */
static struct group_window *
record_window(struct aggregator *a, struct record *r, struct stream_pane *sp,
    struct sluice_err *err)
{
	struct group_window *w;
	struct pane *p;
	struct jval wv;
	const char *why;

	sp->size = 0;
	if (!stream_get_window(r, &wv))
		return &a->ws.global;
	switch (panes_find(&a->panes, &wv, &p, sp, &why)) {
	case 1:
		return &p->w;
	case -1:
		sp->size = 0;
		err_set(err, (size_t)(wv.p - r->text) + 1, "%s", why);
		return NULL;
	}
	if ((w = group_window_find(&a->ws, &wv, 1)) == NULL)
		err_set(err, (size_t)(wv.p - r->text) + 1, "@window is not an "
		    "object with start and end");
	return w;
}

/* The sliding window [start, end), opened if new. */
static struct group_window *
sliding_window(struct aggregator *a, int64_t start, int64_t end)
{
	struct strbuf *sb = &a->panes.scratch;
	struct sluice_err e;
	struct jval v;

	strbuf_reset(sb);
	stream_window_value(sb, start, end, NULL, 0);
	if (scan_document(sb->buf, sb->len, &v, &e) == -1)
		return NULL;		/* cannot be: written just now */
	return group_window_find(&a->ws, &v, 1);
}

/*
 * The states of the group of key text a->key in window w, created if
 * new: valid until the next group is created in w.
 */
static struct agg_acc *
find_group(struct aggregator *a, struct group_window *w, int *created)
{
	struct gmap_ent *grp;
	struct agg_acc *acc;
	size_t i;

	i = gmap_insert(&w->groups, a->key.buf, a->key.len,
	    hash_bytes(a->key.buf, a->key.len), created);
	acc = gmap_val(&w->groups, i);
	if (*created)
		agg_init(&a->spec, acc);
	grp = &w->groups.g[i];
	if (a->early && w != &a->ws.global &&
	    (grp->n & AGGREGATOR_CHANGED) == 0) {
		grp->n |= AGGREGATOR_CHANGED;
		a->changed++;
	}
	return acc;
}

/*
 * The key text of a record's group: [k1,k2,...], canonical values
 * (json/canon.h), those of --by-expr too.  Returns 0, or -1 with err
 * set when a --by-expr cannot be decided.
 */
static int
record_key(struct aggregator *a, struct record *r, struct sluice_err *err)
{
	const char *why;
	struct expr_env env = { r, NULL, NULL };
	struct sluice_err e;
	struct xval x;
	struct jval v;
	size_t k;
	int i;

	strbuf_reset(&a->key);
	strbuf_addch(&a->key, '[');
	for (i = 0; i < a->nby; i++) {
		if (i > 0)
			strbuf_addch(&a->key, ',');
		if (!record_get(r, a->by[i], &v))
			v.type = JT_MISSING;
		else if (i < 64)
			a->by_seen |= (uint64_t)1 << i;
		canon_append(&a->key, &v);
	}
	for (k = 0; k < a->nbyx; k++) {
		if (a->nby > 0 || k > 0)
			strbuf_addch(&a->key, ',');
		expr_eval(a->byx[k], &env, &x);
		if ((why = expr_fault(a->byx[k])) != NULL)
			return err_set(err, 0, "--by-expr %s cannot be decided: "
			    "%s", a->byx_name[k], why);
		strbuf_reset(&a->keyx);
		xval_to_json(&x, &a->keyx);
		if (scan_document(a->keyx.buf, a->keyx.len, &v, &e) == 0)
			canon_append(&a->key, &v);
		else
			strbuf_add(&a->key, a->keyx.buf, a->keyx.len);
	}
	strbuf_addch(&a->key, ']');
	return 0;
}

int
aggregator_absent(const struct aggregator *a, size_t k, struct strbuf *sb)
{
	const char *f;

	if (k < (size_t)a->nby) {
		if (k >= 64 || (a->by_seen >> k & 1))
			return 0;
		f = a->by[k]->text;
		strbuf_addf(sb, "--by %s: no record has field %s, every row "
		    "has %s null", f, f, f);
		return 1;
	}
	k -= (size_t)a->nby;
	if (k >= a->spec.ndef)
		return -1;
	return agg_spec_absent(&a->spec, k, sb);
}

/*
 * A record of pane sp, with functions whose merge is not exact: into
 * each of its windows not yet closed, as if written once per window.
 */
static void
add_direct(struct aggregator *a, const struct stream_pane *sp)
{
	struct group_window *w;
	int64_t s, last;
	int created;

	s = sp->first > a->panes.closed ? sp->first : a->panes.closed;
	if (s > sp->start)
		return;
	/* The last window that holds the pane starts at or before it. */
	last = s + (sp->start - s) / sp->every * sp->every;
	for (; s <= last; s += sp->every) {
		if ((w = sliding_window(a, s, s + sp->size)) != NULL)
			agg_add(&a->spec, find_group(a, w, &created),
			    &a->in);
		if (last - s < sp->every)
			break;
	}
}

static enum aggregator_status
take_record(struct aggregator *a, struct record *r, uint64_t seq,
    struct sluice_err *err)
{
	struct stream_pane sp;
	struct group_window *w;
	int created, prec;

	if ((w = record_window(a, r, &sp, err)) == NULL)
		return AGGREGATOR_REJECT;
	if (record_key(a, r, err) == -1)
		return AGGREGATOR_REJECT;
	agg_input_read(&a->in, &a->spec, r);
	if (a->in.failed) {
		err_set(err, 0, "%s", a->in.why.buf);
		return AGGREGATOR_REJECT;
	}
	if (a->spec.need_time)
		a->in.has_time = record_time(r, a->time_path, &a->topts,
		    &a->in.t, &prec) == 1;
	a->in.seq = a->seq_base + seq;
	a->last_seq = a->in.seq;
	if (sp.size > 0 && a->direct)
		add_direct(a, &sp);
	else
		agg_add(&a->spec, find_group(a, w, &created), &a->in);
	a->aggregated++;
	return AGGREGATOR_TAKEN;
}

static enum aggregator_status
take_partial(struct aggregator *a, struct record *r, struct sluice_err *err,
    struct strbuf *why)
{
	struct sluice_err e;
	struct stream_pane sp;
	struct group_window *w;
	struct agg_acc *acc;
	struct jval spec, state;
	int created;

	if (partial_get(r, &spec, &state, err) == -1)
		return AGGREGATOR_REJECT;
	if (partial_format(r, why) == -1 || partial_spec(&a->spec, &a->have_spec, &spec, why) == -1 ||
	    partial_keys(r, &a->keys, &a->nkeys, &a->keys_known, &a->key,
	    why) == -1 || begin_stream(a, why) == -1)
		return AGGREGATOR_FATAL;
	if ((w = record_window(a, r, &sp, err)) == NULL)
		return AGGREGATOR_REJECT;
	acc = find_group(a, w, &created);
	if (agg_deserialize(&a->spec, acc, &state, &e) == -1) {
		if (created) {
			/* The group added last: take it out again. */
			agg_release(&a->spec, acc);
			gmap_pop(&w->groups);
		}
		err_set(err, (size_t)(state.p - r->text) + 1, "bad partial "
		    "state: %s", e.msg);
		return AGGREGATOR_REJECT;
	}
	a->aggregated++;
	return AGGREGATOR_TAKEN;
}

enum aggregator_status
aggregator_record(struct aggregator *a, struct record *r, uint64_t seq,
    struct sluice_err *err, struct strbuf *why)
{
	if (a->merge)
		return take_partial(a, r, err, why);
	return take_record(a, r, seq, err);
}

/*
 * The close marker of the window wv: its rows, those of its panes too
 * when it is a sliding window built of panes.
 */
static void
close_window(struct aggregator *a, const struct jval *wv)
{
	struct group_window *w;
	int64_t start, end;
	int sliding;

	w = group_window_find(&a->ws, wv, 0);
	sliding = stream_window_bounds(wv, &start, &end) == 0 &&
	    panes_is_window(&a->panes, start, end);
	if (sliding && panes_holds(&a->panes, start, end)) {
		if (w == NULL)
			w = group_window_find(&a->ws, wv, 1);
		panes_merge_into(&a->panes, start, end, &w->groups);
	}
	if (w != NULL) {
		emit_window(a, w);
		group_window_drop(&a->ws, w);
	}
	if (sliding)
		panes_closed(&a->panes, start);
}

int
aggregator_ctl(struct aggregator *a, struct record *r, struct strbuf *why)
{
	struct jval wv;

	switch (stream_ctl_of(r)) {
	case CTL_META:
		if (a->merge && (!a->have_spec || !a->keys_known) &&
		    (partial_meta(r, &a->spec, &a->have_spec, &a->keys,
		    &a->nkeys, &a->keys_known, why) == -1 ||
		    begin_stream(a, why) == -1))
			return -1;
		return 0;
	case CTL_CLOSE:
		if (!stream_get_window(r, &wv))
			break;
		/* With merge, other shards may still send its states. */
		if (a->merge)
			return group_window_find(&a->ws, &wv, 1) == NULL;
		close_window(a, &wv);
		break;
	default:
		break;
	}
	return 1;
}

void
aggregator_snapshot(struct aggregator *a, int64_t now)
{
	if (!a->have_spec)
		return;
	emit_window(a, &a->ws.global);
	strbuf_reset(&a->out);
	stream_snapshot(&a->out, now);
	emit_out(a);
}

/* The sliding window [start, end) at the end: merge its panes into it. */
static void
finish_pane_window(void *arg, int64_t start, int64_t end)
{
	struct aggregator *a = arg;
	struct group_window *w;

	if (panes_holds(&a->panes, start, end) &&
	    (w = sliding_window(a, start, end)) != NULL)
		panes_merge_into(&a->panes, start, end, &w->groups);
}

/* A sliding window still open, made for aggregator_open_panes(). */
struct open_panes {
	struct aggregator	*a;
	void			(*fn)(void *, struct group_window *);
	void			*arg;
};

static void
open_pane_window(void *arg, int64_t start, int64_t end)
{
	struct open_panes *op = arg;
	struct aggregator *a = op->a;
	struct strbuf json = STRBUF_INIT;
	struct group_window tmp, *w;
	struct sluice_err e;
	struct jval v;

	if (!panes_holds(&a->panes, start, end))
		return;
	memset(&tmp, 0, sizeof(tmp));
	gmap_init(&tmp.groups, a->spec.size);
	tmp.timed = 1;
	tmp.start = start;
	tmp.end = end;
	stream_window_value(&json, start, end, NULL, 0);
	tmp.json = json.buf;
	tmp.jlen = json.len;
	panes_merge_into(&a->panes, start, end, &tmp.groups);
	if (scan_document(json.buf, json.len, &v, &e) == 0 &&
	    (w = group_window_find(&a->ws, &v, 0)) != NULL)
		panes_merge_groups(&a->panes, &tmp.groups, &w->groups);
	op->fn(op->arg, &tmp);
	group_window_clear(&a->ws, &tmp);
	strbuf_release(&json);
}

void
aggregator_open_panes(struct aggregator *a,
    void (*fn)(void *, struct group_window *), void *arg)
{
	struct open_panes op = { a, fn, arg };

	panes_each_window(&a->panes, open_pane_window, &op);
}

void
aggregator_finish(struct aggregator *a)
{
	struct group_window **all, *w;
	size_t i, n;

	panes_each_window(&a->panes, finish_pane_window, a);
	panes_release(&a->panes);
	all = group_windows_ordered(&a->ws, &n);
	for (i = 0; i < n; i++) {
		w = all[i];
		emit_window(a, w);
		strbuf_reset(&a->out);
		stream_close(&a->out, w->json, w->jlen);
		emit_out(a);
		group_window_drop(&a->ws, w);
	}
	free(all);
	emit_window(a, &a->ws.global);
	group_window_clear(&a->ws, &a->ws.global);
}

/* ---- state ---- */

/*
 * Append the partial states of window w's groups to body, with json
 * (w's own if NULL) as their @window.
 */
static void
save_window(struct aggregator *a, const struct group_window *w,
    const char *json, size_t jlen, struct strbuf *body)
{
	struct group_out *og;
	size_t i, n = w->groups.n;

	if (n == 0)
		return;
	if (json == NULL) {
		json = w->json;
		jlen = w->jlen;
	}
	og = group_window_sorted(w, a->nkeys);
	for (i = 0; i < n; i++) {
		row_begin(a, json, jlen, &og[i], &a->out);
		partial_append(&a->out, &a->spec,
		    gmap_val(&w->groups, og[i].idx));
		a->out.buf[0] = '{';
		strbuf_addch(&a->out, '}');
		strbuf_add(body, a->out.buf, a->out.len);
		strbuf_addch(body, '\n');
	}
	free(og);
}

void
aggregator_save(struct aggregator *a, struct strbuf *body)
{
	struct strbuf *pv = &a->panes.scratch;
	struct group_window **all;
	size_t i, n;

	/* Version 2: the states of panes too (a version 1 has none). */
	strbuf_addf(body, "{\"aggregate\":%d,\"meta_done\":%s,"
	    "\"seq\":%llu}\n", a->panes.n > 0 ? 2 : 1,
	    a->meta_done ? "true" : "false",
	    (unsigned long long)a->last_seq);
	all = group_windows_ordered(&a->ws, &n);
	for (i = 0; i < n; i++)
		save_window(a, all[i], NULL, 0, body);
	free(all);
	for (i = 0; i < a->panes.n; i++) {
		strbuf_reset(pv);
		panes_value(&a->panes, i, pv);
		save_window(a, &a->panes.p[i]->w, pv->buf, pv->len, body);
	}
	save_window(a, &a->ws.global, NULL, 0, body);
}

int
aggregator_load(struct aggregator *a, const char *body, size_t n,
    struct sluice_err *err)
{
	struct strbuf why = STRBUF_INIT;
	struct record r = RECORD_INIT;
	struct jval h, v;
	const char *line;
	uint64_t taken = a->aggregated;
	int64_t seq;
	size_t pos = 0, len, lineno = 0;
	int rv = 0;

	while (rv == 0 && bytes_next_line(body, n, &pos, &line, &len)) {
		lineno++;
		if (lineno == 1) {
			if (scan_document(line, len, &h, err) == -1 ||
			    !jval_find(&h, "seq", 3, &v) ||
			    jval_int64(&v, &seq) == -1 || seq < 0 ||
			    !jval_find(&h, "meta_done", 9, &v))
				rv = -1;
			else {
				a->seq_base = a->last_seq = (uint64_t)seq;
				a->meta_done = v.type == JT_TRUE;
			}
		} else if (record_parse(&r, line, len, err) == -1 ||
		    take_partial(a, &r, err, &why) != AGGREGATOR_TAKEN)
			rv = -1;
	}
	a->aggregated = taken;
	record_release(&r);
	if (rv == -1 && why.len > 0)
		err_set(err, 0, "%s", why.buf);
	strbuf_release(&why);
	if (rv == -1)
		return err_set(err, 0, "line %zu of the aggregate state: %s",
		    lineno, err->msg);
	a->hold_meta = 0;
	write_meta(a);
	return 0;
}

void
aggregator_release(struct aggregator *a)
{
	size_t i;

	for (i = 0; i < a->nkeys; i++)
		free(a->keys[i]);
	free(a->keys);
	for (i = 0; i < a->nbyx; i++) {
		expr_free(a->byx[i]);
		free(a->byx_name[i]);
	}
	free(a->byx);
	free(a->byx_name);
	path_list_free(a->by, a->nby);
	path_free(a->time_path);
	agg_input_release(&a->in);
	/* The states first: freeing them needs the spec. */
	group_windows_release(&a->ws);
	panes_release(&a->panes);
	agg_spec_release(&a->spec);
	strbuf_release(&a->key);
	strbuf_release(&a->keyx);
	strbuf_release(&a->out);
}
