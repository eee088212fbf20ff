/* SPDX-License-Identifier: MIT */
/* zread.h -- a compressed file decompressed ahead, on a thread. */
#ifndef SLUICE_ZREAD_H
#define SLUICE_ZREAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "io/decomp.h"

/*
 * A thread reads a regular file through its decoder and decompresses
 * into a few buffers ahead of the reader, so that decompressing and
 * parsing take two cores, as "zcat FILE | tool" does.  The bytes come
 * out as the decoder gives them, in order, and end as it ends: whole,
 * damaged (after every byte decompressed before the damage) or on a
 * read error.  Memory is bounded: ZREAD_BUFS buffers of ZREAD_BUF
 * bytes.  The thread blocks every signal: they go to the caller's
 * thread.
 */
#define ZREAD_BUFS	4
#define ZREAD_BUF	(128 * 1024)

struct zread;

/*
 * Start the thread on fd (a regular file, read from its offset on)
 * and dec, which may hold compressed bytes already fed.  Both stay the
 * caller's, and must not be used until zread_free().  Returns NULL
 * when no thread can be started (too many running, or the system
 * refuses one): decompress in the caller then.
 */
struct zread	*zread_start(int fd, struct decomp *dec);
/*
 * Up to want decompressed bytes to dst, waiting for the thread.
 * Returns how many, or 0 once all were given: zread_end() then says
 * how the content ended.
 */
size_t	zread_take(struct zread *, void *dst, size_t want);
/*
 * After zread_take() returned 0: 0 when the compressed data ended
 * whole; -1 with err->msg (decomp_run()'s or decomp_end()'s) when it
 * was damaged or cut short; -2 with *errnum when reading the file
 * failed.
 */
int	zread_end(struct zread *, struct sluice_err *err, int *errnum);
/* Compressed bytes the thread has read so far (for progress). */
uint64_t zread_taken(struct zread *);
/* Stop the thread, wait for it and free what it held.  NULL is a no-op. */
void	zread_free(struct zread *);

#endif
