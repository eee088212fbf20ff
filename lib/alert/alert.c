/* SPDX-License-Identifier: MIT */
/* alert.c -- alert rules and their state machines, in event time. */
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "core/bytes.h"
#include "core/hash.h"
#include "core/map.h"
#include "json/canon.h"
#include "json/jsonw.h"
#include "stream/stream.h"
#include "time/timefmt.h"

enum { ST_INACTIVE, ST_PENDING, ST_FIRING };

/*
 * No time: before the first event time, a record without one is
 * evaluated at NO_TIME (below TIME_MIN, so never a parsed time).  When
 * the first time comes, every NO_TIME of the groups becomes that time
 * (alerter_first_time()), so the clocks of --for, keep_firing_for,
 * --renotify and absent_for start there, and no arithmetic ever sees
 * NO_TIME together with a time.
 */
#define NO_TIME		INT64_MIN

/* The state of one rule for one group. */
struct gstate {
	uint64_t	 seq;		/* order of creation */
	int		 state;
	int		 clearing;	/* firing, and the recovery began */
	int64_t		 since;		/* the condition became true */
	int64_t		 clear_since;	/* the recovery began */
	int64_t		 last_notify;
	int64_t		 last_seen;	/* time of its last record */
	int64_t		 last_win_end;	/* end of its last row's window */
	struct expr_memo when;		/* prev() values of `when` */
	struct expr_memo resolve;	/* and of resolve_when */
	struct expr_memo vmemo;		/* and of value */
	char		*members;	/* "k":v,... of its keys */
	struct strbuf	 value;		/* the last value, as JSON */
	/*
	 * Provisional rows (alerter_provisional()) leave the state machine
	 * above alone, which stays that of the final rows; what they
	 * announced ahead of it is here.
	 */
	int		 fresh;		/* made by one: no final row yet */
	int		 raised;	/* announced: ann_state, ann_since */
	int		 ann_state;	/* ST_PENDING or ST_FIRING */
	int64_t		 ann_since;
	int64_t		 ann_wend;	/* for the window ending then */
	size_t		 live_at;	/* 1 + index in rulestate's live */
};

struct rulestate {
	struct alert_rule	*r;
	struct map	 map;
	int64_t			 next_absent;	/* earliest absence deadline */
	size_t			 sweep_at;	/* sweep at this many groups */
	struct xval		*pcur;		/* `when`'s prev() arguments,
						   provisional rows */
	struct xval		*vcur;		/* and `value`'s */
	/*
	 * The groups a missed window may change (missable()), and maybe
	 * some it no longer can, in no order: alerter_close() looks at
	 * these alone, and drops those it no longer needs to.
	 */
	struct gstate		**live;
	size_t			 nlive;
	size_t			 alive;
};

/* Sweep a rule's groups when they are twice what was kept, or this. */
#define SWEEP_MIN	64

struct alerter {
	struct rulestate	*rs;
	size_t			 nrules;
	struct alert_opts	 o;
	int64_t			 now;		/* latest event time */
	uint64_t		 seq;		/* groups created */
	struct gstate		**due;		/* alerter_close's groups */
	size_t			 adue;
	struct strbuf		 key;
	struct strbuf		 out;
	struct strbuf		 synth;		/* a record of group keys */
	struct record		 srec;
	uint64_t		 fired;
	int			 hush;		/* emit() writes nothing */
	struct strbuf		 pvalue;	/* a provisional row's value */
	struct strbuf		 fault;		/* alerter_record's answer */
};

struct alerter *
alerter_new(struct alert_rule *rules, size_t n, const struct alert_opts *o)
{
	struct alerter *a;
	size_t i;

	a = xcalloc(1, sizeof(*a));
	a->rs = xcalloc(n ? n : 1, sizeof(*a->rs));
	a->nrules = n;
	a->o = *o;
	if (a->o.forget_ns <= 0)
		a->o.forget_ns = ALERT_FORGET_DEFAULT;
	a->now = NO_TIME;
	for (i = 0; i < n; i++) {
		a->rs[i].r = &rules[i];
		a->rs[i].next_absent = INT64_MAX;
		a->rs[i].sweep_at = SWEEP_MIN;
		if (rules[i].when != NULL)
			a->rs[i].pcur = xcalloc(expr_nprev(rules[i].when) + 1,
			    sizeof(*a->rs[i].pcur));
		if (rules[i].value != NULL)
			a->rs[i].vcur = xcalloc(expr_nprev(rules[i].value) +
			    1, sizeof(*a->rs[i].vcur));
	}
	return a;
}

/* a + b (b >= 0), saturated at INT64_MAX. */
static int64_t
sat_add(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* Whether d has passed from `from` to t (both times, d >= 0). */
static int
passed(int64_t t, int64_t from, int64_t d)
{
	if (d == 0)
		return 1;
	if (t == NO_TIME || from == NO_TIME)
		return 0;
	return from <= INT64_MAX - d && t >= from + d;
}

/* ,"name":"RFC 3339", or ,"name":null for NO_TIME. */
static void
add_time(struct strbuf *sb, const char *name, int64_t t)
{
	char buf[TIMEFMT_LEN];
	size_t n;

	if (t == NO_TIME) {
		strbuf_addf(sb, ",\"%s\":null", name);
		return;
	}
	strbuf_addf(sb, ",\"%s\":\"", name);
	n = timefmt_format(t, 3, buf);
	strbuf_add(sb, buf, n);
	strbuf_addch(sb, '"');
}

/*
 * Expand {path} references of the template s from rec; {rule},
 * {state}, {value} and {severity} name the alert's own, unless rec has
 * such a field.  Missing values expand to nothing.  Returns how many
 * were missing.
 */
static int
render(const char *s, const struct alert_rule *r, const char *state,
    const struct gstate *g, struct record *rec, struct strbuf *msg)
{
	struct strbuf tmp = STRBUF_INIT;
	struct sluice_err e;
	struct path *p;
	struct jval v;
	const char *close, *d;
	size_t n;
	int missing = 0;

	for (; *s != '\0'; s++) {
		if (*s != '{' || (close = strchr(s, '}')) == NULL) {
			strbuf_addch(msg, *s);
			continue;
		}
		p = path_parse(s + 1, (size_t)(close - s - 1), PATH_CLI, &n,
		    &e);
		if (p == NULL || n != (size_t)(close - s - 1)) {
			path_free(p);
			strbuf_addch(msg, *s);
			continue;
		}
		if (rec != NULL && record_get(rec, p, &v)) {
			if (v.type == JT_STRING) {
				d = jval_str(&v, &tmp, &n);
				strbuf_add(msg, d, n);
			} else
				strbuf_add(msg, v.p, v.n);
		} else if (strcmp(p->text, "rule") == 0)
			strbuf_addstr(msg, r->name);
		else if (strcmp(p->text, "state") == 0)
			strbuf_addstr(msg, state);
		else if (strcmp(p->text, "severity") == 0)
			strbuf_addstr(msg, r->severity);
		else if (strcmp(p->text, "value") == 0 && g->value.len > 0)
			strbuf_add(msg, g->value.buf, g->value.len);
		else
			missing++;
		path_free(p);
		s = close;
	}
	strbuf_release(&tmp);
	return missing;
}

/* A default message: "RULE STATE for k=v, ...". */
static void
default_message(const struct alert_rule *r, const char *state,
    struct record *rec, struct strbuf *msg)
{
	struct strbuf tmp = STRBUF_INIT;
	struct jval v;
	const char *d;
	size_t n;
	int i;

	strbuf_addf(msg, "%s %s", r->name, state);
	for (i = 0; i < r->nby; i++) {
		strbuf_addstr(msg, i == 0 ? " for " : ", ");
		strbuf_addf(msg, "%s=", r->by[i]->text);
		if (rec != NULL && record_get(rec, r->by[i], &v)) {
			if (v.type == JT_STRING) {
				d = jval_str(&v, &tmp, &n);
				strbuf_add(msg, d, n);
			} else
				strbuf_add(msg, v.p, v.n);
		} else
			strbuf_addstr(msg, "null");
	}
	strbuf_release(&tmp);
}

/*
 * Write one alert record: {"@alert":{...}, keys..., labels...}.  rec
 * is the record the transition happened on (or one made of the group
 * keys and the window), for the message: resolved_message when
 * resolved, message otherwise.  A resolved alert without
 * resolved_message has the default message, which says it resolved:
 * the firing text would no longer be true.
 */
static void
emit(struct alerter *a, const struct alert_rule *r, struct gstate *g,
    const char *state, int64_t at, struct record *rec, const char *window,
    size_t wlen, alert_emit_fn *fn, void *arg)
{
	struct strbuf msg = STRBUF_INIT;
	int resolved = strcmp(state, "resolved") == 0;
	const char *tmpl = resolved ? r->resolved_message : r->message;

	if (a->hush)
		return;
	strbuf_reset(&a->out);
	stream_alert_begin(&a->out);
	strbuf_addstr(&a->out, "\"rule\":");
	jsonw_string(&a->out, r->name, strlen(r->name));
	strbuf_addf(&a->out, ",\"state\":\"%s\",\"severity\":", state);
	jsonw_string(&a->out, r->severity, strlen(r->severity));
	add_time(&a->out, "since", g->since);
	add_time(&a->out, "at", at);
	strbuf_addstr(&a->out, ",\"value\":");
	if (g->value.len > 0)
		strbuf_add(&a->out, g->value.buf, g->value.len);
	else
		strbuf_addstr(&a->out, "null");
	/*
	 * A resolution found at a window's close has no row to fill the
	 * template from: then the plain message reads better.
	 */
	if (tmpl == NULL || (render(tmpl, r, state, g, rec, &msg) > 0 &&
	    resolved)) {
		strbuf_reset(&msg);
		default_message(r, state, rec, &msg);
	}
	strbuf_addstr(&a->out, ",\"message\":");
	jsonw_string(&a->out, msg.buf ? msg.buf : "", msg.len);
	if (window != NULL) {
		strbuf_addstr(&a->out, ",\"window\":");
		strbuf_add(&a->out, window, wlen);
	}
	strbuf_addch(&a->out, '}');
	if (g->members[0] != '\0') {
		strbuf_addch(&a->out, ',');
		strbuf_addstr(&a->out, g->members);
	}
	if (r->labels != NULL && r->labels[0] != '\0') {
		strbuf_addch(&a->out, ',');
		strbuf_addstr(&a->out, r->labels);
	}
	strbuf_addch(&a->out, '}');
	strbuf_release(&msg);
	if (strcmp(state, "firing") == 0)
		a->fired++;
	fn(arg, a->out.buf, a->out.len, r->name, state);
}

/* A record holding only the group's keys (and the window), for messages. */
static struct record *
synthetic(struct alerter *a, const struct gstate *g, const char *window,
    size_t wlen)
{
	struct sluice_err e;

	strbuf_reset(&a->synth);
	strbuf_addch(&a->synth, '{');
	strbuf_addstr(&a->synth, g->members);
	if (window != NULL) {
		if (g->members[0] != '\0')
			strbuf_addch(&a->synth, ',');
		stream_add_key(&a->synth, SK_WINDOW);
		strbuf_add(&a->synth, window, wlen);
	}
	strbuf_addch(&a->synth, '}');
	if (record_parse(&a->srec, a->synth.buf, a->synth.len, &e) == -1)
		return NULL;
	return &a->srec;
}

/*
 * One evaluation of a condition rule for a group at time t: cond is the
 * condition, recovered whether the firing alert counts as recovering.
 */
static void
step(struct alerter *a, const struct alert_rule *r, struct gstate *g,
    int cond, int recovered, int64_t t, struct record *rec,
    const char *window, size_t wlen, alert_emit_fn *fn, void *arg)
{
	switch (g->state) {
	case ST_INACTIVE:
		if (!cond)
			break;
		g->since = t;
		g->clearing = 0;
		if (r->for_ns == 0) {
			g->state = ST_FIRING;
			g->last_notify = t;
			emit(a, r, g, "firing", t, rec, window, wlen, fn, arg);
		} else {
			g->state = ST_PENDING;
			if (a->o.pending)
				emit(a, r, g, "pending", t, rec, window, wlen,
				    fn, arg);
		}
		break;
	case ST_PENDING:
		if (!cond) {
			g->state = ST_INACTIVE;
			if (a->o.pending)
				emit(a, r, g, "inactive", t, rec, window, wlen,
				    fn, arg);
		} else if (passed(t, g->since, r->for_ns)) {
			g->state = ST_FIRING;
			g->last_notify = t;
			emit(a, r, g, "firing", t, rec, window, wlen, fn, arg);
		}
		break;
	case ST_FIRING:
		if (recovered) {
			if (!g->clearing) {
				g->clearing = 1;
				g->clear_since = t;
			}
			if (passed(t, g->clear_since, r->keep_firing_ns)) {
				g->state = ST_INACTIVE;
				g->clearing = 0;
				emit(a, r, g, "resolved", t, rec, window, wlen,
				    fn, arg);
			}
			break;
		}
		g->clearing = 0;
		if (a->o.renotify_ns > 0 &&
		    passed(t, g->last_notify, a->o.renotify_ns)) {
			g->last_notify = t;
			emit(a, r, g, "firing", t, rec, window, wlen, fn, arg);
		}
		break;
	}
}

/*
 * A final evaluation of a condition rule's group (a final row of the
 * window ending at wend, or that window closing without one): step()
 * as without provisional rows, but what provisional rows announced
 * ahead of it is not written twice.  Where the state machine reaches
 * the announced state or passes it, the announcement is over (and
 * the transition was written already, or is written now).  Where it
 * stays below, the window the announcement was for decides once its
 * final evaluation comes: the announcement is then withdrawn (firing
 * resolved, pending made inactive); an earlier window's leaves it.
 */
static void
final_step(struct alerter *a, const struct alert_rule *r, struct gstate *g,
    int cond, int recovered, int64_t t, int64_t wend, struct record *rec,
    const char *window, size_t wlen, alert_emit_fn *fn, void *arg)
{
	int64_t since = g->since, clear_since = g->clear_since;
	int64_t last_notify = g->last_notify, ann_since;
	int state = g->state, clearing = g->clearing, reached;

	if (!g->raised) {
		step(a, r, g, cond, recovered, t, rec, window, wlen, fn, arg);
		return;
	}
	/* Where step() goes, found on a copy. */
	a->hush = 1;
	step(a, r, g, cond, recovered, t, rec, window, wlen, fn, arg);
	reached = g->state;
	g->state = state;
	g->clearing = clearing;
	g->since = since;
	g->clear_since = clear_since;
	g->last_notify = last_notify;
	a->hush = reached <= g->ann_state;
	step(a, r, g, cond, recovered, t, rec, window, wlen, fn, arg);
	a->hush = 0;
	if (reached >= g->ann_state) {
		g->raised = 0;
		return;
	}
	if (wend != INT64_MIN && wend < g->ann_wend)
		return;
	g->raised = 0;
	/* Withdrawn: from the announced state to the one reached. */
	since = g->since;
	ann_since = g->ann_since;
	g->since = ann_since;
	if (g->ann_state == ST_FIRING)
		emit(a, r, g, "resolved", t, rec, window, wlen, fn, arg);
	else if (a->o.pending)
		emit(a, r, g, "inactive", t, rec, window, wlen, fn, arg);
	g->since = since;
	if (g->ann_state == ST_FIRING && reached == ST_PENDING &&
	    a->o.pending)
		emit(a, r, g, "pending", t, rec, window, wlen, fn, arg);
}

/* Exchange g's last value with a provisional row's. */
static void
swap_value(struct gstate *g, struct alerter *a)
{
	struct strbuf tmp = g->value;

	g->value = a->pvalue;
	a->pvalue = tmp;
}

/*
 * A provisional row of window wend makes condition cond of group g
 * true: announce the transition step() would make from the announced
 * state (or the state machine's) on a true condition, if it is one
 * up: pending, or firing.  A provisional row never takes one down.
 */
static void
announce(struct alerter *a, const struct alert_rule *r, struct gstate *g,
    int64_t t, int64_t wend, struct record *rec, const char *window,
    size_t wlen, alert_emit_fn *fn, void *arg)
{
	int cur = g->raised ? g->ann_state : g->state;
	int64_t since = g->raised ? g->ann_since : g->since, saved;
	const char *name;

	if (cur == ST_FIRING)
		return;
	if (cur == ST_INACTIVE) {
		since = t;
		g->ann_state = r->for_ns == 0 ? ST_FIRING : ST_PENDING;
	} else if (passed(t, since, r->for_ns))
		g->ann_state = ST_FIRING;
	else
		return;
	if (!g->raised || wend > g->ann_wend)
		g->ann_wend = wend;
	g->raised = 1;
	g->ann_since = since;
	name = g->ann_state == ST_FIRING ? "firing" : "pending";
	if (g->ann_state == ST_PENDING && !a->o.pending)
		return;
	/* Written with the announced since and the row's value. */
	saved = g->since;
	g->since = since;
	swap_value(g, a);
	emit(a, r, g, name, t, rec, window, wlen, fn, arg);
	swap_value(g, a);
	g->since = saved;
}

/* Append the canonical value of rec's field p (null if missing). */
static void
key_value(struct record *rec, const struct path *p, struct strbuf *sb)
{
	struct jval v;

	if (!record_get(rec, p, &v))
		v.type = JT_MISSING;
	canon_append(sb, &v);
}

/* Group g of rule r as new: inactive, seen never (not its members). */
static void
gstate_init(struct gstate *g, const struct alert_rule *r)
{
	g->state = ST_INACTIVE;
	g->clearing = 0;
	g->since = g->clear_since = g->last_notify = NO_TIME;
	g->last_seen = NO_TIME;
	g->last_win_end = INT64_MIN;
	g->fresh = g->raised = 0;
	expr_memo_init(&g->when, r->when);
	expr_memo_init(&g->resolve, r->resolve_when);
	expr_memo_init(&g->vmemo, r->value);
	strbuf_reset(&g->value);
}

static struct gstate *
gstate_new(const struct alert_rule *r)
{
	struct gstate *g;

	g = xcalloc(1, sizeof(*g));
	gstate_init(g, r);
	return g;
}

static void
gstate_free(struct gstate *g)
{
	expr_memo_release(&g->when);
	expr_memo_release(&g->resolve);
	expr_memo_release(&g->vmemo);
	free(g->members);
	strbuf_release(&g->value);
	free(g);
}

/*
 * Whether a window closing without a row of group g of rule r can
 * change g (alerter_close()): g came in windows, and it is an absence
 * rule's by window not firing, or a condition rule's not inactive or
 * announced by a provisional row.  Otherwise only a row of g, or
 * alerter_load(), makes it so again.
 */
static int
missable(const struct alert_rule *r, const struct gstate *g)
{
	if (g->last_win_end == INT64_MIN)
		return 0;
	if (r->when == NULL)
		return r->absent_ns == 0 && g->state != ST_FIRING;
	return g->state != ST_INACTIVE || g->raised;
}

/* Put group g of rule rs on its live list, if missable() and not there. */
static void
live_add(struct rulestate *rs, struct gstate *g)
{
	if (g->live_at != 0 || !missable(rs->r, g))
		return;
	if (rs->nlive == rs->alive) {
		rs->alive = rs->alive ? rs->alive * 2 : 16;
		rs->live = xreallocarray(rs->live, rs->alive,
		    sizeof(*rs->live));
	}
	rs->live[rs->nlive++] = g;
	g->live_at = rs->nlive;
}

/*
 * Take group g off rule rs's live list, if there: the last group moves
 * into its place.
 */
static void
live_remove(struct rulestate *rs, struct gstate *g)
{
	struct gstate *last;

	if (g->live_at == 0)
		return;
	last = rs->live[--rs->nlive];
	rs->live[g->live_at - 1] = last;
	last->live_at = g->live_at;
	g->live_at = 0;
}

/*
 * Whether group g of rule r is forgotten at time now: a rule with a
 * condition, the group not firing (nor announced firing or pending by
 * a provisional row), and no record of it for forget_ns.
 * Absence rules keep their groups: a silent one fires.  A forgotten
 * group is as good as gone: it makes no transition, is not saved, and
 * a record of it starts it as new, last in the order of creation, so
 * that when its memory is freed (sweep()) changes nothing written.
 */
static int
forgotten(const struct alerter *a, const struct alert_rule *r,
    const struct gstate *g)
{
	return r->when != NULL && g->state != ST_FIRING && !g->raised &&
	    g->last_seen != NO_TIME && a->now != NO_TIME &&
	    passed(a->now, g->last_seen, a->o.forget_ns);
}

/*
 * Free the forgotten groups of rule rs once it holds sweep_at groups,
 * then sweep again at twice what is left: the cost is amortized over
 * the groups added, and a rule holds at most twice its remembered
 * groups (and SWEEP_MIN).
 */
static void
sweep(struct alerter *a, struct rulestate *rs)
{
	size_t j;

	if (rs->map.n < rs->sweep_at)
		return;
	for (j = rs->map.n; j > 0; j--) {
		/* The last entry moves into a removed one's place. */
		if (forgotten(a, rs->r, rs->map.g[j - 1].val)) {
			live_remove(rs, rs->map.g[j - 1].val);
			gstate_free(rs->map.g[j - 1].val);
			map_remove(&rs->map, &rs->map.g[j - 1]);
		}
	}
	rs->sweep_at = rs->map.n * 2 > SWEEP_MIN ? rs->map.n * 2 : SWEEP_MIN;
}

/*
 * The first event time: what happened before it, at NO_TIME, happened
 * at t as far as the clocks of the groups go.
 */
static void
first_time(struct alerter *a, int64_t t)
{
	struct rulestate *rs;
	struct gstate *g;
	size_t i, j;

	for (i = 0; i < a->nrules; i++) {
		rs = &a->rs[i];
		for (j = 0; j < rs->map.n; j++) {
			g = rs->map.g[j].val;
			if (g->since == NO_TIME)
				g->since = t;
			if (g->clear_since == NO_TIME)
				g->clear_since = t;
			if (g->last_notify == NO_TIME)
				g->last_notify = t;
			if (g->last_seen == NO_TIME)
				g->last_seen = t;
			if (rs->r->absent_ns > 0 &&
			    sat_add(t, rs->r->absent_ns) < rs->next_absent)
				rs->next_absent = sat_add(t,
				    rs->r->absent_ns);
		}
	}
}

/* Time moves on to t (NO_TIME: it does not). */
static void
advance(struct alerter *a, int64_t t)
{
	if (t == NO_TIME || t <= a->now)
		return;
	if (a->now == NO_TIME)
		first_time(a, t);
	a->now = t;
}

/*
 * The group state of a record for rule rs, created if new (fresh when
 * the record is a provisional row).
 */
static struct gstate *
group_of(struct alerter *a, struct rulestate *rs, struct record *rec,
    int provisional)
{
	const struct alert_rule *r = rs->r;
	struct strbuf members = STRBUF_INIT;
	struct gstate *g;
	struct map_entry *e;
	uint64_t h;
	int i;

	strbuf_reset(&a->key);
	strbuf_addch(&a->key, '[');
	for (i = 0; i < r->nby; i++) {
		if (i > 0)
			strbuf_addch(&a->key, ',');
		key_value(rec, r->by[i], &a->key);
	}
	strbuf_addch(&a->key, ']');
	h = hash_bytes(a->key.buf, a->key.len);
	if ((e = map_find(&rs->map, a->key.buf, a->key.len, h)) != NULL) {
		g = e->val;
		if (forgotten(a, r, g)) {
			/* It comes back as new. */
			expr_memo_release(&g->when);
			expr_memo_release(&g->resolve);
			expr_memo_release(&g->vmemo);
			gstate_init(g, r);
			g->seq = a->seq++;
			g->fresh = provisional;
		}
		return g;
	}
	sweep(a, rs);
	e = map_insert(&rs->map, a->key.buf, a->key.len, h, NULL);
	/* A new group: its keys as members, "k":v,..., for its alerts. */
	for (i = 0; i < r->nby; i++) {
		if (i > 0)
			strbuf_addch(&members, ',');
		jsonw_string(&members, r->by[i]->text, strlen(r->by[i]->text));
		strbuf_addch(&members, ':');
		key_value(rec, r->by[i], &members);
	}
	g = gstate_new(r);
	g->seq = a->seq++;
	g->fresh = provisional;
	g->members = members.buf ? strbuf_detach(&members, NULL) :
	    xstrdup("");
	e->val = g;
	return g;
}

/* Fire absence rules whose groups have been silent for absent_for. */
static void
check_absent(struct alerter *a, struct rulestate *rs, alert_emit_fn *fn,
    void *arg)
{
	const struct alert_rule *r = rs->r;
	struct gstate *g;
	int64_t due;
	size_t i;

	if (r->when != NULL || r->absent_ns == 0 || a->now == NO_TIME ||
	    a->now < rs->next_absent)
		return;
	rs->next_absent = INT64_MAX;
	for (i = 0; i < rs->map.n; i++) {
		g = rs->map.g[i].val;
		if (g->state == ST_FIRING || g->last_seen == NO_TIME ||
		    g->last_seen > INT64_MAX - r->absent_ns)
			continue;
		due = g->last_seen + r->absent_ns;
		if (due <= a->now) {
			g->state = ST_FIRING;
			g->since = due;
			g->last_notify = due;
			emit(a, r, g, "firing", due, synthetic(a, g, NULL, 0),
			    NULL, 0, fn, arg);
		} else if (due < rs->next_absent)
			rs->next_absent = due;
	}
}

/*
 * Whether rule r's expression x could not be decided on the record (a
 * regular expression's limit, invalid UTF-8): the first such rule and
 * reason of the record go to a->fault.
 */
static int
undecided(struct alerter *a, const struct alert_rule *r,
    const struct expr *x)
{
	const char *why;

	if (x == NULL || (why = expr_fault(x)) == NULL)
		return 0;
	if (a->fault.len == 0)
		strbuf_addf(&a->fault, "rule %s cannot be decided: %s",
		    r->name, why);
	return 1;
}

/* The text of the row's @window (*len bytes), or NULL if it has none. */
static const char *
row_window(struct record *rec, size_t *len)
{
	struct jval w;

	if (!stream_get_window(rec, &w)) {
		*len = 0;
		return NULL;
	}
	*len = w.n;
	return w.p;
}

/*
 * The value rule rs reports on rec for group g, as JSON, to sb (reset
 * first): its value expression, or the subject of its condition, right
 * after the condition's evaluation.  prev() reads the values of the
 * group's previous final row.  A final row keeps the value
 * expression's prev() arguments for the next; a provisional one keeps
 * nothing.
 */
static void
rule_value(struct rulestate *rs, struct gstate *g, struct record *rec,
    int provisional, struct strbuf *sb)
{
	struct alert_rule *r = rs->r;
	struct expr_env env;
	struct xval v;

	env.rec = rec;
	env.cur = NULL;
	if (r->value != NULL && !provisional)
		expr_memo_eval(r->value, rec, &g->vmemo, &v);
	else if (r->value != NULL) {
		env.prev = g->vmemo.prev;
		env.cur = rs->vcur;
		expr_eval(r->value, &env, &v);
	} else {
		/*
		 * The condition's prev() values before this row: kept
		 * in old by a final evaluation, still in prev after a
		 * provisional one.
		 */
		env.prev = provisional ? g->when.prev : g->when.old;
		expr_eval_subject(r->when, &env, &v);
	}
	strbuf_reset(sb);
	xval_to_json(&v, sb);
}

/*
 * A final row rec, at time t of the window ending at wend (win, wlen
 * bytes), for group g of rule rs: the rule's evaluation on it.
 */
static void
final_row(struct alerter *a, struct rulestate *rs, struct gstate *g,
    struct record *rec, int64_t t, int64_t wend, const char *win,
    size_t wlen, alert_emit_fn *fn, void *arg)
{
	struct alert_rule *r = rs->r;
	struct xval cv;
	int cond, recovered;

	if (r->when == NULL) {
		/* Absence: the group is here; a firing alert ends. */
		if (r->absent_ns > 0 && t != NO_TIME &&
		    sat_add(t, r->absent_ns) < rs->next_absent)
			rs->next_absent = sat_add(t, r->absent_ns);
		if (g->state == ST_FIRING) {
			g->state = ST_INACTIVE;
			emit(a, r, g, "resolved", t, rec, win, wlen, fn, arg);
		}
		return;
	}
	/* A result given out keeps the values before in old. */
	cond = expr_memo_eval(r->when, rec, &g->when, &cv);
	if (undecided(a, r, r->when))
		return;
	/* The value: the rule's, or the subject of its condition. */
	rule_value(rs, g, rec, 0, &g->value);
	recovered = r->resolve_when != NULL ?
	    expr_memo_eval(r->resolve_when, rec, &g->resolve, NULL) : !cond;
	if (undecided(a, r, r->resolve_when))
		return;
	final_step(a, r, g, cond, recovered, t, wend, rec, win, wlen, fn,
	    arg);
}

const char *
alerter_record(struct alerter *a, struct record *rec, int64_t t,
    int64_t wend, alert_emit_fn *fn, void *arg)
{
	struct rulestate *rs;
	struct gstate *g;
	const char *win;
	size_t i, wlen;

	strbuf_reset(&a->fault);
	advance(a, t);
	win = row_window(rec, &wlen);
	for (i = 0; i < a->nrules; i++) {
		rs = &a->rs[i];
		g = group_of(a, rs, rec, 0);
		if (g->fresh) {
			/* Its first final row: created now, as without
			 * provisional rows. */
			g->seq = a->seq++;
			g->fresh = 0;
		}
		g->last_seen = t;
		if (wend != INT64_MIN)
			g->last_win_end = wend;
		final_row(a, rs, g, rec, t, wend, win, wlen, fn, arg);
		live_add(rs, g);
	}
	for (i = 0; i < a->nrules; i++)
		check_absent(a, &a->rs[i], fn, arg);
	return a->fault.len > 0 ? a->fault.buf : NULL;
}

const char *
alerter_provisional(struct alerter *a, struct record *rec, int64_t t,
    int64_t wend, alert_emit_fn *fn, void *arg)
{
	struct expr_env env;
	struct rulestate *rs;
	struct alert_rule *r;
	struct gstate *g;
	const char *win;
	size_t i, wlen;
	int cond;

	strbuf_reset(&a->fault);
	win = row_window(rec, &wlen);
	for (i = 0; i < a->nrules; i++) {
		rs = &a->rs[i];
		r = rs->r;
		if (r->when == NULL)
			continue;
		g = group_of(a, rs, rec, 1);
		/* prev() reads the final rows' values, and keeps them. */
		env.rec = rec;
		env.prev = g->when.prev;
		env.cur = rs->pcur;
		cond = expr_test(r->when, &env);
		if (undecided(a, r, r->when) || !cond)
			continue;
		rule_value(rs, g, rec, 1, &a->pvalue);
		announce(a, r, g, t, wend, rec, win, wlen, fn, arg);
		live_add(rs, g);
	}
	return a->fault.len > 0 ? a->fault.buf : NULL;
}

static int
cmp_seq(const void *x, const void *y)
{
	const struct gstate *g = *(struct gstate *const *)x;
	const struct gstate *h = *(struct gstate *const *)y;

	return g->seq < h->seq ? -1 : g->seq > h->seq;
}

void
alerter_close(struct alerter *a, int64_t start, int64_t end,
    const char *window, size_t wlen, alert_emit_fn *fn, void *arg)
{
	struct rulestate *rs;
	struct alert_rule *r;
	struct gstate *g;
	size_t i, j, n;

	(void)start;
	advance(a, end);
	for (i = 0; i < a->nrules; i++) {
		rs = &a->rs[i];
		r = rs->r;
		/*
		 * Only the live groups can change; one no longer missable(),
		 * or forgotten, stays so until a row of it comes, which
		 * puts it back.  The last moves into a dropped one's place.
		 */
		for (j = rs->nlive, n = 0; j > 0; j--) {
			g = rs->live[j - 1];
			if (!missable(r, g) || forgotten(a, r, g)) {
				live_remove(rs, g);
				continue;
			}
			if (g->last_win_end >= end)
				continue;
			if (n == a->adue) {
				a->adue = a->adue ? a->adue * 2 : 16;
				a->due = xreallocarray(a->due, a->adue,
				    sizeof(*a->due));
			}
			a->due[n++] = g;
		}
		/* In the order the groups came (the live list has none). */
		if (n > 1)
			qsort(a->due, n, sizeof(*a->due), cmp_seq);
		for (j = 0; j < n; j++) {
			g = a->due[j];
			if (r->when == NULL) {
				/* An absence rule by window, not firing. */
				g->state = ST_FIRING;
				g->since = start;
				g->last_notify = end;
				emit(a, r, g, "firing", end,
				    synthetic(a, g, window, wlen), window,
				    wlen, fn, arg);
				continue;
			}
			/* No row in this window: the condition is over. */
			final_step(a, r, g, 0, 1, end, end,
			    synthetic(a, g, window, wlen), window, wlen, fn,
			    arg);
		}
		for (j = 0; j < n; j++)
			if (!missable(r, a->due[j]))
				live_remove(rs, a->due[j]);
	}
	for (i = 0; i < a->nrules; i++)
		check_absent(a, &a->rs[i], fn, arg);
}

uint64_t
alerter_fired(const struct alerter *a)
{
	return a->fired;
}

uint64_t
alerter_groups(const struct alerter *a)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < a->nrules; i++)
		n += a->rs[i].map.n;
	return n;
}

/* ---- state ---- */

void
alerter_save(const struct alerter *a, struct strbuf *body)
{
	const struct gstate *g;
	const struct map_entry *e;
	size_t i, j;

	strbuf_addstr(body, "{\"alert\":1");
	jsonw_member_int(body, "now", a->now);
	jsonw_member_int(body, "seq", (int64_t)a->seq);
	strbuf_addstr(body, "}\n");
	for (i = 0; i < a->nrules; i++) {
		strbuf_addf(body, "{\"rule\":%zu", i);
		jsonw_member_int(body, "next_absent", a->rs[i].next_absent);
		strbuf_addstr(body, "}\n");
		for (j = 0; j < a->rs[i].map.n; j++) {
			e = &a->rs[i].map.g[j];
			g = e->val;
			/* A state is that of the final rows. */
			if (forgotten(a, a->rs[i].r, g) || g->fresh)
				continue;
			strbuf_addf(body, "{\"group\":%zu,\"key\":", i);
			jsonw_string(body, e->key, e->klen);
			jsonw_member_int(body, "seq", (int64_t)g->seq);
			jsonw_member_int(body, "state", g->state);
			jsonw_member_int(body, "clearing", g->clearing);
			jsonw_member_int(body, "since", g->since);
			jsonw_member_int(body, "clear_since", g->clear_since);
			jsonw_member_int(body, "last_notify", g->last_notify);
			jsonw_member_int(body, "last_seen", g->last_seen);
			jsonw_member_int(body, "last_win_end", g->last_win_end);
			strbuf_addstr(body, ",\"members\":");
			jsonw_string(body, g->members, strlen(g->members));
			strbuf_addstr(body, ",\"value\":");
			jsonw_string(body, g->value.buf ? g->value.buf : "",
			    g->value.len);
			strbuf_addstr(body, ",\"when\":");
			expr_memo_write(&g->when, body);
			strbuf_addstr(body, ",\"resolve\":");
			expr_memo_write(&g->resolve, body);
			if (g->vmemo.n > 0) {
				strbuf_addstr(body, ",\"vprev\":");
				expr_memo_write(&g->vmemo, body);
			}
			strbuf_addstr(body, "}\n");
		}
	}
}

/* Members of a saved group, in the order alerter_save() writes them. */
static int
load_group(struct alerter *a, const struct jval *o, struct strbuf *tmp)
{
	static const char *const name[] = {
		"state", "since", "clear_since", "last_notify", "last_seen",
		"last_win_end"
	};
	struct rulestate *rs;
	struct map_entry *e;
	struct gstate *g;
	struct jval v;
	int64_t n[6], rule;
	const char *p;
	size_t i, len;
	int created;

	if (!jval_find(o, "group", 5, &v) || jval_int64(&v, &rule) == -1 ||
	    rule < 0 || (size_t)rule >= a->nrules)
		return -1;
	for (i = 0; i < NELEM(name); i++)
		if (!jval_find(o, name[i], strlen(name[i]), &v) ||
		    jval_int64(&v, &n[i]) == -1)
			return -1;
	rs = &a->rs[rule];
	if (!jval_find(o, "key", 3, &v) || v.type != JT_STRING)
		return -1;
	strbuf_reset(tmp);
	p = jval_str(&v, tmp, &len);
	e = map_insert(&rs->map, p, len, hash_bytes(p, len), &created);
	if (!created)
		return -1;
	e->val = g = gstate_new(rs->r);
	if (jval_find(o, "seq", 3, &v) && jval_int64(&v, &rule) == 0 &&
	    rule >= 0)
		g->seq = (uint64_t)rule;
	else
		g->seq = a->seq++;	/* an older state */
	if (g->seq >= a->seq)
		a->seq = g->seq + 1;
	g->state = (int)n[0];
	g->since = n[1];
	g->clear_since = n[2];
	g->last_notify = n[3];
	g->last_seen = n[4];
	g->last_win_end = n[5];
	live_add(rs, g);
	/* A state of an older version marks no recovery with INT64_MIN. */
	if (jval_find(o, "clearing", 8, &v) && jval_int64(&v, &n[0]) == 0)
		g->clearing = n[0] != 0;
	else
		g->clearing = g->clear_since != INT64_MIN;
	strbuf_reset(tmp);
	if (jval_find(o, "members", 7, &v) && v.type == JT_STRING)
		jval_str_append(&v, tmp);
	g->members = xstrndup(tmp->len ? tmp->buf : "", tmp->len);
	if (jval_find(o, "value", 5, &v) && v.type == JT_STRING)
		jval_str_append(&v, &g->value);
	if (!jval_find(o, "when", 4, &v) ||
	    expr_memo_read(&g->when, rs->r->when, &v) == -1 ||
	    !jval_find(o, "resolve", 7, &v) ||
	    expr_memo_read(&g->resolve, rs->r->resolve_when, &v) == -1)
		return -1;
	/* A state of an older version has no prev() values of value. */
	if (jval_find(o, "vprev", 5, &v) &&
	    expr_memo_read(&g->vmemo, rs->r->value, &v) == -1)
		return -1;
	return 0;
}

int
alerter_load(struct alerter *a, const char *body, size_t n,
    struct sluice_err *err)
{
	struct strbuf tmp = STRBUF_INIT;
	struct jval o, v;
	const char *line;
	int64_t rule, seq;
	size_t pos = 0, len, lineno = 0;
	int rv = 0;

	while (rv == 0 && bytes_next_line(body, n, &pos, &line, &len)) {
		lineno++;
		if (scan_document(line, len, &o, err) == -1 ||
		    o.type != JT_OBJECT)
			rv = -1;
		else if (jval_find(&o, "alert", 5, &v)) {
			/* fired counts this run's (--exit-status). */
			if (!jval_find(&o, "now", 3, &v) ||
			    jval_int64(&v, &a->now) == -1)
				rv = -1;
			/* Older states: groups numbered as they load. */
			if (jval_find(&o, "seq", 3, &v) &&
			    jval_int64(&v, &seq) == 0 && seq >= 0)
				a->seq = (uint64_t)seq;
		} else if (jval_find(&o, "rule", 4, &v)) {
			if (jval_int64(&v, &rule) == -1 || rule < 0 ||
			    (size_t)rule >= a->nrules ||
			    !jval_find(&o, "next_absent", 11, &v) ||
			    jval_int64(&v, &a->rs[rule].next_absent) == -1)
				rv = -1;
		} else
			rv = load_group(a, &o, &tmp);
	}
	strbuf_release(&tmp);
	if (rv == -1)
		return err_set(err, 0, "line %zu of the alert state is not "
		    "one", lineno);
	return 0;
}

void
alerter_free(struct alerter *a)
{
	size_t i, j;

	if (a == NULL)
		return;
	for (i = 0; i < a->nrules; i++) {
		for (j = 0; j < a->rs[i].map.n; j++)
			gstate_free(a->rs[i].map.g[j].val);
		map_release(&a->rs[i].map);
	}
	for (i = 0; i < a->nrules; i++) {
		free(a->rs[i].pcur);
		free(a->rs[i].vcur);
		free(a->rs[i].live);
	}
	free(a->rs);
	free(a->due);
	strbuf_release(&a->key);
	strbuf_release(&a->out);
	strbuf_release(&a->synth);
	strbuf_release(&a->fault);
	strbuf_release(&a->pvalue);
	record_release(&a->srec);
	free(a);
}
