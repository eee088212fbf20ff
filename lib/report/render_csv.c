/* SPDX-License-Identifier: MIT */
/* render_csv.c -- the report as CSV: the rows, with their windows. */
#include <stdlib.h>

#include "report/render.h"
#include "report/view.h"
#include "stream/stream.h"

/* The plain rows shown. */
static void
csv_plain(struct model *md, const size_t *cols, size_t nc, size_t m,
    unsigned flags, struct strbuf *out)
{
	struct table t;
	size_t *idx, n, more, from, to;

	view_plain_span(md, &from, &to);
	n = view_pick_rows(md, &md->plain, from, to, m, &idx, &more);
	view_rows_table(md, &md->plain, idx, n, cols, nc, 0, &t);
	if (t.nrows > 0 || md->o.cols != NULL)
		table_render_csv(&t, flags, out);
	table_release(&t);
	free(idx);
}

/* Name the column of the window's bound b ("start" or "end"). */
static void
bound_head(struct table *t, size_t i, const char *b, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_add(sb, SK_WINDOW);
	strbuf_addch(sb, '.');
	strbuf_addstr(sb, b);
	table_head(t, i, sb->buf, sb->len);
}

/*
 * The rows of every window in window order, the top ones of each with
 * --top; first the window's bounds, unless --columns chose columns.
 */
static void
csv_windows(struct model *md, const size_t *cols, size_t nc, size_t m,
    unsigned flags, struct strbuf *out)
{
	struct table t;
	size_t *idx, *pick, n, np, i, j, k, c, more, row, extra;
	const struct win *w;

	extra = md->o.cols != NULL ? 0 : 2;
	table_init(&t, nc + extra);
	if (extra) {
		bound_head(&t, 0, "start", &md->sb);
		bound_head(&t, 1, "end", &md->sb);
	}
	for (c = 0; c < nc; c++)
		table_head(&t, extra + c, md->col[cols[c]].name,
		    md->col[cols[c]].nlen);
	idx = view_rows_by_window(md, &n);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && md->all.win[idx[j]] ==
		    md->all.win[idx[i]]; j++)
			;
		w = &md->win[md->all.win[idx[i]]];
		np = view_pick_list(md, &md->all, idx + i, j - i, m, &pick,
		    &more);
		for (k = 0; k < np; k++) {
			if (!view_row_open(md, &md->all, pick[k]))
				continue;
			row = table_row(&t, 0);
			if (extra) {
				table_set(&t, row, 0, w->start, w->slen, 0);
				table_set(&t, row, 1, w->end, w->elen, 0);
			}
			view_row_cells(md, &t, row, extra, cols, nc, 0);
		}
		free(pick);
	}
	table_render_csv(&t, flags, out);
	table_release(&t);
	free(idx);
}

void
render_csv(struct model *md, const struct render_view *view,
    struct strbuf *out)
{
	size_t *cols, nc, m;
	unsigned flags;

	flags = view != NULL && view->csv_raw ? TABLE_CSV_RAW : 0;
	nc = view_cols(md, &cols);
	m = view_first_metric(md, cols, nc);
	if (md->windowed)
		csv_windows(md, cols, nc, m, flags, out);
	else
		csv_plain(md, cols, nc, m, flags, out);
	free(cols);
}
