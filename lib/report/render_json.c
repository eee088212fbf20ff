/* SPDX-License-Identifier: MIT */
/* render_json.c -- the report as one JSON document. */
#include <stdlib.h>
#include <string.h>

#include "json/jsonw.h"
#include "report/render.h"
#include "report/view.h"
#include "time/timefmt.h"

/* One row as a JSON object of the shown columns. */
static void
json_row(struct model *md, const struct rows *r, size_t i,
    const size_t *cols, size_t nc, struct strbuf *out)
{
	struct jval v;
	size_t c;
	int first = 1;

	strbuf_addch(out, '{');
	if (view_row_open(md, r, i))
		for (c = 0; c < nc; c++) {
			if (!view_row_value(md, cols[c], &v))
				continue;
			if (!first)
				strbuf_addch(out, ',');
			first = 0;
			jsonw_string(out, md->col[cols[c]].name,
			    md->col[cols[c]].nlen);
			strbuf_addch(out, ':');
			strbuf_add(out, v.p, v.n);
		}
	strbuf_addch(out, '}');
}

static void
json_rows(struct model *md, const struct rows *r, const size_t *idx,
    size_t n, const size_t *cols, size_t nc, struct strbuf *out)
{
	size_t i;

	strbuf_addch(out, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(out, ',');
		json_row(md, r, idx[i], cols, nc, out);
	}
	strbuf_addch(out, ']');
}

static void
json_names(const struct model *md, const size_t *cols, size_t nc,
    int kind, struct strbuf *out)
{
	size_t i;
	int first = 1;

	strbuf_addch(out, '[');
	for (i = 0; i < nc; i++) {
		if (kind >= 0 && view_kind(md, cols[i]) !=
		    (enum view_kind)kind)
			continue;
		if (!first)
			strbuf_addch(out, ',');
		first = 0;
		jsonw_string(out, md->col[cols[i]].name,
		    md->col[cols[i]].nlen);
	}
	strbuf_addch(out, ']');
}

/*
 * With partial states, the totals (view_totals_table()) as an array of
 * {"group":LABEL,"rows":N,"METRIC":VALUE or null,...}.
 */
static void
json_totals(struct model *md, struct strbuf *out)
{
	struct table t;
	const char *s;
	size_t i, c, n;
	unsigned f;

	view_totals_table(md, 0, &t);
	strbuf_addstr(out, ",\"totals\":[");
	for (i = 0; i < t.nrows; i++) {
		strbuf_addstr(out, i > 0 ? ",{" : "{");
		for (c = 0; c < t.ncols; c++) {
			if (c > 0)
				strbuf_addch(out, ',');
			jsonw_string(out, t.text.buf + t.head[c].off,
			    t.head[c].n);
			strbuf_addch(out, ':');
			s = table_get(&t, i, c, &n, &f);
			if (f & TABLE_MISSING || s == NULL)
				strbuf_addstr(out, "null");
			else if (f & TABLE_NUM)
				strbuf_add(out, s, n);
			else
				jsonw_string(out, s, n);
		}
		strbuf_addch(out, '}');
	}
	strbuf_addch(out, ']');
	table_release(&t);
}

static void
json_str(struct strbuf *out, const char *s)
{
	jsonw_string(out, s, strlen(s));
}

void
render_json(struct model *md, const struct render_view *view,
    struct strbuf *out)
{
	struct model_counts c;
	char s[TIMEFMT_LEN], e[TIMEFMT_LEN];
	int64_t t0, t1;
	size_t *cols, *order, *idx, *byw, nc, n, nall, i, j, k, m, more, from,
	    to;
	const struct win *w;

	model_counts(md, &c);
	nc = view_cols(md, &cols);
	m = view_first_metric(md, cols, nc);
	strbuf_addstr(out, "{\"title\":");
	json_str(out, view_title(md));
	strbuf_addstr(out, ",\"range\":");
	if (view_time_range(md, s, e, &t0, &t1)) {
		strbuf_addstr(out, "{\"start\":");
		json_str(out, s);
		strbuf_addstr(out, ",\"end\":");
		json_str(out, e);
		strbuf_addch(out, '}');
	} else
		strbuf_addstr(out, "{\"start\":null,\"end\":null}");
	strbuf_addf(out, ",\"counts\":{\"records\":%llu,\"windows\":%llu,"
	    "\"alerts\":%llu,\"firing\":%llu,\"rejects\":%llu,\"late\":%llu}",
	    (unsigned long long)c.rows, (unsigned long long)c.windows,
	    (unsigned long long)c.alerts, (unsigned long long)c.firing,
	    (unsigned long long)c.rejects, (unsigned long long)c.late);
	strbuf_addstr(out, ",\"columns\":");
	json_names(md, cols, nc, -1, out);
	strbuf_addstr(out, ",\"keys\":");
	json_names(md, cols, nc, VIEW_KEY, out);
	strbuf_addstr(out, ",\"metrics\":");
	json_names(md, cols, nc, VIEW_METRIC, out);
	if (md->windowed) {
		strbuf_addstr(out, ",\"windows\":[");
		order = view_windows_sorted(md);
		byw = view_rows_by_window(md, &nall);
		for (i = 0, k = 0; i < md->nwin; i++) {
			w = &md->win[order[i]];
			if (i > 0)
				strbuf_addch(out, ',');
			strbuf_addstr(out, "{\"start\":");
			jsonw_string(out, w->start, w->slen);
			strbuf_addstr(out, ",\"end\":");
			jsonw_string(out, w->end, w->elen);
			strbuf_addstr(out, ",\"rows\":");
			for (j = k; j < nall && md->all.win[byw[j]] ==
			    order[i]; j++)
				;
			n = view_pick_list(md, &md->all, byw + k, j - k, m, &idx,
			    &more);
			k = j;
			json_rows(md, &md->all, idx, n, cols, nc, out);
			free(idx);
			strbuf_addch(out, '}');
		}
		strbuf_addch(out, ']');
		free(order);
		free(byw);
		if (view_has_states(md))
			json_totals(md, out);
	} else {
		strbuf_addstr(out, ",\"rows\":");
		view_plain_span(md, &from, &to);
		n = view_pick_rows(md, &md->plain, from, to, m, &idx, &more);
		json_rows(md, &md->plain, idx, n, cols, nc, out);
		free(idx);
	}
	strbuf_addstr(out, ",\"alerts\":[");
	for (i = 0; i < md->nal; i++) {
		if (i > 0)
			strbuf_addch(out, ',');
		strbuf_add(out, md->al[i].raw, md->al[i].rawlen);
	}
	strbuf_addstr(out, "]}\n");
	free(cols);
}
