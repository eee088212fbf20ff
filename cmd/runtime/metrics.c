/* SPDX-License-Identifier: MIT */
/* metrics.c -- a tool's counts as a Prometheus text file (--metrics). */
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "agg/aggregator.h"
#include "io/atomic.h"
#include "json/scan.h"
#include "runtime/metrics.h"
#include "time/timefmt.h"

/*
 * The HELP of every series, by name: one text per name for all six
 * tools, as node_exporter merges the files of several tools into one
 * exposition.  sluice(7), METRICS, lists the same.
 */
static const struct {
	const char	*name;
	const char	*help;
} helps[] = {
	{ "aggregated_total", "Records aggregated (with --merge: states "
	    "merged)." },
	{ "alerts_total", "Alert records written." },
	{ "continuation_lines_total", "Lines of multi-line csv records "
	    "after their first." },
	{ "ctl_total", "Control records read." },
	{ "empty_total", "Empty lines skipped." },
	{ "events_total", "Records put in windows." },
	{ "exec_failed_total", "Alert commands (--exec) that failed." },
	{ "filtered_total", "Records left out by --where." },
	{ "fired_total", "Alerts written in the firing state." },
	{ "groups", "Groups held in memory: aggregate's groups of open "
	    "windows, alert's rule states." },
	{ "groups_out_total", "Result records written." },
	{ "heap_bytes", "Bytes of heap in use (malloc statistics): an "
	    "estimate of the memory the state holds, buffers included." },
	{ "late_total", "Late records: behind the watermark (window), or "
	    "marked late in the stream (report)." },
	{ "lines_in_total", "Input lines read." },
	{ "no_time_total", "Records written without a time." },
	{ "provisional_total", "Provisional rows of open windows: written "
	    "(aggregate --early) or read (alert, report)." },
	{ "records_in_total", "Records read." },
	{ "records_out_total", "Records written." },
	{ "records_total", "Data records evaluated." },
	{ "rejected_total", "Input lines rejected: not records, or "
	    "failing a check." },
	{ "rejects_total", "Reject records (@error) in the stream." },
	{ "rows_total", "Rows read." },
	{ "skipped_total", "Lines skipped: empty lines (ingest: also csv "
	    "headers)." },
	{ "skipped_values_total", "Values a function passed over: not "
	    "numbers, or missing." },
	{ "start_time_seconds", "Start time of the process since the "
	    "epoch." },
	{ "untimed_total", "Records evaluated at the latest time, having "
	    "none." },
	{ "utf8_repaired_total", "Records whose invalid UTF-8 was "
	    "repaired." },
	{ "watermark_lag_seconds", "The wall clock less the watermark." },
	{ "watermark_seconds", "The watermark: event time up to which "
	    "windows are closed, since the epoch." },
	{ "windows_open", "Windows held open." },
	{ "windows_total", "Windows closed (window) or whose results were "
	    "written (aggregate)." }
};

void
metrics_init(struct metrics *m, const char *tool)
{
	memset(m, 0, sizeof(*m));
	m->tool = tool;
	m->every_ms = METRICS_EVERY_MS;
	m->start_ns = timefmt_now();
}

/* A label value: \, " and newline escaped, a byte not UTF-8 U+FFFD. */
static void
add_value(struct strbuf *sb, const char *p, size_t n)
{
	size_t i, k;

	strbuf_addch(sb, '"');
	for (i = 0; i < n; i += k) {
		k = 1;
		if (p[i] == '\n') {
			strbuf_addstr(sb, "\\n");
			continue;
		}
		if ((unsigned char)p[i] >= 0x80) {
			if ((k = utf8_char_len(p + i, n - i)) == 0) {
				strbuf_addstr(sb, "\xef\xbf\xbd");
				k = 1;
			} else
				strbuf_add(sb, p + i, k);
			continue;
		}
		if (p[i] == '\\' || p[i] == '"')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, p[i]);
	}
	strbuf_addch(sb, '"');
}

void
metrics_open(struct metrics *m, const char *path)
{
	const char *base;
	size_t n;

	m->path = path;
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".prom") == 0)
		n -= 5;
	strbuf_reset(&m->labels);
	strbuf_addstr(&m->labels, "{tool=");
	add_value(&m->labels, m->tool, strlen(m->tool));
	strbuf_addstr(&m->labels, ",stage=");
	add_value(&m->labels, base, n);
	strbuf_addch(&m->labels, '}');
}

/*
 * The HELP and TYPE lines of sluice_NAME, NAME being name and suffix,
 * and the start of its sample: "sluice_NAME{labels} ".
 */
static void
family(struct metrics *m, const char *name, const char *suffix,
    const char *type)
{
	const char *help = "A count of sluice.";
	size_t i, n = strlen(name);

	for (i = 0; i < NELEM(helps); i++)
		if (strncmp(helps[i].name, name, n) == 0 &&
		    strcmp(helps[i].name + n, suffix) == 0)
			help = helps[i].help;
	strbuf_addf(&m->buf, "# HELP sluice_%s%s %s\n"
	    "# TYPE sluice_%s%s %s\nsluice_%s%s%s ", name, suffix, help,
	    name, suffix, type, name, suffix, m->labels.buf);
}

void
metrics_count(struct metrics *m, const char *name, uint64_t v)
{
	family(m, name, "_total", "counter");
	strbuf_addf(&m->buf, "%llu\n", (unsigned long long)v);
}

void
metrics_gauge(struct metrics *m, const char *name, int64_t v)
{
	family(m, name, "", "gauge");
	strbuf_addf(&m->buf, "%lld\n", (long long)v);
}

void
metrics_seconds(struct metrics *m, const char *name, int64_t ns)
{
	uint64_t u = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	char frac[16];
	int k;

	family(m, name, "", "gauge");
	strbuf_addf(&m->buf, "%s%llu", ns < 0 ? "-" : "",
	    (unsigned long long)(u / NS_PER_SEC));
	if (u % NS_PER_SEC != 0) {
		k = snprintf(frac, sizeof(frac), "%09llu",
		    (unsigned long long)(u % NS_PER_SEC));
		while (k > 0 && frac[k - 1] == '0')
			frac[--k] = '\0';
		strbuf_addf(&m->buf, ".%s", frac);
	}
	strbuf_addch(&m->buf, '\n');
}

void
metrics_watermark(struct metrics *m, int64_t wm)
{
	int64_t wall;

	if (wm == INT64_MIN)
		return;
	wall = timefmt_now();
	metrics_seconds(m, "watermark_seconds", wm);
	/* wall - wm, saturated: a watermark may be far in the past. */
	metrics_seconds(m, "watermark_lag_seconds", wm < 0 &&
	    wall > INT64_MAX + wm ? INT64_MAX : wall - wm);
}

/* The heap in use, from malloc's own count; -1 where there is none. */
static int64_t
heap_bytes(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 mi;

	mi = mallinfo2();
	return (int64_t)(mi.uordblks + mi.hblkhd);
#else
	return -1;
#endif
}

void
metrics_begin(struct metrics *m)
{
	int64_t heap;

	strbuf_reset(&m->buf);
	metrics_seconds(m, "start_time_seconds", m->start_ns);
	if ((heap = heap_bytes()) >= 0)
		metrics_gauge(m, "heap_bytes", heap);
}

int
metrics_commit(struct metrics *m, int64_t now_ms, struct sluice_err *e)
{
	m->next_ms = now_ms + m->every_ms;
	return atomic_publish(m->path, m->buf.buf, m->buf.len, e);
}

void
metrics_put_aggregator(void *arg, struct metrics *m)
{
	struct aggregator *a = arg;
	struct group_window *w;
	uint64_t groups;
	size_t i;

	metrics_count(m, "aggregated", a->aggregated);
	metrics_count(m, "groups_out", a->groups_out);
	metrics_count(m, "windows", a->windows_out);
	groups = a->ws.global.groups.n;
	for (i = 0; i < a->ws.map.n; i++) {
		w = a->ws.map.g[i].val;
		groups += w->groups.n;
	}
	metrics_gauge(m, "groups", (int64_t)groups);
	metrics_gauge(m, "windows_open", (int64_t)a->ws.map.n);
}

void
metrics_release(struct metrics *m)
{
	strbuf_release(&m->labels);
	strbuf_release(&m->buf);
}
