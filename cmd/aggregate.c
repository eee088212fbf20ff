/* SPDX-License-Identifier: MIT */
/* aggregate.c -- counts, sums, percentiles... per window and group. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/aggregator.h"
#include "agg/early.h"
#include "core/bytes.h"
#include "expr/expr.h"
#include "json/record.h"
#include "runtime/aggcount.h"
#include "runtime/durable.h"
#include "runtime/opt.h"
#include "runtime/shards.h"
#include "runtime/tool.h"
#include "stream/stream.h"
#include "time/duration.h"

static const char usage[] =
"usage: aggregate [-huV] [-g keys] -a func[:field][=name] ... [--where expr]\n"
"                 [--interpolate] [--exact-limit n] [--distinct-limit n]\n"
"                 [--partial | --merge] [--every dur] [--early dur]\n"
"                 [-t field] [--state file [--drain]] [--reject file]\n"
"                 [--stats] [--max-line size] [file ...]\n"
"\n"
"Aggregate records per window (@window) and group: one record per group\n"
"when its window closes, and for the records outside windows at the end.\n"
"\n"
"  -g, --by KEYS         group by these fields (paths, comma-separated)\n"
"      --by-expr N=EXPR  also group by the value of EXPR, named N\n"
"  -a, --agg FUNCS       FUNC[:FIELD][=NAME], comma-separated, repeatable;\n"
"                        count sum min max mean var stddev first last\n"
"                        distinct pNN median topK rate\n"
"      --where EXPR      aggregate only the records where EXPR is true\n"
"      --interpolate     percentiles by linear interpolation (R type 7)\n"
"                        instead of the nearest rank\n"
"      --exact-limit N   exact percentiles and top counts up to N values\n"
"                        per group, then sketches (default 10000)\n"
"      --distinct-limit N  exact distinct counts up to N values per group,\n"
"                        then HyperLogLog (default 10000)\n"
"      --partial         write mergeable states instead of results\n"
"      --merge           merge the states written by --partial\n"
"      --every DUR       also write the results every DUR of wall-clock time\n"
"      --early DUR       also write provisional rows of open windows that\n"
"                        changed: when input pauses, else within DUR\n"
"  -t, --time FIELD      event time for first, last and rate\n"
"                        (default @timestamp)\n"
"      --state FILE      keep the open groups in FILE across runs and\n"
"                        checkpoints; the end of input is a pause\n"
"      --drain           with --state, write every group at the end\n"
"      --reject FILE     write lines that cannot be read to FILE\n"
"      --stats           print counts on stderr at exit\n"
"      --metrics FILE    Prometheus counts to FILE (--metrics-every 5s)\n"
"      --max-line SIZE   reject longer lines (default 256M)\n"
"  -u, --unbuffered      flush after every record\n"
"  -h, --help            show this help\n"
"  -V, --version         show the version\n";

enum {
	OPT_WHERE = TOOL_OPT_FIRST_PRIVATE,
	OPT_BY_EXPR,
	OPT_INTERPOLATE,
	OPT_EXACT_LIMIT,
	OPT_DISTINCT_LIMIT,
	OPT_PARTIAL,
	OPT_MERGE,
	OPT_EVERY,
	OPT_EARLY
};

static const struct option longopts[] = {
	TOOL_LONGOPTS,
	TOOL_REJECT_LONGOPT,
	TOOL_STATE_LONGOPTS,
	{ "by",		required_argument,	NULL,	'g' },
	{ "agg",	required_argument,	NULL,	'a' },
	{ "where",	required_argument,	NULL,	OPT_WHERE },
	{ "by-expr",	required_argument,	NULL,	OPT_BY_EXPR },
	{ "interpolate", no_argument,		NULL,	OPT_INTERPOLATE },
	{ "exact-limit", required_argument,	NULL,	OPT_EXACT_LIMIT },
	{ "distinct-limit", required_argument,	NULL,	OPT_DISTINCT_LIMIT },
	{ "partial",	no_argument,		NULL,	OPT_PARTIAL },
	{ "merge",	no_argument,		NULL,	OPT_MERGE },
	{ "every",	required_argument,	NULL,	OPT_EVERY },
	{ "early",	required_argument,	NULL,	OPT_EARLY },
	{ "time",	required_argument,	NULL,	't' },
	{ NULL,		0,			NULL,	0 }
};

/* The largest --exact-limit and --distinct-limit. */
#define LIMIT_MAX	100000000

struct aggregate {
	struct tool	 t;
	struct aggregator a;		/* the windows, groups and states */
	struct expr	*where;
	struct expr_memo memo;		/* --where's prev() values */
	int64_t		 every_ms;	/* --every, 0: off */
	int64_t		 early_ms;	/* --early, 0: off */
	struct early	 early;		/* their output */
	struct record	 rec;
	struct strbuf	 why;
	struct durable	 durable;	/* --state */
	struct shard_tally shard;	/* --merge: the shards' trailers */
	char		*config[2];	/* what the state depends on */
	struct aggcount	 n;		/* --stats, --metrics */
};

/* The aggregator's rows go to stdout. */
static void
emit(void *arg, const char *p, size_t n)
{
	tool_emit(arg, p, n);
}

/* "OPT ARG, column N: message" and exit 2. */
static NORETURN void
bad_arg(const char *opt, const char *arg, const struct sluice_err *e)
{
	errx(EXIT_TROUBLE, "%s %s, column %zu: %s", opt, arg, e->col,
	    e->msg);
}

/* "FILE:LINE: why" and exit 2. */
static NORETURN void
fatal(struct aggregate *g, const struct line *ln)
{
	errx(EXIT_TROUBLE, "%s:%llu: %s", ln->name,
	    (unsigned long long)ln->lineno, g->why.buf);
}

static void
do_line(struct aggregate *g, const struct line *ln)
{
	enum stream_ctl kind;
	const char *why;
	struct sluice_err e;
	int fwd;

	if (bytes_blank_line(ln->p, ln->len)) {
		g->n.empty++;
		return;
	}
	if (record_parse(&g->rec, ln->p, ln->len, &e) == -1) {
		tool_reject_line(&g->t, ln, e.col, e.msg);
		return;
	}
	g->n.records++;
	kind = stream_ctl_of(&g->rec);
	if (g->t.state_path != NULL &&
	    durable_record(&g->durable, &g->rec, kind))
		return;
	if (kind != CTL_NONE) {
		g->n.ctl++;
		if (kind == CTL_SHARD && g->a.merge) {
			if (shard_trailer(&g->shard, &g->rec, &g->why) == -1)
				fatal(g, ln);
			return;
		}
		if ((fwd = aggregator_ctl(&g->a, &g->rec, &g->why)) == -1)
			fatal(g, ln);
		if (fwd)
			tool_emit(&g->t, ln->p, ln->len);
		return;
	}
	if (g->a.merge)
		shard_partial(&g->shard, ln->lineno);
	if (g->where != NULL && !expr_memo_eval(g->where, &g->rec, &g->memo,
	    NULL)) {
		if ((why = expr_fault(g->where)) != NULL) {
			strbuf_reset(&g->why);
			strbuf_addf(&g->why, "--where cannot be decided: %s",
			    why);
			tool_reject_line(&g->t, ln, 0, g->why.buf);
		} else
			g->n.filtered++;
		return;
	}
	switch (aggregator_record(&g->a, &g->rec, g->t.lines_in, &e,
	    &g->why)) {
	case AGGREGATOR_TAKEN:
		break;
	case AGGREGATOR_REJECT:
		tool_reject_line(&g->t, ln, e.col, e.msg);
		break;
	case AGGREGATOR_FATAL:
		fatal(g, ln);
	}
}

/* --by-expr NAME=EXPR: a group key computed from each record. */
static void
add_by_expr(struct aggregate *g, const char *arg)
{
	struct sluice_err e;
	const char *eq;
	struct expr *x;
	char *name;

	if ((eq = strchr(arg, '=')) == NULL || eq == arg)
		errx(EXIT_TROUBLE, "--by-expr %s: expected NAME=EXPRESSION",
		    arg);
	if ((x = expr_compile(eq + 1, &e)) == NULL)
		errx(EXIT_TROUBLE, "--by-expr %.*s, column %zu: %s",
		    (int)(eq - arg), arg, e.col, e.msg);
	name = xstrndup(arg, (size_t)(eq - arg));
	aggregator_add_key_expr(&g->a, name, x);
	free(name);
}

static void
parse_options(struct aggregate *g, int argc, char *argv[])
{
	struct aggregator *a = &g->a;
	struct sluice_err e;
	int ch;

	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "a:g:t:", longopts,
	    NULL)) != -1) {
		if (tool_option(&g->t, ch, optarg))
			continue;
		switch (ch) {
		case 'a':
			if (agg_spec_parse(&a->spec, optarg, &e) == -1)
				bad_arg("-a", optarg, &e);
			a->have_spec = 1;
			break;
		case 'g':
			if (a->by != NULL)
				errx(EXIT_TROUBLE, "--by is given twice (list "
				    "the keys in one --by a,b)");
			if ((a->nby = path_list(optarg, &a->by, &e)) == -1)
				bad_arg("--by", optarg, &e);
			break;
		case 't':
			path_free(a->time_path);
			if ((a->time_path = path_compile(optarg, &e)) == NULL)
				bad_arg("-t", optarg, &e);
			break;
		case OPT_BY_EXPR:
			add_by_expr(g, optarg);
			break;
		case OPT_WHERE:
			expr_free(g->where);
			if ((g->where = expr_compile(optarg, &e)) == NULL)
				errx(EXIT_TROUBLE, "--where, column %zu: %s",
				    e.col, e.msg);
			break;
		case OPT_INTERPOLATE:
			a->spec.interpolate = 1;
			break;
		case OPT_EXACT_LIMIT:
			a->spec.exact_limit = (size_t)opt_int("--exact-limit",
			    optarg, 1, LIMIT_MAX);
			break;
		case OPT_DISTINCT_LIMIT:
			a->spec.distinct_limit = (size_t)opt_int(
			    "--distinct-limit", optarg, 1, LIMIT_MAX);
			break;
		case OPT_PARTIAL:
			a->partial = 1;
			break;
		case OPT_MERGE:
			a->merge = 1;
			break;
		case OPT_EVERY:
			g->every_ms = opt_duration("--every", optarg,
			    NS_PER_MS) / NS_PER_MS;
			break;
		case OPT_EARLY:
			g->early_ms = opt_duration("--early", optarg,
			    NS_PER_MS) / NS_PER_MS;
			break;
		default:
			tool_usage(&g->t, EXIT_TROUBLE);
		}
	}
}

static void
setup(struct aggregate *g, int argc, char *argv[])
{
	struct aggregator *a = &g->a;

	memset(g, 0, sizeof(*g));
	tool_init(&g->t, "aggregate", usage, argv);
	aggregator_init(a, emit, &g->t);
	parse_options(g, argc, argv);
	if (a->partial && a->merge) {
		warnx("--partial and --merge exclude each other");
		tool_usage(&g->t, EXIT_TROUBLE);
	}
	if (!a->have_spec && !a->merge) {
		warnx("no function: give at least one -a, such as -a count");
		tool_usage(&g->t, EXIT_TROUBLE);
	}
	if (a->partial && g->every_ms > 0)
		errx(EXIT_TROUBLE, "--every writes results, not partial "
		    "states: drop --partial or --every");
	if (g->early_ms > 0 && (a->partial || a->merge))
		errx(EXIT_TROUBLE, "--early writes provisional results, which "
		    "partial states cannot carry: drop --early or --%s",
		    a->partial ? "partial" : "merge");
	if (a->merge && a->nbyx > 0)
		errx(EXIT_TROUBLE, "--by-expr does not go with --merge: the "
		    "keys come from the partials");
	if (g->t.state_path != NULL && (a->merge || a->partial))
		errx(EXIT_TROUBLE, "--state keeps results, not partial "
		    "states: drop --partial or --merge");
	if (g->t.drain && g->t.state_path == NULL)
		errx(EXIT_TROUBLE, "--drain goes with --state");
	expr_memo_init(&g->memo, g->where);
	a->hold_meta = g->t.state_path != NULL;
	if (aggregator_start(a, &g->why) == -1)
		errx(EXIT_TROUBLE, "%s", g->why.buf);
}

static void
state_save(void *arg, struct strbuf *body)
{
	struct aggregate *g = arg;

	/* --where's prev() values first, then the groups. */
	expr_memo_write(&g->memo, body);
	strbuf_addch(body, '\n');
	aggregator_save(&g->a, body);
}

static int
state_load(void *arg, const char *body, size_t n, struct sluice_err *err)
{
	struct aggregate *g = arg;
	const char *nl;
	struct jval v;

	if (n == 0)
		return aggregator_load(&g->a, body, n, err);
	if ((nl = memchr(body, '\n', n)) == NULL ||
	    scan_document(body, (size_t)(nl - body), &v, err) == -1 ||
	    expr_memo_read(&g->memo, g->where, &v) == -1)
		return err_set(err, 0, "line 1 of the aggregate state is not "
		    "one");
	return aggregator_load(&g->a, nl + 1, n - (size_t)(nl + 1 - body),
	    err);
}

static void
state_drain(void *arg)
{
	struct aggregate *g = arg;

	aggregator_finish(&g->a);
}

static const struct stage_state_ops state_ops = {
	state_save, state_load, state_drain
};

/* --state FILE: named by the functions, the keys and --where. */
static void
open_state(struct aggregate *g)
{
	struct strbuf sb = STRBUF_INIT;
	struct snapid who;
	size_t k;

	strbuf_addf(&sb, "-a %s", agg_spec_canon(&g->a.spec));
	g->config[0] = strbuf_detach(&sb, NULL);
	strbuf_addstr(&sb, "--by");
	for (k = 0; k < g->a.nkeys; k++)
		strbuf_addf(&sb, "%s%s", k ? "," : " ", g->a.keys[k]);
	strbuf_addf(&sb, " --where %s", g->where ? expr_text(g->where) : "");
	g->config[1] = strbuf_detach(&sb, NULL);
	who.tool = "aggregate";
	who.config = (const char **)g->config;
	who.nconfig = 2;
	durable_open(&g->durable, &g->t, g->t.state_path, &who, &state_ops,
	    g, g->t.drain);
}

int
main(int argc, char *argv[])
{
	struct aggregate g;
	struct line ln;
	struct strbuf sk = STRBUF_INIT;
	size_t k;
	int absent;

	setup(&g, argc, argv);
	argc -= optind;
	argv += optind;
	g.n.a = &g.a;
	g.n.early = g.early_ms > 0 ? &g.early : NULL;
	tool_set_metrics(&g.t, aggcount_metrics, &g.n);
	tool_open(&g.t, argc, argv, 0);
	if (g.t.state_path != NULL)
		open_state(&g);
	early_init(&g.early, &g.a, g.early_ms, g.every_ms, input_now_ms(),
	    emit, &g.t);
	if (g.every_ms > 0 || g.early_ms > 0)
		tool_set_tick(&g.t, early_tick, &g.early);
	if (g.early_ms > 0)
		tool_set_idle(&g.t, early_idle, &g.early);
	while (tool_next_line(&g.t, &ln))
		do_line(&g, &ln);
	if (g.t.state_path != NULL) {
		durable_end(&g.durable);
		durable_close(&g.durable);
		free(g.config[0]);
		free(g.config[1]);
	} else {
		if (g.a.merge && !g.t.stop)
			shards_check(&g.shard, &g.t);
		aggregator_finish(&g.a);
	}
	if (g.a.partial && !g.t.stop)
		shards_trailer(&g.t, g.a.groups_out);

	for (k = 0; !g.a.merge && g.a.aggregated > 0; k++) {
		strbuf_reset(&sk);
		if ((absent = aggregator_absent(&g.a, k, &sk)) == -1)
			break;
		if (absent)
			warnx("%s", sk.buf);
	}
	aggcount_stats(&g.n, &g.t);
	strbuf_release(&sk);
	early_release(&g.early);
	expr_memo_release(&g.memo);
	expr_free(g.where);
	aggregator_release(&g.a);
	record_release(&g.rec);
	shard_release(&g.shard);
	strbuf_release(&g.why);
	return tool_finish(&g.t);
}
