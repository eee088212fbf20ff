/* SPDX-License-Identifier: MIT */
/* model.c -- the report's model: what the records say, kept to be shown. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "report/report_int.h"
#include "stream/stream.h"
#include "time/timefmt.h"

#define REJECT_SHOW	300	/* bytes of a rejected record shown */

static const struct tzspec utc = TZSPEC_UTC;

struct model *
model_new(const struct model_opts *o)
{
	struct model *md;
	struct col *c;
	int i;

	md = xcalloc(1, sizeof(*md));
	md->o = *o;
	if (md->o.top <= 0)
		md->o.top = MODEL_TOP;
	md->latest = NO_INDEX;
	md->closed = NO_INDEX;
	md->up_latest = NO_INDEX;
	md->tmin = INT64_MAX;
	md->tmax = INT64_MIN;
	points_init(&md->pts);
	if (o->cols != NULL) {
		md->acol = md->ncol = (size_t)o->ncols;
		md->col = xcalloc(md->acol, sizeof(*md->col));
		for (i = 0; i < o->ncols; i++) {
			c = &md->col[i];
			c->path = o->cols[i];
			c->name = xstrdup(c->path->text);
			c->nlen = strlen(c->name);
			c->at = c->name[0] == '@' || (c->name[0] == '.' &&
			    c->name[1] == '@');
		}
	}
	return md;
}

/* What the meta record says column c is: a group key, a metric. */
static void
col_meta(struct model *md, size_t c)
{
	md->col[c].by = md->has_meta && model_is_by(md, c);
	md->col[c].metric = model_metric(md, c) != NULL;
}

/* The column named name[0..n), added if new (without --columns). */
static size_t
col_find(struct model *md, const char *name, size_t n)
{
	struct map_entry *g;
	struct col *c;
	int created, k;

	g = map_insert(&md->colmap, name, n, hash_bytes(name, n),
	    &created);
	if (!created)
		return (size_t)(g - md->colmap.g);
	if (md->ncol == md->acol) {
		md->acol = md->acol ? md->acol * 2 : 16;
		md->col = xreallocarray(md->col, md->acol, sizeof(*md->col));
	}
	c = &md->col[md->ncol];
	memset(c, 0, sizeof(*c));
	c->name = xstrndup(name, n);
	c->nlen = n;
	c->at = n > 0 && name[0] == '@';
	for (k = 0; k < md->o.nkeys; k++)
		if (strlen(md->o.keys[k]->text) == n &&
		    memcmp(md->o.keys[k]->text, name, n) == 0)
			c->key = 1;
	col_meta(md, md->ncol);
	return md->ncol++;
}

static unsigned
type_bit(const struct jval *v)
{
	switch (v->type) {
	case JT_NUMBER:
		return T_NUM;
	case JT_STRING:
	case JT_TRUE:
	case JT_FALSE:
		return T_STR;
	case JT_NULL:
		return T_NULL;
	default:
		return T_OTHER;
	}
}

int
model_key_value(const struct model *md, size_t c, const struct jval *v)
{
	const struct col *cl = &md->col[c];

	if (cl->at)
		return 0;
	if (cl->key || cl->by)
		return v->type != JT_MISSING;
	if (cl->metric)
		return 0;
	return type_bit(v) == T_STR || (md->has_meta && v->type ==
	    JT_NUMBER);
}

/* The text of key value v: a string decoded, else as written. */
static const char *
key_text(struct model *md, const struct jval *v, size_t *n)
{
	if (v->type == JT_STRING)
		return jval_str(v, &md->sb, n);
	*n = v->n;
	return v->p;
}

/*
 * Find the row's values: md->rowv[c] where md->rowhas[c].  A windowed
 * row's @window is not a column, nor a provisional row's mark (early).
 */
static void
row_scan(struct model *md, struct record *r, int windowed, int early)
{
	struct jiter it;
	struct jval k, v;
	const char *name;
	size_t c, n;
	int i;

	if (md->o.cols != NULL) {
		if (md->arow < md->ncol) {
			md->arow = md->ncol;
			md->rowv = xreallocarray(md->rowv, md->arow,
			    sizeof(*md->rowv));
			md->rowhas = xrealloc(md->rowhas, md->arow);
		}
		for (i = 0; i < md->o.ncols; i++)
			md->rowhas[i] = record_get(r, md->col[i].path,
			    &md->rowv[i]);
	} else {
		if (md->arow > 0)
			memset(md->rowhas, 0, md->arow);
		jiter_init(&it, &r->root);
		while (jiter_next(&it, &k, &v)) {
			name = jval_str(&k, &md->sb, &n);
			if ((windowed && jval_str_eq(&k, SK_WINDOW)) ||
			    (early && jval_str_eq(&k, SK_FINAL)))
				continue;
			c = col_find(md, name, n);
			if (c >= md->arow) {
				n = md->arow;
				md->arow = md->acol;
				md->rowv = xreallocarray(md->rowv, md->arow,
				    sizeof(*md->rowv));
				md->rowhas = xrealloc(md->rowhas, md->arow);
				memset(md->rowhas + n, 0, md->arow - n);
			}
			md->rowv[c] = v;
			md->rowhas[c] = 1;
		}
	}
	for (c = 0; c < md->ncol; c++)
		if (md->rowhas[c]) {
			md->col[c].types[windowed] |= type_bit(&md->rowv[c]);
			md->col[c].rows[windowed]++;
		}
}

/* The string at key in object o, decoded into a new string, or NULL. */
static char *
obj_str(const struct jval *o, const char *key, struct strbuf *sb)
{
	struct jval v;

	if (o->type != JT_OBJECT || !jval_find(o, key, strlen(key), &v))
		return NULL;
	strbuf_reset(sb);
	if (v.type == JT_STRING)
		jval_str_append(&v, sb);
	else if (v.type == JT_NULL)
		return NULL;
	else
		strbuf_add(sb, v.p, v.n);
	return xstrndup(sb->buf != NULL ? sb->buf : "", sb->len);
}

static int
parse_time(const char *s, size_t n, int64_t *ns)
{
	int prec;

	return n > 0 && timefmt_parse_iso(s, n, &utc, ns, &prec) == n;
}

/* A new window from [sn, en), whose bounds are the key of map entry g. */
static size_t
window_add(struct model *md, const struct map_entry *g, int64_t sn,
    int64_t en)
{
	struct win *w;

	if (md->nwin == md->awin) {
		md->awin = md->awin ? md->awin * 2 : 64;
		md->win = xreallocarray(md->win, md->awin, sizeof(*md->win));
	}
	w = &md->win[md->nwin];
	memset(w, 0, sizeof(*w));
	/* The bounds live in the map's copy of the key: "start\0end". */
	w->start = g->key;
	w->slen = strlen(g->key);
	w->end = g->key + w->slen + 1;
	w->elen = g->klen - w->slen - 1;
	w->s_ns = sn;
	w->e_ns = en;
	points_window(&md->pts, sn);
	if (md->latest == NO_INDEX || sn > md->win[md->latest].s_ns ||
	    (sn == md->win[md->latest].s_ns &&
	    en > md->win[md->latest].e_ns)) {
		md->latest = md->nwin;
		rows_clear(&md->latest_rows);
	}
	return md->nwin++;
}

/*
 * The window named by a @window value, added if new; NO_INDEX if its
 * bounds are not times.  Nothing is allocated for a known window.
 */
static size_t
window_of(struct model *md, const struct jval *wv)
{
	struct map_entry *g;
	struct jval s, e;
	uint64_t h;
	int64_t sn, en;

	if (stream_window_parts(wv, &s, &e, NULL) == -1 ||
	    s.type != JT_STRING || e.type != JT_STRING)
		return NO_INDEX;
	strbuf_reset(&md->key);
	jval_str_append(&s, &md->key);
	strbuf_addch(&md->key, '\0');
	jval_str_append(&e, &md->key);
	h = hash_bytes(md->key.buf, md->key.len);
	if ((g = map_find(&md->wmap, md->key.buf, md->key.len, h)) != NULL)
		return (size_t)(g - md->wmap.g);
	if (stream_window_bounds(wv, &sn, &en) == -1)
		return NO_INDEX;
	g = map_insert(&md->wmap, md->key.buf, md->key.len, h, NULL);
	return window_add(md, g, sn, en);
}

/*
 * The group of the row in md->rowv: its key values as a map key in
 * md->key (its buffer allocated, even when empty), and as a label in
 * md->label.
 */
static void
group_key(struct model *md)
{
	const char *s;
	size_t c, n;
	int nkeys = 0;

	strbuf_reset(&md->key);
	strbuf_reset(&md->label);
	for (c = 0; c < md->ncol; c++) {
		if (!md->rowhas[c] || !model_key_value(md, c, &md->rowv[c]))
			continue;
		s = key_text(md, &md->rowv[c], &n);
		strbuf_addf(&md->key, "%zu:%c%zu:", c,
		    md->rowv[c].type == JT_STRING ? 's' : 'v', n);
		strbuf_add(&md->key, s, n);
		if (nkeys++ > 0)
			strbuf_addstr(&md->label, " / ");
		strbuf_add(&md->label, s, n);
	}
	if (nkeys == 0)
		strbuf_addstr(&md->label, "all");
	if (md->key.buf == NULL)
		strbuf_addstr(&md->key, "");
}

/* The group of the row in md->rowv (its key values), added if new. */
static uint32_t
group_of(struct model *md)
{
	struct map_entry *g;
	struct grp *gr;
	size_t idx;
	int created;

	group_key(md);
	g = map_insert(&md->gmap, md->key.buf, md->key.len,
	    hash_bytes(md->key.buf, md->key.len), &created);
	idx = (size_t)(g - md->gmap.g);
	if (created) {
		if (idx >= md->agrp) {
			md->agrp = md->agrp ? md->agrp * 2 : 16;
			md->grp = xreallocarray(md->grp, md->agrp,
			    sizeof(*md->grp));
		}
		gr = &md->grp[idx];
		memset(gr, 0, sizeof(*gr));
		gr->label = xstrndup(md->label.buf, md->label.len);
		gr->lablen = md->label.len;
	}
	return (uint32_t)idx;
}

/* The key-value statistics of value v of key column c. */
static struct top *
top_of(struct model *md, size_t c, const struct jval *v)
{
	struct map_entry *g;
	const char *s;
	size_t n;

	s = key_text(md, v, &n);
	g = map_insert(&md->col[c].values, s, n, hash_bytes(s, n), NULL);
	if (g->val == NULL)
		g->val = xcalloc(1, sizeof(struct top));
	return g->val;
}

/* A row with a window came: the plain rows so far were late rows. */
static void
become_windowed(struct model *md)
{
	if (md->windowed)
		return;
	md->windowed = 1;
	rows_release(&md->plain);
	md->plain_frame = 0;
}

/* Whether the window [s, e) comes after [s2, e2): later start, or end. */
static int
win_after(int64_t s, int64_t e, int64_t s2, int64_t e2)
{
	return s > s2 || (s == s2 && e > e2);
}

/* The open window is no longer shown: its rows are forgotten. */
static void
early_close(struct model *md)
{
	md->early.open = 0;
	map_release(&md->early.groups);
}

/*
 * A final row or a close marker of the window [s, e) came: it ends the
 * open window if that is the same one or older.
 */
static void
early_end(struct model *md, int64_t s, int64_t e)
{
	if (md->early.open && !win_after(md->early.s_ns, md->early.e_ns, s,
	    e))
		early_close(md);
}

/*
 * Whether a provisional row of the window wv (its @window value) is to
 * be shown: the window is the open one, or newer, and newer than the
 * newest closed one.  A newer one replaces the open one.
 */
static int
early_window(struct model *md, const struct jval *wv)
{
	struct early *ea = &md->early;
	const struct win *c;
	struct jval s, e;
	int64_t sn, en;

	if (stream_window_parts(wv, &s, &e, NULL) == -1 ||
	    s.type != JT_STRING || e.type != JT_STRING ||
	    stream_window_bounds(wv, &sn, &en) == -1)
		return 0;
	c = md->closed != NO_INDEX ? &md->win[md->closed] : NULL;
	if (c != NULL && !win_after(sn, en, c->s_ns, c->e_ns))
		return 0;
	if (ea->open && ea->s_ns == sn && ea->e_ns == en)
		return 1;
	if (ea->open && !win_after(sn, en, ea->s_ns, ea->e_ns))
		return 0;
	early_close(md);
	ea->open = 1;
	ea->s_ns = sn;
	ea->e_ns = en;
	strbuf_reset(&ea->bounds);
	jval_str_append(&s, &ea->bounds);
	ea->slen = ea->bounds.len;
	strbuf_addch(&ea->bounds, '\0');
	jval_str_append(&e, &ea->bounds);
	return 1;
}

/*
 * A provisional row (model_opts.early): it replaces the one before of
 * its group in the open window.  Nothing is allocated once the groups
 * are known and their rows have been this long.
 */
static void
add_early(struct model *md, struct record *r)
{
	struct early *ea = &md->early;
	struct map_entry *g;
	struct jval wv;
	size_t i, old;

	if (!stream_get_window(r, &wv) || !early_window(md, &wv))
		return;
	become_windowed(md);
	row_scan(md, r, 1, 1);
	group_key(md);
	g = map_insert(&ea->groups, md->key.buf, md->key.len,
	    hash_bytes(md->key.buf, md->key.len), NULL);
	i = (size_t)(g - ea->groups.g);
	if (i >= ea->arow) {
		old = ea->arow;
		ea->arow = ea->arow ? ea->arow * 2 : 16;
		ea->row = xreallocarray(ea->row, ea->arow, sizeof(*ea->row));
		memset(ea->row + old, 0, (ea->arow - old) * sizeof(*ea->row));
	}
	strbuf_reset(&ea->row[i]);
	strbuf_add(&ea->row[i], r->text, r->len);
	ea->updates++;
}

/* A row of window wi: into the window, its group (returned), charts. */
static uint32_t
add_row(struct model *md, struct record *r, size_t wi)
{
	struct win *w;
	struct top *tp;
	uint32_t g;
	size_t c, k, b;
	double d;

	md->nwrows++;
	become_windowed(md);
	row_scan(md, r, 1, 0);
	g = group_of(md);
	w = &md->win[wi];
	early_end(md, w->s_ns, w->e_ns);
	w->rows++;
	md->grp[g].rows++;
	b = points_of(&md->pts, w->s_ns);
	for (c = 0; c < md->ncol; c++) {
		if (!md->rowhas[c] || md->col[c].at ||
		    md->rowv[c].type != JT_NUMBER ||
		    model_key_value(md, c, &md->rowv[c]) ||
		    jval_double(&md->rowv[c], &d) == -1 || !isfinite(d))
			continue;
		if (!md->has_meta && md->grp[g].lastwin == wi + 1)
			md->guessed = 1;
		merge_add(merge_at(&w->acc, &w->nacc, c), d);
		merge_add(merge_at(&md->grp[g].tot, &md->grp[g].ntot, c), d);
		merge_add(points_cell(&md->pts, b, g, (uint32_t)c), d);
	}
	md->grp[g].lastwin = wi + 1;
	for (k = 0; k < md->ncol; k++) {
		if (!md->rowhas[k] || !model_key_value(md, k, &md->rowv[k]))
			continue;
		tp = top_of(md, k, &md->rowv[k]);
		tp->rows++;
		for (c = 0; c < md->ncol; c++)
			if (md->rowhas[c] && !md->col[c].at &&
			    md->rowv[c].type == JT_NUMBER &&
			    !model_key_value(md, c, &md->rowv[c]) &&
			    jval_double(&md->rowv[c], &d) == 0 &&
			    isfinite(d))
				merge_add(merge_at(&tp->acc, &tp->nacc, c),
				    d);
	}
	if (wi == md->latest)
		rows_add(&md->latest_rows, r->text, r->len, wi);
	else if (wi == md->closed)
		rows_add(&md->closed_rows, r->text, r->len, wi);
	if (md->o.keep_all)
		rows_add(&md->all, r->text, r->len, wi);
	return g;
}

static void
add_plain(struct model *md, struct record *r)
{
	static const struct time_opts topts = TIME_OPTS_INIT;
	struct jval v;
	int64_t ns;
	int prec;

	md->nplain++;
	if (md->windowed)
		return;
	row_scan(md, r, 0, 0);
	/* Read as every tool reads it: epoch numbers too (sluice(7)). */
	if (record_get_key(r, SK_TIMESTAMP, &v) &&
	    record_time_value(&v, &topts, &ns, &prec) == 1) {
		if (ns < md->tmin)
			md->tmin = ns;
		if (ns > md->tmax)
			md->tmax = ns;
	}
	rows_add(&md->plain, r->text, r->len, NO_INDEX);
}

static void
snapshot(struct model *md)
{
	md->nsnap++;
	if (md->windowed || md->plain.n == md->plain_frame)
		return;
	rows_drop_front(&md->plain, md->plain_frame);
	md->plain_frame = md->plain.n;
}

/* "k=v, k=v" of the fields of an alert record that are not '@' ones. */
static char *
alert_labels(struct model *md, struct record *r)
{
	struct strbuf out = STRBUF_INIT;
	struct jiter it;
	struct jval k, v;
	const char *name;
	size_t n;

	jiter_init(&it, &r->root);
	while (jiter_next(&it, &k, &v)) {
		name = jval_str(&k, &md->sb, &n);
		if (n > 0 && name[0] == '@')
			continue;
		if (out.len > 0)
			strbuf_addstr(&out, ", ");
		strbuf_add(&out, name, n);
		strbuf_addch(&out, '=');
		if (v.type == JT_STRING)
			jval_str_append(&v, &out);
		else
			strbuf_add(&out, v.p, v.n);
	}
	if (out.len == 0)
		return xstrdup("");
	return strbuf_detach(&out, NULL);
}

static char *
or_empty(char *s)
{
	return s != NULL ? s : xstrdup("");
}

static void
add_alert(struct model *md, struct record *r, const struct jval *a)
{
	struct alert *al;
	int64_t ns;

	if (md->nal == md->aal) {
		md->aal = md->aal ? md->aal * 2 : 16;
		md->al = xreallocarray(md->al, md->aal, sizeof(*md->al));
	}
	al = &md->al[md->nal++];
	memset(al, 0, sizeof(*al));
	al->raw = xstrndup(r->text, r->len);
	al->rawlen = r->len;
	al->rule = or_empty(obj_str(a, "rule", &md->sb));
	al->state = or_empty(obj_str(a, "state", &md->sb));
	al->severity = or_empty(obj_str(a, "severity", &md->sb));
	al->since = or_empty(obj_str(a, "since", &md->sb));
	al->at = or_empty(obj_str(a, "at", &md->sb));
	al->message = or_empty(obj_str(a, "message", &md->sb));
	al->value = or_empty(obj_str(a, "value", &md->sb));
	al->labels = alert_labels(md, r);
	al->t = INT64_MIN;
	if (parse_time(al->at, strlen(al->at), &ns) ||
	    parse_time(al->since, strlen(al->since), &ns))
		al->t = ns;
}

/* A copy of s[0..n) cut to about max bytes (at a character). */
static char *
cut_copy(const char *s, size_t n, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	size_t k = n;

	if (n > max) {
		k = max;
		while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
	}
	strbuf_add(&sb, s, k);
	if (k < n)
		strbuf_addstr(&sb, "\xe2\x80\xa6");
	if (sb.buf == NULL)
		return xstrdup("");
	return strbuf_detach(&sb, NULL);
}

static void
add_reject(struct model *md, struct record *r, const struct jval *e)
{
	struct reject *rj;
	struct jval v;
	char *src, *line;

	md->nrejects++;
	if (md->nrej == MODEL_MAX_REJECTS)
		return;
	rj = &md->rej[md->nrej++];
	src = obj_str(e, "source", &md->sb);
	line = obj_str(e, "line", &md->sb);
	strbuf_reset(&md->key);
	strbuf_addf(&md->key, "%s%s%s", src ? src : "", line ? ":" : "",
	    line ? line : "");
	rj->where = xstrndup(md->key.buf, md->key.len);
	free(src);
	free(line);
	if ((rj->reason = obj_str(e, "reason", &md->sb)) == NULL) {
		if ((rj->reason = obj_str(e, "errors", &md->sb)) != NULL) {
			src = rj->reason;
			rj->reason = cut_copy(src, strlen(src), REJECT_SHOW);
			free(src);
		} else
			rj->reason = xstrdup("");
	}
	strbuf_reset(&md->sb);
	if (record_get_key(r, SK_RAW, &v) && v.type == JT_STRING)
		jval_str_append(&v, &md->sb);
	else if (record_get_key(r, SK_RECORD, &v))
		strbuf_add(&md->sb, v.p, v.n);
	rj->text = cut_copy(md->sb.buf != NULL ? md->sb.buf : "", md->sb.len,
	    REJECT_SHOW);
}

/* The newest window closed: its rows become the ones shown. */
static void
close_latest(struct model *md)
{
	struct rows tmp;

	md->closed = md->latest;
	tmp = md->closed_rows;
	md->closed_rows = md->latest_rows;
	md->latest_rows = tmp;
	rows_clear(&md->latest_rows);
}

/* A meta record: it replaces the one before; a malformed one is ignored. */
static void
add_meta(struct model *md, struct record *r)
{
	struct stream_meta m;
	struct sluice_err e;
	size_t c;

	if (stream_meta_read(r, &m, &e) == -1)
		return;
	stream_meta_release(&md->meta);
	md->meta = m;
	md->has_meta = 1;
	for (c = 0; c < md->ncol; c++)
		col_meta(md, c);
}

/* A control record of kind k. */
static enum model_kind
add_ctl(struct model *md, struct record *r, enum stream_ctl k)
{
	struct jval w;
	size_t wi;

	md->nctl++;
	switch (k) {
	case CTL_CLOSE:
		if (!stream_get_window(r, &w) ||
		    (wi = window_of(md, &w)) == NO_INDEX)
			return MODEL_CLOSE;
		early_end(md, md->win[wi].s_ns, md->win[wi].e_ns);
		if (wi == md->latest)
			close_latest(md);
		return MODEL_CLOSE;
	case CTL_SNAPSHOT:
		snapshot(md);
		return MODEL_SNAPSHOT;
	case CTL_META:
		add_meta(md, r);
		return MODEL_CTL;
	default:
		return MODEL_CTL;
	}
}

/* ---- partial states (pstate.h) ---- */

void
model_finalize(struct model *md, struct agg_acc *acc, double secs,
    struct merge **fin, size_t *nfin)
{
	const struct stream_metric *x;
	struct sluice_err e;
	struct jval v;
	size_t c;
	double d;

	pstate_values(md->ps, acc, secs, &md->psb);
	if (record_parse(&md->frow, md->psb.buf, md->psb.len, &e) == -1)
		return;
	for (c = 0; c < md->ncol; c++)
		if ((x = model_metric(md, c)) != NULL &&
		    x->merge == MERGE_NONE && record_get_key(&md->frow,
		    md->col[c].name, md->col[c].nlen, &v) &&
		    v.type == JT_NUMBER && jval_double(&v, &d) == 0 &&
		    isfinite(d)) {
			memset(merge_at(fin, nfin, c), 0, sizeof(**fin));
			merge_add(&(*fin)[c], d);
		}
}

/*
 * The close marker of a merged window came after its rows: its states
 * give its values, and are freed.
 */
static void
close_state(struct model *md, struct record *r)
{
	struct jval wv;
	struct win *w;
	size_t wi;

	if (!stream_get_window(r, &wv) || (wi = window_of(md, &wv)) ==
	    NO_INDEX || md->win[wi].state == NULL)
		return;
	w = &md->win[wi];
	model_finalize(md, w->state, (double)(w->e_ns - w->s_ns) / 1e9,
	    &w->fin, &w->nfin);
	pstate_drop(md->ps, w->state);
	w->state = NULL;
}

/*
 * What pstate_finish() gives: control records, and merged partial
 * records, each taken in as its row, its state merged into those of
 * its window, its group and of all.
 */
static void
take_merged(void *arg, const char *p, size_t n)
{
	struct model *md = arg;
	struct sluice_err e;
	struct agg_acc *acc;
	enum stream_ctl k;
	struct jval wv;
	size_t wi;
	uint32_t g;

	if (record_parse(&md->prow, p, n, &e) == -1)
		return;
	if ((k = stream_ctl_of(&md->prow)) != CTL_NONE) {
		if (k == CTL_CLOSE)
			close_state(md, &md->prow);
		(void)add_ctl(md, &md->prow, k);
		return;
	}
	acc = pstate_split(md->ps, &md->prow, &md->psb);
	if (record_parse(&md->frow, md->psb.buf, md->psb.len, &e) == 0) {
		if (stream_get_window(&md->frow, &wv) &&
		    (wi = window_of(md, &wv)) != NO_INDEX) {
			g = add_row(md, &md->frow, wi);
			pstate_join(md->ps, &md->win[wi].state, acc);
			pstate_join(md->ps, &md->grp[g].state, acc);
			pstate_join(md->ps, &md->all_state, acc);
		} else
			add_plain(md, &md->frow);
	}
	pstate_drop(md->ps, acc);
}

static void
partial_start(struct model *md)
{
	if (md->ps == NULL)
		md->ps = pstate_new(take_merged, md);
}

/* A partial record: merged into its group of its window, for the end. */
static enum model_kind
add_partial(struct model *md, struct record *r)
{
	struct sluice_err e;

	partial_start(md);
	md->why_col = 0;
	switch (pstate_record(md->ps, r, md->line, &e, &md->why)) {
	case PSTATE_TAKEN:
		return MODEL_PARTIAL;
	case PSTATE_REJECT:
		strbuf_reset(&md->why);
		strbuf_addstr(&md->why, e.msg);
		md->why_col = e.col;
		return MODEL_BAD;
	default:
		return MODEL_FATAL;
	}
}

/* A control record once partial states came, or a shard trailer. */
static enum model_kind
partial_ctl(struct model *md, struct record *r, enum stream_ctl k)
{
	partial_start(md);
	md->why_col = 0;
	switch (pstate_ctl(md->ps, r, &md->why)) {
	case 1:
		return add_ctl(md, r, k);
	case 0:
		md->nctl++;
		return k == CTL_CLOSE ? MODEL_CLOSE : MODEL_PARTIAL;
	default:
		return MODEL_FATAL;
	}
}

void
model_line(struct model *md, uint64_t line)
{
	md->line = line;
}

const char *
model_why(const struct model *md, size_t *col)
{
	*col = md->why_col;
	return md->why.buf != NULL ? md->why.buf : "";
}

int
model_finish(struct model *md, struct strbuf *why)
{
	int v;

	strbuf_reset(why);
	if (md->ps == NULL)
		return 0;
	if ((v = pstate_verdict(md->ps, why)) < 2)
		pstate_finish(md->ps);
	return v;
}

enum model_kind
model_add(struct model *md, struct record *r)
{
	enum stream_ctl k;
	struct jval v;
	size_t wi;

	if ((k = stream_ctl_of(r)) != CTL_NONE)
		return md->ps != NULL || k == CTL_SHARD ? partial_ctl(md, r,
		    k) : add_ctl(md, r, k);
	if (pstate_is_partial(r))
		return add_partial(md, r);
	if (stream_get_alert(r, &v)) {
		add_alert(md, r, &v);
		return MODEL_ALERT;
	}
	if (record_get_key(r, SK_ERROR, &v)) {
		add_reject(md, r, &v);
		return MODEL_REJECT;
	}
	if (stream_is_provisional(r)) {
		md->nearly++;
		if (md->o.early)
			add_early(md, r);
		return MODEL_EARLY;
	}
	if (stream_get_window(r, &v) && (wi = window_of(md, &v)) != NO_INDEX) {
		add_row(md, r, wi);
		return MODEL_ROW;
	}
	add_plain(md, r);
	return MODEL_RECORD;
}

unsigned char *
model_firing(const struct model *md, uint64_t *count)
{
	struct map map = MAP_INIT;
	struct strbuf key = STRBUF_INIT;
	struct map_entry *g;
	unsigned char *f;
	size_t i;

	f = xcalloc(md->nal ? md->nal : 1, 1);
	for (i = 0; i < md->nal; i++) {
		strbuf_reset(&key);
		strbuf_addstr(&key, md->al[i].rule);
		strbuf_addch(&key, '\n');
		strbuf_addstr(&key, md->al[i].labels);
		g = map_insert(&map, key.buf, key.len,
		    hash_bytes(key.buf, key.len), NULL);
		g->n = i;
	}
	*count = 0;
	for (i = 0; i < map.n; i++)
		if (strcmp(md->al[map.g[i].n].state, "firing") == 0) {
			f[map.g[i].n] = 1;
			(*count)++;
		}
	map_release(&map);
	strbuf_release(&key);
	return f;
}

void
model_counts(const struct model *md, struct model_counts *c)
{
	memset(c, 0, sizeof(*c));
	c->rows = md->windowed ? md->nwrows : md->nplain;
	c->windows = md->windowed ? md->nwin : 0;
	c->alerts = md->nal;
	free(model_firing(md, &c->firing));
	c->rejects = md->nrejects;
	c->late = md->windowed ? md->nplain : 0;
	c->ctl = md->nctl;
	c->provisional = md->nearly;
}

int
model_guessed(const struct model *md)
{
	return md->guessed;
}

int64_t
model_window_ns(const struct model *md)
{
	const struct early *ea = &md->early;
	const struct win *w;

	if (md->latest == NO_INDEX)
		return ea->open ? ea->e_ns - ea->s_ns : 0;
	w = &md->win[md->latest];
	if (ea->open && win_after(ea->s_ns, ea->e_ns, w->s_ns, w->e_ns))
		return ea->e_ns - ea->s_ns;
	return w->e_ns - w->s_ns;
}

const struct stream_metric *
model_metric(const struct model *md, size_t c)
{
	if (!md->has_meta)
		return NULL;
	return stream_meta_find(&md->meta, md->col[c].name, md->col[c].nlen);
}

int
model_is_by(const struct model *md, size_t c)
{
	size_t i;

	for (i = 0; i < md->meta.nby; i++)
		if (strlen(md->meta.by[i]) == md->col[c].nlen &&
		    memcmp(md->meta.by[i], md->col[c].name,
		    md->col[c].nlen) == 0)
			return 1;
	return 0;
}

void
model_free(struct model *md)
{
	struct top *tp;
	size_t i, k;

	if (md == NULL)
		return;
	for (i = 0; i < md->ncol; i++) {
		free(md->col[i].name);
		for (k = 0; k < md->col[i].values.n; k++) {
			tp = md->col[i].values.g[k].val;
			free(tp->acc);
			free(tp);
		}
		map_release(&md->col[i].values);
	}
	free(md->col);
	map_release(&md->colmap);
	for (i = 0; i < md->gmap.n; i++) {
		free(md->grp[i].label);
		free(md->grp[i].tot);
		pstate_drop(md->ps, md->grp[i].state);
	}
	free(md->grp);
	map_release(&md->gmap);
	for (i = 0; i < md->nwin; i++) {
		free(md->win[i].acc);
		free(md->win[i].fin);
		pstate_drop(md->ps, md->win[i].state);
	}
	pstate_drop(md->ps, md->all_state);
	pstate_free(md->ps);
	record_release(&md->prow);
	record_release(&md->frow);
	strbuf_release(&md->psb);
	strbuf_release(&md->why);
	free(md->win);
	map_release(&md->wmap);
	points_release(&md->pts);
	rows_release(&md->latest_rows);
	rows_release(&md->closed_rows);
	rows_release(&md->all);
	rows_release(&md->plain);
	for (i = 0; i < md->nal; i++) {
		free(md->al[i].raw);
		free(md->al[i].rule);
		free(md->al[i].state);
		free(md->al[i].severity);
		free(md->al[i].since);
		free(md->al[i].at);
		free(md->al[i].message);
		free(md->al[i].value);
		free(md->al[i].labels);
	}
	free(md->al);
	for (i = 0; i < md->nrej; i++) {
		free(md->rej[i].where);
		free(md->rej[i].reason);
		free(md->rej[i].text);
	}
	stream_meta_release(&md->meta);
	early_close(md);
	for (i = 0; i < md->early.arow; i++)
		strbuf_release(&md->early.row[i]);
	free(md->early.row);
	strbuf_release(&md->early.bounds);
	rows_release(&md->early.shown);
	record_release(&md->rec);
	strbuf_release(&md->sb);
	strbuf_release(&md->key);
	strbuf_release(&md->label);
	free(md->rowv);
	free(md->rowhas);
	free(md);
}
