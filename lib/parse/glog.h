/* SPDX-License-Identifier: MIT */
/* glog.h -- the lines of Google's logging library (glog, absl log). */
#ifndef SLUICE_GLOG_H
#define SLUICE_GLOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "parse/fields.h"
#include "time/timefmt.h"

struct glog;

/* year: the year of lines without one (0: inferred); tz: their zone. */
struct glog	*glog_new(int year, const struct tzspec *tz);
/* A new file: years are inferred relative to ref_ns. */
void		 glog_reset(struct glog *, int64_t ref_ns);
/*
 * "Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg", L one of I, W, E, F;
 * the date may be yyyymmdd.  Fields: @timestamp, level (INFO, WARNING,
 * ERROR, FATAL), threadid, file, line, message.  A date without a year
 * takes the year given to glog_new, else the year of ref_ns, or the
 * one before when that would put the line more than a day after
 * ref_ns.  Resets fl first.  Returns PARSE_RECORD or PARSE_ERROR.
 */
int		 glog_line(struct glog *, const char *line, size_t len,
		    struct fieldlist *, struct sluice_err *);
void		 glog_free(struct glog *);

#endif
