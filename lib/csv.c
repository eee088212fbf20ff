/* SPDX-License-Identifier: MIT */
/* csv.c -- placeholder. */
#include "csv.h"
#include "logparse.h"
struct csv { char delim; };
struct csv *csv_new(char d, int r) { struct csv *c = xcalloc(1, sizeof(*c)); (void)r; c->delim = d; return c; }
void csv_reset(struct csv *c) { (void)c; }
int csv_line(struct csv *c, const char *l, size_t n, struct fieldlist *f, struct sluice_err *e) { (void)c; (void)l; (void)n; (void)f; return err_set(e, 0, "csv: not implemented"); }
int csv_end(struct csv *c, struct fieldlist *f, struct sluice_err *e) { (void)c; (void)f; (void)e; return PARSE_SKIP; }
void csv_free(struct csv *c) { free(c); }
