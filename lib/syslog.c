/* SPDX-License-Identifier: MIT */
/* syslog.c -- placeholder. */
#include "syslog.h"
#include "logparse.h"
struct syslog { int year; };
struct syslog *syslog_new(int y, const struct tzspec *tz) { struct syslog *s = xcalloc(1, sizeof(*s)); (void)tz; s->year = y; return s; }
void syslog_reset(struct syslog *s, int64_t r) { (void)s; (void)r; }
int syslog_line(struct syslog *s, const char *l, size_t n, struct fieldlist *f, struct sluice_err *e) { (void)s; (void)l; (void)n; (void)f; return err_set(e, 0, "syslog: not implemented"); }
void syslog_free(struct syslog *s) { free(s); }
