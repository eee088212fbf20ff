/* SPDX-License-Identifier: MIT */
/*
 * regexopt.c -- ingest's -f regex options: --regex, --format-file,
 * --types; -f NAME of a bundled format, -f list.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "runtime/opt.h"
#include "runtime/regexopt.h"
#include "runtime/tool.h"

/* A mistake in the format file: "FILE:LINE:COL: message", exit 2. */
static NORETURN void
file_err(const char *path, const struct sluice_err *e)
{
	if (e->line == 0)
		errx(EXIT_TROUBLE, "%s: %s", path, e->msg);
	if (e->col == 0)
		errx(EXIT_TROUBLE, "%s:%zu: %s", path, e->line, e->msg);
	errx(EXIT_TROUBLE, "%s:%zu:%zu: %s", path, e->line, e->col, e->msg);
}

/* What each built-in format reads, for -f list; by name. */
static const struct {
	const char	*name;
	const char	*desc;
} builtin_desc[] = {
	{ "auto",	"guess from the first lines of each file" },
	{ "ndjson",	"JSON, one object a line (also json, jsonl)" },
	{ "journald",	"journalctl -o json" },
	{ "csv",	"comma-separated values, a header line" },
	{ "tsv",	"tab-separated values, a header line" },
	{ "logfmt",	"key=value pairs (Heroku, Go's slog)" },
	{ "clf",	"Common Log Format (Apache, nginx)" },
	{ "combined",	"Combined Log Format: clf, referer, user agent" },
	{ "syslog",	"RFC 3164 and RFC 5424 syslog" },
	{ "text",	"any line: a time at its start, a message" },
	{ "regex",	"user-defined: --regex or --format-file" },
	{ "cri",	"Kubernetes container logs (CRI)" },
	{ "errorlog",	"Apache httpd and nginx error logs" },
	{ "log4j",	"date time LEVEL [thread] logger: message" },
	{ "glog",	"Google's glog (Kubernetes components)" },
	{ "elb",	"AWS ALB and Classic ELB access logs" },
	{ "w3c",	"W3C extended log (IIS), #Fields header" },
	{ "haproxy",	"HAProxy HTTP and TCP logs" }
};

/* The description of built-in format name, or "". */
static const char *
builtin_describe(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(builtin_desc); i++)
		if (strcmp(builtin_desc[i].name, name) == 0)
			return builtin_desc[i].desc;
	return "";
}

/* -f list: each format and what it reads, on stdout; exit 0. */
static NORETURN void
list_formats(void)
{
	size_t i;

	printf("Built in:\n");
	for (i = 0; i < logformat_count(); i++)
		printf("  %-10s %s\n", logformat_name((enum logformat)i),
		    builtin_describe(logformat_name((enum logformat)i)));
	printf("Bundled (-f NAME is -f regex with its format file):\n");
	for (i = 0; i < bundled_count; i++)
		printf("  %-10s %s\n", bundled_fmts[i].name,
		    bundled_fmts[i].desc);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EXIT_TROUBLE, "stdout");
	exit(0);
}

/* An unknown -f: every name, exit 2. */
static NORETURN void
unknown_format(const char *arg)
{
	char list[1024];
	size_t i, k = 0;
	int w;

	for (i = 0; i < logformat_count() + bundled_count; i++) {
		w = snprintf(list + k, sizeof(list) - k, "%s%s",
		    i == 0 ? "" : i == logformat_count() ? "; bundled: " : ", ",
		    i < logformat_count() ? logformat_name((enum logformat)i) :
		    bundled_fmts[i - logformat_count()].name);
		if (w < 0 || (size_t)w >= sizeof(list) - k)
			break;
		k += (size_t)w;
	}
	errx(EXIT_TROUBLE, "unknown format '%s' (try %s; -f list describes "
	    "them)", arg, list);
}

void
regexopt_format(struct regexopt *x, const char *arg, enum logformat *f)
{
	x->bundled = NULL;
	if (logformat_parse(arg, f) == 0)
		return;
	if (strcmp(arg, "list") == 0)
		list_formats();
	if ((x->bundled = bundled_find(arg)) == NULL)
		unknown_format(arg);
	*f = LF_REGEX;
}

/* The bundled format's definition into x->def and x->rf; exit 2 if bad. */
static void
read_bundled(struct regexopt *x)
{
	struct sluice_err e;

	if (bundled_read(x->bundled, &x->def, &e) == -1 ||
	    (x->rf = fmtdef_compile(&x->def, &e)) == NULL)
		errx(EXIT_TROUBLE, "bundled format %s:%zu: %s",
		    x->bundled->name, e.line, e.msg);
}

void
regexopt_setup(struct regexopt *x, struct reader_opts *ro, int format_given,
    int tz_given)
{
	struct sluice_err e;

	if (x->bundled != NULL && (x->regex != NULL ||
	    x->format_file != NULL))
		errx(EXIT_TROUBLE, "-f %s is a bundled format: it excludes "
		    "--regex and --format-file", x->bundled->name);
	if (x->regex == NULL && x->format_file == NULL &&
	    x->bundled == NULL) {
		if (ro->format == LF_REGEX)
			errx(EXIT_TROUBLE, "-f regex needs --regex or "
			    "--format-file");
		if (x->types != NULL || x->format_name != NULL)
			errx(EXIT_TROUBLE, "--types and --format-name go with "
			    "--regex or --format-file");
		return;
	}
	if (x->regex != NULL && x->format_file != NULL)
		errx(EXIT_TROUBLE, "--regex and --format-file exclude each "
		    "other");
	if (format_given && ro->format != LF_REGEX)
		errx(EXIT_TROUBLE, "--regex and --format-file go with "
		    "-f regex");
	if (x->format_name != NULL && x->format_file == NULL)
		errx(EXIT_TROUBLE, "--format-name goes with --format-file");
	ro->format = LF_REGEX;
	if (x->regex != NULL) {
		if ((x->rf = regexfmt_new(x->regex, strlen(x->regex),
		    &e)) == NULL)
			opt_err("--regex", x->regex, &e);
	} else {
		if (x->bundled != NULL)
			read_bundled(x);
		else if (fmtfile_read(x->format_file, x->format_name,
		    &x->def, &e) == -1 ||
		    (x->rf = fmtdef_compile(&x->def, &e)) == NULL ||
		    (!tz_given && fmtdef_tz(&x->def, &ro->topts.tz,
		    &e) == -1))
			file_err(x->format_file, &e);
		if (ro->time_field == NULL)
			ro->time_field = x->def.time.s;
		if (ro->topts.format == NULL)
			ro->topts.format = x->def.time_format.s;
		ro->lpo.tz = ro->topts.tz;
	}
	if (x->types != NULL && regexfmt_types(x->rf, x->types, &e) == -1)
		opt_err("--types", x->types, &e);
	ro->lpo.regex = x->rf;
}

void
regexopt_release(struct regexopt *x)
{
	regexfmt_free(x->rf);
	fmtdef_release(&x->def);
	x->rf = NULL;
}
