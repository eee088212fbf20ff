/* SPDX-License-Identifier: MIT */
/* mlopt.h -- ingest's --multiline options: pattern, limits, checked. */
#ifndef SLUICE_MLOPT_RT_H
#define SLUICE_MLOPT_RT_H

#include "parse/logparse.h"
#include "parse/multiline.h"

/*
 * Take the argument arg of the long option name ("multiline",
 * "multiline-max-lines" or "multiline-max-bytes") into o.  A bad
 * argument prints "ingest: --OPT ARG: [column N: ]why" and exits 2.
 */
void	mlopt_option(struct multiline_opts *o, const char *name,
	    const char *arg);
/*
 * Check o against the format f: a limit without --multiline, or
 * --multiline with a format that has no message field, exits 2.
 */
void	mlopt_setup(const struct multiline_opts *o, enum logformat f);

#endif
