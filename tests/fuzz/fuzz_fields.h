/* SPDX-License-Identifier: MIT */
/* fuzz_fields.h -- the check the line-parser targets share. */
#ifndef SLUICE_FUZZ_FIELDS_H
#define SLUICE_FUZZ_FIELDS_H

#include "fuzz.h"
#include "json/scan.h"
#include "parse/fields.h"

/*
 * A record a line parser made: written as JSON, with and without type
 * inference, it must be one JSON object with as many members as fields,
 * and no key twice.
 */
static inline void
fuzz_check_fields(const struct fieldlist *fl)
{
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err e;
	struct jiter it;
	struct jval v, k, x;
	size_t n, i;
	int infer;

	for (infer = 0; infer < 2; infer++) {
		strbuf_reset(&sb);
		fields_to_json(fl, infer, &sb);
		FUZZ_ASSERT(scan_document(sb.buf, sb.len, &v, &e) == 0);
		FUZZ_ASSERT(v.type == JT_OBJECT);
		jiter_init(&it, &v);
		for (n = 0; jiter_next(&it, &k, &x); n++)
			continue;
		FUZZ_ASSERT(n == fl->n);
	}
	for (i = 0; i < fl->n; i++)
		FUZZ_ASSERT(fields_find(fl, fields_key(fl, i),
		    fl->f[i].klen) == (long)i);
	strbuf_release(&sb);
}

#endif
