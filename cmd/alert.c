/* SPDX-License-Identifier: MIT */
/* alert.c -- stateful alert rules as a pipe stage. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "core/bytes.h"
#include "time/duration.h"
#include "json/record.h"
#include "io/spawn.h"
#include "core/strbuf.h"
#include "time/timefmt.h"
#include "runtime/tool.h"
#include "agg/window.h"
#include "stream/stream.h"

static const char usage[] =
"usage: alert [-huV] [-r 'name: expr'] ... [--rules file] [-g keys]\n"
"             [--for dur] [--keep-firing-for dur] [--severity s]\n"
"             [-t field] [--renotify dur] [--pending] [--pass]\n"
"             [--exec cmd [arg ...] ';' | --exec-shell string]\n"
"             [--exec-timeout dur] [--exit-status] [--reject file]\n"
"             [--stats] [--max-line size] [file ...]\n"
"\n"
"Evaluate alert rules on records in event time; write transitions.\n"
"\n"
"  -r, --rule 'N: EXPR'    a rule named N that fires while EXPR is true;\n"
"                          'N: absent(KEY)' fires for a KEY missing from\n"
"                          a closed window\n"
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
"      --exec CMD ... ';'  run CMD with each alert on its stdin\n"
"      --exec-shell S      run the shell command S for each alert\n"
"      --exec-timeout DUR  kill a command still running after DUR\n"
"                          (default 10s)\n"
"      --exit-status       exit 1 if any alert fired\n"
"      --reject FILE       write lines that are not JSON to FILE\n"
"      --stats             print counts on stderr at exit\n"
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
	OPT_EXEC_TIMEOUT,
	OPT_EXIT_STATUS
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
	{ "renotify",		required_argument,	NULL,	OPT_RENOTIFY },
	{ "pending",		no_argument,		NULL,	OPT_PENDING },
	{ "pass",		no_argument,		NULL,	OPT_PASS },
	{ "exec-shell",		required_argument,	NULL,	OPT_EXEC_SHELL },
	{ "exec-timeout",	required_argument,	NULL,	OPT_EXEC_TIMEOUT },
	{ "exit-status",	no_argument,		NULL,	OPT_EXIT_STATUS },
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
	int			 exit_status;
	char			**exec_argv;	/* --exec, or sh -c for -shell */
	int64_t			 exec_timeout_ms;
	int64_t			 last_t;	/* for records without a time */
	struct record		 rec;
	uint64_t		 records;
	uint64_t		 alerts;
	uint64_t		 untimed;
	uint64_t		 ctl;
	uint64_t		 skipped;
	uint64_t		 exec_failed;
};

static void
run_exec(struct alertcmd *a, const char *json, size_t n, const char *rule,
    const char *state)
{
	struct strbuf in = STRBUF_INIT, er = STRBUF_INIT, es = STRBUF_INIT;
	struct sluice_err e;
	char *env[3];
	char tbuf[DURATION_LEN];
	int status = 0;

	strbuf_add(&in, json, n);
	strbuf_addch(&in, '\n');
	strbuf_addf(&er, "SLUICE_ALERT_RULE=%s", rule);
	strbuf_addf(&es, "SLUICE_ALERT_STATE=%s", state);
	env[0] = er.buf;
	env[1] = es.buf;
	env[2] = NULL;
	switch (spawn_run(a->exec_argv, env, in.buf, in.len,
	    a->exec_timeout_ms, &status, &e)) {
	case SPAWN_OK:
		break;
	case SPAWN_FAILED:
		warnx("--exec %s: exited with status %d%s", a->exec_argv[0],
		    status, status == 127 ? " (not found?)" : "");
		a->exec_failed++;
		break;
	case SPAWN_SIGNALED:
		warnx("--exec %s: killed by signal %d", a->exec_argv[0],
		    status);
		a->exec_failed++;
		break;
	case SPAWN_TIMEOUT:
		duration_format(a->exec_timeout_ms * NS_PER_MS, tbuf);
		warnx("--exec %s: still running after %s, killed",
		    a->exec_argv[0], tbuf);
		a->exec_failed++;
		break;
	case SPAWN_ERROR:
		warnx("--exec %s: %s", a->exec_argv[0], e.msg);
		a->exec_failed++;
		break;
	}
	strbuf_release(&in);
	strbuf_release(&er);
	strbuf_release(&es);
}

static void
on_alert(void *arg, const char *json, size_t n, const char *rule,
    const char *state)
{
	struct alertcmd *a = arg;

	a->alerts++;
	tool_emit(&a->t, json, n);
	if (a->exec_argv != NULL) {
		/* The command sees the alert after the stream has it. */
		output_flush(&a->t.out);
		run_exec(a, json, n, rule, state);
	}
}

static void
do_line(struct alertcmd *a, const struct line *ln)
{
	struct sluice_err e;
	struct jval w;
	int64_t t, ws, wend = INT64_MIN;
	int prec;

	if (record_parse(&a->rec, ln->p, ln->len, &e) == -1) {
		tool_reject_line(&a->t, ln, e.col, e.msg);
		return;
	}
	if (!stream_get_window(&a->rec, &w) ||
	    stream_window_bounds(&w, &ws, &wend) == -1)
		wend = INT64_MIN;
	if (stream_ctl_of(&a->rec) != CTL_NONE) {
		a->ctl++;
		/* A closed window: evaluate first, then pass the marker. */
		if (wend != INT64_MIN) {
			if (wend > a->last_t)
				a->last_t = wend;
			alerter_close(a->engine, ws, wend, w.p, w.n, on_alert,
			    a);
		}
		tool_emit(&a->t, ln->p, ln->len);
		return;
	}
	a->records++;
	if (record_time(&a->rec, a->time_path, &a->topts, &t, &prec) != 1) {
		/* Aggregate rows: the end of their window. */
		if (wend != INT64_MIN)
			t = wend;
		else {
			t = a->last_t;
			a->untimed++;
		}
	}
	if (t > a->last_t)
		a->last_t = t;
	if (a->pass)
		tool_emit(&a->t, ln->p, ln->len);
	alerter_record(a->engine, &a->rec, t, wend, on_alert, a);
}

static int64_t
need_duration(const char *opt, const char *arg)
{
	struct sluice_err e;
	int64_t ns;

	if (duration_parse(arg, &ns, &e) == -1)
		errx(EXIT_TROUBLE, "%s %s: %s", opt, arg, e.msg);
	return ns;
}

/*
 * Take "--exec CMD [ARG ...] ;" out of argv before getopt sees it: the
 * words up to a lone ";" (or the end) are the command, never parsed.
 */
static int
take_exec(struct alertcmd *a, int argc, char *argv[])
{
	int i, j, k, n;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--exec") != 0)
			continue;
		if (a->exec_argv != NULL)
			errx(EXIT_TROUBLE, "--exec given twice");
		for (j = i + 1; j < argc && strcmp(argv[j], ";") != 0; j++)
			;
		n = j - i - 1;
		if (n == 0)
			errx(EXIT_TROUBLE, "--exec needs a command");
		a->exec_argv = xcalloc((size_t)n + 1, sizeof(char *));
		for (k = 0; k < n; k++)
			a->exec_argv[k] = argv[i + 1 + k];
		if (j < argc)
			j++;		/* the ';' */
		memmove(&argv[i], &argv[j], (size_t)(argc - j + 1) *
		    sizeof(char *));
		argc -= j - i;
		i--;
	}
	return argc;
}

static void
parse_options(struct alertcmd *a, int argc, char *argv[])
{
	struct sluice_err e;
	struct alert_rule *cli = NULL;
	const char *by = NULL, *severity = NULL, *tfield = STREAM_TIMESTAMP;
	const char **rulefiles = NULL;
	int64_t for_ns = 0, keep_ns = 0;
	size_t ncli = 0, nfiles = 0, i;
	int ch;

	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "r:g:t:",
	    longopts, NULL)) != -1) {
		if (tool_option(&a->t, ch, optarg))
			continue;
		switch (ch) {
		case 'r':
			cli = xreallocarray(cli, ncli + 1, sizeof(*cli));
			if (alert_rule_parse_cli(&cli[ncli], optarg, &e) ==
			    -1)
				errx(EXIT_TROUBLE, "%s", e.msg);
			ncli++;
			break;
		case OPT_RULES:
			rulefiles = xreallocarray(rulefiles, nfiles + 1,
			    sizeof(*rulefiles));
			rulefiles[nfiles++] = optarg;
			break;
		case 'g':
			by = optarg;
			break;
		case OPT_FOR:
			for_ns = need_duration("--for", optarg);
			break;
		case OPT_KEEP:
			keep_ns = need_duration("--keep-firing-for", optarg);
			break;
		case OPT_SEVERITY:
			severity = optarg;
			break;
		case 't':
			tfield = optarg;
			break;
		case OPT_RENOTIFY:
			a->o.renotify_ns = need_duration("--renotify", optarg);
			break;
		case OPT_PENDING:
			a->o.pending = 1;
			break;
		case OPT_PASS:
			a->pass = 1;
			break;
		case OPT_EXEC_SHELL:
			if (a->exec_argv != NULL)
				errx(EXIT_TROUBLE, "give --exec or "
				    "--exec-shell, not both");
			a->exec_argv = xcalloc(4, sizeof(char *));
			a->exec_argv[0] = "/bin/sh";
			a->exec_argv[1] = "-c";
			a->exec_argv[2] = optarg;
			break;
		case OPT_EXEC_TIMEOUT:
			a->exec_timeout_ms = need_duration("--exec-timeout",
			    optarg) / NS_PER_MS;
			break;
		case OPT_EXIT_STATUS:
			a->exit_status = 1;
			break;
		default:
			tool_usage(&a->t, EXIT_TROUBLE);
		}
	}
	/* Command-line rules take --by, --for ... */
	for (i = 0; i < ncli; i++) {
		if (by != NULL && cli[i].when != NULL &&
		    (cli[i].nby = path_list(by, &cli[i].by, &e)) == -1)
			errx(EXIT_TROUBLE, "--by %s: %s", by, e.msg);
		cli[i].for_ns = for_ns;
		cli[i].keep_firing_ns = keep_ns;
		if (severity != NULL) {
			free(cli[i].severity);
			cli[i].severity = xstrdup(severity);
		}
	}
	a->rules = cli;
	a->nrules = ncli;
	for (i = 0; i < nfiles; i++)
		if (alert_rules_load(rulefiles[i], &a->rules, &a->nrules,
		    &e) == -1)
			errx(EXIT_TROUBLE, "%s", e.msg);
	free(rulefiles);
	if (a->nrules == 0)
		errx(EXIT_TROUBLE, "no rules: give -r 'name: expression' or "
		    "--rules file");
	if ((a->time_path = path_compile(tfield, &e)) == NULL)
		errx(EXIT_TROUBLE, "-t %s: %s", tfield, e.msg);
}

int
main(int argc, char *argv[])
{
	struct alertcmd a;
	struct line ln;
	size_t i;

	memset(&a, 0, sizeof(a));
	tool_init(&a.t, "alert", usage, argv);
	a.exec_timeout_ms = 10000;
	a.last_t = INT64_MIN;
	a.topts.unit = TU_S;
	argc = take_exec(&a, argc, argv);
	parse_options(&a, argc, argv);
	argc -= optind;
	argv += optind;

	a.engine = alerter_new(a.rules, a.nrules, &a.o);
	tool_open(&a.t, argc, argv, 0);
	while (tool_next_line(&a.t, &ln)) {
		if (bytes_blank_line(ln.p, ln.len)) {
			a.skipped++;
			continue;
		}
		do_line(&a, &ln);
	}
	if (a.exit_status && alerter_fired(a.engine) > 0 &&
	    a.t.rv < EXIT_DATA)
		a.t.rv = EXIT_DATA;
	tool_stats(&a.t, "lines_in=%llu records=%llu ctl=%llu rejected=%llu "
	    "skipped=%llu alerts=%llu fired=%llu untimed=%llu "
	    "exec_failed=%llu", (unsigned long long)a.t.lines_in,
	    (unsigned long long)a.records, (unsigned long long)a.ctl,
	    (unsigned long long)a.t.rejected, (unsigned long long)a.skipped,
	    (unsigned long long)a.alerts,
	    (unsigned long long)alerter_fired(a.engine),
	    (unsigned long long)a.untimed,
	    (unsigned long long)a.exec_failed);
	alerter_free(a.engine);
	for (i = 0; i < a.nrules; i++)
		alert_rule_release(&a.rules[i]);
	free(a.rules);
	free(a.exec_argv);
	path_free(a.time_path);
	record_release(&a.rec);
	return tool_finish(&a.t);
}
