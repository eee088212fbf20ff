/* SPDX-License-Identifier: MIT */
/* compile.c -- compile a JSON Schema (draft 2020-12) into nodes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex/ecma.h"
#include "schema/schema_int.h"
#include "schema/uri.h"

/* The names of "type", in the order of the T_* bits. */
static const char *const type_names[] = {
	"null", "boolean", "object", "array", "number", "string", "integer"
};

struct resource {
	char		*uri;		/* absolute, no fragment */
	struct snode	*node;
	struct jval	 v;
};

struct anchor {
	char		*uri;		/* resource "#" name */
	struct snode	*node;
};

/* Where a schema without an $id lives, to resolve references. */
#define DEFAULT_BASE	"sluice:///schema.json"
#define DRAFT_2020_12	"https://json-schema.org/draft/2020-12/schema"

/* The compiler: the schema it builds, and where errors go. */
struct cc {
	struct schema		*s;
	struct sluice_err	*err;
	struct strbuf		 loc;	/* where in the schema */
};

/* The 1-based line and column (in characters) of text + off. */
static void
text_pos(const char *text, size_t n, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < n; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80)
			(*col)++;
	}
	if (off > n)
		*col += off - n;
}

static void *
cc_fail(struct cc *cc, const char *at, const char *fmt, ...)
{
	char msg[sizeof(cc->err->msg)];
	size_t line = 1, col = 1;
	va_list ap;

	if (at != NULL)
		text_pos(cc->s->text, cc->s->len, (size_t)(at - cc->s->text),
		    &line, &col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(cc->err, col, "%s: %s", cc->loc.len ? cc->loc.buf : "(root)",
	    msg);
	cc->err->line = line;
	return NULL;
}

static size_t
loc_push(struct cc *cc, const char *key, size_t n)
{
	size_t len = cc->loc.len;

	schema_pointer_add(&cc->loc, key, n);
	return len;
}

static size_t
loc_push_index(struct cc *cc, size_t i)
{
	size_t len = cc->loc.len;

	strbuf_addf(&cc->loc, "/%zu", i);
	return len;
}

static void
loc_pop(struct cc *cc, size_t len)
{
	strbuf_truncate(&cc->loc, len);
}

static struct snode *
node_find(const struct schema *s, const char *at)
{
	size_t i;

	for (i = 0; i < s->nnodes; i++)
		if (s->nodes[i]->at == at)
			return s->nodes[i];
	return NULL;
}

static struct snode *
node_new(struct cc *cc, const char *at, const char *base)
{
	struct schema *s = cc->s;
	struct snode *n;

	n = xcalloc(1, sizeof(*n));
	n->at = at;
	n->loc = xstrdup(cc->loc.len ? cc->loc.buf : "");
	n->base = xstrdup(base);
	n->boolean = -1;
	n->min_len = n->max_len = -1;
	n->min_items = n->max_items = -1;
	n->min_contains = 1;
	n->max_contains = -1;
	n->min_props = n->max_props = -1;
	if (s->nnodes == s->anodes) {
		s->anodes = s->anodes ? s->anodes * 2 : 16;
		s->nodes = xreallocarray(s->nodes, s->anodes,
		    sizeof(*s->nodes));
	}
	s->nodes[s->nnodes++] = n;
	return n;
}

static struct resource *
resource_find(const struct schema *s, const char *uri)
{
	size_t i;

	for (i = 0; i < s->nres; i++)
		if (strcmp(s->res[i].uri, uri) == 0)
			return &s->res[i];
	return NULL;
}

static struct anchor *
anchor_find(const struct schema *s, const char *uri)
{
	size_t i;

	for (i = 0; i < s->nanc; i++)
		if (strcmp(s->anc[i].uri, uri) == 0)
			return &s->anc[i];
	return NULL;
}

static int
need_count(struct cc *cc, const struct jval *v, int64_t *out,
    const char *kw)
{
	struct decimal d;

	if (v->type == JT_NUMBER) {
		decimal_parse(v->p, v->n, &d);
		if (decimal_count(&d, out) == 0)
			return 0;
	}
	cc_fail(cc, v->p, "%s must be a non-negative integer", kw);
	return -1;
}

static int
need_number(struct cc *cc, const struct jval *v, struct decimal *d,
    const char *kw)
{
	if (v->type != JT_NUMBER) {
		cc_fail(cc, v->p, "%s must be a number", kw);
		return -1;
	}
	decimal_parse(v->p, v->n, d);
	return 0;
}

/* A decoded string value, owned by the caller. */
static char *
str_dup(const struct jval *v, size_t *lenp)
{
	struct strbuf sb = STRBUF_INIT;

	jval_str_append(v, &sb);
	if (lenp != NULL)
		*lenp = sb.len;
	if (sb.buf == NULL)
		return xstrdup("");
	return strbuf_detach(&sb, NULL);
}

/*
 * Refuse a name given twice in the object v: which of the two a
 * validator sees depends on its JSON parser, so a schema that repeats
 * a keyword, or a name of properties, $defs ..., is ambiguous.  what
 * says what the names are ("keyword", "property" ...).  Returns 0 or
 * -1 with the error at the second one.
 */
static int
no_twice(struct cc *cc, const struct jval *v, const char *what)
{
	struct strbuf kb = STRBUF_INIT;
	struct jiter it;
	struct jval k, e, last;
	const char *key;
	size_t klen, l;

	jiter_init(&it, v);
	while (jiter_next(&it, &k, &e)) {
		key = jval_str(&k, &kb, &klen);
		if (jval_find(v, key, klen, &last) && last.p != e.p) {
			l = loc_push(cc, key, klen);
			cc_fail(cc, last.p, "%s \"%.*s\" is given twice",
			    what, (int)(klen < 60 ? klen : 60), key);
			loc_pop(cc, l);
			strbuf_release(&kb);
			return -1;
		}
	}
	strbuf_release(&kb);
	return 0;
}

static struct snode *compile(struct cc *, const struct jval *,
    const char *base);

/* A keyword holding a schema. */
static int
sub_schema(struct cc *cc, const struct jval *v, const char *base,
    struct snode **out)
{
	return (*out = compile(cc, v, base)) == NULL ? -1 : 0;
}

/* A keyword holding a non-empty array of schemas. */
static int
sub_array(struct cc *cc, const struct jval *v, const char *base,
    const char *kw, struct snode ***out, size_t *nout)
{
	struct jiter it;
	struct jval e;
	size_t n = 0, l;

	if (v->type != JT_ARRAY) {
		cc_fail(cc, v->p, "%s must be an array of schemas", kw);
		return -1;
	}
	jiter_init(&it, v);
	while (jiter_next(&it, NULL, &e)) {
		*out = xreallocarray(*out, n + 1, sizeof(**out));
		l = loc_push_index(cc, n);
		(*out)[n] = compile(cc, &e, base);
		loc_pop(cc, l);
		if ((*out)[n] == NULL)
			return -1;
		*nout = ++n;
	}
	if (n == 0) {
		cc_fail(cc, v->p, "%s must not be empty", kw);
		return -1;
	}
	return 0;
}

static struct sname *
name_get(struct snode *n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n->nnames; i++)
		if (n->names[i].len == len &&
		    memcmp(n->names[i].name, name, len) == 0)
			return &n->names[i];
	n->names = xreallocarray(n->names, n->nnames + 1, sizeof(*n->names));
	memset(&n->names[n->nnames], 0, sizeof(*n->names));
	n->names[n->nnames].name = xstrndup(name, len);
	n->names[n->nnames].len = len;
	return &n->names[n->nnames++];
}

static struct sdep *
dep_get(struct snode *n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n->ndeps; i++)
		if (n->deps[i].len == len &&
		    memcmp(n->deps[i].name, name, len) == 0)
			return &n->deps[i];
	n->deps = xreallocarray(n->deps, n->ndeps + 1, sizeof(*n->deps));
	memset(&n->deps[n->ndeps], 0, sizeof(*n->deps));
	n->deps[n->ndeps].name = xstrndup(name, len);
	n->deps[n->ndeps].len = len;
	return &n->deps[n->ndeps++];
}

static int
kw_required(struct cc *cc, struct snode *n, const struct jval *v)
{
	struct jiter it;
	struct jval e;
	char *name;
	size_t len;

	if (v->type != JT_ARRAY)
		goto bad;
	jiter_init(&it, v);
	while (jiter_next(&it, NULL, &e)) {
		if (e.type != JT_STRING)
			goto bad;
		name = str_dup(&e, &len);
		name_get(n, name, len)->required = 1;
		free(name);
	}
	return 0;
bad:
	cc_fail(cc, v->p, "required must be an array of strings");
	return -1;
}

static int
kw_dep_required(struct cc *cc, struct snode *n, const struct jval *v,
    const char *kw, int legacy)
{
	struct jiter it, ie;
	struct jval k, a, e;
	struct sdep *d;
	char *name;
	size_t len;

	if (no_twice(cc, v, "name") == -1)
		return -1;
	jiter_init(&it, v);
	while (jiter_next(&it, &k, &a)) {
		if (a.type != JT_ARRAY) {
			if (legacy)
				continue;
			goto bad;
		}
		name = str_dup(&k, &len);
		d = dep_get(n, name, len);
		free(name);
		jiter_init(&ie, &a);
		while (jiter_next(&ie, NULL, &e)) {
			if (e.type != JT_STRING)
				goto bad;
			d->req = xreallocarray(d->req, d->nreq + 1,
			    sizeof(*d->req));
			d->reqlen = xreallocarray(d->reqlen, d->nreq + 1,
			    sizeof(*d->reqlen));
			d->req[d->nreq] = str_dup(&e, &d->reqlen[d->nreq]);
			d->nreq++;
		}
	}
	return 0;
bad:
	cc_fail(cc, v->p, "%s must map names to arrays of strings", kw);
	return -1;
}

static int
kw_dep_schemas(struct cc *cc, struct snode *n, const struct jval *v,
    const char *base, int legacy)
{
	struct jiter it;
	struct jval k, a;
	struct sdep *d;
	char *name;
	size_t len, l;

	if (no_twice(cc, v, "name") == -1)
		return -1;
	jiter_init(&it, v);
	while (jiter_next(&it, &k, &a)) {
		/* "dependencies" (draft 7) mixes both forms. */
		if (legacy && a.type == JT_ARRAY)
			continue;
		name = str_dup(&k, &len);
		l = loc_push(cc, name, len);
		d = dep_get(n, name, len);
		free(name);
		d->schema = compile(cc, &a, base);
		loc_pop(cc, l);
		if (d->schema == NULL)
			return -1;
	}
	return 0;
}

/* The index of the type name[0..n) in type_names, or -1. */
static int
type_find(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < NELEM(type_names); i++)
		if (strlen(type_names[i]) == n &&
		    memcmp(type_names[i], name, n) == 0)
			return (int)i;
	return -1;
}

static int
kw_type(struct cc *cc, struct snode *n, const struct jval *v)
{
	struct strbuf msg = STRBUF_INIT, sb = STRBUF_INIT;
	struct jiter it;
	struct jval e;
	const char *name;
	size_t k = 0, len;
	int i, one = (v->type == JT_STRING);

	if (v->type != JT_STRING && v->type != JT_ARRAY)
		goto bad;
	if (one)
		e = *v;
	else
		jiter_init(&it, v);
	while (one ? k == 0 : jiter_next(&it, NULL, &e)) {
		if (e.type != JT_STRING)
			goto bad;
		name = jval_str(&e, &sb, &len);
		if ((i = type_find(name, len)) < 0) {
			strbuf_release(&msg);
			strbuf_release(&sb);
			cc_fail(cc, e.p, "unknown type %.*s", (int)e.n, e.p);
			return -1;
		}
		n->types |= 1U << i;
		strbuf_addstr(&msg, k++ == 0 ? "must be " : " or ");
		strbuf_addstr(&msg, type_names[i]);
	}
	if (k == 0)
		goto bad;
	strbuf_release(&sb);
	n->type_msg = strbuf_detach(&msg, NULL);
	return 0;
bad:
	strbuf_release(&msg);
	strbuf_release(&sb);
	cc_fail(cc, v->p, "type must be a type name or an array of them");
	return -1;
}

static int
kw_format(struct cc *cc, struct snode *n, const struct jval *v)
{
	enum format fmt;
	char *name;
	size_t len;

	if (v->type != JT_STRING) {
		cc_fail(cc, v->p, "format must be a string");
		return -1;
	}
	if (!(cc->s->flags & SCHEMA_FORMAT_ASSERT))
		return 0;
	name = str_dup(v, &len);
	fmt = format_find(name, len);
	if (fmt == FORMAT_UNCHECKED)
		cc_fail(cc, v->p, "format \"%s\" cannot be asserted "
		    "(not checked here)", name);
	free(name);
	if (fmt == FORMAT_UNCHECKED)
		return -1;
	/* Unknown formats (FORMAT_NONE) are annotations. */
	if (fmt != FORMAT_NONE)
		n->format = fmt;
	return 0;
}

/* A pattern (the string v) compiled into pt, which must be empty. */
static int
kw_pattern(struct cc *cc, struct spattern *pt, const struct jval *v)
{
	struct sluice_err e;
	size_t len;

	if (v->type != JT_STRING) {
		cc_fail(cc, v->p, "a pattern must be a string");
		return -1;
	}
	pt->src = str_dup(v, &len);
	if ((pt->rx = ecma_compile(pt->src, len, &e)) == NULL) {
		cc_fail(cc, v->p, "pattern \"%.60s\": at column %zu: %s",
		    pt->src, e.col, e.msg);
		return -1;
	}
	return 0;
}

static int
kw_properties(struct cc *cc, struct snode *n, const struct jval *v,
    const char *base)
{
	struct jiter it;
	struct jval k, e;
	struct snode *sub;
	char *name;
	size_t len, l;

	if (no_twice(cc, v, "property") == -1)
		return -1;
	jiter_init(&it, v);
	while (jiter_next(&it, &k, &e)) {
		name = str_dup(&k, &len);
		l = loc_push(cc, name, len);
		sub = compile(cc, &e, base);
		loc_pop(cc, l);
		if (sub != NULL)
			name_get(n, name, len)->schema = sub;
		free(name);
		if (sub == NULL)
			return -1;
	}
	return 0;
}

static int
kw_pattern_properties(struct cc *cc, struct snode *n, const struct jval *v,
    const char *base)
{
	struct jiter it;
	struct jval k, e;
	struct spat *sp;
	char *name;
	size_t len, l;
	int r;

	if (no_twice(cc, v, "pattern") == -1)
		return -1;
	jiter_init(&it, v);
	while (jiter_next(&it, &k, &e)) {
		n->pats = xreallocarray(n->pats, n->npats + 1,
		    sizeof(*n->pats));
		sp = &n->pats[n->npats++];
		memset(sp, 0, sizeof(*sp));
		name = str_dup(&k, &len);
		l = loc_push(cc, name, len);
		free(name);
		r = kw_pattern(cc, &sp->pat, &k);
		if (r == 0)
			sp->schema = compile(cc, &e, base);
		loc_pop(cc, l);
		if (r == -1 || sp->schema == NULL)
			return -1;
	}
	return 0;
}

static int
kw_defs(struct cc *cc, const struct jval *v, const char *base)
{
	struct jiter it;
	struct jval k, e;
	struct snode *sub;
	char *name;
	size_t len, l;

	if (no_twice(cc, v, "name") == -1)
		return -1;
	jiter_init(&it, v);
	while (jiter_next(&it, &k, &e)) {
		name = str_dup(&k, &len);
		l = loc_push(cc, name, len);
		free(name);
		sub = compile(cc, &e, base);
		loc_pop(cc, l);
		if (sub == NULL)
			return -1;
	}
	return 0;
}

/* Standard keywords of some draft that are not implemented here. */
static const char *const refused[] = {
	"$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor",
	"$vocabulary", "unevaluatedItems", "unevaluatedProperties"
};

/* Keywords that only annotate (or only matter to other keywords). */
static const char *const ignored[] = {
	"$id", "$comment", "title", "description", "default", "examples",
	"deprecated", "readOnly", "writeOnly", "contentEncoding",
	"contentMediaType", "contentSchema", "$anchor"
};

#define KW(s)	(klen == sizeof(s) - 1 && memcmp(key, s, klen) == 0)

static int
keyword(struct cc *cc, struct snode *n, const char *key, size_t klen,
    const struct jval *v)
{
	const char *base = n->base;
	size_t i;

	for (i = 0; i < NELEM(ignored); i++)
		if (strlen(ignored[i]) == klen &&
		    memcmp(ignored[i], key, klen) == 0)
			return 0;
	for (i = 0; i < NELEM(refused); i++) {
		if (strlen(refused[i]) == klen &&
		    memcmp(refused[i], key, klen) == 0) {
			cc_fail(cc, v->p, "%s is not supported", refused[i]);
			return -1;
		}
	}
	if (KW("$schema")) {
		if (v->type != JT_STRING || (!jval_str_eq(v, DRAFT_2020_12,
		    strlen(DRAFT_2020_12)) && !jval_str_eq(v, DRAFT_2020_12 "#",
		    strlen(DRAFT_2020_12) + 1))) {
			cc_fail(cc, v->p, "$schema %.*s is not supported "
			    "(only draft 2020-12)",
			    (int)(v->n < 80 ? v->n : 80), v->p);
			return -1;
		}
		return 0;
	}
	if (KW("$ref")) {
		if (v->type != JT_STRING) {
			cc_fail(cc, v->p, "$ref must be a string");
			return -1;
		}
		n->ref = str_dup(v, NULL);
		n->ref_at = v->p;
		return 0;
	}
	if (KW("$defs") || KW("definitions")) {
		if (v->type != JT_OBJECT) {
			if (KW("definitions"))
				return 0;
			cc_fail(cc, v->p, "$defs must be an object");
			return -1;
		}
		return kw_defs(cc, v, base);
	}
	if (KW("type"))
		return kw_type(cc, n, v);
	if (KW("enum")) {
		if (v->type != JT_ARRAY) {
			cc_fail(cc, v->p, "enum must be an array");
			return -1;
		}
		n->has_enum = 1;
		n->enumv = *v;
		return 0;
	}
	if (KW("const")) {
		n->has_const = 1;
		n->constv = *v;
		return 0;
	}
	if (KW("multipleOf")) {
		if (need_number(cc, v, &n->multiple, "multipleOf") == -1)
			return -1;
		if (n->multiple.zero || n->multiple.neg) {
			cc_fail(cc, v->p, "multipleOf must be > 0");
			return -1;
		}
		n->num |= N_MULTIPLE;
		return 0;
	}
	if (KW("minimum")) {
		n->num |= N_MIN;
		return need_number(cc, v, &n->min, "minimum");
	}
	if (KW("maximum")) {
		n->num |= N_MAX;
		return need_number(cc, v, &n->max, "maximum");
	}
	if (KW("exclusiveMinimum")) {
		n->num |= N_XMIN;
		return need_number(cc, v, &n->xmin, "exclusiveMinimum");
	}
	if (KW("exclusiveMaximum")) {
		n->num |= N_XMAX;
		return need_number(cc, v, &n->xmax, "exclusiveMaximum");
	}
	if (KW("minLength"))
		return need_count(cc, v, &n->min_len, "minLength");
	if (KW("maxLength"))
		return need_count(cc, v, &n->max_len, "maxLength");
	if (KW("pattern"))
		return kw_pattern(cc, &n->pattern, v);
	if (KW("format"))
		return kw_format(cc, n, v);
	if (KW("minItems"))
		return need_count(cc, v, &n->min_items, "minItems");
	if (KW("maxItems"))
		return need_count(cc, v, &n->max_items, "maxItems");
	if (KW("minContains"))
		return need_count(cc, v, &n->min_contains, "minContains");
	if (KW("maxContains"))
		return need_count(cc, v, &n->max_contains, "maxContains");
	if (KW("uniqueItems")) {
		if (v->type != JT_TRUE && v->type != JT_FALSE) {
			cc_fail(cc, v->p, "uniqueItems must be a boolean");
			return -1;
		}
		n->unique = (v->type == JT_TRUE);
		return 0;
	}
	if (KW("minProperties"))
		return need_count(cc, v, &n->min_props, "minProperties");
	if (KW("maxProperties"))
		return need_count(cc, v, &n->max_props, "maxProperties");
	if (KW("required"))
		return kw_required(cc, n, v);
	if (KW("items")) {
		if (v->type == JT_ARRAY) {
			cc_fail(cc, v->p, "an array of items is draft "
			    "2019-09 or older: use prefixItems");
			return -1;
		}
		return sub_schema(cc, v, base, &n->items);
	}
	if (KW("additionalItems")) {
		cc_fail(cc, v->p, "additionalItems is draft 2019-09 or "
		    "older: use items");
		return -1;
	}
	if (KW("prefixItems"))
		return sub_array(cc, v, base, "prefixItems", &n->prefix,
		    &n->nprefix);
	if (KW("contains"))
		return sub_schema(cc, v, base, &n->contains);
	if (KW("additionalProperties"))
		return sub_schema(cc, v, base, &n->addl);
	if (KW("propertyNames"))
		return sub_schema(cc, v, base, &n->pnames);
	if (KW("not"))
		return sub_schema(cc, v, base, &n->not);
	if (KW("if"))
		return sub_schema(cc, v, base, &n->if_);
	if (KW("then"))
		return sub_schema(cc, v, base, &n->then_);
	if (KW("else"))
		return sub_schema(cc, v, base, &n->else_);
	if (KW("allOf"))
		return sub_array(cc, v, base, "allOf", &n->all, &n->nall);
	if (KW("anyOf"))
		return sub_array(cc, v, base, "anyOf", &n->any, &n->nany);
	if (KW("oneOf"))
		return sub_array(cc, v, base, "oneOf", &n->one, &n->none);
	if (v->type != JT_OBJECT && (KW("properties") ||
	    KW("patternProperties") || KW("dependentRequired") ||
	    KW("dependentSchemas") || KW("dependencies"))) {
		cc_fail(cc, v->p, "%.*s must be an object", (int)klen, key);
		return -1;
	}
	if (KW("properties"))
		return kw_properties(cc, n, v, base);
	if (KW("patternProperties"))
		return kw_pattern_properties(cc, n, v, base);
	if (KW("dependentRequired"))
		return kw_dep_required(cc, n, v, "dependentRequired", 0);
	if (KW("dependentSchemas"))
		return kw_dep_schemas(cc, n, v, base, 0);
	if (KW("dependencies")) {
		/* Draft 7: arrays are dependentRequired, else schemas. */
		if (kw_dep_required(cc, n, v, "dependencies", 1) == -1)
			return -1;
		return kw_dep_schemas(cc, n, v, base, 1);
	}
	/* Not a keyword of this draft: ignored. */
	return 0;
}

static int
add_resource(struct cc *cc, const char *uri, struct snode *n,
    const struct jval *v)
{
	struct schema *s = cc->s;

	if (resource_find(s, uri) != NULL) {
		cc_fail(cc, v->p, "$id %s is used twice", uri);
		return -1;
	}
	if (s->nres == s->ares) {
		s->ares = s->ares ? s->ares * 2 : 8;
		s->res = xreallocarray(s->res, s->ares, sizeof(*s->res));
	}
	s->res[s->nres].uri = xstrdup(uri);
	s->res[s->nres].node = n;
	s->res[s->nres].v = *v;
	s->nres++;
	return 0;
}

static int
add_anchor(struct cc *cc, struct snode *n, const struct jval *v)
{
	struct schema *s = cc->s;
	struct strbuf uri = STRBUF_INIT;
	const char *hash;
	char *name;
	size_t len;

	if (v->type != JT_STRING) {
		cc_fail(cc, v->p, "$anchor must be a string");
		return -1;
	}
	name = str_dup(v, &len);
	hash = strchr(n->base, '#');
	strbuf_add(&uri, n->base, hash ? (size_t)(hash - n->base) :
	    strlen(n->base));
	strbuf_addch(&uri, '#');
	strbuf_addstr(&uri, name);
	free(name);
	if (anchor_find(s, uri.buf) != NULL) {
		cc_fail(cc, v->p, "$anchor %s is used twice", uri.buf);
		strbuf_release(&uri);
		return -1;
	}
	if (s->nanc == s->aanc) {
		s->aanc = s->aanc ? s->aanc * 2 : 8;
		s->anc = xreallocarray(s->anc, s->aanc, sizeof(*s->anc));
	}
	s->anc[s->nanc].uri = strbuf_detach(&uri, NULL);
	s->anc[s->nanc].node = n;
	s->nanc++;
	return 0;
}

/* The message of a failed const, or else enum (a new string). */
static char *
value_msg(const struct snode *n)
{
	struct strbuf msg = STRBUF_INIT;
	struct jiter it;
	struct jval e;
	int first = 1;

	if (n->has_const) {
		strbuf_addstr(&msg, "must be equal to ");
		schema_compact(&msg, &n->constv, 80);
		return strbuf_detach(&msg, NULL);
	}
	strbuf_addstr(&msg, "must be one of ");
	jiter_init(&it, &n->enumv);
	while (jiter_next(&it, NULL, &e)) {
		if (msg.len > 100) {
			strbuf_addstr(&msg, ", ...");
			break;
		}
		if (!first)
			strbuf_addstr(&msg, ", ");
		first = 0;
		schema_compact(&msg, &e, 60);
	}
	if (first)
		strbuf_addstr(&msg, "nothing (empty enum)");
	return strbuf_detach(&msg, NULL);
}

/* Compile the schema at v (base: the base URI around it). */
static struct snode *
compile(struct cc *cc, const struct jval *v, const char *base)
{
	struct strbuf kb = STRBUF_INIT;
	struct snode *n;
	struct jiter it;
	struct jval k, e, id;
	const char *key;
	char *uri, *s;
	size_t klen, l;
	int r = 0;

	if ((n = node_find(cc->s, v->p)) != NULL)
		return n;
	if (v->type == JT_TRUE || v->type == JT_FALSE) {
		n = node_new(cc, v->p, base);
		n->boolean = (v->type == JT_TRUE);
		return n;
	}
	if (v->type != JT_OBJECT)
		return cc_fail(cc, v->p, "a schema must be an object or a "
		    "boolean");
	n = node_new(cc, v->p, base);
	if (no_twice(cc, v, "key") == -1)
		return NULL;
	/* $id first: it sets the base of everything beside it. */
	if (jval_find(v, "$id", 3, &id)) {
		if (id.type != JT_STRING)
			return cc_fail(cc, id.p, "$id must be a string");
		s = str_dup(&id, NULL);
		uri = uri_resolve(base, s);
		free(s);
		l = strlen(uri);
		if (l > 0 && uri[l - 1] == '#')
			uri[--l] = '\0';
		if (strchr(uri, '#') != NULL) {
			free(uri);
			return cc_fail(cc, id.p, "$id must not have a "
			    "fragment");
		}
		free(n->base);
		n->base = uri;
		if (add_resource(cc, uri, n, v) == -1)
			return NULL;
	}
	if (jval_find(v, "$anchor", 7, &e) && add_anchor(cc, n, &e) == -1)
		return NULL;
	jiter_init(&it, v);
	while (r == 0 && jiter_next(&it, &k, &e)) {
		key = jval_str(&k, &kb, &klen);
		l = loc_push(cc, key, klen);
		r = keyword(cc, n, key, klen, &e);
		loc_pop(cc, l);
	}
	strbuf_release(&kb);
	if (r == -1)
		return NULL;
	n->has_array = n->nprefix || n->items || n->contains ||
	    n->min_items >= 0 || n->max_items >= 0 || n->unique;
	n->need_keys = n->nnames || n->npats || n->addl || n->pnames;
	n->has_object = n->need_keys || n->min_props >= 0 ||
	    n->max_props >= 0 || n->ndeps;
	if (n->has_enum || n->has_const)
		n->value_msg = value_msg(n);
	return n;
}

static int
resolve_ref(struct cc *cc, struct snode *n)
{
	struct strbuf frag = STRBUF_INIT;
	struct resource *res;
	struct anchor *a;
	struct jval target;
	char *uri, *hash;
	int rv = -1;

	uri = uri_resolve(n->base, n->ref);
	if ((hash = strchr(uri, '#')) != NULL) {
		strbuf_addstr(&frag, hash + 1);
		*hash = '\0';
	}
	strbuf_reset(&cc->loc);
	strbuf_addstr(&cc->loc, n->loc);
	strbuf_addstr(&cc->loc, "/$ref");
	if ((res = resource_find(cc->s, uri)) == NULL) {
		cc_fail(cc, n->ref_at, "$ref \"%.60s\" is not in this schema "
		    "(remote references are not supported)", n->ref);
		goto out;
	}
	if (frag.len > 0 && uri_pct_decode(&frag) == -1) {
		cc_fail(cc, n->ref_at, "$ref \"%.60s\": bad %%-escape", n->ref);
		goto out;
	}
	if (frag.len == 0) {
		n->refnode = res->node;
	} else if (frag.buf[0] == '/') {
		if (!schema_pointer_walk(&res->v, frag.buf, &target)) {
			cc_fail(cc, n->ref_at, "$ref \"%.60s\": no such "
			    "location", n->ref);
			goto out;
		}
		strbuf_reset(&cc->loc);
		if (res->node == cc->s->root)
			strbuf_add(&cc->loc, frag.buf, frag.len);
		else
			strbuf_addf(&cc->loc, "%s(%s)", n->loc, n->ref);
		if ((n->refnode = compile(cc, &target,
		    res->node->base)) == NULL)
			goto out;
	} else {
		/* An anchor: look up "uri#name". */
		strbuf_reset(&cc->loc);
		strbuf_addf(&cc->loc, "%s#%s", uri, frag.buf);
		a = anchor_find(cc->s, cc->loc.buf);
		strbuf_reset(&cc->loc);
		strbuf_addstr(&cc->loc, n->loc);
		strbuf_addstr(&cc->loc, "/$ref");
		if (a == NULL) {
			cc_fail(cc, n->ref_at, "$ref \"%.60s\": no such "
			    "$anchor", n->ref);
			goto out;
		}
		n->refnode = a->node;
	}
	rv = 0;
out:
	free(uri);
	strbuf_release(&frag);
	return rv;
}

/*
 * A schema that applies itself to the same value without going down
 * into it ({"$ref": "#"}, or through allOf, not, if...) never ends.
 */
static int
loop_check(struct cc *cc, struct snode *n)
{
	size_t i;
	int r = 0;

	if (n == NULL || n->color == 2)
		return 0;
	if (n->color == 1) {
		strbuf_reset(&cc->loc);
		strbuf_addstr(&cc->loc, n->loc);
		cc_fail(cc, n->at, "this schema refers to itself without "
		    "going into the value (an endless loop)");
		return -1;
	}
	n->color = 1;
	r |= loop_check(cc, n->refnode);
	for (i = 0; i < n->nall; i++)
		r |= loop_check(cc, n->all[i]);
	for (i = 0; i < n->nany; i++)
		r |= loop_check(cc, n->any[i]);
	for (i = 0; i < n->none; i++)
		r |= loop_check(cc, n->one[i]);
	for (i = 0; i < n->ndeps; i++)
		r |= loop_check(cc, n->deps[i].schema);
	r |= loop_check(cc, n->not);
	r |= loop_check(cc, n->if_);
	r |= loop_check(cc, n->then_);
	r |= loop_check(cc, n->else_);
	n->color = 2;
	return r ? -1 : 0;
}

struct schema *
schema_compile(const char *text, size_t n, int flags, struct sluice_err *err)
{
	struct schema *s;
	struct cc cc;
	size_t i;

	s = xcalloc(1, sizeof(*s));
	s->flags = flags;
	s->text = xmalloc(n + 1);
	memcpy(s->text, text, n);
	s->text[n] = '\0';
	s->len = n;
	memset(&cc, 0, sizeof(cc));
	cc.s = s;
	cc.err = err;
	if (scan_document(s->text, n, &s->doc, err) == -1) {
		text_pos(s->text, n, err->col > 0 ? err->col - 1 : 0,
		    &err->line, &err->col);
		goto fail;
	}
	/* The document itself is a resource, whatever its $id says. */
	if ((s->root = compile(&cc, &s->doc, DEFAULT_BASE)) == NULL)
		goto fail;
	if (resource_find(s, DEFAULT_BASE) == NULL &&
	    add_resource(&cc, DEFAULT_BASE, s->root, &s->doc) == -1)
		goto fail;
	for (i = 0; i < s->nnodes; i++)
		if (s->nodes[i]->ref != NULL && s->nodes[i]->refnode == NULL &&
		    resolve_ref(&cc, s->nodes[i]) == -1)
			goto fail;
	for (i = 0; i < s->nnodes; i++)
		if (loop_check(&cc, s->nodes[i]) == -1)
			goto fail;
	strbuf_release(&cc.loc);
	return s;
fail:
	strbuf_release(&cc.loc);
	schema_free(s);
	return NULL;
}

static void
node_free(struct snode *n)
{
	size_t i, j;

	free(n->loc);
	free(n->base);
	free(n->type_msg);
	free(n->value_msg);
	rx_free(n->pattern.rx);
	free(n->pattern.src);
	free(n->prefix);
	for (i = 0; i < n->nnames; i++)
		free(n->names[i].name);
	free(n->names);
	for (i = 0; i < n->npats; i++) {
		rx_free(n->pats[i].pat.rx);
		free(n->pats[i].pat.src);
	}
	free(n->pats);
	for (i = 0; i < n->ndeps; i++) {
		free(n->deps[i].name);
		for (j = 0; j < n->deps[i].nreq; j++)
			free(n->deps[i].req[j]);
		free(n->deps[i].req);
		free(n->deps[i].reqlen);
	}
	free(n->deps);
	free(n->all);
	free(n->any);
	free(n->one);
	free(n->ref);
	free(n);
}

void
schema_free(struct schema *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nnodes; i++)
		node_free(s->nodes[i]);
	free(s->nodes);
	for (i = 0; i < s->nres; i++)
		free(s->res[i].uri);
	free(s->res);
	for (i = 0; i < s->nanc; i++)
		free(s->anc[i].uri);
	free(s->anc);
	free(s->text);
	free(s);
}

int
schema_type_bits(const char *list, unsigned *bits)
{
	const char *p = list, *q;
	int i;

	*bits = 0;
	for (;;) {
		for (q = p; *q != '\0' && *q != '|'; q++)
			;
		if ((i = type_find(p, (size_t)(q - p))) < 0)
			return -1;
		*bits |= 1U << i;
		if (*q == '\0')
			return 0;
		p = q + 1;
	}
}
