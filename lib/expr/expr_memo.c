/* SPDX-License-Identifier: MIT */
/* expr_memo.c -- the prev() values an expression keeps between records. */
#include <string.h>

#include "expr/expr_int.h"

void
expr_memo_init(struct expr_memo *m, const struct expr *e)
{
	m->n = e != NULL ? e->nprev : 0;
	m->prev = m->n > 0 ? xcalloc(m->n, sizeof(*m->prev)) : NULL;
	m->old = NULL;
}

int
expr_memo_eval(struct expr *e, struct record *rec, struct expr_memo *m,
    struct xval *out)
{
	struct expr_env env;
	struct xval v;
	size_t k;

	env.rec = rec;
	env.prev = m->prev;
	env.cur = e->cur;
	if (out == NULL)
		out = &v;
	expr_eval(e, &env, out);
	/*
	 * A result given out may be a prev() value itself: keep the old
	 * values until the next call rather than free them under it.
	 */
	if (out != &v && m->n > 0 && m->old == NULL)
		m->old = xcalloc(m->n, sizeof(*m->old));
	for (k = 0; k < m->n; k++) {
		if (out != &v) {
			xval_free(&m->old[k]);
			m->old[k] = m->prev[k];
		} else
			xval_free(&m->prev[k]);
		xval_copy(&m->prev[k], &e->cur[k]);
	}
	return xval_truthy(out);
}

void
expr_memo_release(struct expr_memo *m)
{
	size_t k;

	for (k = 0; k < m->n; k++) {
		xval_free(&m->prev[k]);
		if (m->old != NULL)
			xval_free(&m->old[k]);
	}
	free(m->prev);
	free(m->old);
	m->prev = NULL;
	m->old = NULL;
	m->n = 0;
}

void
expr_memo_write(const struct expr_memo *m, struct strbuf *sb)
{
	size_t k;

	strbuf_addch(sb, '[');
	for (k = 0; k < m->n; k++) {
		if (k > 0)
			strbuf_addch(sb, ',');
		xval_to_json(&m->prev[k], sb);
	}
	strbuf_addch(sb, ']');
}

int
expr_memo_read(struct expr_memo *m, struct expr *e, const struct jval *arr)
{
	struct jiter it;
	struct jval v;
	struct xval x;
	size_t k = 0;

	if (arr->type != JT_ARRAY)
		return -1;
	jiter_init(&it, arr);
	while (jiter_next(&it, NULL, &v)) {
		if (k >= m->n)
			return -1;
		xval_free(&m->prev[k]);
		expr_from_jval(e, &v, &x);
		xval_copy(&m->prev[k++], &x);
	}
	return k == m->n ? 0 : -1;
}
