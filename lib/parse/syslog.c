/* SPDX-License-Identifier: MIT */
/* syslog.c -- RFC 3164 and RFC 5424 lines, detected per line. */
#include <string.h>

#include "core/bytes.h"
#include "json/jsonw.h"
#include "parse/logparse.h"
#include "parse/syslog.h"
#include "time/timefmt.h"
#include "stream/stream.h"


/* One PARAM-NAME="value" of an SD-ELEMENT. */
struct sdparam {
	size_t	name;		/* offset in the line */
	size_t	nlen;
	size_t	val;		/* offset in syslog.vals (unescaped) */
	size_t	vlen;
	/* Set by chain_params(): */
	const char	*np;		/* the name */
	struct sdparam	*next;		/* the next of the same name */
	size_t		 count;		/* at the first of a name: how many */
	int		 done;		/* not the first of its name */
};

struct syslog {
	struct yearless	 yl;		/* RFC 3164 dates */
	struct tzspec	 tz;		/* zone-less ISO times */
	struct strbuf	 sd;		/* structured data as JSON */
	struct strbuf	 vals;		/* parameter values of one element */
	struct sdparam	*par;
	size_t		 npar;
	size_t		 cappar;
	struct sdparam	**ord;		/* par sorted by name (cappar) */
};

static const char *const facilities[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "ntp", "security", "console",
	"solaris-cron", "local0", "local1", "local2", "local3", "local4",
	"local5", "local6", "local7"
};

static const char *const severities[8] = {
	"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
};

struct syslog *
syslog_new(int year, const struct tzspec *tz)
{
	struct syslog *s;

	s = xcalloc(1, sizeof(*s));
	yearless_init(&s->yl, year);
	if (tz != NULL)
		s->tz = *tz;
	else
		s->tz.kind = TZ_UTC;
	return s;
}

void
syslog_reset(struct syslog *s, int64_t ref_ns)
{
	yearless_reset(&s->yl, ref_ns);
}

void
syslog_near(struct syslog *s, int64_t ns)
{
	yearless_seen(&s->yl, ns);
}

void
syslog_years(const struct syslog *s, struct yearless *yl)
{
	*yl = s->yl;
}

void
syslog_set_years(struct syslog *s, const struct yearless *yl)
{
	s->yl = *yl;
}

void
syslog_free(struct syslog *s)
{
	if (s == NULL)
		return;
	strbuf_release(&s->sd);
	strbuf_release(&s->vals);
	free(s->par);
	free(s->ord);
	free(s);
}

/*
 * A host name or address: letters, digits, '.', '-', '_', ':' and '%'
 * (IPv6), beginning with a letter or digit.
 */
static int
is_hostname(const char *p, size_t n)
{
	size_t i;
	char c;

	for (i = 0; i < n; i++) {
		c = p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    bytes_digit(c) || (i > 0 && (c == '.' || c == '-' ||
		    c == '_' || c == ':' || c == '%'))))
			return 0;
	}
	return n > 0;
}

/* Exactly two digits at p[i]; -1 if not there. */
static int
two_digits(const char *p, size_t n, size_t i)
{
	if (i + 2 > n || !bytes_digit(p[i]) || !bytes_digit(p[i + 1]))
		return -1;
	return (p[i] - '0') * 10 + (p[i + 1] - '0');
}

static void
add_str(struct fieldlist *fl, const char *key, const char *v, size_t n,
    enum ftype type)
{
	fields_add(fl, key, strlen(key), v, n, type);
}

/* The message: leading blanks (and a UTF-8 BOM) dropped. */
static void
add_message(struct fieldlist *fl, const char *p, size_t n, size_t i)
{
	if (i + 3 <= n && memcmp(p + i, "\xEF\xBB\xBF", 3) == 0)
		i += 3;
	while (i < n && bytes_blank(p[i]))
		i++;
	add_str(fl, "message", p + i, n - i, F_STRING);
}

static void
push_param(struct syslog *s, size_t name, size_t nlen, size_t val,
    size_t vlen)
{
	struct sdparam *sp;

	if (s->npar == s->cappar) {
		s->cappar = s->cappar ? s->cappar * 2 : 8;
		s->par = xreallocarray(s->par, s->cappar, sizeof(*s->par));
		s->ord = xreallocarray(s->ord, s->cappar, sizeof(*s->ord));
	}
	sp = &s->par[s->npar++];
	sp->name = name;
	sp->nlen = nlen;
	sp->val = val;
	sp->vlen = vlen;
}

static int
same_name(const struct sdparam *a, const struct sdparam *b)
{
	return a->nlen == b->nlen && memcmp(a->np, b->np, a->nlen) == 0;
}

/* By name, then in the order given. */
static int
cmp_param(const void *x, const void *y)
{
	const struct sdparam *a = *(struct sdparam *const *)x;
	const struct sdparam *b = *(struct sdparam *const *)y;
	int c;

	if ((c = memcmp(a->np, b->np, a->nlen < b->nlen ? a->nlen :
	    b->nlen)) != 0)
		return c;
	if (a->nlen != b->nlen)
		return a->nlen < b->nlen ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * Chain the parameters of one element (names in line p) by name, in
 * order, the first of each name counting them.  By sorting, so that a
 * line of many parameters costs n log n, not n squared.
 */
static void
chain_params(struct syslog *s, const char *p)
{
	struct sdparam *a;
	size_t i, j;

	for (i = 0; i < s->npar; i++) {
		a = &s->par[i];
		a->np = p + a->name;
		a->next = NULL;
		a->count = 1;
		a->done = 0;
		s->ord[i] = a;
	}
	if (s->npar > 1)	/* none: ord is still NULL */
		qsort(s->ord, s->npar, sizeof(*s->ord), cmp_param);
	for (i = 0; i < s->npar; i = j) {
		for (j = i + 1; j < s->npar && same_name(s->ord[i],
		    s->ord[j]); j++) {
			s->ord[j - 1]->next = s->ord[j];
			s->ord[j]->done = 1;
		}
		s->ord[i]->count = j - i;
	}
}

/*
 * Write the parameters of one element as a JSON object; a name given
 * more than once gets an array of its values, in order.
 */
static void
write_params(struct syslog *s, const char *p)
{
	struct sdparam *a, *b;
	size_t i;
	int first = 1;

	chain_params(s, p);
	strbuf_addch(&s->sd, '{');
	for (i = 0; i < s->npar; i++) {
		a = &s->par[i];
		if (a->done)
			continue;
		if (!first)
			strbuf_addch(&s->sd, ',');
		first = 0;
		jsonw_string(&s->sd, a->np, a->nlen);
		strbuf_addch(&s->sd, ':');
		if (a->count > 1)
			strbuf_addch(&s->sd, '[');
		for (b = a; b != NULL; b = b->next) {
			if (b != a)
				strbuf_addch(&s->sd, ',');
			jsonw_string(&s->sd, s->vals.buf + b->val, b->vlen);
		}
		if (a->count > 1)
			strbuf_addch(&s->sd, ']');
	}
	strbuf_addch(&s->sd, '}');
}

/* An SD-NAME: printable ASCII but '=', ' ', ']' and '"'. */
static size_t
sd_name(const char *p, size_t n, size_t i)
{
	size_t k = i;

	while (k < n && p[k] > ' ' && p[k] < 127 && p[k] != '=' &&
	    p[k] != ']' && p[k] != '"')
		k++;
	return k - i;
}

/*
 * STRUCTURED-DATA at p[*ip] == '[': one or more [id name="value" ...]
 * into s->sd as {"id":{"name":"value",...},...}.  Values unescape \",
 * \\ and \]; any other backslash is kept.
 */
static int
structured_data(struct syslog *s, const char *p, size_t n, size_t *ip,
    struct sluice_err *err)
{
	size_t i = *ip, id, idlen, name, nlen, val, open;

	strbuf_reset(&s->sd);
	strbuf_addch(&s->sd, '{');
	while (i < n && p[i] == '[') {
		open = i++;
		id = i;
		if ((idlen = sd_name(p, n, i)) == 0)
			return err_set(err, i + 1, "expected an SD-ID after "
			    "'['");
		i += idlen;
		s->npar = 0;
		strbuf_reset(&s->vals);
		/* Values are read at vals.buf + offset, empty ones too. */
		strbuf_grow(&s->vals, 0);
		while (i < n && p[i] == ' ') {
			name = ++i;
			if ((nlen = sd_name(p, n, i)) == 0)
				return err_set(err, i + 1, "expected a "
				    "parameter name in structured data");
			i += nlen;
			if (i + 1 >= n || p[i] != '=' || p[i + 1] != '"')
				return err_set(err, i + 1, "expected '=\"' "
				    "after the parameter name");
			val = s->vals.len;
			for (i += 2; i < n && p[i] != '"'; i++) {
				if (p[i] == '\\' && i + 1 < n &&
				    (p[i + 1] == '"' || p[i + 1] == '\\' ||
				    p[i + 1] == ']'))
					i++;
				strbuf_addch(&s->vals, p[i]);
			}
			if (i >= n)
				return err_set(err, name + 1, "unterminated "
				    "parameter value in structured data");
			i++;
			push_param(s, name, nlen, val, s->vals.len - val);
		}
		if (i >= n || p[i] != ']')
			return err_set(err, open + 1, "expected ']' to close "
			    "the structured data element");
		i++;
		if (s->sd.len > 1)
			strbuf_addch(&s->sd, ',');
		jsonw_string(&s->sd, p + id, idlen);
		strbuf_addch(&s->sd, ':');
		write_params(s, p);
	}
	strbuf_addch(&s->sd, '}');
	*ip = i;
	return 0;
}

/* <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]. */
static int
rfc5424(struct syslog *s, const char *p, size_t n, size_t i,
    struct fieldlist *fl, struct sluice_err *err)
{
	static const char *const keys[4] = { "host", "app", "pid", "msgid" };
	static const char *const what[4] = { "host name", "app name",
	    "process id", "message id" };
	int64_t ns;
	size_t k, h;
	int prec;

	if (i + 1 < n && p[i] == '-' && p[i + 1] == ' ')
		i += 2;
	else if ((k = timefmt_parse_iso(p + i, n - i, &s->tz, &ns,
	    &prec)) > 10 && i + k < n && p[i + k] == ' ') {
		fields_add_time(fl, ns, prec);
		i += k + 1;
	} else
		return err_set(err, i + 1, "bad RFC 5424 timestamp "
		    "(expected RFC 3339 or '-')");
	for (h = 0; h < NELEM(keys); h++) {
		if ((k = bytes_word(p, n, i)) == 0)
			return err_set(err, i + 1, "expected the %s",
			    what[h]);
		if (!(k == 1 && p[i] == '-'))
			add_str(fl, keys[h], p + i, k, h == 2 ? F_INFER :
			    F_STRING);
		i += k;
		if (i >= n)
			return err_set(err, i + 1, "expected %s after the %s",
			    h == 3 ? "structured data" : "a space", what[h]);
		i++;
	}
	if (i >= n)
		return err_set(err, i + 1, "expected structured data ('[' or "
		    "'-')");
	if (p[i] == '-')
		i++;
	else if (p[i] == '[') {
		if (structured_data(s, p, n, &i, err) == -1)
			return PARSE_ERROR;
		add_str(fl, "structured_data", s->sd.buf, s->sd.len, F_JSON);
	} else
		return err_set(err, i + 1, "expected structured data ('[' or "
		    "'-')");
	if (i < n) {
		if (p[i] != ' ')
			return err_set(err, i + 1, "expected a space before "
			    "the message");
		add_message(fl, p, n, i + 1);
	}
	return PARSE_RECORD;
}

/* Why the text at p[i] is not a time. */
static int
bad_time(const char *p, size_t n, size_t i, struct sluice_err *err)
{
	size_t k = bytes_word(p, n, i), j;
	int letters = k >= 3;

	for (j = i; j < i + k && letters; j++)
		if (!((p[j] >= 'A' && p[j] <= 'Z') ||
		    (p[j] >= 'a' && p[j] <= 'z') || (p[j] & 0x80)))
			letters = 0;
	if (letters && i + k + 2 < n && bytes_blank(p[i + k]) &&
	    (bytes_digit(p[i + k + 1]) || bytes_digit(p[i + k + 2])))
		return err_set(err, i + 1, "unknown month '%.*s' (English "
		    "abbreviations only)", k > 20 ? 20 : (int)k, p + i);
	return err_set(err, i + 1, "expected a time ('Mmm dd hh:mm:ss' or "
	    "ISO 8601), not '%.*s'", k > 20 ? 20 : (int)k, p + i);
}

/* Mmm dd hh:mm:ss[.frac] at p[*ip]. */
static int
bsd_date(struct syslog *s, const char *p, size_t n, size_t *ip,
    int64_t *ns, int *prec, struct sluice_err *err)
{
	size_t i = *ip, used;
	int64_t frac = 0;
	int mon, day, h, mi, sec, k;

	if ((mon = timefmt_month(p + i, n - i, &used)) == 0 || used != 3 ||
	    i + 4 > n || p[i + 3] != ' ')
		return bad_time(p, n, i, err);
	i += 4;
	if (i < n && p[i] == ' ')
		i++;
	if (i >= n || !bytes_digit(p[i]))
		return err_set(err, i + 1, "expected the day of the month");
	day = p[i++] - '0';
	if (i < n && bytes_digit(p[i]))
		day = day * 10 + (p[i++] - '0');
	if (i >= n || p[i] != ' ' || (h = two_digits(p, n, i + 1)) < 0 ||
	    i + 3 >= n || p[i + 3] != ':' ||
	    (mi = two_digits(p, n, i + 4)) < 0 || i + 6 >= n ||
	    p[i + 6] != ':' || (sec = two_digits(p, n, i + 7)) < 0) {
		/* At the time after the space, or where it is missing. */
		return err_set(err, i < n && p[i] == ' ' ? i + 2 : i + 1,
		    "expected the time of day (hh:mm:ss)");
	}
	i += 9;
	*prec = 0;
	if (i + 1 < n && p[i] == '.' && bytes_digit(p[i + 1])) {
		for (i++, k = 0; i < n && bytes_digit(p[i]); i++, k++)
			if (k < 9)
				frac = frac * 10 + (p[i] - '0');
		*prec = k > 9 ? 9 : k;
		for (; k < 9; k++)
			frac *= 10;
	}
	if (yearless_time(&s->yl, mon, day, h, mi, sec, frac, &s->tz,
	    ns) == -1)
		return err_set(err, *ip + 1, "invalid date '%.*s'",
		    (int)(i - *ip), p + *ip);
	*ip = i;
	return 0;
}

/*
 * [<PRI>]TIMESTAMP HOST [TAG[PID]:] MESSAGE, where TIMESTAMP is
 * "Mmm dd hh:mm:ss" or ISO 8601.
 */
static int
rfc3164(struct syslog *s, const char *p, size_t n, size_t i,
    struct fieldlist *fl, struct sluice_err *err)
{
	const char *t;
	int64_t ns;
	size_t k, tl, b;
	int prec;

	if (i < n && bytes_digit(p[i])) {
		/* RFC 3339 style: a 'T' between the date and the time. */
		if (i + 10 >= n || (p[i + 10] != 'T' && p[i + 10] != 't') ||
		    (k = timefmt_parse_iso(p + i, n - i, &s->tz, &ns,
		    &prec)) <= 10)
			return bad_time(p, n, i, err);
		i += k;
	} else if (bsd_date(s, p, n, &i, &ns, &prec, err) == -1)
		return PARSE_ERROR;
	if (i < n && !bytes_blank(p[i]))
		return err_set(err, i + 1, "expected a space after the time");
	fields_add_time(fl, ns, prec);
	if (i + 1 >= n)
		return err_set(err, i + 1, "expected the host name after the "
		    "time");
	if (bytes_blank(p[i + 1]))
		return err_set(err, i + 2, "empty host name");
	i++;
	k = bytes_word(p, n, i);
	if (k == 3 && memcmp(p + i, "---", 3) == 0) {
		/* syslogd's own "--- last message repeated N times ---". */
		add_message(fl, p, n, i);
		return PARSE_RECORD;
	}
	if (p[i + k - 1] != ':') {
		if (!is_hostname(p + i, k))
			return err_set(err, i + 1, "bad host name '%.*s'",
			    k > 40 ? 40 : (int)k, p + i);
		add_str(fl, "host", p + i, k, F_STRING);
		i += k;
		while (i < n && bytes_blank(p[i]))
			i++;
		k = bytes_word(p, n, i);
	}
	/* A word ending in ':' is the tag: app[pid]: or app: */
	if (k >= 2 && p[i + k - 1] == ':') {
		t = p + i;
		tl = k - 1;
		for (b = tl; b > 0 && t[b - 1] != '['; b--)
			;
		if (tl >= 3 && t[tl - 1] == ']' && b > 1) {
			add_str(fl, "app", t, b - 1, F_STRING);
			if (tl - 1 > b)
				add_str(fl, "pid", t + b, tl - 1 - b, F_INFER);
		} else
			add_str(fl, "app", t, tl, F_STRING);
		i += k;
	}
	add_message(fl, p, n, i);
	return PARSE_RECORD;
}

int
syslog_line(struct syslog *s, const char *p, size_t n, struct fieldlist *fl,
    struct sluice_err *err)
{
	size_t i = 0;
	long t;
	int pri = -1, r;

	fields_reset(fl);
	if (n == 0)
		return err_set(err, 0, "empty line");
	if (bytes_blank(p[0]))
		return err_set(err, 1, "continuation line (starts with white "
		    "space; --multiline '^\\s' joins such lines to the "
		    "record before)");
	if (p[0] == '<') {
		for (i = 1, pri = 0; i < n && i <= 3 && bytes_digit(p[i]); i++)
			pri = pri * 10 + (p[i] - '0');
		if (i == 1 || i >= n || p[i] != '>' || pri > 191)
			return err_set(err, 1, "bad priority (expected <0> to "
			    "<191>)");
		i++;
		add_str(fl, "facility", facilities[pri >> 3],
		    strlen(facilities[pri >> 3]), F_STRING);
		add_str(fl, "severity", severities[pri & 7],
		    strlen(severities[pri & 7]), F_STRING);
		/* VERSION SP: RFC 5424. */
		if (i + 1 < n && p[i] >= '1' && p[i] <= '9' &&
		    (p[i + 1] == ' ' || (i + 2 < n && bytes_digit(p[i + 1]) &&
		    p[i + 2] == ' ')))
			r = rfc5424(s, p, n, i + (p[i + 1] == ' ' ? 2 : 3),
			    fl, err);
		else
			r = rfc3164(s, p, n, i, fl, err);
	} else
		r = rfc3164(s, p, n, i, fl, err);
	/* Only records move the year inference along. */
	if (r == PARSE_RECORD && (t = fields_find(fl, SK_TIMESTAMP)) >= 0
	    && fl->f[t].type == F_TIME) {
		yearless_seen(&s->yl, fl->ts);
	}
	return r;
}
