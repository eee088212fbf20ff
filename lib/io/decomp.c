/* SPDX-License-Identifier: MIT */
/* decomp.c -- gzip and zstd streams decompressed as they are read. */
#include <sys/stat.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "io/decomp.h"

/* Compressed bytes held at most. */
#define IN_CHUNK	(64 * 1024)
/* decomp_file_head(): decompressed a piece at a time. */
#define HEAD_PIECE	(16 * 1024)

struct decomp {
	enum decomp_kind kind;
	unsigned char	*in;		/* compressed bytes [ipos, iend) */
	size_t		 ipos;
	size_t		 iend;
	uint64_t	 base;		/* stream offset of in[0] */
	int		 open;		/* inside a gzip member or zstd frame */
	int		 reset;		/* gzip: a member ended, reset first */
	int		 failed;	/* 1: damage found, 2: and said */
	struct sluice_err damage;
	z_stream	 z;
	ZSTD_DCtx	*zs;
};

static const unsigned char gzip_magic[] = { 0x1f, 0x8b, 0x08 };
static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };

/* Whether p[0..n) is magic (1), its start (-1) or neither (0). */
static int
magic_match(const unsigned char *p, size_t n, const unsigned char *m,
    size_t mlen)
{
	if (memcmp(p, m, n < mlen ? n : mlen) != 0)
		return 0;
	return n >= mlen ? 1 : -1;
}

int
decomp_sniff(const void *p, size_t n)
{
	int g, z;

	g = magic_match(p, n, gzip_magic, sizeof(gzip_magic));
	z = magic_match(p, n, zstd_magic, sizeof(zstd_magic));
	if (g == 1)
		return DECOMP_GZIP;
	if (z == 1)
		return DECOMP_ZSTD;
	return g == -1 || z == -1 ? -1 : DECOMP_NONE;
}

const char *
decomp_name(enum decomp_kind kind)
{
	switch (kind) {
	case DECOMP_GZIP:
		return "gzip";
	case DECOMP_ZSTD:
		return "zstd";
	default:
		return "plain";
	}
}

struct decomp *
decomp_new(enum decomp_kind kind)
{
	struct decomp *d;

	d = xcalloc(1, sizeof(*d));
	d->kind = kind;
	/* 15 + 16: a 32 KB window, a gzip header and trailer. */
	if ((kind == DECOMP_GZIP && inflateInit2(&d->z, 15 + 16) != Z_OK) ||
	    (kind == DECOMP_ZSTD && (d->zs = ZSTD_createDCtx()) == NULL)) {
		free(d);
		return NULL;
	}
	d->in = xmalloc(IN_CHUNK);
	return d;
}

void *
decomp_space(struct decomp *d, size_t *room)
{
	if (d->ipos > 0) {
		memmove(d->in, d->in + d->ipos, d->iend - d->ipos);
		d->base += d->ipos;
		d->iend -= d->ipos;
		d->ipos = 0;
	}
	*room = IN_CHUNK - d->iend;
	return d->in + d->iend;
}

void
decomp_fed(struct decomp *d, size_t n)
{
	d->iend += n;
}

size_t
decomp_feed(struct decomp *d, const void *p, size_t n)
{
	size_t room;
	void *to;

	to = decomp_space(d, &room);
	if (n > room)
		n = room;
	memcpy(to, p, n);
	decomp_fed(d, n);
	return n;
}

/*
 * Damage at in[at]: kept, and said by the next decomp_run(), once the
 * bytes decompressed before it are handed out.
 */
static void
fail(struct decomp *d, size_t at, const char *why)
{
	d->failed = 1;
	err_set(&d->damage, 0, "corrupt %s data at byte %llu: %s",
	    decomp_name(d->kind), (unsigned long long)(d->base + at),
	    why != NULL ? why : "cannot be decompressed");
}

/* gzip: members one after the other are one stream. */
static ssize_t
run_gzip(struct decomp *d, void *dst, size_t cap)
{
	z_stream *z = &d->z;
	int r;

	z->next_in = d->in + d->ipos;
	z->avail_in = (uInt)(d->iend - d->ipos);
	z->next_out = dst;
	z->avail_out = (uInt)cap;
	while (z->avail_out > 0 && (z->avail_in > 0 || d->open)) {
		if (d->reset) {
			inflateReset(z);
			d->reset = 0;
		}
		d->open = 1;
		r = inflate(z, Z_NO_FLUSH);
		if (r == Z_STREAM_END) {
			d->open = 0;
			d->reset = 1;
			continue;
		}
		if (r == Z_BUF_ERROR)
			break;
		if (r != Z_OK) {
			fail(d, (size_t)(z->next_in - d->in), z->msg);
			break;
		}
	}
	d->ipos = (size_t)(z->next_in - d->in);
	return (ssize_t)(cap - z->avail_out);
}

/* zstd: frames one after the other are one stream. */
static ssize_t
run_zstd(struct decomp *d, void *dst, size_t cap)
{
	ZSTD_inBuffer ib;
	ZSTD_outBuffer ob;
	size_t r, inpos, outpos;

	ib.src = d->in + d->ipos;
	ib.size = d->iend - d->ipos;
	ib.pos = 0;
	ob.dst = dst;
	ob.size = cap;
	ob.pos = 0;
	while (ob.pos < ob.size && (ib.pos < ib.size || d->open)) {
		inpos = ib.pos;
		outpos = ob.pos;
		/*
		 * A frame of the formats before zstd 0.8 (magic 0xFD2FB522
		 * to 0xFD2FB527) is refused: libzstd's decoders of them
		 * write what they find in damaged input, by how it comes.
		 */
		if (!d->open && ((const unsigned char *)ib.src)[ib.pos] >=
		    0x22 && ((const unsigned char *)ib.src)[ib.pos] <= 0x27) {
			fail(d, d->ipos + ib.pos, "a frame of a zstd format "
			    "before 0.8, not read");
			break;
		}
		r = ZSTD_decompressStream(d->zs, &ob, &ib);
		if (ZSTD_isError(r)) {
			fail(d, d->ipos + ib.pos, ZSTD_getErrorName(r));
			break;
		}
		/* 0: the frame is done and all of it written out. */
		d->open = (r != 0);
		if (ib.pos == inpos && ob.pos == outpos)
			break;
	}
	d->ipos += ib.pos;
	return (ssize_t)ob.pos;
}

ssize_t
decomp_run(struct decomp *d, void *dst, size_t cap, struct sluice_err *err)
{
	ssize_t n;

	if (d->failed == 1) {
		d->failed = 2;
		*err = d->damage;
		return -1;
	}
	if (d->failed || cap == 0)
		return 0;
	n = d->kind == DECOMP_GZIP ? run_gzip(d, dst, cap) :
	    run_zstd(d, dst, cap);
	if (n == 0 && d->failed == 1)
		return decomp_run(d, dst, cap, err);
	return n;
}

int
decomp_end(struct decomp *d, struct sluice_err *err)
{
	if (!d->open || d->failed)
		return 0;
	d->failed = 2;
	return err_set(err, 0, "truncated %s data at byte %llu",
	    decomp_name(d->kind), (unsigned long long)(d->base + d->iend));
}

uint64_t
decomp_taken(const struct decomp *d)
{
	return d->base + d->iend;
}

void
decomp_free(struct decomp *d)
{
	if (d == NULL)
		return;
	if (d->kind == DECOMP_GZIP)
		inflateEnd(&d->z);
	else
		ZSTD_freeDCtx(d->zs);
	free(d->in);
	free(d);
}

/* pread all of n bytes, or up to the end of the file: bytes or -1. */
static ssize_t
pread_full(int fd, void *buf, size_t n, off_t off)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = pread(fd, (char *)buf + got, n - got, off + (off_t)got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* decomp_file_head() of a compressed file. */
static int64_t
head_compressed(int fd, struct decomp *d, char *buf, size_t bufsz,
    int64_t need)
{
	struct sluice_err e;
	char piece[HEAD_PIECE];
	int64_t got = 0;
	size_t room, k;
	ssize_t r;
	off_t off = 0;
	void *to;

	while (got < need || (uint64_t)got < bufsz) {
		if ((r = decomp_run(d, piece, sizeof(piece), &e)) > 0) {
			if ((uint64_t)got < bufsz) {
				k = bufsz - (size_t)got;
				memcpy(buf + got, piece,
				    (size_t)r < k ? (size_t)r : k);
			}
			got += r;
			continue;
		}
		if (r == -1)
			break;
		to = decomp_space(d, &room);
		if ((r = pread_full(fd, to, room, off)) == -1)
			return -1;
		if (r == 0)
			break;
		decomp_fed(d, (size_t)r);
		off += r;
	}
	return got;
}

int64_t
decomp_file_head(int fd, void *buf, size_t bufsz, int64_t need)
{
	unsigned char m[DECOMP_MAGIC_MAX];
	struct decomp *d;
	struct stat st;
	ssize_t r;
	int64_t got;
	int kind;

	if ((r = pread_full(fd, m, sizeof(m), 0)) == -1)
		return -1;
	kind = decomp_sniff(m, (size_t)r);
	if (kind == DECOMP_GZIP || kind == DECOMP_ZSTD) {
		if ((d = decomp_new(kind)) == NULL)
			return -1;
		got = head_compressed(fd, d, buf, bufsz, need);
		decomp_free(d);
		return got;
	}
	if (fstat(fd, &st) == -1 ||
	    (r = pread_full(fd, buf, bufsz, 0)) == -1)
		return -1;
	return st.st_size > r ? (int64_t)st.st_size : (int64_t)r;
}
