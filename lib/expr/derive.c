/* SPDX-License-Identifier: MIT */
/* derive.c -- derived fields: NAME=EXPR set on each record (ingest --set). */
#include <stdlib.h>
#include <string.h>

#include "expr/derive.h"

int
derive_add(struct derive *d, const char *arg, struct sluice_err *err)
{
	struct expr *x;
	const char *eq;

	if ((eq = strchr(arg, '=')) == NULL || eq == arg)
		return err_set(err, 1, "expected NAME=EXPRESSION");
	if (arg[0] == '@')
		return err_set(err, 1, "the name '%.*s' is reserved (it "
		    "starts with '@')", (int)(eq - arg), arg);
	if ((x = expr_compile(eq + 1, err)) == NULL) {
		err->col += (size_t)(eq - arg) + 1;
		return -1;
	}
	if (expr_nprev(x) > 0) {
		expr_free(x);
		return err_set(err, (size_t)(eq - arg) + 2, "prev() cannot "
		    "be used here");
	}
	d->set = xreallocarray(d->set, d->nset + 1, sizeof(*d->set));
	d->set[d->nset].name = xstrndup(arg, (size_t)(eq - arg));
	d->set[d->nset].x = x;
	d->nset++;
	return 0;
}

int
derive_any(const struct derive *d)
{
	return d->nset > 0;
}

int
derive_apply(struct derive *d, const char *text, size_t n,
    const char **out, size_t *outn)
{
	struct expr_env env = { &d->rec, NULL, NULL };
	struct derive_set *s;
	struct sluice_err e;
	const char *why;
	struct xval v;
	size_t i;

	if (record_parse(&d->rec, text, n, &e) == -1) {
		/* Not an object: nothing to set a field in. */
		strbuf_reset(&d->why);
		strbuf_addf(&d->why, "--set: the record is not an object: "
		    "%s", e.msg);
		d->name = d->nset > 0 ? d->set[0].name : "";
		return -1;
	}
	for (i = 0; i < d->nset; i++) {
		s = &d->set[i];
		expr_eval(s->x, &env, &v);
		if ((why = expr_fault(s->x)) != NULL) {
			strbuf_reset(&d->why);
			strbuf_addf(&d->why, "--set %s cannot be decided: %s",
			    s->name, why);
			d->name = s->name;
			return -1;
		}
		strbuf_reset(&d->val);
		xval_to_json(&v, &d->val);
		record_set_raw(&d->rec, s->name, strlen(s->name), d->val.buf,
		    d->val.len);
	}
	*out = d->rec.text;
	*outn = d->rec.len;
	return 0;
}

const char *
derive_why(const struct derive *d)
{
	return d->why.buf != NULL ? d->why.buf : "";
}

const char *
derive_failed_name(const struct derive *d)
{
	return d->name != NULL ? d->name : "";
}

void
derive_release(struct derive *d)
{
	size_t i;

	for (i = 0; i < d->nset; i++) {
		free(d->set[i].name);
		expr_free(d->set[i].x);
	}
	free(d->set);
	record_release(&d->rec);
	strbuf_release(&d->val);
	strbuf_release(&d->why);
	d->set = NULL;
	d->nset = 0;
}
