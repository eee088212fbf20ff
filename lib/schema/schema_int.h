/* SPDX-License-Identifier: MIT */
/* schema_int.h -- private to the schema modules: the compiled schema. */
#ifndef SLUICE_SCHEMA_INT_H
#define SLUICE_SCHEMA_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "json/scan.h"
#include "regex/regex.h"
#include "schema/decimal.h"
#include "schema/format.h"
#include "schema/schema.h"

/*
 * The compiled schema: one node per schema object, keywords read into
 * fields; references resolved to nodes.  compile.c builds it and owns
 * every part of it; validate.c only reads it.
 */

/* The bits of "type", in the order of type_names (compile.c). */
enum {
	T_NULL = 0x01,
	T_BOOLEAN = 0x02,
	T_OBJECT = 0x04,
	T_ARRAY = 0x08,
	T_NUMBER = 0x10,
	T_STRING = 0x20,
	T_INTEGER = 0x40
};

/* Which numeric keywords a node has. */
enum {
	N_MULTIPLE = 0x01,
	N_MIN = 0x02,
	N_MAX = 0x04,
	N_XMIN = 0x08,
	N_XMAX = 0x10
};

struct snode;

struct sname {			/* a name in properties or required */
	char		*name;
	size_t		 len;
	struct snode	*schema;	/* from properties, or NULL */
	int		 required;
};

/* A compiled ECMA-262 pattern (ecma.h), and its text for messages. */
struct spattern {
	struct rx	*rx;
	char		*src;
};

struct spat {
	struct spattern	 pat;
	struct snode	*schema;
};

struct sdep {
	char		*name;
	size_t		 len;
	char		**req;		/* dependentRequired */
	size_t		*reqlen;
	size_t		 nreq;
	struct snode	*schema;	/* dependentSchemas */
};

struct snode {
	const char	*at;		/* its text: its identity */
	char		*loc;		/* JSON Pointer to it */
	char		*base;		/* base URI */
	int		 boolean;	/* -1, or the boolean schema */
	unsigned	 types;
	char		*type_msg;
	int		 has_const;
	struct jval	 constv;
	int		 has_enum;
	struct jval	 enumv;
	char		*value_msg;	/* of enum or const */
	unsigned	 num;		/* N_* */
	struct decimal	 multiple, min, max, xmin, xmax;
	int64_t		 min_len, max_len;	/* -1: none */
	struct spattern	 pattern;	/* rx NULL: none */
	enum format	 format;	/* when asserted */
	struct snode	**prefix;
	size_t		 nprefix;
	struct snode	*items;
	struct snode	*contains;
	int64_t		 min_items, max_items;
	int64_t		 min_contains, max_contains;
	int		 unique;
	int		 has_array;
	struct sname	*names;
	size_t		 nnames;
	struct spat	*pats;
	size_t		 npats;
	struct snode	*addl;
	struct snode	*pnames;
	int64_t		 min_props, max_props;
	struct sdep	*deps;
	size_t		 ndeps;
	int		 has_object;
	int		 need_keys;
	struct snode	**all, **any, **one;
	size_t		 nall, nany, none;
	struct snode	*not;
	struct snode	*if_, *then_, *else_;
	char		*ref;		/* as written */
	const char	*ref_at;
	struct snode	*refnode;
	int		 color;		/* for the loop check */
};

struct resource;		/* an $id (compile.c) */
struct anchor;			/* an $anchor (compile.c) */

/*
 * The schema: its text (every node's jvals point into it), the nodes
 * (root first), and what $ref looks up.
 */
struct schema {
	char		*text;
	size_t		 len;
	struct jval	 doc;
	struct snode	*root;
	struct snode	**nodes;
	size_t		 nnodes, anodes;
	struct resource	*res;
	size_t		 nres, ares;
	struct anchor	*anc;
	size_t		 nanc, aanc;
	int		 flags;		/* SCHEMA_* */
};

/*
 * JSON Pointers (pointer.c).  Follow the pointer ptr (NUL-terminated,
 * its %-escapes already decoded; "" is v itself) from v: returns 1 and
 * the value in *out, or 0 if there is no such place.  Array indexes
 * are decimal without leading zeros ("-" is no element).
 */
int	schema_pointer_walk(const struct jval *v, const char *ptr,
	    struct jval *out);

/*
 * Values as a schema sees them (value.c).  The run lends its scratch
 * buffers (s1, s2, keys; items for schema_duplicate()); none of these
 * fails.
 *
 * schema_equal(): JSON equality, 1 or 0: same type, numbers equal in
 * value (1 == 1.0), strings equal once decoded, arrays equal element by
 * element, objects with the same keys holding equal values.
 */
int	schema_equal(const struct jval *a, const struct jval *b,
	    struct schema_run *r);
/* A hash of v that equal values (schema_equal()) share. */
uint64_t	schema_hash(const struct jval *v, struct schema_run *r);
/*
 * Whether the array v, of count items, holds two equal items: 1, with
 * the first such pair in *a < *b (lowest *a, then lowest *b), or 0.
 */
int	schema_duplicate(const struct jval *v, size_t count,
	    struct schema_run *r, size_t *a, size_t *b);
/* The length of the string value v in code points, read on its text. */
size_t	schema_length(const struct jval *v);
/*
 * Append v as compact JSON (the whitespace between tokens dropped) to
 * sb, cut with "..." at a character boundary once max bytes are out.
 */
void	schema_compact(struct strbuf *sb, const struct jval *v, size_t max);

/*
 * Errors (run.c).  Add one at the run's current place (run->path): the
 * message is run->prefix (when not NULL) and then fmt, formatted and
 * cut to 511 bytes at a character boundary.  keyword must be static.
 * Past run->max errors it is only counted.  Never fails.
 */
void	schema_run_vadd(struct schema_run *r, const char *keyword,
	    const char *fmt, va_list ap) PRINTFLIKE(3, 0);

#endif
