/* SPDX-License-Identifier: MIT */
/* jsonw.c -- write compact JSON text into a strbuf. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/jsonw.h"
#include "json/scan.h"

size_t
jsonw_string(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n, *run;
	size_t bad = 0, k;

	strbuf_grow(sb, n + 2);
	strbuf_addch(sb, '"');
	while (p < end) {
		run = p;
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' &&
		    *p != '\\')
			p++;
		if (p > run)
			strbuf_add(sb, run, (size_t)(p - run));
		if (p >= end)
			break;
		if (*p >= 0x80) {
			k = utf8_char_len((const char *)p, (size_t)(end - p));
			if (k > 0) {
				strbuf_add(sb, p, k);
				p += k;
			} else {
				strbuf_add(sb, "\xef\xbf\xbd", 3);
				bad++;
				p++;
			}
			continue;
		}
		strbuf_addch(sb, '\\');
		switch (*p) {
		case '"': strbuf_addch(sb, '"'); break;
		case '\\': strbuf_addch(sb, '\\'); break;
		case '\b': strbuf_addch(sb, 'b'); break;
		case '\f': strbuf_addch(sb, 'f'); break;
		case '\n': strbuf_addch(sb, 'n'); break;
		case '\r': strbuf_addch(sb, 'r'); break;
		case '\t': strbuf_addch(sb, 't'); break;
		default:
			strbuf_add(sb, "u00", 3);
			strbuf_addch(sb, hex[*p >> 4]);
			strbuf_addch(sb, hex[*p & 0xf]);
			break;
		}
		p++;
	}
	strbuf_addch(sb, '"');
	return bad;
}

void
jsonw_int(struct strbuf *sb, int64_t i)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (i < 0)
		*--p = '-';
	strbuf_add(sb, p, (size_t)(buf + sizeof(buf) - p));
}

void
jsonw_real(struct strbuf *sb, double d)
{
	char buf[32];
	int prec;

	if (!isfinite(d)) {
		strbuf_add(sb, "null", 4);
		return;
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(buf, sizeof(buf), "%.17g", d);
	strbuf_addstr(sb, buf);
	if (strpbrk(buf, ".eE") == NULL)
		strbuf_add(sb, ".0", 2);
}

void
jsonw_value(struct strbuf *sb, const json_t *v)
{
	const char *key;
	json_t *e;
	size_t i;
	void *it;
	int first;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		strbuf_addch(sb, '{');
		first = 1;
		for (it = json_object_iter((json_t *)v); it != NULL;
		    it = json_object_iter_next((json_t *)v, it)) {
			if (!first)
				strbuf_addch(sb, ',');
			first = 0;
			key = json_object_iter_key(it);
			jsonw_string(sb, key, json_object_iter_key_len(it));
			strbuf_addch(sb, ':');
			jsonw_value(sb, json_object_iter_value(it));
		}
		strbuf_addch(sb, '}');
		break;
	case JSON_ARRAY:
		strbuf_addch(sb, '[');
		json_array_foreach(v, i, e) {
			if (i)
				strbuf_addch(sb, ',');
			jsonw_value(sb, e);
		}
		strbuf_addch(sb, ']');
		break;
	case JSON_STRING:
		jsonw_string(sb, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		jsonw_int(sb, json_integer_value(v));
		break;
	case JSON_REAL:
		jsonw_real(sb, json_real_value(v));
		break;
	case JSON_TRUE:
		strbuf_add(sb, "true", 4);
		break;
	case JSON_FALSE:
		strbuf_add(sb, "false", 5);
		break;
	case JSON_NULL:
		strbuf_add(sb, "null", 4);
		break;
	}
}

void
jsonw_member_int(struct strbuf *sb, const char *name, int64_t v)
{
	strbuf_addf(sb, ",\"%s\":", name);
	jsonw_int(sb, v);
}
