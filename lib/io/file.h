/* SPDX-License-Identifier: MIT */
/* file.h -- read a whole file into memory. */
#ifndef SLUICE_FILE_H
#define SLUICE_FILE_H

#include "core/common.h"
#include "core/strbuf.h"

/*
 * Append the contents of path to sb, which is then NUL-terminated
 * (sb->buf is not NULL, even for an empty file).  Returns 0, or -1
 * with err->msg "PATH: reason" (what went wrong, as strerror says it);
 * sb may then hold part of the file.
 */
int	file_read(const char *path, struct strbuf *sb, struct sluice_err *err);
/* The same, but a missing file is no error: 1 read, 0 missing, -1. */
int	file_read_if(const char *path, struct strbuf *sb,
	    struct sluice_err *err);

#endif
