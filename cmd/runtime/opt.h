/* SPDX-License-Identifier: MIT */
/* opt.h -- option arguments: numbers, sizes and durations, checked. */
#ifndef SLUICE_OPT_H
#define SLUICE_OPT_H

#include <stdint.h>

#include "core/common.h"
#include "json/path.h"

/*
 * Each reads the argument arg of the option opt (as written, "--every")
 * and returns its value, or says "NAME: OPT ARG: what was expected" on
 * stderr and exits 2: one message for every wrong argument of every
 * tool.  Nothing overflows: a value out of range is an error.
 */

/* Print "NAME: OPT ARG: message" and exit 2. */
NORETURN void	opt_fail(const char *opt, const char *arg, const char *fmt,
		    ...) PRINTFLIKE(3, 4);
/*
 * Fail with a lib/ error about an option argument: "NAME: OPT ARG:
 * column N: message", without the column when e->col is 0.
 */
NORETURN void	opt_err(const char *opt, const char *arg,
		    const struct sluice_err *e);
/* A decimal integer in [min, max]. */
int64_t	opt_int(const char *opt, const char *arg, int64_t min, int64_t max);
/* A real number in (0, max]. */
double	opt_positive(const char *opt, const char *arg, double max);
/* A byte count with an optional suffix k, M or G (powers of 1024), > 0. */
size_t	opt_size(const char *opt, const char *arg);
/* A duration (500ms, 1h30m) of at least min_ns nanoseconds (1: > 0). */
int64_t	opt_duration(const char *opt, const char *arg, int64_t min_ns);
/*
 * A field path (path_compile), new: the caller frees it with
 * path_free().  A bad one says "NAME: OPT ARG: column N: message".
 */
struct path *opt_path(const char *opt, const char *arg);
/*
 * A comma-separated list of field paths (path_list) into *out, new:
 * the caller frees it with path_list_free().  Returns the count (>= 1);
 * a bad list fails as opt_path() does.
 */
int	opt_paths(const char *opt, const char *arg, struct path ***out);

#endif
