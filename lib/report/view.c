/* SPDX-License-Identifier: MIT */
/* view.c -- what a report shows: columns, rows, windows, alerts as tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_int.h"
#include "report/table.h"
#include "report/view.h"
#include "time/timefmt.h"

#define DEFAULT_TITLE	"sluice report"

size_t
view_latest(const struct model *md, const struct rows **r)
{
	if (md->closed != NO_INDEX) {
		*r = &md->closed_rows;
		return md->closed;
	}
	*r = &md->latest_rows;
	return md->latest;
}

int
view_open(struct model *md, const struct rows **r, const char **start,
    const char **end)
{
	struct early *ea = &md->early;
	size_t i;

	if (!ea->open)
		return 0;
	if (ea->shown_at != ea->updates || ea->shown.n != ea->groups.n) {
		rows_clear(&ea->shown);
		for (i = 0; i < ea->groups.n; i++)
			rows_add(&ea->shown, ea->row[i].buf, ea->row[i].len,
			    ROWS_NO_WINDOW);
		ea->shown_at = ea->updates;
	}
	*r = &ea->shown;
	*start = ea->bounds.buf;
	*end = ea->bounds.buf + ea->slen + 1;
	return 1;
}

enum stream_merge
view_merge(const struct model *md, size_t c)
{
	const struct stream_metric *x;

	return (x = model_metric(md, c)) != NULL ? x->merge : MERGE_NONE;
}

/* The column that the meta record names a metric fn of field f, or NO_INDEX. */
static size_t
metric_col(const struct model *md, const char *fn, const char *f)
{
	const struct stream_metric *x;
	size_t c;

	for (c = 0; c < md->ncol; c++)
		if (md->col[c].metric && (x = model_metric(md, c)) != NULL &&
		    x->field != NULL && strcmp(x->fn, fn) == 0 &&
		    strcmp(x->field, f) == 0)
			return c;
	return NO_INDEX;
}

void
view_rule(const struct model *md, size_t c, struct view_rule *r)
{
	const struct stream_metric *x;

	r->merge = view_merge(md, c);
	r->sum = r->count = NO_INDEX;
	if ((x = model_metric(md, c)) == NULL || x->field == NULL ||
	    strcmp(x->fn, "mean") != 0)
		return;
	r->sum = metric_col(md, "sum", x->field);
	r->count = metric_col(md, "count", x->field);
	if (r->sum == NO_INDEX || r->count == NO_INDEX)
		r->sum = r->count = NO_INDEX;
}

double
view_combine(const struct view_rule *r, const struct merge *arr, size_t n,
    size_t c)
{
	const struct merge *s, *k;

	if (r->sum != NO_INDEX) {
		s = merge_get(arr, n, r->sum);
		k = merge_get(arr, n, r->count);
		if (s != NULL && k != NULL && s->n > 0 && k->n > 0 &&
		    k->sum > 0)
			return s->sum / k->sum;
	}
	return merge_value(merge_get(arr, n, c), r->merge);
}

int
view_refused(const struct view_rule *r, const struct merge *arr, size_t n,
    size_t c)
{
	if (r->sum != NO_INDEX)
		return 0;
	return merge_refused(merge_get(arr, n, c), r->merge);
}

double
view_window_value(const struct view_rule *r, const struct win *w, size_t c)
{
	const struct merge *f = merge_get(w->fin, w->nfin, c);

	if (f != NULL && f->n > 0)
		return f->sum;
	return view_combine(r, w->acc, w->nacc, c);
}

int
view_window_refused(const struct view_rule *r, const struct win *w, size_t c)
{
	const struct merge *f = merge_get(w->fin, w->nfin, c);

	if (f != NULL && f->n > 0)
		return 0;
	return view_refused(r, w->acc, w->nacc, c);
}

/* What a metric computed by fn is, in words, or NULL if not known. */
static const char *
fn_what(const char *fn)
{
	static const struct {
		const char	*fn;
		const char	*what;
	} kinds[] = {
		{ "median",	"a percentile" },
		{ "mean",	"a mean" },
		{ "var",	"a variance" },
		{ "stddev",	"a standard deviation" },
		{ "distinct",	"a count of distinct values" },
		{ "first",	"a first value" },
		{ "last",	"a last value" },
		{ "rate",	"a rate" },
		{ "count",	"a count" },
		{ "sum",	"a sum" },
		{ "min",	"a minimum" },
		{ "max",	"a maximum" }
	};
	size_t i;

	if (fn[0] == 'p' && fn[1] >= '0' && fn[1] <= '9' &&
	    strspn(fn + 1, "0123456789.") == strlen(fn + 1))
		return "a percentile";
	for (i = 0; i < NELEM(kinds); i++)
		if (strcmp(fn, kinds[i].fn) == 0)
			return kinds[i].what;
	return NULL;
}

void
view_merge_why(const struct model *md, size_t c, struct strbuf *out)
{
	const struct stream_metric *x = NULL;
	const char *what;

	if (!md->has_meta)
		strbuf_addstr(out, "no meta record says how to combine it");
	else if ((x = model_metric(md, c)) == NULL)
		strbuf_addstr(out, "the meta record does not say how to "
		    "combine it");
	else if ((what = fn_what(x->fn)) != NULL)
		strbuf_addf(out, "%s cannot be combined", what);
	else
		strbuf_addf(out, "a value of %s cannot be combined", x->fn);
	strbuf_addstr(out, " across groups");
	if (x != NULL && x->field != NULL && strcmp(x->fn, "mean") == 0)
		strbuf_addf(out, " without sum:%s and count:%s beside it",
		    x->field, x->field);
}

void
view_merge_note(const struct model *md, size_t c, struct strbuf *out)
{
	const struct stream_metric *x = model_metric(md, c);
	const char *what = x != NULL ? fn_what(x->fn) : NULL;

	strbuf_add(out, md->col[c].name, md->col[c].nlen);
	strbuf_addstr(out, ": ");
	view_merge_why(md, c, out);
	/* Their states combine (pstate.h). */
	if (what != NULL && (strcmp(what, "a percentile") == 0 ||
	    strcmp(x->fn, "distinct") == 0))
		strbuf_addstr(out, "; give report the --partial output of "
		    "aggregate to combine them");
}

enum view_kind
view_kind(const struct model *md, size_t i)
{
	const struct col *c = &md->col[i];
	unsigned t = c->types[md->windowed];

	if (c->at)
		return VIEW_OTHER;
	if (c->key || c->by)
		return VIEW_KEY;
	if (c->metric)
		return t & T_NUM ? VIEW_METRIC : VIEW_OTHER;
	if (t & T_STR || (md->has_meta && t & T_NUM))
		return VIEW_KEY;
	if (t & T_NUM)
		return VIEW_METRIC;
	if (t & T_OTHER)
		return VIEW_OTHER;
	return VIEW_KEY;
}

size_t
view_cols(const struct model *md, size_t **out)
{
	size_t c, n = 0;

	*out = xreallocarray(NULL, md->ncol ? md->ncol : 1, sizeof(**out));
	for (c = 0; c < md->ncol; c++)
		if (md->o.cols != NULL || md->col[c].rows[md->windowed] > 0)
			(*out)[n++] = c;
	return n;
}

size_t
view_first_metric(const struct model *md, const size_t *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (view_kind(md, cols[i]) == VIEW_METRIC)
			return cols[i];
	return NO_INDEX;
}

size_t
view_first_mergeable(const struct model *md, const size_t *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (view_kind(md, cols[i]) == VIEW_METRIC &&
		    view_merge(md, cols[i]) != MERGE_NONE)
			return cols[i];
	return NO_INDEX;
}

int
view_row_value(struct model *md, size_t c, struct jval *v)
{
	if (md->col[c].path != NULL)
		return record_get(&md->rec, md->col[c].path, v);
	return record_get_key(&md->rec, md->col[c].name, md->col[c].nlen, v);
}

int
view_row_open(struct model *md, const struct rows *r, size_t i)
{
	struct sluice_err e;

	return record_parse(&md->rec, r->text.buf + r->off[i], r->len[i],
	    &e) == 0;
}

struct ranked {
	double	 v;
	size_t	 i;
	int	 has;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->has != y->has)
		return y->has - x->has;
	if (x->has && x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

size_t
view_pick_list(struct model *md, const struct rows *r, const size_t *cand,
    size_t n, size_t m, size_t **out, size_t *more)
{
	struct ranked *rk;
	struct jval v;
	size_t i;

	*out = xreallocarray(NULL, n ? n : 1, sizeof(**out));
	if (n > 0)
		memcpy(*out, cand, n * sizeof(**out));
	*more = 0;
	if (md->o.limit <= 0)
		return n;
	if (m != NO_INDEX) {
		rk = xreallocarray(NULL, n ? n : 1, sizeof(*rk));
		for (i = 0; i < n; i++) {
			rk[i].i = (*out)[i];
			rk[i].has = view_row_open(md, r, (*out)[i]) &&
			    view_row_value(md, m, &v) && v.type == JT_NUMBER &&
			    jval_double(&v, &rk[i].v) == 0 && !isnan(rk[i].v);
		}
		qsort(rk, n, sizeof(*rk), ranked_cmp);
		for (i = 0; i < n; i++)
			(*out)[i] = rk[i].i;
		free(rk);
	}
	if (n > (size_t)md->o.limit) {
		*more = n - (size_t)md->o.limit;
		n = (size_t)md->o.limit;
	}
	return n;
}

size_t
view_pick_rows(struct model *md, const struct rows *r, size_t from,
    size_t to, size_t m, size_t **out, size_t *more)
{
	size_t *cand, i, n;

	cand = xreallocarray(NULL, to > from ? to - from : 1, sizeof(*cand));
	for (i = from; i < to; i++)
		cand[i - from] = i;
	n = view_pick_list(md, r, cand, to - from, m, out, more);
	free(cand);
	return n;
}

unsigned
view_value_text(struct strbuf *sb, const struct jval *v, int human)
{
	double d;

	switch (v->type) {
	case JT_STRING:
		jval_str_append(v, sb);
		return 0;
	case JT_NUMBER:
		if (human && !(v->flags & JV_INTEGER) &&
		    jval_double(v, &d) == 0 && isfinite(d))
			table_real(sb, d);
		else
			strbuf_add(sb, v->p, v->n);
		return TABLE_NUM;
	case JT_NULL:
	case JT_MISSING:
		return TABLE_MISSING;
	default:
		strbuf_add(sb, v->p, v->n);
		return 0;
	}
}

void
view_row_cells(struct model *md, struct table *t, size_t row, size_t col0,
    const size_t *cols, size_t nc, int human)
{
	struct jval v;
	size_t c;
	unsigned f;

	for (c = 0; c < nc; c++) {
		if (!view_row_value(md, cols[c], &v))
			continue;
		strbuf_reset(&md->sb);
		f = view_value_text(&md->sb, &v, human);
		if (!(f & TABLE_MISSING))
			table_set(t, row, col0 + c, md->sb.buf != NULL ?
			    md->sb.buf : "", md->sb.len, f);
	}
}

void
view_rows_table(struct model *md, const struct rows *r, const size_t *idx,
    size_t n, const size_t *cols, size_t nc, int human, struct table *t)
{
	size_t i, c;

	table_init(t, nc);
	for (c = 0; c < nc; c++)
		table_head(t, c, md->col[cols[c]].name, md->col[cols[c]].nlen);
	for (i = 0; i < n; i++)
		if (view_row_open(md, r, idx[i]))
			view_row_cells(md, t, table_row(t, 0), 0, cols, nc,
			    human);
}

static int
win_cmp(const struct win *a, const struct win *b)
{
	if (a->s_ns != b->s_ns)
		return a->s_ns < b->s_ns ? -1 : 1;
	if (a->e_ns != b->e_ns)
		return a->e_ns < b->e_ns ? -1 : 1;
	return 0;
}

static const struct model *sort_md;	/* for qsort */

static int
win_order(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int r = win_cmp(&sort_md->win[x], &sort_md->win[y]);

	return r != 0 ? r : (x < y ? -1 : x > y);
}

size_t *
view_windows_sorted(const struct model *md)
{
	size_t *o, i;

	o = xreallocarray(NULL, md->nwin ? md->nwin : 1, sizeof(*o));
	for (i = 0; i < md->nwin; i++)
		o[i] = i;
	sort_md = md;
	qsort(o, md->nwin, sizeof(*o), win_order);
	return o;
}

int
view_time_range(const struct model *md, char *s, char *e, int64_t *t0,
    int64_t *t1)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	size_t i, a = NO_INDEX, b = NO_INDEX;

	if (md->windowed) {
		for (i = 0; i < md->nwin; i++) {
			if (a == NO_INDEX || md->win[i].s_ns < md->win[a].s_ns)
				a = i;
			if (b == NO_INDEX || md->win[i].e_ns > md->win[b].e_ns)
				b = i;
		}
		snprintf(s, TIMEFMT_LEN, "%s", md->win[a].start);
		snprintf(e, TIMEFMT_LEN, "%s", md->win[b].end);
		*t0 = md->win[a].s_ns;
		*t1 = md->win[b].e_ns;
		return 1;
	}
	if (md->tmin <= md->tmax) {
		lo = md->tmin;
		hi = md->tmax;
	}
	for (i = 0; i < md->nal; i++) {
		if (md->al[i].t == INT64_MIN)
			continue;
		if (md->al[i].t < lo)
			lo = md->al[i].t;
		if (md->al[i].t > hi)
			hi = md->al[i].t;
	}
	if (lo > hi)
		return 0;
	timefmt_format(lo, 3, s);
	timefmt_format(hi, 3, e);
	*t0 = lo;
	*t1 = hi;
	return 1;
}

void
view_plain_span(const struct model *md, size_t *from, size_t *to)
{
	*from = 0;
	*to = md->plain.n;
	if (md->nsnap > 0 && md->plain.n == md->plain_frame)
		*to = md->plain_frame;
	else if (md->nsnap > 0)
		*from = md->plain_frame;
}

void
view_main_table(struct model *md, int human, struct table *t,
    size_t *shown, size_t *more)
{
	const struct rows *r;
	const char *s, *e;
	size_t *cols, *idx, nc, from, to, m;

	nc = view_cols(md, &cols);
	m = view_first_metric(md, cols, nc);
	if (view_open(md, &r, &s, &e)) {
		from = 0;
		to = r->n;
	} else if (md->windowed) {
		view_latest(md, &r);
		from = 0;
		to = r->n;
	} else {
		r = &md->plain;
		view_plain_span(md, &from, &to);
	}
	*shown = view_pick_rows(md, r, from, to, m, &idx, more);
	view_rows_table(md, r, idx, *shown, cols, nc, human, t);
	free(idx);
	free(cols);
}

void
view_windows_table(struct model *md, int human, struct table *t,
    struct strbuf *notes)
{
	const struct win *w;
	struct view_rule rule;
	size_t *cols, *order, *mc, nc, nm = 0, i, c, row;
	int refused;

	nc = view_cols(md, &cols);
	mc = xreallocarray(NULL, nc ? nc : 1, sizeof(*mc));
	for (i = 0; i < nc; i++)
		if (view_kind(md, cols[i]) == VIEW_METRIC)
			mc[nm++] = cols[i];
	table_init(t, 3 + nm);
	table_head(t, 0, "start", 5);
	table_head(t, 1, "end", 3);
	table_head(t, 2, "rows", 4);
	for (c = 0; c < nm; c++)
		table_head(t, 3 + c, md->col[mc[c]].name, md->col[mc[c]].nlen);
	order = view_windows_sorted(md);
	for (i = 0; i < md->nwin; i++) {
		w = &md->win[order[i]];
		row = table_row(t, 0);
		table_set(t, row, 0, w->start, w->slen, 0);
		table_set(t, row, 1, w->end, w->elen, 0);
		table_set_uint(t, row, 2, w->rows);
	}
	for (c = 0; c < nm; c++) {
		view_rule(md, mc[c], &rule);
		refused = 0;
		for (i = 0; i < md->nwin; i++) {
			w = &md->win[order[i]];
			table_set_num(t, i, 3 + c, view_window_value(&rule, w,
			    mc[c]), human);
			refused |= view_window_refused(&rule, w, mc[c]);
		}
		if (refused && notes != NULL) {
			view_merge_note(md, mc[c], notes);
			strbuf_addch(notes, '\n');
		}
	}
	free(order);
	free(mc);
	free(cols);
}

int
view_has_states(const struct model *md)
{
	return md->all_state != NULL;
}

/*
 * The values of metrics mc[0..nm) over rows whose values merged are
 * tot[0..ntot) and whose partial states merged are state (or NULL),
 * in vals[0..nm).
 */
static void
total_values(struct model *md, const struct merge *tot, size_t ntot,
    struct agg_acc *state, const size_t *mc, size_t nm, double *vals)
{
	struct view_rule rule;
	const struct merge *f;
	struct merge *fin = NULL;
	size_t nfin = 0, c;

	if (state != NULL)
		model_finalize(md, state, 0, &fin, &nfin);
	for (c = 0; c < nm; c++) {
		view_rule(md, mc[c], &rule);
		f = merge_get(fin, nfin, mc[c]);
		vals[c] = f != NULL && f->n > 0 ? f->sum :
		    view_combine(&rule, tot, ntot, mc[c]);
	}
	free(fin);
}

/* A row of the totals: label, rows, vals[0..nm). */
static void
total_row(struct table *t, const char *label, size_t len, uint64_t rows,
    const double *vals, size_t nm, int human)
{
	size_t row, c;

	row = table_row(t, 0);
	table_set(t, row, 0, label, len, 0);
	table_set_uint(t, row, 1, rows);
	for (c = 0; c < nm; c++)
		table_set_num(t, row, 2 + c, vals[c], human);
}

/*
 * The groups rk[from, to) as one row labelled label: their values
 * merged, their states merged (all: the model's merge of every state).
 */
static void
total_rest(struct model *md, struct table *t, const struct ranked *rk,
    size_t from, size_t to, const char *label, int all, const size_t *mc,
    size_t nm, double *vals, int human)
{
	struct merge *tot = NULL;
	struct agg_acc *state = NULL;
	const struct grp *g;
	uint64_t rows = 0;
	size_t ntot = 0, i, c;

	for (i = from; i < to; i++) {
		g = &md->grp[rk[i].i];
		rows += g->rows;
		for (c = 0; c < g->ntot; c++)
			merge_join(merge_at(&tot, &ntot, c), &g->tot[c]);
		if (!all && g->state != NULL)
			pstate_join(md->ps, &state, g->state);
	}
	total_values(md, tot, ntot, all ? md->all_state : state, mc, nm,
	    vals);
	total_row(t, label, strlen(label), rows, vals, nm, human);
	pstate_drop(md->ps, state);
	free(tot);
}

void
view_totals_table(struct model *md, int human, struct table *t)
{
	struct ranked *rk;
	const struct grp *g;
	size_t *cols, *mc, nc, nm = 0, ng = md->gmap.n, i, c, shown;
	double *vals;

	nc = view_cols(md, &cols);
	mc = xreallocarray(NULL, nc ? nc : 1, sizeof(*mc));
	for (i = 0; i < nc; i++)
		if (view_kind(md, cols[i]) == VIEW_METRIC)
			mc[nm++] = cols[i];
	table_init(t, 2 + nm);
	table_head(t, 0, "group", 5);
	table_head(t, 1, "rows", 4);
	for (c = 0; c < nm; c++)
		table_head(t, 2 + c, md->col[mc[c]].name, md->col[mc[c]].nlen);
	vals = xreallocarray(NULL, (ng + 1) * (nm ? nm : 1), sizeof(*vals));
	rk = xreallocarray(NULL, ng ? ng : 1, sizeof(*rk));
	for (i = 0; i < ng; i++) {
		g = &md->grp[i];
		total_values(md, g->tot, g->ntot, g->state, mc, nm,
		    vals + i * nm);
		rk[i].i = i;
		rk[i].v = nm > 0 ? vals[i * nm] : (double)g->rows;
		rk[i].has = !isnan(rk[i].v);
	}
	qsort(rk, ng, sizeof(*rk), ranked_cmp);
	shown = ng < (size_t)md->o.top ? ng : (size_t)md->o.top;
	for (i = 0; i < shown; i++) {
		g = &md->grp[rk[i].i];
		total_row(t, g->label, g->lablen, g->rows, vals + rk[i].i * nm,
		    nm, human);
	}
	if (ng > shown) {
		strbuf_reset(&md->label);
		strbuf_addf(&md->label, "other (%zu groups)", ng - shown);
		total_rest(md, t, rk, shown, ng, md->label.buf, 0, mc, nm,
		    vals + ng * nm, human);
	}
	total_rest(md, t, rk, 0, ng, "all groups", 1, mc, nm, vals + ng * nm,
	    human);
	free(rk);
	free(vals);
	free(mc);
	free(cols);
}

void
view_alerts_table(const struct model *md, size_t from, struct table *t)
{
	static const char *const head[] = {
		"at", "rule", "state", "severity", "value", "labels",
		"message"
	};
	const struct alert *a;
	size_t i, c, row;
	unsigned f;

	table_init(t, NELEM(head));
	for (c = 0; c < NELEM(head); c++)
		table_head(t, c, head[c], strlen(head[c]));
	for (i = from; i < md->nal; i++) {
		a = &md->al[i];
		f = strcmp(a->state, "firing") == 0 ? TABLE_ROW_BAD :
		    strcmp(a->state, "resolved") == 0 ? TABLE_ROW_GOOD : 0;
		row = table_row(t, f);
		table_set_str(t, row, 0, a->at[0] != '\0' ? a->at : a->since);
		table_set_str(t, row, 1, a->rule);
		table_set_str(t, row, 2, a->state);
		table_set_str(t, row, 3, a->severity);
		table_set(t, row, 4, a->value, strlen(a->value),
		    strspn(a->value, "-+.0123456789eE") == strlen(a->value) &&
		    a->value[0] != '\0' ? TABLE_NUM : 0);
		table_set_str(t, row, 5, a->labels);
		table_set_str(t, row, 6, a->message);
	}
}

void
view_rejects_table(const struct model *md, struct table *t)
{
	size_t i, row;

	table_init(t, 3);
	table_head(t, 0, "where", 5);
	table_head(t, 1, "reason", 6);
	table_head(t, 2, "record", 6);
	for (i = 0; i < md->nrej; i++) {
		row = table_row(t, 0);
		table_set_str(t, row, 0, md->rej[i].where);
		table_set_str(t, row, 1, md->rej[i].reason);
		table_set_str(t, row, 2, md->rej[i].text);
	}
}

const char *
view_title(const struct model *md)
{
	return md->o.title != NULL ? md->o.title : DEFAULT_TITLE;
}

int
view_bare(const struct model *md)
{
	return !md->windowed && md->o.title == NULL && md->nal == 0 &&
	    md->nrejects == 0;
}

void
view_counts_line(const struct model *md, struct strbuf *out)
{
	struct model_counts c;

	model_counts(md, &c);
	if (md->windowed)
		strbuf_addf(out, "windows %llu, ",
		    (unsigned long long)c.windows);
	strbuf_addf(out, "rows %llu, alerts %llu", (unsigned long long)c.rows,
	    (unsigned long long)c.alerts);
	if (c.firing > 0)
		strbuf_addf(out, " (%llu firing)",
		    (unsigned long long)c.firing);
	strbuf_addf(out, ", rejects %llu", (unsigned long long)c.rejects);
	if (md->windowed)
		strbuf_addf(out, ", late %llu", (unsigned long long)c.late);
}

size_t *
view_rows_by_window(struct model *md, size_t *n)
{
	size_t *order, *rank, *idx, *cnt, *pos, i;

	order = view_windows_sorted(md);
	rank = xreallocarray(NULL, md->nwin ? md->nwin : 1, sizeof(*rank));
	for (i = 0; i < md->nwin; i++)
		rank[order[i]] = i;
	cnt = xcalloc(md->nwin + 1, sizeof(*cnt));
	for (i = 0; i < md->all.n; i++)
		cnt[rank[md->all.win[i]] + 1]++;
	for (i = 1; i <= md->nwin; i++)
		cnt[i] += cnt[i - 1];
	pos = cnt;
	idx = xreallocarray(NULL, md->all.n ? md->all.n : 1, sizeof(*idx));
	for (i = 0; i < md->all.n; i++)
		idx[pos[rank[md->all.win[i]]]++] = i;
	*n = md->all.n;
	free(order);
	free(rank);
	free(cnt);
	return idx;
}

