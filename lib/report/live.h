/* SPDX-License-Identifier: MIT */
/* live.h -- the live view of a report, and the log of its updates. */
#ifndef SLUICE_REPORT_LIVE_H
#define SLUICE_REPORT_LIVE_H

#include "core/strbuf.h"
#include "report/model.h"
#include "report/render.h"

/*
 * The live screen, appended to out: a title line with the latest
 * window, the counts, the latest window's table (cut to fit), a
 * sparkline per metric over the last windows and the firing alerts.
 * Each line fits view->width (0: any), at most view->height lines (0:
 * all).  Colour (view->colour) is written through io/term.h.
 */
void	live_draw(struct model *, const struct render_view *view,
	    struct strbuf *out);
/*
 * What happened since the last call, as text to append to a log: the
 * latest window's table (or the last snapshot's, or the new plain
 * rows) under a heading, and the alerts that came since.  Appends
 * nothing when nothing came.  The model remembers what was shown.
 */
void	live_update(struct model *, const struct render_view *view,
	    struct strbuf *out);

#endif
