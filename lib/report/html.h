/* SPDX-License-Identifier: MIT */
/* html.h -- escaping, a self-contained HTML document, inline SVG charts. */
#ifndef SLUICE_HTML_H
#define SLUICE_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "report/table.h"
#include "time/timefmt.h"

/*
 * Everything written here is one self-contained page: inline CSS (for
 * the screen and for print), charts as inline SVG, no script, and no
 * reference to anything outside the file (fonts are the reader's
 * system fonts).  A Content-Security-Policy in the head forbids
 * scripts and fetches as a second line of defence.  Every piece of
 * text from the data goes through html_escape().
 */

/*
 * Append s[0..n) as HTML text: & < > " ' become character references,
 * so the result is safe both as element content and inside a quoted
 * attribute value.  Tab and line feed stay; the other characters that
 * term_escape() (io/term.h) escapes -- controls, bidirectional
 * controls such as U+202E, invisible format characters, bytes that
 * are not UTF-8 -- are shown as its escapes (\x7f, \u202e): the page
 * holds none of them raw, so no value can reorder the text around it.
 */
void	html_escape(struct strbuf *, const char *s, size_t n);
void	html_escape_str(struct strbuf *, const char *s);

/*
 * The document up to and including <body>: the title (escaped) in
 * <title>, the style sheet, the security policy.
 */
void	html_begin(struct strbuf *, const char *title, size_t n);
/* Close the body and the document. */
void	html_end(struct strbuf *);

/*
 * A table (see table.h): header cells in <th>, numeric columns with
 * class "num" (right-aligned), rows flagged TABLE_ROW_BAD or
 * TABLE_ROW_GOOD with class "bad" or "good".  Missing cells are empty.
 */
void	html_table(struct strbuf *, const struct table *);

/* One line of a chart: n values (NAN: no value there, a gap). */
struct html_series {
	const char	*label;
	size_t		 labellen;
	const double	*y;
	int		 colour;	/* index into the palette (cycled) */
	int		 other;		/* the rest: grey and dashed */
};

/* A period shaded on a chart: an alert firing from start to end (ns). */
struct html_band {
	const char	*label;		/* for its <title> */
	size_t		 labellen;
	int64_t		 start;
	int64_t		 end;		/* INT64_MAX: still firing */
};

/* A line chart of values over time. */
struct html_chart {
	const char			*title;	/* for the SVG's <title> */
	size_t				 titlelen;
	const int64_t			*x;	/* n times (ns), ascending */
	size_t				 n;
	const struct html_series	*s;
	size_t				 ns;
	const struct html_band		*band;	/* shaded behind the lines */
	size_t				 nband;
	const struct tzspec		*tz;	/* times shown in; NULL: UTC */
};

/*
 * An inline SVG line chart: one path per series (broken at gaps, a dot
 * for a lone value), y from 0 (or the minimum if negative) to the
 * maximum rounded to a tick, or below outliers (report/axis.h), a few
 * labelled ticks on both axes (times as clock times in zone tz, or
 * dates for long spans), and a legend below.  A value above the axis
 * is drawn at the top edge, marked by a red-edged triangle with its
 * value beside it and in a <title>.  Each band is a pale red rectangle
 * over the plot's height from its start to its end (the right edge
 * when still firing, or past the last time), its label and times in a
 * <title>, with "alert firing" in the legend.  Returns 1 when a value
 * was so marked, else 0.
 */
int	html_chart(struct strbuf *, const struct html_chart *);

/* One bar of a timeline: from start to end (ns). */
struct html_span {
	const char	*label;
	size_t		 labellen;
	int64_t		 start;
	int64_t		 end;
	int		 open;		/* still going at the end: red, arrow */
};

/*
 * An inline SVG timeline over [t0, t1]: one labelled bar per span,
 * with the time axis below, in zone tz (NULL: UTC).
 */
void	html_timeline(struct strbuf *, const struct html_span *, size_t n,
	    int64_t t0, int64_t t1, const struct tzspec *tz);

#endif
