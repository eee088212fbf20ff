/* SPDX-License-Identifier: MIT */
/* notify.h -- run a command with each alert: alert --exec, --exec-shell. */
#ifndef SLUICE_NOTIFY_H
#define SLUICE_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

#define NOTIFY_TIMEOUT_MS	10000	/* --exec-timeout's default */

/*
 * The command (argv, NULL if none: then notify_run is never called),
 * run once per alert with the alert on its stdin, killed after
 * timeout_ms.  argv's strings are borrowed from the command line.
 */
struct notify {
	char		**argv;
	int64_t		  timeout_ms;
	uint64_t	  failed;	/* runs that did not exit 0 */
};

#define NOTIFY_INIT	{ NULL, NOTIFY_TIMEOUT_MS, 0 }

/*
 * Take every "--exec CMD [ARG ...] ;" out of argv[1..argc), before
 * getopt sees it: the words up to a lone ";" are the command, never
 * parsed as options; a "--" ends the search.  Returns the new argc
 * (argv stays NULL-terminated), or -1 with a message when --exec comes
 * twice, without a command, or without its ";" ("missing ';' to end
 * --exec ...").
 */
int	notify_take_exec(struct notify *, int argc, char *argv[],
	    struct sluice_err *err);
/*
 * --exec-shell: run the shell command cmd (borrowed) with sh -c.
 * Returns 0, or -1 with a message if a command was already given.
 */
int	notify_shell(struct notify *, const char *cmd, struct sluice_err *err);
/*
 * Run the command with json[0..n) and a newline on its stdin and
 * SLUICE_ALERT_RULE and SLUICE_ALERT_STATE in its environment.
 * Returns 0, or -1 (counted in failed) with a message that says how it
 * failed: "--exec CMD: exited with status 3", "... killed by signal",
 * "... still running after 10s, killed", or why it could not start.
 */
int	notify_run(struct notify *, const char *json, size_t n,
	    const char *rule, const char *state, struct sluice_err *err);
/* How many alerts a batch holds, and of them firing and resolved. */
struct notify_counts {
	size_t		 count;
	size_t		 firing;
	size_t		 resolved;
};
/*
 * Run the command once for a batch of alerts: lines[0..n), one alert
 * a line, on its stdin, and SLUICE_ALERT_COUNT, SLUICE_ALERT_FIRING
 * and SLUICE_ALERT_RESOLVED (from c) in its environment.  Returns as
 * notify_run() does.
 */
int	notify_run_batch(struct notify *, const char *lines, size_t n,
	    const struct notify_counts *c, struct sluice_err *err);
void	notify_release(struct notify *);

#endif
