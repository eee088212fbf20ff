/* SPDX-License-Identifier: MIT */
/* output.h -- buffered record output with a flush-when-idle policy. */
#ifndef SLUICE_OUTPUT_H
#define SLUICE_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Output is block-buffered and flushed (a) when the input would block
 * (output_idle, registered as the input's idle hook), (b) after every
 * line when unbuffered, (c) when the buffer fills, (d) at close.  (a)
 * holds for a regular file too (someone may be tailing it); a batch run
 * over regular files never idles, so it is never flushed line by line.
 */
struct output {
	int		 fd;
	char		*buf;
	size_t		 len;
	size_t		 cap;
	int		 unbuffered;	/* flush after each line */
	int		 error;		/* errno of the first failure, sticky */
	uint64_t	 lines;		/* lines written */
	/* Called once on the first write error (errno in err). */
	void		(*on_error)(struct output *, int err, void *arg);
	void		*on_error_arg;
};

void	output_init(struct output *, int fd);
/* Queue bytes; returns 0, or -1 after a write error (see on_error). */
int	output_write(struct output *, const void *, size_t);
/* Queue p[0..n) and a newline as one line. */
int	output_line(struct output *, const char *p, size_t n);
/* Write out what is queued; -1 if this or an earlier write failed. */
int	output_flush(struct output *);
/* Idle hook for input_set_idle(): flush. */
void	output_idle(void *output);
/* Flush and free the buffer (the fd stays open); -1 if any write failed. */
int	output_close(struct output *);

#endif
