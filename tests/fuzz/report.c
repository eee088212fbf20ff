/* SPDX-License-Identifier: MIT */
/* report.c -- fuzz the report: a model built from records, every rendering. */
#include "fuzz.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"
#include "report/live.h"
#include "report/model.h"
#include "report/render.h"
#include "report/table.h"

/*
 * Input: byte 0 sets the options (--top, a row limit, -g h, --columns,
 * keeping every row), byte 1 the terminal width and colour; then a
 * title (--title) up to a NUL or newline; then NDJSON records (rows,
 * windows, alerts, rejects, control and meta records).  Records go
 * into the model as report reads them, with a live update after each
 * close marker as report --live writes when not on a terminal; then
 * the report is rendered in every format into memory, and the live
 * screen is drawn.  The JSON rendering must be one JSON object.
 */

static void
render_all(struct model *md, const struct render_view *view)
{
	static const char *const names[] = { "table", "markdown", "csv",
	    "json", "html" };
	const struct render_format *f;
	struct strbuf out = STRBUF_INIT;
	struct sluice_err e;
	struct jval v;
	size_t i;

	for (i = 0; i < NELEM(names); i++) {
		f = render_format(names[i]);
		FUZZ_ASSERT(f != NULL);
		strbuf_reset(&out);
		f->render(md, view, &out);
		if (strcmp(names[i], "json") == 0) {
			FUZZ_ASSERT(scan_document(out.buf, out.len, &v,
			    &e) == 0);
			FUZZ_ASSERT(v.type == JT_OBJECT);
		}
	}
	strbuf_reset(&out);
	live_draw(md, view, &out);
	strbuf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale_done;
	struct model_opts mo;
	struct render_view view;
	struct record rec = RECORD_INIT;
	struct strbuf log = STRBUF_INIT;
	struct sluice_err e;
	struct model_counts mc;
	struct path **keys = NULL, **cols = NULL;
	struct model *md;
	const char *title, *p, *end, *line;
	size_t tn, rn, len;
	char *ctitle, *own = NULL;
	enum model_kind k;

	if (size < 2)
		return 0;
	if (!locale_done) {
		table_locale_init();
		locale_done = 1;
	}
	memset(&mo, 0, sizeof(mo));
	memset(&view, 0, sizeof(view));
	mo.top = data[0] & 1 ? 2 : MODEL_TOP;
	mo.limit = data[0] & 2 ? 3 : 0;
	if (data[0] & 4)
		FUZZ_ASSERT((mo.nkeys = path_list("h", &keys, &e)) == 1);
	mo.keys = keys;
	if (data[0] & 8)
		FUZZ_ASSERT((mo.ncols = path_list("h,x,@window.start,a.b",
		    &cols, &e)) == 4);
	mo.cols = cols;
	mo.keep_all = (data[0] & 16) != 0;
	view.width = data[1] & 0x7f;
	view.height = data[1] & 0x80 ? 12 : 0;
	view.colour = (data[1] & 0x80) != 0;
	fuzz_split(data + 2, size - 2, &title, &tn, &p, &rn);
	end = p + rn;
	ctitle = fuzz_str(title, tn);
	mo.title = tn > 0 ? ctitle : NULL;

	md = model_new(&mo);
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		if (record_parse(&rec, line, len, &e) == -1)
			continue;
		k = model_add(md, &rec);
		if (k == MODEL_CLOSE || k == MODEL_SNAPSHOT) {
			strbuf_reset(&log);
			live_update(md, &view, &log);
		}
	}
	model_counts(md, &mc);
	render_all(md, &view);
	model_free(md);
	fuzz_line_done(&own);
	record_release(&rec);
	strbuf_release(&log);
	path_list_free(keys, mo.nkeys);
	path_list_free(cols, mo.ncols);
	free(ctitle);
	return 0;
}
