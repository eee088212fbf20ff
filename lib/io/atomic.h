/* SPDX-License-Identifier: MIT */
/* atomic.h -- replace a file's contents all at once. */
#ifndef SLUICE_ATOMIC_H
#define SLUICE_ATOMIC_H

#include <stddef.h>

#include "core/common.h"

/*
 * Write buf[0..n) as the new contents of path: to a temporary file in
 * the same directory, fsync, rename over path, fsync the directory.
 * A reader sees the old file or the new one, never a part.  The new
 * file keeps the old one's mode (else 0666 less the umask); a symbolic
 * link is followed; a path that is not a regular file (a device, a
 * FIFO) is written in place.  Returns 0, or -1 with a message; on
 * failure the old file is untouched and no temporary file is left.
 */
int	atomic_write(const char *path, const char *buf, size_t n,
	    struct sluice_err *err);

#endif
