/* SPDX-License-Identifier: MIT */
/* logfmt.h -- key=value lines, as written by logrus, slog and friends. */
#ifndef SLUICE_LOGFMT_H
#define SLUICE_LOGFMT_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"

/*
 * key=value pairs separated by spaces; values may be "quoted" with
 * backslash escapes; a bare key is true.  Values are F_INFER (quoted
 * values are F_STRING); "key=" is an empty string.  A line with no
 * key=value pair is PARSE_ERROR.  Returns PARSE_RECORD or PARSE_ERROR.
 */
int	logfmt_line(const char *line, size_t len, struct fieldlist *,
	    struct sluice_err *);

#endif
