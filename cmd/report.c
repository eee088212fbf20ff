/* SPDX-License-Identifier: MIT */
/* report.c -- tables, Markdown, CSV, JSON, HTML reports and a live view. */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/atomic.h"
#include "io/term.h"
#include "json/record.h"
#include "report/live.h"
#include "report/model.h"
#include "report/render.h"
#include "report/table.h"
#include "runtime/opt.h"
#include "runtime/tool.h"

static const char usage[] =
"usage: report [-huV] [-f table|markdown|csv|json|html] [-o file]\n"
"              [--title text] [--top n] [--columns a,b,c] [-g keys] [--live]\n"
"              [--rate n] [--csv-raw] [--stats] [--max-line size] [file ...]\n"
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
"      --live           on a terminal, redraw as windows close; else\n"
"                       append a table per closed window\n"
"      --rate N         redraw at most N times a second (default 4)\n"
"      --csv-raw        -f csv: cells as they are, even those a spreadsheet\n"
"                       would run as formulas (default: a ' in front)\n"
"      --stats          print counts on stderr at exit\n"
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
	OPT_CSV_RAW
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
	{ "csv-raw",	no_argument,		NULL,	OPT_CSV_RAW },
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
	struct term		 term;
	int			 colour;
	int			 csv_raw;	/* --csv-raw */
	struct record		 rec;
	struct strbuf		 sb;
	uint64_t		 skipped;
};

/* The whole report, to -o or stdout. */
static void
write_report(struct report *g)
{
	struct render_view view;
	struct sluice_err e;
	int cols;

	memset(&view, 0, sizeof(view));
	view.csv_raw = g->csv_raw;
	if (g->outpath == NULL && isatty(STDOUT_FILENO)) {
		view.width = term_size(STDOUT_FILENO, NULL, &cols) == 0 ?
		    (size_t)cols : 80;
		view.colour = g->colour;
	}
	strbuf_reset(&g->sb);
	g->fmt->render(g->md, &view, &g->sb);
	if (g->outpath != NULL) {
		if (atomic_write(g->outpath, g->sb.buf != NULL ? g->sb.buf :
		    "", g->sb.len, &e) == -1)
			errx(EXIT_TROUBLE, "%s", e.msg);
	} else if (g->sb.len > 0)
		output_write(&g->t.out, g->sb.buf, g->sb.len);
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
	view.width = (size_t)g->term.cols;
	view.height = (size_t)g->term.rows;
	view.colour = g->colour;
	strbuf_reset(&g->sb);
	live_draw(g->md, &view, &g->sb);
	term_draw(&g->term, g->sb.buf != NULL ? g->sb.buf : "", g->sb.len);
}

/* Input is about to wait or refill: redraw if due. */
static int64_t
on_tick(void *arg, int64_t now)
{
	struct report *g = arg;

	if (g->tty && term_changed(&g->term))
		g->dirty = 1;
	if (!g->dirty)
		return -1;
	if (now >= g->next_draw)
		draw(g, now);
	return g->dirty ? g->next_draw : -1;
}

/* Append what the closed window (or snapshot) brought, at once. */
static void
append_update(struct report *g)
{
	struct render_view view;

	memset(&view, 0, sizeof(view));
	strbuf_reset(&g->sb);
	live_update(g->md, &view, &g->sb);
	if (g->sb.len > 0) {
		output_write(&g->t.out, g->sb.buf, g->sb.len);
		output_flush(&g->t.out);
	}
}

static void
do_line(struct report *g, const struct line *ln)
{
	struct sluice_err e;
	enum model_kind k;

	if (ln->len == 0 || strspn(ln->p, " \t") == ln->len) {
		g->skipped++;
		return;
	}
	if (record_parse(&g->rec, ln->p, ln->len, &e) == -1) {
		tool_reject_line(&g->t, ln, e.col, e.msg);
		return;
	}
	k = model_add(g->md, &g->rec);
	if (!g->live)
		return;
	if (!g->tty && g->outpath == NULL) {
		if (k == MODEL_CLOSE || k == MODEL_SNAPSHOT)
			append_update(g);
		return;
	}
	/* The view (or -o) changes on markers, alerts and plain rows. */
	if (k == MODEL_CLOSE || k == MODEL_SNAPSHOT || k == MODEL_ALERT ||
	    (k == MODEL_RECORD && g->tty)) {
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
		case OPT_CSV_RAW:
			g->csv_raw = 1;
			break;
		default:
			tool_usage(&g->t, EXIT_TROUBLE);
		}
	}
	if (g->live && g->outpath == NULL && g->fmt->render != render_table)
		errx(EXIT_TROUBLE, "--live shows tables; use -o file for "
		    "-f %s", g->fmt->name);
	if (g->csv_raw && g->fmt->render != render_csv)
		errx(EXIT_TROUBLE, "--csv-raw is for -f csv, not -f %s",
		    g->fmt->name);
}

int
main(int argc, char *argv[])
{
	struct report g;
	struct model_counts c;
	struct render_view view;
	struct line ln;
	const char *nc;

	memset(&g, 0, sizeof(g));
	tool_init(&g.t, "report", usage, argv);
	g.fmt = render_format("table");
	g.rate = 4;
	parse_options(&g, argc, argv);
	argc -= optind;
	argv += optind;

	table_locale_init();
	nc = getenv("NO_COLOR");
	g.colour = isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0') &&
	    (getenv("TERM") == NULL || strcmp(getenv("TERM"), "dumb") != 0);
	g.interval = (int64_t)(1000 / g.rate);
	g.mo.keep_all = g.fmt->keep_all;
	g.md = model_new(&g.mo);
	tool_open(&g.t, argc, argv, 0);
	input_set_tick(g.t.in, on_tick, &g);
	if (g.live && g.outpath == NULL && isatty(STDOUT_FILENO)) {
		g.tty = 1;
		term_open(&g.term, &g.t.out);
		g.dirty = 1;
	}

	while (tool_next_line(&g.t, &ln))
		do_line(&g, &ln);

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
		append_update(&g);
	else if (!g.t.stop || g.outpath == NULL)
		write_report(&g);

	model_counts(g.md, &c);
	tool_stats(&g.t, "lines_in=%llu rows=%llu alerts=%llu rejects=%llu "
	    "late=%llu ctl=%llu skipped=%llu malformed=%llu",
	    (unsigned long long)g.t.lines_in, (unsigned long long)c.rows,
	    (unsigned long long)c.alerts, (unsigned long long)c.rejects,
	    (unsigned long long)c.late, (unsigned long long)c.ctl,
	    (unsigned long long)g.skipped,
	    (unsigned long long)g.t.rejected);
	model_free(g.md);
	path_list_free(g.mo.cols, g.mo.ncols);
	path_list_free(g.mo.keys, g.mo.nkeys);
	record_release(&g.rec);
	strbuf_release(&g.sb);
	return tool_finish(&g.t);
}
