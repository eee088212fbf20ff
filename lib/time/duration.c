/* SPDX-License-Identifier: MIT */
/* duration.c -- parse and format durations: 500ms 30s 5m 1h 1d 1h30m. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

int
duration_parse(const char *s, int64_t *out, struct sluice_err *e)
{
	const char *p = s, *q;
	double v, total = 0;
	size_t i, len, best;
	char *end;

	if (*p == '\0')
		return err_set(e, 1, "empty duration");
	while (*p != '\0') {
		if (*p < '0' || *p > '9') {
			if (*p != '.')
				return err_set(e, (size_t)(p - s) + 1,
				    "expected a number in duration '%s'", s);
		}
		v = strtod(p, &end);
		if (end == p)
			return err_set(e, (size_t)(p - s) + 1,
			    "expected a number in duration '%s'", s);
		q = end;
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
		total += v * (double)units[best].ns;
		p = q + len;
	}
	if (total >= 9.2e18)
		return err_set(e, 1, "duration '%s' is too long", s);
	*out = (int64_t)llround(total);
	return 0;
}

size_t
duration_format(int64_t ns, char *buf)
{
	size_t i, n = 0;
	uint64_t u, k;

	if (ns == 0)
		return (size_t)snprintf(buf, DURATION_LEN, "0s");
	/* The magnitude unsigned: -INT64_MIN is no int64. */
	u = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	if (ns < 0)
		buf[n++] = '-';
	for (i = 1; i < NELEM(units) && u > 0; i++) {	/* no weeks */
		if ((k = u / (uint64_t)units[i].ns) == 0)
			continue;
		n += (size_t)snprintf(buf + n, DURATION_LEN - n, "%llu%s",
		    (unsigned long long)k, units[i].name);
		u -= k * (uint64_t)units[i].ns;
	}
	return n;
}
