/* SPDX-License-Identifier: MIT */
/* atomic.h -- replace a file's contents all at once; open output files safely. */
#ifndef SLUICE_ATOMIC_H
#define SLUICE_ATOMIC_H

#include <stddef.h>

#include "core/common.h"

/*
 * Write buf[0..n) as the new contents of path: to a temporary file in
 * the directory of path as given, fsync, rename over path, fsync the
 * directory.  A reader sees the old file or the new one, never a part.
 * The new file keeps the old one's mode (else 0666 less the umask).
 *
 * A symbolic link at path is replaced by the new file, as rename(2)
 * and install(1) do: the file it names is never written, so a link
 * planted in a shared directory cannot make us overwrite a file
 * elsewhere.  A path that is not a regular file (a device, a FIFO),
 * or a link to one, is written in place, never created or truncated;
 * so is a name of one of our open descriptors (/dev/stdout,
 * /dev/stderr, /dev/fd/N, /proc/self/fd/N), truncated first if it is a
 * regular file.  Returns 0, or -1 with a message; on failure the old
 * file is untouched and no temporary file is left.
 */
int	atomic_write(const char *path, const char *buf, size_t n,
	    struct sluice_err *err);
/*
 * atomic_write() without the fsync(2) calls: readers still see the old
 * file or the new one, never a part, but after a crash of the system
 * the file may hold either, or nothing.  For files rewritten often
 * whose loss does not matter (--metrics), where a sync would stall.
 */
int	atomic_publish(const char *path, const char *buf, size_t n,
	    struct sluice_err *err);
/*
 * The same as atomic_write(), except that whatever is at path -- a
 * link, a device, a FIFO -- is replaced by the new regular file, never
 * written through: for files that only sluice writes (state files,
 * acknowledgements).
 */
int	atomic_replace(const char *path, const char *buf, size_t n,
	    struct sluice_err *err);

/*
 * Open path for a stream of lines (--reject, --late): an empty regular
 * file, created or truncated.  A symbolic link at path is dealt with as
 * atomic_write() does: written through when it leads to something
 * other than a regular file or names one of our descriptors, else
 * removed and a new file made in its place, so that the file it names
 * is never truncated.  Returns the descriptor, or -1 with a message.
 */
int	atomic_open_stream(const char *path, struct sluice_err *err);

#endif
