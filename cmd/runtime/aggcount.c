/* SPDX-License-Identifier: MIT */
/* aggcount.c -- aggregate's counts: --stats and --metrics. */
#include "core/strbuf.h"
#include "runtime/aggcount.h"

void
aggcount_metrics(void *arg, struct metrics *m)
{
	struct aggcount *c = arg;
	struct strbuf sb = STRBUF_INIT;

	metrics_put_aggregator((void *)c->a, m);
	metrics_count(m, "records_in", c->records);
	metrics_count(m, "filtered", c->filtered);
	metrics_count(m, "ctl", c->ctl);
	metrics_count(m, "skipped_values", agg_spec_skipped(&c->a->spec,
	    &sb));
	metrics_count(m, "empty", c->empty);
	if (c->early != NULL)
		metrics_count(m, "provisional", c->early->rows);
	strbuf_release(&sb);
}

void
aggcount_stats(const struct aggcount *c, struct tool *t)
{
	struct strbuf sk = STRBUF_INIT;
	uint64_t skipped;

	skipped = agg_spec_skipped(&c->a->spec, &sk);
	if (c->early != NULL)
		strbuf_addf(&sk, " provisional=%llu",
		    (unsigned long long)c->early->rows);
	tool_stats(t, "lines_in=%llu records_in=%llu aggregated=%llu "
	    "filtered=%llu rejected=%llu groups_out=%llu windows=%llu "
	    "ctl=%llu skipped_values=%llu empty=%llu%s",
	    (unsigned long long)t->lines_in,
	    (unsigned long long)c->records,
	    (unsigned long long)c->a->aggregated,
	    (unsigned long long)c->filtered,
	    (unsigned long long)t->rejected,
	    (unsigned long long)c->a->groups_out,
	    (unsigned long long)c->a->windows_out,
	    (unsigned long long)c->ctl,
	    (unsigned long long)skipped,
	    (unsigned long long)c->empty,
	    sk.len ? sk.buf : "");
	strbuf_release(&sk);
}
