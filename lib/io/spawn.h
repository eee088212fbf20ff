/* SPDX-License-Identifier: MIT */
/* spawn.h -- run a command with some bytes on its stdin, with a timeout. */
#ifndef SLUICE_SPAWN_H
#define SLUICE_SPAWN_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

/* How a run ended. */
enum spawn_end {
	SPAWN_OK,		/* exit status 0 */
	SPAWN_FAILED,		/* exited with another status: *status */
	SPAWN_SIGNALED,		/* killed by signal *status */
	SPAWN_TIMEOUT,		/* still running after the timeout: killed */
	SPAWN_ERROR		/* could not start: err says why */
};

/*
 * Run argv[0] (looked up in PATH) with argv as its arguments, env
 * (NAME=VALUE strings, NULL-terminated, or NULL) added to the
 * environment, input[0..n) on its standard input and its standard
 * output sent to our standard error.  It runs in its own process
 * group; after timeout_ms (0: none) the group gets SIGTERM, and
 * SIGKILL a second later.  Nothing is ever passed through a shell
 * unless argv says so.  Returns how it ended.
 */
enum spawn_end spawn_run(char *const argv[], char *const env[],
	    const char *input, size_t n, int64_t timeout_ms, int *status,
	    struct sluice_err *err);

#endif
