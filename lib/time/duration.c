/* SPDX-License-Identifier: MIT */
/* duration.c -- parse and format durations: 500ms 30s 5m 1h 1d 1h30m. */
#include <stdio.h>
#include <string.h>

#include "time/duration.h"

static const struct unit {
	const char	*name;
	int64_t		 ns;
} units[] = {
	{ "w",	INT64_C(604800000000000) },
	{ "d",	INT64_C(86400000000000) },
	{ "h",	INT64_C(3600000000000) },
	{ "m",	INT64_C(60000000000) },
	{ "s",	INT64_C(1000000000) },
	{ "ms",	INT64_C(1000000) },
	{ "us",	INT64_C(1000) },
	{ "ns",	INT64_C(1) },
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The fraction digits f[0..n) ("5" of "1.5h") times u nanoseconds,
 * rounded to the nearest nanosecond (halves up), exactly: the digits
 * are taken from the last, floor((d + c) / 10) at each step carrying
 * floor of the exact value, on 2u so that the last halving rounds.
 */
static int64_t
fraction_of(const char *f, size_t n, int64_t u)
{
	int64_t c = 0;

	while (n > 0) {
		n--;
		c = ((f[n] - '0') * 2 * u + c) / 10;
	}
	return (c + 1) / 2;
}

int
duration_parse(const char *s, int64_t *out, struct sluice_err *e)
{
	const char *p = s, *q, *frac;
	int64_t ip, total = 0, v, u;
	size_t i, len, nfrac, best;

	if (*p == '\0')
		return err_set(e, 1, "empty duration");
	while (*p != '\0') {
		/* <digits>[.<digits>]<unit>: "1.5h", never "1.h" or ".5h". */
		if (!is_digit(*p))
			return err_set(e, (size_t)(p - s) + 1,
			    "expected a number in duration '%s'", s);
		for (ip = 0; is_digit(*p); p++) {
			if (ip > (INT64_MAX - (*p - '0')) / 10)
				return err_set(e, 1, "duration '%s' is too "
				    "long", s);
			ip = ip * 10 + (*p - '0');
		}
		frac = p;
		nfrac = 0;
		if (*p == '.') {
			frac = ++p;
			while (is_digit(*p))
				p++;
			if ((nfrac = (size_t)(p - frac)) == 0)
				return err_set(e, (size_t)(p - s) + 1,
				    "expected a digit after '.' in duration "
				    "'%s'", s);
		}
		q = p;
		for (len = 0; q[len] >= 'a' && q[len] <= 'z'; len++)
			;
		if (len == 0)
			return err_set(e, (size_t)(q - s) + 1,
			    "missing unit in duration '%s' (ms, s, m, h, d)",
			    s);
		best = NELEM(units);
		for (i = 0; i < NELEM(units); i++)
			if (strlen(units[i].name) == len &&
			    strncmp(q, units[i].name, len) == 0)
				best = i;
		if (best == NELEM(units))
			return err_set(e, (size_t)(q - s) + 1,
			    "unknown unit '%.*s' in duration '%s'", (int)len,
			    q, s);
		/* Integers all the way: no nanosecond is lost. */
		u = units[best].ns;
		if (ip > INT64_MAX / u)
			return err_set(e, 1, "duration '%s' is too long", s);
		v = ip * u;
		if (nfrac > 0) {
			if (fraction_of(frac, nfrac, u) > INT64_MAX - v)
				return err_set(e, 1, "duration '%s' is too "
				    "long", s);
			v += fraction_of(frac, nfrac, u);
		}
		if (v > INT64_MAX - total)
			return err_set(e, 1, "duration '%s' is too long", s);
		total += v;
		p = q + len;
	}
	*out = total;
	return 0;
}

size_t
duration_format(int64_t ns, char *buf)
{
	uint64_t left, k, u;
	size_t i, n = 0;

	if (ns == 0)
		return (size_t)snprintf(buf, DURATION_LEN, "0s");
	if (ns < 0) {
		buf[n++] = '-';
		left = -(uint64_t)ns;	/* INT64_MIN too */
	} else
		left = (uint64_t)ns;
	for (i = 1; i < NELEM(units) && left > 0; i++) {	/* no weeks */
		u = (uint64_t)units[i].ns;
		if ((k = left / u) == 0)
			continue;
		n += (size_t)snprintf(buf + n, DURATION_LEN - n, "%llu%s",
		    (unsigned long long)k, units[i].name);
		left -= k * u;
	}
	return n;
}
