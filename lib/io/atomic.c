/* SPDX-License-Identifier: MIT */
/* atomic.c -- replace a file's contents all at once. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/atomic.h"
#include "core/strbuf.h"

static int
write_all(int fd, const char *buf, size_t n)
{
	ssize_t w;
	size_t done;

	for (done = 0; done < n; done += (size_t)w)
		if ((w = write(fd, buf + done, n - done)) < 0) {
			if (errno != EINTR)
				return -1;
			w = 0;
		}
	return 0;
}

/* Make a rename in the directory of path durable; best effort. */
static void
sync_dir(const char *path)
{
	const char *slash;
	char *dir;
	int fd;

	if ((slash = strrchr(path, '/')) == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/*
 * Whether path names one of our open descriptors: /dev/stdout,
 * /dev/stderr, or a name in /proc/PID/fd (/dev/fd/N, /proc/self/fd/N
 * on Linux).  No one else can put a link there.
 */
static int
names_fd(const char *path)
{
	const char *slash, *p;
	char *dir, *real;
	int r;

	if (strcmp(path, "/dev/stdout") == 0 ||
	    strcmp(path, "/dev/stderr") == 0)
		return 1;
	if ((slash = strrchr(path, '/')) == NULL || slash == path)
		return 0;
	dir = xstrndup(path, (size_t)(slash - path));
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return 0;
	r = strncmp(real, "/proc/", 6) == 0;
	for (p = real + 6; r && *p >= '0' && *p <= '9'; p++)
		;
	r = r && p > real + 6 && strcmp(p, "/fd") == 0;
	free(real);
	return r;
}

/*
 * A link is written through, never replaced, when it leads to
 * something other than a regular file (a device, a FIFO, a pipe:
 * /dev/fd/N of a process substitution): opened without O_CREAT or
 * O_TRUNC, then checked, so that a link switched meanwhile to a
 * regular file is not written.  So is a name of one of our own
 * descriptors, whatever it leads to (-o /dev/stdout > file), then
 * truncated.  Returns the descriptor, or -1: the link is replaced.
 */
static int
open_link(const char *path)
{
	struct stat st;
	int fd, own;

	if (stat(path, &st) == -1 || S_ISDIR(st.st_mode))
		return -1;
	if ((own = names_fd(path)) == 0 && S_ISREG(st.st_mode))
		return -1;
	if ((fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || (S_ISREG(st.st_mode) && (!own ||
	    ftruncate(fd, 0) == -1))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Write buf[0..n) to fd and close it: 0, or -1 with a message. */
static int
write_in_place(int fd, const char *path, const char *buf, size_t n,
    struct sluice_err *e)
{
	int saved;

	if (write_all(fd, buf, n) == -1) {
		saved = errno;
		close(fd);
		return err_set(e, 0, "%s: %s", path, strerror(saved));
	}
	if (close(fd) == -1)
		return err_set(e, 0, "%s: %s", path, strerror(errno));
	return 0;
}

static int	replace(const char *, const char *, size_t, int,
		    struct sluice_err *);

/* atomic_write(), with fsync(2) calls only if sync is set. */
static int
write_file(const char *path, const char *buf, size_t n, int sync,
    struct sluice_err *e)
{
	struct stat st;
	int fd = -1;

	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			fd = open_link(path);
		else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
		    (fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) == -1)
			return err_set(e, 0, "%s: %s", path,
			    strerror(errno));
	}
	if (fd != -1)
		return write_in_place(fd, path, buf, n, e);
	return replace(path, buf, n, sync, e);
}

int
atomic_write(const char *path, const char *buf, size_t n,
    struct sluice_err *e)
{
	return write_file(path, buf, n, 1, e);
}

int
atomic_publish(const char *path, const char *buf, size_t n,
    struct sluice_err *e)
{
	return write_file(path, buf, n, 0, e);
}

int
atomic_replace(const char *path, const char *buf, size_t n,
    struct sluice_err *e)
{
	return replace(path, buf, n, 1, e);
}

/* atomic_replace(), with fsync(2) calls only if sync is set. */
static int
replace(const char *path, const char *buf, size_t n, int sync,
    struct sluice_err *e)
{
	struct strbuf tmp = STRBUF_INIT;
	struct stat st;
	const char *slash;
	mode_t mode, mask;
	int fd, exists, rv = -1;

	exists = lstat(path, &st) == 0;
	/* The mode of the file it replaces, else 0666 less the umask. */
	if (exists && S_ISREG(st.st_mode))
		mode = st.st_mode & 07777;
	else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	/* Beside path as given, never where a link leads. */
	if ((slash = strrchr(path, '/')) != NULL)
		strbuf_addf(&tmp, "%.*s/.%s.XXXXXX", (int)(slash - path), path,
		    slash + 1);
	else
		strbuf_addf(&tmp, ".%s.XXXXXX", path);
	if ((fd = mkstemp(tmp.buf)) == -1) {
		err_set(e, 0, "%s: %s", tmp.buf, strerror(errno));
		goto out;
	}
	if (write_all(fd, buf, n) == -1 || fchmod(fd, mode) == -1 ||
	    (sync && fsync(fd) == -1)) {
		err_set(e, 0, "%s: %s", tmp.buf, strerror(errno));
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	/* rename() replaces a link itself, not the file it names. */
	if (close(fd) == -1 || rename(tmp.buf, path) == -1) {
		err_set(e, 0, "%s: %s", path, strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	if (sync)
		sync_dir(path);
	rv = 0;
out:
	strbuf_release(&tmp);
	return rv;
}

int
atomic_open_stream(const char *path, struct sluice_err *e)
{
	struct stat st;
	int fd;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((fd = open_link(path)) != -1)
			return fd;
		if (unlink(path) == -1)
			return err_set(e, 0, "%s: %s", path, strerror(errno));
	}
	/* A link planted since is refused (ELOOP), not followed. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_NOCTTY | O_CLOEXEC, 0666)) == -1)
		return err_set(e, 0, "%s: %s", path, strerror(errno));
	return fd;
}
