/* SPDX-License-Identifier: MIT */
/* xmalloc.c -- allocation that succeeds or exits 2, and err_set(). */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/common.h"

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		err(EXIT_TROUBLE, "malloc %zu bytes", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n ? n : 1, size ? size : 1)) == NULL)
		err(EXIT_TROUBLE, "calloc %zu*%zu bytes", n, size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		err(EXIT_TROUBLE, "realloc %zu bytes", n);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		errx(EXIT_TROUBLE, "allocation of %zu*%zu bytes overflows", n,
		    size);
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
err_set(struct sluice_err *e, size_t col, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}
