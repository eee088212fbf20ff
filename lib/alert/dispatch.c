/* SPDX-License-Identifier: MIT */
/* dispatch.c -- where alerts go: --exec per alert or in batches, journaled. */
#include <string.h>

#include "alert/dispatch.h"
#include "io/input.h"
#include "time/duration.h"
#include "time/timefmt.h"

int
dispatch_batch_option(struct dispatch *d, const char *arg,
    struct sluice_err *err)
{
	struct sluice_err e;
	int64_t ns;

	d->batch_close = strcmp(arg, "close") == 0;
	d->batch_ms = 0;
	if (d->batch_close)
		return 0;
	if (duration_parse(arg, &ns, &e) == -1 || ns <= 0)
		return err_set(err, 0, "--exec-batch: '%s': give 'close' or a "
		    "duration such as 30s", arg);
	d->batch_ms = ns / NS_PER_MS > 0 ? ns / NS_PER_MS : 1;
	return 0;
}

void
dispatch_timeout(struct dispatch *d, int64_t ms)
{
	d->exec.timeout_ms = ms;
	d->am.timeout_ms = ms;
}

int
dispatch_check(struct dispatch *d, struct sluice_err *err)
{
	if (am_on(&d->am)) {
		if (d->exec.argv != NULL)
			return err_set(err, 0, "give --exec or --alertmanager, "
			    "not both");
		if (d->batch_ms == 0)
			d->batch_close = 1;
		return 0;
	}
	if ((d->batch_close || d->batch_ms > 0) && d->exec.argv == NULL)
		return err_set(err, 0, "--exec-batch needs --exec, "
		    "--exec-shell or --alertmanager");
	return 0;
}

/* Whether alerts go anywhere: to a command or to Alertmanager. */
static int
dispatching(const struct dispatch *d)
{
	return d->exec.argv != NULL || am_on(&d->am);
}

int
dispatch_journal(struct dispatch *d, const char *state_path,
    struct sluice_err *err)
{
	if (!dispatching(d))
		return 0;
	if (journal_open(&d->journal, state_path, err) == -1)
		return -1;
	d->journaled = 1;
	return 0;
}

/* Whether alerts wait for a batch rather than run one by one. */
static int
batching(const struct dispatch *d)
{
	return d->batch_close || d->batch_ms > 0;
}

int
dispatch_alert(struct dispatch *d, const char *json, size_t n,
    const char *rule, const char *state, int64_t id, struct sluice_err *err)
{
	int seen;

	if (!dispatching(d))
		return 0;
	seen = d->journaled && journal_seen(&d->journal, json, n);
	/* Replayed, it was posted: it still counts as firing. */
	if (am_on(&d->am))
		am_take(&d->am, json, n, !seen);
	if (seen)
		return 0;
	if (batching(d)) {
		if (d->counts.count++ == 0)
			d->since_ms = input_now_ms();
		d->counts.firing += strcmp(state, "firing") == 0;
		d->counts.resolved += strcmp(state, "resolved") == 0;
		strbuf_add(&d->batch, json, n);
		strbuf_addch(&d->batch, '\n');
		if (d->batch_ms > 0 && input_now_ms() >= dispatch_deadline(d))
			return dispatch_flush(d, id, err);
		return 0;
	}
	if (d->journaled && journal_add(&d->journal, json, n, id, err) == -1)
		return -1;
	if (d->before != NULL)
		d->before(d->before_arg);
	return notify_run(&d->exec, json, n, rule, state, err) == -1 ? 1 : 0;
}

int
dispatch_flush(struct dispatch *d, int64_t id, struct sluice_err *err)
{
	int rv = 0;

	if (d->counts.count == 0 && !(am_on(&d->am) && am_due(&d->am)))
		return 0;
	if (d->counts.count > 0 && d->journaled &&
	    journal_add_lines(&d->journal, d->batch.buf, d->batch.len, id,
	    err) == -1)
		return -1;
	if (d->before != NULL)
		d->before(d->before_arg);
	if (am_on(&d->am))
		rv = am_post(&d->am, err);
	else if (notify_run_batch(&d->exec, d->batch.buf, d->batch.len,
	    &d->counts, err) == -1)
		rv = 1;
	strbuf_reset(&d->batch);
	memset(&d->counts, 0, sizeof(d->counts));
	return rv;
}

int
dispatch_tick(struct dispatch *d, int64_t now_ms, int64_t id,
    struct sluice_err *err)
{
	int64_t due = dispatch_deadline(d);

	return due != -1 && now_ms >= due ? dispatch_flush(d, id, err) : 0;
}

int
dispatch_checkpoint(struct dispatch *d, int64_t id, struct sluice_err *err)
{
	int rv;

	if ((rv = dispatch_flush(d, id, err)) == -1)
		return -1;
	/* A restart goes back at most to the state before this one. */
	if (d->journaled && journal_prune(&d->journal, id, err) == -1)
		return -1;
	return rv;
}

int64_t
dispatch_deadline(const struct dispatch *d)
{
	if (d->batch_ms == 0 || d->counts.count == 0)
		return -1;
	return d->since_ms + d->batch_ms;
}

void
dispatch_release(struct dispatch *d)
{
	if (d->journaled)
		journal_close(&d->journal);
	d->journaled = 0;
	strbuf_release(&d->batch);
	notify_release(&d->exec);
	am_release(&d->am);
}
