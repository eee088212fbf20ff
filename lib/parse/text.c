/* SPDX-License-Identifier: MIT */
/* text.c -- textlog_*: free text, a time at the start and a message. */
#include <string.h>

#include "core/bytes.h"
#include "parse/logparse.h"
#include "parse/text.h"
#include "time/timefmt.h"

struct textlog {
	struct yearless	yl;		/* "Mmm dd hh:mm:ss" dates */
	struct tzspec	tz;
};

/* Times with a year, in the order tried (with a fraction first). */
static const char *const dated[] = {
	"%Y/%m/%d %H:%M:%S.%f",
	"%Y/%m/%d %H:%M:%S",
	"%y/%m/%d %H:%M:%S",
	"%a %b %d %H:%M:%S.%f %Y",
	"%a %b %d %H:%M:%S %Y",
};

/* Syslog's time, which has no year. */
static const char *const yearless[] = {
	"%b %e %H:%M:%S.%f",
	"%b %e %H:%M:%S",
};

struct textlog *
textlog_new(int year, const struct tzspec *tz)
{
	struct textlog *t;

	t = xcalloc(1, sizeof(*t));
	yearless_init(&t->yl, year);
	t->tz = *tz;
	return t;
}

void
textlog_reset(struct textlog *t, int64_t ref_ns)
{
	yearless_reset(&t->yl, ref_ns);
}

void
textlog_free(struct textlog *t)
{
	free(t);
}

/* An epoch number of 10 or 13 integer digits at s: bytes used or 0. */
static size_t
epoch(const char *s, size_t n, int64_t *ns, int *prec)
{
	size_t k = 0;

	while (k < n && bytes_digit(s[k]))
		k++;
	if (k != 10 && k != 13)
		return 0;
	return timefmt_parse_epoch(s, n, TU_AUTO, ns, prec);
}

/* A time at s[0..n): the bytes it takes, or 0. */
static size_t
read_time(const struct textlog *t, const char *s, size_t n, int64_t *ns,
    int *prec)
{
	size_t k, i, used;

	if (n > 0 && bytes_digit(s[0])) {
		if ((k = timefmt_parse_iso(s, n, &t->tz, ns, prec)) > 10)
			return k;
		if ((k = epoch(s, n, ns, prec)) > 0)
			return k;
	}
	for (i = 0; i < NELEM(dated); i++)
		if ((k = timefmt_strptime(s, n, dated[i], &t->tz, ns,
		    prec)) > 0)
			return k;
	if (timefmt_month(s, n, &used) == 0 || used != 3)
		return 0;
	for (i = 0; i < NELEM(yearless); i++)
		if ((k = timefmt_strptime_yearless(s, n, yearless[i], &t->tz,
		    &t->yl, ns, prec)) > 0)
			return k;
	return 0;
}

/*
 * A time at the start of the line, in '[' ']' or followed by a blank,
 * ',', '|' or the end: returns where the message starts, or 0 if there
 * is no time.
 */
static size_t
leading_time(const struct textlog *t, const char *p, size_t n, int64_t *ns,
    int *prec)
{
	size_t i = 0, k;
	int br = 0;

	if (n > 0 && p[0] == '[')
		br = i = 1;
	if ((k = read_time(t, p + i, n - i, ns, prec)) == 0)
		return 0;
	i += k;
	if (br) {
		if (i >= n || p[i] != ']')
			return 0;
		i++;
	} else if (i < n && !bytes_blank(p[i]) && p[i] != ',' &&
	    p[i] != '|')
		return 0;
	i = bytes_skip_blanks(p, n, i);
	if (i < n && (p[i] == ',' || p[i] == '|'))
		i = bytes_skip_blanks(p, n, i + 1);
	return i;
}

int
textlog_has_time(struct textlog *t, const char *p, size_t n)
{
	int64_t ns;
	int prec;

	return leading_time(t, p, n, &ns, &prec) > 0;
}

int
textlog_line(struct textlog *t, const char *p, size_t n, struct fieldlist *fl,
    struct sluice_err *err)
{
	int64_t ns;
	size_t i;
	int prec;

	(void)err;
	fields_reset(fl);
	if ((i = leading_time(t, p, n, &ns, &prec)) > 0) {
		fields_add_time(fl, ns, prec);
		yearless_seen(&t->yl, ns);
	}
	fields_append(fl, "message", 7, p + i, n - i, F_STRING);
	return PARSE_RECORD;
}
