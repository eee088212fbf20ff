/* SPDX-License-Identifier: MIT */
/* ingest.c -- raw input to NDJSON records with a normalised @timestamp. */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "parse/reader.h"
#include "runtime/opt.h"
#include "runtime/source.h"
#include "runtime/tool.h"

static const char usage[] =
"usage: ingest [-huV] [-f format] [-t field] [--time-format fmt] [--tz zone]\n"
"              [--time-unit unit] [--year year] [--no-infer] [--ragged]\n"
"              [--reject file] [-F] [--state file [--checkpoint-every n|dur]]\n"
"              [--progress] [--stats]\n"
"              [--max-line size] [file ...]\n"
"\n"
"Read log lines and write NDJSON records with an RFC 3339 @timestamp.\n"
"\n"
"  -f, --format FMT     auto, ndjson (default), csv, tsv, logfmt, clf,\n"
"                       combined, syslog, journald\n"
"  -t, --time FIELD     the time field (default: first of @timestamp,\n"
"                       timestamp, time, ts, datetime, date); none: no time\n"
"      --time-format F  strftime-style format of the time field\n"
"      --tz ZONE        zone of times without one: UTC (default), local,\n"
"                       +02:00, Europe/Paris\n"
"      --time-unit U    unit of epoch numbers: s, ms, us, ns (default:\n"
"                       by magnitude)\n"
"      --year YEAR      year of syslog times that have none (default:\n"
"                       inferred)\n"
"      --no-infer       keep csv/logfmt/clf values as strings\n"
"      --ragged         csv/tsv rows may have fewer or more fields\n"
"      --reject FILE    write lines that cannot be read to FILE\n"
"  -F, --follow         keep reading as files grow, across rotation\n"
"      --state FILE     resume where the last run with FILE stopped\n"
"      --checkpoint-every N|DUR\n"
"                       with --state, save the positions every N lines or\n"
"                       DUR, and into a pipe write checkpoint barriers\n"
"      --progress       show a progress line on stderr\n"
"      --stats          print counts on stderr at exit\n"
"      --max-line SIZE  reject longer lines (default 256M)\n"
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
	OPT_CHECKPOINT
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
};

static void
on_record(void *arg, const char *p, size_t n)
{
	struct ingest *g = arg;

	tool_emit(&g->t, p, n);
}

static void
on_reject(void *arg, const struct line *ln, size_t col, const char *reason)
{
	struct ingest *g = arg;

	tool_reject_line(&g->t, ln, col, reason);
}

static void
parse_options(struct ingest *g, int argc, char *argv[])
{
	struct sluice_err e;
	int ch;

	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "f:t:F", longopts,
	    NULL)) != -1) {
		if (tool_option(&g->t, ch, optarg))
			continue;
		switch (ch) {
		case 'f':
			if (logformat_parse(optarg, &g->ro.format) == -1)
				errx(EXIT_TROUBLE, "unknown format '%s' (try "
				    "ndjson, csv, tsv, logfmt, clf, combined, "
				    "syslog, journald, auto)", optarg);
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
		default:
			tool_usage(&g->t, EXIT_TROUBLE);
		}
	}
}

int
main(int argc, char *argv[])
{
	struct ingest g;
	struct reader_out out;
	struct sluice_err e;
	const struct reader_counts *n;
	struct line ln;

	memset(&g, 0, sizeof(g));
	tool_init(&g.t, "ingest", usage, argv);
	g.ro.format = LF_NDJSON;
	g.ro.infer = 1;
	g.ro.topts.tz.kind = TZ_UTC;
	g.ro.lpo.tz.kind = TZ_UTC;
	parse_options(&g, argc, argv);
	argc -= optind;
	argv += optind;

	out.record = on_record;
	out.reject = on_reject;
	out.arg = &g;
	if ((g.r = reader_new(&g.ro, &out, &e)) == NULL)
		opt_err("-t", g.ro.time_field, &e);
	if ((g.every_lines > 0 || g.every_ms > 0) && g.state_path == NULL)
		errx(EXIT_TROUBLE, "--checkpoint-every goes with --state");
	if (g.state_path != NULL)
		source_open(&g.src, &g.t, g.state_path, argv, argc, g.follow,
		    g.every_lines, g.every_ms);
	else
		tool_open(&g.t, argc, argv, g.follow ? INPUT_FOLLOW : 0);

	n = reader_counts(g.r);
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
	tool_stats(&g.t, "lines_in=%llu records_out=%llu rejected=%llu "
	    "no_time=%llu skipped=%llu continuation_lines=%llu",
	    (unsigned long long)g.t.lines_in,
	    (unsigned long long)n->records,
	    (unsigned long long)g.t.rejected,
	    (unsigned long long)n->untimed,
	    (unsigned long long)n->skipped,
	    (unsigned long long)n->continued);
	reader_free(g.r);
	return tool_finish(&g.t);
}
