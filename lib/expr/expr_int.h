/* SPDX-License-Identifier: MIT */
/* expr_int.h -- private to the expression modules: tokens, tree, arena. */
#ifndef SLUICE_EXPR_INT_H
#define SLUICE_EXPR_INT_H

#include <stddef.h>
#include <stdint.h>

#include "expr/expr.h"
#include "json/path.h"
#include "json/scan.h"
#include "regex/regex.h"
#include "core/strbuf.h"

/*
 * Deeper trees are refused at compile time, so that evaluation, which
 * recurses, has a bounded stack.
 */
#define EXPR_MAX_DEPTH	1000

/* Tokens (expr_lex.c). */
enum xtok {
	T_END = 0,
	T_NUM,
	T_STR,
	T_PATH,
	T_NAME,			/* a function name: a word followed by '(' */
	T_TRUE,
	T_FALSE,
	T_NULL,
	T_IN,
	T_LP,
	T_RP,
	T_LB,
	T_RB,
	T_COMMA,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_AND,
	T_OR,
	T_NOT,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_SLASH,
	T_PCT,
	T_MATCH,
	T_NMATCH
};

/*
 * One token.  off and len locate it in the source.  A T_STR owns its
 * decoded bytes (str, slen, NUL-terminated) and a T_PATH its path until
 * the parser takes them.  A T_NUM is in num; neg_ok says that its
 * negation is exact even where the number itself is not (2^63).
 */
struct xtoken {
	enum xtok	 type;
	size_t		 off;
	size_t		 len;
	struct xval	 num;
	int		 neg_ok;
	char		*str;
	size_t		 slen;
	struct path	*path;
};

struct xlexer {
	const char	*src;
	size_t		 len;
	size_t		 pos;
};

/*
 * Read the next token into *t.  Returns 0, or -1 with err->col (the
 * byte offset + 1; expr_compile turns it into a character column) and
 * err->msg set.
 */
int	expr_lex_next(struct xlexer *, struct xtoken *,
	    struct sluice_err *err);
/* Free what a token owns and make it T_END. */
void	expr_tok_release(struct xtoken *);
/* A printable excerpt of a token for messages ("unexpected '=='"). */
void	expr_tok_text(const struct xlexer *, const struct xtoken *,
	    char *buf, size_t size);

/* Operators of the tree. */
enum xop {
	OP_CONST = 0,
	OP_PATH,
	OP_ARRAY,
	OP_EXISTS,
	OP_PREV,
	OP_CALL,
	OP_NOT,
	OP_NEG,
	OP_AND,
	OP_OR,
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_MOD,
	OP_MATCH,
	OP_NMATCH,
	OP_IN,
	OP_NIN,
	OP_CAPTURE		/* capture(a, RE): a's first group, or match */
};

struct expr;
struct xnode;

/* A built-in function: its name, arity and body (expr_func.c). */
struct xfunc {
	const char	*name;
	int		 min;
	int		 max;		/* -1: no limit */
	void		(*fn)(struct expr *, const struct xval *, size_t,
			    struct xval *);
};

/*
 * A node.  a and b are the operands; kids are the elements of an array
 * literal or the arguments of a call, and argv (nkids of them) is where
 * their values go while the node is evaluated.  val is a constant (a
 * string or array text owned by the node, in own; for =~ and !~ the
 * regular expression's text, compiled in re).  path is the field of
 * OP_PATH and OP_EXISTS.  slot numbers prev() calls in source order.
 */
struct xnode {
	enum xop		 op;
	size_t			 off;
	int			 depth;
	struct xnode		*a;
	struct xnode		*b;
	struct xnode		**kids;
	size_t			 nkids;
	struct xval		*argv;
	const struct xfunc	*fn;
	struct xval		 val;
	char			*own;
	struct path		*path;
	struct rx		*re;		/* =~, !~, capture(): or NULL */
	size_t			 slot;
};

/*
 * Scratch memory for the values made during one evaluation: a list of
 * blocks, filled in turn and never moved, emptied (not freed) at the
 * start of each evaluation.
 */
struct xblock {
	struct xblock	*next;
	size_t		 cap;
	size_t		 used;
	char		 data[];
};

struct xarena {
	struct xblock	*head;
	struct xblock	*cur;
	size_t		 nblocks;
};

struct expr {
	char			*text;
	struct xnode		*root;
	size_t			 nprev;
	struct xnode		**prevs;	/* slot k -> its prev() node */
	struct xval		*cur;		/* nprev: scratch for expr_memo */
	struct xarena		 arena;
	struct strbuf		 tmp;		/* short-lived scratch text */
	struct expr_env		*env;		/* during expr_eval */
	const char		*fault;		/* why the last evaluation failed */
};

/* The function of that name, or NULL (expr_func.c). */
const struct xfunc *expr_func_find(const char *name, size_t len);
/* Free a tree (expr_parse.c). */
void	expr_node_free(struct xnode *);

/*
 * Values (expr_val.c), the layer under the lexer and the evaluator.
 * Scratch memory: expr_arena_alloc never fails (allocation failure
 * exits, as xmalloc does); reset empties every block for reuse,
 * release frees them.
 */
void	*expr_arena_alloc(struct xarena *, size_t n);
void	 expr_arena_reset(struct xarena *);
void	 expr_arena_release(struct xarena *);
/*
 * The number syntax of the language: digits, an optional fraction and
 * exponent.  Returns the bytes used (0 if there is no number at s) and
 * in *integer whether it is an integer.
 */
size_t	expr_number_len(const char *s, size_t n, int *integer);
/*
 * The value of s[0..n), which expr_number_len accepted, negated if neg
 * (a sign the caller stripped).  Integers that fit int64 stay exact.
 * neg_ok, if not NULL, is set to whether the negation of a too large
 * integer would fit (9223372036854775808).  Returns 0, or -1 if the
 * value is not finite.
 */
int	expr_number_value(const char *s, size_t n, int integer, int neg,
	    struct xval *out, int *neg_ok);
/*
 * Read a whole string as a number: exactly one JSON number (RFC 8259:
 * no blanks, no '+', no leading zero, no bare '.'), whose value is
 * finite; 1 and *out, or 0.
 */
int	expr_read_number(const char *s, size_t n, struct xval *out);
/* Append JSON text s[0..n) without the white space between tokens. */
void	expr_json_compact(struct strbuf *, const char *s, size_t n);
/* A value of a type, all else zero. */
void	xval_set(struct xval *, enum xtype);
void	xval_set_bool(struct xval *, int);
void	xval_set_int(struct xval *, int64_t);
/* A real; one that is not finite (inf, nan) makes null. */
void	xval_set_real(struct xval *, double);
/* A string value holding a copy of s[0..n) in the arena; returns it. */
char	*expr_str_copy(struct expr *, struct xval *, const char *s,
	    size_t n);
/* The value of a JSON view: borrowed, or decoded into the arena. */
void	expr_from_jval(struct expr *, const struct jval *, struct xval *);
/* A JSON view of an XT_ARRAY or XT_OBJECT value. */
void	expr_to_jval(const struct xval *, struct jval *);
/* A number, or a string that reads as one: 1 and *num, else 0. */
int	expr_as_number(const struct xval *, struct xval *num);

/*
 * Comparison (expr_eval.c).  The order of two values for < <= > >=:
 * -1, 0, 1, or EXPR_UNORDERED (never a valid order: a null, a boolean,
 * mixed types).  expr_equal is 1 if they are == (equal elements, for
 * arrays and objects).
 */
#define EXPR_UNORDERED	2
int	expr_order(const struct xval *, const struct xval *);
int	expr_equal(struct expr *, const struct xval *, const struct xval *);

#endif
