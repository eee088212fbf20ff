/* SPDX-License-Identifier: MIT */
/* decomp.c -- fuzz gzip and zstd decompression (io/decomp). */
#include "fuzz.h"
#include "io/decomp.h"

/*
 * Input: a compressed stream, as read from a file.  Byte 0 gives the
 * size of the chunks it is fed in (1 to 256 bytes) and of the output
 * buffer; the rest is the stream.  Its kind comes from decomp_sniff(),
 * or, when the bytes are not compressed, from byte 0's low bit with the
 * magic number put in front, so that both decoders see every input.
 * Whatever the chunking, the stream must decompress to the same bytes
 * and end the same way (cleanly, damaged, or cut) as when it is given
 * in one piece into a large buffer; nothing comes after an error.
 */

#define OUT_MAX	(1 << 18)	/* decompressed bytes looked at */

struct result {
	uint8_t	*out;
	size_t	 n;
	int	 status;	/* 0 ended, 1 damaged, 2 cut */
	int	 full;		/* stopped at OUT_MAX bytes */
};

/* Feed p[0..n) in chunks of step, reading out cap bytes at a time. */
static void
run(enum decomp_kind kind, const uint8_t *p, size_t n, size_t step,
    size_t cap, struct result *r)
{
	struct sluice_err e;
	struct decomp *d;
	uint8_t *buf;
	size_t off = 0, k;
	ssize_t got;

	memset(r, 0, sizeof(*r));
	r->out = malloc(OUT_MAX);
	buf = malloc(cap);
	FUZZ_ASSERT(r->out != NULL && buf != NULL);
	d = decomp_new(kind);
	FUZZ_ASSERT(d != NULL);
	for (;;) {
		got = decomp_run(d, buf, cap, &e);
		if (got < 0) {
			r->status = 1;
			/* Once damaged, it gives nothing more. */
			FUZZ_ASSERT(decomp_run(d, buf, cap, &e) <= 0);
			break;
		}
		if (got > 0) {
			FUZZ_ASSERT((size_t)got <= cap);
			k = (size_t)got;
			if (r->n + k > OUT_MAX) {
				r->full = 1;	/* enough to compare */
				break;
			}
			memcpy(r->out + r->n, buf, k);
			r->n += k;
			continue;
		}
		if (off == n) {
			r->status = decomp_end(d, &e) == 0 ? 0 : 2;
			break;
		}
		k = decomp_feed(d, p + off, n - off < step ? n - off : step);
		off += k;
		FUZZ_ASSERT(decomp_taken(d) <= off);
	}
	decomp_free(d);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t gz[] = { 0x1f, 0x8b, 0x08 };
	static const uint8_t zs[] = { 0x28, 0xb5, 0x2f, 0xfd };
	struct result one, many;
	enum decomp_kind kind;
	uint8_t *s;
	size_t n, step;
	int k;

	if (size < 1)
		return 0;
	step = (size_t)data[0] + 1;
	k = decomp_sniff(data + 1, size - 1);
	n = size - 1;
	if (k == DECOMP_GZIP || k == DECOMP_ZSTD) {
		kind = (enum decomp_kind)k;
		s = malloc(n ? n : 1);
		memcpy(s, data + 1, n);
	} else {
		kind = data[0] & 1 ? DECOMP_ZSTD : DECOMP_GZIP;
		s = malloc(n + 4);
		memcpy(s, kind == DECOMP_GZIP ? gz : zs, kind == DECOMP_GZIP ?
		    3 : 4);
		memcpy(s + (kind == DECOMP_GZIP ? 3 : 4), data + 1, n);
		n += kind == DECOMP_GZIP ? 3 : 4;
	}
	FUZZ_ASSERT(decomp_sniff(s, n) == (int)kind);
	run(kind, s, n, n ? n : 1, 65536, &one);
	run(kind, s, n, step, step, &many);
	/*
	 * The same bytes, as far as both went, and an ending as clean.  Of
	 * a stream that is not clean, the bytes of the last block before
	 * the damage may or may not come out, and a frame cut short may be
	 * found damaged or cut, by how the input came (decomp.h).
	 */
	FUZZ_ASSERT(memcmp(one.out, many.out, one.n < many.n ? one.n :
	    many.n) == 0);
	if (!one.full && !many.full) {
		/* zstd checks a frame's declared size by the buffer's. */
		FUZZ_ASSERT((one.status == 0) == (many.status == 0) ||
		    kind == DECOMP_ZSTD);
		FUZZ_ASSERT(one.n == many.n || one.status != 0 ||
		    many.status != 0);
	}
	free(one.out);
	free(many.out);
	free(s);
	return 0;
}
