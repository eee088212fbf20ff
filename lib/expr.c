/* SPDX-License-Identifier: MIT */
/* expr.c -- placeholder until the evaluator lands. */
#include "expr.h"
struct expr { int unused; };
struct expr *expr_compile(const char *s, struct sluice_err *e) { (void)s; err_set(e, 1, "expressions are not implemented yet"); return NULL; }
size_t expr_nprev(const struct expr *x) { (void)x; return 0; }
void expr_eval(struct expr *x, struct expr_env *env, struct xval *out) { (void)x; (void)env; out->type = XT_NULL; }
int expr_test(struct expr *x, struct expr_env *env) { (void)x; (void)env; return 0; }
const char *expr_text(const struct expr *x) { (void)x; return ""; }
void expr_free(struct expr *x) { (void)x; }
int xval_truthy(const struct xval *v) { return v->type != XT_NULL && !(v->type == XT_BOOL && !v->b); }
void xval_to_json(const struct xval *v, struct strbuf *sb) { (void)v; strbuf_addstr(sb, "null"); }
void xval_copy(struct xval *d, const struct xval *s) { *d = *s; }
void xval_free(struct xval *v) { (void)v; }
