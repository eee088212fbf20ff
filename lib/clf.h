/* SPDX-License-Identifier: MIT */
/* clf.h -- Common Log Format and the Apache/nginx combined format. */
#ifndef SLUICE_CLF_H
#define SLUICE_CLF_H

#include <stddef.h>

#include "common.h"
#include "fields.h"

/*
 * host ident user [time] "request" status bytes, and for combined also
 * "referer" "user-agent".  Fields: client, ident, user, @timestamp,
 * method, path, protocol (or request, when the request line does not
 * split in three), status, bytes, and referer, user_agent.  "-" is
 * null.  status and bytes are F_INFER.  Returns PARSE_RECORD or
 * PARSE_ERROR.
 */
int	clf_line(const char *line, size_t len, int combined,
	    struct fieldlist *, struct sluice_err *);

#endif
