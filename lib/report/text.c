/* SPDX-License-Identifier: MIT */
/* text.c -- headings, lines and tables as terminal text or as Markdown. */
#include <stdio.h>
#include <string.h>

#include "io/term.h"
#include "report/text.h"

/* Terminal text: s[0..n) made safe, cut to the view's width. */
static void
put_safe(const struct text *f, const char *s, size_t n, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;

	table_sanitize(&sb, s, n);
	if (f->view->width > 0)
		table_fit(out, sb.buf != NULL ? sb.buf : "", sb.len,
		    f->view->width);
	else
		strbuf_add(out, sb.buf, sb.len);
	strbuf_release(&sb);
}

void
text_heading(const struct text *f, int level, const char *s, size_t n,
    struct strbuf *out)
{
	if (f->md) {
		strbuf_addstr(out, level == 1 ? "# " : "## ");
		table_markdown_escape(out, s, n);
		strbuf_addstr(out, "\n\n");
		return;
	}
	if (f->view->colour)
		strbuf_addstr(out, term_seq(TERM_BOLD));
	put_safe(f, s, n, out);
	if (f->view->colour)
		strbuf_addstr(out, term_seq(TERM_RESET));
	strbuf_addch(out, '\n');
}

void
text_line(const struct text *f, const char *s, size_t n,
    struct strbuf *out)
{
	if (f->md) {
		table_markdown_escape(out, s, n);
		strbuf_addstr(out, "\n\n");
		return;
	}
	put_safe(f, s, n, out);
	strbuf_addch(out, '\n');
}

void
text_table(const struct text *f, const struct table *t,
    struct strbuf *out)
{
	struct table_style st;

	if (f->md) {
		table_render_markdown(t, out);
	} else {
		st.width = f->view->width;
		st.colour = f->view->colour;
		table_render_text(t, &st, out);
	}
}

void
text_under(const struct text *f, const char *s, size_t n,
    struct strbuf *out)
{
	const char *p, *end, *nl;

	if (n == 0)
		return;
	if (f->md)
		strbuf_addch(out, '\n');
	for (p = s, end = s + n; p < end; ) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		text_line(f, p, (size_t)(nl - p), out);
		p = nl < end ? nl + 1 : end;
	}
}

void
text_more(const struct text *f, size_t shown, size_t more,
    struct strbuf *out)
{
	char buf[96];

	if (more == 0)
		return;
	snprintf(buf, sizeof(buf), "(top %zu of %zu rows)", shown,
	    shown + more);
	text_under(f, buf, strlen(buf), out);
}

void
text_section(struct strbuf *out)
{
	if (out->len > 0 && !(out->len >= 2 &&
	    out->buf[out->len - 1] == '\n' && out->buf[out->len - 2] == '\n'))
		strbuf_addch(out, '\n');
}

