/* SPDX-License-Identifier: MIT */
/* strbuf.h -- growable byte buffer, always NUL-terminated. */
#ifndef SLUICE_STRBUF_H
#define SLUICE_STRBUF_H

#include <stddef.h>

#include "core/common.h"

/*
 * A strbuf owns buf[0..len) plus a terminating NUL (buf[len] == '\0'
 * once anything was added).  STRBUF_INIT needs no release until the
 * first addition.
 */
struct strbuf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
};

#define STRBUF_INIT	{ NULL, 0, 0 }

/* Make room for n more bytes (plus the NUL). */
void	strbuf_grow(struct strbuf *, size_t n);
void	strbuf_add(struct strbuf *, const void *, size_t);
void	strbuf_addstr(struct strbuf *, const char *);
void	strbuf_addf(struct strbuf *, const char *, ...) PRINTFLIKE(2, 3);
/* Drop the contents, keep the memory. */
void	strbuf_reset(struct strbuf *);
/* Free the memory; the strbuf is STRBUF_INIT again. */
void	strbuf_release(struct strbuf *);
/* Shorten to n bytes (n <= len). */
void	strbuf_truncate(struct strbuf *, size_t n);
/* Hand the buffer to the caller (who frees it); the strbuf is reset. */
char	*strbuf_detach(struct strbuf *, size_t *lenp);

static inline void
strbuf_addch(struct strbuf *sb, char c)
{
	if (sb->len + 1 >= sb->cap)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

#endif
