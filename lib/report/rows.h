/* SPDX-License-Identifier: MIT */
/* rows.h -- the texts of the rows a report keeps, each with its window. */
#ifndef SLUICE_REPORT_ROWS_H
#define SLUICE_REPORT_ROWS_H

#include <stddef.h>

#include "core/strbuf.h"

#define ROWS_NO_WINDOW	((size_t)-1)	/* a plain row */

/*
 * Row i is text.buf[off[i]..off[i] + len[i]), of window win[i] (an
 * index into the report's windows, or ROWS_NO_WINDOW).  All the texts
 * are in one buffer.  A zeroed struct rows is empty.
 */
struct rows {
	struct strbuf	 text;
	size_t		*off;
	size_t		*len;
	size_t		*win;
	size_t		 n;
	size_t		 cap;
};

/* Append a copy of p[0..n) as a row of window win. */
void	rows_add(struct rows *, const char *p, size_t n, size_t win);
/* Forget every row, keeping the memory. */
void	rows_clear(struct rows *);
/* Forget the first k rows (all of them if k >= n). */
void	rows_drop_front(struct rows *, size_t k);
/* Free the memory; the rows are empty again. */
void	rows_release(struct rows *);

#endif
