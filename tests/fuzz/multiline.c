/* SPDX-License-Identifier: MIT */
/* multiline.c -- fuzz ingest --multiline (parse/multiline through the reader). */
#include "fuzz.h"
#include "json/scan.h"
#include "parse/logparse.h"
#include "parse/reader.h"

/*
 * Input: byte 0 chooses the format (one that takes --multiline, or
 * auto, which detects the format from the lines that do not continue) and
 * whether the input waits (reader_idle) after lines of a length that is
 * a multiple of 7; byte 1 the pattern (of a few, or, with its high bit,
 * the first line of the rest) and small limits of lines and bytes; the
 * rest are the lines of one file, then its end.  Every record must be
 * one JSON object, and every line accounted for: records, rejects,
 * skipped and continuation lines add up to the lines given.
 */

struct tally {
	uint64_t	rejects;
};

static void
on_record(void *arg, const char *p, size_t n)
{
	(void)arg;
	fuzz_assert_object(p, n);
}

static void
on_reject(void *arg, const struct line *ln, size_t col, const char *reason)
{
	struct tally *t = arg;

	t->rejects++;
	FUZZ_ASSERT(reason != NULL && *reason != '\0');
	FUZZ_ASSERT(ln->p == NULL || col <= ln->len + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum logformat formats[] = { LF_SYSLOG, LF_TEXT,
	    LF_LOG4J, LF_GLOG, LF_ERRORLOG, LF_AUTO };
	static const char *const patterns[] = { "^[[:space:]]", "^\\s",
	    "^\\s+at |^Caused by:|^\\s+\\.\\.\\. \\d+ more",
	    "^(?!\\d{4}-\\d\\d-\\d\\d )", "^$", "x" };
	static const size_t maxl[] = { 0, 1, 2, 5 };
	static const size_t maxb[] = { 0, 1, 40, 200 };
	struct tally t = { 0 };
	struct reader_opts o;
	struct reader_out out = { .record = on_record, .reject = on_reject,
	    .arg = &t };
	const struct reader_counts *n;
	struct sluice_err e;
	struct reader *r;
	struct line ln;
	const char *p, *end, *line, *rest;
	char *own = NULL, *pat = NULL;
	size_t len, patlen, restlen;
	uint64_t lines = 0;
	int idle;

	if (size < 2)
		return 0;
	memset(&o, 0, sizeof(o));
	o.format = formats[data[0] % NELEM(formats)];
	idle = (data[0] & 0x80) != 0;
	o.lpo.tz.kind = TZ_UTC;
	o.infer = 1;
	o.topts.tz.kind = TZ_UTC;
	o.topts.unit = TU_AUTO;
	o.ml.max_lines = maxl[(data[1] >> 3) & 3];
	o.ml.max_bytes = maxb[(data[1] >> 5) & 3];
	p = (const char *)data + 2;
	end = (const char *)data + size;
	if (data[1] & 0x80) {
		fuzz_split((const uint8_t *)p, (size_t)(end - p), &line,
		    &patlen, &rest, &restlen);
		pat = fuzz_str(line, patlen);
		o.ml.pattern = pat;
		p = rest;
	} else
		o.ml.pattern = patterns[(data[1] & 7) % NELEM(patterns)];
	if ((r = reader_new(&o, &out, &e)) == NULL) {
		/* Only a pattern of the input may be bad. */
		FUZZ_ASSERT(pat != NULL && e.msg[0] != '\0');
		free(pat);
		return 0;
	}
	memset(&ln, 0, sizeof(ln));
	ln.name = "fuzz-input";
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		ln.p = own;
		ln.len = len;
		ln.lineno++;
		ln.partial = p == end && end[-1] != '\n';
		reader_line(r, &ln);
		lines++;
		if (idle && len % 7 == 0)
			reader_idle(r);
	}
	reader_end(r);
	fuzz_line_done(&own);
	n = reader_counts(r);
	FUZZ_ASSERT(!reader_pending(r));
	FUZZ_ASSERT(n->records + t.rejects + n->skipped + n->continued ==
	    lines);
	reader_free(r);
	free(pat);
	return 0;
}
