/* SPDX-License-Identifier: MIT */
/* timefmt.c -- parse times in many notations, format them as RFC 3339. */
#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "time/timefmt.h"

static const char *const months[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};
static const char *const wdays[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return dim[m - 1];
}

/* secs + frac (ns, 0 <= frac < 1s) as a time from TIME_MIN to TIME_MAX. */
static int
in_range(int64_t secs, int64_t frac)
{
	if (secs < TIME_MIN_SEC || secs > TIME_MAX / NS_PER_SEC)
		return 0;
	return secs < TIME_MAX / NS_PER_SEC || frac <= TIME_MAX % NS_PER_SEC;
}

int
timefmt_from_civil(int year, int mon, int day, int hour, int min, int sec,
    int64_t frac, const struct tzspec *tz, int64_t *ns)
{
	struct tm tm;
	int64_t secs;
	time_t t;

	if (mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon)
	    || hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 ||
	    sec > 60 || year < 1600 || year > 2400)
		return -1;
	if (tz != NULL && tz->kind == TZ_LOCAL) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = year - 1900;
		tm.tm_mon = mon - 1;
		tm.tm_mday = day;
		tm.tm_hour = hour;
		tm.tm_min = min;
		tm.tm_sec = sec;
		tm.tm_isdst = -1;
		if ((t = mktime(&tm)) == (time_t)-1 && tm.tm_year != 69)
			return -1;
		secs = (int64_t)t;
	} else {
		secs = days_from_civil(year, mon, day) * 86400 +
		    hour * 3600 + min * 60 + sec;
		if (tz != NULL && tz->kind == TZ_FIXED)
			secs -= tz->offset;
	}
	if (!in_range(secs, frac))
		return -1;
	*ns = secs * NS_PER_SEC + frac;
	return 0;
}

void
timefmt_civil(int64_t ns, int *year, int *mon, int *day, int *hour,
    int *min, int *sec)
{
	int64_t secs = ns / NS_PER_SEC, days, rem;

	if (ns % NS_PER_SEC < 0)
		secs--;
	days = secs / 86400;
	rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, year, mon, day);
	*hour = (int)(rem / 3600);
	*min = (int)(rem / 60 % 60);
	*sec = (int)(rem % 60);
}

int64_t
timefmt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* Write v (>= 0, < 10^n) as n decimal digits, with leading zeros. */
static void
put_digits(char *p, int64_t v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

size_t
timefmt_format(int64_t ns, int prec, char *buf)
{
	int y, mo, d, h, mi, s, digits;
	int64_t frac = ns % NS_PER_SEC;

	if (frac < 0)
		frac += NS_PER_SEC;
	timefmt_civil(ns, &y, &mo, &d, &h, &mi, &s);
	digits = prec <= 3 ? 3 : prec <= 6 ? 6 : 9;
	if (digits == 3)
		frac /= 1000000;
	else if (digits == 6)
		frac /= 1000;
	if (y < 0 || y > 9999)
		return (size_t)snprintf(buf, TIMEFMT_LEN,
		    "%04d-%02d-%02dT%02d:%02d:%02d.%0*lldZ", y, mo, d, h, mi,
		    s, digits, (long long)frac);
	/* The common case by hand: snprintf is most of a stage's time. */
	put_digits(buf, y, 4);
	buf[4] = '-';
	put_digits(buf + 5, mo, 2);
	buf[7] = '-';
	put_digits(buf + 8, d, 2);
	buf[10] = 'T';
	put_digits(buf + 11, h, 2);
	buf[13] = ':';
	put_digits(buf + 14, mi, 2);
	buf[16] = ':';
	put_digits(buf + 17, s, 2);
	buf[19] = '.';
	put_digits(buf + 20, frac, digits);
	buf[20 + digits] = 'Z';
	buf[21 + digits] = '\0';
	return (size_t)(21 + digits);
}

int
tzspec_parse(const char *s, struct tzspec *tz, struct sluice_err *e)
{
	char path[512];
	struct stat st;
	const char *dir;
	int sign, hh, mm;

	if (strcasecmp(s, "UTC") == 0 || strcmp(s, "Z") == 0 ||
	    strcasecmp(s, "GMT") == 0) {
		tz->kind = TZ_UTC;
		tz->offset = 0;
		return 0;
	}
	if ((s[0] == '+' || s[0] == '-') && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2])) {
		sign = s[0] == '-' ? -1 : 1;
		hh = (s[1] - '0') * 10 + (s[2] - '0');
		mm = 0;
		s += 3;
		if (*s == ':')
			s++;
		if (isdigit((unsigned char)s[0]) &&
		    isdigit((unsigned char)s[1])) {
			mm = (s[0] - '0') * 10 + (s[1] - '0');
			s += 2;
		}
		if (*s != '\0' || hh > 23 || mm > 59)
			return err_set(e, 0, "bad zone offset");
		tz->kind = TZ_FIXED;
		tz->offset = sign * (hh * 3600 + mm * 60);
		return 0;
	}
	if (strcmp(s, "local") == 0) {
		tz->kind = TZ_LOCAL;
		tzset();
		return 0;
	}
	/* A zone name: glibc would take an unknown one as UTC silently. */
	if ((dir = getenv("TZDIR")) == NULL)
		dir = "/usr/share/zoneinfo";
	if (strstr(s, "..") != NULL || s[0] == '/' ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, s) >=
	    sizeof(path) || stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return err_set(e, 0, "unknown time zone (not in %s)", dir);
	if (setenv("TZ", s, 1) == -1)
		return err_set(e, 0, "cannot set TZ");
	tzset();
	tz->kind = TZ_LOCAL;
	return 0;
}

int
time_unit_parse(const char *s, enum time_unit *u)
{
	if (strcmp(s, "s") == 0)
		*u = TU_S;
	else if (strcmp(s, "ms") == 0)
		*u = TU_MS;
	else if (strcmp(s, "us") == 0)
		*u = TU_US;
	else if (strcmp(s, "ns") == 0)
		*u = TU_NS;
	else if (strcmp(s, "auto") == 0)
		*u = TU_AUTO;
	else
		return -1;
	return 0;
}

/* Read exactly k digits; -1 if not there. */
static int
digits(const char *s, size_t n, size_t k)
{
	int v = 0;
	size_t i;

	if (n < k)
		return -1;
	for (i = 0; i < k; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* A fraction ".123456" (after the dot): ns value, digits used. */
static size_t
fraction(const char *s, size_t n, int64_t *frac, int *prec)
{
	int64_t f = 0;
	size_t i;
	int k = 0;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (k < 9) {
			f = f * 10 + (s[i] - '0');
			k++;
		}
	}
	*prec = k;
	while (k++ < 9)
		f *= 10;
	*frac = f;
	return i;
}

/* A zone: Z, +hh:mm, +hhmm, +hh; returns bytes used (0 if none). */
static size_t
zone(const char *s, size_t n, int *offset)
{
	int sign, hh, mm = 0;
	size_t i;

	if (n >= 1 && (s[0] == 'Z' || s[0] == 'z')) {
		*offset = 0;
		return 1;
	}
	if (n < 3 || (s[0] != '+' && s[0] != '-'))
		return 0;
	sign = s[0] == '-' ? -1 : 1;
	if ((hh = digits(s + 1, n - 1, 2)) < 0 || hh > 23)
		return 0;
	i = 3;
	if (i < n && s[i] == ':') {
		if ((mm = digits(s + i + 1, n - i - 1, 2)) < 0)
			return 0;
		i += 3;
	} else if ((mm = digits(s + i, n - i, 2)) >= 0)
		i += 2;
	else
		mm = 0;
	if (mm > 59)
		return 0;
	*offset = sign * (hh * 3600 + mm * 60);
	return i;
}

size_t
timefmt_parse_iso(const char *s, size_t n, const struct tzspec *tz,
    int64_t *ns, int *prec)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, off, p = 0;
	int64_t frac = 0;
	struct tzspec fixed;
	size_t i, k;

	if ((y = digits(s, n, 4)) < 0 || n < 10 || s[4] != '-' ||
	    (mo = digits(s + 5, n - 5, 2)) < 0 || s[7] != '-' ||
	    (d = digits(s + 8, n - 8, 2)) < 0)
		return 0;
	i = 10;
	if (i + 1 < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ') &&
	    (h = digits(s + i + 1, n - i - 1, 2)) >= 0) {
		if (i + 6 > n || s[i + 3] != ':' ||
		    (mi = digits(s + i + 4, n - i - 4, 2)) < 0)
			return 0;
		i += 6;
		if (i + 3 <= n && s[i] == ':' &&
		    (sec = digits(s + i + 1, n - i - 1, 2)) >= 0) {
			i += 3;
			if (i + 1 < n && (s[i] == '.' || s[i] == ',') &&
			    s[i + 1] >= '0' && s[i + 1] <= '9')
				i += 1 + fraction(s + i + 1, n - i - 1, &frac,
				    &p);
		} else
			sec = 0;
		if ((k = zone(s + i, n - i, &off)) > 0) {
			i += k;
			fixed.kind = TZ_FIXED;
			fixed.offset = off;
			tz = &fixed;
		} else if (i + 1 < n && s[i] == ' ' &&
		    (k = zone(s + i + 1, n - i - 1, &off)) > 0) {
			i += 1 + k;
			fixed.kind = TZ_FIXED;
			fixed.offset = off;
			tz = &fixed;
		}
	}
	if (timefmt_from_civil(y, mo, d, h, mi, sec, frac, tz, ns) == -1)
		return 0;
	*prec = p;
	return i;
}

int
timefmt_month(const char *s, size_t n, size_t *used)
{
	size_t k, len;
	int m;

	if (n < 3)
		return 0;
	for (m = 0; m < 12; m++) {
		if (strncasecmp(s, months[m], 3) != 0)
			continue;
		len = strlen(months[m]);
		k = 3;
		if (n >= len && strncasecmp(s, months[m], len) == 0)
			k = len;
		else if (m == 8 && n >= 4 && strncasecmp(s, "sept", 4) == 0)
			k = 4;
		*used = k;
		return m + 1;
	}
	return 0;
}

size_t
timefmt_parse_clf(const char *s, size_t n, int64_t *ns, int *prec)
{
	int d, mo, y, h, mi, sec, off;
	size_t used, i;
	struct tzspec tz;

	if ((d = digits(s, n, 2)) < 0 || n < 20 || s[2] != '/')
		return 0;
	if ((mo = timefmt_month(s + 3, n - 3, &used)) == 0 || used != 3 ||
	    s[6] != '/')
		return 0;
	if ((y = digits(s + 7, n - 7, 4)) < 0 || s[11] != ':' ||
	    (h = digits(s + 12, n - 12, 2)) < 0 || s[14] != ':' ||
	    (mi = digits(s + 15, n - 15, 2)) < 0 || s[17] != ':' ||
	    (sec = digits(s + 18, n - 18, 2)) < 0)
		return 0;
	i = 20;
	tz.kind = TZ_UTC;
	tz.offset = 0;
	if (i < n && s[i] == ' ' && (used = zone(s + i + 1, n - i - 1,
	    &off)) > 0) {
		tz.kind = TZ_FIXED;
		tz.offset = off;
		i += 1 + used;
	}
	if (timefmt_from_civil(y, mo, d, h, mi, sec, 0, &tz, ns) == -1)
		return 0;
	*prec = 0;
	return i;
}

size_t
timefmt_parse_epoch(const char *s, size_t n, enum time_unit unit,
    int64_t *ns, int *prec)
{
	int64_t ip = 0, frac = 0, scale, mag;
	size_t i = 0, start;
	int neg = 0, p = 0, ndig;

	if (i < n && s[i] == '-') {
		neg = 1;
		i++;
	}
	start = i;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		if (ip > (INT64_MAX - (s[i] - '0')) / 10)
			return 0;
		ip = ip * 10 + (s[i] - '0');
		i++;
	}
	if (i == start)
		return 0;
	ndig = (int)(i - start);
	if (i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')
		i += 1 + fraction(s + i + 1, n - i - 1, &frac, &p);
	if (unit == TU_AUTO) {
		mag = ip;
		unit = mag < INT64_C(100000000000) ? TU_S :
		    mag < INT64_C(100000000000000) ? TU_MS :
		    mag < INT64_C(100000000000000000) ? TU_US : TU_NS;
		(void)ndig;
	}
	switch (unit) {
	case TU_MS:
		scale = NS_PER_MS;
		p = p + 3;
		frac /= 1000;
		break;
	case TU_US:
		scale = 1000;
		p = p + 6;
		frac /= 1000000;
		break;
	case TU_NS:
		scale = 1;
		p = 9;
		frac = 0;
		break;
	default:
		scale = NS_PER_SEC;
		break;
	}
	/* Within TIME_MIN .. TIME_MAX, checked before any overflow. */
	if (ip > ((neg ? -TIME_MIN : TIME_MAX) - frac) / scale)
		return 0;
	*ns = ip * scale + frac;
	if (neg)
		*ns = -*ns;
	*prec = p > 9 ? 9 : p;
	return i;
}

static int
match_word(const char *s, size_t n, const char *const *words, int nw,
    size_t *used)
{
	size_t len;
	int w;

	for (w = 0; w < nw; w++) {
		len = strlen(words[w]);
		if (n >= len && strncasecmp(s, words[w], len) == 0) {
			*used = len;
			return w;
		}
		if (n >= 3 && strncasecmp(s, words[w], 3) == 0) {
			*used = 3;
			return w;
		}
	}
	return -1;
}

/* Up to max digits (at least one); -1 if none. */
static int
num(const char *s, size_t n, size_t max, size_t *used)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n && i < max && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	*used = i;
	return i ? v : -1;
}

/* The conversions that stand for others. */
static const char *
expansion(char c)
{
	switch (c) {
	case 'T':
		return "%H:%M:%S";
	case 'D':
		return "%m/%d/%y";
	case 'F':
		return "%Y-%m-%d";
	case 'R':
		return "%H:%M";
	default:
		return NULL;
	}
}

/*
 * timefmt_strptime(), and with yl not NULL timefmt_strptime_yearless():
 * a format without %Y or %y then takes its year from yl.
 */
static size_t
strptime_by(const char *s, size_t n, const char *fmt,
    const struct tzspec *tz, const struct yearless *yl, int64_t *ns,
    int *prec)
{
	int y = 1970, mo = 1, d = 1, h = 0, mi = 0, sec = 0, pm = -1, p = 0;
	int have_year = 0;
	int yday = -1, off, v;
	int64_t frac = 0, epoch;
	struct tzspec fixed;
	const char *f, *sub, *resume = NULL;
	size_t i = 0, used;
	int have_epoch = 0;

	f = fmt;
	for (;;) {
		if (*f == '\0') {
			if (resume == NULL)
				break;
			f = resume;	/* the end of an expanded %T, %F ... */
			resume = NULL;
			continue;
		}
		if (*f == '%' && resume == NULL &&
		    (sub = expansion(f[1])) != NULL) {
			resume = f + 2;
			f = sub;
			continue;
		}
		if (isspace((unsigned char)*f)) {
			while (i < n && isspace((unsigned char)s[i]))
				i++;
			f++;
			continue;
		}
		if (*f != '%' || f[1] == '\0') {
			if (i >= n || s[i] != *f)
				return 0;
			i++;
			f++;
			continue;
		}
		f++;
		switch (*f) {
		case 'Y':
			if ((v = num(s + i, n - i, 4, &used)) < 0 || used != 4)
				return 0;
			y = v;
			have_year = 1;
			break;
		case 'y':
			if ((v = num(s + i, n - i, 2, &used)) < 0)
				return 0;
			y = v < 69 ? 2000 + v : 1900 + v;
			have_year = 1;
			break;
		case 'm':
			if ((mo = num(s + i, n - i, 2, &used)) < 0)
				return 0;
			break;
		case 'd':
		case 'e':
			while (*f == 'e' && i < n && s[i] == ' ')
				i++;
			if ((d = num(s + i, n - i, 2, &used)) < 0)
				return 0;
			break;
		case 'j':
			if ((yday = num(s + i, n - i, 3, &used)) < 1)
				return 0;
			break;
		case 'H':
		case 'I':
			if ((h = num(s + i, n - i, 2, &used)) < 0)
				return 0;
			break;
		case 'M':
			if ((mi = num(s + i, n - i, 2, &used)) < 0)
				return 0;
			break;
		case 'S':
			if ((sec = num(s + i, n - i, 2, &used)) < 0)
				return 0;
			break;
		case 'f':
			if ((used = fraction(s + i, n - i, &frac, &p)) == 0)
				return 0;
			break;
		case 'p':
			if (n - i >= 2 && strncasecmp(s + i, "am", 2) == 0)
				pm = 0;
			else if (n - i >= 2 && strncasecmp(s + i, "pm", 2) == 0)
				pm = 1;
			else
				return 0;
			used = 2;
			break;
		case 'b':
		case 'B':
		case 'h':
			if ((mo = timefmt_month(s + i, n - i, &used)) == 0)
				return 0;
			break;
		case 'a':
		case 'A':
			if (match_word(s + i, n - i, wdays, 7, &used) < 0)
				return 0;
			break;
		case 'z':
			if ((used = zone(s + i, n - i, &off)) == 0)
				return 0;
			fixed.kind = TZ_FIXED;
			fixed.offset = off;
			tz = &fixed;
			break;
		case 'Z':
			if (n - i >= 3 && (strncmp(s + i, "UTC", 3) == 0 ||
			    strncmp(s + i, "GMT", 3) == 0))
				used = 3;
			else if (n - i >= 1 && s[i] == 'Z')
				used = 1;
			else
				return 0;
			fixed.kind = TZ_UTC;
			fixed.offset = 0;
			tz = &fixed;
			break;
		case 's':
			if ((used = timefmt_parse_epoch(s + i, n - i, TU_S,
			    &epoch, &p)) == 0)
				return 0;
			have_epoch = 1;
			break;
		case 'n':
		case 't':
			while (i < n && isspace((unsigned char)s[i]))
				i++;
			used = 0;
			break;
		case '%':
			if (i >= n || s[i] != '%')
				return 0;
			used = 1;
			break;
		default:
			return 0;
		}
		i += used;
		f++;
	}
	if (have_epoch) {
		*ns = epoch;
		*prec = p;
		return i;
	}
	if (pm >= 0) {
		if (h < 1 || h > 12)
			return 0;
		h = h % 12 + (pm ? 12 : 0);
	}
	if (yday > 0) {
		int64_t days;

		/* A day of the year without the year: the one given. */
		if (!have_year && yl != NULL && yl->year != 0)
			y = yl->year;
		days = days_from_civil(y, 1, 1) + yday - 1;

		civil_from_days(days, &v, &mo, &d);
		if (v != y)
			return 0;
	}
	if (yl != NULL && !have_year && yday <= 0) {
		if (yearless_time(yl, mo, d, h, mi, sec, frac, tz, ns) == -1)
			return 0;
	} else if (timefmt_from_civil(y, mo, d, h, mi, sec, frac, tz,
	    ns) == -1)
		return 0;
	*prec = p;
	return i;
}

size_t
timefmt_strptime(const char *s, size_t n, const char *fmt,
    const struct tzspec *tz, int64_t *ns, int *prec)
{
	return strptime_by(s, n, fmt, tz, NULL, ns, prec);
}

size_t
timefmt_strptime_yearless(const char *s, size_t n, const char *fmt,
    const struct tzspec *tz, const struct yearless *yl, int64_t *ns,
    int *prec)
{
	return strptime_by(s, n, fmt, tz, yl, ns, prec);
}

int
timefmt_has_year(const char *fmt)
{
	const char *f;
	int year = 0;

	for (f = fmt; *f != '\0'; f++) {
		if (strncmp(f, TIMEFMT_OR, 2) == 0) {
			/* Every alternative must name it. */
			if (!year)
				return 0;
			year = 0;
			f++;
			continue;
		}
		if (*f != '%' || f[1] == '\0')
			continue;
		f++;
		if (strchr("YysFD", *f) != NULL)
			year = 1;
	}
	return year;
}

int
timefmt_parse_any(const char *s, size_t n, const struct tzspec *tz,
    enum time_unit unit, int64_t *ns, int *prec)
{
	static const char *const formats[] = {
		"%a, %d %b %Y %H:%M:%S %z",	/* RFC 2822 */
		"%a, %d %b %Y %H:%M:%S %Z",	/* HTTP date */
		"%d %b %Y %H:%M:%S %z",
		"%a %b %e %H:%M:%S %Y",		/* ctime */
		"%a %b %e %H:%M:%S %Z %Y",	/* date(1) */
		"%Y/%m/%d %H:%M:%S",
		"%Y/%m/%d %H:%M:%S.%f",
	};
	size_t used, i;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return -1;
	if ((used = timefmt_parse_iso(s, n, tz, ns, prec)) == n)
		return 0;
	if ((used = timefmt_parse_clf(s, n, ns, prec)) == n)
		return 0;
	if ((used = timefmt_parse_epoch(s, n, unit, ns, prec)) == n)
		return 0;
	for (i = 0; i < NELEM(formats); i++)
		if (timefmt_strptime(s, n, formats[i], tz, ns, prec) == n)
			return 0;
	return -1;
}

int
timefmt_canonical(const char *s, size_t n, int64_t *ns)
{
	int year, mon, day, hour, min, sec, ms;
	int64_t secs;

	if (n != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
		return 0;
	if ((year = digits(s, 4, 4)) < 1600 || year > 2400 ||
	    (mon = digits(s + 5, 2, 2)) < 1 || mon > 12 ||
	    (day = digits(s + 8, 2, 2)) < 1 || day > days_in_month(year, mon) ||
	    (hour = digits(s + 11, 2, 2)) < 0 || hour > 23 ||
	    (min = digits(s + 14, 2, 2)) < 0 || min > 59 ||
	    (sec = digits(s + 17, 2, 2)) < 0 || sec > 59 ||
	    (ms = digits(s + 20, 3, 3)) < 0)
		return 0;
	secs = days_from_civil(year, mon, day) * 86400 + hour * 3600 +
	    min * 60 + sec;
	if (!in_range(secs, (int64_t)ms * 1000000))
		return 0;
	*ns = secs * NS_PER_SEC + (int64_t)ms * 1000000;
	return 1;
}

/*
 * s[0..n) read whole by o->format, or by the first of its alternatives
 * ("A || B") that reads it: 0, or -1.
 */
static int
strptime_any(const char *s, size_t n, const struct time_opts *o,
    int64_t *ns, int *prec)
{
	char alt[TIMEFMT_ALT_MAX];
	const char *f = o->format, *e;
	size_t k;

	if (strstr(f, TIMEFMT_OR) == NULL)
		return strptime_by(s, n, f, &o->tz, o->yearless, ns, prec) ==
		    n ? 0 : -1;
	for (;;) {
		while (*f == ' ')
			f++;
		if ((e = strstr(f, TIMEFMT_OR)) == NULL)
			e = f + strlen(f);
		for (k = (size_t)(e - f); k > 0 && f[k - 1] == ' '; k--)
			;
		if (k < sizeof(alt)) {
			memcpy(alt, f, k);
			alt[k] = '\0';
			if (strptime_by(s, n, alt, &o->tz, o->yearless, ns,
			    prec) == n)
				return 0;
		}
		if (*e == '\0')
			return -1;
		f = e + 2;
	}
}

int
timefmt_parse_text(const char *s, size_t n, const struct time_opts *o,
    int64_t *ns, int *prec)
{
	if (o->format == NULL) {
		/* The form sluice writes, read without the general parser. */
		if (timefmt_canonical(s, n, ns)) {
			*prec = 3;
			return 0;
		}
		return timefmt_parse_any(s, n, &o->tz, o->unit, ns, prec);
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || strptime_any(s, n, o, ns, prec) == -1)
		return -1;
	if (o->yearless != NULL)
		yearless_seen(o->yearless, *ns);
	return 0;
}

/* Dates without a year (struct yearless). */

#define DAY_NS		(INT64_C(86400) * NS_PER_SEC)
/* Within this of the previous date no other year is nearer. */
#define HALF_YEAR_NS	(182 * DAY_NS)

void
yearless_init(struct yearless *yl, int year)
{
	yl->year = year;
	yl->ref = timefmt_now();
	yl->prev = 0;
	yl->have_prev = 0;
}

void
yearless_reset(struct yearless *yl, int64_t ref_ns)
{
	yl->ref = ref_ns;
	yl->have_prev = 0;
}

void
yearless_seen(struct yearless *yl, int64_t ns)
{
	yl->prev = ns;
	yl->have_prev = 1;
}

static int64_t
distance(int64_t a, int64_t b)
{
	return a > b ? a - b : b - a;
}

/* The first date of a file: the latest year not after ref + a day. */
static int
first_date(const struct yearless *yl, int mon, int day, int h, int mi,
    int sec, int64_t frac, const struct tzspec *tz, int64_t *ns)
{
	int64_t anchor, t;
	int y, yy, u;

	/* Saturated: a reference near 2262 is no overflow. */
	anchor = yl->ref > INT64_MAX - DAY_NS ? INT64_MAX : yl->ref + DAY_NS;
	timefmt_civil(anchor, &y, &u, &u, &u, &u, &u);
	/* Eight years back reach a Feb 29. */
	for (yy = y; yy >= y - 8; yy--) {
		if (timefmt_from_civil(yy, mon, day, h, mi, sec, frac, tz,
		    &t) == 0 && t <= anchor) {
			*ns = t;
			return 0;
		}
	}
	return -1;
}

int
yearless_time(const struct yearless *yl, int mon, int day, int h, int mi,
    int sec, int64_t frac, const struct tzspec *tz, int64_t *ns)
{
	int64_t t, best = 0;
	int y, d, k, yy, found = 0, u;

	if (yl->year != 0)
		return timefmt_from_civil(yl->year, mon, day, h, mi, sec,
		    frac, tz, ns);
	if (!yl->have_prev)
		return first_date(yl, mon, day, h, mi, sec, frac, tz, ns);
	timefmt_civil(yl->prev, &y, &u, &u, &u, &u, &u);
	if (timefmt_from_civil(y, mon, day, h, mi, sec, frac, tz, &t) == 0 &&
	    distance(t, yl->prev) < HALF_YEAR_NS) {
		*ns = t;
		return 0;
	}
	for (d = 0; d <= 4 && !(found && d > 1); d++) {
		for (k = 0; k < (d == 0 ? 1 : 2); k++) {
			yy = k == 0 ? y - d : y + d;
			if (timefmt_from_civil(yy, mon, day, h, mi, sec, frac,
			    tz, &t) == -1)
				continue;
			if (!found || distance(t, yl->prev) <
			    distance(best, yl->prev))
				best = t;
			found = 1;
		}
	}
	if (!found)
		return -1;
	*ns = best;
	return 0;
}
