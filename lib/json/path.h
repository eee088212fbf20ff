/* SPDX-License-Identifier: MIT */
/* path.h -- compile and look up record field paths: a.b, a[0], ."odd key". */
#ifndef SLUICE_PATH_H
#define SLUICE_PATH_H

#include <stddef.h>

#include <jansson.h>

#include "core/common.h"
#include "json/scan.h"

/*
 * Syntax: segments joined by '.', each a bare key or a "quoted key"
 * (JSON string escapes), optionally followed by [N] indexes (N < 0
 * counts from the end); a leading '.' is allowed (".a.b" == "a.b").
 * In PATH_CLI mode a bare key is any run of bytes but '.', '[' and
 * '"' ("user-agent", "@window"); in PATH_EXPR mode (inside the
 * expression language) it is letters, digits, '_', '@', '$' and any
 * non-ASCII byte, so "a-b" is a minus.
 */
#define PATH_CLI	0
#define PATH_EXPR	1
#define PATH_LIST	2	/* PATH_CLI where ',' also ends a key */

struct path_seg {
	char	*key;		/* NULL for an index */
	size_t	 klen;
	long	 index;
};

struct path {
	struct path_seg	*seg;
	size_t		 nseg;
	char		*text;		/* as written, for messages */
	char		*flat;		/* "a.b" as one key, see path_lookup */
	size_t		 flatlen;
};

/*
 * Parse a path at the start of s[0..n) in the given mode; *used gets
 * the bytes consumed.  Returns a new path, or NULL with err->col set.
 */
struct path	*path_parse(const char *s, size_t n, int mode, size_t *used,
		    struct sluice_err *err);
/* The whole string must be one path (PATH_CLI); NULL on error. */
struct path	*path_compile(const char *s, struct sluice_err *err);
/* A deep copy of p, new (never NULL). */
struct path	*path_copy(const struct path *p);
void		 path_free(struct path *);

/*
 * Look the path up in a JSON object; returns 1 and fills out, 0 if it
 * is missing.  A path of plain keys that is missing as nested objects
 * is also tried as one literal top-level key ("listen.port" finds
 * {"listen.port":1}), as logs written by flattening tools hold them.
 */
int	path_lookup(const struct path *, const struct jval *root,
	    struct jval *out);
/* Same on a jansson value; returns a borrowed reference or NULL. */
json_t	*path_get_json(const struct path *, json_t *root);

/* Split "a,b.c,d" into compiled paths; returns the count (>= 1) or -1. */
int	path_list(const char *s, struct path ***out, struct sluice_err *err);
/* A deep copy of the n paths of v, new (free with path_list_free). */
struct path **path_list_copy(struct path *const *v, int n);
void	path_list_free(struct path **, int n);

#endif
