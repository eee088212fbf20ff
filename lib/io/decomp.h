/* SPDX-License-Identifier: MIT */
/* decomp.h -- gzip and zstd streams decompressed as they are read. */
#ifndef SLUICE_DECOMP_H
#define SLUICE_DECOMP_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

/*
 * A compressed file is known by its first bytes, never by its name:
 * gzip (1f 8b 08, RFC 1952) through zlib, zstd (28 b5 2f fd, RFC 8878)
 * through libzstd.  Several gzip members one after the other (as
 * "cat a.gz b.gz" makes) and several zstd frames are one stream.
 * Memory is bounded: one input chunk and the decoder's window (32 KB
 * for gzip; for zstd what the frame asks, up to zstd's default limit
 * of 128 MB).
 */
enum decomp_kind {
	DECOMP_NONE,
	DECOMP_GZIP,
	DECOMP_ZSTD
};

/* The most first bytes decomp_sniff() looks at. */
#define DECOMP_MAGIC_MAX	4

/*
 * What the first n bytes of a stream are: DECOMP_GZIP, DECOMP_ZSTD or
 * DECOMP_NONE, or -1 when they are too few to tell (they are the start
 * of a magic number): read more, or at the end of the stream take them
 * as DECOMP_NONE.
 */
int	decomp_sniff(const void *p, size_t n);
/* The name of a kind, for messages: "gzip", "zstd". */
const char *decomp_name(enum decomp_kind);

struct decomp;

/*
 * A decoder for kind (not DECOMP_NONE), or NULL when zlib or libzstd
 * cannot set one up (out of memory).  Free it with decomp_free().
 */
struct decomp	*decomp_new(enum decomp_kind);
/*
 * Give the decoder compressed bytes.  It copies up to n of p (never
 * more than it has room for) and returns how many it took; 0 when it
 * is full: decompress first.
 */
size_t	decomp_feed(struct decomp *, const void *p, size_t n);
/*
 * Where to read the next compressed bytes to: *room bytes at the
 * pointer returned (0 when full), then decomp_fed(n).
 */
void	*decomp_space(struct decomp *, size_t *room);
void	decomp_fed(struct decomp *, size_t n);
/*
 * Decompress into dst[0..cap).  Returns the bytes written, 0 when the
 * decoder needs more input (or cap is 0), or -1 with err->msg "corrupt
 * gzip data at byte N: reason" when the data is damaged (once the
 * bytes decompressed before the damage were returned); N counts
 * compressed bytes from the start of the stream.  After -1 it gives
 * nothing more.  The bytes of the block the damage is found in may or
 * may not have come out, by how the input was fed (zstd finds a bad
 * frame checksum after a block, and drops that call's output).  For
 * the same reason a zstd frame cut short may be found damaged here or
 * cut at decomp_end(), and zstd checks a frame's declared content size
 * only when dst can hold the frame: a frame shorter than it says may
 * end clean when read into a small dst.
 */
ssize_t	decomp_run(struct decomp *, void *dst, size_t cap,
	    struct sluice_err *err);
/*
 * The compressed input has ended, and decomp_run() returned 0: 0 when
 * the stream ended at the end of a member or frame, -1 with err->msg
 * "truncated gzip data at byte N" when it ended in the middle of one.
 */
int	decomp_end(struct decomp *, struct sluice_err *err);
/* Compressed bytes taken in so far. */
uint64_t decomp_taken(const struct decomp *);
void	decomp_free(struct decomp *);

/*
 * The content of the file open on fd, from its start (pread, so its
 * offset does not move), decompressed when it is compressed: its first
 * bytes go to buf[0..bufsz), and it is read until it is known to hold
 * at least need bytes.  Returns the bytes known: need or more (and
 * at least those put in buf) when the content holds them, else all it
 * holds up to where its compressed data ends, is cut or is damaged;
 * -1 when it cannot be read.  A compressed file is read only as far
 * as needed, a chunk at a time.
 */
int64_t	decomp_file_head(int fd, void *buf, size_t bufsz, int64_t need);

#endif
