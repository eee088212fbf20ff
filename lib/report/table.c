/* SPDX-License-Identifier: MIT */
/* table.c -- a table of text cells: display widths, alignment, rendering. */
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "io/term.h"
#include "json/jsonw.h"
#include "json/scan.h"
#include "report/table.h"

#define MIN_CUT_WIDTH	4	/* text columns are not cut below this */

static int utf8_locale;		/* table_locale_init found one */

static int
is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0 || strcmp(cs, "UTF8") == 0);
}

int
table_locale_init(void)
{
	static const char *const fallback[] = {
		"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"
	};
	size_t i;

	if (setlocale(LC_CTYPE, "") != NULL && is_utf8())
		return utf8_locale = 1;
	for (i = 0; i < NELEM(fallback); i++)
		if (setlocale(LC_CTYPE, fallback[i]) != NULL && is_utf8())
			return utf8_locale = 1;
	setlocale(LC_CTYPE, "C");
	return utf8_locale = 0;
}

const char *
table_ellipsis(void)
{
	return utf8_locale ? "\xe2\x80\xa6" : "...";
}

static size_t
ellipsis_width(void)
{
	return utf8_locale ? 1 : 3;
}

void
table_sanitize(struct strbuf *sb, const char *s, size_t n)
{
	term_escape(sb, s, n);
}

/* Width of the character at s[0..n) and its length in *lenp. */
static size_t
char_width(const char *s, size_t n, size_t *lenp)
{
	mbstate_t st;
	wchar_t wc;
	size_t len;
	int w;

	if ((unsigned char)*s < 0x80) {
		*lenp = 1;
		return (unsigned char)*s >= 0x20 && *s != 0x7f;
	}
	if ((len = utf8_char_len(s, n)) == 0) {
		*lenp = 1;
		return 1;
	}
	*lenp = len;
	if (!utf8_locale)
		return 1;
	memset(&st, 0, sizeof(st));
	if (mbrtowc(&wc, s, len, &st) != len)
		return 1;
	if ((w = wcwidth(wc)) < 0)
		return 1;
	return (size_t)w;
}

size_t
table_width(const char *s, size_t n)
{
	size_t i, len, w = 0;

	for (i = 0; i < n; i += len)
		w += char_width(s + i, n - i, &len);
	return w;
}

size_t
table_fit(struct strbuf *sb, const char *s, size_t n, size_t w)
{
	size_t i, len, cw, used = 0, limit;

	if ((cw = table_width(s, n)) <= w) {
		strbuf_add(sb, s, n);
		return cw;
	}
	if (w < ellipsis_width())
		return 0;
	limit = w - ellipsis_width();
	for (i = 0; i < n; i += len) {
		cw = char_width(s + i, n - i, &len);
		if (used + cw > limit)
			break;
		used += cw;
	}
	strbuf_add(sb, s, i);
	strbuf_addstr(sb, table_ellipsis());
	return used + ellipsis_width();
}

void
table_real(struct strbuf *sb, double d)
{
	char buf[64];
	double a = fabs(d);
	int e, decimals;
	size_t n;

	if (isnan(d)) {
		strbuf_addstr(sb, "nan");
		return;
	}
	if (isinf(d)) {
		strbuf_addstr(sb, d < 0 ? "-inf" : "inf");
		return;
	}
	if (a == 0) {
		strbuf_addch(sb, '0');
		return;
	}
	if (a < 1e-4 || a >= 1e15) {
		snprintf(buf, sizeof(buf), "%.6g", d);
		strbuf_addstr(sb, buf);
		return;
	}
	e = (int)floor(log10(a)) + 1;
	decimals = e >= 6 ? 0 : 6 - e;
	n = (size_t)snprintf(buf, sizeof(buf), "%.*f", decimals, d);
	if (strchr(buf, '.') != NULL) {
		while (n > 0 && buf[n - 1] == '0')
			n--;
		if (n > 0 && buf[n - 1] == '.')
			n--;
	}
	if (n == 2 && buf[0] == '-' && buf[1] == '0')
		n = 1, buf[0] = '0';
	strbuf_add(sb, buf, n);
}

void
table_init(struct table *t, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->head = xcalloc(ncols ? ncols : 1, sizeof(*t->head));
	t->nnum = xcalloc(ncols ? ncols : 1, sizeof(*t->nnum));
	t->ntext = xcalloc(ncols ? ncols : 1, sizeof(*t->ntext));
	/* Offset 0 holds an empty string for missing cells. */
	strbuf_addch(&t->text, '\0');
}

static void
store(struct table *t, struct table_cell *c, const char *s, size_t n,
    unsigned flags)
{
	c->off = t->text.len;
	c->n = n;
	c->flags = flags;
	strbuf_add(&t->text, s, n);
	strbuf_addch(&t->text, '\0');
}

void
table_head(struct table *t, size_t i, const char *s, size_t n)
{
	store(t, &t->head[i], s, n, 0);
}

size_t
table_row(struct table *t, unsigned flags)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->row = xreallocarray(t->row, t->cap, sizeof(*t->row));
		t->rowflags = xreallocarray(t->rowflags, t->cap,
		    sizeof(*t->rowflags));
	}
	memset(&t->row[t->nrows], 0, sizeof(t->row[t->nrows]));
	t->rowflags[t->nrows] = flags;
	return t->nrows++;
}

/*
 * Where column col is or would go in row rw: the index of the first
 * cell of a column not before it.  The last cell first, as cells are
 * mostly set left to right.
 */
static size_t
find_cell(const struct table_row *rw, size_t col)
{
	size_t lo = 0, hi = rw->n, mid;

	if (hi == 0 || rw->cell[hi - 1].col < col)
		return hi;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rw->cell[mid].col < col)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Count a cell of column col with flags f in (or out of) nnum, ntext. */
static void
count_cell(struct table *t, size_t col, unsigned f, int in)
{
	size_t *cnt = (f & TABLE_NUM) ? &t->nnum[col] : &t->ntext[col];

	if (in)
		(*cnt)++;
	else
		(*cnt)--;
}

void
table_set(struct table *t, size_t row, size_t col, const char *s, size_t n,
    unsigned flags)
{
	struct table_row *rw = &t->row[row];
	struct table_cell *c;
	size_t i;

	flags &= ~TABLE_MISSING;
	i = find_cell(rw, col);
	if (i < rw->n && rw->cell[i].col == col)
		count_cell(t, col, rw->cell[i].flags, 0);
	else {
		if (rw->n == rw->cap) {
			rw->cap = rw->cap ? rw->cap * 2 : 1;
			rw->cell = xreallocarray(rw->cell, rw->cap,
			    sizeof(*rw->cell));
		}
		memmove(&rw->cell[i + 1], &rw->cell[i],
		    (rw->n - i) * sizeof(*rw->cell));
		rw->n++;
		rw->cell[i].col = col;
	}
	c = &rw->cell[i];
	store(t, c, s, n, flags);
	count_cell(t, col, flags, 1);
}

void
table_set_str(struct table *t, size_t row, size_t col, const char *s)
{
	table_set(t, row, col, s, strlen(s), 0);
}

void
table_set_num(struct table *t, size_t row, size_t col, double d, int human)
{
	struct strbuf sb = STRBUF_INIT;

	if (isnan(d))
		return;
	if (!human)
		jsonw_real(&sb, d);
	else if (d == floor(d) && fabs(d) < 1e15)
		strbuf_addf(&sb, "%.0f", d);
	else
		table_real(&sb, d);
	table_set(t, row, col, sb.buf, sb.len, TABLE_NUM);
	strbuf_release(&sb);
}

void
table_set_pct(struct table *t, size_t row, size_t col, double part, double whole)
{
	char buf[32];

	double p, a;

	if (isnan(part) || !(whole != 0))
		return;
	p = 100 * part / whole;
	a = fabs(p);
	/* A part that is not 0 (or not all) never shows as 0% (100%). */
	if (part == 0 || part == whole || (a >= 0.05 && a < 99.95) ||
	    a >= 100)
		snprintf(buf, sizeof(buf), "%.1f%%", p);
	else if (a < 0.005)
		snprintf(buf, sizeof(buf), "%s0.01%%", p < 0 ? ">-" : "<");
	else if (a > 99.995 && a < 100)
		snprintf(buf, sizeof(buf), "%s99.99%%", p < 0 ? "<-" : ">");
	else
		snprintf(buf, sizeof(buf), "%.2f%%", p);
	table_set(t, row, col, buf, strlen(buf), TABLE_NUM);
}

void
table_set_uint(struct table *t, size_t row, size_t col, uint64_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)n);
	table_set(t, row, col, buf, strlen(buf), TABLE_NUM);
}

const char *
table_get(const struct table *t, size_t row, size_t col, size_t *lenp,
    unsigned *flagsp)
{
	const struct table_row *rw = &t->row[row];
	const struct table_cell *c;
	size_t i;

	i = find_cell(rw, col);
	if (i == rw->n || rw->cell[i].col != col) {
		if (lenp != NULL)
			*lenp = 0;
		if (flagsp != NULL)
			*flagsp = TABLE_MISSING;
		return t->text.buf;
	}
	c = &rw->cell[i];
	if (lenp != NULL)
		*lenp = c->n;
	if (flagsp != NULL)
		*flagsp = c->flags;
	return t->text.buf + c->off;
}

size_t
table_row_cells(const struct table *t, size_t row,
    const struct table_cell **cellsp)
{
	*cellsp = t->row[row].cell;
	return t->row[row].n;
}

int
table_numeric(const struct table *t, size_t i)
{
	return t->nnum[i] > 0 && t->ntext[i] == 0;
}

void
table_release(struct table *t)
{
	size_t r;

	for (r = 0; r < t->nrows; r++)
		free(t->row[r].cell);
	free(t->head);
	free(t->row);
	free(t->rowflags);
	free(t->nnum);
	free(t->ntext);
	strbuf_release(&t->text);
	memset(t, 0, sizeof(*t));
}

/*
 * Cells made displayable once: text in sb at off[k], width w[k].  The
 * header is k = 0 .. ncols - 1, then the present cells of each row
 * from k = first[r] on, in order; k = empty is a missing cell.
 */
struct shown {
	struct strbuf	 sb;
	size_t		*off;
	size_t		*len;
	size_t		*w;
	size_t		*first;		/* nrows */
	size_t		 empty;
};

static void
shown_cell(struct shown *sh, size_t k, const char *s, size_t n,
    void (*conv)(struct strbuf *, const char *, size_t))
{
	sh->off[k] = sh->sb.len;
	conv(&sh->sb, s, n);
	sh->len[k] = sh->sb.len - sh->off[k];
	sh->w[k] = table_width(sh->sb.buf + sh->off[k], sh->len[k]);
}

/* Convert the header and every present cell; column widths in colw. */
static void
shown_build(struct shown *sh, const struct table *t,
    void (*conv)(struct strbuf *, const char *, size_t), size_t *colw)
{
	size_t r, j, k, n = t->ncols;
	const struct table_cell *cell;

	memset(sh, 0, sizeof(*sh));
	/* Cells are read at sb.buf + offset, empty ones too. */
	strbuf_grow(&sh->sb, 0);
	sh->first = xreallocarray(NULL, t->nrows ? t->nrows : 1,
	    sizeof(size_t));
	for (r = 0; r < t->nrows; r++) {
		sh->first[r] = n;
		n += t->row[r].n;
	}
	sh->empty = n++;
	sh->off = xreallocarray(NULL, n, sizeof(size_t));
	sh->len = xreallocarray(NULL, n, sizeof(size_t));
	sh->w = xreallocarray(NULL, n, sizeof(size_t));
	sh->off[sh->empty] = sh->len[sh->empty] = sh->w[sh->empty] = 0;
	for (k = 0; k < t->ncols; k++) {
		cell = &t->head[k];
		shown_cell(sh, k, t->text.buf + cell->off, cell->n, conv);
		colw[k] = sh->w[k];
	}
	for (r = 0; r < t->nrows; r++)
		for (j = 0; j < t->row[r].n; j++) {
			k = sh->first[r] + j;
			cell = &t->row[r].cell[j];
			shown_cell(sh, k, t->text.buf + cell->off, cell->n,
			    conv);
			if (sh->w[k] > colw[cell->col])
				colw[cell->col] = sh->w[k];
		}
}

/*
 * The k of column c in row r, for columns taken left to right: *j is
 * the row's next present cell, 0 at the start of the row.
 */
static size_t
shown_at(const struct shown *sh, const struct table *t, size_t r, size_t c,
    size_t *j)
{
	const struct table_row *rw = &t->row[r];

	if (*j < rw->n && rw->cell[*j].col == c)
		return sh->first[r] + (*j)++;
	return sh->empty;
}

static void
shown_release(struct shown *sh)
{
	strbuf_release(&sh->sb);
	free(sh->off);
	free(sh->len);
	free(sh->w);
	free(sh->first);
}

static void
pad(struct strbuf *sb, size_t n, char c)
{
	if (n == 0)
		return;
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

/* Cut text columns, widest first, until the lines fit in width. */
static void
shrink(const struct table *t, const int *num, size_t *colw, size_t width)
{
	size_t c, best, total = 0;

	for (c = 0; c < t->ncols; c++)
		total += colw[c] + (c > 0 ? 2 : 0);
	while (total > width) {
		best = t->ncols;
		for (c = 0; c < t->ncols; c++)
			if (!num[c] && colw[c] > MIN_CUT_WIDTH &&
			    (best == t->ncols || colw[c] >= colw[best]))
				best = c;
		if (best == t->ncols)
			break;
		colw[best]--;
		total--;
	}
}

/* Append one finished line: cut if too wide, coloured, blanks trimmed. */
static void
put_line(struct strbuf *out, struct strbuf *line, size_t width,
    const char *sgr)
{
	size_t n = line->len;

	while (n > 0 && line->buf[n - 1] == ' ')
		n--;
	if (sgr != NULL)
		strbuf_addstr(out, sgr);
	if (width > 0 && table_width(line->buf, n) > width)
		table_fit(out, line->buf, n, width);
	else
		strbuf_add(out, line->buf, n);
	if (sgr != NULL)
		strbuf_addstr(out, term_seq(TERM_RESET));
	strbuf_addch(out, '\n');
	strbuf_reset(line);
}

static void
put_cell(struct strbuf *line, const struct shown *sh, size_t k, size_t w,
    int right)
{
	const char *s = sh->sb.buf + sh->off[k];
	size_t used;

	if (right && sh->w[k] <= w) {
		pad(line, w - sh->w[k], ' ');
		strbuf_add(line, s, sh->len[k]);
		return;
	}
	used = table_fit(line, s, sh->len[k], w);
	pad(line, w - used, ' ');
}

void
table_render_text(const struct table *t, const struct table_style *st,
    struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	struct shown sh;
	const char *sgr;
	size_t *colw, r, c, j;
	int *num;

	if (t->ncols == 0)
		return;
	colw = xcalloc(t->ncols, sizeof(*colw));
	num = xcalloc(t->ncols, sizeof(*num));
	for (c = 0; c < t->ncols; c++)
		num[c] = table_numeric(t, c);
	shown_build(&sh, t, table_sanitize, colw);
	if (st->width > 0)
		shrink(t, num, colw, st->width);
	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			strbuf_addstr(&line, "  ");
		put_cell(&line, &sh, c, colw[c], num[c]);
	}
	put_line(out, &line, st->width, st->colour ? term_seq(TERM_BOLD) : NULL);
	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			strbuf_addstr(&line, "  ");
		pad(&line, colw[c], '-');
	}
	put_line(out, &line, st->width, NULL);
	for (r = 0; r < t->nrows; r++) {
		for (c = j = 0; c < t->ncols; c++) {
			if (c > 0)
				strbuf_addstr(&line, "  ");
			put_cell(&line, &sh, shown_at(&sh, t, r, c, &j),
			    colw[c], num[c]);
		}
		sgr = NULL;
		if (st->colour && (t->rowflags[r] & TABLE_ROW_BAD))
			sgr = term_seq(TERM_RED);
		else if (st->colour && (t->rowflags[r] & TABLE_ROW_GOOD))
			sgr = term_seq(TERM_GREEN);
		put_line(out, &line, st->width, sgr);
	}
	strbuf_release(&line);
	shown_release(&sh);
	free(colw);
	free(num);
}

static int
ascii_punct(int c)
{
	return c != '\0' && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c)
	    != NULL;
}

void
table_markdown_escape(struct strbuf *sb, const char *s, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i += len) {
		len = 1;
		switch (s[i]) {
		case '|':
			strbuf_addstr(sb, "\\|");
			break;
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '\\':
			if (i + 1 < n && ascii_punct((unsigned char)s[i + 1]))
				strbuf_addstr(sb, "\\\\");
			else
				strbuf_addch(sb, '\\');
			break;
		case '\r':
			if (i + 1 < n && s[i + 1] == '\n')
				len = 2;
			/* FALLTHROUGH */
		case '\n':
			strbuf_addstr(sb, "<br>");
			break;
		default:
			if ((unsigned char)s[i] >= 0x80 &&
			    (len = utf8_char_len(s + i, n - i)) == 0)
				len = 1;
			table_sanitize(sb, s + i, len);
			break;
		}
	}
}

static void
md_cell(struct strbuf *sb, const struct shown *sh, size_t k, size_t w,
    int right)
{
	strbuf_addstr(sb, "| ");
	if (right)
		pad(sb, w - sh->w[k], ' ');
	strbuf_add(sb, sh->sb.buf + sh->off[k], sh->len[k]);
	if (!right)
		pad(sb, w - sh->w[k], ' ');
	strbuf_addch(sb, ' ');
}

void
table_render_markdown(const struct table *t, struct strbuf *out)
{
	struct shown sh;
	size_t *colw, r, c, j;
	int *num;

	if (t->ncols == 0)
		return;
	colw = xcalloc(t->ncols, sizeof(*colw));
	num = xcalloc(t->ncols, sizeof(*num));
	for (c = 0; c < t->ncols; c++)
		num[c] = table_numeric(t, c);
	shown_build(&sh, t, table_markdown_escape, colw);
	for (c = 0; c < t->ncols; c++)
		if (colw[c] < 3)
			colw[c] = 3;
	for (c = 0; c < t->ncols; c++)
		md_cell(out, &sh, c, colw[c], 0);
	strbuf_addstr(out, "|\n");
	for (c = 0; c < t->ncols; c++) {
		strbuf_addstr(out, "| ");
		pad(out, colw[c] - (num[c] ? 1 : 0), '-');
		strbuf_addstr(out, num[c] ? ": " : " ");
	}
	strbuf_addstr(out, "|\n");
	for (r = 0; r < t->nrows; r++) {
		for (c = j = 0; c < t->ncols; c++)
			md_cell(out, &sh, shown_at(&sh, t, r, c, &j), colw[c],
			    num[c]);
		strbuf_addstr(out, "|\n");
	}
	shown_release(&sh);
	free(colw);
	free(num);
}

void
table_csv_field(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;
	int quote;

	quote = n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t');
	for (i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n';
	if (!quote) {
		strbuf_add(sb, s, n);
		return;
	}
	strbuf_addch(sb, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, s[i]);
	}
	strbuf_addch(sb, '"');
}

int
table_csv_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0, exp;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (exp = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			exp++;
		if (exp == 0)
			return 0;
	}
	return i == n;
}

/* Whether s[0..n) is '@' and a plain name: @window.start, @alice. */
static int
at_name(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || s[0] != '@')
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '.'))
			return 0;
	return 1;
}

/*
 * Whether s[0..n) starts a formula: '=', '+', '-' or '@', or their
 * full-width forms U+FF1D, U+FF0B, U+FF0D, U+FF20, which some
 * spreadsheets read as the same.
 */
static int
formula_start(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	if (n > 0 && s[0] != '\0' && strchr("=+-@", s[0]) != NULL)
		return 1;
	return n >= 3 && p[0] == 0xef && p[1] == 0xbc &&
	    (p[2] == 0x9d || p[2] == 0x8b || p[2] == 0x8d || p[2] == 0xa0);
}

int
table_csv_formula(const char *s, size_t n, unsigned flags)
{
	size_t i;

	if (n == 0 || (flags & TABLE_NUM))
		return 0;
	if (s[0] == '\t' || s[0] == '\r')
		return 1;
	/* Blanks in front do not stop a spreadsheet that trims them. */
	for (i = 0; i < n && s[i] == ' '; i++)
		;
	return formula_start(s + i, n - i) &&
	    !table_csv_number(s + i, n - i) && !at_name(s + i, n - i);
}

/* One cell, with a quote in front if a spreadsheet would run it. */
static void
csv_cell(struct strbuf *out, const struct table *t,
    const struct table_cell *c, unsigned flags, struct strbuf *tmp)
{
	const char *s = t->text.buf + c->off;

	if ((flags & TABLE_CSV_RAW) || !table_csv_formula(s, c->n, c->flags)) {
		table_csv_field(out, s, c->n);
		return;
	}
	strbuf_reset(tmp);
	strbuf_addch(tmp, '\'');
	strbuf_add(tmp, s, c->n);
	table_csv_field(out, tmp->buf, tmp->len);
}

void
table_render_csv(const struct table *t, unsigned flags, struct strbuf *out)
{
	struct strbuf tmp = STRBUF_INIT;
	const struct table_row *rw;
	size_t r, c, j;

	if (t->ncols == 0)
		return;
	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			strbuf_addch(out, ',');
		csv_cell(out, t, &t->head[c], flags, &tmp);
	}
	strbuf_addch(out, '\n');
	for (r = 0; r < t->nrows; r++) {
		rw = &t->row[r];
		for (c = j = 0; c < t->ncols; c++) {
			if (c > 0)
				strbuf_addch(out, ',');
			/* A missing cell is empty. */
			if (j < rw->n && rw->cell[j].col == c)
				csv_cell(out, t, &rw->cell[j++], flags, &tmp);
		}
		strbuf_addch(out, '\n');
	}
	strbuf_release(&tmp);
}
