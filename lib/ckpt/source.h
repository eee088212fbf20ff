/* SPDX-License-Identifier: MIT */
/* source.h -- the source's side of checkpoints: where to restart, when to go on. */
#ifndef SLUICE_SOURCE_H
#define SLUICE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

/*
 * The source of a pipeline (ingest --state PATH) decides from the
 * stages' acknowledgements (ack.h) which checkpoint a restarted
 * pipeline goes back to, and holds each new checkpoint back until the
 * one before it is complete in every stage (sluice(7), DURABLE
 * PIPELINES).
 */

/*
 * The checkpoint to go back to: the newest one (newest) that every
 * stage of the last run (epoch) completed.  0 and *target, or -1 with
 * a message when the stages are further behind than the two
 * generations a state keeps.
 */
int	ckpt_source_target(const char *path, int64_t epoch, int64_t newest,
	    int64_t *target, struct sluice_err *err);

/*
 * Wait until want stages (or one that is the last) answered the
 * restore record of epoch, for at most timeout_ms.  Gives up early
 * when fd_out's reader is gone.  Returns the stages that answered
 * (*got), and 0, or -1 with a message when the reader is gone or an
 * answer cannot be read.
 */
int	ckpt_source_wait_stages(const char *path, int64_t epoch, size_t want,
	    int timeout_ms, int fd_out, size_t *got, struct sluice_err *err);

/*
 * Whether every stage that answered in epoch completed checkpoint id:
 * 1 yes, 0 not yet, -1 with a message.  With timeout_ms > 0, wait for
 * it that long (0 when it ran out), giving up when fd_out's reader is
 * gone (-1).
 */
int	ckpt_source_complete(const char *path, int64_t epoch, int64_t id,
	    int timeout_ms, int fd_out, struct sluice_err *err);

#endif
