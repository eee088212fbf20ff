/* SPDX-License-Identifier: MIT */
/* alert_rule.c -- fuzz alert rules files (alert/rule) and the rules on records. */
#include "alert/alert.h"
#include "alert/rule.h"
#include "fuzz.h"
#include "json/path.h"
#include "json/record.h"
#include "json/scan.h"
#include "stream/stream.h"

/*
 * Input: a rules file (a JSON array of rules, one rule, or one rule per
 * line), then a NUL, then NDJSON records.  The file is read as alert
 * --rules reads it; its first line is also tried as a -r rule.  Rules
 * that load are run on the records as alert runs them (records with a
 * time, and close markers: an untimed record before any timed one is
 * issue #15's, not fuzzed here), with every state on; at the end the
 * engine's state is saved and must load into a new engine, and every
 * alert it emitted must be one JSON object.
 */

static void
on_alert(void *arg, const char *json, size_t n, const char *rule,
    const char *state)
{
	(void)arg;
	FUZZ_ASSERT(rule != NULL && state != NULL);
	fuzz_assert_object(json, n);
}

static void
run(struct alert_rule *rules, size_t nrules, const char *p, const char *end)
{
	struct alert_opts ao = { .renotify_ns = 60 * NS_PER_SEC, .pending = 1 };
	struct time_opts topts = TIME_OPTS_INIT;
	struct record rec = RECORD_INIT;
	struct strbuf body = STRBUF_INIT;
	struct alerter *a, *b;
	struct sluice_err e;
	struct path *tp;
	struct jval w;
	const char *line;
	char *own = NULL;
	int64_t t, ws, wend;
	size_t len;
	int prec;

	tp = path_compile("@timestamp", &e);
	a = alerter_new(rules, nrules, &ao);
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		if (record_parse(&rec, line, len, &e) == -1)
			continue;
		if (!stream_get_window(&rec, &w) ||
		    stream_window_bounds(&w, &ws, &wend) == -1)
			wend = INT64_MIN;
		if (stream_ctl_of(&rec) != CTL_NONE) {
			if (wend != INT64_MIN)
				alerter_close(a, ws, wend, w.p, w.n, on_alert,
				    NULL);
			continue;
		}
		if (record_time(&rec, tp, &topts, &t, &prec) != 1) {
			if (wend == INT64_MIN)
				continue;
			t = wend;
		}
		(void)alerter_record(a, &rec, t, wend, on_alert, NULL);
	}
	(void)alerter_fired(a);
	alerter_save(a, &body);
	b = alerter_new(rules, nrules, &ao);
	FUZZ_ASSERT(alerter_load(b, body.buf != NULL ? body.buf : "",
	    body.len, &e) == 0);
	alerter_free(b);
	alerter_free(a);
	fuzz_line_done(&own);
	record_release(&rec);
	strbuf_release(&body);
	path_free(tp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct alert_rule *rules = NULL, one;
	struct sluice_err e;
	const char *file = (const char *)data, *end = file + size, *nul;
	const char *first, *rest;
	size_t fn, nrules = 0, i, an, rn;
	char *arg;
	int n;

	if ((nul = memchr(file, '\0', size)) == NULL)
		nul = end;
	fn = (size_t)(nul - file);

	fuzz_split(data, fn, &first, &an, &rest, &rn);
	arg = fuzz_str(first, an);
	memset(&one, 0, sizeof(one));
	(void)alert_rule_parse_cli(&one, arg, &e);
	alert_rule_release(&one);	/* also after an error */
	free(arg);

	n = alert_rules_load(fuzz_file(data, fn), &rules, &nrules, &e);
	if (n > 0) {
		FUZZ_ASSERT((size_t)n == nrules);
		run(rules, nrules, nul < end ? nul + 1 : end, end);
	} else
		FUZZ_ASSERT(e.msg[0] != '\0');
	for (i = 0; i < nrules; i++)
		alert_rule_release(&rules[i]);
	free(rules);
	return 0;
}
