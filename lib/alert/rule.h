/* SPDX-License-Identifier: MIT */
/* rule.h -- alert rules: from the command line and from rule files. */
#ifndef SLUICE_ALERT_RULE_H
#define SLUICE_ALERT_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "expr/expr.h"
#include "json/path.h"

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
	char		*resolved_message; /* template of resolved, or NULL */
};

/*
 * The rules a command line asks for: the -r rules (their text, in
 * order) with the options that apply to them (--by, --for,
 * --keep-firing-for, --severity unless the rule says severity=; by is
 * copied, not taken), then the
 * rules of each --rules file.
 */
struct alert_cli {
	const char	**rules;
	size_t		  nrules;
	struct path	**by;
	int		  nby;
	int64_t		  for_ns;
	int64_t		  keep_firing_ns;
	const char	 *severity;	/* NULL: each rule's own */
	const char	**files;
	size_t		  nfiles;
};

/*
 * Parse "NAME: EXPR [KEY=VALUE ...]" (-r); fills r with the name, the
 * compiled condition and defaults.  "NAME: absent(PATH)" makes an
 * absence rule by PATH.  The clauses after the condition (from the
 * first blank outside quotes and brackets followed by one) give the
 * rules file's keys message, resolved_message, value, severity (each
 * VALUE a word, or a JSON string "..."), and labels=K=V,K=V (values
 * strings).  Returns 0, or -1 with a message.
 */
int	alert_rule_parse_cli(struct alert_rule *r, const char *arg,
	    struct sluice_err *err);
/*
 * Rules from a file: a JSON array of objects, or one object per line.
 * Keys: name, when | absent_for, by, for, keep_firing_for, resolve_when,
 * severity, labels, message, resolved_message, value.  Returns the number of rules added
 * to *rules (grown with realloc), or -1 with a message that names the
 * rule.
 */
int	alert_rules_load(const char *file, struct alert_rule **rules,
	    size_t *nrules, struct sluice_err *err);
void	alert_rule_release(struct alert_rule *);

/*
 * Add the rules of cli to *rules (grown with realloc): the -r rules,
 * then those of the files.  Returns 0, or -1 with a message (the rules
 * added so far stay in *rules, for alert_rule_release()); asking for
 * no rule at all is an error too.
 */
int	alert_rules_cli(const struct alert_cli *cli,
	    struct alert_rule **rules, size_t *nrules,
	    struct sluice_err *err);
/*
 * The rules as --state depends on them, one text each (name,
 * conditions, keys and times; not what alerts only carry): n strings
 * and a NULL, to free with alert_rules_text_free().
 */
char	**alert_rules_text(const struct alert_rule *, size_t n);
void	 alert_rules_text_free(char **, size_t n);

#endif
