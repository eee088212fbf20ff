/* SPDX-License-Identifier: MIT */
/* durable.c -- --state for a stage: checkpoints, restores, pauses. */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ckpt/ack.h"
#include "runtime/durable.h"
#include "stream/stream.h"

void
state_out_open(struct state_out *o, const char *path)
{
	struct sluice_err e;
	struct stat st;
	char *cwd;
	int fl;

	memset(o, 0, sizeof(*o));
	if (snapfile_check(path, &e) == -1)
		errx(EXIT_TROUBLE, "--state %s: %s", path, e.msg);
	/* The file may not exist yet: make its directory absolute. */
	if (path[0] != '/' && (cwd = getcwd(NULL, 0)) != NULL) {
		o->path = xreallocarray(NULL, strlen(cwd) + strlen(path) + 2,
		    1);
		sprintf(o->path, "%s/%s", cwd, path);
		free(cwd);
	} else
		o->path = xstrdup(path);
	if (fstat(STDOUT_FILENO, &st) == -1)
		return;
	o->pipe = S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
	fl = fcntl(STDOUT_FILENO, F_GETFL);
	o->appending = S_ISREG(st.st_mode) && fl != -1 && (fl & O_APPEND);
}

void
state_out_save(struct state_out *o, struct tool *t, const struct snapid *who,
    struct snapgen *g)
{
	struct sluice_err e;
	struct stat st;

	if (output_flush(&t->out) == -1)
		exit(EXIT_TROUBLE);	/* reported by the output */
	if (o->appending && fstat(STDOUT_FILENO, &st) == 0)
		g->output_length = st.st_size;
	if (snapfile_save(o->path, who, g, &e) == -1)
		errx(EXIT_TROUBLE, "--state: checkpoint %" PRId64 " cannot be "
		    "written, stopping: %s", g->id, e.msg);
}

void
state_out_rewind(struct state_out *o, const struct snapgen *g)
{
	struct stat st;

	if (!o->appending || g->output_length < 0 ||
	    fstat(STDOUT_FILENO, &st) == -1 || st.st_size == g->output_length)
		return;
	if (st.st_size < g->output_length)
		warnx("--state %s: the output file is shorter than at "
		    "checkpoint %" PRId64 "; left as it is", o->path, g->id);
	else if (ftruncate(STDOUT_FILENO, g->output_length) == -1)
		err(EXIT_TROUBLE, "--state: truncating the output back to "
		    "checkpoint %" PRId64, g->id);
}

void
state_out_close(struct state_out *o)
{
	free(o->path);
	memset(o, 0, sizeof(*o));
}

void
durable_open(struct durable *d, struct tool *t, const char *path,
    const struct snapid *who, const struct stage_state_ops *ops, void *arg,
    int drain)
{
	memset(d, 0, sizeof(*d));
	d->t = t;
	d->who = *who;
	d->ops = ops;
	d->arg = arg;
	d->drain = drain;
	state_out_open(&d->o, path);
}

static void	save(struct durable *, int64_t id);

/* Load generation id (-1 the newest) into the tool, or exit 2. */
static void
load(struct durable *d, int64_t id, const struct stream_barrier *b)
{
	struct sluice_err e;
	struct snapgen g;
	int r;

	if ((r = snapfile_load(d->o.path, &d->who, id, &g, &e)) == -1)
		errx(EXIT_TROUBLE, "--state: %s", e.msg);
	if (r == 0 && id > 0)
		warnx("--state %s: no state yet; starting empty at "
		    "checkpoint %" PRId64, d->o.path, id);
	if (r == 1 && b != NULL && id == 0 && g.id > 0)
		errx(EXIT_TROUBLE, "--state %s is at checkpoint %" PRId64
		    ", but its source starts from the beginning: remove %s "
		    "to start over", d->o.path, g.id, d->o.path);
	if (r == 1 && b != NULL && g.source != NULL &&
	    (strlen(g.source) != b->sourcelen ||
	    memcmp(g.source, b->source, b->sourcelen) != 0))
		errx(EXIT_TROUBLE, "--state %s belongs to the pipeline of "
		    "%s, not of %.*s", d->o.path, g.source, (int)b->sourcelen,
		    b->source);
	if (d->ops->load(d->arg, g.body.buf, g.body.len, &e) == -1)
		errx(EXIT_TROUBLE, "--state %s: %s", d->o.path, e.msg);
	if (r == 1 && snapfile_rollback(d->o.path, g.id, &e) == -1)
		errx(EXIT_TROUBLE, "--state: %s", e.msg);
	if (r == 1)
		state_out_rewind(&d->o, &g);
	d->id = r == 1 ? g.id : (id > 0 ? id : 0);
	d->loaded = 1;
	snapgen_release(&g);
	/*
	 * A first state: saved at once, so that going back to it later
	 * truncates what this run appended before its first checkpoint.
	 */
	if (r == 0 && b != NULL)
		save(d, d->id);
}

/* Tell the source our state is at d->id. */
static void
ack(struct durable *d)
{
	struct sluice_err e;

	if (ckpt_ack_write(d->source, d->stage, d->epoch, d->id,
	    d->who.tool, d->o.path, !d->o.pipe, &e) == -1)
		errx(EXIT_TROUBLE, "--state: cannot answer the source: %s",
		    e.msg);
}

/* Save the state as generation id. */
static void
save(struct durable *d, int64_t id)
{
	struct snapgen g;

	snapgen_init(&g);
	g.id = id;
	g.source = d->source;
	d->ops->save(d->arg, &g.body);
	state_out_save(&d->o, d->t, &d->who, &g);
	g.source = NULL;
	snapgen_release(&g);
	d->id = id;
}

/* Forward a barrier as the next stage's, unless nothing follows us. */
static void
forward(struct durable *d, struct stream_barrier *b)
{
	if (!d->o.pipe)
		return;
	b->stage = d->stage;
	strbuf_reset(&d->sb);
	stream_barrier_write(&d->sb, b);
	tool_emit(d->t, d->sb.buf, d->sb.len);
}

static void
on_barrier(struct durable *d, struct stream_barrier *b)
{
	d->protocol = 1;
	if (d->source == NULL || strlen(d->source) != b->sourcelen ||
	    memcmp(d->source, b->source, b->sourcelen) != 0) {
		free(d->source);
		d->source = xstrndup(b->source, b->sourcelen);
	}
	d->stage = b->stage + 1;
	d->epoch = b->epoch;
	if (b->kind == CTL_RESTORE) {
		load(d, b->id, b);
	} else {
		if (!d->loaded)
			load(d, -1, NULL);
		if (b->final && d->drain)
			d->ops->drain(d->arg);
		save(d, b->id);
		d->paused = b->final;
	}
	ack(d);
	forward(d, b);
}

int
durable_record(struct durable *d, struct record *r, enum stream_ctl k)
{
	struct stream_barrier b;
	struct sluice_err e;

	if (k != CTL_CHECKPOINT && k != CTL_RESTORE) {
		if (!d->loaded)
			load(d, -1, NULL);
		return 0;
	}
	if (stream_barrier_read(r, &b, &e) == -1)
		errx(EXIT_TROUBLE, "a bad barrier: %s", e.msg);
	on_barrier(d, &b);
	return 1;
}

void
durable_end(struct durable *d)
{
	if (!d->loaded)
		load(d, -1, NULL);
	if (d->protocol) {
		if (!d->paused) {
			warnx("--state %s: the input ended before a final "
			    "checkpoint (did the stage before stop?): the "
			    "state stays at checkpoint %" PRId64, d->o.path,
			    d->id);
			d->t->rv = EXIT_TROUBLE;
		}
		return;
	}
	if (d->drain)
		d->ops->drain(d->arg);
	save(d, d->id + 1);
}

void
durable_close(struct durable *d)
{
	state_out_close(&d->o);
	free(d->source);
	strbuf_release(&d->sb);
	memset(d, 0, sizeof(*d));
}
