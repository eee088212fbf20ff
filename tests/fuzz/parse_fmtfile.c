/* SPDX-License-Identifier: MIT */
/* parse_fmtfile.c -- fuzz format files of ingest -f regex (parse/fmtfile). */
#include <time.h>

#include "fuzz_fields.h"
#include "parse/fmtfile.h"
#include "parse/logparse.h"
#include "parse/regexfmt.h"

/*
 * Input: byte 0 says whether a format is asked for by name ("x") or
 * the file's only one is meant; then the format file (ingest's own
 * sections or Fluent Bit's parsers.conf), up to a NUL; then lines for
 * the format, when it compiles.  A zone the file names is read and
 * then forgotten (TZ unset), so that inputs do not depend on others.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fieldlist fl = FIELDLIST_INIT;
	struct fmtdef def;
	struct tzspec tz;
	struct sluice_err e;
	struct regexfmt *rf;
	const char *file, *p, *end, *line, *nul;
	size_t fn, len;
	char *own = NULL;
	int rc;

	if (size < 1)
		return 0;
	file = (const char *)data + 1;
	end = (const char *)data + size;
	if ((nul = memchr(file, '\0', (size_t)(end - file))) == NULL)
		nul = end;
	fn = (size_t)(nul - file);
	p = nul < end ? nul + 1 : end;
	rc = fmtfile_read(fuzz_file((const uint8_t *)file, fn),
	    data[0] & 1 ? "x" : NULL, &def, &e);
	if (rc == -1) {
		FUZZ_ASSERT(e.msg[0] != '\0');
		fmtdef_release(&def);
		return 0;
	}
	if (fmtdef_tz(&def, &tz, &e) == 1 && tz.kind == TZ_LOCAL) {
		unsetenv("TZ");
		tzset();
	}
	if ((rf = fmtdef_compile(&def, &e)) != NULL) {
		while (fuzz_next_line(&p, end, &own, &line, &len)) {
			rc = regexfmt_line(rf, line, len, &fl, &e);
			FUZZ_ASSERT(rc == PARSE_RECORD || rc == PARSE_ERROR);
			if (rc == PARSE_RECORD)
				fuzz_check_fields(&fl);
		}
		regexfmt_free(rf);
	} else
		FUZZ_ASSERT(e.msg[0] != '\0');
	fuzz_line_done(&own);
	fields_release(&fl);
	fmtdef_release(&def);
	return 0;
}
