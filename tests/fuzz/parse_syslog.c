/* SPDX-License-Identifier: MIT */
/* parse_syslog.c -- fuzz the RFC 3164 and RFC 5424 parser (parse/syslog). */
#include "fuzz_fields.h"
#include "parse/logparse.h"
#include "parse/syslog.h"

/*
 * Input: byte 0 chooses a fixed year or year inference, and the zone of
 * zone-less times; bytes 1-8 are the reference time of the file (for
 * inference); the rest are the lines of one file, in order.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fieldlist fl = FIELDLIST_INIT;
	struct tzspec tz = TZSPEC_UTC;
	struct sluice_err e;
	struct syslog *s;
	const char *p, *end, *line;
	char *own = NULL;
	int64_t ref;
	size_t len;
	int rc;

	if (size < 9)
		return 0;
	if (data[0] & 2) {
		tz.kind = TZ_FIXED;
		tz.offset = 5 * 3600 + 1800;
	}
	s = syslog_new(data[0] & 1 ? 2024 : 0, &tz);
	memcpy(&ref, data + 1, 8);
	syslog_reset(s, ref);
	p = (const char *)data + 9;
	end = (const char *)data + size;
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		rc = syslog_line(s, line, len, &fl, &e);
		FUZZ_ASSERT(rc == PARSE_RECORD || rc == PARSE_ERROR);
		if (rc == PARSE_RECORD)
			fuzz_check_fields(&fl);
	}
	fuzz_line_done(&own);
	fields_release(&fl);
	syslog_free(s);
	return 0;
}
