/* SPDX-License-Identifier: MIT */
/* render_html.c -- the report as one self-contained HTML page with charts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/html.h"
#include "report/render.h"
#include "report/view.h"
#include "report/zone.h"
#include "time/duration.h"
#include "time/timefmt.h"

#define TIMELINE_MAX	60	/* bars in the alert timeline */

/* Table t, its RFC 3339 times in zone tz (NULL: as they are). */
static void
put_table(struct strbuf *out, struct table *t, const struct tzspec *tz)
{
	zone_table(t, tz);
	html_table(out, t);
}

struct rankg {
	double	 v;
	uint32_t g;
};

static int
rankg_cmp(const void *a, const void *b)
{
	const struct rankg *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? 1 : -1;
	return x->g < y->g ? -1 : x->g > y->g;
}

/*
 * A colour per group, the same in every chart: by rank of the total of
 * metric m (or by first appearance).  Returns a new array.
 */
static int *
group_colours(const struct model *md, size_t m)
{
	struct rankg *rk;
	const struct merge *a;
	size_t i, ng = md->gmap.n;
	int *col;

	rk = xreallocarray(NULL, ng ? ng : 1, sizeof(*rk));
	col = xreallocarray(NULL, ng ? ng : 1, sizeof(*col));
	for (i = 0; i < ng; i++) {
		a = m != NO_INDEX ? merge_get(md->grp[i].tot, md->grp[i].ntot,
		    m) : NULL;
		rk[i].v = a != NULL && a->n > 0 ? a->sum : -INFINITY;
		rk[i].g = (uint32_t)i;
	}
	qsort(rk, ng, sizeof(*rk), rankg_cmp);
	for (i = 0; i < ng; i++)
		col[rk[i].g] = (int)i;
	free(rk);
	return col;
}

/* What the chart of metric c, with nr groups, leaves out or merges. */
static void
chart_note(struct model *md, size_t c, const struct view_rule *r, size_t nr,
    int clipped, struct strbuf *out)
{
	enum stream_merge m = r->merge;
	int cut = nr > (size_t)md->o.top, mean = r->sum != NO_INDEX;

	if (!cut && md->pts.span == 1 && !clipped)
		return;
	strbuf_addstr(out, "<p class=\"note\">");
	if (cut && (m != MERGE_NONE || mean))
		strbuf_addf(out, "The top %d of %zu groups by total; the "
		    "others as one line. ", md->o.top, nr);
	else if (cut) {
		strbuf_reset(&md->sb);
		view_merge_note(md, c, &md->sb);
		html_escape(out, md->sb.buf, md->sb.len);
		strbuf_addf(out, ": the top %d of %zu groups by total, the "
		    "others not drawn. ", md->o.top, nr);
	}
	if (md->pts.span > 1)
		strbuf_addf(out, "Each point merges up to %llu windows%s.",
		    (unsigned long long)md->pts.span,
		    mean ? " (the mean from the sums and counts)" :
		    m == MERGE_SUM ? " (the mean per window)" :
		    m == MERGE_NONE ? " (the highest value)" : "");
	if (clipped)
		strbuf_addf(out, "%sValues far above the others are drawn "
		    "at the top edge, marked with their value.",
		    md->pts.span > 1 ? " " : "");
	strbuf_addstr(out, "</p>\n");
}

/*
 * Whether column c counts or adds up (the meta record: merge sum, fn
 * count or sum): a window without a row of a group is a 0 for it, not
 * a gap.
 */
static int
zero_filled(const struct model *md, size_t c)
{
	const struct stream_metric *x = model_metric(md, c);

	return x != NULL && x->merge == MERGE_SUM &&
	    (strcmp(x->fn, "count") == 0 || strcmp(x->fn, "sum") == 0);
}

struct span {
	size_t	 first;		/* the alert that fired */
	size_t	 last;		/* the one that resolved it, or NO_INDEX */
	int64_t	 start;
	int64_t	 end;
};

/* Pair each firing with the next resolution of the same rule+labels. */
static size_t
alert_spans(const struct model *md, struct span **out)
{
	struct span *sp;
	const struct alert *a, *b;
	size_t i, j, n = 0;

	sp = xreallocarray(NULL, md->nal ? md->nal : 1, sizeof(*sp));
	for (i = 0; i < md->nal; i++) {
		a = &md->al[i];
		if (strcmp(a->state, "firing") != 0)
			continue;
		/* A renotification of an open span is not a new span. */
		for (j = 0; j < n; j++)
			if (sp[j].last == NO_INDEX && sp[j].end == INT64_MAX &&
			    strcmp(md->al[sp[j].first].rule, a->rule) == 0 &&
			    strcmp(md->al[sp[j].first].labels, a->labels) ==
			    0)
				break;
		if (j < n)
			continue;
		sp[n].first = i;
		sp[n].last = NO_INDEX;
		sp[n].start = a->t;
		sp[n].end = INT64_MAX;
		for (j = i + 1; j < md->nal; j++) {
			b = &md->al[j];
			if (strcmp(a->rule, b->rule) != 0 ||
			    strcmp(a->labels, b->labels) != 0)
				continue;
			if (strcmp(b->state, "resolved") == 0 ||
			    strcmp(b->state, "inactive") == 0) {
				sp[n].last = j;
				sp[n].end = b->t;
				break;
			}
		}
		n++;
	}
	*out = sp;
	return n;
}

/* The alert spans, and for each whether it names a charted metric. */
struct chart_alerts {
	struct span	*sp;
	size_t		 n;
	unsigned char	*named;
};

static int
name_char(char ch)
{
	return ch == '_' || ch == '.' || (ch >= '0' && ch <= '9') ||
	    ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') ||
	    (unsigned char)ch >= 0x80;
}

/*
 * Whether text names the column called name[0..n): holds it as a word,
 * not as a piece of a longer name (letters, digits, '_' or '.' around).
 */
static int
names_col(const char *text, const char *name, size_t n)
{
	const char *p;

	if (n == 0 || strlen(name) != n)	/* a NUL in the name */
		return 0;
	for (p = text; (p = strstr(p, name)) != NULL; p++)
		if ((p == text || !name_char(p[-1])) && !name_char(p[n]))
			return 1;
	return 0;
}

/* Whether alert a's rule or message names column c. */
static int
alert_names(const struct model *md, const struct alert *a, size_t c)
{
	return names_col(a->rule, md->col[c].name, md->col[c].nlen) ||
	    names_col(a->message, md->col[c].name, md->col[c].nlen);
}

/* Whether s[0..n) is one of the NUL-ended strings of vals. */
static int
value_among(const struct strbuf *vals, const char *s, size_t n)
{
	const char *p, *end = vals->buf + vals->len;
	size_t len;

	for (p = vals->buf; p < end; p += len + 1) {
		len = strlen(p);
		if (len == n && memcmp(p, s, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether alert a is about a group marked in top: each part of the
 * group's label (its key values, " / " between them) is the value of a
 * field of the alert record.
 */
static int
alert_group_drawn(struct model *md, const struct alert *a,
    const unsigned char *top)
{
	struct record rec = RECORD_INIT;
	struct sluice_err e;
	struct strbuf vals = STRBUF_INIT;
	struct jiter it;
	struct jval k, v;
	const char *lab, *end;
	size_t g, n;
	int found = 0;

	if (record_parse(&rec, a->raw, a->rawlen, &e) == -1)
		return 0;
	jiter_init(&it, &rec.root);
	while (jiter_next(&it, &k, &v)) {
		if (v.type == JT_STRING)
			jval_str_append(&v, &vals);
		else if (v.type != JT_OBJECT && v.type != JT_ARRAY)
			strbuf_add(&vals, v.p, v.n);
		else
			continue;
		strbuf_addch(&vals, '\0');
	}
	for (g = 0; g < md->gmap.n && !found && vals.len > 0; g++) {
		if (!top[g])
			continue;
		lab = md->grp[g].label;
		end = lab + md->grp[g].lablen;
		for (;;) {
			for (n = 0; lab + n < end && !(end - lab - n >= 3 &&
			    memcmp(lab + n, " / ", 3) == 0); n++)
				;
			if (!(found = value_among(&vals, lab, n)) ||
			    lab + n >= end)
				break;
			lab += n + 3;
		}
	}
	strbuf_release(&vals);
	record_release(&rec);
	return found;
}

#define ALL_OTHERS	UINT32_MAX	/* bucket_point(): not one group */

/*
 * The point of metric c in bucket bk: the values of group g, or of the
 * groups not in top when g is ALL_OTHERS, merged.  By rule r: the mean
 * of the sums over the sums of the counts when r has them (exact, as
 * the tables show it), else merge_point(); 0 for no value when zero.
 * arr is scratch of md->ncol merges.
 */
static double
bucket_point(const struct model *md, const struct points_bucket *bk,
    size_t c, const struct view_rule *r, uint32_t g,
    const unsigned char *top, int zero, struct merge *arr)
{
	const struct merge *a;
	size_t cols[3] = { c, r->sum, r->count }, k;

	for (k = 0; k < NELEM(cols); k++) {
		if (cols[k] == NO_INDEX)
			continue;
		memset(&arr[cols[k]], 0, sizeof(arr[0]));
		if (g != ALL_OTHERS && (a = points_find(bk, g,
		    (uint32_t)cols[k])) != NULL)
			arr[cols[k]] = *a;
	}
	for (k = 0; g == ALL_OTHERS && k < bk->n; k++)
		if (!top[bk->cell[k].g] && (bk->cell[k].c == c ||
		    bk->cell[k].c == r->sum || bk->cell[k].c == r->count))
			merge_join(&arr[bk->cell[k].c], &bk->cell[k].m);
	if (r->sum != NO_INDEX && arr[r->sum].n > 0 && arr[r->count].n > 0)
		return view_combine(r, arr, md->ncol, c);
	if (zero && arr[c].n == 0)
		return 0;
	return merge_point(&arr[c], r->merge, bk->nwin);
}

/* The alert spans of md, and which name a metric among cols[0..nc). */
static void
chart_alerts(const struct model *md, const size_t *cols, size_t nc,
    struct chart_alerts *ca)
{
	size_t i, k;

	ca->n = alert_spans(md, &ca->sp);
	ca->named = xcalloc(ca->n ? ca->n : 1, 1);
	for (i = 0; i < ca->n; i++)
		for (k = 0; k < nc && !ca->named[i]; k++)
			ca->named[i] = view_kind(md, cols[k]) == VIEW_METRIC &&
			    alert_names(md, &md->al[ca->sp[i].first], cols[k]);
}

/*
 * The bands of the chart of metric c drawing the groups in top: the
 * spans of the alerts that name c, and of those that name no charted
 * metric but are about a group drawn.  Returns how many, in *out (new,
 * labels too: free them with free_bands()).
 */
static size_t
chart_bands(struct model *md, size_t c, const struct chart_alerts *ca,
    const unsigned char *top, struct html_band **out)
{
	struct html_band *b;
	const struct alert *a;
	size_t i, n = 0;

	b = xcalloc(ca->n ? ca->n : 1, sizeof(*b));
	for (i = 0; i < ca->n; i++) {
		a = &md->al[ca->sp[i].first];
		if (ca->sp[i].start == INT64_MIN || !(ca->named[i] ?
		    alert_names(md, a, c) : alert_group_drawn(md, a, top)))
			continue;
		strbuf_reset(&md->sb);
		strbuf_addf(&md->sb, "%s%s%s", a->rule, a->labels[0] ? " " :
		    "", a->labels);
		b[n].label = xstrndup(md->sb.buf, md->sb.len);
		b[n].labellen = md->sb.len;
		b[n].start = ca->sp[i].start;
		b[n].end = ca->sp[i].last == NO_INDEX || ca->sp[i].end ==
		    INT64_MIN ? INT64_MAX : ca->sp[i].end;
		n++;
	}
	*out = b;
	return n;
}

static void
free_bands(struct html_band *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((char *)b[i].label);
	free(b);
}

static void
html_metric_chart(struct model *md, size_t c, const int *gcol,
    const struct chart_alerts *ca, const struct tzspec *tz,
    struct strbuf *out)
{
	struct html_series *s;
	struct html_chart ch;
	struct rankg *rk;
	const struct merge *a;
	struct merge *arr;
	struct html_band *band;
	struct view_rule r;
	unsigned char *top;
	double *y;
	int64_t *x;
	const struct points *p = &md->pts;
	size_t ng = md->gmap.n, nr = 0, ns, i, b;
	uint32_t g;
	int clipped, zero = zero_filled(md, c);

	view_rule(md, c, &r);
	rk = xreallocarray(NULL, ng ? ng : 1, sizeof(*rk));
	for (i = 0; i < ng; i++) {
		a = merge_get(md->grp[i].tot, md->grp[i].ntot, c);
		if (a == NULL || a->n == 0)
			continue;
		rk[nr].v = a->sum;
		rk[nr].g = (uint32_t)i;
		nr++;
	}
	if (nr == 0) {
		free(rk);
		return;
	}
	qsort(rk, nr, sizeof(*rk), rankg_cmp);
	/* The top groups, and the others as one line if they combine. */
	ns = nr > (size_t)md->o.top ? (size_t)md->o.top +
	    (r.merge != MERGE_NONE || r.sum != NO_INDEX) : nr;
	top = xcalloc(ng, 1);
	for (i = 0; i < nr && i < (size_t)md->o.top; i++)
		top[rk[i].g] = 1;
	x = xreallocarray(NULL, p->n, sizeof(*x));
	y = xreallocarray(NULL, p->n * ns, sizeof(*y));
	s = xcalloc(ns, sizeof(*s));
	arr = xcalloc(md->ncol, sizeof(*arr));
	for (b = 0; b < p->n; b++)
		x[b] = p->bk[b].x;
	for (i = 0; i < ns; i++) {
		s[i].y = y + i * p->n;
		if (i < (size_t)md->o.top && i < nr) {
			g = rk[i].g;
			s[i].label = md->grp[g].label;
			s[i].labellen = md->grp[g].lablen;
			s[i].colour = gcol[g];
		} else {
			g = ALL_OTHERS;
			s[i].label = r.sum != NO_INDEX ? "other (mean)" :
			    r.merge == MERGE_SUM ? "other (sum)" :
			    r.merge == MERGE_MIN ? "other (min)" :
			    "other (max)";
			s[i].labellen = strlen(s[i].label);
			s[i].other = 1;
		}
		for (b = 0; b < p->n; b++)
			y[i * p->n + b] = bucket_point(md, &p->bk[b], c, &r, g,
			    top, zero, arr);
	}
	strbuf_addstr(out, "<h3>");
	html_escape(out, md->col[c].name, md->col[c].nlen);
	strbuf_addstr(out, "</h3>\n");
	memset(&ch, 0, sizeof(ch));
	ch.title = md->col[c].name;
	ch.titlelen = md->col[c].nlen;
	ch.x = x;
	ch.n = p->n;
	ch.s = s;
	ch.ns = ns;
	ch.tz = tz;
	ch.nband = chart_bands(md, c, ca, top, &band);
	ch.band = band;
	clipped = html_chart(out, &ch);
	free_bands(band, ch.nband);
	chart_note(md, c, &r, nr, clipped, out);
	free(arr);
	free(rk);
	free(top);
	free(x);
	free(y);
	free(s);
}

struct rankv {
	double		 v;
	size_t		 i;
	uint64_t	 rows;
};

static int
rankv_cmp(const void *a, const void *b)
{
	const struct rankv *x = a, *y = b;

	if (x->v != y->v) {
		if (isnan(x->v) || isnan(y->v))
			return isnan(x->v) ? 1 : -1;
		return x->v < y->v ? 1 : -1;
	}
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The top values of key column k, by metric m that combines (or by rows). */
static void
html_top_table(struct model *md, size_t k, size_t m,
    struct strbuf *out)
{
	struct map *vm = &md->col[k].values;
	struct table t;
	struct rankv *rk;
	struct top *tp;
	struct merge rest, all;
	enum stream_merge mg = m != NO_INDEX ? view_merge(md, m) : MERGE_SUM;
	uint64_t rest_rows = 0;
	size_t i, row, n = vm->n, shown;
	int share = m == NO_INDEX || mg == MERGE_SUM;

	if (n == 0)
		return;
	rk = xreallocarray(NULL, n, sizeof(*rk));
	memset(&all, 0, sizeof(all));
	for (i = 0; i < n; i++) {
		tp = vm->g[i].val;
		rk[i].i = i;
		rk[i].rows = tp->rows;
		rk[i].v = m == NO_INDEX ? (double)tp->rows :
		    merge_value(merge_get(tp->acc, tp->nacc, m), mg);
		if (m != NO_INDEX && merge_get(tp->acc, tp->nacc, m) != NULL)
			merge_join(&all, merge_get(tp->acc, tp->nacc, m));
	}
	qsort(rk, n, sizeof(*rk), rankv_cmp);
	strbuf_addstr(out, "<h3>");
	html_escape(out, md->col[k].name, md->col[k].nlen);
	strbuf_addstr(out, " by ");
	if (m != NO_INDEX)
		html_escape(out, md->col[m].name, md->col[m].nlen);
	else
		strbuf_addstr(out, "rows");
	strbuf_addstr(out, "</h3>\n");
	table_init(&t, share && m != NO_INDEX ? 4 : 3);
	table_head(&t, 0, md->col[k].name, md->col[k].nlen);
	table_head(&t, 1, "rows", 4);
	if (m != NO_INDEX)
		table_head(&t, 2, md->col[m].name, md->col[m].nlen);
	else
		table_head(&t, 2, "share", 5);
	if (share && m != NO_INDEX)
		table_head(&t, 3, "share", 5);
	shown = n < (size_t)md->o.top ? n : (size_t)md->o.top;
	memset(&rest, 0, sizeof(rest));
	for (i = 0; i < n; i++) {
		tp = vm->g[rk[i].i].val;
		if (i >= shown) {
			rest_rows += tp->rows;
			if (m != NO_INDEX && merge_get(tp->acc, tp->nacc, m) !=
			    NULL)
				merge_join(&rest, merge_get(tp->acc, tp->nacc,
				    m));
			continue;
		}
		row = table_row(&t, 0);
		table_set(&t, row, 0, vm->g[rk[i].i].key,
		    vm->g[rk[i].i].klen, 0);
		table_set_uint(&t, row, 1, tp->rows);
		if (m != NO_INDEX) {
			table_set_num(&t, row, 2, rk[i].v, 1);
			if (share)
				table_set_pct(&t, row, 3, rk[i].v, all.sum);
		} else
			table_set_pct(&t, row, 2, (double)tp->rows,
			    (double)md->nwrows);
	}
	if (n > shown) {
		row = table_row(&t, 0);
		strbuf_reset(&md->sb);
		strbuf_addf(&md->sb, "other (%zu values)", n - shown);
		table_set(&t, row, 0, md->sb.buf, md->sb.len, 0);
		table_set_uint(&t, row, 1, rest_rows);
		if (m != NO_INDEX) {
			table_set_num(&t, row, 2, merge_value(&rest, mg), 1);
			if (share && rest.n > 0)
				table_set_pct(&t, row, 3, rest.sum, all.sum);
		} else
			table_set_pct(&t, row, 2, (double)rest_rows,
			    (double)md->nwrows);
	}
	html_table(out, &t);
	table_release(&t);
	free(rk);
}

static void
html_alerts(struct model *md, uint64_t firing, int64_t t0, int64_t t1,
    const struct tzspec *tz, struct strbuf *out)
{
	static const char *const head[] = {
		"rule", "labels", "severity", "fired", "resolved",
		"duration", "value", "message"
	};
	struct html_span *hs;
	struct span *sp;
	struct table t;
	const struct alert *a;
	char buf[DURATION_LEN + 16];
	size_t n, i, c, row, nh = 0;
	int64_t end;

	n = alert_spans(md, &sp);
	strbuf_addf(out, "<h2>Alerts</h2>\n<p class=\"meta\">%llu alert "
	    "record%s; %zu time%s fired, %llu firing at the end.</p>\n",
	    (unsigned long long)md->nal, md->nal == 1 ? "" : "s", n,
	    n == 1 ? "" : "s", (unsigned long long)firing);
	hs = xcalloc(n ? n : 1, sizeof(*hs));
	for (i = 0; i < n && nh < TIMELINE_MAX; i++) {
		if (sp[i].start == INT64_MIN)
			continue;
		a = &md->al[sp[i].first];
		strbuf_reset(&md->sb);
		strbuf_addf(&md->sb, "%s%s%s", a->rule, a->labels[0] ? " " :
		    "", a->labels);
		hs[nh].label = xstrndup(md->sb.buf, md->sb.len);
		hs[nh].labellen = md->sb.len;
		hs[nh].start = sp[i].start;
		hs[nh].end = sp[i].end == INT64_MAX || sp[i].end ==
		    INT64_MIN ? t1 : sp[i].end;
		hs[nh].open = sp[i].last == NO_INDEX;
		if (hs[nh].start < t0)
			t0 = hs[nh].start;
		if (hs[nh].end > t1)
			t1 = hs[nh].end;
		nh++;
	}
	if (nh > 0)
		html_timeline(out, hs, nh, t0, t1, tz);
	for (i = 0; i < nh; i++)
		free((char *)hs[i].label);
	free(hs);
	table_init(&t, NELEM(head));
	for (c = 0; c < NELEM(head); c++)
		table_head(&t, c, head[c], strlen(head[c]));
	for (i = 0; i < n; i++) {
		a = &md->al[sp[i].first];
		row = table_row(&t, sp[i].last == NO_INDEX ? TABLE_ROW_BAD : 0);
		table_set_str(&t, row, 0, a->rule);
		table_set_str(&t, row, 1, a->labels);
		table_set_str(&t, row, 2, a->severity);
		table_set_str(&t, row, 3, a->at[0] ? a->at : a->since);
		if (sp[i].last == NO_INDEX)
			table_set_str(&t, row, 4, "still firing");
		else
			table_set_str(&t, row, 4, md->al[sp[i].last].at);
		end = sp[i].last == NO_INDEX ? t1 : sp[i].end;
		/* Not when the span exceeds int64 ns (1677 to 2262). */
		if (sp[i].start != INT64_MIN && end != INT64_MIN &&
		    end >= sp[i].start && (sp[i].start >= 0 ||
		    end <= INT64_MAX + sp[i].start)) {
			duration_format(end - sp[i].start, buf);
			/* Still firing: at least that long. */
			if (sp[i].last == NO_INDEX)
				strcat(buf, "+");
			table_set_str(&t, row, 5, buf);
		}
		table_set(&t, row, 6, a->value, strlen(a->value), TABLE_NUM);
		table_set_str(&t, row, 7, a->message);
	}
	if (n > 0)
		put_table(out, &t, tz);
	table_release(&t);
	free(sp);
	/* Every transition, for the record. */
	strbuf_addstr(out, "<h3>Transitions</h3>\n");
	view_alerts_table(md, 0, &t);
	put_table(out, &t, tz);
	table_release(&t);
}

/* <p class="meta">START to END, in zone tz, then the text more.</p> */
static void
html_range(struct strbuf *out, const struct tzspec *tz, const char *s,
    size_t sn, const char *e, size_t en, const char *more)
{
	struct strbuf t = STRBUF_INIT;

	/* The bounds were read as times; escaped all the same. */
	zone_range(tz, s, sn, e, en, &t);
	strbuf_addstr(&t, more);
	strbuf_addstr(out, "<p class=\"meta\">");
	html_escape(out, t.buf, t.len);
	strbuf_addstr(out, "</p>\n");
	strbuf_release(&t);
}

/* Which zone the times are in: its offsets at t0 and t1. */
static void
html_zone(struct strbuf *out, const struct tzspec *tz, int64_t t0,
    int64_t t1)
{
	char a[16], b[16];

	zone_name(tz, t0, a);
	zone_name(tz, t1, b);
	strbuf_addf(out, "<p class=\"meta\">Times in %s%s%s.</p>\n", a,
	    strcmp(a, b) != 0 ? " to " : "", strcmp(a, b) != 0 ? b : "");
}

static void
html_li(struct strbuf *out, uint64_t n, const char *what)
{
	strbuf_addf(out, "<li><b>%llu</b> %s</li>", (unsigned long long)n,
	    what);
}

void
render_html(struct model *md, const struct render_view *view,
    struct strbuf *out)
{
	struct model_counts c;
	struct table t;
	char s[TIMEFMT_LEN], e[TIMEFMT_LEN];
	int64_t t0 = 0, t1 = 0;
	size_t *cols, nc, i, m, shown, more;
	const struct rows *r;
	const struct win *w;
	const char *title = view_title(md);
	const struct tzspec *tz = view != NULL ? view->tz : NULL;
	struct chart_alerts ca;
	int range, *gcol;

	model_counts(md, &c);
	html_begin(out, title, strlen(title));
	strbuf_addstr(out, "<header>\n<h1>");
	html_escape_str(out, title);
	strbuf_addstr(out, "</h1>\n");
	if ((range = view_time_range(md, s, e, &t0, &t1)))
		html_range(out, tz, s, strlen(s), e, strlen(e), "");
	if (range && zone_local(tz))
		html_zone(out, tz, t0, t1);
	strbuf_addstr(out, "<ul class=\"counts\">");
	if (md->windowed)
		html_li(out, c.windows, "windows");
	html_li(out, c.rows, "rows");
	html_li(out, c.alerts, "alerts");
	if (c.firing > 0)
		html_li(out, c.firing, "firing");
	if (c.rejects > 0)
		html_li(out, c.rejects, "rejected");
	if (c.late > 0)
		html_li(out, c.late, "late");
	strbuf_addstr(out, "</ul>\n</header>\n");
	nc = view_cols(md, &cols);
	m = view_first_metric(md, cols, nc);
	if (md->windowed) {
		strbuf_addstr(out, "<h2>Metrics over time</h2>\n");
		gcol = group_colours(md, m);
		chart_alerts(md, cols, nc, &ca);
		for (i = 0; i < nc; i++)
			if (view_kind(md, cols[i]) == VIEW_METRIC)
				html_metric_chart(md, cols[i], gcol, &ca, tz,
				    out);
		free(ca.sp);
		free(ca.named);
		free(gcol);
		w = &md->win[view_latest(md, &r)];
		strbuf_addstr(out, "<h2>Latest window</h2>\n");
		strbuf_reset(&md->sb);
		strbuf_addf(&md->sb, ", %llu row%s",
		    (unsigned long long)w->rows, w->rows == 1 ? "" : "s");
		html_range(out, tz, w->start, w->slen, w->end, w->elen,
		    md->sb.buf);
	} else
		strbuf_addstr(out, "<h2>Records</h2>\n");
	view_main_table(md, 1, &t, &shown, &more);
	if (t.nrows > 0)
		put_table(out, &t, tz);
	else
		strbuf_addstr(out, "<p class=\"empty\">No rows.</p>\n");
	if (more > 0)
		strbuf_addf(out, "<p class=\"note\">The top %zu of %zu rows."
		    "</p>\n", shown, shown + more);
	table_release(&t);
	if (md->windowed) {
		for (i = 0; i < nc; i++)
			if (view_kind(md, cols[i]) == VIEW_KEY &&
			    md->col[cols[i]].values.n > 0)
				break;
		if (i < nc)
			strbuf_addstr(out, "<h2>Top values</h2>\n");
		m = view_first_mergeable(md, cols, nc);
		for (; i < nc; i++)
			if (view_kind(md, cols[i]) == VIEW_KEY)
				html_top_table(md, cols[i], m, out);
	}
	if (md->nal > 0)
		html_alerts(md, c.firing, range ? t0 : 0, range ? t1 : 0, tz,
		    out);
	if (c.rejects > 0 || c.late > 0) {
		strbuf_addstr(out, "<h2>Rejected and late records</h2>\n");
		strbuf_addf(out, "<p class=\"meta\">%llu rejected upstream, "
		    "%llu without a window (late).</p>\n",
		    (unsigned long long)c.rejects,
		    (unsigned long long)c.late);
		if (md->nrej > 0) {
			view_rejects_table(md, &t);
			put_table(out, &t, tz);
			table_release(&t);
		}
	}
	html_end(out);
	free(cols);
}
