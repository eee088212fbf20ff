/* SPDX-License-Identifier: MIT */
/* parse_regexfmt.c -- fuzz user-defined regex formats (parse/regexfmt). */
#include "fuzz_fields.h"
#include "parse/logparse.h"
#include "parse/regexfmt.h"

/*
 * Input: a pattern (ingest -f regex --format-regex), a newline, a list
 * of types (--types), a newline, then lines.  A pattern that compiles
 * reads every line; a record it makes must be one JSON object.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fieldlist fl = FIELDLIST_INIT;
	struct sluice_err e;
	struct regexfmt *rf;
	const char *pat, *rest, *types, *p, *end, *line;
	size_t pn, rn, tn, len;
	char *ctypes, *own = NULL;
	int rc;

	fuzz_split(data, size, &pat, &pn, &rest, &rn);
	if ((rf = regexfmt_new(pat, pn, &e)) == NULL) {
		FUZZ_ASSERT(e.col <= pn + 1);
		return 0;
	}
	FUZZ_ASSERT(strlen(regexfmt_pattern(rf)) <= pn);
	fuzz_split((const uint8_t *)rest, rn, &types, &tn, &p, &len);
	end = p + len;
	ctypes = fuzz_str(types, tn);
	if (regexfmt_types(rf, ctypes, &e) == -1)
		FUZZ_ASSERT(e.col >= 1 && e.col <= tn + 1);
	free(ctypes);
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		rc = regexfmt_line(rf, line, len, &fl, &e);
		FUZZ_ASSERT(rc == PARSE_RECORD || rc == PARSE_ERROR);
		if (rc == PARSE_RECORD)
			fuzz_check_fields(&fl);
	}
	fuzz_line_done(&own);
	fields_release(&fl);
	regexfmt_free(rf);
	return 0;
}
