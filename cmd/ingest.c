/* SPDX-License-Identifier: MIT */
/* ingest.c -- raw input to NDJSON records with a normalised @timestamp. */
#include <err.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/derive.h"
#include "parse/clf.h"
#include "parse/reader.h"
#include "runtime/mlopt.h"
#include "runtime/lanes.h"
#include "runtime/opt.h"
#include "runtime/regexopt.h"
#include "runtime/source.h"
#include "runtime/tool.h"

static const char usage[] =
"usage: ingest [-huV] [-f format] [-t field] [--time-format fmt] [--tz zone]\n"
"              [--time-unit unit] [--year year] [--no-infer] [--ragged]\n"
"              [--regex pattern | --format-file file [--format-name name]]\n"
"              [--types list] [--extra-fields list] [--set name=expr]...\n"
"              [--reject file] [-F]\n"
"              [--state file [--checkpoint-every n|dur]] [--progress]\n"
"              [--stats] [--max-line size] [--multiline pat]\n"
"              [--multiline-max-lines n] [--multiline-max-bytes size]\n"
"              [--concat] [file ...]\n"
"\n"
"Read log lines and write NDJSON records with an RFC 3339 @timestamp.\n"
"\n"
"  -f, --format FMT     auto, ndjson (default), csv, tsv, logfmt, clf,\n"
"                       combined, syslog, journald, text, regex, cri,\n"
"                       errorlog, log4j, glog, elb, w3c, haproxy\n"
"                       or a bundled format: postgres, ...; list: all\n"
"  -t, --time FIELD     the time field (default: first of @timestamp,\n"
"                       timestamp, time, ts, datetime, date); none: no time\n"
"      --time-format F  strftime-style format of the time field; 'A || B'\n"
"                       tries A, then B\n"
"      --tz ZONE        zone of times without one: UTC (default), local,\n"
"                       +02:00, Europe/Paris\n"
"      --time-unit U    unit of epoch numbers: s, ms, us, ns (default:\n"
"                       by magnitude)\n"
"      --year YEAR      year of dates that have none (syslog, glog, a\n"
"                       --time-format without %Y; default: inferred)\n"
"      --no-infer       keep csv/logfmt/clf values as strings\n"
"      --ragged         csv/tsv rows may have fewer or more fields\n"
"      --regex PAT      -f regex: a PCRE2 pattern; its named groups,\n"
"                       (?<name>...), are the fields\n"
"      --format-file FILE\n"
"                       -f regex: the format defined in FILE (ingest's\n"
"                       own syntax, or Fluent Bit's parsers.conf)\n"
"      --format-name NAME\n"
"                       the format of FILE to use (default: its only one)\n"
"      --types LIST     -f regex: field types, as status=int,rt=float\n"
"                       (int, float, bool, hex, string)\n"
"      --extra-fields LIST\n"
"                       clf, combined: names of the tokens after the last\n"
"                       field, as request_time,upstream_addr\n"
"      --set NAME=EXPR  set field NAME of each record to the value of\n"
"                       EXPR (sluice(7) expressions); repeatable, in order\n"
"      --reject FILE    write lines that cannot be read to FILE\n"
"  -F, --follow         keep reading as files grow, across rotation\n"
"      --state FILE     resume where the last run with FILE stopped\n"
"      --checkpoint-every N|DUR\n"
"                       with --state, save the positions every N lines or\n"
"                       DUR, and into a pipe write checkpoint barriers\n"
"      --progress       show a progress line on stderr\n"
"      --stats          print counts on stderr at exit\n"
"      --metrics FILE   Prometheus counts to FILE (--metrics-every 5s)\n"
"      --max-line SIZE  reject longer lines (default 256M)\n"
"      --multiline PAT  a line matching PCRE2 PAT continues the record\n"
"                       before it, its message (syslog, text, log4j, ...)\n"
"      --multiline-max-lines N, --multiline-max-bytes SIZE\n"
"                       cut a record at N lines (500) or SIZE (10M)\n"
"      --concat         several files: one after the other, not merged\n"
"  -u, --unbuffered     flush after every record\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n";

enum {
	OPT_TIME_FORMAT = TOOL_OPT_FIRST_PRIVATE,
	OPT_TZ,
	OPT_TIME_UNIT,
	OPT_YEAR,
	OPT_NO_INFER,
	OPT_RAGGED,
	OPT_STATE,
	OPT_CHECKPOINT,
	OPT_REGEX,
	OPT_FORMAT_FILE,
	OPT_FORMAT_NAME,
	OPT_TYPES,
	OPT_SET,
	OPT_EXTRA_FIELDS,
	OPT_MULTILINE,
	OPT_CONCAT
};

static const struct option longopts[] = {
	TOOL_LONGOPTS,
	TOOL_REJECT_LONGOPT,
	{ "progress",	no_argument,		NULL,	TOOL_OPT_PROGRESS },
	{ "format",	required_argument,	NULL,	'f' },
	{ "time",	required_argument,	NULL,	't' },
	{ "time-format", required_argument,	NULL,	OPT_TIME_FORMAT },
	{ "tz",		required_argument,	NULL,	OPT_TZ },
	{ "time-unit",	required_argument,	NULL,	OPT_TIME_UNIT },
	{ "year",	required_argument,	NULL,	OPT_YEAR },
	{ "no-infer",	no_argument,		NULL,	OPT_NO_INFER },
	{ "ragged",	no_argument,		NULL,	OPT_RAGGED },
	{ "follow",	no_argument,		NULL,	'F' },
	{ "state",	required_argument,	NULL,	OPT_STATE },
	{ "checkpoint-every", required_argument, NULL,	OPT_CHECKPOINT },
	{ "regex",	required_argument,	NULL,	OPT_REGEX },
	{ "format-file", required_argument,	NULL,	OPT_FORMAT_FILE },
	{ "format-name", required_argument,	NULL,	OPT_FORMAT_NAME },
	{ "types",	required_argument,	NULL,	OPT_TYPES },
	{ "set",	required_argument,	NULL,	OPT_SET },
	{ "extra-fields", required_argument,	NULL,	OPT_EXTRA_FIELDS },
	{ "multiline",	required_argument,	NULL,	OPT_MULTILINE },
	{ "multiline-max-lines", required_argument, NULL, OPT_MULTILINE },
	{ "multiline-max-bytes", required_argument, NULL, OPT_MULTILINE },
	{ "concat",	no_argument,		NULL,	OPT_CONCAT },
	{ NULL,		0,			NULL,	0 }
};

struct ingest {
	struct tool		 t;
	struct reader_opts	 ro;
	struct reader		*r;
	int			 follow;
	const char		*state_path;
	struct source		 src;		/* --state */
	int64_t			 every_lines;	/* --checkpoint-every */
	int64_t			 every_ms;
	int			 format_given;	/* -f */
	int			 tz_given;	/* --tz */
	struct regexopt		 rx;		/* --regex, --format-file */
	struct derive		 derive;	/* --set */
	const struct line	*ln;		/* the line being read */
	uint64_t		 set_rejected;	/* records --set rejected */
	int			 concat;	/* --concat */
	struct timemerge	*m;		/* several files merged */
};

/* Reject a record whose --set cannot be decided, as validate does. */
static void
reject_set(struct ingest *g, const char *p, size_t n)
{
	const char *name = derive_failed_name(&g->derive);
	const char *why = derive_why(&g->derive);
	json_t *o, *errors;

	g->set_rejected++;
	o = json_object();
	json_object_set_new(o, "path", json_stringn(name,
	    utf8_valid_prefix(name, strlen(name))));
	json_object_set_new(o, "keyword", json_string("set"));
	json_object_set_new(o, "message", json_stringn(why,
	    utf8_valid_prefix(why, strlen(why))));
	errors = json_array();
	json_array_append_new(errors, o);
	tool_reject_record(&g->t, g->ln, p, n, errors, why);
}

static void
on_record(void *arg, const char *p, size_t n)
{
	struct ingest *g = arg;
	const char *q;
	size_t m;

	if (!derive_any(&g->derive))
		tool_emit(&g->t, p, n);
	else if (derive_apply(&g->derive, p, n, &q, &m) == 0)
		tool_emit(&g->t, q, m);
	else
		reject_set(g, p, n);
}

static void
on_reject(void *arg, const struct line *ln, size_t col, const char *reason)
{
	struct ingest *g = arg;

	tool_reject_line(&g->t, ln, col, reason);
}

/* What -f auto chose for a file, and hints: once each, on stderr. */
static void
on_note(void *arg, enum reader_note k, const char *file, const char *msg)
{
	struct ingest *g = arg;

	warnx_data("%s: %s", file, msg);
	if (k == READER_HINT && g->t.rv < 1)
		g->t.rv = 1;
}

/* The input waits: -f auto decides, a --multiline record is done. */
static void
on_idle(void *arg)
{
	struct ingest *g = arg;

	reader_idle(g->r);
	if (g->state_path != NULL && g->ro.ml.pattern != NULL)
		source_line(&g->src, reader_pending(g->r));
}

/* --stats: " format=csv,syslog", what -f auto chose; else nothing. */
static void
formats_chosen(const struct reader_counts *n, char *buf, size_t size)
{
	size_t i, k = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < 32 && k < size; i++) {
		if (!(n->formats & (UINT32_C(1) << i)))
			continue;
		w = snprintf(buf + k, size - k, "%s%s", k == 0 ? " format=" :
		    ",", logformat_name((enum logformat)i));
		k += w < 0 ? size : (size_t)w;
	}
}

static void
parse_options(struct ingest *g, int argc, char *argv[])
{
	struct sluice_err e;
	int ch, li;

	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "f:t:F", longopts,
	    &li)) != -1) {
		if (tool_option(&g->t, ch, optarg))
			continue;
		switch (ch) {
		case 'f':
			regexopt_format(&g->rx, optarg, &g->ro.format);
			g->format_given = 1;
			break;
		case 't':
			g->ro.time_field = optarg;
			break;
		case OPT_TIME_FORMAT:
			g->ro.topts.format = optarg;
			break;
		case OPT_TZ:
			if (tzspec_parse(optarg, &g->ro.topts.tz, &e) == -1)
				opt_err("--tz", optarg, &e);
			g->ro.lpo.tz = g->ro.topts.tz;
			g->tz_given = 1;
			break;
		case OPT_TIME_UNIT:
			if (time_unit_parse(optarg, &g->ro.topts.unit) == -1)
				opt_fail("--time-unit", optarg,
				    "expected s, ms, us or ns");
			break;
		case OPT_YEAR:
			g->ro.lpo.year = (int)opt_int("--year", optarg, 1700,
			    2200);
			break;
		case OPT_NO_INFER:
			g->ro.infer = 0;
			break;
		case OPT_RAGGED:
			g->ro.lpo.ragged = 1;
			break;
		case 'F':
			g->follow = 1;
			break;
		case OPT_STATE:
			g->state_path = optarg;
			break;
		case OPT_CHECKPOINT:
			if (optarg[strspn(optarg, "0123456789")] == '\0')
				g->every_lines = opt_int("--checkpoint-every",
				    optarg, 1, INT64_MAX);
			else
				g->every_ms = opt_duration(
				    "--checkpoint-every", optarg,
				    NS_PER_MS) / NS_PER_MS;
			break;
		case OPT_REGEX:
			g->rx.regex = optarg;
			break;
		case OPT_FORMAT_FILE:
			g->rx.format_file = optarg;
			break;
		case OPT_FORMAT_NAME:
			g->rx.format_name = optarg;
			break;
		case OPT_TYPES:
			g->rx.types = optarg;
			break;
		case OPT_SET:
			if (derive_add(&g->derive, optarg, &e) == -1)
				opt_err("--set", optarg, &e);
			break;
		case OPT_EXTRA_FIELDS:
			clf_extra_free(g->ro.lpo.clf_extra);
			if ((g->ro.lpo.clf_extra = clf_extra_new(optarg,
			    &e)) == NULL)
				opt_err("--extra-fields", optarg, &e);
			break;
		case OPT_MULTILINE:
			mlopt_option(&g->ro.ml, longopts[li].name, optarg);
			break;
		case OPT_CONCAT:
			g->concat = 1;
			break;
		default:
			tool_usage(&g->t, EXIT_TROUBLE);
		}
	}
}

/* --metrics: the counts of --stats. */
static void
put_metrics(void *arg, struct metrics *m)
{
	struct ingest *g = arg;
	const struct reader_counts *n = timemerge_counts(g->m, g->r);

	metrics_count(m, "records_out", n->records - g->set_rejected);
	metrics_count(m, "no_time", n->untimed);
	metrics_count(m, "skipped", n->skipped);
	metrics_count(m, "continuation_lines", n->continued);
	metrics_count(m, "utf8_repaired", n->repaired);
}

int
main(int argc, char *argv[])
{
	struct ingest g;
	struct reader_out out;
	struct sluice_err e;
	const struct reader_counts *n;
	struct line ln;
	char chosen[256];

	memset(&g, 0, sizeof(g));
	tool_init(&g.t, "ingest", usage, argv);
	g.ro.format = LF_NDJSON;
	g.ro.infer = 1;
	g.ro.topts.tz.kind = TZ_UTC;
	g.ro.lpo.tz.kind = TZ_UTC;
	parse_options(&g, argc, argv);
	regexopt_setup(&g.rx, &g.ro, g.format_given, g.tz_given);
	if (g.ro.lpo.clf_extra != NULL && g.ro.format != LF_CLF &&
	    g.ro.format != LF_COMBINED && g.ro.format != LF_AUTO)
		errx(EXIT_TROUBLE, "--extra-fields goes with -f clf, combined "
		    "or auto");
	mlopt_setup(&g.ro.ml, g.ro.format);
	/* A csv record over lines is bounded as a line is. */
	g.ro.lpo.max_record = g.t.max_line;
	argc -= optind;
	argv += optind;

	out.record = on_record;
	out.reject = on_reject;
	out.note = on_note;
	out.arg = &g;
	/* Which year a day of the year is in, nothing else tells. */
	if (g.ro.topts.format != NULL && g.ro.lpo.year == 0 &&
	    !timefmt_has_year(g.ro.topts.format) &&
	    strstr(g.ro.topts.format, "%j") != NULL)
		errx(EXIT_TROUBLE, "--time-format: a day of the year (%%j) "
		    "needs the year: %%Y, %%y or --year");
	if ((g.r = reader_new(&g.ro, &out, &e)) == NULL)
		opt_err("-t", g.ro.time_field, &e);
	if ((g.every_lines > 0 || g.every_ms > 0) && g.state_path == NULL)
		errx(EXIT_TROUBLE, "--checkpoint-every goes with --state");
	tool_set_metrics(&g.t, put_metrics, &g);
	tool_set_idle(&g.t, on_idle, &g);
	if (g.state_path != NULL)
		source_open(&g.src, &g.t, g.state_path, argv, argc, g.follow,
		    g.every_lines, g.every_ms);
	else
		tool_open(&g.t, argc, argv, g.follow ? INPUT_FOLLOW : 0);

	g.ln = &ln;
	if (!g.concat)
		lanes_run(&g.t, &g.m, &g.ro, &out, g.state_path != NULL ?
		    &g.src.st : NULL, &g.ln);
	n = timemerge_counts(g.m, g.r);
	while (tool_next_line(&g.t, &ln)) {
		reader_line(g.r, &ln);
		if (g.state_path != NULL)
			source_line(&g.src, reader_pending(g.r));
		tool_progress(&g.t, n->records);
	}
	reader_end(g.r);

	if (g.state_path != NULL) {
		source_end(&g.src);
		source_close(&g.src);
	}
	formats_chosen(n, chosen, sizeof(chosen));
	tool_stats(&g.t, "lines_in=%llu records_out=%llu rejected=%llu "
	    "no_time=%llu skipped=%llu continuation_lines=%llu "
	    "utf8_repaired=%llu%s",
	    (unsigned long long)g.t.lines_in,
	    (unsigned long long)(n->records - g.set_rejected),
	    (unsigned long long)g.t.rejected,
	    (unsigned long long)n->untimed,
	    (unsigned long long)n->skipped,
	    (unsigned long long)n->continued,
	    (unsigned long long)n->repaired, chosen);
	reader_free(g.r);
	timemerge_free(g.m);
	regexopt_release(&g.rx);
	derive_release(&g.derive);
	clf_extra_free(g.ro.lpo.clf_extra);
	return tool_finish(&g.t);
}
