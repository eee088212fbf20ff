/* SPDX-License-Identifier: MIT */
/* reportout.h -- report's whole output: rendered, to a file or stdout. */
#ifndef SLUICE_REPORTOUT_RT_H
#define SLUICE_REPORTOUT_RT_H

#include "core/strbuf.h"
#include "io/output.h"
#include "report/model.h"
#include "report/render.h"

/*
 * Render md in format fmt with view and write it: to path, replaced
 * only when complete (io/atomic.h; exits 2 when that fails), or to out
 * when path is NULL.  On a terminal (out, no path) the view gets its
 * width and, if colour, colour.  sb is scratch.
 */
void	reportout_write(struct model *md, const struct render_format *fmt,
	    struct render_view *view, const char *path, int colour,
	    struct output *out, struct strbuf *sb);

#endif
