/* SPDX-License-Identifier: MIT */
/* scan.h -- validate JSON text and read values in place, without a DOM. */
#ifndef SLUICE_SCAN_H
#define SLUICE_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/common.h"
#include "core/strbuf.h"

/* Nesting deeper than this is rejected (the scanner recurses). */
#define SCAN_MAX_DEPTH	1024

enum jtype {
	JT_MISSING = 0,		/* no such value (a missing field) */
	JT_NULL,
	JT_FALSE,
	JT_TRUE,
	JT_NUMBER,
	JT_STRING,
	JT_ARRAY,
	JT_OBJECT
};

#define JV_ESCAPED	0x1	/* string holds a backslash escape */
#define JV_INTEGER	0x2	/* number has no fraction or exponent */

/*
 * A view of one JSON value inside a larger text: p points at its first
 * byte (the opening quote of a string), n is its length in bytes.  The
 * text must outlive the view.  Views are only made by the functions
 * below, which validate the text first, so the readers may trust it.
 */
struct jval {
	enum jtype	 type;
	unsigned	 flags;
	const char	*p;
	size_t		 n;
};

/*
 * Validate that text[0..n) holds exactly one JSON value (RFC 8259,
 * UTF-8 checked, whitespace around allowed) and describe it in v.
 * Returns 0, or -1 with err->col set to the 1-based byte column.
 */
int	scan_document(const char *text, size_t n, struct jval *v,
	    struct sluice_err *err);

/* A member of an object: its key (a string) and its value. */
struct jmember {
	struct jval	key;
	struct jval	val;
};

/*
 * scan_document(), and in the same pass, when the value is an object,
 * its members (the top level only) in order into (*m)[0..*nm): *m is
 * an array of *am members, grown by xreallocarray() as needed, which
 * the caller owns and frees.  On -1, *nm is unspecified.
 */
int	scan_document_members(const char *text, size_t n, struct jval *v,
	    struct jmember **m, size_t *nm, size_t *am,
	    struct sluice_err *err);

/* Iterate over the members of an object or elements of an array. */
struct jiter {
	const char	*p;
	const char	*end;
	int		 object;
};
void	jiter_init(struct jiter *, const struct jval *container);
/* Returns 1 and fills key (objects only; may be NULL) and val, 0 at end. */
int	jiter_next(struct jiter *, struct jval *key, struct jval *val);

/* Look up a member of an object (the last one if repeated); 1 found. */
int	jval_find(const struct jval *obj, const char *key, size_t klen,
	    struct jval *out);
/* Element i of an array (negative counts from the end); 1 found. */
int	jval_index(const struct jval *arr, long i, struct jval *out);
/* Whether a string value decodes to exactly key[0..klen). */
int	jval_str_eq(const struct jval *s, const char *key, size_t klen);

/*
 * The decoded bytes of a string value.  Points into the text when the
 * string has no escapes, else into scratch (reset first).  Lone
 * surrogate escapes decode to U+FFFD.  *lenp gets the length.
 */
const char *jval_str(const struct jval *s, struct strbuf *scratch,
	    size_t *lenp);
/* Append the decoded bytes of a string value to sb. */
void	jval_str_append(const struct jval *s, struct strbuf *sb);

/*
 * Whether s[0..n) is exactly one JSON number (RFC 8259 grammar: "007",
 * "1.", ".5", "+1" and "0x1f" are not); *integer (may be NULL) says
 * whether it has no fraction and no exponent.
 */
int	scan_is_number(const char *s, size_t n, int *integer);

/* A number value as a double; 0, or -1 if v is not a number. */
int	jval_double(const struct jval *v, double *d);
/* An integer number that fits int64; 0, or -1 otherwise. */
int	jval_int64(const struct jval *v, int64_t *i);

/*
 * Build a jansson value from a view; returns a new reference.  Integers
 * too large for int64 become reals.
 */
json_t	*jval_to_json(const struct jval *v);

/* Length (1-4) of the UTF-8 character at p[0..n), or 0 if invalid. */
/* The last Unicode code point. */
#define CP_MAX	0x10ffffUL

size_t	utf8_char_len(const char *p, size_t n);
/* Byte count of the longest valid UTF-8 prefix of p[0..n). */
size_t	utf8_valid_prefix(const char *p, size_t n);

#endif
