/* SPDX-License-Identifier: MIT */
/* live.c -- the live view of a report, and the log of its updates. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/term.h"
#include "report/live.h"
#include "report/text.h"
#include "report/view.h"
#include "report/zone.h"
#include "time/duration.h"
#include "time/timefmt.h"

#define SPARK_METRICS	8	/* sparklines on the live screen */
#define LIVE_ALERTS	5	/* firing alerts on the live screen */

static void
sparkline(struct strbuf *out, const double *v, size_t n)
{
	static const char *const bars[] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
		"\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
		"\xe2\x96\x87", "\xe2\x96\x88"
	};
	double lo = INFINITY, hi = -INFINITY;
	size_t i, k;

	for (i = 0; i < n; i++)
		if (!isnan(v[i])) {
			lo = v[i] < lo ? v[i] : lo;
			hi = v[i] > hi ? v[i] : hi;
		}
	for (i = 0; i < n; i++) {
		if (isnan(v[i])) {
			strbuf_addch(out, ' ');
			continue;
		}
		k = hi > lo ? (size_t)((v[i] - lo) / (hi - lo) * 7.999) : 0;
		strbuf_addstr(out, bars[k > 7 ? 7 : k]);
	}
}

/* Append the first max lines of text (all if max is 0); returns count. */
static size_t
add_lines(struct strbuf *out, const char *s, size_t n, size_t max)
{
	const char *p, *end, *nl;
	size_t k = 0;

	if (n == 0)		/* s may be NULL: no NULL + 0 */
		return 0;
	p = s;
	end = s + n;
	while (p < end && (max == 0 || k < max)) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		strbuf_add(out, p, (size_t)(nl - p));
		strbuf_addch(out, '\n');
		k++;
		p = nl < end ? nl + 1 : end;
	}
	return k;
}

static size_t
count_lines(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

/* A screen being drawn: lines used so far, of height (0: no limit). */
struct screen {
	struct strbuf	*out;
	struct strbuf	 tmp;
	size_t		 width;
	size_t		 height;
	size_t		 used;
	int		 colour;
	const struct tzspec *tz;	/* times shown in this zone */
};

/* Whether n more lines fit. */
static int
fits(const struct screen *sc, size_t n)
{
	return sc->height == 0 || sc->used + n <= sc->height;
}

/*
 * One line: s[0..n) made safe, cut to the width, in the style given
 * (TERM_RESET: plain) when in colour.
 */
static void
put_line(struct screen *sc, const char *s, size_t n, enum term_seq style)
{
	int styled = sc->colour && style != TERM_RESET;

	strbuf_reset(&sc->tmp);
	table_sanitize(&sc->tmp, s, n);
	if (styled)
		strbuf_addstr(sc->out, term_seq(style));
	if (sc->width > 0)
		table_fit(sc->out, sc->tmp.buf, sc->tmp.len, sc->width);
	else
		strbuf_add(sc->out, sc->tmp.buf, sc->tmp.len);
	if (styled)
		strbuf_addstr(sc->out, term_seq(TERM_RESET));
	strbuf_addch(sc->out, '\n');
	sc->used++;
}

static void
blank_line(struct screen *sc)
{
	strbuf_addch(sc->out, '\n');
	sc->used++;
}

int
live_quiet(const struct render_view *view)
{
	return view->quiet_ms > 0 && view->idle_ms >= view->quiet_ms;
}

/* Append the age of the last record, in whole seconds: "2m14s". */
static void
add_age(const struct render_view *view, struct strbuf *out)
{
	char buf[DURATION_LEN];

	duration_format(view->idle_ms / 1000 * 1000000000, buf);
	strbuf_addstr(out, buf);
}

/* Append "no data for 2m14s; is the pipeline running?". */
static void
quiet_text(const struct render_view *view, struct strbuf *out)
{
	strbuf_addstr(out, "no data for ");
	add_age(view, out);
	strbuf_addstr(out, "; is the pipeline running?");
}

void
live_quiet_note(const struct render_view *view, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct text tf;

	tf.md = 0;
	tf.view = view;
	quiet_text(view, &sb);
	text_line(&tf, sb.buf, sb.len, out);
	strbuf_addch(out, '\n');
	strbuf_release(&sb);
}

/*
 * The status line: that the input went quiet (in red), or the time of
 * the last record and its age, or that none came yet.
 */
static void
draw_status(const struct render_view *view, struct screen *sc)
{
	struct strbuf sb = STRBUF_INIT;
	char ts[TIMEFMT_LEN];
	int quiet;

	if ((quiet = live_quiet(view)))
		quiet_text(view, &sb);
	else if (view->updated != 0) {
		zone_format(view->tz, view->updated / 1000000 * 1000000, 3, ts);
		strbuf_addf(&sb, "last update %s (", ts);
		add_age(view, &sb);
		strbuf_addstr(&sb, " ago)");
	} else
		strbuf_addstr(&sb, "waiting for records");
	put_line(sc, sb.buf, sb.len, quiet ? TERM_RED : TERM_RESET);
	strbuf_release(&sb);
}

/*
 * The title (bold) with the window shown, the counts, the status line
 * (view->status), a blank line.
 */
static void
draw_head(struct model *md, const struct render_view *view,
    struct screen *sc)
{
	struct strbuf sb = STRBUF_INIT;
	const struct rows *r;
	const struct win *w;
	const char *s, *e;
	size_t i, j, wi;

	strbuf_addstr(&sb, view_title(md));
	if (view_open(md, &r, &s, &e)) {
		strbuf_addstr(&sb, ": ");
		zone_range(view->tz, s, strlen(s), e, strlen(e), &sb);
		strbuf_addstr(&sb, " (open)");
	} else if (md->windowed && (wi = view_latest(md, &r)) != NO_INDEX) {
		w = &md->win[wi];
		strbuf_addstr(&sb, ": ");
		zone_range(view->tz, w->start, w->slen, w->end, w->elen, &sb);
	}
	strbuf_addch(&sb, '\n');
	view_counts_line(md, &sb);
	for (i = 0, j = 0; i <= sb.len; i++) {
		if (i < sb.len && sb.buf[i] != '\n')
			continue;
		put_line(sc, sb.buf + j, i - j, j == 0 ? TERM_BOLD :
		    TERM_RESET);
		j = i + 1;
	}
	if (view->status)
		draw_status(view, sc);
	blank_line(sc);
	/* Counted as three lines (four), even if --title holds breaks. */
	sc->used = view->status ? 4 : 3;
	strbuf_release(&sb);
}

/* The rows shown, leaving room for below lines under them. */
static void
draw_rows(struct model *md, struct screen *sc, size_t below)
{
	struct table_style st;
	struct table t;
	struct strbuf tb = STRBUF_INIT;
	size_t lines, room, shown, more;

	view_main_table(md, 1, &t, &shown, &more);
	zone_table(&t, sc->tz);
	st.width = sc->width;
	st.colour = sc->colour;
	if (t.nrows > 0)
		table_render_text(&t, &st, &tb);
	else
		strbuf_addstr(&tb, "(no rows)\n");
	table_release(&t);
	lines = count_lines(tb.buf, tb.len);
	room = sc->height == 0 ? lines : sc->height > sc->used + below + 3 ?
	    sc->height - sc->used - below : 3;
	if (lines <= room)
		sc->used += add_lines(sc->out, tb.buf, tb.len, 0);
	else {
		sc->used += add_lines(sc->out, tb.buf, tb.len, room - 1);
		strbuf_addf(sc->out, "%s %zu more rows\n", table_ellipsis(),
		    lines - (room - 1));
		sc->used++;
	}
	if (more > 0 && fits(sc, 1)) {
		strbuf_addf(sc->out, "(top %zu of %zu rows)\n", shown,
		    shown + more);
		sc->used++;
	}
	strbuf_release(&tb);
}

/* The metric columns that get a sparkline, in mc; returns how many. */
static size_t
spark_metrics(const struct model *md, size_t mc[SPARK_METRICS])
{
	size_t *cols, nc, i, nm = 0;

	nc = view_cols(md, &cols);
	for (i = 0; i < nc && nm < SPARK_METRICS && md->nwin > 0; i++)
		if (view_kind(md, cols[i]) == VIEW_METRIC)
			mc[nm++] = cols[i];
	free(cols);
	return nm;
}

/* A sparkline per metric mc[0..nm) over the last windows, the last value. */
static void
draw_sparks(struct model *md, struct screen *sc, const size_t *mc,
    size_t nm)
{
	struct strbuf sb = STRBUF_INIT, lab = STRBUF_INIT;
	const struct win *w;
	struct view_rule rule;
	size_t *order, i, j, k, labw = 0, valw = 12;
	double *v;
	int refused;

	if (nm == 0 || !fits(sc, 2))
		return;
	blank_line(sc);
	for (i = 0; i < nm; i++) {
		k = table_width(md->col[mc[i]].name, md->col[mc[i]].nlen);
		labw = k > labw ? k : labw;
	}
	labw = labw > 20 ? 20 : labw;
	k = sc->width > labw + valw + 4 ? sc->width - labw - valw - 4 : 10;
	k = k > md->nwin ? md->nwin : k;
	order = view_windows_sorted(md);
	v = xreallocarray(NULL, k ? k : 1, sizeof(*v));
	for (i = 0; i < nm && fits(sc, 1); i++) {
		view_rule(md, mc[i], &rule);
		refused = 0;
		for (j = 0; j < k; j++) {
			w = &md->win[order[md->nwin - k + j]];
			v[j] = view_window_value(&rule, w, mc[i]);
			refused |= view_window_refused(&rule, w, mc[i]);
		}
		strbuf_reset(&sb);
		strbuf_reset(&lab);
		table_sanitize(&lab, md->col[mc[i]].name, md->col[mc[i]].nlen);
		j = table_fit(&sb, lab.buf, lab.len, labw);
		while (j++ < labw)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, "  ");
		if (refused) {
			/* Not a line with holes: say why there is none. */
			strbuf_addch(&sb, '(');
			view_merge_why(md, mc[i], &sb);
			strbuf_addch(&sb, ')');
		} else {
			sparkline(&sb, v, k);
			strbuf_addstr(&sb, "  ");
			if (k > 0 && !isnan(v[k - 1]))
				table_real(&sb, v[k - 1]);
		}
		put_line(sc, sb.buf, sb.len, TERM_RESET);
	}
	free(v);
	free(order);
	strbuf_release(&sb);
	strbuf_release(&lab);
}

/* The nf alerts flagged in firing, in red, at most LIVE_ALERTS. */
static void
draw_firing(struct model *md, struct screen *sc, const unsigned char *firing,
    size_t nf)
{
	struct strbuf sb = STRBUF_INIT;
	const struct alert *a;
	size_t i, k;

	if (nf == 0 || !fits(sc, 2))
		return;
	blank_line(sc);
	for (i = 0, k = 0; i < md->nal && fits(sc, 1); i++) {
		if (!firing[i])
			continue;
		if (k++ == LIVE_ALERTS) {
			strbuf_addf(sc->out, "%s %zu more firing\n",
			    table_ellipsis(), nf - LIVE_ALERTS);
			sc->used++;
			break;
		}
		a = &md->al[i];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "FIRING %s", a->rule);
		if (a->labels[0])
			strbuf_addf(&sb, " %s", a->labels);
		if (a->severity[0])
			strbuf_addf(&sb, " [%s]", a->severity);
		strbuf_addf(&sb, " since %s", a->since[0] ? a->since : a->at);
		if (a->value[0])
			strbuf_addf(&sb, " value %s", a->value);
		if (a->message[0])
			strbuf_addf(&sb, ": %s", a->message);
		put_line(sc, sb.buf, sb.len, TERM_RED);
	}
	strbuf_release(&sb);
}

void
live_draw(struct model *md, const struct render_view *view,
    struct strbuf *out)
{
	struct screen sc;
	unsigned char *firing;
	uint64_t nf;
	size_t mc[SPARK_METRICS], nm, below;

	memset(&sc, 0, sizeof(sc));
	sc.out = out;
	sc.width = view->width;
	sc.height = view->height;
	sc.colour = view->colour;
	sc.tz = view->tz;
	draw_head(md, view, &sc);
	nm = spark_metrics(md, mc);
	firing = model_firing(md, &nf);
	/* The lines under the table: a sparkline per metric, the alerts. */
	below = (nm > 0 ? nm + 1 : 0) + (nf > 0 ? 1 + (nf > LIVE_ALERTS ?
	    LIVE_ALERTS + 1 : (size_t)nf) : 0);
	draw_rows(md, &sc, below);
	draw_sparks(md, &sc, mc, nm);
	draw_firing(md, &sc, firing, (size_t)nf);
	free(firing);
	strbuf_release(&sc.tmp);
}

/*
 * For the log: the heading head[0..n), then the table of the rows
 * r[from, to) (the top ones, with --top), columns cols[0..nc).
 */
static void
update_rows(struct model *md, const struct text *tf, const char *head,
    size_t hn, const struct rows *r, size_t from, size_t to,
    const size_t *cols, size_t nc, struct strbuf *out)
{
	struct table t;
	size_t *idx, n, more;

	text_heading(tf, 2, head, hn, out);
	n = view_pick_rows(md, r, from, to, view_first_metric(md, cols, nc),
	    &idx, &more);
	view_rows_table(md, r, idx, n, cols, nc, 1, &t);
	zone_table(&t, tf->view->tz);
	if (t.nrows > 0)
		text_table(tf, &t, out);
	else
		text_line(tf, "(no rows)", 9, out);
	text_more(tf, n, more, out);
	table_release(&t);
	free(idx);
}

/* For the log: the open window's rows, if new provisional rows came. */
static int
update_open(struct model *md, const struct text *tf, const size_t *cols,
    size_t nc, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	const struct rows *r;
	const char *s, *e;

	if (md->early.updates == md->up_early || !view_open(md, &r, &s, &e))
		return 0;
	md->up_early = md->early.updates;
	strbuf_addstr(&sb, "window ");
	zone_range(tf->view->tz, s, strlen(s), e, strlen(e), &sb);
	strbuf_addf(&sb, " (open), %zu row%s", r->n, r->n == 1 ? "" : "s");
	update_rows(md, tf, sb.buf, sb.len, r, 0, r->n, cols, nc, out);
	strbuf_release(&sb);
	return 1;
}

void
live_update(struct model *md, const struct render_view *view,
    struct strbuf *out)
{
	struct text tf;
	struct strbuf sb = STRBUF_INIT;
	struct table t;
	size_t *cols, nc, n, from = 0, to = 0, wi;
	const struct win *w;
	const struct rows *r = NULL, *wr;
	int shown = 0;

	tf.md = 0;
	tf.view = view;
	nc = view_cols(md, &cols);
	if (md->windowed && (wi = view_latest(md, &wr)) != NO_INDEX &&
	    (wi != md->up_latest || wr->n != md->up_latest_rows)) {
		r = wr;
		w = &md->win[wi];
		strbuf_addstr(&sb, "window ");
		zone_range(view->tz, w->start, w->slen, w->end, w->elen, &sb);
		strbuf_addf(&sb, ", %llu row%s", (unsigned long long)w->rows,
		    w->rows == 1 ? "" : "s");
		from = 0;
		to = r->n;
		md->up_latest = wi;
		md->up_latest_rows = r->n;
	} else if (!md->windowed && md->nsnap > md->up_snap &&
	    md->plain_frame > 0) {
		strbuf_addf(&sb, "snapshot, %zu rows", md->plain_frame);
		r = &md->plain;
		from = 0;
		to = md->plain_frame;
		md->up_snap = md->nsnap;
		md->up_plain = md->nplain;
	} else if (!md->windowed && md->nplain > md->up_plain) {
		view_plain_span(md, &from, &to);
		n = (size_t)(md->nplain - md->up_plain);
		if (to - from > n)
			from = to - n;
		strbuf_addf(&sb, "records, %zu rows", to - from);
		r = &md->plain;
		md->up_plain = md->nplain;
		md->up_snap = md->nsnap;
	}
	if (r != NULL) {
		shown = 1;
		update_rows(md, &tf, sb.buf, sb.len, r, from, to, cols, nc,
		    out);
	}
	shown |= update_open(md, &tf, cols, nc, out);
	if (md->nal > md->up_alerts) {
		text_heading(&tf, 2, "alerts", 6, out);
		view_alerts_table(md, md->up_alerts, &t);
		text_table(&tf, &t, out);
		table_release(&t);
		md->up_alerts = md->nal;
		shown = 1;
	}
	if (shown)
		strbuf_addch(out, '\n');
	free(cols);
	strbuf_release(&sb);
}
