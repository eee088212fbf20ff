/* SPDX-License-Identifier: MIT */
/* input.c -- read lines from files or stdin, follow them, wait wisely. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/decomp.h"
#include "io/input.h"
#include "io/watch.h"
#include "io/zread.h"

#define READ_CHUNK	(128 * 1024)
#define FOLLOW_POLL_MS	100
/* Follow with every file watched: look anyway this often. */
#define FOLLOW_LOOK_MS	1000
#define TICK_MAX_MS	60000
/* With a stop flag, wake up this often so a signal is never missed. */
#define STOP_CHECK_MS	500
/* A buffer this much larger than a chunk is given back once empty. */
#define SHRINK_OVER	(8 * READ_CHUNK)

#define BOM		"\xef\xbb\xbf"
#define BOM_LEN		3

/* Follow: these first bytes of a file tell it from its rewrite. */
#define HEAD_FP_MAX	1024

struct src {
	char		*path;		/* NULL for stdin */
	const char	*name;
	int		 fd;
	int		 opened;	/* open was attempted and succeeded */
	int		 done;		/* nothing more will come */
	int		 eof;		/* the last read returned 0 */
	int		 warned;	/* follow: said it is missing */
	int		 regular;
	int		 final;		/* rotated: ends at EOF, whole */
	dev_t		 dev;
	ino_t		 ino;
	off_t		 start;		/* where reading begins */
	off_t		 consumed;	/* just after the last line delivered */
	off_t		 readpos;	/* offset of buf[end] */
	off_t		 size;		/* at add time, for progress */
	uint64_t	 lineno;
	char		*buf;
	size_t		 bstart;	/* first unconsumed byte */
	size_t		 bend;		/* end of data */
	size_t		 bscan;		/* no newline in [bstart, bscan) */
	size_t		 cap;
	size_t		 toolong;	/* bytes of an over-long line dropped,
					   not yet counted in consumed */
	char		*head;		/* its first bytes (INPUT_HEAD_MAX) */
	size_t		 headlen;
	int		 bomcheck;	/* at offset 0: a BOM may come */
	/* Follow (a path, not rotated): how changes are seen. */
	int		 fwd;		/* the file's watch, or -1 */
	int		 dwd;		/* its directory's watch, or -1 */
	int		 polled;	/* not watched: look at every poll */
	int		 stale;		/* may have been rewritten: check
					   the head before reading on */
	char		*fp;		/* the first bytes read (HEAD_FP_MAX) */
	size_t		 fplen;
	/* Compressed: the offsets above count decompressed bytes. */
	struct decomp	*dec;		/* its decoder, or NULL */
	struct zread	*zr;		/* a file's: dec run ahead, or NULL */
	int		 sniff;		/* a pipe at its start: compressed? */
	int		 zeof;		/* the compressed bytes are all read */
	off_t		 skip;		/* decompressed bytes to drop (start) */
	char		*zerr;		/* the damage found, said at the end */
};

struct input {
	struct src	*src;
	size_t		 nsrc;
	size_t		 cur;
	int		 flags;
	size_t		 max_line;
	uint64_t	 before;	/* bytes consumed in closed sources */
	void		(*idle)(void *);
	void		*idle_arg;
	int64_t		(*tick)(void *, int64_t);
	void		*tick_arg;
	void		(*notice)(void *, const char *, const char *);
	void		*notice_arg;
	volatile sig_atomic_t *stop;
	struct watch	*watch;		/* follow: NULL, or inotify */
	int		 watch_tried;
	struct pollfd	*pfd;		/* follow: what wait_follow() polls */
	size_t		 pfdcap;
};

int64_t
input_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct input *
input_new(int flags)
{
	struct input *in;

	in = xcalloc(1, sizeof(*in));
	in->flags = flags;
	in->max_line = INPUT_MAX_LINE_DEFAULT;
	return in;
}

static struct src *
add_src(struct input *in, const char *path, off_t start, uint64_t lineno)
{
	struct src *s;
	struct stat st;

	in->src = xreallocarray(in->src, in->nsrc + 1, sizeof(*in->src));
	s = &in->src[in->nsrc++];
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->fwd = s->dwd = -1;
	if (path == NULL || strcmp(path, "-") == 0) {
		s->path = NULL;
		s->name = "stdin";
	} else {
		s->path = xstrdup(path);
		s->name = s->path;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			s->size = st.st_size;
	}
	s->start = s->consumed = s->readpos = start;
	s->lineno = lineno;
	s->bomcheck = (start == 0);
	return s;
}

void
input_add(struct input *in, const char *path, off_t start, uint64_t lineno)
{
	add_src(in, path, start, lineno);
}

void
input_add_rotated(struct input *in, const char *path, off_t start,
    uint64_t lineno)
{
	add_src(in, path, start, lineno)->final = 1;
}

void
input_add_operands(struct input *in, int argc, char *const argv[])
{
	int i;

	if (argc == 0)
		input_add(in, NULL, 0, 0);
	for (i = 0; i < argc; i++)
		input_add(in, argv[i], 0, 0);
}

int
input_flags(const struct input *in)
{
	return in->flags;
}

void
input_set_max_line(struct input *in, size_t n)
{
	in->max_line = n;
}

void
input_set_idle(struct input *in, void (*fn)(void *), void *arg)
{
	in->idle = fn;
	in->idle_arg = arg;
}

void
input_set_tick(struct input *in, int64_t (*fn)(void *, int64_t), void *arg)
{
	in->tick = fn;
	in->tick_arg = arg;
}

void
input_set_notice(struct input *in,
    void (*fn)(void *, const char *, const char *), void *arg)
{
	in->notice = fn;
	in->notice_arg = arg;
}

void
input_set_stop(struct input *in, volatile sig_atomic_t *stop)
{
	in->stop = stop;
}

static int
stopped(const struct input *in)
{
	return in->stop != NULL && *in->stop;
}

static void
notice(struct input *in, const struct src *s, const char *msg)
{
	if (in->notice)
		in->notice(in->notice_arg, s->name, msg);
}

/* Whether s is a file followed by its path (not stdin, not rotated). */
static int
followed(const struct input *in, const struct src *s)
{
	return (in->flags & INPUT_FOLLOW) && s->path != NULL && !s->final;
}

/* The watcher, set up at the first need; NULL where there is none. */
static struct watch *
watcher(struct input *in)
{
	if (!in->watch_tried) {
		in->watch_tried = 1;
		in->watch = watch_new();
	}
	return in->watch;
}

/* Whether a source other than s uses the watch wd. */
static int
wd_shared(const struct input *in, const struct src *s, int wd)
{
	size_t i;

	for (i = 0; i < in->nsrc; i++)
		if (&in->src[i] != s && in->src[i].fwd == wd)
			return 1;
	return 0;
}

/*
 * Follow: watch the directory of s (before the file is opened, so that
 * a rotation between the open and the watch is seen) and, once s is
 * open, the file it reads.  What cannot be watched is polled.
 */
static void
src_watch(struct input *in, struct src *s)
{
	struct watch *w;
	int wd;

	if ((w = watcher(in)) == NULL) {
		s->polled = 1;
		return;
	}
	if (s->dwd < 0)
		s->dwd = watch_dir(w, s->path);
	if (s->fd >= 0 && s->regular) {
		wd = watch_file(w, s->path);
		if (s->fwd >= 0 && s->fwd != wd && !wd_shared(in, s, s->fwd))
			watch_forget(w, s->fwd);
		s->fwd = wd;
	}
	s->polled = s->dwd < 0 || (s->fd >= 0 && s->regular && s->fwd < 0);
}

/* A watch event: mark the sources it may concern. */
static void
on_watch(void *arg, int wd, int what)
{
	struct input *in = arg;
	struct src *s;
	size_t i;

	for (i = 0; i < in->nsrc; i++) {
		s = &in->src[i];
		if (what == WATCH_LOST || (what == WATCH_FILE && wd == s->fwd))
			s->stale = 1;
		if (what == WATCH_GONE && wd == s->fwd) {
			/* Its file is no longer watched: poll it. */
			s->fwd = -1;
			s->polled = s->stale = 1;
		}
		if (what == WATCH_GONE && wd == s->dwd) {
			s->dwd = -1;
			s->polled = 1;
		}
	}
}

/* Take the watch events waiting, if any, without blocking. */
static void
watch_events(struct input *in)
{
	if (in->watch != NULL)
		watch_read(in->watch, on_watch, in);
}

/*
 * Keep the bytes of the file at [off, off + n) that fall in its first
 * HEAD_FP_MAX, the fingerprint of what was read.
 */
static void
head_note(struct src *s, const char *p, off_t off, size_t n)
{
	if (off >= HEAD_FP_MAX || (size_t)off != s->fplen)
		return;
	if (n > HEAD_FP_MAX - s->fplen)
		n = HEAD_FP_MAX - s->fplen;
	if (s->fp == NULL)
		s->fp = xmalloc(HEAD_FP_MAX);
	memcpy(s->fp + s->fplen, p, n);
	s->fplen += n;
}

/* Reading starts past the head: take the fingerprint from the file. */
static void
head_load(struct src *s)
{
	char buf[HEAD_FP_MAX];
	size_t want;
	ssize_t r;

	want = s->start < HEAD_FP_MAX ? (size_t)s->start : HEAD_FP_MAX;
	if ((r = pread(s->fd, buf, want, 0)) > 0)
		head_note(s, buf, 0, (size_t)r);
}

/*
 * Whether the file s reads was truncated, or rewritten in place
 * (truncated and written again to at least the offset read so far):
 * then its first bytes are no longer those read.  A rewrite that keeps
 * them cannot be told apart.
 */
static int
head_changed(const struct src *s)
{
	char buf[HEAD_FP_MAX];
	struct stat st;
	ssize_t r;

	if (fstat(s->fd, &st) == -1)
		return 0;
	if (st.st_size < s->readpos)
		return 1;
	if (s->fplen == 0)
		return 0;
	if ((r = pread(s->fd, buf, s->fplen, 0)) == -1)
		return 0;
	return (size_t)r != s->fplen || memcmp(buf, s->fp, s->fplen) != 0;
}

/*
 * s turned out to be compressed (kind): read it through a decoder.  A
 * compressed file does not grow: it is read to its end like a rotated
 * one, never followed.
 */
static void
src_compressed(struct input *in, struct src *s, int kind)
{
	char msg[96];

	if ((s->dec = decomp_new(kind)) == NULL)
		s->zerr = xstrdup("cannot set up the decompressor");
	if (followed(in, s)) {
		snprintf(msg, sizeof(msg), "%s-compressed: read to its end, "
		    "not followed", decomp_name(kind));
		notice(in, s, msg);
	}
	s->final = 1;
}

/*
 * Whether s is compressed.  A file named by its path is, when its first
 * bytes say so: then it is read from its start, and the first start
 * bytes of its content are dropped.  Standard input is sniffed as it
 * is read (take_line()).
 */
static void
src_detect(struct input *in, struct src *s)
{
	unsigned char m[DECOMP_MAGIC_MAX];
	ssize_t r;
	int kind;

	if (s->path == NULL || !s->regular) {
		s->sniff = (s->start == 0);
		return;
	}
	r = pread(s->fd, m, sizeof(m), 0);
	kind = r > 0 ? decomp_sniff(m, (size_t)r) : DECOMP_NONE;
	if (kind != DECOMP_GZIP && kind != DECOMP_ZSTD)
		return;
	src_compressed(in, s, kind);
	s->skip = s->start;
	/* A file: decompress on a second core, as zcat | tool would. */
	if (s->dec != NULL)
		s->zr = zread_start(s->fd, s->dec);
}

static int
src_open(struct input *in, struct src *s, struct sluice_err *err)
{
	struct stat st;

	if (followed(in, s))
		src_watch(in, s);
	if (s->path == NULL)
		s->fd = STDIN_FILENO;
	else if ((s->fd = open(s->path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (in->flags & INPUT_FOLLOW) {
			if (!s->warned)
				notice(in, s, "cannot open, will retry");
			s->warned = 1;
			return 0;
		}
		return err_set(err, 0, "%s: %s", s->name, strerror(errno));
	}
	if (fstat(s->fd, &st) == 0) {
		s->dev = st.st_dev;
		s->ino = st.st_ino;
		s->regular = S_ISREG(st.st_mode);
		if (S_ISDIR(st.st_mode)) {
			close(s->fd);
			s->fd = -1;
			errno = EISDIR;
			return err_set(err, 0, "%s: %s", s->name,
			    strerror(EISDIR));
		}
	}
	src_detect(in, s);
	if (s->dec == NULL && s->zerr == NULL && s->start > 0 &&
	    lseek(s->fd, s->start, SEEK_SET) == -1) {
		err_set(err, 0, "%s: seek: %s", s->name, strerror(errno));
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	s->opened = 1;
	s->warned = 0;
	if (followed(in, s) && s->regular) {
		src_watch(in, s);
		s->fplen = 0;
		if (s->start > 0)
			head_load(s);
	}
	return 0;
}

/* Bytes of s read so far, for progress: compressed ones if it is. */
static uint64_t
src_done(const struct src *s)
{
	if (s->zr != NULL)
		return zread_taken(s->zr);
	if (s->dec != NULL)
		return decomp_taken(s->dec);
	return (uint64_t)(s->consumed - s->start);
}

static void
src_close(struct input *in, struct src *s)
{
	in->before += src_done(s);
	zread_free(s->zr);	/* before its file is closed */
	s->zr = NULL;
	if (s->fd > STDIN_FILENO)
		close(s->fd);
	s->fd = -1;
	s->done = 1;
	decomp_free(s->dec);
	s->dec = NULL;
	free(s->buf);
	s->buf = NULL;
	free(s->head);
	s->head = NULL;
	free(s->fp);
	s->fp = NULL;
	s->fplen = 0;
	free(s->zerr);
	s->zerr = NULL;
	s->bstart = s->bend = s->bscan = s->cap = 0;
}

/* Deliver buf[bstart, end) as a line; the byte at end becomes a NUL. */
static void
deliver(struct src *s, size_t end, size_t skip, struct line *ln)
{
	size_t len = end - s->bstart;

	ln->p = s->buf + s->bstart;
	if (len > 0 && ln->p[len - 1] == '\r')
		len--;
	ln->p[len] = '\0';
	ln->len = len;
	ln->head = NULL;
	ln->headlen = 0;
	ln->name = s->name;
	ln->lineno = ++s->lineno;
	ln->partial = (skip == 0);
	s->consumed += (off_t)(end - s->bstart + skip);
	s->bstart = s->bscan = end + skip;
}

/* Deliver an over-long line: what was dropped plus buf[bstart, end). */
static void
deliver_toolong(struct src *s, size_t end, size_t skip, struct line *ln)
{
	size_t n = end - s->bstart;

	ln->p = NULL;
	ln->len = s->toolong + n;
	ln->head = s->head;
	ln->headlen = s->headlen;
	ln->name = s->name;
	ln->lineno = ++s->lineno;
	ln->partial = (skip == 0);
	s->consumed += (off_t)(s->toolong + n + skip);
	s->toolong = 0;
	s->bstart = s->bscan = end + skip;
}

/*
 * An over-long line begins at bstart and has n bytes in the buffer:
 * keep its first bytes for the reject, cut before a UTF-8 character
 * that would not fit whole.
 */
static void
keep_head(struct src *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s->buf + s->bstart;
	size_t k, j;

	k = n < INPUT_HEAD_MAX ? n : INPUT_HEAD_MAX;
	j = k;
	while (j < n && j > 0 && k - j < 3 && (p[j] & 0xc0) == 0x80)
		j--;
	if (j < n && (p[j] & 0xc0) != 0x80)
		k = j;
	if (s->head == NULL)
		s->head = xmalloc(INPUT_HEAD_MAX);
	memcpy(s->head, p, k);
	s->headlen = k;
}

/*
 * At offset 0 of a source: drop a UTF-8 byte order mark.  Returns 0
 * when the bytes so far (none, or the first of a BOM) could still be
 * the start of one: read more (at the end of the source they are its
 * unterminated tail), else 1.
 */
static int
skip_bom(struct src *s)
{
	size_t n = s->bend - s->bstart;

	if (n < BOM_LEN && memcmp(s->buf + s->bstart, BOM, n) == 0)
		return 0;
	s->bomcheck = 0;
	if (n >= BOM_LEN && memcmp(s->buf + s->bstart, BOM, BOM_LEN) == 0) {
		s->bstart += BOM_LEN;
		s->consumed += BOM_LEN;
		if (s->bscan < s->bstart)
			s->bscan = s->bstart;
	}
	return 1;
}

/*
 * Standard input at its start: whether it is compressed.  Returns 0
 * while the bytes so far could still be the start of a magic number:
 * read more (at the end of the input they are text), else 1.  The
 * compressed bytes read go to the decoder.
 */
static int
sniff_stream(struct input *in, struct src *s)
{
	size_t n = s->bend - s->bstart;
	int kind;

	kind = decomp_sniff(s->buf + s->bstart, n);
	if (kind == -1 && !s->eof)
		return 0;
	s->sniff = 0;
	if (kind != DECOMP_GZIP && kind != DECOMP_ZSTD)
		return 1;
	src_compressed(in, s, kind);
	if (s->dec != NULL)
		decomp_feed(s->dec, s->buf + s->bstart, n);
	s->readpos -= (off_t)n;
	s->bend = s->bscan = s->bstart;
	return 1;
}

/*
 * Take a complete line from the buffer; 1 if one was delivered.  A
 * line found to be longer than the limit is dropped as it streams in:
 * the buffer never holds more of it than the limit and a chunk.
 */
static int
take_line(struct input *in, struct src *s, struct line *ln)
{
	char *nl;
	size_t n, len;

	if (s->sniff && !sniff_stream(in, s))
		return 0;
	if (s->bomcheck && !skip_bom(s))
		return 0;
	if (s->bscan < s->bstart)
		s->bscan = s->bstart;
	nl = memchr(s->buf + s->bscan, '\n', s->bend - s->bscan);
	if (nl != NULL) {
		n = (size_t)(nl - s->buf);
		len = n - s->bstart;
		if (len > 0 && s->buf[n - 1] == '\r')
			len--;
		if (s->toolong == 0 && len > in->max_line)
			keep_head(s, len);
		if (s->toolong || len > in->max_line)
			deliver_toolong(s, n, 1, ln);
		else
			deliver(s, n, 1, ln);
		return 1;
	}
	s->bscan = s->bend;
	/* Over the limit (a '\r' may still come off its end): drop. */
	n = s->bend - s->bstart;
	if (s->toolong || n > in->max_line + 1) {
		if (s->toolong == 0)
			keep_head(s, n);
		s->toolong += n;
		s->bstart = s->bscan = s->bend;
	}
	return 0;
}

/* Deliver the unterminated end of a source; 1 if there was one. */
static int
take_tail(struct input *in, struct src *s, struct line *ln)
{
	size_t len = s->bend - s->bstart;

	if (s->toolong == 0 && len == 0)
		return 0;
	if (len > 0 && s->buf[s->bend - 1] == '\r')
		len--;
	if (s->toolong == 0 && len <= in->max_line) {
		deliver(s, s->bend, 0, ln);
		return 1;
	}
	if (s->toolong == 0)
		keep_head(s, len);
	deliver_toolong(s, s->bend, 0, ln);
	return 1;
}

/*
 * Whether the unterminated end of s, at its end, is a line: it is
 * unless INPUT_KEEP_PARTIAL holds it back to be read again, complete,
 * next time; a rotated or compressed file will not grow, so its end is
 * a line, unless its compressed data was cut or damaged there.
 */
static int
tail_due(const struct input *in, const struct src *s)
{
	return !(in->flags & INPUT_KEEP_PARTIAL) ||
	    (s->final && s->zerr == NULL);
}

/*
 * Stopped: hand out the complete lines already read; 1 if a line was
 * delivered.  An unterminated tail is a line cut by the stop, not the
 * end of its file: it is dropped (and not counted in the position, so
 * --state reads it again, whole), unless its source had truly ended.
 */
static int
take_stopped(struct input *in, struct line *ln)
{
	struct src *s;
	size_t i;
	int follow = (in->flags & INPUT_FOLLOW) != 0;

	for (i = 0; i < in->nsrc; i++) {
		s = &in->src[i];
		if (s->buf != NULL && take_line(in, s, ln))
			return 1;
	}
	for (i = 0; i < in->nsrc; i++) {
		s = &in->src[i];
		if (s->buf == NULL || !s->eof || (follow && s->regular &&
		    !s->final))
			continue;
		if (tail_due(in, s) && take_tail(in, s, ln))
			return 1;
	}
	return 0;
}

/*
 * Wait until fd is readable, running the tick and idle hooks.  Returns
 * 1 when it is, 0 when stopped.
 */
static int
wait_input(struct input *in, int fd)
{
	struct pollfd pfd;
	int64_t now, due;
	int timeout;

	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		if (stopped(in))
			return 0;
		timeout = -1;
		if (in->tick) {
			now = input_now_ms();
			due = in->tick(in->tick_arg, now);
			if (due >= 0)
				timeout = due <= now ? 0 : (int)(due - now >
				    TICK_MAX_MS ? TICK_MAX_MS : due - now);
		}
		if (in->idle)
			in->idle(in->idle_arg);
		/* A signal between the check and poll() must not hang us. */
		if (in->stop != NULL && (timeout < 0 ||
		    timeout > STOP_CHECK_MS))
			timeout = STOP_CHECK_MS;
		if (poll(&pfd, 1, timeout) > 0)
			return 1;
	}
}

/* The compressed data of s is damaged: it ends here, said at its end. */
static void
src_damaged(struct src *s, const struct sluice_err *e)
{
	if (s->zerr == NULL)
		s->zerr = xstrdup(e->msg);
}

/* src_read() of a file decompressed on its thread. */
static ssize_t
src_take(struct src *s, char *dst, size_t want)
{
	struct sluice_err e;
	size_t n;
	int errnum = 0;

	if (s->zerr != NULL)
		return 0;
	if ((n = zread_take(s->zr, dst, want)) > 0)
		return (ssize_t)n;
	switch (zread_end(s->zr, &e, &errnum)) {
	case -1:
		src_damaged(s, &e);
		return 0;
	case -2:
		errno = errnum;
		return -1;
	}
	return 0;
}

/*
 * Read up to want bytes of the content of s to dst: read(2), or its
 * compressed bytes through the decoder.  Returns as read(2), -1 with
 * errno; a pipe whose compressed bytes gave nothing yet is EAGAIN.
 * Damaged compressed data ends the content (0) and is kept in s->zerr.
 */
static ssize_t
src_read(struct src *s, char *dst, size_t want)
{
	struct sluice_err e;
	size_t room;
	ssize_t r;
	void *to;
	int reads = 0;

	if (s->dec == NULL)
		return s->zerr != NULL ? 0 : read(s->fd, dst, want);
	if (s->zr != NULL)
		return src_take(s, dst, want);
	for (;;) {
		if ((r = decomp_run(s->dec, dst, want, &e)) == -1)
			src_damaged(s, &e);
		if (r != 0 || s->zerr != NULL)
			return r > 0 ? r : 0;
		if (s->zeof) {
			if (decomp_end(s->dec, &e) == -1)
				src_damaged(s, &e);
			return 0;
		}
		if (!s->regular && reads++ > 0) {
			errno = EAGAIN;
			return -1;
		}
		to = decomp_space(s->dec, &room);
		if ((r = read(s->fd, to, room)) == -1)
			return -1;
		decomp_fed(s->dec, (size_t)r);
		s->zeof = (r == 0);
	}
}

/*
 * Resuming a compressed file: drop the first r bytes just read to
 * dst as far as they are before the start.  Returns the bytes left.
 */
static ssize_t
src_skip(struct src *s, char *dst, ssize_t r)
{
	ssize_t k = r < s->skip ? r : (ssize_t)s->skip;

	memmove(dst, dst + k, (size_t)(r - k));
	s->skip -= k;
	return r - k;
}

/*
 * Read more into the buffer.  Returns bytes read, 0 at EOF or when
 * stopped, -1 on error, -2 if a pipe has nothing now (only when
 * !block).
 */
static ssize_t
fill(struct input *in, struct src *s, int block, struct sluice_err *err)
{
	struct pollfd pfd;
	size_t want;
	ssize_t r;

	if (s->bstart > 0 && s->bstart == s->bend) {
		s->bstart = s->bend = s->bscan = 0;
		if (s->cap > SHRINK_OVER) {
			/* A long line is gone: give its memory back. */
			free(s->buf);
			s->buf = NULL;
			s->cap = 0;
		}
	} else if (s->bstart > 0 && s->cap - s->bend < READ_CHUNK / 2) {
		memmove(s->buf, s->buf + s->bstart, s->bend - s->bstart);
		s->bend -= s->bstart;
		s->bscan -= s->bstart;
		s->bstart = 0;
	}
	if (s->cap - s->bend < READ_CHUNK / 2 + 1) {
		s->cap = s->cap ? s->cap * 2 : READ_CHUNK;
		while (s->cap - s->bend < READ_CHUNK / 2 + 1)
			s->cap *= 2;
		s->buf = xrealloc(s->buf, s->cap);
	}
	if (in->tick)
		in->tick(in->tick_arg, input_now_ms());
	if (!s->regular) {
		pfd.fd = s->fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 0) <= 0) {
			if (!block) {
				if (in->idle)
					in->idle(in->idle_arg);
				return -2;
			}
			if (!wait_input(in, s->fd))
				return 0;
		}
	}
	/* A chunk at a time, so an over-long line is seen and dropped
	 * before the buffer holds much more than the limit. */
	want = s->cap - s->bend - 1;
	if (want > READ_CHUNK)
		want = READ_CHUNK;
	/* Standard input at its start: no more than a magic number. */
	if (s->sniff && want > DECOMP_MAGIC_MAX)
		want = DECOMP_MAGIC_MAX;
	for (;;) {
		r = src_read(s, s->buf + s->bend, want);
		if (r > 0 && s->skip > 0 &&
		    (r = src_skip(s, s->buf + s->bend, r)) == 0)
			continue;
		if (r >= 0)
			break;
		if (errno == EINTR) {
			if (stopped(in))
				return 0;
			continue;
		}
		if (errno == EAGAIN) {
			if (!block) {
				if (in->idle)
					in->idle(in->idle_arg);
				return -2;
			}
			if (!wait_input(in, s->fd))
				return 0;
			continue;
		}
		return err_set(err, 0, "%s: read: %s", s->name,
		    strerror(errno));
	}
	if (followed(in, s) && s->regular)
		head_note(s, s->buf + s->bend, s->readpos, (size_t)r);
	s->bend += (size_t)r;
	s->readpos += r;
	s->eof = (r == 0);
	return r;
}

/* Start over at offset 0 of whatever s->fd is (or will be). */
static void
src_rewind(struct input *in, struct src *s)
{
	in->before += (uint64_t)(s->consumed - s->start);
	s->start = s->consumed = s->readpos = 0;
	s->lineno = 0;
	s->bstart = s->bend = s->bscan = 0;
	s->bomcheck = 1;
	s->fplen = 0;
	s->stale = 0;
}

/*
 * A followed file was truncated or rewritten in place: read it again
 * from its start.  Returns as check_rotation: 2 while a line of the
 * old contents is still to be delivered (then the check comes again).
 */
static int
reread(struct input *in, struct src *s)
{
	if (s->bend > s->bstart || s->toolong)
		return 2;
	notice(in, s, "file truncated, reading from the start");
	if (lseek(s->fd, 0, SEEK_SET) == -1)
		return 0;
	src_rewind(in, s);
	return 1;
}

/*
 * Follow: the source is at EOF.  Reopen it if the path now names
 * another file, rewind it if it was truncated.  Returns 1 if something
 * changed, 0 if not, 2 if the old content ended mid-line: take the
 * tail first, then call again.
 */
static int
check_rotation(struct input *in, struct src *s)
{
	struct stat st;

	if (s->path == NULL)
		return 0;
	if (stat(s->path, &st) == -1)
		return 0;
	if (st.st_dev != s->dev || st.st_ino != s->ino) {
		if (s->bend > s->bstart || s->toolong)
			return 2;
		notice(in, s, "file replaced, following the new file");
		close(s->fd);
		s->fd = -1;
		s->opened = 0;
		src_rewind(in, s);
		return 1;
	}
	if (st.st_size < s->readpos)
		return reread(in, s);
	return 0;
}

/*
 * Follow: before reading on in a file that may have changed (a watch
 * event, or a poll), check that it was not truncated or rewritten in
 * place (copytruncate, then writes up to the old size or past it);
 * if it was, read it again from its start.  Returns as check_rotation.
 */
static int
check_inplace(struct input *in, struct src *s)
{
	watch_events(in);
	if (!s->stale)
		return 0;
	if (!head_changed(s)) {
		s->stale = 0;
		return 0;
	}
	return reread(in, s);
}

/*
 * Follow: nothing anywhere.  Wait for a watch event, a pipe to become
 * readable, the poll of the files not watched (FOLLOW_POLL_MS), or at
 * most FOLLOW_LOOK_MS, running the hooks; the tick's deadline and a
 * stop bound the wait.  Then mark the files to check before reading on.
 */
static void
wait_follow(struct input *in)
{
	struct src *s;
	size_t i, n = 0;
	int64_t now, due;
	int timeout = FOLLOW_LOOK_MS, r;

	if (in->pfdcap < in->nsrc + 1) {
		in->pfdcap = in->nsrc + 1;
		in->pfd = xreallocarray(in->pfd, in->pfdcap,
		    sizeof(*in->pfd));
	}
	if (in->watch != NULL) {
		in->pfd[n].fd = watch_fd(in->watch);
		in->pfd[n++].events = POLLIN;
	}
	for (i = 0; i < in->nsrc; i++) {
		s = &in->src[i];
		if (s->done)
			continue;
		if (s->fd >= 0 && !s->regular) {
			in->pfd[n].fd = s->fd;
			in->pfd[n++].events = POLLIN;
		} else if (s->polled || in->watch == NULL)
			timeout = FOLLOW_POLL_MS;
	}
	if (in->tick) {
		now = input_now_ms();
		due = in->tick(in->tick_arg, now);
		if (due >= 0 && due - now < timeout)
			timeout = due <= now ? 0 : (int)(due - now);
	}
	if (in->idle)
		in->idle(in->idle_arg);
	if (in->stop != NULL && timeout > STOP_CHECK_MS)
		timeout = STOP_CHECK_MS;
	if (stopped(in))
		return;
	r = poll(in->pfd, n, timeout);
	watch_events(in);
	for (i = 0; i < in->nsrc; i++)
		if (r <= 0 || in->src[i].polled || in->watch == NULL)
			in->src[i].stale = 1;
}

int
input_next(struct input *in, struct line *ln, struct sluice_err *err)
{
	struct src *s;
	size_t idle_run = 0;
	ssize_t r;
	int follow = (in->flags & INPUT_FOLLOW) != 0;

	for (;;) {
		if (stopped(in))
			return take_stopped(in, ln);
		while (in->cur < in->nsrc && in->src[in->cur].done)
			in->cur++;
		if (in->cur >= in->nsrc) {
			if (!follow)
				return 0;
			/* Follow: cycle over the sources still alive. */
			for (in->cur = 0; in->cur < in->nsrc &&
			    in->src[in->cur].done; in->cur++)
				;
			if (in->cur >= in->nsrc)
				return 0;
		}
		s = &in->src[in->cur];
		if (!s->opened) {
			if (src_open(in, s, err) == -1) {
				s->done = 1;
				return -1;
			}
			if (!s->opened) {	/* follow: not there yet */
				in->cur++;
				if (++idle_run >= in->nsrc) {
					wait_follow(in);
					idle_run = 0;
				}
				continue;
			}
		}
		if (s->buf != NULL && take_line(in, s, ln))
			return 1;
		if (followed(in, s) && s->regular) {
			switch (check_inplace(in, s)) {
			case 1:
				continue;
			case 2:
				take_tail(in, s, ln);
				return 1;
			}
		}
		r = fill(in, s, !follow || in->nsrc == 1, err);
		if (r > 0) {
			idle_run = 0;
			continue;
		}
		if (r == -1) {
			src_close(in, s);
			return -1;
		}
		if (r == 0 && stopped(in))
			continue;
		if (r == 0 && (!follow || !s->regular || s->final)) {
			/* End of this source: the unterminated tail. */
			if (tail_due(in, s) && take_tail(in, s, ln))
				return 1;
			if (s->zerr != NULL) {
				err_set(err, 0, "%s: %s", s->name, s->zerr);
				src_close(in, s);
				return -1;
			}
			src_close(in, s);
			continue;
		}
		if (r == 0) {
			switch (check_rotation(in, s)) {
			case 1:
				continue;
			case 2:
				/* The old content ended mid-line. */
				take_tail(in, s, ln);
				return 1;
			}
		}
		/* Nothing now from this source: try the next one. */
		in->cur++;
		if (++idle_run >= in->nsrc) {
			wait_follow(in);
			idle_run = 0;
		}
	}
}

int
input_next_of(struct input *in, size_t lo, size_t hi, struct line *ln,
    struct sluice_err *err)
{
	struct src *all = in->src;
	size_t nsrc = in->nsrc, cur = in->cur;
	int r;

	in->src += lo;
	in->nsrc = hi - lo;
	in->cur = 0;
	r = input_next(in, ln, err);
	in->src = all;
	in->nsrc = nsrc;
	in->cur = cur;
	return r;
}

void
input_progress(const struct input *in, uint64_t *done, uint64_t *total)
{
	size_t i;

	*done = in->before;
	*total = 0;
	for (i = 0; i < in->nsrc; i++) {
		if (!in->src[i].done)
			*done += src_done(&in->src[i]);
		if (in->src[i].size > in->src[i].start)
			*total += (uint64_t)(in->src[i].size -
			    in->src[i].start);
	}
}

size_t
input_nsources(const struct input *in)
{
	return in->nsrc;
}

void
input_source_pos(const struct input *in, size_t i, struct input_pos *pos)
{
	const struct src *s = &in->src[i];

	pos->path = s->path;
	pos->dev = s->dev;
	pos->ino = s->ino;
	pos->offset = s->consumed;
	pos->lineno = s->lineno;
	pos->opened = s->opened;
}

void
input_free(struct input *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->nsrc; i++) {
		zread_free(in->src[i].zr);
		if (in->src[i].fd > STDIN_FILENO)
			close(in->src[i].fd);
		free(in->src[i].buf);
		free(in->src[i].head);
		free(in->src[i].fp);
		free(in->src[i].path);
		free(in->src[i].zerr);
		decomp_free(in->src[i].dec);
	}
	free(in->src);
	free(in->pfd);
	watch_free(in->watch);
	free(in);
}
