/* SPDX-License-Identifier: MIT */
/* run.c -- a validation run: the errors found, and scratch memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/schema_int.h"

void
schema_run_vadd(struct schema_run *r, const char *keyword, const char *fmt,
    va_list ap)
{
	struct schema_errent *e;
	char buf[512];

	if (r->n >= r->max) {
		r->more++;
		return;
	}
	if (r->n == r->ae) {
		r->ae = r->ae ? r->ae * 2 : 16;
		r->e = xreallocarray(r->e, r->ae, sizeof(*r->e));
	}
	e = &r->e[r->n++];
	e->keyword = keyword;
	e->path = r->text.len;
	strbuf_add(&r->text, r->path.buf, r->path.len);
	strbuf_addch(&r->text, '\0');
	e->msg = r->text.len;
	if (r->prefix != NULL)
		strbuf_addstr(&r->text, r->prefix);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* A cut may have split a character. */
	strbuf_add(&r->text, buf, utf8_valid_prefix(buf, strlen(buf)));
	strbuf_addch(&r->text, '\0');
}

void
schema_run_init(struct schema_run *r, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->max = max;
	/* Buffers always exist, so their buf is never NULL. */
	strbuf_grow(&r->text, 256);
	strbuf_grow(&r->path, 64);
	strbuf_grow(&r->keys, 64);
	strbuf_grow(&r->s1, 64);
	strbuf_grow(&r->s2, 64);
}

void
schema_run_reset(struct schema_run *r)
{
	r->n = 0;
	r->more = 0;
	strbuf_reset(&r->text);
}

void
schema_run_release(struct schema_run *r)
{
	free(r->e);
	free(r->items);
	strbuf_release(&r->text);
	strbuf_release(&r->path);
	strbuf_release(&r->keys);
	strbuf_release(&r->s1);
	strbuf_release(&r->s2);
	memset(r, 0, sizeof(*r));
}

size_t
schema_run_count(const struct schema_run *r)
{
	return r->n;
}

void
schema_run_error(const struct schema_run *r, size_t i,
    struct schema_error *e)
{
	e->path = r->text.buf + r->e[i].path;
	e->keyword = r->e[i].keyword;
	e->message = r->text.buf + r->e[i].msg;
}

void
schema_run_add(struct schema_run *r, const char *path, const char *keyword,
    const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(&r->path);
	strbuf_addstr(&r->path, path);
	r->prefix = NULL;
	va_start(ap, fmt);
	schema_run_vadd(r, keyword, fmt, ap);
	va_end(ap);
	strbuf_reset(&r->path);
}
