/* SPDX-License-Identifier: MIT */
/* expr_lex.c -- split an expression into tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"
#include "json/scan.h"

/* A byte of a bare field name (path.h, PATH_EXPR). */
static int
bare_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '@' || c == '$' ||
	    c >= 0x80;
}

static int
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A "..." string with JSON escapes at lx->pos. */
static int
lex_dquote(struct xlexer *lx, struct xtoken *t, struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err serr;
	struct jval v;
	size_t i;

	for (i = lx->pos + 1; i < lx->len && lx->src[i] != '"'; i++)
		if (lx->src[i] == '\\' && i + 1 < lx->len)
			i++;
	if (i >= lx->len)
		return err_set(err, lx->pos + 1, "unterminated string");
	if (scan_document(lx->src + lx->pos, i + 1 - lx->pos, &v,
	    &serr) == -1)
		return err_set(err, lx->pos + serr.col, "bad string: %s",
		    serr.msg);
	jval_str_append(&v, &sb);
	t->type = T_STR;
	t->slen = sb.len;
	t->str = sb.buf != NULL ? strbuf_detach(&sb, NULL) : xstrdup("");
	t->len = i + 1 - lx->pos;
	return 0;
}

/* A '...' string: no escapes but \' and \\. */
static int
lex_squote(struct xlexer *lx, struct xtoken *t, struct sluice_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	char c;

	for (i = lx->pos + 1; i < lx->len; i++) {
		c = lx->src[i];
		if (c == '\'')
			break;
		if (c == '\\' && i + 1 < lx->len && (lx->src[i + 1] == '\'' ||
		    lx->src[i + 1] == '\\'))
			c = lx->src[++i];
		strbuf_addch(&sb, c);
	}
	if (i >= lx->len) {
		strbuf_release(&sb);
		return err_set(err, lx->pos + 1, "unterminated string");
	}
	if (utf8_valid_prefix(sb.buf ? sb.buf : "", sb.len) != sb.len) {
		strbuf_release(&sb);
		return err_set(err, lx->pos + 1, "bad string: invalid UTF-8");
	}
	t->type = T_STR;
	t->slen = sb.len;
	t->str = sb.buf != NULL ? strbuf_detach(&sb, NULL) : xstrdup("");
	t->len = i + 1 - lx->pos;
	return 0;
}

static int
lex_number(struct xlexer *lx, struct xtoken *t, struct sluice_err *err)
{
	const char *s = lx->src + lx->pos;
	size_t n = lx->len - lx->pos, k;
	int integer;

	k = expr_number_len(s, n, &integer);
	if (k == 0 || (k < n && (bare_byte((unsigned char)s[k]) ||
	    s[k] == '.')))
		return err_set(err, lx->pos + 1, "bad number");
	if (expr_number_value(s, k, integer, 0, &t->num, &t->neg_ok) == -1)
		return err_set(err, lx->pos + 1, "number out of range");
	t->type = T_NUM;
	t->len = k;
	return 0;
}

/* A word: a keyword, a function name, or the start of a field path. */
static int
lex_word(struct xlexer *lx, struct xtoken *t, struct sluice_err *err)
{
	static const struct {
		const char	*word;
		enum xtok	 type;
	} kw[] = {
		{ "true", T_TRUE },
		{ "false", T_FALSE },
		{ "null", T_NULL },
		{ "in", T_IN }
	};
	struct sluice_err perr;
	const char *s = lx->src + lx->pos;
	size_t n = lx->len - lx->pos, w, i, used;
	int plain = 1;

	for (w = 0; w < n && bare_byte((unsigned char)s[w]); w++)
		if (!word_byte((unsigned char)s[w]))
			plain = 0;
	if (s[0] != '.' && w > 0 && (w == n || (s[w] != '.' &&
	    s[w] != '['))) {
		for (i = 0; i < NELEM(kw); i++) {
			if (strlen(kw[i].word) == w &&
			    memcmp(kw[i].word, s, w) == 0) {
				t->type = kw[i].type;
				t->len = w;
				return 0;
			}
		}
		if (plain && !is_digit(s[0])) {
			for (i = w; i < n && (s[i] == ' ' || s[i] == '\t' ||
			    s[i] == '\n' || s[i] == '\r'); i++)
				;
			if (i < n && s[i] == '(') {
				t->type = T_NAME;
				t->len = w;
				return 0;
			}
		}
	}
	if ((t->path = path_parse(s, n, PATH_EXPR, &used, &perr)) == NULL)
		return err_set(err, lx->pos + perr.col, "%s", perr.msg);
	t->type = T_PATH;
	t->len = used;
	return 0;
}

int
expr_lex_next(struct xlexer *lx, struct xtoken *t, struct sluice_err *err)
{
	static const struct {
		const char	*text;
		enum xtok	 type;
	} ops[] = {
		{ "==", T_EQ }, { "!=", T_NE }, { "<=", T_LE }, { ">=", T_GE },
		{ "&&", T_AND }, { "||", T_OR }, { "=~", T_MATCH },
		{ "!~", T_NMATCH },
		{ "<", T_LT }, { ">", T_GT }, { "!", T_NOT }, { "+", T_PLUS },
		{ "-", T_MINUS }, { "*", T_STAR }, { "/", T_SLASH },
		{ "%", T_PCT }, { "(", T_LP }, { ")", T_RP }, { "[", T_LB },
		{ "]", T_RB }, { ",", T_COMMA }
	};
	const char *s;
	size_t i, k;
	unsigned char c;

	memset(t, 0, sizeof(*t));
	while (lx->pos < lx->len && (lx->src[lx->pos] == ' ' ||
	    lx->src[lx->pos] == '\t' || lx->src[lx->pos] == '\n' ||
	    lx->src[lx->pos] == '\r'))
		lx->pos++;
	t->off = lx->pos;
	if (lx->pos >= lx->len) {
		t->type = T_END;
		return 0;
	}
	s = lx->src + lx->pos;
	c = (unsigned char)s[0];
	if (c == '"') {
		if (lex_dquote(lx, t, err) == -1)
			return -1;
	} else if (c == '\'') {
		if (lex_squote(lx, t, err) == -1)
			return -1;
	} else if (is_digit((char)c)) {
		if (lex_number(lx, t, err) == -1)
			return -1;
	} else if (bare_byte(c) || (c == '.' && lx->pos + 1 < lx->len &&
	    (s[1] == '"' || bare_byte((unsigned char)s[1])))) {
		if (lex_word(lx, t, err) == -1)
			return -1;
	} else {
		for (i = 0; i < NELEM(ops); i++) {
			k = strlen(ops[i].text);
			if (lx->len - lx->pos >= k &&
			    memcmp(s, ops[i].text, k) == 0) {
				t->type = ops[i].type;
				t->len = k;
				break;
			}
		}
		if (i == NELEM(ops)) {
			if (c == '=')
				return err_set(err, lx->pos + 1,
				    "unexpected '=' (use '==' to compare)");
			if (c == '&')
				return err_set(err, lx->pos + 1,
				    "unexpected '&' (use '&&')");
			if (c == '|')
				return err_set(err, lx->pos + 1,
				    "unexpected '|' (use '||')");
			if (c >= 0x20 && c < 0x7f)
				return err_set(err, lx->pos + 1,
				    "unexpected '%c'", c);
			return err_set(err, lx->pos + 1,
			    "unexpected byte 0x%02x", c);
		}
	}
	lx->pos += t->len;
	return 0;
}

void
expr_tok_release(struct xtoken *t)
{
	free(t->str);
	path_free(t->path);
	memset(t, 0, sizeof(*t));
}

void
expr_tok_text(const struct xlexer *lx, const struct xtoken *t, char *buf,
    size_t size)
{
	size_t n = t->len;

	if (n > 24) {
		/* Cut on a character boundary. */
		n = 24;
		while (n > 0 && ((unsigned char)lx->src[t->off + n] & 0xc0) ==
		    0x80)
			n--;
		snprintf(buf, size, "%.*s...", (int)n, lx->src + t->off);
	} else
		snprintf(buf, size, "%.*s", (int)n, lx->src + t->off);
}
