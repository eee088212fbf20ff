/* SPDX-License-Identifier: MIT */
/* alert.h -- alert rules and their state machines, in event time. */
#ifndef SLUICE_ALERT_H
#define SLUICE_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "alert/rule.h"
#include "core/strbuf.h"
#include "json/record.h"

struct alert_opts {
	int64_t		 renotify_ns;	/* 0: off */
	int		 pending;	/* also emit pending/inactive */
	int64_t		 forget_ns;	/* retention; 0: the default */
};

/*
 * A group of a rule with a condition that is not firing and has had no
 * record for the retention (forget_ns of event time) is forgotten: its
 * prev() values and a pending start go, and a record of it later
 * starts it as new.  Its memory is freed at most half a retention
 * later.  Firing groups and the groups of absence rules are kept.
 */
#define ALERT_FORGET_DEFAULT	(INT64_C(86400) * 1000000000)

/* Called with each alert record (one JSON object, no newline). */
typedef void alert_emit_fn(void *arg, const char *json, size_t n,
    const char *rule, const char *state);

struct alerter;

/* The engine owns nothing of rules, which must outlive it. */
struct alerter	*alerter_new(struct alert_rule *rules, size_t nrules,
		    const struct alert_opts *);
/*
 * Evaluate every rule on a data record at event time t, or at no time
 * (t INT64_MIN) before any time is known: then the alerts written have
 * "since" and "at" null, and once the first time comes (a record's or
 * a window's end) the clocks of for, keep_firing_for, renotify and
 * absent_for start from it.  window_end is
 * the end of the record's @window (INT64_MIN if it has none): rows of a
 * window are remembered, so that the close marker can tell which
 * groups were missing.  A rule whose condition cannot be decided on
 * the record (expr_fault()) leaves its state as it was.  Returns NULL,
 * or the first such rule and reason ("rule slow cannot be decided:
 * ..."), owned by the alerter and valid until its next call.
 */
const char *alerter_record(struct alerter *, struct record *, int64_t t,
	    int64_t window_end, alert_emit_fn *, void *arg);
/*
 * A provisional row of an open window (stream_is_provisional()), at
 * time t, of the window ending at window_end (INT64_MIN if none):
 * condition rules are evaluated on it, prev() reading the values of
 * the group's last final row and keeping them.  A true condition can
 * announce the transition up that a final row would make (pending, or
 * firing): it is written now, and the state machine, which stays that
 * of the final rows, does not write it again.  A false one changes
 * nothing: only final rows and closes take a group down.  When the
 * final evaluation for that window finds the condition false, the
 * announcement is withdrawn (firing is resolved; pending, with
 * pending, made inactive).  Absence rules ignore provisional rows; the
 * clock (advance, --forget, absent_for) does not move.  Returns as
 * alerter_record() does.
 */
const char *alerter_provisional(struct alerter *, struct record *,
	    int64_t t, int64_t window_end, alert_emit_fn *, void *arg);
/*
 * A window [start, end) closed: groups with no row in it count as
 * recovered (their condition false), and absence rules fire for the
 * groups missing from it.  window is the @window text, for messages.
 */
void	alerter_close(struct alerter *, int64_t start, int64_t end,
	    const char *window, size_t wlen, alert_emit_fn *, void *arg);
/* Alerts emitted so far in the firing state. */
uint64_t alerter_fired(const struct alerter *);
/* Rule states held: one per rule and group not yet freed. */
uint64_t alerter_groups(const struct alerter *);
/*
 * For --state: every rule's groups with their state machines, prev()
 * values and last values, as lines appended to body; and back into a
 * new alerter over the same rules (0, or -1 with a message).
 */
void	alerter_save(const struct alerter *, struct strbuf *body);
int	alerter_load(struct alerter *, const char *body, size_t n,
	    struct sluice_err *err);
void	alerter_free(struct alerter *);

#endif
