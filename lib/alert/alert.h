/* SPDX-License-Identifier: MIT */
/* alert.h -- alert rules and their state machines, in event time. */
#ifndef SLUICE_ALERT_H
#define SLUICE_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "expr/expr.h"
#include "json/path.h"
#include "json/record.h"
#include "core/strbuf.h"

/*
 * A rule, per group of its --by keys, goes inactive -> pending (its
 * condition is true, `for` has not passed yet) -> firing -> resolved
 * (its condition is false, or resolve_when true, for keep_firing_for),
 * Prometheus-style.  Times are event times in ns.  An absence rule
 * fires for a group seen before that has no record for absent_for, or,
 * with absent_for 0, that is missing from a closed window; it resolves
 * when the group comes back.
 */
struct alert_rule {
	char		*name;
	struct expr	*when;		/* NULL: an absence rule */
	struct expr	*resolve_when;	/* NULL: when false resolves */
	struct expr	*value;		/* the value reported, or NULL */
	struct path	**by;
	int		 nby;
	int64_t		 for_ns;
	int64_t		 keep_firing_ns;
	int64_t		 absent_ns;	/* absence rules: 0 = per window */
	char		*severity;
	char		*labels;	/* members of an object, or NULL */
	char		*message;	/* template, or NULL */
};

struct alert_opts {
	int64_t		 renotify_ns;	/* 0: off */
	int		 pending;	/* also emit pending/inactive */
};

/* Called with each alert record (one JSON object, no newline). */
typedef void alert_emit_fn(void *arg, const char *json, size_t n,
    const char *rule, const char *state);

struct alerter;

/* The engine owns nothing of rules, which must outlive it. */
struct alerter	*alerter_new(struct alert_rule *rules, size_t nrules,
		    const struct alert_opts *);
/*
 * Evaluate every rule on a data record at event time t.  window_end is
 * the end of the record's @window (INT64_MIN if it has none): rows of a
 * window are remembered, so that the close marker can tell which
 * groups were missing.
 */
void	alerter_record(struct alerter *, struct record *, int64_t t,
	    int64_t window_end, alert_emit_fn *, void *arg);
/*
 * A window [start, end) closed: groups with no row in it count as
 * recovered (their condition false), and absence rules fire for the
 * groups missing from it.  window is the @window text, for messages.
 */
void	alerter_close(struct alerter *, int64_t start, int64_t end,
	    const char *window, size_t wlen, alert_emit_fn *, void *arg);
/* Alerts emitted so far in the firing state. */
uint64_t alerter_fired(const struct alerter *);
void	alerter_free(struct alerter *);

/*
 * Parse "NAME: EXPR" (-r); fills r with the name, the compiled
 * condition and defaults.  "NAME: absent(PATH)" makes an absence rule
 * by PATH.  Returns 0, or -1 with a message.
 */
int	alert_rule_parse_cli(struct alert_rule *r, const char *arg,
	    struct sluice_err *err);
/*
 * Rules from a file: a JSON array of objects, or one object per line.
 * Keys: name, when | absent_for, by, for, keep_firing_for, resolve_when,
 * severity, labels, message, value.  Returns the number of rules added
 * to *rules (grown with realloc), or -1 with a message that names the
 * rule.
 */
int	alert_rules_load(const char *file, struct alert_rule **rules,
	    size_t *nrules, struct sluice_err *err);
void	alert_rule_release(struct alert_rule *);

#endif
