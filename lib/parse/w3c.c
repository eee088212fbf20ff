/* SPDX-License-Identifier: MIT */
/* w3c.c -- the W3C Extended Log File Format, as IIS writes it. */
#include <string.h>

#include "core/bytes.h"
#include "core/strbuf.h"
#include "parse/logparse.h"
#include "parse/tok.h"
#include "parse/w3c.h"
#include "time/timefmt.h"

#define NS_PER_DAY	(INT64_C(86400) * 1000000000)

/* A column: its name in w3c.names; a data line's value in the line. */
struct w3c_col {
	size_t		key;
	size_t		klen;
	size_t		val;
	size_t		vlen;
};

struct w3c {
	struct strbuf	 names;		/* the #Fields names, NUL-ended */
	struct w3c_col	*col;
	size_t		 n;		/* columns (0: no #Fields yet) */
	size_t		 cap;
	long		 date_col;	/* the "date" column, or -1 */
	long		 time_col;	/* the "time" column, or -1 */
	int		 has_date;	/* a #Date directive was read */
	int64_t		 date_ns;	/* its date, at midnight UTC */
};

struct w3c *
w3c_new(void)
{
	struct w3c *w;

	w = xcalloc(1, sizeof(*w));
	w3c_reset(w);
	return w;
}

void
w3c_reset(struct w3c *w)
{
	strbuf_reset(&w->names);
	w->n = 0;
	w->date_col = w->time_col = -1;
	w->has_date = 0;
}

void
w3c_free(struct w3c *w)
{
	if (w == NULL)
		return;
	strbuf_release(&w->names);
	free(w->col);
	free(w);
}

/*
 * The column that starts at s[i] (not blank): a word, or a text in
 * double quotes.  Sets *v and *vn to its value; returns the index
 * after it.
 */
static size_t
next_col(const char *s, size_t n, size_t i, size_t *v, size_t *vn)
{
	size_t e;

	if (s[i] == '"' && (e = tok_quoted(s, n, i)) != 0) {
		*v = i + 1;
		*vn = e - i - 2;
		return e;
	}
	*v = i;
	*vn = bytes_word(s, n, i);
	return i + *vn;
}

/* "#Fields: name name ...": the columns of the lines after it. */
static void
read_fields(struct w3c *w, const char *s, size_t n, size_t i)
{
	size_t v, vn;

	strbuf_reset(&w->names);
	w->n = 0;
	w->date_col = w->time_col = -1;
	for (i = bytes_skip_blanks(s, n, i); i < n;
	    i = bytes_skip_blanks(s, n, i)) {
		v = i;
		vn = bytes_word(s, n, i);
		i += vn;
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 32;
			w->col = xreallocarray(w->col, w->cap,
			    sizeof(*w->col));
		}
		if (vn == 4 && memcmp(s + v, "date", 4) == 0)
			w->date_col = (long)w->n;
		else if (vn == 4 && memcmp(s + v, "time", 4) == 0)
			w->time_col = (long)w->n;
		w->col[w->n].key = w->names.len;
		w->col[w->n++].klen = vn;
		strbuf_add(&w->names, s + v, vn);
		strbuf_addch(&w->names, '\0');
	}
}

/* "#Date: 2002-05-24 20:18:01": the date of a file without a date column. */
static void
read_date(struct w3c *w, const char *s, size_t n, size_t i)
{
	static const struct tzspec utc = TZSPEC_UTC;
	int64_t ns;
	size_t k;
	int prec;

	i = bytes_skip_blanks(s, n, i);
	k = bytes_word(s, n, i);
	if (k > 0 && timefmt_parse_iso(s + i, k, &utc, &ns, &prec) == k &&
	    ns >= INT64_MIN + NS_PER_DAY) {
		w->has_date = 1;
		w->date_ns = ns - ((ns % NS_PER_DAY) + NS_PER_DAY) % NS_PER_DAY;
	}
}

/* A directive line: #Fields and #Date are read, the others skipped. */
static int
directive(struct w3c *w, const char *s, size_t n)
{
	if (n >= 8 && memcmp(s, "#Fields:", 8) == 0)
		read_fields(w, s, n, 8);
	else if (n >= 6 && memcmp(s, "#Date:", 6) == 0)
		read_date(w, s, n, 6);
	return PARSE_SKIP;
}

/* "hh:mm:ss[.fff]": nanoseconds since midnight and fraction digits. */
static int
clock_time(const char *s, size_t n, int64_t *ns, int *prec)
{
	static const size_t dig[] = { 0, 1, 3, 4, 6, 7 };
	int64_t frac = 0, scale = 1000000000;
	size_t i;
	int h, m, sec;

	if (n < 8 || s[2] != ':' || s[5] != ':')
		return -1;
	for (i = 0; i < NELEM(dig); i++)
		if (!bytes_digit(s[dig[i]]))
			return -1;
	h = (s[0] - '0') * 10 + s[1] - '0';
	m = (s[3] - '0') * 10 + s[4] - '0';
	sec = (s[6] - '0') * 10 + s[7] - '0';
	if (h > 23 || m > 59 || sec > 60)
		return -1;
	*prec = 0;
	if (n > 8) {
		if (s[8] != '.' || n == 9 || n > 18 ||
		    !bytes_digits(s + 9, n - 9))
			return -1;
		for (i = 9; i < n; i++) {
			scale /= 10;
			frac += (s[i] - '0') * scale;
		}
		*prec = (int)(n - 9);
	}
	*ns = ((int64_t)h * 3600 + m * 60 + sec) * 1000000000 + frac;
	return 0;
}

/* The time of a data line from its date and time columns, or #Date. */
static int
line_time(const struct w3c *w, const char *s, int64_t *ns, int *prec,
    struct sluice_err *err)
{
	static const struct tzspec utc = TZSPEC_UTC;
	const struct w3c_col *t = &w->col[w->time_col], *d;
	int64_t day, tod;
	int dprec;

	if (clock_time(s + t->val, t->vlen, &tod, prec) == -1)
		return err_set(err, t->val + 1, "bad time '%.*s' (expected "
		    "hh:mm:ss)", t->vlen > 20 ? 20 : (int)t->vlen, s + t->val);
	day = w->date_ns;
	if (w->date_col >= 0) {
		d = &w->col[w->date_col];
		if (d->vlen != 10 || timefmt_parse_iso(s + d->val, d->vlen,
		    &utc, &day, &dprec) != d->vlen)
			return err_set(err, d->val + 1, "bad date '%.*s' "
			    "(expected yyyy-mm-dd)", d->vlen > 20 ? 20 :
			    (int)d->vlen, s + d->val);
	}
	if (day > INT64_MAX - tod)
		return err_set(err, t->val + 1, "time out of range");
	*ns = day + tod;
	return 0;
}

int
w3c_line(struct w3c *w, const char *s, size_t n, struct fieldlist *fl,
    struct sluice_err *err)
{
	const struct w3c_col *c;
	size_t i, k = 0, v, vn;
	long at = -1;
	int64_t ns = 0;
	int prec = 0;

	fields_reset(fl);
	while (n > 0 && (s[n - 1] == '\r' || bytes_blank(s[n - 1])))
		n--;
	if (n > 0 && s[0] == '#')
		return directive(w, s, n);
	if (w->n == 0)
		return err_set(err, 1, "a data line before any #Fields "
		    "directive");
	for (i = bytes_skip_blanks(s, n, 0); i < n;
	    i = bytes_skip_blanks(s, n, i), k++) {
		i = next_col(s, n, i, &v, &vn);
		if (k < w->n) {
			w->col[k].val = v;
			w->col[k].vlen = vn;
		}
	}
	if (k != w->n)
		return err_set(err, 0, "row has %zu field%s, #Fields has %zu",
		    k, k == 1 ? "" : "s", w->n);
	if (w->time_col >= 0 && (w->date_col >= 0 || w->has_date)) {
		if (line_time(w, s, &ns, &prec, err) == -1)
			return PARSE_ERROR;
		at = w->date_col >= 0 && w->date_col < w->time_col ?
		    w->date_col : w->time_col;
	}
	for (k = 0; k < w->n; k++) {
		c = &w->col[k];
		if ((long)k == at)
			fields_add_time(fl, ns, prec);
		else if (at >= 0 && ((long)k == w->date_col ||
		    (long)k == w->time_col))
			continue;
		else if (c->vlen == 1 && s[c->val] == '-')
			fields_add(fl, w->names.buf + c->key, c->klen, "", 0,
			    F_NULL);
		else
			fields_add(fl, w->names.buf + c->key, c->klen,
			    s + c->val, c->vlen, tok_integer(s + c->val,
			    c->vlen) ? F_INFER : F_STRING);
	}
	return PARSE_RECORD;
}

int
w3c_directive(const char *s, size_t n)
{
	static const char *const opening[] = {
		"#Software:", "#Version:", "#Fields:"
	};
	size_t i, k;

	for (i = 0; i < NELEM(opening); i++) {
		k = strlen(opening[i]);
		if (n >= k && memcmp(s, opening[i], k) == 0)
			return 1;
	}
	return 0;
}
