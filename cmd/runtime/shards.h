/* SPDX-License-Identifier: MIT */
/* shards.h -- aggregate's shards: --partial's trailer, --merge's check. */
#ifndef SLUICE_SHARDS_RT_H
#define SLUICE_SHARDS_RT_H

#include <stdint.h>

#include "agg/shard.h"
#include "runtime/tool.h"

/*
 * --partial at the end: write the trailer of this shard, its id
 * host:pid and the number of partial records it wrote (sluice(7)).
 */
void	shards_trailer(struct tool *, uint64_t partials);
/*
 * --merge at end of input, before any row is written: return if the
 * set of shards is whole; print why and exit 2 if it is empty or not
 * whole (shard_check()); if no shard has a trailer, warn and make the
 * exit status at least 1 (aggregate(1) SHARDING).
 */
void	shards_check(struct shard_tally *, struct tool *);

#endif
