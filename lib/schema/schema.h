/* SPDX-License-Identifier: MIT */
/* schema.h -- compile a JSON Schema (draft 2020-12), validate raw values. */
#ifndef SLUICE_SCHEMA_H
#define SLUICE_SCHEMA_H

#include <stddef.h>

#include "core/common.h"
#include "json/scan.h"
#include "core/strbuf.h"

/*
 * A schema is compiled once from its text and then validates values as
 * views into their own text (scan.h): no DOM is built per value and the
 * common path (a valid value) does not allocate once the run's scratch
 * buffers have grown.
 *
 * Supported: every draft 2020-12 validation and applicator keyword
 * (type enum const multipleOf minimum maximum exclusiveMinimum
 * exclusiveMaximum minLength maxLength pattern prefixItems items
 * contains minContains maxContains minItems maxItems uniqueItems
 * properties patternProperties additionalProperties propertyNames
 * required dependentRequired dependentSchemas minProperties
 * maxProperties allOf anyOf oneOf not if then else), boolean schemas,
 * $defs, $ref to anywhere in the document (JSON Pointer fragments with
 * ~0 ~1 and %-escapes, $anchor names, and URIs made absolute against
 * the $id of the enclosing resources), format, and the draft 7
 * "dependencies".  Annotations are accepted and ignored.
 *
 * Refused at compile time, naming the keyword and where it is:
 * unevaluatedItems, unevaluatedProperties, $dynamicRef, $dynamicAnchor,
 * $recursiveRef, $recursiveAnchor, $vocabulary, a $schema other than
 * draft 2020-12, a $ref that leaves the document, the array form of
 * items and additionalItems (drafts before 2020-12), a schema that
 * applies itself to the same value without end, and patterns that
 * ECMA-262 or PCRE2 reject (with the column in the pattern).
 * Keywords of no JSON Schema draft are ignored, as the specification
 * says.
 *
 * Numbers are compared exactly on their decimal text (1 == 1.0, big
 * integers and long fractions keep every digit).  Equality for enum,
 * const and uniqueItems is JSON equality.  Lengths count code points.
 *
 * Patterns are ECMA-262 regular expressions (with the "u" flag), run
 * by PCRE2 (regex/ecma.h): on code points, NUL a character like any
 * other, and bounded.  A match that cannot be decided (the engine's
 * match or memory limit) makes the value invalid, with the reason as
 * the error of "pattern" or "patternProperties".  A keyword given twice
 * in one schema object counts once: the last.
 */

/* Assert the formats it knows (else format is an annotation only). */
#define SCHEMA_FORMAT_ASSERT	0x1

struct schema;

/*
 * One error: where in the value (a JSON Pointer, "" for the value
 * itself; for a missing property, where it should be), the keyword
 * that failed, and a short message ("must be >= 0").  The strings
 * belong to the run and are valid until it is reset or released.
 */
struct schema_error {
	const char	*path;
	const char	*keyword;
	const char	*message;
};

/* An error as the run keeps it (schema_run_error() gives it out). */
struct schema_errent {
	size_t		 path;		/* offsets into text */
	size_t		 msg;
	const char	*keyword;	/* static */
};

/*
 * What one validation needs besides the schema: the errors found and
 * scratch memory.  Caller-owned; reuse it for every value.
 */
struct schema_run {
	size_t			 max;	/* errors kept; more are counted */
	size_t			 n;	/* errors kept */
	size_t			 more;	/* errors beyond max */
	struct schema_errent	*e;
	size_t			 ae;
	struct strbuf		 text;	/* paths and messages */
	struct strbuf		 path;	/* where in the value */
	struct strbuf		 keys;	/* decoded keys, a stack */
	struct strbuf		 s1;	/* decoded strings */
	struct strbuf		 s2;
	void			*items;	/* for uniqueItems */
	size_t			 aitems;
	const char		*prefix;	/* of messages */
};

/* A run keeping at most max errors (0: none, only the count). */
void	schema_run_init(struct schema_run *, size_t max);
/* Forget the errors (keep the memory). */
void	schema_run_reset(struct schema_run *);
/* Free the run's memory; schema_run_init() may use it again. */
void	schema_run_release(struct schema_run *);
/* Errors kept, and error i (< schema_run_count()). */
size_t	schema_run_count(const struct schema_run *);
void	schema_run_error(const struct schema_run *, size_t i,
	    struct schema_error *);
/*
 * Add an error of the caller's own (a check outside the schema) at
 * path, a JSON Pointer.  path and the message are copied; keyword is
 * kept, so it must be static.  Never fails.
 */
void	schema_run_add(struct schema_run *, const char *path,
	    const char *keyword, const char *fmt, ...) PRINTFLIKE(4, 5);

/*
 * Compile the schema in text[0..n) (copied).  flags are SCHEMA_*.
 * Returns the schema, or NULL with err->line and err->col (1-based, in
 * text) and err->msg, which starts with the JSON Pointer of the
 * offending place in the schema: "/properties/a: unevaluatedProperties
 * is not supported".
 */
struct schema	*schema_compile(const char *text, size_t n, int flags,
		    struct sluice_err *err);
/* Free the schema and all it holds; NULL is allowed. */
void		 schema_free(struct schema *);

/*
 * Whether the value v (a view from scan.h) is valid: 1 or 0.  Without
 * collect it stops at the first failure and reports nothing: the fast
 * path.  With collect it goes on and appends every error to the run
 * (which is not reset first).  The run is scratch memory in both cases.
 * Never fails otherwise.
 */
int	schema_validate(const struct schema *, const struct jval *v,
	    struct schema_run *run, int collect);

/*
 * Type names as in the "type" keyword, for checks of the caller's own:
 * list is one name or several joined by '|' ("string|null"); returns 0
 * and the bits, or -1 at an unknown name.  schema_type_is() says
 * whether v has one of the types (1.0 is an integer, as in a schema).
 */
int	schema_type_bits(const char *list, unsigned *bits);
int	schema_type_is(unsigned bits, const struct jval *v);

/*
 * Append a JSON Pointer reference token for key[0..n) ("/" and "~"
 * escaped as "~1" and "~0"), with its leading "/".
 */
void	schema_pointer_add(struct strbuf *, const char *key, size_t n);

#endif
