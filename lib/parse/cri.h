/* SPDX-License-Identifier: MIT */
/* cri.h -- container logs as the CRI runtimes write them (Kubernetes nodes). */
#ifndef SLUICE_CRI_H
#define SLUICE_CRI_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"

struct cri;

/* max: the bytes of a joined message (0: no limit); the parts past it
 * are dropped and the record gets "truncated":true. */
struct cri	*cri_new(size_t max);
/* A new file: forget a partial record (cri_end() gave it already). */
void		 cri_reset(struct cri *);
/*
 * "TIME STREAM TAGS MESSAGE", as in
 * "2016-10-06T00:17:09.669794202Z stdout F log content": TIME is RFC
 * 3339, STREAM stdout or stderr, TAGS ':'-separated tags whose first is
 * P (partial) or F (full).  A P line is held (PARSE_MORE) and its
 * message joined, with no separator, to those of the later lines of
 * the same stream up to an F line, which completes the record; the
 * two streams are joined apart.  Fields: @timestamp (of the first
 * line), stream, logtag (of the last line), message.  A line that is
 * not CRI is PARSE_ERROR and drops what is held.  Resets fl first.
 */
int		 cri_line(struct cri *, const char *line, size_t len,
		    struct fieldlist *, struct sluice_err *);
/*
 * The file ended: PARSE_RECORD with the partial record held (logtag
 * P), PARSE_SKIP if none, PARSE_ERROR if both streams hold one.
 */
int		 cri_end(struct cri *, struct fieldlist *,
		    struct sluice_err *);
void		 cri_free(struct cri *);

#endif
