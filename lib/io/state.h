/* SPDX-License-Identifier: MIT */
/* state.h -- remember how far each file was read, from one run to the next. */
#ifndef SLUICE_STATE_H
#define SLUICE_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "io/input.h"

/* The first bytes of a file, hashed, tell it apart from a new one. */
#define STATE_FINGERPRINT_BYTES	1024

struct state_entry {
	char		*path;
	uint64_t	 dev;
	uint64_t	 ino;
	int64_t		 offset;
	uint64_t	 lineno;
	uint64_t	 fp;		/* FNV-1a of the first fplen bytes */
	int64_t		 fplen;
};

struct state {
	struct state_entry	*e;
	size_t			 n;
	char			**owner;	/* input source -> its path */
	size_t			 nowner;
};

/*
 * Read the entries of a state (NDJSON, one object per file) from
 * text[0..len).  Returns 0, or -1 with a message (st is then empty).
 */
int	state_read(struct state *, const char *text, size_t len,
	    struct sluice_err *);

/*
 * Add the sources for one path to in, resuming where the saved state
 * left it: the same file from the saved offset; after a rotation (by
 * rename, or copytruncate), first the unread rest of the old file,
 * found in the same directory (a name that starts with the base name,
 * by inode, else by fingerprint: the hash of its first bytes, of its
 * content when it was compressed since), read to its very end (its
 * last line even if unterminated), then the new file from its start.
 * Offsets count bytes of content, decompressed.  If path is
 * missing but the old file is found, only the old file is added, unless
 * in has INPUT_FOLLOW (then path is waited for).  note gets a message
 * worth a warning, or "".
 */
void	state_plan(struct state *, const char *path, struct input *,
	    char *note, size_t notesz);

/*
 * Record where in stopped for each of paths (in the file last read for
 * it: its own, or the old one state_plan added) and append the entries
 * to sb as lines.  Entries for other paths, and for paths that could
 * not be opened, are kept.
 */
void	state_write(struct state *, const struct input *in,
	    char *const paths[], int npaths, struct strbuf *sb);

void	state_release(struct state *);

#endif
