/* SPDX-License-Identifier: MIT */
/* zread.c -- a compressed file decompressed ahead, on a thread. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "io/zread.h"

/* Threads running at once; beyond, the caller decompresses itself. */
#define ZREAD_MAX	8

enum zend {
	ZEND_NO,		/* still running */
	ZEND_WHOLE,
	ZEND_DAMAGED,
	ZEND_READ
};

struct zread {
	int		 fd;
	struct decomp	*dec;
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 filled;	/* a buffer is ready, or the end */
	pthread_cond_t	 emptied;	/* a buffer is free, or stop */
	/* Under lock: */
	char		*buf[ZREAD_BUFS];
	size_t		 len[ZREAD_BUFS];
	size_t		 head;		/* the buffer the reader takes from */
	size_t		 count;		/* buffers ready */
	int		 stop;
	enum zend	 end;		/* once every buffer before it is */
	struct sluice_err err;		/* ZEND_DAMAGED */
	int		 errnum;	/* ZEND_READ */
	uint64_t	 taken;
	/* The reader's own: */
	size_t		 pos;		/* taken of buf[head] */
};

static int running;	/* threads started and not freed (caller's thread) */

/*
 * Fill b (ZREAD_BUF bytes) with what the decoder gives, reading the
 * file as it needs.  Returns the bytes; *end is set when the content
 * ends with them.
 */
static size_t
fill_buf(struct zread *z, char *b, enum zend *end)
{
	size_t off = 0, room;
	ssize_t r;
	void *to;

	while (off < ZREAD_BUF) {
		r = decomp_run(z->dec, b + off, ZREAD_BUF - off, &z->err);
		if (r == -1) {
			*end = ZEND_DAMAGED;
			break;
		}
		if (r > 0) {
			off += (size_t)r;
			continue;
		}
		to = decomp_space(z->dec, &room);
		if ((r = read(z->fd, to, room)) == -1) {
			if (errno == EINTR)
				continue;
			z->errnum = errno;
			*end = ZEND_READ;
			break;
		}
		decomp_fed(z->dec, (size_t)r);
		pthread_mutex_lock(&z->lock);
		z->taken = decomp_taken(z->dec);
		pthread_mutex_unlock(&z->lock);
		if (r == 0) {
			/* decomp_run() gave all it had: the end. */
			while ((r = decomp_run(z->dec, b + off,
			    ZREAD_BUF - off, &z->err)) > 0)
				off += (size_t)r;
			if (r == -1)
				*end = ZEND_DAMAGED;
			else if (off == ZREAD_BUF)
				continue;
			else
				*end = decomp_end(z->dec, &z->err) == -1 ?
				    ZEND_DAMAGED : ZEND_WHOLE;
			break;
		}
	}
	return off;
}

static void *
pump(void *arg)
{
	struct zread *z = arg;
	enum zend end = ZEND_NO;
	size_t slot, n;

	while (end == ZEND_NO) {
		pthread_mutex_lock(&z->lock);
		while (z->count == ZREAD_BUFS && !z->stop)
			pthread_cond_wait(&z->emptied, &z->lock);
		if (z->stop) {
			pthread_mutex_unlock(&z->lock);
			break;
		}
		slot = (z->head + z->count) % ZREAD_BUFS;
		pthread_mutex_unlock(&z->lock);
		/* The reader does not touch a buffer that is not ready. */
		n = fill_buf(z, z->buf[slot], &end);
		pthread_mutex_lock(&z->lock);
		z->len[slot] = n;
		if (n > 0)
			z->count++;
		z->end = end;
		pthread_cond_signal(&z->filled);
		pthread_mutex_unlock(&z->lock);
	}
	return NULL;
}

/* Free what z holds, its thread ended or never started. */
static void
release(struct zread *z)
{
	size_t i;

	pthread_mutex_destroy(&z->lock);
	pthread_cond_destroy(&z->filled);
	pthread_cond_destroy(&z->emptied);
	for (i = 0; i < ZREAD_BUFS; i++)
		free(z->buf[i]);
	free(z);
}

struct zread *
zread_start(int fd, struct decomp *dec)
{
	struct zread *z;
	sigset_t all, old;
	size_t i;
	int rc;

	if (running >= ZREAD_MAX)
		return NULL;
	z = xcalloc(1, sizeof(*z));
	z->fd = fd;
	z->dec = dec;
	for (i = 0; i < ZREAD_BUFS; i++)
		z->buf[i] = xmalloc(ZREAD_BUF);
	pthread_mutex_init(&z->lock, NULL);
	pthread_cond_init(&z->filled, NULL);
	pthread_cond_init(&z->emptied, NULL);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&z->thread, NULL, pump, z);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		release(z);
		return NULL;
	}
	running++;
	return z;
}

size_t
zread_take(struct zread *z, void *dst, size_t want)
{
	size_t n, h;

	pthread_mutex_lock(&z->lock);
	while (z->count == 0 && z->end == ZEND_NO)
		pthread_cond_wait(&z->filled, &z->lock);
	if (z->count == 0) {
		pthread_mutex_unlock(&z->lock);
		return 0;
	}
	h = z->head;
	pthread_mutex_unlock(&z->lock);
	/* buf[h] is ready: the thread does not write it until it is
	 * given back below. */
	n = z->len[h] - z->pos;
	if (n > want)
		n = want;
	memcpy(dst, z->buf[h] + z->pos, n);
	z->pos += n;
	if (z->pos == z->len[h]) {
		z->pos = 0;
		pthread_mutex_lock(&z->lock);
		z->head = (h + 1) % ZREAD_BUFS;
		z->count--;
		pthread_cond_signal(&z->emptied);
		pthread_mutex_unlock(&z->lock);
	}
	return n;
}

int
zread_end(struct zread *z, struct sluice_err *err, int *errnum)
{
	enum zend end;

	pthread_mutex_lock(&z->lock);
	end = z->end;
	pthread_mutex_unlock(&z->lock);
	if (end == ZEND_DAMAGED) {
		*err = z->err;
		return -1;
	}
	if (end == ZEND_READ) {
		*errnum = z->errnum;
		return -2;
	}
	return 0;
}

uint64_t
zread_taken(struct zread *z)
{
	uint64_t n;

	pthread_mutex_lock(&z->lock);
	n = z->taken;
	pthread_mutex_unlock(&z->lock);
	return n;
}

void
zread_free(struct zread *z)
{
	if (z == NULL)
		return;
	pthread_mutex_lock(&z->lock);
	z->stop = 1;
	pthread_cond_signal(&z->emptied);
	pthread_mutex_unlock(&z->lock);
	pthread_join(z->thread, NULL);
	running--;
	release(z);
}
