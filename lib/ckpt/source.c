/* SPDX-License-Identifier: MIT */
/* source.c -- the source's side of checkpoints: where to restart, when to go on. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>

#include "ckpt/ack.h"
#include "ckpt/source.h"
#include "io/input.h"

/* How often answers are looked for while waiting. */
#define POLL_MS	2

int
ckpt_source_target(const char *path, int64_t epoch, int64_t newest,
    int64_t *target, struct sluice_err *err)
{
	struct ckpt_acks a;

	if (ckpt_ack_scan(path, epoch, &a, err) == -1)
		return -1;
	*target = a.n > 0 && a.min_id < newest ? a.min_id : newest;
	if (*target < newest - 1)
		return err_set(err, 0, "a stage is at checkpoint %" PRId64
		    ", more than one behind the source's %" PRId64, *target,
		    newest);
	return 0;
}

/*
 * Sleep a little, or less when fd's reader goes away: 0, or -1 when
 * it is gone.
 */
static int
pause_watching(int fd)
{
	struct pollfd p;

	p.fd = fd;
	p.events = 0;		/* POLLERR and POLLHUP are always reported */
	if (poll(&p, 1, POLL_MS) == 1 && (p.revents & (POLLERR | POLLHUP)))
		return -1;
	return 0;
}

int
ckpt_source_wait_stages(const char *path, int64_t epoch, size_t want,
    int timeout_ms, int fd_out, size_t *got, struct sluice_err *err)
{
	struct ckpt_acks a;
	int64_t until = input_now_ms() + timeout_ms;

	for (;;) {
		if (ckpt_ack_scan(path, epoch, &a, err) == -1)
			return -1;
		*got = a.n;
		if ((want > 0 && a.n >= want) || a.last ||
		    input_now_ms() >= until)
			return 0;
		if (pause_watching(fd_out) == -1)
			return err_set(err, 0, "the next stage is gone");
	}
}

int
ckpt_source_complete(const char *path, int64_t epoch, int64_t id,
    int timeout_ms, int fd_out, struct sluice_err *err)
{
	struct ckpt_acks a;
	int64_t until = input_now_ms() + timeout_ms;

	for (;;) {
		if (ckpt_ack_scan(path, epoch, &a, err) == -1)
			return -1;
		if (a.n == 0 || a.min_id >= id)
			return 1;
		if (timeout_ms <= 0 || input_now_ms() >= until)
			return 0;
		if (pause_watching(fd_out) == -1)
			return err_set(err, 0, "the next stage is gone");
	}
}
