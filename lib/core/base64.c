/* SPDX-License-Identifier: MIT */
/* base64.c -- RFC 4648 base64, for exact bytes inside JSON strings. */
#include <string.h>

#include "core/base64.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
base64_encode(struct strbuf *sb, const void *data, size_t n)
{
	const unsigned char *p = data;
	unsigned long v;
	size_t i, k;

	strbuf_grow(sb, (n + 2) / 3 * 4);
	for (i = 0; i < n; i += 3) {
		k = n - i < 3 ? n - i : 3;
		v = (unsigned long)p[i] << 16;
		if (k > 1)
			v |= (unsigned long)p[i + 1] << 8;
		if (k > 2)
			v |= p[i + 2];
		strbuf_addch(sb, b64[v >> 18]);
		strbuf_addch(sb, b64[(v >> 12) & 63]);
		strbuf_addch(sb, k > 1 ? b64[(v >> 6) & 63] : '=');
		strbuf_addch(sb, k > 2 ? b64[v & 63] : '=');
	}
}

static int
b64_val(char c)
{
	const char *p;

	if (c == '\0' || (p = strchr(b64, c)) == NULL)
		return -1;
	return (int)(p - b64);
}

int
base64_decode(struct strbuf *out, const char *s, size_t n)
{
	unsigned long v;
	size_t i, pad;
	int k, d;

	if (n % 4 != 0)
		return -1;
	strbuf_grow(out, n / 4 * 3);
	for (i = 0; i < n; i += 4) {
		v = 0;
		pad = 0;
		for (k = 0; k < 4; k++) {
			if (s[i + k] == '=' && i + 4 == n && k >= 2) {
				pad++;
				v <<= 6;
				continue;
			}
			if (pad > 0 || (d = b64_val(s[i + k])) < 0)
				return -1;
			v = (v << 6) | (unsigned long)d;
		}
		strbuf_addch(out, (char)(v >> 16));
		if (pad < 2)
			strbuf_addch(out, (char)((v >> 8) & 0xff));
		if (pad < 1)
			strbuf_addch(out, (char)(v & 0xff));
	}
	return 0;
}
