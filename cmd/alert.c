/* SPDX-License-Identifier: MIT */
/* alert.c -- stateful alert rules as a pipe stage. */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "alert/dispatch.h"
#include "core/bytes.h"
#include "json/record.h"
#include "runtime/alertcount.h"
#include "runtime/durable.h"
#include "runtime/opt.h"
#include "runtime/tool.h"
#include "stream/stream.h"
#include "time/timefmt.h"

static const char usage[] =
"usage: alert [-huV] [-r 'name: expr'] ... [--rules file] [-g keys]\n"
"             [--for dur] [--keep-firing-for dur] [--severity s]\n"
"             [-t field] [--renotify dur] [--pending] [--pass] [--early]\n"
"             [--exec cmd [arg ...] ';' | --exec-shell string]\n"
"             [--exec-batch dur|close] [--exec-timeout dur]\n"
"             [--alertmanager url [--generator-url url]]\n"
"             [--exit-status] [--forget dur]\n"
"             [--state file] [--reject file]\n"
"             [--stats] [--max-line size] [file ...]\n"
"\n"
"Evaluate alert rules on records in event time; write transitions.\n"
"\n"
"  -r, --rule 'N: EXPR [K=V ...]'  a rule named N that fires while EXPR\n"
"                          is true; 'N: absent(KEY)' fires for a KEY\n"
"                          missing from a closed window; K=V: message=,\n"
"                          resolved_message=, value=, severity=,\n"
"                          labels=NAME=VALUE,...\n"
"      --rules FILE        rules from a JSON or NDJSON file\n"
"  -g, --by KEYS           group -r rules by these fields\n"
"      --for DUR           -r rules: true this long before firing\n"
"      --keep-firing-for DUR  -r rules: false this long before resolving\n"
"      --severity S        -r rules: the severity (default warning)\n"
"  -t, --time FIELD        event time field (default @timestamp, else\n"
"                          the end of @window)\n"
"      --renotify DUR      repeat a firing alert after DUR of event time\n"
"      --pending           also write pending and inactive transitions\n"
"      --pass              also pass every input record on\n"
"      --early             also evaluate the provisional rows of aggregate\n"
"                          --early: fire before windows close\n"
"      --exec CMD ... ';'  run CMD with each alert on its stdin\n"
"      --exec-shell S      run the shell command S for each alert\n"
"      --exec-batch DUR|close  run the command once for the alerts of a\n"
"                          window close, or of DUR of wall time\n"
"      --exec-timeout DUR  kill a command still running after DUR\n"
"                          (default 10s; a post: 5s)\n"
"      --alertmanager URL  post the alerts of each window close, and\n"
"                          those still firing, to Alertmanager at URL\n"
"      --generator-url URL  the generatorURL of the alerts posted\n"
"      --state FILE        keep the alerts' state in FILE across runs and\n"
"                          checkpoints; never run --exec twice for one alert\n"
"      --exit-status       exit 1 if any alert fired\n"
"      --forget DUR        forget a group not firing and not seen for DUR\n"
"                          of event time (default 1d)\n"
"      --reject FILE       write lines that are not JSON, and records a\n"
"                          rule cannot decide, to FILE\n"
"      --stats             print counts on stderr at exit\n"
"      --metrics FILE      Prometheus counts to FILE (--metrics-every 5s)\n"
"      --max-line SIZE     reject longer lines (default 256M)\n"
"  -u, --unbuffered        flush after every record\n"
"  -h, --help              show this help\n"
"  -V, --version           show the version\n";

enum {
	OPT_RULES = TOOL_OPT_FIRST_PRIVATE,
	OPT_FOR,
	OPT_KEEP,
	OPT_SEVERITY,
	OPT_RENOTIFY,
	OPT_PENDING,
	OPT_PASS,
	OPT_EXEC_SHELL,
	OPT_EXEC_BATCH,
	OPT_EXEC_TIMEOUT,
	OPT_EXIT_STATUS,
	OPT_FORGET,
	OPT_EARLY,
	OPT_AM,
	OPT_GENERATOR
};

static const struct option longopts[] = {
	TOOL_LONGOPTS,
	TOOL_REJECT_LONGOPT,
	{ "rule",		required_argument,	NULL,	'r' },
	{ "rules",		required_argument,	NULL,	OPT_RULES },
	{ "by",			required_argument,	NULL,	'g' },
	{ "for",		required_argument,	NULL,	OPT_FOR },
	{ "keep-firing-for",	required_argument,	NULL,	OPT_KEEP },
	{ "severity",		required_argument,	NULL,	OPT_SEVERITY },
	{ "time",		required_argument,	NULL,	't' },
	TOOL_STATE_LONGOPT,
	{ "renotify",		required_argument,	NULL,	OPT_RENOTIFY },
	{ "pending",		no_argument,		NULL,	OPT_PENDING },
	{ "pass",		no_argument,		NULL,	OPT_PASS },
	{ "exec-shell",		required_argument,	NULL,	OPT_EXEC_SHELL },
	{ "exec-batch",		required_argument,	NULL,	OPT_EXEC_BATCH },
	{ "exec-timeout",	required_argument,	NULL,	OPT_EXEC_TIMEOUT },
	{ "exit-status",	no_argument,		NULL,	OPT_EXIT_STATUS },
	{ "forget",		required_argument,	NULL,	OPT_FORGET },
	{ "early",		no_argument,		NULL,	OPT_EARLY },
	{ "alertmanager",	required_argument,	NULL,	OPT_AM },
	{ "generator-url",	required_argument,	NULL,	OPT_GENERATOR },
	{ NULL,			0,			NULL,	0 }
};

struct alertcmd {
	struct tool		 t;
	struct alert_rule	*rules;
	size_t			 nrules;
	struct alerter		*engine;
	struct alert_opts	 o;
	struct path		*time_path;
	struct time_opts	 topts;
	int			 pass;
	int			 early;		/* --early */
	int			 exit_status;
	struct dispatch		 d;		/* --exec, --exec-batch */
	struct durable		 durable;	/* --state */
	char			**state_cfg;	/* the rules' texts */
	int64_t			 last_t;	/* for records without a time */
	struct record		 rec;
	struct alertcount	 c;		/* --stats, --metrics */
};

/* What dispatch_*() returned: a failed command is a warning. */
static void
dispatched(int rv, const struct sluice_err *e)
{
	if (rv == -1)
		errx(EXIT_TROUBLE, "--state: %s", e->msg);
	if (rv == 1)
		warnx_data("%s", e->msg);
}

static void
on_alert(void *arg, const char *json, size_t n, const char *rule,
    const char *state)
{
	struct alertcmd *a = arg;
	struct sluice_err e;

	a->c.alerts++;
	tool_emit(&a->t, json, n);
	dispatched(dispatch_alert(&a->d, json, n, rule, state, a->durable.id,
	    &e), &e);
}

/* The command sees the alerts after the stream has them. */
static void
before_run(void *arg)
{
	struct alertcmd *a = arg;

	output_flush(&a->t.out);
}

/* --exec-batch DUR: run a batch whose time is up. */
static int64_t
on_tick(void *arg, int64_t now)
{
	struct alertcmd *a = arg;
	struct sluice_err e;

	dispatched(dispatch_tick(&a->d, now, a->durable.id, &e), &e);
	return dispatch_deadline(&a->d);
}

static void
do_line(struct alertcmd *a, const struct line *ln)
{
	enum stream_ctl kind;
	const char *why;
	struct sluice_err e;
	struct jval w;
	int64_t t, ws, wend = INT64_MIN;
	int prec, untimed;

	if (record_parse(&a->rec, ln->p, ln->len, &e) == -1) {
		tool_reject_line(&a->t, ln, e.col, e.msg);
		return;
	}
	kind = stream_ctl_of(&a->rec);
	if (a->t.state_path != NULL &&
	    durable_record(&a->durable, &a->rec, kind))
		return;
	if (!stream_get_window(&a->rec, &w) ||
	    stream_window_bounds(&w, &ws, &wend) == -1)
		wend = INT64_MIN;
	if (kind != CTL_NONE) {
		a->c.ctl++;
		/* A closed window: evaluate first, then pass the marker. */
		if (wend != INT64_MIN) {
			if (wend > a->last_t)
				a->last_t = wend;
			alerter_close(a->engine, ws, wend, w.p, w.n, on_alert,
			    a);
			if (a->d.batch_close)
				dispatched(dispatch_flush(&a->d,
				    a->durable.id, &e), &e);
		}
		tool_emit(&a->t, ln->p, ln->len);
		return;
	}
	/* Aggregate rows: the end of their window. */
	if ((untimed = record_time(&a->rec, a->time_path, &a->topts, &t,
	    &prec) != 1))
		t = wend != INT64_MIN ? wend : a->last_t;
	if (a->pass)
		tool_emit(&a->t, ln->p, ln->len);
	if (stream_is_provisional(&a->rec)) {
		/* Evaluated with --early only; the clock does not move. */
		a->c.provisional++;
		why = a->early ? alerter_provisional(a->engine, &a->rec, t,
		    wend, on_alert, a) : NULL;
	} else {
		a->c.records++;
		a->c.untimed += untimed && wend == INT64_MIN;
		if (t > a->last_t)
			a->last_t = t;
		why = alerter_record(a->engine, &a->rec, t, wend, on_alert,
		    a);
	}
	if (why != NULL)
		tool_reject_line(&a->t, ln, 0, why);
}

/* Add arg to the list *v of *n strings. */
static void
push_arg(const char ***v, size_t *n, const char *arg)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = arg;
}

static void
parse_options(struct alertcmd *a, int argc, char *argv[])
{
	struct alert_cli cli;
	struct sluice_err e;
	const char *tfield = STREAM_TIMESTAMP;
	int ch;

	memset(&cli, 0, sizeof(cli));
	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "r:g:t:",
	    longopts, NULL)) != -1) {
		if (tool_option(&a->t, ch, optarg))
			continue;
		switch (ch) {
		case 'r':
			push_arg(&cli.rules, &cli.nrules, optarg);
			break;
		case OPT_RULES:
			push_arg(&cli.files, &cli.nfiles, optarg);
			break;
		case 'g':
			path_list_free(cli.by, cli.nby);
			cli.nby = opt_paths("--by", optarg, &cli.by);
			break;
		case OPT_FOR:
			cli.for_ns = opt_duration("--for", optarg, 0);
			break;
		case OPT_KEEP:
			cli.keep_firing_ns = opt_duration("--keep-firing-for",
			    optarg, 0);
			break;
		case OPT_SEVERITY:
			cli.severity = optarg;
			break;
		case 't':
			tfield = optarg;
			break;
		case OPT_RENOTIFY:
			a->o.renotify_ns = opt_duration("--renotify", optarg,
			    0);
			break;
		case OPT_PENDING:
			a->o.pending = 1;
			break;
		case OPT_PASS:
			a->pass = 1;
			break;
		case OPT_EXEC_SHELL:
			if (notify_shell(&a->d.exec, optarg, &e) == -1)
				errx(EXIT_TROUBLE, "%s", e.msg);
			break;
		case OPT_EXEC_BATCH:
			if (dispatch_batch_option(&a->d, optarg, &e) == -1)
				errx(EXIT_TROUBLE, "%s", e.msg);
			break;
		case OPT_EXEC_TIMEOUT:
			dispatch_timeout(&a->d, opt_duration("--exec-timeout",
			    optarg, 0) / NS_PER_MS);
			break;
		case OPT_EXIT_STATUS:
			a->exit_status = 1;
			break;
		case OPT_EARLY:
			a->early = 1;
			break;
		case OPT_AM:
			if (am_open(&a->d.am, optarg, &e) == -1)
				errx(EXIT_TROUBLE, "--alertmanager: %s", e.msg);
			break;
		case OPT_GENERATOR:
			a->d.am.generator = optarg;
			break;
		case OPT_FORGET:
			a->o.forget_ns = opt_duration("--forget", optarg, 1);
			break;
		default:
			tool_usage(&a->t, EXIT_TROUBLE);
		}
	}
	if (alert_rules_cli(&cli, &a->rules, &a->nrules, &e) == -1 ||
	    dispatch_check(&a->d, &e) == -1)
		errx(EXIT_TROUBLE, "%s", e.msg);
	free(cli.rules);
	free(cli.files);
	path_list_free(cli.by, cli.nby);
	a->time_path = opt_path("-t", tfield);
}

static void
state_save(void *arg, struct strbuf *body)
{
	struct alertcmd *a = arg;
	struct sluice_err e;

	dispatched(dispatch_checkpoint(&a->d, a->durable.id, &e), &e);
	strbuf_addf(body, "{\"last_t\":%lld}\n", (long long)a->last_t);
	alerter_save(a->engine, body);
}

static int
state_load(void *arg, const char *body, size_t n, struct sluice_err *err)
{
	struct alertcmd *a = arg;
	const char *nl;
	long long t;

	alerter_free(a->engine);
	a->engine = alerter_new(a->rules, a->nrules, &a->o);
	a->c.engine = a->engine;
	if (n == 0)
		return 0;
	if ((nl = memchr(body, '\n', n)) == NULL ||
	    sscanf(body, "{\"last_t\":%lld}", &t) != 1)
		return err_set(err, 0, "line 1 of the alert state is not one");
	a->last_t = t;
	return alerter_load(a->engine, nl + 1, n - (size_t)(nl + 1 - body),
	    err);
}

static void
state_drain(void *arg)
{
	(void)arg;	/* nothing stays open at the end of the input */
}

static const struct stage_state_ops state_ops = {
	state_save, state_load, state_drain
};

/* --state FILE: named by the rules, each as its text. */
static void
open_state(struct alertcmd *a)
{
	struct sluice_err e;
	struct snapid who;

	a->state_cfg = alert_rules_text(a->rules, a->nrules);
	who.tool = "alert";
	who.config = (const char **)a->state_cfg;
	who.nconfig = a->nrules;
	durable_open(&a->durable, &a->t, a->t.state_path, &who, &state_ops,
	    a, a->t.drain);
	if (dispatch_journal(&a->d, a->durable.o.path, &e) == -1)
		errx(EXIT_TROUBLE, "--state: %s", e.msg);
}

int
main(int argc, char *argv[])
{
	struct alertcmd a;
	struct sluice_err e;
	struct dispatch d = DISPATCH_INIT;
	struct line ln;
	size_t i;

	memset(&a, 0, sizeof(a));
	tool_init(&a.t, "alert", usage, argv);
	a.d = d;
	a.d.before = before_run;
	a.d.before_arg = &a;
	a.last_t = INT64_MIN;
	a.topts.unit = TU_AUTO;
	if ((argc = notify_take_exec(&a.d.exec, argc, argv, &e)) == -1)
		errx(EXIT_TROUBLE, "%s", e.msg);
	parse_options(&a, argc, argv);
	argc -= optind;
	argv += optind;

	a.engine = alerter_new(a.rules, a.nrules, &a.o);
	a.c.engine = a.engine;
	a.c.d = &a.d;
	tool_set_metrics(&a.t, alertcount_metrics, &a.c);
	tool_open(&a.t, argc, argv, 0);
	if (a.d.batch_ms > 0)
		tool_set_tick(&a.t, on_tick, &a);
	if (a.t.state_path != NULL)
		open_state(&a);
	while (tool_next_line(&a.t, &ln)) {
		if (bytes_blank_line(ln.p, ln.len)) {
			a.c.skipped++;
			continue;
		}
		do_line(&a, &ln);
	}
	dispatched(dispatch_flush(&a.d, a.durable.id, &e), &e);
	if (a.t.state_path != NULL) {
		durable_end(&a.durable);
		durable_close(&a.durable);
		alert_rules_text_free(a.state_cfg, a.nrules);
	}
	if (a.exit_status && alerter_fired(a.engine) > 0 &&
	    a.t.rv < EXIT_DATA)
		a.t.rv = EXIT_DATA;
	alertcount_stats(&a.c, &a.t);
	alerter_free(a.engine);
	for (i = 0; i < a.nrules; i++)
		alert_rule_release(&a.rules[i]);
	free(a.rules);
	dispatch_release(&a.d);
	path_free(a.time_path);
	record_release(&a.rec);
	return tool_finish(&a.t);
}
