/* SPDX-License-Identifier: MIT */
/* duration.h -- parse and format durations: 500ms 30s 5m 1h 1d 1h30m. */
#ifndef SLUICE_DURATION_H
#define SLUICE_DURATION_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

/*
 * One or more <number><unit> terms, units ns us ms s m h d w, the
 * number possibly fractional ("1.5h").  A bare number is an error (is
 * it seconds or ms?).  Returns 0 and *ns, or -1 with a message.
 */
int	duration_parse(const char *, int64_t *ns, struct sluice_err *);
/* Shortest form, as "1h30m", "250ms", "0s"; returns the length. */
#define DURATION_LEN	48
size_t	duration_format(int64_t ns, char *buf);

#endif
