/* SPDX-License-Identifier: MIT */
/* alertcount.c -- alert's counts: --stats and --metrics. */
#include <stdio.h>

#include "runtime/alertcount.h"

void
alertcount_metrics(void *arg, struct metrics *m)
{
	struct alertcount *ac = arg;

	metrics_count(m, "records", ac->records);
	metrics_count(m, "ctl", ac->ctl);
	metrics_count(m, "skipped", ac->skipped);
	metrics_count(m, "alerts", ac->alerts);
	metrics_count(m, "fired", alerter_fired(ac->engine));
	metrics_count(m, "untimed", ac->untimed);
	metrics_count(m, "exec_failed", ac->d->exec.failed);
	metrics_count(m, "provisional", ac->provisional);
	metrics_gauge(m, "groups", (int64_t)alerter_groups(ac->engine));
	if (am_on(&ac->d->am))
		metrics_count(m, "am_failed", ac->d->am.failed);
}

void
alertcount_stats(const struct alertcount *ac, struct tool *t)
{
	char am[48] = "";

	/* am_failed only with --alertmanager: the line is as it was. */
	if (am_on(&ac->d->am))
		snprintf(am, sizeof(am), " am_failed=%llu",
		    (unsigned long long)ac->d->am.failed);
	tool_stats(t, "lines_in=%llu records=%llu ctl=%llu rejected=%llu "
	    "skipped=%llu alerts=%llu fired=%llu untimed=%llu "
	    "exec_failed=%llu provisional=%llu%s",
	    (unsigned long long)t->lines_in,
	    (unsigned long long)ac->records, (unsigned long long)ac->ctl,
	    (unsigned long long)t->rejected, (unsigned long long)ac->skipped,
	    (unsigned long long)ac->alerts,
	    (unsigned long long)alerter_fired(ac->engine),
	    (unsigned long long)ac->untimed,
	    (unsigned long long)ac->d->exec.failed,
	    (unsigned long long)ac->provisional, am);
}
