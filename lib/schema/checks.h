/* SPDX-License-Identifier: MIT */
/* checks.h -- what validate checks besides a schema: --require, --type, -r. */
#ifndef SLUICE_CHECKS_H
#define SLUICE_CHECKS_H

#include <stddef.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "expr/expr.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"
#include "schema/schema.h"

/* A --type check: a field, when present, has one of these types. */
struct checks_type {
	struct path	*path;
	unsigned	 bits;		/* schema_type_bits() */
	char		*msg;		/* "must be string or null" */
};

/* A --rule: an expression that must be true, with its prev() values. */
struct checks_rule {
	struct expr	*e;
	struct expr_memo memo;
	int		 ok;		/* its verdict on the last record */
	const char	*fault;		/* or why it could not be decided */
};

struct checks {
	struct path		**req;		/* --require */
	size_t			  nreq;
	struct checks_type	 *types;
	size_t			  ntypes;
	struct checks_rule	 *rules;
	size_t			  nrules;
	struct strbuf		  sb;		/* scratch: pointers */
};

#define CHECKS_INIT	{ NULL, 0, NULL, 0, NULL, 0, STRBUF_INIT }

/*
 * Add the fields of a comma-separated list (path_list()) that every
 * record must have.  Returns 0, or -1 with err->col (in list) and
 * err->msg.
 */
int	checks_add_require(struct checks *, const char *list,
	    struct sluice_err *err);
/*
 * Add "FIELD=TYPE" (TYPE as schema_type_bits() reads it).  Returns 0,
 * or -1 with err->msg, and err->col (in arg) when FIELD is no path.
 */
int	checks_add_type(struct checks *, const char *arg,
	    struct sluice_err *err);
/*
 * Add a rule: an expression (its text is copied) that must be true.
 * Returns 0, or -1 with err->col and err->msg from expr_compile().
 */
int	checks_add_rule(struct checks *, const char *src,
	    struct sluice_err *err);
/* Whether any check was added. */
int	checks_any(const struct checks *);
/*
 * Run the checks on a record, its fields found through its index.  The rules
 * are evaluated once per record, here, in record order (prev() sees
 * the records tested before); their verdicts are kept for
 * checks_explain().  Returns 1 if every check passed, else 0.
 */
int	checks_test(struct checks *, struct record *rec);
/*
 * Add to run an error for each check the record that checks_test()
 * last saw fails: "required", "type" (at the field's JSON Pointer) and
 * "rule" errors.
 */
void	checks_explain(struct checks *, struct record *rec,
	    struct schema_run *run);
void	checks_release(struct checks *);

#endif
