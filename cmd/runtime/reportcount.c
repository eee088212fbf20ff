/* SPDX-License-Identifier: MIT */
/* reportcount.c -- report's counts: --stats, --metrics, the guess warning. */
#include <err.h>

#include "runtime/reportcount.h"

void
reportcount_metrics(void *arg, struct metrics *m)
{
	struct reportcount *rc = arg;
	struct model_counts c;

	model_counts(rc->md, &c);
	metrics_count(m, "rows", c.rows);
	metrics_count(m, "alerts", c.alerts);
	metrics_count(m, "rejects", c.rejects);
	metrics_count(m, "late", c.late);
	metrics_count(m, "ctl", c.ctl);
	metrics_count(m, "skipped", rc->skipped);
	metrics_count(m, "provisional", c.provisional);
}

void
reportcount_stats(struct reportcount *rc, struct tool *t)
{
	struct model_counts c;

	model_counts(rc->md, &c);
	tool_stats(t, "lines_in=%llu rows=%llu alerts=%llu rejects=%llu "
	    "late=%llu ctl=%llu skipped=%llu malformed=%llu provisional=%llu",
	    (unsigned long long)t->lines_in, (unsigned long long)c.rows,
	    (unsigned long long)c.alerts, (unsigned long long)c.rejects,
	    (unsigned long long)c.late, (unsigned long long)c.ctl,
	    (unsigned long long)rc->skipped,
	    (unsigned long long)t->rejected,
	    (unsigned long long)c.provisional);
}

void
reportcount_guess(struct reportcount *rc)
{
	if (rc->warned || !model_guessed(rc->md))
		return;
	rc->warned = 1;
	warnx("a window has two rows of one group: without a meta "
	    "record numbers are taken for metrics, not group keys; name the "
	    "keys with -g");
}
