/* SPDX-License-Identifier: MIT */
/* aggregate.c -- counts, sums, percentiles... per window and group. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/hash.h"
#include "agg/agg.h"
#include "core/bytes.h"
#include "time/duration.h"
#include "expr/expr.h"
#include "agg/group.h"
#include "json/jsonw.h"
#include "json/record.h"
#include "time/timefmt.h"
#include "runtime/tool.h"
#include "stream/stream.h"

static const char usage[] =
"usage: aggregate [-huV] [-g keys] -a func[:field][=name] ... [--where expr]\n"
"                 [--interpolate] [--exact-limit n] [--distinct-limit n]\n"
"                 [--partial | --merge] [--every dur] [-t field]\n"
"                 [--reject file] [--stats] [--max-line size] [file ...]\n"
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
"  -t, --time FIELD      event time for first, last and rate\n"
"                        (default @timestamp)\n"
"      --reject FILE     write lines that cannot be read to FILE\n"
"      --stats           print counts on stderr at exit\n"
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
	OPT_EVERY
};

static const struct option longopts[] = {
	TOOL_LONGOPTS,
	TOOL_REJECT_LONGOPT,
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
	{ "time",	required_argument,	NULL,	't' },
	{ NULL,		0,			NULL,	0 }
};

struct aggregate {
	struct tool	 t;
	struct agg_spec	 spec;
	int		 have_spec;
	struct agg_input in;
	struct path	**by;
	int		 nby;
	struct expr	**byx;		/* --by-expr keys, after the paths */
	char		**byx_name;
	size_t		 nbyx;
	char		**key_names;	/* output names of the group keys */
	size_t		 nkeys;
	int		 keys_known;
	struct expr	*where;
	struct xval	*prev;
	struct xval	*cur;
	size_t		 nprev;
	struct path	*time_path;
	struct time_opts topts;
	int		 partial;
	int		 merge;
	int64_t		 every_ms;
	int64_t		 next_ms;
	struct group_windows ws;	/* the state, per window and group */
	struct record	 rec;
	struct strbuf	 key;
	struct strbuf	 out;
	struct strbuf	 scratch;
	uint64_t	 records;
	uint64_t	 aggregated;
	uint64_t	 filtered;
	uint64_t	 ctl;
	uint64_t	 empty;
	uint64_t	 groups_out;
	uint64_t	 windows_out;
};

/*
 * Write the groups of a window sorted by key: results, or partial
 * states with --partial.
 */
static void
emit_window(struct aggregate *g, struct group_window *w)
{
	struct group_out *og;
	struct strbuf *o = &g->out;
	double secs;
	size_t i, k, n = w->groups.n;

	if (n == 0)
		return;
	og = group_window_sorted(w, g->nkeys);
	secs = w->timed ? (double)(w->end - w->start) / 1e9 : 0;
	for (i = 0; i < n; i++) {
		strbuf_reset(o);
		if (w->json != NULL) {
			strbuf_addch(o, ',');
			stream_add_key(o, SK_WINDOW);
			strbuf_add(o, w->json, w->jlen);
		}
		for (k = 0; k < g->nkeys; k++) {
			strbuf_addch(o, ',');
			jsonw_string(o, g->key_names[k],
			    strlen(g->key_names[k]));
			strbuf_addch(o, ':');
			strbuf_add(o, og[i].key[k].p, og[i].key[k].n);
		}
		if (g->partial) {
			stream_partial_begin(o, agg_spec_canon(&g->spec),
			    strlen(agg_spec_canon(&g->spec)));
			agg_serialize(&g->spec, og[i].val, o);
			stream_partial_end(o);
		} else
			agg_result(&g->spec, og[i].val, secs, o);
		o->buf[0] = '{';
		strbuf_addch(o, '}');
		tool_emit(&g->t, o->buf, o->len);
		g->groups_out++;
	}
	if (w->json != NULL)
		g->windows_out++;
	free(og);
}

static void
free_acc(void *arg, void *acc)
{
	struct aggregate *g = arg;

	agg_free(&g->spec, acc);
}

/* End of input: every window in order, each closed, then the rest. */
static void
finish(struct aggregate *g)
{
	struct group_window **all, *w;
	size_t i, n;

	all = group_windows_ordered(&g->ws, &n);
	for (i = 0; i < n; i++) {
		w = all[i];
		emit_window(g, w);
		strbuf_reset(&g->out);
		stream_close(&g->out, w->json, w->jlen);
		tool_emit(&g->t, g->out.buf, g->out.len);
		group_window_drop(&g->ws, w);
	}
	free(all);
	emit_window(g, &g->ws.global);
	group_window_clear(&g->ws, &g->ws.global);
}

/* --every: the results so far, then a snapshot marker. */
static int64_t
snapshot_tick(void *arg, int64_t now)
{
	struct aggregate *g = arg;
	struct timespec ts;

	if (now < g->next_ms)
		return g->next_ms;
	g->next_ms = now + g->every_ms;
	if (!g->have_spec)
		return g->next_ms;
	emit_window(g, &g->ws.global);
	clock_gettime(CLOCK_REALTIME, &ts);
	strbuf_reset(&g->out);
	stream_snapshot(&g->out, (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec);
	tool_emit(&g->t, g->out.buf, g->out.len);
	return g->next_ms;
}

static void
do_ctl(struct aggregate *g, const struct line *ln)
{
	struct group_window *w;
	struct jval wv;

	if (stream_ctl_of(&g->rec) == CTL_CLOSE &&
	    stream_get_window(&g->rec, &wv)) {
		/* With --merge, other shards may still send its states. */
		if (g->merge && group_window_find(&g->ws, &wv, 1) != NULL)
			return;
		if (!g->merge && (w = group_window_find(&g->ws, &wv,
		    0)) != NULL) {
			emit_window(g, w);
			group_window_drop(&g->ws, w);
		}
	}
	tool_emit(&g->t, ln->p, ln->len);
}

/* The window of the current record: global, or NULL (rejected). */
static struct group_window *
record_window(struct aggregate *g, const struct line *ln)
{
	struct group_window *w;
	struct jval wv;

	if (!stream_get_window(&g->rec, &wv))
		return &g->ws.global;
	if ((w = group_window_find(&g->ws, &wv, 1)) == NULL)
		tool_reject_line(&g->t, ln, (size_t)(wv.p - ln->p) + 1,
		    "@window is not an object with start and end");
	return w;
}

/* The group of key text g->key in window w, created if new. */
static struct agg_acc *
find_group(struct aggregate *g, struct group_window *w, int *created)
{
	struct map_entry *grp;

	grp = map_insert(&w->groups, g->key.buf, g->key.len,
	    hash_bytes(g->key.buf, g->key.len), created);
	if (*created)
		grp->val = agg_new(&g->spec);
	return grp->val;
}

static void
do_record(struct aggregate *g, const struct line *ln)
{
	struct group_window *w;
	struct jval v;
	size_t k;
	int created, prec, i;

	if ((w = record_window(g, ln)) == NULL)
		return;
	strbuf_reset(&g->key);
	strbuf_addch(&g->key, '[');
	for (i = 0; i < g->nby; i++) {
		if (i > 0)
			strbuf_addch(&g->key, ',');
		if (!record_get(&g->rec, g->by[i], &v))
			v.type = JT_MISSING;
		canon_append(&g->key, &v);
	}
	for (k = 0; k < g->nbyx; k++) {
		struct expr_env env = { &g->rec, NULL, NULL };
		struct xval x;

		if (g->nby > 0 || k > 0)
			strbuf_addch(&g->key, ',');
		expr_eval(g->byx[k], &env, &x);
		xval_to_json(&x, &g->key);
	}
	strbuf_addch(&g->key, ']');
	agg_input_read(&g->in, &g->spec, &g->rec);
	if (g->spec.need_time)
		g->in.has_time = record_time(&g->rec, g->time_path, &g->topts,
		    &g->in.t, &prec) == 1;
	g->in.seq = g->t.lines_in;
	agg_add(&g->spec, find_group(g, w, &created), &g->in);
	g->aggregated++;
}

/* --by-expr NAME=EXPR: a group key computed from each record. */
static void
add_by_expr(struct aggregate *g, const char *arg)
{
	struct sluice_err e;
	const char *eq;
	struct expr *x;

	if ((eq = strchr(arg, '=')) == NULL || eq == arg)
		errx(EXIT_TROUBLE, "--by-expr %s: expected NAME=EXPRESSION",
		    arg);
	if ((x = expr_compile(eq + 1, &e)) == NULL)
		errx(EXIT_TROUBLE, "--by-expr %.*s, column %zu: %s",
		    (int)(eq - arg), arg, e.col, e.msg);
	g->byx = xreallocarray(g->byx, g->nbyx + 1, sizeof(*g->byx));
	g->byx_name = xreallocarray(g->byx_name, g->nbyx + 1,
	    sizeof(*g->byx_name));
	g->byx[g->nbyx] = x;
	g->byx_name[g->nbyx] = xstrndup(arg, (size_t)(eq - arg));
	g->nbyx++;
}

static void
check_names(struct aggregate *g)
{
	size_t i, k;

	for (i = 0; i < g->nkeys; i++)
		for (k = 0; k < g->spec.ndef; k++)
			if (strcmp(g->key_names[i], g->spec.def[k].name) == 0)
				errx(EXIT_TROUBLE, "'%s' is the name of a "
				    "group key and of a function (use =NAME)",
				    g->key_names[i]);
}

/* --merge: take the spec and key names of the first partial. */
static void
check_partial(struct aggregate *g, const struct line *ln,
    const struct jval *spec)
{
	struct sluice_err e;
	struct strbuf names = STRBUF_INIT;
	struct jiter it;
	struct jval k, v;
	const char *s;
	char *text;
	size_t n, i = 0;

	s = jval_str(spec, &g->scratch, &n);
	text = xstrndup(s, n);
	if (!g->have_spec) {
		if (agg_spec_parse(&g->spec, text, &e) == -1)
			errx(EXIT_TROUBLE, "%s:%llu: the spec of the partial "
			    "'%s', column %zu: %s", ln->name,
			    (unsigned long long)ln->lineno, text, e.col,
			    e.msg);
		g->have_spec = 1;
		agg_input_init(&g->in, &g->spec);
	} else if (strcmp(agg_spec_canon(&g->spec), text) != 0)
		errx(EXIT_TROUBLE, "%s:%llu: a partial of '-a %s', not of "
		    "'-a %s'", ln->name, (unsigned long long)ln->lineno,
		    text, agg_spec_canon(&g->spec));
	free(text);
	/* The group keys: every member but @window and @partial. */
	jiter_init(&it, &g->rec.root);
	while (jiter_next(&it, &k, &v)) {
		if (stream_partial_is_reserved(&k))
			continue;
		s = jval_str(&k, &g->scratch, &n);
		if (!g->keys_known) {
			g->key_names = xreallocarray(g->key_names,
			    g->nkeys + 1, sizeof(*g->key_names));
			g->key_names[g->nkeys++] = xstrndup(s, n);
		} else if (i >= g->nkeys || strlen(g->key_names[i]) != n ||
		    memcmp(g->key_names[i], s, n) != 0)
			goto keys;
		i++;
	}
	if (g->keys_known && i != g->nkeys)
		goto keys;
	if (!g->keys_known)
		check_names(g);
	g->keys_known = 1;
	strbuf_release(&names);
	return;
keys:
	for (i = 0; i < g->nkeys; i++) {
		if (i > 0)
			strbuf_addch(&names, ',');
		strbuf_addstr(&names, g->key_names[i]);
	}
	errx(EXIT_TROUBLE, "%s:%llu: the group keys are not those of the "
	    "other partials (%s)", ln->name, (unsigned long long)ln->lineno,
	    names.len ? names.buf : "none");
}

static void
do_partial(struct aggregate *g, const struct line *ln)
{
	struct sluice_err e;
	struct jval spec, state, k, v;
	struct jiter it;
	struct group_window *w;
	struct agg_acc *acc;
	struct map_entry *grp;
	char reason[200];
	int created, first = 1;

	if (stream_get_partial(&g->rec, &spec, &state) != 1) {
		tool_reject_line(&g->t, ln, 0, "not a partial state (no "
		    "@partial with spec and state)");
		return;
	}
	check_partial(g, ln, &spec);
	if ((w = record_window(g, ln)) == NULL)
		return;
	strbuf_reset(&g->key);
	strbuf_addch(&g->key, '[');
	jiter_init(&it, &g->rec.root);
	while (jiter_next(&it, &k, &v)) {
		if (stream_partial_is_reserved(&k))
			continue;
		if (!first)
			strbuf_addch(&g->key, ',');
		first = 0;
		canon_append(&g->key, &v);
	}
	strbuf_addch(&g->key, ']');
	acc = find_group(g, w, &created);
	if (agg_deserialize(&g->spec, acc, &state, &e) == -1) {
		if (created) {
			grp = map_find(&w->groups, g->key.buf, g->key.len,
			    hash_bytes(g->key.buf, g->key.len));
			agg_free(&g->spec, acc);
			map_remove(&w->groups, grp);
		}
		snprintf(reason, sizeof(reason), "bad partial state: %s",
		    e.msg);
		tool_reject_line(&g->t, ln, (size_t)(state.p - ln->p) + 1,
		    reason);
		return;
	}
	g->aggregated++;
}

static void
do_line(struct aggregate *g, const struct line *ln)
{
	struct sluice_err e;
	struct expr_env env;
	size_t k;
	int keep;

	if (bytes_blank_line(ln->p, ln->len)) {
		g->empty++;
		return;
	}
	if (record_parse(&g->rec, ln->p, ln->len, &e) == -1) {
		tool_reject_line(&g->t, ln, e.col, e.msg);
		return;
	}
	g->records++;
	if (stream_ctl_of(&g->rec) != CTL_NONE) {
		g->ctl++;
		do_ctl(g, ln);
		return;
	}
	if (g->where != NULL) {
		env.rec = &g->rec;
		env.prev = g->prev;
		env.cur = g->cur;
		keep = expr_test(g->where, &env);
		for (k = 0; k < g->nprev; k++) {
			xval_free(&g->prev[k]);
			xval_copy(&g->prev[k], &g->cur[k]);
		}
		if (!keep) {
			g->filtered++;
			return;
		}
	}
	if (g->merge)
		do_partial(g, ln);
	else
		do_record(g, ln);
}

static size_t
parse_limit(const char *opt, const char *arg)
{
	unsigned long long v;
	char *end;

	v = strtoull(arg, &end, 10);
	if (end == arg || *end != '\0' || v == 0 || v > 100000000 ||
	    arg[0] == '-')
		errx(EXIT_TROUBLE, "%s %s: expected a count from 1 to "
		    "100000000", opt, arg);
	return (size_t)v;
}

static void
parse_options(struct aggregate *g, int argc, char *argv[], size_t *exact,
    size_t *distinct, int *interpolate)
{
	struct sluice_err e;
	int64_t ns;
	int ch;

	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "a:g:t:", longopts,
	    NULL)) != -1) {
		if (tool_option(&g->t, ch, optarg))
			continue;
		switch (ch) {
		case 'a':
			if (agg_spec_parse(&g->spec, optarg, &e) == -1)
				errx(EXIT_TROUBLE, "-a %s, column %zu: %s",
				    optarg, e.col, e.msg);
			g->have_spec = 1;
			break;
		case 'g':
			if (g->by != NULL)
				errx(EXIT_TROUBLE, "--by is given twice (list "
				    "the keys in one --by a,b)");
			if ((g->nby = path_list(optarg, &g->by, &e)) == -1)
				errx(EXIT_TROUBLE, "--by %s, column %zu: %s",
				    optarg, e.col, e.msg);
			break;
		case 't':
			path_free(g->time_path);
			if ((g->time_path = path_compile(optarg, &e)) == NULL)
				errx(EXIT_TROUBLE, "-t %s, column %zu: %s",
				    optarg, e.col, e.msg);
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
			*interpolate = 1;
			break;
		case OPT_EXACT_LIMIT:
			*exact = parse_limit("--exact-limit", optarg);
			break;
		case OPT_DISTINCT_LIMIT:
			*distinct = parse_limit("--distinct-limit", optarg);
			break;
		case OPT_PARTIAL:
			g->partial = 1;
			break;
		case OPT_MERGE:
			g->merge = 1;
			break;
		case OPT_EVERY:
			if (duration_parse(optarg, &ns, &e) == -1)
				errx(EXIT_TROUBLE, "--every %s: %s", optarg,
				    e.msg);
			if (ns < NS_PER_MS)
				errx(EXIT_TROUBLE, "--every %s: must be at "
				    "least 1ms", optarg);
			g->every_ms = ns / NS_PER_MS;
			break;
		default:
			tool_usage(&g->t, EXIT_TROUBLE);
		}
	}
}

static void
setup(struct aggregate *g, int argc, char *argv[])
{
	struct sluice_err e;
	size_t exact = AGG_EXACT_LIMIT, distinct = AGG_DISTINCT_LIMIT;
	int i, interpolate = 0;

	memset(g, 0, sizeof(*g));
	tool_init(&g->t, "aggregate", usage, argv);
	agg_spec_init(&g->spec);
	group_windows_init(&g->ws, free_acc, g);
	g->topts.tz.kind = TZ_UTC;
	parse_options(g, argc, argv, &exact, &distinct, &interpolate);
	g->spec.exact_limit = exact;
	g->spec.distinct_limit = distinct;
	g->spec.interpolate = interpolate;
	if (g->partial && g->merge) {
		warnx("--partial and --merge exclude each other");
		tool_usage(&g->t, EXIT_TROUBLE);
	}
	if (!g->have_spec && !g->merge) {
		warnx("no function: give at least one -a, such as -a count");
		tool_usage(&g->t, EXIT_TROUBLE);
	}
	if (g->partial && g->every_ms > 0)
		errx(EXIT_TROUBLE, "--every writes results, not partial "
		    "states: drop --partial or --every");
	if (g->time_path == NULL)
		g->time_path = path_compile(STREAM_TIMESTAMP, &e);
	if (g->merge && g->nbyx > 0)
		errx(EXIT_TROUBLE, "--by-expr does not go with --merge: the "
		    "keys come from the partials");
	if (g->by != NULL || !g->merge) {
		g->nkeys = (size_t)g->nby + g->nbyx;
		g->key_names = xreallocarray(NULL, g->nkeys + 1,
		    sizeof(*g->key_names));
		for (i = 0; i < g->nby; i++)
			g->key_names[i] = xstrdup(g->by[i]->text);
		for (i = 0; i < (int)g->nbyx; i++)
			g->key_names[g->nby + i] = xstrdup(g->byx_name[i]);
		g->keys_known = 1;
	}
	if (g->have_spec) {
		check_names(g);
		agg_input_init(&g->in, &g->spec);
	}
	if (g->where != NULL && (g->nprev = expr_nprev(g->where)) > 0) {
		g->prev = xcalloc(g->nprev, sizeof(*g->prev));
		g->cur = xcalloc(g->nprev, sizeof(*g->cur));
	}
}

static void
cleanup(struct aggregate *g)
{
	size_t i;

	for (i = 0; i < g->nkeys; i++)
		free(g->key_names[i]);
	free(g->key_names);
	for (i = 0; i < g->nprev; i++)
		xval_free(&g->prev[i]);
	free(g->prev);
	free(g->cur);
	expr_free(g->where);
	for (i = 0; i < g->nbyx; i++) {
		expr_free(g->byx[i]);
		free(g->byx_name[i]);
	}
	free(g->byx);
	free(g->byx_name);
	path_list_free(g->by, g->nby);
	path_free(g->time_path);
	agg_input_release(&g->in);
	/* The states first: freeing them needs the spec. */
	group_windows_release(&g->ws);
	agg_spec_release(&g->spec);
	record_release(&g->rec);
	strbuf_release(&g->key);
	strbuf_release(&g->out);
	strbuf_release(&g->scratch);
}

int
main(int argc, char *argv[])
{
	struct aggregate g;
	struct line ln;
	struct strbuf sk = STRBUF_INIT;
	uint64_t skipped = 0;
	size_t k;

	setup(&g, argc, argv);
	argc -= optind;
	argv += optind;
	tool_open(&g.t, argc, argv, 0);
	if (g.every_ms > 0) {
		g.next_ms = input_now_ms() + g.every_ms;
		input_set_tick(g.t.in, snapshot_tick, &g);
	}
	while (tool_next_line(&g.t, &ln))
		do_line(&g, &ln);
	finish(&g);

	for (k = 0; k < g.spec.ndef; k++) {
		skipped += g.spec.def[k].skipped;
		if (g.spec.def[k].skipped > 0)
			strbuf_addf(&sk, " skipped_values.%s=%llu",
			    g.spec.def[k].name,
			    (unsigned long long)g.spec.def[k].skipped);
	}
	tool_stats(&g.t, "lines_in=%llu records_in=%llu aggregated=%llu "
	    "filtered=%llu rejected=%llu groups_out=%llu windows=%llu "
	    "ctl=%llu skipped_values=%llu empty=%llu%s",
	    (unsigned long long)g.t.lines_in,
	    (unsigned long long)g.records,
	    (unsigned long long)g.aggregated,
	    (unsigned long long)g.filtered,
	    (unsigned long long)g.t.rejected,
	    (unsigned long long)g.groups_out,
	    (unsigned long long)g.windows_out,
	    (unsigned long long)g.ctl,
	    (unsigned long long)skipped,
	    (unsigned long long)g.empty,
	    sk.len ? sk.buf : "");
	strbuf_release(&sk);
	cleanup(&g);
	return tool_finish(&g.t);
}
