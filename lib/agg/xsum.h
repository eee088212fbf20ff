/* SPDX-License-Identifier: MIT */
/* xsum.h -- exact sums of int64s and doubles, and exact variances. */
#ifndef SLUICE_XSUM_H
#define SLUICE_XSUM_H

#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "json/scan.h"

/*
 * The exact sum of int64s and doubles: an int64 while the values are
 * integers and the sum fits, plus a list of non-overlapping doubles in
 * increasing magnitude (Shewchuk's algorithm, as in Python's
 * math.fsum) for reals and for what overflows the int64.  The value is
 * that exact sum correctly rounded, so it does not depend on the order
 * of the additions or on how they were split and merged.
 *
 * An all-zero struct xsum is the empty sum; the first XSUM_INL
 * partials are held inline, more are allocated (8 bytes each), which
 * xsum_release() frees.
 */
#define XSUM_INL	2

struct xsum {
	int64_t		 i;
	double		*ext;		/* the partials past XSUM_INL */
	double		 inl[XSUM_INL];
	uint32_t	 np;		/* partials in inl or ext */
	uint32_t	 cap;		/* of ext; 0 while inline */
	int		 real;		/* the result is a real */
};

/* Add an integer; past INT64 the sum becomes real. */
void	xsum_add_int(struct xsum *, int64_t);
/* Add a finite double, exactly; does not set real. */
void	xsum_add_real(struct xsum *, double);
/* Add a number (is_int: i, else d), a real one setting real. */
void	xsum_add(struct xsum *, int is_int, int64_t i, double d);
/* Add the square of a number (is_int: i, else d), exactly. */
void	xsum_add_square(struct xsum *, int is_int, int64_t i, double d);
/* Add src to dst (src is unchanged). */
void	xsum_merge(struct xsum *dst, const struct xsum *src);
/* The exact sum correctly rounded to a double. */
double	xsum_value(const struct xsum *);
/*
 * The sample variance (n - 1) of n values whose sum is s and sum of
 * squares sq: (n sq - s^2) / (n (n - 1)) with the numerator exact
 * before its one rounding.  0 and *out set, or -1 if n < 2 or the
 * result is not a finite number >= 0.
 */
int	xsum_var(uint64_t n, const struct xsum *s, const struct xsum *sq,
	    double *out);
/* Append the sum as a result: an integer unless real, then a real. */
void	xsum_write(const struct xsum *, struct strbuf *);
/* Append the state: {"int":I,"fp":[partials],"real":B}. */
void	xsum_serialize(const struct xsum *, struct strbuf *);
/* Add a serialised state to the sum: 0, or -1 if v is not one. */
int	xsum_deserialize(struct xsum *, const struct jval *v);
/* Free the partials; the sum is empty again. */
void	xsum_release(struct xsum *);

#endif
