/* SPDX-License-Identifier: MIT */
/* sketch.h -- mergeable summaries: quantiles, distinct counts, top-k. */
#ifndef SLUICE_SKETCH_H
#define SLUICE_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/map.h"
#include "json/canon.h"
#include "json/scan.h"
#include "core/strbuf.h"

/*
 * Every summary here merges: merging the summaries of two streams
 * gives the summary of the two streams together, whatever the order.
 * Each has _init (no allocation), _add, _merge, _serialize (appends
 * compact JSON to a strbuf), _deserialize (from a scanned JSON value;
 * returns 0, or -1 with a message in err and the summary unchanged or
 * empty) and _release (frees, the summary is empty again).
 */

/*
 * DDSketch: a quantile sketch with a relative-error guarantee.  A
 * value x > 0 goes to bucket i = ceil(log(x) / log(g)), g = (1 + a) /
 * (1 - a), which holds (g^(i-1), g^i]; the bucket's value is 2 g^i /
 * (g + 1), within a * x of every x in it.  Negative values go to a
 * second set of buckets by their magnitude, zeros are counted apart.
 * So the value returned for a rank is within a (relative) of the true
 * value at that rank, and exactly 0 when that value is 0; results are
 * also clamped to the exact minimum and maximum.  Each set holds at
 * most SKETCH_DD_MAX_BINS buckets (a range of 6e17 between the largest
 * and the smallest magnitude kept): past that, the buckets of the
 * smallest magnitudes are folded into one, and the bound no longer
 * holds for the ranks that fall into it.  Memory: 8 bytes per bucket
 * between the smallest and the largest magnitude seen, at most 16 KiB
 * per sign.
 */
#define SKETCH_DD_ALPHA		0.01
#define SKETCH_DD_MAX_BINS	2048

struct sketch_ddstore {
	uint64_t	*c;		/* counts of buckets off .. off+n-1 */
	int32_t		 off;
	uint32_t	 n;
};

struct sketch_dd {
	struct sketch_ddstore	 pos;
	struct sketch_ddstore	 neg;
	uint64_t		 zero;
	uint64_t		 count;
	double			 min;
	double			 max;
};

void	sketch_dd_init(struct sketch_dd *);
/* Add a finite value, count times. */
void	sketch_dd_add(struct sketch_dd *, double, uint64_t count);
void	sketch_dd_merge(struct sketch_dd *, const struct sketch_dd *);
/* The value at a 1-based rank (1 .. count); the sketch is not empty. */
double	sketch_dd_at(const struct sketch_dd *, uint64_t rank);
/*
 * {"n":N,"min":m,"max":M,"zero":Z,"pos":[off,c0,c1,...],"neg":[...]}:
 * counts of the buckets from index off on (empty sets are []).
 */
void	sketch_dd_serialize(const struct sketch_dd *, struct strbuf *);
int	sketch_dd_deserialize(struct sketch_dd *, const struct jval *,
	    struct sluice_err *);
void	sketch_dd_release(struct sketch_dd *);

/*
 * HyperLogLog with 2^14 = 16,384 one-byte registers (16 KiB) over
 * 64-bit hashes (hash_bytes), estimated with Ertl's improved raw
 * estimator (no bias tables, no switch to linear counting): standard
 * error 1.04 / sqrt(16384) = 0.81%.
 */
#define SKETCH_HLL_P		14
#define SKETCH_HLL_M		(1 << SKETCH_HLL_P)

struct sketch_hll {
	uint8_t	*reg;			/* SKETCH_HLL_M registers, or NULL */
};

void	sketch_hll_add(struct sketch_hll *, uint64_t hash);
void	sketch_hll_merge(struct sketch_hll *, const struct sketch_hll *);
double	sketch_hll_estimate(const struct sketch_hll *);
/* The registers, one byte each, in base64: "...". */
void	sketch_hll_serialize(const struct sketch_hll *, struct strbuf *);
int	sketch_hll_deserialize(struct sketch_hll *, const struct jval *,
	    struct sluice_err *);
void	sketch_hll_release(struct sketch_hll *);

/*
 * An exact set of 64-bit hashes (open addressing, at most 3/4 full:
 * 8 to 16 bytes per member).  The hash 0 is stored as 1.
 */
struct sketch_hset {
	uint64_t	*h;
	size_t		 n;
	size_t		 mask;
};

void	sketch_hset_init(struct sketch_hset *);
/* Returns 1 if the hash was new. */
int	sketch_hset_add(struct sketch_hset *, uint64_t hash);
/* The members, 8 bytes each little-endian, in base64: "...". */
void	sketch_hset_serialize(const struct sketch_hset *, struct strbuf *);
/* Adds the members of a serialized set to the set. */
int	sketch_hset_deserialize(struct sketch_hset *, const struct jval *,
	    struct sluice_err *);
/* Add every member to a HyperLogLog. */
void	sketch_hset_to_hll(const struct sketch_hset *, struct sketch_hll *);
void	sketch_hset_release(struct sketch_hset *);

/*
 * Top-k counts of values (canonical JSON texts, json/canon.h).  Exact while
 * at most m distinct values were seen; then Space-Saving with m
 * counters: a new value takes the place of the smallest counter c and
 * starts at c + 1.  Counts are then never below the true counts and at
 * most N / m above them (N = the values counted), and every value
 * counted more than N / m times is kept.  Merging adds the counts (a
 * value missing from an approximate side gets that side's smallest
 * count) and keeps the m largest: the overestimates add up, so after
 * merges the bound is N / m for each side merged, at most 2 N / m.
 * Memory: the value bytes plus about 72 bytes per counter.
 */
struct sketch_top {
	struct map	 map;	/* the counters; count in g[i].n */
	uint32_t		*heap;	/* approximate: entries, min-heap */
	uint32_t		*hpos;	/* approximate: heap index of entry */
	size_t			 m;
	uint64_t		 total;
	int			 approx;
};

void	sketch_top_init(struct sketch_top *, size_t m);
/* Count the value key[0..klen) (canonical JSON) with its hash. */
void	sketch_top_add(struct sketch_top *, const char *key, size_t klen,
	    uint64_t hash, uint64_t count);
void	sketch_top_merge(struct sketch_top *, const struct sketch_top *);
/*
 * The k largest counts, largest first, equal counts by value
 * (canon_cmp), as [{"value":v,"count":c},...].
 */
void	sketch_top_result(const struct sketch_top *, size_t k,
	    struct strbuf *);
/* {"exact":[[v,c],...]} or {"ss":[[v,c],...]}. */
void	sketch_top_serialize(const struct sketch_top *, struct strbuf *);
int	sketch_top_deserialize(struct sketch_top *, const struct jval *,
	    struct sluice_err *);
void	sketch_top_release(struct sketch_top *);


#endif
