/* SPDX-License-Identifier: MIT */
/* regex.c -- PCRE2 behind the small interface of regex.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdio.h>
#include <string.h>

#include "core/bytes.h"
#include "regex/regex.h"

struct rx {
	pcre2_code		*code;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;	/* NULL without the JIT */
	int			 jit;		/* the JIT compiled the code */
	char			*text;
	size_t			 ngroups;
	size_t			 nnames;
	char			**names;	/* by group number order */
	size_t			*name_group;
	char			 why[160];
};

/* The JIT's stack grows from 32 KiB up to this, as a match needs. */
#define RX_JIT_STACK_MAX	(1024 * 1024)

static uint32_t
dialect_options(enum rx_dialect d)
{
	if (d == RX_ECMA)
		return PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX |
		    PCRE2_ALLOW_EMPTY_CLASS | PCRE2_MATCH_UNSET_BACKREF;
	return PCRE2_UTF | PCRE2_UCP;
}

/* The named groups, sorted by group number (the name table is by name). */
static void
read_names(struct rx *rx)
{
	uint32_t count = 0, size = 0, i, j;
	PCRE2_SPTR table = NULL;

	pcre2_pattern_info(rx->code, PCRE2_INFO_NAMECOUNT, &count);
	if (count == 0)
		return;
	pcre2_pattern_info(rx->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(rx->code, PCRE2_INFO_NAMETABLE, &table);
	rx->names = xcalloc(count, sizeof(*rx->names));
	rx->name_group = xcalloc(count, sizeof(*rx->name_group));
	for (i = 0; i < count; i++) {
		const unsigned char *e = table + (size_t)i * size;
		size_t g = ((size_t)e[0] << 8) | e[1];
		char *name = xstrdup((const char *)e + 2);

		for (j = i; j > 0 && rx->name_group[j - 1] > g; j--) {
			rx->names[j] = rx->names[j - 1];
			rx->name_group[j] = rx->name_group[j - 1];
		}
		rx->names[j] = name;
		rx->name_group[j] = g;
	}
	rx->nnames = count;
}

struct rx *
rx_compile(const char *pat, size_t n, enum rx_dialect d,
    struct sluice_err *err)
{
	pcre2_compile_context *cctx;
	struct rx *rx;
	PCRE2_SIZE erroff;
	PCRE2_UCHAR msg[120];
	uint32_t ng = 0;
	int rc;

	cctx = pcre2_compile_context_create(NULL);
	if (cctx == NULL) {
		err_set(err, 0, "out of memory compiling a regular expression");
		return NULL;
	}
	if (d == RX_ECMA)
		pcre2_set_compile_extra_options(cctx, PCRE2_EXTRA_ALT_BSUX);
	rx = xcalloc(1, sizeof(*rx));
	rx->code = pcre2_compile((PCRE2_SPTR)pat, n, dialect_options(d), &rc,
	    &erroff, cctx);
	pcre2_compile_context_free(cctx);
	if (rx->code == NULL) {
		pcre2_get_error_message(rc, msg, sizeof(msg));
		err_set(err, bytes_utf8_chars(pat, erroff > n ? n : erroff) + 1,
		    "%s", (const char *)msg);
		free(rx);
		return NULL;
	}
	rx->text = xstrndup(pat, n);
	rx->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
	rx->mctx = pcre2_match_context_create(NULL);
	if (rx->md == NULL || rx->mctx == NULL) {
		rx_free(rx);
		err_set(err, 0, "out of memory compiling a regular expression");
		return NULL;
	}
	pcre2_set_match_limit(rx->mctx, RX_MATCH_LIMIT);
	pcre2_set_heap_limit(rx->mctx, RX_HEAP_LIMIT_KB);
	if (pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0) {
		rx->jit = 1;
		rx->jstack = pcre2_jit_stack_create(32 * 1024,
		    RX_JIT_STACK_MAX, NULL);
		if (rx->jstack != NULL)
			pcre2_jit_stack_assign(rx->mctx, NULL, rx->jstack);
	}
	pcre2_pattern_info(rx->code, PCRE2_INFO_CAPTURECOUNT, &ng);
	rx->ngroups = ng;
	read_names(rx);
	return rx;
}

/* The answer of rx_match for PCRE2's return code rc. */
static int
answer(struct rx *rx, int rc)
{
	PCRE2_UCHAR msg[120];

	rx->why[0] = '\0';
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
		pcre2_get_error_message(rc, msg, sizeof(msg));
		snprintf(rx->why, sizeof(rx->why), "invalid UTF-8 at byte %zu: %s",
		    (size_t)pcre2_get_startchar(rx->md), (const char *)msg);
		return -1;
	}
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
		snprintf(rx->why, sizeof(rx->why), "regular expression: match "
		    "limit of %d steps exceeded", RX_MATCH_LIMIT);
		return -1;
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		snprintf(rx->why, sizeof(rx->why), "regular expression: "
		    "memory limit exceeded");
		return -1;
	}
	pcre2_get_error_message(rc, msg, sizeof(msg));
	snprintf(rx->why, sizeof(rx->why), "regular expression: %s",
	    (const char *)msg);
	return -1;
}

int
rx_match(struct rx *rx, const char *s, size_t n)
{
	return answer(rx, pcre2_match(rx->code, (PCRE2_SPTR)(n ? s : ""), n,
	    0, 0, rx->md, rx->mctx));
}

int
rx_match_utf8(struct rx *rx, const char *s, size_t n)
{
	PCRE2_SPTR p = (PCRE2_SPTR)(n ? s : "");

	if (rx->jit)
		return answer(rx, pcre2_jit_match(rx->code, p, n, 0, 0, rx->md,
		    rx->mctx));
	return answer(rx, pcre2_match(rx->code, p, n, 0, PCRE2_NO_UTF_CHECK,
	    rx->md, rx->mctx));
}

const char *
rx_why(const struct rx *rx)
{
	return rx->why;
}

size_t
rx_ngroups(const struct rx *rx)
{
	return rx->ngroups;
}

int
rx_group(const struct rx *rx, size_t k, size_t *off, size_t *len)
{
	PCRE2_SIZE *ov;

	if (k > rx->ngroups || k >= pcre2_get_ovector_count(rx->md))
		return 0;
	ov = pcre2_get_ovector_pointer(rx->md);
	if (ov[2 * k] == PCRE2_UNSET || ov[2 * k + 1] < ov[2 * k])
		return 0;
	*off = ov[2 * k];
	*len = ov[2 * k + 1] - ov[2 * k];
	return 1;
}

size_t
rx_nnames(const struct rx *rx)
{
	return rx->nnames;
}

const char *
rx_name(const struct rx *rx, size_t i, size_t *group)
{
	if (group != NULL)
		*group = rx->name_group[i];
	return rx->names[i];
}

const char *
rx_text(const struct rx *rx)
{
	return rx->text;
}

void
rx_free(struct rx *rx)
{
	size_t i;

	if (rx == NULL)
		return;
	for (i = 0; i < rx->nnames; i++)
		free(rx->names[i]);
	free(rx->names);
	free(rx->name_group);
	pcre2_jit_stack_free(rx->jstack);
	pcre2_match_context_free(rx->mctx);
	pcre2_match_data_free(rx->md);
	pcre2_code_free(rx->code);
	free(rx->text);
	free(rx);
}
