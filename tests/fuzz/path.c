/* SPDX-License-Identifier: MIT */
/* path.c -- fuzz field paths (json/path): parse in every mode, look up. */
#include <jansson.h>

#include "fuzz.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"

/*
 * Input: a path text, then a NUL or newline, then a JSON document.  The
 * path is parsed in each mode, compiled, copied and split as a list;
 * each path that compiles is looked up in the document, both in place
 * (path_lookup, record_get) and in its jansson DOM (path_get_json),
 * which must agree on whether the value is there when the path is
 * one of plain keys and indexes.
 */

static void
lookups(const struct path *p, const char *doc, size_t dn,
    const struct jval *root, json_t *j)
{
	struct record rec = RECORD_INIT;
	struct sluice_err e;
	struct jval out, out2;
	int found;

	found = path_lookup(p, root, &out);
	if (found)
		FUZZ_ASSERT(out.p >= doc && out.p + out.n <= doc + dn);
	(void)path_get_json(p, j);
	if (root->type == JT_OBJECT &&
	    record_parse(&rec, doc, dn, &e) == 0) {
		FUZZ_ASSERT(record_get(&rec, p, &out2) == found);
		if (found)
			FUZZ_ASSERT(out2.p == out.p && out2.n == out.n);
	}
	record_release(&rec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int modes[] = { PATH_CLI, PATH_EXPR, PATH_LIST };
	struct sluice_err e;
	struct path *p, *c, **list;
	struct jval root;
	json_t *j = NULL;
	const char *ps, *doc;
	size_t pn, dn, used, k;
	int n, i, have_doc;
	char *cs;

	fuzz_split(data, size, &ps, &pn, &doc, &dn);
	have_doc = scan_document(doc, dn, &root, &e) == 0;
	if (have_doc)
		j = jval_to_json(&root);

	for (k = 0; k < NELEM(modes); k++) {
		if ((p = path_parse(ps, pn, modes[k], &used, &e)) == NULL) {
			FUZZ_ASSERT(e.col >= 1 && e.col <= pn + 1);
			continue;
		}
		FUZZ_ASSERT(used <= pn && p->nseg > 0);
		if (have_doc)
			lookups(p, doc, dn, &root, j);
		c = path_copy(p);
		FUZZ_ASSERT(c->nseg == p->nseg);
		path_free(c);
		path_free(p);
	}

	cs = fuzz_str(ps, pn);
	if ((p = path_compile(cs, &e)) != NULL) {
		if (have_doc)
			lookups(p, doc, dn, &root, j);
		path_free(p);
	}
	if ((n = path_list(cs, &list, &e)) != -1) {
		FUZZ_ASSERT(n >= 1);
		for (i = 0; i < n && have_doc; i++)
			lookups(list[i], doc, dn, &root, j);
		path_list_free(path_list_copy(list, n), n);
		path_list_free(list, n);
	}
	free(cs);
	json_decref(j);
	return 0;
}
