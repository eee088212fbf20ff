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

int
atomic_write(const char *arg, const char *buf, size_t n,
    struct sluice_err *e)
{
	struct strbuf tmp = STRBUF_INIT;
	struct stat st;
	const char *path = arg, *slash;
	char *real = NULL;
	mode_t mode, mask;
	int fd, rv = -1;

	if (lstat(arg, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(arg, NULL)) != NULL)
		path = real;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)) == -1 ||
		    write_all(fd, buf, n) == -1 || close(fd) == -1)
			err_set(e, 0, "%s: %s", arg, strerror(errno));
		else
			rv = 0;
		free(real);
		return rv;
	}
	/* The mode of the file it replaces, else 0666 less the umask. */
	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
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
	    fsync(fd) == -1) {
		err_set(e, 0, "%s: %s", tmp.buf, strerror(errno));
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp.buf, path) == -1) {
		err_set(e, 0, "%s: %s", arg, strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	sync_dir(path);
	rv = 0;
out:
	strbuf_release(&tmp);
	free(real);
	return rv;
}
