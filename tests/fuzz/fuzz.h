/* SPDX-License-Identifier: MIT */
/* fuzz.h -- what the libFuzzer targets of tests/fuzz/ share. */
#ifndef SLUICE_FUZZ_H
#define SLUICE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/common.h"
#include "json/scan.h"

/*
 * Each target is one file defining LLVMFuzzerTestOneInput() over lib/
 * functions, with no process spawned and nothing left allocated when
 * it returns (LeakSanitizer runs).  Input is given to lib/ in place
 * where lib/ takes (pointer, length), so reading past its end is an
 * AddressSanitizer error; where lib/ takes a C string it gets a copy.
 * A property the target checks (a round trip, an invariant) that does
 * not hold aborts through FUZZ_ASSERT, which libFuzzer reports as a
 * crash with the input.
 */
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* Abort unless p[0..n) is one JSON object, as every tool writes. */
static inline void
fuzz_assert_object(const char *p, size_t n)
{
	struct sluice_err e;
	struct jval v;

	FUZZ_ASSERT(scan_document(p, n, &v, &e) == 0);
	FUZZ_ASSERT(v.type == JT_OBJECT);
}

/*
 * Split d[0..n) at the first NUL or newline: the part before it in
 * *a, *an, the rest (after it; empty if there is none) in *b, *bn.
 */
static inline void
fuzz_split(const uint8_t *d, size_t n, const char **a, size_t *an,
    const char **b, size_t *bn)
{
	size_t i;

	for (i = 0; i < n && d[i] != '\0' && d[i] != '\n'; i++)
		continue;
	*a = (const char *)d;
	*an = i;
	*b = (const char *)d + (i < n ? i + 1 : n);
	*bn = i < n ? n - i - 1 : 0;
}

/* A NUL-terminated copy of s[0..n) (free it). */
static inline char *
fuzz_str(const char *s, size_t n)
{
	char *c = xmalloc(n + 1);

	if (n > 0)
		memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

/*
 * The next line of *p..end ('\n' ends it, not included): 1 and the
 * line in *line, *len, *p past it; 0 at the end.  The line is copied
 * into its own allocation of exactly len bytes (*own, freed by the
 * next call and by fuzz_line_done), so that a parser reading past a
 * line's end is caught even in the middle of the input.
 */
static inline int
fuzz_next_line(const char **p, const char *end, char **own,
    const char **line, size_t *len)
{
	const char *nl;

	free(*own);
	*own = NULL;
	if (*p >= end)
		return 0;
	if ((nl = memchr(*p, '\n', (size_t)(end - *p))) == NULL)
		nl = end;
	*len = (size_t)(nl - *p);
	*own = xmalloc(*len ? *len : 1);
	if (*len > 0)
		memcpy(*own, *p, *len);
	*line = *own;
	*p = nl < end ? nl + 1 : end;
	return 1;
}

static inline void
fuzz_line_done(char **own)
{
	free(*own);
	*own = NULL;
}

/*
 * For lib/ functions that read a file by name: d[0..n) written to a
 * file of this process (made once in /dev/shm, a file system in memory,
 * else in TMPDIR; rewritten for each input, removed at exit).  Returns
 * its path.  Aborts if it cannot be written.
 */
static inline char *
fuzz_path(void)
{
	static char path[96];

	return path;
}

static inline void
fuzz_file_remove(void)
{
	unlink(fuzz_path());
}

static inline const char *
fuzz_file(const uint8_t *d, size_t n)
{
	static int fd = -1;
	const char *dir;

	if (fd == -1) {
		if (access("/dev/shm", W_OK) == 0)
			dir = "/dev/shm";
		else if ((dir = getenv("TMPDIR")) == NULL || strlen(dir) > 64)
			dir = "/tmp";
		snprintf(fuzz_path(), 96, "%s/sluice-fuzz.XXXXXX", dir);
		if ((fd = mkstemp(fuzz_path())) == -1 ||
		    atexit(fuzz_file_remove) != 0)
			abort();
	}
	if (ftruncate(fd, 0) == -1 ||
	    (n > 0 && pwrite(fd, d, n, 0) != (ssize_t)n))
		abort();
	return fuzz_path();
}

#endif
