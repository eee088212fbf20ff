/* SPDX-License-Identifier: MIT */
/* lanes.c -- ingest's file operands read side by side and merged by time. */
#include <sys/resource.h>

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/lanes.h"

struct lanes {
	struct tool	*t;
	struct timemerge	*m;
	size_t		*lo;		/* lane k: sources [lo[k], lo[k + 1]) */
};

static int
next_line(void *arg, size_t k, struct line *ln)
{
	struct lanes *ls = arg;

	if (!tool_next_line_of(ls->t, ls->lo[k], ls->lo[k + 1], ln))
		return 0;
	if (ls->t->progress == 1)
		tool_progress(ls->t, timemerge_counts(ls->m, NULL)->records);
	return 1;
}

static void
on_idle(void *arg)
{
	timemerge_idle(arg);
}

/* Whether sources i - 1 and i read the same operand (--state). */
static int
same_lane(const struct state *st, size_t i)
{
	return st != NULL && i < st->nowner && st->owner[i] != NULL &&
	    st->owner[i - 1] != NULL &&
	    strcmp(st->owner[i], st->owner[i - 1]) == 0;
}

/*
 * Every lane has a file open at once: the soft limit on open files is
 * raised as far as the hard one allows, and a merge that still cannot
 * fit is refused before any line is read (not run with files missing).
 */
static void
need_files(size_t lanes)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)lanes + 32;	/* outputs, state, watches */

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 ||
	    rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need)
		rl.rlim_cur = need;
	else
		rl.rlim_cur = rl.rlim_max;
	(void)setrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < need)
		errx(EXIT_TROUBLE, "%zu files to merge by time need %llu "
		    "open at once, but ulimit -n allows %llu; --concat "
		    "reads them one after the other", lanes,
		    (unsigned long long)need, (unsigned long long)rl.rlim_cur);
}

void
lanes_run(struct tool *t, struct timemerge **mp, const struct reader_opts *ro,
    const struct reader_out *out, const struct state *st,
    const struct line **at)
{
	struct sluice_err e;
	struct lanes ls;
	size_t i, n, nsrc = input_nsources(t->in);

	/* Followed files go as lines arrive; -t none: there is no time. */
	if ((input_flags(t->in) & INPUT_FOLLOW) || (ro->time_field != NULL &&
	    strcmp(ro->time_field, "none") == 0))
		return;
	ls.t = t;
	ls.lo = xreallocarray(NULL, nsrc + 1, sizeof(*ls.lo));
	for (i = n = 0; i < nsrc; i++)
		if (i == 0 || !same_lane(st, i))
			ls.lo[n++] = i;
	ls.lo[n] = nsrc;
	if (n < 2) {
		free(ls.lo);
		return;
	}
	need_files(n);
	if ((ls.m = timemerge_new(ro, out, n, &e)) == NULL)
		errx(EXIT_TROUBLE, "%s", e.msg);
	*mp = ls.m;
	*at = timemerge_at(ls.m);
	tool_set_idle(t, on_idle, ls.m);
	timemerge_run(ls.m, next_line, &ls);
	free(ls.lo);
}
