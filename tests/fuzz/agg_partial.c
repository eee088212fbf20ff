/* SPDX-License-Identifier: MIT */
/* agg_partial.c -- fuzz aggregate --merge: partial states from elsewhere. */
#include "agg/aggregator.h"
#include "fuzz.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"
#include "stream/stream.h"

/*
 * Partial states come from other machines (aggregate --partial), so
 * they are untrusted input.  Byte 0 chooses the mode; the rest are
 * lines.
 *
 *   merge: aggregate --merge reads the lines as a stream (meta records,
 *     partials, close markers), with the functions given by -a (all of
 *     them) or taken from the input, with -g h or not.
 *   state: aggregate --state reads the lines as the body of its state
 *     file (a header, then partial lines), for the same functions; a
 *     state that loads is saved and must load again.
 *
 * Either way the aggregator then finishes, and every row it writes
 * must be one JSON object.
 */

#define ALL	"count,count:x,sum:x,min:x,max:x,mean:x,var:x,stddev:x," \
		"first:h,last:h,distinct:h,p95:x,median:x,top3:h,rate,rate:x"

static void
on_row(void *arg, const char *p, size_t n)
{
	(void)arg;
	fuzz_assert_object(p, n);
}

/* An aggregator as the options of mode would set it up. */
static void
setup(struct aggregator *a, int spec, int by, int merge)
{
	struct strbuf why = STRBUF_INIT;
	struct sluice_err e;

	aggregator_init(a, on_row, NULL);
	a->merge = merge;
	if (spec) {
		FUZZ_ASSERT(agg_spec_parse(&a->spec, ALL, &e) == 0);
		a->have_spec = 1;
	}
	if (by)
		FUZZ_ASSERT((a->nby = path_list("h", &a->by, &e)) == 1);
	a->hold_meta = !merge;
	FUZZ_ASSERT(aggregator_start(a, &why) == 0);
	strbuf_release(&why);
}

static void
merge(const char *p, const char *end, int spec, int by)
{
	struct aggregator a;
	struct record rec = RECORD_INIT;
	struct strbuf why = STRBUF_INIT;
	struct sluice_err e;
	const char *line;
	char *own = NULL;
	size_t len;
	uint64_t seq = 0;

	setup(&a, spec, by, 1);
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		if (record_parse(&rec, line, len, &e) == -1)
			continue;
		seq++;
		if (stream_ctl_of(&rec) != CTL_NONE) {
			if (aggregator_ctl(&a, &rec, &why) == -1)
				break;
		} else if (aggregator_record(&a, &rec, seq, &e, &why) ==
		    AGGREGATOR_FATAL)
			break;
	}
	aggregator_finish(&a);
	fuzz_line_done(&own);
	record_release(&rec);
	strbuf_release(&why);
	aggregator_release(&a);
}

static void
state(const char *p, size_t n, int by)
{
	struct aggregator a, b;
	struct strbuf body = STRBUF_INIT;
	struct sluice_err e;

	setup(&a, 1, by, 0);
	if (aggregator_load(&a, p, n, &e) == 0) {
		aggregator_save(&a, &body);
		setup(&b, 1, by, 0);
		FUZZ_ASSERT(aggregator_load(&b, body.buf, body.len, &e) == 0);
		aggregator_finish(&b);
		aggregator_release(&b);
	}
	aggregator_finish(&a);
	aggregator_release(&a);
	strbuf_release(&body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data + 1;

	if (size < 1)
		return 0;
	if (data[0] & 1)
		state(p, size - 1, data[0] & 4);
	else
		merge(p, (const char *)data + size, data[0] & 2, data[0] & 4);
	return 0;
}
