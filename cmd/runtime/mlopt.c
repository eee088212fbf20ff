/* SPDX-License-Identifier: MIT */
/* mlopt.c -- ingest's --multiline options: pattern, limits, checked. */
#include <err.h>
#include <stdint.h>
#include <string.h>

#include "runtime/mlopt.h"
#include "runtime/opt.h"
#include "runtime/tool.h"

void
mlopt_option(struct multiline_opts *o, const char *name, const char *arg)
{
	struct sluice_err e;

	if (strcmp(name, "multiline-max-lines") == 0)
		o->max_lines = (size_t)opt_int("--multiline-max-lines", arg, 1,
		    INT32_MAX);
	else if (strcmp(name, "multiline-max-bytes") == 0)
		o->max_bytes = opt_size("--multiline-max-bytes", arg);
	else if (multiline_check(arg, &e) == -1)
		opt_err("--multiline", arg, &e);
	else
		o->pattern = arg;
}

void
mlopt_setup(const struct multiline_opts *o, enum logformat f)
{
	struct sluice_err e;

	if (o->pattern == NULL && (o->max_lines > 0 || o->max_bytes > 0))
		errx(EXIT_TROUBLE, "--multiline-max-lines and "
		    "--multiline-max-bytes go with --multiline");
	/* -f auto: each file whose format takes it (reader_new()). */
	if (o->pattern != NULL && f != LF_AUTO && !multiline_takes(f, &e))
		errx(EXIT_TROUBLE, "--multiline: %s", e.msg);
}
