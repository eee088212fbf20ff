/* SPDX-License-Identifier: MIT */
/* csv.h -- CSV and TSV with a header row (RFC 4180 quoting). */
#ifndef SLUICE_CSV_H
#define SLUICE_CSV_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"

struct csv;

/*
 * delim is , or tab; ragged allows rows shorter or longer than the
 * header; max bounds a record that spans lines (0: no bound).
 */
struct csv	*csv_new(char delim, int ragged, size_t max);
/* Forget the header: the next line is a new one. */
void		 csv_reset(struct csv *);
/*
 * One input line (without its line terminator).  The first line of a
 * file is the header (PARSE_SKIP).  A quoted field may span lines:
 * then PARSE_MORE, and the line is kept until the record completes,
 * or until the record has more than max bytes (its lines and the
 * newlines between them) with the field still open: then PARSE_ERROR
 * at the column of its opening quote, the record is dropped (a header
 * keeps the fields read before the open one) and the next line starts
 * a new record.
 * Values are F_INFER, empty ones F_STRING.  Returns a PARSE_ code from
 * logparse.h.
 */
int		 csv_line(struct csv *, const char *line, size_t len,
		    struct fieldlist *, struct sluice_err *);
/* End of file: a record still open is an error. */
int		 csv_end(struct csv *, struct fieldlist *, struct sluice_err *);
void		 csv_free(struct csv *);

#endif
