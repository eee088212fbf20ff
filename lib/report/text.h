/* SPDX-License-Identifier: MIT */
/* text.h -- headings, lines and tables as terminal text or as Markdown. */
#ifndef SLUICE_REPORT_TEXT_H
#define SLUICE_REPORT_TEXT_H

#include <stddef.h>

#include "core/strbuf.h"
#include "report/render.h"
#include "report/table.h"

/*
 * The notation shared by the table and Markdown renderings and by the
 * log of --live: as terminal text (made safe, fitted to view->width,
 * headings bold with view->colour) or as Markdown (escaped, a blank
 * line after each block).
 */
struct text {
	int				 md;	/* Markdown */
	const struct render_view	*view;	/* terminal text: never NULL */
};

/* A heading of level 1 (the title) or 2 (a section). */
void	text_heading(const struct text *, int level, const char *s, size_t n,
	    struct strbuf *out);
/* A line of text. */
void	text_line(const struct text *, const char *s, size_t n,
	    struct strbuf *out);
void	text_table(const struct text *, const struct table *,
	    struct strbuf *out);
/*
 * Lines under a table: s[0..n) holds them, '\n'-separated (a last
 * '\n' is optional).  In Markdown, a blank line first, so that they are
 * not read as rows; each line its own paragraph.  Nothing if n is 0.
 */
void	text_under(const struct text *, const char *s, size_t n,
	    struct strbuf *out);
/* "(top shown of shown + more rows)", if more is not 0. */
void	text_more(const struct text *, size_t shown, size_t more,
	    struct strbuf *out);
/* A blank line before a section, unless out ends in one (or is empty). */
void	text_section(struct strbuf *out);

#endif
