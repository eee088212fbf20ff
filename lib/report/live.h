/* SPDX-License-Identifier: MIT */
/* live.h -- the live view of a report, and the log of its updates. */
#ifndef SLUICE_REPORT_LIVE_H
#define SLUICE_REPORT_LIVE_H

#include "core/strbuf.h"
#include "report/model.h"
#include "report/render.h"

/*
 * The live screen, appended to out: a title line with the window shown
 * (the open one, marked so, if view_open() has one; else the latest),
 * the counts, with view->status a status line (the time of the last
 * record and its age, or that the stream went quiet: live_quiet()),
 * the window's table (cut to fit), a sparkline per metric over the
 * last windows and the firing alerts.  Each line fits view->width (0:
 * any), at most view->height lines (0: all).  Colour (view->colour) is
 * written through io/term.h.
 */
void	live_draw(struct model *, const struct render_view *view,
	    struct strbuf *out);
/*
 * What happened since the last call, as text to append to a log: the
 * latest window's table (or the last snapshot's, or the new plain
 * rows) under a heading, the open window's table if provisional rows
 * came for it (view_open()), and the alerts that came since.  Appends
 * nothing when nothing came.  The model remembers what was shown.
 */
void	live_update(struct model *, const struct render_view *view,
	    struct strbuf *out);
/* Whether the input has gone quiet: idle for view->quiet_ms (not 0). */
int	live_quiet(const struct render_view *view);
/*
 * Append, for a log, the line that says the input went quiet: "no
 * data for 1m0s; is the pipeline running?" and a blank line.
 */
void	live_quiet_note(const struct render_view *view, struct strbuf *out);

#endif
