/* SPDX-License-Identifier: MIT */
/* reportout.c -- report's whole output: rendered, to a file or stdout. */
#include <err.h>
#include <unistd.h>

#include "io/atomic.h"
#include "io/term.h"
#include "runtime/reportout.h"
#include "runtime/tool.h"

void
reportout_write(struct model *md, const struct render_format *fmt,
    struct render_view *view, const char *path, int colour,
    struct output *out, struct strbuf *sb)
{
	struct sluice_err e;
	int cols;

	if (path == NULL && isatty(STDOUT_FILENO)) {
		view->width = term_size(STDOUT_FILENO, NULL, &cols) == 0 ?
		    (size_t)cols : 80;
		view->colour = colour;
	}
	strbuf_reset(sb);
	fmt->render(md, view, sb);
	if (path != NULL) {
		if (atomic_write(path, sb->buf != NULL ? sb->buf : "",
		    sb->len, &e) == -1)
			errx(EXIT_TROUBLE, "%s", e.msg);
	} else if (sb->len > 0)
		output_write(out, sb->buf, sb->len);
}
