/* SPDX-License-Identifier: MIT */
/*
 * regexopt.h -- ingest's -f regex options: --regex, --format-file,
 * --types; -f NAME of a bundled format, -f list.
 */
#ifndef SLUICE_REGEXOPT_RT_H
#define SLUICE_REGEXOPT_RT_H

#include "parse/bundled.h"
#include "parse/fmtfile.h"
#include "parse/reader.h"
#include "parse/regexfmt.h"

/* The options as given (pointers into argv), and what they compile to. */
struct regexopt {
	const char	*regex;		/* --regex */
	const char	*format_file;	/* --format-file */
	const char	*format_name;	/* --format-name */
	const char	*types;		/* --types */
	const struct bundled_fmt *bundled;	/* -f NAME, a bundled format */
	struct fmtdef	 def;		/* read from format_file */
	struct regexfmt	*rf;		/* the compiled format, owned */
};

/*
 * -f arg: a built-in format into *f; a bundled format (-f postgres)
 * sets x->bundled and *f to LF_REGEX.  -f list prints the formats with
 * a line on each and exits 0; an unknown name prints them all and exits
 * 2.
 */
void	regexopt_format(struct regexopt *x, const char *arg,
	    enum logformat *f);

/*
 * Check the options against each other and -f (format_given: -f was on
 * the command line; tz_given: --tz was), compile the format into ro
 * (ro->format, ro->lpo.regex) and take the file's (or the bundled
 * format's) time field, time format and zone where -t, --time-format
 * and --tz left them unset.  Without --regex, --format-file or a
 * bundled format, only checks.  A mistake prints,
 * with the file's line and column, and exits 2.
 */
void	regexopt_setup(struct regexopt *, struct reader_opts *ro,
	    int format_given, int tz_given);
/* Free what regexopt_setup() compiled. */
void	regexopt_release(struct regexopt *);

#endif
