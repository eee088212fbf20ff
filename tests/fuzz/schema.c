/* SPDX-License-Identifier: MIT */
/* schema.c -- fuzz JSON Schema: compile a schema, validate an instance. */
#include "fuzz.h"
#include "json/scan.h"
#include "schema/schema.h"

/*
 * Input: a schema text, then a NUL or newline, then an instance (one
 * JSON value).  A schema that compiles (with and without format
 * assertion) validates the instance twice: on the fast path and
 * collecting errors.  The verdicts must agree, and an invalid value has
 * at least one error, every one of them with a path that is a JSON
 * Pointer and a keyword.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct schema_run run;
	struct schema_error se;
	struct sluice_err e;
	struct schema *s;
	struct jval v;
	const char *text, *inst;
	size_t tn, in, i;
	int flags, fast, full;

	fuzz_split(data, size, &text, &tn, &inst, &in);
	if (scan_document(inst, in, &v, &e) == -1)
		v.type = JT_MISSING;
	schema_run_init(&run, 8);
	for (flags = 0; flags <= SCHEMA_FORMAT_ASSERT; flags++) {
		if ((s = schema_compile(text, tn, flags, &e)) == NULL) {
			FUZZ_ASSERT(e.msg[0] != '\0');
			continue;
		}
		if (v.type != JT_MISSING) {
			schema_run_reset(&run);
			fast = schema_validate(s, &v, &run, 0);
			schema_run_reset(&run);
			full = schema_validate(s, &v, &run, 1);
			FUZZ_ASSERT(fast == full);
			FUZZ_ASSERT(full || schema_run_count(&run) +
			    run.more > 0);
			for (i = 0; i < schema_run_count(&run); i++) {
				schema_run_error(&run, i, &se);
				FUZZ_ASSERT(se.path[0] == '\0' ||
				    se.path[0] == '/');
				FUZZ_ASSERT(se.keyword != NULL &&
				    se.message != NULL);
			}
		}
		schema_free(s);
	}
	schema_run_release(&run);
	return 0;
}
