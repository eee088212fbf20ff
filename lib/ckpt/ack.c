/* SPDX-License-Identifier: MIT */
/* ack.c -- how the stages of a pipeline tell its source what they saved. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "ckpt/ack.h"
#include "core/strbuf.h"
#include "io/atomic.h"
#include "io/file.h"
#include "json/jsonw.h"
#include "json/scan.h"

/* Past this many stages a pipeline is surely a mistake. */
#define MAX_STAGES	1000

static void
ack_name(struct strbuf *sb, const char *source, int64_t stage)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s.stage%" PRId64, source, stage);
}

int
ckpt_ack_write(const char *source, int64_t stage, int64_t epoch, int64_t id,
    const char *tool, const char *state, int last, struct sluice_err *err)
{
	struct strbuf name = STRBUF_INIT, sb = STRBUF_INIT;
	int rv;

	if (stage < 1 || stage > MAX_STAGES)
		return err_set(err, 0, "stage %" PRId64 " is out of range",
		    stage);
	ack_name(&name, source, stage);
	strbuf_addf(&sb, "{\"stage\":%" PRId64 ",\"epoch\":%" PRId64
	    ",\"id\":%" PRId64 ",\"tool\":", stage, epoch, id);
	jsonw_string(&sb, tool, strlen(tool));
	strbuf_addstr(&sb, ",\"state\":");
	jsonw_string(&sb, state, strlen(state));
	strbuf_addf(&sb, ",\"last\":%s}\n", last ? "true" : "false");
	rv = atomic_replace(name.buf, sb.buf, sb.len, err);
	strbuf_release(&name);
	strbuf_release(&sb);
	return rv;
}

int
ckpt_ack_scan(const char *source, int64_t epoch, struct ckpt_acks *a,
    struct sluice_err *err)
{
	struct strbuf name = STRBUF_INIT, text = STRBUF_INIT;
	struct sluice_err e;
	struct jval doc, v;
	int64_t k, ep, id;
	int r, rv = 0;

	memset(a, 0, sizeof(*a));
	a->min_id = INT64_MAX;
	for (k = 1; k <= MAX_STAGES; k++) {
		ack_name(&name, source, k);
		strbuf_reset(&text);
		if ((r = file_read_if(name.buf, &text, err)) <= 0) {
			rv = r;
			break;
		}
		while (text.len > 0 && text.buf[text.len - 1] == '\n')
			text.len--;
		if (scan_document(text.buf, text.len, &doc, &e) == -1 ||
		    !jval_find(&doc, "epoch", 5, &v) ||
		    jval_int64(&v, &ep) == -1 ||
		    !jval_find(&doc, "id", 2, &v) ||
		    jval_int64(&v, &id) == -1) {
			rv = err_set(err, 0, "%s is damaged", name.buf);
			break;
		}
		a->all++;
		if (ep != epoch)
			continue;
		a->n++;
		if (id < a->min_id)
			a->min_id = id;
		if (jval_find(&doc, "last", 4, &v) && v.type == JT_TRUE)
			a->last = 1;
	}
	strbuf_release(&name);
	strbuf_release(&text);
	return rv;
}

int
ckpt_ack_clear(const char *source, struct sluice_err *err)
{
	struct strbuf name = STRBUF_INIT;
	int64_t k;
	int rv = 0;

	for (k = 1; k <= MAX_STAGES; k++) {
		ack_name(&name, source, k);
		if (unlink(name.buf) == -1) {
			if (errno != ENOENT)
				rv = err_set(err, 0, "unlink %s: %s",
				    name.buf, strerror(errno));
			break;
		}
	}
	strbuf_release(&name);
	return rv;
}
