/* SPDX-License-Identifier: MIT */
/* table.c -- unit tests of report/table: widths, numbers, the three notations. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/strbuf.h"
#include "report/table.h"

/* The text of sb as a C string (sb is NUL-terminated by strbuf). */
static const char *
str(const struct strbuf *sb)
{
	return sb->buf != NULL ? sb->buf : "";
}

static void
check_real(void)
{
	static const struct {
		double		 d;
		const char	*want;
	} t[] = {
		{ 2.5, "2.5" },
		{ 2.0, "2" },
		{ 1234567.8, "1234568" },
		{ 0.30000000000000004, "0.3" },
		{ 0.000123456789, "0.000123457" },
		{ 1e-7, "1e-07" },
		{ 1e300, "1e+300" },
		{ -0.5, "-0.5" }
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		strbuf_reset(&sb);
		table_real(&sb, t[i].d);
		CHECK_STR(str(&sb), t[i].want);
	}
	strbuf_reset(&sb);
	table_real(&sb, INFINITY);
	CHECK_STR(str(&sb), "inf");
	strbuf_reset(&sb);
	table_real(&sb, NAN);
	CHECK_STR(str(&sb), "nan");
	strbuf_release(&sb);
}

/* Control and bidi characters become escapes; the rest stays. */
static void
check_sanitize(void)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	const char *in = "a\x1b[31m\n\t\xe2\x80\xae" "caf\xc3\xa9\xff";

	table_sanitize(&sb, in, strlen(in));
	CHECK_STR(str(&sb), "a\\x1b[31m\\n\\t\\u202ecaf\xc3\xa9\\xff");
	/* Made safe once, it stays the same. */
	table_sanitize(&out, sb.buf, sb.len);
	CHECK_STR(str(&out), str(&sb));
	strbuf_release(&sb);
	strbuf_release(&out);
}

static void
check_width(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t w;

	/* Wide CJK: two columns each; a combining accent: none. */
	CHECK_INT(table_width("\xe6\x9d\xb1\xe4\xba\xac", 6), 4);
	CHECK_INT(table_width("cafe\xcc\x81", 6), 4);
	CHECK_INT(table_width("abc", 3), 3);
	/* Cut to fit, with an ellipsis of one column. */
	w = table_fit(&sb, "abcdefgh", 8, 5);
	CHECK_INT(w, 5);
	CHECK_STR(str(&sb), "abcd\xe2\x80\xa6");
	strbuf_reset(&sb);
	w = table_fit(&sb, "abc", 3, 5);
	CHECK_INT(w, 3);
	CHECK_STR(str(&sb), "abc");
	/* A wide character that does not fit is left out whole. */
	strbuf_reset(&sb);
	w = table_fit(&sb, "a\xe6\x9d\xb1\xe4\xba\xac", 7, 3);
	CHECK(w <= 3);
	CHECK_STR(str(&sb), "a\xe2\x80\xa6");
	strbuf_release(&sb);
}

/* host and n: a text column and a numeric one, a missing cell. */
static void
make(struct table *t)
{
	size_t r;

	table_init(t, 2);
	table_head(t, 0, "host", 4);
	table_head(t, 1, "n", 1);
	r = table_row(t, 0);
	table_set_str(t, r, 0, "web-1");
	table_set_num(t, r, 1, 1500, 1);
	r = table_row(t, TABLE_ROW_BAD);
	table_set_str(t, r, 0, "a|b, \"c\"");
	table_set_num(t, r, 1, NAN, 1);
	r = table_row(t, 0);
	table_set_str(t, r, 0, "x");
	table_set_num(t, r, 1, 2.25, 1);
}

static void
check_cells(void)
{
	struct table t;
	const char *s;
	size_t n;
	unsigned f;

	make(&t);
	CHECK_INT(t.nrows, 3);
	CHECK(table_numeric(&t, 1));
	CHECK(!table_numeric(&t, 0));
	s = table_get(&t, 0, 1, &n, &f);
	CHECK_STR(s, "1500");
	CHECK(f & TABLE_NUM);
	table_get(&t, 1, 1, &n, &f);
	CHECK(f & TABLE_MISSING);
	table_set_pct(&t, 1, 1, 1, 8);
	CHECK_STR(table_get(&t, 1, 1, &n, &f), "12.5%");
	table_set_uint(&t, 2, 1, 18446744073709551615ULL);
	CHECK_STR(table_get(&t, 2, 1, &n, &f), "18446744073709551615");
	/* Not human: exactly as JSON. */
	table_set_num(&t, 0, 1, 0.1, 0);
	CHECK_STR(table_get(&t, 0, 1, &n, &f), "0.1");
	table_release(&t);
}

static void
check_render(void)
{
	struct table_style st = { 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	struct table t;

	make(&t);
	table_render_text(&t, &st, &sb);
	CHECK_STR(str(&sb),
	    "host         n\n"
	    "--------  ----\n"
	    "web-1     1500\n"
	    "a|b, \"c\"\n"
	    "x         2.25\n");
	strbuf_reset(&sb);
	table_render_markdown(&t, &sb);
	CHECK_STR(str(&sb),
	    "| host      | n    |\n"
	    "| --------- | ---: |\n"
	    "| web-1     | 1500 |\n"
	    "| a\\|b, \"c\" |      |\n"
	    "| x         | 2.25 |\n");
	strbuf_reset(&sb);
	table_render_csv(&t, 0, &sb);
	CHECK_STR(str(&sb),
	    "host,n\n"
	    "web-1,1500\n"
	    "\"a|b, \"\"c\"\"\",\n"
	    "x,2.25\n");
	/* Colour: a bold header and a red row, each closed. */
	strbuf_reset(&sb);
	st.colour = 1;
	table_render_text(&t, &st, &sb);
	CHECK(strncmp(str(&sb), "\x1b[1mhost", 8) == 0);
	CHECK(strstr(str(&sb), "\x1b[31ma|b, \"c\"\x1b[0m\n") != NULL);
	/* A width: the text column is cut, the numbers kept. */
	strbuf_reset(&sb);
	st.colour = 0;
	st.width = 10;
	table_render_text(&t, &st, &sb);
	CHECK_STR(str(&sb),
	    "host     n\n"
	    "----  ----\n"
	    "web\xe2\x80\xa6  1500\n"
	    "a|b\xe2\x80\xa6\n"
	    "x     2.25\n");
	table_release(&t);
	strbuf_release(&sb);
}

static void
check_escapes(void)
{
	struct strbuf sb = STRBUF_INIT;

	table_csv_field(&sb, " lead", 5);
	strbuf_addch(&sb, ',');
	table_csv_field(&sb, "plain", 5);
	strbuf_addch(&sb, ',');
	table_csv_field(&sb, "two\nlines", 9);
	CHECK_STR(str(&sb), "\" lead\",plain,\"two\nlines\"");
	strbuf_reset(&sb);
	table_markdown_escape(&sb, "x\\|y <b> c:\\dir\r\nz", 18);
	CHECK_STR(str(&sb), "x\\\\\\|y &lt;b> c:\\dir<br>z");
	strbuf_release(&sb);
}

int
main(void)
{
	CHECK(table_locale_init() == 1);
	check_real();
	check_sanitize();
	check_width();
	check_cells();
	check_render();
	check_escapes();
	return check_status();
}
