/* SPDX-License-Identifier: MIT */
/* tool.c -- the runtime every sluice command shares. */
#include <errno.h>
#include <err.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/base64.h"
#include "json/jsonw.h"
#include "json/scan.h"
#include "core/strbuf.h"
#include "runtime/opt.h"
#include "io/atomic.h"
#include "io/term.h"
#include "time/timefmt.h"
#include "runtime/tool.h"
#include "stream/stream.h"

#define PROGRESS_EVERY_MS	250

static struct tool *current;	/* for the signal handler */

static void	progress_clear(struct tool *);

static void
on_signal(int sig)
{
	if (current != NULL)
		current->stop = sig;
}

static void
write_failed(struct output *o, int errnum, void *arg)
{
	const char *what = arg;

	(void)o;
	if (errnum == EPIPE) {
		/* The reader went away: end quietly, as by SIGPIPE. */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		_exit(EXIT_TROUBLE);
	}
	errx(EXIT_TROUBLE, "write error on %s: %s", what, strerror(errnum));
}

static void
on_notice(void *arg, const char *name, const char *msg)
{
	(void)arg;
	warnx_data("%s: %s", name, msg);
}

void
tool_init(struct tool *t, const char *name, const char *usage, char **argv)
{
	struct sigaction sa;

	memset(t, 0, sizeof(*t));
	t->argv = argv;
	opterr = 0;
	t->name = name;
	t->usage = usage;
	t->progress = -1;
	t->max_line = INPUT_MAX_LINE_DEFAULT;
	metrics_init(&t->metrics, name);
	output_init(&t->out, STDOUT_FILENO);
	t->out.on_error = write_failed;
	t->out.on_error_arg = "stdout";
	current = t;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;	/* a second ^C kills at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void
tool_usage(const struct tool *t, int status)
{
	const char *end;

	/* On error only the synopsis: the lines before the first blank. */
	if (status == 0)
		fputs(t->usage, stdout);
	else if ((end = strstr(t->usage, "\n\n")) != NULL)
		fprintf(stderr, "%.*s\n", (int)(end - t->usage), t->usage);
	else
		fputs(t->usage, stderr);
	exit(status);
}

int
tool_option(struct tool *t, int ch, const char *arg)
{
	switch (ch) {
	case 'h':
		tool_usage(t, 0);
	case 'V':
		printf("%s (sluice) %s\n", t->name, SLUICE_VERSION);
		exit(0);
	case 'u':
		t->out.unbuffered = 1;
		return 1;
	case TOOL_OPT_STATS:
		t->show_stats = 1;
		return 1;
	case TOOL_OPT_MAX_LINE:
		t->max_line = opt_size("--max-line", arg);
		return 1;
	case TOOL_OPT_REJECT:
		t->reject_path = arg;
		return 1;
	case TOOL_OPT_STATE:
		t->state_path = arg;
		return 1;
	case TOOL_OPT_DRAIN:
		t->drain = 1;
		return 1;
	case TOOL_OPT_PROGRESS:
		t->progress = 1;
		return 1;
	case TOOL_OPT_METRICS:
		t->metrics_path = arg;
		return 1;
	case TOOL_OPT_METRICS_EVERY:
		t->metrics_every = opt_duration("--metrics-every", arg,
		    NS_PER_MS) / NS_PER_MS;
		return 1;
	case ':':
	case '?':
		/* getopt is quiet (opterr = 0): say it our way. */
		if (optopt > 0 && optopt < 0x100)
			warnx("%s -%c", ch == ':' ? "missing argument for" :
			    "unknown option", optopt);
		else
			warnx("%s %s", ch == ':' ? "missing argument for" :
			    "unknown option", t->argv[optind - 1]);
		tool_usage(t, EXIT_TROUBLE);
	default:
		return 0;
	}
}

/* Input is about to wait: whatever is written should be seen now. */
static void
tool_idle(void *arg)
{
	struct tool *t = arg;
	int i;

	if (t->idle != NULL)
		t->idle(t->idle_arg);
	output_idle(&t->out);
	for (i = 0; i < t->nfiles; i++)
		output_idle(t->files[i]);
}

void
tool_set_idle(struct tool *t, void (*fn)(void *), void *arg)
{
	t->idle = fn;
	t->idle_arg = arg;
}

struct output *
tool_open_file(struct tool *t, const char *path)
{
	struct sluice_err e;
	struct output *o;
	int fd;

	if (t->nfiles == (int)NELEM(t->files))
		errx(EXIT_TROUBLE, "too many output files");
	if ((fd = atomic_open_stream(path, &e)) == -1)
		errx(EXIT_TROUBLE, "%s", e.msg);
	o = xmalloc(sizeof(*o));
	output_init(o, fd);
	o->on_error = write_failed;
	o->on_error_arg = (void *)path;
	t->files[t->nfiles] = o;
	t->file_paths[t->nfiles++] = path;
	return o;
}

/* Build the --metrics text and write it: 0, or -1 with a message. */
static int
metrics_put(struct tool *t, int64_t now, struct sluice_err *e)
{
	struct metrics *m = &t->metrics;

	metrics_begin(m);
	metrics_count(m, "lines_in", t->lines_in);
	metrics_count(m, "rejected", t->rejected);
	if (t->metrics_fn != NULL)
		t->metrics_fn(t->metrics_arg, m);
	return metrics_commit(m, now, e);
}

/*
 * Write the --metrics file while the tool runs.  A failure is said
 * once until a write works again, and the exit status becomes 2; the
 * tool goes on.
 */
static void
metrics_write(struct tool *t, int64_t now)
{
	struct sluice_err e;

	if (metrics_put(t, now, &e) == 0) {
		t->metrics_failing = 0;
		return;
	}
	t->rv = EXIT_TROUBLE;
	if (!t->metrics_failing) {
		progress_clear(t);
		warnx("--metrics: %s", e.msg);
	}
	t->metrics_failing = 1;
}

/* The input's tick: the tool's (tool_set_tick()), then --metrics. */
static int64_t
tool_tick(void *arg, int64_t now)
{
	struct tool *t = arg;
	int64_t due = -1;

	if (t->tick != NULL)
		due = t->tick(t->tick_arg, now);
	if (t->metrics.path == NULL)
		return due;
	if (now >= t->metrics.next_ms)
		metrics_write(t, now);
	if (due < 0 || t->metrics.next_ms < due)
		due = t->metrics.next_ms;
	return due;
}

void
tool_set_tick(struct tool *t, int64_t (*fn)(void *, int64_t), void *arg)
{
	t->tick = fn;
	t->tick_arg = arg;
	input_set_tick(t->in, tool_tick, t);
}

void
tool_set_metrics(struct tool *t, void (*fn)(void *, struct metrics *),
    void *arg)
{
	t->metrics_fn = fn;
	t->metrics_arg = arg;
}

/* --metrics FILE: the first write, now, where a failure is fatal. */
static void
metrics_start(struct tool *t)
{
	struct sluice_err e;
	int64_t now = input_now_ms();

	if (t->metrics_path == NULL) {
		if (t->metrics_every > 0)
			errx(EXIT_TROUBLE, "--metrics-every goes with "
			    "--metrics");
		return;
	}
	if (t->metrics_every > 0)
		t->metrics.every_ms = t->metrics_every;
	metrics_open(&t->metrics, t->metrics_path);
	if (metrics_put(t, now, &e) == -1)
		errx(EXIT_TROUBLE, "--metrics: %s", e.msg);
	input_set_tick(t->in, tool_tick, t);
}

void
tool_open_input(struct tool *t, struct input *in)
{
	uint64_t done, total;

	if (t->reject_path != NULL)
		t->rej = tool_open_file(t, t->reject_path);
	t->in = in;
	input_set_max_line(in, t->max_line);
	input_set_idle(in, tool_idle, t);
	input_set_notice(in, on_notice, t);
	input_set_stop(in, &t->stop);
	metrics_start(t);
	if (t->progress == -1) {
		/* Automatic for a terminal watching regular files being read. */
		input_progress(in, &done, &total);
		t->progress = isatty(STDERR_FILENO) && total > 0 &&
		    !(input_flags(in) & INPUT_FOLLOW);
	}
}

void
tool_open(struct tool *t, int argc, char *const argv[], int flags)
{
	struct input *in;

	in = input_new(flags);
	input_add_operands(in, argc, argv);
	tool_open_input(t, in);
}

static void
progress_clear(struct tool *t)
{
	if (t->progress_shown) {
		fprintf(stderr, "\r%s", term_seq(TERM_ERASE_LINE));
		t->progress_shown = 0;
	}
}

void
warnx_data(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	term_vescapef(&sb, fmt, ap);
	va_end(ap);
	warnx("%s", sb.buf);
	strbuf_release(&sb);
}

void
errx_data(int status, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	term_vescapef(&sb, fmt, ap);
	va_end(ap);
	errx(status, "%s", sb.buf);
}

void
tool_warn_at(struct tool *t, const char *source, uint64_t lineno,
    const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (t->rv < EXIT_DATA)
		t->rv = EXIT_DATA;
	if (++t->warnings > TOOL_MAX_WARNINGS)
		return;
	progress_clear(t);
	/* The source name and the message may quote the data. */
	term_escape(&sb, source, strlen(source));
	strbuf_addf(&sb, ":%llu: ", (unsigned long long)lineno);
	va_start(ap, fmt);
	term_vescapef(&sb, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", t->name, sb.buf);
	strbuf_release(&sb);
	if (t->warnings == TOOL_MAX_WARNINGS)
		fprintf(stderr, "%s: further problems are counted, not "
		    "shown (use --reject FILE to keep them)\n", t->name);
}

static void
error_head(struct strbuf *sb, const struct line *ln)
{
	strbuf_addch(sb, '{');
	stream_add_key(sb, SK_ERROR);
	strbuf_addstr(sb, "{\"source\":");
	jsonw_string(sb, ln->name, strlen(ln->name));
	strbuf_addstr(sb, ",\"line\":");
	jsonw_int(sb, (int64_t)ln->lineno);
}

/*
 * The value of @raw, p[0..n) as a JSON string; when that is not UTF-8
 * (its invalid bytes become U+FFFD), the exact bytes in @raw_base64.
 */
static void
add_raw(struct strbuf *sb, const char *p, size_t n)
{
	jsonw_string(sb, p, n);
	if (utf8_valid_prefix(p, n) != n) {
		strbuf_addch(sb, ',');
		stream_add_key(sb, SK_RAW_BASE64);
		strbuf_addch(sb, '"');
		base64_encode(sb, p, n);
		strbuf_addch(sb, '"');
	}
}

void
tool_reject_line(struct tool *t, const struct line *ln, size_t col,
    const char *reason)
{
	struct strbuf sb = STRBUF_INIT;

	t->rejected++;
	if (t->rv < EXIT_DATA)
		t->rv = EXIT_DATA;
	if (t->rej == NULL) {
		if (col > 0)
			tool_warn_at(t, ln->name, ln->lineno,
			    "column %zu: %s", col, reason);
		else
			tool_warn_at(t, ln->name, ln->lineno, "%s", reason);
		return;
	}
	error_head(&sb, ln);
	if (col > 0) {
		strbuf_addstr(&sb, ",\"column\":");
		jsonw_int(&sb, (int64_t)col);
	}
	strbuf_addstr(&sb, ",\"reason\":");
	jsonw_string(&sb, reason, strlen(reason));
	strbuf_addstr(&sb, "},");
	stream_add_key(&sb, SK_RAW);
	if (ln->p != NULL)
		add_raw(&sb, ln->p, ln->len);
	else if (ln->head != NULL)
		add_raw(&sb, ln->head, ln->headlen);	/* too long */
	else
		strbuf_addstr(&sb, "null");
	strbuf_addch(&sb, '}');
	output_line(t->rej, sb.buf, sb.len);
	strbuf_release(&sb);
}

void
tool_reject_record(struct tool *t, const struct line *ln,
    const char *record_json, size_t n, json_t *errors, const char *message)
{
	struct strbuf sb = STRBUF_INIT;

	t->rejected++;
	if (t->rv < EXIT_DATA)
		t->rv = EXIT_DATA;
	if (t->rej == NULL) {
		tool_warn_at(t, ln->name, ln->lineno, "%s", message);
		json_decref(errors);
		return;
	}
	error_head(&sb, ln);
	strbuf_addstr(&sb, ",\"errors\":");
	jsonw_value(&sb, errors);
	strbuf_addstr(&sb, "},");
	stream_add_key(&sb, SK_RECORD);
	strbuf_add(&sb, record_json, n);
	strbuf_addch(&sb, '}');
	output_line(t->rej, sb.buf, sb.len);
	strbuf_release(&sb);
	json_decref(errors);
}

int
tool_next_line(struct tool *t, struct line *ln)
{
	return tool_next_line_of(t, 0, SIZE_MAX, ln);
}

int
tool_next_line_of(struct tool *t, size_t lo, size_t hi, struct line *ln)
{
	struct sluice_err e;
	char reason[96];
	int r;

	for (;;) {
		r = hi == SIZE_MAX ? input_next(t->in, ln, &e) :
		    input_next_of(t->in, lo, hi, ln, &e);
		if (r == -1) {
			progress_clear(t);
			warnx_data("%s", e.msg);
			t->rv = EXIT_TROUBLE;
			continue;
		}
		if (r == 0)
			return 0;
		t->lines_in++;
		if (ln->p == NULL) {
			snprintf(reason, sizeof(reason),
			    "line too long (%zu bytes; --max-line is %zu)",
			    ln->len, t->max_line);
			tool_reject_line(t, ln, 0, reason);
			continue;
		}
		/* A stream with barriers is ended by its source, even at a
		 * stop: finish what is in the pipe (sluice(7)). */
		if (stream_line_is_restore(ln->p, ln->len))
			input_set_stop(t->in, NULL);
		return 1;
	}
}

void
tool_emit(struct tool *t, const char *p, size_t n)
{
	output_line(&t->out, p, n);
}

void
tool_stats(struct tool *t, const char *fmt, ...)
{
	va_list ap;

	if (t->metrics.path != NULL) {
		metrics_write(t, input_now_ms());
		t->metrics_fn = NULL;	/* what it reads goes now */
	}
	if (!t->show_stats)
		return;
	progress_clear(t);
	fprintf(stderr, "%s: stats: ", t->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
human(char *buf, size_t n, double v, const char *unit)
{
	static const char *const pfx[] = { "", "k", "M", "G", "T" };
	size_t i = 0;

	while (v >= 1000 && i + 1 < NELEM(pfx)) {
		v /= 1000;
		i++;
	}
	snprintf(buf, n, i ? "%.1f %s%s" : "%.0f %s%s", v, pfx[i], unit);
}

void
tool_progress(struct tool *t, uint64_t records)
{
	uint64_t done, total;
	char a[32], b[32], c[32];
	int64_t now;
	double secs;

	if (t->progress != 1 || (records & 1023) != 0)
		return;
	now = input_now_ms();
	if (t->progress_start == 0)
		t->progress_start = now;
	if (now < t->progress_next)
		return;
	t->progress_next = now + PROGRESS_EVERY_MS;
	input_progress(t->in, &done, &total);
	secs = (double)(now - t->progress_start) / 1000.0;
	human(a, sizeof(a), (double)done, "B");
	human(b, sizeof(b), (double)records, "records");
	human(c, sizeof(c), secs > 0 ? (double)records / secs : 0, "rec/s");
	if (total > 0)
		fprintf(stderr, "\r%s%s: %s of %.1f MB (%.0f%%), %s, %s",
		    term_seq(TERM_ERASE_LINE),
		    t->name, a, (double)total / 1e6,
		    100.0 * (double)done / (double)total, b, c);
	else
		fprintf(stderr, "\r%s%s: %s, %s, %s",
		    term_seq(TERM_ERASE_LINE), t->name, a, b, c);
	t->progress_shown = 1;
}

int
tool_finish(struct tool *t)
{
	int i;

	progress_clear(t);
	output_close(&t->out);
	for (i = 0; i < t->nfiles; i++) {
		output_close(t->files[i]);
		if (close(t->files[i]->fd) == -1)
			err(EXIT_TROUBLE, "%s", t->file_paths[i]);
		free(t->files[i]);
	}
	if (t->warnings > TOOL_MAX_WARNINGS)
		warnx("%llu more problems were not shown",
		    (unsigned long long)(t->warnings - TOOL_MAX_WARNINGS));
	input_free(t->in);
	t->in = NULL;
	metrics_release(&t->metrics);
	if (t->stop) {
		signal(t->stop, SIG_DFL);
		raise(t->stop);
	}
	return t->rv;
}
