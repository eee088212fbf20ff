/* SPDX-License-Identifier: MIT */
/* csv.h -- CSV and TSV with a header row (RFC 4180 quoting). */
#ifndef SLUICE_CSV_H
#define SLUICE_CSV_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"

struct csv;

/* delim is , or tab; ragged allows rows shorter or longer than the header. */
struct csv	*csv_new(char delim, int ragged);
/* Forget the header: the next line is a new one. */
void		 csv_reset(struct csv *);
/*
 * One input line (without its line terminator).  The first line of a
 * file is the header (PARSE_SKIP).  A quoted field may span lines:
 * then PARSE_MORE, and the line is kept until the record completes.
 * Values are F_INFER, empty ones F_STRING.  Returns a PARSE_ code from
 * logparse.h.
 */
int		 csv_line(struct csv *, const char *line, size_t len,
		    struct fieldlist *, struct sluice_err *);
/* End of file: a record still open is an error. */
int		 csv_end(struct csv *, struct fieldlist *, struct sluice_err *);
void		 csv_free(struct csv *);

#endif
