/* SPDX-License-Identifier: MIT */
/* parse_clf.c -- fuzz the Common Log Format and combined parsers (parse/clf). */
#include "fuzz_fields.h"
#include "parse/clf.h"
#include "parse/logparse.h"

/*
 * Input: byte 0 chooses combined or common, the zone of zone-less
 * times and whether the tokens after the last field are named (as
 * --extra-fields does); the rest are lines, each parsed on its own.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fieldlist fl = FIELDLIST_INIT;
	struct tzspec tz = TZSPEC_UTC;
	struct sluice_err e;
	struct clf_extra *x = NULL;
	const char *p, *end, *line;
	char *own = NULL;
	size_t len;
	int combined, rc;

	if (size < 1)
		return 0;
	combined = data[0] & 1;
	if (data[0] & 2) {
		tz.kind = TZ_FIXED;
		tz.offset = -7 * 3600;
	}
	if (data[0] & 4)
		x = clf_extra_new("a,b,c,d,e,f,g,h,i", &e);
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		rc = clf_line_named(line, len, combined, &tz, x, &fl, &e);
		FUZZ_ASSERT(rc == PARSE_RECORD || rc == PARSE_ERROR);
		if (rc == PARSE_RECORD)
			fuzz_check_fields(&fl);
	}
	fuzz_line_done(&own);
	clf_extra_free(x);
	fields_release(&fl);
	return 0;
}
