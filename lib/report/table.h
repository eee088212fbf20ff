/* SPDX-License-Identifier: MIT */
/* table.h -- a table of text cells: display widths, alignment, rendering. */
#ifndef SLUICE_TABLE_H
#define SLUICE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

/*
 * Display width.  Text is UTF-8.  Widths come from wcwidth(3) in a
 * UTF-8 LC_CTYPE: the user's locale if it is one, else C.UTF-8 (CJK
 * and most emoji are 2 columns, combining marks 0).  LC_NUMERIC is
 * never touched, so numbers always use '.'.
 *
 * Text meant for a terminal is first made safe (table_sanitize, that
 * is term_escape() of io/term.h): control characters (C0, DEL, C1),
 * bidirectional controls and invisible format characters are shown as
 * escapes such as \n, \t, \x1b, \u202e, so data can neither move the
 * cursor nor reorder or hide what is shown.
 */

/*
 * Set LC_CTYPE from the environment; if that is not UTF-8, try C.UTF-8
 * (and its other spellings).  Returns 1 if a UTF-8 locale is in use,
 * else 0 (then every character counts as one column).  Call once,
 * before any other table function.
 */
int	table_locale_init(void);

/* Append s[0..n) with the characters above escaped: term_escape(). */
void	table_sanitize(struct strbuf *, const char *s, size_t n);
/* Display width of the UTF-8 text s[0..n), taken as already sanitized. */
size_t	table_width(const char *s, size_t n);
/*
 * Append s[0..n) (sanitized) cut to at most w columns: if it is wider,
 * as many characters as fit in w - 1 columns and an ellipsis.  Returns
 * the width appended, which may be less than w (a wide character that
 * did not fit).
 */
size_t	table_fit(struct strbuf *, const char *s, size_t n, size_t w);
/* The ellipsis: "\u2026" in a UTF-8 locale, else "...". */
const char *table_ellipsis(void);

/*
 * A real number for people: rounded to 6 significant digits but never
 * in its integer part (1234567.8 gives 1234568), trailing zeros
 * dropped (2.50 gives 2.5, 2.0 gives 2), and in exponent notation below
 * 0.0001 or from 1e15 on (1e+300).  Infinities and NaN as inf, -inf,
 * nan.
 */
void	table_real(struct strbuf *, double);

/* Cell flags. */
#define TABLE_NUM	0x1	/* a number: right-aligned */
#define TABLE_MISSING	0x2	/* no value (an empty cell) */

/* Row flags, shown in colour on a terminal. */
#define TABLE_ROW_BAD	0x1	/* red: a firing alert */
#define TABLE_ROW_GOOD	0x2	/* green: a resolved one */

struct table_cell {
	size_t		 off;	/* into text */
	size_t		 n;
	size_t		 col;	/* a row's cell: its column */
	unsigned	 flags;
};

/* The cells present in a row, by column. */
struct table_row {
	struct table_cell	*cell;
	size_t			 n;
	size_t			 cap;
};

/*
 * The table: a header of ncols names and rows of ncols cells.  Cell
 * text is copied into one buffer; a cell never set is missing.  A
 * column is numeric (right-aligned, header too) when it has a number
 * and every other cell in it is a number or missing.
 *
 * Rows hold only the cells set, so a table takes memory in proportion
 * to them, not to rows times columns (records whose keys all differ
 * make a wide table of mostly missing cells).  Setting the cells of a
 * row left to right, as the renderings do, appends each one.
 */
struct table {
	size_t			 ncols;
	struct table_cell	*head;
	struct table_row	*row;		/* nrows */
	unsigned		*rowflags;
	size_t			 nrows;
	size_t			 cap;		/* rows allocated */
	size_t			*nnum;		/* per column: numbers */
	size_t			*ntext;		/* and other cells */
	struct strbuf		 text;
};

void	table_init(struct table *, size_t ncols);
/* Set header i to s[0..n). */
void	table_head(struct table *, size_t i, const char *s, size_t n);
/* Add a row of missing cells with the TABLE_ROW_* flags; its index. */
size_t	table_row(struct table *, unsigned flags);
/* Set a cell to s[0..n) with TABLE_NUM or 0. */
void	table_set(struct table *, size_t row, size_t col, const char *s,
	    size_t n, unsigned flags);
/* Set a cell to the text s (not a number). */
void	table_set_str(struct table *, size_t row, size_t col, const char *s);
/*
 * Set a cell to the number d: if human, a whole number as an integer
 * and any other as table_real() shows it, else as JSON (exactly).  A
 * NAN leaves the cell missing.
 */
void	table_set_num(struct table *, size_t row, size_t col, double d,
	    int human);
/*
 * Set a cell to part as a percentage of whole ("12.5%"); none for NAN
 * or 0.  A part that is neither 0 nor whole never shows as 0.0% or
 * 100.0%: two decimals below 0.05% and above 99.95% ("0.03%",
 * "99.97%"), "<0.01%" and ">99.99%" beyond them.
 */
void	table_set_pct(struct table *, size_t row, size_t col, double part,
	    double whole);
void	table_set_uint(struct table *, size_t row, size_t col, uint64_t n);
/*
 * Cell text (NUL-terminated in the table's buffer) and its length; a
 * missing cell is "" with TABLE_MISSING.  A binary search of the row.
 */
const char *table_get(const struct table *, size_t row, size_t col,
	    size_t *lenp, unsigned *flagsp);
/*
 * The cells present in row r, ordered by column (each has its col):
 * their number, and the array in *cellsp, valid until the row is next
 * set.  Missing cells are not in it.
 */
size_t	table_row_cells(const struct table *, size_t row,
	    const struct table_cell **cellsp);
/* Whether column i is numeric (above). */
int	table_numeric(const struct table *, size_t i);
void	table_release(struct table *);

struct table_style {
	size_t	 width;		/* fit lines in this many columns; 0: any */
	int	 colour;	/* ANSI colour: bold header, row colours */
};

/*
 * Aligned text: the header, a line of dashes, the rows; columns two
 * spaces apart, numeric columns right-aligned, no trailing blanks.
 * With a width, the widest text columns are cut (with an ellipsis) to
 * make lines fit, down to 4 columns each; lines still too wide are cut
 * at the width.  Numbers are never cut but in that last resort.
 */
void	table_render_text(const struct table *, const struct table_style *,
	    struct strbuf *);
/*
 * A GitHub-flavoured Markdown table: numeric columns ---: (right).  In
 * cells, '|' is written \|, '<' as &lt;, a backslash before ASCII
 * punctuation is doubled, line breaks (LF, CR, CRLF) become <br>, and
 * other control characters are escaped as for a terminal.  Cells are
 * padded to align the columns in the source.
 */
void	table_render_markdown(const struct table *, struct strbuf *);
/* Append s[0..n) escaped as in a Markdown cell (above). */
void	table_markdown_escape(struct strbuf *, const char *s, size_t n);
/*
 * CSV (RFC 4180) with LF line ends: a field is quoted when it holds a
 * comma, a double quote, CR or LF, or starts or ends with a blank;
 * quotes inside are doubled.  Missing cells are empty.
 *
 * Unless flags has TABLE_CSV_RAW, a cell (header cells too) that
 * table_csv_formula() says a spreadsheet would run gets a single quote
 * in front, as OWASP recommends against CSV injection.
 */
#define TABLE_CSV_RAW	0x1	/* cells exactly as they are */
void	table_render_csv(const struct table *, unsigned flags,
	    struct strbuf *);
/*
 * Whether a spreadsheet would take the cell s[0..n), with the cell
 * flags given, for a formula: it starts with '=', '+', '-', '@', tab or
 * CR, and is not a number (a TABLE_NUM cell, or text that
 * table_csv_number() accepts: -2.5 stays a number) nor '@' and a plain
 * name of letters, digits, '_' and '.' (@window.start, @alice), which
 * calls nothing.
 */
int	table_csv_formula(const char *s, size_t n, unsigned flags);
/*
 * Whether s[0..n) reads as a plain decimal number: an optional sign,
 * digits with an optional '.' (or a '.' and digits), an optional
 * exponent; nothing else, no blank.
 */
int	table_csv_number(const char *s, size_t n);
/* Append one CSV field as above. */
void	table_csv_field(struct strbuf *, const char *s, size_t n);

#endif
