/* SPDX-License-Identifier: MIT */
/* format.c -- the formats of JSON Schema, checked on decoded strings. */
#include <string.h>

#include "core/bytes.h"
#include "core/common.h"
#include "json/scan.h"
#include "schema/format.h"
#include "schema/uri.h"

static const struct {
	const char	*name;
	enum format	 fmt;
} formats[] = {
	{ "date-time",			FORMAT_DATE_TIME },
	{ "date",			FORMAT_DATE },
	{ "time",			FORMAT_TIME },
	{ "duration",			FORMAT_DURATION },
	{ "email",			FORMAT_EMAIL },
	{ "idn-email",			FORMAT_UNCHECKED },
	{ "hostname",			FORMAT_HOSTNAME },
	{ "idn-hostname",		FORMAT_UNCHECKED },
	{ "ipv4",			FORMAT_IPV4 },
	{ "ipv6",			FORMAT_IPV6 },
	{ "uri",			FORMAT_URI },
	{ "uri-reference",		FORMAT_URI_REFERENCE },
	{ "iri",			FORMAT_IRI },
	{ "iri-reference",		FORMAT_IRI_REFERENCE },
	{ "uuid",			FORMAT_UUID },
	{ "uri-template",		FORMAT_UNCHECKED },
	{ "json-pointer",		FORMAT_JSON_POINTER },
	{ "relative-json-pointer",	FORMAT_REL_JSON_POINTER },
	{ "regex",			FORMAT_UNCHECKED }
};

/* n ASCII digits at s, as a number; -1 if they are not. */
static int
digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!bytes_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* RFC 3339 full-date. */
static int
fmt_date(const char *s, size_t n)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	if ((y = digits(s, 4)) < 0 || (m = digits(s + 5, 2)) < 1 ||
	    m > 12 || (d = digits(s + 8, 2)) < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !leap_year(y));
}

/* RFC 3339 full-time, leap seconds only at 23:59 UTC. */
static int
fmt_time(const char *s, size_t n)
{
	int h, m, sec, oh = 0, om = 0, sign = 0, utc;
	size_t i = 8;

	if (n < 9 || s[2] != ':' || s[5] != ':')
		return 0;
	if ((h = digits(s, 2)) < 0 || h > 23 || (m = digits(s + 3, 2)) < 0 ||
	    m > 59 || (sec = digits(s + 6, 2)) < 0 || sec > 60)
		return 0;
	if (s[i] == '.') {
		for (i++; i < n && bytes_digit(s[i]); i++)
			;
		if (i == 9)
			return 0;
	}
	if (i + 1 == n && (s[i] == 'Z' || s[i] == 'z')) {
		sign = 0;
	} else if (i + 6 == n && (s[i] == '+' || s[i] == '-') &&
	    s[i + 3] == ':') {
		sign = s[i] == '+' ? 1 : -1;
		if ((oh = digits(s + i + 1, 2)) < 0 || oh > 23 ||
		    (om = digits(s + i + 4, 2)) < 0 || om > 59)
			return 0;
	} else
		return 0;
	if (sec == 60) {
		utc = ((h * 60 + m - sign * (oh * 60 + om)) % 1440 + 1440) %
		    1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

static int
fmt_date_time(const char *s, size_t n)
{
	return n > 11 && (s[10] == 'T' || s[10] == 't') &&
	    fmt_date(s, 10) && fmt_time(s + 11, n - 11);
}

/* RFC 3339 appendix A duration: units in order, none skipped. */
static int
fmt_duration(const char *s, size_t n)
{
	const char *units;
	size_t i = 1, d;
	int last, k, time = 0, any = 0;

	if (n < 2 || s[0] != 'P')
		return 0;
	units = "YMD";
	last = -1;
	while (i < n) {
		if (s[i] == 'T') {
			if (time || i + 1 == n)
				return 0;
			time = 1;
			units = "HMS";
			last = -1;
			i++;
			continue;
		}
		for (d = 0; i < n && bytes_digit(s[i]); i++, d++)
			;
		if (d == 0 || i == n)
			return 0;
		if (s[i] == 'W') {
			/* Weeks stand alone. */
			return !time && !any && i + 1 == n;
		}
		if (strchr(units, s[i]) == NULL || s[i] == '\0')
			return 0;
		k = (int)(strchr(units, s[i]) - units);
		if (last >= 0 && k != last + 1)
			return 0;
		last = k;
		any = 1;
		i++;
	}
	return last >= 0;
}

static int
fmt_ipv4(const char *s, size_t n)
{
	size_t i = 0, d;
	int part, v;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		for (d = 0; i + d < n && bytes_digit(s[i + d]); d++)
			;
		if (d == 0 || d > 3 || (d > 1 && s[i] == '0'))
			return 0;
		if ((v = digits(s + i, d)) > 255)
			return 0;
		i += d;
	}
	return i == n;
}

static int
fmt_ipv6(const char *s, size_t n)
{
	size_t i = 0, d, dot;
	int groups = 0, gap = 0;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 1;
		i = 2;
		if (n == 2)
			return 1;
	} else if (n > 0 && s[0] == ':')
		return 0;
	while (i < n) {
		for (d = 0; i + d < n && bytes_hex(s[i + d]) >= 0; d++)
			;
		/* A dotted IPv4 tail counts as two groups. */
		if (i + d < n && s[i + d] == '.') {
			for (dot = i; dot < n && s[dot] != ':'; dot++)
				;
			if (dot != n || !fmt_ipv4(s + i, n - i))
				return 0;
			groups += 2;
			i = n;
			break;
		}
		if (d == 0 || d > 4)
			return 0;
		groups++;
		i += d;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (gap)
				return 0;
			gap = 1;
			i++;
			if (i == n)
				break;
		} else if (i == n)
			return 0;
	}
	return gap ? groups < 8 : groups == 8;
}

static int
fmt_uuid(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return 0;
	for (i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (bytes_hex(s[i]) < 0)
			return 0;
	}
	return 1;
}

/* RFC 3492 6.1, the bias adaptation. */
static unsigned long
puny_adapt(unsigned long delta, unsigned long npoints, int first)
{
	unsigned long k = 0;

	delta /= first ? 700 : 2;
	delta += delta / npoints;
	while (delta > 455) {
		delta /= 35;
		k += 36;
	}
	return k + (36 * delta) / (delta + 38);
}

/* RFC 3492 Punycode: whether s[0..n) decodes; the result in out. */
static int
punycode_decode(const char *s, size_t n, unsigned long *out, size_t *nout,
    size_t max)
{
	unsigned long cp = 128, i = 0, bias = 72, oldi, w, k, t, dg, len;
	size_t b = 0, j, in;

	for (j = 0; j < n; j++)
		if (s[j] == '-')
			b = j;
	len = 0;
	if (b > 0) {
		for (j = 0; j < b; j++) {
			if ((unsigned char)s[j] >= 0x80 || len >= max)
				return 0;
			out[len++] = (unsigned char)s[j];
		}
	}
	for (in = b > 0 ? b + 1 : 0; in < n;) {
		oldi = i;
		for (w = 1, k = 36;; k += 36) {
			if (in >= n)
				return 0;
			dg = (unsigned char)s[in++];
			if (dg >= '0' && dg <= '9')
				dg = dg - '0' + 26;
			else if (dg >= 'a' && dg <= 'z')
				dg -= 'a';
			else if (dg >= 'A' && dg <= 'Z')
				dg -= 'A';
			else
				return 0;
			if (dg > (0xffffffffUL - i) / w)
				return 0;
			i += dg * w;
			t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
			if (dg < t)
				break;
			w *= 36 - t;
		}
		bias = puny_adapt(i - oldi, len + 1, oldi == 0);
		cp += i / (len + 1);
		i %= len + 1;
		if (cp > CP_MAX || (cp >= 0xd800 && cp < 0xe000) ||
		    len >= max)
			return 0;
		memmove(out + i + 1, out + i, (len - i) * sizeof(*out));
		out[i++] = cp;
		len++;
	}
	*nout = len;
	return 1;
}

static int
in_ranges(unsigned long cp, const unsigned long (*r)[2], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cp >= r[i][0] && cp <= r[i][1])
			return 1;
	return 0;
}

/*
 * The IDNA2008 rules on a decoded label (RFC 5892) that need no
 * Unicode tables beyond a few ranges: the DISALLOWED exceptions and
 * the CONTEXTJ/CONTEXTO rules (ZWNJ is let through: its rule needs the
 * Arabic joining types).
 */
static int
idna_label_ok(const unsigned long *u, size_t n)
{
	static const unsigned long disallowed[][2] = {
		{ 0x0640, 0x0640 }, { 0x07fa, 0x07fa }, { 0x302e, 0x302f },
		{ 0x3031, 0x3035 }, { 0x303b, 0x303b }
	};
	static const unsigned long greek[][2] = {
		{ 0x0370, 0x03e1 }, { 0x03f0, 0x03ff }, { 0x1f00, 0x1fff }
	};
	static const unsigned long hebrew[][2] = {
		{ 0x0591, 0x05f4 }, { 0xfb1d, 0xfb4f }
	};
	static const unsigned long kana_han[][2] = {
		{ 0x2e80, 0x2fd5 }, { 0x3005, 0x3007 }, { 0x3021, 0x3029 },
		{ 0x3038, 0x303b }, { 0x3041, 0x309f }, { 0x30a0, 0x30fa },
		{ 0x30fc, 0x30ff }, { 0x31f0, 0x31ff }, { 0x3400, 0x4dbf },
		{ 0x4e00, 0x9fff }, { 0xf900, 0xfaff }, { 0xff66, 0xff9d },
		{ 0x1b000, 0x1b16f }, { 0x20000, 0x3134f }
	};
	static const unsigned long virama[][2] = {
		{ 0x094d, 0x094d }, { 0x09cd, 0x09cd }, { 0x0a4d, 0x0a4d },
		{ 0x0acd, 0x0acd }, { 0x0b4d, 0x0b4d }, { 0x0bcd, 0x0bcd },
		{ 0x0c4d, 0x0c4d }, { 0x0ccd, 0x0ccd }, { 0x0d3b, 0x0d3c },
		{ 0x0d4d, 0x0d4d }, { 0x0dca, 0x0dca }, { 0x0e3a, 0x0e3a },
		{ 0x0eba, 0x0eba }, { 0x0f84, 0x0f84 }, { 0x1039, 0x103a },
		{ 0x1714, 0x1715 }, { 0x1734, 0x1734 }, { 0x17d2, 0x17d2 },
		{ 0x1a60, 0x1a60 }, { 0x1b44, 0x1b44 }, { 0x1baa, 0x1bab },
		{ 0x1bf2, 0x1bf3 }, { 0x2d7f, 0x2d7f }, { 0xa806, 0xa806 },
		{ 0xa82c, 0xa82c }, { 0xa8c4, 0xa8c4 }, { 0xa953, 0xa953 },
		{ 0xa9c0, 0xa9c0 }, { 0xaaf6, 0xaaf6 }, { 0xabed, 0xabed },
		{ 0x10a3f, 0x10a3f }, { 0x11046, 0x11046 },
		{ 0x11070, 0x11070 }, { 0x1107f, 0x1107f },
		{ 0x110b9, 0x110b9 }, { 0x11133, 0x11134 },
		{ 0x111c0, 0x111c0 }, { 0x11235, 0x11235 },
		{ 0x112ea, 0x112ea }, { 0x1134d, 0x1134d },
		{ 0x11442, 0x11442 }, { 0x114c2, 0x114c2 },
		{ 0x115bf, 0x115bf }, { 0x1163f, 0x1163f },
		{ 0x116b6, 0x116b6 }, { 0x1172b, 0x1172b },
		{ 0x11839, 0x11839 }, { 0x1193d, 0x1193e },
		{ 0x119e0, 0x119e0 }, { 0x11a34, 0x11a34 },
		{ 0x11a47, 0x11a47 }, { 0x11a99, 0x11a99 },
		{ 0x11c3f, 0x11c3f }, { 0x11d44, 0x11d45 },
		{ 0x11d97, 0x11d97 }
	};
	size_t i;
	int arabic = 0, extended = 0, kana = 0, dot = 0;

	for (i = 0; i < n; i++) {
		if (in_ranges(u[i], disallowed, NELEM(disallowed)))
			return 0;
		switch (u[i]) {
		case 0x00b7:	/* MIDDLE DOT: only in "l.l" */
			if (i == 0 || i + 1 == n || u[i - 1] != 'l' ||
			    u[i + 1] != 'l')
				return 0;
			break;
		case 0x0375:	/* GREEK KERAIA: before Greek */
			if (i + 1 == n || !in_ranges(u[i + 1], greek,
			    NELEM(greek)))
				return 0;
			break;
		case 0x05f3:	/* HEBREW GERESH, GERSHAYIM: after Hebrew */
		case 0x05f4:
			if (i == 0 || !in_ranges(u[i - 1], hebrew,
			    NELEM(hebrew)))
				return 0;
			break;
		case 0x200d:	/* ZERO WIDTH JOINER: after a virama */
			if (i == 0 || !in_ranges(u[i - 1], virama,
			    NELEM(virama)))
				return 0;
			break;
		case 0x30fb:	/* KATAKANA MIDDLE DOT: with kana or Han */
			dot = 1;
			break;
		default:
			break;
		}
		if (u[i] >= 0x0660 && u[i] <= 0x0669)
			arabic = 1;
		if (u[i] >= 0x06f0 && u[i] <= 0x06f9)
			extended = 1;
		if (u[i] != 0x30fb && in_ranges(u[i], kana_han,
		    NELEM(kana_han)))
			kana = 1;
	}
	return !(arabic && extended) && !(dot && !kana);
}

/*
 * RFC 1123 host name: dot-separated labels of letters, digits and
 * inner hyphens, 1-63 bytes each, 253 in all.  An "xn--" label must be
 * valid Punycode whose decoded form has no "--" at positions 3-4 and
 * meets the IDNA2008 rules checked by idna_label_ok().
 */
static int
fmt_hostname(const char *s, size_t n)
{
	unsigned long u[64];
	size_t i = 0, j, len, nu;

	if (n == 0 || n > 253)
		return 0;
	while (i <= n) {
		for (j = i; j < n && s[j] != '.'; j++) {
			if (!bytes_alpha(s[j]) &&
			    !bytes_digit(s[j]) && s[j] != '-')
				return 0;
		}
		len = j - i;
		if (len == 0 || len > 63 || s[i] == '-' || s[j - 1] == '-')
			return 0;
		if (len >= 4 && s[i + 2] == '-' && s[i + 3] == '-' &&
		    (s[i] == 'x' || s[i] == 'X') &&
		    (s[i + 1] == 'n' || s[i + 1] == 'N')) {
			if (!punycode_decode(s + i + 4, len - 4, u, &nu,
			    NELEM(u)) || nu == 0)
				return 0;
			if (nu >= 4 && u[2] == '-' && u[3] == '-')
				return 0;
			if (u[0] == '-' || u[nu - 1] == '-' ||
			    !idna_label_ok(u, nu))
				return 0;
		}
		i = j + 1;
	}
	return 1;
}

static int
unreserved(int c)
{
	return bytes_alpha(c) || bytes_digit(c) || c == '-' || c == '.' ||
	    c == '_' || c == '~';
}

static int
subdelim(int c)
{
	return c != '\0' && strchr("!$&'()*+,;=", c) != NULL;
}

/*
 * The length of the run at s[0..n) of unreserved, sub-delims, %HH and
 * the characters in extra (and, for IRIs, any non-ASCII character);
 * -1 at a bad %-escape.
 */
static long
fmt_uri_run(const char *s, size_t n, const char *extra, int iri)
{
	size_t i = 0, k;
	int c;

	while (i < n) {
		c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n || bytes_hex(s[i + 1]) < 0 ||
			    bytes_hex(s[i + 2]) < 0)
				return -1;
			i += 3;
		} else if (c < 0x80) {
			if (!unreserved(c) && !subdelim(c) &&
			    (c == '\0' || strchr(extra, c) == NULL))
				break;
			i++;
		} else if (iri && (k = utf8_char_len(s + i, n - i)) > 0)
			i += k;
		else
			break;
	}
	return (long)i;
}

static int
fmt_uri_all(const char *s, size_t n, const char *extra, int iri)
{
	return fmt_uri_run(s, n, extra, iri) == (long)n;
}

static int
fmt_uri_authority(const char *s, size_t n, int iri)
{
	const char *at, *host, *end = s + n, *q;
	size_t hn;

	if ((at = memchr(s, '@', n)) != NULL) {
		if (!fmt_uri_all(s, (size_t)(at - s), ":", iri))
			return 0;
		host = at + 1;
	} else
		host = s;
	if (host < end && *host == '[') {
		if ((q = memchr(host, ']', (size_t)(end - host))) == NULL)
			return 0;
		hn = (size_t)(q - host - 1);
		if (hn > 0 && (host[1] == 'v' || host[1] == 'V')) {
			/* IPvFuture: "v" 1*HEXDIG "." 1*(...). */
			const char *dot = memchr(host + 1, '.', hn);

			if (dot == NULL || dot == host + 2 ||
			    (size_t)(dot - host) >= hn || !fmt_uri_all(dot + 1,
			    (size_t)(q - dot - 1), ":", 0))
				return 0;
			for (at = host + 2; at < dot; at++)
				if (bytes_hex(*at) < 0)
					return 0;
		} else if (!fmt_ipv6(host + 1, hn))
			return 0;
		q++;
	} else {
		for (q = host; q < end && *q != ':'; q++)
			;
		if (!fmt_uri_all(host, (size_t)(q - host), "", iri))
			return 0;
	}
	if (q < end) {
		if (*q != ':')
			return 0;
		for (q++; q < end; q++)
			if (!bytes_digit(*q))
				return 0;
	}
	return 1;
}

/* RFC 3986 URI (absolute) or URI-reference; RFC 3987 with iri. */
static int
fmt_uri(const char *s, size_t n, int absolute, int iri)
{
	const char *p = s, *end = s + n, *q, *auth;
	int scheme = 0;

	q = s + uri_scheme_len(s, n);
	if (q > s && q < end && *q == ':') {
		scheme = 1;
		p = q + 1;
	}
	if (absolute && !scheme)
		return 0;
	if ((q = memchr(p, '#', (size_t)(end - p))) != NULL) {
		if (!fmt_uri_all(q + 1, (size_t)(end - q - 1), ":@/?", iri))
			return 0;
		end = q;
	}
	if ((q = memchr(p, '?', (size_t)(end - p))) != NULL) {
		if (!fmt_uri_all(q + 1, (size_t)(end - q - 1), ":@/?", iri))
			return 0;
		end = q;
	}
	if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
		auth = p + 2;
		for (q = auth; q < end && *q != '/'; q++)
			;
		if (!fmt_uri_authority(auth, (size_t)(q - auth), iri))
			return 0;
		p = q;
	} else if (!scheme) {
		/* A relative path: no ':' in its first segment. */
		for (q = p; q < end && *q != '/'; q++)
			if (*q == ':')
				return 0;
	}
	return fmt_uri_all(p, (size_t)(end - p), ":@/", iri);
}

/* RFC 5321 Mailbox: dot-string or quoted local part, domain or [IP]. */
static int
fmt_email(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *dom;
	int c, prevdot = 1;

	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			c = (unsigned char)*p;
			if (c == '\\') {
				if (++p >= end || (unsigned char)*p < 0x20 ||
				    (unsigned char)*p > 0x7e)
					return 0;
			} else if (c < 0x20 || c > 0x7e)
				return 0;
		}
		if (p >= end)
			return 0;
		p++;
	} else {
		for (; p < end && *p != '@'; p++) {
			c = (unsigned char)*p;
			if (c == '.') {
				if (prevdot)
					return 0;
				prevdot = 1;
				continue;
			}
			if (!bytes_alpha(c) && !bytes_digit(c) &&
			    strchr("!#$%&'*+-/=?^_`{|}~", c) == NULL)
				return 0;
			prevdot = 0;
		}
		if (prevdot)
			return 0;
	}
	if (p - s > 64 || p >= end || *p != '@')
		return 0;
	dom = p + 1;
	n = (size_t)(end - dom);
	if (n >= 2 && dom[0] == '[' && dom[n - 1] == ']') {
		if (n > 7 && strncmp(dom + 1, "IPv6:", 5) == 0)
			return fmt_ipv6(dom + 6, n - 7);
		return fmt_ipv4(dom + 1, n - 2);
	}
	return fmt_hostname(dom, n);
}

static int
fmt_json_pointer(const char *s, size_t n)
{
	size_t i;

	if (n > 0 && s[0] != '/')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '~' && (i + 1 >= n || (s[i + 1] != '0' &&
		    s[i + 1] != '1')))
			return 0;
	return 1;
}

static int
fmt_rel_json_pointer(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && bytes_digit(s[i]); i++)
		;
	if (i == 0 || (i > 1 && s[0] == '0'))
		return 0;
	if (i < n && s[i] == '#')
		return i + 1 == n;
	return fmt_json_pointer(s + i, n - i);
}

enum format
format_find(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < NELEM(formats); i++)
		if (strlen(formats[i].name) == n &&
		    memcmp(formats[i].name, name, n) == 0)
			return formats[i].fmt;
	return FORMAT_NONE;
}

const char *
format_name(enum format fmt)
{
	size_t i;

	for (i = 0; i < NELEM(formats); i++)
		if (formats[i].fmt == fmt && fmt > FORMAT_UNCHECKED)
			return formats[i].name;
	return NULL;
}

int
format_check(enum format fmt, const char *s, size_t n)
{
	switch (fmt) {
	case FORMAT_DATE_TIME:
		return fmt_date_time(s, n);
	case FORMAT_DATE:
		return fmt_date(s, n);
	case FORMAT_TIME:
		return fmt_time(s, n);
	case FORMAT_DURATION:
		return fmt_duration(s, n);
	case FORMAT_EMAIL:
		return fmt_email(s, n);
	case FORMAT_HOSTNAME:
		return fmt_hostname(s, n);
	case FORMAT_IPV4:
		return fmt_ipv4(s, n);
	case FORMAT_IPV6:
		return fmt_ipv6(s, n);
	case FORMAT_URI:
		return fmt_uri(s, n, 1, 0);
	case FORMAT_URI_REFERENCE:
		return fmt_uri(s, n, 0, 0);
	case FORMAT_IRI:
		return fmt_uri(s, n, 1, 1);
	case FORMAT_IRI_REFERENCE:
		return fmt_uri(s, n, 0, 1);
	case FORMAT_UUID:
		return fmt_uuid(s, n);
	case FORMAT_JSON_POINTER:
		return fmt_json_pointer(s, n);
	case FORMAT_REL_JSON_POINTER:
		return fmt_rel_json_pointer(s, n);
	case FORMAT_NONE:
	case FORMAT_UNCHECKED:
		break;
	}
	return 1;
}
