/* SPDX-License-Identifier: MIT */
/* report_model.c -- unit tests of report/model and view: records in, what is shown. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json/record.h"
#include "report/live.h"
#include "report/model.h"
#include "report/report_int.h"
#include "report/view.h"

#define W(s, e)	"\"@window\":{\"start\":\"2026-01-01T00:" s \
		":00Z\",\"end\":\"2026-01-01T00:" e ":00Z\"}"

static const char *const lines[] = {
	"{\"@ctl\":\"meta\",\"by\":[\"status\"],\"metrics\":["
	    "{\"name\":\"minutes\",\"fn\":\"sum\",\"field\":\"m\","
	    "\"merge\":\"sum\"},"
	    "{\"name\":\"p95\",\"fn\":\"p95\",\"merge\":\"none\"}]}",
	"{" W("00", "01") ",\"host\":\"a\",\"status\":200,\"minutes\":5,"
	    "\"p95\":1.5,\"other\":3}",
	"{" W("00", "01") ",\"host\":\"b\",\"status\":200,\"minutes\":40,"
	    "\"p95\":0.5,\"other\":4}",
	"{\"@ctl\":\"close\"," W("00", "01") "}",
	"{" W("01", "02") ",\"host\":\"a\",\"status\":500,\"minutes\":7,"
	    "\"p95\":2}",
	"{\"@alert\":{\"rule\":\"r\",\"state\":\"firing\"},\"host\":\"a\"}",
	"{\"@error\":{\"reason\":\"bad\"},\"@raw\":\"x\"}",
	"{\"plain\":1}",
	"{\"@ctl\":\"close\"," W("02", "03") "}",
	"{\"@ctl\":\"something new\"}"
};

static const enum model_kind kinds[] = {
	MODEL_CTL, MODEL_ROW, MODEL_ROW, MODEL_CLOSE, MODEL_ROW, MODEL_ALERT,
	MODEL_REJECT, MODEL_RECORD, MODEL_CLOSE, MODEL_CTL
};

/*
 * A window whose rows have no column but @window: its table has rows
 * and no text, and the live screen still draws (found by fuzz-report:
 * NULL + 0 in live.c, seen by clang's UBSan).
 */
static void
test_live_no_columns(void)
{
	static const char line[] = "{" W("00", "01") "}";
	struct render_view view = { .width = 40, .height = 10 };
	struct model_opts o;
	struct record r = RECORD_INIT;
	struct sluice_err e;
	struct strbuf sb = STRBUF_INIT;
	struct model *md;

	memset(&o, 0, sizeof(o));
	md = model_new(&o);
	CHECK(record_parse(&r, line, strlen(line), &e) == 0);
	CHECK_INT(model_add(md, &r), MODEL_ROW);
	live_draw(md, &view, &sb);
	CHECK(sb.len > 0 && strstr(sb.buf, "2026-01-01") != NULL);
	strbuf_release(&sb);
	record_release(&r);
	model_free(md);
}

/* The column named name, or NO_INDEX. */
static size_t
col(const struct model *md, const char *name)
{
	size_t c;

	for (c = 0; c < md->ncol; c++)
		if (strcmp(md->col[c].name, name) == 0)
			return c;
	return NO_INDEX;
}

/* The value of column name in window i, by its merge rule. */
static double
value(const struct model *md, size_t i, const char *name)
{
	size_t c = col(md, name);

	return merge_value(merge_get(md->win[i].acc, md->win[i].nacc, c),
	    view_merge(md, c));
}

int
main(void)
{
	struct model_opts o;
	struct model_counts n;
	struct model *md;
	struct record r = RECORD_INIT;
	struct sluice_err e;
	struct strbuf sb = STRBUF_INIT;
	const struct rows *rows;
	size_t i;

	memset(&o, 0, sizeof(o));
	md = model_new(&o);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		CHECK(record_parse(&r, lines[i], strlen(lines[i]), &e) == 0);
		CHECK_INT(model_add(md, &r), kinds[i]);
	}
	model_counts(md, &n);
	CHECK_INT(n.rows, 3);
	CHECK_INT(n.windows, 3);
	CHECK_INT(n.alerts, 1);
	CHECK_INT(n.firing, 1);
	CHECK_INT(n.rejects, 1);
	CHECK_INT(n.late, 1);
	CHECK_INT(n.ctl, 4);

	/* What each column is: status a key by the meta record. */
	CHECK_INT(view_kind(md, col(md, "host")), VIEW_KEY);
	CHECK_INT(view_kind(md, col(md, "status")), VIEW_KEY);
	CHECK_INT(view_kind(md, col(md, "minutes")), VIEW_METRIC);
	CHECK_INT(view_merge(md, col(md, "minutes")), MERGE_SUM);
	CHECK_INT(view_merge(md, col(md, "p95")), MERGE_NONE);
	CHECK_INT(view_merge(md, col(md, "other")), MERGE_NONE);

	/* Window 0: minutes add up; p95 of two groups is no value. */
	CHECK(value(md, 0, "minutes") == 45);
	CHECK(isnan(value(md, 0, "p95")));
	CHECK(isnan(value(md, 0, "other")));
	/* Window 1: one group, its own p95. */
	CHECK(value(md, 1, "p95") == 2);
	CHECK(value(md, 1, "minutes") == 7);

	/* The latest closed window is the empty one at 00:02. */
	i = view_latest(md, &rows);
	CHECK_STR(md->win[i].start, "2026-01-01T00:02:00Z");
	CHECK_INT(rows->n, 0);

	/* Why a column is not combined, in words. */
	view_merge_note(md, col(md, "p95"), &sb);
	CHECK_STR(sb.buf, "p95: a percentile cannot be combined across "
	    "groups; give report the --partial output of aggregate to "
	    "combine them");
	strbuf_reset(&sb);
	view_merge_note(md, col(md, "other"), &sb);
	CHECK_STR(sb.buf, "other: the meta record does not say how to "
	    "combine it across groups");
	strbuf_release(&sb);

	record_release(&r);
	model_free(md);
	test_live_no_columns();
	return check_status();
}
