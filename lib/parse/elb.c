/* SPDX-License-Identifier: MIT */
/* elb.c -- AWS load balancer access logs: Application and Classic. */
#include <ctype.h>
#include <string.h>

#include "core/bytes.h"
#include "parse/elb.h"
#include "parse/logparse.h"
#include "parse/tok.h"
#include "time/timefmt.h"

/*
 * The fields after the time, in order: "ip:port" splits in two,
 * "request" in three (SPLIT2 and SPLIT3 mark them).
 */
#define SPLIT2	"\001"
#define SPLIT3	"\002"

static const char *const alb_fields[] = {
	"elb", SPLIT2, "client_ip", "client_port", SPLIT2, "target_ip",
	"target_port", "request_processing_time", "target_processing_time",
	"response_processing_time", "elb_status_code", "target_status_code",
	"received_bytes", "sent_bytes", SPLIT3, "request_verb", "request_url",
	"request_proto", "user_agent", "ssl_cipher", "ssl_protocol",
	"target_group_arn", "trace_id", "domain_name", "chosen_cert_arn",
	"matched_rule_priority", "request_creation_time", "actions_executed",
	"redirect_url", "lambda_error_reason", "target_port_list",
	"target_status_code_list", "classification", "classification_reason",
	"conn_trace_id"
};

static const char *const classic_fields[] = {
	"elb", SPLIT2, "client_ip", "client_port", SPLIT2, "backend_ip",
	"backend_port", "request_processing_time", "backend_processing_time",
	"response_processing_time", "elb_status_code", "backend_status_code",
	"received_bytes", "sent_bytes", SPLIT3, "request_verb", "request_url",
	"request_proto", "user_agent", "ssl_cipher", "ssl_protocol"
};

static const char *const alb_types[] = {
	"http", "https", "h2", "grpcs", "ws", "wss"
};

/* The next field at s[*ip]: a word or a quoted text; 0, or -1. */
static int
next_field(const char *s, size_t n, size_t *ip, const char **v, size_t *vn,
    struct sluice_err *err)
{
	size_t i = bytes_skip_blanks(s, n, *ip), e;

	if (i < n && s[i] == '"') {
		if ((e = tok_quoted(s, n, i)) == 0)
			return err_set(err, i + 1, "unterminated quoted "
			    "field");
		*v = s + i + 1;
		*vn = e - i - 2;
	} else {
		e = i + bytes_word(s, n, i);
		*v = s + i;
		*vn = e - i;
	}
	*ip = e;
	return 0;
}

/* "ip:port" (the last ':' splits; "-" is two nulls). */
static void
add_addr(struct fieldlist *fl, const char *k1, const char *k2,
    const char *v, size_t n)
{
	const char *c = NULL;
	size_t i;

	for (i = n; i > 0; i--)
		if (v[i - 1] == ':') {
			c = v + i - 1;
			break;
		}
	if (c == NULL) {
		tok_add_or_null(fl, k1, v, n, F_STRING);
		tok_add_or_null(fl, k2, "", 0, F_INFER);
		return;
	}
	tok_add_or_null(fl, k1, v, (size_t)(c - v), F_STRING);
	tok_add_or_null(fl, k2, c + 1, n - (size_t)(c - v) - 1, F_INFER);
}

/* "VERB URL PROTO"; anything else ("- - - ") gives three nulls. */
static void
add_request(struct fieldlist *fl, const char *const *k, const char *v,
    size_t n)
{
	const char *sp1, *sp2;

	while (n > 0 && bytes_blank(v[n - 1]))
		n--;
	if ((sp1 = memchr(v, ' ', n)) == NULL ||
	    (sp2 = memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - v))) ==
	    NULL) {
		tok_add_or_null(fl, k[0], "", 0, F_STRING);
		tok_add_or_null(fl, k[1], "", 0, F_STRING);
		tok_add_or_null(fl, k[2], "", 0, F_STRING);
		return;
	}
	tok_add_or_null(fl, k[0], v, (size_t)(sp1 - v), F_STRING);
	tok_add_or_null(fl, k[1], sp1 + 1, (size_t)(sp2 - sp1 - 1), F_STRING);
	tok_add_or_null(fl, k[2], sp2 + 1, n - (size_t)(sp2 + 1 - v),
	    F_STRING);
}

int
elb_line(const char *s, size_t n, struct fieldlist *fl,
    struct sluice_err *err)
{
	static const struct tzspec utc = TZSPEC_UTC;
	const char *const *names = classic_fields;
	size_t nnames = NELEM(classic_fields), i = 0, k, t, tl = 0, vn = 0;
	const char *v = s;
	int64_t ns;
	int prec;

	fields_reset(fl);
	while (n > 0 && (s[n - 1] == '\r' || bytes_blank(s[n - 1])))
		n--;
	for (t = 0; t < NELEM(alb_types); t++)
		if (tok_is_word(s, n, alb_types[t])) {
			names = alb_fields;
			nnames = NELEM(alb_fields);
			tl = strlen(alb_types[t]);
			i = tl < n ? tl + 1 : n;	/* the type alone: n */
			break;
		}
	k = i < n ? bytes_word(s, n, i) : 0;
	if (k == 0 || timefmt_parse_iso(s + i, k, &utc, &ns, &prec) != k)
		return err_set(err, i + 1, "expected an ISO 8601 time%s",
		    i == 0 ? " or the request type (http, https, h2, grpcs, "
		    "ws, wss)" : "");
	fields_add_time(fl, ns, prec);
	if (names == alb_fields)
		tok_add(fl, "type", s, tl, F_STRING);
	i += k;
	for (t = 0; t < nnames && bytes_skip_blanks(s, n, i) < n; t++) {
		if (next_field(s, n, &i, &v, &vn, err) == -1)
			return PARSE_ERROR;
		if (names[t][0] == SPLIT2[0]) {
			add_addr(fl, names[t + 1], names[t + 2], v, vn);
			t += 2;
		} else if (names[t][0] == SPLIT3[0]) {
			add_request(fl, names + t + 1, v, vn);
			t += 3;
		} else
			tok_add_or_null(fl, names[t], v, vn, F_INFER);
	}
	if (t < 14)
		return err_set(err, i + 1, "expected at least 12 fields "
		    "after the time");
	i = bytes_skip_blanks(s, n, i);
	if (i < n)
		tok_add(fl, "extra", s + i, n - i, F_STRING);
	return PARSE_RECORD;
}

/* "ip:port" (an IPv4 or IPv6 address, a port of digits), or "-" if dash. */
static int
addr_word(const char *v, size_t n, int dash)
{
	size_t i, c;

	if (dash && n == 1 && v[0] == '-')
		return 1;
	for (i = n; i > 0 && v[i - 1] != ':'; i--)
		;
	if (i < 2 || i == n || !bytes_digits(v + i, n - i))
		return 0;
	for (c = 0; c + 1 < i; c++)
		if (!isxdigit((unsigned char)v[c]) && v[c] != '.' &&
		    v[c] != ':' && v[c] != '[' && v[c] != ']')
			return 0;
	return 1;
}

/* A processing time: seconds with a fraction, or -1. */
static int
seconds_word(const char *v, size_t n)
{
	const char *dot = memchr(v, '.', n);

	if (n == 2 && v[0] == '-' && v[1] == '1')
		return 1;
	return dot != NULL && dot > v && dot + 1 < v + n &&
	    bytes_digits(v, (size_t)(dot - v)) &&
	    bytes_digits(dot + 1, (size_t)(v + n - dot - 1));
}

int
elb_shaped(const char *s, size_t n)
{
	static const struct tzspec utc = TZSPEC_UTC;
	const char *v[6];
	size_t vn[6], i = 0, k, t, w;
	int64_t ns;
	int prec;

	for (t = 0; t < NELEM(alb_types); t++)
		if (tok_is_word(s, n, alb_types[t])) {
			i = strlen(alb_types[t]) + 1;
			break;
		}
	k = i < n ? bytes_word(s, n, i) : 0;
	if (k == 0 || timefmt_parse_iso(s + i, k, &utc, &ns, &prec) != k)
		return 0;
	i += k;
	for (w = 0; w < NELEM(v); w++) {
		if ((i = bytes_skip_blanks(s, n, i)) >= n)
			return 0;
		k = bytes_word(s, n, i);
		v[w] = s + i;
		vn[w] = k;
		i += k;
	}
	return addr_word(v[1], vn[1], 0) && addr_word(v[2], vn[2], 1) &&
	    seconds_word(v[3], vn[3]) && seconds_word(v[4], vn[4]) &&
	    seconds_word(v[5], vn[5]);
}
