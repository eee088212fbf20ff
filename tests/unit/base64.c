/* SPDX-License-Identifier: MIT */
/* base64.c -- unit tests of core/base64: RFC 4648 test vectors. */
#include <string.h>

#include "core/base64.h"

#include "check.h"

/* RFC 4648, section 10. */
static const char *const vectors[][2] = {
	{ "", "" },
	{ "f", "Zg==" },
	{ "fo", "Zm8=" },
	{ "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" },
	{ "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
};

/* Whether sb holds exactly the bytes of s (buf is unset while empty). */
static int
holds(const struct strbuf *sb, const char *s)
{
	return sb->len == strlen(s) && (sb->len == 0 ||
	    memcmp(sb->buf, s, sb->len) == 0);
}

static void
test_vectors(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(vectors); i++) {
		strbuf_reset(&sb);
		base64_encode(&sb, vectors[i][0], strlen(vectors[i][0]));
		CHECK(holds(&sb, vectors[i][1]));
		strbuf_reset(&sb);
		CHECK(base64_decode(&sb, vectors[i][1],
		    strlen(vectors[i][1])) == 0);
		CHECK(holds(&sb, vectors[i][0]));
	}
	strbuf_release(&sb);
}

/* Every byte value, and every length up to 300, both ways. */
static void
test_bytes(void)
{
	struct strbuf enc = STRBUF_INIT, dec = STRBUF_INIT;
	unsigned char data[300];
	size_t i, n;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 3);
	for (n = 0; n <= sizeof(data); n++) {
		strbuf_reset(&enc);
		strbuf_reset(&dec);
		base64_encode(&enc, data, n);
		CHECK(enc.len == (n + 2) / 3 * 4);
		CHECK(base64_decode(&dec, enc.buf, enc.len) == 0);
		CHECK(dec.len == n && (n == 0 || memcmp(dec.buf, data, n) ==
		    0));
	}
	/* The upper alphabet: 0xfb 0xff -> "+/8=". */
	strbuf_reset(&enc);
	base64_encode(&enc, "\xfb\xff", 2);
	CHECK(holds(&enc, "+/8="));
	strbuf_release(&enc);
	strbuf_release(&dec);
}

static void
test_invalid(void)
{
	static const char *const bad[] = {
		"Zg=", "Zg", "Z===", "Zm9v!A==", "Zm=v", "Zg==Zg==", "Zm9v\n",
		"-_8=", "====",
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		strbuf_reset(&sb);
		if (base64_decode(&sb, bad[i], strlen(bad[i])) != -1) {
			fprintf(stderr, "%s: accepted '%s'\n", __FILE__,
			    bad[i]);
			check_failures++;
		}
	}
	/* What came before the error stays appended. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, ">");
	CHECK(base64_decode(&sb, "Zm9v!!!!", 8) == -1);
	CHECK(holds(&sb, ">foo"));
	strbuf_release(&sb);
}

int
main(void)
{
	test_vectors();
	test_bytes();
	test_invalid();
	return check_status();
}
