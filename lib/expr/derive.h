/* SPDX-License-Identifier: MIT */
/* derive.h -- derived fields: NAME=EXPR set on each record (ingest --set). */
#ifndef SLUICE_DERIVE_H
#define SLUICE_DERIVE_H

#include <stddef.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "expr/expr.h"
#include "json/record.h"

/*
 * A list of NAME=EXPR, applied to a record in the order added: each
 * expression sees the fields the ones before it set.  NAME is one
 * top-level key, taken literally ("user.ip" is a key with a dot, which
 * field paths also find).  The value replaces the last member of that
 * name, or is added last; a null result sets the field to null.  The
 * buffers are kept from record to record: applying allocates nothing
 * once they are large enough.
 */
struct derive_set {
	char		*name;
	struct expr	*x;
};

struct derive {
	struct derive_set	*set;
	size_t			 nset;
	struct record		 rec;
	struct strbuf		 val;		/* a value's JSON text */
	struct strbuf		 why;		/* the last failure */
	const char		*name;		/* of the set that failed */
};

#define DERIVE_INIT	{ NULL, 0, RECORD_INIT, STRBUF_INIT, STRBUF_INIT, \
			  NULL }

/*
 * Add "NAME=EXPR" (the first '=' ends NAME).  Returns 0, or -1 with
 * err->col (1-based in arg) and err->msg: no '=', an empty NAME, a
 * NAME starting with '@' (reserved for the stream), an expression that
 * does not compile, or one with prev().
 */
int	derive_add(struct derive *, const char *arg, struct sluice_err *err);
/* Whether there is anything to apply. */
int	derive_any(const struct derive *);
/*
 * Apply every NAME=EXPR to the JSON object text[0..n) (trusted to be
 * one).  Returns 0 with the new record in *out, *outn (owned by d,
 * valid until the next call), or -1 when an expression cannot be
 * decided (expr_fault()): then derive_why() says why and the record is
 * to be rejected.
 */
int	derive_apply(struct derive *, const char *text, size_t n,
	    const char **out, size_t *outn);
/* The reason of the last failure: "--set NAME cannot be decided: ...". */
const char *derive_why(const struct derive *);
/* The NAME of the set that failed last. */
const char *derive_failed_name(const struct derive *);
void	derive_release(struct derive *);

#endif
