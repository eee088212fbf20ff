/* SPDX-License-Identifier: MIT */
/* metrics.h -- a tool's counts as a Prometheus text file (--metrics). */
#ifndef SLUICE_METRICS_H
#define SLUICE_METRICS_H

#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"

/*
 * --metrics FILE: a tool's counts in the Prometheus text exposition
 * format 0.0.4, for node_exporter's textfile collector (sluice(7),
 * METRICS).  The whole text is built in memory, then replaces FILE at
 * once (atomic_publish(): a temporary file renamed over it), so a
 * reader never sees a part.  Every series is named sluice_NAME, with
 * the labels tool (the tool's name) and stage (FILE's basename less
 * .prom), which tell apart two stages of a pipeline on one host.
 *
 * Use: metrics_init(), metrics_open(); then for each write
 * metrics_begin(), the series (metrics_count(), metrics_gauge(),
 * metrics_seconds(), ...), metrics_commit(); at the end
 * metrics_release().  Nothing here is called per record.
 */
struct metrics {
	const char	*path;		/* FILE; NULL: no --metrics */
	int64_t		 every_ms;	/* --metrics-every */
	int64_t		 next_ms;	/* the next write is due (monotonic) */
	int64_t		 start_ns;	/* wall clock at metrics_init() */
	const char	*tool;
	struct strbuf	 labels;	/* {tool="...",stage="..."} */
	struct strbuf	 buf;		/* the text being built */
};

/* The default of --metrics-every. */
#define METRICS_EVERY_MS	5000

/* Off (path NULL) until metrics_open(); notes the start time. */
void	metrics_init(struct metrics *, const char *tool);
/*
 * Write to path from now on (path is borrowed: it must outlive m).
 * Does not write yet.
 */
void	metrics_open(struct metrics *, const char *path);

/* Start a new text: the start time and the heap in use first. */
void	metrics_begin(struct metrics *);
/*
 * Add a series: a counter sluice_NAME_total, a gauge sluice_NAME of v,
 * or a gauge sluice_NAME of ns nanoseconds in seconds (exact, not
 * rounded).  Each name once per text; its HELP is that of the table
 * in metrics.c, the same in every tool.
 */
void	metrics_count(struct metrics *, const char *name, uint64_t v);
void	metrics_gauge(struct metrics *, const char *name, int64_t v);
void	metrics_seconds(struct metrics *, const char *name, int64_t ns);
/*
 * A watermark in event time (ns since the epoch; INT64_MIN: none yet,
 * and nothing is added): sluice_watermark_seconds, and
 * sluice_watermark_lag_seconds, the wall clock less the watermark.
 */
void	metrics_watermark(struct metrics *, int64_t wm);
/*
 * Write the text to the file and plan the next write every_ms after
 * now_ms (monotonic).  Returns 0, or -1 with a message; the file is
 * then as it was.
 */
int	metrics_commit(struct metrics *, int64_t now_ms,
	    struct sluice_err *err);

/*
 * aggregate's series, arg being its struct aggregator (agg/aggregator.h):
 * the counts aggregated, groups_out and windows, and the gauges groups
 * (held in open windows and outside windows) and windows_open.
 */
void	metrics_put_aggregator(void *arg, struct metrics *);

void	metrics_release(struct metrics *);

#endif
