/* SPDX-License-Identifier: MIT */
/* expr_func.c -- the built-in functions of the expression language. */
#include <math.h>
#include <string.h>

#include "expr/expr_int.h"
#include "json/scan.h"
#include "time/timefmt.h"

/*
 * Each function gets its evaluated arguments (their count was checked
 * at compile time) and puts its result in *out, which may point into
 * the arguments, the record or the scratch arena.
 */

static void
fn_len(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	struct jiter it;
	struct jval j, v;
	int64_t n = 0;
	size_t i;

	switch (av[0].type) {
	case XT_STR:
		for (i = 0; i < av[0].n; i++)
			if (((unsigned char)av[0].s[i] & 0xc0) != 0x80)
				n++;
		break;
	case XT_ARRAY:
	case XT_OBJECT:
		expr_to_jval(&av[0], &j);
		jiter_init(&it, &j);
		while (jiter_next(&it, NULL, &v))
			n++;
		break;
	default:
		xval_set(out, XT_NULL);
		return;
	}
	xval_set_int(out, n);
}

static void
fn_case(struct expr *e, const struct xval *av, struct xval *out, int up)
{
	char *p;
	size_t i;

	if (av[0].type != XT_STR) {
		xval_set(out, XT_NULL);
		return;
	}
	p = expr_str_copy(e, out, av[0].s, av[0].n);
	for (i = 0; i < out->n; i++) {
		if (up && p[i] >= 'a' && p[i] <= 'z')
			p[i] = (char)(p[i] - 'a' + 'A');
		else if (!up && p[i] >= 'A' && p[i] <= 'Z')
			p[i] = (char)(p[i] - 'A' + 'a');
	}
}

static void
fn_lower(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	fn_case(e, av, out, 0);
}

static void
fn_upper(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	fn_case(e, av, out, 1);
}

static void
fn_num(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	if (!expr_as_number(&av[0], out))
		xval_set(out, XT_NULL);
}

static void
fn_str(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	if (av[0].type == XT_STR) {
		*out = av[0];
		return;
	}
	strbuf_reset(&e->tmp);
	xval_to_json(&av[0], &e->tmp);
	expr_str_copy(e, out, e->tmp.buf, e->tmp.len);
}

/*
 * fromjson(s): the value of the JSON text in s (white space around it
 * allowed, as jq's fromjson).  Not a string, or not exactly one JSON
 * value: null, as num() of a string that is not a number.
 */
static void
fn_fromjson(struct expr *e, const struct xval *av, size_t ac,
    struct xval *out)
{
	struct sluice_err err;
	struct jval j;

	if (av[0].type != XT_STR ||
	    scan_document(av[0].s, av[0].n, &j, &err) == -1) {
		xval_set(out, XT_NULL);
		return;
	}
	expr_from_jval(e, &j, out);
}

/* tojson(x): x as compact JSON text, a string always quoted. */
static void
fn_tojson(struct expr *e, const struct xval *av, size_t ac,
    struct xval *out)
{
	strbuf_reset(&e->tmp);
	xval_to_json(&av[0], &e->tmp);
	expr_str_copy(e, out, e->tmp.buf, e->tmp.len);
}

static void
fn_time(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	struct tzspec utc = TZSPEC_UTC;
	int64_t ns;
	int prec;

	if (av[0].type == XT_NUM) {
		*out = av[0];
		return;
	}
	if (av[0].type != XT_STR || timefmt_parse_any(av[0].s, av[0].n,
	    &utc, TU_AUTO, &ns, &prec) == -1) {
		xval_set(out, XT_NULL);
		return;
	}
	if (ns % NS_PER_SEC == 0)
		xval_set_int(out, ns / NS_PER_SEC);
	else
		xval_set_real(out, (double)(ns / NS_PER_SEC) +
		    (double)(ns % NS_PER_SEC) / 1e9);
}

static void
fn_type(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	static const char *const names[] = {
		"null", "boolean", "number", "string", "array", "object"
	};
	const char *s = names[av[0].type];

	xval_set(out, XT_STR);
	out->s = s;
	out->n = strlen(s);
}

/* abs, round, floor, ceil: numbers and numeric strings. */
static void
num_fn(const struct xval *v, struct xval *out, double (*f)(double))
{
	struct xval x;
	double d;

	if (!expr_as_number(v, &x)) {
		xval_set(out, XT_NULL);
		return;
	}
	if (x.is_int) {
		if (f != fabs || x.i >= 0)
			*out = x;
		else if (x.i != INT64_MIN)
			xval_set_int(out, -x.i);
		else
			xval_set_real(out, -x.d);
		return;
	}
	d = f(x.d);
	if (f != fabs && d >= -9223372036854775808.0 &&
	    d < 9223372036854775808.0)
		xval_set_int(out, (int64_t)d);
	else
		xval_set_real(out, d);
}

static void
fn_abs(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	num_fn(&av[0], out, fabs);
}

static void
fn_round(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	num_fn(&av[0], out, round);
}

static void
fn_floor(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	num_fn(&av[0], out, floor);
}

static void
fn_ceil(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	num_fn(&av[0], out, ceil);
}

/*
 * min and max: nulls are skipped, the rest ordered as by <; a pair
 * with no order makes null.  A single array argument stands for its
 * elements.
 */
static void
minmax(struct expr *e, const struct xval *av, size_t ac, struct xval *out,
    int sign)
{
	struct jiter it;
	struct jval j, v;
	struct xval x;
	size_t i;
	int have = 0, c;

	if (ac == 1 && av[0].type == XT_ARRAY) {
		expr_to_jval(&av[0], &j);
		jiter_init(&it, &j);
		while (jiter_next(&it, NULL, &v)) {
			expr_from_jval(e, &v, &x);
			if (x.type == XT_NULL)
				continue;
			if (have && (c = expr_order(&x, out)) == EXPR_UNORDERED)
				goto none;
			if (!have || c * sign > 0)
				*out = x;
			have = 1;
		}
	} else {
		for (i = 0; i < ac; i++) {
			if (av[i].type == XT_NULL)
				continue;
			if (have && (c = expr_order(&av[i], out)) ==
			    EXPR_UNORDERED)
				goto none;
			if (!have || c * sign > 0)
				*out = av[i];
			have = 1;
		}
	}
	if (have)
		return;
none:
	xval_set(out, XT_NULL);
}

static void
fn_min(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	minmax(e, av, ac, out, -1);
}

static void
fn_max(struct expr *e, const struct xval *av, size_t ac, struct xval *out)
{
	minmax(e, av, ac, out, 1);
}

static int
has_sub(const char *s, size_t n, const char *sub, size_t k)
{
	size_t i;

	if (k == 0)
		return 1;
	for (i = 0; i + k <= n; i++)
		if (s[i] == sub[0] && memcmp(s + i, sub, k) == 0)
			return 1;
	return 0;
}

static void
fn_contains(struct expr *e, const struct xval *av, size_t ac,
    struct xval *out)
{
	struct jiter it;
	struct jval j, v;
	struct xval x;

	if (av[0].type == XT_STR && av[1].type == XT_STR) {
		xval_set_bool(out, has_sub(av[0].s, av[0].n, av[1].s,
		    av[1].n));
		return;
	}
	if (av[0].type == XT_OBJECT && av[1].type == XT_STR) {
		expr_to_jval(&av[0], &j);
		xval_set_bool(out, jval_find(&j, av[1].s, av[1].n, &v));
		return;
	}
	if (av[0].type != XT_ARRAY) {
		xval_set(out, XT_NULL);
		return;
	}
	expr_to_jval(&av[0], &j);
	jiter_init(&it, &j);
	while (jiter_next(&it, NULL, &v)) {
		expr_from_jval(e, &v, &x);
		if (expr_equal(e, &x, &av[1])) {
			xval_set_bool(out, 1);
			return;
		}
	}
	xval_set_bool(out, 0);
}

static void
fn_startswith(struct expr *e, const struct xval *av, size_t ac,
    struct xval *out)
{
	if (av[0].type != XT_STR || av[1].type != XT_STR)
		xval_set(out, XT_NULL);
	else
		xval_set_bool(out, av[1].n <= av[0].n &&
		    memcmp(av[0].s, av[1].s, av[1].n) == 0);
}

static void
fn_endswith(struct expr *e, const struct xval *av, size_t ac,
    struct xval *out)
{
	if (av[0].type != XT_STR || av[1].type != XT_STR)
		xval_set(out, XT_NULL);
	else
		xval_set_bool(out, av[1].n <= av[0].n &&
		    memcmp(av[0].s + av[0].n - av[1].n, av[1].s,
		    av[1].n) == 0);
}

static const struct xfunc funcs[] = {
	{ "abs",	1, 1,	fn_abs },
	{ "ceil",	1, 1,	fn_ceil },
	{ "contains",	2, 2,	fn_contains },
	{ "endswith",	2, 2,	fn_endswith },
	{ "floor",	1, 1,	fn_floor },
	{ "fromjson",	1, 1,	fn_fromjson },
	{ "len",	1, 1,	fn_len },
	{ "lower",	1, 1,	fn_lower },
	{ "max",	1, -1,	fn_max },
	{ "min",	1, -1,	fn_min },
	{ "num",	1, 1,	fn_num },
	{ "round",	1, 1,	fn_round },
	{ "startswith",	2, 2,	fn_startswith },
	{ "str",	1, 1,	fn_str },
	{ "time",	1, 1,	fn_time },
	{ "tojson",	1, 1,	fn_tojson },
	{ "type",	1, 1,	fn_type },
	{ "upper",	1, 1,	fn_upper }
};

const struct xfunc *
expr_func_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NELEM(funcs); i++)
		if (strlen(funcs[i].name) == len &&
		    memcmp(funcs[i].name, name, len) == 0)
			return &funcs[i];
	return NULL;
}
