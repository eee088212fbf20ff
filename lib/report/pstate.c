/* SPDX-License-Identifier: MIT */
/* pstate.c -- aggregate --partial's states, merged for a report. */
#include <stdlib.h>
#include <string.h>

#include "agg/aggregator.h"
#include "agg/partial.h"
#include "agg/shard.h"
#include "report/pstate.h"
#include "stream/stream.h"

struct pstate {
	struct aggregator	 a;	/* merge: in, partial: out */
	struct shard_tally	 shard;
	int			 started;
};

struct pstate *
pstate_new(void (*emit)(void *, const char *, size_t), void *arg)
{
	struct pstate *ps;

	ps = xcalloc(1, sizeof(*ps));
	aggregator_init(&ps->a, emit, arg);
	ps->a.merge = 1;
	ps->a.partial = 1;
	return ps;
}

/* aggregator_start(), once, before the first record. */
static int
start(struct pstate *ps, struct strbuf *why)
{
	if (ps->started)
		return 0;
	ps->started = 1;
	return aggregator_start(&ps->a, why);
}

int
pstate_is_partial(struct record *r)
{
	struct jval v;

	return record_get_key(r, SK_PARTIAL, &v);
}

enum pstate_status
pstate_record(struct pstate *ps, struct record *r, uint64_t line,
    struct sluice_err *err, struct strbuf *why)
{
	shard_partial(&ps->shard, line);
	if (start(ps, why) == -1)
		return PSTATE_FATAL;
	switch (aggregator_record(&ps->a, r, line, err, why)) {
	case AGGREGATOR_TAKEN:
		return PSTATE_TAKEN;
	case AGGREGATOR_REJECT:
		return PSTATE_REJECT;
	default:
		return PSTATE_FATAL;
	}
}

int
pstate_ctl(struct pstate *ps, struct record *r, struct strbuf *why)
{
	if (start(ps, why) == -1)
		return -1;
	switch (stream_ctl_of(r)) {
	case CTL_SHARD:
		return shard_trailer(&ps->shard, r, why) == -1 ? -1 : 0;
	case CTL_CLOSE:
		return aggregator_ctl(&ps->a, r, why);
	default:
		return 1;
	}
}

int
pstate_verdict(struct pstate *ps, struct strbuf *why)
{
	switch (shard_check(&ps->shard, why)) {
	case SHARD_OK:
		return 0;
	case SHARD_UNTRAILED:
		return 1;
	default:
		return 2;
	}
}

void
pstate_finish(struct pstate *ps)
{
	aggregator_finish(&ps->a);
}

struct agg_acc *
pstate_split(struct pstate *ps, struct record *r, struct strbuf *row)
{
	struct sluice_err e;
	struct agg_acc *acc;
	struct jval spec, state;

	acc = agg_new(&ps->a.spec);
	/* The aggregator wrote r: its state reads back. */
	if (stream_get_partial(r, &spec, &state) == 1)
		(void)agg_deserialize(&ps->a.spec, acc, &state, &e);
	partial_result(r, &ps->a.spec, acc, row);
	return acc;
}

void
pstate_join(struct pstate *ps, struct agg_acc **dst,
    const struct agg_acc *src)
{
	if (*dst == NULL)
		*dst = agg_new(&ps->a.spec);
	agg_merge(&ps->a.spec, *dst, src);
}

void
pstate_values(struct pstate *ps, struct agg_acc *acc, double secs,
    struct strbuf *out)
{
	strbuf_reset(out);
	agg_result(&ps->a.spec, acc, secs, out);
	if (out->len == 0)
		strbuf_addch(out, ',');
	out->buf[0] = '{';
	strbuf_addch(out, '}');
}

void
pstate_drop(struct pstate *ps, struct agg_acc *acc)
{
	if (ps == NULL || acc == NULL)
		return;
	agg_free(&ps->a.spec, acc);
}

void
pstate_free(struct pstate *ps)
{
	if (ps == NULL)
		return;
	aggregator_release(&ps->a);
	shard_release(&ps->shard);
	free(ps);
}
