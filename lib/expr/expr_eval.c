/* SPDX-License-Identifier: MIT */
/* expr_eval.c -- evaluate a compiled expression against a record. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"
#include "json/scan.h"

static void	eval(struct expr *, const struct xnode *, struct xval *);

/* Order of a double and an int64, exactly. */
static int
cmp_real_int(double d, int64_t i)
{
	double t;
	int64_t ti;

	if (isnan(d))
		return EXPR_UNORDERED;
	if (d < -9223372036854775808.0)
		return -1;
	if (d >= 9223372036854775808.0)
		return 1;
	t = trunc(d);
	ti = (int64_t)t;
	if (ti != i)
		return ti < i ? -1 : 1;
	return d > t ? 1 : d < t ? -1 : 0;
}

static int
cmp_num(const struct xval *a, const struct xval *b)
{
	int c;

	if (a->is_int && b->is_int)
		return (a->i > b->i) - (a->i < b->i);
	if (b->is_int)
		return cmp_real_int(a->d, b->i);
	if (a->is_int) {
		c = cmp_real_int(b->d, a->i);
		return c == EXPR_UNORDERED ? c : -c;
	}
	if (isnan(a->d) || isnan(b->d))
		return EXPR_UNORDERED;
	return (a->d > b->d) - (a->d < b->d);
}

static int
cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c;

	c = memcmp(a, b, an < bn ? an : bn);
	if (c != 0)
		return c < 0 ? -1 : 1;
	return (an > bn) - (an < bn);
}

/*
 * The order of two values for < <= > >=: numbers (a numeric string
 * against a number reads as a number) and strings (bytewise); any
 * other pair, null included, is EXPR_UNORDERED.
 */
int
expr_order(const struct xval *a, const struct xval *b)
{
	struct xval x, y;

	if (a->type == XT_STR && b->type == XT_STR)
		return cmp_bytes(a->s, a->n, b->s, b->n);
	if ((a->type == XT_NUM || b->type == XT_NUM) &&
	    expr_as_number(a, &x) && expr_as_number(b, &y))
		return cmp_num(&x, &y);
	return EXPR_UNORDERED;
}

/* Structural equality of two arrays or two objects. */
static int
container_eq(struct expr *e, const struct xval *a, const struct xval *b)
{
	struct jiter ia, ib;
	struct jval ja, jb, ka, va, vb;
	struct xval x, y;
	size_t na = 0, nb = 0;
	int more;

	expr_to_jval(a, &ja);
	expr_to_jval(b, &jb);
	jiter_init(&ia, &ja);
	jiter_init(&ib, &jb);
	if (a->type == XT_ARRAY) {
		for (;;) {
			more = jiter_next(&ia, NULL, &va);
			if (more != jiter_next(&ib, NULL, &vb))
				return 0;
			if (!more)
				return 1;
			expr_from_jval(e, &va, &x);
			expr_from_jval(e, &vb, &y);
			if (!expr_equal(e, &x, &y))
				return 0;
		}
	}
	while (jiter_next(&ib, NULL, &vb))
		nb++;
	while (jiter_next(&ia, &ka, &va)) {
		na++;
		expr_from_jval(e, &ka, &x);
		if (!jval_find(&jb, x.s, x.n, &vb))
			return 0;
		expr_from_jval(e, &va, &x);
		expr_from_jval(e, &vb, &y);
		if (!expr_equal(e, &x, &y))
			return 0;
	}
	return na == nb;
}

/*
 * Equality for == and in: null equals null, numbers numerically (a
 * numeric string against a number too), strings bytewise, arrays and
 * objects element by element.
 */
int
expr_equal(struct expr *e, const struct xval *a, const struct xval *b)
{
	struct xval x, y;

	if (a->type == XT_NUM || b->type == XT_NUM) {
		if (!expr_as_number(a, &x) || !expr_as_number(b, &y))
			return 0;
		return cmp_num(&x, &y) == 0;
	}
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case XT_NULL:
		return 1;
	case XT_BOOL:
		return a->b == b->b;
	case XT_STR:
		return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
	default:
		return container_eq(e, a, b);
	}
}

/* The text of a string, or of a number as str() writes it; 0 if none. */
static int
match_text(struct expr *e, const struct xval *v)
{
	strbuf_reset(&e->tmp);
	if (v->type == XT_STR)
		strbuf_add(&e->tmp, v->s, v->n);
	else if (v->type == XT_NUM)
		xval_to_json(v, &e->tmp);
	else
		return 0;
	return 1;
}

/*
 * Match the text match_text() left in e->tmp (valid UTF-8: strings of
 * scanned records and of the functions on them): 1, 0, or -1 when the
 * match could not be decided (a limit), the first such
 * reason of the evaluation kept for expr_fault().
 */
static int
regex_match(struct expr *e, struct rx *re)
{
	int r;

	if ((r = rx_match_utf8(re, e->tmp.buf, e->tmp.len)) == -1 &&
	    e->fault == NULL)
		e->fault = rx_why(re);
	return r;
}

/* int64 arithmetic; 0 if the result does not fit. */
static int
int_arith(enum xop op, int64_t a, int64_t b, int64_t *r)
{
	switch (op) {
	case OP_ADD:
		if ((b > 0 && a > INT64_MAX - b) ||
		    (b < 0 && a < INT64_MIN - b))
			return 0;
		*r = a + b;
		return 1;
	case OP_SUB:
		if ((b < 0 && a > INT64_MAX + b) ||
		    (b > 0 && a < INT64_MIN + b))
			return 0;
		*r = a - b;
		return 1;
	case OP_MUL:
		if (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a) :
		    (b > 0 ? a < INT64_MIN / b : (a != 0 && b < INT64_MAX / a)))
			return 0;
		*r = a * b;
		return 1;
	case OP_DIV:
		if (b == -1 && a == INT64_MIN)
			return 0;
		if (a % b != 0)
			return 0;
		*r = a / b;
		return 1;
	case OP_MOD:
		*r = (b == -1) ? 0 : a % b;
		return 1;
	default:
		return 0;
	}
}

/* Join two arrays: [a...] + [b...] is [a..., b...]. */
static void
array_concat(struct expr *e, const struct xval *a, const struct xval *b,
    struct xval *out)
{
	size_t an, bn, k;
	char *p;

	strbuf_reset(&e->tmp);
	expr_json_compact(&e->tmp, a->s, a->n);
	an = e->tmp.len - 2;		/* the elements of a, without [] */
	expr_json_compact(&e->tmp, b->s, b->n);
	bn = e->tmp.len - an - 4;
	p = expr_arena_alloc(&e->arena, an + bn + 4);
	p[0] = '[';
	memcpy(p + 1, e->tmp.buf + 1, an);
	k = 1 + an;
	if (an > 0 && bn > 0)
		p[k++] = ',';
	memcpy(p + k, e->tmp.buf + an + 3, bn);
	k += bn;
	p[k++] = ']';
	p[k] = '\0';
	xval_set(out, XT_ARRAY);
	out->s = p;
	out->n = k;
}

static void
arith(struct expr *e, enum xop op, const struct xval *a,
    const struct xval *b, struct xval *out)
{
	struct xval x, y;
	char *p;
	int64_t r;

	if (op == OP_ADD && a->type == XT_STR && b->type == XT_STR) {
		p = expr_arena_alloc(&e->arena, a->n + b->n + 1);
		memcpy(p, a->s, a->n);
		memcpy(p + a->n, b->s, b->n);
		p[a->n + b->n] = '\0';
		xval_set(out, XT_STR);
		out->s = p;
		out->n = a->n + b->n;
		return;
	}
	if (op == OP_ADD && a->type == XT_ARRAY && b->type == XT_ARRAY) {
		array_concat(e, a, b, out);
		return;
	}
	if (!expr_as_number(a, &x) || !expr_as_number(b, &y)) {
		xval_set(out, XT_NULL);
		return;
	}
	if ((op == OP_DIV || op == OP_MOD) && y.d == 0) {
		xval_set(out, XT_NULL);
		return;
	}
	if (x.is_int && y.is_int && int_arith(op, x.i, y.i, &r)) {
		xval_set_int(out, r);
		return;
	}
	switch (op) {
	case OP_ADD:
		xval_set_real(out, x.d + y.d);
		break;
	case OP_SUB:
		xval_set_real(out, x.d - y.d);
		break;
	case OP_MUL:
		xval_set_real(out, x.d * y.d);
		break;
	case OP_DIV:
		xval_set_real(out, x.d / y.d);
		break;
	default:
		xval_set_real(out, fmod(x.d, y.d));
		break;
	}
}

/* x in y: an element of an array, a key of an object. */
static int
member(struct expr *e, const struct xnode *n, const struct xval *x)
{
	struct xnode *b = n->b;
	struct jiter it;
	struct jval j, v;
	struct xval y;
	size_t i;

	/* An array literal: its elements, without making its text. */
	if (b->op == OP_ARRAY || (b->op == OP_CONST &&
	    b->val.type == XT_ARRAY)) {
		for (i = 0; i < b->nkids; i++) {
			eval(e, b->kids[i], &y);
			if (expr_equal(e, x, &y))
				return 1;
		}
		return 0;
	}
	eval(e, b, &y);
	if (y.type == XT_OBJECT) {
		expr_to_jval(&y, &j);
		return x->type == XT_STR && jval_find(&j, x->s, x->n, &v);
	}
	if (y.type != XT_ARRAY)
		return 0;
	expr_to_jval(&y, &j);
	jiter_init(&it, &j);
	while (jiter_next(&it, NULL, &v)) {
		expr_from_jval(e, &v, &y);
		if (expr_equal(e, x, &y))
			return 1;
	}
	return 0;
}

static void
eval(struct expr *e, const struct xnode *n, struct xval *out)
{
	struct xval a, b;
	struct jval j;
	struct strbuf *sb;
	size_t i;
	int c;

	switch (n->op) {
	case OP_CONST:
		*out = n->val;
		return;
	case OP_PATH:
		if (e->env->rec != NULL && record_get(e->env->rec, n->path, &j))
			expr_from_jval(e, &j, out);
		else
			xval_set(out, XT_NULL);
		return;
	case OP_EXISTS:
		xval_set_bool(out, e->env->rec != NULL &&
		    record_get(e->env->rec, n->path, &j));
		return;
	case OP_PREV:
		if (e->env->prev != NULL)
			*out = e->env->prev[n->slot];
		else
			xval_set(out, XT_NULL);
		return;
	case OP_ARRAY:
		for (i = 0; i < n->nkids; i++)
			eval(e, n->kids[i], &n->argv[i]);
		sb = &e->tmp;
		strbuf_reset(sb);
		strbuf_addch(sb, '[');
		for (i = 0; i < n->nkids; i++) {
			if (i > 0)
				strbuf_addch(sb, ',');
			xval_to_json(&n->argv[i], sb);
		}
		strbuf_addch(sb, ']');
		expr_str_copy(e, out, sb->buf, sb->len);
		out->type = XT_ARRAY;
		return;
	case OP_CALL:
		for (i = 0; i < n->nkids; i++)
			eval(e, n->kids[i], &n->argv[i]);
		n->fn->fn(e, n->argv, n->nkids, out);
		return;
	case OP_NOT:
		eval(e, n->a, &a);
		xval_set_bool(out, !xval_truthy(&a));
		return;
	case OP_NEG:
		eval(e, n->a, &a);
		if (!expr_as_number(&a, &b))
			xval_set(out, XT_NULL);
		else if (b.is_int && b.i != INT64_MIN)
			xval_set_int(out, -b.i);
		else
			xval_set_real(out, -b.d);
		return;
	case OP_AND:
		eval(e, n->a, &a);
		if (xval_truthy(&a))
			eval(e, n->b, &a);
		xval_set_bool(out, xval_truthy(&a));
		return;
	case OP_OR:
		eval(e, n->a, &a);
		if (!xval_truthy(&a))
			eval(e, n->b, &a);
		xval_set_bool(out, xval_truthy(&a));
		return;
	case OP_EQ:
	case OP_NE:
		eval(e, n->a, &a);
		eval(e, n->b, &b);
		xval_set_bool(out, expr_equal(e, &a, &b) == (n->op == OP_EQ));
		return;
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		eval(e, n->a, &a);
		eval(e, n->b, &b);
		c = expr_order(&a, &b);
		if (c == EXPR_UNORDERED)
			xval_set_bool(out, 0);
		else if (n->op == OP_LT)
			xval_set_bool(out, c < 0);
		else if (n->op == OP_LE)
			xval_set_bool(out, c <= 0);
		else if (n->op == OP_GT)
			xval_set_bool(out, c > 0);
		else
			xval_set_bool(out, c >= 0);
		return;
	case OP_ADD:
	case OP_SUB:
	case OP_MUL:
	case OP_DIV:
	case OP_MOD:
		eval(e, n->a, &a);
		eval(e, n->b, &b);
		arith(e, n->op, &a, &b, out);
		return;
	case OP_MATCH:
	case OP_NMATCH:
		eval(e, n->a, &a);
		c = match_text(e, &a) ? regex_match(e, n->re) : 0;
		if (c == -1)
			xval_set(out, XT_NULL);
		else
			xval_set_bool(out, c == (n->op == OP_MATCH));
		return;
	case OP_IN:
	case OP_NIN:
		eval(e, n->a, &a);
		xval_set_bool(out, member(e, n, &a) == (n->op == OP_IN));
		return;
	case OP_CAPTURE:
		eval(e, n->a, &a);
		xval_set(out, XT_NULL);
		if (match_text(e, &a) && regex_match(e, n->re) == 1) {
			size_t off, len;

			if (!rx_group(n->re, 1, &off, &len))
				rx_group(n->re, 0, &off, &len);
			expr_str_copy(e, out, e->tmp.buf + off, len);
		}
		return;
	}
	xval_set(out, XT_NULL);
}

void
expr_eval(struct expr *e, struct expr_env *env, struct xval *out)
{
	size_t k;

	expr_arena_reset(&e->arena);
	e->env = env;
	e->fault = NULL;
	/* Every prev() argument is evaluated, whatever short-circuits. */
	if (env->cur != NULL)
		for (k = 0; k < e->nprev; k++)
			eval(e, e->prevs[k]->a, &env->cur[k]);
	eval(e, e->root, out);
	e->env = NULL;
}

/* The left operand of the first comparison, through !, && and ||. */
static const struct xnode *
subject(const struct xnode *n)
{
	const struct xnode *s;

	switch (n->op) {
	case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT:
	case OP_GE: case OP_MATCH: case OP_NMATCH: case OP_IN: case OP_NIN:
		return n->a;
	case OP_NOT:
		return subject(n->a);
	case OP_AND:
	case OP_OR:
		if ((s = subject(n->a)) != NULL)
			return s;
		return subject(n->b);
	default:
		return NULL;
	}
}

int
expr_eval_subject(struct expr *e, struct expr_env *env, struct xval *out)
{
	const struct xnode *n;

	if ((n = subject(e->root)) == NULL) {
		xval_set(out, XT_NULL);
		return 0;
	}
	e->env = env;
	eval(e, n, out);
	e->env = NULL;
	return 1;
}

int
expr_test(struct expr *e, struct expr_env *env)
{
	struct xval v;

	expr_eval(e, env, &v);
	return xval_truthy(&v);
}

const char *
expr_fault(const struct expr *e)
{
	return e->fault;
}
