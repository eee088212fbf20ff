/* SPDX-License-Identifier: MIT */
/* agg_spec.c -- the list of functions: the table, -a parsing, metadata. */
#include <stdlib.h>
#include <string.h>

#include "agg/agg_int.h"
#include "stream/stream.h"

/* The functions, in the order the error message lists them. */
static const struct agg_method *const methods[] = {
	&agg_count,
	&agg_sum,
	&agg_min,
	&agg_max,
	&agg_mean,
	&agg_var,
	&agg_stddev,
	&agg_first,
	&agg_last,
	&agg_distinct,
	&agg_pct,
	&agg_top,
	&agg_rate
};

void
agg_spec_init(struct agg_spec *s)
{
	struct strbuf empty = STRBUF_INIT;

	memset(s, 0, sizeof(*s));
	s->canon = empty;
	s->exact_limit = AGG_EXACT_LIMIT;
	s->distinct_limit = AGG_DISTINCT_LIMIT;
}

/* The function named s[0..n) into d: 0, or -1 with a message. */
static int
parse_func(struct agg_def *d, const char *s, size_t n,
    struct sluice_err *err)
{
	struct strbuf names = STRBUF_INIT;
	const struct agg_method *m;
	size_t i;
	int r;

	for (i = 0; i < NELEM(methods); i++) {
		m = methods[i];
		if (m->parse != NULL)
			r = m->parse(d, s, n, err);
		else
			r = strlen(m->name) == n && memcmp(m->name, s, n) == 0;
		if (r == 1)
			d->m = m;
		if (r != 0)
			return r == 1 ? 0 : -1;
	}
	for (i = 0; i < NELEM(methods); i++) {
		if (i > 0)
			strbuf_addstr(&names, ", ");
		strbuf_addstr(&names, methods[i]->name);
	}
	err_set(err, 0, "unknown function '%.*s' (try %s)", (int)n, s,
	    names.buf);
	strbuf_release(&names);
	return -1;
}

/* The end of the item or field starting at s: an unquoted stop or NUL. */
static size_t
item_len(const char *s, const char *stops)
{
	size_t i;
	int q = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (q && s[i] == '\\' && s[i + 1] != '\0')
			i++;
		else if (s[i] == '"')
			q = !q;
		else if (!q && strchr(stops, s[i]) != NULL)
			break;
	}
	return i;
}

/*
 * Whether the input at s is an expression: it starts with '(', or with
 * a word of letters, digits and '_' and then '(' (a function call).
 */
static int
is_expr(const char *s)
{
	size_t i;

	if (s[0] == '(')
		return 1;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
	    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'; i++)
		;
	return s[i] == '(';
}

/*
 * The length of the expression at s: up to a ',' or an '=' outside
 * strings and brackets, an '=' that is not part of ==, !=, <=, >=
 * or =~.  An unbalanced expression runs to the end (and then does not
 * compile).
 */
static size_t
expr_len(const char *s)
{
	size_t i;
	int depth = 0;
	char q = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (q != 0) {
			if (s[i] == '\\' && s[i + 1] != '\0')
				i++;
			else if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'')
			q = s[i];
		else if (s[i] == '(' || s[i] == '[')
			depth++;
		else if ((s[i] == ')' || s[i] == ']') && depth > 0)
			depth--;
		else if (depth == 0 && s[i] == ',')
			break;
		else if (depth == 0 && s[i] == '=' && s[i + 1] != '=' &&
		    s[i + 1] != '~' && (i == 0 || strchr("=!<>",
		    s[i - 1]) == NULL))
			break;
	}
	return i;
}

/* The text of input i, as written. */
static const char *
input_text(const struct agg_spec *s, int i)
{
	if (s->field[i] != NULL)
		return s->field[i]->text;
	return expr_text(s->expr[i]);
}

/*
 * The index of the input text[0..n), a path or an expression (isx),
 * added if new.  Returns it, or -1 with err->col (1-based in text) and
 * err->msg.
 */
static int
find_field(struct agg_spec *s, const char *text, size_t n, int isx,
    struct sluice_err *err)
{
	struct path *p = NULL;
	struct expr *x = NULL;
	const char *t;
	char *copy;
	size_t i;

	for (i = 0; i < s->nfield; i++) {
		t = input_text(s, (int)i);
		if ((s->field[i] == NULL) == isx && strlen(t) == n &&
		    memcmp(t, text, n) == 0)
			return (int)i;
	}
	copy = xstrndup(text, n);
	if (!isx)
		p = path_compile(copy, err);
	else if ((x = expr_compile(copy, err)) != NULL &&
	    expr_nprev(x) > 0) {
		expr_free(x);
		x = NULL;
		err_set(err, 1, "prev() cannot be used in an input");
	}
	free(copy);
	if (p == NULL && x == NULL)
		return -1;
	s->field = xreallocarray(s->field, s->nfield + 1, sizeof(*s->field));
	s->expr = xreallocarray(s->expr, s->nfield + 1, sizeof(*s->expr));
	s->field[s->nfield] = p;
	s->expr[s->nfield] = x;
	return (int)s->nfield++;
}

static char *
default_name(const struct agg_def *d, const struct agg_spec *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, d->func);
	for (i = 0; i < sb.len; i++)
		if (sb.buf[i] == '.')
			sb.buf[i] = '_';
	if (d->field >= 0) {
		strbuf_addch(&sb, '_');
		strbuf_addstr(&sb, input_text(s, d->field));
	}
	return strbuf_detach(&sb, NULL);
}

/* Add d to the spec: its state's place, its canonical form. */
static void
add_def(struct agg_spec *s, const struct agg_def *d)
{
	struct agg_def *nd;

	s->def = xreallocarray(s->def, s->ndef + 1, sizeof(*s->def));
	nd = &s->def[s->ndef++];
	*nd = *d;
	nd->off = s->size;
	s->size += (d->m->size + AGG_ALIGN - 1) / AGG_ALIGN * AGG_ALIGN;
	s->need_time |= d->m->need_time;
	if (s->canon.len > 0)
		strbuf_addch(&s->canon, ',');
	strbuf_addstr(&s->canon, d->func);
	if (d->field >= 0) {
		strbuf_addch(&s->canon, ':');
		strbuf_addstr(&s->canon, input_text(s, d->field));
	}
	strbuf_addch(&s->canon, '=');
	strbuf_addstr(&s->canon, d->name);
}

static int
parse_item(struct agg_spec *s, const char *item, size_t n, size_t col,
    struct sluice_err *err)
{
	struct agg_def d;
	size_t f, k, i;
	int isx = 0;

	memset(&d, 0, sizeof(d));
	d.field = -1;
	for (f = 0; f < n && item[f] != ':' && item[f] != '='; f++)
		;
	if (parse_func(&d, item, f, err) == -1) {
		err->col = col;
		return -1;
	}
	d.func = xstrndup(item, f);
	k = f;
	if (k < n && item[k] == ':') {
		k++;
		isx = is_expr(item + k);
		i = isx ? expr_len(item + k) : item_len(item + k, "=");
		if (i > n - k)
			i = n - k;
		if (i == 0 || (d.field = find_field(s, item + k, i, isx,
		    err)) == -1) {
			if (i == 0)
				err_set(err, 1, "%s: expected a field after "
				    "':'", d.func);
			/* err->col counts in the field, from 1. */
			err->col += col - 1 + k;
			goto fail;
		}
		k += i;
	} else if (d.m->need_field) {
		err_set(err, col, "%s needs a field, as in %s:FIELD", d.func,
		    d.func);
		goto fail;
	}
	if (k < n && item[k] == '=') {
		if (k + 1 == n) {
			err_set(err, col + k + 1, "expected a name after '='");
			goto fail;
		}
		d.name = xstrndup(item + k + 1, n - k - 1);
	} else if (isx) {
		err_set(err, col, "%s: an expression needs a name, as in "
		    "%s:EXPR=NAME", d.func, d.func);
		goto fail;
	} else
		d.name = default_name(&d, s);
	if (d.name[0] == '@') {
		err_set(err, col, "output name '%s' is reserved (it starts "
		    "with '@')", d.name);
		goto fail;
	}
	if (agg_spec_find(s, d.name) >= 0) {
		err_set(err, col, "two functions are named '%s' (use =NAME)",
		    d.name);
		goto fail;
	}
	add_def(s, &d);
	return 0;
fail:
	free(d.func);
	free(d.name);
	return -1;
}

/*
 * The length of the item at s: up to an unquoted ',', or past an
 * expression input, which may hold ',' of its own.
 */
static size_t
item_end(const char *s)
{
	size_t f, x;

	f = strcspn(s, ":=,\"");
	if (s[f] != ':' || !is_expr(s + f + 1))
		return item_len(s, ",");
	x = f + 1 + expr_len(s + f + 1);
	return x + item_len(s + x, ",");
}

int
agg_spec_parse(struct agg_spec *s, const char *list, struct sluice_err *err)
{
	size_t off = 0, n;

	for (;;) {
		n = item_end(list + off);
		if (n == 0)
			return err_set(err, off + 1, "expected a function");
		if (parse_item(s, list + off, n, off + 1, err) == -1)
			return -1;
		off += n;
		if (list[off] == '\0')
			return 0;
		off++;
	}
}

const char *
agg_spec_canon(const struct agg_spec *s)
{
	return s->canon.buf != NULL ? s->canon.buf : "";
}

int
agg_spec_find(const struct agg_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ndef; i++)
		if (strcmp(s->def[i].name, name) == 0)
			return (int)i;
	return -1;
}

void
agg_spec_meta(const struct agg_spec *s, char *const *by, size_t nby,
    struct strbuf *sb)
{
	struct stream_meta m;
	struct stream_metric *x;
	size_t i;

	m.by = (char **)by;
	m.nby = nby;
	m.nmetric = s->ndef;
	m.metric = xcalloc(s->ndef + 1, sizeof(*m.metric));
	for (i = 0; i < s->ndef; i++) {
		x = &m.metric[i];
		x->name = s->def[i].name;
		x->fn = s->def[i].func;
		x->field = s->def[i].field >= 0 ?
		    (char *)input_text(s, s->def[i].field) : NULL;
		x->merge = s->def[i].m->rule;
	}
	stream_meta_write(sb, &m);
	free(m.metric);
}

void
agg_spec_release(struct agg_spec *s)
{
	size_t i;

	for (i = 0; i < s->ndef; i++) {
		free(s->def[i].func);
		free(s->def[i].name);
	}
	free(s->def);
	for (i = 0; i < s->nfield; i++)
		expr_free(s->expr[i]);
	free(s->expr);
	path_list_free(s->field, (int)s->nfield);
	strbuf_release(&s->canon);
	agg_spec_init(s);
}

uint64_t
agg_spec_skipped(const struct agg_spec *s, struct strbuf *sb)
{
	uint64_t n = 0;
	size_t k;

	for (k = 0; k < s->ndef; k++) {
		n += s->def[k].skipped;
		if (s->def[k].skipped > 0)
			strbuf_addf(sb, " skipped_values.%s=%llu",
			    s->def[k].name,
			    (unsigned long long)s->def[k].skipped);
	}
	return n;
}

int
agg_spec_absent(const struct agg_spec *s, size_t k, struct strbuf *sb)
{
	const struct agg_def *d = &s->def[k];
	const char *f;

	if (d->field < 0 || d->present > 0 || s->field[d->field] == NULL)
		return 0;
	f = s->field[d->field]->text;
	strbuf_addf(sb, "%s:%s: no record has field %s", d->func, f, f);
	return 1;
}
