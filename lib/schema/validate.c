/* SPDX-License-Identifier: MIT */
/* validate.c -- validate raw JSON values against a compiled schema. */
#include <stdarg.h>
#include <string.h>

#include "schema/schema_int.h"

/*
 * Validation.  One walk serves both modes: without collect it returns
 * at the first failure and builds nothing; with collect it goes on,
 * keeps the instance location in run->path and records every error.
 * Subschemas whose failure is not an error by itself (anyOf, oneOf,
 * not, if, contains) are always run without collect.
 */
#define VALIDATE_MAX_DEPTH	20000

struct vctx {
	const struct schema	*s;
	struct schema_run	*r;
	int			 collect;
	int			 depth;
};

static void	verr(struct vctx *, const char *, const char *, ...)
		    PRINTFLIKE(3, 4);

static void
verr(struct vctx *c, const char *kw, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	schema_run_vadd(c->r, kw, fmt, ap);
	va_end(ap);
}

static int v_node(struct vctx *, const struct snode *, const struct jval *);

/* v_node without collecting (for anyOf, not...). */
static int
v_test(struct vctx *c, const struct snode *n, const struct jval *v)
{
	int save = c->collect, ok;

	c->collect = 0;
	ok = v_node(c, n, v);
	c->collect = save;
	return ok;
}

/*
 * A subschema on a member or element (the path is pushed already); a
 * false schema there is reported by the keyword that put it there.
 */
static int
v_sub(struct vctx *c, const struct snode *n, const struct jval *v,
    const char *kw, const char *msg)
{
	if (n->boolean == 0) {
		if (c->collect)
			verr(c, kw, "%s", msg);
		return 0;
	}
	return v_node(c, n, v);
}

static int
type_ok(const struct snode *n, const struct jval *v)
{
	struct decimal d;

	switch (v->type) {
	case JT_NULL:
		return n->types & T_NULL;
	case JT_TRUE:
	case JT_FALSE:
		return n->types & T_BOOLEAN;
	case JT_OBJECT:
		return n->types & T_OBJECT;
	case JT_ARRAY:
		return n->types & T_ARRAY;
	case JT_STRING:
		return n->types & T_STRING;
	case JT_NUMBER:
		if (n->types & T_NUMBER)
			return 1;
		if (!(n->types & T_INTEGER))
			return 0;
		if (v->flags & JV_INTEGER)
			return 1;
		decimal_parse(v->p, v->n, &d);
		return decimal_is_int(&d);
	default:
		return 0;
	}
}

static long
name_find(const struct snode *n, const char *k, size_t kn)
{
	size_t i;

	for (i = 0; i < n->nnames; i++)
		if (n->names[i].len == kn &&
		    memcmp(n->names[i].name, k, kn) == 0)
			return (long)i;
	return -1;
}

#define FAIL()	do { ok = 0; if (!c->collect) goto done; } while (0)

static int
v_number(struct vctx *c, const struct snode *n, const struct jval *v)
{
	struct decimal d;
	int ok = 1;

	decimal_parse(v->p, v->n, &d);
	if ((n->num & N_MIN) && decimal_cmp(&d, &n->min) < 0) {
		FAIL();
		verr(c, "minimum", "must be >= %.*s", (int)n->min.n,
		    n->min.s);
	}
	if ((n->num & N_MAX) && decimal_cmp(&d, &n->max) > 0) {
		FAIL();
		verr(c, "maximum", "must be <= %.*s", (int)n->max.n,
		    n->max.s);
	}
	if ((n->num & N_XMIN) && decimal_cmp(&d, &n->xmin) <= 0) {
		FAIL();
		verr(c, "exclusiveMinimum", "must be > %.*s", (int)n->xmin.n,
		    n->xmin.s);
	}
	if ((n->num & N_XMAX) && decimal_cmp(&d, &n->xmax) >= 0) {
		FAIL();
		verr(c, "exclusiveMaximum", "must be < %.*s", (int)n->xmax.n,
		    n->xmax.s);
	}
	if ((n->num & N_MULTIPLE) && !decimal_multiple(&d, &n->multiple)) {
		FAIL();
		verr(c, "multipleOf", "must be a multiple of %.*s",
		    (int)n->multiple.n, n->multiple.s);
	}
done:
	return ok;
}

static int
v_string(struct vctx *c, const struct snode *n, const struct jval *v)
{
	const char *s;
	size_t len;
	int ok = 1, m;

	if (n->min_len >= 0 || n->max_len >= 0) {
		len = schema_length(v);
		if (n->min_len >= 0 && len < (uint64_t)n->min_len) {
			FAIL();
			verr(c, "minLength", "must be at least %lld "
			    "character%s long", (long long)n->min_len,
			    n->min_len == 1 ? "" : "s");
		}
		if (n->max_len >= 0 && len > (uint64_t)n->max_len) {
			FAIL();
			verr(c, "maxLength", "must be at most %lld "
			    "character%s long", (long long)n->max_len,
			    n->max_len == 1 ? "" : "s");
		}
	}
	if (n->pattern.rx == NULL && n->format <= FORMAT_UNCHECKED)
		goto done;
	s = jval_str(v, &c->r->s1, &len);
	if (n->pattern.rx != NULL &&
	    (m = rx_match_utf8(n->pattern.rx, s, len)) != 1) {
		FAIL();
		if (m == 0)
			verr(c, "pattern", "must match pattern %s",
			    n->pattern.src);
		else
			verr(c, "pattern", "cannot be matched against pattern "
			    "%s: %s", n->pattern.src, rx_why(n->pattern.rx));
	}
	if (n->format > FORMAT_UNCHECKED && !format_check(n->format, s, len)) {
		FAIL();
		verr(c, "format", "must be a valid %s",
		    format_name(n->format));
	}
done:
	return ok;
}

static int
v_array(struct vctx *c, const struct snode *n, const struct jval *v)
{
	struct schema_run *r = c->r;
	struct jiter it;
	struct jval e;
	const struct snode *sub;
	size_t count = 0, matches = 0, plen = r->path.len, i, j;
	int ok = 1;

	jiter_init(&it, v);
	while (jiter_next(&it, NULL, &e)) {
		sub = count < n->nprefix ? n->prefix[count] : n->items;
		if (sub != NULL) {
			if (c->collect)
				strbuf_addf(&r->path, "/%zu", count);
			if (!v_sub(c, sub, &e, count < n->nprefix ?
			    "prefixItems" : "items", "item is not allowed")) {
				strbuf_truncate(&r->path, plen);
				FAIL();
			}
			strbuf_truncate(&r->path, plen);
		}
		if (n->contains != NULL && v_test(c, n->contains, &e))
			matches++;
		count++;
	}
	if (n->min_items >= 0 && count < (uint64_t)n->min_items) {
		FAIL();
		verr(c, "minItems", "must have at least %lld item%s",
		    (long long)n->min_items, n->min_items == 1 ? "" : "s");
	}
	if (n->max_items >= 0 && count > (uint64_t)n->max_items) {
		FAIL();
		verr(c, "maxItems", "must have at most %lld item%s",
		    (long long)n->max_items, n->max_items == 1 ? "" : "s");
	}
	if (n->contains != NULL) {
		if (matches < (uint64_t)n->min_contains) {
			FAIL();
			if (n->min_contains == 1)
				verr(c, "contains", "must contain an item "
				    "matching contains");
			else
				verr(c, "minContains", "must contain at least "
				    "%lld items matching contains",
				    (long long)n->min_contains);
		}
		if (n->max_contains >= 0 &&
		    matches > (uint64_t)n->max_contains) {
			FAIL();
			verr(c, "maxContains", "must contain at most %lld "
			    "item%s matching contains",
			    (long long)n->max_contains,
			    n->max_contains == 1 ? "" : "s");
		}
	}
	if (n->unique && count > 1 && schema_duplicate(v, count, r, &i, &j)) {
		FAIL();
		verr(c, "uniqueItems", "must not have duplicate items "
		    "(items %zu and %zu are equal)", i, j);
	}
done:
	return ok;
}

static int
v_object(struct vctx *c, const struct snode *n, const struct jval *v)
{
	struct schema_run *r = c->r;
	struct jiter it;
	struct jval k, e, x;
	const struct sname *nm;
	const struct sdep *d;
	const char *kp;
	const char *save;
	uint64_t seen = 0;
	size_t count = 0, koff, kn, plen = r->path.len, i, j;
	long idx;
	int ok = 1, matched, m;

	jiter_init(&it, v);
	while (jiter_next(&it, &k, &e)) {
		count++;
		if (!n->need_keys)
			continue;
		koff = r->keys.len;
		if (k.flags & JV_ESCAPED) {
			jval_str_append(&k, &r->keys);
			kn = r->keys.len - koff;
		} else
			kn = k.n - 2;
#define KEYP	((k.flags & JV_ESCAPED) ? r->keys.buf + koff : k.p + 1)
		if (c->collect)
			schema_pointer_add(&r->path, KEYP, kn);
		matched = 0;
		if (n->nnames > 0 && (idx = name_find(n, KEYP, kn)) >= 0) {
			nm = &n->names[idx];
			if (idx < 64)
				seen |= (uint64_t)1 << idx;
			if (nm->schema != NULL) {
				matched = 1;
				if (!v_sub(c, nm->schema, &e, "properties",
				    "property is not allowed"))
					ok = 0;
			}
		}
		for (i = 0; i < n->npats && (ok || c->collect); i++) {
			kp = KEYP;
			if ((m = rx_match_utf8(n->pats[i].pat.rx, kp, kn)) == 0)
				continue;
			matched = 1;
			if (m == -1) {
				/* Undecided: the name is not allowed. */
				ok = 0;
				if (c->collect)
					verr(c, "patternProperties", "property "
					    "name cannot be matched against "
					    "pattern %s: %s",
					    n->pats[i].pat.src,
					    rx_why(n->pats[i].pat.rx));
				continue;
			}
			if (!v_sub(c, n->pats[i].schema, &e,
			    "patternProperties", "property is not allowed"))
				ok = 0;
		}
		if (!matched && n->addl != NULL && (ok || c->collect) &&
		    !v_sub(c, n->addl, &e, "additionalProperties",
		    "property is not allowed"))
			ok = 0;
		if (n->pnames != NULL && (ok || c->collect)) {
			save = r->prefix;
			r->prefix = "property name ";
			if (!v_sub(c, n->pnames, &k, "propertyNames",
			    "is not allowed"))
				ok = 0;
			r->prefix = save;
		}
#undef KEYP
		strbuf_truncate(&r->path, plen);
		strbuf_truncate(&r->keys, koff);
		if (!ok && !c->collect)
			goto done;
	}
	if (n->min_props >= 0 && count < (uint64_t)n->min_props) {
		FAIL();
		verr(c, "minProperties", "must have at least %lld "
		    "propert%s", (long long)n->min_props,
		    n->min_props == 1 ? "y" : "ies");
	}
	if (n->max_props >= 0 && count > (uint64_t)n->max_props) {
		FAIL();
		verr(c, "maxProperties", "must have at most %lld "
		    "propert%s", (long long)n->max_props,
		    n->max_props == 1 ? "y" : "ies");
	}
	for (i = 0; i < n->nnames; i++) {
		nm = &n->names[i];
		if (!nm->required)
			continue;
		if (i < 64 ? ((seen >> i) & 1) != 0 : jval_find(v, nm->name,
		    nm->len, &x))
			continue;
		FAIL();
		schema_pointer_add(&r->path, nm->name, nm->len);
		verr(c, "required", "required property is missing");
		strbuf_truncate(&r->path, plen);
	}
	for (i = 0; i < n->ndeps; i++) {
		d = &n->deps[i];
		if (!jval_find(v, d->name, d->len, &x))
			continue;
		for (j = 0; j < d->nreq; j++) {
			if (jval_find(v, d->req[j], d->reqlen[j], &x))
				continue;
			FAIL();
			schema_pointer_add(&r->path, d->req[j], d->reqlen[j]);
			verr(c, "dependentRequired", "required property is "
			    "missing (because \"%s\" is present)", d->name);
			strbuf_truncate(&r->path, plen);
		}
		if (d->schema != NULL && !v_node(c, d->schema, v))
			FAIL();
	}
done:
	return ok;
}

static int
v_node(struct vctx *c, const struct snode *n, const struct jval *v)
{
	size_t i, k, first = 0, second = 0;
	int ok = 1;

	if (n->boolean >= 0) {
		if (!n->boolean && c->collect)
			verr(c, "false", "no value is allowed here");
		return n->boolean;
	}
	if (++c->depth > VALIDATE_MAX_DEPTH) {
		ok = 0;
		if (c->collect)
			verr(c, "$ref", "the schema nests too deep here");
		goto done;
	}
	if (n->types != 0 && !type_ok(n, v)) {
		FAIL();
		verr(c, "type", "%s", n->type_msg);
	}
	if (n->has_const && !schema_equal(v, &n->constv, c->r)) {
		FAIL();
		verr(c, "const", "%s", n->value_msg);
	}
	if (n->has_enum) {
		struct jiter it;
		struct jval e;
		int found = 0;

		jiter_init(&it, &n->enumv);
		while (!found && jiter_next(&it, NULL, &e))
			found = schema_equal(v, &e, c->r);
		if (!found) {
			FAIL();
			verr(c, "enum", "%s", n->value_msg);
		}
	}
	switch (v->type) {
	case JT_NUMBER:
		if (n->num != 0 && !v_number(c, n, v))
			FAIL();
		break;
	case JT_STRING:
		if (!v_string(c, n, v))
			FAIL();
		break;
	case JT_ARRAY:
		if (n->has_array && !v_array(c, n, v))
			FAIL();
		break;
	case JT_OBJECT:
		if (n->has_object && !v_object(c, n, v))
			FAIL();
		break;
	default:
		break;
	}
	if (n->refnode != NULL && !v_node(c, n->refnode, v))
		FAIL();
	for (i = 0; i < n->nall; i++)
		if (!v_node(c, n->all[i], v))
			FAIL();
	if (n->nany > 0) {
		for (i = 0; i < n->nany; i++)
			if (v_test(c, n->any[i], v))
				break;
		if (i == n->nany) {
			FAIL();
			verr(c, "anyOf", "must match a schema in anyOf");
		}
	}
	if (n->none > 0) {
		for (i = k = 0; i < n->none && (k < 2 || c->collect); i++) {
			if (v_test(c, n->one[i], v)) {
				if (k == 0)
					first = i;
				else if (k == 1)
					second = i;
				k++;
			}
		}
		if (k == 0) {
			FAIL();
			verr(c, "oneOf", "must match exactly one schema in "
			    "oneOf (matches none)");
		} else if (k > 1) {
			FAIL();
			verr(c, "oneOf", "must match exactly one schema in "
			    "oneOf (matches %zu: %zu, %zu%s)", k, first,
			    second, k > 2 ? ", ..." : "");
		}
	}
	if (n->not != NULL && v_test(c, n->not, v)) {
		FAIL();
		verr(c, "not", "must not match the schema in not");
	}
	if (n->if_ != NULL) {
		if (v_test(c, n->if_, v)) {
			if (n->then_ != NULL && !v_node(c, n->then_, v))
				FAIL();
		} else if (n->else_ != NULL && !v_node(c, n->else_, v))
			FAIL();
	}
done:
	c->depth--;
	return ok;
}

#undef FAIL

int
schema_validate(const struct schema *s, const struct jval *v,
    struct schema_run *r, int collect)
{
	struct vctx c;
	int ok;

	c.s = s;
	c.r = r;
	c.collect = collect;
	c.depth = 0;
	strbuf_reset(&r->path);
	strbuf_reset(&r->keys);
	r->prefix = NULL;
	ok = v_node(&c, s->root, v);
	return ok;
}

int
schema_type_is(unsigned bits, const struct jval *v)
{
	struct snode n;

	memset(&n, 0, sizeof(n));
	n.types = bits;
	return type_ok(&n, v) != 0;
}
