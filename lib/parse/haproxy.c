/* SPDX-License-Identifier: MIT */
/* haproxy.c -- HAProxy's HTTP, TCP and error log lines. */
#include <stdint.h>
#include <string.h>

#include "core/bytes.h"
#include "parse/haproxy.h"
#include "parse/logparse.h"
#include "parse/syslog.h"
#include "parse/tok.h"
#include "stream/stream.h"

struct haproxy {
	struct syslog		*syslog;	/* the prefix */
	struct fieldlist	 prefix;	/* its fields */
	const struct tzspec	*tz;
};

/* The '/'-separated numbers of the HTTP and TCP formats. */
static const char *const http_timers[] = { "TR", "Tw", "Tc", "Tr", "Ta" };
static const char *const tcp_timers[] = { "Tw", "Tc", "Tt" };
static const char *const conns[] = {
	"actconn", "feconn", "beconn", "srv_conn", "retries"
};
static const char *const queues[] = { "srv_queue", "backend_queue" };
static const char *const bytes_key[] = { "bytes_read" };

/* The prefix fields kept, as syslog names them and as written here. */
static const char *const prefix_in[] = {
	"facility", "severity", "host", "app", "pid"
};
static const char *const prefix_out[] = {
	"facility", "severity", "host", "process_name", "pid"
};

/* Flags of a '+' before a number. */
#define PLUS_LOGASAP	1
#define PLUS_REDISPATCH	2

struct haproxy *
haproxy_new(int year, const struct tzspec *tz)
{
	struct haproxy *h;

	h = xcalloc(1, sizeof(*h));
	h->syslog = syslog_new(year, tz);
	h->tz = tz;
	return h;
}

void
haproxy_reset(struct haproxy *h, int64_t ref_ns)
{
	syslog_reset(h->syslog, ref_ns);
}

void
haproxy_free(struct haproxy *h)
{
	if (h == NULL)
		return;
	syslog_free(h->syslog);
	fields_release(&h->prefix);
	free(h);
}

/* The next word after blanks from *ip: its start in *v; its length. */
static size_t
next_word(const char *s, size_t n, size_t *ip, size_t *v)
{
	size_t k;

	*v = bytes_skip_blanks(s, n, *ip);
	k = bytes_word(s, n, *v);
	*ip = *v + k;
	return k;
}

/*
 * The nk '/'-separated integers of the word s[v..v+vn), each maybe
 * after a '+', added under keys k; a '+' before the last one sets
 * plus_flag in *plus.  Returns 0, or -1 if the word is not so.
 */
static int
add_numbers(struct fieldlist *fl, const char *const *k, size_t nk,
    const char *s, size_t v, size_t vn, int plus_flag, int *plus,
    struct sluice_err *err, const char *what)
{
	size_t j, a = v, e, end = v + vn;

	for (j = 0; j < nk; j++) {
		for (e = a; e < end && s[e] != '/'; e++)
			;
		if ((e == end) != (j + 1 == nk))
			break;
		if (e > a && s[a] == '+') {
			if (j + 1 == nk)
				*plus |= plus_flag;
			a++;
		}
		if (!tok_integer(s + a, e - a))
			break;
		tok_add(fl, k[j], s + a, e - a, F_INFER);
		a = e + 1;
	}
	if (j < nk)
		return err_set(err, v + 1, "expected %s as %zu numbers "
		    "separated by '/', not '%.*s'", what, nk,
		    vn > 40 ? 40 : (int)vn, s + v);
	return 0;
}

/* "client_ip:client_port" at s[v..v+vn): the last ':' splits it. */
static int
add_client(struct fieldlist *fl, const char *s, size_t v, size_t vn,
    struct sluice_err *err)
{
	size_t c;

	for (c = v + vn; c > v && s[c - 1] != ':'; c--)
		;
	if (c <= v + 1 || c == v + vn || !bytes_digits(s + c, v + vn - c))
		return err_set(err, v + 1, "expected client_ip:client_port");
	tok_add(fl, "client_ip", s + v, c - 1 - v, F_STRING);
	tok_add(fl, "client_port", s + c, v + vn - c, F_INFER);
	return 0;
}

/* The time of an accept_date's text "06/Feb/2009:12:14:14.655": 1, or 0. */
static int
accept_time(const struct haproxy *h, const char *t, size_t tl, int64_t *ns,
    int *prec)
{
	return tl > 0 && (timefmt_strptime(t, tl, "%d/%b/%Y:%H:%M:%S.%f",
	    h->tz, ns, prec) == tl || timefmt_strptime(t, tl,
	    "%d/%b/%Y:%H:%M:%S", h->tz, ns, prec) == tl);
}

/* "[06/Feb/2009:12:14:14.655]" at s[i]; returns the index after ']'. */
static size_t
accept_date(const struct haproxy *h, const char *s, size_t n, size_t i,
    struct fieldlist *fl, struct sluice_err *err)
{
	const char *close;
	size_t tl;
	int64_t ns;
	int prec;

	if (i >= n || s[i] != '[' ||
	    (close = memchr(s + i, ']', n - i)) == NULL) {
		err_set(err, i + 1, "expected [accept_date]");
		return 0;
	}
	tl = (size_t)(close - s) - i - 1;
	if (!accept_time(h, s + i + 1, tl, &ns, &prec)) {
		err_set(err, i + 2, "bad accept_date '%.*s' (expected "
		    "06/Feb/2009:12:14:14.655)", tl > 40 ? 40 : (int)tl,
		    s + i + 1);
		return 0;
	}
	fields_add_time(fl, ns, prec);
	return i + tl + 2;
}

/* "backend_name/server_name" at s[v..v+vn). */
static int
add_backend(struct fieldlist *fl, const char *s, size_t v, size_t vn,
    struct sluice_err *err)
{
	const char *sl = memchr(s + v, '/', vn);

	if (sl == NULL)
		return err_set(err, v + 1, "expected backend_name/server_name");
	tok_add(fl, "backend_name", s + v, (size_t)(sl - s) - v, F_STRING);
	tok_add(fl, "server_name", sl + 1, v + vn - (size_t)(sl - s) - 1,
	    F_STRING);
	return 0;
}

/* "{...}" at s[i]: the text between the braces; the index after '}'. */
static size_t
braces(const char *s, size_t n, size_t i, size_t *vn)
{
	size_t e;

	for (e = i + 1; e < n; e++)
		if (s[e] == '}' && (e + 1 == n || bytes_blank(s[e + 1]))) {
			*vn = e - i - 1;
			return e + 1;
		}
	return 0;
}

/*
 * The quoted request at s[i] == '"', to the last '"' of the line (or
 * its end, when syslog cut it): http_request, then method, path and
 * protocol when it is METHOD SP URI SP HTTP/x (else null).
 */
static size_t
add_request(struct fieldlist *fl, const char *s, size_t n, size_t i)
{
	const char *q = s + n, *sp, *r = s + i + 1;
	size_t rn, a, b;

	while (q > r && q[-1] != '"')
		q--;
	rn = q > r ? (size_t)(q - r) - 1 : n - i - 1;
	tok_add(fl, "http_request", r, rn, F_STRING);
	/* a: the first blank of the request, b: after its last one. */
	a = (sp = memchr(r, ' ', rn)) != NULL ? (size_t)(sp - r) : 0;
	for (b = rn; b > 0 && r[b - 1] != ' '; b--)
		;
	if (a > 0 && b > a + 2 && rn - b > 5 &&
	    memcmp(r + b, "HTTP/", 5) == 0) {
		tok_add(fl, "method", r, a, F_STRING);
		tok_add(fl, "path", r + a + 1, b - a - 2, F_STRING);
		tok_add(fl, "protocol", r + b, rn - b, F_STRING);
	} else {
		tok_add_or_null(fl, "method", "", 0, F_STRING);
		tok_add_or_null(fl, "path", "", 0, F_STRING);
		tok_add_or_null(fl, "protocol", "", 0, F_STRING);
	}
	return q > r ? (size_t)(q - s) : n;
}

/*
 * termination_state, the connection counts and the queues, which the
 * HTTP and TCP formats share, from s[i]: the index after them, or
 * SIZE_MAX with err set.
 */
static size_t
state_and_counts(struct fieldlist *fl, const char *s, size_t n, size_t i,
    int *plus, struct sluice_err *err)
{
	size_t v, vn;

	if ((vn = next_word(s, n, &i, &v)) == 0) {
		err_set(err, v + 1, "expected termination_state");
		return SIZE_MAX;
	}
	tok_add(fl, "termination_state", s + v, vn, F_STRING);
	vn = next_word(s, n, &i, &v);
	if (add_numbers(fl, conns, NELEM(conns), s, v, vn, PLUS_REDISPATCH,
	    plus, err, "actconn/feconn/beconn/srv_conn/retries") == -1)
		return SIZE_MAX;
	vn = next_word(s, n, &i, &v);
	if (add_numbers(fl, queues, NELEM(queues), s, v, vn, 0, plus, err,
	    "srv_queue/backend_queue") == -1)
		return SIZE_MAX;
	return i;
}

/* The HTTP fields from the status code on, at s[i]. */
static int
http_tail(struct fieldlist *fl, const char *s, size_t n, size_t i,
    int *plus, struct sluice_err *err)
{
	static const char *const hdr[] = {
		"captured_request_headers", "captured_response_headers"
	};
	size_t v, vn, j, e;

	vn = next_word(s, n, &i, &v);
	if (!tok_integer(s + v, vn))
		return err_set(err, v + 1, "expected status_code");
	tok_add(fl, "status_code", s + v, vn, F_INFER);
	vn = next_word(s, n, &i, &v);
	if (add_numbers(fl, bytes_key, 1, s, v,
	    vn, PLUS_LOGASAP, plus, err, "bytes_read") == -1)
		return -1;
	vn = next_word(s, n, &i, &v);
	tok_add_or_null(fl, "captured_request_cookie", s + v, vn, F_STRING);
	vn = next_word(s, n, &i, &v);
	tok_add_or_null(fl, "captured_response_cookie", s + v, vn, F_STRING);
	if ((i = state_and_counts(fl, s, n, i, plus, err)) == SIZE_MAX)
		return -1;
	i = bytes_skip_blanks(s, n, i);
	for (j = 0; j < NELEM(hdr) && i < n && s[i] == '{'; j++) {
		if ((e = braces(s, n, i, &vn)) == 0)
			return err_set(err, i + 1, "unterminated {captured "
			    "headers}");
		tok_add(fl, hdr[j], s + i + 1, vn, F_STRING);
		i = bytes_skip_blanks(s, n, e);
	}
	if (i >= n || s[i] != '"')
		return err_set(err, i + 1, "expected '\"' before the request");
	i = bytes_skip_blanks(s, n, add_request(fl, s, n, i));
	if (i < n)
		tok_add(fl, "extra", s + i, n - i, F_STRING);
	return 0;
}

/* The TCP fields from bytes_read on, at s[i]. */
static int
tcp_tail(struct fieldlist *fl, const char *s, size_t n, size_t i,
    int *plus, struct sluice_err *err)
{
	size_t v, vn;

	vn = next_word(s, n, &i, &v);
	if (add_numbers(fl, bytes_key, 1, s, v,
	    vn, PLUS_LOGASAP, plus, err, "bytes_read") == -1)
		return -1;
	if ((i = state_and_counts(fl, s, n, i, plus, err)) == SIZE_MAX)
		return -1;
	i = bytes_skip_blanks(s, n, i);
	if (i < n)
		tok_add(fl, "extra", s + i, n - i, F_STRING);
	return 0;
}

/* "frontend_name/bind_name: message", the error log format. */
static void
error_tail(struct fieldlist *fl, const char *s, size_t n, size_t v,
    size_t vn, size_t i)
{
	const char *sl = memchr(s + v, '/', vn);

	tok_add(fl, "frontend_name", s + v, (size_t)(sl - s) - v, F_STRING);
	tok_add(fl, "bind_name", sl + 1, v + vn - (size_t)(sl - s) - 2,
	    F_STRING);
	i = bytes_skip_blanks(s, n, i);
	tok_add(fl, "message", s + i, n - i, F_STRING);
}

/* The message after the prefix, from s[i] on. */
static int
body(const struct haproxy *h, const char *s, size_t n, size_t i,
    struct fieldlist *fl, struct sluice_err *err)
{
	size_t v, vn, tv, tn, slashes, k;
	int plus = 0, r;

	vn = next_word(s, n, &i, &v);
	if (add_client(fl, s, v, vn, err) == -1)
		return PARSE_ERROR;
	if ((i = accept_date(h, s, n, bytes_skip_blanks(s, n, i), fl,
	    err)) == 0)
		return PARSE_ERROR;
	if ((vn = next_word(s, n, &i, &v)) == 0)
		return err_set(err, v + 1, "expected frontend_name");
	if (vn > 2 && s[v + vn - 1] == ':' && memchr(s + v, '/', vn) != NULL) {
		error_tail(fl, s, n, v, vn, i);
		return PARSE_RECORD;
	}
	tok_add(fl, "frontend_name", s + v, vn - (s[v + vn - 1] == '~'),
	    F_STRING);
	if (s[v + vn - 1] == '~')
		tok_add(fl, "ssl", "", 0, F_TRUE);
	vn = next_word(s, n, &i, &v);
	if (add_backend(fl, s, v, vn, err) == -1)
		return PARSE_ERROR;
	tn = next_word(s, n, &i, &tv);
	for (k = slashes = 0; k < tn; k++)
		slashes += s[tv + k] == '/';
	if (slashes == 4)
		r = add_numbers(fl, http_timers, NELEM(http_timers), s, tv, tn,
		    PLUS_LOGASAP, &plus, err, "the timers TR/Tw/Tc/Tr/Ta") ||
		    http_tail(fl, s, n, i, &plus, err);
	else if (slashes == 2)
		r = add_numbers(fl, tcp_timers, NELEM(tcp_timers), s, tv, tn,
		    PLUS_LOGASAP, &plus, err, "the timers Tw/Tc/Tt") ||
		    tcp_tail(fl, s, n, i, &plus, err);
	else
		r = err_set(err, tv + 1, "expected the timers TR/Tw/Tc/Tr/Ta "
		    "(HTTP) or Tw/Tc/Tt (TCP)");
	if (r != 0)
		return PARSE_ERROR;
	if (plus & PLUS_LOGASAP)
		tok_add(fl, "logasap", "", 0, F_TRUE);
	if (plus & PLUS_REDISPATCH)
		tok_add(fl, "redispatched", "", 0, F_TRUE);
	return PARSE_RECORD;
}

/*
 * The message after a syslog prefix, msg[0..n): when its second word
 * is an [accept_date], the syslog dates without a year are taken near
 * it (syslog_near()).  Returns 1 if so, else 0.
 */
static int
near_accept_date(struct haproxy *h, const char *msg, size_t n)
{
	const char *close;
	size_t i = 0, v;
	int64_t ns;
	int prec;

	next_word(msg, n, &i, &v);
	next_word(msg, n, &i, &v);
	if (v >= n || msg[v] != '[' ||
	    (close = memchr(msg + v, ']', n - v)) == NULL ||
	    !accept_time(h, msg + v + 1, (size_t)(close - msg) - v - 1, &ns,
	    &prec))
		return 0;
	syslog_near(h->syslog, ns);
	return 1;
}

/*
 * The syslog prefix of s: its fields into fl; the index of the message
 * in s, or 0 if there is no prefix.
 */
static size_t
prefix(struct haproxy *h, const char *s, size_t n, struct fieldlist *fl)
{
	char tbuf[TIMEFMT_LEN];
	struct sluice_err e;
	const struct fieldlist *p = &h->prefix;
	size_t j, mlen;
	long m, k;

	if (syslog_line(h->syslog, s, n, &h->prefix, &e) != PARSE_RECORD ||
	    (m = fields_find(p, "message", 7)) < 0 ||
	    (mlen = p->f[m].vlen) == 0 || mlen >= n)
		return 0;
	/* A prefix date has no year: take the one nearest to the
	 * accept_date's, which has one, and read the prefix again. */
	if (near_accept_date(h, s + n - mlen, mlen) &&
	    syslog_line(h->syslog, s, n, &h->prefix, &e) != PARSE_RECORD)
		return 0;
	for (j = 0; j < NELEM(prefix_in); j++) {
		/* The prefix time after facility and severity. */
		if (j == 2 && fields_find(p, SK_TIMESTAMP) >= 0)
			tok_add(fl, "syslog_time", tbuf,
			    timefmt_format(p->ts, p->ts_prec, tbuf),
			    F_STRING);
		if ((k = fields_find(p, prefix_in[j], strlen(prefix_in[j]))) <
		    0)
			continue;
		tok_add(fl, prefix_out[j], fields_val(p, (size_t)k),
		    p->f[k].vlen, p->f[k].type);
	}
	return n - mlen;
}

int
haproxy_line(struct haproxy *h, const char *s, size_t n,
    struct fieldlist *fl, struct sluice_err *err)
{
	struct yearless years;
	size_t i = 0, v, m;
	int r;

	fields_reset(fl);
	while (n > 0 && (s[n - 1] == '\r' || bytes_blank(s[n - 1])))
		n--;
	/* Without a prefix, the second word is the [accept_date]. */
	next_word(s, n, &i, &v);
	next_word(s, n, &i, &v);
	/* A line rejected does not move the years of the next ones. */
	syslog_years(h->syslog, &years);
	if (v >= n || s[v] != '[') {
		if ((m = prefix(h, s, n, fl)) == 0)
			return err_set(err, 1, "expected client_ip:client_port "
			    "[accept_date], with or without a syslog prefix");
		i = m;
		next_word(s, n, &i, &v);
		next_word(s, n, &i, &v);
		/* Not a connection: a message ("Proxy www started."). */
		if (v >= n || s[v] != '[') {
			if (fields_find(&h->prefix, SK_TIMESTAMP) >= 0)
				fields_add_time(fl, h->prefix.ts,
				    h->prefix.ts_prec);
			tok_add(fl, "message", s + m, n - m, F_STRING);
			return PARSE_RECORD;
		}
		i = m;
	} else
		i = 0;
	if ((r = body(h, s, n, i, fl, err)) == PARSE_ERROR)
		syslog_set_years(h->syslog, &years);
	return r;
}

int
haproxy_connection(const struct fieldlist *fl)
{
	return fields_find(fl, "client_ip", 9) >= 0;
}
