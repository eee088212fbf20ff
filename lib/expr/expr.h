/* SPDX-License-Identifier: MIT */
/* expr.h -- the expression language of --rule, --where and alert rules. */
#ifndef SLUICE_EXPR_H
#define SLUICE_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "core/strbuf.h"
#include "json/record.h"
#include "json/scan.h"

/*
 * Grammar (lowest precedence first; see sluice(7)):
 *
 *	expr    := or
 *	or      := and ( "||" and )*
 *	and     := cmp ( "&&" cmp )*
 *	cmp     := sum [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum
 *	                | ( "=~" | "!~" ) STRING
 *	                | [ "!" ] "in" sum ]
 *	sum     := prod ( ( "+" | "-" ) prod )*
 *	prod    := unary ( ( "*" | "/" | "%" ) unary )*
 *	unary   := ( "!" | "-" ) unary | primary
 *	primary := NUMBER | STRING | "true" | "false" | "null"
 *	         | "[" [ expr ( "," expr )* ] "]"
 *	         | NAME "(" [ expr ( "," expr )* ] ")"
 *	         | PATH | "(" expr ")"
 *
 * STRING is "..." (JSON escapes) or '...'; PATH is a field path in
 * PATH_EXPR mode (path.h): user.id, @window.start, tags[0], ."odd key".
 * A missing field is null.  Values are compared as jq users expect:
 * a number and a string that reads fully as a number compare as
 * numbers; strings compare bytewise; null equals only null and orders
 * before nothing (every <, <=, >, >= with a null is false).  Arithmetic
 * on a non-number (after reading numeric strings) or division by zero
 * is null.  A value is true unless it is false or null (as in jq).
 *
 * More precisely: <, <=, >, >= order two numbers, or two strings, or a
 * number and a numeric string; any other pair is false.  == is false
 * across types (but number and numeric string), arrays and objects are
 * equal element by element.  Integers that fit int64 stay exact (int64
 * + - * / %, falling back to doubles on overflow); a result that is not
 * finite is null.  + joins two strings or two arrays.  && and || return
 * true or false.  x in [..] and x in FIELD test membership with ==
 * (x in OBJECT tests for a key).  =~ and !~ match strings, and numbers
 * as str() writes them, with PCRE2 (regex.h: UTF-8 code points, Unicode
 * classes, NUL a character) whatever the process's locale; other values
 * do not match (!~ is true).  A match that reaches a limit is null and
 * leaves its reason in expr_fault().  The functions are listed in
 * sluice(7).
 */

enum xtype {
	XT_NULL = 0,
	XT_BOOL,
	XT_NUM,
	XT_STR,
	XT_ARRAY,		/* raw JSON text in s, n */
	XT_OBJECT		/* raw JSON text in s, n */
};

/*
 * A value during evaluation.  Strings and raw JSON point into the
 * record or into the evaluator's scratch memory: they are valid until
 * the next expr_eval() on the same expression.  Numbers are doubles;
 * is_int says the number is an integer held exactly in i.
 */
struct xval {
	enum xtype	 type;
	int		 b;
	int		 is_int;
	int64_t		 i;
	double		 d;
	const char	*s;
	size_t		 n;
};

/*
 * What an evaluation sees: the record, and for prev() the values of
 * each prev(...) argument at the previous evaluation (prev[k] for the
 * k-th prev call in the text, XT_NULL the first time).  After the
 * evaluation cur[k] holds this evaluation's values (valid until the
 * next expr_eval, as above); the caller keeps copies for next time.
 * prev and cur may be NULL when the expression has no prev().
 */
struct expr_env {
	struct record		*rec;
	const struct xval	*prev;
	struct xval		*cur;
};

struct expr;

/*
 * Compile src once.  Returns the expression, or NULL with err->col (the
 * 1-based column, counted in characters) and err->msg ("expected ')'",
 * "unknown function 'lenght'", "=~ needs a string literal on its right")
 * set.  Regular expressions (PCRE2) are compiled here too.  The
 * caller formats "validate: rule 2, column 14: expected ')'".
 */
struct expr	*expr_compile(const char *src, struct sluice_err *err);
/* How many prev() calls the expression holds (the size of prev/cur). */
size_t		 expr_nprev(const struct expr *);
/*
 * Evaluate; the result goes to *out.  Never fails at run time: a bad
 * operand makes null.  Does not allocate on the common path: strings
 * are borrowed from the record, or made in scratch memory that is kept
 * from one evaluation to the next.  env must not be NULL; env->rec may
 * be (then every field is missing).  Every prev() argument is evaluated
 * each time, even where && or || skip the prev() call, so env->cur is
 * always complete.  *out, like env->cur, is valid until the next
 * expr_eval() or until the record changes.
 */
void		 expr_eval(struct expr *, struct expr_env *, struct xval *out);
/*
 * The value an alert reports: the subject of the expression, the left
 * operand of its first comparison looking through !, && and || from
 * the left (count, for "count > 100 && host != 'x'").  Evaluate it
 * right after expr_eval() of the same expression; prev() in it reads
 * env->prev.  Returns 1, or 0 and null if there is no comparison.
 */
int		 expr_eval_subject(struct expr *, struct expr_env *,
		    struct xval *out);
/* Evaluate and test: 1 if the result is true (not false or null). */
int		 expr_test(struct expr *, struct expr_env *);
/*
 * Why the last evaluation could not be completed, or NULL: a regular
 * expression's match reached a limit or met invalid UTF-8 (its =~ or
 * capture() was then null).  The text (owned by e) is valid until the
 * next evaluation.  A caller counts the record as an error, with this.
 */
const char	*expr_fault(const struct expr *);
/* The source text the expression was compiled from. */
const char	*expr_text(const struct expr *);
void		 expr_free(struct expr *);

/*
 * The values of an expression's prev() calls, kept from one evaluation
 * to the next: one memo per sequence of records the expression reads
 * (a rule; a rule and group).  Empty (no allocation) for an expression
 * without prev().
 */
struct expr_memo {
	struct xval	*prev;		/* n values, XT_NULL at first */
	struct xval	*old;		/* the values before, while a result
					   given out may point into them */
	size_t		 n;
};

/* Set m up for e (every prev() null); release with expr_memo_release(). */
void		 expr_memo_init(struct expr_memo *m, const struct expr *e);
/*
 * Evaluate e on rec, prev() reading m, then keep this evaluation's
 * values in m for the next one.  *out is as for expr_eval(), valid
 * until the next call with m (a prev() result included); out may be
 * NULL.  Returns whether the result is true (not false or null).
 */
int		 expr_memo_eval(struct expr *e, struct record *rec,
		    struct expr_memo *m, struct xval *out);
void		 expr_memo_release(struct expr_memo *m);
/* Append m's values as a JSON array to sb (for --state). */
void		 expr_memo_write(const struct expr_memo *m, struct strbuf *sb);
/*
 * Take m's values back, for e, from a JSON array written by
 * expr_memo_write(): 0, or -1 when arr is not an array of m->n values.
 */
int		 expr_memo_read(struct expr_memo *m, struct expr *e,
		    const struct jval *arr);

/* Whether a value is true (not false or null). */
int		 xval_truthy(const struct xval *);
/* Append a value as JSON text (strings quoted, numbers shortest). */
void		 xval_to_json(const struct xval *, struct strbuf *);
/*
 * Deep copy into owned memory (for prev values); xval_free releases it.
 * dst is overwritten, not freed first.  xval_free takes only values made
 * by xval_copy or zeroed ones (XT_NULL), and leaves an XT_NULL.
 */
void		 xval_copy(struct xval *dst, const struct xval *src);
void		 xval_free(struct xval *);

#endif
