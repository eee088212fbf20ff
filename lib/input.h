/* SPDX-License-Identifier: MIT */
/* input.h -- read lines from files or stdin, follow them, wait wisely. */
#ifndef SLUICE_INPUT_H
#define SLUICE_INPUT_H

#include <sys/types.h>

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"

#define INPUT_FOLLOW		0x1	/* at EOF wait for more, like tail -F */
#define INPUT_KEEP_PARTIAL	0x2	/* never deliver an unterminated last line */

/* The default --max-line: longer lines are reported, not delivered. */
#define INPUT_MAX_LINE_DEFAULT	((size_t)256 << 20)

/*
 * One line.  p is NUL-terminated, without its "\n" or "\r\n", and valid
 * until the next input_next().  A line longer than the limit has
 * p == NULL and len = its length in bytes; it was read and dropped.
 */
struct line {
	char		*p;
	size_t		 len;
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
/* Add each operand, or stdin when there is none. */
void	input_add_operands(struct input *, int argc, char *const argv[]);
void	input_set_max_line(struct input *, size_t);

/*
 * Hooks.  idle runs just before the reader would block (flush output
 * there).  tick runs before every wait and at every refill with the
 * current CLOCK_MONOTONIC time in ms; it does whatever is due and
 * returns the next time it wants to run, or -1 for none, which bounds
 * the wait.  notice reports things worth a warning that are not errors
 * (a followed file was truncated or replaced).  stop, when it becomes
 * non-zero (a signal handler), ends the input as if at EOF.
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

/* Bytes consumed so far and total bytes of the regular files (0 unknown). */
void	input_progress(const struct input *, uint64_t *done, uint64_t *total);

/* Where a source stands, for --state. */
struct input_pos {
	const char	*path;		/* NULL for stdin */
	dev_t		 dev;
	ino_t		 ino;
	off_t		 offset;	/* just after the last delivered line */
	uint64_t	 lineno;
	int		 opened;
};
size_t	input_nsources(const struct input *);
void	input_source_pos(const struct input *, size_t i, struct input_pos *);

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t	input_now_ms(void);

void	input_free(struct input *);

#endif
