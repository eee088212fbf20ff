/* SPDX-License-Identifier: MIT */
/* early.c -- aggregate's output while windows are open: --early, --every. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agg/early.h"
#include "core/hash.h"
#include "stream/stream.h"

void
early_init(struct early *e, struct aggregator *a, int64_t dur_ms,
    int64_t every_ms, int64_t now_ms,
    void (*emit)(void *, const char *, size_t), void *arg)
{
	memset(e, 0, sizeof(*e));
	e->a = a;
	e->dur_ms = dur_ms;
	e->due_ms = -1;
	e->every_ms = every_ms;
	e->next_ms = now_ms + every_ms;
	e->emit = emit;
	e->arg = arg;
	a->early = dur_ms > 0;
	/* A change to a pane is a change to each window that holds it. */
	a->panes.carry = a->early ? AGGREGATOR_CHANGED : 0;
}

/*
 * The provisional rows of window w's marked groups, in group order:
 * those whose row differs from the group's last one.
 */
static void
write_window(struct early *e, struct group_window *w)
{
	struct aggregator *a = e->a;
	struct group_out *og;
	struct gmap_ent *ent;
	uint64_t h;
	size_t i, n;

	og = group_window_marked(w, a->nkeys, AGGREGATOR_CHANGED, &n);
	for (i = 0; i < n; i++) {
		ent = &w->groups.g[og[i].idx];
		aggregator_row(a, w, &og[i], &e->row);
		e->row.len--;		/* the closing brace */
		stream_provisional_mark(&e->row);
		strbuf_addch(&e->row, '}');
		h = hash_bytes(e->row.buf, e->row.len) & ~AGGREGATOR_CHANGED;
		if (h != (ent->n & ~AGGREGATOR_CHANGED)) {
			e->emit(e->arg, e->row.buf, e->row.len);
			e->rows++;
		}
		ent->n = h;
	}
	free(og);
}

static void
pane_window(void *arg, struct group_window *w)
{
	write_window(arg, w);
}

void
early_write(struct early *e)
{
	struct group_window **all;
	size_t i, n;

	e->due_ms = -1;
	if (e->a->changed == 0)
		return;
	all = group_windows_ordered(&e->a->ws, &n);
	for (i = 0; i < n; i++)
		write_window(e, all[i]);
	free(all);
	/* Sliding windows by panes: the windows made of them, then. */
	aggregator_open_panes(e->a, pane_window, e);
	panes_unmark(&e->a->panes);
	e->a->changed = 0;
}

void
early_idle(void *arg)
{
	early_write(arg);
}

/* --every: the results so far, then a snapshot marker; the next time. */
static int64_t
snapshot_tick(struct early *e, int64_t now_ms)
{
	struct timespec ts;

	if (now_ms < e->next_ms)
		return e->next_ms;
	e->next_ms = now_ms + e->every_ms;
	clock_gettime(CLOCK_REALTIME, &ts);
	aggregator_snapshot(e->a, (int64_t)ts.tv_sec * 1000000000 +
	    ts.tv_nsec);
	return e->next_ms;
}

/* --early: the changed groups if a change has waited; the next time. */
static int64_t
rows_tick(struct early *e, int64_t now_ms)
{
	if (e->dur_ms == 0 || e->a->changed == 0)
		return e->due_ms = -1;
	if (e->due_ms == -1)
		e->due_ms = now_ms + e->dur_ms;
	if (now_ms < e->due_ms)
		return e->due_ms;
	early_write(e);
	return -1;
}

int64_t
early_tick(void *arg, int64_t now_ms)
{
	struct early *e = arg;
	int64_t next = -1, due;

	if (e->every_ms > 0)
		next = snapshot_tick(e, now_ms);
	if ((due = rows_tick(e, now_ms)) != -1 && (next == -1 || due < next))
		next = due;
	return next;
}

void
early_release(struct early *e)
{
	strbuf_release(&e->row);
}
