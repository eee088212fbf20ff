/* SPDX-License-Identifier: MIT */
/* regexopt.c -- ingest's -f regex options: --regex, --format-file, --types. */
#include <err.h>
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

void
regexopt_setup(struct regexopt *x, struct reader_opts *ro, int format_given,
    int tz_given)
{
	struct sluice_err e;

	if (x->regex == NULL && x->format_file == NULL) {
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
		if (fmtfile_read(x->format_file, x->format_name, &x->def,
		    &e) == -1 ||
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
