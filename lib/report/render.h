/* SPDX-License-Identifier: MIT */
/* render.h -- the renderings of a report: table, Markdown, CSV, JSON, HTML. */
#ifndef SLUICE_REPORT_RENDER_H
#define SLUICE_REPORT_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "report/model.h"

/*
 * How text is shown on a terminal; CSV's one choice; and how the input
 * stands, for the status line of the live view (live.h).
 */
struct tzspec;

struct render_view {
	size_t	width;		/* cut lines to this width; 0: no limit */
	size_t	height;		/* live screen rows; 0: no limit */
	int	colour;		/* colour and bold (io/term.h) */
	int	csv_raw;	/* CSV: no quote before formula-like cells
				   (TABLE_CSV_RAW, report/table.h) */
	int	status;		/* live: draw the status line */
	int64_t	updated;	/* live: wall time (ns) of the last record;
				   0: none yet */
	int64_t	idle_ms;	/* live: ms since the last record (or since
				   the start) */
	int64_t	quiet_ms;	/* live: idle this long is quiet; 0: never */
	const struct tzspec *tz; /* html, table, markdown: times shown in
				   this zone (report/zone.h); NULL: UTC */
};

/*
 * Each appends the whole report in its format to out; the layouts are
 * described in report(1).  The view (NULL: none) matters to the table
 * and CSV alone; the others take it to share one signature.  Rendering reads
 * rows back through the model's scratch space, hence the model is not
 * const, but what it holds does not change.
 */
void	render_table(struct model *, const struct render_view *,
	    struct strbuf *out);
void	render_markdown(struct model *, const struct render_view *,
	    struct strbuf *out);
void	render_csv(struct model *, const struct render_view *,
	    struct strbuf *out);
void	render_json(struct model *, const struct render_view *,
	    struct strbuf *out);
void	render_html(struct model *, const struct render_view *,
	    struct strbuf *out);

/* The formats by name, for -f. */
struct render_format {
	const char	*name;
	void		(*render)(struct model *, const struct render_view *,
			    struct strbuf *);
	int		 keep_all;	/* shows every row: keep them all */
};

/* The format called name, or NULL. */
const struct render_format *render_format(const char *name);

#endif
