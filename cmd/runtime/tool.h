/* SPDX-License-Identifier: MIT */
/* tool.h -- the runtime every sluice command shares. */
#ifndef SLUICE_TOOL_H
#define SLUICE_TOOL_H

#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "core/common.h"
#include "io/input.h"
#include "io/output.h"
#include "runtime/metrics.h"

/*
 * This is the one lib/ module that prints and exits: it is the layer
 * between the commands and the library, holding what all six share:
 * the common options, stdout, the input, signals, warnings with a cap,
 * the --reject stream, --stats, --metrics and the exit status
 * (DESIGN.md 7).
 */

/* Long option codes above any short option letter. */
enum {
	TOOL_OPT_STATS = 0x100,
	TOOL_OPT_MAX_LINE,
	TOOL_OPT_REJECT,
	TOOL_OPT_PROGRESS,
	TOOL_OPT_STATE,
	TOOL_OPT_DRAIN,
	TOOL_OPT_METRICS,
	TOOL_OPT_METRICS_EVERY,
	TOOL_OPT_FIRST_PRIVATE = 0x200	/* tools number theirs from here */
};

/* The long options every tool takes; put first in a tool's table. */
#define TOOL_LONGOPTS \
	{ "help",	no_argument,		NULL,	'h' }, \
	{ "version",	no_argument,		NULL,	'V' }, \
	{ "stats",	no_argument,		NULL,	TOOL_OPT_STATS }, \
	{ "unbuffered",	no_argument,		NULL,	'u' }, \
	{ "max-line",	required_argument,	NULL,	TOOL_OPT_MAX_LINE }, \
	{ "metrics",	required_argument,	NULL,	TOOL_OPT_METRICS }, \
	{ "metrics-every", required_argument,	NULL,	TOOL_OPT_METRICS_EVERY }
/* Their short letters, first in the getopt string (':' = report ':'). */
#define TOOL_SHORTOPTS	":hVu"
/* --reject FILE, for the tools that reject records. */
#define TOOL_REJECT_LONGOPT \
	{ "reject",	required_argument,	NULL,	TOOL_OPT_REJECT }
/* --state FILE, for the stages that keep state (durable.h)... */
#define TOOL_STATE_LONGOPT \
	{ "state",	required_argument,	NULL,	TOOL_OPT_STATE }
/* ... and --drain for those that keep windows or groups open. */
#define TOOL_STATE_LONGOPTS \
	TOOL_STATE_LONGOPT, \
	{ "drain",	no_argument,		NULL,	TOOL_OPT_DRAIN }

/* Warnings after this many are counted, not shown. */
#define TOOL_MAX_WARNINGS	100

struct tool {
	const char		*name;
	const char		*usage;		/* the synopsis and options */
	char			**argv;		/* main's, for messages */
	struct output		 out;
	struct input		*in;
	int			 rv;		/* exit status so far */
	int			 show_stats;
	int			 progress;	/* -1 auto, 0 off, 1 on */
	size_t			 max_line;
	const char		*reject_path;
	const char		*state_path;	/* --state, or NULL */
	int			 drain;		/* --drain */
	struct output		*rej;		/* --reject, or NULL */
	struct output		*files[4];	/* tool_open_file() */
	const char		*file_paths[4];
	int			 nfiles;
	uint64_t		 lines_in;	/* lines read */
	uint64_t		 rejected;
	uint64_t		 warnings;
	int64_t			 progress_start;
	int64_t			 progress_next;
	int			 progress_shown;
	volatile sig_atomic_t	 stop;		/* the signal that stops us */
	void			(*idle)(void *);	/* tool_set_idle() */
	void			*idle_arg;
	const char		*metrics_path;	/* --metrics, or NULL */
	int64_t			 metrics_every;	/* ms; 0: not given */
	struct metrics		 metrics;
	void			(*metrics_fn)(void *, struct metrics *);
	void			*metrics_arg;
	int			 metrics_failing; /* the last write failed */
	int64_t			(*tick)(void *, int64_t); /* tool_set_tick() */
	void			*tick_arg;
};

/* Set up stdout and the signal handlers; argv is main's. */
void	tool_init(struct tool *, const char *name, const char *usage,
	    char **argv);
/*
 * Handle a common option; returns 1 if it was one.  --help and
 * --version print and exit 0; an unknown option ('?') prints the usage
 * on stderr and exits 2.
 */
int	tool_option(struct tool *, int ch, const char *arg);
NORETURN void tool_usage(const struct tool *, int status);
/*
 * After option parsing: open the --reject file and an input over the
 * operands (stdin if none) with flags INPUT_*, hooks in place.
 */
void	tool_open(struct tool *, int argc, char *const argv[], int flags);
/* Same with an input the tool built itself (ingest --state); steals it. */
void	tool_open_input(struct tool *, struct input *);
/*
 * The tool's own work when the input is about to wait (fn(arg)), run
 * before the output is flushed there, so what it writes is seen at
 * once (aggregate --early).  NULL: none.
 */
void	tool_set_idle(struct tool *, void (*fn)(void *), void *arg);
/*
 * The input's tick hook (input_set_tick()) for the tool, after
 * tool_open(): run together with the runtime's own (--metrics), the
 * wait being bounded by the earlier of their deadlines.  Tools set
 * their tick through this, never with input_set_tick().
 */
void	tool_set_tick(struct tool *, int64_t (*fn)(void *, int64_t),
	    void *arg);
/*
 * --metrics: fn(arg, m) adds the tool's own series at each write of the
 * file (metrics_count(), metrics_gauge(), ...: its --stats counts by
 * their --stats names, and its gauges) after lines_in and rejected,
 * which the runtime adds.  Set before tool_open(), where the first
 * write is; fn runs from the input's tick, never per record, and for
 * the last time in tool_stats().  What it reads must live until then.
 */
void	tool_set_metrics(struct tool *, void (*fn)(void *, struct metrics *),
	    void *arg);

/*
 * The next line, counted in lines_in; 0 at the end.  Open and read
 * errors are reported here (exit status 2 at the end) and reading goes
 * on with the next file.  Lines too long are rejected here too.
 */
int	tool_next_line(struct tool *, struct line *);
/* The same from the input's sources [lo, hi) only (input_next_of()). */
int	tool_next_line_of(struct tool *, size_t lo, size_t hi, struct line *);

/*
 * warnx(3) and errx(3) for a message that may quote the data or a file
 * name: what term_escape() (io/term.h) escapes is shown escaped.
 */
void	warnx_data(const char *fmt, ...) PRINTFLIKE(1, 2);
NORETURN void	errx_data(int status, const char *fmt, ...) PRINTFLIKE(2, 3);

/*
 * "NAME: SOURCE:LINE: message" on stderr, capped; sets status >= 1.
 * SOURCE and the message may quote the data: what term_escape()
 * (io/term.h) escapes is shown escaped, never raw.
 */
void	tool_warn_at(struct tool *, const char *source, uint64_t lineno,
	    const char *fmt, ...) PRINTFLIKE(4, 5);
/*
 * Reject an input line that could not be read as a record: to the
 * --reject file as {"@error":{...},"@raw":"<line>"}, else a warning.
 * col is the 1-based byte column of the problem, 0 if none.
 */
void	tool_reject_line(struct tool *, const struct line *, size_t col,
	    const char *reason);
/*
 * Reject a record with a list of errors: {"@error":{"source","line",
 * "errors":errors},"@record":<record>}.  errors is stolen; record_json
 * is the record's text.  Without --reject, message is the warning.
 */
void	tool_reject_record(struct tool *, const struct line *,
	    const char *record_json, size_t n, json_t *errors,
	    const char *message);

/*
 * Open path (truncated) for a second output, such as window's late
 * records: flushed when the input idles, closed and checked by
 * tool_finish(), a write error fatal as on stdout.  Exits 2 if it
 * cannot be opened.
 */
struct output *tool_open_file(struct tool *, const char *path);

/* A line of output: the record bytes and a newline. */
void	tool_emit(struct tool *, const char *p, size_t n);

/*
 * The end of a run: print "NAME: stats: ..." on stderr if --stats was
 * given, and with --metrics write the file a last time, with the same
 * counts.  Call once, when the counts are final.
 */
void	tool_stats(struct tool *, const char *fmt, ...) PRINTFLIKE(2, 3);
/* Redraw the progress line if it is due (call once per record). */
void	tool_progress(struct tool *, uint64_t records);

/*
 * Flush and close everything, report what was hidden, and return the
 * exit status.  If a signal stopped the tool, die of it now.
 */
int	tool_finish(struct tool *);

#endif
