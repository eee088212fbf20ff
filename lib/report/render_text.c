/* SPDX-License-Identifier: MIT */
/* render_text.c -- the report as a table on a terminal, or as Markdown. */
#include <stdio.h>
#include <string.h>

#include "report/render.h"
#include "report/text.h"
#include "report/view.h"
#include "report/zone.h"
#include "time/timefmt.h"

static const struct render_view no_view = { .width = 0 };

/* The one layout of both, in the notation f. */
static void
render_doc(struct model *md, const struct text *f, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct table t;
	char s[TIMEFMT_LEN], e[TIMEFMT_LEN];
	int64_t t0, t1;
	size_t shown, more;
	const struct rows *r;
	const struct win *w;
	const struct tzspec *tz = f->view->tz;

	view_main_table(md, 1, &t, &shown, &more);
	zone_table(&t, tz);
	if (view_bare(md)) {
		if (t.nrows > 0) {
			text_table(f, &t, out);
			text_more(f, shown, more, out);
		}
		table_release(&t);
		return;
	}
	text_heading(f, 1, view_title(md), strlen(view_title(md)), out);
	if (!f->md)
		strbuf_addch(out, '\n');
	if (view_time_range(md, s, e, &t0, &t1)) {
		zone_range(tz, s, strlen(s), e, strlen(e), &sb);
		text_line(f, sb.buf, sb.len, out);
	}
	strbuf_reset(&sb);
	view_counts_line(md, &sb);
	text_line(f, sb.buf, sb.len, out);
	if (md->windowed) {
		w = &md->win[view_latest(md, &r)];
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "Latest window: ");
		zone_range(tz, w->start, w->slen, w->end, w->elen, &sb);
		strbuf_addf(&sb, ", %llu row%s", (unsigned long long)w->rows,
		    w->rows == 1 ? "" : "s");
		text_section(out);
		text_heading(f, 2, sb.buf, sb.len, out);
		if (t.nrows > 0) {
			text_table(f, &t, out);
			text_more(f, shown, more, out);
		} else
			text_line(f, "(no rows)", 9, out);
		table_release(&t);
		text_section(out);
		text_heading(f, 2, "Windows", 7, out);
		strbuf_reset(&sb);
		view_windows_table(md, 1, &t, &sb);
		zone_table(&t, tz);
		text_table(f, &t, out);
		text_under(f, sb.buf, sb.len, out);
		if (view_has_states(md)) {
			table_release(&t);
			text_section(out);
			text_heading(f, 2, "Totals", 6, out);
			view_totals_table(md, 1, &t);
			text_table(f, &t, out);
		}
	} else if (t.nrows > 0) {
		text_section(out);
		text_heading(f, 2, "Records", 7, out);
		text_table(f, &t, out);
		text_more(f, shown, more, out);
	}
	table_release(&t);
	if (md->nal > 0) {
		text_section(out);
		text_heading(f, 2, "Alerts", 6, out);
		view_alerts_table(md, 0, &t);
		zone_table(&t, tz);
		text_table(f, &t, out);
		table_release(&t);
	}
	if (md->nrejects > 0) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "Rejected records: %llu",
		    (unsigned long long)md->nrejects);
		if (md->nrejects > md->nrej)
			strbuf_addf(&sb, " (the first %zu)", md->nrej);
		text_section(out);
		text_heading(f, 2, sb.buf, sb.len, out);
		view_rejects_table(md, &t);
		zone_table(&t, tz);
		text_table(f, &t, out);
		table_release(&t);
	}
	strbuf_release(&sb);
}

void
render_table(struct model *md, const struct render_view *view,
    struct strbuf *out)
{
	struct text f = { 0, view != NULL ? view : &no_view };

	render_doc(md, &f, out);
}

void
render_markdown(struct model *md, const struct render_view *view,
    struct strbuf *out)
{
	struct render_view v = { .tz = view != NULL ? view->tz : NULL };
	struct text f = { 1, &v };

	render_doc(md, &f, out);
}
