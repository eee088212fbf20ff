/* SPDX-License-Identifier: MIT */
/* rule.c -- alert rules: from the command line and from rule files. */
#include <string.h>

#include <jansson.h>

#include "alert/rule.h"
#include "io/file.h"
#include "json/jsonw.h"
#include "time/duration.h"

static void
rule_defaults(struct alert_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->severity = xstrdup("warning");
}

static int
compile(struct expr **out, const char *what, const char *rule,
    const char *src, struct sluice_err *err)
{
	struct sluice_err e;

	if ((*out = expr_compile(src, &e)) == NULL)
		return err_set(err, 0, "rule '%s': %s, column %zu: %s", rule,
		    what, e.col, e.msg);
	return 0;
}

int
alert_rule_parse_cli(struct alert_rule *r, const char *arg,
    struct sluice_err *err)
{
	struct sluice_err e;
	const char *colon, *src, *end;
	size_t n;

	rule_defaults(r);
	if ((colon = strchr(arg, ':')) == NULL || colon == arg)
		return err_set(err, 0, "-r '%s': expected 'NAME: EXPRESSION'",
		    arg);
	n = (size_t)(colon - arg);
	while (n > 0 && (arg[n - 1] == ' ' || arg[n - 1] == '\t'))
		n--;
	r->name = xstrndup(arg, n);
	for (src = colon + 1; *src == ' ' || *src == '\t'; src++)
		;
	/* absent(PATH): an absence rule by that key, per window. */
	if (strncmp(src, "absent(", 7) == 0 &&
	    (end = strrchr(src, ')')) != NULL && end[1] == '\0') {
		char *key = xstrndup(src + 7, (size_t)(end - src - 7));

		r->nby = path_list(key, &r->by, &e);
		free(key);
		if (r->nby == -1) {
			r->nby = 0;
			return err_set(err, 0, "rule '%s': absent(): %s",
			    r->name, e.msg);
		}
		return 0;
	}
	return compile(&r->when, "condition", r->name, src, err);
}

static int
get_duration(json_t *v, const char *key, const char *rule, int64_t *out,
    struct sluice_err *err)
{
	struct sluice_err e;
	double ns;

	if (json_is_number(v)) {
		/* Checked before the conversion, which is undefined past int64. */
		ns = json_number_value(v) * 1e9;
		if (ns < 0)
			return err_set(err, 0, "rule '%s': %s must not be "
			    "negative", rule, key);
		if (ns >= 9.2e18)
			return err_set(err, 0, "rule '%s': %s is too long",
			    rule, key);
		*out = (int64_t)ns;
		return 0;
	}
	if (!json_is_string(v))
		return err_set(err, 0, "rule '%s': %s must be a duration such "
		    "as \"5m\"", rule, key);
	if (duration_parse(json_string_value(v), out, &e) == -1)
		return err_set(err, 0, "rule '%s': %s: %s", rule, key, e.msg);
	return 0;
}

/* Fill r from a JSON object; the rule's place is for messages. */
static int
rule_from_json(struct alert_rule *r, json_t *o, size_t place,
    struct sluice_err *err)
{
	static const char *const keys[] = { "name", "when", "absent_for",
	    "by", "for", "keep_firing_for", "resolve_when", "severity",
	    "labels", "message", "value" };
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err e;
	const char *k, *name;
	json_t *v;
	size_t i;
	int have_absent;

	rule_defaults(r);
	if (!json_is_object(o))
		return err_set(err, 0, "rule %zu: not a JSON object", place);
	v = json_object_get(o, "name");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return err_set(err, 0, "rule %zu: no \"name\"", place);
	name = json_string_value(v);
	r->name = xstrdup(name);
	json_object_foreach(o, k, v) {
		for (i = 0; i < NELEM(keys); i++)
			if (strcmp(k, keys[i]) == 0)
				break;
		if (i == NELEM(keys))
			return err_set(err, 0, "rule '%s': unknown key '%s'",
			    name, k);
	}
	have_absent = json_object_get(o, "absent_for") != NULL;
	v = json_object_get(o, "when");
	if ((v == NULL) == !have_absent)
		return err_set(err, 0, "rule '%s': needs either \"when\" or "
		    "\"absent_for\"", name);
	if (v != NULL && (!json_is_string(v) ||
	    compile(&r->when, "when", name, json_string_value(v), err) == -1))
		return json_is_string(v) ? -1 : err_set(err, 0,
		    "rule '%s': \"when\" must be a string", name);
	if (have_absent && get_duration(json_object_get(o, "absent_for"),
	    "absent_for", name, &r->absent_ns, err) == -1)
		return -1;
	if ((v = json_object_get(o, "resolve_when")) != NULL) {
		if (!json_is_string(v) || r->when == NULL)
			return err_set(err, 0, "rule '%s': \"resolve_when\" "
			    "must be a string, with \"when\"", name);
		if (compile(&r->resolve_when, "resolve_when", name,
		    json_string_value(v), err) == -1)
			return -1;
	}
	if ((v = json_object_get(o, "value")) != NULL) {
		if (!json_is_string(v))
			return err_set(err, 0, "rule '%s': \"value\" must be "
			    "an expression string", name);
		if (compile(&r->value, "value", name, json_string_value(v),
		    err) == -1)
			return -1;
	}
	if ((v = json_object_get(o, "by")) != NULL) {
		if (json_is_array(v)) {
			json_t *e2;

			json_array_foreach(v, i, e2) {
				if (!json_is_string(e2))
					return err_set(err, 0, "rule '%s': "
					    "\"by\" holds field names", name);
				if (i > 0)
					strbuf_addch(&sb, ',');
				strbuf_addstr(&sb, json_string_value(e2));
			}
		} else if (json_is_string(v))
			strbuf_addstr(&sb, json_string_value(v));
		else
			return err_set(err, 0, "rule '%s': \"by\" must be a "
			    "string or an array of strings", name);
		if (sb.len > 0 && (r->nby = path_list(sb.buf, &r->by,
		    &e)) == -1) {
			r->nby = 0;
			strbuf_release(&sb);
			return err_set(err, 0, "rule '%s': by: %s", name,
			    e.msg);
		}
		strbuf_release(&sb);
	}
	if ((v = json_object_get(o, "for")) != NULL &&
	    get_duration(v, "for", name, &r->for_ns, err) == -1)
		return -1;
	if ((v = json_object_get(o, "keep_firing_for")) != NULL &&
	    get_duration(v, "keep_firing_for", name, &r->keep_firing_ns,
	    err) == -1)
		return -1;
	if ((v = json_object_get(o, "severity")) != NULL) {
		if (!json_is_string(v))
			return err_set(err, 0, "rule '%s': \"severity\" must "
			    "be a string", name);
		free(r->severity);
		r->severity = xstrdup(json_string_value(v));
	}
	if ((v = json_object_get(o, "message")) != NULL) {
		if (!json_is_string(v))
			return err_set(err, 0, "rule '%s': \"message\" must "
			    "be a string", name);
		r->message = xstrdup(json_string_value(v));
	}
	if ((v = json_object_get(o, "labels")) != NULL) {
		if (!json_is_object(v))
			return err_set(err, 0, "rule '%s': \"labels\" must be "
			    "an object", name);
		jsonw_value(&sb, v);
		/* The members, without the braces. */
		r->labels = xstrndup(sb.buf + 1, sb.len - 2);
		strbuf_release(&sb);
	}
	return 0;
}

/* Add one rule from a JSON object to *rules. */
static int
add_rule(json_t *o, struct alert_rule **rules, size_t *nrules,
    struct sluice_err *err)
{
	*rules = xreallocarray(*rules, *nrules + 1, sizeof(**rules));
	if (rule_from_json(&(*rules)[*nrules], o, *nrules + 1, err) == -1) {
		alert_rule_release(&(*rules)[*nrules]);
		return -1;
	}
	(*nrules)++;
	return 0;
}

int
alert_rules_load(const char *file, struct alert_rule **rules,
    size_t *nrules, struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	json_error_t jerr;
	json_t *doc = NULL, *o;
	char *line, *nl;
	size_t i, before = *nrules, lineno = 0;

	if (file_read(file, &sb, err) == -1)
		goto fail;
	/* One JSON document (an array of rules, or one rule)... */
	if ((doc = json_loadb(sb.buf, sb.len, 0, &jerr)) != NULL) {
		if (json_is_array(doc)) {
			json_array_foreach(doc, i, o)
				if (add_rule(o, rules, nrules, err) == -1)
					goto fail;
		} else if (add_rule(doc, rules, nrules, err) == -1)
			goto fail;
		json_decref(doc);
		doc = NULL;
	} else {
		/* ... or one rule per line. */
		for (line = sb.buf; line != NULL && *line != '\0';
		    line = nl ? nl + 1 : NULL) {
			lineno++;
			if ((nl = strchr(line, '\n')) != NULL)
				*nl = '\0';
			if (line[strspn(line, " \t\r")] == '\0')
				continue;
			if ((doc = json_loads(line, 0, &jerr)) == NULL) {
				err_set(err, 0, "%s:%zu: %s", file, lineno,
				    jerr.text);
				goto fail;
			}
			if (add_rule(doc, rules, nrules, err) == -1)
				goto fail;
			json_decref(doc);
			doc = NULL;
		}
	}
	strbuf_release(&sb);
	if (*nrules == before)
		return err_set(err, 0, "%s: no rules", file);
	return (int)(*nrules - before);
fail:
	json_decref(doc);
	strbuf_release(&sb);
	return -1;
}

void
alert_rule_release(struct alert_rule *r)
{
	free(r->name);
	expr_free(r->when);
	expr_free(r->resolve_when);
	expr_free(r->value);
	path_list_free(r->by, r->nby);
	free(r->severity);
	free(r->labels);
	free(r->message);
	memset(r, 0, sizeof(*r));
}

int
alert_rules_cli(const struct alert_cli *cli, struct alert_rule **rules,
    size_t *nrules, struct sluice_err *err)
{
	struct alert_rule *r;
	size_t i;

	for (i = 0; i < cli->nrules; i++) {
		*rules = xreallocarray(*rules, *nrules + 1, sizeof(**rules));
		r = &(*rules)[*nrules];
		if (alert_rule_parse_cli(r, cli->rules[i], err) == -1) {
			alert_rule_release(r);
			return -1;
		}
		(*nrules)++;
		/* The options for -r rules: --by, --for ... */
		if (cli->nby > 0 && r->when != NULL) {
			r->by = path_list_copy(cli->by, cli->nby);
			r->nby = cli->nby;
		}
		r->for_ns = cli->for_ns;
		r->keep_firing_ns = cli->keep_firing_ns;
		if (cli->severity != NULL) {
			free(r->severity);
			r->severity = xstrdup(cli->severity);
		}
	}
	for (i = 0; i < cli->nfiles; i++)
		if (alert_rules_load(cli->files[i], rules, nrules, err) == -1)
			return -1;
	if (*nrules == 0)
		return err_set(err, 0, "no rules: give -r 'name: expression' "
		    "or --rules file");
	return 0;
}
