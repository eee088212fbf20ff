/* SPDX-License-Identifier: MIT */
/* check.h -- the checks of the unit tests (tests/unit/NAME.c -> bin/unit-NAME). */
#ifndef SLUICE_CHECK_H
#define SLUICE_CHECK_H

#include <stdio.h>
#include <string.h>

/*
 * Each tests/unit/NAME.c is one program over one module: main() runs
 * its checks and returns check_status().  A failed check says where and
 * what, and the run goes on, so one run shows every failure.
 */
static int check_failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (strcmp(g_, w_) != 0) {					\
		fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n",	\
		    __FILE__, __LINE__, g_, w_);			\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ != w_) {							\
		fprintf(stderr, "%s:%d: %s is %lld, want %lld\n",	\
		    __FILE__, __LINE__, #got, g_, w_);			\
		check_failures++;					\
	}								\
} while (0)

/* The exit status of a unit program: 0 if every check held. */
static inline int
check_status(void)
{
	if (check_failures > 0)
		fprintf(stderr, "%d check(s) failed\n", check_failures);
	return check_failures > 0;
}

#endif
