/* SPDX-License-Identifier: MIT */
/* decimal.h -- JSON numbers as exact decimals: compare, test, divide. */
#ifndef SLUICE_DECIMAL_H
#define SLUICE_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

/*
 * A JSON number read as its decimal digits: the value is 0.D1D2...Dn x
 * 10^exp with D1 != 0 and Dn != 0, so two numbers compare exactly
 * whatever their spelling (1, 1.0, 10e-1) and size.  The struct points
 * into the text it was parsed from, which must outlive it; it owns
 * nothing and needs no release.
 */
struct decimal {
	const char	*s;		/* the text, for messages */
	size_t		 n;
	const char	*p;		/* first significant digit */
	int64_t		 exp;
	size_t		 ndig;
	int		 neg;
	int		 zero;
};

/*
 * Read the number in s[0..n), which must be valid JSON number text
 * (scan.h checks it).  Exponents are saturated near 2^50, far beyond
 * any value a double holds.  Never fails.
 */
void	decimal_parse(const char *s, size_t n, struct decimal *d);

/* Compare by value: -1, 0 or 1 as a < b, a == b, a > b (-0 == 0). */
int	decimal_cmp(const struct decimal *a, const struct decimal *b);

/* Whether d is an integer (1.0 and 1e2 are; 0.5 is not): 1 or 0. */
int	decimal_is_int(const struct decimal *d);

/*
 * A non-negative integer as an int64_t, saturated at INT64_MAX: returns
 * 0 and *out, or -1 (and *out untouched) if d is negative or not an
 * integer.
 */
int	decimal_count(const struct decimal *d, int64_t *out);

/*
 * Whether x is an integer multiple of m (which must be > 0): 1 or 0.
 * Exact when m has at most 18 significant digits, whatever the size
 * and scale of x; beyond that the quotient is taken in doubles.
 */
int	decimal_multiple(const struct decimal *x, const struct decimal *m);

/*
 * Continue the FNV-1a hash h (core/hash.h) over the value of d: its
 * sign, exponent and digits, so that equal values hash alike whatever
 * their spelling.  Zero adds nothing.
 */
uint64_t	decimal_hash(const struct decimal *d, uint64_t h);

#endif
