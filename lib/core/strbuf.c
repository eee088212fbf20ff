/* SPDX-License-Identifier: MIT */
/* strbuf.c -- growable byte buffer, always NUL-terminated. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"

void
strbuf_grow(struct strbuf *sb, size_t n)
{
	size_t want;

	if (sb->len + n + 1 <= sb->cap)
		return;
	want = sb->cap ? sb->cap : 64;
	while (want < sb->len + n + 1) {
		if (want > SIZE_MAX / 2)
			want = sb->len + n + 1;
		else
			want *= 2;
	}
	sb->buf = xrealloc(sb->buf, want);
	sb->cap = want;
}

void
strbuf_add(struct strbuf *sb, const void *p, size_t n)
{
	strbuf_grow(sb, n);
	if (n)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	strbuf_grow(sb, 64);
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sb->cap - sb->len) {
		strbuf_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void
strbuf_truncate(struct strbuf *sb, size_t n)
{
	if (n < sb->len) {
		sb->len = n;
		sb->buf[n] = '\0';
	}
}

void
strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

char *
strbuf_detach(struct strbuf *sb, size_t *lenp)
{
	char *p;

	if (sb->buf == NULL) {
		strbuf_grow(sb, 0);
		sb->buf[0] = '\0';
	}
	p = sb->buf;
	if (lenp)
		*lenp = sb->len;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return p;
}
