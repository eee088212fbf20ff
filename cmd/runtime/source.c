/* SPDX-License-Identifier: MIT */
/* source.c -- --state for the source: read positions, barriers, restarts. */
#include <sys/ioctl.h>

#include <err.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ckpt/ack.h"
#include "ckpt/snapfile.h"
#include "ckpt/source.h"
#include "json/scan.h"
#include "runtime/source.h"
#include "stream/stream.h"

/* How long the end of the input waits for the stages to catch up. */
#define FINAL_WAIT_MS	60000
/* How long a restart waits for the stages to answer. */
#define REGISTER_MS	1000
/* Milliseconds between two looks at the stages' answers, while one is due. */
#define LOOK_MS		2

static const struct snapid who = { "ingest", NULL, 0 };

static void	save(struct source *, int64_t id);

/* The first line of ingest's state: {"ingest":1,"epoch":E,"stages":N}. */
static int
read_header(struct source *s, const struct strbuf *body, size_t *skip)
{
	struct sluice_err e;
	struct jval h, v;
	const char *nl;
	int64_t n;

	*skip = 0;
	if (body->len == 0)
		return 0;
	if ((nl = memchr(body->buf, '\n', body->len)) == NULL ||
	    scan_document(body->buf, (size_t)(nl - body->buf), &h, &e) ==
	    -1 || !jval_find(&h, "epoch", 5, &v) ||
	    jval_int64(&v, &s->epoch) == -1 ||
	    !jval_find(&h, "stages", 6, &v) || jval_int64(&v, &n) == -1)
		return -1;
	s->stages = (size_t)n;
	*skip = (size_t)(nl - body->buf) + 1;
	return 0;
}

/*
 * Load the generation to go back to into s->st: 1, or 0 when there is
 * no state yet.  Exits 2 on trouble.
 */
static int
load(struct source *s)
{
	struct sluice_err e;
	struct snapgen g;
	int64_t target;
	size_t skip;
	int r;

	if ((r = snapfile_load(s->o.path, &who, -1, &g, &e)) == -1)
		errx(EXIT_TROUBLE, "--state: %s", e.msg);
	if (r == 1 && read_header(s, &g.body, &skip) == -1)
		errx(EXIT_TROUBLE, "--state %s: damaged", s->o.path);
	if (r == 1) {
		if (ckpt_source_target(s->o.path, s->epoch, g.id, &target,
		    &e) == -1)
			errx(EXIT_TROUBLE, "--state %s: %s", s->o.path, e.msg);
		if (target != g.id) {
			snapgen_release(&g);
			if (snapfile_load(s->o.path, &who, target, &g,
			    &e) != 1 || read_header(s, &g.body, &skip) == -1)
				errx(EXIT_TROUBLE, "--state: %s", e.msg);
		}
		if (snapfile_rollback(s->o.path, g.id, &e) == -1)
			errx(EXIT_TROUBLE, "--state: %s", e.msg);
		if (state_read(&s->st, g.body.buf + skip, g.body.len - skip,
		    &e) == -1)
			errx(EXIT_TROUBLE, "--state %s: %s", s->o.path, e.msg);
		state_out_rewind(&s->o, &g);
		s->id = g.id;
	}
	snapgen_release(&g);
	return r;
}

/* Whether JSON writes s as it is: no quote, backslash or control. */
static int
plain(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20)
			return 0;
	return 1;
}

/* Write a barrier of this run and flush it. */
static void
barrier(struct source *s, enum stream_ctl kind, int final)
{
	struct stream_barrier b;

	memset(&b, 0, sizeof(b));
	b.kind = kind;
	b.id = s->id;
	b.source = s->o.path;
	b.sourcelen = strlen(s->o.path);
	b.epoch = s->epoch;
	b.final = final;
	strbuf_reset(&s->sb);
	stream_barrier_write(&s->sb, &b);
	tool_emit(s->t, s->sb.buf, s->sb.len);
	if (output_flush(&s->t->out) == -1)
		exit(EXIT_TROUBLE);
}

void
source_open(struct source *s, struct tool *t, const char *path,
    char *const paths[], int npaths, int follow, int64_t every_lines,
    int64_t every_ms)
{
	struct sluice_err e;
	struct input *in;
	char note[512];
	size_t got;
	int i, found;

	memset(s, 0, sizeof(*s));
	s->t = t;
	s->paths = paths;
	s->npaths = npaths;
	s->every_lines = every_lines;
	s->every_ms = every_ms;
	if (npaths == 0)
		errx(EXIT_TROUBLE, "--state needs file operands");
	state_out_open(&s->o, path);
	/* The path names the pipeline in its barriers, as is. */
	if (!plain(s->o.path))
		errx(EXIT_TROUBLE, "--state %s: the path may hold no quote, "
		    "backslash or control character", path);
	s->barriers = s->o.pipe && (every_lines > 0 || every_ms > 0);
	found = load(s);
	in = input_new(INPUT_KEEP_PARTIAL | (follow ? INPUT_FOLLOW : 0));
	for (i = 0; i < npaths; i++) {
		if (strcmp(paths[i], "-") == 0)
			errx(EXIT_TROUBLE, "--state cannot resume stdin");
		state_plan(&s->st, paths[i], in, note, sizeof(note));
		if (note[0] != '\0')
			warnx_data("%s: %s", paths[i], note);
	}
	tool_open_input(t, in);
	s->epoch++;
	/* A first state, so that a crash before the first checkpoint
	 * goes back to the very start, output included. */
	if (!found)
		save(s, 0);
	s->ms_at = input_now_ms();
	if (!s->barriers)
		return;
	barrier(s, CTL_RESTORE, 0);
	if (ckpt_source_wait_stages(s->o.path, s->epoch, s->stages, REGISTER_MS,
	    STDOUT_FILENO, &got, &e) == -1)
		errx(EXIT_TROUBLE, "--state: %s", e.msg);
	s->stages = got;
}

/* Save the positions, once written out, as checkpoint id. */
static void
save(struct source *s, int64_t id)
{
	struct snapgen g;

	snapgen_init(&g);
	g.id = id;
	strbuf_addf(&g.body, "{\"ingest\":1,\"epoch\":%" PRId64
	    ",\"stages\":%zu}\n", s->epoch, s->stages);
	state_write(&s->st, s->t->in, s->paths, s->npaths, &g.body);
	state_out_save(&s->o, s->t, &who, &g);
	snapgen_release(&g);
	s->id = id;
	s->lines_at = s->t->lines_in;
	s->ms_at = input_now_ms();
}

/* Save the positions as checkpoint id + 1, then write its barrier. */
static void
checkpoint(struct source *s, int final)
{
	save(s, s->id + 1);
	if (s->barriers)
		barrier(s, CTL_CHECKPOINT, final);
}

void
source_line(struct source *s, int pending)
{
	struct sluice_err e;
	int r;

	if (pending || (s->look_at != 0 && input_now_ms() < s->look_at))
		return;
	if (!(s->every_lines > 0 &&
	    s->t->lines_in - s->lines_at >= (uint64_t)s->every_lines) &&
	    !(s->every_ms > 0 && input_now_ms() - s->ms_at >= s->every_ms))
		return;
	/* At most one checkpoint on its way: the last must be done. */
	if (s->barriers && (r = ckpt_source_complete(s->o.path, s->epoch,
	    s->id, 0, STDOUT_FILENO, &e)) != 1) {
		if (r == -1)
			errx(EXIT_TROUBLE, "--state: %s", e.msg);
		s->look_at = input_now_ms() + LOOK_MS;
		return;
	}
	s->look_at = 0;
	checkpoint(s, 0);
}

/*
 * Without barriers, into a pipe: wait until the next stage has read
 * everything out of it, so that what is saved as read was delivered.
 * 0, or -1 when the reader went away first.
 */
static int
wait_drained(int fd)
{
	struct pollfd p;
	int queued;

	for (;;) {
		if (ioctl(fd, FIONREAD, &queued) == -1 || queued == 0)
			return 0;
		p.fd = fd;
		p.events = 0;
		if (poll(&p, 1, 2) == 1 && (p.revents & (POLLERR | POLLHUP)))
			return -1;
	}
}

void
source_end(struct source *s)
{
	struct sluice_err e;
	int r;

	if (!s->barriers && s->o.pipe && (output_flush(&s->t->out) == -1 ||
	    wait_drained(STDOUT_FILENO) == -1)) {
		warnx("--state: the next stage did not read all: the "
		    "positions stay where they were");
		s->t->rv = EXIT_TROUBLE;
		return;
	}

	if (s->barriers && (r = ckpt_source_complete(s->o.path, s->epoch,
	    s->id, FINAL_WAIT_MS, STDOUT_FILENO, &e)) != 1) {
		warnx("--state: %s; the next run resumes from checkpoint %"
		    PRId64, r == -1 ? e.msg : "the stages did not complete "
		    "the last checkpoint in time", s->id);
		s->t->rv = EXIT_TROUBLE;
		return;
	}
	checkpoint(s, 1);
}

void
source_close(struct source *s)
{
	state_release(&s->st);
	state_out_close(&s->o);
	strbuf_release(&s->sb);
	memset(s, 0, sizeof(*s));
}
