/* SPDX-License-Identifier: MIT */
/* logfmt.c -- key=value lines, as written by logrus, slog and friends. */
#include <string.h>

#include "parse/logfmt.h"
#include "parse/logparse.h"
#include "core/strbuf.h"

#define IS_SPACE(c)	((c) == ' ' || (c) == '\t')

/*
 * Unescape the quoted value starting after the quote at p[i]; on
 * success *end is the index of the closing quote, and the value is in
 * vp and vn: the line itself when it has no backslash, else sb.
 * Returns -1 if the line ends first.
 */
static int
quoted(const char *p, size_t len, size_t i, struct strbuf *sb,
    const char **vp, size_t *vn, size_t *end)
{
	size_t j;
	int esc = 0;

	for (j = i; j < len && p[j] != '"'; j++) {
		if (p[j] == '\\') {
			esc = 1;
			if (++j == len)
				return -1;
		}
	}
	if (j >= len)
		return -1;
	*end = j;
	if (!esc) {
		*vp = p + i;
		*vn = j - i;
		return 0;
	}
	strbuf_reset(sb);
	for (j = i; j < *end; j++) {
		if (p[j] != '\\') {
			strbuf_addch(sb, p[j]);
			continue;
		}
		switch (p[++j]) {
		case '"':
		case '\\':
			strbuf_addch(sb, p[j]);
			break;
		case 'n':
			strbuf_addch(sb, '\n');
			break;
		case 't':
			strbuf_addch(sb, '\t');
			break;
		case 'r':
			strbuf_addch(sb, '\r');
			break;
		default:
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, p[j]);
			break;
		}
	}
	*vp = sb->buf;
	*vn = sb->len;
	return 0;
}

int
logfmt_line(const char *p, size_t len, struct fieldlist *fl,
    struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *k, *v;
	size_t i = 0, kn, vn, end, pairs = 0;
	int r = PARSE_RECORD;

	for (;;) {
		while (i < len && IS_SPACE(p[i]))
			i++;
		if (i >= len)
			break;
		k = p + i;
		while (i < len && !IS_SPACE(p[i]) && p[i] != '=' &&
		    p[i] != '"')
			i++;
		kn = (size_t)(p + i - k);
		if (kn == 0) {
			r = err_set(err, i + 1, p[i] == '=' ?
			    "'=' with no key before it" :
			    "quote where a key should be");
			break;
		}
		if (i >= len || p[i] != '=') {
			/* A bare key, or one followed by a quote. */
			fields_add(fl, k, kn, "", 0, F_TRUE);
			continue;
		}
		i++;
		pairs++;
		if (i < len && p[i] == '"') {
			if (quoted(p, len, i + 1, &sb, &v, &vn, &end) == -1) {
				r = err_set(err, i + 1,
				    "unterminated quoted value");
				break;
			}
			i = end + 1;
			if (i < len && !IS_SPACE(p[i])) {
				r = err_set(err, i + 1, "characters after "
				    "the closing quote of '%.*s'",
				    kn > 40 ? 40 : (int)kn, k);
				break;
			}
			fields_add(fl, k, kn, v, vn, F_STRING);
			continue;
		}
		v = p + i;
		while (i < len && !IS_SPACE(p[i]))
			i++;
		vn = (size_t)(p + i - v);
		fields_add(fl, k, kn, v, vn, vn == 0 ? F_STRING : F_INFER);
	}
	strbuf_release(&sb);
	if (r == PARSE_RECORD && pairs == 0)
		r = err_set(err, 0, "no key=value pairs");
	return r;
}
