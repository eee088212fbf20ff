/* SPDX-License-Identifier: MIT */
/* validate.c -- pass the records that check out, reject the others. */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "core/strbuf.h"
#include "io/file.h"
#include "json/record.h"
#include "json/scan.h"
#include "runtime/opt.h"
#include "runtime/tool.h"
#include "schema/checks.h"
#include "schema/schema.h"
#include "stream/stream.h"

static const char usage[] =
"usage: validate [-huV] [-s file] [--format-assert] [--require list]\n"
"                [-r expr]... [--type field=type]... [--reject file]\n"
"                [--stats] [--max-line size] [file ...]\n"
"\n"
"Pass the lines that are JSON and meet the checks, byte for byte; reject\n"
"the others with the reasons.\n"
"\n"
"  -s, --schema FILE     a JSON Schema (draft 2020-12) records must match\n"
"      --format-assert   check \"format\" (date-time, email, ipv4 ...) too\n"
"      --require LIST    fields that must be there: a,b.c,tags[0]\n"
"  -r, --rule EXPR       an expression that must be true (repeatable)\n"
"      --type FIELD=TYPE a field, when there, has this type: string,\n"
"                        number, integer, boolean, null, array, object,\n"
"                        or several joined by '|' (repeatable)\n"
"      --reject FILE     write rejected lines to FILE, with the reasons\n"
"      --stats           print counts on stderr at exit\n"
"      --metrics FILE    Prometheus counts to FILE (--metrics-every 5s)\n"
"      --max-line SIZE   reject longer lines (default 256M)\n"
"  -u, --unbuffered      flush after every record\n"
"  -h, --help            show this help\n"
"  -V, --version         show the version\n";

enum {
	OPT_FORMAT_ASSERT = TOOL_OPT_FIRST_PRIVATE,
	OPT_REQUIRE,
	OPT_TYPE
};

static const struct option longopts[] = {
	TOOL_LONGOPTS,
	TOOL_REJECT_LONGOPT,
	{ "schema",	required_argument,	NULL,	's' },
	{ "format-assert", no_argument,		NULL,	OPT_FORMAT_ASSERT },
	{ "require",	required_argument,	NULL,	OPT_REQUIRE },
	{ "rule",	required_argument,	NULL,	'r' },
	{ "type",	required_argument,	NULL,	OPT_TYPE },
	{ NULL,		0,			NULL,	0 }
};

/* Errors listed per rejected record; more are counted in a last one. */
#define MAX_ERRORS	100

struct validate {
	struct tool		 t;
	const char		*schema_path;
	int			 schema_flags;
	struct schema		*schema;
	struct schema_run	 run;
	struct checks		 checks;	/* --require, --type, -r */
	const char		**rule_src;
	size_t			 nrules;
	struct record		 rec;
	uint64_t		 records;
	uint64_t		 skipped;
};

static void
load_schema(struct validate *v)
{
	struct strbuf text = STRBUF_INIT;
	struct sluice_err e;

	if (file_read(v->schema_path, &text, &e) == -1)
		errx(EXIT_TROUBLE, "%s", e.msg);
	memset(&e, 0, sizeof(e));
	v->schema = schema_compile(text.buf, text.len, v->schema_flags, &e);
	if (v->schema == NULL)
		errx(EXIT_TROUBLE, "%s:%zu:%zu: %s", v->schema_path, e.line,
		    e.col, e.msg);
	strbuf_release(&text);
}

static void
parse_options(struct validate *v, int argc, char *argv[])
{
	struct sluice_err e;
	size_t i;
	int ch;

	while ((ch = getopt_long(argc, argv, TOOL_SHORTOPTS "r:s:", longopts,
	    NULL)) != -1) {
		if (tool_option(&v->t, ch, optarg))
			continue;
		switch (ch) {
		case 's':
			v->schema_path = optarg;
			break;
		case OPT_FORMAT_ASSERT:
			v->schema_flags |= SCHEMA_FORMAT_ASSERT;
			break;
		case OPT_REQUIRE:
			if (checks_add_require(&v->checks, optarg, &e) == -1)
				opt_err("--require", optarg, &e);
			break;
		case 'r':
			v->rule_src = xreallocarray(v->rule_src,
			    v->nrules + 1, sizeof(*v->rule_src));
			v->rule_src[v->nrules++] = optarg;
			break;
		case OPT_TYPE:
			if (checks_add_type(&v->checks, optarg, &e) == -1)
				opt_err("--type", optarg, &e);
			break;
		default:
			tool_usage(&v->t, EXIT_TROUBLE);
		}
	}
	for (i = 0; i < v->nrules; i++)
		if (checks_add_rule(&v->checks, v->rule_src[i], &e) == -1)
			errx(EXIT_TROUBLE, "rule %zu, column %zu: %s", i + 1,
			    e.col, e.msg);
}

/* A JSON string of s, cut before any byte that is not UTF-8. */
static json_t *
utf8_string(const char *s)
{
	return json_stringn(s, utf8_valid_prefix(s, strlen(s)));
}

static json_t *
error_entry(const char *path, const char *keyword, const char *message)
{
	json_t *o;

	o = json_object();
	json_object_set_new(o, "path", utf8_string(path));
	json_object_set_new(o, "keyword", utf8_string(keyword));
	json_object_set_new(o, "message", utf8_string(message));
	return o;
}

/* Reject a record that failed, listing why. */
static void
reject(struct validate *v, const struct line *ln, const struct jval *root)
{
	struct schema_error e;
	struct strbuf msg = STRBUF_INIT;
	json_t *errors;
	size_t i, n, total;

	schema_run_reset(&v->run);
	if (v->schema != NULL)
		schema_validate(v->schema, root, &v->run, 1);
	checks_explain(&v->checks, &v->rec, &v->run);
	n = schema_run_count(&v->run);
	total = n + v->run.more;
	errors = json_array();
	for (i = 0; i < n; i++) {
		schema_run_error(&v->run, i, &e);
		json_array_append_new(errors, error_entry(e.path, e.keyword,
		    e.message));
	}
	if (v->run.more > 0) {
		strbuf_addf(&msg, "... %zu more", v->run.more);
		json_array_append_new(errors, error_entry("", "", msg.buf));
		strbuf_reset(&msg);
	}
	if (n > 0) {
		schema_run_error(&v->run, 0, &e);
		if (e.path[0] != '\0')
			strbuf_addf(&msg, "%s: ", e.path);
		strbuf_addstr(&msg, e.message);
		if (total > 1)
			strbuf_addf(&msg, " (and %zu more)", total - 1);
	} else
		strbuf_addstr(&msg, "invalid");
	tool_reject_record(&v->t, ln, ln->p, ln->len, errors, msg.buf);
	strbuf_release(&msg);
}

static void
do_line(struct validate *v, const struct line *ln)
{
	struct sluice_err e;
	struct jval root;
	int ok = 1, r;

	if (bytes_blank_line(ln->p, ln->len)) {
		v->skipped++;
		return;
	}
	/* The checks find fields through an index, built in the scan. */
	if (checks_any(&v->checks))
		r = record_scan(&v->rec, ln->p, ln->len, &e);
	else if ((r = scan_document(ln->p, ln->len, &root, &e)) == 0)
		record_adopt(&v->rec, ln->p, ln->len, &root);
	if (r == -1) {
		tool_reject_line(&v->t, ln, e.col, e.msg);
		return;
	}
	root = v->rec.root;
	/* Control records always pass. */
	if (stream_ctl_of(&v->rec) != CTL_NONE)
		goto pass;
	if (v->schema != NULL &&
	    !schema_validate(v->schema, &root, &v->run, 0))
		ok = 0;
	if (checks_any(&v->checks) &&
	    !checks_test(&v->checks, &v->rec))
		ok = 0;
	if (!ok) {
		reject(v, ln, &root);
		return;
	}
pass:
	v->records++;
	tool_emit(&v->t, ln->p, ln->len);
}

/* --metrics: the counts of --stats. */
static void
put_metrics(void *arg, struct metrics *m)
{
	struct validate *v = arg;

	metrics_count(m, "records_out", v->records);
	metrics_count(m, "skipped", v->skipped);
}

int
main(int argc, char *argv[])
{
	struct validate v;
	struct checks checks = CHECKS_INIT;
	struct line ln;

	memset(&v, 0, sizeof(v));
	tool_init(&v.t, "validate", usage, argv);
	v.checks = checks;
	schema_run_init(&v.run, MAX_ERRORS);
	parse_options(&v, argc, argv);
	argc -= optind;
	argv += optind;

	if (v.schema_path != NULL)
		load_schema(&v);
	tool_set_metrics(&v.t, put_metrics, &v);
	tool_open(&v.t, argc, argv, 0);
	while (tool_next_line(&v.t, &ln)) {
		do_line(&v, &ln);
		tool_progress(&v.t, v.records);
	}
	tool_stats(&v.t, "lines_in=%llu records_out=%llu rejected=%llu "
	    "skipped=%llu", (unsigned long long)v.t.lines_in,
	    (unsigned long long)v.records,
	    (unsigned long long)v.t.rejected,
	    (unsigned long long)v.skipped);
	schema_free(v.schema);
	schema_run_release(&v.run);
	checks_release(&v.checks);
	free(v.rule_src);
	record_release(&v.rec);
	return tool_finish(&v.t);
}
