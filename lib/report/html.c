/* SPDX-License-Identifier: MIT */
/* html.c -- escaping, a self-contained HTML document, inline SVG charts. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/term.h"
#include "json/scan.h"
#include "report/axis.h"
#include "report/html.h"
#include "report/zone.h"
#include "time/timefmt.h"

/* Chart geometry, in SVG user units (pixels at 100%). */
#define CH_W		1000
#define CH_LEFT		64
#define CH_RIGHT	16
#define CH_TOP		12
#define CH_PLOT_H	200
#define CH_AXIS_H	26
#define CH_LEGEND_H	18
#define CH_LEGEND_GAP	40	/* of a legend column, not its text */
#define CH_FONT		11	/* px, as in the style sheet */
#define SPARSE_RUN	3	/* see series_sparse() */
#define TL_ROW_H	20
#define TL_LABEL_W	220

static const char *const palette[] = {
	"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00",
	"#56b4e9", "#000000", "#882255", "#117733", "#aa4499"
};

static const char style[] =
":root{color-scheme:light}\n"
"body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
"\"Helvetica Neue\",Arial,sans-serif;color:#1f2328;background:#fff;"
"margin:0 auto;max-width:1100px;padding:16px 24px}\n"
"h1{font-size:22px;margin:0 0 6px}\n"
"h2{font-size:17px;margin:28px 0 8px;padding-bottom:3px;"
"border-bottom:1px solid #d0d7de}\n"
"h3{font-size:14px;margin:18px 0 4px}\n"
"p.meta{margin:2px 0;color:#57606a}\n"
"ul.counts{list-style:none;padding:0;margin:8px 0}\n"
"ul.counts li{display:inline-block;margin:0 18px 4px 0}\n"
"ul.counts b{font-size:18px}\n"
"table{border-collapse:collapse;margin:4px 0 14px;"
"font-variant-numeric:tabular-nums}\n"
"th,td{border-bottom:1px solid #e1e4e8;padding:3px 10px;text-align:left;"
"vertical-align:top;max-width:40em;overflow-wrap:break-word}\n"
"th{background:#f3f5f7;font-weight:600}\n"
"th.num,td.num{text-align:right;white-space:nowrap}\n"
"tr.bad td{color:#b00020;font-weight:600}\n"
"tr.good td{color:#1a7f37}\n"
"svg.chart{display:block;max-width:100%;height:auto;margin:2px 0 10px}\n"
"svg text{font-family:inherit;font-size:11px;fill:#333}\n"
"svg .grid{stroke:#e6e8eb;stroke-width:1}\n"
"svg .axis{stroke:#8c959f;stroke-width:1}\n"
"p.empty,p.note{color:#57606a;font-style:italic}\n"
"footer{margin-top:32px;color:#8c959f;font-size:12px}\n"
"@media print{body{max-width:none;padding:0;font-size:10pt}"
"h2{break-after:avoid}table,svg.chart,figure{break-inside:avoid}"
"th{background:none;border-bottom:1px solid #000}"
"footer{display:none}}\n";

/* The character reference of an HTML special character, or NULL. */
static const char *
html_ref(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

void
html_escape(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *ref;
	size_t i, start = 0, len;

	for (i = 0; i < n; i += len) {
		len = 1;
		ref = html_ref(p[i]);
		if (ref == NULL && (p[i] == '\t' || p[i] == '\n' ||
		    (p[i] >= 0x20 && p[i] < 0x7f)))
			continue;
		strbuf_add(sb, s + start, i - start);
		/*
		 * Controls (\r too: HTML would make it a line break),
		 * bidirectional and invisible characters are visible
		 * escapes, as on a terminal: a character reference would
		 * not do, &#x202e; reorders the text just the same.
		 */
		if (ref != NULL)
			strbuf_addstr(sb, ref);
		else if ((len = term_escape_char(sb, s + i, n - i)) == 0 &&
		    (len = utf8_char_len(s + i, n - i)) > 0)
			strbuf_add(sb, s + i, len);
		start = i + len;
	}
	strbuf_add(sb, s + start, n - start);
}

void
html_escape_str(struct strbuf *sb, const char *s)
{
	html_escape(sb, s, strlen(s));
}

void
html_begin(struct strbuf *sb, const char *title, size_t n)
{
	strbuf_addstr(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; "
	    "img-src data:\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	html_escape(sb, title, n);
	strbuf_addstr(sb, "</title>\n<style>\n");
	strbuf_addstr(sb, style);
	strbuf_addstr(sb, "</style>\n</head>\n<body>\n");
}

void
html_end(struct strbuf *sb)
{
	strbuf_addstr(sb, "<footer>Made by sluice report.</footer>\n"
	    "</body>\n</html>\n");
}

void
html_table(struct strbuf *sb, const struct table *t)
{
	const struct table_cell *cell;
	size_t r, c, j, nc;
	int *num;

	num = xcalloc(t->ncols ? t->ncols : 1, sizeof(*num));
	for (c = 0; c < t->ncols; c++)
		num[c] = table_numeric(t, c);
	strbuf_addstr(sb, "<table>\n<thead><tr>");
	for (c = 0; c < t->ncols; c++) {
		strbuf_addstr(sb, num[c] ? "<th class=\"num\">" : "<th>");
		html_escape(sb, t->text.buf + t->head[c].off, t->head[c].n);
		strbuf_addstr(sb, "</th>");
	}
	strbuf_addstr(sb, "</tr></thead>\n<tbody>\n");
	for (r = 0; r < t->nrows; r++) {
		if (t->rowflags[r] & TABLE_ROW_BAD)
			strbuf_addstr(sb, "<tr class=\"bad\">");
		else if (t->rowflags[r] & TABLE_ROW_GOOD)
			strbuf_addstr(sb, "<tr class=\"good\">");
		else
			strbuf_addstr(sb, "<tr>");
		nc = table_row_cells(t, r, &cell);
		for (c = j = 0; c < t->ncols; c++) {
			strbuf_addstr(sb, num[c] ? "<td class=\"num\">" :
			    "<td>");
			/* A missing cell is empty. */
			if (j < nc && cell[j].col == c) {
				html_escape(sb, t->text.buf + cell[j].off,
				    cell[j].n);
				j++;
			}
			strbuf_addstr(sb, "</td>");
		}
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</tbody>\n</table>\n");
	free(num);
}

static void
svg_open(struct strbuf *sb, int height)
{
	strbuf_addf(sb, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" role=\"img\">\n", CH_W, height,
	    CH_W, height);
}

/* A y tick label: 51234 as 51.2k when the step allows, etc. */
static void
tick_label(char *buf, size_t size, double v, double step, double top)
{
	static const struct {
		double		 scale;
		const char	*suffix;
	} units[] = {
		{ 1e12, "T" }, { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" },
		{ 1, "" }
	};
	size_t i;
	int dec;
	double s;

	for (i = 0; i + 1 < NELEM(units); i++)
		if (fabs(top) >= 10 * units[i].scale)
			break;
	s = step / units[i].scale;
	dec = s >= 1 ? 0 : (int)ceil(-log10(s) - 1e-9);
	if (dec > 9)
		dec = 9;
	if (fabs(v) < step / 1e6) {
		snprintf(buf, size, "0");
		return;
	}
	snprintf(buf, size, "%.*f%s", dec, v / units[i].scale,
	    units[i].suffix);
}

/*
 * The width of one character c (its first byte) at the chart's font
 * size, in thousandths of an em: a generous estimate from the advance
 * widths of DejaVu Sans, the widest usual sans-serif, so that what is
 * estimated to fit does fit.  Any other than ASCII counts as 1 em.
 */
static int
char_width(unsigned char c)
{
	if (c >= 0x80)
		return 1000;
	if (strchr("ijlI'|!.,:; ", c) != NULL)
		return 320;
	if (strchr("frt()[]{}/\\-\"", c) != NULL)
		return 450;
	if (strchr("mwMW@%&#=<>", c) != NULL)
		return 1000;
	if (c >= 'A' && c <= 'Z')
		return 800;
	return 660;
}

/*
 * The estimated width in pixels of HTML text s[0..n) (escaped: a
 * character reference is one character) in an SVG <text>.
 */
static double
text_width(const char *s, size_t n)
{
	const char *semi;
	double w = 0;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = 1;
		if (s[i] == '&' && (semi = memchr(s + i, ';', n - i)) !=
		    NULL) {
			k = (size_t)(semi - (s + i)) + 1;
			w += 1000;
			continue;
		}
		if ((unsigned char)s[i] >= 0x80 && (k = utf8_char_len(s + i,
		    n - i)) == 0)
			k = 1;
		w += char_width((unsigned char)s[i]);
	}
	return w * CH_FONT / 1000;
}

/* Steps for the time axis, in seconds. */
static const int64_t time_steps[] = {
	1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
	10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000,
	7776000, 31536000
};

static int64_t
time_step(int64_t span_ns, int parts)
{
	size_t i;

	for (i = 0; i < NELEM(time_steps); i++)
		if (time_steps[i] * NS_PER_SEC * parts >= span_ns)
			return time_steps[i] * NS_PER_SEC;
	return time_steps[NELEM(time_steps) - 1] * NS_PER_SEC;
}

static void
time_label(char *buf, size_t size, const struct tzspec *tz, int64_t t,
    int64_t step, int64_t span)
{
	int y, mo, d, h, mi, s;

	zone_civil(tz, t, &y, &mo, &d, &h, &mi, &s);
	if (step >= 86400 * NS_PER_SEC)
		snprintf(buf, size, "%04d-%02d-%02d", y, mo, d);
	else if (span > 86400 * NS_PER_SEC)
		snprintf(buf, size, "%02d-%02d %02d:%02d", mo, d, h, mi);
	else if (step < 60 * NS_PER_SEC)
		snprintf(buf, size, "%02d:%02d:%02d", h, mi, s);
	else
		snprintf(buf, size, "%02d:%02d", h, mi);
}

/*
 * A time tick's label centred at x, or ending at the chart's right
 * edge (starting at its left edge) when it would go past it.
 */
static void
tick_text(struct strbuf *sb, double x, double y, const char *s)
{
	double w = text_width(s, strlen(s));

	if (x + w / 2 > CH_W - 2)
		strbuf_addf(sb, "<text x=\"%d\" y=\"%.1f\" "
		    "text-anchor=\"end\">%s</text>\n", CH_W - 2, y, s);
	else if (x - w / 2 < 2)
		strbuf_addf(sb, "<text x=\"2\" y=\"%.1f\">%s</text>\n", y, s);
	else
		strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">%s</text>\n", x, y, s);
}

/* The time ticks of [t0, t1] drawn at x = map(t) along y. */
static void
time_axis(struct strbuf *sb, const struct tzspec *tz, int64_t t0,
    int64_t t1, double left, double right, double y, double grid_top)
{
	char buf[40];
	int64_t step, t, span, off;
	double x;

	/* Times 1677 and 2262 are more than int64 ns apart: saturate. */
	span = t0 < 0 && t1 > INT64_MAX + t0 ? INT64_MAX : t1 - t0;
	step = time_step(span > 0 ? span : 1, 6);
	/* Ticks on round times of the zone shown. */
	off = (int64_t)zone_offset(tz, t0) * NS_PER_SEC;
	if ((off > 0 && t0 > INT64_MAX - off) || (off < 0 && t0 < INT64_MIN -
	    off))
		off = 0;
	t = (t0 + off) / step * step - off;
	if (t < t0)
		t += step;
	if (span <= 0) {
		time_label(buf, sizeof(buf), tz, t0, step, 0);
		strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">%s</text>\n", (left + right) / 2,
		    y + 16, buf);
		return;
	}
	for (; t <= t1; t += step) {
		x = left + (right - left) * ((double)t - (double)t0) /
		    (double)span;
		if (grid_top < y)
			strbuf_addf(sb, "<line class=\"grid\" x1=\"%.1f\" "
			    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x,
			    grid_top, x, y);
		strbuf_addf(sb, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/>\n", x, y, x, y + 4);
		time_label(buf, sizeof(buf), tz, t, step, span);
		tick_text(sb, x, y + 16, buf);
		if (t > INT64_MAX - step)
			break;
	}
}

/* The width of s[0..n) once escaped (text_width()); t is scratch. */
static double
escaped_width(struct strbuf *t, const char *s, size_t n)
{
	strbuf_reset(t);
	html_escape(t, s, n);
	return text_width(t->buf, t->len);
}

/* The length of the character of s[0..n) that ends at n (n > 0). */
static size_t
char_before(const char *s, size_t n)
{
	size_t k = 1;

	while (k < n && k < 4 && ((unsigned char)s[n - k] & 0xc0) == 0x80)
		k++;
	return k;
}

/*
 * The most bytes of s[0..n), whole characters, from its start (or from
 * its end if tail) that are at most maxw pixels wide once escaped; t is
 * scratch.  Each character is escaped on its own, so widths add up.
 */
static size_t
fit_bytes(struct strbuf *t, const char *s, size_t n, double maxw, int tail)
{
	size_t used = 0, k;
	double w = 0;

	while (used < n) {
		if (tail)
			k = char_before(s, n - used);
		else if ((k = utf8_char_len(s + used, n - used)) == 0)
			k = 1;
		w += escaped_width(t, tail ? s + n - used - k : s + used, k);
		if (w > maxw)
			break;
		used += k;
	}
	return used;
}

/*
 * A <text> (attributes attrs) of s[0..n) escaped; if wider than maxw
 * pixels (text_width()), its start and its end with an ellipsis
 * between them, that fit, and the whole text in a <title>.
 */
static void
fit_text(struct strbuf *sb, const char *attrs, const char *s, size_t n,
    double maxw)
{
	struct strbuf t = STRBUF_INIT;
	size_t head, tail;

	strbuf_addf(sb, "<text %s>", attrs);
	if (escaped_width(&t, s, n) <= maxw) {
		strbuf_add(sb, t.buf, t.len);
		strbuf_addstr(sb, "</text>\n");
		strbuf_release(&t);
		return;
	}
	strbuf_addstr(sb, "<title>");
	strbuf_add(sb, t.buf, t.len);
	strbuf_addstr(sb, "</title>");
	/* A third of the room for the end, the rest for the start. */
	maxw -= CH_FONT;
	tail = fit_bytes(&t, s, n, maxw / 3, 1);
	head = fit_bytes(&t, s, n - tail, maxw - (tail > 0 ?
	    escaped_width(&t, s + n - tail, tail) : 0), 0);
	html_escape(sb, s, head);
	strbuf_addstr(sb, "\xe2\x80\xa6");
	html_escape(sb, s + n - tail, tail);
	strbuf_addstr(sb, "</text>\n");
	strbuf_release(&t);
}

/*
 * The mark of value i of series s, above the top of the axis and drawn
 * at the top edge at x: a red-edged triangle, the value beside it, and
 * the series, value and time in a <title>.
 */
static void
clip_mark(struct strbuf *sb, const struct html_chart *c,
    const struct html_series *s, size_t i, double x, double x1)
{
	char v[32], t[TIMEFMT_LEN];
	int right = x + 60 > x1;

	snprintf(v, sizeof(v), "%.4g", s->y[i]);
	zone_format(c->tz, c->x[i], 3, t);
	strbuf_addstr(sb, "<g class=\"clip\"><title>");
	html_escape(sb, s->label, s->labellen);
	strbuf_addf(sb, ": %s at %s, above the axis</title>\n", v, t);
	strbuf_addf(sb, "<path d=\"M%.1f %d L%.1f %d L%.1f %d Z\" "
	    "fill=\"#fff\" stroke=\"#b00020\" stroke-width=\"1.5\"/>\n",
	    x, CH_TOP - 2, x - 5, CH_TOP + 7, x + 5, CH_TOP + 7);
	strbuf_addf(sb, "<text x=\"%.1f\" y=\"%d\" fill=\"#b00020\" "
	    "font-weight=\"600\"%s>%s"
	    "</text></g>\n", right ? x - 8 : x + 8, CH_TOP + 8,
	    right ? " text-anchor=\"end\"" : "", v);
}

/*
 * Whether series s of c is sparse: its values come in runs of fewer
 * than SPARSE_RUN consecutive points on average.  A line through it
 * would be stray fragments; it is drawn as dots.
 */
static int
series_sparse(const struct html_chart *c, const struct html_series *s)
{
	size_t i, nv = 0, runs = 0;

	for (i = 0; i < c->n; i++) {
		if (isnan(s->y[i]))
			continue;
		nv++;
		runs += i == 0 || isnan(s->y[i - 1]);
	}
	return nv > 0 && nv < SPARSE_RUN * runs;
}

/*
 * Series s as a path (dots if it is sparse: a dot for each value), its
 * marks of values above ymax to marks.
 */
static void
series_path(struct strbuf *sb, struct strbuf *marks,
    const struct html_chart *c,
    const struct html_series *s, const char *colour, double x0, double x1,
    double ymin, double ymax)
{
	struct strbuf pts = STRBUF_INIT;
	double x, y, span;
	size_t i;
	int pen = 0, lone, dots = series_sparse(c, s);

	span = (double)c->x[c->n - 1] - (double)c->x[0];
	for (i = 0; i < c->n; i++) {
		if (isnan(s->y[i])) {
			pen = 0;
			continue;
		}
		x = span > 0 ? x0 + (x1 - x0) * ((double)c->x[i] -
		    (double)c->x[0]) / span : (x0 + x1) / 2;
		y = CH_TOP + CH_PLOT_H - CH_PLOT_H * (s->y[i] - ymin) /
		    (ymax - ymin);
		if (s->y[i] > ymax) {
			y = CH_TOP;
			clip_mark(marks, c, s, i, x, x1);
		}
		strbuf_addf(&pts, "%c%.1f %.1f", pen ? 'L' : 'M', x, y);
		lone = !pen && (i + 1 == c->n || isnan(s->y[i + 1]));
		if (lone || dots)
			strbuf_addf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" "
			    "r=\"%s\" fill=\"%s\"/>\n", x, y, dots ? "3" :
			    "2.5", colour);
		pen = 1;
	}
	if (pts.len > 0 && !dots)
		strbuf_addf(sb, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"%s\" stroke-linejoin=\"round\"%s/>\n",
		    pts.buf, colour, s->other ? "1.5" : "1.8",
		    s->other ? " stroke-dasharray=\"5 3\"" : "");
	strbuf_release(&pts);
}

/* The x of time t on a chart of c's times drawn from x0 to x1, clamped. */
static double
chart_x(const struct html_chart *c, int64_t t, double x0, double x1)
{
	double span = (double)c->x[c->n - 1] - (double)c->x[0], x;

	if (!(span > 0))
		return t < c->x[0] ? x0 : x1;
	x = x0 + (x1 - x0) * ((double)t - (double)c->x[0]) / span;
	return x < x0 ? x0 : x > x1 ? x1 : x;
}

/* The bands of c, behind the lines. */
static void
chart_bands(struct strbuf *sb, const struct html_chart *c, double x0,
    double x1)
{
	char s[TIMEFMT_LEN], e[TIMEFMT_LEN];
	const struct html_band *b;
	double a, z;
	size_t i;

	for (i = 0; i < c->nband && c->n > 0; i++) {
		b = &c->band[i];
		a = chart_x(c, b->start, x0, x1);
		z = b->end == INT64_MAX ? x1 : chart_x(c, b->end, x0, x1);
		if (z - a < 2)
			z = a + 2 > x1 ? x1 : a + 2;
		zone_format(c->tz, b->start, 3, s);
		strbuf_addf(sb, "<rect class=\"band\" x=\"%.1f\" y=\"%d\" "
		    "width=\"%.1f\" height=\"%d\" fill=\"#cf222e\" "
		    "fill-opacity=\"0.13\"><title>", a, CH_TOP, z - a,
		    CH_PLOT_H);
		html_escape(sb, b->label, b->labellen);
		if (b->end == INT64_MAX)
			strbuf_addf(sb, ": firing from %s, still at the end", s);
		else {
			zone_format(c->tz, b->end, 3, e);
			strbuf_addf(sb, ": firing from %s to %s", s, e);
		}
		strbuf_addstr(sb, "</title></rect>\n");
	}
}

int
html_chart(struct strbuf *sb, const struct html_chart *c)
{
	char buf[64];
	const char *colour;
	struct strbuf marks = STRBUF_INIT;
	struct axis ax;
	double ymin, ymax, step, v, y, x0, x1, *all;
	size_t i, j, k, nv = 0;
	int height, legend_rows;

	all = xreallocarray(NULL, c->n * c->ns + 1, sizeof(*all));
	for (j = 0; j < c->ns; j++)
		for (i = 0; i < c->n; i++)
			if (isfinite(c->s[j].y[i]))
				all[nv++] = c->s[j].y[i];
	axis_range(&ax, all, nv);
	free(all);
	ymin = ax.min;
	ymax = ax.max;
	step = ax.step;
	legend_rows = (int)((c->ns + (c->nband > 0 && c->n > 0) + 2) / 3);
	height = CH_TOP + CH_PLOT_H + CH_AXIS_H + legend_rows * CH_LEGEND_H +
	    6;
	x0 = CH_LEFT;
	x1 = CH_W - CH_RIGHT;
	svg_open(sb, height);
	strbuf_addstr(sb, "<title>");
	html_escape(sb, c->title, c->titlelen);
	strbuf_addstr(sb, "</title>\n");
	/* The y grid and its labels. */
	for (k = 0;; k++) {
		v = ymin + step * (double)k;
		if (v > ymax + step / 2)
			break;
		y = CH_TOP + CH_PLOT_H - CH_PLOT_H * (v - ymin) /
		    (ymax - ymin);
		strbuf_addf(sb, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/>\n", k == 0 ? "axis" : "grid",
		    x0, y, x1, y);
		tick_label(buf, sizeof(buf), v, step, fabs(ymax) > fabs(ymin)
		    ? ymax : ymin);
		strbuf_addf(sb, "<text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"end\">%s</text>\n", x0 - 6, y + 4, buf);
	}
	strbuf_addf(sb, "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" "
	    "x2=\"%.1f\" y2=\"%d\"/>\n", x0, CH_TOP, x0, CH_TOP + CH_PLOT_H);
	if (c->n > 0)
		time_axis(sb, c->tz, c->x[0], c->x[c->n - 1], x0, x1,
		    CH_TOP + CH_PLOT_H, CH_TOP);
	chart_bands(sb, c, x0, x1);
	/* The "other" line first, so the named ones are drawn over it. */
	for (k = 0; k < 2; k++)
		for (j = 0; j < c->ns && c->n > 0; j++) {
			if ((k == 0) != (c->s[j].other != 0))
				continue;
			colour = c->s[j].other ? "#8c959f" :
			    palette[(size_t)c->s[j].colour % NELEM(palette)];
			series_path(sb, &marks, c, &c->s[j], colour, x0, x1,
			    ymin, ymax);
		}
	/* The marks of values above the axis, over every line. */
	if (marks.len > 0)
		strbuf_add(sb, marks.buf, marks.len);
	strbuf_release(&marks);
	/* The legend, in three columns. */
	for (j = 0; j < c->ns; j++) {
		colour = c->s[j].other ? "#8c959f" :
		    palette[(size_t)c->s[j].colour % NELEM(palette)];
		v = x0 + (x1 - x0) / 3 * (double)(j % 3);
		y = CH_TOP + CH_PLOT_H + CH_AXIS_H + (double)(j / 3) *
		    CH_LEGEND_H + 10;
		if (series_sparse(c, &c->s[j]))
			strbuf_addf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" "
			    "r=\"3\" fill=\"%s\"/>\n", v + 11, y - 4, colour);
		else
			strbuf_addf(sb, "<line x1=\"%.1f\" y1=\"%.1f\" "
			    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			    "stroke-width=\"3\"%s/>\n", v, y - 4, v + 22, y - 4,
			    colour, c->s[j].other ?
			    " stroke-dasharray=\"5 3\"" : "");
		snprintf(buf, sizeof(buf), "x=\"%.1f\" y=\"%.1f\"", v + 28, y);
		fit_text(sb, buf, c->s[j].label, c->s[j].labellen,
		    (x1 - x0) / 3 - CH_LEGEND_GAP);
	}
	if (c->nband > 0 && c->n > 0) {
		v = x0 + (x1 - x0) / 3 * (double)(j % 3);
		y = CH_TOP + CH_PLOT_H + CH_AXIS_H + (double)(j / 3) *
		    CH_LEGEND_H + 10;
		strbuf_addf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" "
		    "height=\"10\" fill=\"#cf222e\" fill-opacity=\"0.13\"/>\n"
		    "<text x=\"%.1f\" y=\"%.1f\">alert firing</text>\n", v,
		    y - 9, v + 28, y);
	}
	strbuf_addstr(sb, "</svg>\n");
	return ax.clipped;
}

void
html_timeline(struct strbuf *sb, const struct html_span *sp, size_t n,
    int64_t t0, int64_t t1, const struct tzspec *tz)
{
	char buf[64];
	double x0 = TL_LABEL_W, x1 = CH_W - CH_RIGHT, a, b, y;
	double span = (double)t1 - (double)t0;	/* may exceed int64 */
	size_t i;
	int height;

	height = (int)n * TL_ROW_H + CH_AXIS_H + 8;
	svg_open(sb, height);
	strbuf_addstr(sb, "<title>Alert timeline</title>\n");
	for (i = 0; i < n; i++) {
		y = (double)i * TL_ROW_H + 4;
		a = span > 0 ? x0 + (x1 - x0) * ((double)sp[i].start -
		    (double)t0) / span : x0;
		b = span > 0 ? x0 + (x1 - x0) * ((double)sp[i].end -
		    (double)t0) / span : x1;
		if (a < x0)
			a = x0;
		if (b > x1)
			b = x1;
		if (b - a < 2)
			b = a + 2;
		snprintf(buf, sizeof(buf), "x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"end\"", x0 - 8, y + 12);
		fit_text(sb, buf, sp[i].label, sp[i].labellen, x0 - 8 - 4);
		strbuf_addf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%d\" rx=\"2\" fill=\"%s\"/>\n", a, y + 2, b - a,
		    TL_ROW_H - 6, sp[i].open ? "#cf222e" : "#d4a72c");
	}
	strbuf_addf(sb, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
	    "x2=\"%.1f\" y2=\"%.1f\"/>\n", x0, (double)n * TL_ROW_H + 4, x1,
	    (double)n * TL_ROW_H + 4);
	time_axis(sb, tz, t0, t1, x0, x1, (double)n * TL_ROW_H + 4, 4);
	strbuf_addstr(sb, "</svg>\n");
}
