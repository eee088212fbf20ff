/* SPDX-License-Identifier: MIT */
/* regexopt.h -- ingest's -f regex options: --regex, --format-file, --types. */
#ifndef SLUICE_REGEXOPT_RT_H
#define SLUICE_REGEXOPT_RT_H

#include "parse/fmtfile.h"
#include "parse/reader.h"
#include "parse/regexfmt.h"

/* The options as given (pointers into argv), and what they compile to. */
struct regexopt {
	const char	*regex;		/* --regex */
	const char	*format_file;	/* --format-file */
	const char	*format_name;	/* --format-name */
	const char	*types;		/* --types */
	struct fmtdef	 def;		/* read from format_file */
	struct regexfmt	*rf;		/* the compiled format, owned */
};

/*
 * Check the options against each other and -f (format_given: -f was on
 * the command line; tz_given: --tz was), compile the format into ro
 * (ro->format, ro->lpo.regex) and take the file's time field, time
 * format and zone where -t, --time-format and --tz left them unset.
 * Without --regex or --format-file, only checks.  A mistake prints,
 * with the file's line and column, and exits 2.
 */
void	regexopt_setup(struct regexopt *, struct reader_opts *ro,
	    int format_given, int tz_given);
/* Free what regexopt_setup() compiled. */
void	regexopt_release(struct regexopt *);

#endif
