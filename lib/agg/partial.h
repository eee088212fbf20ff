/* SPDX-License-Identifier: MIT */
/* partial.h -- aggregate's partial states on the wire: write and read them. */
#ifndef SLUICE_PARTIAL_H
#define SLUICE_PARTIAL_H

#include <stddef.h>

#include "agg/agg.h"
#include "core/strbuf.h"
#include "json/record.h"
#include "json/scan.h"

/*
 * A partial record is a group's row with its states in place of its
 * results (sluice(7), aggregate(1) SHARDING):
 *
 *	{"@window":W,"K1":v1,...,"@partial":{"spec":S,"state":[...],"format":F}}
 *
 * S is the canonical list of functions (agg_spec_canon()), the state
 * one element per function (agg_serialize()), F the version of the
 * states' format, PARTIAL_FORMAT (none: 1).  The group keys are the
 * members that are not reserved, in order.
 *
 * Format 2: sums carry a 128-bit integer part and are real only when a
 * real was added; group keys, distinct hashes and top values are of
 * canonical texts with numbers in one form (json/canon.h).
 */
#define PARTIAL_FORMAT	2

/* Append ,"@partial":{...} for a group's states. */
void	partial_append(struct strbuf *sb, const struct agg_spec *,
	    const struct agg_acc *);
/*
 * Whether the partial record r is of format PARTIAL_FORMAT: 0, or -1
 * with the reason in why (reset first).
 */
int	partial_format(struct record *r, struct strbuf *why);

/*
 * r's state: 0 and *spec (a string) and *state set, or -1 with err->msg
 * if r is not a partial record.
 */
int	partial_get(struct record *r, struct jval *spec, struct jval *state,
	    struct sluice_err *err);
/*
 * Check the spec of a partial (spec, as partial_get() gives it) against
 * s; or, when *have is 0, take it: parse it into s and set *have.
 * Returns 0, or -1 with the reason in why (reset first).
 */
int	partial_spec(struct agg_spec *s, int *have, const struct jval *spec,
	    struct strbuf *why);
/*
 * The group of a partial record r: its key values appended to key (reset
 * first) as a group key text, a JSON array of canonical values.  Their
 * names are checked against names[0..*n); or, when *known is 0, taken
 * (appended to *names, each a new string) and *known set.  Returns 0,
 * or -1 with the reason in why (reset first).
 */
int	partial_keys(struct record *r, char ***names, size_t *n, int *known,
	    struct strbuf *key, struct strbuf *why);
/*
 * The meta record r of a --partial stage says what its partials are:
 * when *have is 0, take the spec from it as partial_spec() does, and
 * when *known is 0 the key names as partial_keys() does, so that they
 * are known before the first partial.  A record that is no meta record
 * is ignored.  Returns 0, or -1 with the reason in why.
 */
int	partial_meta(struct record *r, struct agg_spec *s, int *have,
	    char ***names, size_t *n, int *known, struct strbuf *why);
/*
 * The row aggregate --merge writes for the partial record r alone: r's
 * members but its @partial, as written, then each function's result
 * (agg_result()) from acc, which holds r's state (agg_deserialize()),
 * in out (reset first), without newline.  A rate takes the length of
 * r's @window, as aggregate does.  acc's percentiles are sorted.
 */
void	partial_result(struct record *r, const struct agg_spec *s,
	    struct agg_acc *acc, struct strbuf *out);

#endif
