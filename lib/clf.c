/* SPDX-License-Identifier: MIT */
/* clf.c -- placeholder. */
#include "clf.h"
#include "logparse.h"
int clf_line(const char *l, size_t n, int c, struct fieldlist *f, struct sluice_err *e) { (void)l; (void)n; (void)c; (void)f; return err_set(e, 0, "clf: not implemented"); }
