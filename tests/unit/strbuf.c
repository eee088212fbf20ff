/* SPDX-License-Identifier: MIT */
/* strbuf.c -- unit tests of core/strbuf: the growable byte buffer. */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

#include "check.h"

int
main(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *p, big[5000];
	size_t i, n, cap;

	/* Nothing allocated until the first addition. */
	CHECK(sb.buf == NULL && sb.len == 0);
	strbuf_add(&sb, "ab", 2);
	CHECK(sb.len == 2 && sb.buf[2] == '\0');
	strbuf_addstr(&sb, "cd");
	strbuf_addch(&sb, 'e');
	strbuf_addf(&sb, "-%d-%s", 42, "x");
	CHECK_STR(sb.buf, "abcde-42-x");
	CHECK_INT(sb.len, 10);
	/* Bytes, NUL included, are kept as given. */
	strbuf_add(&sb, "\0z", 2);
	CHECK(sb.len == 12 && memcmp(sb.buf + 10, "\0z", 3) == 0);
	strbuf_truncate(&sb, 3);
	CHECK_STR(sb.buf, "abc");
	/* Reset keeps the memory. */
	cap = sb.cap;
	p = sb.buf;
	strbuf_reset(&sb);
	CHECK(sb.len == 0 && sb.buf == p && sb.cap == cap && sb.buf[0] == 0);

	/* Growth: many small additions and one large formatted one. */
	for (i = 0; i < 10000; i++)
		strbuf_addch(&sb, (char)('a' + i % 26));
	CHECK_INT(sb.len, 10000);
	CHECK(sb.buf[9999] == 'a' + 9999 % 26 && sb.buf[10000] == '\0');
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_reset(&sb);
	strbuf_addf(&sb, "<%s>", big);
	CHECK(sb.len == sizeof(big) + 1 && sb.buf[0] == '<' &&
	    sb.buf[sb.len - 1] == '>' && sb.buf[sb.len] == '\0');
	strbuf_grow(&sb, 100000);
	CHECK(sb.cap >= sb.len + 100000 + 1);

	/* Detach hands the bytes over and leaves an empty buffer. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "mine");
	p = strbuf_detach(&sb, &n);
	CHECK(n == 4 && strcmp(p, "mine") == 0);
	CHECK(sb.len == 0);
	free(p);
	strbuf_addstr(&sb, "again");
	CHECK_STR(sb.buf, "again");
	strbuf_release(&sb);
	CHECK(sb.buf == NULL && sb.len == 0 && sb.cap == 0);
	/* Releasing twice, or an untouched buffer, is fine. */
	strbuf_release(&sb);
	return check_status();
}
