/* SPDX-License-Identifier: MIT */
/* common.h -- exit codes, attributes, allocation and error reporting. */
#ifndef SLUICE_COMMON_H
#define SLUICE_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define SLUICE_VERSION	"0.1.0"

/* Exit status: 0 ok, 1 the data had problems, 2 trouble (DESIGN.md 7). */
#define EXIT_DATA	1
#define EXIT_TROUBLE	2

#if defined(__GNUC__)
#define NORETURN	__attribute__((noreturn))
#define PRINTFLIKE(f, a) __attribute__((format(printf, f, a)))
#define UNUSED		__attribute__((unused))
#else
#define NORETURN
#define PRINTFLIKE(f, a)
#define UNUSED
#endif

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Errors returned by lib/ functions.  The caller owns the struct; lib/
 * never prints or exits (the x*alloc functions excepted).  line and col
 * are 1-based positions inside the text being parsed, 0 when unknown.
 */
struct sluice_err {
	size_t	line;
	size_t	col;
	char	msg[160];
};

/* Fill err (if not NULL) with a formatted message; returns -1. */
int	err_set(struct sluice_err *err, size_t col, const char *fmt, ...)
	    PRINTFLIKE(3, 4);

/* Allocation that cannot fail: on ENOMEM these print and exit 2. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

#endif
