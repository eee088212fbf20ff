/* SPDX-License-Identifier: MIT */
/* snapfile.h -- a stage's state file: versioned, checked, two generations. */
#ifndef SLUICE_SNAPFILE_H
#define SLUICE_SNAPFILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"

/*
 * A stage's --state FILE holds its state as of one checkpoint, and
 * FILE.prev its state as of the checkpoint before, so that a pipeline
 * can go back to the last checkpoint every stage completed
 * (ckpt/ack.h).  Each file is NDJSON: a header line, then the stage's
 * own state lines:
 *
 *   {"sluice_state":1,"tool":"window","config":[...],"id":7,
 *    "source":"/var/lib/sluice/in.state","output_length":1234,
 *    "lines":2,"fnv1a":"89abcdef01234567"}
 *   ... 2 lines ...
 *
 * config lists the options the state depends on ("--tumbling 1m"), so
 * that a state written by another command line is refused, naming the
 * difference.  fnv1a hashes the state lines: a damaged file is refused,
 * never half-read.  Files are replaced atomically (atomic_replace(),
 * io/atomic.h): a symbolic link at any of the paths is replaced, never
 * written through.
 */

#define SNAPFILE_VERSION	1

/* One generation of a stage's state. */
struct snapgen {
	int64_t		 id;		/* checkpoint id; 0: before any */
	char		*source;	/* the source's state file, or NULL */
	int64_t		 output_length;	/* of stdout, a file; -1 if not */
	struct strbuf	 body;		/* the state lines, each ending in \n */
};

/* The identity a state must match: the tool and its config strings. */
struct snapid {
	const char	 *tool;
	const char	**config;	/* nconfig option texts, in order */
	size_t		  nconfig;
};

/*
 * Check, before any input is read, that path can hold a state: not a
 * directory, in a directory we may write to.  0, or -1 with a message.
 */
int	snapfile_check(const char *path, struct sluice_err *err);

/*
 * Make g the newest generation in path: the current file becomes
 * path.prev (the one before is dropped), g goes to path.  On failure
 * path and path.prev hold what they held.  0, or -1 with a message.
 */
int	snapfile_save(const char *path, const struct snapid *who,
	    const struct snapgen *g, struct sluice_err *err);

/*
 * Load into g (the caller's, released with snapgen_release()) the
 * generation of path whose id is id, or the newest when id is -1.
 * Returns 1 when loaded; 0 when path does not exist (g is then an empty
 * generation 0); -1 with a message when the file cannot be trusted
 * (damaged, from another tool or command line, another version) or has
 * no such generation.
 */
int	snapfile_load(const char *path, const struct snapid *who, int64_t id,
	    struct snapgen *g, struct sluice_err *err);

/*
 * Go back to generation id, which snapfile_load() found in path: the
 * generations after it are dropped, so that the ids that follow are
 * given anew.  0, or -1 with a message.
 */
int	snapfile_rollback(const char *path, int64_t id, struct sluice_err *err);

/* Remove path and path.prev (a --drain that left nothing open). */
int	snapfile_remove(const char *path, struct sluice_err *err);

void	snapgen_init(struct snapgen *g);
void	snapgen_release(struct snapgen *g);

#endif
