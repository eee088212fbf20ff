/* SPDX-License-Identifier: MIT */
/* durable.h -- --state for a stage: checkpoints, restores, pauses. */
#ifndef SLUICE_DURABLE_H
#define SLUICE_DURABLE_H

#include <stdint.h>

#include "ckpt/snapfile.h"
#include "core/strbuf.h"
#include "json/record.h"
#include "runtime/tool.h"
#include "stream/stream.h"

/*
 * What a stage with --state FILE does with the barriers of sluice(7),
 * DURABLE PIPELINES: the tool gives its state as lines and takes it
 * back; this module saves and loads it, answers the source, forwards
 * the barriers, truncates an appended output file on a restore, and
 * says at the end of the input whether to close what is open.  Errors
 * that make the state untrustworthy print and exit 2.
 */
struct stage_state_ops {
	/* Append the tool's state, as lines ending in \n, to body. */
	void	(*save)(void *arg, struct strbuf *body);
	/*
	 * Replace the tool's state with the one in body[0..n) (n 0: an
	 * empty state).  0, or -1 with a message.
	 */
	int	(*load)(void *arg, const char *body, size_t n,
		    struct sluice_err *err);
	/* Close everything open, writing what that closes (--drain). */
	void	(*drain)(void *arg);
};

/*
 * What --state needs of its file and of stdout, for a stage and for the
 * source (source.h) alike.
 */
struct state_out {
	char		*path;		/* the state file, absolute */
	int		 pipe;		/* stdout is a pipe: stages may follow */
	int		 appending;	/* stdout: a regular file, >> */
};

/*
 * Check that path can hold a state (else exit 2), keep it absolute,
 * and look at stdout.
 */
void	state_out_open(struct state_out *, const char *path);
/*
 * Save g as the newest generation of the state, once t's output is
 * written out, with the length of an appended stdout.  Exits 2 when it
 * cannot be written: going on without durability is no option.
 */
void	state_out_save(struct state_out *, struct tool *t,
	    const struct snapid *who, struct snapgen *g);
/*
 * Exactly once into an appended file: truncate stdout back to its
 * length at generation g, loaded from the state.  Exits 2 on failure.
 */
void	state_out_rewind(struct state_out *, const struct snapgen *g);
void	state_out_close(struct state_out *);

struct durable {
	struct tool			*t;
	struct state_out		 o;		/* file and stdout */
	struct snapid			 who;
	const struct stage_state_ops	*ops;
	void				*arg;
	int				 drain;		/* --drain */
	int				 loaded;
	int				 protocol;	/* barriers come */
	int				 paused;	/* the last was final */
	int64_t				 id;		/* our checkpoint */
	char				*source;	/* the pipeline's */
	int64_t				 stage;		/* ours, from 1 */
	int64_t				 epoch;
	struct strbuf			 sb;
};

/*
 * Set up --state path for tool t (t's options parsed, its output set):
 * who names the tool and the options its state depends on (copied by
 * reference: keep them alive), ops and arg give and take the state.
 * Exits 2 when path cannot hold a state.
 */
void	durable_open(struct durable *, struct tool *t, const char *path,
	    const struct snapid *who, const struct stage_state_ops *ops,
	    void *arg, int drain);
/*
 * Offer every record, with its kind (stream_ctl_of()), to it before
 * the tool looks at it: the first one loads the state (as of a restore
 * record's checkpoint, else the newest).  Returns 1 when the record was
 * a barrier, now handled (the tool must not forward it), else 0.
 */
int	durable_record(struct durable *, struct record *r,
	    enum stream_ctl kind);
/*
 * At the end of the input, instead of closing what is open: with
 * barriers, the state was saved at the final one (drained first with
 * --drain); without, it is saved now (drained first with --drain).  An
 * input that ended without its final barrier (the stage before died)
 * keeps the state of the last checkpoint and sets the exit status 2.
 */
void	durable_end(struct durable *);
void	durable_close(struct durable *);

#endif
