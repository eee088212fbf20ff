/* SPDX-License-Identifier: MIT */
/* agg.h -- aggregate functions: parse, accumulate, merge, serialise. */
#ifndef SLUICE_AGG_H
#define SLUICE_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "expr/expr.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"

/*
 * The functions of "aggregate -a FUNC[:INPUT][=NAME]", where INPUT is a
 * field path or, when it starts with '(' or with a word and '(', an
 * expression (expr.h) computed from each record.  Each is one
 * entry of a table of methods (agg_int.h): init, add, merge, result,
 * serialise, deserialise, release, and the rule by which its results
 * combine across groups (stream_merge).  Merging is associative and
 * commutative: the exact ones (all but percentiles, distinct and top
 * past their limits) give the same result however the input is split,
 * because their state is exact.
 *
 * Sums are exact (xsum.h): the integers in 128 bits, written exactly,
 * and once a real is added the exact sum correctly rounded.  mean is
 * the exact sum rounded to a double, over n; var (n - 1) is computed
 * from the exact sums of x and x*x as (n Sxx - Sx^2) / (n (n - 1))
 * with the numerator exact before its one rounding, so there is no
 * cancellation, unlike the textbook formula in floating point.
 *
 * distinct, top and group keys compare values by their canonical text
 * (json/canon.h: 1 and 1.0 are one value); first and last keep the
 * value as written.
 */

/* The defaults of --exact-limit and --distinct-limit. */
#define AGG_EXACT_LIMIT		10000
#define AGG_DISTINCT_LIMIT	10000
/* A percentile has at most this many digits after its point. */
#define AGG_PCT_DIGITS		6

struct agg_method;

struct agg_def {
	const struct agg_method *m;	/* the function */
	char		*func;		/* as written: "p99.9", "top5" */
	int		 field;		/* index in agg_spec.field, or -1 */
	uint64_t	 pnum;		/* percentile = pnum / pden */
	uint64_t	 pden;
	size_t		 k;		/* top k */
	char		*name;		/* of the output field */
	size_t		 off;		/* of its state in a block */
	uint64_t	 skipped;	/* values not taken (agg_add) */
	uint64_t	 present;	/* records that had its field */
};

struct agg_spec {
	struct agg_def	*def;
	size_t		 ndef;
	struct path	**field;	/* the distinct inputs read: paths, */
	struct expr	**expr;		/* or (field[i] NULL) expressions */
	size_t		 nfield;
	struct strbuf	 canon;		/* the canonical -a list */
	size_t		 size;		/* of a block of states */
	size_t		 exact_limit;
	size_t		 distinct_limit;
	int		 interpolate;
	int		 need_time;	/* first, last or rate is used */
};

/* Empty, with the default limits. */
void	agg_spec_init(struct agg_spec *);
/*
 * Add the functions of one -a argument: "count,sum:bytes,p95:lat=p95".
 * Returns 0, or -1 with err->col (1-based, in list) and err->msg.
 * Names: NAME, else "count" and "rate" without a field, else FUNC_FIELD
 * with a '.' of FUNC turned into '_' ("p99_9_latency", "sum_a.b");
 * two functions with one name are an error.  An expression input needs
 * a NAME, and may not use prev().  One input text (path or expression)
 * is read once per record however many functions use it.
 */
int	agg_spec_parse(struct agg_spec *, const char *list,
	    struct sluice_err *err);
/*
 * The canonical form of the list: FUNC[:INPUT]=NAME joined by ',',
 * which agg_spec_parse reads back as the same functions.
 */
const char *agg_spec_canon(const struct agg_spec *);
/* The index of the function whose output is named name, or -1. */
int	agg_spec_find(const struct agg_spec *, const char *name);
/*
 * Append the stream's metadata record (stream_meta_write()): the group
 * keys by[0..nby), then each function's name, function, field and the
 * rule by which its results merge across groups.
 */
void	agg_spec_meta(const struct agg_spec *, char *const *by, size_t nby,
	    struct strbuf *sb);
/*
 * Append " skipped_values.NAME=N" to sb for each function that skipped
 * values (aggregate --stats); returns how many they skipped in all.
 */
uint64_t agg_spec_skipped(const struct agg_spec *, struct strbuf *sb);
/*
 * Whether function k reads a field (a path) that no record added so
 * far had: 1 with "FUNC:FIELD: no record has field FIELD" appended to
 * sb, else 0.
 */
int	agg_spec_absent(const struct agg_spec *, size_t k, struct strbuf *sb);
void	agg_spec_release(struct agg_spec *);

/*
 * The values of one record, read once for all functions: one
 * agg_value per field of the spec, then the event time and arrival
 * number that first, last and rate use.
 */
struct agg_value {
	struct jval	 v;		/* JT_MISSING if absent */
	int		 num;		/* -1 not read yet, 0 no, 1 a number */
	int		 is_int;
	int64_t		 i;
	double		 d;
	int		 canon;		/* cp, cn, hash are set */
	const char	*cp;
	size_t		 cn;
	uint64_t	 hash;
	struct strbuf	 text;		/* canonical text when not in place */
	struct strbuf	 compact;	/* compact text when not in place */
	struct strbuf	 str;		/* a decoded string, for num */
	struct strbuf	 json;		/* an expression's value, as JSON */
};

struct agg_input {
	struct agg_value	*val;
	size_t			 nval;
	int			 has_time;
	int64_t			 t;	/* event time, ns */
	uint64_t		 seq;	/* arrival, increasing */
	int			 failed;	/* an expression failed */
	struct strbuf		 why;	/* and why */
};

void	agg_input_init(struct agg_input *, const struct agg_spec *);
/*
 * Read the inputs of rec (which must outlive the next agg_add): fields
 * as they are; expressions evaluated, true and false taken as 1 and 0,
 * null as a field holding null.  An expression that cannot be decided
 * (expr_fault()) sets failed and why ("-a INPUT cannot be decided:
 * ..."): the record is then to be rejected, not added.
 */
void	agg_input_read(struct agg_input *, const struct agg_spec *,
	    struct record *rec);
void	agg_input_release(struct agg_input *);

/*
 * The states of one group: one per function, in one block of
 * spec->size bytes (of agg_new(), or the caller's: agg_init()).
 * Memory: per function, the size of its state (8 bytes for count to 80
 * for top), plus for exact percentiles 8 bytes per value (from 3, up to
 * the exact limit), for distinct 8 to 16 bytes per distinct value (from
 * 4 slots, up to the distinct limit) then 16 KiB, for top the value
 * bytes plus about 72 bytes per distinct value (up to the exact limit),
 * for first and last the value bytes, and for a sum that outgrows its
 * 32 bytes (xsum.h) 40 bytes and 8 per partial beyond 2.
 * aggregate(1), MEMORY, has the whole of a group.
 */
struct agg_acc;

/* A new block of empty states for the spec. */
struct agg_acc	*agg_new(const struct agg_spec *);
/*
 * Make a zeroed block of spec->size bytes (held by the caller, such as
 * a group's in its window's map) empty states.
 */
void	agg_init(const struct agg_spec *, struct agg_acc *);
/*
 * Feed one record's values (agg_input_read()); a value a function does
 * not take is counted in its def's skipped.
 */
void	agg_add(struct agg_spec *, struct agg_acc *, struct agg_input *);
/* Merge src into dst (src is unchanged). */
void	agg_merge(const struct agg_spec *, struct agg_acc *dst,
	    const struct agg_acc *src);
/*
 * Append ,"NAME":RESULT for each function.  secs is the length of the
 * window in seconds for rate, or 0 outside windows (rate then uses the
 * span of the group's event times).  Percentiles sort their values in
 * place, hence not const.
 */
void	agg_result(const struct agg_spec *, struct agg_acc *, double secs,
	    struct strbuf *);
/* Append the states as a JSON array, one element per function. */
void	agg_serialize(const struct agg_spec *, const struct agg_acc *,
	    struct strbuf *);
/*
 * Merge a serialised state (such an array) into acc.  Returns 0, or -1
 * with err->msg and acc unchanged.
 */
int	agg_deserialize(const struct agg_spec *, struct agg_acc *,
	    const struct jval *state, struct sluice_err *err);
/* Free what the states of a block hold, not the block itself. */
void	agg_release(const struct agg_spec *, struct agg_acc *);
/* Free a block of agg_new() (NULL is ignored). */
void	agg_free(const struct agg_spec *, struct agg_acc *);

#endif
