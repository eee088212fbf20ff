/* SPDX-License-Identifier: MIT */
/* render_csv.c -- the report as CSV: the rows, with their windows. */
#include <stdlib.h>

#include "report/render.h"
#include "report/view.h"

void
render_csv(struct model *md, const struct render_view *view,
    struct strbuf *out)
{
	struct table t;
	size_t *cols, *idx, *pick, nc, n, np, i, j, k, c, m, more, from, to,
	    row, extra;
	const struct win *w;

	nc = view_cols(md, &cols);
	m = view_first_metric(md, cols, nc);
	if (!md->windowed) {
		view_plain_span(md, &from, &to);
		n = view_pick_rows(md, &md->plain, from, to, m, &idx, &more);
		view_rows_table(md, &md->plain, idx, n, cols, nc, 0, &t);
		if (t.nrows > 0 || md->o.cols != NULL)
			table_render_csv(&t, out);
		table_release(&t);
		free(idx);
		free(cols);
		return;
	}
	/* Windows: @window.start and @window.end first (unless --columns). */
	extra = md->o.cols != NULL ? 0 : 2;
	table_init(&t, nc + extra);
	if (extra) {
		table_head(&t, 0, "@window.start", 13);
		table_head(&t, 1, "@window.end", 11);
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
	table_render_csv(&t, out);
	table_release(&t);
	free(idx);
	free(cols);
}
