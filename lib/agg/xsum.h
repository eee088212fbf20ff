/* SPDX-License-Identifier: MIT */
/* xsum.h -- exact sums of int64s and doubles, and exact variances. */
#ifndef SLUICE_XSUM_H
#define SLUICE_XSUM_H

#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "json/scan.h"

/*
 * The exact sum of int64s and doubles, in two parts: the integers
 * added up in a 128-bit integer, and the doubles as a list of
 * non-overlapping doubles in increasing magnitude (Shewchuk's
 * algorithm, as in Python's math.fsum).  The value is the exact sum of
 * both.  No sum of fewer than 2^64 int64s overflows 128 bits; one that
 * would (only merged states can) has its integer part moved into the
 * doubles and becomes real.
 *
 * A sum is real once a double was added to it (xsum_add), else an
 * integer, written exactly at any size (xsum_write); a real is the
 * exact sum correctly rounded once.  Neither depends on the order of
 * the additions or on how they were split and merged, but for one
 * case: doubles whose running sum passes the range of doubles (about
 * +-1.8e308 on the way) make the sum "out of range" for good, and its
 * value NaN (written null).
 *
 * A struct xsum is 32 bytes and holds most sums itself: the integers
 * while they fit in an int64, and up to two partials.  A sum that needs
 * more (integers past int64, a third partial, a double past the range)
 * moves for good into the expanding form, allocated: 40 bytes, the
 * integers in 128 bits, 8 bytes per partial beyond two.  Both forms
 * hold the same partials, so the results and the states written are
 * the same bytes whichever form a sum is in.  An all-zero struct xsum
 * is the empty sum; xsum_release() frees the expanding form.
 */
struct xsum_big;

struct xsum {
	union {
		struct {
			int64_t	 i;	/* the integers */
			double	 p[2];	/* the partials; 0: none */
		} s;
		struct xsum_big	*big;	/* the expanding form */
	} u;
	uint8_t		 real;		/* the result is a real (not big) */
	uint8_t		 big;		/* u.big holds the sum */
};

/* Add an integer. */
void	xsum_add_int(struct xsum *, int64_t);
/* Add a double, exactly; does not set real.  A non-finite one sets over. */
void	xsum_add_real(struct xsum *, double);
/* Add a number (is_int: i, else d), a real one setting real. */
void	xsum_add(struct xsum *, int is_int, int64_t i, double d);
/* Add the square of a number (is_int: i, else d), exactly. */
void	xsum_add_square(struct xsum *, int is_int, int64_t i, double d);
/* Add src to dst (src is unchanged). */
void	xsum_merge(struct xsum *dst, const struct xsum *src);
/* The exact sum correctly rounded to a double; NaN if over. */
double	xsum_value(const struct xsum *);
/*
 * The exact sum divided by n (> 0), correctly rounded to a double
 * (half to even), not the rounded sum divided; NaN if over.  When n is
 * 2^53 or more, or the quotient is below 2^-1000 in magnitude or past
 * the range, it is the rounded sum divided by n.
 */
double	xsum_div(const struct xsum *, uint64_t n);
/*
 * The sample variance (n - 1) of n values whose sum is s and sum of
 * squares sq: (n sq - s^2) / (n (n - 1)) with the numerator exact
 * before its one rounding.  0 and *out set, or -1 if n < 2 or the
 * result is not a finite number >= 0 (over, among others).
 */
int	xsum_var(uint64_t n, const struct xsum *s, const struct xsum *sq,
	    double *out);
/*
 * Append the sum as a result: unless real, the integer in decimal,
 * exactly (beyond 64 bits too); else the real.
 */
void	xsum_write(const struct xsum *, struct strbuf *);
/*
 * Append the state: {"int":I,"fp":[partials],"real":B}, I the integer
 * part in decimal (up to 39 digits), and ,"over":true when over.
 */
void	xsum_serialize(const struct xsum *, struct strbuf *);
/* Add a serialised state to the sum: 0, or -1 if v is not one. */
int	xsum_deserialize(struct xsum *, const struct jval *v);
/* Free the partials; the sum is empty again. */
void	xsum_release(struct xsum *);

#endif
