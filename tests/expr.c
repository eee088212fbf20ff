/* SPDX-License-Identifier: MIT */
/* expr.c -- test driver of lib/expr: evaluate an expression per record. */
#include <err.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr.h"
#include "io/input.h"
#include "json/record.h"
#include "core/strbuf.h"

static const struct option longopts[] = {
	{ "help",	no_argument,	NULL,	'h' },
	{ "test",	no_argument,	NULL,	't' },
	{ NULL,		0,		NULL,	0 }
};

static void NORETURN
usage(FILE *fp, int status)
{
	fputs("usage: sluice-expr [-ht] expr < records.ndjson\n", fp);
	exit(status);
}

/*
 * sluice-expr [--test] EXPR: compile EXPR (a compile error is
 * "column N: message", exit 2), then print its value as JSON, or with
 * --test "true" or "false", for each record read from stdin.  prev()
 * sees the values of the record before.  Exit 1 if a line was not a
 * JSON object.  The locale comes from the environment, as a tool's may,
 * to show that expressions do not depend on it.
 */
int
main(int argc, char *argv[])
{
	struct record rec = RECORD_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err e;
	struct expr_env env;
	struct xval *prev = NULL, *cur = NULL, v;
	struct input *in;
	struct expr *x;
	struct line ln;
	size_t k, np;
	int ch, r, rv = 0, test = 0;

	setlocale(LC_ALL, "");
	while ((ch = getopt_long(argc, argv, "ht", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout, 0);
		case 't':
			test = 1;
			break;
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage(stderr, EXIT_TROUBLE);

	if ((x = expr_compile(argv[0], &e)) == NULL)
		errx(EXIT_TROUBLE, "column %zu: %s", e.col, e.msg);
	if ((np = expr_nprev(x)) > 0) {
		prev = calloc(np, sizeof(*prev));
		cur = calloc(np, sizeof(*cur));
		if (prev == NULL || cur == NULL)
			err(EXIT_TROUBLE, "calloc");
	}
	env.prev = prev;
	env.cur = cur;
	env.rec = &rec;

	in = input_new(0);
	input_add(in, NULL, 0, 0);
	while ((r = input_next(in, &ln, &e)) != 0) {
		if (r == -1)
			errx(EXIT_TROUBLE, "%s", e.msg);
		if (ln.p == NULL || ln.len == 0)
			continue;
		if (record_parse(&rec, ln.p, ln.len, &e) == -1) {
			warnx("%s:%llu:%zu: %s", ln.name,
			    (unsigned long long)ln.lineno, e.col, e.msg);
			rv = EXIT_DATA;
			continue;
		}
		strbuf_reset(&sb);
		if (test)
			strbuf_addstr(&sb, expr_test(x, &env) ? "true" :
			    "false");
		else {
			expr_eval(x, &env, &v);
			xval_to_json(&v, &sb);
		}
		strbuf_addch(&sb, '\n');
		if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len)
			err(EXIT_TROUBLE, "stdout");
		for (k = 0; k < np; k++) {
			xval_free(&prev[k]);
			xval_copy(&prev[k], &cur[k]);
		}
	}
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EXIT_TROUBLE, "stdout");

	for (k = 0; k < np; k++)
		xval_free(&prev[k]);
	free(prev);
	free(cur);
	input_free(in);
	record_release(&rec);
	strbuf_release(&sb);
	expr_free(x);
	return rv;
}
