/* SPDX-License-Identifier: MIT */
/* logfmt.c -- placeholder. */
#include "logfmt.h"
#include "logparse.h"
int logfmt_line(const char *l, size_t n, struct fieldlist *f, struct sluice_err *e) { (void)l; (void)n; (void)f; return err_set(e, 0, "logfmt: not implemented"); }
