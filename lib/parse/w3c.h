/* SPDX-License-Identifier: MIT */
/* w3c.h -- the W3C Extended Log File Format, as IIS writes it. */
#ifndef SLUICE_W3C_H
#define SLUICE_W3C_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"

struct w3c;

struct w3c	*w3c_new(void);
/* A new file: forget its #Fields and #Date. */
void		 w3c_reset(struct w3c *);
/*
 * One line.  A directive ('#' first: #Software, #Version, #Date,
 * #Fields, ...) is PARSE_SKIP; #Fields names the blank-separated
 * columns of the lines after it, up to the next #Fields, and #Date
 * gives the date of a file without a date column.  A data line is a
 * record of the columns under their names as written ("c-ip",
 * "cs(User-Agent)"); a value in double quotes is one column, without
 * them; "-" is null; an integer is F_INFER, any other value F_STRING
 * ('+' stays as written).  The date and time columns (UTC), or the
 * #Date's date and the time column, become @timestamp in place of the
 * date column, or the time column.  Resets fl first.  Returns
 * PARSE_SKIP, PARSE_RECORD, or PARSE_ERROR: a data line before any
 * #Fields, one with another number of columns, a bad date or time.
 */
int		 w3c_line(struct w3c *, const char *line, size_t len,
		    struct fieldlist *, struct sluice_err *);
void		 w3c_free(struct w3c *);
/*
 * Whether a line is a directive that opens a W3C log: #Software:,
 * #Version: or #Fields:.
 */
int		 w3c_directive(const char *line, size_t len);

#endif
