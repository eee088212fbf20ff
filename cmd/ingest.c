/* SPDX-License-Identifier: MIT */
/* ingest.c -- raw input to NDJSON records with a normalised @timestamp. */
#include <sys/stat.h>

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/bytes.h"
#include "time/duration.h"
#include "parse/fields.h"
#include "json/jsonw.h"
#include "parse/logparse.h"
#include "json/record.h"
#include "io/state.h"
#include "time/timefmt.h"
#include "runtime/tool.h"
#include "stream/stream.h"

static const char usage[] =
"usage: ingest [-huV] [-f format] [-t field] [--time-format fmt] [--tz zone]\n"
"              [--time-unit unit] [--year year] [--no-infer] [--ragged]\n"
"              [--reject file] [-F] [--state file] [--progress] [--stats]\n"
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
	OPT_STATE
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
	{ NULL,		0,			NULL,	0 }
};

/* Time fields tried, in order, when -t is not given. */
static const char *const time_candidates[] = {
	STREAM_TIMESTAMP, "timestamp", "time", "ts", "datetime", "date"
};

struct ingest {
	struct tool		 t;
	enum logformat		 format;	/* as asked */
	enum logformat		 cur;		/* of the current file */
	struct logparse		*lp;
	struct logparse_opts	 lpo;
	struct time_opts	 topts;
	const char		*time_field;	/* NULL: auto */
	struct path		*time_path;	/* -t, compiled */
	struct path		*journald_time;
	struct path		*cand[NELEM(time_candidates)];
	int			 no_time;	/* -t none */
	int			 infer;
	int			 follow;
	const char		*state_path;
	const char		*file;		/* name of the current file */
	uint64_t		 pending_line;	/* a csv record's first line */
	struct strbuf		 pending_raw;	/* and its lines so far */
	uint64_t		 records;
	uint64_t		 untimed;
	uint64_t		 skipped;	/* headers and empty lines */
	uint64_t		 continued;	/* lines of multi-line records */
	struct record		 rec;
	struct fieldlist	 fl;
	struct strbuf		 sb;
};

static void
reject_time(struct ingest *g, const struct line *ln, const char *field,
    const char *val, size_t n)
{
	char reason[160];

	if (val == NULL)
		snprintf(reason, sizeof(reason), "no time field '%s'", field);
	else
		snprintf(reason, sizeof(reason), "cannot read time '%.*s' "
		    "in field '%s'", n > 60 ? 60 : (int)n, val, field);
	tool_reject_line(&g->t, ln, 0, reason);
}

/* Emit a JSON record, adding or normalising @timestamp. */
static void
do_json(struct ingest *g, const struct line *ln)
{
	struct sluice_err e;
	struct path *p = NULL;
	struct jval v;
	char tbuf[TIMEFMT_LEN + 2];
	int64_t ns;
	size_t i, n;
	int prec, r = 0;

	if (record_parse(&g->rec, ln->p, ln->len, &e) == -1) {
		tool_reject_line(&g->t, ln, e.col, e.msg);
		return;
	}
	if (g->no_time || stream_ctl_of(&g->rec) != CTL_NONE)
		goto emit;
	p = g->time_path;
	if (p == NULL && g->cur == LF_JOURNALD)
		p = g->journald_time;
	if (p != NULL) {
		r = record_time(&g->rec, p, &g->topts, &ns, &prec);
	} else {
		for (i = 0; i < NELEM(g->cand) && r == 0; i++) {
			p = g->cand[i];
			r = record_time(&g->rec, p, &g->topts, &ns, &prec);
		}
	}
	if (r == 0 && (g->time_path != NULL || g->cur == LF_JOURNALD)) {
		reject_time(g, ln, p->text, NULL, 0);
		return;
	}
	if (r == 0) {
		g->untimed++;
		goto emit;
	}
	if (r == -1) {
		record_get(&g->rec, p, &v);
		reject_time(g, ln, p->text, v.p, v.n);
		return;
	}
	tbuf[0] = '"';
	n = timefmt_format(ns, prec, tbuf + 1) + 1;
	tbuf[n++] = '"';
	/* Already normalised: leave the bytes alone. */
	if (record_get_key(&g->rec, SK_TIMESTAMP, &v) &&
	    v.n == n && memcmp(v.p, tbuf, n) == 0)
		goto emit;
	record_set_raw(&g->rec, SK_TIMESTAMP, tbuf, n);
emit:
	g->records++;
	tool_emit(&g->t, g->rec.text, g->rec.len);
}

/* Index of the time field among the fields, or -1. */
static long
find_time_field(const struct ingest *g)
{
	size_t i, j;

	if (g->time_field != NULL)
		return fields_find(&g->fl, g->time_field,
		    strlen(g->time_field));
	for (j = 0; j < NELEM(time_candidates); j++)
		for (i = 0; i < g->fl.n; i++)
			if (strcasecmp(fields_key(&g->fl, i),
			    time_candidates[j]) == 0)
				return (long)i;
	return -1;
}

/* Emit the record in g->fl, with its time. */
static void
do_fields(struct ingest *g, const struct line *ln)
{
	const struct field *f;
	const char *val;
	int64_t ns;
	long i;
	int prec;

	i = fields_find(&g->fl, SK_TIMESTAMP);
	if (!g->no_time && (i < 0 || g->fl.f[i].type != F_TIME)) {
		if ((i = find_time_field(g)) < 0) {
			if (g->time_field != NULL) {
				reject_time(g, ln, g->time_field, NULL, 0);
				return;
			}
			g->untimed++;
		} else {
			f = &g->fl.f[i];
			val = fields_val(&g->fl, (size_t)i);
			if (f->type == F_NULL || timefmt_parse_text(val,
			    f->vlen, &g->topts, &ns, &prec) == -1) {
				reject_time(g, ln, fields_key(&g->fl,
				    (size_t)i), val, f->vlen);
				return;
			}
			fields_add_time(&g->fl, ns, prec);
		}
	}
	strbuf_reset(&g->sb);
	fields_to_json(&g->fl, g->infer, &g->sb);
	g->records++;
	tool_emit(&g->t, g->sb.buf, g->sb.len);
}

/*
 * Act on a parser's verdict on line ln (ln->p == NULL: the file ended).
 * A record that spans lines is reported at its first line, whole.
 */
static void
parsed(struct ingest *g, const struct line *ln, int r,
    const struct sluice_err *e)
{
	struct line at = *ln;

	if (r == PARSE_MORE) {
		if (g->pending_line == 0) {
			g->pending_line = ln->lineno;
			strbuf_reset(&g->pending_raw);
		} else
			strbuf_addch(&g->pending_raw, '\n');
		strbuf_add(&g->pending_raw, ln->p, ln->len);
		return;
	}
	if (g->pending_line) {
		if (ln->p != NULL) {
			strbuf_addch(&g->pending_raw, '\n');
			strbuf_add(&g->pending_raw, ln->p, ln->len);
		}
		g->continued += ln->lineno - g->pending_line;
		at.lineno = g->pending_line;
		at.p = g->pending_raw.buf;
		at.len = g->pending_raw.len;
		g->pending_line = 0;
	}
	switch (r) {
	case PARSE_RECORD:
		do_fields(g, &at);
		break;
	case PARSE_SKIP:
		g->skipped++;
		break;
	default:
		tool_reject_line(&g->t, &at, e->col, e->msg);
		break;
	}
}

/* Resuming a csv file mid-way (--state): the parser needs its header. */
static void
feed_header(struct ingest *g, const char *name)
{
	struct sluice_err e;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	int r = PARSE_MORE;

	if ((fp = fopen(name, "r")) == NULL)
		return;
	while (r == PARSE_MORE && (n = getline(&line, &cap, fp)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		r = logparse_line(g->lp, line, (size_t)n, &g->fl, &e);
	}
	free(line);
	fclose(fp);
}

/* The current file ended: complete or reject a pending record. */
static void
end_file(struct ingest *g, const struct line *last)
{
	struct sluice_err e;
	struct line end = *last;
	int r;

	if (g->lp == NULL || g->file == NULL)
		return;
	end.p = NULL;
	r = logparse_end(g->lp, &g->fl, &e);
	if (r != PARSE_SKIP || g->pending_line)
		parsed(g, &end, r, &e);
}

static int64_t
file_time(const char *name)
{
	struct stat st;

	if (strcmp(name, "stdin") != 0 && stat(name, &st) == 0)
		return (int64_t)st.st_mtime * NS_PER_SEC;
	return (int64_t)time(NULL) * NS_PER_SEC;
}

static void
do_line(struct ingest *g, const struct line *ln, struct line *last)
{
	struct sluice_err e;
	enum logformat f;
	int r;

	/* A new file, or the same name after rotation (-F). */
	if (ln->name != g->file || ln->lineno == 1) {
		end_file(g, last);
		g->file = ln->name;
		g->cur = g->format;
		if (g->lp != NULL && g->format != LF_AUTO) {
			logparse_reset(g->lp, file_time(ln->name));
			if (ln->lineno > 1 && (g->format == LF_CSV ||
			    g->format == LF_TSV))
				feed_header(g, ln->name);
		}
	}
	*last = *ln;
	if (g->pending_line == 0 && bytes_blank_line(ln->p, ln->len)) {
		g->skipped++;
		return;
	}
	if (g->cur == LF_AUTO) {
		if ((f = logformat_detect(ln->p, ln->len)) == LF_AUTO) {
			tool_reject_line(&g->t, ln, 0,
			    "cannot tell the format of this line");
			return;
		}
		g->cur = f;
		logparse_free(g->lp);
		g->lp = NULL;
		if (f != LF_NDJSON && f != LF_JOURNALD) {
			g->lp = logparse_new(f, &g->lpo);
			logparse_reset(g->lp, file_time(ln->name));
		}
	}
	if (g->cur == LF_NDJSON || g->cur == LF_JOURNALD) {
		do_json(g, ln);
		return;
	}
	r = logparse_line(g->lp, ln->p, ln->len, &g->fl, &e);
	parsed(g, ln, r, &e);
}

static void
ingest_init(struct ingest *g, char **argv)
{
	memset(g, 0, sizeof(*g));
	tool_init(&g->t, "ingest", usage, argv);
	g->format = LF_NDJSON;
	g->infer = 1;
	g->topts.tz.kind = TZ_UTC;
	g->lpo.tz.kind = TZ_UTC;
}

static void
parse_options(struct ingest *g, int argc, char *argv[])
{
	struct sluice_err e;
	char *end;
	int ch;

	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "f:t:F", longopts,
	    NULL)) != -1) {
		if (tool_option(&g->t, ch, optarg))
			continue;
		switch (ch) {
		case 'f':
			if (logformat_parse(optarg, &g->format) == -1)
				errx(EXIT_TROUBLE, "unknown format '%s' (try "
				    "ndjson, csv, tsv, logfmt, clf, combined, "
				    "syslog, journald, auto)", optarg);
			break;
		case 't':
			if (strcmp(optarg, "none") == 0)
				g->no_time = 1;
			else
				g->time_field = optarg;
			break;
		case OPT_TIME_FORMAT:
			g->topts.format = optarg;
			break;
		case OPT_TZ:
			if (tzspec_parse(optarg, &g->topts.tz, &e) == -1)
				errx(EXIT_TROUBLE, "--tz %s: %s", optarg,
				    e.msg);
			g->lpo.tz = g->topts.tz;
			break;
		case OPT_TIME_UNIT:
			if (time_unit_parse(optarg, &g->topts.unit) == -1)
				errx(EXIT_TROUBLE, "--time-unit %s: expected "
				    "s, ms, us or ns", optarg);
			break;
		case OPT_YEAR:
			g->lpo.year = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || g->lpo.year < 1700 ||
			    g->lpo.year > 2200)
				errx(EXIT_TROUBLE, "--year %s: expected a "
				    "year such as 2024", optarg);
			break;
		case OPT_NO_INFER:
			g->infer = 0;
			break;
		case OPT_RAGGED:
			g->lpo.ragged = 1;
			break;
		case 'F':
			g->follow = 1;
			break;
		case OPT_STATE:
			g->state_path = optarg;
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
	struct state st;
	struct sluice_err e;
	struct input *in;
	struct line ln, last;
	char note[512];
	size_t i;
	int j;

	ingest_init(&g, argv);
	parse_options(&g, argc, argv);
	argc -= optind;
	argv += optind;

	if (g.time_field != NULL &&
	    (g.time_path = path_compile(g.time_field, &e)) == NULL)
		errx(EXIT_TROUBLE, "-t %s: %s", g.time_field, e.msg);
	g.journald_time = path_compile("__REALTIME_TIMESTAMP", &e);
	for (i = 0; i < NELEM(time_candidates); i++)
		g.cand[i] = path_compile(time_candidates[i], &e);
	if (g.format != LF_AUTO && g.format != LF_NDJSON &&
	    g.format != LF_JOURNALD)
		g.lp = logparse_new(g.format, &g.lpo);

	if (g.state_path != NULL) {
		if (argc == 0)
			errx(EXIT_TROUBLE, "--state needs file operands");
		if (state_load(&st, g.state_path, &e) == -1)
			errx(EXIT_TROUBLE, "--state: %s", e.msg);
		in = input_new(INPUT_KEEP_PARTIAL |
		    (g.follow ? INPUT_FOLLOW : 0));
		for (j = 0; j < argc; j++) {
			if (strcmp(argv[j], "-") == 0)
				errx(EXIT_TROUBLE, "--state cannot resume "
				    "stdin");
			state_plan(&st, argv[j], in, note, sizeof(note));
			if (note[0] != '\0')
				warnx("%s: %s", argv[j], note);
		}
		tool_open_input(&g.t, in);
	} else
		tool_open(&g.t, argc, argv, g.follow ? INPUT_FOLLOW : 0);

	memset(&last, 0, sizeof(last));
	while (tool_next_line(&g.t, &ln)) {
		do_line(&g, &ln, &last);
		tool_progress(&g.t, g.records);
	}
	end_file(&g, &last);

	if (g.state_path != NULL) {
		if (state_save(&st, g.state_path, g.t.in, argv, argc,
		    &e) == -1) {
			warnx("--state: %s", e.msg);
			g.t.rv = EXIT_TROUBLE;
		}
		state_release(&st);
	}
	tool_stats(&g.t, "lines_in=%llu records_out=%llu rejected=%llu "
	    "no_time=%llu skipped=%llu continuation_lines=%llu",
	    (unsigned long long)g.t.lines_in,
	    (unsigned long long)g.records,
	    (unsigned long long)g.t.rejected,
	    (unsigned long long)g.untimed,
	    (unsigned long long)g.skipped,
	    (unsigned long long)g.continued);
	logparse_free(g.lp);
	path_free(g.time_path);
	path_free(g.journald_time);
	for (i = 0; i < NELEM(g.cand); i++)
		path_free(g.cand[i]);
	record_release(&g.rec);
	fields_release(&g.fl);
	strbuf_release(&g.sb);
	strbuf_release(&g.pending_raw);
	return tool_finish(&g.t);
}
