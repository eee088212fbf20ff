/* SPDX-License-Identifier: MIT */
/* opt.c -- option arguments: numbers, sizes and durations, checked. */
#include <err.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "runtime/opt.h"
#include "time/duration.h"

void
opt_fail(const char *opt, const char *arg, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errx(EXIT_TROUBLE, "%s %s: %s", opt, arg, msg);
}

void
opt_err(const char *opt, const char *arg, const struct sluice_err *e)
{
	if (e->col > 0)
		opt_fail(opt, arg, "column %zu: %s", e->col, e->msg);
	opt_fail(opt, arg, "%s", e->msg);
}

int64_t
opt_int(const char *opt, const char *arg, int64_t min, int64_t max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (end == arg || *end != '\0' || errno != 0 || v < min || v > max)
		opt_fail(opt, arg, "expected a whole number from %lld to "
		    "%lld", (long long)min, (long long)max);
	return v;
}

double
opt_positive(const char *opt, const char *arg, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || errno != 0 || !(v > 0) ||
	    !(v <= max))
		opt_fail(opt, arg, "expected a number above 0, up to %g",
		    max);
	return v;
}

size_t
opt_size(const char *opt, const char *arg)
{
	static const char units[] = "kmg";
	unsigned long long v;
	unsigned shift = 0;
	char *end;
	int i;

	errno = 0;
	v = strtoull(arg, &end, 10);
	for (i = 0; units[i] != '\0'; i++)
		if (*end == units[i] || *end == units[i] - 'a' + 'A') {
			shift = 10 * (unsigned)(i + 1);
			end++;
			break;
		}
	if (end == arg || *end != '\0' || errno != 0 || v == 0 ||
	    arg[0] == '-' || v > (SIZE_MAX >> shift))
		opt_fail(opt, arg, "expected a size such as 64M");
	return (size_t)(v << shift);
}

int64_t
opt_duration(const char *opt, const char *arg, int64_t min_ns)
{
	struct sluice_err e;
	char buf[DURATION_LEN];
	int64_t ns;

	if (duration_parse(arg, &ns, &e) == -1)
		opt_fail(opt, arg, "%s", e.msg);
	if (ns < min_ns && min_ns == 1)
		opt_fail(opt, arg, "must be more than zero");
	if (ns < min_ns) {
		duration_format(min_ns, buf);
		opt_fail(opt, arg, "must be at least %s", buf);
	}
	return ns;
}

struct path *
opt_path(const char *opt, const char *arg)
{
	struct sluice_err e;
	struct path *p;

	if ((p = path_compile(arg, &e)) == NULL)
		opt_err(opt, arg, &e);
	return p;
}

int
opt_paths(const char *opt, const char *arg, struct path ***out)
{
	struct sluice_err e;
	int n;

	if ((n = path_list(arg, out, &e)) == -1)
		opt_err(opt, arg, &e);
	return n;
}
