/* SPDX-License-Identifier: MIT */
/* expr_parse.c -- compile an expression: recursive descent into a tree. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"
#include "json/jsonw.h"

struct parser {
	struct xlexer		 lx;
	struct xtoken		 tok;		/* the current token */
	struct sluice_err	*err;
	int			 failed;
	size_t			 nprev;
	int			 depth;		/* of nested parentheses */
};

/* Record the first error, at byte offset off. */
static void PRINTFLIKE(3, 4)
perr(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	if (p->err == NULL)
		return;
	p->err->line = 1;
	p->err->col = off + 1;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
}

static void
advance(struct parser *p)
{
	struct sluice_err e;

	expr_tok_release(&p->tok);
	if (p->failed)
		return;
	if (expr_lex_next(&p->lx, &p->tok, &e) == -1) {
		perr(p, e.col - 1, "%s", e.msg);
		p->tok.type = T_END;
	}
}

/* "unexpected 'x'" or "unexpected end of expression" at the token. */
static void
unexpected(struct parser *p)
{
	char buf[40];

	if (p->tok.type == T_END) {
		perr(p, p->tok.off, "unexpected end of expression");
		return;
	}
	expr_tok_text(&p->lx, &p->tok, buf, sizeof(buf));
	perr(p, p->tok.off, "unexpected '%s'", buf);
}

static struct xnode *
node_new(enum xop op, size_t off)
{
	struct xnode *n;

	n = xcalloc(1, sizeof(*n));
	n->op = op;
	n->off = off;
	n->depth = 1;
	return n;
}

/* A node over operands a and b (b may be NULL); NULL if too deep. */
static struct xnode *
node_bin(struct parser *p, enum xop op, size_t off, struct xnode *a,
    struct xnode *b)
{
	struct xnode *n;

	n = node_new(op, off);
	n->a = a;
	n->b = b;
	n->depth = a->depth + 1;
	if (b != NULL && b->depth >= n->depth)
		n->depth = b->depth + 1;
	if (n->depth > EXPR_MAX_DEPTH) {
		perr(p, off, "expression nested too deeply");
		expr_node_free(n);
		return NULL;
	}
	return n;
}

void
expr_node_free(struct xnode *n)
{
	size_t i;

	if (n == NULL)
		return;
	expr_node_free(n->a);
	expr_node_free(n->b);
	for (i = 0; i < n->nkids; i++)
		expr_node_free(n->kids[i]);
	free(n->kids);
	free(n->argv);
	free(n->own);
	path_free(n->path);
	rx_free(n->re);
	free(n);
}

enum { L_OR, L_AND, L_SUM, L_PROD };

static struct xnode	*parse_level(struct parser *, int);
static struct xnode	*parse_cmp(struct parser *);

/*
 * A list of expressions up to the closing token close (after the
 * opening one): the elements of an array or the arguments of a call.
 */
static int
parse_list(struct parser *p, struct xnode *n, enum xtok close,
    const char *what)
{
	struct xnode *k;

	if (p->tok.type == close) {
		advance(p);
		return 0;
	}
	for (;;) {
		if ((k = parse_level(p, L_OR)) == NULL)
			return -1;
		n->kids = xreallocarray(n->kids, n->nkids + 1,
		    sizeof(*n->kids));
		n->kids[n->nkids++] = k;
		if (k->depth >= n->depth)
			n->depth = k->depth + 1;
		if (p->tok.type == T_COMMA) {
			advance(p);
			continue;
		}
		if (p->tok.type != close) {
			perr(p, p->tok.off, "%s", what);
			return -1;
		}
		advance(p);
		break;
	}
	if (n->depth > EXPR_MAX_DEPTH) {
		perr(p, n->off, "expression nested too deeply");
		return -1;
	}
	n->argv = xcalloc(n->nkids, sizeof(*n->argv));
	return 0;
}

/* An array literal whose elements are all constants is one constant. */
static void
fold_array(struct xnode *n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n->nkids; i++)
		if (n->kids[i]->op != OP_CONST)
			return;
	strbuf_addch(&sb, '[');
	for (i = 0; i < n->nkids; i++) {
		if (i > 0)
			strbuf_addch(&sb, ',');
		xval_to_json(&n->kids[i]->val, &sb);
	}
	strbuf_addch(&sb, ']');
	xval_set(&n->val, XT_ARRAY);
	n->val.n = sb.len;
	n->own = strbuf_detach(&sb, NULL);
	n->val.s = n->own;
	n->op = OP_CONST;
}

static int	compile_re(struct parser *, struct xnode *, const char *,
		    size_t, size_t);

static struct xnode *
parse_call(struct parser *p)
{
	const struct xfunc *f;
	struct xnode *n;
	size_t off = p->tok.off, len = p->tok.len;
	const char *name = p->lx.src + off;
	int nargs;

	if ((f = expr_func_find(name, len)) == NULL &&
	    !(len == 6 && memcmp(name, "exists", 6) == 0) &&
	    !(len == 7 && memcmp(name, "capture", 7) == 0) &&
	    !(len == 4 && memcmp(name, "prev", 4) == 0)) {
		perr(p, off, "unknown function '%.*s'", (int)len, name);
		return NULL;
	}
	if (f != NULL) {
		n = node_new(OP_CALL, off);
		n->fn = f;
	} else if (name[0] == 'e')
		n = node_new(OP_EXISTS, off);
	else if (name[0] == 'c')
		n = node_new(OP_CAPTURE, off);
	else {
		n = node_new(OP_PREV, off);
		n->slot = p->nprev++;	/* numbered in source order */
	}
	advance(p);		/* the name */
	advance(p);		/* '(' */
	if (++p->depth > EXPR_MAX_DEPTH) {
		perr(p, off, "expression nested too deeply");
		goto fail;
	}
	if (parse_list(p, n, T_RP, "expected ')'") == -1)
		goto fail;
	p->depth--;
	nargs = (int)n->nkids;
	if (n->op == OP_CALL && (nargs < f->min || (f->max >= 0 &&
	    nargs > f->max))) {
		if (f->max < 0)
			perr(p, off, "%s() takes at least %d argument%s",
			    f->name, f->min, f->min == 1 ? "" : "s");
		else if (f->min == f->max)
			perr(p, off, "%s() takes %d argument%s", f->name,
			    f->min, f->min == 1 ? "" : "s");
		else
			perr(p, off, "%s() takes %d to %d arguments",
			    f->name, f->min, f->max);
		goto fail;
	}
	if (n->op == OP_CAPTURE) {
		if (nargs != 2) {
			perr(p, off, "capture() takes 2 arguments");
			goto fail;
		}
		if (n->kids[1]->op != OP_CONST ||
		    n->kids[1]->val.type != XT_STR) {
			perr(p, n->kids[1]->off, "capture() needs a string "
			    "literal as its regular expression");
			goto fail;
		}
		if (compile_re(p, n, n->kids[1]->own, n->kids[1]->val.n,
		    n->kids[1]->off) == -1)
			goto fail;
		n->a = n->kids[0];
		expr_node_free(n->kids[1]);
		n->nkids = 0;
		free(n->kids);
		n->kids = NULL;
		free(n->argv);
		n->argv = NULL;
		return n;
	}
	if (n->op != OP_CALL && nargs != 1) {
		perr(p, off, "%s() takes 1 argument",
		    n->op == OP_EXISTS ? "exists" : "prev");
		goto fail;
	}
	if (n->op == OP_EXISTS) {
		if (n->kids[0]->op != OP_PATH) {
			perr(p, n->kids[0]->off,
			    "exists() needs a field path");
			goto fail;
		}
		n->path = n->kids[0]->path;
		n->kids[0]->path = NULL;
	}
	if (n->op == OP_PREV) {
		n->a = n->kids[0];
		n->nkids = 0;
		free(n->kids);
		n->kids = NULL;
		free(n->argv);
		n->argv = NULL;
	}
	return n;
fail:
	expr_node_free(n);
	return NULL;
}

static struct xnode *
parse_primary(struct parser *p)
{
	struct xnode *n;
	size_t off = p->tok.off;

	switch (p->tok.type) {
	case T_NUM:
		n = node_new(OP_CONST, off);
		n->val = p->tok.num;
		advance(p);
		return n;
	case T_STR:
		n = node_new(OP_CONST, off);
		xval_set(&n->val, XT_STR);
		n->own = p->tok.str;
		n->val.s = n->own;
		n->val.n = p->tok.slen;
		p->tok.str = NULL;
		advance(p);
		return n;
	case T_TRUE:
	case T_FALSE:
		n = node_new(OP_CONST, off);
		xval_set_bool(&n->val, p->tok.type == T_TRUE);
		advance(p);
		return n;
	case T_NULL:
		n = node_new(OP_CONST, off);
		xval_set(&n->val, XT_NULL);
		advance(p);
		return n;
	case T_PATH:
		n = node_new(OP_PATH, off);
		n->path = p->tok.path;
		p->tok.path = NULL;
		advance(p);
		return n;
	case T_NAME:
		return parse_call(p);
	case T_LB:
		n = node_new(OP_ARRAY, off);
		advance(p);
		if (++p->depth > EXPR_MAX_DEPTH) {
			perr(p, off, "expression nested too deeply");
			expr_node_free(n);
			return NULL;
		}
		if (parse_list(p, n, T_RB, "expected ',' or ']'") == -1) {
			expr_node_free(n);
			return NULL;
		}
		p->depth--;
		fold_array(n);
		return n;
	case T_LP:
		advance(p);
		if (++p->depth > EXPR_MAX_DEPTH) {
			perr(p, off, "expression nested too deeply");
			return NULL;
		}
		if ((n = parse_level(p, L_OR)) == NULL)
			return NULL;
		if (p->tok.type != T_RP) {
			perr(p, p->tok.off, "expected ')'");
			expr_node_free(n);
			return NULL;
		}
		p->depth--;
		advance(p);
		return n;
	default:
		unexpected(p);
		return NULL;
	}
}

/* Fold a constant operand of unary minus. */
static int
fold_neg(struct xnode *n)
{
	struct xval *v = &n->val;

	if (n->op != OP_CONST || v->type != XT_NUM)
		return 0;
	if (v->is_int && v->i != INT64_MIN)
		xval_set_int(v, -v->i);
	else
		xval_set_real(v, -v->d);
	return 1;
}

static struct xnode *
parse_unary(struct parser *p)
{
	struct xnode *n;
	size_t off = p->tok.off;
	enum xtok t = p->tok.type;

	if (t != T_NOT && t != T_MINUS)
		return parse_primary(p);
	advance(p);
	if (++p->depth > EXPR_MAX_DEPTH) {
		perr(p, off, "expression nested too deeply");
		return NULL;
	}
	if (t == T_MINUS && p->tok.type == T_NUM && p->tok.neg_ok) {
		/* -9223372036854775808 is an int64. */
		n = node_new(OP_CONST, off);
		xval_set_int(&n->val, INT64_MIN);
		advance(p);
		p->depth--;
		return n;
	}
	if ((n = parse_unary(p)) == NULL)
		return NULL;
	p->depth--;
	if (t == T_MINUS && fold_neg(n)) {
		n->off = off;
		return n;
	}
	return node_bin(p, t == T_NOT ? OP_NOT : OP_NEG, off, n, NULL);
}

/* The regular expression after =~ or !~, compiled into n. */
/*
 * Compile the regular expression src[0..n) (PCRE2, regex.h) into n->re.
 * An error points at the string literal (off) and says where in the
 * pattern it is.
 */
static int
compile_re(struct parser *p, struct xnode *n, const char *src, size_t len,
    size_t off)
{
	struct sluice_err err;

	if ((n->re = rx_compile(src, len, RX_PCRE, &err)) == NULL) {
		perr(p, off, "bad regular expression: %s (at character %zu "
		    "of the pattern)", err.msg, err.col);
		return -1;
	}
	return 0;
}

static int
parse_regex(struct parser *p, struct xnode *n, const char *opname)
{
	if (p->tok.type == T_END) {
		unexpected(p);
		return -1;
	}
	if (p->tok.type != T_STR) {
		perr(p, p->tok.off, "%s needs a string literal on its right",
		    opname);
		return -1;
	}
	if (compile_re(p, n, p->tok.str, p->tok.slen, p->tok.off) == -1)
		return -1;
	n->own = p->tok.str;
	p->tok.str = NULL;
	xval_set(&n->val, XT_STR);
	n->val.s = n->own;
	n->val.n = p->tok.slen;
	advance(p);
	return 0;
}

static struct xnode *
parse_cmp(struct parser *p)
{
	struct xnode *a, *b, *n;
	enum xop op;
	size_t off;

	if ((a = parse_level(p, L_SUM)) == NULL)
		return NULL;
	off = p->tok.off;
	switch (p->tok.type) {
	case T_EQ: op = OP_EQ; break;
	case T_NE: op = OP_NE; break;
	case T_LT: op = OP_LT; break;
	case T_LE: op = OP_LE; break;
	case T_GT: op = OP_GT; break;
	case T_GE: op = OP_GE; break;
	case T_IN: op = OP_IN; break;
	case T_MATCH: op = OP_MATCH; break;
	case T_NMATCH: op = OP_NMATCH; break;
	case T_NOT:
		advance(p);
		if (p->tok.type != T_IN) {
			perr(p, p->tok.off, "expected 'in' after '!'");
			expr_node_free(a);
			return NULL;
		}
		op = OP_NIN;
		break;
	default:
		return a;
	}
	advance(p);
	if (op == OP_MATCH || op == OP_NMATCH) {
		if ((n = node_bin(p, op, off, a, NULL)) == NULL)
			return NULL;
		if (parse_regex(p, n, op == OP_MATCH ? "=~" : "!~") == -1) {
			expr_node_free(n);
			return NULL;
		}
		return n;
	}
	if ((b = parse_level(p, L_SUM)) == NULL) {
		expr_node_free(a);
		return NULL;
	}
	return node_bin(p, op, off, a, b);
}

/*
 * The left-associative binary levels, loosest first.  Each joins
 * operands of the next one; comparisons, which do not chain, sit
 * between && and +.
 */
static struct xnode *
parse_operand(struct parser *p, int level)
{
	switch (level) {
	case L_OR:
		return parse_level(p, L_AND);
	case L_AND:
		return parse_cmp(p);
	case L_SUM:
		return parse_level(p, L_PROD);
	default:
		return parse_unary(p);
	}
}

/* The operator token t stands for at a level, or OP_CONST if none. */
static enum xop
level_op(int level, enum xtok t)
{
	switch (level) {
	case L_OR:
		return t == T_OR ? OP_OR : OP_CONST;
	case L_AND:
		return t == T_AND ? OP_AND : OP_CONST;
	case L_SUM:
		return t == T_PLUS ? OP_ADD : t == T_MINUS ? OP_SUB :
		    OP_CONST;
	default:
		return t == T_STAR ? OP_MUL : t == T_SLASH ? OP_DIV :
		    t == T_PCT ? OP_MOD : OP_CONST;
	}
}

static struct xnode *
parse_level(struct parser *p, int level)
{
	struct xnode *a, *b;
	enum xop op;
	size_t off;

	if ((a = parse_operand(p, level)) == NULL)
		return NULL;
	while ((op = level_op(level, p->tok.type)) != OP_CONST) {
		off = p->tok.off;
		advance(p);
		if ((b = parse_operand(p, level)) == NULL) {
			expr_node_free(a);
			return NULL;
		}
		/* node_bin frees both on failure. */
		if ((a = node_bin(p, op, off, a, b)) == NULL)
			return NULL;
	}
	return a;
}

/* Note each prev() node in its slot. */
static void
collect_prevs(struct expr *e, struct xnode *n)
{
	size_t i;

	if (n == NULL)
		return;
	if (n->op == OP_PREV)
		e->prevs[n->slot] = n;
	collect_prevs(e, n->a);
	collect_prevs(e, n->b);
	for (i = 0; i < n->nkids; i++)
		collect_prevs(e, n->kids[i]);
}

/* Byte column (1-based) to character column. */
static size_t
char_col(const char *s, size_t len, size_t col)
{
	size_t i, c = 1;

	for (i = 0; i + 1 < col && i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c + (col - 1 > len ? col - 1 - len : 0);
}

struct expr *
expr_compile(const char *src, struct sluice_err *err)
{
	struct parser p;
	struct expr *e;
	struct xnode *root;

	memset(&p, 0, sizeof(p));
	p.lx.src = src;
	p.lx.len = strlen(src);
	p.err = err;
	advance(&p);
	if (p.tok.type == T_END && !p.failed) {
		perr(&p, p.tok.off, "empty expression");
		root = NULL;
	} else if ((root = parse_level(&p, L_OR)) != NULL && p.tok.type != T_END) {
		unexpected(&p);
		expr_node_free(root);
		root = NULL;
	}
	expr_tok_release(&p.tok);
	if (root == NULL || p.failed) {
		expr_node_free(root);
		if (err != NULL)
			err->col = char_col(src, p.lx.len, err->col);
		return NULL;
	}
	e = xcalloc(1, sizeof(*e));
	e->text = xstrdup(src);
	e->root = root;
	e->nprev = p.nprev;
	if (e->nprev > 0) {
		e->prevs = xcalloc(e->nprev, sizeof(*e->prevs));
		e->cur = xcalloc(e->nprev, sizeof(*e->cur));
		collect_prevs(e, root);
	}
	return e;
}

size_t
expr_nprev(const struct expr *e)
{
	return e->nprev;
}

const char *
expr_text(const struct expr *e)
{
	return e->text;
}

void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	expr_node_free(e->root);
	free(e->prevs);
	free(e->cur);
	free(e->text);
	expr_arena_release(&e->arena);
	strbuf_release(&e->tmp);
	free(e);
}
