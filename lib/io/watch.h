/* SPDX-License-Identifier: MIT */
/* watch.h -- be woken when followed files change: inotify on Linux. */
#ifndef SLUICE_WATCH_H
#define SLUICE_WATCH_H

/*
 * What an event says, given to the callback of watch_read().  A watch
 * descriptor (wd) names what watch_file() or watch_dir() returned.
 */
#define WATCH_FILE	0x1	/* the file was written, truncated, had its
				   attributes or links changed, was moved or
				   deleted */
#define WATCH_NAME	0x2	/* a name was created or moved into the
				   directory */
#define WATCH_GONE	0x4	/* the watch ended (its file is gone, or
				   watch_forget()) */
#define WATCH_LOST	0x8	/* events were lost (the queue overflowed):
				   anything may have changed; wd is -1 */

struct watch;

/*
 * A watcher, or NULL when there is none here (not Linux, or inotify
 * could not be set up): then poll.  Free it with watch_free().
 */
struct watch	*watch_new(void);
/* The descriptor to poll(2) for POLLIN: events are waiting. */
int	watch_fd(const struct watch *);
/*
 * Watch the file at path for writes, truncation, attribute and link
 * changes, moves and deletion (of the file path names now).  Returns
 * its wd (the same for two paths of one file), or -1 when the file
 * cannot be watched: gone, out of watches, or on a network or FUSE
 * file system, where changes made elsewhere send no events.  Poll it.
 */
int	watch_file(struct watch *, const char *path);
/*
 * Watch the directory that holds path (the file need not exist) for
 * names created or moved into it.  Returns its wd, or -1 as above.
 */
int	watch_dir(struct watch *, const char *path);
/* Stop watching wd; a WATCH_GONE for it may still come. */
void	watch_forget(struct watch *, int wd);
/*
 * Read the events waiting, without blocking, and call fn(arg, wd,
 * what) for each, what being one WATCH_* value.  Returns the number of
 * events, 0 when there was none.
 */
int	watch_read(struct watch *, void (*fn)(void *, int, int), void *arg);
void	watch_free(struct watch *);

#endif
