/* SPDX-License-Identifier: MIT */
/* ckpt.c -- unit tests of lib/ckpt: state files with generations, acks. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ckpt/ack.h"
#include "ckpt/snapfile.h"
#include "ckpt/source.h"

static char dir[] = "/tmp/sluice-unit-ckpt.XXXXXX";
static char path[256];

static const char *cfg_a[] = { "--tumbling 1m", "--lateness 0s" };
static const char *cfg_b[] = { "--tumbling 5m", "--lateness 0s" };
static const struct snapid who_a = { "window", cfg_a, 2 };
static const struct snapid who_b = { "window", cfg_b, 2 };
static const struct snapid who_short = { "window", cfg_a, 1 };
static const struct snapid who_agg = { "aggregate", cfg_a, 2 };

static void
save(int64_t id, const char *body)
{
	struct sluice_err e;
	struct snapgen g;

	snapgen_init(&g);
	g.id = id;
	g.output_length = id * 10;
	g.source = strdup("/x/in.state");
	strbuf_addstr(&g.body, body);
	CHECK(snapfile_save(path, &who_a, &g, &e) == 0);
	snapgen_release(&g);
}

/* Load generation id (-1 newest): the id loaded, or -1 with e set. */
static int64_t
load(const struct snapid *who, int64_t id, struct sluice_err *e,
    char *body, size_t bodysz)
{
	struct snapgen g;
	int64_t got;
	int r;

	if ((r = snapfile_load(path, who, id, &g, e)) == -1)
		return -1;
	got = r == 0 ? -2 : g.id;
	if (body != NULL)
		snprintf(body, bodysz, "%.*s", (int)g.body.len,
		    g.body.len ? g.body.buf : "");
	snapgen_release(&g);
	return got;
}

/* Flip a bit of the byte at (from the end when negative). */
static void
flip_byte(const char *name, off_t at)
{
	char c;
	int fd;

	fd = open(name, O_RDWR);
	CHECK(fd != -1);
	if (at < 0)
		at += lseek(fd, 0, SEEK_END);
	CHECK(pread(fd, &c, 1, at) == 1);
	c ^= 1;
	CHECK(pwrite(fd, &c, 1, at) == 1);
	close(fd);
}

static void
test_generations(void)
{
	struct sluice_err e;
	char body[256], name[300];

	CHECK_INT(load(&who_a, -1, &e, NULL, 0), -2);	/* no file yet */
	save(1, "one\n");
	save(2, "two\nlines\n");
	save(3, "three\n");
	CHECK_INT(load(&who_a, -1, &e, body, sizeof(body)), 3);
	CHECK_STR(body, "three\n");
	CHECK_INT(load(&who_a, 2, &e, body, sizeof(body)), 2);
	CHECK_STR(body, "two\nlines\n");
	/* Only two generations are kept. */
	CHECK_INT(load(&who_a, 1, &e, NULL, 0), -1);
	CHECK(strstr(e.msg, "no state for checkpoint 1") != NULL);

	/* Another command line, tool or length is refused, named. */
	CHECK_INT(load(&who_b, -1, &e, NULL, 0), -1);
	CHECK(strstr(e.msg, "--tumbling 1m") != NULL &&
	    strstr(e.msg, "--tumbling 5m") != NULL);
	CHECK_INT(load(&who_agg, -1, &e, NULL, 0), -1);
	CHECK(strstr(e.msg, "not the state of aggregate") != NULL);
	CHECK_INT(load(&who_short, -1, &e, NULL, 0), -1);
	CHECK(strstr(e.msg, "--lateness 0s") != NULL);

	/* Rolling back to 2 drops 3; the next save is 3 again. */
	CHECK(snapfile_rollback(path, 2, &e) == 0);
	CHECK_INT(load(&who_a, -1, &e, body, sizeof(body)), 2);
	CHECK_STR(body, "two\nlines\n");
	save(3, "three again\n");
	CHECK_INT(load(&who_a, -1, &e, body, sizeof(body)), 3);
	CHECK_STR(body, "three again\n");
	CHECK_INT(load(&who_a, 2, &e, NULL, 0), 2);

	/* A damaged body is refused, never half-read. */
	flip_byte(path, -3);
	CHECK_INT(load(&who_a, -1, &e, NULL, 0), -1);
	CHECK(strstr(e.msg, "damaged") != NULL);
	/* A file that is no state at all. */
	snprintf(name, sizeof(name), "%s.prev", path);
	CHECK(truncate(name, 0) == 0);
	CHECK(snapfile_remove(path, &e) == 0);
	save(1, "x\n");
	flip_byte(path, 0);
	CHECK_INT(load(&who_a, -1, &e, NULL, 0), -1);
	CHECK(strstr(e.msg, "not a sluice state file") != NULL);
	CHECK(snapfile_remove(path, &e) == 0);
	CHECK_INT(load(&who_a, -1, &e, NULL, 0), -2);

	/* A directory cannot hold a state. */
	CHECK(snapfile_check(dir, &e) == -1);
	CHECK(snapfile_check(path, &e) == 0);
	CHECK(snapfile_check("/proc/no/such/dir/state", &e) == -1);
}

static void
test_acks(void)
{
	struct sluice_err e;
	struct ckpt_acks a;

	CHECK(ckpt_ack_scan(path, 1, &a, &e) == 0);
	CHECK_INT(a.n, 0);
	CHECK_INT(a.min_id, INT64_MAX);
	CHECK(ckpt_ack_write(path, 1, 1, 5, "window", "/w", 0, &e) == 0);
	CHECK(ckpt_ack_write(path, 2, 1, 4, "aggregate", "/a", 1, &e) == 0);
	/* Stage 4 is past a gap: not read. */
	CHECK(ckpt_ack_write(path, 4, 1, 1, "alert", "/x", 0, &e) == 0);
	CHECK(ckpt_ack_scan(path, 1, &a, &e) == 0);
	CHECK_INT(a.n, 2);
	CHECK_INT(a.min_id, 4);
	CHECK(a.last);
	/* Another epoch's acks count as stages, not as ids. */
	CHECK(ckpt_ack_write(path, 3, 0, 0, "alert", "/x", 0, &e) == 0);
	CHECK(ckpt_ack_scan(path, 1, &a, &e) == 0);
	CHECK_INT(a.n, 3);	/* stages 1, 2 and now 4 */
	CHECK_INT(a.all, 4);
	CHECK_INT(a.min_id, 1);
	CHECK(ckpt_ack_clear(path, &e) == 0);
	CHECK(ckpt_ack_scan(path, 1, &a, &e) == 0);
	CHECK_INT(a.all, 0);
}

static void
test_source(void)
{
	struct sluice_err e;
	int64_t t;
	size_t got;
	int fds[2];

	CHECK(ckpt_ack_clear(path, &e) == 0);
	/* No stage answered: the source's own newest. */
	CHECK(ckpt_source_target(path, 3, 9, &t, &e) == 0);
	CHECK_INT(t, 9);
	CHECK(ckpt_ack_write(path, 1, 3, 9, "window", "/w", 0, &e) == 0);
	CHECK(ckpt_ack_write(path, 2, 3, 8, "aggregate", "/a", 1, &e) == 0);
	CHECK(ckpt_source_target(path, 3, 9, &t, &e) == 0);
	CHECK_INT(t, 8);
	/* Acks of an older run do not hold the pipeline back. */
	CHECK(ckpt_source_target(path, 4, 9, &t, &e) == 0);
	CHECK_INT(t, 9);
	/* Two behind cannot be: both generations are gone. */
	CHECK(ckpt_source_target(path, 3, 10, &t, &e) == -1);

	CHECK(pipe(fds) == 0);
	CHECK(ckpt_source_complete(path, 3, 8, 0, fds[1], &e) == 1);
	CHECK(ckpt_source_complete(path, 3, 9, 0, fds[1], &e) == 0);
	CHECK(ckpt_source_complete(path, 3, 9, 20, fds[1], &e) == 0);
	CHECK(ckpt_source_wait_stages(path, 3, 2, 1000, fds[1], &got,
	    &e) == 0);
	CHECK_INT(got, 2);
	/* Stage 2 says it is the last: no need to wait for a third. */
	CHECK(ckpt_source_wait_stages(path, 3, 5, 1000, fds[1], &got,
	    &e) == 0);
	/* The reader is gone: waiting stops at once. */
	close(fds[0]);
	CHECK(ckpt_source_complete(path, 3, 9, 5000, fds[1], &e) == -1);
	close(fds[1]);
	CHECK(ckpt_ack_clear(path, &e) == 0);
}

int
main(void)
{
	char cmd[300];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/w.state", dir);
	test_generations();
	test_acks();
	test_source();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		CHECK(0);
	return check_status();
}
