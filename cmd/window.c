/* SPDX-License-Identifier: MIT */
/* window.c -- assign records to event-time windows and close them. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/window.h"
#include "core/bytes.h"
#include "json/record.h"
#include "runtime/durable.h"
#include "runtime/opt.h"
#include "runtime/tool.h"
#include "stream/stream.h"
#include "time/duration.h"
#include "time/timefmt.h"

static const char usage[] =
"usage: window [-huV] (--tumbling dur | --sliding dur --every dur\n"
"              [--expand] | --session gap [--by keys]) [-t field]\n"
"              [--time-unit unit] [--offset dur] [--lateness dur]\n"
"              [--late drop|pass|file] [--idle dur]\n"
"              [--state file [--drain]] [--reject file] [--stats]\n"
"              [--max-line size] [file ...]\n"
"\n"
"Put each record in its event-time windows and close windows in order.\n"
"\n"
"      --tumbling DUR   windows of DUR, one after the other\n"
"      --sliding DUR    windows of DUR starting every --every DUR\n"
"      --every DUR      the hop of sliding windows\n"
"      --expand         sliding: write each record once per window it is\n"
"                       in, not once with its pane (sluice(7))\n"
"      --session GAP    per key (--by), a window ends after GAP of silence\n"
"  -g, --by KEYS        the session key fields, comma-separated\n"
"  -t, --time FIELD     the event time field (default @timestamp); now:\n"
"                       the time of arrival (processing time)\n"
"      --time-unit U    unit of epoch numbers: s, ms, us, ns (default:\n"
"                       by magnitude, sluice(7))\n"
"      --offset DUR     windows start at the epoch plus DUR\n"
"      --lateness DUR   watermark = latest event time - DUR (default 0)\n"
"      --late WHAT      late records: drop (default), pass, or a file\n"
"      --idle DUR       when input is silent for DUR, let the watermark\n"
"                       follow the wall clock (live use)\n"
"      --state FILE     keep the open windows in FILE across runs and\n"
"                       checkpoints; the end of input is a pause\n"
"      --drain          with --state, close every window at the end\n"
"      --reject FILE    write records without a usable time to FILE\n"
"      --stats          print counts on stderr at exit\n"
"      --metrics FILE   Prometheus counts to FILE (--metrics-every 5s)\n"
"      --max-line SIZE  reject longer lines (default 256M)\n"
"  -u, --unbuffered     flush after every record\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n";

enum {
	OPT_TUMBLING = TOOL_OPT_FIRST_PRIVATE,
	OPT_SLIDING,
	OPT_EVERY,
	OPT_SESSION,
	OPT_TIME_UNIT,
	OPT_OFFSET,
	OPT_LATENESS,
	OPT_LATE,
	OPT_IDLE,
	OPT_EXPAND
};

static const struct option longopts[] = {
	TOOL_LONGOPTS,
	TOOL_REJECT_LONGOPT,
	TOOL_STATE_LONGOPTS,
	{ "tumbling",	required_argument,	NULL,	OPT_TUMBLING },
	{ "sliding",	required_argument,	NULL,	OPT_SLIDING },
	{ "every",	required_argument,	NULL,	OPT_EVERY },
	{ "session",	required_argument,	NULL,	OPT_SESSION },
	{ "by",		required_argument,	NULL,	'g' },
	{ "time",	required_argument,	NULL,	't' },
	{ "time-unit",	required_argument,	NULL,	OPT_TIME_UNIT },
	{ "offset",	required_argument,	NULL,	OPT_OFFSET },
	{ "lateness",	required_argument,	NULL,	OPT_LATENESS },
	{ "late",	required_argument,	NULL,	OPT_LATE },
	{ "idle",	required_argument,	NULL,	OPT_IDLE },
	{ "expand",	no_argument,		NULL,	OPT_EXPAND },
	{ NULL,		0,			NULL,	0 }
};

enum late_policy { LATE_DROP, LATE_PASS, LATE_FILE };

struct win {
	struct tool		 t;
	struct window_spec	 spec;
	struct window		*w;
	int			 panes;		/* sliding, not --expand */
	struct path		*time_path;
	int			 processing_time;	/* -t now */
	struct time_opts	 topts;
	struct path		**by;
	int			 nby;
	enum late_policy	 late;
	struct output		*lateout;
	int64_t			 idle_ms;		/* 0: off */
	int64_t			 last_arrival;		/* monotonic ms */
	struct record		 rec;
	struct strbuf		 key;
	struct durable		 durable;	/* --state */
	char			*config[2];	/* what the state depends on */
	const char		*tfield;	/* -t, as given */
	const char		*by_text;	/* --by, as given */
	uint64_t		 events;	/* records placed in windows */
	uint64_t		 nlate;
	uint64_t		 ctl;
	uint64_t		 skipped;
	int			 restored;	/* read a restore record */
};

static void
emit(void *arg, const char *line, size_t n)
{
	struct win *g = arg;

	tool_emit(&g->t, line, n);
}

/*
 * The input is about to wait.  With --idle, once it has been silent for
 * the idle time, the watermark follows the wall clock from the last
 * event on; with -t now it always does.  Returns when to look again.
 */
static int64_t
on_tick(void *arg, int64_t now)
{
	struct win *g = arg;

	if (g->processing_time)
		return window_tick_wall(g->w, now, timefmt_now());
	return window_tick_idle(g->w, now, g->last_arrival, g->idle_ms);
}

/* --metrics: the counts of --stats, and the watermark. */
static void
put_metrics(void *arg, struct metrics *m)
{
	struct win *g = arg;

	metrics_count(m, "events", g->events);
	metrics_count(m, "records_out", window_written(g->w));
	metrics_count(m, "late", g->nlate);
	metrics_count(m, "ctl", g->ctl);
	metrics_count(m, "skipped", g->skipped);
	metrics_count(m, "windows", window_closed(g->w));
	metrics_watermark(m, window_watermark(g->w));
}

static void
do_late(struct win *g, const struct line *ln)
{
	g->nlate++;
	if (g->late == LATE_PASS)
		tool_emit(&g->t, ln->p, ln->len);
	else if (g->late == LATE_FILE)
		output_line(g->lateout, ln->p, ln->len);
}

static void
do_line(struct win *g, const struct line *ln)
{
	enum stream_ctl kind;
	struct sluice_err e;
	char reason[128];
	int64_t t;
	int prec, r;

	if (g->idle_ms > 0)
		g->last_arrival = input_now_ms();
	if (record_parse(&g->rec, ln->p, ln->len, &e) == -1) {
		tool_reject_line(&g->t, ln, e.col, e.msg);
		return;
	}
	kind = stream_ctl_of(&g->rec);
	if (kind == CTL_RESTORE && !g->restored) {
		/* A stream with barriers is finished, even at a stop. */
		g->restored = 1;
		window_set_stop(g->w, NULL);
	}
	if (g->t.state_path != NULL &&
	    durable_record(&g->durable, &g->rec, kind))
		return;
	if (kind != CTL_NONE) {
		g->ctl++;
		tool_emit(&g->t, ln->p, ln->len);
		return;
	}
	if (g->processing_time)
		t = timefmt_now();
	else if ((r = record_time(&g->rec, g->time_path, &g->topts, &t,
	    &prec)) != 1) {
		snprintf(reason, sizeof(reason), r == 0 ?
		    "no time field '%s'" : "cannot read the time in '%s'",
		    g->time_path->text);
		tool_reject_line(&g->t, ln, 0, reason);
		return;
	}
	if (g->spec.kind == WK_SESSION)
		window_session_key(&g->key, &g->rec, g->by, g->nby);
	if ((r = window_put(g->w, &g->rec, t, g->key.buf, g->key.len)) ==
	    -1) {
		do_late(g, ln);
		return;
	}
	if (r == -2) {
		snprintf(reason, sizeof(reason), "its %s reaches outside "
		    "the time range, 1677-09-21T00:12:44Z to "
		    "2262-04-11T23:47:16.854775807Z", g->spec.kind ==
		    WK_SESSION ? "session" : "window");
		tool_reject_line(&g->t, ln, 0, reason);
		return;
	}
	g->events++;
}

static void
parse_options(struct win *g, int argc, char *argv[])
{
	const char *by = NULL, *tfield = STREAM_TIMESTAMP;
	int ch, kinds = 0, expand = 0;

	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "g:t:", longopts,
	    NULL)) != -1) {
		if (tool_option(&g->t, ch, optarg))
			continue;
		switch (ch) {
		case OPT_TUMBLING:
			g->spec.kind = WK_TUMBLING;
			g->spec.size = opt_duration("--tumbling", optarg,
			    WINDOW_MIN_SIZE);
			kinds++;
			break;
		case OPT_SLIDING:
			g->spec.kind = WK_SLIDING;
			g->spec.size = opt_duration("--sliding", optarg,
			    WINDOW_MIN_SIZE);
			kinds++;
			break;
		case OPT_EVERY:
			g->spec.every = opt_duration("--every", optarg,
			    WINDOW_MIN_SIZE);
			break;
		case OPT_SESSION:
			g->spec.kind = WK_SESSION;
			g->spec.gap = opt_duration("--session", optarg, 1);
			kinds++;
			break;
		case 'g':
			by = optarg;
			break;
		case 't':
			tfield = optarg;
			break;
		case OPT_TIME_UNIT:
			if (time_unit_parse(optarg, &g->topts.unit) == -1)
				opt_fail("--time-unit", optarg,
				    "expected s, ms, us, ns or auto");
			break;
		case OPT_OFFSET:
			g->spec.offset = opt_duration("--offset", optarg, 0);
			break;
		case OPT_LATENESS:
			g->spec.lateness = opt_duration("--lateness", optarg,
			    0);
			break;
		case OPT_LATE:
			if (strcmp(optarg, "drop") == 0)
				g->late = LATE_DROP;
			else if (strcmp(optarg, "pass") == 0)
				g->late = LATE_PASS;
			else {
				g->late = LATE_FILE;
				g->lateout = tool_open_file(&g->t, optarg);
			}
			break;
		case OPT_EXPAND:
			expand = 1;
			break;
		case OPT_IDLE:
			g->idle_ms = opt_duration("--idle", optarg, 1) /
			    NS_PER_MS;
			if (g->idle_ms == 0)
				g->idle_ms = 1;
			break;
		default:
			tool_usage(&g->t, EXIT_TROUBLE);
		}
	}
	if (kinds != 1)
		errx(EXIT_TROUBLE, "give one of --tumbling, --sliding or "
		    "--session");
	if (g->spec.kind == WK_SLIDING && g->spec.every == 0)
		errx(EXIT_TROUBLE, "--sliding needs --every");
	if (g->spec.kind != WK_SLIDING && g->spec.every != 0)
		errx(EXIT_TROUBLE, "--every goes with --sliding");
	if (g->spec.kind != WK_SLIDING && expand)
		errx(EXIT_TROUBLE, "--expand goes with --sliding");
	/* Each record once, in its pane, unless --expand. */
	g->panes = g->spec.kind == WK_SLIDING && !expand;
	if (g->spec.kind == WK_SLIDING && g->spec.every > g->spec.size)
		errx(EXIT_TROUBLE, "--every must not be longer than the "
		    "window (records would fall between windows)");
	if (g->spec.kind == WK_SLIDING &&
	    g->spec.size / WINDOW_MAX_PER_EVENT > g->spec.every)
		errx(EXIT_TROUBLE, "--every must be at least 1/%d of the "
		    "window (each record counts in each of its windows)",
		    WINDOW_MAX_PER_EVENT);
	if (by != NULL && g->spec.kind != WK_SESSION)
		errx(EXIT_TROUBLE, "--by goes with --session");
	if (by != NULL)
		g->nby = opt_paths("--by", by, &g->by);
	g->tfield = tfield;
	g->by_text = by;
	if (strcmp(tfield, "now") == 0)
		g->processing_time = 1;
	else
		g->time_path = opt_path("-t", tfield);
}

static void
state_save(void *arg, struct strbuf *body)
{
	struct win *g = arg;

	window_save(g->w, body);
}

static int
state_load(void *arg, const char *body, size_t n, struct sluice_err *err)
{
	struct win *g = arg;

	window_free(g->w);
	g->w = window_new(&g->spec);
	window_set_output(g->w, emit, g);
	window_set_panes(g->w, g->panes);
	window_set_stop(g->w, g->restored ? NULL : &g->t.stop);
	return window_load(g->w, body, n, err);
}

static void
state_drain(void *arg)
{
	struct win *g = arg;

	window_finish(g->w);
}

static const struct stage_state_ops state_ops = {
	state_save, state_load, state_drain
};

/* --state FILE: the options the windows depend on name the state. */
static void
open_state(struct win *g, const char *tfield, const char *by)
{
	struct snapid who;
	struct strbuf sb = STRBUF_INIT;

	window_spec_text(&g->spec, &sb);
	g->config[0] = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "-t %s --by %s", tfield, by != NULL ? by : "");
	g->config[1] = strbuf_detach(&sb, NULL);
	who.tool = "window";
	who.config = (const char **)g->config;
	who.nconfig = 2;
	durable_open(&g->durable, &g->t, g->t.state_path, &who, &state_ops,
	    g, g->t.drain);
}

/* Say how many records came too late, and what became of them. */
static void
report_late(struct win *g)
{
	char buf[DURATION_LEN];

	duration_format(g->spec.lateness, buf);
	warnx("%llu late record%s %s (--lateness %s)",
	    (unsigned long long)g->nlate, g->nlate == 1 ? "" : "s",
	    g->late == LATE_DROP ? "dropped" : g->late == LATE_PASS ?
	    "passed on without a window" : "written to the late file", buf);
	if (g->t.rv < EXIT_DATA)
		g->t.rv = EXIT_DATA;
}

int
main(int argc, char *argv[])
{
	struct win g;
	struct line ln;

	memset(&g, 0, sizeof(g));
	tool_init(&g.t, "window", usage, argv);
	g.topts.unit = TU_AUTO;
	g.topts.tz.kind = TZ_UTC;
	parse_options(&g, argc, argv);
	argc -= optind;
	argv += optind;

	g.w = window_new(&g.spec);
	window_set_output(g.w, emit, &g);
	window_set_panes(g.w, g.panes);
	window_set_stop(g.w, &g.t.stop);
	tool_set_metrics(&g.t, put_metrics, &g);
	tool_open(&g.t, argc, argv, 0);
	tool_set_tick(&g.t, on_tick, &g);
	if (g.t.state_path != NULL)
		open_state(&g, g.tfield, g.by_text);
	else if (g.t.drain)
		errx(EXIT_TROUBLE, "--drain goes with --state");

	while (tool_next_line(&g.t, &ln)) {
		if (bytes_blank_line(ln.p, ln.len)) {
			g.skipped++;
			continue;
		}
		do_line(&g, &ln);
	}
	if (g.t.state_path != NULL) {
		durable_end(&g.durable);
		durable_close(&g.durable);
		free(g.config[0]);
		free(g.config[1]);
	} else
		window_finish(g.w);

	if (g.nlate > 0)
		report_late(&g);
	if (window_skipped(g.w) > 0)
		warnx("%llu empty windows were skipped, not closed one by "
		    "one (runs of more than %d, or after a stop)",
		    (unsigned long long)window_skipped(g.w), WINDOW_MAX_EMPTY);
	tool_stats(&g.t, "lines_in=%llu events=%llu records_out=%llu "
	    "late=%llu rejected=%llu ctl=%llu skipped=%llu windows=%llu",
	    (unsigned long long)g.t.lines_in,
	    (unsigned long long)g.events,
	    (unsigned long long)window_written(g.w),
	    (unsigned long long)g.nlate, (unsigned long long)g.t.rejected,
	    (unsigned long long)g.ctl, (unsigned long long)g.skipped,
	    (unsigned long long)window_closed(g.w));
	window_free(g.w);
	path_free(g.time_path);
	path_list_free(g.by, g.nby);
	record_release(&g.rec);
	strbuf_release(&g.key);
	return tool_finish(&g.t);
}
