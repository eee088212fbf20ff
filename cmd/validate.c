/* SPDX-License-Identifier: MIT */
/* validate.c -- pass the records that check out, reject the others. */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "expr/expr.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"
#include "schema/schema.h"
#include "core/strbuf.h"
#include "runtime/tool.h"
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

struct typecheck {
	struct path	*path;
	unsigned	 bits;
	char		*msg;		/* "must be string or null" */
};

struct rule {
	const char	*src;
	struct expr	*e;
	struct xval	*prev;		/* expr_nprev() prev() values */
	struct xval	*cur;
	size_t		 nprev;
	int		 ok;		/* its verdict on this record */
};

struct validate {
	struct tool		 t;
	const char		*schema_path;
	int			 schema_flags;
	struct schema		*schema;
	struct schema_run	 run;
	struct path		**req;
	int			 nreq;
	struct typecheck	*types;
	size_t			 ntypes;
	const char		**rule_src;
	struct rule		*rules;
	size_t			 nrules;
	struct record		 rec;
	struct strbuf		 sb;
	uint64_t		 records;
	uint64_t		 skipped;
};

static void
add_require(struct validate *v, const char *list)
{
	struct sluice_err e;
	struct path **p;
	int n, i;

	if ((n = path_list(list, &p, &e)) == -1)
		errx(EXIT_TROUBLE, "--require %s: column %zu: %s", list, e.col,
		    e.msg);
	v->req = xreallocarray(v->req, (size_t)(v->nreq + n),
	    sizeof(*v->req));
	for (i = 0; i < n; i++)
		v->req[v->nreq++] = p[i];
	free(p);
}

static void
add_type(struct validate *v, const char *arg)
{
	struct strbuf msg = STRBUF_INIT;
	struct sluice_err e;
	struct typecheck *tc;
	const char *eq;
	char *field;
	size_t i;

	if ((eq = strrchr(arg, '=')) == NULL || eq == arg)
		errx(EXIT_TROUBLE, "--type %s: expected FIELD=TYPE", arg);
	v->types = xreallocarray(v->types, v->ntypes + 1, sizeof(*v->types));
	tc = &v->types[v->ntypes];
	if (schema_type_bits(eq + 1, &tc->bits) == -1)
		errx(EXIT_TROUBLE, "--type %s: unknown type (try string, "
		    "number, integer, boolean, null, array, object)", arg);
	field = xstrndup(arg, (size_t)(eq - arg));
	if ((tc->path = path_compile(field, &e)) == NULL)
		errx(EXIT_TROUBLE, "--type %s: column %zu: %s", arg, e.col,
		    e.msg);
	free(field);
	strbuf_addstr(&msg, "must be ");
	for (i = 0; eq[1 + i] != '\0'; i++) {
		if (eq[1 + i] == '|') {
			strbuf_addstr(&msg, " or ");
			continue;
		}
		strbuf_addch(&msg, eq[1 + i]);
	}
	tc->msg = strbuf_detach(&msg, NULL);
	v->ntypes++;
}

static void
compile_rules(struct validate *v)
{
	struct sluice_err e;
	struct rule *r;
	size_t i, k;

	v->rules = xcalloc(v->nrules ? v->nrules : 1, sizeof(*v->rules));
	for (i = 0; i < v->nrules; i++) {
		r = &v->rules[i];
		r->src = v->rule_src[i];
		memset(&e, 0, sizeof(e));
		if ((r->e = expr_compile(r->src, &e)) == NULL)
			errx(EXIT_TROUBLE, "rule %zu, column %zu: %s", i + 1,
			    e.col, e.msg);
		if ((r->nprev = expr_nprev(r->e)) > 0) {
			r->prev = xcalloc(r->nprev, sizeof(*r->prev));
			r->cur = xcalloc(r->nprev, sizeof(*r->cur));
			for (k = 0; k < r->nprev; k++)
				r->prev[k].type = XT_NULL;
		}
	}
}

static void
load_schema(struct validate *v)
{
	struct strbuf text = STRBUF_INIT;
	struct sluice_err e;
	char buf[65536];
	size_t n;
	FILE *fp;

	if ((fp = fopen(v->schema_path, "r")) == NULL)
		err(EXIT_TROUBLE, "%s", v->schema_path);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&text, buf, n);
	if (ferror(fp))
		err(EXIT_TROUBLE, "%s", v->schema_path);
	fclose(fp);
	memset(&e, 0, sizeof(e));
	v->schema = schema_compile(text.buf ? text.buf : "", text.len,
	    v->schema_flags, &e);
	if (v->schema == NULL)
		errx(EXIT_TROUBLE, "%s:%zu:%zu: %s", v->schema_path, e.line,
		    e.col, e.msg);
	strbuf_release(&text);
}

static void
parse_options(struct validate *v, int argc, char *argv[])
{
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
			add_require(v, optarg);
			break;
		case 'r':
			v->rule_src = xreallocarray(v->rule_src,
			    v->nrules + 1, sizeof(*v->rule_src));
			v->rule_src[v->nrules++] = optarg;
			break;
		case OPT_TYPE:
			add_type(v, optarg);
			break;
		default:
			tool_usage(&v->t, EXIT_TROUBLE);
		}
	}
}

/* The JSON Pointer of a field path. */
static void
path_pointer(const struct path *p, struct strbuf *sb)
{
	size_t i;

	strbuf_reset(sb);
	for (i = 0; i < p->nseg; i++) {
		if (p->seg[i].key != NULL)
			schema_pointer_add(sb, p->seg[i].key, p->seg[i].klen);
		else
			strbuf_addf(sb, "/%ld", p->seg[i].index);
	}
	strbuf_addch(sb, '\0');
}

/*
 * The inline checks (--require, --type, --rule).  Rules are evaluated
 * once per record, their verdicts kept; with collect, errors go to the
 * run.  Returns whether all passed.
 */
static int
inline_checks(struct validate *v, const struct jval *root, int collect)
{
	struct expr_env env;
	struct rule *r;
	struct jval x;
	size_t i, k;
	int ok = 1;

	for (i = 0; i < (size_t)v->nreq; i++) {
		if (path_lookup(v->req[i], root, &x))
			continue;
		ok = 0;
		if (!collect)
			break;
		path_pointer(v->req[i], &v->sb);
		schema_run_add(&v->run, v->sb.buf, "required",
		    "required field is missing");
	}
	for (i = 0; i < v->ntypes && (ok || collect); i++) {
		if (!path_lookup(v->types[i].path, root, &x) ||
		    schema_type_is(v->types[i].bits, &x))
			continue;
		ok = 0;
		if (!collect)
			break;
		path_pointer(v->types[i].path, &v->sb);
		schema_run_add(&v->run, v->sb.buf, "type", "%s",
		    v->types[i].msg);
	}
	for (i = 0; i < v->nrules; i++) {
		r = &v->rules[i];
		if (!collect) {
			env.rec = &v->rec;
			env.prev = r->prev;
			env.cur = r->cur;
			r->ok = expr_test(r->e, &env);
			for (k = 0; k < r->nprev; k++) {
				xval_free(&r->prev[k]);
				xval_copy(&r->prev[k], &r->cur[k]);
			}
		}
		if (r->ok)
			continue;
		ok = 0;
		if (collect)
			schema_run_add(&v->run, "", "rule",
			    "rule %zu is false: %s", i + 1, r->src);
	}
	return ok;
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
	inline_checks(v, root, 1);
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
	int ok = 1;

	if (bytes_blank_line(ln->p, ln->len)) {
		v->skipped++;
		return;
	}
	if (scan_document(ln->p, ln->len, &root, &e) == -1) {
		tool_reject_line(&v->t, ln, e.col, e.msg);
		return;
	}
	record_adopt(&v->rec, ln->p, ln->len, &root);
	/* Control records always pass. */
	if (stream_ctl_of(&v->rec) != CTL_NONE)
		goto pass;
	if (v->schema != NULL &&
	    !schema_validate(v->schema, &root, &v->run, 0))
		ok = 0;
	if ((v->nreq > 0 || v->ntypes > 0 || v->nrules > 0) &&
	    !inline_checks(v, &root, 0))
		ok = 0;
	if (!ok) {
		reject(v, ln, &root);
		return;
	}
pass:
	v->records++;
	tool_emit(&v->t, ln->p, ln->len);
}

static void
validate_release(struct validate *v)
{
	size_t i, k;

	schema_free(v->schema);
	schema_run_release(&v->run);
	path_list_free(v->req, v->nreq);
	for (i = 0; i < v->ntypes; i++) {
		path_free(v->types[i].path);
		free(v->types[i].msg);
	}
	free(v->types);
	for (i = 0; i < v->nrules; i++) {
		expr_free(v->rules[i].e);
		for (k = 0; k < v->rules[i].nprev; k++)
			xval_free(&v->rules[i].prev[k]);
		free(v->rules[i].prev);
		free(v->rules[i].cur);
	}
	free(v->rules);
	free(v->rule_src);
	record_release(&v->rec);
	strbuf_release(&v->sb);
}

int
main(int argc, char *argv[])
{
	struct validate v;
	struct line ln;

	memset(&v, 0, sizeof(v));
	tool_init(&v.t, "validate", usage, argv);
	schema_run_init(&v.run, MAX_ERRORS);
	parse_options(&v, argc, argv);
	argc -= optind;
	argv += optind;

	compile_rules(&v);
	if (v.schema_path != NULL)
		load_schema(&v);
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
	validate_release(&v);
	return tool_finish(&v.t);
}
