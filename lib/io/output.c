/* SPDX-License-Identifier: MIT */
/* output.c -- buffered record output with a flush-when-idle policy. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/common.h"
#include "io/output.h"

#define OUTPUT_BUFSIZE	(64 * 1024)

void
output_init(struct output *o, int fd)
{
	memset(o, 0, sizeof(*o));
	o->fd = fd;
	o->cap = OUTPUT_BUFSIZE;
	o->buf = xmalloc(o->cap);
}

static int
write_all(struct output *o, const char *p, size_t n)
{
	ssize_t w;

	if (o->error)
		return -1;
	while (n > 0) {
		if ((w = write(o->fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			o->error = errno;
			if (o->on_error)
				o->on_error(o, o->error, o->on_error_arg);
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
output_flush(struct output *o)
{
	size_t n = o->len;

	o->len = 0;
	if (n == 0)
		return o->error ? -1 : 0;
	return write_all(o, o->buf, n);
}

int
output_write(struct output *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		if (output_flush(o) == -1)
			return -1;
		if (n >= o->cap)
			return write_all(o, p, n);
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
	return o->error ? -1 : 0;
}

int
output_line(struct output *o, const char *p, size_t n)
{
	o->lines++;
	if (o->len + n + 1 <= o->cap) {
		memcpy(o->buf + o->len, p, n);
		o->buf[o->len + n] = '\n';
		o->len += n + 1;
	} else if (output_write(o, p, n) == -1 ||
	    output_write(o, "\n", 1) == -1)
		return -1;
	if (o->unbuffered)
		return output_flush(o);
	return o->error ? -1 : 0;
}

void
output_idle(void *arg)
{
	output_flush(arg);
}

int
output_close(struct output *o)
{
	int rv;

	rv = output_flush(o);
	free(o->buf);
	o->buf = NULL;
	o->cap = 0;
	return rv;
}
