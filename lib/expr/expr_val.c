/* SPDX-License-Identifier: MIT */
/* expr_val.c -- values of the expression language: the arena, numbers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"
#include "json/jsonw.h"
#include "json/scan.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void *
expr_arena_alloc(struct xarena *a, size_t n)
{
	struct xblock *b, *last;
	size_t cap;
	void *p;

	while (a->cur != NULL && a->cur->cap - a->cur->used < n)
		a->cur = a->cur->next;
	if (a->cur == NULL) {
		cap = (size_t)4096 << (a->nblocks < 8 ? a->nblocks : 8);
		if (cap < n)
			cap = n;
		b = xmalloc(sizeof(*b) + cap);
		b->next = NULL;
		b->cap = cap;
		b->used = 0;
		for (last = a->head; last != NULL && last->next != NULL;
		    last = last->next)
			;
		if (last == NULL)
			a->head = b;
		else
			last->next = b;
		a->nblocks++;
		a->cur = b;
	}
	p = a->cur->data + a->cur->used;
	a->cur->used += n;
	return p;
}

void
expr_arena_reset(struct xarena *a)
{
	struct xblock *b;

	for (b = a->head; b != NULL; b = b->next)
		b->used = 0;
	a->cur = a->head;
}

void
expr_arena_release(struct xarena *a)
{
	struct xblock *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = a->cur = NULL;
	a->nblocks = 0;
}

void
xval_set(struct xval *v, enum xtype type)
{
	memset(v, 0, sizeof(*v));
	v->type = type;
}

void
xval_set_bool(struct xval *v, int b)
{
	xval_set(v, XT_BOOL);
	v->b = (b != 0);
}

void
xval_set_int(struct xval *v, int64_t i)
{
	xval_set(v, XT_NUM);
	v->is_int = 1;
	v->i = i;
	v->d = (double)i;
}

void
xval_set_real(struct xval *v, double d)
{
	if (!isfinite(d)) {
		xval_set(v, XT_NULL);
		return;
	}
	xval_set(v, XT_NUM);
	v->d = d;
}

char *
expr_str_copy(struct expr *e, struct xval *v, const char *s, size_t n)
{
	char *p;

	p = expr_arena_alloc(&e->arena, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	xval_set(v, XT_STR);
	v->s = p;
	v->n = n;
	return p;
}

void
expr_from_jval(struct expr *e, const struct jval *j, struct xval *v)
{
	int64_t i;
	double d;

	switch (j->type) {
	case JT_TRUE:
	case JT_FALSE:
		xval_set_bool(v, j->type == JT_TRUE);
		break;
	case JT_NUMBER:
		if (jval_int64(j, &i) == 0)
			xval_set_int(v, i);
		else {
			jval_double(j, &d);
			xval_set(v, XT_NUM);	/* 1e999 stays inf */
			v->d = d;
		}
		break;
	case JT_STRING:
		if (!(j->flags & JV_ESCAPED)) {
			xval_set(v, XT_STR);
			v->s = j->p + 1;
			v->n = j->n - 2;
			break;
		}
		strbuf_reset(&e->tmp);
		jval_str_append(j, &e->tmp);
		expr_str_copy(e, v, e->tmp.buf ? e->tmp.buf : "", e->tmp.len);
		break;
	case JT_ARRAY:
	case JT_OBJECT:
		xval_set(v, j->type == JT_ARRAY ? XT_ARRAY : XT_OBJECT);
		v->s = j->p;
		v->n = j->n;
		break;
	default:
		xval_set(v, XT_NULL);
		break;
	}
}

void
expr_to_jval(const struct xval *v, struct jval *j)
{
	j->type = v->type == XT_ARRAY ? JT_ARRAY : JT_OBJECT;
	j->flags = 0;
	j->p = v->s;
	j->n = v->n;
}

int
expr_as_number(const struct xval *v, struct xval *num)
{
	if (v->type == XT_NUM) {
		*num = *v;
		return 1;
	}
	if (v->type == XT_STR)
		return expr_read_number(v->s, v->n, num);
	return 0;
}

size_t
expr_number_len(const char *s, size_t n, int *integer)
{
	size_t i = 0, d, e;

	*integer = 1;
	while (i < n && is_digit(s[i]))
		i++;
	d = i;
	if (i < n && s[i] == '.') {
		*integer = 0;
		i++;
		while (i < n && is_digit(s[i]))
			i++;
		if (i == d + 1)
			return 0;	/* "1." */
	}
	if (d == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		e = i + 1;
		*integer = 0;
		if (e < n && (s[e] == '+' || s[e] == '-'))
			e++;
		if (e >= n || !is_digit(s[e]))
			return 0;
		while (e < n && is_digit(s[e]))
			e++;
		i = e;
	}
	return i;
}

int
expr_number_value(const char *s, size_t n, int integer, int neg,
    struct xval *out, int *neg_ok)
{
	char buf[64], *copy = NULL;
	const char *src;
	uint64_t u = 0, lim;
	unsigned dig;
	size_t i;
	double d;

	if (neg_ok != NULL)
		*neg_ok = 0;
	if (integer) {
		lim = (uint64_t)INT64_MAX + 1;
		for (i = 0; i < n; i++) {
			dig = (unsigned)(s[i] - '0');
			if (u > (lim - dig) / 10)
				break;
			u = u * 10 + dig;
		}
		if (i == n && (u < lim || neg)) {
			xval_set_int(out, neg ? (int64_t)(0 - u) :
			    (int64_t)u);
			return 0;
		}
		if (i == n && neg_ok != NULL)
			*neg_ok = 1;	/* 9223372036854775808 */
	}
	if (n < sizeof(buf)) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		src = buf;
	} else
		src = copy = xstrndup(s, n);
	d = strtod(src, NULL);
	free(copy);
	if (!isfinite(d))
		return -1;
	xval_set_real(out, neg ? -d : d);
	return 0;
}

int
expr_read_number(const char *s, size_t n, struct xval *out)
{
	int integer, neg;

	/* Exactly the JSON number grammar, as aggregate reads strings. */
	if (!scan_is_number(s, n, &integer))
		return 0;
	neg = s[0] == '-';
	return expr_number_value(s + neg, n - (size_t)neg, integer, neg, out,
	    NULL) == 0;
}

int
xval_truthy(const struct xval *v)
{
	return v->type != XT_NULL && !(v->type == XT_BOOL && !v->b);
}

void
expr_json_compact(struct strbuf *sb, const char *s, size_t n)
{
	size_t i, run;
	int instr = 0;
	char c;

	for (i = 0; i < n; i = run) {
		for (run = i; run < n; run++) {
			c = s[run];
			if (instr) {
				if (c == '\\')
					run++;
				else if (c == '"')
					instr = 0;
			} else if (c == '"')
				instr = 1;
			else if (c == ' ' || c == '\t' || c == '\n' ||
			    c == '\r')
				break;
		}
		if (run > n)
			run = n;
		strbuf_add(sb, s + i, run - i);
		while (run < n && (s[run] == ' ' || s[run] == '\t' ||
		    s[run] == '\n' || s[run] == '\r'))
			run++;
	}
}

void
xval_to_json(const struct xval *v, struct strbuf *sb)
{
	switch (v->type) {
	case XT_NULL:
		strbuf_add(sb, "null", 4);
		break;
	case XT_BOOL:
		if (v->b)
			strbuf_add(sb, "true", 4);
		else
			strbuf_add(sb, "false", 5);
		break;
	case XT_NUM:
		if (v->is_int)
			jsonw_int(sb, v->i);
		else
			jsonw_real(sb, v->d);
		break;
	case XT_STR:
		jsonw_string(sb, v->s, v->n);
		break;
	case XT_ARRAY:
	case XT_OBJECT:
		expr_json_compact(sb, v->s, v->n);
		break;
	}
}

void
xval_copy(struct xval *dst, const struct xval *src)
{
	char *p;

	*dst = *src;
	if (src->type == XT_STR || src->type == XT_ARRAY ||
	    src->type == XT_OBJECT) {
		p = xmalloc(src->n + 1);
		memcpy(p, src->s, src->n);
		p[src->n] = '\0';
		dst->s = p;
	} else {
		dst->s = NULL;
		dst->n = 0;
	}
}

void
xval_free(struct xval *v)
{
	if (v->type == XT_STR || v->type == XT_ARRAY ||
	    v->type == XT_OBJECT)
		free((char *)v->s);
	xval_set(v, XT_NULL);
}
