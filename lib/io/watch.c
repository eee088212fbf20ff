/* SPDX-License-Identifier: MIT */
/* watch.c -- be woken when followed files change: inotify on Linux. */
#include <stddef.h>
#include <stdlib.h>

#include "core/common.h"
#include "io/watch.h"

/* SLUICE_NO_INOTIFY builds the poll alone, as elsewhere (bench/live.sh). */
#if defined(__linux__) && !defined(SLUICE_NO_INOTIFY)

#include <sys/inotify.h>
#include <sys/statfs.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define FILE_EVENTS	(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | \
			 IN_DELETE_SELF | IN_MOVE_SELF)
#define DIR_EVENTS	(IN_CREATE | IN_MOVED_TO | IN_ONLYDIR)

/*
 * File systems where a change made by another host, or behind FUSE,
 * sends no inotify event (statfs(2) f_type): follow them by polling.
 */
static const unsigned long remote_fs[] = {
	0x6969,		/* NFS */
	0x517b,		/* SMB */
	0xff534d42,	/* CIFS */
	0xfe534d42,	/* SMB2 */
	0x65735546,	/* FUSE */
	0x01021997,	/* 9P */
	0x00c36400,	/* Ceph */
	0x5346414f,	/* AFS */
};

struct watch {
	int	fd;
};

struct watch *
watch_new(void)
{
	struct watch *w;
	int fd;

	if ((fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1)
		return NULL;
	w = xmalloc(sizeof(*w));
	w->fd = fd;
	return w;
}

int
watch_fd(const struct watch *w)
{
	return w->fd;
}

/* Whether path is on a file system whose changes may send no event. */
static int
remote(const char *path)
{
	struct statfs sf;
	unsigned long type;
	size_t i;

	if (statfs(path, &sf) == -1)
		return 1;
	type = (unsigned long)sf.f_type & 0xffffffffUL;
	for (i = 0; i < NELEM(remote_fs); i++)
		if (type == remote_fs[i])
			return 1;
	return 0;
}

int
watch_file(struct watch *w, const char *path)
{
	if (remote(path))
		return -1;
	return inotify_add_watch(w->fd, path, FILE_EVENTS);
}

int
watch_dir(struct watch *w, const char *path)
{
	char dir[PATH_MAX];
	const char *slash;
	size_t n;

	if ((slash = strrchr(path, '/')) == NULL)
		strcpy(dir, ".");
	else {
		n = slash == path ? 1 : (size_t)(slash - path);
		if (n >= sizeof(dir))
			return -1;
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	if (remote(dir))
		return -1;
	return inotify_add_watch(w->fd, dir, DIR_EVENTS);
}

void
watch_forget(struct watch *w, int wd)
{
	if (wd >= 0)
		inotify_rm_watch(w->fd, wd);
}

/* The WATCH_* value of an event's mask. */
static int
what(uint32_t mask)
{
	if (mask & IN_Q_OVERFLOW)
		return WATCH_LOST;
	if (mask & IN_IGNORED)
		return WATCH_GONE;
	if (mask & (IN_CREATE | IN_MOVED_TO))
		return WATCH_NAME;
	return WATCH_FILE;
}

int
watch_read(struct watch *w, void (*fn)(void *, int, int), void *arg)
{
	/* Aligned for struct inotify_event; room for a few with names. */
	union {
		struct inotify_event	ev;
		char			buf[4 * (sizeof(struct inotify_event) +
					    NAME_MAX + 1)];
	} u;
	const struct inotify_event *ev;
	ssize_t r, i;
	int n = 0;

	for (;;) {
		r = read(w->fd, u.buf, sizeof(u.buf));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return n;
		for (i = 0; i < r; i += (ssize_t)(sizeof(*ev) + ev->len)) {
			ev = (const struct inotify_event *)(u.buf + i);
			fn(arg, ev->wd, what(ev->mask));
			n++;
		}
	}
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	close(w->fd);
	free(w);
}

#else	/* no inotify: no watcher; input polls. */

struct watch *
watch_new(void)
{
	return NULL;
}

int
watch_fd(const struct watch *w)
{
	return -1;
}

int
watch_file(struct watch *w, const char *path)
{
	return -1;
}

int
watch_dir(struct watch *w, const char *path)
{
	return -1;
}

void
watch_forget(struct watch *w, int wd)
{
}

int
watch_read(struct watch *w, void (*fn)(void *, int, int), void *arg)
{
	return 0;
}

void
watch_free(struct watch *w)
{
	free(w);
}

#endif
