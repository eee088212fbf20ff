/* SPDX-License-Identifier: MIT */
/* shard.h -- aggregate --merge: is the set of shards complete? */
#ifndef SLUICE_SHARD_H
#define SLUICE_SHARD_H

#include <stdint.h>

#include "core/strbuf.h"
#include "json/record.h"

/*
 * What --merge tallies of its input to tell a complete set of shards
 * from an empty or a truncated one (aggregate(1) SHARDING): each
 * aggregate --partial run ends with a trailer giving how many partial
 * records it wrote (stream_shard_write()).  The set is complete when
 * there is a trailer and the partials add up to what the trailers say,
 * in any order.  In the order read, the partials since the trailer
 * before are the next trailer's, which names the shard that lost some
 * when the shards come one after another.  A zeroed struct is empty.
 */
struct shard_tally {
	uint64_t	 partials;	/* partial records read */
	uint64_t	 declared;	/* their sum over the trailers */
	uint64_t	 trailers;
	uint64_t	 run;		/* partials since the last trailer */
	uint64_t	 run_line;	/* the line of the first of them */
	struct strbuf	 bad;		/* "id: N of M", of the first misfit */
	struct strbuf	 id;		/* scratch */
};

/* A partial record (any record that is not a control one) at line. */
void	shard_partial(struct shard_tally *, uint64_t line);
/* A trailer r: 0, or -1 with why set (reset first) if malformed. */
int	shard_trailer(struct shard_tally *, struct record *r,
	    struct strbuf *why);

enum shard_verdict {
	SHARD_OK,
	SHARD_NONE,		/* no trailer, no partial: no shard at all */
	SHARD_UNTRAILED,	/* partials, no trailer: an older aggregate */
	SHARD_LOST		/* the counts differ: a shard cut short */
};

/*
 * The verdict at end of input, and why, naming the shard where it can,
 * in why (reset first; empty for SHARD_OK).
 */
enum shard_verdict shard_check(struct shard_tally *, struct strbuf *why);
void	shard_release(struct shard_tally *);

#endif
