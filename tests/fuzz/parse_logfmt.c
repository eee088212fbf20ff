/* SPDX-License-Identifier: MIT */
/* parse_logfmt.c -- fuzz the logfmt parser (parse/logfmt). */
#include "fuzz_fields.h"
#include "parse/logfmt.h"
#include "parse/logparse.h"

/* Input: lines, each parsed on its own into one reused field list. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fieldlist fl = FIELDLIST_INIT;
	struct sluice_err e;
	const char *p = (const char *)data, *end = p + size, *line;
	char *own = NULL;
	size_t len;
	int rc;

	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		rc = logfmt_line(line, len, &fl, &e);
		FUZZ_ASSERT(rc == PARSE_RECORD || rc == PARSE_ERROR);
		if (rc == PARSE_RECORD)
			fuzz_check_fields(&fl);
	}
	fuzz_line_done(&own);
	fields_release(&fl);
	return 0;
}
