/* SPDX-License-Identifier: MIT */
/* input.h -- read lines from files or stdin, follow them, wait wisely. */
#ifndef SLUICE_INPUT_H
#define SLUICE_INPUT_H

#include <sys/types.h>

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

/*
 * INPUT_FOLLOW: at the EOF of a regular file wait for more, like
 * tail -F: when the path names a new file (rotation by rename, or
 * delete and create), the old one is read to its end and the new one
 * from its start; when the file shrinks or its first bytes (up to 1 KB)
 * are no longer those read (copytruncate, even when written again to
 * the old size or past it), it is read again from its start.  An
 * unterminated last line is held until it is completed, or the file is
 * replaced or truncated (then it is delivered as is).  Pipes and stdin
 * end at their EOF.  A path that cannot be opened is retried.  On
 * Linux the files and their directories are watched with inotify and
 * the wait ends at a change; files that cannot be watched (no inotify,
 * no watch left, a network or FUSE file system) are polled at 10 Hz.
 *
 * INPUT_KEEP_PARTIAL: an unterminated last line is not delivered (nor
 * counted in the position): it is read again, complete, next time.
 * Rotated sources (input_add_rotated) are the exception.
 *
 * A source compressed with gzip or zstd, known by its first bytes
 * (io/decomp.h), is decompressed as it is read; offsets and positions
 * then count bytes of content, decompressed.  It does not grow: like a
 * rotated source it ends at its EOF, whole, even with INPUT_FOLLOW
 * (notice says so).  Compressed data cut short or damaged ends the
 * source: its lines before that are delivered (the line cut there is
 * an unterminated last line, not delivered with INPUT_KEEP_PARTIAL),
 * then input_next() returns -1 with "name: truncated gzip data at byte
 * N" or "name: corrupt ... at byte N: reason", N a compressed offset.
 */
#define INPUT_FOLLOW		0x1
#define INPUT_KEEP_PARTIAL	0x2

/* The default --max-line: longer lines are reported, not delivered. */
#define INPUT_MAX_LINE_DEFAULT	((size_t)256 << 20)
/* Of a line over the limit, this many first bytes are kept. */
#define INPUT_HEAD_MAX		1024

/*
 * One line.  p is NUL-terminated, without its "\n" or "\r\n", and valid
 * until the next input_next(); it may hold NUL bytes (use len).  A line
 * longer than the limit has p == NULL and len = its length in bytes; it
 * was dropped as it was read: the buffer never held more of it than the
 * limit and one read.  Its first bytes are in head[0..headlen) (at most
 * INPUT_HEAD_MAX, cut before a UTF-8 character that does not fit; not
 * NUL-terminated, valid until the next input_next()); head is NULL for
 * the other lines.
 *
 * A UTF-8 byte order mark at offset 0 of a source (at its start, or
 * again after a rotation or truncation) is not part of line 1: it is
 * skipped, and counted in the position.
 */
struct line {
	char		*p;
	size_t		 len;
	const char	*head;		/* p == NULL: the first bytes */
	size_t		 headlen;
	const char	*name;		/* "stdin" or the path */
	uint64_t	 lineno;	/* 1-based, per file */
	int		 partial;	/* the file ended without a newline */
};

struct input;

/* A reader with no sources yet; flags are INPUT_*. */
struct input	*input_new(int flags);
/*
 * Add a source: a path, or NULL or "-" for stdin.  Reading starts at
 * byte offset start, which is line number lineno + 1.  Files are read
 * one after the other, or all at once with INPUT_FOLLOW.
 */
void	input_add(struct input *, const char *path, off_t start,
	    uint64_t lineno);
/*
 * Add a file that will not grow any more (the rotated copy of a log):
 * it ends at its EOF even with INPUT_FOLLOW, and its unterminated last
 * line is delivered even with INPUT_KEEP_PARTIAL.
 */
void	input_add_rotated(struct input *, const char *path, off_t start,
	    uint64_t lineno);
/* Add each operand, or stdin when there is none. */
void	input_add_operands(struct input *, int argc, char *const argv[]);
void	input_set_max_line(struct input *, size_t);
/* The INPUT_* flags given to input_new(). */
int	input_flags(const struct input *);

/*
 * Hooks.  idle runs just before the reader would block (flush output
 * there).  tick runs before every wait and at every refill with the
 * current CLOCK_MONOTONIC time in ms; it does whatever is due and
 * returns the next time it wants to run, or -1 for none, which bounds
 * the wait.  notice reports things worth a warning that are not errors
 * (a followed file was truncated or replaced).  stop, when it becomes
 * non-zero (a signal handler), ends the input: the complete lines
 * already read are still delivered, then input_next() returns 0.  An
 * unterminated last line is delivered only if its source had reached
 * its real end (as at EOF, unless INPUT_KEEP_PARTIAL); otherwise it is
 * a line cut by the stop and dropped, not counted in the position.
 * Waits are bounded (0.5 s) once stop is set up, so a signal is never
 * missed.
 */
void	input_set_idle(struct input *, void (*)(void *), void *);
void	input_set_tick(struct input *, int64_t (*)(void *, int64_t), void *);
void	input_set_notice(struct input *,
	    void (*)(void *, const char *name, const char *msg), void *);
void	input_set_stop(struct input *, volatile sig_atomic_t *);

/*
 * The next line: returns 1 and fills line, 0 at the end of all input
 * (or when stopped), -1 when a source could not be opened or read
 * (err->msg holds "name: reason"); call again to go on with the rest.
 */
int	input_next(struct input *, struct line *, struct sluice_err *);
/*
 * The same from sources [lo, hi) only (they were added in that order;
 * not with INPUT_FOLLOW): a merge by time reads each file on its own.
 */
int	input_next_of(struct input *, size_t lo, size_t hi, struct line *,
	    struct sluice_err *);

/* Bytes consumed so far and total bytes of the regular files (0 unknown). */
void	input_progress(const struct input *, uint64_t *done, uint64_t *total);

/* Where a source stands, for --state. */
struct input_pos {
	const char	*path;		/* NULL for stdin */
	dev_t		 dev;
	ino_t		 ino;
	off_t		 offset;	/* just after the last delivered line
					   (in the content when compressed) */
	uint64_t	 lineno;
	int		 opened;
};
size_t	input_nsources(const struct input *);
void	input_source_pos(const struct input *, size_t i, struct input_pos *);

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t	input_now_ms(void);

void	input_free(struct input *);

#endif
