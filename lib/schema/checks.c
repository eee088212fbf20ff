/* SPDX-License-Identifier: MIT */
/* checks.c -- what validate checks besides a schema: --require, --type, -r. */
#include <string.h>

#include "schema/checks.h"

int
checks_add_require(struct checks *c, const char *list, struct sluice_err *err)
{
	struct path **p;
	int n, i;

	if ((n = path_list(list, &p, err)) == -1)
		return -1;
	c->req = xreallocarray(c->req, c->nreq + (size_t)n, sizeof(*c->req));
	for (i = 0; i < n; i++)
		c->req[c->nreq++] = p[i];
	free(p);
	return 0;
}

/* "must be " and the types of list, joined by " or ". */
static char *
type_message(const char *list)
{
	struct strbuf msg = STRBUF_INIT;

	strbuf_addstr(&msg, "must be ");
	for (; *list != '\0'; list++) {
		if (*list == '|')
			strbuf_addstr(&msg, " or ");
		else
			strbuf_addch(&msg, *list);
	}
	return strbuf_detach(&msg, NULL);
}

int
checks_add_type(struct checks *c, const char *arg, struct sluice_err *err)
{
	struct checks_type tc;
	const char *eq;
	char *field;

	if ((eq = strrchr(arg, '=')) == NULL || eq == arg)
		return err_set(err, 0, "expected FIELD=TYPE");
	if (schema_type_bits(eq + 1, &tc.bits) == -1)
		return err_set(err, 0, "unknown type (try string, number, "
		    "integer, boolean, null, array, object)");
	field = xstrndup(arg, (size_t)(eq - arg));
	tc.path = path_compile(field, err);
	free(field);
	if (tc.path == NULL)
		return -1;
	tc.msg = type_message(eq + 1);
	c->types = xreallocarray(c->types, c->ntypes + 1, sizeof(*c->types));
	c->types[c->ntypes++] = tc;
	return 0;
}

int
checks_add_rule(struct checks *c, const char *src, struct sluice_err *err)
{
	struct checks_rule *r;
	struct expr *e;

	memset(err, 0, sizeof(*err));
	if ((e = expr_compile(src, err)) == NULL)
		return -1;
	c->rules = xreallocarray(c->rules, c->nrules + 1, sizeof(*c->rules));
	r = &c->rules[c->nrules++];
	r->e = e;
	r->ok = 1;
	expr_memo_init(&r->memo, e);
	return 0;
}

int
checks_any(const struct checks *c)
{
	return c->nreq > 0 || c->ntypes > 0 || c->nrules > 0;
}

/* Whether the field of check i is there with a wrong type. */
static int
type_fails(const struct checks *c, size_t i, struct record *rec)
{
	struct jval x;

	return record_get(rec, c->types[i].path, &x) &&
	    !schema_type_is(c->types[i].bits, &x);
}

int
checks_test(struct checks *c, struct record *rec)
{
	struct jval x;
	size_t i;
	int ok = 1;

	/* Through the record's index of its members, built once. */
	for (i = 0; i < c->nreq && ok; i++)
		if (!record_get(rec, c->req[i], &x))
			ok = 0;
	for (i = 0; i < c->ntypes && ok; i++)
		if (type_fails(c, i, rec))
			ok = 0;
	/* Every rule, whatever failed before: prev() sees each record. */
	for (i = 0; i < c->nrules; i++) {
		c->rules[i].ok = expr_memo_eval(c->rules[i].e, rec,
		    &c->rules[i].memo, NULL);
		if ((c->rules[i].fault = expr_fault(c->rules[i].e)) != NULL)
			c->rules[i].ok = 0;
		if (!c->rules[i].ok)
			ok = 0;
	}
	return ok;
}

/* The JSON Pointer of a field path, NUL-terminated, in c->sb. */
static const char *
pointer(struct checks *c, const struct path *p)
{
	size_t i;

	strbuf_reset(&c->sb);
	for (i = 0; i < p->nseg; i++) {
		if (p->seg[i].key != NULL)
			schema_pointer_add(&c->sb, p->seg[i].key,
			    p->seg[i].klen);
		else
			strbuf_addf(&c->sb, "/%ld", p->seg[i].index);
	}
	strbuf_addch(&c->sb, '\0');
	return c->sb.buf;
}

void
checks_explain(struct checks *c, struct record *rec, struct schema_run *run)
{
	struct jval x;
	size_t i;

	for (i = 0; i < c->nreq; i++)
		if (!record_get(rec, c->req[i], &x))
			schema_run_add(run, pointer(c, c->req[i]), "required",
			    "required field is missing");
	for (i = 0; i < c->ntypes; i++)
		if (type_fails(c, i, rec))
			schema_run_add(run, pointer(c, c->types[i].path),
			    "type", "%s", c->types[i].msg);
	for (i = 0; i < c->nrules; i++)
		if (c->rules[i].fault != NULL)
			schema_run_add(run, "", "rule", "rule %zu cannot be "
			    "decided: %s: %s", i + 1, c->rules[i].fault,
			    expr_text(c->rules[i].e));
		else if (!c->rules[i].ok)
			schema_run_add(run, "", "rule", "rule %zu is false: %s",
			    i + 1, expr_text(c->rules[i].e));
}

void
checks_release(struct checks *c)
{
	size_t i;

	path_list_free(c->req, (int)c->nreq);
	for (i = 0; i < c->ntypes; i++) {
		path_free(c->types[i].path);
		free(c->types[i].msg);
	}
	free(c->types);
	for (i = 0; i < c->nrules; i++) {
		expr_free(c->rules[i].e);
		expr_memo_release(&c->rules[i].memo);
	}
	free(c->rules);
	strbuf_release(&c->sb);
	memset(c, 0, sizeof(*c));
}
