/* SPDX-License-Identifier: MIT */
/* agg_int.h -- private to the aggregate functions: the table of methods. */
#ifndef SLUICE_AGG_INT_H
#define SLUICE_AGG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "agg/agg.h"
#include "core/strbuf.h"
#include "json/scan.h"
#include "stream/stream.h"

/*
 * One aggregate function.  Its state is size bytes of a group's block
 * (at def->off), zeroed before init; states are aligned to AGG_ALIGN
 * bytes, which suits integers, doubles and pointers.  v is the value
 * of the function's field in the record, or NULL for a function
 * without one; in has the event time and arrival number.  A new
 * function is one such struct, listed in the table of agg_spec.c.
 */
struct agg_method {
	/* Its name in the list of functions ("pNN, median"). */
	const char	*name;
	/*
	 * Whether s[0..n) names this function: 1 and d's parameters set,
	 * 0 if not, -1 with err->msg if it is a malformed name of it.
	 * NULL: s must be name.
	 */
	int		(*parse)(struct agg_def *d, const char *s, size_t n,
			    struct sluice_err *err);
	int		 need_field;	/* 1: FUNC:FIELD, 0: optional */
	int		 need_time;	/* reads the event time */
	enum stream_merge rule;		/* how results combine */
	size_t		 size;		/* of the state */
	/* Set up a zeroed state; NULL: zeroed is empty. */
	void		(*init)(const struct agg_spec *, const struct agg_def *,
			    void *st);
	/* Take a record's value: 1, or 0 if the value is skipped. */
	int		(*add)(const struct agg_spec *, const struct agg_def *,
			    void *st, struct agg_value *v,
			    const struct agg_input *in);
	/* Merge the state src into st (src is unchanged). */
	void		(*merge)(const struct agg_spec *,
			    const struct agg_def *, void *st, const void *src);
	/* Append the result (secs: agg_result()). */
	void		(*result)(const struct agg_spec *,
			    const struct agg_def *, void *st, double secs,
			    struct strbuf *);
	/* Append the state as JSON. */
	void		(*serialize)(const struct agg_def *, const void *st,
			    struct strbuf *);
	/* Read a serialised state into a new state: 0, or -1. */
	int		(*deserialize)(const struct agg_spec *,
			    const struct agg_def *, void *st,
			    const struct jval *);
	/* Free what the state holds; NULL: nothing. */
	void		(*release)(const struct agg_def *, void *st);
};

#define AGG_ALIGN	8
/* For each state type: it fits the alignment of a block. */
#define AGG_STATE_CHECK(type) \
	_Static_assert(_Alignof(type) <= AGG_ALIGN, #type " is aligned")

/* The functions (agg_exact.c, agg_sketched.c). */
extern const struct agg_method agg_count, agg_sum, agg_min, agg_max,
	agg_mean, agg_var, agg_stddev, agg_first, agg_last, agg_rate,
	agg_distinct, agg_pct, agg_top;

/* ---- a record's values (agg_input.c) ---- */

/* agg_value_num() the first time for a value of a record. */
int	agg_value_read_num(struct agg_value *v);

/*
 * Read v as a number: a JSON number, or a string whose (decoded) text
 * is exactly one JSON number (sluice(7), Types and coercions: not
 * " 7", "+7", "007", ".5" or "1."), whose value is a finite double.
 * Returns 1 with v->is_int, v->i (an integer within int64) and v->d
 * set, or 0; read once per record.
 */
static inline int
agg_value_num(struct agg_value *v)
{
	return v->num >= 0 ? v->num : agg_value_read_num(v);
}

/* Present and not null: first, last, distinct, top and count:F. */
static inline int
agg_value_present(const struct agg_value *v)
{
	return v->v.type != JT_MISSING && v->v.type != JT_NULL;
}
/*
 * Set v->cp, v->cn (canonical JSON text, json/canon.h) and v->hash;
 * once per record.
 */
void	agg_value_canon(struct agg_value *v);
/*
 * v's compact text, as written (canon_compact_append()), in *p and *n:
 * valid until the next record is read.
 */
void	agg_value_compact(struct agg_value *v, const char **p, size_t *n);

/* ---- the parts of states' JSON that functions share (agg_json.c) ---- */

/* A count (an integer >= 0): 0, or -1. */
int	agg_json_count(const struct jval *v, uint64_t *out);
/* true or false: 0, or -1. */
int	agg_json_bool(const struct jval *v, int *out);
/* A finite number, *is_int and *i when an int64: 0, or -1. */
int	agg_json_number(const struct jval *v, int *is_int, int64_t *i,
	    double *d);
/* A time in ns, or null (*has 0): 0, or -1. */
int	agg_json_time(const struct jval *v, int *has, int64_t *t);
/* Append a time in ns, or null when !has. */
void	agg_json_write_time(struct strbuf *sb, int has, int64_t t);
/* Append d, as an integer when as_int and it holds one that fits. */
void	agg_json_write_intish(struct strbuf *sb, double d, int as_int);

#endif
