/* SPDX-License-Identifier: MIT */
/* stamp.h -- find a record's time field and write it as @timestamp. */
#ifndef SLUICE_STAMP_H
#define SLUICE_STAMP_H

#include "core/common.h"
#include "json/path.h"
#include "json/record.h"
#include "parse/fields.h"
#include "time/timefmt.h"

/* Time fields tried, in order, when none is named. */
#define STAMP_NCAND	6

/*
 * How ingest finds the time of a record: a named field (-t), or the
 * first present of @timestamp, timestamp, time, ts, datetime, date
 * (journald records: __REALTIME_TIMESTAMP), read by topts.
 */
struct stamp {
	struct time_opts	 topts;
	int			 none;		/* -t none: leave times alone */
	struct path		*path;		/* the named field, or NULL */
	struct path		*journald;
	struct path		*cand[STAMP_NCAND];
};

/* What became of a record's time. */
#define STAMP_REJECT	(-1)	/* its time cannot be read: err says why */
#define STAMP_NONE	0	/* it has no time field: it goes on so */
#define STAMP_OK	1	/* it has its @timestamp, or needs none */

/*
 * Set s up: field names the time field, NULL to look for one, "none"
 * for no time at all; topts is copied.  Returns 0, or -1 with err->col
 * and err->msg when field is not a field path.
 */
int	stamp_init(struct stamp *s, const char *field,
	    const struct time_opts *topts, struct sluice_err *err);
/*
 * Give a JSON record its time: set @timestamp to the time field's
 * value in RFC 3339 (its bytes are left alone when they are already
 * so).  Control records are left alone.  journald says the record is
 * journald's (then its default field must be there).  Returns a
 * STAMP_ value.
 */
int	stamp_record(struct stamp *s, struct record *rec, int journald,
	    struct sluice_err *err);
/*
 * Same for a record a line parser made: add an F_TIME @timestamp
 * unless fl has one.  Returns a STAMP_ value.
 */
int	stamp_fields(struct stamp *s, struct fieldlist *fl,
	    struct sluice_err *err);
void	stamp_release(struct stamp *s);

#endif
