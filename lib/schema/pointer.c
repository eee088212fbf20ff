/* SPDX-License-Identifier: MIT */
/* pointer.c -- JSON Pointers (RFC 6901): write a token, follow a path. */
#include <stdlib.h>

#include "schema/schema_int.h"

void
schema_pointer_add(struct strbuf *sb, const char *key, size_t n)
{
	size_t i;

	strbuf_addch(sb, '/');
	for (i = 0; i < n; i++) {
		if (key[i] == '~')
			strbuf_add(sb, "~0", 2);
		else if (key[i] == '/')
			strbuf_add(sb, "~1", 2);
		else
			strbuf_addch(sb, key[i]);
	}
}

int
schema_pointer_walk(const struct jval *v, const char *ptr, struct jval *out)
{
	struct strbuf tok = STRBUF_INIT;
	struct jval cur = *v, next;
	const char *p = ptr, *q;
	char *end;
	long idx;
	int found = 1;

	while (found && *p == '/') {
		strbuf_reset(&tok);
		for (q = ++p; *q != '\0' && *q != '/'; q++) {
			if (*q == '~' && q[1] == '1') {
				strbuf_addch(&tok, '/');
				q++;
			} else if (*q == '~' && q[1] == '0') {
				strbuf_addch(&tok, '~');
				q++;
			} else
				strbuf_addch(&tok, *q);
		}
		p = q;
		if (cur.type == JT_OBJECT)
			found = jval_find(&cur, tok.buf ? tok.buf : "",
			    tok.len, &next);
		else if (cur.type == JT_ARRAY && tok.len > 0 &&
		    (tok.buf[0] != '0' || tok.len == 1) &&
		    tok.buf[0] >= '0' && tok.buf[0] <= '9') {
			idx = strtol(tok.buf, &end, 10);
			found = *end == '\0' && jval_index(&cur, idx, &next);
		} else
			found = 0;
		cur = next;
	}
	strbuf_release(&tok);
	if (found && *p != '\0')
		found = 0;
	if (found)
		*out = cur;
	return found;
}
