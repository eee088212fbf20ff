/* SPDX-License-Identifier: MIT */
/* regexfmt.c -- user-defined line formats: a PCRE2 pattern, named groups. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/bytes.h"
#include "core/strbuf.h"
#include "parse/logparse.h"
#include "parse/regexfmt.h"
#include "regex/regex.h"

enum vtype { V_INFER, V_STRING, V_INT, V_FLOAT, V_BOOL, V_HEX };

static const struct {
	const char	*name;
	enum vtype	 type;
	const char	*what;		/* in "... is not WHAT" */
} vtypes[] = {
	{ "string",	V_STRING,	"a string" },
	{ "int",	V_INT,		"an integer" },
	{ "integer",	V_INT,		"an integer" },
	{ "float",	V_FLOAT,	"a number" },
	{ "bool",	V_BOOL,		"a boolean" },
	{ "boolean",	V_BOOL,		"a boolean" },
	{ "hex",	V_HEX,		"a hexadecimal number" },
};

/* A named group: the field it makes. */
struct group {
	const char	*name;		/* owned by rx */
	size_t		 klen;
	size_t		 num;		/* its group number */
	enum vtype	 type;
};

struct regexfmt {
	struct rx	*rx;
	struct group	*g;
	size_t		 ng;
	int		 dupnames;	/* (?J): a name may come twice */
	struct strbuf	 num;		/* a number being normalised */
};

struct regexfmt *
regexfmt_new(const char *pat, size_t n, struct sluice_err *err)
{
	struct regexfmt *rf;
	struct rx *rx;
	size_t i, j;

	if ((rx = rx_compile(pat, n, RX_PCRE, err)) == NULL)
		return NULL;
	if (rx_nnames(rx) == 0) {
		rx_free(rx);
		err_set(err, 0, "the pattern has no named group: name the "
		    "fields as (?<name>...)");
		return NULL;
	}
	rf = xcalloc(1, sizeof(*rf));
	rf->rx = rx;
	rf->ng = rx_nnames(rx);
	rf->g = xcalloc(rf->ng, sizeof(*rf->g));
	for (i = 0; i < rf->ng; i++) {
		rf->g[i].name = rx_name(rx, i, &rf->g[i].num);
		rf->g[i].klen = strlen(rf->g[i].name);
		rf->g[i].type = V_INFER;
		for (j = 0; j < i; j++)
			if (strcmp(rf->g[j].name, rf->g[i].name) == 0)
				rf->dupnames = 1;
	}
	return rf;
}

/* The type named s[0..n), or -1. */
static int
find_type(const char *s, size_t n, enum vtype *t)
{
	size_t i;

	for (i = 0; i < NELEM(vtypes); i++)
		if (strlen(vtypes[i].name) == n &&
		    strncasecmp(vtypes[i].name, s, n) == 0) {
			*t = vtypes[i].type;
			return 0;
		}
	return -1;
}

static int
is_sep(char c)
{
	return c == ',' || bytes_blank(c);
}

int
regexfmt_types(struct regexfmt *rf, const char *list, struct sluice_err *err)
{
	size_t i = 0, n = strlen(list), k, v, e, j, hits;
	enum vtype t;

	for (;;) {
		while (i < n && is_sep(list[i]))
			i++;
		if (i == n)
			return 0;
		for (k = i; k < n && !is_sep(list[k]) && list[k] != '=' &&
		    list[k] != ':'; k++)
			;
		if (k == n || (list[k] != '=' && list[k] != ':'))
			return err_set(err, i + 1, "expected NAME=TYPE, as "
			    "status=int");
		for (e = v = k + 1; e < n && !is_sep(list[e]); e++)
			;
		if (find_type(list + v, e - v, &t) == -1)
			return err_set(err, v + 1, "unknown type '%.*s' "
			    "(expected int, float, bool, hex or string)",
			    (int)(e - v > 20 ? 20 : e - v), list + v);
		for (j = hits = 0; j < rf->ng; j++)
			if (rf->g[j].klen == k - i &&
			    memcmp(rf->g[j].name, list + i, k - i) == 0) {
				rf->g[j].type = t;
				hits++;
			}
		if (hits == 0)
			return err_set(err, i + 1, "no group named '%.*s' in "
			    "the pattern", (int)(k - i > 40 ? 40 : k - i),
			    list + i);
		i = e;
	}
}

/* s[0..n) as a JSON integer in rf->num: [+-]?[0-9]+; -1 if not one. */
static int
norm_int(struct regexfmt *rf, const char *s, size_t n)
{
	size_t i = 0;

	strbuf_reset(&rf->num);
	if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		if (s[0] == '-')
			strbuf_addch(&rf->num, '-');
		i++;
	}
	if (!bytes_digits(s + i, n - i))
		return -1;
	while (i + 1 < n && s[i] == '0')
		i++;
	strbuf_add(&rf->num, s + i, n - i);
	return 0;
}

/* Digits at s[*ip]: how many, *ip moved past them. */
static size_t
digits(const char *s, size_t n, size_t *ip)
{
	size_t k = *ip;

	while (k < n && bytes_digit(s[k]))
		k++;
	k -= *ip;
	*ip += k;
	return k;
}

/*
 * s[0..n) as a JSON number in rf->num: [+-]?(D+(.D*)?|.D+)([eE][+-]?D+)?
 * with the '+' dropped, a 0 before a bare '.', a bare '.' at the end
 * dropped and leading zeros removed.  -1 if not such a number.
 */
static int
norm_float(struct regexfmt *rf, const char *s, size_t n)
{
	size_t i = 0, ip, ni, fp, nf = 0, ep = 0, ne = 0;

	strbuf_reset(&rf->num);
	if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		if (s[0] == '-')
			strbuf_addch(&rf->num, '-');
		i++;
	}
	ip = i;
	ni = digits(s, n, &i);
	fp = i + 1;
	if (i < n && s[i] == '.') {
		i++;
		nf = digits(s, n, &i);
	}
	if (ni == 0 && nf == 0)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		ep = ++i;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		if ((ne = digits(s, n, &i)) == 0)
			return -1;
	}
	if (i != n)
		return -1;
	while (ni > 1 && s[ip] == '0') {
		ip++;
		ni--;
	}
	if (ni == 0)
		strbuf_addch(&rf->num, '0');
	strbuf_add(&rf->num, s + ip, ni);
	if (nf > 0) {
		strbuf_addch(&rf->num, '.');
		strbuf_add(&rf->num, s + fp, nf);
	}
	if (ne > 0) {
		strbuf_addch(&rf->num, 'e');
		strbuf_add(&rf->num, s + ep, n - ep);
	}
	return 0;
}

/* s[0..n) as a boolean: 1, 0, or -1 if not one. */
static int
parse_bool(const char *s, size_t n)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	size_t i;

	for (i = 0; i < NELEM(yes); i++) {
		if (strlen(yes[i]) == n && strncasecmp(s, yes[i], n) == 0)
			return 1;
		if (strlen(no[i]) == n && strncasecmp(s, no[i], n) == 0)
			return 0;
	}
	return -1;
}

/* s[0..n) as hex digits (with an optional 0x), decimal in rf->num. */
static int
norm_hex(struct regexfmt *rf, const char *s, size_t n)
{
	uint64_t v = 0;
	size_t i = 0;
	char buf[24];
	int d, len;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		i = 2;
	if (i == n || n - i > 16)
		return -1;
	for (; i < n; i++) {
		if (bytes_digit(s[i]))
			d = s[i] - '0';
		else if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			d = (s[i] | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	len = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	strbuf_reset(&rf->num);
	strbuf_add(&rf->num, buf, (size_t)len);
	return 0;
}

/* Add group g's value s[0..n) (at byte off of the line) by its type. */
static int
add_value(struct regexfmt *rf, const struct group *g, const char *s,
    size_t n, size_t off, struct fieldlist *fl, struct sluice_err *err)
{
	void (*add)(struct fieldlist *, const char *, size_t, const char *,
	    size_t, enum ftype);
	size_t i;
	int r = 0;

	add = rf->dupnames ? fields_add : fields_append;
	switch (g->type) {
	case V_INFER:
		add(fl, g->name, g->klen, s, n, F_INFER);
		return 0;
	case V_STRING:
		add(fl, g->name, g->klen, s, n, F_STRING);
		return 0;
	default:
		break;
	}
	if (n == 0 || (n == 1 && s[0] == '-')) {
		add(fl, g->name, g->klen, "", 0, F_NULL);
		return 0;
	}
	switch (g->type) {
	case V_INT:
		r = norm_int(rf, s, n);
		break;
	case V_FLOAT:
		r = norm_float(rf, s, n);
		break;
	case V_HEX:
		r = norm_hex(rf, s, n);
		break;
	default:
		if ((r = parse_bool(s, n)) >= 0) {
			add(fl, g->name, g->klen, "", 0, r ? F_TRUE : F_FALSE);
			return 0;
		}
		break;
	}
	if (r == -1) {
		for (i = 0; vtypes[i].type != g->type; i++)
			;
		return err_set(err, off + 1, "field '%s': '%.*s' is not %s",
		    g->name, n > 40 ? 40 : (int)n, s, vtypes[i].what);
	}
	add(fl, g->name, g->klen, rf->num.buf, rf->num.len, F_NUMBER);
	return 0;
}

int
regexfmt_line(struct regexfmt *rf, const char *line, size_t len,
    struct fieldlist *fl, struct sluice_err *err)
{
	size_t i, off, n;
	int m;

	fields_reset(fl);
	if ((m = rx_match(rf->rx, line, len)) == 0)
		return err_set(err, 0, "does not match the format");
	if (m == -1)
		return err_set(err, 0, "%s", rx_why(rf->rx));
	for (i = 0; i < rf->ng; i++) {
		if (!rx_group(rf->rx, rf->g[i].num, &off, &n))
			continue;
		if (add_value(rf, &rf->g[i], line + off, n, off, fl, err) == -1)
			return PARSE_ERROR;
	}
	return PARSE_RECORD;
}

const char *
regexfmt_pattern(const struct regexfmt *rf)
{
	return rx_text(rf->rx);
}

void
regexfmt_free(struct regexfmt *rf)
{
	if (rf == NULL)
		return;
	rx_free(rf->rx);
	free(rf->g);
	strbuf_release(&rf->num);
	free(rf);
}
