/* SPDX-License-Identifier: MIT */
/* shard.c -- aggregate --merge: is the set of shards complete? */
#include <string.h>

#include "agg/shard.h"
#include "stream/stream.h"

void
shard_partial(struct shard_tally *t, uint64_t line)
{
	if (t->run++ == 0)
		t->run_line = line;
	t->partials++;
}

int
shard_trailer(struct shard_tally *t, struct record *r, struct strbuf *why)
{
	uint64_t n;

	strbuf_reset(why);
	if (stream_shard_read(r, &t->id, &n) == -1) {
		strbuf_addstr(why, "a shard trailer without its id and its "
		    "count of partials");
		return -1;
	}
	t->trailers++;
	t->declared += n;
	if (t->run != n && t->bad.len == 0)
		strbuf_addf(&t->bad, "shard %s wrote %llu partial states, "
		    "%llu came before its trailer", t->id.buf,
		    (unsigned long long)n, (unsigned long long)t->run);
	t->run = 0;
	return 0;
}

enum shard_verdict
shard_check(struct shard_tally *t, struct strbuf *why)
{
	strbuf_reset(why);
	if (t->trailers == 0 && t->partials == 0) {
		strbuf_addstr(why, "no shard: the input holds no partial "
		    "state and no shard trailer");
		return SHARD_NONE;
	}
	if (t->trailers == 0) {
		strbuf_addf(why, "no shard trailer: %llu partial states "
		    "merged unchecked (an older aggregate --partial, or "
		    "every shard cut short)",
		    (unsigned long long)t->partials);
		return SHARD_UNTRAILED;
	}
	if (t->partials == t->declared)
		return SHARD_OK;
	strbuf_addf(why, "the shards are not whole: %llu partial states "
	    "came, their %llu trailers say %llu; ",
	    (unsigned long long)t->partials,
	    (unsigned long long)t->trailers,
	    (unsigned long long)t->declared);
	if (t->run > 0)
		strbuf_addf(why, "%llu after the last trailer, from line "
		    "%llu on: a shard cut short before its trailer",
		    (unsigned long long)t->run,
		    (unsigned long long)t->run_line);
	else if (t->bad.len > 0)
		strbuf_add(why, t->bad.buf, t->bad.len);
	else
		strbuf_addstr(why, "a shard cut short");
	return SHARD_LOST;
}

void
shard_release(struct shard_tally *t)
{
	strbuf_release(&t->bad);
	strbuf_release(&t->id);
}
