/* SPDX-License-Identifier: MIT */
/* rows.c -- the texts of the rows a report keeps, each with its window. */
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "report/rows.h"

void
rows_add(struct rows *r, const char *p, size_t n, size_t win)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->off = xreallocarray(r->off, r->cap, sizeof(*r->off));
		r->len = xreallocarray(r->len, r->cap, sizeof(*r->len));
		r->win = xreallocarray(r->win, r->cap, sizeof(*r->win));
	}
	r->off[r->n] = r->text.len;
	r->len[r->n] = n;
	r->win[r->n] = win;
	r->n++;
	strbuf_add(&r->text, p, n);
}

void
rows_clear(struct rows *r)
{
	strbuf_reset(&r->text);
	r->n = 0;
}

void
rows_drop_front(struct rows *r, size_t k)
{
	size_t i, base;

	if (k == 0)
		return;
	if (k >= r->n) {
		rows_clear(r);
		return;
	}
	base = r->off[k];
	memmove(r->text.buf, r->text.buf + base, r->text.len - base);
	strbuf_truncate(&r->text, r->text.len - base);
	for (i = k; i < r->n; i++) {
		r->off[i - k] = r->off[i] - base;
		r->len[i - k] = r->len[i];
		r->win[i - k] = r->win[i];
	}
	r->n -= k;
}

void
rows_release(struct rows *r)
{
	strbuf_release(&r->text);
	free(r->off);
	free(r->len);
	free(r->win);
	memset(r, 0, sizeof(*r));
}
