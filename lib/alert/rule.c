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

/* A string member key of o, copied to *out if there: 0, or -1. */
static int
get_text(json_t *o, const char *key, const char *rule, char **out,
    struct sluice_err *err)
{
	json_t *v;

	if ((v = json_object_get(o, key)) == NULL)
		return 0;
	if (!json_is_string(v))
		return err_set(err, 0, "rule '%s': \"%s\" must be a string",
		    rule, key);
	free(*out);
	*out = xstrdup(json_string_value(v));
	return 0;
}

/*
 * The keys of a rule that say what its alerts carry, from o: value,
 * severity, message, resolved_message, labels.  0, or -1 with a
 * message naming the rule.
 */
static int
rule_extras(struct alert_rule *r, json_t *o, const char *name,
    struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *v;

	if ((v = json_object_get(o, "value")) != NULL) {
		if (!json_is_string(v))
			return err_set(err, 0, "rule '%s': \"value\" must be "
			    "an expression string", name);
		if (compile(&r->value, "value", name, json_string_value(v),
		    err) == -1)
			return -1;
	}
	if (get_text(o, "severity", name, &r->severity, err) == -1 ||
	    get_text(o, "message", name, &r->message, err) == -1 ||
	    get_text(o, "resolved_message", name, &r->resolved_message,
	    err) == -1)
		return -1;
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

/* What separates the clauses of a -r rule. */
#define BLANKS	" \t\n"

/* The keys a -r rule may give after its condition, as KEY=VALUE. */
static const char *const cli_keys[] = { "message", "resolved_message",
    "value", "labels", "severity" };

/* The length of the cli_keys[] key that s starts with, then '=', or 0. */
static size_t
cli_key(const char *s)
{
	size_t i, n;

	for (i = 0; i < NELEM(cli_keys); i++) {
		n = strlen(cli_keys[i]);
		/* KEY== and KEY=~ are comparisons of a field named KEY. */
		if (strncmp(s, cli_keys[i], n) == 0 && s[n] == '=' &&
		    s[n + 1] != '=' && s[n + 1] != '~')
			return n;
	}
	return 0;
}

/*
 * Where the KEY=VALUE clauses of a -r rule begin in src: at the first
 * blank outside quotes and brackets that is followed by one; or the
 * end of src.
 */
static const char *
clauses_of(const char *src)
{
	const char *p;
	char q = 0;
	int depth = 0;

	for (p = src; *p != '\0'; p++) {
		if (q != 0) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == q)
				q = 0;
		} else if (*p == '"' || *p == '\'')
			q = *p;
		else if (*p == '(' || *p == '[' || *p == '{')
			depth++;
		else if (*p == ')' || *p == ']' || *p == '}')
			depth--;
		else if (depth <= 0 && strchr(BLANKS, *p) != NULL &&
		    cli_key(p + strspn(p, BLANKS)) > 0)
			return p;
	}
	return p;
}

/*
 * One VALUE at *s: a JSON string "...", or the bytes up to a blank.
 * Returns it (to free), *s past it; or NULL with a message.
 */
static char *
clause_value(const char **s, const char *rule, const char *key, size_t klen,
    struct sluice_err *err)
{
	const char *p = *s;
	json_error_t jerr;
	json_t *v;
	char *out;

	if (*p != '"') {
		*s = p + strcspn(p, BLANKS);
		return xstrndup(p, (size_t)(*s - p));
	}
	for (p++; *p != '\0' && *p != '"'; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	if (*p != '"' || (v = json_loadb(*s, (size_t)(p + 1 - *s),
	    JSON_DECODE_ANY, &jerr)) == NULL) {
		err_set(err, 0, "rule '%s': %.*s: a quoted value must be a "
		    "JSON string", rule, (int)klen, key);
		return NULL;
	}
	out = xstrdup(json_string_value(v));
	json_decref(v);
	*s = p + 1;
	return out;
}

/* labels=K=V,K=V: the object {"K":"V",...}, or NULL with a message. */
static json_t *
clause_labels(const char *text, const char *rule, struct sluice_err *err)
{
	const char *p = text, *eq, *end;
	json_t *o = json_object(), *v;

	while (*p != '\0') {
		end = p + strcspn(p, ",");
		if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL ||
		    eq == p) {
			json_decref(o);
			err_set(err, 0, "rule '%s': labels: expected "
			    "NAME=VALUE,... in '%s'", rule, text);
			return NULL;
		}
		if ((v = json_stringn(eq + 1, (size_t)(end - eq - 1))) == NULL ||
		    json_object_setn_new(o, p, (size_t)(eq - p), v) == -1) {
			json_decref(o);
			err_set(err, 0, "rule '%s': labels: not valid UTF-8",
			    rule);
			return NULL;
		}
		p = *end == ',' ? end + 1 : end;
	}
	return o;
}

/*
 * The KEY=VALUE clauses of a -r rule into r, through the rules file's
 * keys: 0, or -1 with a message.
 */
static int
cli_clauses(struct alert_rule *r, const char *s, struct sluice_err *err)
{
	json_t *o = json_object(), *v;
	const char *key;
	char *text;
	size_t n;
	int rv;

	for (s += strspn(s, BLANKS); *s != '\0'; s += strspn(s, BLANKS)) {
		if ((n = cli_key(s)) == 0) {
			json_decref(o);
			return err_set(err, 0, "rule '%s': expected one of "
			    "message=, resolved_message=, value=, labels=, "
			    "severity= at '%s'", r->name, s);
		}
		key = s;
		s += n + 1;
		if ((text = clause_value(&s, r->name, key, n, err)) == NULL) {
			json_decref(o);
			return -1;
		}
		if (strncmp(key, "labels", n) == 0)
			v = clause_labels(text, r->name, err);
		else if ((v = json_string(text)) == NULL)
			err_set(err, 0, "rule '%s': %.*s: not valid UTF-8",
			    r->name, (int)n, key);
		free(text);
		if (v == NULL) {
			json_decref(o);
			return -1;
		}
		json_object_setn_new_nocheck(o, key, n, v);
	}
	rv = rule_extras(r, o, r->name, err);
	json_decref(o);
	return rv;
}

/* A -r rule; severity (if not NULL) unless the rule gives one. */
static int
parse_cli(struct alert_rule *r, const char *arg, const char *severity,
    struct sluice_err *err)
{
	struct sluice_err e;
	const char *colon, *src, *end, *cl;
	char *cond;
	size_t n;
	int rv;

	rule_defaults(r);
	if (severity != NULL) {
		free(r->severity);
		r->severity = xstrdup(severity);
	}
	if ((colon = strchr(arg, ':')) == NULL || colon == arg)
		return err_set(err, 0, "-r '%s': expected 'NAME: EXPRESSION'",
		    arg);
	n = (size_t)(colon - arg);
	while (n > 0 && (arg[n - 1] == ' ' || arg[n - 1] == '\t'))
		n--;
	r->name = xstrndup(arg, n);
	for (src = colon + 1; *src == ' ' || *src == '\t'; src++)
		;
	cl = clauses_of(src);
	cond = xstrndup(src, (size_t)(cl - src));
	if (cli_clauses(r, cl, err) == -1) {
		free(cond);
		return -1;
	}
	/* absent(PATH): an absence rule by that key, per window. */
	if (strncmp(cond, "absent(", 7) == 0 &&
	    (end = strrchr(cond, ')')) != NULL && end[1] == '\0') {
		char *key = xstrndup(cond + 7, (size_t)(end - cond - 7));

		r->nby = path_list(key, &r->by, &e);
		free(key);
		free(cond);
		if (r->nby == -1) {
			r->nby = 0;
			return err_set(err, 0, "rule '%s': absent(): %s",
			    r->name, e.msg);
		}
		return 0;
	}
	rv = compile(&r->when, "condition", r->name, cond, err);
	free(cond);
	return rv;
}

int
alert_rule_parse_cli(struct alert_rule *r, const char *arg,
    struct sluice_err *err)
{
	return parse_cli(r, arg, NULL, err);
}

/* Fill r from a JSON object; the rule's place is for messages. */
static int
rule_from_json(struct alert_rule *r, json_t *o, size_t place,
    struct sluice_err *err)
{
	static const char *const keys[] = { "name", "when", "absent_for",
	    "by", "for", "keep_firing_for", "resolve_when", "severity",
	    "labels", "message", "resolved_message", "value" };
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
	return rule_extras(r, o, name, err);
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
	free(r->resolved_message);
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
		if (parse_cli(r, cli->rules[i], cli->severity, err) == -1) {
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
	}
	for (i = 0; i < cli->nfiles; i++)
		if (alert_rules_load(cli->files[i], rules, nrules, err) == -1)
			return -1;
	if (*nrules == 0)
		return err_set(err, 0, "no rules: give -r 'name: expression' "
		    "or --rules file");
	return 0;
}

/* A rule as its state depends on it: name, conditions, keys, times. */
static void
rule_text(const struct alert_rule *r, struct strbuf *sb)
{
	int k;

	strbuf_addf(sb, "%s: %s", r->name, r->when != NULL ?
	    expr_text(r->when) : "absent");
	if (r->resolve_when != NULL)
		strbuf_addf(sb, " resolve_when %s", expr_text(r->resolve_when));
	strbuf_addstr(sb, " by");
	for (k = 0; k < r->nby; k++)
		strbuf_addf(sb, "%s%s", k ? "," : " ", r->by[k]->text);
	strbuf_addf(sb, " for %lld keep_firing_for %lld absent_for %lld",
	    (long long)r->for_ns, (long long)r->keep_firing_ns,
	    (long long)r->absent_ns);
}

char **
alert_rules_text(const struct alert_rule *rules, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char **v;
	size_t i;

	v = xreallocarray(NULL, n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		rule_text(&rules[i], &sb);
		v[i] = strbuf_detach(&sb, NULL);
	}
	v[n] = NULL;
	return v;
}

void
alert_rules_text_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
