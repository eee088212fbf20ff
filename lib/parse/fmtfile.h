/* SPDX-License-Identifier: MIT */
/* fmtfile.h -- format files of ingest -f regex; Fluent Bit parsers.conf. */
#ifndef SLUICE_FMTFILE_H
#define SLUICE_FMTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/common.h"
#include "parse/regexfmt.h"
#include "time/timefmt.h"

/*
 * A format file holds sections.  Blank lines and lines starting with
 * '#' are skipped; blanks around lines and values are dropped.
 *
 *	[NAME]				a format of ingest's own
 *	regex = ^(?<host>\S+) ...	its pattern (required)
 *	time = ts			the time field, as -t
 *	time-format = %d/%m/%Y %T	its format, as --time-format
 *	tz = Europe/Paris		the zone of zone-less times, as --tz
 *	types = status=int,bytes=int	typed fields, as --types
 *
 *	[PARSER]			a Fluent Bit parser (any case)
 *	    Name	apache2
 *	    Format	regex
 *	    Regex	^(?<host>[^ ]*) ...
 *	    Time_Key	time
 *	    Time_Format	%d/%b/%Y:%H:%M:%S %z
 *	    Time_Offset	+0200
 *	    Types	code:integer size:integer
 *
 * Keys are case-insensitive; if one is given twice the last counts.  In
 * [PARSER] sections the other keys of Fluent Bit (Time_Keep,
 * Decode_Field_As ...) are skipped, a Regex written /.../ with flags
 * i, m or x is read as Onigmo reads it, and %L in Time_Format (the
 * fraction) is %f.  Fluent Bit's other sections ([SERVICE], [INPUT],
 * [FILTER], [OUTPUT], [MULTILINE_PARSER] ...) are skipped whole.
 */

/* A value of a format, and where it was in the file. */
struct fmtval {
	char	*s;		/* NULL: not given */
	size_t	 line;
	size_t	 col;		/* 1-based, in characters of the line */
};

/* A format as the file defines it. */
struct fmtdef {
	char		*name;
	int		 fluentbit;	/* from a [PARSER] section */
	struct fmtval	 kind;		/* its Format */
	size_t		 line;		/* of its section header */
	struct fmtval	 regex;
	struct fmtval	 time;
	struct fmtval	 time_format;
	struct fmtval	 tz;
	struct fmtval	 types;
};

/*
 * Read the format file path and fill def (owned by the caller: release
 * with fmtdef_release) with its format named name, or with its only
 * format when name is NULL.  Returns 0, or -1 with err->msg and, for a
 * mistake in the file, err->line and err->col (0 when the whole file
 * is meant: it cannot be read, it holds no format, or several and name
 * is NULL, or none of that name).
 */
int	fmtfile_read(const char *path, const char *name, struct fmtdef *def,
	    struct sluice_err *err);
/* The same, from the stream fp (left open). */
int	fmtfile_read_fp(FILE *fp, const char *name, struct fmtdef *def,
	    struct sluice_err *err);

/*
 * The format of def with its types.  Returns it (free with
 * regexfmt_free), or NULL with err->line and err->col where the problem
 * is in the file: a Format other than regex, no regex, a pattern that
 * does not compile, a bad type.
 */
struct regexfmt	*fmtdef_compile(const struct fmtdef *def,
		    struct sluice_err *err);

/*
 * def's time zone into *tz: 1 if it has one, 0 if not (*tz untouched),
 * -1 with err->line and err->col if it is not a zone.  A zone name sets
 * TZ for the process, as tzspec_parse does.
 */
int	fmtdef_tz(const struct fmtdef *def, struct tzspec *tz,
	    struct sluice_err *err);

void	fmtdef_release(struct fmtdef *def);

#endif
