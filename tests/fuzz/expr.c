/* SPDX-License-Identifier: MIT */
/* expr.c -- fuzz the expression language: compile, then evaluate on records. */
#include "expr/expr.h"
#include "fuzz.h"
#include "json/record.h"
#include "json/scan.h"

/*
 * Input: an expression, then a NUL or newline, then NDJSON records.
 * An expression that compiles is evaluated on each record in turn (a
 * line that is no record: on no record), prev() reading the record
 * before, as alert and validate do.  Every result, subject and memo of
 * prev() values must be valid JSON as xval_to_json() writes it, and
 * the memo must read back (as --state does).
 */

static void
check_json(const struct strbuf *sb)
{
	struct sluice_err e;
	struct jval v;

	FUZZ_ASSERT(scan_document(sb->buf, sb->len, &v, &e) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record rec = RECORD_INIT;
	struct expr_memo memo, back;
	struct strbuf sb = STRBUF_INIT;
	struct sluice_err e;
	struct expr *x;
	struct expr_env env;
	struct xval out, subj;
	struct jval arr;
	const char *src, *p, *end, *line;
	size_t sn, rn, len;
	char *csrc, *own = NULL;
	int truth, ok;

	fuzz_split(data, size, &src, &sn, &p, &rn);
	end = p + rn;
	csrc = fuzz_str(src, sn);
	x = expr_compile(csrc, &e);
	free(csrc);
	if (x == NULL) {
		FUZZ_ASSERT(e.col >= 1);
		return 0;
	}
	expr_memo_init(&memo, x);
	FUZZ_ASSERT(memo.n == expr_nprev(x));
	while (fuzz_next_line(&p, end, &own, &line, &len)) {
		ok = record_parse(&rec, line, len, &e) == 0;
		truth = expr_memo_eval(x, ok ? &rec : NULL, &memo, &out);
		FUZZ_ASSERT(truth == xval_truthy(&out));
		strbuf_reset(&sb);
		xval_to_json(&out, &sb);
		check_json(&sb);
		(void)expr_fault(x);
		env.rec = ok ? &rec : NULL;
		env.prev = memo.prev;
		env.cur = NULL;
		(void)expr_eval_subject(x, &env, &subj);
		(void)expr_test(x, &env);
		strbuf_reset(&sb);
		expr_memo_write(&memo, &sb);
		check_json(&sb);
		FUZZ_ASSERT(scan_document(sb.buf, sb.len, &arr, &e) == 0);
		expr_memo_init(&back, x);
		FUZZ_ASSERT(expr_memo_read(&back, x, &arr) == 0);
		expr_memo_release(&back);
	}
	/* No record at all: every field missing. */
	(void)expr_memo_eval(x, NULL, &memo, &out);
	fuzz_line_done(&own);
	expr_memo_release(&memo);
	record_release(&rec);
	strbuf_release(&sb);
	expr_free(x);
	return 0;
}
