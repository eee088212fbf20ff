/* SPDX-License-Identifier: MIT */
/* agg_input.c -- a record's values as the aggregate functions read them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg_int.h"
#include "core/hash.h"
#include "json/canon.h"

void
agg_input_init(struct agg_input *in, const struct agg_spec *s)
{
	size_t i;

	memset(in, 0, sizeof(*in));
	in->nval = s->nfield;
	in->val = xcalloc(s->nfield + 1, sizeof(*in->val));
	for (i = 0; i < s->nfield; i++)
		in->val[i].v.type = JT_MISSING;
}

/*
 * The value of expression x on rec into v, as JSON text in v->json.
 * Returns 0, or -1 with in->why set when it cannot be decided.
 */
static int
read_expr(struct agg_input *in, struct expr *x, struct record *rec,
    struct agg_value *v)
{
	struct expr_env env = { rec, NULL, NULL };
	struct sluice_err e;
	const char *why;
	struct xval r;

	expr_eval(x, &env, &r);
	if ((why = expr_fault(x)) != NULL) {
		strbuf_reset(&in->why);
		strbuf_addf(&in->why, "-a %s cannot be decided: %s",
		    expr_text(x), why);
		return -1;
	}
	strbuf_reset(&v->json);
	if (r.type == XT_BOOL)
		strbuf_addch(&v->json, r.b ? '1' : '0');
	else
		xval_to_json(&r, &v->json);
	/* Valid JSON by construction: a failure would be a bug. */
	if (scan_document(v->json.buf, v->json.len, &v->v, &e) == -1)
		v->v.type = JT_MISSING;
	return 0;
}

void
agg_input_read(struct agg_input *in, const struct agg_spec *s,
    struct record *rec)
{
	struct agg_value *v;
	size_t i;

	in->failed = 0;
	for (i = 0; i < in->nval; i++) {
		v = &in->val[i];
		if (s->expr[i] != NULL) {
			if (read_expr(in, s->expr[i], rec, v) == -1)
				in->failed = 1;
		} else if (!record_get(rec, s->field[i], &v->v))
			v->v.type = JT_MISSING;
		v->num = -1;
		v->canon = 0;
	}
}

void
agg_input_release(struct agg_input *in)
{
	size_t i;

	for (i = 0; i < in->nval; i++) {
		strbuf_release(&in->val[i].text);
		strbuf_release(&in->val[i].compact);
		strbuf_release(&in->val[i].str);
		strbuf_release(&in->val[i].json);
	}
	strbuf_release(&in->why);
	free(in->val);
	memset(in, 0, sizeof(*in));
}

int
agg_value_read_num(struct agg_value *v)
{
	struct jval nv;
	int integer;

	v->num = 0;
	nv = v->v;
	if (nv.type == JT_STRING) {
		/* The string's value: its bytes, unless escaped. */
		if (nv.flags & JV_ESCAPED) {
			strbuf_reset(&v->str);
			jval_str_append(&nv, &v->str);
			nv.p = v->str.buf != NULL ? v->str.buf : "";
			nv.n = v->str.len;
		} else {
			nv.p++;
			nv.n -= 2;
		}
		if (!scan_is_number(nv.p, nv.n, &integer))
			return 0;
		nv.type = JT_NUMBER;
		nv.flags = integer ? JV_INTEGER : 0;
	} else if (nv.type != JT_NUMBER)
		return 0;
	if (jval_int64(&nv, &v->i) == 0) {
		v->is_int = 1;
		v->d = (double)v->i;
	} else {
		v->is_int = 0;
		jval_double(&nv, &v->d);
		if (!isfinite(v->d))
			return 0;
	}
	v->num = 1;
	return 1;
}

void
agg_value_canon(struct agg_value *v)
{
	if (v->canon)
		return;
	if (canon_is(&v->v)) {
		v->cp = v->v.p;
		v->cn = v->v.n;
	} else {
		strbuf_reset(&v->text);
		canon_append(&v->text, &v->v);
		v->cp = v->text.buf;
		v->cn = v->text.len;
	}
	v->hash = hash_bytes(v->cp, v->cn);
	v->canon = 1;
}

void
agg_value_compact(struct agg_value *v, const char **p, size_t *n)
{
	if (canon_compact_is(&v->v)) {
		*p = v->v.p;
		*n = v->v.n;
		return;
	}
	strbuf_reset(&v->compact);
	canon_compact_append(&v->compact, &v->v);
	*p = v->compact.buf;
	*n = v->compact.len;
}
