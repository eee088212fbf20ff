/* SPDX-License-Identifier: MIT */
/* report.c -- tables, Markdown, CSV, JSON, HTML reports and a live view. */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/term.h"
#include "json/record.h"
#include "report/live.h"
#include "report/model.h"
#include "report/render.h"
#include "report/table.h"
#include "runtime/opt.h"
#include "runtime/reportcount.h"
#include "runtime/reportout.h"
#include "runtime/tool.h"
#include "time/timefmt.h"

#define QUIET_MIN_MS	60000	/* the default --quiet-after, at least */

static const char usage[] =
"usage: report [-huV] [-f table|markdown|csv|json|html] [-o file]\n"
"              [--title text] [--top n] [--columns a,b,c] [-g keys] [--live]\n"
"              [--rate n] [--quiet-after dur] [--csv-raw] [--tz zone]\n"
"              [--stats] [--max-line size] [file ...]\n"
"\n"
"Turn rows, alerts and records into a table, Markdown, CSV, JSON or a\n"
"self-contained HTML report, or a live view redrawn as windows close.\n"
"\n"
"  -f, --format FMT     table (default), markdown, csv, json, html\n"
"  -o, --output FILE    write to FILE, replaced only when complete\n"
"      --title TEXT     the title (default: sluice report)\n"
"      --top N          lines per chart and values per top table\n"
"                       (default 5); also show only the top N rows by\n"
"                       the first metric\n"
"      --columns LIST   the columns to show: field paths, comma-separated\n"
"  -g, --by LIST        these columns are group keys, even if numeric\n"
"      --live           on a terminal, redraw as rows come, the open\n"
"                       window from provisional rows, the last update;\n"
"                       else append a table per closed window\n"
"      --rate N         redraw at most N times a second (default 4)\n"
"      --quiet-after DUR\n"
"                       --live: say the input went quiet after DUR\n"
"                       without a line (default: twice the window,\n"
"                       at least 1m; 0s: never)\n"
"      --csv-raw        -f csv: cells as they are, even those a spreadsheet\n"
"                       would run as formulas (default: a ' in front)\n"
"      --tz ZONE        times in ZONE: Europe/Paris, +05:30, UTC (default)\n"
"      --stats          print counts on stderr at exit\n"
"      --metrics FILE   Prometheus counts to FILE (--metrics-every 5s)\n"
"      --max-line SIZE  reject longer lines (default 256M)\n"
"  -u, --unbuffered     flush after every record\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n";

enum {
	OPT_TITLE = TOOL_OPT_FIRST_PRIVATE,
	OPT_TOP,
	OPT_COLUMNS,
	OPT_LIVE,
	OPT_RATE,
	OPT_QUIET_AFTER,
	OPT_CSV_RAW,
	OPT_TZ
};

static const struct option longopts[] = {
	TOOL_LONGOPTS,
	{ "format",	required_argument,	NULL,	'f' },
	{ "output",	required_argument,	NULL,	'o' },
	{ "title",	required_argument,	NULL,	OPT_TITLE },
	{ "top",	required_argument,	NULL,	OPT_TOP },
	{ "columns",	required_argument,	NULL,	OPT_COLUMNS },
	{ "by",		required_argument,	NULL,	'g' },
	{ "live",	no_argument,		NULL,	OPT_LIVE },
	{ "rate",	required_argument,	NULL,	OPT_RATE },
	{ "quiet-after", required_argument,	NULL,	OPT_QUIET_AFTER },
	{ "csv-raw",	no_argument,		NULL,	OPT_CSV_RAW },
	{ "tz",		required_argument,	NULL,	OPT_TZ },
	{ NULL,		0,			NULL,	0 }
};

struct report {
	struct tool		 t;
	const struct render_format *fmt;
	const char		*outpath;	/* -o, NULL: stdout */
	struct model_opts	 mo;
	struct model		*md;
	int			 live;
	int			 tty;		/* live view on a terminal */
	double			 rate;
	int64_t			 interval;	/* ms between redraws */
	int64_t			 next_draw;
	int			 dirty;
	int64_t			 quiet_ns;	/* --quiet-after; -1: default */
	int64_t			 last_ms;	/* last line (or start), ms */
	int64_t			 last_wall;	/* the same, wall time (ns) */
	int			 fresh;		/* lines since the last tick */
	int			 noted;		/* log: the quiet note is out */
	int64_t			 shown_age;	/* tty: the age (s) shown */
	int			 shown_quiet;	/* tty: the quiet line shown */
	struct term		 term;
	int			 colour;
	int			 csv_raw;	/* --csv-raw */
	struct tzspec		 tz;		/* --tz (sets TZ for a name) */
	struct record		 rec;
	struct strbuf		 sb;
	struct reportcount	 rc;		/* --stats, --metrics */
};

/* The whole report, to -o or stdout. */
static void
write_report(struct report *g)
{
	struct render_view view = { .csv_raw = g->csv_raw, .tz = &g->tz };

	reportout_write(g->md, g->fmt, &view, g->outpath, g->colour,
	    &g->t.out, &g->sb);
}

/* How the input stands at now (ms), for the live view's status line. */
static void
input_status(const struct report *g, int64_t now, struct render_view *view)
{
	int64_t w;

	view->status = 1;
	view->updated = g->last_wall;
	view->idle_ms = now - g->last_ms;
	if (g->quiet_ns >= 0)
		view->quiet_ms = (g->quiet_ns + 999999) / 1000000;
	else {
		w = model_window_ns(g->md) / 1000000 * 2;
		view->quiet_ms = w > QUIET_MIN_MS ? w : QUIET_MIN_MS;
	}
}

/* The earlier of two times (ms), where -1 is none. */
static int64_t
earlier(int64_t a, int64_t b)
{
	return a == -1 || (b != -1 && b < a) ? b : a;
}

/* Redraw the live view (or rewrite -o) now. */
static void
draw(struct report *g, int64_t now)
{
	struct render_view view;

	g->dirty = 0;
	g->next_draw = now + g->interval;
	if (!g->tty) {
		write_report(g);
		return;
	}
	memset(&view, 0, sizeof(view));
	view.tz = &g->tz;
	view.width = (size_t)g->term.cols;
	view.height = (size_t)g->term.rows;
	view.colour = g->colour;
	input_status(g, now, &view);
	g->shown_age = view.idle_ms / 1000;
	g->shown_quiet = live_quiet(&view);
	strbuf_reset(&g->sb);
	live_draw(g->md, &view, &g->sb);
	term_draw(&g->term, g->sb.buf != NULL ? g->sb.buf : "", g->sb.len);
}

/* Append what came (live_update()), at once; and the quiet note, if due. */
static void
append_update(struct report *g, int quiet)
{
	struct render_view view;

	memset(&view, 0, sizeof(view));
	view.tz = &g->tz;
	strbuf_reset(&g->sb);
	g->dirty = 0;
	live_update(g->md, &view, &g->sb);
	if (quiet) {
		input_status(g, input_now_ms(), &view);
		live_quiet_note(&view, &g->sb);
	}
	if (g->sb.len > 0) {
		output_write(&g->t.out, g->sb.buf, g->sb.len);
		output_flush(&g->t.out);
	}
}

/*
 * The live view on a terminal: redraw when due, and when what the
 * status line says changes (the age in seconds, quiet or not).
 */
static int64_t
tty_tick(struct report *g, int64_t now)
{
	struct render_view view;
	int64_t age;

	memset(&view, 0, sizeof(view));
	input_status(g, now, &view);
	age = view.idle_ms / 1000;
	if (term_changed(&g->term) || age != g->shown_age ||
	    live_quiet(&view) != g->shown_quiet)
		g->dirty = 1;
	if (g->dirty && now >= g->next_draw)
		draw(g, now);
	if (g->dirty)
		return g->next_draw;
	age = g->last_ms + (age + 1) * 1000;
	if (!g->shown_quiet && view.quiet_ms > 0)
		return earlier(age, g->last_ms + view.quiet_ms);
	return age;
}

/* The log of --live: provisional rows at the --rate, the quiet note. */
static int64_t
log_tick(struct report *g, int64_t now)
{
	struct render_view view;
	int quiet;

	memset(&view, 0, sizeof(view));
	input_status(g, now, &view);
	quiet = !g->noted && live_quiet(&view);
	if (quiet || (g->dirty && now >= g->next_draw)) {
		g->next_draw = now + g->interval;
		append_update(g, quiet);
		g->noted |= quiet;
	}
	return earlier(g->dirty ? g->next_draw : -1, !g->noted &&
	    view.quiet_ms > 0 ? g->last_ms + view.quiet_ms : -1);
}

/* Input is about to wait or refill: redraw or append if due. */
static int64_t
on_tick(void *arg, int64_t now)
{
	struct report *g = arg;

	if (g->fresh) {
		g->fresh = 0;
		g->noted = 0;
		g->last_ms = now;
		g->last_wall = timefmt_now();
		g->dirty |= g->tty;
	}
	if (g->tty)
		return tty_tick(g, now);
	if (g->live && g->outpath == NULL)
		return log_tick(g, now);
	if (!g->dirty)
		return -1;
	if (now >= g->next_draw)
		draw(g, now);
	return g->dirty ? g->next_draw : -1;
}

static void
do_line(struct report *g, const struct line *ln)
{
	struct sluice_err e;
	enum model_kind k;
	const char *nc;
	size_t col;

	g->fresh = 1;
	if (ln->len == 0 || strspn(ln->p, " \t") == ln->len) {
		g->rc.skipped++;
		return;
	}
	if (record_parse(&g->rec, ln->p, ln->len, &e) == -1) {
		tool_reject_line(&g->t, ln, e.col, e.msg);
		return;
	}
	model_line(g->md, ln->lineno);
	k = model_add(g->md, &g->rec);
	if (k == MODEL_BAD || k == MODEL_FATAL) {
		nc = model_why(g->md, &col);
		if (k == MODEL_FATAL)
			errx(EXIT_TROUBLE, "%s:%llu: %s", ln->name,
			    (unsigned long long)ln->lineno, nc);
		tool_reject_line(&g->t, ln, col, nc);
	}
	if (k == MODEL_ROW)
		reportcount_guess(&g->rc);
	if (!g->live)
		return;
	if (!g->tty && g->outpath == NULL) {
		if (k == MODEL_CLOSE || k == MODEL_SNAPSHOT)
			append_update(g, 0);
		else if (k == MODEL_EARLY)
			g->dirty = 1;	/* at the next tick, at the --rate */
		return;
	}
	/*
	 * The view (or -o) changes on markers, alerts, and on a terminal
	 * on plain rows and provisional ones.
	 */
	if (k == MODEL_CLOSE || k == MODEL_SNAPSHOT || k == MODEL_ALERT ||
	    ((k == MODEL_RECORD || k == MODEL_EARLY) && g->tty)) {
		g->dirty = 1;
		on_tick(g, input_now_ms());
	}
}

static void
parse_options(struct report *g, int argc, char *argv[])
{
	struct sluice_err e;
	int ch;

	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "f:g:o:", longopts,
	    NULL)) != -1) {
		if (tool_option(&g->t, ch, optarg))
			continue;
		switch (ch) {
		case 'f':
			if ((g->fmt = render_format(optarg)) == NULL)
				opt_fail("-f", optarg, "expected table, "
				    "markdown, csv, json or html");
			break;
		case 'o':
			g->outpath = strcmp(optarg, "-") == 0 ? NULL : optarg;
			break;
		case OPT_TITLE:
			g->mo.title = optarg;
			break;
		case OPT_TOP:
			g->mo.top = (int)opt_int("--top", optarg, 1,
			    INT_MAX / 2);
			g->mo.limit = g->mo.top;
			break;
		case 'g':
			if ((g->mo.nkeys = path_list(optarg, &g->mo.keys,
			    &e)) == -1)
				opt_fail("--by", optarg, "%s", e.msg);
			break;
		case OPT_COLUMNS:
			if ((g->mo.ncols = path_list(optarg, &g->mo.cols,
			    &e)) == -1)
				opt_fail("--columns", optarg, "%s", e.msg);
			break;
		case OPT_LIVE:
			g->live = 1;
			break;
		case OPT_RATE:
			g->rate = opt_positive("--rate", optarg, 1000);
			break;
		case OPT_QUIET_AFTER:
			g->quiet_ns = opt_duration("--quiet-after", optarg, 0);
			break;
		case OPT_CSV_RAW:
			g->csv_raw = 1;
			break;
		case OPT_TZ:
			if (tzspec_parse(optarg, &g->tz, &e) == -1)
				opt_fail("--tz", optarg, "%s", e.msg);
			break;
		default:
			tool_usage(&g->t, EXIT_TROUBLE);
		}
	}
	if (g->live && g->outpath == NULL && g->fmt->render != render_table)
		errx(EXIT_TROUBLE, "--live shows tables; use -o file for "
		    "-f %s", g->fmt->name);
	if (g->quiet_ns >= 0 && !g->live)
		errx(EXIT_TROUBLE, "--quiet-after is for --live");
	if (g->csv_raw && g->fmt->render != render_csv)
		errx(EXIT_TROUBLE, "--csv-raw is for -f csv, not -f %s",
		    g->fmt->name);
}

int
main(int argc, char *argv[])
{
	struct report g;
	struct render_view view;
	struct line ln;
	const char *nc;
	int k;

	memset(&g, 0, sizeof(g));
	tool_init(&g.t, "report", usage, argv);
	g.fmt = render_format("table");
	g.rate = 4;
	g.quiet_ns = -1;
	parse_options(&g, argc, argv);
	argc -= optind;
	argv += optind;

	table_locale_init();
	nc = getenv("NO_COLOR");
	g.colour = isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0') &&
	    (getenv("TERM") == NULL || strcmp(getenv("TERM"), "dumb") != 0);
	g.interval = (int64_t)(1000 / g.rate);
	g.mo.keep_all = g.fmt->keep_all;
	/* Provisional rows are for the live view alone, not for -o. */
	g.mo.early = g.live && g.outpath == NULL;
	g.md = model_new(&g.mo);
	g.rc.md = g.md;
	tool_set_metrics(&g.t, reportcount_metrics, &g.rc);
	tool_open(&g.t, argc, argv, 0);
	tool_set_tick(&g.t, on_tick, &g);
	g.last_ms = input_now_ms();
	if (g.live && g.outpath == NULL && isatty(STDOUT_FILENO)) {
		g.tty = 1;
		term_open(&g.term, &g.t.out);
		g.dirty = 1;
	}

	while (tool_next_line(&g.t, &ln))
		do_line(&g, &ln);
	/* Partial states: the shards checked as aggregate --merge does. */
	if (!g.t.stop && (k = model_finish(g.md, &g.sb)) > 0) {
		if (k == 2)
			errx_data(EXIT_TROUBLE, "partial states: %s", g.sb.buf);
		warnx_data("partial states: %s", g.sb.buf);
		g.t.rv = g.t.rv > 1 ? g.t.rv : 1;
	}

	if (g.tty) {
		term_close(&g.term);
		if (!g.t.stop) {
			/* The last screen stays, in the normal screen. */
			memset(&view, 0, sizeof(view));
			view.width = (size_t)g.term.cols;
			view.colour = g.colour;
			strbuf_reset(&g.sb);
			live_draw(g.md, &view, &g.sb);
			output_write(&g.t.out, g.sb.buf, g.sb.len);
		}
	} else if (g.live && g.outpath == NULL)
		append_update(&g, 0);
	else if (!g.t.stop || g.outpath == NULL)
		write_report(&g);

	reportcount_stats(&g.rc, &g.t);
	model_free(g.md);
	path_list_free(g.mo.cols, g.mo.ncols);
	path_list_free(g.mo.keys, g.mo.nkeys);
	record_release(&g.rec);
	strbuf_release(&g.sb);
	return tool_finish(&g.t);
}
