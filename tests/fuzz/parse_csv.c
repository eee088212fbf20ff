/* SPDX-License-Identifier: MIT */
/* parse_csv.c -- fuzz the CSV and TSV parser (parse/csv). */
#include "fuzz_fields.h"
#include "parse/csv.h"
#include "parse/logparse.h"

/*
 * Input: byte 0 chooses comma or tab and ragged rows or not; the rest
 * are the lines of one file (the first the header), then its end.  A
 * second pass reads them again after csv_reset(), as a new file.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fieldlist fl = FIELDLIST_INIT;
	struct sluice_err e;
	struct csv *c;
	const char *p, *end, *line;
	char *own = NULL;
	size_t len;
	int rc, pass;

	if (size < 1)
		return 0;
	/* A bound on a record over lines that the fuzzer can reach. */
	c = csv_new(data[0] & 1 ? '\t' : ',', (data[0] & 2) != 0, 4096);
	for (pass = 0; pass < 2; pass++) {
		p = (const char *)data + 1;
		end = (const char *)data + size;
		while (fuzz_next_line(&p, end, &own, &line, &len)) {
			fields_reset(&fl);	/* as logparse_line() does */
			rc = csv_line(c, line, len, &fl, &e);
			FUZZ_ASSERT(rc >= PARSE_ERROR && rc <= PARSE_MORE);
			if (rc == PARSE_RECORD)
				fuzz_check_fields(&fl);
		}
		fields_reset(&fl);
		rc = csv_end(c, &fl, &e);
		FUZZ_ASSERT(rc >= PARSE_ERROR && rc <= PARSE_MORE &&
		    rc != PARSE_MORE);
		if (rc == PARSE_RECORD)
			fuzz_check_fields(&fl);
		csv_reset(c);
	}
	fuzz_line_done(&own);
	fields_release(&fl);
	csv_free(c);
	return 0;
}
