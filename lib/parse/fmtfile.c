/* SPDX-License-Identifier: MIT */
/* fmtfile.c -- format files of ingest -f regex; Fluent Bit parsers.conf. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/bytes.h"
#include "core/strbuf.h"
#include "parse/fmtfile.h"

/* Fluent Bit's sections other than [PARSER]: skipped whole. */
static const char *const fb_skipped[] = {
	"SERVICE", "INPUT", "FILTER", "OUTPUT", "CUSTOM", "PLUGINS",
	"MULTILINE_PARSER", "STREAM_TASK", "UPSTREAM", "NODE"
};

/* The file being read. */
struct ffread {
	struct fmtdef	*defs;
	size_t		 n;
	size_t		 cap;
	int		 in_section;
	int		 skipping;	/* in a section of fb_skipped */
	size_t		 lineno;
	const char	*line;		/* for columns in characters */
};

/* The 1-based column, in characters, of byte i of the current line. */
static size_t
column(const struct ffread *fr, size_t i)
{
	return bytes_utf8_chars(fr->line, i) + 1;
}

/* An error at byte i of the current line; returns -1. */
static int
fail_at(const struct ffread *fr, size_t i, struct sluice_err *err,
    const char *msg)
{
	err_set(err, column(fr, i), "%s", msg);
	err->line = fr->lineno;
	return -1;
}

static void
set_val(const struct ffread *fr, struct fmtval *v, const char *s, size_t n,
    size_t at)
{
	free(v->s);
	v->s = xstrndup(s, n);
	v->line = fr->lineno;
	v->col = column(fr, at);
}

/* The [PARSER] sections end: each needs its Name. */
static int
end_section(struct ffread *fr, struct sluice_err *err)
{
	struct fmtdef *d;

	if (fr->n == 0)
		return 0;
	d = &fr->defs[fr->n - 1];
	if (d->name != NULL)
		return 0;
	err_set(err, 1, "[PARSER] without a Name");
	err->line = d->line;
	return -1;
}

/* "[NAME]" at s[i], trimmed. */
static int
section(struct ffread *fr, const char *s, size_t i, size_t n,
    struct sluice_err *err)
{
	struct fmtdef *d;
	size_t b, e, k;

	if (end_section(fr, err) == -1)
		return -1;
	if (s[n - 1] != ']')
		return fail_at(fr, n, err, "expected ']' at the end of the "
		    "section header");
	b = bytes_skip_blanks(s, n - 1, i + 1);
	for (e = n - 1; e > b && bytes_blank(s[e - 1]); e--)
		;
	if (b == e)
		return fail_at(fr, i, err, "a section without a name");
	fr->in_section = 1;
	fr->skipping = 0;
	for (k = 0; k < NELEM(fb_skipped); k++)
		if (strlen(fb_skipped[k]) == e - b &&
		    strncasecmp(s + b, fb_skipped[k], e - b) == 0) {
			fr->skipping = 1;
			return 0;
		}
	for (k = b; k < e; k++)
		if (!((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') &&
		    !bytes_digit(s[k]) && s[k] != '_' && s[k] != '-' &&
		    s[k] != '.')
			return fail_at(fr, k, err, "a format name is letters, "
			    "digits, '_', '-' and '.'");
	if (fr->n == fr->cap) {
		fr->cap = fr->cap ? fr->cap * 2 : 8;
		fr->defs = xreallocarray(fr->defs, fr->cap, sizeof(*fr->defs));
	}
	d = &fr->defs[fr->n++];
	memset(d, 0, sizeof(*d));
	d->line = fr->lineno;
	if (e - b == 6 && strncasecmp(s + b, "PARSER", 6) == 0)
		d->fluentbit = 1;
	else
		d->name = xstrndup(s + b, e - b);
	return 0;
}

static int
key_is(const char *s, size_t n, const char *key)
{
	return strlen(key) == n && strncasecmp(s, key, n) == 0;
}

/*
 * A Fluent Bit Regex: /.../ with flags i, m, x after it is Onigmo's
 * notation; made (?imx)... for PCRE2 (Onigmo's m is PCRE2's s).
 */
static void
set_fb_regex(const struct ffread *fr, struct fmtdef *d, const char *s,
    size_t n, size_t at)
{
	struct strbuf sb = STRBUF_INIT;
	size_t e = n, k;

	while (e > 1 && (s[e - 1] == 'i' || s[e - 1] == 'm' ||
	    s[e - 1] == 'x'))
		e--;
	if (n < 2 || s[0] != '/' || e < 2 || s[e - 1] != '/') {
		set_val(fr, &d->regex, s, n, at);
		return;
	}
	if (e < n) {
		strbuf_add(&sb, "(?", 2);
		for (k = e; k < n; k++)
			strbuf_addch(&sb, s[k] == 'm' ? 's' : s[k]);
		strbuf_addch(&sb, ')');
	}
	k = sb.len;
	strbuf_add(&sb, s + 1, e - 2);
	set_val(fr, &d->regex, sb.buf, sb.len, at + 1);
	/* Columns of errors count from the pattern as written. */
	d->regex.col = d->regex.col > k ? d->regex.col - k : 1;
	strbuf_release(&sb);
}

/* Fluent Bit's Time_Format: %L, the fraction of a second, is our %f. */
static void
set_fb_time_format(const struct ffread *fr, struct fmtdef *d, const char *s,
    size_t n, size_t at)
{
	char *p;

	set_val(fr, &d->time_format, s, n, at);
	for (p = d->time_format.s; *p != '\0'; p++)
		if (p[0] == '%' && p[1] != '\0') {
			if (p[1] == 'L')
				p[1] = 'f';
			p++;
		}
}

/* "Key Value" in a [PARSER] section. */
static int
fb_keyval(struct ffread *fr, const char *s, size_t i, size_t n,
    struct sluice_err *err)
{
	struct fmtdef *d = &fr->defs[fr->n - 1];
	size_t k = i + bytes_word(s, n, i), v = bytes_skip_blanks(s, n, k);

	if (v == n)
		return fail_at(fr, i, err, "a key without a value");
	if (key_is(s + i, k - i, "Name")) {
		free(d->name);
		d->name = xstrndup(s + v, n - v);
	} else if (key_is(s + i, k - i, "Format"))
		set_val(fr, &d->kind, s + v, n - v, v);
	else if (key_is(s + i, k - i, "Regex"))
		set_fb_regex(fr, d, s + v, n - v, v);
	else if (key_is(s + i, k - i, "Time_Key"))
		set_val(fr, &d->time, s + v, n - v, v);
	else if (key_is(s + i, k - i, "Time_Format"))
		set_fb_time_format(fr, d, s + v, n - v, v);
	else if (key_is(s + i, k - i, "Time_Offset"))
		set_val(fr, &d->tz, s + v, n - v, v);
	else if (key_is(s + i, k - i, "Types"))
		set_val(fr, &d->types, s + v, n - v, v);
	return 0;
}

/* "key = value" in a section of our own. */
static int
keyval(struct ffread *fr, const char *s, size_t i, size_t n,
    struct sluice_err *err)
{
	struct fmtdef *d = &fr->defs[fr->n - 1];
	struct fmtval *val;
	size_t k, v;

	for (k = i; k < n && s[k] != '=' && !bytes_blank(s[k]); k++)
		;
	v = bytes_skip_blanks(s, n, k);
	if (v == n || s[v] != '=')
		return fail_at(fr, v, err, "expected key = value");
	v = bytes_skip_blanks(s, n, v + 1);
	if (key_is(s + i, k - i, "regex"))
		val = &d->regex;
	else if (key_is(s + i, k - i, "time"))
		val = &d->time;
	else if (key_is(s + i, k - i, "time-format"))
		val = &d->time_format;
	else if (key_is(s + i, k - i, "tz"))
		val = &d->tz;
	else if (key_is(s + i, k - i, "types"))
		val = &d->types;
	else {
		fail_at(fr, i, err, "");
		return err_set(err, err->col, "unknown key '%.*s' (expected "
		    "regex, time, time-format, tz or types)",
		    (int)(k - i > 30 ? 30 : k - i), s + i);
	}
	if (v == n)
		return fail_at(fr, v, err, "a key without a value");
	set_val(fr, val, s + v, n - v, v);
	return 0;
}

/* One line of the file, its end of line removed. */
static int
read_line(struct ffread *fr, const char *s, size_t n, struct sluice_err *err)
{
	size_t i;

	fr->line = s;
	while (n > 0 && (bytes_blank(s[n - 1]) || s[n - 1] == '\r'))
		n--;
	i = bytes_skip_blanks(s, n, 0);
	if (i == n || s[i] == '#')
		return 0;
	if (s[i] == '[')
		return section(fr, s, i, n, err);
	if (s[i] == '@')
		return fail_at(fr, i, err, "Fluent Bit's @INCLUDE and @SET are "
		    "not read: give the file that holds the parser");
	if (!fr->in_section)
		return fail_at(fr, i, err, "expected a [section] first");
	if (fr->skipping)
		return 0;
	if (fr->defs[fr->n - 1].fluentbit)
		return fb_keyval(fr, s, i, n, err);
	return keyval(fr, s, i, n, err);
}

/* The names of the formats, for a message: "a, b, c" (cut short). */
static void
names(const struct ffread *fr, char *buf, size_t cap)
{
	size_t i, len = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; i < fr->n && len < cap; i++) {
		w = snprintf(buf + len, cap - len, "%s%s", i ? ", " : "",
		    fr->defs[i].name);
		if (w < 0 || (size_t)w >= cap - len) {
			snprintf(buf + (cap > 5 ? cap - 5 : 0),
			    cap > 5 ? 5 : cap, "...");
			return;
		}
		len += (size_t)w;
	}
}

/* Choose the format named name (NULL: the only one) into def. */
static int
choose(struct ffread *fr, const char *name, struct fmtdef *def,
    struct sluice_err *err)
{
	char list[100];
	size_t i, j;

	for (i = 0; i < fr->n; i++)
		for (j = 0; j < i; j++)
			if (strcmp(fr->defs[i].name, fr->defs[j].name) == 0) {
				err_set(err, 1, "format '%.40s' defined again "
				    "(first at line %zu)", fr->defs[i].name,
				    fr->defs[j].line);
				err->line = fr->defs[i].line;
				return -1;
			}
	names(fr, list, sizeof(list));
	if (fr->n == 0)
		return err_set(err, 0, "no format in the file");
	if (name == NULL && fr->n > 1)
		return err_set(err, 0, "%zu formats in the file (%s): choose "
		    "one by name", fr->n, list);
	for (i = 0; name != NULL && i < fr->n; i++)
		if (strcmp(fr->defs[i].name, name) == 0)
			break;
	if (i == fr->n)
		return err_set(err, 0, "no format '%.40s' in the file (%s)",
		    name, list);
	*def = fr->defs[i];
	memset(&fr->defs[i], 0, sizeof(fr->defs[i]));
	return 0;
}

int
fmtfile_read(const char *path, const char *name, struct fmtdef *def,
    struct sluice_err *err)
{
	FILE *fp;
	int r;

	memset(def, 0, sizeof(*def));
	err->line = 0;
	if ((fp = fopen(path, "r")) == NULL)
		return err_set(err, 0, "%s", strerror(errno));
	r = fmtfile_read_fp(fp, name, def, err);
	fclose(fp);
	return r;
}

int
fmtfile_read_fp(FILE *fp, const char *name, struct fmtdef *def,
    struct sluice_err *err)
{
	struct ffread fr;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	int r = 0;

	memset(def, 0, sizeof(*def));
	memset(&fr, 0, sizeof(fr));
	err->line = 0;
	while (r == 0 && (n = getline(&line, &cap, fp)) != -1) {
		fr.lineno++;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		r = read_line(&fr, line, (size_t)n, err);
	}
	if (r == 0 && ferror(fp))
		r = err_set(err, 0, "%s", strerror(errno));
	free(line);
	if (r == 0)
		r = end_section(&fr, err);
	if (r == 0)
		r = choose(&fr, name, def, err);
	for (i = 0; i < fr.n; i++)
		fmtdef_release(&fr.defs[i]);
	free(fr.defs);
	return r;
}

/* An error of a value's text at its column col (1-based, 0: none). */
static void
val_err(const struct fmtval *v, struct sluice_err *err, size_t col)
{
	err->line = v->line;
	err->col = v->col + (col > 0 ? col - 1 : 0);
}

struct regexfmt *
fmtdef_compile(const struct fmtdef *def, struct sluice_err *err)
{
	struct regexfmt *rf;

	if (def->fluentbit && (def->kind.s == NULL ||
	    strcasecmp(def->kind.s, "regex") != 0)) {
		if (def->kind.s == NULL) {
			err_set(err, 1, "parser '%.40s' has no Format (only "
			    "regex parsers are read)", def->name);
			err->line = def->line;
		} else {
			err_set(err, 0, "parser '%.40s' is Format %.20s: only "
			    "regex parsers are read", def->name, def->kind.s);
			val_err(&def->kind, err, 0);
		}
		return NULL;
	}
	if (def->regex.s == NULL) {
		err_set(err, 1, "format '%.40s' has no regex", def->name);
		err->line = def->line;
		return NULL;
	}
	if ((rf = regexfmt_new(def->regex.s, strlen(def->regex.s),
	    err)) == NULL) {
		val_err(&def->regex, err, err->col);
		return NULL;
	}
	if (def->types.s != NULL &&
	    regexfmt_types(rf, def->types.s, err) == -1) {
		val_err(&def->types, err, err->col);
		regexfmt_free(rf);
		return NULL;
	}
	return rf;
}

int
fmtdef_tz(const struct fmtdef *def, struct tzspec *tz,
    struct sluice_err *err)
{
	if (def->tz.s == NULL)
		return 0;
	if (tzspec_parse(def->tz.s, tz, err) == -1) {
		val_err(&def->tz, err, 0);
		return -1;
	}
	return 1;
}

void
fmtdef_release(struct fmtdef *def)
{
	free(def->name);
	free(def->kind.s);
	free(def->regex.s);
	free(def->time.s);
	free(def->time_format.s);
	free(def->tz.s);
	free(def->types.s);
	memset(def, 0, sizeof(*def));
}
