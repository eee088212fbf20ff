/* SPDX-License-Identifier: MIT */
/* parse_auto.c -- fuzz ingest's reader (parse/reader): formats told apart, times. */
#include "fuzz.h"
#include "json/scan.h"
#include "parse/logparse.h"
#include "parse/reader.h"

/*
 * Input: byte 0 chooses the format (mostly -f auto, which tells it
 * from the first line: ndjson, journald, csv, logfmt, clf, syslog,
 * w3c, haproxy ...),
 * byte 1 the year of syslog dates, ragged csv rows, type inference and
 * the time field (found, none, "ts" or "a.b"); the rest
 * are the lines of one file, then its end.  This is ingest's path:
 * line parser, fields (fields.c), time field found and stamped
 * (stamp.c).  Every record it hands on must be one JSON object.
 */

static void
on_record(void *arg, const char *p, size_t n)
{
	(void)arg;
	fuzz_assert_object(p, n);
}

static void
on_reject(void *arg, const struct line *ln, size_t col, const char *reason)
{
	(void)arg;
	FUZZ_ASSERT(reason != NULL && *reason != '\0');
	FUZZ_ASSERT(ln->p == NULL || col <= ln->len + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum logformat formats[] = { LF_AUTO, LF_AUTO, LF_AUTO,
	    LF_AUTO, LF_NDJSON, LF_JOURNALD, LF_CSV, LF_TSV, LF_LOGFMT, LF_CLF,
	    LF_COMBINED, LF_SYSLOG, LF_TEXT, LF_CRI, LF_ERRORLOG, LF_LOG4J,
	    LF_GLOG, LF_ELB, LF_W3C, LF_HAPROXY };
	static const char *const tfield[] = { NULL, "none", "ts", "a.b" };
	struct reader_opts o;
	struct reader_out out = { .record = on_record, .reject = on_reject };
	struct sluice_err e;
	struct reader *r;
	struct line ln;
	const char *p, *end, *line;
	char *own = NULL;
	size_t len;

	if (size < 2)
		return 0;
	memset(&o, 0, sizeof(o));
	o.format = formats[data[0] % NELEM(formats)];
	o.lpo.year = data[1] & 1 ? 2021 : 0;
	o.lpo.ragged = (data[1] & 2) != 0;
	o.lpo.tz.kind = TZ_UTC;
	o.infer = (data[1] & 4) == 0;
	o.time_field = tfield[(data[1] >> 3) & 3];
	o.topts.tz.kind = TZ_UTC;
	o.topts.unit = TU_AUTO;
	r = reader_new(&o, &out, &e);
	FUZZ_ASSERT(r != NULL);
	memset(&ln, 0, sizeof(ln));
	ln.name = "fuzz-input";
	p = (const char *)data + 2;
	end = (const char *)data + size;
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		ln.p = own;
		ln.len = len;
		ln.lineno++;
		ln.partial = p == end && end[-1] != '\n';
		reader_line(r, &ln);
	}
	reader_end(r);
	fuzz_line_done(&own);
	reader_free(r);
	return 0;
}
