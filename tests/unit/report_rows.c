/* SPDX-License-Identifier: MIT */
/* report_rows.c -- unit tests of report/rows: row texts kept in one buffer. */
#include <string.h>

#include "check.h"
#include "report/rows.h"

/* Row i of r as a C string, in buf. */
static const char *
row(const struct rows *r, size_t i, char *buf, size_t size)
{
	size_t n = r->len[i] < size - 1 ? r->len[i] : size - 1;

	memcpy(buf, r->text.buf + r->off[i], n);
	buf[n] = '\0';
	return buf;
}

int
main(void)
{
	struct rows r;
	char buf[64], text[16];
	size_t i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < 100; i++) {
		snprintf(text, sizeof(text), "{\"i\":%zu}", i);
		rows_add(&r, text, strlen(text), i % 3 ? i : ROWS_NO_WINDOW);
	}
	CHECK_INT(r.n, 100);
	CHECK_STR(row(&r, 0, buf, sizeof(buf)), "{\"i\":0}");
	CHECK_STR(row(&r, 99, buf, sizeof(buf)), "{\"i\":99}");
	CHECK(r.win[0] == ROWS_NO_WINDOW && r.win[1] == 1);
	/* Dropping the front keeps the rest, texts and windows. */
	rows_drop_front(&r, 0);
	CHECK_INT(r.n, 100);
	rows_drop_front(&r, 40);
	CHECK_INT(r.n, 60);
	CHECK_STR(row(&r, 0, buf, sizeof(buf)), "{\"i\":40}");
	CHECK_STR(row(&r, 59, buf, sizeof(buf)), "{\"i\":99}");
	CHECK_INT(r.win[1], 41);
	CHECK_INT(r.off[0], 0);
	rows_drop_front(&r, 1000);
	CHECK_INT(r.n, 0);
	CHECK_INT(r.text.len, 0);
	/* Cleared rows take new ones in the memory they had. */
	rows_add(&r, "{}", 2, 7);
	CHECK_STR(row(&r, 0, buf, sizeof(buf)), "{}");
	rows_clear(&r);
	CHECK_INT(r.n, 0);
	rows_release(&r);
	CHECK(r.off == NULL && r.n == 0);
	return check_status();
}
